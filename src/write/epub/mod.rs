//! The EPUB 3 writer (issue 7): a lesson, or a whole course as one book,
//! that passes EPUBCheck 5 with no message and reads on any reading system
//! (no JavaScript needed: code is coloured and math typeset at build time).
//!
//! The book is built in this order, each step in its own module:
//!
//! 1. [`book`], [`split`]: each part (the lesson; or the course index and
//!    each lesson) is cut into chapters per `split: lesson|section`: runs
//!    of its root's children, borrowed, not copied.
//! 2. [`assets`]: the images they use are read, typed from their bytes and
//!    given package paths (a missing one is a warning and a placeholder).
//! 3. [`body`]: each chapter is rendered to XHTML body markup (the HTML
//!    writer's body renderer, behind this one seam), every image given a
//!    text alternative; the renderer notes the ids and links it writes.
//! 4. [`links`]: from those, local and cross-lesson links are pointed at
//!    the chapter file holding their target.
//! 5. [`xhtml`], [`nav`], [`cover`], [`css`]: the content documents, the
//!    navigation document and NCX, the cover, the stylesheet.
//! 6. [`metadata`], [`package`]: the package document, with an identifier
//!    derived from the content and `dcterms:modified` from the build
//!    timestamp (`SOURCE_DATE_EPOCH`).
//! 7. [`container`]: the zip, `mimetype` first, fixed order and dates.
//!
//! Same input, same bytes: nothing here reads the clock or iterates a hash
//! map.

mod assets;
mod body;
mod book;
mod container;
mod cover;
mod css;
mod links;
mod metadata;
mod nav;
mod package;
mod split;
mod xhtml;
mod xml;

use std::path::Path;

use crate::course::Course;
use crate::diag::{Diagnostic, Severity};
use crate::ir::Document;
use crate::style::{EpubStyle, Style};
use crate::write::{Artifact, BuildInfo, Format, Writer};

use assets::{Assets, PackagedFile, place_of};
use body::{ChapterHooks, RenderedBody, render_chapter_body};
use book::{BookSource, Chapter};
use container::Entry;
use links::LinkTargets;
use metadata::BookMetadata;
use nav::NavPoint;
use package::{Accessibility, ManifestItem, SpineItem};
use xhtml::Page;

/// The folder of the package inside the container.
const PACKAGE_DIR: &str = "EPUB";
/// Package paths (relative to [`PACKAGE_DIR`]).
const PACKAGE_FILE: &str = "package.opf";
const NAV_FILE: &str = "nav.xhtml";
const NCX_FILE: &str = "toc.ncx";
const CSS_FILE: &str = "book.css";
const COVER_FILE: &str = "cover.xhtml";
const XHTML_TYPE: &str = "application/xhtml+xml";
const NCX_TYPE: &str = "application/x-dtbncx+xml";

/// Writes EPUB 3 books.
pub struct EpubWriter;

impl Writer for EpubWriter {
    fn format(&self) -> Format {
        Format::Epub
    }

    /// One lesson as a book.
    fn write(&self, doc: &Document, style: &Style, build: &BuildInfo) -> Artifact {
        build_epub(&BookSource::from_lesson(doc, build), &style.epub, build)
    }

    /// A course as one book: the index, then a chapter (or chapters) per
    /// lesson in toctree order, one navigation nested lesson → sections.
    fn write_book(&self, course: &Course, style: &Style, build: &BuildInfo) -> Artifact {
        let book = BookSource::from_course(course, &style.epub, build);
        build_epub(&book, &style.epub, build)
    }
}

/// A package file as a container entry.
fn entry(href: &str, bytes: Vec<u8>, media_type: &str) -> Entry {
    let compressed_already = matches!(
        media_type,
        "image/png" | "image/jpeg" | "image/gif" | "image/webp" | "font/woff" | "font/woff2"
    );
    Entry {
        path: format!("{PACKAGE_DIR}/{href}"),
        bytes,
        compress: !compressed_already,
    }
}

/// Package the images of every part, then render every chapter's body.
fn render_bodies(
    book: &BookSource,
    chapters: &[Chapter],
    style: &EpubStyle,
    assets: &mut Assets,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<RenderedBody> {
    let parts: Vec<(&Path, &Document)> = book
        .parts
        .iter()
        .map(|part| (part.base_dir.as_path(), part.doc))
        .collect();
    let images = assets::package_images(&parts, &book.root_dir, assets, diagnostics);
    let downloads = assets::existing_downloads(&parts);
    let link_for_doc = |doc: &str, id: Option<&str>| links::doc_link(doc, id);
    let mut bodies = Vec::with_capacity(chapters.len());
    for chapter in chapters {
        let image_src = |uri: &str| {
            images
                .sources
                .get(&(chapter.part, uri.to_string()))
                .cloned()
                .flatten()
        };
        let hooks = ChapterHooks {
            style,
            link_for_doc: &link_for_doc,
            image_src: &image_src,
        };
        let mut rendered = render_chapter_body(chapter, &hooks);
        // Unpackaged images were reported once, with the reason, above.
        diagnostics.extend(
            std::mem::take(&mut rendered.diagnostics)
                .into_iter()
                .filter(|d| {
                    let place = place_of(d);
                    !(d.code == "missing-image" && images.reported.contains(&place)
                        || d.code == "missing-download" && downloads.contains(&place))
                }),
        );
        bodies.push(rendered);
    }
    bodies
}

/// The content documents: manifest items and container entries.
struct ContentDocuments {
    items: Vec<ManifestItem>,
    entries: Vec<Entry>,
    has_mathml: bool,
}

/// Each chapter's body in its XHTML page, with its manifest properties
/// (`mathml`, `svg`: EPUB 3.3 §5.6.2.3 requires them when present).
fn content_documents(
    book: &BookSource,
    chapters: &[Chapter],
    bodies: &[String],
    lang: &str,
) -> ContentDocuments {
    let mut docs = ContentDocuments {
        items: Vec::with_capacity(chapters.len()),
        entries: Vec::with_capacity(chapters.len()),
        has_mathml: false,
    };
    for (chapter, markup) in chapters.iter().zip(bodies) {
        let part_title = book
            .parts
            .get(chapter.part)
            .map(|p| p.title.as_str())
            .unwrap_or(&book.title);
        let title = book::chapter_title(chapter, part_title);
        let page = Page {
            title: &title,
            lang,
            stylesheet: CSS_FILE,
            body_class: "",
        };
        let mut properties = Vec::new();
        if markup.contains("<math") {
            properties.push("mathml");
            docs.has_mathml = true;
        }
        if markup.contains("<svg") {
            properties.push("svg");
        }
        docs.items.push(ManifestItem {
            id: chapter.id.clone(),
            href: chapter.file.clone(),
            media_type: XHTML_TYPE.to_string(),
            properties,
        });
        let bytes = xhtml::content_document(&page, markup);
        docs.entries.push(entry(&chapter.file, bytes, XHTML_TYPE));
    }
    docs
}

/// The stylesheet, with the style's fonts embedded.
fn stylesheet(
    book: &BookSource,
    style: &EpubStyle,
    assets: &mut Assets,
    diagnostics: &mut Vec<Diagnostic>,
) -> String {
    let mut faces = Vec::new();
    for font in &style.embed_fonts {
        match assets.add_font(&book.root_dir.join(&font.file)) {
            Ok(href) => faces.push(css::FontFace {
                family: font.family.clone(),
                weight: font.weight.clone(),
                style: font.style.clone(),
                href,
            }),
            Err(e) => diagnostics.push(Diagnostic::global(
                Severity::Warning,
                "epub-font",
                format!("font not embedded: {e}"),
            )),
        }
    }
    css::stylesheet(style, &faces)
}

/// The cover: its image and its page.
struct Cover {
    image: PackagedFile,
    page: Vec<u8>,
}

/// The cover image (the style's, or one drawn from the title) and the
/// page showing it.
fn make_cover(
    book: &BookSource,
    style: &EpubStyle,
    lang: &str,
    assets: &mut Assets,
    diagnostics: &mut Vec<Diagnostic>,
) -> Cover {
    let image = cover_image(book, style, lang, assets, diagnostics);
    let page = Page {
        title: &book.title,
        lang,
        stylesheet: CSS_FILE,
        body_class: "cover",
    };
    let alt = format!("Cover: {}", book.title);
    Cover {
        page: cover::cover_page(&page, &image.href, &alt),
        image,
    }
}

/// The navigation document, with landmarks for the cover, the table of
/// contents and the start of the content.
fn navigation_document(
    book: &BookSource,
    lang: &str,
    toc: &[NavPoint],
    has_cover: bool,
    first: Option<&Chapter>,
) -> Vec<u8> {
    let mut landmarks: Vec<nav::Landmark> = Vec::new();
    if has_cover {
        landmarks.push(("cover", "Cover", COVER_FILE.to_string()));
    }
    landmarks.push(("toc", "Contents", format!("{NAV_FILE}#toc")));
    if let Some(first) = first {
        landmarks.push(("bodymatter", "Start of content", first.file.clone()));
    }
    let page = Page {
        title: &book.title,
        lang,
        stylesheet: CSS_FILE,
        body_class: "",
    };
    let labels = nav::NavLabels {
        contents: "Contents",
        landmarks: "Landmarks",
    };
    nav::nav_document(&page, &labels, toc, &landmarks)
}

/// The manifest (package files, cover, chapters, assets) and the spine
/// (cover, contents, chapters).
fn manifest_and_spine(
    content: &ContentDocuments,
    assets: &Assets,
    cover: Option<&Cover>,
) -> (Vec<ManifestItem>, Vec<SpineItem>) {
    let item =
        |id: &str, href: &str, media_type: &str, properties: Vec<&'static str>| ManifestItem {
            id: id.to_string(),
            href: href.to_string(),
            media_type: media_type.to_string(),
            properties,
        };
    let mut manifest = vec![
        item("nav", NAV_FILE, XHTML_TYPE, vec!["nav"]),
        item("ncx", NCX_FILE, NCX_TYPE, vec![]),
        item("css", CSS_FILE, "text/css", vec![]),
    ];
    let linear = |idref: &str| SpineItem {
        idref: idref.to_string(),
        linear: true,
    };
    let mut spine = Vec::new();
    if let Some(cover) = cover {
        let image = &cover.image;
        manifest.push(item("cover", COVER_FILE, XHTML_TYPE, vec![]));
        manifest.push(item(
            &image.id,
            &image.href,
            image.media_type,
            vec!["cover-image"],
        ));
        spine.push(linear("cover"));
    }
    spine.push(linear("nav"));
    manifest.extend(content.items.iter().cloned());
    spine.extend(content.items.iter().map(|c| linear(&c.id)));
    for file in assets.files() {
        manifest.push(item(&file.id, &file.href, file.media_type, vec![]));
    }
    (manifest, spine)
}

/// Build the EPUB file of `book`.
fn build_epub(book: &BookSource, style: &EpubStyle, build: &BuildInfo) -> Artifact {
    let mut diagnostics = Vec::new();
    let lang = book::book_language(style, &mut diagnostics);

    // Parts, chapters, bodies, links.
    let chapters = book::plan_chapters(book, style.split);
    let first_chapters = book::first_chapters(&chapters, book.parts.len());
    let mut assets = Assets::default();
    let rendered = render_bodies(book, &chapters, style, &mut assets, &mut diagnostics);
    let (bodies, mut found) = links::landmarks(&chapters, rendered, &mut diagnostics);
    let ids = links::index_ids(&chapters, &mut found);
    let targets = LinkTargets::new(book, &chapters, &ids, &first_chapters);
    let linked = links::link_chapters(&chapters, &bodies, &found, &targets, &mut diagnostics);

    // The files around them.
    let content = content_documents(book, &chapters, &linked, &lang);
    let toc = book::table_of_contents(book, &chapters, &first_chapters, &ids, style.toc_depth);
    let stylesheet = stylesheet(book, style, &mut assets, &mut diagnostics);
    let cover = style
        .title_page
        .enabled
        .then(|| make_cover(book, style, &lang, &mut assets, &mut diagnostics));
    let nav_bytes = navigation_document(book, &lang, &toc, cover.is_some(), chapters.first());

    // The package document.
    let book_meta = metadata::book_metadata(
        book.title.clone(),
        book.subtitle.clone(),
        &book.info,
        &book.fallback_authors,
        style,
        lang.clone(),
    );
    let identifier = match &book_meta.identifier {
        Some(id) => id.clone(),
        None => content_identifier(
            &book_meta,
            &content.entries,
            &assets,
            &stylesheet,
            cover.as_ref().map(|c| &c.image),
            &nav_bytes,
        ),
    };
    let ncx_bytes = nav::ncx(&identifier, &book.title, &lang, &toc);
    let (manifest, spine) = manifest_and_spine(&content, &assets, cover.as_ref());
    let accessibility = Accessibility {
        has_images: assets.has_images(),
        has_mathml: content.has_mathml,
        summary: style.accessibility_summary.clone(),
    };
    let modified = metadata::modified_date(build.timestamp);
    let opf = package::package_document(&package::Package {
        metadata: &book_meta,
        identifier: &identifier,
        modified: &modified,
        accessibility: &accessibility,
        manifest: &manifest,
        spine: &spine,
        ncx_id: "ncx",
        cover_image_id: cover.as_ref().map(|c| c.image.id.as_str()),
    });

    // The container, in manifest order.
    let mut entries = vec![
        Entry {
            path: "META-INF/container.xml".into(),
            bytes: package::container_xml(&format!("{PACKAGE_DIR}/{PACKAGE_FILE}")),
            compress: true,
        },
        entry(PACKAGE_FILE, opf, "application/oebps-package+xml"),
        entry(NAV_FILE, nav_bytes, XHTML_TYPE),
        entry(NCX_FILE, ncx_bytes, NCX_TYPE),
        entry(CSS_FILE, stylesheet.into_bytes(), "text/css"),
    ];
    if let Some(cover) = cover {
        entries.push(entry(COVER_FILE, cover.page, XHTML_TYPE));
        let image = cover.image;
        entries.push(entry(&image.href, image.bytes, image.media_type));
    }
    entries.extend(content.entries);
    for file in assets.files() {
        entries.push(entry(&file.href, file.bytes.clone(), file.media_type));
    }
    let bytes = match container::write_container(&entries, build.timestamp) {
        Ok(bytes) => bytes,
        Err(e) => {
            diagnostics.push(Diagnostic::global(
                Severity::Severe,
                "epub-container",
                e.to_string(),
            ));
            Vec::new()
        }
    };
    Artifact {
        bytes,
        resources: Vec::new(),
        diagnostics,
    }
}

/// The cover image: the style's, or one drawn from the title.
fn cover_image(
    book: &BookSource,
    style: &EpubStyle,
    lang: &str,
    assets: &mut Assets,
    diagnostics: &mut Vec<Diagnostic>,
) -> PackagedFile {
    let configured = style.cover_image.trim();
    if !configured.is_empty() {
        match assets.add_cover_image(&book.root_dir.join(configured)) {
            Ok(file) => return file,
            Err(e) => diagnostics.push(Diagnostic::global(
                Severity::Warning,
                "epub-cover",
                format!("cover image not used, a cover is drawn instead: {e}"),
            )),
        }
    }
    let authors = if style.title_page.show_docinfo {
        let mut a = book.info.authors.clone();
        if a.is_empty() {
            a = book.fallback_authors.clone();
        }
        a
    } else {
        Vec::new()
    };
    let svg = cover::cover_svg(&cover::CoverText {
        title: &book.title,
        subtitle: book.subtitle.as_deref(),
        authors: &authors,
        lang,
        background: &style.colors.heading,
        foreground: &style.colors.background,
        font_family: &style.fonts.heading,
    });
    PackagedFile {
        id: "cover-image".into(),
        href: "cover.svg".into(),
        media_type: "image/svg+xml",
        bytes: svg,
    }
}

/// The `urn:uuid:` of the book from everything it contains except the
/// build date (and the files that quote the identifier itself).
fn content_identifier(
    meta: &BookMetadata,
    chapters: &[Entry],
    assets: &Assets,
    stylesheet: &str,
    cover: Option<&PackagedFile>,
    nav: &[u8],
) -> String {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut field = |name: &str, bytes: &[u8]| {
        hasher.update(&(name.len() as u64).to_le_bytes());
        hasher.update(name.as_bytes());
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    field("metadata", format!("{meta:?}").as_bytes());
    for chapter in chapters {
        field(&chapter.path, &chapter.bytes);
    }
    for file in assets.files() {
        field(&file.href, &file.bytes);
    }
    field("css", stylesheet.as_bytes());
    if let Some(c) = cover {
        field(&c.href, &c.bytes);
    }
    field("nav", nav);
    metadata::content_uuid(&hasher)
}
