//! A small XML writer over `quick-xml` for the package files (OPF, NCX,
//! navigation, cover, page wrappers): text and attribute values are always
//! escaped; only markup this writer's callers produced themselves (the
//! body renderer's output) goes in unescaped, through [`XmlOut::trusted`].

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// An XML document being written into memory.
pub(super) struct XmlOut {
    writer: Writer<Vec<u8>>,
}

impl XmlOut {
    /// A document starting with `<?xml version="1.0" encoding="UTF-8"?>`.
    pub(super) fn new() -> XmlOut {
        XmlOut::with_capacity(0)
    }

    /// [`XmlOut::new`] with room for `bytes` bytes (a content document
    /// holds its whole body: growing to it would copy it).
    pub(super) fn with_capacity(bytes: usize) -> XmlOut {
        let mut out = XmlOut {
            writer: Writer::new(Vec::with_capacity(bytes)),
        };
        out.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        out.newline();
        out
    }

    // Writing into a `Vec<u8>` cannot fail, so the io::Result of quick-xml
    // carries no information here.
    fn event(&mut self, event: Event) {
        let _ = self.writer.write_event(event);
    }

    /// `<!DOCTYPE html>` (XHTML content documents, EPUB 3.3 §6.1.2).
    pub(super) fn doctype_html(&mut self) {
        self.event(Event::DocType(BytesText::from_escaped("html")));
        self.newline();
    }

    /// A start tag with escaped attribute values.
    pub(super) fn open(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        let mut start = BytesStart::new(tag);
        for &(key, value) in attrs {
            start.push_attribute((key, value));
        }
        self.event(Event::Start(start));
    }

    pub(super) fn close(&mut self, tag: &str) {
        self.event(Event::End(BytesEnd::new(tag)));
    }

    /// A self-closed element (`<link ... />`).
    pub(super) fn empty(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        let mut start = BytesStart::new(tag);
        for &(key, value) in attrs {
            start.push_attribute((key, value));
        }
        self.event(Event::Empty(start));
    }

    /// Escaped text.
    pub(super) fn text(&mut self, text: &str) {
        self.event(Event::Text(BytesText::new(text)));
    }

    /// `<tag attrs>text</tag>`.
    pub(super) fn element(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(tag, attrs);
        self.text(text);
        self.close(tag);
    }

    /// Markup inserted as is: only for fragments this crate generated and
    /// that are well-formed by construction (the body renderer's output).
    pub(super) fn trusted(&mut self, markup: &str) {
        self.event(Event::Text(BytesText::from_escaped(markup)));
    }

    pub(super) fn newline(&mut self) {
        self.trusted("\n");
    }

    /// The finished document, ending with a newline.
    pub(super) fn finish(mut self) -> Vec<u8> {
        self.newline();
        self.writer.into_inner()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epub_xml_escapes_text_and_attributes() {
        let mut out = XmlOut::new();
        out.element("p", &[("title", "a \"b\" <c>")], "x < y & z");
        let text = String::from_utf8(out.finish()).expect("utf-8");
        assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
        assert!(
            text.contains("title=\"a &quot;b&quot; &lt;c&gt;\""),
            "{text}"
        );
        assert!(text.contains(">x &lt; y &amp; z</p>"), "{text}");
    }
}
