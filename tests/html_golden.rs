//! Golden HTML pages for the writer fixtures (`fixtures/ir/*.pxml`, the
//! resolved trees) and checks on what the pages must contain.

mod common;

use std::path::Path;

use rstconv::style::Style;
use rstconv::write::{BuildInfo, Format, Writer, html::HtmlWriter};

/// A fixture tree: `fixtures/ir/NAME`, or `fixtures/html/NAME` (this
/// writer's own: nodes a resolved tree should not hold, failures).
fn load(name: &str) -> rstconv::Document {
    let own = common::project_root().join("fixtures/html").join(name);
    if !own.exists() {
        return common::load_ir_fixture(name);
    }
    let text = std::fs::read_to_string(&own).expect("readable fixture");
    let root = rstconv::read::pseudoxml::parse_pseudoxml(&text).expect("valid pseudo-XML");
    let mut sources = rstconv::diag::SourceMap::new();
    sources.add(&own, name);
    rstconv::Document { root, sources }
}

/// Render a fixture as the html writer does for a single lesson, with the
/// images looked up beside the course fixtures (`fixtures/course`).
fn render_fixture(name: &str) -> (String, rstconv::Artifact) {
    let doc = load(name);
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

#[test]
fn html_golden_leftovers_and_failures() {
    let (html, artifact) = render_fixture("leftovers.pxml");
    common::assert_golden("fixtures/html/leftovers.html", &html);
    let diagnostics: Vec<String> = artifact.diagnostics.iter().map(|d| d.to_string()).collect();
    // Every failure is a warning at the node's line, never a broken run.
    assert_eq!(
        diagnostics
            .iter()
            .filter(|d| d.contains(": warning: "))
            .count(),
        diagnostics.len(),
        "{diagnostics:#?}"
    );
    assert!(
        diagnostics
            .iter()
            .any(|d| d.starts_with("leftovers.pxml:30:")
                && d.contains("image not found: figs/no-such-image.png")),
        "{diagnostics:#?}"
    );
    assert!(
        diagnostics
            .iter()
            .any(|d| d.contains("image not found: ../figs/performance.png")),
        "{diagnostics:#?}"
    );
    assert!(
        diagnostics
            .iter()
            .any(|d| d.contains("cannot convert LaTeX math")),
        "{diagnostics:#?}"
    );
    assert!(
        diagnostics
            .iter()
            .any(|d| d.contains("download file not found: src/missing.py")),
        "{diagnostics:#?}"
    );
    // The placeholders are visible and the TeX is kept.
    assert!(html.contains("Image not found: figs/no-such-image.png"));
    assert!(
        html.contains("<code class=\"math-fallback\">\\frac{1}{</code>"),
        "math fallback"
    );
    // Leftover nodes keep their text; script URLs never become links.
    assert!(html.contains("render their text: a substitution, a "));
    assert!(html.contains("numba.njit()"));
    assert!(!html.contains("javascript:"));
    assert!(
        html.contains("href=\"../other/lesson.html#part-two\"")
            || html.contains("href=\"other/lesson.html#part-two\"")
    );
    // Levels below h6 keep a heading role with their level.
    assert!(
        html.contains("role=\"heading\" aria-level=\"7\""),
        "deep heading"
    );
}

#[test]
fn html_golden_kitchen_sink_links_images_beside_the_page() {
    let (html, artifact) = render_fixture("kitchen-sink.pxml");
    assert!(html.contains("src=\"figs/speedup.png\""));
    let paths: Vec<_> = artifact.resources.iter().map(|r| r.path.clone()).collect();
    assert_eq!(paths, [std::path::PathBuf::from("figs/speedup.png")]);
    assert!(
        artifact.diagnostics.is_empty(),
        "{:?}",
        artifact.diagnostics
    );
}

/// The golden fixtures, together, hold every node kind of the IR.
#[test]
fn html_golden_fixtures_cover_every_kind() {
    let mut seen = std::collections::BTreeSet::new();
    for name in ["kitchen-sink.pxml", "sphinx-subset.pxml", "leftovers.pxml"] {
        load(name).root.walk(&mut |e| {
            seen.insert(e.kind);
        });
    }
    let missing: Vec<&str> = rstconv::Kind::ALL
        .iter()
        .filter(|k| !seen.contains(k))
        .map(|k| k.name())
        .collect();
    assert!(
        missing.is_empty(),
        "kinds in no golden fixture: {missing:?}"
    );
}
