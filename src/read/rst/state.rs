//! Document-level bookkeeping of the parse (docutils' `document` object and
//! its reporter): the node arena, ids and names with duplicate handling,
//! footnote and substitution registers, and system messages that are both
//! tree nodes and [`Diagnostic`]s.

use std::sync::Arc;

use crate::diag::{Diagnostic, FileId, Severity, SourceMap};
use crate::fast_hash::HashMap;
use crate::ir::{Kind, Span};

use super::names::{make_id, new_id, normalize, whitespace_normalize};
use super::tree::{NodeId, Tree};

/// The document being built and everything docutils keeps on its
/// `document` node while parsing.
pub struct DocState {
    pub tree: Tree,
    pub root: NodeId,
    pub sources: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
    /// id → node (`document.ids`).
    ids: HashMap<String, NodeId>,
    /// name → what it names (docutils' `nameids` and `nametypes`, one
    /// map: both are looked up and updated together, by the same key).
    names: HashMap<String, NameEntry>,
    /// Counter per auto-id prefix.
    id_counter: HashMap<String, u64>,
    /// Substitution definitions by whitespace-normalized name.
    substitution_defs: HashMap<String, NodeId>,
    /// Where duplicate-name messages point while set: docutils reports
    /// them at its reader's current line (the end of the directive or
    /// paragraph being read), not at the node.
    pub report_at: Option<Span>,
}

/// One name of the document.
struct NameEntry {
    /// The id of the node it names; `None` once ambiguous (`nameids`).
    id: Option<String>,
    /// Whether an explicit target had it (`nametypes`).
    explicit: bool,
}

impl DocState {
    pub fn new(sources: SourceMap, root_span: Span, source_name: &str) -> DocState {
        DocState::with_capacity(sources, root_span, source_name, 0)
    }

    /// A document state whose node arena has room for `nodes` nodes.
    pub fn with_capacity(
        sources: SourceMap,
        root_span: Span,
        source_name: &str,
        nodes: usize,
    ) -> DocState {
        let mut tree = Tree::with_capacity(nodes);
        let root = tree.element(Kind::Document, root_span);
        tree.set(root, "source", source_name);
        DocState {
            tree,
            root,
            sources,
            diagnostics: Vec::new(),
            // About one id and one name per 600 bytes of input in the
            // benchmark documents: sized once instead of rehashed as they grow.
            ids: HashMap::with_capacity_and_hasher(nodes / 100, Default::default()),
            names: HashMap::with_capacity_and_hasher(nodes / 100, Default::default()),
            id_counter: HashMap::default(),
            substitution_defs: HashMap::default(),
            report_at: None,
        }
    }

    /// The display name of a file.
    pub fn file_name(&self, file: FileId) -> Arc<str> {
        self.sources.name(file)
    }

    /// Make a system_message node (not attached) and record the diagnostic.
    /// `children` follow the message paragraph.
    pub fn message(
        &mut self,
        level: Severity,
        text: &str,
        span: Span,
        children: &[NodeId],
    ) -> NodeId {
        let tree = &mut self.tree;
        let msg = tree.element(Kind::SystemMessage, span);
        tree.set(msg, "level", level.level());
        tree.set(msg, "type", level.docutils_name());
        let source = self.sources.name(span.file);
        tree.set(msg, "source", source.to_string());
        if span.line > 0 {
            tree.set(msg, "line", i64::from(span.line));
        }
        let para = tree.text_element(Kind::Paragraph, text, span);
        tree.append(msg, para);
        tree.extend(msg, children.iter().copied());
        if level >= Severity::Warning {
            let chain = self.sources.include_chain(span.file);
            // The whole message on one line: details ("unknown option",
            // "No such file ...") follow the first line.
            let one_line = text.lines().collect::<Vec<_>>().join(" ");
            self.diagnostics.push(
                Diagnostic::new(
                    level,
                    "rst",
                    source,
                    span.line,
                    if span.line > 0 { span.col.max(1) } else { 0 },
                    one_line,
                )
                .with_chain(chain),
            );
        }
        msg
    }

    /// A system message followed by a literal block of `block_text`.
    pub fn message_with_block(
        &mut self,
        level: Severity,
        text: &str,
        block_text: &str,
        span: Span,
    ) -> NodeId {
        let lit = self.literal_block(block_text, span);
        self.message(level, text, span, &[lit])
    }

    /// A `literal_block` with `xml:space="preserve"`.
    pub fn literal_block(&mut self, text: &str, span: Span) -> NodeId {
        let lit = self.tree.text_element(Kind::LiteralBlock, text, span);
        self.tree.set(lit, "xml:space", "preserve");
        lit
    }

    pub fn id_exists(&self, id: &str) -> bool {
        self.ids.contains_key(id)
    }

    /// Give `node` an id (`document.set_id`): its first id if it has one,
    /// else one derived from its names, else `<tagname>-N`.
    pub fn set_id(&mut self, node: NodeId, msgnode: Option<NodeId>) -> String {
        let existing = self.tree.attrs(node).list("ids");
        if let Some(first) = existing.first() {
            let first = first.clone();
            // (Fields borrowed apart: the node's ids are read while the id
            // table is updated, without copying the list.)
            let clashes: Vec<String> = existing
                .iter()
                .filter(|id| self.ids.get(*id).is_some_and(|&other| other != node))
                .cloned()
                .collect();
            for id in self.tree.attrs(node).list("ids") {
                if !self.ids.contains_key(id) {
                    self.ids.insert(id.clone(), node);
                }
            }
            for id in clashes {
                let span = self.tree.node(node).span;
                let msg = self.message(
                    Severity::Severe,
                    &format!("Duplicate ID: \"{id}\"."),
                    span,
                    &[],
                );
                if let Some(m) = msgnode {
                    self.tree.append(m, msg);
                }
            }
            return first;
        }
        let tree = &self.tree;
        let ids = &self.ids;
        let id = new_id(
            tree.attrs(node).list("names"),
            |id| ids.contains_key(id),
            &mut self.id_counter,
            || make_id(tree.kind(node).map_or("node", Kind::name)),
        );
        self.tree.attrs_mut(node).push("ids", id.clone());
        self.ids.insert(id.clone(), node);
        id
    }

    /// `document.note_implicit_target`.
    pub fn note_implicit_target(&mut self, node: NodeId, msgnode: Option<NodeId>) {
        let id = self.set_id(node, msgnode);
        self.set_name_id_map(node, &id, msgnode, false);
    }

    /// `document.note_explicit_target`.
    pub fn note_explicit_target(&mut self, node: NodeId, msgnode: Option<NodeId>) {
        let id = self.set_id(node, msgnode);
        self.set_name_id_map(node, &id, msgnode, true);
    }

    fn set_name_id_map(&mut self, node: NodeId, id: &str, msgnode: Option<NodeId>, explicit: bool) {
        let names = self.tree.attrs(node).list("names");
        if !names.iter().any(|name| self.names.contains_key(name)) {
            // No duplicates (the usual case): nothing changes the node's
            // names while they are registered, so no copy of the list.
            for name in names {
                self.names.insert(
                    name.clone(),
                    NameEntry {
                        id: Some(id.to_string()),
                        explicit,
                    },
                );
            }
            return;
        }
        // A duplicate moves names to `dupnames` as it goes: a snapshot.
        let snapshot: Vec<String> = names.to_vec();
        for name in snapshot {
            let known = self.names.contains_key(&name);
            if known {
                self.set_duplicate_name_id(node, id, &name, msgnode, explicit);
            } else {
                self.names.insert(
                    name,
                    NameEntry {
                        id: Some(id.to_string()),
                        explicit,
                    },
                );
            }
        }
    }

    /// Make `name` ambiguous (`nameids[name] = None`).
    fn forget_name_id(&mut self, name: &str) {
        if let Some(entry) = self.names.get_mut(name) {
            entry.id = None;
        }
    }

    fn dupname(&mut self, node: NodeId, name: &str) {
        let attrs = self.tree.attrs_mut(node);
        attrs.push("dupnames", name.to_string());
        let names: Vec<String> = attrs
            .list("names")
            .iter()
            .filter(|n| n.as_str() != name)
            .cloned()
            .collect();
        attrs.set("names", names);
    }

    fn attach_message(&mut self, msgnode: Option<NodeId>, msg: NodeId) {
        // Only where docutils' content model allows body elements (its
        // `validate` check); elsewhere the message stays out of the tree
        // and is reported as a diagnostic only.
        if let Some(m) = msgnode
            && self.tree.kind(m).is_some_and(holds_body_elements)
        {
            self.tree.append(m, msg);
        }
    }

    /// docutils 0.22's `set_duplicate_name_id`: who keeps the name, who
    /// gets it as a `dupnames`, and the message (info or warning) placed in
    /// `msgnode` when that can hold it.
    fn set_duplicate_name_id(
        &mut self,
        node: NodeId,
        id: &str,
        name: &str,
        msgnode: Option<NodeId>,
        explicit: bool,
    ) {
        let Some(entry) = self.names.get_mut(name) else {
            return;
        };
        let old_id = entry.id.clone();
        let old_explicit = entry.explicit;
        entry.explicit |= explicit;
        let old_node = old_id.as_ref().and_then(|i| self.ids.get(i).copied());
        let attrs = self.tree.attrs(node);
        let same_reference = old_node.is_some_and(|old| {
            let old = self.tree.attrs(old);
            attrs
                .str("refname")
                .is_some_and(|r| old.str("refname") == Some(r))
                || attrs
                    .str("refuri")
                    .is_some_and(|r| old.str("refuri") == Some(r))
        });
        let mut message: Option<(Severity, String)> = None;
        if old_id.is_some() && same_reference {
            // indirect targets with the same reference: keep the old one
            let reference = attrs
                .str("refuri")
                .or_else(|| attrs.str("refname"))
                .unwrap_or("")
                .to_string();
            message = Some((
                Severity::Info,
                format!("Duplicate name \"{name}\" for external target \"{reference}\"."),
            ));
            self.dupname(node, name);
        } else if explicit {
            if old_explicit {
                message = Some((
                    Severity::Warning,
                    format!("Duplicate explicit target name: \"{name}\"."),
                ));
                self.dupname(node, name);
                if let Some(old) = old_node {
                    self.dupname(old, name);
                    self.forget_name_id(name);
                }
            } else {
                if let Some(entry) = self.names.get_mut(name) {
                    entry.id = Some(id.to_string());
                }
                if let Some(old) = old_node {
                    message = Some((
                        Severity::Info,
                        format!("Target name overrides implicit target name \"{name}\"."),
                    ));
                    self.dupname(old, name);
                }
            }
        } else {
            message = Some((
                Severity::Info,
                format!("Duplicate implicit target name: \"{name}\"."),
            ));
            self.dupname(node, name);
            if let Some(old) = old_node
                && !old_explicit
            {
                self.dupname(old, name);
                self.forget_name_id(name);
            }
        }
        if let Some((level, text)) = message {
            let span = self.report_at.unwrap_or(self.tree.node(node).span);
            let msg = self.message(level, &text, span, &[]);
            // no back-reference to an external target (it is not shown)
            let external =
                self.tree.kind(node) == Some(Kind::Target) && self.tree.attrs(node).has("refuri");
            if !external {
                self.tree.attrs_mut(msg).push("backrefs", id.to_string());
            }
            self.attach_message(msgnode, msg);
        }
    }

    /// `document.note_substitution_def`: a later definition of the same
    /// name wins; the earlier one keeps the name as a `dupnames`.
    pub fn note_substitution_def(&mut self, node: NodeId, def_name: &str, msgnode: Option<NodeId>) {
        let name = whitespace_normalize(def_name);
        if let Some(&old) = self.substitution_defs.get(&name) {
            let span = self.tree.node(node).span;
            let msg = self.message(
                Severity::Error,
                &format!("Duplicate substitution definition name: \"{name}\"."),
                span,
                &[],
            );
            if let Some(m) = msgnode {
                self.tree.append(m, msg);
            }
            self.dupname(old, &name);
        }
        self.substitution_defs.insert(name, node);
    }

    /// Whether a name is already a target (for the `title` of sections).
    pub fn has_name(&self, name: &str) -> bool {
        self.names.contains_key(&normalize(name))
    }

    /// A `problematic` node for `text` linked both ways with `message`.
    pub fn problematic(&mut self, text: &str, message: NodeId, span: Span) -> NodeId {
        let msgid = self.set_id(message, None);
        let prb = self.tree.text_element(Kind::Problematic, text, span);
        self.tree.set(prb, "refid", msgid);
        let prbid = self.set_id(prb, None);
        self.tree.attrs_mut(message).push("backrefs", prbid);
        prb
    }
}

/// Elements whose content may include body elements (so a system_message
/// is valid inside them).
fn holds_body_elements(kind: Kind) -> bool {
    use crate::ir::Category;
    match kind.category() {
        Category::Structural => kind != Kind::Transition,
        Category::Decorative => kind != Kind::Decoration,
        Category::Body => matches!(
            kind,
            Kind::BlockQuote
                | Kind::Compound
                | Kind::Container
                | Kind::Attention
                | Kind::Caution
                | Kind::Danger
                | Kind::Error
                | Kind::Hint
                | Kind::Important
                | Kind::Note
                | Kind::Tip
                | Kind::Warning
                | Kind::Admonition
                | Kind::Footnote
                | Kind::Citation
                | Kind::SystemMessage
                | Kind::Seealso
                | Kind::VersionModified
        ),
        Category::Part => matches!(
            kind,
            Kind::ListItem
                | Kind::Definition
                | Kind::FieldBody
                | Kind::Description
                | Kind::Entry
                | Kind::Legend
                | Kind::Hlistcol
        ),
        // Sphinx's `only` wraps body elements
        Category::Meta => kind == Kind::Only,
        Category::Bibliographic | Category::Inline => false,
    }
}
