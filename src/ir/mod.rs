//! The intermediate representation: one document tree in docutils' node
//! vocabulary, shared (immutably, across threads) by every writer.
//!
//! The tree is deliberately uniform, like docutils' doctree: an [`Element`]
//! is a [`Kind`], an attribute map ([`Attrs`]) and children; text is a
//! [`Text`] leaf. This keeps the parser, the resolve passes and the
//! pseudo-XML dump (our test seam against docutils) simple, and writers still
//! `match` exhaustively on [`Kind`]. Every node carries the [`Span`] it came
//! from.
//!
//! Attribute conventions follow docutils (`ids`, `names`, `classes`,
//! `refuri`, `refid`, `refname`, ...); the attributes each kind uses are
//! listed on its variant in [`kind`].

pub mod attrs;
pub mod body;
pub mod kind;

pub use attrs::{AttrName, AttrValue, Attrs, LIST_ATTRIBUTES};
pub use body::NodeBody;
pub use kind::{Category, Kind};

use crate::diag::{FileId, SourceMap};

/// Where a node came from: file, 1-based line and 1-based column (0 when
/// unknown, e.g. for generated nodes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub file: FileId,
    pub line: u32,
    pub col: u32,
}

impl Span {
    /// A span for generated nodes with no source position.
    pub const NONE: Span = Span {
        file: FileId(0),
        line: 0,
        col: 0,
    };

    pub fn new(file: FileId, line: u32, col: u32) -> Span {
        Span { file, line, col }
    }

    pub fn is_known(&self) -> bool {
        self.line > 0
    }
}

/// A node of the tree: an element or a run of text.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Element(Element),
    Text(Text),
}

/// A run of text (docutils' `Text` node).
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    pub text: String,
    pub span: Span,
}

/// An element node.
#[derive(Clone, Debug, PartialEq)]
pub struct Element {
    pub kind: Kind,
    pub attrs: Attrs,
    pub children: Vec<Node>,
    pub span: Span,
}

impl Node {
    pub fn text(text: impl Into<String>, span: Span) -> Node {
        Node::Text(Text {
            text: text.into(),
            span,
        })
    }

    pub fn span(&self) -> Span {
        match self {
            Node::Element(e) => e.span,
            Node::Text(t) => t.span,
        }
    }

    pub fn as_element(&self) -> Option<&Element> {
        match self {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        }
    }

    pub fn as_element_mut(&mut self) -> Option<&mut Element> {
        match self {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        }
    }

    /// The kind of an element node; `None` for text.
    pub fn kind(&self) -> Option<Kind> {
        self.as_element().map(|e| e.kind)
    }

    pub fn is_kind(&self, kind: Kind) -> bool {
        self.kind() == Some(kind)
    }

    /// All text below this node, concatenated (docutils' `astext()`).
    pub fn text_content(&self) -> String {
        let mut out = String::new();
        self.append_text(&mut out);
        out
    }

    fn append_text(&self, out: &mut String) {
        match self {
            Node::Text(t) => out.push_str(&t.text),
            Node::Element(e) => {
                for child in &e.children {
                    child.append_text(out);
                }
            }
        }
    }
}

impl From<Element> for Node {
    fn from(e: Element) -> Node {
        Node::Element(e)
    }
}

impl Element {
    pub fn new(kind: Kind, span: Span) -> Element {
        Element {
            kind,
            attrs: Attrs::new(),
            children: Vec::new(),
            span,
        }
    }

    /// Builder: set an attribute.
    pub fn with_attr(mut self, key: impl Into<AttrName>, value: impl Into<AttrValue>) -> Element {
        self.attrs.set(key, value);
        self
    }

    /// Builder: append a child.
    pub fn with_child(mut self, child: impl Into<Node>) -> Element {
        self.children.push(child.into());
        self
    }

    /// Builder: append a text child.
    pub fn with_text(mut self, text: impl Into<String>) -> Element {
        let span = self.span;
        self.children.push(Node::text(text, span));
        self
    }

    pub fn push(&mut self, child: impl Into<Node>) {
        self.children.push(child.into());
    }

    pub fn push_text(&mut self, text: impl Into<String>, span: Span) {
        self.children.push(Node::text(text, span));
    }

    pub fn ids(&self) -> &[String] {
        self.attrs.list("ids")
    }

    pub fn names(&self) -> &[String] {
        self.attrs.list("names")
    }

    pub fn classes(&self) -> &[String] {
        self.attrs.list("classes")
    }

    pub fn has_class(&self, class: &str) -> bool {
        self.classes().iter().any(|c| c == class)
    }

    /// All text below this element, concatenated (docutils' `astext()`).
    pub fn text_content(&self) -> String {
        let mut out = String::new();
        for child in &self.children {
            child.append_text(&mut out);
        }
        out
    }

    /// Child elements, skipping text.
    pub fn child_elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(Node::as_element)
    }

    /// The first child element of a kind.
    pub fn first_child(&self, kind: Kind) -> Option<&Element> {
        self.child_elements().find(|e| e.kind == kind)
    }

    /// Depth-first, pre-order visit of this element and every element below.
    pub fn walk<'a>(&'a self, visit: &mut impl FnMut(&'a Element)) {
        visit(self);
        for child in &self.children {
            if let Node::Element(e) = child {
                e.walk(visit);
            }
        }
    }

    /// Depth-first, pre-order visit with mutable access. Children are
    /// visited after their parent has been (possibly) changed.
    pub fn walk_mut(&mut self, visit: &mut impl FnMut(&mut Element)) {
        visit(self);
        for child in &mut self.children {
            if let Node::Element(e) = child {
                e.walk_mut(visit);
            }
        }
    }

    /// The first element (this one included) for which `pred` holds.
    pub fn find<'a>(&'a self, pred: &impl Fn(&Element) -> bool) -> Option<&'a Element> {
        if pred(self) {
            return Some(self);
        }
        self.child_elements().find_map(|e| e.find(pred))
    }
}

/// One parsed (and later resolved) document: the tree and the files its
/// spans point into.
#[derive(Clone, Debug)]
pub struct Document {
    /// The root element, of kind [`Kind::Document`].
    pub root: Element,
    /// The files spans refer to: the document itself is `FileId(0)`,
    /// included files follow.
    pub sources: SourceMap,
}

impl Document {
    /// The document title, if the resolve passes promoted one (the root's
    /// `title` attribute) or the root starts with a `title`.
    pub fn title(&self) -> Option<String> {
        if let Some(t) = self.root.attrs.str("title") {
            return Some(t.to_string());
        }
        self.root
            .first_child(Kind::Title)
            .map(Element::text_content)
    }
}

// The writers share one document across rayon threads.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Document>();
    assert_send_sync::<Node>();
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ir_text_content_concatenates() {
        let p = Element::new(Kind::Paragraph, Span::NONE)
            .with_text("a ")
            .with_child(Element::new(Kind::Emphasis, Span::NONE).with_text("b"))
            .with_text(" c");
        assert_eq!(p.text_content(), "a b c");
    }

    #[test]
    fn ir_walk_visits_in_document_order() {
        let doc = Element::new(Kind::Document, Span::NONE)
            .with_child(
                Element::new(Kind::Section, Span::NONE)
                    .with_child(Element::new(Kind::Title, Span::NONE).with_text("T")),
            )
            .with_child(Element::new(Kind::Paragraph, Span::NONE));
        let mut kinds = Vec::new();
        doc.walk(&mut |e| kinds.push(e.kind));
        assert_eq!(
            kinds,
            [Kind::Document, Kind::Section, Kind::Title, Kind::Paragraph]
        );
    }
}
