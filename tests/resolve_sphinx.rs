//! The Sphinx lesson subset through the resolve passes: parse-stage trees
//! made by `scripts/sphinx-parse.py` (the executable specification of the
//! parse-stage forms) → our resolve → golden resolved trees in
//! `fixtures/resolve/sphinx/` (`RSTCONV_BLESS=1` regenerates them).

use std::path::Path;

use rstconv::diag::{Diagnostic, SourceMap};
use rstconv::ir::Document;
use rstconv::read::pseudoxml::parse_pseudoxml;
use rstconv::resolve::{ResolveOptions, resolve_document};
use rstconv::write::pseudoxml::to_pseudoxml;

mod common;

/// A parse-stage fixture as a document whose source is the `.rst` next to
/// it (so files are read relative to it). Columns are cleared: pseudo-XML
/// has no source positions.
pub fn load_parse_fixture(dir: &Path, name: &str) -> Document {
    let text = std::fs::read_to_string(dir.join(format!("{name}.parse.pxml"))).expect("fixture");
    let mut root = parse_pseudoxml(&text).expect("pseudo-XML");
    root.walk_mut(&mut |e| e.span.col = 0);
    let mut sources = SourceMap::new();
    sources.add(dir.join(format!("{name}.rst")), format!("{name}.rst"));
    Document { root, sources }
}

fn resolve_fixture(name: &str) -> (String, Vec<Diagnostic>) {
    let dir = common::project_root().join("fixtures/resolve/sphinx");
    let (doc, diags) = resolve_document(load_parse_fixture(&dir, name), &ResolveOptions::default());
    (to_pseudoxml(&doc.root), diags)
}

#[test]
fn resolve_sphinx_subset_single_file() {
    let (out, diags) = resolve_fixture("sphinx-subset");
    common::assert_golden("fixtures/resolve/sphinx/sphinx-subset.pxml", &out);
    let messages: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    // Alone, the file cannot resolve `:doc:` to its course index.
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("unknown document: 'index'")),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("nonexisting document 'index'")),
        "{messages:#?}"
    );
}
