//! The CSS theme, generated from the style: fonts, colours, admonition
//! looks per kind and per `:class:`, the code highlighting themes (light and
//! dark), dark mode (`prefers-color-scheme`) and print rules.
//!
//! Colours live in custom properties on `:root`, so dark mode is one block
//! that swaps them. The output depends only on the style: one theme serves
//! every page of a site (embedded or linked as `style.css`).

use std::fmt::Write as _;

use crate::highlight::theme_css;
use crate::style::{AdmonitionLook, Admonitions, CodeStyle, Colors, Fonts, HtmlStyle, Page};

/// What the theme is made from: the shared style keys plus the page
/// options. [`ThemeInput::from_html`] reads the html section; the EPUB
/// writer fills one from its own section (typically without dark colours:
/// reading systems apply their own night modes).
pub struct ThemeInput<'a> {
    pub fonts: &'a Fonts,
    pub colors: &'a Colors,
    pub admonitions: &'a Admonitions,
    pub code: &'a CodeStyle,
    pub page: &'a Page,
    /// Width of the text column (CSS length).
    pub max_width: &'a str,
    /// Dark-mode colours, when the theme follows `prefers-color-scheme`.
    pub dark_colors: Option<&'a Colors>,
    /// CSS appended after the theme.
    pub extra_css: &'a str,
}

impl<'a> ThemeInput<'a> {
    /// The theme input of the html writer's style.
    pub fn from_html(style: &'a HtmlStyle) -> ThemeInput<'a> {
        ThemeInput {
            fonts: &style.fonts,
            colors: &style.colors,
            admonitions: &style.admonitions,
            code: &style.code,
            page: &style.page,
            max_width: &style.max_width,
            dark_colors: style.dark_mode.then_some(&style.dark_colors),
            extra_css: &style.extra_css,
        }
    }
}

/// `#rrggbb` (or `#rgb`) as numbers.
fn parse_hex(color: &str) -> Option<(u8, u8, u8)> {
    let hex = color.trim().strip_prefix('#')?;
    let digits: Vec<u8> = hex
        .chars()
        .map(|c| c.to_digit(16).and_then(|d| u8::try_from(d).ok()))
        .collect::<Option<_>>()?;
    match digits.as_slice() {
        [r, g, b] => Some((r * 17, g * 17, b * 17)),
        [r1, r2, g1, g2, b1, b2] => Some((r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2)),
        _ => None,
    }
}

/// `color` mixed into `base` at `amount` (0..1), as `#rrggbb`; `base` when
/// either is not a hex colour. Used for admonition backgrounds in dark
/// mode, where the light-mode pastel would glare.
fn mix(color: &str, base: &str, amount: f64) -> String {
    match (parse_hex(color), parse_hex(base)) {
        (Some(c), Some(b)) => {
            let channel = |c: u8, b: u8| -> u8 {
                let v = f64::from(b) + (f64::from(c) - f64::from(b)) * amount;
                v.round().clamp(0.0, 255.0) as u8
            };
            format!(
                "#{:02x}{:02x}{:02x}",
                channel(c.0, b.0),
                channel(c.1, b.1),
                channel(c.2, b.2)
            )
        }
        _ => base.to_string(),
    }
}

/// A font list for CSS: lists are kept; a single family is quoted and
/// given a generic fallback guessed from its name.
fn font_family(name: &str) -> String {
    if name.contains(',') {
        return name.to_string();
    }
    let generic = if name.contains("Mono") || name.contains("Courier") {
        "monospace"
    } else if name.contains("Sans") {
        "sans-serif"
    } else {
        "serif"
    };
    format!("\"{}\", {generic}", name.replace('"', ""))
}

/// A CSS string literal (for `content:`).
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\a "),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A class name as both the HTML and the CSS side write it: ASCII
/// lower-case, characters outside `[a-z0-9_-]` as `-` (docutils'
/// identifier rule). `look_for` matches classes case-insensitively; so
/// does the page, by normalising both sides.
pub fn class_name(class: &str) -> String {
    let name: String = class
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_digit() || c == '-') || name.is_empty() {
        format!("c{name}")
    } else {
        name
    }
}

fn color_variables(colors: &Colors) -> String {
    format!(
        "--text:{};--bg:{};--heading:{};--link:{};--muted:{};--rule:{};--code-bg:{};--code-hl:{};",
        colors.text,
        colors.background,
        colors.heading,
        colors.link,
        colors.muted,
        colors.rule,
        colors.code_background,
        colors.code_highlight
    )
}

/// The custom properties of one admonition look.
fn look_variables(look: &AdmonitionLook, dark_background: Option<&str>) -> String {
    let mut out = String::new();
    if !look.color.is_empty() {
        // On a dark page the accent is lightened so titles stay readable.
        let color = match dark_background {
            Some(_) => mix("#ffffff", &look.color, 0.35),
            None => look.color.clone(),
        };
        let _ = write!(out, "--adm-color:{color};");
    }
    if !look.background.is_empty() {
        let background = match dark_background {
            Some(base) => mix(&look.color, base, 0.16),
            None => look.background.clone(),
        };
        let _ = write!(out, "--adm-bg:{background};");
    }
    if !look.icon.is_empty() {
        let _ = write!(out, "--adm-icon:{};", css_string(&look.icon));
    }
    out
}

/// Per-kind then per-class admonition rules (class rules come later, so a
/// class look wins over a kind look at equal specificity).
fn admonition_rules(admonitions: &Admonitions, dark_background: Option<&str>) -> String {
    let mut css = String::new();
    for (kind, look) in &admonitions.kinds {
        let selector = if kind == "admonition" {
            ".admonition".to_string()
        } else {
            format!(".admonition.{kind}")
        };
        let vars = look_variables(look, dark_background);
        if !vars.is_empty() {
            let _ = writeln!(css, "{selector}{{{vars}}}");
        }
    }
    for (class, look) in &admonitions.classes {
        let vars = look_variables(look, dark_background);
        if !vars.is_empty() {
            let _ = writeln!(css, ".admonition.{}{{{vars}}}", class_name(class));
        }
    }
    css
}

/// The layout and typography rules (colours come from the variables).
const BASE: &str = r#"*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;color:var(--text);background:var(--bg);font-family:var(--font-body);font-size:var(--font-size);line-height:var(--line-height);text-rendering:optimizeLegibility}
main.document{max-width:var(--max-width);margin:0 auto;padding:1.5rem 1.25rem 4rem}
h1,h2,h3,h4,h5,h6,.heading{font-family:var(--font-heading);color:var(--heading);line-height:1.25;margin:2em 0 .6em;font-weight:600}
h1{font-size:2.1em;margin-top:.4em}
h2{font-size:1.55em;padding-bottom:.25em;border-bottom:1px solid var(--rule)}
h3{font-size:1.25em}
h4{font-size:1.1em}
h5,h6,.heading{font-size:1em}
.document-title{margin-bottom:1.5em}
.document-title h1{margin-bottom:.2em}
.subtitle{font-family:var(--font-heading);color:var(--muted);font-size:1.2em;margin:0 0 .5em}
p{margin:.8em 0}
a{color:var(--link)}
a:hover{text-decoration:none}
.headerlink{visibility:hidden;margin-left:.35em;text-decoration:none;color:var(--muted);font-weight:400}
h1:hover .headerlink,h2:hover .headerlink,h3:hover .headerlink,h4:hover .headerlink,h5:hover .headerlink,h6:hover .headerlink,.heading:hover .headerlink,.math-block:hover .headerlink,.headerlink:focus{visibility:visible}
.toc-backref{color:inherit;text-decoration:none}
code,kbd,pre,samp{font-family:var(--font-mono);font-size:var(--code-size)}
code.literal,code.literal-strong{background:var(--code-bg);border-radius:4px;padding:.1em .3em}
code.literal-strong{font-weight:700}
kbd{border:1px solid var(--rule);border-bottom-width:2px;border-radius:4px;padding:.05em .35em;background:var(--code-bg)}
.option-list kbd{border:none;background:none;padding:0}
abbr[title]{text-decoration:underline dotted;cursor:help}
.guilabel{border:1px solid var(--rule);border-radius:4px;padding:0 .3em;font-family:var(--font-heading);font-size:.92em}
.menuselection{font-family:var(--font-heading);font-size:.92em;font-weight:600}
math{font-size:1.08em}
.math-block{display:flex;align-items:center;gap:1em;margin:1em 0;overflow-x:auto}
.math-block math{flex:1 1 auto;margin:0}
.math-block .eqno{flex:none;color:var(--muted)}
.math-fallback{color:#cf222e}
hr{border:none;border-top:1px solid var(--rule);margin:2.5em 20%}
blockquote{margin:1em 0;padding:.1em 1.2em;border-left:4px solid var(--rule);color:var(--text)}
blockquote.epigraph,blockquote.highlights{border:none;font-style:italic;margin-left:2em}
blockquote.pull-quote{border:none;font-size:1.15em;text-align:center}
.attribution{text-align:right;color:var(--muted);font-style:italic}
ul,ol{padding-left:1.6em;margin:.6em 0}
li{margin:.25em 0}
ul.simple>li>p,ol.simple>li>p{margin:0}
dl{margin:.8em 0}
dt{font-weight:600;margin-top:.6em}
dd{margin:.2em 0 .6em 1.6em}
dd>p:first-child{margin-top:0}
.classifier{font-style:italic;font-weight:400}
.classifier-delimiter{font-weight:400}
dl.field-list,dl.docinfo{display:grid;grid-template-columns:max-content auto;gap:.25em 1em}
dl.field-list>dt,dl.docinfo>dt{margin:0}
dl.field-list>dt::after,dl.docinfo>dt::after{content:":"}
dl.field-list>dd,dl.docinfo>dd{margin:0}
dl.field-list>dd>p,dl.docinfo>dd>p{margin:0}
dl.docinfo{color:var(--muted);font-size:.95em;border-bottom:1px solid var(--rule);padding-bottom:1em}
pre.address{font-family:inherit;font-size:inherit;margin:0;white-space:pre-wrap}
.line-block{margin:.8em 0}
.line-block .line-block{margin:0 0 0 1.5em}
.highlight{margin:1em 0;border-radius:6px;background:var(--code-bg);overflow:hidden}
.highlight pre{margin:0;padding:.8em 1em;overflow-x:auto;line-height:1.45;background:transparent}
.highlight .line{display:inline-block;min-width:100%}
.highlight .hll{background:var(--code-hl);margin:0 -1em;padding:0 1em;min-width:calc(100% + 2em)}
pre.linenos .line::before{content:attr(data-n);display:inline-block;width:var(--lnw,2ch);margin-right:1.2em;text-align:right;color:var(--muted);-webkit-user-select:none;user-select:none}
pre.literal-block{background:var(--code-bg);border-radius:6px;padding:.8em 1em;overflow-x:auto}
figure{margin:1.5em auto;text-align:center}
figure.code-block{text-align:left;margin:1em 0}
figure.code-block>figcaption{font-family:var(--font-heading);font-size:.9em;color:var(--muted);margin-bottom:.3em}
figure.code-block .highlight{margin-top:0}
figcaption{font-size:.95em;color:var(--muted)}
figcaption .caption{margin:.5em 0 .2em;color:var(--text)}
.legend{text-align:left}
img{max-width:100%;height:auto}
.align-left{float:left;margin:0 1.5em 1em 0}
.align-right{float:right;margin:0 0 1em 1.5em}
.align-center{display:block;margin-left:auto;margin-right:auto;text-align:center}
figure.align-left,figure.align-right{max-width:50%}
section,aside,.highlight,table,figure{clear:both}
.missing-image{display:inline-block;border:2px dashed #cf222e;color:#cf222e;padding:1em 1.5em;border-radius:6px;font-family:var(--font-heading);font-size:.95em}
table{border-collapse:collapse;margin:1.2em 0;min-width:50%;max-width:100%}
caption{font-family:var(--font-heading);font-weight:600;padding:.4em;text-align:left;color:var(--muted)}
th,td{border:1px solid var(--rule);padding:.4em .7em;text-align:left;vertical-align:top}
thead th{background:var(--code-bg);font-family:var(--font-heading)}
th[scope="row"]{background:var(--code-bg)}
td>p:first-child,th>p:first-child{margin-top:0}
td>p:last-child,th>p:last-child{margin-bottom:0}
.admonition{margin:1.4em 0;padding:.7em 1.1em;border-left:4px solid var(--adm-color,var(--muted));border-radius:6px;background:var(--adm-bg,var(--code-bg))}
.admonition>.admonition-title{margin:0 0 .4em;font-family:var(--font-heading);font-weight:700;color:var(--adm-color,var(--muted))}
.admonition>.admonition-title::before{content:var(--adm-icon,"");margin-right:.45em}
.admonition>:last-child{margin-bottom:0}
.topic,.sidebar{margin:1.4em 0;padding:.8em 1.1em;border:1px solid var(--rule);border-radius:6px}
.sidebar{float:right;width:38%;margin:0 0 1em 1.5em;background:var(--code-bg)}
.topic-title,.sidebar-title{font-family:var(--font-heading);font-weight:700;margin:0 0 .3em}
.sidebar-subtitle{font-family:var(--font-heading);color:var(--muted);margin:0 0 .5em}
nav.contents ul{list-style:none;padding-left:1.1em}
nav.contents>ul{padding-left:0}
nav.contents .generated{color:var(--muted);margin-right:.3em}
.rubric{font-family:var(--font-heading);font-weight:700;font-size:1.05em;margin-top:2em}
.centered{text-align:center}
.compound>p{margin:.4em 0}
.hlist{display:flex;gap:2em}
.hlistcol{flex:1}
div.versionmodified{margin:1em 0;padding-left:1em;border-left:3px solid var(--rule)}
div.versionmodified>p>.versionmodified{font-style:italic;color:var(--muted)}
.glossary dt{font-weight:700}
.footnote,.citation{display:grid;grid-template-columns:auto 1fr;gap:.1em .6em;font-size:.93em;margin:.4em 0}
.footnote .label,.citation .label{font-weight:600}
.footnote .label::before,.footnote .label::after{color:var(--muted)}
.footnote .label::before{content:"["}
.footnote .label::after{content:"]"}
.footnote .backrefs,.citation .backrefs{grid-column:1;font-size:.85em}
.note-body{grid-column:2;grid-row:1 / span 2}
.note-body>p{margin:0 0 .4em}
a.footnote-reference{font-size:.75em;vertical-align:super;line-height:0;text-decoration:none}
a.footnote-reference::before{content:"["}
a.footnote-reference::after{content:"]"}
.problematic{color:#cf222e;background:#ffebe9;border-bottom:2px dotted #cf222e}
.system-message{display:none}
.document-header,.document-footer{color:var(--muted);font-size:.9em;border-bottom:1px solid var(--rule);margin-bottom:1em}
.document-footer{border-bottom:none;border-top:1px solid var(--rule);margin-top:3em}
.toctree-caption{font-family:var(--font-heading);font-weight:700}
nav.site-nav,nav.page-nav{max-width:var(--max-width);margin:0 auto;padding:.8rem 1.25rem;font-family:var(--font-heading);font-size:.92em;display:flex;flex-wrap:wrap;gap:.5em 1.5em;justify-content:space-between}
nav.site-nav{border-bottom:1px solid var(--rule)}
nav.page-nav{border-top:1px solid var(--rule)}
nav.site-nav a,nav.page-nav a{text-decoration:none}
.course-title{font-weight:700}
.course-lessons{padding-left:1.4em}
.skip-link{position:absolute;left:-999px}
.skip-link:focus{left:1em;top:1em;background:var(--bg);padding:.3em .6em;z-index:1}
"#;

/// Print: black on white, no navigation, links spelled out, no splits
/// inside code, figures and admonitions, A-series margins from the style.
const PRINT: &str = r#"@media print{
:root{--text:#000;--bg:#fff;--link:#000;--muted:#444}
body{font-size:11pt}
main.document{max-width:none;padding:0}
nav.site-nav,nav.page-nav,.headerlink,.skip-link{display:none}
a.reference.external::after{content:" (" attr(href) ")";font-size:.85em;color:var(--muted);word-break:break-all}
h1,h2,h3,h4,h5,h6{break-after:avoid}
.highlight,figure,.admonition,table,.math-block,.footnote{break-inside:avoid}
.highlight pre{white-space:pre-wrap;overflow:visible}
p{orphans:3;widows:3}
}
"#;

/// Enumerated lists: numbering style per `enumtype`, and the `1)` and
/// `(1)` forms drawn by `::marker` (docutils' `prefix`/`suffix`).
fn enumeration_rules() -> String {
    let mut css = String::new();
    for (enumtype, counter) in [
        ("arabic", "decimal"),
        ("loweralpha", "lower-alpha"),
        ("upperalpha", "upper-alpha"),
        ("lowerroman", "lower-roman"),
        ("upperroman", "upper-roman"),
    ] {
        let _ = writeln!(css, "ol.{enumtype}{{list-style-type:{counter}}}");
        let _ = writeln!(
            css,
            "ol.{enumtype}.enum-rparen>li::marker{{content:counter(list-item,{counter}) \") \"}}"
        );
        let _ = writeln!(
            css,
            "ol.{enumtype}.enum-parens>li::marker{{content:\"(\" counter(list-item,{counter}) \") \"}}"
        );
    }
    css
}

/// The whole theme of the html writer's style.
pub fn theme(style: &HtmlStyle) -> String {
    theme_from(&ThemeInput::from_html(style))
}

/// The whole theme.
pub fn theme_from(style: &ThemeInput) -> String {
    let mut css = String::with_capacity(24 * 1024);
    css.push_str("/* rstconv theme: generated from the style (formats/*.yaml and --style) */\n");
    let _ = writeln!(
        css,
        ":root{{--font-body:{};--font-heading:{};--font-mono:{};--font-size:{}pt;--code-size:{}pt;--line-height:{};--max-width:{};{}}}",
        font_family(&style.fonts.body),
        font_family(&style.fonts.heading),
        font_family(&style.fonts.mono),
        style.fonts.size,
        style.fonts.code_size,
        style.fonts.line_height,
        style.max_width,
        color_variables(style.colors),
    );
    css.push_str(BASE);
    css.push_str(&enumeration_rules());
    css.push_str(&admonition_rules(style.admonitions, None));
    // Code themes: the light one always applies outside dark mode; each
    // sits in its own media block so no rule of one leaks into the other.
    let light = theme_css(&style.code.theme, ".hl");
    if let Some(dark_colors) = style.dark_colors {
        let _ = write!(
            css,
            "@media not all and (prefers-color-scheme: dark){{\n{light}}}\n"
        );
        let dark = theme_css(&style.code.dark_theme, ".hl");
        let _ = write!(
            css,
            "@media (prefers-color-scheme: dark){{\n:root{{{}}}\n{}{dark}.highlight.hl{{background:var(--code-bg)}}\n.problematic{{background:#3d1d1d}}\n}}\n",
            color_variables(dark_colors),
            admonition_rules(style.admonitions, Some(&dark_colors.background)),
        );
    } else {
        css.push_str(&light);
    }
    // The block background comes from the style, not the theme, so code
    // and emphasised lines match the page's palette.
    css.push_str(".highlight.hl{background:var(--code-bg)}\n");
    css.push_str(PRINT);
    let _ = writeln!(
        css,
        "@page{{size:{:?};margin:{}mm {}mm {}mm {}mm}}",
        style.page.size,
        style.page.margins.top,
        style.page.margins.right,
        style.page.margins.bottom,
        style.page.margins.left
    );
    if !style.extra_css.is_empty() {
        css.push_str(style.extra_css);
        css.push('\n');
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::Style;

    #[test]
    fn css_mix_blends_hex_colours() {
        assert_eq!(mix("#ffffff", "#000000", 0.5), "#808080");
        assert_eq!(mix("red", "#000000", 0.5), "#000000");
        assert_eq!(parse_hex("#abc"), Some((0xaa, 0xbb, 0xcc)));
    }

    #[test]
    fn css_theme_has_admonition_looks_and_dark_mode() {
        let style = Style::defaults().html;
        let css = theme(&style);
        assert!(
            css.contains(".admonition.note{--adm-color:#0969da;"),
            "note look"
        );
        assert!(css.contains(".admonition.todo{"), "todo class look");
        assert!(css.contains(".admonition.overview{"), "Overview class look");
        assert!(css.contains("@media (prefers-color-scheme: dark)"));
        assert!(css.contains("@media print"));
        assert!(css.contains(".hl .hl-comment"));
    }

    #[test]
    fn css_font_family_guesses_generic() {
        assert_eq!(
            font_family("DejaVu Sans Mono"),
            "\"DejaVu Sans Mono\", monospace"
        );
        assert_eq!(font_family("a, b"), "a, b");
    }
}
