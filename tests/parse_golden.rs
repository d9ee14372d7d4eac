//! Golden tests of the parse stage: the pseudo-XML of the project's own
//! RST fixtures (`fixtures/lessons`, `fixtures/course`, `fixtures/ir`) is
//! kept in `fixtures/parse/*.pxml`. Regenerate with
//! `RSTCONV_BLESS=1 cargo test --test parse_golden` and review the diff.

mod common;

use std::path::Path;

use rstconv::ReadOptions;
use rstconv::write::pseudoxml::to_pseudoxml;

fn golden_for(dir: &str) {
    let root = common::project_root();
    let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
        .expect("fixture folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rst"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {dir}");
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable fixture");
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("x.rst");
        let mut options = ReadOptions::named(name);
        options.path = Some(path.clone());
        let parsed = rstconv::parse(&text, &options);
        let stem = Path::new(name)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("x");
        let prefix = dir.rsplit('/').next().unwrap_or(dir);
        common::assert_golden(
            format!("fixtures/parse/{prefix}-{stem}.pxml"),
            &to_pseudoxml(&parsed.document.root),
        );
    }
}

#[test]
fn parse_golden_lessons() {
    golden_for("fixtures/lessons");
}

#[test]
fn parse_golden_course() {
    golden_for("fixtures/course");
}

#[test]
fn parse_golden_ir_sources() {
    golden_for("fixtures/ir");
}
