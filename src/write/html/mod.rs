//! The html writer (placeholder until its issue lands: writes the document's
//! text only, so the pipeline can be exercised end to end).

use crate::course::Course;
use crate::ir::Document;
use crate::style::Style;
use crate::write::{Artifact, BuildInfo, Format, Writer};

/// Writes html output.
pub struct HtmlWriter;

impl Writer for HtmlWriter {
    fn format(&self) -> Format {
        Format::Html
    }

    fn write(&self, doc: &Document, _style: &Style, _build: &BuildInfo) -> Artifact {
        Artifact::from_bytes(doc.root.text_content().into_bytes())
    }

    fn write_book(&self, course: &Course, _style: &Style, _build: &BuildInfo) -> Artifact {
        let text: String = course
            .lessons
            .iter()
            .map(|l| l.doc.root.text_content())
            .collect();
        Artifact::from_bytes(text.into_bytes())
    }
}
