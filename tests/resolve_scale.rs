//! The resolve passes on large and adversarial documents: many
//! references in one paragraph, long indirect chains, deep substitution
//! chains, circular definitions. Every reference still ends where it
//! should and nothing overflows the stack. Time versus size is measured
//! by `make bench-pathological`, not here: timings belong in benchmarks.

use rstconv::diag::SourceMap;
use rstconv::ir::{Document, Element, Kind, Span};
use rstconv::resolve::{ResolveOptions, resolve_document};

fn text_el(kind: Kind, text: &str) -> Element {
    Element::new(kind, Span::NONE).with_text(text)
}

/// One paragraph with `n` references to missing targets, `n` symbol
/// footnote references and `n` substitution references, plus `n`
/// targets and definitions.
fn wide(n: usize) -> Element {
    let mut doc = Element::new(Kind::Document, Span::NONE).with_attr("source", "wide.rst");
    let mut p = Element::new(Kind::Paragraph, Span::NONE);
    for i in 0..n {
        p.push(
            text_el(Kind::Reference, &format!("missing{i}"))
                .with_attr("name", format!("missing{i}"))
                .with_attr("refname", format!("missing{i}")),
        );
        p.push(text_el(Kind::Reference, &format!("t{i}")).with_attr("refname", format!("t{i}")));
        p.push(
            Element::new(Kind::FootnoteReference, Span::NONE)
                .with_attr("auto", "*")
                .with_attr("ids", vec![format!("footnote-reference-{}", i + 1)]),
        );
        p.push(
            text_el(Kind::SubstitutionReference, &format!("s{i}"))
                .with_attr("refname", format!("s{i}")),
        );
        p.push_text(" ", Span::NONE);
    }
    doc.push(p);
    for i in 0..n {
        doc.push(
            Element::new(Kind::Target, Span::NONE)
                .with_attr("ids", vec![format!("t{i}")])
                .with_attr("names", vec![format!("t{i}")])
                .with_attr("refuri", format!("https://example.org/{i}")),
        );
        doc.push(
            text_el(Kind::SubstitutionDefinition, &format!("value {i}"))
                .with_attr("names", vec![format!("s{i}")]),
        );
    }
    doc
}

/// An indirect chain t0 → t1 → ... → t(n-1) → URI, a substitution chain
/// s0 → s1 → ... of the same length, and a reference to the start of each.
fn deep(n: usize) -> Element {
    let mut doc = Element::new(Kind::Document, Span::NONE).with_attr("source", "deep.rst");
    doc.push(
        Element::new(Kind::Paragraph, Span::NONE)
            .with_child(text_el(Kind::Reference, "start").with_attr("refname", "t0"))
            .with_child(text_el(Kind::SubstitutionReference, "s0").with_attr("refname", "s0")),
    );
    for i in 0..n {
        let mut target = Element::new(Kind::Target, Span::NONE)
            .with_attr("ids", vec![format!("t{i}")])
            .with_attr("names", vec![format!("t{i}")]);
        if i + 1 < n {
            target.attrs.set("refname", format!("t{}", i + 1));
        } else {
            target.attrs.set("refuri", "https://end.example");
        }
        doc.push(target);
        let mut def = Element::new(Kind::SubstitutionDefinition, Span::NONE)
            .with_attr("names", vec![format!("s{i}")]);
        def.push_text("x", Span::NONE);
        if i + 1 < n {
            def.push(
                text_el(Kind::SubstitutionReference, &format!("s{}", i + 1))
                    .with_attr("refname", format!("s{}", i + 1)),
            );
        }
        doc.push(def);
    }
    // A circular pair, reported and not followed.
    doc.push(
        Element::new(Kind::Target, Span::NONE)
            .with_attr("ids", vec!["loop-a".to_string()])
            .with_attr("names", vec!["loop-a".to_string()])
            .with_attr("refname", "loop-b"),
    );
    doc.push(
        Element::new(Kind::Target, Span::NONE)
            .with_attr("ids", vec!["loop-b".to_string()])
            .with_attr("names", vec!["loop-b".to_string()])
            .with_attr("refname", "loop-a"),
    );
    doc
}

fn resolve(root: Element) -> (Document, Vec<rstconv::diag::Diagnostic>) {
    let mut sources = SourceMap::new();
    sources.add("x.rst", "x.rst");
    resolve_document(Document { root, sources }, &ResolveOptions::default())
}

#[test]
fn resolve_scale_wide_paragraph_resolves_every_reference() {
    let n = 5_000;
    let (doc, diags) = resolve(wide(n));
    let p = doc.root.first_child(Kind::Paragraph).expect("paragraph");
    let links = p
        .children
        .iter()
        .filter_map(|c| c.as_element())
        .filter(|e| e.kind == Kind::Reference && e.attrs.str("refuri").is_some())
        .count();
    assert_eq!(links, n, "every t{{i}} reference reaches its URI");
    let unknown = diags
        .iter()
        .filter(|d| d.message.contains("Unknown target name"))
        .count();
    assert_eq!(unknown, n, "every missing{{i}} reference is reported once");
}

#[test]
fn resolve_scale_deep_chains_do_not_overflow_the_stack() {
    // Run on a thread with a small stack: a recursive chain walk would
    // overflow it long before 20 000 links.
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| resolve(deep(20_000)).1.len())
        .expect("spawn");
    assert!(handle.join().is_ok(), "resolve overflowed a 256 KiB stack");
}

#[test]
fn resolve_scale_deep_chain_resolves_to_the_end() {
    let (doc, diags) = resolve(deep(3_000));
    let p = doc.root.first_child(Kind::Paragraph).expect("paragraph");
    let reference = p.first_child(Kind::Reference).expect("reference");
    assert_eq!(reference.attrs.str("refuri"), Some("https://end.example"));
    assert!(
        diags.iter().any(|d| d.message.contains("circular")),
        "{diags:?}"
    );
}
