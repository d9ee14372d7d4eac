//! The resolve passes: from the parse-stage tree to the finished IR.
//!
//! The passes are docutils' standard transforms, in docutils' priority
//! order and with docutils' results (ids, names, numbering and messages
//! as `rst2pseudoxml` makes them), followed by the Sphinx lesson subset:
//!
//! | priority | pass |
//! |---|---|
//! | 100 | `include` / `literalinclude` files read ([`include`]) |
//! | 210 | `class` directive ([`misc::class_attribute`]) |
//! | 220 | substitutions ([`substitutions`]) |
//! | 260 | targets propagated to the next element ([`targets::propagate`]) |
//! | 320 | document title and subtitle ([`frontmatter::doc_title`]) |
//! | 340 | bibliographic fields ([`frontmatter::doc_info`]) |
//! | 440 | anonymous hyperlinks ([`targets::anonymous`]) |
//! | 460 | indirect hyperlinks ([`targets::indirect`]) |
//! | 540 | `target-notes` ([`footnotes::target_notes`]) |
//! | 620 | footnotes and citations ([`footnotes::apply`]) |
//! | 640, 660 | external and internal targets |
//! | 710, 720 | `sectnum`, `contents` ([`parts`]) |
//! | 830 | transitions ([`misc::transitions`]) |
//! | 850 | dangling references ([`targets::dangling`]) |
//! | 900 | Sphinx: code blocks, cross-references, numbering ([`sphinx`]) |
//! | — | script links reported ([`active_links`]) |
//! | 860, 870 | loose messages gathered, messages filtered ([`messages`]) |
//!
//! Work happens on an arena copy of the tree ([`tree`]) with docutils'
//! bookkeeping in maps ([`doc`]), so every lookup is constant time.

pub mod active_links;
pub mod course;
pub mod doc;
pub mod footnotes;
pub mod frontmatter;
pub mod ids;
pub mod include;
pub mod messages;
pub mod misc;
pub mod only;
pub mod parts;
pub mod rawsource;
pub mod sphinx;
pub mod substitutions;
pub mod targets;
pub mod tree;

use crate::diag::Severity;
use crate::ir::{Document, Kind};
use crate::read::Parsed;

use doc::Doc;
use tree::{NodeId, Tree};

/// Options of the resolve passes.
#[derive(Clone, Debug)]
pub struct ResolveOptions {
    /// `--safe`: no reading outside the source root, no raw content.
    pub safe: bool,
    /// docutils' `report_level`: system messages below it leave the tree
    /// (they are still returned as diagnostics). 5, the default, keeps
    /// none, as `rst2pseudoxml --report=5` (the conformance reference).
    pub report_level: i64,
    /// The folder file-reading directives may not leave under `--safe`
    /// (the course root or the document's folder); `None`: the main
    /// document's folder.
    pub root: Option<std::path::PathBuf>,
    /// The document's doc name in its course (`lessons/intro`); `None`:
    /// the file stem.
    pub docname: Option<String>,
    /// Leave `:ref:`, `:doc:`, `:numref:`, `:term:` and `:eq:` to the
    /// course's cross-document pass (set by [`course::load_course`]).
    pub cross_document: bool,
}

impl Default for ResolveOptions {
    fn default() -> Self {
        ResolveOptions {
            safe: false,
            report_level: 5,
            root: None,
            docname: None,
            cross_document: false,
        }
    }
}

/// Run the resolve passes over a parsed document.
pub fn resolve(parsed: Parsed, options: &ResolveOptions) -> Parsed {
    let Parsed {
        document,
        mut diagnostics,
    } = parsed;
    let (document, more) = resolve_document(document, options);
    diagnostics.extend(more);
    Parsed {
        document,
        diagnostics,
    }
}

/// A resolved document with what cross-references need from it.
pub struct Resolved {
    pub document: Document,
    pub diagnostics: Vec<crate::diag::Diagnostic>,
    /// Labels, terms, equations and numbers (for a course's
    /// cross-document pass).
    pub catalog: sphinx::catalog::Catalog,
}

/// [`resolve`] on a bare document: the finished document and the
/// diagnostics of the passes. Unless `options.cross_document` is set,
/// cross-references are resolved within the document.
pub fn resolve_document(
    document: Document,
    options: &ResolveOptions,
) -> (Document, Vec<crate::diag::Diagnostic>) {
    let Resolved {
        mut document,
        mut diagnostics,
        catalog,
    } = resolve_with_catalog(document, options);
    if !options.cross_document {
        let docname = options.docname.clone().unwrap_or_else(|| {
            document
                .sources
                .path(crate::diag::FileId(0))
                .and_then(std::path::Path::file_stem)
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        let scope = sphinx::xref::Scope {
            current: 0,
            docs: vec![sphinx::xref::DocEntry {
                docname: &docname,
                catalog: &catalog,
                figure_offsets: Default::default(),
                equation_offset: 0,
            }],
            in_course: false,
        };
        diagnostics.extend(sphinx::xref::resolve_xrefs(
            &mut document.root,
            &scope,
            &document.sources,
        ));
    }
    (document, diagnostics)
}

/// Every pass but the cross-references, and the document's catalog.
pub fn resolve_with_catalog(document: Document, options: &ResolveOptions) -> Resolved {
    let Document { root, sources } = document;
    let mut doc = Doc::new(Tree::from_element(root), sources);
    let catalog = run_passes(&mut doc, options);
    let Doc {
        tree,
        sources,
        diagnostics,
        ..
    } = doc;
    Resolved {
        document: Document {
            root: tree.into_element(),
            sources,
        },
        diagnostics,
        catalog,
    }
}

/// The `pending` nodes of one transform, in document order.
fn pendings(doc: &Doc, transform: &str) -> Vec<NodeId> {
    doc.nodes_of(Kind::Pending)
        .into_iter()
        .filter(|&p| doc.tree.attrs(p).str("transform") == Some(transform))
        .collect()
}

/// Transform names of the `pending` nodes the passes know.
pub mod transform_names {
    pub const CLASS: &str = "docutils.transforms.misc.ClassAttribute";
    pub const TARGET_NOTES: &str = "docutils.transforms.references.TargetNotes";
    pub const SECTNUM: &str = "docutils.transforms.parts.SectNum";
    pub const CONTENTS: &str = "docutils.transforms.parts.Contents";
    /// `include`, when the parser leaves it to the resolve passes.
    pub const INCLUDE: &str = "rstconv.include";
    /// Sphinx's `literalinclude`.
    pub const LITERAL_INCLUDE: &str = "rstconv.sphinx.literalinclude";
    /// Sphinx's `highlight`.
    pub const HIGHLIGHT: &str = "rstconv.sphinx.highlight";
}

fn run_passes(doc: &mut Doc, options: &ResolveOptions) -> sphinx::catalog::Catalog {
    use transform_names as t;
    include::apply(doc, options);
    let class_pendings = pendings(doc, t::CLASS);
    misc::class_attribute(doc, &class_pendings);
    substitutions::apply(doc);
    targets::propagate(doc);
    frontmatter::doc_title(doc);
    frontmatter::doc_info(doc);
    targets::anonymous(doc);
    targets::indirect(doc);
    for pending in pendings(doc, t::TARGET_NOTES) {
        footnotes::target_notes(doc, pending);
    }
    footnotes::apply(doc);
    targets::external(doc);
    targets::internal(doc);
    for pending in pendings(doc, t::SECTNUM) {
        parts::sectnum(doc, pending);
    }
    for pending in pendings(doc, t::CONTENTS) {
        parts::contents(doc, pending);
    }
    misc::transitions(doc);
    targets::dangling(doc);
    sphinx::apply(doc, options);
    active_links::report(doc);
    let catalog = sphinx::catalog::build(doc);
    drop_unknown_pendings(doc);
    messages::finish(doc, options.report_level);
    catalog
}

/// A `pending` node no pass knows is reported and removed: the finished
/// tree never holds one.
fn drop_unknown_pendings(doc: &mut Doc) {
    for pending in doc.nodes_of(Kind::Pending) {
        let transform = doc
            .tree
            .attrs(pending)
            .str("transform")
            .unwrap_or("")
            .to_string();
        let span = doc.tree.line_of(pending);
        doc.diagnose(
            Severity::Warning,
            "unknown-transform",
            span,
            format!("no resolve pass for pending transform \"{transform}\"; dropped"),
        );
        doc.tree.detach(pending);
    }
}
