//! Block content: IR block elements to Markdown that Jupyter renders well
//! (JupyterLab and the classic Notebook both use `marked`, a CommonMark +
//! GFM renderer, with HTML kept after sanitising).
//!
//! Where Markdown has no construct (definition lists, spanned tables,
//! lettered lists, coloured admonitions) the block is HTML, written with
//! blank lines around nested content so that content is still parsed as
//! Markdown (CommonMark 4.6, HTML blocks of type 6 end at a blank line).

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostic, Severity};
use crate::ir::{Document, Element, Kind, Node};
use crate::style::{AdmonitionStyle, IpynbStyle};
use crate::write::BuildInfo;

use super::attachments::{AttachmentStore, ImageSource};
use super::cells::{Attachment, MarkdownBlock};
use super::code::{CodeContext, CodeForm, code_form};
use super::inline::{InlineMode, emphasized, html_escape, link_destination, longest_run, strong};

/// One section of a lesson, for the course index's table of contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutlineEntry {
    /// 1 for top-level sections.
    pub depth: usize,
    pub id: String,
    pub title: String,
}

/// A lesson as the course index lists it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LessonOutline {
    pub title: String,
    pub sections: Vec<OutlineEntry>,
}

/// The lessons of a course by doc name.
pub type CourseOutline = BTreeMap<String, LessonOutline>;

/// Renders blocks of one document to Markdown, collecting the images they
/// attach and the problems found.
pub struct MarkdownWriter<'a> {
    pub(super) doc: &'a Document,
    pub(super) style: &'a IpynbStyle,
    pub(super) build: &'a BuildInfo<'a>,
    pub(super) code: CodeContext<'a>,
    /// This notebook's doc name (for relative links to other notebooks).
    pub(super) docname: String,
    /// Section outlines of the course's lessons (index notebook only).
    pub(super) outlines: Option<&'a CourseOutline>,
    store: AttachmentStore,
    used: Vec<Attachment>,
    used_names: BTreeSet<String>,
    diagnostics: Vec<Diagnostic>,
    /// Inline state: the next character starts a line.
    pub(super) at_line_start: bool,
    /// Rendering the body of an admonition or a list item, where a block
    /// quote is almost always over-indented text, not a quotation.
    in_box: bool,
}

/// Blocks separated by one blank line.
fn join_blocks(blocks: Vec<String>) -> String {
    blocks
        .into_iter()
        .filter(|b| !b.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Prefix every line: `first` on the first, `rest` on the others (blank
/// lines get `rest` without its trailing spaces).
pub fn prefix_lines(text: &str, first: &str, rest: &str) -> String {
    // Nested blocks are prefixed once per level, so this runs over most of
    // a notebook's text several times: one vectorised scan for the line
    // ends, then whole lines copied.
    let ends = || memchr::memchr_iter(b'\n', text.as_bytes());
    let mut out = String::with_capacity(text.len() + first.len() + ends().count() * rest.len());
    let mut start = 0;
    let mut prefix = first;
    for end in ends().chain(std::iter::once(text.len())) {
        let line = text.get(start..end).unwrap_or("");
        if start > 0 {
            out.push('\n');
        }
        if line.is_empty() {
            out.push_str(prefix.trim_end());
        } else {
            out.push_str(prefix);
            out.push_str(line);
        }
        prefix = rest;
        start = end + 1;
    }
    out
}

/// A fenced code block whose fence outlasts any backtick run inside.
pub fn fenced_code(info: &str, text: &str) -> String {
    let fence = "`".repeat(longest_run(text, '`').max(2) + 1);
    let body = text.trim_end_matches('\n');
    format!("{fence}{info}\n{body}\n{fence}")
}

impl<'a> MarkdownWriter<'a> {
    /// A writer for `doc`; `docname` places it in its course for links.
    pub fn new(
        doc: &'a Document,
        style: &'a IpynbStyle,
        build: &'a BuildInfo<'a>,
        code: CodeContext<'a>,
        docname: String,
    ) -> MarkdownWriter<'a> {
        MarkdownWriter {
            doc,
            style,
            build,
            code,
            docname,
            outlines: None,
            store: AttachmentStore::default(),
            used: Vec::new(),
            used_names: BTreeSet::new(),
            diagnostics: Vec::new(),
            at_line_start: true,
            in_box: false,
        }
    }

    /// Render `nodes` as the body of a box (admonition, list item).
    fn box_body(&mut self, nodes: &[Node], skip: &[Kind]) -> String {
        let saved = std::mem::replace(&mut self.in_box, true);
        let body = self.render_children_except(nodes, skip);
        self.in_box = saved;
        body
    }

    /// Give the course's section outlines, so toctrees list each lesson's
    /// sections too.
    pub fn with_outlines(mut self, outlines: &'a CourseOutline) -> Self {
        self.outlines = Some(outlines);
        self
    }

    /// The diagnostics collected so far.
    pub fn take_diagnostics(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.diagnostics)
    }

    /// Wrap rendered text with the attachments it used since the last call.
    pub fn finish_block(&mut self, text: String) -> MarkdownBlock {
        self.used_names.clear();
        MarkdownBlock {
            text,
            attachments: std::mem::take(&mut self.used),
        }
    }

    /// One block element as a Markdown block.
    pub fn block(&mut self, e: &Element) -> MarkdownBlock {
        let text = self.render_block(e);
        self.finish_block(text)
    }

    /// A heading of `level` (1–6) with anchors for `ids`.
    pub fn heading(
        &mut self,
        title: &Element,
        level: usize,
        ids: &[String],
        number: &str,
    ) -> MarkdownBlock {
        let mode = InlineMode {
            single_line: true,
            heading: true,
            ..InlineMode::MARKDOWN
        };
        let text = self.inline(&title.children, mode);
        let hashes = "#".repeat(level.clamp(1, 6));
        let number = if number.is_empty() {
            String::new()
        } else {
            format!("{number} ")
        };
        let text = format!("{hashes} {}{number}{text}", Self::anchors(ids));
        self.finish_block(text)
    }

    /// Child blocks joined by blank lines.
    pub(super) fn render_children(&mut self, nodes: &[Node]) -> String {
        self.render_children_except(nodes, &[])
    }

    /// Child blocks, leaving out those of the `skip` kinds (titles the
    /// caller has already written).
    fn render_children_except(&mut self, nodes: &[Node], skip: &[Kind]) -> String {
        let mut blocks = Vec::new();
        for node in nodes {
            match node {
                Node::Element(e) if skip.contains(&e.kind) => {}
                Node::Element(e) => blocks.push(self.render_block(e)),
                Node::Text(t) => {
                    let mut text = String::new();
                    self.at_line_start = true;
                    self.push_text(&mut text, &t.text, InlineMode::MARKDOWN);
                    blocks.push(text);
                }
            }
        }
        join_blocks(blocks)
    }

    /// Anchors for an element's ids as a block of their own, before `body`.
    fn with_anchors(e: &Element, body: String) -> String {
        if e.ids().is_empty() {
            body
        } else {
            join_blocks(vec![Self::anchors(e.ids()), body])
        }
    }

    /// Anchors for `ids` run into the start of `text` (the body is not
    /// copied when there are none, which is almost always).
    fn anchored(ids: &[String], text: String) -> String {
        if ids.is_empty() {
            return text;
        }
        let mut out = Self::anchors(ids);
        out.push_str(&text);
        out
    }

    /// Record a warning at the element's source position.
    pub(super) fn warn(&mut self, e: &Element, code: &'static str, message: String) {
        let file = self.doc.sources.name(e.span.file);
        let chain = self.doc.sources.include_chain(e.span.file);
        self.diagnostics.push(
            Diagnostic::new(
                Severity::Warning,
                code,
                file,
                e.span.line,
                e.span.col,
                message,
            )
            .with_chain(chain),
        );
    }

    /// Render one block element.
    pub(super) fn render_block(&mut self, e: &Element) -> String {
        match e.kind {
            Kind::Paragraph => {
                let text = self.inline(&e.children, InlineMode::MARKDOWN);
                Self::anchored(e.ids(), text)
            }
            Kind::Section => {
                let title = e.first_child(Kind::Title).map(|t| {
                    let text = self.inline(&t.children, InlineMode::LINE);
                    format!("{}{}", Self::anchors(e.ids()), strong(&text))
                });
                let body = self.render_children_except(&e.children, &[Kind::Title]);
                join_blocks(vec![title.unwrap_or_default(), body])
            }
            Kind::Title | Kind::Rubric => {
                let text = self.inline(&e.children, InlineMode::LINE);
                format!("{}{}", Self::anchors(e.ids()), strong(&text))
            }
            Kind::Subtitle => {
                let text = self.inline(&e.children, InlineMode::LINE);
                format!("{}*{text}*", Self::anchors(e.ids()))
            }
            Kind::LiteralBlock | Kind::DoctestBlock => {
                let body = match code_form(e, self.code) {
                    CodeForm::Fenced { info, text } => fenced_code(&info, &text),
                    // Inside a list or a box a code cell cannot be made:
                    // show the code, highlighted.
                    CodeForm::Cell(_) => {
                        let info = if e.kind == Kind::DoctestBlock {
                            "pycon".to_string()
                        } else {
                            super::code::block_language(e).unwrap_or_default()
                        };
                        fenced_code(&info, &e.text_content())
                    }
                };
                Self::with_anchors(e, body)
            }
            Kind::MathBlock => Self::with_anchors(e, math_block(e)),
            Kind::LineBlock => Self::with_anchors(e, self.line_block(e, 0)),
            Kind::BlockQuote => {
                // Over-indented admonition and list bodies parse as block
                // quotes (docutils); shown as quotes, they would get a bar.
                let plain = self.in_box
                    && e.classes().is_empty()
                    && e.first_child(Kind::Attribution).is_none();
                let saved = std::mem::replace(&mut self.in_box, false);
                let body = self.render_children(&e.children);
                self.in_box = saved;
                if plain {
                    Self::with_anchors(e, body)
                } else {
                    Self::with_anchors(e, prefix_lines(&body, "> ", "> "))
                }
            }
            Kind::Attribution => {
                let text = self.inline(&e.children, InlineMode::LINE);
                format!("— {text}")
            }
            Kind::Comment
            | Kind::SubstitutionDefinition
            | Kind::Pending
            | Kind::Meta
            | Kind::SystemMessage
            | Kind::Index
            | Kind::Colspec
            | Kind::Decoration => String::new(),
            Kind::Target => {
                // A target pointing elsewhere (refid/refuri) moved its ids to
                // the element it names; a dangling one keeps an anchor.
                if e.attrs.has("refid") || e.attrs.has("refuri") {
                    String::new()
                } else {
                    Self::anchors(e.ids())
                }
            }
            Kind::Raw => self.raw(e),
            Kind::Image => Self::with_anchors(e, self.image(e, false)),
            Kind::Figure => Self::with_anchors(e, self.figure(e)),
            Kind::Compound
            | Kind::Container
            | Kind::Only
            | Kind::VersionModified
            | Kind::Glossary
            | Kind::Header
            | Kind::Footer
            | Kind::Definition
            | Kind::FieldBody
            | Kind::Description
            | Kind::Legend
            | Kind::ListItem
            | Kind::Hlistcol
            | Kind::Document => {
                if e.kind == Kind::Container && e.has_class("literal-block-wrapper") {
                    return self.captioned_code(e);
                }
                let body = self.render_children(&e.children);
                Self::with_anchors(e, body)
            }
            Kind::BulletList | Kind::EnumeratedList => {
                let body = self.list(e, &e.children);
                Self::with_anchors(e, body)
            }
            Kind::Hlist => {
                // Columns are a print layout: one list reads better in a cell.
                let mut items = Vec::new();
                let mut first_list = None;
                for column in e.child_elements() {
                    for list in column.child_elements() {
                        first_list.get_or_insert(list);
                        items.extend(list.children.iter().cloned());
                    }
                }
                match first_list {
                    Some(list) => Self::with_anchors(e, self.list(list, &items)),
                    None => String::new(),
                }
            }
            Kind::DefinitionList => Self::with_anchors(e, self.definition_list(e)),
            Kind::DefinitionListItem | Kind::Term | Kind::Classifier => {
                self.inline(&e.children, InlineMode::MARKDOWN)
            }
            Kind::FieldList => Self::with_anchors(e, self.field_list(e)),
            Kind::Field => self.field(e),
            Kind::FieldName => {
                let text = self.inline(&e.children, InlineMode::LINE);
                strong(&format!("{text}:"))
            }
            Kind::OptionList => Self::with_anchors(e, self.option_list(e)),
            Kind::OptionListItem
            | Kind::OptionGroup
            | Kind::OptionNode
            | Kind::OptionString
            | Kind::OptionArgument => self.inline(&e.children, InlineMode::MARKDOWN),
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
            | Kind::Seealso
            | Kind::Sidebar => self.admonition(e),
            Kind::Topic => match e.first_child(Kind::Title) {
                Some(t) => {
                    let text = self.inline(&t.children, InlineMode::LINE);
                    let title = format!("{}{}", Self::anchors(e.ids()), strong(&text));
                    let body = self.render_children_except(&e.children, &[Kind::Title]);
                    join_blocks(vec![title, body])
                }
                None => Self::with_anchors(e, self.render_children(&e.children)),
            },
            Kind::Footnote | Kind::Citation => self.footnote(e),
            Kind::Label => {
                let text = self.inline(&e.children, InlineMode::LINE);
                strong(&format!("\\[{text}\\]"))
            }
            Kind::Caption => {
                let text = self.inline(&e.children, InlineMode::MARKDOWN);
                emphasized(&text)
            }
            Kind::Table => self.table(e),
            Kind::Tgroup | Kind::Thead | Kind::Tbody | Kind::Row | Kind::Entry => {
                self.render_children(&e.children)
            }
            Kind::Transition => "---".to_string(),
            Kind::Docinfo => self.docinfo(e),
            Kind::Author
            | Kind::Authors
            | Kind::Organization
            | Kind::Address
            | Kind::Contact
            | Kind::Version
            | Kind::Revision
            | Kind::Status
            | Kind::Date
            | Kind::Copyright => self.docinfo_line(e),
            Kind::Centered => {
                let text = self.inline(&e.children, InlineMode::MARKDOWN);
                format!("<div align=\"center\">\n\n{}\n\n</div>", strong(&text))
            }
            Kind::Toctree => self.toctree(e),
            Kind::Line => self.inline(&e.children, InlineMode::MARKDOWN),
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
            | Kind::LiteralStrong => self.inline_element_alone(e, InlineMode::MARKDOWN),
        }
    }

    /// `.. code-block:: :caption:` — the caption, then the code.
    fn captioned_code(&mut self, e: &Element) -> String {
        let mut blocks = Vec::new();
        for child in e.child_elements() {
            if child.kind == Kind::Caption {
                let text = self.inline(&child.children, InlineMode::MARKDOWN);
                blocks.push(format!("{}{}", Self::anchors(e.ids()), strong(&text)));
            } else {
                blocks.push(self.render_block(child));
            }
        }
        join_blocks(blocks)
    }

    fn raw(&mut self, e: &Element) -> String {
        let format = e.attrs.str("format").unwrap_or("").to_ascii_lowercase();
        let accepted = format
            .split_whitespace()
            .any(|f| matches!(f, "html" | "markdown" | "md" | "ipynb"));
        if self.build.safe || !accepted {
            return String::new();
        }
        e.text_content()
    }

    fn line_block(&mut self, e: &Element, depth: usize) -> String {
        let mut lines = Vec::new();
        for child in e.child_elements() {
            if child.kind == Kind::LineBlock {
                lines.push(self.line_block(child, depth + 1));
                continue;
            }
            let text = self.inline(&child.children, InlineMode::LINE);
            if text.is_empty() {
                lines.push("&nbsp;".to_string());
            } else {
                lines.push(format!("{}{text}", "&emsp;".repeat(depth)));
            }
        }
        // A backslash at the end of a line is a hard line break (CommonMark 6.7).
        lines.join("\\\n")
    }

    /// An image: attached when it is a local file, linked when remote, a
    /// visible placeholder (and a warning) when it cannot be read.
    pub(super) fn image(&mut self, e: &Element, html: bool) -> String {
        let uri = e.attrs.str("uri").unwrap_or("");
        let alt = e.attrs.str("alt").unwrap_or("");
        let source_dir = self.build.source_dir.clone();
        let src = match self.store.image(uri, &source_dir) {
            Ok(ImageSource::Attached(attachment)) => {
                let src = format!("attachment:{}", attachment.name);
                if self.used_names.insert(attachment.name.clone()) {
                    self.used.push(attachment);
                }
                src
            }
            Ok(ImageSource::Remote(url)) => url,
            Err(problem) => {
                self.warn(e, "missing-image", problem.to_string());
                let mut label = String::new();
                self.push_text(
                    &mut label,
                    &format!("[missing image: {uri}]"),
                    InlineMode::LINE,
                );
                return if html {
                    format!(
                        "<strong>{}</strong>",
                        html_escape(&format!("[missing image: {uri}]"))
                    )
                } else {
                    strong(&label)
                };
            }
        };
        let mut css = Vec::new();
        for key in ["width", "height"] {
            if let Some(value) = e.attrs.get(key) {
                css.push(format!(
                    "{key}: {}",
                    css_length(&value.to_attribute_string())
                ));
            }
        }
        if let Some(scale) = e.attrs.int("scale")
            && css.is_empty()
            && scale != 100
        {
            css.push(format!("width: {scale}%"));
        }
        if let Some(align) = e.attrs.str("align")
            && matches!(align, "left" | "right")
        {
            css.push(format!("float: {align}"));
        }
        if css.is_empty() && !html {
            let alt = alt
                .replace('\\', "\\\\")
                .replace('[', "\\[")
                .replace(']', "\\]");
            format!("![{alt}]({})", link_destination(&src))
        } else {
            let style = if css.is_empty() {
                String::new()
            } else {
                format!(" style=\"{}\"", html_escape(&css.join("; ")))
            };
            format!(
                "<img src=\"{}\" alt=\"{}\"{style}/>",
                html_escape(&src),
                html_escape(alt)
            )
        }
    }

    fn figure(&mut self, e: &Element) -> String {
        let mut blocks = Vec::new();
        for child in e.child_elements() {
            // The image (maybe inside a link), then caption and legend.
            if child.kind == Kind::Image {
                blocks.push(self.image(child, false));
            } else if child.kind == Kind::Reference {
                blocks.push(self.inline_element_alone(child, InlineMode::MARKDOWN));
            } else {
                blocks.push(self.render_block(child));
            }
        }
        let body = join_blocks(blocks);
        if e.attrs.str("align") == Some("center") {
            format!("<div align=\"center\">\n\n{body}\n\n</div>")
        } else {
            body
        }
    }

    fn list(&mut self, list: &Element, items: &[Node]) -> String {
        let enumtype = list.attrs.str("enumtype").unwrap_or("arabic");
        let ordered = list.kind == Kind::EnumeratedList;
        let start = list.attrs.int("start").unwrap_or(1);
        if ordered && enumtype != "arabic" {
            return self.html_ordered_list(list, items, enumtype, start);
        }
        let suffix = if list.attrs.str("suffix") == Some(")") {
            ")"
        } else {
            "."
        };
        let items: Vec<&Element> = items.iter().filter_map(Node::as_element).collect();
        let tight = items.iter().all(|item| is_compact_item(item));
        let mut rendered = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let marker = if ordered {
                let n = start.saturating_add(i64::try_from(i).unwrap_or(i64::MAX));
                format!("{n}{suffix} ")
            } else {
                "- ".to_string()
            };
            let pad = " ".repeat(marker.chars().count());
            let saved = std::mem::replace(&mut self.in_box, true);
            let body = if tight {
                let parts: Vec<String> = item
                    .children
                    .iter()
                    .filter_map(Node::as_element)
                    .map(|c| self.render_block(c))
                    .filter(|b| !b.is_empty())
                    .collect();
                parts.join("\n")
            } else {
                self.render_children(&item.children)
            };
            self.in_box = saved;
            let body = Self::anchored(item.ids(), body);
            let body = if body.is_empty() {
                marker.trim_end().to_string()
            } else {
                prefix_lines(&body, &marker, &pad)
            };
            rendered.push(body);
        }
        rendered.join(if tight { "\n" } else { "\n\n" })
    }

    /// Lettered and Roman lists: Markdown only numbers with digits.
    fn html_ordered_list(
        &mut self,
        _list: &Element,
        items: &[Node],
        enumtype: &str,
        start: i64,
    ) -> String {
        let kind = match enumtype {
            "loweralpha" => "a",
            "upperalpha" => "A",
            "lowerroman" => "i",
            "upperroman" => "I",
            _ => "1",
        };
        let start = if start == 1 {
            String::new()
        } else {
            format!(" start=\"{start}\"")
        };
        let mut out = format!("<ol type=\"{kind}\"{start}>");
        for item in items.iter().filter_map(Node::as_element) {
            let (id, more) = split_ids(item.ids());
            let mut elements = item.child_elements();
            match (elements.next(), elements.next()) {
                // One paragraph: inline HTML keeps the list tight.
                (Some(p), None) if p.kind == Kind::Paragraph => {
                    let text = self.inline(&p.children, InlineMode::HTML);
                    out.push_str(&format!("\n<li{id}>{more}{text}</li>"));
                }
                _ => {
                    let body = self.box_body(&item.children, &[]);
                    out.push_str(&format!("\n<li{id}>{more}\n\n{body}\n\n</li>"));
                }
            }
        }
        out.push_str("\n</ol>");
        out
    }

    fn definition_list(&mut self, e: &Element) -> String {
        let mut out = String::from("<dl>");
        for item in e.child_elements() {
            for part in item.child_elements() {
                // Classifiers are written with their term.
                if part.kind == Kind::Term {
                    let text = self.inline(&part.children, InlineMode::HTML);
                    let (id, more) = split_ids(part.ids());
                    let classifiers: String = item
                        .child_elements()
                        .filter(|c| c.kind == Kind::Classifier)
                        .map(|c| format!(" : <em>{}</em>", html_escape(&c.text_content())))
                        .collect();
                    out.push_str(&format!("\n<dt{id}>{more}{text}{classifiers}</dt>"));
                } else if part.kind == Kind::Definition {
                    let body = self.render_children(&part.children);
                    out.push_str(&format!("\n<dd>\n\n{body}\n\n</dd>"));
                }
            }
        }
        out.push_str("\n</dl>");
        out
    }

    fn field_list(&mut self, e: &Element) -> String {
        let fields: Vec<String> = e.child_elements().map(|f| self.field(f)).collect();
        join_blocks(fields)
    }

    /// `**Name:** body` (a one-paragraph body stays on the name's line).
    fn field(&mut self, field: &Element) -> String {
        let name = field
            .first_child(Kind::FieldName)
            .map(|n| self.inline(&n.children, InlineMode::LINE))
            .unwrap_or_default();
        let body = field.first_child(Kind::FieldBody);
        let single = body.filter(|b| {
            b.children.len() == 1
                && b.children
                    .first()
                    .is_some_and(|c| c.is_kind(Kind::Paragraph))
        });
        match (single, body) {
            (Some(b), _) => {
                let text = b
                    .first_child(Kind::Paragraph)
                    .map(|p| self.inline_after_label(p))
                    .unwrap_or_default();
                format!("{} {text}", strong(&format!("{name}:")))
            }
            (None, Some(b)) => {
                let text = self.render_children(&b.children);
                join_blocks(vec![strong(&format!("{name}:")), text])
            }
            (None, None) => strong(&format!("{name}:")),
        }
    }

    /// The inline content of a paragraph, to follow a label on the same
    /// line (its first character does not start a line).
    fn inline_after_label(&mut self, paragraph: &Element) -> String {
        let mut out = Self::anchors(paragraph.ids());
        self.at_line_start = false;
        self.inline_into(&mut out, &paragraph.children, InlineMode::MARKDOWN);
        self.at_line_start = true;
        out.trim_end().to_string()
    }

    fn option_list(&mut self, e: &Element) -> String {
        let mut items = Vec::new();
        for item in e.child_elements() {
            let options: Vec<String> = item
                .child_elements()
                .filter(|c| c.kind == Kind::OptionGroup)
                .flat_map(|g| g.child_elements())
                .map(|option| {
                    let mut text = String::new();
                    for part in option.child_elements() {
                        if part.kind == Kind::OptionArgument {
                            text.push_str(part.attrs.str("delimiter").unwrap_or(" "));
                        }
                        text.push_str(&part.text_content());
                    }
                    super::inline::code_span(&text, false)
                })
                .collect();
            let description = item.first_child(Kind::Description);
            let body = description
                .map(|d| match d.child_elements().next() {
                    Some(p) if d.children.len() == 1 && p.kind == Kind::Paragraph => {
                        self.inline_after_label(p)
                    }
                    _ => {
                        format!("\n{}", self.render_children(&d.children))
                    }
                })
                .unwrap_or_default();
            let line = format!("{}: {body}", options.join(", "));
            items.push(prefix_lines(line.trim_end(), "- ", "  "));
        }
        items.join("\n")
    }

    fn docinfo(&mut self, e: &Element) -> String {
        if !self.style.title_page.enabled || !self.style.title_page.show_docinfo {
            return String::new();
        }
        let lines: Vec<String> = e
            .child_elements()
            .map(|c| {
                if c.kind == Kind::Field {
                    self.field(c).replace("\n\n", " ")
                } else {
                    self.docinfo_line(c)
                }
            })
            .filter(|l| !l.is_empty())
            .collect();
        lines.join("\\\n")
    }

    fn docinfo_line(&mut self, e: &Element) -> String {
        let Some(&(_, label)) = DOCINFO_LABELS.iter().find(|(kind, _)| *kind == e.kind) else {
            return self.render_children(&e.children);
        };
        let value = if e.kind == Kind::Authors {
            let names: Vec<String> = e
                .child_elements()
                .map(|a| self.inline(&a.children, InlineMode::LINE))
                .collect();
            names.join(", ")
        } else {
            let mut out = String::new();
            self.at_line_start = false;
            self.inline_into(&mut out, &e.children, InlineMode::LINE);
            self.at_line_start = true;
            out.trim().to_string()
        };
        format!("{} {value}", strong(&format!("{label}:")))
    }

    fn footnote(&mut self, e: &Element) -> String {
        let label = e
            .first_child(Kind::Label)
            .map(|l| self.inline(&l.children, InlineMode::LINE))
            .unwrap_or_default();
        let backlinks: String = e
            .attrs
            .list("backrefs")
            .iter()
            .map(|r| format!(" [↩](#{})", link_destination(r)))
            .collect();
        let body: Vec<&Element> = e
            .child_elements()
            .filter(|c| c.kind != Kind::Label)
            .collect();
        let mut blocks = Vec::new();
        let head = format!(
            "{}{}",
            Self::anchors(e.ids()),
            strong(&format!("\\[{label}\\]"))
        );
        match body.split_first() {
            Some((first, rest)) if first.kind == Kind::Paragraph => {
                let text = self.inline_after_label(first);
                blocks.push(format!("{head} {text}{backlinks}"));
                for b in rest {
                    blocks.push(self.render_block(b));
                }
            }
            _ => {
                blocks.push(format!("{head}{backlinks}"));
                for b in body {
                    blocks.push(self.render_block(b));
                }
            }
        }
        join_blocks(blocks)
    }

    /// Admonitions (and sidebars) as coloured boxes or block quotes.
    pub(super) fn admonition(&mut self, e: &Element) -> String {
        let kind = e.kind.name();
        let look = self.style.admonitions.look_for(kind, e.classes());
        let own_title = e.first_child(Kind::Title);
        let title_mode = match self.style.admonition_style {
            AdmonitionStyle::Html => InlineMode::HTML,
            AdmonitionStyle::Quote => InlineMode::LINE,
        };
        let mut title = match own_title {
            Some(t) => self.inline(&t.children, title_mode),
            None if !look.title.is_empty() => match title_mode.html {
                true => html_escape(&look.title),
                false => {
                    let mut t = String::new();
                    self.push_text(&mut t, &look.title, InlineMode::LINE);
                    t
                }
            },
            None => String::new(),
        };
        if e.kind == Kind::Sidebar
            && let Some(sub) = e.first_child(Kind::Subtitle)
        {
            let sub = self.inline(&sub.children, title_mode);
            title = format!("{title} — {sub}");
        }
        let icon = if look.icon.is_empty() || title.is_empty() {
            String::new()
        } else {
            format!("{} ", html_escape(&look.icon))
        };
        let body = self.box_body(&e.children, &[Kind::Title, Kind::Subtitle]);
        let anchors = Self::anchors(e.ids());
        match self.style.admonition_style {
            AdmonitionStyle::Html => {
                let mut classes = vec!["admonition".to_string(), kind.to_string()];
                classes.extend(e.classes().iter().cloned());
                classes.dedup();
                let text_color = &self.style.colors.text;
                let box_style = format!(
                    "background-color: {}; border: 1px solid {}; border-left-width: 5px; border-radius: 4px; color: {}; margin: 1em 0; padding: 0.5em 1em",
                    look.background, look.color, text_color
                );
                let mut out = format!(
                    "<div class=\"{}\" style=\"{}\">",
                    html_escape(&classes.join(" ")),
                    html_escape(&box_style)
                );
                out.push_str(&anchors);
                if !title.is_empty() {
                    out.push_str(&format!(
                        "\n<p style=\"color: {}; font-weight: bold; margin-top: 0\">{icon}{title}</p>",
                        html_escape(&look.color)
                    ));
                }
                if !body.is_empty() {
                    out.push_str(&format!("\n\n{body}\n"));
                }
                out.push_str("\n</div>");
                out
            }
            AdmonitionStyle::Quote => {
                let head = if title.is_empty() {
                    anchors
                } else {
                    format!("{anchors}{}", strong(&format!("{icon}{title}")))
                };
                let text = join_blocks(vec![head, body]);
                prefix_lines(&text, "> ", "> ")
            }
        }
    }

    fn toctree(&mut self, e: &Element) -> String {
        if e.attrs.flag("hidden") {
            return String::new();
        }
        let entries = list_attribute(e, "entries");
        let titles = list_attribute(e, "titles");
        let maxdepth = e
            .attrs
            .int("maxdepth")
            .filter(|d| *d > 0)
            .unwrap_or(i64::MAX);
        let mut lines = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            let outline = self.outlines.and_then(|o| o.get(entry));
            let title = titles
                .get(i)
                .filter(|t| !t.is_empty())
                .cloned()
                .or_else(|| outline.map(|o| o.title.clone()))
                .unwrap_or_else(|| entry.clone());
            let href = if entry.contains("://") {
                entry.clone()
            } else {
                self.doc_href(entry, None)
            };
            let mut text = String::new();
            self.at_line_start = false;
            self.push_text(&mut text, &title, InlineMode::LINE);
            lines.push(format!("- [{text}]({})", link_destination(&href)));
            for section in outline.map(|o| o.sections.as_slice()).unwrap_or(&[]) {
                if i64::try_from(section.depth).unwrap_or(i64::MAX) >= maxdepth {
                    continue;
                }
                let mut text = String::new();
                self.at_line_start = false;
                self.push_text(&mut text, &section.title, InlineMode::LINE);
                let href = self.doc_href(entry, Some(&section.id));
                let indent = "  ".repeat(section.depth);
                lines.push(format!("{indent}- [{text}]({})", link_destination(&href)));
            }
        }
        self.at_line_start = true;
        let list = lines.join("\n");
        match e.attrs.str("caption") {
            Some(caption) => {
                let mut text = String::new();
                self.push_text(&mut text, caption, InlineMode::LINE);
                join_blocks(vec![strong(&text), list])
            }
            None => list,
        }
    }
}

/// A list attribute. A string holding docutils' escaped spaces (`a\\ b c`,
/// as pseudo-XML prints lists) is split the way docutils joins it.
fn list_attribute(e: &Element, key: &str) -> Vec<String> {
    match e.attrs.get(key) {
        Some(crate::ir::AttrValue::Str(s)) if s.contains("\\ ") || !s.contains(' ') => {
            let mut items = Vec::new();
            let mut current = String::new();
            let mut chars = s.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => current.extend(chars.next()),
                    ' ' => {
                        if !current.is_empty() {
                            items.push(std::mem::take(&mut current));
                        }
                    }
                    c => current.push(c),
                }
            }
            if !current.is_empty() {
                items.push(current);
            }
            items
        }
        _ => e.attrs.list(key).to_vec(),
    }
}

/// A list item that needs no blank lines around it: one paragraph,
/// optionally followed by nested lists.
fn is_compact_item(item: &Element) -> bool {
    let mut elements = item.child_elements();
    match elements.next() {
        None => true,
        Some(first) if first.kind == Kind::Paragraph => elements.all(|e| {
            matches!(e.kind, Kind::BulletList | Kind::EnumeratedList)
                && e.attrs.str("enumtype").is_none_or(|t| t == "arabic")
        }),
        Some(_) => false,
    }
}

/// The labels of docutils' bibliographic fields (its English labels).
const DOCINFO_LABELS: [(Kind, &str); 10] = [
    (Kind::Author, "Author"),
    (Kind::Authors, "Authors"),
    (Kind::Organization, "Organization"),
    (Kind::Address, "Address"),
    (Kind::Contact, "Contact"),
    (Kind::Version, "Version"),
    (Kind::Revision, "Revision"),
    (Kind::Status, "Status"),
    (Kind::Date, "Date"),
    (Kind::Copyright, "Copyright"),
];

/// The first id as an `id` attribute, the others as anchors.
fn split_ids(ids: &[String]) -> (String, String) {
    match ids.split_first() {
        Some((first, rest)) => (
            format!(" id=\"{}\"", html_escape(first)),
            MarkdownWriter::anchors(rest),
        ),
        None => (String::new(), String::new()),
    }
}

/// A length for CSS: bare numbers are pixels (docutils' default unit).
fn css_length(value: &str) -> String {
    let value = value.trim();
    if !value.is_empty() && value.chars().all(|c| c.is_ascii_digit() || c == '.') {
        format!("{value}px")
    } else {
        value.to_string()
    }
}

/// Display math: `$$ ... $$`, numbered with `\tag` (MathJax's AMS tags);
/// equations separated by blank lines each get their own display;
/// multi-line ones are aligned (Sphinx wraps them the same way).
fn math_block(e: &Element) -> String {
    let latex = e.text_content();
    if e.attrs.flag("nowrap") {
        return latex.trim().to_string();
    }
    let number = e
        .attrs
        .str("number")
        .map(str::to_string)
        .or_else(|| e.attrs.int("number").map(|n| n.to_string()));
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in latex.lines() {
        if line.trim().is_empty() {
            if !current.trim().is_empty() {
                parts.push(std::mem::take(&mut current));
            }
            current.clear();
        } else {
            if !current.is_empty() {
                current.push('\n');
            }
            current.push_str(line.trim_end());
        }
    }
    if !current.trim().is_empty() {
        parts.push(current);
    }
    let displays: Vec<String> = parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let body = if part.contains("\\\\") && !part.contains("\\begin") {
                format!("\\begin{{aligned}}\n{part}\n\\end{{aligned}}")
            } else {
                part.clone()
            };
            let tag = match (&number, i) {
                (Some(n), 0) => format!(" \\tag{{{n}}}"),
                _ => String::new(),
            };
            format!("$$\n{body}{tag}\n$$")
        })
        .collect();
    displays.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceMap;
    use crate::ir::Span;
    use crate::style::{ShellCells, Style};
    use crate::write::Format;

    fn render(e: Element) -> String {
        let doc = Document {
            root: Element::new(Kind::Document, Span::NONE),
            sources: SourceMap::new(),
        };
        let style = Style::defaults().ipynb;
        let build = BuildInfo::single(Format::Ipynb, "t", std::path::Path::new("."));
        let code = CodeContext {
            kernel_language: "python",
            shell_cells: ShellCells::Text,
        };
        let mut md = MarkdownWriter::new(&doc, &style, &build, code, "t".into());
        md.block(&e).text
    }

    fn para(text: &str) -> Element {
        Element::new(Kind::Paragraph, Span::NONE).with_text(text)
    }

    #[test]
    fn ipynb_over_indented_admonition_body_is_not_a_quote() {
        let quote = Element::new(Kind::BlockQuote, Span::NONE).with_child(para("Body."));
        let note = Element::new(Kind::Note, Span::NONE).with_child(quote.clone());
        let text = render(note);
        assert!(text.contains("\n\nBody.\n"), "{text}");
        assert!(!text.contains("> "), "{text}");
        // A quotation at the top level stays one.
        assert_eq!(render(quote), "> Body.");
    }

    #[test]
    fn ipynb_lettered_list_is_tight_html() {
        let item = |t: &str| Element::new(Kind::ListItem, Span::NONE).with_child(para(t));
        let list = Element::new(Kind::EnumeratedList, Span::NONE)
            .with_attr("enumtype", "loweralpha")
            .with_attr("start", 2i64)
            .with_child(item("x < y"))
            .with_child(item("z"));
        assert_eq!(
            render(list),
            "<ol type=\"a\" start=\"2\">\n<li>x &lt; y</li>\n<li>z</li>\n</ol>"
        );
    }

    #[test]
    fn ipynb_numbered_equation_has_tag_and_anchor() {
        let math = Element::new(Kind::MathBlock, Span::NONE)
            .with_attr("ids", vec!["equation-e".to_string()])
            .with_attr("number", "3")
            .with_text("a = b \\\\\nc = d");
        assert_eq!(
            render(math),
            "<a id=\"equation-e\"></a>\n\n$$\n\\begin{aligned}\na = b \\\\\nc = d\n\\end{aligned} \\tag{3}\n$$"
        );
    }

    #[test]
    fn ipynb_prefix_lines_keeps_blank_lines_clean() {
        assert_eq!(prefix_lines("a\n\nb", "- ", "  "), "- a\n\n  b");
        assert_eq!(prefix_lines("a\n\nb", "> ", "> "), "> a\n>\n> b");
        assert_eq!(prefix_lines("", "- ", "  "), "-");
        assert_eq!(prefix_lines("\nä\n", "1. ", "   "), "1.\n   ä\n");
    }

    #[test]
    fn ipynb_fence_outlasts_backticks() {
        assert_eq!(fenced_code("python", "x\n"), "```python\nx\n```");
        assert_eq!(fenced_code("", "a ```` b"), "`````\na ```` b\n`````");
    }
}
