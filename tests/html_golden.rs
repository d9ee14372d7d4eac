//! Golden HTML pages for the writer fixtures (`fixtures/ir/*.pxml`, the
//! resolved trees) and checks on what the pages must contain.

mod common;

use std::path::Path;

use rstconv::style::Style;
use rstconv::write::{BuildInfo, Format, Writer, html::HtmlWriter};

/// Render a fixture as the html writer does for a single lesson, with the
/// images looked up beside the course fixtures (`fixtures/course`).
fn render_fixture(name: &str) -> (String, rstconv::Artifact) {
    let doc = common::load_ir_fixture(name);
    let style = Style::defaults();
    let stem = name.trim_end_matches(".pxml");
    let source_dir = common::project_root().join("fixtures/course");
    let build = BuildInfo::single(Format::Html, stem, Path::new(&source_dir));
    let artifact = HtmlWriter.write(&doc, &style, &build);
    let html = String::from_utf8(artifact.bytes.clone()).expect("utf-8");
    (html, artifact)
}

#[test]
fn html_golden_kitchen_sink() {
    let (html, _) = render_fixture("kitchen-sink.pxml");
    common::assert_golden("fixtures/html/kitchen-sink.html", &html);
}

#[test]
fn html_golden_sphinx_subset() {
    let (html, _) = render_fixture("sphinx-subset.pxml");
    common::assert_golden("fixtures/html/sphinx-subset.html", &html);
}
