//! Directive options: the option block (a field list of plain text) and
//! the converters that check and convert option values, with docutils'
//! error messages (`directives.flag`, `unchanged`, `uri`, `choice`, ...).

use crate::ir::AttrValue;
use crate::ir::attrs::python_str_repr;

use super::super::Parser;
use super::super::inline::{escape_to_null, unescape};
use super::super::lines::Line;
use super::super::names::make_id;

/// How an option value is checked and converted.
#[derive(Clone, Copy, Debug)]
pub enum OptionKind {
    /// No value allowed.
    Flag,
    /// Any text, empty if absent.
    Unchanged,
    /// Any text, required.
    UnchangedRequired,
    /// A path: lines joined without their surrounding whitespace.
    Path,
    /// A URI: unescaped whitespace removed.
    Uri,
    NonNegativeInt,
    PositiveInt,
    /// An integer with an optional `%`.
    Percentage,
    /// A length with a CSS unit, or a bare number.
    LengthOrUnitless,
    /// A length, a percentage, or a bare number (`px` appended).
    LengthOrPercentageOrUnitless,
    /// Class names (each made into an identifier).
    Class,
    /// One of the listed words (lowercased).
    Choice(&'static [&'static str]),
    /// Comma- or space-separated positive integers.
    PositiveIntList,
    /// `auto`, `grid`, or a positive integer list.
    Widths,
    /// A text encoding name.
    Encoding,
    /// One character, or a Unicode code (`U+2020`, `0x2020`, `&#x2020;`).
    SingleCharOrUnicode,
    /// As above, plus `tab` and `space`.
    SingleCharOrWhitespaceOrUnicode,
}

/// A converted option value.
#[derive(Clone, Debug, PartialEq)]
pub enum OptionValue {
    None,
    Str(String),
    Int(i64),
    IntList(Vec<i64>),
    List(Vec<String>),
}

impl OptionValue {
    /// The value as a node attribute.
    pub fn to_attr(&self) -> AttrValue {
        match self {
            OptionValue::None => AttrValue::None,
            OptionValue::Str(s) => AttrValue::Str(s.clone()),
            OptionValue::Int(i) => AttrValue::Int(*i),
            OptionValue::IntList(v) => AttrValue::List(v.iter().map(i64::to_string).collect()),
            OptionValue::List(v) => AttrValue::List(v.clone()),
        }
    }

    /// As Python's `repr()` (for the test directive).
    pub fn python_repr(&self) -> String {
        match self {
            OptionValue::None => "None".into(),
            OptionValue::Str(s) => python_str_repr(s),
            OptionValue::Int(i) => i.to_string(),
            OptionValue::IntList(v) => format!(
                "[{}]",
                v.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
            ),
            OptionValue::List(v) => format!(
                "[{}]",
                v.iter()
                    .map(|s| python_str_repr(s))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// Options in the order given.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub entries: Vec<(String, OptionValue)>,
}

impl Options {
    pub fn get(&self, name: &str) -> Option<&OptionValue> {
        self.entries.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
    pub fn str(&self, name: &str) -> Option<&str> {
        match self.get(name) {
            Some(OptionValue::Str(s)) => Some(s),
            _ => None,
        }
    }
    pub fn int(&self, name: &str) -> Option<i64> {
        match self.get(name) {
            Some(OptionValue::Int(i)) => Some(*i),
            _ => None,
        }
    }
    pub fn list(&self, name: &str) -> Option<&Vec<String>> {
        match self.get(name) {
            Some(OptionValue::List(v)) => Some(v),
            _ => None,
        }
    }
    pub fn set(&mut self, name: &str, value: OptionValue) {
        if let Some(e) = self.entries.iter_mut().find(|(k, _)| k == name) {
            e.1 = value;
        } else {
            self.entries.push((name.to_string(), value));
        }
    }
    pub fn remove(&mut self, name: &str) -> Option<OptionValue> {
        let i = self.entries.iter().position(|(k, _)| k == name)?;
        Some(self.entries.remove(i).1)
    }
}

/// CSS length units docutils accepts.
pub const LENGTH_UNITS: [&str; 15] = [
    "em", "ex", "ch", "rem", "vw", "vh", "vmin", "vmax", "cm", "mm", "Q", "in", "pt", "pc", "px",
];

fn python_int(value: Option<&str>) -> Result<i64, String> {
    let Some(v) = value else {
        return Err(
            "int() argument must be a string, a bytes-like object or a real number, not 'NoneType'"
                .into(),
        );
    };
    let t = v.trim();
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t).replace('_', "");
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && let Ok(n) = t.replace('_', "").parse::<i64>()
    {
        return Ok(n);
    }
    Err(format!(
        "invalid literal for int() with base 10: {}",
        python_str_repr(v)
    ))
}

fn get_measure(arg: &str, units: &[&str]) -> Result<String, String> {
    let num_end = arg
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    let num = &arg[..num_end];
    let rest = arg[num_end..].trim_start_matches(' ');
    let ok = !num.is_empty() && num.parse::<f64>().is_ok() && units.contains(&rest);
    if ok {
        return Ok(format!("{num}{rest}"));
    }
    let listed: Vec<&str> = units.iter().copied().filter(|u| !u.is_empty()).collect();
    Err(format!(
        "not a positive number or measure of one of the following units:\n{}",
        listed.join(", ")
    ))
}

fn format_values(values: &[&str]) -> String {
    let (last, init) = values.split_last().map_or(("", &[][..]), |(l, i)| (*l, i));
    let quoted: Vec<String> = init.iter().map(|v| format!("\"{v}\"")).collect();
    format!("{}, or \"{last}\"", quoted.join(", "))
}

/// `unicode_code`: `U+XXXX`, `0xXXXX`, `\uXXXX`, `&#xXXXX;`, decimal, or the text itself.
pub fn unicode_code(code: &str) -> Result<String, String> {
    let lower = code.to_ascii_lowercase();
    let hex = ["0x", "x", "\\x", "u+", "u", "\\u", "&#x"]
        .iter()
        .find_map(|p| lower.strip_prefix(p).map(|rest| rest.trim_end_matches(';')))
        .filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()));
    let value =
        if let Some(h) = hex {
            Some(u64::from_str_radix(h, 16).map_err(|_| {
                "code too large (Python int too large to convert to C int)".to_string()
            })?)
        } else if code.bytes().all(|b| b.is_ascii_digit()) && !code.is_empty() {
            Some(code.parse::<u64>().map_err(|_| {
                "code too large (Python int too large to convert to C int)".to_string()
            })?)
        } else {
            None
        };
    match value {
        Some(v) => {
            if v > i32::MAX as u64 {
                return Err("code too large (Python int too large to convert to C int)".into());
            }
            let c = u32::try_from(v).ok().and_then(char::from_u32);
            match c {
                Some(c) => Ok(c.to_string()),
                None if v < 0x110000 => Ok(char::REPLACEMENT_CHARACTER.to_string()),
                None => Err("chr() arg not in range(0x110000)".into()),
            }
        }
        None => Ok(code.to_string()),
    }
}

/// Convert one option value.
pub fn convert(kind: OptionKind, value: Option<&str>) -> Result<OptionValue, String> {
    let required = || value.ok_or_else(|| "argument required but none supplied".to_string());
    match kind {
        OptionKind::Flag => match value {
            Some(v) if !v.trim().is_empty() => {
                Err(format!("no argument is allowed; \"{v}\" supplied"))
            }
            _ => Ok(OptionValue::None),
        },
        OptionKind::Unchanged => Ok(OptionValue::Str(value.unwrap_or("").to_string())),
        OptionKind::UnchangedRequired => Ok(OptionValue::Str(required()?.to_string())),
        OptionKind::Path => {
            let v = required()?;
            Ok(OptionValue::Str(
                v.lines().map(str::trim).collect::<String>(),
            ))
        }
        OptionKind::Uri => {
            let v = required()?;
            Ok(OptionValue::Str(clean_uri(v)))
        }
        OptionKind::NonNegativeInt => {
            let n = python_int(value)?;
            if n < 0 {
                return Err("negative value; must be positive or zero".into());
            }
            Ok(OptionValue::Int(n))
        }
        OptionKind::PositiveInt => {
            let n = python_int(value)?;
            if n < 1 {
                return Err("negative or zero value; must be positive".into());
            }
            Ok(OptionValue::Int(n))
        }
        OptionKind::Percentage => {
            let v = value.map(|v| v.trim_end_matches([' ', '%']));
            let n = python_int(v)?;
            if n < 0 {
                return Err("negative value; must be positive or zero".into());
            }
            Ok(OptionValue::Int(n))
        }
        OptionKind::LengthOrUnitless => {
            let v = value.ok_or("argument required but none supplied")?;
            let mut units: Vec<&str> = LENGTH_UNITS.to_vec();
            units.push("");
            get_measure(v, &units).map(OptionValue::Str)
        }
        OptionKind::LengthOrPercentageOrUnitless => {
            let v = value.ok_or("argument required but none supplied")?;
            let mut units: Vec<&str> = LENGTH_UNITS.to_vec();
            units.push("%");
            match get_measure(v, &units) {
                Ok(m) => Ok(OptionValue::Str(m)),
                Err(e) => match get_measure(v, &[""]) {
                    Ok(m) => Ok(OptionValue::Str(m)),
                    Err(_) => Err(e),
                },
            }
        }
        OptionKind::Class => {
            let v = required()?;
            let mut names = Vec::new();
            for word in v.split_whitespace() {
                let id = make_id(word);
                if id.is_empty() {
                    return Err(format!("cannot make \"{word}\" into a class name"));
                }
                names.push(id);
            }
            Ok(OptionValue::List(names))
        }
        OptionKind::Choice(values) => {
            let Some(v) = value else {
                return Err(format!(
                    "must supply an argument; choose from {}",
                    format_values(values)
                ));
            };
            let low = v.to_lowercase();
            let low = low.trim();
            if values.contains(&low) {
                Ok(OptionValue::Str(low.to_string()))
            } else {
                Err(format!(
                    "\"{v}\" unknown; choose from {}",
                    format_values(values)
                ))
            }
        }
        OptionKind::PositiveIntList => positive_int_list(required()?).map(OptionValue::IntList),
        OptionKind::Widths => {
            let v = required()?;
            let low = v.to_lowercase();
            if low.trim() == "auto" || low.trim() == "grid" {
                return Ok(OptionValue::Str(low.trim().to_string()));
            }
            positive_int_list(v).map(OptionValue::IntList)
        }
        OptionKind::Encoding => {
            let v = required()?;
            let known = [
                "utf-8",
                "utf8",
                "utf-8-sig",
                "latin-1",
                "latin1",
                "iso-8859-1",
                "ascii",
                "us-ascii",
                "utf-16",
                "cp1252",
            ];
            if known.contains(&v.to_lowercase().as_str()) {
                Ok(OptionValue::Str(v.to_string()))
            } else {
                Err(format!("unknown encoding: \"{v}\""))
            }
        }
        OptionKind::SingleCharOrUnicode => {
            let v = required()?;
            let c = unicode_code(v)?;
            if c.chars().count() > 1 {
                return Err(format!(
                    "{} invalid; must be a single character or a Unicode code",
                    python_str_repr(&c)
                ));
            }
            Ok(OptionValue::Str(c))
        }
        OptionKind::SingleCharOrWhitespaceOrUnicode => {
            let v = required()?;
            match v {
                "tab" => Ok(OptionValue::Str("\t".into())),
                "space" => Ok(OptionValue::Str(" ".into())),
                _ => convert(OptionKind::SingleCharOrUnicode, Some(v)),
            }
        }
    }
}

fn positive_int_list(v: &str) -> Result<Vec<i64>, String> {
    let entries: Vec<&str> = if v.contains(',') {
        v.split(',').collect()
    } else {
        v.split_whitespace().collect()
    };
    let mut out = Vec::new();
    for e in entries {
        let n = python_int(Some(e))?;
        if n < 1 {
            return Err("negative or zero value; must be positive".into());
        }
        out.push(n);
    }
    Ok(out)
}

/// A URI option: unescaped whitespace removed (escaped spaces kept).
pub fn clean_uri(v: &str) -> String {
    let escaped = escape_to_null(v);
    let mut parts = vec![String::new()];
    let mut chars = escaped.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\0' && matches!(chars.peek(), Some(' ') | Some('\n')) {
            parts.push(String::new());
            chars.next();
        } else if let Some(last) = parts.last_mut() {
            last.push(c);
        }
    }
    parts
        .iter()
        .map(|p| unescape(p).split(char::is_whitespace).collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parse an option block into converted options (docutils'
/// `parse_extension_options`), or the error text.
///
/// The block is a field list whose bodies are plain paragraphs (docutils'
/// `ExtensionOptions` state: no inline markup); the fields are read here
/// directly instead of through the node tree, which they never join.
pub fn parse_extension_options<'a>(
    _parser: &mut Parser<'a>,
    lines: Vec<Line<'a>>,
    spec: &[(&'static str, OptionKind)],
) -> Result<Options, String> {
    use super::super::lines::{IndentSpec, get_indented, is_blank_text};
    use super::super::patterns::{LineKind, classify, match_field_marker};
    let total = lines.len();
    // (field name, the body's paragraphs)
    let mut fields: Vec<(String, Vec<String>)> = Vec::new();
    let mut pos = 0;
    let mut blank_finish = true;
    let mut first = true;
    loop {
        while pos < total && is_blank_text(lines[pos].as_str()) && !first {
            pos += 1;
        }
        let Some(line) = lines.get(pos) else {
            break;
        };
        let end = if first {
            match match_field_marker(line.as_str()) {
                Some(end) => end,
                None => break,
            }
        } else {
            match classify(line.as_str()) {
                LineKind::FieldMarker { end } => end,
                _ => break,
            }
        };
        first = false;
        let text = line.as_str();
        let marker = text.get(..end).unwrap_or(text).trim_end();
        let name = marker
            .get(1..marker.len().saturating_sub(1).max(1))
            .unwrap_or("");
        let name = unescape(&escape_to_null(name));
        let block = get_indented(&lines, pos, IndentSpec::first_known(end));
        pos += block.consumed.max(1);
        blank_finish = block.blank_finish;
        let mut paragraphs = Vec::new();
        let mut current: Vec<&str> = Vec::new();
        for l in block
            .lines
            .iter()
            .map(Line::as_str)
            .chain(std::iter::once(""))
        {
            if !l.trim().is_empty() {
                current.push(l);
            } else if !current.is_empty() {
                paragraphs.push(current.join("\n"));
                current.clear();
            }
        }
        fields.push((name, paragraphs));
    }
    // trailing blank lines are part of the block
    while pos < total && is_blank_text(lines[pos].as_str()) {
        pos += 1;
    }
    if pos != total {
        return Err("invalid option block".into());
    }
    // extract_options
    let mut raw: Vec<(String, Option<String>)> = Vec::new();
    for (name_text, mut paragraphs) in fields {
        if name_text.split_whitespace().count() != 1 {
            return Err(
                "invalid option data: extension option field name may not contain multiple words"
                    .into(),
            );
        }
        let name = name_text.to_lowercase();
        let data = match paragraphs.len() {
            0 => None,
            1 => paragraphs.pop(),
            _ => {
                return Err(format!(
                    "invalid option data: extension option field body may contain\na single paragraph only (option \"{name}\")"
                ));
            }
        };
        raw.push((name, data));
    }
    let mut options = Options::default();
    for (name, data) in raw {
        let Some((_, kind)) = spec.iter().find(|(n, _)| *n == name) else {
            return Err(format!("unknown option: \"{name}\""));
        };
        if options.has(&name) {
            return Err(format!("invalid option data: duplicate option \"{name}\""));
        }
        match convert(*kind, data.as_deref()) {
            Ok(v) => options.set(&name, v),
            Err(detail) => {
                let shown = data.as_deref().map_or("None".to_string(), python_str_repr);
                return Err(format!(
                    "invalid option value: (option: \"{name}\"; value: {shown})\n{detail}"
                ));
            }
        }
    }
    if !blank_finish {
        return Err("option data incompletely parsed".into());
    }
    Ok(options)
}
