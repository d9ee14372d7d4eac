//! Identifiers and reference names as docutils makes them.
//!
//! - [`make_id`]: docutils' `nodes.make_id`: lower case, a few letters
//!   transliterated, NFKD-decomposed to ASCII, runs of other characters
//!   become one hyphen, leading digits and hyphens dropped.
//! - [`normalize_name`]: `fully_normalize_name` (case-folded, whitespace
//!   collapsed), the form of `names` and `refname`.
//! - [`whitespace_normalize_name`]: whitespace collapsed only.

use unicode_normalization::UnicodeNormalization;

/// docutils' `make_id`: an identifier matching `[a-z](-?[a-z0-9]+)*`, or
/// the empty string.
pub fn make_id(text: &str) -> String {
    if text.is_ascii() {
        // ASCII lowercases byte by byte, and neither the transliteration
        // nor NFKD changes it; whitespace is a gap like any other
        // character outside [a-z0-9]. (The general path below costs ~5,000
        // instructions for a word: tables of contents and target notes
        // make ids by the ten thousand.)
        return id_from_chars(text.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    }
    make_id_unicode(text)
}

/// [`make_id`] of any text.
fn make_id_unicode(text: &str) -> String {
    let lowered = text.to_lowercase();
    let mut translated = String::with_capacity(lowered.len());
    for c in lowered.chars() {
        match c {
            // Digraphs first (docutils' `_non_id_translate_digraphs`).
            'ß' => translated.push_str("sz"),
            'æ' => translated.push_str("ae"),
            'œ' => translated.push_str("oe"),
            '\u{0238}' => translated.push_str("db"),
            '\u{0239}' => translated.push_str("qp"),
            c => translated.push(translate_letter(c).unwrap_or(c)),
        }
    }
    // NFKD, then drop everything that is not ASCII.
    let ascii: String = translated.nfkd().filter(char::is_ascii).collect();
    // Runs of whitespace become single spaces first (docutils joins the
    // split words), then every run of non-[a-z0-9] becomes a hyphen.
    let words: Vec<&str> = ascii.split_whitespace().collect();
    id_from_chars(words.join(" ").chars())
}

/// The id of lowercased ASCII characters: every run of characters other
/// than `[a-z0-9]` one hyphen, then leading digits and hyphens and
/// trailing hyphens dropped.
fn id_from_chars(chars: impl Iterator<Item = char>) -> String {
    let mut id = String::new();
    let mut in_gap = false;
    for c in chars {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if in_gap {
                id.push('-');
                in_gap = false;
            }
            id.push(c);
        } else {
            in_gap = true;
        }
    }
    if in_gap {
        id.push('-');
    }
    // `^[-0-9]+|-+$` removed.
    let start = id
        .find(|c: char| !(c == '-' || c.is_ascii_digit()))
        .unwrap_or(id.len());
    id[start..].trim_end_matches('-').to_string()
}

/// docutils' `_non_id_translate`: letters with strokes and hooks that NFKD
/// does not decompose.
fn translate_letter(c: char) -> Option<char> {
    Some(match c {
        '\u{00f8}' => 'o',
        '\u{0111}' => 'd',
        '\u{0127}' => 'h',
        '\u{0131}' => 'i',
        '\u{0142}' => 'l',
        '\u{0167}' => 't',
        '\u{0180}' => 'b',
        '\u{0183}' => 'b',
        '\u{0188}' => 'c',
        '\u{018c}' => 'd',
        '\u{0192}' => 'f',
        '\u{0199}' => 'k',
        '\u{019a}' => 'l',
        '\u{019e}' => 'n',
        '\u{01a5}' => 'p',
        '\u{01ab}' => 't',
        '\u{01ad}' => 't',
        '\u{01b4}' => 'y',
        '\u{01b6}' => 'z',
        '\u{01e5}' => 'g',
        '\u{0225}' => 'z',
        '\u{0234}' => 'l',
        '\u{0235}' => 'n',
        '\u{0236}' => 't',
        '\u{0237}' => 'j',
        '\u{023c}' => 'c',
        '\u{023f}' => 's',
        '\u{0240}' => 'z',
        '\u{0247}' => 'e',
        '\u{0249}' => 'j',
        '\u{024b}' => 'q',
        '\u{024d}' => 'r',
        '\u{024f}' => 'y',
        _ => return None,
    })
}

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
    fn ascii_ids_take_the_short_way_to_the_same_result() {
        let samples = [
            "Footnote",
            "toc-entry",
            "  Leading and trailing  ",
            "12 Monkeys",
            "--x--",
            "a\tb\nc\x0bd\x1ce",
            "C++ & Rust: 2 ways!",
            "",
            "---",
            "9",
            "MiXeD_case-Name.v2",
        ];
        for text in samples {
            assert_eq!(make_id(text), make_id_unicode(text), "{text:?}");
        }
        // Every pair of ASCII characters, each between two letters.
        for a in 0u8..128 {
            for b in (0u8..128).step_by(7) {
                let text = format!("x{}y{}z", char::from(a), char::from(b));
                assert_eq!(make_id(&text), make_id_unicode(&text), "{text:?}");
            }
        }
    }

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
