//! The seam between the EPUB writer and the body renderer: the one place
//! where a chapter's document becomes XHTML body markup.
//!
//! The content comes from the HTML writer's body renderer (issue 7: "no
//! second renderer"), [`crate::write::html::body::render_body`], set up for
//! XHTML: footnotes as EPUB pop-up notes (`epub:type="noteref"` /
//! `<aside epub:type="footnote">`), no permalinks (noise on an e-reader),
//! no raw HTML (unchecked markup could break the XHTML), cross-document
//! links through the private address of [`super::links`], images from the
//! package and downloads unlinked (an EPUB can only link to content
//! documents in its spine, EPUBCheck RSC-011).
//!
//! Local links (`href="#id"`) may point into another chapter file once a
//! lesson is split: [`super::links`] rewrites them after rendering, from
//! the ids and links the renderer noted as it wrote them.

use crate::diag::Diagnostic;
use crate::style::EpubStyle;
use crate::write::html::body::{AssetKind, BodyOptions, MissingAlt, render_body_part};
use crate::write::html::markup::{Landmarks, MarkupError};

use super::book::Chapter;

/// What differs per book and per lesson when rendering a chapter.
pub(super) struct ChapterHooks<'a> {
    pub style: &'a EpubStyle,
    /// The address of doc `refdoc` (and of `refid` in it).
    pub link_for_doc: &'a dyn Fn(&str, Option<&str>) -> String,
    /// The package path of an image (`uri` as written in the source), or
    /// `None` when it cannot be packaged (missing, remote, unsupported).
    pub image_src: &'a dyn Fn(&str) -> Option<String>,
}

/// A chapter's body markup, its ids and links, and the problems found
/// rendering it.
pub(super) struct RenderedBody {
    pub markup: String,
    /// An error when a fragment the renderer trusted (MathML) was not
    /// well-formed.
    pub landmarks: Result<Landmarks, MarkupError>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Render one chapter as XHTML body markup.
pub(super) fn render_chapter_body(chapter: &Chapter, hooks: &ChapterHooks) -> RenderedBody {
    let asset_href = |uri: &str, kind: AssetKind| match kind {
        AssetKind::Image => (hooks.image_src)(uri),
        AssetKind::Download => None,
    };
    let options = BodyOptions {
        admonitions: &hooks.style.admonitions,
        code: &hooks.style.code,
        link_for_doc: hooks.link_for_doc,
        asset_href: &asset_href,
        footnotes_as_epub_asides: true,
        permalinks: false,
        allow_raw_html: false,
        missing_alt: MissingAlt::CaptionOrFileName,
        record_landmarks: true,
    };
    let body = render_body_part(chapter.doc, chapter.children(), chapter.root_ids, &options);
    RenderedBody {
        markup: body.html,
        landmarks: body.landmarks.unwrap_or_else(|| Ok(Landmarks::default())),
        diagnostics: body.diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::read::ReadOptions;
    use crate::resolve::{ResolveOptions, resolve};
    use crate::style::{EpubSplit, Style};
    use crate::write::html::markup::scan;
    use crate::write::{BuildInfo, Format};

    use super::super::book::{BookSource, plan_chapters};
    use super::super::links::doc_link;

    /// Cross references of every kind, and MathML holding a link.
    const LINKS: &str = "\
Links
=====

.. _start:

See `Section Two`_, start_, [#note]_, [CIT2024]_, :math:`\\href{https://example.org}{x}`
and `a page <https://example.org/a?b=1&c=2>`_.

Section Two
-----------

Back to start_ and `Links`_.

.. [#note] A note pointing at `Section Two`_.
.. [CIT2024] A citation.

.. math:: e^{i\\pi} + 1 = 0
   :label: euler

Equation :eq:`euler`.
";

    /// What the renderer notes as it writes a chapter is what reading the
    /// chapter's markup with an XML parser finds.
    #[test]
    fn epub_recorded_landmarks_match_a_reading_of_the_markup() {
        let lessons = [
            include_str!("../../../fixtures/course/parallel-loops.rst"),
            include_str!("../../../fixtures/lessons/seed-lesson.rst"),
            LINKS,
        ];
        let style = Style::defaults();
        let link_for_doc = |doc: &str, id: Option<&str>| doc_link(doc, id);
        let image_src = |uri: &str| Some(format!("images/{uri}"));
        let hooks = ChapterHooks {
            style: &style.epub,
            link_for_doc: &link_for_doc,
            image_src: &image_src,
        };
        let mut links = 0;
        for text in lessons {
            let parsed = crate::parse(text, &ReadOptions::named("lesson.rst"));
            let doc = resolve(parsed, &ResolveOptions::default()).document;
            let build = BuildInfo::single(Format::Epub, "lesson", Path::new("."));
            let book = BookSource::from_lesson(&doc, &build);
            for chapter in plan_chapters(&book, EpubSplit::Section) {
                let body = render_chapter_body(&chapter, &hooks);
                let read = scan(&body.markup);
                assert_eq!(body.landmarks, read, "{}", body.markup);
                links += read.map_or(0, |found| found.links.len());
            }
        }
        assert!(links > 10, "only {links} links rendered");
    }
}
