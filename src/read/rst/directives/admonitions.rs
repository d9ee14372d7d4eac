//! The admonition directives: the nine specific ones and the generic
//! `admonition` with a title (spec, "Admonitions").

use crate::ir::Kind;

use super::super::Parser;
use super::super::names::make_id;
use super::{Directive, DirectiveResult, DirectiveSpec, OptionKind, Registry};

const OPTIONS: &[(&str, OptionKind)] = &[
    ("class", OptionKind::Class),
    ("name", OptionKind::Unchanged),
];

pub fn register(r: &mut Registry) {
    for name in [
        "attention",
        "caution",
        "danger",
        "error",
        "hint",
        "important",
        "note",
        "tip",
        "warning",
    ] {
        r.insert(
            name,
            DirectiveSpec::new(run_specific)
                .options(OPTIONS)
                .content()
                .args(0, 0, true),
        );
    }
    r.insert(
        "admonition",
        DirectiveSpec::new(run_generic)
            .options(OPTIONS)
            .content()
            .args(1, 0, true),
    );
}

fn kind_for(name: &str) -> Kind {
    match name.to_lowercase().as_str() {
        "attention" => Kind::Attention,
        "caution" => Kind::Caution,
        "danger" => Kind::Danger,
        "error" => Kind::Error,
        "hint" => Kind::Hint,
        "important" => Kind::Important,
        "tip" => Kind::Tip,
        "warning" => Kind::Warning,
        _ => Kind::Note,
    }
}

fn run_specific<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    d.require_content()?;
    let node = p.doc.tree.element(kind_for(&d.name), d.span);
    p.add_classes(node, d);
    p.add_name(node, d);
    p.parse_content(node, d);
    Ok(vec![node])
}

fn run_generic<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    d.require_content()?;
    let node = p.doc.tree.element(Kind::Admonition, d.span);
    p.add_classes(node, d);
    p.add_name(node, d);
    let title_text = d.arguments.first().cloned().unwrap_or_default();
    let (title, messages) = p.inline_element(Kind::Title, &title_text, d.span, node);
    p.doc.tree.append(node, title);
    p.doc.tree.extend(node, messages);
    if !d.options.has("class") {
        p.doc
            .tree
            .attrs_mut(node)
            .push("classes", format!("admonition-{}", make_id(&title_text)));
    }
    p.parse_content(node, d);
    Ok(vec![node])
}
