//! No reStructuredText syntax leaks into the Markdown of a notebook:
//! roles (`:ref:`), directives and comments (`.. `), literal-block markers
//! (`::`), RST inline literals (``` `` ```) outside code.

mod common;
mod ipynb_support;

use ipynb_support::{SHIPPED_LESSONS, cells, render, render_lesson};

/// Markdown with fenced blocks and code spans removed: code may hold
/// anything.
fn prose(markdown: &str) -> String {
    let mut out = String::new();
    let mut fence: Option<String> = None;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        match &fence {
            Some(f) => {
                if trimmed.starts_with(f.as_str()) {
                    fence = None;
                }
                continue;
            }
            None => {
                if trimmed.starts_with("```") {
                    let ticks: String = trimmed.chars().take_while(|c| *c == '`').collect();
                    fence = Some(ticks);
                    continue;
                }
            }
        }
        out.push_str(&strip_code_spans(line));
        out.push('\n');
    }
    out
}

/// Remove `code spans` (any fence length), leaving backslash-escaped
/// backticks, which are text.
fn strip_code_spans(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\\' && i + 1 < chars.len() {
            out.push(chars[i]);
            out.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if chars[i] == '`' {
            let run = chars[i..].iter().take_while(|c| **c == '`').count();
            let fence: String = "`".repeat(run);
            let rest: String = chars[i + run..].iter().collect();
            if let Some(end) = rest.find(&fence) {
                i += run + rest[..end].chars().count() + run;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// The RST syntax found in a markdown cell, if any.
fn rst_leaks(markdown: &str) -> Vec<String> {
    let text = prose(markdown);
    let mut found = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start_matches(['>', ' ']);
        if trimmed.starts_with(".. ") {
            found.push(format!("directive or comment: {line}"));
        }
        if line.trim_end().ends_with("::") {
            found.push(format!("literal block marker: {line}"));
        }
        if line.contains("\\`\\`") {
            found.push(format!("RST inline literal: {line}"));
        }
        // A role: `:name:` directly followed by an escaped backtick.
        let mut rest = line;
        while let Some(start) = rest.find(':') {
            let after = &rest[start + 1..];
            let name_len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
                .unwrap_or(after.len());
            let tail = &after[name_len..];
            if name_len > 0 && (tail.starts_with(":\\`") || tail.starts_with(":`")) {
                found.push(format!("role: {line}"));
                break;
            }
            rest = after;
        }
    }
    found
}

#[test]
fn ipynb_leak_detector_finds_rst() {
    assert!(!rst_leaks("See :ref:\\`x\\`.").is_empty());
    assert!(!rst_leaks(".. note::").is_empty());
    assert!(!rst_leaks("Run it::").is_empty());
    assert!(!rst_leaks("\\`\\`prange\\`\\`").is_empty());
    assert!(rst_leaks("`a::b` and\n```\n.. x::\n```").is_empty());
}

#[test]
fn ipynb_no_rst_syntax_in_shipped_lessons() {
    for lesson in SHIPPED_LESSONS {
        let (text, _) = render_lesson(lesson);
        for (kind, source) in cells(&text) {
            if kind == "markdown" {
                let leaks = rst_leaks(&source);
                assert!(leaks.is_empty(), "{lesson}: {leaks:?}");
            }
        }
    }
}

#[test]
fn ipynb_no_rst_syntax_in_markdown_cells() {
    for (fixture, source_dir) in [
        ("sphinx-subset.pxml", "fixtures/course"),
        ("fixtures/ipynb/runnable-lesson.pxml", "fixtures/ipynb"),
    ] {
        let (text, _) = render(fixture, source_dir);
        for (kind, source) in cells(&text) {
            if kind == "markdown" {
                let leaks = rst_leaks(&source);
                assert!(leaks.is_empty(), "{fixture}: {leaks:?}");
            }
        }
    }
}
