//! Parser throughput on a large document (≥ 1 MB), built by repeating the
//! shipped lessons. Run with `make bench`.

/// The same allocator as the `rstconv` binary, so the figure is the one
/// users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rstconv::ReadOptions;

fn large_document() -> String {
    let lessons = [
        include_str!("../fixtures/course/parallel-loops.rst"),
        include_str!("../fixtures/lessons/seed-lesson.rst"),
    ];
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

fn bench_parse(c: &mut Criterion) {
    let text = large_document();
    let options = ReadOptions::named("large.rst");
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("large_document", |b| {
        b.iter(|| rstconv::parse(&text, &options))
    });
    let lesson = include_str!("../fixtures/course/parallel-loops.rst");
    group.throughput(Throughput::Bytes(lesson.len() as u64));
    group.bench_function("lesson", |b| b.iter(|| rstconv::parse(lesson, &options)));
    group.finish();
}

criterion_group!(benches, bench_parse);
criterion_main!(benches);
