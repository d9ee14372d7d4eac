//! Footnotes and citations (docutils' `references.Footnotes`, priority
//! 620, and `references.TargetNotes`, 540; reStructuredText spec,
//! "Footnotes", "Citations" and the `target-notes` directive).
//!
//! Auto-numbered footnotes take the numbers 1, 2, ... not already used as
//! names; labelled ones pass their number to their references; anonymous
//! `[#]_` references take the anonymous footnotes in order; `[*]_`
//! references take the symbols `* † ‡ § ¶ # ♠ ♥ ♦ ♣`, doubled on the
//! second round (past the tenth round the round number follows the
//! symbol, so labels stay short). Every footnote and citation lists its references in
//! `backrefs`.

use std::collections::HashMap;

use crate::diag::Severity;
use crate::ir::{AttrValue, Kind};

use super::doc::Doc;
use super::tree::NodeId;

/// The symbol sequence (Chicago Manual of Style, then card suits).
const SYMBOLS: [&str; 10] = [
    "*", "\u{2020}", "\u{2021}", "\u{00a7}", "\u{00b6}", "#", "\u{2660}", "\u{2665}", "\u{2666}",
    "\u{2663}",
];

/// docutils' `Footnotes` transform.
pub fn apply(doc: &mut Doc) {
    let start = doc.autofootnote_start;
    let mut labels = Vec::new();
    doc.autofootnote_start = number_footnotes(doc, start, &mut labels);
    number_footnote_references(doc, &labels);
    symbolize_footnotes(doc);
    resolve_footnotes_and_citations(doc);
}

fn insert_label(doc: &mut Doc, note: NodeId, text: &str) {
    let span = doc.tree.span(note);
    let label = doc.tree.new_element(Kind::Label, span);
    let t = doc.tree.new_text(text, span);
    doc.tree.append(label, t);
    doc.tree.insert(note, 0, label);
}

fn first_id(doc: &Doc, node: NodeId) -> Option<String> {
    doc.tree.attrs(node).list("ids").first().cloned()
}

fn add_text(doc: &mut Doc, node: NodeId, text: &str) {
    let span = doc.tree.span(node);
    let t = doc.tree.new_text(text, span);
    doc.tree.append(node, t);
}

fn number_footnotes(doc: &mut Doc, mut next: u64, labels: &mut Vec<String>) -> u64 {
    for footnote in doc.autofootnotes.clone() {
        let label = loop {
            let label = next.to_string();
            next += 1;
            if !doc.nameids.contains_key(&label) {
                break label;
            }
        };
        insert_label(doc, footnote, &label);
        let footnote_id = first_id(doc, footnote);
        for name in doc.tree.attrs(footnote).list("names").to_vec() {
            for reference in doc.footnote_refs.get(&name).cloned().unwrap_or_default() {
                if !doc.tree.is(reference, Kind::FootnoteReference) {
                    continue;
                }
                add_text(doc, reference, &label);
                let attrs = doc.tree.attrs_mut(reference);
                attrs.remove("refname");
                if let Some(id) = &footnote_id {
                    attrs.set("refid", id.clone());
                }
                if let Some(ref_id) = first_id(doc, reference) {
                    doc.tree.attrs_mut(footnote).push("backrefs", ref_id);
                }
                doc.note_refid(reference);
                doc.tree.node_mut(reference).resolved = true;
            }
        }
        let attrs = doc.tree.attrs(footnote);
        if attrs.list("names").is_empty() && attrs.list("dupnames").is_empty() {
            doc.tree.attrs_mut(footnote).push("names", label.clone());
            doc.note_explicit_target(footnote);
            labels.push(label);
        }
    }
    next
}

fn number_footnote_references(doc: &mut Doc, labels: &[String]) {
    let refs = doc.autofootnote_refs.clone();
    let mut i = 0;
    for (position, &reference) in refs.iter().enumerate() {
        if doc.tree.node(reference).resolved
            || doc.tree.attrs(reference).has("refid")
            || !doc.tree.is(reference, Kind::FootnoteReference)
        {
            continue;
        }
        let Some(label) = labels.get(i) else {
            let n = labels.len();
            let s = if n > 1 { "s" } else { "" };
            let msg = doc.report(
                Severity::Error,
                format!(
                    "Too many autonumbered footnote references: only {n} corresponding footnote{s} available."
                ),
                reference,
                Vec::new(),
            );
            for &extra in &refs[position..] {
                if doc.tree.node(extra).resolved || doc.tree.attrs(extra).has("refname") {
                    continue;
                }
                let raw = doc.raw(extra);
                doc.make_problematic(extra, msg, raw);
            }
            break;
        };
        add_text(doc, reference, label);
        if let Some(Some(id)) = doc.nameids.get(label).cloned() {
            doc.tree.attrs_mut(reference).set("refid", id.clone());
            doc.note_refid(reference);
            if let (Some(&footnote), Some(ref_id)) = (doc.ids.get(&id), first_id(doc, reference)) {
                doc.tree.attrs_mut(footnote).push("backrefs", ref_id);
            }
        }
        doc.tree.node_mut(reference).resolved = true;
        i += 1;
    }
}

/// The label of a symbol footnote: docutils repeats the symbol once more
/// on every round (`*`, ..., `**`, ...). Past ten rounds (a hundred symbol
/// footnotes) the label is the symbol and the round number (`*11`) instead:
/// repeating without bound makes the labels' total length grow with the
/// square of the footnote count, a memory blow-up on adversarial input.
fn symbol_label(index: usize, reps: usize) -> String {
    const MAX_REPEATS: usize = 10;
    let symbol = SYMBOLS[index % SYMBOLS.len()];
    if reps < MAX_REPEATS {
        symbol.repeat(reps + 1)
    } else {
        format!("{symbol}{}", reps + 1)
    }
}

fn symbolize_footnotes(doc: &mut Doc) {
    let mut labels = Vec::new();
    for footnote in doc.symbol_footnotes.clone() {
        let start = doc.symbol_footnote_start;
        let (reps, index) = (start / SYMBOLS.len(), start % SYMBOLS.len());
        let label = symbol_label(index, reps);
        insert_label(doc, footnote, &label);
        labels.push(label);
        doc.symbol_footnote_start += 1;
        doc.set_id(footnote, "");
    }
    let refs = doc.symbol_footnote_refs.clone();
    for (i, &reference) in refs.iter().enumerate() {
        if !doc.tree.is(reference, Kind::FootnoteReference) {
            continue;
        }
        let Some(label) = labels.get(i) else {
            let msg = doc.report(
                Severity::Error,
                format!(
                    "Too many symbol footnote references: only {} corresponding footnotes available.",
                    labels.len()
                ),
                reference,
                Vec::new(),
            );
            for &extra in &refs[i..] {
                if doc.tree.node(extra).resolved || doc.tree.attrs(extra).has("refid") {
                    continue;
                }
                let raw = doc.raw(extra);
                doc.make_problematic(extra, msg, raw);
            }
            break;
        };
        add_text(doc, reference, label);
        let footnote = doc.symbol_footnotes[i];
        if let Some(id) = first_id(doc, footnote) {
            doc.tree.attrs_mut(reference).set("refid", id);
            doc.note_refid(reference);
        }
        if let Some(ref_id) = first_id(doc, reference) {
            doc.tree.attrs_mut(footnote).push("backrefs", ref_id);
        }
    }
}

fn resolve_footnotes_and_citations(doc: &mut Doc) {
    for footnote in doc.footnotes.clone() {
        for label in doc.tree.attrs(footnote).list("names").to_vec() {
            if let Some(refs) = doc.footnote_refs.get(&label).cloned() {
                resolve_references(doc, footnote, &refs);
            }
        }
    }
    for citation in doc.citations.clone() {
        for label in doc.tree.attrs(citation).list("names").to_vec() {
            if let Some(refs) = doc.citation_refs.get(&label).cloned() {
                resolve_references(doc, citation, &refs);
            }
        }
    }
}

fn resolve_references(doc: &mut Doc, note: NodeId, refs: &[NodeId]) {
    let Some(id) = first_id(doc, note) else {
        return;
    };
    for &reference in refs {
        if doc.tree.node(reference).resolved
            || !matches!(
                doc.tree.kind(reference),
                Some(Kind::FootnoteReference | Kind::CitationReference)
            )
        {
            continue;
        }
        let attrs = doc.tree.attrs_mut(reference);
        attrs.remove("refname");
        attrs.set("refid", id.clone());
        if let Some(ref_id) = first_id(doc, reference) {
            doc.tree.attrs_mut(note).push("backrefs", ref_id);
        }
        doc.tree.node_mut(reference).resolved = true;
    }
    doc.tree.node_mut(note).resolved = true;
}

/// docutils' `TargetNotes` for one `target-notes` pending node: a footnote
/// per external URI that is referred to, and a footnote reference after
/// every reference to it.
pub fn target_notes(doc: &mut Doc, pending: NodeId) {
    let classes: Vec<String> = match doc.tree.attrs(pending).get("details") {
        Some(AttrValue::Map(entries)) => entries
            .iter()
            .find(|(k, _)| k == "class")
            .map(|(_, v)| match v {
                AttrValue::List(l) => l.clone(),
                AttrValue::Str(s) => s.split_whitespace().map(str::to_string).collect(),
                _ => Vec::new(),
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut notes: HashMap<String, NodeId> = HashMap::new();
    let mut nodelist = Vec::new();
    for target in doc.tree.find_all(Kind::Target) {
        let Some(uri) = doc.tree.attrs(target).str("refuri").map(str::to_string) else {
            continue;
        };
        let mut refs = Vec::new();
        for name in doc.tree.attrs(target).list("names") {
            refs.extend(doc.refnames.get(name).into_iter().flatten().copied());
        }
        if refs.is_empty() {
            continue;
        }
        let footnote = make_target_footnote(doc, &uri, &refs, &notes, &classes);
        if let std::collections::hash_map::Entry::Vacant(slot) = notes.entry(uri) {
            slot.insert(footnote);
            nodelist.push(footnote);
        }
    }
    for reference in doc.tree.find_all(Kind::Reference) {
        if !doc.tree.attrs(reference).flag("anonymous") {
            continue;
        }
        let Some(uri) = doc.tree.attrs(reference).str("refuri").map(str::to_string) else {
            continue;
        };
        let footnote = make_target_footnote(doc, &uri, &[reference], &notes, &classes);
        if let std::collections::hash_map::Entry::Vacant(slot) = notes.entry(uri) {
            slot.insert(footnote);
            nodelist.push(footnote);
        }
    }
    doc.tree.replace(pending, nodelist);
}

fn make_target_footnote(
    doc: &mut Doc,
    uri: &str,
    refs: &[NodeId],
    notes: &HashMap<String, NodeId>,
    classes: &[String],
) -> NodeId {
    let (footnote, name) = match notes.get(uri) {
        Some(&footnote) => {
            let name = doc
                .tree
                .attrs(footnote)
                .list("names")
                .first()
                .cloned()
                .unwrap_or_default();
            (footnote, name)
        }
        None => {
            let footnote = doc.tree.new_element(Kind::Footnote, crate::ir::Span::NONE);
            let id = doc.set_id(footnote, "");
            let name = format!("TARGET_NOTE: {id}");
            let attrs = doc.tree.attrs_mut(footnote);
            attrs.set("auto", AttrValue::Int(1));
            attrs.set("names", vec![name.clone()]);
            let para = doc.tree.new_element(Kind::Paragraph, crate::ir::Span::NONE);
            let reference = doc.tree.new_element(Kind::Reference, crate::ir::Span::NONE);
            doc.tree.attrs_mut(reference).set("refuri", uri);
            let text = doc.tree.new_text(uri, crate::ir::Span::NONE);
            doc.tree.append(reference, text);
            doc.tree.append(para, reference);
            doc.tree.append(footnote, para);
            doc.autofootnotes.push(footnote);
            doc.note_explicit_target(footnote);
            (footnote, name)
        }
    };
    for &reference in refs {
        if doc.tree.is(reference, Kind::Target) {
            continue;
        }
        let span = doc.tree.span(reference);
        let refnode = doc.tree.new_element(Kind::FootnoteReference, span);
        let attrs = doc.tree.attrs_mut(refnode);
        attrs.set("refname", name.clone());
        attrs.set("auto", AttrValue::Int(1));
        attrs.extend("classes", classes.iter().cloned());
        doc.set_id(refnode, "");
        doc.autofootnote_refs.push(refnode);
        doc.footnote_refs
            .entry(name.clone())
            .or_default()
            .push(refnode);
        doc.note_refname(refnode);
        let (Some(parent), Some(index)) = (
            doc.tree.parent(reference),
            doc.tree.index_in_parent(reference),
        ) else {
            continue;
        };
        let space = if classes.is_empty() {
            doc.tree.new_text(" ", span)
        } else {
            let inline = doc.tree.new_element(Kind::Inline, span);
            doc.tree.attrs_mut(inline).set("classes", classes.to_vec());
            let t = doc.tree.new_text(" ", span);
            doc.tree.append(inline, t);
            inline
        };
        doc.tree.insert(parent, index + 1, space);
        doc.tree.insert(parent, index + 2, refnode);
    }
    footnote
}
