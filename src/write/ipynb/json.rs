//! Jupyter's JSON layout, byte for byte: what `nbformat.writes` produces
//! (`json.dumps(nb, sort_keys=True, indent=1, separators=(",", ": "),
//! ensure_ascii=False)`) plus the trailing newline `nbformat.write` adds.
//!
//! Writing it the way Jupyter does means a notebook opened and saved
//! unchanged in Jupyter gives no diff. Splitting `source` into lines is the
//! caller's job (see `cells`), as it is nbformat's `split_lines`.

use serde_json::Value;

/// Serialise a notebook whose cells are written by `write_cell` (one
/// call per cell, at the depth given) as [`to_jupyter_json`] writes the
/// notebook object: its keys are `cells`, `metadata`, `nbformat` 4 and
/// `nbformat_minor` 5.
pub fn notebook_json(
    cells: usize,
    size_hint: usize,
    write_cell: &mut dyn FnMut(&mut String, usize, usize),
    metadata: &Value,
) -> String {
    let mut out = String::with_capacity(size_hint.max(4096));
    out.push('{');
    newline_indent(&mut out, 1);
    out.push_str("\"cells\": ");
    if cells == 0 {
        out.push_str("[]");
    } else {
        out.push('[');
        for i in 0..cells {
            if i > 0 {
                out.push(',');
            }
            newline_indent(&mut out, 2);
            write_cell(&mut out, i, 2);
        }
        newline_indent(&mut out, 1);
        out.push(']');
    }
    out.push(',');
    newline_indent(&mut out, 1);
    out.push_str("\"metadata\": ");
    write_value(&mut out, metadata, 1);
    out.push(',');
    newline_indent(&mut out, 1);
    out.push_str("\"nbformat\": 4,");
    newline_indent(&mut out, 1);
    out.push_str("\"nbformat_minor\": 5");
    newline_indent(&mut out, 0);
    out.push_str("}\n");
    out
}

/// Serialise a notebook as Jupyter writes it.
pub fn to_jupyter_json(value: &Value) -> String {
    let mut out = String::with_capacity(4096);
    write_value(&mut out, value, 0);
    out.push('\n');
    out
}

pub(super) fn write_value(out: &mut String, value: &Value, depth: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline_indent(out, depth + 1);
                write_value(out, item, depth + 1);
            }
            newline_indent(out, depth);
            out.push(']');
        }
        Value::Object(map) => {
            if map.is_empty() {
                out.push_str("{}");
                return;
            }
            // sort_keys=True: Python sorts str keys by code point, which is
            // Rust's `str` order.
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline_indent(out, depth + 1);
                write_string(out, key);
                out.push_str(": ");
                write_value(out, item, depth + 1);
            }
            newline_indent(out, depth);
            out.push('}');
        }
    }
}

pub(super) fn newline_indent(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push(' ');
    }
}

/// A JSON string as Python's encoder writes it with `ensure_ascii=False`:
/// only `"`, `\` and the C0 controls are escaped, with the short forms for
/// `\b \f \n \r \t` and `\u00xx` (lower-case hex) for the rest.
pub(super) fn write_string(out: &mut String, s: &str) {
    out.push('"');
    // Runs of characters that need no escape are copied whole. Every
    // escaped character is ASCII, and no byte of a multi-byte UTF-8
    // sequence is, so cutting at those bytes keeps whole characters.
    let mut run_start = 0;
    for (i, byte) in s.bytes().enumerate() {
        // One table lookup for the common byte instead of the match's
        // comparisons (this loop reads every byte of the notebook).
        if !JSON_ESCAPED[usize::from(byte)] {
            continue;
        }
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..0x20 => "",
            _ => continue,
        };
        out.push_str(s.get(run_start..i).unwrap_or(""));
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
            out.push(char::from(b"0123456789abcdef"[usize::from(byte & 0xF)]));
        } else {
            out.push_str(escape);
        }
        run_start = i + 1;
    }
    out.push_str(s.get(run_start..).unwrap_or(""));
    out.push('"');
}

/// The bytes [`write_string`] escapes: `"`, `\` and the C0 controls.
static JSON_ESCAPED: [bool; 256] = {
    let mut table = crate::write::byte_set::byte_set(b"\"\\");
    let mut control = 0;
    while control < 0x20 {
        table[control] = true;
        control += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ipynb_json_sorts_keys_and_indents_by_one() {
        let v = json!({"b": [1, "x"], "a": {}, "c": [], "d": {"z": null, "y": true}});
        assert_eq!(
            to_jupyter_json(&v),
            "{\n \"a\": {},\n \"b\": [\n  1,\n  \"x\"\n ],\n \"c\": [],\n \"d\": {\n  \"y\": true,\n  \"z\": null\n }\n}\n"
        );
    }

    #[test]
    fn ipynb_json_escape_table_matches_the_escaper() {
        for byte in 0..=0x7Fu8 {
            let text = char::from(byte).to_string();
            let mut out = String::new();
            write_string(&mut out, &text);
            let escaped = out.len() > text.len() + 2;
            assert_eq!(JSON_ESCAPED[usize::from(byte)], escaped, "byte {byte:#x}");
        }
        assert!((0x80..=0xFF).all(|b| !JSON_ESCAPED[b]));
    }

    #[test]
    fn ipynb_json_escapes_like_python() {
        let v = json!("a\"b\\c\nd\u{1}é\u{7f}\u{2028}");
        assert_eq!(
            to_jupyter_json(&v),
            "\"a\\\"b\\\\c\\nd\\u0001é\u{7f}\u{2028}\"\n"
        );
        let v = json!("\u{1f}λ\r\t\u{8}\u{c}x\u{0}");
        assert_eq!(to_jupyter_json(&v), "\"\\u001fλ\\r\\t\\b\\fx\\u0000\"\n");
    }
}
