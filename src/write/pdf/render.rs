//! The only module that speaks printpdf (0.12, `text_layout` for font
//! subsetting) and its lopdf: laid-out pages in, PDF bytes out.
//!
//! printpdf draws the pages, embeds and subsets the fonts and images and
//! writes link annotations. Its document is then finished with lopdf
//! (printpdf's own version): a nested outline (printpdf's bookmarks are
//! flat), `/Lang`, and a trailer `/ID` derived from the content.
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
    Actions, BorderArray, Color as PdfColor, CurTransMat, Destination, DictItem, ExternalStream,
    ExternalXObject, FontId, LinePoint, LinkAnnotation, Mm, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Px, RawImage,
    RawImageData, RawImageFormat, Rect, Rgb, TextItem, TextMatrix, WindingOrder, XObject,
    XObjectId, XObjectTransform,
};
use sha2::{Digest, Sha256};

use super::fonts::{FACE_COUNT, FaceId};
use super::images::ImageTable;
use super::layout::{Color, Item, LinkTarget};

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
    let i = face.0.min(FACE_COUNT as u8 - 1);
    FontId(format!("RSTCA{}", char::from(b'A' + i)))
}

fn pdf_color(c: Color) -> PdfColor {
    PdfColor::Rgb(Rgb {
        r: c.0.clamp(0.0, 1.0),
        g: c.1.clamp(0.0, 1.0),
        b: c.2.clamp(0.0, 1.0),
        icc_profile: None,
    })
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
    pages: &[RenderPage],
    images: &ImageTable,
    anchors: &BTreeMap<String, (usize, f32)>,
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

    // Fonts actually used.
    let wanted: BTreeSet<FaceId> = pages
        .iter()
        .flat_map(|p| p.items.iter())
        .filter_map(|i| match i {
            Item::Text { face, .. } => Some(*face),
            _ => None,
        })
        .collect();
    // Only faces that are really embedded are drawn with (a face that
    // failed to load must not leave a font reference without a font).
    let mut used: BTreeSet<FaceId> = BTreeSet::new();
    for face in wanted {
        if let Some(parsed) = parsed_font(face) {
            doc.resources
                .fonts
                .map
                .insert(font_id(face), PdfFont::new(parsed));
            used.insert(face);
        }
    }
    // Images.
    for (i, img) in images.images.iter().enumerate() {
        if let Some(jpeg) = &img.jpeg {
            doc.resources.xobjects.map.insert(
                image_id(i),
                jpeg_xobject(jpeg, img.width, img.height, img.channels),
            );
            continue;
        }
        let format = match img.channels {
            1 => RawImageFormat::R8,
            4 => RawImageFormat::RGBA8,
            _ => RawImageFormat::RGB8,
        };
        let raw = RawImage {
            pixels: RawImageData::U8(img.pixels.clone()),
            width: img.width,
            height: img.height,
            data_format: format,
            tag: Vec::new(),
        };
        doc.resources
            .xobjects
            .map
            .insert(image_id(i), XObject::Image(raw));
    }

    let pt = |v: f32| Pt(v);
    for page in pages {
        let mut ops: Vec<Op> = Vec::new();
        let flip = |y: f32| height - y;
        // Consecutive text items share one text object, and the font and
        // colour are set only when they change: fewer operators to write.
        let mut in_text = false;
        let mut current_font: Option<(FaceId, f32)> = None;
        let mut current_fill: Option<Color> = None;
        for item in &page.items {
            if in_text
                && !matches!(
                    item,
                    Item::Text { .. } | Item::Anchor { .. } | Item::Link { .. }
                )
            {
                ops.push(Op::EndTextSection);
                in_text = false;
            }
            match item {
                Item::Text {
                    x,
                    y,
                    face,
                    size,
                    color,
                    text,
                    adjust,
                } => {
                    if text.is_empty() || !used.contains(face) {
                        continue;
                    }
                    if !in_text {
                        ops.push(Op::StartTextSection);
                        in_text = true;
                    }
                    if current_font != Some((*face, *size)) {
                        ops.push(Op::SetFont {
                            font: PdfFontHandle::External(font_id(*face)),
                            size: pt(*size),
                        });
                        current_font = Some((*face, *size));
                    }
                    if current_fill != Some(*color) {
                        ops.push(Op::SetFillColor {
                            col: pdf_color(*color),
                        });
                        current_fill = Some(*color);
                    }
                    ops.push(Op::SetTextMatrix {
                        matrix: TextMatrix::Translate(pt(*x), pt(flip(*y))),
                    });
                    ops.push(Op::ShowText {
                        items: text_items(text, adjust, *size),
                    });
                }
                Item::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill,
                    stroke,
                } => {
                    let ring = PolygonRing {
                        points: vec![
                            LinePoint {
                                p: Point {
                                    x: pt(*x),
                                    y: pt(flip(*y)),
                                },
                                bezier: false,
                            },
                            LinePoint {
                                p: Point {
                                    x: pt(x + w),
                                    y: pt(flip(*y)),
                                },
                                bezier: false,
                            },
                            LinePoint {
                                p: Point {
                                    x: pt(x + w),
                                    y: pt(flip(y + h)),
                                },
                                bezier: false,
                            },
                            LinePoint {
                                p: Point {
                                    x: pt(*x),
                                    y: pt(flip(y + h)),
                                },
                                bezier: false,
                            },
                        ],
                    };
                    let mode = match (fill, stroke) {
                        (Some(_), Some(_)) => PaintMode::FillStroke,
                        (Some(_), None) => PaintMode::Fill,
                        (None, Some(_)) => PaintMode::Stroke,
                        (None, None) => continue,
                    };
                    ops.push(Op::SaveGraphicsState);
                    if let Some(f) = fill {
                        ops.push(Op::SetFillColor { col: pdf_color(*f) });
                    }
                    if let Some((c, w)) = stroke {
                        ops.push(Op::SetOutlineColor { col: pdf_color(*c) });
                        ops.push(Op::SetOutlineThickness { pt: pt(*w) });
                    }
                    ops.push(Op::DrawPolygon {
                        polygon: Polygon {
                            rings: vec![ring],
                            mode,
                            winding_order: WindingOrder::NonZero,
                        },
                    });
                    ops.push(Op::RestoreGraphicsState);
                }
                Item::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    color,
                    width,
                } => {
                    ops.push(Op::SaveGraphicsState);
                    ops.push(Op::SetOutlineColor {
                        col: pdf_color(*color),
                    });
                    ops.push(Op::SetOutlineThickness { pt: pt(*width) });
                    ops.push(Op::DrawLine {
                        line: printpdf::Line {
                            points: vec![
                                LinePoint {
                                    p: Point {
                                        x: pt(*x1),
                                        y: pt(flip(*y1)),
                                    },
                                    bezier: false,
                                },
                                LinePoint {
                                    p: Point {
                                        x: pt(*x2),
                                        y: pt(flip(*y2)),
                                    },
                                    bezier: false,
                                },
                            ],
                            is_closed: false,
                        },
                    });
                    ops.push(Op::RestoreGraphicsState);
                }
                Item::Image { x, y, w, h, image } => {
                    if *image >= images.images.len() {
                        continue;
                    }
                    // Place the unit square scaled to w × h at (x, bottom).
                    ops.push(Op::SaveGraphicsState);
                    ops.push(Op::SetTransformationMatrix {
                        matrix: CurTransMat::Raw([*w, 0.0, 0.0, *h, *x, flip(y + h)]),
                    });
                    ops.push(Op::UseXobject {
                        id: image_id(*image),
                        transform: XObjectTransform {
                            no_auto_scale: true,
                            ..XObjectTransform::default()
                        },
                    });
                    ops.push(Op::RestoreGraphicsState);
                }
                Item::Link { x, y, w, h, target } => {
                    let actions = match target {
                        LinkTarget::Uri(uri) => Actions::Uri(uri.clone()),
                        LinkTarget::Anchor(id) => match anchors.get(id) {
                            Some(&(page, ay)) => Actions::Goto(Destination::Xyz {
                                page: page + 1,
                                left: None,
                                top: Some(flip(ay)),
                                zoom: None,
                            }),
                            None => continue,
                        },
                    };
                    ops.push(Op::LinkAnnotation {
                        link: LinkAnnotation::new(
                            Rect::from_xywh(pt(*x), pt(flip(y + h)), pt(*w), pt(*h)),
                            actions,
                            Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                            None,
                            None,
                        ),
                    });
                }
                Item::Anchor { .. } => {}
            }
        }
        if in_text {
            ops.push(Op::EndTextSection);
        }
        doc.pages.push(PdfPage::new(
            Mm(width * 25.4 / 72.0),
            Mm(height * 25.4 / 72.0),
            ops,
        ));
    }

    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    finish(&mut lo, outline, height, meta);
    compress_streams(&mut lo);
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| RenderError::Serialize(e.to_string()))?;
    Ok(bytes)
}

/// Deflate every stream that allows it, at level 3: lopdf's `compress`
/// uses the best (slowest) level, which cost a fifth of the writer's time;
/// zlib's default (6) still took a fifth of a course build, and level 3
/// makes the seed lesson's PDF only 1.4% larger (92.6 -> 93.9 KB; level 1
/// was 20% larger). Streams are independent, so
/// they are compressed in parallel (each one's bytes stay the same
/// whatever the thread count).
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

fn deflate(bytes: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write as _;
    let mut encoder = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::new(3),
    );
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok()
}

/// A JPEG as an image XObject with `DCTDecode`: the file's bytes are the
/// stream (ISO 32000-1, 7.4.8), never decoded here.
fn jpeg_xobject(jpeg: &[u8], width: usize, height: usize, channels: u8) -> XObject {
    let name = |n: &str| DictItem::Name(n.as_bytes().to_vec());
    let int = |v: usize| DictItem::Int(i64::try_from(v).unwrap_or(i64::MAX));
    let mut dict = std::collections::BTreeMap::new();
    dict.insert("Type".to_string(), name("XObject"));
    dict.insert("Subtype".to_string(), name("Image"));
    dict.insert("Width".to_string(), int(width));
    dict.insert("Height".to_string(), int(height));
    dict.insert("BitsPerComponent".to_string(), DictItem::Int(8));
    dict.insert("Filter".to_string(), name("DCTDecode"));
    let space = match channels {
        1 => "DeviceGray",
        4 => "DeviceCMYK",
        _ => "DeviceRGB",
    };
    dict.insert("ColorSpace".to_string(), name(space));
    if channels == 4 {
        // Adobe's CMYK JPEGs store inverted components.
        dict.insert(
            "Decode".to_string(),
            DictItem::Array(
                [1, 0, 1, 0, 1, 0, 1, 0]
                    .iter()
                    .map(|&v| DictItem::Int(v))
                    .collect(),
            ),
        );
    }
    XObject::External(ExternalXObject {
        stream: ExternalStream {
            dict,
            content: jpeg.to_vec(),
            compress: false,
        },
        width: Some(Px(width)),
        height: Some(Px(height)),
        dpi: None,
    })
}

fn image_id(i: usize) -> XObjectId {
    XObjectId(format!("Im{i}"))
}

/// The `TJ` items for a text with adjustments after some characters
/// (points; a `TJ` number is thousandths of an em, positive to the left).
fn text_items(text: &str, adjust: &[(usize, f32)], size: f32) -> Vec<TextItem> {
    if adjust.is_empty() {
        return vec![TextItem::Text(text.to_string())];
    }
    let mut sorted: Vec<(usize, f32)> = adjust.to_vec();
    sorted.sort_by_key(|a| a.0);
    let mut out = Vec::new();
    let mut chunk = String::new();
    let mut next = sorted.iter().peekable();
    for (i, c) in text.chars().enumerate() {
        chunk.push(c);
        let mut total = 0.0;
        while let Some(&&(at, amount)) = next.peek() {
            if at != i {
                break;
            }
            total += amount;
            next.next();
        }
        if total.abs() > 0.001 {
            out.push(TextItem::Text(std::mem::take(&mut chunk)));
            out.push(TextItem::Offset(-total * 1000.0 / size.max(0.1)));
        }
    }
    if !chunk.is_empty() {
        out.push(TextItem::Text(chunk));
    }
    out
}

/// lopdf post-processing: the nested outline, `/Lang`, a fixed `/ID`.
fn finish(doc: &mut lopdf::Document, outline: &[OutlineEntry], height: f32, meta: &Metadata) {
    let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    let catalog_id = doc.trailer.get(b"Root").and_then(Object::as_reference).ok();
    if let Some(root_id) = catalog_id {
        let outline_root = build_outline(doc, outline, &pages, height);
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
    let mut hasher = Sha256::new();
    for (id, object) in &doc.objects {
        hasher.update(id.0.to_be_bytes());
        if let Object::Stream(s) = object {
            hasher.update(&s.content);
        }
    }
    hasher.update(meta.title.as_bytes());
    let digest = hasher.finalize();
    let id = digest.get(..16).unwrap_or(&[]).to_vec();
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
    let children_of = |p: Option<usize>| -> Vec<usize> {
        parents
            .iter()
            .enumerate()
            .filter(|(_, q)| **q == p)
            .map(|(i, _)| i)
            .collect()
    };
    let mut all_children: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
    all_children.insert(None, children_of(None));
    for i in 0..entries.len() {
        all_children.insert(Some(i), children_of(Some(i)));
    }
    // Count of all descendants (every item shown open).
    fn descendants(node: Option<usize>, tree: &BTreeMap<Option<usize>, Vec<usize>>) -> i64 {
        tree.get(&node).map_or(0, |kids| {
            kids.iter().map(|&k| 1 + descendants(Some(k), tree)).sum()
        })
    }
    for (i, e) in entries.iter().enumerate() {
        let Some(&id) = ids.get(i) else { continue };
        let parent_id = parents
            .get(i)
            .copied()
            .flatten()
            .and_then(|p| ids.get(p).copied())
            .unwrap_or(root);
        let siblings = all_children
            .get(&parents.get(i).copied().flatten())
            .cloned()
            .unwrap_or_default();
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let mut dict = Dictionary::new();
        dict.set("Title", text_string(&e.title));
        dict.set("Parent", Object::Reference(parent_id));
        if let Some(&page) = pages.get(e.page) {
            dict.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(page),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(height - e.y),
                    Object::Null,
                ]),
            );
        }
        if pos > 0
            && let Some(prev) = siblings.get(pos - 1).and_then(|&s| ids.get(s))
        {
            dict.set("Prev", Object::Reference(*prev));
        }
        if let Some(next) = siblings.get(pos + 1).and_then(|&s| ids.get(s)) {
            dict.set("Next", Object::Reference(*next));
        }
        let kids = all_children.get(&Some(i)).cloned().unwrap_or_default();
        if let (Some(first), Some(last)) = (kids.first(), kids.last()) {
            if let (Some(f), Some(l)) = (ids.get(*first), ids.get(*last)) {
                dict.set("First", Object::Reference(*f));
                dict.set("Last", Object::Reference(*l));
            }
            dict.set(
                "Count",
                Object::Integer(descendants(Some(i), &all_children)),
            );
        }
        doc.objects.insert(id, Object::Dictionary(dict));
    }
    let top = all_children.get(&None).cloned().unwrap_or_default();
    let mut root_dict = Dictionary::new();
    root_dict.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(f), Some(l)) = (
        top.first().and_then(|&i| ids.get(i)),
        top.last().and_then(|&i| ids.get(i)),
    ) {
        root_dict.set("First", Object::Reference(*f));
        root_dict.set("Last", Object::Reference(*l));
    }
    root_dict.set("Count", Object::Integer(descendants(None, &all_children)));
    doc.objects.insert(root, Object::Dictionary(root_dict));
    Some(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_text_items_turn_adjustments_into_tj_numbers() {
        let items = text_items("AVA", &[(0, -1.0)], 10.0);
        assert_eq!(
            items,
            vec![
                TextItem::Text("A".into()),
                TextItem::Offset(100.0),
                TextItem::Text("VA".into())
            ]
        );
    }
}
