//! What a book is made of: its parts (the lesson; or the course index and
//! each lesson), their chapters (content documents), and its table of
//! contents.

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::course::Course;
use crate::diag::{Diagnostic, Severity};
use crate::ir::{Document, Kind, Node};
use crate::style::{EpubSplit, EpubStyle};
use crate::write::BuildInfo;

use super::links::IdIndex;
use super::metadata::{self, DocInfo, normalize_space};
use super::nav::NavPoint;
use super::split::{self, SectionEntry, section_tree};

/// One part of a book: the single lesson, or the course index or a lesson.
pub(super) struct PartSource<'a> {
    /// The doc name `refdoc` references use.
    pub docname: String,
    pub title: String,
    pub doc: &'a Document,
    /// Images are relative to this folder.
    pub base_dir: PathBuf,
    /// Whether the part is an entry of the table of contents with its
    /// sections below it (a course's lessons), or its sections are the top
    /// level (a single lesson).
    pub nav_entry: bool,
}

/// What a book is made of.
pub(super) struct BookSource<'a> {
    pub parts: Vec<PartSource<'a>>,
    pub title: String,
    pub subtitle: Option<String>,
    /// The main document's docinfo (the lesson's, or the course index's).
    pub info: DocInfo,
    /// Authors to use when the main docinfo names none (the lessons').
    pub fallback_authors: Vec<String>,
    /// The folder of the book: the cover image and fonts are relative to it.
    pub root_dir: PathBuf,
}

/// Normalised `text`, or `fallback` when nothing is left.
fn title_or(text: &str, fallback: &str) -> String {
    Some(normalize_space(text))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| fallback.to_string())
}

/// The document's subtitle, if it has one.
fn subtitle_of(doc: &Document) -> Option<String> {
    doc.root
        .first_child(Kind::Subtitle)
        .map(|s| normalize_space(&s.text_content()))
        .filter(|s| !s.is_empty())
}

impl<'a> BookSource<'a> {
    /// One lesson as a book; its doc name is its place in a course, if it
    /// has one (so references to itself resolve), else the output stem.
    pub(super) fn from_lesson(doc: &'a Document, build: &BuildInfo) -> BookSource<'a> {
        let docname = build
            .nav
            .map(|n| n.docname.clone())
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| build.output_stem.clone());
        let title = title_or(&doc.title().unwrap_or_default(), &build.output_stem);
        BookSource {
            parts: vec![PartSource {
                docname,
                title: title.clone(),
                doc,
                base_dir: build.source_dir.clone(),
                nav_entry: false,
            }],
            title,
            subtitle: subtitle_of(doc),
            info: metadata::docinfo_of(doc),
            fallback_authors: Vec::new(),
            root_dir: build.source_dir.clone(),
        }
    }

    /// A course as a book: the index (doc name `index`), then the lessons
    /// in toctree order, each with images relative to its own folder.
    pub(super) fn from_course(
        course: &'a Course,
        style: &EpubStyle,
        build: &BuildInfo,
    ) -> BookSource<'a> {
        let mut parts = vec![PartSource {
            docname: "index".to_string(),
            title: title_or(&course.title, "index"),
            doc: &course.index,
            base_dir: course.root.clone(),
            nav_entry: true,
        }];
        let mut fallback_authors = Vec::new();
        for lesson in &course.lessons {
            let base_dir = Path::new(&lesson.docname)
                .parent()
                .map(|p| course.root.join(p))
                .unwrap_or_else(|| course.root.clone());
            parts.push(PartSource {
                docname: lesson.docname.clone(),
                title: title_or(&lesson.title, &lesson.docname),
                doc: &lesson.doc,
                base_dir,
                nav_entry: true,
            });
            fallback_authors.extend(metadata::docinfo_of(&lesson.doc).authors);
        }
        metadata::dedup_in_order(&mut fallback_authors);
        let subtitle = Some(style.title_page.subtitle.trim().to_string())
            .filter(|s| !s.is_empty())
            .or_else(|| subtitle_of(&course.index));
        BookSource {
            parts,
            title: title_or(&course.title, &build.output_stem),
            subtitle,
            info: metadata::docinfo_of(&course.index),
            fallback_authors,
            root_dir: course.root.clone(),
        }
    }
}

/// A content document of the book: a run of its part's root children.
pub(super) struct Chapter<'a> {
    /// Index of its part in [`BookSource::parts`].
    pub part: usize,
    /// `chapter-N.xhtml`.
    pub file: String,
    /// Manifest id, `chapter-N`.
    pub id: String,
    /// The part's document.
    pub doc: &'a Document,
    /// Which of the root's children it holds.
    pub range: Range<usize>,
    /// Whether the root's ids are anchored at its start.
    pub root_ids: bool,
    /// A lesson's front matter (what precedes its first section).
    pub front: bool,
}

impl<'a> Chapter<'a> {
    /// The root children the chapter holds.
    pub(super) fn children(&self) -> &'a [Node] {
        self.doc
            .root
            .children
            .get(self.range.clone())
            .unwrap_or(&[])
    }
}

/// Every part cut into chapters, numbered through the book.
pub(super) fn plan_chapters<'a>(book: &BookSource<'a>, split: EpubSplit) -> Vec<Chapter<'a>> {
    let mut chapters = Vec::new();
    for (part, doc) in book.parts.iter().map(|p| p.doc).enumerate() {
        for piece in split::split_document(doc, split) {
            let n = chapters.len() + 1;
            chapters.push(Chapter {
                part,
                file: format!("chapter-{n}.xhtml"),
                id: format!("chapter-{n}"),
                doc,
                range: piece.children,
                root_ids: piece.root_ids,
                front: piece.front,
            });
        }
    }
    chapters
}

/// The first chapter of each part (every part has at least one).
pub(super) fn first_chapters(chapters: &[Chapter], parts: usize) -> Vec<Option<usize>> {
    let mut first: Vec<Option<usize>> = vec![None; parts];
    for (ci, chapter) in chapters.iter().enumerate() {
        if let Some(slot @ None) = first.get_mut(chapter.part) {
            *slot = Some(ci);
        }
    }
    first
}

/// The book language: the style's, if it is a valid BCP 47 tag.
pub(super) fn book_language(style: &EpubStyle, diagnostics: &mut Vec<Diagnostic>) -> String {
    let lang = style.language.trim();
    if metadata::is_language_tag(lang) {
        return lang.to_string();
    }
    if !lang.is_empty() {
        diagnostics.push(Diagnostic::global(
            Severity::Warning,
            "epub-language",
            format!("style language \"{lang}\" is not a BCP 47 language tag: \"en\" is used"),
        ));
    }
    "en".to_string()
}

/// A chapter's title for its `<title>`: its first section's title, or the
/// part's.
pub(super) fn chapter_title(chapter: &Chapter, part_title: &str) -> String {
    if !chapter.front
        && let Some(section) = chapter
            .children()
            .iter()
            .find_map(|n| n.as_element().filter(|e| e.kind == Kind::Section))
        && let Some(title) = section.first_child(Kind::Title)
    {
        let text = normalize_space(&title.text_content());
        if !text.is_empty() {
            return text;
        }
    }
    part_title.to_string()
}

/// Table-of-contents entries for sections, each pointing at the chapter
/// holding its anchor.
fn section_points(
    entries: &[SectionEntry],
    part: usize,
    fallback_file: &str,
    chapters: &[Chapter],
    ids: &IdIndex,
) -> Vec<NavPoint> {
    entries
        .iter()
        .map(|entry| {
            let href = entry
                .id
                .as_ref()
                .and_then(|id| {
                    ids.get(part, id)
                        .and_then(|c| chapters.get(c))
                        .map(|chapter| format!("{}#{id}", chapter.file))
                })
                .unwrap_or_else(|| fallback_file.to_string());
            NavPoint {
                label: entry.title.clone(),
                href,
                children: section_points(&entry.children, part, fallback_file, chapters, ids),
            }
        })
        .collect()
}

/// The book's table of contents, `depth` levels deep: a course's parts
/// with their sections below them; a single lesson's front matter and
/// sections at the top level.
pub(super) fn table_of_contents(
    book: &BookSource,
    chapters: &[Chapter],
    first_chapters: &[Option<usize>],
    ids: &IdIndex,
    depth: usize,
) -> Vec<NavPoint> {
    let depth = depth.max(1);
    let mut toc = Vec::new();
    for (pi, part) in book.parts.iter().enumerate() {
        let doc = part.doc;
        let Some(first) = first_chapters
            .get(pi)
            .copied()
            .flatten()
            .and_then(|c| chapters.get(c))
        else {
            continue;
        };
        if part.nav_entry {
            let sections = section_tree(&doc.root, depth - 1);
            toc.push(NavPoint {
                label: part.title.clone(),
                href: first.file.clone(),
                children: section_points(&sections, pi, &first.file, chapters, ids),
            });
        } else {
            if first.front {
                toc.push(NavPoint {
                    label: part.title.clone(),
                    href: first.file.clone(),
                    children: Vec::new(),
                });
            }
            let sections = section_tree(&doc.root, depth);
            toc.extend(section_points(&sections, pi, &first.file, chapters, ids));
        }
    }
    toc
}
