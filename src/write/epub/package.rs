//! The package document (`package.opf`, EPUB 3.3 §5): metadata, manifest
//! and spine; and the container file that points to it (OCF 3.3 §4.2.6.3.1,
//! `META-INF/container.xml`).

use super::metadata::BookMetadata;
use super::xml::XmlOut;

/// One manifest item.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct ManifestItem {
    pub id: String,
    pub href: String,
    pub media_type: String,
    /// `nav`, `mathml`, `svg`, `cover-image`, `remote-resources` (§5.6.2.3).
    pub properties: Vec<&'static str>,
}

/// One spine entry.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct SpineItem {
    pub idref: String,
    pub linear: bool,
}

/// What the accessibility metadata states (EPUB Accessibility 1.1 §2.2,
/// schema.org's accessibility properties).
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Accessibility {
    pub has_images: bool,
    pub has_mathml: bool,
    /// The style's summary; empty: written from the flags.
    pub summary: String,
}

impl Accessibility {
    fn features(&self) -> Vec<&'static str> {
        let mut features = vec!["structuralNavigation", "tableOfContents", "readingOrder"];
        if self.has_images {
            features.push("alternativeText");
        }
        if self.has_mathml {
            features.push("MathML");
        }
        features
    }

    fn summary_text(&self) -> String {
        if !self.summary.trim().is_empty() {
            return self.summary.trim().to_string();
        }
        let mut text = String::from(
            "This publication is text with structured headings and a table of contents; \
             the reading order follows the source.",
        );
        if self.has_images {
            text.push_str(" Every image has a text alternative.");
        }
        if self.has_mathml {
            text.push_str(" Mathematics is written in MathML, readable by assistive technology.");
        }
        text.push_str(" Code is text, not images. There are no known hazards.");
        text
    }
}

/// Everything the package document is made of.
pub(super) struct Package<'a> {
    pub metadata: &'a BookMetadata,
    pub identifier: &'a str,
    /// `dcterms:modified`.
    pub modified: &'a str,
    pub accessibility: &'a Accessibility,
    pub manifest: &'a [ManifestItem],
    pub spine: &'a [SpineItem],
    /// The manifest id of the NCX.
    pub ncx_id: &'a str,
    /// The manifest id of the cover image, if any (EPUB 2 `cover` meta).
    pub cover_image_id: Option<&'a str>,
}

fn meta(out: &mut XmlOut, property: &str, value: &str) {
    out.trusted("    ");
    out.element("meta", &[("property", property)], value);
    out.newline();
}

fn dc(out: &mut XmlOut, tag: &str, attrs: &[(&str, &str)], value: &str) {
    out.trusted("    ");
    out.element(tag, attrs, value);
    out.newline();
}

/// The package document.
pub(super) fn package_document(p: &Package) -> Vec<u8> {
    let m = p.metadata;
    let mut out = XmlOut::new();
    out.open(
        "package",
        &[
            ("xmlns", "http://www.idpf.org/2007/opf"),
            ("version", "3.0"),
            ("unique-identifier", "pub-id"),
            ("xml:lang", &m.language),
        ],
    );
    out.newline();
    out.trusted("  ");
    out.open(
        "metadata",
        &[("xmlns:dc", "http://purl.org/dc/elements/1.1/")],
    );
    out.newline();
    dc(&mut out, "dc:identifier", &[("id", "pub-id")], p.identifier);
    dc(&mut out, "dc:title", &[("id", "title")], &m.title);
    meta(&mut out, "dcterms:modified", p.modified);
    dc(&mut out, "dc:language", &[], &m.language);
    for (i, creator) in m.creators.iter().enumerate() {
        let id = format!("creator-{}", i + 1);
        dc(&mut out, "dc:creator", &[("id", &id)], creator);
        let refines = format!("#{id}");
        out.trusted("    ");
        out.element(
            "meta",
            &[
                ("refines", &refines),
                ("property", "role"),
                ("scheme", "marc:relators"),
            ],
            "aut",
        );
        out.newline();
    }
    if let Some(date) = &m.date {
        dc(&mut out, "dc:date", &[], date);
    }
    if let Some(rights) = &m.rights {
        dc(&mut out, "dc:rights", &[], rights);
    }
    if let Some(publisher) = &m.publisher {
        dc(&mut out, "dc:publisher", &[], publisher);
    }
    if let Some(description) = &m.description {
        dc(&mut out, "dc:description", &[], description);
    }
    for subject in &m.subjects {
        dc(&mut out, "dc:subject", &[], subject);
    }
    let a11y = p.accessibility;
    meta(&mut out, "schema:accessMode", "textual");
    if a11y.has_images {
        meta(&mut out, "schema:accessMode", "visual");
    }
    meta(&mut out, "schema:accessModeSufficient", "textual");
    for feature in a11y.features() {
        meta(&mut out, "schema:accessibilityFeature", feature);
    }
    meta(&mut out, "schema:accessibilityHazard", "none");
    meta(
        &mut out,
        "schema:accessibilitySummary",
        &a11y.summary_text(),
    );
    if let Some(cover) = p.cover_image_id {
        // EPUB 2 reading systems find the cover through this meta.
        out.trusted("    ");
        out.empty("meta", &[("name", "cover"), ("content", cover)]);
        out.newline();
    }
    out.trusted("    ");
    let generator = concat!("rstconv ", env!("CARGO_PKG_VERSION"));
    out.empty("meta", &[("name", "generator"), ("content", generator)]);
    out.newline();
    out.trusted("  ");
    out.close("metadata");
    out.newline();

    out.trusted("  ");
    out.open("manifest", &[]);
    out.newline();
    for item in p.manifest {
        let properties = item.properties.join(" ");
        let mut attrs = vec![
            ("id", item.id.as_str()),
            ("href", item.href.as_str()),
            ("media-type", item.media_type.as_str()),
        ];
        if !properties.is_empty() {
            attrs.push(("properties", &properties));
        }
        out.trusted("    ");
        out.empty("item", &attrs);
        out.newline();
    }
    out.trusted("  ");
    out.close("manifest");
    out.newline();

    out.trusted("  ");
    out.open("spine", &[("toc", p.ncx_id)]);
    out.newline();
    for item in p.spine {
        let mut attrs = vec![("idref", item.idref.as_str())];
        if !item.linear {
            attrs.push(("linear", "no"));
        }
        out.trusted("    ");
        out.empty("itemref", &attrs);
        out.newline();
    }
    out.trusted("  ");
    out.close("spine");
    out.newline();
    out.close("package");
    out.finish()
}

/// `META-INF/container.xml`, naming the package document.
pub(super) fn container_xml(package_path: &str) -> Vec<u8> {
    let mut out = XmlOut::new();
    out.open(
        "container",
        &[
            ("version", "1.0"),
            ("xmlns", "urn:oasis:names:tc:opendocument:xmlns:container"),
        ],
    );
    out.newline();
    out.trusted("  ");
    out.open("rootfiles", &[]);
    out.newline();
    out.trusted("    ");
    out.empty(
        "rootfile",
        &[
            ("full-path", package_path),
            ("media-type", "application/oebps-package+xml"),
        ],
    );
    out.newline();
    out.trusted("  ");
    out.close("rootfiles");
    out.newline();
    out.close("container");
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epub_package_document_lists_metadata_manifest_and_spine() {
        let metadata = BookMetadata {
            title: "T & U".into(),
            language: "en".into(),
            creators: vec!["Ada".into()],
            date: Some("2026-11-20".into()),
            rights: Some("Public domain".into()),
            ..BookMetadata::default()
        };
        let manifest = [ManifestItem {
            id: "nav".into(),
            href: "nav.xhtml".into(),
            media_type: "application/xhtml+xml".into(),
            properties: vec!["nav"],
        }];
        let spine = [SpineItem {
            idref: "nav".into(),
            linear: false,
        }];
        let a11y = Accessibility {
            has_images: true,
            ..Accessibility::default()
        };
        let text = String::from_utf8(package_document(&Package {
            metadata: &metadata,
            identifier: "urn:uuid:x",
            modified: "1980-01-01T00:00:00Z",
            accessibility: &a11y,
            manifest: &manifest,
            spine: &spine,
            ncx_id: "ncx",
            cover_image_id: None,
        }))
        .expect("utf-8");
        for needle in [
            "<dc:identifier id=\"pub-id\">urn:uuid:x</dc:identifier>",
            "<dc:title id=\"title\">T &amp; U</dc:title>",
            "<meta property=\"dcterms:modified\">1980-01-01T00:00:00Z</meta>",
            "<dc:creator id=\"creator-1\">Ada</dc:creator>",
            "<meta refines=\"#creator-1\" property=\"role\" scheme=\"marc:relators\">aut</meta>",
            "<dc:rights>Public domain</dc:rights>",
            "<meta property=\"schema:accessMode\">visual</meta>",
            "<meta property=\"schema:accessibilityFeature\">alternativeText</meta>",
            "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>",
            "<spine toc=\"ncx\">",
            "<itemref idref=\"nav\" linear=\"no\"/>",
        ] {
            assert!(text.contains(needle), "missing {needle} in\n{text}");
        }
    }
}
