#!/bin/sh
# bench/batch-split.sh: a generated book cut into 4 pieces on borrower boundaries, each
# audited by its own process, joined in order, equals one owed batch of the whole book
# (the script's --check compares them byte for byte and exits 3 when they differ).
set -u
: "${OWED:?}" "${top_srcdir:?}"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 77; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
python3 "$top_srcdir/bench/gen-book.py" --loans 120 --seed 3 "$tmp/t.csv" "$tmp/e.csv" >/dev/null || exit 1
OWED=$OWED sh "$top_srcdir/bench/batch-split.sh" -n 4 --check "$tmp/t.csv" "$tmp/e.csv" \
    -- -r cn-private-2020 >"$tmp/out.csv" 2>"$tmp/err"
rc=$?
cat "$tmp/err"
# caps are exceeded in the generated book: 1, as owed batch gives
[ "$rc" -eq 1 ] || { echo "FAIL: batch-split exit $rc, expected 1" >&2; exit 1; }
grep -q '^batch-split: 4 pieces joined equal one batch of the whole book$' "$tmp/err" ||
    { echo "FAIL: no check of 4 pieces" >&2; exit 1; }
[ "$(wc -l <"$tmp/out.csv")" -eq 121 ] || { echo "FAIL: not 120 rows and a header" >&2; exit 1; }
exit 0
