//! Images for the PDF: PNG files decoded to 8-bit RGB or RGBA pixels (the
//! `png` crate), kept once per path in an [`ImageTable`] so a figure used
//! twice is embedded once. Other formats are reported and shown as a
//! placeholder by the layout.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A decoded image.
#[derive(Clone, Debug, PartialEq)]
pub struct DecodedImage {
    pub width: usize,
    pub height: usize,
    /// Pixels, row by row, `channels` bytes each.
    pub pixels: Vec<u8>,
    /// 1 (grey), 3 (RGB) or 4 (RGBA).
    pub channels: u8,
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
        let bytes = std::fs::read(path)
            .map_err(|e| format!("cannot read image {}: {e}", path.display()))?;
        let image = decode_png(&bytes)
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
        return Err("not a PNG file (only PNG images are embedded in PDF)".into());
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
    })
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
    fn images_reject_non_png() {
        assert!(decode_png(b"GIF89a....").is_err());
    }
}
