//! A line cursor over one block of input (docutils' state machine input):
//! the lines, the current position, and whether section titles are allowed
//! here. Nested blocks (list items, block quotes, directive content) get a
//! machine of their own; sections and list continuations share their
//! parent's.

use crate::diag::FileId;
use crate::ir::Span;

use super::lines::Line;

/// The lines being parsed and the cursor.
pub struct Machine<'a> {
    pub lines: Vec<Line<'a>>,
    /// Index of the next line to look at.
    pub pos: usize,
    /// Section titles allowed (docutils' `match_titles`).
    pub match_titles: bool,
    /// Where to point when the block is empty.
    pub fallback: Span,
}

impl<'a> Machine<'a> {
    pub fn new(lines: Vec<Line<'a>>, match_titles: bool, fallback: Span) -> Machine<'a> {
        Machine {
            lines,
            pos: 0,
            match_titles,
            fallback,
        }
    }

    pub fn at_eof(&self) -> bool {
        self.pos >= self.lines.len()
    }

    /// The text of line `i` (empty past the end).
    pub fn text(&self, i: usize) -> &str {
        self.lines.get(i).map_or("", Line::as_str)
    }

    /// The source position of line `i`; past the end, the lines after the
    /// last one.
    pub fn span(&self, i: usize) -> Span {
        if let Some(line) = self.lines.get(i) {
            return line.span();
        }
        match self.lines.last() {
            Some(last) => {
                let extra = u32::try_from(i + 1 - self.lines.len()).unwrap_or(0);
                Span::new(last.file, last.lineno.saturating_add(extra), 1)
            }
            None => self.fallback,
        }
    }

    pub fn file(&self) -> FileId {
        self.span(self.pos).file
    }

    /// Whether line `i` is blank (or past the end).
    pub fn is_blank(&self, i: usize) -> bool {
        self.lines.get(i).is_none_or(Line::is_blank)
    }
}
