//! rstconv: reStructuredText course lessons to HTML, PDF, EPUB 3 and Jupyter
//! notebooks, from one parse.
//!
//! The flow (see `../shared/design/architecture.md`):
//!
//! ```text
//! bytes ─read::decode_input─▶ text ─read::rst::parse─▶ parse-stage tree
//!       ─resolve::resolve─▶ finished IR ─pipeline (rayon)─▶ write::{html,pdf,epub,ipynb}
//! ```
//!
//! - [`ir`]: the document tree, in docutils' node vocabulary.
//! - [`diag`]: source files and diagnostics (`file:line:col: severity: message`).
//! - [`read`]: input decoding and the reStructuredText parser.
//! - [`resolve`]: references, footnotes, substitutions, includes, Sphinx roles.
//! - [`style`]: the YAML styles (defaults in `formats/`).
//! - [`write`]: the writers and their registry.
//! - [`pipeline`]: the parallel fan-out and atomic output.
//! - [`cli`]: the command line.

pub mod alloc;
pub mod cli;
pub mod course;
pub mod decimal;
pub mod diag;
pub mod fast_hash;
pub mod highlight;
pub mod init;
pub mod ir;
pub mod math;
pub mod pipeline;
pub mod read;
pub mod resolve;
pub mod style;
pub mod write;

pub use diag::{Diagnostic, Severity};
pub use ir::{Document, Element, Kind, Node};
pub use read::{Parsed, ReadOptions};
pub use write::{Artifact, BuildInfo, Format, Writer};

/// Parse reStructuredText into the parse-stage tree.
pub fn parse(text: &str, options: &ReadOptions) -> Parsed {
    read::rst::parse(text, options)
}

/// Parse and resolve reStructuredText into the finished document.
pub fn parse_and_resolve(text: &str, options: &ReadOptions) -> Parsed {
    let resolve_options = resolve::ResolveOptions {
        safe: options.safe,
        ..resolve::ResolveOptions::default()
    };
    resolve::resolve(read::rst::parse(text, options), &resolve_options)
}
