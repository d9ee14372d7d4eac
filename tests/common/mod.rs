//! Helpers shared by the integration tests.
//!
//! Golden files: `assert_golden` compares output with a file under
//! `fixtures/`; a mismatch panics with a unified diff. `RSTCONV_BLESS=1
//! cargo test` rewrites the golden files instead (then review `git diff`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The project root (where Cargo.toml is).
pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether this run regenerates golden files.
pub fn blessing() -> bool {
    std::env::var_os("RSTCONV_BLESS").is_some_and(|v| v != "0" && !v.is_empty())
}

/// Compare `actual` with the golden file at `path` (relative to the project
/// root), or write it when blessing.
pub fn assert_golden(path: impl AsRef<Path>, actual: &str) {
    let path = project_root().join(path.as_ref());
    if blessing() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("create golden folder");
        }
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "golden file {} unreadable ({e}); run with RSTCONV_BLESS=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let diff = similar::TextDiff::from_lines(&expected, actual);
        let text = diff
            .unified_diff()
            .context_radius(3)
            .header("golden", "actual")
            .to_string();
        panic!(
            "output differs from golden file {} (RSTCONV_BLESS=1 cargo test to accept):\n{text}",
            path.display()
        );
    }
}

/// Load a resolved tree written as pseudo-XML under `fixtures/ir/`.
pub fn load_ir_fixture(name: &str) -> rstconv::Document {
    let path = project_root().join("fixtures/ir").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let root = rstconv::read::pseudoxml::parse_pseudoxml(&text)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut sources = rstconv::diag::SourceMap::new();
    sources.add(&path, name);
    rstconv::Document { root, sources }
}

/// The rendered diagnostics (`file:line:col: severity: message`) at
/// `level` or above.
pub fn diagnostics_at_least(parsed: &rstconv::Parsed, level: rstconv::Severity) -> Vec<String> {
    parsed
        .diagnostics
        .iter()
        .filter(|d| d.severity >= level)
        .map(ToString::to_string)
        .collect()
}
