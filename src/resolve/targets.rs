//! Hyperlink targets and references (docutils' `transforms.references`;
//! reStructuredText spec, "Hyperlink Targets" and "Hyperlink
//! References"), in docutils' order:
//!
//! - [`propagate`] (260): `.. _name:` moves its ids and names to the next
//!   element and becomes `refid`.
//! - [`anonymous`] (440): anonymous references paired with anonymous
//!   targets in order.
//! - [`indirect`] (460): chains of indirect targets followed to their end;
//!   cycles, dangling and duplicate names are errors.
//! - [`external`] (640) and [`internal`] (660): named references to URI
//!   and internal targets.
//! - [`dangling`] (850): what is left is looked up by name, or reported.

use std::collections::HashSet;

use crate::diag::Severity;
use crate::ir::Kind;

use super::doc::Doc;
use super::tree::NodeId;

/// Kinds that take no ids from a preceding target (docutils' `Invisible`
/// and `Targetable` classes, minus `target` itself).
fn refuses_propagation(kind: Option<Kind>) -> bool {
    matches!(
        kind,
        Some(
            Kind::Comment
                | Kind::SubstitutionDefinition
                | Kind::Pending
                | Kind::Footnote
                | Kind::Citation
        )
    )
}

/// docutils' `PropagateTargets`.
pub fn propagate(doc: &mut Doc) {
    let next_after = doc.tree.next_after_map();
    for target in doc.tree.find_all(Kind::Target) {
        let parent = doc.tree.parent(target);
        let attrs = doc.tree.attrs(target);
        if parent
            .and_then(|p| doc.tree.kind(p))
            .is_some_and(Kind::is_text_element)
            || attrs.has("refid")
            || attrs.has("refuri")
            || attrs.has("refname")
        {
            continue;
        }
        let Some(first_id) = attrs.list("ids").first().cloned() else {
            continue;
        };
        // The next node in document order; block targets have no children.
        let mut next = match doc.tree.children(target).first() {
            Some(&c) => Some(c),
            None => next_after.get(target).copied().flatten(),
        };
        while let Some(n) = next
            && doc.tree.is(n, Kind::SystemMessage)
        {
            next = next_after.get(n).copied().flatten();
        }
        let Some(next) = next else { continue };
        if doc.tree.is_text(next) || refuses_propagation(doc.tree.kind(next)) {
            continue;
        }
        let ids = doc.tree.attrs(target).list("ids").to_vec();
        let names = doc.tree.attrs(target).list("names").to_vec();
        for id in &ids {
            doc.tree.attrs_mut(next).push("ids", id.clone());
            doc.ids.insert(id.clone(), next);
        }
        for name in &names {
            doc.tree.attrs_mut(next).push("names", name.clone());
        }
        if parent.is_some_and(|p| doc.tree.is(p, Kind::Figure)) && doc.tree.is(next, Kind::Caption)
        {
            doc.tree.detach(target);
            continue;
        }
        let attrs = doc.tree.attrs_mut(target);
        attrs.set("refid", first_id);
        attrs.remove("ids");
        attrs.remove("names");
        doc.note_refid(target);
    }
}

/// Whether `node` is still a reference a pass may change (not replaced by
/// a problematic, not already resolved).
fn open_reference(doc: &Doc, node: NodeId) -> bool {
    !doc.tree.node(node).resolved
        && matches!(
            doc.tree.kind(node),
            Some(
                Kind::Reference | Kind::Target | Kind::FootnoteReference | Kind::CitationReference
            )
        )
}

/// docutils' `AnonymousHyperlinks`.
pub fn anonymous(doc: &mut Doc) {
    let order = doc.tree.find_kinds(&[Kind::Reference, Kind::Target]);
    let refs: Vec<NodeId> = order
        .iter()
        .copied()
        .filter(|&n| doc.tree.is(n, Kind::Reference) && doc.tree.attrs(n).flag("anonymous"))
        .collect();
    let targets: Vec<NodeId> = order
        .iter()
        .copied()
        .filter(|&n| doc.tree.is(n, Kind::Target) && doc.tree.attrs(n).flag("anonymous"))
        .collect();
    if refs.len() != targets.len() {
        let message = format!(
            "Anonymous hyperlink mismatch: {} references but {} targets.\nSee \"backrefs\" attribute for IDs.",
            refs.len(),
            targets.len()
        );
        let span = refs
            .first()
            .or(targets.first())
            .map(|&n| doc.tree.line_of(n))
            .unwrap_or_default();
        let msg = doc.report_at(Severity::Error, message, span, Vec::new());
        for reference in refs {
            let raw = doc.raw(reference);
            doc.make_problematic(reference, msg, raw);
        }
        return;
    }
    for (reference, target) in refs.into_iter().zip(targets) {
        let attrs = doc.tree.attrs(reference);
        if attrs.has("refid") || attrs.has("refuri") {
            continue;
        }
        let mut target = target;
        // A propagated target points on by refid; the hop count is bounded
        // by the number of ids, so a malformed cycle cannot loop forever.
        for _ in 0..=doc.ids.len() {
            if let Some(uri) = doc.tree.attrs(target).str("refuri") {
                let uri = uri.to_string();
                doc.tree.attrs_mut(reference).set("refuri", uri);
                doc.tree.node_mut(reference).resolved = true;
                break;
            }
            match doc.tree.attrs(target).list("ids").first().cloned() {
                Some(id) => {
                    doc.tree.attrs_mut(reference).set("refid", id);
                    doc.note_refid(reference);
                    break;
                }
                None => {
                    let next = doc
                        .tree
                        .attrs(target)
                        .str("refid")
                        .and_then(|r| doc.ids.get(r).copied());
                    match next {
                        Some(n) if n != target => target = n,
                        _ => break,
                    }
                }
            }
        }
    }
}

/// docutils' `IndirectHyperlinks`.
pub fn indirect(doc: &mut Doc) {
    for target in doc.indirect_targets.clone() {
        if !doc.tree.node(target).resolved {
            resolve_indirect_target(doc, target);
        }
        resolve_indirect_references(doc, target);
    }
}

/// One step of the (docutils: recursive) resolution of an indirect
/// target, run on an explicit stack.
enum Frame {
    Enter(NodeId),
    Finish {
        target: NodeId,
        reftarget: NodeId,
        reftarget_id: String,
        had_refname: bool,
    },
}

fn resolve_indirect_target(doc: &mut Doc, start: NodeId) {
    let mut multiply_indirect: HashSet<NodeId> = HashSet::new();
    let mut stack = vec![Frame::Enter(start)];
    while let Some(frame) = stack.pop() {
        match frame {
            Frame::Enter(target) => {
                let refname = doc.tree.attrs(target).str("refname").map(str::to_string);
                let reftarget_id = match &refname {
                    None => doc.tree.attrs(target).str("refid").map(str::to_string),
                    Some(name) => doc.nameids.get(name).cloned().flatten(),
                };
                let Some(reftarget_id) = reftarget_id else {
                    nonexistent_indirect_target(doc, target);
                    continue;
                };
                let Some(&reftarget) = doc.ids.get(&reftarget_id) else {
                    nonexistent_indirect_target(doc, target);
                    continue;
                };
                if doc.tree.is(reftarget, Kind::Target)
                    && !doc.tree.node(reftarget).resolved
                    && doc.tree.attrs(reftarget).has("refname")
                {
                    if multiply_indirect.contains(&target) {
                        indirect_target_error(doc, target, "forming a circular reference");
                        continue;
                    }
                    multiply_indirect.insert(target);
                    stack.push(Frame::Finish {
                        target,
                        reftarget,
                        reftarget_id,
                        had_refname: refname.is_some(),
                    });
                    stack.push(Frame::Enter(reftarget));
                    continue;
                }
                finish_indirect_target(doc, target, reftarget, &reftarget_id, refname.is_some());
            }
            Frame::Finish {
                target,
                reftarget,
                reftarget_id,
                had_refname,
            } => {
                multiply_indirect.remove(&target);
                finish_indirect_target(doc, target, reftarget, &reftarget_id, had_refname);
            }
        }
    }
}

fn finish_indirect_target(
    doc: &mut Doc,
    target: NodeId,
    reftarget: NodeId,
    reftarget_id: &str,
    had_refname: bool,
) {
    let target_attrs = doc.tree.attrs(reftarget);
    if let Some(uri) = target_attrs.str("refuri") {
        let uri = uri.to_string();
        let attrs = doc.tree.attrs_mut(target);
        attrs.set("refuri", uri);
        attrs.remove("refid");
    } else if let Some(refid) = target_attrs.str("refid") {
        let refid = refid.to_string();
        doc.tree.attrs_mut(target).set("refid", refid);
        doc.note_refid(target);
    } else if !target_attrs.list("ids").is_empty() {
        doc.tree.attrs_mut(target).set("refid", reftarget_id);
        doc.note_refid(target);
    } else {
        nonexistent_indirect_target(doc, target);
        return;
    }
    if had_refname {
        doc.tree.attrs_mut(target).remove("refname");
    }
    doc.tree.node_mut(target).resolved = true;
}

fn nonexistent_indirect_target(doc: &mut Doc, target: NodeId) {
    let refname = doc.tree.attrs(target).str("refname").unwrap_or("");
    if doc.nameids.contains_key(refname) {
        indirect_target_error(
            doc,
            target,
            "which is a duplicate, and cannot be used as a unique reference",
        );
    } else {
        indirect_target_error(doc, target, "which does not exist");
    }
}

fn indirect_target_error(doc: &mut Doc, target: NodeId, explanation: &str) {
    let attrs = doc.tree.attrs(target);
    let mut naming = String::new();
    if let Some(name) = attrs.list("names").first() {
        naming = format!("\"{name}\" ");
    }
    let mut reflist: Vec<NodeId> = Vec::new();
    for name in attrs.list("names") {
        reflist.extend(doc.refnames.get(name).into_iter().flatten());
    }
    for id in attrs.list("ids") {
        reflist.extend(doc.refids.get(id).into_iter().flatten());
    }
    if let Some(id) = attrs.list("ids").first() {
        naming.push_str(&format!("(id=\"{id}\")"));
    }
    let refname = attrs.str("refname").unwrap_or("").to_string();
    let msg = doc.report(
        Severity::Error,
        format!(
            "Indirect hyperlink target {naming} refers to target \"{refname}\", {explanation}."
        ),
        target,
        Vec::new(),
    );
    let mut seen = HashSet::new();
    for reference in reflist {
        if !seen.insert(reference) || doc.tree.is(reference, Kind::Problematic) {
            continue;
        }
        let raw = doc.raw(reference);
        if doc.tree.is(reference, Kind::Target) {
            doc.replace_with_problematic(reference, msg, raw);
        } else {
            doc.make_problematic(reference, msg, raw);
        }
    }
    doc.tree.node_mut(target).resolved = true;
}

/// Pass a resolved target's `refid`/`refuri` on to the references (and
/// targets) that name it, and on down the chain.
fn resolve_indirect_references(doc: &mut Doc, start: NodeId) {
    let mut work = vec![start];
    while let Some(target) = work.pop() {
        let attrs = doc.tree.attrs(target);
        let (attname, attval) = if let Some(v) = attrs.str("refid") {
            ("refid", v.to_string())
        } else if let Some(v) = attrs.str("refuri") {
            ("refuri", v.to_string())
        } else {
            continue;
        };
        let names = attrs.list("names").to_vec();
        let ids = attrs.list("ids").to_vec();
        let by_name = names
            .iter()
            .map(|n| ("refname", doc.refnames.get(n).cloned().unwrap_or_default()));
        let by_id = ids
            .iter()
            .map(|i| ("refid", doc.refids.get(i).cloned().unwrap_or_default()));
        let lists: Vec<(&str, Vec<NodeId>)> = by_name.chain(by_id).collect();
        for (old, reflist) in lists {
            for reference in reflist {
                if !open_reference(doc, reference) {
                    continue;
                }
                let attrs = doc.tree.attrs_mut(reference);
                attrs.remove(old);
                attrs.set(attname, attval.clone());
                if attname == "refid" {
                    doc.note_refid(reference);
                }
                doc.tree.node_mut(reference).resolved = true;
                if doc.tree.is(reference, Kind::Target) {
                    work.push(reference);
                }
            }
        }
    }
}

/// docutils' `ExternalTargets`.
pub fn external(doc: &mut Doc) {
    for target in doc.tree.find_all(Kind::Target) {
        let Some(uri) = doc.tree.attrs(target).str("refuri").map(str::to_string) else {
            continue;
        };
        for name in doc.tree.attrs(target).list("names").to_vec() {
            for reference in doc.refnames.get(&name).cloned().unwrap_or_default() {
                if !open_reference(doc, reference) {
                    continue;
                }
                let attrs = doc.tree.attrs_mut(reference);
                attrs.remove("refname");
                attrs.set("refuri", uri.clone());
                doc.tree.node_mut(reference).resolved = true;
            }
        }
    }
}

/// docutils' `InternalTargets`.
pub fn internal(doc: &mut Doc) {
    for target in doc.tree.find_all(Kind::Target) {
        let attrs = doc.tree.attrs(target);
        if attrs.has("refuri") || attrs.has("refid") {
            continue;
        }
        for name in attrs.list("names").to_vec() {
            let refid = doc.nameids.get(&name).cloned().flatten();
            for reference in doc.refnames.get(&name).cloned().unwrap_or_default() {
                if !open_reference(doc, reference) {
                    continue;
                }
                if let Some(refid) = &refid {
                    let attrs = doc.tree.attrs_mut(reference);
                    attrs.remove("refname");
                    attrs.set("refid", refid.clone());
                }
                doc.tree.node_mut(reference).resolved = true;
            }
        }
    }
}

/// docutils' `DanglingReferences`: the references still unresolved are
/// looked up by name; the rest are errors.
pub fn dangling(doc: &mut Doc) {
    let order = doc.tree.find_kinds(&[
        Kind::Reference,
        Kind::FootnoteReference,
        Kind::CitationReference,
    ]);
    for node in order {
        if !matches!(
            doc.tree.kind(node),
            Some(Kind::Reference | Kind::FootnoteReference | Kind::CitationReference)
        ) || doc.tree.node(node).resolved
        {
            continue;
        }
        let Some(refname) = doc.tree.attrs(node).str("refname").map(str::to_string) else {
            continue;
        };
        if let Some(Some(id)) = doc.nameids.get(&refname).cloned() {
            let attrs = doc.tree.attrs_mut(node);
            attrs.remove("refname");
            attrs.set("refid", id);
            doc.tree.node_mut(node).resolved = true;
            continue;
        }
        let msg = if doc.nameids.contains_key(&refname) {
            doc.report(
                Severity::Error,
                format!(
                    "Duplicate target name, cannot be used as a unique reference: \"{refname}\"."
                ),
                node,
                Vec::new(),
            )
        } else {
            let details = embedded_uri_hint(&refname)
                .map(|hint| {
                    let span = doc.tree.span(node);
                    let p = doc.tree.new_element(Kind::Paragraph, span);
                    let t = doc.tree.new_text(hint, span);
                    doc.tree.append(p, t);
                    vec![p]
                })
                .unwrap_or_default();
            doc.report(
                Severity::Error,
                format!("Unknown target name: \"{refname}\"."),
                node,
                details,
            )
        };
        let raw = doc.raw(node);
        doc.make_problematic_dangling(node, msg, raw);
    }
}

/// docutils' hint for a reference name that looks like a failed embedded
/// URI (`` `text<uri>`_ ``).
fn embedded_uri_hint(refname: &str) -> Option<String> {
    if !(refname.contains('<') || refname.contains('>')) {
        return None;
    }
    let mut hint = String::from("Did you want to embed a URI or alias?");
    if !refname.contains('<') {
        hint.push_str("\nOpening bracket missing.");
    } else if !refname.contains(" <") {
        hint.push_str("\nThe embedded reference must be preceded by whitespace.");
    }
    if !refname.contains('>') {
        hint.push_str("\nClosing bracket missing.");
    } else if !refname.ends_with('>') {
        hint.push_str("\nThe embedded reference must be the last text before the end string.");
    }
    if refname.contains("< ") || refname.contains(" >") {
        hint.push_str("\nWhitespace around the embedded reference is not allowed.");
    }
    Some(hint)
}
