//! Every notebook the writer makes passes Jupyter's own checks: the
//! nbformat 4.5 schema (`nbformat.validate`, which also checks cell ids),
//! and byte-identical output when nbformat reads and rewrites it (so
//! opening and saving in Jupyter gives no diff).

mod common;
mod ipynb_support;

use ipynb_support::{
    SHIPPED_LESSONS, python, render, render_lesson, require_python_module, write_file,
};

const VALIDATE: &str = r#"
import sys, nbformat
for path in sys.argv[1:]:
    raw = open(path, encoding="utf-8").read()
    nb = nbformat.reads(raw, as_version=4)
    nbformat.validate(nb)
    again = nbformat.writes(nb)
    if not again.endswith("\n"):
        again += "\n"
    if again != raw:
        sys.exit(f"{path}: nbformat rewrites it differently")
    code = sum(1 for c in nb.cells if c.cell_type == "code")
    print(path.rsplit("/", 1)[-1], nb.nbformat, nb.nbformat_minor, len(nb.cells), code)
"#;

#[test]
fn ipynb_notebooks_pass_nbformat_validate_and_round_trip() {
    require_python_module("nbformat");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut paths = Vec::new();
    for (fixture, source_dir, name) in [
        ("kitchen-sink.pxml", "fixtures/course", "kitchen-sink.ipynb"),
        (
            "sphinx-subset.pxml",
            "fixtures/course",
            "sphinx-subset.ipynb",
        ),
        (
            "fixtures/ipynb/runnable-lesson.pxml",
            "fixtures/ipynb",
            "runnable-lesson.ipynb",
        ),
    ] {
        let (text, _) = render(fixture, source_dir);
        paths.push(write_file(dir.path(), name, &text));
    }
    for lesson in SHIPPED_LESSONS {
        let (text, _) = render_lesson(lesson);
        let name = lesson
            .rsplit('/')
            .next()
            .unwrap_or(lesson)
            .replace(".rst", ".ipynb");
        paths.push(write_file(dir.path(), &name, &text));
    }
    let refs: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
    let report = python(VALIDATE, &refs);
    // name, nbformat, minor, cells, code cells
    let lines: Vec<Vec<&str>> = report.lines().map(|l| l.split(' ').collect()).collect();
    assert_eq!(lines.len(), 3 + SHIPPED_LESSONS.len(), "{report}");
    for line in &lines {
        assert_eq!(line.get(1..3), Some(&["4", "5"][..]), "{report}");
    }
    // One code cell per Python code block: kitchen-sink has one code block
    // and one doctest; sphinx-subset three blocks; the runnable lesson three
    // blocks and a doctest (its fourth block is a shell session).
    let code_cells: Vec<(&str, &str)> = lines.iter().take(3).map(|l| (l[0], l[4])).collect();
    assert_eq!(
        code_cells,
        [
            ("kitchen-sink.ipynb", "2"),
            ("sphinx-subset.ipynb", "3"),
            ("runnable-lesson.ipynb", "4"),
        ]
    );
}
