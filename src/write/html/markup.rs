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

/// Markup being built, with the open elements tracked so the result is
/// always balanced.
#[derive(Default)]
pub struct Markup {
    out: String,
    open: Vec<&'static str>,
}

/// Whether `c` may appear in an XML document (XML 1.0 §2.2 `Char`).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{fffe}' | '\u{ffff}'))
}

/// Append `text` escaped for element content.
pub fn escape_text_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// Append `value` escaped for a double-quoted attribute.
pub fn escape_attr_into(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // A literal newline in an attribute is normalised to a space by
            // XML parsers; keep it as a character reference.
            '\n' => out.push_str("&#10;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

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

    fn start_tag(&mut self, tag: &'static str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            escape_attr_into(&mut self.out, value);
            self.out.push('"');
        }
    }

    /// Open an element; attributes are written in the order given.
    pub fn open(&mut self, tag: &'static str, attrs: &[(&str, &str)]) {
        self.start_tag(tag, attrs);
        self.out.push('>');
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
        self.start_tag(tag, attrs);
        self.out.push_str("/>");
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
        self.out.push_str(markup);
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
    fn markup_finish_closes_open_elements() {
        let mut m = Markup::new();
        m.open("div", &[]);
        m.open("p", &[]);
        assert_eq!(m.finish(), "<div><p></p></div>");
    }
}
