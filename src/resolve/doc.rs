//! The working document of the resolve passes: the arena tree plus the
//! bookkeeping docutils keeps on its `document` object (`ids`, `nameids`,
//! `refnames`, the footnote lists, the substitution definitions, the id
//! counters), rebuilt from the parse-stage tree in one walk, and the
//! messages the passes report.
//!
//! Every lookup is a hash map, so no pass scans the targets or footnotes
//! once per reference.

use std::sync::Arc;

use crate::diag::{Diagnostic, Severity, SourceMap};
use crate::fast_hash::HashMap;
use crate::ir::{AttrValue, Attrs, Kind, Span};

use super::ids::{make_id, new_id, normalize_name};
use super::rawsource::raw_source;
use super::tree::{NodeId, Tree};

/// The working document.
pub struct Doc {
    pub tree: Tree,
    pub sources: SourceMap,
    /// id → element (docutils' `document.ids`).
    pub ids: HashMap<String, NodeId>,
    /// name → id, `None` for a duplicate name (`document.nameids`).
    pub nameids: HashMap<String, Option<String>>,
    /// name → explicit? (`document.nametypes`).
    pub nametypes: HashMap<String, bool>,
    /// refname → referring nodes, in document order.
    pub refnames: HashMap<String, Vec<NodeId>>,
    /// refid → referring nodes.
    pub refids: HashMap<String, Vec<NodeId>>,
    /// Per-prefix counters of generated ids (`document.id_counter`).
    pub id_counter: HashMap<String, u64>,
    pub autofootnotes: Vec<NodeId>,
    pub symbol_footnotes: Vec<NodeId>,
    pub footnotes: Vec<NodeId>,
    pub citations: Vec<NodeId>,
    pub autofootnote_refs: Vec<NodeId>,
    pub symbol_footnote_refs: Vec<NodeId>,
    pub footnote_refs: HashMap<String, Vec<NodeId>>,
    pub citation_refs: HashMap<String, Vec<NodeId>>,
    /// Indirect targets (targets with `refname`), in document order.
    pub indirect_targets: Vec<NodeId>,
    /// Substitution name → its (last) definition.
    pub substitution_defs: HashMap<String, NodeId>,
    /// Case-folded substitution name → defined name.
    pub substitution_names: HashMap<String, String>,
    /// Next auto-number for footnotes (`autofootnote_start`).
    pub autofootnote_start: u64,
    /// Next symbol index (`symbol_footnote_start`).
    pub symbol_footnote_start: usize,
    /// system_message nodes made by the passes, in order.
    pub transform_messages: Vec<NodeId>,
    /// Problems found, for the command line.
    pub diagnostics: Vec<Diagnostic>,
    /// Raw sources of the references as parsed (before substitutions
    /// changed their content).
    pub raw: HashMap<NodeId, String>,
    /// Elements of the kinds the passes look for once or twice (pending,
    /// index, toctree, transition, substitution references), in document
    /// order, so those passes need no walk of the whole tree.
    rare_kinds: HashMap<Kind, Vec<NodeId>>,
    /// Source lines read on demand by [`Doc::raw`].
    source_lines: HashMap<crate::diag::FileId, Vec<String>>,
}

impl Doc {
    /// Build the working document and docutils' bookkeeping from a
    /// parse-stage tree.
    pub fn new(tree: Tree, sources: SourceMap) -> Doc {
        let mut doc = Doc {
            tree,
            sources,
            ids: HashMap::default(),
            nameids: HashMap::default(),
            nametypes: HashMap::default(),
            refnames: HashMap::default(),
            refids: HashMap::default(),
            id_counter: HashMap::default(),
            autofootnotes: Vec::new(),
            symbol_footnotes: Vec::new(),
            footnotes: Vec::new(),
            citations: Vec::new(),
            autofootnote_refs: Vec::new(),
            symbol_footnote_refs: Vec::new(),
            footnote_refs: HashMap::default(),
            citation_refs: HashMap::default(),
            indirect_targets: Vec::new(),
            substitution_defs: HashMap::default(),
            substitution_names: HashMap::default(),
            autofootnote_start: 1,
            symbol_footnote_start: 0,
            transform_messages: Vec::new(),
            diagnostics: Vec::new(),
            raw: HashMap::default(),
            rare_kinds: HashMap::default(),
            source_lines: HashMap::default(),
        };
        doc.rebuild_index();
        doc
    }

    /// One walk over the tree fills every map the passes need.
    fn rebuild_index(&mut self) {
        let order = self.tree.preorder(self.tree.root());
        let mut dupnames: Vec<String> = Vec::new();
        for &id in &order {
            let Some(kind) = self.tree.kind(id) else {
                continue;
            };
            if RARE_KINDS.contains(&kind) {
                self.rare_kinds.entry(kind).or_default().push(id);
            }
            if matches!(
                kind,
                Kind::Reference
                    | Kind::FootnoteReference
                    | Kind::CitationReference
                    | Kind::SubstitutionReference
                    | Kind::Target
            ) {
                self.raw.insert(id, raw_source(&self.tree, id));
            }
            // Most elements (paragraphs, emphasis, list items) carry no
            // attributes: only the kind lists below concern them.
            if !self.tree.attrs(id).is_empty() {
                self.index_attributes(id, kind, &mut dupnames);
            }
            let auto = auto_kind(self.tree.attrs(id));
            match kind {
                Kind::Footnote => match auto {
                    Auto::Number => self.autofootnotes.push(id),
                    Auto::Symbol => self.symbol_footnotes.push(id),
                    Auto::None => self.footnotes.push(id),
                },
                Kind::FootnoteReference => match auto {
                    Auto::Number => self.autofootnote_refs.push(id),
                    Auto::Symbol => self.symbol_footnote_refs.push(id),
                    Auto::None => {}
                },
                Kind::Citation => self.citations.push(id),
                Kind::SubstitutionDefinition => {
                    if let Some(name) = self.tree.attrs(id).list("names").first() {
                        let name = name.clone();
                        self.substitution_names
                            .insert(normalize_name(&name), name.clone());
                        self.substitution_defs.insert(name, id);
                    }
                }
                _ => {}
            }
        }
        // A name that only survives as a dupname maps to None.
        for name in dupnames {
            self.nameids.entry(name).or_insert(None);
        }
    }

    /// The maps fed by an element's attributes: ids, names and their
    /// types, dupnames (collected in `dupnames`), reference names and ids.
    fn index_attributes(&mut self, id: NodeId, kind: Kind, dupnames: &mut Vec<String>) {
        let attrs = self.tree.attrs(id);
        for i in attrs.list("ids") {
            self.ids.entry(i.clone()).or_insert(id);
            note_counter(&mut self.id_counter, i);
        }
        let explicit = !self.is_implicit_target(id);
        if let Some(first) = attrs.list("ids").first() {
            for name in attrs.list("names") {
                self.nameids.insert(name.clone(), Some(first.clone()));
                let old = self.nametypes.get(name).copied().unwrap_or(false);
                self.nametypes.insert(name.clone(), old || explicit);
            }
        }
        for name in attrs.list("dupnames") {
            dupnames.push(name.clone());
            let old = self.nametypes.get(name).copied().unwrap_or(false);
            self.nametypes.insert(name.clone(), old || explicit);
        }
        if let Some(refname) = attrs.str("refname") {
            let refname = refname.to_string();
            let noted = kind != Kind::Target || !self.tree.attrs(id).list("names").is_empty();
            if noted {
                self.refnames.entry(refname.clone()).or_default().push(id);
            }
            match kind {
                Kind::Target => self.indirect_targets.push(id),
                Kind::FootnoteReference => self.footnote_refs.entry(refname).or_default().push(id),
                Kind::CitationReference => self.citation_refs.entry(refname).or_default().push(id),
                _ => {}
            }
        }
        if let Some(refid) = self.tree.attrs(id).str("refid") {
            self.refids.entry(refid.to_string()).or_default().push(id);
        }
    }

    /// The elements of a rare kind (see [`RARE_KINDS`]) still in the
    /// document, in document order; other kinds: a walk of the tree.
    pub fn nodes_of(&self, kind: Kind) -> Vec<NodeId> {
        if !RARE_KINDS.contains(&kind) {
            return self.tree.find_all(kind);
        }
        self.rare_kinds
            .get(&kind)
            .map(|nodes| {
                nodes
                    .iter()
                    .copied()
                    .filter(|&n| self.tree.is(n, kind) && self.tree.is_attached(n))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Implicit targets: section titles, embedded-URI targets and the
    /// `contents` topic; every other name is an explicit target.
    fn is_implicit_target(&self, id: NodeId) -> bool {
        match self.tree.kind(id) {
            Some(Kind::Section) => true,
            Some(Kind::Topic) => self
                .tree
                .attrs(id)
                .list("classes")
                .iter()
                .any(|c| c == "contents"),
            Some(Kind::Target) => {
                let attrs = self.tree.attrs(id);
                (attrs.has("refuri") || attrs.has("refname"))
                    && self
                        .tree
                        .parent(id)
                        .and_then(|p| self.tree.kind(p))
                        .is_some_and(Kind::is_text_element)
            }
            _ => false,
        }
    }

    /// docutils' `document.set_id`: give `node` an id if it has none
    /// (from its names, else `<prefix>-<n>`), register it and return it.
    pub fn set_id(&mut self, node: NodeId, suggested_prefix: &str) -> String {
        let existing = self.tree.attrs(node).list("ids").to_vec();
        if let Some(last) = existing.last() {
            for i in &existing {
                self.ids.entry(i.clone()).or_insert(node);
            }
            return last.clone();
        }
        let tree = &self.tree;
        let ids = &self.ids;
        let id = new_id(
            tree.attrs(node).list("names"),
            |id| ids.contains_key(id),
            &mut self.id_counter,
            || {
                if suggested_prefix.is_empty() {
                    tree.kind(node)
                        .map(|k| make_id(k.name()))
                        .unwrap_or_default()
                } else {
                    suggested_prefix.to_string()
                }
            },
        );
        self.tree.attrs_mut(node).push("ids", id.clone());
        self.ids.insert(id.clone(), node);
        id
    }

    /// docutils' `note_refid`.
    pub fn note_refid(&mut self, node: NodeId) {
        if let Some(refid) = self.tree.attrs(node).str("refid") {
            self.refids.entry(refid.to_string()).or_default().push(node);
        }
    }

    /// docutils' `note_refname`.
    pub fn note_refname(&mut self, node: NodeId) {
        if let Some(refname) = self.tree.attrs(node).str("refname") {
            self.refnames
                .entry(refname.to_string())
                .or_default()
                .push(node);
        }
    }

    /// Forget every map and rebuild them from the tree (after included
    /// files were spliced in, so the lists keep document order).
    pub fn reindex(&mut self) {
        self.nameids.clear();
        self.nametypes.clear();
        self.refnames.clear();
        self.refids.clear();
        self.ids.clear();
        self.autofootnotes.clear();
        self.symbol_footnotes.clear();
        self.footnotes.clear();
        self.citations.clear();
        self.autofootnote_refs.clear();
        self.symbol_footnote_refs.clear();
        self.footnote_refs.clear();
        self.citation_refs.clear();
        self.indirect_targets.clear();
        self.substitution_defs.clear();
        self.substitution_names.clear();
        self.rare_kinds.clear();
        self.rebuild_index();
    }

    /// Register a node that arrived from another parse (an included
    /// file): ids that clash with the document's are made anew, and its
    /// names go through docutils' duplicate-name rules.
    pub fn register_foreign_target(&mut self, node: NodeId) {
        let ids = self.tree.attrs(node).list("ids").to_vec();
        if ids.iter().any(|i| self.ids.contains_key(i)) {
            self.tree.attrs_mut(node).remove("ids");
        }
        let names = self.tree.attrs(node).list("names").to_vec();
        if names.is_empty() {
            if !self.tree.attrs(node).list("ids").is_empty() || !ids.is_empty() {
                self.set_id(node, "");
            }
            return;
        }
        if self.is_implicit_target(node) {
            self.note_implicit_target(node);
        } else {
            self.note_explicit_target(node);
        }
    }

    /// docutils' `note_implicit_target` (with `set_duplicate_name_id`).
    pub fn note_implicit_target(&mut self, node: NodeId) {
        let id = self.set_id(node, "");
        for name in self.tree.attrs(node).list("names").to_vec() {
            match self.nameids.get(&name).cloned() {
                None => {
                    self.nameids.insert(name.clone(), Some(id.clone()));
                    self.nametypes.insert(name, false);
                }
                Some(old_id) => {
                    let old_explicit = self.nametypes.get(&name).copied().unwrap_or(false);
                    dupname(&mut self.tree, node, &name);
                    if let Some(old) = old_id.as_ref().and_then(|i| self.ids.get(i).copied())
                        && !old_explicit
                    {
                        dupname(&mut self.tree, old, &name);
                        self.nameids.insert(name.clone(), None);
                    }
                    let msg = self.report(
                        Severity::Info,
                        format!("Duplicate implicit target name: \"{name}\"."),
                        node,
                        Vec::new(),
                    );
                    self.tree.attrs_mut(msg).push("backrefs", id.clone());
                }
            }
        }
    }

    /// docutils' `note_explicit_target` (with `set_duplicate_name_id`).
    pub fn note_explicit_target(&mut self, node: NodeId) {
        let id = self.set_id(node, "");
        for name in self.tree.attrs(node).list("names").to_vec() {
            match self.nameids.get(&name).cloned() {
                None => {
                    self.nameids.insert(name.clone(), Some(id.clone()));
                    self.nametypes.insert(name, true);
                }
                Some(old_id) => self.duplicate_explicit_name(node, &id, &name, old_id),
            }
        }
    }

    fn duplicate_explicit_name(
        &mut self,
        node: NodeId,
        id: &str,
        name: &str,
        old_id: Option<String>,
    ) {
        let old_explicit = self.nametypes.get(name).copied().unwrap_or(false);
        self.nametypes.insert(name.to_string(), true);
        let old_node = old_id.as_ref().and_then(|i| self.ids.get(i).copied());
        let same_target = old_node.is_some_and(|old| {
            let (a, b) = (self.tree.attrs(node), self.tree.attrs(old));
            a.str("refname").is_some() && a.str("refname") == b.str("refname")
                || a.str("refuri").is_some() && a.str("refuri") == b.str("refuri")
        });
        let (level, message) = if same_target {
            dupname(&mut self.tree, node, name);
            (
                Severity::Info,
                format!("Duplicate name \"{name}\" for external target."),
            )
        } else if old_explicit {
            dupname(&mut self.tree, node, name);
            if let Some(old) = old_node {
                dupname(&mut self.tree, old, name);
                self.nameids.insert(name.to_string(), None);
            }
            (
                Severity::Warning,
                format!("Duplicate explicit target name: \"{name}\"."),
            )
        } else {
            self.nameids.insert(name.to_string(), Some(id.to_string()));
            match old_node {
                Some(old) => {
                    dupname(&mut self.tree, old, name);
                    (
                        Severity::Info,
                        format!("Target name overrides implicit target name \"{name}\"."),
                    )
                }
                None => return,
            }
        };
        let msg = self.report(level, message, node, Vec::new());
        self.tree.attrs_mut(msg).push("backrefs", id.to_string());
    }

    /// Make a system_message (docutils' `reporter.system_message`) about
    /// `base`, record it as a transform message and as a diagnostic, and
    /// return it (detached: the caller may place it).
    pub fn report(
        &mut self,
        level: Severity,
        message: impl Into<String>,
        base: NodeId,
        details: Vec<NodeId>,
    ) -> NodeId {
        let message = message.into();
        let span = self.tree.line_of(base);
        self.report_at(level, message, span, details)
    }

    /// [`Doc::report`] at a known position.
    pub fn report_at(
        &mut self,
        level: Severity,
        message: String,
        span: Span,
        details: Vec<NodeId>,
    ) -> NodeId {
        let msg = self.tree.new_element(Kind::SystemMessage, span);
        let mut attrs = Attrs::new();
        attrs.set("level", AttrValue::Int(level.level()));
        attrs.set("type", level.docutils_name());
        if span.is_known() {
            attrs.set("line", AttrValue::Int(i64::from(span.line)));
        }
        attrs.set("source", self.sources.name(span.file).to_string());
        *self.tree.attrs_mut(msg) = attrs;
        let para = self.tree.new_element(Kind::Paragraph, span);
        let text = self.tree.new_text(message.clone(), span);
        self.tree.append(para, text);
        self.tree.append(msg, para);
        for d in details {
            self.tree.append(msg, d);
        }
        self.transform_messages.push(msg);
        self.diagnose(level, code_for(&message), span, message);
        msg
    }

    /// Record a diagnostic at `span` (info messages stay in the tree only).
    pub fn diagnose(&mut self, level: Severity, code: &'static str, span: Span, message: String) {
        if level < Severity::Warning {
            return;
        }
        let file: Arc<str> = self.sources.name(span.file);
        let chain = self.sources.include_chain(span.file);
        self.diagnostics.push(
            Diagnostic::new(
                level,
                code,
                file,
                span.line,
                span.col,
                message.replace('\n', " "),
            )
            .with_chain(chain),
        );
    }

    /// docutils' replacement of a reference by a `problematic` pointing at
    /// `msg` (with `replace_self` carrying the old node's ids and classes
    /// over). Done in place, so the reference's position is kept without
    /// a scan of its siblings. `backref_to_reference`: docutils'
    /// `DanglingReferences` points the message at the reference's own id
    /// instead of giving the problematic a new one.
    pub fn make_problematic(&mut self, node: NodeId, msg: NodeId, raw: String) {
        self.problematic_inner(node, msg, raw, false);
    }

    /// [`Doc::make_problematic`] for a node that later passes may still
    /// read (an indirect target in a broken chain): a new problematic
    /// takes its place and the node itself lives on, detached, as in
    /// docutils.
    pub fn replace_with_problematic(&mut self, node: NodeId, msg: NodeId, raw: String) {
        let span = self.tree.span(node);
        let problematic = self.tree.new_element(Kind::Problematic, span);
        self.tree.replace(node, vec![problematic]);
        let copy_attrs = self.tree.attrs(node).clone();
        for key in ["ids", "classes", "names", "dupnames"] {
            self.tree
                .attrs_mut(problematic)
                .set(key, copy_attrs.list(key).to_vec());
        }
        self.tree
            .attrs_mut(problematic)
            .set("ids", Vec::<String>::new());
        self.problematic_inner(problematic, msg, raw, false);
        for key in ["ids", "classes", "names", "dupnames"] {
            for value in copy_attrs.list(key) {
                self.tree
                    .attrs_mut(problematic)
                    .push_unique(key, value.clone());
            }
        }
        for id in copy_attrs.list("ids") {
            self.ids.insert(id.clone(), problematic);
        }
    }

    /// [`Doc::make_problematic`] as `DanglingReferences` does it.
    pub fn make_problematic_dangling(&mut self, node: NodeId, msg: NodeId, raw: String) {
        self.problematic_inner(node, msg, raw, true);
    }

    fn problematic_inner(
        &mut self,
        node: NodeId,
        msg: NodeId,
        raw: String,
        backref_to_reference: bool,
    ) {
        let msg_id = self.set_id(msg, "");
        let old = self.tree.attrs(node).clone();
        let span = self.tree.span(node);
        let mut attrs = Attrs::new();
        attrs.set("refid", msg_id);
        self.tree
            .rewrite(node, Some(Kind::Problematic), attrs, String::new());
        self.tree.node_mut(node).resolved = true;
        let text = self.tree.new_text(raw, span);
        self.tree.append(node, text);
        let backref = match old.list("ids").first() {
            Some(id) if backref_to_reference => id.clone(),
            _ => self.set_id(node, ""),
        };
        self.tree.attrs_mut(msg).push("backrefs", backref);
        for key in ["ids", "classes", "names", "dupnames"] {
            for value in old.list(key) {
                self.tree.attrs_mut(node).push_unique(key, value.clone());
            }
        }
    }

    /// The raw source of a reference (as parsed, when known). Whether a
    /// one-word reference was written with backquotes (`` `word`_ `` or
    /// `word_`) cannot be seen in the tree; the source of the node's
    /// paragraph decides (read once per file, only for references that
    /// fail to resolve).
    pub fn raw(&mut self, id: NodeId) -> String {
        let raw = match self.raw.get(&id) {
            Some(raw) => raw.clone(),
            None => raw_source(&self.tree, id),
        };
        if !self.tree.is(id, Kind::Reference) || raw.starts_with('`') || raw.starts_with('|') {
            return raw;
        }
        // Inline nodes carry their paragraph's line: look for the
        // backquoted form in the paragraph's source (up to its blank line).
        let span = self.tree.line_of(id);
        if span.line == 0 {
            return raw;
        }
        let (text, suffix) = match raw.strip_suffix("__") {
            Some(text) => (text.to_string(), "__"),
            None => (raw.strip_suffix('_').unwrap_or(&raw).to_string(), "_"),
        };
        let quoted = format!("`{text}`{suffix}");
        let mut found = false;
        for offset in 0..200 {
            match self.source_line(span.file, span.line + offset) {
                Some(line) if !line.trim().is_empty() || offset == 0 => {
                    if line.contains(&quoted) {
                        found = true;
                        break;
                    }
                }
                _ => break,
            }
        }
        if found { quoted } else { raw }
    }

    /// One line (1-based) of a source file, read once per file on first
    /// use (only unresolvable references need it).
    fn source_line(&mut self, file: crate::diag::FileId, line: u32) -> Option<&str> {
        let lines = self.source_lines.entry(file).or_insert_with(|| {
            self.sources
                .path(file)
                .filter(|p| p.extension().is_some_and(|e| e != "pxml"))
                .and_then(|p| std::fs::read(p).ok())
                .map(|bytes| {
                    String::from_utf8_lossy(&bytes)
                        .lines()
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default()
        });
        lines
            .get((line as usize).wrapping_sub(1))
            .map(String::as_str)
    }

    /// The display name of a span's file.
    pub fn file_name(&self, span: Span) -> Arc<str> {
        self.sources.name(span.file)
    }
}

/// Kinds indexed once (they are never made by the passes, except
/// substitution references in copies, which the substitution pass follows
/// itself).
const RARE_KINDS: [Kind; 5] = [
    Kind::Pending,
    Kind::Index,
    Kind::Toctree,
    Kind::Transition,
    Kind::SubstitutionReference,
];

/// A short diagnostic code from a docutils message.
fn code_for(message: &str) -> &'static str {
    if message.starts_with("Unknown target name") {
        "unknown-target"
    } else if message.starts_with("Duplicate") {
        "duplicate-name"
    } else if message.contains("substitution") {
        "substitution"
    } else if message.contains("footnote") {
        "footnote"
    } else if message.starts_with("Indirect hyperlink target") {
        "indirect-target"
    } else if message.starts_with("Anonymous hyperlink mismatch") {
        "anonymous-mismatch"
    } else {
        "resolve"
    }
}

/// docutils' `dupname`: move `name` from `names` to `dupnames`.
pub fn dupname(tree: &mut Tree, node: NodeId, name: &str) {
    let attrs = tree.attrs_mut(node);
    let names: Vec<String> = attrs
        .list("names")
        .iter()
        .filter(|n| *n != name)
        .cloned()
        .collect();
    attrs.set("names", names);
    attrs.push("dupnames", name.to_string());
}

/// Keep the id counters above every generated-looking id in the tree
/// (`prefix-N`), as docutils' counters are after parsing.
fn note_counter(counters: &mut HashMap<String, u64>, id: &str) {
    let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits == id.len() {
        return;
    }
    let (prefix, number) = id.split_at(id.len() - digits);
    if !prefix.ends_with('-') {
        return;
    }
    if let Ok(n) = number.parse::<u64>() {
        let c = counters.entry(prefix.to_string()).or_insert(0);
        *c = (*c).max(n);
    }
}

/// The kind of auto-numbering of a footnote or footnote reference.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Auto {
    None,
    Number,
    Symbol,
}

/// `auto="1"` numbers, `auto="*"` symbols.
pub fn auto_kind(attrs: &Attrs) -> Auto {
    match attrs.get("auto") {
        Some(AttrValue::Str(s)) if s == "*" => Auto::Symbol,
        Some(AttrValue::Str(s)) if s == "1" => Auto::Number,
        Some(AttrValue::Int(1)) | Some(AttrValue::Bool(true)) => Auto::Number,
        _ => Auto::None,
    }
}
