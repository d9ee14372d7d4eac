//! The pipeline: read and resolve each input once, then fan the finished
//! document out to the requested writers in parallel (rayon), write every
//! output atomically, and report diagnostics sorted by file and line.
//!
//! Nothing here depends on thread order: each task returns its artefact and
//! diagnostics, and they are combined in a fixed order afterwards.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Severity, max_severity, sort_diagnostics};
use crate::read::{self, Parsed, ReadOptions};
use crate::resolve::{self, ResolveOptions};
use crate::style::{Style, StyleSource};
use crate::write::{Artifact, BuildInfo, Format, ResourceContent, writer_for};

/// The timestamp written into outputs when `SOURCE_DATE_EPOCH` is not set:
/// 1980-01-01T00:00:00Z, the earliest date a zip file can hold.
pub const DEFAULT_TIMESTAMP: i64 = 315_532_800;

/// Where the pipeline stops.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Stage {
    /// Right after parsing: the tree docutils' parser tests show.
    Parse,
    /// After the resolve passes (the default): the finished document.
    #[default]
    Resolve,
}

/// Where outputs go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutputTarget {
    /// Next to each input (or standard output for standard input).
    Beside,
    /// Into this folder.
    Dir(PathBuf),
    /// This exact file (one input, one format).
    File(PathBuf),
    /// Standard output (one input, one format).
    Stdout,
}

/// An input: a file, or standard input (`-`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

/// Everything a run needs, already validated by the CLI.
#[derive(Clone, Debug)]
pub struct Options {
    pub inputs: Vec<Input>,
    pub formats: Vec<Format>,
    pub output: OutputTarget,
    pub styles: Vec<PathBuf>,
    pub strict: bool,
    pub quiet: bool,
    pub safe: bool,
    pub stage: Stage,
    /// The name of standard input in diagnostics and dumps.
    pub stdin_name: String,
    /// Seconds since the epoch for output timestamps.
    pub timestamp: i64,
}

/// The result of a run: the exit code and what to report.
#[derive(Debug, Default)]
pub struct Outcome {
    pub exit_code: i32,
    pub diagnostics: Vec<Diagnostic>,
    /// Files written, in a fixed order.
    pub written: Vec<PathBuf>,
}

/// Exit codes (ripgrep's habit): success, document errors, usage or I/O.
pub mod exit {
    pub const OK: i32 = 0;
    pub const DOCUMENT_ERRORS: i32 = 1;
    pub const USAGE_OR_IO: i32 = 2;
}

/// The timestamp to write into outputs: `SOURCE_DATE_EPOCH` if set and
/// valid, else [`DEFAULT_TIMESTAMP`].
pub fn timestamp_from_env() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or(DEFAULT_TIMESTAMP)
}

/// One input read and resolved, ready for the writers.
struct Prepared {
    parsed: Parsed,
    /// Output stem (`lesson` for `lesson.rst`).
    stem: String,
    /// Folder of the input (images and includes are relative to it).
    source_dir: PathBuf,
    /// Folder the outputs go to when written beside the input.
    beside_dir: PathBuf,
}

/// Run the pipeline.
pub fn run(options: &Options) -> Outcome {
    let mut outcome = Outcome::default();
    let style = match load_style(&options.styles) {
        Ok(style) => style,
        Err(diag) => {
            outcome.diagnostics.push(diag);
            outcome.exit_code = exit::USAGE_OR_IO;
            return outcome;
        }
    };

    // Read and resolve every input once, in parallel.
    let prepared: Vec<Result<Prepared, Diagnostic>> = options
        .inputs
        .par_iter()
        .map(|input| prepare(input, options))
        .collect();

    let mut io_failed = false;
    for item in prepared {
        let prepared = match item {
            Ok(p) => p,
            Err(diag) => {
                outcome.diagnostics.push(diag);
                io_failed = true;
                continue;
            }
        };
        outcome
            .diagnostics
            .extend(prepared.parsed.diagnostics.iter().cloned());
        // Fan the one document out to every writer in parallel.
        let artifacts: Vec<(Format, Artifact)> = options
            .formats
            .par_iter()
            .map(|&format| {
                let build = BuildInfo {
                    format,
                    timestamp: options.timestamp,
                    output_stem: prepared.stem.clone(),
                    source_dir: prepared.source_dir.clone(),
                    safe: options.safe,
                    nav: None,
                };
                (
                    format,
                    writer_for(format).write(&prepared.parsed.document, &style, &build),
                )
            })
            .collect();
        for (format, artifact) in artifacts {
            outcome
                .diagnostics
                .extend(artifact.diagnostics.iter().cloned());
            match emit(&artifact, format, &prepared, options) {
                Ok(mut paths) => outcome.written.append(&mut paths),
                Err(diag) => {
                    outcome.diagnostics.push(diag);
                    io_failed = true;
                }
            }
        }
    }

    sort_diagnostics(&mut outcome.diagnostics);
    outcome.exit_code = exit_code(&outcome.diagnostics, io_failed, options.strict);
    outcome
}

fn exit_code(diagnostics: &[Diagnostic], io_failed: bool, strict: bool) -> i32 {
    if io_failed {
        return exit::USAGE_OR_IO;
    }
    let threshold = if strict {
        Severity::Warning
    } else {
        Severity::Error
    };
    match max_severity(diagnostics) {
        Some(s) if s >= threshold => exit::DOCUMENT_ERRORS,
        _ => exit::OK,
    }
}

/// The effective style: the defaults with the user's files over them.
pub fn load_style(paths: &[PathBuf]) -> Result<Style, Diagnostic> {
    let sources = paths
        .iter()
        .map(|p| StyleSource::from_path(p))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_diagnostic())?;
    Style::load(&sources).map_err(|e| e.to_diagnostic())
}

fn prepare(input: &Input, options: &Options) -> Result<Prepared, Diagnostic> {
    let (bytes, name, path) = match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).map_err(|e| {
                Diagnostic::global(
                    Severity::Severe,
                    "io",
                    format!("cannot read standard input: {e}"),
                )
            })?;
            (bytes, options.stdin_name.clone(), None)
        }
        Input::File(path) => {
            let bytes = std::fs::read(path).map_err(|e| {
                Diagnostic::new(
                    Severity::Severe,
                    "io",
                    path.display().to_string(),
                    0,
                    0,
                    format!("cannot read: {e}"),
                )
            })?;
            (bytes, path.display().to_string(), Some(path.clone()))
        }
    };
    let (text, decode_diags) = read::decode_input(&bytes, &name);
    let source_dir = path
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let read_options = ReadOptions {
        source_name: name,
        path: path.clone(),
        safe: options.safe,
        root: Some(source_dir.clone()),
        tab_width: 8,
    };
    let mut parsed = read::rst::parse(&text, &read_options);
    parsed.diagnostics.splice(0..0, decode_diags);
    if options.stage == Stage::Resolve {
        parsed = resolve::resolve(
            parsed,
            &ResolveOptions {
                safe: options.safe,
                ..ResolveOptions::default()
            },
        );
    }
    let stem = path
        .as_deref()
        .and_then(Path::file_stem)
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "stdin".to_string());
    let beside_dir = if source_dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        source_dir.clone()
    };
    Ok(Prepared {
        parsed,
        stem,
        source_dir,
        beside_dir,
    })
}

/// Write one artefact (and its resources) where the options say.
fn emit(
    artifact: &Artifact,
    format: Format,
    prepared: &Prepared,
    options: &Options,
) -> Result<Vec<PathBuf>, Diagnostic> {
    let stdin_input = options.inputs.iter().all(|i| *i == Input::Stdin);
    let target = match &options.output {
        OutputTarget::Stdout => None,
        OutputTarget::Beside if stdin_input => None,
        OutputTarget::Beside => Some(prepared.beside_dir.join(format!(
            "{}.{}",
            prepared.stem,
            format.extension()
        ))),
        OutputTarget::Dir(dir) => {
            Some(dir.join(format!("{}.{}", prepared.stem, format.extension())))
        }
        OutputTarget::File(file) => Some(file.clone()),
    };
    let Some(path) = target else {
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
    };
    let out_dir = path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let mut written = Vec::new();
    for resource in &artifact.resources {
        let dest = out_dir.join(&resource.path);
        let bytes = match &resource.content {
            ResourceContent::Bytes(b) => b.clone(),
            ResourceContent::Copy(src) => std::fs::read(src).map_err(|e| {
                Diagnostic::new(
                    Severity::Error,
                    "io",
                    src.display().to_string(),
                    0,
                    0,
                    format!("cannot copy: {e}"),
                )
            })?,
        };
        write_atomically(&dest, &bytes)?;
        written.push(dest);
    }
    write_atomically(&path, &artifact.bytes)?;
    written.push(path);
    Ok(written)
}

/// Write `bytes` to `path` through a temporary file in the same folder and
/// a rename, so readers never see a half-written file and a failed run
/// leaves the previous output in place.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
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
    std::fs::create_dir_all(&dir).map_err(|e| fail("create the output folder", &e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".rstconv-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| fail("write", &e))?;
    tmp.write_all(bytes).map_err(|e| fail("write", &e))?;
    tmp.as_file().sync_all().map_err(|e| fail("write", &e))?;
    tmp.persist(path).map_err(|e| fail("write", &e.error))?;
    Ok(())
}
