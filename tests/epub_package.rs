//! The EPUB writer's package: determinism, container layout, metadata,
//! navigation, links across chapters and lessons, images and their
//! problems, the style's cover, fonts and split.

mod common;
#[path = "epub_support/mod.rs"]
mod epub_support;

use rstconv::Severity;
use rstconv::pipeline::DEFAULT_TIMESTAMP;
use rstconv::style::{EpubFont, EpubSplit, Style};
use rstconv::write::{Format, writer_for};

use common::load_ir_fixture;
use epub_support::{build_info, course_epub, entries, entry_text, lesson_epub, problems_epub};

#[test]
fn epub_same_input_gives_same_bytes() {
    let style = Style::defaults();
    let a = lesson_epub("kitchen-sink.pxml", &style, DEFAULT_TIMESTAMP);
    let b = lesson_epub("kitchen-sink.pxml", &style, DEFAULT_TIMESTAMP);
    assert!(!a.bytes.is_empty());
    assert_eq!(a.bytes, b.bytes);
    let c = course_epub(&style, DEFAULT_TIMESTAMP);
    let d = course_epub(&style, DEFAULT_TIMESTAMP);
    assert_eq!(c.bytes, d.bytes);
}

#[test]
fn epub_timestamp_changes_only_modified_date_and_zip_times() {
    let style = Style::defaults();
    let early = lesson_epub("kitchen-sink.pxml", &style, DEFAULT_TIMESTAMP);
    let late = lesson_epub("kitchen-sink.pxml", &style, 1_700_000_000);
    assert_ne!(
        early.bytes, late.bytes,
        "zip entry times follow the timestamp"
    );
    let (a, b) = (entries(&early.bytes), entries(&late.bytes));
    assert_eq!(a.len(), b.len());
    for ((name_a, bytes_a), (name_b, bytes_b)) in a.iter().zip(&b) {
        assert_eq!(name_a, name_b);
        if name_a == "EPUB/package.opf" {
            let (ta, tb) = (
                String::from_utf8_lossy(bytes_a),
                String::from_utf8_lossy(bytes_b),
            );
            let differing: Vec<(&str, &str)> =
                ta.lines().zip(tb.lines()).filter(|(x, y)| x != y).collect();
            assert_eq!(
                differing,
                [(
                    "    <meta property=\"dcterms:modified\">1980-01-01T00:00:00Z</meta>",
                    "    <meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>"
                )]
            );
        } else {
            assert_eq!(bytes_a, bytes_b, "{name_a} changed with the timestamp");
        }
    }
}

#[test]
fn epub_container_layout() {
    let epub = lesson_epub("kitchen-sink.pxml", &Style::defaults(), DEFAULT_TIMESTAMP).bytes;
    assert_eq!(&epub[30..38], b"mimetype");
    assert_eq!(&epub[38..58], b"application/epub+zip");
    let names: Vec<String> = entries(&epub).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names[..6],
        [
            "mimetype",
            "META-INF/container.xml",
            "EPUB/package.opf",
            "EPUB/nav.xhtml",
            "EPUB/toc.ncx",
            "EPUB/book.css"
        ]
    );
    let container = entry_text(&epub, "META-INF/container.xml");
    assert!(container.contains("full-path=\"EPUB/package.opf\""));
}

#[test]
fn epub_metadata_comes_from_docinfo_and_meta() {
    let epub = lesson_epub("kitchen-sink.pxml", &Style::defaults(), DEFAULT_TIMESTAMP).bytes;
    let opf = entry_text(&epub, "EPUB/package.opf");
    for needle in [
        "<dc:title id=\"title\">Kitchen Sink for Writers</dc:title>",
        "<dc:language>en</dc:language>",
        "<dc:creator id=\"creator-1\">Ada Lovelace</dc:creator>",
        "<dc:creator id=\"creator-2\">Charles Babbage</dc:creator>",
        "<dc:date>2026-11-20</dc:date>",
        "<dc:rights>Public domain</dc:rights>",
        "<dc:description>A lesson that uses every construct</dc:description>",
        "<dc:subject>writers</dc:subject>",
        "<meta property=\"schema:accessibilityFeature\">alternativeText</meta>",
        "<meta property=\"schema:accessibilitySummary\">",
        "properties=\"cover-image\"",
    ] {
        assert!(opf.contains(needle), "missing {needle}:\n{opf}");
    }
    let id_start = opf.find("urn:uuid:").expect("a content-derived identifier");
    let identifier = &opf[id_start..id_start + 45];
    let ncx = entry_text(&epub, "EPUB/toc.ncx");
    assert!(ncx.contains(&format!(
        "<meta name=\"dtb:uid\" content=\"{identifier}\"/>"
    )));
}

#[test]
fn epub_style_overrides_language_identifier_and_metadata() {
    let mut style = Style::defaults();
    style.epub.language = "fr".into();
    style.epub.identifier = "urn:isbn:9780000000002".into();
    style.epub.publisher = "Éditions Test".into();
    let epub = lesson_epub("sphinx-subset.pxml", &style, DEFAULT_TIMESTAMP).bytes;
    let opf = entry_text(&epub, "EPUB/package.opf");
    assert!(opf.contains("<dc:identifier id=\"pub-id\">urn:isbn:9780000000002</dc:identifier>"));
    assert!(opf.contains("<dc:language>fr</dc:language>"));
    assert!(opf.contains("<dc:publisher>Éditions Test</dc:publisher>"));
    for (name, bytes) in entries(&epub) {
        if name.ends_with(".xhtml") {
            let text = String::from_utf8(bytes).expect("UTF-8");
            assert!(
                text.contains("lang=\"fr\" xml:lang=\"fr\""),
                "{name} has no lang"
            );
        }
    }
}

#[test]
fn epub_every_document_has_lang_and_every_image_alt() {
    let epub = course_epub(&Style::defaults(), DEFAULT_TIMESTAMP).bytes;
    let mut images = 0;
    for (name, bytes) in entries(&epub) {
        if !name.ends_with(".xhtml") {
            continue;
        }
        let text = String::from_utf8(bytes).expect("UTF-8");
        assert!(
            text.contains("lang=\"en\" xml:lang=\"en\""),
            "{name} has no lang"
        );
        for img in text.split("<img ").skip(1) {
            images += 1;
            let tag = img.split('>').next().unwrap_or("");
            assert!(
                tag.contains(" alt=\"") && !tag.contains(" alt=\"\""),
                "{name}: image without alt text: <img {tag}>"
            );
        }
    }
    assert!(images >= 3, "the cover and the kitchen sink's two images");
}

#[test]
fn epub_links_cross_chapters_and_footnotes_are_epub_notes() {
    let epub = lesson_epub("kitchen-sink.pxml", &Style::defaults(), DEFAULT_TIMESTAMP).bytes;
    // Chapter 1 is the front matter, chapters 2..8 the seven sections.
    let inline = entry_text(&epub, "EPUB/chapter-2.xhtml");
    assert!(
        inline.contains("href=\"chapter-3.xhtml#lists\""),
        "{inline}"
    );
    assert!(inline.contains("href=\"chapter-8.xhtml#note\" epub:type=\"noteref\""));
    let notes = entry_text(&epub, "EPUB/chapter-8.xhtml");
    assert!(notes.contains("<aside id=\"note\" class=\"footnote\" epub:type=\"footnote\""));
    assert!(notes.contains("href=\"chapter-2.xhtml#footnote-reference-1\""));
    let nav = entry_text(&epub, "EPUB/nav.xhtml");
    assert!(
        nav.contains("<a href=\"chapter-3.xhtml#lists\">2 Lists</a>"),
        "{nav}"
    );

    let mut one_file = Style::defaults();
    one_file.epub.split = EpubSplit::Lesson;
    let epub = lesson_epub("kitchen-sink.pxml", &one_file, DEFAULT_TIMESTAMP).bytes;
    let chapters = entries(&epub)
        .iter()
        .filter(|(n, _)| n.starts_with("EPUB/chapter-"))
        .count();
    assert_eq!(chapters, 1);
    let text = entry_text(&epub, "EPUB/chapter-1.xhtml");
    assert!(text.contains("href=\"#note\" epub:type=\"noteref\""));
}

#[test]
fn epub_course_book_has_nested_nav_and_cross_lesson_links() {
    let artifact = course_epub(&Style::defaults(), DEFAULT_TIMESTAMP);
    let epub = &artifact.bytes;
    let nav = entry_text(epub, "EPUB/nav.xhtml");
    let lesson = nav
        .find(">Kitchen Sink for Writers</a>")
        .expect("lesson entry");
    let section = nav.find(">2 Lists</a>").expect("section entry");
    let next_lesson = nav
        .find(">Sphinx lesson subset</a>")
        .expect("second lesson");
    assert!(lesson < section && section < next_lesson);
    assert!(
        nav[lesson..section].contains("<ol>"),
        "sections nest below lessons"
    );
    // The index links into both lessons; the second lesson back to the index.
    let index = entry_text(epub, "EPUB/chapter-1.xhtml");
    assert!(index.contains("href=\"chapter-4.xhtml#lists\""), "{index}");
    assert!(
        index.contains("href=\"chapter-11.xhtml#term-reduction\""),
        "{index}"
    );
    let subset = entry_text(epub, "EPUB/chapter-11.xhtml");
    assert!(subset.contains("href=\"chapter-1.xhtml\""));
    let opf = entry_text(epub, "EPUB/package.opf");
    assert!(opf.contains("<dc:title id=\"title\">Writers Course</dc:title>"));
    assert!(opf.contains("<dc:creator id=\"creator-1\">HPC Training Team</dc:creator>"));
    assert!(opf.contains("<dc:rights>CC BY 4.0</dc:rights>"));
    // One image file for the two uses of figs/speedup.png.
    let images = entries(epub)
        .iter()
        .filter(|(n, _)| n.starts_with("EPUB/media/"))
        .count();
    assert_eq!(images, 1);
}

#[test]
fn epub_problems_give_warnings_and_a_whole_book() {
    let artifact = problems_epub(&Style::defaults());
    let messages: Vec<String> = artifact.diagnostics.iter().map(|d| d.to_string()).collect();
    let has = |needle: &str| messages.iter().any(|m| m.contains(needle));
    // A missing file reads as in the other writers, so a multi-format run
    // reports it once.
    assert!(
        has("problems.rst:9:1: warning: image not found: figs/missing.png"),
        "{messages:#?}"
    );
    assert!(has("is a remote address"), "{messages:#?}");
    assert!(
        has("is not a PNG, JPEG, GIF, WebP or SVG image"),
        "{messages:#?}"
    );
    assert!(has(
        "image \"figs/missing.png\" has no alt text: \"missing\" is used"
    ));
    assert!(
        has("\"Speed-up of the parallel loop\" is used"),
        "{messages:#?}"
    );
    assert!(
        has("problems.rst:21:1: warning: link to \"#no-such-target\" has no target"),
        "{messages:#?}"
    );
    assert!(
        artifact
            .diagnostics
            .iter()
            .all(|d| d.severity <= Severity::Warning)
    );
    let epub = &artifact.bytes;
    let text = entry_text(epub, "EPUB/chapter-2.xhtml");
    assert!(text.contains("missing-image"), "{text}");
    assert!(text.contains("alt=\"Speed-up of the parallel loop\""));
    let links = entry_text(epub, "EPUB/chapter-3.xhtml");
    assert!(
        links.contains("<a class=\"reference internal\">nowhere</a>"),
        "{links}"
    );
    assert!(
        links.contains("<a class=\"reference internal\">another lesson</a>"),
        "{links}"
    );
    assert!(links.contains("href=\"chapter-2.xhtml#images\""));
    assert!(!links.contains("javascript:"));
}

#[test]
fn epub_style_cover_image_and_embedded_fonts() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A file with a TrueType signature: the writer types fonts by their
    // first bytes.
    let font = dir.path().join("My Font.ttf");
    std::fs::write(&font, b"\x00\x01\x00\x00 rest of a font").expect("font");
    let mut style = Style::defaults();
    style.epub.cover_image = "figs/speedup.png".into();
    style.epub.embed_fonts = vec![
        EpubFont {
            family: "My Font".into(),
            file: font.display().to_string(),
            weight: "normal".into(),
            style: "normal".into(),
        },
        EpubFont {
            family: "Missing".into(),
            file: "fonts/none.ttf".into(),
            ..EpubFont::default()
        },
    ];
    let artifact = lesson_epub("sphinx-subset.pxml", &style, DEFAULT_TIMESTAMP);
    let opf = entry_text(&artifact.bytes, "EPUB/package.opf");
    assert!(opf.contains(
        "<item id=\"cover-image\" href=\"cover.png\" media-type=\"image/png\" properties=\"cover-image\"/>"
    ));
    assert!(
        opf.contains("<item id=\"font-1\" href=\"fonts/My-Font.ttf\" media-type=\"font/ttf\"/>")
    );
    let css = entry_text(&artifact.bytes, "EPUB/book.css");
    assert!(css.contains("@font-face{font-family:\"My Font\";"), "{css}");
    assert!(css.contains("src:url(\"fonts/My-Font.ttf\")"));
    assert!(
        artifact
            .diagnostics
            .iter()
            .any(|d| d.message.contains("font not embedded") && d.message.contains("none.ttf"))
    );

    style.epub.title_page.enabled = false;
    let artifact = lesson_epub("sphinx-subset.pxml", &style, DEFAULT_TIMESTAMP);
    let names: Vec<String> = entries(&artifact.bytes)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert!(!names.iter().any(|n| n.contains("cover")));
}

#[test]
fn epub_code_is_highlighted_at_build_time() {
    let doc = load_ir_fixture("sphinx-subset.pxml");
    let artifact = writer_for(Format::Epub).write(
        &doc,
        &Style::defaults(),
        &build_info("sphinx-subset", DEFAULT_TIMESTAMP),
    );
    let text = entry_text(&artifact.bytes, "EPUB/chapter-2.xhtml");
    // Coloured by classes the stylesheet defines: no script, no inline colours.
    assert!(text.contains("<span class=\"hl-keyword"), "{text}");
    assert!(!text.contains("<script"));
    let css = entry_text(&artifact.bytes, "EPUB/book.css");
    assert!(css.contains(".hl .hl-keyword"), "{css}");
}

#[test]
fn epub_empty_document_is_still_a_book() {
    let artifact = epub_support::empty_epub(&Style::defaults());
    assert!(
        artifact.diagnostics.is_empty(),
        "{:?}",
        artifact.diagnostics
    );
    let opf = entry_text(&artifact.bytes, "EPUB/package.opf");
    assert!(
        opf.contains("<dc:title id=\"title\">empty</dc:title>"),
        "{opf}"
    );
    let nav = entry_text(&artifact.bytes, "EPUB/nav.xhtml");
    assert!(
        nav.contains("<a href=\"chapter-1.xhtml\">empty</a>"),
        "{nav}"
    );
}
