//! Breaking styled inline content into lines: break opportunities from
//! UAX #14 (`unicode-linebreak`), hyphenation from TeX patterns (`hypher`)
//! when a word would leave a loose line, a greedy first fit (each line as
//! full as it can be), then justification by stretching the spaces (not
//! on a paragraph's last line, and never by more than a few ems: a very
//! loose line is left ragged instead).
//!
//! A word wider than the whole line (a long URL or identifier) is cut
//! between characters so nothing ever runs into the margin.

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::fonts::{FaceId, Measurer, face_for_char};
use super::layout::{Color, Item, LinkTarget};

/// The look of a run of text.
#[derive(Clone, Debug, PartialEq)]
pub struct TextStyle {
    pub face: FaceId,
    pub size: f32,
    pub color: Color,
    /// Baseline shift upwards in points (superscripts; negative for
    /// subscripts).
    pub rise: f32,
    pub link: Option<LinkTarget>,
    /// A shade behind the text (inline code).
    pub background: Option<Color>,
}

/// Something drawn inline that is not text (inline maths): its items are
/// placed relative to (0, baseline).
#[derive(Clone, Debug, PartialEq)]
pub struct InlineObject {
    pub width: f32,
    pub ascent: f32,
    pub descent: f32,
    pub items: Vec<Item>,
    pub link: Option<LinkTarget>,
}

/// A piece of inline content.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    Text(String, TextStyle),
    Object(InlineObject),
    /// An anchor for internal links.
    Anchor(String),
    /// A forced line break.
    Break,
}

/// How lines are set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LineSettings {
    pub width: f32,
    /// Indent of the first line (negative for hanging).
    pub first_indent: f32,
    pub align: Align,
    /// Multiple of the font size.
    pub line_height: f32,
    pub hyphenate: Option<hypher::Lang>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Justify,
    Center,
    Right,
}

/// One set line: items relative to the line's top-left at x = 0.
#[derive(Clone, Debug, PartialEq)]
pub struct SetLine {
    pub height: f32,
    pub baseline: f32,
    pub items: Vec<Item>,
    pub width: f32,
}

/// A measured atom: a fragment of one word in one face, or an object.
#[derive(Clone, Debug)]
enum Atom {
    Text {
        text: String,
        style: TextStyle,
        face: FaceId,
        width: f32,
        kerns: Vec<(usize, f32)>,
    },
    Object(InlineObject),
    Anchor(String),
}

impl Atom {
    fn width(&self) -> f32 {
        match self {
            Atom::Text { width, .. } => *width,
            Atom::Object(o) => o.width,
            Atom::Anchor(_) => 0.0,
        }
    }
}

/// A word: atoms that must stay together, and the space after it.
#[derive(Clone, Debug)]
struct Word {
    atoms: Vec<Atom>,
    width: f32,
    /// Width and style of the trailing space (0 if none).
    space: f32,
    space_style: Option<TextStyle>,
    /// A mandatory break follows.
    hard_break: bool,
    /// A syllable of a hyphenated word: a line may end here with a hyphen.
    hyphen_after: bool,
}

/// Split `text` in `style` into face-homogeneous atoms (fallback faces for
/// characters the style's face lacks).
fn text_atoms(m: &Measurer, text: &str, style: &TextStyle, out: &mut Vec<Atom>) {
    let mut start = 0;
    let mut current: Option<FaceId> = None;
    for (i, c) in text.char_indices() {
        let face = face_for_char(style.face, c);
        match current {
            Some(f) if f == face => {}
            Some(f) => {
                push_text_atom(m, text.get(start..i).unwrap_or(""), style, f, out);
                start = i;
                current = Some(face);
            }
            None => current = Some(face),
        }
    }
    if let Some(f) = current {
        push_text_atom(m, text.get(start..).unwrap_or(""), style, f, out);
    }
}

fn push_text_atom(m: &Measurer, text: &str, style: &TextStyle, face: FaceId, out: &mut Vec<Atom>) {
    if text.is_empty() {
        return;
    }
    let (width, kerns) = m.with_shaped(face, text, |shaped| {
        let kerns = shaped
            .kerns
            .iter()
            .map(|&(i, em)| (i, em * style.size))
            .collect();
        (shaped.width_em * style.size, kerns)
    });
    out.push(Atom::Text {
        text: text.to_string(),
        style: style.clone(),
        face,
        width,
        kerns,
    });
}

/// Cut pieces into words at UAX #14 break opportunities.
fn words(m: &Measurer, pieces: &[Piece]) -> Vec<Word> {
    // One string for the break algorithm; objects stand in as U+FFFC and
    // anchors as nothing. `owners` maps byte ranges back to pieces.
    let mut joined = String::new();
    let mut owners: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, piece)
    for (pi, piece) in pieces.iter().enumerate() {
        let start = joined.len();
        match piece {
            Piece::Text(t, _) => joined.push_str(t),
            Piece::Object(_) => joined.push('\u{FFFC}'),
            Piece::Anchor(_) => {}
            Piece::Break => joined.push('\n'),
        }
        owners.push((start, joined.len(), pi));
    }
    let mut breaks: Vec<(usize, bool)> = linebreaks(&joined)
        .map(|(i, op)| (i, op == BreakOpportunity::Mandatory))
        .collect();
    if breaks.last().is_none_or(|b| b.0 != joined.len()) {
        breaks.push((joined.len(), false));
    }
    let mut out = Vec::new();
    let mut seg_start = 0;
    let mut anchors_done = vec![false; pieces.len()];
    // The first owner that can still overlap the current segment: segments
    // and owners are both in text order, so the scan is linear overall.
    let mut first_owner = 0;
    for (end, mandatory) in breaks {
        let segment = joined.get(seg_start..end).unwrap_or("");
        // Trailing spaces (and the newline of a forced break) are not part
        // of the word.
        let content_len = segment.trim_end_matches([' ', '\n', '\t']).len();
        let content_end = seg_start + content_len;
        let mut word = Word {
            atoms: Vec::new(),
            width: 0.0,
            space: 0.0,
            space_style: None,
            hard_break: mandatory && end < joined.len(),
            hyphen_after: false,
        };
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
            if let Piece::Anchor(id) = piece {
                if ps >= seg_start
                    && ps <= end
                    && let Some(done) = anchors_done.get_mut(pi)
                    && !*done
                {
                    *done = true;
                    word.atoms.push(Atom::Anchor(id.clone()));
                }
                continue;
            }
            let lo = ps.max(seg_start);
            let hi = pe.min(content_end);
            match piece {
                Piece::Text(text, style) => {
                    if lo < hi {
                        let part = text.get(lo - ps..hi - ps).unwrap_or("");
                        text_atoms(m, part, style, &mut word.atoms);
                    }
                    // The trailing space's width, in the style it is in.
                    let slo = ps.max(content_end);
                    let shi = pe.min(end);
                    if slo < shi {
                        let spaces = text.get(slo - ps..shi - ps).unwrap_or("");
                        let n = spaces.chars().filter(|c| *c == ' ' || *c == '\t').count();
                        if n > 0 {
                            word.space += m.width(style.face, style.size, " ") * n as f32;
                            word.space_style = Some(style.clone());
                        }
                    }
                }
                Piece::Object(obj) => {
                    if lo < hi {
                        word.atoms.push(Atom::Object(obj.clone()));
                    }
                }
                Piece::Anchor(_) | Piece::Break => {}
            }
        }
        word.width = word.atoms.iter().map(Atom::width).sum();
        if !word.atoms.is_empty() || word.hard_break {
            out.push(word);
        } else if let Some(last) = out.last_mut() {
            // A run of spaces alone: widen the previous word's space.
            last.space = last.space.max(word.space);
        }
        seg_start = end;
    }
    out
}

/// Try to split `word` so its first part plus a hyphen fits in `room`.
fn hyphenate_word(
    m: &Measurer,
    word: &Word,
    room: f32,
    lang: hypher::Lang,
) -> Option<(Word, Word)> {
    // Only a single plain-text atom of letters is hyphenated: no code, no
    // mixed styles, no URLs.
    let [
        Atom::Text {
            text, style, face, ..
        },
    ] = word.atoms.as_slice()
    else {
        return None;
    };
    let letters: &str = text.trim_end_matches(|c: char| !c.is_alphabetic());
    if letters.chars().count() < 5 || !letters.chars().all(char::is_alphabetic) {
        return None;
    }
    let tail = text.get(letters.len()..).unwrap_or("");
    let syllables: Vec<&str> = hypher::hyphenate(letters, lang).collect();
    let mut best: Option<usize> = None;
    let mut offset = 0;
    for syl in syllables.iter().take(syllables.len().saturating_sub(1)) {
        offset += syl.len();
        let head = format!("{}-", letters.get(..offset).unwrap_or(""));
        if m.width(*face, style.size, &head) <= room {
            best = Some(offset);
        } else {
            break;
        }
    }
    let cut = best?;
    let head = format!("{}-", text.get(..cut).unwrap_or(""));
    let rest = format!("{}{}", letters.get(cut..).unwrap_or(""), tail);
    let make = |t: &str, space: f32, hard: bool| {
        let mut atoms = Vec::new();
        push_text_atom(m, t, style, *face, &mut atoms);
        Word {
            width: atoms.iter().map(Atom::width).sum(),
            atoms,
            space,
            space_style: word.space_style.clone(),
            hard_break: hard,
            hyphen_after: false,
        }
    };
    Some((
        make(&head, 0.0, false),
        make(&rest, word.space, word.hard_break),
    ))
}

/// Cut a word wider than a line between characters: the first piece fits
/// `first_room`, the others `room`. One pass over the word's characters,
/// each measured once, so a megabyte without a break opportunity costs
/// linear time (measuring every prefix again was quadratic, and filled the
/// shaping cache with every prefix).
fn split_to_width(m: &Measurer, word: Word, first_room: f32, room: f32) -> Vec<Word> {
    let piece = |atoms: Vec<Atom>| Word {
        width: atoms.iter().map(Atom::width).sum(),
        atoms,
        space: 0.0,
        space_style: None,
        hard_break: false,
        hyphen_after: false,
    };
    let mut pieces: Vec<Word> = Vec::new();
    let mut head: Vec<Atom> = Vec::new();
    let mut used = 0.0f32;
    let mut limit = first_room;
    for atom in word.atoms {
        let Atom::Text {
            text, style, face, ..
        } = &atom
        else {
            if used + atom.width() > limit && !head.is_empty() {
                pieces.push(piece(std::mem::take(&mut head)));
                used = 0.0;
                limit = room;
            }
            used += atom.width();
            head.push(atom);
            continue;
        };
        if used + atom.width() <= limit {
            used += atom.width();
            head.push(atom);
            continue;
        }
        let mut start = 0;
        for (i, c) in text.char_indices() {
            let end = i + c.len_utf8();
            let w = m.width(*face, style.size, text.get(i..end).unwrap_or(""));
            if used + w > limit && (i > start || !head.is_empty()) {
                push_text_atom(m, text.get(start..i).unwrap_or(""), style, *face, &mut head);
                pieces.push(piece(std::mem::take(&mut head)));
                start = i;
                used = 0.0;
                limit = room;
            }
            used += w;
        }
        push_text_atom(m, text.get(start..).unwrap_or(""), style, *face, &mut head);
        used = head.iter().map(Atom::width).sum();
    }
    let mut last = piece(head);
    last.space = word.space;
    last.space_style = word.space_style;
    last.hard_break = word.hard_break;
    last.hyphen_after = word.hyphen_after;
    pieces.push(last);
    pieces
}

/// Break `pieces` into set lines.
pub fn set_lines(
    m: &Measurer,
    pieces: &[Piece],
    settings: &LineSettings,
    strut: &TextStyle,
) -> Vec<SetLine> {
    if settings.first_indent == 0.0 {
        return optimal_fit(m, pieces, settings, strut);
    }
    let mut queue: std::collections::VecDeque<Word> = words(m, pieces).into();
    let mut lines: Vec<(Vec<Word>, bool)> = Vec::new(); // (words, ends paragraph or hard break)
    let mut current: Vec<Word> = Vec::new();
    let mut used = 0.0f32;
    let line_width = |first: bool| {
        if first {
            (settings.width - settings.first_indent).max(12.0)
        } else {
            settings.width
        }
    };
    while let Some(word) = queue.pop_front() {
        let width = line_width(lines.is_empty());
        // A word wider than a whole line is cut between characters.
        // The pieces but the last fill lines of their own; the last goes on
        // as a word that fits.
        let word = if current.is_empty() && word.width > width + 0.01 {
            let mut pieces = split_to_width(m, word, width, settings.width);
            let Some(rest) = pieces.pop() else {
                continue;
            };
            for head in pieces {
                lines.push((vec![head], false));
            }
            rest
        } else {
            word
        };
        let space_before = current.last().map_or(0.0, |w| w.space);
        if current.is_empty() || used + space_before + word.width <= width {
            used += space_before + word.width;
            let hard = word.hard_break;
            current.push(word);
            if hard {
                lines.push((std::mem::take(&mut current), true));
                used = 0.0;
            }
            continue;
        }
        // The word does not fit: hyphenate it if the line would be loose.
        let room = width - used - space_before;
        if let Some(lang) = settings.hyphenate
            && room > width * 0.08
            && let Some((head, rest)) = hyphenate_word(m, &word, room, lang)
        {
            current.push(head);
            lines.push((std::mem::take(&mut current), false));
            used = 0.0;
            queue.push_front(rest);
            continue;
        }
        lines.push((std::mem::take(&mut current), false));
        used = 0.0;
        queue.push_front(word);
    }
    if !current.is_empty() {
        lines.push((current, true));
    }
    let count = lines.len();
    lines
        .into_iter()
        .enumerate()
        .map(|(i, (words, ends))| {
            let last = i + 1 == count;
            let indent = if i == 0 {
                settings.first_indent.max(0.0)
            } else {
                0.0
            };
            let indent = if i == 0 && settings.first_indent < 0.0 {
                0.0
            } else if i > 0 && settings.first_indent < 0.0 {
                -settings.first_indent
            } else {
                indent
            };
            let width = line_width(i == 0);
            build_line(&words, width, indent, settings, strut, !(last || ends))
        })
        .collect()
}

/// Split hyphenatable words into syllables that a line may end after
/// (with a hyphen): the candidates of the optimal fit.
fn syllables(m: &Measurer, words: Vec<Word>, lang: hypher::Lang) -> Vec<Word> {
    let mut out = Vec::with_capacity(words.len());
    for word in words {
        let [
            Atom::Text {
                text, style, face, ..
            },
        ] = word.atoms.as_slice()
        else {
            out.push(word);
            continue;
        };
        let letters: &str = text.trim_end_matches(|c: char| !c.is_alphabetic());
        if letters.chars().count() < 5 || !letters.chars().all(char::is_alphabetic) {
            out.push(word);
            continue;
        }
        let parts: Vec<&str> = hypher::hyphenate(letters, lang).collect();
        if parts.len() < 2 {
            out.push(word);
            continue;
        }
        let tail = text.get(letters.len()..).unwrap_or("");
        let count = parts.len();
        for (i, part) in parts.into_iter().enumerate() {
            let last = i + 1 == count;
            let piece = if last {
                format!("{part}{tail}")
            } else {
                part.to_string()
            };
            let mut atoms = Vec::new();
            push_text_atom(m, &piece, style, *face, &mut atoms);
            out.push(Word {
                width: atoms.iter().map(Atom::width).sum(),
                atoms,
                space: if last { word.space } else { 0.0 },
                space_style: word.space_style.clone(),
                hard_break: last && word.hard_break,
                hyphen_after: !last,
            });
        }
    }
    out
}

/// The width of a hyphen after `word`'s last text.
fn hyphen_width(m: &Measurer, word: &Word) -> f32 {
    word.atoms
        .iter()
        .rev()
        .find_map(|a| match a {
            Atom::Text { style, face, .. } => Some(m.width(*face, style.size, "-")),
            _ => None,
        })
        .unwrap_or(0.0)
}

/// Break `pieces` by total fit (Knuth and Plass, "Breaking paragraphs
/// into lines", 1981, simplified): every break candidate — a space, a
/// UAX #14 opportunity, a hyphenation point — gets the least total
/// demerits of the lines before it; each line's badness grows with the
/// cube of its stretch or shrink ratio, and hyphens cost extra. The
/// window of candidates per break is bounded by the line width, so the
/// work stays linear in the paragraph length.
fn optimal_fit(
    m: &Measurer,
    pieces: &[Piece],
    settings: &LineSettings,
    strut: &TextStyle,
) -> Vec<SetLine> {
    let width = settings.width.max(1.0);
    let list = words(m, pieces);
    let Some(lang) = settings.hyphenate else {
        return set_segments(m, &fit_to_width(m, list, width), settings, strut, None)
            .unwrap_or_default();
    };
    // TeX's first pass (`\pretolerance`): the paragraph without
    // hyphenation, kept when no line is looser than PRETOLERANCE; only
    // the others are hyphenated and set again. Fewer hyphens, and most
    // paragraphs never pay for hyphenating and measuring syllables.
    // The words are copied for this pass only when one must be cut to the
    // width: the hyphenation pass needs them as they are.
    let first_pass = if list.iter().any(|w| too_wide(w, width)) {
        let plain = fit_to_width(m, list.clone(), width);
        set_segments(m, &plain, settings, strut, Some(PRETOLERANCE))
    } else {
        set_segments(m, &list, settings, strut, Some(PRETOLERANCE))
    };
    if let Some(lines) = first_pass {
        return lines;
    }
    let hyphenated = fit_to_width(m, syllables(m, list, lang), width);
    set_segments(m, &hyphenated, settings, strut, None).unwrap_or_default()
}

/// The badness a line may have in the first, unhyphenated pass: 100 is a
/// stretch (or shrink) ratio of 1 in justified text (TeX's default
/// `\pretolerance`), a quarter of the width left empty in ragged text.
const PRETOLERANCE: f64 = 100.0;

/// Whether `word` is wider than a line of `width` (and must be cut).
fn too_wide(word: &Word, width: f32) -> bool {
    word.width > width + 0.01
}

/// Words wider than a line cut between characters.
fn fit_to_width(m: &Measurer, list: Vec<Word>, width: f32) -> Vec<Word> {
    if !list.iter().any(|w| too_wide(w, width)) {
        return list;
    }
    let mut prepared: Vec<Word> = Vec::with_capacity(list.len());
    for word in list {
        if too_wide(&word, width) {
            prepared.extend(split_to_width(m, word, width, width));
        } else {
            prepared.push(word);
        }
    }
    prepared
}

/// Set `prepared` line by line, each segment between forced breaks on its
/// own; `None` when a line (other than a segment's last) is looser than
/// `tolerance`.
fn set_segments(
    m: &Measurer,
    prepared: &[Word],
    settings: &LineSettings,
    strut: &TextStyle,
    tolerance: Option<f64>,
) -> Option<Vec<SetLine>> {
    let width = settings.width.max(1.0);
    let justify = settings.align == Align::Justify;
    let mut lines: Vec<SetLine> = Vec::new();
    let mut start = 0;
    while start < prepared.len() {
        let end = prepared
            .iter()
            .skip(start)
            .position(|w| w.hard_break)
            .map_or(prepared.len(), |p| start + p + 1);
        let segment = prepared.get(start..end).unwrap_or(&[]);
        let (breaks, worst) = total_fit(m, segment, width, justify);
        if tolerance.is_some_and(|t| worst > t) {
            return None;
        }
        let mut from = 0;
        let count = breaks.len();
        for (li, &to) in breaks.iter().enumerate() {
            let line_words = segment.get(from..to).unwrap_or(&[]);
            let last = li + 1 == count;
            // Only a line ending inside a hyphenated word is copied, to
            // give its last syllable the hyphen.
            if !last && line_words.last().is_some_and(|w| w.hyphen_after) {
                let mut hyphenated = line_words.to_vec();
                if let Some(w) = hyphenated.last_mut() {
                    add_hyphen(m, w);
                }
                lines.push(build_line(&hyphenated, width, 0.0, settings, strut, true));
            } else {
                lines.push(build_line(line_words, width, 0.0, settings, strut, !last));
            }
            from = to;
        }
        start = end;
    }
    Some(lines)
}

/// Append a visible hyphen to a syllable that ends a line.
fn add_hyphen(m: &Measurer, word: &mut Word) {
    let Some((style, face)) = word.atoms.iter().rev().find_map(|a| match a {
        Atom::Text { style, face, .. } => Some((style.clone(), *face)),
        _ => None,
    }) else {
        return;
    };
    push_text_atom(m, "-", &style, face, &mut word.atoms);
    word.width = word.atoms.iter().map(Atom::width).sum();
}

/// The line ends (exclusive word indices) of the least-demerit breaking
/// of one segment, and the worst badness among its lines but the last.
fn total_fit(m: &Measurer, words: &[Word], width: f32, justify: bool) -> (Vec<usize>, f64) {
    let n = words.len();
    if n == 0 {
        return (Vec::new(), 0.0);
    }
    // best[i]: least demerits of setting words[..i]; from[i]: where its
    // last line starts.
    let mut best = vec![f64::INFINITY; n + 1];
    let mut from = vec![0usize; n + 1];
    // The badness of the chosen line ending at each point.
    let mut line_badness = vec![0.0f64; n + 1];
    if let Some(b) = best.get_mut(0) {
        *b = 0.0;
    }
    for end in 1..=n {
        let is_last = end == n;
        let Some(last_word) = words.get(end - 1) else {
            continue;
        };
        // A line may only end at a space, an opportunity or a syllable.
        let hyphen = !is_last && last_word.hyphen_after;
        let hyphen_w = if hyphen {
            hyphen_width(m, last_word)
        } else {
            0.0
        };
        let mut natural = 0.0f32;
        let mut spaces = 0.0f32;
        let mut begin = end;
        while begin > 0 {
            begin -= 1;
            let Some(w) = words.get(begin) else { break };
            natural += w.width;
            if begin + 1 < end {
                natural += w.space;
                spaces += w.space;
            }
            let line_w = natural + hyphen_w;
            // Shrink by at most a third of the spaces (justified text).
            let shrink = if justify { spaces / 3.0 } else { 0.0 };
            let single = begin + 1 == end;
            if line_w - shrink > width + 0.01 && !single {
                break;
            }
            let Some(&prior) = best.get(begin) else { break };
            if !prior.is_finite() {
                continue;
            }
            let slack = width - line_w;
            let badness = if slack >= 0.0 {
                if is_last {
                    0.0
                } else if justify {
                    // Stretch ratio against half a space per space.
                    let stretch = (spaces * 0.5).max(0.001);
                    let ratio = f64::from(slack / stretch);
                    (100.0 * ratio.powi(3)).min(10_000.0)
                } else {
                    // Ragged: even line lengths.
                    let ratio = f64::from(slack / width) * 4.0;
                    (100.0 * ratio.powi(2)).min(10_000.0)
                }
            } else if shrink > 0.0 && !single {
                let ratio = f64::from(-slack / shrink);
                100.0 * ratio.powi(3)
            } else {
                // A single overlong word (already cut to fit) or no room.
                10_000.0
            };
            let penalty = if hyphen { 50.0 } else { 0.0 };
            let demerits = (10.0 + badness).powi(2) + penalty * penalty;
            let total = prior + demerits;
            if let (Some(b), Some(f), Some(lb)) = (
                best.get_mut(end),
                from.get_mut(end),
                line_badness.get_mut(end),
            ) && total < *b
            {
                *b = total;
                *f = begin;
                *lb = badness;
            }
        }
    }
    // Walk back from the end.
    let mut ends = Vec::new();
    let mut worst = 0.0f64;
    let mut at = n;
    while at > 0 {
        ends.push(at);
        if at < n {
            worst = worst.max(line_badness.get(at).copied().unwrap_or(0.0));
        }
        let prev = from.get(at).copied().unwrap_or(0);
        if prev >= at {
            break;
        }
        at = prev;
    }
    ends.reverse();
    (ends, worst)
}

/// Position the words of one line.
fn build_line(
    words: &[Word],
    width: f32,
    indent: f32,
    settings: &LineSettings,
    strut: &TextStyle,
    stretch: bool,
) -> SetLine {
    let natural: f32 = words.iter().map(|w| w.width).sum::<f32>()
        + words
            .iter()
            .take(words.len().saturating_sub(1))
            .map(|w| w.space)
            .sum::<f32>();
    // Only real spaces stretch or shrink (not the zero-width break
    // opportunities after a slash or between syllables).
    let gaps = words
        .iter()
        .take(words.len().saturating_sub(1))
        .filter(|w| w.space > 0.0)
        .count();
    let slack = width - natural;
    let mut extra = 0.0;
    let mut x = indent;
    let slack_pos = slack.max(0.0);
    match settings.align {
        Align::Justify if stretch && gaps > 0 => {
            let per_gap = slack / gaps as f32;
            // A very loose line reads worse than a ragged one; shrinking is
            // bounded by the optimal fit (a third of a space).
            if per_gap < strut.size * 1.2 {
                extra = per_gap;
            }
        }
        Align::Justify | Align::Left if slack < 0.0 && gaps > 0 => {
            // A line set a little tight by the optimal fit: shrink it to
            // the measure even when it is not stretched.
            extra = slack / gaps as f32;
        }
        Align::Center => x += slack_pos / 2.0,
        Align::Right => x += slack_pos,
        _ => {}
    }
    // Vertical metrics: half-leading around every text size (as CSS does).
    let lh = settings.line_height;
    let text_metrics = |style: &TextStyle, face: FaceId| {
        let (asc, desc) =
            super::fonts::loaded(face).map_or((0.93, -0.24), |f| (f.ascender, f.descender));
        let content = (asc - desc) * style.size;
        let half = (lh * style.size - content) / 2.0;
        (
            asc * style.size + half + style.rise.max(0.0),
            -desc * style.size + half - style.rise.min(0.0),
        )
    };
    let (mut ascent, mut descent) = text_metrics(strut, strut.face);
    for word in words {
        for atom in &word.atoms {
            match atom {
                Atom::Text { style, face, .. } => {
                    let (a, d) = text_metrics(style, *face);
                    ascent = ascent.max(a);
                    descent = descent.max(d);
                }
                Atom::Object(o) => {
                    ascent = ascent.max(o.ascent + strut.size * 0.15);
                    descent = descent.max(o.descent + strut.size * 0.1);
                }
                Atom::Anchor(_) => {}
            }
        }
    }
    let height = ascent + descent;
    let baseline = ascent;
    let mut items: Vec<Item> = Vec::new();
    let mut links: Vec<(f32, f32, LinkTarget)> = Vec::new();
    let mut add_link = |x0: f32, x1: f32, target: &Option<LinkTarget>| {
        if let Some(t) = target {
            match links.last_mut() {
                Some(last) if last.2 == *t && (x0 - last.1).abs() < 8.0 * strut.size => last.1 = x1,
                _ => links.push((x0, x1, t.clone())),
            }
        }
    };
    // The pen position and char count of the last text item, when known.
    let mut last_text: Option<(f32, usize)> = None;
    // Shades behind inline code, drawn under the text.
    let mut shades: Vec<Item> = Vec::new();
    for (wi, word) in words.iter().enumerate() {
        for atom in &word.atoms {
            match atom {
                Atom::Text {
                    text,
                    style,
                    face,
                    width,
                    kerns,
                } => {
                    let y = baseline - style.rise;
                    // Merge with the previous item when the look is the
                    // same: one text object per run, spaces as characters.
                    let merged = match items.last_mut() {
                        Some(Item::Text {
                            x: px,
                            y: py,
                            face: pf,
                            size: ps,
                            color: pc,
                            text: pt,
                            adjust,
                        }) if *pf == *face
                            && *ps == style.size
                            && *pc == style.color
                            && *py == y =>
                        {
                            // Where the previous text ends (its pen) and its
                            // length, kept as we go: re-measuring the growing
                            // run would be quadratic.
                            let (end, chars) = match last_text {
                                Some(known) => known,
                                None => (*px + run_width(pt, adjust, *pf, *ps), pt.chars().count()),
                            };
                            let gap = x - end;
                            if (0.0..style.size * 3.0).contains(&gap) {
                                let space_w = space_width(*face, style.size);
                                let mut count = chars;
                                if gap >= space_w * 0.5 {
                                    pt.push(' ');
                                    let diff = gap - space_w;
                                    if diff.abs() > 0.01 {
                                        adjust.push((count, diff));
                                    }
                                    count += 1;
                                } else if gap.abs() > 0.01 && count > 0 {
                                    adjust.push((count - 1, gap));
                                }
                                pt.push_str(text);
                                adjust.extend(kerns.iter().map(|&(i, k)| (count + i, k)));
                                last_text = Some((x + width, count + text.chars().count()));
                                true
                            } else {
                                false
                            }
                        }
                        _ => false,
                    };
                    if !merged {
                        items.push(Item::Text {
                            x,
                            y,
                            face: *face,
                            size: style.size,
                            color: style.color,
                            text: text.clone(),
                            adjust: kerns.clone(),
                        });
                        last_text = Some((x + width, text.chars().count()));
                    }
                    add_link(x, x + width, &style.link);
                    if let Some(bg) = style.background {
                        let top = y - style.size * 0.82;
                        let h = style.size * 1.08;
                        // One shade over a whole inline literal, spaces included.
                        match shades.last_mut() {
                            Some(Item::Rect {
                                x: sx,
                                y: sy,
                                w: sw,
                                fill: Some(c),
                                ..
                            }) if *c == bg
                                && (*sy - top).abs() < 0.01
                                && x - (*sx + *sw) < style.size * 0.8 =>
                            {
                                *sw = x + width - *sx;
                            }
                            _ => shades.push(Item::Rect {
                                x,
                                y: top,
                                w: *width,
                                h,
                                fill: Some(bg),
                                stroke: None,
                            }),
                        }
                    }
                    x += width;
                }
                Atom::Object(obj) => {
                    last_text = None;
                    for item in &obj.items {
                        items.push(item.shifted(x, baseline));
                    }
                    add_link(x, x + obj.width, &obj.link);
                    x += obj.width;
                }
                Atom::Anchor(id) => items.push(Item::Anchor {
                    id: id.clone(),
                    y: 0.0,
                }),
            }
        }
        if wi + 1 < words.len() {
            x += word.space;
            if word.space > 0.0 {
                x += extra;
            }
        }
    }
    if !shades.is_empty() {
        // A little padding around each shade.
        for shade in &mut shades {
            if let Item::Rect { x, w, .. } = shade {
                *x -= 1.0;
                *w += 2.0;
            }
        }
        shades.append(&mut items);
        items = shades;
    }
    for (x0, x1, target) in links {
        items.push(Item::Link {
            x: x0,
            y: 0.0,
            w: (x1 - x0).max(1.0),
            h: height,
            target,
        });
    }
    SetLine {
        height,
        baseline,
        items,
        width: x,
    }
}

/// The width of a space in a face.
fn space_width(face: FaceId, size: f32) -> f32 {
    super::fonts::loaded(face)
        .and_then(|f| {
            let g = f.face.glyph_index(' ')?;
            Some(f32::from(f.face.glyph_hor_advance(g)?) / f.units_per_em * size)
        })
        .unwrap_or(size * 0.3)
}

/// The advance of a text item as drawn: nominal advances plus adjustments.
pub fn run_width(text: &str, adjust: &[(usize, f32)], face: FaceId, size: f32) -> f32 {
    let Some(f) = super::fonts::loaded(face) else {
        return 0.0;
    };
    let nominal: f32 = text
        .chars()
        .map(|c| super::fonts::nominal_advance(f, c))
        .sum::<f32>()
        / f.units_per_em
        * size;
    nominal + adjust.iter().map(|a| a.1).sum::<f32>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::pdf::fonts::Family;

    fn style() -> TextStyle {
        TextStyle {
            face: FaceId::new(Family::Serif, false, false),
            size: 10.0,
            color: Color::BLACK,
            rise: 0.0,
            link: None,
            background: None,
        }
    }

    fn settings(width: f32, align: Align) -> LineSettings {
        LineSettings {
            width,
            first_indent: 0.0,
            align,
            line_height: 1.4,
            hyphenate: Some(hypher::Lang::English),
        }
    }

    #[test]
    fn linebreak_lines_fit_width() {
        let m = Measurer::new();
        let text = "The quick brown fox jumps over the lazy dog again and again until the paragraph is long enough to wrap several times.";
        let lines = set_lines(
            &m,
            &[Piece::Text(text.into(), style())],
            &settings(120.0, Align::Justify),
            &style(),
        );
        assert!(lines.len() > 3);
        for line in &lines {
            for item in &line.items {
                if let Item::Text {
                    x,
                    text,
                    adjust,
                    face,
                    size,
                    ..
                } = item
                {
                    let end = x + run_width(text, adjust, *face, *size);
                    assert!(end <= 120.5, "{text} ends at {end}");
                }
            }
        }
    }

    /// The texts of the lines' runs, joined per line.
    fn line_texts(lines: &[SetLine]) -> Vec<String> {
        lines
            .iter()
            .map(|l| {
                l.items
                    .iter()
                    .filter_map(|i| match i {
                        Item::Text { text, .. } => Some(text.as_str()),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn linebreak_hyphenates_only_when_lines_would_be_loose() {
        let m = Measurer::new();
        let set = |text: &str, width: f32| {
            line_texts(&set_lines(
                &m,
                &[Piece::Text(text.into(), style())],
                &settings(width, Align::Justify),
                &style(),
            ))
        };
        // Where the paragraph sets well without hyphens, none is used,
        // though the hyphenating pass alone (the earlier behaviour) would
        // have broken some words.
        let text = "The sorted example builds the case using the output number. The local \
                    error prints the condition in one average. The small parameter updates \
                    a line in one total, and the parallel kernel reduces the values.";
        let lang = hypher::Lang::English;
        let mut avoided = 0;
        for width in (200..=420).step_by(4) {
            let width = width as f32;
            let hyphenating = line_texts(
                &set_segments(
                    &m,
                    &fit_to_width(
                        &m,
                        syllables(&m, words(&m, &[Piece::Text(text.into(), style())]), lang),
                        width,
                    ),
                    &settings(width, Align::Justify),
                    &style(),
                    None,
                )
                .unwrap_or_default(),
            );
            let first_pass_ok = set_segments(
                &m,
                &fit_to_width(&m, words(&m, &[Piece::Text(text.into(), style())]), width),
                &settings(width, Align::Justify),
                &style(),
                Some(PRETOLERANCE),
            )
            .is_some();
            let lines = set(text, width);
            if first_pass_ok {
                assert!(
                    lines.iter().all(|l| !l.ends_with('-')),
                    "{width}: {lines:?}"
                );
                if hyphenating.iter().any(|l| l.ends_with('-')) {
                    avoided += 1;
                }
            }
        }
        assert!(avoided > 0, "no width where a hyphen was avoided");
        // Long words in a narrow measure would leave gaping lines: the
        // second pass hyphenates them.
        let hard =
            "characteristically internationalization extraordinarily responsibilities ".repeat(4);
        assert!(set(&hard, 110.0).iter().any(|l| l.ends_with('-')));
    }

    #[test]
    fn linebreak_long_word_is_cut() {
        let m = Measurer::new();
        let text = "https://example.org/a/very/long/path/that/cannot/fit/on/one/line/at/all";
        let lines = set_lines(
            &m,
            &[Piece::Text(text.into(), style())],
            &settings(80.0, Align::Left),
            &style(),
        );
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| l.width <= 80.5));
    }

    #[test]
    fn linebreak_unbreakable_word_never_overflows() {
        let m = Measurer::new();
        let text = "x".repeat(200);
        let lines = set_lines(
            &m,
            &[Piece::Text(text, style())],
            &settings(100.0, Align::Justify),
            &style(),
        );
        assert!(lines.len() >= 4);
        assert!(
            lines.iter().all(|l| l.width <= 100.5),
            "{:?}",
            lines.iter().map(|l| l.width).collect::<Vec<_>>()
        );
    }

    #[test]
    fn linebreak_justified_lines_reach_the_margin() {
        let m = Measurer::new();
        let text = "word ".repeat(60);
        let lines = set_lines(
            &m,
            &[Piece::Text(text, style())],
            &settings(200.0, Align::Justify),
            &style(),
        );
        let first = &lines[0];
        assert!((first.width - 200.0).abs() < 1.0, "{}", first.width);
    }

    proptest::proptest! {
        #[test]
        fn linebreak_lines_never_overflow(text in "\\PC{0,120}", width in 20.0f32..300.0) {
            let m = Measurer::new();
            let lines = set_lines(&m, &[Piece::Text(text, style())], &settings(width, Align::Justify), &style());
            for line in &lines {
                proptest::prop_assert!(line.width <= width + 0.5, "{} > {}", line.width, width);
            }
        }
    }
}
