//! The EPUB 3 writer (issue 7): a lesson, or a whole course as one book,
//! that passes EPUBCheck 5 with no message and reads on any reading system
//! (no JavaScript needed: code is coloured and math typeset at build time).
//!
//! The book is built in this order, each step in its own module:
//!
//! 1. [`split`]: each part (the lesson; or the course index and each
//!    lesson) is copied, its images given alt text, and cut into chapter
//!    documents per `split: lesson|section`.
//! 2. [`assets`]: the images they use are read, typed from their bytes and
//!    given package paths (a missing one is a warning and a placeholder).
//! 3. [`body`]: each chapter is rendered to XHTML body markup (the HTML
//!    writer's body renderer, behind this one seam).
//! 4. [`links`]: local and cross-lesson links are pointed at the chapter
//!    file holding their target.
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

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::course::Course;
use crate::diag::{Diagnostic, FileId, Severity};
use crate::ir::{Document, Element, Kind};
use crate::style::{EpubStyle, Style};
use crate::write::{Artifact, BuildInfo, Format, Writer};

use assets::{Assets, PackagedFile};
use body::{ChapterHooks, render_chapter_body};
use container::Entry;
use links::{DOC_LINK_SCHEME, LinkFix};
use metadata::{BookMetadata, DocInfo, normalize_space};
use nav::NavPoint;
use package::{Accessibility, ManifestItem, SpineItem};
use split::{SectionEntry, section_tree};
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

/// Writes EPUB 3 books.
pub struct EpubWriter;

impl Writer for EpubWriter {
    fn format(&self) -> Format {
        Format::Epub
    }

    /// One lesson as a book.
    fn write(&self, doc: &Document, style: &Style, build: &BuildInfo) -> Artifact {
        let docname = build
            .nav
            .map(|n| n.docname.clone())
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| build.output_stem.clone());
        let title = doc
            .title()
            .map(|t| normalize_space(&t))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| build.output_stem.clone());
        let book = BookSource {
            parts: vec![PartSource {
                docname,
                title: title.clone(),
                doc,
                base_dir: build.source_dir.clone(),
                nav_entry: false,
            }],
            title,
            subtitle: subtitle_of(doc),
            info: metadata::docinfo_of(doc),
            fallback_authors: Vec::new(),
            root_dir: build.source_dir.clone(),
        };
        build_epub(&book, &style.epub, build)
    }

    /// A course as one book: the index, then a chapter (or chapters) per
    /// lesson in toctree order, one navigation nested lesson → sections.
    fn write_book(&self, course: &Course, style: &Style, build: &BuildInfo) -> Artifact {
        let mut parts = vec![PartSource {
            docname: "index".to_string(),
            title: Some(normalize_space(&course.title))
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| "index".to_string()),
            doc: &course.index,
            base_dir: course.root.clone(),
            nav_entry: true,
        }];
        let mut fallback_authors = Vec::new();
        for lesson in &course.lessons {
            let base_dir = Path::new(&lesson.docname)
                .parent()
                .map(|p| course.root.join(p))
                .unwrap_or_else(|| course.root.clone());
            parts.push(PartSource {
                docname: lesson.docname.clone(),
                title: Some(normalize_space(&lesson.title))
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| lesson.docname.clone()),
                doc: &lesson.doc,
                base_dir,
                nav_entry: true,
            });
            fallback_authors.extend(metadata::docinfo_of(&lesson.doc).authors);
        }
        metadata::dedup_in_order(&mut fallback_authors);
        let subtitle = Some(style.epub.title_page.subtitle.trim().to_string())
            .filter(|s| !s.is_empty())
            .or_else(|| subtitle_of(&course.index));
        let title = Some(normalize_space(&course.title))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| build.output_stem.clone());
        let book = BookSource {
            parts,
            title,
            subtitle,
            info: metadata::docinfo_of(&course.index),
            fallback_authors,
            root_dir: course.root.clone(),
        };
        build_epub(&book, &style.epub, build)
    }
}

/// The document's subtitle, if it has one.
fn subtitle_of(doc: &Document) -> Option<String> {
    doc.root
        .first_child(Kind::Subtitle)
        .map(|s| normalize_space(&s.text_content()))
        .filter(|s| !s.is_empty())
}

/// One part of a book: the single lesson, or the course index or a lesson.
struct PartSource<'a> {
    /// The doc name `refdoc` references use.
    docname: String,
    title: String,
    doc: &'a Document,
    /// Images are relative to this folder.
    base_dir: PathBuf,
    /// Whether the part is an entry of the table of contents with its
    /// sections below it (a course's lessons), or its sections are the top
    /// level (a single lesson).
    nav_entry: bool,
}

/// What a book is made of.
struct BookSource<'a> {
    parts: Vec<PartSource<'a>>,
    title: String,
    subtitle: Option<String>,
    /// The main document's docinfo (the lesson's, or the course index's).
    info: DocInfo,
    /// Authors to use when the main docinfo names none (the lessons').
    fallback_authors: Vec<String>,
    /// The folder of the book: the cover image and fonts are relative to it.
    root_dir: PathBuf,
}

/// A content document of the book.
struct Chapter {
    part: usize,
    /// `chapter-N.xhtml`.
    file: String,
    /// Manifest id, `chapter-N`.
    id: String,
    doc: Document,
    front: bool,
}

/// The book language: the style's, if it is a valid BCP 47 tag.
fn book_language(style: &EpubStyle, diagnostics: &mut Vec<Diagnostic>) -> String {
    let lang = style.language.trim();
    if metadata::is_language_tag(lang) {
        return lang.to_string();
    }
    if !lang.is_empty() {
        diagnostics.push(Diagnostic::global(
            Severity::Warning,
            "epub-language",
            format!("style language \"{lang}\" is not a BCP 47 language tag: \"en\" is used"),
        ));
    }
    "en".to_string()
}

/// A chapter's title for its `<title>`: its first section's title, or the
/// part's.
fn chapter_title(chapter: &Chapter, part_title: &str) -> String {
    if !chapter.front
        && let Some(section) = chapter.doc.root.first_child(Kind::Section)
        && let Some(title) = section.first_child(Kind::Title)
    {
        let text = normalize_space(&title.text_content());
        if !text.is_empty() {
            return text;
        }
    }
    part_title.to_string()
}

/// Where a diagnostic points: file, line, column.
type Place = (String, u32, u32);

fn place_of(diagnostic: &Diagnostic) -> Place {
    (diagnostic.file.to_string(), diagnostic.line, diagnostic.col)
}

/// The images of a book: package path per (part, uri), and the places of
/// those that could not be packaged (already reported).
#[derive(Default)]
struct PackagedImages {
    sources: BTreeMap<(usize, String), Option<String>>,
    reported: BTreeSet<Place>,
}

/// Package every image of every part, in document order; report those that
/// cannot be packaged where they are used, saying why.
fn package_images(
    parts: &[(PathBuf, &Document)],
    root_dir: &Path,
    assets: &mut Assets,
    diagnostics: &mut Vec<Diagnostic>,
) -> PackagedImages {
    let mut images_of_book = PackagedImages::default();
    for (pi, (base_dir, doc)) in parts.iter().enumerate() {
        let mut images: Vec<&Element> = Vec::new();
        doc.root.walk(&mut |e| {
            if e.kind == Kind::Image {
                images.push(e);
            }
        });
        for image in images {
            let uri = image.attrs.str("uri").unwrap_or("").to_string();
            let result = assets.add_image(&uri, base_dir, root_dir);
            if let Err(e) = &result {
                let diagnostic = Diagnostic::new(
                    Severity::Warning,
                    "epub-image",
                    doc.sources.name(image.span.file),
                    image.span.line,
                    image.span.col,
                    format!("image not packaged, a placeholder is shown: {e}"),
                );
                images_of_book.reported.insert(place_of(&diagnostic));
                diagnostics.push(diagnostic);
            }
            images_of_book
                .sources
                .entry((pi, uri))
                .or_insert(result.ok());
        }
    }
    images_of_book
}

/// The places of `:download:` references whose file exists: an EPUB shows
/// them unlinked by design, so the renderer's "not found" is not reported.
fn existing_downloads(parts: &[(PathBuf, &Document)]) -> BTreeSet<Place> {
    let mut places = BTreeSet::new();
    for (base_dir, doc) in parts {
        doc.root.walk(&mut |e| {
            if e.kind != Kind::DownloadReference {
                return;
            }
            let target = e.attrs.str("reftarget").unwrap_or("");
            if !target.is_empty() && base_dir.join(target).is_file() {
                places.insert((
                    doc.sources.name(e.span.file).to_string(),
                    e.span.line,
                    e.span.col,
                ));
            }
        });
    }
    places
}

/// Where each id of each part is: (part, id) → chapter index.
fn index_ids(
    chapters: &[Chapter],
    bodies: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<(usize, String), usize> {
    let mut ids = BTreeMap::new();
    for (ci, (chapter, markup)) in chapters.iter().zip(bodies).enumerate() {
        match links::collect_ids(markup) {
            Ok(found) => {
                for id in found {
                    ids.entry((chapter.part, id)).or_insert(ci);
                }
            }
            Err(e) => diagnostics.push(Diagnostic::new(
                Severity::Error,
                "epub-markup",
                chapter.doc.sources.name(FileId(0)),
                0,
                0,
                format!("{}: {e}", chapter.file),
            )),
        }
    }
    ids
}

/// Table-of-contents entries for sections, each pointing at the chapter
/// holding its anchor.
fn section_points(
    entries: &[SectionEntry],
    part: usize,
    fallback_file: &str,
    chapters: &[Chapter],
    ids: &BTreeMap<(usize, String), usize>,
) -> Vec<NavPoint> {
    entries
        .iter()
        .map(|entry| {
            let target = entry
                .id
                .as_ref()
                .and_then(|id| ids.get(&(part, id.clone())).map(|&c| (c, id)));
            let href = match target.and_then(|(c, id)| chapters.get(c).map(|ch| (ch, id))) {
                Some((chapter, id)) => format!("{}#{id}", chapter.file),
                None => fallback_file.to_string(),
            };
            NavPoint {
                label: entry.title.clone(),
                href,
                children: section_points(&entry.children, part, fallback_file, chapters, ids),
            }
        })
        .collect()
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

/// Build the EPUB file of `book`.
fn build_epub(book: &BookSource, style: &EpubStyle, build: &BuildInfo) -> Artifact {
    let mut diagnostics = Vec::new();
    let lang = book_language(style, &mut diagnostics);

    // 1. Parts copied (alt text filled in) and cut into chapters.
    let prepared: Vec<(PathBuf, Document)> = book
        .parts
        .iter()
        .map(|part| {
            let mut doc = part.doc.clone();
            split::ensure_alt_text(&mut doc, &mut diagnostics);
            (part.base_dir.clone(), doc)
        })
        .collect();
    let mut chapters: Vec<Chapter> = Vec::new();
    for (pi, (_, doc)) in prepared.iter().enumerate() {
        for piece in split::split_document(doc, style.split) {
            let n = chapters.len() + 1;
            chapters.push(Chapter {
                part: pi,
                file: format!("chapter-{n}.xhtml"),
                id: format!("chapter-{n}"),
                doc: piece.doc,
                front: piece.front,
            });
        }
    }

    // 2. Images.
    let mut assets = Assets::default();
    let part_docs: Vec<(PathBuf, &Document)> = prepared
        .iter()
        .map(|(dir, doc)| (dir.clone(), doc))
        .collect();
    let images = package_images(&part_docs, &book.root_dir, &mut assets, &mut diagnostics);
    let downloads = existing_downloads(&part_docs);

    // 3. Bodies.
    let link_for_doc = |doc: &str, id: Option<&str>| links::doc_link(doc, id);
    let mut bodies: Vec<String> = Vec::with_capacity(chapters.len());
    for chapter in &chapters {
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
        let rendered = render_chapter_body(&chapter.doc, &hooks);
        // Images are reported once, with the reason, by `package_images`.
        diagnostics.extend(rendered.diagnostics.into_iter().filter(|d| {
            let place = place_of(d);
            !(d.code == "missing-image" && images.reported.contains(&place)
                || d.code == "missing-download" && downloads.contains(&place))
        }));
        bodies.push(rendered.markup);
    }

    // 4. Links.
    let ids = index_ids(&chapters, &bodies, &mut diagnostics);
    let part_by_name: BTreeMap<&str, usize> = book
        .parts
        .iter()
        .enumerate()
        .map(|(i, p)| (p.docname.as_str(), i))
        .collect();
    // The first chapter of each part (every part has at least one).
    let mut first_chapters: Vec<Option<usize>> = vec![None; book.parts.len()];
    for (ci, chapter) in chapters.iter().enumerate() {
        if let Some(slot @ None) = first_chapters.get_mut(chapter.part) {
            *slot = Some(ci);
        }
    }
    let first_chapter_of = |part: usize| first_chapters.get(part).copied().flatten();
    let mut linked: Vec<String> = Vec::with_capacity(bodies.len());
    for (ci, (chapter, markup)) in chapters.iter().zip(&bodies).enumerate() {
        let mut dangling: Vec<String> = Vec::new();
        let href_in = |target: usize, id: &str| -> String {
            if target == ci {
                format!("#{id}")
            } else {
                let file = chapters.get(target).map(|c| c.file.as_str()).unwrap_or("");
                format!("{file}#{id}")
            }
        };
        let mut fix = |href: &str| -> LinkFix {
            if let Some(id) = href.strip_prefix('#') {
                return match ids.get(&(chapter.part, id.to_string())) {
                    Some(&target) if target == ci => LinkFix::Keep,
                    Some(&target) => LinkFix::Replace(href_in(target, id)),
                    None => {
                        dangling.push(href.to_string());
                        LinkFix::Drop
                    }
                };
            }
            let Some(rest) = href.strip_prefix(DOC_LINK_SCHEME) else {
                return LinkFix::Keep;
            };
            let (docname, id) = match rest.split_once('#') {
                Some((d, i)) => (d, Some(i)),
                None => (rest, None),
            };
            // A lesson outside this book (a single lesson's EPUB linking to
            // its course): the text stays, unlinked.
            let Some(&part) = part_by_name.get(docname) else {
                return LinkFix::Drop;
            };
            if let Some(&target) = id.and_then(|i| ids.get(&(part, i.to_string()))) {
                return LinkFix::Replace(href_in(target, id.unwrap_or("")));
            }
            match first_chapter_of(part).and_then(|c| chapters.get(c)) {
                Some(first) => LinkFix::Replace(first.file.clone()),
                None => LinkFix::Drop,
            }
        };
        let rewritten = links::rewrite_links(markup, &mut fix);
        match rewritten {
            Ok(text) => linked.push(text),
            Err(e) => {
                diagnostics.push(Diagnostic::new(
                    Severity::Error,
                    "epub-markup",
                    chapter.doc.sources.name(FileId(0)),
                    0,
                    0,
                    format!("{}: {e}", chapter.file),
                ));
                linked.push(markup.clone());
            }
        }
        dangling.sort();
        dangling.dedup();
        for href in dangling {
            diagnostics.push(Diagnostic::new(
                Severity::Warning,
                "epub-dangling-link",
                chapter.doc.sources.name(FileId(0)),
                0,
                0,
                format!("link to \"{href}\" has no target in the book: it is shown unlinked"),
            ));
        }
    }

    // 5. Content documents.
    let mut manifest: Vec<ManifestItem> = Vec::new();
    let mut chapter_entries: Vec<Entry> = Vec::new();
    let mut has_mathml = false;
    for (chapter, markup) in chapters.iter().zip(&linked) {
        let part_title = book
            .parts
            .get(chapter.part)
            .map(|p| p.title.as_str())
            .unwrap_or(&book.title);
        let title = chapter_title(chapter, part_title);
        let page = Page {
            title: if title.is_empty() {
                &book.title
            } else {
                &title
            },
            lang: &lang,
            stylesheet: CSS_FILE,
            body_class: "",
        };
        let bytes = xhtml::content_document(&page, markup);
        let mut properties = Vec::new();
        if markup.contains("<math") {
            properties.push("mathml");
            has_mathml = true;
        }
        if markup.contains("<svg") {
            properties.push("svg");
        }
        manifest.push(ManifestItem {
            id: chapter.id.clone(),
            href: chapter.file.clone(),
            media_type: XHTML_TYPE.to_string(),
            properties,
        });
        chapter_entries.push(entry(&chapter.file, bytes, XHTML_TYPE));
    }

    // Navigation: parts and their sections.
    let depth = style.toc_depth.max(1);
    let mut toc: Vec<NavPoint> = Vec::new();
    for (pi, (part, (_, doc))) in book.parts.iter().zip(&prepared).enumerate() {
        let Some(first) = first_chapter_of(pi).and_then(|c| chapters.get(c)) else {
            continue;
        };
        if part.nav_entry {
            let sections = section_tree(&doc.root, depth - 1);
            toc.push(NavPoint {
                label: part.title.clone(),
                href: first.file.clone(),
                children: section_points(&sections, pi, &first.file, &chapters, &ids),
            });
        } else {
            if first.front {
                toc.push(NavPoint {
                    label: part.title.clone(),
                    href: first.file.clone(),
                    children: Vec::new(),
                });
            }
            let sections = section_tree(&doc.root, depth);
            toc.extend(section_points(&sections, pi, &first.file, &chapters, &ids));
        }
    }

    // Stylesheet and fonts.
    let mut font_faces = Vec::new();
    for font in &style.embed_fonts {
        match assets.add_font(&book.root_dir.join(&font.file)) {
            Ok(href) => font_faces.push(css::FontFace {
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
    let stylesheet = css::stylesheet(style, &font_faces);

    // Cover.
    let cover_image = if style.title_page.enabled {
        Some(cover_image(
            book,
            style,
            &lang,
            &mut assets,
            &mut diagnostics,
        ))
    } else {
        None
    };
    let cover_bytes = cover_image.as_ref().map(|image| {
        let page = Page {
            title: &book.title,
            lang: &lang,
            stylesheet: CSS_FILE,
            body_class: "cover",
        };
        let alt = format!("Cover: {}", book.title);
        cover::cover_page(&page, &image.href, &alt)
    });

    // Navigation document and landmarks.
    let mut landmarks: Vec<nav::Landmark> = Vec::new();
    if cover_bytes.is_some() {
        landmarks.push(("cover", "Cover", COVER_FILE.to_string()));
    }
    landmarks.push(("toc", "Contents", format!("{NAV_FILE}#toc")));
    if let Some(first) = chapters.first() {
        landmarks.push(("bodymatter", "Start of content", first.file.clone()));
    }
    let nav_page = Page {
        title: &book.title,
        lang: &lang,
        stylesheet: CSS_FILE,
        body_class: "",
    };
    let labels = nav::NavLabels {
        contents: "Contents",
        landmarks: "Landmarks",
    };
    let nav_bytes = nav::nav_document(&nav_page, &labels, &toc, &landmarks);

    // Metadata and identifier.
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
            &chapter_entries,
            &assets,
            &stylesheet,
            cover_image.as_ref(),
            &nav_bytes,
        ),
    };
    let ncx_bytes = nav::ncx(&identifier, &book.title, &lang, &toc);

    // Manifest and spine.
    let mut head_items = vec![
        ManifestItem {
            id: "nav".into(),
            href: NAV_FILE.into(),
            media_type: XHTML_TYPE.into(),
            properties: vec!["nav"],
        },
        ManifestItem {
            id: "ncx".into(),
            href: NCX_FILE.into(),
            media_type: "application/x-dtbncx+xml".into(),
            properties: vec![],
        },
        ManifestItem {
            id: "css".into(),
            href: CSS_FILE.into(),
            media_type: "text/css".into(),
            properties: vec![],
        },
    ];
    let mut spine: Vec<SpineItem> = Vec::new();
    if let (Some(image), Some(_)) = (&cover_image, &cover_bytes) {
        head_items.push(ManifestItem {
            id: "cover".into(),
            href: COVER_FILE.into(),
            media_type: XHTML_TYPE.into(),
            properties: vec![],
        });
        head_items.push(ManifestItem {
            id: image.id.clone(),
            href: image.href.clone(),
            media_type: image.media_type.into(),
            properties: vec!["cover-image"],
        });
        spine.push(SpineItem {
            idref: "cover".into(),
            linear: true,
        });
    }
    spine.push(SpineItem {
        idref: "nav".into(),
        linear: true,
    });
    spine.extend(chapters.iter().map(|c| SpineItem {
        idref: c.id.clone(),
        linear: true,
    }));
    head_items.append(&mut manifest);
    let mut manifest = head_items;
    for file in assets.files() {
        manifest.push(ManifestItem {
            id: file.id.clone(),
            href: file.href.clone(),
            media_type: file.media_type.into(),
            properties: vec![],
        });
    }
    let accessibility = Accessibility {
        has_images: assets.has_images(),
        has_mathml,
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
        cover_image_id: cover_image.as_ref().map(|c| c.id.as_str()),
    });

    // 7. The container.
    let mut entries = vec![
        Entry {
            path: "META-INF/container.xml".into(),
            bytes: package::container_xml(&format!("{PACKAGE_DIR}/{PACKAGE_FILE}")),
            compress: true,
        },
        entry(PACKAGE_FILE, opf, "application/oebps-package+xml"),
        entry(NAV_FILE, nav_bytes, XHTML_TYPE),
        entry(NCX_FILE, ncx_bytes, "application/x-dtbncx+xml"),
        entry(CSS_FILE, stylesheet.into_bytes(), "text/css"),
    ];
    if let (Some(image), Some(page)) = (cover_image, cover_bytes) {
        entries.push(entry(COVER_FILE, page, XHTML_TYPE));
        entries.push(entry(&image.href, image.bytes, image.media_type));
    }
    entries.append(&mut chapter_entries);
    for file in assets.files() {
        entries.push(entry(&file.href, file.bytes.clone(), file.media_type));
    }
    match container::write_container(&entries, build.timestamp) {
        Ok(bytes) => Artifact {
            bytes,
            resources: Vec::new(),
            diagnostics,
        },
        Err(e) => {
            diagnostics.push(Diagnostic::global(
                Severity::Severe,
                "epub-container",
                e.to_string(),
            ));
            Artifact {
                bytes: Vec::new(),
                resources: Vec::new(),
                diagnostics,
            }
        }
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
    let mut hasher = Sha256::new();
    let mut field = |name: &str, bytes: &[u8]| {
        hasher.update((name.len() as u64).to_le_bytes());
        hasher.update(name.as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
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
    metadata::content_uuid(hasher)
}
