//! Explicit markup blocks (reStructuredText spec, "Explicit Markup
//! Blocks"): footnotes (numbered, auto-numbered, labelled, symbols),
//! citations, hyperlink targets (named, anonymous, indirect), substitution
//! definitions, comments, and the call into the directive registry.

use crate::diag::Severity;
use crate::ir::{Kind, Span};

use super::Parser;
use super::inline::{adjust_uri, escape_to_null, is_simplename, unescape};
use super::lines::{IndentSpec, Line, char_count, get_indented, py_strip};
use super::machine::Machine;
use super::names::{normalize, whitespace_normalize};
use super::patterns::{LineKind, classify, spaces_or_end};
use super::punct::is_space;
use super::tree::NodeId;

/// What follows `.. ` on an explicit markup line.
enum Construct {
    Footnote { label: String, end: usize },
    Citation { label: String, end: usize },
    Target { end: usize },
    Substitution { end: usize },
    Directive { name: String, end: usize },
    Comment,
}

/// Recognize the explicit construct of `line` (after `..`).
fn recognize(line: &str) -> Construct {
    let after_dots = 2 + line[2..].bytes().take_while(|&b| b == b' ').count();
    if after_dots == 2 {
        return Construct::Comment;
    }
    let rest = &line[after_dots..];
    if let Some(inner) = rest.strip_prefix('[')
        && let Some(close) = inner.find(']')
    {
        let label = &inner[..close];
        let end_at = after_dots + 1 + close + 1;
        if let Some(end) = spaces_or_end(line, end_at) {
            let numeric = !label.is_empty() && label.bytes().all(|b| b.is_ascii_digit());
            let auto = label == "#" || (label.starts_with('#') && is_simplename(&label[1..]));
            if numeric || auto || label == "*" {
                return Construct::Footnote {
                    label: label.to_string(),
                    end,
                };
            }
            if is_simplename(label) {
                return Construct::Citation {
                    label: label.to_string(),
                    end,
                };
            }
        }
    }
    if rest.starts_with('_') && !rest[1..].starts_with(' ') && rest.len() > 1 {
        return Construct::Target {
            end: after_dots + 1,
        };
    }
    if rest.starts_with('|') && rest.len() > 1 && !rest[1..].starts_with(' ') {
        return Construct::Substitution {
            end: after_dots + 1,
        };
    }
    if let Some((name, end)) = directive_marker(rest) {
        return Construct::Directive {
            name: name.to_string(),
            end: after_dots + end,
        };
    }
    Construct::Comment
}

/// `simplename[ ]?::( +|$)` at the start of `s`: the name and the end.
pub fn directive_marker(s: &str) -> Option<(&str, usize)> {
    let colons = s.find("::")?;
    let mut name_end = colons;
    if name_end > 0 && s.as_bytes()[name_end - 1] == b' ' {
        name_end -= 1;
    }
    let name = &s[..name_end];
    if !is_simplename(name) {
        return None;
    }
    let end = spaces_or_end(s, colons + 2)?;
    Some((name, end))
}

/// The reference-name target pattern applied to escaped text: the name
/// (or "" for an anonymous `__:`) and the end offset.
fn match_target_name(escaped: &str) -> Option<(String, usize)> {
    // anonymous: "_" then optional space, ':' and ([ ]+|$)
    let finish = |after: usize| -> Option<usize> {
        let mut p = after;
        if escaped[p..].starts_with(' ') {
            p += 1;
        }
        if !escaped[p..].starts_with(':') {
            return None;
        }
        spaces_or_end(escaped, p + 1)
    };
    if let Some(stripped) = escaped.strip_prefix('_') {
        let _ = stripped;
        if let Some(end) = finish(1) {
            return Some((String::new(), end));
        }
        return None;
    }
    let (quote, name_start) = if escaped.starts_with('`') {
        (true, 1)
    } else {
        (false, 0)
    };
    let first = escaped[name_start..].chars().next()?;
    if first == ' ' || first == '`' {
        return None;
    }
    // candidate name ends: lazily (shortest first), as `.+?`
    let mut ends: Vec<usize> = escaped[name_start..]
        .char_indices()
        .map(|(i, c)| name_start + i + c.len_utf8())
        .collect();
    ends.retain(|&e| e > name_start);
    for e in ends {
        let name = &escaped[name_start..e];
        let last = name.chars().next_back()?;
        if is_space(last) || last == '\0' {
            continue;
        }
        let mut p = e;
        if quote {
            if !escaped[p..].starts_with('`') {
                continue;
            }
            p += 1;
        }
        // (?<!(?<!\x00):): no unescaped colon right before
        let before = &escaped[..p];
        if before.ends_with(':') {
            let b = before.as_bytes();
            if b.len() < 2 || b[b.len() - 2] != 0 {
                continue;
            }
        }
        // non_whitespace_escape_before
        if let Some(c) = before.chars().next_back()
            && (is_space(c) || c == '\0')
        {
            continue;
        }
        if let Some(end) = finish(p) {
            return Some((name.to_string(), end));
        }
    }
    None
}

/// `(?![ ])(.+?)(?<![\s\x00])\|([ ]+|$)`: the substitution name and end.
fn match_substitution_name(escaped: &str) -> Option<(String, usize)> {
    if escaped.starts_with(' ') || escaped.is_empty() {
        return None;
    }
    for (i, c) in escaped.char_indices() {
        if c == '|' && i > 0 {
            let prev = escaped[..i].chars().next_back()?;
            if is_space(prev) || prev == '\0' {
                continue;
            }
            if let Some(end) = spaces_or_end(escaped, i + 1) {
                return Some((escaped[..i].to_string(), end));
            }
        }
    }
    None
}

impl<'a> Parser<'a> {
    /// An explicit markup block (`..` or `__`) at `m.pos`, followed by any
    /// explicit blocks directly after it (docutils' `explicit_list`).
    pub fn explicit_markup(
        &mut self,
        m: &mut Machine<'a>,
        parent: NodeId,
        end: usize,
        anonymous: bool,
    ) {
        let mut blank_finish = self.explicit_construct(m, parent, end, anonymous);
        loop {
            while !m.at_eof() && m.is_blank(m.pos) {
                m.pos += 1;
            }
            if m.at_eof() {
                break;
            }
            match classify(m.text(m.pos)) {
                LineKind::Explicit { end } => {
                    blank_finish = self.explicit_construct(m, parent, end, false)
                }
                LineKind::Anonymous { end } => {
                    blank_finish = self.explicit_construct(m, parent, end, true)
                }
                _ => break,
            }
        }
        if !blank_finish {
            let w = self.unindent_warning("Explicit markup", m);
            self.doc.tree.append(parent, w);
        }
    }

    fn explicit_construct(
        &mut self,
        m: &mut Machine<'a>,
        parent: NodeId,
        end: usize,
        anonymous: bool,
    ) -> bool {
        if anonymous {
            return self.anonymous_target(m, parent, end);
        }
        let line = m.text(m.pos).to_string();
        match recognize(&line) {
            Construct::Footnote { label, end } => self.footnote(m, parent, &label, end),
            Construct::Citation { label, end } => self.citation(m, parent, &label, end),
            Construct::Target { end } => self.hyperlink_target(m, parent, end),
            Construct::Substitution { end } => self.substitution_def(m, parent, end),
            Construct::Directive { name, end } => self.directive(m, parent, &name, end, None),
            Construct::Comment => self.comment(m, parent, end),
        }
    }

    fn comment(&mut self, m: &mut Machine<'a>, parent: NodeId, end: usize) -> bool {
        let span = m.span(m.pos);
        let first = m.text(m.pos).get(end..).unwrap_or("").to_string();
        if m.is_blank(m.pos + 1) && py_strip(&first).is_empty() {
            let c = self.doc.tree.element(Kind::Comment, span);
            self.doc.tree.set(c, "xml:space", "preserve");
            self.doc.tree.append(parent, c);
            m.pos += 1;
            return true;
        }
        let block = get_indented(&m.lines, m.pos, IndentSpec::first_known(end));
        m.pos += block.consumed.max(1);
        let mut lines = block.lines;
        while lines.last().is_some_and(|l| py_strip(&l.text).is_empty()) {
            lines.pop();
        }
        let text = super::block::join_lines(&lines);
        let c = self.doc.tree.text_element(Kind::Comment, &text, span);
        self.doc.tree.set(c, "xml:space", "preserve");
        self.doc.tree.append(parent, c);
        block.blank_finish
    }

    fn footnote(&mut self, m: &mut Machine<'a>, parent: NodeId, label: &str, end: usize) -> bool {
        let span = m.span(m.pos);
        let block = get_indented(&m.lines, m.pos, IndentSpec::first_known(end));
        m.pos += block.consumed.max(1);
        let name = normalize(label);
        let footnote = self.doc.tree.element(Kind::Footnote, span);
        self.doc.tree.append(parent, footnote);
        let mut has_name = true;
        if let Some(auto_name) = name.strip_prefix('#') {
            self.doc.tree.set(footnote, "auto", 1i64);
            if auto_name.is_empty() {
                has_name = false;
            } else {
                self.doc
                    .tree
                    .set(footnote, "names", vec![auto_name.to_string()]);
            }
            self.doc.set_id(footnote, None);
        } else if name == "*" {
            self.doc.tree.set(footnote, "auto", "*");
            has_name = false;
            self.doc.set_id(footnote, None);
        } else {
            let l = self.doc.tree.text_element(Kind::Label, label, span);
            self.doc.tree.append(footnote, l);
            self.doc.tree.set(footnote, "names", vec![name]);
            self.doc.set_id(footnote, None);
        }
        if has_name {
            self.doc.note_explicit_target(footnote, Some(footnote));
        } else {
            self.doc.set_id(footnote, Some(footnote));
        }
        if !block.lines.is_empty() {
            self.nested_parse(block.lines, footnote, false, span);
        } else {
            // docutils reports it where its cursor stands: the block's end
            let at = m.span(m.pos.saturating_sub(1));
            let msg = self
                .doc
                .message(Severity::Warning, "Footnote content expected.", at, &[]);
            self.doc.tree.append(footnote, msg);
        }
        block.blank_finish
    }

    fn citation(&mut self, m: &mut Machine<'a>, parent: NodeId, label: &str, end: usize) -> bool {
        let span = m.span(m.pos);
        let block = get_indented(&m.lines, m.pos, IndentSpec::first_known(end));
        m.pos += block.consumed.max(1);
        let citation = self.doc.tree.element(Kind::Citation, span);
        self.doc.tree.append(parent, citation);
        let l = self.doc.tree.text_element(Kind::Label, label, span);
        self.doc.tree.append(citation, l);
        self.doc.tree.set(citation, "names", vec![normalize(label)]);
        self.doc.note_explicit_target(citation, Some(citation));
        if !block.lines.is_empty() {
            self.nested_parse(block.lines, citation, false, span);
        } else {
            let at = m.span(m.pos.saturating_sub(1));
            let msg = self
                .doc
                .message(Severity::Warning, "Citation content expected.", at, &[]);
            self.doc.tree.append(citation, msg);
        }
        block.blank_finish
    }

    fn hyperlink_target(&mut self, m: &mut Machine<'a>, parent: NodeId, end: usize) -> bool {
        let span = m.span(m.pos);
        let block_start = m.pos;
        let line = m.text(m.pos).to_string();
        let block = get_indented(
            &m.lines,
            m.pos,
            IndentSpec::first_known(end).until_blank().keep_indent(),
        );
        m.pos += block.consumed.max(1);
        let texts: Vec<String> = block.lines.iter().map(|l| l.text.to_string()).collect();
        let blocktext = format!("{}{}", &line[..end], texts.join("\n"));
        let mut escaped_lines: Vec<String> = texts.iter().map(|t| escape_to_null(t)).collect();
        if escaped_lines.is_empty() {
            escaped_lines.push(String::new());
        }
        let mut escaped = escaped_lines[0].clone();
        let mut index = 0;
        let (name, name_end) = loop {
            if let Some(found) = match_target_name(&escaped) {
                break found;
            }
            index += 1;
            match escaped_lines.get(index) {
                Some(next) => escaped.push_str(next),
                None => {
                    let at = m.span(m.pos - 1);
                    m.pos = block_start;
                    let dots_end = 2 + line[2..].bytes().take_while(|&b| b == b' ').count();
                    let bf = self.comment(m, parent, dots_end);
                    let msg =
                        self.doc
                            .message(Severity::Warning, "malformed hyperlink target.", at, &[]);
                    self.doc.tree.append(parent, msg);
                    return bf;
                }
            }
        };
        // The rest of the block after the name is the reference.
        let mut rest_lines: Vec<String> = escaped_lines[index..].to_vec();
        let consumed_before: usize = escaped.len() - name_end;
        let first = format!("{} ", rest_lines[0]);
        let cut = first.len().saturating_sub(consumed_before + 1);
        rest_lines[0] = first.get(cut..).unwrap_or("").trim().to_string();
        let target = self.make_target(&rest_lines, &name, span, parent);
        self.doc.tree.append(parent, target);
        let _ = blocktext;
        block.blank_finish
    }

    fn anonymous_target(&mut self, m: &mut Machine<'a>, parent: NodeId, end: usize) -> bool {
        let span = m.span(m.pos);
        let block = get_indented(&m.lines, m.pos, IndentSpec::first_known(end).until_blank());
        m.pos += block.consumed.max(1);
        let lines: Vec<String> = block
            .lines
            .iter()
            .map(|l| escape_to_null(&l.text))
            .collect();
        let target = self.make_target(&lines, "", span, parent);
        self.doc.tree.append(parent, target);
        block.blank_finish
    }

    /// A target from its (escaped) reference lines: indirect (`name_`) or
    /// external (a URI, whitespace removed).
    fn make_target(
        &mut self,
        block: &[String],
        target_name: &str,
        span: Span,
        parent: NodeId,
    ) -> NodeId {
        let target = self.doc.tree.element(Kind::Target, span);
        if block.last().is_some_and(|l| py_strip(l).ends_with('_')) {
            let reference = block
                .iter()
                .map(|l| py_strip(l))
                .collect::<Vec<_>>()
                .join(" ");
            if let Some(refname) = is_reference(&reference) {
                self.doc.tree.set(target, "refname", normalize(&refname));
                self.add_target(target_name, None, target, parent);
                return target;
            }
        }
        let joined = block.join(" ");
        let parts = split_escaped_ws(&joined);
        let reference = parts
            .iter()
            .map(|p| unescape(p).split(is_space).collect::<String>())
            .collect::<Vec<_>>()
            .join(" ");
        self.add_target(target_name, Some(&reference), target, parent);
        target
    }

    fn add_target(
        &mut self,
        target_name: &str,
        refuri: Option<&str>,
        target: NodeId,
        parent: NodeId,
    ) {
        if !target_name.is_empty() {
            let name = normalize(&unescape(target_name));
            self.doc.tree.set(target, "names", vec![name]);
            if let Some(uri) = refuri.filter(|u| !u.is_empty()) {
                self.doc.tree.set(target, "refuri", adjust_uri(uri));
            }
            self.doc.note_explicit_target(target, Some(parent));
        } else {
            if let Some(uri) = refuri.filter(|u| !u.is_empty()) {
                self.doc.tree.set(target, "refuri", uri.to_string());
            }
            self.doc.tree.set(target, "anonymous", 1i64);
            self.doc.set_id(target, None);
        }
    }

    fn substitution_def(&mut self, m: &mut Machine<'a>, parent: NodeId, end: usize) -> bool {
        let span = m.span(m.pos);
        let block_start = m.pos;
        let line = m.text(m.pos).to_string();
        let block = get_indented(&m.lines, m.pos, IndentSpec::first_known(end).keep_indent());
        m.pos += block.consumed.max(1);
        let texts: Vec<String> = block.lines.iter().map(|l| l.text.to_string()).collect();
        let blocktext = format!("{}{}", &line[..end], texts.join("\n"));
        let mut lines: Vec<Line<'a>> = block.lines;
        if lines.is_empty() {
            lines.push(Line {
                text: "".into(),
                file: span.file,
                lineno: span.line,
                col: 1,
            });
        }
        let mut escaped = escape_to_null(lines[0].text.trim_end());
        let mut index = 0;
        let (subname, name_end) = loop {
            if let Some(found) = match_substitution_name(&escaped) {
                break found;
            }
            index += 1;
            match lines.get(index) {
                Some(next) => {
                    escaped.push(' ');
                    escaped.push_str(&escape_to_null(py_strip(&next.text)));
                }
                None => {
                    let at = m.span(m.pos - 1);
                    m.pos = block_start;
                    let dots_end = 2 + line[2..].bytes().take_while(|&b| b == b' ').count();
                    let bf = self.comment(m, parent, dots_end);
                    let msg = self.doc.message(
                        Severity::Warning,
                        "malformed substitution definition.",
                        at,
                        &[],
                    );
                    self.doc.tree.append(parent, msg);
                    return bf;
                }
            }
        };
        let subname = unescape(&subname);
        lines.drain(..index);
        let start = (name_end as isize) - (escaped.len() as isize) - 1;
        let first_text = format!("{} ", py_strip(&lines[0].text));
        let cut_from = if start < 0 {
            first_text.len() as isize + start
        } else {
            start
        };
        let cut_from = usize::try_from(cut_from.max(0))
            .unwrap_or(0)
            .min(first_text.len());
        let mut new_first = first_text
            .get(cut_from..first_text.len() - 1)
            .unwrap_or("")
            .to_string();
        if !first_text.is_char_boundary(cut_from) {
            new_first = String::new();
        }
        lines[0] = lines[0].with_text(new_first);
        if lines[0].is_blank() {
            lines.remove(0);
        }
        while lines.last().is_some_and(|l| py_strip(&l.text).is_empty()) {
            lines.pop();
        }
        if lines.is_empty() {
            let msg = self.doc.message_with_block(
                Severity::Warning,
                &format!("Substitution definition \"{subname}\" missing contents."),
                &blocktext,
                span,
            );
            self.doc.tree.append(parent, msg);
            return block.blank_finish;
        }
        let stripped = py_strip(&lines[0].text).to_string();
        lines[0] = lines[0].with_text(stripped);
        let node = self.doc.tree.element(Kind::SubstitutionDefinition, span);
        self.doc
            .tree
            .set(node, "names", vec![whitespace_normalize(&subname)]);
        // SubstitutionDef state: an embedded directive, else nothing.
        let first_line = lines[0].text.to_string();
        let mut blank_finish = block.blank_finish;
        if let Some((name, dend)) = directive_marker(&first_line) {
            let mut sub_m = Machine::new(lines, false, span);
            let bf = self.directive(
                &mut sub_m,
                node,
                name,
                dend,
                Some(whitespace_normalize(&subname)),
            );
            // docutils keeps the outer blank_finish when the directive used
            // up the block (`embedded_directive` at EOF)
            if sub_m.pos < sub_m.lines.len() {
                blank_finish = bf || blank_finish;
            }
        }
        // Non-inline children move out to the parent.
        let children = self.doc.tree.take_children(node);
        let mut kept = Vec::new();
        for child in children {
            let inline = self.doc.tree.is_text(child)
                || self
                    .doc
                    .tree
                    .kind(child)
                    .is_some_and(|k| k.category() == crate::ir::Category::Inline)
                // inline in docutils' class hierarchy, body elements here
                || matches!(
                    self.doc.tree.kind(child),
                    Some(Kind::Image | Kind::Raw | Kind::Target)
                );
            if inline {
                kept.push(child);
            } else {
                self.doc.tree.append(parent, child);
            }
        }
        *self.doc.tree.children_mut(node) = kept.into();
        // docutils 0.22: problematic content, then what a substitution may
        // not hold, in document order
        for n in self.doc.tree.descendants(node) {
            if n == node {
                continue;
            }
            let kind = self.doc.tree.kind(n);
            if kind == Some(Kind::Problematic) {
                let lit = self.doc.literal_block(&blocktext, span);
                let kids = self.doc.tree.take_children(node);
                let para = self.doc.tree.element(Kind::Paragraph, span);
                self.doc.tree.extend(para, kids);
                let quote = self.doc.tree.element(Kind::BlockQuote, span);
                self.doc.tree.append(quote, para);
                let msg = self.doc.message(
                    Severity::Error,
                    "Problematic content in substitution definition",
                    span,
                    &[lit, quote],
                );
                self.doc.tree.append(parent, msg);
                return blank_finish;
            }
            let attrs = self.doc.tree.attrs(n);
            let illegal = if kind == Some(Kind::Reference) && attrs.has("anonymous") {
                "Anonymous references"
            } else if kind == Some(Kind::FootnoteReference) && attrs.has("auto") {
                "References to auto-numbered and auto-symbol footnotes"
            } else if !attrs.list("names").is_empty() || !attrs.list("ids").is_empty() {
                "Targets (names and identifiers)"
            } else {
                ""
            };
            if !illegal.is_empty() {
                let lit = self.doc.literal_block(&blocktext, span);
                let msg = self.doc.message(
                    Severity::Error,
                    &format!("{illegal} are not supported in a substitution definition."),
                    span,
                    &[lit],
                );
                self.doc.tree.append(parent, msg);
                return blank_finish;
            }
        }
        if self.doc.tree.children(node).is_empty() {
            let msg = self.doc.message_with_block(
                Severity::Warning,
                &format!("Substitution definition \"{subname}\" empty or invalid."),
                &blocktext,
                span,
            );
            self.doc.tree.append(parent, msg);
            return blank_finish;
        }
        self.doc.note_substitution_def(node, &subname, Some(parent));
        self.doc.tree.append(parent, node);
        blank_finish
    }

    /// A directive at `m.pos` whose marker ends at byte `end`.
    pub fn directive(
        &mut self,
        m: &mut Machine<'a>,
        parent: NodeId,
        name: &str,
        end: usize,
        substitution: Option<String>,
    ) -> bool {
        let span = m.span(m.pos);
        let normname = name.to_lowercase();
        let spec = self.directives.get(&normname);
        if spec.is_none() {
            let msg = self.doc.message(
                Severity::Info,
                &format!(
                    "No directive entry for \"{name}\" in module \"docutils.parsers.rst.languages.en\".\nTrying \"{name}\" as canonical directive name."
                ),
                span,
                &[],
            );
            self.doc.tree.append(parent, msg);
            let block = get_indented(&m.lines, m.pos, IndentSpec::first_known(0).keep_indent());
            m.pos += block.consumed.max(1);
            let mut lines = block.lines;
            while lines.last().is_some_and(|l| py_strip(&l.text).is_empty()) {
                lines.pop();
            }
            let text = super::block::join_lines(&lines);
            let msg = self.doc.message_with_block(
                Severity::Error,
                &format!("Unknown directive type \"{name}\"."),
                &text,
                span,
            );
            self.doc.tree.append(parent, msg);
            return block.blank_finish;
        }
        let spec = spec.cloned();
        let Some(spec) = spec else { return true };
        super::directives::run_directive(self, m, parent, name, end, spec, substitution)
    }
}

/// What a hyperlink target's block points to (docutils' `parse_target`).
pub enum TargetKind {
    /// An indirect target: the reference name (unescaped, not normalized).
    Refname(String),
    /// A URI, unescaped whitespace removed.
    Refuri(String),
}

/// Classify a target block (lines with escapes as NULs): a reference
/// `name_` / `` `phrase`_ `` on its last line makes an indirect target,
/// anything else is a URI.
pub fn parse_target(block: &[&str]) -> TargetKind {
    if block.last().is_some_and(|l| py_strip(l).ends_with('_')) {
        let reference = block
            .iter()
            .map(|l| py_strip(l))
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(refname) = is_reference(&reference) {
            return TargetKind::Refname(refname);
        }
    }
    let joined = block.join(" ");
    let parts = split_escaped_ws(&joined);
    TargetKind::Refuri(
        parts
            .iter()
            .map(|p| unescape(p).split(is_space).collect::<String>())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// Whether `reference` is `name_` or `` `phrase`_ ``: the name.
fn is_reference(reference: &str) -> Option<String> {
    let normalized = whitespace_normalize(reference);
    if let Some(body) = normalized.strip_suffix('_') {
        if is_simplename(body) {
            return Some(unescape(body));
        }
        if let Some(phrase) = body.strip_prefix('`').and_then(|b| b.strip_suffix('`'))
            && !phrase.is_empty()
            && !phrase.starts_with(' ')
            && !phrase.ends_with([' ', '\0'])
        {
            return Some(unescape(phrase));
        }
    }
    None
}

fn split_escaped_ws(text: &str) -> Vec<String> {
    // Escapes are rare in URIs: without one there is nothing to split.
    if memchr::memchr(0, text.as_bytes()).is_none() {
        return vec![text.to_string()];
    }
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

#[allow(dead_code)]
fn count(s: &str, b: usize) -> usize {
    char_count(s, b)
}
