//! Golden notebooks: the writer's output for resolved fixture trees,
//! compared byte for byte with `fixtures/ipynb/*.ipynb`
//! (`RSTCONV_BLESS=1 cargo test --test ipynb_golden` regenerates them).

mod common;
mod ipynb_support;

use ipynb_support::{SHIPPED_LESSONS, cells, render, render_lesson, render_with};
use rstconv::style::{Style, StyleSource};

#[test]
fn ipynb_golden_kitchen_sink() {
    let (text, diagnostics) = render("kitchen-sink.pxml", "fixtures/course");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    common::assert_golden("fixtures/ipynb/kitchen-sink.ipynb", &text);
}

#[test]
fn ipynb_golden_sphinx_subset() {
    let (text, diagnostics) = render("sphinx-subset.pxml", "fixtures/course");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    common::assert_golden("fixtures/ipynb/sphinx-subset.ipynb", &text);
}

#[test]
fn ipynb_golden_runnable_lesson() {
    let (text, diagnostics) = render("fixtures/ipynb/runnable-lesson.pxml", "fixtures/ipynb");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    common::assert_golden("fixtures/ipynb/runnable-lesson.ipynb", &text);
}

/// The shipped lessons through the whole reader: parse, resolve, write.
/// (These follow the parser and resolve passes: re-bless when they grow.)
#[test]
fn ipynb_golden_shipped_lessons() {
    for lesson in SHIPPED_LESSONS {
        let (text, diagnostics) = render_lesson(lesson);
        let name = std::path::Path::new(lesson)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("lesson");
        common::assert_golden(format!("fixtures/ipynb/{name}.ipynb"), &text);
        // The writer's own diagnostics: the seed's image is really missing.
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
        let expected: &[&str] = if name == "seed-lesson" {
            &["missing-image"]
        } else {
            &[]
        };
        assert_eq!(codes, expected, "{lesson}");
    }
}

/// Every style key of the section changes the output as documented.
#[test]
fn ipynb_golden_style_variant() {
    let user = StyleSource {
        name: "variant.yaml".into(),
        text: "ipynb:\n  shell_cells: bang\n  admonition_style: quote\n  cells:\n    section_level: 0\n    max_lines: 0\n  exercises:\n    answer_cells: true\n    answer_text: ''\n  headings:\n    numbering: true\n"
            .into(),
    };
    let style = Style::load(&[user]).expect("valid style");
    let (text, _) = render_with(
        "fixtures/ipynb/runnable-lesson.pxml",
        "fixtures/ipynb",
        &style,
    );
    common::assert_golden("fixtures/ipynb/runnable-lesson.variant.ipynb", &text);
    let cells = cells(&text);
    assert!(
        cells
            .iter()
            .any(|(k, s)| k == "code" && s == "!python primes.py")
    );
    assert!(
        cells
            .iter()
            .any(|(k, s)| k == "markdown" && s.contains("> **ℹ Note**"))
    );
    assert!(
        cells.iter().any(|(k, s)| k == "code" && s.is_empty()),
        "empty answer cell"
    );
}

#[test]
fn ipynb_output_is_deterministic() {
    let (a, _) = render("kitchen-sink.pxml", "fixtures/course");
    let (b, _) = render("kitchen-sink.pxml", "fixtures/course");
    assert_eq!(a, b);
}
