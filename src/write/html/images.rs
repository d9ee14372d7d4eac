//! Files a page refers to (images, downloads): where they are found (beside
//! the source, `BuildInfo::source_dir`), what address the page uses for
//! them, and the resources that copy them beside the output, or `data:`
//! URIs when images are embedded (`html.embed_images`).

use std::path::{Component, Path, PathBuf};

use base64::Engine as _;

use crate::write::{Resource, ResourceContent};

use super::body::AssetKind;

/// Whether a reference is a URL (kept as is) rather than a local path.
pub fn is_url(uri: &str) -> bool {
    let scheme_end = uri.find(':');
    match scheme_end {
        // `C:\x` is a Windows path, not a one-letter scheme.
        Some(i) if i > 1 => uri[..i]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')),
        _ => uri.starts_with("//"),
    }
}

/// The media type of an image file, from its extension.
fn media_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "avif" => "image/avif",
        _ => "application/octet-stream",
    }
}

/// Percent-encode a relative path for an `href`/`src` (RFC 3986 path
/// characters stay; spaces and everything else are encoded).
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'/' | b'-'
                    | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
            );
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Where a local asset goes, relative to the page's folder: its own
/// relative path when that stays inside the output folder, else
/// `<stem>_files/<file name>` (for `../figs/x.png` and absolute paths).
pub fn output_path(uri: &str, stem: &str) -> PathBuf {
    let path = Path::new(uri);
    let stays_inside = path
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if stays_inside && !uri.is_empty() {
        return path
            .components()
            .filter(|c| matches!(c, Component::Normal(_)))
            .collect();
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "asset".to_string());
    PathBuf::from(format!("{stem}_files")).join(name)
}

/// Resolves a document's assets for one page.
pub struct AssetResolver<'a> {
    pub source_dir: &'a Path,
    /// The page's output stem (for the `_files` folder).
    pub stem: &'a str,
    pub embed_images: bool,
}

impl AssetResolver<'_> {
    /// The address the page uses, or `None` for a missing local file.
    pub fn href(&self, uri: &str, kind: AssetKind) -> Option<String> {
        if is_url(uri) {
            return Some(uri.to_string());
        }
        let source = self.source_dir.join(uri);
        if !source.is_file() {
            return None;
        }
        if self.embed_images && kind == AssetKind::Image {
            let bytes = std::fs::read(&source).ok()?;
            let data = base64::engine::general_purpose::STANDARD.encode(bytes);
            return Some(format!("data:{};base64,{data}", media_type(&source)));
        }
        let out = output_path(uri, self.stem);
        Some(encode_path(&out.to_string_lossy().replace('\\', "/")))
    }

    /// The resources that copy the used local assets beside the page
    /// (`page_dir` is the page's folder relative to the output folder).
    pub fn resources(&self, assets: &[(String, AssetKind)], page_dir: &Path) -> Vec<Resource> {
        assets
            .iter()
            .filter(|(uri, kind)| !(is_url(uri) || self.embed_images && *kind == AssetKind::Image))
            .map(|(uri, _)| Resource {
                path: page_dir.join(output_path(uri, self.stem)),
                content: ResourceContent::Copy(self.source_dir.join(uri)),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_urls_are_recognised() {
        assert!(is_url("https://example.org/x.png"));
        assert!(is_url("data:image/png;base64,AA"));
        assert!(!is_url("figs/x.png"));
        assert!(!is_url("C:/x.png"));
    }

    #[test]
    fn images_output_path_stays_inside() {
        assert_eq!(output_path("figs/a.png", "l"), PathBuf::from("figs/a.png"));
        assert_eq!(
            output_path("./figs/a.png", "l"),
            PathBuf::from("figs/a.png")
        );
        assert_eq!(
            output_path("../figs/a.png", "lesson"),
            PathBuf::from("lesson_files/a.png")
        );
        assert_eq!(
            output_path("/abs/a.png", "l"),
            PathBuf::from("l_files/a.png")
        );
    }

    #[test]
    fn images_embedded_as_data_uris_and_missing_as_none() {
        let source_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/course");
        let embed = AssetResolver {
            source_dir: &source_dir,
            stem: "lesson",
            embed_images: true,
        };
        let src = embed
            .href("figs/speedup.png", AssetKind::Image)
            .expect("exists");
        assert!(
            src.starts_with("data:image/png;base64,iVBOR"),
            "{}",
            &src[..40]
        );
        assert!(embed.href("figs/none.png", AssetKind::Image).is_none());
        let assets = vec![("figs/speedup.png".to_string(), AssetKind::Image)];
        assert!(embed.resources(&assets, Path::new("")).is_empty());
        // Downloads are never embedded.
        assert_eq!(
            embed
                .href("src/prange_sum.py", AssetKind::Download)
                .as_deref(),
            Some("src/prange_sum.py")
        );
        let copy = AssetResolver {
            embed_images: false,
            ..embed
        };
        let resources = copy.resources(&assets, Path::new("part"));
        assert_eq!(resources.len(), 1);
        assert_eq!(resources[0].path, PathBuf::from("part/figs/speedup.png"));
    }

    #[test]
    fn images_paths_are_percent_encoded() {
        assert_eq!(encode_path("my figs/a b.png"), "my%20figs/a%20b.png");
        assert_eq!(encode_path("é.png"), "%C3%A9.png");
    }
}
