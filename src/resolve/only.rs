//! `only` (Sphinx): content kept for some output formats only.
//!
//! The resolved tree keeps its `only` nodes, so one tree serves every
//! format; [`select_for_format`] gives a writer its pruned copy. The
//! expression is Sphinx's: tag names joined by `and`, `or`, `not` and
//! parentheses. The tags true for a format are the format's name (`html`,
//! `pdf`, `epub`, `ipynb`), `latex` for PDF too (what Sphinx lessons use
//! for their printed version) and the style's extra tags.

use crate::ir::{Document, Element, Kind, Node};

/// The tags that hold when writing `format` (plus `extra` from the style).
pub fn format_tags(format: &str, extra: &[String]) -> Vec<String> {
    let mut tags = vec![format.to_string()];
    if format == "pdf" {
        tags.push("latex".to_string());
    }
    tags.extend(extra.iter().cloned());
    tags
}

/// A copy of `doc` with each `only` node replaced by its content when its
/// expression holds for `format`, or dropped; `None` (no copy made) when
/// the document has no `only` node.
pub fn select_for_format(doc: &Document, format: &str, tags: &[String]) -> Option<Document> {
    doc.root.find(&|e: &Element| e.kind == Kind::Only)?;
    let tags = format_tags(format, tags);
    let mut root = doc.root.clone();
    prune(&mut root, &tags);
    Some(Document {
        root,
        sources: doc.sources.clone(),
    })
}

fn prune(el: &mut Element, tags: &[String]) {
    let children = std::mem::take(&mut el.children);
    for child in children {
        match child {
            Node::Element(mut e) if e.kind == Kind::Only => {
                if evaluate(e.attrs.str("expr").unwrap_or(""), tags) {
                    prune(&mut e, tags);
                    el.children.extend(e.children);
                }
            }
            Node::Element(mut e) => {
                prune(&mut e, tags);
                el.children.push(Node::Element(e));
            }
            text => el.children.push(text),
        }
    }
}

/// Evaluate an `only` expression: `html`, `pdf or epub`, `not ipynb`,
/// `(html and draft) or pdf`. A malformed expression is false.
pub fn evaluate(expr: &str, tags: &[String]) -> bool {
    let tokens = tokenize(expr);
    let mut parser = ExprParser {
        tokens: &tokens,
        pos: 0,
        tags,
        depth: 0,
    };
    match parser.or() {
        Some(value) if parser.pos == tokens.len() => value,
        _ => false,
    }
}

fn tokenize(expr: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    for c in expr.chars() {
        if c == '(' || c == ')' || c.is_whitespace() {
            if !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
            if !c.is_whitespace() {
                tokens.push(c.to_string());
            }
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

/// A recursive-descent evaluator; nesting is bounded so a hostile
/// expression cannot exhaust the stack.
struct ExprParser<'a> {
    tokens: &'a [String],
    pos: usize,
    tags: &'a [String],
    depth: usize,
}

const MAX_NESTING: usize = 64;

impl ExprParser<'_> {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.pos).map(String::as_str)
    }

    fn or(&mut self) -> Option<bool> {
        let mut value = self.and()?;
        while self.peek() == Some("or") {
            self.pos += 1;
            let rhs = self.and()?;
            value = value || rhs;
        }
        Some(value)
    }

    fn and(&mut self) -> Option<bool> {
        let mut value = self.not()?;
        while self.peek() == Some("and") {
            self.pos += 1;
            let rhs = self.not()?;
            value = value && rhs;
        }
        Some(value)
    }

    fn not(&mut self) -> Option<bool> {
        if self.peek() == Some("not") {
            self.pos += 1;
            self.depth += 1;
            if self.depth > MAX_NESTING {
                return None;
            }
            let value = !self.not()?;
            self.depth -= 1;
            return Some(value);
        }
        self.atom()
    }

    fn atom(&mut self) -> Option<bool> {
        match self.peek()? {
            "(" => {
                self.pos += 1;
                self.depth += 1;
                if self.depth > MAX_NESTING {
                    return None;
                }
                let value = self.or()?;
                self.depth -= 1;
                (self.peek() == Some(")")).then(|| {
                    self.pos += 1;
                    value
                })
            }
            ")" | "and" | "or" => None,
            tag => {
                let value = self.tags.iter().any(|t| t == tag);
                self.pos += 1;
                Some(value)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn only_expressions() {
        let html = format_tags("html", &[]);
        assert!(evaluate("html", &html));
        assert!(!evaluate("pdf or epub", &html));
        assert!(evaluate("pdf or epub", &format_tags("epub", &[])));
        assert!(evaluate("not ipynb", &html));
        assert!(evaluate(
            "(html and draft) or pdf",
            &format_tags("html", &tags(&["draft"]))
        ));
        assert!(!evaluate("html and", &html));
        assert!(!evaluate("((html)", &html));
        let deep = "(".repeat(1000) + "html" + &")".repeat(1000);
        assert!(!evaluate(&deep, &html));
    }
}
