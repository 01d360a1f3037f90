#!/bin/sh
# The statement and check commands: options, exit statuses, errors, atomic output.
set -u
: "${OWED:?}" "${top_srcdir:?}"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
sample="$top_srcdir/samples/cash-loan-withheld.xml"

expect() { # status description command...
    want=$1; what=$2; shift 2
    "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL: $what: exit $got, expected $want" >&2
        cat "$tmp/stderr" >&2
        fail=1
    fi
}
stderr_is() { # expected-line description
    if [ "$(cat "$tmp/stderr")" != "$1" ]; then
        echo "FAIL: $2: stderr was:" >&2; cat "$tmp/stderr" >&2
        echo "expected: $1" >&2
        fail=1
    fi
}

expect 0 "owed --help" "$OWED" --help
grep -q '^  statement' "$tmp/stdout" || { echo "FAIL: --help lists no statement" >&2; fail=1; }
expect 0 "owed --version" "$OWED" --version
grep -q '^owed [0-9]' "$tmp/stdout" || { echo "FAIL: --version" >&2; fail=1; }
expect 2 "no command" "$OWED"
expect 2 "unknown command" "$OWED" frobnicate
stderr_is "owed: unknown command 'frobnicate'
Try 'owed --help' for more information." "unknown command"
expect 0 "statement --help" "$OWED" statement --help
expect 2 "statement without a file" "$OWED" statement
expect 2 "statement with an unknown option" "$OWED" statement --bogus "$sample"
expect 2 "statement --format=pdf (unknown)" "$OWED" statement --format=pdf "$sample"
expect 2 "statement of a missing file" "$OWED" statement "$tmp/nope.xml"
grep -q "^owed: $tmp/nope.xml: " "$tmp/stderr" || { echo "FAIL: missing file message" >&2; cat "$tmp/stderr" >&2; fail=1; }
expect 2 "statement --as-of with a bad date" "$OWED" statement --as-of=2023-02-29 "$sample"
stderr_is "owed: --as-of: '2023-02-29' is not a day of the calendar" "bad --as-of"

# Output to a file: the same bytes as standard output, and no temporary file left behind.
expect 0 "statement to stdout" "$OWED" statement "$sample"
cp "$tmp/stdout" "$tmp/expected"
expect 0 "statement -o" "$OWED" statement -o "$tmp/out.txt" "$sample"
cmp -s "$tmp/expected" "$tmp/out.txt" || { echo "FAIL: -o output differs from stdout" >&2; fail=1; }
[ "$(ls "$tmp" | grep -c tmp)" -eq 0 ] || { echo "FAIL: temporary file left behind" >&2; fail=1; }
# A directory that does not exist: exit 2, nothing written.
expect 2 "statement -o into a missing directory" "$OWED" statement -o "$tmp/no/such/dir/out.txt" "$sample"
[ ! -e "$tmp/no" ] || { echo "FAIL: something was created" >&2; fail=1; }
# A bad case file leaves an existing output untouched.
echo "keep me" >"$tmp/keep.txt"
expect 2 "statement of a bad file with -o" "$OWED" statement -o "$tmp/keep.txt" "$tmp/nope.xml"
[ "$(cat "$tmp/keep.txt")" = "keep me" ] || { echo "FAIL: output overwritten on error" >&2; fail=1; }

# -o naming the case file itself: refused, the case file untouched.
cp "$sample" "$tmp/case.xml"
expect 2 "statement -o onto its own case file" "$OWED" statement -o "$tmp/case.xml" "$tmp/case.xml"
cmp -s "$sample" "$tmp/case.xml" || { echo "FAIL: the case file was overwritten" >&2; fail=1; }
rm -f "$tmp/case.xml"

# --as-of earlier than the case's: later events are left out.  On 2024-11-10, 6 days of
# the 1.00 daily fee have accrued: 1000.00 + 6.00 = 1006.00 owed.
expect 0 "statement --as-of" "$OWED" statement --no-ledger --as-of=2024-11-10 "$sample"
grep -q "Balance per contract, 2024-11-10 *1006.00" "$tmp/stdout" ||
    { echo "FAIL: --as-of balance" >&2; cat "$tmp/stdout" >&2; fail=1; }

# check: 1 with findings, 0 without.
expect 1 "check with findings" "$OWED" check "$sample"
cat >"$tmp/fine.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<case xmlns="urn:owed:case:1" currency="CNY" as-of="2024-02-01">
  <loan id="A" contracted="2024-01-01" principal="1000.00" due="2024-01-31"/>
  <claim date="2024-02-01" by="lender" principal="1000.00"/>
</case>
XML
expect 0 "check without findings" "$OWED" check "$tmp/fine.xml"
[ "$(cat "$tmp/stdout")" = "$tmp/fine.xml: no finding" ] || { echo "FAIL: check ok line" >&2; cat "$tmp/stdout" >&2; fail=1; }
expect 2 "check of a missing file" "$OWED" check "$tmp/nope.xml"

# Regimes: a shipped id, a user's file, an unknown id (exit 2, nothing on stdout).
expect 0 "statement -r id" "$OWED" statement --no-ledger -r cn-private-2020 "$sample"
# the regime by its title (in the law's language, the reader's beside it), its id last
grep -q "^  Lawful view under 民间借贷（2020年修正司法解释）：一年期LPR四倍 (China, private lending, SPC provisions 2020/2021: 4 x one-year LPR; cn-private-2020)\$" "$tmp/stdout" || { echo "FAIL: no lawful view" >&2; fail=1; }
grep -q "^  (1) 民间借贷（2020年修正司法解释）：一年期LPR四倍 (China, private lending, SPC provisions 2020/2021: 4 x one-year LPR; cn-private-2020)\$" "$tmp/stdout" || { echo "FAIL: no legend under the summary" >&2; fail=1; }
expect 0 "statement -r FILE" "$OWED" statement --no-ledger -r "$top_srcdir/tests/lawful/e1-jingning.xml" "$sample"
grep -q "^  Lawful view under .* (test-e1-jingning)\$" "$tmp/stdout" || { echo "FAIL: user regime" >&2; fail=1; }
expect 2 "statement -r unknown" "$OWED" statement -r no-such-regime "$sample"
[ ! -s "$tmp/stdout" ] || { echo "FAIL: output despite a bad regime" >&2; fail=1; }
grep -q "^owed: .*no-such-regime" "$tmp/stderr" || { echo "FAIL: bad regime message" >&2; cat "$tmp/stderr" >&2; fail=1; }
# check under a regime: the withheld-fee loan is charged above the 4 x LPR cap.
expect 1 "check -r" "$OWED" check -r cn-private-2020 "$sample"
grep -q "contract charges 543.00 exceed the lawful 7.50 under cn-private-2020 by 535.50" "$tmp/stdout" ||
    { echo "FAIL: check -r finding" >&2; cat "$tmp/stdout" >&2; fail=1; }

# "-" reads the case from standard input: the same statement as from the file
expect 0 "statement FILE (for stdin)" "$OWED" statement --format=xml -r cn-private-2020 "$sample"
mv "$tmp/stdout" "$tmp/from-file"
expect 0 "statement -" sh -c '"$0" statement --format=xml -r cn-private-2020 - <"$1"' "$OWED" "$sample"
sed 's/file="[^"]*"//g' "$tmp/from-file" >"$tmp/a"
sed 's/file="[^"]*"//g' "$tmp/stdout" >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || { echo "FAIL: statement - differs from the file's" >&2; diff "$tmp/a" "$tmp/b" | head >&2; fail=1; }
expect 1 "check -" sh -c '"$0" check -r cn-private-2020 - <"$1"' "$OWED" "$sample"
grep -q "^standard input:[0-9]*: loan C1: contract charges 543.00" "$tmp/stdout" ||
    { echo "FAIL: check - names standard input" >&2; cat "$tmp/stdout" >&2; fail=1; }
expect 2 "statement - of broken XML" sh -c 'printf "<case" | "$0" statement -' "$OWED"
grep -q "^owed: standard input:1: " "$tmp/stderr" ||
    { echo "FAIL: an error on standard input names it" >&2; cat "$tmp/stderr" >&2; fail=1; }

[ $fail -eq 0 ] && echo "statement-cli: all passed"
exit $fail
