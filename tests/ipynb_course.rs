//! Course packs: the index notebook links to every lesson notebook and its
//! sections; lesson notebooks link to each other (`refdoc` references) and
//! end with links to their neighbours.

mod common;
mod ipynb_support;

use rstconv::course::{Course, Lesson};
use rstconv::ir::{Element, Kind, Span};
use rstconv::style::Style;
use rstconv::write::{BuildInfo, Format, Writer, ipynb::IpynbWriter};
use rstconv::{Document, diag::SourceMap};

use ipynb_support::{cells, load, python, require_python_module, write_file};

fn index_document(with_toctree: bool) -> Document {
    let mut root = Element::new(Kind::Document, Span::NONE)
        .with_attr("ids", vec!["numba-for-hpc-course".to_string()])
        .with_child(Element::new(Kind::Title, Span::NONE).with_text("Numba for HPC: Course"))
        .with_child(Element::new(Kind::Paragraph, Span::NONE).with_text("A short course."));
    if with_toctree {
        root.push(
            Element::new(Kind::Toctree, Span::NONE)
                .with_attr(
                    "entries",
                    vec!["lessons/primes".to_string(), "subset".to_string()],
                )
                .with_attr("caption", "Lessons")
                .with_attr("maxdepth", 2i64),
        );
    }
    Document {
        root,
        sources: SourceMap::new(),
    }
}

fn course(with_toctree: bool) -> Course {
    Course {
        title: "Numba for HPC: Course".into(),
        root: common::project_root().join("fixtures/course"),
        index: index_document(with_toctree),
        lessons: vec![
            Lesson {
                docname: "lessons/primes".into(),
                title: "Counting primes, twice".into(),
                doc: load("fixtures/ipynb/runnable-lesson.pxml"),
            },
            Lesson {
                docname: "subset".into(),
                title: "Sphinx lesson subset".into(),
                doc: load("sphinx-subset.pxml"),
            },
        ],
    }
}

fn book(course: &Course) -> String {
    let build = BuildInfo::single(Format::Ipynb, "index", &course.root);
    let artifact = IpynbWriter.write_book(course, &Style::defaults(), &build);
    assert!(
        artifact.diagnostics.is_empty(),
        "{:?}",
        artifact.diagnostics
    );
    String::from_utf8(artifact.bytes).expect("UTF-8")
}

fn lesson(course: &Course, i: usize) -> String {
    let nav = course.nav(i);
    let build = BuildInfo {
        nav: Some(&nav),
        ..BuildInfo::single(Format::Ipynb, "lesson", &course.root)
    };
    let artifact = IpynbWriter.write(&course.lessons[i].doc, &Style::defaults(), &build);
    String::from_utf8(artifact.bytes).expect("UTF-8")
}

#[test]
fn ipynb_course_index_links_lessons_and_sections() {
    let course = course(true);
    let index = book(&course);
    common::assert_golden("fixtures/ipynb/course-index.ipynb", &index);
    let text: String = cells(&index).into_iter().map(|(_, s)| s).collect();
    assert!(text.contains("**Lessons**"), "{text}");
    assert!(
        text.contains("- [Counting primes, twice](lessons/primes.ipynb)"),
        "{text}"
    );
    assert!(
        text.contains(
            "  - [The sieve of Eratosthenes](lessons/primes.ipynb#the-sieve-of-eratosthenes)"
        ),
        "{text}"
    );
    assert!(
        text.contains("- [Sphinx lesson subset](subset.ipynb)"),
        "{text}"
    );
}

#[test]
fn ipynb_course_index_without_toctree_gets_one() {
    let index = book(&course(false));
    let text: String = cells(&index).into_iter().map(|(_, s)| s).collect();
    assert!(
        text.contains("- [Counting primes, twice](lessons/primes.ipynb)"),
        "{text}"
    );
    assert!(
        text.contains("- [Sphinx lesson subset](subset.ipynb)"),
        "{text}"
    );
}

#[test]
fn ipynb_course_index_shows_the_book_subtitle() {
    let course = course(true);
    let user = rstconv::style::StyleSource {
        name: "book.yaml".into(),
        text: "shared:\n  title_page:\n    subtitle: Spring 2027\n".into(),
    };
    let style = Style::load(&[user]).expect("valid");
    let build = BuildInfo::single(Format::Ipynb, "index", &course.root);
    let artifact = IpynbWriter.write_book(&course, &style, &build);
    let text = String::from_utf8(artifact.bytes).expect("UTF-8");
    let first = cells(&text).remove(0).1;
    assert!(
        first.starts_with(
            "# <a id=\"numba-for-hpc-course\"></a>Numba for HPC: Course\n\n*Spring 2027*"
        ),
        "{first}"
    );
}

#[test]
fn ipynb_course_lessons_link_each_other_and_the_index() {
    let course = course(true);
    let first = lesson(&course, 0);
    let last_cell = cells(&first).pop().expect("cells").1;
    assert_eq!(
        last_cell,
        "---\n\n↑ [Numba for HPC: Course](../index.ipynb) | → [Sphinx lesson subset](../subset.ipynb)"
    );
    let second = lesson(&course, 1);
    let text: String = cells(&second).into_iter().map(|(_, s)| s).collect();
    // `:doc:` reference (refdoc) from a lesson to the index.
    assert!(
        text.contains("[Numba for HPC: Course](index.ipynb)"),
        "{text}"
    );
    assert!(
        text.contains("← [Counting primes, twice](lessons/primes.ipynb)"),
        "{text}"
    );
}

#[test]
fn ipynb_course_notebooks_are_valid() {
    require_python_module("nbformat");
    let course = course(true);
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = [
        write_file(dir.path(), "index.ipynb", &book(&course)),
        write_file(dir.path(), "primes.ipynb", &lesson(&course, 0)),
        write_file(dir.path(), "subset.ipynb", &lesson(&course, 1)),
    ];
    let refs: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
    python(
        "import sys, nbformat\nfor p in sys.argv[1:]:\n    nbformat.validate(nbformat.read(p, as_version=4))",
        &refs,
    );
}
