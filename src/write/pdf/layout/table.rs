//! Tables: column widths from the source (`colspec colwidth`, which
//! `:widths:` sets), row and column spans, cells whose content wraps, one
//! flow box per row, header rows repeated at the top of every page the
//! table continues on, and rows within a row span kept together.

use std::sync::Arc;

use crate::ir::{Element, Kind};

use super::super::fonts::FaceId;
use super::super::linebreak::Align;
use super::blocks::Layouter;
use super::{BoxRole, FlowBox, Frame, Item};

/// A cell placed in the grid.
struct Cell<'e> {
    entry: &'e Element,
    row: usize,
    col: usize,
    colspan: usize,
    rowspan: usize,
    header: bool,
}

/// Widen columns below their minimum, taking the width from the columns
/// with room to spare, in proportion to that room; the total is kept.
fn fit_minimums(widths: &mut [f32], minimum: &[f32], total: f32) {
    let needed: f32 = widths
        .iter()
        .zip(minimum)
        .map(|(w, m)| (m - w).max(0.0))
        .sum();
    if needed <= 0.0 {
        return;
    }
    let spare: f32 = widths
        .iter()
        .zip(minimum)
        .map(|(w, m)| (w - m).max(0.0))
        .sum();
    if spare < needed {
        // Not enough room for every minimum: share the width by minimums.
        let sum: f32 = minimum.iter().sum::<f32>().max(1.0);
        for (w, m) in widths.iter_mut().zip(minimum) {
            *w = total * m / sum;
        }
        return;
    }
    let ratio = needed / spare;
    for (w, m) in widths.iter_mut().zip(minimum) {
        if *w < *m {
            *w = *m;
        } else {
            *w -= (*w - m) * ratio;
        }
    }
}

impl Layouter<'_> {
    pub fn table(&mut self, e: &Element, frame: Frame, out: &mut Vec<FlowBox>) {
        let Some(tgroup) = e.first_child(Kind::Tgroup) else {
            self.warn(e, "pdf-table", "table without a tgroup; skipped");
            return;
        };
        let colspecs: Vec<&Element> = tgroup
            .child_elements()
            .filter(|c| c.kind == Kind::Colspec)
            .collect();
        let cols = tgroup
            .attrs
            .int("cols")
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(colspecs.len())
            .clamp(1, 200);
        let mut weights: Vec<f32> = (0..cols)
            .map(|i| {
                colspecs
                    .get(i)
                    .and_then(|c| c.attrs.int("colwidth"))
                    .map_or(1.0, |w| (w as f32).max(1.0))
            })
            .collect();
        let stubs: Vec<bool> = (0..cols)
            .map(|i| {
                colspecs
                    .get(i)
                    .is_some_and(|c| c.attrs.flag("stub") || c.attrs.int("stub") == Some(1))
            })
            .collect();
        let x0 = frame.x;

        // Caption above the table.
        if let Some(title) = e.first_child(Kind::Title) {
            let mut style = self.body_style();
            style.face = FaceId::new(style.face.family(), true, false);
            let pieces = self.inline_pieces(&title.children, &style, false);
            self.set_paragraph(title, &pieces, frame, Align::Left, &style, out);
            if let Some(last) = out.last_mut() {
                last.keep_with_next = true;
            }
            out.push(FlowBox::glue(3.0));
        }

        // Place the cells in the grid.
        let mut rows: Vec<&Element> = Vec::new();
        let mut header_rows = 0;
        // Header rows first, then body rows (colspecs are read above).
        for part in tgroup.child_elements() {
            let part_rows = part.child_elements().filter(|r| r.kind == Kind::Row);
            if part.kind == Kind::Thead {
                let r: Vec<&Element> = part_rows.collect();
                header_rows += r.len();
                rows.extend(r);
            } else if part.kind == Kind::Tbody {
                rows.extend(part_rows);
            }
        }
        let mut occupied = vec![vec![false; cols]; rows.len()];
        let mut cells: Vec<Cell> = Vec::new();
        for (ri, row) in rows.iter().enumerate() {
            let mut col = 0;
            for entry in row.child_elements().filter(|c| c.kind == Kind::Entry) {
                while col < cols
                    && occupied
                        .get(ri)
                        .and_then(|r| r.get(col))
                        .copied()
                        .unwrap_or(false)
                {
                    col += 1;
                }
                if col >= cols {
                    self.warn(
                        entry,
                        "pdf-table",
                        "table row has more cells than columns; extra cells dropped",
                    );
                    break;
                }
                let colspan =
                    (entry.attrs.int("morecols").unwrap_or(0).max(0) as usize + 1).min(cols - col);
                let rowspan = (entry.attrs.int("morerows").unwrap_or(0).max(0) as usize + 1)
                    .min(rows.len() - ri);
                for r in occupied.iter_mut().skip(ri).take(rowspan) {
                    for c in r.iter_mut().skip(col).take(colspan) {
                        *c = true;
                    }
                }
                cells.push(Cell {
                    entry,
                    row: ri,
                    col,
                    colspan,
                    rowspan,
                    header: ri < header_rows,
                });
                col += colspan;
            }
        }

        // Column widths: the source's proportions (the full frame for wide
        // tables), widened where a column's longest word would not fit.
        let pad = self.size * 0.4;
        let total: f32 = weights.iter().sum();
        let natural = total * self.size * 0.55 + cols as f32 * self.size;
        let width = natural.clamp(frame.width * 0.4, frame.width);
        for w in &mut weights {
            *w = *w / total * width;
        }
        let mut minimum = vec![0.0f32; cols];
        for cell in cells.iter().filter(|c| c.colspan == 1) {
            let bold = cell.header || stubs.get(cell.col).copied().unwrap_or(false);
            let face = FaceId::new(self.body_face.family(), bold, false);
            let text = cell.entry.text_content();
            let longest = text
                .split_whitespace()
                .map(|w| self.m.width(face, self.size, w))
                .fold(0.0f32, f32::max);
            if let Some(m) = minimum.get_mut(cell.col) {
                *m = m.max((longest + 2.0 * pad + 1.0).min(width / cols as f32 * 2.0));
            }
        }
        fit_minimums(&mut weights, &minimum, width);
        // Lay out every cell's content.
        let mut contents: Vec<(Vec<Item>, f32)> = Vec::new();
        for cell in &cells {
            let cx = x0 + weights.iter().take(cell.col).sum::<f32>();
            let cw: f32 = weights.iter().skip(cell.col).take(cell.colspan).sum();
            let inner = Frame::new(cx + pad, (cw - 2.0 * pad).max(12.0));
            let mut boxes = Vec::new();
            let saved = self.style_justify_off();
            // Header and stub cells are bold: set them bold (not made bold
            // afterwards, which would widen the lines past the cell).
            self.bold_body = cell.header || stubs.get(cell.col).copied().unwrap_or(false);
            self.blocks(&cell.entry.children, inner, &mut boxes);
            self.bold_body = false;
            self.restore_justify(saved);
            let mut items = Vec::new();
            let mut y = pad;
            for b in boxes {
                if b.role == BoxRole::PageBreak {
                    continue;
                }
                items.extend(b.items.into_iter().map(|mut item| {
                    item.shift(0.0, y);
                    item
                }));
                y += b.height;
            }
            contents.push((items, y + pad));
        }

        // Row heights: single-row cells first, then spans stretch the last row.
        let min_h = self.size * self.line_height + 2.0 * pad;
        let mut heights = vec![min_h; rows.len()];
        for (cell, (_, h)) in cells.iter().zip(&contents) {
            if cell.rowspan == 1
                && let Some(rh) = heights.get_mut(cell.row)
            {
                *rh = rh.max(*h);
            }
        }
        for (cell, (_, h)) in cells.iter().zip(&contents) {
            if cell.rowspan > 1 {
                let spanned: f32 = heights.iter().skip(cell.row).take(cell.rowspan).sum();
                if *h > spanned
                    && let Some(last) = heights.get_mut(cell.row + cell.rowspan - 1)
                {
                    *last += h - spanned;
                }
            }
        }

        // One box per row.
        let mut row_boxes: Vec<FlowBox> = heights
            .iter()
            .map(|&h| FlowBox::content(h, Vec::new()))
            .collect();
        for (cell, (items, _)) in cells.iter().zip(contents) {
            let cx = x0 + weights.iter().take(cell.col).sum::<f32>();
            let cw: f32 = weights.iter().skip(cell.col).take(cell.colspan).sum();
            let ch: f32 = heights.iter().skip(cell.row).take(cell.rowspan).sum();
            let Some(b) = row_boxes.get_mut(cell.row) else {
                continue;
            };
            let fill = if cell.header {
                Some(self.colors.code_background)
            } else {
                None
            };
            b.items.push(Item::Rect {
                x: cx,
                y: 0.0,
                w: cw,
                h: ch,
                fill,
                stroke: Some((self.colors.rule, 0.6)),
            });
            b.items.extend(items);
            // Rows inside a span stay on one page.
            for r in cell.row..cell.row + cell.rowspan - 1 {
                if let Some(rb) = row_boxes.get_mut(r) {
                    rb.keep_with_next = true;
                }
            }
        }
        // Stroke rectangles must not be painted over by the next cell's
        // fill: draw fills and text first, then strokes, per row.
        for b in &mut row_boxes {
            let (strokes, rest): (Vec<Item>, Vec<Item>) = std::mem::take(&mut b.items)
                .into_iter()
                .partition(|i| matches!(i, Item::Rect { fill: None, .. }));
            let (filled, rest): (Vec<Item>, Vec<Item>) = rest
                .into_iter()
                .partition(|i| matches!(i, Item::Rect { .. }));
            b.items = filled;
            b.items.extend(rest);
            b.items.extend(strokes);
        }

        // Header rows: one box, repeated on each page the table runs onto.
        let body: Vec<FlowBox> = row_boxes.split_off(header_rows.min(row_boxes.len()));
        let header = if row_boxes.is_empty() {
            None
        } else {
            let mut merged = FlowBox::content(0.0, Vec::new());
            for b in &row_boxes {
                for item in &b.items {
                    merged.items.push(item.shifted(0.0, merged.height));
                }
                merged.height += b.height;
            }
            merged.keep_with_next = true;
            Some(Arc::new(merged))
        };
        if let Some(h) = &header {
            out.push((**h).clone());
        }
        let n = body.len();
        for (i, mut b) in body.into_iter().enumerate() {
            b.repeat_header = header.clone();
            // Orphan control: the first two rows stay together.
            if i == 0 && n > 1 {
                b.keep_with_next = true;
            }
            out.push(b);
        }
    }

    /// Cells are set ragged right: justified narrow columns look gappy.
    fn style_justify_off(&mut self) -> (bool, Option<hypher::Lang>) {
        let saved = (self.justify, self.hyphenate);
        self.justify = false;
        self.hyphenate = None;
        saved
    }

    fn restore_justify(&mut self, saved: (bool, Option<hypher::Lang>)) {
        (self.justify, self.hyphenate) = saved;
    }
}

#[cfg(test)]
mod tests {
    use super::fit_minimums;

    #[test]
    fn table_minimum_widths_are_met_and_total_kept() {
        let mut widths = [20.0, 20.0, 160.0];
        fit_minimums(&mut widths, &[40.0, 30.0, 50.0], 200.0);
        assert!(widths[0] >= 40.0 - 1e-3 && widths[1] >= 30.0 - 1e-3);
        assert!((widths.iter().sum::<f32>() - 200.0).abs() < 1e-3);
    }
}
