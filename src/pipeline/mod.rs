//! The pipeline: read and resolve each input once, fan the finished
//! document out to the requested writers in parallel (rayon), write every
//! output atomically, and report diagnostics sorted by file and line.
//!
//! A course pack (a folder with `index.rst`) is loaded as one course: its
//! lessons are read in parallel, cross-lesson references resolved, then
//! every (lesson × format) pair and every book is one parallel task.
//! Nothing depends on thread order: each task returns its files and
//! diagnostics, and they are combined in a fixed order afterwards.

pub mod claims;
pub mod depfile;
pub mod guard;
pub mod inputs;
pub mod output;
pub mod progress;
pub mod watch;

use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use inputs::{Input, Job};
pub use output::{Destination, OutputTarget, write_atomically};

use crate::course::Course;
use crate::diag::{Diagnostic, Severity, max_severity, sort_diagnostics};
use crate::ir::Document;
use crate::read::{self, Parsed, ReadOptions};
use crate::resolve::{self, ResolveOptions};
use crate::style::{Style, StyleSource};
use crate::write::{BuildInfo, Format, costliest_first, writer_for};
use depfile::Rule;
use progress::Progress;

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

/// Everything a run needs, already checked by the CLI.
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
    /// `-M FILE`: write a Make rule of every output's dependencies.
    pub depfile: Option<PathBuf>,
    /// For course packs: write only the books, not the per-lesson outputs.
    pub books_only: bool,
    /// For course packs: write only these lessons' outputs (doc names), no books.
    pub only_lessons: Vec<String>,
}

impl Options {
    /// Default options for these inputs and formats (tests, library use).
    pub fn new(inputs: Vec<Input>, formats: Vec<Format>, output: OutputTarget) -> Options {
        Options {
            inputs,
            formats,
            output,
            styles: Vec::new(),
            strict: false,
            quiet: true,
            safe: false,
            stage: Stage::Resolve,
            stdin_name: "<stdin>".into(),
            timestamp: DEFAULT_TIMESTAMP,
            depfile: None,
            books_only: false,
            only_lessons: Vec::new(),
        }
    }
}

/// The result of a run.
#[derive(Debug, Default)]
pub struct Outcome {
    pub exit_code: i32,
    /// Sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// Files written, sorted.
    pub written: Vec<PathBuf>,
    /// Every file the outputs depend on, sorted (for `--watch`).
    pub dependencies: Vec<PathBuf>,
}

/// Exit codes (ripgrep's habit, plus one for bugs). The worst thing that
/// happened wins: 3 over 2 over 1 over 0. `rstconv --help` shows the same
/// table (keep them in step).
///
/// | code | meaning | outputs |
/// |---|---|---|
/// | 0 | success (warnings allowed, unless `--strict`) | all written |
/// | 1 | the documents have errors (or warnings with `--strict`): docutils' "error" and "severe" system messages | all written, the problems shown in them |
/// | 2 | usage error (bad option, unknown format, bad style file), or an input that could not be read (missing, binary) or an output that could not be written | nothing for a usage error; otherwise every output that could be made is written |
/// | 3 | internal error: a bug in rstconv was caught (see [`guard`]) | every output but the failed one is written |
/// | 130 | interrupted (Ctrl-C, SIGTERM, SIGHUP) | finished outputs whole, unfinished ones keep their previous version, no temporary file left ([`output::remove_unfinished_outputs`]) |
pub mod exit {
    /// Success: every output written; at worst warnings (without `--strict`).
    pub const OK: i32 = 0;
    /// Every output written, but the documents have errors (or warnings
    /// with `--strict`).
    pub const DOCUMENT_ERRORS: i32 = 1;
    /// A usage error, or an input that could not be read or an output that
    /// could not be written.
    pub const USAGE_OR_IO: i32 = 2;
    /// A bug in rstconv, caught and reported; the other outputs are written.
    pub const INTERNAL_ERROR: i32 = 3;
    /// Interrupted by a signal (the shell's 128 + SIGINT).
    pub const INTERRUPTED: i32 = 130;
}

/// The timestamp to write into outputs: `SOURCE_DATE_EPOCH` if set and
/// valid, else [`DEFAULT_TIMESTAMP`].
pub fn timestamp_from_env() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or(DEFAULT_TIMESTAMP)
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

/// What one task (a document in one format, or a book) produced.
#[derive(Default)]
struct TaskResult {
    written: Vec<PathBuf>,
    diagnostics: Vec<Diagnostic>,
    io_failed: bool,
    /// A panic was caught (a bug): see [`guard`].
    internal_failed: bool,
}

impl TaskResult {
    fn absorb(&mut self, other: TaskResult) {
        self.written.extend(other.written);
        self.diagnostics.extend(other.diagnostics);
        self.io_failed |= other.io_failed;
        self.internal_failed |= other.internal_failed;
    }

    /// A caught panic: its diagnostic, and the exit status it implies.
    fn internal(diag: Diagnostic) -> TaskResult {
        TaskResult {
            diagnostics: vec![diag],
            internal_failed: true,
            ..TaskResult::default()
        }
    }
}

/// Run the pipeline once.
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
    let single_output = matches!(options.output, OutputTarget::Stdout | OutputTarget::File(_));
    let (jobs, problems) = inputs::plan(&options.inputs, !single_output);
    let mut total = TaskResult {
        io_failed: !problems.is_empty(),
        diagnostics: problems,
        ..TaskResult::default()
    };
    let mut rules: Vec<Rule> = Vec::new();
    let style_deps: Vec<PathBuf> = options.styles.clone();

    // Each output file belongs to one input: the first in command-line
    // order (see [`claims`]); a later input that would overwrite it is
    // not converted, so the result never depends on thread timing.
    let mut claims = claims::Claims::default();
    let mut singles: Vec<&Input> = Vec::new();
    for job in &jobs {
        let Job::Single(input) = job else {
            continue;
        };
        let Input::File(path) = input else {
            singles.push(input);
            continue;
        };
        let outputs = single_outputs(path, options);
        match claims.claim(&path.display().to_string(), &outputs) {
            Ok(()) => singles.push(input),
            Err(clash) => {
                total.diagnostics.push(clash);
                total.io_failed = true;
            }
        }
    }
    let progress = Progress::new(
        (singles.len() * options.formats.len()) as u64,
        !options.quiet && singles.len() > 1,
    );
    // Every single document is read, resolved and written in parallel.
    let results: Vec<(TaskResult, Option<Rule>)> = singles
        .par_iter()
        .map(|input| run_single(input, options, &style, &progress))
        .collect();
    progress.finish();
    for (result, rule) in results {
        total.absorb(result);
        rules.extend(rule);
    }
    for job in &jobs {
        if let Job::Course { root } = job {
            let (result, mut course_rules) = run_course(root, options, &style, &mut claims);
            total.absorb(result);
            rules.append(&mut course_rules);
        }
    }

    for rule in &mut rules {
        rule.deps.extend(style_deps.iter().cloned());
        rule.deps.sort();
        rule.deps.dedup();
    }
    if let Some(path) = &options.depfile
        && let Err(diag) = write_atomically(path, depfile::render(&rules).as_bytes())
    {
        total.diagnostics.push(diag);
        total.io_failed = true;
    }
    outcome.dependencies = rules.iter().flat_map(|r| r.deps.iter().cloned()).collect();
    outcome.dependencies.sort();
    outcome.dependencies.dedup();
    outcome.written = total.written;
    outcome.written.sort();
    outcome.diagnostics = total.diagnostics;
    sort_diagnostics(&mut outcome.diagnostics);
    outcome.exit_code = if total.internal_failed {
        exit::INTERNAL_ERROR
    } else {
        exit_code(&outcome.diagnostics, total.io_failed, options.strict)
    };
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

/// Read, decode, parse and (unless `--stage parse`) resolve one input.
fn prepare(input: &Input, options: &Options) -> Result<(Parsed, Option<PathBuf>), Diagnostic> {
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
            let bytes = read::read_regular_file(path).map_err(|e| {
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
    // A binary file (an image or archive named by mistake, a glob that
    // caught one) is refused whole: converting its "text" would only make
    // pages of replacement characters and hundreds of warnings.
    if let Some(what) = read::sniff_binary(&bytes) {
        return Err(Diagnostic::new(
            Severity::Severe,
            "binary-input",
            name,
            1,
            1,
            format!("not a text file: this looks like {what}; nothing converted"),
        ));
    }
    let (text, decode_diags) = read::decode_owned(bytes, &name);
    let read_options = ReadOptions {
        source_name: name,
        path: path.clone(),
        safe: options.safe,
        root: Some(source_dir_of(path.as_deref())),
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
    Ok((parsed, path))
}

/// The files a single input's outputs go to (not its copied resources).
fn single_outputs(path: &Path, options: &Options) -> Vec<PathBuf> {
    let stem = file_stem(Some(path));
    let source_dir = source_dir_of(Some(path));
    options
        .formats
        .iter()
        .filter_map(|format| {
            let relative = PathBuf::from(format!("{stem}.{}", format.extension()));
            match options.output.destination(&relative, Some(&source_dir)) {
                Destination::File(file) => Some(normalize_output(&file)),
                Destination::Stdout => None,
            }
        })
        .collect()
}

/// An output path compared by name (`out/./a.html` is `out/a.html`).
fn normalize_output(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// Where the output of course task `(lesson, format)` goes (`None`: the
/// book).
fn course_destination(
    course: &Course,
    lesson: Option<usize>,
    format: Format,
    options: &Options,
) -> Destination {
    let relative = match lesson.and_then(|i| course.lessons.get(i)) {
        Some(lesson) => PathBuf::from(format!("{}.{}", lesson.docname, format.extension())),
        None => PathBuf::from(book_file_name(format)),
    };
    options.output.destination(&relative, Some(&course.root))
}

/// The folder of an input file (`.` for standard input or a bare name).
fn source_dir_of(path: Option<&Path>) -> PathBuf {
    match path.and_then(Path::parent) {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn file_stem(path: Option<&Path>) -> String {
    path.and_then(Path::file_stem)
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "stdin".to_string())
}

/// One document in every requested format.
fn run_single(
    input: &Input,
    options: &Options,
    style: &Style,
    progress: &Progress,
) -> (TaskResult, Option<Rule>) {
    let mut result = TaskResult::default();
    let what = match input {
        Input::Stdin => format!("reading {}", options.stdin_name),
        Input::File(path) => format!("reading {}", path.display()),
    };
    let (parsed, path) = match guard::guarded(&what, || prepare(input, options)) {
        Ok(Ok(p)) => p,
        Ok(Err(diag)) => {
            result.diagnostics.push(diag);
            result.io_failed = true;
            return (result, None);
        }
        Err(bug) => return (TaskResult::internal(bug), None),
    };
    result
        .diagnostics
        .extend(parsed.diagnostics.iter().cloned());
    let source_dir = source_dir_of(path.as_deref());
    let stem = file_stem(path.as_deref());
    let beside = path.as_ref().map(|_| source_dir.as_path());
    let doc = &parsed.document;
    // Fan the one document out to every writer in parallel, the costliest
    // started first; results are taken in the order the formats were given.
    let mut per_format: Vec<(usize, TaskResult)> = costliest_first(&options.formats)
        .into_par_iter()
        .filter_map(|i| options.formats.get(i).map(|&format| (i, format)))
        .map(|(i, format)| {
            let build = BuildInfo {
                format,
                timestamp: options.timestamp,
                output_stem: stem.clone(),
                source_dir: source_dir.clone(),
                safe: options.safe,
                nav: None,
            };
            let relative = PathBuf::from(format!("{stem}.{}", format.extension()));
            let pruned = select_for_format(doc, format, style);
            let task = write_document(
                pruned.as_ref().unwrap_or(doc),
                style,
                &build,
                &options.output.destination(&relative, beside),
            );
            progress.done(&relative.to_string_lossy());
            (i, task)
        })
        .collect();
    per_format.sort_by_key(|&(i, _)| i);
    let mut targets = Vec::new();
    for (_, task) in per_format {
        targets.extend(task.written.iter().cloned());
        result.absorb(task);
    }
    let rule = Rule {
        targets,
        deps: depfile::document_dependencies(doc, &source_dir),
    };
    (result, Some(rule))
}

/// The document with Sphinx's `only` blocks decided for `format`; `None`
/// when it has none (no copy made). The pseudo-XML dump shows them as they are.
fn select_for_format(doc: &Document, format: Format, style: &Style) -> Option<Document> {
    if format == Format::Pseudoxml {
        return None;
    }
    resolve::only::select_for_format(doc, format.name(), style.tags_for(format))
}

/// The course with `only` blocks decided for `format` in every document;
/// `None` when no document has any.
fn select_course_for_format(course: &Course, format: Format, style: &Style) -> Option<Course> {
    let index = select_for_format(&course.index, format, style);
    let lessons: Vec<Option<Document>> = course
        .lessons
        .iter()
        .map(|l| select_for_format(&l.doc, format, style))
        .collect();
    if index.is_none() && lessons.iter().all(Option::is_none) {
        return None;
    }
    let mut pruned = course.clone();
    if let Some(index) = index {
        pruned.index = index;
    }
    for (lesson, doc) in pruned.lessons.iter_mut().zip(lessons) {
        if let Some(doc) = doc {
            lesson.doc = doc;
        }
    }
    Some(pruned)
}

/// Write one document in one format to `destination`.
fn write_document(
    doc: &Document,
    style: &Style,
    build: &BuildInfo,
    destination: &Destination,
) -> TaskResult {
    let what = format!(
        "the {} writer for {}",
        build.format.name(),
        doc.sources.name(crate::diag::FileId(0))
    );
    let artifact = match guard::guarded(&what, || writer_for(build.format).write(doc, style, build))
    {
        Ok(artifact) => artifact,
        Err(bug) => return TaskResult::internal(bug),
    };
    let mut task = TaskResult {
        diagnostics: artifact.diagnostics.clone(),
        ..TaskResult::default()
    };
    match output::emit(&artifact, destination) {
        Ok(written) => task.written = written,
        Err(diag) => {
            task.diagnostics.push(diag);
            task.io_failed = true;
        }
    }
    task
}

/// The file name of a course's book in `format`: `index.<ext>`, after the
/// course's root document (the HTML site's entry page, the index
/// notebook, the PDF and EPUB books).
pub fn book_file_name(format: Format) -> String {
    format!("index.{}", format.extension())
}

/// A course pack: every lesson in every format, then one book per format.
fn run_course(
    root: &Path,
    options: &Options,
    style: &Style,
    claims: &mut claims::Claims,
) -> (TaskResult, Vec<Rule>) {
    let mut result = TaskResult::default();
    let resolve_options = ResolveOptions {
        safe: options.safe,
        ..ResolveOptions::default()
    };
    let what = format!("reading the course {}", root.display());
    let (course, diags) = match guard::guarded(&what, || {
        resolve::course::load_course(root, &resolve_options)
    }) {
        Ok(loaded) => loaded,
        Err(bug) => return (TaskResult::internal(bug), Vec::new()),
    };
    // A lesson that could not be read (missing, binary, refused under
    // --safe) means outputs are missing: exit status 2, as for a single
    // input.
    result.io_failed |= diags
        .iter()
        .any(|d| matches!(d.code, "io" | "binary-input" | "safe-refused"));
    result.diagnostics.extend(diags);
    let Some(course) = course else {
        result.io_failed = true;
        return (result, Vec::new());
    };
    let lesson_indexes: Vec<usize> = if options.books_only {
        Vec::new()
    } else {
        (0..course.lessons.len())
            .filter(|&i| {
                options.only_lessons.is_empty()
                    || options
                        .only_lessons
                        .iter()
                        .any(|l| *l == course.lessons[i].docname)
            })
            .collect()
    };
    for wanted in &options.only_lessons {
        if !course.lessons.iter().any(|l| l.docname == *wanted) {
            result.diagnostics.push(Diagnostic::new(
                Severity::Error,
                "unknown-lesson",
                course.root.join("index.rst").display().to_string(),
                0,
                0,
                format!("--lesson {wanted}: no such lesson in the course's toctree"),
            ));
        }
    }
    let write_books = options.only_lessons.is_empty();
    let book_count = if write_books {
        options.formats.len()
    } else {
        0
    };
    let progress = Progress::new(
        (lesson_indexes.len() * options.formats.len() + book_count) as u64,
        !options.quiet,
    );

    // The books first: each is the longest task (a whole course), so
    // starting them early lets the lessons fill the other cores around
    // them instead of one book running alone at the end.
    let book_formats = if write_books {
        costliest_first(&options.formats)
    } else {
        Vec::new()
    };
    let tasks: Vec<(Option<usize>, Format)> = book_formats
        .iter()
        .filter_map(|&i| options.formats.get(i).map(|&f| (None, f)))
        .chain(
            lesson_indexes
                .iter()
                .flat_map(|&i| options.formats.iter().map(move |&f| (Some(i), f))),
        )
        .collect();
    // Outputs another input of this run already owns are not written.
    let course_name = root.display().to_string();
    let mut owned = Vec::new();
    let tasks: Vec<(Option<usize>, Format)> = tasks
        .into_iter()
        .filter(|&(lesson, format)| {
            let Destination::File(file) = course_destination(&course, lesson, format, options)
            else {
                return true;
            };
            let file = normalize_output(&file);
            if let Some(owner) = claims.owner_of(&file) {
                result
                    .diagnostics
                    .push(claims::clash(&course_name, &file, owner));
                result.io_failed = true;
                return false;
            }
            owned.push(file);
            true
        })
        .collect();
    // Distinct doc names give distinct files: this claim cannot fail.
    let _ = claims.claim(&course_name, &owned);
    let mut results: Vec<((Option<usize>, Format), TaskResult)> = tasks
        .par_iter()
        .map(|&(lesson, format)| {
            let task = match lesson {
                Some(i) => write_lesson(&course, i, format, options, style),
                None => write_book(&course, format, options, style),
            };
            progress.done(&match lesson {
                Some(i) => format!("{}.{}", course.lessons[i].docname, format.extension()),
                None => book_file_name(format),
            });
            ((lesson, format), task)
        })
        .collect();
    progress.finish();

    // The books were started costliest first; take them in the order
    // their formats were given, as the lessons are.
    let books = results.iter().take_while(|((l, _), _)| l.is_none()).count();
    if let Some(book_results) = results.get_mut(..books) {
        book_results.sort_by_key(|((_, f), _)| options.formats.iter().position(|g| g == f));
    }
    let mut rules = Vec::new();
    let mut book_rule = Rule::default();
    for ((lesson, _format), task) in results {
        match lesson {
            Some(i) => rules.push(Rule {
                targets: task.written.clone(),
                deps: depfile::document_dependencies(
                    &course.lessons[i].doc,
                    &lesson_dir(&course, i),
                ),
            }),
            None => book_rule.targets.extend(task.written.iter().cloned()),
        }
        result.absorb(task);
    }
    if !book_rule.targets.is_empty() {
        book_rule.deps = depfile::document_dependencies(&course.index, &course.root);
        for i in 0..course.lessons.len() {
            book_rule.deps.extend(depfile::document_dependencies(
                &course.lessons[i].doc,
                &lesson_dir(&course, i),
            ));
        }
        rules.push(book_rule);
    }
    // Identical targets from several formats of one lesson: merge rules by lesson.
    (result, merge_rules_by_deps(rules))
}

fn merge_rules_by_deps(rules: Vec<Rule>) -> Vec<Rule> {
    let mut merged: Vec<Rule> = Vec::new();
    for rule in rules {
        match merged.iter_mut().find(|r| r.deps == rule.deps) {
            Some(existing) => existing.targets.extend(rule.targets),
            None => merged.push(rule),
        }
    }
    for rule in &mut merged {
        rule.targets.sort();
        rule.targets.dedup();
    }
    merged
}

/// The folder of lesson `i` (images and downloads are relative to it).
fn lesson_dir(course: &Course, i: usize) -> PathBuf {
    let docname = course
        .lessons
        .get(i)
        .map(|l| l.docname.as_str())
        .unwrap_or("");
    let rel = Path::new(docname).parent().unwrap_or(Path::new(""));
    course.root.join(rel)
}

fn write_lesson(
    course: &Course,
    i: usize,
    format: Format,
    options: &Options,
    style: &Style,
) -> TaskResult {
    let Some(lesson) = course.lessons.get(i) else {
        return TaskResult::default();
    };
    let nav = course.nav(i);
    let stem = Path::new(&lesson.docname)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| lesson.docname.clone());
    let build = BuildInfo {
        format,
        timestamp: options.timestamp,
        output_stem: stem,
        source_dir: lesson_dir(course, i),
        safe: options.safe,
        nav: Some(&nav),
    };
    let destination = course_destination(course, Some(i), format, options);
    let pruned = select_for_format(&lesson.doc, format, style);
    write_document(
        pruned.as_ref().unwrap_or(&lesson.doc),
        style,
        &build,
        &destination,
    )
}

fn write_book(course: &Course, format: Format, options: &Options, style: &Style) -> TaskResult {
    let file_name = book_file_name(format);
    let build = BuildInfo {
        format,
        timestamp: options.timestamp,
        output_stem: Path::new(&file_name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        source_dir: course.root.clone(),
        safe: options.safe,
        nav: None,
    };
    let pruned = select_course_for_format(course, format, style);
    let what = format!("the {} writer (book)", format.name());
    let artifact = match guard::guarded(&what, || {
        writer_for(format).write_book(pruned.as_ref().unwrap_or(course), style, &build)
    }) {
        Ok(artifact) => artifact,
        Err(bug) => return TaskResult::internal(bug),
    };
    let mut task = TaskResult {
        diagnostics: artifact.diagnostics.clone(),
        ..TaskResult::default()
    };
    let destination = course_destination(course, None, format, options);
    match output::emit(&artifact, &destination) {
        Ok(written) => task.written = written,
        Err(diag) => {
            task.diagnostics.push(diag);
            task.io_failed = true;
        }
    }
    task
}
