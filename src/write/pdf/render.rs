//! The only module that speaks printpdf (0.12, `text_layout` for font
//! subsetting) and its lopdf: laid-out pages in, PDF bytes out.
//!
//! printpdf embeds and subsets the fonts and images, from one page that
//! shows every drawn character. The pages themselves (drawing, links) are
//! built here and written straight to bytes; the document is finished
//! with lopdf (printpdf's own version): faces with few glyphs switched to
//! one-byte codes ([`super::cmaps`]), a nested outline (printpdf's
//! bookmarks are flat), `/Lang`, and a trailer `/ID` derived from the
//! content; [`super::file`] writes the file.
//!
//! Determinism: printpdf names resources with random strings by default;
//! here every font and image id is chosen (`RSTCxx`, which also makes the
//! subset tag `RSTCxx+DejaVuSans` fixed), dates come from the build
//! timestamp, no XMP packet is written (its instance id is random), and
//! the random `/ID` is replaced.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{LazyLock, Mutex};

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    DictItem, ExternalStream, ExternalXObject, FontId, Mm, Op, ParsedFont, PdfDocument, PdfFont,
    PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Px, TextItem, XObject, XObjectId,
};

use super::content::{
    GlyphCodes, PageContext, font_resource_name, image_resource_name, page_content,
};
use super::file::{self, RawObject};
use super::fonts::{FACE_COUNT, FaceId};
use super::images::{ImageTable, PngStream};
use super::layout::{Item, LinkTarget};

/// Where each anchor landed: its page index and height from the page top.
/// Only looked up, never walked, so its order does not reach the output.
pub type Anchors = crate::fast_hash::HashMap<String, (usize, f32)>;

/// One page to draw: items with `y` measured from the page's top edge.
#[derive(Clone, Debug, Default)]
pub struct RenderPage {
    pub items: Vec<Item>,
}

/// An outline (bookmark) entry.
#[derive(Clone, Debug, PartialEq)]
pub struct OutlineEntry {
    pub title: String,
    /// Nesting depth, 0 = top.
    pub level: usize,
    /// 0-based page index and the height from the page top.
    pub page: usize,
    pub y: f32,
}

/// Document metadata.
#[derive(Clone, Debug, Default)]
pub struct Metadata {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    pub language: String,
    pub timestamp: i64,
}

/// Parsed font programs, once per process (parsing a face costs ~ms).
static PARSED: LazyLock<Mutex<BTreeMap<u8, ParsedFont>>> =
    LazyLock::new(|| Mutex::new(BTreeMap::new()));

fn parsed_font(face: FaceId) -> Option<ParsedFont> {
    let mut cache = PARSED.lock().ok()?;
    if let Some(f) = cache.get(&face.0) {
        return Some(f.clone());
    }
    let mut warnings = Vec::new();
    let parsed = ParsedFont::from_bytes(face.bytes(), 0, &mut warnings)?;
    cache.insert(face.0, parsed.clone());
    Some(parsed)
}

/// The resource name of a face: six capitals, which printpdf also uses as
/// the subset tag (ISO 32000-1, 9.6.4).
fn font_id(face: FaceId) -> FontId {
    FontId(font_resource_name(face))
}

/// Errors from writing the PDF.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("cannot serialise the PDF: {0}")]
    Serialize(String),
}

/// Draw the pages and return the PDF bytes.
pub fn render(
    page_size: (f32, f32),
    pages: Vec<RenderPage>,
    images: &ImageTable,
    anchors: &Anchors,
    outline: &[OutlineEntry],
    meta: &Metadata,
) -> Result<Vec<u8>, RenderError> {
    let (width, height) = page_size;
    let mut doc = PdfDocument::new(&meta.title);
    let info = &mut doc.metadata.info;
    info.author = meta.author.clone();
    info.creator = "rstconv".into();
    info.producer = "rstconv (printpdf)".into();
    info.subject = meta.subject.clone();
    info.keywords = meta.keywords.clone();
    if let Ok(date) = printpdf::OffsetDateTime::from_unix_timestamp(meta.timestamp) {
        info.creation_date = date;
        info.modification_date = date;
        info.metadata_date = date;
    }

    // The characters each face draws (which also says which faces are
    // used), and the decoded images split and deflated: both scan or
    // compress megabytes, side by side.
    let (mut chars, mut decoded) =
        rayon::join(|| chars_by_face(&pages), || encode_decoded_images(images));
    // Only faces that are really embedded are drawn with (a face that
    // failed to load must not leave a font reference without a font).
    chars.retain(|&face, _| match parsed_font(face) {
        Some(parsed) => {
            doc.resources
                .fonts
                .map
                .insert(font_id(face), PdfFont::new(parsed));
            true
        }
        None => false,
    });
    let used: BTreeSet<FaceId> = chars.keys().copied().collect();
    for (i, img) in images.images.iter().enumerate() {
        if let Some(jpeg) = &img.jpeg {
            doc.resources.xobjects.map.insert(
                image_id(i),
                jpeg_xobject(jpeg, img.width, img.height, img.channels),
            );
            continue;
        }
        if let Some(png) = &img.png {
            doc.resources
                .xobjects
                .map
                .insert(image_id(i), png_xobject(png, img.width, img.height));
            continue;
        }
        if let Some(xobject) = decoded.get_mut(i).and_then(Option::take) {
            doc.resources.xobjects.map.insert(image_id(i), xobject);
        }
    }

    // printpdf sees only what it needs: one page showing every character
    // each face draws (so it subsets the fonts to them), which also gives
    // the shared page resources. The pages themselves, their drawing and
    // their links are built here (`set_pages`).
    doc.pages.push(PdfPage::new(
        Mm(width * 25.4 / 72.0),
        Mm(height * 25.4 / 72.0),
        glyph_carrier(&chars),
    ));

    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    // The embedded subsets, read once: which faces printpdf renumbered,
    // and where their font dictionaries are.
    let subsets = subset_fonts(&lo);
    let (mut codes, text_of_codes) = glyph_codes(&subsets, &chars);
    use_one_byte_codes(&mut lo, &subsets, &mut codes, &text_of_codes);
    let mut embedded = [false; FACE_COUNT];
    for face in &used {
        if let Some(slot) = embedded.get_mut(face.index()) {
            *slot = true;
        }
    }
    let context = PageContext {
        height,
        codes: &codes,
        embedded,
        image_count: images.images.len(),
    };
    let (page_ids, page_objects) = set_pages(&mut lo, pages, anchors, &context)?;
    finish(&mut lo, outline, &page_ids, &page_objects, height, meta);
    compress_streams(&mut lo);
    Ok(file::assemble(
        &lo.version,
        &lo.objects,
        page_objects,
        &lo.trailer,
    ))
}

/// Every character drawn in each face that draws any text, in order.
/// Pages are scanned in parallel, each thread into its own [`CharSets`].
fn chars_by_face(pages: &[RenderPage]) -> BTreeMap<FaceId, BTreeSet<char>> {
    use rayon::prelude::*;
    pages
        .par_iter()
        .fold(CharSets::default, |mut sets, page| {
            sets.add(&page.items);
            sets
        })
        .reduce(CharSets::default, CharSets::merge)
        .into_sets()
}

/// The characters seen per face while scanning: a bit per Basic
/// Multilingual Plane character (a tree insert per drawn character was
/// most of this pass), a tree for the rest.
#[derive(Default)]
struct CharSets {
    faces: BTreeMap<FaceId, (Vec<u64>, BTreeSet<char>)>,
}

impl CharSets {
    const BMP_WORDS: usize = 0x10000 / 64;

    fn add(&mut self, items: &[Item]) {
        for item in items {
            if let Item::Text { face, text, .. } = item {
                let (bmp, astral) = self
                    .faces
                    .entry(*face)
                    .or_insert_with(|| (vec![0; Self::BMP_WORDS], BTreeSet::new()));
                for c in text.chars() {
                    let code = c as usize;
                    match bmp.get_mut(code / 64) {
                        Some(word) => *word |= 1 << (code % 64),
                        None => {
                            astral.insert(c);
                        }
                    }
                }
            }
        }
    }

    fn merge(mut self, other: CharSets) -> CharSets {
        for (face, (bmp, mut astral)) in other.faces {
            match self.faces.entry(face) {
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert((bmp, astral));
                }
                std::collections::btree_map::Entry::Occupied(mut slot) => {
                    let (mine, my_astral) = slot.get_mut();
                    for (word, bits) in mine.iter_mut().zip(bmp) {
                        *word |= bits;
                    }
                    my_astral.append(&mut astral);
                }
            }
        }
        self
    }

    fn into_sets(self) -> BTreeMap<FaceId, BTreeSet<char>> {
        self.faces
            .into_iter()
            .map(|(face, (bmp, mut astral))| {
                let in_bmp = bmp.iter().enumerate().flat_map(|(w, &bits)| {
                    (0..64)
                        .filter(move |b| bits & (1 << b) != 0)
                        .filter_map(move |b| {
                            u32::try_from(w * 64 + b).ok().and_then(char::from_u32)
                        })
                });
                astral.extend(in_bmp);
                (face, astral)
            })
            .collect()
    }
}

/// Page one's operations as printpdf sees them: each face showing every
/// character it draws anywhere, which is how printpdf learns the glyphs to
/// keep in its subset. The page's real content replaces them afterwards.
fn glyph_carrier(chars: &BTreeMap<FaceId, BTreeSet<char>>) -> Vec<Op> {
    let mut ops = vec![Op::StartTextSection];
    for (face, set) in chars {
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(font_id(*face)),
            size: Pt(10.0),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(set.iter().collect())],
        });
    }
    ops.push(Op::EndTextSection);
    ops
}

/// The code of every drawn character in the fonts printpdf embedded, and
/// for each face the character each code stands for (the first, when
/// several characters share a glyph).
///
/// printpdf renumbers a subset's glyphs by their position in `[.notdef,
/// used glyph ids in ascending order]` (printpdf 0.12 `font::subset_font`,
/// pinned exactly in Cargo.toml), and tags the subset's `/BaseFont` with
/// `RSTCxx+` (`subsets`); a face it embedded whole (if subsetting
/// failed) keeps the font's own glyph ids and has no tag.
fn glyph_codes(
    subsets: &BTreeMap<String, ObjectId>,
    chars: &BTreeMap<FaceId, BTreeSet<char>>,
) -> (GlyphCodes, BTreeMap<FaceId, BTreeMap<u16, char>>) {
    let mut codes = GlyphCodes::new();
    let mut text_of_codes: BTreeMap<FaceId, BTreeMap<u16, char>> = BTreeMap::new();
    for (face, set) in chars {
        let Some(parsed) = parsed_font(*face) else {
            continue;
        };
        let glyph_of: Vec<(char, u16)> = set
            .iter()
            .filter_map(|&c| Some((c, parsed.lookup_glyph_index(u32::from(c))?)))
            .collect();
        let renumbered = subsets.contains_key(&font_id(*face).0);
        let order: BTreeSet<u16> = glyph_of
            .iter()
            .map(|&(_, g)| g)
            .filter(|&g| g != 0)
            .collect();
        let position: BTreeMap<u16, u16> = order
            .iter()
            .enumerate()
            .map(|(i, &g)| (g, u16::try_from(i + 1).unwrap_or(0)))
            .collect();
        for (c, glyph) in glyph_of {
            let code = if renumbered {
                position.get(&glyph).copied().unwrap_or(0)
            } else {
                glyph
            };
            codes.set(*face, c, code);
            if renumbered && code != 0 {
                text_of_codes
                    .entry(*face)
                    .or_default()
                    .entry(code)
                    .or_insert(c);
            }
        }
    }
    (codes, text_of_codes)
}

/// Faces whose subset has at most 255 glyphs (besides `.notdef`) are
/// drawn with one-byte codes ([`super::cmaps`]): their Type 0 font reads
/// strings through an embedded one-byte CMap and gets a one-byte
/// `/ToUnicode`. Only subsets printpdf renumbered are candidates (their
/// codes are 1 to the glyph count); a font dictionary not found as
/// expected keeps two-byte codes.
fn use_one_byte_codes(
    lo: &mut lopdf::Document,
    subsets: &BTreeMap<String, ObjectId>,
    codes: &mut GlyphCodes,
    text_of_codes: &BTreeMap<FaceId, BTreeMap<u16, char>>,
) {
    let mut encoding: Option<ObjectId> = None;
    for (face, text) in text_of_codes {
        let fits_one_byte = text.keys().next_back().is_some_and(|&code| code <= 0xFF);
        if !fits_one_byte {
            continue;
        }
        let name = font_id(*face).0;
        let Some(&font) = subsets.get(&name) else {
            continue;
        };
        // The new `/ToUnicode` takes the place (and number) of printpdf's.
        let Some(to_unicode) = lo
            .get_dictionary(font)
            .and_then(|dict| dict.get(b"ToUnicode"))
            .and_then(Object::as_reference)
            .ok()
        else {
            continue;
        };
        let cmap = *encoding.get_or_insert_with(|| {
            lo.add_object(Object::Stream(super::cmaps::identity_one_byte_cmap()))
        });
        let Ok(dict) = lo.get_dictionary_mut(font) else {
            continue;
        };
        dict.set("Encoding", Object::Reference(cmap));
        lo.objects.insert(
            to_unicode,
            Object::Stream(super::cmaps::to_unicode_cmap(&name, text)),
        );
        codes.set_one_byte(*face);
    }
}

/// The fonts embedded as subsets: their Type 0 font dictionaries by the
/// subset tag of their `/BaseFont` (`RSTCAA` for `RSTCAA+DejaVuSans`),
/// which is also their resource name.
fn subset_fonts(lo: &lopdf::Document) -> BTreeMap<String, ObjectId> {
    let mut fonts = BTreeMap::new();
    for (&id, object) in &lo.objects {
        let Object::Dictionary(dict) = object else {
            continue;
        };
        let is_type0 = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Type0");
        if !is_type0 {
            continue;
        }
        if let Ok(base) = dict.get(b"BaseFont").and_then(Object::as_name)
            && let Some(plus) = base.iter().position(|&b| b == b'+')
            && let Ok(tag) = std::str::from_utf8(&base[..plus])
        {
            fonts.insert(tag.to_string(), id);
        }
    }
    fonts
}

/// The carrier page printpdf wrote: where the pages hang and what they
/// share.
struct Carrier {
    id: ObjectId,
    parent: ObjectId,
    contents: ObjectId,
    /// Every page's dictionary entries but its contents and links:
    /// `/Type`, the boxes, `/Parent`, the shared `/Resources`.
    common: Dictionary,
}

fn carrier(lo: &lopdf::Document) -> Option<Carrier> {
    let id = lo.get_pages().values().next().copied()?;
    let page = lo.get_dictionary(id).ok()?;
    let parent = page.get(b"Parent").and_then(Object::as_reference).ok()?;
    let contents = page.get(b"Contents").and_then(Object::as_reference).ok()?;
    let mut common = page.clone();
    common.remove(b"Contents");
    common.remove(b"Annots");
    Some(Carrier {
        id,
        parent,
        contents,
        common,
    })
}

/// Build every page: its content stream written by [`page_content`] and
/// deflated, and its link annotations. The page tree printpdf made for
/// the carrier page is extended to all pages, which share its resource
/// dictionary (one object, not one per page). Pages are independent, so
/// they are built in parallel and written out as they are built (the
/// carrier's objects are replaced); object numbers are given in page
/// order, whatever the thread count. Returns the page ids and the
/// written objects.
fn set_pages(
    lo: &mut lopdf::Document,
    pages: Vec<RenderPage>,
    anchors: &Anchors,
    context: &PageContext,
) -> Result<(Vec<ObjectId>, Vec<RawObject>), RenderError> {
    use rayon::prelude::*;
    // A document always has a page, if a blank one.
    let pages = if pages.is_empty() {
        vec![RenderPage::default()]
    } else {
        pages
    };
    let carrier = carrier(lo)
        .ok_or_else(|| RenderError::Serialize("printpdf wrote no page to extend".into()))?;
    // (page, contents) ids: the carrier's for the first page.
    let ids: Vec<(ObjectId, ObjectId)> = (0..pages.len())
        .map(|i| {
            if i == 0 {
                (carrier.id, carrier.contents)
            } else {
                (lo.new_object_id(), lo.new_object_id())
            }
        })
        .collect();
    let page_ids: Vec<ObjectId> = ids.iter().map(|&(page, _)| page).collect();
    let common = file::dictionary_entries(&carrier.common);
    // Each page is dropped by the thread that wrote it, as soon as it is
    // written: dropping the 1,888 pages of the corpus document's PDF at
    // the end took ~7 ms (perf) on one thread, after the other writers
    // were done.
    let written: Vec<[RawObject; 2]> = pages
        .into_par_iter()
        .zip(&ids)
        .map(|(page, &(page_id, contents_id))| {
            let raw = page_content(&page.items, context);
            // A stream that could not be deflated is kept raw, without a
            // filter.
            let contents = match deflate(&raw) {
                Some(deflated) => RawObject::stream(contents_id.0, &deflated, Some(b"FlateDecode")),
                None => RawObject::stream(contents_id.0, &raw, None),
            };
            let mut annots = Vec::new();
            for item in &page.items {
                write_link(&mut annots, item, anchors, &page_ids, context.height);
            }
            [
                RawObject::page(page_id.0, &common, contents_id, &annots),
                contents,
            ]
        })
        .collect();
    lo.objects.remove(&carrier.id);
    lo.objects.remove(&carrier.contents);
    let mut tree = Dictionary::new();
    tree.set("Type", Object::Name(b"Pages".to_vec()));
    tree.set(
        "Count",
        Object::Integer(i64::try_from(page_ids.len()).unwrap_or(i64::MAX)),
    );
    tree.set(
        "Kids",
        Object::Array(page_ids.iter().map(|&id| Object::Reference(id)).collect()),
    );
    lo.objects.insert(carrier.parent, Object::Dictionary(tree));
    Ok((page_ids, written.into_iter().flatten().collect()))
}

/// A link item as a link annotation (ISO 32000-1, 12.5.6.5), appended to
/// `out`: internal links name their destination directly (`/Dest`, no
/// action dictionary), external ones carry a URI action; no border.
/// Nothing for an item that is not a link, or an internal link whose
/// target drew nothing.
fn write_link(
    out: &mut Vec<u8>,
    item: &Item,
    anchors: &Anchors,
    page_ids: &[ObjectId],
    height: f32,
) {
    let Item::Link { x, y, w, h, target } = item else {
        return;
    };
    let rect = [*x, height - (y + h), x + w, height - y];
    let action = match target {
        LinkTarget::Uri(uri) => file::LinkAction::Uri(uri.as_bytes()),
        LinkTarget::Anchor(id) => {
            let Some(&(page, anchor_y)) = anchors.get(&**id) else {
                return;
            };
            let Some(&page) = page_ids.get(page) else {
                return;
            };
            file::LinkAction::Destination {
                page,
                top: height - anchor_y,
            }
        }
    };
    file::write_link_annotation(out, rect, action);
}

/// Deflate every stream that allows it, at [`DEFLATE_LEVEL`]. Streams are
/// independent, so they are compressed in parallel (each one's bytes stay
/// the same whatever the thread count).
fn compress_streams(doc: &mut lopdf::Document) {
    use rayon::prelude::*;
    let mut streams: Vec<&mut lopdf::Stream> = doc
        .objects
        .values_mut()
        .filter_map(|object| match object {
            Object::Stream(stream)
                if stream.allows_compression && stream.dict.get(b"Filter").is_err() =>
            {
                Some(stream)
            }
            _ => None,
        })
        .collect();
    streams.par_iter_mut().for_each(|stream| {
        if let Some(compressed) = deflate(&stream.content)
            && compressed.len() + 19 < stream.content.len()
        {
            stream
                .dict
                .set("Filter", Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(compressed);
        }
    });
}

/// libdeflate's level 1 for page contents and the other streams.
/// Content streams are whole buffers, which is what libdeflate compresses
/// (no streaming state), and faster than zlib for as many bytes. The
/// 1,888 page contents of the 1.4 MB benchmark document's PDF (19.4 MB):
/// zlib-rs level 2 (the level used before) 106 ms and 4.10 MB; libdeflate
/// level 1 64 ms and 3.93 MB, level 2 90 ms and 3.88 MB, level 6 127 ms
/// and 3.73 MB. (lopdf's own `compress` uses the best, slowest level: a
/// fifth of the writer's time.)
const DEFLATE_LEVEL: i32 = 1;

/// libdeflate's level 6 for decoded images (pixels compress far better
/// than text with a longer search, and there are few of them).
const IMAGE_DEFLATE_LEVEL: i32 = 6;

/// `bytes` as a zlib stream at [`DEFLATE_LEVEL`].
fn deflate(bytes: &[u8]) -> Option<Vec<u8>> {
    deflate_at(bytes, DEFLATE_LEVEL)
}

/// `bytes` as a zlib stream at libdeflate's `level`.
///
/// Each thread keeps one compressor per level: making one allocates its
/// tables, which costs more than compressing a short page (a PDF has a
/// stream per page). The output never depends on what it compressed
/// before.
fn deflate_at(bytes: &[u8], level: i32) -> Option<Vec<u8>> {
    use libdeflater::{CompressionLvl, Compressor};
    use std::cell::RefCell;
    thread_local! {
        static COMPRESSORS: RefCell<Vec<(i32, Compressor)>> = const { RefCell::new(Vec::new()) };
    }
    COMPRESSORS.with(|cell| {
        let mut compressors = cell.try_borrow_mut().ok()?;
        let index = match compressors.iter().position(|(l, _)| *l == level) {
            Some(index) => index,
            None => {
                compressors.push((level, Compressor::new(CompressionLvl::new(level).ok()?)));
                compressors.len() - 1
            }
        };
        let (_, compressor) = compressors.get_mut(index)?;
        let mut out = vec![0; compressor.zlib_compress_bound(bytes.len())];
        let written = compressor.zlib_compress(bytes, &mut out).ok()?;
        out.truncate(written);
        Some(out)
    })
}

/// Every decoded image (neither a JPEG nor a PNG PDF reads as is) as an
/// image XObject, in parallel: the colour channels and any alpha apart
/// (alpha as a soft mask, left out when every pixel is opaque), each
/// deflated at level 6. This is what printpdf
/// does with raw pixels (with zlib's default level), one image after
/// another on one thread; the screenshots of a document are independent.
fn encode_decoded_images(images: &ImageTable) -> Vec<Option<XObject>> {
    use rayon::prelude::*;
    images
        .images
        .par_iter()
        .map(|img| {
            if img.jpeg.is_some() || img.png.is_some() {
                return None;
            }
            let (alpha, space) = match img.channels {
                1 => (false, "DeviceGray"),
                4 => (true, "DeviceRGB"),
                _ => (false, "DeviceRGB"),
            };
            let (color, mask) = if alpha {
                let (color, mask) = split_alpha(&img.pixels);
                (std::borrow::Cow::Owned(color), mask)
            } else {
                (std::borrow::Cow::Borrowed(img.pixels.as_slice()), None)
            };
            let mut entries = vec![
                ("BitsPerComponent", pdf_int(8)),
                ("ColorSpace", pdf_name(space)),
                ("Filter", pdf_name("FlateDecode")),
            ];
            if let Some(mask) = mask {
                let soft_mask = image_stream(
                    img.width,
                    img.height,
                    vec![
                        ("BitsPerComponent", pdf_int(8)),
                        ("ColorSpace", pdf_name("DeviceGray")),
                        ("Filter", pdf_name("FlateDecode")),
                    ],
                    image_deflate(&mask),
                );
                entries.push(("SMask", DictItem::Stream { stream: soft_mask }));
            }
            Some(encoded_image(
                img.width,
                img.height,
                entries,
                image_deflate(&color),
            ))
        })
        .collect()
}

/// RGBA pixels split into their colour (RGB) and alpha planes, the alpha
/// plane left out when every pixel is opaque: a soft mask of ones changes
/// nothing, and screenshots saved as RGBA usually are (all fifteen of the
/// benchmark document's).
fn split_alpha(rgba: &[u8]) -> (Vec<u8>, Option<Vec<u8>>) {
    let pixels = rgba.len() / 4;
    let mut color = vec![0; pixels * 3];
    let mut alpha = vec![0; pixels];
    for ((px, rgb), a) in rgba
        .chunks_exact(4)
        .zip(color.chunks_exact_mut(3))
        .zip(alpha.iter_mut())
    {
        if let ([r, g, b, opacity], [r2, g2, b2]) = (px, rgb) {
            (*r2, *g2, *b2, *a) = (*r, *g, *b, *opacity);
        }
    }
    let opaque = alpha.iter().all(|&a| a == u8::MAX);
    (color, (!opaque).then_some(alpha))
}

/// `data` deflated in a zlib stream at [`IMAGE_DEFLATE_LEVEL`]. The
/// fifteen RGBA screenshots of the benchmark document (12 MB of pixels):
/// flate2's zlib-rs at zlib's default level (as printpdf would) gave 347.2
/// KB of image streams, libdeflate at level 6 345.8 KB, and the PDF
/// writer alone (one thread, in memory, alternating runs) 506 -> 496 ms.
fn image_deflate(data: &[u8]) -> Vec<u8> {
    deflate_at(data, IMAGE_DEFLATE_LEVEL).unwrap_or_default()
}

fn pdf_name(n: &str) -> DictItem {
    DictItem::Name(n.as_bytes().to_vec())
}

fn pdf_int(v: usize) -> DictItem {
    DictItem::Int(i64::try_from(v).unwrap_or(i64::MAX))
}

/// An image XObject of `width` × `height` whose stream is `content` as it
/// is (already encoded: `entries` name the filter), with `entries` added to
/// the image dictionary (ISO 32000-1, 8.9.5).
fn encoded_image(
    width: usize,
    height: usize,
    entries: Vec<(&str, DictItem)>,
    content: Vec<u8>,
) -> XObject {
    XObject::External(ExternalXObject {
        stream: image_stream(width, height, entries, content),
        width: Some(Px(width)),
        height: Some(Px(height)),
        dpi: None,
    })
}

/// The stream of [`encoded_image`], on its own (a soft mask is one, held
/// in its image's dictionary).
fn image_stream(
    width: usize,
    height: usize,
    entries: Vec<(&str, DictItem)>,
    content: Vec<u8>,
) -> ExternalStream {
    let mut dict = std::collections::BTreeMap::new();
    dict.insert("Type".to_string(), pdf_name("XObject"));
    dict.insert("Subtype".to_string(), pdf_name("Image"));
    dict.insert("Width".to_string(), pdf_int(width));
    dict.insert("Height".to_string(), pdf_int(height));
    for (key, value) in entries {
        dict.insert(key.to_string(), value);
    }
    ExternalStream {
        dict,
        content,
        compress: false,
    }
}

/// A JPEG as an image XObject with `DCTDecode`: the file's bytes are the
/// stream (ISO 32000-1, 7.4.8), never decoded here.
fn jpeg_xobject(jpeg: &[u8], width: usize, height: usize, channels: u8) -> XObject {
    let space = match channels {
        1 => "DeviceGray",
        4 => "DeviceCMYK",
        _ => "DeviceRGB",
    };
    let mut entries = vec![
        ("BitsPerComponent", DictItem::Int(8)),
        ("Filter", pdf_name("DCTDecode")),
        ("ColorSpace", pdf_name(space)),
    ];
    if channels == 4 {
        // Adobe's CMYK JPEGs store inverted components.
        let inverted = [1, 0, 1, 0, 1, 0, 1, 0].iter().map(|&v| DictItem::Int(v));
        entries.push(("Decode", DictItem::Array(inverted.collect())));
    }
    encoded_image(width, height, entries, jpeg.to_vec())
}

/// A PNG's zlib data as an image XObject: `FlateDecode` with the PNG
/// predictors (`/Predictor 15`: each row names its own filter, ISO
/// 32000-1, 7.4.4.4, table 8), so the data is embedded as the file has it.
fn png_xobject(png: &PngStream, width: usize, height: usize) -> XObject {
    let space = match &png.palette {
        // [/Indexed /DeviceRGB hival <RGB triples>] (ISO 32000-1, 8.6.6.3).
        Some(palette) => DictItem::Array(vec![
            pdf_name("Indexed"),
            pdf_name("DeviceRGB"),
            pdf_int((palette.len() / 3).saturating_sub(1)),
            DictItem::String {
                data: palette.clone(),
                literal: false,
            },
        ]),
        None if png.colors == 1 => pdf_name("DeviceGray"),
        None => pdf_name("DeviceRGB"),
    };
    let bits = pdf_int(usize::from(png.bits));
    let mut parms = std::collections::BTreeMap::new();
    parms.insert("Predictor".to_string(), DictItem::Int(15));
    parms.insert("Colors".to_string(), pdf_int(usize::from(png.colors)));
    parms.insert("BitsPerComponent".to_string(), bits.clone());
    parms.insert("Columns".to_string(), pdf_int(width));
    let entries = vec![
        ("BitsPerComponent", bits),
        ("ColorSpace", space),
        ("Filter", pdf_name("FlateDecode")),
        ("DecodeParms", DictItem::Dict { map: parms }),
    ];
    encoded_image(width, height, entries, png.data.clone())
}

fn image_id(i: usize) -> XObjectId {
    XObjectId(image_resource_name(i))
}

/// lopdf post-processing: the nested outline, `/Lang`, a fixed `/ID`.
fn finish(
    doc: &mut lopdf::Document,
    outline: &[OutlineEntry],
    pages: &[ObjectId],
    page_objects: &[RawObject],
    height: f32,
    meta: &Metadata,
) {
    let catalog_id = doc.trailer.get(b"Root").and_then(Object::as_reference).ok();
    if let Some(root_id) = catalog_id {
        let outline_root = build_outline(doc, outline, pages, height);
        if let Ok(Object::Dictionary(catalog)) = doc.get_object_mut(root_id) {
            if !meta.language.is_empty() {
                catalog.set(
                    "Lang",
                    Object::String(meta.language.as_bytes().to_vec(), StringFormat::Literal),
                );
            }
            catalog.remove(b"Outlines");
            if let Some(id) = outline_root {
                catalog.set("Outlines", Object::Reference(id));
                catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
            } else {
                catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
            }
        }
    }
    // printpdf's Info dictionary names a PDF/X version (GTS_PDFXVersion)
    // this file does not claim, and writes empty entries: drop both.
    if let Some(info_id) = doc.trailer.get(b"Info").and_then(Object::as_reference).ok()
        && let Ok(Object::Dictionary(info)) = doc.get_object_mut(info_id)
    {
        info.remove(b"GTS_PDFXVersion");
        let empty: Vec<Vec<u8>> = info
            .iter()
            .filter(|(_, v)| match v {
                Object::String(bytes, _) => bytes.is_empty() || bytes.as_slice() == [0xFE, 0xFF],
                _ => false,
            })
            .map(|(k, _)| k.clone())
            .collect();
        for key in empty {
            info.remove(&key);
        }
    }
    // The /ID from the content: same input, same bytes.
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for (id, object) in &doc.objects {
        hasher.update(&id.0.to_be_bytes());
        if let Object::Stream(s) = object {
            hasher.update(&s.content);
        }
    }
    for object in page_objects {
        hasher.update(&object.bytes);
    }
    hasher.update(meta.title.as_bytes());
    let id = hasher.digest128().to_be_bytes().to_vec();
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
}

/// UTF-16BE with BOM, the PDF text string encoding for any Unicode text.
fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// Build the outline tree (ISO 32000-1, 12.3.3) from entries in document
/// order with their levels; returns the outline dictionary's id.
fn build_outline(
    doc: &mut lopdf::Document,
    entries: &[OutlineEntry],
    pages: &[ObjectId],
    height: f32,
) -> Option<ObjectId> {
    if entries.is_empty() {
        return None;
    }
    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    // Parent of each entry: the nearest earlier entry with a smaller level.
    let mut parents: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        while let Some(&top) = stack.last() {
            if entries.get(top).is_some_and(|t| t.level >= e.level) {
                stack.pop();
            } else {
                break;
            }
        }
        parents.push(stack.last().copied());
        stack.push(i);
    }
    // Children in document order, slot 0 for the root and i + 1 for entry
    // i; one pass, so a book with thousands of sections stays linear.
    let slot = |p: Option<usize>| p.map_or(0, |i| i + 1);
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); entries.len() + 1];
    for (i, parent) in parents.iter().enumerate() {
        if let Some(list) = children.get_mut(slot(*parent)) {
            list.push(i);
        }
    }
    // Descendants of each entry (every item shown open): a child always
    // comes after its parent, so one backward pass sums them.
    let mut descendants = vec![0i64; entries.len()];
    for i in (0..entries.len()).rev() {
        let below: i64 = children.get(i + 1).map_or(0, |kids| {
            kids.iter()
                .map(|&k| 1 + descendants.get(k).copied().unwrap_or(0))
                .sum()
        });
        if let Some(d) = descendants.get_mut(i) {
            *d = below;
        }
    }
    let mut prev: Vec<Option<usize>> = vec![None; entries.len()];
    let mut next: Vec<Option<usize>> = vec![None; entries.len()];
    for siblings in &children {
        for pair in siblings.windows(2) {
            if let [a, b] = *pair {
                if let Some(n) = next.get_mut(a) {
                    *n = Some(b);
                }
                if let Some(p) = prev.get_mut(b) {
                    *p = Some(a);
                }
            }
        }
    }
    let id_of = |i: Option<usize>| i.and_then(|i| ids.get(i).copied());
    for (i, e) in entries.iter().enumerate() {
        let Some(&id) = ids.get(i) else { continue };
        let parent_id = id_of(parents.get(i).copied().flatten()).unwrap_or(root);
        let mut dict = Dictionary::new();
        dict.set("Title", text_string(&e.title));
        dict.set("Parent", Object::Reference(parent_id));
        if let Some(&page) = pages.get(e.page) {
            dict.set("Dest", file::xyz_destination(page, height - e.y));
        }
        if let Some(p) = id_of(prev.get(i).copied().flatten()) {
            dict.set("Prev", Object::Reference(p));
        }
        if let Some(n) = id_of(next.get(i).copied().flatten()) {
            dict.set("Next", Object::Reference(n));
        }
        let kids = children.get(i + 1).map(Vec::as_slice).unwrap_or(&[]);
        if let (Some(f), Some(l)) = (id_of(kids.first().copied()), id_of(kids.last().copied())) {
            dict.set("First", Object::Reference(f));
            dict.set("Last", Object::Reference(l));
            dict.set(
                "Count",
                Object::Integer(descendants.get(i).copied().unwrap_or(0)),
            );
        }
        doc.objects.insert(id, Object::Dictionary(dict));
    }
    let top = children.first().map(Vec::as_slice).unwrap_or(&[]);
    let mut root_dict = Dictionary::new();
    root_dict.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(f), Some(l)) = (id_of(top.first().copied()), id_of(top.last().copied())) {
        root_dict.set("First", Object::Reference(f));
        root_dict.set("Last", Object::Reference(l));
    }
    let total: i64 = top
        .iter()
        .map(|&k| 1 + descendants.get(k).copied().unwrap_or(0))
        .sum();
    root_dict.set("Count", Object::Integer(total));
    doc.objects.insert(root, Object::Dictionary(root_dict));
    Some(root)
}

#[cfg(test)]
mod tests {
    use super::super::fonts::Family;
    use super::super::layout::Color;
    use super::*;

    #[test]
    fn render_split_alpha_separates_planes_and_drops_opaque_masks() {
        let (color, mask) = split_alpha(&[1, 2, 3, 255, 4, 5, 6, 128]);
        assert_eq!(color, [1, 2, 3, 4, 5, 6]);
        assert_eq!(mask.as_deref(), Some(&[255, 128][..]));
        let (color, mask) = split_alpha(&[9, 8, 7, 255, 6, 5, 4, 255]);
        assert_eq!(color, [9, 8, 7, 6, 5, 4]);
        assert_eq!(mask, None, "every pixel opaque: no soft mask");
    }

    #[test]
    fn render_chars_by_face_merges_every_page() {
        let text = |face: FaceId, text: &str| Item::Text {
            x: 0.0,
            y: 0.0,
            face,
            size: 10.0,
            color: Color(0.0, 0.0, 0.0),
            text: text.into(),
            adjust: Vec::new(),
        };
        let regular = FaceId::new(Family::Sans, false, false);
        let mono = FaceId::new(Family::Mono, false, false);
        let pages: Vec<RenderPage> = (0..40)
            .map(|i| RenderPage {
                items: vec![
                    text(regular, if i % 2 == 0 { "ab" } else { "b\u{1F600}" }),
                    text(mono, if i == 39 { "z" } else { "" }),
                ],
            })
            .collect();
        let chars = chars_by_face(&pages);
        let as_string = |face| chars.get(&face).map(|set| set.iter().collect::<String>());
        assert_eq!(as_string(regular).as_deref(), Some("ab\u{1F600}"));
        assert_eq!(as_string(mono).as_deref(), Some("z"));
        assert_eq!(chars.len(), 2);
    }
}
