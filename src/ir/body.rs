//! The payload of a node in the two working arenas, the parser's
//! (`read::rst::tree`) and the resolve passes' (`resolve::tree`): a text
//! run or an element's attributes and children, never both, which keeps
//! an arena node to a cache line or so. `C` is the arena's child list.

use super::Attrs;

/// What text nodes answer when asked for attributes.
pub static NO_ATTRS: Attrs = Attrs::new();

#[derive(Clone, Debug)]
pub enum NodeBody<C> {
    Text(String),
    Element { attrs: Attrs, children: C },
}

impl<C: AsRef<[usize]>> NodeBody<C> {
    /// The text of a text node; empty for an element.
    pub fn text(&self) -> &str {
        match self {
            NodeBody::Text(text) => text,
            NodeBody::Element { .. } => "",
        }
    }

    /// The text of a text node, to change in place; `None` for an element.
    pub fn text_mut(&mut self) -> Option<&mut String> {
        match self {
            NodeBody::Text(text) => Some(text),
            NodeBody::Element { .. } => None,
        }
    }

    /// An element's attributes; none for text.
    pub fn attrs(&self) -> &Attrs {
        match self {
            NodeBody::Element { attrs, .. } => attrs,
            NodeBody::Text(_) => &NO_ATTRS,
        }
    }

    /// An element's attributes, to change; `None` for text.
    pub fn attrs_mut(&mut self) -> Option<&mut Attrs> {
        match self {
            NodeBody::Element { attrs, .. } => Some(attrs),
            NodeBody::Text(_) => None,
        }
    }

    /// An element's children; none for text.
    pub fn children(&self) -> &[usize] {
        match self {
            NodeBody::Element { children, .. } => children.as_ref(),
            NodeBody::Text(_) => &[],
        }
    }

    /// An element's child list, to change; `None` for text.
    pub fn children_mut(&mut self) -> Option<&mut C> {
        match self {
            NodeBody::Element { children, .. } => Some(children),
            NodeBody::Text(_) => None,
        }
    }
}
