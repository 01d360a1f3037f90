#!/bin/sh
# The text statement's columns line up by display width, in English and Chinese, with and
# without --exact, over every sample: tests/text-columns.py.  Needs python3 (skips, 77,
# without it).
set -u
: "${OWED:?}" "${top_srcdir:?}"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is not installed"; exit 77; }
cd "$top_srcdir" || exit 99
exec python3 tests/text-columns.py "$OWED" samples/*.xml
