//! The resolve seam: docutils' own parse-stage trees (fixtures made by
//! `scripts/docutils-seam.py`) go through our resolve passes and must come
//! out as docutils' `rst2pseudoxml` prints them. This tests the passes
//! independently of our parser.
//!
//! `fixtures/resolve/docutils/NAME.parse.pxml` → resolve →
//! `fixtures/resolve/docutils/NAME.pxml`.

use std::path::Path;

use rstconv::diag::SourceMap;
use rstconv::ir::Document;
use rstconv::read::pseudoxml::parse_pseudoxml;
use rstconv::resolve::{ResolveOptions, resolve_document};
use rstconv::write::pseudoxml::to_pseudoxml;

mod common;

/// Resolve one parse-stage pseudo-XML file.
fn resolve_fixture(parse_path: &Path) -> String {
    let text = std::fs::read_to_string(parse_path).expect("readable fixture");
    let root = parse_pseudoxml(&text).unwrap_or_else(|e| panic!("{}: {e}", parse_path.display()));
    let name = root.attrs.str("source").unwrap_or("test data").to_string();
    let mut sources = SourceMap::new();
    sources.add(parse_path, name);
    let (document, _diagnostics) =
        resolve_document(Document { root, sources }, &ResolveOptions::default());
    to_pseudoxml(&document.root)
}

/// Every seam fixture: (name, our output, docutils' output).
fn seam_results() -> Vec<(String, String, String)> {
    let dir = common::project_root().join("fixtures/resolve/docutils");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures/resolve/docutils exists")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".parse.pxml"))
                .map(str::to_string)
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let ours = resolve_fixture(&dir.join(format!("{name}.parse.pxml")));
            let theirs =
                std::fs::read_to_string(dir.join(format!("{name}.pxml"))).expect("expected tree");
            (name, ours, theirs)
        })
        .collect()
}

#[test]
fn resolve_docutils_seam_matches_rst2pseudoxml() {
    let results = seam_results();
    assert!(!results.is_empty(), "no seam fixtures");
    let mut failures = Vec::new();
    let mut ratio_sum = 0.0;
    for (name, ours, theirs) in &results {
        let diff = similar::TextDiff::from_lines(theirs, ours);
        let ratio = f64::from(diff.ratio());
        ratio_sum += ratio;
        eprintln!(
            "{} {:6.1}%  {name}",
            if ours == theirs { "ok  " } else { "FAIL" },
            ratio * 100.0
        );
        if ours != theirs {
            failures.push((
                name.clone(),
                diff.unified_diff()
                    .context_radius(2)
                    .header("docutils", "rstconv")
                    .to_string(),
            ));
        }
    }
    eprintln!(
        "mean similarity {:.1}%, {} passed, {} failed",
        ratio_sum * 100.0 / results.len() as f64,
        results.len() - failures.len(),
        failures.len()
    );
    for (name, diff) in failures.iter().skip(1) {
        eprintln!("{name}:\n{diff}");
    }
    if let Some((name, diff)) = failures.first() {
        panic!(
            "{} seam fixtures differ; first: {name}\n{diff}",
            failures.len()
        );
    }
}
