#!/bin/sh
# Seed fuzz/corpus/parse with the project's fixtures and docutils' test inputs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/corpus/parse"
mkdir -p "$out"
for f in "$here"/../fixtures/*/*.rst; do cp "$f" "$out/$(basename "$f")"; done
cases="$here/../../shared/conformance/docutils-parser-cases.json"
if [ -f "$cases" ]; then
  python3 - "$cases" "$out" <<'PY'
import json, sys, pathlib
cases = json.load(open(sys.argv[1]))['cases']
for i, c in enumerate(cases):
    pathlib.Path(sys.argv[2], f'case-{i:04d}.rst').write_text(c['input'])
PY
fi
