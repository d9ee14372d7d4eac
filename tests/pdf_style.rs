//! The PDF writer follows the YAML style: paper presets and margins,
//! heading numbering, the TOC switch, ragged text, language metadata.

mod common;

use std::process::Command;

use rstconv::style::{Style, StyleSource};
use rstconv::write::pdf::PdfWriter;
use rstconv::write::{BuildInfo, Format, Writer};

fn render_with(yaml: &str, stem: &str) -> (Vec<u8>, std::path::PathBuf) {
    let style = Style::load(&[StyleSource {
        name: "test.yaml".into(),
        text: yaml.into(),
    }])
    .expect("valid style");
    let doc = common::load_ir_fixture("kitchen-sink.pxml");
    let build = BuildInfo::single(
        Format::Pdf,
        stem,
        &common::project_root().join("fixtures/course"),
    );
    let artifact = PdfWriter.write(&doc, &style, &build);
    let dir = common::project_root().join("target/pdf-tests");
    std::fs::create_dir_all(&dir).expect("folder");
    let path = dir.join(format!("{stem}.pdf"));
    std::fs::write(&path, &artifact.bytes).expect("write");
    (artifact.bytes, path)
}

fn tool_output(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed by the PDF tests ({e}); run scripts/install-test-tools.sh")
    });
    assert!(out.status.success(), "{name} {args:?} failed");
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn pdf_style_letter_paper_and_language() {
    let (bytes, path) = render_with(
        "pdf:\n  page:\n    size: Letter\n  language: de\n",
        "letter",
    );
    let info = tool_output("pdfinfo", &[path.to_str().unwrap_or_default()]);
    assert!(info.contains("612 x 792 pts (letter)"), "{info}");
    let doc = lopdf::Document::load_mem(&bytes).expect("parses");
    let lang = doc
        .catalog()
        .expect("catalog")
        .get(b"Lang")
        .and_then(lopdf::Object::as_str)
        .expect("/Lang");
    assert_eq!(lang, b"de");
}

#[test]
fn pdf_style_numbering_toc_and_chrome_switches() {
    // The fixture's sections already carry docutils' numbers: the style's
    // own numbering must not number them twice.
    let (_, path) = render_with(
        "pdf:\n  headings:\n    numbering: true\n  toc: false\n  header: false\n  justify: false\n",
        "plain-style",
    );
    let text = tool_output(
        "pdftotext",
        &["-layout", path.to_str().unwrap_or_default(), "-"],
    );
    assert!(
        text.contains("1   Inline markup") || text.contains("1 Inline markup"),
        "{text}"
    );
    assert!(
        !text.contains("1 1 Inline markup") && !text.contains("1  1"),
        "numbered twice"
    );
    assert!(!text.contains("Contents"), "no TOC page");
    let default_pages = {
        let (_, p) = render_with("", "default-style");
        tool_output("pdfinfo", &[p.to_str().unwrap_or_default()])
    };
    let plain_pages = tool_output("pdfinfo", &[path.to_str().unwrap_or_default()]);
    let pages = |info: &str| -> usize {
        info.lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(0)
    };
    assert_eq!(
        pages(&plain_pages) + 1,
        pages(&default_pages),
        "the TOC page is gone"
    );
}

#[test]
fn pdf_style_numbers_unnumbered_sections() {
    // The Sphinx fixture has no sectnum: the style numbers its heading.
    let style = Style::load(&[StyleSource {
        name: "n.yaml".into(),
        text: "pdf:\n  headings:\n    numbering: true\n".into(),
    }])
    .expect("valid");
    let doc = common::load_ir_fixture("sphinx-subset.pxml");
    let build = BuildInfo::single(
        Format::Pdf,
        "numbered",
        &common::project_root().join("fixtures/course"),
    );
    let artifact = PdfWriter.write(&doc, &style, &build);
    let path = common::project_root().join("target/pdf-tests/numbered.pdf");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
    std::fs::write(&path, &artifact.bytes).expect("write");
    let text = tool_output("pdftotext", &[path.to_str().unwrap_or_default(), "-"]);
    assert!(text.contains("1 A first kernel"), "{text}");
}
