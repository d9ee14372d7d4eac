//! Helpers for the reliability tests (issue 10): run the real `rstconv`
//! binary in a temporary folder, check that no run ever shows a Rust
//! panic or backtrace, find leftover temporary files, and read the links
//! out of every output format the way a browser or a Markdown renderer
//! would.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A finished run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Panic with the run's stderr unless it holds `needle`.
    pub fn assert_stderr_has(&self, needle: &str) {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
    }
}

/// The binary, run in `dir`, with a clean date and backtraces asked for:
/// `RUST_BACKTRACE=1` must still show no backtrace.
pub fn rstconv_in(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rstconv"));
    cmd.current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("RUST_BACKTRACE", "1");
    cmd
}

/// Run and check that stderr shows no Rust panic report or backtrace and
/// that the process ended by itself (no signal).
pub fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("rstconv runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    for sign in ["panicked", "stack backtrace", "RUST_BACKTRACE", "thread '"] {
        assert!(
            !stderr.contains(sign),
            "a Rust panic report reached the user ({sign:?}):\n{stderr}"
        );
    }
    let code = out
        .status
        .code()
        .unwrap_or_else(|| panic!("rstconv was killed by a signal: {:?}\n{stderr}", out.status));
    Run {
        code,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    }
}

/// Write `bytes` to `dir/name`, creating folders.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(&path, bytes).expect("write fixture");
    path
}

/// A real PNG (the course figure), for image tests.
pub fn png_bytes() -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/course/figs/speedup.png");
    std::fs::read(path).expect("the course figure")
}

/// Every file under `dir`, recursively, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() && !path.is_symlink() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// Temporary files a run left behind under `dir` (the atomic writer's
/// `.rstconv-*.tmp`, or any `*.tmp`).
pub fn leftover_temp_files(dir: &Path) -> Vec<PathBuf> {
    files_under(dir)
        .into_iter()
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            name.ends_with(".tmp") || name.starts_with(".rstconv-")
        })
        .collect()
}

/// Check that `dir` holds `stem.{html,pdf,epub,ipynb}`, each a whole file
/// of its kind, and no temporary file.
pub fn assert_four_outputs(dir: &Path, stem: &str) {
    for (ext, starts) in [
        ("html", b"<!DOCTYPE html>".as_slice()),
        ("pdf", b"%PDF-".as_slice()),
        ("epub", b"PK\x03\x04".as_slice()),
        ("ipynb", b"{".as_slice()),
    ] {
        let path = dir.join(format!("{stem}.{ext}"));
        let bytes =
            std::fs::read(&path).unwrap_or_else(|e| panic!("{} not written: {e}", path.display()));
        assert!(
            bytes.starts_with(starts),
            "{} is not a whole {ext} file",
            path.display()
        );
    }
    let html = std::fs::read_to_string(dir.join(format!("{stem}.html"))).expect("html");
    assert!(html.trim_end().ends_with("</html>"), "HTML cut short");
    let pdf = std::fs::read(dir.join(format!("{stem}.pdf"))).expect("pdf");
    assert!(
        pdf.windows(5).rev().take(64).any(|w| w == b"%%EOF"),
        "PDF cut short"
    );
    let notebook: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join(format!("{stem}.ipynb"))).expect("ipynb"))
            .expect("the notebook is whole JSON");
    assert!(notebook["cells"].is_array());
    let leftovers = leftover_temp_files(dir);
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

/// The text of an EPUB's content documents (`.xhtml`), in order.
pub fn epub_xhtml(path: &Path) -> Vec<(String, String)> {
    let file = std::fs::File::open(path).expect("epub");
    let mut archive = zip::ZipArchive::new(file).expect("a zip");
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        if name.ends_with(".xhtml") {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut entry, &mut text).expect("utf-8 entry");
            out.push((name, text));
        }
    }
    out
}

/// The Markdown of a notebook's markdown cells.
pub fn notebook_markdown(path: &Path) -> Vec<String> {
    let notebook: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path).expect("ipynb")).expect("json");
    notebook["cells"]
        .as_array()
        .map(|cells| {
            cells
                .iter()
                .filter(|c| c["cell_type"] == "markdown")
                .map(|c| match &c["source"] {
                    serde_json::Value::Array(lines) => {
                        lines.iter().filter_map(|l| l.as_str()).collect::<String>()
                    }
                    other => other.as_str().unwrap_or("").to_string(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// One attribute of a start tag, its value decoded once (as a browser
/// decodes an attribute).
#[derive(Debug, Clone)]
pub struct Attribute {
    pub tag: String,
    pub name: String,
    pub value: String,
}

/// Every attribute of every start tag in `html`. Panics on an `&` in an
/// attribute value that does not start one of the references a writer
/// should emit (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&#..;`): a
/// bare named reference such as `&colon;` would be decoded by a browser.
pub fn html_attributes(html: &str) -> Vec<Attribute> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(open) = html[i..].find('<') {
        let start = i + open + 1;
        i = start;
        if !bytes.get(start).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let tag_end = html[start..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .map_or(html.len(), |n| start + n);
        let tag = html[start..tag_end].to_ascii_lowercase();
        let mut j = tag_end;
        loop {
            while j < html.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= html.len() || bytes[j] == b'>' {
                break;
            }
            let name_end = html[j..]
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/')
                .map_or(html.len(), |n| j + n);
            let name = html[j..name_end].to_ascii_lowercase();
            j = name_end;
            let mut value = String::new();
            if bytes.get(j) == Some(&b'=') {
                j += 1;
                let quote = bytes.get(j).copied();
                if matches!(quote, Some(b'"') | Some(b'\'')) {
                    let q = char::from(quote.unwrap_or(b'"'));
                    let end = html[j + 1..].find(q).map_or(html.len(), |n| j + 1 + n);
                    value = html[j + 1..end].to_string();
                    j = end + 1;
                } else {
                    let end = html[j..]
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .map_or(html.len(), |n| j + n);
                    value = html[j..end].to_string();
                    j = end;
                }
            }
            out.push(Attribute {
                tag: tag.clone(),
                name,
                value: decode_once(&value),
            });
        }
        i = j.min(html.len());
    }
    out
}

/// Decode character references once; panic on one a writer should never
/// leave undecoded for a browser to find.
fn decode_once(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after.find(';').unwrap_or(after.len());
        let name = &after[..semi];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) if semi < after.len() => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            _ => panic!("a bare '&' in an attribute value: {value:?}"),
        }
    }
    out.push_str(rest);
    out
}

/// Whether a browser would run code for this URL: written independently
/// of the library's check, from the WHATWG URL parser's first steps
/// (strip C0 controls and spaces, drop tabs and newlines, lower-case the
/// scheme).
pub fn browser_runs_script(url: &str) -> bool {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    cleaned.starts_with("javascript:")
        || cleaned.starts_with("vbscript:")
        || cleaned.starts_with("livescript:")
        || (cleaned.starts_with("data:")
            && !["data:image/png", "data:image/jpeg", "data:image/gif"]
                .iter()
                .any(|inert| cleaned.starts_with(inert)))
}

/// Attributes that carry a URL a browser follows or loads.
pub const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "data",
    "srcset",
];

/// Panic if any tag in `html` has an event attribute (`on*=`) or a script
/// URL; `what` names the output in the message.
pub fn assert_no_active_html(html: &str, what: &str) {
    for attr in html_attributes(html) {
        assert!(
            !attr.name.starts_with("on"),
            "{what}: event attribute {attr:?}"
        );
        if URL_ATTRIBUTES.contains(&attr.name.as_str()) {
            assert!(
                !browser_runs_script(&attr.value),
                "{what}: script URL in {attr:?}"
            );
        }
    }
}

/// Link and image destinations of Markdown, as a CommonMark renderer
/// resolves them (entities and escapes decoded), plus the attributes of
/// any inline HTML.
pub fn markdown_destinations(markdown: &str) -> (Vec<String>, Vec<Attribute>) {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut urls = Vec::new();
    let mut html = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                urls.push(dest_url.to_string());
            }
            Event::Html(text) | Event::InlineHtml(text) => html.push_str(&text),
            _ => {}
        }
    }
    (urls, html_attributes(&html))
}

/// The text of a PDF with its streams uncompressed (qpdf's QDF form), to
/// look for link actions.
pub fn pdf_uncompressed(path: &Path) -> String {
    let out = path.with_extension("qdf.pdf");
    let status = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(path)
        .arg(&out)
        .status()
        .expect("qpdf is installed (scripts/install-test-tools.sh)");
    // 0 clean, 3 warnings: both produce the file.
    assert!(
        matches!(status.code(), Some(0) | Some(3)),
        "qpdf failed on {}",
        path.display()
    );
    let bytes = std::fs::read(&out).expect("qpdf output");
    let _ = std::fs::remove_file(&out);
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The `/URI (...)` link targets of an uncompressed PDF.
pub fn pdf_uris(qdf: &str) -> Vec<String> {
    let mut uris = Vec::new();
    let mut rest = qdf;
    while let Some(at) = rest.find("/URI (") {
        let after = &rest[at + "/URI (".len()..];
        let end = after.find(')').unwrap_or(after.len());
        uris.push(after[..end].to_string());
        rest = &after[end..];
    }
    uris
}
