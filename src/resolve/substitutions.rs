//! Substitution references replaced by their definitions (docutils'
//! `references.Substitutions`, priority 220; reStructuredText spec,
//! "Substitution References" and "Substitution Definitions").
//!
//! References are processed in document order; references inside an
//! inserted copy are appended to the work list, as docutils does, and a
//! name that comes back to itself is reported as a circular definition
//! instead of recursing. Each replacement is a splice node (see
//! [`super::tree`]), so no parent's children are searched.

use std::collections::HashMap;

use crate::diag::Severity;
use crate::ir::Kind;

use super::doc::Doc;
use super::tree::NodeId;

/// docutils' `line_length_limit` default: a definition longer than this is
/// refused (a guard against exponential expansion).
const LINE_LENGTH_LIMIT: usize = 10_000;

/// How many nodes substitutions may copy in all, at least, and per node
/// of the parsed document: the guard against definitions that expand
/// each other into quadratic (or exponential, "billion laughs") work.
const EXPANSION_BUDGET_MIN: usize = 200_000;
const EXPANSION_BUDGET_PER_NODE: usize = 20;

/// Replace every substitution reference.
pub fn apply(doc: &mut Doc) {
    let mut worklist: Vec<NodeId> = doc.nodes_of(Kind::SubstitutionReference);
    // name → names whose definitions referred to it (docutils' `nested`).
    let mut nested: HashMap<String, Vec<String>> = HashMap::new();
    // nested reference → the reference whose expansion produced it.
    let mut origin: HashMap<NodeId, NodeId> = HashMap::new();
    let tree_size = doc.tree.subtree_size(doc.tree.root());
    let mut budget = EXPANSION_BUDGET_MIN.max(tree_size.saturating_mul(EXPANSION_BUDGET_PER_NODE));
    let mut index = 0;
    while let Some(&reference) = worklist.get(index) {
        index += 1;
        if !doc.tree.is(reference, Kind::SubstitutionReference) {
            continue;
        }
        let refname = doc
            .tree
            .attrs(reference)
            .str("refname")
            .unwrap_or("")
            .to_string();
        let key = if doc.substitution_defs.contains_key(&refname) {
            Some(refname.clone())
        } else {
            doc.substitution_names.get(&refname.to_lowercase()).cloned()
        };
        let definition = key
            .as_ref()
            .and_then(|k| doc.substitution_defs.get(k).copied());
        let (Some(key), Some(definition)) = (key, definition) else {
            let msg = doc.report(
                Severity::Error,
                format!("Undefined substitution referenced: \"{refname}\"."),
                reference,
                Vec::new(),
            );
            let raw = doc.raw(reference);
            doc.make_problematic(reference, msg, raw);
            continue;
        };
        let length = doc.tree.text_content(definition).len();
        let size = doc.tree.subtree_size(definition);
        if length > LINE_LENGTH_LIMIT || size > budget {
            let message = if length > LINE_LENGTH_LIMIT {
                format!("Substitution definition \"{key}\" exceeds the line-length-limit.")
            } else {
                format!(
                    "Substitution \"{key}\" not expanded: substitutions expand to too much text."
                )
            };
            let msg = doc.report(Severity::Error, message, reference, Vec::new());
            let raw = doc.raw(reference);
            doc.make_problematic(reference, msg, raw);
            continue;
        }
        budget -= size;
        trim_neighbours(doc, reference, definition);
        let copy = doc.tree.deep_copy(definition);
        // Nested references: docutils' cycle check, ported as is.
        let inner: Vec<NodeId> = doc
            .tree
            .preorder(copy)
            .into_iter()
            .filter(|&n| doc.tree.is(n, Kind::SubstitutionReference))
            .collect();
        let mut circular = false;
        let mut queued = Vec::new();
        for nested_ref in inner {
            let nested_refname = doc
                .tree
                .attrs(nested_ref)
                .str("refname")
                .unwrap_or("")
                .to_lowercase();
            let nested_name = doc
                .substitution_names
                .get(&nested_refname)
                .cloned()
                .unwrap_or(nested_refname);
            let seen = nested.entry(nested_name.clone()).or_default();
            if seen.contains(&nested_name) {
                circular = true;
                break;
            }
            seen.push(key.clone());
            origin.insert(nested_ref, reference);
            queued.push(nested_ref);
        }
        if circular {
            report_circular(doc, reference, &refname, &origin);
            continue;
        }
        worklist.extend(queued);
        let children = doc.tree.children(copy).to_vec();
        for &child in &children {
            if matches!(
                doc.tree.kind(child),
                Some(Kind::Reference | Kind::FootnoteReference | Kind::CitationReference)
            ) && doc.tree.attrs(child).has("refname")
            {
                doc.note_refname(child);
            }
        }
        // The reference becomes a splice holding the definition's content.
        doc.tree.make_splice(reference, Kind::Inline);
        doc.tree.set_children(reference, children);
    }
}

/// `ltrim`/`rtrim`/`trim` definitions (the `unicode` directive's options)
/// strip the whitespace next to the reference.
fn trim_neighbours(doc: &mut Doc, reference: NodeId, definition: NodeId) {
    let attrs = doc.tree.attrs(definition);
    let left = attrs.has("ltrim") || attrs.has("trim");
    let right = attrs.has("rtrim") || attrs.has("trim");
    if !(left || right) {
        return;
    }
    let (Some(parent), Some(index)) = (
        doc.tree.parent(reference),
        doc.tree.index_in_parent(reference),
    ) else {
        return;
    };
    let siblings = doc.tree.children(parent).to_vec();
    if left
        && let Some(&before) = index.checked_sub(1).and_then(|i| siblings.get(i))
        && let Some(text) = doc.tree.node_mut(before).text_mut()
    {
        *text = text.trim_end().to_string();
    }
    if right
        && let Some(&after) = siblings.get(index + 1)
        && let Some(text) = doc.tree.node_mut(after).text_mut()
    {
        *text = text.trim_start().to_string();
    }
}

/// A circular definition: in a definition, the definition is replaced by
/// the error; elsewhere the reference becomes problematic.
fn report_circular(
    doc: &mut Doc,
    reference: NodeId,
    refname: &str,
    origin: &HashMap<NodeId, NodeId>,
) {
    // The effective parent: splices made by earlier replacements do not
    // count (in docutils their content sits in the parent directly).
    let parent = doc
        .tree
        .ancestors(reference)
        .find(|&a| !doc.tree.node(a).splice);
    if let Some(definition) = parent.filter(|&p| doc.tree.is(p, Kind::SubstitutionDefinition)) {
        let names = doc.tree.attrs(definition).list("names").join(" ");
        let span = doc.tree.span(definition);
        let block = doc.tree.new_element(Kind::LiteralBlock, span);
        doc.tree.attrs_mut(block).set("xml:space", "preserve");
        let text = doc
            .tree
            .new_text(format!(".. |{names}| (definition)"), span);
        doc.tree.append(block, text);
        let msg = doc.report(
            Severity::Error,
            "Circular substitution definition detected:",
            definition,
            vec![block],
        );
        let names = doc.tree.attrs(definition).list("names").to_vec();
        doc.tree.attrs_mut(msg).set("names", names);
        doc.tree.replace(definition, vec![msg]);
        return;
    }
    let mut first = reference;
    // Origins point to earlier references, so this walk ends; the bound
    // guards against a malformed map all the same.
    for _ in 0..origin.len() {
        match origin.get(&first) {
            Some(&o) => first = o,
            None => break,
        }
    }
    let msg = doc.report(
        Severity::Error,
        format!("Circular substitution definition referenced: \"{refname}\"."),
        first,
        Vec::new(),
    );
    let raw = doc.raw(reference);
    doc.make_problematic(reference, msg, raw);
}
