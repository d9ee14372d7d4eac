//! Markdown escaping, checked against a CommonMark parser (pulldown-cmark
//! with the GFM table and strikethrough extensions and `$` math, as
//! Jupyter's renderers have them): any text the writer escapes reads back
//! as exactly that text, and any code span as exactly that code.

use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use rstconv::write::ipynb::inline::{InlineMode, code_span, escape_into};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_MATH
        | Options::ENABLE_TASKLISTS
}

/// The text a CommonMark renderer shows for `markdown`, with line breaks
/// as `\n`, and whether it stayed one plain paragraph.
fn rendered_text(markdown: &str) -> (String, bool) {
    let mut text = String::new();
    let mut plain = true;
    let mut paragraphs = 0;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push('\n'),
            Event::Start(Tag::Paragraph) => paragraphs += 1,
            Event::End(TagEnd::Paragraph) => {}
            _ => plain = false,
        }
    }
    (text, plain && paragraphs <= 1)
}

fn escaped(text: &str) -> String {
    let mut out = String::new();
    escape_into(&mut out, text, InlineMode::MARKDOWN, &mut true);
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn ipynb_escaped_text_reads_back_unchanged(
        lines in prop::collection::vec("[a-zA-Z0-9 *_\\[\\]\\\\`<>#+=|~$&!.():;'\"{}^%@/-]{1,24}", 1..4)
    ) {
        let lines: Vec<String> = lines
            .iter()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect();
        prop_assume!(!lines.is_empty());
        let text = lines.join("\n");
        let markdown = escaped(&text);
        let (shown, plain) = rendered_text(&markdown);
        prop_assert!(plain, "not a plain paragraph: {markdown:?}");
        prop_assert_eq!(shown, text, "markdown was {:?}", markdown);
    }

    #[test]
    fn ipynb_code_spans_read_back_unchanged(code in "[a-z` $*_|]{1,12}") {
        let markdown = code_span(&code, false);
        let events: Vec<Event> = Parser::new_ext(&markdown, options()).collect();
        let codes: Vec<String> = events
            .iter()
            .filter_map(|e| match e {
                Event::Code(c) => Some(c.to_string()),
                _ => None,
            })
            .collect();
        prop_assert_eq!(codes, vec![code.clone()], "markdown was {:?}", markdown);
    }
}

#[test]
fn ipynb_escape_keeps_lists_headings_and_math_as_text() {
    for text in [
        "# not a heading",
        "- not a list",
        "1. not a list",
        "2026) a year",
        "> not a quote",
        "=====",
        "costs $5 and $6",
        "a | b",
        "~~gone~~",
        "snake_case and _under_",
        "&copy; stays",
        "<b>not html</b>",
        "[not](a link)",
        "*not emphasis*",
    ] {
        let markdown = escaped(text);
        let (shown, plain) = rendered_text(&markdown);
        assert!(plain, "{text:?} → {markdown:?}");
        assert_eq!(shown, text, "{text:?} → {markdown:?}");
    }
    // The oracle does see markup when it is there.
    for raw in ["*a*", "# a", "- a", "$x$", "a\n===", "[a](b)", "<b>a</b>"] {
        assert!(!rendered_text(raw).1, "{raw:?} read as plain text");
    }
    // Intraword underscores need no escape (readable source).
    assert_eq!(escaped("snake_case"), "snake_case");
}
