//! The seam between the EPUB writer and the body renderer: the one place
//! where a chapter's document becomes XHTML body markup.
//!
//! The EPUB content must come from the HTML writer's body renderer (issue
//! 7: "no second renderer"). Until that renderer is in the code base this
//! seam calls [`super::interim_body`], a minimal renderer kept only so the
//! whole EPUB path (packaging, links, navigation, EPUBCheck) works end to
//! end; swapping in `crate::write::html::body::render_body` changes this
//! file only.
//!
//! What the EPUB writer needs from a body renderer:
//! - polyglot markup (well-formed XML: escaped text, quoted attributes,
//!   self-closed void elements, no named entities);
//! - `link_for_doc` for `refdoc` references (other lessons of a course),
//!   `image_src` for image sources (`None`: missing, show a placeholder);
//! - footnotes as EPUB pop-up notes (`epub:type="noteref"` on references,
//!   `<aside epub:type="footnote">` for the notes);
//! - no raw HTML pass-through (unchecked markup could break the XHTML).
//!
//! Local links (`href="#id"`) may point into another chapter file once a
//! lesson is split: [`super::links`] rewrites them after rendering.

use crate::diag::Diagnostic;
use crate::ir::Document;
use crate::style::EpubStyle;

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

/// Render one chapter's document as XHTML body markup.
pub(super) fn render_chapter_body(doc: &Document, hooks: &ChapterHooks) -> RenderedBody {
    super::interim_body::render(doc, hooks)
}
