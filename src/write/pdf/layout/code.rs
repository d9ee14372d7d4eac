//! Literal and code blocks: the mono face, build-time syntax colours from
//! the shared highlighter (the same tokens as HTML), line numbers
//! (`linenos`, `lineno_start`), emphasised lines (`highlight_lines`), long
//! lines wrapped with a continuation mark, one flow box per visual line so
//! a block splits across pages.

use std::collections::BTreeSet;

use crate::highlight;
use crate::ir::{Element, Kind, Node};

use super::super::fonts::{FaceId, face_for_char};
use super::blocks::Layouter;
use super::{Color, FlowBox, Frame, Item, decorate};

/// A run of characters of one look on a code line.
#[derive(Clone, Debug)]
struct Span {
    text: String,
    color: Color,
    bold: bool,
    italic: bool,
}

/// The marks in the number gutter of a wrapped line.
const CONTINUATION: &str = "↪";

impl Layouter<'_> {
    /// The language of a literal block: its `language` attribute, else the
    /// class after `code` (docutils' `code` directive).
    fn code_language(e: &Element) -> Option<String> {
        if let Some(lang) = e.attrs.str("language") {
            return Some(lang.to_string());
        }
        let classes = e.classes();
        if classes.first().map(String::as_str) == Some("code") {
            return classes.get(1).cloned();
        }
        if e.kind == Kind::DoctestBlock {
            return Some("pycon".into());
        }
        None
    }

    /// The lines of a block as coloured spans.
    fn code_lines(&self, e: &Element) -> Vec<Vec<Span>> {
        let tab = " ".repeat(self.style.code.tab_width.clamp(1, 16));
        let has_markup = e.children.iter().any(|c| matches!(c, Node::Element(_)));
        let text = e.text_content().replace('\t', &tab);
        let text = text.trim_end_matches('\n');
        let language = Self::code_language(e);
        match language {
            Some(lang) if !has_markup && highlight::is_known_language(&lang) => {
                let h = highlight::highlight(text, &lang, &self.style.code.theme);
                h.lines
                    .iter()
                    .map(|tokens| {
                        tokens
                            .iter()
                            .map(|t| Span {
                                text: t.text.clone(),
                                color: Color::from_rgb(t.color),
                                bold: t.bold,
                                italic: t.italic,
                            })
                            .collect()
                    })
                    .collect()
            }
            _ => text
                .split('\n')
                .map(|line| {
                    vec![Span {
                        text: line.to_string(),
                        color: self.colors.code_text,
                        bold: false,
                        italic: false,
                    }]
                })
                .collect(),
        }
    }

    /// Cut one code line into visual lines no wider than `avail`: at the
    /// last space or punctuation of the line when there is one in its
    /// second half, else between characters. Each visual line is a list
    /// of (x, span, face) pieces.
    fn wrap_code_line(
        &self,
        spans: &[Span],
        mono: FaceId,
        size: f32,
        avail: f32,
    ) -> Vec<Vec<(f32, Span, FaceId)>> {
        // Every character with its span, face and advance.
        let mut chars: Vec<(char, usize, FaceId, f32)> = Vec::new();
        for (si, span) in spans.iter().enumerate() {
            let face = FaceId::new(mono.family(), span.bold, span.italic);
            for c in span.text.chars() {
                let cf = face_for_char(face, c);
                let w = self.m.width(cf, size, c.encode_utf8(&mut [0; 4]));
                chars.push((c, si, cf, w));
            }
        }
        // Where each visual line starts.
        let mut starts = vec![0usize];
        let mut x = 0.0f32;
        let mut i = 0;
        let mut line_start = 0;
        while let Some(&(_, _, _, w)) = chars.get(i) {
            if x + w > avail && i > line_start {
                let half = line_start + (i - line_start) / 2;
                let soft = (half..i).rev().find(|&k| {
                    chars.get(k).is_some_and(|c| {
                        matches!(c.0, ' ' | ',' | ';' | '(' | '[' | '{' | '.' | '=')
                    })
                });
                let cut = soft.map_or(i, |k| k + 1);
                starts.push(cut);
                line_start = cut;
                x = chars.iter().take(i).skip(cut).map(|c| c.3).sum();
            }
            x += w;
            i += 1;
        }
        let mut visual = Vec::new();
        for (n, &from) in starts.iter().enumerate() {
            let to = starts.get(n + 1).copied().unwrap_or(chars.len());
            let mut pieces: Vec<(f32, Span, FaceId)> = Vec::new();
            let mut x = 0.0;
            for &(c, si, face, w) in chars.get(from..to).unwrap_or(&[]) {
                match pieces.last_mut() {
                    Some((_, span, f))
                        if *f == face
                            && spans.get(si).is_some_and(|s| {
                                s.color == span.color
                                    && s.bold == span.bold
                                    && s.italic == span.italic
                            }) =>
                    {
                        span.text.push(c)
                    }
                    _ => {
                        if let Some(src) = spans.get(si) {
                            pieces.push((
                                x,
                                Span {
                                    text: c.to_string(),
                                    ..src.clone()
                                },
                                face,
                            ));
                        }
                    }
                }
                x += w;
            }
            visual.push(pieces);
        }
        visual
    }

    /// Lay out a literal, code or doctest block.
    pub fn code_block(&mut self, e: &Element, frame: Frame, out: &mut Vec<FlowBox>) {
        let lines = self.code_lines(e);
        let size = self.code_size;
        let line_h = size * 1.38;
        let pad = size * 0.6;
        let numbered = e.attrs.flag("linenos")
            || e.attrs.int("linenos").is_some_and(|n| n != 0)
            || self.style.code.always_number_lines;
        let first_number = e.attrs.int("lineno_start").unwrap_or(1);
        let emphasised: BTreeSet<i64> = e
            .attrs
            .list("highlight_lines")
            .iter()
            .flat_map(|s| s.split([' ', ',']))
            .filter_map(|s| s.trim().parse().ok())
            .collect();
        let mono = self.mono_face;
        let digit_w = self.m.width(mono, size, "0");
        let last_number = first_number.saturating_add(lines.len() as i64);
        let digits = last_number.max(1).to_string().len().max(2) as f32;
        let gutter = if numbered {
            digit_w * (digits + 1.0) + pad * 0.5
        } else {
            digit_w * 1.6
        };
        let text_x = frame.x + pad + gutter;
        let avail = (frame.x + frame.width - pad - text_x).max(digit_w * 8.0);
        let start = out.len();
        out.push(FlowBox::content(pad * 0.7, Vec::new()));
        let muted = self.colors.muted;
        for (i, spans) in lines.iter().enumerate() {
            let number = first_number.saturating_add(i as i64);
            let highlighted = emphasised.contains(&(i as i64 + 1));
            let visual = self.wrap_code_line(spans, mono, size, avail);
            let count = visual.len();
            for (vi, pieces) in visual.into_iter().enumerate() {
                let baseline = line_h * 0.76;
                let mut items = Vec::new();
                if highlighted {
                    items.push(Item::Rect {
                        x: frame.x,
                        y: 0.0,
                        w: frame.width,
                        h: line_h,
                        fill: Some(self.colors.code_highlight),
                        stroke: None,
                    });
                }
                if vi == 0 && numbered {
                    let label = number.to_string();
                    let w = self.m.width(mono, size, &label);
                    items.push(Item::Text {
                        x: text_x - pad * 0.5 - digit_w - w + digit_w * 0.5,
                        y: baseline,
                        face: mono,
                        size,
                        color: muted,
                        text: label,
                        adjust: Vec::new(),
                    });
                } else if vi > 0 {
                    let face = face_for_char(mono, '↪');
                    let w = self.m.width(face, size, CONTINUATION);
                    items.push(Item::Text {
                        x: text_x - w - digit_w * 0.3,
                        y: baseline,
                        face,
                        size,
                        color: muted,
                        text: CONTINUATION.into(),
                        adjust: Vec::new(),
                    });
                }
                for (px, span, face) in pieces {
                    if span.text.trim().is_empty() {
                        continue;
                    }
                    items.push(Item::Text {
                        x: text_x + px,
                        y: baseline,
                        face,
                        size,
                        color: span.color,
                        text: span.text,
                        adjust: Vec::new(),
                    });
                }
                let mut b = FlowBox::content(line_h, items);
                b.baseline = Some(baseline);
                // Keep the first two and the last two lines together.
                b.keep_with_next = (i == 0 && vi == 0 && lines.len() > 1)
                    || vi + 1 < count
                    || i + 2 == lines.len();
                out.push(b);
            }
        }
        out.push(FlowBox::content(pad * 0.7, Vec::new()));
        if let Some(first) = out.get_mut(start) {
            first.keep_with_next = true;
        }
        let rule = self.colors.rule;
        let background = self.colors.code_background;
        decorate(
            out.get_mut(start..).unwrap_or(&mut []),
            frame,
            Some(background),
            Some((rule, 1.5)),
        );
    }
}
