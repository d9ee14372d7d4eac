//! Course packs: a folder whose `index.rst` holds a `toctree`, read as one
//! course. The resolve passes build a [`Course`]; writers use it for books
//! (one EPUB, one PDF, an HTML site, an index notebook) and for navigation.
//!
//! Cross-document references in a resolved course are format-neutral: a
//! `reference` element with `refdoc` (the target's doc name, e.g.
//! `"parallel-loops"`) and, for a place inside it, `refid`. Each writer maps
//! doc names to its own addresses (`parallel-loops.html#x`, an EPUB chapter,
//! a PDF destination, `parallel-loops.ipynb#x`).

use std::path::PathBuf;

use crate::ir::Document;

/// One lesson of a course.
#[derive(Clone, Debug)]
pub struct Lesson {
    /// The doc name: the path relative to the course root, without the
    /// `.rst` extension, with `/` separators (`"parallel-loops"`).
    pub docname: String,
    /// The lesson's title (first section title, or the doc name).
    pub title: String,
    /// The resolved lesson.
    pub doc: Document,
}

/// A whole course in book order.
#[derive(Clone, Debug)]
pub struct Course {
    /// The course title (the index's title).
    pub title: String,
    /// The course folder.
    pub root: PathBuf,
    /// The resolved `index.rst` (its toctree gives the order).
    pub index: Document,
    /// The lessons in toctree order (depth first).
    pub lessons: Vec<Lesson>,
}

/// A lesson's neighbours, for previous/next/up links.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CourseNav {
    /// This lesson's doc name.
    pub docname: String,
    pub course_title: String,
    /// (doc name, title) of the previous lesson.
    pub prev: Option<(String, String)>,
    /// (doc name, title) of the next lesson.
    pub next: Option<(String, String)>,
    /// The doc names and titles of every lesson, in order (for site menus).
    pub toc: Vec<(String, String)>,
}

impl Course {
    /// The navigation record of lesson `index`.
    pub fn nav(&self, index: usize) -> CourseNav {
        let entry = |l: &Lesson| (l.docname.clone(), l.title.clone());
        CourseNav {
            docname: self
                .lessons
                .get(index)
                .map(|l| l.docname.clone())
                .unwrap_or_default(),
            course_title: self.title.clone(),
            prev: index
                .checked_sub(1)
                .and_then(|i| self.lessons.get(i))
                .map(entry),
            next: self.lessons.get(index + 1).map(entry),
            toc: self.lessons.iter().map(entry).collect(),
        }
    }
}
