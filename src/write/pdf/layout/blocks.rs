//! Block layout: each body element of the resolved tree becomes flow
//! boxes (see [`super`]). Paragraphs become one box per line (so they
//! split across pages, with orphan and widow control), code blocks one box
//! per visual line with their background, admonitions and sidebars their
//! children's boxes painted behind, tables one box per row.

use std::collections::BTreeSet;
use std::path::Path;

use crate::diag::{Diagnostic, Severity};
use crate::fast_hash::HashMap;
use crate::ir::{Element, Kind, Node};
use crate::style::PdfStyle;

use super::super::fonts::{FaceId, Family, Measurer};
use super::super::images::ImageTable;
use super::super::linebreak::{Align, LineSettings, Piece, SetLine, TextStyle, set_lines};
use super::super::math::{self, MathStyle};
use super::{
    BoxRole, Color, FlowBox, Frame, Item, LinkTarget, PageGeometry, SectionMark, decorate,
};

/// The style's colours, parsed once.
#[derive(Clone, Copy, Debug)]
pub struct Palette {
    pub text: Color,
    pub heading: Color,
    pub link: Color,
    pub muted: Color,
    pub rule: Color,
    pub code_background: Color,
    pub code_highlight: Color,
    pub code_text: Color,
    pub error: Color,
}

impl Palette {
    pub fn from_style(style: &PdfStyle) -> Palette {
        let c = &style.colors;
        Palette {
            text: Color::from_hex(&c.text),
            heading: Color::from_hex(&c.heading),
            link: Color::from_hex(&c.link),
            muted: Color::from_hex(&c.muted),
            rule: Color::from_hex(&c.rule),
            code_background: Color::from_hex(&c.code_background),
            code_highlight: Color::from_hex(&c.code_highlight),
            code_text: Color::from_hex("#24292f"),
            error: Color::from_hex("#cf222e"),
        }
    }
}

/// Lays out one document (or one lesson of a book).
pub struct Layouter<'a> {
    pub style: &'a PdfStyle,
    pub m: &'a Measurer,
    pub page: PageGeometry,
    pub colors: Palette,
    pub images: &'a mut ImageTable,
    pub source_dir: &'a Path,
    /// Source name for diagnostics.
    pub file: String,
    /// Prefix of every anchor id (`docname/` in a book, empty otherwise).
    pub id_prefix: String,
    /// Added to section levels (1 in a book, where lessons are level 0).
    pub level_offset: usize,
    pub diagnostics: Vec<Diagnostic>,
    pub body_face: FaceId,
    pub heading_face: FaceId,
    pub mono_face: FaceId,
    pub size: f32,
    pub code_size: f32,
    pub line_height: f32,
    pub hyphenate: Option<hypher::Lang>,
    /// Justify paragraphs (off inside table cells).
    pub justify: bool,
    /// Set body text bold (table header and stub cells).
    pub bold_body: bool,
    /// The numbering carried from one block to the next.
    counters: Counters,
    /// Nesting depth of the section being laid out (1 = top level).
    section_depth: usize,
    /// Nesting depth of body elements, against stack exhaustion.
    block_depth: usize,
    /// Characters no face can draw, per element, in document order; they
    /// become warnings (each character once) in [`Self::take_diagnostics`].
    missing_glyphs: Vec<MissingGlyphs>,
    /// List and field labels already set, by what their setting depends
    /// on: a document's lists repeat a few labels ("•", "1.") thousands
    /// of times, and setting one runs the whole line breaker.
    labels: HashMap<LabelKey, Option<SetLine>>,
}

/// What setting a plain one-run label depends on: its text, its style
/// (colour included; no link, no shade) and the strut and line height.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct LabelKey {
    text: String,
    face: FaceId,
    strut_face: FaceId,
    /// Size, rise, colour, strut size and rise, line height, as bits.
    numbers: [u32; 8],
}

impl LabelKey {
    /// The key of `label`, when it is one plain text run.
    fn of(label: &[Piece], strut: &TextStyle, line_height: f32) -> Option<LabelKey> {
        let [Piece::Text(text, style)] = label else {
            return None;
        };
        if style.link.is_some() || style.background.is_some() {
            return None;
        }
        let Color(r, g, b) = style.color;
        Some(LabelKey {
            text: text.clone(),
            face: style.face,
            strut_face: strut.face,
            numbers: [
                style.size,
                style.rise,
                r,
                g,
                b,
                strut.size,
                strut.rise,
                line_height,
            ]
            .map(f32::to_bits),
        })
    }
}

/// The state one block leaves to the next: section and figure numbers.
/// Everything else a block's layout depends on is fixed per document, so
/// a run of blocks laid out from the right counters comes out the same
/// wherever it is laid out (see [`super::parallel`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Counters {
    /// The current section number at each level (`[2, 1]`: section 2.1).
    pub section_numbers: Vec<usize>,
    /// Figures with a caption so far.
    pub figure_count: usize,
}

/// What a [`Layouter`] needs to start another one like it (on another
/// thread: no measurer, image table or state).
#[derive(Clone, Debug)]
pub struct LayoutSeed<'a> {
    pub style: &'a PdfStyle,
    pub page: PageGeometry,
    pub source_dir: &'a Path,
    pub file: String,
    pub id_prefix: String,
    pub level_offset: usize,
}

/// One element's characters that no bundled face can draw.
#[derive(Clone, Debug)]
pub struct MissingGlyphs {
    line: u32,
    col: u32,
    chars: Vec<char>,
}

/// Clamp a style number to a sane range (a style typo must not make a
/// zero-size font or a page-high line).
fn sane(v: f64, lo: f32, hi: f32, default: f32) -> f32 {
    let v = v as f32;
    if v.is_finite() && v >= lo && v <= hi {
        v
    } else {
        default
    }
}

impl<'a> Layouter<'a> {
    pub fn new(
        style: &'a PdfStyle,
        m: &'a Measurer,
        page: PageGeometry,
        images: &'a mut ImageTable,
        source_dir: &'a Path,
        file: String,
    ) -> Layouter<'a> {
        let fonts = &style.fonts;
        let lang = style.language.get(..2).unwrap_or("en").to_ascii_lowercase();
        let hyphenate = if style.hyphenate {
            let bytes = lang.as_bytes();
            match bytes {
                [a, b] => hypher::Lang::from_iso([*a, *b]),
                _ => None,
            }
        } else {
            None
        };
        Layouter {
            style,
            m,
            page,
            colors: Palette::from_style(style),
            images,
            source_dir,
            file,
            id_prefix: String::new(),
            level_offset: 0,
            diagnostics: Vec::new(),
            body_face: FaceId::new(Family::from_style_name(&fonts.body), false, false),
            heading_face: FaceId::new(Family::from_style_name(&fonts.heading), true, false),
            mono_face: FaceId::new(Family::from_style_name(&fonts.mono), false, false),
            size: sane(fonts.size, 4.0, 40.0, 10.5),
            code_size: sane(fonts.code_size, 4.0, 40.0, 9.0),
            line_height: sane(fonts.line_height, 0.9, 3.0, 1.4),
            hyphenate,
            justify: style.justify,
            bold_body: false,
            counters: Counters::default(),
            section_depth: 0,
            block_depth: 0,
            missing_glyphs: Vec::new(),
            labels: HashMap::default(),
        }
    }

    /// A layouter like `seed`'s, with its own measurer and image table.
    pub fn from_seed(
        seed: &LayoutSeed<'a>,
        m: &'a Measurer,
        images: &'a mut ImageTable,
        counters: Counters,
    ) -> Layouter<'a> {
        let mut lay = Layouter::new(
            seed.style,
            m,
            seed.page,
            images,
            seed.source_dir,
            seed.file.clone(),
        );
        lay.id_prefix = seed.id_prefix.clone();
        lay.level_offset = seed.level_offset;
        lay.counters = counters;
        lay
    }

    /// What it takes to start another layouter like this one.
    pub fn seed(&self) -> LayoutSeed<'a> {
        LayoutSeed {
            style: self.style,
            page: self.page,
            source_dir: self.source_dir,
            file: self.file.clone(),
            id_prefix: self.id_prefix.clone(),
            level_offset: self.level_offset,
        }
    }

    pub fn counters(&self) -> &Counters {
        &self.counters
    }

    pub fn set_counters(&mut self, counters: Counters) {
        self.counters = counters;
    }

    /// Take over what another layouter of the same document found: its
    /// diagnostics and missing characters, after this one's.
    pub fn absorb_reports(
        &mut self,
        diagnostics: Vec<Diagnostic>,
        missing_glyphs: Vec<MissingGlyphs>,
    ) {
        self.diagnostics.extend(diagnostics);
        self.missing_glyphs.extend(missing_glyphs);
    }

    /// Everything reported so far, with one warning per element for the
    /// characters no face can draw (each character named once, where it
    /// first appears); the list is left empty.
    pub fn take_diagnostics(&mut self) -> Vec<Diagnostic> {
        let mut reported: BTreeSet<char> = BTreeSet::new();
        for found in std::mem::take(&mut self.missing_glyphs) {
            let new: String = found
                .chars
                .into_iter()
                .filter(|&c| reported.insert(c))
                .collect();
            if !new.is_empty() {
                self.diagnostics.push(Diagnostic::new(
                    Severity::Warning,
                    "pdf-glyph",
                    self.file.as_str(),
                    found.line,
                    found.col,
                    format!("no bundled font has a glyph for {new:?}"),
                ));
            }
        }
        std::mem::take(&mut self.diagnostics)
    }

    /// The parts [`Self::take_diagnostics`] has not yet turned into
    /// warnings, for another layouter to absorb.
    pub fn into_reports(self) -> (Vec<Diagnostic>, Vec<MissingGlyphs>) {
        (self.diagnostics, self.missing_glyphs)
    }

    /// An anchor id as used in this PDF.
    pub fn anchor_id(&self, id: &str) -> String {
        [self.id_prefix.as_str(), id].concat()
    }

    pub fn warn(&mut self, e: &Element, code: &'static str, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::new(
            Severity::Warning,
            code,
            self.file.as_str(),
            e.span.line,
            e.span.col,
            message,
        ));
    }

    /// An image that cannot be shown: a missing file gets the wording the
    /// other writers use (`image not found: figs/x.png`), so a run over
    /// several formats reports it once; other problems say what failed.
    fn warn_image_problem(&mut self, e: &Element, message: String) {
        let uri = e.attrs.str("uri").unwrap_or("");
        if !uri.contains("://") && !self.source_dir.join(uri).exists() {
            self.warn(e, "missing-image", format!("image not found: {uri}"));
        } else {
            self.warn(e, "pdf-image", format!("{message}; a placeholder is shown"));
        }
    }

    pub fn report_unknown_math(&mut self, e: &Element, unknown: &[String]) {
        for cmd in unknown {
            self.warn(
                e,
                "pdf-math",
                format!("unsupported math command {cmd} shown as text"),
            );
        }
    }

    /// The body text style.
    pub fn body_style(&self) -> TextStyle {
        TextStyle {
            face: FaceId::new(self.body_face.family(), self.bold_body, false),
            size: self.size,
            color: self.colors.text,
            rise: 0.0,
            link: None,
            background: None,
        }
    }

    pub fn spacing(&self) -> f32 {
        sane(self.style.paragraph_spacing, 0.0, 72.0, 6.0)
    }

    /// Note characters no bundled face can draw; they are reported once
    /// each, by [`Self::take_diagnostics`].
    fn check_glyphs(&mut self, e: &Element, pieces: &[Piece]) {
        let mut missing: Vec<char> = Vec::new();
        for p in pieces {
            if let Piece::Text(t, style) = p {
                // Most text is ASCII its own face draws: one bit-set test.
                if super::super::fonts::draws_ascii_text(style.face, t) {
                    continue;
                }
                for c in t.chars() {
                    if !c.is_control()
                        && !super::super::fonts::any_face_has(c)
                        && !missing.contains(&c)
                    {
                        missing.push(c);
                    }
                }
            }
        }
        if !missing.is_empty() {
            self.missing_glyphs.push(MissingGlyphs {
                line: e.span.line,
                col: e.span.col,
                chars: missing,
            });
        }
    }

    /// Set `pieces` as lines in `frame` and push one box per line.
    pub fn set_paragraph(
        &mut self,
        e: &Element,
        pieces: &[Piece],
        frame: Frame,
        align: Align,
        strut: &TextStyle,
        out: &mut Vec<FlowBox>,
    ) {
        self.check_glyphs(e, pieces);
        let settings = LineSettings {
            width: frame.width,
            first_indent: 0.0,
            align,
            line_height: self.line_height,
            hyphenate: if align == Align::Justify || align == Align::Left {
                self.hyphenate
            } else {
                None
            },
        };
        let lines = set_lines(self.m, pieces, &settings, strut);
        let n = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            let mut items = line.items;
            for item in &mut items {
                item.shift(frame.x, 0.0);
            }
            let mut b = FlowBox::content(line.height, items);
            b.baseline = Some(line.baseline);
            // Orphans: never the first line alone at a page's foot;
            // widows: never the last line alone at a page's head.
            b.keep_with_next = (i == 0 && n > 1) || (n >= 4 && i + 2 == n);
            out.push(b);
        }
    }

    fn paragraph_align(&self) -> Align {
        if self.justify {
            Align::Justify
        } else {
            Align::Left
        }
    }

    /// Anchor items for an element's ids.
    fn anchors_of(&self, e: &Element) -> Vec<Item> {
        e.ids()
            .iter()
            .map(|id| Item::Anchor {
                id: self.anchor_id(id),
                y: 0.0,
            })
            .collect()
    }

    /// Put anchors on the first box from `start` (or a new empty box).
    fn place_anchors(&self, anchors: Vec<Item>, out: &mut Vec<FlowBox>, start: usize) {
        if anchors.is_empty() {
            return;
        }
        if let Some(b) = out
            .get_mut(start..)
            .and_then(|s| s.iter_mut().find(|b| b.role == BoxRole::Content))
        {
            let mut items = anchors;
            items.append(&mut b.items);
            b.items = items;
        } else {
            out.push(FlowBox::content(0.0, anchors));
        }
    }

    /// Lay out a sequence of body elements with paragraph spacing between.
    pub fn blocks(&mut self, children: &[Node], frame: Frame, out: &mut Vec<FlowBox>) {
        self.block_list(children.iter(), frame, out);
    }

    /// [`Self::blocks`] over any run of nodes (a document's body without
    /// its title, say), so that callers need not copy them into a slice.
    pub fn block_list<'n>(
        &mut self,
        children: impl Iterator<Item = &'n Node>,
        frame: Frame,
        out: &mut Vec<FlowBox>,
    ) {
        let mut first = true;
        for child in children {
            match child {
                Node::Element(e) => {
                    let before = out.len();
                    if !first {
                        out.push(FlowBox::glue(self.spacing()));
                    }
                    let glue_at = out.len();
                    self.block(e, frame, out);
                    if out.len() == glue_at {
                        // Nothing drawn: no spacing either.
                        out.truncate(before);
                    } else {
                        first = false;
                    }
                }
                Node::Text(t) => {
                    if !t.text.trim().is_empty() {
                        let style = self.body_style();
                        let pieces = vec![Piece::Text(t.text.clone(), style.clone())];
                        let dummy = Element::new(Kind::Paragraph, t.span);
                        if !first {
                            out.push(FlowBox::glue(self.spacing()));
                        }
                        self.set_paragraph(
                            &dummy,
                            &pieces,
                            frame,
                            self.paragraph_align(),
                            &style,
                            out,
                        );
                        first = false;
                    }
                }
            }
        }
    }

    /// Lay out one body element.
    pub fn block(&mut self, e: &Element, frame: Frame, out: &mut Vec<FlowBox>) {
        // Past a depth no document needs, nesting is flattened to text so
        // that no input can exhaust the stack.
        if self.block_depth > 200 {
            if self.block_depth == 201 {
                self.warn(
                    e,
                    "pdf-depth",
                    "elements nested too deeply; shown as plain text",
                );
            }
            let style = self.body_style();
            let text = e.text_content();
            if !text.trim().is_empty() {
                let pieces = [Piece::Text(text, style.clone())];
                self.set_paragraph(e, &pieces, frame, Align::Left, &style, out);
            }
            return;
        }
        self.block_depth += 1;
        self.block_inner(e, frame, out);
        self.block_depth -= 1;
    }

    fn block_inner(&mut self, e: &Element, frame: Frame, out: &mut Vec<FlowBox>) {
        let start = out.len();
        let anchors = self.anchors_of(e);
        match e.kind {
            Kind::Document => self.blocks(&e.children, frame, out),
            Kind::Section => self.section(e, frame, out),
            Kind::Paragraph => {
                let style = self.body_style();
                let pieces = self.inline_pieces(&e.children, &style, false);
                self.set_paragraph(e, &pieces, frame, self.paragraph_align(), &style, out);
            }
            Kind::Title | Kind::Subtitle | Kind::Rubric => {
                let mut style = self.body_style();
                style.face = FaceId::new(self.heading_face.family(), true, e.kind == Kind::Rubric);
                style.color = self.colors.heading;
                let pieces = self.inline_pieces(&e.children, &style, false);
                self.set_paragraph(e, &pieces, frame, Align::Left, &style, out);
                if let Some(last) = out.last_mut() {
                    last.keep_with_next = true;
                }
            }
            Kind::Centered => {
                let mut style = self.body_style();
                style.face = FaceId::new(style.face.family(), true, false);
                let pieces = self.inline_pieces(&e.children, &style, false);
                self.set_paragraph(e, &pieces, frame, Align::Center, &style, out);
            }
            Kind::LiteralBlock | Kind::DoctestBlock => self.code_block(e, frame, out),
            Kind::MathBlock => self.math_block(e, frame, out),
            Kind::LineBlock => self.line_block(e, frame, out),
            Kind::Line => {
                let style = self.body_style();
                let pieces = self.inline_pieces(&e.children, &style, false);
                if pieces.is_empty() {
                    out.push(FlowBox::content(self.size * self.line_height, Vec::new()));
                } else {
                    self.set_paragraph(e, &pieces, frame, Align::Left, &style, out);
                }
            }
            Kind::BlockQuote => self.block_quote(e, frame, out),
            Kind::Attribution => {
                let mut style = self.body_style();
                style.face = FaceId::new(style.face.family(), false, true);
                let mut pieces = vec![Piece::Text("— ".into(), style.clone())];
                pieces.extend(self.inline_pieces(&e.children, &style, false));
                self.set_paragraph(e, &pieces, frame, Align::Right, &style, out);
            }
            Kind::Compound | Kind::Glossary | Kind::Hlist | Kind::Hlistcol | Kind::Only => {
                self.blocks(&e.children, frame, out)
            }
            Kind::Container => self.container(e, frame, out),
            Kind::BulletList => self.bullet_list(e, frame, out),
            Kind::EnumeratedList => self.enumerated_list(e, frame, out),
            Kind::DefinitionList => self.definition_list(e, frame, out),
            Kind::FieldList => self.field_list(e, frame, out),
            Kind::OptionList => self.option_list(e, frame, out),
            Kind::Attention
            | Kind::Caution
            | Kind::Danger
            | Kind::Error
            | Kind::Hint
            | Kind::Important
            | Kind::Note
            | Kind::Tip
            | Kind::Warning
            | Kind::Admonition
            | Kind::Seealso => self.admonition(e, frame, out),
            Kind::Topic | Kind::Sidebar => self.topic(e, frame, out),
            Kind::Footnote | Kind::Citation => self.footnote(e, frame, out),
            Kind::Figure => self.figure(e, frame, out),
            Kind::Image => self.image_block(e, frame, out),
            Kind::Table => self.table(e, frame, out),
            Kind::Transition => {
                let h = self.size * 1.5;
                let w = frame.width * 0.3;
                let x = frame.x + (frame.width - w) / 2.0;
                out.push(FlowBox::content(
                    h,
                    vec![Item::Line {
                        x1: x,
                        y1: h / 2.0,
                        x2: x + w,
                        y2: h / 2.0,
                        color: self.colors.rule,
                        width: 0.8,
                    }],
                ));
            }
            Kind::VersionModified => {
                let mut inner = Vec::new();
                self.blocks(&e.children, frame.inset(8.0, 0.0), &mut inner);
                decorate(&mut inner, frame, None, Some((self.colors.muted, 2.0)));
                out.extend(inner);
            }
            // Lists' and tables' parts met on their own: their children.
            Kind::ListItem
            | Kind::DefinitionListItem
            | Kind::Definition
            | Kind::Field
            | Kind::FieldBody
            | Kind::OptionListItem
            | Kind::Description
            | Kind::Legend
            | Kind::Tgroup
            | Kind::Thead
            | Kind::Tbody
            | Kind::Row
            | Kind::Entry => self.blocks(&e.children, frame, out),
            Kind::Term
            | Kind::Classifier
            | Kind::FieldName
            | Kind::OptionGroup
            | Kind::OptionNode
            | Kind::OptionString
            | Kind::OptionArgument
            | Kind::Label
            | Kind::Caption
            | Kind::Author
            | Kind::Organization
            | Kind::Address
            | Kind::Contact
            | Kind::Version
            | Kind::Revision
            | Kind::Status
            | Kind::Date
            | Kind::Copyright => {
                let style = self.body_style();
                let pieces = self.inline_pieces(&e.children, &style, false);
                self.set_paragraph(e, &pieces, frame, Align::Left, &style, out);
            }
            Kind::Authors => self.blocks(&e.children, frame, out),
            // Inline kinds at block level: a paragraph of them.
            Kind::Emphasis
            | Kind::Strong
            | Kind::Literal
            | Kind::Reference
            | Kind::FootnoteReference
            | Kind::CitationReference
            | Kind::SubstitutionReference
            | Kind::TitleReference
            | Kind::Abbreviation
            | Kind::Acronym
            | Kind::Superscript
            | Kind::Subscript
            | Kind::Math
            | Kind::Inline
            | Kind::Problematic
            | Kind::Generated
            | Kind::PendingXref
            | Kind::DownloadReference
            | Kind::LiteralStrong => {
                let style = self.body_style();
                let pieces = self.inline_pieces(
                    std::slice::from_ref(&Node::Element(e.clone())),
                    &style,
                    false,
                );
                self.set_paragraph(e, &pieces, frame, self.paragraph_align(), &style, out);
            }
            Kind::Raw => {
                let format = e.attrs.str("format").unwrap_or("");
                if format.split_whitespace().any(|f| f == "pdf") {
                    self.warn(
                        e,
                        "pdf-raw",
                        "raw PDF content is not supported; a placeholder is shown",
                    );
                    let mut style = self.body_style();
                    style.face = FaceId::new(style.face.family(), false, true);
                    style.color = self.colors.muted;
                    let pieces = [Piece::Text(
                        "[raw PDF content omitted]".into(),
                        style.clone(),
                    )];
                    self.set_paragraph(e, &pieces, frame, Align::Left, &style, out);
                }
            }
            // Not drawn: metadata, the resolve passes' leftovers, problems
            // (reported on stderr by the pipeline), the title page's data.
            Kind::Comment
            | Kind::SubstitutionDefinition
            | Kind::Target
            | Kind::Pending
            | Kind::Meta
            | Kind::SystemMessage
            | Kind::Index
            | Kind::Toctree
            | Kind::Decoration
            | Kind::Header
            | Kind::Footer
            | Kind::Docinfo
            | Kind::Colspec => {}
        }
        self.place_anchors(anchors, out, start);
    }

    fn heading_size(&self, level: usize) -> f32 {
        if level == 0 {
            // A book's chapter title.
            return sane(self.style.title_size, 8.0, 96.0, 26.0) * 0.8;
        }
        let sizes = &self.style.heading_sizes;
        let i = level.saturating_sub(1);
        sizes
            .get(i)
            .or(sizes.last())
            .map_or(self.size * 1.3, |&s| sane(s, 4.0, 72.0, self.size * 1.3))
    }

    /// A heading: text lines kept with what follows, with a section mark
    /// for the outline, the TOC and the running header.
    pub fn heading(
        &mut self,
        title: &Element,
        level: usize,
        anchor: String,
        frame: Frame,
        out: &mut Vec<FlowBox>,
    ) {
        let size = self.heading_size(if level == 0 {
            0
        } else {
            level + self.level_offset
        });
        let style = TextStyle {
            face: self.heading_face,
            size,
            color: self.colors.heading,
            rise: 0.0,
            link: None,
            background: None,
        };
        let mut pieces = Vec::new();
        let has_number = title
            .find(&|el: &Element| el.kind == Kind::Generated && el.has_class("sectnum"))
            .is_some();
        let number = self.section_number(level);
        if let Some(n) = &number
            && !has_number
        {
            pieces.push(Piece::Text(format!("{n}  "), style.clone()));
        }
        pieces.extend(self.inline_pieces(&title.children, &style, false));
        let mut text = title
            .text_content()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(n) = number
            && !has_number
        {
            text = format!("{n} {text}");
        }
        out.push(FlowBox::glue(size * 0.9));
        let first = out.len();
        let saved = self.line_height;
        self.line_height = 1.25;
        self.set_paragraph(title, &pieces, frame, Align::Left, &style, out);
        self.line_height = saved;
        for b in out.iter_mut().skip(first) {
            b.keep_with_next = true;
        }
        if let Some(b) = out.get_mut(first) {
            b.section = Some(SectionMark {
                title: text,
                level: level + self.level_offset,
                anchor: anchor.clone(),
            });
            b.items.insert(0, Item::Anchor { id: anchor, y: 0.0 });
        }
        let mut gap = FlowBox::glue(size * 0.35);
        gap.keep_with_next = true;
        out.push(gap);
    }

    /// The number of a new section at `level` when the style numbers
    /// headings (docutils' `sectnum` output is used as is instead).
    fn section_number(&mut self, level: usize) -> Option<String> {
        let depth = level.max(1);
        self.counters.section_numbers.resize(depth, 0);
        if let Some(last) = self.counters.section_numbers.last_mut() {
            *last += 1;
        }
        if !self.style.headings.numbering || depth > self.style.headings.numbering_depth {
            return None;
        }
        Some(
            self.counters
                .section_numbers
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join("."),
        )
    }

    fn section(&mut self, e: &Element, frame: Frame, out: &mut Vec<FlowBox>) {
        self.section_depth += 1;
        let level = self.section_depth;
        let anchor = e
            .ids()
            .first()
            .map(|id| self.anchor_id(id))
            .unwrap_or_else(|| self.anchor_id(&format!("section-{}-{}", e.span.line, e.span.col)));
        let mut rest: &[Node] = &e.children;
        if let Some(Node::Element(t)) = e.children.first()
            && t.kind == Kind::Title
        {
            self.heading(t, level, anchor, frame, out);
            rest = e.children.get(1..).unwrap_or(&[]);
        }
        self.blocks(rest, frame, out);
        // Leaving the section: deeper counters restart.
        self.counters.section_numbers.truncate(level);
        self.section_depth -= 1;
    }

    fn line_block(&mut self, e: &Element, frame: Frame, out: &mut Vec<FlowBox>) {
        for child in &e.children {
            if let Node::Element(c) = child {
                if c.kind == Kind::LineBlock {
                    self.line_block(c, frame.inset(self.size * 1.5, 0.0), out);
                } else {
                    self.block(c, frame, out);
                }
            }
        }
    }

    fn block_quote(&mut self, e: &Element, frame: Frame, out: &mut Vec<FlowBox>) {
        let inner_frame = frame.inset(self.size * 2.0, self.size);
        let start = out.len();
        self.blocks(&e.children, inner_frame, out);
        if e.has_class("epigraph") || e.has_class("pull-quote") || e.has_class("highlights") {
            for b in out.iter_mut().skip(start) {
                for item in &mut b.items {
                    if let Item::Text { face, .. } = item
                        && face.family() != Family::Mono
                    {
                        *face = FaceId::new(face.family(), face.is_bold(), true);
                    }
                }
            }
        }
        let bar_frame = Frame::new(inner_frame.x - self.size * 0.9, inner_frame.width);
        decorate(
            out.get_mut(start..).unwrap_or(&mut []),
            bar_frame,
            None,
            Some((self.colors.rule, 2.0)),
        );
    }

    fn container(&mut self, e: &Element, frame: Frame, out: &mut Vec<FlowBox>) {
        if e.has_class("literal-block-wrapper") {
            // A code block with its caption: the caption above, kept with it.
            for child in e.child_elements() {
                if child.kind == Kind::Caption {
                    let mut style = self.body_style();
                    style.face = FaceId::new(style.face.family(), false, true);
                    style.color = self.colors.muted;
                    let pieces = self.inline_pieces(&child.children, &style, false);
                    self.set_paragraph(child, &pieces, frame, Align::Left, &style, out);
                    if let Some(last) = out.last_mut() {
                        last.keep_with_next = true;
                    }
                    out.push(FlowBox::glue(2.0));
                } else {
                    self.block(child, frame, out);
                }
            }
            return;
        }
        self.blocks(&e.children, frame, out);
    }

    /// Place a label at the first baseline of the boxes from `start`,
    /// right-aligned to `right_edge`.
    fn place_label(
        &mut self,
        label: &[Piece],
        right_edge: f32,
        out: &mut [FlowBox],
        strut: &TextStyle,
    ) {
        let (m, line_height) = (self.m, self.line_height);
        let set = || {
            let settings = LineSettings {
                width: 1000.0,
                first_indent: 0.0,
                align: Align::Left,
                line_height,
                hyphenate: None,
            };
            set_lines(m, label, &settings, strut).into_iter().next()
        };
        let fresh;
        let line = match LabelKey::of(label, strut, line_height) {
            Some(key) => self.labels.entry(key).or_insert_with(set).as_ref(),
            None => {
                fresh = set();
                fresh.as_ref()
            }
        };
        let Some(line) = line else { return };
        let x0 = right_edge - line.width;
        if let Some(b) = out
            .iter_mut()
            .find(|b| b.role == BoxRole::Content && b.height > 0.0)
        {
            let baseline = b.baseline.unwrap_or(b.height * 0.75);
            for item in &line.items {
                b.items.push(item.shifted(x0, baseline - line.baseline));
            }
        }
    }

    /// Items with a label in a gutter of `indent` points.
    fn hanging_items(
        &mut self,
        items: Vec<(Vec<Piece>, &Element)>,
        indent: f32,
        frame: Frame,
        out: &mut Vec<FlowBox>,
    ) {
        let strut = self.body_style();
        let gap = self.size * 0.5;
        for (i, (label, item)) in items.into_iter().enumerate() {
            if i > 0 {
                out.push(FlowBox::glue(self.spacing() * 0.4));
            }
            let start = out.len();
            let anchors = self.anchors_of(item);
            self.blocks(&item.children, frame.inset(indent, 0.0), out);
            if out.len() == start {
                out.push(FlowBox::content(self.size * self.line_height, Vec::new()));
            }
            let slice = out.get_mut(start..).unwrap_or(&mut []);
            self.place_label(&label, frame.x + indent - gap, slice, &strut);
            self.place_anchors(anchors, out, start);
        }
    }

    fn bullet_list(&mut self, e: &Element, frame: Frame, out: &mut Vec<FlowBox>) {
        let depth = ((frame.x - self.page.left) / (self.size * 1.6)) as usize;
        let bullet = ["•", "◦", "▪"][depth % 3];
        let style = self.body_style();
        let items = e
            .child_elements()
            .filter(|c| c.kind == Kind::ListItem)
            .map(|c| (vec![Piece::Text(bullet.into(), style.clone())], c))
            .collect();
        self.hanging_items(items, self.size * 1.6, frame, out);
    }

    fn enumerated_list(&mut self, e: &Element, frame: Frame, out: &mut Vec<FlowBox>) {
        let enumtype = e.attrs.str("enumtype").unwrap_or("arabic").to_string();
        let prefix = e.attrs.str("prefix").unwrap_or("").to_string();
        let suffix = e.attrs.str("suffix").unwrap_or(".").to_string();
        let start = e.attrs.int("start").unwrap_or(1);
        let style = self.body_style();
        let mut labels = Vec::new();
        let mut widest: f32 = 0.0;
        let children: Vec<&Element> = e
            .child_elements()
            .filter(|c| c.kind == Kind::ListItem)
            .collect();
        for (i, _) in children.iter().enumerate() {
            let n = start.saturating_add(i as i64);
            let label = format!("{prefix}{}{suffix}", enumerator(n, &enumtype));
            widest = widest.max(self.m.width(style.face, style.size, &label));
            labels.push(label);
        }
        let indent = (widest + self.size * 0.8).max(self.size * 1.8);
        let items = labels
            .into_iter()
            .zip(children)
            .map(|(l, c)| (vec![Piece::Text(l, style.clone())], c))
            .collect();
        self.hanging_items(items, indent, frame, out);
    }

    fn definition_list(&mut self, e: &Element, frame: Frame, out: &mut Vec<FlowBox>) {
        for (i, item) in e.child_elements().enumerate() {
            if i > 0 {
                out.push(FlowBox::glue(self.spacing() * 0.6));
            }
            let start = out.len();
            let mut style = self.body_style();
            style.face = FaceId::new(style.face.family(), true, false);
            let mut pieces = Vec::new();
            // The term line: terms and classifiers (the definition follows).
            for part in item.child_elements() {
                if part.kind == Kind::Term {
                    for id in part.ids() {
                        pieces.push(Piece::Anchor(self.anchor_id(id)));
                    }
                    pieces.extend(self.inline_pieces(&part.children, &style, false));
                } else if part.kind == Kind::Classifier {
                    let mut s = self.body_style();
                    s.face = FaceId::new(s.face.family(), false, true);
                    pieces.push(Piece::Text(" : ".into(), s.clone()));
                    pieces.extend(self.inline_pieces(&part.children, &s, false));
                }
            }
            self.set_paragraph(item, &pieces, frame, Align::Left, &style, out);
            if let Some(last) = out.last_mut() {
                last.keep_with_next = true;
            }
            for part in item.child_elements().filter(|p| p.kind == Kind::Definition) {
                out.push(FlowBox::glue(2.0));
                self.blocks(&part.children, frame.inset(self.size * 2.0, 0.0), out);
            }
            let anchors = self.anchors_of(item);
            self.place_anchors(anchors, out, start);
        }
    }

    /// Field and option lists: a name column and a body column.
    fn two_column(
        &mut self,
        rows: Vec<(Vec<Piece>, &Element)>,
        frame: Frame,
        out: &mut Vec<FlowBox>,
    ) {
        let strut = self.body_style();
        let widths: Vec<f32> = rows
            .iter()
            .map(|(label, _)| {
                set_lines(
                    self.m,
                    label,
                    &LineSettings {
                        width: 10000.0,
                        first_indent: 0.0,
                        align: Align::Left,
                        line_height: self.line_height,
                        hyphenate: None,
                    },
                    &strut,
                )
                .first()
                .map_or(0.0, |l| l.width)
            })
            .collect();
        let column = (widths.iter().copied().fold(0.0, f32::max) + self.size)
            .min(frame.width * 0.35)
            .max(self.size * 3.0);
        for (i, ((label, body), w)) in rows.into_iter().zip(widths).enumerate() {
            if i > 0 {
                out.push(FlowBox::glue(self.spacing() * 0.4));
            }
            let start = out.len();
            if w + self.size * 0.5 > column {
                // Too wide: the name on its own line, the body below.
                self.set_paragraph(body, &label, frame, Align::Left, &strut, out);
                if let Some(last) = out.last_mut() {
                    last.keep_with_next = true;
                }
                self.blocks(&body.children, frame.inset(column, 0.0), out);
            } else {
                self.blocks(&body.children, frame.inset(column, 0.0), out);
                if out.len() == start {
                    out.push(FlowBox::content(self.size * self.line_height, Vec::new()));
                }
                let slice = out.get_mut(start..).unwrap_or(&mut []);
                self.place_label(&label, frame.x + w, slice, &strut);
            }
        }
    }

    fn field_list(&mut self, e: &Element, frame: Frame, out: &mut Vec<FlowBox>) {
        let mut style = self.body_style();
        style.face = FaceId::new(style.face.family(), true, false);
        let mut rows = Vec::new();
        for field in e.child_elements() {
            let name = field.first_child(Kind::FieldName);
            let body = field.first_child(Kind::FieldBody);
            let mut label =
                name.map_or_else(Vec::new, |n| self.inline_pieces(&n.children, &style, false));
            label.push(Piece::Text(":".into(), style.clone()));
            if let Some(body) = body {
                rows.push((label, body));
            }
        }
        self.two_column(rows, frame, out);
    }

    fn option_list(&mut self, e: &Element, frame: Frame, out: &mut Vec<FlowBox>) {
        let mut style = self.body_style();
        style.face = self.mono_face;
        style.size = self.size * 0.92;
        let mut rows = Vec::new();
        for item in e.child_elements() {
            let mut text = String::new();
            if let Some(group) = item.first_child(Kind::OptionGroup) {
                for (i, option) in group.child_elements().enumerate() {
                    if i > 0 {
                        text.push_str(", ");
                    }
                    for part in option.child_elements() {
                        if part.kind == Kind::OptionArgument {
                            text.push_str(part.attrs.str("delimiter").unwrap_or(" "));
                        }
                        text.push_str(&part.text_content());
                    }
                }
            }
            if let Some(desc) = item.first_child(Kind::Description) {
                rows.push((vec![Piece::Text(text, style.clone())], desc));
            }
        }
        self.two_column(rows, frame, out);
    }

    fn admonition(&mut self, e: &Element, frame: Frame, out: &mut Vec<FlowBox>) {
        let look = self.style.admonitions.look_for(e.kind.name(), e.classes());
        let accent = Color::from_hex(&look.color);
        let background = Color::from_hex(&look.background);
        let pad = self.size * 0.7;
        let inner = frame.inset(pad + 3.0, pad);
        let start = out.len();
        out.push(FlowBox::content(pad * 0.8, Vec::new()));
        let mut style = self.body_style();
        style.face = FaceId::new(self.heading_face.family(), true, false);
        style.color = accent;
        let mut body: &[Node] = &e.children;
        let mut title_pieces = Vec::new();
        if !look.icon.is_empty() {
            title_pieces.push(Piece::Text(format!("{} ", look.icon), style.clone()));
        }
        match e.children.first() {
            Some(Node::Element(t)) if t.kind == Kind::Title => {
                title_pieces.extend(self.inline_pieces(&t.children, &style, false));
                body = e.children.get(1..).unwrap_or(&[]);
            }
            _ => title_pieces.push(Piece::Text(
                if look.title.is_empty() {
                    e.kind.name().to_string()
                } else {
                    look.title.clone()
                },
                style.clone(),
            )),
        }
        self.set_paragraph(e, &title_pieces, inner, Align::Left, &style, out);
        if let Some(last) = out.last_mut() {
            last.keep_with_next = true;
        }
        let mut gap = FlowBox::content(3.0, Vec::new());
        gap.keep_with_next = true;
        out.push(gap);
        self.blocks(body, inner, out);
        out.push(FlowBox::content(pad, Vec::new()));
        // The padding boxes and glue inside keep the background.
        for b in out.iter_mut().skip(start) {
            if b.role == BoxRole::Glue {
                b.role = BoxRole::Content;
            }
        }
        if let Some(first) = out.get_mut(start) {
            first.keep_with_next = true;
        }
        decorate(
            out.get_mut(start..).unwrap_or(&mut []),
            frame,
            Some(background),
            Some((accent, 3.0)),
        );
    }

    fn topic(&mut self, e: &Element, frame: Frame, out: &mut Vec<FlowBox>) {
        let sidebar = e.kind == Kind::Sidebar;
        let pad = self.size * 0.6;
        let inner = frame.inset(pad + 2.0, pad);
        let start = out.len();
        out.push(FlowBox::content(pad * 0.6, Vec::new()));
        let mut first = true;
        for child in &e.children {
            let Node::Element(c) = child else { continue };
            if !first {
                out.push(FlowBox::glue(self.spacing() * 0.6));
            }
            first = false;
            if c.kind == Kind::Title || c.kind == Kind::Subtitle {
                let mut style = self.body_style();
                style.face = FaceId::new(
                    self.heading_face.family(),
                    c.kind == Kind::Title,
                    c.kind == Kind::Subtitle,
                );
                style.color = self.colors.heading;
                let pieces = self.inline_pieces(&c.children, &style, false);
                self.set_paragraph(c, &pieces, inner, Align::Left, &style, out);
                if let Some(last) = out.last_mut() {
                    last.keep_with_next = true;
                }
            } else {
                self.block(c, inner, out);
            }
        }
        out.push(FlowBox::content(pad * 0.6, Vec::new()));
        for b in out.iter_mut().skip(start) {
            if b.role == BoxRole::Glue {
                b.role = BoxRole::Content;
            }
        }
        let fill = if sidebar {
            Some(self.colors.code_background)
        } else {
            None
        };
        decorate(
            out.get_mut(start..).unwrap_or(&mut []),
            frame,
            fill,
            Some((self.colors.rule, 2.0)),
        );
    }

    fn footnote(&mut self, e: &Element, frame: Frame, out: &mut Vec<FlowBox>) {
        let mut style = self.body_style();
        style.size = self.size * 0.9;
        let label = e
            .first_child(Kind::Label)
            .map(Element::text_content)
            .unwrap_or_default();
        let body: Vec<Node> = e
            .children
            .iter()
            .filter(|c| !c.is_kind(Kind::Label))
            .cloned()
            .collect();
        let mut wrapper = Element::new(Kind::ListItem, e.span);
        wrapper.children = body;
        // Back to the first reference.
        let mut label_style = style.clone();
        label_style.color = self.colors.link;
        label_style.link = e
            .attrs
            .list("backrefs")
            .first()
            .map(|id| LinkTarget::Anchor(self.anchor_id(id).into()));
        let pieces = vec![Piece::Text(format!("[{label}]"), label_style)];
        let indent = (self.m.width(style.face, style.size, &format!("[{label}]")) + self.size)
            .max(self.size * 2.5);
        let saved = self.size;
        self.size *= 0.9;
        self.hanging_items(vec![(pieces, &wrapper)], indent, frame, out);
        self.size = saved;
    }

    /// Lay out display maths, centred, with its equation number.
    fn math_block(&mut self, e: &Element, frame: Frame, out: &mut Vec<FlowBox>) {
        let tex = e.text_content();
        let mut first = true;
        // Equations and the rows of alignments are set one by one, centred.
        for part in math::display_lines(&tex) {
            if !first {
                out.push(FlowBox::glue(self.size * 0.3));
            }
            let mut unknown = Vec::new();
            let b = math::typeset(
                self.m,
                &part,
                MathStyle {
                    size: self.size * 1.1,
                    color: self.colors.text,
                    display: true,
                },
                &mut unknown,
            );
            self.report_unknown_math(e, &unknown);
            let scale = if b.width > frame.width * 0.9 {
                frame.width * 0.9 / b.width
            } else {
                1.0
            };
            let pad = self.size * 0.3;
            let height = (b.ascent + b.descent) * scale + pad * 2.0;
            let x = frame.x + (frame.width - b.width * scale) / 2.0;
            let baseline = pad + b.ascent * scale;
            let mut items: Vec<Item> = Vec::new();
            for item in &b.items {
                let scaled = scale_item(item, scale);
                items.push(scaled.shifted(x, baseline));
            }
            if first
                && let Some(n) = e
                    .attrs
                    .str("number")
                    .map(str::to_string)
                    .or_else(|| e.attrs.int("number").map(|n| n.to_string()))
            {
                let label = format!("({n})");
                let w = self.m.width(self.body_face, self.size, &label);
                items.push(Item::Text {
                    x: frame.x + frame.width - w,
                    y: baseline,
                    face: self.body_face,
                    size: self.size,
                    color: self.colors.text,
                    text: label,
                    adjust: Vec::new(),
                });
            }
            let mut fb = FlowBox::content(height, items);
            fb.baseline = Some(baseline);
            out.push(fb);
            first = false;
        }
    }

    fn figure(&mut self, e: &Element, frame: Frame, out: &mut Vec<FlowBox>) {
        let start = out.len();
        let align = e.attrs.str("align").unwrap_or("center").to_string();
        for child in e.child_elements() {
            // Figure parts in order; anything else is laid out as a body element.
            if child.kind == Kind::Image {
                self.image_with_link(child, None, frame, &align, out);
            } else if child.kind == Kind::Reference {
                let target = self.reference_target(child);
                if let Some(img) = child.first_child(Kind::Image) {
                    self.image_with_link(img, target, frame, &align, out);
                }
            } else if child.kind == Kind::Caption {
                out.push(FlowBox::glue(4.0));
                self.counters.figure_count += 1;
                let mut style = self.body_style();
                style.size = self.size * 0.92;
                style.face = FaceId::new(style.face.family(), false, true);
                let mut pieces = Vec::new();
                if !self.style.figure_label.is_empty() {
                    let mut bold = style.clone();
                    bold.face = FaceId::new(style.face.family(), true, false);
                    pieces.push(Piece::Text(
                        format!(
                            "{} {}: ",
                            self.style.figure_label, self.counters.figure_count
                        ),
                        bold,
                    ));
                }
                pieces.extend(self.inline_pieces(&child.children, &style, false));
                self.set_paragraph(
                    child,
                    &pieces,
                    frame.inset(self.size, self.size),
                    Align::Center,
                    &style,
                    out,
                );
            } else if child.kind == Kind::Legend {
                out.push(FlowBox::glue(3.0));
                let saved = self.size;
                self.size *= 0.92;
                self.blocks(&child.children, frame.inset(self.size, self.size), out);
                self.size = saved;
            } else {
                self.block(child, frame, out);
            }
        }
        // A figure is kept on one page when it fits.
        let n = out.len();
        for b in out.iter_mut().take(n.saturating_sub(1)).skip(start) {
            b.keep_with_next = true;
        }
    }

    fn image_block(&mut self, e: &Element, frame: Frame, out: &mut Vec<FlowBox>) {
        let align = e.attrs.str("align").unwrap_or("left").to_string();
        self.image_with_link(e, None, frame, &align, out);
    }

    /// A length attribute (`60%`, `100px`, `3cm`, `200`) in points;
    /// percentages of `full`.
    fn length(value: &str, full: f32) -> Option<f32> {
        let v = value.trim();
        let num = |s: &str| {
            s.trim()
                .parse::<f32>()
                .ok()
                .filter(|n| n.is_finite() && *n > 0.0)
        };
        if let Some(p) = v.strip_suffix('%') {
            return num(p).map(|n| full * n / 100.0);
        }
        let units: [(&str, f32); 7] = [
            ("px", 0.75),
            ("pt", 1.0),
            ("cm", 28.346),
            ("mm", 2.8346),
            ("in", 72.0),
            ("em", 10.5),
            ("pc", 12.0),
        ];
        for (unit, factor) in units {
            if let Some(n) = v.strip_suffix(unit) {
                return num(n).map(|n| n * factor);
            }
        }
        num(v).map(|n| n * 0.75)
    }

    fn image_with_link(
        &mut self,
        e: &Element,
        link: Option<LinkTarget>,
        frame: Frame,
        align: &str,
        out: &mut Vec<FlowBox>,
    ) {
        let uri = e.attrs.str("uri").unwrap_or("").to_string();
        let path = self.source_dir.join(&uri);
        let max_h = self.page.body_height() * 0.8;
        let loaded = if uri.contains("://") {
            Err(format!("remote image {uri} is not fetched"))
        } else {
            self.images.load(&path)
        };
        let (w, h, item) = match loaded {
            Ok(index) => {
                let (pw, ph) = self.images.images.get(index).map_or((100.0, 100.0), |i| {
                    (i.width as f32 * 0.75, i.height as f32 * 0.75)
                });
                let ratio = if pw > 0.0 { ph / pw } else { 1.0 };
                let mut w = e
                    .attrs
                    .str("width")
                    .and_then(|v| Self::length(v, frame.width))
                    .unwrap_or(pw);
                let mut h = e.attrs.str("height").and_then(|v| Self::length(v, max_h));
                if let Some(scale) = e.attrs.int("scale") {
                    w *= scale as f32 / 100.0;
                }
                if e.attrs.str("width").is_none()
                    && let Some(hh) = h
                {
                    w = hh / ratio.max(0.001);
                }
                let mut hh = h.unwrap_or(w * ratio);
                // Fit the frame and the page, keeping the aspect ratio.
                if w > frame.width {
                    hh *= frame.width / w;
                    w = frame.width;
                }
                if hh > max_h {
                    w *= max_h / hh;
                    hh = max_h;
                }
                h = Some(hh);
                let h = h.unwrap_or(hh);
                (
                    w,
                    h,
                    Item::Image {
                        x: 0.0,
                        y: 0.0,
                        w,
                        h,
                        image: index,
                    },
                )
            }
            Err(message) => {
                self.warn_image_problem(e, message);
                let w = (frame.width * 0.5).max(60.0);
                let h = self.size * 4.0;
                (
                    w,
                    h,
                    Item::Rect {
                        x: 0.0,
                        y: 0.0,
                        w,
                        h,
                        fill: Some(self.colors.code_background),
                        stroke: Some((self.colors.rule, 0.8)),
                    },
                )
            }
        };
        let x = match align {
            "center" => frame.x + (frame.width - w) / 2.0,
            "right" => frame.x + frame.width - w,
            _ => frame.x,
        };
        let mut items = vec![item.shifted(x, 0.0)];
        if matches!(items.first(), Some(Item::Rect { .. })) {
            // The placeholder says what is missing.
            let alt = e.attrs.str("alt").unwrap_or(&uri);
            let text = format!("[image: {alt}]");
            let size = self.size * 0.9;
            let tw = self.m.width(self.body_face, size, &text).min(w);
            items.push(Item::Text {
                x: x + (w - tw) / 2.0,
                y: h / 2.0 + size * 0.3,
                face: self.body_face,
                size,
                color: self.colors.muted,
                text,
                adjust: Vec::new(),
            });
        }
        if let Some(target) = link {
            items.push(Item::Link {
                x,
                y: 0.0,
                w,
                h,
                target,
            });
        }
        out.push(FlowBox::content(h, items));
    }

    /// An image inside a line: items and width.
    pub fn inline_image(&mut self, e: &Element, size: f32) -> (Vec<Item>, f32) {
        let uri = e.attrs.str("uri").unwrap_or("").to_string();
        match self.images.load(&self.source_dir.join(&uri)) {
            Ok(index) => {
                let (pw, ph) = self
                    .images
                    .images
                    .get(index)
                    .map_or((1.0, 1.0), |i| (i.width as f32, i.height as f32));
                let h = size;
                let w = h * pw / ph.max(1.0);
                (
                    vec![Item::Image {
                        x: 0.0,
                        y: -h * 0.9,
                        w,
                        h,
                        image: index,
                    }],
                    w,
                )
            }
            Err(message) => {
                self.warn_image_problem(e, message);
                let w = size;
                (
                    vec![Item::Rect {
                        x: 0.0,
                        y: -size * 0.8,
                        w,
                        h: size * 0.8,
                        fill: None,
                        stroke: Some((self.colors.rule, 0.6)),
                    }],
                    w,
                )
            }
        }
    }

    /// Title page items for the document: title, subtitle, docinfo.
    pub fn title_page(&mut self, root: &Element, title: &str, out: &mut Vec<FlowBox>) {
        let frame = Frame::new(self.page.left, self.page.body_width());
        out.push(FlowBox::content(self.page.body_height() * 0.25, Vec::new()));
        let size = sane(self.style.title_size, 8.0, 96.0, 26.0);
        let style = TextStyle {
            face: self.heading_face,
            size,
            color: self.colors.heading,
            rise: 0.0,
            link: None,
            background: None,
        };
        let dummy = Element::new(Kind::Title, root.span);
        let saved = self.line_height;
        self.line_height = 1.2;
        self.set_paragraph(
            &dummy,
            &[Piece::Text(title.to_string(), style.clone())],
            frame,
            Align::Center,
            &style,
            out,
        );
        self.line_height = saved;
        let subtitle = root
            .first_child(Kind::Subtitle)
            .map(Element::text_content)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| self.style.title_page.subtitle.clone());
        if !subtitle.is_empty() {
            out.push(FlowBox::glue(size * 0.5));
            let st = TextStyle {
                size: size * 0.55,
                face: FaceId::new(self.heading_face.family(), false, false),
                color: self.colors.muted,
                ..style.clone()
            };
            self.set_paragraph(
                &dummy,
                &[Piece::Text(subtitle, st.clone())],
                frame,
                Align::Center,
                &st,
                out,
            );
        }
        // A rule under the title block.
        out.push(FlowBox::content(
            size,
            vec![Item::Line {
                x1: frame.x + frame.width * 0.3,
                y1: size * 0.5,
                x2: frame.x + frame.width * 0.7,
                y2: size * 0.5,
                color: self.colors.rule,
                width: 1.0,
            }],
        ));
        if self.style.title_page.show_docinfo
            && let Some(info) = root.first_child(Kind::Docinfo)
        {
            self.docinfo(info, frame, out);
        }
    }

    fn docinfo(&mut self, info: &Element, frame: Frame, out: &mut Vec<FlowBox>) {
        let body = self.body_style();
        let mut label_style = body.clone();
        label_style.face = FaceId::new(body.face.family(), true, false);
        label_style.color = self.colors.muted;
        for field in info.child_elements() {
            let (name, value_children): (String, Vec<Node>) = match field.kind {
                Kind::Field => {
                    let name = field
                        .first_child(Kind::FieldName)
                        .map(Element::text_content)
                        .unwrap_or_default();
                    let body_children = field
                        .first_child(Kind::FieldBody)
                        .map(|b| {
                            b.child_elements()
                                .flat_map(|p| p.children.clone())
                                .collect()
                        })
                        .unwrap_or_default();
                    (name, body_children)
                }
                Kind::Authors => {
                    let names: Vec<String> =
                        field.child_elements().map(Element::text_content).collect();
                    (
                        "Authors".into(),
                        vec![Node::text(names.join(", "), field.span)],
                    )
                }
                Kind::Address => (
                    "Address".into(),
                    vec![Node::text(
                        field.text_content().replace('\n', ", "),
                        field.span,
                    )],
                ),
                other => {
                    let mut label = other.name().to_string();
                    if let Some(first) = label.get_mut(0..1) {
                        first.make_ascii_uppercase();
                    }
                    (label, field.children.clone())
                }
            };
            let mut pieces = vec![Piece::Text(format!("{name}: "), label_style.clone())];
            pieces.extend(self.inline_pieces(&value_children, &body, false));
            self.set_paragraph(field, &pieces, frame, Align::Center, &body, out);
            out.push(FlowBox::glue(2.0));
        }
    }
}

/// Scale an item about the origin (for display maths wider than the page).
fn scale_item(item: &Item, s: f32) -> Item {
    if (s - 1.0).abs() < f32::EPSILON {
        return item.clone();
    }
    let mut item = item.clone();
    match &mut item {
        Item::Text {
            x, y, size, adjust, ..
        } => {
            *x *= s;
            *y *= s;
            *size *= s;
            for a in adjust.iter_mut() {
                a.1 *= s;
            }
        }
        Item::Rect { x, y, w, h, .. }
        | Item::Image { x, y, w, h, .. }
        | Item::Link { x, y, w, h, .. } => {
            *x *= s;
            *y *= s;
            *w *= s;
            *h *= s;
        }
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            ..
        } => {
            *x1 *= s;
            *y1 *= s;
            *x2 *= s;
            *y2 *= s;
            *width *= s;
        }
        Item::Anchor { y, .. } => *y *= s,
    }
    item
}

/// The enumerator for item number `n` in docutils' enumeration types.
pub fn enumerator(n: i64, enumtype: &str) -> String {
    match enumtype {
        "loweralpha" => alpha(n).to_ascii_lowercase(),
        "upperalpha" => alpha(n),
        "lowerroman" => roman(n).to_ascii_lowercase(),
        "upperroman" => roman(n),
        _ => n.to_string(),
    }
}

fn alpha(n: i64) -> String {
    if n < 1 {
        return n.to_string();
    }
    let mut n = n;
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(char::from(b'A' + (n % 26) as u8));
        n /= 26;
    }
    out.iter().rev().collect()
}

fn roman(n: i64) -> String {
    if !(1..4000).contains(&n) {
        return n.to_string();
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
    let mut n = n;
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_enumerators_cover_docutils_types() {
        assert_eq!(enumerator(3, "arabic"), "3");
        assert_eq!(enumerator(2, "loweralpha"), "b");
        assert_eq!(enumerator(28, "upperalpha"), "AB");
        assert_eq!(enumerator(4, "lowerroman"), "iv");
        assert_eq!(enumerator(1994, "upperroman"), "MCMXCIV");
    }
}
