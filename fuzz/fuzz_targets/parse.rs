//! Fuzz the reStructuredText parser over arbitrary bytes (decoded as the
//! CLI does): it must never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, _) = rstconv::read::decode_input(data, "fuzz.rst");
    let parsed = rstconv::parse(&text, &rstconv::ReadOptions::named("fuzz.rst"));
    let _ = rstconv::write::pseudoxml::to_pseudoxml(&parsed.document.root);
});
