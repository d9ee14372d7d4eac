//! Images for the PDF. JPEG files pass through as they are (PDF reads JPEG
//! natively, `DCTDecode`: only the frame header is read, for the size and
//! colour components). So do PNG files without transparency or interlacing:
//! their zlib data with PNG row filters is what PDF's `FlateDecode` with
//! `/Predictor 15` reads (ISO 32000-1, 7.4.4.4), so they are neither
//! decoded nor compressed again (decoding and deflating the figure again
//! for every lesson was 4% of a course build). Other PNGs are decoded to
//! 8-bit RGB or RGBA pixels (the `png` crate). Each image is kept once per path in an
//! [`ImageTable`], so a figure used twice is embedded once. Other formats
//! are reported and shown as a placeholder by the layout.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A decoded image.
#[derive(Clone, Debug, PartialEq)]
pub struct DecodedImage {
    pub width: usize,
    pub height: usize,
    /// Pixels, row by row, `channels` bytes each.
    pub pixels: Vec<u8>,
    /// 1 (grey), 3 (RGB) or 4 (RGBA; CMYK for a JPEG).
    pub channels: u8,
    /// The file itself when it is a JPEG (embedded as is; `pixels` empty).
    pub jpeg: Option<Vec<u8>>,
    /// The compressed data when it is a PNG PDF reads as is (`pixels`
    /// empty).
    pub png: Option<PngStream>,
}

/// A PNG's image data as a PDF image stream takes it.
#[derive(Clone, Debug, PartialEq)]
pub struct PngStream {
    /// The `IDAT` chunks' data, concatenated: one zlib stream.
    pub data: Vec<u8>,
    /// Bits per sample: 1, 2, 4, 8 or 16.
    pub bits: u8,
    /// Samples per pixel: 1 (grey, or a palette index) or 3 (RGB).
    pub colors: u8,
    /// The palette's RGB triples, for a palette image.
    pub palette: Option<Vec<u8>>,
}

/// The images of one PDF, in first-use order.
#[derive(Default, Debug)]
pub struct ImageTable {
    pub images: Vec<DecodedImage>,
    by_path: BTreeMap<PathBuf, usize>,
}

impl ImageTable {
    /// The index of the image at `path`, decoding it on first use.
    pub fn load(&mut self, path: &Path) -> Result<usize, String> {
        if let Some(&i) = self.by_path.get(path) {
            return Ok(i);
        }
        let bytes = crate::read::read_regular_file(path)
            .map_err(|e| format!("cannot read image {}: {e}", path.display()))?;
        let image = if bytes.starts_with(&[0xFF, 0xD8]) {
            jpeg_header(&bytes)
        } else if let Some(image) = png_pass_through(&bytes) {
            Ok(image)
        } else {
            decode_png(&bytes)
        }
        .map_err(|e| format!("cannot decode image {}: {e}", path.display()))?;
        self.images.push(image);
        let index = self.images.len() - 1;
        self.by_path.insert(path.to_path_buf(), index);
        Ok(index)
    }

    /// Take over `other`'s images (those this table lacks, in `other`'s
    /// order) and return where each of `other`'s indexes now points.
    pub fn absorb(&mut self, other: ImageTable) -> Vec<usize> {
        let mut path_of: Vec<Option<PathBuf>> = vec![None; other.images.len()];
        for (path, index) in other.by_path {
            if let Some(slot) = path_of.get_mut(index) {
                *slot = Some(path);
            }
        }
        other
            .images
            .into_iter()
            .zip(path_of)
            .map(|(image, path)| {
                if let Some(&known) = path.as_ref().and_then(|p| self.by_path.get(p)) {
                    return known;
                }
                self.images.push(image);
                let index = self.images.len() - 1;
                if let Some(path) = path {
                    self.by_path.insert(path, index);
                }
                index
            })
            .collect()
    }
}

/// Decode a PNG to 8-bit grey, RGB or RGBA.
pub fn decode_png(bytes: &[u8]) -> Result<DecodedImage, String> {
    if !bytes.starts_with(b"\x89PNG") {
        return Err("not a PNG or JPEG file (the formats embedded in PDF)".into());
    }
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| "image too large".to_string())?;
    // Refuse absurd sizes instead of allocating them (a 64-megapixel cap).
    if size > 256 * 1024 * 1024 {
        return Err("image too large".into());
    }
    let mut buf = vec![0; size];
    let info = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    buf.truncate(info.buffer_size());
    let (channels, pixels) = match info.color_type {
        png::ColorType::Grayscale => (1, buf),
        png::ColorType::Rgb => (3, buf),
        png::ColorType::Rgba => (4, buf),
        png::ColorType::GrayscaleAlpha => {
            // Spread grey+alpha to RGBA.
            let mut out = Vec::with_capacity(buf.len() * 2);
            for px in buf.chunks_exact(2) {
                if let [g, a] = px {
                    out.extend_from_slice(&[*g, *g, *g, *a]);
                }
            }
            (4, out)
        }
        png::ColorType::Indexed => return Err("unexpected palette output".into()),
    };
    Ok(DecodedImage {
        width: info.width as usize,
        height: info.height as usize,
        pixels,
        channels,
        jpeg: None,
        png: None,
    })
}

/// A PNG that PDF can read without decoding: non-interlaced grey, RGB or
/// palette data with no transparency (`tRNS`, alpha), every chunk's CRC
/// right. `None` sends the file to [`decode_png`], which reports what is
/// wrong with a damaged one.
pub fn png_pass_through(bytes: &[u8]) -> Option<DecodedImage> {
    let mut rest = bytes.strip_prefix(b"\x89PNG\r\n\x1a\n")?;
    let mut header: Option<(usize, usize, u8, u8)> = None;
    let mut palette: Option<Vec<u8>> = None;
    let mut data = Vec::new();
    loop {
        let length = usize::try_from(u32::from_be_bytes(rest.get(..4)?.try_into().ok()?)).ok()?;
        let kind = rest.get(4..8)?;
        let body = rest.get(8..8 + length)?;
        let crc = u32::from_be_bytes(rest.get(8 + length..12 + length)?.try_into().ok()?);
        let mut check = flate2::Crc::new();
        check.update(kind);
        check.update(body);
        if check.sum() != crc {
            return None;
        }
        rest = rest.get(12 + length..)?;
        match kind {
            b"IHDR" => {
                let word = |i: usize| -> Option<usize> {
                    usize::try_from(u32::from_be_bytes(body.get(i..i + 4)?.try_into().ok()?)).ok()
                };
                let (width, height) = (word(0)?, word(4)?);
                let (bits, color_type) = (*body.get(8)?, *body.get(9)?);
                // Compression and filter method 0, no interlacing.
                if body.get(10..13)? != [0, 0, 0] || width == 0 || height == 0 {
                    return None;
                }
                header = Some((width, height, bits, color_type));
            }
            b"PLTE" => palette = Some(body.to_vec()),
            b"IDAT" => data.extend_from_slice(body),
            b"tRNS" => return None,
            b"IEND" => break,
            _ => {}
        }
    }
    let (width, height, bits, color_type) = header?;
    let colors = match (color_type, bits) {
        (0, 1 | 2 | 4 | 8 | 16) | (3, 1 | 2 | 4 | 8) => 1,
        (2, 8 | 16) => 3,
        _ => return None,
    };
    // A palette image needs its palette, of whole RGB triples.
    let palette = match color_type {
        3 => Some(palette.filter(|p| !p.is_empty() && p.len() % 3 == 0 && p.len() <= 768)?),
        _ => None,
    };
    if data.is_empty() {
        return None;
    }
    Some(DecodedImage {
        width,
        height,
        pixels: Vec::new(),
        channels: colors,
        jpeg: None,
        png: Some(PngStream {
            data,
            bits,
            colors,
            palette,
        }),
    })
}

/// A JPEG's size and colour components from its frame header (SOFn, ITU
/// T.81 B.2.2); the data itself is embedded untouched.
pub fn jpeg_header(bytes: &[u8]) -> Result<DecodedImage, String> {
    let byte = |i: usize| {
        bytes
            .get(i)
            .copied()
            .ok_or_else(|| "truncated JPEG".to_string())
    };
    let word = |i: usize| -> Result<usize, String> {
        Ok(usize::from(byte(i)?) << 8 | usize::from(byte(i + 1)?))
    };
    let mut at = 2;
    loop {
        if byte(at)? != 0xFF {
            return Err("malformed JPEG marker".into());
        }
        let marker = byte(at + 1)?;
        match marker {
            // Fill bytes and markers without a length.
            0xFF => at += 1,
            0x01 | 0xD0..=0xD8 => at += 2,
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let height = word(at + 5)?;
                let width = word(at + 7)?;
                let channels = byte(at + 9)?;
                if width == 0 || height == 0 || !matches!(channels, 1 | 3 | 4) {
                    return Err(format!(
                        "unsupported JPEG ({width}x{height}, {channels} components)"
                    ));
                }
                return Ok(DecodedImage {
                    width,
                    height,
                    pixels: Vec::new(),
                    channels,
                    jpeg: Some(bytes.to_vec()),
                    png: None,
                });
            }
            0xD9 | 0xDA => return Err("JPEG without a frame header".into()),
            _ => at += 2 + word(at + 2)?,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture_png() -> (std::path::PathBuf, Vec<u8>) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/course/figs/speedup.png");
        let bytes = std::fs::read(&path).expect("fixture");
        (path, bytes)
    }

    #[test]
    fn images_decode_fixture_png() {
        let (_, bytes) = fixture_png();
        let img = decode_png(&bytes).expect("decodes");
        assert!(img.width > 0 && img.height > 0);
        assert_eq!(
            img.pixels.len(),
            img.width * img.height * usize::from(img.channels)
        );
    }

    #[test]
    fn images_pass_an_rgb_png_through_undecoded() {
        let (path, bytes) = fixture_png();
        let mut table = ImageTable::default();
        let i = table.load(&path).expect("loads");
        let img = &table.images[i];
        let decoded = decode_png(&bytes).expect("decodes");
        assert_eq!((img.width, img.height), (decoded.width, decoded.height));
        assert!(img.pixels.is_empty());
        let png = img.png.as_ref().expect("passed through");
        assert_eq!((png.bits, png.colors, png.palette.is_none()), (8, 3, true));
        // The data is the file's zlib stream: it inflates to one filter
        // byte and three samples per pixel on every row.
        let mut raw = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(&png.data[..]), &mut raw)
            .expect("inflates");
        assert_eq!(raw.len(), img.height * (1 + img.width * 3));
        assert_eq!(table.load(&path), Ok(i), "loaded once");
    }

    /// A PNG of `chunks` (type, data), CRCs computed.
    fn png_file(chunks: &[(&[u8], Vec<u8>)]) -> Vec<u8> {
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        for (kind, data) in chunks {
            out.extend_from_slice(&u32::try_from(data.len()).unwrap_or(0).to_be_bytes());
            out.extend_from_slice(kind);
            out.extend_from_slice(data);
            let mut crc = flate2::Crc::new();
            crc.update(kind);
            crc.update(data);
            out.extend_from_slice(&crc.sum().to_be_bytes());
        }
        out
    }

    fn ihdr(color_type: u8) -> Vec<u8> {
        let mut h = Vec::new();
        h.extend_from_slice(&2u32.to_be_bytes());
        h.extend_from_slice(&1u32.to_be_bytes());
        h.extend_from_slice(&[8, color_type, 0, 0, 0]);
        h
    }

    #[test]
    fn images_decode_pngs_pdf_cannot_take_as_they_are() {
        let idat = |row: &[u8]| {
            let mut raw = vec![0u8];
            raw.extend_from_slice(row);
            let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
            std::io::Write::write_all(&mut z, &raw).expect("deflate");
            z.finish().expect("deflate")
        };
        let rgb = png_file(&[
            (b"IHDR", ihdr(2)),
            (b"IDAT", idat(&[1, 2, 3, 4, 5, 6])),
            (b"IEND", Vec::new()),
        ]);
        assert!(png_pass_through(&rgb).is_some());
        // Alpha, colour-key transparency and palettes without a palette
        // chunk go through the decoder.
        let rgba = png_file(&[
            (b"IHDR", ihdr(6)),
            (b"IDAT", idat(&[1, 2, 3, 4, 5, 6, 7, 8])),
            (b"IEND", Vec::new()),
        ]);
        assert!(png_pass_through(&rgba).is_none());
        assert_eq!(decode_png(&rgba).expect("decodes").channels, 4);
        let keyed = png_file(&[
            (b"IHDR", ihdr(2)),
            (b"tRNS", vec![0, 1, 0, 2, 0, 3]),
            (b"IDAT", idat(&[1, 2, 3, 4, 5, 6])),
            (b"IEND", Vec::new()),
        ]);
        assert!(png_pass_through(&keyed).is_none());
        let no_palette = png_file(&[
            (b"IHDR", ihdr(3)),
            (b"IDAT", idat(&[0, 0])),
            (b"IEND", Vec::new()),
        ]);
        assert!(png_pass_through(&no_palette).is_none());
        // A damaged chunk (its CRC no longer matches) is not passed on.
        let mut damaged = rgb.clone();
        let last = damaged.len() - 20;
        damaged[last] ^= 0xFF;
        assert!(png_pass_through(&damaged).is_none());
    }

    #[test]
    fn images_read_jpeg_headers() {
        // SOI, an APP0 segment, then SOF0 for 3x2 pixels, 3 components.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00];
        jpeg.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x02, 0x00, 0x03, 0x03]);
        let img = jpeg_header(&jpeg).expect("header");
        assert_eq!((img.width, img.height, img.channels), (3, 2, 3));
        assert!(jpeg_header(&[0xFF, 0xD8, 0xFF]).is_err());
        assert!(jpeg_header(&[0xFF, 0xD8, 0xFF, 0xDA]).is_err());
    }

    #[test]
    fn images_reject_non_png() {
        assert!(decode_png(b"GIF89a....").is_err());
    }
}
