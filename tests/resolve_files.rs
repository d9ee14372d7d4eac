//! Files read by the resolve passes (`include`, `literalinclude`, images
//! and downloads in included files), `highlight`, toctree globs and
//! `only`, on parse-stage trees written as pseudo-XML (the pending nodes
//! the parser leaves for the resolve passes).

use std::path::PathBuf;

use rstconv::diag::{Diagnostic, FileId, SourceMap};
use rstconv::ir::{Document, Kind, Span};
use rstconv::read::pseudoxml::parse_pseudoxml;
use rstconv::resolve::only::select_for_format;
use rstconv::resolve::{ResolveOptions, resolve_document};
use rstconv::write::pseudoxml::to_pseudoxml;

mod common;

fn files_dir() -> PathBuf {
    common::project_root().join("fixtures/resolve/files")
}

/// A pending node in pseudo-XML with its details (already Python reprs).
fn pending(transform: &str, details: &[(&str, &str)], indent: usize) -> String {
    let pad = "    ".repeat(indent);
    let mut out = format!(
        "{pad}<pending>\n{pad}    .. internal attributes:\n{pad}         .transform: {transform}\n{pad}         .details:\n"
    );
    for (k, v) in details {
        out.push_str(&format!("{pad}           {k}: {v}\n"));
    }
    out
}

/// Resolve a parse-stage pseudo-XML tree as the file `a.rst` of the files
/// fixture folder.
fn resolve_text(pxml: &str, options: &ResolveOptions) -> (Document, Vec<Diagnostic>) {
    let mut root = parse_pseudoxml(pxml).expect("pseudo-XML");
    root.walk_mut(&mut |e| e.span.col = 0);
    let mut sources = SourceMap::new();
    sources.add(files_dir().join("a.rst"), "a.rst");
    resolve_document(Document { root, sources }, options)
}

fn messages(diags: &[Diagnostic]) -> Vec<String> {
    diags.iter().map(|d| d.to_string()).collect()
}

#[test]
fn resolve_files_include_clipped_rst() {
    let pxml = format!(
        "<document source=\"a.rst\">\n    <paragraph>\n        Main.\n{}",
        pending(
            "rstconv.include",
            &[
                ("path", "'sub/part.rst'"),
                ("start-after", "'.. START'"),
                ("end-before", "'.. END'")
            ],
            1
        )
    );
    let (doc, diags) = resolve_text(&pxml, &ResolveOptions::default());
    assert!(diags.is_empty(), "{:#?}", messages(&diags));
    let paragraphs: Vec<String> = doc
        .root
        .children
        .iter()
        .filter_map(|c| c.as_element())
        .filter(|e| e.kind == Kind::Paragraph)
        .map(|e| e.text_content())
        .collect();
    assert_eq!(
        paragraphs,
        [
            "Main.",
            "Included paragraph one.",
            "Included paragraph two."
        ]
    );
    // The included nodes point into the included file.
    let second = doc.root.children[1].as_element().expect("element");
    assert_eq!(&*doc.sources.name(second.span.file), "sub/part.rst");
    assert_eq!(doc.sources.include_chain(second.span.file).len(), 1);
}

#[test]
fn resolve_files_include_literal_and_code() {
    let pxml = format!(
        "<document source=\"a.rst\">\n{}{}",
        pending(
            "rstconv.include",
            &[
                ("path", "'sub/code.py'"),
                ("literal", "None"),
                ("start-line", "1"),
                ("end-line", "2")
            ],
            1
        ),
        pending(
            "rstconv.include",
            &[
                ("path", "'sub/code.py'"),
                ("code", "'python'"),
                ("end-line", "2"),
                ("name", "'the code'")
            ],
            1
        )
    );
    let (doc, diags) = resolve_text(&pxml, &ResolveOptions::default());
    assert!(diags.is_empty(), "{:#?}", messages(&diags));
    common::assert_golden(
        "fixtures/resolve/files/include-literal.pxml",
        &to_pseudoxml(&doc.root),
    );
}

#[test]
fn resolve_files_missing_include_is_an_error_with_its_chain() {
    // a.rst:3 includes sub/b.rst, whose line 7 names a missing file.
    let pxml = format!(
        "<document source=\"a.rst\">\n{}",
        pending(
            "rstconv.sphinx.literalinclude",
            &[("path", "'nothere.py'")],
            1
        )
    );
    let mut root = parse_pseudoxml(&pxml).expect("pseudo-XML");
    let mut sources = SourceMap::new();
    let a = sources.add(files_dir().join("a.rst"), "a.rst");
    let b = sources.add_included(files_dir().join("sub/b.rst"), "sub/b.rst", Some((a, 3)));
    root.walk_mut(&mut |e| {
        if e.kind == Kind::Pending {
            e.span = Span::new(b, 7, 0);
        }
    });
    let (doc, diags) = resolve_document(Document { root, sources }, &ResolveOptions::default());
    let messages = messages(&diags);
    assert_eq!(messages.len(), 1, "{messages:#?}");
    assert!(
        messages[0]
            .starts_with("sub/b.rst:7: error: Problems with \"literalinclude\" directive path:"),
        "{messages:#?}"
    );
    assert!(messages[0].contains("nothere.py"), "{messages:#?}");
    assert!(
        messages[0].ends_with("(a.rst:3 → sub/b.rst:7)"),
        "{messages:#?}"
    );
    // The message left the tree (report level 5) and nothing else is there.
    assert!(doc.root.children.is_empty(), "{}", to_pseudoxml(&doc.root));
}

#[test]
fn resolve_files_safe_mode_stays_in_the_root() {
    let pxml = format!(
        "<document source=\"a.rst\">\n{}",
        pending(
            "rstconv.include",
            &[("path", "'../course/index.rst'"), ("literal", "None")],
            1
        )
    );
    let options = ResolveOptions {
        safe: true,
        ..ResolveOptions::default()
    };
    let (_, diags) = resolve_text(&pxml, &options);
    let messages = messages(&diags);
    assert_eq!(messages.len(), 1, "{messages:#?}");
    assert!(
        messages[0].contains("outside the source folder"),
        "{messages:#?}"
    );
}

#[test]
fn resolve_files_literalinclude_options() {
    let li = "rstconv.sphinx.literalinclude";
    let pxml = format!(
        "<document source=\"a.rst\">\n{}{}{}{}{}",
        pending(
            li,
            &[
                ("path", "'sub/code.py'"),
                ("pyobject", "'Shape.grow'"),
                ("dedent", "None"),
                ("lineno-match", "None"),
                ("emphasize-lines", "'2'"),
                ("caption", "'Growing'"),
                ("name", "'grow-listing'"),
            ],
            1
        ),
        pending(
            li,
            &[
                ("path", "'sub/code.py'"),
                ("language", "'python'"),
                ("start-at", "'def area'"),
                ("end-before", "'class Shape'"),
                ("lines", "'1-2'"),
                ("lineno-start", "5"),
            ],
            1
        ),
        pending(li, &[("path", "'sub/code.py'"), ("lines", "'40-41'")], 1),
        pending(li, &[("path", "'sub/code.py'"), ("pyobject", "'Nope'")], 1),
        pending(
            "rstconv.sphinx.highlight",
            &[("language", "'python'"), ("linenothreshold", "3")],
            1
        ),
    ) + "    <literal_block xml:space=\"preserve\">\n        a = 1\n        b = 2\n        c = 3\n        d = 4\n    <literal_block language=\"\" xml:space=\"preserve\">\n        short\n    <literal_block language=\"none\" xml:space=\"preserve\">\n        plain text\n";
    let (doc, diags) = resolve_text(&pxml, &ResolveOptions::default());
    common::assert_golden(
        "fixtures/resolve/files/literalinclude.pxml",
        &to_pseudoxml(&doc.root),
    );
    let messages = messages(&diags);
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert!(messages[0].contains("out of range(1-21)"), "{messages:#?}");
    assert!(messages[1].contains("no lines pulled"), "{messages:#?}");
    assert!(
        messages[2].contains("Object named \"Nope\" not found"),
        "{messages:#?}"
    );
}

#[test]
fn resolve_files_images_and_downloads_in_included_files() {
    let pxml = "<document source=\"a.rst\">\n    <image uri=\"pic.png\">\n    <paragraph>\n        <download_reference reftarget=\"code.py\">\n            <literal classes=\"download\">\n                code.py\n        <download_reference reftarget=\"missing.zip\">\n            <literal classes=\"download\">\n                missing.zip\n";
    let mut root = parse_pseudoxml(pxml).expect("pseudo-XML");
    let mut sources = SourceMap::new();
    let a = sources.add(files_dir().join("a.rst"), "a.rst");
    let b = sources.add_included(
        files_dir().join("sub/part.rst"),
        "sub/part.rst",
        Some((a, 1)),
    );
    root.walk_mut(&mut |e| {
        if e.kind != Kind::Document {
            e.span = Span::new(b, e.span.line, 0);
        }
    });
    let (doc, diags) = resolve_document(Document { root, sources }, &ResolveOptions::default());
    let out = to_pseudoxml(&doc.root);
    assert!(out.contains("<image uri=\"sub/pic.png\">"), "{out}");
    assert!(
        out.contains("<download_reference filename=\"code.py\" reftarget=\"sub/code.py\">"),
        "{out}"
    );
    let messages = messages(&diags);
    assert_eq!(messages.len(), 1, "{messages:#?}");
    assert!(
        messages[0].contains("download file not readable: missing.zip"),
        "{messages:#?}"
    );
    assert_eq!(
        doc.sources.get(FileId(1)).map(|f| f.name.to_string()),
        Some("sub/part.rst".into())
    );
}

#[test]
fn resolve_files_toctree_glob_and_titles() {
    let pxml = "<document source=\"index.rst\">\n    <toctree entries=\"* Home\\ page\\ <index> missing\" glob=\"1\">\n";
    let mut root = parse_pseudoxml(pxml).expect("pseudo-XML");
    root.walk_mut(&mut |e| e.span.col = 0);
    let mut sources = SourceMap::new();
    sources.add(
        common::project_root().join("fixtures/resolve/course/index.rst"),
        "index.rst",
    );
    let (doc, diags) = resolve_document(Document { root, sources }, &ResolveOptions::default());
    let toctree = doc.root.first_child(Kind::Toctree).expect("toctree");
    assert_eq!(
        toctree.attrs.list("entries"),
        ["second", "sphinx-subset", "index", "missing"]
    );
    assert_eq!(
        toctree.attrs.list("titles"),
        ["second", "sphinx-subset", "Home page", "missing"]
    );
    let messages = messages(&diags);
    assert_eq!(messages.len(), 1, "{messages:#?}");
    assert!(
        messages[0].contains("nonexisting document 'missing'"),
        "{messages:#?}"
    );
}

#[test]
fn resolve_files_only_selected_per_format() {
    let doc = common::load_ir_fixture("sphinx-subset.pxml");
    let text = |format: &str, tags: &[String]| {
        let selected = select_for_format(&doc, format, tags).expect("the fixture has only nodes");
        to_pseudoxml(&selected.root)
    };
    let html = text("html", &[]);
    assert!(html.contains("Only in HTML.") && !html.contains("Only in PDF"));
    assert!(!html.contains("<only"));
    let pdf = text("pdf", &[]);
    assert!(pdf.contains("Only in PDF and EPUB.") && !pdf.contains("Only in HTML."));
    let epub = text("epub", &[]);
    assert!(epub.contains("Only in PDF and EPUB.") && !epub.contains("Only in HTML."));
    let ipynb = text("ipynb", &[]);
    assert!(!ipynb.contains("Only in"));
    let tagged = text("ipynb", &["html".to_string()]);
    assert!(tagged.contains("Only in HTML."));
    let plain = common::load_ir_fixture("kitchen-sink.pxml");
    assert!(select_for_format(&plain, "html", &[]).is_none());
}
