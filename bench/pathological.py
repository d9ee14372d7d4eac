#!/usr/bin/env python3
"""Time versus input size on adversarial input: each pattern at size n and
10n, through the whole binary (parse, resolve, all four writers). The ratio
t(10n) / t(n) must stay <= 12 (linear, with slack for noise).

    bench/pathological.py [--bin PATH] [--formats all|pseudoxml] [--n N]

Prints a Markdown table; exits 1 if a ratio exceeds 12 or a run crashes
(exit status >= 101: a panic) or times out.
"""
import argparse, pathlib, statistics, subprocess, sys, tempfile, time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def nested_lists(n):
    return "".join("  " * i + "- item\n\n" for i in range(n))


def nested_quotes(n):
    return "".join("   " * i + "quote\n\n" for i in range(n))


def nested_sections(n):
    chars = "=-~^+*#\"'`:._;,!$%&()/<>?@[]{|}"
    out = []
    for i in range(n):
        c = chars[i % len(chars)]
        out.append(f"Title {i}\n{c * 12}\n\ntext\n\n")
    return "".join(out)


def paragraph(unit, n):
    """`n` repetitions of `unit` in one paragraph, in lines under docutils'
    line-length limit (10 000 characters; a longer line stops the parse,
    which would make the pattern trivially cheap)."""
    per_line = max(1, 9_000 // len(unit))
    # Each line starts with a word: a line of one punctuation character
    # alone would be a section adornment or a transition, not inline text.
    lines = ["x " + unit * min(per_line, n - i) for i in range(0, n, per_line)]
    return "\n".join(lines) + "\n"


PATTERNS = {
    "deeply nested bullet lists": (nested_lists, 200),
    "deeply nested block quotes": (nested_quotes, 200),
    "many section levels": (nested_sections, 300),
    "backticks on one line": (lambda n: paragraph("`", n), 10_000),
    "asterisks on one line": (lambda n: paragraph("*", n), 10_000),
    "underscores on one line": (lambda n: paragraph("_", n), 10_000),
    "unclosed emphasis starts": (lambda n: paragraph("*a ", n), 5_000),
    "interpreted text openers": (lambda n: paragraph(":r:`x ", n), 5_000),
    "huge grid table (rows)": (lambda n: "+---+---+\n" + "| a | b |\n+---+---+\n" * n, 1_000),
    "huge simple table (rows)": (lambda n: "==  ==\na   b\n==  ==\n" + "x   y\n" * n + "==  ==\n", 2_000),
    "thousands of footnotes": (lambda n: "".join(f"Ref [#f{i}]_.\n\n" for i in range(n)) + "".join(f".. [#f{i}] Note {i}.\n" for i in range(n)), 500),
    "thousands of targets": (lambda n: "".join(f"`t{i}`_\n\n.. _t{i}: http://x/{i}\n\n" for i in range(n)), 500),
    "thousands of substitutions": (lambda n: "".join(f"|s{i}|\n\n.. |s{i}| replace:: text {i}\n\n" for i in range(n)), 500),
    "chained substitutions": (lambda n: "|s0|\n\n" + "".join(f".. |s{i}| replace:: |s{i + 1}|\n" for i in range(n)) + f".. |s{n}| replace:: end\n", 100),
    "recursive substitution": (lambda n: "|a|\n\n.. |a| replace:: |b|\n.. |b| replace:: |a|\n" + "x\n\n" * n, 1_000),
    "indirect target chain": (lambda n: "`t0`_\n\n" + "".join(f".. _t{i}: t{i + 1}_\n" for i in range(n)) + f".. _t{n}: http://end\n", 200),
    "deep indentation (levels, quadratic input)": (lambda n: "".join("   " * i + "quote\n\n" for i in range(n)), 150),
    "references in one paragraph": (lambda n: "\n".join(f"`m{i}`_ `t{i}`_ [*]_ |s{i}|" for i in range(n)) + "\n\n" + "".join(f".. _t{i}: http://x/{i}\n.. |s{i}| replace:: v{i}\n" for i in range(n)) + "".join(".. [*] note\n" for _ in range(n)), 500),
    "very long line": (lambda n: paragraph("word ", n), 20_000),
    # The PDF's running header shortens a title that does not fit with an
    # ellipsis: it must not measure every shorter prefix.
    "very long title": (lambda n: "é" * n + "\n" + "=" * n + "\n\nText.\n", 800),
    "very large file": (lambda n: "A paragraph with *some* ``markup`` and a `link <http://x>`_.\n\n" * n, 2_000),
    # Each include's lines go in before the rest of the document: inserting
    # them must not move that rest every time.
    "includes before a long text": (lambda n: (
        "".join(f".. include:: part.rst\n\nParagraph {i}.\n\n" for i in range(n))
        + "Text after the includes.\n\n" * (20 * n),
        {"part.rst": "An included paragraph.\n"}), 500),
}


def run(binary, text, formats, workdir, timeout=60):
    """One conversion of `text` (or of `(text, {name: content})`, the other
    files written beside it)."""
    if isinstance(text, tuple):
        text, files = text
        for name, content in files.items():
            (workdir / name).write_text(content)
    src = workdir / "in.rst"
    src.write_text(text)
    out = workdir / "out"
    t0 = time.perf_counter()
    try:
        proc = subprocess.run([binary, str(src), "-t", formats, "-o", str(out), "-q"],
                              capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return float("inf"), "timeout"
    dt = time.perf_counter() - t0
    if proc.returncode >= 101 or b"panicked" in proc.stderr:
        return dt, f"crash (exit {proc.returncode})"
    return dt, ""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=str(ROOT / "target/release/rstconv"))
    ap.add_argument("--formats", default="all")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    failed = False
    print(f"| pattern | n | t(n) | t(10n) | ratio |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        for name, (make, n) in PATTERNS.items():
            times, notes = [], []
            for size in (n, 10 * n):
                samples = []
                for _ in range(args.runs):
                    dt, note = run(args.bin, make(size), args.formats, work)
                    samples.append(dt)
                    if note:
                        notes.append(note)
                        break
                times.append(statistics.median(samples))
            # Startup costs the same at both sizes: subtract a floor so the
            # ratio reflects the work, not process creation.
            ratio = times[1] / max(times[0], 1e-3)
            bad = ratio > 12 or bool(notes)
            failed |= bad
            print(f"| {name} | {n} | {times[0] * 1000:.0f} ms | {times[1] * 1000:.0f} ms | "
                  f"{ratio:.1f}{' FAIL ' + ', '.join(notes) if bad else ''} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
