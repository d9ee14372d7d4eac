//! Interpreted text roles (reStructuredText spec, "Interpreted Text";
//! docutils' `parsers.rst.roles`): the standard roles, the registry that the
//! `role` and `default-role` directives extend, and the dispatch from the
//! inline parser.
//!
//! # Adding a role
//!
//! `registry.insert("kbd", Role::function(run_kbd))` with
//! `fn run_kbd(p: &mut Parser<'_>, call: &RoleCall) -> RoleOutput`: the
//! function gets the raw source, the text (backslash escapes as NULs; use
//! [`unescape`]), the options of a derived role and the span, and returns
//! nodes and system messages. Sphinx roles are added in `sphinx_roles.rs`.

use std::collections::HashMap;

use crate::diag::Severity;
use crate::ir::{Kind, Span};

use super::Parser;
use super::directives::Options;
use super::inline::{restore_backslashes, unescape};
use super::tree::NodeId;

/// Nodes and messages a role produces.
pub type RoleOutput = (Vec<NodeId>, Vec<NodeId>);

/// What a role function receives.
pub struct RoleCall<'c> {
    /// The role name as written.
    pub name: &'c str,
    /// The whole interpreted text, role included, backslashes restored.
    pub rawtext: &'c str,
    /// The text between the backquotes, escapes as NUL + character.
    pub text: &'c str,
    pub span: Span,
    /// Options of a role derived with the `role` directive.
    pub options: &'c Options,
}

/// A role implementation.
pub type RoleFn = for<'a, 'b, 'c> fn(&'b mut Parser<'a>, &'b RoleCall<'c>) -> RoleOutput;

/// The built-in role behaviours.
#[derive(Clone, Copy, Debug)]
pub enum BaseRole {
    /// A node of this kind around the unescaped text.
    Generic(Kind),
    /// `inline` with the role's classes (roles made by the `role` directive).
    Custom,
    Code,
    Math,
    Pep,
    Rfc,
    Raw,
    Unimplemented,
    Function(RoleFn),
}

/// A role: its behaviour and the options a `role` directive gave it.
#[derive(Clone, Debug)]
pub struct Role {
    pub base: BaseRole,
    pub options: Options,
}

impl Role {
    pub fn base(base: BaseRole) -> Role {
        Role {
            base,
            options: Options::default(),
        }
    }
    /// A role implemented by a function.
    pub fn function(f: RoleFn) -> Role {
        Role::base(BaseRole::Function(f))
    }
}

impl std::fmt::Debug for RoleCall<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RoleCall")
            .field("name", &self.name)
            .finish()
    }
}

/// Roles by lowercase name; `""` is the default role once set.
#[derive(Clone, Debug, Default)]
pub struct RoleRegistry {
    roles: HashMap<String, Role>,
}

/// English role names and their canonical names.
fn canonical(name: &str) -> Option<&'static str> {
    Some(match name {
        "abbreviation" | "ab" => "abbreviation",
        "acronym" | "ac" => "acronym",
        "code" => "code",
        "emphasis" => "emphasis",
        "literal" => "literal",
        "math" => "math",
        "pep-reference" | "pep" => "pep-reference",
        "rfc-reference" | "rfc" => "rfc-reference",
        "strong" => "strong",
        "subscript" | "sub" => "subscript",
        "superscript" | "sup" => "superscript",
        "title-reference" | "title" | "t" => "title-reference",
        "named-reference" => "named-reference",
        "anonymous-reference" => "anonymous-reference",
        "footnote-reference" => "footnote-reference",
        "citation-reference" => "citation-reference",
        "substitution-reference" => "substitution-reference",
        "target" => "target",
        "uri-reference" | "uri" | "url" => "uri-reference",
        "raw" => "raw",
        _ => return None,
    })
}

fn canonical_role(name: &str) -> Option<BaseRole> {
    Some(match name {
        "abbreviation" => BaseRole::Generic(Kind::Abbreviation),
        "acronym" => BaseRole::Generic(Kind::Acronym),
        "emphasis" => BaseRole::Generic(Kind::Emphasis),
        "literal" => BaseRole::Generic(Kind::Literal),
        "strong" => BaseRole::Generic(Kind::Strong),
        "subscript" => BaseRole::Generic(Kind::Subscript),
        "superscript" => BaseRole::Generic(Kind::Superscript),
        "title-reference" => BaseRole::Generic(Kind::TitleReference),
        "code" => BaseRole::Code,
        "math" => BaseRole::Math,
        "pep-reference" => BaseRole::Pep,
        "rfc-reference" => BaseRole::Rfc,
        "raw" => BaseRole::Raw,
        "named-reference"
        | "anonymous-reference"
        | "footnote-reference"
        | "citation-reference"
        | "substitution-reference"
        | "target"
        | "uri-reference"
        | "restructuredtext-unimplemented-role" => BaseRole::Unimplemented,
        _ => return None,
    })
}

impl RoleRegistry {
    /// Register (or replace) a role under `name`.
    pub fn insert(&mut self, name: &str, role: Role) {
        self.roles.insert(name.to_lowercase(), role);
    }

    pub fn remove(&mut self, name: &str) {
        self.roles.remove(name);
    }

    /// Whether a local role is registered under this exact name.
    pub fn contains(&self, name: &str) -> bool {
        self.roles.contains_key(name)
    }
}

impl<'a> Parser<'a> {
    /// Look a role up (docutils' `roles.role`): the role, and an info
    /// message when the name had to be tried as canonical.
    pub fn lookup_role(&mut self, name: &str, span: Span) -> (Option<Role>, Vec<NodeId>) {
        let normname = name.to_lowercase();
        if let Some(role) = self.roles.roles.get(&normname) {
            return (Some(role.clone()), Vec::new());
        }
        let mut messages = Vec::new();
        let canon = if name.is_empty() {
            "title-reference".to_string()
        } else {
            match canonical(&normname) {
                Some(c) => c.to_string(),
                None => {
                    let msg = self.doc.message(
                        Severity::Info,
                        &format!(
                            "No role entry for \"{name}\" in module \"docutils.parsers.rst.languages.en\".\nTrying \"{name}\" as canonical role name."
                        ),
                        span,
                        &[],
                    );
                    messages.push(msg);
                    normname.clone()
                }
            }
        };
        match canonical_role(&canon) {
            Some(base) => (Some(Role::base(base)), messages),
            None => (None, messages),
        }
    }

    /// Interpreted text: run its role (docutils' `Inliner.interpreted`).
    pub fn interpreted(&mut self, rawtext: &str, text: &str, role: &str, span: Span) -> RoleOutput {
        let (found, mut messages) = self.lookup_role(role, span);
        let Some(found) = found else {
            let msg = self.doc.message(
                Severity::Error,
                &format!("Unknown interpreted text role \"{role}\"."),
                span,
                &[],
            );
            let prb = self.doc.problematic(rawtext, msg, span);
            messages.push(msg);
            return (vec![prb], messages);
        };
        let call = RoleCall {
            name: role,
            rawtext,
            text,
            span,
            options: &found.options,
        };
        let (nodes, more) = self.run_role(found.base, &call);
        messages.extend(more);
        (nodes, messages)
    }

    pub(crate) fn role_error(&mut self, call: &RoleCall<'_>, message: &str) -> RoleOutput {
        let msg = self.doc.message(Severity::Error, message, call.span, &[]);
        let prb = self.doc.problematic(call.rawtext, msg, call.span);
        (vec![prb], vec![msg])
    }

    fn set_role_classes(&mut self, node: NodeId, options: &Options) {
        if let Some(classes) = options.list("class") {
            for c in classes {
                self.doc.tree.attrs_mut(node).push("classes", c.clone());
            }
        }
    }

    /// Run a role's behaviour.
    pub fn run_role(&mut self, base: BaseRole, call: &RoleCall<'_>) -> RoleOutput {
        let span = call.span;
        match base {
            BaseRole::Generic(kind) => {
                let node = self.doc.tree.text_element(kind, &unescape(call.text), span);
                self.set_role_classes(node, call.options);
                (vec![node], Vec::new())
            }
            BaseRole::Custom => {
                let node = self
                    .doc
                    .tree
                    .text_element(Kind::Inline, &unescape(call.text), span);
                self.set_role_classes(node, call.options);
                (vec![node], Vec::new())
            }
            BaseRole::Code => {
                let node = self.doc.tree.element(Kind::Literal, span);
                self.doc.tree.attrs_mut(node).push("classes", "code");
                if let Some(classes) = call.options.list("class") {
                    for c in classes {
                        self.doc.tree.attrs_mut(node).push("classes", c.clone());
                    }
                }
                if let Some(lang) = call.options.str("language")
                    && !lang.is_empty()
                {
                    self.doc
                        .tree
                        .attrs_mut(node)
                        .push_unique("classes", lang.to_string());
                }
                let t = self.doc.tree.text(restore_backslashes(call.text), span);
                self.doc.tree.append(node, t);
                (vec![node], Vec::new())
            }
            BaseRole::Math => {
                let node =
                    self.doc
                        .tree
                        .text_element(Kind::Math, &restore_backslashes(call.text), span);
                self.set_role_classes(node, call.options);
                (vec![node], Vec::new())
            }
            BaseRole::Pep => {
                let text = unescape(call.text);
                match text.trim().parse::<i64>() {
                    Ok(n) if (0..=9999).contains(&n) => {
                        let node = self.doc.tree.text_element(
                            Kind::Reference,
                            &format!("PEP {text}"),
                            span,
                        );
                        self.doc.tree.set(
                            node,
                            "refuri",
                            format!("https://peps.python.org/pep-{n:04}"),
                        );
                        self.set_role_classes(node, call.options);
                        (vec![node], Vec::new())
                    }
                    _ => self.role_error(
                        call,
                        &format!(
                            "PEP number must be a number from 0 to 9999; \"{text}\" is invalid."
                        ),
                    ),
                }
            }
            BaseRole::Rfc => {
                let text = unescape(call.text);
                let (num, anchor) = match text.split_once('#') {
                    Some((n, a)) => (n.to_string(), format!("#{a}")),
                    None => (text.clone(), String::new()),
                };
                match num.trim().parse::<i64>() {
                    Ok(n) if n >= 1 => {
                        let node = self.doc.tree.text_element(Kind::Reference, &format!("RFC {num}"), span);
                        self.doc.tree.set(node, "refuri", format!("https://tools.ietf.org/html/rfc{n}.html{anchor}"));
                        self.set_role_classes(node, call.options);
                        (vec![node], Vec::new())
                    }
                    _ => self.role_error(
                        call,
                        &format!("RFC number must be a number greater than or equal to 1; \"{text}\" is invalid."),
                    ),
                }
            }
            BaseRole::Raw => {
                if self.options.safe {
                    return self.role_error(call, "raw (and derived) roles disabled");
                }
                let Some(format) = call.options.str("format").map(str::to_string) else {
                    return self.role_error(
                        call,
                        &format!(
                            "No format (Writer name) is associated with this role: \"{}\".\nThe \"raw\" role cannot be used directly.\nInstead, use the \"role\" directive to create a new role with an associated format.",
                            call.name
                        ),
                    );
                };
                let node = self.doc.tree.text_element(
                    Kind::Raw,
                    &super::inline::restore_backslashes(call.text),
                    span,
                );
                self.doc.tree.set(node, "format", format);
                self.doc.tree.set(node, "xml:space", "preserve");
                self.set_role_classes(node, call.options);
                (vec![node], Vec::new())
            }
            BaseRole::Unimplemented => self.role_error(
                call,
                &format!("Interpreted text role \"{}\" not implemented.", call.name),
            ),
            BaseRole::Function(f) => f(self, call),
        }
    }

    /// Register a role derived by the `role` directive.
    pub fn register_role(&mut self, name: &str, role: Role) {
        self.roles.insert(name, role);
    }

    /// Set (or with `None`, reset) the default role.
    pub fn set_default_role(&mut self, role: Option<Role>) {
        match role {
            Some(r) => self.roles.insert("", r),
            None => self.roles.remove(""),
        }
    }
}
