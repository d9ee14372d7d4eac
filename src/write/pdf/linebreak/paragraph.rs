//! A paragraph measured for line breaking: its text joined into one
//! string, cut into words at UAX #14 break opportunities, each word a run
//! of atoms (a fragment of text in one face, an inline object, an anchor).
//!
//! Atoms and their kerning live in two arenas owned by the paragraph and
//! are addressed by index ranges; an atom's text is a range of the joined
//! string and its style the piece it came from. Words are small `Copy`
//! values, so hyphenating a word, cutting it to the width or copying a
//! line's words allocates no strings: only the set lines own text.

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::super::fonts::{FaceId, Measurer, draws_ascii_text, face_for_char};
use super::{Piece, TextStyle};

/// A range of indices into one of the paragraph's arenas (or of bytes
/// into its text).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// A measured atom: a fragment of one word in one face, or an object.
#[derive(Clone, Copy, Debug)]
pub(super) struct Atom {
    pub kind: AtomKind,
    pub width: f32,
}

#[derive(Clone, Copy, Debug)]
pub(super) enum AtomKind {
    /// Text drawn in `face` (the piece's own face or a fallback): `text`
    /// is a byte range of the paragraph's text, `kerns` a range of its
    /// kerning arena, `piece` the [`Piece::Text`] whose style it has.
    Text {
        text: Span,
        piece: usize,
        face: FaceId,
        kerns: Span,
    },
    /// The [`Piece::Object`] at this index.
    Object(usize),
    /// The [`Piece::Anchor`] at this index.
    Anchor(usize),
}

/// A word: atoms that must stay together, and the space after it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Word {
    /// A range of the paragraph's atoms.
    pub atoms: Span,
    pub width: f32,
    /// Width of the trailing space (0 if none).
    pub space: f32,
    /// A mandatory break follows.
    pub hard_break: bool,
    /// A syllable of a hyphenated word: a line may end here with a hyphen.
    pub hyphen_after: bool,
}

impl Word {
    fn new(atoms: Span, width: f32) -> Word {
        Word {
            atoms,
            width,
            space: 0.0,
            hard_break: false,
            hyphen_after: false,
        }
    }
}

/// The measured paragraph: the pieces it was made from and the arenas its
/// words index.
pub(super) struct Paragraph<'p> {
    pub pieces: &'p [Piece],
    /// The pieces' text joined (objects as U+FFFC, forced breaks as
    /// newlines), then text made while setting (a hyphenated head).
    pub text: String,
    pub atoms: Vec<Atom>,
    /// Kerning of text atoms: (char index within the atom, points).
    pub kerns: Vec<(usize, f32)>,
    /// Where `text` holds a hyphen (appended after the joined pieces).
    hyphen: Span,
}

impl<'p> Paragraph<'p> {
    /// Measure `pieces` and cut them into words at UAX #14 break
    /// opportunities.
    pub fn measure(m: &Measurer, pieces: &'p [Piece]) -> (Paragraph<'p>, Vec<Word>) {
        // One string for the break algorithm; objects stand in as U+FFFC
        // and anchors as nothing. `owners` maps byte ranges back to pieces.
        // Sized once: growing the string and the atoms piece by piece was
        // ~8% of measuring's instructions (callgrind; most paragraphs are
        // a few short pieces). The room is that of the text, three bytes
        // an object, break or anchor, and the hyphen.
        let capacity: usize = pieces
            .iter()
            .map(|piece| match piece {
                Piece::Text(t, _) => t.len(),
                _ => 3,
            })
            .sum();
        let mut text = String::with_capacity(capacity + 1);
        let mut owners: Vec<(usize, usize, usize)> = Vec::with_capacity(pieces.len()); // (start, end, piece)
        for (pi, piece) in pieces.iter().enumerate() {
            let start = text.len();
            match piece {
                Piece::Text(t, _) => text.push_str(t),
                Piece::Object(_) => text.push('\u{FFFC}'),
                Piece::Anchor(_) => {}
                Piece::Break => text.push('\n'),
            }
            owners.push((start, text.len(), pi));
        }
        let joined_len = text.len();
        let mut breaks: Vec<(usize, bool)> = linebreaks(&text)
            .map(|(i, op)| (i, op == BreakOpportunity::Mandatory))
            .collect();
        if breaks.last().is_none_or(|b| b.0 != joined_len) {
            breaks.push((joined_len, false));
        }
        text.push('-');
        let mut para = Paragraph {
            pieces,
            text,
            atoms: Vec::with_capacity(breaks.len() + pieces.len()),
            kerns: Vec::new(),
            hyphen: Span::new(joined_len, joined_len + 1),
        };
        let mut words: Vec<Word> = Vec::with_capacity(breaks.len());
        let mut seg_start = 0;
        let mut anchors_done = vec![false; pieces.len()];
        // The first owner that can still overlap the current segment:
        // segments and owners are both in text order, so the scan is linear
        // overall.
        let mut first_owner = 0;
        for (end, mandatory) in breaks {
            let segment = para.text.get(seg_start..end).unwrap_or("");
            // Trailing spaces (and the newline of a forced break) are not
            // part of the word.
            let content_len = segment.trim_end_matches([' ', '\n', '\t']).len();
            let content_end = seg_start + content_len;
            let first_atom = para.atoms.len();
            let mut space = 0.0f32;
            while owners
                .get(first_owner)
                .is_some_and(|&(_, pe, _)| pe < seg_start)
            {
                first_owner += 1;
            }
            for &(ps, pe, pi) in owners.get(first_owner..).unwrap_or(&[]) {
                if ps > end {
                    break;
                }
                let Some(piece) = pieces.get(pi) else {
                    continue;
                };
                let lo = ps.max(seg_start);
                let hi = pe.min(content_end);
                match piece {
                    Piece::Anchor(_) => {
                        if ps >= seg_start
                            && ps <= end
                            && let Some(done) = anchors_done.get_mut(pi)
                            && !*done
                        {
                            *done = true;
                            para.atoms.push(Atom {
                                kind: AtomKind::Anchor(pi),
                                width: 0.0,
                            });
                        }
                    }
                    Piece::Text(_, style) => {
                        if lo < hi {
                            para.push_text_atoms(m, Span::new(lo, hi), pi, style);
                        }
                        // The trailing space's width, in the style it is in.
                        let slo = ps.max(content_end);
                        let shi = pe.min(end);
                        if slo < shi {
                            let spaces = para.text.get(slo..shi).unwrap_or("");
                            let n = spaces.chars().filter(|c| *c == ' ' || *c == '\t').count();
                            if n > 0 {
                                space += m.width(style.face, style.size, " ") * n as f32;
                            }
                        }
                    }
                    Piece::Object(obj) => {
                        if lo < hi {
                            para.atoms.push(Atom {
                                kind: AtomKind::Object(pi),
                                width: obj.width,
                            });
                        }
                    }
                    Piece::Break => {}
                }
            }
            let atoms = Span::new(first_atom, para.atoms.len());
            let hard_break = mandatory && end < joined_len;
            if atoms.start < atoms.end || hard_break {
                let mut word = Word::new(atoms, para.width_of(atoms));
                word.space = space;
                word.hard_break = hard_break;
                words.push(word);
            } else if let Some(last) = words.last_mut() {
                // A run of spaces alone: widen the previous word's space.
                last.space = last.space.max(space);
            }
            seg_start = end;
        }
        (para, words)
    }

    /// The sum of the atoms' widths.
    pub fn width_of(&self, atoms: Span) -> f32 {
        self.atoms
            .get(atoms.range())
            .unwrap_or(&[])
            .iter()
            .map(|a| a.width)
            .sum()
    }

    /// The atoms of `word`.
    pub fn atoms_of(&self, word: &Word) -> &[Atom] {
        self.atoms.get(word.atoms.range()).unwrap_or(&[])
    }

    /// The bytes of text in `word`'s atoms.
    pub fn text_len(&self, word: &Word) -> usize {
        self.atoms_of(word)
            .iter()
            .map(|a| match a.kind {
                AtomKind::Text { text, .. } => text.end - text.start,
                _ => 0,
            })
            .sum()
    }

    /// The text of a text atom's range.
    pub fn text_of(&self, text: Span) -> &str {
        self.text.get(text.range()).unwrap_or("")
    }

    /// The style of the text piece at `piece`.
    pub fn style_of(&self, piece: usize) -> Option<&TextStyle> {
        match self.pieces.get(piece) {
            Some(Piece::Text(_, style)) => Some(style),
            _ => None,
        }
    }

    /// The word's only atom, when it is text: what may be hyphenated.
    fn single_text(&self, word: &Word) -> Option<(Span, usize, FaceId)> {
        match self.atoms_of(word) {
            [
                Atom {
                    kind:
                        AtomKind::Text {
                            text, piece, face, ..
                        },
                    ..
                },
            ] => Some((*text, *piece, *face)),
            _ => None,
        }
    }

    /// Split the text at `span` of piece `piece` into face-homogeneous
    /// atoms (fallback faces for characters the style's face lacks).
    fn push_text_atoms(&mut self, m: &Measurer, span: Span, piece: usize, style: &TextStyle) {
        let mut start = span.start;
        let mut current: Option<FaceId> = None;
        let part = self.text.get(span.range()).unwrap_or("");
        // Face changes are rare: collect them before measuring, which
        // needs the arenas.
        let mut runs: smallvec::SmallVec<[(usize, usize, FaceId); 2]> = smallvec::SmallVec::new();
        if draws_ascii_text(style.face, part) {
            current = Some(style.face);
        } else {
            for (i, c) in part.char_indices() {
                let face = face_for_char(style.face, c);
                match current {
                    Some(f) if f == face => {}
                    Some(f) => {
                        runs.push((start, span.start + i, f));
                        start = span.start + i;
                        current = Some(face);
                    }
                    None => current = Some(face),
                }
            }
        }
        if let Some(f) = current {
            runs.push((start, span.end, f));
        }
        for (lo, hi, face) in runs {
            let atom = self.text_atom(m, Span::new(lo, hi), piece, style.size, face);
            self.atoms.extend(atom);
        }
    }

    /// Measure the text at `span` in `face` as an atom of piece `piece`
    /// (its kerning goes to the arena); `None` for empty text.
    fn text_atom(
        &mut self,
        m: &Measurer,
        span: Span,
        piece: usize,
        size: f32,
        face: FaceId,
    ) -> Option<Atom> {
        let text = self.text.get(span.range()).filter(|t| !t.is_empty())?;
        let first_kern = self.kerns.len();
        let width = m.measure(face, size, text, &mut self.kerns);
        Some(Atom {
            kind: AtomKind::Text {
                text: span,
                piece,
                face,
                kerns: Span::new(first_kern, self.kerns.len()),
            },
            width,
        })
    }

    /// A word of the given atoms (appended to the arena).
    fn word_of(&mut self, atoms: impl IntoIterator<Item = Atom>) -> Word {
        let first = self.atoms.len();
        self.atoms.extend(atoms);
        let span = Span::new(first, self.atoms.len());
        Word::new(span, self.width_of(span))
    }

    /// A hyphen after the last text of `word`, as an atom in its style.
    pub fn hyphen_atom(&self, m: &Measurer, word: &Word) -> Option<Atom> {
        let (piece, face) = self
            .atoms_of(word)
            .iter()
            .rev()
            .find_map(|a| match a.kind {
                AtomKind::Text { piece, face, .. } => Some((piece, face)),
                _ => None,
            })?;
        let size = self.style_of(piece)?.size;
        Some(Atom {
            kind: AtomKind::Text {
                text: self.hyphen,
                piece,
                face,
                kerns: Span::default(),
            },
            width: m.width(face, size, "-"),
        })
    }

    /// The width of a hyphen after `word`'s last text.
    pub fn hyphen_width(&self, m: &Measurer, word: &Word) -> f32 {
        self.hyphen_atom(m, word).map_or(0.0, |a| a.width)
    }

    /// Try to split `word` so its first part plus a hyphen fits in `room`.
    pub fn hyphenate_word(
        &mut self,
        m: &Measurer,
        word: &Word,
        room: f32,
        lang: hypher::Lang,
    ) -> Option<(Word, Word)> {
        // Only a single plain-text atom of letters is hyphenated: no code,
        // no mixed styles, no URLs.
        let (span, piece, face) = self.single_text(word)?;
        let size = self.style_of(piece)?.size;
        let text = self.text_of(span);
        let letters: &str = text.trim_end_matches(|c: char| !c.is_alphabetic());
        if letters.chars().count() < 5 || !letters.chars().all(char::is_alphabetic) {
            return None;
        }
        let syllables: Vec<&str> = hypher::hyphenate(letters, lang).collect();
        let mut best: Option<usize> = None;
        let mut offset = 0;
        let mut head = String::new();
        for syl in syllables.iter().take(syllables.len().saturating_sub(1)) {
            offset += syl.len();
            head.clear();
            head.push_str(letters.get(..offset).unwrap_or(""));
            head.push('-');
            if m.width(face, size, &head) <= room {
                best = Some(offset);
            } else {
                break;
            }
        }
        let cut = best?;
        // The head with its hyphen is new text (measured whole, kerning
        // included); the rest is the word's own.
        let head_start = self.text.len();
        let head_text = format!("{}-", text.get(..cut).unwrap_or(""));
        self.text.push_str(&head_text);
        let head_atom =
            self.text_atom(m, Span::new(head_start, self.text.len()), piece, size, face);
        let rest_atom = self.text_atom(m, Span::new(span.start + cut, span.end), piece, size, face);
        let head = self.word_of(head_atom);
        let mut rest = self.word_of(rest_atom);
        rest.space = word.space;
        rest.hard_break = word.hard_break;
        Some((head, rest))
    }

    /// Split hyphenatable words into syllables that a line may end after
    /// (with a hyphen): the candidates of the optimal fit.
    pub fn syllables(&mut self, m: &Measurer, words: Vec<Word>, lang: hypher::Lang) -> Vec<Word> {
        let mut out = Vec::with_capacity(words.len());
        for word in words {
            let Some((span, piece, face)) = self.single_text(&word) else {
                out.push(word);
                continue;
            };
            let Some(size) = self.style_of(piece).map(|s| s.size) else {
                out.push(word);
                continue;
            };
            let text = self.text_of(span);
            let letters: &str = text.trim_end_matches(|c: char| !c.is_alphabetic());
            if letters.chars().count() < 5 || !letters.chars().all(char::is_alphabetic) {
                out.push(word);
                continue;
            }
            // Syllable lengths: the syllables of `letters` are its bytes in
            // order, and the last one takes the trailing punctuation.
            let lengths: smallvec::SmallVec<[usize; 8]> =
                hypher::hyphenate(letters, lang).map(str::len).collect();
            if lengths.len() < 2 {
                out.push(word);
                continue;
            }
            let count = lengths.len();
            let mut start = span.start;
            for (i, len) in lengths.into_iter().enumerate() {
                let last = i + 1 == count;
                let end = if last { span.end } else { start + len };
                let atom = self.text_atom(m, Span::new(start, end), piece, size, face);
                let mut syllable = self.word_of(atom);
                syllable.space = if last { word.space } else { 0.0 };
                syllable.hard_break = last && word.hard_break;
                syllable.hyphen_after = !last;
                out.push(syllable);
                start = end;
            }
        }
        out
    }

    /// Cut a word wider than a line between characters: the first piece
    /// fits `first_room`, the others `room`. One pass over the word's
    /// characters, each measured once, so a megabyte without a break
    /// opportunity costs linear time (measuring every prefix again was
    /// quadratic).
    pub fn split_to_width(
        &mut self,
        m: &Measurer,
        word: &Word,
        first_room: f32,
        room: f32,
    ) -> Vec<Word> {
        let mut pieces: Vec<Word> = Vec::new();
        let mut head: Vec<Atom> = Vec::new();
        let mut used = 0.0f32;
        let mut limit = first_room;
        for index in word.atoms.range() {
            let Some(&atom) = self.atoms.get(index) else {
                continue;
            };
            let AtomKind::Text {
                text, piece, face, ..
            } = atom.kind
            else {
                if used + atom.width > limit && !head.is_empty() {
                    let full = self.word_of(head.drain(..));
                    pieces.push(full);
                    used = 0.0;
                    limit = room;
                }
                used += atom.width;
                head.push(atom);
                continue;
            };
            if used + atom.width <= limit {
                used += atom.width;
                head.push(atom);
                continue;
            }
            let size = self.style_of(piece).map_or(0.0, |s| s.size);
            let mut start = text.start;
            let mut head_has_atoms = !head.is_empty();
            let mut cuts: Vec<usize> = Vec::new();
            for (i, c) in self.text_of(text).char_indices() {
                let at = text.start + i;
                let mut buf = [0u8; 4];
                let w = m.width(face, size, c.encode_utf8(&mut buf));
                if used + w > limit && (at > start || head_has_atoms) {
                    cuts.push(at);
                    start = at;
                    head_has_atoms = false;
                    used = 0.0;
                    limit = room;
                }
                used += w;
            }
            let mut from = text.start;
            for cut in cuts {
                head.extend(self.text_atom(m, Span::new(from, cut), piece, size, face));
                let full = self.word_of(head.drain(..));
                pieces.push(full);
                from = cut;
            }
            head.extend(self.text_atom(m, Span::new(from, text.end), piece, size, face));
            used = head.iter().map(|a| a.width).sum();
        }
        let mut last = self.word_of(head);
        last.space = word.space;
        last.hard_break = word.hard_break;
        last.hyphen_after = word.hyphen_after;
        pieces.push(last);
        pieces
    }

    /// Words wider than a line cut between characters.
    pub fn fit_to_width(&mut self, m: &Measurer, list: Vec<Word>, width: f32) -> Vec<Word> {
        if !list.iter().any(|w| too_wide(w, width)) {
            return list;
        }
        let mut prepared: Vec<Word> = Vec::with_capacity(list.len());
        for word in list {
            if too_wide(&word, width) {
                prepared.extend(self.split_to_width(m, &word, width, width));
            } else {
                prepared.push(word);
            }
        }
        prepared
    }
}

/// Whether `word` is wider than a line of `width` (and must be cut).
pub(super) fn too_wide(word: &Word, width: f32) -> bool {
    word.width > width + 0.01
}
