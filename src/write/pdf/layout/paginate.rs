//! Pagination: the flow of boxes cut into pages of the body height.
//!
//! Rules: glue is dropped at the top of a page; a box marked
//! `keep_with_next` is not left at the foot of a page (the chain of such
//! boxes moves to the next page with the box that did not fit, unless the
//! chain alone would not fit a page: then it stays, so pagination always
//! makes progress); a table row that starts a page brings its header rows
//! back; a box taller than a whole page is cut between its lines.

use std::collections::VecDeque;

use super::{BoxRole, FlowBox, Item};

/// A box placed on a page, `y` from the top of the text area.
#[derive(Clone, Debug)]
pub struct Placed {
    pub y: f32,
    pub b: FlowBox,
}

/// Cut `boxes` into pages of height `body_height`.
pub fn paginate(boxes: Vec<FlowBox>, body_height: f32) -> Vec<Vec<Placed>> {
    let mut pages: Vec<Vec<Placed>> = Vec::new();
    let mut current: Vec<Placed> = Vec::new();
    let mut y = 0.0f32;
    let mut queue: VecDeque<FlowBox> = boxes.into();
    let fits = |y: f32, h: f32| y + h <= body_height + 0.01;
    while let Some(b) = queue.pop_front() {
        match b.role {
            BoxRole::PageBreak => {
                if !current.is_empty() {
                    pages.push(std::mem::take(&mut current));
                    y = 0.0;
                }
                continue;
            }
            BoxRole::Glue => {
                if current.is_empty() {
                    continue;
                }
                if !fits(y, b.height) {
                    pages.push(std::mem::take(&mut current));
                    y = 0.0;
                    continue;
                }
                current.push(Placed { y, b: b.clone() });
                y += b.height;
                continue;
            }
            BoxRole::Content => {}
        }
        // A table continuing on a new page repeats its header.
        if current.is_empty()
            && let Some(header) = &b.repeat_header
            && header.height + b.height <= body_height
        {
            let mut h = (**header).clone();
            h.repeat_header = None;
            h.keep_with_next = false;
            y = h.height;
            current.push(Placed { y: 0.0, b: h });
        }
        if fits(y, b.height) {
            let h = b.height;
            current.push(Placed { y, b });
            y += h;
            continue;
        }
        if b.height > body_height {
            // Taller than a page: fill this page's rest if it is worth it,
            // else start a new page, then cut.
            let room = body_height - y;
            if room < body_height * 0.25 && !current.is_empty() {
                pages.push(std::mem::take(&mut current));
                y = 0.0;
                queue.push_front(b);
                continue;
            }
            let (top, rest) = split_box(&b, room);
            if top.height > 0.0 {
                current.push(Placed { y, b: top });
            }
            pages.push(std::mem::take(&mut current));
            y = 0.0;
            if rest.height > 0.0 || !rest.items.is_empty() {
                let mut rest = rest;
                rest.repeat_header = None;
                queue.push_front(rest);
            }
            continue;
        }
        // Move the chain of keep-with-next boxes at the page's foot along.
        let mut moved: Vec<FlowBox> = Vec::new();
        let mut moved_height = 0.0;
        let mut cut = current.len();
        while cut > 0 {
            let Some(last) = current.get(cut - 1) else {
                break;
            };
            let keep = last.b.role == BoxRole::Glue || last.b.keep_with_next;
            if !keep {
                break;
            }
            cut -= 1;
        }
        // Leading glue in the moved part does not count.
        while cut < current.len() && current.get(cut).is_some_and(|p| p.b.role == BoxRole::Glue) {
            cut += 1;
        }
        if cut > 0 && cut < current.len() {
            moved_height = current.iter().skip(cut).map(|p| p.b.height).sum::<f32>();
        }
        if cut > 0 && cut < current.len() && moved_height + b.height <= body_height * 0.9 {
            moved = current.split_off(cut).into_iter().map(|p| p.b).collect();
        }
        pages.push(std::mem::take(&mut current));
        y = 0.0;
        queue.push_front(b);
        for m in moved.into_iter().rev() {
            queue.push_front(m);
        }
    }
    if !current.is_empty() {
        pages.push(current);
    }
    pages
}

/// The vertical extent of an item that must not be cut.
fn solid_extent(item: &Item) -> Option<(f32, f32)> {
    match item {
        Item::Text { y, size, .. } => Some((y - size * 0.95, y + size * 0.3)),
        Item::Image { y, h, .. } => Some((*y, y + h)),
        Item::Rect { .. } | Item::Line { .. } | Item::Link { .. } | Item::Anchor { .. } => None,
    }
}

/// Cut a box at the lowest point at or above `room` that crosses no line
/// of text.
pub fn split_box(b: &FlowBox, room: f32) -> (FlowBox, FlowBox) {
    let extents: Vec<(f32, f32)> = b.items.iter().filter_map(solid_extent).collect();
    let crosses = |cut: f32| {
        extents
            .iter()
            .any(|&(top, bottom)| top < cut - 0.01 && bottom > cut + 0.01)
    };
    let mut candidates: Vec<f32> = extents
        .iter()
        .map(|e| e.1)
        .filter(|&c| c <= room && c > 0.0)
        .collect();
    candidates.push(room);
    candidates.sort_by(|a, c| c.total_cmp(a));
    let cut = candidates
        .into_iter()
        .find(|&c| !crosses(c))
        .unwrap_or(room)
        .max(1.0);
    let mut top = FlowBox::content(cut, Vec::new());
    let mut rest = FlowBox::content((b.height - cut).max(0.0), Vec::new());
    rest.keep_with_next = b.keep_with_next;
    for item in &b.items {
        match item {
            Item::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                let (y0, y1) = (*y, y + h);
                if y0 < cut {
                    top.items.push(Item::Rect {
                        x: *x,
                        y: y0,
                        w: *w,
                        h: y1.min(cut) - y0,
                        fill: *fill,
                        stroke: *stroke,
                    });
                }
                if y1 > cut {
                    let start = y0.max(cut);
                    rest.items.push(Item::Rect {
                        x: *x,
                        y: start - cut,
                        w: *w,
                        h: y1 - start,
                        fill: *fill,
                        stroke: *stroke,
                    });
                }
            }
            Item::Link { x, y, w, h, target } => {
                let (y0, y1) = (*y, y + h);
                if y0 < cut {
                    top.items.push(Item::Link {
                        x: *x,
                        y: y0,
                        w: *w,
                        h: y1.min(cut) - y0,
                        target: target.clone(),
                    });
                }
                if y1 > cut {
                    let start = y0.max(cut);
                    rest.items.push(Item::Link {
                        x: *x,
                        y: start - cut,
                        w: *w,
                        h: y1 - start,
                        target: target.clone(),
                    });
                }
            }
            other => {
                let anchor_y = match other {
                    Item::Text { y, .. } | Item::Image { y, .. } | Item::Anchor { y, .. } => *y,
                    Item::Line { y1, y2, .. } => y1.min(*y2),
                    Item::Rect { y, .. } | Item::Link { y, .. } => *y,
                };
                let in_top = match solid_extent(other) {
                    Some((_, bottom)) => bottom <= cut + 0.01,
                    None => anchor_y < cut,
                };
                if in_top {
                    top.items.push(other.clone());
                } else {
                    rest.items.push(other.shifted(0.0, -cut));
                }
            }
        }
    }
    (top, rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::pdf::fonts::{FaceId, Family};
    use crate::write::pdf::layout::Color;

    fn line(h: f32) -> FlowBox {
        FlowBox::content(
            h,
            vec![Item::Text {
                x: 0.0,
                y: h * 0.8,
                face: FaceId::new(Family::Serif, false, false),
                size: h * 0.7,
                color: Color::BLACK,
                text: "x".into(),
                adjust: Vec::new(),
            }],
        )
    }

    #[test]
    fn paginate_fills_pages_in_order() {
        let boxes: Vec<FlowBox> = (0..25).map(|_| line(10.0)).collect();
        let pages = paginate(boxes, 100.0);
        assert_eq!(pages.len(), 3);
        assert_eq!(pages[0].len(), 10);
        assert!(pages.iter().flatten().all(|p| p.y + p.b.height <= 100.01));
    }

    #[test]
    fn paginate_keeps_heading_with_next() {
        let mut boxes: Vec<FlowBox> = (0..9).map(|_| line(10.0)).collect();
        let mut heading = line(10.0);
        heading.keep_with_next = true;
        boxes.push(heading);
        boxes.push(line(10.0));
        let pages = paginate(boxes, 100.0);
        assert_eq!(pages[0].len(), 9, "the heading moved to page 2");
        assert!(pages[1][0].b.keep_with_next);
    }

    #[test]
    fn paginate_cuts_boxes_taller_than_a_page() {
        let mut tall = FlowBox::content(250.0, Vec::new());
        for i in 0..25 {
            tall.items
                .push(line(10.0).items[0].shifted(0.0, i as f32 * 10.0));
        }
        let pages = paginate(vec![tall], 100.0);
        assert_eq!(pages.len(), 3);
        let count: usize = pages.iter().flatten().map(|p| p.b.items.len()).sum();
        assert_eq!(count, 25);
        assert!(pages.iter().flatten().all(|p| p.y + p.b.height <= 100.01));
    }

    #[test]
    fn paginate_repeats_table_header() {
        let header = std::sync::Arc::new(line(10.0));
        let mut boxes = vec![(*header).clone()];
        for _ in 0..15 {
            let mut row = line(10.0);
            row.repeat_header = Some(header.clone());
            boxes.push(row);
        }
        let pages = paginate(boxes, 100.0);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[1].len(), 1 + 6, "header + remaining rows");
    }
}
