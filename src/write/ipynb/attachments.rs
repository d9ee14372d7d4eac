//! Images as cell attachments, so a notebook is one self-contained file
//! (nbformat 4, "Cell attachments": a markdown cell's `attachments` maps a
//! name to a mime bundle of base64 data; the cell links to it as
//! `attachment:NAME`).
//!
//! The store reads each image once, names it after its file (made unique
//! in the notebook and safe in a link), and gives its MIME type from the
//! file's first bytes, falling back to the extension.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::cells::Attachment;

/// Where an image's bytes come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImageSource {
    /// Read from disk and attached.
    Attached(Attachment),
    /// A URL (`http:`, `https:`, `data:`) used as is: never fetched.
    Remote(String),
}

/// Why an image could not be attached.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImageProblem {
    #[error("image not found: {0}")]
    Missing(String),
    #[error("cannot read image {0}: {1}")]
    Unreadable(String, String),
    #[error("image {0} is not PNG, JPEG, GIF, WebP or SVG")]
    UnknownType(String),
    #[error("image source refused, it could run script: {0}")]
    ActiveUrl(String),
}

/// The images of one notebook.
#[derive(Debug, Default)]
pub struct AttachmentStore {
    loaded: BTreeMap<PathBuf, Attachment>,
    names: BTreeSet<String>,
}

impl AttachmentStore {
    /// The image at `uri` (relative to `source_dir`), attached or remote.
    pub fn image(&mut self, uri: &str, source_dir: &Path) -> Result<ImageSource, ImageProblem> {
        if crate::write::active_url::is_active_url(uri) {
            return Err(ImageProblem::ActiveUrl(uri.to_string()));
        }
        let lower = uri.to_ascii_lowercase();
        if lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("data:")
        {
            return Ok(ImageSource::Remote(uri.to_string()));
        }
        let path = source_dir.join(uri);
        if let Some(found) = self.loaded.get(&path) {
            return Ok(ImageSource::Attached(found.clone()));
        }
        let bytes = crate::read::read_regular_file(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => ImageProblem::Missing(uri.to_string()),
            _ => ImageProblem::Unreadable(uri.to_string(), e.to_string()),
        })?;
        let mime = image_mime(&bytes, uri).ok_or_else(|| ImageProblem::UnknownType(uri.into()))?;
        let attachment = Attachment {
            name: self.unique_name(uri),
            mime: mime.to_string(),
            data: STANDARD.encode(&bytes),
        };
        self.loaded.insert(path, attachment.clone());
        Ok(ImageSource::Attached(attachment))
    }

    /// The file name, with characters that would need escaping in a link
    /// replaced, and a counter added if another image took it.
    fn unique_name(&mut self, uri: &str) -> String {
        let file = uri.rsplit(['/', '\\']).next().unwrap_or(uri);
        let safe: String = file
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let safe = if safe.is_empty() {
            "image".to_string()
        } else {
            safe
        };
        let (stem, extension) = match safe.rfind('.') {
            Some(dot) if dot > 0 => (&safe[..dot], &safe[dot..]),
            _ => (safe.as_str(), ""),
        };
        let mut name = safe.clone();
        let mut counter = 2;
        while self.names.contains(&name) {
            name = format!("{stem}-{counter}{extension}");
            counter += 1;
        }
        self.names.insert(name.clone());
        name
    }
}

/// The MIME type of an image, from its magic bytes, else its extension.
pub fn image_mime(bytes: &[u8], uri: &str) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some("image/png");
    }
    if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        return Some("image/jpeg");
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Some("image/gif");
    }
    if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return Some("image/webp");
    }
    let extension = uri.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "svg" => Some("image/svg+xml"),
        "png" => Some("image/png"),
        "jpg" | "jpeg" => Some("image/jpeg"),
        "gif" => Some("image/gif"),
        "webp" => Some("image/webp"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipynb_attachment_mime_from_magic_then_extension() {
        assert_eq!(
            image_mime(b"\x89PNG\r\n\x1a\nrest", "a.jpg"),
            Some("image/png")
        );
        assert_eq!(
            image_mime(&[0xff, 0xd8, 0xff, 0xe0], "a"),
            Some("image/jpeg")
        );
        assert_eq!(image_mime(b"<svg/>", "fig.SVG"), Some("image/svg+xml"));
        assert_eq!(image_mime(b"xx", "notes.txt"), None);
    }

    #[test]
    fn ipynb_attachment_names_unique_and_link_safe() {
        let mut store = AttachmentStore::default();
        assert_eq!(store.unique_name("figs/speed up.png"), "speed-up.png");
        assert_eq!(store.unique_name("other/speed up.png"), "speed-up-2.png");
        assert_eq!(store.unique_name("x/"), "image");
    }

    #[test]
    fn ipynb_attachment_missing_and_remote() {
        let mut store = AttachmentStore::default();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/course");
        assert_eq!(
            store.image("figs/nope.png", &dir),
            Err(ImageProblem::Missing("figs/nope.png".into()))
        );
        assert_eq!(
            store.image("https://example.org/a.png", &dir),
            Ok(ImageSource::Remote("https://example.org/a.png".into()))
        );
        match store.image("figs/speedup.png", &dir) {
            Ok(ImageSource::Attached(a)) => {
                assert_eq!(a.mime, "image/png");
                assert_eq!(a.name, "speedup.png");
                assert!(a.data.starts_with("iVBOR"));
            }
            other => panic!("{other:?}"),
        }
    }
}
