//! docutils' standard include files (`.. include:: <isonum.txt>`): every
//! file defines what docutils' own defines. The expectations in
//! `fixtures/parse/standard-includes/` were recorded from docutils 0.22.4
//! by `scripts/docutils-standard-includes.py`: for an entity set, each
//! substitution with its characters, in order; for a file of roles, what
//! each role makes of `:role:`x``.

use rstconv::ir::{Element, Kind, Node};
use rstconv::{Parsed, ReadOptions, Severity};

mod common;

fn parse(text: &str) -> Parsed {
    rstconv::parse(text, &ReadOptions::named("standard.rst"))
}

fn errors(parsed: &Parsed) -> Vec<String> {
    common::diagnostics_at_least(parsed, Severity::Warning)
}

/// `name U+XXXX ...` for every substitution definition, in order.
fn substitutions(parsed: &Parsed) -> Vec<String> {
    let mut out = Vec::new();
    parsed.document.root.walk(&mut |e: &Element| {
        if e.kind == Kind::SubstitutionDefinition {
            let name = e.names().first().cloned().unwrap_or_default();
            let points: Vec<String> = e
                .text_content()
                .chars()
                .map(|c| format!("U+{:04X}", u32::from(c)))
                .collect();
            out.push(format!("{name} {}", points.join(" ")));
        }
    });
    out
}

/// `role node-type class ...` for what `:role:`x`` makes after including
/// `file`.
fn role_result(file: &str, role: &str) -> String {
    let parsed = parse(&format!(".. include:: <{file}>\n\n:{role}:`x`\n"));
    let mut found = String::from("nothing");
    parsed.document.root.walk(&mut |e: &Element| {
        if e.kind == Kind::Paragraph
            && let Some(Node::Element(first)) = e.children.first()
        {
            found = format!("{role} {} {}", first.kind.name(), first.classes().join(" "))
                .trim_end()
                .to_string();
        }
    });
    found
}

#[test]
fn parse_standard_includes_match_docutils() {
    let dir = common::project_root().join("fixtures/parse/standard-includes");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures/parse/standard-includes")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    assert_eq!(files.len(), 34, "docutils 0.22.4 has 34 standard files");
    let mut failures = Vec::new();
    for path in files {
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let expected = std::fs::read_to_string(&path).expect("fixture");
        let expected: Vec<&str> = expected.lines().collect();
        if file == "s5defs.txt" || file == "html-roles.txt" {
            for line in &expected {
                let role = line.split(' ').next().unwrap_or_default();
                let got = role_result(&file, role);
                if got != *line {
                    failures.push(format!("{file}: expected `{line}`, got `{got}`"));
                }
            }
            continue;
        }
        let parsed = parse(&format!(".. include:: <{file}>\n"));
        let problems = errors(&parsed);
        if !problems.is_empty() {
            failures.push(format!("{file}: {}", problems.join("; ")));
        }
        let got = substitutions(&parsed);
        if got != expected {
            let missing: Vec<_> = expected
                .iter()
                .filter(|l| !got.iter().any(|g| g == *l))
                .take(5)
                .collect();
            let extra: Vec<_> = got
                .iter()
                .filter(|g| !expected.contains(&g.as_str()))
                .take(5)
                .collect();
            failures.push(format!(
                "{file}: {} defined, docutils {}; missing {missing:?}, extra {extra:?}",
                got.len(),
                expected.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn parse_standard_includes_substitute_and_report_unknown_files() {
    let parsed = rstconv::resolve::resolve(
        parse(".. include:: <isonum.txt>\n\n|copy| 2026, |frac12| done.\n"),
        &rstconv::resolve::ResolveOptions::default(),
    );
    let mut text = String::new();
    parsed.document.root.walk(&mut |e: &Element| {
        if e.kind == Kind::Paragraph {
            text = e.text_content();
        }
    });
    assert!(text.contains("© 2026, ½ done."), "{text}");
    // Not a file of docutils: a severe problem naming it, the rest kept.
    let parsed = parse(".. include:: <nosuch.txt>\n\nStill here.\n");
    let severe: Vec<String> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Severe)
        .map(ToString::to_string)
        .collect();
    assert_eq!(severe.len(), 1, "{severe:?}");
    assert!(severe[0].contains("\"nosuch.txt\" is not one of docutils' standard include files"));
    let mut kept = false;
    parsed.document.root.walk(&mut |e: &Element| {
        kept |= e.kind == Kind::Paragraph && e.text_content() == "Still here.";
    });
    assert!(kept);
}
