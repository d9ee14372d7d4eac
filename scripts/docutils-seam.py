#!/usr/bin/env python3
"""Regenerate the resolve seam fixtures from docutils (needs docutils 0.22.4).

For each RST file given, writes next to the chosen output folder:

    NAME.parse.pxml   docutils' parse-stage tree (no transforms), as
                      ../shared/conformance/docutils-parse.py prints it
    NAME.pxml         docutils' resolved tree, as check-resolved.py's
                      reference (rst2pseudoxml --report=5 ...) prints it

tests/resolve_docutils.rs loads every NAME.parse.pxml, runs our resolve
passes and compares with NAME.pxml, so the passes are tested on docutils'
own parse trees, independently of our parser.

    scripts/docutils-seam.py -o fixtures/resolve/docutils FILE.rst...
    scripts/docutils-seam.py -o fixtures/resolve/docutils --functional
"""
import argparse, pathlib, subprocess, sys

from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

FUNCTIONAL = ['standard.rst', 'list_table.rst', 'table_colspan.rst', 'table_rowspan.rst',
              'table_complex.rst', 'footnote-targets.rst', 'hyperlinking.rst', 'urls.rst',
              'unicode.rst', 'custom_roles.rst', 'section_titles.rst', 'option_lists.rst',
              'nonalphanumeric.rst', 'errors.rst', 'math.rst']
CACHE = pathlib.Path.home() / '.cache' / 'rstconv-conformance'


def parse_stage(path):
    parser = Parser()
    settings = get_default_settings(Parser)
    settings.warning_stream = ''
    settings.halt_level = 5
    document = new_document(path.name, settings)
    parser.parse(path.read_text(encoding='utf-8'), document)
    return document.pformat()


def resolved(path):
    out = subprocess.run(['rst2pseudoxml', '--no-generator', '--no-datestamp', '--no-source-link',
                          '--halt=5', '--report=5', path.name], capture_output=True, text=True,
                         cwd=path.parent, check=False)
    return out.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('files', nargs='*', type=pathlib.Path)
    ap.add_argument('-o', '--out', type=pathlib.Path, required=True)
    ap.add_argument('--functional', action='store_true')
    args = ap.parse_args()
    files = list(args.files)
    if args.functional:
        data = CACHE / 'docutils-0.22.4' / 'test' / 'functional' / 'input' / 'data'
        if not data.exists():
            sys.exit(f'{data} missing: run ../shared/conformance/check-resolved.py --functional once')
        files += [data / name for name in FUNCTIONAL]
    args.out.mkdir(parents=True, exist_ok=True)
    for f in files:
        f = f.resolve()
        stem = f.stem
        # Parse with the file's folder as working directory, so includes
        # are found as rst2pseudoxml finds them.
        import os
        cwd = os.getcwd()
        os.chdir(f.parent)
        try:
            parse = parse_stage(f)
        finally:
            os.chdir(cwd)
        (args.out / f'{stem}.parse.pxml').write_text(parse, encoding='utf-8')
        (args.out / f'{stem}.pxml').write_text(resolved(f), encoding='utf-8')
        print(f'{stem}: {len(parse.splitlines())} / {len(resolved(f).splitlines())} lines')


if __name__ == '__main__':
    main()
