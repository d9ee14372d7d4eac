//! The writer fixtures in `fixtures/ir/` (resolved trees as pseudo-XML)
//! load, and between them use every node kind a writer can meet.

use std::collections::BTreeSet;

use rstconv::ir::Kind;
use rstconv::read::pseudoxml::parse_pseudoxml;

mod common;

/// Kinds the resolve passes never leave in a finished tree.
const RESOLVED_AWAY: &[Kind] = &[
    Kind::Pending,
    Kind::PendingXref,
    Kind::Index,
    Kind::SubstitutionReference,
];

#[test]
fn ir_fixtures_load_and_cover_every_kind() {
    let mut seen = BTreeSet::new();
    for entry in std::fs::read_dir("fixtures/ir").expect("fixtures/ir exists") {
        let path = entry.expect("dir entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("pxml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        let root = parse_pseudoxml(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(root.kind, Kind::Document);
        root.walk(&mut |e| {
            seen.insert(e.kind);
        });
    }
    let missing: Vec<&str> = Kind::ALL
        .iter()
        .filter(|k| !seen.contains(k) && !RESOLVED_AWAY.contains(k))
        .map(|k| k.name())
        .collect();
    assert!(missing.is_empty(), "kinds no fixture uses: {missing:?}");
}
