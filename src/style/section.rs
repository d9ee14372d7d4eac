//! The macro that makes a format's style section: the shared keys (which a
//! format may override) plus the format's own keys, in one typed struct
//! that rejects unknown keys.

/// Define a format's style struct with every shared key plus its own.
///
/// ```ignore
/// style_section! {
///     /// HTML output.
///     HtmlStyle {
///         /// Embed the CSS in the page (true) or link `style.css`.
///         embed_css: bool,
///     }
/// }
/// ```
macro_rules! style_section {
    ($(#[$meta:meta])* $name:ident { $( $(#[$fmeta:meta])* $field:ident : $ty:ty ),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, serde::Deserialize, serde::Serialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct $name {
            /// Document language (BCP 47), used for `lang` and hyphenation.
            pub language: String,
            /// Tags for Sphinx's `only` directive, besides the format name.
            pub tags: Vec<String>,
            pub fonts: $crate::style::Fonts,
            pub colors: $crate::style::Colors,
            pub admonitions: $crate::style::Admonitions,
            pub code: $crate::style::CodeStyle,
            pub page: $crate::style::Page,
            pub headings: $crate::style::Headings,
            pub title_page: $crate::style::TitlePage,
            $( $(#[$fmeta])* pub $field: $ty, )*
        }
    };
}
