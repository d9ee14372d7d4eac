#!/usr/bin/env python3
"""Whole-process benchmarks of rstconv, side by side with pandoc, docutils,
Sphinx and rst2pdf, printed as a Markdown table with ratios.

    bench/compare.py [--corpus DIR] [--runs N] [--bin PATH] [--quick]

Measures the targets of the performance issue:
  - the seed lesson -> html, pdf, epub, ipynb in one process (wall);
  - the 200-lesson course pack -> all four formats per lesson + the four books;
  - parse throughput and all-writers throughput on the ~1.4 MB document;
  - all-writers throughput on a 1.2 MB document of prose (the shipped
    lessons repeated, as in benches/stages.rs), for comparison;
  - peak memory on the course pack; 2 cores vs --jobs 1 on the course pack.
The other tools run from the virtual environment that
scripts/install-bench-tools.sh makes; a tool that is missing is reported as
"not installed", never timed as zero. The corpus is ../shared/bench's
(made with its make-corpus.sh) when present, else bench/make-corpus.py's.
"""
import argparse, datetime, os, pathlib, platform, shutil, statistics, subprocess, sys, tempfile, time

ROOT = pathlib.Path(__file__).resolve().parent.parent
VENV = pathlib.Path(os.environ.get("RSTCONV_BENCH_VENV", pathlib.Path.home() / ".cache/rstconv-bench/venv"))
SEED = ROOT / "fixtures/lessons/seed-lesson.rst"


def run_timed(cmd, cwd=None, env=None):
    """Wall seconds and peak RSS (MB) of one run, via GNU time."""
    t0 = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], cwd=cwd, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    lines = proc.stderr.strip().splitlines()
    try:
        rss_mb = int(lines[-1]) / 1024
    except (IndexError, ValueError):
        rss_mb = float("nan")
    return wall, rss_mb, proc.returncode


class Failed(Exception):
    """A tool exited with an error: its time is not a result."""


def measure(cmd, runs, cwd=None, env=None, setup=None, ok_codes=(0,)):
    """Median wall time and peak RSS of `runs` runs; `cmd` is a list, or
    a function of the run's number giving the list."""
    walls, rss = [], []
    for i in range(runs):
        if setup:
            setup()
        argv = cmd(i) if callable(cmd) else cmd
        wall, mb, code = run_timed(argv, cwd, env)
        if code not in ok_codes:
            raise Failed(f"{pathlib.Path(argv[0]).name} exited with {code}")
        walls.append(wall)
        rss.append(mb)
    return statistics.median(walls), max(rss)


def prose_document():
    """The shipped lessons repeated to 1.2 MB, explicit targets renamed so
    they do not clash (`large_document` in `benches/stages.rs`)."""
    lessons = [(ROOT / "fixtures/course/parallel-loops.rst").read_text(encoding="utf-8"),
               (ROOT / "fixtures/lessons/seed-lesson.rst").read_text(encoding="utf-8")]
    parts, size, i = [], 0, 0
    while size < 1_200_000:  # bytes, as Rust's `String::len`
        part = lessons[i % 2].replace(".. _", f".. _c{i}-") + "\n\n"
        parts.append(part)
        size += len(part.encode("utf-8"))
        i += 1
    return "".join(parts)


def other(label, fn):
    """`label` and the competitor's figure, or why there is none."""
    try:
        return f"{label} {fn()}"
    except Failed as e:
        return f"{label}: failed ({e})"


def tool(name):
    path = VENV / "bin" / name
    return str(path) if path.exists() else shutil.which(name)


def pandoc():
    p = VENV / "lib"
    found = list(p.glob("python3*/site-packages/pypandoc/files/pandoc")) if p.exists() else []
    return str(found[0]) if found else shutil.which("pandoc")


def corpus_dir(arg):
    if arg:
        return pathlib.Path(arg)
    shared = ROOT.parent / "shared/bench/make-corpus.sh"
    target = pathlib.Path(tempfile.gettempdir()) / "rstconv-corpus"
    if shared.exists():
        if not (target / "course/index.rst").exists():
            subprocess.run(["bash", str(shared), str(target)], check=True)
        return target
    target = pathlib.Path(tempfile.gettempdir()) / "rstconv-own-corpus"
    if not (target / "course/index.rst").exists():
        subprocess.run([sys.executable, str(ROOT / "bench/make-corpus.py"), str(target)], check=True)
    return target


def fmt_s(s):
    return f"{s * 1000:.0f} ms" if s < 10 else f"{s:.1f} s"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bin", default=str(ROOT / "target/release/rstconv"))
    ap.add_argument("--quick", action="store_true", help="skip the slow competitors on the course pack")
    args = ap.parse_args()
    rst = args.bin
    corpus = corpus_dir(args.corpus)
    big = corpus / "big.rst"
    course = corpus / "course"
    big_mb = big.stat().st_size / 1e6
    work = pathlib.Path(tempfile.mkdtemp(prefix="rstconv-bench-"))
    rows = []

    def row(measure_name, ours, target, others):
        rows.append((measure_name, ours, target, others))

    # 1. The seed lesson, all four formats in one process.
    seed_dir = work / "seed"
    seed_dir.mkdir()
    shutil.copy(SEED, seed_dir / "seed.rst")
    # The figure the seed lesson names (../figs/performance.png), so no
    # tool stops on a missing resource (pandoc's ipynb writer does).
    (work / "figs").mkdir()
    shutil.copy(ROOT / "fixtures/course/figs/speedup.png", work / "figs/performance.png")
    ours, _ = measure([rst, str(seed_dir / "seed.rst"), "-t", "all", "-o", str(work / "o1")], args.runs * 4, ok_codes=(0, 1))
    others = []
    def ratio(t, base):
        return f"{fmt_s(t)} ({t / base:.0f}x)"
    if pandoc():
        others.append(other("pandoc html+epub+ipynb", lambda: ratio(sum(
            measure([pandoc(), str(seed_dir / "seed.rst"), "-o", str(work / f"p.{e}")], args.runs, cwd=seed_dir)[0]
            for e in ("html", "epub", "ipynb")), ours)))
    if tool("rst2html5"):
        others.append(other("docutils html", lambda: ratio(measure(
            [tool("rst2html5"), str(seed_dir / "seed.rst"), str(work / "d.html")], args.runs)[0], ours)))
    if tool("rst2pdf"):
        others.append(other("rst2pdf pdf", lambda: ratio(measure(
            [tool("rst2pdf"), str(seed_dir / "seed.rst"), "-o", str(work / "r.pdf")], max(1, args.runs // 2))[0], ours)))
    row("seed lesson -> html, pdf, epub, ipynb (one process)", fmt_s(ours), "< 30 ms", "; ".join(others))

    # 2. The course pack, built into a new folder each run (a first build).
    # The folders are deleted only at the end: deleting 805 files just
    # before a run makes ext4 skip their inodes while allocating the new
    # ones (`recently_deleted`), which cost ~0.5 s of system time per run
    # on the measuring machine; a clean rebuild is measured apart below.
    outs = work / "course-outs"
    fresh = lambda tag: lambda i: [rst, str(course), "-t", "all", "-o", str(outs / f"{tag}{i}"), "-q"]
    ours2, rss = measure(fresh("j"), args.runs, ok_codes=(0, 1))
    ours1, _ = measure(lambda i: fresh("one")(i) + ["--jobs", "1"], max(1, args.runs // 2), ok_codes=(0, 1))
    shutil.rmtree(outs, ignore_errors=True)
    out = work / "course-out"
    clean = lambda: shutil.rmtree(out, ignore_errors=True)
    ours_clean, _ = measure([rst, str(course), "-t", "all", "-o", str(out), "-q"], args.runs, setup=clean, ok_codes=(0, 1))
    # Again into the same folder: unchanged outputs are left as they are.
    ours_same, _ = measure([rst, str(course), "-t", "all", "-o", str(out), "-q"], args.runs, ok_codes=(0, 1))
    others = []
    if tool("sphinx-build") and not args.quick:
        sout = work / "sphinx"
        # -C: no conf.py (the corpus has none); the defaults build the html.
        others.append(other("Sphinx html only", lambda: ratio(measure(
            [tool("sphinx-build"), "-q", "-C", "-b", "html", "-E", str(course), str(sout)], 1,
            setup=lambda: shutil.rmtree(sout, ignore_errors=True))[0], ours2)))
    if tool("rst2html5") and not args.quick:
        py = str(VENV / "bin/python")
        script = ("import sys,glob,docutils.core as c\n"
                  "for f in sorted(glob.glob(sys.argv[1]+'/*.rst')):\n"
                  " c.publish_file(source_path=f,destination_path='/dev/null',writer_name='html5',"
                  "settings_overrides={'report_level':5,'halt_level':5})\n")
        others.append(other("docutils html only (one process)", lambda: ratio(
            measure([py, "-c", script, str(course)], 1)[0], ours2)))
    row("200-lesson course pack -> 4 formats per lesson + 4 books", fmt_s(ours2), "< 2 s", "; ".join(others))
    row("the same, `rm -rf` of the output folder just before", fmt_s(ours_clean), "", "")
    row("the same, again with nothing changed", fmt_s(ours_same), "", "")
    row("peak memory on the course pack", f"{rss:.0f} MB", "< 200 MB", "")
    row("2 cores vs --jobs 1 on the course pack", f"{ours1 / ours2:.2f}x ({fmt_s(ours1)} vs {fmt_s(ours2)})", ">= 1.7x", "")

    # 3. Throughput on the large document.
    tp, _ = measure([rst, str(big), "-t", "pseudoxml", "--stage", "parse", "-o", "/dev/null"], args.runs, ok_codes=(0, 1))
    others = []
    if tool("rst2pseudoxml"):
        def docutils_parse():
            t, _ = measure([tool("rst2pseudoxml"), "--report=5", str(big), "/dev/null"], 1)
            return f"{big_mb / t:.2f} MB/s ({t / tp:.0f}x)"
        others.append(other("docutils parse+transforms", docutils_parse))
    row(f"parse throughput, {big_mb:.1f} MB document (whole process)", f"{big_mb / tp:.1f} MB/s", ">= 50 MB/s", "; ".join(others))
    big_dir = work / "big"
    big_dir.mkdir()
    tw, _ = measure([rst, str(big), "-t", "all", "-o", str(big_dir), "-q"], max(1, args.runs // 2), ok_codes=(0, 1))
    others = []
    if pandoc() and not args.quick:
        def pandoc_big():
            t, _ = measure([pandoc(), str(big), "-o", str(work / "big.html")], 1)
            return f"{big_mb / t:.2f} MB/s ({t / tw:.1f}x)"
        others.append(other("pandoc html only", pandoc_big))
    row("all four writers on the large document (parse included)", f"{big_mb / tw:.1f} MB/s", ">= 5 MB/s", "; ".join(others))

    # 5. The same on a large document whose size is prose: the shipped
    # lessons repeated to 1.2 MB, as `benches/stages.rs` builds it (the
    # corpus document's 58 tables of contents make most of its output).
    prose_dir = work / "prose"
    shutil.copytree(ROOT / "fixtures/course", prose_dir)
    prose = prose_dir / "large.rst"
    prose.write_text(prose_document(), encoding="utf-8")
    prose_mb = prose.stat().st_size / 1e6
    tpw, _ = measure([rst, str(prose), "-t", "all", "-o", str(work / "prose-out"), "-q"], args.runs, ok_codes=(0, 1))
    row(f"all four writers on a {prose_mb:.1f} MB prose document (the shipped lessons repeated)", f"{prose_mb / tpw:.1f} MB/s", "(>= 5 MB/s)", "")

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    print(f"Measured {datetime.date.today().isoformat()} on {os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}; "
          f"corpus {corpus}; median of {args.runs} runs.\n")
    print("| measure | rstconv | target | others (same run, ratio = their time / ours) |")
    print("|---|---|---|---|")
    for name, ours_s, target, others_s in rows:
        print(f"| {name} | {ours_s} | {target} | {others_s} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
