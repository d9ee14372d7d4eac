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
//! next links, and `index.html` (the artefact) from the course's index.

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

use body::{AssetKind, BodyOptions, render_body};
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
}

/// Render one page; returns the page and its resources (paths relative to
/// the output folder) and diagnostics.
fn write_page(job: &PageJob, style: &HtmlStyle, build: &BuildInfo, css: &str) -> Artifact {
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
    };
    let body = render_body(job.doc, &options);
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
    let page_dir = Path::new(from)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    Artifact {
        bytes: html.into_bytes(),
        resources: resolver.resources(&body.assets, &page_dir),
        diagnostics: body.diagnostics,
    }
}

/// The stylesheet resource, when CSS is linked rather than embedded.
fn stylesheet_resource(style: &HtmlStyle, css: &str) -> Option<Resource> {
    (!style.embed_css).then(|| Resource {
        path: PathBuf::from(STYLESHEET_NAME),
        content: ResourceContent::Bytes(css.as_bytes().to_vec()),
    })
}

/// Append resources, keeping the first of any two with the same path.
fn merge_resources(into: &mut Vec<Resource>, more: Vec<Resource>) {
    for r in more {
        if !into.iter().any(|existing| existing.path == r.path) {
            into.push(r);
        }
    }
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
            docname: Path::new(docname)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or(docname),
            stem: &build.output_stem,
            nav: build.nav,
        };
        let mut artifact = write_page(&job, style, build, &css);
        if let Some(sheet) = stylesheet_resource(style, &css) {
            artifact.resources.push(sheet);
        }
        artifact
    }

    /// The course as a site: `index.html` (the artefact) from the course's
    /// index document, and one page per lesson (`<docname>.html`) with
    /// previous / up / next navigation, as resources.
    fn write_book(&self, course: &Course, style: &Style, build: &BuildInfo) -> Artifact {
        let style = &style.html;
        let css = css::theme(style);
        let mut artifact = Artifact::default();
        let index_job = PageJob {
            doc: &course.index,
            docname: "index",
            stem: "index",
            nav: None,
        };
        let index_build = BuildInfo {
            source_dir: course.root.clone(),
            ..build.clone()
        };
        let index_page = write_page(&index_job, style, &index_build, &css);
        artifact.bytes = index_page.bytes;
        merge_resources(&mut artifact.resources, index_page.resources);
        artifact.diagnostics.extend(index_page.diagnostics);
        for (i, lesson) in course.lessons.iter().enumerate() {
            let nav = course.nav(i);
            let stem = Path::new(&lesson.docname)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or(&lesson.docname);
            let lesson_dir = Path::new(&lesson.docname)
                .parent()
                .map(|p| course.root.join(p))
                .unwrap_or_else(|| course.root.clone());
            let lesson_build = BuildInfo {
                source_dir: lesson_dir,
                output_stem: stem.to_string(),
                nav: Some(&nav),
                ..build.clone()
            };
            let job = PageJob {
                doc: &lesson.doc,
                docname: &lesson.docname,
                stem,
                nav: Some(&nav),
            };
            let page = write_page(&job, style, &lesson_build, &css);
            merge_resources(
                &mut artifact.resources,
                vec![Resource {
                    path: PathBuf::from(format!("{}.html", lesson.docname)),
                    content: ResourceContent::Bytes(page.bytes),
                }],
            );
            merge_resources(&mut artifact.resources, page.resources);
            artifact.diagnostics.extend(page.diagnostics);
        }
        if let Some(sheet) = stylesheet_resource(style, &css) {
            artifact.resources.push(sheet);
        }
        artifact
    }
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
