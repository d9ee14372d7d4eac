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
pub fn is_active_url(url: &str) -> bool {
    let Some(scheme) = scheme_of(url) else {
        return false;
    };
    if SCRIPT_SCHEMES.contains(&scheme.as_str()) {
        return true;
    }
    if scheme == "data" {
        let cleaned = browser_cleaned(url);
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

/// The URL as a browser reads it before parsing: C0 controls and spaces
/// trimmed at both ends, ASCII tabs and newlines removed everywhere.
fn browser_cleaned(url: &str) -> String {
    url.trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// The lower-cased scheme of `url`, if it has one (RFC 3986 §3.1: a letter,
/// then letters, digits, `+`, `-`, `.`, up to the first `:`).
fn scheme_of(url: &str) -> Option<String> {
    let cleaned = browser_cleaned(url);
    let (scheme, _) = cleaned.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
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
            "",
        ] {
            assert!(!is_active_url(url), "{url:?} refused");
        }
    }
}
