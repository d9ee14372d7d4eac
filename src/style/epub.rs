//! The `epub` style section: the shared keys plus epub's own
//! (defaults in `formats/epub.yaml`).

style_section! {
    /// The effective style of the epub writer.
    EpubStyle {}
}
