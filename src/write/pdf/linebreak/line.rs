//! Setting one line: its words' atoms placed left to right, justified or
//! aligned, runs of text in one look merged into one text item (spaces
//! as characters, kerning and justification as adjustments), shades
//! behind inline code and link areas over linked text.

use super::super::fonts::{self, FaceId};
use super::super::layout::{Item, LinkTarget};
use super::paragraph::{Atom, AtomKind, Paragraph, Word};
use super::{Align, LineSettings, Piece, SetLine, TextStyle};

/// How one line is set.
pub(super) struct LineSpec<'s> {
    pub width: f32,
    pub indent: f32,
    pub settings: &'s LineSettings,
    pub strut: &'s TextStyle,
    /// Stretch to the width when justifying (not a paragraph's last line).
    pub stretch: bool,
}

/// Position the words of one line; `hyphen` is drawn after the last word
/// (a line ending inside a hyphenated word).
pub(super) fn build_line(
    para: &Paragraph<'_>,
    words: &[Word],
    hyphen: Option<Atom>,
    spec: &LineSpec<'_>,
) -> SetLine {
    let hyphen_width = hyphen.map(|h| h.width);
    let last = words.len().saturating_sub(1);
    // A hyphen widens its word the way an atom of the word would.
    let word_width = |wi: usize, word: &Word| match hyphen_width {
        Some(h) if wi == last => word.width + h,
        _ => word.width,
    };
    let natural: f32 = words
        .iter()
        .enumerate()
        .map(|(wi, w)| word_width(wi, w))
        .sum::<f32>()
        + words.iter().take(last).map(|w| w.space).sum::<f32>();
    // Only real spaces stretch or shrink (not the zero-width break
    // opportunities after a slash or between syllables).
    let gaps = words.iter().take(last).filter(|w| w.space > 0.0).count();
    let strut = spec.strut;
    let slack = spec.width - natural;
    let mut extra = 0.0;
    let mut x = spec.indent;
    let slack_pos = slack.max(0.0);
    match spec.settings.align {
        Align::Justify if spec.stretch && gaps > 0 => {
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
    let atoms_of = |wi: usize, word: &Word| {
        let tail = if wi == last { hyphen } else { None };
        para.atoms_of(word).iter().copied().chain(tail)
    };
    let (ascent, descent) = line_metrics(
        para,
        words.iter().enumerate().flat_map(|(wi, w)| atoms_of(wi, w)),
        spec.settings.line_height,
        strut,
    );
    let height = ascent + descent;
    let baseline = ascent;
    let mut runs = Runs::new(strut.size);
    // The bytes of text still to come on the line (a space a word): a
    // text item is made with room for the words merged into it after,
    // instead of growing word by word.
    runs.room = words.iter().map(|w| para.text_len(w) + 1).sum::<usize>() + hyphen.map_or(0, |_| 1);
    for (wi, word) in words.iter().enumerate() {
        for atom in atoms_of(wi, word) {
            match atom.kind {
                AtomKind::Text {
                    text,
                    piece,
                    face,
                    kerns,
                } => {
                    let Some(style) = para.style_of(piece) else {
                        continue;
                    };
                    let run = TextRun {
                        x,
                        y: baseline - style.rise,
                        face,
                        style,
                        text: para.text_of(text),
                        width: atom.width,
                        kerns: para.kerns.get(kerns.range()).unwrap_or(&[]),
                    };
                    runs.text(&run);
                    runs.room = runs.room.saturating_sub(text.end - text.start);
                    x += atom.width;
                }
                AtomKind::Object(pi) => {
                    if let Some(Piece::Object(obj)) = para.pieces.get(pi) {
                        runs.object(obj, x, baseline);
                        x += obj.width;
                    }
                }
                AtomKind::Anchor(pi) => {
                    if let Some(Piece::Anchor(id)) = para.pieces.get(pi) {
                        runs.items.push(Item::Anchor {
                            id: id.clone(),
                            y: 0.0,
                        });
                    }
                }
            }
        }
        runs.room = runs.room.saturating_sub(1);
        if wi < last {
            x += word.space;
            if word.space > 0.0 {
                x += extra;
            }
        }
    }
    SetLine {
        height,
        baseline,
        items: runs.finish(height),
        width: x,
    }
}

/// The line's ascent and descent: half-leading around every text size
/// (as CSS does), objects with a little room.
fn line_metrics(
    para: &Paragraph<'_>,
    atoms: impl Iterator<Item = Atom>,
    line_height: f32,
    strut: &TextStyle,
) -> (f32, f32) {
    let text_metrics = |style: &TextStyle, face: FaceId| {
        let (asc, desc) = fonts::loaded(face).map_or((0.93, -0.24), |f| (f.ascender, f.descender));
        let content = (asc - desc) * style.size;
        let half = (line_height * style.size - content) / 2.0;
        (
            asc * style.size + half + style.rise.max(0.0),
            -desc * style.size + half - style.rise.min(0.0),
        )
    };
    let (mut ascent, mut descent) = text_metrics(strut, strut.face);
    for atom in atoms {
        match atom.kind {
            AtomKind::Text { piece, face, .. } => {
                if let Some(style) = para.style_of(piece) {
                    let (a, d) = text_metrics(style, face);
                    ascent = ascent.max(a);
                    descent = descent.max(d);
                }
            }
            AtomKind::Object(pi) => {
                if let Some(Piece::Object(o)) = para.pieces.get(pi) {
                    ascent = ascent.max(o.ascent + strut.size * 0.15);
                    descent = descent.max(o.descent + strut.size * 0.1);
                }
            }
            AtomKind::Anchor(_) => {}
        }
    }
    (ascent, descent)
}

/// A text atom placed on the line.
struct TextRun<'a> {
    x: f32,
    /// The baseline, raised or lowered.
    y: f32,
    face: FaceId,
    style: &'a TextStyle,
    text: &'a str,
    width: f32,
    kerns: &'a [(usize, f32)],
}

/// The items of a line as they are placed: text merged into runs, shades
/// and link areas gathered to be drawn under and over it.
struct Runs {
    /// The strut's size: merging and link joining distances scale with it.
    size: f32,
    items: Vec<Item>,
    /// Shades behind inline code, drawn under the text.
    shades: Vec<Item>,
    links: Vec<(f32, f32, LinkTarget)>,
    /// The pen position and char count of the last text item, when known.
    last_text: Option<(f32, usize)>,
    /// Bytes of text left on the line, the current run's included.
    room: usize,
}

impl Runs {
    fn new(size: f32) -> Runs {
        Runs {
            size,
            items: Vec::new(),
            shades: Vec::new(),
            links: Vec::new(),
            last_text: None,
            room: 0,
        }
    }

    fn add_link(&mut self, x0: f32, x1: f32, target: Option<&LinkTarget>) {
        if let Some(t) = target {
            match self.links.last_mut() {
                Some(last) if last.2 == *t && (x0 - last.1).abs() < 8.0 * self.size => last.1 = x1,
                _ => self.links.push((x0, x1, t.clone())),
            }
        }
    }

    fn text(&mut self, run: &TextRun<'_>) {
        let style = run.style;
        let (x, y, face) = (run.x, run.y, run.face);
        if !self.merge(run) {
            let mut text = String::with_capacity(self.room.max(run.text.len()));
            text.push_str(run.text);
            self.items.push(Item::Text {
                x,
                y,
                face,
                size: style.size,
                color: style.color,
                text,
                adjust: run.kerns.to_vec(),
            });
            self.last_text = Some((x + run.width, run.text.chars().count()));
        }
        self.add_link(x, x + run.width, style.link.as_ref());
        if let Some(bg) = style.background {
            let top = y - style.size * 0.82;
            let h = style.size * 1.08;
            // One shade over a whole inline literal, spaces included.
            match self.shades.last_mut() {
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
                    *sw = x + run.width - *sx;
                }
                _ => self.shades.push(Item::Rect {
                    x,
                    y: top,
                    w: run.width,
                    h,
                    fill: Some(bg),
                    stroke: None,
                }),
            }
        }
    }

    /// Append `run` to the previous text item when the look is the same:
    /// one text object per run, spaces as characters.
    fn merge(&mut self, run: &TextRun<'_>) -> bool {
        let style = run.style;
        let Some(Item::Text {
            x: px,
            y: py,
            face: pf,
            size: ps,
            color: pc,
            text: pt,
            adjust,
        }) = self.items.last_mut()
        else {
            return false;
        };
        if !(*pf == run.face && *ps == style.size && *pc == style.color && *py == run.y) {
            return false;
        }
        // Where the previous text ends (its pen) and its length, kept as we
        // go: re-measuring the growing run would be quadratic.
        let (end, chars) = match self.last_text {
            Some(known) => known,
            None => (
                *px + super::run_width(pt, adjust, *pf, *ps),
                pt.chars().count(),
            ),
        };
        let gap = run.x - end;
        if !(0.0..style.size * 3.0).contains(&gap) {
            return false;
        }
        let space_w = space_width(run.face, style.size);
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
        pt.push_str(run.text);
        adjust.extend(run.kerns.iter().map(|&(i, k)| (count + i, k)));
        self.last_text = Some((run.x + run.width, count + run.text.chars().count()));
        true
    }

    fn object(&mut self, obj: &super::InlineObject, x: f32, baseline: f32) {
        self.last_text = None;
        for item in &obj.items {
            self.items.push(item.shifted(x, baseline));
        }
        self.add_link(x, x + obj.width, obj.link.as_ref());
    }

    /// The line's items: shades (padded a little) under the text, link
    /// areas the line's height over it.
    fn finish(self, height: f32) -> Vec<Item> {
        let Runs {
            mut items,
            mut shades,
            links,
            ..
        } = self;
        if !shades.is_empty() {
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
        items
    }
}

/// The width of a space in a face (from the face's ASCII advance table:
/// a cmap look-up per merged run was a tenth of setting lines).
fn space_width(face: FaceId, size: f32) -> f32 {
    fonts::loaded(face).map_or(size * 0.3, |f| {
        fonts::nominal_advance(f, ' ') / f.units_per_em * size
    })
}
