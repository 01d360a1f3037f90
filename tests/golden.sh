#!/bin/sh
# Golden tests: each sample's statement and check output, byte for byte, with exit status.
#   tests/golden/NAME.regimes     (optional) regime ids, one per line: each run gets -r ID
#   tests/golden/NAME.statement   `owed statement samples/NAME.xml`
#   tests/golden/NAME.exact       `owed statement --exact --no-ledger samples/NAME.xml` (if present)
#   tests/golden/NAME.check       `owed check samples/NAME.xml`, then a line "exit N"
#   tests/golden/NAME.warnings    (optional) what the statement writes on stderr: warnings
#                                 that a regime does not govern a loan; without the file,
#                                 nothing may be written there
# Run from the source tree so that file names in the output are relative and stable.
# To regenerate after a reviewed change: OWED_GOLDEN_UPDATE=1 make check TESTS=tests/golden.sh
set -u
: "${OWED:?}" "${top_srcdir:?}"
cd "$top_srcdir" || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
count=0

compare() { # expected actual what
    count=$((count + 1))
    if [ "${OWED_GOLDEN_UPDATE:-}" = 1 ]; then
        cp "$2" "$1"
        return
    fi
    if ! diff -u "$1" "$2"; then
        echo "FAIL: $3" >&2
        fail=1
    fi
}

for sample in samples/*.xml; do
    name=$(basename "$sample" .xml)
    regimes=""
    if [ -f "tests/golden/$name.regimes" ]; then
        for id in $(cat "tests/golden/$name.regimes"); do regimes="$regimes -r $id"; done
    fi
    # shellcheck disable=SC2086
    "$OWED" statement $regimes "$sample" >"$tmp/out" 2>"$tmp/err"
    st=$?
    if [ $st -ne 0 ]; then
        echo "FAIL: statement $sample exited $st:" >&2
        cat "$tmp/err" >&2
        fail=1
    fi
    if [ -f "tests/golden/$name.warnings" ] || [ "${OWED_GOLDEN_UPDATE:-}" = 1 ] && [ -s "$tmp/err" ]; then
        compare "tests/golden/$name.warnings" "$tmp/err" "warnings of $sample"
    elif [ -s "$tmp/err" ]; then
        echo "FAIL: statement $sample wrote on stderr:" >&2
        cat "$tmp/err" >&2
        fail=1
    fi
    compare "tests/golden/$name.statement" "$tmp/out" "statement $sample"
    if [ -f "tests/golden/$name.exact" ]; then
        # shellcheck disable=SC2086
        "$OWED" statement $regimes --exact --no-ledger "$sample" >"$tmp/out" 2>&1
        compare "tests/golden/$name.exact" "$tmp/out" "statement --exact $sample"
    fi
    # shellcheck disable=SC2086
    "$OWED" check $regimes "$sample" >"$tmp/out" 2>&1
    echo "exit $?" >>"$tmp/out"
    compare "tests/golden/$name.check" "$tmp/out" "check $sample"
done
[ $count -gt 0 ] || { echo "FAIL: no sample compared" >&2; exit 1; }
echo "$count golden comparisons"
exit $fail
