//! Writers: one module per output format, each a pure function of the
//! resolved document, its typed style and the build information.
//!
//! A writer returns an [`Artifact`]: the bytes of the main output, the files
//! it refers to (images to copy beside an HTML page, the pages of an HTML
//! site), and its diagnostics. It never writes to disk itself; the pipeline
//! does, atomically. Writers run in parallel over the same `&Document`.

pub mod active_url;
pub mod byte_set;
pub mod epub;
pub mod html;
pub mod ipynb;
pub mod pdf;
pub mod pseudoxml;

use std::path::{Path, PathBuf};

use crate::course::{Course, CourseNav};
use crate::diag::Diagnostic;
use crate::ir::Document;
use crate::style::Style;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
pub enum Format {
    Html,
    Pdf,
    Epub,
    Ipynb,
    /// docutils' pseudo-XML dump of the tree (for tests and debugging).
    Pseudoxml,
}

impl Format {
    /// The four publishing formats (`-t all`).
    pub const PUBLISHING: [Format; 4] = [Format::Html, Format::Pdf, Format::Epub, Format::Ipynb];

    /// The lower-case name used on the command line and in `only`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Epub => "epub",
            Format::Ipynb => "ipynb",
            Format::Pseudoxml => "pseudoxml",
        }
    }

    /// The output file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pseudoxml => "pxml",
            other => other.name(),
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "html" => Some(Format::Html),
            "pdf" => Some(Format::Pdf),
            "epub" => Some(Format::Epub),
            "ipynb" => Some(Format::Ipynb),
            "pseudoxml" => Some(Format::Pseudoxml),
            _ => None,
        }
    }

    /// Where the format's writer ranks by cost, the costliest first: on the
    /// 1.4 MB benchmark document the PDF takes about 620 ms of CPU, the
    /// EPUB 180, the notebook 100, the HTML 50 (pseudo-XML less).
    fn cost_rank(self) -> u8 {
        match self {
            Format::Pdf => 0,
            Format::Epub => 1,
            Format::Ipynb => 2,
            Format::Html => 3,
            Format::Pseudoxml => 4,
        }
    }
}

/// The indexes of `formats`, costliest writer first: the order to start
/// them in on a thread pool. Started first, the long writers (the PDF,
/// which is itself parallel) leave the short ones to fill the other cores
/// around them; started last, a PDF runs alone at the end. All four on the
/// 1.4 MB benchmark document, 2 cores: 560-580 ms in the order html, pdf,
/// epub, ipynb, 515-525 ms costliest first.
pub fn costliest_first(formats: &[Format]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..formats.len()).collect();
    order.sort_by_key(|&i| formats.get(i).map(|f| f.cost_rank()));
    order
}

/// What a writer knows about the build besides the document and style.
#[derive(Clone, Debug)]
pub struct BuildInfo<'a> {
    pub format: Format,
    /// Seconds since the Unix epoch for every timestamp written into an
    /// output: `SOURCE_DATE_EPOCH` when set, else a fixed date, so output
    /// bytes never depend on the clock.
    pub timestamp: i64,
    /// The file stem of the output (`lesson` for `lesson.pdf`).
    pub output_stem: String,
    /// The folder of the source document, for images and downloads.
    pub source_dir: PathBuf,
    /// `--safe`: refuse raw content and active URLs.
    pub safe: bool,
    /// For a lesson of a course pack: its place in the course.
    pub nav: Option<&'a CourseNav>,
}

impl BuildInfo<'_> {
    /// Build info for a single document with fixed defaults (tests, library use).
    pub fn single(format: Format, output_stem: &str, source_dir: &Path) -> BuildInfo<'static> {
        BuildInfo {
            format,
            timestamp: crate::pipeline::DEFAULT_TIMESTAMP,
            output_stem: output_stem.to_string(),
            source_dir: source_dir.to_path_buf(),
            safe: false,
            nav: None,
        }
    }
}

/// A file that an output refers to and that must be written beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    /// Path relative to the output folder (`lesson_files/speedup.png`).
    pub path: PathBuf,
    pub content: ResourceContent,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ResourceContent {
    /// Copy this existing file.
    Copy(PathBuf),
    /// Write these bytes.
    Bytes(Vec<u8>),
}

/// What a writer produces.
#[derive(Clone, Debug, Default)]
pub struct Artifact {
    /// The main output file's bytes.
    pub bytes: Vec<u8>,
    /// Files the output refers to, written beside it.
    pub resources: Vec<Resource>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Artifact {
    pub fn from_bytes(bytes: Vec<u8>) -> Artifact {
        Artifact {
            bytes,
            ..Artifact::default()
        }
    }
}

/// An output format's writer.
pub trait Writer: Sync {
    fn format(&self) -> Format;

    /// Write one document.
    fn write(&self, doc: &Document, style: &Style, build: &BuildInfo) -> Artifact;

    /// Write a course pack as one book (EPUB with a chapter per lesson, PDF
    /// book, HTML site index, index notebook).
    fn write_book(&self, course: &Course, style: &Style, build: &BuildInfo) -> Artifact;
}

/// The writer of a format: the one registry of formats.
pub fn writer_for(format: Format) -> &'static dyn Writer {
    match format {
        Format::Html => &html::HtmlWriter,
        Format::Pdf => &pdf::PdfWriter,
        Format::Epub => &epub::EpubWriter,
        Format::Ipynb => &ipynb::IpynbWriter,
        Format::Pseudoxml => &pseudoxml::PseudoXmlWriter,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costliest_writers_start_first_whatever_the_order_given() {
        let given = [Format::Html, Format::Ipynb, Format::Pdf, Format::Epub];
        let order: Vec<Format> = costliest_first(&given)
            .into_iter()
            .map(|i| given[i])
            .collect();
        assert_eq!(
            order,
            [Format::Pdf, Format::Epub, Format::Ipynb, Format::Html]
        );
        assert!(costliest_first(&[]).is_empty());
    }
}
