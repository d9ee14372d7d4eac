//! The `pdf` style section: the shared keys plus pdf's own
//! (defaults in `formats/pdf.yaml`).

style_section! {
    /// The effective style of the pdf writer.
    PdfStyle {}
}
