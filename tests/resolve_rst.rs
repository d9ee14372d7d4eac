//! The resolve passes behind our own parser: the Sphinx directives and
//! roles parse into exactly the parse-stage forms `scripts/sphinx-parse.py`
//! specifies, and RST files and course folders resolve to the goldens.

use std::path::Path;

use rstconv::diag::Severity;
use rstconv::read::{ReadOptions, decode_input};
use rstconv::resolve::course::load_course;
use rstconv::resolve::{ResolveOptions, resolve};
use rstconv::write::pseudoxml::to_pseudoxml;

mod common;

fn read_options(path: &Path) -> ReadOptions {
    ReadOptions {
        source_name: path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("x.rst")
            .to_string(),
        path: Some(path.to_path_buf()),
        safe: false,
        root: path.parent().map(Path::to_path_buf),
        tab_width: 8,
    }
}

fn parse(path: &Path) -> rstconv::read::Parsed {
    let bytes = std::fs::read(path).expect("fixture");
    let (text, _) = decode_input(&bytes, "x.rst");
    rstconv::read::rst::parse(&text, &read_options(path))
}

#[test]
fn resolve_rst_sphinx_parse_stage_matches_the_spec() {
    for dir in ["fixtures/resolve/sphinx", "fixtures/resolve/course"] {
        let dir = common::project_root().join(dir);
        for entry in std::fs::read_dir(&dir).expect("fixture folder") {
            let path = entry.expect("entry").path();
            if path.extension().and_then(|e| e.to_str()) != Some("rst") {
                continue;
            }
            let ours = to_pseudoxml(&parse(&path).document.root);
            let spec =
                std::fs::read_to_string(path.with_extension("parse.pxml")).expect("spec fixture");
            assert_eq!(ours, spec, "{}", path.display());
        }
    }
}

#[test]
fn resolve_rst_sphinx_subset_alone() {
    let path = common::project_root().join("fixtures/resolve/sphinx/sphinx-subset.rst");
    let resolved = resolve(parse(&path), &ResolveOptions::default());
    let expected = std::fs::read_to_string(
        common::project_root().join("fixtures/resolve/sphinx/sphinx-subset.pxml"),
    )
    .expect("golden");
    assert_eq!(to_pseudoxml(&resolved.document.root), expected);
    let warnings: Vec<String> = resolved.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(
        resolved
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Warning)
    );
}

#[test]
fn resolve_rst_course_with_our_parser() {
    let root = common::project_root().join("fixtures/resolve/course");
    let (course, diags) = load_course(&root, &ResolveOptions::default());
    let course = course.expect("course");
    let strip = |s: String| s.replace(&format!("{}/", root.display()), "");
    assert_eq!(
        strip(to_pseudoxml(&course.index.root)),
        std::fs::read_to_string(root.join("index.pxml")).expect("golden")
    );
    for lesson in &course.lessons {
        let golden =
            std::fs::read_to_string(root.join(format!("{}.pxml", lesson.docname))).expect("golden");
        assert_eq!(
            strip(to_pseudoxml(&lesson.doc.root)),
            golden,
            "{}",
            lesson.docname
        );
    }
    let messages: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
}

#[test]
fn resolve_rst_lesson_alone_warns_once_and_course_not_at_all() {
    let lesson = common::project_root().join("fixtures/course/parallel-loops.rst");
    let resolved = resolve(parse(&lesson), &ResolveOptions::default());
    let messages: Vec<String> = resolved.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(messages.len(), 1, "{messages:#?}");
    assert!(
        messages[0].contains("warning: unknown document: 'index'"),
        "{messages:#?}"
    );
    let out = to_pseudoxml(&resolved.document.root);
    for gone in [
        "<pending",
        "<substitution_reference",
        "<pending_xref",
        "refname=",
    ] {
        assert!(!out.contains(gone), "{gone} left in the resolved lesson");
    }

    let (course, diags) = load_course(
        &common::project_root().join("fixtures/course"),
        &ResolveOptions::default(),
    );
    let course = course.expect("course");
    assert!(
        diags.is_empty(),
        "{:#?}",
        diags.iter().map(|d| d.to_string()).collect::<Vec<_>>()
    );
    assert_eq!(course.lessons.len(), 1);
    assert_eq!(course.lessons[0].title, "Parallel Loops with prange");
}

#[test]
fn resolve_rst_unresolved_references_keep_their_source_form() {
    let path = common::project_root().join("fixtures/resolve/files/raw.rst");
    let resolved = resolve(parse(&path), &ResolveOptions::default());
    let text = resolved.document.root.text_content();
    assert_eq!(
        text,
        "Unknown `Python`_, Python2_ and `two words`_ stay as written,\nand so does `Wrapped`__."
    );
    assert_eq!(resolved.diagnostics.len(), 4, "{:#?}", resolved.diagnostics);
}
