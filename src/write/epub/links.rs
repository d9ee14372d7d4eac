//! Links across content documents.
//!
//! The body renderer writes local links as `href="#id"` and links to other
//! lessons through a private address ([`doc_link`]). Once a lesson is cut
//! into several XHTML files, and lessons are chapters of one book, each
//! such link must name the file that holds its target
//! (`chapter-3.xhtml#id`), and a link whose target is not in the book must
//! lose its `href` (EPUBCheck reports dangling fragments, RSC-012).
//!
//! Both jobs work from what the body renderer noted as it wrote each
//! chapter ([`Landmarks`]: the ids the markup defines and its `<a href>`
//! tags with their byte ranges): [`index_ids`] lists where each id is,
//! [`rewrite_links`] changes only the start tags of `<a>` elements whose
//! `href` moves, copying every other byte as it was.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use quick_xml::events::BytesStart;

use crate::diag::{Diagnostic, FileId, Severity};
use crate::fast_hash::HashMap;
use crate::ir::{Node, Span};

use crate::write::html::markup::{Landmarks, LinkTag, MarkupError};

use super::body::RenderedBody;
use super::book::{BookSource, Chapter};

/// The private scheme of links to other documents of a course.
pub(super) const DOC_LINK_SCHEME: &str = "rstconv-doc:";

/// The private address of `docname` (and of `id` in it).
pub(super) fn doc_link(docname: &str, id: Option<&str>) -> String {
    match id.filter(|i| !i.is_empty()) {
        Some(id) => [DOC_LINK_SCHEME, docname, "#", id].concat(),
        None => [DOC_LINK_SCHEME, docname].concat(),
    }
}

/// What a link becomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum LinkFix {
    /// Leave as written.
    Keep,
    /// Point here instead.
    Replace(String),
    /// Remove the `href`: the target is not in the book.
    Drop,
}

/// `markup` with the `href` of every link of `links` (its [`Landmarks`])
/// passed through `fix`; every other byte is copied as it was. Only the
/// `href` attribute of a changed tag is touched: its value replaced
/// (escaped as quick-xml escapes attribute values), or the attribute
/// removed with the space before it.
pub(super) fn rewrite_links(
    markup: &str,
    links: &[LinkTag],
    fix: &mut dyn FnMut(&str) -> LinkFix,
) -> String {
    // A rewritten href is mostly longer (`#id` becomes
    // `chapter-12.xhtml#id`): room for that, or the copy would grow (and
    // be copied again) near its end.
    let mut out = String::with_capacity(markup.len() + links.len() * 24);
    let mut copied_to = 0usize;
    for site in links {
        let new_href = match fix(&site.href) {
            LinkFix::Keep => continue,
            LinkFix::Replace(h) => Some(h),
            LinkFix::Drop => None,
        };
        let Some((attribute, value)) = markup
            .get(site.tag.clone())
            .and_then(href_ranges)
            .map(|(a, v)| (shifted(a, site.tag.start), shifted(v, site.tag.start)))
        else {
            continue;
        };
        let (cut, insert) = match &new_href {
            Some(h) => (value, quick_xml::escape::escape(h.as_str())),
            None => (attribute, Cow::Borrowed("")),
        };
        let Some(prefix) = markup.get(copied_to..cut.start) else {
            continue;
        };
        out.push_str(prefix);
        out.push_str(&insert);
        copied_to = cut.end;
    }
    if let Some(rest) = markup.get(copied_to..) {
        out.push_str(rest);
    }
    out
}

fn shifted(range: Range<usize>, by: usize) -> Range<usize> {
    range.start + by..range.end + by
}

/// In a start tag (`<a ...>`), where its first `href` attribute is: the
/// whole attribute with the white space before it, and its value between
/// the quotes, as byte ranges into `tag`.
fn href_ranges(tag: &str) -> Option<(Range<usize>, Range<usize>)> {
    let content = tag.get(1..)?;
    let start = BytesStart::from_content(content, 1);
    let attr = start
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == "href")?;
    // Both are slices of `content`: their offsets are where they sit.
    let offset = |text: &str| (text.as_ptr() as usize).checked_sub(content.as_ptr() as usize);
    let key = offset(attr.key.as_ref())? + 1;
    let Cow::Borrowed(value) = &attr.value else {
        return None;
    };
    let value_start = offset(value)? + 1;
    let value = value_start..value_start + value.len();
    let before = tag.get(..key)?;
    let attribute_start = before.trim_end().len();
    // The closing quote ends the attribute.
    Some((attribute_start..value.end + 1, value))
}

/// Where each id of each part is: the chapter holding its first
/// definition.
#[derive(Clone, Debug, Default)]
pub(super) struct IdIndex {
    /// Per part: id → chapter index.
    parts: Vec<HashMap<String, usize>>,
}

impl IdIndex {
    /// The chapter of `id` in `part`.
    pub(super) fn get(&self, part: usize, id: &str) -> Option<usize> {
        self.parts.get(part)?.get(id).copied()
    }

    /// Record `id` of `part` in `chapter`, unless an earlier chapter
    /// defines it.
    fn insert_first(&mut self, part: usize, id: String, chapter: usize) {
        if self.parts.len() <= part {
            self.parts.resize_with(part + 1, HashMap::default);
        }
        if let Some(ids) = self.parts.get_mut(part) {
            ids.entry(id).or_insert(chapter);
        }
    }
}

/// A chapter whose markup is not well-formed (a body renderer bug).
fn markup_diagnostic(chapter: &Chapter, e: &MarkupError) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "epub-markup",
        chapter.doc.sources.name(FileId(0)),
        0,
        0,
        format!("{}: {e}", chapter.file),
    )
}

/// Each chapter's markup with the ids and links the renderer noted in it;
/// a chapter whose markup is not well-formed (a body renderer bug) is
/// reported and keeps its links as written.
pub(super) fn landmarks(
    chapters: &[Chapter],
    rendered: Vec<RenderedBody>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<String>, Vec<Landmarks>) {
    chapters
        .iter()
        .zip(rendered)
        .map(|(chapter, body)| {
            let found = body.landmarks.unwrap_or_else(|e| {
                diagnostics.push(markup_diagnostic(chapter, &e));
                Landmarks::default()
            });
            (body.markup, found)
        })
        .unzip()
}

/// The ids each chapter's markup defines, moved out of `found` (only its
/// links are needed after).
pub(super) fn index_ids(chapters: &[Chapter], found: &mut [Landmarks]) -> IdIndex {
    let mut ids = IdIndex::default();
    for (ci, (chapter, landmarks)) in chapters.iter().zip(found).enumerate() {
        for id in std::mem::take(&mut landmarks.ids) {
            ids.insert_first(chapter.part, id, ci);
        }
    }
    ids
}

/// Everything needed to say where a link goes.
pub(super) struct LinkTargets<'a> {
    chapters: &'a [Chapter<'a>],
    ids: &'a IdIndex,
    first_chapters: &'a [Option<usize>],
    part_by_name: BTreeMap<&'a str, usize>,
}

impl<'a> LinkTargets<'a> {
    pub(super) fn new(
        book: &'a BookSource,
        chapters: &'a [Chapter<'a>],
        ids: &'a IdIndex,
        first_chapters: &'a [Option<usize>],
    ) -> LinkTargets<'a> {
        LinkTargets {
            chapters,
            ids,
            first_chapters,
            part_by_name: book
                .parts
                .iter()
                .enumerate()
                .map(|(i, p)| (p.docname.as_str(), i))
                .collect(),
        }
    }

    /// `#id` as seen from chapter `from`, the id being in chapter `target`.
    fn href(&self, from: usize, target: usize, id: &str) -> String {
        match self.chapters.get(target) {
            Some(chapter) if target != from => [chapter.file.as_str(), "#", id].concat(),
            _ => ["#", id].concat(),
        }
    }

    /// What `href`, found in chapter `from`, becomes; a local link whose
    /// target is nowhere in its lesson goes to `dangling`.
    fn fix(&self, from: usize, href: &str, dangling: &mut Vec<String>) -> LinkFix {
        let Some(part) = self.chapters.get(from).map(|c| c.part) else {
            return LinkFix::Keep;
        };
        if let Some(id) = href.strip_prefix('#') {
            return match self.ids.get(part, id) {
                Some(target) if target == from => LinkFix::Keep,
                Some(target) => LinkFix::Replace(self.href(from, target, id)),
                None => {
                    // `#` alone is a reference the resolver left unresolved
                    // (and reported); it only loses its link here.
                    if !id.is_empty() {
                        dangling.push(id.to_string());
                    }
                    LinkFix::Drop
                }
            };
        }
        let Some(rest) = href.strip_prefix(DOC_LINK_SCHEME) else {
            return LinkFix::Keep;
        };
        let (docname, id) = match rest.split_once('#') {
            Some((d, i)) => (d, Some(i)),
            None => (rest, None),
        };
        // A lesson outside this book (a single lesson's EPUB linking to its
        // course): the text stays, unlinked.
        let Some(&target_part) = self.part_by_name.get(docname) else {
            return LinkFix::Drop;
        };
        if let Some(id) = id
            && let Some(target) = self.ids.get(target_part, id)
        {
            return LinkFix::Replace(self.href(from, target, id));
        }
        match self
            .first_chapters
            .get(target_part)
            .copied()
            .flatten()
            .and_then(|c| self.chapters.get(c))
        {
            Some(first) => LinkFix::Replace(first.file.clone()),
            None => LinkFix::Drop,
        }
    }
}

/// Where links come from in a chapter: each id that an element's `refid`
/// (or `backrefs`) names → the first such element's span.
fn link_sources(chapter: &Chapter) -> BTreeMap<String, Span> {
    let mut sources = BTreeMap::new();
    for el in chapter.children().iter().filter_map(Node::as_element) {
        el.walk(&mut |e| {
            let refid = e.attrs.str("refid").into_iter();
            for id in refid.chain(e.attrs.list("backrefs").iter().map(String::as_str)) {
                sources.entry(id.to_string()).or_insert(e.span);
            }
        });
    }
    sources
}

/// Every chapter's markup with its links pointed at the right files; links
/// with no target lose their `href`, with a warning at their source.
pub(super) fn link_chapters(
    chapters: &[Chapter],
    bodies: &[String],
    scanned: &[Landmarks],
    targets: &LinkTargets,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut linked = Vec::with_capacity(bodies.len());
    for (ci, ((chapter, markup), found)) in chapters.iter().zip(bodies).zip(scanned).enumerate() {
        let mut dangling = Vec::new();
        linked.push(rewrite_links(markup, &found.links, &mut |href| {
            targets.fix(ci, href, &mut dangling)
        }));
        if dangling.is_empty() {
            continue;
        }
        dangling.sort();
        dangling.dedup();
        let sources = link_sources(chapter);
        for id in dangling {
            let span = sources.get(&id).copied().unwrap_or(chapter.doc.root.span);
            diagnostics.push(Diagnostic::new(
                Severity::Warning,
                "epub-dangling-link",
                chapter.doc.sources.name(span.file),
                span.line,
                span.col,
                format!("link to \"#{id}\" has no target in the book: it is shown unlinked"),
            ));
        }
    }
    linked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::html::markup::scan;

    #[test]
    fn epub_links_scan_finds_ids_and_links() {
        let found =
            scan("<section id=\"a\"><p>x<span id=\"b\"/><a href=\"#a&amp;b\">l</a></p></section>")
                .expect("ok");
        assert_eq!(found.ids, ["a", "b"]);
        assert_eq!(found.links.len(), 1);
        assert_eq!(found.links[0].href, "#a&b");
        assert!(scan("<p><em></p>").is_err());
    }

    #[test]
    fn epub_links_rewrites_only_changed_hrefs() {
        let markup = "<p class=\"x\">a &amp; <a class=\"r\" href=\"#far\" title=\"&quot;t&quot;\">far</a> \
                      <a href=\"#near\">near</a> <a href=\"rstconv-doc:other\"/></p>";
        let found = scan(markup).expect("ok");
        let out = rewrite_links(markup, &found.links, &mut |href| match href {
            "#far" => LinkFix::Replace("chapter-2.xhtml#far".into()),
            "#near" => LinkFix::Keep,
            _ => LinkFix::Drop,
        });
        assert_eq!(
            out,
            "<p class=\"x\">a &amp; <a class=\"r\" href=\"chapter-2.xhtml#far\" title=\"&quot;t&quot;\">far</a> \
             <a href=\"#near\">near</a> <a/></p>"
        );
    }

    #[test]
    fn epub_links_rewrite_escapes_new_hrefs_and_keeps_other_attributes() {
        let markup = "<p><a id=\"i\" data-href=\"#d\" href=\"#x\" class=\"c\">x</a>\
                      <a\thref=\"#y\"/></p>";
        let found = scan(markup).expect("ok");
        let out = rewrite_links(markup, &found.links, &mut |href| match href {
            "#x" => LinkFix::Replace("ch'2.xhtml#x&\"".into()),
            _ => LinkFix::Drop,
        });
        assert_eq!(
            out,
            "<p><a id=\"i\" data-href=\"#d\" href=\"ch&apos;2.xhtml#x&amp;&quot;\" class=\"c\">x</a><a/></p>"
        );
        assert!(scan(&out).is_ok());
    }

    #[test]
    fn epub_links_index_keeps_first_chapter_of_an_id() {
        let mut index = IdIndex::default();
        index.insert_first(1, "x".into(), 3);
        index.insert_first(1, "x".into(), 5);
        assert_eq!(index.get(1, "x"), Some(3));
        assert_eq!(index.get(0, "x"), None);
        assert_eq!(index.get(7, "x"), None);
    }
}
