//! The kernel comes from the style, or from the lesson's dominant code
//! language; code in the kernel's language becomes code cells, the rest
//! stays highlighted text.

mod common;
mod ipynb_support;

use rstconv::diag::SourceMap;
use rstconv::ir::{Element, Kind, Span};
use rstconv::style::{Style, StyleSource};
use rstconv::write::{BuildInfo, Format, Writer, ipynb::IpynbWriter};
use serde_json::Value;

fn code(language: &str, text: &str) -> Element {
    Element::new(Kind::LiteralBlock, Span::NONE)
        .with_attr("language", language)
        .with_text(text)
}

fn notebook(style: &Style) -> Value {
    let root = Element::new(Kind::Document, Span::NONE)
        .with_child(code("r", "x <- c(1, 2)"))
        .with_child(code("R", "mean(x)"))
        .with_child(code("python", "print(1)"));
    let doc = rstconv::Document {
        root,
        sources: SourceMap::new(),
    };
    let build = BuildInfo::single(Format::Ipynb, "r-lesson", std::path::Path::new("."));
    let artifact = IpynbWriter.write(&doc, style, &build);
    serde_json::from_slice(&artifact.bytes).expect("JSON")
}

fn cell_types(nb: &Value) -> Vec<String> {
    nb["cells"]
        .as_array()
        .expect("cells")
        .iter()
        .map(|c| c["cell_type"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn ipynb_kernel_follows_the_dominant_language() {
    let nb = notebook(&Style::defaults());
    assert_eq!(nb["metadata"]["kernelspec"]["name"], "ir");
    assert_eq!(nb["metadata"]["language_info"]["name"], "R");
    assert_eq!(cell_types(&nb), ["code", "code", "markdown"]);
    let python_text = nb["cells"][2]["source"][0].as_str().unwrap_or("");
    assert_eq!(python_text, "```python\n");
}

#[test]
fn ipynb_kernel_from_style_when_asked() {
    let user = StyleSource {
        name: "fixed.yaml".into(),
        text: "ipynb:\n  kernel_from_code: false\n".into(),
    };
    let nb = notebook(&Style::load(&[user]).expect("valid"));
    assert_eq!(nb["metadata"]["kernelspec"]["name"], "python3");
    assert_eq!(
        nb["metadata"]["language_info"]["codemirror_mode"],
        serde_json::json!({"name": "ipython", "version": 3})
    );
    assert_eq!(cell_types(&nb), ["markdown", "code"]);
}
