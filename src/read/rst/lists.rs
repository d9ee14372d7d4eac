//! Lists (reStructuredText spec, "Bullet Lists" ... "Option Lists", "Line
//! Blocks"): bullet, enumerated (five sequences, three formats, `#`
//! auto-numbering, start values and sequence checks), definition lists with
//! classifiers, field lists, option lists, and line blocks.
//!
//! The first item is parsed where it is found; later items continue on the
//! same machine until a line that is not one of the list's items (docutils'
//! specialized list states).

use crate::diag::Severity;
use crate::ir::{Kind, Span};

use super::Parser;
use super::lines::{IndentSpec, char_count, get_indented};
use super::machine::Machine;
use super::names::normalize;
use super::patterns::{EnumFormat, LineKind, classify, match_enumerator};
use super::tree::NodeId;

/// Enumeration sequences.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sequence {
    Arabic,
    LowerAlpha,
    UpperAlpha,
    LowerRoman,
    UpperRoman,
    Auto,
}

impl Sequence {
    fn name(self) -> &'static str {
        match self {
            Sequence::Arabic | Sequence::Auto => "arabic",
            Sequence::LowerAlpha => "loweralpha",
            Sequence::UpperAlpha => "upperalpha",
            Sequence::LowerRoman => "lowerroman",
            Sequence::UpperRoman => "upperroman",
        }
    }

    fn matches(self, text: &str) -> bool {
        let b = text.as_bytes();
        match self {
            Sequence::Arabic => !b.is_empty() && b.iter().all(u8::is_ascii_digit),
            Sequence::LowerAlpha => b.len() == 1 && b[0].is_ascii_lowercase(),
            Sequence::UpperAlpha => b.len() == 1 && b[0].is_ascii_uppercase(),
            Sequence::LowerRoman => !b.is_empty() && b.iter().all(|c| b"ivxlcdm".contains(c)),
            Sequence::UpperRoman => !b.is_empty() && b.iter().all(|c| b"IVXLCDM".contains(c)),
            Sequence::Auto => text == "#",
        }
    }

    /// The ordinal of `text` in this sequence (`None`: not a valid numeral).
    fn ordinal(self, text: &str) -> Option<i64> {
        match self {
            Sequence::Auto => Some(1),
            Sequence::Arabic => text.parse::<i64>().ok().or(Some(i64::MAX)),
            Sequence::LowerAlpha | Sequence::UpperAlpha => {
                let c = text.bytes().next()?;
                Some(i64::from(c.to_ascii_lowercase() - b'a') + 1)
            }
            Sequence::LowerRoman | Sequence::UpperRoman => from_roman(&text.to_ascii_uppercase()),
        }
    }
}

/// Strict Roman numeral parsing (1..=4999), as the `roman` module.
pub fn from_roman(s: &str) -> Option<i64> {
    let n = roman_value(s)?;
    (to_roman(n).as_deref() == Some(s)).then_some(n)
}

fn roman_value(s: &str) -> Option<i64> {
    if s.is_empty() {
        return None;
    }
    let val = |c: u8| -> Option<i64> {
        Some(match c {
            b'I' => 1,
            b'V' => 5,
            b'X' => 10,
            b'L' => 50,
            b'C' => 100,
            b'D' => 500,
            b'M' => 1000,
            _ => return None,
        })
    };
    let b = s.as_bytes();
    let mut total = 0i64;
    for i in 0..b.len() {
        let v = val(b[i])?;
        let next = b.get(i + 1).and_then(|&c| val(c)).unwrap_or(0);
        if v < next {
            total -= v;
        } else {
            total += v;
        }
    }
    Some(total)
}

/// Roman numeral for 1..=4999.
pub fn to_roman(mut n: i64) -> Option<String> {
    if !(1..5000).contains(&n) {
        return None;
    }
    const TABLE: [(i64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    Some(out)
}

const SEQUENCES: [Sequence; 5] = [
    Sequence::Arabic,
    Sequence::LowerAlpha,
    Sequence::UpperAlpha,
    Sequence::LowerRoman,
    Sequence::UpperRoman,
];

/// `parse_enumerator`: the sequence and ordinal of an enumerator text.
fn parse_enumerator(text: &str, expected: Option<Sequence>) -> Option<(Sequence, Option<i64>)> {
    // docutils: `#` first, then the expected sequence; with none expected,
    // a lone `i`/`I` is Roman (not the ninth letter).
    let mut sequence = if text == "#" {
        Some(Sequence::Auto)
    } else if let Some(exp) = expected {
        exp.matches(text).then_some(exp)
    } else if text == "i" {
        Some(Sequence::LowerRoman)
    } else if text == "I" {
        Some(Sequence::UpperRoman)
    } else {
        None
    };
    if sequence.is_none() {
        sequence = SEQUENCES.iter().copied().find(|s| s.matches(text));
    }
    let sequence = sequence?;
    Some((sequence, sequence.ordinal(text)))
}

/// `make_enumerator`: the next enumerator and the auto one, with spaces.
fn make_enumerator(
    ordinal: i64,
    sequence: Sequence,
    format: EnumFormat,
) -> Option<(String, String)> {
    let enumerator = match sequence {
        Sequence::Auto => "#".to_string(),
        Sequence::Arabic => ordinal.to_string(),
        Sequence::LowerAlpha | Sequence::UpperAlpha => {
            if !(1..=26).contains(&ordinal) {
                return None;
            }
            let c = (b'a' + u8::try_from(ordinal - 1).ok()?) as char;
            if sequence == Sequence::UpperAlpha {
                c.to_ascii_uppercase().to_string()
            } else {
                c.to_string()
            }
        }
        Sequence::LowerRoman => to_roman(ordinal)?.to_ascii_lowercase(),
        Sequence::UpperRoman => to_roman(ordinal)?,
    };
    let next = format!("{}{}{} ", format.prefix(), enumerator, format.suffix());
    let auto = format!("{}#{} ", format.prefix(), format.suffix());
    Some((next, auto))
}

impl<'a> Parser<'a> {
    /// A list item whose marker ends at byte `end` of line `m.pos`.
    fn list_item(&mut self, m: &mut Machine<'a>, end: usize) -> (NodeId, bool) {
        let line = m.text(m.pos);
        let span = m.span(m.pos);
        let spec = if line.len() > end {
            IndentSpec::known(char_count(line, end))
        } else {
            IndentSpec::first_known(end)
        };
        let block = get_indented(&m.lines, m.pos, spec);
        m.pos += block.consumed.max(1);
        let item = self.doc.tree.element(Kind::ListItem, span);
        if !block.lines.is_empty() {
            self.nested_parse(block.lines, item, false, span);
        }
        (item, block.blank_finish)
    }

    /// Skip blank lines between list items.
    fn skip_blank(m: &mut Machine<'a>) {
        while !m.at_eof() && m.is_blank(m.pos) {
            m.pos += 1;
        }
    }

    pub fn bullet_list(&mut self, m: &mut Machine<'a>, parent: NodeId, end: usize) {
        let bullet = m.text(m.pos).chars().next().unwrap_or('-');
        let list = self.doc.tree.element(Kind::BulletList, m.span(m.pos));
        self.doc.tree.set(list, "bullet", bullet.to_string());
        self.doc.tree.append(parent, list);
        let (item, mut blank_finish) = self.list_item(m, end);
        self.doc.tree.append(list, item);
        loop {
            Self::skip_blank(m);
            if m.at_eof() {
                break;
            }
            match classify(m.text(m.pos)) {
                LineKind::Bullet { end } if m.text(m.pos).starts_with(bullet) => {
                    let (item, bf) = self.list_item(m, end);
                    self.doc.tree.append(list, item);
                    blank_finish = bf;
                }
                _ => break,
            }
        }
        if !blank_finish {
            let w = self.unindent_warning("Bullet list", m);
            self.doc.tree.append(parent, w);
        }
    }

    /// `is_enumerated_list_item`: the next line is blank, indented, or
    /// starts with the next enumerator.
    fn is_enumerated_list_item(
        m: &Machine<'a>,
        ordinal: Option<i64>,
        sequence: Sequence,
        format: EnumFormat,
    ) -> bool {
        let Some(ordinal) = ordinal else {
            return false;
        };
        let next_index = m.pos + 1;
        if next_index >= m.lines.len() {
            return true;
        }
        let next = m.text(next_index);
        if next.chars().next().is_none_or(|c| c.is_whitespace()) {
            return true;
        }
        if let Some((n, auto)) = make_enumerator(ordinal.saturating_add(1), sequence, format)
            && (next.starts_with(&n) || next.starts_with(&auto))
        {
            return true;
        }
        false
    }

    /// An enumerated list at `m.pos`; `false` if the line is not a list
    /// item after all (then it is text).
    pub fn enumerated_list(
        &mut self,
        m: &mut Machine<'a>,
        parent: NodeId,
        end: usize,
        format: EnumFormat,
        text: &str,
    ) -> bool {
        let Some((sequence, ordinal)) = parse_enumerator(text, None) else {
            return false;
        };
        if !Self::is_enumerated_list_item(m, ordinal, sequence, format) {
            return false;
        }
        let ordinal = ordinal.unwrap_or(1);
        let span = m.span(m.pos);
        let list = self.doc.tree.element(Kind::EnumeratedList, span);
        self.doc.tree.set(list, "enumtype", sequence.name());
        self.doc.tree.set(list, "prefix", format.prefix());
        self.doc.tree.set(list, "suffix", format.suffix());
        self.doc.tree.append(parent, list);
        if ordinal != 1 {
            self.doc.tree.set(list, "start", ordinal);
            let msg = self.doc.message(
                Severity::Info,
                &format!(
                    "Enumerated list start value not ordinal-1: \"{text}\" (ordinal {ordinal})"
                ),
                span,
                &[],
            );
            self.doc.tree.append(parent, msg);
        }
        let list_seq = if sequence == Sequence::Auto {
            Sequence::Arabic
        } else {
            sequence
        };
        let (item, mut blank_finish) = self.list_item(m, end);
        self.doc.tree.append(list, item);
        let mut last_ordinal = ordinal;
        let mut auto = sequence == Sequence::Auto;
        loop {
            Self::skip_blank(m);
            if m.at_eof() {
                break;
            }
            let line = m.text(m.pos);
            let LineKind::Enumerator(e) = classify(line) else {
                break;
            };
            let Some(e2) = match_enumerator(line) else {
                break;
            };
            let Some((seq, ord)) = parse_enumerator(e2.text, Some(list_seq)) else {
                break;
            };
            let continues = e2.format == format
                && (seq == Sequence::Auto
                    || (seq == list_seq && !auto && ord == Some(last_ordinal + 1)))
                && Self::is_enumerated_list_item(m, ord, seq, e2.format);
            if !continues {
                break;
            }
            if seq == Sequence::Auto {
                auto = true;
            }
            let (item, bf) = self.list_item(m, e.end);
            self.doc.tree.append(list, item);
            blank_finish = bf;
            last_ordinal = ord.unwrap_or(last_ordinal + 1);
        }
        if !blank_finish {
            let w = self.unindent_warning("Enumerated list", m);
            self.doc.tree.append(parent, w);
        }
        true
    }

    /// One field of a field list.
    fn field(&mut self, m: &mut Machine<'a>, end: usize) -> (NodeId, bool) {
        let line = m.text(m.pos).to_string();
        let span = m.span(m.pos);
        let marker = line[..end].trim_end();
        let name = &marker[1..marker.len().saturating_sub(1).max(1)];
        let block = get_indented(&m.lines, m.pos, IndentSpec::first_known(end));
        m.pos += block.consumed.max(1);
        let field = self.doc.tree.element(Kind::Field, span);
        let field_name = self.doc.tree.element(Kind::FieldName, span);
        let body = self.doc.tree.element(Kind::FieldBody, span);
        let (nodes, messages) = self.inline_text(name, span, field);
        self.doc.tree.extend(field_name, nodes);
        self.doc.tree.extend(body, messages);
        self.doc.tree.append(field, field_name);
        self.doc.tree.append(field, body);
        if !block.lines.is_empty() {
            self.nested_parse(block.lines, body, false, span);
        }
        (field, block.blank_finish)
    }

    /// The fields of a field list starting at `m.pos`, into `list`.
    pub fn field_list_into(&mut self, m: &mut Machine<'a>, list: NodeId, end: usize) -> bool {
        let (field, mut blank_finish) = self.field(m, end);
        self.doc.tree.append(list, field);
        loop {
            Self::skip_blank(m);
            if m.at_eof() {
                break;
            }
            match classify(m.text(m.pos)) {
                LineKind::FieldMarker { end } => {
                    let (field, bf) = self.field(m, end);
                    self.doc.tree.append(list, field);
                    blank_finish = bf;
                }
                _ => break,
            }
        }
        blank_finish
    }

    pub fn field_list(&mut self, m: &mut Machine<'a>, parent: NodeId, end: usize) {
        let list = self.doc.tree.element(Kind::FieldList, m.span(m.pos));
        self.doc.tree.append(parent, list);
        let blank_finish = self.field_list_into(m, list, end);
        if !blank_finish {
            let w = self.unindent_warning("Field list", m);
            self.doc.tree.append(parent, w);
        }
    }

    /// An option list item at `m.pos`, or `None` when it has no description.
    fn option_list_item(&mut self, m: &mut Machine<'a>, end: usize) -> Option<(NodeId, bool)> {
        let line = m.text(m.pos).to_string();
        let span = m.span(m.pos);
        let block = get_indented(&m.lines, m.pos, IndentSpec::first_known(end));
        if block.lines.is_empty() {
            return None;
        }
        let marker = line[..end].trim_end();
        let mut options = Vec::new();
        for optionstring in split_options(marker) {
            let mut tokens: Vec<String> = optionstring
                .split_whitespace()
                .map(str::to_string)
                .collect();
            let mut delimiter = " ";
            if tokens.is_empty() {
                return None;
            }
            if let Some((a, b)) = tokens[0].clone().split_once('=') {
                tokens.splice(0..1, [a.to_string(), b.to_string()]);
                delimiter = "=";
            } else if tokens[0].len() > 2
                && ((tokens[0].starts_with('-') && !tokens[0].starts_with("--"))
                    || tokens[0].starts_with('+'))
            {
                let t = tokens[0].clone();
                let split = t.char_indices().nth(2).map_or(t.len(), |(i, _)| i);
                tokens.splice(0..1, [t[..split].to_string(), t[split..].to_string()]);
                delimiter = "";
            }
            if tokens.len() > 1
                && tokens[1].starts_with('<')
                && tokens.last().is_some_and(|t| t.ends_with('>'))
            {
                let joined = tokens[1..].join(" ");
                tokens.truncate(1);
                tokens.push(joined);
            }
            if tokens.is_empty() || tokens.len() > 2 {
                return None;
            }
            let option = self.doc.tree.element(Kind::OptionNode, span);
            let os = self
                .doc
                .tree
                .text_element(Kind::OptionString, &tokens[0], span);
            self.doc.tree.append(option, os);
            if let Some(arg) = tokens.get(1) {
                let oa = self.doc.tree.text_element(Kind::OptionArgument, arg, span);
                self.doc.tree.set(oa, "delimiter", delimiter);
                self.doc.tree.append(option, oa);
            }
            options.push(option);
        }
        m.pos += block.consumed.max(1);
        let item = self.doc.tree.element(Kind::OptionListItem, span);
        let group = self.doc.tree.element(Kind::OptionGroup, span);
        self.doc.tree.extend(group, options);
        let desc = self.doc.tree.element(Kind::Description, span);
        self.doc.tree.append(item, group);
        self.doc.tree.append(item, desc);
        self.nested_parse(block.lines, desc, false, span);
        Some((item, block.blank_finish))
    }

    /// An option list at `m.pos`; `false` if it is text after all.
    pub fn option_list(&mut self, m: &mut Machine<'a>, parent: NodeId, end: usize) -> bool {
        let span = m.span(m.pos);
        let Some((item, mut blank_finish)) = self.option_list_item(m, end) else {
            return false;
        };
        let list = self.doc.tree.element(Kind::OptionList, span);
        self.doc.tree.append(parent, list);
        self.doc.tree.append(list, item);
        loop {
            Self::skip_blank(m);
            if m.at_eof() {
                break;
            }
            match classify(m.text(m.pos)) {
                LineKind::OptionMarker { end } => match self.option_list_item(m, end) {
                    Some((item, bf)) => {
                        self.doc.tree.append(list, item);
                        blank_finish = bf;
                    }
                    None => break,
                },
                _ => break,
            }
        }
        if !blank_finish {
            let w = self.unindent_warning("Option list", m);
            self.doc.tree.append(parent, w);
        }
        true
    }

    /// A definition list whose first term is line `start` (the definition
    /// is indented below it).
    pub fn definition_list(&mut self, m: &mut Machine<'a>, parent: NodeId, start: usize) {
        let list = self.doc.tree.element(Kind::DefinitionList, m.span(start));
        self.doc.tree.append(parent, list);
        m.pos = start;
        let (item, mut blank_finish) = self.definition_list_item(m);
        self.doc.tree.append(list, item);
        loop {
            Self::skip_blank(m);
            if m.at_eof() || m.pos + 1 >= m.lines.len() {
                break;
            }
            if !matches!(classify(m.text(m.pos)), LineKind::Text) {
                break;
            }
            let next = m.text(m.pos + 1);
            if !next.starts_with(' ') {
                break;
            }
            let (item, bf) = self.definition_list_item(m);
            self.doc.tree.append(list, item);
            blank_finish = bf;
        }
        if !blank_finish {
            let w = self.unindent_warning("Definition list", m);
            self.doc.tree.append(parent, w);
        }
    }

    /// One definition list item: the term at `m.pos`, the definition below.
    fn definition_list_item(&mut self, m: &mut Machine<'a>) -> (NodeId, bool) {
        let term_line = m.text(m.pos).to_string();
        let dt_span = m.span(m.pos);
        let dd_span = m.span(m.pos + 1);
        let block = get_indented(&m.lines, m.pos + 1, IndentSpec::plain());
        m.pos += 1 + block.consumed;
        let item = self.doc.tree.element(Kind::DefinitionListItem, dt_span);
        let (term_nodes, messages) = self.term(&term_line, dt_span, item);
        self.doc.tree.extend(item, term_nodes);
        let dd = self.doc.tree.element(Kind::Definition, dd_span);
        self.doc.tree.extend(dd, messages);
        self.doc.tree.append(item, dd);
        if term_line.ends_with("::") {
            let msg = self.doc.message(
                Severity::Info,
                "Blank line missing before literal block (after the \"::\")? Interpreted as a definition list item.",
                dd_span,
                &[],
            );
            self.doc.tree.append(dd, msg);
        }
        self.nested_parse(block.lines, dd, false, dd_span);
        (item, block.blank_finish)
    }

    /// A term and its classifiers (split at ` : ` in text).
    fn term(&mut self, line: &str, span: Span, parent: NodeId) -> (Vec<NodeId>, Vec<NodeId>) {
        // docutils splits the text with escapes still marked, so `\:` is
        // no classifier delimiter
        self.keep_escapes = true;
        let (text_nodes, messages) = self.inline_text(line, span, parent);
        self.keep_escapes = false;
        let dt = self.doc.tree.element(Kind::Term, span);
        let mut out = vec![dt];
        for node in text_nodes {
            if self.doc.tree.is_text(node) {
                let text = self
                    .doc
                    .tree
                    .node_mut(node)
                    .text_mut()
                    .map(std::mem::take)
                    .unwrap_or_default();
                let parts = split_classifiers(&text);
                if parts.len() == 1 {
                    if let Some(slot) = self.doc.tree.node_mut(node).text_mut() {
                        *slot = super::inline::unescape(&text);
                    }
                    let last = *out.last().unwrap_or(&dt);
                    self.doc.tree.append(last, node);
                } else {
                    let first = super::inline::unescape(parts[0].trim_end());
                    let last = *out.last().unwrap_or(&dt);
                    let t = self.doc.tree.text(first, span);
                    self.doc.tree.append(last, t);
                    for part in &parts[1..] {
                        let part = super::inline::unescape(part);
                        let c = self.doc.tree.text_element(Kind::Classifier, &part, span);
                        out.push(c);
                    }
                }
            } else {
                let last = *out.last().unwrap_or(&dt);
                self.doc.tree.append(last, node);
            }
        }
        (out, messages)
    }

    /// A line block at `m.pos` (docutils' `line_block`).
    pub fn line_block(&mut self, m: &mut Machine<'a>, parent: NodeId, end: usize) {
        let span = m.span(m.pos);
        let block = self.doc.tree.element(Kind::LineBlock, span);
        self.doc.tree.append(parent, block);
        let mut lines: Vec<(NodeId, Option<usize>)> = Vec::new();
        let (line, indent, messages, mut blank_finish) = self.line_block_line(m, end, parent);
        lines.push((line, indent));
        self.doc.tree.extend(parent, messages);
        if !blank_finish {
            loop {
                if m.at_eof() {
                    blank_finish = true;
                    break;
                }
                match classify(m.text(m.pos)) {
                    LineKind::LineBlock { end } => {
                        let (line, indent, messages, bf) = self.line_block_line(m, end, block);
                        lines.push((line, indent));
                        self.doc.tree.extend(parent, messages);
                        blank_finish = bf;
                        if bf {
                            break;
                        }
                    }
                    LineKind::Blank => {
                        blank_finish = true;
                        break;
                    }
                    _ => break,
                }
            }
        }
        if !blank_finish {
            let msg = self.doc.message(
                Severity::Warning,
                "Line block ends without a blank line.",
                Span::new(span.file, span.line + 1, 1),
                &[],
            );
            self.doc.tree.append(parent, msg);
        }
        // nest_line_block_lines
        let mut indents = Vec::with_capacity(lines.len());
        let mut last = 0usize;
        for (i, (_, ind)) in lines.iter().enumerate() {
            let v = match ind {
                Some(v) => *v,
                None if i == 0 => 0,
                None => last,
            };
            indents.push(v);
            last = v;
        }
        let ids: Vec<NodeId> = lines.iter().map(|(n, _)| *n).collect();
        self.nest_lines(block, &ids, &indents, span);
    }

    /// Nest lines by indentation (iteratively: `nest_line_block_segment`).
    pub fn nest_lines(&mut self, block: NodeId, lines: &[NodeId], indents: &[usize], span: Span) {
        // work items: (target block, range of lines)
        let mut work = vec![(block, 0usize, lines.len())];
        while let Some((target, from, to)) = work.pop() {
            if from >= to {
                continue;
            }
            let least = indents[from..to].iter().copied().min().unwrap_or(0);
            let mut i = from;
            while i < to {
                if indents[i] > least {
                    let seg_start = i;
                    while i < to && indents[i] > least {
                        i += 1;
                    }
                    let nested = self.doc.tree.element(Kind::LineBlock, span);
                    self.doc.tree.append(target, nested);
                    work.push((nested, seg_start, i));
                } else {
                    self.doc.tree.append(target, lines[i]);
                    i += 1;
                }
            }
        }
    }

    /// One line of a line block: (line node, indent, messages, blank_finish).
    fn line_block_line(
        &mut self,
        m: &mut Machine<'a>,
        end: usize,
        parent: NodeId,
    ) -> (NodeId, Option<usize>, Vec<NodeId>, bool) {
        let raw = m.text(m.pos).to_string();
        let span = m.span(m.pos);
        let block = get_indented(&m.lines, m.pos, IndentSpec::first_known(end).until_blank());
        m.pos += block.consumed.max(1);
        let text = super::block::join_lines(&block.lines);
        let (nodes, messages) = self.inline_text(&text, span, parent);
        let line = self.doc.tree.element(Kind::Line, span);
        self.doc.tree.extend(line, nodes);
        let indent = if raw.trim_end() != "|" {
            Some(char_count(&raw, end).saturating_sub(2))
        } else {
            None
        };
        (line, indent, messages, block.blank_finish)
    }
}

/// Split an option marker at ", " except inside `<...>`.
fn split_options(marker: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let bytes = marker.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b',' && bytes[i + 1] == b' ' {
            // (?![^<]*>): not inside angle brackets
            let rest = &marker[i + 2..];
            let inside = match (rest.find('<'), rest.find('>')) {
                (_, None) => false,
                (Some(lt), Some(gt)) => gt < lt,
                (None, Some(_)) => true,
            };
            if !inside {
                parts.push(&marker[start..i]);
                start = i + 2;
                i += 2;
                continue;
            }
        }
        i += 1;
    }
    parts.push(&marker[start..]);
    parts
}

/// Split term text at ` +: +` (the classifier delimiter).
fn split_classifiers(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b' ' {
            let mut j = i;
            while j < bytes.len() && bytes[j] == b' ' {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b':' && bytes.get(j + 1) == Some(&b' ') {
                let mut k = j + 1;
                while k < bytes.len() && bytes[k] == b' ' {
                    k += 1;
                }
                parts.push(text[start..i].to_string());
                start = k;
                i = k;
                continue;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    parts.push(text[start..].to_string());
    parts
}

/// Normalized field names (`names` of footnotes and citations) live in
/// `names.rs`; re-exported for the explicit-markup module.
pub fn label_name(label: &str) -> String {
    normalize(label)
}
