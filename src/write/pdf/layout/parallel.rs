//! A long body laid out on several threads, with the result the
//! sequential layout gives.
//!
//! The body's top-level blocks are cut into runs of similar size; each run
//! is laid out by its own [`Layouter`] (its own measurer and image table)
//! in parallel. A block's layout depends on the document's style and on
//! the [`Counters`] the blocks before it leave (section and figure
//! numbers), nothing else. So each run starts from counters predicted by a
//! quick count, and the runs are then joined in order: a run whose
//! prediction was wrong is laid out again, on this thread, from the real
//! counters. Joining also does what one sequential pass would have done
//! across a run boundary: the paragraph spacing between two runs that
//! drew something, image numbers in one table (an image used by two runs
//! is embedded once) and missing-glyph reports in document order.
//!
//! The cut depends on the document only, never on the thread count, and
//! the join makes the output independent of it anyway.

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::ir::{Element, Kind, Node};

use super::super::fonts::Measurer;
use super::super::images::ImageTable;
use super::blocks::{Counters, LayoutSeed, Layouter, MissingGlyphs};
use super::{FlowBox, Frame, Item};

/// Bodies smaller than this many tree nodes are laid out in one go: below
/// it a run costs less than starting a thread's measurer.
const MIN_RUN_NODES: usize = 4_000;

/// At most this many runs: enough to balance uneven blocks over the cores.
const MAX_RUNS: usize = 16;

/// One run laid out: where it started and ended, and what it made.
struct RunLayout {
    start: Counters,
    end: Counters,
    boxes: Vec<FlowBox>,
    images: ImageTable,
    diagnostics: Vec<Diagnostic>,
    missing_glyphs: Vec<MissingGlyphs>,
}

/// Lay out `nodes` (a document's body) into `out`, as
/// [`Layouter::block_list`] does, on several threads when it is long.
pub fn body(lay: &mut Layouter, nodes: &[&Node], frame: Frame, out: &mut Vec<FlowBox>) {
    body_with(lay, nodes, frame, out, predict);
}

/// [`body`] with the counter prediction given (tests give wrong ones, to
/// see them corrected).
fn body_with(
    lay: &mut Layouter,
    nodes: &[&Node],
    frame: Frame,
    out: &mut Vec<FlowBox>,
    predict: impl Fn(Counters, &[&Node]) -> Counters,
) {
    let runs = cut(nodes);
    if runs.len() < 2 {
        lay.block_list(nodes.iter().copied(), frame, out);
        return;
    }
    let seed = lay.seed();
    let mut predicted = Vec::with_capacity(runs.len());
    let mut counters = lay.counters().clone();
    for run in &runs {
        predicted.push(counters.clone());
        counters = predict(counters, run);
    }
    let laid: Vec<RunLayout> = runs
        .par_iter()
        .zip(predicted)
        .map(|(run, start)| lay_out_run(&seed, run, frame, start))
        .collect();

    // Room for every box at once (and the glue between runs): growing
    // the list run by run copied it each time it doubled.
    out.reserve(laid.iter().map(|l| l.boxes.len() + 1).sum());
    let mut counters = lay.counters().clone();
    let mut drawn = false;
    for (run, layout) in runs.iter().zip(laid) {
        let layout = if layout.start == counters {
            layout
        } else {
            lay_out_run(&seed, run, frame, counters.clone())
        };
        counters = layout.end;
        let renumber = lay.images.absorb(layout.images);
        let same_numbers = renumber.iter().enumerate().all(|(i, &to)| i == to);
        if !layout.boxes.is_empty() {
            // The spacing a single pass puts between two blocks that drew.
            if drawn {
                out.push(FlowBox::glue(lay.spacing()));
            }
            drawn = true;
        }
        for mut b in layout.boxes {
            if !same_numbers {
                renumber_images(&mut b, &renumber);
            }
            out.push(b);
        }
        lay.absorb_reports(layout.diagnostics, layout.missing_glyphs);
    }
    lay.set_counters(counters);
}

fn lay_out_run(seed: &LayoutSeed, run: &[&Node], frame: Frame, start: Counters) -> RunLayout {
    let measurer = Measurer::new();
    let mut images = ImageTable::default();
    let mut boxes = Vec::new();
    let (end, diagnostics, missing_glyphs) = {
        let mut lay = Layouter::from_seed(seed, &measurer, &mut images, start.clone());
        lay.block_list(run.iter().copied(), frame, &mut boxes);
        let end = lay.counters().clone();
        let (diagnostics, missing_glyphs) = lay.into_reports();
        (end, diagnostics, missing_glyphs)
    };
    RunLayout {
        start,
        end,
        boxes,
        images,
        diagnostics,
        missing_glyphs,
    }
}

/// Runs of consecutive nodes of about equal size (in tree nodes); one
/// run when the body is short.
fn cut<'n>(nodes: &[&'n Node]) -> Vec<Vec<&'n Node>> {
    let sizes: Vec<usize> = nodes.iter().map(|n| subtree_size(n)).collect();
    let total: usize = sizes.iter().sum();
    let count = (total / MIN_RUN_NODES).clamp(1, MAX_RUNS);
    if count < 2 {
        return vec![nodes.to_vec()];
    }
    let target = total.div_ceil(count);
    let mut runs = Vec::with_capacity(count);
    let mut run = Vec::new();
    let mut size = 0;
    for (&node, n) in nodes.iter().zip(sizes) {
        run.push(node);
        size += n;
        if size >= target {
            runs.push(std::mem::take(&mut run));
            size = 0;
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// Nodes in `node`'s subtree (walked with a stack: bodies can nest deep).
fn subtree_size(node: &Node) -> usize {
    let mut stack = vec![node];
    let mut count = 0;
    while let Some(node) = stack.pop() {
        count += 1;
        if let Node::Element(e) = node {
            stack.extend(e.children.iter());
        }
    }
    count
}

/// The counters after `run`, as far as a quick count can tell: one more
/// top-level section per titled section, one more figure per caption.
/// A wrong guess costs time (the run after it is laid out again), never
/// correctness.
fn predict(mut counters: Counters, run: &[&Node]) -> Counters {
    for node in run {
        let Node::Element(e) = node else { continue };
        if e.kind == Kind::Section && e.first_child(Kind::Title).is_some() {
            counters.section_numbers.truncate(1);
            match counters.section_numbers.first_mut() {
                Some(n) => *n += 1,
                None => counters.section_numbers.push(1),
            }
        }
        counters.figure_count += count_captions(e);
    }
    counters
}

/// Figures with a caption in `e`'s subtree.
fn count_captions(e: &Element) -> usize {
    let mut stack = vec![e];
    let mut count = 0;
    while let Some(e) = stack.pop() {
        if e.kind == Kind::Figure && e.first_child(Kind::Caption).is_some() {
            count += 1;
        }
        stack.extend(e.child_elements());
    }
    count
}

/// Point a run's image items at the joined table.
fn renumber_images(b: &mut FlowBox, renumber: &[usize]) {
    for item in &mut b.items {
        if let Item::Image { image, .. } = item
            && let Some(&to) = renumber.get(*image)
        {
            *image = to;
        }
    }
    if let Some(header) = &mut b.repeat_header {
        renumber_images(std::sync::Arc::make_mut(header), renumber);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::ReadOptions;
    use crate::style::Style;
    use crate::write::pdf::layout::PageGeometry;
    use std::fmt::Write as _;
    use std::path::Path;

    /// Sections with numbered headings, captioned figures (two images
    /// used throughout, so every run loads both), characters no face has.
    fn long_lesson() -> String {
        let mut text = String::from("=====\nTitle\n=====\n\n");
        for i in 0..400 {
            let _ = write!(
                text,
                "Part {i}\n========\n\nSome *text* with a ``literal`` and a \
                 link_ in part {i}.\n\n.. _link: https://example.org/{i}\n\n\
                 .. figure:: {}\n\n   Caption {i}.\n\n\
                 Sub {i}\n--------\n\n- one\n- two \u{1F99C}{}\n\n",
                // Two images in turn: a run that meets the second one
                // first numbers them the other way round.
                if i % 2 == 0 {
                    "figs/speedup.png"
                } else {
                    "../pdf/figs/gradient.jpg"
                },
                if i % 3 == 1 { "\u{1F9A9}" } else { "" }
            );
        }
        text
    }

    type Prediction<'p> = &'p dyn Fn(Counters, &[&Node]) -> Counters;

    struct Laid {
        boxes: String,
        images: usize,
        counters: Counters,
        diagnostics: Vec<Diagnostic>,
    }

    fn lay_out(parallel: Option<Prediction>) -> Laid {
        let parsed = crate::parse_and_resolve(&long_lesson(), &ReadOptions::named("t.rst"));
        let mut style = Style::defaults().pdf;
        style.headings.numbering = true;
        let page = PageGeometry {
            width: 595.0,
            height: 842.0,
            left: 56.0,
            right: 56.0,
            top: 56.0,
            bottom: 56.0,
        };
        let m = Measurer::new();
        let mut images = ImageTable::default();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/course");
        let mut boxes = Vec::new();
        let (counters, diagnostics) = {
            let mut lay = Layouter::new(&style, &m, page, &mut images, &dir, "t.rst".into());
            let nodes: Vec<&Node> = parsed.document.root.children.iter().collect();
            let frame = Frame::new(page.left, page.body_width());
            match parallel {
                Some(predict) => body_with(&mut lay, &nodes, frame, &mut boxes, predict),
                None => lay.block_list(nodes.iter().copied(), frame, &mut boxes),
            }
            (lay.counters().clone(), lay.take_diagnostics())
        };
        Laid {
            boxes: format!("{boxes:?}"),
            images: images.images.len(),
            counters,
            diagnostics,
        }
    }

    #[test]
    fn parallel_body_matches_one_pass() {
        let parsed = crate::parse_and_resolve(&long_lesson(), &ReadOptions::named("t.rst"));
        let nodes: Vec<&Node> = parsed.document.root.children.iter().collect();
        assert!(
            cut(&nodes).len() >= 2,
            "the lesson is long enough to be cut"
        );

        let one_pass = lay_out(None);
        assert_eq!(one_pass.images, 2);
        assert_eq!(one_pass.counters.figure_count, 400);
        let glyphs: Vec<&Diagnostic> = one_pass
            .diagnostics
            .iter()
            .filter(|d| d.code == "pdf-glyph")
            .collect();
        assert_eq!(
            glyphs.len(),
            2,
            "each missing character reported once: {glyphs:?}"
        );

        let right: Prediction = &predict;
        let wrong: Prediction = &|c, _| c;
        for (name, prediction) in [("predicted", right), ("mispredicted", wrong)] {
            let parallel = lay_out(Some(prediction));
            assert!(parallel.boxes == one_pass.boxes, "{name}: same boxes");
            assert_eq!(parallel.images, one_pass.images, "{name}");
            assert_eq!(parallel.counters, one_pass.counters, "{name}");
            assert_eq!(parallel.diagnostics, one_pass.diagnostics, "{name}");
        }
    }

    #[test]
    fn joined_runs_share_one_image_table() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let (a, b) = (
            dir.join("course/figs/speedup.png"),
            dir.join("pdf/figs/gradient.jpg"),
        );
        let mut joined = ImageTable::default();
        joined.load(&a).expect("png");
        let mut run = ImageTable::default();
        run.load(&b).expect("jpeg");
        run.load(&a).expect("png");
        // The run's 0 (b) is new: 1; its 1 (a) is the table's 0.
        let renumber = joined.absorb(run);
        assert_eq!(renumber, vec![1, 0]);
        assert_eq!(joined.images.len(), 2);

        let image = |image| Item::Image {
            x: 0.0,
            y: 0.0,
            w: 1.0,
            h: 1.0,
            image,
        };
        let mut header = FlowBox::content(1.0, vec![image(0)]);
        header.items.push(image(1));
        let mut row = FlowBox::content(1.0, vec![image(1)]);
        row.repeat_header = Some(std::sync::Arc::new(header));
        renumber_images(&mut row, &renumber);
        assert_eq!(row.items, vec![image(0)]);
        let header = row.repeat_header.expect("kept");
        assert_eq!(header.items, vec![image(1), image(0)]);
    }

    #[test]
    fn short_bodies_are_not_cut() {
        let parsed = crate::parse_and_resolve("Para.\n\nAnother.\n", &ReadOptions::named("t.rst"));
        let nodes: Vec<&Node> = parsed.document.root.children.iter().collect();
        assert_eq!(cut(&nodes).len(), 1);
    }
}
