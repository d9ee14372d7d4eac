//! System messages at the end of resolution (docutils' `universal.Messages`
//! and `universal.FilterMessages`, 860 and 870).
//!
//! Messages the passes made without a place in the tree are gathered in a
//! "Docutils System Messages" section; then every message below the report
//! level leaves the tree (it has already been reported as a diagnostic),
//! and a `problematic` node pointing at a removed message becomes its
//! plain text, as docutils does.

use std::collections::HashSet;

use crate::ir::Kind;

use super::doc::Doc;

/// Place loose messages, then filter by `report_level` (1 info .. 4
/// severe; 5 keeps none).
pub fn finish(doc: &mut Doc, report_level: i64) {
    gather_loose(doc);
    filter(doc, report_level);
}

fn gather_loose(doc: &mut Doc) {
    let loose: Vec<_> = doc
        .transform_messages
        .iter()
        .copied()
        .filter(|&m| doc.tree.parent(m).is_none())
        .collect();
    if loose.is_empty() {
        return;
    }
    let span = crate::ir::Span::NONE;
    let section = doc.tree.new_element(Kind::Section, span);
    doc.tree
        .attrs_mut(section)
        .push("classes", "system-messages");
    let title = doc.tree.new_element(Kind::Title, span);
    let text = doc.tree.new_text("Docutils System Messages", span);
    doc.tree.append(title, text);
    doc.tree.append(section, title);
    for m in loose {
        doc.tree.append(section, m);
    }
    let root = doc.tree.root();
    doc.tree.append(root, section);
}

fn filter(doc: &mut Doc, report_level: i64) {
    // The three kinds this looks at, found in one walk (in document order).
    let order = doc
        .tree
        .find_kinds(&[Kind::SystemMessage, Kind::Problematic, Kind::Section]);
    let mut removed: HashSet<String> = HashSet::new();
    let mut removed_nodes: HashSet<usize> = HashSet::new();
    let mut parents = Vec::new();
    for &node in &order {
        if doc.tree.is(node, Kind::SystemMessage)
            && doc.tree.attrs(node).int("level").unwrap_or(0) < report_level
            && let Some(parent) = doc.tree.parent(node)
        {
            removed.extend(doc.tree.attrs(node).list("ids").iter().cloned());
            for id in doc.tree.attrs(node).list("ids") {
                doc.ids.remove(id);
            }
            removed_nodes.insert(node);
            parents.push(parent);
        }
    }
    // One pass over each parent's children, however many messages it has.
    parents.dedup();
    for parent in parents {
        let kept: Vec<usize> = doc
            .tree
            .children(parent)
            .iter()
            .copied()
            .filter(|c| !removed_nodes.contains(c))
            .collect();
        doc.tree.set_children(parent, kept);
    }
    for &node in &order {
        if doc.tree.is(node, Kind::Problematic)
            && doc
                .tree
                .attrs(node)
                .str("refid")
                .is_some_and(|r| removed.contains(r))
        {
            let text = doc.tree.text_content(node);
            doc.tree.rewrite(node, None, Default::default(), text);
        }
    }
    for &node in &order {
        if doc.tree.is(node, Kind::Section)
            && doc
                .tree
                .attrs(node)
                .list("classes")
                .iter()
                .any(|c| c == "system-messages")
            && doc.tree.children(node).len() == 1
        {
            doc.tree.detach(node);
        }
    }
}
