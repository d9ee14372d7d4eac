//! The reStructuredText reader: text in, docutils' parse-stage tree out.
//!
//! The parser follows docutils' state machine (see the spec at
//! <https://docutils.sourceforge.io/docs/ref/rst/restructuredtext.html> and
//! docutils' parser tests in `../shared/conformance/`), module by module:
//!
//! - [`lines`]: splitting, tab expansion, indented blocks;
//! - [`machine`]: the line cursor of one block;
//! - [`patterns`]: what a line starts (bullet, enumerator, field, ...);
//! - [`block`]: paragraphs, sections, transitions, literal blocks, block quotes;
//! - [`lists`]: bullet, enumerated, definition, field and option lists, line blocks;
//! - [`tables`]: grid and simple tables;
//! - [`explicit`]: footnotes, citations, targets, substitutions, comments;
//! - [`directives`]: the directive registry and docutils' standard set;
//! - [`inline`] and [`punct`]: inline markup and its recognition rules;
//! - [`roles`]: interpreted text roles;
//! - [`state`] and [`tree`]: ids, names, messages, and the node arena.
//!
//! No input makes it panic: nesting is bounded ([`block::MAX_DEPTH`]), and
//! every scan moves forward.

pub mod block;
pub mod directives;
pub mod explicit;
pub mod inline;
pub mod lines;
pub mod lists;
pub mod machine;
pub mod names;
pub mod patterns;
pub mod punct;
pub mod roles;
pub mod sphinx_roles;
pub mod state;
pub mod tables;
pub mod tree;
pub mod uri_schemes;

use std::path::{Path, PathBuf};

use crate::diag::SourceMap;
use crate::ir::{Document, Span};
use crate::read::{Parsed, ReadOptions};

use block::TitleStyle;
use lines::Line;
use state::DocState;
use tree::NodeId;

/// Lines longer than this (in characters) stop the parse with an error, as
/// docutils' default `line_length_limit` does (a guard against input made
/// to exhaust the inline scanner).
pub const LINE_LENGTH_LIMIT: usize = 10_000;

/// Include nesting deeper than this is an error (cycles are caught first).
const MAX_INCLUDE_DEPTH: usize = 16;

/// The parser: the document being built and the state shared by all
/// nested blocks (docutils' `memo`).
pub struct Parser<'a> {
    pub doc: DocState,
    pub options: &'a ReadOptions,
    /// Section title styles in order of first appearance.
    pub title_styles: Vec<TitleStyle>,
    /// The current section level (0: document).
    pub section_level: usize,
    /// Current nesting depth of block parses.
    pub depth: usize,
    pub roles: roles::RoleRegistry,
    pub directives: directives::Registry,
    /// Lines an `include` directive asks to insert after itself.
    pub pending_include: Option<Vec<Line<'a>>>,
    /// The file id of the last file read by `include`.
    pub last_included: Option<crate::diag::FileId>,
    /// Plain text nodes keep backslash escapes as NULs (for definition
    /// list terms, whose classifier split must not see escaped colons).
    pub keep_escapes: bool,
    /// A title that ended the sections below its level, for the section
    /// at its level to open.
    pub pending_title: Option<block::PendingTitle>,
}

/// Parse `text` into the parse-stage tree (what docutils' parser makes,
/// before any transform).
pub fn parse(text: &str, options: &ReadOptions) -> Parsed {
    parse_with(
        text,
        options,
        directives::Registry::standard(),
        sphinx_roles::registry(),
    )
}

/// Parse with extra directives or roles (e.g. Sphinx's) registered.
pub fn parse_with(
    text: &str,
    options: &ReadOptions,
    directives: directives::Registry,
    roles: roles::RoleRegistry,
) -> Parsed {
    let mut sources = SourceMap::new();
    let file = sources.add(
        options.path.clone().unwrap_or_default(),
        options.source_name.as_str(),
    );
    // Lessons make about one node per 6 bytes of input.
    let doc = DocState::with_capacity(
        sources,
        Span::new(file, 1, 1),
        &options.source_name,
        text.len() / 6,
    );
    let mut parser = Parser {
        doc,
        options,
        title_styles: Vec::new(),
        section_level: 0,
        depth: 0,
        roles,
        directives,
        pending_include: None,
        last_included: None,
        pending_title: None,
        keep_escapes: false,
    };
    let lines = lines::split_lines(text, file, options.tab_width.max(1));
    let root = parser.doc.root;
    if let Some(i) = lines.iter().position(|l| {
        l.text.len() > LINE_LENGTH_LIMIT && l.text.chars().count() > LINE_LENGTH_LIMIT
    }) {
        // docutils' `line_length_limit` guard: the document is not parsed
        let msg = parser.doc.message(
            crate::diag::Severity::Error,
            &format!("Line {} exceeds the line-length-limit.", i + 1),
            Span::new(file, 0, 0),
            &[],
        );
        parser.doc.tree.append(root, msg);
    } else {
        let mut m = machine::Machine::new(lines, true, Span::new(file, 1, 1));
        parser.run_body(&mut m, root);
    }
    let tree = std::mem::take(&mut parser.doc.tree);
    let element = tree.into_element(root);
    let mut diagnostics = std::mem::take(&mut parser.doc.diagnostics);
    crate::diag::sort_diagnostics(&mut diagnostics);
    Parsed {
        document: Document {
            root: element,
            sources: parser.doc.sources,
        },
        diagnostics,
    }
}

/// The pseudo-XML of a subtree (for messages that quote a node).
pub fn tree_pformat(p: &Parser<'_>, node: NodeId) -> String {
    crate::write::pseudoxml::to_pseudoxml(&p.doc.tree.to_element(node))
}

impl Parser<'_> {
    /// The folder relative paths are resolved against.
    fn base_dir(&self, span: Span) -> PathBuf {
        self.doc
            .sources
            .path(span.file)
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| {
                self.options
                    .path
                    .as_deref()
                    .and_then(Path::parent)
                    .map(Path::to_path_buf)
            })
            .unwrap_or_default()
    }

    /// Read the file an `include` directive names: as [`Self::read_relative`],
    /// and a file that is already being included (a cycle) or a chain of
    /// more than [`MAX_INCLUDE_DEPTH`] includes is refused. Includes splice
    /// lines into the current block, so nothing recurses either way.
    pub fn read_include(&mut self, path: &str, span: Span) -> Result<String, String> {
        let full = self.base_dir(span).join(path);
        let target = full.canonicalize().ok();
        let mut depth = 0usize;
        let mut current = Some(span.file);
        while let Some(file) = current {
            if target.is_some()
                && self
                    .doc
                    .sources
                    .path(file)
                    .and_then(|p| p.canonicalize().ok())
                    == target
            {
                return Err(format!("circular inclusion of \"{path}\""));
            }
            depth += 1;
            if depth > MAX_INCLUDE_DEPTH {
                return Err(format!(
                    "includes nested more than {MAX_INCLUDE_DEPTH} deep at \"{path}\""
                ));
            }
            current = self
                .doc
                .sources
                .get(file)
                .and_then(|f| f.included_from)
                .map(|(parent, _)| parent);
        }
        self.read_relative(path, span)
    }

    /// The folder reads may not leave under `--safe`: the course root, or
    /// the main document's folder.
    fn safe_root(&self) -> PathBuf {
        self.options
            .root
            .clone()
            .or_else(|| {
                self.options
                    .path
                    .as_deref()
                    .and_then(Path::parent)
                    .map(Path::to_path_buf)
            })
            .unwrap_or_default()
    }

    /// Under `--safe`, refuse `full` (the path `written` in the source)
    /// when it is absolute or leaves the root (see [`crate::read::confine`]).
    fn confine(&self, written: &str, full: &Path) -> Result<(), String> {
        if !self.options.safe {
            return Ok(());
        }
        crate::read::confine::check_inside(&self.safe_root(), written, full)
            .map_err(|refusal| refusal.to_string())
    }

    /// Under `--safe`, whether a local file a writer will read later (an
    /// image, a download) may be read: `Err` with the reason when not.
    /// URLs are not files and pass (writers never fetch them).
    pub fn check_local_file(&self, uri: &str, span: Span) -> Result<(), String> {
        if !self.options.safe || uri.is_empty() || crate::write::html::images::is_url(uri) {
            return Ok(());
        }
        let full = self.base_dir(span).join(uri);
        self.confine(uri, &full)
    }

    /// Read a file named by a directive (`include`, `raw` and `csv-table`
    /// `:file:`), relative to the including file; `--safe` refuses absolute
    /// paths and anything that leaves the root (`..`, symlinks). The file
    /// goes into the source map (the depfile lists it); invalid UTF-8 is
    /// decoded with replacement characters and reported by byte offset. The
    /// error text is docutils' wording where it has one (diagnostics show
    /// the include chain that leads to the directive).
    pub fn read_relative(&mut self, path: &str, span: Span) -> Result<String, String> {
        if crate::read::confine::is_fetchable_url(path) {
            return Err(crate::read::confine::url_refusal(path));
        }
        let full = self.base_dir(span).join(Path::new(path));
        let not_found = || format!("InputError: [Errno 2] No such file or directory: '{path}'");
        self.confine(path, &full)?;
        let bytes = crate::read::read_regular_file(&full).map_err(|e| {
            if e.kind() == std::io::ErrorKind::InvalidInput {
                format!("\"{path}\" is {e}")
            } else {
                not_found()
            }
        })?;
        if let Some(what) = crate::read::sniff_binary(&bytes) {
            return Err(format!(
                "\"{path}\" is not a text file: it looks like {what}"
            ));
        }
        let name = full.display().to_string();
        let (text, decode_problems) = crate::read::decode_input(&bytes, &name);
        let id = self
            .doc
            .sources
            .add_included(full.clone(), name, Some((span.file, span.line)));
        let chain = self.doc.sources.include_chain(id);
        self.doc.diagnostics.extend(
            decode_problems
                .into_iter()
                .map(|d| d.with_chain(chain.clone())),
        );
        self.last_included = Some(id);
        Ok(text)
    }
}
