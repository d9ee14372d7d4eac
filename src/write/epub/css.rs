//! The book's stylesheet, from the YAML style (`epub` section over
//! `shared`): embedded `@font-face`s, the theme, the EPUB-only rules (cover
//! page, pop-up footnotes), then the style's `extra_css`.
//!
//! Reading systems let readers pick the font size and colours, so the
//! theme sets sizes in `em` and leaves the page background alone (a fixed
//! white page would defeat night modes).

use crate::style::EpubStyle;

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

/// A font family list: the style's family quoted, then a generic family.
fn font_family(name: &str, generic: &str) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !matches!(c, '"' | '\\' | ';' | '{' | '}' | '<'))
        .collect();
    let clean = clean.trim();
    if clean.is_empty() {
        generic.to_string()
    } else {
        format!("\"{clean}\", {generic}")
    }
}

/// An embedded font: its family, weight, style and package path relative
/// to the stylesheet.
pub(super) struct FontFace {
    pub family: String,
    pub weight: String,
    pub style: String,
    pub href: String,
}

/// The stylesheet text.
pub(super) fn stylesheet(style: &EpubStyle, fonts: &[FontFace]) -> String {
    let mut css = String::new();
    for font in fonts {
        let family = font_family(&font.family, "serif");
        let family = family.split(',').next().unwrap_or("").trim();
        css.push_str(&format!(
            "@font-face {{\n  font-family: {family};\n  font-weight: {};\n  font-style: {};\n  src: url(\"{}\");\n}}\n",
            css_value(&font.weight).unwrap_or("normal"),
            css_value(&font.style).unwrap_or("normal"),
            font.href.replace(['"', '\\'], "")
        ));
    }
    let colors = &style.colors;
    let color = |value: &str, fallback: &'static str| -> String {
        css_value(value).unwrap_or(fallback).to_string()
    };
    let heading = color(&colors.heading, "inherit");
    let link = color(&colors.link, "inherit");
    let muted = color(&colors.muted, "inherit");
    let rule = color(&colors.rule, "#d0d7de");
    let code_bg = color(&colors.code_background, "#f6f8fa");
    let line_height = if style.fonts.line_height > 0.5 && style.fonts.line_height < 4.0 {
        style.fonts.line_height
    } else {
        1.4
    };
    css.push_str(&format!(
        "body {{\n  font-family: {body};\n  line-height: {line_height};\n  margin: 0 0.5em;\n}}\n\
         h1, h2, h3, h4, h5, h6, .admonition-title, .topic-title, .sidebar-title {{\n  font-family: {heading_font};\n  color: {heading};\n  line-height: 1.2;\n  page-break-after: avoid;\n  break-after: avoid;\n}}\n\
         h1 {{ font-size: 1.8em; margin: 0.6em 0 0.4em; }}\n\
         h2 {{ font-size: 1.45em; margin: 1.2em 0 0.5em; }}\n\
         h3 {{ font-size: 1.2em; margin: 1em 0 0.4em; }}\n\
         h4, h5, h6 {{ font-size: 1em; margin: 1em 0 0.3em; }}\n\
         p {{ margin: 0.5em 0; }}\n\
         a {{ color: {link}; text-decoration: none; }}\n\
         code, kbd, pre, var {{ font-family: {mono}; font-size: 0.9em; }}\n\
         pre {{\n  background-color: {code_bg};\n  border: 1px solid {rule};\n  padding: 0.5em;\n  white-space: pre-wrap;\n  overflow-wrap: break-word;\n  page-break-inside: avoid;\n}}\n\
         header.document-title .subtitle {{ font-size: 1.2em; color: {muted}; }}\n\
         .docinfo dt, dl dt {{ font-weight: bold; }}\n\
         dd {{ margin-left: 1.5em; }}\n\
         blockquote {{ margin: 0.5em 1.5em; }}\n\
         .attribution {{ text-align: right; font-style: italic; }}\n\
         table {{ border-collapse: collapse; margin: 0.8em 0; }}\n\
         th, td {{ border: 1px solid {rule}; padding: 0.2em 0.4em; vertical-align: top; }}\n\
         caption, figcaption {{ font-style: italic; color: {muted}; margin: 0.3em 0; }}\n\
         figure {{ margin: 1em 0; text-align: center; }}\n\
         img {{ max-width: 100%; height: auto; }}\n\
         .missing-image {{ border: 1px dashed {rule}; padding: 0.2em 0.4em; color: {muted}; }}\n\
         .topic, .sidebar {{ border: 1px solid {rule}; padding: 0.2em 0.8em; margin: 1em 0; }}\n\
         .rubric {{ font-weight: bold; }}\n\
         .centered {{ text-align: center; }}\n\
         .line-block .line-block {{ margin-left: 1.5em; }}\n\
         .footnote, .citation {{ font-size: 0.9em; border-top: 1px solid {rule}; margin-top: 0.8em; }}\n\
         .footnote .label, .citation .label {{ font-weight: bold; }}\n\
         a.footnote-reference {{ vertical-align: super; font-size: 0.75em; }}\n\
         section.cover {{ text-align: center; margin: 0; padding: 0; }}\n\
         section.cover img {{ max-width: 100%; max-height: 100%; }}\n\
         nav#toc ol {{ list-style-type: none; padding-left: 1em; }}\n",
        body = font_family(&style.fonts.body, "serif"),
        heading_font = font_family(&style.fonts.heading, "sans-serif"),
        mono = font_family(&style.fonts.mono, "monospace"),
    ));
    admonition_rules(style, &mut css);
    if !style.extra_css.trim().is_empty() {
        css.push_str(style.extra_css.trim_end());
        css.push('\n');
    }
    css
}

/// One rule per admonition kind and class with a look in the style.
fn admonition_rules(style: &EpubStyle, css: &mut String) {
    css.push_str(".admonition {\n  border-left: 0.25em solid;\n  padding: 0.2em 0.8em;\n  margin: 1em 0;\n  page-break-inside: avoid;\n}\n");
    css.push_str(".admonition-title { font-weight: bold; margin-top: 0.3em; }\n");
    let kinds = style.admonitions.kinds.iter().map(|(k, l)| (k, l, true));
    let classes = style.admonitions.classes.iter().map(|(k, l)| (k, l, false));
    for (name, look, is_kind) in kinds.chain(classes) {
        // Class names and kinds become selectors: only simple names.
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            continue;
        }
        let selector = if is_kind {
            format!(".admonition.{name}")
        } else {
            format!("div.admonition.{name}")
        };
        let mut rules = Vec::new();
        if let Some(color) = css_value(&look.color) {
            rules.push(format!("border-color: {color};"));
        }
        if let Some(bg) = css_value(&look.background) {
            rules.push(format!("background-color: {bg};"));
        }
        if !rules.is_empty() {
            css.push_str(&format!("{selector} {{ {} }}\n", rules.join(" ")));
        }
        if let Some(color) = css_value(&look.color) {
            css.push_str(&format!(
                "{selector} > .admonition-title {{ color: {color}; }}\n"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::Style;

    #[test]
    fn epub_css_uses_style_and_rejects_injection() {
        let mut style = Style::defaults().epub;
        style.colors.link = "red; } body { display: none".into();
        style.extra_css = "p { text-indent: 1em; }".into();
        let fonts = [FontFace {
            family: "My \"Serif\"".into(),
            weight: "bold".into(),
            style: "".into(),
            href: "fonts/my.ttf".into(),
        }];
        let css = stylesheet(&style, &fonts);
        assert!(
            css.contains("font-family: \"DejaVu Serif\", serif;"),
            "{css}"
        );
        assert!(css.contains("a { color: inherit;"), "{css}");
        assert!(!css.contains("display: none"));
        assert!(css.contains("@font-face {\n  font-family: \"My Serif\";\n  font-weight: bold;\n  font-style: normal;\n  src: url(\"fonts/my.ttf\");"));
        assert!(css.contains(".admonition.note { border-color: #0969da;"));
        assert!(css.ends_with("p { text-indent: 1em; }\n"));
    }
}
