//! `image` and `figure` (spec, "Images").

use crate::diag::Severity;
use crate::ir::{AttrValue, Kind};

use super::super::Parser;
use super::super::inline::escape_to_null;
use super::super::names::{normalize, whitespace_normalize};
use super::options::clean_uri;
use super::{
    Directive, DirectiveError, DirectiveResult, DirectiveSpec, OptionKind, OptionValue, Registry,
};

const ALIGN_H: &[&str] = &["left", "center", "right"];
const ALIGN_V: &[&str] = &["top", "middle", "bottom"];
const ALIGN_ALL: &[&str] = &["top", "middle", "bottom", "left", "center", "right"];

fn image_options() -> Vec<(&'static str, OptionKind)> {
    vec![
        ("alt", OptionKind::Unchanged),
        ("height", OptionKind::LengthOrUnitless),
        ("width", OptionKind::LengthOrPercentageOrUnitless),
        ("scale", OptionKind::Percentage),
        ("align", OptionKind::Choice(ALIGN_ALL)),
        ("target", OptionKind::UnchangedRequired),
        ("loading", OptionKind::Choice(&["embed", "link", "lazy"])),
        ("class", OptionKind::Class),
        ("name", OptionKind::Unchanged),
    ]
}

pub fn register(r: &mut Registry) {
    r.insert(
        "image",
        DirectiveSpec::new(run_image)
            .args(1, 0, true)
            .options(&image_options()),
    );
    let mut fig = image_options();
    for (name, kind) in fig.iter_mut() {
        if *name == "align" {
            *kind = OptionKind::Choice(ALIGN_H);
        }
    }
    fig.push(("figwidth", OptionKind::Unchanged));
    fig.push(("figclass", OptionKind::Class));
    fig.push(("figname", OptionKind::Unchanged));
    r.insert(
        "figure",
        DirectiveSpec::new(run_figure)
            .args(1, 0, true)
            .options(&fig)
            .content(),
    );
}

/// The image node (possibly wrapped in a reference) for `d`.
fn make_image<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    if let Some(align) = d.options.str("align") {
        if d.substitution.is_some() {
            if !ALIGN_V.contains(&align) {
                return Err(DirectiveError::error(format!(
                    "Error in \"{}\" directive: \"{align}\" is not a valid value for the \"align\" option within a substitution definition.  Valid values for \"align\" are: \"{}\".",
                    d.name,
                    ALIGN_V.join("\", \"")
                )));
            }
        } else if !ALIGN_H.contains(&align) {
            return Err(DirectiveError::error(format!(
                "Error in \"{}\" directive: \"{align}\" is not a valid value for the \"align\" option.  Valid values for \"align\" are: \"{}\".",
                d.name,
                ALIGN_H.join("\", \"")
            )));
        }
    }
    let uri = clean_uri(d.arguments.first().map_or("", String::as_str));
    // `--safe`: the writers will read this file; refuse it here, once, if
    // it lies outside the source root (issue 10).
    p.check_local_file(&uri, d.span)
        .map_err(|why| DirectiveError::path_problem(Severity::Error, &d.name, &why))?;
    let image = p.doc.tree.element(Kind::Image, d.span);
    p.doc.tree.set(image, "uri", uri);
    for (name, value) in d.options.entries.clone() {
        match name.as_str() {
            "target" | "name" | "class" => {}
            _ => {
                let v = match value {
                    OptionValue::Int(i) => AttrValue::Int(i),
                    other => other.to_attr(),
                };
                p.doc.tree.attrs_mut(image).set(name, v);
            }
        }
    }
    p.add_classes(image, d);
    p.add_name(image, d);
    if let Some(target) = d.options.str("target").map(str::to_string) {
        let escaped = escape_to_null(&target);
        let block: Vec<&str> = escaped.lines().collect();
        let reference = p.doc.tree.element(Kind::Reference, d.span);
        match super::super::explicit::parse_target(&block) {
            super::super::explicit::TargetKind::Refname(name) => {
                p.doc
                    .tree
                    .set(reference, "name", whitespace_normalize(&name));
                p.doc.tree.set(reference, "refname", normalize(&name));
            }
            super::super::explicit::TargetKind::Refuri(uri) => {
                p.doc.tree.set(reference, "refuri", uri);
            }
        }
        p.doc.tree.append(reference, image);
        return Ok(vec![reference]);
    }
    Ok(vec![image])
}

fn run_image<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    make_image(p, d)
}

fn run_figure<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    let figwidth = d.options.remove("figwidth");
    let figclass = d.options.remove("figclass");
    let align = d.options.remove("align");
    let figname = d.options.remove("figname");
    let image = make_image(p, d)?;
    let figure = p.doc.tree.element(Kind::Figure, d.span);
    p.doc.tree.extend(figure, image);
    if let Some(OptionValue::Str(w)) = figwidth {
        if w.trim() == "image" {
            // the image file is not read at parse time
        } else {
            let v = super::options::convert(OptionKind::LengthOrPercentageOrUnitless, Some(&w))
                .map_err(DirectiveError::error)?;
            if let OptionValue::Str(mut s) = v {
                if s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                    s.push_str("px");
                }
                p.doc.tree.set(figure, "width", s);
            }
        }
    }
    if let Some(OptionValue::List(classes)) = figclass {
        for c in classes {
            p.doc.tree.attrs_mut(figure).push("classes", c);
        }
    }
    if let Some(OptionValue::Str(name)) = figname {
        let name = super::super::names::normalize(&name);
        p.doc.tree.attrs_mut(figure).push("names", name);
        p.doc.note_explicit_target(figure, Some(figure));
    }
    if let Some(OptionValue::Str(a)) = align {
        p.doc.tree.set(figure, "align", a);
    }
    if !d.content.is_empty() {
        let holder = p.doc.tree.element(Kind::Container, d.content_span);
        p.parse_content(holder, d);
        let children = p.doc.tree.take_children(holder);
        // Targets and pending nodes (e.g. from `class`) before the caption
        // stay in the figure; then a paragraph is the caption (an empty
        // comment stands for none) and the rest is the legend.
        let mut i = 0;
        while let Some(&child) = children.get(i) {
            let kind = p.doc.tree.kind(child);
            if matches!(kind, Some(Kind::Target | Kind::Pending)) {
                p.doc.tree.append(figure, child);
                i += 1;
                continue;
            }
            if kind == Some(Kind::Paragraph) {
                let caption = p
                    .doc
                    .tree
                    .element(Kind::Caption, p.doc.tree.node(child).span);
                let kids = p.doc.tree.take_children(child);
                p.doc.tree.extend(caption, kids);
                p.doc.tree.append(figure, caption);
                break;
            }
            if kind == Some(Kind::Comment) && p.doc.tree.children(child).is_empty() {
                break;
            }
            let msg = p.doc.message_with_block(
                crate::diag::Severity::Error,
                "Figure caption must be a paragraph or empty comment.",
                &d.block_text,
                d.span,
            );
            return Ok(vec![figure, msg]);
        }
        if children.len() > i + 1 {
            let legend = p.doc.tree.element(Kind::Legend, d.content_span);
            p.doc.tree.extend(legend, children[i + 1..].iter().copied());
            p.doc.tree.append(figure, legend);
        }
    }
    Ok(vec![figure])
}
