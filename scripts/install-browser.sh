#!/usr/bin/env bash
# Installs a headless browser for `make screenshots`: Debian's chromium,
# only when no chromium is on the PATH. Safe to run again.
set -eu
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  exit 0
fi
apt-get update -qq >/dev/null 2>&1 || true
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
command -v chromium >/dev/null
