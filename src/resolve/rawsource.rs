//! The reStructuredText source of a reference, rebuilt from its node.
//!
//! docutils replaces an unresolvable reference by a `problematic` node
//! holding the reference's raw source (`` `a phrase`_ ``, `name_`,
//! `[#]_`, `|sub|`), and that text is what readers see once the message
//! is filtered out. The tree does not keep raw sources, so they are
//! rebuilt here from the node's kind, attributes and text, following the
//! inline markup rules of the reStructuredText specification
//! ("Hyperlink References", "Footnote References", "Substitution
//! References").

use crate::ir::Kind;

use super::doc::{Auto, auto_kind};
use super::tree::{NodeId, Tree};

/// The raw source of a reference-like node.
pub fn raw_source(tree: &Tree, id: NodeId) -> String {
    let attrs = tree.attrs(id);
    match tree.kind(id) {
        Some(Kind::SubstitutionReference) => format!("|{}|", tree.text_content(id)),
        Some(Kind::FootnoteReference) => {
            let label = match auto_kind(attrs) {
                Auto::Number => format!("#{}", attrs.str("refname").unwrap_or("")),
                Auto::Symbol => "*".to_string(),
                Auto::None => tree.text_content(id),
            };
            format!("[{label}]_")
        }
        Some(Kind::CitationReference) => format!("[{}]_", tree.text_content(id)),
        Some(Kind::Target) => {
            let name = attrs
                .list("names")
                .first()
                .map(String::as_str)
                .unwrap_or("");
            let name = if is_simple_reference_name(name) {
                name.to_string()
            } else {
                format!("`{name}`")
            };
            match attrs.str("refname") {
                Some(refname) if is_simple_reference_name(refname) => {
                    format!(".. _{name}: {refname}_")
                }
                Some(refname) => format!(".. _{name}: `{refname}`_"),
                None => format!(".. _{name}:"),
            }
        }
        Some(Kind::Reference) => {
            let suffix = if attrs.flag("anonymous") { "__" } else { "_" };
            let first = tree.children(id).first().copied();
            if let Some(child) = first
                && tree.children(id).len() == 1
                && tree.is(child, Kind::SubstitutionReference)
            {
                return format!("{}{suffix}", raw_source(tree, child));
            }
            let text = tree.text_content(id);
            if is_simple_reference_name(&text) {
                format!("{text}{suffix}")
            } else {
                format!("`{text}`{suffix}")
            }
        }
        _ => tree.text_content(id),
    }
}

/// A reference name that needs no backquotes: word characters (no
/// underscore) joined by single `-._+:` (docutils' `simplename`).
pub fn is_simple_reference_name(text: &str) -> bool {
    let word = |c: char| c.is_alphanumeric();
    let mut previous_was_word = false;
    let mut seen = false;
    for c in text.chars() {
        if word(c) {
            previous_was_word = true;
            seen = true;
        } else if matches!(c, '-' | '.' | '+' | ':' | '_') && previous_was_word && c != '_' {
            previous_was_word = false;
        } else {
            return false;
        }
    }
    seen && previous_was_word
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rawsource_simple_names() {
        assert!(is_simple_reference_name("Python"));
        assert!(is_simple_reference_name("a.b-c"));
        assert!(!is_simple_reference_name("a b"));
        assert!(!is_simple_reference_name("a_b"));
        assert!(!is_simple_reference_name("a-"));
        assert!(!is_simple_reference_name(""));
    }
}
