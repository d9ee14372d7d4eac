//! The PDF file (ISO 32000-1, 7.5): header, numbered objects, the
//! cross-reference table and the trailer.
//!
//! Most of a long document's objects are its pages, their content streams
//! and their link annotations; they are written to bytes as they are built
//! ([`RawObject`], on the threads that build them) and never kept as
//! object trees. The rest (printpdf's fonts and images, the catalogue,
//! the outline) are lopdf objects, written here with [`write_object`].
//! Objects come out in number order, so the file is the same whatever
//! order the pages were built in.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

/// An indirect object already written out (`N 0 obj ... endobj`).
#[derive(Clone, Debug, PartialEq)]
pub struct RawObject {
    pub id: u32,
    pub bytes: Vec<u8>,
}

impl RawObject {
    /// `object` as indirect object `id`.
    pub fn new(id: u32, object: &Object) -> RawObject {
        let mut bytes = Vec::with_capacity(64);
        open_object(&mut bytes, id);
        write_object(&mut bytes, object);
        bytes.extend_from_slice(b"\nendobj\n");
        RawObject { id, bytes }
    }

    /// A stream object `id` holding `content` as it is; `filter` names
    /// its encoding (`FlateDecode`), if any.
    pub fn stream(id: u32, content: &[u8], filter: Option<&[u8]>) -> RawObject {
        let mut bytes = Vec::with_capacity(content.len() + 80);
        open_object(&mut bytes, id);
        bytes.extend_from_slice(b"<<");
        if let Some(filter) = filter {
            bytes.extend_from_slice(b"/Filter");
            write_name(&mut bytes, filter);
        }
        bytes.extend_from_slice(b"/Length ");
        push_integer(&mut bytes, content.len());
        bytes.extend_from_slice(b">>stream\n");
        bytes.extend_from_slice(content);
        bytes.extend_from_slice(b"\nendstream\nendobj\n");
        RawObject { id, bytes }
    }
}

/// Where a link annotation goes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LinkAction<'a> {
    /// A URI action (ISO 32000-1, 12.6.4.7).
    Uri(&'a [u8]),
    /// An explicit destination (12.3.2.2): `page` at height `top`.
    Destination { page: ObjectId, top: f32 },
}

/// A link annotation (ISO 32000-1, 12.5.6.5) over `rect` (lower-left and
/// upper-right corners), without a border, written straight to bytes: a
/// long document has tens of thousands, and building each as a lopdf
/// dictionary (a vector per key) cost more than writing it. The bytes are
/// what [`write_object`] writes for the same dictionary.
pub fn write_link_annotation(out: &mut Vec<u8>, rect: [f32; 4], action: LinkAction) {
    out.extend_from_slice(b"<</Type/Annot/Subtype/Link/Rect[");
    for (i, v) in rect.into_iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        push_real(out, v);
    }
    out.extend_from_slice(b"]/Border[0 0 0]");
    match action {
        LinkAction::Uri(uri) => {
            out.extend_from_slice(b"/A<</S/URI/URI");
            write_literal(out, uri);
            out.extend_from_slice(b">>");
        }
        LinkAction::Destination { page, top } => {
            out.extend_from_slice(b"/Dest[");
            write_reference(out, page);
            out.extend_from_slice(b"/XYZ null ");
            push_real(out, top);
            out.extend_from_slice(b" null]");
        }
    }
    out.extend_from_slice(b">>");
}

/// An explicit destination (ISO 32000-1, 12.3.2.2): `page` at height
/// `top` from the page's bottom, position and zoom kept. The outline's
/// entries use it; link annotations write the same array directly.
pub fn xyz_destination(page: ObjectId, top: f32) -> Object {
    Object::Array(vec![
        Object::Reference(page),
        Object::Name(b"XYZ".to_vec()),
        Object::Null,
        Object::Real(top),
        Object::Null,
    ])
}

/// The entries of `dict` as [`write_object`] writes them, without the
/// `<<` and `>>` around them: the part every page shares, written once.
pub fn dictionary_entries(dict: &Dictionary) -> Vec<u8> {
    let mut out = Vec::new();
    write_entries(&mut out, dict);
    out
}

impl RawObject {
    /// A page object `id`: the `common` entries ([`dictionary_entries`]),
    /// its content stream `contents`, and `annots`, its link annotations
    /// one after the other ([`write_link_annotation`]) if it has any.
    pub fn page(id: u32, common: &[u8], contents: ObjectId, annots: &[u8]) -> RawObject {
        let mut bytes = Vec::with_capacity(common.len() + annots.len() + 64);
        open_object(&mut bytes, id);
        bytes.extend_from_slice(b"<<");
        bytes.extend_from_slice(common);
        bytes.extend_from_slice(b"/Contents ");
        write_reference(&mut bytes, contents);
        if !annots.is_empty() {
            bytes.extend_from_slice(b"/Annots[");
            bytes.extend_from_slice(annots);
            bytes.push(b']');
        }
        bytes.extend_from_slice(b">>\nendobj\n");
        RawObject { id, bytes }
    }
}

fn open_object(out: &mut Vec<u8>, id: u32) {
    push_integer(out, id as usize);
    out.extend_from_slice(b" 0 obj\n");
}

/// The whole file: `objects` (lopdf's, generation 0) and `raw` merged in
/// number order, then the cross-reference table and `trailer` (its
/// `/Size` set here).
pub fn assemble(
    version: &str,
    objects: &BTreeMap<ObjectId, Object>,
    mut raw: Vec<RawObject>,
    trailer: &Dictionary,
) -> Vec<u8> {
    raw.sort_by_key(|r| r.id);
    let raw_size: usize = raw.iter().map(|r| r.bytes.len()).sum();
    // Room for everything at once: a file of megabytes grown at its end
    // was copied whole (the outline's long titles had outgrown a flat
    // allowance per object).
    let objects_size: usize = objects.values().map(|o| written_size_bound(o) + 32).sum();
    let xref_size = (objects.len() + raw.len() + 1) * 40;
    let mut out = Vec::with_capacity(raw_size + objects_size + xref_size + 4096);
    out.extend_from_slice(b"%PDF-");
    out.extend_from_slice(version.as_bytes());
    // A comment of bytes above 127: the file is binary (7.5.2).
    out.extend_from_slice(b"\n%\xE2\xE3\xCF\xD3\n");

    let mut offsets: Vec<(u32, usize)> = Vec::with_capacity(objects.len() + raw.len());
    let mut raw = raw.into_iter().peekable();
    for (&(id, _), object) in objects {
        while let Some(r) = raw.next_if(|r| r.id < id) {
            offsets.push((r.id, out.len()));
            out.extend_from_slice(&r.bytes);
        }
        if raw.peek().is_some_and(|r| r.id == id) {
            // Written as raw bytes: those win.
            continue;
        }
        offsets.push((id, out.len()));
        open_object(&mut out, id);
        write_object(&mut out, object);
        out.extend_from_slice(b"\nendobj\n");
    }
    for r in raw {
        offsets.push((r.id, out.len()));
        out.extend_from_slice(&r.bytes);
    }

    let xref_at = out.len();
    write_xref(&mut out, &offsets);
    let size = offsets.last().map_or(1, |&(id, _)| id as usize + 1);
    let mut trailer = trailer.clone();
    trailer.set(
        "Size",
        Object::Integer(i64::try_from(size).unwrap_or(i64::MAX)),
    );
    out.extend_from_slice(b"trailer\n");
    write_object(&mut out, &Object::Dictionary(trailer));
    out.extend_from_slice(b"\nstartxref\n");
    push_integer(&mut out, xref_at);
    out.extend_from_slice(b"\n%%EOF\n");
    out
}

/// The cross-reference table (7.5.4): one subsection per run of
/// consecutive object numbers, object 0 the head of the free list.
fn write_xref(out: &mut Vec<u8>, offsets: &[(u32, usize)]) {
    out.extend_from_slice(b"xref\n");
    let mut entries: Vec<(u32, Option<usize>)> = vec![(0, None)];
    entries.extend(offsets.iter().map(|&(id, at)| (id, Some(at))));
    let mut start = 0;
    while start < entries.len() {
        let first = entries.get(start).map_or(0, |e| e.0);
        let mut end = start + 1;
        while entries
            .get(end)
            .is_some_and(|e| e.0 as usize == first as usize + (end - start))
        {
            end += 1;
        }
        push_integer(out, first as usize);
        out.push(b' ');
        push_integer(out, end - start);
        out.push(b'\n');
        for &(_, at) in entries.get(start..end).unwrap_or(&[]) {
            // Each entry is exactly 20 bytes.
            match at {
                Some(at) => push_xref_entry(out, at),
                None => out.extend_from_slice(b"0000000000 65535 f \n"),
            }
        }
        start = end;
    }
}

/// An in-use cross-reference entry: the offset in ten digits, padded with
/// zeros, generation 0 (7.5.4). Written digit by digit: the file's end is
/// written on one thread after everything else, and a `format!` per entry
/// was 5.4 M instructions of it for the corpus document (callgrind).
fn push_xref_entry(out: &mut Vec<u8>, offset: usize) {
    let mut digits = [0; 20];
    let digits =
        crate::decimal::digit_bytes(u64::try_from(offset).unwrap_or(u64::MAX), &mut digits);
    let mut entry = *b"0000000000 00000 n \n";
    // Right-aligned in the ten places (a file has fewer than 10^10 bytes).
    let pad = 10usize.saturating_sub(digits.len());
    for (slot, &digit) in entry.iter_mut().take(10).skip(pad).zip(digits) {
        *slot = digit;
    }
    out.extend_from_slice(&entry);
}

/// `object` in PDF syntax (7.3).
pub fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(n) => {
            if *n < 0 {
                out.push(b'-');
            }
            push_u64(out, n.unsigned_abs());
        }
        Object::Real(r) => push_real(out, *r),
        Object::Name(name) => write_name(out, name),
        Object::String(bytes, StringFormat::Literal) => write_literal(out, bytes),
        Object::String(bytes, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for &b in bytes {
                out.extend_from_slice(&hex_byte(b));
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 && needs_space_before(item) {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => write_dictionary(out, dict),
        Object::Stream(stream) => {
            let mut dict = stream.dict.clone();
            dict.set(
                "Length",
                Object::Integer(i64::try_from(stream.content.len()).unwrap_or(i64::MAX)),
            );
            write_dictionary(out, &dict);
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference(id) => write_reference(out, *id),
    }
}

/// At least as many bytes as [`write_object`] writes for `object`: every
/// string byte as two hex digits, every name byte as a `#xx` escape,
/// every number and reference at its longest.
fn written_size_bound(object: &Object) -> usize {
    match object {
        Object::Null | Object::Boolean(_) | Object::Integer(_) | Object::Real(_) => 24,
        Object::Reference(_) => 32,
        Object::Name(name) => 1 + 3 * name.len(),
        Object::String(bytes, _) => 2 + 2 * bytes.len(),
        Object::Array(items) => {
            2 + items
                .iter()
                .map(|i| written_size_bound(i) + 1)
                .sum::<usize>()
        }
        Object::Dictionary(dict) => dictionary_size_bound(dict),
        Object::Stream(stream) => dictionary_size_bound(&stream.dict) + 48 + stream.content.len(),
    }
}

fn dictionary_size_bound(dict: &Dictionary) -> usize {
    4 + dict
        .iter()
        .map(|(key, value)| 2 + 3 * key.len() + written_size_bound(value))
        .sum::<usize>()
}

/// `N G R`.
fn write_reference(out: &mut Vec<u8>, (id, generation): ObjectId) {
    push_integer(out, id as usize);
    out.push(b' ');
    push_integer(out, usize::from(generation));
    out.extend_from_slice(b" R");
}

fn write_dictionary(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    write_entries(out, dict);
    out.extend_from_slice(b">>");
}

fn write_entries(out: &mut Vec<u8>, dict: &Dictionary) {
    for (key, value) in dict {
        write_name(out, key);
        if needs_space_before(value) {
            out.push(b' ');
        }
        write_object(out, value);
    }
}

/// Objects that start with a regular character need a space after a
/// name or number before them; delimiters (`/`, `(`, `<`, `[`) do not.
fn needs_space_before(object: &Object) -> bool {
    matches!(
        object,
        Object::Null
            | Object::Boolean(_)
            | Object::Integer(_)
            | Object::Real(_)
            | Object::Reference(_)
    )
}

/// A name (7.3.5): `#xx` for delimiters, white space, `#` and bytes
/// outside `!`..`~`.
fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        if (b'!'..=b'~').contains(&b) && !b"()<>[]{}/%#".contains(&b) {
            out.push(b);
        } else {
            out.push(b'#');
            out.extend_from_slice(&hex_byte(b));
        }
    }
}

/// A literal string (7.3.4.2).
fn write_literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &b in bytes {
        push_literal_byte(out, b);
    }
    out.push(b')');
}

/// One byte inside a literal string: `\`, both parentheses and CR escaped
/// (so no balancing is needed and no line end is read as `\n`), every
/// other byte as it is. Page contents write their glyph codes with it too.
pub(super) fn push_literal_byte(out: &mut Vec<u8>, b: u8) {
    match b {
        b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
        b'\r' => out.extend_from_slice(b"\\r"),
        _ => out.push(b),
    }
}

/// A real number (7.3.3), as page contents write them: at most three
/// decimals, no exponent, 0 for what is not a number. Far finer than the
/// five significant digits readers promise (ISO 32000-1, Annex C), and
/// without the shortest-round-trip float printing that took 3% of the
/// PDF writer in its link rectangles.
fn push_real(out: &mut Vec<u8>, r: f32) {
    super::content::number(out, r);
}

fn push_integer(out: &mut Vec<u8>, n: usize) {
    push_u64(out, u64::try_from(n).unwrap_or(u64::MAX));
}

/// The decimal digits of `n`, without a temporary string (a page's
/// annotations are thousands of numbers).
fn push_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(crate::decimal::digit_bytes(n, &mut [0; 20]));
}

/// Two upper-case hex digits.
fn hex_byte(b: u8) -> [u8; 2] {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    [HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xF)]]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xref_entries_are_twenty_bytes_with_ten_digit_offsets() {
        for offset in [0usize, 7, 1234, 9_999_999_999] {
            let mut out = Vec::new();
            push_xref_entry(&mut out, offset);
            assert_eq!(out, format!("{offset:010} 00000 n \n").into_bytes());
            assert_eq!(out.len(), 20);
        }
    }

    fn text(object: &Object) -> String {
        let mut out = Vec::new();
        write_object(&mut out, object);
        String::from_utf8_lossy(&out).into_owned()
    }

    /// A link annotation as a lopdf dictionary, written by write_object.
    fn annotation_dictionary(rect: [f32; 4], action: LinkAction) -> Dictionary {
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"Annot".to_vec()));
        dict.set("Subtype", Object::Name(b"Link".to_vec()));
        dict.set("Rect", Object::Array(rect.map(Object::Real).to_vec()));
        dict.set("Border", Object::Array(vec![Object::Integer(0); 3]));
        match action {
            LinkAction::Uri(uri) => {
                let mut a = Dictionary::new();
                a.set("S", Object::Name(b"URI".to_vec()));
                a.set("URI", Object::String(uri.to_vec(), StringFormat::Literal));
                dict.set("A", Object::Dictionary(a));
            }
            LinkAction::Destination { page, top } => {
                dict.set("Dest", xyz_destination(page, top));
            }
        }
        dict
    }

    #[test]
    fn file_pages_and_annotations_written_directly_as_write_object_would() {
        let rect = [62.362_206, 703.122_56, -1.5, f32::NAN];
        let actions = [
            LinkAction::Uri(b"https://e.org/a(b)\\c\rd"),
            LinkAction::Destination {
                page: (12, 0),
                top: 841.889_83,
            },
        ];
        let mut annots = Vec::new();
        let mut objects = Vec::new();
        for action in actions {
            let mut direct = Vec::new();
            write_link_annotation(&mut direct, rect, action);
            let dict = Object::Dictionary(annotation_dictionary(rect, action));
            assert_eq!(String::from_utf8_lossy(&direct), text(&dict));
            annots.extend_from_slice(&direct);
            objects.push(dict);
        }
        let mut common = Dictionary::new();
        common.set("Type", Object::Name(b"Page".to_vec()));
        common.set("Parent", Object::Reference((3, 0)));
        common.set(
            "MediaBox",
            Object::Array(vec![Object::Integer(0), Object::Real(595.276)]),
        );
        let mut page = common.clone();
        page.set("Contents", Object::Reference((8, 0)));
        page.set("Annots", Object::Array(objects));
        let entries = dictionary_entries(&common);
        assert_eq!(
            RawObject::page(7, &entries, (8, 0), &annots),
            RawObject::new(7, &Object::Dictionary(page.clone()))
        );
        page.remove(b"Annots");
        assert_eq!(
            RawObject::page(7, &entries, (8, 0), &[]),
            RawObject::new(7, &Object::Dictionary(page))
        );
    }

    #[test]
    fn file_writes_pdf_syntax() {
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"Annot".to_vec()));
        dict.set(
            "Rect",
            Object::Array(vec![
                Object::Real(1.5),
                Object::Integer(-2),
                Object::Real(f32::NAN),
                Object::Real(1e-7),
                Object::Real(-123.45678),
            ]),
        );
        dict.set(
            "Dest",
            Object::Array(vec![Object::Reference((7, 0)), Object::Null]),
        );
        dict.set(
            "URI",
            Object::String(b"a(b\\c\rd".to_vec(), StringFormat::Literal),
        );
        dict.set(
            "ID",
            Object::String(vec![0x00, 0xAB], StringFormat::Hexadecimal),
        );
        dict.set("N", Object::Name(b"A B#/".to_vec()));
        assert_eq!(
            text(&Object::Dictionary(dict)),
            "<</Type/Annot/Rect[1.5 -2 0 0 -123.457]/Dest[7 0 R null]\
             /URI(a\\(b\\\\c\\rd)/ID<00AB>/N/A#20B#23#2F>>"
        );
        let numbers = [i64::MIN, -10, 0, 7, 1_000_000, i64::MAX].map(Object::Integer);
        assert_eq!(
            text(&Object::Array(numbers.to_vec())),
            "[-9223372036854775808 -10 0 7 1000000 9223372036854775807]"
        );
    }

    #[test]
    fn file_cross_references_point_at_objects() {
        let mut objects = BTreeMap::new();
        objects.insert((1, 0), Object::Integer(10));
        objects.insert((4, 0), Object::Name(b"X".to_vec()));
        objects.insert((5, 0), Object::Integer(0));
        let raw = vec![
            RawObject::stream(3, b"BT ET", None),
            RawObject::new(2, &Object::Integer(20)),
            // Raw bytes replace lopdf's object of the same number.
            RawObject::new(5, &Object::Integer(50)),
        ];
        let mut trailer = Dictionary::new();
        trailer.set("Root", Object::Reference((1, 0)));
        let file = assemble("1.7", &objects, raw, &trailer);
        // Offsets count bytes: search the bytes, not a lossy string.
        let find = |needle: &str| {
            file.windows(needle.len())
                .position(|w| w == needle.as_bytes())
        };
        assert!(file.starts_with(b"%PDF-1.7\n%\xE2"));
        assert!(find("3 0 obj\n<</Length 5>>stream\nBT ET\nendstream\nendobj\n").is_some());
        assert!(find("5 0 obj\n50\nendobj").is_some() && find("5 0 obj\n0\n").is_none());
        assert!(find("trailer\n<</Root 1 0 R/Size 6>>").is_some());
        // Every entry's offset is where its object starts.
        let xref = find("xref\n0 6\n").expect("one subsection, objects 0-5");
        let table = &file[xref + "xref\n0 6\n".len()..];
        assert!(table.starts_with(b"0000000000 65535 f \n"));
        for id in 1..=5 {
            let entry = String::from_utf8_lossy(&table[20 * id..20 * id + 20]).into_owned();
            let at: usize = entry[..10].parse().expect("offset");
            assert!(
                file[at..].starts_with(format!("{id} 0 obj\n").as_bytes()),
                "object {id}"
            );
        }
        let tail = String::from_utf8_lossy(&file[xref..]).into_owned();
        let start: usize = tail
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .and_then(|n| n.parse().ok())
            .expect("startxref");
        assert_eq!(start, xref);
    }

    #[test]
    fn file_xref_splits_around_missing_numbers() {
        let mut objects = BTreeMap::new();
        objects.insert((1, 0), Object::Null);
        objects.insert((3, 0), Object::Null);
        let file = assemble("1.7", &objects, Vec::new(), &Dictionary::new());
        let s = String::from_utf8_lossy(&file);
        assert!(s.contains("xref\n0 2\n"), "{s}");
        assert!(s.contains(" n \n3 1\n"), "{s}");
    }
}
