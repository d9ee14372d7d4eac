//! Readers: bytes in, document tree out.
//!
//! [`decode_input`] turns raw bytes into text (reporting invalid UTF-8 by
//! byte offset and decoding it with replacement characters, never failing);
//! [`rst`] parses reStructuredText into the parse-stage tree;
//! [`pseudoxml`] reads docutils' pseudo-XML dumps (a test seam).

pub mod confine;
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

/// Read a whole file, refusing anything but a regular file: a FIFO, a
/// device (`/dev/zero`, `/dev/stdin`) or a folder named by a directive or
/// an image would block forever or never end (issue 10: never hang).
/// Symbolic links to regular files are followed.
pub fn read_regular_file(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    std::fs::read(path)
}

/// How far into a file [`sniff_binary`] looks for a NUL byte (git's
/// heuristic for "binary" looks at the same amount).
const BINARY_SNIFF_LEN: usize = 8000;

/// Signatures of file types that are never lessons, with their names.
const MAGIC_NUMBERS: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (EPUB, DOCX, ...)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF file (WebP, WAV, AVI)"),
    (b"\xff\xfe", "UTF-16 text (save it as UTF-8)"),
    (b"\xfe\xff", "UTF-16 text (save it as UTF-8)"),
];

/// What a file that is not text is, when it is recognisably not text: a
/// known signature (PNG, JPEG, PDF, zip, ...), or a NUL byte among the
/// first 8000 bytes (no text encoding a lesson uses has one). `None`:
/// treat it as text.
pub fn sniff_binary(bytes: &[u8]) -> Option<String> {
    if let Some((_, name)) = MAGIC_NUMBERS
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
    {
        return Some((*name).to_string());
    }
    let head = bytes.get(..BINARY_SNIFF_LEN).unwrap_or(bytes);
    memchr::memchr(0, head)
        .map(|offset| format!("binary data (a NUL byte at byte offset {offset})"))
}

/// The 1-based line and column of byte `offset` in `bytes` (columns count
/// bytes), for diagnostics about raw input.
fn line_col_of(bytes: &[u8], offset: usize) -> (u32, u32) {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let line = 1 + memchr::memchr_iter(b'\n', before).count();
    let col = 1 + before.len()
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(col).unwrap_or(u32::MAX),
    )
}

/// [`decode_input`] taking the bytes: text that is already clean UTF-8 (no
/// byte-order mark, no NUL) becomes the `String` without a copy.
pub fn decode_owned(bytes: Vec<u8>, name: &str) -> (String, Vec<Diagnostic>) {
    if bytes.starts_with(b"\xEF\xBB\xBF") || memchr::memchr(0, &bytes).is_some() {
        return decode_input(&bytes, name);
    }
    match String::from_utf8(bytes) {
        Ok(text) => (text, Vec::new()),
        Err(err) => decode_input(err.as_bytes(), name),
    }
}

/// Decode input bytes as UTF-8 (dropping a byte-order mark). Invalid
/// sequences become U+FFFD and one warning per input names the byte offset
/// and line of the first; NUL bytes (which [`sniff_binary`] did not catch:
/// past its window) become U+FFFD too, with an error naming the first.
/// Callers that read a whole input refuse binary files with
/// [`sniff_binary`] first.
pub fn decode_input(bytes: &[u8], name: &str) -> (String, Vec<Diagnostic>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut diagnostics = Vec::new();
    let first_nul = memchr::memchr(0, bytes);
    if let Some(offset) = first_nul {
        let (line, col) = line_col_of(bytes, offset);
        diagnostics.push(Diagnostic::new(
            Severity::Error,
            "nul-byte",
            name,
            line,
            col,
            format!("NUL byte at byte offset {offset}; replaced by U+FFFD (is this a text file?)"),
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(err) => {
            let offset = err.valid_up_to();
            let (line, col) = line_col_of(bytes, offset);
            let bad = bytes[offset..]
                .iter()
                .take(4)
                .map(|b| format!("{b:#04x}"))
                .collect::<Vec<_>>();
            diagnostics.push(Diagnostic::new(
                Severity::Warning,
                "invalid-utf8",
                name,
                line,
                col,
                format!(
                    "invalid UTF-8 at byte offset {offset} ({}); decoded with replacement characters",
                    bad.join(" ")
                ),
            ));
            String::from_utf8_lossy(bytes).into_owned()
        }
    };
    let text = if first_nul.is_some() {
        text.replace('\0', "\u{fffd}")
    } else {
        text
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
    fn read_decode_owned_agrees_with_decode_input_and_keeps_clean_text() {
        for bytes in [
            &b"plain text\n"[..],
            b"\xEF\xBB\xBFwith a mark",
            b"ok\nab\xffcd\n",
            b"nul\0here",
            b"",
        ] {
            let (owned, owned_diags) = decode_owned(bytes.to_vec(), "x.rst");
            let (borrowed, diags) = decode_input(bytes, "x.rst");
            assert_eq!(owned, borrowed);
            assert_eq!(owned_diags.len(), diags.len());
        }
        let clean = b"no copy made".to_vec();
        let at = clean.as_ptr();
        assert_eq!(decode_owned(clean, "x.rst").0.as_ptr(), at);
    }

    #[test]
    fn read_sniff_binary_by_signature_or_nul() {
        assert_eq!(
            sniff_binary(b"\x89PNG\r\n\x1a\nrest").as_deref(),
            Some("a PNG image")
        );
        assert_eq!(
            sniff_binary(b"abc\0def").as_deref(),
            Some("binary data (a NUL byte at byte offset 3)")
        );
        assert_eq!(sniff_binary("Café\n====\n".as_bytes()), None);
        let mut late = vec![b'a'; BINARY_SNIFF_LEN];
        late.push(0);
        assert_eq!(sniff_binary(&late), None);
        let (text, diags) = decode_input(&late, "x.rst");
        assert!(text.ends_with('\u{fffd}'));
        assert_eq!(diags.len(), 1);
        assert_eq!((diags[0].line, diags[0].col), (1, 8001));
    }

    #[cfg(unix)]
    #[test]
    fn read_regular_file_refuses_devices_and_folders() {
        let err = read_regular_file(std::path::Path::new("/dev/zero")).map(|b| b.len());
        assert_eq!(
            err.map_err(|e| e.to_string()),
            Err("not a regular file".to_string())
        );
        assert!(read_regular_file(std::path::Path::new("/")).is_err());
    }

    #[test]
    fn read_decode_strips_bom() {
        let (text, diags) = decode_input(b"\xEF\xBB\xBFhi", "x.rst");
        assert_eq!(text, "hi");
        assert!(diags.is_empty());
    }
}
