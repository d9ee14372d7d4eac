//! The table of contents with page numbers. Two passes: the body is laid
//! out and paginated first (it starts on a fresh page after the TOC, so its
//! pagination does not depend on the TOC's length); then the TOC is set
//! with the section page numbers, every entry a link to its section.

use super::fonts::FaceId;
use super::layout::blocks::Layouter;
use super::layout::{FlowBox, Frame, Item, LinkTarget, SectionMark};
use super::linebreak::{Align, LineSettings, Piece, TextStyle, set_lines};

/// A TOC entry: the section and the page number printed for it.
#[derive(Clone, Debug, PartialEq)]
pub struct TocEntry {
    pub mark: SectionMark,
    pub page_number: usize,
}

impl Layouter<'_> {
    /// The TOC boxes: a title, then one line (or more) per entry with a
    /// dotted leader and the page number flush right.
    pub fn toc_boxes(
        &mut self,
        title: &str,
        entries: &[TocEntry],
        max_level: usize,
    ) -> Vec<FlowBox> {
        let frame = Frame::new(self.page.left, self.page.body_width());
        let mut out = Vec::new();
        let title_style = TextStyle {
            face: self.heading_face,
            size: self.style.heading_sizes.first().map_or(17.0, |&s| s as f32),
            color: self.colors.heading,
            rise: 0.0,
            link: None,
            background: None,
        };
        let dummy = crate::ir::Element::new(crate::ir::Kind::Title, crate::ir::Span::NONE);
        self.set_paragraph(
            &dummy,
            &[Piece::Text(title.to_string(), title_style.clone())],
            frame,
            Align::Left,
            &title_style,
            &mut out,
        );
        out.push(FlowBox::glue(self.size));
        let min_level = entries.iter().map(|e| e.mark.level).min().unwrap_or(0);
        for entry in entries.iter().filter(|e| e.mark.level <= max_level) {
            let depth = entry.mark.level.saturating_sub(min_level);
            let top = depth == 0;
            let style = TextStyle {
                face: if top {
                    FaceId::new(self.body_face.family(), true, false)
                } else {
                    self.body_face
                },
                size: self.size,
                color: self.colors.text,
                rise: 0.0,
                link: Some(LinkTarget::Anchor(entry.mark.anchor.as_str().into())),
                background: None,
            };
            if top {
                out.push(FlowBox::glue(self.size * 0.4));
            }
            let number = entry.page_number.to_string();
            let number_w = self.m.width(style.face, style.size, &number);
            let indent = depth as f32 * self.size * 1.5;
            let text_frame = Frame::new(
                frame.x + indent,
                (frame.width - indent - number_w - self.size * 2.5).max(self.size * 6.0),
            );
            let lines = set_lines(
                self.m,
                &[Piece::Text(entry.mark.title.clone(), style.clone())],
                &LineSettings {
                    width: text_frame.width,
                    first_indent: 0.0,
                    align: Align::Left,
                    line_height: self.line_height,
                    hyphenate: None,
                },
                &style,
            );
            let n = lines.len();
            for (i, line) in lines.into_iter().enumerate() {
                let mut items: Vec<Item> = line
                    .items
                    .iter()
                    .map(|it| it.shifted(text_frame.x, 0.0))
                    .collect();
                if i + 1 == n {
                    // Leader dots from the text's end to the number.
                    let dot_w = self.m.width(self.body_face, self.size, ". ");
                    let from = text_frame.x + line.width + self.size * 0.5;
                    let to = frame.x + frame.width - number_w - self.size * 0.5;
                    if dot_w > 0.0 && to > from {
                        let count = ((to - from) / dot_w).floor() as usize;
                        let start = to - count as f32 * dot_w;
                        items.push(Item::Text {
                            x: start,
                            y: line.baseline,
                            face: self.body_face,
                            size: self.size,
                            color: self.colors.muted,
                            text: ". ".repeat(count).trim_end().to_string(),
                            adjust: Vec::new(),
                        });
                    }
                    items.push(Item::Text {
                        x: frame.x + frame.width - number_w,
                        y: line.baseline,
                        face: style.face,
                        size: style.size,
                        color: self.colors.text,
                        text: number.clone(),
                        adjust: Vec::new(),
                    });
                    items.push(Item::Link {
                        x: frame.x + frame.width - number_w,
                        y: 0.0,
                        w: number_w,
                        h: line.height,
                        target: LinkTarget::Anchor(entry.mark.anchor.as_str().into()),
                    });
                }
                let mut b = FlowBox::content(line.height, items);
                b.keep_with_next = i + 1 < n;
                out.push(b);
            }
        }
        out
    }
}
