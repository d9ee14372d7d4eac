//! Make dependency files (`-M FILE`): one rule per group of outputs,
//! listing every file they were made from (the lesson, its includes and
//! literal includes, CSV files, images, downloads, style files), plus an
//! empty rule per dependency so `make` survives a deleted file (gcc's `-MP`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::ir::{Document, Kind};

/// One Make rule: these outputs depend on those files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rule {
    pub targets: Vec<PathBuf>,
    pub deps: Vec<PathBuf>,
}

/// Whether a URI points at a local file (not `http:`, `data:`, ...).
fn is_local(uri: &str) -> bool {
    !uri.is_empty()
        && !uri.contains("://")
        && !uri.starts_with("data:")
        && !uri.starts_with("mailto:")
}

/// Every file a resolved document was made from: its sources (the document,
/// includes and literal includes, CSV files: everything the reader opened)
/// and the local images and downloads it refers to (relative to `source_dir`).
pub fn document_dependencies(doc: &Document, source_dir: &Path) -> Vec<PathBuf> {
    let mut deps = BTreeSet::new();
    for file in doc.sources.files() {
        if !file.path.as_os_str().is_empty() {
            deps.insert(file.path.clone());
        }
    }
    doc.root.walk(&mut |e| {
        let referenced = match e.kind {
            Kind::Image => e.attrs.str("uri"),
            Kind::DownloadReference => e.attrs.str("reftarget"),
            Kind::LiteralBlock => e.attrs.str("source"),
            _ => None,
        };
        if let Some(uri) = referenced.filter(|u| is_local(u)) {
            deps.insert(source_dir.join(uri));
        }
    });
    deps.into_iter().collect()
}

/// Escape a path for a Make rule.
fn escape(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            ' ' => out.push_str("\\ "),
            '#' => out.push_str("\\#"),
            '$' => out.push_str("$$"),
            c => out.push(c),
        }
    }
    out
}

/// The depfile text for `rules`.
pub fn render(rules: &[Rule]) -> String {
    let mut out = String::new();
    let mut all_deps = BTreeSet::new();
    for rule in rules.iter().filter(|r| !r.targets.is_empty()) {
        let targets: Vec<String> = rule.targets.iter().map(|p| escape(p)).collect();
        out.push_str(&targets.join(" "));
        out.push(':');
        for dep in &rule.deps {
            out.push_str(" \\\n  ");
            out.push_str(&escape(dep));
            all_deps.insert(dep.clone());
        }
        out.push('\n');
    }
    for dep in all_deps {
        out.push('\n');
        out.push_str(&escape(&dep));
        out.push_str(":\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depfile_render_escapes_and_adds_phony_rules() {
        let rules = vec![Rule {
            targets: vec!["out/a.html".into(), "out/a.pdf".into()],
            deps: vec!["a.rst".into(), "my figs/x.png".into()],
        }];
        assert_eq!(
            render(&rules),
            "out/a.html out/a.pdf: \\\n  a.rst \\\n  my\\ figs/x.png\n\na.rst:\n\nmy\\ figs/x.png:\n"
        );
    }
}
