//! Course packs: a folder whose `index.rst` holds a `toctree` is one
//! course (see [`crate::course`]).
//!
//! [`load_course`] reads `index.rst`, follows the toctrees (globs too)
//! depth first, parses and resolves the lessons in parallel (rayon), then
//! runs one cross-document pass: `:doc:`, `:ref:`, `:numref:`, `:term:`
//! and `:eq:` across lessons become `reference` nodes with `refdoc` (+
//! `refid`), toctree titles become the lessons' titles, and figures,
//! tables, listings and equations are numbered through the book in
//! reading order. Diagnostics come back sorted by file and line.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::course::{Course, Lesson};
use crate::diag::{Diagnostic, Severity, sort_diagnostics};
use crate::ir::{AttrValue, Document, Element, Kind, Node};
use crate::read::{Parsed, ReadOptions, decode_owned};

use super::sphinx::catalog::{Catalog, FigType};
use super::sphinx::xref::{DocEntry, Scope, resolve_xrefs};
use super::{ResolveOptions, Resolved, resolve_with_catalog};

/// How a course reads one file: the real parser, or (in tests) a stand-in.
pub type ParseFn<'a> = dyn Fn(&Path, &ReadOptions) -> Result<Parsed, Diagnostic> + Sync + 'a;

/// Read, parse and resolve the course whose folder is `root`.
pub fn load_course(root: &Path, options: &ResolveOptions) -> (Option<Course>, Vec<Diagnostic>) {
    load_course_with(root, options, &parse_file)
}

/// Read a file and parse it with the reStructuredText parser.
pub fn parse_file(path: &Path, read_options: &ReadOptions) -> Result<Parsed, Diagnostic> {
    let bytes = crate::read::read_regular_file(path).map_err(|e| {
        Diagnostic::new(
            Severity::Error,
            "io",
            read_options.source_name.as_str(),
            0,
            0,
            format!("cannot read: {e}"),
        )
    })?;
    if let Some(what) = crate::read::sniff_binary(&bytes) {
        return Err(Diagnostic::new(
            Severity::Severe,
            "binary-input",
            read_options.source_name.as_str(),
            1,
            1,
            format!("not a text file: this looks like {what}; nothing converted"),
        ));
    }
    let (text, decode_diags) = decode_owned(bytes, &read_options.source_name);
    let mut parsed = crate::read::rst::parse(&text, read_options);
    parsed.diagnostics.splice(0..0, decode_diags);
    Ok(parsed)
}

/// One document of the course, resolved but for cross-references.
struct Loaded {
    docname: String,
    resolved: Resolved,
    /// Doc names its toctrees list, in order.
    children: Vec<String>,
}

/// [`load_course`] with a given way of parsing files.
pub fn load_course_with(
    root: &Path,
    options: &ResolveOptions,
    parse: &ParseFn,
) -> (Option<Course>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let index_path = root.join("index.rst");
    if !index_path.is_file() {
        diagnostics.push(Diagnostic::new(
            Severity::Error,
            "no-course-index",
            root.display().to_string(),
            0,
            0,
            "not a course pack: no index.rst in this folder",
        ));
        return (None, diagnostics);
    }
    let Some(index) = load_one(root, "index", options, parse, &mut diagnostics) else {
        return (None, diagnostics);
    };
    let mut loaded: HashMap<String, Loaded> = HashMap::new();
    let mut frontier: Vec<String> = index.children.clone();
    let mut seen: HashSet<String> = HashSet::from(["index".to_string()]);
    loaded.insert("index".to_string(), index);
    // Breadth-first discovery, each level parsed in parallel.
    while !frontier.is_empty() {
        let level: Vec<String> = frontier
            .drain(..)
            .filter(|d| root.join(format!("{d}.rst")).is_file() && seen.insert(d.clone()))
            .collect();
        let results: Vec<(Option<Loaded>, Vec<Diagnostic>)> = level
            .par_iter()
            .map(|docname| {
                let mut diags = Vec::new();
                let doc = load_one(root, docname, options, parse, &mut diags);
                (doc, diags)
            })
            .collect();
        for (doc, diags) in results {
            diagnostics.extend(diags);
            if let Some(doc) = doc {
                frontier.extend(doc.children.iter().cloned());
                loaded.insert(doc.docname.clone(), doc);
            }
        }
    }
    // Book order: depth first from the index.
    let order = book_order(&loaded);
    let (mut books, titles) = cross_document(order, loaded, &mut diagnostics);
    if books.is_empty() {
        return (None, diagnostics);
    }
    let (_, index) = books.remove(0);
    let lessons = books
        .into_iter()
        .map(|(docname, doc)| Lesson {
            title: titles
                .get(&docname)
                .cloned()
                .unwrap_or_else(|| docname.clone()),
            docname,
            doc,
        })
        .collect();
    let course = Course {
        title: titles
            .get("index")
            .cloned()
            .unwrap_or_else(|| "index".to_string()),
        root: root.to_path_buf(),
        index,
        lessons,
    };
    sort_diagnostics(&mut diagnostics);
    (Some(course), diagnostics)
}

fn load_one(
    root: &Path,
    docname: &str,
    options: &ResolveOptions,
    parse: &ParseFn,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Loaded> {
    let path = root.join(format!("{docname}.rst"));
    if options.safe
        && let Err(refusal) =
            crate::read::confine::check_inside(root, &format!("{docname}.rst"), &path)
    {
        // A lesson that is a symbolic link out of the course (issue 10).
        diagnostics.push(Diagnostic::new(
            Severity::Error,
            "safe-refused",
            path.display().to_string(),
            0,
            0,
            format!("lesson not read: {refusal}"),
        ));
        return None;
    }
    let read_options = ReadOptions {
        source_name: path.display().to_string(),
        path: Some(path.clone()),
        safe: options.safe,
        root: Some(root.to_path_buf()),
        tab_width: 8,
    };
    let parsed = match parse(&path, &read_options) {
        Ok(parsed) => parsed,
        Err(diag) => {
            diagnostics.push(diag);
            return None;
        }
    };
    diagnostics.extend(parsed.diagnostics);
    let doc_options = ResolveOptions {
        root: Some(root.to_path_buf()),
        docname: Some(docname.to_string()),
        cross_document: true,
        ..options.clone()
    };
    let mut resolved = resolve_with_catalog(parsed.document, &doc_options);
    diagnostics.append(&mut resolved.diagnostics);
    let mut children = Vec::new();
    resolved.document.root.walk(&mut |e| {
        if e.kind == Kind::Toctree {
            children.extend(
                e.attrs
                    .list("entries")
                    .iter()
                    .filter(|d| !d.contains("://") && *d != "self")
                    .cloned(),
            );
        }
    });
    if children.is_empty() {
        children = scanned_toctree_entries(&path, docname);
    }
    Some(Loaded {
        docname: docname.to_string(),
        resolved,
        children,
    })
}

/// The toctree entries of a file found by reading its text, for a parser
/// that does not know the `toctree` directive (the interim parser): lines
/// indented under `.. toctree::`, options skipped, `Title <doc>` split.
fn scanned_toctree_entries(path: &Path, docname: &str) -> Vec<String> {
    let Ok(bytes) = crate::read::read_regular_file(path) else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(&bytes);
    let mut entries = Vec::new();
    let mut in_toctree = false;
    for line in text.lines() {
        if line.trim_start().starts_with(".. toctree::") {
            in_toctree = true;
            continue;
        }
        if !in_toctree {
            continue;
        }
        if !line.is_empty() && !line.starts_with(char::is_whitespace) {
            in_toctree = false;
            continue;
        }
        let entry = line.trim();
        if entry.is_empty() || entry.starts_with(':') {
            continue;
        }
        let (_, target) = super::sphinx::split_entry(entry);
        entries.push(super::sphinx::xref::resolve_docname(docname, &target));
    }
    entries
}

/// Depth-first order of the documents from `index` (each once).
fn book_order(loaded: &HashMap<String, Loaded>) -> Vec<String> {
    let mut order = Vec::new();
    let mut seen = HashSet::new();
    let mut stack = vec!["index".to_string()];
    while let Some(docname) = stack.pop() {
        if !seen.insert(docname.clone()) {
            continue;
        }
        let Some(doc) = loaded.get(&docname) else {
            continue;
        };
        order.push(docname);
        for child in doc.children.iter().rev() {
            if !seen.contains(child) {
                stack.push(child.clone());
            }
        }
    }
    order
}

/// Resolve cross-references across the documents (in parallel, each
/// document's tree on its own), fix toctree titles and book-wide numbers.
/// Returns the documents in book order and the title of each.
fn cross_document(
    order: Vec<String>,
    mut loaded: HashMap<String, Loaded>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<(String, Document)>, HashMap<String, String>) {
    let mut docs: Vec<(String, Resolved)> = order
        .iter()
        .filter_map(|d| loaded.remove(d).map(|l| (d.clone(), l.resolved)))
        .collect();
    // Number offsets in reading order.
    let mut figure_offsets = Vec::with_capacity(docs.len());
    let mut equation_offsets = Vec::with_capacity(docs.len());
    let mut running: BTreeMap<FigType, usize> = BTreeMap::new();
    let mut equations = 0;
    for (_, resolved) in &docs {
        figure_offsets.push(running.clone());
        equation_offsets.push(equations);
        for (figtype, count) in &resolved.catalog.counts {
            *running.entry(*figtype).or_insert(0) += count;
        }
        equations += resolved.catalog.equation_count;
    }
    let titles: HashMap<String, String> = docs
        .iter()
        .map(|(d, r)| {
            (
                d.clone(),
                r.catalog.title.clone().unwrap_or_else(|| d.clone()),
            )
        })
        .collect();
    let catalogs: Vec<Catalog> = docs.iter().map(|(_, r)| r.catalog.clone()).collect();
    let names: Vec<String> = docs.iter().map(|(d, _)| d.clone()).collect();
    let entries: Vec<DocEntry> = names
        .iter()
        .zip(&catalogs)
        .enumerate()
        .map(|(i, (docname, catalog))| DocEntry {
            docname,
            catalog,
            figure_offsets: figure_offsets[i].clone(),
            equation_offset: equation_offsets[i],
        })
        .collect();
    let per_doc: Vec<Vec<Diagnostic>> = docs
        .par_iter_mut()
        .enumerate()
        .map(|(i, (_, resolved))| {
            let scope = Scope {
                current: i,
                docs: entries.clone(),
                in_course: true,
            };
            let document = &mut resolved.document;
            let diags = resolve_xrefs(&mut document.root, &scope, &document.sources);
            renumber_equations(&mut document.root, equation_offsets[i]);
            set_toctree_titles(&mut document.root, &titles);
            diags
        })
        .collect();
    for diags in per_doc {
        diagnostics.extend(diags);
    }
    let books = docs.into_iter().map(|(d, r)| (d, r.document)).collect();
    (books, titles)
}

/// Equations numbered through the book: local numbers plus the count of
/// the documents before.
fn renumber_equations(root: &mut Element, offset: usize) {
    if offset == 0 {
        return;
    }
    root.walk_mut(&mut |e| {
        if e.kind == Kind::MathBlock
            && let Some(n) = e.attrs.int("number")
        {
            e.attrs.set("number", AttrValue::Int(n + offset as i64));
        }
    });
}

/// Toctree titles that were only the doc name become the lesson's title.
fn set_toctree_titles(root: &mut Element, titles: &HashMap<String, String>) {
    root.walk_mut(&mut |e| {
        if e.kind != Kind::Toctree {
            return;
        }
        let entries = e.attrs.list("entries").to_vec();
        let mut shown = e.attrs.list("titles").to_vec();
        shown.resize(entries.len(), String::new());
        for (entry, title) in entries.iter().zip(shown.iter_mut()) {
            if (title.is_empty() || title == entry)
                && let Some(t) = titles.get(entry)
            {
                *title = t.clone();
            }
        }
        e.attrs.set("titles", shown);
    });
}

/// The text of a document's title element, for callers that only have a
/// tree.
pub fn title_of(root: &Element) -> Option<String> {
    root.attrs.str("title").map(str::to_string).or_else(|| {
        root.children.iter().find_map(|c| match c {
            Node::Element(e) if e.kind == Kind::Title => Some(e.text_content()),
            _ => None,
        })
    })
}

/// The course folder of a path given on the command line, if it is one
/// (a folder holding `index.rst`).
pub fn course_root(path: &Path) -> Option<PathBuf> {
    (path.is_dir() && path.join("index.rst").is_file()).then(|| path.to_path_buf())
}
