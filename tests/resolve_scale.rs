//! The resolve passes stay linear on large and adversarial documents:
//! many references in one paragraph, long indirect chains, deep
//! substitution chains, circular definitions. Each case runs at n and
//! 10n; the time may grow at most 15 times (a quadratic pass would grow
//! about 100 times), and nothing may overflow the stack.

use std::time::{Duration, Instant};

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

fn time(root: Element) -> Duration {
    let mut sources = SourceMap::new();
    sources.add("x.rst", "x.rst");
    let start = Instant::now();
    let (doc, _) = resolve_document(Document { root, sources }, &ResolveOptions::default());
    let elapsed = start.elapsed();
    drop(doc);
    elapsed
}

fn assert_linear(name: &str, make: fn(usize) -> Element, n: usize) {
    let small = time(make(n)).max(Duration::from_millis(5));
    let large = time(make(10 * n));
    let ratio = large.as_secs_f64() / small.as_secs_f64();
    assert!(
        ratio <= 15.0,
        "{name}: {small:?} at n={n}, {large:?} at 10n (ratio {ratio:.1})"
    );
}

#[test]
fn resolve_scale_wide_paragraph_is_linear() {
    assert_linear("wide", wide, 1_000);
}

#[test]
fn resolve_scale_deep_chains_are_linear_and_do_not_overflow() {
    assert_linear("deep", deep, 300);
}

#[test]
fn resolve_scale_deep_chain_resolves_to_the_end() {
    let mut sources = SourceMap::new();
    sources.add("x.rst", "x.rst");
    let (doc, diags) = resolve_document(
        Document {
            root: deep(3_000),
            sources,
        },
        &ResolveOptions::default(),
    );
    let p = doc.root.first_child(Kind::Paragraph).expect("paragraph");
    let reference = p.first_child(Kind::Reference).expect("reference");
    assert_eq!(reference.attrs.str("refuri"), Some("https://end.example"));
    assert!(
        diags.iter().any(|d| d.message.contains("circular")),
        "{diags:?}"
    );
}
