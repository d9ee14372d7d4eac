//! The hash map of the parser's and the resolver's name and id tables, and
//! of the PDF writer's glyph and shaping caches.
//!
//! Their keys are short strings hashed hundreds of thousands of times on a
//! large document, where std's SipHash cost several per cent of the run.
//! foldhash is seeded at random per run, so a source file cannot be written
//! to collide; its documented weak spot (a long-running service studied
//! from outside) is not how a converter runs. Build maps with
//! `HashMap::default()`.

/// `std::collections::HashMap` hashed with foldhash.
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
