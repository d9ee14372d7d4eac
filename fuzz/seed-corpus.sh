#!/bin/sh
# Seed fuzz/corpus/<target> for every fuzz target with the project's
# fixtures, the shared lessons and docutils' parser test inputs. Seeds are
# only added: a corpus grown by earlier runs is kept.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
seeds="$here/corpus/.seeds"
mkdir -p "$seeds"
for f in "$here"/../fixtures/*/*.rst "$here"/../../shared/lessons/*.rst "$here"/../../shared/seed/*.txt; do
  [ -f "$f" ] && cp "$f" "$seeds/$(basename "$f")"
done
cases="$here/../../shared/conformance/docutils-parser-cases.json"
if [ -f "$cases" ]; then
  python3 - "$cases" "$seeds" <<'PY'
import json, sys, pathlib
cases = json.load(open(sys.argv[1]))['cases']
for i, c in enumerate(cases):
    pathlib.Path(sys.argv[2], f'case-{i:04d}.rst').write_text(c['input'])
PY
fi
for target in "$here"/fuzz_targets/*.rs; do
  name=$(basename "$target" .rs)
  mkdir -p "$here/corpus/$name"
  cp -n "$seeds"/* "$here/corpus/$name/" 2>/dev/null || true
done
