//! Input lines and indented blocks (docutils' `string2lines` and
//! `StringList.get_indented`).
//!
//! Text is split on every line boundary Python's `splitlines` knows, tabs
//! are expanded to `tab_width` stops, vertical tabs and form feeds become
//! spaces, and trailing whitespace is stripped. A [`Line`] borrows from the
//! input unless it had to change; it remembers its file and 1-based line.
//! Indentation is counted in characters, as docutils does.

use std::borrow::Cow;

use crate::diag::FileId;

/// One input line, right-stripped.
#[derive(Clone, Debug)]
pub struct Line<'a> {
    pub text: Cow<'a, str>,
    pub file: FileId,
    /// 1-based line number in `file`.
    pub lineno: u32,
    /// 1-based column (in characters, tabs expanded) of the text's first
    /// character in the source line: nested blocks drop indentation, and
    /// diagnostics still point at the construct.
    pub col: u32,
}

impl<'a> Line<'a> {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }

    /// The line without its first `n` characters.
    pub fn drop_chars(&self, n: usize) -> Line<'a> {
        let at = byte_offset_of_char(&self.text, n);
        self.drop_bytes(at)
    }

    /// The line without its first `at` bytes (a char boundary).
    pub fn drop_bytes(&self, at: usize) -> Line<'a> {
        let at = at.min(self.text.len());
        let dropped = u32::try_from(char_count(&self.text, at)).unwrap_or(0);
        let text = match &self.text {
            Cow::Borrowed(s) => Cow::Borrowed(s.get(at..).unwrap_or("")),
            Cow::Owned(s) => Cow::Owned(s.get(at..).unwrap_or("").to_string()),
        };
        Line {
            text,
            file: self.file,
            lineno: self.lineno,
            col: self.col.saturating_add(dropped),
        }
    }

    pub fn with_text(&self, text: String) -> Line<'a> {
        Line {
            text: Cow::Owned(text),
            file: self.file,
            lineno: self.lineno,
            col: self.col,
        }
    }

    /// Where the line's text starts in the source.
    pub fn span(&self) -> crate::ir::Span {
        crate::ir::Span::new(self.file, self.lineno, self.col)
    }
}

/// The byte offset of the `n`th character (or the length).
pub fn byte_offset_of_char(s: &str, n: usize) -> usize {
    // Only the first `n` bytes matter: O(n), not O(line length), which
    // keeps deeply nested blocks of long lines linear.
    let head = &s.as_bytes()[..n.min(s.len())];
    if head.is_ascii() {
        return head.len();
    }
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

/// Number of characters in `s[..byte]`.
pub fn char_count(s: &str, byte: usize) -> usize {
    let head = s.get(..byte.min(s.len())).unwrap_or("");
    if head.is_ascii() {
        head.len()
    } else {
        head.chars().count()
    }
}

/// Python's whitespace test (`str.isspace`) for one character.
pub fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// Leading whitespace, in characters (`len(s) - len(s.lstrip())`).
pub fn indent_of(s: &str) -> usize {
    indent_of_capped(s, usize::MAX)
}

/// [`indent_of`], counting no further than `cap` characters (enough to
/// compare with a known minimum).
pub fn indent_of_capped(s: &str, cap: usize) -> usize {
    let mut n = 0;
    for c in s.chars() {
        if n >= cap || !is_py_space(c) {
            break;
        }
        n += 1;
    }
    n
}

/// Whether `s` is all whitespace; O(1) for the usual right-stripped line.
pub fn is_blank_text(s: &str) -> bool {
    match s.chars().next_back() {
        None => true,
        Some(c) if !is_py_space(c) => false,
        Some(_) => py_strip(s).is_empty(),
    }
}

/// `s.strip()` with Python's whitespace.
pub fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_space)
}

/// Whether a line boundary for Python's `splitlines`.
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\x0b'
            | '\x0c'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// Split text into lines as docutils' `string2lines` does (with
/// `convert_whitespace`): `\v` and `\f` become spaces (so they do not break
/// lines), tabs are expanded, trailing whitespace is stripped.
pub fn split_lines(text: &str, file: FileId, tab_width: usize) -> Vec<Line<'_>> {
    let bytes = text.as_bytes();
    // One allocation for all lines (a count is a SIMD pass; growing a
    // large vector copies it).
    let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
    // Text without FS/GS/RS, NEL, LS or PS breaks only at CR and LF, which
    // memchr finds fast (UTF-8 continuation bytes are never CR or LF). Both
    // checks are whole-text SIMD scans: a byte loop and a char search here
    // cost more than the splitting itself.
    let plain =
        memchr::memchr3(0x1c, 0x1d, 0x1e, bytes).is_none() && !has_unicode_line_break(bytes);
    // Lines need tab expansion or VT/FF replacement only if the text has any.
    let tab_width = if memchr::memchr3(b'\t', 0x0b, 0x0c, bytes).is_some() {
        Some(tab_width)
    } else {
        None
    };
    let mut start = 0;
    let mut lineno: u32 = 1;
    if plain {
        for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if at < start {
                continue; // the LF of a CRLF
            }
            lines.push(make_line(&text[start..at], file, lineno, tab_width));
            lineno = lineno.saturating_add(1);
            start = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
        }
    } else {
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let (is_break, len) = if b == b'\n' {
                (true, 1)
            } else if b == b'\r' {
                (
                    true,
                    if bytes.get(i + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    },
                )
            } else if matches!(b, 0x1c..=0x1e) {
                (true, 1)
            } else if b >= 0x80 {
                let c = text[i..].chars().next().unwrap_or(' ');
                (is_line_break(c) && c != '\x0b' && c != '\x0c', c.len_utf8())
            } else {
                (false, 1)
            };
            if is_break {
                lines.push(make_line(&text[start..i], file, lineno, tab_width));
                lineno = lineno.saturating_add(1);
                i += len;
                start = i;
            } else {
                i += len;
            }
        }
    }
    if start < text.len() {
        lines.push(make_line(&text[start..], file, lineno, tab_width));
    }
    lines
}

/// Whether the UTF-8 `bytes` hold NEL (C2 85), LS (E2 80 A8) or PS
/// (E2 80 A9), found by their lead bytes.
fn has_unicode_line_break(bytes: &[u8]) -> bool {
    memchr::memchr2_iter(0xc2, 0xe2, bytes).any(|at| match bytes[at] {
        0xc2 => bytes.get(at + 1) == Some(&0x85),
        _ => bytes.get(at + 1) == Some(&0x80) && matches!(bytes.get(at + 2), Some(0xa8 | 0xa9)),
    })
}

/// `s.rstrip()` with Python's whitespace, fast on ASCII endings.
fn trim_end_py(s: &str) -> &str {
    let bytes = s.as_bytes();
    let mut end = bytes.len();
    while end > 0 {
        match bytes[end - 1] {
            b' ' | b'\t'..=b'\r' | 0x1c..=0x1f => end -= 1,
            b if b >= 0x80 => return s[..end].trim_end_matches(is_py_space),
            _ => break,
        }
    }
    &s[..end]
}

/// One line, right-stripped; `tab_width` is `None` when the whole text has
/// no tab, VT or FF (nothing to expand or replace).
fn make_line(raw: &str, file: FileId, lineno: u32, tab_width: Option<usize>) -> Line<'_> {
    let needs_work =
        tab_width.is_some() && memchr::memchr3(b'\t', 0x0b, 0x0c, raw.as_bytes()).is_some();
    let tab_width = tab_width.unwrap_or(0);
    let text = if needs_work {
        let mut out = String::with_capacity(raw.len() + 8);
        let mut col = 0usize;
        for c in raw.chars() {
            match c {
                '\t' => {
                    if tab_width > 0 {
                        let n = tab_width - (col % tab_width);
                        for _ in 0..n {
                            out.push(' ');
                        }
                        col += n;
                    }
                }
                '\x0b' | '\x0c' => {
                    out.push(' ');
                    col += 1;
                }
                c => {
                    out.push(c);
                    col += 1;
                }
            }
        }
        let trimmed_len = trim_end_py(&out).len();
        out.truncate(trimmed_len);
        Cow::Owned(out)
    } else {
        Cow::Borrowed(trim_end_py(raw))
    };
    Line {
        text,
        file,
        lineno,
        col: 1,
    }
}

/// An indented block read from a list of lines.
#[derive(Debug)]
pub struct Indented<'a> {
    /// The block's lines, indentation removed, leading blank lines dropped
    /// (trailing blank lines are kept, as in docutils).
    pub lines: Vec<Line<'a>>,
    /// The common indentation removed (characters).
    pub indent: usize,
    /// Whether the block ended with a blank line or the end of input.
    pub blank_finish: bool,
    /// Input lines spanned, from the start line (at least 1 when any).
    pub consumed: usize,
    /// Leading blank lines dropped from `lines`.
    pub skipped: usize,
}

/// How to read an indented block (`StringList.get_indented`).
#[derive(Clone, Copy, Debug, Default)]
pub struct IndentSpec {
    /// Stop at the first blank line.
    pub until_blank: bool,
    /// Remove the indentation.
    pub strip_indent: bool,
    /// A known indentation every line must have (`get_known_indented`).
    pub block_indent: Option<usize>,
    /// The first line's indentation (bytes into the first line), already
    /// known from its marker.
    pub first_indent: Option<usize>,
    /// Drop leading blank lines (docutils' `strip_top`).
    pub strip_top: bool,
}

impl IndentSpec {
    /// `get_indented()`: indentation from the block itself.
    pub fn plain() -> IndentSpec {
        IndentSpec {
            strip_indent: true,
            strip_top: true,
            ..IndentSpec::default()
        }
    }

    /// `get_known_indented(indent)`: every line indented by `indent` chars.
    pub fn known(indent: usize) -> IndentSpec {
        IndentSpec {
            block_indent: Some(indent),
            ..IndentSpec::plain()
        }
    }

    /// `get_first_known_indented(end)`: the first line's text starts at
    /// byte `end`; the others set the indentation.
    pub fn first_known(end: usize) -> IndentSpec {
        IndentSpec {
            first_indent: Some(end),
            ..IndentSpec::plain()
        }
    }

    pub fn until_blank(mut self) -> IndentSpec {
        self.until_blank = true;
        self
    }

    pub fn keep_indent(mut self) -> IndentSpec {
        self.strip_indent = false;
        self
    }

    pub fn keep_top(mut self) -> IndentSpec {
        self.strip_top = false;
        self
    }
}

/// Read the indented block starting at `lines[start]`.
pub fn get_indented<'a>(lines: &[Line<'a>], start: usize, spec: IndentSpec) -> Indented<'a> {
    let mut indent = spec.block_indent;
    let mut end = start;
    let first_indent = spec.first_indent.or(spec.block_indent);
    if first_indent.is_some() {
        end += 1;
    }
    let mut blank_finish = true;
    while end < lines.len() {
        let line = lines[end].as_str();
        let not_indented = !line.is_empty()
            && (!line.starts_with(' ')
                || spec.block_indent.is_some_and(|bi| {
                    let head = &line[..byte_offset_of_char(line, bi)];
                    !py_strip(head).is_empty()
                }));
        if not_indented {
            blank_finish = end > start && lines[end - 1].is_blank();
            break;
        }
        if is_blank_text(line) {
            if spec.until_blank {
                blank_finish = true;
                break;
            }
        } else if spec.block_indent.is_none() {
            // Only whether this line indents less than the minimum so far
            // matters, so the count stops there.
            let ind = indent_of_capped(line, indent.unwrap_or(usize::MAX));
            indent = Some(indent.map_or(ind, |i| i.min(ind)));
        }
        end += 1;
    }
    let end = end.min(lines.len());
    let mut block: Vec<Line<'a>> = Vec::with_capacity(end.saturating_sub(start));
    for (k, line) in lines[start.min(end)..end].iter().enumerate() {
        if k == 0
            && let Some(fi) = spec.first_indent.or(spec.block_indent)
        {
            let first = if spec.first_indent.is_some() {
                // first_indent is a byte offset into the first line
                line.drop_bytes(floor_char_boundary(&line.text, fi))
            } else {
                line.drop_chars(fi)
            };
            block.push(first);
            continue;
        }
        block.push(line.clone());
    }
    let consumed = block.len();
    let indent_val = indent.unwrap_or(0);
    if indent_val > 0 && spec.strip_indent {
        let skip_first = first_indent.is_some();
        for (k, line) in block.iter_mut().enumerate() {
            if k == 0 && skip_first {
                continue;
            }
            if !line.is_blank() {
                *line = line.drop_chars(indent_val);
            }
        }
    }
    let mut skipped = 0;
    if spec.strip_top {
        while !block.is_empty() && py_strip(block[0].as_str()).is_empty() {
            block.remove(0);
            skipped += 1;
        }
    }
    Indented {
        lines: block,
        indent: indent_val,
        blank_finish,
        consumed,
        skipped,
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Read a text block: lines up to the first blank line. With `flush_left`,
/// an indented line ends it early and is reported (`Err` with the block
/// before it).
pub fn text_block_end(lines: &[Line<'_>], start: usize, flush_left: bool) -> Result<usize, usize> {
    let mut end = start;
    while end < lines.len() {
        let line = lines[end].as_str();
        if line.is_empty() {
            break;
        }
        if flush_left && line.starts_with(' ') {
            return Err(end);
        }
        end += 1;
    }
    Ok(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_like_string2lines() {
        let lines = split_lines("a\tb  \r\nc\x0cd\u{2028}e", FileId(0), 8);
        let texts: Vec<&str> = lines.iter().map(Line::as_str).collect();
        assert_eq!(texts, ["a       b", "c d", "e"]);
        assert_eq!(lines[2].lineno, 3);
        let lines = split_lines("a\r\n\r\nb\rc  \n", FileId(0), 8);
        let texts: Vec<&str> = lines.iter().map(Line::as_str).collect();
        assert_eq!(texts, ["a", "", "b", "c"]);
        let lines = split_lines("x\u{3000}\ny\x1cz", FileId(0), 8);
        let texts: Vec<&str> = lines.iter().map(Line::as_str).collect();
        assert_eq!(texts, ["x", "y", "z"]);
        // NEL and PS break lines; other characters with the same lead
        // bytes (an em dash, a no-break space) do not.
        let lines = split_lines("a\u{2014}b\u{85}c\u{a0}d\u{2029}e", FileId(0), 8);
        let texts: Vec<&str> = lines.iter().map(Line::as_str).collect();
        assert_eq!(texts, ["a\u{2014}b", "c\u{a0}d", "e"]);
    }

    #[test]
    fn lines_indented_block() {
        let lines = split_lines("  a\n   b\n\n  c\nd", FileId(0), 8);
        let block = get_indented(
            &lines,
            0,
            IndentSpec {
                strip_indent: true,
                ..Default::default()
            },
        );
        let texts: Vec<&str> = block.lines.iter().map(Line::as_str).collect();
        assert_eq!(texts, ["a", " b", "", "c"]);
        assert!(!block.blank_finish);
        assert_eq!(block.consumed, 4);
    }
}
