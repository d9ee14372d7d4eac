//! Reference names and identifiers (reStructuredText spec, "Reference
//! Names"; docutils' `make_id`).
//!
//! Names are whitespace-normalized and compared case-insensitively; ids are
//! derived from names by lowercasing, folding to ASCII and replacing runs
//! of other characters with hyphens.

use unicode_normalization::UnicodeNormalization;

use crate::fast_hash::HashMap;

/// Collapse runs of whitespace to one space and trim (`whitespace_normalize_name`).
pub fn whitespace_normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split(char::is_whitespace).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whitespace-normalized and lowercased: the key names are compared by.
pub fn normalize(name: &str) -> String {
    if name.is_ascii() {
        // one pass: lowercase while collapsing whitespace
        let mut out = String::with_capacity(name.len());
        for word in name.split_ascii_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        }
        return out;
    }
    whitespace_normalize(&name.to_lowercase())
}

/// Letters with no decomposition that docutils folds by hand.
fn fold_special(c: char, out: &mut String) -> bool {
    let s = match c {
        'ß' => "sz",
        'æ' => "ae",
        'œ' => "oe",
        'ȸ' => "db",
        'ȹ' => "qp",
        'ø' => "o",
        'đ' => "d",
        'ħ' => "h",
        'ı' => "i",
        'ł' => "l",
        'ŧ' => "t",
        'ƀ' | 'ƃ' => "b",
        'ƈ' | 'ȼ' => "c",
        'ƌ' => "d",
        'ƒ' => "f",
        'ƙ' => "k",
        'ƚ' | 'ȴ' => "l",
        'ƞ' | 'ȵ' => "n",
        'ƥ' => "p",
        'ƫ' | 'ƭ' | 'ȶ' => "t",
        'ƴ' | 'ɏ' => "y",
        'ƶ' | 'ȥ' | 'ɀ' => "z",
        'ǥ' => "g",
        'ȷ' | 'ɉ' => "j",
        'ȿ' => "s",
        'ɇ' => "e",
        'ɋ' => "q",
        'ɍ' => "r",
        _ => return false,
    };
    out.push_str(s);
    true
}

/// An identifier for a name, as docutils' `make_id`: lowercase ASCII
/// letters, digits and single hyphens, starting with a letter. May be empty.
/// (The parser's and the resolve passes' ids alike: tables of contents and
/// target notes make them by the ten thousand.)
pub fn make_id(name: &str) -> String {
    if name.is_ascii() {
        // ASCII needs no folding or decomposition
        return make_id_ascii(name.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    }
    make_id_folded(name)
}

/// [`make_id`] of any text: lowercased, folded and decomposed first.
fn make_id_folded(name: &str) -> String {
    let lowered = name.to_lowercase();
    let mut folded = String::with_capacity(lowered.len());
    for c in lowered.chars() {
        if !fold_special(c, &mut folded) {
            folded.push(c);
        }
    }
    make_id_ascii(folded.nfkd())
}

/// The id `document.set_id` gives a node that has none: the id of the
/// first of its `names` whose id is not `taken`; else `<prefix>-<n>`,
/// the prefix being the last name's id (or `fallback()` when the names
/// give none) and `n` the next number for that prefix not `taken`.
/// `counters` holds the last number used per prefix (`id_counter`). The
/// parser and the resolve passes both name nodes this way.
pub fn new_id(
    names: &[String],
    taken: impl Fn(&str) -> bool,
    counters: &mut HashMap<String, u64>,
    fallback: impl FnOnce() -> String,
) -> String {
    let mut id = String::new();
    for name in names {
        id = make_id(name);
        if !id.is_empty() && !taken(&id) {
            return id;
        }
    }
    let mut prefix = if id.is_empty() { fallback() } else { id };
    prefix.push('-');
    // A table of contents numbers tens of thousands of entries: the
    // candidate is built without `format!`, whose machinery cost more than
    // the rest of this function.
    let counter = match counters.get_mut(&prefix) {
        Some(counter) => counter,
        None => counters.entry(prefix.clone()).or_insert(0),
    };
    let mut candidate = String::with_capacity(prefix.len() + 4);
    loop {
        *counter += 1;
        candidate.clear();
        candidate.push_str(&prefix);
        candidate.push_str(crate::decimal::digits(*counter, &mut [0; 20]));
        if !taken(&candidate) {
            return candidate;
        }
    }
}

/// The id from lowercased, decomposed characters: ASCII letters and digits
/// kept, runs of anything else one hyphen, no leading digits or hyphens.
fn make_id_ascii(chars: impl Iterator<Item = char>) -> String {
    let mut out = String::new();
    let mut pending_hyphen = false;
    for c in chars {
        if !c.is_ascii() {
            continue;
        }
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            if out.is_empty() && c.is_ascii_digit() {
                // ids start with a letter: leading digits and hyphens go
                continue;
            }
            out.push(c);
        } else {
            pending_hyphen = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_make_id_like_docutils() {
        assert_eq!(make_id("Hello World!"), "hello-world");
        assert_eq!(make_id("3. numbered title"), "numbered-title");
        assert_eq!(make_id("Straße"), "strasze");
        assert_eq!(make_id("élan"), "elan");
        assert_eq!(make_id("---"), "");
        assert_eq!(make_id("a  b--c"), "a-b-c");
    }

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
            assert_eq!(make_id(text), make_id_folded(text), "{text:?}");
        }
        // Every pair of ASCII characters, each between two letters.
        for a in 0u8..128 {
            for b in (0u8..128).step_by(7) {
                let text = format!("x{}y{}z", char::from(a), char::from(b));
                assert_eq!(make_id(&text), make_id_folded(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn new_ids_from_names_then_numbered() {
        let mut counters = HashMap::default();
        let taken = |id: &str| matches!(id, "intro" | "intro-1" | "section-1");
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let tag = || "section".to_string();
        assert_eq!(
            new_id(&names(&["Intro", "Setup"]), taken, &mut counters, tag),
            "setup"
        );
        // Every name's id taken: numbered after the last one's.
        assert_eq!(
            new_id(&names(&["Intro"]), taken, &mut counters, tag),
            "intro-2"
        );
        assert_eq!(
            new_id(&names(&["Intro"]), taken, &mut counters, tag),
            "intro-3"
        );
        // No usable name: numbered after the fallback.
        assert_eq!(
            new_id(&names(&["!!"]), taken, &mut counters, tag),
            "section-2"
        );
        assert_eq!(new_id(&[], taken, &mut counters, tag), "section-3");
    }

    #[test]
    fn names_normalize() {
        assert_eq!(normalize("  A\n  b "), "a b");
        assert_eq!(whitespace_normalize(" A\tB "), "A B");
    }
}
