//! Navigation: the EPUB 3 navigation document (EPUB 3.3 §7, a `toc` nav
//! nested by lesson and section, and `landmarks`) and the NCX that EPUB 2
//! reading systems read instead (OPF 2.0.1 §2.4.1).

use std::collections::BTreeMap;

use super::xhtml::{Page, close_page, open_page};
use super::xml::XmlOut;

/// One entry of the table of contents.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct NavPoint {
    pub label: String,
    /// Relative to the package document (the content documents' folder).
    pub href: String,
    pub children: Vec<NavPoint>,
}

/// A landmark: `epub:type` (`cover`, `toc`, `bodymatter`), label, href.
pub(super) type Landmark<'a> = (&'a str, &'a str, String);

/// Labels of the navigation document.
pub(super) struct NavLabels<'a> {
    pub contents: &'a str,
    pub landmarks: &'a str,
}

fn write_points(out: &mut XmlOut, points: &[NavPoint], level: usize) {
    out.open("ol", &[]);
    out.newline();
    for point in points {
        out.trusted(&"  ".repeat(level));
        out.open("li", &[]);
        out.element("a", &[("href", &point.href)], &point.label);
        if !point.children.is_empty() {
            out.newline();
            write_points(out, &point.children, level + 1);
        }
        out.close("li");
        out.newline();
    }
    out.close("ol");
    out.newline();
}

/// The navigation document (`nav.xhtml`).
pub(super) fn nav_document(
    page: &Page,
    labels: &NavLabels,
    toc: &[NavPoint],
    landmarks: &[Landmark],
) -> Vec<u8> {
    let mut out = XmlOut::new();
    open_page(&mut out, page);
    out.open(
        "nav",
        &[("epub:type", "toc"), ("id", "toc"), ("role", "doc-toc")],
    );
    out.newline();
    out.element("h1", &[], labels.contents);
    out.newline();
    write_points(&mut out, toc, 0);
    out.close("nav");
    out.newline();
    if !landmarks.is_empty() {
        out.open(
            "nav",
            &[
                ("epub:type", "landmarks"),
                ("id", "landmarks"),
                ("hidden", "hidden"),
            ],
        );
        out.newline();
        out.element("h2", &[], labels.landmarks);
        out.newline();
        out.open("ol", &[]);
        out.newline();
        for (epub_type, label, href) in landmarks {
            out.open("li", &[]);
            out.element("a", &[("epub:type", epub_type), ("href", href)], label);
            out.close("li");
            out.newline();
        }
        out.close("ol");
        out.newline();
        out.close("nav");
    }
    close_page(&mut out);
    out.finish()
}

fn depth(points: &[NavPoint]) -> usize {
    points
        .iter()
        .map(|p| 1 + depth(&p.children))
        .max()
        .unwrap_or(0)
}

/// Numbers entries by target in reading order: entries with the same
/// target share a `playOrder`, as the NCX rules require.
struct PlayOrder {
    by_href: BTreeMap<String, usize>,
}

impl PlayOrder {
    fn of(&mut self, href: &str) -> usize {
        let next = self.by_href.len() + 1;
        *self.by_href.entry(href.to_string()).or_insert(next)
    }
}

fn write_nav_points(
    out: &mut XmlOut,
    points: &[NavPoint],
    order: &mut PlayOrder,
    count: &mut usize,
) {
    for point in points {
        *count += 1;
        let id = format!("navpoint-{count}");
        let play = order.of(&point.href).to_string();
        out.open("navPoint", &[("id", &id), ("playOrder", &play)]);
        out.open("navLabel", &[]);
        out.element("text", &[], &point.label);
        out.close("navLabel");
        out.empty("content", &[("src", &point.href)]);
        out.newline();
        write_nav_points(out, &point.children, order, count);
        out.close("navPoint");
        out.newline();
    }
}

/// The NCX (`toc.ncx`) for EPUB 2 reading systems.
pub(super) fn ncx(identifier: &str, title: &str, lang: &str, toc: &[NavPoint]) -> Vec<u8> {
    let mut out = XmlOut::new();
    out.open(
        "ncx",
        &[
            ("xmlns", "http://www.daisy.org/z3986/2005/ncx/"),
            ("version", "2005-1"),
            ("xml:lang", lang),
        ],
    );
    out.newline();
    out.open("head", &[]);
    out.newline();
    let depth = depth(toc).max(1).to_string();
    for (name, content) in [
        ("dtb:uid", identifier),
        ("dtb:depth", &depth),
        ("dtb:totalPageCount", "0"),
        ("dtb:maxPageNumber", "0"),
    ] {
        out.empty("meta", &[("name", name), ("content", content)]);
        out.newline();
    }
    out.close("head");
    out.newline();
    out.open("docTitle", &[]);
    out.element("text", &[], title);
    out.close("docTitle");
    out.newline();
    out.open("navMap", &[]);
    out.newline();
    let mut order = PlayOrder {
        by_href: BTreeMap::new(),
    };
    write_nav_points(&mut out, toc, &mut order, &mut 0);
    out.close("navMap");
    out.newline();
    out.close("ncx");
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toc() -> Vec<NavPoint> {
        vec![
            NavPoint {
                label: "One".into(),
                href: "chapter-1.xhtml".into(),
                children: vec![NavPoint {
                    label: "One & a half".into(),
                    href: "chapter-1.xhtml#half".into(),
                    children: vec![],
                }],
            },
            NavPoint {
                label: "Two".into(),
                href: "chapter-2.xhtml".into(),
                children: vec![],
            },
        ]
    }

    #[test]
    fn epub_nav_document_nests_entries() {
        let page = Page {
            title: "Book",
            lang: "en",
            stylesheet: "css/book.css",
            body_class: "",
        };
        let labels = NavLabels {
            contents: "Contents",
            landmarks: "Landmarks",
        };
        let marks = [("toc", "Contents", "nav.xhtml#toc".to_string())];
        let text = String::from_utf8(nav_document(&page, &labels, &toc(), &marks)).expect("utf-8");
        assert!(text.contains("<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\">"));
        assert!(text.contains(
            "<li><a href=\"chapter-1.xhtml\">One</a>\n<ol>\n  <li><a href=\"chapter-1.xhtml#half\">One &amp; a half</a></li>\n</ol>\n</li>"
        ), "{text}");
        assert!(text.contains("<a epub:type=\"toc\" href=\"nav.xhtml#toc\">Contents</a>"));
    }

    #[test]
    fn epub_ncx_has_uid_depth_and_play_order() {
        let text = String::from_utf8(ncx("urn:uuid:x", "Book", "en", &toc())).expect("utf-8");
        assert!(text.contains("<meta name=\"dtb:uid\" content=\"urn:uuid:x\"/>"));
        assert!(text.contains("<meta name=\"dtb:depth\" content=\"2\"/>"));
        assert!(text.contains("<navPoint id=\"navpoint-3\" playOrder=\"3\">"));
    }
}
