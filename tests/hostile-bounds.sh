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

# ---- -o writes only its target (findings 4, 5, 6, 12) ------------------------------------
o=$tmp/o
rm -rf "$o"
mkdir "$o"
cp "$sample" "$o/case.xml"
cp data/regimes/cn-private-2020.xml "$o/my.xml"
printf '2024-01-01,100\n2024-02-01,-110\n' >"$o/flows.csv"
inputs="case.xml my.xml flows.csv"

# A character device is written in place, never replaced (as root, rename() would replace
# /dev/null with a regular file).  Run as root, the test never hands the system's devices
# to -o (a program that replaces them would break the machine): it makes its own null and
# full devices in $tmp, and a link to /proc/self/fd/1 stands for /dev/stdout.
if [ "$(id -u)" -eq 0 ] && mknod "$tmp/null" c 1 3 2>/dev/null && mknod "$tmp/full" c 1 7 2>/dev/null &&
    ln -s /proc/self/fd/1 "$tmp/stdout" && (echo x >"$tmp/null") 2>/dev/null; then
    null=$tmp/null full=$tmp/full stdout=$tmp/stdout
elif [ "$(id -u)" -ne 0 ]; then
    null=/dev/null full=/dev/full stdout=/dev/stdout
else
    null="" full="" stdout=""
    echo "note: root without mknod: the device tests are skipped"
fi
if [ -n "$null" ]; then
    for dev in "$stdout" "$null"; do
        what="-o $dev"
        run "$what" 0 "$OWED" statement -o "$dev" "$o/case.xml"
        [ -c "$null" ] || fail "$what: $null is no longer a character device"
        [ -L "$stdout" ] || fail "$what: $stdout is no longer a link"
    done
    run "-o $stdout" 0 "$OWED" statement -o "$stdout" "$o/case.xml" &&
        grep -q '^STATEMENT OF WHAT IS OWED$' "$tmp/out" || fail "-o $stdout: no statement on stdout"
    run "apr -o $stdout" 0 "$OWED" apr -o "$stdout" 2024-01-01:100 2024-02-01:-110 &&
        [ "$(head -n 1 "$tmp/out")" = "207.160585%" ] ||
        fail "apr -o $stdout: '$(head -n 1 "$tmp/out")', expected 207.160585%"
    # A full device: the error names the file and the reason.
    what="-o $full"
    refused "$what" "owed: $full: write error: No space left on device" \
        "$OWED" statement -o "$full" "$o/case.xml"
    what="apr -o $full"
    refused "$what" "owed: $full: write error: No space left on device" \
        "$OWED" apr -o "$full" 2024-01-01:100 2024-02-01:-110
    [ -c "$full" ] || fail "$what: $full is no longer a character device"
fi
# A FIFO is written in place: its reader gets the statement, the FIFO stays a FIFO.
if mkfifo "$o/fifo" 2>/dev/null; then
    what="-o FIFO"
    timeout 10 cat "$o/fifo" >"$tmp/fifo.out" &
    reader=$!
    run "$what" 0 "$OWED" statement -o "$o/fifo" "$o/case.xml"
    wait "$reader"
    [ -p "$o/fifo" ] || fail "$what: the FIFO was replaced"
    head -n 1 "$tmp/fifo.out" | grep -q '^STATEMENT OF WHAT IS OWED$' ||
        fail "$what: the reader did not get the statement"
    # a symbolic link to a FIFO likewise
    ln -s fifo "$o/fifo-link"
    what="-o a link to a FIFO"
    timeout 10 cat "$o/fifo" >"$tmp/fifo.out" &
    reader=$!
    run "$what" 0 "$OWED" statement -o "$o/fifo-link" "$o/case.xml"
    wait "$reader"
    [ -L "$o/fifo-link" ] && [ -p "$o/fifo" ] || fail "$what: the link or the FIFO was replaced"
    head -n 1 "$tmp/fifo.out" | grep -q '^STATEMENT OF WHAT IS OWED$' ||
        fail "$what: the reader did not get the statement"
    rm -f "$o/fifo" "$o/fifo-link"
fi
# -o /dev/stdout when standard output appends to a file: written through it, what the file
# held stays (a rename over the file /dev/stdout resolves to would lose it).
echo "old line" >"$tmp/log.txt"
what="-o /dev/stdout >> FILE"
count=$((count + 1))
status=0
guarded "$OWED" apr -o /dev/stdout 2024-01-01:100 2024-02-01:-110 >>"$tmp/log.txt" 2>"$tmp/err" || status=$?
[ "$status" -eq 0 ] || fail "$what: exit status $status"
[ "$(sed -n 1p "$tmp/log.txt")" = "old line" ] && [ "$(sed -n 2p "$tmp/log.txt")" = "207.160585%" ] ||
    fail "$what: $(head -2 "$tmp/log.txt" | tr '\n' '|')"
# A symbolic link to a regular file: the file it names is replaced, the link stays.
echo old >"$o/real.txt"
ln -s real.txt "$o/link.txt"
what="-o a link to a file"
run "$what" 0 "$OWED" statement -o "$o/link.txt" "$o/case.xml"
[ -L "$o/link.txt" ] || fail "$what: the link was replaced"
head -n 1 "$o/real.txt" | grep -q '^STATEMENT OF WHAT IS OWED$' || fail "$what: the file was not written"
rm -f "$o/real.txt" "$o/link.txt"
ln -s nowhere.txt "$o/dangling"
what="-o a link to nothing"
refused "$what" "owed: $o/dangling: cannot create output: a symbolic link to a file that does not exist" \
    "$OWED" statement -o "$o/dangling" "$o/case.xml"
rm -f "$o/dangling"
only_files "$o" $inputs

# The output is never one of the inputs: case, regime file, flows file, standard input.
what="-o the regime file"
refused "$what" "owed: $o/my.xml: the output file is the input file $o/my.xml" \
    "$OWED" statement -r "$o/my.xml" -o "$o/my.xml" "$o/case.xml"
cmp -s "$o/my.xml" data/regimes/cn-private-2020.xml || fail "$what: the regime file changed"
what="-o the regime file through a link"
ln -s my.xml "$o/my-link.xml"
refused "$what" "owed: $o/my-link.xml: the output file is the input file $o/my.xml" \
    "$OWED" statement -r "$o/my.xml" -o "$o/my-link.xml" "$o/case.xml"
rm -f "$o/my-link.xml"
what="apr -o the flows file"
refused "$what" "owed: $o/flows.csv: the output file is the input file $o/flows.csv" \
    "$OWED" apr -o "$o/flows.csv" "$o/flows.csv"
what="apr -o the flows file read as -"
count=$((count + 1))
status=0
guarded "$OWED" apr -o "$o/flows.csv" - <"$o/flows.csv" >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" -eq 2 ] || fail "$what: exit status $status, expected 2"
[ "$(cat "$tmp/err")" = "owed: $o/flows.csv: the output file is the input file -" ] ||
    fail "$what: $(cat "$tmp/err")"
what="-o the case read from standard input"
count=$((count + 1))
status=0
guarded "$OWED" statement -o "$o/case.xml" - <"$o/case.xml" >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" -eq 2 ] || fail "$what: exit status $status, expected 2"
grep -q "^owed: $o/case.xml: the output file is the input file " "$tmp/err" ||
    fail "$what: $(cat "$tmp/err")"
cmp -s "$o/case.xml" "$sample" || fail "the case file changed"
printf '2024-01-01,100\n2024-02-01,-110\n' | cmp -s - "$o/flows.csv" || fail "the flows file changed"
only_files "$o" $inputs

# `owed apr -o FILE` that exits 2 leaves FILE as it was.
echo "keep me" >"$o/rate.txt"
what="apr -o when no rate solves"
refused "$what" "owed: no rate solves the equation: the flows all go the same way" \
    "$OWED" apr -o "$o/rate.txt" 2024-01-01:100 2024-02-01:110
[ "$(cat "$o/rate.txt")" = "keep me" ] || fail "$what: the file changed"
what="apr -o when several rates solve"
run "$what" 2 "$OWED" apr -o "$o/rate.txt" 2024-01-01:100 2024-02-01:-230 2024-03-01:132
[ "$(cat "$o/rate.txt")" = "keep me" ] || fail "$what: the file changed"
rm -f "$o/rate.txt"

# Modes: the umask for a new file, the old file's mode for a file replaced.
what="-o a new file under umask 027"
(umask 027 && exec "$OWED" statement -o "$o/new.txt" "$o/case.xml") 2>/dev/null
[ "$(ls -l "$o/new.txt" | cut -c1-10)" = "-rw-r-----" ] ||
    fail "$what: mode $(ls -l "$o/new.txt" | cut -c1-10), expected -rw-r-----"
chmod 604 "$o/new.txt"
what="-o an existing file of mode 604"
(umask 077 && exec "$OWED" statement -o "$o/new.txt" "$o/case.xml") 2>/dev/null
[ "$(ls -l "$o/new.txt" | cut -c1-10)" = "-rw----r--" ] ||
    fail "$what: mode $(ls -l "$o/new.txt" | cut -c1-10), expected -rw----r--"
rm -f "$o/new.txt"

# A name of 254 bytes (NAME_MAX is 255): the temporary file's name is short.
long=$(printf '%0254d' 0 | tr 0 n)
what="-o a name of 254 bytes"
run "$what" 0 "$OWED" statement -o "$o/$long" "$o/case.xml"
[ -s "$o/$long" ] || fail "$what: not written"
rm -f "$o/$long"
only_files "$o" $inputs

# A file size limit: the signal removes the temporary file; ignored, the write error says
# which file and why.  Nothing is left either way.
what="-o beyond ulimit -f (SIGXFSZ)"
count=$((count + 1))
status=0
{ (ulimit -f 4 && exec "$OWED" statement -f html -o "$o/big.html" "$o/case.xml") \
    >/dev/null 2>&1; } 2>/dev/null || status=$?
[ "$status" -eq $((128 + 25)) ] || fail "$what: exit status $status, expected 153 (SIGXFSZ)"
only_files "$o" $inputs
what="-o beyond ulimit -f, SIGXFSZ ignored"
count=$((count + 1))
status=0
(trap '' XFSZ && ulimit -f 4 && exec "$OWED" statement -f html -o "$o/big.html" "$o/case.xml") \
    >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" -eq 2 ] || fail "$what: exit status $status, expected 2"
[ "$(cat "$tmp/err")" = "owed: $o/big.html: write error: File too large" ] ||
    fail "$what: $(cat "$tmp/err")"
only_files "$o" $inputs

# SIGINT, SIGTERM, SIGHUP while the temporary file exists: it is removed.  The statement of
# a large generated case takes long enough to write to be caught with its temporary file;
# when a run ends before that, it is tried again (and, on a machine too fast for it, noted).
{
    printf '<?xml version="1.0" encoding="UTF-8"?>\n<case xmlns="urn:owed:case:1" currency="CNY" as-of="2021-12-31">\n'
    i=100
    while [ $i -lt 300 ]; do
        printf '<loan id="L%d" contracted="2020-01-01" principal="1000.00" due="2020-02-01"><interest rate="0.05%%" per="day"/><overdue rate="0.1%%" per="day" on="principal"/></loan>\n' $i
        i=$((i + 1))
    done
    i=10
    while [ $i -lt 22 ]; do
        printf '<payment date="2020-%02d-%02d" amount="10.00"/>\n' $((i - 9)) $i
        i=$((i + 1))
    done
    printf '</case>\n'
} >"$tmp/slow.xml"
for sig in INT TERM HUP; do
    what="SIG$sig while writing"
    caught=0
    for attempt in 1 2 3; do
        "$OWED" statement -f html -o "$o/slow.html" "$tmp/slow.xml" 2>/dev/null &
        pid=$!
        n=0
        while [ $n -lt 2000 ] && kill -0 "$pid" 2>/dev/null; do
            if ls "$o"/.owed-* >/dev/null 2>&1; then
                kill -s "$sig" "$pid" && caught=1
                break
            fi
            n=$((n + 1))
            sleep 0.005 2>/dev/null || sleep 1
        done
        status=0
        wait "$pid" || status=$?
        rm -f "$o/slow.html"
        [ "$caught" -eq 1 ] && break
    done
    count=$((count + 1))
    if [ "$caught" -eq 1 ]; then
        want=$((128 + $(kill -l "$sig" 2>/dev/null || echo 0)))
        [ "$status" -eq "$want" ] || [ "$status" -eq 0 ] ||
            fail "$what: exit status $status, expected $want"
        only_files "$o" $inputs
    else
        echo "note: $what: the run ended before its temporary file was seen"
    fi
done

# ---- ids and names cannot deceive (findings 7, 8) -----------------------------------------
head='<?xml version="1.0" encoding="UTF-8"?>
<case xmlns="urn:owed:case:1" currency="CNY" as-of="2024-06-01">'
# Each hidden character refused in a loan's id and in a reference to a loan, by its code.
for hidden in 'c2 85:0085' 'e2 80 ae:202E' 'e2 81 a6:2066' 'e2 80 8b:200B' 'e2 80 8d:200D' \
    'ef bb bf:FEFF' 'e2 80 a8:2028' '7f:007F'; do
    bytes=$(echo "${hidden%:*}" | sed 's/\([0-9a-f][0-9a-f]\) */\\x\1/g')
    code=${hidden#*:}
    ch=$(printf "$bytes")
    printf '%s\n<loan id="L%s1" contracted="2024-01-01" principal="1000.00" due="2024-02-01"/>\n</case>\n' \
        "$head" "$ch" >"$tmp/id.xml"
    what="U+$code in an id"
    refused "$what" "owed: $tmp/id.xml:3: attribute 'id': the id holds the character U+$code (a control, bidirectional or invisible character), which no id may hold" \
        "$OWED" validate "$tmp/id.xml"
    printf '%s\n<loan id="L1" contracted="2024-01-01" principal="1000.00" due="2024-02-01"/>\n<payment date="2024-03-01" amount="10.00" loan="%sL1"/>\n</case>\n' \
        "$head" "$ch" >"$tmp/ref.xml"
    what="U+$code in a loan reference"
    refused "$what" "owed: $tmp/ref.xml:4: attribute 'loan': the id holds the character U+$code (a control, bidirectional or invisible character), which no id may hold" \
        "$OWED" statement "$tmp/ref.xml"
done
# In names, the same characters are shown as visible escapes in every format.
rlo=$(printf '\342\200\256') zwsp=$(printf '\342\200\213') nel=$(printf '\302\205')
lri=$(printf '\342\201\246') pdi=$(printf '\342\201\251')
printf '%s\n<borrower>%s00.0001</borrower>\n<loan id="L1" lender="%sACME%s" contracted="2024-01-01" principal="1000.00" due="2024-02-01">\n<fee name="a%sb%sc" amount="5.00" at="maturity"/>\n</loan>\n</case>\n' \
    "$head" "$rlo" "$lri" "$pdi" "$zwsp" "$nel" >"$tmp/names.xml"
for fmt in text html xml csv; do
    what="hidden characters in names (--format=$fmt)"
    run "$what" 0 "$OWED" statement --format=$fmt "$tmp/names.xml" || continue
    if grep -q "$rlo\\|$zwsp\\|$nel\\|$lri\\|$pdi" "$tmp/out"; then
        fail "$what: a hidden character was written"
    fi
    case $fmt in
    html | xml) lt='&lt;' gt='&gt;' ;;
    *) lt='<' gt='>' ;;
    esac
    fee="a${lt}U+200B${gt}b${lt}U+0085${gt}c"
    grep -qF "$fee" "$tmp/out" || fail "$what: the fee name is not shown as $fee"
    [ "$fmt" = csv ] && continue # the CSV has the fee's name, not the borrower's
    grep -qF "${lt}U+202E${gt}00.0001" "$tmp/out" || fail "$what: the borrower is not shown escaped"
    [ "$fmt" = text ] && continue # the text has no lender
    grep -qF "${lt}U+2066${gt}ACME${lt}U+2069${gt}" "$tmp/out" ||
        fail "$what: the lender is not shown escaped"
done
# An error message quoting a value shows its hidden characters escaped.
what="a bidi control in an option's value"
refused "$what" "owed: --as-of: '2024<U+202E>12' is not a date of the form YYYY-MM-DD" \
    "$OWED" statement --as-of="2024${rlo}12" "$sample"

# ---- owed apr: bounded work and memory (findings 2, 13) ----------------------------------
# Flows of alternating sign: the isolation of every root is refused before it starts.
awk 'BEGIN { for (i = 0; i < 3000; i++)
    printf "%04d-%02d-%02d,%s\n", 2000 + int(i / 336), 1 + int(i % 336 / 28), 1 + i % 28,
        i % 2 ? "-101" : "100" }' >"$tmp/alt.csv"
what="3000 flows of alternating sign"
refused "$what" "owed: too many sign changes to isolate every root: 3000 dates times 2999 sign changes is 8997000, which exceeds the limit of 2000000 (OWED_MAX_ROOT_WORK)" \
    "$OWED" apr "$tmp/alt.csv"
head -n 300 "$tmp/alt.csv" >"$tmp/alt300.csv"
what="OWED_MAX_ROOT_WORK=1000"
refused "$what" "owed: too many sign changes to isolate every root: 300 dates times 299 sign changes is 89700, which exceeds the limit of 1000 (OWED_MAX_ROOT_WORK)" \
    env OWED_MAX_ROOT_WORK=1000 "$OWED" apr "$tmp/alt300.csv"
what="300 flows of alternating sign"
run "$what" 0 "$OWED" apr "$tmp/alt300.csv" &&
    [ "$(head -n 1 "$tmp/out")" = "3678.343433%" ] || fail "$what: $(head -n 1 "$tmp/out")"
# 400,000 flows (the default limit) within the guards; one more is refused where it is.
awk 'BEGIN { print "1000-01-01,1000000"; for (i = 1; i <= 400000; i++)
    printf "%04d-%02d-%02d,-2\n", 1000 + int(i / 336), 1 + int(i % 336 / 28), 1 + i % 28 }' \
    >"$tmp/many.csv"
what="400,001 flows"
refused "$what" "owed: $tmp/many.csv:400001: more flows than the limit of 400000 (OWED_MAX_FLOWS)" \
    "$OWED" apr "$tmp/many.csv"
head -n 400000 "$tmp/many.csv" >"$tmp/many400k.csv"
for m in xirr pboc; do
    run "400,000 flows (-m $m)" 0 "$OWED" apr -m $m "$tmp/many400k.csv"
done
rm -f "$tmp/many.csv" "$tmp/many400k.csv"
# A zero flow, or flows of one date that cancel, change no method's rate.
for m in xirr eu uk regz pboc pboc-compound; do
    run "-m $m without zero flows" 0 "$OWED" apr -m $m 2024-01-01:1000 2024-07-01:-100 2025-01-01:-1000 &&
        head -n 1 "$tmp/out" >"$tmp/plain"
    run "-m $m with zero flows" 0 "$OWED" apr -m $m 2023-06-01:0 2024-01-01:1000 2024-03-01:0 \
        2024-07-01:-100 2024-12-01:50 2024-12-01:-50 2025-01-01:-1000 2025-06-01:0.00 &&
        head -n 1 "$tmp/out" >"$tmp/zeros"
    cmp -s "$tmp/plain" "$tmp/zeros" ||
        fail "-m $m: $(cat "$tmp/zeros") with zero flows, $(cat "$tmp/plain") without"
done
# NUL bytes, /dev/zero, endless blank lines: refused where they are, or by the size limit.
printf '2024-01-01,1000\n2024-07-01,-11\00000\n' >"$tmp/nul.csv"
what="a NUL byte in a flows file"
refused "$what" "owed: $tmp/nul.csv:2: a NUL byte in a line of text" "$OWED" apr "$tmp/nul.csv"
what="owed apr /dev/zero"
refused "$what" "owed: /dev/zero:1: a NUL byte in a line of text" "$OWED" apr /dev/zero
what="endless blank lines"
count=$((count + 1))
status=0
yes '' | guarded "$OWED" apr - >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" -eq 2 ] || fail "$what: exit status $status, expected 2"
[ "$(cat "$tmp/err")" = "owed: -: the file is larger than the limit of 16777216 bytes (OWED_MAX_INPUT_BYTES)" ] ||
    fail "$what: $(cat "$tmp/err")"

# ---- exact figures that grow (finding 3) -------------------------------------------------
{
    printf '%s\n<loan id="L1" contracted="2000-01-01" principal="100000.00" due="2001-01-01"><interest rate="1/9999999999999999999999999999999999999" per="day"/></loan>\n' \
        '<?xml version="1.0" encoding="UTF-8"?>
<case xmlns="urn:owed:case:1" currency="CNY" as-of="2098-12-01">'
    awk 'BEGIN { for (i = 0; i < 999; i++)
        printf "<payment date=\"%04d-%02d-%02d\" amount=\"1.00\"/>\n", 2000 + int(i / 12), 1 + i % 12, 10 }'
    printf '</case>\n'
} >"$tmp/grow.xml"
what="999 payments at a rate of 37 digits a day"
refused "$what" "owed: $tmp/grow.xml:3: loan L1: the exact balance after the accrual of interest on 2022-08-10 has a denominator of 10021 digits, which exceeds the limit of 10000 (OWED_MAX_EXACT_DIGITS): the fractions of the rates multiply with each payment that reaches the principal; round each period (rounding= on <interest> and <overdue>, owed-case(5) CONVENTIONS)" \
    "$OWED" statement "$tmp/grow.xml"
what="OWED_MAX_EXACT_DIGITS=500"
refused "$what" "owed: $tmp/grow.xml:3: loan L1: the exact balance after the accrual of interest on 2001-02-10 has a denominator of 516 digits, which exceeds the limit of 500 (OWED_MAX_EXACT_DIGITS): the fractions of the rates multiply with each payment that reaches the principal; round each period (rounding= on <interest> and <overdue>, owed-case(5) CONVENTIONS)" \
    env OWED_MAX_EXACT_DIGITS=500 "$OWED" check -r cn-private-2015 "$tmp/grow.xml"
sed 's|per="day"/>|per="day" rounding="half-up"/>|' "$tmp/grow.xml" >"$tmp/rounded.xml"
run "the same, rounded each period" 0 "$OWED" statement "$tmp/rounded.xml" &&
    grep -q '^  Balance per contract, 2098-12-01 *99001\.00$' "$tmp/out" ||
    fail "the same, rounded each period: $(grep 'Balance per contract' "$tmp/out")"

# ---- XML: schemas through the hardened reader, attributes and disbursements (10, 11) --------
# 50,000 attributes on one element (libxml2's duplicate check is quadratic: 10 s and more),
# 150,000 namespace declarations after a comment that looks like markup, and the same
# attributes in UTF-16: refused before libxml2 parses them.
awk 'BEGIN { printf "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<case xmlns=\"urn:owed:case:1\" currency=\"CNY\" as-of=\"2024-06-01\">\n<title";
    for (i = 0; i < 50000; i++) printf " a%d=\"1\"", i; printf ">t</title>\n</case>\n" }' >"$tmp/attrs.xml"
awk 'BEGIN { printf "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- <x a=\"1\" b=\"2\"> -->\n<case xmlns=\"urn:owed:case:1\"";
    for (i = 0; i < 150000; i++) printf " xmlns:n%d=\"urn:x%d\"", i, i; printf " currency=\"CNY\" as-of=\"2024-06-01\">\n</case>\n" }' >"$tmp/ns.xml"
for f in attrs ns; do
    what="$f.xml"
    refused "$what" "owed: $tmp/$f.xml:3: an element has more attributes and namespace declarations than the limit of 256 (OWED_MAX_ATTRIBUTES)" \
        "$OWED" validate "$tmp/$f.xml"
done
if command -v iconv >/dev/null 2>&1; then
    { printf '\377\376'; sed 's/UTF-8/UTF-16/' "$tmp/attrs.xml" | iconv -f UTF-8 -t UTF-16LE; } >"$tmp/attrs16.xml"
    what="attrs.xml in UTF-16"
    refused "$what" "owed: $tmp/attrs16.xml:3: an element has more attributes and namespace declarations than the limit of 256 (OWED_MAX_ATTRIBUTES)" \
        "$OWED" validate "$tmp/attrs16.xml"
fi
what="OWED_MAX_ATTRIBUTES=2"
refused "$what" "owed: $sample:12: an element has more attributes and namespace declarations than the limit of 2 (OWED_MAX_ATTRIBUTES)" \
    env OWED_MAX_ATTRIBUTES=2 "$OWED" validate "$sample"
# 101 disbursements of one loan.
{
    printf '%s\n<loan id="L1" contracted="2024-01-01" principal="101.00" due="2024-06-01">\n' "$head"
    awk 'BEGIN { for (i = 1; i <= 101; i++) printf "<disbursement date=\"2024-01-%02d\" amount=\"1.00\"/>\n", 1 + i % 28 }'
    printf '</loan>\n</case>\n'
} >"$tmp/disb.xml"
what="101 disbursements"
refused "$what" "owed: $tmp/disb.xml:104: the loan has 101 disbursements, which exceeds the limit of 100 (OWED_MAX_DISBURSEMENTS)" \
    "$OWED" validate "$tmp/disb.xml"
run "OWED_MAX_DISBURSEMENTS=101" 0 env OWED_MAX_DISBURSEMENTS=101 "$OWED" validate "$tmp/disb.xml"
# A hostile data directory: a schema with an entity, a schema that includes another over
# the network.  Neither is read beyond its refusal; nothing connects anywhere.
cp -R data "$tmp/data"
sed '1a<!DOCTYPE xs:schema [ <!ENTITY e SYSTEM "file:///etc/passwd"> ]>' data/schema/case.xsd >"$tmp/data/schema/case.xsd"
what="a schema with an entity"
refused "$what" "owed: $tmp/data/schema/case.xsd:2: a DOCTYPE declaration is not allowed (DTDs and entities are refused)" \
    env OWED_DATADIR="$tmp/data" "$OWED" validate "$sample"
awk '!done && /^  <xs:/ { print "  <xs:include schemaLocation=\"http://127.0.0.1:9/x.xsd\"/>"; done = 1 } { print }' \
    data/schema/case.xsd >"$tmp/data/schema/case.xsd"
line=$(grep -n 'xs:include' "$tmp/data/schema/case.xsd" | cut -d: -f1)
what="a schema that includes another"
refused "$what" "owed: $tmp/data/schema/case.xsd:$line: the schema may not load another document (xs:include)" \
    env OWED_DATADIR="$tmp/data" "$OWED" validate "$sample"
rm -rf "$tmp/data"

# ---- case files: NUL bytes, nodes, line numbers past 65,535 (finding 13) -------------------
printf '%s\n<loan id="L1" contracted="2024-01-01" principal="1000.00" due="2024-02-01"/>\n</case>\n\000junk <<<\n' \
    "$head" >"$tmp/nul.xml"
what="a NUL byte after </case>"
refused "$what" "owed: $tmp/nul.xml:5: a NUL byte in a line of text" "$OWED" validate "$tmp/nul.xml"
printf '%s\n<loan id="L1" contracted="2024-01-01" principal="1000.00" due="2024-02-01"/>\n</case>\njunk\n' \
    "$head" >"$tmp/junk.xml"
what="text after </case>"
refused "$what" "owed: $tmp/junk.xml:5: not well-formed XML: Extra content at the end of the document" \
    "$OWED" validate "$tmp/junk.xml"
# 1,600,000 empty elements (8 MB; the parsed document took 420 MB): refused before parsing.
awk -v head="$head" 'BEGIN { print head; for (i = 0; i < 1600000; i++) print "<a/>"; print "</case>" }' \
    >"$tmp/empty.xml"
what="1,600,000 empty elements"
refused "$what" "owed: $tmp/empty.xml:399998: the file has more elements, attributes, comments and processing instructions than the limit of 400000 (OWED_MAX_XML_NODES)" \
    "$OWED" validate "$tmp/empty.xml"
rm -f "$tmp/empty.xml"
# An error past line 65,535 is located at its own line, not the next.
{
    echo "$head"
    awk 'BEGIN { for (i = 0; i < 70000; i++) print "" }'
    echo '<loan id="L1" contracted="2024-01-01" principal="1000.00" due="2023-02-01"/>'
    echo '</case>'
} >"$tmp/lines.xml"
what="an error on line 70003"
refused "$what" "owed: $tmp/lines.xml:70003: the due date 2023-02-01 is not after the contract date 2024-01-01" \
    "$OWED" validate "$tmp/lines.xml"
sed 's/due="2023-02-01"/due="2024-02-01" bogus="1"/' "$tmp/lines.xml" >"$tmp/lines2.xml"
what="a schema error on line 70003"
refused "$what" "owed: $tmp/lines2.xml:70003: not valid by the schema: <loan> has no attribute 'bogus'" \
    "$OWED" validate "$tmp/lines2.xml"

# The lawful view's figures are bounded the same way: a contract that rounds each period,
# capped by a regime whose cap does not round, with payments that reach the principal.
{
    printf '%s\n<loan id="L1" contracted="2000-01-01" principal="1000.00" due="2001-01-01"><interest rate="30%%" per="year" rounding="half-up"/></loan>\n' \
        '<?xml version="1.0" encoding="UTF-8"?>
<case xmlns="urn:owed:case:1" currency="CNY" as-of="2098-12-01">'
    awk 'BEGIN { for (i = 0; i < 400; i++)
        printf "<payment date=\"%04d-%02d-10\" amount=\"20.00\"/>\n", 2000 + int(i / 12), 1 + i % 12 }'
    printf '</case>\n'
} >"$tmp/lawful-grow.xml"
what="the lawful view's figures"
run "$what" 2 env OWED_MAX_EXACT_DIGITS=30 "$OWED" statement -r cn-private-2020 "$tmp/lawful-grow.xml" &&
    grep -q "^owed: $tmp/lawful-grow.xml:[0-9]*: loan L1: the exact balance after the payment of principal on [-0-9]* has a denominator of [0-9]* digits, which exceeds the limit of 30 (OWED_MAX_EXACT_DIGITS)" "$tmp/err" ||
    fail "$what: $(tail -n 1 "$tmp/err")"

echo "$count runs, $failures failures"
[ "$failures" -eq 0 ] || exit 1
exit 0
