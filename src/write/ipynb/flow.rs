//! The top-level walk: the document's blocks in order, cut into cells.
//!
//! Sections start new markdown cells down to the style's `section_level`;
//! code blocks in the kernel's language at the top level of the flow
//! (directly in a section, or in a transparent wrapper such as a captioned
//! code container, `only` or `container`) become code cells; exercises may
//! get an answer cell after them. Everything else is one markdown block.

use crate::diag::Diagnostic;
use crate::ir::{Element, Kind};
use crate::style::IpynbStyle;

use super::cells::{Cell, CellBuilder, MarkdownBlock};
use super::code::{CodeForm, code_form};
use super::inline::{InlineMode, strong};
use super::markdown::{MarkdownWriter, fenced_code};

/// The tag put on exercise answer cells (`metadata.tags`).
pub const ANSWER_TAG: &str = "answer";

/// Walks one document into cells.
pub struct Flow<'a> {
    md: MarkdownWriter<'a>,
    cells: CellBuilder,
    style: &'a IpynbStyle,
    /// 1 when the document has a title (`#`), so top sections are `##`.
    heading_offset: usize,
    /// Section counters per depth, for `headings.numbering`.
    section_numbers: Vec<usize>,
}

impl<'a> Flow<'a> {
    /// A walk writing through `md`, cut into cells by `style`.
    pub fn new(md: MarkdownWriter<'a>, style: &'a IpynbStyle) -> Flow<'a> {
        Flow {
            md,
            cells: CellBuilder::new(style.cells.max_lines),
            style,
            heading_offset: 0,
            section_numbers: Vec::new(),
        }
    }

    /// The cells of the document under `root`, and the problems found.
    pub fn run(
        mut self,
        root: &Element,
        last: Option<MarkdownBlock>,
    ) -> (Vec<Cell>, Vec<Diagnostic>) {
        self.heading_offset = usize::from(root.first_child(Kind::Title).is_some());
        let mut footers = Vec::new();
        for child in root.child_elements() {
            if child.kind == Kind::Decoration {
                // The header opens the notebook; the footer closes it.
                for part in child.child_elements() {
                    if part.kind == Kind::Footer {
                        footers.push(part);
                    } else {
                        self.flow(part, 0, root);
                    }
                }
                continue;
            }
            self.flow(child, 0, root);
        }
        for footer in footers {
            self.cells.break_markdown();
            let block = self.md.block(footer);
            self.cells.push_markdown(block);
        }
        if let Some(block) = last {
            self.cells.break_markdown();
            self.cells.push_markdown(block);
        }
        let diagnostics = self.md.take_diagnostics();
        (self.cells.finish(), diagnostics)
    }

    fn push_block(&mut self, e: &Element) {
        let block = self.md.block(e);
        self.cells.push_markdown(block);
    }

    fn push_text(&mut self, text: String) {
        let block = self.md.finish_block(text);
        self.cells.push_markdown(block);
    }

    /// Flow the children of a transparent wrapper.
    fn flow_children(&mut self, e: &Element, depth: usize, root: &Element) {
        if !e.ids().is_empty() {
            self.push_text(MarkdownWriter::anchors(e.ids()));
        }
        for child in e.child_elements() {
            self.flow(child, depth, root);
        }
    }

    /// `1.2`-style number of a section at `level` when the style numbers
    /// headings and the title has no number of its own (`sectnum`).
    fn section_number(&mut self, level: usize, title: &Element) -> String {
        let numbering = &self.style.headings;
        if !numbering.numbering || level > numbering.numbering_depth {
            return String::new();
        }
        self.section_numbers.resize(level, 0);
        if let Some(last) = self.section_numbers.last_mut() {
            *last += 1;
        }
        if title.first_child(Kind::Generated).is_some() {
            return String::new();
        }
        let parts: Vec<String> = self.section_numbers.iter().map(usize::to_string).collect();
        parts.join(".")
    }

    fn is_exercise(&self, e: &Element) -> bool {
        e.classes().iter().any(|class| {
            self.style
                .exercises
                .classes
                .iter()
                .any(|c| c.eq_ignore_ascii_case(class))
        })
    }

    fn flow(&mut self, e: &Element, depth: usize, root: &Element) {
        match e.kind {
            Kind::Section => {
                let level = depth + 1;
                let new_cell = level <= self.style.cells.section_level;
                match e.first_child(Kind::Title) {
                    Some(title) => {
                        let number = self.section_number(level, title);
                        let level = level + self.heading_offset;
                        let block = self.md.heading(title, level, e.ids(), &number);
                        self.cells.push_heading(block, new_cell);
                    }
                    None if new_cell => self.cells.break_markdown(),
                    None => {}
                }

                for child in e.child_elements().filter(|c| c.kind != Kind::Title) {
                    self.flow(child, level, root);
                }
            }
            Kind::Title if depth == 0 => {
                let block = self.md.heading(e, 1, root.ids(), "");
                self.cells.push_heading(block, false);
            }
            Kind::LiteralBlock | Kind::DoctestBlock => match code_form(e, self.md.code) {
                CodeForm::Cell(source) => {
                    if !e.ids().is_empty() {
                        self.push_text(MarkdownWriter::anchors(e.ids()));
                    }
                    self.cells.push_code(&source, Vec::new());
                }
                CodeForm::Fenced { info, text } => {
                    let mut block = MarkdownWriter::anchors(e.ids());
                    if !block.is_empty() {
                        block.push_str("\n\n");
                    }
                    block.push_str(&fenced_code(&info, &text));
                    self.push_text(block);
                }
            },
            Kind::Container if e.has_class("literal-block-wrapper") => {
                for child in e.child_elements() {
                    if child.kind == Kind::Caption {
                        let text = self.md.inline(&child.children, InlineMode::MARKDOWN);
                        self.push_text(format!(
                            "{}{}",
                            MarkdownWriter::anchors(e.ids()),
                            strong(&text)
                        ));
                    } else {
                        self.flow(child, depth, root);
                    }
                }
            }
            Kind::Container | Kind::Compound | Kind::Only => self.flow_children(e, depth, root),
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
            | Kind::Seealso => {
                self.push_block(e);
                if self.style.exercises.answer_cells && self.is_exercise(e) {
                    let answer = self.style.exercises.answer_text.clone();
                    self.cells.push_code(&answer, vec![ANSWER_TAG.to_string()]);
                }
            }
            Kind::Document
            | Kind::Topic
            | Kind::Sidebar
            | Kind::Transition
            | Kind::Decoration
            | Kind::Header
            | Kind::Footer
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
            | Kind::MathBlock
            | Kind::LineBlock
            | Kind::Line
            | Kind::BlockQuote
            | Kind::Attribution
            | Kind::Comment
            | Kind::SubstitutionDefinition
            | Kind::Target
            | Kind::Raw
            | Kind::Pending
            | Kind::Meta
            | Kind::Image
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
            | Kind::SystemMessage
            | Kind::Emphasis
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
            | Kind::Toctree
            | Kind::VersionModified
            | Kind::Glossary
            | Kind::Hlist
            | Kind::Hlistcol
            | Kind::Centered
            | Kind::Index
            | Kind::PendingXref
            | Kind::DownloadReference
            | Kind::LiteralStrong => self.push_block(e),
        }
    }
}
