//! The `epub` style section: the shared keys plus epub's own
//! (defaults in `formats/epub.yaml`).

use serde::{Deserialize, Serialize};

style_section! {
    /// The effective style of the epub writer.
    EpubStyle {
        /// How content is cut into XHTML files: one per lesson, or one per
        /// top-level section (smaller files open faster on e-readers).
        split: EpubSplit,
        /// Levels of headings in the book's navigation (1 = lessons or top
        /// sections only).
        toc_depth: usize,
        /// A cover image (PNG, JPEG, GIF, SVG or WebP), relative to the
        /// document's folder (the course folder for a book). Empty: a cover
        /// is drawn (SVG) from the title, subtitle and authors.
        cover_image: String,
        /// The book's identifier (an ISBN URN, a DOI, ...). Empty: a
        /// `urn:uuid:` derived from the content, so rebuilding the same
        /// text gives the same identifier.
        identifier: String,
        /// Authors when the document's docinfo names none.
        authors: Vec<String>,
        /// `dc:publisher`.
        publisher: String,
        /// `dc:rights` when the docinfo has no `:Copyright:` field.
        rights: String,
        /// `dc:description` when the document has no `meta` description.
        description: String,
        /// `dc:subject` entries (the document's `meta` keywords are added).
        subjects: Vec<String>,
        /// `schema:accessibilitySummary`. Empty: a summary is written from
        /// what the book holds (MathML, image descriptions, navigation).
        accessibility_summary: String,
        /// Font files to embed (TrueType, OpenType, WOFF, WOFF2), each with
        /// the CSS family it provides; paths relative to the document's
        /// folder.
        embed_fonts: Vec<EpubFont>,
        /// CSS appended to the generated theme.
        extra_css: String,
    }
}

/// Where content documents are cut.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EpubSplit {
    /// One XHTML file per lesson.
    Lesson,
    /// One XHTML file per top-level section (and one for what precedes the
    /// first section).
    #[default]
    Section,
}

/// A font file to embed, and the `@font-face` it declares.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct EpubFont {
    /// The CSS font family (`DejaVu Serif`); use it in `fonts.body` etc.
    pub family: String,
    /// The font file.
    pub file: String,
    /// CSS `font-weight` (`normal`, `bold`, `400`).
    pub weight: String,
    /// CSS `font-style` (`normal`, `italic`).
    pub style: String,
}
