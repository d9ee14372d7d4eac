//! Identifiers and reference names as docutils makes them.
//!
//! - [`make_id`]: docutils' `nodes.make_id`: lower case, a few letters
//!   transliterated, NFKD-decomposed to ASCII, runs of other characters
//!   become one hyphen, leading digits and hyphens dropped.
//! - [`normalize_name`]: `fully_normalize_name` (case-folded, whitespace
//!   collapsed), the form of `names` and `refname`.
//! - [`whitespace_normalize_name`]: whitespace collapsed only.

/// docutils' `make_id`: an identifier matching `[a-z](-?[a-z0-9]+)*`, or
/// the empty string. One implementation for the parser and the passes.
pub use crate::read::rst::names::make_id;

/// docutils' choice of a new id in `document.set_id` (from names, else
/// numbered): one implementation for the parser and the passes.
pub use crate::read::rst::names::new_id;

/// docutils' `whitespace_normalize_name`: runs of whitespace become one
/// space, ends trimmed.
pub fn whitespace_normalize_name(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// docutils' `fully_normalize_name`: lower case, whitespace collapsed.
pub fn normalize_name(name: &str) -> String {
    whitespace_normalize_name(&name.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_make_id_like_docutils() {
        assert_eq!(make_id("Section Title"), "section-title");
        assert_eq!(make_id("3. Numbered"), "numbered");
        assert_eq!(make_id("Ärger über Öl"), "arger-uber-ol");
        assert_eq!(make_id("Straße"), "strasze");
        assert_eq!(make_id("--a__b--"), "a-b");
        assert_eq!(make_id("¡¿"), "");
        assert_eq!(
            make_id("reStructuredText Test Document"),
            "restructuredtext-test-document"
        );
        assert_eq!(make_id("łódź"), "lodz");
    }

    #[test]
    fn ids_normalize_names() {
        assert_eq!(normalize_name("  A  b\n C "), "a b c");
        assert_eq!(whitespace_normalize_name(" A\tB "), "A B");
    }
}
