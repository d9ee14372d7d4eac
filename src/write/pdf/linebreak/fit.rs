//! Choosing where lines end: the total fit for ordinary paragraphs, a
//! first fit for paragraphs with an indented or hanging first line.

use std::collections::VecDeque;

use super::super::fonts::Measurer;
use super::line::{LineSpec, build_line};
use super::paragraph::{Paragraph, Word, too_wide};
use super::{Align, LineSettings, SetLine, TextStyle};

/// Break by first fit (each line as full as it can be), hyphenating a
/// word that does not fit when the line would be loose.
pub(super) fn first_fit(
    m: &Measurer,
    mut para: Paragraph<'_>,
    words: Vec<Word>,
    settings: &LineSettings,
    strut: &TextStyle,
) -> Vec<SetLine> {
    let mut queue: VecDeque<Word> = words.into();
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
        // A word wider than a whole line is cut between characters. The
        // pieces but the last fill lines of their own; the last goes on as
        // a word that fits.
        let word = if current.is_empty() && too_wide(&word, width) {
            let mut pieces = para.split_to_width(m, &word, width, settings.width);
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
            current.push(word);
            if word.hard_break {
                lines.push((std::mem::take(&mut current), true));
                used = 0.0;
            }
            continue;
        }
        // The word does not fit: hyphenate it if the line would be loose.
        let room = width - used - space_before;
        if let Some(lang) = settings.hyphenate
            && room > width * 0.08
            && let Some((head, rest)) = para.hyphenate_word(m, &word, room, lang)
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
            // The first line is indented, or the others hang.
            let indent = match (i, settings.first_indent < 0.0) {
                (0, false) => settings.first_indent.max(0.0),
                (0, true) => 0.0,
                (_, true) => -settings.first_indent,
                (_, false) => 0.0,
            };
            let spec = LineSpec {
                width: line_width(i == 0),
                indent,
                settings,
                strut,
                stretch: !(last || ends),
            };
            build_line(&para, &words, None, &spec)
        })
        .collect()
}

/// Break by total fit (Knuth and Plass, "Breaking paragraphs into lines",
/// 1981, simplified): every break candidate — a space, a UAX #14
/// opportunity, a hyphenation point — gets the least total demerits of the
/// lines before it; each line's badness grows with the cube of its stretch
/// or shrink ratio, and hyphens cost extra. The window of candidates per
/// break is bounded by the line width, so the work stays linear in the
/// paragraph length.
pub(super) fn optimal_fit(
    m: &Measurer,
    mut para: Paragraph<'_>,
    list: Vec<Word>,
    settings: &LineSettings,
    strut: &TextStyle,
) -> Vec<SetLine> {
    let width = settings.width.max(1.0);
    if let Some(line) = single_line(&para, &list, settings, strut) {
        return vec![line];
    }
    let Some(lang) = settings.hyphenate else {
        let prepared = para.fit_to_width(m, list, width);
        return set_segments(m, &para, &prepared, settings, strut, None).unwrap_or_default();
    };
    // TeX's first pass (`\pretolerance`): the paragraph without
    // hyphenation, kept when no line is looser than PRETOLERANCE; only the
    // others are hyphenated and set again. Fewer hyphens, and most
    // paragraphs never pay for hyphenating and measuring syllables. Words
    // are small copies of arena ranges: cutting them to the width for
    // this pass leaves the list as it was for the hyphenation pass.
    let first_pass = if list.iter().any(|w| too_wide(w, width)) {
        let plain = para.fit_to_width(m, list.clone(), width);
        set_segments(m, &para, &plain, settings, strut, Some(PRETOLERANCE))
    } else {
        set_segments(m, &para, &list, settings, strut, Some(PRETOLERANCE))
    };
    if let Some(lines) = first_pass {
        return lines;
    }
    let syllables = para.syllables(m, list, lang);
    let hyphenated = para.fit_to_width(m, syllables, width);
    set_segments(m, &para, &hyphenated, settings, strut, None).unwrap_or_default()
}

/// The paragraph as one line when it fits at its natural width with no
/// forced break before its end: what the total fit chooses then (the
/// line is the last, of badness 0 and demerits 100, and any break would
/// add a line of demerits at least 100), without its tables. Most of the
/// paragraphs a document sets are like this: list labels, table cells,
/// table-of-contents entries (77% of the 64,000 in the benchmark
/// document's PDF have three words or fewer).
fn single_line(
    para: &Paragraph<'_>,
    words: &[Word],
    settings: &LineSettings,
    strut: &TextStyle,
) -> Option<SetLine> {
    let width = settings.width.max(1.0);
    let (last, before) = words.split_last()?;
    if before.iter().any(|w| w.hard_break) {
        return None;
    }
    // Summed as `total_fit` sums a line (from its end), so the two agree
    // to the last bit on whether it fits.
    let mut natural = last.width;
    for w in before.iter().rev() {
        natural += w.width;
        natural += w.space;
    }
    if natural > width {
        return None;
    }
    let spec = LineSpec {
        width,
        indent: 0.0,
        settings,
        strut,
        stretch: false,
    };
    Some(build_line(para, words, None, &spec))
}

/// The badness a line may have in the first, unhyphenated pass: 100 is a
/// stretch (or shrink) ratio of 1 in justified text (TeX's default
/// `\pretolerance`), a quarter of the width left empty in ragged text.
pub(super) const PRETOLERANCE: f64 = 100.0;

/// Set `prepared` line by line, each segment between forced breaks on its
/// own; `None` when a line (other than a segment's last) is looser than
/// `tolerance`.
pub(super) fn set_segments(
    m: &Measurer,
    para: &Paragraph<'_>,
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
        let (breaks, worst) = total_fit(m, para, segment, width, justify);
        if tolerance.is_some_and(|t| worst > t) {
            return None;
        }
        let mut from = 0;
        let count = breaks.len();
        for (li, &to) in breaks.iter().enumerate() {
            let line_words = segment.get(from..to).unwrap_or(&[]);
            let last = li + 1 == count;
            // A line ending inside a hyphenated word shows the hyphen.
            let hyphen = match line_words.last() {
                Some(w) if !last && w.hyphen_after => para.hyphen_atom(m, w),
                _ => None,
            };
            let spec = LineSpec {
                width,
                indent: 0.0,
                settings,
                strut,
                stretch: !last,
            };
            lines.push(build_line(para, line_words, hyphen, &spec));
            from = to;
        }
        start = end;
    }
    Some(lines)
}

/// The line ends (exclusive word indices) of the least-demerit breaking
/// of one segment, and the worst badness among its lines but the last.
fn total_fit(
    m: &Measurer,
    para: &Paragraph<'_>,
    words: &[Word],
    width: f32,
    justify: bool,
) -> (Vec<usize>, f64) {
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
            para.hyphen_width(m, last_word)
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
