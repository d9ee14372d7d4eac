//! The OCF container (EPUB 3.3 §4, "Open Container Format"): a zip whose
//! first entry is `mimetype`, stored uncompressed with no extra field, so
//! the media type sits at byte 38 of the file (§4.2.6.3.2); then the other
//! entries in a fixed order, every one dated from the build timestamp so
//! the same book gives the same bytes.

use std::io::{Cursor, Write};

use rayon::prelude::*;
use zip::write::{PreparedZipFile, SimpleFileOptions};
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::metadata::utc_time;

/// The EPUB media type, the `mimetype` entry's whole content.
pub(super) const EPUB_MEDIA_TYPE: &str = "application/epub+zip";

/// One file of the container.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Entry {
    /// Path inside the container (`EPUB/chapter-1.xhtml`).
    pub path: String,
    pub bytes: Vec<u8>,
    /// Deflate it (text); already-compressed formats are stored.
    pub compress: bool,
}

/// The zip date for a timestamp: zip dates run from 1980 to 2107, so
/// earlier or later timestamps are clamped to those bounds.
fn zip_date(timestamp: i64) -> DateTime {
    let t = utc_time(timestamp);
    let clamped = if t.year < 1980 {
        None
    } else if t.year > 2107 {
        DateTime::from_date_and_time(2107, 12, 31, 23, 59, 58).ok()
    } else {
        let year = u16::try_from(t.year).unwrap_or(1980);
        let byte = |v: u32| u8::try_from(v).unwrap_or(0);
        DateTime::from_date_and_time(
            year,
            byte(t.month),
            byte(t.day),
            byte(t.hour),
            byte(t.minute),
            byte(t.second),
        )
        .ok()
    };
    clamped.unwrap_or_default()
}

/// A container failure (never expected: everything is in memory).
#[derive(Debug, thiserror::Error)]
#[error("cannot write the EPUB container: {0}")]
pub(super) struct ContainerError(String);

/// The EPUB file: `mimetype`, then `entries` in the order given.
pub(super) fn write_container(
    entries: &[Entry],
    timestamp: i64,
) -> Result<Vec<u8>, ContainerError> {
    let date = zip_date(timestamp);
    let base = SimpleFileOptions::default()
        .last_modified_time(date)
        .unix_permissions(0o644)
        .large_file(false);
    let stored = base.compression_method(CompressionMethod::Stored);
    // Level 5 through the pure-Rust backend (its output depends only on
    // the input, which keeps builds reproducible). On the 9.9 MB of XHTML
    // in the 1.4 MB benchmark document's EPUB, zlib's default level 6
    // took 82 ms and level 5 54 ms, for a book 0.5% larger (1.484 vs
    // 1.477 MB); level 4 saves 6 ms more for 3% more bytes.
    let deflated = base
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(5));
    let err = |e: &dyn std::fmt::Display| ContainerError(e.to_string());
    // Entries are compressed in parallel (each on its own: the same bytes
    // whatever the thread count), then added in order.
    let prepared: Vec<PreparedZipFile> = entries
        .par_iter()
        .map(|entry| {
            let options = if entry.compress { deflated } else { stored };
            PreparedZipFile::from_data(entry.path.as_str(), options, &entry.bytes)
        })
        .collect::<Result<_, _>>()
        .map_err(|e| err(&e))?;
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("mimetype", stored).map_err(|e| err(&e))?;
    zip.write_all(EPUB_MEDIA_TYPE.as_bytes())
        .map_err(|e| err(&e))?;
    zip.add_prepared_files(prepared).map_err(|e| err(&e))?;
    let cursor = zip.finish().map_err(|e| err(&e))?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epub_container_starts_with_stored_mimetype() {
        let entries = [Entry {
            path: "META-INF/container.xml".into(),
            bytes: b"<container/>".to_vec(),
            compress: true,
        }];
        let bytes = write_container(&entries, 315_532_800).expect("zip");
        // Local file header: signature, ..., method at 8, name length at 26,
        // extra length at 28, name at 30, data at 38.
        assert_eq!(&bytes[0..4], b"PK\x03\x04");
        assert_eq!(&bytes[8..10], &[0, 0], "stored");
        assert_eq!(&bytes[26..28], &[8, 0]);
        assert_eq!(&bytes[28..30], &[0, 0], "no extra field");
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..58], EPUB_MEDIA_TYPE.as_bytes());
        assert_eq!(bytes, write_container(&entries, 315_532_800).expect("zip"));
    }

    #[test]
    fn epub_zip_dates_are_clamped() {
        assert_eq!(zip_date(0), DateTime::default());
        let d = zip_date(1_700_000_000);
        assert_eq!((d.year(), d.month(), d.day()), (2023, 11, 14));
    }
}
