//! Tables: GFM pipe tables when they fit (one header row, no spans, one
//! paragraph per cell), HTML tables otherwise, with each cell's content
//! still written as Markdown between blank lines.

use crate::ir::{Element, Kind, Node};

use super::inline::{InlineMode, html_escape, strong};
use super::markdown::MarkdownWriter;

/// The rows of a table part (`thead`, `tbody`).
fn rows(part: Option<&Element>) -> Vec<&Element> {
    part.map(|p| p.child_elements().filter(|r| r.kind == Kind::Row).collect())
        .unwrap_or_default()
}

fn entries(row: &Element) -> impl Iterator<Item = &Element> {
    row.child_elements().filter(|e| e.kind == Kind::Entry)
}

fn spans(entry: &Element) -> (i64, i64) {
    (
        entry.attrs.int("morerows").unwrap_or(0).max(0),
        entry.attrs.int("morecols").unwrap_or(0).max(0),
    )
}

/// Whether a pipe table can show this table faithfully.
fn fits_pipe_table(head: &[&Element], body: &[&Element], columns: usize) -> bool {
    head.len() == 1
        && head.iter().chain(body).all(|row| {
            entries(row).count() == columns
                && entries(row).all(|entry| {
                    spans(entry) == (0, 0)
                        && entry.children.len() <= 1
                        && entry.children.iter().all(|c| c.is_kind(Kind::Paragraph))
                })
        })
}

impl MarkdownWriter<'_> {
    /// A `table` element.
    pub(super) fn table(&mut self, table: &Element) -> String {
        let Some(tgroup) = table.first_child(Kind::Tgroup) else {
            return String::new();
        };
        let stubs: Vec<bool> = tgroup
            .child_elements()
            .filter(|c| c.kind == Kind::Colspec)
            .map(|c| c.attrs.flag("stub"))
            .collect();
        let columns = tgroup
            .attrs
            .int("cols")
            .and_then(|c| usize::try_from(c).ok())
            .unwrap_or(stubs.len());
        let head = rows(tgroup.first_child(Kind::Thead));
        let body = rows(tgroup.first_child(Kind::Tbody));
        let anchors = Self::anchors(table.ids());
        let title = table.first_child(Kind::Title);
        if columns > 0 && fits_pipe_table(&head, &body, columns) {
            let mut out = String::new();
            if let Some(title) = title {
                let text = self.inline(&title.children, InlineMode::LINE);
                out.push_str(&format!("{anchors}{}\n\n", strong(&text)));
            } else if !anchors.is_empty() {
                out.push_str(&format!("{anchors}\n\n"));
            }
            for (i, row) in head.iter().chain(&body).enumerate() {
                out.push_str(&self.pipe_row(row, &stubs, i >= head.len()));
                out.push('\n');
                if i == 0 {
                    out.push_str(&format!("|{}\n", " --- |".repeat(columns)));
                }
            }
            out.trim_end().to_string()
        } else {
            let mut out = format!("<table{}>", first_id(table));
            out.push_str(&MarkdownWriter::anchors(
                table.ids().get(1..).unwrap_or(&[]),
            ));
            if let Some(title) = title {
                let text = self.inline(&title.children, InlineMode::HTML);
                out.push_str(&format!("\n<caption>{text}</caption>"));
            }
            for (tag, part) in [("thead", &head), ("tbody", &body)] {
                if part.is_empty() {
                    continue;
                }
                out.push_str(&format!("\n<{tag}>"));
                for row in part.iter() {
                    out.push_str("\n<tr>");
                    let mut column = 0usize;
                    for entry in entries(row) {
                        let stub = stubs.get(column).copied().unwrap_or(false);
                        let cell = if tag == "thead" || stub { "th" } else { "td" };
                        out.push('\n');
                        out.push_str(&self.html_cell(entry, cell));
                        let (_, morecols) = spans(entry);
                        column = column
                            .saturating_add(1)
                            .saturating_add(usize::try_from(morecols).unwrap_or(0));
                    }
                    out.push_str("\n</tr>");
                }
                out.push_str(&format!("\n</{tag}>"));
            }
            out.push_str("\n</table>");
            out
        }
    }

    fn pipe_row(&mut self, row: &Element, stubs: &[bool], in_body: bool) -> String {
        let mode = InlineMode {
            single_line: true,
            table: true,
            ..InlineMode::MARKDOWN
        };
        let mut out = String::from("|");
        for (column, entry) in entries(row).enumerate() {
            let text = match entry.children.first() {
                Some(Node::Element(p)) => {
                    let text = self.inline(&p.children, mode);
                    format!("{}{text}", Self::anchors(p.ids()))
                }
                _ => String::new(),
            };
            let stub = in_body && stubs.get(column).copied().unwrap_or(false);
            let text = if stub && !text.is_empty() {
                format!("<strong>{text}</strong>")
            } else {
                text
            };
            out.push(' ');
            out.push_str(&format!("{}{text}", Self::anchors(entry.ids())));
            out.push_str(" |");
        }
        out
    }

    fn html_cell(&mut self, entry: &Element, tag: &str) -> String {
        let (morerows, morecols) = spans(entry);
        let mut attrs = first_id(entry);
        if morerows > 0 {
            attrs.push_str(&format!(" rowspan=\"{}\"", morerows.saturating_add(1)));
        }
        if morecols > 0 {
            attrs.push_str(&format!(" colspan=\"{}\"", morecols.saturating_add(1)));
        }
        let body = self.render_children(&entry.children);
        if body.is_empty() {
            format!("<{tag}{attrs}></{tag}>")
        } else {
            format!("<{tag}{attrs}>\n\n{body}\n\n</{tag}>")
        }
    }
}

fn first_id(e: &Element) -> String {
    e.ids()
        .first()
        .map(|id| format!(" id=\"{}\"", html_escape(id)))
        .unwrap_or_default()
}
