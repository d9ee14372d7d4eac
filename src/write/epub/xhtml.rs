//! XHTML content documents: the page around a chapter's body markup
//! (EPUB 3.3 §6.1 "XHTML content documents"): the XHTML namespace, the
//! `epub` namespace for `epub:type`, `lang` and `xml:lang` on the root, a
//! title, and the book's stylesheet.

use super::xml::XmlOut;

/// The XHTML namespace.
pub(super) const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";
/// The EPUB structural-semantics namespace (`epub:type`).
pub(super) const EPUB_NS: &str = "http://www.idpf.org/2007/ops";

/// What goes around a body.
pub(super) struct Page<'a> {
    pub title: &'a str,
    pub lang: &'a str,
    /// The stylesheet's path relative to this page.
    pub stylesheet: &'a str,
    /// A class on `<body>` (e.g. `cover`), or empty.
    pub body_class: &'a str,
}

/// Open `<html>` and write the `<head>`.
pub(super) fn open_page(out: &mut XmlOut, page: &Page) {
    out.doctype_html();
    out.open(
        "html",
        &[
            ("xmlns", XHTML_NS),
            ("xmlns:epub", EPUB_NS),
            ("lang", page.lang),
            ("xml:lang", page.lang),
        ],
    );
    out.newline();
    out.open("head", &[]);
    out.newline();
    out.element("title", &[], page.title);
    out.newline();
    out.empty(
        "link",
        &[
            ("rel", "stylesheet"),
            ("type", "text/css"),
            ("href", page.stylesheet),
        ],
    );
    out.newline();
    out.close("head");
    out.newline();
    if page.body_class.is_empty() {
        out.open("body", &[]);
    } else {
        out.open("body", &[("class", page.body_class)]);
    }
    out.newline();
}

/// Close `<body>` and `<html>`.
pub(super) fn close_page(out: &mut XmlOut) {
    out.newline();
    out.close("body");
    out.newline();
    out.close("html");
}

/// A complete content document around trusted body markup.
pub(super) fn content_document(page: &Page, body_markup: &str) -> Vec<u8> {
    // The head and the page's frame are well under a kilobyte.
    let mut out = XmlOut::with_capacity(body_markup.len() + 1024);
    open_page(&mut out, page);
    out.trusted(body_markup);
    close_page(&mut out);
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epub_page_declares_language_and_namespaces() {
        let page = Page {
            title: "A & B",
            lang: "fr",
            stylesheet: "css/book.css",
            body_class: "",
        };
        let text = String::from_utf8(content_document(&page, "<p>x</p>")).expect("utf-8");
        assert!(text.contains("<!DOCTYPE html>"));
        assert!(text.contains(
            "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"fr\" xml:lang=\"fr\">"
        ));
        assert!(text.contains("<title>A &amp; B</title>"));
        assert!(text.contains("<body>\n<p>x</p>\n</body>"));
    }
}
