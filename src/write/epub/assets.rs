//! Files packaged beside the content documents: images and fonts.
//!
//! Each file is read once, its media type taken from its first bytes
//! (EPUBCheck compares the declared type with the content, OPF-029, so the
//! extension is not trusted), and given a package path with a safe name
//! (EPUBCheck warns about spaces and odd characters, PKG-010/PKG-011).
//! Only the core media types of EPUB 3.3 §3.2 are packaged: anything else
//! would need a fallback chain no reader shows well.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Severity};
use crate::ir::{Document, Element, Kind};

/// A file inside the package.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct PackagedFile {
    /// Manifest id (`img-1`, `font-1`, `cover-image`).
    pub id: String,
    /// Path relative to the package document (`media/speedup.png`).
    pub href: String,
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
}

/// Why a referenced file cannot be packaged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(super) enum AssetError {
    #[error("\"{0}\" is a remote address: an EPUB must contain its images")]
    Remote(String),
    #[error("cannot read \"{path}\": {reason}")]
    Unreadable { path: String, reason: String },
    #[error("\"{0}\" is not a PNG, JPEG, GIF, WebP or SVG image")]
    NotAnImage(String),
    #[error("\"{0}\" is not a TrueType, OpenType, WOFF or WOFF2 font")]
    NotAFont(String),
}

/// The image media types EPUB reading systems must support.
fn sniff_image(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("image/png", "png"))
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some(("image/jpeg", "jpg"))
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(("image/gif", "gif"))
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some(("image/webp", "webp"))
    } else if looks_like_svg(bytes) {
        Some(("image/svg+xml", "svg"))
    } else {
        None
    }
}

/// An XML text whose root element is `svg` (checked in the first 4 KiB:
/// the root comes after at most a declaration, comments and a doctype).
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with('<') && text.contains("<svg")
}

/// The font media types of EPUB 3.3 §3.2.
fn sniff_font(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(&[0, 1, 0, 0]) || bytes.starts_with(b"true") {
        Some(("font/ttf", "ttf"))
    } else if bytes.starts_with(b"OTTO") {
        Some(("font/otf", "otf"))
    } else if bytes.starts_with(b"wOFF") {
        Some(("font/woff", "woff"))
    } else if bytes.starts_with(b"wOF2") {
        Some(("font/woff2", "woff2"))
    } else {
        None
    }
}

/// Whether a reference is a URL with a scheme (`https:`, `data:`), not a
/// path (a one-letter scheme is a Windows drive).
pub(super) fn is_remote(uri: &str) -> bool {
    match uri.split_once(':') {
        Some((scheme, _)) => {
            scheme.len() > 1
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// A file name reduced to letters, digits, `-`, `_` and `.`.
fn safe_stem(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut out = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '_') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "file".to_string()
    } else {
        out
    }
}

/// The images and fonts of one book, in first-use order.
#[derive(Debug, Default)]
pub(super) struct Assets {
    files: Vec<PackagedFile>,
    /// Source file → index in `files`, so a file used twice is packaged once.
    by_source: BTreeMap<PathBuf, usize>,
    hrefs: BTreeSet<String>,
    /// `folder/stem.ext` → the last number given to a file of that name.
    next_suffix: BTreeMap<String, usize>,
    images: usize,
    fonts: usize,
}

impl Assets {
    /// Every packaged file, in first-use order.
    pub(super) fn files(&self) -> &[PackagedFile] {
        &self.files
    }

    /// Whether any image is packaged (besides the cover).
    pub(super) fn has_images(&self) -> bool {
        self.images > 0
    }

    /// A package path not used yet: `folder/stem.ext`, else `stem-2.ext`,
    /// ... (each name remembers its next number, so many files of one
    /// name cost no repeated search).
    fn free_href(&mut self, folder: &str, stem: &str, ext: &str) -> String {
        let base = format!("{folder}/{stem}.{ext}");
        let next = self.next_suffix.entry(base.clone()).or_insert(1);
        let mut href = base.clone();
        while self.hrefs.contains(&href) {
            *next += 1;
            href = format!("{folder}/{stem}-{next}.{ext}");
        }
        href
    }

    fn read(path: &Path) -> Result<(PathBuf, Vec<u8>), AssetError> {
        let bytes = crate::read::read_regular_file(path).map_err(|e| AssetError::Unreadable {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        Ok((key, bytes))
    }

    fn push(&mut self, key: PathBuf, file: PackagedFile) -> String {
        let href = file.href.clone();
        self.hrefs.insert(href.clone());
        self.by_source.insert(key, self.files.len());
        self.files.push(file);
        href
    }

    /// Package the image `uri` (as written in a document whose folder is
    /// `base_dir`; a leading `/` means the book's `root_dir`) and return its
    /// package path.
    pub(super) fn add_image(
        &mut self,
        uri: &str,
        base_dir: &Path,
        root_dir: &Path,
    ) -> Result<String, AssetError> {
        if is_remote(uri) {
            return Err(AssetError::Remote(uri.to_string()));
        }
        let path = match uri.strip_prefix('/') {
            Some(rooted) => root_dir.join(rooted),
            None => base_dir.join(uri),
        };
        let (key, bytes) = Self::read(&path)?;
        if let Some(&i) = self.by_source.get(&key)
            && let Some(file) = self.files.get(i)
        {
            return Ok(file.href.clone());
        }
        let (media_type, ext) =
            sniff_image(&bytes).ok_or_else(|| AssetError::NotAnImage(uri.to_string()))?;
        self.images += 1;
        let file = PackagedFile {
            id: format!("img-{}", self.images),
            href: self.free_href("media", &safe_stem(&path), ext),
            media_type,
            bytes,
        };
        Ok(self.push(key, file))
    }

    /// Package the cover image at `path`; its manifest id is `cover-image`.
    pub(super) fn add_cover_image(&mut self, path: &Path) -> Result<PackagedFile, AssetError> {
        let (_key, bytes) = Self::read(path)?;
        let (media_type, ext) = sniff_image(&bytes)
            .ok_or_else(|| AssetError::NotAnImage(path.display().to_string()))?;
        Ok(PackagedFile {
            id: "cover-image".to_string(),
            href: format!("cover.{ext}"),
            media_type,
            bytes,
        })
    }

    /// Package the font file at `path` and return its package path.
    pub(super) fn add_font(&mut self, path: &Path) -> Result<String, AssetError> {
        let (key, bytes) = Self::read(path)?;
        if let Some(&i) = self.by_source.get(&key)
            && let Some(file) = self.files.get(i)
        {
            return Ok(file.href.clone());
        }
        let (media_type, ext) =
            sniff_font(&bytes).ok_or_else(|| AssetError::NotAFont(path.display().to_string()))?;
        self.fonts += 1;
        let file = PackagedFile {
            id: format!("font-{}", self.fonts),
            href: self.free_href("fonts", &safe_stem(path), ext),
            media_type,
            bytes,
        };
        Ok(self.push(key, file))
    }
}

/// Where a diagnostic points: file, line, column.
pub(super) type Place = (String, u32, u32);

pub(super) fn place_of(diagnostic: &Diagnostic) -> Place {
    (diagnostic.file.to_string(), diagnostic.line, diagnostic.col)
}

/// The images of a book: package path per (part, uri), and the places of
/// those that could not be packaged (already reported).
#[derive(Default)]
pub(super) struct PackagedImages {
    pub sources: BTreeMap<(usize, String), Option<String>>,
    pub reported: BTreeSet<Place>,
}

/// Package every image of every part (folder, document), in document
/// order; report those that cannot be packaged where they are used, saying
/// why.
pub(super) fn package_images(
    parts: &[(&Path, &Document)],
    root_dir: &Path,
    assets: &mut Assets,
    diagnostics: &mut Vec<Diagnostic>,
) -> PackagedImages {
    let mut packaged = PackagedImages::default();
    for (pi, (base_dir, doc)) in parts.iter().enumerate() {
        let mut images: Vec<&Element> = Vec::new();
        doc.root.walk(&mut |e| {
            if e.kind == Kind::Image {
                images.push(e);
            }
        });
        for image in images {
            let uri = image.attrs.str("uri").unwrap_or("").to_string();
            let result = assets.add_image(&uri, base_dir, root_dir);
            if let Err(e) = &result {
                // A missing file gets the other writers' wording, so a run
                // over several formats reports it once.
                let missing =
                    matches!(e, AssetError::Unreadable { .. }) && !base_dir.join(&uri).exists();
                let (code, message) = if missing {
                    ("missing-image", format!("image not found: {uri}"))
                } else {
                    (
                        "epub-image",
                        format!("image not packaged, a placeholder is shown: {e}"),
                    )
                };
                let diagnostic = Diagnostic::new(
                    Severity::Warning,
                    code,
                    doc.sources.name(image.span.file),
                    image.span.line,
                    image.span.col,
                    message,
                )
                .with_chain(doc.sources.include_chain(image.span.file));
                packaged.reported.insert(place_of(&diagnostic));
                diagnostics.push(diagnostic);
            }
            packaged.sources.entry((pi, uri)).or_insert(result.ok());
        }
    }
    packaged
}

/// The places of `:download:` references whose file exists: an EPUB shows
/// them unlinked by design (it may only link to its own content
/// documents), so the renderer's "not found" is not reported for them.
pub(super) fn existing_downloads(parts: &[(&Path, &Document)]) -> BTreeSet<Place> {
    let mut places = BTreeSet::new();
    for (base_dir, doc) in parts {
        doc.root.walk(&mut |e| {
            if e.kind != Kind::DownloadReference {
                return;
            }
            let target = e.attrs.str("reftarget").unwrap_or("");
            if !target.is_empty() && base_dir.join(target).is_file() {
                places.insert((
                    doc.sources.name(e.span.file).to_string(),
                    e.span.line,
                    e.span.col,
                ));
            }
        });
    }
    places
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epub_assets_sniff_media_types() {
        assert_eq!(
            sniff_image(b"\x89PNG\r\n\x1a\nrest"),
            Some(("image/png", "png"))
        );
        assert_eq!(
            sniff_image(&[0xff, 0xd8, 0xff, 0xe0]),
            Some(("image/jpeg", "jpg"))
        );
        assert_eq!(
            sniff_image(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Some(("image/svg+xml", "svg"))
        );
        assert_eq!(sniff_image(b"%PDF-1.7"), None);
        assert_eq!(sniff_font(b"OTTO...."), Some(("font/otf", "otf")));
        assert_eq!(sniff_font(b"wOF2...."), Some(("font/woff2", "woff2")));
    }

    #[test]
    fn epub_assets_remote_and_safe_names() {
        assert!(is_remote("https://example.org/a.png"));
        assert!(is_remote("data:image/png;base64,AAAA"));
        assert!(!is_remote("figs/a.png"));
        assert!(!is_remote("C:/figs/a.png"));
        assert_eq!(
            safe_stem(Path::new("figs/My Figure (1).png")),
            "My-Figure-1"
        );
        assert_eq!(safe_stem(Path::new("figs/.png")), "png");
    }

    #[test]
    fn epub_assets_package_once_with_unique_names() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/course");
        let mut assets = Assets::default();
        let a = assets.add_image("figs/speedup.png", &root, &root);
        let b = assets.add_image("./figs/speedup.png", &root, &root);
        assert_eq!(a.as_deref(), Ok("media/speedup.png"));
        assert_eq!(a, b);
        assert_eq!(assets.files().len(), 1);
        assert!(matches!(
            assets.add_image("figs/nope.png", &root, &root),
            Err(AssetError::Unreadable { .. })
        ));
        assert!(matches!(
            assets.add_image("src/prange_sum.py", &root, &root),
            Err(AssetError::NotAnImage(_))
        ));
    }

    #[test]
    fn epub_assets_same_name_different_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let png = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/course/figs/speedup.png"),
        )
        .expect("fixture image");
        let mut assets = Assets::default();
        let mut hrefs = Vec::new();
        for sub in ["a", "b", "c"] {
            let folder = dir.path().join(sub);
            std::fs::create_dir_all(&folder).expect("folder");
            std::fs::write(folder.join("plot.png"), &png).expect("image");
            hrefs.push(
                assets
                    .add_image("plot.png", &folder, dir.path())
                    .expect("packaged"),
            );
        }
        assert_eq!(
            hrefs,
            ["media/plot.png", "media/plot-2.png", "media/plot-3.png"]
        );
    }
}
