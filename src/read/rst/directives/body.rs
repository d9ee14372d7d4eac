//! Body directives (spec, "Body Elements" directives): topic, sidebar,
//! line-block, parsed-literal, code, math, rubric, epigraph, highlights,
//! pull-quote, compound, container.

use crate::ir::Kind;

use super::super::Parser;
use super::options::convert;
use super::{Directive, DirectiveError, DirectiveResult, DirectiveSpec, OptionKind, Registry};

const CLASS_NAME: &[(&str, OptionKind)] = &[
    ("class", OptionKind::Class),
    ("name", OptionKind::Unchanged),
];

pub fn register(r: &mut Registry) {
    r.insert(
        "topic",
        DirectiveSpec::new(run_topic)
            .args(1, 0, true)
            .options(CLASS_NAME)
            .content(),
    );
    r.insert(
        "sidebar",
        DirectiveSpec::new(run_sidebar)
            .args(0, 1, true)
            .options(&[
                ("subtitle", OptionKind::UnchangedRequired),
                ("class", OptionKind::Class),
                ("name", OptionKind::Unchanged),
            ])
            .content(),
    );
    r.insert(
        "line-block",
        DirectiveSpec::new(run_line_block)
            .options(CLASS_NAME)
            .content(),
    );
    r.insert(
        "parsed-literal",
        DirectiveSpec::new(run_parsed_literal)
            .options(CLASS_NAME)
            .content(),
    );
    let code = DirectiveSpec::new(run_code)
        .args(0, 1, false)
        .options(&[
            ("class", OptionKind::Class),
            ("name", OptionKind::Unchanged),
            ("number-lines", OptionKind::Unchanged),
        ])
        .content();
    r.insert("code", code.clone());
    r.insert("code-block", code.clone());
    r.insert("sourcecode", code);
    r.insert(
        "math",
        DirectiveSpec::new(run_math).options(CLASS_NAME).content(),
    );
    r.insert(
        "rubric",
        DirectiveSpec::new(run_rubric)
            .args(1, 0, true)
            .options(CLASS_NAME),
    );
    for name in ["epigraph", "highlights", "pull-quote"] {
        r.insert(name, DirectiveSpec::new(run_block_quote).content());
    }
    r.insert(
        "compound",
        DirectiveSpec::new(run_compound)
            .options(CLASS_NAME)
            .content(),
    );
    r.insert(
        "container",
        DirectiveSpec::new(run_container)
            .args(0, 1, true)
            .options(&[("name", OptionKind::Unchanged)])
            .content(),
    );
}

/// Topics and sidebars: a titled structural element.
fn topic_like<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>, kind: Kind) -> DirectiveResult {
    let parent_kind = p.doc.tree.kind(d.parent);
    if kind == Kind::Sidebar && parent_kind == Some(Kind::Sidebar) {
        return Err(DirectiveError::error(format!(
            "The \"{}\" directive may not be used within a sidebar element.",
            d.name
        )));
    }
    // Topics and sidebars belong in the document, sections and sidebars,
    // never inside topics or body elements (docutils' `invalid_parents`).
    if !matches!(
        parent_kind,
        Some(Kind::Document | Kind::Section | Kind::Sidebar)
    ) {
        return Err(DirectiveError::error(format!(
            "The \"{}\" directive may not be used within topics or body elements.",
            d.name
        )));
    }
    d.require_content()?;
    let node = p.doc.tree.element(kind, d.span);
    let title_text = d.arguments.first().cloned().unwrap_or_default();
    let mut messages = Vec::new();
    if !(kind == Kind::Sidebar && title_text.is_empty()) {
        let (title, m) = p.inline_element(Kind::Title, &title_text, d.span, node);
        p.doc.tree.append(node, title);
        messages.extend(m);
    }
    if let Some(sub) = d.options.str("subtitle").map(str::to_string) {
        let (subtitle, m) = p.inline_element(Kind::Subtitle, &sub, d.span, node);
        p.doc.tree.append(node, subtitle);
        messages.extend(m);
    }
    p.doc.tree.extend(node, messages);
    p.add_classes(node, d);
    p.add_name(node, d);
    p.parse_content(node, d);
    Ok(vec![node])
}

fn run_topic<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    topic_like(p, d, Kind::Topic)
}

fn run_sidebar<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    topic_like(p, d, Kind::Sidebar)
}

fn run_line_block<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    d.require_content()?;
    let block = p.doc.tree.element(Kind::LineBlock, d.span);
    p.add_classes(block, d);
    p.add_name(block, d);
    let mut out = vec![block];
    let mut lines = Vec::new();
    let mut indents = Vec::new();
    let mut last = 0;
    for line in d.content.clone() {
        let text = line.text.trim();
        let span = line.span();
        let (node, messages) = p.inline_element(Kind::Line, text, span, block);
        if !text.is_empty() {
            last = super::super::lines::indent_of(&line.text);
        }
        lines.push(node);
        indents.push(last);
        out.extend(messages);
    }
    p.nest_lines(block, &lines, &indents, d.span);
    Ok(out)
}

fn run_parsed_literal<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    d.require_content()?;
    let text = d.content_text();
    let (node, messages) = p.inline_element(Kind::LiteralBlock, &text, d.span, d.parent);
    p.add_classes(node, d);
    p.doc.tree.set(node, "xml:space", "preserve");
    p.add_name(node, d);
    let mut out = vec![node];
    out.extend(messages);
    Ok(out)
}

fn run_code<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    d.require_content()?;
    let node = p.doc.literal_block(&d.content_text(), d.span);
    p.doc.tree.attrs_mut(node).push("classes", "code");
    if let Some(lang) = d.arguments.first() {
        p.doc.tree.attrs_mut(node).push("classes", lang.clone());
    }
    p.add_classes(node, d);
    if let Some(start) = d.options.str("number-lines") {
        let first = if start.trim().is_empty() {
            1
        } else {
            match convert(OptionKind::NonNegativeInt, Some(start)) {
                Ok(super::OptionValue::Int(n)) => n,
                _ => {
                    return Err(DirectiveError::error(format!(
                        ":number-lines: with non-integer start value: {start}"
                    )));
                }
            }
        };
        p.doc.tree.set(node, "linenos", true);
        p.doc.tree.set(node, "lineno_start", first);
    }
    p.add_name(node, d);
    Ok(vec![node])
}

/// docutils' `math` (Sphinx's `math` falls back to it without `:label:`).
pub fn run_math<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    let mut content = d.content_text();
    if let Some(arg) = d.arguments.first() {
        content = if content.is_empty() {
            arg.clone()
        } else {
            format!("{arg}\n\n{content}")
        };
    }
    if content.trim().is_empty() {
        d.require_content()?;
    }
    let mut out = Vec::new();
    for block in content.split("\n\n") {
        let block = block.trim_matches('\n');
        if block.trim().is_empty() {
            continue;
        }
        let node = p.doc.tree.text_element(Kind::MathBlock, block, d.span);
        p.add_classes(node, d);
        p.doc.tree.set(node, "xml:space", "preserve");
        if out.is_empty() {
            p.add_name(node, d);
        }
        out.push(node);
    }
    Ok(out)
}

fn run_rubric<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    let text = d.arguments.first().cloned().unwrap_or_default();
    let (node, messages) = p.inline_element(Kind::Rubric, &text, d.span, d.parent);
    p.add_classes(node, d);
    p.add_name(node, d);
    let mut out = vec![node];
    out.extend(messages);
    Ok(out)
}

fn run_block_quote<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    d.require_content()?;
    let elements = p.block_quote(d.content.clone());
    let class = d.name.to_lowercase();
    for &e in &elements {
        if p.doc.tree.kind(e) == Some(Kind::BlockQuote) {
            p.doc.tree.attrs_mut(e).push("classes", class.clone());
        }
    }
    Ok(elements)
}

fn run_compound<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    d.require_content()?;
    let node = p.doc.tree.element(Kind::Compound, d.span);
    p.add_classes(node, d);
    p.add_name(node, d);
    p.parse_content(node, d);
    Ok(vec![node])
}

fn run_container<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    d.require_content()?;
    let node = p.doc.tree.element(Kind::Container, d.span);
    if let Some(arg) = d.arguments.first() {
        match convert(OptionKind::Class, Some(arg)) {
            Ok(super::OptionValue::List(classes)) => {
                for c in classes {
                    p.doc.tree.attrs_mut(node).push("classes", c);
                }
            }
            _ => {
                return Err(DirectiveError::error(format!(
                    "Invalid class attribute value for \"{}\" directive: \"{arg}\".",
                    d.name
                )));
            }
        }
    }
    p.add_name(node, d);
    p.parse_content(node, d);
    Ok(vec![node])
}
