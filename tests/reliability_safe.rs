//! `--safe` and link safety through the real binary (issue 10).
//!
//! - Every file-reading directive (`include`, `literalinclude`,
//!   `csv-table :file:`, `image`, `figure`, `raw :file:`, `:download:`)
//!   is refused a path that leaves the source folder by `..`, by an
//!   absolute path, or by a symbolic link, each with its own diagnostic;
//!   files inside the folder still work; nothing of the outside files
//!   reaches any output.
//! - `raw` directives and roles are refused under `--safe`, and pass
//!   through without it (docutils' behaviour, stated in the README).
//! - No URL is ever fetched, in either mode (a local listener checks that
//!   no connection is even attempted).
//! - No output carries a script link (`javascript:` in any disguise,
//!   `vbscript:`, `data:text/html`) or an event attribute, with or without
//!   `--safe`: HTML and EPUB attributes as a browser decodes them, notebook
//!   links as a CommonMark renderer resolves them, PDF link actions.
//!
//! `tests/parse_includes.rs` and `tests/resolve_files.rs` test the same
//! guards at the library level (include, csv-table, literalinclude).

mod reliability_support;

use std::path::Path;

use reliability_support::{
    Run, assert_four_outputs, assert_no_active_html, browser_runs_script, epub_xhtml, files_under,
    markdown_destinations, notebook_markdown, pdf_uncompressed, pdf_uris, png_bytes, rstconv_in,
    run, write,
};

/// A lesson built block by block, remembering the line each starts on.
struct Lesson {
    text: String,
    line: usize,
}

impl Lesson {
    fn new(title: &str) -> Lesson {
        let mut lesson = Lesson {
            text: String::new(),
            line: 1,
        };
        lesson.block(&format!("{title}\n{}", "=".repeat(title.len())));
        lesson
    }

    /// Append a block (no trailing newline needed); returns its first line.
    fn block(&mut self, block: &str) -> usize {
        let first = self.line;
        self.text.push_str(block.trim_end());
        self.text.push_str("\n\n");
        self.line += block.trim_end().lines().count() + 1;
        first
    }
}

/// The source folder `root/` with files inside, `outside/` with secrets,
/// and links in `root/` that point out.
fn traversal_fixture(dir: &Path) {
    let mut secret_png = png_bytes();
    // Decoders stop at IEND; a copy of this file would still carry it.
    secret_png.extend_from_slice(b"SECRET-PNG");
    write(dir, "outside/secret.rst", "SECRET-INCLUDE\n");
    write(dir, "outside/secret.txt", "SECRET-LITERAL\n");
    write(dir, "outside/secret.csv", "SECRET,CSV\n");
    write(dir, "outside/secret.png", &secret_png);
    write(dir, "outside/secret.html", "<b>SECRET-RAW</b>\n");
    write(dir, "root/inside.rst", "Inside include.\n");
    write(dir, "root/inside.txt", "inside literal\n");
    write(dir, "root/inside.csv", "inside,csv\n");
    write(dir, "root/figs/ok.png", png_bytes());
    #[cfg(unix)]
    for name in [
        "secret.rst",
        "secret.txt",
        "secret.csv",
        "secret.png",
        "secret.html",
    ] {
        std::os::unix::fs::symlink(
            Path::new("../outside").join(name),
            dir.join("root").join(format!("link-{name}")),
        )
        .expect("symlink");
    }
}

#[test]
fn reliability_safe_refuses_traversal_through_every_file_directive() {
    let dir = tempfile::tempdir().expect("tempdir");
    traversal_fixture(dir.path());
    let outside = dir.path().join("outside");
    let mut lesson = Lesson::new("Traversal");
    let mut expected: Vec<String> = Vec::new();
    let ways: Vec<(&str, String)> = {
        let mut ways = vec![("..", "../outside/".to_string())];
        ways.push(("absolute", format!("{}/", outside.display())));
        if cfg!(unix) {
            ways.push(("symlink", "link-".to_string()));
        }
        ways
    };
    for (way, prefix) in &ways {
        let reason = |file: &str| {
            let written = format!("{prefix}{file}");
            if *way == "absolute" {
                format!("\"{written}\": absolute paths are not allowed under --safe")
            } else {
                format!("\"{written}\": outside the source folder, not read under --safe")
            }
        };
        let cases = [
            (
                format!(".. include:: {prefix}secret.rst"),
                format!(
                    "severe: Problems with \"include\" directive path: {}.",
                    reason("secret.rst")
                ),
            ),
            (
                format!(".. literalinclude:: {prefix}secret.txt"),
                format!(
                    "error: Problems with \"literalinclude\" directive path: {}.",
                    reason("secret.txt")
                ),
            ),
            (
                format!(".. csv-table:: Data\n   :file: {prefix}secret.csv"),
                format!(
                    "severe: Problems with \"csv-table\" directive path: {}.",
                    reason("secret.csv")
                ),
            ),
            (
                format!(".. image:: {prefix}secret.png\n   :alt: secret"),
                format!(
                    "error: Problems with \"image\" directive path: {}.",
                    reason("secret.png")
                ),
            ),
            (
                format!(".. figure:: {prefix}secret.png\n   :alt: secret\n\n   A caption."),
                format!(
                    "error: Problems with \"figure\" directive path: {}.",
                    reason("secret.png")
                ),
            ),
            (
                format!(".. raw:: html\n   :file: {prefix}secret.html"),
                "warning: \"raw\" directive disabled.".to_string(),
            ),
            (
                format!("Get :download:`the data <{prefix}secret.txt>`."),
                format!("error: download refused: {}", reason("secret.txt")),
            ),
        ];
        for (block, message) in cases {
            let line = lesson.block(&block);
            expected.push(format!("lesson.rst:{line}:1: {message}"));
        }
    }
    // Files inside the folder are read as usual.
    lesson.block(".. include:: inside.rst");
    lesson.block(".. literalinclude:: inside.txt");
    lesson.block(".. csv-table:: Inside\n   :file: inside.csv");
    lesson.block(".. figure:: figs/ok.png\n   :alt: Inside figure\n\n   Inside caption.");
    lesson.block("Get :download:`inside data <inside.txt>`.");
    write(dir.path(), "root/lesson.rst", &lesson.text);

    let out = run(rstconv_in(&dir.path().join("root")).args([
        "--safe",
        "lesson.rst",
        "-t",
        "all",
        "-o",
        "../out",
    ]));
    assert_eq!(out.code, 1, "errors in the document: {}", out.stderr);
    let got: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(got, expected, "\n{}", out.stderr);

    let outputs = dir.path().join("out");
    assert_four_outputs(&outputs, "lesson");
    assert_nothing_secret(&outputs);
    let html = std::fs::read_to_string(outputs.join("lesson.html")).expect("html");
    for inside in [
        "Inside include.",
        "inside literal",
        "<td>inside</td>",
        "src=\"figs/ok.png\"",
        "href=\"inside.txt\"",
    ] {
        assert!(html.contains(inside), "{inside} missing from the page");
    }
    // The PDF embeds the one inside image only.
    let qdf = pdf_uncompressed(&outputs.join("lesson.pdf"));
    assert_eq!(
        qdf.matches("/Subtype /Image").count(),
        1,
        "images in the PDF"
    );
}

/// No output file, no EPUB entry and no notebook attachment under `dir`
/// holds text from `outside/`.
fn assert_nothing_secret(dir: &Path) {
    use base64::Engine as _;
    for path in files_under(dir) {
        let bytes = std::fs::read(&path).expect("read output");
        let mut texts = vec![String::from_utf8_lossy(&bytes).into_owned()];
        if path.extension().is_some_and(|e| e == "epub") {
            let file = std::fs::File::open(&path).expect("epub");
            let mut archive = zip::ZipArchive::new(file).expect("zip");
            for i in 0..archive.len() {
                let mut entry = archive.by_index(i).expect("entry");
                let mut data = Vec::new();
                std::io::Read::read_to_end(&mut entry, &mut data).expect("entry bytes");
                texts.push(String::from_utf8_lossy(&data).into_owned());
            }
        }
        if path.extension().is_some_and(|e| e == "ipynb") {
            let notebook: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
            for cell in notebook["cells"].as_array().into_iter().flatten() {
                for (_, by_type) in cell["attachments"].as_object().into_iter().flatten() {
                    for (_, data) in by_type.as_object().into_iter().flatten() {
                        let decoded = base64::engine::general_purpose::STANDARD
                            .decode(data.as_str().unwrap_or(""))
                            .expect("base64 attachment");
                        texts.push(String::from_utf8_lossy(&decoded).into_owned());
                    }
                }
            }
        }
        for text in texts {
            assert!(
                !text.contains("SECRET"),
                "{} carries an outside file's content",
                path.display()
            );
        }
    }
}

const RAW_LESSON: &str = "Raw\n===\n\n.. raw:: html\n\n   <script>alert(\"raw directive\")</script>\n\n\
     .. role:: raw-html(raw)\n   :format: html\n\nA :raw-html:`<b onclick=\"alert(1)\">raw role</b>` here.\n";

#[test]
fn reliability_safe_refuses_raw_directive_and_role() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "raw.rst", RAW_LESSON);
    let out = run(rstconv_in(dir.path()).args(["--safe", "raw.rst", "-t", "all", "-o", "out"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        out.stderr.lines().collect::<Vec<_>>(),
        [
            "raw.rst:4:1: warning: \"raw\" directive disabled.",
            "raw.rst:11:1: error: raw (and derived) roles disabled",
        ]
    );
    let outputs = dir.path().join("out");
    assert_four_outputs(&outputs, "raw");
    let html = std::fs::read_to_string(outputs.join("raw.html")).expect("html");
    assert_no_active_html(&html, "raw.html");
    assert!(!html.contains("<script>alert") && !html.contains("<b onclick"));
    // The refused role's source is shown as escaped text, never as HTML.
    for cell in notebook_markdown(&outputs.join("raw.ipynb")) {
        let html: String = pulldown_cmark::Parser::new(&cell)
            .filter_map(|event| match event {
                pulldown_cmark::Event::Html(h) | pulldown_cmark::Event::InlineHtml(h) => {
                    Some(h.to_string())
                }
                _ => None,
            })
            .collect();
        assert!(
            !html.contains("<script") && !html.contains("onclick"),
            "{cell}"
        );
    }
}

#[test]
fn reliability_raw_html_passes_through_without_safe() {
    // docutils' default, and what authors of trusted lessons expect: the
    // README says so. EPUB never takes raw HTML (its pages must stay
    // well-formed XHTML), with or without --safe.
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "raw.rst", RAW_LESSON);
    let out = run(rstconv_in(dir.path()).args(["raw.rst", "-t", "all", "-o", "out"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let outputs = dir.path().join("out");
    let html = std::fs::read_to_string(outputs.join("raw.html")).expect("html");
    assert!(html.contains("<script>alert(\"raw directive\")</script>"));
    assert!(html.contains("<b onclick=\"alert(1)\">raw role</b>"));
    let notebook = notebook_markdown(&outputs.join("raw.ipynb")).join("\n");
    assert!(notebook.contains("<script>alert(\"raw directive\")</script>"));
    for (name, xhtml) in epub_xhtml(&outputs.join("raw.epub")) {
        assert_no_active_html(&xhtml, &name);
        assert!(!xhtml.contains("<script>alert"), "{name}");
    }
}

/// The lesson of the no-fetch test: every way a lesson could name a URL
/// where a file is read or embedded.
fn url_lesson(base: &str) -> String {
    format!(
        "URLs\n====\n\n.. include:: {base}/a.rst\n\n.. literalinclude:: {base}/b.py\n\n\
         .. csv-table:: Data\n   :url: {base}/c.csv\n\n.. raw:: html\n   :url: {base}/d.html\n\n\
         .. image:: {base}/e.png\n   :alt: remote\n\n.. figure:: {base}/f.png\n   :alt: remote\n\n   Caption.\n\n\
         Get :download:`g <{base}/g.zip>`.\n"
    )
}

#[test]
fn reliability_no_url_is_ever_fetched() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port");
    listener.set_nonblocking(true).expect("nonblocking");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "urls.rst", url_lesson(&base));
    let refusal = |url: &str| {
        format!(
            "\"{base}/{url}\" is a URL: rstconv never fetches anything from the network; \
             save the file beside the lesson and name it by its path."
        )
    };
    let out = run(rstconv_in(dir.path()).args(["urls.rst", "-t", "all", "-o", "out"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    for expected in [
        format!(
            "urls.rst:4:1: severe: Problems with \"include\" directive path: {}",
            refusal("a.rst")
        ),
        format!(
            "urls.rst:6:1: error: Problems with \"literalinclude\" directive path: {}",
            refusal("b.py")
        ),
        format!(
            "urls.rst:8:1: severe: Problems with \"csv-table\" directive URL: {}",
            refusal("c.csv")
        ),
        format!(
            "urls.rst:11:1: severe: Problems with \"raw\" directive URL: {}",
            refusal("d.html")
        ),
    ] {
        out.assert_stderr_has(&expected);
    }
    assert_four_outputs(&dir.path().join("out"), "urls");
    let out = run(rstconv_in(dir.path()).args(["--safe", "urls.rst", "-t", "all", "-o", "safe"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    out.assert_stderr_has("urls.rst:4:1: severe: Problems with \"include\" directive path:");
    match listener.accept() {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        Ok((_, peer)) => panic!("rstconv connected to {base} (from {peer})"),
        Err(e) => panic!("listener: {e}"),
    }
}

/// Links that must never become live, one per line, and one that must.
const SCRIPT_LINKS: &str = "Links\n=====\n\n\
    Plain `alpha <javascript:alert(1)>`_ and `bravo <JaVaScRiPt:alert(2)>`_.\n\n\
    Tab `charlie <java\tscript:alert(3)>`_ and newline `delta <java\nscript:alert(4)>`_.\n\n\
    Entity `echo <&#106;avascript:alert(5)>`_ and `foxtrot <javascript&colon;alert(6)>`_.\n\n\
    Others `golf <vbscript:msgbox(7)>`_ and \
    `hotel <data:text/html;base64,PHNjcmlwdD5hbGVydCg4KTwvc2NyaXB0Pg==>`_.\n\n\
    Named india_ and anonymous `juliet <javascript:alert(10)>`__.\n\n\
    .. _india: javascript:alert(9)\n\n\
    Quote `kilo <x\" onmouseover=\"alert(11)>`_ and bare javascript:alert(12) text.\n\n\
    .. image:: figs/ok.png\n   :alt: lima\n   :target: javascript:alert(13)\n\n\
    .. image:: javascript:alert(14)\n   :alt: mike\n\n\
    The good link `november <https://example.org/?a=1&b=2>`_ stays.\n";

fn check_script_links(out: &Run, outputs: &Path) {
    let html = std::fs::read_to_string(outputs.join("links.html")).expect("html");
    assert_no_active_html(&html, "links.html");
    assert!(html.contains("href=\"https://example.org/?a=1&amp;b=2\""));
    for text in ["alpha", "delta", "india", "juliet", "lima"] {
        assert!(
            html.contains(text),
            "the text of a refused link stays: {text}"
        );
    }
    for (name, xhtml) in epub_xhtml(&outputs.join("links.epub")) {
        assert_no_active_html(&xhtml, &name);
    }
    let mut good = false;
    for cell in notebook_markdown(&outputs.join("links.ipynb")) {
        let (urls, attributes) = markdown_destinations(&cell);
        for url in urls {
            assert!(
                !browser_runs_script(&url),
                "notebook link {url:?} in {cell}"
            );
            good |= url == "https://example.org/?a=1&b=2";
        }
        for attr in attributes {
            assert!(!attr.name.starts_with("on"), "{attr:?}");
            assert!(!browser_runs_script(&attr.value), "{attr:?}");
        }
    }
    assert!(good, "the good link is in the notebook");
    let qdf = pdf_uncompressed(&outputs.join("links.pdf"));
    let uris = pdf_uris(&qdf);
    assert!(
        uris.iter().any(|u| u == "https://example.org/?a=1&b=2"),
        "{uris:?}"
    );
    assert!(uris.iter().all(|u| !browser_runs_script(u)), "{uris:?}");
    assert!(!qdf.contains("/JavaScript") && !qdf.contains("/JS "));
    // One warning per refused link, from the resolve pass; the entity
    // spellings are not script URLs once escaped, so they stay links.
    let mut refused: Vec<&str> = out
        .stderr
        .lines()
        .filter_map(|l| l.split_once("warning: link to \""))
        .filter_map(|(_, rest)| rest.split_once("\" refused: it could run script"))
        .map(|(url, _)| url)
        .collect();
    refused.sort_unstable();
    assert_eq!(
        refused,
        [
            "JaVaScRiPt:alert(2)",
            "data:text/html;base64,PHNjcmlwdD5hbGVydCg4KTwvc2NyaXB0Pg==",
            "javascript:alert(1)",
            "javascript:alert(10)",
            "javascript:alert(12",
            "javascript:alert(13)",
            "javascript:alert(3)",
            "javascript:alert(4)",
            "javascript:alert(9)",
            "vbscript:msgbox(7)",
        ],
        "{}",
        out.stderr
    );
    out.assert_stderr_has(
        "warning: image source refused, it could run script: javascript:alert(14)",
    );
}

#[test]
fn reliability_script_links_are_neutralised_in_every_format_and_mode() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "links.rst", SCRIPT_LINKS);
    write(dir.path(), "figs/ok.png", png_bytes());
    for (mode, out_dir) in [(None, "plain"), (Some("--safe"), "safe")] {
        let mut cmd = rstconv_in(dir.path());
        cmd.args(mode)
            .args(["links.rst", "-t", "all", "-o", out_dir]);
        let out = run(&mut cmd);
        assert!(out.code <= 1, "{mode:?}: {}", out.stderr);
        assert_four_outputs(&dir.path().join(out_dir), "links");
        check_script_links(&out, &dir.path().join(out_dir));
    }
}

#[cfg(unix)]
#[test]
fn reliability_safe_refuses_a_course_lesson_linked_from_outside() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "outside/lesson.rst",
        "Secret lesson\n=============\n\nSECRET-LESSON\n",
    );
    write(
        dir.path(),
        "course/index.rst",
        "Course\n======\n\n.. toctree::\n\n   lesson\n",
    );
    std::os::unix::fs::symlink(
        "../outside/lesson.rst",
        dir.path().join("course/lesson.rst"),
    )
    .expect("symlink");
    let out = run(rstconv_in(dir.path()).args(["--safe", "course", "-t", "all", "-o", "out"]));
    assert_eq!(out.code, 2, "a lesson is not written: {}", out.stderr);
    assert_eq!(
        out.stderr.trim_end(),
        "course/lesson.rst: error: lesson not read: \"lesson.rst\": outside the source folder, \
         not read under --safe"
    );
    assert!(!dir.path().join("out/lesson.html").exists());
    assert_four_outputs(&dir.path().join("out"), "index");
    assert_nothing_secret(&dir.path().join("out"));
}
