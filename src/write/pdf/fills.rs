//! Joining a page's stacked fills: the bar and background a block's
//! decoration paints behind each of its boxes (a line, a gap) become one
//! rectangle per run of boxes on the page.
//!
//! Decoration is painted per box because the paginator may cut a block
//! anywhere; on the page, a contents box's left bar was two rectangles
//! per entry, a fifth of the bytes of the 1.4 MB benchmark document's page
//! contents. A rectangle continues an earlier one when it has the same
//! fill, left edge and width and starts where that one ends. The joined
//! rectangle is painted where the first was, so it must not come over
//! anything painted since that the continuation would not have covered:
//! a run is closed by any item painted since that may reach into the
//! area below it.

use super::layout::{Color, Item};

/// Room for a glyph's overhang to the left of a text run's origin and
/// below its baseline, in ems (generous: a real overhang is well under
/// a fifth of an em).
const TEXT_SLACK_EMS: f32 = 0.5;

/// How close (points) a rectangle must start to where a run ends to
/// continue it: positions are written to a thousandth of a point.
const TOUCH: f32 = 0.001;

/// A filled rectangle later ones may extend.
struct OpenRun {
    /// Its index among the page's items.
    index: usize,
    x: f32,
    w: f32,
    fill: Color,
    /// Where it ends (layout `y` grows downwards).
    bottom: f32,
}

/// The open runs of the page being placed.
#[derive(Default)]
pub struct FillRuns {
    open: Vec<OpenRun>,
}

impl FillRuns {
    /// Append `item` to `items`, or extend an open run with it.
    pub fn push(&mut self, items: &mut Vec<Item>, item: Item) {
        let Some((x, y, w, h, fill)) = joinable(&item) else {
            if let Some((left, right, bottom)) = reach(&item) {
                self.close_under(left, right, bottom);
            }
            items.push(item);
            return;
        };
        let continued = self
            .open
            .iter()
            .position(|r| r.x == x && r.w == w && r.fill == fill && (r.bottom - y).abs() <= TOUCH);
        if let Some(pos) = continued {
            let mut run = self.open.swap_remove(pos);
            if let Some(Item::Rect { h: run_h, .. }) = items.get_mut(run.index) {
                *run_h += h;
                run.bottom = y + h;
                // The other runs must not be continued under what the
                // extension now covers.
                self.close_under(x, x + w, y + h);
                self.open.push(run);
                return;
            }
        }
        // Painted here: it closes the runs it may cover, and any run of
        // its own kind.
        self.close_under(x, x + w, y + h);
        self.open
            .retain(|r| !(r.x == x && r.w == w && r.fill == fill));
        self.open.push(OpenRun {
            index: items.len(),
            x,
            w,
            fill,
            bottom: y + h,
        });
        items.push(item);
    }

    /// Close the runs whose continuation (below their bottom, between
    /// their edges) an item reaching from `left` to `right` and down to
    /// `bottom` may overlap.
    fn close_under(&mut self, left: f32, right: f32, bottom: f32) {
        self.open
            .retain(|r| right <= r.x || left >= r.x + r.w || bottom <= r.bottom);
    }
}

/// The place and fill of a rectangle that may join others: filled, not
/// stroked, upright (no negative extent: a union of such rectangles
/// stacked edge to edge is a rectangle).
fn joinable(item: &Item) -> Option<(f32, f32, f32, f32, Color)> {
    match *item {
        Item::Rect {
            x,
            y,
            w,
            h,
            fill: Some(fill),
            stroke: None,
        } if w >= 0.0 && h >= 0.0 => Some((x, y, w, h, fill)),
        _ => None,
    }
}

/// How far a painted item may reach: left and right edges and its lowest
/// point; `None` for what paints nothing (links, anchors).
fn reach(item: &Item) -> Option<(f32, f32, f32)> {
    match item {
        Item::Text { x, y, size, .. } => {
            let slack = size * TEXT_SLACK_EMS;
            // The width is not known here: to the right, a run reaches
            // anywhere.
            Some((x - slack, f32::INFINITY, y + slack))
        }
        Item::Rect {
            x, y, w, h, stroke, ..
        } => {
            let half = stroke.map_or(0.0, |(_, width)| width / 2.0);
            Some((x - half, x + w + half, y + h + half))
        }
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            ..
        } => {
            let half = width / 2.0;
            Some((x1.min(*x2) - half, x1.max(*x2) + half, y1.max(*y2) + half))
        }
        Item::Image { x, y, w, h, .. } => Some((*x, x + w, y + h)),
        Item::Link { .. } | Item::Anchor { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::pdf::fonts::{FaceId, Family};

    const BAR: Color = Color(0.8, 0.8, 0.9);

    fn rect(x: f32, y: f32, w: f32, h: f32, fill: Color) -> Item {
        Item::Rect {
            x,
            y,
            w,
            h,
            fill: Some(fill),
            stroke: None,
        }
    }

    fn text(x: f32, y: f32) -> Item {
        Item::Text {
            x,
            y,
            face: FaceId::new(Family::Serif, false, false),
            size: 10.0,
            color: Color::BLACK,
            text: "entry".into(),
            adjust: Vec::new(),
        }
    }

    fn place(items: Vec<Item>) -> Vec<Item> {
        let mut runs = FillRuns::default();
        let mut out = Vec::new();
        for item in items {
            runs.push(&mut out, item);
        }
        out
    }

    #[test]
    fn fills_a_bar_beside_text_becomes_one_rectangle() {
        let out = place(vec![
            rect(60.0, 100.0, 2.0, 14.7, BAR),
            text(90.0, 111.0),
            rect(60.0, 114.7, 2.0, 2.4, BAR),
            rect(60.0, 117.1, 2.0, 14.7, BAR),
            text(90.0, 128.0),
        ]);
        assert_eq!(out.len(), 3, "{out:?}");
        let Item::Rect { y, h, .. } = out[0] else {
            panic!("{out:?}")
        };
        assert_eq!(y, 100.0);
        assert!((h - 31.8).abs() < 1e-4, "{h}");
    }

    #[test]
    fn fills_are_not_joined_over_what_they_would_cover() {
        // Text painted between reaches into the area the next fill covers:
        // joining would paint that fill under it, not over it.
        let over = place(vec![
            rect(60.0, 100.0, 200.0, 14.0, BAR),
            text(70.0, 112.0),
            rect(60.0, 114.0, 200.0, 14.0, BAR),
        ]);
        assert_eq!(over.len(), 3);
        // A different fill, width or a gap keeps rectangles apart.
        let apart = place(vec![
            rect(60.0, 100.0, 2.0, 10.0, BAR),
            rect(60.0, 110.0, 2.0, 10.0, Color::BLACK),
            rect(60.0, 120.0, 3.0, 10.0, BAR),
            rect(60.0, 131.0, 3.0, 10.0, BAR),
        ]);
        assert_eq!(apart.len(), 4);
        // A stroked rectangle is never joined.
        let stroked = place(vec![
            rect(60.0, 100.0, 2.0, 10.0, BAR),
            Item::Rect {
                x: 60.0,
                y: 110.0,
                w: 2.0,
                h: 10.0,
                fill: Some(BAR),
                stroke: Some((Color::BLACK, 1.0)),
            },
        ]);
        assert_eq!(stroked.len(), 2);
        // Nor is one of negative extent.
        let inverted = place(vec![
            rect(60.0, 100.0, 2.0, 10.0, BAR),
            rect(60.0, 110.0, 2.0, -10.0, BAR),
        ]);
        assert_eq!(inverted.len(), 2);
    }

    #[test]
    fn fills_nested_bars_join_each_with_its_own() {
        let out = place(vec![
            rect(60.0, 100.0, 2.0, 10.0, BAR),
            rect(80.0, 100.0, 2.0, 10.0, Color::BLACK),
            text(90.0, 108.0),
            rect(60.0, 110.0, 2.0, 10.0, BAR),
            rect(80.0, 110.0, 2.0, 10.0, Color::BLACK),
            text(90.0, 118.0),
        ]);
        assert_eq!(out.len(), 4, "{out:?}");
    }
}
