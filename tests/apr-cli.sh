#!/bin/sh
# The 'owed apr' command line: first lines, exit statuses, files and stdin, XML well-formed.
# Environment (set by make check): OWED, the built program; LC_ALL=C.  Exit 77 skips.
: "${OWED:?OWED must name the built owed program}"
[ -x "$OWED" ] || { echo "apr-cli: $OWED is not built" >&2; exit 77; }

tmp=${TMPDIR:-/tmp}/apr-cli.$$
mkdir -p "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
n=0

# expect STATUS FIRST-LINE ARGS...: the exit status and the first line of standard output
expect() {
    want_status=$1 want_line=$2
    shift 2
    n=$((n + 1))
    "$OWED" apr "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
    line=$(sed -n 1p "$tmp/out")
    if [ "$status" != "$want_status" ] || [ "$line" != "$want_line" ]; then
        echo "FAIL $n: owed apr $*" >&2
        echo "  status $status (want $want_status), first line '$line' (want '$want_line')" >&2
        sed 's/^/  stderr: /' "$tmp/err" >&2
        fail=1
    fi
}

# stderr must hold a GNU-style 'owed: ' line
expect_error() {
    n=$((n + 1))
    grep -q '^owed: ' "$tmp/err" || { echo "FAIL $n: no 'owed:' error line for $*" >&2; fail=1; }
}

# Reg Z Appendix J (c)(5)(i): 8 % x 365/255
expect 0 "11.45%" -m regz 1978-01-03:1000 1978-09-15:-1080
# the law brief's payday figures
expect 0 "391.07%" --method=regz --borrow=100 --repay=115 --days=14
expect 0 "1035.0%" -m eu --borrow 100 --repay 115 --days 21
expect 0 "1269.7%" -m uk --borrow 100 --repay 124 --days 30
expect 0 "1386.7%" -m uk --borrow 100 --repay 116.80 --days 21
expect 0 "744.90%" -m simple --borrow 1000 --receive 700 --repay 1000 --days 21
expect 0 "1034.974941%" --borrow 100 --repay 115 --days 21
# 366 days: the year counted back from 2024-03-22 holds 2024-02-29; --leap=365 ignores it
expect 0 "1042.6%" -m eu --start 2024-03-01 --borrow 100 --repay 115 --days 21
expect 0 "1035.0%" -m eu --leap=365 --start 2024-03-01 --borrow 100 --repay 115 --days 21
# Directive 98/7 example 1, and --digits
expect 0 "13.0%" -m eu 1994-01-01:1000 1995-07-01:-1200
expect 0 "12.96%" -m eu -d 2 1994-01-01:1000 1995-07-01:-1200
# XIRR, Microsoft's example (the lender's view: the signs do not matter)
expect 0 "37.336253%" 2008-01-01:-10000 2008-03-01:2750 2008-10-30:4250 2009-02-15:3250 2009-04-01:2750
expect 0 "37.33625335%" --significant=10 2008-01-01:-10000 2008-03-01:2750 2008-10-30:4250 2009-02-15:3250 2009-04-01:2750
# an exact root on a rounding boundary rounds half-up: 12.5 % -> 13 %, -12.5 % -> -13 %
expect 0 "13%" -d 0 2001-01-01:100 2002-01-01:-12.5 2003-01-01:-112.5
expect 0 "-13%" -d 0 2001-01-01:100 2002-01-01:-87.5
# PBoC 2021 No. 3: simple first, the compound IRR on the second line
expect 0 "12.80%" -m pboc 2021-01-01:100000 2021-01-01:-1000 2021-02-01:-8833.3 2021-03-01:-8833.3 \
    2021-04-01:-8833.3 2021-05-01:-8833.3 2021-06-01:-8833.3 2021-07-01:-8833.3 2021-08-01:-8833.3 \
    2021-09-01:-8833.3 2021-10-01:-8833.3 2021-11-01:-8833.3 2021-12-01:-8833.3 2022-01-01:-8833.3
sed -n 2p "$tmp/out" | grep -qx 'compound (IRR): 13.58%' || { echo "FAIL: pboc second line" >&2; fail=1; }

# a file of date,amount lines, and standard input
cat >"$tmp/flows.csv" <<'EOF'
date,amount
# Appendix J (c)(5)(iii): 18 months
1978-01-10,1000
1979-07-10, -1135.19
EOF
expect 0 "8.76%" -m regz "$tmp/flows.csv"
expect 0 "8.76%" -m regz - <"$tmp/flows.csv"

# the cap decided exactly: exit 1 above it, 0 otherwise
expect 1 "1269.7%" -m uk --cap 100 --borrow 100 --repay 124 --days 30
grep -q 'above' "$tmp/out" || { echo "FAIL: --cap line" >&2; fail=1; }
expect 0 "1269.7%" -m uk --cap 1269.72 --borrow 100 --repay 124 --days 30
expect 1 "11.45%" -m regz --cap 11.45 1978-01-03:1000 1978-09-15:-1080
expect 0 "11.45%" -m regz --cap 11.4510 1978-01-03:1000 1978-09-15:-1080
# tolerance: 9.69 % true; 9.81 % is within 1/8 point, 9.82 % is not
expect 0 "9.69%" -m regz --disclosed 9.81 1978-01-10:5000 1978-02-10:-230 1978-03-10:-230 \
    1978-04-10:-230 1978-05-10:-230 1978-06-10:-230 1978-07-10:-230 1978-08-10:-230 \
    1978-09-10:-230 1978-10-10:-230 1978-11-10:-230 1978-12-10:-230 1979-01-10:-230 \
    1979-02-10:-230 1979-03-10:-230 1979-04-10:-230 1979-05-10:-230 1979-06-10:-230 \
    1979-07-10:-230 1979-08-10:-230 1979-09-10:-230 1979-10-10:-230 1979-11-10:-230 \
    1979-12-10:-230 1980-01-10:-230

# no rate, several rates: exit 2 with a clear message
expect 2 "" 2001-01-01:100 2002-01-01:-250 2003-01-01:160
expect_error
grep -q 'no rate' "$tmp/err" || { echo "FAIL: no-root message" >&2; fail=1; }
expect 2 "" 2001-01-01:100 2002-01-01:50
expect_error
expect 2 "10.000000%" 2001-01-01:100 2002-01-01:-230 2003-01-01:132
sed -n 2p "$tmp/out" | grep -qx '20.000000%' || { echo "FAIL: second root" >&2; fail=1; }
grep -q 'rates solve' "$tmp/err" || { echo "FAIL: several-roots message" >&2; fail=1; }
expect 0 "10.000000%" --range=0:15 2001-01-01:100 2002-01-01:-230 2003-01-01:132

# usage and input errors: exit 2, 'owed:' on stderr
expect 2 "" -m nope 2001-01-01:1 2002-01-01:-2
expect_error
expect 2 "" 2001-02-30:100 2002-01-01:-110
expect_error
expect 2 "" 2001-01-01:100
expect_error
expect 2 "" -m eu -d 0 2001-01-01:100 2002-01-01:-110
expect_error
expect 2 "" "$tmp/missing.csv"
expect_error
expect 2 "" --borrow 100 --days 3
expect_error
expect 2 "" -m simple 2001-01-01:100 2001-02-01:-5 2001-03-01:-100
expect_error
expect 2 ""
expect_error
n=$((n + 1))
"$OWED" apr --help >"$tmp/out" 2>&1 && grep -q -- '--method' "$tmp/out" ||
    { echo "FAIL $n: --help" >&2; fail=1; }

# -o writes the file (and nothing to stdout)
expect 0 "" -o "$tmp/rate.txt" -m regz 1978-01-03:1000 1978-09-15:-1080
[ "$(sed -n 1p "$tmp/rate.txt")" = "11.45%" ] || { echo "FAIL: -o" >&2; fail=1; }

# XML: well-formed, exact bracket ends, the rate and its flows
expect 0 '<?xml version="1.0" encoding="UTF-8"?>' -f xml -m regz 1978-01-03:1000 1978-09-15:-1080
grep -q 'percent="11.45"' "$tmp/out" || { echo "FAIL: xml percent" >&2; fail=1; }
grep -q 'lo="584/51"' "$tmp/out" || { echo "FAIL: xml exact root" >&2; fail=1; }
cp "$tmp/out" "$tmp/a.xml"
expect 2 '<?xml version="1.0" encoding="UTF-8"?>' --format=xml 2001-01-01:100 2002-01-01:-230 2003-01-01:132
cp "$tmp/out" "$tmp/b.xml"
XMLLINT=${XMLLINT:-$(command -v xmllint 2>/dev/null)}
if [ -n "$XMLLINT" ]; then
    for f in a b; do
        "$XMLLINT" --noout "$tmp/$f.xml" || { echo "FAIL: $f.xml is not well-formed" >&2; fail=1; }
    done
    [ "$("$XMLLINT" --xpath 'count(//*[local-name()="rate"])' "$tmp/b.xml")" = 2 ] ||
        { echo "FAIL: two rate elements" >&2; fail=1; }
else
    echo "apr-cli: xmllint not found, XML well-formedness not checked" >&2
fi

[ "$fail" = 0 ] && echo "apr-cli: $n checks passed"
exit "$fail"
