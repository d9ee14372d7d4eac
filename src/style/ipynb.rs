//! The `ipynb` style section: the shared keys plus ipynb's own
//! (defaults in `formats/ipynb.yaml`).

style_section! {
    /// The effective style of the ipynb writer.
    IpynbStyle {}
}
