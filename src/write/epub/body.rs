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
//! lesson is split: [`super::links`] rewrites them after rendering.

use crate::diag::Diagnostic;
use crate::style::EpubStyle;
use crate::write::html::body::{AssetKind, BodyOptions, MissingAlt, render_body_part};

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

/// A chapter's body markup and the problems found rendering it.
pub(super) struct RenderedBody {
    pub markup: String,
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
    };
    let body = render_body_part(chapter.doc, chapter.children(), chapter.root_ids, &options);
    RenderedBody {
        markup: body.html,
        diagnostics: body.diagnostics,
    }
}
