//! Build-time syntax highlighting, shared by every writer so code looks the
//! same in HTML, EPUB and PDF: one tokenizer (syntect's Sublime grammars)
//! and one theme per style.
//!
//! Grammars and themes are loaded once, lazily, on first use: a lesson
//! without code never pays for them.

use std::sync::LazyLock;

use syntect::easy::HighlightLines;
use syntect::highlighting::{FontStyle, Theme, ThemeSet};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);
static THEMES: LazyLock<ThemeSet> = LazyLock::new(ThemeSet::load_defaults);

/// An RGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`.
    pub fn to_hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// One highlighted piece of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub color: Rgb,
    pub bold: bool,
    pub italic: bool,
}

/// A highlighted block: one entry per source line (without line endings).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Highlighted {
    pub lines: Vec<Vec<Token>>,
    /// The theme's background and default text colours.
    pub background: Rgb,
    pub foreground: Rgb,
}

/// Map the language names lessons use (Pygments' aliases) to a grammar.
fn find_syntax(language: &str) -> Option<&'static SyntaxReference> {
    let lang = language.trim().to_ascii_lowercase();
    let token = match lang.as_str() {
        "" | "none" | "text" | "plain" | "default" | "output" => return None,
        "python3" | "py" | "py3" | "ipython" | "ipython3" | "pycon" | "python-console" => "python",
        "sh" | "shell" | "console" | "shell-session" | "zsh" | "bash-session" => "bash",
        "c++" | "cxx" => "cpp",
        "js" | "javascript" => "js",
        "yml" => "yaml",
        "rst" | "restructuredtext" => return None,
        "jupyter" | "ipynb" => "json",
        "fortran" | "f90" => return None,
        other => other,
    };
    SYNTAXES.find_syntax_by_token(token)
}

/// Whether a language has a grammar (else code is shown uncoloured).
pub fn is_known_language(language: &str) -> bool {
    find_syntax(language).is_some()
}

/// A theme by name, falling back to `InspiredGitHub`.
fn theme(name: &str) -> &'static Theme {
    THEMES
        .themes
        .get(name)
        .or_else(|| THEMES.themes.get("InspiredGitHub"))
        .or_else(|| THEMES.themes.values().next())
        .unwrap_or_else(|| unreachable!("syntect ships default themes"))
}

/// The names of the available themes (for style validation and docs).
pub fn theme_names() -> Vec<&'static str> {
    THEMES.themes.keys().map(String::as_str).collect()
}

fn to_rgb(c: syntect::highlighting::Color) -> Rgb {
    Rgb(c.r, c.g, c.b)
}

/// Highlight `code` in `language` with the theme `theme_name`. Unknown
/// languages give one plain token per line in the theme's text colour.
pub fn highlight(code: &str, language: &str, theme_name: &str) -> Highlighted {
    let theme = theme(theme_name);
    let foreground = theme
        .settings
        .foreground
        .map(to_rgb)
        .unwrap_or(Rgb(0x1f, 0x23, 0x28));
    let background = theme
        .settings
        .background
        .map(to_rgb)
        .unwrap_or(Rgb(0xff, 0xff, 0xff));
    let plain = |line: &str| {
        vec![Token {
            text: line.to_string(),
            color: foreground,
            bold: false,
            italic: false,
        }]
    };
    let Some(syntax) = find_syntax(language) else {
        let lines = code.lines().map(plain).collect();
        return Highlighted {
            lines,
            background,
            foreground,
        };
    };
    let mut highlighter = HighlightLines::new(syntax, theme);
    let mut lines = Vec::new();
    for line in LinesWithEndings::from(code) {
        let content = line.trim_end_matches(['\n', '\r']);
        match highlighter.highlight_line(line, &SYNTAXES) {
            Ok(ranges) => {
                let mut tokens: Vec<Token> = Vec::with_capacity(ranges.len());
                for (style, text) in ranges {
                    let text = text.trim_end_matches(['\n', '\r']);
                    if text.is_empty() {
                        continue;
                    }
                    let token = Token {
                        text: text.to_string(),
                        color: to_rgb(style.foreground),
                        bold: style.font_style.contains(FontStyle::BOLD),
                        italic: style.font_style.contains(FontStyle::ITALIC),
                    };
                    // Merge neighbours of the same look: fewer spans, same output.
                    match tokens.last_mut() {
                        Some(last)
                            if last.color == token.color
                                && last.bold == token.bold
                                && last.italic == token.italic =>
                        {
                            last.text.push_str(&token.text)
                        }
                        _ => tokens.push(token),
                    }
                }
                lines.push(tokens);
            }
            // A grammar error on one line must not lose the code.
            Err(_) => lines.push(plain(content)),
        }
    }
    Highlighted {
        lines,
        background,
        foreground,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlight_python_colours_keywords() {
        let h = highlight("import numba\nx = 1\n", "python", "InspiredGitHub");
        assert_eq!(h.lines.len(), 2);
        let first: String = h.lines[0].iter().map(|t| t.text.as_str()).collect();
        assert_eq!(first, "import numba");
        let colours: std::collections::HashSet<_> = h.lines[0].iter().map(|t| t.color).collect();
        assert!(
            colours.len() >= 2,
            "keyword and name differ: {:?}",
            h.lines[0]
        );
    }

    #[test]
    fn highlight_unknown_language_is_plain() {
        let h = highlight("a\nb", "no-such-language", "InspiredGitHub");
        assert_eq!(h.lines.len(), 2);
        assert_eq!(h.lines[1][0].text, "b");
    }

    #[test]
    fn highlight_keeps_empty_lines() {
        let h = highlight("a = 1\n\nb = 2\n", "python", "InspiredGitHub");
        assert_eq!(h.lines.len(), 3);
        assert!(h.lines[1].is_empty());
    }
}
