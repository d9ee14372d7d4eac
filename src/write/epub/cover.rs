//! The cover: an image (the style's `cover_image`, else one drawn here as
//! SVG from the title, subtitle and authors) marked `cover-image` in the
//! manifest so libraries show it as the book's thumbnail, and a cover page
//! showing it first in reading order.

use unicode_width::UnicodeWidthStr;

use super::xhtml::{Page, close_page, open_page};
use super::xml::XmlOut;

/// Drawing size of the generated cover (a 3:4 page).
const WIDTH: u32 = 1200;
const HEIGHT: u32 = 1600;

/// Break `text` into lines of at most `columns` display columns (wide
/// characters count double), at spaces where possible; at most `max_lines`
/// lines, the last one ending in `…` if text was left out.
pub(super) fn wrap_lines(text: &str, columns: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let push_word = |lines: &mut Vec<String>, current: &mut String, word: &str| {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if candidate.width() <= columns || current.is_empty() {
            *current = candidate;
        } else {
            lines.push(std::mem::take(current));
            *current = word.to_string();
        }
        // A single word longer than a line is cut by columns.
        while current.width() > columns {
            let mut head = String::new();
            let mut rest = String::new();
            for c in current.chars() {
                if rest.is_empty() && (head.width() + c.to_string().width()) <= columns {
                    head.push(c);
                } else {
                    rest.push(c);
                }
            }
            if head.is_empty() {
                break;
            }
            lines.push(head);
            *current = rest;
        }
    };
    // Only what can show matters: a bounded prefix keeps this linear
    // whatever the title's length.
    let shown: String = text.chars().take(columns * (max_lines + 1) + 1).collect();
    for word in shown.split_whitespace() {
        push_word(&mut lines, &mut current, word);
        if lines.len() > max_lines {
            break;
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines || shown.chars().count() < text.chars().count() {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines
}

/// What the generated cover shows.
pub(super) struct CoverText<'a> {
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub authors: &'a [String],
    pub lang: &'a str,
    /// Background and text colours (`#rrggbb`), and the font family.
    pub background: &'a str,
    pub foreground: &'a str,
    pub font_family: &'a str,
}

fn text_lines(
    out: &mut XmlOut,
    lines: &[String],
    first_baseline: u32,
    size: u32,
    weight: &str,
    style: &CoverText,
) {
    let size_text = size.to_string();
    let x = (WIDTH / 2).to_string();
    let family = format!("{}, sans-serif", style.font_family);
    out.open(
        "text",
        &[
            ("x", &x),
            ("font-family", &family),
            ("font-size", &size_text),
            ("font-weight", weight),
            ("fill", style.foreground),
            ("text-anchor", "middle"),
        ],
    );
    for (i, line) in lines.iter().enumerate() {
        let step = u32::try_from(i).unwrap_or(0) * size * 6 / 5;
        let y = (first_baseline + step).to_string();
        out.element("tspan", &[("x", &x), ("y", &y)], line);
    }
    out.close("text");
    out.newline();
}

/// The generated cover image (SVG 1.1, text only, no external references).
pub(super) fn cover_svg(cover: &CoverText) -> Vec<u8> {
    let mut out = XmlOut::new();
    let view_box = format!("0 0 {WIDTH} {HEIGHT}");
    let (w, h) = (WIDTH.to_string(), HEIGHT.to_string());
    out.open(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("version", "1.1"),
            ("width", &w),
            ("height", &h),
            ("viewBox", &view_box),
            ("xml:lang", cover.lang),
        ],
    );
    out.newline();
    out.element("title", &[], cover.title);
    out.newline();
    out.empty(
        "rect",
        &[("width", &w), ("height", &h), ("fill", cover.background)],
    );
    out.newline();
    let frame = (WIDTH - 120).to_string();
    let frame_h = (HEIGHT - 120).to_string();
    out.empty(
        "rect",
        &[
            ("x", "60"),
            ("y", "60"),
            ("width", &frame),
            ("height", &frame_h),
            ("fill", "none"),
            ("stroke", cover.foreground),
            ("stroke-width", "4"),
        ],
    );
    out.newline();
    let long_title = cover.title.width() > 60;
    let (columns, size) = if long_title { (26, 72) } else { (18, 104) };
    let title_lines = wrap_lines(cover.title, columns, 7);
    text_lines(&mut out, &title_lines, 460, size, "bold", cover);
    if let Some(subtitle) = cover.subtitle.filter(|s| !s.trim().is_empty()) {
        let below_title = 460 + u32::try_from(title_lines.len()).unwrap_or(0) * size * 6 / 5 + 60;
        let lines = wrap_lines(subtitle, 34, 3);
        text_lines(&mut out, &lines, below_title, 56, "normal", cover);
    }
    if !cover.authors.is_empty() {
        let authors = cover.authors.join(", ");
        let lines = wrap_lines(&authors, 40, 3);
        let height = u32::try_from(lines.len()).unwrap_or(0) * 58;
        text_lines(&mut out, &lines, HEIGHT - 200 - height, 48, "normal", cover);
    }
    out.close("svg");
    out.finish()
}

/// The cover page: the cover image, full page, described for screen
/// readers.
pub(super) fn cover_page(page: &Page, image_href: &str, alt: &str) -> Vec<u8> {
    let mut out = XmlOut::new();
    open_page(&mut out, page);
    out.open("section", &[("epub:type", "cover"), ("class", "cover")]);
    out.empty(
        "img",
        &[("src", image_href), ("alt", alt), ("role", "doc-cover")],
    );
    out.close("section");
    close_page(&mut out);
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epub_cover_wraps_titles() {
        assert_eq!(
            wrap_lines("Parallel Loops with prange", 18, 5),
            ["Parallel Loops", "with prange"]
        );
        assert_eq!(
            wrap_lines("日本語のタイトル", 8, 5),
            ["日本語の", "タイトル"]
        );
        assert_eq!(wrap_lines("a b c d", 1, 2), ["a", "b…"]);
        assert_eq!(wrap_lines("abcdefgh", 3, 5), ["abc", "def", "gh"]);
        let long = "word ".repeat(100_000);
        let lines = wrap_lines(&long, 18, 7);
        assert_eq!(lines.len(), 7);
        assert!(lines[6].ends_with('…'));
    }

    #[test]
    fn epub_cover_svg_escapes_title() {
        let cover = CoverText {
            title: "Loops & <Tricks>",
            subtitle: Some("A course"),
            authors: &["Ada".to_string()],
            lang: "en",
            background: "#1a365d",
            foreground: "#ffffff",
            font_family: "DejaVu Sans",
        };
        let svg = String::from_utf8(cover_svg(&cover)).expect("utf-8");
        assert!(
            svg.contains("<title>Loops &amp; &lt;Tricks&gt;</title>"),
            "{svg}"
        );
        assert!(svg.contains(">Ada</tspan>"));
    }
}
