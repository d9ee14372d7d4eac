//! File-reading directives (`include`, `csv-table :file:`, `raw`) and their
//! guards (issue 10): `--safe` keeps reads inside the root, include cycles
//! and over-deep chains are errors (not stack overflows or endless loops),
//! a missing include names the chain of includes that led to it, every file
//! read lands in the document's source map, and invalid UTF-8 in an
//! included file is decoded with replacement and reported by byte offset.

use std::fs;
use std::path::{Path, PathBuf};

use rstconv::{Parsed, ReadOptions, Severity};

mod common;

fn write(dir: &Path, name: &str, text: &[u8]) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create folder");
    }
    fs::write(&path, text).expect("write fixture");
    path
}

fn parse_file(path: &Path, safe: bool, root: Option<&Path>) -> Parsed {
    let text = fs::read_to_string(path).expect("read fixture");
    let mut options = ReadOptions::named(path.display().to_string());
    options.path = Some(path.to_path_buf());
    options.safe = safe;
    options.root = root.map(Path::to_path_buf);
    rstconv::parse(&text, &options)
}

/// The rendered diagnostics at error level or above.
fn errors(parsed: &Parsed) -> Vec<String> {
    common::diagnostics_at_least(parsed, Severity::Error)
}

#[test]
fn parse_include_missing_file_shows_the_chain() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = write(dir.path(), "a.rst", b"Title\n=====\n\n.. include:: b.rst\n");
    write(
        dir.path(),
        "b.rst",
        b"Para.\n\n\n\n\n\n.. include:: missing.rst\n",
    );
    let parsed = parse_file(&a, false, None);
    let errs = errors(&parsed);
    assert_eq!(errs.len(), 1, "{errs:?}");
    let msg = &errs[0];
    assert!(msg.contains("b.rst:7:"), "{msg}");
    assert!(msg.contains("missing.rst"), "{msg}");
    assert!(msg.contains("a.rst:4 → "), "{msg}");
    assert!(msg.contains("b.rst:7)"), "{msg}");
}

#[test]
fn parse_include_cycle_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = write(dir.path(), "a.rst", b"A\n\n.. include:: b.rst\n");
    write(dir.path(), "b.rst", b"B\n\n.. include:: a.rst\n");
    write(dir.path(), "self.rst", b"S\n\n.. include:: self.rst\n");
    let parsed = parse_file(&a, false, None);
    let errs = errors(&parsed);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].contains("circular inclusion"), "{}", errs[0]);
    let parsed = parse_file(&dir.path().join("self.rst"), false, None);
    let errs = errors(&parsed);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].contains("circular inclusion"), "{}", errs[0]);
}

#[test]
fn parse_include_cycle_below_the_root_is_an_error() {
    // a -> b -> c -> b: the cycle does not pass through the root file
    let dir = tempfile::tempdir().expect("temp dir");
    let a = write(dir.path(), "a.rst", b"A\n\n.. include:: b.rst\n");
    write(dir.path(), "b.rst", b"B\n\n.. include:: c.rst\n");
    write(dir.path(), "c.rst", b"C\n\n.. include:: b.rst\n");
    let parsed = parse_file(&a, false, None);
    let errs = errors(&parsed);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].contains("circular inclusion"), "{}", errs[0]);
    assert!(errs[0].contains("a.rst:3 → "), "{}", errs[0]);
}

#[test]
fn parse_include_depth_is_limited() {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..40 {
        let text = format!("Level {i}.\n\n.. include:: f{}.rst\n", i + 1);
        write(dir.path(), &format!("f{i}.rst"), text.as_bytes());
    }
    write(dir.path(), "f40.rst", b"Bottom.\n");
    let parsed = parse_file(&dir.path().join("f0.rst"), false, None);
    let errs = errors(&parsed);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].contains("nested more than"), "{}", errs[0]);
}

#[test]
fn parse_include_files_are_in_the_source_map() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = write(
        dir.path(),
        "a.rst",
        b".. include:: part/b.rst\n\n.. csv-table::\n   :file: data.csv\n",
    );
    write(dir.path(), "part/b.rst", b"B\n\n.. include:: c.rst\n");
    write(dir.path(), "part/c.rst", b"C\n");
    write(dir.path(), "data.csv", b"1,2\n3,4\n");
    let parsed = parse_file(&a, false, None);
    assert!(errors(&parsed).is_empty(), "{:?}", errors(&parsed));
    let files: Vec<PathBuf> = parsed
        .document
        .sources
        .files()
        .iter()
        .map(|f| f.path.clone())
        .collect();
    for name in ["part/b.rst", "part/c.rst", "data.csv"] {
        assert!(
            files.iter().any(|p| p.ends_with(name)),
            "{name} not in {files:?}"
        );
    }
}

#[test]
fn parse_safe_mode_keeps_reads_inside_the_root() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("root");
    write(dir.path(), "outside/secret.rst", b"Secret.\n");
    write(dir.path(), "outside/secret.csv", b"s,e\n");
    #[cfg(unix)]
    {
        fs::create_dir_all(&root).expect("root");
        std::os::unix::fs::symlink(dir.path().join("outside/secret.rst"), root.join("link.rst"))
            .expect("symlink");
    }
    let secret = dir.path().join("outside/secret.rst");
    let doc = format!(
        ".. include:: {}\n\n.. include:: ../outside/secret.rst\n\n.. include:: link.rst\n\n\
         .. csv-table::\n   :file: ../outside/secret.csv\n\n.. raw:: html\n\n   <b>x</b>\n\n\
         .. include:: inside.rst\n",
        secret.display()
    );
    write(&root, "inside.rst", b"Inside.\n");
    let main = write(&root, "main.rst", doc.as_bytes());
    let parsed = parse_file(&main, true, Some(&root));
    let problems = common::diagnostics_at_least(&parsed, Severity::Warning);
    let joined = problems.join("\n");
    assert!(joined.contains("main.rst:1:"), "{joined}");
    assert!(
        joined.contains("absolute paths are not allowed"),
        "{joined}"
    );
    assert!(joined.contains("main.rst:3:"), "{joined}");
    #[cfg(unix)]
    assert!(joined.contains("main.rst:5:"), "{joined}");
    assert!(joined.contains("main.rst:7:"), "{joined}");
    assert!(joined.contains("\"raw\" directive disabled"), "{joined}");
    assert!(
        !joined.contains("inside.rst"),
        "a file inside the root is allowed: {joined}"
    );
    let pxml = rstconv::write::pseudoxml::to_pseudoxml(&parsed.document.root);
    assert!(!pxml.contains("Secret."), "{pxml}");
    assert!(pxml.contains("Inside."), "{pxml}");
    // the same document outside safe mode reads everything
    let parsed = parse_file(&main, false, Some(&root));
    let pxml = rstconv::write::pseudoxml::to_pseudoxml(&parsed.document.root);
    assert!(pxml.contains("Secret."), "{pxml}");
}

#[test]
fn parse_include_invalid_utf8_is_replaced_and_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = write(dir.path(), "a.rst", b"Start.\n\n.. include:: latin1.rst\n");
    write(dir.path(), "latin1.rst", b"Line one.\n\ncaf\xe9 au lait.\n");
    let parsed = parse_file(&a, false, None);
    let pxml = rstconv::write::pseudoxml::to_pseudoxml(&parsed.document.root);
    assert!(pxml.contains("caf\u{fffd} au lait."), "{pxml}");
    let warning = parsed
        .diagnostics
        .iter()
        .find(|d| d.message.contains("invalid UTF-8"))
        .map(ToString::to_string)
        .expect("an invalid UTF-8 warning");
    assert!(warning.contains("byte offset 14"), "{warning}");
    assert!(warning.contains("latin1.rst:3:4"), "{warning}");
    assert!(warning.contains("a.rst:3 → "), "{warning}");
}
