//! Images travel inside the notebook as cell attachments; a missing image
//! is a warning at its source line and a visible placeholder.

mod common;
mod ipynb_support;

use base64::Engine;
use rstconv::diag::{Severity, SourceMap};
use rstconv::ir::{Element, Kind, Span};
use rstconv::style::Style;
use rstconv::write::{BuildInfo, Format, Writer, ipynb::IpynbWriter};
use serde_json::Value;

use ipynb_support::{cells, render};

#[test]
fn ipynb_images_are_attached_to_their_cell() {
    let (text, _) = render("kitchen-sink.pxml", "fixtures/course");
    let notebook: Value = serde_json::from_str(&text).expect("JSON");
    let with_attachments: Vec<&Value> = notebook["cells"]
        .as_array()
        .expect("cells")
        .iter()
        .filter(|c| c.get("attachments").is_some())
        .collect();
    assert_eq!(with_attachments.len(), 1);
    let cell = with_attachments[0];
    let source: String = cell["source"]
        .as_array()
        .expect("source")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        source.contains("src=\"attachment:speedup.png\""),
        "{source}"
    );
    let data = cell["attachments"]["speedup.png"]["image/png"]
        .as_str()
        .expect("base64 PNG");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .expect("valid base64");
    let original = std::fs::read(common::project_root().join("fixtures/course/figs/speedup.png"))
        .expect("png");
    assert_eq!(bytes, original);
}

#[test]
fn ipynb_missing_image_warns_with_position_and_shows_placeholder() {
    let mut sources = SourceMap::new();
    let file = sources.add("lesson.rst", "lesson.rst");
    let root = Element::new(Kind::Document, Span::new(file, 1, 1)).with_child(
        Element::new(Kind::Image, Span::new(file, 37, 1))
            .with_attr("uri", "../figs/performance.png"),
    );
    let doc = rstconv::Document { root, sources };
    let dir = common::project_root().join("fixtures/lessons");
    let build = BuildInfo::single(Format::Ipynb, "lesson", &dir);
    let artifact = IpynbWriter.write(&doc, &Style::defaults(), &build);
    let diagnostics: Vec<String> = artifact
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        diagnostics,
        ["lesson.rst:37:1: warning: image not found: ../figs/performance.png"]
    );
    assert_eq!(artifact.diagnostics[0].severity, Severity::Warning);
    assert_eq!(artifact.diagnostics[0].code, "missing-image");
    let text = String::from_utf8(artifact.bytes).expect("UTF-8");
    let cells = cells(&text);
    assert_eq!(cells.len(), 1);
    assert_eq!(
        cells[0].1,
        "**\\[missing image: ../figs/performance.png\\]**"
    );
}
