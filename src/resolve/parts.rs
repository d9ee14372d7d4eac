//! Document parts (docutils' `transforms.parts`; reStructuredText
//! directives `sectnum` and `contents`):
//!
//! - [`sectnum`] (710): section titles numbered `1`, `1.1`, ... in a
//!   `generated` node with class `sectnum`, to the depth asked.
//! - [`contents`] (720): the table of contents, a nested bullet list of
//!   references to the sections (local or whole document, to a depth),
//!   with back-links from the titles (`toc_backlinks = entry`).

use crate::ir::{AttrValue, Kind};

use super::doc::Doc;
use super::tree::NodeId;

/// A value from a `pending` node's details.
pub fn detail(doc: &Doc, pending: NodeId, key: &str) -> Option<AttrValue> {
    match doc.tree.attrs(pending).get("details") {
        Some(AttrValue::Map(entries)) => entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone()),
        _ => None,
    }
}

fn detail_int(doc: &Doc, pending: NodeId, key: &str) -> Option<i64> {
    match detail(doc, pending, key)? {
        AttrValue::Int(i) => Some(i),
        AttrValue::Str(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn detail_str(doc: &Doc, pending: NodeId, key: &str) -> Option<String> {
    match detail(doc, pending, key)? {
        AttrValue::Str(s) => Some(s),
        _ => None,
    }
}

/// docutils' `SectNum` for one pending node.
pub fn sectnum(doc: &mut Doc, pending: NodeId) {
    let max_depth = detail_int(doc, pending, "depth").unwrap_or(i64::MAX);
    let start = detail_int(doc, pending, "start").unwrap_or(1);
    let prefix = detail_str(doc, pending, "prefix").unwrap_or_default();
    let suffix = detail_str(doc, pending, "suffix").unwrap_or_default();
    doc.tree.detach(pending);
    // (node, numbers of its parent, depth) on an explicit stack.
    let mut stack: Vec<(NodeId, Vec<String>, i64)> = vec![(doc.tree.root(), Vec::new(), 1)];
    while let Some((node, numbers, depth)) = stack.pop() {
        let mut number = if numbers.is_empty() { start } else { 1 };
        let mut children_to_visit = Vec::new();
        for child in doc.tree.children(node).to_vec() {
            if !doc.tree.is(child, Kind::Section) {
                continue;
            }
            let mut child_numbers = numbers.clone();
            child_numbers.push(number.to_string());
            if let Some(&title) = doc.tree.children(child).first() {
                let span = doc.tree.span(title);
                let generated = doc.tree.new_element(Kind::Generated, span);
                doc.tree.attrs_mut(generated).push("classes", "sectnum");
                let text = format!(
                    "{prefix}{}{suffix}\u{a0}\u{a0}\u{a0}",
                    child_numbers.join(".")
                );
                let t = doc.tree.new_text(text, span);
                doc.tree.append(generated, t);
                doc.tree.insert(title, 0, generated);
                doc.tree.attrs_mut(title).set("auto", AttrValue::Int(1));
            }
            if depth < max_depth {
                children_to_visit.push((child, child_numbers, depth + 1));
            }
            number += 1;
        }
        stack.extend(children_to_visit.into_iter().rev());
    }
}

/// docutils' `Contents` for one pending node (inside its `topic`).
pub fn contents(doc: &mut Doc, pending: NodeId) {
    let Some(topic) = doc.tree.parent(pending) else {
        return;
    };
    let local = detail(doc, pending, "local").is_some();
    let start = if local {
        doc.tree
            .ancestors(topic)
            .find(|&a| matches!(doc.tree.kind(a), Some(Kind::Section | Kind::Document)))
            .unwrap_or(doc.tree.root())
    } else {
        doc.tree.root()
    };
    let toc_id = doc
        .tree
        .attrs(topic)
        .list("ids")
        .first()
        .cloned()
        .unwrap_or_default();
    // `:backlinks: none` is stored as None: no back-links.
    let backlinks = match detail(doc, pending, "backlinks") {
        None => "entry".to_string(),
        Some(AttrValue::Str(s)) => s,
        Some(_) => "none".to_string(),
    };
    let depth = detail_int(doc, pending, "depth").unwrap_or(i64::MAX);
    let span = doc.tree.span(pending);
    let settings = TocSettings {
        toc_id,
        backlinks,
        depth,
        span,
    };
    match build_contents(doc, start, 1, &settings) {
        Some(list) => doc.tree.replace(pending, vec![list]),
        None => doc.tree.detach(topic),
    }
}

struct TocSettings {
    toc_id: String,
    backlinks: String,
    depth: i64,
    span: crate::ir::Span,
}

fn build_contents(
    doc: &mut Doc,
    node: NodeId,
    level: i64,
    settings: &TocSettings,
) -> Option<NodeId> {
    let sections: Vec<NodeId> = doc
        .tree
        .children(node)
        .iter()
        .copied()
        .filter(|&c| doc.tree.is(c, Kind::Section))
        .collect();
    let mut entries = Vec::new();
    let mut auto = false;
    let span = settings.span;
    for section in sections {
        let Some(&title) = doc.tree.children(section).first() else {
            continue;
        };
        auto = doc.tree.attrs(title).has("auto");
        let entry_text = copy_and_filter(doc, title);
        let reference = doc.tree.new_element(Kind::Reference, span);
        if let Some(id) = doc.tree.attrs(section).list("ids").first().cloned() {
            doc.tree.attrs_mut(reference).set("refid", id);
        }
        for child in entry_text {
            doc.tree.append(reference, child);
        }
        let ref_id = doc.set_id(reference, "toc-entry");
        let paragraph = doc.tree.new_element(Kind::Paragraph, span);
        doc.tree.append(paragraph, reference);
        let item = doc.tree.new_element(Kind::ListItem, span);
        doc.tree.append(item, paragraph);
        let title_has_reference = doc.tree.has_descendant(title, Kind::Reference);
        if !title_has_reference {
            match settings.backlinks.as_str() {
                "entry" => doc.tree.attrs_mut(title).set("refid", ref_id),
                "top" => doc
                    .tree
                    .attrs_mut(title)
                    .set("refid", settings.toc_id.clone()),
                _ => {}
            }
        }
        if level < settings.depth
            && let Some(sub) = build_contents(doc, section, level + 1, settings)
        {
            doc.tree.append(item, sub);
        }
        entries.push(item);
    }
    if entries.is_empty() {
        return None;
    }
    let list = doc.tree.new_element(Kind::BulletList, span);
    for item in entries {
        doc.tree.append(list, item);
    }
    if auto {
        doc.tree.attrs_mut(list).push("classes", "auto-toc");
    }
    Some(list)
}

/// A copy of a title's content for a contents entry: footnote and citation
/// references dropped, images replaced by their `alt` text, references,
/// targets and problematic nodes replaced by their content.
pub fn copy_and_filter(doc: &mut Doc, title: NodeId) -> Vec<NodeId> {
    let mut out = Vec::new();
    for child in doc.tree.children(title).to_vec() {
        out.extend(filter_copy(doc, child));
    }
    out
}

fn filter_copy(doc: &mut Doc, node: NodeId) -> Vec<NodeId> {
    match doc.tree.kind(node) {
        None => {
            let text = doc.tree.node(node).text().to_string();
            let span = doc.tree.span(node);
            vec![doc.tree.new_text(text, span)]
        }
        Some(Kind::CitationReference | Kind::FootnoteReference) => Vec::new(),
        Some(Kind::Image) => match doc.tree.attrs(node).str("alt").map(str::to_string) {
            Some(alt) => {
                let span = doc.tree.span(node);
                vec![doc.tree.new_text(alt, span)]
            }
            None => Vec::new(),
        },
        Some(Kind::Problematic | Kind::Reference | Kind::Target) => {
            let mut out = Vec::new();
            for child in doc.tree.children(node).to_vec() {
                out.extend(filter_copy(doc, child));
            }
            out
        }
        Some(kind) => {
            let span = doc.tree.span(node);
            let copy = doc.tree.new_element(kind, span);
            *doc.tree.attrs_mut(copy) = doc.tree.attrs(node).clone();
            doc.tree.node_mut(copy).splice = doc.tree.node(node).splice;
            for child in doc.tree.children(node).to_vec() {
                for c in filter_copy(doc, child) {
                    doc.tree.append(copy, c);
                }
            }
            vec![copy]
        }
    }
}
