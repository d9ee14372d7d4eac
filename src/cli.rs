//! The command line: clap's derive structs and their translation into
//! [`pipeline::Options`]. `main.rs` only calls [`main`].
//!
//! Exit status (the table of [`pipeline::exit`], also in `--help`):
//!
//! - 0: success; every output written (warnings allowed unless `--strict`);
//! - 1: the documents have errors (or warnings with `--strict`); every
//!   output is still written, the problems shown in place;
//! - 2: a usage error (unknown option or format, bad style file; nothing is
//!   written), or an input that cannot be read (missing, binary) or an
//!   output that cannot be written (every other output is still written);
//! - 3: an internal error (a bug, caught: see [`pipeline::guard`]); every
//!   other output is still written;
//! - 130: interrupted (Ctrl-C, SIGTERM, SIGHUP): finished outputs are whole,
//!   unfinished ones keep their previous version, no temporary file is left.
//!
//! Rust's own panic report is never shown: [`main`] installs a quiet panic
//! hook and turns any panic into a diagnostic.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::diag::Diagnostic;
use crate::pipeline::{self, Input, Options, OutputTarget, Stage, exit};
use crate::style::Style;
use crate::write::Format;

const EXAMPLES: &str = "\
Examples:
  rstconv lesson.rst                       lesson.html next to lesson.rst
  rstconv lesson.rst -t pdf,epub,ipynb     three formats from one parse
  rstconv lesson.rst -t all -o out/        html, pdf, epub, ipynb into out/
  rstconv lesson.rst -t pdf -o book.pdf    one output, named
  rstconv - -t html -o - < in.rst          standard input to standard output
  rstconv course/ -t all -o site/          a course pack: lessons and books
  rstconv lesson.rst --style mine.yaml     your style over the defaults
  rstconv --print-default-style            the default style, to start from
  rstconv lesson.rst -t all -M lesson.d    also write a Make depfile
  rstconv course/ --watch -o site/         rebuild whenever a source changes
  rstconv init mycourse                    a starter course with a Makefile

Exit status:
  0    success: every output written (warnings allowed, unless --strict)
  1    the documents have errors (or warnings with --strict); outputs written
  2    usage error (nothing written), or an input that cannot be read
       (missing, binary) or an output that cannot be written; the other
       outputs are written
  3    internal error (a bug in rstconv, reported); the other outputs are
       written
  130  interrupted (Ctrl-C or a termination signal): finished outputs are
       whole, the others keep their previous version, no temporary file is
       left

--safe is for sources you do not trust: raw directives and roles are
refused, and files are read only inside the source folder. Without it, raw
HTML passes through as written (as in docutils). In every mode, links to
script URLs (javascript:, vbscript:, data:text/html) are shown as plain
text, and no URL is ever fetched.";

/// Convert reStructuredText lessons to HTML, PDF, EPUB and Jupyter notebooks.
#[derive(Parser, Debug)]
#[command(name = "rstconv", version, about, after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Input files, folders (course packs) or `-` for standard input.
    pub inputs: Vec<String>,

    /// Output formats, comma-separated: html, pdf, epub, ipynb, pseudoxml, or all.
    #[arg(
        short = 't',
        long = "to",
        value_delimiter = ',',
        default_value = "html"
    )]
    pub to: Vec<String>,

    /// Output folder, or file (one input, one format), or `-` for standard output.
    #[arg(short = 'o', long = "output")]
    pub output: Option<String>,

    /// A YAML style file merged over the defaults (repeatable; later wins).
    #[arg(long = "style", value_name = "FILE.yaml")]
    pub styles: Vec<PathBuf>,

    /// Treat warnings as errors (exit status 1).
    #[arg(long)]
    pub strict: bool,

    /// Print only errors, no progress bar.
    #[arg(short, long)]
    pub quiet: bool,

    /// Worker threads (default: one per core).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,

    /// For untrusted sources: no raw content, no files outside the source
    /// folder, no active URLs in HTML.
    #[arg(long)]
    pub safe: bool,

    /// Stop after this stage (`parse` shows the tree docutils' parser makes).
    #[arg(long, value_enum, default_value = "resolve")]
    pub stage: Stage,

    /// Name standard input in diagnostics and dumps (default `<stdin>`;
    /// `test data` with `--stage parse`, as in docutils' parser tests).
    #[arg(long, value_name = "NAME")]
    pub source_name: Option<String>,

    /// Write a Make rule listing every file the outputs depend on.
    #[arg(short = 'M', long = "depfile", value_name = "FILE")]
    pub depfile: Option<PathBuf>,

    /// Rebuild whenever an input or a file it uses changes.
    #[arg(long)]
    pub watch: bool,

    /// Course packs: write only the books (one per format).
    #[arg(long, conflicts_with = "lesson")]
    pub books_only: bool,

    /// Course packs: write only this lesson's outputs (doc name; repeatable).
    #[arg(long, value_name = "DOCNAME")]
    pub lesson: Vec<String>,

    /// Print the default style (YAML) and exit.
    #[arg(long)]
    pub print_default_style: bool,
}

/// Subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Write a starter course (an index, one lesson, a style file and a
    /// Makefile with html/pdf/epub/ipynb/all targets) into DIR.
    Init {
        /// The folder to create (must be empty or absent).
        dir: PathBuf,
    },
}

/// The usage error for a bad command line.
fn usage(message: impl Into<String>) -> Diagnostic {
    Diagnostic::global(crate::diag::Severity::Severe, "usage", message)
}

/// Parse the target list (`html,pdf`, `all`).
pub fn parse_formats(values: &[String]) -> Result<Vec<Format>, Diagnostic> {
    let mut formats = Vec::new();
    for value in values {
        let value = value.trim().to_ascii_lowercase();
        if value == "all" {
            formats.extend(Format::PUBLISHING);
        } else if let Some(f) = Format::from_name(&value) {
            formats.push(f);
        } else {
            return Err(usage(format!(
                "unknown target format \"{value}\" (expected html, pdf, epub, ipynb, pseudoxml or all)"
            )));
        }
    }
    formats.sort();
    formats.dedup();
    Ok(formats)
}

impl Cli {
    /// Check the command line and turn it into pipeline options.
    pub fn to_options(&self) -> Result<Options, Diagnostic> {
        let formats = parse_formats(&self.to)?;
        if self.inputs.is_empty() {
            return Err(usage("no input given (try `rstconv --help`)"));
        }
        let inputs: Vec<Input> = self
            .inputs
            .iter()
            .map(|s| {
                if s == "-" {
                    Input::Stdin
                } else {
                    Input::File(PathBuf::from(s))
                }
            })
            .collect();
        let single_output = inputs.len() == 1
            && formats.len() == 1
            && !matches!(&inputs[0], Input::File(p) if p.is_dir() || p.file_name().is_some_and(|n| n == "index.rst"));
        let output = match self.output.as_deref() {
            None => OutputTarget::Beside,
            Some("-") if single_output => OutputTarget::Stdout,
            Some("-") => {
                return Err(usage(
                    "`-o -` needs exactly one input and one target format",
                ));
            }
            Some(path) => {
                let p = PathBuf::from(path);
                // An existing file that is not a folder (`/dev/null`, a
                // FIFO) is a file even without an extension.
                let existing_file = p.exists() && !p.is_dir();
                let looks_like_dir = path.ends_with('/')
                    || p.is_dir()
                    || (p.extension().is_none() && !existing_file);
                if single_output && !looks_like_dir {
                    OutputTarget::File(p)
                } else {
                    OutputTarget::Dir(p)
                }
            }
        };
        let stdin_name = self.source_name.clone().unwrap_or_else(|| {
            if self.stage == Stage::Parse {
                "test data".to_string()
            } else {
                "<stdin>".to_string()
            }
        });
        Ok(Options {
            inputs,
            formats,
            output,
            styles: self.styles.clone(),
            strict: self.strict,
            quiet: self.quiet,
            safe: self.safe,
            stage: self.stage,
            stdin_name,
            timestamp: pipeline::timestamp_from_env(),
            depfile: self.depfile.clone(),
            books_only: self.books_only,
            only_lessons: self.lesson.clone(),
        })
    }
}

/// Run the command line; returns the process exit code. A panic anywhere
/// (a bug) is reported as one diagnostic and exit status 3, never as a
/// Rust panic message or backtrace.
pub fn main() -> i32 {
    pipeline::guard::install_quiet_hook();
    install_interrupt_handler();
    match pipeline::guard::guarded("rstconv", run_command_line) {
        Ok(code) => code,
        Err(bug) => {
            eprintln!("{bug}");
            exit::INTERNAL_ERROR
        }
    }
}

/// Ctrl-C, SIGTERM and SIGHUP: remove the temporary files of outputs
/// still being written, then exit with [`exit::INTERRUPTED`]. Outputs
/// already renamed into place are whole; the others keep their previous
/// version (issue 10: an interrupted run leaves no partial file).
fn install_interrupt_handler() {
    // Fails only if a handler is already set (not by this program).
    let _ = ctrlc::set_handler(|| {
        let removed = pipeline::output::remove_unfinished_outputs();
        if removed > 0 {
            eprintln!(
                "rstconv: interrupted; {removed} unfinished output(s) removed, \
                 their previous versions kept"
            );
        }
        std::process::exit(exit::INTERRUPTED);
    });
}

/// Parse the command line and do what it asks.
fn run_command_line() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // --help and --version are successes; the rest are usage errors.
            let code = if err.use_stderr() {
                exit::USAGE_OR_IO
            } else {
                exit::OK
            };
            let _ = err.print();
            return code;
        }
    };
    if let Some(Command::Init { dir }) = &cli.command {
        return match crate::init::write_starter_course(dir) {
            Ok(files) => {
                for f in files {
                    println!("created {}", f.display());
                }
                exit::OK
            }
            Err(e) => {
                eprintln!("rstconv: {e}");
                exit::USAGE_OR_IO
            }
        };
    }
    if cli.print_default_style {
        print!("{}", Style::default_yaml());
        return exit::OK;
    }
    if let Some(jobs) = cli.jobs {
        // Only fails if a global pool exists already, which cannot happen here.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global();
    }
    let options = match cli.to_options() {
        Ok(o) => o,
        Err(diag) => {
            eprintln!("{diag}");
            return exit::USAGE_OR_IO;
        }
    };
    if cli.watch {
        return pipeline::watch::watch(&options, &|outcome| {
            report(&outcome.diagnostics, options.quiet)
        });
    }
    // A one-shot run reuses what it frees (`--watch` idles between builds
    // and keeps mimalloc's default of giving memory back).
    crate::alloc::keep_freed_memory();
    let outcome = pipeline::run(&options);
    report(&outcome.diagnostics, options.quiet);
    outcome.exit_code
}

/// Print diagnostics on standard error: warnings and worse (docutils'
/// default report level), only errors with `--quiet`.
fn report(diagnostics: &[Diagnostic], quiet: bool) {
    use crate::diag::Severity;
    use std::io::Write;
    let threshold = if quiet {
        Severity::Error
    } else {
        Severity::Warning
    };
    let mut stderr = std::io::stderr().lock();
    for d in diagnostics.iter().filter(|d| d.severity >= threshold) {
        let _ = writeln!(stderr, "{d}");
    }
}
