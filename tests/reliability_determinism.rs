//! Determinism through the real binary (issue 10): the same inputs give
//! the same bytes in all four formats whatever `--jobs`, from one run to
//! the next, and whatever the clock; only `SOURCE_DATE_EPOCH` moves the
//! dates written into PDF and EPUB files, and nothing else changes with it.
//!
//! The inputs are the project's course pack (`fixtures/course`, a copy of
//! the shared course) and the seed lesson (`fixtures/lessons`), converted
//! together into one folder; the tests need nothing outside the checkout.
//! `tests/cli.rs` (`cli_jobs_do_not_change_output_bytes`) covers
//! `fixtures/course` with `--jobs 1` against `--jobs 8`.

mod reliability_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use reliability_support::{files_under, rstconv_in, run, write};

/// The project's fixtures.
fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Copy a folder, making the copies writable (the shared files are
/// read-only).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("ls").filter_map(Result::ok) {
        let dest = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            let bytes = std::fs::read(entry.path()).expect("read");
            std::fs::write(&dest, bytes).expect("write");
        }
    }
}

/// A temp folder with the course pack as `course/` and the seed lesson as
/// `seed.rst`.
fn inputs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&fixtures().join("course"), &dir.path().join("course"));
    let seed = std::fs::read(fixtures().join("lessons/seed-lesson.rst")).expect("seed");
    write(dir.path(), "seed.rst", seed);
    dir
}

/// One conversion of both inputs to every format into `dir/out`: the
/// files by relative path, and stderr.
fn convert(
    dir: &Path,
    out: &str,
    jobs: &str,
    epoch: Option<&str>,
) -> (BTreeMap<String, Vec<u8>>, String) {
    let mut cmd = rstconv_in(dir);
    cmd.args(["course", "seed.rst", "-t", "all", "--jobs", jobs, "-o", out]);
    if let Some(epoch) = epoch {
        cmd.env("SOURCE_DATE_EPOCH", epoch);
    }
    let result = run(&mut cmd);
    assert!(result.code <= 1, "{}", result.stderr);
    let root = dir.join(out);
    let files: BTreeMap<String, Vec<u8>> = files_under(&root)
        .into_iter()
        .map(|p| {
            let name = p
                .strip_prefix(&root)
                .map(|r| r.display().to_string())
                .unwrap_or_default();
            (name, std::fs::read(&p).expect("read output"))
        })
        .collect();
    for ext in ["html", "pdf", "epub", "ipynb"] {
        for stem in ["index", "parallel-loops", "seed"] {
            assert!(
                files.contains_key(&format!("{stem}.{ext}")),
                "{stem}.{ext} missing"
            );
        }
    }
    (files, result.stderr)
}

fn assert_same(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, why: &str) {
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{why}: different files"
    );
    for (name, bytes) in a {
        assert!(b.get(name) == Some(bytes), "{name} differs: {why}");
    }
}

/// `bytes` with every `from` replaced by `to` (same length or not).
fn replace_bytes(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    let from = from.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(from) {
            out.extend_from_slice(to.as_bytes());
            i += from.len();
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// An EPUB's entries: name, modification time (as written in the zip)
/// and uncompressed bytes.
fn epub_entries(bytes: &[u8]) -> Vec<(String, String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).expect("entry");
            let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
            let time = entry
                .last_modified()
                .map(|t| {
                    format!(
                        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                        t.year(),
                        t.month(),
                        t.day(),
                        t.hour(),
                        t.minute(),
                        t.second()
                    )
                })
                .unwrap_or_default();
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut data).expect("entry");
            (name, time, data)
        })
        .collect()
}

#[test]
fn reliability_same_bytes_whatever_jobs_runs_and_clock() {
    let dir = inputs();
    let (first, first_err) = convert(dir.path(), "jobs1", "1", None);
    // More than a second later, in parallel: the clock must not show.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let (second, second_err) = convert(dir.path(), "jobs2", "2", None);
    assert_same(&first, &second, "--jobs 1 then --jobs 2, a second apart");
    assert_eq!(first_err, second_err, "diagnostics in a different order");
    // Without SOURCE_DATE_EPOCH the date is a fixed one (1980-01-01, the
    // earliest a zip can hold), never the clock.
    let pdf = String::from_utf8_lossy(&first["seed.pdf"]).into_owned();
    assert!(
        pdf.contains("/CreationDate(D:19800101000000+00'00')"),
        "PDF date"
    );
    for (name, time, _) in epub_entries(&first["seed.epub"]) {
        assert_eq!(time, "1980-01-01T00:00:00", "{name}");
    }
}

#[test]
fn reliability_source_date_epoch_moves_only_the_dates() {
    let dir = inputs();
    let (a, _) = convert(dir.path(), "a", "2", Some("1700000000"));
    let (again, _) = convert(dir.path(), "again", "1", Some("1700000000"));
    assert_same(&a, &again, "the same SOURCE_DATE_EPOCH");
    let (b, _) = convert(dir.path(), "b", "2", Some("1800000000"));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    // 1700000000 and 1800000000 as the PDF Info dictionary and EPUB
    // metadata write them.
    let (pdf_a, pdf_b) = ("D:20231114221320+00'00'", "D:20270115080000+00'00'");
    let (iso_a, iso_b) = ("2023-11-14T22:13:20", "2027-01-15T08:00:00");
    for (name, bytes_a) in &a {
        let bytes_b = &b[name];
        if name.ends_with(".pdf") {
            assert!(
                String::from_utf8_lossy(bytes_a).contains(pdf_a),
                "{name} has no date"
            );
            assert!(
                &replace_bytes(bytes_b, pdf_b, pdf_a) == bytes_a,
                "{name} differs beyond its date"
            );
        } else if name.ends_with(".epub") {
            let (entries_a, entries_b) = (epub_entries(bytes_a), epub_entries(bytes_b));
            assert_eq!(entries_a.len(), entries_b.len(), "{name}");
            for ((na, ta, da), (nb, tb, db)) in entries_a.iter().zip(&entries_b) {
                assert_eq!(na, nb, "{name}: entry order");
                assert_eq!(
                    (ta.as_str(), tb.as_str()),
                    (iso_a, iso_b),
                    "{name}: {na} time"
                );
                assert!(
                    &replace_bytes(db, iso_b, iso_a) == da,
                    "{name}: {na} differs beyond its date"
                );
            }
            let opf = entries_a
                .iter()
                .find(|(n, _, _)| n.ends_with(".opf"))
                .map(|(_, _, d)| String::from_utf8_lossy(d).into_owned())
                .unwrap_or_default();
            assert!(
                opf.contains(&format!(
                    "<meta property=\"dcterms:modified\">{iso_a}Z</meta>"
                )),
                "{name}: modified date"
            );
        } else {
            // HTML, notebooks and copied figures carry no date.
            assert!(bytes_a == bytes_b, "{name} depends on SOURCE_DATE_EPOCH");
        }
    }
}

#[test]
fn reliability_clashing_outputs_first_input_wins() {
    // Two lessons named alike into one folder: in parallel they would race
    // for out/lesson.html; the first on the command line keeps it, the
    // second is refused with an error, and every run agrees.
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "a/lesson.rst", "A\n=\n\nText from a.\n");
    write(dir.path(), "b/lesson.rst", "B\n=\n\nText from b.\n");
    for jobs in ["1", "2"] {
        let out = run(rstconv_in(dir.path()).args([
            "a/lesson.rst",
            "b/lesson.rst",
            "-t",
            "html,ipynb",
            "--jobs",
            jobs,
            "-o",
            "out",
        ]));
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert_eq!(
            out.stderr.trim_end(),
            "b/lesson.rst: severe: not written: out/lesson.html is already the output of \
             a/lesson.rst in this run (rename one of them, or convert them into different folders)"
        );
        let html = std::fs::read_to_string(dir.path().join("out/lesson.html")).expect("html");
        assert!(html.contains("Text from a.") && !html.contains("Text from b."));
        let notebook = std::fs::read_to_string(dir.path().join("out/lesson.ipynb")).expect("nb");
        assert!(notebook.contains("Text from a."));
    }
}
