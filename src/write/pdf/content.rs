//! Page content streams (ISO 32000-1, 7.8.2 and 8–9), written directly
//! from laid-out items: text objects, rectangles, lines and images.
//!
//! Why not printpdf's operations: turning every drawing step into a
//! printpdf `Op`, then a lopdf `Operation`, then bytes cost two thirds of
//! the PDF writer's time and held the whole book in memory three times
//! over (issue 9's profile). Here each page becomes its bytes in one pass,
//! pages in parallel, and nothing but the bytes is kept. printpdf still
//! embeds and subsets the fonts; [`GlyphCodes`] carries the codes its
//! subset assigned, so this module needs no PDF library at all.

use crate::fast_hash::HashMap;

use super::file::push_literal_byte;
use super::fonts::{FACE_COUNT, FaceId};
use super::layout::{Color, Item};

/// The code of each character, per face: what a text string in the
/// content stream holds for it, two bytes a character (Identity-H) or,
/// for a face whose codes all fit, one ([`super::cmaps`]).
#[derive(Clone, Debug)]
pub struct GlyphCodes {
    faces: Vec<FaceCodes>,
}

/// One face's codes: ASCII in a table (most text), the rest in a map.
#[derive(Clone, Debug)]
struct FaceCodes {
    ascii: [u16; 128],
    other: HashMap<char, u16>,
    /// Written one byte a code (every code is below 256).
    one_byte: bool,
}

impl FaceCodes {
    fn new() -> Self {
        FaceCodes {
            ascii: [0; 128],
            other: HashMap::default(),
            one_byte: false,
        }
    }

    fn get(&self, c: char) -> u16 {
        match self.ascii.get(c as usize) {
            Some(&code) => code,
            None => self.other.get(&c).copied().unwrap_or(0),
        }
    }
}

impl GlyphCodes {
    /// No codes yet: every character is code 0 (`.notdef`).
    pub fn new() -> Self {
        GlyphCodes {
            faces: (0..FACE_COUNT).map(|_| FaceCodes::new()).collect(),
        }
    }

    /// Record the code of `c` in `face`.
    pub fn set(&mut self, face: FaceId, c: char, code: u16) {
        let Some(codes) = self.faces.get_mut(face.index()) else {
            return;
        };
        match codes.ascii.get_mut(c as usize) {
            Some(slot) => *slot = code,
            None => {
                codes.other.insert(c, code);
            }
        }
    }

    /// Write `face`'s codes one byte each: the caller has checked that
    /// they fit and made the font read them so.
    pub fn set_one_byte(&mut self, face: FaceId) {
        if let Some(codes) = self.faces.get_mut(face.index()) {
            codes.one_byte = true;
        }
    }

    /// The codes of `face` (none for a face out of range).
    fn face(&self, face: FaceId) -> Option<&FaceCodes> {
        self.faces.get(face.index())
    }
}

impl Default for GlyphCodes {
    fn default() -> Self {
        Self::new()
    }
}

/// The resource name of a face in every page's font dictionary.
pub fn font_resource_name(face: FaceId) -> String {
    String::from_utf8_lossy(&font_resource_bytes(face)).into_owned()
}

/// [`font_resource_name`] without a string: it is written at every change
/// of font in every page.
fn font_resource_bytes(face: FaceId) -> [u8; 6] {
    let i = face.index() as u8;
    [b'R', b'S', b'T', b'C', b'A', b'A'.saturating_add(i)]
}

/// The resource name of image `i` in the document's XObject dictionary.
pub fn image_resource_name(i: usize) -> String {
    format!("Im{i}")
}

/// What the content stream needs to know besides the items.
pub struct PageContext<'a> {
    /// The page height in points: items measure `y` from the top edge, PDF
    /// from the bottom.
    pub height: f32,
    pub codes: &'a GlyphCodes,
    /// Which faces are embedded: text in any other face is not drawn, so
    /// no font is referenced without a font behind it.
    pub embedded: [bool; FACE_COUNT],
    /// How many images the document's XObject dictionary holds.
    pub image_count: usize,
}

/// The content stream of one page.
pub fn page_content(items: &[Item], cx: &PageContext) -> Vec<u8> {
    let mut w = ContentWriter {
        out: Vec::with_capacity(items.len() * 48),
        cx,
        in_text: false,
        line_origin: (0, 0),
        font: None,
        fill: None,
        colors: Vec::new(),
    };
    for item in items {
        w.item(item);
    }
    w.end_text();
    w.out
}

/// The state a content stream carries between items, so the font and the
/// fill colour are set only when they change and consecutive runs of text
/// share one text object.
struct ContentWriter<'a> {
    out: Vec<u8>,
    cx: &'a PageContext<'a>,
    in_text: bool,
    /// Inside a text object, where the current line starts, in thousandths
    /// of a point: each run moves from there with `Td` (a text object
    /// starts at the origin).
    line_origin: (i64, i64),
    font: Option<(FaceId, f32)>,
    fill: Option<Color>,
    /// Each colour set on the page, with its operands as written.
    colors: Vec<(Color, Vec<u8>)>,
}

impl ContentWriter<'_> {
    fn item(&mut self, item: &Item) {
        match item {
            Item::Text {
                x,
                y,
                face,
                size,
                color,
                text,
                adjust,
            } => self.text(*x, *y, *face, *size, *color, text, adjust),
            Item::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => self.rect(*x, *y, *w, *h, *fill, *stroke),
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                color,
                width,
            } => self.line((*x1, *y1), (*x2, *y2), *color, *width),
            Item::Image { x, y, w, h, image } => self.image(*x, *y, *w, *h, *image),
            // Links become annotations and anchors destinations: neither
            // draws anything, and neither ends a text object.
            Item::Link { .. } | Item::Anchor { .. } => {}
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        x: f32,
        y: f32,
        face: FaceId,
        size: f32,
        color: Color,
        text: &str,
        adjust: &[(usize, f32)],
    ) {
        let embedded = self.cx.embedded.get(face.index()).copied().unwrap_or(false);
        if text.is_empty() || !embedded {
            return;
        }
        if !self.in_text {
            self.out.extend_from_slice(b"BT\n");
            self.in_text = true;
            self.line_origin = (0, 0);
        }
        if self.font != Some((face, size)) {
            self.out.push(b'/');
            self.out.extend_from_slice(&font_resource_bytes(face));
            self.out.push(b' ');
            number(&mut self.out, size);
            self.out.extend_from_slice(b" Tf\n");
            self.font = Some((face, size));
        }
        if self.fill != Some(color) {
            self.color(color, b"rg");
            self.fill = Some(color);
        }
        // `Td` by the difference of positions rounded as `number` rounds
        // them: the runs land exactly where `1 0 0 1 x y Tm` put them, in
        // a third of the bytes (the offset is mostly `0 -14.7`).
        let at = (thousandths(x), thousandths(self.cx.height - y));
        number_thousandths(&mut self.out, at.0 - self.line_origin.0);
        self.out.push(b' ');
        number_thousandths(&mut self.out, at.1 - self.line_origin.1);
        self.out.extend_from_slice(b" Td\n");
        self.line_origin = at;
        self.show_text(face, size, text, adjust);
    }

    /// `(codes) Tj`, or `[(codes) n (codes)] TJ` when some characters are
    /// followed by extra advance (kerning, justification): a `TJ` number is
    /// thousandths of an em, positive to the left (ISO 32000-1, 9.4.3).
    fn show_text(&mut self, face: FaceId, size: f32, text: &str, adjust: &[(usize, f32)]) {
        let codes = self.cx.codes.face(face);
        let one_byte = codes.is_some_and(|f| f.one_byte);
        if adjust.is_empty() {
            // Room made once: the run is most of a page's bytes.
            self.out.reserve(2 * text.len() + 8);
            self.out.push(b'(');
            for c in text.chars() {
                push_sized_code(&mut self.out, codes.map_or(0, |f| f.get(c)), one_byte);
            }
            self.out.extend_from_slice(b") Tj\n");
            return;
        }
        // Layout gives adjustments in character order; others are sorted
        // on a copy.
        let sorted_copy;
        let sorted = if adjust.is_sorted_by_key(|a| a.0) {
            adjust
        } else {
            let mut copy = adjust.to_vec();
            copy.sort_by_key(|a| a.0);
            sorted_copy = copy;
            &sorted_copy
        };
        let mut pending = sorted.iter().peekable();
        self.out.reserve(2 * text.len() + 8);
        self.out.push(b'[');
        self.out.push(b'(');
        for (i, c) in text.chars().enumerate() {
            push_sized_code(&mut self.out, codes.map_or(0, |f| f.get(c)), one_byte);
            let mut total = 0.0;
            while let Some(&&(at, amount)) = pending.peek() {
                if at != i {
                    break;
                }
                total += amount;
                pending.next();
            }
            if total.abs() > 0.001 {
                self.out.extend_from_slice(b") ");
                number(&mut self.out, -total * 1000.0 / size.max(0.1));
                self.out.extend_from_slice(b" (");
            }
        }
        self.out.extend_from_slice(b")] TJ\n");
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.out.extend_from_slice(b"ET\n");
            self.in_text = false;
        }
    }

    fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Color>,
        stroke: Option<(Color, f32)>,
    ) {
        let paint: &[u8] = match (fill, stroke) {
            (Some(_), Some(_)) => b"B",
            (Some(_), None) => b"f",
            (None, Some(_)) => b"S",
            (None, None) => return,
        };
        self.end_text();
        if stroke.is_none()
            && let Some(f) = fill
        {
            // A filled shape changes nothing but the fill colour, which is
            // tracked: no state to save and restore.
            if self.fill != Some(f) {
                self.color(f, b"rg");
                self.fill = Some(f);
            }
            self.numbers(&[x, self.cx.height - (y + h), w, h]);
            self.out.extend_from_slice(b" re f\n");
            return;
        }
        self.out.extend_from_slice(b"q\n");
        if let Some(f) = fill {
            self.color(f, b"rg");
        }
        if let Some((c, width)) = stroke {
            self.color(c, b"RG");
            number(&mut self.out, width);
            self.out.extend_from_slice(b" w\n");
        }
        // `re` from the lower-left corner (PDF's y grows upwards).
        self.numbers(&[x, self.cx.height - (y + h), w, h]);
        self.out.extend_from_slice(b" re ");
        self.out.extend_from_slice(paint);
        self.out.extend_from_slice(b"\nQ\n");
    }

    fn line(&mut self, from: (f32, f32), to: (f32, f32), color: Color, width: f32) {
        self.end_text();
        self.out.extend_from_slice(b"q\n");
        self.color(color, b"RG");
        number(&mut self.out, width);
        self.out.extend_from_slice(b" w\n");
        self.numbers(&[from.0, self.cx.height - from.1]);
        self.out.extend_from_slice(b" m ");
        self.numbers(&[to.0, self.cx.height - to.1]);
        self.out.extend_from_slice(b" l S\nQ\n");
    }

    /// The image's unit square scaled to `w` × `h` with its top at `y`.
    fn image(&mut self, x: f32, y: f32, w: f32, h: f32, image: usize) {
        if image >= self.cx.image_count {
            return;
        }
        self.end_text();
        self.out.extend_from_slice(b"q\n");
        self.numbers(&[w, 0.0, 0.0, h, x, self.cx.height - (y + h)]);
        self.out.extend_from_slice(b" cm /");
        self.out
            .extend_from_slice(image_resource_name(image).as_bytes());
        self.out.extend_from_slice(b" Do\nQ\n");
    }

    /// `r g b rg` (fill) or `RG` (stroke), components clamped to 0..1.
    /// A page sets its few colours hundreds of times: each one's numbers
    /// are formatted once.
    fn color(&mut self, c: Color, operator: &[u8]) {
        let known = self.colors.iter().position(|(known, _)| *known == c);
        let index = known.unwrap_or_else(|| {
            let mut operands = Vec::with_capacity(24);
            numbers(&mut operands, &[c.0, c.1, c.2].map(|v| v.clamp(0.0, 1.0)));
            self.colors.push((c, operands));
            self.colors.len() - 1
        });
        if let Some((_, operands)) = self.colors.get(index) {
            self.out.extend_from_slice(operands);
        }
        self.out.push(b' ');
        self.out.extend_from_slice(operator);
        self.out.push(b'\n');
    }

    fn numbers(&mut self, values: &[f32]) {
        numbers(&mut self.out, values);
    }
}

/// `values` as [`number`]s separated by spaces.
fn numbers(out: &mut Vec<u8>, values: &[f32]) {
    for (i, &v) in values.iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        number(out, v);
    }
}

/// A two-byte Identity-H code inside a literal string (ISO 32000-1,
/// 7.3.4.2), escaped as [`push_literal_byte`] escapes. Half the size of a
/// hex string (`<0041>`), which made most of a page's content stream: page
/// contents are 18% smaller before compression and 9% after.
fn push_code(out: &mut Vec<u8>, code: u16) {
    let bytes = code.to_be_bytes();
    if bytes.iter().any(|&b| LITERAL_ESCAPED[usize::from(b)]) {
        for byte in bytes {
            push_literal_byte(out, byte);
        }
    } else {
        out.extend_from_slice(&bytes);
    }
}

/// A code in one byte or two. The choice is the same for a whole run, so
/// the branch is predictable; it is a flag rather than a function chosen
/// per run so that the writing stays inlined in the loop.
#[inline(always)]
fn push_sized_code(out: &mut Vec<u8>, code: u16, one_byte: bool) {
    if one_byte {
        push_one_byte_code(out, code);
    } else {
        push_code(out, code);
    }
}

/// A one-byte code ([`super::cmaps`]) inside a literal string, escaped
/// as [`push_literal_byte`] escapes. Only faces whose codes are all below
/// 256 are written so; a larger code, which none has, becomes `.notdef`.
fn push_one_byte_code(out: &mut Vec<u8>, code: u16) {
    let byte = u8::try_from(code).unwrap_or(0);
    if LITERAL_ESCAPED[usize::from(byte)] {
        push_literal_byte(out, byte);
    } else {
        out.push(byte);
    }
}

/// The bytes [`push_literal_byte`] escapes.
const LITERAL_ESCAPED: [bool; 256] = crate::write::byte_set::byte_set(b"()\\\r");

/// A PDF real with at most three decimals (a thousandth of a point is far
/// below what any device shows), without trailing zeros or exponent, which
/// PDF does not allow (ISO 32000-1, 7.3.3). Non-finite values, which
/// nothing should produce, are written as 0 rather than as an invalid file.
///
/// Page contents are mostly these numbers (about 900,000 in the 1.4 MB
/// benchmark document's PDF), so no temporary string is made.
pub fn number(out: &mut Vec<u8>, v: f32) {
    number_thousandths(out, thousandths(v));
}

/// `v` in thousandths, rounded as [`number`] writes it (0 for values it
/// writes as 0).
fn thousandths(v: f32) -> i64 {
    let scaled = f64::from(v) * 1000.0;
    if !scaled.is_finite() || scaled.abs() >= 9.0e15 {
        return 0;
    }
    scaled.round() as i64
}

/// A count of thousandths as a PDF real, as [`number`] writes it.
fn number_thousandths(out: &mut Vec<u8>, thousandths: i64) {
    let magnitude = thousandths.unsigned_abs();
    let (whole, frac) = (magnitude / 1000, magnitude % 1000);
    // Formatted into a fixed buffer that is appended whole, then cut to
    // the number's length: a copy of a constant size is a couple of
    // stores, where a push per byte (or a copy of the number's own length,
    // a memcpy call) cost more than the digits. `thousandths` is below
    // 9e15, so at most 18 bytes: `-`, 13 digits, `.`, 3 decimals.
    let mut buf = [0u8; 24];
    let mut len = 0;
    if thousandths < 0 {
        put(&mut buf, &mut len, b'-');
    }
    // The digits straight into place, from the count of them (copying
    // them from `decimal::digit_bytes`'s buffer instead measured 24 M more
    // instructions over the corpus document's PDF: all of this loop's
    // gain).
    let digits = whole.checked_ilog10().map_or(1, |log| log as usize + 1);
    let mut rest = whole;
    for at in (len..len + digits).rev() {
        if let Some(slot) = buf.get_mut(at) {
            *slot = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
    }
    len += digits;
    if frac != 0 {
        // Three decimals, trailing zeros dropped.
        put(&mut buf, &mut len, b'.');
        put(&mut buf, &mut len, b'0' + (frac / 100) as u8);
        if frac % 100 != 0 {
            put(&mut buf, &mut len, b'0' + (frac / 10 % 10) as u8);
            if frac % 10 != 0 {
                put(&mut buf, &mut len, b'0' + (frac % 10) as u8);
            }
        }
    }
    let end = out.len() + len.min(buf.len());
    out.extend_from_slice(&buf);
    out.truncate(end);
}

/// Write `byte` at `buf[*len]` and count it.
#[inline]
fn put(buf: &mut [u8; 24], len: &mut usize, byte: u8) {
    if let Some(slot) = buf.get_mut(*len) {
        *slot = byte;
    }
    *len += 1;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(v: f32) -> String {
        let mut out = Vec::new();
        number(&mut out, v);
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn content_numbers_are_plain_pdf_reals() {
        assert_eq!(num(0.0), "0");
        assert_eq!(num(12.0), "12");
        assert_eq!(num(-3.5), "-3.5");
        assert_eq!(num(0.125), "0.125");
        assert_eq!(num(0.05), "0.05");
        assert_eq!(num(841.89), "841.89");
        assert_eq!(num(-0.0001), "0");
        assert_eq!(num(1.0e30), "0");
        assert_eq!(num(f32::NAN), "0");
        assert_eq!(num(1234567.0), "1234567");
        assert_eq!(num(-0.5), "-0.5");
        assert_eq!(num(-1234.001), "-1234.001");
        assert_eq!(num(10.1), "10.1");
        assert_eq!(num(100.0), "100");
        assert_eq!(num(1_099_511_627_776.0), "1099511627776");
        assert_eq!(num(-1_099_511_627_776.0), "-1099511627776");
    }

    #[test]
    fn content_thousandths_match_a_plain_formatting() {
        let reference = |t: i64| {
            let sign = if t < 0 { "-" } else { "" };
            let m = t.unsigned_abs();
            let frac = format!("{:03}", m % 1000);
            let frac = frac.trim_end_matches('0');
            if frac.is_empty() {
                format!("{sign}{}", m / 1000)
            } else {
                format!("{sign}{}.{frac}", m / 1000)
            }
        };
        let mut values: Vec<i64> = (-20_000..20_000).collect();
        for p in 0..16 {
            let n = 10i64.pow(p);
            values.extend([n - 1, n, n + 1, -n, 8_999_999_999_999_999]);
        }
        for t in values {
            let mut out = b"x".to_vec();
            number_thousandths(&mut out, t);
            assert_eq!(out.get(1..), Some(reference(t).as_bytes()), "{t}");
        }
    }

    /// Black text in face 0 at 10 pt on the baseline `y`.
    fn text_item(x: f32, y: f32, text: &str, adjust: Vec<(usize, f32)>) -> Item {
        Item::Text {
            x,
            y,
            face: FaceId(0),
            size: 10.0,
            color: Color::BLACK,
            text: text.into(),
            adjust,
        }
    }

    fn context(codes: &GlyphCodes) -> PageContext<'_> {
        PageContext {
            height: 800.0,
            codes,
            embedded: [true; FACE_COUNT],
            image_count: 1,
        }
    }

    #[test]
    fn content_text_runs_share_a_text_object_and_state() {
        let mut codes = GlyphCodes::new();
        codes.set(FaceId(0), 'A', 0x24);
        codes.set(FaceId(0), 'é', 0x1F0);
        let items = [
            text_item(10.0, 100.0, "A", Vec::new()),
            text_item(20.0, 100.0, "é", Vec::new()),
        ];
        let out = page_content(&items, &context(&codes));
        assert_eq!(
            out,
            b"BT\n/RSTCAA 10 Tf\n0 0 0 rg\n10 700 Td\n(\x00\x24) Tj\n\
             10 0 Td\n(\x01\xF0) Tj\nET\n"
        );
    }

    #[test]
    fn content_adjustments_become_tj_numbers() {
        let mut codes = GlyphCodes::new();
        codes.set(FaceId(0), 'A', 1);
        codes.set(FaceId(0), 'V', 2);
        let item = text_item(0.0, 0.0, "AVA", vec![(0, -1.0)]);
        let out = page_content(&[item], &context(&codes));
        let expected = b"[(\x00\x01) 100 (\x00\x02\x00\x01)] TJ";
        assert!(
            out.windows(expected.len()).any(|w| w == expected),
            "{}",
            String::from_utf8_lossy(&out)
        );
    }

    #[test]
    fn content_one_byte_faces_write_a_byte_a_character_escaped() {
        let mut codes = GlyphCodes::new();
        codes.set(FaceId(0), 'A', 0x24);
        codes.set(FaceId(0), '(', 0x28);
        codes.set(FaceId(0), 'V', 0x5C);
        codes.set(FaceId(0), 'x', 0x0D);
        codes.set_one_byte(FaceId(0));
        assert!(codes.face(FaceId(0)).is_some_and(|f| f.one_byte));
        assert!(codes.face(FaceId(1)).is_some_and(|f| !f.one_byte));
        let plain = page_content(&[text_item(0.0, 0.0, "A(Vx", Vec::new())], &context(&codes));
        let expected = b"($\\(\\\\\\r) Tj";
        assert!(
            plain.windows(expected.len()).any(|w| w == expected),
            "{}",
            String::from_utf8_lossy(&plain)
        );
        let kerned = page_content(
            &[text_item(0.0, 0.0, "AVA", vec![(0, -1.0)])],
            &context(&codes),
        );
        let expected = b"[($) 100 (\\\\$)] TJ";
        assert!(
            kerned.windows(expected.len()).any(|w| w == expected),
            "{}",
            String::from_utf8_lossy(&kerned)
        );
    }

    #[test]
    fn content_escape_table_matches_the_literal_escaper() {
        for b in 0..=u8::MAX {
            let mut out = Vec::new();
            push_literal_byte(&mut out, b);
            assert_eq!(LITERAL_ESCAPED[usize::from(b)], out.len() == 2, "byte {b}");
        }
    }

    #[test]
    fn content_codes_escape_delimiters_backslash_and_cr() {
        let mut out = Vec::new();
        for code in [0x2829, 0x5C0D, 0x0A41] {
            push_code(&mut out, code);
        }
        assert_eq!(out, b"\\(\\)\\\\\\r\nA");
    }

    #[test]
    fn content_shapes_close_the_text_object_and_restore_state() {
        let codes = GlyphCodes::new();
        let items = [
            Item::Text {
                x: 0.0,
                y: 10.0,
                face: FaceId(1),
                size: 9.0,
                color: Color(1.0, 0.0, 0.0),
                text: "x".into(),
                adjust: Vec::new(),
            },
            Item::Rect {
                x: 10.0,
                y: 20.0,
                w: 30.0,
                h: 40.0,
                fill: Some(Color(0.5, 0.5, 0.5)),
                stroke: Some((Color::BLACK, 0.5)),
            },
            Item::Line {
                x1: 0.0,
                y1: 0.0,
                x2: 10.0,
                y2: 0.0,
                color: Color::BLACK,
                width: 1.0,
            },
            Item::Image {
                x: 1.0,
                y: 2.0,
                w: 3.0,
                h: 4.0,
                image: 0,
            },
            Item::Image {
                x: 1.0,
                y: 2.0,
                w: 3.0,
                h: 4.0,
                image: 7,
            },
        ];
        let out = String::from_utf8(page_content(&items, &context(&codes))).unwrap_or_default();
        assert_eq!(
            out,
            "BT\n/RSTCAB 9 Tf\n1 0 0 rg\n0 790 Td\n(\0\0) Tj\nET\n\
             q\n0.5 0.5 0.5 rg\n0 0 0 RG\n0.5 w\n10 740 30 40 re B\nQ\n\
             q\n0 0 0 RG\n1 w\n0 800 m 10 800 l S\nQ\n\
             q\n3 0 0 4 1 794 cm /Im0 Do\nQ\n"
        );
    }

    /// A decimal operand as an exact count of thousandths.
    fn parse_thousandths(s: &str) -> i64 {
        let (sign, digits) = s.strip_prefix('-').map_or((1, s), |d| (-1, d));
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let frac = format!("{frac:0<3}");
        sign * (whole.parse::<i64>().unwrap_or(0) * 1000 + frac.parse::<i64>().unwrap_or(0))
    }

    #[test]
    fn content_td_offsets_add_up_to_the_rounded_positions() {
        let mut codes = GlyphCodes::new();
        codes.set(FaceId(0), 'A', 1);
        let positions = [
            (83.3624, 56.662),
            (83.3624, 77.3616),
            (120.0005, 77.3616),
            (62.36, 701.1),
            (0.0, 0.0004),
            (-3.25, 12.9996),
        ];
        let items: Vec<Item> = positions
            .iter()
            .map(|&(x, y)| text_item(x, y, "A", Vec::new()))
            .collect();
        let out = String::from_utf8(page_content(&items, &context(&codes))).unwrap_or_default();
        let mut at = (0i64, 0i64);
        let mut reached = Vec::new();
        for line in out.lines() {
            if let Some(operands) = line.strip_suffix(" Td") {
                let (dx, dy) = operands.split_once(' ').unwrap_or_default();
                at = (at.0 + parse_thousandths(dx), at.1 + parse_thousandths(dy));
                reached.push(at);
            }
        }
        let expected: Vec<(i64, i64)> = positions
            .iter()
            .map(|&(x, y)| (thousandths(x), thousandths(800.0 - y)))
            .collect();
        assert_eq!(reached, expected, "{out}");
        assert!(!out.contains("Tm"));
    }

    #[test]
    fn content_filled_shapes_set_the_fill_only_when_it_changes() {
        let mut codes = GlyphCodes::new();
        codes.set(FaceId(0), 'A', 1);
        let grey = Color(0.5, 0.5, 0.5);
        let shade = |y: f32| Item::Rect {
            x: 0.0,
            y,
            w: 2.0,
            h: 10.0,
            fill: Some(grey),
            stroke: None,
        };
        let items = [
            shade(0.0),
            shade(10.0),
            text_item(5.0, 10.0, "A", Vec::new()),
        ];
        let out = String::from_utf8(page_content(&items, &context(&codes))).unwrap_or_default();
        assert_eq!(
            out,
            "0.5 0.5 0.5 rg\n0 790 2 10 re f\n0 780 2 10 re f\n\
             BT\n/RSTCAA 10 Tf\n0 0 0 rg\n5 790 Td\n(\0\u{1}) Tj\nET\n"
        );
    }

    #[test]
    fn content_skips_faces_that_are_not_embedded() {
        let codes = GlyphCodes::new();
        let mut cx = context(&codes);
        cx.embedded = [false; FACE_COUNT];
        let item = text_item(0.0, 0.0, "x", Vec::new());
        assert!(page_content(&[item], &cx).is_empty());
    }
}
