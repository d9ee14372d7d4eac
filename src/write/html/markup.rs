//! A small escaping writer for polyglot markup: output that is valid HTML5
//! and well-formed XHTML at once, so the EPUB writer can reuse the body
//! renderer for its XHTML content documents.
//!
//! The rules it enforces (HTML Living Standard §13.1, XML 1.0 §2.4): text
//! escapes `&`, `<` and `>`; attribute values are always double-quoted and
//! escape `"` as well; void elements are self-closed (`<br/>`); no named
//! entities beyond XML's five are ever written (a non-breaking space is the
//! character itself); characters XML forbids (C0 controls other than tab,
//! newline and carriage return) are dropped.
//!
//! A [`Markup::recording`] writer also notes, as it writes, what an XML
//! reader of its output would find: the ids it defines and its `<a href>`
//! start tags with their byte ranges ([`Landmarks`]). The EPUB writer
//! needs both to point links at the right chapter files; before, it read
//! every chapter back with an XML parser (a fifth of its time).

use std::borrow::Cow;
use std::ops::Range;

use quick_xml::events::Event;
use quick_xml::events::attributes::Attribute;
use quick_xml::{Reader, XmlVersion};

use crate::write::byte_set::byte_set;

/// Markup being built, with the open elements tracked so the result is
/// always balanced.
#[derive(Default)]
pub struct Markup {
    out: String,
    open: Vec<&'static str>,
    /// What the markup holds so far, when recording.
    record: Option<Recording>,
}

/// An `<a>` start tag with an `href`, as found in markup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkTag {
    /// The whole start tag, `<` to `>`, in bytes.
    pub tag: Range<usize>,
    /// The `href`, unescaped.
    pub href: String,
}

/// The ids markup defines and its links, in document order: what reading
/// it with an XML parser finds ([`scan`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Landmarks {
    pub ids: Vec<String>,
    pub links: Vec<LinkTag>,
}

/// Markup that is not well-formed XML (a renderer bug, or a fragment
/// given to [`Markup::trusted`] that is not).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("malformed XHTML at byte {position}: {message}")]
pub struct MarkupError {
    pub position: u64,
    pub message: String,
}

/// What a recording [`Markup`] has noted.
#[derive(Default)]
struct Recording {
    found: Landmarks,
    /// The first trusted fragment that did not read as XML.
    error: Option<MarkupError>,
}

impl Recording {
    /// Note the start tag just written at `start..` of `out`: its `id`, and
    /// the tag itself when it is a link. Values are noted as given unless
    /// a reader would not read them back so (a tab or carriage return,
    /// which XML normalises to a space, or a character XML forbids, which
    /// the escaper drops): then the written tag is read as [`scan`] would.
    fn start_tag(&mut self, out: &str, start: usize, tag: &str, attrs: &[(&str, &str)]) {
        let first = |wanted: &str| attrs.iter().find(|(name, _)| *name == wanted).map(|a| a.1);
        let id = first("id");
        let href = if tag == "a" { first("href") } else { None };
        if id.is_none() && href.is_none() {
            return;
        }
        let reads_back = |v: &str| {
            !v.chars()
                .any(|c| matches!(c, '\t' | '\r') || !is_xml_char(c))
        };
        if id.is_some_and(|v| !reads_back(v)) || href.is_some_and(|v| !reads_back(v)) {
            self.read(out, start);
            return;
        }
        self.found.ids.extend(id.map(str::to_string));
        if let Some(href) = href {
            self.found.links.push(LinkTag {
                tag: start..out.len(),
                href: href.to_string(),
            });
        }
    }

    /// Read `out[start..]` as XML and note what it holds.
    fn read(&mut self, out: &str, start: usize) {
        let Some(written) = out.get(start..) else {
            return;
        };
        match scan(written) {
            Ok(found) => {
                self.found.ids.extend(found.ids);
                self.found
                    .links
                    .extend(found.links.into_iter().map(|mut link| {
                        link.tag = link.tag.start + start..link.tag.end + start;
                        link
                    }));
            }
            Err(e) => {
                self.error.get_or_insert(MarkupError {
                    position: e.position.saturating_add(start as u64),
                    message: e.message,
                });
            }
        }
    }
}

fn reader(markup: &str) -> Reader<&[u8]> {
    let mut reader = Reader::from_str(markup);
    reader.config_mut().check_end_names = true;
    reader
}

/// An attribute's unescaped value.
fn attribute_value(attr: &Attribute) -> Option<String> {
    attr.normalized_value(XmlVersion::Implicit1_0)
        .ok()
        .map(Cow::into_owned)
}

/// Read `markup` once with an XML parser, checking that it is
/// well-formed: the ids it defines and its links.
pub fn scan(markup: &str) -> Result<Landmarks, MarkupError> {
    let mut reader = reader(markup);
    let mut found = Landmarks::default();
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let start = match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => e,
            Ok(Event::Eof) => return Ok(found),
            Ok(_) => continue,
            Err(e) => {
                return Err(MarkupError {
                    position: reader.error_position(),
                    message: e.to_string(),
                });
            }
        };
        // One pass over the tag's attributes for both, without quick-xml's
        // search for duplicates (quadratic in a tag's attributes); of a
        // repeated attribute, the first counts.
        let is_link = start.name().as_ref() == "a";
        let (mut id, mut href) = (None, None);
        for attr in start.attributes().with_checks(false).flatten() {
            match attr.key.as_ref() {
                "id" if id.is_none() => id = attribute_value(&attr),
                "href" if is_link && href.is_none() => href = attribute_value(&attr),
                _ => {}
            }
        }
        found.ids.extend(id);
        if let Some(href) = href {
            let after = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
            found.links.push(LinkTag {
                tag: before..after,
                href,
            });
        }
    }
}

/// Whether `c` may appear in an XML document (XML 1.0 §2.2 `Char`).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{fffe}' | '\u{ffff}'))
}

/// Append `text` escaped for element content.
pub fn escape_text_into(out: &mut String, text: &str) {
    escape_into(out, text, false);
}

/// Append `value` escaped for a double-quoted attribute.
pub fn escape_attr_into(out: &mut String, value: &str) {
    escape_into(out, value, true);
}

/// `text` with `&`, `<` and `>` escaped (and for an attribute, `quoted`,
/// `"` and a newline, which XML parsers would normalise to a space in an
/// attribute) and the characters XML forbids dropped.
///
/// Runs of characters that need nothing are copied whole: every body of
/// every output goes through here, and pushing char by char was a tenth
/// of the renderer. Every byte acted on is ASCII or the lead byte of
/// U+FFFE / U+FFFF, so the cuts fall between characters.
fn escape_into(out: &mut String, text: &str, quoted: bool) {
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // One table lookup for the common byte instead of the match's
        // comparisons.
        if !MAY_ESCAPE[usize::from(b)] {
            i += 1;
            continue;
        }
        let (replacement, len) = match b {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' if quoted => ("&quot;", 1),
            b'\n' if quoted => ("&#10;", 1),
            b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            // C0 controls, which XML forbids.
            0..0x20 => ("", 1),
            // U+FFFE and U+FFFF (EF BF BE, EF BF BF), which it forbids too.
            0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => ("", 3),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(text.get(copied..i).unwrap_or(""));
        out.push_str(replacement);
        i += len;
        copied = i;
    }
    out.push_str(text.get(copied..).unwrap_or(""));
}

/// The bytes [`escape_into`] may replace or drop: the C0 controls, `&`,
/// `<`, `>`, `"`, and the lead byte of U+FFFE and U+FFFF.
static MAY_ESCAPE: [bool; 256] = {
    let mut table = byte_set(b"&<>\"\xef");
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table
};

/// `text` escaped for element content.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_text_into(&mut out, text);
    out
}

impl Markup {
    pub fn new() -> Markup {
        Markup::default()
    }

    /// A writer with room for `bytes` bytes, for a page that is known to
    /// hold a long rendered body (growing to it would copy it, and again).
    pub fn with_capacity(bytes: usize) -> Markup {
        Markup {
            out: String::with_capacity(bytes),
            ..Markup::default()
        }
    }

    /// A writer that also notes the ids and links it writes
    /// ([`Markup::finish_recorded`]).
    pub fn recording() -> Markup {
        Markup {
            record: Some(Recording::default()),
            ..Markup::default()
        }
    }

    /// A start tag, `>` or (`empty`) `/>` included.
    fn start_tag(&mut self, tag: &'static str, attrs: &[(&str, &str)], empty: bool) {
        let start = self.out.len();
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            escape_attr_into(&mut self.out, value);
            self.out.push('"');
        }
        self.out.push_str(if empty { "/>" } else { ">" });
        if let Some(record) = &mut self.record {
            record.start_tag(&self.out, start, tag, attrs);
        }
    }

    /// Open an element; attributes are written in the order given.
    pub fn open(&mut self, tag: &'static str, attrs: &[(&str, &str)]) {
        self.start_tag(tag, attrs, false);
        self.open.push(tag);
    }

    /// Close the innermost open element (which must be `tag`; a mismatch
    /// is a bug in the caller, caught in debug builds).
    pub fn close(&mut self, tag: &'static str) {
        let top = self.open.pop();
        debug_assert_eq!(top, Some(tag), "unbalanced markup");
        self.out.push_str("</");
        self.out.push_str(top.unwrap_or(tag));
        self.out.push('>');
    }

    /// A void element, self-closed (`<img .../>`).
    pub fn void(&mut self, tag: &'static str, attrs: &[(&str, &str)]) {
        self.start_tag(tag, attrs, true);
    }

    /// An element holding only text.
    pub fn element_text(&mut self, tag: &'static str, attrs: &[(&str, &str)], text: &str) {
        self.open(tag, attrs);
        self.text(text);
        self.close(tag);
    }

    /// Escaped text.
    pub fn text(&mut self, text: &str) {
        escape_text_into(&mut self.out, text);
    }

    /// Markup that is already well-formed (generated MathML, a nested
    /// render). Never pass document text here.
    pub fn trusted(&mut self, markup: &str) {
        let start = self.out.len();
        self.out.push_str(markup);
        // Generated MathML may hold ids (`\label`) and links (`\href`).
        if let Some(record) = &mut self.record
            && markup.contains('<')
        {
            record.read(&self.out, start);
        }
    }

    /// A newline, to keep block-level output readable in golden files.
    pub fn newline(&mut self) {
        if !self.out.ends_with('\n') && !self.out.is_empty() {
            self.out.push('\n');
        }
    }

    /// How many bytes have been written (to detect empty renders).
    pub fn len(&self) -> usize {
        self.out.len()
    }

    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    /// The markup, with any element still open closed, and what a
    /// recording writer noted in it (`None` when not recording): an
    /// error when a trusted fragment was not well-formed.
    pub fn finish_recorded(mut self) -> (String, Option<Result<Landmarks, MarkupError>>) {
        let record = self.record.take();
        let markup = self.finish();
        let found = record.map(|r| match r.error {
            Some(e) => Err(e),
            None => Ok(r.found),
        });
        (markup, found)
    }

    /// The markup, with any element still open closed.
    pub fn finish(mut self) -> String {
        while let Some(tag) = self.open.pop() {
            self.out.push_str("</");
            self.out.push_str(tag);
            self.out.push('>');
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_escapes_text_and_attributes() {
        let mut m = Markup::new();
        m.open("a", &[("href", "x?a=1&b=\"2\"")]);
        m.text("<&> \u{a0}\u{1}");
        m.close("a");
        m.void("br", &[]);
        assert_eq!(
            m.finish(),
            "<a href=\"x?a=1&amp;b=&quot;2&quot;\">&lt;&amp;&gt; \u{a0}</a><br/>"
        );
    }

    #[test]
    fn markup_records_what_a_reader_finds() {
        let mut m = Markup::recording();
        m.open("section", &[("id", "s"), ("class", "c"), ("id", "second")]);
        m.open("a", &[("class", "r"), ("href", "#x&y\"z"), ("href", "#no")]);
        m.text("a < b");
        m.close("a");
        m.void("a", &[("href", "rstconv-doc:other"), ("id", "v")]);
        // Values a reader does not read back as given: a tab (normalised
        // to a space), a newline (kept by a character reference), a
        // character XML forbids (dropped).
        m.open("span", &[("id", "t\tab")]);
        m.close("span");
        m.open("a", &[("href", "#n\nl\u{1}")]);
        m.close("a");
        // Links and ids inside trusted fragments (MathML) count too.
        m.trusted("<math><mtext><a href=\"https://e.org\">e</a></mtext><mtd id=\"eq\"/></math>");
        m.trusted("no markup");
        m.open("span", &[("class", "plain")]);
        m.close("span");
        let (markup, found) = m.finish_recorded();
        let found = found.expect("recording").expect("well-formed");
        assert_eq!(Ok(&found), scan(&markup).as_ref());
        assert_eq!(found.ids, ["s", "v", "t ab", "eq"]);
        let hrefs: Vec<&str> = found.links.iter().map(|l| l.href.as_str()).collect();
        assert_eq!(
            hrefs,
            ["#x&y\"z", "rstconv-doc:other", "#n\nl", "https://e.org"]
        );
    }

    #[test]
    fn markup_records_a_malformed_trusted_fragment() {
        let mut m = Markup::recording();
        m.open("p", &[]);
        m.trusted("<b><i></b>");
        m.close("p");
        let (_, found) = m.finish_recorded();
        assert!(found.expect("recording").is_err());
        assert!(Markup::new().finish_recorded().1.is_none());
    }

    /// The escapers as first written, char by char: the reference.
    fn escaped_char_by_char(text: &str, quoted: bool) -> String {
        let mut out = String::new();
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' if quoted => out.push_str("&quot;"),
                '\n' if quoted => out.push_str("&#10;"),
                c if is_xml_char(c) => out.push(c),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn markup_escapes_forbidden_and_special_characters() {
        let text = "a&b<c>\"d\"\te\nf\rg\u{0}h\u{1f}i\u{7f}j\u{fffe}k\u{ffff}l\u{fffd}m\u{f000}é✓";
        for quoted in [false, true] {
            let mut out = String::new();
            escape_into(&mut out, text, quoted);
            assert_eq!(out, escaped_char_by_char(text, quoted));
        }
        assert_eq!(escape_text("\u{ffff}\u{efbf}x"), "\u{efbf}x");
    }

    proptest::proptest! {
        #[test]
        fn markup_escapers_match_the_char_by_char_reference(text in "\\PC*|[\\x00-\\x7f\u{fff0}-\u{ffff}]*") {
            for quoted in [false, true] {
                let mut out = String::new();
                escape_into(&mut out, &text, quoted);
                proptest::prop_assert_eq!(out, escaped_char_by_char(&text, quoted));
            }
        }
    }

    #[test]
    fn markup_finish_closes_open_elements() {
        let mut m = Markup::new();
        m.open("div", &[]);
        m.open("p", &[]);
        assert_eq!(m.finish(), "<div><p></p></div>");
    }
}
