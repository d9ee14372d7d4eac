//! Line classification for the body state (docutils' `Body.patterns`):
//! which construct a line starts. Hand-written matchers instead of regular
//! expressions keep the parser fast and panic-free.

/// Enumerator formats: `(1)`, `1)`, `1.`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnumFormat {
    Parens,
    RParen,
    Period,
}

impl EnumFormat {
    pub fn prefix(self) -> &'static str {
        match self {
            EnumFormat::Parens => "(",
            _ => "",
        }
    }
    pub fn suffix(self) -> &'static str {
        match self {
            EnumFormat::Period => ".",
            _ => ")",
        }
    }
}

/// An enumerator at the start of a line.
#[derive(Clone, Copy, Debug)]
pub struct Enumerator<'l> {
    pub format: EnumFormat,
    pub text: &'l str,
    /// Byte offset just after the marker and its spaces.
    pub end: usize,
}

/// What a line starts, in the order docutils tries.
#[derive(Clone, Copy, Debug)]
pub enum LineKind<'l> {
    Blank,
    Indent,
    Bullet { end: usize },
    Enumerator(Enumerator<'l>),
    FieldMarker { end: usize },
    OptionMarker { end: usize },
    Doctest,
    LineBlock { end: usize },
    GridTableTop,
    SimpleTableTop,
    Explicit { end: usize },
    Anonymous { end: usize },
    Line,
    Text,
}

/// `( +|$)` after `at`: the end of the spaces, if the pattern holds.
pub fn spaces_or_end(line: &str, at: usize) -> Option<usize> {
    let rest = line.get(at..)?;
    if rest.is_empty() {
        return Some(at);
    }
    let n = rest.bytes().take_while(|&b| b == b' ').count();
    (n > 0).then_some(at + n)
}

pub fn is_bullet_char(c: char) -> bool {
    matches!(c, '-' | '+' | '*' | '\u{2022}' | '\u{2023}' | '\u{2043}')
}

/// The end of a bullet marker.
pub fn match_bullet(line: &str) -> Option<usize> {
    let c = line.chars().next()?;
    if !is_bullet_char(c) {
        return None;
    }
    spaces_or_end(line, c.len_utf8())
}

fn valid_enum_text(t: &str) -> bool {
    if t.is_empty() {
        return false;
    }
    if t == "#" || t.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    if t.len() == 1 && t.as_bytes()[0].is_ascii_alphabetic() {
        return true;
    }
    t.bytes().all(|b| b"ivxlcdm".contains(&b)) || t.bytes().all(|b| b"IVXLCDM".contains(&b))
}

/// An enumerator at the start of `line`.
pub fn match_enumerator(line: &str) -> Option<Enumerator<'_>> {
    let bytes = line.as_bytes();
    if bytes.first() == Some(&b'(') {
        let close = line[1..].find(')')? + 1;
        let text = &line[1..close];
        if !valid_enum_text(text) {
            return None;
        }
        let end = spaces_or_end(line, close + 1)?;
        return Some(Enumerator {
            format: EnumFormat::Parens,
            text,
            end,
        });
    }
    let run = bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'#')
        .count();
    let text = &line[..run];
    if !valid_enum_text(text) {
        return None;
    }
    let format = match bytes.get(run) {
        Some(b')') => EnumFormat::RParen,
        Some(b'.') => EnumFormat::Period,
        _ => return None,
    };
    let end = spaces_or_end(line, run + 1)?;
    Some(Enumerator { format, text, end })
}

/// A field marker `:name: ` (docutils' `field_marker`): the end offset.
pub fn match_field_marker(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    if bytes.first() != Some(&b':') || matches!(bytes.get(1), None | Some(b':') | Some(b' ')) {
        return None;
    }
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                // an escaped character (any, multibyte included)
                i += 1;
                if i >= bytes.len() {
                    return None;
                }
                let c = line[i..].chars().next()?;
                i += c.len_utf8();
            }
            b':' => {
                let next = bytes.get(i + 1);
                match next {
                    None | Some(b' ') => {
                        if bytes[i - 1] == b' ' {
                            return None;
                        }
                        return spaces_or_end(line, i + 1);
                    }
                    Some(b'`') => return None,
                    _ => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    None
}

fn is_optname_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// `optarg`: `[a-zA-Z][a-zA-Z0-9_-]*` or `<[^<>]+>`; the end offset.
fn match_optarg(line: &str, at: usize) -> Option<usize> {
    let bytes = line.as_bytes();
    match bytes.get(at)? {
        b'<' => {
            let rel = line[at + 1..].find(['<', '>'])?;
            let close = at + 1 + rel;
            (bytes[close] == b'>' && close > at + 1).then_some(close + 1)
        }
        b if b.is_ascii_alphabetic() => {
            let mut j = at + 1;
            while j < bytes.len() && is_optname_char(bytes[j]) {
                j += 1;
            }
            Some(j)
        }
        _ => None,
    }
}

/// Possible ends of one `option` at `at`, longest first (regex
/// backtracking order: with argument, then without).
fn option_ends(line: &str, at: usize) -> Vec<usize> {
    let bytes = line.as_bytes();
    let mut ends = Vec::new();
    match bytes.get(at) {
        Some(b'-') if bytes.get(at + 1) == Some(&b'-') => {
            // --long
            long_ends(line, at + 2, &mut ends);
        }
        Some(b'/') => long_ends(line, at + 1, &mut ends),
        Some(b'-') | Some(b'+') if bytes.get(at + 1).is_some_and(u8::is_ascii_alphanumeric) => {
            let base = at + 2;
            if bytes.get(base) == Some(&b' ')
                && let Some(e) = match_optarg(line, base + 1)
            {
                ends.push(e);
            }
            if let Some(e) = match_optarg(line, base) {
                ends.push(e);
            }
            ends.push(base);
        }
        _ => {}
    }
    // An argument may shorten by backtracking inside [a-zA-Z0-9_-]*;
    // those shorter ends are tried last.
    ends
}

fn long_ends(line: &str, name_at: usize, ends: &mut Vec<usize>) {
    let bytes = line.as_bytes();
    if !bytes.get(name_at).is_some_and(u8::is_ascii_alphanumeric) {
        return;
    }
    let mut j = name_at + 1;
    while j < bytes.len() && is_optname_char(bytes[j]) {
        j += 1;
    }
    // name may backtrack too, but then a [ =] must follow: only the full
    // name can be followed by one of those.
    if matches!(bytes.get(j), Some(b' ') | Some(b'='))
        && let Some(e) = match_optarg(line, j + 1)
    {
        ends.push(e);
    }
    let mut k = j;
    while k > name_at {
        ends.push(k);
        k -= 1;
    }
}

/// An option-list marker (`-a, --all  description`): the end offset.
pub fn match_option_marker(line: &str) -> Option<usize> {
    fn rest_ok(line: &str, at: usize) -> Option<usize> {
        // (, option)* then (  +| ?$)
        let bytes = line.as_bytes();
        if line[at..].starts_with(", ") {
            for e in option_ends(line, at + 2) {
                if let Some(end) = rest_ok(line, e) {
                    return Some(end);
                }
            }
        }
        let rest = &bytes[at..];
        let spaces = rest.iter().take_while(|&&b| b == b' ').count();
        if spaces >= 2 {
            return Some(at + spaces);
        }
        if rest.is_empty() || (rest.len() == 1 && rest[0] == b' ') {
            return Some(line.len());
        }
        None
    }
    for e in option_ends(line, 0) {
        if let Some(end) = rest_ok(line, e) {
            return Some(end);
        }
    }
    None
}

/// `+-...-+` (a grid table's top border).
pub fn is_grid_table_top(line: &str) -> bool {
    let t = line.trim_end_matches(' ');
    t.len() >= 4
        && t.starts_with("+-")
        && t.ends_with("-+")
        && t.bytes().all(|b| b == b'-' || b == b'+')
}

/// `=+( +=+)+` (a simple table's top border).
pub fn is_simple_table_top(line: &str) -> bool {
    let t = line.trim_end_matches(' ');
    t.starts_with('=') && t.bytes().all(|b| b == b'=' || b == b' ') && t.contains(' ')
}

/// A line of one repeated ASCII punctuation character.
pub fn is_punct_line(line: &str) -> bool {
    let t = line.trim_end_matches(' ');
    let Some(&first) = t.as_bytes().first() else {
        return false;
    };
    first.is_ascii_punctuation() && t.bytes().all(|b| b == first)
}

/// Classify a line as the body state does.
pub fn classify(line: &str) -> LineKind<'_> {
    let Some(&first) = line.as_bytes().first() else {
        return LineKind::Blank;
    };
    if first == b' ' {
        return LineKind::Indent;
    }
    if let Some(end) = match_bullet(line) {
        return LineKind::Bullet { end };
    }
    if (first.is_ascii_alphanumeric() || first == b'(' || first == b'#')
        && let Some(e) = match_enumerator(line)
    {
        return LineKind::Enumerator(e);
    }
    if first == b':'
        && let Some(end) = match_field_marker(line)
    {
        return LineKind::FieldMarker { end };
    }
    if matches!(first, b'-' | b'+' | b'/')
        && let Some(end) = match_option_marker(line)
    {
        return LineKind::OptionMarker { end };
    }
    if line.starts_with(">>>") && spaces_or_end(line, 3).is_some() {
        return LineKind::Doctest;
    }
    if first == b'|'
        && let Some(end) = spaces_or_end(line, 1)
    {
        return LineKind::LineBlock { end };
    }
    if first == b'+' && is_grid_table_top(line) {
        return LineKind::GridTableTop;
    }
    if first == b'=' && is_simple_table_top(line) {
        return LineKind::SimpleTableTop;
    }
    if line.starts_with("..")
        && let Some(end) = spaces_or_end(line, 2)
    {
        return LineKind::Explicit { end };
    }
    if line.starts_with("__")
        && let Some(end) = spaces_or_end(line, 2)
    {
        return LineKind::Anonymous { end };
    }
    if is_punct_line(line) {
        return LineKind::Line;
    }
    LineKind::Text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_field_marker() {
        assert_eq!(match_field_marker(":name: body"), Some(7));
        assert_eq!(match_field_marker(":name:"), Some(6));
        assert_eq!(match_field_marker(":a:b: x"), Some(6));
        assert_eq!(match_field_marker(":role:`x`"), None);
        assert_eq!(match_field_marker(": x:"), None);
        assert_eq!(match_field_marker(":x :"), None);
    }

    #[test]
    fn patterns_option_marker() {
        assert_eq!(match_option_marker("-a  desc"), Some(4));
        assert_eq!(match_option_marker("--all, -a  desc"), Some(11));
        assert_eq!(match_option_marker("-f FILE  desc"), Some(9));
        assert_eq!(match_option_marker("--file=<path name>"), Some(18));
        // "-a desc": option "-a" with argument "desc" (then no description)
        assert_eq!(match_option_marker("-a desc"), Some(7));
        assert_eq!(match_option_marker("-a, desc"), None);
        assert_eq!(match_option_marker("/V"), Some(2));
    }

    #[test]
    fn patterns_enumerator() {
        let e = match_enumerator("(iv) x").expect("enum");
        assert_eq!((e.format, e.text, e.end), (EnumFormat::Parens, "iv", 5));
        assert!(match_enumerator("1.x").is_none());
        assert!(match_enumerator("ab. x").is_none());
        assert!(match_enumerator("#. x").is_some());
    }

    #[test]
    fn patterns_classify() {
        assert!(matches!(classify("----"), LineKind::Line));
        assert!(matches!(classify("- x"), LineKind::Bullet { .. }));
        assert!(matches!(classify("+--+--+"), LineKind::GridTableTop));
        assert!(matches!(classify("== =="), LineKind::SimpleTableTop));
        assert!(matches!(classify(".. x"), LineKind::Explicit { .. }));
        assert!(matches!(classify("..."), LineKind::Line));
    }
}
