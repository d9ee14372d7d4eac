//! The parser never panics and stays fast on arbitrary and adversarial
//! input: proptest over arbitrary strings and over mutated lessons, plus
//! pathological cases (deep nesting, long runs of markup characters).

use proptest::prelude::*;
use rstconv::ReadOptions;

const LESSON: &str = include_str!("../fixtures/course/parallel-loops.rst");
const SEED: &str = include_str!("../fixtures/lessons/seed-lesson.rst");

fn parse(text: &str) -> rstconv::Parsed {
    rstconv::parse(text, &ReadOptions::named("fuzz.rst"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn parse_robustness_arbitrary_text(text in "\\PC{0,400}") {
        let parsed = parse(&text);
        prop_assert_eq!(parsed.document.root.kind, rstconv::Kind::Document);
    }

    #[test]
    fn parse_robustness_markup_soup(text in "[ \\n*`_|:\\[\\]#.<>=+\\-a-z0-9\\\\]{0,300}") {
        let parsed = parse(&text);
        prop_assert_eq!(parsed.document.root.kind, rstconv::Kind::Document);
    }

    #[test]
    fn parse_robustness_mutated_lessons(cut in 0usize..8000, len in 0usize..200, insert in "\\PC{0,40}", which in 0usize..2) {
        let base = if which == 0 { LESSON } else { SEED };
        let mut text = base.to_string();
        let mut at = cut.min(text.len());
        while !text.is_char_boundary(at) { at -= 1; }
        let mut end = (at + len).min(text.len());
        while !text.is_char_boundary(end) { end -= 1; }
        text.replace_range(at..end.max(at), &insert);
        let parsed = parse(&text);
        prop_assert_eq!(parsed.document.root.kind, rstconv::Kind::Document);
    }
}

#[test]
fn parse_robustness_deep_nesting() {
    let mut text = String::new();
    for i in 0..400 {
        text.push_str(&" ".repeat(i));
        text.push_str("- item\n\n");
    }
    let parsed = parse(&text);
    assert!(!parsed.document.root.children.is_empty());
    let mut quotes = String::new();
    for i in 0..400 {
        quotes.push_str(&" ".repeat(i));
        quotes.push_str("quote\n\n");
    }
    parse(&quotes);
}

#[test]
fn parse_robustness_long_markup_runs() {
    // Completing at all is the check here; time versus size is measured
    // by `make bench-pathological`.
    for unit in [
        "`",
        "*",
        "**",
        "_",
        "|",
        "[",
        ":a",
        "a-",
        "``x",
        "`a`_ ",
        "http://a.b/ ",
    ] {
        // ~100k characters in one paragraph, in lines under docutils'
        // line-length limit (longer lines stop the parse at once)
        let line = unit.repeat(9_000 / unit.len());
        let text = format!("{line}\n").repeat(11);
        let parsed = parse(&text);
        assert_eq!(parsed.document.root.kind, rstconv::Kind::Document);
    }
}

#[test]
fn parse_robustness_deep_indentation_ends_in_a_message() {
    // Each level is indented further: the input grows quadratically, and
    // rescanning every deeper line at every level used to be cubic.
    let mut text = String::new();
    for i in 0..1500 {
        text.push_str(&"   ".repeat(i));
        text.push_str("quote\n\n");
    }
    let parsed = parse(&text);
    assert!(
        parsed
            .diagnostics
            .iter()
            .any(|d| d.message.contains("Nesting too deep")),
        "deep nesting ends in a severe message"
    );
}

#[test]
fn parse_robustness_huge_grid_table() {
    // Corner scanning used to re-sort and shift its queue for every cell.
    let rows = 5000;
    let text = format!("+---+---+\n{}", "| a | b |\n+---+---+\n".repeat(rows));
    let parsed = parse(&text);
    let pxml = rstconv::write::pseudoxml::to_pseudoxml(&parsed.document.root);
    assert_eq!(pxml.matches("<row>").count(), rows);
}
