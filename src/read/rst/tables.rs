//! Grid and simple tables (reStructuredText spec, "Tables"; docutils'
//! `tableparser`): isolating the table's lines, finding cells (with row and
//! column spans), and building `table/tgroup/colspec/thead/tbody` with the
//! cell contents parsed as body elements.
//!
//! Lines are handled as character vectors; East Asian wide characters get
//! a padding character after them so columns line up by display width.

use unicode_width::UnicodeWidthChar;

use crate::diag::Severity;
use crate::ir::{Kind, Span};

use super::Parser;
use super::lines::{Line, text_block_end};
use super::machine::Machine;
use super::patterns::is_grid_table_top;
use super::tree::NodeId;

/// Padding after a double-width character (removed from cell text).
const PAD: char = '\u{0}';

/// One cell: rows and columns spanned beyond the first, index of its first
/// line in the table block, and its text lines.
pub struct Cell<'a> {
    pub morerows: usize,
    pub morecols: usize,
    pub offset: usize,
    pub lines: Vec<Line<'a>>,
}

/// Column widths, head rows, body rows (a `None` cell is covered by a span).
pub type TableData<'a> = (
    Vec<usize>,
    Vec<Vec<Option<Cell<'a>>>>,
    Vec<Vec<Option<Cell<'a>>>>,
);

/// A table markup error: message and line offset within the table.
pub struct TableError {
    pub message: String,
    pub offset: usize,
}

fn pad_wide(s: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        out.push(c);
        if !c.is_ascii() && c.width() == Some(2) {
            out.push(PAD);
        }
    }
    out
}

fn to_string(chars: &[char]) -> String {
    chars.iter().filter(|&&c| c != PAD).collect()
}

fn rstrip(chars: &[char]) -> &[char] {
    let mut end = chars.len();
    while end > 0 && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    &chars[..end]
}

/// A rectangle of the table as cell lines (`get_2D_block`): columns
/// `left..right` of rows `top..bottom`, right-stripped, common indent removed.
fn block_2d<'a>(
    rows: &[Vec<char>],
    srcs: &[Line<'a>],
    top: usize,
    left: usize,
    bottom: usize,
    right: usize,
) -> Vec<Line<'a>> {
    let mut cut: Vec<Vec<char>> = Vec::new();
    let mut indent = right;
    for row in rows.iter().take(bottom).skip(top) {
        let l = left.min(row.len());
        let r = right.min(row.len());
        let piece: Vec<char> = rstrip(&row[l..r.max(l)]).to_vec();
        let visible: Vec<char> = piece.iter().copied().filter(|&c| c != PAD).collect();
        if !visible.is_empty() {
            let ind = piece.iter().take_while(|c| c.is_whitespace()).count();
            indent = indent.min(ind);
        }
        cut.push(piece);
    }
    let strip = indent > 0 && indent < right;
    cut.into_iter()
        .enumerate()
        .map(|(k, piece)| {
            let text = if strip {
                to_string(piece.get(indent..).unwrap_or(&[]))
            } else {
                to_string(&piece)
            };
            let src = &srcs[(top + k).min(srcs.len().saturating_sub(1))];
            src.with_text(text)
        })
        .collect()
}

/// Parse a grid table (docutils' `GridTableParser`).
pub fn parse_grid<'a>(srcs: &[Line<'a>]) -> Result<TableData<'a>, TableError> {
    let mut rows: Vec<Vec<char>> = srcs.iter().map(|l| pad_wide(&l.text)).collect();
    let n = rows.len();
    if n < 2 {
        return Err(TableError {
            message: "Malformed table; parse incomplete.".into(),
            offset: 0,
        });
    }
    // head/body separator
    let mut head_body_sep: Option<usize> = None;
    #[allow(clippy::needless_range_loop)] // rows[i] is rewritten in the loop
    for i in 0..n {
        let s: String = rows[i].iter().collect();
        let t = s.trim_end();
        if t.len() >= 4
            && t.starts_with("+=")
            && t.ends_with("=+")
            && t.bytes().all(|b| b == b'=' || b == b'+')
        {
            if let Some(prev) = head_body_sep {
                return Err(TableError {
                    message: format!(
                        "Multiple head/body row separators (table lines {} and {}); only one allowed.",
                        prev + 1,
                        i + 1
                    ),
                    offset: i,
                });
            }
            head_body_sep = Some(i);
            for c in rows[i].iter_mut() {
                if *c == '=' {
                    *c = '-';
                }
            }
        }
    }
    if let Some(h) = head_body_sep
        && (h == 0 || h == n - 1)
    {
        return Err(TableError {
            message: "The head/body row separator may not be the first or last line of the table."
                .into(),
            offset: h,
        });
    }
    let width = rows[0].len();
    let bottom = n - 1;
    let right = width - 1;
    let at = |r: usize, c: usize| -> char {
        rows.get(r)
            .and_then(|row| row.get(c))
            .copied()
            .unwrap_or(' ')
    };
    let mut done: Vec<isize> = vec![-1; width];
    let mut rowseps: std::collections::BTreeSet<usize> = [0].into();
    let mut colseps: std::collections::BTreeSet<usize> = [0].into();
    let mut cells: Vec<(usize, usize, usize, usize)> = Vec::new();
    // Corners still to scan, smallest first (docutils keeps a sorted list;
    // a set pops in the same order without re-sorting).
    let mut corners: std::collections::BTreeSet<(usize, usize)> = [(0, 0)].into();
    let mut guard = 0usize;
    while let Some((top, left)) = corners.pop_first() {
        guard += 1;
        if guard > 4 * (n + 1) * (width + 1) {
            break;
        }
        if top == bottom || left == right || (top as isize) <= done[left] {
            continue;
        }
        // scan_right / scan_down / scan_left / scan_up
        let mut found = None;
        'right: for i in left + 1..=right {
            let c = at(top, i);
            if c == '+' {
                // scan_down
                for j in top + 1..=bottom {
                    let d = at(j, i);
                    if d == '+' {
                        // scan_left
                        let mut ok = true;
                        let mut cs = Vec::new();
                        for k in (left + 1..i).rev() {
                            let e = at(j, k);
                            if e == '+' {
                                cs.push(k);
                            } else if e != '-' {
                                ok = false;
                                break;
                            }
                        }
                        if ok && at(j, left) != '+' {
                            ok = false;
                        }
                        let mut rs = Vec::new();
                        if ok {
                            for k in (top + 1..j).rev() {
                                let e = at(k, left);
                                if e == '+' {
                                    rs.push(k);
                                } else if e != '|' {
                                    ok = false;
                                    break;
                                }
                            }
                        }
                        if ok {
                            found = Some((j, i, rs, cs));
                            break 'right;
                        }
                    } else if d != '|' {
                        break;
                    }
                }
                // the cell's right edge may be further along the top
            } else if c != '-' {
                break;
            }
        }
        let Some((cell_bottom, cell_right, rs, cs)) = found else {
            continue;
        };
        rowseps.insert(top);
        rowseps.insert(cell_bottom);
        rowseps.extend(rs);
        colseps.insert(left);
        colseps.insert(cell_right);
        colseps.extend(cs);
        for col in done.iter_mut().take(cell_right).skip(left) {
            *col = cell_bottom as isize - 1;
        }
        cells.push((top, left, cell_bottom, cell_right));
        corners.insert((top, cell_right));
        corners.insert((cell_bottom, left));
    }
    let last = bottom as isize - 1;
    if done.iter().take(right).any(|&d| d != last) {
        return Err(TableError {
            message: "Malformed table; parse incomplete.".into(),
            offset: 0,
        });
    }
    let rowseps: Vec<usize> = rowseps.into_iter().collect();
    let colseps: Vec<usize> = colseps.into_iter().collect();
    let row_index = |r: usize| rowseps.binary_search(&r).unwrap_or(0);
    let col_index = |c: usize| colseps.binary_search(&c).unwrap_or(0);
    let colspecs: Vec<usize> = colseps.windows(2).map(|w| w[1] - w[0] - 1).collect();
    let mut table: Vec<Vec<Option<Cell<'a>>>> = (0..rowseps.len().saturating_sub(1))
        .map(|_| (0..colspecs.len()).map(|_| None).collect())
        .collect();
    for (top, left, cb, cr) in cells {
        let r = row_index(top);
        let c = col_index(left);
        let morerows = row_index(cb).saturating_sub(r + 1);
        let morecols = col_index(cr).saturating_sub(c + 1);
        let lines = block_2d(&rows, srcs, top + 1, left + 1, cb, cr);
        if let Some(slot) = table.get_mut(r).and_then(|row| row.get_mut(c)) {
            *slot = Some(Cell {
                morerows,
                morecols,
                offset: top + 1,
                lines,
            });
        }
    }
    let (head, body) = match head_body_sep {
        Some(h) => {
            let k = row_index(h);
            let body = table.split_off(k.min(table.len()));
            (table, body)
        }
        None => (Vec::new(), table),
    };
    Ok((colspecs, head, body))
}

fn find_from(row: &[char], ch: char, from: usize) -> Option<usize> {
    row.iter()
        .skip(from)
        .position(|&c| c == ch)
        .map(|p| p + from)
}

/// `parse_columns`: the (start, end) of each run of dashes.
fn parse_columns(line: &[char]) -> Vec<(usize, usize)> {
    let mut cols = Vec::new();
    let mut end = 0;
    while let Some(begin) = find_from(line, '-', end) {
        end = find_from(line, ' ', begin).unwrap_or(line.len());
        cols.push((begin, end));
    }
    cols
}

/// Parse a simple table (docutils' `SimpleTableParser`).
pub fn parse_simple<'a>(srcs: &[Line<'a>]) -> Result<TableData<'a>, TableError> {
    let mut rows: Vec<Vec<char>> = srcs.iter().map(|l| pad_wide(&l.text)).collect();
    let n = rows.len();
    if n < 2 {
        return Err(TableError {
            message: "Malformed table.".into(),
            offset: 0,
        });
    }
    for i in [0, n - 1] {
        for c in rows[i].iter_mut() {
            if *c == '=' {
                *c = '-';
            }
        }
    }
    let mut head_body_sep: Option<usize> = None;
    #[allow(clippy::needless_range_loop)] // rows[i] is rewritten in the loop
    for i in 0..n {
        let is_sep = rows[i].first() == Some(&'=') && rows[i].iter().all(|&c| c == '=' || c == ' ');
        if is_sep {
            if let Some(prev) = head_body_sep {
                return Err(TableError {
                    message: format!(
                        "Multiple head/body row separators (table lines {} and {}); only one allowed.",
                        prev + 1,
                        i + 1
                    ),
                    offset: i,
                });
            }
            head_body_sep = Some(i);
            for c in rows[i].iter_mut() {
                if *c == '=' {
                    *c = '-';
                }
            }
        }
    }
    if let Some(h) = head_body_sep
        && (h == 0 || h == n - 1)
    {
        return Err(TableError {
            message: "The head/body row separator may not be the first or last line of the table."
                .into(),
            offset: h,
        });
    }
    let mut columns = parse_columns(&rows[0]);
    if columns.is_empty() {
        return Err(TableError {
            message: "Malformed table.".into(),
            offset: 0,
        });
    }
    let border_end = columns[columns.len() - 1].1;
    let (first_start, first_end) = columns[0];
    let is_span_line =
        |row: &[char]| row.first() == Some(&'-') && row.iter().all(|&c| c == '-' || c == ' ');
    let mut table: Vec<Vec<Option<Cell<'a>>>> = Vec::new();
    let mut row_starts: Vec<usize> = Vec::new();
    let mut offset = 1;
    let mut start = 1;
    let mut text_found = false;
    while offset < n {
        let line = rows[offset].clone();
        if is_span_line(&line) {
            let spanline = (rstrip(&line).to_vec(), offset);
            parse_simple_row(
                &rows,
                srcs,
                start,
                offset,
                Some(spanline),
                &mut columns,
                border_end,
                &mut table,
            )?;
            row_starts.push(start);
            start = offset + 1;
            text_found = false;
        } else if line
            .get(first_start..first_end.min(line.len()))
            .is_some_and(|s| s.iter().any(|c| !c.is_whitespace()))
        {
            if text_found && offset != start {
                parse_simple_row(
                    &rows,
                    srcs,
                    start,
                    offset,
                    None,
                    &mut columns,
                    border_end,
                    &mut table,
                )?;
                row_starts.push(start);
            }
            start = offset;
            text_found = true;
        } else if !text_found {
            start = offset + 1;
        }
        offset += 1;
    }
    let colspecs: Vec<usize> = columns.iter().map(|(s, e)| e - s).collect();
    let mut first_body_row = 0;
    if let Some(h) = head_body_sep {
        for (i, row) in table.iter().enumerate() {
            let row_offset = row.iter().flatten().next().map_or(0, |c| c.offset);
            if row_offset > h {
                first_body_row = i;
                break;
            }
        }
    }
    let body = table.split_off(first_body_row.min(table.len()));
    Ok((colspecs, table, body))
}

#[allow(clippy::too_many_arguments)]
fn parse_simple_row<'a>(
    rows: &[Vec<char>],
    srcs: &[Line<'a>],
    start: usize,
    end: usize,
    spanline: Option<(Vec<char>, usize)>,
    columns: &mut [(usize, usize)],
    border_end: usize,
    table: &mut Vec<Vec<Option<Cell<'a>>>>,
) -> Result<(), TableError> {
    let lines = &rows[start..end];
    if lines.is_empty() && spanline.is_none() {
        return Ok(());
    }
    let mut cols = match &spanline {
        Some((line, off)) => {
            let mut cols = parse_columns(line);
            if cols.last().map(|c| c.1) != Some(border_end) {
                return Err(TableError {
                    message: format!("Column span incomplete in table line {}.", off + 1),
                    offset: *off,
                });
            }
            if let (Some(last), Some(main_last)) = (cols.last_mut(), columns.last()) {
                last.1 = main_last.1;
            }
            cols
        }
        None => columns.to_vec(),
    };
    // check_columns
    let lastcol = cols.len().saturating_sub(1);
    for i in 0..cols.len() {
        let (cstart, cend) = cols[i];
        let next_start = cols.get(i + 1).map_or(usize::MAX, |c| c.0);
        for (k, line) in lines.iter().enumerate() {
            let beyond = |from: usize, to: usize| -> bool {
                let to = to.min(line.len());
                from < to
                    // the padding after a wide character counts as text,
                    // as in docutils: a wide character may not reach into
                    // the margin
                    && line[from..to].iter().any(|c| !c.is_whitespace())
            };
            if i == lastcol && beyond(cend, usize::MAX) {
                let text_len = rstrip(&line[cstart.min(line.len())..]).len();
                let new_end = cstart + text_len;
                let (main_start, main_end) = columns[columns.len() - 1];
                cols[i] = (cstart, main_end.max(new_end));
                if new_end > main_end {
                    let last = columns.len() - 1;
                    columns[last] = (main_start, new_end);
                }
            } else if beyond(cend, next_start) {
                return Err(TableError {
                    message: format!("Text in column margin in table line {}.", start + k + 1),
                    offset: start + k,
                });
            }
        }
    }
    // init_row
    let mut cells: Vec<Option<Cell<'a>>> = Vec::new();
    let mut ci = 0;
    for &(cstart, cend) in &cols {
        let mut morecols = 0;
        let aligned = columns.get(ci).is_some_and(|c| c.0 == cstart);
        if !aligned {
            return Err(TableError {
                message: format!("Column span alignment problem in table line {}.", start + 2),
                offset: start + 1,
            });
        }
        while columns.get(ci).is_some_and(|c| c.1 != cend) {
            ci += 1;
            morecols += 1;
        }
        if ci >= columns.len() {
            return Err(TableError {
                message: format!("Column span alignment problem in table line {}.", start + 2),
                offset: start + 1,
            });
        }
        let block = block_2d(rows, srcs, start, cstart, end, cend);
        cells.push(Some(Cell {
            morerows: 0,
            morecols,
            offset: start,
            lines: block,
        }));
        ci += 1;
    }
    table.push(cells);
    Ok(())
}

impl<'a> Parser<'a> {
    /// A grid table at `m.pos`.
    pub fn grid_table(&mut self, m: &mut Machine<'a>, parent: NodeId) {
        let start = m.pos;
        let mut messages = Vec::new();
        let mut blank_finish = true;
        let end = match text_block_end(&m.lines, start, true) {
            Ok(e) => e,
            Err(e) => {
                messages.push(self.doc.message(
                    Severity::Error,
                    "Unexpected indentation.",
                    m.span(e),
                    &[],
                ));
                blank_finish = false;
                e
            }
        };
        let mut block: Vec<Line<'a>> = m.lines[start..end]
            .iter()
            .map(|l| l.with_text(l.text.trim().to_string()))
            .collect();
        m.pos = end;
        let width = pad_wide(&block[0].text).len();
        // `last` mirrors the loop variable docutils reports malformed
        // tables at: the line where the last scan stopped.
        let mut last = block.len().saturating_sub(1);
        if let Some(i) = block.iter().position(|l| !l.text.starts_with(['+', '|'])) {
            blank_finish = false;
            m.pos = start + i;
            block.truncate(i);
            last = i;
        }
        let last_is_border = block.last().is_some_and(|l| is_grid_table_top(&l.text));
        if !last_is_border {
            // from the second-last line up to the third one
            let mut cut = None;
            let mut i = block.len().saturating_sub(2);
            while i > 1 {
                last = i;
                if is_grid_table_top(&block[i].text) {
                    cut = Some(i);
                    break;
                }
                i -= 1;
            }
            match cut {
                Some(i) => {
                    blank_finish = false;
                    m.pos = start + i + 1;
                    block.truncate(i + 1);
                }
                None => {
                    let msg = self.malformed_table(
                        &block,
                        "Bottom border missing or corrupt.",
                        last,
                        m,
                        start,
                    );
                    self.doc.tree.append(parent, msg);
                    self.doc.tree.extend(parent, messages);
                    self.table_blank_warning(blank_finish, m, parent);
                    return;
                }
            }
        }
        for (i, l) in block.iter().enumerate() {
            let w = pad_wide(&l.text);
            if w.len() != width || !matches!(w.last(), Some('+') | Some('|')) {
                let msg = self.malformed_table(
                    &block,
                    "Right border not aligned or missing.",
                    i,
                    m,
                    start,
                );
                self.doc.tree.append(parent, msg);
                self.doc.tree.extend(parent, messages);
                self.table_blank_warning(blank_finish, m, parent);
                return;
            }
        }
        match parse_grid(&block) {
            Ok(data) => {
                let table = self.build_table(data, m.span(start), 0, None);
                self.doc.tree.append(parent, table);
            }
            Err(e) => {
                let msg = self.malformed_table(&block, &e.message, e.offset, m, start);
                self.doc.tree.append(parent, msg);
            }
        }
        self.doc.tree.extend(parent, messages);
        self.table_blank_warning(blank_finish, m, parent);
    }

    fn table_blank_warning(&mut self, blank_finish: bool, m: &Machine<'a>, parent: NodeId) {
        if !blank_finish {
            let msg = self.doc.message(
                Severity::Warning,
                "Blank line required after table.",
                m.span(m.pos),
                &[],
            );
            self.doc.tree.append(parent, msg);
        }
    }

    fn malformed_table(
        &mut self,
        block: &[Line<'a>],
        detail: &str,
        offset: usize,
        m: &Machine<'a>,
        start: usize,
    ) -> NodeId {
        let data = super::block::join_lines(block);
        let mut message = "Malformed table.".to_string();
        if !detail.is_empty() {
            message.push('\n');
            message.push_str(detail);
        }
        let _ = m;
        let first = block.first().map_or(m.span(start), |l| l.span());
        let span = Span::new(
            first.file,
            first.line + u32::try_from(offset).unwrap_or(0),
            1,
        );
        self.doc
            .message_with_block(Severity::Error, &message, &data, span)
    }

    /// A simple table at `m.pos`.
    pub fn simple_table(&mut self, m: &mut Machine<'a>, parent: NodeId) {
        let start = m.pos;
        let lines = &m.lines;
        let limit = lines.len() - 1;
        let toplen = lines[start].text.trim().chars().count();
        let is_border =
            |s: &str| s.starts_with('=') && s.trim_end().bytes().all(|b| b == b'=' || b == b' ');
        let mut found = 0;
        let mut found_at = None;
        let mut i = start + 1;
        let mut end = None;
        while i <= limit {
            let line = lines[i].text.as_ref();
            if is_border(line) {
                if line.trim().chars().count() != toplen {
                    let block: Vec<Line<'a>> = lines[start..=i].to_vec();
                    let bf = i == limit || lines[i + 1].is_blank();
                    m.pos = i + 1;
                    let msg = self.malformed_table(
                        &block,
                        "Bottom border or header rule does not match top border.",
                        i - start,
                        m,
                        start,
                    );
                    let msg_span_fix = msg;
                    self.doc.tree.append(parent, msg_span_fix);
                    self.table_blank_warning(bf, m, parent);
                    return;
                }
                found += 1;
                found_at = Some(i);
                if found == 2 || i == limit || lines[i + 1].is_blank() {
                    end = Some(i);
                    break;
                }
            }
            i += 1;
        }
        let Some(end) = end else {
            let (block, extra, bf) = match found_at {
                Some(f) => (
                    lines[start..=f].to_vec(),
                    " or no blank line after table bottom",
                    false,
                ),
                None => (lines[start..].to_vec(), "", true),
            };
            m.pos = start + block.len();
            let msg = self.malformed_table(
                &block,
                &format!("No bottom table border found{extra}."),
                0,
                m,
                start,
            );
            self.doc.tree.append(parent, msg);
            self.table_blank_warning(bf, m, parent);
            return;
        };
        let block: Vec<Line<'a>> = lines[start..=end].to_vec();
        let blank_finish = end == limit || lines[end + 1].is_blank();
        m.pos = end + 1;
        match parse_simple(&block) {
            Ok(data) => {
                let table = self.build_table(data, m.span(start), 0, None);
                self.doc.tree.append(parent, table);
            }
            Err(e) => {
                let msg = self.malformed_table(&block, &e.message, e.offset, m, start);
                self.doc.tree.append(parent, msg);
            }
        }
        self.table_blank_warning(blank_finish, m, parent);
    }

    /// Build the table nodes (docutils' `build_table`).
    pub fn build_table(
        &mut self,
        data: TableData<'a>,
        span: Span,
        mut stub_columns: usize,
        widths: Option<&str>,
    ) -> NodeId {
        let (colwidths, head, body) = data;
        let table = self.doc.tree.element(Kind::Table, span);
        match widths {
            Some("auto") => self
                .doc
                .tree
                .attrs_mut(table)
                .push("classes", "colwidths-auto"),
            Some(_) => self
                .doc
                .tree
                .attrs_mut(table)
                .push("classes", "colwidths-given"),
            None => {}
        }
        let tgroup = self.doc.tree.element(Kind::Tgroup, span);
        self.doc.tree.set(tgroup, "cols", colwidths.len());
        self.doc.tree.append(table, tgroup);
        for w in &colwidths {
            let colspec = self.doc.tree.element(Kind::Colspec, span);
            self.doc.tree.set(colspec, "colwidth", *w);
            if stub_columns > 0 {
                self.doc.tree.set(colspec, "stub", 1i64);
                stub_columns -= 1;
            }
            self.doc.tree.append(tgroup, colspec);
        }
        if !head.is_empty() {
            let thead = self.doc.tree.element(Kind::Thead, span);
            self.doc.tree.append(tgroup, thead);
            for row in head {
                let r = self.build_row(row, span);
                self.doc.tree.append(thead, r);
            }
        }
        let tbody = self.doc.tree.element(Kind::Tbody, span);
        self.doc.tree.append(tgroup, tbody);
        for row in body {
            let r = self.build_row(row, span);
            self.doc.tree.append(tbody, r);
        }
        table
    }

    fn build_row(&mut self, cells: Vec<Option<Cell<'a>>>, span: Span) -> NodeId {
        let row = self.doc.tree.element(Kind::Row, span);
        for cell in cells.into_iter().flatten() {
            let entry = self.doc.tree.element(Kind::Entry, span);
            if cell.morerows > 0 {
                self.doc.tree.set(entry, "morerows", cell.morerows);
            }
            if cell.morecols > 0 {
                self.doc.tree.set(entry, "morecols", cell.morecols);
            }
            self.doc.tree.append(row, entry);
            if cell.lines.iter().any(|l| !l.text.is_empty()) {
                let cspan = cell.lines.first().map_or(span, |l| l.span());
                self.nested_parse(cell.lines, entry, false, cspan);
            }
        }
        row
    }
}
