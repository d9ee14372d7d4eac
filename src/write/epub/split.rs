//! Cutting a lesson into chapter documents, and the tree changes the EPUB
//! needs before rendering (on the writer's own copy; the shared IR is never
//! touched).
//!
//! With `split: section` a lesson becomes one document for what precedes
//! its first section (title, docinfo, introduction) and one per top-level
//! section; with `split: lesson`, one document. Each chapter is a complete
//! [`Document`] (same source map, so diagnostics keep their file and line)
//! that the body renderer takes as it would a lesson.

use crate::diag::{Diagnostic, Severity};
use crate::ir::{Document, Element, Kind, Node};
use crate::style::EpubSplit;

use super::metadata::normalize_space;

/// One chapter's document, and whether it is a lesson's front matter
/// (what precedes the first section) rather than a section.
#[derive(Clone, Debug)]
pub(super) struct ChapterDoc {
    pub doc: Document,
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

/// A new root like `root` (kind, `source`) holding `children`.
fn root_with(root: &Element, children: Vec<Node>, keep_ids: bool) -> Element {
    let mut el = Element::new(Kind::Document, root.span);
    for (key, value) in root.attrs.iter() {
        let keep = match key {
            "source" | "title" => true,
            "ids" | "names" => keep_ids,
            _ => false,
        };
        if keep {
            el.attrs.set(key.to_string(), value.clone());
        }
    }
    el.children = children;
    el
}

/// Cut `doc` into chapter documents.
pub(super) fn split_document(doc: &Document, split: EpubSplit) -> Vec<ChapterDoc> {
    let whole = || {
        vec![ChapterDoc {
            doc: doc.clone(),
            front: true,
        }]
    };
    if split == EpubSplit::Lesson || !doc.root.children.iter().any(|n| n.is_kind(Kind::Section)) {
        return whole();
    }
    let mut front: Vec<Node> = Vec::new();
    let mut sections: Vec<Vec<Node>> = Vec::new();
    for child in &doc.root.children {
        if child.is_kind(Kind::Section) {
            sections.push(vec![child.clone()]);
        } else {
            match sections.last_mut() {
                Some(current) => current.push(child.clone()),
                None => front.push(child.clone()),
            }
        }
    }
    let mut chapters = Vec::new();
    let front_visible = front.iter().any(is_visible);
    if front_visible {
        chapters.push(ChapterDoc {
            doc: Document {
                root: root_with(&doc.root, std::mem::take(&mut front), true),
                sources: doc.sources.clone(),
            },
            front: true,
        });
    }
    for (i, mut children) in sections.into_iter().enumerate() {
        let first = i == 0 && !front_visible;
        if first {
            // Invisible front matter (targets) goes with the first section so
            // links to it still land.
            let mut merged = std::mem::take(&mut front);
            merged.append(&mut children);
            children = merged;
        }
        chapters.push(ChapterDoc {
            doc: Document {
                root: root_with(&doc.root, children, first),
                sources: doc.sources.clone(),
            },
            front: false,
        });
    }
    chapters
}

/// Give every image a text alternative (EPUB Accessibility 1.1 §4.2; WCAG
/// 1.1.1): an image without `alt` takes its figure's caption, else its
/// file name, with a warning.
pub(super) fn ensure_alt_text(doc: &mut Document, diagnostics: &mut Vec<Diagnostic>) {
    let sources = doc.sources.clone();
    let mut missing = Vec::new();
    fill_alt(&mut doc.root, None, &mut missing);
    for (span, uri, used) in missing {
        diagnostics.push(Diagnostic::new(
            Severity::Warning,
            "image-without-alt",
            sources.name(span.file),
            span.line,
            span.col,
            format!("image \"{uri}\" has no alt text: \"{used}\" is used (add :alt:)"),
        ));
    }
}

fn fill_alt(
    el: &mut Element,
    caption: Option<&str>,
    missing: &mut Vec<(crate::ir::Span, String, String)>,
) {
    if el.kind == Kind::Image {
        let has_alt = el.attrs.str("alt").is_some_and(|a| !a.trim().is_empty());
        if !has_alt {
            let uri = el.attrs.str("uri").unwrap_or("").to_string();
            let alt = caption
                .map(str::to_string)
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| {
                    std::path::Path::new(&uri)
                        .file_stem()
                        .map(|s| s.to_string_lossy().replace(['-', '_'], " "))
                        .filter(|s| !s.trim().is_empty())
                        .unwrap_or_else(|| "image".to_string())
                });
            el.attrs.set("alt", alt.clone());
            missing.push((el.span, uri, alt));
        }
        return;
    }
    let own_caption = (el.kind == Kind::Figure)
        .then(|| el.first_child(Kind::Caption))
        .flatten()
        .map(|c| normalize_space(&c.text_content()));
    let caption = own_caption.as_deref().or(caption);
    for child in &mut el.children {
        if let Node::Element(e) = child {
            fill_alt(e, caption, missing);
        }
    }
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
        assert_eq!(chapters.len(), 3);
        assert!(chapters[0].front);
        assert_eq!(chapters[0].doc.root.ids(), ["doc"]);
        assert!(chapters[1].doc.root.ids().is_empty());
        assert_eq!(split_document(&d, EpubSplit::Lesson).len(), 1);
    }

    #[test]
    fn epub_split_merges_invisible_front() {
        let d = doc(vec![
            Element::new(Kind::Target, Span::NONE).with_attr("refid", "doc"),
            section("a", "A"),
        ]);
        let chapters = split_document(&d, EpubSplit::Section);
        assert_eq!(chapters.len(), 1);
        assert!(!chapters[0].front);
        assert_eq!(chapters[0].doc.root.children.len(), 2);
        assert_eq!(chapters[0].doc.root.ids(), ["doc"]);
    }

    #[test]
    fn epub_alt_text_from_caption_or_file_name() {
        let figure = Element::new(Kind::Figure, Span::NONE)
            .with_child(Element::new(Kind::Image, Span::NONE).with_attr("uri", "a.png"))
            .with_child(Element::new(Kind::Caption, Span::NONE).with_text("The  caption"));
        let image = Element::new(Kind::Image, Span::NONE).with_attr("uri", "figs/speed_up.png");
        let mut d = doc(vec![figure, image]);
        let mut diags = Vec::new();
        ensure_alt_text(&mut d, &mut diags);
        let mut alts = Vec::new();
        d.root.walk(&mut |e| {
            if e.kind == Kind::Image {
                alts.push(e.attrs.str("alt").unwrap_or("").to_string());
            }
        });
        assert_eq!(alts, ["The caption", "speed up"]);
        assert_eq!(diags.len(), 2);
    }
}
