//! `--safe` confinement of file reads (issue 10): every file a directive
//! or role names (`include`, `literalinclude`, `csv-table :file:`,
//! `image`, `figure`, `:download:`, a course's lessons) must lie inside
//! the source root once `..` and symbolic links are resolved; absolute
//! paths are refused outright. docutils' `file_insertion_enabled = False`
//! refuses every such read; pandoc's `--sandbox` refuses all but the
//! inputs. rstconv keeps the files beside the lesson usable and refuses
//! the rest, which is what a course pack from a stranger needs.
//!
//! The check resolves symbolic links with `canonicalize` on the longest
//! part of the path that exists, so a link inside the root that points out
//! is refused, and a missing file outside the root is refused as
//! "outside" rather than reported as missing (no probing of other folders).

use std::path::{Component, Path, PathBuf};

/// Why a path may not be read under `--safe`. The messages name the path
/// as written in the source.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("\"{0}\": absolute paths are not allowed under --safe")]
    Absolute(String),
    #[error("\"{0}\": outside the source folder, not read under --safe")]
    Outside(String),
    #[error("cannot resolve the source folder {0}: {1}")]
    NoRoot(String, String),
}

/// The refusal for a directive that names a URL where a file is read
/// (`include`, `csv-table :url:`, `raw :url:`, `literalinclude`): rstconv
/// never uses the network, in any mode, so builds are reproducible and a
/// lesson cannot make the build machine fetch anything.
pub fn url_refusal(url: &str) -> String {
    format!(
        "\"{url}\" is a URL: rstconv never fetches anything from the network; \
         save the file beside the lesson and name it by its path"
    )
}

/// Whether a path written in a directive is a URL (`scheme://...`), which
/// is never fetched.
pub fn is_fetchable_url(written: &str) -> bool {
    let written = written.trim();
    written.split_once("://").is_some_and(|(scheme, _)| {
        scheme.len() > 1
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// Check that `full` (the path `written` in the source, joined to the
/// folder it is relative to) lies inside `root`.
pub fn check_inside(root: &Path, written: &str, full: &Path) -> Result<(), Refusal> {
    if Path::new(written.trim()).is_absolute() {
        return Err(Refusal::Absolute(written.to_string()));
    }
    let root = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    };
    let canon_root = root
        .canonicalize()
        .map_err(|e| Refusal::NoRoot(root.display().to_string(), e.to_string()))?;
    if resolved(full).starts_with(&canon_root) {
        Ok(())
    } else {
        Err(Refusal::Outside(written.to_string()))
    }
}

/// `path` with its longest existing prefix canonicalized (symbolic links
/// and `..` resolved) and the rest normalized by name.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest: Vec<&std::ffi::OsStr> = Vec::new();
    loop {
        if let Ok(canon) = existing.canonicalize() {
            let mut out = canon;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return normalize(&out);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                existing = parent;
            }
            // `..` at the end, or the file-system root: decide by name.
            _ => return normalize(&absolute),
        }
    }
}

/// `a/./b/../c` → `a/c`, by name only.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confine_urls_are_recognised() {
        assert!(is_fetchable_url("http://example.org/x.rst"));
        assert!(is_fetchable_url(" HTTPS://example.org/x.csv"));
        assert!(is_fetchable_url("file:///etc/passwd"));
        assert!(!is_fetchable_url("data/x.csv"));
        assert!(!is_fetchable_url("C://x"));
        assert!(!is_fetchable_url("bogus.csv"));
    }

    #[test]
    fn confine_inside_outside_absolute_and_links() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("root");
        std::fs::create_dir_all(root.join("sub")).expect("mkdir");
        std::fs::write(root.join("sub/a.txt"), "a").expect("write");
        std::fs::write(dir.path().join("secret.txt"), "s").expect("write");
        assert_eq!(
            check_inside(&root, "sub/a.txt", &root.join("sub/a.txt")),
            Ok(())
        );
        assert_eq!(
            check_inside(&root, "sub/../sub/a.txt", &root.join("sub/../sub/a.txt")),
            Ok(())
        );
        // a missing file inside is not refused (the reader reports it)
        assert_eq!(
            check_inside(&root, "new/x.png", &root.join("new/x.png")),
            Ok(())
        );
        assert!(matches!(
            check_inside(&root, "../secret.txt", &root.join("../secret.txt")),
            Err(Refusal::Outside(_))
        ));
        assert!(matches!(
            check_inside(&root, "missing/../../x", &root.join("missing/../../x")),
            Err(Refusal::Outside(_))
        ));
        let absolute = dir.path().join("secret.txt");
        let written = absolute.display().to_string();
        assert!(matches!(
            check_inside(&root, &written, &absolute),
            Err(Refusal::Absolute(_))
        ));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt"))
                .expect("symlink");
            std::os::unix::fs::symlink(dir.path(), root.join("up")).expect("symlink");
            assert!(matches!(
                check_inside(&root, "link.txt", &root.join("link.txt")),
                Err(Refusal::Outside(_))
            ));
            assert!(matches!(
                check_inside(&root, "up/secret.txt", &root.join("up/secret.txt")),
                Err(Refusal::Outside(_))
            ));
        }
    }
}
