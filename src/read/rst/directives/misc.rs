//! Miscellaneous directives (spec, "Miscellaneous" and "Substitution
//! Definitions"): raw, replace, unicode, date, class, role, default-role,
//! title, meta, include, and docutils' test directive.

use crate::diag::Severity;
use crate::ir::{AttrValue, Kind};

use super::super::Parser;
use super::super::lines::split_lines;
use super::options::unicode_code;
use super::{Directive, DirectiveError, DirectiveResult, DirectiveSpec, OptionKind, Registry};

pub fn register(r: &mut Registry) {
    r.insert(
        "raw",
        DirectiveSpec::new(run_raw)
            .args(1, 0, true)
            .options(&[
                ("file", OptionKind::Path),
                ("url", OptionKind::Uri),
                ("encoding", OptionKind::Encoding),
                ("class", OptionKind::Class),
            ])
            .content(),
    );
    r.insert("replace", DirectiveSpec::new(run_replace).content());
    r.insert(
        "unicode",
        DirectiveSpec::new(run_unicode).args(1, 0, true).options(&[
            ("trim", OptionKind::Flag),
            ("ltrim", OptionKind::Flag),
            ("rtrim", OptionKind::Flag),
        ]),
    );
    r.insert("date", DirectiveSpec::new(run_date).content());
    let class = DirectiveSpec::new(run_class).args(1, 0, true).content();
    // docutils registers Sphinx's name as an alias
    r.insert("rst-class", class.clone());
    r.insert("class", class);
    r.insert("role", DirectiveSpec::new(run_role).content());
    r.insert(
        "default-role",
        DirectiveSpec::new(run_default_role).args(0, 1, false),
    );
    r.insert("title", DirectiveSpec::new(run_title).args(1, 0, true));
    r.insert(
        "restructuredtext-test-directive",
        DirectiveSpec::new(run_test)
            .args(0, 1, true)
            .options(&[("option", OptionKind::UnchangedRequired)])
            .content(),
    );
    r.insert(
        "include",
        DirectiveSpec::new(run_include).args(1, 0, true).options(&[
            ("literal", OptionKind::Flag),
            ("code", OptionKind::Unchanged),
            ("encoding", OptionKind::Encoding),
            ("parser", OptionKind::Unchanged),
            ("tab-width", OptionKind::NonNegativeInt),
            ("start-line", OptionKind::Unchanged),
            ("end-line", OptionKind::Unchanged),
            ("start-after", OptionKind::UnchangedRequired),
            ("end-before", OptionKind::UnchangedRequired),
            ("number-lines", OptionKind::Unchanged),
            ("class", OptionKind::Class),
            ("name", OptionKind::Unchanged),
        ]),
    );
}

fn run_raw<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    if p.options.safe {
        return Err(DirectiveError::warning(format!(
            "\"{}\" directive disabled.",
            d.name
        )));
    }
    let format = d
        .arguments
        .first()
        .cloned()
        .unwrap_or_default()
        .to_lowercase();
    let format = format.split_whitespace().collect::<Vec<_>>().join(" ");
    if d.content.is_empty() && !d.options.has("file") && !d.options.has("url") {
        return Err(DirectiveError::error(format!(
            "Content block expected for the \"{}\" directive; none found.",
            d.name
        )));
    }
    if !d.content.is_empty() && (d.options.has("file") || d.options.has("url")) {
        return Err(DirectiveError::error(format!(
            "\"{}\" directive may not both specify an external file and have content.",
            d.name
        )));
    }
    if let Some(url) = d.options.str("url") {
        // Never fetched, in any mode (issue 10).
        return Err(DirectiveError::severe(format!(
            "Problems with \"{}\" directive URL:\n{}.",
            d.name,
            crate::read::confine::url_refusal(url)
        )));
    }
    let text = if let Some(path) = d.options.str("file").map(str::to_string) {
        p.read_relative(&path, d.span)
            .map_err(|why| DirectiveError::path_problem(Severity::Severe, &d.name, &why))?
    } else {
        d.content_text()
    };
    let node = p.doc.tree.text_element(Kind::Raw, &text, d.span);
    p.doc.tree.set(node, "format", format);
    p.doc.tree.set(node, "xml:space", "preserve");
    p.add_classes(node, d);
    Ok(vec![node])
}

fn run_replace<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    if d.substitution.is_none() {
        return Err(DirectiveError::error(format!(
            "Invalid context: the \"{}\" directive can only be used within a substitution definition.",
            d.name
        )));
    }
    d.require_content()?;
    let holder = p.doc.tree.element(Kind::Container, d.span);
    p.parse_content(holder, d);
    let children = p.doc.tree.take_children(holder);
    let mut messages = Vec::new();
    let mut paragraph = None;
    for &c in &children {
        match p.doc.tree.kind(c) {
            Some(Kind::Paragraph) if paragraph.is_none() => paragraph = Some(c),
            Some(Kind::SystemMessage) => {
                p.doc.tree.attrs_mut(c).remove("backrefs");
                messages.push(c);
            }
            _ => {
                let msg = p.doc.message(
                    Severity::Error,
                    &format!(
                        "Error in \"{}\" directive: may contain a single paragraph only.",
                        d.name
                    ),
                    d.span,
                    &[],
                );
                return Ok(vec![msg]);
            }
        }
    }
    // docutils: the messages, then the paragraph's content
    let mut out = messages;
    if let Some(para) = paragraph {
        out.extend(p.doc.tree.take_children(para));
    }
    Ok(out)
}

fn run_unicode<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    if d.substitution.is_none() {
        return Err(DirectiveError::error(format!(
            "Invalid context: the \"{}\" directive can only be used within a substitution definition.",
            d.name
        )));
    }
    let parent = d.parent;
    if d.options.has("trim") || d.options.has("ltrim") {
        p.doc.tree.set(parent, "ltrim", 1i64);
    }
    if d.options.has("trim") || d.options.has("rtrim") {
        p.doc.tree.set(parent, "rtrim", 1i64);
    }
    let arg = d.arguments.first().cloned().unwrap_or_default();
    // text from a `.. ` at the start or after a space or newline is a comment
    let comment = (0..arg.len()).find(|&i| {
        arg.get(i..).is_some_and(|rest| rest.starts_with(".. "))
            && (i == 0 || matches!(arg.as_bytes().get(i - 1), Some(b' ' | b'\n')))
    });
    let arg = match comment {
        Some(i) => arg[..i].to_string(),
        None => arg,
    };
    let mut out = Vec::new();
    for code in arg.split_whitespace() {
        match unicode_code(code) {
            Ok(text) => out.push(p.doc.tree.text(text, d.span)),
            Err(e) => {
                return Err(DirectiveError::error(format!(
                    "Invalid character code: {code}\nValueError: {e}"
                )));
            }
        }
    }
    Ok(out)
}

/// `date` (only inside a substitution definition): the date formatted by
/// the content (`strftime` codes; default `%Y-%m-%d`), in UTC. The date is
/// that of `SOURCE_DATE_EPOCH` when it is set, so builds are reproducible;
/// otherwise it is today's date, as in docutils.
fn run_date<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    if d.substitution.is_none() {
        return Err(DirectiveError::error(format!(
            "Invalid context: the \"{}\" directive can only be used within a substitution definition.",
            d.name
        )));
    }
    let ts = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |t| i64::try_from(t.as_secs()).unwrap_or(0))
        });
    let fmt = if d.content.is_empty() {
        "%Y-%m-%d".to_string()
    } else {
        d.content_text()
    };
    Ok(vec![p.doc.tree.text(strftime_utc(&fmt, ts), d.span)])
}

/// C's `strftime` for the common codes (`%Y %y %m %d %e %j %H %I %M %S %p
/// %a %A %b %B %h %F %T %D %%`), C locale, UTC; other codes stay as
/// written, as glibc leaves them.
pub fn strftime_utc(fmt: &str, ts: i64) -> String {
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let days = ts.div_euclid(86_400);
    let secs = ts.rem_euclid(86_400);
    let (y, m, day) = civil_from_days(days);
    let (hour, minute, second) = (secs / 3600, secs / 60 % 60, secs % 60);
    // 1970-01-01 was a Thursday (index 3 from Monday)
    let weekday = DAYS
        .get(usize::try_from((days + 3).rem_euclid(7)).unwrap_or(0))
        .copied()
        .unwrap_or("Monday");
    let month = MONTHS
        .get(usize::try_from(m - 1).unwrap_or(0))
        .copied()
        .unwrap_or("January");
    let yday = days - days_from_civil(y, 1, 1) + 1;
    let hour12 = if hour % 12 == 0 { 12 } else { hour % 12 };
    let mut out = String::with_capacity(fmt.len() + 16);
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let Some(code) = chars.next() else {
            out.push('%');
            break;
        };
        let piece = match code {
            'Y' => format!("{y}"),
            'y' => format!("{:02}", y.rem_euclid(100)),
            'm' => format!("{m:02}"),
            'd' => format!("{day:02}"),
            'e' => format!("{day:2}"),
            'j' => format!("{yday:03}"),
            'H' => format!("{hour:02}"),
            'I' => format!("{hour12:02}"),
            'M' => format!("{minute:02}"),
            'S' => format!("{second:02}"),
            'p' => (if hour < 12 { "AM" } else { "PM" }).to_string(),
            'a' => weekday[..3].to_string(),
            'A' => weekday.to_string(),
            'b' | 'h' => month[..3].to_string(),
            'B' => month.to_string(),
            'F' => format!("{y}-{m:02}-{day:02}"),
            'T' => format!("{hour:02}:{minute:02}:{second:02}"),
            'D' => format!("{m:02}/{day:02}/{:02}", y.rem_euclid(100)),
            '%' => "%".to_string(),
            other => format!("%{other}"),
        };
        out.push_str(&piece);
    }
    out
}

/// (year, month, day) to days since 1970-01-01.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Days since 1970-01-01 to (year, month, day).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn run_class<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    let arg = d.arguments.first().cloned().unwrap_or_default();
    let mut classes = Vec::new();
    for word in arg.split_whitespace() {
        let id = super::super::names::make_id(word);
        if id.is_empty() {
            return Err(DirectiveError::error(format!(
                "Invalid class attribute value for \"{}\" directive: \"{arg}\".",
                d.name
            )));
        }
        classes.push(id);
    }
    if !d.content.is_empty() {
        let holder = p.doc.tree.element(Kind::Container, d.span);
        p.parse_content(holder, d);
        let children = p.doc.tree.take_children(holder);
        for &c in &children {
            if p.doc
                .tree
                .kind(c)
                .is_some_and(|k| k != Kind::SystemMessage && k != Kind::Comment)
                || p.doc.tree.kind(c) == Some(Kind::Comment)
            {
                if p.doc.tree.kind(c) == Some(Kind::Pending) {
                    continue;
                }
                for cl in &classes {
                    p.doc.tree.attrs_mut(c).push("classes", cl.clone());
                }
            }
        }
        return Ok(children);
    }
    let details = vec![
        ("class".to_string(), AttrValue::List(classes)),
        ("directive".to_string(), AttrValue::Str(d.name.clone())),
    ];
    Ok(vec![super::parts::pending(
        p,
        d,
        "docutils.transforms.misc.ClassAttribute",
        details,
    )])
}

fn run_role<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    let first = d.content.first().map(|l| l.text.to_string());
    let on_first_line = d.content.first().is_some_and(|l| l.lineno == d.span.line);
    let Some(args) = first.filter(|_| on_first_line) else {
        return Err(DirectiveError::error(format!(
            "\"{}\" directive requires arguments on the first line.",
            d.name
        )));
    };
    let (new_name, base_name) = match parse_role_args(&args) {
        Some(x) => x,
        None => {
            return Err(DirectiveError::error(format!(
                "\"{}\" directive arguments not valid role names: \"{args}\".",
                d.name
            )));
        }
    };
    let mut messages = Vec::new();
    let base = match &base_name {
        Some(b) => {
            let (role, msgs) = p.lookup_role(b, d.span);
            messages.extend(msgs);
            match role {
                Some(r) => r.base,
                None => {
                    let msg = p.doc.message_with_block(
                        Severity::Error,
                        &format!("Unknown interpreted text role \"{b}\"."),
                        &d.block_text,
                        d.span,
                    );
                    messages.push(msg);
                    return Ok(messages);
                }
            }
        }
        None => super::super::roles::BaseRole::Custom,
    };
    // options of the derived role
    let spec: Vec<(&'static str, OptionKind)> = match base {
        super::super::roles::BaseRole::Code => vec![
            ("class", OptionKind::Class),
            ("language", OptionKind::Unchanged),
        ],
        super::super::roles::BaseRole::Raw => vec![
            ("class", OptionKind::Class),
            ("format", OptionKind::Unchanged),
        ],
        _ => vec![("class", OptionKind::Class)],
    };
    let rest: Vec<_> = d.content[1..].to_vec();
    let mut options = super::Options::default();
    let first_opt = rest
        .iter()
        .position(|l| super::super::patterns::match_field_marker(l.text.trim_start()).is_some());
    if !rest.is_empty() {
        let dedented: Vec<_> = rest
            .iter()
            .map(|l| l.with_text(l.text.trim_start().to_string()))
            .collect();
        if first_opt == Some(0) {
            match super::options::parse_extension_options(p, dedented, &spec) {
                Ok(o) => options = o,
                Err(e) => {
                    let msg = p.doc.message_with_block(
                        Severity::Error,
                        &format!("Error in \"{}\" directive:\n{e}.", d.name),
                        &d.block_text,
                        d.span,
                    );
                    messages.push(msg);
                    return Ok(messages);
                }
            }
        } else if rest.iter().any(|l| !l.text.trim().is_empty()) {
            let msg = p.doc.message_with_block(
                Severity::Error,
                &format!("Error in \"{}\" directive:\nno content permitted.", d.name),
                &d.block_text,
                d.span,
            );
            messages.push(msg);
            return Ok(messages);
        }
    }
    if !options.has("class") {
        let id = super::super::names::make_id(&new_name);
        if id.is_empty() {
            let msg = p.doc.message_with_block(
                Severity::Error,
                &format!("Invalid argument for \"{}\" directive:\ncannot make \"{new_name}\" into a class name.", d.name),
                &d.block_text,
                d.span,
            );
            messages.push(msg);
            return Ok(messages);
        }
        options.set("class", super::OptionValue::List(vec![id]));
    }
    p.register_role(&new_name, super::super::roles::Role { base, options });
    Ok(messages)
}

/// `name` or `name(base)` with simple names.
fn parse_role_args(args: &str) -> Option<(String, Option<String>)> {
    let s = args.trim_end();
    let (name, rest) = match s.find(|c: char| c == '(' || c.is_whitespace()) {
        Some(i) => (&s[..i], s[i..].trim_start()),
        None => (s, ""),
    };
    if !super::super::inline::is_simplename(name) {
        return None;
    }
    if rest.is_empty() {
        return Some((name.to_string(), None));
    }
    let inner = rest.strip_prefix('(')?.strip_suffix(')')?.trim();
    if !super::super::inline::is_simplename(inner) {
        return None;
    }
    Some((name.to_string(), Some(inner.to_string())))
}

fn run_default_role<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    let Some(name) = d.arguments.first().cloned() else {
        p.set_default_role(None);
        return Ok(Vec::new());
    };
    let (role, mut messages) = p.lookup_role(&name, d.span);
    match role {
        Some(r) => {
            p.set_default_role(Some(r));
            Ok(messages)
        }
        None => {
            let msg = p.doc.message_with_block(
                Severity::Error,
                &format!("Unknown interpreted text role \"{name}\"."),
                &d.block_text,
                d.span,
            );
            messages.push(msg);
            Ok(messages)
        }
    }
}

fn run_title<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    let root = p.doc.root;
    p.doc.tree.set(
        root,
        "title",
        d.arguments.first().cloned().unwrap_or_default(),
    );
    Ok(Vec::new())
}

fn run_test<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    let args: Vec<String> = d
        .arguments
        .iter()
        .map(|a| crate::ir::attrs::python_str_repr(a))
        .collect();
    let opts: Vec<String> = d
        .options
        .entries
        .iter()
        .map(|(k, v)| {
            format!(
                "{}: {}",
                crate::ir::attrs::python_str_repr(k),
                v.python_repr()
            )
        })
        .collect();
    let head = format!(
        "Directive processed. Type=\"{}\", arguments=[{}], options={{{}}}, content:",
        d.name,
        args.join(", "),
        opts.join(", ")
    );
    if d.content.is_empty() {
        let msg = p
            .doc
            .message(Severity::Info, &format!("{head} None"), d.span, &[]);
        return Ok(vec![msg]);
    }
    let lit = p.doc.literal_block(&d.content_text(), d.span);
    let msg = p.doc.message(Severity::Info, &head, d.span, &[lit]);
    Ok(vec![msg])
}

fn run_include<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    let raw_path = d.arguments.first().cloned().unwrap_or_default();
    let path = raw_path.lines().map(str::trim).collect::<String>();
    let standard = path
        .strip_prefix('<')
        .and_then(|p| p.strip_suffix('>'))
        .map(str::to_string);
    let text = if let Some(name) = standard {
        // docutils' standard files (`<isonum.txt>`) are built in: no file
        // is read, so they are allowed under --safe too.
        let Some(text) = super::standard_includes::standard_include(&name) else {
            return Err(DirectiveError::path_problem(
                Severity::Severe,
                &d.name,
                &format!("\"{name}\" is not one of docutils' standard include files"),
            ));
        };
        let id = p.doc.sources.add_included(
            std::path::PathBuf::new(),
            format!("<{name}>"),
            Some((d.span.file, d.span.line)),
        );
        p.last_included = Some(id);
        text
    } else {
        p.read_include(&path, d.span)
            .map_err(|why| DirectiveError::path_problem(Severity::Severe, &d.name, &why))?
    };
    let lines_all: Vec<&str> = text.split_inclusive('\n').collect();
    let start_line = d
        .options
        .str("start-line")
        .and_then(|s| s.trim().parse::<i64>().ok());
    let end_line = d
        .options
        .str("end-line")
        .and_then(|s| s.trim().parse::<i64>().ok());
    let n = lines_all.len() as i64;
    let norm = |i: i64| -> usize {
        usize::try_from(if i < 0 { (n + i).max(0) } else { i.min(n) }).unwrap_or(0)
    };
    let from = start_line.map_or(0, norm);
    let to = end_line.map_or(lines_all.len(), norm).max(from);
    let mut rawtext: String = lines_all[from..to].concat();
    if let Some(after) = d.options.str("start-after") {
        match rawtext.find(after) {
            Some(i) => rawtext = rawtext[i + after.len()..].to_string(),
            None => {
                return Err(DirectiveError::severe(format!(
                    "Problem with \"start-after\" option of \"{}\" directive:\nText not found.",
                    d.name
                )));
            }
        }
    }
    if let Some(before) = d.options.str("end-before") {
        match rawtext.find(before) {
            Some(i) => rawtext.truncate(i),
            None => {
                return Err(DirectiveError::severe(format!(
                    "Problem with \"end-before\" option of \"{}\" directive:\nText not found.",
                    d.name
                )));
            }
        }
    }
    if d.options.has("literal") || d.options.has("code") {
        let node = p.doc.literal_block(rawtext.trim_end_matches('\n'), d.span);
        p.doc.tree.set(node, "source", path.clone());
        if let Some(lang) = d.options.str("code") {
            p.doc.tree.attrs_mut(node).push("classes", "code");
            if !lang.is_empty() {
                p.doc.tree.attrs_mut(node).push("classes", lang.to_string());
            }
        }
        p.add_classes(node, d);
        p.add_name(node, d);
        return Ok(vec![node]);
    }
    let tab_width = d
        .options
        .int("tab-width")
        .map_or(p.options.tab_width, |t| usize::try_from(t).unwrap_or(8));
    let file = p.last_included.unwrap_or(d.span.file);
    let owned: Vec<_> = split_lines(&rawtext, file, tab_width)
        .into_iter()
        .map(|mut l| {
            l.lineno += u32::try_from(from).unwrap_or(0);
            super::super::lines::Line {
                text: std::borrow::Cow::Owned(l.text.into_owned()),
                file: l.file,
                lineno: l.lineno,
                col: l.col,
            }
        })
        .collect();
    let mut owned = owned;
    // docutils pads an inclusion with blank lines before and after (and a
    // marker comment it drops), so included text never runs into the
    // directive or into what follows it
    owned.insert(
        0,
        super::super::lines::Line {
            text: std::borrow::Cow::Borrowed(""),
            file: d.end_span.file,
            lineno: d.end_span.line,
            col: 1,
        },
    );
    let last = owned.last().map_or(0, |l| l.lineno);
    owned.push(super::super::lines::Line {
        text: std::borrow::Cow::Borrowed(""),
        file,
        lineno: last.saturating_add(1),
        col: 1,
    });
    p.pending_include = Some(owned);
    Ok(Vec::new())
}

/// `meta`: HTML meta tags from a field list, placed at the document start
/// (after any leading titles and meta tags, as docutils does). Messages
/// about single fields go there too; they point at the directive's last
/// line, where docutils' reporter stands while the field list is read.
fn run_meta<'a>(p: &mut Parser<'a>, d: &mut Directive<'a>) -> DirectiveResult {
    use super::super::inline::{escape_to_null, unescape};
    use super::super::lines::{IndentSpec, get_indented};
    d.require_content()?;
    let lines = d.content.clone();
    let span = d.end_span;
    let mut i = 0;
    let mut out = Vec::new();
    while i < lines.len() {
        let text = lines[i].text.to_string();
        if text.trim().is_empty() {
            i += 1;
            continue;
        }
        let Some(end) = super::super::patterns::match_field_marker(&text) else {
            // docutils stops at the first line that is not a field
            let lit = p.doc.literal_block(&d.block_text, d.span);
            out.push(
                p.doc
                    .message(Severity::Error, "Invalid meta directive.", d.span, &[lit]),
            );
            break;
        };
        let marker = text[..end].trim_end();
        let name = unescape(&escape_to_null(&marker[1..marker.len() - 1]));
        let block = get_indented(&lines, i, IndentSpec::first_known(end));
        i += block.consumed.max(1);
        if block.lines.is_empty() {
            let lit = p.doc.literal_block(&text, span);
            out.push(p.doc.message(
                Severity::Info,
                &format!("No content for meta tag \"{name}\"."),
                span,
                &[lit],
            ));
            continue;
        }
        let joined: Vec<&str> = block.lines.iter().map(|l| l.as_str()).collect();
        let content = unescape(&escape_to_null(&joined.join(" ")));
        let node = p.doc.tree.element(Kind::Meta, span);
        p.doc.tree.set(node, "content", content);
        let mut tokens = name.split_whitespace();
        if let Some(first) = tokens.next() {
            match first.split_once('=') {
                Some((k, v)) => p
                    .doc
                    .tree
                    .attrs_mut(node)
                    .set(k.to_lowercase(), v.to_string()),
                None => p.doc.tree.set(node, "name", first.to_string()),
            }
        }
        let mut bad = None;
        for tok in tokens {
            match tok.split_once('=') {
                Some((k, v)) => p
                    .doc
                    .tree
                    .attrs_mut(node)
                    .set(k.to_lowercase(), v.to_string()),
                None => {
                    bad = Some(tok.to_string());
                    break;
                }
            }
        }
        match bad {
            Some(tok) => {
                let lit = p.doc.literal_block(&text, span);
                out.push(p.doc.message(
                    Severity::Error,
                    &format!("Error parsing meta tag attribute \"{tok}\": missing \"=\"."),
                    span,
                    &[lit],
                ));
            }
            None => out.push(node),
        }
    }
    // docutils' `first_child_not_matching_class((Titular, meta)) or 0`
    let root = p.doc.root;
    let kids = p.doc.tree.children(root);
    let at = kids
        .iter()
        .position(|&c| {
            !matches!(
                p.doc.tree.kind(c),
                Some(Kind::Title | Kind::Subtitle | Kind::Rubric | Kind::Meta)
            )
        })
        .unwrap_or(0);
    let kids = p.doc.tree.children_mut(root);
    for (k, node) in out.into_iter().enumerate() {
        kids.insert((at + k).min(kids.len()), node);
    }
    Ok(Vec::new())
}

pub fn register_meta(r: &mut Registry) {
    r.insert("meta", DirectiveSpec::new(run_meta).content());
}

#[cfg(test)]
mod tests {
    #[test]
    fn date_strftime_codes() {
        // 2009-02-13 23:31:30 UTC, a Friday
        let ts = 1_234_567_890;
        assert_eq!(
            super::strftime_utc("%Y-%m-%d %H:%M:%S %a %A %b %B %j %y %%", ts),
            "2009-02-13 23:31:30 Fri Friday Feb February 044 09 %"
        );
        assert_eq!(super::strftime_utc("%Q", 0), "%Q");
    }
}
