//! THE body renderer: a resolved document → semantic HTML5 markup, shared
//! by the HTML writer (pages) and the EPUB writer (XHTML content
//! documents).
//!
//! The output is polyglot (see [`super::markup`]): escaped text, quoted
//! attributes, self-closed void elements, no named entities, MathML with
//! its namespace. It holds the body only (no `<html>`, `<head>`, `<body>`):
//! callers wrap it in their page template.
//!
//! Everything that differs between HTML and EPUB is in [`BodyOptions`]:
//! how cross-document links and images are addressed, and whether
//! footnotes carry EPUB's `epub:type` semantics (EPUB 3.3 §"Structural
//! semantics": `noteref` / `footnote`).
//!
//! Node mapping (docutils' HTML5 writer is the model, never the code):
//! sections are `<section id>` with `<h2>`…`<h6>` and a permalink,
//! admonitions `<aside class="admonition KIND CLASSES">` with a title,
//! figures `<figure>` + `<figcaption>`, tables `<table>` with `<caption>`,
//! `<thead>` and row/column spans, footnotes and citations with back-links,
//! `:kbd:` as `<kbd>`, abbreviations as `<abbr title>`, math as MathML.

use std::borrow::Cow;

use smallvec::SmallVec;

use crate::diag::{Diagnostic, Severity};
use crate::ir::{Document, Element, Kind, Node, Span};
use crate::math::{self, Display};
use crate::style::{Admonitions, CodeStyle};
use crate::write::active_url::is_active_url;

use super::code::{CodeBlock, emphasized_lines, write_code_block};
use super::css::class_name;
use super::markup::{Landmarks, Markup, MarkupError};

/// What a referenced file is used as (images may be embedded as data URIs;
/// downloads never are).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssetKind {
    Image,
    Download,
}

/// How the body is rendered; everything that differs between the HTML and
/// EPUB writers.
pub struct BodyOptions<'a> {
    /// Admonition titles per kind and class (`style.admonitions`).
    pub admonitions: &'a Admonitions,
    /// Code block settings (`style.code`: tab width, line numbers).
    pub code: &'a CodeStyle,
    /// The address of another document of the course (`refdoc`), and of a
    /// place in it (`refid`): `parallel-loops.html#x` for HTML, a chapter
    /// file for EPUB.
    pub link_for_doc: &'a dyn Fn(&str, Option<&str>) -> String,
    /// The `src`/`href` for a file the document refers to (an image `uri`
    /// or a download's `reftarget`, as written in the source), or `None`
    /// when the file is missing (a warning and a visible placeholder).
    pub asset_href: &'a dyn Fn(&str, AssetKind) -> Option<String>,
    /// Mark footnote references and footnotes with `epub:type="noteref"` /
    /// `"footnote"` (EPUB pop-up footnotes). The page must then declare the
    /// `epub` namespace on its root.
    pub footnotes_as_epub_asides: bool,
    /// Add a `¶` permalink to every heading and numbered equation.
    pub permalinks: bool,
    /// Pass `raw` HTML through (`.. raw:: html`); false in `--safe` mode
    /// and for XHTML, where unchecked markup could break the document.
    pub allow_raw_html: bool,
    /// What an image without alt text gets.
    pub missing_alt: MissingAlt,
    /// Note the ids and links written ([`BodyOutput::landmarks`]).
    pub record_landmarks: bool,
}

/// The text alternative of an image whose `alt` is missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MissingAlt {
    /// Its `uri` (docutils' HTML writer does the same).
    Uri,
    /// Its figure's caption, else its file name, with a warning: EPUB
    /// Accessibility 1.1 §4.2 (WCAG 1.1.1) wants every image described,
    /// and a blank `alt` counts as missing.
    CaptionOrFileName,
}

/// What [`render_body`] produces.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BodyOutput {
    /// The body markup.
    pub html: String,
    /// Problems found while rendering (missing images, math that does not
    /// convert), with the file and line of the node.
    pub diagnostics: Vec<Diagnostic>,
    /// Every asset the body refers to and that exists, as written in the
    /// source (image `uri`s, download targets), first use first, no
    /// duplicates: the caller copies or packages them.
    pub assets: Vec<(String, AssetKind)>,
    /// With [`BodyOptions::record_landmarks`]: the ids the markup defines
    /// and its links, as an XML reader of it would find them.
    pub landmarks: Option<Result<Landmarks, MarkupError>>,
}

/// Render the body of `doc`.
pub fn render_body(doc: &Document, options: &BodyOptions) -> BodyOutput {
    render_body_part(doc, &doc.root.children, true, options)
}

/// Render a run of `doc`'s root children (`children`, borrowed from it) as
/// a body of its own, with the root's ids anchored at its start when
/// `root_ids`: an EPUB chapter, cut without copying the tree.
pub fn render_body_part(
    doc: &Document,
    children: &[Node],
    root_ids: bool,
    options: &BodyOptions,
) -> BodyOutput {
    let mut r = Renderer {
        doc,
        options,
        m: if options.record_landmarks {
            Markup::recording()
        } else {
            Markup::new()
        },
        diagnostics: Vec::new(),
        assets: Vec::new(),
        section_depth: 0,
        figure_caption: None,
    };
    let ids = if root_ids { doc.root.ids() } else { &[] };
    r.write_root(ids, children);
    let (html, landmarks) = r.m.finish_recorded();
    BodyOutput {
        html,
        diagnostics: r.diagnostics,
        assets: r.assets,
        landmarks,
    }
}

/// The inline rendering of a title-like element (for page `<title>`s and
/// navigation), as plain text.
pub fn plain_title(el: &Element) -> String {
    el.text_content()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

struct Renderer<'a> {
    doc: &'a Document,
    options: &'a BodyOptions<'a>,
    m: Markup,
    diagnostics: Vec<Diagnostic>,
    assets: Vec<(String, AssetKind)>,
    /// Number of enclosing sections (0 at the document level).
    section_depth: usize,
    /// The caption of the figure being rendered, normalised, for
    /// [`MissingAlt::CaptionOrFileName`].
    figure_caption: Option<String>,
}

/// HTML's inline elements that a role of the same name stands for
/// (`.. role:: mark`, docutils' standard `<html-roles.txt>`): such a role
/// is written as that element, as docutils' HTML5 writer does, rather than
/// as a `<span>` with the class.
const HTML_ELEMENT_ROLES: &[&str] = &[
    "b", "bdi", "del", "dfn", "i", "ins", "mark", "q", "s", "small", "u", "var",
];

/// The element for an `inline` whose only class names one.
fn html_element_role(el: &Element) -> Option<&'static str> {
    match el.classes() {
        [class] => HTML_ELEMENT_ROLES.iter().copied().find(|t| t == class),
        _ => None,
    }
}

/// A class attribute value: fixed classes then the element's own, each
/// once. Most elements have one fixed class and none of their own: that
/// class is returned as it is, without building a string.
fn class_list<'a>(fixed: &[&'a str], el: &'a Element) -> Cow<'a, str> {
    let mut classes: SmallVec<[&str; 4]> =
        fixed.iter().copied().filter(|c| !c.is_empty()).collect();
    for class in el.classes() {
        if !classes.contains(&class.as_str()) {
            classes.push(class);
        }
    }
    match classes.as_slice() {
        [] => Cow::Borrowed(""),
        [one] => Cow::Borrowed(*one),
        many => Cow::Owned(many.join(" ")),
    }
}

/// Whether a list can be shown compactly: every item holds at most one
/// paragraph, besides nested lists (docutils' "simple list" rule).
fn is_compact_list(list: &Element) -> bool {
    list.child_elements().all(|item| {
        let mut paragraphs = 0;
        item.child_elements().all(|child| match child.kind {
            Kind::Paragraph => {
                paragraphs += 1;
                paragraphs <= 1
            }
            Kind::BulletList | Kind::EnumeratedList => is_compact_list(child),
            _ => false,
        })
    })
}

/// The class of an enumerated list's numbering (its `enumtype`, which
/// the CSS theme maps to a counter style).
fn list_style(enumtype: &str) -> Option<&'static str> {
    match enumtype {
        "arabic" => Some("arabic"),
        "loweralpha" => Some("loweralpha"),
        "upperalpha" => Some("upperalpha"),
        "lowerroman" => Some("lowerroman"),
        "upperroman" => Some("upperroman"),
        _ => None,
    }
}

/// A length from an image attribute as CSS: `60%`, `100px`, `3em`; a bare
/// number is pixels.
fn css_length(value: &str) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let number_end = value
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(value.len());
    let (number, unit) = value.split_at(number_end);
    if number.parse::<f64>().is_err() {
        return None;
    }
    let unit = unit.trim();
    let unit = match unit {
        "" => "px",
        "px" | "%" | "em" | "ex" | "pt" | "pc" | "cm" | "mm" | "in" | "rem" | "ch" | "vw"
        | "vh" => unit,
        _ => return None,
    };
    Some(format!("{number}{unit}"))
}

/// The title docinfo fields get in the docinfo list.
fn docinfo_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Author => "Author",
        Kind::Authors => "Authors",
        Kind::Organization => "Organization",
        Kind::Address => "Address",
        Kind::Contact => "Contact",
        Kind::Version => "Version",
        Kind::Revision => "Revision",
        Kind::Status => "Status",
        Kind::Date => "Date",
        Kind::Copyright => "Copyright",
        _ => "",
    }
}

impl<'a> Renderer<'a> {
    // --- helpers ------------------------------------------------------------

    fn warn(&mut self, span: Span, code: &'static str, message: String) {
        let file = self.doc.sources.name(span.file);
        let chain = self.doc.sources.include_chain(span.file);
        self.diagnostics.push(
            Diagnostic::new(Severity::Warning, code, file, span.line, span.col, message)
                .with_chain(chain),
        );
    }

    /// Empty anchors for every id but the first (which goes on the element).
    fn extra_ids(&mut self, el: &Element) {
        for id in el.ids().iter().skip(1) {
            self.m.open("span", &[("id", id)]);
            self.m.close("span");
        }
    }

    /// Open `tag` with the element's first id and its classes (plus fixed
    /// classes), then anchors for its other ids.
    fn open_with(&mut self, tag: &'static str, fixed: &[&str], el: &Element) {
        self.open_with_extra(tag, fixed, el, &[]);
    }

    fn open_with_extra(
        &mut self,
        tag: &'static str,
        fixed: &[&str],
        el: &Element,
        extra: &[(&str, &str)],
    ) {
        let class = class_list(fixed, el);
        let mut attrs: SmallVec<[(&str, &str); 6]> = SmallVec::new();
        if let Some(id) = el.ids().first() {
            attrs.push(("id", id));
        }
        if !class.is_empty() {
            attrs.push(("class", &class));
        }
        attrs.extend_from_slice(extra);
        self.m.open(tag, &attrs);
        self.extra_ids(el);
    }

    fn children(&mut self, el: &Element) {
        for child in &el.children {
            self.node(child);
        }
    }

    fn node(&mut self, node: &Node) {
        match node {
            Node::Text(t) => self.m.text(&t.text),
            Node::Element(e) => self.element(e),
        }
    }

    /// Children, but a lone paragraph is shown as its inline content
    /// (compact list items and table cells).
    fn compact_children(&mut self, el: &Element, compact: bool) {
        for child in &el.children {
            match child {
                Node::Element(p) if compact && p.kind == Kind::Paragraph => {
                    self.extra_ids_all(p);
                    self.children(p);
                }
                other => self.node(other),
            }
        }
    }

    /// Anchors for every id of an element whose own tag is dropped.
    fn extra_ids_all(&mut self, el: &Element) {
        for id in el.ids() {
            self.m.open("span", &[("id", id)]);
            self.m.close("span");
        }
    }

    /// A block wrapping its children.
    fn block(&mut self, tag: &'static str, fixed: &[&str], el: &Element) {
        self.m.newline();
        self.open_with(tag, fixed, el);
        self.children(el);
        self.m.close(tag);
        self.m.newline();
    }

    /// An inline element wrapping its children.
    fn inline(&mut self, tag: &'static str, fixed: &[&str], el: &Element) {
        self.open_with(tag, fixed, el);
        self.children(el);
        self.m.close(tag);
    }

    /// A role named after one of HTML's inline elements: that element,
    /// its class dropped (it is the element's name).
    fn html_element(&mut self, tag: &'static str, el: &Element) {
        let mut attrs: Vec<(&str, &str)> = Vec::new();
        if let Some(id) = el.ids().first() {
            attrs.push(("id", id));
        }
        self.m.open(tag, &attrs);
        self.extra_ids(el);
        self.children(el);
        self.m.close(tag);
    }

    fn permalink(&mut self, id: &str, what: &str) {
        if !self.options.permalinks {
            return;
        }
        let href = ["#", id].concat();
        let label = ["Permalink to this ", what].concat();
        self.m.element_text(
            "a",
            &[
                ("class", "headerlink"),
                ("href", &href),
                ("title", &label),
                ("aria-label", &label),
            ],
            "¶",
        );
    }

    // --- the document -------------------------------------------------------

    fn write_root(&mut self, ids: &[String], children: &[Node]) {
        for id in ids {
            self.m.open("span", &[("id", id)]);
            self.m.close("span");
        }
        let first_child = |kind: Kind| {
            children
                .iter()
                .find_map(|n| n.as_element().filter(|e| e.kind == kind))
        };
        let decoration = first_child(Kind::Decoration);
        if let Some(header) = decoration.and_then(|d| d.first_child(Kind::Header)) {
            self.block("div", &["document-header"], header);
        }
        // The title and subtitle (promoted by the resolve passes) open the
        // body, wherever they sit among the root's children.
        let title = first_child(Kind::Title);
        let subtitle = first_child(Kind::Subtitle);
        if title.is_some() || subtitle.is_some() {
            self.m.newline();
            self.m.open("header", &[("class", "document-title")]);
            if let Some(title) = title {
                self.m.newline();
                self.open_with("h1", &["title"], title);
                self.children(title);
                self.m.close("h1");
            }
            if let Some(subtitle) = subtitle {
                self.m.newline();
                self.open_with("p", &["subtitle"], subtitle);
                self.children(subtitle);
                self.m.close("p");
            }
            self.m.newline();
            self.m.close("header");
            self.m.newline();
        }
        for child in children {
            match child.kind() {
                Some(Kind::Decoration | Kind::Title | Kind::Subtitle) => {}
                _ => self.node(child),
            }
        }
        if let Some(footer) = decoration.and_then(|d| d.first_child(Kind::Footer)) {
            self.block("div", &["document-footer"], footer);
        }
        self.m.newline();
    }
}

impl<'a> Renderer<'a> {
    /// The one dispatch over node kinds: exhaustive, no catch-all arm.
    fn element(&mut self, el: &Element) {
        match el.kind {
            // --- structural ---
            Kind::Document => self.children(el),
            Kind::Section => self.section(el),
            Kind::Topic => self.topic(el),
            Kind::Sidebar => self.sidebar(el),
            Kind::Transition => {
                self.m.newline();
                self.m.void("hr", &[]);
                self.m.newline();
            }

            // --- decorative (placed by write_root; elsewhere in flow) ---
            Kind::Decoration => self.children(el),
            Kind::Header => self.block("div", &["document-header"], el),
            Kind::Footer => self.block("div", &["document-footer"], el),

            // --- bibliographic ---
            Kind::Docinfo => self.docinfo(el),
            Kind::Author
            | Kind::Authors
            | Kind::Organization
            | Kind::Address
            | Kind::Contact
            | Kind::Version
            | Kind::Revision
            | Kind::Status
            | Kind::Date
            | Kind::Copyright => self.docinfo_value(el),

            // --- titles (their parents place them; these are strays) ---
            Kind::Title => self.stray_block("p", "title", el),
            Kind::Subtitle => self.stray_block("p", "subtitle", el),
            Kind::Rubric => self.stray_block("p", "rubric", el),

            // --- simple body elements ---
            Kind::Paragraph => {
                self.m.newline();
                self.inline("p", &[], el);
                self.m.newline();
            }
            Kind::LiteralBlock => self.literal_block(el),
            Kind::DoctestBlock => {
                self.m.newline();
                let text = el.text_content();
                let block = CodeBlock {
                    code: &text,
                    language: Some("pycon"),
                    line_numbers: false,
                    first_line_number: 1,
                    emphasized: Vec::new(),
                    tab_width: self.options.code.tab_width,
                    class: "doctest-block",
                };
                self.ids_before(el);
                write_code_block(&mut self.m, &block);
                self.m.newline();
            }
            Kind::MathBlock => self.math_block(el),
            Kind::LineBlock => self.block("div", &["line-block"], el),
            Kind::Line => {
                self.m.newline();
                self.open_with("div", &["line"], el);
                if el.children.is_empty() {
                    self.m.void("br", &[]);
                } else {
                    self.children(el);
                }
                self.m.close("div");
            }
            Kind::BlockQuote => self.block("blockquote", &[], el),
            Kind::Attribution => {
                self.m.newline();
                self.open_with("p", &["attribution"], el);
                self.m.text("— ");
                self.children(el);
                self.m.close("p");
            }
            // Comments and substitution definitions are source-only.
            Kind::Comment | Kind::SubstitutionDefinition => {}
            Kind::Target => self.target(el),
            Kind::Raw => self.raw(el),
            // Not resolved: nothing to show (its instruction was for a pass).
            Kind::Pending => {}
            // `meta` goes into the page head (see the page template).
            Kind::Meta => {}
            Kind::Image => self.image(el),

            // --- compound body elements ---
            Kind::Compound => self.block("div", &["compound"], el),
            Kind::Container => self.container(el),
            Kind::BulletList => self.list("ul", el),
            Kind::EnumeratedList => self.list("ol", el),
            Kind::ListItem => self.list_item(el, false),
            Kind::DefinitionList => self.definition_list(el),
            Kind::DefinitionListItem => self.definition_list_item(el),
            Kind::Term => self.inline("dt", &[], el),
            Kind::Classifier => self.inline("span", &["classifier"], el),
            Kind::Definition => self.block("dd", &[], el),
            Kind::FieldList => self.field_list(el, &["field-list"]),
            Kind::Field => self.field(el),
            Kind::FieldName => self.inline("dt", &[], el),
            Kind::FieldBody => self.block("dd", &[], el),
            Kind::OptionList => self.option_list(el),
            Kind::OptionListItem => self.option_list_item(el),
            Kind::OptionGroup => self.option_group(el),
            Kind::OptionNode => self.inline("span", &["option"], el),
            Kind::OptionString => self.inline("span", &["option-string"], el),
            Kind::OptionArgument => {
                let delimiter = el.attrs.str("delimiter").unwrap_or(" ").to_string();
                self.m.text(&delimiter);
                self.inline("var", &[], el);
            }
            Kind::Description => self.block("dd", &[], el),
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
            | Kind::Seealso => self.admonition(el),
            Kind::Footnote => self.footnote(el, "footnote"),
            Kind::Citation => self.footnote(el, "citation"),
            Kind::Label => self.inline("span", &["label"], el),
            Kind::Figure => self.figure(el),
            Kind::Caption => self.stray_block("p", "caption", el),
            Kind::Legend => self.block("div", &["legend"], el),
            Kind::Table => self.table(el),
            Kind::Tgroup => self.tgroup(el),
            Kind::Colspec => {}
            Kind::Thead => self.table_section("thead", el),
            Kind::Tbody => self.table_section("tbody", el),
            Kind::Row => self.row(el, false, 0),
            Kind::Entry => self.entry(el, "td", false),
            // Reported on stderr; only an anchor stays for back-links.
            Kind::SystemMessage => {
                if let Some(id) = el.ids().first() {
                    self.m.newline();
                    self.m
                        .open("div", &[("id", id), ("class", "system-message")]);
                    self.m.close("div");
                }
            }

            // --- inline ---
            Kind::Emphasis => self.inline("em", &[], el),
            Kind::Strong => self.inline("strong", &[], el),
            Kind::Literal => self.literal(el),
            Kind::Reference => self.reference(el),
            Kind::FootnoteReference => self.note_reference(el, "footnote-reference"),
            Kind::CitationReference => self.note_reference(el, "citation-reference"),
            Kind::SubstitutionReference => self.children(el),
            Kind::TitleReference => self.inline("cite", &[], el),
            Kind::Abbreviation | Kind::Acronym => {
                let explanation = el.attrs.str("explanation").unwrap_or("").to_string();
                if explanation.is_empty() {
                    self.inline("abbr", &[], el);
                } else {
                    self.open_with_extra("abbr", &[], el, &[("title", &explanation)]);
                    self.children(el);
                    self.m.close("abbr");
                }
            }
            Kind::Superscript => self.inline("sup", &[], el),
            Kind::Subscript => self.inline("sub", &[], el),
            Kind::Math => self.inline_math(el),
            Kind::Inline => match html_element_role(el) {
                Some(tag) => self.html_element(tag, el),
                None => self.inline("span", &[], el),
            },
            Kind::Problematic => {
                self.open_with_extra(
                    "span",
                    &["problematic"],
                    el,
                    &[("title", "This markup has a problem: see the build report")],
                );
                self.children(el);
                self.m.close("span");
            }
            Kind::Generated => self.inline("span", &["generated"], el),

            // --- Sphinx subset ---
            Kind::Toctree => self.toctree(el),
            Kind::VersionModified => {
                let kind = el
                    .attrs
                    .str("type")
                    .unwrap_or("versionmodified")
                    .to_string();
                self.block("div", &["versionmodified", &kind], el);
            }
            Kind::Glossary => self.block("div", &["glossary"], el),
            Kind::Hlist => self.block("div", &["hlist"], el),
            Kind::Hlistcol => self.block("div", &["hlistcol"], el),
            Kind::Centered => {
                self.m.newline();
                self.open_with("p", &["centered"], el);
                self.m.open("strong", &[]);
                self.children(el);
                self.m.close("strong");
                self.m.close("p");
                self.m.newline();
            }
            // Index entries are accepted and never shown.
            Kind::Index => {}
            // The pipeline prunes `only` per format before writers run.
            Kind::Only => self.children(el),
            Kind::PendingXref => self.inline("span", &["xref"], el),
            Kind::DownloadReference => self.download(el),
            Kind::LiteralStrong => self.inline("code", &["literal-strong"], el),
        }
    }

    /// Anchors for the ids of a node rendered by a helper that takes no id.
    fn ids_before(&mut self, el: &Element) {
        self.extra_ids_all(el);
    }

    /// A part that appears outside its usual parent: shown as a block.
    fn stray_block(&mut self, tag: &'static str, class: &str, el: &Element) {
        self.m.newline();
        self.open_with(tag, &[class], el);
        self.children(el);
        self.m.close(tag);
        self.m.newline();
    }
}

// --- structure ---------------------------------------------------------------
impl<'a> Renderer<'a> {
    fn section(&mut self, el: &Element) {
        self.m.newline();
        self.open_with("section", &[], el);
        self.section_depth += 1;
        let anchor = el.ids().first().cloned();
        for child in &el.children {
            match child {
                Node::Element(title) if title.kind == Kind::Title => {
                    self.heading(title, anchor.as_deref())
                }
                other => self.node(other),
            }
        }
        self.section_depth -= 1;
        self.m.close("section");
        self.m.newline();
    }

    /// A section heading: `<h2>` for top-level sections (the document
    /// title is the page's `<h1>`), down to `<h6>`; deeper levels keep a
    /// heading role with their true level.
    fn heading(&mut self, title: &Element, anchor: Option<&str>) {
        let level = self.section_depth + 1;
        let tag: &'static str = match level {
            0..=2 => "h2",
            3 => "h3",
            4 => "h4",
            5 => "h5",
            _ => "h6",
        };
        self.m.newline();
        if level > 6 {
            let aria_level = level.to_string();
            self.open_with_extra(
                "p",
                &["heading"],
                title,
                &[("role", "heading"), ("aria-level", &aria_level)],
            );
        } else {
            self.open_with(tag, &[], title);
        }
        // A title linked back to its table-of-contents entry (`contents`
        // with back-links): the text is that link.
        match title.attrs.str("refid") {
            Some(back) => {
                let href = ["#", back].concat();
                self.m
                    .open("a", &[("class", "toc-backref"), ("href", &href)]);
                self.children(title);
                self.m.close("a");
            }
            None => self.children(title),
        }
        if let Some(id) = anchor {
            self.permalink(id, "section");
        }
        self.m.close(if level > 6 { "p" } else { tag });
        self.m.newline();
    }

    /// A titled box: its title as `p.{prefix}-title` (and subtitle), then
    /// the body.
    fn titled_children(&mut self, el: &Element, prefix: &str) {
        for child in &el.children {
            match child {
                Node::Element(t) if t.kind == Kind::Title => {
                    self.m.newline();
                    let class = format!("{prefix}-title");
                    self.open_with("p", &[&class], t);
                    self.children(t);
                    self.m.close("p");
                }
                Node::Element(t) if t.kind == Kind::Subtitle => {
                    self.m.newline();
                    let class = format!("{prefix}-subtitle");
                    self.open_with("p", &[&class], t);
                    self.children(t);
                    self.m.close("p");
                }
                other => self.node(other),
            }
        }
    }

    fn topic(&mut self, el: &Element) {
        self.m.newline();
        // The `contents` directive's topic is the lesson's table of contents.
        let tag = if el.has_class("contents") {
            "nav"
        } else {
            "div"
        };
        self.open_with(tag, &["topic"], el);
        self.titled_children(el, "topic");
        self.m.close(tag);
        self.m.newline();
    }

    fn sidebar(&mut self, el: &Element) {
        self.m.newline();
        self.open_with("aside", &["sidebar"], el);
        self.titled_children(el, "sidebar");
        self.m.close("aside");
        self.m.newline();
    }

    fn docinfo(&mut self, el: &Element) {
        self.m.newline();
        self.open_with("dl", &["docinfo"], el);
        self.children(el);
        self.m.close("dl");
        self.m.newline();
    }

    /// One bibliographic field: a term and its value.
    fn docinfo_value(&mut self, el: &Element) {
        self.m.newline();
        let label = docinfo_label(el.kind);
        let class = el.kind.name();
        self.m.element_text("dt", &[("class", class)], label);
        self.open_with("dd", &[class], el);
        match el.kind {
            Kind::Authors => {
                for (i, author) in el.child_elements().enumerate() {
                    if i > 0 {
                        self.m.text(", ");
                    }
                    self.children(author);
                }
            }
            Kind::Address => {
                self.m.open("pre", &[("class", "address")]);
                self.children(el);
                self.m.close("pre");
            }
            _ => self.children(el),
        }
        self.m.close("dd");
    }

    fn container(&mut self, el: &Element) {
        // Sphinx's captioned code block: a figure whose caption comes first.
        if el.has_class("literal-block-wrapper") {
            self.m.newline();
            self.open_with("figure", &["code-block"], el);
            for child in &el.children {
                match child {
                    Node::Element(c) if c.kind == Kind::Caption => {
                        self.m.newline();
                        self.open_with("figcaption", &[], c);
                        self.children(c);
                        self.m.close("figcaption");
                    }
                    other => self.node(other),
                }
            }
            self.m.close("figure");
            self.m.newline();
            return;
        }
        self.block("div", &["container"], el);
    }
}

// --- lists ---------------------------------------------------------------------
impl<'a> Renderer<'a> {
    fn list(&mut self, tag: &'static str, el: &Element) {
        self.m.newline();
        let compact = is_compact_list(el);
        let mut extra: Vec<(&str, String)> = Vec::new();
        if el.kind == Kind::EnumeratedList
            && let Some(start) = el.attrs.int("start").filter(|s| *s != 1)
        {
            extra.push(("start", start.to_string()));
        }
        let mut fixed: Vec<&str> = Vec::new();
        if compact {
            fixed.push("simple");
        }
        // docutils' `(1)` / `1)` forms are kept as classes for the CSS.
        let prefix = el.attrs.str("prefix").unwrap_or("");
        let suffix = el.attrs.str("suffix").unwrap_or("");
        if el.kind == Kind::EnumeratedList {
            fixed.push(
                el.attrs
                    .str("enumtype")
                    .and_then(list_style)
                    .unwrap_or("arabic"),
            );
            match (prefix, suffix) {
                ("(", ")") => fixed.push("enum-parens"),
                ("", ")") => fixed.push("enum-rparen"),
                _ => {}
            }
        }
        let extra_refs: Vec<(&str, &str)> = extra.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.open_with_extra(tag, &fixed, el, &extra_refs);
        for child in &el.children {
            match child {
                Node::Element(item) if item.kind == Kind::ListItem => self.list_item(item, compact),
                other => self.node(other),
            }
        }
        self.m.newline();
        self.m.close(tag);
        self.m.newline();
    }

    fn list_item(&mut self, el: &Element, compact: bool) {
        self.m.newline();
        self.open_with("li", &[], el);
        self.compact_children(el, compact);
        self.m.close("li");
    }

    fn definition_list(&mut self, el: &Element) {
        self.m.newline();
        self.open_with("dl", &[], el);
        self.children(el);
        self.m.newline();
        self.m.close("dl");
        self.m.newline();
    }

    /// A term (with its classifiers, in the same `<dt>`) and its definition.
    fn definition_list_item(&mut self, el: &Element) {
        let term = el.first_child(Kind::Term);
        self.m.newline();
        match term {
            Some(term) => {
                self.open_with("dt", &[], term);
                self.extra_ids_all(el);
                self.children(term);
            }
            None => {
                self.m.open("dt", &[]);
            }
        }
        for classifier in el.child_elements().filter(|c| c.kind == Kind::Classifier) {
            self.m.text(" ");
            self.m
                .element_text("span", &[("class", "classifier-delimiter")], ":");
            self.m.text(" ");
            self.inline("span", &["classifier"], classifier);
        }
        self.m.close("dt");
        for child in el.child_elements() {
            match child.kind {
                Kind::Term | Kind::Classifier => {}
                _ => self.element(child),
            }
        }
    }

    fn field_list(&mut self, el: &Element, fixed: &[&str]) {
        self.m.newline();
        self.open_with("dl", fixed, el);
        self.children(el);
        self.m.newline();
        self.m.close("dl");
        self.m.newline();
    }

    fn field(&mut self, el: &Element) {
        self.m.newline();
        let name = el.first_child(Kind::FieldName);
        match name {
            Some(name) => {
                let fixed: Vec<&str> = el.classes().iter().map(String::as_str).collect();
                self.open_with("dt", &fixed, name);
                self.extra_ids_all(el);
                self.children(name);
                self.m.close("dt");
            }
            None => self.m.element_text("dt", &[], ""),
        }
        match el.first_child(Kind::FieldBody) {
            Some(body) => {
                self.open_with("dd", &[], body);
                let compact = body.children.len() == 1;
                self.compact_children(body, compact);
                self.m.close("dd");
            }
            None => self.m.element_text("dd", &[], ""),
        }
    }

    fn option_list(&mut self, el: &Element) {
        self.m.newline();
        self.open_with("dl", &["option-list"], el);
        self.children(el);
        self.m.newline();
        self.m.close("dl");
        self.m.newline();
    }

    fn option_list_item(&mut self, el: &Element) {
        self.m.newline();
        self.open_with("dt", &[], el);
        if let Some(group) = el.first_child(Kind::OptionGroup) {
            self.option_group(group);
        }
        self.m.close("dt");
        for child in el.child_elements() {
            match child.kind {
                Kind::OptionGroup => {}
                Kind::Description => {
                    self.open_with("dd", &[], child);
                    let compact = child.children.len() == 1;
                    self.compact_children(child, compact);
                    self.m.close("dd");
                }
                _ => self.element(child),
            }
        }
    }

    /// The option forms, `-b FILE, --both FILE`, as keyboard input.
    fn option_group(&mut self, el: &Element) {
        self.m.open("kbd", &[]);
        for (i, option) in el.child_elements().enumerate() {
            if i > 0 {
                self.m.text(", ");
            }
            self.element(option);
        }
        self.m.close("kbd");
    }
}

// --- admonitions, notes, figures, tables ------------------------------------
impl<'a> Renderer<'a> {
    /// `<aside class="admonition KIND CLASSES">` with a title: the
    /// admonition's own (generic `admonition`) or the style's title for
    /// its kind or class (`note` → "Note"). The look per kind and class is
    /// in the CSS.
    fn admonition(&mut self, el: &Element) {
        let kind = el.kind.name();
        let look = self.options.admonitions.look_for(kind, el.classes());
        self.m.newline();
        // Classes normalised as the CSS theme writes its class looks.
        let mut classes: Vec<String> = vec!["admonition".to_string()];
        if el.kind != Kind::Admonition {
            classes.push(kind.to_string());
        }
        for class in el.classes() {
            let name = class_name(class);
            if !classes.contains(&name) {
                classes.push(name);
            }
        }
        let class_attr = classes.join(" ");
        let mut attrs: Vec<(&str, &str)> = Vec::new();
        if let Some(id) = el.ids().first() {
            attrs.push(("id", id));
        }
        attrs.push(("class", &class_attr));
        self.m.open("aside", &attrs);
        self.extra_ids(el);
        let own_title = el.first_child(Kind::Title);
        self.m.newline();
        match own_title {
            Some(title) => {
                self.open_with("p", &["admonition-title"], title);
                self.children(title);
                self.m.close("p");
            }
            None => {
                let text = if look.title.is_empty() {
                    let mut chars = kind.chars();
                    chars
                        .next()
                        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
                        .unwrap_or_default()
                } else {
                    look.title.clone()
                };
                self.m
                    .element_text("p", &[("class", "admonition-title")], &text);
            }
        }
        for child in &el.children {
            match child {
                Node::Element(t) if t.kind == Kind::Title => {}
                other => self.node(other),
            }
        }
        self.m.newline();
        self.m.close("aside");
        self.m.newline();
    }

    /// A footnote or citation: its label links back to the reference (one
    /// back-reference) or is followed by numbered back-links (several).
    fn footnote(&mut self, el: &Element, class: &str) {
        self.m.newline();
        let epub = self.options.footnotes_as_epub_asides && el.kind == Kind::Footnote;
        let fixed = [class];
        if epub {
            self.open_with_extra("aside", &fixed, el, &[("epub:type", "footnote")]);
        } else if el.kind == Kind::Footnote {
            self.open_with_extra("aside", &fixed, el, &[("role", "doc-footnote")]);
        } else {
            self.open_with("div", &fixed, el);
        }
        let backrefs: Vec<String> = el.attrs.list("backrefs").to_vec();
        let label = el
            .first_child(Kind::Label)
            .map(Element::text_content)
            .unwrap_or_default();
        let shown = if el.kind == Kind::Citation {
            ["[", label.as_str(), "]"].concat()
        } else {
            label.clone()
        };
        self.m.open("span", &[("class", "label")]);
        match backrefs.as_slice() {
            [only] => {
                let href = ["#", only].concat();
                self.m
                    .element_text("a", &[("href", &href), ("role", "doc-backlink")], &shown);
            }
            _ => self.m.text(&shown),
        }
        self.m.close("span");
        if backrefs.len() > 1 {
            self.m.open("span", &[("class", "backrefs")]);
            self.m.text("(");
            for (i, back) in backrefs.iter().enumerate() {
                if i > 0 {
                    self.m.text(", ");
                }
                let href = ["#", back].concat();
                let n = (i + 1).to_string();
                self.m
                    .element_text("a", &[("href", &href), ("role", "doc-backlink")], &n);
            }
            self.m.text(")");
            self.m.close("span");
        }
        self.m.open("div", &[("class", "note-body")]);
        for child in &el.children {
            match child {
                Node::Element(l) if l.kind == Kind::Label => {}
                other => self.node(other),
            }
        }
        self.m.close("div");
        self.m.close(if el.kind == Kind::Footnote || epub {
            "aside"
        } else {
            "div"
        });
        self.m.newline();
    }

    fn note_reference(&mut self, el: &Element, class: &str) {
        let href = ["#", el.attrs.str("refid").unwrap_or("")].concat();
        let text = el.text_content();
        let shown = if el.kind == Kind::CitationReference {
            ["[", text.as_str(), "]"].concat()
        } else {
            text
        };
        let role_attr: (&str, &str) =
            if self.options.footnotes_as_epub_asides && el.kind == Kind::FootnoteReference {
                ("epub:type", "noteref")
            } else if el.kind == Kind::FootnoteReference {
                ("role", "doc-noteref")
            } else {
                ("data-kind", "citation")
            };
        self.open_with_extra("a", &[class], el, &[("href", &href), role_attr]);
        self.m.text(&shown);
        self.m.close("a");
    }

    /// `<figure>` with the image and one `<figcaption>` holding the
    /// caption and the legend (a figure has at most one figcaption).
    fn figure(&mut self, el: &Element) {
        self.m.newline();
        let align = el.attrs.str("align").map(|a| format!("align-{a}"));
        let fixed: Vec<&str> = align.as_deref().into_iter().collect();
        let width = el.attrs.str("width").and_then(css_length);
        let style = width.map(|w| format!("width:{w}"));
        match &style {
            Some(style) => self.open_with_extra("figure", &fixed, el, &[("style", style)]),
            None => self.open_with("figure", &fixed, el),
        }
        let caption = el.first_child(Kind::Caption);
        // Images anywhere in the figure (its legend too) are described by
        // its caption; the enclosing figure's comes back after it.
        let outer_caption = match (self.options.missing_alt, caption) {
            (MissingAlt::CaptionOrFileName, Some(caption)) => {
                Some(self.figure_caption.replace(plain_title(caption)))
            }
            _ => None,
        };
        for child in el.child_elements() {
            match child.kind {
                Kind::Caption | Kind::Legend => {}
                _ => self.element(child),
            }
        }
        let legend = el.first_child(Kind::Legend);
        if caption.is_some() || legend.is_some() {
            self.m.newline();
            self.m.open("figcaption", &[]);
            if let Some(caption) = caption {
                self.open_with("p", &["caption"], caption);
                self.children(caption);
                self.m.close("p");
            }
            if let Some(legend) = legend {
                self.block("div", &["legend"], legend);
            }
            self.m.close("figcaption");
        }
        if let Some(outer) = outer_caption {
            self.figure_caption = outer;
        }
        self.m.newline();
        self.m.close("figure");
        self.m.newline();
    }

    fn table(&mut self, el: &Element) {
        self.m.newline();
        let align = el.attrs.str("align").map(|a| format!("align-{a}"));
        let mut fixed: Vec<&str> = align.as_deref().into_iter().collect();
        fixed.insert(0, "table");
        let width = el.attrs.str("width").and_then(css_length);
        let style = width.map(|w| format!("width:{w}"));
        match &style {
            Some(style) => self.open_with_extra("table", &fixed, el, &[("style", style)]),
            None => self.open_with("table", &fixed, el),
        }
        if let Some(title) = el.first_child(Kind::Title) {
            self.m.newline();
            self.open_with("caption", &[], title);
            self.children(title);
            self.m.close("caption");
        }
        for child in el.child_elements() {
            match child.kind {
                Kind::Title => {}
                Kind::Tgroup => self.tgroup(child),
                _ => self.element(child),
            }
        }
        self.m.newline();
        self.m.close("table");
        self.m.newline();
    }

    /// Column widths (as percentages of their sum) and the rows. Stub
    /// columns make row headers.
    fn tgroup(&mut self, el: &Element) {
        let colspecs: Vec<&Element> = el
            .child_elements()
            .filter(|c| c.kind == Kind::Colspec)
            .collect();
        let total: f64 = colspecs
            .iter()
            .filter_map(|c| c.attrs.float("colwidth"))
            .sum();
        let auto = el.attrs.str("colwidths") == Some("auto");
        if total > 0.0 && !auto {
            self.m.newline();
            self.m.open("colgroup", &[]);
            for spec in &colspecs {
                let width = spec.attrs.float("colwidth").unwrap_or(0.0);
                let percent = (width / total * 100.0).round() as i64;
                let style = format!("width:{percent}%");
                self.m.void("col", &[("style", &style)]);
            }
            self.m.close("colgroup");
        }
        let stubs = colspecs.iter().take_while(|c| c.attrs.flag("stub")).count();
        for child in el.child_elements() {
            match child.kind {
                Kind::Colspec => {}
                Kind::Thead => self.table_rows("thead", child, true, stubs),
                Kind::Tbody => self.table_rows("tbody", child, false, stubs),
                _ => self.element(child),
            }
        }
    }

    fn table_section(&mut self, tag: &'static str, el: &Element) {
        self.table_rows(tag, el, tag == "thead", 0);
    }

    fn table_rows(&mut self, tag: &'static str, el: &Element, header: bool, stubs: usize) {
        self.m.newline();
        self.open_with(tag, &[], el);
        for row in el.child_elements() {
            match row.kind {
                Kind::Row => self.row(row, header, stubs),
                _ => self.element(row),
            }
        }
        self.m.newline();
        self.m.close(tag);
    }

    /// A row; the first `stubs` grid columns are row headers. Spans are
    /// counted so a cell spanning columns shifts the stub count.
    fn row(&mut self, el: &Element, header: bool, stubs: usize) {
        self.m.newline();
        self.open_with("tr", &[], el);
        let mut column = 0usize;
        for entry in el.child_elements() {
            if entry.kind != Kind::Entry {
                self.element(entry);
                continue;
            }
            let tag = if header || column < stubs { "th" } else { "td" };
            self.entry(entry, tag, !header && column < stubs);
            let span = entry.attrs.int("morecols").unwrap_or(0).max(0) as usize;
            column += 1 + span;
        }
        self.m.close("tr");
    }

    fn entry(&mut self, el: &Element, tag: &'static str, row_header: bool) {
        let colspan = el
            .attrs
            .int("morecols")
            .filter(|n| *n > 0)
            .map(|n| (n + 1).to_string());
        let rowspan = el
            .attrs
            .int("morerows")
            .filter(|n| *n > 0)
            .map(|n| (n + 1).to_string());
        let mut extra: Vec<(&str, &str)> = Vec::new();
        if let Some(c) = &colspan {
            extra.push(("colspan", c));
        }
        if let Some(r) = &rowspan {
            extra.push(("rowspan", r));
        }
        if row_header {
            extra.push(("scope", "row"));
        }
        let tag: &'static str = if tag == "th" { "th" } else { "td" };
        self.open_with_extra(tag, &[], el, &extra);
        let compact = el.children.len() == 1;
        self.compact_children(el, compact);
        self.m.close(tag);
    }
}

// --- code, math, images, links --------------------------------------------
impl<'a> Renderer<'a> {
    fn literal_block(&mut self, el: &Element) {
        self.m.newline();
        // A parsed literal (inline markup inside) cannot be highlighted.
        let parsed = el.children.iter().any(|c| matches!(c, Node::Element(_)));
        if parsed {
            self.open_with("pre", &["literal-block"], el);
            self.children(el);
            self.m.close("pre");
            self.m.newline();
            return;
        }
        let text = el.text_content();
        let language = el.attrs.str("language").filter(|l| !l.is_empty());
        let line_numbers = el.attrs.flag("linenos") || self.options.code.always_number_lines;
        let block = CodeBlock {
            code: &text,
            language,
            line_numbers,
            first_line_number: el.attrs.int("lineno_start").unwrap_or(1),
            emphasized: emphasized_lines(el),
            tab_width: self.options.code.tab_width,
            class: if language.is_some() {
                "code-block"
            } else {
                "literal-block"
            },
        };
        self.ids_before(el);
        write_code_block(&mut self.m, &block);
        self.m.newline();
    }

    /// Display math: one `<math display="block">` per equation, the
    /// equation number (`number`, from `:label:`) on the right with a
    /// permalink; TeX in `<code>` when a formula does not convert.
    fn math_block(&mut self, el: &Element) {
        self.m.newline();
        let number = el
            .attrs
            .get("number")
            .map(|n| n.to_attribute_string())
            .filter(|n| !n.is_empty() && n != "None");
        let fixed: &[&str] = if number.is_some() {
            &["math-block", "numbered"]
        } else {
            &["math-block"]
        };
        self.open_with("div", fixed, el);
        let text = el.text_content();
        for equation in math::display_equations(&text) {
            match math::latex_to_mathml(&equation, Display::Block) {
                Ok(mathml) => self.m.trusted(&mathml),
                Err(e) => {
                    self.warn(el.span, "math", e.to_string());
                    self.m.open("pre", &[("class", "math-fallback")]);
                    self.m.element_text("code", &[], &equation);
                    self.m.close("pre");
                }
            }
        }
        if let Some(number) = number {
            self.m.open("span", &[("class", "eqno")]);
            self.m.text(&format!("({number})"));
            if let Some(id) = el.ids().first() {
                let id = id.clone();
                self.permalink(&id, "equation");
            }
            self.m.close("span");
        }
        self.m.close("div");
        self.m.newline();
    }

    fn inline_math(&mut self, el: &Element) {
        let text = el.text_content();
        self.ids_before(el);
        match math::latex_to_mathml(&text, Display::Inline) {
            Ok(mathml) => self.m.trusted(&mathml),
            Err(e) => {
                self.warn(el.span, "math", e.to_string());
                self.m
                    .element_text("code", &[("class", "math-fallback")], &text);
            }
        }
    }

    /// `:kbd:` as `<kbd>`; other roles' literals keep their classes
    /// (`:samp:` stays `<code>`, as Sphinx writes it).
    fn literal(&mut self, el: &Element) {
        if el.has_class("kbd") {
            self.inline("kbd", &[], el);
        } else {
            self.inline("code", &["literal"], el);
        }
    }

    fn reference(&mut self, el: &Element) {
        let href = if let Some(doc) = el.attrs.str("refdoc") {
            Some((self.options.link_for_doc)(doc, el.attrs.str("refid")))
        } else if let Some(uri) = el.attrs.str("refuri") {
            (!is_active_url(uri)).then(|| uri.to_string())
        } else {
            el.attrs.str("refid").map(|id| ["#", id].concat())
        };
        let class = if el.attrs.has("refuri") {
            "reference external"
        } else {
            "reference internal"
        };
        match href {
            Some(href) => {
                self.open_with_extra("a", &[class], el, &[("href", &href)]);
                self.children(el);
                self.m.close("a");
            }
            None => self.inline("span", &["reference"], el),
        }
    }

    fn download(&mut self, el: &Element) {
        let target = el.attrs.str("reftarget").unwrap_or("");
        match (self.options.asset_href)(target, AssetKind::Download) {
            Some(href) => {
                self.note_asset(target, AssetKind::Download);
                let filename = el.attrs.str("filename").unwrap_or("").to_string();
                let mut extra = vec![("href", href.as_str())];
                if !filename.is_empty() {
                    extra.push(("download", filename.as_str()));
                }
                self.open_with_extra("a", &["reference", "download"], el, &extra);
                self.children(el);
                self.m.close("a");
            }
            None => {
                self.warn(
                    el.span,
                    "missing-download",
                    format!("download file not found: {target}"),
                );
                self.inline("span", &["reference", "download", "missing"], el);
            }
        }
    }

    fn note_asset(&mut self, uri: &str, kind: AssetKind) {
        if !self.assets.iter().any(|(u, k)| u == uri && *k == kind) {
            self.assets.push((uri.to_string(), kind));
        }
    }

    /// A target: an anchor for its ids (inline targets keep their text).
    fn target(&mut self, el: &Element) {
        if el.ids().is_empty() {
            self.children(el);
            return;
        }
        self.open_with("span", &["target"], el);
        self.children(el);
        self.m.close("span");
    }

    fn raw(&mut self, el: &Element) {
        let formats = el.attrs.str("format").unwrap_or("");
        let is_html = formats.split_whitespace().any(|f| f == "html");
        if is_html && self.options.allow_raw_html {
            self.m.newline();
            self.m.trusted(&el.text_content());
            self.m.newline();
        }
    }

    /// An image's text alternative (see [`MissingAlt`]).
    fn image_alt(&mut self, el: &Element, uri: &str) -> String {
        let alt = el.attrs.str("alt");
        match self.options.missing_alt {
            MissingAlt::Uri => alt.unwrap_or(uri).to_string(),
            MissingAlt::CaptionOrFileName => {
                if let Some(alt) = alt.filter(|a| !a.trim().is_empty()) {
                    return alt.to_string();
                }
                let caption = self.figure_caption.as_ref().filter(|c| !c.is_empty());
                let used = caption.cloned().unwrap_or_else(|| {
                    std::path::Path::new(uri)
                        .file_stem()
                        .map(|s| s.to_string_lossy().replace(['-', '_'], " "))
                        .filter(|s| !s.trim().is_empty())
                        .unwrap_or_else(|| "image".to_string())
                });
                self.warn(
                    el.span,
                    "image-without-alt",
                    format!("image \"{uri}\" has no alt text: \"{used}\" is used (add :alt:)"),
                );
                used
            }
        }
    }

    /// An image with its size, alignment and alternative text; a missing
    /// file is a warning and a visible placeholder.
    fn image(&mut self, el: &Element) {
        let uri = el.attrs.str("uri").unwrap_or("");
        let alt = self.image_alt(el, uri);
        let align = el.attrs.str("align").map(|a| format!("align-{a}"));
        let fixed: Vec<&str> = align.as_deref().into_iter().collect();
        let src = if is_active_url(uri) {
            // A script URL as an image source: refused like a script link.
            self.warn(
                el.span,
                "active-url",
                format!("image source refused, it could run script: {uri}"),
            );
            None
        } else {
            (self.options.asset_href)(uri, AssetKind::Image)
        };
        let Some(src) = src else {
            if !is_active_url(uri) {
                self.warn(el.span, "missing-image", format!("image not found: {uri}"));
            }
            let mut classes = vec!["missing-image"];
            classes.extend(fixed.iter().copied());
            let label = format!("Missing image: {alt}");
            self.open_with_extra(
                "span",
                &classes,
                el,
                &[("role", "img"), ("aria-label", &label)],
            );
            self.m.text(&format!("Image not found: {uri}"));
            self.m.close("span");
            return;
        };
        self.note_asset(uri, AssetKind::Image);
        let mut style = String::new();
        let mut width_attr = None;
        let mut height_attr = None;
        for (key, attr) in [("width", &mut width_attr), ("height", &mut height_attr)] {
            if let Some(length) = el.attrs.str(key).and_then(css_length) {
                match length.strip_suffix("px") {
                    Some(px) if px.parse::<u32>().is_ok() => *attr = Some(px.to_string()),
                    _ => style.push_str(&format!("{key}:{length};")),
                }
            }
        }
        let mut extra: Vec<(&str, &str)> = vec![("src", &src), ("alt", &alt)];
        if let Some(w) = &width_attr {
            extra.push(("width", w));
        }
        if let Some(h) = &height_attr {
            extra.push(("height", h));
        }
        if !style.is_empty() {
            extra.push(("style", &style));
        }
        let class = class_list(&fixed, el);
        let mut attrs: Vec<(&str, &str)> = Vec::new();
        if let Some(id) = el.ids().first() {
            attrs.push(("id", id));
        }
        if !class.is_empty() {
            attrs.push(("class", &class));
        }
        attrs.extend(extra);
        self.m.void("img", &attrs);
        self.extra_ids(el);
    }

    /// A `toctree` in a lesson: a navigation list of its entries (hidden
    /// toctrees only order the course and show nothing).
    fn toctree(&mut self, el: &Element) {
        if el.attrs.flag("hidden") {
            return;
        }
        let entries = el.attrs.list("entries").to_vec();
        let titles = el.attrs.list("titles").to_vec();
        self.m.newline();
        self.open_with("nav", &["toctree"], el);
        if let Some(caption) = el.attrs.str("caption") {
            self.m
                .element_text("p", &[("class", "toctree-caption")], caption);
        }
        self.m.open("ul", &[]);
        for (i, doc) in entries.iter().enumerate() {
            let href = (self.options.link_for_doc)(doc, None);
            let title = titles.get(i).cloned().unwrap_or_else(|| doc.clone());
            self.m.open("li", &[]);
            self.m.element_text("a", &[("href", &href)], &title);
            self.m.close("li");
        }
        self.m.close("ul");
        self.m.close("nav");
        self.m.newline();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceMap;
    use crate::ir::Span;
    use crate::style::Style;

    fn render_alts(root: Element, missing_alt: MissingAlt) -> (Vec<String>, usize) {
        let doc = Document {
            root,
            sources: SourceMap::new(),
        };
        let style = Style::defaults();
        let options = BodyOptions {
            admonitions: &style.html.admonitions,
            code: &style.html.code,
            link_for_doc: &|_, _| String::new(),
            asset_href: &|uri, _| Some(uri.to_string()),
            footnotes_as_epub_asides: false,
            permalinks: false,
            allow_raw_html: false,
            missing_alt,
            record_landmarks: false,
        };
        let out = render_body(&doc, &options);
        let alts = out
            .html
            .split(" alt=\"")
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap_or("").to_string())
            .collect();
        let warned = out
            .diagnostics
            .iter()
            .filter(|d| d.code == "image-without-alt")
            .count();
        (alts, warned)
    }

    #[test]
    fn html_body_missing_alt_is_caption_or_file_name() {
        let image = |uri: &str| Element::new(Kind::Image, Span::NONE).with_attr("uri", uri);
        let figure = Element::new(Kind::Figure, Span::NONE)
            .with_child(image("a.png"))
            .with_child(Element::new(Kind::Caption, Span::NONE).with_text("The  caption"))
            .with_child(Element::new(Kind::Legend, Span::NONE).with_child(image("b.png")));
        let root = Element::new(Kind::Document, Span::NONE)
            .with_child(figure)
            .with_child(image("figs/speed_up.png"))
            .with_child(image("c.png").with_attr("alt", " "))
            .with_child(image("d.png").with_attr("alt", "Described"));
        let (alts, warned) = render_alts(root.clone(), MissingAlt::CaptionOrFileName);
        assert_eq!(
            alts,
            ["The caption", "The caption", "speed up", "c", "Described"]
        );
        assert_eq!(warned, 4);
        let (alts, warned) = render_alts(root, MissingAlt::Uri);
        assert_eq!(
            alts,
            ["a.png", "b.png", "figs/speed_up.png", " ", "Described"]
        );
        assert_eq!(warned, 0);
    }
}
