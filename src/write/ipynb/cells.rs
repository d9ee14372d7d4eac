//! Notebook cells: the cell model, the builder that cuts markdown into
//! cells (the style's splitting rules), cell ids, and each cell as
//! nbformat 4.5 JSON.
//!
//! Cell ids (nbformat 4.5, "Cell ids"): 1–64 characters of
//! `[a-zA-Z0-9-_]`, unique in the notebook. Ours are the first 16 hex
//! digits of XXH3-128 over the lesson name and the cell's position, so the
//! same lesson always gives the same ids.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};
use xxhash_rust::xxh3::Xxh3;

use super::json as jupyter;
use crate::write::byte_set::byte_set;

/// An image stored inside a markdown cell (`attachment:NAME` links).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    /// The name links use; unique in the notebook.
    pub name: String,
    pub mime: String,
    /// The file's bytes, base64-encoded.
    pub data: String,
}

/// A run of markdown with the attachments it links to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MarkdownBlock {
    pub text: String,
    pub attachments: Vec<Attachment>,
}

/// What a cell is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellType {
    Markdown,
    Code,
}

/// One notebook cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub cell_type: CellType,
    pub source: String,
    /// Markdown cells only.
    pub attachments: Vec<Attachment>,
    /// `metadata.tags` (e.g. `answer` on exercise answer cells).
    pub tags: Vec<String>,
}

/// Collects blocks in document order and cuts them into cells.
#[derive(Debug)]
pub struct CellBuilder {
    cells: Vec<Cell>,
    markdown: String,
    markdown_lines: usize,
    attachments: Vec<Attachment>,
    attachment_names: BTreeSet<String>,
    /// The current markdown cell holds headings and anchors, nothing to
    /// read on its own.
    only_headings: bool,
    max_lines: usize,
}

impl CellBuilder {
    /// A builder that starts a new markdown cell at the next block once the
    /// current one has `max_lines` lines (0: no limit).
    pub fn new(max_lines: usize) -> CellBuilder {
        CellBuilder {
            cells: Vec::new(),
            markdown: String::new(),
            markdown_lines: 0,
            attachments: Vec::new(),
            attachment_names: BTreeSet::new(),
            only_headings: false,
            max_lines,
        }
    }

    /// Append a markdown block to the current markdown cell (blocks are
    /// separated by a blank line). Empty blocks are dropped.
    pub fn push_markdown(&mut self, block: MarkdownBlock) {
        let text = block.text.trim_matches('\n');
        if text.trim().is_empty() && block.attachments.is_empty() {
            return;
        }
        if self.max_lines > 0 && self.markdown_lines >= self.max_lines {
            self.break_markdown();
        }
        let keep = (self.markdown.is_empty() || self.only_headings) && is_anchor_only(text);
        if !self.markdown.is_empty() {
            self.markdown.push_str("\n\n");
            self.markdown_lines += 1;
        }
        self.markdown.push_str(text);
        // `text.lines().count()` (no line end at either end), by the
        // vectorised count: this runs over every Markdown block.
        if !text.is_empty() {
            self.markdown_lines += memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
        }
        self.only_headings = keep;
        for attachment in block.attachments {
            if self.attachment_names.insert(attachment.name.clone()) {
                self.attachments.push(attachment);
            }
        }
    }

    /// Append a section heading, starting a new markdown cell unless the
    /// current one holds only headings (a heading alone in a cell, right
    /// before its first subsection, would be a cell with nothing to read).
    pub fn push_heading(&mut self, block: MarkdownBlock, new_cell: bool) {
        if new_cell && !self.only_headings {
            self.break_markdown();
        }
        let keep = self.markdown.is_empty() || self.only_headings;
        self.push_markdown(block);
        self.only_headings = keep;
    }

    /// End the current markdown cell (a section boundary).
    pub fn break_markdown(&mut self) {
        self.only_headings = false;
        if self.markdown.is_empty() {
            return;
        }
        let source = std::mem::take(&mut self.markdown);
        self.cells.push(Cell {
            cell_type: CellType::Markdown,
            source,
            attachments: std::mem::take(&mut self.attachments),
            tags: Vec::new(),
        });
        self.attachment_names.clear();
        self.markdown_lines = 0;
    }

    /// Append a code cell (ending the current markdown cell).
    pub fn push_code(&mut self, source: &str, tags: Vec<String>) {
        self.break_markdown();
        self.cells.push(Cell {
            cell_type: CellType::Code,
            source: source.trim_end_matches(['\n', ' ', '\t']).to_string(),
            attachments: Vec::new(),
            tags,
        });
    }

    /// The cells, in order.
    pub fn finish(mut self) -> Vec<Cell> {
        self.break_markdown();
        self.cells
    }
}

/// Whether a block is nothing but `<a id="..."></a>` anchors.
fn is_anchor_only(text: &str) -> bool {
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let Some(after) = rest.strip_prefix("<a id=\"") else {
            return false;
        };
        let Some(end) = after.find("\"></a>") else {
            return false;
        };
        rest = after[end + 6..].trim_start();
    }
    true
}

/// Deterministic, unique cell ids for `count` cells of lesson `lesson`.
pub fn cell_ids(lesson: &str, count: usize) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut ids = Vec::with_capacity(count);
    for position in 0..count {
        let mut salt = 0u32;
        loop {
            let mut hasher = Xxh3::new();
            hasher.update(lesson.as_bytes());
            hasher.update(&[0]);
            hasher.update(position.to_string().as_bytes());
            if salt > 0 {
                hasher.update(&[0]);
                hasher.update(salt.to_string().as_bytes());
            }
            let digest = hasher.digest128().to_be_bytes();
            let id: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
            if seen.insert(id.clone()) {
                ids.push(id);
                break;
            }
            salt += 1;
        }
    }
    ids
}

/// Split text into lines keeping their endings, exactly as Python's
/// `str.splitlines(True)` does (nbformat's `split_lines` uses it), so a
/// notebook read and rewritten by nbformat is unchanged.
pub fn split_lines_like_python(text: &str) -> Vec<String> {
    python_lines(text).map(str::to_string).collect()
}

/// [`split_lines_like_python`] without copies: the lines as slices.
///
/// The scan is by byte, not by character: every line end but three is an
/// ASCII byte, which never occurs inside a multi-byte UTF-8 sequence, and
/// the others are found by their lead bytes (U+0085 is `C2 85`, U+2028
/// and U+2029 are `E2 80 A8` and `E2 80 A9`; neither lead byte is ever a
/// continuation byte). Decoding every character was an eighth of the
/// notebook writer's instructions.
fn python_lines(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        let mut i = start;
        while let Some(&b) = bytes.get(i) {
            if !MAY_END_LINE[usize::from(b)] {
                i += 1;
                continue;
            }
            let next = |k: usize| bytes.get(i + k).copied();
            let end = match b {
                b'\r' if next(1) == Some(b'\n') => i + 2,
                b'\r' | b'\n' | 0x0b | 0x0c | 0x1c | 0x1d | 0x1e => i + 1,
                0xc2 if next(1) == Some(0x85) => i + 2,
                0xe2 if next(1) == Some(0x80) && matches!(next(2), Some(0xa8 | 0xa9)) => i + 3,
                _ => {
                    i += 1;
                    continue;
                }
            };
            let line = text.get(start..end);
            start = end;
            return line;
        }
        let rest = text.get(start..).filter(|r| !r.is_empty());
        start = text.len();
        rest
    })
}

/// The bytes [`python_lines`] looks at: the ASCII line ends and the lead
/// bytes of the others (one table lookup per byte of a notebook's text).
static MAY_END_LINE: [bool; 256] = byte_set(b"\r\n\x0b\x0c\x1c\x1d\x1e\xc2\xe2");

/// Write `cell` as [`json::to_jupyter_json`] writes [`cell_to_json`]'s
/// value at `depth`, without building it: a notebook's cells were a
/// serde_json tree (a string per source line) made only to be written
/// out and dropped.
pub fn write_cell(out: &mut String, cell: &Cell, id: &str, depth: usize) {
    // Keys in sorted order, as Jupyter writes them.
    out.push('{');
    let key = |out: &mut String, name: &str, first: bool| {
        if !first {
            out.push(',');
        }
        jupyter::newline_indent(out, depth + 1);
        jupyter::write_string(out, name);
        out.push_str(": ");
    };
    let markdown = cell.cell_type == CellType::Markdown;
    let mut first = true;
    if markdown && !cell.attachments.is_empty() {
        let mut attachments = Map::new();
        for a in &cell.attachments {
            attachments.insert(a.name.clone(), attachment_bundle(a));
        }
        key(out, "attachments", first);
        first = false;
        jupyter::write_value(out, &Value::Object(attachments), depth + 1);
    }
    key(out, "cell_type", first);
    jupyter::write_string(out, if markdown { "markdown" } else { "code" });
    if !markdown {
        key(out, "execution_count", false);
        out.push_str("null");
    }
    key(out, "id", false);
    jupyter::write_string(out, id);
    key(out, "metadata", false);
    if cell.tags.is_empty() {
        out.push_str("{}");
    } else {
        jupyter::write_value(out, &json!({ "tags": cell.tags }), depth + 1);
    }
    if !markdown {
        key(out, "outputs", false);
        out.push_str("[]");
    }
    key(out, "source", false);
    let mut lines = python_lines(&cell.source).peekable();
    if lines.peek().is_none() {
        out.push_str("[]");
    } else {
        out.push('[');
        for (i, line) in lines.enumerate() {
            if i > 0 {
                out.push(',');
            }
            jupyter::newline_indent(out, depth + 2);
            jupyter::write_string(out, line);
        }
        jupyter::newline_indent(out, depth + 1);
        out.push(']');
    }
    jupyter::newline_indent(out, depth);
    out.push('}');
}

/// The cell as nbformat 4.5 JSON (what [`write_cell`] writes).
#[cfg(test)]
pub fn cell_to_json(cell: &Cell, id: &str) -> Value {
    let source: Vec<Value> = split_lines_like_python(&cell.source)
        .into_iter()
        .map(Value::String)
        .collect();
    let mut metadata = Map::new();
    if !cell.tags.is_empty() {
        metadata.insert("tags".into(), json!(cell.tags));
    }
    let mut object = Map::new();
    object.insert("id".into(), json!(id));
    object.insert("metadata".into(), Value::Object(metadata));
    object.insert("source".into(), Value::Array(source));
    match cell.cell_type {
        CellType::Markdown => {
            object.insert("cell_type".into(), json!("markdown"));
            if !cell.attachments.is_empty() {
                let mut attachments = Map::new();
                for a in &cell.attachments {
                    attachments.insert(a.name.clone(), attachment_bundle(a));
                }
                object.insert("attachments".into(), Value::Object(attachments));
            }
        }
        CellType::Code => {
            object.insert("cell_type".into(), json!("code"));
            object.insert("execution_count".into(), Value::Null);
            object.insert("outputs".into(), json!([]));
        }
    }
    Value::Object(object)
}

/// An attachment's mime bundle. nbformat splits `text/*`, SVG and
/// JavaScript values into lists of lines when writing; base64 has no line
/// breaks, so those become one-item lists, as Jupyter saves them.
fn attachment_bundle(a: &Attachment) -> Value {
    let split = a.mime.starts_with("text/")
        || a.mime == "image/svg+xml"
        || a.mime == "application/javascript";
    let data = if split {
        json!([a.data])
    } else {
        json!(a.data)
    };
    let mut bundle = Map::new();
    bundle.insert(a.mime.clone(), data);
    Value::Object(bundle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(text: &str) -> MarkdownBlock {
        MarkdownBlock {
            text: text.into(),
            attachments: Vec::new(),
        }
    }

    #[test]
    fn ipynb_cell_ids_are_deterministic_unique_and_valid() {
        let a = cell_ids("lesson", 500);
        assert_eq!(a, cell_ids("lesson", 500));
        assert_ne!(a, cell_ids("other", 500));
        let unique: BTreeSet<_> = a.iter().collect();
        assert_eq!(unique.len(), 500);
        for id in &a {
            assert!((1..=64).contains(&id.len()));
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            );
        }
    }

    #[test]
    fn ipynb_cells_written_directly_as_their_json_values() {
        let attachment = |name: &str, mime: &str| Attachment {
            name: name.into(),
            mime: mime.into(),
            data: "QUJD".into(),
        };
        let cells = [
            Cell {
                cell_type: CellType::Markdown,
                source: "# T\n\npara \"q\" \\ \t\r\nx\u{2028}y\u{1}\r".into(),
                attachments: vec![
                    attachment("b.png", "image/png"),
                    attachment("a.svg", "image/svg+xml"),
                ],
                tags: Vec::new(),
            },
            Cell {
                cell_type: CellType::Code,
                source: "print(1)\n".into(),
                attachments: Vec::new(),
                tags: vec!["answer".into(), "x\"y".into()],
            },
            Cell {
                cell_type: CellType::Code,
                source: String::new(),
                attachments: Vec::new(),
                tags: Vec::new(),
            },
            Cell {
                cell_type: CellType::Markdown,
                source: "no newline".into(),
                attachments: Vec::new(),
                tags: Vec::new(),
            },
        ];
        for cell in &cells {
            for depth in [0, 2] {
                let mut direct = String::new();
                write_cell(&mut direct, cell, "id-1", depth);
                let mut reference = String::new();
                jupyter::write_value(&mut reference, &cell_to_json(cell, "id-1"), depth);
                assert_eq!(direct, reference);
            }
        }
    }

    #[test]
    fn ipynb_splitlines_matches_python() {
        assert_eq!(split_lines_like_python("a\nb"), ["a\n", "b"]);
        assert_eq!(
            split_lines_like_python("a\r\nb\rc\n"),
            ["a\r\n", "b\r", "c\n"]
        );
        assert_eq!(split_lines_like_python("x\u{2028}y"), ["x\u{2028}", "y"]);
        assert!(split_lines_like_python("").is_empty());
        assert_eq!(
            split_lines_like_python("é\u{85}ü\u{2029}\u{2027}\x1c\x0b€"),
            ["é\u{85}", "ü\u{2029}", "\u{2027}\x1c", "\x0b", "€"]
        );
    }

    #[test]
    fn ipynb_builder_splits_at_code_and_breaks() {
        let mut b = CellBuilder::new(0);
        b.push_markdown(md("# T"));
        b.push_markdown(md("para"));
        b.push_code("print(1)\n\n", Vec::new());
        b.push_markdown(md("after"));
        b.break_markdown();
        b.push_markdown(md("next"));
        let cells = b.finish();
        let sources: Vec<_> = cells.iter().map(|c| c.source.as_str()).collect();
        assert_eq!(sources, ["# T\n\npara", "print(1)", "after", "next"]);
    }

    #[test]
    fn ipynb_builder_keeps_a_heading_with_its_first_subsection() {
        let mut b = CellBuilder::new(0);
        b.push_heading(md("# Title"), true);
        b.push_heading(md("## Sub"), true);
        b.push_markdown(md("text"));
        b.push_heading(md("## Next"), true);
        b.push_markdown(md("more"));
        let cells = b.finish();
        let sources: Vec<_> = cells.iter().map(|c| c.source.as_str()).collect();
        assert_eq!(sources, ["# Title\n\n## Sub\n\ntext", "## Next\n\nmore"]);
    }

    #[test]
    fn ipynb_builder_keeps_a_lone_anchor_with_what_follows() {
        let mut b = CellBuilder::new(0);
        b.push_markdown(md("<a id=\"top\"></a>"));
        b.push_heading(md("# Title"), true);
        b.push_markdown(md("text"));
        let cells = b.finish();
        assert_eq!(cells.len(), 1);
        assert!(is_anchor_only("<a id=\"a\"></a><a id=\"b\"></a>"));
        assert!(!is_anchor_only("<a id=\"a\"></a>x"));
    }

    #[test]
    fn ipynb_builder_soft_line_limit_cuts_between_blocks() {
        let mut b = CellBuilder::new(3);
        b.push_markdown(md("a\nb"));
        b.push_markdown(md("c"));
        b.push_markdown(md("d"));
        let cells = b.finish();
        let sources: Vec<_> = cells.iter().map(|c| c.source.as_str()).collect();
        assert_eq!(sources, ["a\nb\n\nc", "d"]);
    }
}
