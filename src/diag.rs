//! Source files and diagnostics.
//!
//! A [`Diagnostic`] is a problem found in a document (or a style file), with
//! the file, line and column it points at and docutils' severity levels. It
//! prints as `lesson.rst:42:5: warning: unknown role "foo"`, the form
//! compilers use, so editors can jump to it. Diagnostics from parallel tasks
//! are sorted by [`sort_diagnostics`] before printing, so what users see
//! never depends on thread order.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// An index into a document's [`SourceMap`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// One source file of a document (the document itself or an include).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as given (or as resolved for includes).
    pub path: PathBuf,
    /// The name shown in diagnostics and in the `source` attributes.
    pub name: Arc<str>,
    /// Where this file was included from, if it was.
    pub included_from: Option<(FileId, u32)>,
}

/// The files a document's spans refer to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn new() -> Self {
        SourceMap::default()
    }

    /// Add a file and return its id.
    pub fn add(&mut self, path: impl Into<PathBuf>, name: impl Into<Arc<str>>) -> FileId {
        self.add_included(path, name, None)
    }

    /// Add a file included from `from` (file, line).
    pub fn add_included(
        &mut self,
        path: impl Into<PathBuf>,
        name: impl Into<Arc<str>>,
        included_from: Option<(FileId, u32)>,
    ) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile {
            path: path.into(),
            name: name.into(),
            included_from,
        });
        id
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// The display name of a file, `"<unknown>"` for an unknown id.
    pub fn name(&self, id: FileId) -> Arc<str> {
        self.get(id)
            .map(|f| f.name.clone())
            .unwrap_or_else(|| Arc::from("<unknown>"))
    }

    pub fn path(&self, id: FileId) -> Option<&Path> {
        self.get(id).map(|f| f.path.as_path())
    }

    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// The include chain leading to `id`, outermost first: each entry is the
    /// including file's name and the line of the include directive.
    pub fn include_chain(&self, id: FileId) -> Vec<(Arc<str>, u32)> {
        let mut chain = Vec::new();
        let mut current = id;
        // A chain can never be longer than the number of files.
        for _ in 0..self.files.len() {
            match self.get(current).and_then(|f| f.included_from) {
                Some((parent, line)) => {
                    chain.push((self.name(parent), line));
                    current = parent;
                }
                None => break,
            }
        }
        chain.reverse();
        chain
    }
}

/// docutils' message levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Debug = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
    Severe = 4,
}

impl Severity {
    /// From docutils' numeric level (0..=4); anything higher is severe.
    pub fn from_level(level: i64) -> Severity {
        match level {
            i64::MIN..=0 => Severity::Debug,
            1 => Severity::Info,
            2 => Severity::Warning,
            3 => Severity::Error,
            _ => Severity::Severe,
        }
    }

    pub fn level(self) -> i64 {
        self as i64
    }

    /// The `type` attribute docutils gives a system_message (`"WARNING"`).
    pub fn docutils_name(self) -> &'static str {
        match self {
            Severity::Debug => "DEBUG",
            Severity::Info => "INFO",
            Severity::Warning => "WARNING",
            Severity::Error => "ERROR",
            Severity::Severe => "SEVERE",
        }
    }

    /// The lower-case word used on the command line (`"warning"`).
    pub fn label(self) -> &'static str {
        match self {
            Severity::Debug => "debug",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
            Severity::Severe => "severe",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A problem found in an input, printed as `file:line:col: severity: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A short stable identifier (`"unknown-role"`, `"missing-image"`, ...)
    /// for tests and for users who want to filter.
    pub code: &'static str,
    /// The file name as shown to the user.
    pub file: Arc<str>,
    /// 1-based; 0 when the problem has no line (e.g. a whole-file error).
    pub line: u32,
    /// 1-based; 0 when unknown.
    pub col: u32,
    pub message: String,
    /// Where the file was included from, outermost first (`a.rst:3 → b.rst:7`).
    pub chain: Vec<(Arc<str>, u32)>,
}

impl Diagnostic {
    pub fn new(
        severity: Severity,
        code: &'static str,
        file: impl Into<Arc<str>>,
        line: u32,
        col: u32,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            file: file.into(),
            line,
            col,
            message: message.into(),
            chain: Vec::new(),
        }
    }

    /// A diagnostic not tied to a position in a file (I/O, usage).
    pub fn global(
        severity: Severity,
        code: &'static str,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(severity, code, "rstconv", 0, 0, message)
    }

    pub fn with_chain(mut self, chain: Vec<(Arc<str>, u32)>) -> Diagnostic {
        self.chain = chain;
        self
    }

    /// Sort key: file, then line, then column, then severity and message,
    /// so the order is total and independent of the order of discovery.
    fn sort_key(&self) -> (&str, u32, u32, Severity, &str) {
        (
            &self.file,
            self.line,
            self.col,
            self.severity,
            &self.message,
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.col > 0 {
                write!(f, ":{}", self.col)?;
            }
        }
        write!(f, ": {}: {}", self.severity, self.message)?;
        if !self.chain.is_empty() {
            // The whole include chain, outermost first, ending at this
            // file and line: `(a.rst:3 → b.rst:7)`.
            f.write_str(" (")?;
            for (file, line) in &self.chain {
                write!(f, "{file}:{line} → ")?;
            }
            write!(f, "{}:{})", self.file, self.line)?;
        }
        Ok(())
    }
}

/// Sort diagnostics by file and position and drop exact duplicates (the
/// same problem reported by two writers).
pub fn sort_diagnostics(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diags.dedup();
}

/// The highest severity among `diags`, if any.
pub fn max_severity(diags: &[Diagnostic]) -> Option<Severity> {
    diags.iter().map(|d| d.severity).max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diag_display_is_compiler_style() {
        let d = Diagnostic::new(
            Severity::Warning,
            "unknown-role",
            "lesson.rst",
            42,
            5,
            "unknown role \"foo\"",
        );
        assert_eq!(
            d.to_string(),
            "lesson.rst:42:5: warning: unknown role \"foo\""
        );
    }

    #[test]
    fn diag_display_shows_include_chain() {
        let d = Diagnostic::new(
            Severity::Error,
            "missing-include",
            "b.rst",
            7,
            1,
            "file not found",
        )
        .with_chain(vec![(Arc::from("a.rst"), 3)]);
        assert_eq!(
            d.to_string(),
            "b.rst:7:1: error: file not found (a.rst:3 → b.rst:7)"
        );
    }

    #[test]
    fn diag_sort_is_by_file_then_line() {
        let mut v = vec![
            Diagnostic::new(Severity::Error, "x", "b.rst", 1, 1, "m"),
            Diagnostic::new(Severity::Error, "x", "a.rst", 9, 1, "m"),
            Diagnostic::new(Severity::Error, "x", "a.rst", 2, 1, "m"),
            Diagnostic::new(Severity::Error, "x", "a.rst", 2, 1, "m"),
        ];
        sort_diagnostics(&mut v);
        let keys: Vec<_> = v.iter().map(|d| (d.file.to_string(), d.line)).collect();
        assert_eq!(
            keys,
            [
                ("a.rst".into(), 2),
                ("a.rst".into(), 9),
                ("b.rst".into(), 1)
            ]
        );
    }

    #[test]
    fn diag_include_chain_outermost_first() {
        let mut map = SourceMap::new();
        let a = map.add("a.rst", "a.rst");
        let b = map.add_included("b.rst", "b.rst", Some((a, 3)));
        let c = map.add_included("c.rst", "c.rst", Some((b, 7)));
        let chain: Vec<_> = map
            .include_chain(c)
            .into_iter()
            .map(|(n, l)| (n.to_string(), l))
            .collect();
        assert_eq!(chain, [("a.rst".to_string(), 3), ("b.rst".to_string(), 7)]);
    }
}
