//! Containment of bugs (issue 10: "no Rust backtrace is ever shown to a
//! user"). The parser and writers are written not to panic on any input,
//! and are fuzzed; should one panic all the same, the panic is caught
//! where a unit of work starts (reading one input, writing one output),
//! turned into a diagnostic that names the stage, and the rest of the run
//! goes on: the other formats and inputs are still written, and the exit
//! status says an internal error happened ([`super::exit::INTERNAL_ERROR`]).
//!
//! The command line installs [`install_quiet_hook`], so Rust's own panic
//! report (thread name, source location, "run with RUST_BACKTRACE=1", or a
//! whole backtrace when that variable is set) never reaches the terminal:
//! the diagnostic replaces it.

use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::diag::{Diagnostic, Severity};

/// The diagnostic code of a caught panic.
pub const INTERNAL_ERROR_CODE: &str = "internal-error";

/// Replace Rust's panic report by nothing: every panic is caught by
/// [`guarded`] (or by the command line's outermost guard) and reported as
/// a diagnostic instead.
pub fn install_quiet_hook() {
    std::panic::set_hook(Box::new(|_| {}));
}

/// Run `work`; a panic becomes an `internal-error` diagnostic about
/// `what` (e.g. `the html writer for lesson.rst`).
///
/// `AssertUnwindSafe` is sound here: the work only reads shared data (the
/// document, the style) and returns its result by value, so nothing is
/// left half-updated when it unwinds.
pub fn guarded<T>(what: &str, work: impl FnOnce() -> T) -> Result<T, Diagnostic> {
    catch_unwind(AssertUnwindSafe(work)).map_err(|payload| internal_error(what, payload.as_ref()))
}

/// The diagnostic for a panic with this payload.
pub fn internal_error(what: &str, payload: &(dyn std::any::Any + Send)) -> Diagnostic {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".to_string());
    Diagnostic::global(
        Severity::Severe,
        INTERNAL_ERROR_CODE,
        format!(
            "internal error in {what} ({detail}); this output was not written. \
             This is a bug in rstconv: please report it with the input that caused it"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipeline_guard_turns_a_panic_into_a_diagnostic() {
        assert_eq!(guarded("nothing", || 7).ok(), Some(7));
        let diag = guarded("the test writer", || -> u8 { panic!("boom {}", 1) })
            .err()
            .map(|d| d.to_string())
            .unwrap_or_default();
        assert!(
            diag.contains("internal error in the test writer (boom 1)"),
            "{diag}"
        );
    }
}
