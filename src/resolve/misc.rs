//! Small docutils transforms (`transforms.misc`):
//!
//! - [`class_attribute`] (210): the `class` directive's classes go to the
//!   next visible element.
//! - [`transitions`] (830): a transition at the end of a section moves up
//!   after it; misplaced transitions are reported.

use crate::diag::Severity;
use crate::ir::{AttrValue, Kind};

use super::doc::Doc;
use super::parts::detail;
use super::tree::NodeId;

/// docutils' `ClassAttribute` for the `class` pending nodes, in document
/// order. `next_after` is [`super::tree::Tree::next_after_map`] taken
/// before any of them was removed (a removed pending is skipped like any
/// invisible node, so the map stays valid).
pub fn class_attribute(doc: &mut Doc, pendings: &[NodeId]) {
    if pendings.is_empty() {
        return;
    }
    let next_after = doc.tree.next_after_map();
    for &pending in pendings {
        let classes: Vec<String> = match detail(doc, pending, "class") {
            Some(AttrValue::List(l)) => l,
            Some(AttrValue::Str(s)) => s.split_whitespace().map(str::to_string).collect(),
            _ => Vec::new(),
        };
        let mut next = next_after.get(pending).copied().flatten();
        while let Some(n) = next {
            let invisible = matches!(
                doc.tree.kind(n),
                Some(
                    Kind::Comment
                        | Kind::SubstitutionDefinition
                        | Kind::Target
                        | Kind::Pending
                        | Kind::SystemMessage
                )
            ) || !doc.tree.is_attached(n);
            if !invisible {
                break;
            }
            next = next_after.get(n).copied().flatten();
        }
        match next {
            Some(element) if !doc.tree.is_text(element) => {
                for class in classes {
                    doc.tree.attrs_mut(element).push("classes", class);
                }
                doc.tree.detach(pending);
            }
            _ => {
                let directive = match detail(doc, pending, "directive") {
                    Some(AttrValue::Str(s)) => s,
                    _ => "class".to_string(),
                };
                let span = doc.tree.span(pending);
                let block = doc.tree.new_element(Kind::LiteralBlock, span);
                doc.tree.attrs_mut(block).set("xml:space", "preserve");
                let text = doc.tree.new_text(
                    format!(".. {directive}:: {}", classes_text(doc, pending)),
                    span,
                );
                doc.tree.append(block, text);
                let msg = doc.report(
                    Severity::Error,
                    format!("No suitable element following \"{directive}\" directive"),
                    pending,
                    vec![block],
                );
                doc.tree.replace(pending, vec![msg]);
            }
        }
    }
}

fn classes_text(doc: &Doc, pending: NodeId) -> String {
    match detail(doc, pending, "class") {
        Some(AttrValue::List(l)) => l.join(" "),
        Some(other) => other.to_attribute_string(),
        None => String::new(),
    }
}

/// docutils' `Transitions`.
pub fn transitions(doc: &mut Doc) {
    for node in doc.nodes_of(Kind::Transition) {
        visit_transition(doc, node);
    }
}

fn visit_transition(doc: &mut Doc, node: NodeId) {
    let Some(parent) = doc.tree.parent(node) else {
        return;
    };
    let Some(mut index) = doc.tree.index_in_parent(node) else {
        return;
    };
    let structural = matches!(doc.tree.kind(parent), Some(Kind::Document | Kind::Section));
    let previous = index.checked_sub(1).map(|i| doc.tree.children(parent)[i]);
    let message = if !structural {
        Some("Transition must be child of <document> or <section>.")
    } else if previous.is_none_or(|p| {
        matches!(
            doc.tree.kind(p),
            Some(Kind::Title | Kind::Subtitle | Kind::Meta | Kind::Decoration)
        )
    }) {
        Some("Document or section may not begin with a transition.")
    } else if previous.is_some_and(|p| doc.tree.is(p, Kind::Transition)) {
        Some(
            "At least one body element must separate transitions; adjacent transitions are not allowed.",
        )
    } else {
        None
    };
    if let Some(message) = message {
        let warning = doc.report(Severity::Warning, message, node, Vec::new());
        // A body element may go here unless a subsection comes before it
        // (sections end a section's body).
        let body_allowed = doc.tree.children(parent)[..index]
            .iter()
            .all(|&c| !doc.tree.is(c, Kind::Section));
        if body_allowed {
            doc.tree.insert(parent, index + 1, warning);
            index += 1;
        }
    }
    if !structural {
        return;
    }
    if index + 1 != doc.tree.children(parent).len() {
        return;
    }
    // Climb while the node is the last child of its parent.
    let mut sibling = node;
    loop {
        let Some(sibling_parent) = doc.tree.parent(sibling) else {
            return;
        };
        let Some(position) = doc.tree.index_in_parent(sibling) else {
            return;
        };
        if position + 1 != doc.tree.children(sibling_parent).len() {
            doc.tree.detach(node);
            let Some(at) = doc.tree.index_in_parent(sibling) else {
                return;
            };
            doc.tree.insert(sibling_parent, at + 1, node);
            return;
        }
        if doc.tree.parent(sibling_parent).is_none() {
            let warning = doc.report(
                Severity::Warning,
                "Document may not end with a transition.",
                node,
                Vec::new(),
            );
            doc.tree.append(parent, warning);
            return;
        }
        sibling = sibling_parent;
    }
}
