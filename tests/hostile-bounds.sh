#!/bin/sh
# Hostile inputs of issue 16: the ends of the calendar, bounded work, output files that can
# only be written where asked, ids that cannot deceive.  Each run is guarded by `ulimit -v`
# (256 MiB of address space more than the program needs to start) and `timeout` (10 s): a
# run that grows without bound or never ends is killed and fails with the guard's status,
# never by a wall-clock assertion.  Each refusal is checked for its exact exit status, its
# exact message and for files left behind.
#
# Run by `make check` (OWED, OWED_DATADIR, top_srcdir set; LC_ALL=C).
set -u
: "${OWED:?OWED is not set (run through make check)}"
: "${top_srcdir:=.}"
LC_ALL=C
export LC_ALL
unset OWED_MAX_INPUT_BYTES OWED_MAX_DIGITS OWED_MAX_DAYS OWED_MAX_LOANS OWED_MAX_EVENTS \
    OWED_MAX_LOAN_DAYS OWED_MAX_ROOT_WORK OWED_MAX_EXACT_DIGITS OWED_MAX_ATTRIBUTES \
    OWED_MAX_DISBURSEMENTS

cd "$top_srcdir" || exit 99
tmp=$(mktemp -d "${TMPDIR:-/tmp}/owed-bounds.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

failures=0
count=0
sample=samples/jpy-tranches.xml
# The sanitizers reserve terabytes of address space: the memory guard only without them.
memory_guard=1
case "${OWED_TEST_CFLAGS:-}" in *sanitize*) memory_guard=0 ;; esac

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# guarded COMMAND...: runs COMMAND within 256 MiB of address space and 10 seconds.
guarded() {
    (
        if [ "$memory_guard" -eq 1 ]; then ulimit -v 262144 || exit 99; fi
        exec timeout 10 "$@"
    )
}

# run WHAT STATUS COMMAND...: runs COMMAND guarded, stdout and stderr in $tmp/out and
# $tmp/err, and checks the exit status.
run() {
    what=$1 want=$2
    shift 2
    count=$((count + 1))
    status=0
    guarded "$@" >"$tmp/out" 2>"$tmp/err" </dev/null || status=$?
    if [ "$status" -ne "$want" ]; then
        fail "$what: exit status $status, expected $want"
        sed 's/^/  stderr: /' "$tmp/err" | head -5
        return 1
    fi
    return 0
}

# refused WHAT MESSAGE COMMAND...: exit 2, standard error exactly MESSAGE (one line, or
# MESSAGE then the "Try" line of a usage error), nothing on standard output.
refused() {
    _w=$1 _m=$2
    shift 2
    run "$_w" 2 "$@" || return 1
    [ -s "$tmp/out" ] && fail "$what: unexpected standard output"
    first=$(head -n 1 "$tmp/err")
    [ "$first" = "$_m" ] || fail "$what: standard error is '$first', expected '$_m'"
    lines=$(wc -l <"$tmp/err")
    if [ "$lines" -eq 2 ]; then
        sed -n 2p "$tmp/err" | grep -q "^Try 'owed " || fail "$what: a second line of error"
    elif [ "$lines" -ne 1 ]; then
        fail "$what: $lines lines on standard error"
    fi
    return 0
}

# only_files DIR NAME...: DIR holds exactly the files named (nothing left behind).
only_files() {
    _dir=$1
    shift
    for f in "$_dir"/* "$_dir"/.[!.]*; do
        [ -e "$f" ] || [ -L "$f" ] || continue
        keep=0
        for k in "$@"; do [ "$f" = "$_dir/$k" ] && keep=1; done
        [ "$keep" -eq 1 ] || fail "$what: left behind: $f"
    done
}

# ---- the ends of the calendar (finding 9 and 1) ------------------------------------------
# Years 1 and 2001 are 2000 years, five whole 400-year cycles, apart: the same days of the
# week and the same leap years (the year counted back from year 1 is the proleptic year 0,
# a leap year like 2000).  Every method gives the same rate for the same flows in both.
for m in xirr eu uk regz simple pboc pboc-compound; do
    for flows in "01-01-01:1000 01-01-31:-1010" "01-01-05:1000 01-03-01:-1100" \
        "01-01-01:1000 01-12-31:-1100" "01-01-31:1000 01-02-28:-500 01-03-31:-600"; do
        [ "$m" = simple ] && [ "${flows#*:*:*:}" != "$flows" ] && continue
        y1=$(echo "$flows" | sed 's/\([0-9-]*\):/00\1:/g')
        y2001=$(echo "$flows" | sed 's/\([0-9-]*\):/20\1:/g')
        # shellcheck disable=SC2086
        run "apr -m $m $y1" 0 "$OWED" apr -m "$m" $y1 || continue
        head -n 1 "$tmp/out" >"$tmp/y1"
        # shellcheck disable=SC2086
        run "apr -m $m $y2001" 0 "$OWED" apr -m "$m" $y2001 || continue
        head -n 1 "$tmp/out" >"$tmp/y2001"
        cmp -s "$tmp/y1" "$tmp/y2001" ||
            fail "apr -m $m $y1: $(cat "$tmp/y1"), but $(cat "$tmp/y2001") in 2001"
    done
done

# A case of year 1: the same statement as the same case in year 2001, dates apart.
cat >"$tmp/y1.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<case xmlns="urn:owed:case:1" currency="CNY" as-of="0001-01-31">
  <loan id="L1" contracted="0001-01-01" principal="1000.00" due="0001-01-20">
    <interest rate="0.1%" per="day" basis="actual"/>
    <overdue rate="0.05%" per="day" on="principal+interest"/>
  </loan>
  <payment date="0001-01-10" amount="100.00"/>
</case>
XML
sed 's/"0001-/"2001-/g' "$tmp/y1.xml" >"$tmp/y2001.xml"
for fmt in text xml csv html; do
    what="a case of year 1 (--format=$fmt)"
    run "$what" 0 "$OWED" statement --format=$fmt "$tmp/y1.xml" || continue
    sed -e 's/0001-/YYYY-/g' -e "s|$tmp/y1.xml|CASE|g" "$tmp/out" >"$tmp/s1"
    run "$what (2001)" 0 "$OWED" statement --format=$fmt "$tmp/y2001.xml" || continue
    sed -e 's/2001-/YYYY-/g' -e "s|$tmp/y2001.xml|CASE|g" "$tmp/out" >"$tmp/s2001"
    cmp -s "$tmp/s1" "$tmp/s2001" || {
        fail "$what: differs from the same case in 2001:"
        diff "$tmp/s1" "$tmp/s2001" | head -6
    }
done
run "a case of year 1 (check)" 1 "$OWED" check -r cn-private-2015 "$tmp/y1.xml"
run "a case of year 1 (check, 2001)" 1 "$OWED" check -r cn-private-2015 "$tmp/y2001.xml"

# The quick form's dates stay within the calendar.
what="apr --start=9999-12-31 --days=2"
refused "$what" "owed: --start=9999-12-31 plus 2 days is past 9999-12-31, the last day of the calendar" \
    "$OWED" apr -m eu --borrow 100 --repay 110 --days 2 --start 9999-12-31
run "apr --start=9999-12-30 --days=1" 0 "$OWED" apr -m eu --borrow 100 --repay 100.01 --days 1 \
    --start 9999-12-30 && [ "$(head -n 1 "$tmp/out")" = "3.7%" ] ||
    fail "apr --start=9999-12-30 --days=1: $(head -n 1 "$tmp/out"), expected 3.7%"
what="apr --days=0"
refused "$what" "owed: invalid days '0' (1 to 100000)" "$OWED" apr --borrow 100 --repay 110 --days 0
what="apr --significant=0"
refused "$what" "owed: invalid significant digits '0' (1 to 40)" "$OWED" apr --significant=0 \
    2024-01-01:100 2024-02-01:-110

echo "$count runs, $failures failures"
[ "$failures" -eq 0 ] || exit 1
exit 0
