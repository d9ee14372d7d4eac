//! The html writer (issue 5): a standalone HTML5 page per lesson, themed
//! from the YAML style, code highlighted and math typeset at build time,
//! no JavaScript and no network needed to read it.
//!
//! - [`body`]: THE body renderer (IR → polyglot markup), also used by the
//!   EPUB writer through [`body::render_body`] and [`body::BodyOptions`].
//! - [`code`]: highlighted code blocks; [`markup`]: the escaping writer.
//! - [`css`]: the theme generated from the style; [`page`]: the page
//!   template; [`images`]: images and downloads beside the page.
//!
//! A course pack becomes a site: one page per lesson with previous / up /
//! next links (each written by [`Writer::write`] with `BuildInfo::nav`),
//! and `index.html` from the course's index ([`Writer::write_book`]).

pub mod body;
pub mod code;
pub mod css;
pub mod images;
pub mod markup;
pub mod page;

use std::path::{Path, PathBuf};

use crate::course::{Course, CourseNav};
use crate::ir::Document;
use crate::style::{HtmlStyle, Style};
use crate::write::{Artifact, BuildInfo, Format, Resource, ResourceContent, Writer};

use body::{AssetKind, BodyOptions, MissingAlt, render_body};
use images::{AssetResolver, encode_path};
use page::{Page, Stylesheet, document_metas, render_page};

/// The file name of the linked stylesheet (`html.embed_css: false`).
pub const STYLESHEET_NAME: &str = "style.css";

/// Writes html output.
pub struct HtmlWriter;

/// The address of doc `target` (a doc name such as `part/lesson`) from the
/// page of doc `from`, with an optional fragment.
pub fn doc_href(from: &str, target: &str, fragment: Option<&str>) -> String {
    let depth = from.matches('/').count();
    let mut href = "../".repeat(depth);
    href.push_str(&encode_path(target));
    href.push_str(".html");
    if let Some(id) = fragment.filter(|f| !f.is_empty()) {
        href.push('#');
        href.push_str(id);
    }
    href
}

/// One page to write: the document, its doc name (for relative links) and
/// its place in a course.
struct PageJob<'a> {
    doc: &'a Document,
    docname: &'a str,
    stem: &'a str,
    nav: Option<&'a CourseNav>,
    /// Lessons to list after the body (a course index without a visible
    /// toctree).
    lessons: Vec<(String, String)>,
}

/// Render one page; returns the page, its resources (paths relative to the
/// folder the artefact is written to: `page_dir` is the page's folder in
/// it) and diagnostics.
fn write_page(
    job: &PageJob,
    style: &HtmlStyle,
    build: &BuildInfo,
    css: &str,
    page_dir: &Path,
) -> Artifact {
    let resolver = AssetResolver {
        source_dir: &build.source_dir,
        stem: job.stem,
        embed_images: style.embed_images,
    };
    let asset_href = |uri: &str, kind: AssetKind| resolver.href(uri, kind);
    let from = job.docname;
    let link_for_doc = |doc: &str, id: Option<&str>| doc_href(from, doc, id);
    let options = BodyOptions {
        admonitions: &style.admonitions,
        code: &style.code,
        link_for_doc: &link_for_doc,
        asset_href: &asset_href,
        footnotes_as_epub_asides: false,
        permalinks: style.permalinks,
        allow_raw_html: !build.safe,
        missing_alt: MissingAlt::Uri,
        record_landmarks: false,
    };
    let mut body = render_body(job.doc, &options);
    if !job.lessons.is_empty() {
        body.html.push_str(&lesson_list(&job.lessons, from));
    }
    let title = job
        .doc
        .title()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| job.stem.to_string());
    let depth = from.matches('/').count();
    let stylesheet = if style.embed_css {
        Stylesheet::Embedded(css)
    } else {
        Stylesheet::Linked(format!("{}{STYLESHEET_NAME}", "../".repeat(depth)))
    };
    let nav_href = |doc: &str| doc_href(from, doc, None);
    let page = Page {
        title: &title,
        lang: &style.language,
        stylesheet,
        metas: document_metas(job.doc),
        nav: job.nav.map(|n| (n, &nav_href as &dyn Fn(&str) -> String)),
        body: &body.html,
        dark_mode: style.dark_mode,
    };
    let html = render_page(&page);
    Artifact {
        bytes: html.into_bytes(),
        resources: resolver.resources(&body.assets, page_dir),
        diagnostics: body.diagnostics,
    }
}

/// A navigation list of lessons.
fn lesson_list(lessons: &[(String, String)], from: &str) -> String {
    let mut m = markup::Markup::new();
    m.open("nav", &[("class", "toctree"), ("aria-label", "Lessons")]);
    m.open("ul", &[("class", "course-lessons")]);
    for (doc, title) in lessons {
        let href = doc_href(from, doc, None);
        m.open("li", &[]);
        m.element_text("a", &[("href", &href)], title);
        m.close("li");
    }
    m.close("ul");
    m.close("nav");
    m.newline();
    m.finish()
}

/// The stylesheet resource, when CSS is linked rather than embedded.
fn stylesheet_resource(style: &HtmlStyle, css: &str) -> Option<Resource> {
    (!style.embed_css).then(|| Resource {
        path: PathBuf::from(STYLESHEET_NAME),
        content: ResourceContent::Bytes(css.as_bytes().to_vec()),
    })
}

impl Writer for HtmlWriter {
    fn format(&self) -> Format {
        Format::Html
    }

    fn write(&self, doc: &Document, style: &Style, build: &BuildInfo) -> Artifact {
        let style = &style.html;
        let css = css::theme(style);
        let docname = build
            .nav
            .map(|n| n.docname.as_str())
            .filter(|d| !d.is_empty())
            .unwrap_or(&build.output_stem);
        let job = PageJob {
            doc,
            docname,
            stem: &build.output_stem,
            nav: build.nav,
            lessons: Vec::new(),
        };
        // The page is written where the pipeline puts it; its resources
        // go beside it.
        let mut artifact = write_page(&job, style, build, &css, Path::new(""));
        if let Some(mut sheet) = stylesheet_resource(style, &css) {
            // One stylesheet at the site's root, where the link points.
            let up = "../".repeat(docname.matches('/').count());
            sheet.path = PathBuf::from(format!("{up}{STYLESHEET_NAME}"));
            artifact.resources.push(sheet);
        }
        artifact
    }

    /// The course site's `index.html` (the artefact), from the course's
    /// index document. Lesson pages are not part of it: the pipeline
    /// writes each lesson with [`Writer::write`] and `BuildInfo::nav` (so
    /// `make` rebuilds only the lesson that changed), and those pages link
    /// back here.
    fn write_book(&self, course: &Course, style: &Style, build: &BuildInfo) -> Artifact {
        let style = &style.html;
        let css = css::theme(style);
        let index_job = PageJob {
            doc: &course.index,
            docname: "index",
            stem: "index",
            nav: None,
            lessons: lesson_list_if_no_toctree(course),
        };
        let index_build = BuildInfo {
            source_dir: course.root.clone(),
            ..build.clone()
        };
        let mut artifact = write_page(&index_job, style, &index_build, &css, Path::new(""));
        if let Some(sheet) = stylesheet_resource(style, &css) {
            artifact.resources.push(sheet);
        }
        artifact
    }
}

/// The lessons for the index page when its toctree does not show them
/// (hidden, or none): (doc name, title) in course order.
fn lesson_list_if_no_toctree(course: &Course) -> Vec<(String, String)> {
    let mut visible_toctree = false;
    course.index.root.walk(&mut |e| {
        if e.kind == crate::ir::Kind::Toctree && !e.attrs.flag("hidden") {
            visible_toctree = true;
        }
    });
    if visible_toctree {
        return Vec::new();
    }
    course
        .lessons
        .iter()
        .map(|l| (l.docname.clone(), l.title.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_doc_href_is_relative() {
        assert_eq!(doc_href("a", "b", None), "b.html");
        assert_eq!(doc_href("part/a", "index", Some("x")), "../index.html#x");
        assert_eq!(doc_href("a", "b", Some("")), "b.html");
    }
}
