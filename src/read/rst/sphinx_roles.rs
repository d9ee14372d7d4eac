//! The Sphinx lesson subset's roles (parse-stage forms specified by
//! `scripts/sphinx-parse.py`; resolved by `src/resolve/sphinx/xref.rs`):
//!
//! - cross-references `:ref:`, `:numref:`, `:doc:`, `:term:`, `:eq:` and
//!   the Python-domain roles (`:func:`, `:class:`, `:meth:`, `:mod:`,
//!   `:attr:`, `:data:`, `:exc:`, `:obj:`, also with `py:`): a
//!   `pending_xref` (`refdomain`, `reftype`, `reftarget`, `refexplicit`)
//!   around the text to show (`title <target>` gives an explicit title;
//!   `~a.b` shows `b`; `:func:`/`:meth:` add `()`);
//! - `:download:` → `download_reference` around `literal.download`;
//! - `:kbd:` → `literal.kbd`; `:abbr:` → `abbreviation` with
//!   `explanation`; `:file:`/`:samp:` → `literal` with `{var}` as
//!   emphasis; `:command:`/`:program:` → `literal_strong`; `:guilabel:`
//!   (`&` accelerators dropped), `:menuselection:` (`-->` becomes `‣`) →
//!   `inline`.

use crate::ir::{AttrValue, Kind};

use super::Parser;
use super::inline::unescape;
use super::roles::{Role, RoleCall, RoleOutput, RoleRegistry};

/// A role registry with the Sphinx roles.
pub fn registry() -> RoleRegistry {
    let mut r = RoleRegistry::default();
    register(&mut r);
    r
}

/// Register the Sphinx roles.
pub fn register(r: &mut RoleRegistry) {
    r.insert("ref", Role::function(role_ref));
    r.insert("numref", Role::function(role_numref));
    r.insert("doc", Role::function(role_doc));
    r.insert("term", Role::function(role_term));
    r.insert("eq", Role::function(role_eq));
    r.insert("download", Role::function(role_download));
    r.insert("kbd", Role::function(role_kbd));
    r.insert("abbr", Role::function(role_abbr));
    r.insert("file", Role::function(role_file));
    r.insert("samp", Role::function(role_samp));
    r.insert("command", Role::function(role_command));
    r.insert("program", Role::function(role_program));
    r.insert("guilabel", Role::function(role_guilabel));
    r.insert("menuselection", Role::function(role_menuselection));
    for name in PY_ROLES {
        r.insert(name, Role::function(role_py));
        r.insert(&format!("py:{name}"), Role::function(role_py));
    }
}

const PY_ROLES: [&str; 8] = ["func", "class", "meth", "mod", "attr", "data", "exc", "obj"];

/// `title <target>` → (explicit, title, target), on the escaped text
/// (an escaped `\<` does not start a target).
pub fn split_title(escaped: &str) -> (bool, String, String) {
    let trimmed = escaped.trim_end();
    if let Some(inner) = trimmed.strip_suffix('>')
        && let Some(open) = inner.rfind('<')
        && open > 0
        && !inner[..open].ends_with('\0')
    {
        let title = inner[..open].trim_end();
        if !title.is_empty() {
            return (true, unescape(title), unescape(&inner[open + 1..]));
        }
    }
    let text = unescape(escaped);
    (false, text.clone(), text)
}

/// A `pending_xref` around an inner node of `inner` kind.
fn xref(
    p: &mut Parser<'_>,
    call: &RoleCall<'_>,
    domain: &str,
    reftype: &str,
    inner: Kind,
    lower: bool,
    parens: bool,
) -> RoleOutput {
    let (explicit, title, mut target) = split_title(call.text);
    let mut shown = title;
    if !explicit {
        if let Some(rest) = target.strip_prefix('~') {
            target = rest.to_string();
            shown = target.rsplit('.').next().unwrap_or(&target).to_string();
        } else if let Some(rest) = target.strip_prefix('!') {
            target = rest.to_string();
            shown = target.clone();
        }
        if parens && !shown.ends_with("()") {
            shown.push_str("()");
        }
    }
    if lower {
        target = target.to_lowercase();
    }
    let span = call.span;
    let node = p.doc.tree.element(Kind::PendingXref, span);
    p.doc.tree.set(node, "refdomain", domain.to_string());
    p.doc.tree.set(node, "reftype", reftype.to_string());
    p.doc.tree.set(node, "reftarget", target);
    p.doc.tree.set(node, "refexplicit", explicit);
    p.doc.tree.set(node, "refwarn", true);
    let inner_node = p.doc.tree.text_element(inner, &shown, span);
    p.doc.tree.set(
        inner_node,
        "classes",
        vec![
            "xref".to_string(),
            domain.to_string(),
            format!("{domain}-{reftype}"),
        ],
    );
    p.doc.tree.append(node, inner_node);
    (vec![node], Vec::new())
}

fn role_ref(p: &mut Parser<'_>, call: &RoleCall<'_>) -> RoleOutput {
    xref(p, call, "std", "ref", Kind::Inline, true, false)
}

fn role_numref(p: &mut Parser<'_>, call: &RoleCall<'_>) -> RoleOutput {
    xref(p, call, "std", "numref", Kind::Inline, true, false)
}

fn role_doc(p: &mut Parser<'_>, call: &RoleCall<'_>) -> RoleOutput {
    xref(p, call, "std", "doc", Kind::Inline, false, false)
}

fn role_term(p: &mut Parser<'_>, call: &RoleCall<'_>) -> RoleOutput {
    xref(p, call, "std", "term", Kind::Inline, false, false)
}

fn role_eq(p: &mut Parser<'_>, call: &RoleCall<'_>) -> RoleOutput {
    xref(p, call, "math", "eq", Kind::Literal, false, false)
}

fn role_py(p: &mut Parser<'_>, call: &RoleCall<'_>) -> RoleOutput {
    let name = call.name.to_lowercase();
    let reftype = name.strip_prefix("py:").unwrap_or(&name).to_string();
    let parens = matches!(reftype.as_str(), "func" | "meth");
    xref(p, call, "py", &reftype, Kind::Literal, false, parens)
}

fn classed(
    p: &mut Parser<'_>,
    call: &RoleCall<'_>,
    kind: Kind,
    class: &str,
    text: &str,
) -> RoleOutput {
    let node = p.doc.tree.text_element(kind, text, call.span);
    p.doc.tree.set(node, "classes", vec![class.to_string()]);
    (vec![node], Vec::new())
}

fn role_download(p: &mut Parser<'_>, call: &RoleCall<'_>) -> RoleOutput {
    let (_, title, target) = split_title(call.text);
    // `--safe`: the HTML writer copies this file beside the page.
    if let Err(reason) = p.check_local_file(&target, call.span) {
        return p.role_error(call, &format!("download refused: {reason}"));
    }
    let node = p.doc.tree.element(Kind::DownloadReference, call.span);
    p.doc.tree.set(node, "reftarget", target);
    let inner = p.doc.tree.text_element(Kind::Literal, &title, call.span);
    p.doc
        .tree
        .set(inner, "classes", vec!["download".to_string()]);
    p.doc.tree.append(node, inner);
    (vec![node], Vec::new())
}

fn role_kbd(p: &mut Parser<'_>, call: &RoleCall<'_>) -> RoleOutput {
    classed(p, call, Kind::Literal, "kbd", &unescape(call.text))
}

fn role_command(p: &mut Parser<'_>, call: &RoleCall<'_>) -> RoleOutput {
    classed(
        p,
        call,
        Kind::LiteralStrong,
        "command",
        &unescape(call.text),
    )
}

fn role_program(p: &mut Parser<'_>, call: &RoleCall<'_>) -> RoleOutput {
    classed(
        p,
        call,
        Kind::LiteralStrong,
        "program",
        &unescape(call.text),
    )
}

fn role_guilabel(p: &mut Parser<'_>, call: &RoleCall<'_>) -> RoleOutput {
    let text = unescape(call.text)
        .replace("&&", "\u{0}")
        .replace('&', "")
        .replace('\u{0}', "&");
    classed(p, call, Kind::Inline, "guilabel", &text)
}

fn role_menuselection(p: &mut Parser<'_>, call: &RoleCall<'_>) -> RoleOutput {
    let text = unescape(call.text)
        .replace("-->", "\u{2023}")
        .replace("&&", "\u{0}")
        .replace('&', "")
        .replace('\u{0}', "&");
    classed(p, call, Kind::Inline, "menuselection", &text)
}

fn role_abbr(p: &mut Parser<'_>, call: &RoleCall<'_>) -> RoleOutput {
    let text = unescape(call.text);
    let node = match text
        .trim_end()
        .strip_suffix(')')
        .and_then(|t| t.rsplit_once('('))
    {
        Some((abbr, explanation)) if !abbr.trim().is_empty() => {
            let node = p
                .doc
                .tree
                .text_element(Kind::Abbreviation, abbr.trim_end(), call.span);
            p.doc
                .tree
                .set(node, "explanation", AttrValue::Str(explanation.to_string()));
            node
        }
        _ => p
            .doc
            .tree
            .text_element(Kind::Abbreviation, &text, call.span),
    };
    (vec![node], Vec::new())
}

/// `:file:`/`:samp:`: `{var}` parts become emphasis (`\{` is literal).
fn emphasised(p: &mut Parser<'_>, call: &RoleCall<'_>, class: &str) -> RoleOutput {
    let span = call.span;
    let node = p.doc.tree.element(Kind::Literal, span);
    p.doc.tree.set(node, "classes", vec![class.to_string()]);
    let mut plain = String::new();
    let mut chars = call.text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\0' => {
                if let Some(next) = chars.next() {
                    plain.push(next);
                }
            }
            '{' => {
                let mut var = String::new();
                let mut closed = false;
                for n in chars.by_ref() {
                    if n == '}' {
                        closed = true;
                        break;
                    }
                    var.push(n);
                }
                if closed {
                    if !plain.is_empty() {
                        let t = p.doc.tree.text(std::mem::take(&mut plain), span);
                        p.doc.tree.append(node, t);
                    }
                    let em = p
                        .doc
                        .tree
                        .text_element(Kind::Emphasis, &unescape(&var), span);
                    p.doc.tree.append(node, em);
                } else {
                    plain.push('{');
                    plain.push_str(&unescape(&var));
                }
            }
            c => plain.push(c),
        }
    }
    if !plain.is_empty() {
        let t = p.doc.tree.text(plain, span);
        p.doc.tree.append(node, t);
    }
    (vec![node], Vec::new())
}

fn role_file(p: &mut Parser<'_>, call: &RoleCall<'_>) -> RoleOutput {
    emphasised(p, call, "file")
}

fn role_samp(p: &mut Parser<'_>, call: &RoleCall<'_>) -> RoleOutput {
    emphasised(p, call, "samp")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sphinx_roles_split_titles() {
        assert_eq!(
            split_title("the kernel <code-reduction>"),
            (true, "the kernel".to_string(), "code-reduction".to_string())
        );
        assert_eq!(
            split_title("label"),
            (false, "label".to_string(), "label".to_string())
        );
        assert_eq!(
            split_title("a \0<b>"),
            (false, "a <b>".to_string(), "a <b>".to_string())
        );
    }
}
