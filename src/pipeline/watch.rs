//! `--watch`: build, then rebuild whenever an input or anything it depends
//! on changes (debounced, so an editor's save-and-rename is one rebuild).
//!
//! Folders are watched, not files: editors often replace a file by
//! renaming a new one over it, which ends a watch on the old file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify_debouncer_full::notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use super::{Options, Outcome, run};

/// How long a burst of file events is gathered before rebuilding.
const DEBOUNCE: Duration = Duration::from_millis(250);

/// The folders to watch for a run: those of every dependency and input.
fn watched_folders(options: &Options, outcome: &Outcome) -> BTreeSet<PathBuf> {
    let mut folders = BTreeSet::new();
    let inputs = options.inputs.iter().filter_map(|i| match i {
        super::Input::File(p) => Some(p.clone()),
        super::Input::Stdin => None,
    });
    for path in outcome.dependencies.iter().cloned().chain(inputs) {
        let folder = if path.is_dir() {
            path
        } else {
            path.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let folder = if folder.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            folder
        };
        if let Ok(canonical) = folder.canonicalize() {
            folders.insert(canonical);
        }
    }
    folders
}

/// Whether an event path concerns the build (a dependency or an `.rst`/
/// `.yaml` file in a watched folder), not one of our own outputs.
fn is_relevant(path: &Path, dependencies: &BTreeSet<PathBuf>, written: &BTreeSet<PathBuf>) -> bool {
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    if written.contains(&canonical)
        || path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(".rstconv-"))
    {
        return false;
    }
    dependencies.contains(&canonical)
        || path
            .extension()
            .is_some_and(|e| e == "rst" || e == "yaml" || e == "yml")
}

/// Build, report, and rebuild on change until the process is stopped.
/// `report` prints each run's diagnostics. Returns only if watching fails.
pub fn watch(options: &Options, report: &dyn Fn(&Outcome)) -> i32 {
    let mut outcome = run(options);
    report(&outcome);
    loop {
        let (tx, rx) = mpsc::channel::<DebounceEventResult>();
        let mut debouncer = match new_debouncer(DEBOUNCE, None, tx) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("rstconv: cannot watch files: {e}");
                return super::exit::USAGE_OR_IO;
            }
        };
        for folder in watched_folders(options, &outcome) {
            if let Err(e) = debouncer.watch(&folder, RecursiveMode::NonRecursive) {
                eprintln!("rstconv: cannot watch {}: {e}", folder.display());
            }
        }
        let canon = |p: &PathBuf| p.canonicalize().unwrap_or_else(|_| p.clone());
        let dependencies: BTreeSet<PathBuf> = outcome.dependencies.iter().map(canon).collect();
        let written: BTreeSet<PathBuf> = outcome.written.iter().map(canon).collect();
        eprintln!("rstconv: watching for changes (Ctrl+C to stop)");
        loop {
            match rx.recv() {
                Ok(Ok(events)) => {
                    let changed = events
                        .iter()
                        .flat_map(|e| e.paths.iter())
                        .any(|p| is_relevant(p, &dependencies, &written));
                    if changed {
                        break;
                    }
                }
                Ok(Err(errors)) => {
                    for e in errors {
                        eprintln!("rstconv: watch error: {e}");
                    }
                }
                Err(_) => return super::exit::USAGE_OR_IO,
            }
        }
        drop(debouncer);
        eprintln!("rstconv: change detected, rebuilding");
        outcome = run(options);
        report(&outcome);
    }
}
