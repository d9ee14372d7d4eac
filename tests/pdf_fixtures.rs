//! The PDF writer against real validators: qpdf, poppler's pdffonts,
//! pdftotext (text and word boxes) and lopdf (outline, links), over the
//! resolved fixture trees and a course book made of them.
//!
//! The PDFs are also written to `target/pdf-tests/` for looking at
//! (`pdftoppm -png -r 60 target/pdf-tests/kitchen-sink.pdf page`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use rstconv::Document;
use rstconv::course::{Course, Lesson};
use rstconv::ir::{Element, Kind};
use rstconv::style::Style;
use rstconv::write::pdf::PdfWriter;
use rstconv::write::{Artifact, BuildInfo, Format, Writer};

/// Run a checker; a missing tool fails the test with the way to install it.
fn tool(name: &str, args: &[&str]) -> std::process::Output {
    Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed by the PDF tests ({e}); run scripts/install-test-tools.sh")
    })
}

fn out_dir() -> PathBuf {
    let dir = common::project_root().join("target/pdf-tests");
    std::fs::create_dir_all(&dir).expect("create target/pdf-tests");
    dir
}

/// Tests run in parallel and several write the same (deterministic) PDF:
/// write a temporary file and rename it, so a reader never sees half a file.
fn write_atomically(path: &Path, bytes: &[u8]) {
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = path.with_extension(format!("pdf.tmp{n}"));
    std::fs::write(&tmp, bytes).expect("write pdf");
    std::fs::rename(&tmp, path).expect("rename pdf");
}

fn course_dir() -> PathBuf {
    common::project_root().join("fixtures/course")
}

/// A resolved tree from `fixtures/ir/` or, for PDF-only stress cases,
/// `fixtures/pdf/`.
fn load_fixture(name: &str) -> Document {
    let own = common::project_root().join("fixtures/pdf").join(name);
    if !own.exists() {
        return common::load_ir_fixture(name);
    }
    let text = std::fs::read_to_string(&own).expect("read fixture");
    let root = rstconv::read::pseudoxml::parse_pseudoxml(&text).expect("parse fixture");
    let mut sources = rstconv::diag::SourceMap::new();
    sources.add(&own, name);
    Document { root, sources }
}

/// The fixtures every check runs on.
const FIXTURES: [&str; 3] = ["kitchen-sink.pxml", "sphinx-subset.pxml", "stress.pxml"];

/// Write a fixture's PDF; returns the artifact and the file path.
fn render_fixture(name: &str) -> (Artifact, PathBuf) {
    let doc = load_fixture(name);
    render_doc(&doc, name.trim_end_matches(".pxml"))
}

fn render_doc(doc: &Document, stem: &str) -> (Artifact, PathBuf) {
    let style = Style::defaults();
    let build = BuildInfo::single(Format::Pdf, stem, &course_dir());
    let artifact = PdfWriter.write(doc, &style, &build);
    let path = out_dir().join(format!("{stem}.pdf"));
    write_atomically(&path, &artifact.bytes);
    (artifact, path)
}

fn render_book() -> (Artifact, PathBuf) {
    let ks = common::load_ir_fixture("kitchen-sink.pxml");
    let sphinx = common::load_ir_fixture("sphinx-subset.pxml");
    // The index: a title, an introduction and the toctree.
    let span = rstconv::ir::Span::NONE;
    let index_root = Element::new(Kind::Document, span)
        .with_attr("title", "Numba for HPC: Course")
        .with_child(Element::new(Kind::Title, span).with_text("Numba for HPC: Course"))
        .with_child(
            Element::new(Kind::Paragraph, span).with_text("A course introduction paragraph."),
        )
        .with_child(Element::new(Kind::Toctree, span).with_attr(
            "entries",
            vec!["kitchen-sink".to_string(), "sphinx-subset".to_string()],
        ));
    let course = Course {
        title: "Numba for HPC: Course".into(),
        root: course_dir(),
        index: Document {
            root: index_root,
            sources: rstconv::diag::SourceMap::new(),
        },
        lessons: vec![
            Lesson {
                docname: "kitchen-sink".into(),
                title: "Kitchen Sink for Writers".into(),
                doc: ks,
            },
            Lesson {
                docname: "sphinx-subset".into(),
                title: "Sphinx lesson subset".into(),
                doc: sphinx,
            },
        ],
    };
    let style = Style::defaults();
    let build = BuildInfo::single(Format::Pdf, "course", &course_dir());
    let artifact = PdfWriter.write_book(&course, &style, &build);
    let path = out_dir().join("course.pdf");
    write_atomically(&path, &artifact.bytes);
    (artifact, path)
}

fn qpdf_clean(path: &Path) {
    let out = tool("qpdf", &["--check", path.to_str().unwrap_or_default()]);
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "qpdf --check {}: {text}",
        path.display()
    );
    assert!(
        text.contains("No syntax or stream encoding errors"),
        "{text}"
    );
    assert!(!text.contains("WARNING"), "{text}");
}

fn fonts_embedded(path: &Path) {
    let out = tool("pdffonts", &[path.to_str().unwrap_or_default()]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = text.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts in {}", path.display());
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type... encoding emb sub uni object ID
        let n = cols.len();
        assert!(n >= 6, "{row}");
        assert_eq!(cols[n - 5], "yes", "embedded: {row}");
        assert_eq!(cols[n - 4], "yes", "subset: {row}");
        assert_eq!(cols[n - 3], "yes", "ToUnicode: {row}");
    }
}

fn pdf_text(path: &Path) -> String {
    let out = tool(
        "pdftotext",
        &["-layout", path.to_str().unwrap_or_default(), "-"],
    );
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn count_sections(e: &Element) -> usize {
    let mut n = 0;
    e.walk(&mut |el: &Element| {
        if el.kind == Kind::Section {
            n += 1;
        }
    });
    n
}

/// Outline entries, recursively, with lopdf.
fn outline_titles(bytes: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(bytes).expect("lopdf parses the PDF");
    let catalog = doc.catalog().expect("catalog");
    let Ok(outlines) = catalog
        .get(b"Outlines")
        .and_then(lopdf::Object::as_reference)
    else {
        return Vec::new();
    };
    let mut titles = Vec::new();
    fn walk(doc: &lopdf::Document, first: Option<lopdf::ObjectId>, titles: &mut Vec<String>) {
        let mut next = first;
        let mut guard = 0;
        while let Some(id) = next {
            guard += 1;
            assert!(guard < 10_000, "outline loop");
            let dict = doc.get_dictionary(id).expect("outline item");
            let title = dict
                .get(b"Title")
                .and_then(lopdf::Object::as_str)
                .map(decode_text)
                .unwrap_or_default();
            titles.push(title);
            walk(
                doc,
                dict.get(b"First")
                    .and_then(lopdf::Object::as_reference)
                    .ok(),
                titles,
            );
            next = dict.get(b"Next").and_then(lopdf::Object::as_reference).ok();
        }
    }
    let root = doc.get_dictionary(outlines).expect("outline root");
    walk(
        &doc,
        root.get(b"First")
            .and_then(lopdf::Object::as_reference)
            .ok(),
        &mut titles,
    );
    titles
}

fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(bytes).to_string()
    }
}

/// Link annotations: (external URIs, internal destinations).
fn links(bytes: &[u8]) -> (Vec<String>, usize) {
    let doc = lopdf::Document::load_mem(bytes).expect("lopdf parses the PDF");
    let mut uris = Vec::new();
    let mut internal = 0;
    for (_, page) in doc.get_pages() {
        let Ok(page) = doc.get_dictionary(page) else {
            continue;
        };
        let Ok(annots) = page.get(b"Annots").and_then(lopdf::Object::as_array) else {
            continue;
        };
        for a in annots {
            let dict = match a {
                lopdf::Object::Reference(r) => doc.get_dictionary(*r).ok(),
                lopdf::Object::Dictionary(d) => Some(d),
                _ => None,
            };
            // Internal links name their destination directly (`/Dest`)
            // or through a GoTo action (`/A << /D ... >>`).
            if dict.is_some_and(|d| d.get(b"Dest").is_ok()) {
                internal += 1;
                continue;
            }
            let Some(action) = dict
                .and_then(|d| d.get(b"A").ok())
                .and_then(|a| a.as_dict().ok())
            else {
                continue;
            };
            if let Ok(uri) = action.get(b"URI").and_then(lopdf::Object::as_str) {
                uris.push(String::from_utf8_lossy(uri).to_string());
            } else if action.get(b"D").is_ok() {
                internal += 1;
            }
        }
    }
    (uris, internal)
}

#[test]
fn pdf_fixtures_pass_qpdf_and_embed_every_font() {
    for name in FIXTURES {
        let (artifact, path) = render_fixture(name);
        assert!(artifact.bytes.starts_with(b"%PDF-"), "{name}");
        // Every internal link has its target.
        let dangling: Vec<String> = artifact
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .filter(|d| d.contains("has no target"))
            .collect();
        assert!(dangling.is_empty(), "{name}: {dangling:?}");
        qpdf_clean(&path);
        fonts_embedded(&path);
    }
}

#[test]
fn pdf_text_is_extractable() {
    let (_, path) = render_fixture("kitchen-sink.pxml");
    let text = pdf_text(&path);
    for phrase in [
        "Kitchen Sink for Writers",
        "Plain text with emphasis, strong, literal",
        "café, naïve, Ελληνικά, русский",
        "Attention body.",
        "A grid table with spans",
        "The legend paragraph.",
        "A manually numbered footnote.",
        "import numpy as np",
        "Ada Lovelace",
    ] {
        assert!(text.contains(phrase), "missing {phrase:?} in:\n{text}");
    }
    let (_, path) = render_fixture("sphinx-subset.pxml");
    let text = pdf_text(&path);
    for phrase in [
        "A parallel reduction",
        "from numba import njit, prange",
        "Combining many values into one.",
        "(1)",
    ] {
        assert!(text.contains(phrase), "missing {phrase:?} in:\n{text}");
    }
}

#[test]
fn pdf_word_boxes_lie_inside_the_margins() {
    let style = Style::defaults();
    let mm = |v: f64| v * 72.0 / 25.4;
    let (w, h) = style.pdf.page.size.dimensions_mm();
    let m = &style.pdf.page.margins;
    let (left, right, top, bottom) = (
        mm(m.left),
        mm(w) - mm(m.right),
        mm(m.top),
        mm(h) - mm(m.bottom),
    );
    for name in FIXTURES {
        let (_, path) = render_fixture(name);
        let out = tool(
            "pdftotext",
            &["-bbox", path.to_str().unwrap_or_default(), "-"],
        );
        assert!(out.status.success());
        let html = String::from_utf8_lossy(&out.stdout);
        let mut words = 0;
        for line in html.lines().filter(|l| l.trim_start().starts_with("<word")) {
            let attr = |key: &str| -> f64 {
                let pat = format!("{key}=\"");
                let start = line.find(&pat).map(|i| i + pat.len()).expect("attribute");
                let end = line[start..].find('"').expect("quote") + start;
                line[start..end].parse().expect("number")
            };
            let (x0, y0, x1, y1) = (attr("xMin"), attr("yMin"), attr("xMax"), attr("yMax"));
            let slack = 0.5;
            assert!(
                x0 >= left - slack
                    && x1 <= right + slack
                    && y0 >= top - slack
                    && y1 <= bottom + slack,
                "{name}: word outside the margins ({left:.1}..{right:.1} x {top:.1}..{bottom:.1}): {line}"
            );
            words += 1;
        }
        assert!(words > 50, "{name}: only {words} words");
    }
}

#[test]
fn pdf_outline_has_one_entry_per_section() {
    for name in FIXTURES {
        let doc = load_fixture(name);
        let (artifact, _) = render_doc(&doc, name.trim_end_matches(".pxml"));
        let titles = outline_titles(&artifact.bytes);
        assert_eq!(
            titles.len(),
            count_sections(&doc.root),
            "{name}: {titles:?}"
        );
    }
    let (artifact, _) = render_fixture("kitchen-sink.pxml");
    let titles = outline_titles(&artifact.bytes);
    assert_eq!(titles.first().map(String::as_str), Some("1 Inline markup"));
}

#[test]
fn pdf_links_are_clickable() {
    let (artifact, _) = render_fixture("kitchen-sink.pxml");
    let (uris, internal) = links(&artifact.bytes);
    assert!(
        uris.iter().any(|u| u == "https://numba.pydata.org"),
        "{uris:?}"
    );
    assert!(
        uris.iter().any(|u| u == "mailto:ada@example.org"),
        "{uris:?}"
    );
    // A :doc: link from a lesson alone opens the sibling PDF.
    let (sphinx, _) = render_fixture("sphinx-subset.pxml");
    let (sphinx_uris, _) = links(&sphinx.bytes);
    assert!(
        sphinx_uris.iter().any(|u| u == "index.pdf"),
        "{sphinx_uris:?}"
    );
    // Lists link, footnotes, citations, the contents topic, TOC entries.
    assert!(internal >= 15, "only {internal} internal links");
}

#[test]
fn pdf_output_is_deterministic() {
    let (a, _) = render_fixture("kitchen-sink.pxml");
    let (b, _) = render_fixture("kitchen-sink.pxml");
    assert!(a.bytes == b.bytes, "two runs differ");
    let (c, _) = render_book();
    let (d, _) = render_book();
    assert!(c.bytes == d.bytes, "two book runs differ");
}

#[test]
fn pdf_kitchen_sink_is_small() {
    let (a, _) = render_fixture("kitchen-sink.pxml");
    assert!(a.bytes.len() < 150 * 1024, "{} bytes", a.bytes.len());
}

#[test]
fn pdf_missing_image_warns_and_still_writes() {
    let mut doc = common::load_ir_fixture("sphinx-subset.pxml");
    let image = Element::new(
        Kind::Image,
        rstconv::ir::Span::new(rstconv::diag::FileId(0), 7, 1),
    )
    .with_attr("uri", "figs/no-such-figure.png")
    .with_attr("alt", "lost figure");
    doc.root.push(image);
    let (artifact, path) = render_doc(&doc, "missing-image");
    assert!(
        artifact
            .diagnostics
            .iter()
            .any(|d| d.to_string().contains("no-such-figure.png")),
        "{:?}",
        artifact.diagnostics
    );
    qpdf_clean(&path);
    let text = pdf_text(&path);
    assert!(text.contains("[image: lost figure]"), "{text}");
    assert!(text.contains("Combining many values into one."));
}

#[test]
fn pdf_book_has_one_toc_one_outline_and_cross_lesson_links() {
    let (artifact, path) = render_book();
    qpdf_clean(&path);
    fonts_embedded(&path);
    let titles = outline_titles(&artifact.bytes);
    let ks = common::load_ir_fixture("kitchen-sink.pxml");
    let sphinx = common::load_ir_fixture("sphinx-subset.pxml");
    // One entry per lesson (chapter) and per section.
    assert_eq!(
        titles.len(),
        2 + count_sections(&ks.root) + count_sections(&sphinx.root),
        "{titles:?}"
    );
    assert!(
        titles.iter().any(|t| t == "Sphinx lesson subset"),
        "{titles:?}"
    );
    let text = pdf_text(&path);
    assert_eq!(text.matches("Contents").count(), 1, "one TOC");
    assert!(text.contains("Numba for HPC: Course"));
    assert!(text.contains("A course introduction paragraph."));
    // The :doc: link from the second lesson to `index` lands in the book.
    let (_, internal) = links(&artifact.bytes);
    assert!(internal > 20, "{internal}");
    assert!(
        !artifact.diagnostics.iter().any(
            |d| d.to_string().contains("pdf-render") || d.to_string().contains("has no target")
        ),
        "{:?}",
        artifact.diagnostics
    );
}

#[test]
fn pdf_long_table_repeats_its_header_and_long_code_wraps() {
    let (artifact, path) = render_fixture("stress.pxml");
    let pages = tool("pdfinfo", &[path.to_str().unwrap_or_default()]);
    let info = String::from_utf8_lossy(&pages.stdout).to_string();
    let count: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count");
    assert!(count >= 4, "{info}");
    let mut pages_with_header = 0;
    let mut pages_with_rows = 0;
    for page in 1..=count {
        let p = page.to_string();
        let out = tool(
            "pdftotext",
            &[
                "-f",
                &p,
                "-l",
                &p,
                "-layout",
                path.to_str().unwrap_or_default(),
                "-",
            ],
        );
        let text = String::from_utf8_lossy(&out.stdout);
        if text.contains("Python loop (s)") {
            pages_with_header += 1;
        }
        if text.contains("0.333") || text.contains("0.185") {
            pages_with_rows += 1;
        }
    }
    assert!(
        pages_with_header >= 2,
        "the header is repeated ({pages_with_header} pages)"
    );
    assert!(pages_with_rows >= 1);
    let text = pdf_text(&path);
    // Every row is there once.
    for i in [1, 17, 34, 60] {
        assert!(text.contains(&format!("{:.3}", 10.0 / i as f64)), "row {i}");
    }
    // The long code line is wrapped with a continuation mark, not lost.
    assert!(text.contains("↪"), "continuation mark");
    assert!(text.contains("argument_five)"));
    // The missing image is reported and replaced.
    assert!(
        artifact
            .diagnostics
            .iter()
            .any(|d| d.to_string().contains("missing.png"))
    );
    assert!(text.contains("[image: A missing chart]"));
}

#[test]
fn pdf_toc_page_numbers_point_at_the_headings() {
    let (_, path) = render_fixture("stress.pxml");
    let (_, ks) = render_fixture("kitchen-sink.pxml");
    for path in [path, ks] {
        let f = path.to_str().unwrap_or_default();
        let page_text = |n: usize| -> String {
            let p = n.to_string();
            let out = tool("pdftotext", &["-f", &p, "-l", &p, "-layout", f, "-"]);
            String::from_utf8_lossy(&out.stdout)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        // The TOC is on page 2, after the title page.
        let out = tool("pdftotext", &["-f", "2", "-l", "2", "-layout", f, "-"]);
        let toc = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(toc.contains("Contents"), "{toc}");
        let mut checked = 0;
        for line in toc.lines() {
            let words: Vec<&str> = line
                .split_whitespace()
                .filter(|w| !w.chars().all(|c| c == '.'))
                .collect();
            let Some((last, title)) = words.split_last() else {
                continue;
            };
            let Ok(page) = last.parse::<usize>() else {
                continue;
            };
            if title.is_empty() {
                continue;
            }
            let title = title.join(" ");
            assert!(
                page_text(page).contains(&title),
                "{}: {title:?} is not on page {page}",
                path.display()
            );
            checked += 1;
        }
        assert!(
            checked >= 3,
            "{}: only {checked} TOC entries read:\n{toc}",
            path.display()
        );
    }
}

#[test]
fn pdf_deep_nesting_is_written() {
    // 2,000 nested block quotes: flattened past a depth, never a crash.
    let span = rstconv::ir::Span::NONE;
    let mut inner = Element::new(Kind::Paragraph, span).with_text("deep text");
    for _ in 0..2000 {
        inner = Element::new(Kind::BlockQuote, span).with_child(inner);
    }
    let mut doc = load_fixture("sphinx-subset.pxml");
    doc.root.push(inner);
    let (artifact, path) = std::thread::Builder::new()
        .stack_size(8 * 1024 * 1024)
        .spawn(move || render_doc(&doc, "deep"))
        .expect("thread")
        .join()
        .expect("no panic");
    assert!(artifact.bytes.starts_with(b"%PDF"));
    qpdf_clean(&path);
    assert!(pdf_text(&path).contains("deep text"));
}

/// `doc` rendered as `stem`.pdf, with no diagnostic about its images and
/// passing qpdf.
fn render_images_cleanly(doc: &Document, stem: &str) -> (Artifact, PathBuf) {
    let (artifact, path) = render_doc(doc, stem);
    assert!(
        artifact
            .diagnostics
            .iter()
            .all(|d| !d.to_string().contains("image")),
        "{:?}",
        artifact.diagnostics
    );
    qpdf_clean(&path);
    (artifact, path)
}

#[test]
fn pdf_jpeg_images_are_embedded_as_is() {
    let mut doc = load_fixture("sphinx-subset.pxml");
    let figs = common::project_root().join("fixtures/pdf/figs");
    for name in ["gradient.jpg", "gradient-grey.jpg"] {
        let uri = figs.join(name).to_string_lossy().to_string();
        let figure = Element::new(Kind::Figure, rstconv::ir::Span::NONE)
            .with_child(Element::new(Kind::Image, rstconv::ir::Span::NONE).with_attr("uri", uri))
            .with_child(
                Element::new(Kind::Caption, rstconv::ir::Span::NONE)
                    .with_text(format!("A JPEG: {name}")),
            );
        doc.root.push(figure);
    }
    let (artifact, path) = render_images_cleanly(&doc, "jpeg");
    let pdf = lopdf::Document::load_mem(&artifact.bytes).expect("parses");
    let mut dct = 0;
    for object in pdf.objects.values() {
        if let lopdf::Object::Stream(s) = object
            && s.dict.get(b"Filter").and_then(lopdf::Object::as_name).ok()
                == Some(b"DCTDecode".as_slice())
        {
            let jpeg = std::fs::read(figs.join("gradient.jpg")).expect("read");
            let grey = std::fs::read(figs.join("gradient-grey.jpg")).expect("read");
            assert!(
                s.content == jpeg || s.content == grey,
                "the JPEG bytes are embedded unchanged"
            );
            dct += 1;
        }
    }
    assert_eq!(dct, 2);
    // poppler draws them.
    let out = tool("pdfimages", &["-list", path.to_str().unwrap_or_default()]);
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(list.contains("jpeg") && list.contains("160"), "{list}");
}

/// A PNG of `width` x `height` with the given colour type, every pixel
/// from `pixel(x, y)`, written under `target/pdf-tests/`.
fn write_png(
    name: &str,
    color: png::ColorType,
    width: u32,
    height: u32,
    pixel: impl Fn(u32, u32) -> Vec<u8>,
) -> PathBuf {
    let path = out_dir().join(name);
    let file = std::fs::File::create(&path).expect("create png");
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), width, height);
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("png header");
    let data: Vec<u8> = (0..height)
        .flat_map(|y| (0..width).map(move |x| (x, y)))
        .flat_map(|(x, y)| pixel(x, y))
        .collect();
    writer.write_image_data(&data).expect("png data");
    writer.finish().expect("png end");
    path
}

#[test]
fn pdf_decoded_images_keep_colour_and_alpha() {
    // PNGs PDF cannot read as they are (alpha), decoded and written as
    // colour plus a soft mask: every image of a document at once.
    let rgba = write_png("alpha-rgba.png", png::ColorType::Rgba, 40, 30, |x, y| {
        vec![
            (x * 6) as u8,
            (y * 8) as u8,
            200,
            if x < 20 { 255 } else { 64 },
        ]
    });
    let grey_alpha = write_png(
        "alpha-grey.png",
        png::ColorType::GrayscaleAlpha,
        24,
        16,
        |x, _| vec![(x * 10) as u8, 128],
    );
    let mut doc = load_fixture("sphinx-subset.pxml");
    for path in [&rgba, &grey_alpha] {
        let uri = path.to_string_lossy().to_string();
        doc.root.push(
            Element::new(Kind::Image, rstconv::ir::Span::NONE)
                .with_attr("uri", uri)
                .with_attr("alt", "an image with transparency"),
        );
    }
    let (_, path) = render_images_cleanly(&doc, "alpha");
    // poppler lists each image with its soft mask, in colour and in grey.
    let out = tool("pdfimages", &["-list", path.to_str().unwrap_or_default()]);
    let list = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<Vec<&str>> = list
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect())
        .collect();
    let has = |kind: &str, w: &str, h: &str, color: &str| {
        rows.iter().any(|r| {
            r.get(2) == Some(&kind)
                && r.get(3) == Some(&w)
                && r.get(4) == Some(&h)
                && r.get(5) == Some(&color)
        })
    };
    assert!(
        has("image", "40", "30", "rgb") && has("smask", "40", "30", "gray"),
        "{list}"
    );
    assert!(
        has("image", "24", "16", "rgb") && has("smask", "24", "16", "gray"),
        "{list}"
    );
    // The pixels come back: the colour of the first pixel of the RGBA image.
    let prefix = out_dir().join("alpha-extract");
    tool(
        "pdfimages",
        &[
            "-png",
            path.to_str().unwrap_or_default(),
            prefix.to_str().unwrap_or_default(),
        ],
    );
    let first = out_dir().join("alpha-extract-000.png");
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&first).expect("extracted image"),
    ));
    let mut reader = decoder.read_info().expect("png info");
    let mut buf = vec![0; reader.output_buffer_size().unwrap_or(0)];
    let info = reader.next_frame(&mut buf).expect("png frame");
    assert_eq!((info.width, info.height), (40, 30));
    assert_eq!(buf.get(..3), Some(&[0u8, 0, 200][..]));
}

/// The encoding column of each `pdffonts` row, by font name.
fn font_encodings(path: &Path) -> Vec<(String, String)> {
    let out = tool("pdffonts", &[path.to_str().unwrap_or_default()]);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|row| {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            (n >= 7).then(|| (cols[0].to_string(), cols[n - 6].to_string()))
        })
        .collect()
}

#[test]
fn pdf_faces_with_few_glyphs_use_one_byte_codes_and_large_ones_two() {
    // 330 different letters in the body face (Latin, Greek, Cyrillic),
    // more than one-byte codes can name; the title and the emphasis are
    // in faces with a few dozen glyphs.
    let letters: String = (0x00C0u32..0x0180)
        .chain(0x0391..0x03CA)
        .chain(0x0410..0x0450)
        .filter_map(char::from_u32)
        .filter(|c| c.is_alphabetic())
        .collect();
    assert!(letters.chars().count() > 300);
    let words: Vec<String> = letters
        .chars()
        .collect::<Vec<_>>()
        .chunks(8)
        .map(|w| w.iter().collect())
        .collect();
    let source = format!(
        "Glyph codes\n===========\n\nSome *emphasised words* first.\n\n{}\n",
        words.join(" ")
    );
    let parsed = rstconv::parse(&source, &rstconv::ReadOptions::named("codes.rst"));
    let doc =
        rstconv::resolve::resolve(parsed, &rstconv::resolve::ResolveOptions::default()).document;
    let (_, path) = render_doc(&doc, "glyph-codes");
    qpdf_clean(&path);
    fonts_embedded(&path);
    let encodings = font_encodings(&path);
    let body = encodings
        .iter()
        .find(|(name, _)| name.ends_with("+DejaVuSerif"))
        .expect("the body face");
    assert_eq!(body.1, "Identity-H", "{encodings:?}");
    let italic = encodings
        .iter()
        .find(|(name, _)| name.ends_with("+DejaVuSerif-Italic"))
        .expect("the italic face");
    assert_eq!(italic.1, "Custom", "{encodings:?}");
    // Both kinds of string read back as the text written.
    let text = pdf_text(&path);
    assert!(text.contains("emphasised words"), "{text}");
    for word in &words {
        assert!(text.contains(word.as_str()), "{word} in {text}");
    }
}
