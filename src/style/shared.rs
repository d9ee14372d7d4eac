//! The shared style keys: what every format uses so the four outputs look
//! alike. Defaults are in `formats/shared.yaml`; the Rust `Default`s below
//! only matter if a key is missing from there.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

style_section! {
    /// The `shared` section: the shared keys alone.
    SharedStyle {}
}

/// Font families and sizes. Families name bundled faces (`DejaVu Serif`,
/// `DejaVu Sans`, `DejaVu Sans Mono`); HTML also uses them as CSS
/// font-family lists.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Fonts {
    pub body: String,
    pub heading: String,
    pub mono: String,
    /// Body text size in points.
    pub size: f64,
    /// Code size in points.
    pub code_size: f64,
    /// Line height as a multiple of the font size.
    pub line_height: f64,
}

impl Default for Fonts {
    fn default() -> Self {
        Fonts {
            body: "DejaVu Serif".into(),
            heading: "DejaVu Sans".into(),
            mono: "DejaVu Sans Mono".into(),
            size: 10.5,
            code_size: 9.0,
            line_height: 1.4,
        }
    }
}

/// Colours as CSS hex strings (`#rrggbb`).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Colors {
    pub text: String,
    pub background: String,
    pub heading: String,
    pub link: String,
    pub muted: String,
    pub rule: String,
    pub code_background: String,
    /// Background of emphasised code lines (`:emphasize-lines:`).
    pub code_highlight: String,
}

impl Default for Colors {
    fn default() -> Self {
        Colors {
            text: "#1f2328".into(),
            background: "#ffffff".into(),
            heading: "#1a365d".into(),
            link: "#0b57d0".into(),
            muted: "#57606a".into(),
            rule: "#d0d7de".into(),
            code_background: "#f6f8fa".into(),
            code_highlight: "#fff8c5".into(),
        }
    }
}

/// How one kind of admonition looks.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdmonitionLook {
    /// Accent colour: border and title.
    pub color: String,
    /// Box background.
    pub background: String,
    /// A short symbol shown before the title (may be empty).
    pub icon: String,
    /// Title for admonitions that have none of their own (`note` → "Note").
    pub title: String,
}

/// Admonition looks per kind (`note`, `warning`, ...) and per `:class:`
/// (`todo`, `hint`, `Overview`, ...). A class look wins over a kind look.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Admonitions {
    pub kinds: BTreeMap<String, AdmonitionLook>,
    pub classes: BTreeMap<String, AdmonitionLook>,
}

impl Admonitions {
    /// The look for an admonition of `kind` (docutils tag name) with
    /// `classes`: the first class with a look (matched case-insensitively),
    /// else the kind's look, else the generic `admonition` look.
    pub fn look_for(&self, kind: &str, classes: &[String]) -> AdmonitionLook {
        let by_class = classes.iter().find_map(|class| {
            self.classes
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(class))
                .map(|(_, look)| look)
        });
        let mut look = by_class
            .or_else(|| self.kinds.get(kind))
            .or_else(|| self.kinds.get("admonition"))
            .cloned()
            .unwrap_or_default();
        if look.title.is_empty()
            && let Some(kind_look) = self.kinds.get(kind)
        {
            look.title = kind_look.title.clone();
        }
        look
    }
}

/// Code blocks.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct CodeStyle {
    /// Highlighting theme for light backgrounds (a syntect theme name).
    pub theme: String,
    /// Highlighting theme for dark backgrounds (HTML dark mode).
    pub dark_theme: String,
    /// Language for `::` blocks before any `highlight` directive.
    pub default_language: String,
    pub tab_width: usize,
    /// Number every code block's lines, not only those with `:linenos:`.
    pub always_number_lines: bool,
}

impl Default for CodeStyle {
    fn default() -> Self {
        CodeStyle {
            theme: "InspiredGitHub".into(),
            dark_theme: "base16-ocean.dark".into(),
            default_language: "python".into(),
            tab_width: 8,
            always_number_lines: false,
        }
    }
}

/// Paper sizes with presets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize, Serialize)]
pub enum PageSize {
    #[default]
    A4,
    Letter,
    A5,
    Legal,
}

impl PageSize {
    /// Width and height in millimetres.
    pub fn dimensions_mm(self) -> (f64, f64) {
        match self {
            PageSize::A4 => (210.0, 297.0),
            PageSize::Letter => (215.9, 279.4),
            PageSize::A5 => (148.0, 210.0),
            PageSize::Legal => (215.9, 355.6),
        }
    }
}

/// Page margins in millimetres.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Margins {
    pub top: f64,
    pub bottom: f64,
    pub left: f64,
    pub right: f64,
}

impl Default for Margins {
    fn default() -> Self {
        Margins {
            top: 22.0,
            bottom: 22.0,
            left: 22.0,
            right: 22.0,
        }
    }
}

/// The page (PDF, and HTML/EPUB print CSS).
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Page {
    pub size: PageSize,
    pub margins: Margins,
}

/// Section headings.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Headings {
    /// Number sections (1, 1.1, ...) even without a `sectnum` directive.
    pub numbering: bool,
    /// Deepest level numbered.
    pub numbering_depth: usize,
}

impl Default for Headings {
    fn default() -> Self {
        Headings {
            numbering: false,
            numbering_depth: 3,
        }
    }
}

/// The title page (PDF, EPUB cover, notebook header).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TitlePage {
    pub enabled: bool,
    /// Show the docinfo fields (author, date, ...) on it.
    pub show_docinfo: bool,
    /// Optional subtitle line for books.
    pub subtitle: String,
}

impl Default for TitlePage {
    fn default() -> Self {
        TitlePage {
            enabled: true,
            show_docinfo: true,
            subtitle: String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_admonition_class_wins_over_kind() {
        let mut a = Admonitions::default();
        a.kinds.insert(
            "note".into(),
            AdmonitionLook {
                color: "blue".into(),
                title: "Note".into(),
                ..Default::default()
            },
        );
        a.classes.insert(
            "todo".into(),
            AdmonitionLook {
                color: "orange".into(),
                ..Default::default()
            },
        );
        assert_eq!(a.look_for("note", &[]).color, "blue");
        let look = a.look_for("note", &["TODO".into()]);
        assert_eq!(look.color, "orange");
        assert_eq!(look.title, "Note");
    }
}
