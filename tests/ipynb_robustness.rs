//! The writer never panics, whatever tree it is given, and always writes
//! a JSON notebook with valid, unique cell ids (random trees of every node
//! kind with the attributes writers read).

use std::collections::BTreeSet;

use proptest::prelude::*;
use rstconv::diag::SourceMap;
use rstconv::ir::{Element, Kind, Node, Span};
use rstconv::style::Style;
use rstconv::write::{BuildInfo, Format, Writer, ipynb::IpynbWriter};
use serde_json::Value;

fn text() -> impl Strategy<Value = String> {
    "[a-z *_`$|<>#\\[\\]\\\\\n.:0-9-]{0,12}"
}

fn attrs() -> impl Strategy<Value = Vec<(&'static str, String)>> {
    let key = prop::sample::select(vec![
        "ids",
        "classes",
        "refuri",
        "refid",
        "refdoc",
        "language",
        "morerows",
        "morecols",
        "start",
        "enumtype",
        "uri",
        "number",
        "suffix",
        "cols",
        "stub",
        "format",
        "width",
        "align",
        "entries",
        "titles",
        "maxdepth",
        "explanation",
        "backrefs",
        "reftarget",
    ]);
    let value = prop::sample::select(vec![
        "",
        "x",
        "python",
        "a b",
        "2",
        "-1",
        "99999999999",
        "9223372036854775807",
        "loweralpha",
        "html",
        "60%",
        "center",
        "todo",
        "code python",
        "figs/speedup.png",
        "http://x",
        "../y",
        "$ ls",
    ]);
    prop::collection::vec((key, value.prop_map(str::to_string)), 0..4)
}

fn element(kind: Kind, attrs: Vec<(&'static str, String)>, children: Vec<Node>) -> Element {
    let mut e = Element::new(kind, Span::NONE);
    for (k, v) in attrs {
        match k {
            "ids" | "classes" | "backrefs" | "entries" | "titles" => e
                .attrs
                .set(k, v.split(' ').map(str::to_string).collect::<Vec<_>>()),
            _ => e.attrs.set(k, v),
        }
    }
    e.children = children;
    e
}

fn tree() -> impl Strategy<Value = Node> {
    let leaf = text().prop_map(|t| Node::text(t, Span::NONE));
    leaf.prop_recursive(5, 64, 6, |inner| {
        (
            prop::sample::select(Kind::ALL.to_vec()),
            attrs(),
            prop::collection::vec(inner, 0..6),
        )
            .prop_map(|(kind, attrs, children)| Node::Element(element(kind, attrs, children)))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn ipynb_writer_never_panics_on_random_trees(children in prop::collection::vec(tree(), 0..6)) {
        let mut root = Element::new(Kind::Document, Span::NONE);
        root.children = children;
        let doc = rstconv::Document { root, sources: SourceMap::new() };
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/course");
        let build = BuildInfo::single(Format::Ipynb, "random", &dir);
        let artifact = IpynbWriter.write(&doc, &Style::defaults(), &build);
        let notebook: Value = serde_json::from_slice(&artifact.bytes).expect("JSON");
        let mut ids = BTreeSet::new();
        for cell in notebook["cells"].as_array().expect("cells") {
            let id = cell["id"].as_str().expect("id");
            prop_assert!(ids.insert(id.to_string()));
            prop_assert!(id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
            prop_assert!(cell["source"].is_array());
        }
    }
}
