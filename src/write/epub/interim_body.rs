//! A minimal XHTML body renderer, standing in for the HTML writer's body
//! renderer until that one is in the code base (see [`super::body`]). It
//! aims at valid, readable XHTML, not at the HTML writer's finish: every
//! node kind gets a plain, semantically sensible element, code is
//! highlighted with the shared highlighter, math stays TeX in `<code>`.
//!
//! To be deleted when `crate::write::html::body` lands.

use crate::diag::{Diagnostic, Severity};
use crate::highlight;
use crate::ir::{Document, Element, Kind, Node, Span};

use super::body::{ChapterHooks, RenderedBody};
use super::metadata::normalize_space;
use super::xml::XmlOut;

/// Render `doc` as body markup.
pub(super) fn render(doc: &Document, hooks: &ChapterHooks) -> RenderedBody {
    let mut r = Interim {
        doc,
        hooks,
        out: XmlOut::fragment(),
        diagnostics: Vec::new(),
        depth: 0,
    };
    r.root(&doc.root);
    RenderedBody {
        markup: r.out.into_string(),
        diagnostics: r.diagnostics,
    }
}

struct Interim<'a> {
    doc: &'a Document,
    hooks: &'a ChapterHooks<'a>,
    out: XmlOut,
    diagnostics: Vec<Diagnostic>,
    /// Enclosing sections.
    depth: usize,
}

/// A URL that must not become a link (script URLs).
fn is_script_url(url: &str) -> bool {
    let scheme: String = url
        .trim_start()
        .chars()
        .take_while(|c| *c != ':')
        .collect::<String>()
        .to_ascii_lowercase();
    url.contains(':') && matches!(scheme.trim(), "javascript" | "vbscript" | "data")
}

/// Fixed classes (empty ones skipped) then the element's own.
fn class_list(fixed: &[&str], el: &Element) -> String {
    let mut classes: Vec<&str> = fixed.iter().copied().filter(|c| !c.is_empty()).collect();
    classes.extend(el.classes().iter().map(String::as_str));
    classes.join(" ")
}

/// The element's first id, the class list, then `extra`.
fn element_attrs<'a>(
    el: &'a Element,
    class: &'a str,
    extra: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut attrs: Vec<(&str, &str)> = Vec::new();
    if let Some(id) = el.ids().first() {
        attrs.push(("id", id));
    }
    if !class.is_empty() {
        attrs.push(("class", class));
    }
    attrs.extend_from_slice(extra);
    attrs
}

impl Interim<'_> {
    fn warn(&mut self, span: Span, code: &'static str, message: String) {
        let file = self.doc.sources.name(span.file);
        self.diagnostics.push(Diagnostic::new(
            Severity::Warning,
            code,
            file,
            span.line,
            span.col,
            message,
        ));
    }

    /// Open `tag` with the element's first id and classes; the other ids
    /// become empty spans inside when `spans_inside` (the tag accepts
    /// phrasing content).
    fn open(&mut self, tag: &str, fixed: &[&str], el: &Element, extra: &[(&str, &str)]) {
        let class = class_list(fixed, el);
        let attrs = element_attrs(el, &class, extra);
        self.out.open(tag, &attrs);
    }

    /// A void element (`<img/>`) with the element's first id and classes.
    fn void(&mut self, tag: &str, fixed: &[&str], el: &Element, extra: &[(&str, &str)]) {
        let class = class_list(fixed, el);
        let attrs = element_attrs(el, &class, extra);
        self.out.empty(tag, &attrs);
    }

    /// Empty anchors for every id but the first.
    fn extra_ids(&mut self, el: &Element) {
        for id in el.ids().iter().skip(1) {
            self.out.open("span", &[("id", id)]);
            self.out.close("span");
        }
    }

    fn wrap(&mut self, tag: &str, fixed: &[&str], el: &Element) {
        self.open(tag, fixed, el, &[]);
        self.extra_ids(el);
        self.children(el);
        self.out.close(tag);
    }

    fn block(&mut self, tag: &str, fixed: &[&str], el: &Element) {
        self.out.newline();
        self.wrap(tag, fixed, el);
        self.out.newline();
    }

    fn children(&mut self, el: &Element) {
        for child in &el.children {
            match child {
                Node::Text(t) => self.out.text(&t.text),
                Node::Element(e) => self.element(e),
            }
        }
    }

    fn root(&mut self, root: &Element) {
        for id in root.ids() {
            self.out.open("span", &[("id", id)]);
            self.out.close("span");
        }
        if let Some(title) = root.first_child(Kind::Title) {
            self.out.newline();
            self.out.open("header", &[("class", "document-title")]);
            self.open("h1", &["title"], title, &[]);
            self.extra_ids(title);
            self.children(title);
            self.out.close("h1");
            if let Some(subtitle) = root.first_child(Kind::Subtitle) {
                self.wrap("p", &["subtitle"], subtitle);
            }
            self.out.close("header");
        }
        for child in &root.children {
            match child {
                Node::Element(e) if matches!(e.kind, Kind::Title | Kind::Subtitle) => {}
                Node::Element(e) => self.element(e),
                Node::Text(t) => self.out.text(&t.text),
            }
        }
        self.out.newline();
    }

    /// The one dispatch over node kinds: exhaustive, no catch-all arm.
    fn element(&mut self, el: &Element) {
        match el.kind {
            Kind::Document => self.children(el),
            Kind::Section => self.section(el),
            Kind::Topic => self.titled("div", "topic", el),
            Kind::Sidebar => self.titled("aside", "sidebar", el),
            Kind::Transition => {
                self.out.newline();
                self.out.empty("hr", &[]);
            }
            Kind::Decoration => self.children(el),
            Kind::Header => self.block("div", &["document-header"], el),
            Kind::Footer => self.block("div", &["document-footer"], el),
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
            | Kind::Copyright => self.docinfo_field(el),
            Kind::Title | Kind::Subtitle | Kind::Rubric => {
                let class = el.kind.name();
                self.block("p", &[class], el)
            }
            Kind::Paragraph => self.block("p", &[], el),
            Kind::LiteralBlock | Kind::DoctestBlock => self.literal_block(el),
            Kind::MathBlock => self.block("pre", &["math"], el),
            Kind::LineBlock => self.block("div", &["line-block"], el),
            Kind::Line => {
                if el.children.is_empty() {
                    self.out.newline();
                    self.out.open("div", &[("class", "line")]);
                    self.out.empty("br", &[]);
                    self.out.close("div");
                } else {
                    self.block("div", &["line"], el);
                }
            }
            Kind::BlockQuote => self.block("blockquote", &[], el),
            Kind::Attribution => {
                self.out.newline();
                self.open("p", &["attribution"], el, &[]);
                self.out.text("— ");
                self.children(el);
                self.out.close("p");
            }
            Kind::Comment
            | Kind::SubstitutionDefinition
            | Kind::Pending
            | Kind::Meta
            | Kind::Index
            | Kind::Raw => {}
            Kind::Target => {
                if !el.ids().is_empty() || !el.children.is_empty() {
                    self.wrap("span", &["target"], el);
                }
            }
            Kind::Image => self.image(el),
            Kind::Compound => self.block("div", &["compound"], el),
            Kind::Container => self.container(el),
            Kind::BulletList => self.list("ul", el),
            Kind::EnumeratedList => self.list("ol", el),
            Kind::ListItem => self.block("li", &[], el),
            Kind::DefinitionList => self.list("dl", el),
            Kind::DefinitionListItem => self.definition_list_item(el),
            Kind::Term => self.block("dt", &[], el),
            Kind::Classifier => {
                self.out.text(" : ");
                self.wrap("span", &["classifier"], el);
            }
            Kind::Definition => self.block("dd", &[], el),
            Kind::FieldList => self.list("dl", el),
            Kind::Field => self.field(el),
            Kind::FieldName => self.block("dt", &[], el),
            Kind::FieldBody => self.block("dd", &[], el),
            Kind::OptionList => self.list("dl", el),
            Kind::OptionListItem => self.option_list_item(el),
            Kind::OptionGroup => self.option_group(el),
            Kind::OptionNode => self.wrap("span", &["option"], el),
            Kind::OptionString => self.wrap("span", &["option-string"], el),
            Kind::OptionArgument => {
                let delimiter = el.attrs.str("delimiter").unwrap_or(" ").to_string();
                self.out.text(&delimiter);
                self.wrap("var", &[], el);
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
            Kind::Footnote => self.note(el, true),
            Kind::Citation => self.note(el, false),
            Kind::Label => self.wrap("span", &["label"], el),
            Kind::Figure => self.figure(el),
            Kind::Caption => self.block("p", &["caption"], el),
            Kind::Legend => self.block("div", &["legend"], el),
            Kind::Table => self.table(el),
            Kind::Tgroup | Kind::Colspec => {}
            Kind::Thead | Kind::Tbody => {
                let tag = if el.kind == Kind::Thead {
                    "thead"
                } else {
                    "tbody"
                };
                self.rows(tag, el);
            }
            Kind::Row => self.row(el, "td"),
            Kind::Entry => self.block("td", &[], el),
            Kind::SystemMessage => {
                if let Some(id) = el.ids().first() {
                    self.out.newline();
                    self.out
                        .open("div", &[("id", id), ("class", "system-message")]);
                    self.out.close("div");
                }
            }
            Kind::Emphasis => self.wrap("em", &[], el),
            Kind::Strong => self.wrap("strong", &[], el),
            Kind::Literal | Kind::Math => {
                let class = if el.kind == Kind::Math { "math" } else { "" };
                self.wrap("code", &[class], el)
            }
            Kind::Reference => self.reference(el),
            Kind::FootnoteReference => self.note_reference(el, true),
            Kind::CitationReference => self.note_reference(el, false),
            Kind::SubstitutionReference => self.children(el),
            Kind::TitleReference => self.wrap("cite", &[], el),
            Kind::Abbreviation | Kind::Acronym => {
                let explanation = el.attrs.str("explanation").unwrap_or("").to_string();
                let extra: Vec<(&str, &str)> = if explanation.is_empty() {
                    Vec::new()
                } else {
                    vec![("title", explanation.as_str())]
                };
                self.open("abbr", &[], el, &extra);
                self.children(el);
                self.out.close("abbr");
            }
            Kind::Superscript => self.wrap("sup", &[], el),
            Kind::Subscript => self.wrap("sub", &[], el),
            Kind::Inline | Kind::Generated | Kind::PendingXref => self.wrap("span", &[], el),
            Kind::Problematic => self.wrap("span", &["problematic"], el),
            Kind::Toctree => self.toctree(el),
            Kind::VersionModified => self.block("div", &["versionmodified"], el),
            Kind::Glossary => self.block("div", &["glossary"], el),
            Kind::Hlist => self.block("div", &["hlist"], el),
            Kind::Hlistcol => self.block("div", &["hlistcol"], el),
            Kind::Centered => self.block("p", &["centered"], el),
            Kind::Only => self.children(el),
            // An EPUB cannot offer a file to download: the text stays.
            Kind::DownloadReference => self.wrap("span", &["download"], el),
            Kind::LiteralStrong => self.wrap("strong", &["literal"], el),
        }
    }

    fn section(&mut self, el: &Element) {
        self.out.newline();
        self.open("section", &[], el, &[]);
        self.extra_ids(el);
        self.depth += 1;
        let level = (self.depth + 1).min(6);
        let tag = format!("h{level}");
        for child in &el.children {
            match child {
                Node::Element(title) if title.kind == Kind::Title => {
                    self.out.newline();
                    self.open(&tag, &[], title, &[]);
                    match title.attrs.str("refid") {
                        Some(back) => {
                            let href = format!("#{back}");
                            self.out
                                .open("a", &[("class", "toc-backref"), ("href", &href)]);
                            self.children(title);
                            self.out.close("a");
                        }
                        None => self.children(title),
                    }
                    self.out.close(&tag);
                }
                Node::Element(e) => self.element(e),
                Node::Text(t) => self.out.text(&t.text),
            }
        }
        self.depth -= 1;
        self.out.newline();
        self.out.close("section");
    }

    /// A box with a title paragraph (topic, sidebar).
    fn titled(&mut self, tag: &str, class: &str, el: &Element) {
        self.out.newline();
        self.open(tag, &[class], el, &[]);
        self.extra_ids(el);
        for child in &el.children {
            match child {
                Node::Element(t) if matches!(t.kind, Kind::Title | Kind::Subtitle) => {
                    let c = format!("{class}-{}", t.kind.name());
                    self.block("p", &[&c], t);
                }
                Node::Element(e) => self.element(e),
                Node::Text(t) => self.out.text(&t.text),
            }
        }
        self.out.close(tag);
    }

    fn docinfo(&mut self, el: &Element) {
        self.out.newline();
        self.open("dl", &["docinfo"], el, &[]);
        self.children(el);
        self.out.close("dl");
    }

    fn docinfo_field(&mut self, el: &Element) {
        let label = match el.kind {
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
        };
        self.out.newline();
        self.out.element("dt", &[], label);
        self.open("dd", &[], el, &[]);
        if el.kind == Kind::Authors {
            for (i, author) in el.child_elements().enumerate() {
                if i > 0 {
                    self.out.text(", ");
                }
                self.children(author);
            }
        } else {
            self.children(el);
        }
        self.out.close("dd");
    }

    fn literal_block(&mut self, el: &Element) {
        self.out.newline();
        let language = el.attrs.str("language").unwrap_or("");
        let plain_text = el.children.iter().all(|c| matches!(c, Node::Text(_)));
        if language.is_empty() || !plain_text {
            self.open("pre", &["literal-block"], el, &[]);
            self.extra_ids(el);
            self.children(el);
            self.out.close("pre");
            return;
        }
        let code = el.text_content();
        let coloured = highlight::highlight(&code, language, &self.hooks.style.code.theme);
        self.open("pre", &["literal-block", "highlight"], el, &[]);
        self.extra_ids(el);
        for (i, line) in coloured.lines.iter().enumerate() {
            if i > 0 {
                self.out.text("\n");
            }
            for token in line {
                let mut css = format!("color:{}", token.color.to_hex());
                if token.bold {
                    css.push_str(";font-weight:bold");
                }
                if token.italic {
                    css.push_str(";font-style:italic");
                }
                self.out.element("span", &[("style", &css)], &token.text);
            }
        }
        self.out.close("pre");
    }

    fn image(&mut self, el: &Element) {
        let uri = el.attrs.str("uri").unwrap_or("");
        let alt = el.attrs.str("alt").unwrap_or("").to_string();
        match (self.hooks.image_src)(uri) {
            Some(src) => {
                let mut attrs: Vec<(&str, &str)> = vec![("src", &src), ("alt", &alt)];
                let width = el
                    .attrs
                    .str("width")
                    .filter(|w| w.trim_end_matches(['%', 'p', 'x']).parse::<f64>().is_ok())
                    .map(|w| format!("width:{w}"));
                if let Some(w) = &width {
                    attrs.push(("style", w));
                }
                self.void("img", &["image"], el, &attrs);
            }
            None => {
                self.warn(
                    el.span,
                    "missing-image",
                    format!("image \"{uri}\" cannot be packaged: a placeholder is shown"),
                );
                let text = format!("[image: {}]", if alt.is_empty() { uri } else { &alt });
                self.open("span", &["missing-image"], el, &[]);
                self.out.text(&text);
                self.out.close("span");
            }
        }
    }

    fn container(&mut self, el: &Element) {
        if el.has_class("literal-block-wrapper") {
            self.out.newline();
            self.open("figure", &["code-block"], el, &[]);
            self.extra_ids(el);
            for child in el.child_elements() {
                if child.kind != Kind::Caption {
                    self.element(child);
                }
            }
            if let Some(caption) = el.first_child(Kind::Caption) {
                self.block("figcaption", &[], caption);
            }
            self.out.close("figure");
            return;
        }
        self.block("div", &["container"], el);
    }

    /// Lists and list-like containers: ids beyond the first are dropped
    /// (an anchor `<span>` may not sit directly in `ul`, `ol` or `dl`).
    fn list(&mut self, tag: &str, el: &Element) {
        self.out.newline();
        let start = el
            .attrs
            .int("start")
            .filter(|s| *s != 1 && el.kind == Kind::EnumeratedList)
            .map(|s| s.to_string());
        let extra: Vec<(&str, &str)> = start.iter().map(|s| ("start", s.as_str())).collect();
        self.open(tag, &[], el, &extra);
        self.children(el);
        self.out.newline();
        self.out.close(tag);
    }

    fn definition_list_item(&mut self, el: &Element) {
        self.out.newline();
        self.out.open("dt", &[]);
        for id in el.ids() {
            self.out.open("span", &[("id", id)]);
            self.out.close("span");
        }
        for child in el.child_elements() {
            match child.kind {
                Kind::Term => {
                    self.open("span", &["term"], child, &[]);
                    self.extra_ids(child);
                    self.children(child);
                    self.out.close("span");
                }
                Kind::Classifier => self.element(child),
                _ => {}
            }
        }
        self.out.close("dt");
        for child in el.child_elements() {
            if !matches!(child.kind, Kind::Term | Kind::Classifier) {
                self.element(child);
            }
        }
    }

    fn field(&mut self, el: &Element) {
        self.out.newline();
        match el.first_child(Kind::FieldName) {
            Some(name) => self.block("dt", &[], name),
            None => self.out.element("dt", &[], ""),
        }
        match el.first_child(Kind::FieldBody) {
            Some(body) => self.block("dd", &[], body),
            None => self.out.element("dd", &[], ""),
        }
    }

    fn option_list_item(&mut self, el: &Element) {
        self.out.newline();
        self.open("dt", &[], el, &[]);
        self.extra_ids(el);
        if let Some(group) = el.first_child(Kind::OptionGroup) {
            self.option_group(group);
        }
        self.out.close("dt");
        for child in el.child_elements() {
            if child.kind != Kind::OptionGroup {
                self.element(child);
            }
        }
    }

    fn option_group(&mut self, el: &Element) {
        self.out.open("kbd", &[]);
        for (i, option) in el.child_elements().enumerate() {
            if i > 0 {
                self.out.text(", ");
            }
            self.element(option);
        }
        self.out.close("kbd");
    }

    fn admonition(&mut self, el: &Element) {
        let classes = el.classes().to_vec();
        let look = self
            .hooks
            .style
            .admonitions
            .look_for(el.kind.name(), &classes);
        let own_title = el.first_child(Kind::Title);
        self.out.newline();
        self.open("div", &["admonition", el.kind.name()], el, &[]);
        self.extra_ids(el);
        match own_title {
            Some(title) => self.block("p", &["admonition-title"], title),
            None => {
                let title = if look.title.is_empty() {
                    el.kind.name().to_string()
                } else {
                    look.title.clone()
                };
                self.out.newline();
                self.out
                    .element("p", &[("class", "admonition-title")], &title);
            }
        }
        for child in el.child_elements() {
            if child.kind != Kind::Title {
                self.element(child);
            }
        }
        self.out.newline();
        self.out.close("div");
    }

    /// A footnote (an EPUB pop-up note) or a citation, with its label
    /// linking back to the first reference.
    fn note(&mut self, el: &Element, footnote: bool) {
        self.out.newline();
        if footnote {
            self.open(
                "aside",
                &["footnote"],
                el,
                &[("epub:type", "footnote"), ("role", "doc-footnote")],
            );
        } else {
            self.open("div", &["citation"], el, &[]);
        }
        self.extra_ids(el);
        let label = el
            .first_child(Kind::Label)
            .map(|l| normalize_space(&l.text_content()))
            .unwrap_or_default();
        self.out.open("p", &[("class", "label")]);
        match el.attrs.list("backrefs").first() {
            Some(back) => {
                let href = format!("#{back}");
                self.out
                    .element("a", &[("href", &href), ("role", "doc-backlink")], &label);
            }
            None => self.out.text(&label),
        }
        self.out.close("p");
        for child in el.child_elements() {
            if child.kind != Kind::Label {
                self.element(child);
            }
        }
        self.out.close(if footnote { "aside" } else { "div" });
    }

    fn note_reference(&mut self, el: &Element, footnote: bool) {
        let href = el.attrs.str("refid").map(|id| format!("#{id}"));
        let mut extra: Vec<(&str, &str)> = Vec::new();
        if let Some(h) = &href {
            extra.push(("href", h));
        }
        if footnote {
            extra.push(("epub:type", "noteref"));
            extra.push(("role", "doc-noteref"));
        }
        let class = if footnote {
            "footnote-reference"
        } else {
            "citation-reference"
        };
        self.open("a", &[class], el, &extra);
        self.extra_ids(el);
        if !footnote {
            self.out.text("[");
        }
        self.children(el);
        if !footnote {
            self.out.text("]");
        }
        self.out.close("a");
    }

    fn figure(&mut self, el: &Element) {
        self.out.newline();
        self.open("figure", &["figure"], el, &[]);
        self.extra_ids(el);
        for child in el.child_elements() {
            if !matches!(child.kind, Kind::Caption | Kind::Legend) {
                self.element(child);
            }
        }
        let caption = el.first_child(Kind::Caption);
        let legend = el.first_child(Kind::Legend);
        if caption.is_some() || legend.is_some() {
            self.out.newline();
            self.out.open("figcaption", &[]);
            if let Some(c) = caption {
                self.block("p", &["caption"], c);
            }
            if let Some(l) = legend {
                self.block("div", &["legend"], l);
            }
            self.out.close("figcaption");
        }
        self.out.close("figure");
    }

    fn table(&mut self, el: &Element) {
        self.out.newline();
        self.open("table", &["table"], el, &[]);
        if let Some(title) = el.first_child(Kind::Title) {
            self.wrap("caption", &[], title);
        }
        for tgroup in el.child_elements().filter(|c| c.kind == Kind::Tgroup) {
            for part in tgroup.child_elements() {
                match part.kind {
                    Kind::Thead => self.rows("thead", part),
                    Kind::Tbody => self.rows("tbody", part),
                    _ => {}
                }
            }
        }
        self.out.newline();
        self.out.close("table");
    }

    fn rows(&mut self, tag: &str, el: &Element) {
        self.out.newline();
        self.open(tag, &[], el, &[]);
        let cell = if tag == "thead" { "th" } else { "td" };
        for row in el.child_elements() {
            self.row(row, cell);
        }
        self.out.close(tag);
    }

    fn row(&mut self, el: &Element, cell: &str) {
        self.out.newline();
        self.open("tr", &[], el, &[]);
        for entry in el.child_elements() {
            let colspan = entry.attrs.int("morecols").map(|n| (n + 1).to_string());
            let rowspan = entry.attrs.int("morerows").map(|n| (n + 1).to_string());
            let mut extra: Vec<(&str, &str)> = Vec::new();
            if let Some(c) = &colspan {
                extra.push(("colspan", c));
            }
            if let Some(r) = &rowspan {
                extra.push(("rowspan", r));
            }
            self.open(cell, &[], entry, &extra);
            self.extra_ids(entry);
            self.children(entry);
            self.out.close(cell);
        }
        self.out.close("tr");
    }

    fn reference(&mut self, el: &Element) {
        let href = if let Some(uri) = el.attrs.str("refuri") {
            (!is_script_url(uri)).then(|| uri.to_string())
        } else if let Some(doc) = el.attrs.str("refdoc") {
            Some((self.hooks.link_for_doc)(doc, el.attrs.str("refid")))
        } else {
            el.attrs.str("refid").map(|id| format!("#{id}"))
        };
        match href {
            Some(h) => {
                self.open("a", &["reference"], el, &[("href", &h)]);
                self.extra_ids(el);
                self.children(el);
                self.out.close("a");
            }
            None => self.wrap("span", &["reference"], el),
        }
    }

    fn toctree(&mut self, el: &Element) {
        let entries = el.attrs.list("entries");
        if entries.is_empty() || el.attrs.flag("hidden") {
            return;
        }
        let titles = el.attrs.list("titles");
        self.out.newline();
        self.out.open("nav", &[("class", "toctree")]);
        if let Some(caption) = el.attrs.str("caption") {
            self.out
                .element("p", &[("class", "toctree-caption")], caption);
        }
        self.out.open("ul", &[]);
        for (i, entry) in entries.iter().enumerate() {
            let text = titles
                .get(i)
                .filter(|t| !t.is_empty())
                .unwrap_or(entry)
                .clone();
            let href = (self.hooks.link_for_doc)(entry, None);
            self.out.open("li", &[]);
            self.out.element("a", &[("href", &href)], &text);
            self.out.close("li");
        }
        self.out.close("ul");
        self.out.close("nav");
    }
}
