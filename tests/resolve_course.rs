//! Course packs through the resolve passes: a small course of our own
//! (`fixtures/resolve/course/`: an index, the Sphinx subset lesson and a
//! lesson that refers back to it), each file's parse-stage tree made by
//! `scripts/sphinx-parse.py`, then `load_course_with` → cross-document
//! references, toctree titles, book-wide numbers.

use std::path::Path;

use rstconv::diag::{Diagnostic, Severity, SourceMap};
use rstconv::ir::Document;
use rstconv::read::pseudoxml::parse_pseudoxml;
use rstconv::read::{Parsed, ReadOptions};
use rstconv::resolve::ResolveOptions;
use rstconv::resolve::course::load_course_with;
use rstconv::write::pseudoxml::to_pseudoxml;

mod common;

/// Parse a course file from its `.parse.pxml` fixture instead of the RST.
fn parse_from_fixture(path: &Path, options: &ReadOptions) -> Result<Parsed, Diagnostic> {
    let fixture = path.with_extension("parse.pxml");
    let text = std::fs::read_to_string(&fixture).map_err(|e| {
        Diagnostic::new(
            Severity::Error,
            "io",
            options.source_name.as_str(),
            0,
            0,
            e.to_string(),
        )
    })?;
    let mut root = parse_pseudoxml(&text).expect("pseudo-XML fixture");
    root.walk_mut(&mut |e| e.span.col = 0);
    let mut sources = SourceMap::new();
    sources.add(
        path,
        path.file_name().and_then(|n| n.to_str()).unwrap_or("x.rst"),
    );
    Ok(Parsed {
        document: Document { root, sources },
        diagnostics: Vec::new(),
    })
}

#[test]
fn resolve_course_cross_document_references() {
    let root = common::project_root().join("fixtures/resolve/course");
    let (course, diags) = load_course_with(&root, &ResolveOptions::default(), &parse_from_fixture);
    let course = course.expect("a course");
    assert_eq!(course.title, "Numba for HPC: Course");
    let order: Vec<&str> = course.lessons.iter().map(|l| l.docname.as_str()).collect();
    assert_eq!(order, ["sphinx-subset", "second"]);
    assert_eq!(course.lessons[1].title, "Second lesson");

    common::assert_golden(
        "fixtures/resolve/course/index.pxml",
        &to_pseudoxml(&course.index.root),
    );
    for lesson in &course.lessons {
        common::assert_golden(
            format!("fixtures/resolve/course/{}.pxml", lesson.docname),
            &to_pseudoxml(&lesson.doc.root),
        );
    }
    // The Sphinx-subset lesson in a course is exactly the writers' fixture.
    let subset = to_pseudoxml(&course.lessons[0].doc.root);
    let expected =
        std::fs::read_to_string(common::project_root().join("fixtures/ir/sphinx-subset.pxml"))
            .expect("writer fixture");
    let strip = |s: &str| s.replace(" source=\"sphinx-subset.rst\"", "");
    assert_eq!(strip(&subset), strip(&expected));

    let messages: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(
        messages[0].contains("undefined label: 'nowhere'"),
        "{messages:#?}"
    );
    assert!(
        messages[1].contains("unknown document: 'nothing'"),
        "{messages:#?}"
    );
}
