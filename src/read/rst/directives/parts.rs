//! Document-part directives (spec, "Document Parts"): `contents`,
//! `sectnum`/`section-numbering`, `header`, `footer`, and `target-notes`.
//! The first two leave a `pending` node for the resolve passes.

use crate::ir::{AttrValue, Kind};

use super::super::Parser;
use super::{
    Directive, DirectiveError, DirectiveResult, DirectiveSpec, OptionKind, OptionValue, Registry,
};

pub fn register(r: &mut Registry) {
    r.insert(
        "contents",
        DirectiveSpec::new(run_contents).args(0, 1, true).options(&[
            ("depth", OptionKind::NonNegativeInt),
            ("local", OptionKind::Flag),
            ("backlinks", OptionKind::Choice(&["top", "entry", "none"])),
            ("class", OptionKind::Class),
        ]),
    );
    let sectnum = DirectiveSpec::new(run_sectnum).options(&[
        ("depth", OptionKind::NonNegativeInt),
        ("start", OptionKind::NonNegativeInt),
        ("prefix", OptionKind::UnchangedRequired),
        ("suffix", OptionKind::UnchangedRequired),
    ]);
    r.insert("sectnum", sectnum.clone());
    r.insert("section-numbering", sectnum);
    r.insert("header", DirectiveSpec::new(run_header).content());
    r.insert("footer", DirectiveSpec::new(run_footer).content());
    r.insert(
        "target-notes",
        DirectiveSpec::new(run_target_notes).options(&[("class", OptionKind::Class)]),
    );
}

/// A `pending` node for `transform` with these details.
pub fn pending<'a>(
    p: &mut Parser<'a>,
    d: &Directive<'a>,
    transform: &str,
    details: Vec<(String, AttrValue)>,
) -> usize {
    let node = p.doc.tree.element(Kind::Pending, d.span);
    p.doc.tree.set(node, "transform", transform);
    p.doc
        .tree
        .attrs_mut(node)
        .set("details", AttrValue::Map(details));
    node
}

fn option_details(d: &Directive<'_>, skip: &[&str]) -> Vec<(String, AttrValue)> {
    d.options
        .entries
        .iter()
        .filter(|(k, _)| !skip.contains(&k.as_str()))
        .map(|(k, v)| {
            let value = match (k.as_str(), v) {
                ("backlinks", OptionValue::Str(s)) if s == "none" => AttrValue::None,
                _ => v.to_attr(),
            };
            (k.clone(), value)
        })
        .collect()
}

fn run_contents<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    let parent_kind = p.doc.tree.kind(d.parent);
    if !(d.match_titles || parent_kind == Some(Kind::Sidebar)) {
        return Err(DirectiveError::error(format!(
            "The \"{}\" directive may not be used within topics or body elements.",
            d.name
        )));
    }
    let topic = p.doc.tree.element(Kind::Topic, d.span);
    p.doc.tree.attrs_mut(topic).push("classes", "contents");
    p.add_classes(topic, d);
    let local = d.options.has("local");
    if local {
        p.doc.tree.attrs_mut(topic).push("classes", "local");
    }
    let mut messages = Vec::new();
    let name = if let Some(arg) = d.arguments.first().cloned() {
        let (title, m) = p.inline_element(Kind::Title, &arg, d.span, topic);
        messages = m;
        p.doc.tree.append(topic, title);
        p.doc.tree.astext(title)
    } else {
        if !local {
            let title = p.doc.tree.text_element(Kind::Title, "Contents", d.span);
            p.doc.tree.append(topic, title);
        }
        "Contents".to_string()
    };
    let name = super::super::names::normalize(&name);
    if !p.doc.has_name(&name) {
        p.doc.tree.attrs_mut(topic).push("names", name);
    }
    p.doc.note_implicit_target(topic, None);
    let details = option_details(d, &["class"]);
    let pend = pending(p, d, "docutils.transforms.parts.Contents", details);
    p.doc.tree.append(topic, pend);
    let mut out = vec![topic];
    out.extend(messages);
    Ok(out)
}

fn run_sectnum<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    let details = option_details(d, &[]);
    Ok(vec![pending(
        p,
        d,
        "docutils.transforms.parts.SectNum",
        details,
    )])
}

fn decoration<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>, kind: Kind) -> DirectiveResult {
    d.require_content()?;
    let root = p.doc.root;
    let deco = match p
        .doc
        .tree
        .children(root)
        .iter()
        .copied()
        .find(|&c| p.doc.tree.kind(c) == Some(Kind::Decoration))
    {
        Some(x) => x,
        None => {
            let x = p.doc.tree.element(Kind::Decoration, d.span);
            p.doc.tree.children_mut(root).insert(0, x);
            x
        }
    };
    let part = match p
        .doc
        .tree
        .children(deco)
        .iter()
        .copied()
        .find(|&c| p.doc.tree.kind(c) == Some(kind))
    {
        Some(x) => x,
        None => {
            let x = p.doc.tree.element(kind, d.span);
            if kind == Kind::Header {
                p.doc.tree.children_mut(deco).insert(0, x);
            } else {
                p.doc.tree.append(deco, x);
            }
            x
        }
    };
    p.parse_content(part, d);
    Ok(Vec::new())
}

fn run_header<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    decoration(p, d, Kind::Header)
}

fn run_footer<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    decoration(p, d, Kind::Footer)
}

fn run_target_notes<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    let details = option_details(d, &["name"]);
    let pend = pending(p, d, "docutils.transforms.references.TargetNotes", details);
    p.add_name(pend, d);
    Ok(vec![pend])
}
