#!/usr/bin/env python3
"""Generate rstconv's own benchmark corpus (deterministic, no network).

    bench/make-corpus.py OUTDIR

OUTDIR/course/   200 lessons (index.rst with a toctree, lesson-NNN.rst, each
                 5-15 KB with sections, prose with inline markup, code blocks
                 with options, math, grid/simple/list tables, figures,
                 admonitions with classes, footnotes, cross-references) and
                 img/figure.png.
OUTDIR/big.rst   one document of about 1.5 MB: the lessons' bodies joined
                 under one title, with their labels made unique.

The corpus the project is measured with is ../shared/bench/make-corpus.sh;
this one exists so anyone can rebuild a comparable corpus from the project
alone.
"""
import os, random, struct, sys, zlib

WORDS = ("array loop kernel thread core cache vector reduction memory bandwidth "
         "compile python numba parallel speed result value index element function "
         "compute measure serial scale data model update batch sample gradient").split()


def sentence(rng, n=None):
    n = n or rng.randint(8, 18)
    words = [rng.choice(WORDS) for _ in range(n)]
    i = rng.randrange(n)
    words[i] = rng.choice(["*%s*", "**%s**", "``%s``", "`%s`"]) % words[i]
    return " ".join(words).capitalize() + "."


def paragraph(rng):
    text = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
    out, line = [], ""
    for w in text.split(" "):
        if len(line) + len(w) > 72:
            out.append(line)
            line = w
        else:
            line = (line + " " + w).strip()
    out.append(line)
    return "\n".join(out)


def code_block(rng, k):
    lines = [f"def kernel_{k}(values):", "    total = 0.0",
             "    for i in range(len(values)):",
             f"        total += values[i] * {rng.randint(2, 9)}", "    return total", "",
             f"print(kernel_{k}([1.0, 2.0, 3.0]))"]
    opts = ["   :linenos:"] if rng.random() < .5 else []
    if rng.random() < .4:
        opts.append("   :emphasize-lines: 3,4")
    if rng.random() < .4:
        opts.append(f"   :caption: Kernel {k}")
    return "\n".join([".. code-block:: python", *opts, "", *("   " + l if l else "" for l in lines)])


def grid_table(rng):
    rows = [("Version", "Time (ms)"), ("Python", f"{rng.uniform(50, 150):.1f}"),
            ("Numba", f"{rng.uniform(1, 3):.2f}"), ("Parallel", f"{rng.uniform(.1, .9):.2f}")]
    border = "+------------+------------+"
    out = [border]
    for i, (a, b) in enumerate(rows):
        out.append(f"| {a:<10} | {b:<10} |")
        out.append("+============+============+" if i == 0 else border)
    return "\n".join(out)


def simple_table(rng):
    out = ["=====  =========  ==========", "Cores  Time (ms)  Notes", "=====  =========  =========="]
    for c in (1, 2, 4, 8):
        out.append(f"{c:<5}  {rng.uniform(.1, 2):<9.2f}  {rng.choice(WORDS):<10}")
    out.append("=====  =========  ==========")
    return "\n".join(out)


def list_table(rng):
    return "\n".join([".. list-table:: Measured values", "   :header-rows: 1", "",
                      "   * - Name", "     - Value",
                      *[f"   * - {rng.choice(WORDS)}\n     - {rng.randint(1, 999)}" for _ in range(3)]])


def admonition(rng):
    kind = rng.choice(["note", "tip", "warning", "important", "ex"])
    if kind == "ex":
        return "\n".join([".. admonition:: Exercise", "   :class: todo", "",
                          f"   #. {sentence(rng)}", f"   #. {sentence(rng)}"])
    return f".. {kind}::\n\n   {sentence(rng)}"


def lesson(rng, n, total):
    parts = [f".. _lesson-{n:03d}:", "", "=" * 40, f"Lesson {n:03d}: {rng.choice(WORDS).title()} loops",
             "=" * 40, "", ".. admonition:: Overview", "   :class: Overview", "",
             f"    * **Tutorial:** {rng.randint(5, 30)} min", "", paragraph(rng)]
    for s in range(rng.randint(3, 6)):
        title = f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {s}"
        parts += ["", title, "-" * len(title), "", paragraph(rng), "", code_block(rng, s), ""]
        choice = rng.random()
        if choice < .25:
            parts += [grid_table(rng)]
        elif choice < .5:
            parts += [simple_table(rng)]
        elif choice < .75:
            parts += [list_table(rng)]
        else:
            parts += [".. figure:: img/figure.png", "   :width: 50%", "", f"   {sentence(rng)}"]
        parts += ["", ".. math::", "", f"   S(p) = \\frac{{T_1}}{{T_p}} \\le {rng.randint(2, 64)}", "",
                  f"The ratio :math:`T_1 / T_p` matters [#n{s}]_.", "", admonition(rng), "",
                  paragraph(rng)]
        if n > 1:
            parts += ["", f"See :ref:`lesson-{n - 1:03d}` and :doc:`lesson-{max(1, n - 1):03d}`."]
    parts += ["", ".. rubric:: Footnotes", ""]
    parts += [f".. [#n{s}] {sentence(rng)}" for s in range(6)]
    return "\n".join(parts) + "\n"


def png(width, height):
    rows = b"".join(b"\0" + b"".join(bytes((x * 255 // width, y * 255 // height, 160))
                                      for x in range(width)) for y in range(height))
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "bench-corpus"
    course = os.path.join(out, "course")
    os.makedirs(os.path.join(course, "img"), exist_ok=True)
    with open(os.path.join(course, "img", "figure.png"), "wb") as f:
        f.write(png(160, 90))
    rng = random.Random(20261125)
    lessons = [lesson(rng, n, 200) for n in range(1, 201)]
    for n, text in enumerate(lessons, 1):
        with open(os.path.join(course, f"lesson-{n:03d}.rst"), "w") as f:
            f.write(text)
    with open(os.path.join(course, "index.rst"), "w") as f:
        f.write("=================\nBenchmark Course\n=================\n\n.. toctree::\n   :maxdepth: 2\n\n")
        f.write("".join(f"   lesson-{n:03d}\n" for n in range(1, 201)))
    big = ["==================", "Benchmark Document", "==================", ""]
    rep = 0
    while sum(len(p) for p in big) < 1_500_000:
        for n, text in enumerate(lessons, 1):
            body = text.split("\n", 6)[6]  # drop the lesson's own label and title
            body = body.replace(".. _lesson-", f".. _r{rep}-lesson-").replace(":ref:`lesson-", f":ref:`r{rep}-lesson-")
            body = body.replace(":doc:`", ":title-reference:`")
            body = body.replace("[#n", f"[#r{rep}l{n}n")
            big.append(f".. _r{rep}-lesson-{n:03d}:\n\nPart {rep} lesson {n}\n{'=' * 30}\n\n{body}")
        rep += 1
    with open(os.path.join(out, "big.rst"), "w") as f:
        f.write("\n".join(big))
    os.makedirs(os.path.join(out, "img"), exist_ok=True)
    with open(os.path.join(out, "img", "figure.png"), "wb") as f:
        f.write(png(160, 90))


if __name__ == "__main__":
    main()
