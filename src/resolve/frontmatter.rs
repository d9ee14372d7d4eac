//! Front matter (docutils' `transforms.frontmatter`; reStructuredText
//! spec, "Document Title" and "Bibliographic Fields"):
//!
//! - [`doc_title`] (320): a lone top-level section becomes the document
//!   title (its ids and names move to the root, which also gets a `title`
//!   attribute), and a lone second-level section the subtitle.
//! - [`doc_info`] (340): a first field list becomes `docinfo`
//!   (author, authors, organization, address, contact, version, revision,
//!   status, date, copyright), with dedication and abstract as topics;
//!   other fields stay generic fields with a class from their name.

use crate::diag::Severity;
use crate::ir::{AttrValue, Kind};

use super::doc::Doc;
use super::ids::{make_id, normalize_name};
use super::tree::NodeId;

/// docutils' `PreBibliographic` elements, skipped when looking for the
/// title section or the field list.
fn is_pre_bibliographic(kind: Option<Kind>) -> bool {
    matches!(
        kind,
        Some(
            Kind::Title
                | Kind::Subtitle
                | Kind::Meta
                | Kind::Decoration
                | Kind::SystemMessage
                | Kind::Comment
                | Kind::SubstitutionDefinition
                | Kind::Target
                | Kind::Pending
        )
    )
}

/// The index of the first child that is not pre-bibliographic.
fn first_body_index(doc: &Doc, node: NodeId) -> Option<usize> {
    doc.tree
        .children(node)
        .iter()
        .position(|&c| !is_pre_bibliographic(doc.tree.kind(c)))
}

/// The lone section that can be promoted: first body child, and last child.
fn candidate(doc: &Doc, node: NodeId) -> Option<(NodeId, usize)> {
    let index = first_body_index(doc, node)?;
    let children = doc.tree.children(node);
    if children.len() > index + 1 {
        return None;
    }
    let section = children[index];
    doc.tree
        .is(section, Kind::Section)
        .then_some((section, index))
}

/// Copy `from`'s attributes onto `to`: lists concatenated, others replaced
/// (docutils' `update_all_atts_concatenating`).
fn take_attributes(doc: &mut Doc, to: NodeId, from: NodeId) {
    let source = doc.tree.attrs(from).clone();
    for (key, value) in source.iter() {
        match value {
            AttrValue::List(items) => {
                for item in items {
                    doc.tree
                        .attrs_mut(to)
                        .push_unique(key.to_string(), item.clone());
                }
            }
            other => doc.tree.attrs_mut(to).set(key.to_string(), other.clone()),
        }
    }
    for id in doc.tree.attrs(to).list("ids").to_vec() {
        if doc.ids.get(&id) == Some(&from) {
            doc.ids.insert(id, to);
        }
    }
}

/// docutils' `DocTitle`.
pub fn doc_title(doc: &mut Doc) {
    let root = doc.tree.root();
    if promote_title(doc, root) {
        promote_subtitle(doc, root);
    }
    if !doc.tree.attrs(root).has("title")
        && let Some(&first) = doc.tree.children(root).first()
        && doc.tree.is(first, Kind::Title)
    {
        let title = doc.tree.text_content(first);
        doc.tree.attrs_mut(root).set("title", title);
    }
}

fn promote_title(doc: &mut Doc, node: NodeId) -> bool {
    if doc
        .tree
        .children(node)
        .first()
        .is_some_and(|&c| doc.tree.is(c, Kind::Title))
    {
        return false;
    }
    let Some((section, index)) = candidate(doc, node) else {
        return false;
    };
    take_attributes(doc, node, section);
    let before: Vec<NodeId> = doc.tree.children(node)[..index].to_vec();
    let section_children = doc.tree.children(section).to_vec();
    let mut children = Vec::with_capacity(before.len() + section_children.len());
    children.extend(section_children.first().copied());
    children.extend(before);
    children.extend(section_children.iter().skip(1).copied());
    doc.tree.set_children(section, Vec::new());
    doc.tree.set_children(node, children);
    true
}

fn promote_subtitle(doc: &mut Doc, node: NodeId) -> bool {
    let Some((subsection, index)) = candidate(doc, node) else {
        return false;
    };
    let span = doc.tree.span(subsection);
    let subtitle = doc.tree.new_element(Kind::Subtitle, span);
    take_attributes(doc, subtitle, subsection);
    let sub_children = doc.tree.children(subsection).to_vec();
    if let Some(&title) = sub_children.first() {
        let title_children = doc.tree.children(title).to_vec();
        doc.tree.set_children(subtitle, title_children);
    }
    let current = doc.tree.children(node).to_vec();
    let mut children = Vec::new();
    children.extend(current.first().copied());
    children.push(subtitle);
    children.extend(current.iter().take(index).skip(1).copied());
    children.extend(sub_children.iter().skip(1).copied());
    doc.tree.set_children(subsection, Vec::new());
    doc.tree.set_children(node, children);
    true
}

/// The canonical bibliographic field names (English).
fn canonical_field(normed: &str) -> Option<&'static str> {
    Some(match normed {
        "author" => "author",
        "authors" => "authors",
        "organization" => "organization",
        "address" => "address",
        "contact" => "contact",
        "version" => "version",
        "revision" => "revision",
        "status" => "status",
        "date" => "date",
        "copyright" => "copyright",
        "dedication" => "dedication",
        "abstract" => "abstract",
        _ => return None,
    })
}

fn field_kind(canonical: &str) -> Option<Kind> {
    Some(match canonical {
        "author" => Kind::Author,
        "organization" => Kind::Organization,
        "address" => Kind::Address,
        "contact" => Kind::Contact,
        "version" => Kind::Version,
        "revision" => Kind::Revision,
        "status" => Kind::Status,
        "date" => Kind::Date,
        "copyright" => Kind::Copyright,
        _ => return None,
    })
}

/// docutils' `DocInfo`.
pub fn doc_info(doc: &mut Doc) {
    let root = doc.tree.root();
    let Some(index) = first_body_index(doc, root) else {
        return;
    };
    let candidate = doc.tree.children(root)[index];
    if !doc.tree.is(candidate, Kind::FieldList) {
        return;
    }
    let biblio_index = doc
        .tree
        .children(root)
        .iter()
        .position(|&c| {
            !matches!(
                doc.tree.kind(c),
                Some(Kind::Title | Kind::Subtitle | Kind::Decoration | Kind::Meta)
            )
        })
        .unwrap_or(doc.tree.children(root).len());
    let nodelist = extract_bibliographic(doc, candidate);
    let mut children = doc.tree.children(root).to_vec();
    children.remove(index);
    let at = biblio_index.min(children.len());
    children.splice(at..at, nodelist);
    doc.tree.set_children(root, children);
}

/// Why a field stays a generic field.
struct NotBibliographic;

fn extract_bibliographic(doc: &mut Doc, field_list: NodeId) -> Vec<NodeId> {
    let span = doc.tree.span(field_list);
    let docinfo = doc.tree.new_element(Kind::Docinfo, span);
    let mut dedication = None;
    let mut abstract_ = None;
    for field in doc.tree.children(field_list).to_vec() {
        let name = doc
            .tree
            .children(field)
            .first()
            .and_then(|&field_name| doc.tree.children(field_name).first().copied())
            .map(|first| doc.tree.text_content(first))
            .unwrap_or_default();
        let normed = normalize_name(&name);
        let result = extract_field(
            doc,
            field,
            &name,
            &normed,
            docinfo,
            &mut dedication,
            &mut abstract_,
        );
        if result.is_err() {
            let body = doc.tree.children(field).last().copied();
            if let Some(body) = body
                && doc.tree.children(body).len() == 1
                && doc.tree.is(doc.tree.children(body)[0], Kind::Paragraph)
            {
                clean_rcs_keywords(doc, doc.tree.children(body)[0]);
            }
            let class = make_id(&normed);
            if !class.is_empty() {
                doc.tree.attrs_mut(field).push("classes", class);
            }
            doc.tree.append(docinfo, field);
        }
    }
    let mut nodelist = Vec::new();
    if !doc.tree.children(docinfo).is_empty() {
        nodelist.push(docinfo);
    }
    nodelist.extend(dedication);
    nodelist.extend(abstract_);
    nodelist
}

fn warn_in_body(doc: &mut Doc, field: NodeId, message: String) {
    let msg = doc.report(Severity::Warning, message, field, Vec::new());
    if let Some(&body) = doc.tree.children(field).last() {
        doc.tree.append(body, msg);
    }
}

fn extract_field(
    doc: &mut Doc,
    field: NodeId,
    name: &str,
    normed: &str,
    docinfo: NodeId,
    dedication: &mut Option<NodeId>,
    abstract_: &mut Option<NodeId>,
) -> Result<(), NotBibliographic> {
    let children = doc.tree.children(field).to_vec();
    let canonical = canonical_field(normed).ok_or(NotBibliographic)?;
    if children.len() != 2 {
        return Err(NotBibliographic);
    }
    let body = children[1];
    if doc.tree.children(body).is_empty() {
        warn_in_body(
            doc,
            field,
            format!("Cannot extract empty bibliographic field \"{name}\"."),
        );
        return Err(NotBibliographic);
    }
    if let Some(kind) = field_kind(canonical) {
        let body_children = doc.tree.children(body).to_vec();
        if !(body_children.len() == 1 && doc.tree.is(body_children[0], Kind::Paragraph)) {
            let content: Vec<String> = body_children
                .iter()
                .filter(|&&c| !doc.tree.is(c, Kind::SystemMessage))
                .map(|&c| format!("<{}>", doc.tree.kind(c).map(Kind::name).unwrap_or("#text")))
                .collect();
            let content = if content.len() > 1 {
                format!("[{}]", content.join(", "))
            } else {
                format!("a {}", content.first().map(String::as_str).unwrap_or(""))
            };
            warn_in_body(
                doc,
                field,
                format!(
                    "Bibliographic field \"{name}\"\nmust contain a single <paragraph>, not {content}."
                ),
            );
            return Err(NotBibliographic);
        }
        let paragraph = body_children[0];
        clean_rcs_keywords(doc, paragraph);
        let element = doc.tree.new_element(kind, doc.tree.span(paragraph));
        if kind == Kind::Address {
            doc.tree.attrs_mut(element).set("xml:space", "preserve");
        }
        let content = doc.tree.children(paragraph).to_vec();
        doc.tree.set_children(element, content);
        doc.tree.append(docinfo, element);
        return Ok(());
    }
    match canonical {
        "authors" => extract_authors(doc, field, name, docinfo),
        "dedication" | "abstract" => {
            let slot = if canonical == "dedication" {
                dedication
            } else {
                abstract_
            };
            if slot.is_some() {
                warn_in_body(
                    doc,
                    field,
                    format!("There can only be one \"{name}\" field."),
                );
                return Err(NotBibliographic);
            }
            let span = doc.tree.span(field);
            let topic = doc.tree.new_element(Kind::Topic, span);
            doc.tree.attrs_mut(topic).push("classes", canonical);
            let title = doc.tree.new_element(Kind::Title, span);
            let label = if canonical == "dedication" {
                "Dedication"
            } else {
                "Abstract"
            };
            let text = doc.tree.new_text(label, span);
            doc.tree.append(title, text);
            let mut content = vec![title];
            content.extend(doc.tree.children(body).iter().copied());
            doc.tree.set_children(topic, content);
            *slot = Some(topic);
            Ok(())
        }
        _ => Err(NotBibliographic),
    }
}

fn extract_authors(
    doc: &mut Doc,
    field: NodeId,
    name: &str,
    docinfo: NodeId,
) -> Result<(), NotBibliographic> {
    let authors = authors_of(doc, field);
    let authors: Vec<Vec<NodeId>> = authors
        .unwrap_or_default()
        .into_iter()
        .filter(|a| !a.is_empty())
        .collect();
    if authors.is_empty() {
        warn_in_body(
            doc,
            field,
            format!(
                "Cannot extract \"{name}\" from bibliographic field:\nBibliographic field \"{name}\" must contain either\n a single paragraph (with author names separated by a character from the set \";,\"),\n multiple paragraphs (one per author),\n or a bullet list with one author name per item.\nNote: Leading initials can cause (mis)recognizing names as enumerated list."
            ),
        );
        return Err(NotBibliographic);
    }
    let span = doc.tree.span(field);
    let authors_node = doc.tree.new_element(Kind::Authors, span);
    for author in authors {
        let element = doc.tree.new_element(Kind::Author, span);
        doc.tree.set_children(element, author);
        doc.tree.append(authors_node, element);
    }
    doc.tree.append(docinfo, authors_node);
    Ok(())
}

/// The author names of an `authors` field: one paragraph split at `;`
/// (else `,`), a bullet list, or one paragraph per author.
fn authors_of(doc: &mut Doc, field: NodeId) -> Option<Vec<Vec<NodeId>>> {
    let body = *doc.tree.children(field).get(1)?;
    let body_children = doc.tree.children(body).to_vec();
    if body_children.len() == 1 {
        let only = body_children[0];
        if doc.tree.is(only, Kind::Paragraph) {
            let text = doc.tree.text_content(body);
            if text.is_empty() {
                return None;
            }
            let mut names: Vec<&str> = vec![&text];
            for separator in [';', ','] {
                let parts: Vec<&str> = text.split(separator).collect();
                names = parts;
                if names.len() > 1 {
                    break;
                }
            }
            let span = doc.tree.span(only);
            let names: Vec<String> = names
                .iter()
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .collect();
            return Some(
                names
                    .into_iter()
                    .map(|n| vec![doc.tree.new_text(n, span)])
                    .collect(),
            );
        }
        if doc.tree.is(only, Kind::BulletList) {
            let mut authors = Vec::new();
            for item in doc.tree.children(only).to_vec() {
                if doc.tree.is(item, Kind::Comment) {
                    continue;
                }
                let item_children = doc.tree.children(item);
                if item_children.len() != 1 || !doc.tree.is(item_children[0], Kind::Paragraph) {
                    return None;
                }
                authors.push(doc.tree.children(item_children[0]).to_vec());
            }
            return (!authors.is_empty()).then_some(authors);
        }
        return None;
    }
    if body_children
        .iter()
        .any(|&c| !matches!(doc.tree.kind(c), Some(Kind::Paragraph | Kind::Comment)))
    {
        return None;
    }
    Some(
        body_children
            .iter()
            .filter(|&&c| doc.tree.is(c, Kind::Paragraph))
            .map(|&c| doc.tree.children(c).to_vec())
            .collect(),
    )
}

/// docutils' `clean_rcs_keywords`: in a paragraph that is one text node,
/// `$Date: 2000/12/31 ... $` becomes `2000-12-31`, `$RCSfile: x,v $`
/// becomes `x`, and `$Keyword: value $` becomes `value`.
fn clean_rcs_keywords(doc: &mut Doc, paragraph: NodeId) {
    let children = doc.tree.children(paragraph);
    if children.len() != 1 || !doc.tree.is_text(children[0]) {
        return;
    }
    let text_node = children[0];
    if let Some(text) = doc.tree.node_mut(text_node).text_mut()
        && let Some(cleaned) = clean_rcs_text(text)
    {
        *text = cleaned;
    }
}

fn clean_rcs_text(text: &str) -> Option<String> {
    let start = text.find('$')?;
    let rest = &text[start + 1..];
    let colon = rest.find(": ")?;
    let keyword = &rest[..colon];
    if keyword.is_empty() || !keyword.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let value_and_end = &rest[colon + 2..];
    let end = value_and_end.find(" $")?;
    let value = &value_and_end[..end];
    if value.contains('$') || value.is_empty() {
        return None;
    }
    let after = &value_and_end[end + 2..];
    let replacement = if keyword.eq_ignore_ascii_case("date") {
        let bytes: Vec<char> = value.chars().collect();
        let digits = |r: std::ops::Range<usize>| {
            bytes
                .get(r)
                .is_some_and(|s| s.iter().all(char::is_ascii_digit))
        };
        if bytes.len() >= 11 && digits(0..4) && digits(5..7) && digits(8..10) {
            format!(
                "{}-{}-{}",
                bytes[0..4].iter().collect::<String>(),
                bytes[5..7].iter().collect::<String>(),
                bytes[8..10].iter().collect::<String>()
            )
        } else {
            value.to_string()
        }
    } else if keyword.eq_ignore_ascii_case("rcsfile") {
        value.strip_suffix(",v").unwrap_or(value).to_string()
    } else {
        value.to_string()
    };
    Some(format!("{}{}{}", &text[..start], replacement, after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frontmatter_rcs_keywords() {
        assert_eq!(
            clean_rcs_text("$RCSfile: test.txt,v $").as_deref(),
            Some("test.txt")
        );
        assert_eq!(
            clean_rcs_text("$Date: 2002/10/08 01:34:23 $").as_deref(),
            Some("2002-10-08")
        );
        assert_eq!(clean_rcs_text("$Revision: 1.2 $").as_deref(), Some("1.2"));
        assert_eq!(clean_rcs_text("plain"), None);
    }
}
