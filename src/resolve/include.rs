//! Included files: the `include` directive (when the parser leaves it to
//! the resolve passes as a `pending` node with transform
//! `rstconv.include`) and the file reading shared with Sphinx's
//! `literalinclude`.
//!
//! Paths are relative to the including file (its entry in the
//! document's [`SourceMap`]), so a file included from another folder
//! includes relative to itself. A file that cannot be read is an error
//! naming the include chain (`a.rst:3 → b.rst:7`), from the source map.
//! Under `--safe` no absolute path and no path leaving the root (by `..`
//! or a symbolic link) is read ([`crate::read::confine`]).
//!
//! Parse-stage form of `include` (details of the pending node, as the
//! directive's options are spelled): `path` (the argument), `literal`,
//! `code`, `number-lines`, `start-line`, `end-line`, `start-after`,
//! `end-before`, `encoding`, `tab-width`, `class`, `name`.

use std::path::{Component, Path, PathBuf};

use crate::diag::{FileId, Severity};
use crate::ir::{AttrValue, Kind, Span};
use crate::read::{ReadOptions, decode_input};

use super::ResolveOptions;
use super::doc::Doc;
use super::parts::detail;
use super::tree::NodeId;

/// docutils refuses to nest includes deeper than this (a guard against
/// runaway recursion that is not a cycle, e.g. generated names).
const MAX_INCLUDE_DEPTH: usize = 20;

/// A file read for a directive.
pub struct IncludedFile {
    /// The path as opened.
    pub path: PathBuf,
    /// The path as shown to users: relative to the main document's folder
    /// when it is inside it.
    pub display: String,
    pub text: String,
}

/// Resolve `written` relative to the file of `span` and read it.
/// Errors are messages for a diagnostic.
pub fn read_relative(
    doc: &Doc,
    span: Span,
    written: &str,
    options: &ResolveOptions,
) -> Result<IncludedFile, String> {
    let written = written.trim();
    if written.starts_with('<') && written.ends_with('>') {
        return Err(format!(
            "standard include file \"{written}\" is not available (docutils' own files are not shipped)"
        ));
    }
    if crate::read::confine::is_fetchable_url(written) {
        return Err(crate::read::confine::url_refusal(written));
    }
    let including = doc
        .sources
        .path(span.file)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let base = including
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let candidate = Path::new(written);
    let path = normalize(&if candidate.is_absolute() {
        candidate.to_path_buf()
    } else {
        base.join(candidate)
    });
    if options.safe {
        let root = options
            .root
            .clone()
            .or_else(|| main_dir(doc))
            .unwrap_or_default();
        // `..`, absolute paths and symbolic links out of the root.
        crate::read::confine::check_inside(&root, written, &path).map_err(|r| r.to_string())?;
    }
    let bytes = crate::read::read_regular_file(&path)
        .map_err(|e| format!("cannot read \"{written}\" ({}): {e}", path.display()))?;
    if let Some(what) = crate::read::sniff_binary(&bytes) {
        return Err(format!(
            "\"{written}\" is not a text file: it looks like {what}"
        ));
    }
    let (text, _) = decode_input(&bytes, &path.display().to_string());
    Ok(IncludedFile {
        display: display_path(doc, &path),
        path,
        text,
    })
}

/// The folder of the main document.
pub fn main_dir(doc: &Doc) -> Option<PathBuf> {
    doc.sources
        .path(FileId(0))
        .and_then(Path::parent)
        .map(Path::to_path_buf)
}

/// `path` relative to the main document's folder when inside it.
pub fn display_path(doc: &Doc, path: &Path) -> String {
    let dir = main_dir(doc).map(|d| normalize(&d)).unwrap_or_default();
    let normalized = normalize(path);
    match normalized.strip_prefix(&dir) {
        Ok(rel) if !dir.as_os_str().is_empty() => rel.to_string_lossy().replace('\\', "/"),
        _ => normalized.to_string_lossy().replace('\\', "/"),
    }
}

/// `a/./b/../c` → `a/c`, without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// docutils' clipping of an included text: `start-line`/`end-line` (0-based
/// slice of lines), then after `start-after` and before `end-before`.
pub fn clip(
    text: &str,
    start_line: Option<i64>,
    end_line: Option<i64>,
    start_after: Option<&str>,
    end_before: Option<&str>,
) -> Result<String, String> {
    let mut text = text.to_string();
    if start_line.is_some() || end_line.is_some() {
        let lines: Vec<&str> = text.lines().collect();
        let n = lines.len() as i64;
        let index = |i: i64| -> usize { (if i < 0 { (n + i).max(0) } else { i.min(n) }) as usize };
        let start = start_line.map(index).unwrap_or(0);
        let end = end_line.map(index).unwrap_or(lines.len());
        text = if start < end {
            lines[start..end].join("\n")
        } else {
            String::new()
        };
    }
    if let Some(after) = start_after.filter(|s| !s.is_empty()) {
        let at = text
            .find(after)
            .ok_or("Problem with \"start-after\" option: text not found.")?;
        text = text[at + after.len()..].to_string();
    }
    if let Some(before) = end_before.filter(|s| !s.is_empty()) {
        let at = text
            .find(before)
            .ok_or("Problem with \"end-before\" option: text not found.")?;
        text.truncate(at);
    }
    Ok(text)
}

/// Python's `str.expandtabs`.
pub fn expand_tabs(text: &str, width: usize) -> String {
    if !text.contains('\t') || width == 0 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut column = 0;
    for c in text.chars() {
        match c {
            '\t' => {
                let spaces = width - column % width;
                out.extend(std::iter::repeat_n(' ', spaces));
                column += spaces;
            }
            '\n' | '\r' => {
                out.push(c);
                column = 0;
            }
            c => {
                out.push(c);
                column += 1;
            }
        }
    }
    out
}

/// A string detail of a pending node.
pub fn detail_text(doc: &Doc, pending: NodeId, key: &str) -> Option<String> {
    match detail(doc, pending, key)? {
        AttrValue::Str(s) => Some(s),
        AttrValue::Int(i) => Some(i.to_string()),
        _ => None,
    }
}

/// An integer detail of a pending node.
pub fn detail_int(doc: &Doc, pending: NodeId, key: &str) -> Option<i64> {
    match detail(doc, pending, key)? {
        AttrValue::Int(i) => Some(i),
        AttrValue::Str(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A list detail (`class`).
pub fn detail_list(doc: &Doc, pending: NodeId, key: &str) -> Vec<String> {
    match detail(doc, pending, key) {
        Some(AttrValue::List(l)) => l,
        Some(AttrValue::Str(s)) => s.split_whitespace().map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

/// Report a file that cannot be read at a directive: an error system
/// message in the directive's place and a diagnostic with the include
/// chain.
pub fn report_file_error(doc: &mut Doc, pending: NodeId, directive: &str, message: String) {
    report_directive_error(
        doc,
        pending,
        format!("Problems with \"{directive}\" directive path:\n{message}."),
    );
}

/// Report a problem with what a file-reading directive asked for (a
/// pattern not found, an empty line range) like [`report_file_error`].
pub fn report_content_error(doc: &mut Doc, pending: NodeId, directive: &str, message: String) {
    report_directive_error(
        doc,
        pending,
        format!("Problem with \"{directive}\" directive:\n{message}"),
    );
}

fn report_directive_error(doc: &mut Doc, pending: NodeId, message: String) {
    let span = doc.tree.line_of(pending);
    let msg = doc.report_at(Severity::Error, message, span, Vec::new());
    if let Some(last) = doc.diagnostics.last_mut() {
        last.code = "missing-file";
    }
    doc.tree.replace(pending, vec![msg]);
}

/// Expand every `include` pending node (included files may include
/// further; cycles and over-deep nesting are errors).
pub fn apply(doc: &mut Doc, options: &ResolveOptions) {
    let mut changed = false;
    // Bounded: each round goes one include level deeper.
    for _ in 0..=MAX_INCLUDE_DEPTH {
        let pendings: Vec<NodeId> = doc
            .nodes_of(Kind::Pending)
            .into_iter()
            .filter(|&p| {
                doc.tree.attrs(p).str("transform") == Some(super::transform_names::INCLUDE)
            })
            .collect();
        if pendings.is_empty() {
            break;
        }
        for pending in pendings {
            expand_one(doc, pending, options);
            changed = true;
        }
        // The included content (and its own includes) joins the maps.
        doc.reindex();
    }
    for pending in doc.nodes_of(Kind::Pending) {
        if doc.tree.attrs(pending).str("transform") == Some(super::transform_names::INCLUDE) {
            report_file_error(
                doc,
                pending,
                "include",
                "includes nested too deeply".to_string(),
            );
        }
    }
    let literal_includes: Vec<NodeId> = doc
        .nodes_of(Kind::Pending)
        .into_iter()
        .filter(|&p| {
            doc.tree.attrs(p).str("transform") == Some(super::transform_names::LITERAL_INCLUDE)
        })
        .collect();
    for pending in literal_includes {
        super::sphinx::code::literal_include(doc, pending, options);
    }
    if changed {
        doc.reindex();
    }
}

fn expand_one(doc: &mut Doc, pending: NodeId, options: &ResolveOptions) {
    let span = doc.tree.line_of(pending);
    let Some(written) = detail_text(doc, pending, "path") else {
        report_file_error(doc, pending, "include", "no path given".to_string());
        return;
    };
    let file = match read_relative(doc, span, &written, options) {
        Ok(file) => file,
        Err(message) => {
            report_file_error(doc, pending, "include", message);
            return;
        }
    };
    // A file that is already being included further up is a cycle.
    let mut current = Some(span.file);
    let mut guard = 0;
    while let Some(id) = current {
        if doc.sources.path(id).map(normalize) == Some(normalize(&file.path)) {
            report_file_error(
                doc,
                pending,
                "include",
                format!("\"{written}\" includes itself"),
            );
            return;
        }
        current = doc
            .sources
            .get(id)
            .and_then(|f| f.included_from)
            .map(|(p, _)| p);
        guard += 1;
        if guard > doc.sources.files().len() {
            break;
        }
    }
    let text = match clip(
        &file.text,
        detail_int(doc, pending, "start-line"),
        detail_int(doc, pending, "end-line"),
        detail_text(doc, pending, "start-after").as_deref(),
        detail_text(doc, pending, "end-before").as_deref(),
    ) {
        Ok(text) => text,
        Err(message) => {
            report_content_error(doc, pending, "include", message);
            return;
        }
    };
    let tab_width = detail_int(doc, pending, "tab-width").unwrap_or(8);
    let literal = detail(doc, pending, "literal").is_some();
    let code = detail(doc, pending, "code").is_some();
    if literal || code {
        let text = if tab_width >= 0 {
            expand_tabs(&text, tab_width as usize)
        } else {
            text
        };
        let block = doc.tree.new_element(Kind::LiteralBlock, span);
        let attrs = doc.tree.attrs_mut(block);
        attrs.set("source", file.display.clone());
        attrs.set("xml:space", "preserve");
        let mut classes = Vec::new();
        if code {
            classes.push("code".to_string());
            if let Some(language) = detail_text(doc, pending, "code").filter(|l| !l.is_empty()) {
                classes.push(language);
            }
        }
        classes.extend(detail_list(doc, pending, "class"));
        doc.tree.attrs_mut(block).set("classes", classes);
        let body = if code {
            text.strip_suffix('\n').unwrap_or(&text).to_string()
        } else {
            text
        };
        let t = doc.tree.new_text(body, span);
        doc.tree.append(block, t);
        if let Some(name) = detail_text(doc, pending, "name") {
            doc.tree
                .attrs_mut(block)
                .set("names", vec![super::ids::normalize_name(&name)]);
            doc.note_explicit_target(block);
        }
        doc.tree.replace(pending, vec![block]);
        return;
    }
    let file_id = doc.sources.add_included(
        file.path.clone(),
        file.display.as_str(),
        Some((span.file, span.line)),
    );
    let read_options = ReadOptions {
        source_name: file.display.clone(),
        path: Some(file.path.clone()),
        safe: options.safe,
        root: options.root.clone(),
        tab_width: usize::try_from(tab_width).unwrap_or(8),
    };
    let parsed = crate::read::rst::parse(&text, &read_options);
    let chain = doc.sources.include_chain(file_id);
    for mut diagnostic in parsed.diagnostics {
        diagnostic.chain = chain.clone();
        doc.diagnostics.push(diagnostic);
    }
    let root = doc
        .tree
        .import(crate::ir::Node::Element(parsed.document.root), None);
    // Spans of the included tree point into the new file.
    for node in doc.tree.preorder(root) {
        let n = doc.tree.node_mut(node);
        n.span.file = file_id;
    }
    let children = doc.tree.children(root).to_vec();
    for &child in &children {
        for node in doc.tree.preorder(child) {
            if doc.tree.kind(node).is_some()
                && (!doc.tree.attrs(node).list("ids").is_empty()
                    || !doc.tree.attrs(node).list("names").is_empty())
            {
                doc.register_foreign_target(node);
            }
        }
    }
    doc.tree.replace(pending, children);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn include_clip_like_docutils() {
        let text = "a\nb\nc\nd\n";
        assert_eq!(
            clip(text, Some(1), Some(3), None, None).as_deref(),
            Ok("b\nc")
        );
        assert_eq!(
            clip(text, Some(-2), None, None, None).as_deref(),
            Ok("c\nd")
        );
        assert_eq!(
            clip(text, None, None, Some("b\n"), Some("d")).as_deref(),
            Ok("c\n")
        );
        assert!(clip(text, None, None, Some("zzz"), None).is_err());
    }

    #[test]
    fn include_normalize_paths() {
        assert_eq!(normalize(Path::new("a/./b/../c")), PathBuf::from("a/c"));
        assert_eq!(normalize(Path::new("../x")), PathBuf::from("../x"));
    }

    #[test]
    fn include_expand_tabs() {
        assert_eq!(expand_tabs("a\tb", 4), "a   b");
        assert_eq!(expand_tabs("\tx\n\ty", 8), "        x\n        y");
    }
}
