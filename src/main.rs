//! The `rstconv` command: all the work is in the library.

fn main() {
    std::process::exit(rstconv::cli::main());
}
