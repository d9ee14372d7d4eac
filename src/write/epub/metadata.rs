//! The book's metadata: what the package document says about the book
//! (EPUB 3.3 §5.5 "Metadata"), gathered from the document's docinfo and
//! `meta` directives, with the YAML style filling the gaps; plus the two
//! derived values, the content-based identifier and the modification date.

use xxhash_rust::xxh3::Xxh3;

use crate::ir::{Document, Element, Kind};
use crate::style::EpubStyle;

/// Everything the package document's `<metadata>` holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct BookMetadata {
    pub title: String,
    pub subtitle: Option<String>,
    /// BCP 47 tag, checked.
    pub language: String,
    pub creators: Vec<String>,
    /// A W3C date (`2026`, `2026-11`, `2026-11-20`), the only form EPUBCheck
    /// accepts without a warning (OPF-053).
    pub date: Option<String>,
    pub rights: Option<String>,
    pub publisher: Option<String>,
    pub description: Option<String>,
    pub subjects: Vec<String>,
    /// The style's identifier, if it sets one (else derived from content).
    pub identifier: Option<String>,
}

/// What a document's bibliographic fields say.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct DocInfo {
    pub authors: Vec<String>,
    pub date: Option<String>,
    pub copyright: Option<String>,
    pub description: Option<String>,
    pub keywords: Vec<String>,
}

/// Text with runs of whitespace (line breaks included) made single spaces.
pub(super) fn normalize_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The docinfo fields and `meta` directives of a document.
pub(super) fn docinfo_of(doc: &Document) -> DocInfo {
    let mut info = DocInfo::default();
    if let Some(docinfo) = doc.root.first_child(Kind::Docinfo) {
        for field in docinfo.child_elements() {
            let text = || normalize_space(&field.text_content());
            match field.kind {
                Kind::Author => info.authors.push(text()),
                Kind::Authors => info.authors.extend(
                    field
                        .child_elements()
                        .map(|a| normalize_space(&a.text_content())),
                ),
                Kind::Date => info.date = Some(text()),
                Kind::Copyright => info.copyright = Some(text()),
                _ => {}
            }
        }
    }
    doc.root.walk(&mut |el: &Element| {
        if el.kind != Kind::Meta {
            return;
        }
        let content = normalize_space(el.attrs.str("content").unwrap_or(""));
        if content.is_empty() {
            return;
        }
        match el.attrs.str("name") {
            Some("description") if info.description.is_none() => info.description = Some(content),
            Some("keywords") => info.keywords.extend(
                content
                    .split(',')
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .map(str::to_string),
            ),
            _ => {}
        }
    });
    info.authors.retain(|a| !a.is_empty());
    dedup_in_order(&mut info.authors);
    info
}

/// Drop repeated entries, keeping the first of each.
pub(super) fn dedup_in_order(items: &mut Vec<String>) {
    let mut seen = std::collections::BTreeSet::new();
    items.retain(|item| seen.insert(item.clone()));
}

/// The book's metadata from the main document's docinfo (for a course book,
/// the index's, with the lessons' authors when it names none) and the style.
pub(super) fn book_metadata(
    title: String,
    subtitle: Option<String>,
    info: &DocInfo,
    fallback_authors: &[String],
    style: &EpubStyle,
    language: String,
) -> BookMetadata {
    let non_empty = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let mut creators = info.authors.clone();
    if creators.is_empty() {
        creators = fallback_authors.to_vec();
    }
    if creators.is_empty() {
        creators = style.authors.iter().filter_map(|a| non_empty(a)).collect();
    }
    let mut subjects: Vec<String> = style.subjects.iter().filter_map(|s| non_empty(s)).collect();
    subjects.extend(info.keywords.iter().cloned());
    dedup_in_order(&mut subjects);
    BookMetadata {
        title,
        subtitle,
        language,
        creators,
        date: info.date.as_deref().and_then(w3c_date),
        rights: info.copyright.clone().or_else(|| non_empty(&style.rights)),
        publisher: non_empty(&style.publisher),
        description: info
            .description
            .clone()
            .or_else(|| non_empty(&style.description)),
        subjects,
        identifier: non_empty(&style.identifier),
    }
}

/// The date if it is a W3C date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
pub(super) fn w3c_date(text: &str) -> Option<String> {
    let text = text.trim();
    let parts: Vec<&str> = text.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let in_range =
        |s: &str, lo: u32, hi: u32| s.parse::<u32>().is_ok_and(|v| (lo..=hi).contains(&v));
    let ok = match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && in_range(m, 1, 12),
        [y, m, d] => {
            digits(y, 4) && digits(m, 2) && digits(d, 2) && in_range(m, 1, 12) && in_range(d, 1, 31)
        }
        _ => false,
    };
    ok.then(|| text.to_string())
}

/// Whether `tag` is a well-formed BCP 47 language tag (the common forms:
/// `en`, `en-GB`, `zh-Hant-TW`); EPUBCheck rejects others (OPF-092).
pub(super) fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    primary_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A calendar date and time in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct UtcTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

/// Seconds since the Unix epoch as a UTC date and time (proleptic
/// Gregorian calendar; the days-to-civil conversion of H. Hinnant's
/// "chrono-compatible low-level date algorithms").
pub(super) fn utc_time(timestamp: i64) -> UtcTime {
    let days = timestamp.div_euclid(86_400);
    let secs = timestamp.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // Every value below is in range by construction of the algorithm.
    UtcTime {
        year,
        month: u32::try_from(month).unwrap_or(1),
        day: u32::try_from(day).unwrap_or(1),
        hour: u32::try_from(secs / 3600).unwrap_or(0),
        minute: u32::try_from(secs % 3600 / 60).unwrap_or(0),
        second: u32::try_from(secs % 60).unwrap_or(0),
    }
}

/// `dcterms:modified`'s form, `CCYY-MM-DDThh:mm:ssZ` (EPUB 3.3 §5.5.6),
/// with the year kept to four digits.
pub(super) fn modified_date(timestamp: i64) -> String {
    let t = utc_time(timestamp);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year.clamp(0, 9999),
        t.month,
        t.day,
        t.hour,
        t.minute,
        t.second
    )
}

/// A name-based UUID (`urn:uuid:...`) from an XXH3-128 hash of the book's
/// content: the same content always gets the same identifier, and any
/// change to it a new one. Laid out as an RFC 9562 version 8 (custom) UUID.
pub(super) fn content_uuid(hasher: &Xxh3) -> String {
    let mut b = hasher.digest128().to_be_bytes();
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epub_modified_date_formats_utc() {
        assert_eq!(modified_date(0), "1970-01-01T00:00:00Z");
        assert_eq!(modified_date(315_532_800), "1980-01-01T00:00:00Z");
        assert_eq!(modified_date(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(modified_date(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(modified_date(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn epub_w3c_dates_only() {
        assert_eq!(w3c_date("2026-11-20").as_deref(), Some("2026-11-20"));
        assert_eq!(w3c_date("2026").as_deref(), Some("2026"));
        assert_eq!(w3c_date("20 November 2026"), None);
        assert_eq!(w3c_date("2026-13-01"), None);
    }

    #[test]
    fn epub_language_tags() {
        assert!(is_language_tag("en"));
        assert!(is_language_tag("en-GB"));
        assert!(is_language_tag("zh-Hant-TW"));
        assert!(!is_language_tag(""));
        assert!(!is_language_tag("english language"));
        assert!(!is_language_tag("e"));
    }

    #[test]
    fn epub_content_uuid_is_stable_and_versioned() {
        let make = |s: &str| {
            let mut h = Xxh3::new();
            h.update(s.as_bytes());
            content_uuid(&h)
        };
        let a = make("lesson");
        assert_eq!(a, make("lesson"));
        assert_ne!(a, make("lesson 2"));
        assert_eq!(a.len(), "urn:uuid:".len() + 36);
        assert_eq!(&a[23..24], "8");
    }
}
