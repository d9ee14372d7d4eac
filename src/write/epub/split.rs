//! Cutting a lesson into chapters, and the sections the navigation lists.
//!
//! With `split: section` a lesson becomes one chapter for what precedes
//! its first section (title, docinfo, introduction) and one per top-level
//! section; with `split: lesson`, one chapter. A chapter is a run of the
//! lesson root's children, borrowed: the body renderer renders the run
//! with the lesson's source map (diagnostics keep their file and line),
//! and nothing is copied.

use std::ops::Range;

use crate::ir::{Document, Element, Kind, Node};
use crate::style::EpubSplit;

use super::metadata::normalize_space;

/// One chapter: a run of the lesson root's children, whether it shows the
/// root's ids, and whether it is a lesson's front matter (what precedes
/// the first section) rather than a section. Chapters borrow the lesson's
/// tree: nothing is copied to cut it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct ChapterRange {
    /// Indices into the root's children.
    pub children: Range<usize>,
    /// The root's ids are anchored at the chapter's start (the lesson's
    /// first chapter, where links to the lesson itself land).
    pub root_ids: bool,
    pub front: bool,
}

/// Whether a root child shows anything by itself (a front chapter made only
/// of targets and comments is merged into the next chapter instead).
fn is_visible(node: &Node) -> bool {
    match node {
        Node::Text(t) => !t.text.trim().is_empty(),
        Node::Element(e) => !matches!(
            e.kind,
            Kind::Target
                | Kind::Comment
                | Kind::SubstitutionDefinition
                | Kind::Pending
                | Kind::Meta
                | Kind::Index
                | Kind::Decoration
                | Kind::Raw
        ),
    }
}

/// Cut `doc` into chapters. Each top-level section starts a chapter that
/// runs to the next one, so every chapter is a contiguous run of the
/// root's children.
pub(super) fn split_document(doc: &Document, split: EpubSplit) -> Vec<ChapterRange> {
    let children = &doc.root.children;
    let sections: Vec<usize> = children
        .iter()
        .enumerate()
        .filter(|(_, n)| n.is_kind(Kind::Section))
        .map(|(i, _)| i)
        .collect();
    let Some(&first_section) = sections.first().filter(|_| split != EpubSplit::Lesson) else {
        return vec![ChapterRange {
            children: 0..children.len(),
            root_ids: true,
            front: true,
        }];
    };
    let front = children.get(..first_section).unwrap_or(&[]);
    let front_visible = front.iter().any(is_visible);
    let mut chapters = Vec::with_capacity(sections.len() + 1);
    if front_visible {
        chapters.push(ChapterRange {
            children: 0..first_section,
            root_ids: true,
            front: true,
        });
    }
    for (i, &start) in sections.iter().enumerate() {
        let end = sections.get(i + 1).copied().unwrap_or(children.len());
        // Invisible front matter (targets) goes with the first section so
        // links to it still land.
        let first = i == 0 && !front_visible;
        chapters.push(ChapterRange {
            children: if first { 0..end } else { start..end },
            root_ids: first,
            front: false,
        });
    }
    chapters
}

/// One entry of the navigation: a heading and the sections below it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct SectionEntry {
    pub title: String,
    /// The section's first id (its anchor).
    pub id: Option<String>,
    pub children: Vec<SectionEntry>,
}

/// The sections directly below `el`, with their own sections, `depth`
/// levels deep.
pub(super) fn section_tree(el: &Element, depth: usize) -> Vec<SectionEntry> {
    if depth == 0 {
        return Vec::new();
    }
    el.child_elements()
        .filter(|c| c.kind == Kind::Section)
        .map(|section| {
            let title = section
                .first_child(Kind::Title)
                .map(|t| normalize_space(&t.text_content()))
                .filter(|t| !t.is_empty());
            let id = section.ids().first().cloned();
            SectionEntry {
                title: title
                    .or_else(|| id.clone())
                    .unwrap_or_else(|| "Section".to_string()),
                id,
                children: section_tree(section, depth - 1),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceMap;
    use crate::ir::Span;

    fn doc(children: Vec<Element>) -> Document {
        let mut root = Element::new(Kind::Document, Span::NONE);
        root.attrs.push("ids", "doc");
        for c in children {
            root.push(c);
        }
        Document {
            root,
            sources: SourceMap::new(),
        }
    }

    fn section(id: &str, title: &str) -> Element {
        let mut s = Element::new(Kind::Section, Span::NONE)
            .with_child(Element::new(Kind::Title, Span::NONE).with_text(title));
        s.attrs.push("ids", id);
        s
    }

    #[test]
    fn epub_split_front_and_sections() {
        let d = doc(vec![
            Element::new(Kind::Title, Span::NONE).with_text("T"),
            Element::new(Kind::Paragraph, Span::NONE).with_text("intro"),
            section("a", "A"),
            section("b", "B"),
        ]);
        let chapters = split_document(&d, EpubSplit::Section);
        let range = |children, root_ids, front| ChapterRange {
            children,
            root_ids,
            front,
        };
        assert_eq!(
            chapters,
            [
                range(0..2, true, true),
                range(2..3, false, false),
                range(3..4, false, false)
            ]
        );
        assert_eq!(
            split_document(&d, EpubSplit::Lesson),
            [range(0..4, true, true)]
        );
    }

    #[test]
    fn epub_split_merges_invisible_front() {
        let d = doc(vec![
            Element::new(Kind::Target, Span::NONE).with_attr("refid", "doc"),
            section("a", "A"),
        ]);
        let chapters = split_document(&d, EpubSplit::Section);
        assert_eq!(
            chapters,
            [ChapterRange {
                children: 0..2,
                root_ids: true,
                front: false,
            }]
        );
    }
}
