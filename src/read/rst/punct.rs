//! Character classes of the inline-markup recognition rules
//! (reStructuredText spec, "Inline markup recognition rules"; docutils'
//! `punctuation_chars`): which characters may precede a start-string or
//! follow an end-string, and which opener/closer pairs "quote" markup.

use unicode_general_category::{GeneralCategory, get_general_category};

/// Python's `\s`.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// Python's `\w` (Unicode word characters).
pub fn is_word(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

fn category(c: char) -> GeneralCategory {
    get_general_category(c)
}

/// Opening punctuation: ASCII `"'(<[{`, and Ps, Pi, Pf from U+00A0 on.
pub fn is_opener(c: char) -> bool {
    if c.is_ascii() {
        return matches!(c, '"' | '\'' | '(' | '<' | '[' | '{');
    }
    (c as u32) >= 0xA0
        && matches!(
            category(c),
            GeneralCategory::OpenPunctuation
                | GeneralCategory::InitialPunctuation
                | GeneralCategory::FinalPunctuation
        )
}

/// Closing punctuation: ASCII `"')>]}`, and Pe, Pi, Pf from U+00A0 on.
pub fn is_closer(c: char) -> bool {
    if c.is_ascii() {
        return matches!(c, '"' | '\'' | ')' | '>' | ']' | '}');
    }
    (c as u32) >= 0xA0
        && matches!(
            category(c),
            GeneralCategory::ClosePunctuation
                | GeneralCategory::InitialPunctuation
                | GeneralCategory::FinalPunctuation
        )
}

/// Delimiters: ASCII `\-/:`, and Pd, Po from U+00A0 on.
pub fn is_delimiter(c: char) -> bool {
    if c.is_ascii() {
        return matches!(c, '\\' | '-' | '/' | ':');
    }
    (c as u32) >= 0xA0
        && matches!(
            category(c),
            GeneralCategory::DashPunctuation | GeneralCategory::OtherPunctuation
        )
}

/// Closing delimiters: `\.,;!?`.
pub fn is_closing_delimiter(c: char) -> bool {
    matches!(c, '\\' | '.' | ',' | ';' | '!' | '?')
}

/// May precede an inline start-string.
pub fn is_start_prefix(c: char) -> bool {
    is_space(c) || is_opener(c) || is_delimiter(c)
}

/// May follow an inline end-string (besides the end of text).
pub fn is_end_suffix(c: char) -> bool {
    is_space(c) || c == '\0' || is_closing_delimiter(c) || is_delimiter(c) || is_closer(c)
}

/// Whether `open` followed by `close` "quotes" a start-string between them
/// (docutils' `match_chars`).
pub fn quotes_match(open: char, close: char) -> bool {
    if !is_opener(open) {
        return false;
    }

    match open {
        '"' => close == '"',
        '\'' => close == '\'',
        '(' => close == ')',
        '<' => close == '>',
        '[' => close == ']',
        '{' => close == '}',
        '«' => close == '»',
        '»' => close == '«' || close == '»',
        '‘' => close == '’' || close == '‚',
        '’' => close == '‘' || close == '’',
        '“' => close == '”' || close == '„',
        '”' => close == '“' || close == '”',
        '‹' => close == '›',
        '›' => close == '‹' || close == '›',
        '‚' => close == '‛' || close == '‘' || close == '’',
        '„' => close == '‟' || close == '“' || close == '”',
        _ => {
            if category(open) == GeneralCategory::OpenPunctuation {
                char::from_u32(open as u32 + 1) == Some(close)
                    && category(close) == GeneralCategory::ClosePunctuation
            } else {
                // Other quote pairs (⸂⸃, ...) are adjacent code points.
                char::from_u32(open as u32 + 1) == Some(close)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punct_classes() {
        assert!(is_start_prefix(' '));
        assert!(is_start_prefix('('));
        assert!(is_start_prefix('-'));
        assert!(!is_start_prefix('a'));
        assert!(!is_start_prefix('*'));
        assert!(is_end_suffix('.'));
        assert!(is_end_suffix(')'));
        assert!(!is_end_suffix('a'));
        assert!(quotes_match('(', ')'));
        assert!(quotes_match('«', '»'));
        assert!(!quotes_match('(', ']'));
    }
}
