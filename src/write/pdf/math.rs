//! A small typesetter for the TeX subset lessons use: letters in italic,
//! digits and operators upright, `^`/`_` scripts, `\frac`, `\sqrt`, Greek
//! letters, relations and operators (`\le`, `\cdot`, `\times`, ...),
//! `\sum`/`\prod`/`\int` with limits, `\left( ... \right)` delimiters that
//! grow with their content, `\text{}`/`\mathrm{}`, and spacing commands.
//! Unknown commands are drawn as their name (and reported), never dropped.
//!
//! The result is a [`MathBox`] of positioned [`Item`]s in the DejaVu
//! faces: the layout follows the TeX rules in spirit (TeXbook, appendix G)
//! with fixed ratios instead of a MATH table.

use super::fonts::{FaceId, Family, Measurer, face_for_char};
use super::layout::{Color, Item};

/// A laid-out formula: items relative to (0, baseline), `y` downwards.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MathBox {
    pub width: f32,
    pub ascent: f32,
    pub descent: f32,
    pub items: Vec<Item>,
}

impl MathBox {
    fn append(&mut self, other: &MathBox, dx: f32, dy: f32) {
        for item in &other.items {
            self.items.push(item.shifted(dx, dy));
        }
        self.ascent = self.ascent.max(other.ascent - dy);
        self.descent = self.descent.max(other.descent + dy);
    }
}

/// A parsed formula node.
#[derive(Clone, Debug, PartialEq)]
enum Node {
    /// A symbol: the char, italic or not, and its class for spacing.
    Sym(String, bool, Class),
    Group(Vec<Node>),
    Scripts {
        base: Box<Node>,
        sup: Option<Box<Node>>,
        sub: Option<Box<Node>>,
    },
    Frac(Box<Node>, Box<Node>),
    Sqrt(Box<Node>),
    /// A big operator (∑ ∏ ∫) whose scripts become limits in display.
    BigOp(String),
    Delimited(String, Box<Node>, String),
    Text(String),
    Space(f32),
}

/// TeX's atom classes, for spacing between atoms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Ord,
    Op,
    Bin,
    Rel,
    Open,
    Close,
    Punct,
}

/// Symbols for control words: (name, char, class).
const SYMBOLS: &[(&str, &str, Class)] = &[
    ("alpha", "α", Class::Ord),
    ("beta", "β", Class::Ord),
    ("gamma", "γ", Class::Ord),
    ("delta", "δ", Class::Ord),
    ("epsilon", "ϵ", Class::Ord),
    ("varepsilon", "ε", Class::Ord),
    ("zeta", "ζ", Class::Ord),
    ("eta", "η", Class::Ord),
    ("theta", "θ", Class::Ord),
    ("vartheta", "ϑ", Class::Ord),
    ("iota", "ι", Class::Ord),
    ("kappa", "κ", Class::Ord),
    ("lambda", "λ", Class::Ord),
    ("mu", "μ", Class::Ord),
    ("nu", "ν", Class::Ord),
    ("xi", "ξ", Class::Ord),
    ("pi", "π", Class::Ord),
    ("varpi", "ϖ", Class::Ord),
    ("rho", "ρ", Class::Ord),
    ("varrho", "ϱ", Class::Ord),
    ("sigma", "σ", Class::Ord),
    ("varsigma", "ς", Class::Ord),
    ("tau", "τ", Class::Ord),
    ("upsilon", "υ", Class::Ord),
    ("phi", "ϕ", Class::Ord),
    ("varphi", "φ", Class::Ord),
    ("chi", "χ", Class::Ord),
    ("psi", "ψ", Class::Ord),
    ("omega", "ω", Class::Ord),
    ("Gamma", "Γ", Class::Ord),
    ("Delta", "Δ", Class::Ord),
    ("Theta", "Θ", Class::Ord),
    ("Lambda", "Λ", Class::Ord),
    ("Xi", "Ξ", Class::Ord),
    ("Pi", "Π", Class::Ord),
    ("Sigma", "Σ", Class::Ord),
    ("Upsilon", "Υ", Class::Ord),
    ("Phi", "Φ", Class::Ord),
    ("Psi", "Ψ", Class::Ord),
    ("Omega", "Ω", Class::Ord),
    ("le", "≤", Class::Rel),
    ("leq", "≤", Class::Rel),
    ("ge", "≥", Class::Rel),
    ("geq", "≥", Class::Rel),
    ("ne", "≠", Class::Rel),
    ("neq", "≠", Class::Rel),
    ("approx", "≈", Class::Rel),
    ("equiv", "≡", Class::Rel),
    ("sim", "∼", Class::Rel),
    ("simeq", "≃", Class::Rel),
    ("propto", "∝", Class::Rel),
    ("ll", "≪", Class::Rel),
    ("gg", "≫", Class::Rel),
    ("in", "∈", Class::Rel),
    ("notin", "∉", Class::Rel),
    ("subset", "⊂", Class::Rel),
    ("subseteq", "⊆", Class::Rel),
    ("to", "→", Class::Rel),
    ("rightarrow", "→", Class::Rel),
    ("leftarrow", "←", Class::Rel),
    ("Rightarrow", "⇒", Class::Rel),
    ("Leftarrow", "⇐", Class::Rel),
    ("iff", "⇔", Class::Rel),
    ("mapsto", "↦", Class::Rel),
    ("cdot", "·", Class::Bin),
    ("times", "×", Class::Bin),
    ("div", "÷", Class::Bin),
    ("pm", "±", Class::Bin),
    ("mp", "∓", Class::Bin),
    ("cup", "∪", Class::Bin),
    ("cap", "∩", Class::Bin),
    ("wedge", "∧", Class::Bin),
    ("vee", "∨", Class::Bin),
    ("oplus", "⊕", Class::Bin),
    ("otimes", "⊗", Class::Bin),
    ("circ", "∘", Class::Bin),
    ("ast", "∗", Class::Bin),
    ("infty", "∞", Class::Ord),
    ("partial", "∂", Class::Ord),
    ("nabla", "∇", Class::Ord),
    ("forall", "∀", Class::Ord),
    ("exists", "∃", Class::Ord),
    ("emptyset", "∅", Class::Ord),
    ("ldots", "…", Class::Ord),
    ("dots", "…", Class::Ord),
    ("cdots", "⋯", Class::Ord),
    ("prime", "′", Class::Ord),
    ("hbar", "ℏ", Class::Ord),
    ("ell", "ℓ", Class::Ord),
    ("langle", "⟨", Class::Open),
    ("rangle", "⟩", Class::Close),
    ("lfloor", "⌊", Class::Open),
    ("rfloor", "⌋", Class::Close),
    ("lceil", "⌈", Class::Open),
    ("rceil", "⌉", Class::Close),
    ("{", "{", Class::Open),
    ("}", "}", Class::Close),
    ("|", "‖", Class::Ord),
    ("%", "%", Class::Ord),
    ("$", "$", Class::Ord),
    ("#", "#", Class::Ord),
    ("&", "&", Class::Ord),
    ("_", "_", Class::Ord),
];

/// Big operators: name → symbol.
const BIG_OPS: &[(&str, &str)] = &[
    ("sum", "∑"),
    ("prod", "∏"),
    ("int", "∫"),
    ("iint", "∬"),
    ("oint", "∮"),
    ("bigcup", "⋃"),
    ("bigcap", "⋂"),
];

/// Named functions set upright (`\log x`).
const FUNCTIONS: &[&str] = &[
    "log", "ln", "exp", "sin", "cos", "tan", "max", "min", "lim", "sup", "inf", "det", "dim",
    "mod", "gcd", "arg", "deg", "sinh", "cosh", "tanh", "Pr",
];

/// The parser: a cursor over the formula's chars.
struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    unknown: &'a mut Vec<String>,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_spaces(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    /// Parse atoms until `}` or the end (or `\right` when `in_left`).
    fn parse_list(&mut self, in_left: bool) -> Vec<Node> {
        let mut out: Vec<Node> = Vec::new();
        loop {
            self.skip_spaces();
            let Some(c) = self.peek() else { break };
            if c == '}' {
                break;
            }
            if in_left && self.at_command("right") {
                break;
            }
            if c == '^' || c == '_' {
                self.pos += 1;
                let script = self.parse_argument();
                let base = out.pop().unwrap_or(Node::Group(Vec::new()));
                let (base, mut sup, mut sub) = match base {
                    Node::Scripts { base, sup, sub } => (*base, sup, sub),
                    other => (other, None, None),
                };
                if c == '^' {
                    sup = Some(Box::new(script));
                } else {
                    sub = Some(Box::new(script));
                }
                out.push(Node::Scripts {
                    base: Box::new(base),
                    sup,
                    sub,
                });
                continue;
            }
            if let Some(atom) = self.parse_atom() {
                out.push(atom);
            }
        }
        out
    }

    fn at_command(&self, name: &str) -> bool {
        if self.peek() != Some('\\') {
            return false;
        }
        let word: String = self
            .chars
            .iter()
            .skip(self.pos + 1)
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        word == name
    }

    /// One argument: a group or a single atom.
    fn parse_argument(&mut self) -> Node {
        self.skip_spaces();
        self.parse_atom().unwrap_or(Node::Group(Vec::new()))
    }

    fn parse_group_body(&mut self) -> Node {
        // After '{'.
        self.depth += 1;
        let body = if self.depth > 64 {
            // Pathological nesting: keep the text flat.
            let mut flat = Vec::new();
            while let Some(c) = self.peek() {
                if c == '}' {
                    break;
                }
                flat.push(Node::Sym(c.to_string(), false, Class::Ord));
                self.pos += 1;
            }
            flat
        } else {
            self.parse_list(false)
        };
        self.depth -= 1;
        if self.peek() == Some('}') {
            self.pos += 1;
        }
        Node::Group(body)
    }

    /// Text up to the matching `}` (for `\text{...}`).
    fn raw_group(&mut self) -> String {
        self.skip_spaces();
        if self.peek() != Some('{') {
            return self
                .peek()
                .map(|c| {
                    self.pos += 1;
                    c.to_string()
                })
                .unwrap_or_default();
        }
        self.pos += 1;
        let mut level = 1;
        let mut text = String::new();
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                '{' => level += 1,
                '}' => {
                    level -= 1;
                    if level == 0 {
                        break;
                    }
                }
                _ => {}
            }
            text.push(c);
        }
        text
    }

    fn delimiter(&mut self) -> String {
        self.skip_spaces();
        match self.peek() {
            Some('\\') => {
                self.pos += 1;
                let name = self.command_name();
                match name.as_str() {
                    "{" | "lbrace" => "{".into(),
                    "}" | "rbrace" => "}".into(),
                    "|" => "‖".into(),
                    other => SYMBOLS
                        .iter()
                        .find(|s| s.0 == other)
                        .map_or(String::new(), |s| s.1.to_string()),
                }
            }
            Some('.') => {
                self.pos += 1;
                String::new()
            }
            Some(c) => {
                self.pos += 1;
                c.to_string()
            }
            None => String::new(),
        }
    }

    fn command_name(&mut self) -> String {
        let mut name = String::new();
        match self.peek() {
            Some(c) if c.is_ascii_alphabetic() => {
                while let Some(c) = self.peek().filter(char::is_ascii_alphabetic) {
                    name.push(c);
                    self.pos += 1;
                }
            }
            Some(c) => {
                name.push(c);
                self.pos += 1;
            }
            None => {}
        }
        name
    }

    fn parse_atom(&mut self) -> Option<Node> {
        let c = self.peek()?;
        self.pos += 1;
        // Commands nest without braces too (`\sqrt\sqrt\sqrt x`): past a
        // sane depth, characters are taken as they are, so no input can
        // exhaust the stack.
        if self.depth > 64 {
            return Some(Node::Sym(c.to_string(), false, Class::Ord));
        }
        self.depth += 1;
        let node = self.parse_atom_inner(c);
        self.depth -= 1;
        Some(node)
    }

    fn parse_atom_inner(&mut self, c: char) -> Node {
        match c {
            '{' => self.parse_group_body(),
            '\\' => self.parse_command(),
            '0'..='9' | '.' => {
                let mut s = c.to_string();
                while let Some(d) = self.peek().filter(|d| d.is_ascii_digit() || *d == '.') {
                    s.push(d);
                    self.pos += 1;
                }
                Node::Sym(s, false, Class::Ord)
            }
            '+' | '*' => Node::Sym(
                if c == '*' { "∗".into() } else { "+".into() },
                false,
                Class::Bin,
            ),
            '-' => Node::Sym("−".into(), false, Class::Bin),
            '=' | '<' | '>' => Node::Sym(c.to_string(), false, Class::Rel),
            '(' | '[' => Node::Sym(c.to_string(), false, Class::Open),
            ')' | ']' => Node::Sym(c.to_string(), false, Class::Close),
            ',' | ';' => Node::Sym(c.to_string(), false, Class::Punct),
            '\'' => Node::Sym("′".into(), false, Class::Ord),
            '~' => Node::Space(0.33),
            '&' => Node::Space(1.0),
            c if c.is_alphabetic() => Node::Sym(c.to_string(), c.is_ascii_alphabetic(), Class::Ord),
            c => Node::Sym(c.to_string(), false, Class::Ord),
        }
    }

    fn parse_command(&mut self) -> Node {
        let name = self.command_name();
        match name.as_str() {
            "frac" | "dfrac" | "tfrac" => {
                let num = self.parse_argument();
                let den = self.parse_argument();
                Node::Frac(Box::new(num), Box::new(den))
            }
            "sqrt" => {
                self.skip_spaces();
                if self.peek() == Some('[') {
                    // The index of an n-th root is dropped to its text.
                    while let Some(c) = self.peek() {
                        self.pos += 1;
                        if c == ']' {
                            break;
                        }
                    }
                }
                Node::Sqrt(Box::new(self.parse_argument()))
            }
            "left" => {
                let open = self.delimiter();
                let body = self.parse_list(true);
                let close = if self.at_command("right") {
                    self.pos += 1;
                    self.command_name();
                    self.delimiter()
                } else {
                    String::new()
                };
                Node::Delimited(open, Box::new(Node::Group(body)), close)
            }
            "right" => Node::Group(Vec::new()),
            "text" | "mathrm" | "textrm" | "operatorname" | "mbox" | "textit" | "mathit"
            | "textbf" | "mathbf" | "mathsf" | "mathtt" | "texttt" => Node::Text(self.raw_group()),
            "mathbb" => {
                let t = self.raw_group();
                let mapped: String = t
                    .chars()
                    .map(|c| match c {
                        'R' => 'ℝ',
                        'N' => 'ℕ',
                        'Z' => 'ℤ',
                        'Q' => 'ℚ',
                        'C' => 'ℂ',
                        other => other,
                    })
                    .collect();
                Node::Sym(mapped, false, Class::Ord)
            }
            "," | "thinspace" => Node::Space(0.17),
            ":" | ">" | "medspace" => Node::Space(0.22),
            ";" | "thickspace" => Node::Space(0.28),
            "!" => Node::Space(-0.17),
            " " => Node::Space(0.33),
            "quad" => Node::Space(1.0),
            "qquad" => Node::Space(2.0),
            "limits" | "nolimits" | "displaystyle" | "textstyle" | "scriptstyle" | "big"
            | "Big" | "bigg" | "Bigg" | "bigl" | "bigr" | "Bigl" | "Bigr" => {
                Node::Group(Vec::new())
            }
            "\\" => Node::Space(1.0),
            other => {
                if let Some((_, sym)) = BIG_OPS.iter().find(|b| b.0 == other) {
                    Node::BigOp((*sym).to_string())
                } else if let Some((_, sym, class)) = SYMBOLS.iter().find(|s| s.0 == other) {
                    Node::Sym((*sym).to_string(), false, *class)
                } else if FUNCTIONS.contains(&other) {
                    Node::Text(other.to_string())
                } else {
                    self.unknown.push(format!("\\{other}"));
                    Node::Text(format!("\\{other}"))
                }
            }
        }
    }
}

/// The lines of a display-maths block: equations separated by blank lines,
/// and the rows of the alignment environments (`aligned`, `align`,
/// `gather`, `split`, `multline`, `equation`) split at `\\`, their `&`
/// alignment marks dropped (each row is centred on its own).
pub fn display_lines(tex: &str) -> Vec<String> {
    const ENVIRONMENTS: [&str; 10] = [
        "aligned",
        "align",
        "align*",
        "gather",
        "gather*",
        "split",
        "multline",
        "multline*",
        "equation",
        "equation*",
    ];
    let mut out = Vec::new();
    for part in tex.split("\n\n") {
        let mut body = part.to_string();
        let mut aligned = false;
        for env in ENVIRONMENTS {
            let begin = format!("\\begin{{{env}}}");
            let end = format!("\\end{{{env}}}");
            if body.contains(&begin) {
                aligned = true;
                body = body.replace(&begin, " ").replace(&end, " ");
            }
        }
        let rows: Vec<String> = if aligned || !body.contains("\\begin{") {
            body.split("\\\\")
                .map(|r| {
                    if aligned {
                        r.replace('&', "")
                    } else {
                        r.to_string()
                    }
                })
                .collect()
        } else {
            vec![body]
        };
        out.extend(
            rows.into_iter()
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty()),
        );
    }
    out
}

/// The look of a formula.
#[derive(Clone, Copy, Debug)]
pub struct MathStyle {
    pub size: f32,
    pub color: Color,
    /// Display style: limits above/below big operators, full-size
    /// fractions.
    pub display: bool,
}

/// Typeset `tex`; unknown commands are listed in `unknown`.
pub fn typeset(m: &Measurer, tex: &str, style: MathStyle, unknown: &mut Vec<String>) -> MathBox {
    let mut parser = Parser {
        chars: tex.chars().collect(),
        pos: 0,
        unknown,
        depth: 0,
    };
    let mut nodes = Vec::new();
    while parser.pos < parser.chars.len() {
        nodes.extend(parser.parse_list(false));
        // A stray `}`: skip it and go on.
        parser.pos += 1;
    }
    let ctx = Ctx {
        m,
        color: style.color,
    };
    ctx.list(&nodes, style.size, style.display)
}

struct Ctx<'a> {
    m: &'a Measurer,
    color: Color,
}

impl Ctx<'_> {
    fn glyphs(&self, text: &str, italic: bool, size: f32) -> MathBox {
        let wanted = FaceId::new(Family::Serif, false, italic);
        let mut b = MathBox::default();
        let mut x = 0.0;
        for c in text.chars() {
            let face = face_for_char(wanted, c);
            let s = c.to_string();
            let w = self.m.width(face, size, &s);
            b.items.push(Item::Text {
                x,
                y: 0.0,
                face,
                size,
                color: self.color,
                text: s,
                adjust: Vec::new(),
            });
            x += w;
        }
        // Italic letters lean out of their box: a little room after them.
        if italic {
            x += size * 0.03;
        }
        b.width = x;
        b.ascent = size * 0.75;
        b.descent = size * 0.22;
        b
    }

    fn list(&self, nodes: &[Node], size: f32, display: bool) -> MathBox {
        let mut out = MathBox {
            ascent: size * 0.7,
            descent: size * 0.2,
            ..MathBox::default()
        };
        let mut x = 0.0;
        let mut prev: Option<Class> = None;
        for (i, node) in nodes.iter().enumerate() {
            let mut class = class_of(node);
            // A binary operator at the start or after an operator is unary.
            if class == Class::Bin
                && (prev.is_none()
                    || matches!(
                        prev,
                        Some(Class::Bin | Class::Rel | Class::Open | Class::Op | Class::Punct)
                    ))
            {
                class = Class::Ord;
            }
            if i > 0
                && let Some(p) = prev
            {
                x += spacing(p, class) * size;
            }
            let b = self.node(node, size, display);
            out.append(&b, x, 0.0);
            x += b.width;
            prev = Some(class);
        }
        out.width = x.max(0.0);
        out
    }

    fn node(&self, node: &Node, size: f32, display: bool) -> MathBox {
        match node {
            Node::Sym(text, italic, _) => self.glyphs(text, *italic, size),
            Node::Text(text) => {
                let face = FaceId::new(Family::Serif, false, false);
                let w = self.m.width(face, size, text);
                MathBox {
                    width: w,
                    ascent: size * 0.75,
                    descent: size * 0.22,
                    items: vec![Item::Text {
                        x: 0.0,
                        y: 0.0,
                        face,
                        size,
                        color: self.color,
                        text: text.clone(),
                        adjust: Vec::new(),
                    }],
                }
            }
            Node::Space(em) => MathBox {
                width: em * size,
                ..MathBox::default()
            },
            Node::Group(nodes) => self.list(nodes, size, display),
            Node::BigOp(sym) => {
                let big = if display { size * 1.6 } else { size * 1.15 };
                let mut b = self.glyphs(sym, false, big);
                // Centre the operator on the maths axis.
                let shift = big * 0.25 - size * 0.25;
                for item in &mut b.items {
                    item.shift(0.0, shift);
                }
                b.ascent = big * 0.75 - shift;
                b.descent = big * 0.22 + shift;
                b
            }
            Node::Scripts { base, sup, sub } => {
                self.scripts(base, sup.as_deref(), sub.as_deref(), size, display)
            }
            Node::Frac(num, den) => {
                let inner = if display { size } else { size * 0.8 };
                let n = self.node(num, inner, false);
                let d = self.node(den, inner, false);
                let width = n.width.max(d.width) + size * 0.2;
                let axis = size * 0.28;
                let gap = size * 0.15;
                let mut b = MathBox {
                    width,
                    ..MathBox::default()
                };
                b.append(&n, (width - n.width) / 2.0, -(axis + gap + n.descent));
                b.append(&d, (width - d.width) / 2.0, -axis + gap + d.ascent);
                b.items.push(Item::Line {
                    x1: size * 0.05,
                    y1: -axis,
                    x2: width - size * 0.05,
                    y2: -axis,
                    color: self.color,
                    width: (size * 0.05).max(0.4),
                });
                b
            }
            Node::Sqrt(body) => {
                let inner = self.node(body, size, display);
                let pad = size * 0.12;
                let top = inner.ascent + pad;
                let bottom = inner.descent;
                let tick = size * 0.55;
                let mut b = MathBox {
                    width: tick + inner.width + size * 0.1,
                    ascent: top + size * 0.08,
                    descent: bottom,
                    items: Vec::new(),
                };
                let stroke = (size * 0.05).max(0.4);
                let pts = [
                    (0.0, -size * 0.2),
                    (tick * 0.3, -size * 0.28),
                    (tick * 0.6, bottom),
                    (tick, -top),
                    (b.width, -top),
                ];
                for w in pts.windows(2) {
                    if let [a, c] = w {
                        b.items.push(Item::Line {
                            x1: a.0,
                            y1: a.1,
                            x2: c.0,
                            y2: c.1,
                            color: self.color,
                            width: stroke,
                        });
                    }
                }
                b.append(&inner, tick, 0.0);
                b
            }
            Node::Delimited(open, body, close) => {
                let inner = self.node(body, size, display);
                let height = inner.ascent + inner.descent;
                // Grow the delimiters with the content (vertical scale is
                // not available per glyph; a larger size is).
                let dsize = (height / 0.95).max(size);
                let axis = size * 0.28;
                let place = |text: &str| -> MathBox {
                    if text.is_empty() {
                        return MathBox::default();
                    }
                    let mut g = self.glyphs(text, false, dsize);
                    // Centre the delimiter on the formula's axis.
                    let centre = -(dsize * 0.75 - dsize * 0.22) / 2.0;
                    let shift = -axis - centre;
                    for item in &mut g.items {
                        item.shift(0.0, shift);
                    }
                    g.ascent = dsize * 0.75 - shift;
                    g.descent = dsize * 0.22 + shift;
                    g
                };
                let l = place(open);
                let r = place(close);
                let mut b = MathBox::default();
                b.append(&l, 0.0, 0.0);
                b.append(&inner, l.width, 0.0);
                b.append(&r, l.width + inner.width, 0.0);
                b.width = l.width + inner.width + r.width;
                b
            }
        }
    }

    fn scripts(
        &self,
        base: &Node,
        sup: Option<&Node>,
        sub: Option<&Node>,
        size: f32,
        display: bool,
    ) -> MathBox {
        let b = self.node(base, size, display);
        let small = size * 0.7;
        let sup_box = sup.map(|n| self.node(n, small, false));
        let sub_box = sub.map(|n| self.node(n, small, false));
        let mut out = MathBox::default();
        // Sums and products take limits above and below in display style;
        // integrals keep them at the side (TeX's \nolimits default).
        let limits = matches!(base, Node::BigOp(op) if !matches!(op.as_str(), "∫" | "∬" | "∮"));
        if display && limits {
            // Limits above and below the operator.
            let width = b
                .width
                .max(sup_box.as_ref().map_or(0.0, |s| s.width))
                .max(sub_box.as_ref().map_or(0.0, |s| s.width));
            out.append(&b, (width - b.width) / 2.0, 0.0);
            if let Some(s) = &sup_box {
                out.append(
                    s,
                    (width - s.width) / 2.0,
                    -(b.ascent + size * 0.1 + s.descent),
                );
            }
            if let Some(s) = &sub_box {
                out.append(
                    s,
                    (width - s.width) / 2.0,
                    b.descent + size * 0.1 + s.ascent,
                );
            }
            out.width = width;
            return out;
        }
        out.append(&b, 0.0, 0.0);
        let x = b.width;
        let mut w: f32 = 0.0;
        if let Some(s) = &sup_box {
            let rise = (size * 0.38).max(b.ascent - small * 0.4);
            out.append(s, x, -rise);
            w = w.max(s.width);
        }
        if let Some(s) = &sub_box {
            let drop = if sup_box.is_some() {
                size * 0.3
            } else {
                size * 0.18
            }
            .max(b.descent * 0.6);
            out.append(s, x, drop);
            w = w.max(s.width);
        }
        out.width = x + w + size * 0.04;
        out
    }
}

fn class_of(node: &Node) -> Class {
    match node {
        Node::Sym(_, _, c) => *c,
        Node::BigOp(_) => Class::Op,
        Node::Scripts { base, .. } => class_of(base),
        Node::Text(_) => Class::Op,
        Node::Group(_) | Node::Frac(..) | Node::Sqrt(_) | Node::Delimited(..) | Node::Space(_) => {
            Class::Ord
        }
    }
}

/// Space between two atoms in em (TeXbook, chapter 18's table, simplified:
/// thin = 1/6, medium = 2/9, thick = 5/18).
fn spacing(left: Class, right: Class) -> f32 {
    use Class::*;
    const THIN: f32 = 0.167;
    const MED: f32 = 0.222;
    const THICK: f32 = 0.278;
    match (left, right) {
        (Bin, _) | (_, Bin) => MED,
        (Rel, Rel) => 0.0,
        (Rel, _) | (_, Rel) => THICK,
        (Op, Ord) | (Ord, Op) | (Op, Op) => THIN,
        (Punct, _) => THIN,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(b: &MathBox) -> String {
        b.items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn math_fraction_has_rule_and_both_parts() {
        let m = Measurer::new();
        let mut unknown = Vec::new();
        let style = MathStyle {
            size: 10.0,
            color: Color::BLACK,
            display: true,
        };
        let b = typeset(&m, r"S(p) = \frac{1}{f + (1 - f)/p}", style, &mut unknown);
        assert!(unknown.is_empty());
        assert!(b.items.iter().any(|i| matches!(i, Item::Line { .. })));
        let t = texts(&b);
        assert!(t.contains('S') && t.contains('1') && t.contains('−'), "{t}");
        assert!(b.ascent > 10.0 && b.descent > 3.0);
    }

    #[test]
    fn math_greek_and_relations() {
        let m = Measurer::new();
        let mut unknown = Vec::new();
        let style = MathStyle {
            size: 10.0,
            color: Color::BLACK,
            display: false,
        };
        let b = typeset(
            &m,
            r"\alpha \le \beta \cdot \sum_{i=0}^{n} x_i",
            style,
            &mut unknown,
        );
        let t = texts(&b);
        for c in ["α", "≤", "β", "·", "∑", "x", "i"] {
            assert!(t.contains(c), "{c} in {t}");
        }
    }

    #[test]
    fn math_deep_nesting_does_not_overflow() {
        let m = Measurer::new();
        let mut unknown = Vec::new();
        let style = MathStyle {
            size: 10.0,
            color: Color::BLACK,
            display: true,
        };
        let tex = format!("{}x{}", "\\sqrt{\\frac{1}{".repeat(5000), "}}".repeat(5000));
        let b = typeset(&m, &tex, style, &mut unknown);
        assert!(b.width > 0.0);
        let b = typeset(&m, &"\\sqrt".repeat(100_000), style, &mut unknown);
        assert!(b.width.is_finite());
    }

    #[test]
    fn math_display_lines_split_alignments() {
        let lines = display_lines("\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}\n\nx = 1");
        assert_eq!(lines, ["a = b", "c = d", "x = 1"]);
    }

    #[test]
    fn math_unknown_command_is_reported_and_kept() {
        let m = Measurer::new();
        let mut unknown = Vec::new();
        let style = MathStyle {
            size: 10.0,
            color: Color::BLACK,
            display: false,
        };
        let b = typeset(&m, r"\foo{x}}}{", style, &mut unknown);
        assert_eq!(unknown, ["\\foo"]);
        assert!(texts(&b).contains("\\foo"));
    }

    proptest::proptest! {
        #[test]
        fn math_never_panics(tex in "[\\\\a-z{}^_()\\[\\] ,0-9+=-]{0,40}") {
            let m = Measurer::new();
            let mut unknown = Vec::new();
            let style = MathStyle { size: 10.0, color: Color::BLACK, display: true };
            let b = typeset(&m, &tex, style, &mut unknown);
            proptest::prop_assert!(b.width.is_finite() && b.ascent.is_finite() && b.descent.is_finite());
        }
    }
}
