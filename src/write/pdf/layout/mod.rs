//! The layout engine, independent of the PDF library: the resolved tree is
//! turned into a flow of [`FlowBox`]es (a line of text, a row of a table,
//! a slice of a code block, an image), each with positioned [`Item`]s;
//! [`paginate`] then cuts the flow into pages.
//!
//! Coordinates are PDF points. Inside a box, `x` is measured from the left
//! page edge and `y` downwards from the box's top; the paginator gives each
//! box its place on a page, and the renderer flips `y` for PDF.

pub mod blocks;
pub mod code;
pub mod inline;
pub mod paginate;
pub mod parallel;
pub mod table;

use std::sync::Arc;

use super::fonts::FaceId;

/// An RGB colour, components in 0..=1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Color(pub f32, pub f32, pub f32);

impl Color {
    pub const BLACK: Color = Color(0.0, 0.0, 0.0);

    /// Parse `#rrggbb` (or `#rgb`); anything else is black, so a typo in a
    /// style never stops the PDF.
    pub fn from_hex(hex: &str) -> Color {
        let h = hex.trim().trim_start_matches('#');
        let channel = |s: &str| u8::from_str_radix(s, 16).map_or(0.0, |v| f32::from(v) / 255.0);
        match h.len() {
            6 => Color(
                channel(h.get(0..2).unwrap_or("0")),
                channel(h.get(2..4).unwrap_or("0")),
                channel(h.get(4..6).unwrap_or("0")),
            ),
            3 => {
                let dup = |i: usize| {
                    let c = h.get(i..i + 1).unwrap_or("0");
                    channel(&format!("{c}{c}"))
                };
                Color(dup(0), dup(1), dup(2))
            }
            _ => Color::BLACK,
        }
    }

    pub fn from_rgb(rgb: crate::highlight::Rgb) -> Color {
        Color(
            f32::from(rgb.0) / 255.0,
            f32::from(rgb.1) / 255.0,
            f32::from(rgb.2) / 255.0,
        )
    }
}

/// Where a link goes. Shared, not copied: every word of a link's text
/// carries its target through line breaking (a generated table of
/// contents is tens of thousands of links).
#[derive(Clone, Debug, PartialEq)]
pub enum LinkTarget {
    /// An external address.
    Uri(Arc<str>),
    /// An anchor id in this PDF (ids are prefixed with the lesson's doc
    /// name in a book).
    Anchor(Arc<str>),
}

/// One thing drawn on a page.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// A run of text in one face, size and colour; `y` is the baseline.
    /// `adjust` lists extra advance (points) after the char at an index:
    /// kerning and justification, written as `TJ` numbers.
    Text {
        x: f32,
        y: f32,
        face: FaceId,
        size: f32,
        color: Color,
        text: String,
        adjust: Vec<(usize, f32)>,
    },
    /// A rectangle, filled and/or stroked.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Color>,
        stroke: Option<(Color, f32)>,
    },
    /// A straight line.
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        color: Color,
        width: f32,
    },
    /// An image (index into the document's image table), `y` its top.
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        image: usize,
    },
    /// A clickable area.
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        target: LinkTarget,
    },
    /// A destination for internal links at height `y`.
    Anchor { id: String, y: f32 },
}

impl Item {
    /// The item moved down by `dy` (and right by `dx`).
    pub fn shifted(&self, dx: f32, dy: f32) -> Item {
        let mut item = self.clone();
        item.shift(dx, dy);
        item
    }

    /// Move the item down by `dy` and right by `dx`, in place.
    pub fn shift(&mut self, dx: f32, dy: f32) {
        match self {
            Item::Text { x, y, .. }
            | Item::Rect { x, y, .. }
            | Item::Image { x, y, .. }
            | Item::Link { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Item::Line { x1, y1, x2, y2, .. } => {
                *x1 += dx;
                *x2 += dx;
                *y1 += dy;
                *y2 += dy;
            }
            Item::Anchor { y, .. } => *y += dy,
        }
    }
}

/// A section heading in the flow: for the outline, the TOC and the
/// running header.
#[derive(Clone, Debug, PartialEq)]
pub struct SectionMark {
    pub title: String,
    /// 1 for a top-level section of a lesson (0 for a book's chapter).
    pub level: usize,
    pub anchor: String,
}

/// What a box is for the paginator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoxRole {
    /// Content.
    Content,
    /// Vertical space: dropped at the top of a page.
    Glue,
    /// Start a new page here.
    PageBreak,
}

/// A box of the vertical flow.
#[derive(Clone, Debug)]
pub struct FlowBox {
    pub height: f32,
    pub items: Vec<Item>,
    pub role: BoxRole,
    /// Do not end a page after this box (headings, first lines of
    /// paragraphs against orphans, table headers).
    pub keep_with_next: bool,
    /// The baseline of the first text line, for list labels.
    pub baseline: Option<f32>,
    /// A heading starts here.
    pub section: Option<SectionMark>,
    /// A table row: the header rows to repeat when a page starts with it.
    pub repeat_header: Option<Arc<FlowBox>>,
}

impl FlowBox {
    pub fn content(height: f32, items: Vec<Item>) -> FlowBox {
        FlowBox {
            height,
            items,
            role: BoxRole::Content,
            keep_with_next: false,
            baseline: None,
            section: None,
            repeat_header: None,
        }
    }

    pub fn glue(height: f32) -> FlowBox {
        FlowBox {
            role: BoxRole::Glue,
            ..FlowBox::content(height, Vec::new())
        }
    }

    pub fn page_break() -> FlowBox {
        FlowBox {
            role: BoxRole::PageBreak,
            ..FlowBox::content(0.0, Vec::new())
        }
    }
}

/// The text area of the page and the page itself, in points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PageGeometry {
    pub width: f32,
    pub height: f32,
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
}

impl PageGeometry {
    pub fn body_width(&self) -> f32 {
        (self.width - self.left - self.right).max(36.0)
    }

    pub fn body_height(&self) -> f32 {
        (self.height - self.top - self.bottom).max(36.0)
    }
}

/// A horizontal band to lay content into.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub x: f32,
    pub width: f32,
    /// Insets stop here: deep nesting keeps lines readable.
    pub min_width: f32,
}

impl Frame {
    /// A frame at `x`, `width` wide; nested frames keep at least the
    /// smaller of a few centimetres and half of this width.
    pub fn new(x: f32, width: f32) -> Frame {
        Frame {
            x,
            width,
            min_width: (width * 0.5).min(120.0),
        }
    }

    /// The frame narrowed by `left` and `right` points; a frame that would
    /// get narrower than its minimum is kept as it is.
    pub fn inset(&self, left: f32, right: f32) -> Frame {
        let width = self.width - left - right;
        if width >= self.min_width {
            Frame {
                x: self.x + left,
                width,
                min_width: self.min_width,
            }
        } else {
            *self
        }
    }
}

/// Paint a background (and an optional left bar) behind a run of boxes,
/// under their content: admonitions, code blocks, sidebars.
pub fn decorate(
    boxes: &mut [FlowBox],
    frame: Frame,
    fill: Option<Color>,
    bar: Option<(Color, f32)>,
) {
    let shapes = usize::from(fill.is_some()) + usize::from(bar.is_some());
    if shapes == 0 {
        return;
    }
    for b in boxes.iter_mut() {
        if b.role == BoxRole::PageBreak {
            continue;
        }
        // Sized for the box's items: appending them grew the vector in
        // steps, a copy each, at every level of nesting.
        let mut under = Vec::with_capacity(shapes + b.items.len());
        if let Some(fill) = fill {
            under.push(Item::Rect {
                x: frame.x,
                y: 0.0,
                w: frame.width,
                h: b.height,
                fill: Some(fill),
                stroke: None,
            });
        }
        if let Some((color, width)) = bar {
            under.push(Item::Rect {
                x: frame.x,
                y: 0.0,
                w: width,
                h: b.height,
                fill: Some(color),
                stroke: None,
            });
        }
        under.append(&mut b.items);
        b.items = under;
    }
}
