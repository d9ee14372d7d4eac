//! Table directives (spec, "Tables"): `table` (a title and options for a
//! grid or simple table), `list-table` and `csv-table`.

use crate::diag::Severity;
use crate::ir::Kind;

use super::super::Parser;
use super::super::lines::Line;
use super::super::tables::{Cell, TableData};
use super::super::tree::NodeId;
use super::{
    Directive, DirectiveError, DirectiveResult, DirectiveSpec, OptionKind, OptionValue, Registry,
};

const ALIGN: &[&str] = &["left", "center", "right"];

fn common() -> Vec<(&'static str, OptionKind)> {
    vec![
        ("class", OptionKind::Class),
        ("name", OptionKind::Unchanged),
        ("align", OptionKind::Choice(ALIGN)),
        ("width", OptionKind::LengthOrPercentageOrUnitless),
        ("widths", OptionKind::Widths),
    ]
}

pub fn register(r: &mut Registry) {
    r.insert(
        "table",
        DirectiveSpec::new(run_table)
            .args(0, 1, true)
            .options(&common())
            .content(),
    );
    let mut lt = common();
    lt.push(("header-rows", OptionKind::NonNegativeInt));
    lt.push(("stub-columns", OptionKind::NonNegativeInt));
    r.insert(
        "list-table",
        DirectiveSpec::new(run_list_table)
            .args(0, 1, true)
            .options(&lt)
            .content(),
    );
    let mut csv = lt.clone();
    csv.extend([
        ("header", OptionKind::Unchanged),
        ("file", OptionKind::Path),
        ("url", OptionKind::Uri),
        ("encoding", OptionKind::Encoding),
        ("delim", OptionKind::SingleCharOrWhitespaceOrUnicode),
        ("keepspace", OptionKind::Flag),
        ("quote", OptionKind::SingleCharOrUnicode),
        ("escape", OptionKind::SingleCharOrUnicode),
    ]);
    r.insert(
        "csv-table",
        DirectiveSpec::new(run_csv_table)
            .args(0, 1, true)
            .options(&csv)
            .content(),
    );
}

/// The title node and its messages, from the optional argument.
fn make_title<'a>(p: &mut Parser<'a>, d: &Directive<'a>) -> (Option<NodeId>, Vec<NodeId>) {
    match d.arguments.first() {
        Some(t) => {
            let (title, m) = p.inline_element(Kind::Title, &t.clone(), d.span, d.parent);
            (Some(title), m)
        }
        None => (None, Vec::new()),
    }
}

fn finish_table<'a>(p: &mut Parser<'a>, d: &Directive<'a>, table: NodeId) {
    p.add_classes(table, d);
    if let Some(a) = d.options.str("align") {
        p.doc.tree.set(table, "align", a.to_string());
    }
    if let Some(w) = d.options.str("width") {
        p.doc.tree.set(table, "width", w.to_string());
    }
    p.add_name(table, d);
}

fn widths_str(d: &Directive<'_>) -> Option<String> {
    match d.options.get("widths") {
        Some(OptionValue::Str(s)) => Some(s.clone()),
        Some(OptionValue::IntList(_)) => Some("given".into()),
        _ => None,
    }
}

fn run_table<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    if d.content.is_empty() {
        return Err(DirectiveError::warning(format!(
            "Content block expected for the \"{}\" directive; none found.",
            d.name
        )));
    }
    let (title, mut messages) = make_title(p, d);
    let holder = p.doc.tree.element(Kind::Container, d.span);
    p.parse_content(holder, d);
    let children = p.doc.tree.take_children(holder);
    let tables: Vec<NodeId> = children
        .iter()
        .copied()
        .filter(|&c| p.doc.tree.kind(c) == Some(Kind::Table))
        .collect();
    if children.len() != 1 || tables.len() != 1 {
        let msg = p.doc.message_with_block(
            crate::diag::Severity::Error,
            &format!(
                "Error parsing content block for the \"{}\" directive: exactly one table expected.",
                d.name
            ),
            &d.block_text,
            d.span,
        );
        return Ok(vec![msg]);
    }
    let table = tables[0];
    if let Some(t) = title {
        p.doc.tree.children_mut(table).insert(0, t);
    }
    if let Some(w) = widths_str(d) {
        let class = if w == "auto" {
            "colwidths-auto"
        } else {
            "colwidths-given"
        };
        p.doc.tree.attrs_mut(table).push("classes", class);
    }
    if let Some(OptionValue::IntList(ws)) = d.options.get("widths").cloned() {
        let tgroup = p
            .doc
            .tree
            .children(table)
            .iter()
            .copied()
            .find(|&c| p.doc.tree.kind(c) == Some(Kind::Tgroup));
        if let Some(tg) = tgroup {
            let colspecs: Vec<NodeId> = p
                .doc
                .tree
                .children(tg)
                .iter()
                .copied()
                .filter(|&c| p.doc.tree.kind(c) == Some(Kind::Colspec))
                .collect();
            if colspecs.len() != ws.len() {
                return Err(DirectiveError::error(format!(
                    "\"{}\" widths do not match the number of columns in table ({}).",
                    d.name,
                    colspecs.len()
                )));
            }
            for (c, w) in colspecs.into_iter().zip(ws) {
                p.doc.tree.set(c, "colwidth", w);
            }
        }
    }
    finish_table(p, d, table);
    let mut out = vec![table];
    out.append(&mut messages);
    Ok(out)
}

/// docutils' `check_table_dimensions`: enough rows for the header rows
/// and a body, enough columns in every row for the stub columns and a body.
fn check_table_dimensions(
    d: &Directive<'_>,
    row_lengths: &[usize],
    header_rows: usize,
    stub_columns: usize,
) -> Result<(), DirectiveError> {
    let name = &d.name;
    let rows = row_lengths.len();
    if rows < header_rows {
        return Err(DirectiveError::error(format!(
            "{header_rows} header row(s) specified but only {rows} row(s) of data supplied (\"{name}\" directive)."
        )));
    }
    if rows == header_rows && header_rows > 0 {
        return Err(DirectiveError::error(format!(
            "Insufficient data supplied ({rows} row(s)); no data remaining for table body, required by \"{name}\" directive."
        )));
    }
    for &cols in row_lengths {
        if cols < stub_columns {
            return Err(DirectiveError::error(format!(
                "{stub_columns} stub column(s) specified but only {cols} columns(s) of data supplied (\"{name}\" directive)."
            )));
        }
        if cols == stub_columns && stub_columns > 0 {
            return Err(DirectiveError::error(format!(
                "Insufficient data supplied ({cols} columns(s)); no data remaining for table body, required by \"{name}\" directive."
            )));
        }
    }
    Ok(())
}

/// Rows of cell texts into table data, with header rows and widths.
fn rows_to_table<'a>(
    p: &mut Parser<'a>,
    d: &Directive<'a>,
    rows: Vec<Vec<Vec<Line<'a>>>>,
    header_rows: usize,
) -> Result<TableData<'a>, DirectiveError> {
    let ncols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = match d.options.get("widths") {
        Some(OptionValue::IntList(ws)) => {
            if ws.len() != ncols {
                return Err(DirectiveError::error(format!(
                    "\"{}\" widths do not match the number of columns in table ({ncols}).",
                    d.name
                )));
            }
            ws.iter()
                .map(|&w| usize::try_from(w).unwrap_or(1))
                .collect()
        }
        _ => vec![100 / ncols.max(1); ncols],
    };
    let _ = p;
    let mut table: Vec<Vec<Option<Cell<'a>>>> = Vec::new();
    for row in rows {
        let mut cells: Vec<Option<Cell<'a>>> = Vec::new();
        let n = row.len();
        for lines in row {
            cells.push(Some(Cell {
                morerows: 0,
                morecols: 0,
                offset: 0,
                lines,
            }));
        }
        for _ in n..ncols {
            cells.push(Some(Cell {
                morerows: 0,
                morecols: 0,
                offset: 0,
                lines: Vec::new(),
            }));
        }
        table.push(cells);
    }
    let body = table.split_off(header_rows.min(table.len()));
    Ok((widths, table, body))
}

fn run_list_table<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    if d.content.is_empty() {
        return Err(DirectiveError::error(format!(
            "The \"{}\" directive is empty; content required.",
            d.name
        )));
    }
    let (title, messages) = make_title(p, d);
    let holder = p.doc.tree.element(Kind::Container, d.span);
    p.parse_content(holder, d);
    let children = p.doc.tree.take_children(holder);
    let bad = |p: &mut Parser<'_>, d: &Directive<'_>, detail: &str| -> DirectiveResult {
        let msg = p.doc.message_with_block(
            crate::diag::Severity::Error,
            &format!(
                "Error parsing content block for the \"{}\" directive: {detail}",
                d.name
            ),
            &d.block_text,
            d.span,
        );
        Ok(vec![msg])
    };
    if children.len() != 1 || p.doc.tree.kind(children[0]) != Some(Kind::BulletList) {
        return bad(p, d, "exactly one bullet list expected.");
    }
    let mut rows: Vec<Vec<NodeId>> = Vec::new();
    for (i, &item) in p.doc.tree.children(children[0]).to_vec().iter().enumerate() {
        let kids = p.doc.tree.children(item).to_vec();
        if kids.len() != 1 || p.doc.tree.kind(kids[0]) != Some(Kind::BulletList) {
            return bad(
                p,
                d,
                &format!(
                    "two-level bullet list expected, but row {} does not contain a second-level bullet list.",
                    i + 1
                ),
            );
        }
        rows.push(p.doc.tree.children(kids[0]).to_vec());
    }
    let ncols = rows.first().map_or(0, Vec::len);
    for (i, r) in rows.iter().enumerate() {
        if r.len() != ncols {
            return bad(
                p,
                d,
                &format!(
                    "uniform two-level bullet list expected, but row {} does not contain the same number of items as row 1 ({} vs {ncols}).",
                    i + 1,
                    r.len()
                ),
            );
        }
    }
    let header_rows = usize::try_from(d.options.int("header-rows").unwrap_or(0)).unwrap_or(0);
    let stub = usize::try_from(d.options.int("stub-columns").unwrap_or(0)).unwrap_or(0);
    let widths: Vec<usize> = match d.options.get("widths") {
        Some(OptionValue::IntList(ws)) => {
            if ws.len() != ncols {
                return Err(DirectiveError::error(format!(
                    "\"{}\" widths do not match the number of columns in table ({ncols}).",
                    d.name
                )));
            }
            ws.iter()
                .map(|&w| usize::try_from(w).unwrap_or(1))
                .collect()
        }
        _ => vec![100 / ncols.max(1); ncols],
    };
    let row_lengths: Vec<usize> = rows.iter().map(Vec::len).collect();
    check_table_dimensions(d, &row_lengths, header_rows, stub)?;
    let table = p.doc.tree.element(Kind::Table, d.span);
    if let Some(w) = widths_str(d) {
        let class = if w == "auto" {
            "colwidths-auto"
        } else {
            "colwidths-given"
        };
        p.doc.tree.attrs_mut(table).push("classes", class);
    }
    if let Some(t) = title {
        p.doc.tree.append(table, t);
    }
    let tgroup = p.doc.tree.element(Kind::Tgroup, d.span);
    p.doc.tree.set(tgroup, "cols", ncols);
    p.doc.tree.append(table, tgroup);
    for (i, w) in widths.iter().enumerate() {
        let cs = p.doc.tree.element(Kind::Colspec, d.span);
        p.doc.tree.set(cs, "colwidth", *w);
        if i < stub {
            p.doc.tree.set(cs, "stub", 1i64);
        }
        p.doc.tree.append(tgroup, cs);
    }
    let make_rows = |p: &mut Parser<'_>, rows: &[Vec<NodeId>], into: NodeId| {
        for r in rows {
            let row = p.doc.tree.element(Kind::Row, d.span);
            for &item in r {
                let entry = p.doc.tree.element(Kind::Entry, d.span);
                let kids = p.doc.tree.take_children(item);
                p.doc.tree.extend(entry, kids);
                p.doc.tree.append(row, entry);
            }
            p.doc.tree.append(into, row);
        }
    };
    let hr = header_rows.min(rows.len());
    if hr > 0 {
        let thead = p.doc.tree.element(Kind::Thead, d.span);
        p.doc.tree.append(tgroup, thead);
        make_rows(p, &rows[..hr], thead);
    }
    let tbody = p.doc.tree.element(Kind::Tbody, d.span);
    p.doc.tree.append(tgroup, tbody);
    make_rows(p, &rows[hr..], tbody);
    finish_table(p, d, table);
    let mut out = vec![table];
    out.extend(messages);
    Ok(out)
}

/// Split CSV text into rows of fields (Python `csv` defaults: `"` quotes,
/// doubled quotes escape, `skipinitialspace` unless `keepspace`).
pub fn parse_csv(
    text: &str,
    delim: char,
    quote: char,
    escape: Option<char>,
    keepspace: bool,
) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut at_start = true;
    let mut quoted_field = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            if Some(c) == escape {
                if let Some(n) = chars.next() {
                    field.push(n);
                }
            } else if c == quote {
                if chars.peek() == Some(&quote) && escape.is_none() {
                    chars.next();
                    field.push(quote);
                } else {
                    in_quotes = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        if c == delim {
            row.push(std::mem::take(&mut field));
            at_start = true;
            quoted_field = false;
        } else if c == '\n' {
            row.push(std::mem::take(&mut field));
            rows.push(std::mem::take(&mut row));
            at_start = true;
            quoted_field = false;
        } else if c == quote && at_start {
            in_quotes = true;
            quoted_field = true;
            at_start = false;
        } else if c == ' ' && at_start && !keepspace {
        } else if Some(c) == escape {
            if let Some(n) = chars.next() {
                field.push(n);
            }
            at_start = false;
        } else {
            field.push(c);
            at_start = false;
        }
    }
    if in_quotes {
        return Err("unexpected end of data".into());
    }
    let _ = quoted_field;
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

fn run_csv_table<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    let (title, messages) = make_title(p, d);
    let text = if let Some(path) = d.options.str("file").map(str::to_string) {
        if !d.content.is_empty() {
            return Err(DirectiveError::error(format!(
                "\"{}\" directive may not both specify an external file and have content.",
                d.name
            )));
        }
        p.read_relative(&path, d.span)
            .map_err(|why| DirectiveError::path_problem(Severity::Severe, &d.name, &why))?
    } else if let Some(url) = d.options.str("url") {
        if crate::read::confine::is_fetchable_url(url) {
            return Err(DirectiveError::severe(format!(
                "Problems with \"{}\" directive URL:\n{}.",
                d.name,
                crate::read::confine::url_refusal(url)
            )));
        }
        return Err(DirectiveError::severe(format!(
            "Problems with \"{}\" directive URL \"{url}\":\nunknown url type: {}.",
            d.name,
            crate::ir::attrs::python_str_repr(url)
        )));
    } else {
        if d.content.is_empty() {
            return Err(DirectiveError::warning(format!(
                "The \"{}\" directive requires content; none supplied.",
                d.name
            )));
        }
        d.content_text()
    };
    let delim = d
        .options
        .str("delim")
        .and_then(|s| s.chars().next())
        .unwrap_or(',');
    let quote = d
        .options
        .str("quote")
        .and_then(|s| s.chars().next())
        .unwrap_or('"');
    let escape = d.options.str("escape").and_then(|s| s.chars().next());
    let keepspace = d.options.has("keepspace");
    let parsed = parse_csv(&text, delim, quote, escape, keepspace).map_err(|e| {
        DirectiveError::error(format!(
            "Error with CSV data in \"{}\" directive:\n{e}",
            d.name
        ))
    })?;
    let mut rows: Vec<Vec<Vec<Line<'_>>>> = Vec::new();
    let line = |s: &str| -> Vec<Line<'static>> {
        super::super::lines::split_lines(s, d.span.file, 8)
            .into_iter()
            .map(|l| Line {
                text: std::borrow::Cow::Owned(l.text.into_owned()),
                file: d.span.file,
                lineno: d.span.line,
                col: 1,
            })
            .collect()
    };
    let option_header_rows =
        usize::try_from(d.options.int("header-rows").unwrap_or(0)).unwrap_or(0);
    let mut header_rows = option_header_rows;
    if let Some(h) = d.options.str("header").map(str::to_string) {
        let hrows = parse_csv(&h, delim, quote, escape, keepspace).map_err(|e| {
            DirectiveError::error(format!(
                "Error with CSV data in \"{}\" directive:\n{e}",
                d.name
            ))
        })?;
        for r in hrows {
            rows.push(r.iter().map(|f| line(f)).collect());
            header_rows += 1;
        }
    }
    let stub = usize::try_from(d.options.int("stub-columns").unwrap_or(0)).unwrap_or(0);
    let row_lengths: Vec<usize> = parsed.iter().map(Vec::len).collect();
    check_table_dimensions(d, &row_lengths, option_header_rows, stub)?;
    for r in parsed {
        rows.push(r.iter().map(|f| line(f)).collect());
    }
    let data = rows_to_table(p, d, rows, header_rows)?;
    let table = p.build_table(data, d.span, stub, widths_str(d).as_deref());
    if let Some(t) = title {
        p.doc.tree.children_mut(table).insert(0, t);
    }
    finish_table(p, d, table);
    let mut out = vec![table];
    out.extend(messages);
    Ok(out)
}
