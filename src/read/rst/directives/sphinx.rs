//! The Sphinx lesson subset's directives, parsed into the parse-stage
//! forms the resolve passes expect (specified, and mirrored as a docutils
//! extension, by `scripts/sphinx-parse.py`; resolved by `src/resolve/`):
//!
//! - `code-block`/`sourcecode`: `literal_block` with `language` (empty
//!   without an argument), `linenos`, `lineno_start`, `highlight_lines`,
//!   `:dedent:` applied, `:caption:` as a `container.literal-block-wrapper`
//!   with a `caption`, `:name:` a target;
//! - `highlight`, `literalinclude`: `pending` nodes
//!   (`rstconv.sphinx.highlight`, `rstconv.sphinx.literalinclude`) whose
//!   details are the argument (`language`/`path`) and the options, for the
//!   resolve passes (which read files relative to the including file);
//! - `math` with `:label:`: a `target` with id `equation-<label>` before
//!   one `math_block` with `label` (without `:label:`, docutils' `math`);
//! - `toctree`: `toctree` with `entries` (the lines as written),
//!   `maxdepth`, `caption`, `numbered`, `hidden`, `glob`, `titlesonly`;
//! - `only`: `only` with `expr`; `versionadded`/`versionchanged`/
//!   `deprecated`: `versionmodified` with its label inline; `seealso`,
//!   `glossary` (terms get ids `term-<id>`), `hlist` (columns),
//!   `centered`; `index` (an `index` node, removed by the resolve passes);
//!   `tabularcolumns` (nothing).

use crate::diag::Severity;
use crate::ir::{AttrValue, Kind};

use super::super::Parser;
use super::super::names::make_id;
use super::{
    Directive, DirectiveError, DirectiveResult, DirectiveSpec, OptionKind, OptionValue, Registry,
};

/// Register the Sphinx directives (over docutils' `code-block` aliases).
pub fn register(r: &mut Registry) {
    let code = DirectiveSpec::new(run_code_block)
        .args(0, 1, false)
        .options(&[
            ("linenos", OptionKind::Flag),
            ("lineno-start", OptionKind::NonNegativeInt),
            ("emphasize-lines", OptionKind::UnchangedRequired),
            ("caption", OptionKind::UnchangedRequired),
            ("name", OptionKind::Unchanged),
            ("dedent", OptionKind::Unchanged),
            ("force", OptionKind::Flag),
            ("class", OptionKind::Class),
        ])
        .content();
    r.insert("code-block", code.clone());
    r.insert("sourcecode", code);
    r.insert(
        "highlight",
        DirectiveSpec::new(run_highlight)
            .args(1, 0, false)
            .options(&[
                ("linenothreshold", OptionKind::NonNegativeInt),
                ("force", OptionKind::Flag),
            ]),
    );
    r.insert(
        "literalinclude",
        DirectiveSpec::new(run_literalinclude)
            .args(1, 0, true)
            .options(&[
                ("language", OptionKind::Unchanged),
                ("lines", OptionKind::UnchangedRequired),
                ("start-after", OptionKind::UnchangedRequired),
                ("end-before", OptionKind::UnchangedRequired),
                ("start-at", OptionKind::UnchangedRequired),
                ("end-at", OptionKind::UnchangedRequired),
                ("pyobject", OptionKind::UnchangedRequired),
                ("dedent", OptionKind::Unchanged),
                ("linenos", OptionKind::Flag),
                ("lineno-start", OptionKind::NonNegativeInt),
                ("lineno-match", OptionKind::Flag),
                ("emphasize-lines", OptionKind::UnchangedRequired),
                ("caption", OptionKind::Unchanged),
                ("name", OptionKind::Unchanged),
                ("encoding", OptionKind::Encoding),
                ("tab-width", OptionKind::NonNegativeInt),
                ("class", OptionKind::Class),
                ("force", OptionKind::Flag),
            ]),
    );
    r.insert(
        "math",
        DirectiveSpec::new(run_math)
            .args(0, 1, true)
            .options(&[
                ("class", OptionKind::Class),
                ("name", OptionKind::Unchanged),
                ("label", OptionKind::Unchanged),
                ("nowrap", OptionKind::Flag),
            ])
            .content(),
    );
    r.insert(
        "toctree",
        DirectiveSpec::new(run_toctree)
            .options(&[
                ("maxdepth", OptionKind::NonNegativeInt),
                ("caption", OptionKind::UnchangedRequired),
                ("name", OptionKind::Unchanged),
                ("numbered", OptionKind::Unchanged),
                ("hidden", OptionKind::Flag),
                ("glob", OptionKind::Flag),
                ("titlesonly", OptionKind::Flag),
                ("includehidden", OptionKind::Flag),
                ("reversed", OptionKind::Flag),
                ("class", OptionKind::Class),
            ])
            .content(),
    );
    r.insert(
        "only",
        DirectiveSpec::new(run_only).args(1, 0, true).content(),
    );
    for name in ["versionadded", "versionchanged", "deprecated"] {
        r.insert(
            name,
            DirectiveSpec::new(run_version_change)
                .args(1, 1, true)
                .content(),
        );
    }
    r.insert(
        "seealso",
        DirectiveSpec::new(run_seealso).args(0, 1, true).content(),
    );
    r.insert(
        "glossary",
        DirectiveSpec::new(run_glossary)
            .options(&[("sorted", OptionKind::Flag)])
            .content(),
    );
    r.insert(
        "hlist",
        DirectiveSpec::new(run_hlist)
            .options(&[("columns", OptionKind::PositiveInt)])
            .content(),
    );
    r.insert(
        "centered",
        DirectiveSpec::new(run_centered).args(1, 0, true),
    );
    r.insert(
        "index",
        DirectiveSpec::new(run_index)
            .args(0, 1, true)
            .options(&[("name", OptionKind::Unchanged)])
            .content(),
    );
    r.insert(
        "tabularcolumns",
        DirectiveSpec::new(run_nothing).args(1, 0, true),
    );
}

/// Sphinx's `emphasize-lines`: 1-based numbers, warning when out of range.
fn highlight_lines(
    p: &mut Parser<'_>,
    d: &Directive<'_>,
    spec: &str,
    total: usize,
) -> Option<Vec<String>> {
    match crate::resolve::sphinx::code::parse_line_spec(spec, total) {
        Ok(indexes) => {
            if indexes.iter().any(|&i| i >= total) {
                let msg = p.doc.message(
                    Severity::Warning,
                    &format!("line number spec is out of range(1-{total}): {spec:?}"),
                    d.span,
                    &[],
                );
                p.doc.tree.append(d.parent, msg);
            }
            Some(
                indexes
                    .iter()
                    .filter(|&&i| i < total)
                    .map(|i| (i + 1).to_string())
                    .collect(),
            )
        }
        Err(message) => {
            let msg = p.doc.message(Severity::Warning, &message, d.span, &[]);
            p.doc.tree.append(d.parent, msg);
            None
        }
    }
}

fn run_code_block<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    d.require_content()?;
    let mut lines: Vec<String> = d.content.iter().map(|l| l.text.to_string()).collect();
    if let Some(dedent) = d.options.str("dedent") {
        let amount =
            if dedent.trim().is_empty() {
                None
            } else {
                Some(dedent.trim().parse::<usize>().map_err(|_| {
                    DirectiveError::error(format!("invalid :dedent: value: {dedent}"))
                })?)
            };
        lines = crate::resolve::sphinx::code::dedent_lines(&lines, amount);
    }
    let code = lines.join("\n");
    let block = p.doc.literal_block(&code, d.span);
    let language = d.arguments.first().cloned().unwrap_or_default();
    p.doc.tree.set(block, "language", language);
    if d.options.has("linenos") || d.options.has("lineno-start") {
        p.doc.tree.set(block, "linenos", true);
    }
    if let Some(start) = d.options.int("lineno-start") {
        p.doc.tree.set(block, "lineno_start", start);
    }
    if let Some(spec) = d.options.str("emphasize-lines").map(str::to_string)
        && let Some(numbers) = highlight_lines(p, d, &spec, lines.len())
    {
        p.doc.tree.set(block, "highlight_lines", numbers);
    }
    p.add_classes(block, d);
    let node = match d.options.str("caption").map(str::to_string) {
        Some(caption) => wrap_with_caption(p, d, block, &caption),
        None => block,
    };
    p.add_name(node, d);
    Ok(vec![node])
}

/// Sphinx's `container_wrapper`: the caption (inline markup parsed) and the
/// block in a `literal-block-wrapper` container.
fn wrap_with_caption<'a>(
    p: &mut Parser<'a>,
    d: &Directive<'a>,
    block: usize,
    caption: &str,
) -> usize {
    let container = p.doc.tree.element(Kind::Container, d.span);
    p.doc
        .tree
        .attrs_mut(container)
        .push("classes", "literal-block-wrapper");
    let (caption_node, messages) = p.inline_element(Kind::Caption, caption, d.span, container);
    p.doc.tree.append(container, caption_node);
    p.doc.tree.append(container, block);
    p.doc.tree.extend(d.parent, messages);
    container
}

/// A `pending` node for the resolve passes.
fn pending(
    p: &mut Parser<'_>,
    d: &Directive<'_>,
    transform: &str,
    details: Vec<(String, AttrValue)>,
) -> usize {
    let node = p.doc.tree.element(Kind::Pending, d.span);
    p.doc.tree.set(node, "transform", transform);
    p.doc.tree.set(node, "details", AttrValue::Map(details));
    node
}

fn run_highlight<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    let mut details = vec![(
        "language".to_string(),
        AttrValue::Str(d.arguments.first().cloned().unwrap_or_default()),
    )];
    if let Some(threshold) = d.options.int("linenothreshold") {
        details.push(("linenothreshold".to_string(), AttrValue::Int(threshold)));
    }
    Ok(vec![pending(
        p,
        d,
        crate::resolve::transform_names::HIGHLIGHT,
        details,
    )])
}

fn run_literalinclude<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    let path = d
        .arguments
        .first()
        .map(|a| a.lines().map(str::trim).collect::<String>())
        .unwrap_or_default();
    let mut details = vec![("path".to_string(), AttrValue::Str(path))];
    for (key, value) in &d.options.entries {
        let value = match (key.as_str(), value) {
            ("dedent", OptionValue::Str(s)) if s.trim().is_empty() => AttrValue::None,
            ("dedent", OptionValue::Str(s)) => match s.trim().parse::<i64>() {
                Ok(n) => AttrValue::Int(n),
                Err(_) => {
                    return Err(DirectiveError::error(format!(
                        "invalid :dedent: value: {s}"
                    )));
                }
            },
            (_, v) => v.to_attr(),
        };
        details.push((key.clone(), value));
    }
    Ok(vec![pending(
        p,
        d,
        crate::resolve::transform_names::LITERAL_INCLUDE,
        details,
    )])
}

fn run_math<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    let Some(label) = d.options.str("label").map(str::to_string) else {
        return super::body::run_math(p, d);
    };
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
    let block = p.doc.tree.text_element(Kind::MathBlock, &content, d.span);
    p.doc.tree.set(block, "xml:space", "preserve");
    p.doc.tree.set(block, "label", label.clone());
    if d.options.has("nowrap") {
        p.doc.tree.set(block, "nowrap", true);
    }
    p.add_classes(block, d);
    let target = p.doc.tree.element(Kind::Target, d.span);
    p.doc
        .tree
        .attrs_mut(target)
        .push("ids", format!("equation-{}", make_id(&label)));
    p.doc.note_explicit_target(target, Some(target));
    Ok(vec![target, block])
}

fn run_toctree<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    let node = p.doc.tree.element(Kind::Toctree, d.span);
    let entries: Vec<String> = d
        .content
        .iter()
        .map(|l| l.text.trim().to_string())
        .filter(|l| !l.is_empty() && !l.starts_with(".. "))
        .collect();
    p.doc.tree.set(node, "entries", entries);
    if let Some(depth) = d.options.int("maxdepth") {
        p.doc.tree.set(node, "maxdepth", depth);
    }
    if let Some(caption) = d.options.str("caption") {
        p.doc.tree.set(node, "caption", caption.to_string());
    }
    if d.options.has("numbered") {
        let depth = d
            .options
            .str("numbered")
            .and_then(|s| s.trim().parse::<i64>().ok());
        p.doc.tree.set(node, "numbered", depth.unwrap_or(1));
    }
    for flag in ["hidden", "glob", "titlesonly"] {
        if d.options.has(flag) {
            p.doc.tree.set(node, flag, true);
        }
    }
    p.add_classes(node, d);
    p.add_name(node, d);
    Ok(vec![node])
}

fn run_only<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    let node = p.doc.tree.element(Kind::Only, d.span);
    p.doc.tree.set(
        node,
        "expr",
        d.arguments.first().cloned().unwrap_or_default(),
    );
    p.parse_content(node, d);
    Ok(vec![node])
}

fn run_version_change<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    let kind = d.name.to_lowercase();
    let (label, class) = match kind.as_str() {
        "versionadded" => ("New in version", "added"),
        "versionchanged" => ("Changed in version", "changed"),
        _ => ("Deprecated since version", "deprecated"),
    };
    let version = d.arguments.first().cloned().unwrap_or_default();
    let node = p.doc.tree.element(Kind::VersionModified, d.span);
    p.doc.tree.set(node, "type", kind.clone());
    p.doc.tree.set(node, "version", version.clone());
    let holder = p.doc.tree.element(Kind::Container, d.span);
    if let Some(text) = d.arguments.get(1).cloned() {
        let (para, messages) = p.inline_element(Kind::Paragraph, &text, d.span, holder);
        p.doc.tree.append(holder, para);
        p.doc.tree.extend(holder, messages);
    }
    p.parse_content(holder, d);
    let mut children = p.doc.tree.take_children(holder);
    let first_is_paragraph = children
        .first()
        .is_some_and(|&c| p.doc.tree.kind(c) == Some(Kind::Paragraph));
    let text = if first_is_paragraph {
        format!("{label} {version}: ")
    } else {
        format!("{label} {version}.")
    };
    let inline = p.doc.tree.text_element(Kind::Inline, &text, d.span);
    p.doc.tree.set(
        inline,
        "classes",
        vec!["versionmodified".to_string(), class.to_string()],
    );
    if first_is_paragraph {
        let para = children[0];
        p.doc.tree.children_mut(para).insert(0, inline);
    } else {
        let para = p.doc.tree.element(Kind::Paragraph, d.span);
        p.doc.tree.append(para, inline);
        children.insert(0, para);
    }
    p.doc.tree.extend(node, children);
    Ok(vec![node])
}

fn run_seealso<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    let node = p.doc.tree.element(Kind::Seealso, d.span);
    if let Some(text) = d.arguments.first().cloned() {
        let (para, messages) = p.inline_element(Kind::Paragraph, &text, d.span, node);
        p.doc.tree.append(node, para);
        p.doc.tree.extend(node, messages);
    }
    p.parse_content(node, d);
    if p.doc.tree.children(node).is_empty() {
        return Err(DirectiveError::error(
            "Content block expected for the \"seealso\" directive; none found.",
        ));
    }
    Ok(vec![node])
}

fn run_glossary<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    let holder = p.doc.tree.element(Kind::Container, d.span);
    p.parse_content(holder, d);
    let node = p.doc.tree.element(Kind::Glossary, d.span);
    for child in p.doc.tree.take_children(holder) {
        if p.doc.tree.kind(child) == Some(Kind::DefinitionList) {
            p.doc.tree.attrs_mut(child).push("classes", "glossary");
            for term in p.doc.tree.descendants(child) {
                if p.doc.tree.kind(term) == Some(Kind::Term) {
                    let id = format!("term-{}", make_id(&p.doc.tree.astext(term)));
                    if !p.doc.id_exists(&id) {
                        p.doc.tree.attrs_mut(term).push("ids", id);
                        p.doc.set_id(term, None);
                    }
                }
            }
        }
        p.doc.tree.append(node, child);
    }
    Ok(vec![node])
}

fn run_hlist<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    let columns = usize::try_from(d.options.int("columns").unwrap_or(2).max(1)).unwrap_or(2);
    let holder = p.doc.tree.element(Kind::Container, d.span);
    p.parse_content(holder, d);
    let children = p.doc.tree.take_children(holder);
    let Some(&list) = children
        .iter()
        .find(|&&c| p.doc.tree.kind(c) == Some(Kind::BulletList))
    else {
        return Err(DirectiveError::warning(".. hlist content is not a list"));
    };
    let bullet = p
        .doc
        .tree
        .attrs(list)
        .str("bullet")
        .unwrap_or("*")
        .to_string();
    let items = p.doc.tree.take_children(list);
    let (per_column, extra) = (items.len() / columns, items.len() % columns);
    let node = p.doc.tree.element(Kind::Hlist, d.span);
    let mut rest = items.into_iter();
    for column in 0..columns {
        let count = per_column + usize::from(column < extra);
        let col = p.doc.tree.element(Kind::Hlistcol, d.span);
        let bullet_list = p.doc.tree.element(Kind::BulletList, d.span);
        p.doc.tree.set(bullet_list, "bullet", bullet.clone());
        p.doc.tree.extend(bullet_list, rest.by_ref().take(count));
        p.doc.tree.append(col, bullet_list);
        p.doc.tree.append(node, col);
    }
    Ok(vec![node])
}

fn run_centered<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    let text = d.arguments.first().cloned().unwrap_or_default();
    let (node, messages) = p.inline_element(Kind::Centered, &text, d.span, d.parent);
    Ok(std::iter::once(node).chain(messages).collect())
}

fn run_index<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    let node = p.doc.tree.element(Kind::Index, d.span);
    let mut entries: Vec<String> = d
        .arguments
        .first()
        .map(|a| a.lines().map(|l| l.trim().to_string()).collect())
        .unwrap_or_default();
    entries.extend(
        d.content
            .iter()
            .map(|l| l.text.trim().to_string())
            .filter(|l| !l.is_empty()),
    );
    p.doc.tree.set(node, "entries", entries);
    Ok(vec![node])
}

fn run_nothing<'a>(_: &mut Parser<'a>, _: &mut Directive<'a>) -> DirectiveResult {
    Ok(Vec::new())
}
