//! The `html` style section: the shared keys plus html's own
//! (defaults in `formats/html.yaml`).

style_section! {
    /// The effective style of the html writer.
    HtmlStyle {}
}
