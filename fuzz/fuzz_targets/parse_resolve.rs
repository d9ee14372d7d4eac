//! Fuzz the parser and the resolve passes together over arbitrary bytes
//! (decoded as the CLI does), in safe mode so no input reads files: they
//! must never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rstconv::resolve::{ResolveOptions, resolve};

fuzz_target!(|data: &[u8]| {
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
    let _ = rstconv::write::pseudoxml::to_pseudoxml(&resolved.document.root);
});
