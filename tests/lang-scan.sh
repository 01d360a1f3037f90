#!/bin/sh
# No English word in a Chinese statement: tests/lang-scan.py scans the Chinese text and HTML
# statements of every sample (see there for the allow-list).  Needs python3 (skips, 77,
# without it).
set -u
: "${OWED:?}" "${top_srcdir:?}"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is not installed"; exit 77; }
cd "$top_srcdir" || exit 99
exec python3 tests/lang-scan.py "$OWED" samples/*.xml
