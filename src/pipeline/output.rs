//! Where outputs go and how they are written: atomically, through a
//! temporary file in the same folder and a rename, so a reader never sees
//! a half-written file and a failed run leaves the previous output alone.
//!
//! An interrupted run (Ctrl-C, SIGTERM, SIGHUP) leaves no temporary file
//! either: every temporary file is registered while it exists, and the
//! command line's signal handler calls [`remove_unfinished_outputs`].

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use crate::diag::{Diagnostic, Severity};
use crate::write::{Artifact, ResourceContent};

/// Where outputs go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutputTarget {
    /// Next to each input (standard output for standard input).
    Beside,
    /// Into this folder.
    Dir(PathBuf),
    /// This exact file (one input, one format).
    File(PathBuf),
    /// Standard output (one input, one format).
    Stdout,
}

/// Where one output goes: a file, or standard output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    File(PathBuf),
    Stdout,
}

impl OutputTarget {
    /// The destination of an output named `relative` (e.g. `lesson.html` or
    /// `sub/lesson.html`), for an input whose folder is `beside_dir`
    /// (`None` for standard input).
    pub fn destination(&self, relative: &Path, beside_dir: Option<&Path>) -> Destination {
        match self {
            OutputTarget::Stdout => Destination::Stdout,
            OutputTarget::Beside => match beside_dir {
                Some(dir) => Destination::File(dir.join(relative)),
                None => Destination::Stdout,
            },
            OutputTarget::Dir(dir) => Destination::File(dir.join(relative)),
            OutputTarget::File(file) => Destination::File(file.clone()),
        }
    }
}

/// Write an artefact and its resources. Returns the files written.
pub fn emit(artifact: &Artifact, destination: &Destination) -> Result<Vec<PathBuf>, Diagnostic> {
    let path = match destination {
        Destination::Stdout => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(&artifact.bytes)
                .and_then(|()| stdout.flush())
                .map_err(|e| {
                    Diagnostic::global(
                        Severity::Severe,
                        "io",
                        format!("cannot write standard output: {e}"),
                    )
                })?;
            return Ok(Vec::new());
        }
        Destination::File(path) => path,
    };
    let out_dir = parent_or_dot(path);
    let mut written = Vec::new();
    for resource in &artifact.resources {
        let dest = out_dir.join(&resource.path);
        match &resource.content {
            ResourceContent::Bytes(bytes) => write_atomically(&dest, bytes)?,
            ResourceContent::Copy(src) => {
                if same_file(src, &dest) {
                    continue;
                }
                let bytes = crate::read::read_regular_file(src).map_err(|e| {
                    Diagnostic::new(
                        Severity::Error,
                        "io",
                        src.display().to_string(),
                        0,
                        0,
                        format!("cannot copy: {e}"),
                    )
                })?;
                write_atomically(&dest, &bytes)?;
            }
        }
        written.push(dest);
    }
    write_atomically(path, &artifact.bytes)?;
    written.push(path.clone());
    Ok(written)
}

fn parent_or_dot(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Whether two paths name the same existing file (copying an image onto
/// itself when the output folder is the source folder).
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// The temporary files being written now. A temporary file is created and
/// registered under this lock, so an interrupt that takes the lock sees
/// every one that exists, and none can be created after it.
static UNFINISHED: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

fn unfinished() -> MutexGuard<'static, BTreeSet<PathBuf>> {
    // A panic elsewhere while holding the lock leaves a usable set.
    UNFINISHED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Remove the temporary files of outputs still being written (for an
/// interrupted run) and return how many there were. The lock is then
/// held until the process exits, so no new temporary file appears: call
/// this only on the way out. A file renamed into place meanwhile was
/// whole (it is synced before the rename), and stays.
pub fn remove_unfinished_outputs() -> usize {
    let guard = unfinished();
    let count = guard
        .iter()
        .filter(|path| std::fs::remove_file(path).is_ok())
        .count();
    std::mem::forget(guard);
    count
}

/// A registered temporary file: unregistered when dropped (after it was
/// renamed into place, or deleted by `tempfile` on failure).
struct Registered(PathBuf);

impl Drop for Registered {
    fn drop(&mut self) {
        unfinished().remove(&self.0);
    }
}

/// Write `bytes` to `path` through a temporary file in the same folder and
/// a rename. A file whose bytes would not change is only touched.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let dir = parent_or_dot(path);
    let fail = |what: &str, e: &dyn std::fmt::Display| {
        Diagnostic::new(
            Severity::Severe,
            "io",
            path.display().to_string(),
            0,
            0,
            format!("cannot {what}: {e}"),
        )
    };
    // A device or a pipe (`-o /dev/null`, a FIFO) is written to, never
    // replaced: renaming over it would swap the special file for a plain one.
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
        && !meta.is_dir()
    {
        return std::fs::File::options()
            .write(true)
            .open(path)
            .and_then(|mut f| f.write_all(bytes))
            .map_err(|e| fail("write", &e));
    }
    let replaces = path.is_file();
    if replaces && crate::read::read_regular_file(path).is_ok_and(|old| old == bytes) {
        // Same bytes: keep the file, but mark it fresh so `make` sees the
        // rule ran (else it would rerun it every time).
        let touched = std::fs::File::options()
            .append(true)
            .open(path)
            .and_then(|f| f.set_modified(std::time::SystemTime::now()));
        if touched.is_ok() {
            return Ok(());
        }
    }
    std::fs::create_dir_all(&dir).map_err(|e| {
        // Named by the folder, so every output that goes there shares one
        // diagnostic (duplicates are dropped when diagnostics are sorted).
        Diagnostic::new(
            Severity::Severe,
            "io",
            dir.display().to_string(),
            0,
            0,
            if dir.exists() && !dir.is_dir() {
                // EEXIST alone ("File exists") does not say what to do.
                "cannot create the output folder: a file of that name is in the way".to_string()
            } else {
                format!("cannot create the output folder: {e}")
            },
        )
    })?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".rstconv-").suffix(".tmp");
    // Outputs get the usual mode (0666 less the umask), not the 0600 of a
    // temporary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let (mut tmp, _registered) = {
        let mut set = unfinished();
        let tmp = builder.tempfile_in(&dir).map_err(|e| fail("write", &e))?;
        set.insert(tmp.path().to_path_buf());
        let registered = Registered(tmp.path().to_path_buf());
        (tmp, registered)
    };
    tmp.write_all(bytes).map_err(|e| fail("write", &e))?;
    // Flushed to disk before the rename only when it replaces a previous
    // version: then a power cut cannot leave an empty file where the old
    // output was. A new output has nothing to protect (at worst it is
    // missing, as after an interrupted run), and syncing each of a course
    // build's 805 new files cost a third of its time.
    if replaces {
        tmp.as_file().sync_all().map_err(|e| fail("write", &e))?;
    }
    tmp.persist(path).map_err(|e| fail("write", &e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipeline_atomic_write_replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out.html");
        write_atomically(&path, b"one").expect("write");
        write_atomically(&path, b"two").expect("rewrite");
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("ls")
            .map(|e| e.expect("e").file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        assert!(
            !unfinished().iter().any(|p| p.starts_with(dir.path())),
            "a finished output's temporary file is unregistered"
        );
    }

    #[cfg(unix)]
    #[test]
    fn pipeline_outputs_are_not_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out.html");
        write_atomically(&path, b"x").expect("write");
        let mode = std::fs::metadata(&path).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode & 0o044, 0o044, "group and others can read: {mode:o}");
    }

    #[test]
    fn pipeline_destination_forms() {
        let rel = Path::new("a.pdf");
        assert_eq!(
            OutputTarget::Beside.destination(rel, Some(Path::new("src"))),
            Destination::File("src/a.pdf".into())
        );
        assert_eq!(
            OutputTarget::Beside.destination(rel, None),
            Destination::Stdout
        );
        assert_eq!(
            OutputTarget::Dir("out".into()).destination(rel, None),
            Destination::File("out/a.pdf".into())
        );
        assert_eq!(
            OutputTarget::File("x.pdf".into()).destination(rel, None),
            Destination::File("x.pdf".into())
        );
    }
}
