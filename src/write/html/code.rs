//! Code blocks: `literal_block`s highlighted at build time (no JavaScript)
//! with the shared tokenizer ([`crate::highlight`]), line numbers in a
//! gutter drawn by CSS (`::before` content is not copied, so copy-paste
//! gets only the code), and emphasised lines (`:emphasize-lines:`).
//!
//! Attributes read (Sphinx-subset conventions, `fixtures/ir/sphinx-subset.pxml`):
//! `language`, `linenos`, `lineno_start`, `highlight_lines` (1-based lines
//! of the block, as Sphinx counts them).

use crate::highlight::{ClassedPiece, highlight_classed};
use crate::ir::{AttrValue, Element};

use super::markup::Markup;

/// How one code block is shown.
pub struct CodeBlock<'a> {
    pub code: &'a str,
    /// `None` or an unknown language: plain text.
    pub language: Option<&'a str>,
    pub line_numbers: bool,
    pub first_line_number: i64,
    /// 1-based lines of the block to emphasise.
    pub emphasized: Vec<usize>,
    pub tab_width: usize,
    /// Extra classes for the wrapper (`doctest-block`, `literal-block`).
    pub class: &'a str,
}

/// The emphasised lines of a block: `highlight_lines` as a list or a
/// space/comma separated string of numbers.
pub fn emphasized_lines(el: &Element) -> Vec<usize> {
    let words: Vec<String> = match el.attrs.get("highlight_lines") {
        Some(AttrValue::List(items)) => items.clone(),
        Some(AttrValue::Str(s)) => s
            .split(|c: char| c.is_whitespace() || c == ',')
            .map(str::to_string)
            .collect(),
        Some(AttrValue::Int(i)) => vec![i.to_string()],
        _ => Vec::new(),
    };
    words
        .iter()
        .filter_map(|w| w.trim().parse::<usize>().ok())
        .collect()
}

/// Replace tabs by spaces up to the next tab stop (columns counted in
/// characters), as docutils does for literal blocks.
fn expand_tabs(line: &str, tab_width: usize) -> String {
    if !line.contains('\t') || tab_width == 0 {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            let spaces = tab_width - column % tab_width;
            out.extend(std::iter::repeat_n(' ', spaces));
            column += spaces;
        } else {
            out.push(c);
            column += 1;
        }
    }
    out
}

/// Write a code block: `<div class="highlight"><pre><code>` with one
/// `span.line` per source line.
pub fn write_code_block(m: &mut Markup, block: &CodeBlock) {
    let code: String = block
        .code
        .lines()
        .map(|l| expand_tabs(l, block.tab_width))
        .collect::<Vec<_>>()
        .join("\n");
    let language = block.language.unwrap_or("");
    let highlighted = if language.is_empty() {
        None
    } else {
        highlight_classed(&code, language)
    };
    let plain: Vec<&str> = code.lines().collect();
    let line_count = highlighted
        .as_ref()
        .map_or(plain.len(), |lines| lines.len());

    let mut wrapper_class = String::from("highlight");
    if !block.class.is_empty() {
        wrapper_class.push(' ');
        wrapper_class.push_str(block.class);
    }
    if highlighted.is_some() {
        wrapper_class.push_str(" hl");
    }
    let lang_attr;
    let mut attrs: Vec<(&str, &str)> = vec![("class", &wrapper_class)];
    if !language.is_empty() {
        lang_attr = language.to_ascii_lowercase();
        attrs.push(("data-language", &lang_attr));
    }
    m.open("div", &attrs);
    let last_number = block.first_line_number + line_count as i64 - 1;
    let digits = last_number.max(1).to_string().len();
    let gutter = format!("--lnw:{digits}ch");
    if block.line_numbers {
        m.open("pre", &[("class", "linenos"), ("style", &gutter)]);
    } else {
        m.open("pre", &[]);
    }
    m.open("code", &[]);
    for index in 0..line_count {
        let number = (block.first_line_number + index as i64).to_string();
        let emphasized = block.emphasized.contains(&(index + 1));
        let class = if emphasized { "line hll" } else { "line" };
        if block.line_numbers {
            m.open("span", &[("class", class), ("data-n", &number)]);
        } else {
            m.open("span", &[("class", class)]);
        }
        match highlighted.as_ref().and_then(|lines| lines.get(index)) {
            Some(pieces) => write_pieces(m, pieces),
            None => m.text(plain.get(index).copied().unwrap_or("")),
        }
        m.close("span");
        if index + 1 < line_count {
            m.text("\n");
        }
    }
    m.close("code");
    m.close("pre");
    m.close("div");
}

/// One highlighted line: nested scope spans.
fn write_pieces(m: &mut Markup, pieces: &[ClassedPiece]) {
    for piece in pieces {
        match piece {
            ClassedPiece::Open(classes) => m.open("span", &[("class", classes)]),
            ClassedPiece::Text(text) => m.text(text),
            ClassedPiece::Close => m.close("span"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_tabs_expand_to_stops() {
        assert_eq!(expand_tabs("a\tb", 4), "a   b");
        assert_eq!(expand_tabs("\tx", 8), "        x");
    }

    #[test]
    fn code_block_numbers_and_emphasises_lines() {
        let mut m = Markup::new();
        write_code_block(
            &mut m,
            &CodeBlock {
                code: "x = 1\ny = 2",
                language: Some("python"),
                line_numbers: true,
                first_line_number: 9,
                emphasized: vec![2],
                tab_width: 8,
                class: "",
            },
        );
        let html = m.finish();
        assert!(html.contains("data-n=\"9\""), "{html}");
        assert!(
            html.contains("<span class=\"line hll\" data-n=\"10\">"),
            "{html}"
        );
        assert!(html.contains("--lnw:2ch"), "{html}");
        assert!(html.contains("hl-"), "{html}");
    }
}
