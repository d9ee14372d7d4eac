//! The body renderer's output is polyglot: the EPUB writer embeds it in
//! XHTML content documents, so it must be well-formed XML with only XML's
//! predefined entities. Checked with a real XML parser (quick-xml).

mod common;

use quick_xml::Reader;
use quick_xml::events::Event;
use rstconv::style::Style;
use rstconv::write::html::body::{AssetKind, BodyOptions, MissingAlt, render_body};
use rstconv::write::html::markup::scan;

fn load(name: &str) -> rstconv::Document {
    let own = common::project_root().join("fixtures/html").join(name);
    if !own.exists() {
        return common::load_ir_fixture(name);
    }
    let text = std::fs::read_to_string(&own).expect("readable fixture");
    let root = rstconv::read::pseudoxml::parse_pseudoxml(&text).expect("valid pseudo-XML");
    let mut sources = rstconv::diag::SourceMap::new();
    sources.add(&own, name);
    rstconv::Document { root, sources }
}

/// Render `name` as the EPUB writer would: chapter links, package image
/// paths, EPUB footnotes, no raw HTML.
fn epub_body(name: &str) -> String {
    let style = Style::defaults().epub;
    let link = |doc: &str, id: Option<&str>| match id {
        Some(id) => format!("{doc}.xhtml#{id}"),
        None => format!("{doc}.xhtml"),
    };
    let asset = |uri: &str, _kind: AssetKind| Some(format!("images/{uri}"));
    let options = BodyOptions {
        admonitions: &style.admonitions,
        code: &style.code,
        link_for_doc: &link,
        asset_href: &asset,
        footnotes_as_epub_asides: true,
        permalinks: false,
        allow_raw_html: false,
        missing_alt: MissingAlt::CaptionOrFileName,
        record_landmarks: true,
    };
    let body = render_body(&load(name), &options);
    // The ids and links the renderer noted are what reading it finds.
    assert_eq!(body.landmarks, Some(scan(&body.html)), "{name}");
    body.html
}

/// Parse `xml` fully; panic with the position of the first error.
fn assert_well_formed(name: &str, xml: &str) {
    let mut reader = Reader::from_str(xml);
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::GeneralRef(r)) => {
                let entity = r.into_inner().to_string();
                assert!(
                    matches!(entity.as_str(), "amp" | "lt" | "gt" | "quot" | "apos")
                        || entity.starts_with('#'),
                    "{name}: named entity &{entity}; is not XML"
                );
            }
            Ok(_) => {}
            Err(e) => panic!(
                "{name}: not well-formed XML at byte {}: {e}",
                reader.buffer_position()
            ),
        }
    }
    assert_eq!(depth, 0, "{name}: unbalanced elements");
}

#[test]
fn html_xhtml_bodies_are_well_formed_xml() {
    for name in ["kitchen-sink.pxml", "sphinx-subset.pxml", "leftovers.pxml"] {
        let body = epub_body(name);
        let doc = format!(
            "<body xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\">{body}</body>"
        );
        assert_well_formed(name, &doc);
    }
}

#[test]
fn html_xhtml_epub_footnotes_and_links() {
    let body = epub_body("kitchen-sink.pxml");
    assert!(body.contains("epub:type=\"noteref\""), "noteref");
    assert!(body.contains("<aside id=\"note\" class=\"footnote\" epub:type=\"footnote\">"));
    assert!(body.contains("src=\"images/figs/speedup.png\""));
    assert!(!body.contains("headerlink"), "no permalinks in EPUB");
    assert!(
        !body.contains("<p class=\"raw\">"),
        "raw HTML is not passed to XHTML"
    );
    let sphinx = epub_body("sphinx-subset.pxml");
    assert!(
        sphinx.contains("href=\"index.xhtml\""),
        "cross-document link"
    );
}
