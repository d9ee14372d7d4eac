//! Each stage on its own, on a large document (≥ 1 MB, the shipped
//! lessons repeated) and on one lesson: the parser, the resolve passes,
//! the four writers one by one and all four at once. Throughput is in
//! bytes of RST input per second, so the writers' figures compare with the
//! issue's "MB/s of input" targets. The corpus document the project is
//! measured with goes through every stage too when it exists (see
//! [`corpus_document`]).
//! Run with `make bench`; whole-process comparisons are `bench/compare.py`.

/// The same allocator as the `rstconv` binary, so the figures are the ones
/// users get.
#[global_allocator]
static ALLOCATOR: rstconv::alloc::Mimalloc = rstconv::alloc::Mimalloc;

use std::path::{Path, PathBuf};

use criterion::measurement::WallTime;
use criterion::{
    BatchSize, BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main,
};
use rstconv::resolve::{ResolveOptions, resolve};
use rstconv::style::Style;
use rstconv::write::{BuildInfo, costliest_first, writer_for};
use rstconv::{Document, Format, Parsed, ReadOptions};

const LESSON: &str = include_str!("../fixtures/course/parallel-loops.rst");

fn course_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/course")
}

fn large_document() -> String {
    let lessons = [LESSON, include_str!("../fixtures/lessons/seed-lesson.rst")];
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 1_200_000 {
        // Rename explicit targets so the big document has no duplicates.
        text.push_str(&lessons[i % 2].replace(".. _", &format!(".. _c{i}-")));
        text.push_str("\n\n");
        i += 1;
    }
    text
}

/// Read options for a document living in the course folder, so its
/// literal includes and images are found.
fn options(name: &str) -> ReadOptions {
    let mut options = ReadOptions::named(name);
    options.path = Some(course_dir().join(name));
    options
}

/// Benchmark parsing and resolving `text` read with `read`; the resolved
/// document, for the writers.
fn parse_and_resolve(
    group: &mut BenchmarkGroup<WallTime>,
    label: &str,
    text: &str,
    read: &ReadOptions,
) -> Parsed {
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function(format!("parse/{label}"), |b| {
        b.iter(|| rstconv::parse(text, read))
    });
    let parsed = rstconv::parse(text, read);
    group.bench_function(format!("resolve/{label}"), |b| {
        // The clone is set-up, outside the timing.
        b.iter_batched(
            || parsed.clone(),
            |p| resolve(p, &ResolveOptions::default()),
            BatchSize::LargeInput,
        )
    });
    resolve(parsed, &ResolveOptions::default())
}

fn stages(group: &mut BenchmarkGroup<WallTime>, label: &str, text: &str) {
    let read = options(&format!("{label}.rst"));
    let doc = parse_and_resolve(group, label, text, &read).document;
    writers(group, label, &doc, &course_dir());
}

/// Each writer on `doc` (whose images and includes are in `dir`), then
/// all four at once on the run's threads, as `rstconv -t
/// html,pdf,epub,ipynb` runs them once the document is resolved: the
/// issue's "all four writers" figure, in memory.
fn writers(group: &mut BenchmarkGroup<WallTime>, label: &str, doc: &Document, dir: &Path) {
    use rayon::prelude::*;
    let style = Style::defaults();
    let formats = [Format::Html, Format::Pdf, Format::Epub, Format::Ipynb];
    for format in formats {
        let build = BuildInfo::single(format, label, dir);
        group.bench_function(format!("write-{}/{label}", format.name()), |b| {
            b.iter(|| writer_for(format).write(doc, &style, &build))
        });
    }
    // Started costliest first, as the pipeline does.
    let formats: Vec<Format> = costliest_first(&formats)
        .into_iter()
        .filter_map(|i| formats.get(i).copied())
        .collect();
    let builds: Vec<BuildInfo> = formats
        .iter()
        .map(|&format| BuildInfo::single(format, label, dir))
        .collect();
    group.bench_function(format!("write-all/{label}"), |b| {
        b.iter(|| {
            formats
                .par_iter()
                .zip(&builds)
                .map(|(&format, build)| writer_for(format).write(doc, &style, build).bytes.len())
                .sum::<usize>()
        })
    });
}

/// The 1.4 MB document of the corpus the project is measured with
/// (`../shared/bench/make-corpus.sh`, or `bench/make-corpus.py`), when it
/// has been made: `$RSTCONV_CORPUS/big.rst`, by default in
/// `/tmp/rstconv-corpus`. The parse target is set on it.
fn corpus_document() -> Option<(PathBuf, String)> {
    let dir = std::env::var_os("RSTCONV_CORPUS")
        .map_or_else(|| PathBuf::from("/tmp/rstconv-corpus"), PathBuf::from);
    let path = dir.join("big.rst");
    let text = std::fs::read_to_string(&path).ok()?;
    Some((path, text))
}

/// Every stage on the corpus document (its includes and images resolved
/// beside it); the whole-process figures for it are `bench/compare.py`'s.
fn corpus_stages(group: &mut BenchmarkGroup<WallTime>, path: &Path, text: &str) {
    let mut read = ReadOptions::named("big.rst");
    read.path = Some(path.to_path_buf());
    let doc = parse_and_resolve(group, "corpus", text, &read).document;
    let dir = path.parent().unwrap_or(Path::new("."));
    writers(group, "corpus", &doc, dir);
}

fn bench_stages(c: &mut Criterion) {
    // As the command line does before a one-shot run (see `rstconv::alloc`).
    rstconv::alloc::keep_freed_memory();
    let mut group = c.benchmark_group("stages");
    group.sample_size(10);
    if let Some((path, text)) = corpus_document() {
        corpus_stages(&mut group, &path, &text);
    }
    stages(&mut group, "large", &large_document());
    stages(&mut group, "lesson", LESSON);
    group.finish();
}

criterion_group!(benches, bench_stages);
criterion_main!(benches);
