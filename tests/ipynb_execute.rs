//! The notebook of a lesson whose code is runnable really runs: executed
//! with nbclient on the ipykernel `python3` kernel (installed by
//! `scripts/install-test-tools.sh`), every cell succeeds and the outputs
//! the lesson promises are there.

mod common;
mod ipynb_support;

use ipynb_support::{python, render, render_lesson, require_python_module, write_file};

const EXECUTE: &str = r#"
import json, sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, kernel_name="python3", timeout=120, allow_errors=False).execute()
outputs = []
for cell in nb.cells:
    if cell.cell_type != "code":
        continue
    for out in cell.outputs:
        if out.output_type == "stream":
            outputs.append(out.text)
        elif out.output_type in ("execute_result", "display_data"):
            outputs.append(out.data.get("text/plain", ""))
        elif out.output_type == "error":
            outputs.append("ERROR " + out.ename)
print(json.dumps(outputs))
"#;

/// Execute a notebook; the text outputs of its code cells, in order
/// (errors as `ERROR name`).
fn execute(notebook: &str) -> Vec<String> {
    require_python_module("nbformat");
    require_python_module("nbclient");
    require_python_module("ipykernel");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_file(dir.path(), "lesson.ipynb", notebook);
    let report = python(EXECUTE, &[&path]);
    serde_json::from_str(report.trim()).expect("JSON outputs")
}

/// The runnable lesson in the Sphinx subset's conventions (captioned code,
/// `highlight`, a shell session marked Python by `highlight`).
#[test]
fn ipynb_runnable_lesson_executes_with_expected_output() {
    let (text, diagnostics) = render("fixtures/ipynb/runnable-lesson.pxml", "fixtures/ipynb");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let outputs = execute(&text);
    let all = outputs.join("");
    assert!(all.contains("primes below 100: 25"), "{outputs:?}");
    // The doctest block, prompts stripped, gives its expected value.
    assert!(outputs.iter().any(|o| o == "19"), "{outputs:?}");
    assert!(all.contains("trial division agrees"), "{outputs:?}");
    assert!(!all.contains("ERROR"), "{outputs:?}");
}

/// A plain docutils lesson, through the whole reader (parse, resolve,
/// write): what a user gets from `rstconv lesson.rst -t ipynb`.
#[test]
fn ipynb_docutils_lesson_from_rst_executes() {
    let (text, diagnostics) = render_lesson("fixtures/ipynb/runnable-docutils.rst");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let outputs = execute(&text);
    assert_eq!(
        outputs,
        ["[('the', 3)]", "and: 2\nbat: 1\ncat: 1\nhat: 1\nthe: 3\n"],
        "{outputs:?}"
    );
}
