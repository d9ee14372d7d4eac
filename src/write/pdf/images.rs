//! Images for the PDF: PNG files decoded to 8-bit RGB or RGBA pixels (the
//! `png` crate); JPEG files passed through as they are (PDF reads JPEG
//! natively, `DCTDecode`: only the frame header is read, for the size and
//! colour components). Each image is kept once per path in an
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
        } else {
            decode_png(&bytes)
        }
        .map_err(|e| format!("cannot decode image {}: {e}", path.display()))?;
        self.images.push(image);
        let index = self.images.len() - 1;
        self.by_path.insert(path.to_path_buf(), index);
        Ok(index)
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

    #[test]
    fn images_decode_fixture_png() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/course/figs/speedup.png");
        let mut table = ImageTable::default();
        let i = table.load(&path).expect("decodes");
        let img = &table.images[i];
        assert!(img.width > 0 && img.height > 0);
        assert_eq!(
            img.pixels.len(),
            img.width * img.height * usize::from(img.channels)
        );
        assert_eq!(table.load(&path), Ok(i), "loaded once");
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
