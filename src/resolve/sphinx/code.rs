//! Code blocks of the Sphinx subset: `literalinclude` files read and cut,
//! `highlight` languages given to the literal blocks that follow, and the
//! resolved form every highlighted block shares (see
//! `fixtures/ir/sphinx-subset.pxml`):
//!
//! ```text
//! <literal_block classes="code python" language="python" linenos="1"
//!                lineno_start="10" highlight_lines="2 3" xml:space="preserve">
//! ```
//!
//! wrapped, when it has a caption, in
//! `<container classes="literal-block-wrapper">` with a `caption` first.
//!
//! Parse-stage forms: `code-block` is a `literal_block` with a `language`
//! attribute (empty when the directive had no argument: the `highlight`
//! language applies); `highlight` is a `pending` node
//! (`rstconv.sphinx.highlight`, details `language`, `linenothreshold`);
//! `literalinclude` is a `pending` node (`rstconv.sphinx.literalinclude`)
//! whose details are the directive's argument (`path`) and options.

use crate::diag::Severity;
use crate::ir::{AttrValue, Kind, Span};

use super::super::ResolveOptions;
use super::super::doc::Doc;
use super::super::ids::normalize_name;
use super::super::include::{
    detail_int, detail_list, detail_text, expand_tabs, read_relative, report_content_error,
    report_file_error,
};
use super::super::parts::detail;
use super::super::tree::NodeId;

/// Sphinx's `parselinenos`: `1-3,5,7-` → 0-based line indexes. Ranges
/// past `total` are kept (the caller warns); a malformed spec is an error.
pub fn parse_line_spec(spec: &str, total: usize) -> Result<Vec<usize>, String> {
    let mut out = Vec::new();
    for part in spec.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let number = |s: &str| -> Result<usize, String> {
            s.trim()
                .parse::<usize>()
                .ok()
                .filter(|&n| n > 0)
                .ok_or_else(|| format!("invalid line number spec: {spec:?}"))
        };
        match part.split_once('-') {
            None => out.push(number(part)? - 1),
            Some((start, end)) => {
                let first = if start.trim().is_empty() {
                    1
                } else {
                    number(start)?
                };
                let last = if end.trim().is_empty() {
                    total.max(first)
                } else {
                    number(end)?
                };
                if first > last {
                    return Err(format!("invalid line number spec: {spec:?}"));
                }
                // A range is bounded by what can exist, so a spec like
                // `1-99999999` costs nothing.
                let last = last.min(total.max(first));
                out.extend((first - 1)..last);
            }
        }
    }
    Ok(out)
}

/// Remove `amount` leading characters of whitespace from each line, or the
/// common indentation when `amount` is `None` (Sphinx's `dedent_lines`).
pub fn dedent_lines(lines: &[String], amount: Option<usize>) -> Vec<String> {
    let amount = amount.unwrap_or_else(|| {
        lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start().len())
            .min()
            .unwrap_or(0)
    });
    lines
        .iter()
        .map(|line| {
            let strip = line
                .char_indices()
                .take(amount)
                .take_while(|(_, c)| c.is_whitespace() && *c != '\n')
                .last()
                .map_or(0, |(i, c)| i + c.len_utf8());
            line[strip..].to_string()
        })
        .collect()
}

/// The lines of a Python object (`function`, `Class`, `Class.method`):
/// its `def`/`class` line with the decorators above it, to the end of its
/// indented block. `None` when not found.
pub fn python_object_lines(lines: &[String], dotted: &str) -> Option<(usize, usize)> {
    let mut start = 0;
    let mut end = lines.len();
    let mut indent: Option<usize> = None;
    let mut found = None;
    for part in dotted.split('.') {
        let mut hit = None;
        for (i, line) in lines.iter().enumerate().take(end).skip(start) {
            let trimmed = line.trim_start();
            let this_indent = line.len() - trimmed.len();
            if indent.is_some_and(|outer| this_indent <= outer) && !trimmed.is_empty() {
                continue;
            }
            let rest = trimmed
                .strip_prefix("async def ")
                .or_else(|| trimmed.strip_prefix("def "))
                .or_else(|| trimmed.strip_prefix("class "));
            if let Some(rest) = rest
                && rest.strip_prefix(part).is_some_and(|after| {
                    after.starts_with('(')
                        || after.starts_with(':')
                        || after.trim_start().starts_with('(')
                })
            {
                hit = Some((i, this_indent));
                break;
            }
        }
        let (line, def_indent) = hit?;
        // The block ends before the next non-blank line indented no deeper.
        let mut block_end = line + 1;
        let mut last_content = line;
        while block_end < end {
            let l = &lines[block_end];
            let t = l.trim_start();
            if !t.is_empty() {
                if l.len() - t.len() <= def_indent {
                    break;
                }
                last_content = block_end;
            }
            block_end += 1;
        }
        // Decorators directly above.
        let mut first = line;
        while first > start
            && lines[first - 1].trim_start().starts_with('@')
            && lines[first - 1].len() - lines[first - 1].trim_start().len() == def_indent
        {
            first -= 1;
        }
        found = Some((first, last_content + 1));
        start = line + 1;
        end = last_content + 1;
        indent = Some(def_indent);
    }
    found
}

/// Read and cut the file of a `literalinclude` pending node and put the
/// resolved literal block (or captioned container) in its place.
pub fn literal_include(doc: &mut Doc, pending: NodeId, options: &ResolveOptions) {
    let span = doc.tree.line_of(pending);
    let Some(written) = detail_text(doc, pending, "path") else {
        report_file_error(
            doc,
            pending,
            "literalinclude",
            "no file name given".to_string(),
        );
        return;
    };
    let file = match read_relative(doc, span, &written, options) {
        Ok(file) => file,
        Err(message) => {
            report_file_error(doc, pending, "literalinclude", message);
            return;
        }
    };
    let text = match detail_int(doc, pending, "tab-width") {
        Some(width) if width > 0 => expand_tabs(&file.text, width as usize),
        _ => file.text.clone(),
    };
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    let mut first_line = 1;
    let fail = |doc: &mut Doc, message: String| {
        report_content_error(doc, pending, "literalinclude", message);
    };
    // Sphinx's filter order: pyobject, start, end, lines, dedent.
    if let Some(object) = detail_text(doc, pending, "pyobject") {
        match python_object_lines(&lines, &object) {
            Some((from, to)) => {
                first_line = from + 1;
                lines = lines[from..to].to_vec();
            }
            None => {
                return fail(
                    doc,
                    format!("Object named {object:?} not found in include file {written:?}"),
                );
            }
        }
    }
    for (key, inclusive) in [("start-after", false), ("start-at", true)] {
        if let Some(marker) = detail_text(doc, pending, key) {
            match lines.iter().position(|l| l.contains(marker.as_str())) {
                Some(i) => {
                    let from = if inclusive { i } else { i + 1 };
                    first_line += from;
                    lines = lines[from..].to_vec();
                }
                None => return fail(doc, format!("{key} pattern not found: {marker}")),
            }
        }
    }
    for (key, inclusive) in [("end-before", false), ("end-at", true)] {
        if let Some(marker) = detail_text(doc, pending, key) {
            match lines.iter().position(|l| l.contains(marker.as_str())) {
                Some(i) => lines.truncate(if inclusive { i + 1 } else { i }),
                None => return fail(doc, format!("{key} pattern not found: {marker}")),
            }
        }
    }
    if let Some(spec) = detail_text(doc, pending, "lines") {
        let total = lines.len();
        match parse_line_spec(&spec, total) {
            Ok(indexes) => {
                if indexes.iter().any(|&i| i >= total) {
                    doc.diagnose(
                        Severity::Warning,
                        "line-spec",
                        span,
                        format!("line number spec is out of range(1-{total}): {spec:?}"),
                    );
                }
                if let Some(&first) = indexes.first() {
                    first_line += first;
                }
                lines = indexes
                    .into_iter()
                    .filter_map(|i| lines.get(i).cloned())
                    .collect();
                if lines.is_empty() {
                    return fail(
                        doc,
                        format!(
                            "Line spec {spec:?}: no lines pulled from include file {written:?}"
                        ),
                    );
                }
            }
            Err(message) => return fail(doc, message),
        }
    }
    if let Some(dedent) = detail(doc, pending, "dedent") {
        let amount = match dedent {
            AttrValue::Int(i) => usize::try_from(i).ok(),
            AttrValue::Str(s) => s.trim().parse().ok(),
            _ => None,
        };
        let stripped: Vec<String> = lines
            .iter()
            .map(|l| l.trim_end_matches('\n').to_string())
            .collect();
        lines = dedent_lines(&stripped, amount)
            .into_iter()
            .map(|l| l + "\n")
            .collect();
    }
    let body = lines.concat();
    let body = body.strip_suffix('\n').unwrap_or(&body).to_string();
    let block = doc.tree.new_element(Kind::LiteralBlock, span);
    let t = doc.tree.new_text(body, span);
    doc.tree.append(block, t);
    let language = detail_text(doc, pending, "language").unwrap_or_default();
    {
        let attrs = doc.tree.attrs_mut(block);
        attrs.set("xml:space", "preserve");
        attrs.set("source", file.display.clone());
        // Empty: the `highlight` language applies (see [`highlight`]).
        attrs.set("language", language);
    }
    if detail(doc, pending, "linenos").is_some() || detail(doc, pending, "lineno-match").is_some() {
        doc.tree
            .attrs_mut(block)
            .set("linenos", AttrValue::Bool(true));
    }
    if detail(doc, pending, "lineno-match").is_some() {
        doc.tree
            .attrs_mut(block)
            .set("lineno_start", AttrValue::Int(first_line as i64));
    } else if let Some(start) = detail_int(doc, pending, "lineno-start") {
        let attrs = doc.tree.attrs_mut(block);
        attrs.set("lineno_start", AttrValue::Int(start));
        attrs.set("linenos", AttrValue::Bool(true));
    }
    if let Some(spec) = detail_text(doc, pending, "emphasize-lines") {
        let count = doc.tree.text_content(block).lines().count();
        match parse_line_spec(&spec, count) {
            Ok(indexes) => {
                let numbers: Vec<String> = indexes.iter().map(|i| (i + 1).to_string()).collect();
                doc.tree.attrs_mut(block).set("highlight_lines", numbers);
            }
            Err(message) => doc.diagnose(Severity::Warning, "line-spec", span, message),
        }
    }
    let classes = detail_list(doc, pending, "class");
    doc.tree.attrs_mut(block).extend("classes", classes);
    let caption = detail_text(doc, pending, "caption");
    let node = match caption {
        Some(caption) => wrap_with_caption(doc, block, &caption, span),
        None => block,
    };
    if let Some(name) = detail_text(doc, pending, "name") {
        doc.tree
            .attrs_mut(node)
            .push("names", normalize_name(&name));
        doc.note_explicit_target(node);
    }
    doc.tree.replace(pending, vec![node]);
}

/// Sphinx's `container_wrapper`: a captioned code block.
pub fn wrap_with_caption(doc: &mut Doc, block: NodeId, caption: &str, span: Span) -> NodeId {
    let container = doc.tree.new_element(Kind::Container, span);
    doc.tree
        .attrs_mut(container)
        .push("classes", "literal-block-wrapper");
    let caption_node = doc.tree.new_element(Kind::Caption, span);
    let text = doc.tree.new_text(caption, span);
    doc.tree.append(caption_node, text);
    doc.tree.append(container, caption_node);
    doc.tree.append(container, block);
    container
}

/// Give literal blocks their language: a `code-block`'s own, else the
/// language of the last `highlight` before it (for `code-block`s without
/// one and plain `::` blocks); then the shared classes `code <language>`.
/// docutils' `code` blocks (class `code`, no `language` attribute) and
/// parsed literals are left as they are, so documents without Sphinx
/// markup resolve exactly as docutils resolves them. `order`: the
/// document's literal blocks and `pending` nodes, in document order.
pub fn highlight(doc: &mut Doc, order: Vec<NodeId>) {
    let highlight_transform = super::super::transform_names::HIGHLIGHT;
    let mut current: Option<String> = None;
    let mut threshold: Option<i64> = None;
    for node in order {
        match doc.tree.kind(node) {
            Some(Kind::Pending)
                if doc.tree.attrs(node).str("transform") == Some(highlight_transform) =>
            {
                current = detail_text(doc, node, "language").filter(|l| !l.is_empty());
                threshold = detail_int(doc, node, "linenothreshold");
                doc.tree.detach(node);
            }
            Some(Kind::LiteralBlock) => {
                let attrs = doc.tree.attrs(node);
                let language = match attrs.str("language") {
                    Some("") => current.clone(),
                    Some(own) => Some(own.to_string()),
                    None => {
                        let plain = !attrs.list("classes").iter().any(|c| c == "code")
                            && doc.tree.children(node).iter().all(|&c| doc.tree.is_text(c));
                        if plain { current.clone() } else { continue }
                    }
                };
                let Some(language) = language.filter(|l| l != "none" && l != "text") else {
                    doc.tree.attrs_mut(node).remove("language");
                    continue;
                };
                let had_language_attr = doc.tree.attrs(node).has("language");
                let mut classes = vec!["code".to_string(), language.clone()];
                for c in doc.tree.attrs(node).list("classes") {
                    if !classes.contains(c) {
                        classes.push(c.clone());
                    }
                }
                let lines = doc.tree.text_content(node).lines().count() as i64;
                let attrs = doc.tree.attrs_mut(node);
                attrs.set("classes", classes);
                attrs.set("language", language);
                if !had_language_attr && threshold.is_some_and(|t| lines > t) {
                    attrs.set("linenos", AttrValue::Bool(true));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sphinx_line_specs() {
        assert_eq!(parse_line_spec("1-3,5", 10), Ok(vec![0, 1, 2, 4]));
        assert_eq!(parse_line_spec("8-", 10), Ok(vec![7, 8, 9]));
        assert_eq!(parse_line_spec("-2", 10), Ok(vec![0, 1]));
        assert!(parse_line_spec("3-1", 10).is_err());
        assert!(parse_line_spec("x", 10).is_err());
        assert_eq!(parse_line_spec("1-99999999999", 3), Ok(vec![0, 1, 2]));
    }

    #[test]
    fn sphinx_python_object() {
        let src: Vec<String> = "import x\n\n\n@dec\ndef f(a):\n    return a\n\n\nclass C:\n    def m(self):\n        pass\n\n    def n(self):\n        pass\n"
            .split_inclusive('\n')
            .map(str::to_string)
            .collect();
        assert_eq!(python_object_lines(&src, "f"), Some((3, 6)));
        assert_eq!(python_object_lines(&src, "C.m"), Some((9, 11)));
        assert_eq!(python_object_lines(&src, "C"), Some((8, 14)));
        assert_eq!(python_object_lines(&src, "nope"), None);
    }

    #[test]
    fn sphinx_dedent() {
        let lines = vec!["    a".to_string(), "      b".to_string(), "".to_string()];
        assert_eq!(dedent_lines(&lines, None), vec!["a", "  b", ""]);
        assert_eq!(dedent_lines(&lines, Some(2)), vec!["  a", "    b", ""]);
    }
}
