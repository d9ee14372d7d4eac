#!/usr/bin/env bash
# Installs the tools rstconv is compared with in `make bench-compare`:
# pandoc (pypandoc_binary), docutils (rst2html5), Sphinx and rst2pdf, into
# their own virtual environment so they never change the docutils version
# the tests use. Also hyperfine (Debian) for whole-process timings.
# Safe to run again.
set -eu
VENV=${RSTCONV_BENCH_VENV:-$HOME/.cache/rstconv-bench/venv}
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -c 'import docutils, sphinx, rst2pdf, pypandoc' 2>/dev/null || \
  "$VENV/bin/pip" install -q pypandoc_binary docutils sphinx rst2pdf 2>&1 | grep -v -e 'Running pip as' -e 'new release' || true
if ! command -v hyperfine >/dev/null; then
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null 2>&1 || true
fi
echo "$VENV"
