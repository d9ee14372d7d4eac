//! Readers: bytes in, document tree out.
//!
//! [`decode_input`] turns raw bytes into text (reporting invalid UTF-8 by
//! byte offset and decoding it with replacement characters, never failing);
//! [`rst`] parses reStructuredText into the parse-stage tree;
//! [`pseudoxml`] reads docutils' pseudo-XML dumps (a test seam).

pub mod pseudoxml;
pub mod rst;

use std::path::PathBuf;

use crate::diag::{Diagnostic, Severity};
use crate::ir::Document;

/// How to read a document.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// The name shown in diagnostics and `source` attributes.
    pub source_name: String,
    /// The file's path, when it is a file: includes are relative to its folder.
    pub path: Option<PathBuf>,
    /// `--safe`: no `raw`, no reading outside `root`, no absolute paths.
    pub safe: bool,
    /// The folder that file-reading directives may not leave under `--safe`
    /// (the course root, or the document's folder).
    pub root: Option<PathBuf>,
    /// Tab stops every `tab_width` columns (docutils: 8).
    pub tab_width: usize,
}

impl ReadOptions {
    /// Options for a document with this display name and no file behind it.
    pub fn named(source_name: impl Into<String>) -> ReadOptions {
        ReadOptions {
            source_name: source_name.into(),
            path: None,
            safe: false,
            root: None,
            tab_width: 8,
        }
    }
}

/// A parsed (or resolved) document with the diagnostics found on the way.
#[derive(Clone, Debug)]
pub struct Parsed {
    pub document: Document,
    pub diagnostics: Vec<Diagnostic>,
}

/// Decode input bytes as UTF-8 (dropping a byte-order mark). Invalid
/// sequences become U+FFFD and one warning per input names the byte offset
/// and line of the first; a file with NUL bytes is reported as binary.
pub fn decode_input(bytes: &[u8], name: &str) -> (String, Vec<Diagnostic>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut diagnostics = Vec::new();
    if memchr::memchr(0, bytes).is_some() {
        diagnostics.push(Diagnostic::new(
            Severity::Error,
            "binary-input",
            name,
            0,
            0,
            "input looks like a binary file (it contains NUL bytes); converting what text there is",
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(err) => {
            let offset = err.valid_up_to();
            let line = 1 + memchr::memchr_iter(b'\n', &bytes[..offset]).count();
            let col = 1 + offset
                - bytes[..offset]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1);
            let bad = bytes[offset..]
                .iter()
                .take(4)
                .map(|b| format!("{b:#04x}"))
                .collect::<Vec<_>>();
            diagnostics.push(Diagnostic::new(
                Severity::Warning,
                "invalid-utf8",
                name,
                u32::try_from(line).unwrap_or(u32::MAX),
                u32::try_from(col).unwrap_or(u32::MAX),
                format!(
                    "invalid UTF-8 at byte offset {offset} ({}); decoded with replacement characters",
                    bad.join(" ")
                ),
            ));
            String::from_utf8_lossy(bytes).into_owned()
        }
    };
    (text, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_decode_reports_invalid_utf8_offset() {
        let (text, diags) = decode_input(b"ok\nab\xffcd\n", "x.rst");
        assert_eq!(text, "ok\nab\u{fffd}cd\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, 2);
        assert_eq!(diags[0].col, 3);
        assert!(
            diags[0].message.contains("byte offset 5"),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn read_decode_strips_bom() {
        let (text, diags) = decode_input(b"\xEF\xBB\xBFhi", "x.rst");
        assert_eq!(text, "hi");
        assert!(diags.is_empty());
    }
}
