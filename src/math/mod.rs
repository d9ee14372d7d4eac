//! LaTeX → MathML at build time, shared by the HTML and EPUB writers, so
//! pages need neither MathJax nor any JavaScript (issue 5).
//!
//! The conversion is `math-core`'s (MathML Core output, the dialect that
//! browsers and EPUB reading systems render natively). What this module adds
//! is the lesson conventions around it: display math split into equations
//! at blank lines (as Sphinx's `math` directive does), a multi-line
//! equation (`\\`) set as an `aligned` block, the TeX source kept in an
//! `annotation` for screen readers and copy-paste, and the XML namespace
//! always written so the same markup is valid HTML5 and XHTML (EPUB).

use std::sync::LazyLock;

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};

/// Inline math (`:math:`) or a display equation (`.. math::`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Display {
    Inline,
    Block,
}

/// A formula that cannot be converted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot convert LaTeX math: {message}")]
pub struct MathError {
    /// math-core's explanation (what it could not parse, and where).
    pub message: String,
}

/// One converter for the whole process: its configuration (no macros) is
/// fixed, and conversions with local state do not mutate it.
static CONVERTER: LazyLock<Option<LatexToMathML>> = LazyLock::new(|| {
    LatexToMathML::new(MathCoreConfig {
        xml_namespace: true,
        annotation: true,
        ..MathCoreConfig::default()
    })
    .ok()
});

/// Convert one formula to a `<math>` element (`display="block"` for
/// [`Display::Block`]). The markup is well-formed XML with the MathML
/// namespace and no named entities, ready to embed in HTML or XHTML.
pub fn latex_to_mathml(tex: &str, display: Display) -> Result<String, MathError> {
    let Some(converter) = CONVERTER.as_ref() else {
        return Err(MathError {
            message: "the MathML converter could not be set up".to_string(),
        });
    };
    let mode = match display {
        Display::Inline => MathDisplay::Inline,
        Display::Block => MathDisplay::Block,
    };
    converter
        .convert_with_local_state(tex.trim(), mode)
        .map(|result| move_style_attributes(&result.mathml))
        .map_err(|e| MathError {
            message: e.error_message(),
        })
}

/// Move `displaystyle` / `scriptlevel` from elements other than `math` and
/// `mstyle` onto an `mstyle` wrapped around them. MathML Core allows them
/// on every element, but validators (the Nu checker, EPUBCheck) check
/// MathML 3, which allows them only there (MathML 3 §3.3.4); the wrapper
/// renders the same, as the attributes are inherited.
///
/// `mathml` is math-core's output: well-formed, attributes double-quoted.
/// One linear scan over the tags.
fn move_style_attributes(mathml: &str) -> String {
    let mut out = String::with_capacity(mathml.len() + 64);
    // For each open element: whether an `mstyle` was opened for it.
    let mut wrapped: Vec<bool> = Vec::new();
    let mut rest = mathml;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('>') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let tag = &rest[start..start + len + 1];
        rest = &rest[start + len + 1..];
        if tag.starts_with("</") {
            out.push_str(tag);
            if wrapped.pop() == Some(true) {
                out.push_str("</mstyle>");
            }
            continue;
        }
        let self_closing = tag.ends_with("/>");
        let name_end = tag[1..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .map_or(tag.len(), |i| i + 1);
        let name = &tag[1..name_end];
        let (kept, moved) = if matches!(name, "math" | "mstyle") || tag.starts_with("<?") {
            (tag.to_string(), String::new())
        } else {
            split_style_attributes(tag)
        };
        if moved.is_empty() {
            out.push_str(tag);
            if !self_closing {
                wrapped.push(false);
            }
            continue;
        }
        out.push_str("<mstyle");
        out.push_str(&moved);
        out.push('>');
        out.push_str(&kept);
        if self_closing {
            out.push_str("</mstyle>");
        } else {
            wrapped.push(true);
        }
    }
    out.push_str(rest);
    out
}

/// A start tag without its `displaystyle`/`scriptlevel` attributes, and
/// those attributes (each with its leading space).
fn split_style_attributes(tag: &str) -> (String, String) {
    let mut kept = tag.to_string();
    let mut moved = String::new();
    for attr in ["displaystyle", "scriptlevel"] {
        let needle = format!(" {attr}=\"");
        if let Some(at) = kept.find(&needle) {
            let value_start = at + needle.len();
            if let Some(value_len) = kept[value_start..].find('"') {
                let end = value_start + value_len + 1;
                moved.push_str(&kept[at..end]);
                kept.replace_range(at..end, "");
            }
        }
    }
    (kept, moved)
}

/// The equations of a display-math block: its text split at blank lines
/// (the `math` directive's convention: each blank-line-separated part is
/// one equation), empty parts dropped. A part with a line break `\\` and
/// no environment of its own is wrapped in `aligned`, so `&` alignment
/// points and line breaks work as in LaTeX's `split`.
pub fn display_equations(tex: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    for line in tex.lines() {
        if line.trim().is_empty() {
            if !current.trim().is_empty() {
                parts.push(std::mem::take(&mut current));
            }
            current.clear();
            continue;
        }
        current.push_str(line);
        current.push('\n');
    }
    if !current.trim().is_empty() {
        parts.push(current);
    }
    parts
        .into_iter()
        .map(|part| {
            let part = part.trim().to_string();
            if part.contains("\\\\") && !part.contains("\\begin{") {
                format!("\\begin{{aligned}}{part}\\end{{aligned}}")
            } else {
                part
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn math_inline_is_namespaced_mathml() {
        let m = latex_to_mathml("a^2 + b^2 = c^2", Display::Inline).expect("converts");
        assert!(
            m.starts_with("<math xmlns=\"http://www.w3.org/1998/Math/MathML\">"),
            "{m}"
        );
        assert!(m.contains("<msup>"), "{m}");
        assert!(
            m.contains("<annotation encoding=\"application/x-tex\">"),
            "{m}"
        );
    }

    #[test]
    fn math_block_has_display_attribute() {
        let m = latex_to_mathml(r"\frac{1}{3}", Display::Block).expect("converts");
        assert!(m.contains("display=\"block\""), "{m}");
        assert!(m.contains("<mfrac>"), "{m}");
    }

    #[test]
    fn math_error_is_reported_not_panicked() {
        let err = latex_to_mathml(r"\frac{1}{", Display::Inline).unwrap_err();
        assert!(!err.message.is_empty());
    }

    #[test]
    fn math_style_attributes_move_to_mstyle() {
        let m = latex_to_mathml(
            r"\tfrac{1}{2} + \begin{matrix} a \end{matrix}",
            Display::Block,
        )
        .expect("converts");
        assert!(!m.contains("<mfrac displaystyle"), "{m}");
        assert!(
            !m.contains("<mtable displaystyle=\"true\" scriptlevel"),
            "{m}"
        );
        assert!(m.contains("<mstyle displaystyle=\"false\"><mfrac>"), "{m}");
        assert_eq!(m.matches("<mstyle").count(), m.matches("</mstyle>").count());
        assert_eq!(
            move_style_attributes(
                "<math><mtable displaystyle=\"true\" scriptlevel=\"0\"><mtr/></mtable></math>"
            ),
            "<math><mstyle displaystyle=\"true\" scriptlevel=\"0\"><mtable><mtr/></mtable></mstyle></math>"
        );
    }

    #[test]
    fn math_display_splits_at_blank_lines() {
        let eqs = display_equations("a = 1\n\n\nb = 2 \\\\\nc = 3\n");
        assert_eq!(
            eqs,
            ["a = 1", "\\begin{aligned}b = 2 \\\\\nc = 3\\end{aligned}"]
        );
        assert!(display_equations("  \n\n").is_empty());
    }
}
