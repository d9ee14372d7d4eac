//! The pseudo-XML dump: the tree exactly as docutils' `pformat()` prints it.
//!
//! This is the test seam of the reader (pandoc's "native" format): the
//! parse-stage dump is compared with docutils' own parser tests, and the
//! resolved dump with `rst2pseudoxml`. Attributes print in name order,
//! list attributes space-separated with spaces escaped, text one line per
//! source line, `pending` nodes with their internal attributes.

use crate::ir::{AttrValue, Element, Kind, Node};
use crate::read::rst::lines::is_line_break;

const INDENT: &str = "    ";

/// The whole tree of `root` as pseudo-XML, newline-terminated.
pub fn to_pseudoxml(root: &Element) -> String {
    // Sized first: a dump is several times its source, and growing it by
    // doubling copied it and touched twice its size in fresh pages (a
    // quarter of the page faults of a parse-stage run on a large document).
    let mut out = String::with_capacity(estimated_len(root, 0));
    write_element(root, 0, &mut out);
    out
}

/// About the bytes [`write_element`] writes for `el` at `level` (exact
/// but for numbers, escapes, `pending` internals and rare line breaks):
/// enough to allocate the dump once.
fn estimated_len(el: &Element, level: usize) -> usize {
    let mut len = level * INDENT.len() + el.kind.name().len() + "<>\n".len();
    for (name, value) in el.attrs.iter() {
        len += name.len() + " =\"\"".len() + value_len(value);
    }
    for child in &el.children {
        len += match child {
            Node::Element(e) => estimated_len(e, level + 1),
            Node::Text(t) => {
                let lines = memchr::memchr_iter(b'\n', t.text.as_bytes()).count() + 1;
                t.text.len() + lines * ((level + 1) * INDENT.len() + 1)
            }
        };
    }
    len
}

/// About the length of [`AttrValue::write_attribute_string`]'s output.
fn value_len(value: &AttrValue) -> usize {
    match value {
        AttrValue::Str(s) => s.len(),
        AttrValue::List(items) => items.iter().map(|item| item.len() + 1).sum(),
        _ => 8,
    }
}

fn push_indent(out: &mut String, level: usize) {
    // One copy from a run of spaces instead of one per level.
    const SPACES: &str = "                                                                ";
    let mut width = level * INDENT.len();
    while width > 0 {
        let step = width.min(SPACES.len());
        out.push_str(&SPACES[..step]);
        width -= step;
    }
}

/// `<name attr="value" ...>` as docutils' `Element.starttag()` writes it.
pub fn start_tag(el: &Element) -> String {
    let mut tag = String::new();
    push_start_tag(el, &mut tag);
    tag
}

/// [`start_tag`] appended to `out`.
fn push_start_tag(el: &Element, out: &mut String) {
    out.push('<');
    out.push_str(el.kind.name());
    for (name, value) in el.attrs.iter() {
        if el.kind == Kind::Pending && matches!(name, "transform" | "details") {
            continue;
        }
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        value.write_attribute_string(out);
        out.push('"');
    }
    out.push('>');
}

fn write_element(el: &Element, level: usize, out: &mut String) {
    push_indent(out, level);
    push_start_tag(el, out);
    out.push('\n');
    for child in &el.children {
        match child {
            Node::Element(e) => write_element(e, level + 1, out),
            Node::Text(t) => write_text(&t.text, level + 1, out),
        }
    }
    if el.kind == Kind::Pending {
        write_pending_internals(el, level + 1, out);
    }
}

fn write_text(text: &str, level: usize, out: &mut String) {
    for_each_python_line(text, |line| {
        push_indent(out, level);
        out.push_str(line);
        out.push('\n');
    });
}

/// The `.. internal attributes:` block docutils prints under a `pending`.
fn write_pending_internals(el: &Element, level: usize, out: &mut String) {
    let mut line = |text: &str| {
        push_indent(out, level);
        out.push_str(text);
        out.push('\n');
    };
    line(".. internal attributes:");
    line(&format!(
        "     .transform: {}",
        el.attrs.str("transform").unwrap_or("")
    ));
    line("     .details:");
    if let Some(AttrValue::Map(details)) = el.attrs.get("details") {
        let mut sorted: Vec<_> = details.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        for (key, value) in sorted {
            line(&format!("       {key}: {}", value.python_repr()));
        }
    }
}

/// Python's `str.splitlines()`: splits on every Unicode line boundary and
/// drops the final empty line.
pub fn python_splitlines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    for_each_python_line(text, |line| lines.push(line));
    lines
}

/// [`python_splitlines`] without collecting: `line` is called on each line
/// in order (the dump splits every text node).
fn for_each_python_line<'t>(text: &'t str, mut line: impl FnMut(&'t str)) {
    let bytes = text.as_bytes();
    // Text breaking only at LF (the usual case) splits with memchr; the
    // other separators' bytes (CR, VT, FF, FS-RS, and the lead bytes of
    // NEL, LS and PS) send it the general way.
    // (A fold, not `any`: without an early exit the loop vectorises.)
    let rare = bytes.iter().fold(false, |found, &b| {
        found | matches!(b, b'\r' | 0x0b | 0x0c | 0x1c..=0x1e | 0xc2 | 0xe2)
    });
    if !rare {
        // A final LF ends the last line rather than starting an empty one.
        let body = text.strip_suffix('\n').unwrap_or(text);
        if !text.is_empty() {
            body.split('\n').for_each(line);
        }
        return;
    }
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_line_break(c) {
            line(&text[start..i]);
            let mut end = i + c.len_utf8();
            if c == '\r'
                && let Some(&(j, '\n')) = chars.peek()
            {
                chars.next();
                end = j + 1;
            }
            start = end;
        }
    }
    if start < text.len() {
        line(&text[start..]);
    }
}

/// The `pseudoxml` writer: the tree as docutils prints it.
pub struct PseudoXmlWriter;

impl super::Writer for PseudoXmlWriter {
    fn format(&self) -> super::Format {
        super::Format::Pseudoxml
    }

    fn write(
        &self,
        doc: &crate::ir::Document,
        _style: &crate::style::Style,
        _build: &super::BuildInfo,
    ) -> super::Artifact {
        super::Artifact::from_bytes(to_pseudoxml(&doc.root).into_bytes())
    }

    fn write_book(
        &self,
        course: &crate::course::Course,
        _style: &crate::style::Style,
        _build: &super::BuildInfo,
    ) -> super::Artifact {
        let mut out = to_pseudoxml(&course.index.root);
        for lesson in &course.lessons {
            out.push_str(&to_pseudoxml(&lesson.doc.root));
        }
        super::Artifact::from_bytes(out.into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Span;

    #[test]
    fn pseudoxml_matches_docutils_layout() {
        let mut doc = Element::new(Kind::Document, Span::NONE).with_attr("source", "test data");
        let mut p = Element::new(Kind::Paragraph, Span::NONE);
        p.push_text("Hello ", Span::NONE);
        p.push(Element::new(Kind::Emphasis, Span::NONE).with_text("world"));
        doc.push(p);
        doc.push(
            Element::new(Kind::LiteralBlock, Span::NONE)
                .with_attr("xml:space", "preserve")
                .with_text("a\n\nb"),
        );
        assert_eq!(
            to_pseudoxml(&doc),
            "<document source=\"test data\">\n    <paragraph>\n        Hello \n        <emphasis>\n            world\n    <literal_block xml:space=\"preserve\">\n        a\n        \n        b\n"
        );
    }

    #[test]
    fn pseudoxml_pending_internals() {
        let pending = Element::new(Kind::Pending, Span::NONE)
            .with_attr("transform", "docutils.transforms.misc.ClassAttribute")
            .with_attr(
                "details",
                AttrValue::Map(vec![
                    ("directive".into(), AttrValue::Str("class".into())),
                    ("class".into(), AttrValue::List(vec!["a".into()])),
                ]),
            );
        let doc = Element::new(Kind::Document, Span::NONE).with_child(pending);
        assert_eq!(
            to_pseudoxml(&doc),
            "<document>\n    <pending>\n        .. internal attributes:\n             .transform: docutils.transforms.misc.ClassAttribute\n             .details:\n               class: ['a']\n               directive: 'class'\n"
        );
    }

    #[test]
    fn pseudoxml_splitlines_like_python() {
        assert_eq!(python_splitlines("a\r\nb\rc\n"), ["a", "b", "c"]);
        assert_eq!(python_splitlines(""), Vec::<&str>::new());
        assert_eq!(python_splitlines("\n"), [""]);
        assert_eq!(python_splitlines("a\n\nb"), ["a", "", "b"]);
        assert_eq!(
            python_splitlines("a\u{2014}b\u{2028}c\u{85}d\x0ce"),
            ["a\u{2014}b", "c", "d", "e"]
        );
    }
}
