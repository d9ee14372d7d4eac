//! The book's stylesheet, from the YAML style (`epub` section over
//! `shared`): the HTML writer's theme (it styles the classes the shared
//! body renderer writes), made fit for reading systems, then the EPUB-only
//! rules and the style's `extra_css`.
//!
//! What changes for e-readers:
//! - custom properties (`var(--x)`) are replaced by their values: older
//!   reading systems (Adobe RMSDK, many e-ink devices) drop declarations
//!   that use them, and with them every colour of the theme;
//! - the page colour and body size are left to the reader (`--bg`,
//!   `--text`, `--font-size`): a fixed white page defeats night modes, a
//!   fixed point size the reader's font-size setting;
//! - admonition accents are written per kind and class as plain
//!   declarations (the theme scopes them in custom properties);
//! - code wraps instead of scrolling (paginated readers cannot scroll);
//! - embedded fonts get their `@font-face`s.

use std::fmt::Write as _;

use crate::style::{AdmonitionLook, EpubStyle};
use crate::write::html::css::{ThemeInput, class_name, theme_from};

/// Theme variables given reading-system-friendly values.
const EPUB_VARIABLES: &[(&str, &str)] = &[
    ("--text", "inherit"),
    ("--bg", "transparent"),
    ("--font-size", "1em"),
    ("--code-size", "0.9em"),
    ("--max-width", "none"),
];

/// Rules only the EPUB needs.
const EPUB_RULES: &str = r#"/* EPUB */
.highlight pre,pre.literal-block{white-space:pre-wrap;word-wrap:break-word}
.highlight .line{display:inline}
.headerlink{display:none}
body.cover{margin:0;padding:0}
section.cover{margin:0;padding:0;text-align:center}
section.cover img{max-width:100%;max-height:100%;max-height:98vh}
nav#toc ol{list-style-type:none;padding-left:1.2em}
nav#toc>ol{padding-left:0}
"#;

/// A value safe to place in a declaration: no characters that could end
/// it (`;`, `}`), open a string or a comment.
fn css_value(value: &str) -> Option<&str> {
    let value = value.trim();
    let safe = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || " #%.,()-+_".contains(c));
    safe.then_some(value)
}

/// A quoted font family name without characters that could leave the
/// string.
fn family_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !matches!(c, '"' | '\\' | ';' | '{' | '}' | '<' | '\n'))
        .collect();
    format!("\"{}\"", clean.trim())
}

/// An embedded font: its family, weight, style and package path relative
/// to the stylesheet.
pub(super) struct FontFace {
    pub family: String,
    pub weight: String,
    pub style: String,
    pub href: String,
}

/// The declarations of the first `:root{...}` block: custom property
/// name → value.
fn root_variables(css: &str) -> Vec<(String, String)> {
    let Some(start) = css.find(":root{") else {
        return Vec::new();
    };
    let body = &css[start + ":root{".len()..];
    let body = &body[..body.find('}').unwrap_or(body.len())];
    body.split(';')
        .filter_map(|decl| decl.split_once(':'))
        .filter(|(name, _)| name.trim().starts_with("--"))
        .map(|(name, value)| (name.trim().to_string(), value.trim().to_string()))
        .collect()
}

/// `css` with every `var(--name)` / `var(--name, fallback)` of a known
/// variable replaced by its value (unknown ones keep their place, with
/// known variables resolved inside their fallback).
fn resolve_variables(css: &str, variables: &[(String, String)]) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find("var(") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 4..];
        // The matching `)`, counting nested parentheses.
        let mut depth = 1usize;
        let mut end = None;
        for (i, c) in after.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(end) = end else {
            out.push_str(&rest[at..]);
            return out;
        };
        let inside = &after[..end];
        let (name, fallback) = match inside.split_once(',') {
            Some((n, f)) => (n.trim(), Some(f)),
            None => (inside.trim(), None),
        };
        match variables.iter().find(|(n, _)| n == name) {
            Some((_, value)) => out.push_str(value),
            None => {
                out.push_str("var(");
                out.push_str(name);
                if let Some(f) = fallback {
                    out.push(',');
                    out.push_str(&resolve_variables(f, variables));
                }
                out.push(')');
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Plain declarations for one admonition look (accent, background, icon).
fn admonition_rule(css: &mut String, selector: &str, look: &AdmonitionLook) {
    let color = css_value(&look.color);
    let background = css_value(&look.background);
    if color.is_none() && background.is_none() {
        return;
    }
    let _ = write!(css, "{selector}{{");
    if let Some(c) = color {
        let _ = write!(css, "border-left-color:{c};");
    }
    if let Some(b) = background {
        let _ = write!(css, "background-color:{b};");
    }
    css.push_str("}\n");
    if let Some(c) = color {
        let _ = writeln!(css, "{selector}>.admonition-title{{color:{c}}}");
    }
    let icon: String = look
        .icon
        .chars()
        .filter(|c| !matches!(c, '"' | '\\') && !c.is_control())
        .collect();
    if !icon.is_empty() {
        let _ = writeln!(
            css,
            "{selector}>.admonition-title::before{{content:\"{icon}\";margin-right:.45em}}"
        );
    }
}

/// The stylesheet text.
pub(super) fn stylesheet(style: &EpubStyle, fonts: &[FontFace]) -> String {
    let mut css = String::new();
    for font in fonts {
        let _ = writeln!(
            css,
            "@font-face{{font-family:{};font-weight:{};font-style:{};src:url(\"{}\")}}",
            family_name(&font.family),
            css_value(&font.weight).unwrap_or("normal"),
            css_value(&font.style).unwrap_or("normal"),
            font.href.replace(['"', '\\'], "")
        );
    }
    let theme = theme_from(&ThemeInput {
        fonts: &style.fonts,
        colors: &style.colors,
        admonitions: &style.admonitions,
        code: &style.code,
        page: &style.page,
        max_width: "none",
        dark_colors: None,
        extra_css: "",
    });
    let mut variables = root_variables(&theme);
    for (name, value) in EPUB_VARIABLES {
        match variables.iter_mut().find(|(n, _)| n == name) {
            Some(entry) => entry.1 = (*value).to_string(),
            None => variables.push(((*name).to_string(), (*value).to_string())),
        }
    }
    css.push_str(&resolve_variables(&theme, &variables));
    css.push_str(EPUB_RULES);
    for (kind, look) in &style.admonitions.kinds {
        let selector = if kind == "admonition" {
            ".admonition".to_string()
        } else {
            format!(".admonition.{}", class_name(kind))
        };
        admonition_rule(&mut css, &selector, look);
    }
    for (class, look) in &style.admonitions.classes {
        admonition_rule(
            &mut css,
            &format!(".admonition.{}", class_name(class)),
            look,
        );
    }
    if !style.extra_css.trim().is_empty() {
        css.push_str(style.extra_css.trim_end());
        css.push('\n');
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::Style;

    #[test]
    fn epub_css_resolves_theme_variables() {
        let vars = vec![
            ("--muted".to_string(), "#57606a".to_string()),
            ("--text".to_string(), "inherit".to_string()),
        ];
        assert_eq!(
            resolve_variables(
                "a{color:var(--text);border:1px solid var(--adm-color,var(--muted))}",
                &vars
            ),
            "a{color:inherit;border:1px solid var(--adm-color,#57606a)}"
        );
        assert_eq!(resolve_variables("b{x:var(--text", &vars), "b{x:var(--text");
    }

    #[test]
    fn epub_css_from_style_for_reading_systems() {
        let mut style = Style::defaults().epub;
        style.colors.link = "#123456".into();
        style.extra_css = "p { text-indent: 1em; }".into();
        let fonts = [FontFace {
            family: "My \"Serif\"".into(),
            weight: "bold".into(),
            style: String::new(),
            href: "fonts/my.ttf".into(),
        }];
        let css = stylesheet(&style, &fonts);
        assert!(css.starts_with(
            "@font-face{font-family:\"My Serif\";font-weight:bold;font-style:normal;src:url(\"fonts/my.ttf\")}"
        ));
        assert!(css.contains("a{color:#123456}"), "link colour resolved");
        assert!(css.contains("body{margin:0;color:inherit;background:transparent;"));
        assert!(!css.contains("var(--text)") && !css.contains("var(--link)"));
        assert!(
            !css.contains("prefers-color-scheme"),
            "readers have their own night modes"
        );
        assert!(
            css.contains(".admonition.note{border-left-color:#0969da;background-color:#ddf4ff;}")
        );
        assert!(css.contains(".admonition.overview>.admonition-title{color:#0969da}"));
        assert!(css.contains(".hl"), "code highlighting classes");
        assert!(css.ends_with("p { text-indent: 1em; }\n"));
    }
}
