//! The page template: the HTML5 document around a rendered body (head with
//! title, metadata and the CSS theme; course navigation; the body in
//! `<main>`).

use crate::course::CourseNav;
use crate::ir::{Document, Kind};

use super::markup::Markup;

/// The id of the page's `<main>`. docutils' identifiers never hold `_`,
/// so no section or target of the document can take it.
pub const MAIN_ID: &str = "rstconv_main";

/// How a page gets its CSS.
pub enum Stylesheet<'a> {
    /// In a `<style>` element.
    Embedded(&'a str),
    /// A `<link>` to this address.
    Linked(String),
}

/// The address of a doc (by doc name) from the current page.
pub type DocHref<'a> = &'a dyn Fn(&str) -> String;

/// Everything around the body of one page.
pub struct Page<'a> {
    pub title: &'a str,
    pub lang: &'a str,
    pub stylesheet: Stylesheet<'a>,
    /// `<meta name content>` pairs (from `meta` directives).
    pub metas: Vec<(String, String)>,
    /// For a lesson of a course: its neighbours, and how to address a doc.
    pub nav: Option<(&'a CourseNav, DocHref<'a>)>,
    /// The rendered body.
    pub body: &'a str,
    /// The theme follows the reader's dark-mode preference.
    pub dark_mode: bool,
}

/// The `meta` directives of a document, in document order (only `name`
/// + `content`: `http-equiv` could change how the page is read).
pub fn document_metas(doc: &Document) -> Vec<(String, String)> {
    let mut metas = Vec::new();
    doc.root.walk(&mut |el| {
        if el.kind == Kind::Meta
            && let (Some(name), Some(content)) = (el.attrs.str("name"), el.attrs.str("content"))
        {
            metas.push((name.to_string(), content.to_string()));
        }
    });
    metas
}

/// Previous / up / next links.
fn write_nav(
    m: &mut Markup,
    nav: &CourseNav,
    href: &dyn Fn(&str) -> String,
    class: &str,
    label: &str,
) {
    m.newline();
    m.open("nav", &[("class", class), ("aria-label", label)]);
    m.open("span", &[("class", "nav-prev")]);
    if let Some((doc, title)) = &nav.prev {
        let h = href(doc);
        m.text("← ");
        m.element_text("a", &[("href", &h), ("rel", "prev")], title);
    }
    m.close("span");
    let index = href("index");
    m.element_text(
        "a",
        &[("class", "course-title"), ("href", &index)],
        &nav.course_title,
    );
    m.open("span", &[("class", "nav-next")]);
    if let Some((doc, title)) = &nav.next {
        let h = href(doc);
        m.element_text("a", &[("href", &h), ("rel", "next")], title);
        m.text(" →");
    }
    m.close("span");
    m.close("nav");
    m.newline();
}

/// The whole page.
pub fn render_page(page: &Page) -> String {
    let stylesheet_len = match &page.stylesheet {
        Stylesheet::Embedded(css) => css.len(),
        Stylesheet::Linked(_) => 0,
    };
    // The head, the navigation and the frame around the body take a few
    // kilobytes.
    let mut m = Markup::with_capacity(page.body.len() + stylesheet_len + 8192);
    m.trusted("<!DOCTYPE html>\n");
    let lang = if page.lang.is_empty() {
        "en"
    } else {
        page.lang
    };
    m.open("html", &[("lang", lang)]);
    m.newline();
    m.open("head", &[]);
    m.newline();
    m.void("meta", &[("charset", "utf-8")]);
    m.newline();
    m.void(
        "meta",
        &[
            ("name", "viewport"),
            ("content", "width=device-width, initial-scale=1"),
        ],
    );
    m.newline();
    m.void("meta", &[("name", "generator"), ("content", "rstconv")]);
    if page.dark_mode {
        // Lets the browser draw scroll bars and form controls to match.
        m.newline();
        m.void(
            "meta",
            &[("name", "color-scheme"), ("content", "light dark")],
        );
    }
    for (name, content) in &page.metas {
        m.newline();
        m.void("meta", &[("name", name), ("content", content)]);
    }
    m.newline();
    m.element_text("title", &[], page.title);
    m.newline();
    match &page.stylesheet {
        Stylesheet::Embedded(css) => {
            m.open("style", &[]);
            m.newline();
            // CSS text needs no escaping in HTML, but `</style` would end it.
            m.trusted(&css.replace("</", "<\\/"));
            m.close("style");
        }
        Stylesheet::Linked(href) => m.void("link", &[("rel", "stylesheet"), ("href", href)]),
    }
    m.newline();
    m.close("head");
    m.newline();
    m.open("body", &[]);
    m.newline();
    m.element_text(
        "a",
        &[("class", "skip-link"), ("href", "#content")],
        "Skip to content",
    );
    if let Some((nav, href)) = &page.nav {
        write_nav(&mut m, nav, *href, "site-nav", "Course");
    }
    m.newline();
    m.open("main", &[("id", MAIN_ID), ("class", "document")]);
    m.newline();
    m.trusted(page.body);
    m.newline();
    m.close("main");
    if let Some((nav, href)) = &page.nav {
        write_nav(&mut m, nav, *href, "page-nav", "Previous and next lessons");
    }
    m.newline();
    m.close("body");
    m.newline();
    m.close("html");
    m.newline();
    m.finish()
}
