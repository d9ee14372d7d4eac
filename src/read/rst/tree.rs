//! The parse-time node arena.
//!
//! docutils' parser mutates nodes it made earlier (a duplicate target name
//! turns the first target's `names` into `dupnames`; a problematic node and
//! its system_message point at each other by id), so while parsing, nodes
//! live in one arena and refer to each other by [`NodeId`]. The arena is
//! turned into the shared [`Element`] tree once, at the end.

use smallvec::SmallVec;

use crate::ir::{AttrValue, Attrs, Element, Kind, Node, NodeBody, Span};

/// The index of a node in the [`Tree`].
pub type NodeId = usize;

/// A node's children. Most elements have one or two (a text run in an
/// emphasis, a reference, a title), kept inline: no allocation to make,
/// free or chase when the arena becomes the IR.
pub type Children = SmallVec<[NodeId; 2]>;

/// One node: an element or a text run. 64 bytes, one cache line: turning
/// the arena into the IR reads every node once, and at a node and a half
/// per line (the old layout held text, attributes and children in every
/// node) those reads were most of that pass.
#[derive(Clone, Debug)]
pub struct TreeNode {
    pub span: Span,
    /// `Some` exactly when `body` is an element's.
    kind: Option<Kind>,
    body: Body,
}

type Body = NodeBody<Children>;

impl TreeNode {
    /// The element's kind; `None` for text.
    pub fn kind(&self) -> Option<Kind> {
        self.kind
    }

    /// The text of a text node; empty for an element.
    pub fn text(&self) -> &str {
        self.body.text()
    }

    /// The text of a text node, to change in place; `None` for an element.
    pub fn text_mut(&mut self) -> Option<&mut String> {
        self.body.text_mut()
    }
}

/// The arena of every node made while parsing one document.
#[derive(Clone, Debug, Default)]
pub struct Tree {
    nodes: Vec<TreeNode>,
    /// Handed out by `attrs_mut` and `children_mut` for a text node (a
    /// parser bug, but not one worth a panic): changes to it are lost.
    scratch_attrs: Attrs,
    scratch_children: Children,
}

impl Tree {
    /// An empty arena with room for `n` nodes (growing a large arena copies
    /// it; the parser guesses the size from the input length).
    pub fn with_capacity(n: usize) -> Tree {
        Tree {
            nodes: Vec::with_capacity(n),
            ..Tree::default()
        }
    }

    /// A new element node, not yet attached.
    pub fn element(&mut self, kind: Kind, span: Span) -> NodeId {
        self.nodes.push(TreeNode {
            span,
            kind: Some(kind),
            body: Body::Element {
                attrs: Attrs::new(),
                children: Children::new(),
            },
        });
        self.nodes.len() - 1
    }

    /// A new text node, not yet attached.
    pub fn text(&mut self, text: impl Into<String>, span: Span) -> NodeId {
        self.nodes.push(TreeNode {
            span,
            kind: None,
            body: Body::Text(text.into()),
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
        if let Some(children) = self
            .nodes
            .get_mut(parent)
            .and_then(|p| p.body.children_mut())
        {
            children.push(child);
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
        self.nodes.get(id).and_then(TreeNode::kind)
    }

    pub fn is_text(&self, id: NodeId) -> bool {
        self.nodes
            .get(id)
            .is_some_and(|n| matches!(n.body, Body::Text(_)))
    }

    pub fn attrs(&self, id: NodeId) -> &Attrs {
        self.node(id).body.attrs()
    }

    pub fn attrs_mut(&mut self, id: NodeId) -> &mut Attrs {
        let last = self.nodes.len().saturating_sub(1);
        self.nodes
            .get_mut(id.min(last))
            .and_then(|n| n.body.attrs_mut())
            .unwrap_or(&mut self.scratch_attrs)
    }

    pub fn set(&mut self, id: NodeId, key: &'static str, value: impl Into<AttrValue>) {
        self.attrs_mut(id).set(key, value);
    }

    pub fn children(&self, id: NodeId) -> &[NodeId] {
        self.node(id).body.children()
    }

    pub fn children_mut(&mut self, id: NodeId) -> &mut Children {
        let last = self.nodes.len().saturating_sub(1);
        self.nodes
            .get_mut(id.min(last))
            .and_then(|n| n.body.children_mut())
            .unwrap_or(&mut self.scratch_children)
    }

    /// Take all children away from `id`.
    pub fn take_children(&mut self, id: NodeId) -> Vec<NodeId> {
        std::mem::take(self.children_mut(id)).into_vec()
    }

    /// All text below `id` (docutils' `astext()`), iteratively.
    pub fn astext(&self, id: NodeId) -> String {
        let mut out = String::new();
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            match &self.node(n).body {
                Body::Text(text) => out.push_str(text),
                Body::Element { children, .. } => stack.extend(children.iter().rev()),
            }
        }
        out
    }

    /// Element ids below `id` (itself included), in document order.
    pub fn descendants(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            if let Body::Element { children, .. } = &self.node(n).body {
                out.push(n);
                stack.extend(children.iter().rev());
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
        let span = node.span;
        let (kind, attrs, children) = match (node.kind, &mut node.body) {
            (Some(kind), Body::Element { attrs, children }) => {
                (kind, std::mem::take(attrs), std::mem::take(children))
            }
            (_, Body::Text(text)) => return Some(Node::text(std::mem::take(text), span)),
            (None, Body::Element { .. }) => return None,
        };
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
                    match (node.kind, &node.body) {
                        (_, Body::Text(text)) => {
                            let text = Node::text(text.clone(), node.span);
                            if let Some(top) = building.last_mut() {
                                top.children.push(text);
                            }
                        }
                        (kind, Body::Element { attrs, children }) => {
                            let mut el = Element::new(kind.unwrap_or(Kind::Inline), node.span);
                            el.attrs = attrs.clone();
                            el.children.reserve(children.len());
                            building.push(el);
                            stack.push(Step::Close);
                            stack.extend(children.iter().rev().map(|&c| Step::Open(c)));
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
#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_pointer_width = "64")]
    #[test]
    fn tree_node_fills_one_cache_line() {
        assert_eq!(std::mem::size_of::<TreeNode>(), 64);
    }

    #[test]
    fn tree_text_nodes_answer_like_childless_elements() {
        let mut tree = Tree::with_capacity(4);
        let p = tree.element(Kind::Paragraph, Span::NONE);
        let t = tree.text("words", Span::NONE);
        tree.append(p, t);
        tree.append(t, p); // ignored: text has no children
        tree.attrs_mut(t).set("ids", vec!["x".to_string()]); // lost, no panic
        assert!(tree.children(t).is_empty());
        assert!(tree.attrs(t).is_empty());
        assert_eq!(tree.node(t).text(), "words");
        assert_eq!(tree.astext(p), "words");
        assert_eq!(tree.kind(t), None);
        assert_eq!(tree.kind(p), Some(Kind::Paragraph));
        let el = tree.into_element(p);
        assert_eq!(el.children.len(), 1);
        assert_eq!(el.text_content(), "words");
    }
}
