//! The command line: output forms, standard streams, exit codes, styles,
//! depfiles, course packs, determinism across `--jobs`, and `rstconv init`
//! with its Makefile.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::cargo_bin;

mod common;

fn rstconv() -> Command {
    let mut cmd = Command::new(cargo_bin("rstconv"));
    cmd.env_remove("SOURCE_DATE_EPOCH");
    cmd
}

fn lesson_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("lesson.rst"),
        "Title\n=====\n\nA paragraph.\n",
    )
    .expect("write");
    dir
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("rstconv runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("ls") {
        let entry = entry.expect("entry");
        let dest = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).expect("copy");
        }
    }
}

#[test]
fn cli_writes_outputs_beside_the_input() {
    let dir = lesson_dir();
    let (code, _, stderr) = run(rstconv()
        .arg(dir.path().join("lesson.rst"))
        .args(["-t", "html,ipynb"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(dir.path().join("lesson.html").is_file());
    assert!(dir.path().join("lesson.ipynb").is_file());
    assert!(!dir.path().join("lesson.pdf").exists());
}

#[test]
fn cli_default_target_is_html() {
    let dir = lesson_dir();
    let (code, _, _) = run(rstconv().arg(dir.path().join("lesson.rst")));
    assert_eq!(code, 0);
    assert!(dir.path().join("lesson.html").is_file());
}

#[test]
fn cli_output_dir_and_all_formats() {
    let dir = lesson_dir();
    let out = dir.path().join("out");
    let (code, _, stderr) = run(rstconv()
        .arg(dir.path().join("lesson.rst"))
        .args(["-t", "all", "-o"])
        .arg(&out));
    assert_eq!(code, 0, "{stderr}");
    for ext in ["html", "pdf", "epub", "ipynb"] {
        assert!(
            out.join(format!("lesson.{ext}")).is_file(),
            "lesson.{ext} missing"
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .expect("ls")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn cli_output_file_names_the_file() {
    let dir = lesson_dir();
    let target = dir.path().join("book.pdf");
    let (code, _, _) = run(rstconv()
        .arg(dir.path().join("lesson.rst"))
        .args(["-t", "pdf", "-o"])
        .arg(&target));
    assert_eq!(code, 0);
    assert!(target.is_file());
}

#[test]
fn cli_stdin_to_stdout() {
    let mut cmd = rstconv();
    cmd.args(["-", "-t", "pseudoxml", "-o", "-"]);
    let out = assert_cmd::Command::from_std(cmd)
        .write_stdin("Hello.\n")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("<document"), "{stdout}");
    assert!(stdout.contains("Hello."), "{stdout}");
}

#[test]
fn cli_stdout_needs_one_output() {
    let dir = lesson_dir();
    let (code, _, stderr) = run(rstconv()
        .arg(dir.path().join("lesson.rst"))
        .args(["-t", "html,pdf", "-o", "-"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("exactly one"), "{stderr}");
}

#[test]
fn cli_unknown_format_is_a_usage_error() {
    let dir = lesson_dir();
    let (code, _, stderr) = run(rstconv()
        .arg(dir.path().join("lesson.rst"))
        .args(["-t", "docx"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("unknown target format \"docx\""),
        "{stderr}"
    );
}

#[test]
fn cli_missing_input_is_an_io_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, _, stderr) = run(rstconv().arg(dir.path().join("nope.rst")));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("nope.rst: error") || stderr.contains("nope.rst: severe"),
        "{stderr}"
    );
}

#[test]
fn cli_strict_fails_on_warnings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lesson = dir.path().join("bad.rst");
    std::fs::write(&lesson, b"Caf\xe9 au lait.\n").expect("write");
    let (code, _, stderr) = run(rstconv().arg(&lesson).args(["-t", "html"]));
    assert_eq!(code, 0, "a warning alone succeeds: {stderr}");
    assert!(
        stderr.contains("bad.rst:1:4: warning: invalid UTF-8 at byte offset 3"),
        "{stderr}"
    );
    let (code, _, _) = run(rstconv().arg(&lesson).args(["-t", "html", "--strict"]));
    assert_eq!(code, 1);
    assert!(
        dir.path().join("bad.html").is_file(),
        "the output is still written"
    );
}

#[test]
fn cli_style_error_has_line_and_column() {
    let dir = lesson_dir();
    let style = dir.path().join("style.yaml");
    std::fs::write(&style, "shared:\n  fonts:\n    size: big\n").expect("write");
    let (code, _, stderr) = run(rstconv()
        .arg(dir.path().join("lesson.rst"))
        .arg("--style")
        .arg(&style));
    assert_eq!(code, 2);
    let expected = format!(
        "{}:3:11: severe: shared.fonts.size: invalid type: string \"big\", expected a number",
        style.display()
    );
    assert!(stderr.contains(&expected), "{stderr}");
    std::fs::write(&style, "html:\n  colour: red\n").expect("write");
    let (code, _, stderr) = run(rstconv()
        .arg(dir.path().join("lesson.rst"))
        .arg("--style")
        .arg(&style));
    assert_eq!(code, 2);
    assert!(
        stderr.contains(":2:3: severe: html: unknown field `colour`"),
        "{stderr}"
    );
}

#[test]
fn cli_print_default_style_loads_back() {
    let (code, stdout, _) = run(rstconv().arg("--print-default-style"));
    assert_eq!(code, 0);
    assert!(
        stdout.contains("shared:") && stdout.contains("admonitions:"),
        "{stdout}"
    );
    let source = rstconv::style::StyleSource {
        name: "printed.yaml".into(),
        text: stdout,
    };
    rstconv::style::Style::load(&[source]).expect("the printed defaults are a valid style");
}

#[test]
fn cli_depfile_lists_inputs_and_styles() {
    let dir = lesson_dir();
    let style = dir.path().join("my style.yaml");
    std::fs::write(&style, "shared: {}\n").expect("write");
    let depfile = dir.path().join("lesson.d");
    let out = dir.path().join("out");
    let (code, _, stderr) = run(rstconv()
        .arg(dir.path().join("lesson.rst"))
        .args(["-t", "html,pdf", "-o"])
        .arg(&out)
        .arg("--style")
        .arg(&style)
        .arg("-M")
        .arg(&depfile));
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(&depfile).expect("depfile written");
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.contains(&out.join("lesson.html").display().to_string()),
        "{text}"
    );
    assert!(
        first.contains(&out.join("lesson.pdf").display().to_string()),
        "{text}"
    );
    assert!(
        text.contains(&format!("  {}", dir.path().join("lesson.rst").display())),
        "{text}"
    );
    assert!(text.contains("my\\ style.yaml"), "spaces escaped: {text}");
    assert!(
        text.contains(&format!("\n{}:\n", dir.path().join("lesson.rst").display())),
        "phony rule: {text}"
    );
}

#[test]
fn cli_course_pack_writes_lessons_and_books() {
    let dir = tempfile::tempdir().expect("tempdir");
    let course = dir.path().join("course");
    copy_dir(&common::project_root().join("fixtures/course"), &course);
    let out = dir.path().join("out");
    let (code, _, stderr) = run(rstconv().arg(&course).args(["-t", "all", "-o"]).arg(&out));
    assert!(code == 0 || code == 1, "{stderr}");
    for name in [
        "parallel-loops.html",
        "parallel-loops.pdf",
        "parallel-loops.epub",
        "parallel-loops.ipynb",
        "index.html",
        "index.pdf",
        "index.epub",
        "index.ipynb",
    ] {
        assert!(out.join(name).is_file(), "{name} missing; stderr: {stderr}");
    }
}

#[test]
fn cli_jobs_do_not_change_output_bytes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let course = dir.path().join("course");
    copy_dir(&common::project_root().join("fixtures/course"), &course);
    std::fs::copy(
        common::project_root().join("fixtures/lessons/seed-lesson.rst"),
        course.join("seed-lesson.rst"),
    )
    .expect("copy");
    let mut outputs = Vec::new();
    for jobs in ["1", "8"] {
        let out = dir.path().join(format!("out-{jobs}"));
        let (_, _, stderr) = run(rstconv()
            .arg(&course)
            .arg(course.join("seed-lesson.rst"))
            .args(["-t", "all", "--jobs", jobs, "-o"])
            .arg(&out));
        let mut files: Vec<(String, Vec<u8>)> = walk(&out)
            .into_iter()
            .map(|p| {
                (
                    p.strip_prefix(&out).expect("prefix").display().to_string(),
                    std::fs::read(&p).expect("read"),
                )
            })
            .collect();
        files.sort();
        outputs.push((files, stderr));
    }
    assert!(!outputs[0].0.is_empty());
    assert_eq!(outputs[0].0.len(), outputs[1].0.len());
    for (a, b) in outputs[0].0.iter().zip(&outputs[1].0) {
        assert_eq!(a.0, b.0);
        assert!(a.1 == b.1, "{} differs between --jobs 1 and --jobs 8", a.0);
    }
    assert_eq!(
        outputs[0].1, outputs[1].1,
        "diagnostics differ between --jobs 1 and --jobs 8"
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("ls").filter_map(|e| e.ok()) {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn cli_init_course_builds_with_make_and_rebuilds_only_what_changed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let course = dir.path().join("mycourse");
    let (code, stdout, stderr) = run(rstconv().arg("init").arg(&course));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Makefile"), "{stdout}");
    std::fs::write(
        course.join("second-lesson.rst"),
        "Second lesson\n=============\n\nMore text.\n",
    )
    .expect("write");
    let index = std::fs::read_to_string(course.join("index.rst")).expect("read index");
    std::fs::write(course.join("index.rst"), index + "   second-lesson\n").expect("write index");
    let bin = cargo_bin("rstconv");
    let make = |args: &[&str]| {
        let out = Command::new("make")
            .arg("-C")
            .arg(&course)
            .arg(format!("RSTCONV={}", bin.display()))
            .args(args)
            .output()
            .expect("make runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, stdout, stderr) = make(&[]);
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    let built = course.join("_build");
    for name in [
        "first-lesson.html",
        "first-lesson.pdf",
        "first-lesson.epub",
        "first-lesson.ipynb",
        "second-lesson.html",
        "index.html",
        "index.pdf",
        "index.epub",
        "index.ipynb",
    ] {
        assert!(
            built.join(name).is_file(),
            "{name} not built:\n{stdout}\n{stderr}"
        );
    }
    let (_, stdout, _) = make(&["-q"]);
    assert!(stdout.is_empty());
    let (code, _, _) = make(&["-q"]);
    assert_eq!(code, Some(0), "nothing left to do after a build");

    // Touch one lesson: only its outputs and the books are rebuilt.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let lesson = course.join("second-lesson.rst");
    let text = std::fs::read_to_string(&lesson).expect("read");
    std::fs::write(&lesson, text + "\nAn added line.\n").expect("write");
    let (_, plan, _) = make(&["-n"]);
    assert!(plan.contains("--lesson second-lesson"), "{plan}");
    assert!(
        !plan.contains("--lesson first-lesson"),
        "an untouched lesson is rebuilt:\n{plan}"
    );
    assert!(plan.contains("--books-only"), "{plan}");
    let (code, stdout, stderr) = make(&[]);
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    let (code, _, _) = make(&["-q"]);
    assert_eq!(code, Some(0), "up to date after the rebuild");
}

#[test]
fn cli_only_blocks_are_decided_per_format_for_a_single_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("lesson.rst"),
        "Title\n=====\n\n.. only:: html\n\n   ForTheWebOnly\n\n.. only:: ipynb\n\n   ForNotebooksOnly\n",
    )
    .expect("write");
    let (code, _, stderr) = run(rstconv()
        .arg(dir.path().join("lesson.rst"))
        .args(["-t", "html,ipynb"]));
    assert_eq!(code, 0, "{stderr}");
    let html = std::fs::read_to_string(dir.path().join("lesson.html")).expect("html");
    let ipynb = std::fs::read_to_string(dir.path().join("lesson.ipynb")).expect("ipynb");
    assert!(html.contains("ForTheWebOnly") && !html.contains("ForNotebooksOnly"));
    assert!(ipynb.contains("ForNotebooksOnly") && !ipynb.contains("ForTheWebOnly"));
}

#[test]
fn cli_ref_to_a_label_on_a_promoted_subtitle_links_across_lessons() {
    // docutils promotes a lone first section to the subtitle; its label
    // must still be a :ref: target (the common lesson shape).
    let dir = tempfile::tempdir().expect("tempdir");
    let write =
        |name: &str, text: &str| std::fs::write(dir.path().join(name), text).expect("write");
    write(
        "index.rst",
        "Course\n======\n\n.. toctree::\n\n   a\n   b\n",
    );
    write(
        "a.rst",
        "Lesson A\n========\n\n.. _sec-x:\n\nSection X\n---------\n\nText.\n",
    );
    write("b.rst", "Lesson B\n========\n\nSee :ref:`sec-x`.\n");
    let out = dir.path().join("out");
    let (code, _, stderr) = run(rstconv()
        .arg(dir.path())
        .args(["-t", "html,pdf", "-o"])
        .arg(&out));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.is_empty(), "no warning expected: {stderr}");
    let b = std::fs::read_to_string(out.join("b.html")).expect("b.html");
    assert!(b.contains(r#"href="a.html#sec-x""#), "{b}");
    assert!(
        b.contains(">Section X<"),
        "the link shows the section's title"
    );
}

#[cfg(unix)]
#[test]
fn cli_output_to_dev_null_writes_into_the_device() {
    let dir = lesson_dir();
    let (code, _, stderr) =
        run(rstconv()
            .arg(dir.path().join("lesson.rst"))
            .args(["-t", "html", "-o", "/dev/null"]));
    assert_eq!(code, 0, "{stderr}");
    let meta = std::fs::metadata("/dev/null").expect("/dev/null");
    assert!(!meta.is_file(), "/dev/null must stay a device");
}
