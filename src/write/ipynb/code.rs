//! Which code becomes a code cell, and in what form.
//!
//! A literal block in the notebook's language becomes a code cell; doctest
//! blocks (and Python blocks written as console sessions) lose their `>>>`
//! / `...` prompts and expected output, since running the cell prints the
//! output again. Shell sessions (`$ cmd`) become IPython `!cmd` lines or
//! stay text, per style. Everything else stays a fenced block in markdown,
//! tagged with its language so Jupyter highlights it.

use std::collections::BTreeMap;

use crate::ir::{Element, Kind, Node};
use crate::style::ShellCells;

/// What a code block becomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeForm {
    /// A code cell with this source.
    Cell(String),
    /// A fenced block in markdown with this info string (may be empty).
    Fenced { info: String, text: String },
}

/// What the writer knows when it decides.
#[derive(Clone, Copy, Debug)]
pub struct CodeContext<'a> {
    /// The kernel's language, canonical (see [`canonical_language`]).
    pub kernel_language: &'a str,
    pub shell_cells: ShellCells,
}

impl CodeContext<'_> {
    fn python_kernel(&self) -> bool {
        self.kernel_language == "python"
    }
}

/// The canonical name of a code language, from the names lessons use
/// (Pygments aliases): `py`, `python3`, `ipython3` and `default` are all
/// `python`; `sh`, `shell`, `zsh` are `bash`; console sessions are
/// `console` (shell) or `pycon` (Python).
pub fn canonical_language(language: &str) -> String {
    let lower = language.trim().to_ascii_lowercase();
    let canonical = match lower.as_str() {
        "python" | "python3" | "py" | "py3" | "ipython" | "ipython3" | "default" | "numpy" => {
            "python"
        }
        "pycon" | "python-console" | "pycon3" | "ipythonconsole" => "pycon",
        "bash" | "sh" | "shell" | "zsh" | "ksh" => "bash",
        "console" | "shell-session" | "bash-session" | "shellsession" => "console",
        "c++" | "cxx" | "cpp" | "hpp" => "cpp",
        "r" | "splus" | "s" | "rout" => "r",
        "julia" | "jl" => "julia",
        "js" | "javascript" => "javascript",
        "yml" | "yaml" => "yaml",
        "text" | "none" | "plain" | "output" | "txt" => "",
        other => other,
    };
    canonical.to_string()
}

/// The language of a literal block: its `language` attribute, else the
/// language class Sphinx and docutils' `code` directive add
/// (`classes="code python"`).
pub fn block_language(block: &Element) -> Option<String> {
    if let Some(language) = block.attrs.str("language") {
        return Some(canonical_language(language));
    }
    if block.has_class("code") {
        return block
            .classes()
            .iter()
            .find(|c| c.as_str() != "code")
            .map(|c| canonical_language(c));
    }
    None
}

/// Whether a literal block holds only text (a parsed literal, with inline
/// markup, is shown as text, never run).
fn is_plain_text(block: &Element) -> bool {
    block.children.iter().all(|c| matches!(c, Node::Text(_)))
}

/// Decide what a `literal_block` or `doctest_block` becomes.
pub fn code_form(block: &Element, ctx: CodeContext) -> CodeForm {
    let text = block.text_content();
    let language = if block.kind == Kind::DoctestBlock {
        "pycon".to_string()
    } else {
        block_language(block).unwrap_or_default()
    };
    if !is_plain_text(block) {
        return fenced(&language, text);
    }
    // After `.. highlight:: python` every `::` block is "Python", shell
    // sessions included; a line starting with `$ ` is never Python.
    let language = if language == "python" && looks_like_shell_session(&text) {
        "console".to_string()
    } else {
        language
    };
    match language.as_str() {
        "python" | "pycon" if ctx.python_kernel() => {
            if language == "pycon" || starts_with_prompt(&text) {
                CodeForm::Cell(strip_doctest_prompts(&text))
            } else {
                CodeForm::Cell(text)
            }
        }
        "bash" | "console" | "" if is_shell_candidate(&language, &text) => {
            match (ctx.shell_cells, ctx.python_kernel()) {
                (ShellCells::Bang, true) => match shell_to_ipython(&language, &text) {
                    Some(source) => CodeForm::Cell(source),
                    None => fenced(&language, text),
                },
                _ => fenced(&shell_fence_language(&language, &text), text),
            }
        }
        other if !other.is_empty() && other == ctx.kernel_language => CodeForm::Cell(text),
        _ => fenced(&language, text),
    }
}

fn fenced(language: &str, text: String) -> CodeForm {
    CodeForm::Fenced {
        info: language.to_string(),
        text,
    }
}

/// Shell code: a block marked as shell, or an unmarked block that reads as
/// a session (`$ cmd` on its first line).
fn is_shell_candidate(language: &str, text: &str) -> bool {
    match language {
        "bash" | "console" => true,
        _ => looks_like_shell_session(text),
    }
}

fn shell_fence_language(language: &str, text: &str) -> String {
    if language.is_empty() || looks_like_shell_session(text) {
        "console".to_string()
    } else {
        language.to_string()
    }
}

/// Whether the first non-blank line is a `$ ` prompt.
pub fn looks_like_shell_session(text: &str) -> bool {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim_start().starts_with("$ "))
}

fn starts_with_prompt(text: &str) -> bool {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim_start().starts_with(">>>") || ipython_input(l).is_some())
}

/// The code after an IPython input prompt (`In [3]: x = 1`).
fn ipython_input(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix("In [")?;
    let (number, code) = rest.split_once("]:")?;
    if !number.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(code.strip_prefix(' ').unwrap_or(code))
}

/// The code after an IPython continuation prompt (`   ...: y = 2`).
fn ipython_continuation(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix("...:")?;
    Some(rest.strip_prefix(' ').unwrap_or(rest))
}

/// Keep the input lines of a doctest or IPython session without their
/// prompts; the expected output lines go (running the cell shows them
/// again).
pub fn strip_doctest_prompts(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let trimmed = line.trim_start();
        let code = if let Some(code) = ipython_input(line).or_else(|| ipython_continuation(line)) {
            code
        } else if let Some(rest) = trimmed.strip_prefix(">>>") {
            rest.strip_prefix(' ').unwrap_or(rest)
        } else if let Some(rest) = trimmed.strip_prefix("...") {
            // `...` alone is a continuation prompt; `...` followed by text
            // other than a space is output (an ellipsis in expected output).
            if rest.is_empty() || rest.starts_with(' ') {
                rest.strip_prefix(' ').unwrap_or(rest)
            } else {
                continue;
            }
        } else {
            continue;
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// A shell block as IPython understands it: `$ cmd` lines become `!cmd`
/// (backslash continuations joined, output lines dropped); a script with
/// no prompts becomes a `%%bash` cell. `None` when nothing is left to run.
pub fn shell_to_ipython(language: &str, text: &str) -> Option<String> {
    if !looks_like_shell_session(text) {
        if language != "bash" || text.trim().is_empty() {
            return None;
        }
        return Some(format!("%%bash\n{}", text.trim_end()));
    }
    let mut commands: Vec<String> = Vec::new();
    let mut continuing = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if continuing {
            if let Some(last) = commands.last_mut() {
                let part = trimmed.trim_end();
                continuing = part.ends_with('\\');
                last.push(' ');
                last.push_str(part.trim_end_matches('\\').trim_end());
            }
            continue;
        }
        if let Some(command) = trimmed.strip_prefix("$ ") {
            let command = command.trim_end();
            continuing = command.ends_with('\\');
            commands.push(format!("!{}", command.trim_end_matches('\\').trim_end()));
        }
    }
    if commands.is_empty() {
        None
    } else {
        Some(commands.join("\n"))
    }
}

/// The language most of a document's code is in (literal blocks with a
/// language, doctest blocks as Python), ignoring shell and plain text.
/// Ties go to `preferred`, then to the alphabetically first.
pub fn dominant_language(root: &Element, preferred: &str) -> Option<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    root.walk(&mut |e| {
        let language = if e.kind == Kind::DoctestBlock {
            Some("python".to_string())
        } else if e.kind == Kind::LiteralBlock {
            block_language(e).map(|l| {
                if l == "pycon" {
                    "python".to_string()
                } else {
                    l
                }
            })
        } else {
            None
        };
        if let Some(language) = language
            && !matches!(language.as_str(), "" | "bash" | "console")
        {
            *counts.entry(language).or_default() += 1;
        }
    });
    let best = counts.values().copied().max()?;
    if counts.get(preferred) == Some(&best) {
        return Some(preferred.to_string());
    }
    counts
        .into_iter()
        .find(|(_, n)| *n == best)
        .map(|(language, _)| language)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Span;

    fn block(language: Option<&str>, text: &str) -> Element {
        let mut e = Element::new(Kind::LiteralBlock, Span::NONE).with_text(text);
        if let Some(l) = language {
            e.attrs.set("language", l);
        }
        e
    }

    const PY: CodeContext = CodeContext {
        kernel_language: "python",
        shell_cells: ShellCells::Text,
    };

    #[test]
    fn ipynb_code_python_block_is_a_cell_other_languages_fenced() {
        assert_eq!(
            code_form(&block(Some("python3"), "x = 1"), PY),
            CodeForm::Cell("x = 1".into())
        );
        assert_eq!(
            code_form(&block(Some("c"), "int x;"), PY),
            CodeForm::Fenced {
                info: "c".into(),
                text: "int x;".into()
            }
        );
        assert_eq!(
            code_form(&block(None, "plain"), PY),
            CodeForm::Fenced {
                info: String::new(),
                text: "plain".into()
            }
        );
    }

    #[test]
    fn ipynb_code_doctest_prompts_stripped() {
        let text = ">>> for i in range(2):\n...     print(i)\n...\n0\n1\n>>> x = 'a'\n";
        assert_eq!(
            strip_doctest_prompts(text),
            "for i in range(2):\n    print(i)\n\nx = 'a'\n"
        );
        assert_eq!(
            strip_doctest_prompts(
                "In [1]: def f():\n   ...:     return 2\n   ...:\nIn [2]: f()\nOut[2]: 2"
            ),
            "def f():\n    return 2\n\nf()\n"
        );
        assert_eq!(
            code_form(&block(Some("ipython"), "In [1]: x = 1"), PY),
            CodeForm::Cell("x = 1\n".into())
        );
        let d = Element::new(Kind::DoctestBlock, Span::NONE).with_text(">>> 1 + 1\n2");
        assert_eq!(code_form(&d, PY), CodeForm::Cell("1 + 1\n".into()));
    }

    #[test]
    fn ipynb_code_shell_session_per_style() {
        let session = "$ python run.py \\\n    --fast\nok\n$ ls";
        assert_eq!(
            code_form(&block(None, session), PY),
            CodeForm::Fenced {
                info: "console".into(),
                text: session.into()
            }
        );
        let bang = CodeContext {
            shell_cells: ShellCells::Bang,
            ..PY
        };
        assert_eq!(
            code_form(&block(None, session), bang),
            CodeForm::Cell("!python run.py --fast\n!ls".into())
        );
        assert_eq!(
            code_form(&block(Some("bash"), "for f in *; do echo $f; done"), bang),
            CodeForm::Cell("%%bash\nfor f in *; do echo $f; done".into())
        );
        assert_eq!(
            code_form(&block(Some("python"), "$ python x.py\n42"), PY),
            CodeForm::Fenced {
                info: "console".into(),
                text: "$ python x.py\n42".into()
            }
        );
        let r_kernel = CodeContext {
            kernel_language: "r",
            shell_cells: ShellCells::Bang,
        };
        assert!(matches!(
            code_form(&block(None, session), r_kernel),
            CodeForm::Fenced { .. }
        ));
    }

    #[test]
    fn ipynb_code_dominant_language() {
        let root = Element::new(Kind::Document, Span::NONE)
            .with_child(block(Some("r"), "x <- 1"))
            .with_child(block(Some("r"), "y <- 2"))
            .with_child(block(Some("python"), "z = 3"))
            .with_child(block(Some("bash"), "ls"))
            .with_child(block(Some("bash"), "ls"))
            .with_child(block(Some("bash"), "ls"));
        assert_eq!(dominant_language(&root, "python").as_deref(), Some("r"));
        let empty = Element::new(Kind::Document, Span::NONE);
        assert_eq!(dominant_language(&empty, "python"), None);
    }
}
