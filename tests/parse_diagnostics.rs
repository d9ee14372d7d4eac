//! Parse diagnostics point at the construct: file, line and the column
//! where the construct starts (nested blocks drop indentation, the column
//! does not).

use rstconv::{ReadOptions, Severity};

mod common;

fn diagnostics(text: &str) -> Vec<String> {
    let parsed = rstconv::parse(text, &ReadOptions::named("lesson.rst"));
    common::diagnostics_at_least(&parsed, Severity::Warning)
}

#[test]
fn parse_diagnostics_carry_the_construct_column() {
    let text = "Para.\n\n- item\n\n  * sub *unclosed\n\n    .. nosuchdirective:: x\n";
    let diags = diagnostics(text);
    assert!(
        diags.iter().any(|d| d.starts_with(
            "lesson.rst:5:5: warning: Inline emphasis start-string without end-string."
        )),
        "{diags:?}"
    );
    assert!(
        diags
            .iter()
            .any(|d| d
                .starts_with("lesson.rst:7:5: error: Unknown directive type \"nosuchdirective\".")),
        "{diags:?}"
    );
}

#[test]
fn parse_diagnostics_top_level_is_column_one() {
    let diags = diagnostics("Title\n===\n\n.. nosuch::\n");
    assert!(
        diags
            .iter()
            .any(|d| d.starts_with("lesson.rst:4:1: error:")),
        "{diags:?}"
    );
}

#[test]
fn parse_diagnostics_show_the_detail_lines() {
    // the detail after the first line of a message is part of the diagnostic
    let diags = diagnostics(".. image:: x.png\n   :nosuchoption: 1\n");
    assert!(
        diags
            .iter()
            .any(|d| d.contains("Error in \"image\" directive: unknown option: \"nosuchoption\".")),
        "{diags:?}"
    );
}
