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

    /// Put `insert` before the line at the cursor, to be read next (the
    /// text of an `include`), in time proportional to `insert`.
    ///
    /// Inserting into the vector would move every unread line: with an
    /// include per paragraph, the whole rest of the document for each
    /// (3,000 includes before 80,000 lines took ten times the parse). The
    /// lines already read are not needed again but for the one before the
    /// cursor (messages point at the line that ended a construct), so the
    /// inserted lines take their place, after that one, and end where the
    /// unread lines begin. When the lines read so far are too few, the
    /// vector is rebuilt once with as many spare slots in front as it has
    /// lines, so the next includes fit: the cost of rebuilding is spread
    /// over at least as many inserted lines, as in a vector's growth.
    ///
    /// Indices of lines at or after the cursor change: callers hold none
    /// across a directive (the parser reads on from `pos`).
    pub fn insert_at_cursor(&mut self, insert: Vec<Line<'a>>) {
        if insert.is_empty() {
            return;
        }
        let at = self.pos.min(self.lines.len());
        let keep = usize::from(at > 0);
        let needed = insert.len() + keep;
        if at < needed {
            self.make_room(at, needed);
            return self.insert_at_cursor(insert);
        }
        let start = at - insert.len();
        if keep == 1 {
            self.lines.swap(at - 1, start - 1);
        }
        for (slot, line) in self.lines[start..at].iter_mut().zip(insert) {
            *slot = line;
        }
        self.pos = start;
    }

    /// Rebuild the lines with at least `needed` read slots before the
    /// cursor at `at` (and as many again as the machine holds).
    fn make_room(&mut self, at: usize, needed: usize) {
        // (One more than needed: the slot before the cursor is kept.)
        let spare = (needed + 1).max(self.lines.len());
        let filler = Line {
            text: std::borrow::Cow::Borrowed(""),
            file: self.fallback.file,
            lineno: 0,
            col: 1,
        };
        let mut lines = Vec::with_capacity(spare + self.lines.len());
        lines.resize(spare, filler);
        let unread = self.lines.split_off(at);
        // The line before the cursor stays just before it.
        if let Some(last_read) = self.lines.pop() {
            lines.push(last_read);
        }
        self.pos = lines.len();
        lines.extend(unread);
        self.lines = lines;
    }

    /// Whether line `i` is blank (or past the end).
    pub fn is_blank(&self, i: usize) -> bool {
        self.lines.get(i).is_none_or(Line::is_blank)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Line<'static> {
        Line {
            text: std::borrow::Cow::Owned(text.to_string()),
            file: FileId::default(),
            lineno: 1,
            col: 1,
        }
    }

    /// The line before the cursor and every line from it on.
    fn ahead<'l>(lines: &'l [Line<'_>], pos: usize) -> Vec<&'l str> {
        lines[pos.saturating_sub(1)..]
            .iter()
            .map(Line::as_str)
            .collect()
    }

    #[test]
    fn inserted_lines_come_next_as_with_a_splice() {
        let original: Vec<Line<'static>> = (0..20).map(|i| line(&format!("l{i}"))).collect();
        let mut machine = Machine::new(original.clone(), true, Span::NONE);
        let mut reference = original;
        let mut reference_pos = 0;
        // Insertions of several sizes, with reads between them, early
        // (no room before the cursor) and late.
        for (round, (read, size)) in [(1, 3), (0, 1), (2, 5), (7, 2), (1, 30), (40, 4)]
            .into_iter()
            .enumerate()
        {
            machine.pos = (machine.pos + read).min(machine.lines.len());
            reference_pos = (reference_pos + read).min(reference.len());
            let insert: Vec<Line<'static>> =
                (0..size).map(|i| line(&format!("r{round}i{i}"))).collect();
            reference.splice(reference_pos..reference_pos, insert.clone());
            machine.insert_at_cursor(insert);
            assert_eq!(
                ahead(&machine.lines, machine.pos),
                ahead(&reference, reference_pos),
                "round {round}"
            );
        }
    }

    #[test]
    fn room_is_made_once_for_many_small_insertions() {
        let mut machine = Machine::new((0..1000).map(|_| line("x")).collect(), true, Span::NONE);
        machine.pos = 1;
        machine.insert_at_cursor(vec![line("a"), line("b")]);
        let capacity = machine.lines.capacity();
        for _ in 0..500 {
            machine.pos += 1;
            machine.insert_at_cursor(vec![line("c")]);
        }
        // Each insertion reused read slots: no second rebuild.
        assert_eq!(machine.lines.capacity(), capacity);
        assert_eq!(machine.text(machine.pos), "c");
    }
}
