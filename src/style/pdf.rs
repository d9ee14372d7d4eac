//! The `pdf` style section: the shared keys plus pdf's own
//! (defaults in `formats/pdf.yaml`).

style_section! {
    /// The effective style of the pdf writer.
    PdfStyle {
        /// Justify paragraphs (true) or set them ragged right.
        justify: bool,
        /// Hyphenate words at line ends (patterns for `language`).
        hyphenate: bool,
        /// Heading sizes in points for section levels 1, 2, 3, ...; the
        /// last one serves deeper levels. The document title uses `title_size`.
        heading_sizes: Vec<f64>,
        /// Size of the document title on the title page.
        title_size: f64,
        /// Space between paragraphs in points.
        paragraph_spacing: f64,
        /// A table of contents with page numbers after the title page.
        toc: bool,
        /// Deepest section level listed in the table of contents.
        toc_depth: usize,
        /// Title of the table of contents page.
        toc_title: String,
        /// Running header (document title and current section) on every page
        /// after the title page.
        header: bool,
        /// Page numbers in the footer.
        footer: bool,
        /// Text before figure captions' numbers ("Figure" → "Figure 1: ...");
        /// empty for no numbering.
        figure_label: String,
    }
}
