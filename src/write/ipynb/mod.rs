//! The Jupyter notebook writer: a lesson becomes an nbformat 4.5 notebook
//! whose code blocks are runnable code cells and whose prose is Markdown
//! that JupyterLab and the classic Notebook render well (headings, lists,
//! tables, math, coloured admonitions, images as cell attachments).
//!
//! - [`flow`]: the top-level walk, cutting the lesson into cells;
//! - [`markdown`], [`inline`], [`tables`]: IR to Markdown;
//! - [`code`]: which blocks become code cells, prompt stripping, shell;
//! - [`attachments`]: images as base64 cell attachments;
//! - [`cells`]: the cell model, splitting, ids;
//! - [`json`]: Jupyter's exact JSON layout.
//!
//! A course pack gives, besides each lesson's notebook, an index notebook:
//! the course's front page with its table of contents, linking to each
//! lesson's notebook; each lesson ends with links to its neighbours.

pub mod attachments;
pub mod cells;
pub mod code;
pub mod flow;
pub mod inline;
pub mod json;
pub mod markdown;
pub mod tables;

use serde_json::{Map, Value, json};

use crate::course::{Course, CourseNav};
use crate::diag::Diagnostic;
use crate::ir::{Document, Element, Kind, Span};
use crate::style::{IpynbStyle, KernelSpec, Style};
use crate::write::{Artifact, BuildInfo, Format, Writer};

use cells::{Cell, MarkdownBlock, cell_ids, write_cell};
use code::{CodeContext, canonical_language, dominant_language};
use flow::Flow;
use inline::{escape_line, link_destination};
use markdown::{CourseOutline, LessonOutline, MarkdownWriter, OutlineEntry};

/// Writes Jupyter notebooks.
pub struct IpynbWriter;

impl Writer for IpynbWriter {
    fn format(&self) -> Format {
        Format::Ipynb
    }

    fn write(&self, doc: &Document, style: &Style, build: &BuildInfo) -> Artifact {
        let (text, diagnostics) = notebook(doc, &style.ipynb, build, None);
        Artifact {
            bytes: text.into_bytes(),
            resources: Vec::new(),
            diagnostics,
        }
    }

    /// The course's index notebook: the index document, whose toctree
    /// lists each lesson's notebook with its sections (a table of contents
    /// is added when the index has no toctree). The lessons' own notebooks
    /// are written by [`Writer::write`], one per lesson.
    fn write_book(&self, course: &Course, style: &Style, build: &BuildInfo) -> Artifact {
        let outlines: CourseOutline = course
            .lessons
            .iter()
            .map(|l| {
                let outline = LessonOutline {
                    title: l.title.clone(),
                    sections: section_outline(&l.doc.root),
                };
                (l.docname.clone(), outline)
            })
            .collect();
        let mut has_toctree = false;
        course
            .index
            .root
            .walk(&mut |e| has_toctree |= e.kind == Kind::Toctree);
        let subtitle = &style.ipynb.title_page.subtitle;
        let index = if has_toctree && subtitle.is_empty() {
            None
        } else {
            let mut index = course.index.clone();
            if !has_toctree {
                index.root.push(course_toctree(course));
            }
            if !subtitle.is_empty() {
                // The book's subtitle goes under the course title.
                let at = index
                    .root
                    .children
                    .iter()
                    .position(|c| c.is_kind(Kind::Title))
                    .map_or(0, |i| i + 1);
                let line = Element::new(Kind::Subtitle, Span::NONE).with_text(subtitle.as_str());
                index.root.children.insert(at, line.into());
            }
            Some(index)
        };
        let index = index.as_ref().unwrap_or(&course.index);
        let (text, diagnostics) = notebook(index, &style.ipynb, build, Some(&outlines));
        Artifact {
            bytes: text.into_bytes(),
            resources: Vec::new(),
            diagnostics,
        }
    }
}

/// A toctree of every lesson, for an index that has none.
fn course_toctree(course: &Course) -> Element {
    let entries: Vec<String> = course.lessons.iter().map(|l| l.docname.clone()).collect();
    let titles: Vec<String> = course.lessons.iter().map(|l| l.title.clone()).collect();
    Element::new(Kind::Toctree, Span::NONE)
        .with_attr("entries", entries)
        .with_attr("titles", titles)
        .with_attr("maxdepth", 2i64)
}

/// One document as notebook JSON, with the problems found.
pub fn notebook(
    doc: &Document,
    style: &IpynbStyle,
    build: &BuildInfo,
    outlines: Option<&CourseOutline>,
) -> (String, Vec<Diagnostic>) {
    let kernel = choose_kernel(&doc.root, style);
    let kernel_language = canonical_language(&kernel.language);
    let code = CodeContext {
        kernel_language: &kernel_language,
        shell_cells: style.shell_cells,
    };
    let docname = build
        .nav
        .map(|n| n.docname.clone())
        .unwrap_or_else(|| build.output_stem.clone());
    let mut md = MarkdownWriter::new(doc, style, build, code, docname.clone());
    if let Some(outlines) = outlines {
        md = md.with_outlines(outlines);
    }
    let last = match build.nav {
        Some(nav) if style.navigation_cell => Some(navigation_block(nav)),
        _ => None,
    };
    let (cells, diagnostics) = Flow::new(md, style).run(&doc.root, last);
    let ids = cell_ids(&docname, cells.len());
    let mut metadata = Map::new();
    metadata.insert("kernelspec".into(), kernelspec_json(&kernel));
    metadata.insert("language_info".into(), language_info_json(&kernel));
    if let Some(title) = doc.title() {
        metadata.insert("title".into(), json!(title.trim()));
    }
    let authors = docinfo_authors(&doc.root);
    if !authors.is_empty() {
        let authors: Vec<Value> = authors.iter().map(|name| json!({"name": name})).collect();
        metadata.insert("authors".into(), Value::Array(authors));
    }
    let mut write = |out: &mut String, i: usize, depth: usize| {
        if let (Some(cell), Some(id)) = (cells.get(i), ids.get(i)) {
            write_cell(out, cell, id, depth);
        }
    };
    let text = json::notebook_json(
        cells.len(),
        json_size_hint(&cells),
        &mut write,
        &Value::Object(metadata),
    );
    (text, diagnostics)
}

/// Room enough, in most notebooks, for the JSON of `cells`: each source
/// line becomes an indented, quoted, escaped string of its own (5.55 MB
/// of JSON for 4.08 MB of sources and 0.52 MB of attachments in the
/// benchmark document's notebook: the hint, 6.83 MB, is a little over),
/// plus each cell's keys. Growing the text to a notebook of megabytes
/// instead copied it at every doubling; room reserved and never written
/// costs no memory.
fn json_size_hint(cells: &[Cell]) -> usize {
    cells
        .iter()
        .map(|c| {
            let attachments: usize = c.attachments.iter().map(|a| a.data.len() + 128).sum();
            c.source.len() * 3 / 2 + attachments + 256
        })
        .sum()
}

/// The authors named in the document's docinfo (`:Author:`, `:Authors:`),
/// for the notebook's `metadata.authors` (nbformat 4.5 schema).
fn docinfo_authors(root: &Element) -> Vec<String> {
    let clean = |e: &Element| {
        e.text_content()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let Some(docinfo) = root.first_child(Kind::Docinfo) else {
        return Vec::new();
    };
    let mut names = Vec::new();
    for field in docinfo.child_elements() {
        if field.kind == Kind::Author {
            names.push(clean(field));
        } else if field.kind == Kind::Authors {
            names.extend(field.child_elements().map(clean));
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    names.retain(|n| !n.is_empty() && seen.insert(n.clone()));
    names
}

/// The style's kernel, or the one for the lesson's dominant code language
/// when `kernel_from_code` is on and the style has a spec for it.
fn choose_kernel(root: &Element, style: &IpynbStyle) -> KernelSpec {
    if style.kernel_from_code {
        let preferred = canonical_language(&style.kernel.language);
        if let Some(language) = dominant_language(root, &preferred)
            && language != preferred
            && let Some(spec) = style
                .kernels
                .iter()
                .find(|(name, _)| canonical_language(name) == language)
                .map(|(_, spec)| spec)
        {
            return spec.clone();
        }
    }
    style.kernel.clone()
}

fn kernelspec_json(kernel: &KernelSpec) -> Value {
    json!({
        "display_name": kernel.display_name,
        "language": kernel.language,
        "name": kernel.name,
    })
}

fn language_info_json(kernel: &KernelSpec) -> Value {
    let mut info = Map::new();
    info.insert("name".into(), json!(kernel.language));
    let optional = [
        ("file_extension", &kernel.file_extension),
        ("mimetype", &kernel.mimetype),
        ("pygments_lexer", &kernel.pygments_lexer),
        ("nbconvert_exporter", &kernel.nbconvert_exporter),
    ];
    for (key, value) in optional {
        if !value.is_empty() {
            info.insert(key.into(), json!(value));
        }
    }
    if !kernel.codemirror_mode.is_empty() {
        let mode = if kernel.codemirror_version > 0 {
            json!({"name": kernel.codemirror_mode, "version": kernel.codemirror_version})
        } else {
            json!(kernel.codemirror_mode)
        };
        info.insert("codemirror_mode".into(), mode);
    }
    Value::Object(info)
}

/// The sections of a lesson, for the course index's table of contents.
pub fn section_outline(root: &Element) -> Vec<OutlineEntry> {
    fn walk(e: &Element, depth: usize, out: &mut Vec<OutlineEntry>) {
        for section in e.child_elements().filter(|c| c.kind == Kind::Section) {
            if let (Some(id), Some(title)) =
                (section.ids().first(), section.first_child(Kind::Title))
            {
                out.push(OutlineEntry {
                    depth: depth + 1,
                    id: id.clone(),
                    title: title
                        .text_content()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                });
            }
            walk(section, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(root, 0, &mut out);
    out
}

/// The last cell of a course lesson: previous, index, next.
fn navigation_block(nav: &CourseNav) -> MarkdownBlock {
    let link = |label: &str, docname: &str, title: &str| {
        let href = inline::relative_doc_path(&nav.docname, docname);
        format!(
            "{label} [{}]({}.ipynb)",
            escape_line(title),
            link_destination(&href)
        )
    };
    let mut parts = Vec::new();
    if let Some((docname, title)) = &nav.prev {
        parts.push(link("←", docname, title));
    }
    parts.push(link("↑", "index", &nav.course_title));
    if let Some((docname, title)) = &nav.next {
        parts.push(link("→", docname, title));
    }
    MarkdownBlock {
        text: format!("---\n\n{}", parts.join(" | ")),
        attachments: Vec::new(),
    }
}
