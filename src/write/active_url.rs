//! Which URLs may become links or image sources in an output: the ones
//! that cannot run code when followed (issue 10).
//!
//! A link target comes from the author (`` `x <url>`_ ``, `.. _t: url`,
//! an image `:target:`), so a lesson from a stranger could carry
//! `javascript:` into every page. All writers ask [`is_active_url`] and
//! drop such a link (its text stays), in every mode: no lesson needs a
//! script link, and docutils' own HTML writer has no such guard, so a
//! copied lesson is the usual way one arrives. Raw HTML is another matter
//! (it passes through unless `--safe`; see the README).
//!
//! The test follows what a browser does before it looks at the scheme
//! (WHATWG URL Standard, §4.4 "basic URL parser"): leading and trailing C0
//! controls and spaces are stripped and every ASCII tab and newline
//! removed, so `java\tscript:` and ` JaVaScRiPt:` are caught. Entity
//! tricks (`&#106;avascript:`) need no decoding here: every writer escapes
//! `&` in attribute values, so the browser sees the `&` itself, and the
//! notebook writer percent-encodes an `&` that would start a Markdown
//! entity reference (see `write::ipynb::inline::link_destination`).

/// Schemes whose URLs run script in the page or the browser.
const SCRIPT_SCHEMES: &[&str] = &["javascript", "vbscript", "livescript"];

/// `data:` media types that only show a picture (SVG is not among them:
/// it may hold script).
const INERT_DATA_TYPES: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/jpg",
    "image/gif",
    "image/webp",
    "image/avif",
    "image/bmp",
];

/// Whether following `url` (or loading it as an image) could run code:
/// a script scheme, or a `data:` URL that is not an inert picture
/// (`data:text/html,...` opens a page of the author's choosing).
///
/// Every link of every writer comes here, so the common case allocates
/// nothing: a URL without a colon has no scheme, and the schemes are
/// compared character by character as the browser reads them.
pub fn is_active_url(url: &str) -> bool {
    if !url.contains(':') {
        return false;
    }
    if SCRIPT_SCHEMES.iter().any(|scheme| has_scheme(url, scheme)) {
        return true;
    }
    if has_scheme(url, "data") {
        let cleaned: String = browser_chars(url).collect();
        let rest = cleaned.get("data:".len()..).unwrap_or("");
        let media_type = rest
            .split([';', ','])
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        return !INERT_DATA_TYPES.contains(&media_type.as_str());
    }
    false
}

/// The URL's characters as a browser reads them before parsing: C0
/// controls and spaces trimmed at both ends, ASCII tabs and newlines
/// removed everywhere.
fn browser_chars(url: &str) -> impl Iterator<Item = char> + '_ {
    url.trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
}

/// Whether `url`, read as a browser reads it, starts with `scheme`
/// (lower-case ASCII) and a colon, in any case: its scheme is `scheme`
/// (RFC 3986 §3.1: everything up to the first colon, case-insensitive).
fn has_scheme(url: &str, scheme: &str) -> bool {
    let mut chars = browser_chars(url);
    scheme
        .chars()
        .all(|want| chars.next().is_some_and(|c| c.eq_ignore_ascii_case(&want)))
        && chars.next() == Some(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn active_url_script_schemes_in_any_disguise() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "  javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "vbscript:msgbox(1)",
            "livescript:x",
            "data:text/html,<script>alert(1)</script>",
            "DATA:text/html;base64,PHNjcmlwdD4=",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "data:,hello",
        ] {
            assert!(is_active_url(url), "{url:?} passed");
        }
    }

    #[test]
    fn active_url_ordinary_links_pass() {
        for url in [
            "https://example.org/a?b=1&c=2",
            "mailto:a@example.org",
            "figs/speedup.png",
            "#section",
            "data:image/png;base64,AAAA",
            "&#106;avascript:alert(1)",
            "javascript",
            "notes/javascript:intro.html",
            "javascriptx:alert(1)",
            "jav\u{0}ascript:alert(1)",
            "data",
            "",
        ] {
            assert!(!is_active_url(url), "{url:?} refused");
        }
    }
}
