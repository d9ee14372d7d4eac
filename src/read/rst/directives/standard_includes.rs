//! docutils' standard include files: `.. include:: <isonum.txt>` and its
//! kin, which every docutils installation provides (reStructuredText
//! Markup Specification, "Standard Substitution Definition Sets").
//!
//! - The character entity sets (`isonum.txt`, `isopub.txt`, ...,
//!   `xhtml1-lat1.txt`, `mmlalias.txt`) define one substitution per entity
//!   of the ISO/W3C set of that name, `|copy|` → ©. The data
//!   (`standard_sets/*.txt`, one `name U+XXXX ...` line per entity) is
//!   what docutils 0.22.4 defines for each set, recorded from its output
//!   by `scripts/docutils-standard-includes.py`: docutils' sets follow the
//!   W3C's 2003 mappings, which the W3C's current (2007) files change in a
//!   few dozen places, and matching docutils is the point. Five sets also
//!   come in a `-wide` variant: the wide one has every entity, the plain
//!   one only those whose characters all lie in the Basic Multilingual
//!   Plane (checked against docutils for all five).
//! - `html-roles.txt` defines the roles named after HTML's inline elements
//!   (`b`, `mark`, `var`, ...; `kbd` and `samp` as literals);
//!   `s5defs.txt` those and the roles of S5 slide shows (colours, sizes,
//!   `incremental`, the `handout`/`outline`/`print`/`slide` views).
//!
//! Each is made here as reStructuredText and read like an included file.
//! docutils' files also hold comments (and `html-roles.txt` a LaTeX `raw`
//! block); those are not reproduced: nothing is rendered from them.

/// An entity set: its data and whether the file has a `-wide` variant.
struct EntitySet {
    name: &'static str,
    data: &'static str,
    has_wide: bool,
}

macro_rules! entity_set {
    ($name:literal, $wide:literal) => {
        EntitySet {
            name: $name,
            data: include_str!(concat!("../standard_sets/", $name, ".txt")),
            has_wide: $wide,
        }
    };
}

const ENTITY_SETS: &[EntitySet] = &[
    entity_set!("isoamsa", false),
    entity_set!("isoamsb", false),
    entity_set!("isoamsc", false),
    entity_set!("isoamsn", false),
    entity_set!("isoamso", false),
    entity_set!("isoamsr", false),
    entity_set!("isobox", false),
    entity_set!("isocyr1", false),
    entity_set!("isocyr2", false),
    entity_set!("isodia", false),
    entity_set!("isogrk1", false),
    entity_set!("isogrk2", false),
    entity_set!("isogrk3", false),
    entity_set!("isogrk4", true),
    entity_set!("isolat1", false),
    entity_set!("isolat2", false),
    entity_set!("isomfrk", true),
    entity_set!("isomopf", true),
    entity_set!("isomscr", true),
    entity_set!("isonum", false),
    entity_set!("isopub", false),
    entity_set!("isotech", false),
    entity_set!("mmlalias", false),
    entity_set!("mmlextra", true),
    entity_set!("xhtml1-lat1", false),
    entity_set!("xhtml1-special", false),
    entity_set!("xhtml1-symbol", false),
];

/// The S5 slide-show roles: the sixteen HTML colour names and four more,
/// the relative sizes, `incremental` (items shown one by one) and the
/// views (`slide` has the class `slide-display`, below).
const S5_ROLES: &[&str] = &[
    "black",
    "gray",
    "silver",
    "white",
    "maroon",
    "red",
    "magenta",
    "fuchsia",
    "pink",
    "orange",
    "yellow",
    "lime",
    "green",
    "olive",
    "teal",
    "cyan",
    "aqua",
    "blue",
    "navy",
    "purple",
    "huge",
    "big",
    "small",
    "tiny",
    "incremental",
    "handout",
    "outline",
    "print",
];

/// Roles named after HTML's inline elements: text with that class.
const HTML_CLASS_ROLES: &[&str] = &[
    "b", "bdi", "del", "dfn", "i", "ins", "mark", "q", "s", "small", "u", "var",
];

/// Roles named after HTML's inline elements that show code-like text.
const HTML_LITERAL_ROLES: &[&str] = &["kbd", "samp"];

/// The text of the standard include file `name` (as written between the
/// angle brackets, `isonum.txt`), or `None` when there is no such file.
pub fn standard_include(name: &str) -> Option<String> {
    let stem = name.strip_suffix(".txt")?;
    match stem {
        "html-roles" => return Some(html_roles()),
        "s5defs" => {
            let mut text = html_roles();
            text.push_str(&role_lines(S5_ROLES, None));
            text.push_str(".. role:: slide\n   :class: slide-display\n");
            return Some(text);
        }
        _ => {}
    }
    let (stem, wide) = match stem.strip_suffix("-wide") {
        Some(base) => (base, true),
        None => (stem, false),
    };
    let set = ENTITY_SETS.iter().find(|s| s.name == stem)?;
    if wide && !set.has_wide {
        return None;
    }
    let mut text = String::with_capacity(set.data.len() * 2);
    for line in set.data.lines() {
        let mut fields = line.split_whitespace();
        let Some(entity) = fields.next() else {
            continue;
        };
        let points: Vec<&str> = fields.collect();
        // The plain variant of a set that has a wide one keeps only the
        // entities drawn from the Basic Multilingual Plane.
        let in_bmp = points
            .iter()
            .all(|p| p.strip_prefix("U+").is_some_and(|hex| hex.len() <= 4));
        if points.is_empty() || (set.has_wide && !wide && !in_bmp) {
            continue;
        }
        text.push_str(".. |");
        text.push_str(entity);
        text.push_str("| unicode:: ");
        text.push_str(&points.join(" "));
        text.push('\n');
    }
    Some(text)
}

fn html_roles() -> String {
    let mut text = role_lines(HTML_CLASS_ROLES, None);
    text.push_str(&role_lines(HTML_LITERAL_ROLES, Some("literal")));
    text
}

fn role_lines(names: &[&str], base: Option<&str>) -> String {
    let mut text = String::new();
    for name in names {
        text.push_str(".. role:: ");
        text.push_str(name);
        if let Some(base) = base {
            text.push('(');
            text.push_str(base);
            text.push(')');
        }
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_includes_know_their_files() {
        let isonum = standard_include("isonum.txt").unwrap_or_default();
        assert!(isonum.contains(".. |copy| unicode:: U+00A9\n"), "{isonum}");
        assert!(standard_include("isonum-wide.txt").is_none());
        assert!(standard_include("nosuch.txt").is_none());
        assert!(standard_include("isonum").is_none());
        let s5 = standard_include("s5defs.txt").unwrap_or_default();
        assert!(s5.contains(".. role:: incremental\n"));
        assert!(
            s5.contains(".. role:: mark\n"),
            "S5 includes the HTML roles"
        );
        let html = standard_include("html-roles.txt").unwrap_or_default();
        assert!(html.contains(".. role:: kbd(literal)\n"));
    }

    #[test]
    fn standard_includes_plain_sets_keep_the_basic_plane() {
        let plain = standard_include("isomfrk.txt").unwrap_or_default();
        let wide = standard_include("isomfrk-wide.txt").unwrap_or_default();
        assert!(plain.lines().count() < wide.lines().count());
        assert!(
            plain
                .lines()
                .all(|l| l.split_whitespace().skip(3).all(|p| p.len() <= 6)),
            "{plain}"
        );
    }
}
