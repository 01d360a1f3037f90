#!/bin/sh
# owed serve in a real browser (issue 15): headless Chromium (Debian's package, installed
# by .ci/browser with Node.js) driven by tests/serve-browser.js over the DevTools protocol:
# the seed story entered in the form gives the lawful balance and the refund that
# `owed statement -r auto samples/seed-xian-2018.xml` gives; a date in a wrong format gives
# the form back with the message and the values kept.  Screenshots of the filled form and
# of the statement are written to the build tree (serve-form.png, serve-statement.png) and,
# with OWED_SCREENSHOTS=1, to doc/ in the source tree.
# Skips (77) only when chromium is absent, or owed was built without libmicrohttpd;
# Node.js is required when chromium is there.
set -u
: "${OWED:?OWED is not set (run through make check)}"
: "${top_srcdir:=.}"
: "${top_builddir:=.}"
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
    echo "SKIP: chromium is not installed (.ci/browser installs it)"
    exit 77
fi
node=$(command -v node || command -v nodejs || true)
[ -n "$node" ] || { echo "ERROR: node missing (.ci/browser installs nodejs)" >&2; exit 99; }
top_builddir=$(cd "$top_builddir" && pwd) || exit 99
cd "$top_srcdir" || exit 99
tmp=$(mktemp -d "${TMPDIR:-/tmp}/owed-serve-browser.XXXXXX") || exit 99
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

. tests/serve-start.sh
serve_start main --lang en
echo "serving at $url"

# The figures to find: the summary of the same case from the command line.
"$OWED" statement -r auto --format=xml --no-ledger samples/seed-xian-2018.xml >"$tmp/cli.xml" ||
    exit 1
summary=$(sed -n '/<summary>/,/<\/summary>/p' "$tmp/cli.xml")
balance=$(echo "$summary" | sed -n 's/.*<owed value="\([^"]*\)".*/\1/p' | sed -n 2p)
refund=$(echo "$summary" | sed -n 's/.*<refund value="\([^"]*\)".*/\1/p' | sed -n 2p)
echo "lawful balance $balance, refund $refund"
[ "$balance" = 1609.52 ] && [ "$refund" = 164.99 ] ||
    { echo "FAIL: the CLI's figures are not the seed's 1609.52 and 164.99"; exit 1; }

to=""
command -v timeout >/dev/null 2>&1 && to="timeout 300"
$to "$node" tests/serve-browser.js "$chromium" "$url" "$tmp" "$balance" "$refund"
status=$?
for png in serve-form.png serve-statement.png; do
    if [ -s "$tmp/$png" ]; then
        cp "$tmp/$png" "$top_builddir/$png"
        [ "${OWED_SCREENSHOTS:-}" = 1 ] && cp "$tmp/$png" doc/$png && echo "wrote doc/$png"
    elif [ $status -eq 0 ]; then
        echo "FAIL: no $png"
        status=1
    fi
done
exit $status
