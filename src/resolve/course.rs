//! Course packs (interim loader until the resolve passes land): reads
//! `index.rst`, takes the `toctree` entries in order, reads and resolves
//! each lesson in parallel.

use std::path::Path;

use rayon::prelude::*;

use crate::course::{Course, Lesson};
use crate::diag::{Diagnostic, Severity};
use crate::ir::Kind;
use crate::read::{self, ReadOptions};

use super::ResolveOptions;

/// The doc names listed by the `toctree` directives of an index text.
fn toctree_entries(text: &str) -> Vec<String> {
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
        // `Title <docname>` entries.
        let docname = match (entry.rfind('<'), entry.ends_with('>')) {
            (Some(i), true) => &entry[i + 1..entry.len() - 1],
            _ => entry,
        };
        entries.push(docname.trim_end_matches(".rst").to_string());
    }
    entries
}

fn read_document(
    path: &Path,
    options: &ResolveOptions,
    root: &Path,
) -> (Option<crate::ir::Document>, Vec<Diagnostic>) {
    let name = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return (
                None,
                vec![Diagnostic::new(
                    Severity::Severe,
                    "io",
                    name,
                    0,
                    0,
                    format!("cannot read: {e}"),
                )],
            );
        }
    };
    let (text, mut diags) = read::decode_input(&bytes, &name);
    let read_options = ReadOptions {
        source_name: name,
        path: Some(path.to_path_buf()),
        safe: options.safe,
        root: Some(root.to_path_buf()),
        tab_width: 8,
    };
    let parsed = super::resolve(read::rst::parse(&text, &read_options), options);
    diags.extend(parsed.diagnostics);
    (Some(parsed.document), diags)
}

fn first_title(doc: &crate::ir::Document) -> Option<String> {
    doc.title().or_else(|| {
        doc.root
            .find(&|e| e.kind == Kind::Title)
            .map(|t| t.text_content())
    })
}

/// Load the course rooted at `root` (which holds `index.rst`).
pub fn load_course(root: &Path, options: &ResolveOptions) -> (Option<Course>, Vec<Diagnostic>) {
    let index_path = root.join("index.rst");
    let index_text = std::fs::read(&index_path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let (index, mut diagnostics) = read_document(&index_path, options, root);
    let Some(index) = index else {
        return (None, diagnostics);
    };
    let docnames = toctree_entries(&index_text);
    let lessons: Vec<(Option<Lesson>, Vec<Diagnostic>)> = docnames
        .par_iter()
        .map(|docname| {
            let (doc, diags) = read_document(&root.join(format!("{docname}.rst")), options, root);
            let lesson = doc.map(|doc| Lesson {
                docname: docname.clone(),
                title: first_title(&doc).unwrap_or_else(|| docname.clone()),
                doc,
            });
            (lesson, diags)
        })
        .collect();
    let mut course = Course {
        title: first_title(&index).unwrap_or_else(|| "Course".to_string()),
        root: root.to_path_buf(),
        index,
        lessons: Vec::new(),
    };
    for (lesson, diags) in lessons {
        diagnostics.extend(diags);
        course.lessons.extend(lesson);
    }
    (Some(course), diagnostics)
}
