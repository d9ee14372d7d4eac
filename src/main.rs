//! The `rstconv` command: all the work is in the library.

/// mimalloc, called through its fastest entry points (see [`rstconv::alloc`]).
#[global_allocator]
static ALLOCATOR: rstconv::alloc::Mimalloc = rstconv::alloc::Mimalloc;

fn main() {
    std::process::exit(rstconv::cli::main());
}
