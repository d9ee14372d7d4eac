//! Element attributes, as docutils keeps them: a small map from attribute
//! name to value, iterated in name order (the order docutils prints them in).
//!
//! The list attributes `ids`, `names`, `dupnames`, `classes` and `backrefs`
//! are never stored empty, so "absent" and "empty" cannot disagree.

use std::borrow::Cow;
use std::fmt;

/// An attribute name. Names are almost always literals (`"refuri"`), so the
/// common case costs no allocation.
pub type AttrName = Cow<'static, str>;

/// An attribute value.
#[derive(Clone, Debug, PartialEq)]
pub enum AttrValue {
    Str(String),
    /// Space-separated lists in docutils (`ids`, `names`, `classes`, ...).
    List(Vec<String>),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// Python's `None`, used only inside `pending` details.
    None,
    /// An ordered map, used for the `details` of `pending` nodes.
    Map(Vec<(String, AttrValue)>),
}

impl AttrValue {
    /// The value as docutils prints it inside a pseudo-XML start tag.
    pub fn to_attribute_string(&self) -> String {
        let mut out = String::new();
        self.write_attribute_string(&mut out);
        out
    }

    /// [`AttrValue::to_attribute_string`] appended to `out` (the
    /// pseudo-XML dump writes hundreds of thousands of values).
    pub fn write_attribute_string(&self, out: &mut String) {
        match self {
            AttrValue::Str(s) => out.push_str(s),
            AttrValue::List(items) => {
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        out.push(' ');
                    }
                    if item.contains(['\\', ' ']) {
                        for c in item.chars() {
                            if matches!(c, '\\' | ' ') {
                                out.push('\\');
                            }
                            out.push(c);
                        }
                    } else {
                        out.push_str(item);
                    }
                }
            }
            AttrValue::Int(i) => {
                use std::fmt::Write;
                let _ = write!(out, "{i}");
            }
            AttrValue::Float(f) => out.push_str(&format_float(*f)),
            AttrValue::Bool(b) => out.push(if *b { '1' } else { '0' }),
            AttrValue::None => out.push_str("None"),
            AttrValue::Map(_) => out.push_str(&self.python_repr()),
        }
    }

    /// The value as Python's `repr()` shows it (for `pending` details).
    pub fn python_repr(&self) -> String {
        match self {
            AttrValue::Str(s) => python_str_repr(s),
            AttrValue::List(items) => {
                let parts: Vec<String> = items.iter().map(|s| python_str_repr(s)).collect();
                format!("[{}]", parts.join(", "))
            }
            AttrValue::Int(i) => i.to_string(),
            AttrValue::Float(f) => format_float(*f),
            AttrValue::Bool(b) => if *b { "True" } else { "False" }.to_string(),
            AttrValue::None => "None".to_string(),
            AttrValue::Map(entries) => {
                let parts: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| format!("{}: {}", python_str_repr(k), v.python_repr()))
                    .collect();
                format!("{{{}}}", parts.join(", "))
            }
        }
    }
}

fn format_float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.1}")
    } else {
        format!("{f}")
    }
}

/// Python's `repr()` of a `str`: single quotes unless the text holds a
/// single quote and no double quote.
pub fn python_str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

impl From<&str> for AttrValue {
    fn from(s: &str) -> Self {
        AttrValue::Str(s.to_string())
    }
}
impl From<String> for AttrValue {
    fn from(s: String) -> Self {
        AttrValue::Str(s)
    }
}
impl From<Vec<String>> for AttrValue {
    fn from(v: Vec<String>) -> Self {
        AttrValue::List(v)
    }
}
impl From<i64> for AttrValue {
    fn from(i: i64) -> Self {
        AttrValue::Int(i)
    }
}
impl From<usize> for AttrValue {
    fn from(i: usize) -> Self {
        AttrValue::Int(i64::try_from(i).unwrap_or(i64::MAX))
    }
}
impl From<bool> for AttrValue {
    fn from(b: bool) -> Self {
        AttrValue::Bool(b)
    }
}

impl fmt::Display for AttrValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_attribute_string())
    }
}

/// The list attributes every docutils element has (`Element.list_attributes`).
pub const LIST_ATTRIBUTES: [&str; 5] = ["ids", "classes", "names", "dupnames", "backrefs"];

/// The attribute map of one element, kept sorted by name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attrs {
    entries: Vec<(AttrName, AttrValue)>,
}

impl Attrs {
    pub const fn new() -> Self {
        Attrs {
            entries: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn position(&self, key: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.as_ref().cmp(key))
    }

    /// The value named `key`, for lookups: a scan for equal names.
    /// Elements hold a handful of attributes and most names differ in
    /// length from the one asked for, which string equality checks before
    /// any byte; a binary search orders strings at every step (lookups
    /// were a tenth of the resolve passes' instructions).
    fn find(&self, key: &str) -> Option<&AttrValue> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_ref() == key)
            .map(|(_, v)| v)
    }

    /// Attributes in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &AttrValue)> {
        self.entries.iter().map(|(k, v)| (k.as_ref(), v))
    }

    pub fn get(&self, key: &str) -> Option<&AttrValue> {
        self.find(key)
    }

    pub fn has(&self, key: &str) -> bool {
        self.find(key).is_some()
    }

    /// A string attribute (`refuri`, `format`, ...). Numbers are not strings.
    pub fn str(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some(AttrValue::Str(s)) => Some(s),
            _ => None,
        }
    }

    /// A list attribute; empty when absent. A lone string counts as a
    /// one-item list.
    pub fn list(&self, key: &str) -> &[String] {
        match self.get(key) {
            Some(AttrValue::List(v)) => v,
            Some(AttrValue::Str(s)) => std::slice::from_ref(s),
            _ => &[],
        }
    }

    /// An integer attribute; numeric strings are accepted.
    pub fn int(&self, key: &str) -> Option<i64> {
        match self.get(key) {
            Some(AttrValue::Int(i)) => Some(*i),
            Some(AttrValue::Bool(b)) => Some(i64::from(*b)),
            Some(AttrValue::Str(s)) => s.trim().parse().ok(),
            Some(AttrValue::Float(f)) => Some(*f as i64),
            _ => None,
        }
    }

    /// A number attribute as a float (`colwidth`, `scale`, ...).
    pub fn float(&self, key: &str) -> Option<f64> {
        match self.get(key) {
            Some(AttrValue::Int(i)) => Some(*i as f64),
            Some(AttrValue::Float(f)) => Some(*f),
            Some(AttrValue::Str(s)) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// A flag attribute: true for `True`, non-zero numbers and `"1"`.
    pub fn flag(&self, key: &str) -> bool {
        match self.get(key) {
            Some(AttrValue::Bool(b)) => *b,
            Some(AttrValue::Int(i)) => *i != 0,
            Some(AttrValue::Str(s)) => !s.is_empty() && s != "0",
            Some(AttrValue::List(v)) => !v.is_empty(),
            _ => false,
        }
    }

    /// Set an attribute. An empty list for a list attribute removes it.
    pub fn set(&mut self, key: impl Into<AttrName>, value: impl Into<AttrValue>) {
        let key = key.into();
        let value = value.into();
        if matches!(&value, AttrValue::List(v) if v.is_empty()) {
            self.remove(&key);
            return;
        }
        match self.position(&key) {
            Ok(i) => self.entries[i].1 = value,
            Err(i) => self.insert_at(i, key, value),
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<AttrValue> {
        match self.position(key) {
            Ok(i) => Some(self.entries.remove(i).1),
            Err(_) => None,
        }
    }

    /// Append to a list attribute (creating it).
    pub fn push(&mut self, key: impl Into<AttrName>, item: impl Into<String>) {
        let key = key.into();
        let item = item.into();
        match self.position(&key) {
            Ok(i) => match &mut self.entries[i].1 {
                AttrValue::List(v) => v.push(item),
                other => {
                    let mut v = match std::mem::replace(other, AttrValue::None) {
                        AttrValue::Str(s) => vec![s],
                        _ => Vec::new(),
                    };
                    v.push(item);
                    *other = AttrValue::List(v);
                }
            },
            Err(i) => self.insert_at(i, key, AttrValue::List(vec![item])),
        }
    }

    /// A new entry at `i`. A first entry makes room for two, not the four a
    /// `Vec` starts with: most elements carry one or two attributes, and
    /// at 56 bytes an entry the difference is megabytes on a large input.
    fn insert_at(&mut self, i: usize, key: AttrName, value: AttrValue) {
        if self.entries.capacity() == 0 {
            self.entries.reserve_exact(2);
        }
        self.entries.insert(i, (key, value));
    }

    /// Append to a list attribute unless the item is already there.
    pub fn push_unique(&mut self, key: impl Into<AttrName>, item: impl Into<String>) {
        let key = key.into();
        let item = item.into();
        if !self.list(&key).contains(&item) {
            self.push(key, item);
        }
    }

    /// Append several items to a list attribute.
    pub fn extend(&mut self, key: impl Into<AttrName>, items: impl IntoIterator<Item = String>) {
        let key = key.into();
        for item in items {
            self.push(key.clone(), item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attrs_stay_sorted_by_name() {
        let mut a = Attrs::new();
        a.set("refuri", "http://x");
        a.set("names", vec!["b".to_string()]);
        a.push("ids", "a");
        a.set("xml:space", "preserve");
        let keys: Vec<_> = a.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["ids", "names", "refuri", "xml:space"]);
    }

    #[test]
    fn attrs_empty_list_removes() {
        let mut a = Attrs::new();
        a.push("classes", "x");
        a.set("classes", Vec::<String>::new());
        assert!(!a.has("classes"));
        assert!(a.list("classes").is_empty());
    }

    #[test]
    fn attrs_list_escapes_spaces_like_docutils() {
        let v = AttrValue::List(vec!["a b".into(), "c\\d".into()]);
        assert_eq!(v.to_attribute_string(), "a\\ b c\\\\d");
    }

    #[test]
    fn attrs_python_repr() {
        assert_eq!(python_str_repr("class"), "'class'");
        assert_eq!(python_str_repr("it's"), "\"it's\"");
        let v = AttrValue::List(vec!["class1".into(), "class2".into()]);
        assert_eq!(v.python_repr(), "['class1', 'class2']");
        assert_eq!(AttrValue::None.python_repr(), "None");
    }
}
