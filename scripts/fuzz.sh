#!/usr/bin/env bash
# Build every fuzz target and run each for SECONDS (default 20): the CI
# smoke run. `scripts/fuzz.sh 1800 write_pdf` is a 30-minute run of one
# target. Installs cargo-fuzz when missing; the sanitizer build needs
# nightly flags, which RUSTC_BOOTSTRAP=1 allows on the stable toolchain.
# Exits non-zero on any crash, timeout or leak; the input that caused it is
# kept in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-20}
shift || true
export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install --quiet --locked cargo-fuzz
fi
./seed-corpus.sh
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=($(cargo fuzz list))
fi
cargo fuzz build --release 2>&1 | grep -E '^(error|warning: unused)' || true
for t in "${targets[@]}"; do
  log=$(mktemp)
  if ! cargo fuzz run --release "$t" -- -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=4096 -print_final_stats=1 >"$log" 2>&1; then
    tail -40 "$log" >&2
    echo "fuzz: $t failed (see fuzz/artifacts/$t/)" >&2
    exit 1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  echo "fuzz: $t ${seconds}s, $runs executions, 0 crashes"
  rm -f "$log"
done
