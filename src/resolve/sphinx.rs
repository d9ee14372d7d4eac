//! (in progress)
use super::ResolveOptions;
use super::doc::Doc;
/// Sphinx passes.
pub fn apply(_doc: &mut Doc, _options: &ResolveOptions) {}
