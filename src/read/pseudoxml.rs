//! A reader for docutils' pseudo-XML, the inverse of
//! [`crate::write::pseudoxml`].
//!
//! It exists as a test seam (pandoc's habit): writer tests can start from a
//! tree written down in `fixtures/` instead of from RST, and trees made by
//! docutils (`rst2pseudoxml`) can be fed to our writers for comparison.
//! Pseudo-XML is not a real interchange format (text lines that start with
//! `<` are ambiguous), so this is for fixtures, not user input.

use crate::diag::FileId;
use crate::ir::{AttrValue, Element, Kind, Node, Span};

/// Attributes whose values are space-separated lists.
const LIST_ATTRS: &[&str] = &["ids", "names", "dupnames", "classes", "backrefs", "entries"];
/// Attributes whose values are integers.
const INT_ATTRS: &[&str] = &[
    "level",
    "line",
    "morerows",
    "morecols",
    "colwidth",
    "cols",
    "start",
    "scale",
    "number",
    "maxdepth",
    "lineno_start",
];

/// An error in a pseudo-XML fixture.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("pseudo-XML line {line}: {message}")]
pub struct PseudoXmlError {
    pub line: usize,
    pub message: String,
}

/// Parse pseudo-XML text into its root element.
pub fn parse_pseudoxml(text: &str) -> Result<Element, PseudoXmlError> {
    // A stack of open elements with their indentation level.
    let mut stack: Vec<(usize, Element)> = Vec::new();
    let mut root: Option<Element> = None;
    let mut in_internals: Option<usize> = None;

    for (index, raw) in text.lines().enumerate() {
        let lineno = index + 1;
        let spaces = raw.len() - raw.trim_start_matches(' ').len();
        let level = spaces / 4;
        let content = &raw[(level * 4).min(raw.len())..];
        if let Some(internal_level) = in_internals {
            if level >= internal_level && !content.trim_start().starts_with('<')
                || raw.trim().is_empty()
            {
                if let Some((_, pending)) = stack.last_mut() {
                    read_pending_internal(pending, content.trim());
                }
                continue;
            }
            in_internals = None;
        }
        if raw.trim().is_empty() && stack.is_empty() {
            continue;
        }
        // Close elements that are not ancestors of this line.
        while let Some((open_level, _)) = stack.last() {
            if *open_level >= level {
                close_top(&mut stack, &mut root);
            } else {
                break;
            }
        }
        let span = Span::new(FileId(0), u32::try_from(lineno).unwrap_or(u32::MAX), 1);
        if content.starts_with('<') && content.ends_with('>') && names_known_element(content) {
            let element = parse_start_tag(content, span).map_err(|message| PseudoXmlError {
                line: lineno,
                message,
            })?;
            if element.kind != Kind::Document && stack.is_empty() {
                return Err(PseudoXmlError {
                    line: lineno,
                    message: "text outside the root element".into(),
                });
            }
            stack.push((level, element));
        } else if content.trim_start().starts_with(".. internal attributes:") {
            in_internals = Some(level);
        } else {
            // Text is indented one level below its element; deeper
            // indentation is part of the text (code in a literal block).
            let text_level = stack.last().map_or(level, |(open, _)| open + 1);
            let content = &raw[(text_level * 4).min(spaces)..];
            let Some((_, parent)) = stack.last_mut() else {
                return Err(PseudoXmlError {
                    line: lineno,
                    message: "text outside the root element".into(),
                });
            };
            // Consecutive text lines form one text node, as docutils prints
            // a multi-line text node line by line.
            match parent.children.last_mut() {
                Some(Node::Text(t))
                    if t.span.line as usize + t.text.matches('\n').count() + 1 == lineno =>
                {
                    t.text.push('\n');
                    t.text.push_str(content);
                }
                _ => parent.children.push(Node::text(content, span)),
            }
        }
    }
    while !stack.is_empty() {
        close_top(&mut stack, &mut root);
    }
    root.ok_or(PseudoXmlError {
        line: 1,
        message: "no root element".into(),
    })
}

/// One line of a `pending` node's internal attributes: `.transform: X`
/// or a `key: value` detail (the value as Python's `repr()`).
fn read_pending_internal(pending: &mut Element, line: &str) {
    if let Some(transform) = line.strip_prefix(".transform:") {
        pending.attrs.set("transform", transform.trim());
        return;
    }
    if line == ".details:" {
        return;
    }
    let Some((key, value)) = line.split_once(": ") else {
        return;
    };
    let value = parse_python_literal(value.trim());
    let mut details = match pending.attrs.remove("details") {
        Some(AttrValue::Map(entries)) => entries,
        _ => Vec::new(),
    };
    details.push((key.to_string(), value));
    pending.attrs.set("details", AttrValue::Map(details));
}

/// The Python literals that appear in `pending` details: `None`, booleans,
/// integers, quoted strings and lists of strings.
fn parse_python_literal(text: &str) -> AttrValue {
    match text {
        "None" => return AttrValue::None,
        "True" => return AttrValue::Bool(true),
        "False" => return AttrValue::Bool(false),
        _ => {}
    }
    if let Ok(i) = text.parse::<i64>() {
        return AttrValue::Int(i);
    }
    if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        let items = split_python_list(inner)
            .into_iter()
            .map(|item| match parse_python_literal(item) {
                AttrValue::Str(s) => s,
                other => other.to_attribute_string(),
            })
            .collect();
        return AttrValue::List(items);
    }
    AttrValue::Str(unquote_python_str(text))
}

fn split_python_list(inner: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match (quote, c) {
            (Some(_), '\\') if !escaped => {
                escaped = true;
                continue;
            }
            (Some(q), c) if c == q && !escaped => quote = None,
            (None, '\'' | '"') => quote = Some(c),
            (None, ',') => {
                items.push(inner[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
        escaped = false;
    }
    if !inner[start..].trim().is_empty() {
        items.push(inner[start..].trim());
    }
    items
}

fn unquote_python_str(text: &str) -> String {
    let Some(first) = text.chars().next() else {
        return String::new();
    };
    if !(first == '\'' || first == '"') || text.len() < 2 || !text.ends_with(first) {
        return text.to_string();
    }
    let mut out = String::new();
    let mut chars = text[1..text.len() - 1].chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether a `<...>` line opens an element we know; anything else (raw
/// HTML inside a `raw` node, say) is text.
fn names_known_element(content: &str) -> bool {
    let name_end = content.find([' ', '>']).unwrap_or(content.len());
    Kind::from_name(&content[1..name_end]).is_some()
}

fn close_top(stack: &mut Vec<(usize, Element)>, root: &mut Option<Element>) {
    if let Some((_, mut element)) = stack.pop() {
        // A lone empty line is a text node holding one newline (docutils
        // never makes an empty text node).
        for child in &mut element.children {
            if let Node::Text(t) = child
                && t.text.is_empty()
            {
                t.text.push('\n');
            }
        }
        match stack.last_mut() {
            Some((_, parent)) => parent.children.push(Node::Element(element)),
            None => *root = Some(element),
        }
    }
}

fn parse_start_tag(content: &str, span: Span) -> Result<Element, String> {
    let inner = &content[1..content.len() - 1];
    let (name, mut rest) = match inner.find(' ') {
        Some(i) => (&inner[..i], &inner[i + 1..]),
        None => (inner, ""),
    };
    let kind = Kind::from_name(name).ok_or_else(|| format!("unknown element <{name}>"))?;
    let mut element = Element::new(kind, span);
    while !rest.is_empty() {
        let eq = rest
            .find("=\"")
            .ok_or_else(|| format!("bad attribute in <{name}>: {rest}"))?;
        let key = rest[..eq].trim().to_string();
        let after = &rest[eq + 2..];
        // The value ends at the quote followed by the next attribute or the
        // end of the tag (values are not escaped in pseudo-XML).
        let end = find_value_end(after).ok_or_else(|| format!("unterminated attribute {key}"))?;
        let value = &after[..end];
        rest = after[end + 1..].trim_start();
        element.attrs.set(key.clone(), typed_value(&key, value));
    }
    Ok(element)
}

fn find_value_end(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'"', &bytes[i..]) {
        let q = i + off;
        let tail = &s[q + 1..];
        if tail.is_empty() || next_is_attribute(tail) {
            return Some(q);
        }
        i = q + 1;
    }
    None
}

fn next_is_attribute(tail: &str) -> bool {
    let Some(t) = tail.strip_prefix(' ') else {
        return false;
    };
    match t.find("=\"") {
        Some(eq) => t[..eq]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '-')),
        None => false,
    }
}

fn typed_value(key: &str, value: &str) -> AttrValue {
    if LIST_ATTRS.contains(&key) {
        let mut items = Vec::new();
        let mut current = String::new();
        let mut chars = value.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    if let Some(n) = chars.next() {
                        current.push(n);
                    }
                }
                ' ' => items.push(std::mem::take(&mut current)),
                c => current.push(c),
            }
        }
        items.push(current);
        items.retain(|s| !s.is_empty());
        return AttrValue::List(items);
    }
    if INT_ATTRS.contains(&key)
        && let Ok(i) = value.parse::<i64>()
    {
        return AttrValue::Int(i);
    }
    AttrValue::Str(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::pseudoxml::to_pseudoxml;

    #[test]
    fn pseudoxml_reader_round_trips() {
        let text = "<document source=\"x.rst\">\n    <section ids=\"a-b c\" names=\"a\\ b\">\n        <title>\n            A b\n        <literal_block xml:space=\"preserve\">\n            line 1\n            \n            line 3\n    <paragraph>\n        Some \n        <emphasis>\n            text\n        .\n";
        let root = parse_pseudoxml(text).expect("parses");
        assert_eq!(to_pseudoxml(&root), text);
        let section = root.first_child(Kind::Section).expect("section");
        assert_eq!(section.names(), ["a b"]);
        assert_eq!(section.ids(), ["a-b", "c"]);
    }

    #[test]
    fn pseudoxml_reader_reads_unknown_tags_as_text() {
        let root = parse_pseudoxml("<document>\n    <raw format=\"html\">\n        <p>x</p>\n")
            .expect("parses");
        let raw = root.first_child(Kind::Raw).expect("raw");
        assert_eq!(raw.text_content(), "<p>x</p>");
    }

    #[test]
    fn pseudoxml_reader_rejects_text_before_the_root() {
        let err = parse_pseudoxml("text\n<document>\n").unwrap_err();
        assert_eq!(err.line, 1);
    }

    #[test]
    fn pseudoxml_reader_reads_pending_details() {
        let text = "<document>\n    <pending>\n        .. internal attributes:\n             .transform: docutils.transforms.parts.Contents\n             .details:\n               class: ['a', 'b c']\n               depth: 2\n               local: None\n               title: 'On this page'\n    <paragraph>\n        After.\n";
        let root = parse_pseudoxml(text).expect("parses");
        let pending = root.first_child(Kind::Pending).expect("pending");
        assert_eq!(
            pending.attrs.str("transform"),
            Some("docutils.transforms.parts.Contents")
        );
        assert!(root.first_child(Kind::Paragraph).is_some());
        assert_eq!(to_pseudoxml(&root), text);
    }

    #[test]
    fn pseudoxml_reader_keeps_quotes_in_values() {
        let root = parse_pseudoxml("<document>\n    <image alt=\"a \"b\" c\" uri=\"x.png\">\n")
            .expect("parses");
        let image = root.first_child(Kind::Image).expect("image");
        assert_eq!(image.attrs.str("alt"), Some("a \"b\" c"));
        assert_eq!(image.attrs.str("uri"), Some("x.png"));
    }
}
