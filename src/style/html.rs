//! The `html` style section: the shared keys plus html's own
//! (defaults in `formats/html.yaml`).

style_section! {
    /// The effective style of the html writer.
    HtmlStyle {
        /// Embed the CSS theme in every page (true), or write `style.css`
        /// beside the pages and link it (false).
        embed_css: bool,
        /// Embed images in the page as `data:` URIs instead of copying them
        /// beside it (a single self-contained file).
        embed_images: bool,
        /// Width of the text column (a CSS length, e.g. `46rem`).
        max_width: String,
        /// Follow the reader's dark-mode preference (`prefers-color-scheme`).
        dark_mode: bool,
        /// The colours used in dark mode (same keys as `colors`).
        dark_colors: crate::style::Colors,
        /// A `¶` permalink after every heading and numbered equation.
        permalinks: bool,
        /// CSS appended after the generated theme (it wins over it).
        extra_css: String,
    }
}
