//! The parse-time node arena.
//!
//! docutils' parser mutates nodes it made earlier (a duplicate target name
//! turns the first target's `names` into `dupnames`; a problematic node and
//! its system_message point at each other by id), so while parsing, nodes
//! live in one arena and refer to each other by [`NodeId`]. The arena is
//! turned into the shared [`Element`] tree once, at the end.

use smallvec::SmallVec;

use crate::ir::{AttrValue, Attrs, Element, Kind, Node, Span};

/// The index of a node in the [`Tree`].
pub type NodeId = usize;

/// A node's children. Most elements have one or two (a text run in an
/// emphasis, a reference, a title), kept inline: no allocation to make,
/// free or chase when the arena becomes the IR.
pub type Children = SmallVec<[NodeId; 2]>;

/// One node: an element (`kind` is `Some`) or a text run (`kind` is `None`).
#[derive(Clone, Debug)]
pub struct TreeNode {
    pub kind: Option<Kind>,
    pub text: String,
    pub attrs: Attrs,
    pub children: Children,
    pub span: Span,
}

/// The arena of every node made while parsing one document.
#[derive(Clone, Debug, Default)]
pub struct Tree {
    nodes: Vec<TreeNode>,
}

impl Tree {
    /// An empty arena with room for `n` nodes (growing a large arena copies
    /// it; the parser guesses the size from the input length).
    pub fn with_capacity(n: usize) -> Tree {
        Tree {
            nodes: Vec::with_capacity(n),
        }
    }

    /// A new element node, not yet attached.
    pub fn element(&mut self, kind: Kind, span: Span) -> NodeId {
        self.nodes.push(TreeNode {
            kind: Some(kind),
            text: String::new(),
            attrs: Attrs::new(),
            children: Children::new(),
            span,
        });
        self.nodes.len() - 1
    }

    /// A new text node, not yet attached.
    pub fn text(&mut self, text: impl Into<String>, span: Span) -> NodeId {
        self.nodes.push(TreeNode {
            kind: None,
            text: text.into(),
            attrs: Attrs::new(),
            children: Children::new(),
            span,
        });
        self.nodes.len() - 1
    }

    /// A new element holding one text child (docutils' `TextElement(rawsource, text)`).
    pub fn text_element(&mut self, kind: Kind, text: &str, span: Span) -> NodeId {
        let el = self.element(kind, span);
        if !text.is_empty() {
            let t = self.text(text, span);
            self.append(el, t);
        }
        el
    }

    pub fn append(&mut self, parent: NodeId, child: NodeId) {
        if let Some(p) = self.nodes.get_mut(parent) {
            p.children.push(child);
        }
    }

    pub fn extend(&mut self, parent: NodeId, children: impl IntoIterator<Item = NodeId>) {
        for c in children {
            self.append(parent, c);
        }
    }

    pub fn node(&self, id: NodeId) -> &TreeNode {
        &self.nodes[id.min(self.nodes.len().saturating_sub(1))]
    }

    pub fn node_mut(&mut self, id: NodeId) -> &mut TreeNode {
        let last = self.nodes.len().saturating_sub(1);
        &mut self.nodes[id.min(last)]
    }

    pub fn kind(&self, id: NodeId) -> Option<Kind> {
        self.nodes.get(id).and_then(|n| n.kind)
    }

    pub fn is_text(&self, id: NodeId) -> bool {
        self.nodes.get(id).is_some_and(|n| n.kind.is_none())
    }

    pub fn attrs(&self, id: NodeId) -> &Attrs {
        &self.node(id).attrs
    }

    pub fn attrs_mut(&mut self, id: NodeId) -> &mut Attrs {
        &mut self.node_mut(id).attrs
    }

    pub fn set(&mut self, id: NodeId, key: &'static str, value: impl Into<AttrValue>) {
        self.attrs_mut(id).set(key, value);
    }

    pub fn children(&self, id: NodeId) -> &[NodeId] {
        &self.node(id).children
    }

    pub fn children_mut(&mut self, id: NodeId) -> &mut Children {
        &mut self.node_mut(id).children
    }

    /// Take all children away from `id`.
    pub fn take_children(&mut self, id: NodeId) -> Vec<NodeId> {
        std::mem::take(&mut self.node_mut(id).children).into_vec()
    }

    /// All text below `id` (docutils' `astext()`), iteratively.
    pub fn astext(&self, id: NodeId) -> String {
        let mut out = String::new();
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            let node = self.node(n);
            if node.kind.is_none() {
                out.push_str(&node.text);
            } else {
                stack.extend(node.children.iter().rev());
            }
        }
        out
    }

    /// Element ids below `id` (itself included), in document order.
    pub fn descendants(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            let node = self.node(n);
            if node.kind.is_some() {
                out.push(n);
                stack.extend(node.children.iter().rev());
            }
        }
        out
    }

    /// Turn the subtree at `id` into the shared IR, moving text, attributes
    /// and children out of the arena instead of copying them (the parse's
    /// final step; the arena is used up).
    pub fn into_element(mut self, id: NodeId) -> Element {
        match self.take_node(id, 0) {
            Some(Node::Element(el)) => el,
            _ => Element::new(Kind::Document, Span::NONE),
        }
    }

    /// One node of [`Tree::into_element`]. Recursive: the parser bounds
    /// nesting ([`super::block::MAX_DEPTH`] blocks, each a few nodes deep),
    /// far below what the stack holds; the guard only makes that explicit.
    fn take_node(&mut self, id: NodeId, depth: usize) -> Option<Node> {
        const MAX_TREE_DEPTH: usize = 4096;
        let node = self.nodes.get_mut(id)?;
        let Some(kind) = node.kind else {
            return Some(Node::text(std::mem::take(&mut node.text), node.span));
        };
        let span = node.span;
        let attrs = std::mem::take(&mut node.attrs);
        let children = std::mem::take(&mut node.children);
        let mut el = Element::new(kind, span);
        el.attrs = attrs;
        if depth < MAX_TREE_DEPTH {
            el.children.reserve_exact(children.len());
            for c in children {
                if let Some(child) = self.take_node(c, depth + 1) {
                    el.children.push(child);
                }
            }
        }
        Some(Node::Element(el))
    }

    /// Convert the subtree at `id` into the shared IR (iteratively, so deep
    /// trees cannot overflow the stack).
    pub fn to_element(&self, id: NodeId) -> Element {
        enum Step {
            Open(NodeId),
            Close,
        }
        let mut stack = vec![Step::Open(id)];
        let mut building: Vec<Element> = Vec::new();
        while let Some(step) = stack.pop() {
            match step {
                Step::Open(n) => {
                    let node = self.node(n);
                    match node.kind {
                        None => {
                            let text = Node::text(node.text.clone(), node.span);
                            if let Some(top) = building.last_mut() {
                                top.children.push(text);
                            }
                        }
                        Some(kind) => {
                            let mut el = Element::new(kind, node.span);
                            el.attrs = node.attrs.clone();
                            el.children.reserve(node.children.len());
                            building.push(el);
                            stack.push(Step::Close);
                            stack.extend(node.children.iter().rev().map(|&c| Step::Open(c)));
                        }
                    }
                }
                Step::Close => {
                    if building.len() > 1
                        && let Some(done) = building.pop()
                        && let Some(top) = building.last_mut()
                    {
                        top.children.push(Node::Element(done));
                    }
                }
            }
        }
        building
            .pop()
            .unwrap_or_else(|| Element::new(Kind::Document, Span::NONE))
    }
}
