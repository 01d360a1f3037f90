#!/bin/sh
# Golden tests of `owed validate`: every tests/invalid/NAME.xml must be refused with exit
# status 2, nothing on standard output, and exactly the standard error in NAME.err.  Then
# every samples/*.xml (when there are any) must be valid.
#
# Run by `make check`, which sets OWED (the program), OWED_DATADIR (the source tree's
# data/) and top_srcdir.  The files are named relative to top_srcdir, as the .err files
# show them.
set -u
: "${OWED:?OWED is not set (run through make check)}"
: "${top_srcdir:=.}"
LC_ALL=C
export LC_ALL

cd "$top_srcdir" || exit 99
tmp=$(mktemp -d "${TMPDIR:-/tmp}/owed-invalid.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

failures=0
count=0

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

for xml in tests/invalid/*.xml; do
    [ -e "$xml" ] || continue
    count=$((count + 1))
    expected=${xml%.xml}.err
    if [ ! -f "$expected" ]; then
        fail "$xml: no $expected"
        continue
    fi
    status=0
    "$OWED" validate "$xml" >"$tmp/out" 2>"$tmp/err" || status=$?
    if [ "$status" -ne 2 ]; then
        fail "$xml: exit status $status, expected 2"
    fi
    if [ -s "$tmp/out" ]; then
        fail "$xml: unexpected standard output:"
        cat "$tmp/out"
    fi
    if ! cmp -s "$expected" "$tmp/err"; then
        fail "$xml: standard error differs from $expected:"
        diff -u "$expected" "$tmp/err"
    fi
done
if [ "$count" -eq 0 ]; then
    fail "no tests/invalid/*.xml found"
fi

# All the golden files at once: one line per file on stderr, in order, still status 2.
status=0
"$OWED" validate tests/invalid/*.xml >"$tmp/out" 2>"$tmp/err" || status=$?
cat tests/invalid/*.err >"$tmp/all.err"
[ "$status" -eq 2 ] || fail "validate of all invalid files: exit status $status, expected 2"
[ -s "$tmp/out" ] && fail "validate of all invalid files: unexpected standard output"
cmp -s "$tmp/all.err" "$tmp/err" || fail "validate of all invalid files: standard error differs"

samples=0
for xml in samples/*.xml; do
    [ -e "$xml" ] || continue
    samples=$((samples + 1))
    status=0
    "$OWED" validate "$xml" >"$tmp/out" 2>"$tmp/err" || status=$?
    [ "$status" -eq 0 ] || fail "$xml: exit status $status, expected 0"
    [ -s "$tmp/err" ] && { fail "$xml: unexpected standard error:"; cat "$tmp/err"; }
    printf '%s: valid\n' "$xml" >"$tmp/want"
    cmp -s "$tmp/want" "$tmp/out" || fail "$xml: standard output is not '$xml: valid'"
done

echo "$count invalid case files, $samples samples, $failures failures"
[ "$failures" -eq 0 ] || exit 1
exit 0
