//! Styles: the YAML files that say how each format looks.
//!
//! The defaults live in `formats/` (one file per format plus
//! `formats/shared.yaml`), embedded in the binary. A user's style files
//! (`--style FILE.yaml`, repeatable) are merged over them key by key.
//!
//! A style file has up to five sections: `shared` (fonts, colours,
//! admonition looks, code theme, page, heading numbering, title page) feeds
//! every format; `html`, `pdf`, `epub` and `ipynb` hold each format's own
//! keys and may also override any shared key for that format only. Each
//! format's effective style is one typed struct (see [`section`]): shared
//! keys merged with the format's overrides, plus the format's own keys.
//!
//! Every file is checked on its own before merging, so an unknown key or a
//! bad value is reported with the file, line and column it is on and the
//! type that was expected (`yaml_serde` errors name both).

#[macro_use]
mod section;
mod epub;
mod html;
mod ipynb;
mod pdf;
pub mod shared;

pub use epub::{EpubFont, EpubSplit, EpubStyle};
pub use html::HtmlStyle;
pub use ipynb::{AdmonitionStyle, CellSplitting, Exercises, IpynbStyle, KernelSpec, ShellCells};
pub use pdf::PdfStyle;
pub use shared::*;

use std::path::{Path, PathBuf};

use serde::Deserialize;
use yaml_serde::{Mapping, Value};

/// The embedded default style files, in merge order.
const DEFAULTS: &[(&str, &str)] = &[
    (
        "formats/shared.yaml",
        include_str!("../../formats/shared.yaml"),
    ),
    ("formats/html.yaml", include_str!("../../formats/html.yaml")),
    ("formats/pdf.yaml", include_str!("../../formats/pdf.yaml")),
    ("formats/epub.yaml", include_str!("../../formats/epub.yaml")),
    (
        "formats/ipynb.yaml",
        include_str!("../../formats/ipynb.yaml"),
    ),
];

/// A problem in a style file.
#[derive(Debug, thiserror::Error)]
pub enum StyleError {
    #[error("{file}: cannot read style file: {source}")]
    Io {
        file: PathBuf,
        source: std::io::Error,
    },
    /// A YAML syntax error, an unknown key or a value of the wrong type.
    #[error("{file}:{line}:{col}: error: {message}")]
    Invalid {
        file: String,
        line: usize,
        col: usize,
        message: String,
    },
}

impl StyleError {
    /// The error as a diagnostic for the sorted report.
    pub fn to_diagnostic(&self) -> crate::diag::Diagnostic {
        use crate::diag::{Diagnostic, Severity};
        match self {
            StyleError::Io { file, source } => Diagnostic::new(
                Severity::Severe,
                "style-io",
                file.display().to_string(),
                0,
                0,
                format!("cannot read style file: {source}"),
            ),
            StyleError::Invalid {
                file,
                line,
                col,
                message,
            } => Diagnostic::new(
                Severity::Severe,
                "style-invalid",
                file.as_str(),
                u32::try_from(*line).unwrap_or(0),
                u32::try_from(*col).unwrap_or(0),
                message.clone(),
            ),
        }
    }
}

/// The layout of a style file: every section optional, every key checked.
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct StyleFile {
    #[allow(dead_code)]
    shared: SharedStyle,
    #[allow(dead_code)]
    html: HtmlStyle,
    #[allow(dead_code)]
    pdf: PdfStyle,
    #[allow(dead_code)]
    epub: EpubStyle,
    #[allow(dead_code)]
    ipynb: IpynbStyle,
}

/// The effective style of every format.
#[derive(Clone, Debug, Default)]
pub struct Style {
    pub html: HtmlStyle,
    pub pdf: PdfStyle,
    pub epub: EpubStyle,
    pub ipynb: IpynbStyle,
}

/// A style file's text and its name for error messages.
pub struct StyleSource {
    pub name: String,
    pub text: String,
}

impl StyleSource {
    pub fn from_path(path: &Path) -> Result<StyleSource, StyleError> {
        let text = std::fs::read_to_string(path).map_err(|source| StyleError::Io {
            file: path.to_path_buf(),
            source,
        })?;
        Ok(StyleSource {
            name: path.display().to_string(),
            text,
        })
    }
}

impl Style {
    /// The built-in defaults.
    pub fn defaults() -> Style {
        // The embedded files are tested (style_defaults_load); if one were
        // broken the fallback is the structs' own defaults, never a panic.
        Style::load(&[]).unwrap_or_default()
    }

    /// The defaults with `user` files merged over them, in order.
    pub fn load(user: &[StyleSource]) -> Result<Style, StyleError> {
        let mut merged = Value::Mapping(Mapping::new());
        let defaults = DEFAULTS
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()));
        let users = user.iter().map(|s| (s.name.clone(), s.text.clone()));
        for (name, text) in defaults.chain(users) {
            let value = check_style_file(&name, &text)?;
            deep_merge(&mut merged, value);
        }
        Ok(Style {
            html: effective_section(&merged, "html")?,
            pdf: effective_section(&merged, "pdf")?,
            epub: effective_section(&merged, "epub")?,
            ipynb: effective_section(&merged, "ipynb")?,
        })
    }

    /// The `only` tags of a format's style (besides the format name).
    pub fn tags_for(&self, format: crate::write::Format) -> &[String] {
        use crate::write::Format;
        match format {
            Format::Html => &self.html.tags,
            Format::Pdf => &self.pdf.tags,
            Format::Epub => &self.epub.tags,
            Format::Ipynb => &self.ipynb.tags,
            Format::Pseudoxml => &[],
        }
    }

    /// The default style files, concatenated, as a starting point for users.
    pub fn default_yaml() -> String {
        let mut out = String::from(
            "# rstconv default style. Copy what you want to change into your own\n\
             # file and pass it with --style FILE.yaml; unlisted keys keep these values.\n",
        );
        for (name, text) in DEFAULTS {
            out.push_str(&format!("\n# --- {name} ---\n"));
            out.push_str(text.trim_end());
            out.push('\n');
        }
        out
    }
}

/// Parse one style file and check it against the typed layout, so errors
/// point into the file the user wrote.
fn check_style_file(name: &str, text: &str) -> Result<Value, StyleError> {
    let located = |e: yaml_serde::Error| {
        let (line, col) = e
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((0, 0));
        StyleError::Invalid {
            file: name.to_string(),
            line,
            col,
            message: plain_yaml_message(&e.to_string()),
        }
    };
    if text.trim().is_empty() {
        return Ok(Value::Mapping(Mapping::new()));
    }
    let _checked: StyleFile = yaml_serde::from_str(text).map_err(located)?;
    let value: Value = yaml_serde::from_str(text).map_err(located)?;
    Ok(match value {
        Value::Null => Value::Mapping(Mapping::new()),
        v => v,
    })
}

/// A YAML/serde error message in a style author's words: the position
/// (already in `file:line:col`) is dropped from the end, and Rust type
/// names become what to write (`expected f64` → `expected a number`).
fn plain_yaml_message(message: &str) -> String {
    let mut text = message.to_string();
    if let Some(at) = text.rfind(" at line ")
        && text[at + " at line ".len()..]
            .split(" column ")
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
    {
        text.truncate(at);
    }
    const TYPE_WORDS: &[(&str, &str)] = &[
        ("expected f64", "expected a number"),
        ("expected f32", "expected a number"),
        ("expected u8", "expected a whole number from 0 to 255"),
        ("expected u16", "expected a whole number"),
        ("expected u32", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected usize", "expected a whole number"),
        ("expected i32", "expected a whole number"),
        ("expected i64", "expected a whole number"),
        ("expected a boolean", "expected true or false"),
    ];
    for (rust, plain) in TYPE_WORDS {
        if let Some(rest) = text.strip_suffix(rust) {
            text = format!("{rest}{plain}");
        }
    }
    if let Some(at) = text.find("expected struct ") {
        text.truncate(at);
        text.push_str("expected a mapping of settings (key: value lines)");
    }
    text
}

/// Merge `over` into `base`: mappings key by key, anything else replaced.
fn deep_merge(base: &mut Value, over: Value) {
    match (base, over) {
        (Value::Mapping(b), Value::Mapping(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(existing) => deep_merge(existing, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (b, o) => *b = o,
    }
}

/// A format's effective section: `shared` with the format's own section
/// merged over it.
fn effective_section<T: serde::de::DeserializeOwned>(
    merged: &Value,
    format: &str,
) -> Result<T, StyleError> {
    let mut value = merged
        .get("shared")
        .cloned()
        .unwrap_or(Value::Mapping(Mapping::new()));
    if let Some(own) = merged.get(format) {
        deep_merge(&mut value, own.clone());
    }
    yaml_serde::from_value(value).map_err(|e| StyleError::Invalid {
        file: format!("(merged style, section {format})"),
        line: 0,
        col: 0,
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_errors_in_authors_words() {
        assert_eq!(
            plain_yaml_message(
                "shared.fonts.size: invalid type: string \"big\", expected f64 at line 3 column 11"
            ),
            "shared.fonts.size: invalid type: string \"big\", expected a number"
        );
        assert_eq!(
            plain_yaml_message(
                "shared: invalid type: sequence, expected struct SharedStyle at line 1 column 9"
            ),
            "shared: invalid type: sequence, expected a mapping of settings (key: value lines)"
        );
        assert_eq!(
            plain_yaml_message(
                "found character that cannot start any token at line 2 column 1, while scanning for the next token"
            ),
            "found character that cannot start any token at line 2 column 1, while scanning for the next token"
        );
    }

    #[test]
    fn style_defaults_load() {
        let style = Style::load(&[]).expect("embedded defaults are valid");
        assert!(!style.html.fonts.body.is_empty());
        assert_eq!(style.pdf.page.size, PageSize::A4);
    }

    #[test]
    fn style_user_overrides_shared_and_format() {
        let user = StyleSource {
            name: "mine.yaml".into(),
            text: "shared:\n  colors:\n    link: '#ff0000'\npdf:\n  colors:\n    link: '#00ff00'\n"
                .into(),
        };
        let style = Style::load(&[user]).expect("valid");
        assert_eq!(style.html.colors.link, "#ff0000");
        assert_eq!(style.epub.colors.link, "#ff0000");
        assert_eq!(style.pdf.colors.link, "#00ff00");
    }

    #[test]
    fn style_unknown_key_has_line_and_column() {
        let user = StyleSource {
            name: "bad.yaml".into(),
            text: "shared:\n  colors:\n    lnk: red\n".into(),
        };
        let err = Style::load(&[user]).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("bad.yaml:3:5: error:"), "{text}");
        assert!(text.contains("unknown field `lnk`"), "{text}");
    }

    #[test]
    fn style_bad_type_names_expected_type() {
        let user = StyleSource {
            name: "bad.yaml".into(),
            text: "shared:\n  fonts:\n    size: large\n".into(),
        };
        let text = Style::load(&[user]).unwrap_err().to_string();
        assert!(text.starts_with("bad.yaml:3:"), "{text}");
        assert!(text.contains("expected a number"), "{text}");
    }
}
