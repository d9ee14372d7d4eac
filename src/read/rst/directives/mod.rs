//! Directives (reStructuredText spec, "Directives"; docutils'
//! `parsers.rst.directives`): a registry of directive specifications and
//! the machinery that parses a directive block into arguments, options and
//! content before calling the directive's function.
//!
//! # Adding a directive
//!
//! One line in a registry table and one function. A [`DirectiveSpec`]
//! says how many arguments the directive takes, which options (each with
//! an [`OptionKind`] converter), and whether content is allowed; its
//! [`RunFn`] receives the parsed [`Directive`] and returns the nodes to
//! insert, or a [`DirectiveError`] (a system message with the directive's
//! text). For example (Sphinx directives go in a `sphinx.rs` beside this
//! file, registered the same way):
//!
//! ```ignore
//! registry.insert("centered", DirectiveSpec::new(run_centered).args(1, 0, true));
//!
//! fn run_centered<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
//!     let (nodes, messages) = p.inline_text(&d.arguments[0], d.span, d.parent);
//!     let node = p.doc.tree.element(Kind::Centered, d.span);
//!     p.doc.tree.extend(node, nodes);
//!     Ok(std::iter::once(node).chain(messages).collect())
//! }
//! ```
//!
//! Nested parsing of content: [`Parser::nested_parse`] with
//! `d.content.clone()` and the container node parses the content as body
//! elements (line numbers stay those of the source); [`Parser::inline_text`]
//! parses one string as inline markup. Nodes live in `p.doc.tree` (an
//! arena: [`crate::read::rst::tree::Tree`]); ids and names go through
//! `p.doc` (`set_id`, `note_explicit_target`) so duplicates are reported as
//! docutils does.

pub mod admonitions;
pub mod body;
pub mod images;
pub mod misc;
pub mod options;
pub mod parts;
pub mod sphinx;
pub mod standard_includes;
pub mod tables;

use std::collections::HashMap;

use crate::diag::Severity;
use crate::ir::{Kind, Span};

use super::Parser;
use super::lines::{IndentSpec, Line, get_indented, py_strip};
use super::machine::Machine;
use super::tree::NodeId;

pub use options::{OptionKind, OptionValue, Options};

/// A directive's outcome: nodes to insert, or an error message.
pub type DirectiveResult = Result<Vec<NodeId>, DirectiveError>;

/// The function that runs a directive.
pub type RunFn = for<'a, 'b> fn(&'b mut Parser<'a>, &'b mut Directive<'a>) -> DirectiveResult;

/// An error raised by a directive: becomes a system message at the
/// directive's line, followed by the directive's text.
#[derive(Clone, Debug)]
pub struct DirectiveError {
    pub level: Severity,
    pub message: String,
}

impl DirectiveError {
    pub fn error(message: impl Into<String>) -> DirectiveError {
        DirectiveError {
            level: Severity::Error,
            message: message.into(),
        }
    }
    pub fn warning(message: impl Into<String>) -> DirectiveError {
        DirectiveError {
            level: Severity::Warning,
            message: message.into(),
        }
    }
    pub fn severe(message: impl Into<String>) -> DirectiveError {
        DirectiveError {
            level: Severity::Severe,
            message: message.into(),
        }
    }
    pub fn info(message: impl Into<String>) -> DirectiveError {
        DirectiveError {
            level: Severity::Info,
            message: message.into(),
        }
    }
    /// docutils' `Problems with "NAME" directive path:` message, with why
    /// on its second line (severe where the file is the directive's input,
    /// an error for images).
    pub fn path_problem(level: Severity, directive: &str, why: &str) -> DirectiveError {
        DirectiveError {
            level,
            message: format!("Problems with \"{directive}\" directive path:\n{why}."),
        }
    }
}

/// How a directive is parsed and run.
#[derive(Clone)]
pub struct DirectiveSpec {
    pub required_arguments: usize,
    pub optional_arguments: usize,
    /// The last argument may contain spaces.
    pub final_argument_whitespace: bool,
    /// Known options and their converters (`None`: no option block).
    pub option_spec: Option<Vec<(&'static str, OptionKind)>>,
    pub has_content: bool,
    pub run: RunFn,
}

impl DirectiveSpec {
    /// No arguments, no options, no content.
    pub fn new(run: RunFn) -> DirectiveSpec {
        DirectiveSpec {
            required_arguments: 0,
            optional_arguments: 0,
            final_argument_whitespace: false,
            option_spec: None,
            has_content: false,
            run,
        }
    }
    pub fn args(mut self, required: usize, optional: usize, final_whitespace: bool) -> Self {
        self.required_arguments = required;
        self.optional_arguments = optional;
        self.final_argument_whitespace = final_whitespace;
        self
    }
    pub fn options(mut self, spec: &[(&'static str, OptionKind)]) -> Self {
        self.option_spec = Some(spec.to_vec());
        self
    }
    pub fn content(mut self) -> Self {
        self.has_content = true;
        self
    }
}

/// A directive being run: what the parser found in its block.
pub struct Directive<'a> {
    /// The directive name as written.
    pub name: String,
    pub arguments: Vec<String>,
    pub options: Options,
    pub content: Vec<Line<'a>>,
    /// The line of the directive marker.
    pub span: Span,
    /// The first content line.
    pub content_span: Span,
    /// The directive block's last line (trailing blank lines included):
    /// where docutils reports messages made without an explicit line.
    pub end_span: Span,
    /// The whole directive text (for error messages).
    pub block_text: String,
    /// The node the directive's output goes into.
    pub parent: NodeId,
    /// Inside `.. |name| directive::`, the substitution name.
    pub substitution: Option<String>,
    /// Whether the surrounding block allows section titles.
    pub match_titles: bool,
}

impl Directive<'_> {
    /// `assert_has_content`.
    pub fn require_content(&self) -> Result<(), DirectiveError> {
        if self.content.is_empty() {
            return Err(DirectiveError::error(format!(
                "Content block expected for the \"{}\" directive; none found.",
                self.name
            )));
        }
        Ok(())
    }

    /// The content joined with newlines.
    pub fn content_text(&self) -> String {
        super::block::join_lines(&self.content)
    }
}

/// The directives known to a parser, by lowercase name.
#[derive(Clone, Default)]
pub struct Registry {
    map: HashMap<String, DirectiveSpec>,
}

impl Registry {
    /// docutils' standard directives (English names and aliases).
    pub fn standard() -> Registry {
        let mut r = Registry::default();
        admonitions::register(&mut r);
        body::register(&mut r);
        images::register(&mut r);
        misc::register(&mut r);
        misc::register_meta(&mut r);
        parts::register(&mut r);
        tables::register(&mut r);
        sphinx::register(&mut r);
        r
    }

    pub fn insert(&mut self, name: &str, spec: DirectiveSpec) {
        self.map.insert(name.to_lowercase(), spec);
    }

    pub fn get(&self, name: &str) -> Option<&DirectiveSpec> {
        self.map.get(name)
    }
}

/// The result of parsing a directive block.
struct ParsedBlock<'a> {
    arguments: Vec<String>,
    options: Options,
    content: Vec<Line<'a>>,
}

/// Run the directive at `m.pos` (docutils' `run_directive`).
pub fn run_directive<'a>(
    p: &mut Parser<'a>,
    m: &mut Machine<'a>,
    parent: NodeId,
    name: &str,
    end: usize,
    spec: DirectiveSpec,
    substitution: Option<String>,
) -> bool {
    let span = m.span(m.pos);
    let start = m.pos;
    let block = get_indented(&m.lines, m.pos, IndentSpec::first_known(end).keep_top());
    m.pos += block.consumed.max(1);
    let block_text = super::block::join_lines(&m.lines[start..m.pos.min(m.lines.len())]);
    let blank_finish = block.blank_finish;
    let presets = substitution.as_ref().map(|name| {
        let mut o = Options::default();
        o.set("alt", OptionValue::Str(name.clone()));
        o
    });
    let parsed = parse_directive_block(p, block.lines, &spec, presets);
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(detail) => {
            let msg = p.doc.message_with_block(
                Severity::Error,
                &format!("Error in \"{name}\" directive:\n{detail}."),
                &block_text,
                span,
            );
            p.doc.tree.append(parent, msg);
            return blank_finish || m.is_blank(m.pos);
        }
    };
    let content_span = parsed.content.first().map_or(span, |l| l.span());
    let mut directive = Directive {
        name: name.to_string(),
        arguments: parsed.arguments,
        options: parsed.options,
        content: parsed.content,
        span,
        content_span,
        end_span: m.span(m.pos.saturating_sub(1)),
        block_text: block_text.clone(),
        parent,
        substitution,
        match_titles: m.match_titles,
    };
    let outer_report_at = p.doc.report_at.replace(directive.end_span);
    let result = (spec.run)(p, &mut directive);
    p.doc.report_at = outer_report_at;
    let nodes = match result {
        Ok(nodes) => nodes,
        Err(err) => {
            let msg = p
                .doc
                .message_with_block(err.level, &err.message, &block_text, span);
            vec![msg]
        }
    };
    p.doc.tree.extend(parent, nodes);
    // an `include` may have inserted lines to parse next
    if let Some(insert) = p.pending_include.take() {
        m.insert_at_cursor(insert);
    }
    blank_finish || m.is_blank(m.pos)
}

fn parse_directive_block<'a>(
    p: &mut Parser<'a>,
    mut indented: Vec<Line<'a>>,
    spec: &DirectiveSpec,
    presets: Option<Options>,
) -> Result<ParsedBlock<'a>, String> {
    if indented
        .first()
        .is_some_and(|l| py_strip(&l.text).is_empty())
    {
        indented.remove(0);
    }
    while indented
        .last()
        .is_some_and(|l| py_strip(&l.text).is_empty())
    {
        indented.pop();
    }
    let takes_args = spec.required_arguments + spec.optional_arguments > 0;
    let (mut arg_block, mut content, i) = if !indented.is_empty()
        && (takes_args || spec.option_spec.is_some())
    {
        let i = indented
            .iter()
            .position(|l| py_strip(&l.text).is_empty())
            .unwrap_or(indented.len());
        let arg_block: Vec<Line<'a>> = indented[..i].to_vec();
        let content: Vec<Line<'a>> = indented.get(i + 1..).map(<[_]>::to_vec).unwrap_or_default();
        (arg_block, content, i)
    } else {
        (Vec::new(), indented.clone(), 0)
    };
    let mut options = presets.unwrap_or_default();
    if let Some(option_spec) = &spec.option_spec {
        let split = arg_block
            .iter()
            .position(|l| super::patterns::match_field_marker(&l.text).is_some());
        if let Some(k) = split {
            let opt_block = arg_block.split_off(k);
            let parsed = options::parse_extension_options(p, opt_block, option_spec)?;
            for (k, v) in parsed.entries {
                options.set(&k, v);
            }
        }
    }
    if !arg_block.is_empty() && !takes_args {
        let mut c = arg_block;
        c.extend(indented.get(i..).map(<[_]>::to_vec).unwrap_or_default());
        content = c;
        arg_block = Vec::new();
    }
    while content
        .first()
        .is_some_and(|l| py_strip(&l.text).is_empty())
    {
        content.remove(0);
    }
    let arguments = if takes_args {
        parse_arguments(spec, &arg_block)?
    } else {
        Vec::new()
    };
    if !content.is_empty() && !spec.has_content {
        return Err("no content permitted".to_string());
    }
    Ok(ParsedBlock {
        arguments,
        options,
        content,
    })
}

fn parse_arguments(spec: &DirectiveSpec, arg_block: &[Line<'_>]) -> Result<Vec<String>, String> {
    let required = spec.required_arguments;
    let optional = spec.optional_arguments;
    let arg_text = super::block::join_lines(arg_block);
    let words: Vec<&str> = arg_text
        .split(super::lines::is_py_space)
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < required {
        return Err(format!(
            "{required} argument(s) required, {} supplied",
            words.len()
        ));
    }
    if words.len() > required + optional {
        if spec.final_argument_whitespace {
            // split(None, n - 1): the last argument keeps its inner spaces
            let n = required + optional;
            let mut args = Vec::new();
            let mut rest = arg_text.trim_start_matches(super::lines::is_py_space);
            while args.len() + 1 < n {
                let cut = rest.find(super::lines::is_py_space).unwrap_or(rest.len());
                args.push(rest[..cut].to_string());
                rest = rest[cut..].trim_start_matches(super::lines::is_py_space);
            }
            args.push(rest.trim_end_matches(super::lines::is_py_space).to_string());
            return Ok(args);
        }
        return Err(format!(
            "maximum {} argument(s) allowed, {} supplied",
            required + optional,
            words.len()
        ));
    }
    Ok(words.into_iter().map(str::to_string).collect())
}

impl<'a> Parser<'a> {
    /// docutils' `Directive.add_name`: the `:name:` option as a target.
    pub fn add_name(&mut self, node: NodeId, d: &Directive<'a>) {
        if let Some(name) = d.options.str("name") {
            let name = super::names::normalize(name);
            self.doc.tree.attrs_mut(node).push("names", name);
            self.doc.note_explicit_target(node, Some(node));
        }
    }

    /// Append the `:class:` option to `node`'s classes.
    pub fn add_classes(&mut self, node: NodeId, d: &Directive<'a>) {
        if let Some(classes) = d.options.list("class") {
            for c in classes {
                self.doc.tree.attrs_mut(node).push("classes", c.clone());
            }
        }
    }

    /// Parse the directive's content into `node`.
    pub fn parse_content(&mut self, node: NodeId, d: &Directive<'a>) {
        if !d.content.is_empty() {
            self.nested_parse(d.content.clone(), node, false, d.content_span);
        }
    }

    /// A node of `kind` holding `text` parsed as inline markup, plus the
    /// messages.
    pub fn inline_element(
        &mut self,
        kind: Kind,
        text: &str,
        span: Span,
        parent: NodeId,
    ) -> (NodeId, Vec<NodeId>) {
        let (nodes, messages) = self.inline_text(text, span, parent);
        let el = self.doc.tree.element(kind, span);
        self.doc.tree.extend(el, nodes);
        (el, messages)
    }
}
