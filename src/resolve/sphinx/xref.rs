//! Cross-references of the Sphinx subset, from `pending_xref` to links.
//!
//! Parse-stage form (made by the roles): `pending_xref` with `refdomain`,
//! `reftype`, `reftarget`, `refexplicit` (and `refdoc` when known),
//! holding the inner node, an `inline` (`std` roles) or `literal` (`py`
//! roles, `eq`) with classes `xref <domain> <domain>-<type>` and the
//! text to show.
//!
//! Resolved forms (`fixtures/ir/sphinx-subset.pxml`):
//!
//! - `:ref:`, `:numref:`, `:term:`, `:doc:` → `reference internal="1"`
//!   with `refid` (same document), `refdoc` (+ `refid`) across lessons,
//!   holding `inline classes="std std-<type>"` with the target's title,
//!   number or the explicit title;
//! - `:eq:` → `reference classes="eq" internal="1" refid=…` with `(n)`;
//! - Python-domain roles → the inner `literal` (nothing to link to in a
//!   lesson; Sphinx only warns about them in nitpicky mode).
//!
//! A reference that cannot be resolved is a warning with its line, and
//! its text stays (the inner node, unwrapped).

use crate::diag::{Diagnostic, Severity, SourceMap};
use crate::ir::{AttrValue, Element, Kind, Node};

use super::catalog::{Catalog, FigType, Label};

/// One document as seen by cross-references: its doc name, catalog and
/// the number offsets it gets in a course.
#[derive(Clone, Debug)]
pub struct DocEntry<'a> {
    pub docname: &'a str,
    pub catalog: &'a Catalog,
    /// Numbers of the lessons before this one, per type.
    pub figure_offsets: std::collections::BTreeMap<FigType, usize>,
    pub equation_offset: usize,
}

/// Where cross-references are looked up: the current document first,
/// then the others in book order.
pub struct Scope<'a> {
    pub current: usize,
    pub docs: Vec<DocEntry<'a>>,
    /// Whether other documents exist at all (single file: `:doc:` cannot
    /// resolve).
    pub in_course: bool,
}

impl<'a> Scope<'a> {
    fn order(&self) -> impl Iterator<Item = &DocEntry<'a>> {
        self.docs.get(self.current).into_iter().chain(
            self.docs
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != self.current)
                .map(|(_, d)| d),
        )
    }

    fn label(&self, name: &str) -> Option<(&DocEntry<'a>, &Label)> {
        self.order()
            .find_map(|d| d.catalog.labels.get(name).map(|l| (d, l)))
    }

    fn term(&self, term: &str) -> Option<(&DocEntry<'a>, &String)> {
        self.order()
            .find_map(|d| d.catalog.terms.get(term).map(|id| (d, id)))
    }

    fn equation(&self, label: &str) -> Option<(&DocEntry<'a>, &(String, usize))> {
        self.order()
            .find_map(|d| d.catalog.equations.get(label).map(|e| (d, e)))
    }

    fn doc(&self, docname: &str) -> Option<&DocEntry<'a>> {
        self.docs.iter().find(|d| d.docname == docname)
    }

    fn current_docname(&self) -> &str {
        self.docs.get(self.current).map(|d| d.docname).unwrap_or("")
    }
}

/// Resolve every `pending_xref` below `root`; problems are returned as
/// diagnostics (file names from `sources`).
pub fn resolve_xrefs(root: &mut Element, scope: &Scope, sources: &SourceMap) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    resolve_children(root, scope, sources, &mut diagnostics);
    diagnostics
}

fn resolve_children(
    el: &mut Element,
    scope: &Scope,
    sources: &SourceMap,
    diags: &mut Vec<Diagnostic>,
) {
    for child in &mut el.children {
        let Node::Element(e) = child else { continue };
        if e.kind == Kind::PendingXref {
            let replacement = resolve_one(e, scope, sources, diags);
            *child = replacement;
        } else if e.kind == Kind::SubstitutionDefinition {
            // Definitions are templates (their copies are resolved where
            // they are used); Sphinx drops them before resolving.
            continue;
        } else {
            resolve_children(e, scope, sources, diags);
        }
    }
}

/// The first element child (the inner node a role made).
fn inner_of(xref: &Element) -> Option<Element> {
    xref.children.iter().find_map(|c| c.as_element().cloned())
}

fn warn(
    xref: &Element,
    sources: &SourceMap,
    diags: &mut Vec<Diagnostic>,
    code: &'static str,
    message: String,
) {
    let span = xref.span;
    diags.push(
        Diagnostic::new(
            Severity::Warning,
            code,
            sources.name(span.file),
            span.line,
            span.col,
            message,
        )
        .with_chain(sources.include_chain(span.file)),
    );
}

/// An unresolved reference keeps its text: the inner node, or the text.
fn fallback(xref: &Element) -> Node {
    match inner_of(xref) {
        Some(inner) => Node::Element(inner),
        None => Node::text(xref.text_content(), xref.span),
    }
}

fn link(xref: &Element, entry: &DocEntry, scope: &Scope, id: Option<&str>) -> Element {
    let mut reference =
        Element::new(Kind::Reference, xref.span).with_attr("internal", AttrValue::Bool(true));
    if entry.docname != scope.current_docname() || id.is_none() {
        reference.attrs.set("refdoc", entry.docname);
    }
    if let Some(id) = id {
        reference.attrs.set("refid", id);
    }
    reference
}

/// The inner node with the `xref` class dropped and its text replaced.
fn shown(xref: &Element, classes: &[&str], text: &str) -> Element {
    let mut inner = Element::new(Kind::Inline, xref.span);
    inner.attrs.set(
        "classes",
        classes.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
    );
    inner.push_text(text, xref.span);
    inner
}

fn resolve_one(
    xref: &Element,
    scope: &Scope,
    sources: &SourceMap,
    diags: &mut Vec<Diagnostic>,
) -> Node {
    let domain = xref.attrs.str("refdomain").unwrap_or("std");
    let reftype = xref.attrs.str("reftype").unwrap_or("ref");
    let target = xref.attrs.str("reftarget").unwrap_or("").to_string();
    let explicit = xref.attrs.flag("refexplicit");
    let text = xref.text_content();
    match (domain, reftype) {
        ("std", "ref") => {
            let name = super::super::ids::normalize_name(&target);
            match scope.label(&name) {
                Some((entry, label)) => {
                    let title = if explicit {
                        Some(text.clone())
                    } else {
                        label.title.clone()
                    };
                    let Some(title) = title else {
                        warn(
                            xref,
                            sources,
                            diags,
                            "xref-no-title",
                            format!(
                                "Failed to create a cross reference. A title or caption not found: '{target}'"
                            ),
                        );
                        return fallback(xref);
                    };
                    let mut reference = link(xref, entry, scope, Some(&label.id));
                    reference.push(shown(xref, &["std", "std-ref"], &title));
                    Node::Element(reference)
                }
                None => {
                    warn(
                        xref,
                        sources,
                        diags,
                        "undefined-label",
                        format!("undefined label: '{target}'"),
                    );
                    fallback(xref)
                }
            }
        }
        ("std", "numref") => {
            let name = super::super::ids::normalize_name(&target);
            let Some((entry, label)) = scope.label(&name) else {
                warn(
                    xref,
                    sources,
                    diags,
                    "undefined-label",
                    format!("undefined label: '{target}'"),
                );
                return fallback(xref);
            };
            let Some((figtype, local)) = label.number else {
                warn(
                    xref,
                    sources,
                    diags,
                    "xref-no-number",
                    format!(
                        "Failed to create a cross reference. Any number is not assigned: {target}"
                    ),
                );
                return fallback(xref);
            };
            let number =
                (local + entry.figure_offsets.get(&figtype).copied().unwrap_or(0)).to_string();
            let template = if explicit {
                text.clone()
            } else {
                figtype.format().to_string()
            };
            let title = template
                .replace("%s", &number)
                .replace("{number}", &number)
                .replace("{name}", label.title.as_deref().unwrap_or(""));
            let mut reference = link(xref, entry, scope, Some(&label.id));
            reference.push(shown(xref, &["std", "std-numref"], &title));
            Node::Element(reference)
        }
        ("std", "term") => {
            let key = super::super::ids::whitespace_normalize_name(&target).to_lowercase();
            match scope.term(&key) {
                Some((entry, id)) => {
                    let mut reference = link(xref, entry, scope, Some(id));
                    reference.push(shown(xref, &["std", "std-term"], &text));
                    Node::Element(reference)
                }
                None => {
                    warn(
                        xref,
                        sources,
                        diags,
                        "unknown-term",
                        format!("term not in glossary: '{target}'"),
                    );
                    fallback(xref)
                }
            }
        }
        ("std", "doc") => {
            let docname = resolve_docname(scope.current_docname(), &target);
            match scope.doc(&docname).filter(|_| scope.in_course) {
                Some(entry) => {
                    let title = if explicit {
                        text.clone()
                    } else {
                        entry
                            .catalog
                            .title
                            .clone()
                            .unwrap_or_else(|| docname.clone())
                    };
                    let mut reference = link(xref, entry, scope, None);
                    reference.attrs.set("refdoc", docname.as_str());
                    reference.push(shown(xref, &["std", "std-doc"], &title));
                    Node::Element(reference)
                }
                None => {
                    warn(
                        xref,
                        sources,
                        diags,
                        "unknown-document",
                        format!("unknown document: '{target}'"),
                    );
                    fallback(xref)
                }
            }
        }
        ("math", "eq") | ("std", "eq") => match scope.equation(&target) {
            Some((entry, (id, local))) => {
                let mut reference = link(xref, entry, scope, Some(id));
                reference.attrs.set("classes", vec!["eq".to_string()]);
                reference.push_text(format!("({})", local + entry.equation_offset), xref.span);
                Node::Element(reference)
            }
            None => {
                warn(
                    xref,
                    sources,
                    diags,
                    "undefined-label",
                    format!("equation not found: '{target}'"),
                );
                fallback(xref)
            }
        },
        // Python-domain roles (and any other domain): shown as code.
        _ => fallback(xref),
    }
}

/// A `:doc:` target relative to the current document's folder, or to the
/// course root when it starts with `/`; `.rst` dropped.
pub fn resolve_docname(current: &str, target: &str) -> String {
    let target = target.trim();
    let target = target.strip_suffix(".rst").unwrap_or(target);
    let mut parts: Vec<&str> = if let Some(absolute) = target.strip_prefix('/') {
        return normalize_docname(absolute.split('/').collect());
    } else {
        current
            .rsplit_once('/')
            .map(|(dir, _)| dir.split('/').collect())
            .unwrap_or_default()
    };
    parts.extend(target.split('/'));
    normalize_docname(parts)
}

fn normalize_docname(parts: Vec<&str>) -> String {
    let mut out: Vec<&str> = Vec::new();
    for part in parts {
        match part {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            p => out.push(p),
        }
    }
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xref_docnames() {
        assert_eq!(resolve_docname("lessons/a", "b"), "lessons/b");
        assert_eq!(resolve_docname("lessons/a", "../index"), "index");
        assert_eq!(resolve_docname("lessons/a", "/index"), "index");
        assert_eq!(resolve_docname("a", "b.rst"), "b");
    }
}
