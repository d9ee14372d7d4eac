//! (in progress)
use super::ResolveOptions;
use super::doc::Doc;
/// Expand include pending nodes.
pub fn apply(_doc: &mut Doc, _options: &ResolveOptions) {}
