//! Inline content: IR text and inline elements turned into styled
//! [`Piece`]s for the line breaker (emphasis → italic face, literals →
//! mono, references → link colour and a link target, scripts → raised
//! smaller text, inline maths → a typeset object).

use crate::ir::{Element, Kind, Node};

use super::super::fonts::{FaceId, Family};
use super::super::linebreak::{InlineObject, Piece, TextStyle};
use super::super::math::{self, MathStyle};
use super::LinkTarget;
use super::blocks::Layouter;

impl Layouter<'_> {
    /// The pieces of a text element's children in `style`.
    pub fn inline_pieces(
        &mut self,
        children: &[Node],
        style: &TextStyle,
        preformatted: bool,
    ) -> Vec<Piece> {
        let mut out = Vec::new();
        self.collect_inline(children, style, preformatted, &mut out);
        out
    }

    fn push_text(text: &str, style: &TextStyle, preformatted: bool, out: &mut Vec<Piece>) {
        if text.is_empty() {
            return;
        }
        if preformatted {
            // Keep line ends as forced breaks.
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    out.push(Piece::Break);
                }
                if !line.is_empty() {
                    out.push(Piece::Text(line.replace('\t', "    "), style.clone()));
                }
            }
        } else {
            // Source line ends inside a paragraph are spaces. They are
            // ASCII, so they are replaced byte for byte in one copy; text
            // without any (a link's, a title's) is copied as it is.
            if memchr::memchr3(b'\n', b'\t', b'\r', text.as_bytes()).is_none() {
                out.push(Piece::Text(text.to_string(), style.clone()));
                return;
            }
            let mut normalized = text.to_string().into_bytes();
            for byte in &mut normalized {
                if matches!(byte, b'\n' | b'\t' | b'\r') {
                    *byte = b' ';
                }
            }
            let normalized = String::from_utf8(normalized).unwrap_or_default();
            out.push(Piece::Text(normalized, style.clone()));
        }
    }

    fn collect_inline(
        &mut self,
        children: &[Node],
        style: &TextStyle,
        pre: bool,
        out: &mut Vec<Piece>,
    ) {
        for child in children {
            match child {
                Node::Text(t) => Self::push_text(&t.text, style, pre, out),
                Node::Element(e) => self.inline_element(e, style, pre, out),
            }
        }
    }

    fn restyled(
        style: &TextStyle,
        bold: Option<bool>,
        italic: Option<bool>,
        family: Option<Family>,
    ) -> TextStyle {
        let face = style.face;
        let family = family.unwrap_or(face.family());
        TextStyle {
            face: FaceId::new(
                family,
                bold.unwrap_or(face.is_bold()),
                italic.unwrap_or(face.is_italic()),
            ),
            ..style.clone()
        }
    }

    /// The link target of a reference element.
    pub fn reference_target(&self, e: &Element) -> Option<LinkTarget> {
        if let Some(uri) = e.attrs.str("refuri") {
            // Script links are dropped in every format (`write::active_url`).
            return (!crate::write::active_url::is_active_url(uri))
                .then(|| LinkTarget::Uri(uri.into()));
        }
        if let Some(doc) = e.attrs.str("refdoc") {
            // In a book every lesson is inside this PDF; a lesson alone
            // links to the sibling PDF the same run writes.
            if self.id_prefix.is_empty() {
                return Some(LinkTarget::Uri([doc, ".pdf"].concat().into()));
            }
            let id = match e.attrs.str("refid") {
                Some(id) => [doc, "/", id].concat(),
                None => [doc, "/"].concat(),
            };
            return Some(LinkTarget::Anchor(id.into()));
        }
        e.attrs
            .str("refid")
            .map(|id| LinkTarget::Anchor(self.anchor_id(id).into()))
    }

    fn inline_element(&mut self, e: &Element, style: &TextStyle, pre: bool, out: &mut Vec<Piece>) {
        for id in e.ids() {
            out.push(Piece::Anchor(self.anchor_id(id)));
        }
        let mono = Some(Family::Mono);
        match e.kind {
            Kind::Emphasis | Kind::TitleReference => {
                let s = Self::restyled(style, None, Some(!style.face.is_italic()), None);
                self.collect_inline(&e.children, &s, pre, out);
            }
            Kind::Strong => {
                let s = Self::restyled(style, Some(true), None, None);
                self.collect_inline(&e.children, &s, pre, out);
            }
            Kind::Literal => {
                let mut s = Self::restyled(style, None, None, mono);
                s.size = style.size * 0.92;
                // Shaded like code in running text (not in links, headings
                // or coloured titles).
                if style.link.is_none() && style.color == self.colors.text {
                    // A shade darker than code blocks: a few letters need
                    // more contrast than a whole block to be seen.
                    let c = self.colors.code_background;
                    s.background = Some(super::Color(c.0 * 0.94, c.1 * 0.94, c.2 * 0.95));
                }
                if e.has_class("kbd") || e.has_class("samp") || e.has_class("file") {
                    s.color = self.colors.code_text;
                }
                self.collect_inline(&e.children, &s, pre, out);
            }
            Kind::LiteralStrong => {
                let mut s = Self::restyled(style, Some(true), None, mono);
                s.size = style.size * 0.92;
                self.collect_inline(&e.children, &s, pre, out);
            }
            Kind::Reference => {
                let mut s = style.clone();
                if let Some(target) = self.reference_target(e) {
                    s.color = self.colors.link;
                    s.link = Some(target);
                }
                self.collect_inline(&e.children, &s, pre, out);
            }
            Kind::FootnoteReference | Kind::CitationReference => {
                let mut s = style.clone();
                s.color = self.colors.link;
                s.link = e
                    .attrs
                    .str("refid")
                    .map(|id| LinkTarget::Anchor(self.anchor_id(id).into()));
                let label = e.text_content();
                if e.kind == Kind::FootnoteReference {
                    s.size = style.size * 0.7;
                    s.rise = style.size * 0.35;
                    Self::push_text(&label, &s, false, out);
                } else {
                    Self::push_text(&["[", label.as_str(), "]"].concat(), &s, false, out);
                }
            }
            Kind::Superscript => {
                let mut s = style.clone();
                s.size = style.size * 0.7;
                s.rise = style.rise + style.size * 0.35;
                self.collect_inline(&e.children, &s, pre, out);
            }
            Kind::Subscript => {
                let mut s = style.clone();
                s.size = style.size * 0.7;
                s.rise = style.rise - style.size * 0.15;
                self.collect_inline(&e.children, &s, pre, out);
            }
            Kind::Math => {
                let tex = e.text_content();
                let mut unknown = Vec::new();
                let b = math::typeset(
                    self.m,
                    &tex,
                    MathStyle {
                        size: style.size,
                        color: style.color,
                        display: false,
                    },
                    &mut unknown,
                );
                self.report_unknown_math(e, &unknown);
                out.push(Piece::Object(InlineObject {
                    width: b.width,
                    ascent: b.ascent,
                    descent: b.descent,
                    items: b.items,
                    link: style.link.clone(),
                }));
            }
            Kind::Problematic => {
                let mut s = style.clone();
                s.color = self.colors.error;
                self.collect_inline(&e.children, &s, pre, out);
            }
            Kind::Inline => {
                // Roles named after HTML's `b`, `i`, `dfn`, `var` (docutils'
                // `<html-roles.txt>`) look as those elements do.
                let s = if e.has_class("guilabel")
                    || e.has_class("menuselection")
                    || e.has_class("b")
                {
                    Self::restyled(style, Some(true), None, None)
                } else if e.has_class("i") || e.has_class("dfn") || e.has_class("var") {
                    Self::restyled(style, None, Some(true), None)
                } else {
                    style.clone()
                };
                self.collect_inline(&e.children, &s, pre, out);
            }
            Kind::Target => {
                // An inline target's text is shown; its ids are anchors.
                self.collect_inline(&e.children, style, pre, out);
            }
            Kind::Image => {
                // An image inside text (a substitution): scaled to the line.
                let size = style.size;
                let (items, width) = self.inline_image(e, size);
                out.push(Piece::Object(InlineObject {
                    width,
                    ascent: size * 0.9,
                    descent: size * 0.1,
                    items,
                    link: style.link.clone(),
                }));
            }
            Kind::SubstitutionReference
            | Kind::Abbreviation
            | Kind::Acronym
            | Kind::Generated
            | Kind::PendingXref
            | Kind::DownloadReference => self.collect_inline(&e.children, style, pre, out),
            // Nodes that print nothing inline.
            Kind::SystemMessage
            | Kind::Comment
            | Kind::SubstitutionDefinition
            | Kind::Pending
            | Kind::Meta
            | Kind::Raw
            | Kind::Index
            | Kind::Toctree
            | Kind::Only
            | Kind::Decoration
            | Kind::Header
            | Kind::Footer => {}
            // Block and part kinds met inside text (rare, e.g. a title's
            // children): their text in the current style.
            Kind::Document
            | Kind::Section
            | Kind::Topic
            | Kind::Sidebar
            | Kind::Transition
            | Kind::Docinfo
            | Kind::Author
            | Kind::Authors
            | Kind::Organization
            | Kind::Address
            | Kind::Contact
            | Kind::Version
            | Kind::Revision
            | Kind::Status
            | Kind::Date
            | Kind::Copyright
            | Kind::Title
            | Kind::Subtitle
            | Kind::Rubric
            | Kind::Paragraph
            | Kind::LiteralBlock
            | Kind::DoctestBlock
            | Kind::MathBlock
            | Kind::LineBlock
            | Kind::Line
            | Kind::BlockQuote
            | Kind::Attribution
            | Kind::Compound
            | Kind::Container
            | Kind::BulletList
            | Kind::EnumeratedList
            | Kind::ListItem
            | Kind::DefinitionList
            | Kind::DefinitionListItem
            | Kind::Term
            | Kind::Classifier
            | Kind::Definition
            | Kind::FieldList
            | Kind::Field
            | Kind::FieldName
            | Kind::FieldBody
            | Kind::OptionList
            | Kind::OptionListItem
            | Kind::OptionGroup
            | Kind::OptionNode
            | Kind::OptionString
            | Kind::OptionArgument
            | Kind::Description
            | Kind::Attention
            | Kind::Caution
            | Kind::Danger
            | Kind::Error
            | Kind::Hint
            | Kind::Important
            | Kind::Note
            | Kind::Tip
            | Kind::Warning
            | Kind::Admonition
            | Kind::Footnote
            | Kind::Citation
            | Kind::Label
            | Kind::Figure
            | Kind::Caption
            | Kind::Legend
            | Kind::Table
            | Kind::Tgroup
            | Kind::Colspec
            | Kind::Thead
            | Kind::Tbody
            | Kind::Row
            | Kind::Entry
            | Kind::VersionModified
            | Kind::Seealso
            | Kind::Glossary
            | Kind::Hlist
            | Kind::Hlistcol
            | Kind::Centered => self.collect_inline(&e.children, style, pre, out),
        }
    }
}
