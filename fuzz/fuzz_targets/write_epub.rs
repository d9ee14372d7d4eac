//! Fuzz the epub writer over whatever the parser and the resolve passes
//! make of arbitrary bytes: it must never panic or hang.
#![no_main]

#[path = "support/mod.rs"]
mod support;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| support::write_bytes(rstconv::Format::Epub, data));
