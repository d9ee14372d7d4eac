//! What one document offers to cross-references (Sphinx's standard and
//! math domains): labels, glossary terms, numbered equations and the
//! numbers of figures, tables and code listings.
//!
//! Built once per document at the end of the resolve passes, where
//! docutils' name bookkeeping is still at hand (only *explicit* targets are
//! labels, as in Sphinx), and used by [`super::xref`] for one file or,
//! through a course, across lessons. Numbers are local to the document;
//! a course adds offsets so figures and equations are numbered through
//! the book in reading order, as Sphinx numbers them without numbered
//! sections.

use std::collections::{BTreeMap, HashMap};

use crate::ir::{AttrValue, Kind};

use super::super::doc::Doc;
use super::super::tree::NodeId;

/// The kinds of numbered things (`numfig` types).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FigType {
    Figure,
    Table,
    CodeBlock,
}

impl FigType {
    /// Sphinx's default `numfig_format` (English).
    pub fn format(self) -> &'static str {
        match self {
            FigType::Figure => "Fig. %s",
            FigType::Table => "Table %s",
            FigType::CodeBlock => "Listing %s",
        }
    }
}

/// A label (`.. _name:` or `:name:`) and what it points at.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// The id the label's target carries.
    pub id: String,
    /// The section title, caption or table title; `None` for a label on
    /// an untitled element (usable only with an explicit title).
    pub title: Option<String>,
    /// The numbered element's type and local number.
    pub number: Option<(FigType, usize)>,
}

/// One document's cross-reference targets.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catalog {
    /// The document title (root `title` attribute, else first section title).
    pub title: Option<String>,
    /// Label name (normalized) → label.
    pub labels: HashMap<String, Label>,
    /// Glossary term (lower case) → id.
    pub terms: HashMap<String, String>,
    /// Equation label → (id, local number).
    pub equations: HashMap<String, (String, usize)>,
    /// How many of each numbered type the document has.
    pub counts: BTreeMap<FigType, usize>,
    /// How many numbered equations the document has.
    pub equation_count: usize,
}

/// The numbered type of an element, if it is one (a figure with a
/// caption, a table with a title, a captioned code block).
pub fn enumerable(doc: &Doc, node: NodeId) -> Option<FigType> {
    let has_child = |kind: Kind| {
        doc.tree
            .children(node)
            .iter()
            .any(|&c| doc.tree.is(c, kind))
    };
    match doc.tree.kind(node)? {
        Kind::Figure if has_child(Kind::Caption) => Some(FigType::Figure),
        Kind::Table if has_child(Kind::Title) => Some(FigType::Table),
        Kind::Container
            if doc
                .tree
                .attrs(node)
                .list("classes")
                .iter()
                .any(|c| c == "literal-block-wrapper") =>
        {
            Some(FigType::CodeBlock)
        }
        _ => None,
    }
}

/// The caption or title text of an element.
fn caption_of(doc: &Doc, node: NodeId) -> Option<String> {
    let kind = match doc.tree.kind(node)? {
        Kind::Section | Kind::Table | Kind::Topic | Kind::Sidebar | Kind::Admonition => Kind::Title,
        Kind::Figure | Kind::Container => Kind::Caption,
        Kind::Document => return doc.tree.attrs(node).str("title").map(str::to_string),
        Kind::Rubric => return Some(doc.tree.text_content(node)),
        // A lone first section promoted to the document's subtitle keeps
        // its label (docutils' DocTitle transform moves the ids along).
        Kind::Subtitle => return Some(doc.tree.text_content(node)),
        _ => return None,
    };
    doc.tree
        .first_child_of(node, kind)
        .map(|t| doc.tree.text_content(t))
}

/// Number the labelled equations (their `number` attribute) and build the
/// document's catalog.
pub fn build(doc: &mut Doc) -> Catalog {
    let mut catalog = Catalog::default();
    let root = doc.tree.root();
    catalog.title = doc
        .tree
        .attrs(root)
        .str("title")
        .map(str::to_string)
        .or_else(|| {
            doc.tree
                .find_first(Kind::Section)
                .and_then(|s| doc.tree.first_child_of(s, Kind::Title))
                .map(|t| doc.tree.text_content(t))
        });
    let mut numbers: HashMap<NodeId, (FigType, usize)> = HashMap::new();
    // The kinds numbered or collected below, in document order.
    let collected = doc.tree.find_kinds(&[
        Kind::Figure,
        Kind::Table,
        Kind::Container,
        Kind::MathBlock,
        Kind::Term,
    ]);
    for node in collected {
        if let Some(figtype) = enumerable(doc, node)
            && !doc.tree.attrs(node).list("ids").is_empty()
        {
            let count = catalog.counts.entry(figtype).or_insert(0);
            *count += 1;
            numbers.insert(node, (figtype, *count));
        }
        if doc.tree.is(node, Kind::MathBlock)
            && let Some(label) = doc.tree.attrs(node).str("label").map(str::to_string)
        {
            catalog.equation_count += 1;
            let number = catalog.equation_count;
            doc.tree
                .attrs_mut(node)
                .set("number", AttrValue::Int(number as i64));
            let id = doc
                .tree
                .attrs(node)
                .list("ids")
                .first()
                .cloned()
                .unwrap_or_else(|| format!("equation-{label}"));
            catalog.equations.insert(label, (id, number));
        }
        if doc.tree.is(node, Kind::Term)
            && doc
                .tree
                .ancestors(node)
                .any(|a| doc.tree.is(a, Kind::Glossary))
            && let Some(id) = doc.tree.attrs(node).list("ids").first().cloned()
        {
            let term = doc.tree.text_content(node).to_lowercase();
            catalog.terms.entry(term).or_insert(id);
        }
    }
    let explicit: Vec<(String, String)> = doc
        .nameids
        .iter()
        .filter(|(name, _)| doc.nametypes.get(*name).copied().unwrap_or(false))
        .filter_map(|(name, id)| id.clone().map(|id| (name.clone(), id)))
        .collect();
    for (name, id) in explicit {
        let Some(&node) = doc.ids.get(&id) else {
            continue;
        };
        // Footnotes and citations are explicit targets but not labels.
        if matches!(doc.tree.kind(node), Some(Kind::Footnote | Kind::Citation)) {
            continue;
        }
        // A label on an external target is not a label either.
        if doc.tree.is(node, Kind::Target) && doc.tree.attrs(node).has("refuri") {
            continue;
        }
        let title = caption_of(doc, node);
        let number = numbers.get(&node).copied();
        catalog.labels.insert(name, Label { id, title, number });
    }
    catalog
}
