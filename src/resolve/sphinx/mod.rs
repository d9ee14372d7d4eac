//! The Sphinx lesson subset, resolved (priority 900, after docutils'
//! transforms):
//!
//! - [`code`]: `highlight` languages, `literalinclude` (read in the
//!   include phase, so its `:name:` is a target like any other);
//! - `index` nodes removed (accepted, no output);
//! - `download_reference`: file name added, missing files reported;
//! - images in included files: `uri` made relative to the main document;
//! - `toctree`: entries as doc names (globs expanded), titles;
//! - [`catalog`] and [`xref`]: labels, terms, equations and numbers, then
//!   `:ref:`/`:numref:`/`:term:`/`:doc:`/`:eq:` and the Python roles.
//!
//! `only` nodes stay (see [`super::only`]).

pub mod catalog;
pub mod code;
pub mod xref;

use std::path::{Path, PathBuf};

use crate::diag::{FileId, Severity};
use crate::ir::Kind;

use super::ResolveOptions;
use super::doc::Doc;
use super::include::{display_path, main_dir, normalize};
use super::tree::NodeId;

/// The Sphinx passes that need no other document.
pub fn apply(doc: &mut Doc, options: &ResolveOptions) {
    // One walk for the kinds the three passes below look at (a walk of a
    // document with generated tables of contents reads ~300,000 nodes).
    // None of them makes or removes nodes of another's kinds: the index
    // entries and `highlight` settings they detach have no children.
    let found = doc.tree.find_kinds(&[
        Kind::Pending,
        Kind::LiteralBlock,
        Kind::DownloadReference,
        Kind::Image,
    ]);
    let of = |kinds: &[Kind]| -> Vec<NodeId> {
        found
            .iter()
            .copied()
            .filter(|&n| doc.tree.kind(n).is_some_and(|k| kinds.contains(&k)))
            .collect()
    };
    let code_nodes = of(&[Kind::Pending, Kind::LiteralBlock]);
    let download_nodes = of(&[Kind::DownloadReference]);
    let image_nodes = of(&[Kind::Image]);
    code::highlight(doc, code_nodes);
    for index in doc.nodes_of(Kind::Index) {
        doc.tree.detach(index);
    }
    downloads(doc, download_nodes);
    included_images(doc, image_nodes);
    for toctree in doc.nodes_of(Kind::Toctree) {
        resolve_toctree(doc, toctree, options);
    }
}

/// The folder of the file a node comes from.
fn folder_of(doc: &Doc, file: FileId) -> PathBuf {
    doc.sources
        .path(file)
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn is_relative_uri(uri: &str) -> bool {
    !(uri.contains("://")
        || uri.starts_with('/')
        || uri.starts_with("data:")
        || uri.starts_with('#'))
}

/// `download_reference`: `filename` is the file's base name; a file that
/// does not exist (relative to the referring file) is a warning.
fn downloads(doc: &mut Doc, nodes: Vec<NodeId>) {
    for node in nodes {
        let Some(target) = doc.tree.attrs(node).str("reftarget").map(str::to_string) else {
            continue;
        };
        let filename = target.rsplit('/').next().unwrap_or(&target).to_string();
        doc.tree.attrs_mut(node).set("filename", filename);
        if !is_relative_uri(&target) {
            continue;
        }
        let span = doc.tree.line_of(node);
        let path = normalize(&folder_of(doc, span.file).join(&target));
        if !path.is_file() {
            doc.diagnose(
                Severity::Warning,
                "missing-download",
                span,
                format!("download file not readable: {target}"),
            );
        }
        if span.file != FileId(0) {
            let shown = display_path(doc, &path);
            doc.tree.attrs_mut(node).set("reftarget", shown);
        }
    }
}

/// Image URIs are relative to the file that names them; an image in an
/// included file from another folder is rewritten relative to the main
/// document's folder, where writers look.
fn included_images(doc: &mut Doc, nodes: Vec<NodeId>) {
    let Some(main) = main_dir(doc) else {
        return;
    };
    for node in nodes {
        let span = doc.tree.line_of(node);
        if span.file == FileId(0) {
            continue;
        }
        let Some(uri) = doc.tree.attrs(node).str("uri").map(str::to_string) else {
            continue;
        };
        if !is_relative_uri(&uri) || folder_of(doc, span.file) == main {
            continue;
        }
        let path = normalize(&folder_of(doc, span.file).join(&uri));
        let shown = display_path(doc, &path);
        doc.tree.attrs_mut(node).set("uri", shown);
    }
}

/// This document's doc name (`lessons/intro` for `lessons/intro.rst` in a
/// course; the file stem alone).
pub fn current_docname(doc: &Doc, options: &ResolveOptions) -> String {
    if let Some(name) = &options.docname {
        return name.clone();
    }
    doc.sources
        .path(FileId(0))
        .and_then(Path::file_stem)
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// One toctree entry as written: `Title <target>` or `target`.
pub fn split_entry(entry: &str) -> (Option<String>, String) {
    let entry = entry.trim();
    if let Some(stripped) = entry.strip_suffix('>')
        && let Some(open) = stripped.rfind('<')
        && open > 0
        && stripped[..open].ends_with(char::is_whitespace)
    {
        let title = stripped[..open].trim().to_string();
        let target = stripped[open + 1..].trim().to_string();
        return (Some(title), target);
    }
    (None, entry.to_string())
}

/// The root folder doc names are relative to (the course root, or the
/// main document's folder).
fn docs_root(doc: &Doc, options: &ResolveOptions) -> PathBuf {
    options
        .root
        .clone()
        .or_else(|| main_dir(doc))
        .unwrap_or_default()
}

/// Toctree entries: `Title <doc>` split, doc names made relative to the
/// root, globs expanded (sorted, this document left out), missing
/// documents reported. `titles` holds the explicit titles, else the doc
/// names (a course puts the lessons' titles there).
fn resolve_toctree(doc: &mut Doc, toctree: NodeId, options: &ResolveOptions) {
    let here = current_docname(doc, options);
    let root = docs_root(doc, options);
    let glob = doc.tree.attrs(toctree).flag("glob");
    let raw: Vec<String> = doc.tree.attrs(toctree).list("entries").to_vec();
    let span = doc.tree.line_of(toctree);
    let mut entries = Vec::new();
    let mut titles = Vec::new();
    for entry in raw {
        let (title, target) = split_entry(&entry);
        if target == "self" || target.contains("://") {
            titles.push(title.unwrap_or_else(|| target.clone()));
            entries.push(target);
            continue;
        }
        let docname = xref::resolve_docname(&here, &target);
        if glob && title.is_none() && target.contains(['*', '?', '[']) {
            let mut matches = glob_docnames(&root, &docname);
            matches.retain(|d| *d != here);
            if matches.is_empty() {
                doc.diagnose(
                    Severity::Warning,
                    "toctree-glob",
                    span,
                    format!("toctree glob pattern '{target}' didn't match any documents"),
                );
            }
            for m in matches {
                titles.push(m.clone());
                entries.push(m);
            }
            continue;
        }
        if !root.join(format!("{docname}.rst")).is_file() {
            doc.diagnose(
                Severity::Warning,
                "toctree-missing",
                span,
                format!("toctree contains reference to nonexisting document '{docname}'"),
            );
        }
        titles.push(title.unwrap_or_else(|| docname.clone()));
        entries.push(docname);
    }
    let attrs = doc.tree.attrs_mut(toctree);
    attrs.set("entries", entries);
    attrs.set("titles", titles);
}

/// Doc names under `root` matching a glob pattern (sorted).
fn glob_docnames(root: &Path, pattern: &str) -> Vec<String> {
    let full = root.join(format!("{pattern}.rst"));
    let Some(full) = full.to_str() else {
        return Vec::new();
    };
    let mut out: Vec<String> = glob::glob(full)
        .map(|paths| {
            paths
                .filter_map(Result::ok)
                .filter_map(|p| {
                    p.strip_prefix(root)
                        .ok()
                        .map(|rel| rel.with_extension("").to_string_lossy().replace('\\', "/"))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sphinx_toctree_entries() {
        assert_eq!(split_entry("intro"), (None, "intro".to_string()));
        assert_eq!(
            split_entry("The intro <lessons/intro>"),
            (Some("The intro".to_string()), "lessons/intro".to_string())
        );
        assert_eq!(split_entry("a<b>"), (None, "a<b>".to_string()));
    }
}
