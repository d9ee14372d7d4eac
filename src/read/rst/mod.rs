//! The reStructuredText reader (placeholder: paragraphs only, until the
//! parser lands).

use crate::diag::SourceMap;
use crate::ir::{Document, Element, Kind, Span};
use crate::read::{Parsed, ReadOptions};

/// Parse `text` into the parse-stage tree (what docutils' parser makes,
/// before any transform).
pub fn parse(text: &str, options: &ReadOptions) -> Parsed {
    let mut sources = SourceMap::new();
    let file = sources.add(
        options.path.clone().unwrap_or_default(),
        options.source_name.as_str(),
    );
    let mut root = Element::new(Kind::Document, Span::new(file, 1, 1))
        .with_attr("source", options.source_name.as_str());
    let mut para: Vec<&str> = Vec::new();
    let mut start = 1;
    for (i, line) in text.lines().chain(std::iter::once("")).enumerate() {
        if line.trim().is_empty() {
            if !para.is_empty() {
                let span = Span::new(file, start, 1);
                root.push(Element::new(Kind::Paragraph, span).with_text(para.join("\n")));
                para.clear();
            }
        } else {
            if para.is_empty() {
                start = u32::try_from(i + 1).unwrap_or(u32::MAX);
            }
            para.push(line.trim());
        }
    }
    Parsed {
        document: Document { root, sources },
        diagnostics: Vec::new(),
    }
}
