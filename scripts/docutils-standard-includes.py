#!/usr/bin/env python3
"""Record what docutils (0.22.4) makes of its standard include files, as
the expectations of tests/parse_standard_includes.rs:

    fixtures/parse/standard-includes/NAME.txt

For an entity set (`isonum.txt`, ...): one line per substitution that
`.. include:: <NAME>` defines, `name U+XXXX ...`, in document order. For a
file of roles (`s5defs.txt`, `html-roles.txt`): one line per role it
defines, `role node-type class ...`, from `:role:`x`` after the include.

    scripts/docutils-standard-includes.py [-o fixtures/parse/standard-includes]
        [--data src/read/rst/standard_sets]

With --data it also writes rstconv's entity data: per set, the `-wide`
record where the set has one (the plain file is its Basic Multilingual
Plane part, which rstconv derives), else the plain record.

Only docutils' behaviour is recorded (names, characters, node types):
facts, not docutils' files; their comments and LaTeX are not copied.
"""
import argparse, os, pathlib

import docutils
import docutils.core
import docutils.nodes as nodes

# Candidate role names: those the role files are known to define and, to
# catch any addition, every name used by another role file.
ROLE_FILES = ("s5defs.txt", "html-roles.txt")


def doctree(text):
    return docutils.core.publish_doctree(
        text, settings_overrides={"report_level": 5, "halt_level": 5})


def known_roles(name):
    """The roles `name` adds: names that are unknown without it and known
    with it, among the custom role names its doctree mentions or the
    candidates given."""
    candidates = set()
    for other in ROLE_FILES:
        path = pathlib.Path(os.path.dirname(docutils.__file__), "parsers/rst/include", other)
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line.startswith(".. role::"):
                role = line[len(".. role::"):].strip().split("(")[0].strip()
                candidates.add(role)
    roles = []
    for role in sorted(candidates):
        with_file = doctree(f".. include:: <{name}>\n\n:{role}:`x`\n")
        para = next(iter(with_file.findall(nodes.paragraph)), None)
        node = para.children[0] if para is not None and para.children else None
        if node is None or isinstance(node, nodes.problematic):
            continue
        roles.append((role, type(node).__name__, node.get("classes", [])))
    return roles


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-o", "--out", default="fixtures/parse/standard-includes")
    ap.add_argument("--data", help="also write rstconv's entity data into this folder")
    args = ap.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    base = pathlib.Path(os.path.dirname(docutils.__file__), "parsers/rst/include")
    for path in sorted(base.glob("*.txt")):
        name = path.name
        if name in ROLE_FILES:
            lines = [f"{role} {kind} {' '.join(classes)}".rstrip()
                     for role, kind, classes in known_roles(name)]
        else:
            tree = doctree(f".. include:: <{name}>\n")
            lines = [d["names"][0] + " " + " ".join("U+%04X" % ord(c) for c in d.astext())
                     for d in tree.findall(nodes.substitution_definition)]
        text = "".join(line + "\n" for line in lines)
        (out / name).write_text(text, encoding="utf-8")
        print(f"{name}: {len(lines)}")
        if args.data and name not in ROLE_FILES:
            stem = name[:-len(".txt")]
            base_stem = stem[:-len("-wide")] if stem.endswith("-wide") else stem
            has_wide = (base / f"{base_stem}-wide.txt").exists()
            if stem.endswith("-wide") or not has_wide:
                data = pathlib.Path(args.data)
                data.mkdir(parents=True, exist_ok=True)
                (data / f"{base_stem}.txt").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
