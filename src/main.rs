//! The `rstconv` command: all the work is in the library.

/// mimalloc: the parser's many small nodes cost a third less to allocate
/// and free than with glibc's malloc (see `benches/stages.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(rstconv::cli::main());
}
