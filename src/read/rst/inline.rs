//! The inline parser (reStructuredText spec, "Inline Markup"; docutils'
//! `Inliner`): emphasis, strong, literals, interpreted text with roles,
//! hyperlink and phrase references (embedded URIs and aliases), inline
//! targets, footnote, citation and substitution references, standalone URIs
//! and e-mail addresses, backslash escapes.
//!
//! Like docutils, backslash escapes first become a NUL followed by the
//! escaped character, so the recognition rules can see them; text nodes
//! drop the NULs. Markup does not nest. Scanning is linear: every search
//! moves forward, and the end-string searches remember their last answer.

use crate::diag::Severity;
use crate::ir::{Kind, Span};

use super::Parser;
use super::names::{normalize, whitespace_normalize};
use super::punct::{
    is_ascii_start_prefix, is_end_suffix, is_space, is_start_prefix, is_word, quotes_match,
};
use super::tree::NodeId;

/// Whether `text` holds the ASCII byte `b` (the memchr crate's SIMD search:
/// `str::contains(char)` scans a word at a time, and these checks run on
/// every paragraph and text run).
fn has_byte(text: &str, b: u8) -> bool {
    memchr::memchr(b, text.as_bytes()).is_some()
}

/// `escape2null`: each backslash and the character after it become NUL
/// and that character.
pub fn escape_to_null(text: &str) -> String {
    if !has_byte(text, b'\\') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.push('\0');
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// [`escape_to_null`] that borrows text without backslashes.
fn escape_to_null_cow(text: &str) -> std::borrow::Cow<'_, str> {
    if has_byte(text, b'\\') {
        std::borrow::Cow::Owned(escape_to_null(text))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// `unescape`: drop escaped whitespace and the NUL markers.
pub fn unescape(text: &str) -> String {
    if !has_byte(text, 0) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\0' {
            if matches!(chars.peek(), Some(' ') | Some('\n')) {
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `unescape(text, restore_backslashes=True)`: NULs back to backslashes.
pub fn restore_backslashes(text: &str) -> String {
    text.replace('\0', "\\")
}

fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|t| t.chars().next())
}

fn char_before(s: &str, i: usize) -> Option<char> {
    s.get(..i).and_then(|t| t.chars().next_back())
}

fn is_name_char(c: char) -> bool {
    c != '_' && is_word(c)
}

fn scan_word(s: &str, mut p: usize) -> usize {
    while let Some(c) = char_at(s, p) {
        if is_name_char(c) {
            p += c.len_utf8();
        } else {
            break;
        }
    }
    p
}

/// The possible ends of a `simplename` starting at `i`, shortest first.
fn simplename_ends(s: &str, i: usize) -> Vec<usize> {
    let mut ends = Vec::new();
    let first = scan_word(s, i);
    if first == i {
        return ends;
    }
    ends.push(first);
    let mut p = first;
    while let Some(c) = char_at(s, p) {
        if matches!(c, '-' | '.' | '_' | '+' | ':') {
            let q = p + 1;
            let r = scan_word(s, q);
            if r == q {
                break;
            }
            ends.push(r);
            p = r;
        } else {
            break;
        }
    }
    ends
}

/// The end of the longest simplename starting at `i` (`i` when none).
fn simplename_last_end(s: &str, i: usize) -> usize {
    let mut p = scan_word(s, i);
    if p == i {
        return i;
    }
    while let Some(&b) = s.as_bytes().get(p) {
        if matches!(b, b'-' | b'.' | b'_' | b'+' | b':') {
            let r = scan_word(s, p + 1);
            if r == p + 1 {
                break;
            }
            p = r;
        } else {
            break;
        }
    }
    p
}

/// Whether all of `s` is a simplename.
pub fn is_simplename(s: &str) -> bool {
    simplename_ends(s, 0).last() == Some(&s.len())
}

/// The kinds of end-string searched for after a start-string.
#[derive(Clone, Copy, PartialEq, Eq)]
enum EndKind {
    Emphasis,
    Strong,
    Literal,
    Target,
    Substitution,
    Interpreted,
}

const END_KINDS: usize = 6;

/// What the initial scan found.
enum Start {
    /// A simple start-string `[start, end)` of a kind.
    Simple {
        kind: EndKind,
        start: usize,
        end: usize,
    },
    /// `name_` or `name__`.
    Reference {
        start: usize,
        name_end: usize,
        end: usize,
    },
    /// `[label]_`.
    Footnote { start: usize, end: usize },
    /// Interpreted text or phrase reference: optional `:role:` then a backquote.
    Backquote {
        role_start: usize,
        role: Option<(usize, usize)>,
        bq: usize,
    },
}

/// An end-string match: where it starts and ends, and for interpreted text
/// the suffix role and reference mark.
#[derive(Clone, Copy)]
struct EndMatch {
    start: usize,
    end: usize,
    role: Option<(usize, usize)>,
}

/// State of one inline parse.
struct Scan<'t> {
    s: &'t str,
    /// Memo of the last natural end-string search per kind: (from, result).
    memo: [Option<(usize, Option<EndMatch>)>; END_KINDS],
    /// Positions below this cannot start a `name_` reference.
    ref_fail_until: usize,
    role_fail_until: usize,
    /// Memos of [`next_from`]: the next ']', '_', and space or newline.
    next_bracket: Option<(usize, Option<usize>)>,
    next_underscore: Option<(usize, Option<usize>)>,
    next_space: Option<(usize, Option<usize>)>,
}

impl<'t> Scan<'t> {
    fn suffix_ok(&self, e: usize, seg_end: usize) -> bool {
        e >= seg_end || char_at(self.s, e).is_none_or(is_end_suffix)
    }

    /// The end-string body of `kind` matching at `p` (no lookbehind check).
    fn end_body_at(&self, kind: EndKind, p: usize, seg_end: usize) -> Option<EndMatch> {
        let s = self.s;
        let rest = s.get(p..)?;
        let simple = |len: usize| -> Option<EndMatch> {
            if self.suffix_ok(p + len, seg_end) {
                Some(EndMatch {
                    start: p,
                    end: p + len,
                    role: None,
                })
            } else {
                None
            }
        };
        match kind {
            EndKind::Emphasis => rest.starts_with('*').then(|| simple(1)).flatten(),
            EndKind::Strong => rest.starts_with("**").then(|| simple(2)).flatten(),
            EndKind::Literal => rest.starts_with("``").then(|| simple(2)).flatten(),
            EndKind::Target => rest.starts_with('`').then(|| simple(1)).flatten(),
            EndKind::Substitution => {
                if !rest.starts_with('|') {
                    return None;
                }
                let unders = rest[1..].bytes().take(2).take_while(|&b| b == b'_').count();
                (0..=unders).rev().find_map(|n| simple(1 + n))
            }
            EndKind::Interpreted => {
                if !rest.starts_with('`') {
                    return None;
                }
                let after = p + 1;
                let mut role_options: Vec<Option<(usize, usize)>> = Vec::new();
                if char_at(s, after) == Some(':') {
                    for &e in simplename_ends(s, after + 1).iter().rev() {
                        if char_at(s, e) == Some(':') {
                            role_options.push(Some((after + 1, e)));
                        }
                    }
                }
                role_options.push(None);
                for role in role_options {
                    let q = role.map_or(after, |(_, e)| e + 1);
                    let unders = s[q..].bytes().take(2).take_while(|&b| b == b'_').count();
                    for n in (0..=unders).rev() {
                        if self.suffix_ok(q + n, seg_end) {
                            return Some(EndMatch {
                                start: p,
                                end: q + n,
                                role,
                            });
                        }
                    }
                }
                None
            }
        }
    }

    /// The end-string lookbehind at `p`.
    fn end_lookbehind_ok(&self, kind: EndKind, p: usize) -> bool {
        let Some(prev) = char_before(self.s, p) else {
            return true;
        };
        match kind {
            EndKind::Literal => !is_space(prev),
            EndKind::Interpreted => {
                if is_space(prev) || prev == '\0' {
                    char_before(self.s, p - prev.len_utf8()) == Some('\0')
                } else {
                    true
                }
            }
            _ => !(is_space(prev) || prev == '\0'),
        }
    }

    /// `end_pattern.search(string[from:])`: the first end-string at or
    /// after `from`, with the lookbehind vacuous at `from` itself.
    fn find_end(&mut self, kind: EndKind, from: usize, seg_end: usize) -> Option<EndMatch> {
        if let Some(m) = self.end_body_at(kind, from, seg_end) {
            return Some(m);
        }
        let first = from + char_at(self.s, from).map_or(1, char::len_utf8);
        let slot = kind as usize;
        if let Some((memo_from, result)) = self.memo[slot]
            && memo_from <= first
            && result.is_none_or(|m| m.start >= first)
        {
            return result;
        }
        let marker = match kind {
            EndKind::Emphasis | EndKind::Strong => b'*',
            EndKind::Literal | EndKind::Target | EndKind::Interpreted => b'`',
            EndKind::Substitution => b'|',
        };
        let mut p = first;
        let bytes = self.s.as_bytes();
        let result = loop {
            let Some(off) = bytes.get(p..).and_then(|b| memchr::memchr(marker, b)) else {
                break None;
            };
            p += off;
            if self.end_lookbehind_ok(kind, p)
                && let Some(m) = self.end_body_at(kind, p, seg_end)
            {
                break Some(m);
            }
            p += 1;
        };
        self.memo[slot] = Some((first, result));
        result
    }

    /// The next inline start at or after `from`; `rem` is where the
    /// current "remaining" string begins (its start satisfies `^`).
    fn find_start(&mut self, from: usize, rem: usize) -> Option<Start> {
        let s = self.s;
        let bytes = s.as_bytes();
        let mut i = from;
        // Whether the character before `i` may precede a start-string.
        let mut after_prefix = char_before(s, i).is_some_and(is_start_prefix);
        while i < bytes.len() {
            // Below `ref_fail_until` letters and digits start nothing, so
            // only start-string punctuation and non-ASCII characters need a
            // look: skip to the next one (one table test per byte, where
            // the general step below classifies every character).
            let fast_end = self.ref_fail_until.min(bytes.len());
            if i < fast_end {
                let skipped = bytes[i..fast_end]
                    .iter()
                    .position(|&b| MAY_STOP_SCAN[usize::from(b)])
                    .unwrap_or(fast_end - i);
                if skipped > 0 {
                    i += skipped;
                    after_prefix = char_before(s, i).is_some_and(is_start_prefix);
                    if i >= bytes.len() {
                        break;
                    }
                }
            }
            let b = bytes[i];
            if b < 0x80 {
                // ASCII, most of the text: classes from one table lookup.
                let class = ASCII_CLASS[usize::from(b)];
                // A letter or digit can only begin a `name_` reference, and
                // none begins before `ref_fail_until`.
                let hopeless = class & ALNUM != 0 && i < self.ref_fail_until;
                if class & MAY_START != 0
                    && !hopeless
                    && (i == rem || after_prefix)
                    && let Some(found) = self.start_at(i, b as char)
                {
                    return Some(found);
                }
                after_prefix = class & START_PREFIX != 0;
                i += 1;
                if class & ALNUM != 0 {
                    // The rest of a word starts nothing (and a letter or
                    // digit precedes nothing): skip it.
                    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                        i += 1;
                    }
                }
                continue;
            }
            let c = char_at(s, i)?;
            // Only these can begin a start-string (or a `name_` reference).
            if is_name_char(c)
                && (i == rem || after_prefix)
                && let Some(found) = self.start_at(i, c)
            {
                return Some(found);
            }
            after_prefix = is_start_prefix(c);
            i += c.len_utf8();
        }
        None
    }

    fn not_space_at(&self, p: usize) -> bool {
        char_at(self.s, p).is_none_or(|c| !is_space(c))
    }

    fn start_at(&mut self, i: usize, c: char) -> Option<Start> {
        let s = self.s;
        let rest = &s[i..];
        match c {
            '*' => {
                if rest.starts_with("**") {
                    if self.not_space_at(i + 2) {
                        return Some(Start::Simple {
                            kind: EndKind::Strong,
                            start: i,
                            end: i + 2,
                        });
                    }
                } else if self.not_space_at(i + 1) {
                    return Some(Start::Simple {
                        kind: EndKind::Emphasis,
                        start: i,
                        end: i + 1,
                    });
                }
                None
            }
            '`' => {
                if rest.starts_with("``") {
                    if self.not_space_at(i + 2) {
                        return Some(Start::Simple {
                            kind: EndKind::Literal,
                            start: i,
                            end: i + 2,
                        });
                    }
                    return None;
                }
                if self.not_space_at(i + 1) {
                    return Some(Start::Backquote {
                        role_start: i,
                        role: None,
                        bq: i,
                    });
                }
                None
            }
            '_' => {
                if rest.starts_with("_`") && self.not_space_at(i + 2) {
                    return Some(Start::Simple {
                        kind: EndKind::Target,
                        start: i,
                        end: i + 2,
                    });
                }
                None
            }
            '|' => {
                if !rest.starts_with("||") && self.not_space_at(i + 1) {
                    return Some(Start::Simple {
                        kind: EndKind::Substitution,
                        start: i,
                        end: i + 1,
                    });
                }
                None
            }
            '[' => self.footnote_at(i),
            ':' => {
                if i < self.role_fail_until {
                    return None;
                }
                // Most colons start no role: one needs ":`" after a name.
                let last = simplename_last_end(s, i + 1);
                if !s.as_bytes()[i + 1..(last + 2).min(s.len())]
                    .windows(2)
                    .any(|w| w == b":`")
                {
                    self.role_fail_until = last;
                    return None;
                }
                let ends = simplename_ends(s, i + 1);
                for &e in ends.iter().rev() {
                    if s[e..].starts_with(":`")
                        && !s[e + 2..].starts_with('`')
                        && self.not_space_at(e + 2)
                    {
                        return Some(Start::Backquote {
                            role_start: i,
                            role: Some((i + 1, e)),
                            bq: e + 1,
                        });
                    }
                }
                self.role_fail_until = ends.last().copied().unwrap_or(i);
                None
            }
            c if is_name_char(c) => {
                if i < self.ref_fail_until {
                    return None;
                }
                // A name holds no space or newline and a reference needs '_' right
                // after its name: with no '_' before the next space, no
                // reference starts anywhere up to the last space before
                // that '_'. Both positions are remembered as the scan moves
                // on, and the stretch without a start is skipped whole, so
                // this costs O(1) per word instead of scanning every word
                // as a name.
                let bytes = s.as_bytes();
                let Some(under) = next_from(&mut self.next_underscore, bytes, i, |h| {
                    memchr::memchr(b'_', h)
                }) else {
                    self.ref_fail_until = s.len();
                    return None;
                };
                if let Some(space) = next_from(&mut self.next_space, bytes, i, |h| {
                    memchr::memchr2(b' ', b'\n', h)
                }) && space < under
                {
                    let last_space = memchr::memrchr2(b' ', b'\n', &bytes[space..under]);
                    self.ref_fail_until = space + last_space.unwrap_or(0);
                    return None;
                }
                // Most words are no reference: one needs '_' after a name.
                let last = simplename_last_end(s, i);
                if memchr::memchr(b'_', &s.as_bytes()[i..(last + 1).min(s.len())]).is_none() {
                    self.ref_fail_until = last;
                    return None;
                }
                let ends = simplename_ends(s, i);
                for &e in ends.iter().rev() {
                    let unders = s[e..].bytes().take(2).take_while(|&b| b == b'_').count();
                    for n in (1..=unders).rev() {
                        if self.suffix_ok(e + n, s.len()) {
                            return Some(Start::Reference {
                                start: i,
                                name_end: e,
                                end: e + n,
                            });
                        }
                    }
                }
                self.ref_fail_until = ends.last().copied().unwrap_or(i);
                None
            }
            _ => None,
        }
    }

    fn footnote_at(&mut self, i: usize) -> Option<Start> {
        let s = self.s;
        // A label holds no ']': the first ']' after '[' must start "]_".
        let close = next_from(&mut self.next_bracket, s.as_bytes(), i, |h| {
            memchr::memchr(b']', h)
        })?;
        if !s[close..].starts_with("]_") {
            return None;
        }
        let label = &s[i + 1..close];
        let valid = (!label.is_empty() && label.bytes().all(|b| b.is_ascii_digit()))
            || label == "*"
            || label == "#"
            || (label.starts_with('#') && is_simplename(&label[1..]))
            || is_simplename(label);
        if valid && self.suffix_ok(close + 2, s.len()) {
            Some(Start::Footnote {
                start: i,
                end: close + 2,
            })
        } else {
            None
        }
    }
}

/// The result of one construct: end of the text before it, its nodes,
/// where scanning resumes, and messages.
struct Dispatched {
    before_end: usize,
    nodes: Vec<NodeId>,
    resume: usize,
    messages: Vec<NodeId>,
}

impl Parser<'_> {
    /// Parse inline markup in `text` (docutils' `inline_text`): the nodes
    /// and the system messages to place after the enclosing element.
    /// `parent` receives messages about duplicate inline targets.
    pub fn inline_text(
        &mut self,
        text: &str,
        span: Span,
        parent: NodeId,
    ) -> (Vec<NodeId>, Vec<NodeId>) {
        // Only this call's own plain text keeps escapes (see `keep_escapes`).
        let keep_escapes = std::mem::replace(&mut self.keep_escapes, false);
        let esc = escape_to_null_cow(text);
        let mut scan = Scan {
            s: &esc,
            memo: [None; END_KINDS],
            ref_fail_until: 0,
            role_fail_until: 0,
            next_bracket: None,
            next_underscore: None,
            next_space: None,
        };
        let mut nodes = Vec::new();
        let mut messages = Vec::new();
        let mut rem = 0usize;
        let mut unprocessed = 0usize;
        while rem < esc.len() {
            let Some(start) = scan.find_start(rem, rem) else {
                break;
            };
            let d = self.dispatch_inline(&mut scan, start, rem, span, parent);
            messages.extend(d.messages);
            if !d.nodes.is_empty() {
                let before = &esc[unprocessed..d.before_end];
                self.keep_escapes = keep_escapes;
                self.implicit_inline(before, span, &mut nodes);
                self.keep_escapes = false;
                nodes.extend(d.nodes);
                unprocessed = d.resume;
            }
            rem = d.resume.max(rem + usize::from(d.resume == rem));
        }
        if unprocessed < esc.len() {
            self.keep_escapes = keep_escapes;
            self.implicit_inline(&esc[unprocessed..], span, &mut nodes);
            self.keep_escapes = false;
        }
        (nodes, messages)
    }

    fn text_node(&mut self, escaped: &str, span: Span) -> NodeId {
        if self.keep_escapes {
            return self.doc.tree.text(escaped, span);
        }
        self.doc.tree.text(unescape(escaped), span)
    }

    fn dispatch_inline(
        &mut self,
        scan: &mut Scan<'_>,
        start: Start,
        rem: usize,
        span: Span,
        parent: NodeId,
    ) -> Dispatched {
        let s = scan.s;
        match start {
            Start::Simple { kind, start, end } => {
                self.inline_obj(scan, kind, start, end, rem, span, parent)
            }
            Start::Reference {
                start,
                name_end,
                end,
            } => {
                let name = &s[start..name_end];
                let anonymous = end - name_end == 2;
                let node = self.doc.tree.text_element(Kind::Reference, name, span);
                self.doc.tree.set(node, "name", whitespace_normalize(name));
                if anonymous {
                    self.doc.tree.set(node, "anonymous", 1i64);
                } else {
                    self.doc.tree.set(node, "refname", normalize(name));
                }
                Dispatched {
                    before_end: start,
                    nodes: vec![node],
                    resume: end,
                    messages: Vec::new(),
                }
            }
            Start::Footnote { start, end } => {
                let label = &s[start + 1..end - 2];
                let refname = normalize(label);
                let node;
                if is_simplename(label) && !label.bytes().all(|b| b.is_ascii_digit()) {
                    node = self
                        .doc
                        .tree
                        .text_element(Kind::CitationReference, label, span);
                    self.doc.tree.set(node, "refname", refname);
                    self.doc.set_id(node, None);
                } else {
                    node = self.doc.tree.element(Kind::FootnoteReference, span);
                    if let Some(auto_name) = refname.strip_prefix('#') {
                        self.doc.tree.set(node, "auto", 1i64);
                        if !auto_name.is_empty() {
                            self.doc.tree.set(node, "refname", auto_name.to_string());
                        }
                    } else if refname == "*" {
                        self.doc.tree.set(node, "auto", "*");
                    } else {
                        let t = self.doc.tree.text(label, span);
                        self.doc.tree.append(node, t);
                        self.doc.tree.set(node, "refname", refname);
                    }
                    self.doc.set_id(node, None);
                }
                Dispatched {
                    before_end: start,
                    nodes: vec![node],
                    resume: end,
                    messages: Vec::new(),
                }
            }
            Start::Backquote {
                role_start,
                role,
                bq,
            } => self.interpreted_or_phrase_ref(scan, role_start, role, bq, rem, span, parent),
        }
    }

    /// `quoted_start`: the start-string sits between matching quotes.
    fn quoted_start(s: &str, start: usize, end: usize, rem: usize) -> bool {
        if start == rem {
            return false;
        }
        let Some(pre) = char_before(s, start) else {
            return false;
        };
        match char_at(s, end) {
            None => true,
            Some(post) => quotes_match(pre, post),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn inline_obj(
        &mut self,
        scan: &mut Scan<'_>,
        kind: EndKind,
        start: usize,
        end: usize,
        rem: usize,
        span: Span,
        parent: NodeId,
    ) -> Dispatched {
        let s = scan.s;
        if Self::quoted_start(s, start, end, rem) {
            return Dispatched {
                before_end: end,
                nodes: Vec::new(),
                resume: end,
                messages: Vec::new(),
            };
        }
        let found = scan.find_end(kind, end, s.len());
        if let Some(m) = found
            && m.start > end
        {
            let inner = &s[end..m.start];
            let node_kind = match kind {
                EndKind::Emphasis => Kind::Emphasis,
                EndKind::Strong => Kind::Strong,
                EndKind::Literal => Kind::Literal,
                EndKind::Target => Kind::Target,
                EndKind::Substitution => Kind::SubstitutionReference,
                EndKind::Interpreted => Kind::Inline,
            };
            let text = if kind == EndKind::Literal {
                restore_backslashes(inner)
            } else {
                unescape(inner)
            };
            let node = self.doc.tree.text_element(node_kind, &text, span);
            let mut nodes = vec![node];
            match kind {
                EndKind::Target => {
                    self.doc.tree.set(node, "names", vec![normalize(&text)]);
                    self.doc.note_explicit_target(node, Some(parent));
                }
                EndKind::Substitution => {
                    self.doc
                        .tree
                        .set(node, "refname", whitespace_normalize(&text));
                    let endstring = &s[m.start..m.end];
                    if endstring.ends_with('_') {
                        let r = self.doc.tree.element(Kind::Reference, span);
                        if endstring.ends_with("__") {
                            self.doc.tree.set(r, "anonymous", 1i64);
                        } else {
                            self.doc.tree.set(r, "refname", normalize(&text));
                        }
                        self.doc.tree.append(r, node);
                        nodes = vec![r];
                    }
                }
                _ => {}
            }
            return Dispatched {
                before_end: start,
                nodes,
                resume: m.end,
                messages: Vec::new(),
            };
        }
        let name = match kind {
            EndKind::Emphasis => "emphasis",
            EndKind::Strong => "strong",
            EndKind::Literal => "literal",
            EndKind::Target => "target",
            EndKind::Substitution => "substitution_reference",
            EndKind::Interpreted => "interpreted",
        };
        let msg = self.doc.message(
            Severity::Warning,
            &format!("Inline {name} start-string without end-string."),
            span,
            &[],
        );
        let text = restore_backslashes(&s[start..end]);
        let prb = self.doc.problematic(&text, msg, span);
        Dispatched {
            before_end: start,
            nodes: vec![prb],
            resume: end,
            messages: vec![msg],
        }
    }

    fn problematic_result(
        &mut self,
        text: &str,
        message: &str,
        before_end: usize,
        resume: usize,
        span: Span,
    ) -> Dispatched {
        let msg = self.doc.message(Severity::Warning, message, span, &[]);
        let prb = self.doc.problematic(&restore_backslashes(text), msg, span);
        Dispatched {
            before_end,
            nodes: vec![prb],
            resume,
            messages: vec![msg],
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn interpreted_or_phrase_ref(
        &mut self,
        scan: &mut Scan<'_>,
        role_start: usize,
        role: Option<(usize, usize)>,
        bq: usize,
        rem: usize,
        span: Span,
        parent: NodeId,
    ) -> Dispatched {
        let s = scan.s;
        let matchend = bq + 1;
        let mut role_name: Option<String> = role.map(|(a, b)| s[a..b].to_string());
        let mut position = "prefix";
        if role.is_none() && Self::quoted_start(s, bq, matchend, rem) {
            return Dispatched {
                before_end: matchend,
                nodes: Vec::new(),
                resume: matchend,
                messages: Vec::new(),
            };
        }
        let found = scan.find_end(EndKind::Interpreted, matchend, s.len());
        let Some(m) = found.filter(|m| m.start > matchend) else {
            return self.problematic_result(
                &s[bq..matchend],
                "Inline interpreted text or phrase reference start-string without end-string.",
                bq,
                matchend,
                span,
            );
        };
        let textend = m.end;
        if let Some((a, b)) = m.role {
            if role_name.is_some() {
                return self.problematic_result(
                    &s[role_start..textend],
                    "Multiple roles in interpreted text (both prefix and suffix present; only one allowed).",
                    role_start,
                    textend,
                    span,
                );
            }
            role_name = Some(s[a..b].to_string());
            position = "suffix";
        }
        let escaped = &s[matchend..m.start];
        let rawsource = restore_backslashes(&s[bq..textend]);
        if rawsource.ends_with('_') {
            if role_name.is_some() {
                return self.problematic_result(
                    &s[role_start..textend],
                    &format!(
                        "Mismatch: both interpreted text role {position} and reference suffix."
                    ),
                    role_start,
                    textend,
                    span,
                );
            }
            let anonymous = rawsource.ends_with("__");
            let nodes = self.phrase_ref(escaped, anonymous, span, parent);
            return Dispatched {
                before_end: bq,
                nodes,
                resume: textend,
                messages: Vec::new(),
            };
        }
        let rawtext = restore_backslashes(&s[role_start..textend]);
        let (nodes, messages) =
            self.interpreted(&rawtext, escaped, role_name.as_deref().unwrap_or(""), span);
        Dispatched {
            before_end: role_start,
            nodes,
            resume: textend,
            messages,
        }
    }

    /// A phrase reference, with its embedded URI or alias if any.
    fn phrase_ref(
        &mut self,
        escaped: &str,
        anonymous: bool,
        span: Span,
        parent: NodeId,
    ) -> Vec<NodeId> {
        let embedded = find_embedded(escaped);
        let mut target: Option<(NodeId, bool)> = None; // (node, is_alias)
        let text;
        let mut alias = String::new();
        if let Some((emb_start, inner_start, inner_end)) = embedded {
            let before = &escaped[..emb_start];
            let aliastext = &escaped[inner_start..inner_end];
            let raw_alias = restore_backslashes(aliastext);
            let underscore_escaped = raw_alias.ends_with("\\_");
            let is_name =
                aliastext.ends_with('_') && !(underscore_escaped || self.matches_uri(aliastext));
            let t = self.doc.tree.element(Kind::Target, span);
            if is_name {
                alias = normalize(&unescape(&aliastext[..aliastext.len() - 1]));
                self.doc.tree.set(t, "refname", alias.clone());
            } else {
                let joined: String = split_escaped_whitespace(aliastext)
                    .iter()
                    .map(|part| part.split(is_space).collect::<String>())
                    .collect::<Vec<_>>()
                    .join(" ");
                alias = adjust_uri(&unescape(&joined));
                if alias.ends_with("\\_") {
                    alias.truncate(alias.len() - 2);
                    alias.push('_');
                }
                self.doc.tree.set(t, "refuri", alias.clone());
            }
            target = Some((t, is_name));
            text = if before.is_empty() {
                alias.clone()
            } else {
                unescape(before)
            };
        } else {
            text = unescape(escaped);
        }
        let refname = normalize(&text);
        let reference = self.doc.tree.text_element(Kind::Reference, &text, span);
        self.doc
            .tree
            .set(reference, "name", whitespace_normalize(&text));
        let mut out = vec![reference];
        if anonymous {
            match target {
                Some((_, true)) => self.doc.tree.set(reference, "refname", alias),
                Some((_, false)) => self.doc.tree.set(reference, "refuri", alias),
                None => self.doc.tree.set(reference, "anonymous", 1i64),
            }
        } else if let Some((t, is_name)) = target {
            self.doc.tree.set(t, "names", vec![refname]);
            if is_name {
                self.doc.tree.set(reference, "refname", alias);
            } else {
                self.doc.tree.set(reference, "refuri", alias);
            }
            // docutils 0.22: the target of an embedded URI or alias is an
            // implicit target (a duplicate name is only an info)
            self.doc.note_implicit_target(t, Some(parent));
            out.push(t);
        } else {
            self.doc.tree.set(reference, "refname", refname);
        }
        out
    }

    fn matches_uri(&self, text: &str) -> bool {
        uri_match_at(text, 0, text.len(), true).is_some_and(|m| m.start == 0)
    }

    /// Standalone URIs and e-mail addresses in plain text; the rest
    /// becomes text nodes (docutils' `implicit_inline`).
    fn implicit_inline(&mut self, text: &str, span: Span, out: &mut Vec<NodeId>) {
        if text.is_empty() {
            return;
        }
        let mut pos = 0;
        let mut seg_start = 0;
        while pos < text.len() {
            let Some(m) = find_uri(text, pos, seg_start) else {
                break;
            };
            if let Some(scheme) = m.scheme
                && !super::uri_schemes::is_known_scheme(&text[scheme.0..scheme.1])
            {
                // docutils gives up on the whole rest of the text
                break;
            }
            if m.start > seg_start {
                let t = self.text_node(&text[seg_start..m.start], span);
                out.push(t);
            }
            let whole = &text[m.start..m.end];
            let refuri = if m.email {
                format!("mailto:{}", unescape(whole))
            } else {
                unescape(whole)
            };
            let r = self
                .doc
                .tree
                .text_element(Kind::Reference, &unescape(whole), span);
            self.doc.tree.set(r, "refuri", refuri);
            out.push(r);
            seg_start = m.end;
            pos = m.end;
        }
        if seg_start < text.len() {
            let t = self.text_node(&text[seg_start..], span);
            out.push(t);
        }
    }
}

/// Split on whitespace not escaped (`split_escaped_whitespace`).
fn split_escaped_whitespace(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\0' && matches!(chars.peek(), Some(' ') | Some('\n')) {
            parts.push(std::mem::take(&mut current));
            chars.next();
        } else {
            current.push(c);
        }
    }
    parts.push(current);
    parts
}

/// `mailto:` for bare e-mail addresses (`Inliner.adjust_uri`).
pub fn adjust_uri(uri: &str) -> String {
    if email_match_at(uri, 0, uri.len()).is_some_and(|e| e == uri.len()) {
        format!("mailto:{uri}")
    } else {
        uri.to_string()
    }
}

/// The embedded `<URI>` or `<alias_>` at the end of phrase-reference text:
/// (start of the whitespace before `<`, start and end of the inside).
fn find_embedded(escaped: &str) -> Option<(usize, usize, usize)> {
    if !escaped.ends_with('>') {
        return None;
    }
    let close = escaped.len() - 1;
    // The inside: anything but unescaped angle brackets.
    let mut open = None;
    let bytes = escaped.as_bytes();
    let mut i = close;
    while i > 0 {
        i -= 1;
        let b = bytes[i];
        if b == b'<' || b == b'>' {
            if i > 0 && bytes[i - 1] == 0 {
                i -= 1;
                continue;
            }
            if b == b'<' {
                open = Some(i);
            }
            break;
        }
    }
    let open = open?;
    let inner_start = open + 1;
    let inner = &escaped[inner_start..close];
    if inner.is_empty() {
        return None;
    }
    let first = inner.chars().next()?;
    let last = inner.chars().next_back()?;
    if is_space(first) || is_space(last) || last == '\0' {
        return None;
    }
    // Whitespace (spaces or newlines) or start of text before the bracket.
    let before = &escaped[..open];
    let trimmed = before.trim_end_matches([' ', '\n']);
    if trimmed.len() == before.len() && !before.is_empty() {
        return None;
    }
    Some((trimmed.len(), inner_start, close))
}

// (Character sets as `matches!` patterns: the compiler makes them a
// range check and a bit test; `"...".contains(c)` was a string search per
// character of every URI candidate.)

fn is_uric(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '-' | '_'
                | '.'
                | '!'
                | '~'
                | '*'
                | '\''
                | '('
                | ')'
                | '['
                | ']'
                | ';'
                | '/'
                | ':'
                | '@'
                | '&'
                | '='
                | '+'
                | '$'
                | ','
                | '%'
                | '\0'
        )
}

fn is_urilast(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '~' | '*' | '/' | '=' | '+')
}

fn is_emailc(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '-' | '_'
                | '!'
                | '~'
                | '*'
                | '\''
                | '{'
                | '|'
                | '}'
                | '/'
                | '#'
                | '?'
                | '^'
                | '`'
                | '&'
                | '='
                | '+'
                | '$'
                | '%'
                | '\0'
        )
}

/// The first position at or after `i` where `find` (a memchr search,
/// giving an offset into the slice it is handed) matches in `bytes`,
/// remembered while the scan moves forward: `memo` holds where the last
/// search began and what it found, which answers for any later `i` up to
/// the found position (nothing between was skipped). So each memo costs one
/// pass over the text, however many words ask.
fn next_from(
    memo: &mut Option<(usize, Option<usize>)>,
    bytes: &[u8],
    i: usize,
    find: impl FnOnce(&[u8]) -> Option<usize>,
) -> Option<usize> {
    if let Some((from, found)) = *memo
        && from <= i
        && found.is_none_or(|at| at >= i)
    {
        return found;
    }
    let found = find(bytes.get(i..)?).map(|offset| offset + i);
    *memo = Some((i, found));
    found
}

/// [`ASCII_CLASS`] bits: the byte may begin a start-string or a `name_`
/// reference; it may precede one; it is a letter or digit.
const MAY_START: u8 = 1;
const START_PREFIX: u8 = 2;
const ALNUM: u8 = 4;

/// The bytes [`Scan::find_start`] stops at where no letter or digit can
/// start a reference: the ASCII characters that may start something but
/// are not letters or digits (the start-string characters, from
/// [`ASCII_CLASS`]) and every byte of a non-ASCII character (some are name
/// characters).
static MAY_STOP_SCAN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b >= 0x80 || ASCII_CLASS[b] & (MAY_START | ALNUM) == MAY_START;
        b += 1;
    }
    table
};

/// Inline-markup classes of the ASCII characters, for the scanner's fast
/// path (the same answers as `is_name_char` and `is_start_prefix`).
static ASCII_CLASS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        let mut class = 0;
        if c.is_ascii_alphanumeric() {
            class |= MAY_START | ALNUM;
        }
        if matches!(c, b'*' | b'`' | b'_' | b'|' | b'[' | b':') {
            class |= MAY_START;
        }
        if is_ascii_start_prefix(c) {
            class |= START_PREFIX;
        }
        table[b] = class;
        b += 1;
    }
    table
};

/// A standalone URI or e-mail match.
struct UriMatch {
    start: usize,
    end: usize,
    email: bool,
    scheme: Option<(usize, usize)>,
}

/// Candidate ends of `uric* uri_end` starting at `p` (longest first).
fn uric_ends(s: &str, p: usize) -> Vec<usize> {
    let mut run_end = p;
    while let Some(c) = char_at(s, run_end) {
        if is_uric(c) {
            run_end += 1;
        } else {
            break;
        }
    }
    let mut ends = Vec::new();
    let bytes = s.as_bytes();
    let mut k = run_end;
    while k > p {
        let c = bytes[k - 1] as char;
        if is_urilast(c) || (k == run_end && bytes.get(k) == Some(&b'>')) {
            ends.push(k);
        }
        k -= 1;
    }
    ends
}

/// The absolute-URI alternative at `i` (after the scheme check).
fn uri_match_at(s: &str, i: usize, seg_end: usize, _anchored: bool) -> Option<UriMatch> {
    let suffix_ok = |e: usize| e >= seg_end || char_at(s, e).is_none_or(is_end_suffix);
    let first = char_at(s, i)?;
    if first.is_ascii_alphabetic() {
        let mut j = i + 1;
        while let Some(c) = char_at(s, j) {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-') {
                j += 1;
            } else {
                break;
            }
        }
        if char_at(s, j) == Some(':') {
            let hier_start = j + 1;
            let part_end = |from: usize| -> Option<usize> {
                // optional `#fragment`
                if char_at(s, from) == Some('#') {
                    for f in uric_ends(s, from + 1) {
                        if suffix_ok(f) {
                            return Some(f);
                        }
                    }
                }
                suffix_ok(from).then_some(from)
            };
            for h in uric_ends(s, hier_start) {
                if char_at(s, h) == Some('?') {
                    for q in uric_ends(s, h + 1) {
                        if let Some(e) = part_end(q) {
                            return Some(UriMatch {
                                start: i,
                                end: e,
                                email: false,
                                scheme: Some((i, j)),
                            });
                        }
                    }
                }
                if let Some(e) = part_end(h) {
                    return Some(UriMatch {
                        start: i,
                        end: e,
                        email: false,
                        scheme: Some((i, j)),
                    });
                }
            }
        }
    }
    email_match_at(s, i, seg_end).map(|e| UriMatch {
        start: i,
        end: e,
        email: true,
        scheme: None,
    })
}

/// The e-mail alternative at `i`: its end.
fn email_match_at(s: &str, i: usize, seg_end: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut j = i;
    let mut last_dot = true;
    while j < bytes.len() {
        let c = bytes[j] as char;
        if c == '.' {
            if last_dot {
                return None;
            }
            last_dot = true;
        } else if bytes[j] < 0x80 && is_emailc(c) {
            last_dot = false;
        } else {
            break;
        }
        j += 1;
    }
    if j == i || last_dot || bytes.get(j) != Some(&b'@') || (j > 0 && bytes[j - 1] == 0) {
        return None;
    }
    let host_start = j + 1;
    let mut k = host_start;
    while k < bytes.len() && bytes[k] < 0x80 && (is_emailc(bytes[k] as char) || bytes[k] == b'.') {
        k += 1;
    }
    if k == host_start || bytes[host_start] == b'.' {
        return None;
    }
    let suffix_ok = |e: usize| e >= seg_end || char_at(s, e).is_none_or(is_end_suffix);
    let mut e = k;
    while e > host_start + 1 {
        let c = bytes[e - 1] as char;
        let ok_last = is_urilast(c) || (e == k && is_uric(c) && bytes.get(e) == Some(&b'>'));
        if ok_last && suffix_ok(e) {
            return Some(e);
        }
        e -= 1;
    }
    None
}

/// The leftmost standalone URI or address in `s[from..]`; `rem` starts
/// the string (its start satisfies `^`).
fn find_uri(s: &str, from: usize, rem: usize) -> Option<UriMatch> {
    // Every match holds a ':' (after its scheme) or an '@' (after an
    // e-mail's local part), and what comes before the first of them is a
    // run of e-mail characters and dots. So a match starting at `i` has its
    // first ':' or '@' at the next one after `i`, with only such characters
    // between: the candidates for each ':' or '@' are the start positions in
    // the run just before it. Finding the ':' and '@' with memchr and trying
    // only those runs is linear, and skips the words in between (most text).
    let bytes = s.as_bytes();
    let tail = bytes.get(from..)?;
    let mut tried = from;
    for at in memchr::memchr2_iter(b':', b'@', tail).map(|k| from + k) {
        let mut run = at;
        while run > tried && is_uri_run_byte(bytes[run - 1]) {
            run -= 1;
        }
        for (i, &b) in bytes.iter().enumerate().take(at).skip(run) {
            // A match starts with a letter, digit or e-mail character.
            let prefix_ok = i == rem || char_before(s, i).is_some_and(is_start_prefix);
            if prefix_ok
                && is_emailc(b as char)
                && let Some(m) = uri_match_at(s, i, s.len(), false)
            {
                return Some(m);
            }
        }
        tried = at + 1;
    }
    None
}

/// What may stand between a match's start and its first ':' or '@': the
/// scheme's letters, digits, `+`, `-` and `.`, or an e-mail local part's
/// characters and dots (both ASCII).
fn is_uri_run_byte(b: u8) -> bool {
    b == b'.' || (b < 0x80 && is_emailc(b as char))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_character_sets_are_docutils_sets() {
        // The sets as docutils' patterns spell them.
        for c in (0u8..=255).map(char::from) {
            let alnum = c.is_ascii_alphanumeric();
            assert_eq!(
                is_uric(c),
                alnum || "-_.!~*'()[];/:@&=+$,%\0".contains(c),
                "{c:?}"
            );
            assert_eq!(is_urilast(c), alnum || "_~*/=+".contains(c), "{c:?}");
            assert_eq!(
                is_emailc(c),
                alnum || "-_!~*'{|}/#?^`&=+$%\0".contains(c),
                "{c:?}"
            );
        }
    }

    #[test]
    fn ascii_classes_agree_with_the_character_tests() {
        for b in 0u8..128 {
            let c = b as char;
            let class = ASCII_CLASS[usize::from(b)];
            let may_start = matches!(c, '*' | '`' | '_' | '|' | '[' | ':') || is_name_char(c);
            assert_eq!(class & MAY_START != 0, may_start, "{c:?} may start");
            assert_eq!(
                class & START_PREFIX != 0,
                is_start_prefix(c),
                "{c:?} prefix"
            );
            assert_eq!(class & ALNUM != 0, c.is_alphanumeric(), "{c:?} alnum");
            assert_eq!(
                MAY_STOP_SCAN[usize::from(b)],
                matches!(c, '*' | '`' | '_' | '|' | '[' | ':'),
                "{c:?} stops the scan"
            );
        }
        assert!(MAY_STOP_SCAN[0x80..].iter().all(|&stop| stop));
    }

    #[test]
    fn standalone_uris_found_after_words_and_non_ascii_text() {
        fn find(s: &str) -> Option<&str> {
            find_uri(s, 0, 0).map(|m| &s[m.start..m.end])
        }
        assert_eq!(find("see http://a.org/x now"), Some("http://a.org/x"));
        assert_eq!(
            find("déjà vu, mail me@example.org."),
            Some("me@example.org")
        );
        assert_eq!(find("a: b: c"), None);
        // A scheme glued to a word by '_' is no match; the later one is.
        assert_eq!(find("x_http://a.org (http://b.org)"), Some("http://b.org"));
        assert_eq!(find("«http://a.org» and x"), Some("http://a.org"));
    }
}
