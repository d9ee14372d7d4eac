//! The resolve passes: from the parse-stage tree to the finished IR
//! (placeholder: returns the tree unchanged until the passes land).

pub mod course;

use crate::read::Parsed;

/// Options of the resolve passes.
#[derive(Clone, Debug, Default)]
pub struct ResolveOptions {
    /// `--safe`: no reading outside the source root, no raw content.
    pub safe: bool,
}

/// Run the resolve passes over a parsed document.
pub fn resolve(parsed: Parsed, _options: &ResolveOptions) -> Parsed {
    parsed
}
