//! What the inputs on the command line mean: single documents (files or
//! standard input), globs, plain folders, and course packs (a folder with
//! an `index.rst`, or an `index.rst` itself).

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Severity};

/// An input as given: a file (or folder, or glob), or standard input (`-`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

/// A unit of work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Job {
    /// One document.
    Single(Input),
    /// A course pack rooted at this folder (it holds `index.rst`).
    Course { root: PathBuf },
}

fn is_glob(text: &str) -> bool {
    text.contains(['*', '?', '['])
}

/// The `.rst` files of a folder without an index, in name order (recursive).
fn rst_files_in(dir: &Path) -> Vec<PathBuf> {
    let pattern = dir.join("**").join("*.rst");
    let mut files: Vec<PathBuf> = glob::glob(&pattern.to_string_lossy())
        .map(|paths| paths.filter_map(Result::ok).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// Turn the inputs into jobs, in the order given. Unreadable inputs and
/// globs that match nothing become errors (the rest still runs). An
/// `index.rst` named as a file is a course pack, unless `index_is_course`
/// is false (one output was asked for: `-o -` or `-o FILE`), when it is
/// one document like any other.
pub fn plan(inputs: &[Input], index_is_course: bool) -> (Vec<Job>, Vec<Diagnostic>) {
    let mut jobs = Vec::new();
    let mut problems = Vec::new();
    for input in inputs {
        let path = match input {
            Input::Stdin => {
                jobs.push(Job::Single(Input::Stdin));
                continue;
            }
            Input::File(path) => path,
        };
        if path.is_dir() {
            if path.join("index.rst").is_file() {
                jobs.push(Job::Course { root: path.clone() });
            } else {
                let files = rst_files_in(path);
                if files.is_empty() {
                    problems.push(io_error(
                        path,
                        "folder holds no index.rst and no .rst files",
                    ));
                }
                jobs.extend(files.into_iter().map(|f| Job::Single(Input::File(f))));
            }
        } else if index_is_course
            && path.file_name().is_some_and(|n| n == "index.rst")
            && path.is_file()
        {
            let root = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            jobs.push(Job::Course {
                root: root.to_path_buf(),
            });
        } else if !path.exists() && is_glob(&path.to_string_lossy()) {
            let mut matched: Vec<PathBuf> = glob::glob(&path.to_string_lossy())
                .map(|paths| {
                    paths
                        .filter_map(Result::ok)
                        .filter(|p| p.is_file())
                        .collect()
                })
                .unwrap_or_default();
            matched.sort();
            if matched.is_empty() {
                problems.push(io_error(path, "no file matches this pattern"));
            }
            jobs.extend(matched.into_iter().map(|f| Job::Single(Input::File(f))));
        } else if !path.is_file() {
            problems.push(io_error(path, "cannot read: no such file"));
        } else {
            jobs.push(Job::Single(Input::File(path.clone())));
        }
    }
    (jobs, problems)
}

fn io_error(path: &Path, message: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Severe,
        "io",
        path.display().to_string(),
        0,
        0,
        message,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipeline_plan_classifies_inputs() {
        let dir = tempfile::tempdir().expect("tempdir");
        let course = dir.path().join("course");
        std::fs::create_dir_all(&course).expect("mkdir");
        std::fs::write(course.join("index.rst"), "x").expect("write");
        let loose = dir.path().join("loose");
        std::fs::create_dir_all(&loose).expect("mkdir");
        std::fs::write(loose.join("b.rst"), "x").expect("write");
        std::fs::write(loose.join("a.rst"), "x").expect("write");
        let inputs = vec![
            Input::Stdin,
            Input::File(course.clone()),
            Input::File(loose.clone()),
            Input::File(course.join("index.rst")),
            Input::File(dir.path().join("loose/*.rst")),
            Input::File(dir.path().join("missing.rst")),
        ];
        let (jobs, problems) = plan(&inputs, true);
        assert_eq!(
            jobs,
            vec![
                Job::Single(Input::Stdin),
                Job::Course {
                    root: course.clone()
                },
                Job::Single(Input::File(loose.join("a.rst"))),
                Job::Single(Input::File(loose.join("b.rst"))),
                Job::Course {
                    root: course.clone()
                },
                Job::Single(Input::File(loose.join("a.rst"))),
                Job::Single(Input::File(loose.join("b.rst"))),
            ]
        );
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("no such file"));
        let (jobs, _) = plan(&[Input::File(course.join("index.rst"))], false);
        assert_eq!(
            jobs,
            vec![Job::Single(Input::File(course.join("index.rst")))]
        );
    }
}
