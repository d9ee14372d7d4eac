//! A mutable, parent-linked arena copy of the document tree, the working
//! form of the resolve passes.
//!
//! docutils' transforms walk up (`parent`), sideways (`next_node`) and
//! replace nodes in place; an arena with parent links makes those moves
//! cheap and safe in Rust. The tree is built from an [`Element`] once,
//! the passes run over it, and [`Tree::into_element`] gives the finished
//! tree back. Both conversions use explicit stacks, so a deeply nested
//! input cannot overflow the call stack.

use crate::ir::{Attrs, Element, Kind, Node, NodeBody, Span};
use smallvec::SmallVec;

/// The index of a node in a [`Tree`].
pub type NodeId = usize;

/// One node of the arena: an element (`kind` is `Some`) or text. 80
/// bytes: a node holds text or attributes and children, not all three,
/// and the passes walk the whole arena several times.
#[derive(Clone, Debug)]
pub struct ArenaNode {
    /// `Some` exactly when `body` is an element's.
    kind: Option<Kind>,
    /// docutils' `resolved` flag on references and footnotes.
    pub resolved: bool,
    /// A stand-in for a run of nodes: when the tree is exported its
    /// children take its place. Substitutions use it to replace one
    /// reference by several nodes without searching the parent's children.
    pub splice: bool,
    pub span: Span,
    pub parent: Option<NodeId>,
    body: Body,
}

/// A node's children. Most elements have one or two (the text of a
/// paragraph, reference or title; a list item's paragraph), kept inline in
/// the node (the same 24 bytes a `Vec` takes): walks do not chase a second
/// pointer per element, and making a node allocates nothing more.
pub type Children = SmallVec<[NodeId; 2]>;

type Body = NodeBody<Children>;

impl ArenaNode {
    fn new(kind: Option<Kind>, body: Body, parent: Option<NodeId>, span: Span) -> ArenaNode {
        ArenaNode {
            kind,
            resolved: false,
            splice: false,
            span,
            parent,
            body,
        }
    }

    /// The element's kind; `None` for text.
    pub fn kind(&self) -> Option<Kind> {
        self.kind
    }

    /// The text of a text node (empty for elements).
    pub fn text(&self) -> &str {
        self.body.text()
    }

    /// The text of a text node, to change in place; `None` for an element.
    pub fn text_mut(&mut self) -> Option<&mut String> {
        self.body.text_mut()
    }

    fn children(&self) -> &[NodeId] {
        self.body.children()
    }

    fn children_mut(&mut self) -> Option<&mut Children> {
        self.body.children_mut()
    }
}

/// `kind`'s bit in a set of kinds ([`Tree::find_kinds`]).
fn kind_bit(kind: Kind) -> u128 {
    1u128 << (kind as u32 % 128)
}

// Every kind has a bit of its own.
const _: () = assert!(Kind::ALL.len() <= 128);

/// The arena.
#[derive(Clone, Debug, Default)]
pub struct Tree {
    nodes: Vec<ArenaNode>,
    root: NodeId,
    /// Handed out by `attrs_mut` for a text node (a pass's bug, not worth
    /// a panic): changes to it are lost.
    scratch_attrs: Attrs,
}

impl Tree {
    /// Copy an element tree into an arena.
    pub fn from_element(root: Element) -> Tree {
        // Sized once: growing an arena of a few hundred thousand nodes
        // copied it several times over.
        let mut tree = Tree {
            nodes: Vec::with_capacity(count_nodes(&root)),
            ..Tree::default()
        };
        tree.root = tree.import(Node::Element(root), None);
        tree
    }

    /// Import a node (and its subtree) as a detached node whose parent
    /// link is `parent` (the caller puts it into the parent's children).
    pub fn import(&mut self, node: Node, parent: Option<NodeId>) -> NodeId {
        let top = self.nodes.len();
        // Work list of (node, its arena parent); children are pushed in
        // reverse so they pop, and are appended, in document order.
        let mut stack: Vec<(Node, Option<NodeId>)> = vec![(node, parent)];
        while let Some((node, node_parent)) = stack.pop() {
            let id = self.nodes.len();
            let (kind, body, span, children) = match node {
                Node::Text(t) => (None, Body::Text(t.text), t.span, Vec::new()),
                Node::Element(e) => {
                    let body = Body::Element {
                        attrs: e.attrs,
                        children: Children::with_capacity(e.children.len()),
                    };
                    (Some(e.kind), body, e.span, e.children)
                }
            };
            self.nodes
                .push(ArenaNode::new(kind, body, node_parent, span));
            if id != top
                && let Some(siblings) = node_parent.and_then(|p| self.nodes[p].children_mut())
            {
                siblings.push(id);
            }
            for child in children.into_iter().rev() {
                stack.push((child, Some(id)));
            }
        }
        top
    }

    /// The finished element tree. Text and attributes move out of the
    /// arena (it is used up) instead of being copied as [`Tree::export`]
    /// copies them.
    pub fn into_element(mut self) -> Element {
        let root = self.root;
        self.walk_out(root, true)
            .and_then(|n| match n {
                Node::Element(e) => Some(e),
                Node::Text(_) => None,
            })
            .unwrap_or_else(|| Element::new(Kind::Document, Span::NONE))
    }

    /// Copy the subtree at `id` out of the arena (splice nodes give way
    /// to their children).
    pub fn export(&mut self, id: NodeId) -> Option<Node> {
        self.walk_out(id, false)
    }

    /// [`Tree::export`], moving text and attributes out when `take` (a
    /// node reached a second time, which the arena's moves never make,
    /// would come out empty then).
    fn walk_out(&mut self, id: NodeId, take: bool) -> Option<Node> {
        // Post-order with an explicit stack: (id, length of `built` when
        // the element was entered, or None on the first visit).
        let mut stack: Vec<(NodeId, Option<usize>)> = vec![(id, None)];
        let mut built: Vec<Node> = Vec::new();
        while let Some((current, entered)) = stack.pop() {
            let node = self.nodes.get_mut(current)?;
            match (node.kind, entered) {
                (None, _) => {
                    let text = node.body.text_mut().map(|t| take_or_clone(t, take));
                    built.push(Node::text(text.unwrap_or_default(), node.span));
                }
                (Some(kind), Some(start)) => {
                    let children = built.split_off(start.min(built.len()));
                    if node.splice && current != id {
                        built.extend(children);
                    } else {
                        let attrs = node.body.attrs_mut().map(|a| take_or_clone(a, take));
                        built.push(Node::Element(Element {
                            kind,
                            attrs: attrs.unwrap_or_default(),
                            children,
                            span: node.span,
                        }));
                    }
                }
                (Some(_), None) => {
                    stack.push((current, Some(built.len())));
                    for &child in node.children().iter().rev() {
                        stack.push((child, None));
                    }
                }
            }
        }
        built.pop()
    }

    pub fn root(&self) -> NodeId {
        self.root
    }

    pub fn node(&self, id: NodeId) -> &ArenaNode {
        &self.nodes[id]
    }

    pub fn node_mut(&mut self, id: NodeId) -> &mut ArenaNode {
        &mut self.nodes[id]
    }

    pub fn kind(&self, id: NodeId) -> Option<Kind> {
        self.nodes[id].kind
    }

    pub fn is(&self, id: NodeId, kind: Kind) -> bool {
        self.nodes[id].kind == Some(kind)
    }

    pub fn is_text(&self, id: NodeId) -> bool {
        self.nodes[id].kind.is_none()
    }

    pub fn attrs(&self, id: NodeId) -> &Attrs {
        self.nodes[id].body.attrs()
    }

    pub fn attrs_mut(&mut self, id: NodeId) -> &mut Attrs {
        self.nodes[id]
            .body
            .attrs_mut()
            .unwrap_or(&mut self.scratch_attrs)
    }

    pub fn children(&self, id: NodeId) -> &[NodeId] {
        self.nodes[id].children()
    }

    /// Turn element `id` into a splice of `kind` with no attributes (its
    /// children, set next, take its place on export).
    pub fn make_splice(&mut self, id: NodeId, kind: Kind) {
        let node = &mut self.nodes[id];
        if let Some(attrs) = node.body.attrs_mut() {
            *attrs = Attrs::new();
            node.kind = Some(kind);
            node.splice = true;
        }
    }

    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.nodes[id].parent
    }

    pub fn span(&self, id: NodeId) -> Span {
        self.nodes[id].span
    }

    /// The first known line at or above `id` (docutils' `get_source_line`).
    pub fn line_of(&self, id: NodeId) -> Span {
        let mut current = Some(id);
        while let Some(n) = current {
            if self.nodes[n].span.is_known() {
                return self.nodes[n].span;
            }
            current = self.nodes[n].parent;
        }
        Span::NONE
    }

    /// A new detached element.
    pub fn new_element(&mut self, kind: Kind, span: Span) -> NodeId {
        let body = Body::Element {
            attrs: Attrs::new(),
            children: Children::new(),
        };
        self.nodes
            .push(ArenaNode::new(Some(kind), body, None, span));
        self.nodes.len() - 1
    }

    /// A new detached text node.
    pub fn new_text(&mut self, text: impl Into<String>, span: Span) -> NodeId {
        let body = Body::Text(text.into());
        self.nodes.push(ArenaNode::new(None, body, None, span));
        self.nodes.len() - 1
    }

    /// Append `child` (detaching it from its old parent).
    pub fn append(&mut self, parent: NodeId, child: NodeId) {
        self.detach(child);
        if let Some(children) = self.nodes[parent].children_mut() {
            children.push(child);
            self.nodes[child].parent = Some(parent);
        }
    }

    /// Insert `child` at `index` among `parent`'s children.
    pub fn insert(&mut self, parent: NodeId, index: usize, child: NodeId) {
        self.detach(child);
        if let Some(children) = self.nodes[parent].children_mut() {
            children.insert(index.min(children.len()), child);
            self.nodes[child].parent = Some(parent);
        }
    }

    /// Replace the children of `parent`; the new children are detached from
    /// wherever they were, and the old ones left detached.
    pub fn set_children(&mut self, parent: NodeId, children: Vec<NodeId>) {
        let Some(old) = self.nodes[parent].children_mut().map(std::mem::take) else {
            return;
        };
        for c in old {
            self.nodes[c].parent = None;
        }
        for &c in &children {
            if let Some(p) = self.nodes[c].parent
                && p != parent
            {
                self.detach(c);
            }
            self.nodes[c].parent = Some(parent);
        }
        if let Some(slot) = self.nodes[parent].children_mut() {
            *slot = Children::from_vec(children);
        }
    }

    /// The position of `id` among its parent's children.
    pub fn index_in_parent(&self, id: NodeId) -> Option<usize> {
        let parent = self.nodes[id].parent?;
        self.nodes[parent].children().iter().position(|&c| c == id)
    }

    /// Remove `id` from its parent (it stays in the arena, unreachable).
    pub fn detach(&mut self, id: NodeId) {
        if let Some(parent) = self.nodes[id].parent.take()
            && let Some(children) = self.nodes[parent].children_mut()
            && let Some(i) = children.iter().position(|&c| c == id)
        {
            children.remove(i);
        }
    }

    /// Replace `id` by `replacements` in its parent.
    pub fn replace(&mut self, id: NodeId, replacements: Vec<NodeId>) {
        let Some(parent) = self.nodes[id].parent else {
            return;
        };
        let Some(index) = self.index_in_parent(id) else {
            return;
        };
        for &r in &replacements {
            self.detach(r);
            self.nodes[r].parent = Some(parent);
        }
        self.nodes[id].parent = None;
        if let Some(children) = self.nodes[parent].children_mut() {
            children.remove(index);
            children.insert_many(index, replacements);
        }
    }

    /// Turn element `id` into another element in place (same position):
    /// used where docutils replaces a node by a new one of another kind.
    pub fn rewrite(&mut self, id: NodeId, kind: Option<Kind>, attrs: Attrs, text: String) {
        let old = self.nodes[id]
            .children_mut()
            .map(std::mem::take)
            .unwrap_or_default();
        for c in old {
            self.nodes[c].parent = None;
        }
        let node = &mut self.nodes[id];
        node.kind = kind;
        node.body = match kind {
            Some(_) => Body::Element {
                attrs,
                children: Children::new(),
            },
            None => Body::Text(text),
        };
        node.splice = false;
    }

    /// Every node below `start` (included), in document order.
    pub fn preorder(&self, start: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack = vec![start];
        while let Some(id) = stack.pop() {
            out.push(id);
            for &c in self.nodes[id].children().iter().rev() {
                stack.push(c);
            }
        }
        out
    }

    /// Whether some node below `start` (not `start` itself) is an element
    /// of `kind`; walks without collecting.
    pub fn has_descendant(&self, start: NodeId, kind: Kind) -> bool {
        let mut stack: smallvec::SmallVec<[NodeId; 16]> =
            self.nodes[start].children().iter().copied().collect();
        while let Some(id) = stack.pop() {
            let node = &self.nodes[id];
            if node.kind == Some(kind) {
                return true;
            }
            stack.extend(node.children().iter().copied());
        }
        false
    }

    /// Every element of `kind` in the document, in document order.
    pub fn find_all(&self, kind: Kind) -> Vec<NodeId> {
        self.find_kinds(&[kind])
    }

    /// The first element of `kind` in document order (a walk that stops
    /// there).
    pub fn find_first(&self, kind: Kind) -> Option<NodeId> {
        let mut stack = vec![self.root];
        while let Some(id) = stack.pop() {
            let node = &self.nodes[id];
            if node.kind == Some(kind) {
                return Some(id);
            }
            stack.extend(node.children().iter().rev());
        }
        None
    }

    /// The elements of any of `kinds` in the document, in document order:
    /// one walk where a pass needs several kinds (a walk of a large
    /// document reads every node, and collecting every node to pick a few
    /// out of them costs more).
    ///
    /// The kinds are tested as a bit set, and text children are pushed and
    /// dropped when popped: testing each child's kind before pushing it
    /// read every element twice (~65 instructions a node, five walks of
    /// 300,000 nodes per resolve of the corpus document).
    pub fn find_kinds(&self, kinds: &[Kind]) -> Vec<NodeId> {
        let wanted = kinds.iter().fold(0u128, |set, &k| set | kind_bit(k));
        let mut out = Vec::new();
        let mut stack = vec![self.root];
        while let Some(id) = stack.pop() {
            let node = &self.nodes[id];
            let Some(kind) = node.kind else {
                continue;
            };
            if wanted & kind_bit(kind) != 0 {
                out.push(id);
            }
            stack.extend(node.children().iter().rev());
        }
        out
    }

    /// docutils' `astext()`.
    pub fn text_content(&self, id: NodeId) -> String {
        let mut out = String::new();
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            match &self.nodes[n].body {
                Body::Text(text) => out.push_str(text),
                Body::Element { children, .. } => stack.extend(children.iter().rev()),
            }
        }
        out
    }

    /// The number of nodes below `id` (included).
    pub fn subtree_size(&self, id: NodeId) -> usize {
        let mut count = 0;
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            count += 1;
            stack.extend(self.nodes[n].children().iter());
        }
        count
    }

    /// A detached deep copy of the subtree at `id`.
    pub fn deep_copy(&mut self, id: NodeId) -> NodeId {
        match self.export(id) {
            Some(node) => self.import(node, None),
            None => self.new_text("", Span::NONE),
        }
    }

    /// The ancestors of `id`, nearest first.
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.nodes[id].parent, |&p| self.nodes[p].parent)
    }

    /// Whether `id` is still part of the document.
    pub fn is_attached(&self, id: NodeId) -> bool {
        id == self.root || self.ancestors(id).last() == Some(self.root)
    }

    /// For every attached node, the node that follows it in document order
    /// once its own subtree is done (docutils' `next_node(ascend=True,
    /// descend=False)`), computed top-down in one walk.
    pub fn next_after_map(&self) -> Vec<Option<NodeId>> {
        let mut next = vec![None; self.nodes.len()];
        let mut stack = vec![self.root];
        while let Some(id) = stack.pop() {
            let children = self.nodes[id].children();
            for (i, &child) in children.iter().enumerate() {
                next[child] = match children.get(i + 1) {
                    Some(&sibling) => Some(sibling),
                    None => next[id],
                };
                stack.push(child);
            }
        }
        next
    }

    /// The first child element of `parent` of `kind`.
    pub fn first_child_of(&self, parent: NodeId, kind: Kind) -> Option<NodeId> {
        self.nodes[parent]
            .children()
            .iter()
            .copied()
            .find(|&c| self.nodes[c].kind == Some(kind))
    }
}

/// The value moved out (leaving the default) when `take`, else a copy.
fn take_or_clone<T: Clone + Default>(value: &mut T, take: bool) -> T {
    if take {
        std::mem::take(value)
    } else {
        value.clone()
    }
}

/// Elements and text runs in the tree of `root` (itself included).
fn count_nodes(root: &Element) -> usize {
    let mut count = 1;
    let mut stack = vec![root];
    while let Some(el) = stack.pop() {
        count += el.children.len();
        stack.extend(el.children.iter().filter_map(Node::as_element));
    }
    count
}

#[cfg(test)]
mod tests {

    #[test]
    fn arena_node_keeps_its_size_with_inline_children() {
        // Two child ids inline cost no more than a `Vec`'s three words.
        assert_eq!(
            std::mem::size_of::<Children>(),
            std::mem::size_of::<Vec<NodeId>>()
        );
        assert_eq!(std::mem::size_of::<ArenaNode>(), 80);
    }

    use super::*;

    fn sample() -> Element {
        Element::new(Kind::Document, Span::NONE)
            .with_child(
                Element::new(Kind::Section, Span::NONE)
                    .with_child(Element::new(Kind::Title, Span::NONE).with_text("T"))
                    .with_child(
                        Element::new(Kind::Paragraph, Span::NONE)
                            .with_text("a ")
                            .with_child(Element::new(Kind::Emphasis, Span::NONE).with_text("b")),
                    ),
            )
            .with_child(Element::new(Kind::Paragraph, Span::NONE).with_text("c"))
    }

    #[cfg(target_pointer_width = "64")]
    #[test]
    fn tree_arena_node_size() {
        assert_eq!(std::mem::size_of::<ArenaNode>(), 80);
    }

    #[test]
    fn tree_text_nodes_take_no_children_or_attributes() {
        let mut tree = Tree::from_element(sample());
        let text = tree.new_text("t", Span::NONE);
        let em = tree.new_element(Kind::Emphasis, Span::NONE);
        tree.append(text, em);
        tree.attrs_mut(text).set("ids", vec!["x".to_string()]);
        assert!(tree.children(text).is_empty());
        assert!(tree.attrs(text).is_empty());
        assert_eq!(tree.parent(em), None);
        tree.rewrite(em, None, Attrs::new(), "now text".into());
        assert_eq!(tree.node(em).text(), "now text");
        assert_eq!(tree.text_content(em), "now text");
    }

    #[test]
    fn tree_round_trips() {
        let e = sample();
        let tree = Tree::from_element(e.clone());
        assert_eq!(tree.into_element(), e);
    }

    #[test]
    fn tree_replace_and_text() {
        let mut tree = Tree::from_element(sample());
        let em = tree.find_all(Kind::Emphasis)[0];
        let t1 = tree.new_text("x", Span::NONE);
        let t2 = tree.new_text("y", Span::NONE);
        tree.replace(em, vec![t1, t2]);
        let p = tree.find_all(Kind::Paragraph)[0];
        assert_eq!(tree.text_content(p), "a xy");
        assert!(!tree.is_attached(em));
        assert!(tree.is_attached(t1));
    }
}
