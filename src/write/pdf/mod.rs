//! The PDF writer: a typesetter of its own, no TeX needed.
//!
//! Phases (as typst keeps them apart): the resolved tree is laid out into a
//! flow of boxes ([`layout`]: paragraphs broken into lines by
//! [`linebreak`] with real font metrics from [`fonts`], code, tables,
//! admonitions, figures, maths from [`math`]; a long body on several
//! threads, [`layout::parallel`]); the flow is paginated; the table of
//! contents is set with the body's page numbers ([`toc`]); running headers
//! and footers are added; [`content`] writes each page's drawing as a PDF
//! content stream, and [`render`] — the only printpdf code — has the
//! fonts and images embedded and builds the pages, their links, the
//! outline and the metadata around those streams (pages in parallel);
//! [`file`](mod@file) writes the file.
//!
//! A lesson gives a title page, a TOC and the body; a course pack gives one
//! book with a chapter per lesson, one TOC and one outline, links across
//! lessons resolved inside the book (anchor ids are prefixed with the
//! lesson's doc name, and `refdoc` references point at them).

mod cmaps;
pub mod content;
pub mod file;
mod fills;
pub mod fonts;
pub mod images;
pub mod layout;
pub mod linebreak;
pub mod math;
pub mod render;
pub mod toc;

use std::path::Path;

use rayon::prelude::*;

use crate::course::Course;
use crate::diag::{Diagnostic, FileId, Severity};
use crate::ir::{Document, Element, Kind};
use crate::style::{PdfStyle, Style};
use crate::write::{Artifact, BuildInfo, Format, Writer};

use fonts::Measurer;
use images::ImageTable;
use layout::blocks::Layouter;
use layout::paginate::{Placed, paginate};
use layout::{FlowBox, Item, PageGeometry, SectionMark};
use linebreak::run_width;
use render::{Metadata, OutlineEntry, RenderPage};
use toc::TocEntry;

/// Writes PDF output.
pub struct PdfWriter;

impl Writer for PdfWriter {
    fn format(&self) -> Format {
        Format::Pdf
    }

    fn write(&self, doc: &Document, style: &Style, build: &BuildInfo) -> Artifact {
        let chapter = Chapter {
            doc,
            docname: None,
            source_dir: build.source_dir.clone(),
            intro: false,
        };
        let title = doc.title().unwrap_or_else(|| build.output_stem.clone());
        write_pdf(&[chapter], &title, doc, &style.pdf, build)
    }

    fn write_book(&self, course: &Course, style: &Style, build: &BuildInfo) -> Artifact {
        // The index's own text (an introduction) opens the book; its
        // toctree is the book's order, not content.
        let intro = course.index.root.child_elements().any(|e| {
            let toctree_wrapper = e.kind == Kind::Compound && e.has_class("toctree-wrapper");
            let not_content = matches!(
                e.kind,
                Kind::Title
                    | Kind::Subtitle
                    | Kind::Docinfo
                    | Kind::Decoration
                    | Kind::Toctree
                    | Kind::Comment
                    | Kind::Target
                    | Kind::SystemMessage
                    | Kind::Meta
                    | Kind::SubstitutionDefinition
            );
            !(not_content || toctree_wrapper)
        });
        let intro_chapter = intro.then(|| Chapter {
            doc: &course.index,
            docname: Some("index"),
            source_dir: course.root.clone(),
            intro: true,
        });
        let lessons = course
            .lessons
            .iter()
            .filter(|l| !(intro && l.docname == "index"))
            .map(|l| {
                let dir = Path::new(&l.docname)
                    .parent()
                    .map(|p| course.root.join(p))
                    .unwrap_or_else(|| course.root.clone());
                Chapter {
                    doc: &l.doc,
                    docname: Some(l.docname.as_str()),
                    source_dir: dir,
                    intro: false,
                }
            });
        let chapters: Vec<Chapter> = intro_chapter.into_iter().chain(lessons).collect();
        write_pdf(&chapters, &course.title, &course.index, &style.pdf, build)
    }
}

/// A document to set: a lesson alone, or one chapter of a book.
struct Chapter<'d> {
    doc: &'d Document,
    /// The doc name in a book (anchor prefix); `None` for a lesson alone.
    docname: Option<&'d str>,
    source_dir: std::path::PathBuf,
    /// The course index's introduction: no chapter heading of its own.
    intro: bool,
}

/// Page geometry from the style (millimetres to points).
fn geometry(style: &PdfStyle) -> PageGeometry {
    let (w, h) = style.page.size.dimensions_mm();
    let mm = |v: f64| (v * 72.0 / 25.4) as f32;
    let margin = |v: f64| {
        if v.is_finite() && (0.0..=100.0).contains(&v) {
            mm(v)
        } else {
            mm(20.0)
        }
    };
    let m = &style.page.margins;
    PageGeometry {
        width: mm(w),
        height: mm(h),
        left: margin(m.left),
        right: margin(m.right),
        top: margin(m.top),
        bottom: margin(m.bottom),
    }
}

/// The running header and footer bands, inside the margins so that all
/// text stays in the text area.
fn chrome_bands(style: &PdfStyle, size: f32) -> (f32, f32) {
    let header = if style.header { size * 2.6 } else { 0.0 };
    let footer = if style.footer { size * 2.6 } else { 0.0 };
    (header, footer)
}

/// Lay out and render chapters into one PDF.
fn write_pdf(
    chapters: &[Chapter],
    title: &str,
    meta_doc: &Document,
    style: &PdfStyle,
    build: &BuildInfo,
) -> Artifact {
    let page = geometry(style);
    let m = Measurer::new();
    let mut images = ImageTable::default();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let book = chapters.iter().any(|c| c.docname.is_some());

    let base_size = if style.fonts.size.is_finite() {
        (style.fonts.size as f32).clamp(4.0, 40.0)
    } else {
        10.5
    };
    let (header_h, footer_h) = chrome_bands(style, base_size * 0.85);
    let body_page = PageGeometry {
        top: page.top + header_h,
        bottom: page.bottom + footer_h,
        ..page
    };
    let body_height = body_page.body_height();

    // Front matter: the title page.
    let mut front: Vec<FlowBox> = Vec::new();
    let meta_file = meta_doc.sources.name(FileId(0)).to_string();
    {
        let dir = build.source_dir.clone();
        let mut lay = Layouter::new(style, &m, page, &mut images, &dir, meta_file.clone());
        if style.title_page.enabled {
            lay.title_page(&meta_doc.root, title, &mut front);
        }
        diagnostics.append(&mut lay.take_diagnostics());
    }

    // The body, chapter by chapter.
    let mut body: Vec<FlowBox> = Vec::new();
    for chapter in chapters {
        let file = chapter.doc.sources.name(FileId(0)).to_string();
        let mut lay = Layouter::new(style, &m, body_page, &mut images, &chapter.source_dir, file);
        let frame = layout::Frame::new(body_page.left, body_page.body_width());
        let root = &chapter.doc.root;
        // A course index's introduction goes on the title page, under the
        // title; lessons go in the body.
        let out: &mut Vec<FlowBox> = if chapter.intro {
            front.push(FlowBox::glue(base_size * 2.0));
            &mut front
        } else {
            &mut body
        };
        if let Some(docname) = chapter.docname
            && chapter.intro
        {
            lay.id_prefix = format!("{docname}/");
            lay.level_offset = 1;
            out.push(FlowBox::content(
                0.0,
                vec![Item::Anchor {
                    id: format!("{docname}/"),
                    y: 0.0,
                }],
            ));
        } else if let Some(docname) = chapter.docname {
            lay.id_prefix = format!("{docname}/");
            lay.level_offset = 1;
            if !out.is_empty() {
                out.push(FlowBox::page_break());
            }
            // The chapter heading: the lesson's title, an outline entry
            // of level 0 and the target of `:doc:` links.
            let title_el = root.first_child(Kind::Title).cloned().unwrap_or_else(|| {
                Element::new(Kind::Title, root.span)
                    .with_text(chapter.doc.title().unwrap_or_else(|| docname.to_string()))
            });
            lay.level_offset = 0;
            lay.heading(&title_el, 0, format!("{docname}/"), frame, out);
            lay.level_offset = 1;
        } else if !style.title_page.enabled
            && let Some(t) = root.first_child(Kind::Title)
        {
            lay.block(t, frame, out);
            out.push(FlowBox::glue(base_size));
        }
        let body_nodes: Vec<&crate::ir::Node> = root
            .children
            .iter()
            .filter(|c| {
                !matches!(
                    c.kind(),
                    Some(Kind::Title | Kind::Subtitle | Kind::Docinfo | Kind::Decoration)
                )
            })
            .collect();
        let start = out.len();
        layout::parallel::body(&mut lay, &body_nodes, frame, out);
        // Ids on the root (the document's own target) and on its title and
        // subtitle (a label on a lone first section moves to the subtitle
        // with it) point at its start.
        let title_ids = root
            .child_elements()
            .filter(|c| matches!(c.kind, Kind::Title | Kind::Subtitle))
            .flat_map(|c| c.ids().iter());
        let root_anchors: Vec<Item> = root
            .ids()
            .iter()
            .chain(title_ids)
            .map(|id| Item::Anchor {
                id: lay.anchor_id(id),
                y: 0.0,
            })
            .collect();
        // On the first drawn box (glue at a page top is dropped).
        match out
            .get_mut(start..)
            .and_then(|rest| rest.iter_mut().find(|b| b.role == layout::BoxRole::Content))
        {
            Some(b) => b.items.extend(root_anchors),
            None => out.push(FlowBox::content(0.0, root_anchors)),
        }
        diagnostics.append(&mut lay.take_diagnostics());
    }

    let front_pages = if front.is_empty() {
        Vec::new()
    } else {
        paginate(front, page.body_height())
    };
    let body_pages = paginate(body, body_height);

    // Sections with their body page index and height.
    let mut sections: Vec<(usize, f32, SectionMark)> = Vec::new();
    for (pi, placed) in body_pages.iter().enumerate() {
        for p in placed {
            if let Some(mark) = &p.b.section {
                sections.push((pi, p.y, mark.clone()));
            }
        }
    }

    // The TOC, in passes until its own page count is stable.
    let front_count = front_pages.len();
    let mut toc_pages: Vec<Vec<Placed>> = Vec::new();
    if style.toc && !sections.is_empty() {
        let mut guess = 1;
        for _ in 0..4 {
            let entries: Vec<TocEntry> = sections
                .iter()
                .map(|(pi, _, mark)| TocEntry {
                    mark: mark.clone(),
                    page_number: front_count + guess + pi + 1,
                })
                .collect();
            let dir = build.source_dir.clone();
            let mut lay = Layouter::new(style, &m, body_page, &mut images, &dir, meta_file.clone());
            let max_level = style.toc_depth + usize::from(book);
            let boxes = lay.toc_boxes(&style.toc_title, &entries, max_level);
            toc_pages = paginate(boxes, body_height);
            if toc_pages.len() == guess {
                break;
            }
            guess = toc_pages.len().max(1);
        }
    }
    let toc_count = toc_pages.len();
    let body_offset = front_count + toc_count;

    // Every page with its items at absolute positions; destinations go to
    // the anchor table, the first of an id winning.
    let placed_lists: Vec<Vec<PlacedPage>> = [
        (front_pages, page.top),
        (toc_pages, body_page.top),
        (body_pages, body_page.top),
    ]
    .into_iter()
    .map(|(list, top)| place_pages(list, top))
    .collect();
    let page_count = placed_lists.iter().map(Vec::len).sum();
    let anchor_count = placed_lists
        .iter()
        .flatten()
        .map(|placed| placed.anchors.len())
        .sum();
    let mut pages: Vec<RenderPage> = Vec::with_capacity(page_count);
    // Sized at once: the corpus document has 55,747 destinations, and
    // growing the table rehashed them all a few times, serially.
    let mut anchors = render::Anchors::default();
    anchors.reserve(anchor_count);
    for placed_pages in placed_lists {
        for placed in placed_pages {
            let index = pages.len();
            for (id, y) in placed.anchors {
                anchors.entry(id).or_insert((index, y));
            }
            pages.push(RenderPage {
                items: placed.items,
            });
        }
    }

    // Running headers and footers.
    let chrome = Chrome {
        style,
        page,
        size: base_size * 0.85,
        header_h,
        footer_h,
        title: decoration_text(meta_doc, Kind::Header).unwrap_or_else(|| title.to_string()),
        footer_note: decoration_text(meta_doc, Kind::Footer),
    };
    let mut current: Option<String> = None;
    let mut section_iter = sections.iter().peekable();
    // Each page's running header, then the pages decorated in parallel
    // (a measurer per thread: its cache is not shared).
    let mut shown_sections: Vec<Option<String>> = Vec::with_capacity(pages.len());
    for i in 0..pages.len() {
        if i < front_count {
            shown_sections.push(None);
            continue;
        }
        let body_index = i.checked_sub(body_offset);
        let mut first_here: Option<String> = None;
        while let Some((pi, _, mark)) = section_iter.peek() {
            if Some(*pi) != body_index {
                break;
            }
            if mark.level <= 1 + usize::from(book) {
                if first_here.is_none() {
                    first_here = Some(mark.title.clone());
                }
                current = Some(mark.title.clone());
            }
            section_iter.next();
        }
        // The TOC pages carry the title only: their heading says "Contents".
        let shown = if body_index.is_none() {
            None
        } else {
            first_here.or_else(|| current.clone())
        };
        shown_sections.push(shown);
    }
    pages
        .par_iter_mut()
        .zip(shown_sections)
        .enumerate()
        .skip(front_count)
        .for_each_init(Measurer::new, |m, (i, (p, shown))| {
            chrome.add(m, &mut p.items, i + 1, shown.as_deref());
        });

    // The outline: one entry per section.
    let min_level = sections.iter().map(|s| s.2.level).min().unwrap_or(0);
    let outline: Vec<OutlineEntry> = sections
        .iter()
        .map(|(pi, y, mark)| OutlineEntry {
            title: mark.title.clone(),
            level: mark.level - min_level,
            page: body_offset + pi,
            y: body_page.top + y,
        })
        .collect();

    // Internal links whose target drew nothing stay unlinked: say so.
    let dangling: std::collections::BTreeSet<&str> = pages
        .par_iter()
        .flat_map_iter(|p| {
            p.items.iter().filter_map(|item| match item {
                Item::Link {
                    target: layout::LinkTarget::Anchor(id),
                    ..
                } if !anchors.contains_key(&**id) => Some(&**id),
                _ => None,
            })
        })
        .collect();
    for id in dangling {
        diagnostics.push(Diagnostic::global(
            Severity::Warning,
            "pdf-link",
            format!("internal link to \"{id}\" has no target in the PDF; left unlinked"),
        ));
    }

    let meta = metadata(meta_doc, title, style, build);
    let bytes = match render::render(
        (page.width, page.height),
        pages,
        &images,
        &anchors,
        &outline,
        &meta,
    ) {
        Ok(bytes) => bytes,
        Err(e) => {
            diagnostics.push(Diagnostic::global(
                Severity::Error,
                "pdf-render",
                e.to_string(),
            ));
            Vec::new()
        }
    };
    Artifact {
        bytes,
        resources: Vec::new(),
        diagnostics,
    }
}

/// A page's items at absolute positions, and the destinations it holds
/// (id, height from the page top), in order.
struct PlacedPage {
    items: Vec<Item>,
    anchors: Vec<(String, f32)>,
}

/// Pages of placed boxes as [`PlacedPage`]s (boxes placed `top` below the
/// page's top edge), stacked fills joined ([`fills`]). Pages are
/// independent: they are built in parallel.
fn place_pages(list: Vec<Vec<Placed>>, top: f32) -> Vec<PlacedPage> {
    list.into_par_iter()
        .map(|placed| {
            let mut items = Vec::with_capacity(placed.iter().map(|p| p.b.items.len()).sum());
            let mut anchors = Vec::new();
            let mut fills = fills::FillRuns::default();
            for p in placed {
                let dy = top + p.y;
                for mut item in p.b.items {
                    // A destination draws nothing.
                    if let Item::Anchor { id, y } = item {
                        anchors.push((id, y + dy));
                        continue;
                    }
                    item.shift(0.0, dy);
                    fills.push(&mut items, item);
                }
            }
            PlacedPage { items, anchors }
        })
        .collect()
}

/// The running header (title left, current section right, a rule) and the
/// footer (page number, centred).
struct Chrome<'a> {
    style: &'a PdfStyle,
    page: PageGeometry,
    size: f32,
    header_h: f32,
    footer_h: f32,
    /// Left of the header: the document's `header` decoration or its title.
    title: String,
    /// Left of the footer: the document's `footer` decoration.
    footer_note: Option<String>,
}

impl Chrome<'_> {
    fn add(&self, m: &Measurer, items: &mut Vec<Item>, number: usize, section: Option<&str>) {
        let face = fonts::FaceId::new(
            fonts::Family::from_style_name(&self.style.fonts.heading),
            false,
            false,
        );
        let muted = layout::Color::from_hex(&self.style.colors.muted);
        let rule = layout::Color::from_hex(&self.style.colors.rule);
        let left = self.page.left;
        let right = self.page.width - self.page.right;
        let width = right - left;
        let fit = |text: &str, max: f32| -> String {
            // Shorten with an ellipsis to fit `max` points: the longest
            // prefix that fits with it. A prefix is never narrower than a
            // shorter one, so a binary search over the character
            // boundaries finds it in a logarithmic number of measurements
            // (dropping one character at a time measured a title of a few
            // thousand characters that many times: seconds per page).
            if m.width(face, self.size, text) <= max {
                return text.to_string();
            }
            let ends: Vec<usize> = text.char_indices().map(|(i, _)| i).skip(1).collect();
            let fits = |end: &usize| {
                text.get(..*end)
                    .is_some_and(|p| m.width(face, self.size, &format!("{p}…")) <= max)
            };
            let count = ends.partition_point(fits);
            let kept = count
                .checked_sub(1)
                .and_then(|i| ends.get(i))
                .and_then(|&end| text.get(..end))
                .unwrap_or("");
            format!("{}…", kept.trim_end())
        };
        if self.style.header && self.header_h > 0.0 {
            let baseline = self.page.top + self.size;
            let title = fit(&self.title, width * 0.48);
            items.push(Item::Text {
                x: left,
                y: baseline,
                face,
                size: self.size,
                color: muted,
                text: title,
                adjust: Vec::new(),
            });
            if let Some(s) = section {
                let s = fit(s, width * 0.48);
                let w = run_width(&s, &[], face, self.size);
                items.push(Item::Text {
                    x: right - w,
                    y: baseline,
                    face,
                    size: self.size,
                    color: muted,
                    text: s,
                    adjust: Vec::new(),
                });
            }
            let y = self.page.top + self.size * 1.6;
            items.push(Item::Line {
                x1: left,
                y1: y,
                x2: right,
                y2: y,
                color: rule,
                width: 0.5,
            });
        }
        if self.style.footer && self.footer_h > 0.0 {
            let text = number.to_string();
            let w = m.width(face, self.size, &text);
            let baseline = self.page.height - self.page.bottom - self.size * 0.4;
            if let Some(note) = &self.footer_note {
                let note = fit(note, width * 0.4);
                items.push(Item::Text {
                    x: left,
                    y: baseline,
                    face,
                    size: self.size,
                    color: muted,
                    text: note,
                    adjust: Vec::new(),
                });
            }
            items.push(Item::Text {
                x: left + (width - w) / 2.0,
                y: baseline,
                face,
                size: self.size,
                color: muted,
                text,
                adjust: Vec::new(),
            });
        }
    }
}

/// The text of the document's `header` or `footer` decoration (docutils'
/// `header`/`footer` directives), on one line.
fn decoration_text(doc: &Document, kind: Kind) -> Option<String> {
    let decoration = doc.root.first_child(Kind::Decoration)?;
    let part = decoration.first_child(kind)?;
    let text = part
        .text_content()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (!text.is_empty()).then_some(text)
}

/// Title, author, subject, keywords and language for the PDF.
fn metadata(doc: &Document, title: &str, style: &PdfStyle, build: &BuildInfo) -> Metadata {
    let mut authors = Vec::new();
    let mut subject = String::new();
    let mut keywords = Vec::new();
    doc.root.walk(&mut |e: &Element| {
        if e.kind == Kind::Author && !authors.contains(&e.text_content()) {
            authors.push(e.text_content());
        } else if e.kind == Kind::Meta {
            let content = e.attrs.str("content").unwrap_or("");
            match e.attrs.str("name") {
                Some("description") => subject = content.to_string(),
                Some("keywords") => keywords.extend(
                    content
                        .split(',')
                        .map(|k| k.trim().to_string())
                        .filter(|k| !k.is_empty()),
                ),
                _ => {}
            }
        }
    });
    Metadata {
        title: title.to_string(),
        author: authors.join(", "),
        subject,
        keywords,
        language: style.language.clone(),
        timestamp: build.timestamp,
    }
}
