//! Helpers shared by the EPUB writer's tests: the fixture books and a
//! reader for the files inside an EPUB.

#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};

use rstconv::course::{Course, Lesson};
use rstconv::style::Style;
use rstconv::write::{Artifact, BuildInfo, Format, writer_for};

use crate::common::{load_ir_fixture, project_root};

/// Where the fixtures' images are (`figs/speedup.png`).
pub fn image_dir() -> PathBuf {
    project_root().join("fixtures/course")
}

/// Build info for a fixture: its images in `fixtures/course`.
pub fn build_info(stem: &str, timestamp: i64) -> BuildInfo<'static> {
    let mut build = BuildInfo::single(Format::Epub, stem, &image_dir());
    build.timestamp = timestamp;
    build
}

/// A resolved fixture tree under `fixtures/ir/` as one lesson's EPUB.
pub fn lesson_epub(fixture: &str, style: &Style, timestamp: i64) -> Artifact {
    let doc = load_ir_fixture(fixture);
    let stem = fixture.trim_end_matches(".pxml");
    writer_for(Format::Epub).write(&doc, style, &build_info(stem, timestamp))
}

/// The two writer fixtures as a course, with `fixtures/epub/course-index.pxml`
/// as its index.
pub fn fixture_course() -> Course {
    let index_path = project_root().join("fixtures/epub/course-index.pxml");
    let text = std::fs::read_to_string(&index_path).expect("course index fixture");
    let root = rstconv::read::pseudoxml::parse_pseudoxml(&text).expect("valid pseudo-XML");
    let mut sources = rstconv::diag::SourceMap::new();
    sources.add(&index_path, "index.rst");
    let index = rstconv::Document { root, sources };
    let lesson = |docname: &str| {
        let doc = load_ir_fixture(&format!("{docname}.pxml"));
        Lesson {
            docname: docname.to_string(),
            title: doc.title().unwrap_or_default(),
            doc,
        }
    };
    Course {
        title: "Writers Course".to_string(),
        root: image_dir(),
        index,
        lessons: vec![lesson("kitchen-sink"), lesson("sphinx-subset")],
    }
}

/// The fixture course as one book.
pub fn course_epub(style: &Style, timestamp: i64) -> Artifact {
    let course = fixture_course();
    writer_for(Format::Epub).write_book(&course, style, &build_info("writers-course", timestamp))
}

/// `fixtures/epub/problems.pxml` (images and links that cannot work) as a
/// lesson.
pub fn problems_epub(style: &Style) -> Artifact {
    let path = project_root().join("fixtures/epub/problems.pxml");
    let text = std::fs::read_to_string(&path).expect("fixture");
    let root = rstconv::read::pseudoxml::parse_pseudoxml(&text).expect("valid pseudo-XML");
    let mut sources = rstconv::diag::SourceMap::new();
    sources.add(&path, "problems.rst");
    let doc = rstconv::Document { root, sources };
    writer_for(Format::Epub).write(&doc, style, &build_info("problems", 315_532_800))
}

/// The entries of an EPUB (zip), in order: name and content.
pub fn entries(epub: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("a zip file");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).expect("readable entry");
            (file.name().expect("UTF-8 name").to_string(), bytes)
        })
        .collect()
}

/// One entry's text.
pub fn entry_text(epub: &[u8], name: &str) -> String {
    entries(epub)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, b)| String::from_utf8(b).expect("UTF-8 text"))
        .unwrap_or_else(|| panic!("no {name} in the EPUB"))
}

/// Write `bytes` to `dir/name`.
pub fn save(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write EPUB");
    path
}

/// A document with nothing in it (no title, no text) as a lesson.
pub fn empty_epub(style: &Style) -> Artifact {
    let root = rstconv::Element::new(rstconv::Kind::Document, rstconv::ir::Span::NONE);
    let doc = rstconv::Document {
        root,
        sources: rstconv::diag::SourceMap::new(),
    };
    writer_for(Format::Epub).write(&doc, style, &build_info("empty", 315_532_800))
}
