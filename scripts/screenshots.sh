#!/usr/bin/env bash
# Renders HTML pages in headless Chromium and saves full-page screenshots,
# light and dark (prefers-color-scheme), to check what a reader sees:
#   - the shipped lessons (fixtures/course, fixtures/lessons) converted by
#     the release binary;
#   - the writer's golden pages (fixtures/html/*.html), which hold every
#     node kind.
# Usage: scripts/screenshots.sh [OUT_DIR]   (default out/screenshots)
set -eu
out=${1:-out/screenshots}
bin=${RSTCONV:-target/release/rstconv}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "chromium not found: run scripts/install-browser.sh" >&2
  exit 2
fi
rm -rf "$out"
mkdir -p "$out/pages"
# The shipped lessons, as users convert them (course site + single lesson).
"$bin" fixtures/course -t html -o "$out/pages/course/" || true
"$bin" fixtures/lessons/seed-lesson.rst -t html -o "$out/pages/" || true
# The golden pages, with the figure they use beside them.
cp fixtures/html/*.html "$out/pages/"
mkdir -p "$out/pages/figs"
cp fixtures/course/figs/* "$out/pages/figs/"

shoot() { # page.html shot.png [extra browser flags]
  local page=$1 shot=$2
  shift 2
  "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --no-first-run --hide-scrollbars \
    --user-data-dir="$(mktemp -d)" "$@" \
    --screenshot="$shot" --window-size=1200,7000 "file://$(realpath "$page")" \
    >/dev/null 2>&1
}
count=0
for page in $(find "$out/pages" -name '*.html' | sort); do
  name=$(realpath --relative-to="$out/pages" "$page" | tr '/' '-')
  name=${name%.html}
  shoot "$page" "$out/$name.png"
  shoot "$page" "$out/$name-dark.png" --force-dark-mode --blink-settings=preferredColorScheme=0
  count=$((count + 2))
done
echo "$count screenshots in $out"
