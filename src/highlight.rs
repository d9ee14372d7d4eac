//! Build-time syntax highlighting, shared by every writer so code looks the
//! same in HTML, EPUB and PDF: one tokenizer (syntect's Sublime grammars)
//! and one theme per style.
//!
//! Grammars and themes are loaded once, lazily, on first use: a lesson
//! without code never pays for them.
//!
//! Two ways to use it: [`highlight`] gives tokens with colours from one
//! theme (for PDF, where colours are drawn); [`highlight_classed`] gives
//! the scopes as class names and [`theme_css`] the CSS for a theme, so an
//! HTML page can carry a light and a dark theme at once and switch with
//! `prefers-color-scheme` (the HTML and EPUB writers).
//!
//! Both read one parse of the code ([`parsed`]), kept for the rest of the
//! run: in a course build the same block is shown by the lesson's HTML,
//! EPUB and PDF and again by the books, and the grammar's regular
//! expressions were a seventh of the whole build when each parsed it anew.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use syntect::highlighting::{
    FontStyle, HighlightIterator, HighlightState, Highlighter, Theme, ThemeSet,
};
use syntect::parsing::{
    BasicScopeStackOp, ParseState, Scope, ScopeStack, ScopeStackOp, SyntaxReference, SyntaxSet,
};
use syntect::util::LinesWithEndings;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);
static THEMES: LazyLock<ThemeSet> = LazyLock::new(ThemeSet::load_defaults);

/// An RGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`.
    pub fn to_hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// One highlighted piece of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub color: Rgb,
    pub bold: bool,
    pub italic: bool,
}

/// A highlighted block: one entry per source line (without line endings).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Highlighted {
    pub lines: Vec<Vec<Token>>,
    /// The theme's background and default text colours.
    pub background: Rgb,
    pub foreground: Rgb,
}

/// Map the language names lessons use (Pygments' aliases) to a grammar.
fn find_syntax(language: &str) -> Option<&'static SyntaxReference> {
    let lang = language.trim().to_ascii_lowercase();
    let token = match lang.as_str() {
        "" | "none" | "text" | "plain" | "default" | "output" => return None,
        "python3" | "py" | "py3" | "ipython" | "ipython3" | "pycon" | "python-console" => "python",
        "sh" | "shell" | "console" | "shell-session" | "zsh" | "bash-session" => "bash",
        "c++" | "cxx" => "cpp",
        "js" | "javascript" => "js",
        "yml" => "yaml",
        "rst" | "restructuredtext" => return None,
        "jupyter" | "ipynb" => "json",
        "fortran" | "f90" => return None,
        other => other,
    };
    SYNTAXES.find_syntax_by_token(token)
}

/// Whether a language has a grammar (else code is shown uncoloured).
pub fn is_known_language(language: &str) -> bool {
    find_syntax(language).is_some()
}

/// The grammar's reading of a block: per line, its scope changes, or
/// `None` where the grammar failed on the line (the parse starts afresh on
/// the next one, so one bad line cannot lose the rest of the code).
type ParsedLines = Vec<Option<Vec<(usize, ScopeStackOp)>>>;

/// Results already computed in this run, by a text key (grammar, theme)
/// and the code. Each entry is filled once (`OnceLock`), so writers running
/// in parallel on the same lesson wait for one computation instead of each
/// making their own.
struct Memo<V> {
    entries: HashMap<(String, String), Arc<OnceLock<Arc<V>>>>,
    /// Code bytes held, to bound the memo in long `--watch` sessions.
    bytes: usize,
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo {
            entries: HashMap::new(),
            bytes: 0,
        }
    }
}

/// Beyond this much remembered code a memo starts again empty: far more
/// than any course holds, small beside the documents it comes from.
const MEMO_BYTES: usize = 64 << 20;

/// The value for (`key`, `code`), computed by `make` once per run.
fn memoized<V>(memo: &Mutex<Memo<V>>, key: String, code: &str, make: impl FnOnce() -> V) -> Arc<V> {
    let slot = match memo.lock() {
        Ok(mut memo) => {
            if memo.bytes > MEMO_BYTES {
                *memo = Memo::default();
            }
            let memo = &mut *memo;
            let key = (key, code.to_string());
            match memo.entries.get(&key) {
                Some(slot) => Arc::clone(slot),
                None => {
                    memo.bytes += code.len();
                    let slot = Arc::new(OnceLock::new());
                    memo.entries.insert(key, Arc::clone(&slot));
                    slot
                }
            }
        }
        // A writer that panicked while holding the lock (caught by the
        // pipeline) must not stop the others from highlighting.
        Err(_) => Arc::new(OnceLock::new()),
    };
    Arc::clone(slot.get_or_init(|| Arc::new(make())))
}

/// Grammar parses, by grammar name and code.
static PARSES: LazyLock<Mutex<Memo<ParsedLines>>> = LazyLock::new(Mutex::default);

/// Class-highlighted lines, by grammar name and code: a lesson's HTML and
/// EPUB and the course's EPUB book show the same blocks.
static CLASSED: LazyLock<Mutex<Memo<ClassedLines>>> = LazyLock::new(Mutex::default);

/// Themed results, by theme and grammar name and code: a lesson's PDF and
/// the course's PDF book colour the same blocks with the same theme, and
/// matching scopes against the theme costs more than the parse.
static THEMED: LazyLock<Mutex<Memo<Highlighted>>> = LazyLock::new(Mutex::default);

/// The parse of `code` with `syntax`, made once per run.
fn parsed(syntax: &'static SyntaxReference, code: &str) -> Arc<ParsedLines> {
    memoized(&PARSES, syntax.name.clone(), code, || {
        parse_lines(syntax, code)
    })
}

fn parse_lines(syntax: &SyntaxReference, code: &str) -> ParsedLines {
    let mut state = ParseState::new(syntax);
    LinesWithEndings::from(code)
        .map(|line| match state.parse_line(line, &SYNTAXES) {
            Ok(ops) => Some(ops),
            Err(_) => {
                state = ParseState::new(syntax);
                None
            }
        })
        .collect()
}

/// A theme by name, falling back to `InspiredGitHub`.
fn theme(name: &str) -> &'static Theme {
    THEMES
        .themes
        .get(name)
        .or_else(|| THEMES.themes.get("InspiredGitHub"))
        .or_else(|| THEMES.themes.values().next())
        .unwrap_or_else(|| unreachable!("syntect ships default themes"))
}

/// The names of the available themes (for style validation and docs).
pub fn theme_names() -> Vec<&'static str> {
    THEMES.themes.keys().map(String::as_str).collect()
}

fn to_rgb(c: syntect::highlighting::Color) -> Rgb {
    Rgb(c.r, c.g, c.b)
}

/// Highlight `code` in `language` with the theme `theme_name`, once per
/// run. Unknown languages give one plain token per line in the theme's
/// text colour.
pub fn highlight(code: &str, language: &str, theme_name: &str) -> Arc<Highlighted> {
    let grammar = find_syntax(language).map_or("", |s| s.name.as_str());
    let key = format!("{theme_name}\u{0}{grammar}");
    memoized(&THEMED, key, code, || {
        highlight_with(code, language, theme_name)
    })
}

fn highlight_with(code: &str, language: &str, theme_name: &str) -> Highlighted {
    let theme = theme(theme_name);
    let foreground = theme
        .settings
        .foreground
        .map(to_rgb)
        .unwrap_or(Rgb(0x1f, 0x23, 0x28));
    let background = theme
        .settings
        .background
        .map(to_rgb)
        .unwrap_or(Rgb(0xff, 0xff, 0xff));
    let plain = |line: &str| {
        vec![Token {
            text: line.to_string(),
            color: foreground,
            bold: false,
            italic: false,
        }]
    };
    let Some(syntax) = find_syntax(language) else {
        let lines = code.lines().map(plain).collect();
        return Highlighted {
            lines,
            background,
            foreground,
        };
    };
    let parse = parsed(syntax, code);
    let highlighter = Highlighter::new(theme);
    let mut state = HighlightState::new(&highlighter, ScopeStack::new());
    let mut lines = Vec::new();
    for (line, ops) in LinesWithEndings::from(code).zip(parse.iter()) {
        let content = line.trim_end_matches(['\n', '\r']);
        let Some(ops) = ops else {
            // A grammar error on one line must not lose the code.
            lines.push(plain(content));
            state = HighlightState::new(&highlighter, ScopeStack::new());
            continue;
        };
        let mut tokens: Vec<Token> = Vec::new();
        for (style, text) in HighlightIterator::new(&mut state, ops, line, &highlighter) {
            let text = text.trim_end_matches(['\n', '\r']);
            if text.is_empty() {
                continue;
            }
            let token = Token {
                text: text.to_string(),
                color: to_rgb(style.foreground),
                bold: style.font_style.contains(FontStyle::BOLD),
                italic: style.font_style.contains(FontStyle::ITALIC),
            };
            // Merge neighbours of the same look: fewer spans, same output.
            match tokens.last_mut() {
                Some(last)
                    if last.color == token.color
                        && last.bold == token.bold
                        && last.italic == token.italic =>
                {
                    last.text.push_str(&token.text)
                }
                _ => tokens.push(token),
            }
        }
        lines.push(tokens);
    }
    Highlighted {
        lines,
        background,
        foreground,
    }
}

/// The prefix of every class [`highlight_classed`] writes, so scope names
/// (`keyword`, `string`) cannot clash with a page's own classes.
pub const CLASS_PREFIX: &str = "hl-";

/// One piece of a line highlighted with classes: spans nest, and every span
/// opened on a line is closed on that line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClassedPiece {
    /// Open a span with these space-separated classes (`hl-keyword hl-control`).
    Open(String),
    /// Text (not escaped).
    Text(String),
    /// Close the innermost open span.
    Close,
}

/// The class names of one scope: its atoms, each prefixed (`source.python`
/// → `hl-source hl-python`). Characters outside `[A-Za-z0-9_-]` become `_`
/// here and in [`theme_css`] alike, so classes are valid CSS identifiers.
fn scope_classes(scope: Scope) -> Vec<String> {
    scope
        .build_string()
        .split('.')
        .filter(|atom| !atom.is_empty())
        .map(|atom| {
            let clean: String = atom
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            format!("{CLASS_PREFIX}{clean}")
        })
        .collect()
}

/// Highlight `code` as nested scope spans, one entry per source line
/// (without line endings). `None` when the language has no grammar, so the
/// caller shows plain text. Each line reopens the spans still open from the
/// line before, which keeps every line self-contained (line numbers and
/// emphasised lines wrap whole lines).
pub fn highlight_classed(code: &str, language: &str) -> Option<Arc<ClassedLines>> {
    let syntax = find_syntax(language)?;
    Some(memoized(&CLASSED, syntax.name.clone(), code, || {
        classed_lines(syntax, code)
    }))
}

/// Lines of classed pieces, one entry per source line.
pub type ClassedLines = Vec<Vec<ClassedPiece>>;

fn classed_lines(syntax: &'static SyntaxReference, code: &str) -> ClassedLines {
    let parse = parsed(syntax, code);
    // A scope's class string, made once per scope (building it splits
    // and copies the scope's name).
    let mut class_names: HashMap<Scope, String> = HashMap::new();
    let mut class_of = |scope: Scope| {
        class_names
            .entry(scope)
            .or_insert_with(|| scope_classes(scope).join(" "))
            .clone()
    };
    let mut stack = ScopeStack::new();
    let mut lines = Vec::new();
    for (line, ops) in LinesWithEndings::from(code).zip(parse.iter()) {
        let content = line.trim_end_matches(['\n', '\r']);
        let Some(ops) = ops else {
            // A grammar error must not lose the code: the line is plain,
            // and the parse went on afresh after it.
            lines.push(vec![ClassedPiece::Text(content.to_string())]);
            stack = ScopeStack::new();
            continue;
        };
        let mut pieces: Vec<ClassedPiece> = stack
            .as_slice()
            .iter()
            .map(|&scope| ClassedPiece::Open(class_of(scope)))
            .collect();
        let mut cursor = 0;
        for (index, op) in ops {
            let index = (*index).min(content.len());
            if index > cursor
                && let Some(text) = content.get(cursor..index)
            {
                pieces.push(ClassedPiece::Text(text.to_string()));
                cursor = index;
            }
            let applied = stack.apply_with_hook(op, |basic, _| match basic {
                BasicScopeStackOp::Push(scope) => pieces.push(ClassedPiece::Open(class_of(scope))),
                BasicScopeStackOp::Pop => pieces.push(ClassedPiece::Close),
            });
            if applied.is_err() {
                break;
            }
        }
        if let Some(rest) = content.get(cursor..)
            && !rest.is_empty()
        {
            pieces.push(ClassedPiece::Text(rest.to_string()));
        }
        lines.push(balance_and_prune(pieces));
    }
    lines
}

/// Close what is still open at the end of a line, drop closes without an
/// open, and drop spans that hold no text.
fn balance_and_prune(pieces: Vec<ClassedPiece>) -> Vec<ClassedPiece> {
    let mut out: Vec<ClassedPiece> = Vec::with_capacity(pieces.len());
    let mut depth = 0usize;
    for piece in pieces {
        match piece {
            ClassedPiece::Open(classes) => {
                depth += 1;
                out.push(ClassedPiece::Open(classes));
            }
            ClassedPiece::Close => {
                if depth == 0 {
                    continue;
                }
                depth -= 1;
                if matches!(out.last(), Some(ClassedPiece::Open(_))) {
                    out.pop();
                } else {
                    out.push(ClassedPiece::Close);
                }
            }
            text => out.push(text),
        }
    }
    for _ in 0..depth {
        if matches!(out.last(), Some(ClassedPiece::Open(_))) {
            out.pop();
        } else {
            out.push(ClassedPiece::Close);
        }
    }
    out
}

/// The CSS of theme `theme_name` for code highlighted by
/// [`highlight_classed`] inside elements matching `container` (e.g.
/// `.highlight`): the theme's text and background colours on the container,
/// then one rule per theme scope selector. Theme rules come in the theme's
/// order, so later (more specific) rules win as they do in the theme.
pub fn theme_css(theme_name: &str, container: &str) -> String {
    let theme = theme(theme_name);
    let mut css = String::new();
    css.push_str(container);
    css.push('{');
    if let Some(fg) = theme.settings.foreground {
        css.push_str(&format!("color:{};", to_rgb(fg).to_hex()));
    }
    if let Some(bg) = theme.settings.background {
        css.push_str(&format!("background-color:{};", to_rgb(bg).to_hex()));
    }
    css.push_str("}\n");
    for item in &theme.scopes {
        let mut declarations = String::new();
        if let Some(fg) = item.style.foreground {
            declarations.push_str(&format!("color:{};", to_rgb(fg).to_hex()));
        }
        if let Some(fs) = item.style.font_style {
            if fs.contains(FontStyle::BOLD) {
                declarations.push_str("font-weight:bold;");
            }
            if fs.contains(FontStyle::ITALIC) {
                declarations.push_str("font-style:italic;");
            }
            if fs.contains(FontStyle::UNDERLINE) {
                declarations.push_str("text-decoration:underline;");
            }
        }
        if declarations.is_empty() {
            continue;
        }
        let selectors: Vec<String> = item
            .scope
            .selectors
            .iter()
            .map(|selector| {
                let path: Vec<String> = selector
                    .extract_scopes()
                    .into_iter()
                    .map(|scope| {
                        scope_classes(scope)
                            .iter()
                            .map(|class| format!(".{class}"))
                            .collect::<String>()
                    })
                    .filter(|s| !s.is_empty())
                    .collect();
                path.join(" ")
            })
            .filter(|s| !s.is_empty())
            .map(|s| format!("{container} {s}"))
            .collect();
        if selectors.is_empty() {
            continue;
        }
        css.push_str(&selectors.join(","));
        css.push('{');
        css.push_str(&declarations);
        css.push_str("}\n");
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlight_python_colours_keywords() {
        let h = highlight("import numba\nx = 1\n", "python", "InspiredGitHub");
        assert_eq!(h.lines.len(), 2);
        let first: String = h.lines[0].iter().map(|t| t.text.as_str()).collect();
        assert_eq!(first, "import numba");
        let colours: std::collections::HashSet<_> = h.lines[0].iter().map(|t| t.color).collect();
        assert!(
            colours.len() >= 2,
            "keyword and name differ: {:?}",
            h.lines[0]
        );
    }

    #[test]
    fn highlight_unknown_language_is_plain() {
        let h = highlight("a\nb", "no-such-language", "InspiredGitHub");
        assert_eq!(h.lines.len(), 2);
        assert_eq!(h.lines[1][0].text, "b");
    }

    #[test]
    fn highlight_keeps_empty_lines() {
        let h = highlight("a = 1\n\nb = 2\n", "python", "InspiredGitHub");
        assert_eq!(h.lines.len(), 3);
        assert!(h.lines[1].is_empty());
    }

    #[test]
    fn highlight_classed_lines_are_balanced() {
        let code = "def f(x):\n    \"\"\"doc\n    string\"\"\"\n    return x  # done\n";
        let lines = highlight_classed(code, "python").expect("python is known");
        assert_eq!(lines.len(), 4);
        for line in lines.iter() {
            let mut depth = 0i32;
            for piece in line {
                match piece {
                    ClassedPiece::Open(c) => {
                        assert!(c.starts_with(CLASS_PREFIX), "{c}");
                        depth += 1;
                    }
                    ClassedPiece::Close => depth -= 1,
                    ClassedPiece::Text(_) => {}
                }
                assert!(depth >= 0);
            }
            assert_eq!(depth, 0, "{line:?}");
        }
        let text: String = lines[0]
            .iter()
            .filter_map(|p| match p {
                ClassedPiece::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(text, "def f(x):");
        // The docstring's second line still sits inside its scope.
        assert!(
            lines[2]
                .iter()
                .any(|p| matches!(p, ClassedPiece::Open(c) if c.contains("hl-string") || c.contains("hl-comment"))),
            "{:?}",
            lines[2]
        );
    }

    #[test]
    fn highlight_classed_unknown_language_is_none() {
        assert!(highlight_classed("x", "no-such-language").is_none());
    }

    #[test]
    fn highlight_theme_css_has_rules() {
        let css = theme_css("InspiredGitHub", ".hl");
        assert!(css.starts_with(".hl{color:#"), "{css}");
        assert!(css.contains(".hl .hl-comment"), "{css}");
        let dark = theme_css("base16-ocean.dark", ".hl");
        assert_ne!(css, dark);
    }
}
