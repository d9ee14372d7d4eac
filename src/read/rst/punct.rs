//! Character classes of the inline-markup recognition rules
//! (reStructuredText spec, "Inline markup recognition rules"; docutils'
//! `punctuation_chars`): which characters may precede a start-string or
//! follow an end-string, and which opener/closer pairs "quote" markup.

/// Python's `\s`.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// Python's `\w` (Unicode word characters).
pub fn is_word(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

// The character classes are those of Unicode 5.2.0, which the
// recognition rules were defined with (docutils generates the same sets
// from that version): newer Unicode moved some characters between
// categories (e.g. U+FD3E/U+FD3F swapped Ps/Pe, U+00A7 became Po), and
// taking today's categories would change which markup is recognised.

fn in_ranges(table: &[(u32, u32)], c: char) -> bool {
    let u = c as u32;
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < u {
                std::cmp::Ordering::Less
            } else if lo > u {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Opening punctuation: ASCII `"'(<[{`, and Ps, Pi, Pf (Unicode 5.2).
pub fn is_opener(c: char) -> bool {
    in_ranges(OPENERS, c)
}

/// Closing punctuation: ASCII `"')>]}`, and Pe, Pi, Pf (Unicode 5.2), plus
/// the low-9 quotes that close German quotations.
pub fn is_closer(c: char) -> bool {
    in_ranges(CLOSERS, c)
}

/// Delimiters: ASCII `-/:`, and Pd, Po (Unicode 5.2).
pub fn is_delimiter(c: char) -> bool {
    in_ranges(DELIMITERS, c)
}

/// Closing delimiters: `\.,;!?`.
pub fn is_closing_delimiter(c: char) -> bool {
    matches!(c, '\\' | '.' | ',' | ';' | '!' | '?')
}

/// May precede an inline start-string.
pub fn is_start_prefix(c: char) -> bool {
    if c.is_ascii() {
        return is_ascii_start_prefix(c as u8);
    }
    is_space(c) || is_opener(c) || is_delimiter(c)
}

/// [`is_start_prefix`] of an ASCII byte: whitespace, the openers `"'(<[{`
/// and the delimiters `-/:` (a `const fn` for the inline scanner's table).
pub const fn is_ascii_start_prefix(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t'..=b'\r' | 0x1c..=0x1f | b'"' | b'\'' | b'(' | b'<' | b'[' | b'{' | b'-' | b'/' | b':'
    )
}

/// May follow an inline end-string (besides the end of text).
pub fn is_end_suffix(c: char) -> bool {
    if c.is_ascii() {
        // whitespace, NUL, closing delimiters `\.,;!?`, delimiters `-/:`
        // and the ASCII closers `"')>]}`
        return matches!(
            c,
            ' ' | '\t'..='\r'
                | '\x1c'..='\x1f'
                | '\0'
                | '\\'
                | '.'
                | ','
                | ';'
                | '!'
                | '?'
                | '-'
                | '/'
                | ':'
                | '"'
                | '\''
                | ')'
                | '>'
                | ']'
                | '}'
        );
    }
    is_space(c) || is_closing_delimiter(c) || is_delimiter(c) || is_closer(c)
}

/// Whether `open` followed by `close` "quotes" a start-string between them
/// (docutils' `match_chars`): a bracket pair, or a quotation-mark pair of
/// any language's convention (German „“, Swedish ”” and so on).
pub fn quotes_match(open: char, close: char) -> bool {
    PAIRS.binary_search(&(open, close)).is_ok()
}

/// Opening punctuation (Ps, Pi, Pf) that may precede a start-string.
const OPENERS: &[(u32, u32)] = &[
    (0x22, 0x22),
    (0x27, 0x28),
    (0x3C, 0x3C),
    (0x5B, 0x5B),
    (0x7B, 0x7B),
    (0xAB, 0xAB),
    (0xBB, 0xBB),
    (0xF3A, 0xF3A),
    (0xF3C, 0xF3C),
    (0x169B, 0x169B),
    (0x2018, 0x201F),
    (0x2039, 0x203A),
    (0x2045, 0x2045),
    (0x207D, 0x207D),
    (0x208D, 0x208D),
    (0x2329, 0x2329),
    (0x2768, 0x2768),
    (0x276A, 0x276A),
    (0x276C, 0x276C),
    (0x276E, 0x276E),
    (0x2770, 0x2770),
    (0x2772, 0x2772),
    (0x2774, 0x2774),
    (0x27C5, 0x27C5),
    (0x27E6, 0x27E6),
    (0x27E8, 0x27E8),
    (0x27EA, 0x27EA),
    (0x27EC, 0x27EC),
    (0x27EE, 0x27EE),
    (0x2983, 0x2983),
    (0x2985, 0x2985),
    (0x2987, 0x2987),
    (0x2989, 0x2989),
    (0x298B, 0x298B),
    (0x298D, 0x298D),
    (0x298F, 0x298F),
    (0x2991, 0x2991),
    (0x2993, 0x2993),
    (0x2995, 0x2995),
    (0x2997, 0x2997),
    (0x29D8, 0x29D8),
    (0x29DA, 0x29DA),
    (0x29FC, 0x29FC),
    (0x2E02, 0x2E05),
    (0x2E09, 0x2E0A),
    (0x2E0C, 0x2E0D),
    (0x2E1C, 0x2E1D),
    (0x2E20, 0x2E22),
    (0x2E24, 0x2E24),
    (0x2E26, 0x2E26),
    (0x2E28, 0x2E28),
    (0x3008, 0x3008),
    (0x300A, 0x300A),
    (0x300C, 0x300C),
    (0x300E, 0x300E),
    (0x3010, 0x3010),
    (0x3014, 0x3014),
    (0x3016, 0x3016),
    (0x3018, 0x3018),
    (0x301A, 0x301A),
    (0x301D, 0x301D),
    (0xFD3E, 0xFD3E),
    (0xFE17, 0xFE17),
    (0xFE35, 0xFE35),
    (0xFE37, 0xFE37),
    (0xFE39, 0xFE39),
    (0xFE3B, 0xFE3B),
    (0xFE3D, 0xFE3D),
    (0xFE3F, 0xFE3F),
    (0xFE41, 0xFE41),
    (0xFE43, 0xFE43),
    (0xFE47, 0xFE47),
    (0xFE59, 0xFE59),
    (0xFE5B, 0xFE5B),
    (0xFE5D, 0xFE5D),
    (0xFF08, 0xFF08),
    (0xFF3B, 0xFF3B),
    (0xFF5B, 0xFF5B),
    (0xFF5F, 0xFF5F),
    (0xFF62, 0xFF62),
];
/// Closing punctuation (Pe, Pi, Pf) that may follow an end-string.
const CLOSERS: &[(u32, u32)] = &[
    (0x22, 0x22),
    (0x27, 0x27),
    (0x29, 0x29),
    (0x3E, 0x3E),
    (0x5D, 0x5D),
    (0x7D, 0x7D),
    (0xAB, 0xAB),
    (0xBB, 0xBB),
    (0xF3B, 0xF3B),
    (0xF3D, 0xF3D),
    (0x169C, 0x169C),
    (0x2018, 0x201F),
    (0x2039, 0x203A),
    (0x2046, 0x2046),
    (0x207E, 0x207E),
    (0x208E, 0x208E),
    (0x232A, 0x232A),
    (0x2769, 0x2769),
    (0x276B, 0x276B),
    (0x276D, 0x276D),
    (0x276F, 0x276F),
    (0x2771, 0x2771),
    (0x2773, 0x2773),
    (0x2775, 0x2775),
    (0x27C6, 0x27C6),
    (0x27E7, 0x27E7),
    (0x27E9, 0x27E9),
    (0x27EB, 0x27EB),
    (0x27ED, 0x27ED),
    (0x27EF, 0x27EF),
    (0x2984, 0x2984),
    (0x2986, 0x2986),
    (0x2988, 0x2988),
    (0x298A, 0x298A),
    (0x298C, 0x298C),
    (0x298E, 0x298E),
    (0x2990, 0x2990),
    (0x2992, 0x2992),
    (0x2994, 0x2994),
    (0x2996, 0x2996),
    (0x2998, 0x2998),
    (0x29D9, 0x29D9),
    (0x29DB, 0x29DB),
    (0x29FD, 0x29FD),
    (0x2E02, 0x2E05),
    (0x2E09, 0x2E0A),
    (0x2E0C, 0x2E0D),
    (0x2E1C, 0x2E1D),
    (0x2E20, 0x2E21),
    (0x2E23, 0x2E23),
    (0x2E25, 0x2E25),
    (0x2E27, 0x2E27),
    (0x2E29, 0x2E29),
    (0x3009, 0x3009),
    (0x300B, 0x300B),
    (0x300D, 0x300D),
    (0x300F, 0x300F),
    (0x3011, 0x3011),
    (0x3015, 0x3015),
    (0x3017, 0x3017),
    (0x3019, 0x3019),
    (0x301B, 0x301B),
    (0x301E, 0x301F),
    (0xFD3F, 0xFD3F),
    (0xFE18, 0xFE18),
    (0xFE36, 0xFE36),
    (0xFE38, 0xFE38),
    (0xFE3A, 0xFE3A),
    (0xFE3C, 0xFE3C),
    (0xFE3E, 0xFE3E),
    (0xFE40, 0xFE40),
    (0xFE42, 0xFE42),
    (0xFE44, 0xFE44),
    (0xFE48, 0xFE48),
    (0xFE5A, 0xFE5A),
    (0xFE5C, 0xFE5C),
    (0xFE5E, 0xFE5E),
    (0xFF09, 0xFF09),
    (0xFF3D, 0xFF3D),
    (0xFF5D, 0xFF5D),
    (0xFF60, 0xFF60),
    (0xFF63, 0xFF63),
];
/// Delimiters (Pd, Po) allowed on both sides of inline markup.
const DELIMITERS: &[(u32, u32)] = &[
    (0x2D, 0x2D),
    (0x2F, 0x2F),
    (0x3A, 0x3A),
    (0xA1, 0xA1),
    (0xB7, 0xB7),
    (0xBF, 0xBF),
    (0x37E, 0x37E),
    (0x387, 0x387),
    (0x55A, 0x55F),
    (0x589, 0x58A),
    (0x5BE, 0x5BE),
    (0x5C0, 0x5C0),
    (0x5C3, 0x5C3),
    (0x5C6, 0x5C6),
    (0x5F3, 0x5F4),
    (0x609, 0x60A),
    (0x60C, 0x60D),
    (0x61B, 0x61B),
    (0x61E, 0x61F),
    (0x66A, 0x66D),
    (0x6D4, 0x6D4),
    (0x700, 0x70D),
    (0x7F7, 0x7F9),
    (0x830, 0x83E),
    (0x964, 0x965),
    (0x970, 0x970),
    (0xDF4, 0xDF4),
    (0xE4F, 0xE4F),
    (0xE5A, 0xE5B),
    (0xF04, 0xF12),
    (0xF85, 0xF85),
    (0xFD0, 0xFD4),
    (0x104A, 0x104F),
    (0x10FB, 0x10FB),
    (0x1361, 0x1368),
    (0x1400, 0x1400),
    (0x166D, 0x166E),
    (0x16EB, 0x16ED),
    (0x1735, 0x1736),
    (0x17D4, 0x17D6),
    (0x17D8, 0x17DA),
    (0x1800, 0x180A),
    (0x1944, 0x1945),
    (0x19DE, 0x19DF),
    (0x1A1E, 0x1A1F),
    (0x1AA0, 0x1AA6),
    (0x1AA8, 0x1AAD),
    (0x1B5A, 0x1B60),
    (0x1C3B, 0x1C3F),
    (0x1C7E, 0x1C7F),
    (0x1CD3, 0x1CD3),
    (0x2010, 0x2017),
    (0x2020, 0x2027),
    (0x2030, 0x2038),
    (0x203B, 0x203E),
    (0x2041, 0x2043),
    (0x2047, 0x2051),
    (0x2053, 0x2053),
    (0x2055, 0x205E),
    (0x2CF9, 0x2CFC),
    (0x2CFE, 0x2CFF),
    (0x2E00, 0x2E01),
    (0x2E06, 0x2E08),
    (0x2E0B, 0x2E0B),
    (0x2E0E, 0x2E1B),
    (0x2E1E, 0x2E1F),
    (0x2E2A, 0x2E2E),
    (0x2E30, 0x2E31),
    (0x3001, 0x3003),
    (0x301C, 0x301C),
    (0x3030, 0x3030),
    (0x303D, 0x303D),
    (0x30A0, 0x30A0),
    (0x30FB, 0x30FB),
    (0xA4FE, 0xA4FF),
    (0xA60D, 0xA60F),
    (0xA673, 0xA673),
    (0xA67E, 0xA67E),
    (0xA6F2, 0xA6F7),
    (0xA874, 0xA877),
    (0xA8CE, 0xA8CF),
    (0xA8F8, 0xA8FA),
    (0xA92E, 0xA92F),
    (0xA95F, 0xA95F),
    (0xA9C1, 0xA9CD),
    (0xA9DE, 0xA9DF),
    (0xAA5C, 0xAA5F),
    (0xAADE, 0xAADF),
    (0xABEB, 0xABEB),
    (0xFE10, 0xFE16),
    (0xFE19, 0xFE19),
    (0xFE30, 0xFE32),
    (0xFE45, 0xFE46),
    (0xFE49, 0xFE4C),
    (0xFE50, 0xFE52),
    (0xFE54, 0xFE58),
    (0xFE5F, 0xFE61),
    (0xFE63, 0xFE63),
    (0xFE68, 0xFE68),
    (0xFE6A, 0xFE6B),
    (0xFF01, 0xFF03),
    (0xFF05, 0xFF07),
    (0xFF0A, 0xFF0A),
    (0xFF0C, 0xFF0F),
    (0xFF1A, 0xFF1B),
    (0xFF1F, 0xFF20),
    (0xFF3C, 0xFF3C),
    (0xFF61, 0xFF61),
    (0xFF64, 0xFF65),
    (0x10100, 0x10101),
    (0x1039F, 0x1039F),
    (0x103D0, 0x103D0),
    (0x10857, 0x10857),
    (0x1091F, 0x1091F),
    (0x1093F, 0x1093F),
    (0x10A50, 0x10A58),
    (0x10A7F, 0x10A7F),
    (0x10B39, 0x10B3F),
    (0x110BB, 0x110BC),
    (0x110BE, 0x110C1),
    (0x12470, 0x12473),
];
/// Opener/closer pairs at the same position in the two lists.
const PAIRS: &[(char, char)] = &[
    ('\u{22}', '\u{22}'),
    ('\u{27}', '\u{27}'),
    ('\u{28}', '\u{29}'),
    ('\u{3C}', '\u{3E}'),
    ('\u{5B}', '\u{5D}'),
    ('\u{7B}', '\u{7D}'),
    ('\u{AB}', '\u{BB}'),
    ('\u{BB}', '\u{AB}'),
    ('\u{BB}', '\u{BB}'),
    ('\u{F3A}', '\u{F3B}'),
    ('\u{F3C}', '\u{F3D}'),
    ('\u{169B}', '\u{169C}'),
    ('\u{2018}', '\u{2019}'),
    ('\u{2018}', '\u{201A}'),
    ('\u{2019}', '\u{2018}'),
    ('\u{2019}', '\u{2019}'),
    ('\u{201A}', '\u{2018}'),
    ('\u{201A}', '\u{2019}'),
    ('\u{201A}', '\u{201B}'),
    ('\u{201B}', '\u{201A}'),
    ('\u{201C}', '\u{201D}'),
    ('\u{201C}', '\u{201E}'),
    ('\u{201D}', '\u{201C}'),
    ('\u{201D}', '\u{201D}'),
    ('\u{201E}', '\u{201C}'),
    ('\u{201E}', '\u{201D}'),
    ('\u{201E}', '\u{201F}'),
    ('\u{201F}', '\u{201E}'),
    ('\u{2039}', '\u{203A}'),
    ('\u{203A}', '\u{2039}'),
    ('\u{203A}', '\u{203A}'),
    ('\u{2045}', '\u{2046}'),
    ('\u{207D}', '\u{207E}'),
    ('\u{208D}', '\u{208E}'),
    ('\u{2329}', '\u{232A}'),
    ('\u{2768}', '\u{2769}'),
    ('\u{276A}', '\u{276B}'),
    ('\u{276C}', '\u{276D}'),
    ('\u{276E}', '\u{276F}'),
    ('\u{2770}', '\u{2771}'),
    ('\u{2772}', '\u{2773}'),
    ('\u{2774}', '\u{2775}'),
    ('\u{27C5}', '\u{27C6}'),
    ('\u{27E6}', '\u{27E7}'),
    ('\u{27E8}', '\u{27E9}'),
    ('\u{27EA}', '\u{27EB}'),
    ('\u{27EC}', '\u{27ED}'),
    ('\u{27EE}', '\u{27EF}'),
    ('\u{2983}', '\u{2984}'),
    ('\u{2985}', '\u{2986}'),
    ('\u{2987}', '\u{2988}'),
    ('\u{2989}', '\u{298A}'),
    ('\u{298B}', '\u{298C}'),
    ('\u{298D}', '\u{298E}'),
    ('\u{298F}', '\u{2990}'),
    ('\u{2991}', '\u{2992}'),
    ('\u{2993}', '\u{2994}'),
    ('\u{2995}', '\u{2996}'),
    ('\u{2997}', '\u{2998}'),
    ('\u{29D8}', '\u{29D9}'),
    ('\u{29DA}', '\u{29DB}'),
    ('\u{29FC}', '\u{29FD}'),
    ('\u{2E02}', '\u{2E03}'),
    ('\u{2E03}', '\u{2E02}'),
    ('\u{2E04}', '\u{2E05}'),
    ('\u{2E05}', '\u{2E04}'),
    ('\u{2E09}', '\u{2E0A}'),
    ('\u{2E0A}', '\u{2E09}'),
    ('\u{2E0C}', '\u{2E0D}'),
    ('\u{2E0D}', '\u{2E0C}'),
    ('\u{2E1C}', '\u{2E1D}'),
    ('\u{2E1D}', '\u{2E1C}'),
    ('\u{2E20}', '\u{2E21}'),
    ('\u{2E21}', '\u{2E20}'),
    ('\u{2E22}', '\u{2E23}'),
    ('\u{2E24}', '\u{2E25}'),
    ('\u{2E26}', '\u{2E27}'),
    ('\u{2E28}', '\u{2E29}'),
    ('\u{3008}', '\u{3009}'),
    ('\u{300A}', '\u{300B}'),
    ('\u{300C}', '\u{300D}'),
    ('\u{300E}', '\u{300F}'),
    ('\u{3010}', '\u{3011}'),
    ('\u{3014}', '\u{3015}'),
    ('\u{3016}', '\u{3017}'),
    ('\u{3018}', '\u{3019}'),
    ('\u{301A}', '\u{301B}'),
    ('\u{301D}', '\u{301E}'),
    ('\u{FD3E}', '\u{FD3F}'),
    ('\u{FE17}', '\u{FE18}'),
    ('\u{FE35}', '\u{FE36}'),
    ('\u{FE37}', '\u{FE38}'),
    ('\u{FE39}', '\u{FE3A}'),
    ('\u{FE3B}', '\u{FE3C}'),
    ('\u{FE3D}', '\u{FE3E}'),
    ('\u{FE3F}', '\u{FE40}'),
    ('\u{FE41}', '\u{FE42}'),
    ('\u{FE43}', '\u{FE44}'),
    ('\u{FE47}', '\u{FE48}'),
    ('\u{FE59}', '\u{FE5A}'),
    ('\u{FE5B}', '\u{FE5C}'),
    ('\u{FE5D}', '\u{FE5E}'),
    ('\u{FF08}', '\u{FF09}'),
    ('\u{FF3B}', '\u{FF3D}'),
    ('\u{FF5B}', '\u{FF5D}'),
    ('\u{FF5F}', '\u{FF60}'),
    ('\u{FF62}', '\u{FF63}'),
];

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
        // the ASCII fast paths agree with the general classes
        for b in 0u8..128 {
            let c = b as char;
            assert_eq!(
                is_start_prefix(c),
                is_space(c) || is_opener(c) || is_delimiter(c),
                "{b}"
            );
            assert_eq!(
                is_end_suffix(c),
                is_space(c)
                    || c == '\0'
                    || is_closing_delimiter(c)
                    || is_delimiter(c)
                    || is_closer(c),
                "{b}"
            );
        }
        assert!(quotes_match('(', ')'));
        assert!(quotes_match('«', '»'));
        assert!(!quotes_match('(', ']'));
        // German quotes close with low-9 marks; Unicode 5.2's classes
        assert!(quotes_match('“', '„'));
        assert!(is_closer('„'));
        assert!(!is_delimiter('§'));
        assert!(is_opener('\u{FD3E}') && !is_closer('\u{FD3E}'));
    }
}
