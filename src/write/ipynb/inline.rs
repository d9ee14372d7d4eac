//! Inline content: IR inline nodes to Markdown (or, where Markdown is not
//! parsed, such as a table caption or an admonition title inside an HTML
//! block, to HTML), with the escaping that keeps text text.
//!
//! Escaping follows CommonMark 0.31 ("Backslash escapes", "Emphasis",
//! "Links") plus what Jupyter's renderers add: `$` starts math (JupyterLab
//! and the classic Notebook extract `$...$` before Markdown runs), `~`
//! strikes through and `|` splits table cells (GFM, marked).

use crate::ir::{Element, Kind, Node};
use crate::write::byte_set::byte_set;

use super::markdown::MarkdownWriter;

/// How inline content is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InlineMode {
    /// HTML instead of Markdown (inside HTML blocks).
    pub html: bool,
    /// Line breaks become spaces (headings, table cells).
    pub single_line: bool,
    /// Inside a Markdown table: `|` is escaped even in code spans.
    pub table: bool,
    /// Inside an ATX heading: `#` is escaped everywhere.
    pub heading: bool,
}

impl InlineMode {
    /// Markdown text that may span lines (paragraphs).
    pub const MARKDOWN: InlineMode = InlineMode {
        html: false,
        single_line: false,
        table: false,
        heading: false,
    };
    /// HTML on one line (inside HTML blocks).
    pub const HTML: InlineMode = InlineMode {
        html: true,
        single_line: true,
        table: false,
        heading: false,
    };
    /// Markdown on one line (labels, list entries).
    pub const LINE: InlineMode = InlineMode {
        html: false,
        single_line: true,
        table: false,
        heading: false,
    };
}

/// `&`, `<`, `>` and `"` as HTML character references; `$` too, so math
/// renderers leave it alone.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    html_escape_into(&mut out, text, false);
    out
}

/// [`html_escape`] appending to `out`; with `single_line`, line ends
/// become spaces.
fn html_escape_into(out: &mut String, text: &str, single_line: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '$' => out.push_str("&#36;"),
            '\n' | '\r' if single_line => out.push(' '),
            c => out.push(c),
        }
    }
}

/// A code span whose fence is longer than any run of backticks inside
/// (CommonMark "Code spans"), padded when the code starts or ends with a
/// backtick or a space.
pub fn code_span(code: &str, in_table: bool) -> String {
    let code = code.replace(['\n', '\r'], " ");
    let code = if in_table {
        code.replace('|', "\\|")
    } else {
        code
    };
    if code.is_empty() {
        return String::new();
    }
    let longest = longest_run(&code, '`');
    let fence = "`".repeat(longest + 1);
    let pad = code.starts_with('`')
        || code.ends_with('`')
        || (code.starts_with(' ') && code.ends_with(' ') && !code.trim().is_empty());
    if pad {
        format!("{fence} {code} {fence}")
    } else {
        format!("{fence}{code}{fence}")
    }
}

/// The longest run of `c` in `text`.
pub fn longest_run(text: &str, c: char) -> usize {
    let mut longest = 0;
    let mut current = 0;
    for ch in text.chars() {
        if ch == c {
            current += 1;
            longest = longest.max(current);
        } else {
            current = 0;
        }
    }
    longest
}

/// A link destination CommonMark accepts as is: spaces, parentheses and
/// angle brackets percent-encoded, and an `&` that would start an entity
/// reference too: CommonMark decodes entities in link destinations (spec
/// 0.31, §6.2 "Entity and numeric character references"), so
/// `&#106;avascript:` would otherwise reach the page as `javascript:`.
pub fn link_destination(url: &str) -> String {
    // Most destinations (every `#id` and plain URL) have none of these.
    if !url.bytes().any(|b| DESTINATION_SPECIAL[usize::from(b)]) {
        return url.to_string();
    }
    let mut out = String::with_capacity(url.len());
    for (i, c) in url.char_indices() {
        match c {
            '&' if starts_entity_reference(url.get(i + 1..).unwrap_or("")) => out.push_str("%26"),
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\n' | '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// The bytes [`link_destination`] may change.
const DESTINATION_SPECIAL: [bool; 256] = crate::write::byte_set::byte_set(b"& ()<>\n\r");

/// Whether the text after an `&` reads as an entity or numeric character
/// reference (`#106;`, `#x6A;`, `colon;`): alphanumerics or `#` then `;`.
fn starts_entity_reference(after_ampersand: &str) -> bool {
    let body: &str = after_ampersand.split(';').next().unwrap_or("");
    body.len() < after_ampersand.len()
        && !body.is_empty()
        && body
            .chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_alphanumeric() || (i == 0 && c == '#'))
}

/// Whether Markdown text has an unescaped `c`.
fn has_unescaped(text: &str, c: char) -> bool {
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        if ch == '\\' {
            chars.next();
        } else if ch == c {
            return true;
        }
    }
    false
}

/// Already-rendered Markdown wrapped in `open`/`close` delimiters, or in
/// the HTML element when the text has emphasis of its own or spaces at its
/// edges (where CommonMark would not see the delimiters). Empty text
/// stays empty: `****` alone would be a thematic break.
fn wrap_label(text: &str, delimiter: &str, tag: &str) -> String {
    if text.trim().is_empty() {
        return String::new();
    }
    let edges = text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace);
    if edges || has_unescaped(text, '*') || has_unescaped(text, '_') {
        format!("<{tag}>{text}</{tag}>")
    } else {
        format!("{delimiter}{text}{delimiter}")
    }
}

/// A bold label (a caption, a field name) that starts a line or follows
/// an anchor.
pub fn strong(text: &str) -> String {
    wrap_label(text, "**", "strong")
}

/// An italic label (a caption, a subtitle) that starts a line.
pub fn emphasized(text: &str) -> String {
    wrap_label(text, "*", "em")
}

/// Roles whose content is code (Sphinx's Python domain, `:kbd:`, ...).
const CODE_ROLES: &[&str] = &[
    "func", "meth", "class", "mod", "attr", "data", "exc", "obj", "const", "py:func", "py:meth",
    "py:class", "py:mod", "py:attr", "py:data", "py:exc", "py:obj", "kbd", "code", "literal",
    "file", "samp", "command", "program", "envvar", "option",
];

/// The readable text inside the raw markup of a `problematic` node, and
/// whether it is code: `:func:`x`` gives `x` (code), `:ref:`text <t>``
/// gives `text`, `` `x`_ `` and `|x|` give `x`.
pub fn problematic_text(raw: &str) -> (&str, bool) {
    let raw = raw.trim();
    // :role:`content`
    if let Some(rest) = raw.strip_prefix(':')
        && let Some((role, content)) = rest.split_once(":`")
        && let Some(content) = content.strip_suffix('`')
        && !role.contains(char::is_whitespace)
    {
        return (role_content(content), CODE_ROLES.contains(&role));
    }
    // `content`:role:
    if let Some(rest) = raw.strip_prefix('`')
        && let Some((content, role)) = rest.split_once("`:")
        && let Some(role) = role.strip_suffix(':')
        && !role.contains(char::is_whitespace)
    {
        return (role_content(content), CODE_ROLES.contains(&role));
    }
    // `reference`_ / `reference`__ / `title`
    let unquoted = raw.trim_end_matches('_');
    if let Some(content) = unquoted.strip_prefix('`').and_then(|r| r.strip_suffix('`')) {
        return (role_content(content), false);
    }
    // |substitution|, |reference|_
    if let Some(content) = unquoted.strip_prefix('|').and_then(|r| r.strip_suffix('|')) {
        return (content, false);
    }
    // name_ (a reference whose target is missing)
    if unquoted.len() < raw.len() && !unquoted.is_empty() && !unquoted.contains(char::is_whitespace)
    {
        return (unquoted, false);
    }
    (raw, false)
}

/// The shown part of a role's content: `text <target>` shows `text`;
/// `~a.b.c` shows `c`; `!x` shows `x`.
fn role_content(content: &str) -> &str {
    let content = content.trim();
    if content.ends_with('>')
        && let Some(open) = content.rfind(" <")
    {
        return content[..open].trim_end();
    }
    if let Some(path) = content.strip_prefix('~') {
        return path.rsplit('.').next().unwrap_or(path);
    }
    content.strip_prefix('!').unwrap_or(content)
}

fn is_punctuation_or_space(c: char) -> bool {
    c.is_whitespace() || c.is_ascii_punctuation() || (!c.is_alphanumeric() && !c.is_whitespace())
}

/// Append `text` to `out`, escaped for `mode`. `at_line_start` says
/// whether the next character begins a line, and is kept up to date.
pub fn escape_into(out: &mut String, text: &str, mode: InlineMode, at_line_start: &mut bool) {
    // Room for the text at once (the string is often new and would grow
    // a few times).
    out.reserve(text.len());
    if mode.html {
        html_escape_into(out, text, mode.single_line);
        if !text.is_empty() {
            *at_line_start = false;
        }
        return;
    }
    let mut chars = text.chars();
    loop {
        // Past a line start, a run of characters Markdown gives no meaning
        // to is copied whole (every special one is ASCII, so the run ends
        // on a character boundary).
        if !*at_line_start {
            let rest = chars.as_str();
            let plain = rest
                .bytes()
                .position(is_markdown_special)
                .unwrap_or(rest.len());
            if plain > 0 {
                out.push_str(rest.get(..plain).unwrap_or(""));
                chars = rest.get(plain..).unwrap_or("").chars();
            }
        }
        let Some(c) = chars.next() else { break };
        if c == '\n' || c == '\r' {
            if c == '\r' && chars.clone().next() == Some('\n') {
                continue;
            }
            if mode.single_line {
                if !out.ends_with(' ') && !out.is_empty() {
                    out.push(' ');
                }
            } else {
                // Trailing spaces would make a hard line break.
                while out.ends_with(' ') || out.ends_with('\t') {
                    out.pop();
                }
                out.push('\n');
                *at_line_start = true;
            }
            continue;
        }
        if *at_line_start && (c == ' ' || c == '\t') {
            continue;
        }
        // Table cells and headings hold inline content only: nothing there
        // can start a block.
        if *at_line_start && (mode.table || mode.heading) {
            *at_line_start = false;
        }
        if *at_line_start {
            *at_line_start = false;
            // Block starters at the start of a line (CommonMark 4.x,
            // 5.x): headings, quotes, list markers, setext underlines.
            match c {
                '#' | '>' | '-' | '+' | '=' => {
                    out.push('\\');
                    out.push(c);
                    continue;
                }
                '0'..='9' => {
                    out.push(c);
                    let mut digits = 1;
                    while let Some(d) = chars.clone().next() {
                        if d.is_ascii_digit() && digits < 10 {
                            out.push(d);
                            chars.next();
                            digits += 1;
                        } else {
                            break;
                        }
                    }
                    if let Some(marker) = chars.clone().next()
                        && (marker == '.' || marker == ')')
                    {
                        out.push('\\');
                        out.push(marker);
                        chars.next();
                    }
                    continue;
                }
                _ => {}
            }
        }
        match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '$' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '#' if mode.heading => out.push_str("\\#"),
            '_' => {
                // Intraword underscores never make emphasis (CommonMark
                // 6.2, rule 2); elsewhere they might.
                let before = out.chars().next_back().is_some_and(char::is_alphanumeric);
                let after = chars.clone().next().is_some_and(char::is_alphanumeric);
                if !(before && after) {
                    out.push('\\');
                }
                out.push('_');
            }
            '&' => {
                // Only `&name;` / `&#n;` would be read as an entity.
                if chars
                    .clone()
                    .next()
                    .is_some_and(|n| n.is_alphanumeric() || n == '#')
                {
                    out.push('\\');
                }
                out.push('&');
            }
            c => out.push(c),
        }
    }
}

/// Bytes that may mean something to Markdown somewhere in a line (line
/// ends, escapes, emphasis, code, links, HTML, maths, tables, entities,
/// headings): [`escape_into`] looks at these one by one.
fn is_markdown_special(b: u8) -> bool {
    MARKDOWN_SPECIAL[usize::from(b)]
}

/// [`is_markdown_special`] as a table: one lookup per byte of text.
static MARKDOWN_SPECIAL: [bool; 256] = byte_set(b"\n\r\\`*[]<$|~#_&");

/// Plain text escaped as Markdown on one line, not at a line start.
pub fn escape_line(text: &str) -> String {
    let mut out = String::new();
    escape_into(&mut out, text, InlineMode::LINE, &mut false);
    out
}

impl MarkdownWriter<'_> {
    /// Inline children as Markdown (or HTML) in `mode`, as a new string
    /// that starts at the beginning of a line.
    pub fn inline(&mut self, nodes: &[Node], mode: InlineMode) -> String {
        let saved = self.at_line_start;
        self.at_line_start = true;
        let mut out = String::new();
        self.inline_into(&mut out, nodes, mode);
        self.at_line_start = saved;
        out.trim_end().to_string()
    }

    /// One inline element on its own, starting a line.
    pub fn inline_element_alone(&mut self, e: &Element, mode: InlineMode) -> String {
        let saved = self.at_line_start;
        self.at_line_start = true;
        let mut out = String::new();
        self.inline_element(&mut out, e, mode);
        self.at_line_start = saved;
        out.trim_end().to_string()
    }

    /// Inline content that follows other text on its line (no line-start
    /// escaping for its first character).
    fn inline_continued(&mut self, nodes: &[Node], mode: InlineMode) -> String {
        let mut out = String::new();
        self.at_line_start = false;
        self.inline_into(&mut out, nodes, mode);
        out
    }

    /// Append inline nodes to `out`, continuing the current line state.
    pub(super) fn inline_into(&mut self, out: &mut String, nodes: &[Node], mode: InlineMode) {
        for node in nodes {
            match node {
                Node::Text(t) => self.push_text(out, &t.text, mode),
                Node::Element(e) => self.inline_element(out, e, mode),
            }
        }
    }

    /// Text, escaped for `mode`.
    pub(super) fn push_text(&mut self, out: &mut String, text: &str, mode: InlineMode) {
        escape_into(out, text, mode, &mut self.at_line_start);
    }

    /// Emphasis-like markup: `*x*` when CommonMark will read it as such,
    /// else the HTML element (which always works). Spaces at the edges of
    /// the content go outside the markup.
    fn delimited(
        &mut self,
        out: &mut String,
        e: &Element,
        delimiter: &str,
        tag: &str,
        mode: InlineMode,
    ) {
        let content = self.inline_continued(&e.children, mode);
        let core = content.trim();
        if core.is_empty() {
            out.push_str(&content);
            return;
        }
        let leading = &content[..content.len() - content.trim_start().len()];
        let trailing = &content[content.trim_end().len()..];
        out.push_str(leading);
        let first = core.chars().next().unwrap_or(' ');
        let last = core.chars().next_back().unwrap_or(' ');
        let before = out.chars().next_back();
        // Left- and right-flanking rules (CommonMark 6.2): punctuation just
        // inside a delimiter needs space or punctuation just outside it.
        let risky = (is_punctuation_or_space(first) && before.is_some_and(char::is_alphanumeric))
            || (is_punctuation_or_space(last) && trailing.is_empty());
        if mode.html || risky {
            out.push_str(&format!("<{tag}>{core}</{tag}>"));
        } else {
            out.push_str(delimiter);
            out.push_str(core);
            out.push_str(delimiter);
        }
        out.push_str(trailing);
        self.at_line_start = false;
    }

    fn wrap_html(
        &mut self,
        out: &mut String,
        e: &Element,
        open: &str,
        close: &str,
        mode: InlineMode,
    ) {
        let content = self.inline_continued(&e.children, mode);
        out.push_str(open);
        out.push_str(&content);
        out.push_str(close);
        self.at_line_start = false;
    }

    fn push_raw(&mut self, out: &mut String, text: &str) {
        out.push_str(text);
        if !text.is_empty() {
            self.at_line_start = false;
        }
    }

    fn code(&mut self, out: &mut String, code: &str, mode: InlineMode) {
        if mode.html {
            let code = format!("<code>{}</code>", html_escape(&code.replace('\n', " ")));
            self.push_raw(out, &code);
        } else {
            let span = code_span(code, mode.table);
            self.push_raw(out, &span);
        }
    }

    /// A link around already-rendered `text`.
    fn link(&mut self, out: &mut String, text: &str, href: &str, mode: InlineMode) {
        out.reserve(text.len() + href.len() + 16);
        if mode.html {
            out.push_str("<a href=\"");
            html_escape_into(out, href, false);
            out.push_str("\">");
            out.push_str(text);
            out.push_str("</a>");
        } else {
            out.push('[');
            out.push_str(text);
            out.push_str("](");
            out.push_str(&link_destination(href));
            out.push(')');
        }
        // Never empty: the line has started.
        self.at_line_start = false;
    }

    /// Empty anchors for `ids`, so `#id` links land here.
    pub fn anchors(ids: &[String]) -> String {
        let mut out = String::new();
        for id in ids {
            out.push_str("<a id=\"");
            html_escape_into(&mut out, id, false);
            out.push_str("\"></a>");
        }
        out
    }

    fn inline_element(&mut self, out: &mut String, e: &Element, mode: InlineMode) {
        match e.kind {
            Kind::Emphasis | Kind::TitleReference => self.delimited(out, e, "*", "em", mode),
            Kind::Strong => self.delimited(out, e, "**", "strong", mode),
            Kind::LiteralStrong => {
                let code = e.text_content();
                let mut inner = String::new();
                self.code(&mut inner, &code, mode);
                let text = if mode.html {
                    format!("<strong>{inner}</strong>")
                } else {
                    format!("**{inner}**")
                };
                self.push_raw(out, &text);
            }
            Kind::Literal => {
                if e.has_class("kbd") {
                    let text = format!("<kbd>{}</kbd>", html_escape(&e.text_content()));
                    self.push_raw(out, &text);
                } else {
                    self.code(out, &e.text_content(), mode);
                }
            }
            Kind::Math => {
                let latex = e.text_content().replace(['\n', '\r'], " ");
                let latex = latex.trim();
                if !latex.is_empty() {
                    self.push_raw(out, &format!("${latex}$"));
                }
            }
            Kind::Reference => self.reference(out, e, mode),
            Kind::DownloadReference => {
                let text = self.inline_continued(&e.children, mode);
                match e.attrs.str("reftarget") {
                    Some(target) => self.link(out, &text, target, mode),
                    None => self.push_raw(out, &text),
                }
            }
            Kind::FootnoteReference | Kind::CitationReference => {
                let label = self.inline_continued(&e.children, mode);
                // Before numbering (a parse-stage tree) a mark has no label.
                let label = if label.is_empty() {
                    let mut name = String::new();
                    let refname = e.attrs.str("refname").unwrap_or("#");
                    self.push_text(&mut name, refname, InlineMode::LINE);
                    name
                } else {
                    label
                };
                let label = if e.kind == Kind::CitationReference {
                    if mode.html {
                        format!("[{label}]")
                    } else {
                        format!("\\[{label}\\]")
                    }
                } else {
                    label
                };
                let id = e
                    .ids()
                    .first()
                    .map(|id| format!(" id=\"{}\"", html_escape(id)))
                    .unwrap_or_default();
                let mut link = String::new();
                match e.attrs.str("refid") {
                    Some(refid) => self.link(&mut link, &label, &["#", refid].concat(), mode),
                    None => link.push_str(&label),
                }
                // Footnote marks are superscripts; citations read inline,
                // in brackets, as docutils and Sphinx show them.
                let text = if e.kind == Kind::FootnoteReference {
                    format!("<sup{id}>{link}</sup>")
                } else {
                    format!("{}{link}", Self::anchors(e.ids()))
                };
                self.push_raw(out, &text);
            }
            Kind::Superscript => self.wrap_html(out, e, "<sup>", "</sup>", mode),
            Kind::Subscript => self.wrap_html(out, e, "<sub>", "</sub>", mode),
            Kind::Abbreviation | Kind::Acronym => match e.attrs.str("explanation") {
                Some(explanation) => {
                    let tag = if e.kind == Kind::Abbreviation {
                        "abbr"
                    } else {
                        "acronym"
                    };
                    let open = format!("<{tag} title=\"{}\">", html_escape(explanation));
                    self.wrap_html(out, e, &open, &format!("</{tag}>"), mode);
                }
                None => self.inline_into(out, &e.children, mode),
            },
            Kind::Inline => {
                let anchors = Self::anchors(e.ids());
                self.push_raw(out, &anchors);
                // Roles named after HTML's `b`, `i`, `dfn`, `var` (docutils'
                // `<html-roles.txt>`) look as those elements do.
                if e.has_class("guilabel") || e.has_class("menuselection") || e.has_class("b") {
                    self.delimited(out, e, "**", "strong", mode);
                } else if ["versionmodified", "i", "dfn", "var"]
                    .iter()
                    .any(|c| e.has_class(c))
                {
                    self.delimited(out, e, "*", "em", mode);
                } else {
                    self.inline_into(out, &e.children, mode);
                }
            }
            Kind::Target => {
                let anchors = Self::anchors(e.ids());
                self.push_raw(out, &anchors);
                self.inline_into(out, &e.children, mode);
            }
            Kind::Generated => {
                // Section numbers end in no-break spaces; one space reads better.
                let text = e.text_content();
                let text = text.trim_end_matches(|c: char| c.is_whitespace());
                self.push_text(out, text, mode);
                out.push(' ');
            }
            Kind::Image => {
                let image = self.image(e, mode.html);
                self.push_raw(out, &image);
            }
            Kind::Problematic => {
                // The raw markup of something that failed (an unknown role,
                // an unresolved reference) is reported by the parser; the
                // reader gets its text, not RST syntax.
                let raw = e.text_content();
                let (text, as_code) = problematic_text(&raw);
                if as_code {
                    self.code(out, text, mode);
                } else {
                    self.push_text(out, text, mode);
                }
            }
            Kind::SubstitutionReference
            | Kind::PendingXref
            | Kind::Label
            | Kind::Term
            | Kind::Classifier
            | Kind::FieldName
            | Kind::OptionString
            | Kind::OptionArgument
            | Kind::Caption
            | Kind::Title
            | Kind::Subtitle
            | Kind::Rubric
            | Kind::Paragraph
            | Kind::Line
            | Kind::Attribution
            | Kind::Author
            | Kind::Organization
            | Kind::Address
            | Kind::Contact
            | Kind::Version
            | Kind::Revision
            | Kind::Status
            | Kind::Date
            | Kind::Copyright
            | Kind::Centered => self.inline_into(out, &e.children, mode),
            // Never inline in a resolved tree; if one turns up, its text is
            // kept rather than lost.
            Kind::LiteralBlock | Kind::DoctestBlock | Kind::MathBlock | Kind::Raw => {
                self.code(out, &e.text_content(), mode)
            }
            Kind::Comment
            | Kind::SubstitutionDefinition
            | Kind::Pending
            | Kind::Meta
            | Kind::SystemMessage
            | Kind::Index
            | Kind::Toctree
            | Kind::Colspec => {}
            Kind::Document
            | Kind::Section
            | Kind::Topic
            | Kind::Sidebar
            | Kind::Transition
            | Kind::Decoration
            | Kind::Header
            | Kind::Footer
            | Kind::Docinfo
            | Kind::Authors
            | Kind::LineBlock
            | Kind::BlockQuote
            | Kind::Compound
            | Kind::Container
            | Kind::BulletList
            | Kind::EnumeratedList
            | Kind::ListItem
            | Kind::DefinitionList
            | Kind::DefinitionListItem
            | Kind::Definition
            | Kind::FieldList
            | Kind::Field
            | Kind::FieldBody
            | Kind::OptionList
            | Kind::OptionListItem
            | Kind::OptionGroup
            | Kind::OptionNode
            | Kind::Description
            | Kind::Attention
            | Kind::Caution
            | Kind::Danger
            | Kind::Error
            | Kind::Hint
            | Kind::Important
            | Kind::Note
            | Kind::Tip
            | Kind::Warning
            | Kind::Admonition
            | Kind::Footnote
            | Kind::Citation
            | Kind::Figure
            | Kind::Legend
            | Kind::Table
            | Kind::Tgroup
            | Kind::Thead
            | Kind::Tbody
            | Kind::Row
            | Kind::Entry
            | Kind::VersionModified
            | Kind::Seealso
            | Kind::Glossary
            | Kind::Hlist
            | Kind::Hlistcol
            | Kind::Only => {
                let text = e.text_content();
                self.push_text(
                    out,
                    &text,
                    InlineMode {
                        single_line: true,
                        ..mode
                    },
                );
            }
        }
    }

    /// A reference: external (`refuri`), inside this notebook (`refid`),
    /// or to another notebook of the course (`refdoc`, with `refid`).
    fn reference(&mut self, out: &mut String, e: &Element, mode: InlineMode) {
        let text = self.inline_continued(&e.children, mode);
        let href = if let Some(refdoc) = e.attrs.str("refdoc") {
            Some(self.doc_href(refdoc, e.attrs.str("refid")))
        } else if let Some(refid) = e.attrs.str("refid") {
            Some(["#", refid].concat())
        } else {
            e.attrs.str("refuri").map(str::to_string)
        };
        // Script links are dropped in every mode (`write::active_url`).
        let href = href.filter(|h| !crate::write::active_url::is_active_url(h));
        match href {
            Some(href) => {
                let text = if text.trim().is_empty() {
                    let mut t = String::new();
                    self.push_text(&mut t, &href, InlineMode::LINE);
                    t
                } else {
                    text
                };
                self.link(out, &text, &href, mode);
            }
            None => self.push_raw(out, &text),
        }
    }

    /// The address of notebook `refdoc` (a course doc name) from this one,
    /// with `#refid` when given.
    pub fn doc_href(&self, refdoc: &str, refid: Option<&str>) -> String {
        let mut href = relative_doc_path(&self.docname, refdoc);
        href.push_str(".ipynb");
        if let Some(id) = refid {
            href.push('#');
            href.push_str(id);
        }
        href
    }
}

/// The path of doc `to` relative to the folder of doc `from` (both
/// `/`-separated doc names, without extension).
pub fn relative_doc_path(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = {
        let mut parts: Vec<&str> = from.split('/').collect();
        parts.pop();
        parts
    };
    let to_parts: Vec<&str> = to.split('/').collect();
    let to_dirs = to_parts.len().saturating_sub(1);
    let common = from_dirs
        .iter()
        .zip(to_parts.iter().take(to_dirs))
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; from_dirs.len() - common];
    parts.extend(to_parts.iter().skip(common));
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipynb_code_span_fences_longer_than_content() {
        assert_eq!(code_span("x = 1", false), "`x = 1`");
        assert_eq!(code_span("a `b` c", false), "``a `b` c``");
        assert_eq!(code_span("`", false), "`` ` ``");
        assert_eq!(code_span("a|b", true), "`a\\|b`");
    }

    #[test]
    fn ipynb_problematic_markup_shows_its_text() {
        assert_eq!(
            problematic_text(":func:`numba.prange`"),
            ("numba.prange", true)
        );
        assert_eq!(
            problematic_text(":ref:`the kernel <first-kernel>`"),
            ("the kernel", false)
        );
        assert_eq!(problematic_text(":doc:`index`"), ("index", false));
        assert_eq!(problematic_text("`x`:kbd:"), ("x", true));
        assert_eq!(problematic_text("`Python`_"), ("Python", false));
        assert_eq!(problematic_text("|NumPy|"), ("NumPy", false));
        assert_eq!(problematic_text("missing_"), ("missing", false));
        assert_eq!(problematic_text(":class:`~a.b.C`"), ("C", true));
        assert_eq!(problematic_text("*"), ("*", false));
        assert_eq!(problematic_text(""), ("", false));
    }

    #[test]
    fn ipynb_relative_doc_paths() {
        assert_eq!(
            relative_doc_path("index", "parallel-loops"),
            "parallel-loops"
        );
        assert_eq!(relative_doc_path("a/b", "a/c"), "c");
        assert_eq!(relative_doc_path("a/b", "index"), "../index");
        assert_eq!(relative_doc_path("index", "x/y"), "x/y");
        assert_eq!(relative_doc_path("a/b/c", "a/d/e"), "../d/e");
    }

    #[test]
    fn ipynb_link_destination_encodes_what_breaks_links() {
        assert_eq!(link_destination("a b(c)"), "a%20b%28c%29");
        assert_eq!(link_destination("https://x.org/?q=1"), "https://x.org/?q=1");
        assert_eq!(link_destination("?a=1&b=2"), "?a=1&b=2");
        assert_eq!(
            link_destination("&#106;avascript:x&colon;y"),
            "%26#106;avascript:x%26colon;y"
        );
    }
}
