//! The body state machine (reStructuredText spec, "Body Elements"; docutils'
//! `Body`, `Text` and `Line` states): paragraphs, section titles and
//! transitions, literal blocks (indented and quoted), block quotes with
//! attributions, doctest blocks, and the dispatch to lists, tables and
//! explicit markup.

use unicode_width::UnicodeWidthStr;

use crate::diag::Severity;
use crate::ir::{Kind, Span};

use super::Parser;
use super::lines::{IndentSpec, Line, get_indented, py_strip, text_block_end};
use super::machine::Machine;
use super::patterns::{LineKind, classify, is_punct_line};
use super::tree::NodeId;

/// Whether the parse of a block goes on or stops (docutils raises
/// `EOFError` to end a nested state machine, e.g. when a section title
/// belongs to an enclosing section).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Stop,
}

/// A section title style: overline character (if any) and underline.
pub type TitleStyle = (Option<char>, char);

/// A section title already read and checked, waiting for the section
/// level it belongs to.
pub struct PendingTitle {
    title: String,
    title_span: Span,
    /// docutils reports section-level messages at the underline.
    section_span: Span,
    /// Messages about the title (e.g. "Title underline too short.").
    messages: Vec<NodeId>,
}

/// Nesting deeper than this becomes a severe system message.
pub const MAX_DEPTH: usize = 120;

/// Display width of a title (East Asian wide characters count two).
pub fn column_width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

fn chars_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

impl<'a> Parser<'a> {
    /// Parse `lines` into `parent` with a machine of their own (docutils'
    /// `nested_parse`).
    pub fn nested_parse(
        &mut self,
        lines: Vec<Line<'a>>,
        parent: NodeId,
        match_titles: bool,
        fallback: Span,
    ) {
        let mut m = Machine::new(lines, match_titles, fallback);
        self.run_nested(&mut m, parent);
    }

    /// Run the body state over a machine, guarding the nesting depth.
    pub fn run_nested(&mut self, m: &mut Machine<'a>, parent: NodeId) {
        if self.depth >= MAX_DEPTH {
            let span = m.span(0);
            let msg = self.doc.message(
                Severity::Severe,
                "Nesting too deep: the rest of this block is not parsed.",
                span,
                &[],
            );
            self.doc.tree.append(parent, msg);
            return;
        }
        self.depth += 1;
        // Sections nest only in section-capable machines; a new machine
        // starts at the current section level and does not bubble further.
        self.run_body(m, parent);
        self.depth -= 1;
    }

    /// The body loop over the rest of `m`.
    pub fn run_body(&mut self, m: &mut Machine<'a>, parent: NodeId) -> Flow {
        while !m.at_eof() {
            if self.body_step(m, parent) == Flow::Stop {
                return Flow::Stop;
            }
        }
        Flow::Continue
    }

    fn append(&mut self, parent: NodeId, nodes: impl IntoIterator<Item = NodeId>) {
        self.doc.tree.extend(parent, nodes);
    }

    /// One transition of the body state at `m.pos`.
    fn body_step(&mut self, m: &mut Machine<'a>, parent: NodeId) -> Flow {
        let kind = classify(m.text(m.pos));
        match kind {
            LineKind::Blank => {
                m.pos += 1;
                Flow::Continue
            }
            LineKind::Indent => {
                self.block_quote_here(m, parent);
                Flow::Continue
            }
            LineKind::Bullet { end } => {
                self.bullet_list(m, parent, end);
                Flow::Continue
            }
            LineKind::Enumerator(e) => {
                let (end, format, text) = (e.end, e.format, e.text.to_string());
                if self.enumerated_list(m, parent, end, format, &text) {
                    Flow::Continue
                } else {
                    self.text_state(m, parent)
                }
            }
            LineKind::FieldMarker { end } => {
                self.field_list(m, parent, end);
                Flow::Continue
            }
            LineKind::OptionMarker { end } => {
                if self.option_list(m, parent, end) {
                    Flow::Continue
                } else {
                    self.text_state(m, parent)
                }
            }
            LineKind::Doctest => {
                let start = m.pos;
                let end = text_block_end(&m.lines, start, false).unwrap_or_else(|e| e);
                let text = join_lines(&m.lines[start..end]);
                let node = self
                    .doc
                    .tree
                    .text_element(Kind::DoctestBlock, &text, m.span(start));
                self.doc.tree.set(node, "xml:space", "preserve");
                self.doc.tree.append(parent, node);
                m.pos = end.max(start + 1);
                Flow::Continue
            }
            LineKind::LineBlock { end } => {
                self.line_block(m, parent, end);
                Flow::Continue
            }
            LineKind::GridTableTop => {
                self.grid_table(m, parent);
                Flow::Continue
            }
            LineKind::SimpleTableTop => {
                self.simple_table(m, parent);
                Flow::Continue
            }
            LineKind::Explicit { end } => {
                self.explicit_markup(m, parent, end, false);
                Flow::Continue
            }
            LineKind::Anonymous { end } => {
                self.explicit_markup(m, parent, end, true);
                Flow::Continue
            }
            LineKind::Line => self.line_state(m, parent),
            LineKind::Text => self.text_state(m, parent),
        }
    }

    /// A paragraph from `lines` (docutils' `paragraph`): the nodes to add
    /// and whether a literal block follows (`::` at the end).
    pub fn paragraph(
        &mut self,
        lines: &[Line<'a>],
        span: Span,
        parent: NodeId,
    ) -> (Vec<NodeId>, bool) {
        let joined;
        let data = match lines {
            [one] => one.as_str(),
            _ => {
                joined = join_lines(lines);
                joined.as_str()
            }
        };
        let data = data.trim_end_matches(super::lines::is_py_space);
        let (text, literal_next) = if ends_with_unescaped_double_colon(data) {
            if data.len() == 2 {
                return (Vec::new(), true);
            }
            let before = &data[..data.len() - 2];
            if before.ends_with([' ', '\n']) {
                (before.trim_end_matches(super::lines::is_py_space), true)
            } else {
                (&data[..data.len() - 1], true)
            }
        } else {
            (data, false)
        };
        let (nodes, messages) = self.inline_text(text, span, parent);
        let p = self.doc.tree.element(Kind::Paragraph, span);
        self.doc.tree.extend(p, nodes);
        let mut out = Vec::with_capacity(1 + messages.len());
        out.push(p);
        out.extend(messages);
        (out, literal_next)
    }

    /// The Text state: `m.pos` is a text line (its first line).
    pub fn text_state(&mut self, m: &mut Machine<'a>, parent: NodeId) -> Flow {
        let start = m.pos;
        let span = m.span(start);
        m.pos += 1;
        if m.at_eof() {
            // at the end of input docutils' cursor is past the last line
            let outer = self.doc.report_at.replace(m.span(m.pos));
            let (nodes, literal) = self.paragraph(&m.lines[start..start + 1], span, parent);
            self.doc.report_at = outer;
            self.append(parent, nodes);
            if literal {
                let lit = self.literal_block(m);
                self.append(parent, lit);
            }
            return Flow::Continue;
        }
        let next = m.text(m.pos);
        if next.is_empty() {
            // docutils reads the paragraph on reaching the blank line
            let outer = self.doc.report_at.replace(m.span(m.pos));
            let (nodes, literal) = self.paragraph(&m.lines[start..start + 1], span, parent);
            self.doc.report_at = outer;
            self.append(parent, nodes);
            if literal {
                let lit = self.literal_block(m);
                self.append(parent, lit);
            }
            return Flow::Continue;
        }
        if next.starts_with(' ') {
            self.definition_list(m, parent, start);
            return Flow::Continue;
        }
        if is_punct_line(next) {
            return self.text_underline(m, parent, start);
        }
        self.paragraph_continued(m, parent, start);
        Flow::Continue
    }

    /// Text followed by more text: a paragraph of the whole text block.
    fn paragraph_continued(&mut self, m: &mut Machine<'a>, parent: NodeId, start: usize) {
        let span = m.span(start);
        let (end, unexpected) = match text_block_end(&m.lines, start + 1, true) {
            Ok(end) => (end, None),
            Err(end) => (end, Some(end)),
        };
        // docutils' cursor is on the paragraph's last line
        let outer = self.doc.report_at.replace(m.span(end.saturating_sub(1)));
        let (nodes, literal) = self.paragraph(&m.lines[start..end], span, parent);
        self.doc.report_at = outer;
        self.append(parent, nodes);
        if let Some(at) = unexpected {
            let msg = self
                .doc
                .message(Severity::Error, "Unexpected indentation.", m.span(at), &[]);
            self.doc.tree.append(parent, msg);
        }
        m.pos = end;
        if literal {
            let lit = self.literal_block(m);
            self.append(parent, lit);
        }
    }

    /// Text followed by a line of punctuation: a section title, or text.
    fn text_underline(&mut self, m: &mut Machine<'a>, parent: NodeId, start: usize) -> Flow {
        let title = m.text(start).to_string();
        let underline = m.text(start + 1).to_string();
        let under_span = m.span(start + 1);
        let mut messages = Vec::new();
        if column_width(&title) > chars_len(&underline) {
            if chars_len(&underline) < 4 {
                if m.match_titles {
                    let msg = self.doc.message(
                        Severity::Info,
                        "Possible title underline, too short for the title.\nTreating it as ordinary text because it's so short.",
                        under_span,
                        &[],
                    );
                    self.doc.tree.append(parent, msg);
                }
                self.paragraph_continued(m, parent, start);
                return Flow::Continue;
            }
            let blocktext = format!("{title}\n{underline}");
            messages.push(self.doc.message_with_block(
                Severity::Warning,
                "Title underline too short.",
                &blocktext,
                under_span,
            ));
        }
        if !m.match_titles {
            let blocktext = format!("{title}\n{underline}");
            let msg = self.doc.message_with_block(
                Severity::Error,
                "Unexpected section title.",
                &blocktext,
                under_span,
            );
            self.append(parent, messages);
            self.doc.tree.append(parent, msg);
            m.pos = start + 2;
            return Flow::Continue;
        }
        let style: TitleStyle = (None, underline.chars().next().unwrap_or('-'));
        let source = format!("{title}\n{underline}");
        self.section(
            m,
            parent,
            &title,
            &source,
            style,
            start,
            2,
            m.span(start),
            messages,
        )
    }

    /// The Line state: `m.pos` is a line of punctuation (a transition, or
    /// the overline of a title).
    fn line_state(&mut self, m: &mut Machine<'a>, parent: NodeId) -> Flow {
        let start = m.pos;
        let overline = m.text(start).to_string();
        let span = m.span(start);
        if !m.match_titles {
            let marker = py_strip(&overline);
            if marker == "::" {
                return self.text_state(m, parent);
            }
            if chars_len(marker) < 4 {
                let msg = self.doc.message(
                    Severity::Info,
                    "Unexpected possible title overline or transition.\nTreating it as ordinary text because it's so short.",
                    span,
                    &[],
                );
                self.doc.tree.append(parent, msg);
                return self.text_state(m, parent);
            }
            let msg = self.doc.message_with_block(
                Severity::Error,
                "Unexpected section title or transition.",
                &overline,
                span,
            );
            self.doc.tree.append(parent, msg);
            m.pos += 1;
            return Flow::Continue;
        }
        let marker_len = chars_len(py_strip(&overline));
        if m.at_eof() || start + 1 >= m.lines.len() || m.is_blank(start + 1) {
            // transition (or short text)
            if marker_len < 4 {
                return self.text_state(m, parent);
            }
            let t = self.doc.tree.element(Kind::Transition, span);
            self.doc.tree.append(parent, t);
            m.pos = start + 1;
            return Flow::Continue;
        }
        let next = m.text(start + 1).to_string();
        if is_punct_line(&next) && !next.starts_with(' ') {
            // Line.underline: two punctuation lines
            if marker_len < 4 {
                self.short_overline(span, parent);
                return self.text_state(m, parent);
            }
            let blocktext = format!("{overline}\n{next}");
            let msg = self.doc.message_with_block(
                Severity::Error,
                "Invalid section title or transition marker.",
                &blocktext,
                span,
            );
            self.doc.tree.append(parent, msg);
            m.pos = start + 2;
            return Flow::Continue;
        }
        // Line.text: a title between overline and underline
        let title_raw = next;
        if start + 2 >= m.lines.len() {
            let blocktext = format!("{overline}\n{title_raw}");
            if marker_len < 4 {
                self.short_overline(span, parent);
                return self.text_state(m, parent);
            }
            let msg = self.doc.message_with_block(
                Severity::Error,
                "Incomplete section title.",
                &blocktext,
                span,
            );
            self.doc.tree.append(parent, msg);
            m.pos = start + 2;
            return Flow::Continue;
        }
        let underline = m.text(start + 2).to_string();
        let source = format!("{overline}\n{title_raw}\n{underline}");
        if !is_punct_line(&underline) || underline.starts_with(' ') {
            if marker_len < 4 {
                self.short_overline(span, parent);
                return self.text_state(m, parent);
            }
            let msg = self.doc.message_with_block(
                Severity::Error,
                "Missing matching underline for section title overline.",
                &source,
                span,
            );
            self.doc.tree.append(parent, msg);
            m.pos = start + 3;
            return Flow::Continue;
        }
        if overline != underline {
            if marker_len < 4 {
                self.short_overline(span, parent);
                return self.text_state(m, parent);
            }
            let msg = self.doc.message_with_block(
                Severity::Error,
                "Title overline & underline mismatch.",
                &source,
                span,
            );
            self.doc.tree.append(parent, msg);
            m.pos = start + 3;
            return Flow::Continue;
        }
        let title = title_raw.trim_end_matches(super::lines::is_py_space);
        let mut messages = Vec::new();
        if column_width(title) > chars_len(&overline) {
            if marker_len < 4 {
                self.short_overline(span, parent);
                return self.text_state(m, parent);
            }
            messages.push(self.doc.message_with_block(
                Severity::Warning,
                "Title overline too short.",
                &source,
                span,
            ));
        }
        let style: TitleStyle = (
            overline.chars().next(),
            underline.chars().next().unwrap_or('-'),
        );
        let title = title
            .trim_start_matches(super::lines::is_py_space)
            .to_string();
        self.section(
            m,
            parent,
            &title,
            &source,
            style,
            start,
            3,
            m.span(start + 1),
            messages,
        )
    }

    fn short_overline(&mut self, span: Span, parent: NodeId) {
        let msg = self.doc.message(
            Severity::Info,
            "Possible incomplete section title.\nTreating the overline as ordinary text because it's so short.",
            span,
            &[],
        );
        self.doc.tree.append(parent, msg);
    }

    /// A section title at `start` spanning `title_lines` lines: check its
    /// level, then parse the section body from the same machine.
    #[allow(clippy::too_many_arguments)]
    fn section(
        &mut self,
        m: &mut Machine<'a>,
        parent: NodeId,
        title: &str,
        source: &str,
        style: TitleStyle,
        start: usize,
        title_lines: usize,
        title_span: Span,
        messages: Vec<NodeId>,
    ) -> Flow {
        let my_level = self.section_level;
        let existing = self.title_styles.iter().position(|s| *s == style);
        m.pos = start + title_lines;
        let level = match existing {
            None if self.title_styles.len() == my_level => {
                self.title_styles.push(style);
                my_level + 1
            }
            None => {
                let new_level = self.title_styles.len() + 1;
                self.title_inconsistent(parent, source, title_span, my_level, new_level);
                return Flow::Continue;
            }
            Some(idx) => idx + 1,
        };
        let pending = PendingTitle {
            title: title.to_string(),
            title_span,
            section_span: m.span(start + title_lines - 1),
            messages,
        };
        if level <= my_level {
            // A sibling or an ancestor's sibling: the enclosing section
            // that owns this level opens it (docutils 0.22 parses each
            // title once and reparents; re-reading it would repeat its
            // messages).
            self.section_level = level;
            self.pending_title = Some(pending);
            return Flow::Stop;
        }
        if level != my_level + 1 {
            self.title_inconsistent(parent, source, title_span, my_level, level);
            return Flow::Continue;
        }
        self.new_subsection(m, parent, pending)
    }

    /// Open a section one level below the current one and parse its body;
    /// then open the siblings that its body handed back, until a title of
    /// a higher level ends this level too.
    fn new_subsection(&mut self, m: &mut Machine<'a>, parent: NodeId, first: PendingTitle) -> Flow {
        let my_level = self.section_level;
        let mut next = Some(first);
        while let Some(title) = next.take() {
            self.section_level = my_level + 1;
            let section = self.doc.tree.element(Kind::Section, title.section_span);
            self.doc.tree.append(parent, section);
            let (text_nodes, title_messages) =
                self.inline_text(&title.title, title.title_span, section);
            let title_node = self.doc.tree.element(Kind::Title, title.title_span);
            self.doc.tree.extend(title_node, text_nodes);
            let name = super::names::normalize(&self.doc.tree.astext(title_node));
            self.doc.tree.set(section, "names", vec![name]);
            self.doc.tree.append(section, title_node);
            self.append(section, title.messages);
            self.append(section, title_messages);
            self.doc.note_implicit_target(section, Some(section));
            if self.depth < MAX_DEPTH {
                self.depth += 1;
                self.run_body(m, section);
                self.depth -= 1;
            }
            if self.section_level <= my_level {
                return Flow::Stop;
            }
            next = self.pending_title.take();
        }
        self.section_level = my_level;
        Flow::Continue
    }

    fn title_inconsistent(
        &mut self,
        parent: NodeId,
        source: &str,
        span: Span,
        from: usize,
        to: usize,
    ) {
        let styles: Vec<String> = self
            .title_styles
            .iter()
            .map(|(over, under)| match over {
                Some(o) => format!("{o}/{under}"),
                None => under.to_string(),
            })
            .collect();
        let lit = self.doc.literal_block(source, span);
        let para = self.doc.tree.text_element(
            Kind::Paragraph,
            &format!("Established title styles: {}", styles.join(" ")),
            span,
        );
        let msg = self.doc.message(
            Severity::Error,
            &format!("Inconsistent title style: skip from level {from} to {to}."),
            span,
            &[lit, para],
        );
        self.doc.tree.append(parent, msg);
    }

    /// The literal block after a paragraph ending in `::`, read from
    /// `m.pos` (docutils' `Text.literal_block`).
    pub fn literal_block(&mut self, m: &mut Machine<'a>) -> Vec<NodeId> {
        let block = get_indented(&m.lines, m.pos, IndentSpec::plain());
        let first = m.pos + block.skipped;
        let mut lines = block.lines;
        while lines.last().is_some_and(|l| py_strip(&l.text).is_empty()) {
            lines.pop();
        }
        if lines.is_empty() {
            let at = if block.consumed > 0 {
                m.pos + block.consumed - 1
            } else {
                m.pos
            };
            return self.quoted_literal_block(m, at);
        }
        m.pos += block.consumed;
        let text = join_lines(&lines);
        let lit = self.doc.literal_block(&text, m.span(first));
        let mut out = vec![lit];
        if !block.blank_finish {
            out.push(self.unindent_warning("Literal block", m));
        }
        out
    }

    /// A quoted literal block (every line starts with the same
    /// punctuation character), from line `at`.
    fn quoted_literal_block(&mut self, m: &mut Machine<'a>, at: usize) -> Vec<NodeId> {
        let mut i = at;
        while i < m.lines.len() && m.is_blank(i) {
            i += 1;
        }
        let first = m.text(i);
        let quote = first.chars().next().filter(|c| c.is_ascii_punctuation());
        let Some(quote) = quote.filter(|_| i < m.lines.len()) else {
            let span = m.span(i);
            let msg = self.doc.message(
                Severity::Warning,
                "Literal block expected; none found.",
                span,
                &[],
            );
            m.pos = i;
            return vec![msg];
        };
        let start = i;
        let mut messages = Vec::new();
        while i < m.lines.len() {
            let line = m.text(i);
            if line.is_empty() {
                break;
            }
            if line.starts_with(' ') {
                messages.push(self.doc.message(
                    Severity::Error,
                    "Unexpected indentation.",
                    m.span(i),
                    &[],
                ));
                break;
            }
            if !line.starts_with(quote) {
                messages.push(self.doc.message(
                    Severity::Error,
                    "Inconsistent literal block quoting.",
                    m.span(i),
                    &[],
                ));
                break;
            }
            i += 1;
        }
        let text = join_lines(&m.lines[start..i]);
        let lit = self.doc.literal_block(&text, m.span(start));
        m.pos = i;
        let mut out = vec![lit];
        out.extend(messages);
        out
    }

    /// "X ends without a blank line; unexpected unindent." at `m.pos`.
    pub fn unindent_warning(&mut self, what: &str, m: &Machine<'a>) -> NodeId {
        self.doc.message(
            Severity::Warning,
            &format!("{what} ends without a blank line; unexpected unindent."),
            m.span(m.pos),
            &[],
        )
    }

    /// An indented block at `m.pos`: block quotes with attributions.
    fn block_quote_here(&mut self, m: &mut Machine<'a>, parent: NodeId) {
        let block = get_indented(&m.lines, m.pos, IndentSpec::plain());
        m.pos += block.consumed.max(1);
        let elements = self.block_quote(block.lines);
        self.append(parent, elements);
        if !block.blank_finish {
            let w = self.unindent_warning("Block quote", m);
            self.doc.tree.append(parent, w);
        }
    }

    /// Block quotes from dedented lines (docutils' `block_quote`).
    pub fn block_quote(&mut self, mut lines: Vec<Line<'a>>) -> Vec<NodeId> {
        let mut elements = Vec::new();
        while !lines.is_empty() {
            let span = lines[0].span();
            let bq = self.doc.tree.element(Kind::BlockQuote, span);
            let (quote_lines, attribution, rest) = split_attribution(lines);
            self.nested_parse(quote_lines, bq, false, span);
            elements.push(bq);
            if let Some(attr_lines) = attribution {
                let text = join_lines(&attr_lines);
                let text = text.trim_end();
                let aspan = attr_lines[0].span();
                let (nodes, messages) = self.inline_text(text, aspan, bq);
                let a = self.doc.tree.element(Kind::Attribution, aspan);
                self.doc.tree.extend(a, nodes);
                self.doc.tree.append(bq, a);
                elements.extend(messages);
            }
            lines = rest;
            while lines.first().is_some_and(Line::is_blank) {
                lines.remove(0);
            }
        }
        elements
    }
}

/// Join line texts with newlines.
pub fn join_lines(lines: &[Line<'_>]) -> String {
    let mut out = String::with_capacity(lines.iter().map(|l| l.text.len() + 1).sum());
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&l.text);
    }
    out
}

/// `(?<!\\)(\\\\)*::$`: ends with `::` not escaped.
fn ends_with_unescaped_double_colon(data: &str) -> bool {
    if !data.ends_with("::") {
        return false;
    }
    let before = &data[..data.len() - 2];
    let backslashes = before.bytes().rev().take_while(|&b| b == b'\\').count();
    backslashes % 2 == 0
}

/// The attribution marker: `--`, `---` or an em dash, then text.
fn attribution_start(line: &str) -> Option<usize> {
    let after = if let Some(rest) = line.strip_prefix("---") {
        if rest.starts_with('-') {
            return None;
        }
        3
    } else if let Some(rest) = line.strip_prefix("--") {
        if rest.starts_with('-') {
            return None;
        }
        2
    } else if line.starts_with('\u{2014}') {
        '\u{2014}'.len_utf8()
    } else {
        return None;
    };
    let spaces = line[after..].bytes().take_while(|&b| b == b' ').count();
    let at = after + spaces;
    (at < line.len()).then_some(at)
}

type Split<'a> = (Vec<Line<'a>>, Option<Vec<Line<'a>>>, Vec<Line<'a>>);

/// Split a block quote's lines at an attribution (docutils'
/// `split_attribution`): quote lines, attribution lines, the rest.
fn split_attribution(lines: Vec<Line<'_>>) -> Split<'_> {
    let mut blank: Option<usize> = None;
    let mut nonblank_seen = false;
    for i in 0..lines.len() {
        let line = lines[i].as_str();
        if !line.is_empty() {
            if nonblank_seen
                && blank == Some(i.wrapping_sub(1))
                && let Some(mark_end) = attribution_start(line)
            {
                // check_attribution: following lines share one indentation
                let mut indent: Option<usize> = None;
                let mut end = i + 1;
                let mut ok = true;
                while end < lines.len() {
                    let l = lines[end].as_str();
                    if l.is_empty() {
                        break;
                    }
                    let ind = super::lines::indent_of(l);
                    match indent {
                        None => indent = Some(ind),
                        Some(x) if x != ind => {
                            ok = false;
                            break;
                        }
                        _ => {}
                    }
                    end += 1;
                }
                if ok {
                    let indent = indent.unwrap_or(0);
                    let mut rest = lines;
                    let tail = rest.split_off(end);
                    let mut attr = rest.split_off(i);
                    if let Some(first) = attr.first_mut() {
                        *first = first.drop_bytes(mark_end);
                    }
                    for l in attr.iter_mut().skip(1) {
                        *l = l.drop_chars(indent);
                    }
                    return (rest, Some(attr), tail);
                }
            }
            nonblank_seen = true;
        } else {
            blank = Some(i);
        }
    }
    (lines, None, Vec::new())
}
