//! What the writer fuzz targets share: arbitrary bytes read, parsed and
//! resolved as the CLI does (safe mode, so no input reads files or
//! fetches anything), then handed to one writer with the default style.

use rstconv::Format;
use rstconv::resolve::{ResolveOptions, resolve};
use rstconv::style::Style;
use rstconv::write::{BuildInfo, writer_for};

/// Run `format`'s writer over `data` as a lesson; it must not panic or hang.
pub fn write_bytes(format: Format, data: &[u8]) {
    let (text, _) = rstconv::read::decode_input(data, "fuzz.rst");
    let mut options = rstconv::ReadOptions::named("fuzz.rst");
    options.safe = true;
    let parsed = rstconv::parse(&text, &options);
    let resolved = resolve(
        parsed,
        &ResolveOptions {
            safe: true,
            ..ResolveOptions::default()
        },
    );
    let style = Style::defaults();
    let mut build = BuildInfo::single(format, "fuzz", std::path::Path::new("."));
    build.safe = true;
    let artifact = writer_for(format).write(&resolved.document, &style, &build);
    // Keep the optimiser from dropping the work.
    std::hint::black_box(artifact.bytes.len());
}
