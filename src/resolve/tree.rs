//! A mutable, parent-linked arena copy of the document tree, the working
//! form of the resolve passes.
//!
//! docutils' transforms walk up (`parent`), sideways (`next_node`) and
//! replace nodes in place; an arena with parent links makes those moves
//! cheap and safe in Rust. The tree is built from an [`Element`] once,
//! the passes run over it, and [`Tree::into_element`] gives the finished
//! tree back. Both conversions use explicit stacks, so a deeply nested
//! input cannot overflow the call stack.

use crate::ir::{Attrs, Element, Kind, Node, Span};

/// The index of a node in a [`Tree`].
pub type NodeId = usize;

/// One node of the arena: an element (`kind` is `Some`) or text.
#[derive(Clone, Debug)]
pub struct ArenaNode {
    pub kind: Option<Kind>,
    /// The text of a text node (empty for elements).
    pub text: String,
    pub attrs: Attrs,
    pub children: Vec<NodeId>,
    pub parent: Option<NodeId>,
    pub span: Span,
    /// docutils' `resolved` flag on references and footnotes.
    pub resolved: bool,
    /// A stand-in for a run of nodes: when the tree is exported its
    /// children take its place. Substitutions use it to replace one
    /// reference by several nodes without searching the parent's children.
    pub splice: bool,
}

/// The arena.
#[derive(Clone, Debug, Default)]
pub struct Tree {
    nodes: Vec<ArenaNode>,
    root: NodeId,
}

impl Tree {
    /// Copy an element tree into an arena.
    pub fn from_element(root: Element) -> Tree {
        // Sized once: growing an arena of a few hundred thousand nodes
        // copied it several times over.
        let mut tree = Tree {
            nodes: Vec::with_capacity(count_nodes(&root)),
            root: 0,
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
            let (kind, text, attrs, span, children) = match node {
                Node::Text(t) => (None, t.text, Attrs::new(), t.span, Vec::new()),
                Node::Element(e) => (Some(e.kind), String::new(), e.attrs, e.span, e.children),
            };
            self.nodes.push(ArenaNode {
                kind,
                text,
                attrs,
                children: Vec::with_capacity(children.len()),
                parent: node_parent,
                span,
                resolved: false,
                splice: false,
            });
            if id != top
                && let Some(p) = node_parent
            {
                self.nodes[p].children.push(id);
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
                    let text = if take {
                        std::mem::take(&mut node.text)
                    } else {
                        node.text.clone()
                    };
                    built.push(Node::text(text, node.span));
                }
                (Some(kind), Some(start)) => {
                    let children = built.split_off(start.min(built.len()));
                    if node.splice && current != id {
                        built.extend(children);
                    } else {
                        let attrs = if take {
                            std::mem::take(&mut node.attrs)
                        } else {
                            node.attrs.clone()
                        };
                        built.push(Node::Element(Element {
                            kind,
                            attrs,
                            children,
                            span: node.span,
                        }));
                    }
                }
                (Some(_), None) => {
                    stack.push((current, Some(built.len())));
                    for &child in node.children.iter().rev() {
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
        &self.nodes[id].attrs
    }

    pub fn attrs_mut(&mut self, id: NodeId) -> &mut Attrs {
        &mut self.nodes[id].attrs
    }

    pub fn children(&self, id: NodeId) -> &[NodeId] {
        &self.nodes[id].children
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
        self.nodes.push(ArenaNode {
            kind: Some(kind),
            text: String::new(),
            attrs: Attrs::new(),
            children: Vec::new(),
            parent: None,
            span,
            resolved: false,
            splice: false,
        });
        self.nodes.len() - 1
    }

    /// A new detached text node.
    pub fn new_text(&mut self, text: impl Into<String>, span: Span) -> NodeId {
        self.nodes.push(ArenaNode {
            kind: None,
            text: text.into(),
            attrs: Attrs::new(),
            children: Vec::new(),
            parent: None,
            span,
            resolved: false,
            splice: false,
        });
        self.nodes.len() - 1
    }

    /// Append `child` (detaching it from its old parent).
    pub fn append(&mut self, parent: NodeId, child: NodeId) {
        self.detach(child);
        self.nodes[child].parent = Some(parent);
        self.nodes[parent].children.push(child);
    }

    /// Insert `child` at `index` among `parent`'s children.
    pub fn insert(&mut self, parent: NodeId, index: usize, child: NodeId) {
        self.detach(child);
        self.nodes[child].parent = Some(parent);
        let len = self.nodes[parent].children.len();
        self.nodes[parent].children.insert(index.min(len), child);
    }

    /// Replace the children of `parent`; the new children are detached from
    /// wherever they were, and the old ones left detached.
    pub fn set_children(&mut self, parent: NodeId, children: Vec<NodeId>) {
        let old = std::mem::take(&mut self.nodes[parent].children);
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
        self.nodes[parent].children = children;
    }

    /// The position of `id` among its parent's children.
    pub fn index_in_parent(&self, id: NodeId) -> Option<usize> {
        let parent = self.nodes[id].parent?;
        self.nodes[parent].children.iter().position(|&c| c == id)
    }

    /// Remove `id` from its parent (it stays in the arena, unreachable).
    pub fn detach(&mut self, id: NodeId) {
        if let Some(parent) = self.nodes[id].parent.take()
            && let Some(i) = self.nodes[parent].children.iter().position(|&c| c == id)
        {
            self.nodes[parent].children.remove(i);
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
        self.nodes[parent]
            .children
            .splice(index..=index, replacements);
    }

    /// Turn element `id` into another element in place (same position):
    /// used where docutils replaces a node by a new one of another kind.
    pub fn rewrite(&mut self, id: NodeId, kind: Option<Kind>, attrs: Attrs, text: String) {
        let old = std::mem::take(&mut self.nodes[id].children);
        for c in old {
            self.nodes[c].parent = None;
        }
        let node = &mut self.nodes[id];
        node.kind = kind;
        node.attrs = attrs;
        node.text = text;
        node.splice = false;
    }

    /// Every node below `start` (included), in document order.
    pub fn preorder(&self, start: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack = vec![start];
        while let Some(id) = stack.pop() {
            out.push(id);
            for &c in self.nodes[id].children.iter().rev() {
                stack.push(c);
            }
        }
        out
    }

    /// Every element of `kind` in the document, in document order.
    pub fn find_all(&self, kind: Kind) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack = vec![self.root];
        while let Some(id) = stack.pop() {
            let node = &self.nodes[id];
            if node.kind == Some(kind) {
                out.push(id);
            }
            // Text has no children; only elements are walked into.
            stack.extend(
                node.children
                    .iter()
                    .rev()
                    .filter(|&&c| self.nodes[c].kind.is_some()),
            );
        }
        out
    }

    /// docutils' `astext()`.
    pub fn text_content(&self, id: NodeId) -> String {
        let mut out = String::new();
        if self.nodes[id].kind.is_none() {
            out.push_str(&self.nodes[id].text);
            return out;
        }
        let mut stack: Vec<NodeId> = self.nodes[id].children.iter().rev().copied().collect();
        while let Some(n) = stack.pop() {
            let node = &self.nodes[n];
            if node.kind.is_none() {
                out.push_str(&node.text);
            } else {
                stack.extend(node.children.iter().rev());
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
            stack.extend(self.nodes[n].children.iter());
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
            let children = &self.nodes[id].children;
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
            .children
            .iter()
            .copied()
            .find(|&c| self.nodes[c].kind == Some(kind))
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
