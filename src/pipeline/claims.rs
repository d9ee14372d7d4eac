//! Output clashes: two inputs of one run that would write the same file
//! (`a/lesson.rst b/lesson.rst -o site/`, or two course packs into one
//! folder, both with an `index.html`). Left alone, the parallel writers
//! would race and the survivor would depend on thread timing, breaking
//! "same inputs, same bytes" (issue 10). Instead the first input in
//! command-line order keeps the file and the later one is not written,
//! with an error naming both.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Severity};

/// Output files already promised to an input, with that input's name.
#[derive(Debug, Default)]
pub struct Claims {
    owners: BTreeMap<PathBuf, String>,
}

impl Claims {
    /// Claim `outputs` for `input`; if one is already claimed, nothing is
    /// claimed and the error says which file and which input.
    pub fn claim(&mut self, input: &str, outputs: &[PathBuf]) -> Result<(), Diagnostic> {
        if let Some((path, owner)) = outputs
            .iter()
            .find_map(|p| self.owners.get(p).map(|owner| (p, owner)))
        {
            return Err(clash(input, path, owner));
        }
        for path in outputs {
            self.owners.insert(path.clone(), input.to_string());
        }
        Ok(())
    }

    /// The input that owns `path`, if another input claimed it.
    pub fn owner_of(&self, path: &Path) -> Option<&str> {
        self.owners.get(path).map(String::as_str)
    }
}

/// The error for `input`, whose output `path` belongs to `owner`.
pub fn clash(input: &str, path: &Path, owner: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Severe,
        "output-clash",
        input,
        0,
        0,
        format!(
            "not written: {} is already the output of {owner} in this run \
             (rename one of them, or convert them into different folders)",
            path.display()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipeline_claims_first_input_wins() {
        let mut claims = Claims::default();
        let page = PathBuf::from("site/lesson.html");
        assert!(
            claims
                .claim("a/lesson.rst", std::slice::from_ref(&page))
                .is_ok()
        );
        let err = claims
            .claim("b/lesson.rst", &[PathBuf::from("site/x.pdf"), page.clone()])
            .err()
            .map(|d| d.to_string())
            .unwrap_or_default();
        assert_eq!(
            err,
            "b/lesson.rst: severe: not written: site/lesson.html is already the output of \
             a/lesson.rst in this run (rename one of them, or convert them into different folders)"
        );
        assert_eq!(claims.owner_of(Path::new("site/x.pdf")), None);
        assert_eq!(claims.owner_of(&page), Some("a/lesson.rst"));
    }
}
