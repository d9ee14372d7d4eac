//! Script links reported once (issue 10): a `reference` whose `refuri`
//! could run code (`javascript:`, `data:text/html`, ...; see
//! [`crate::write::active_url`]) is shown unlinked by every writer; this
//! pass tells the author, once per link rather than once per format.
//! The tree is left as it is: docutils keeps such a `refuri`, and the
//! writers are the guard.

use crate::diag::Severity;
use crate::ir::Kind;
use crate::write::active_url::is_active_url;

use super::doc::Doc;

/// Warn about every reference to a script URL.
pub fn report(doc: &mut Doc) {
    for reference in doc.nodes_of(Kind::Reference) {
        let Some(uri) = doc.tree.attrs(reference).str("refuri") else {
            continue;
        };
        if !is_active_url(uri) {
            continue;
        }
        let message = format!(
            "link to \"{uri}\" refused: it could run script; the text is shown without a link"
        );
        let span = doc.tree.line_of(reference);
        doc.diagnose(Severity::Warning, "active-url", span, message);
    }
}
