//! Helpers of the notebook writer's tests: render a fixture tree, run the
//! real Jupyter tools (nbformat, nbclient) through `python3`, read cells.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use rstconv::style::Style;
use rstconv::write::{BuildInfo, Format, Writer, ipynb::IpynbWriter};
use serde_json::Value;

use super::common;

/// A fixture tree (`fixtures/ir/NAME` or a path under the project root)
/// written as a notebook with images read from `source_dir`.
pub fn render_with(
    fixture: &str,
    source_dir: &str,
    style: &Style,
) -> (String, Vec<rstconv::Diagnostic>) {
    let doc = load(fixture);
    let dir = common::project_root().join(source_dir);
    let stem = Path::new(fixture)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("lesson");
    let build = BuildInfo::single(Format::Ipynb, stem, &dir);
    let artifact = IpynbWriter.write(&doc, style, &build);
    let text = String::from_utf8(artifact.bytes).expect("notebooks are UTF-8");
    (text, artifact.diagnostics)
}

pub fn render(fixture: &str, source_dir: &str) -> (String, Vec<rstconv::Diagnostic>) {
    render_with(fixture, source_dir, &Style::defaults())
}

/// A lesson (an `.rst` path under the project root) read, resolved and
/// written as a notebook, as the pipeline does for one file.
pub fn render_lesson(path: &str) -> (String, Vec<rstconv::Diagnostic>) {
    let full = common::project_root().join(path);
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut options = rstconv::ReadOptions::named(path);
    options.path = Some(full.clone());
    let parsed = rstconv::parse_and_resolve(&text, &options);
    let dir = full.parent().map(Path::to_path_buf).unwrap_or_default();
    let stem = full
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("lesson");
    let build = BuildInfo::single(Format::Ipynb, stem, &dir);
    let artifact = IpynbWriter.write(&parsed.document, &Style::defaults(), &build);
    let text = String::from_utf8(artifact.bytes).expect("notebooks are UTF-8");
    (text, artifact.diagnostics)
}

/// The shipped lessons: the seed template and the course lesson.
pub const SHIPPED_LESSONS: [&str; 3] = [
    "fixtures/lessons/seed-lesson.rst",
    "fixtures/course/parallel-loops.rst",
    "fixtures/course/index.rst",
];

/// Load a resolved tree: a bare name is looked up in `fixtures/ir/`, a
/// path is taken from the project root.
pub fn load(fixture: &str) -> rstconv::Document {
    if fixture.contains('/') {
        let path = common::project_root().join(fixture);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let root = rstconv::read::pseudoxml::parse_pseudoxml(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut sources = rstconv::diag::SourceMap::new();
        sources.add(&path, fixture);
        rstconv::Document { root, sources }
    } else {
        common::load_ir_fixture(fixture)
    }
}

/// Fail (never skip) when a Python module the tests need is missing.
pub fn require_python_module(module: &str) {
    let ok = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        ok,
        "python3 module `{module}` is missing: run scripts/install-test-tools.sh \
         (installs nbformat, nbclient and ipykernel)"
    );
}

/// Run a Python script with arguments; panic with its stderr on failure.
pub fn python(script: &str, args: &[&Path]) -> String {
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "python3 failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Write `text` to `dir/name` and return the path.
pub fn write_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write notebook");
    path
}

/// The cells of a notebook as (cell_type, source) pairs.
pub fn cells(notebook: &str) -> Vec<(String, String)> {
    let value: Value = serde_json::from_str(notebook).expect("notebook is JSON");
    value["cells"]
        .as_array()
        .expect("cells")
        .iter()
        .map(|cell| {
            let kind = cell["cell_type"].as_str().unwrap_or("").to_string();
            let source: String = cell["source"]
                .as_array()
                .map(|lines| lines.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            (kind, source)
        })
        .collect()
}
