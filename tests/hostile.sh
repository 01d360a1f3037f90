#!/bin/sh
# Hostile inputs: each must be refused with exit status 2, exactly one line on standard
# error of the form `owed: FILE[:LINE]: message`, nothing on standard output, and nothing
# written: no output file, no temporary file left beside it.  Quickly, too: a file that
# would make the program walk millions of days is refused before the walk.
#
#  - tests/hostile/NAME.xml with NAME.err (the exact line) or NAME.pat (an extended regular
#    expression, for messages that come from libxml2 and vary with its version), through
#    `owed validate` and `owed statement -o`;
#  - generated here, in $TMPDIR, never committed: a file of 100 MiB, nesting 10,000 deep, a
#    number with a million digits, a case spanning more days than allowed by --as-of;
#  - the cases of tests/invalid that are hostile (DOCTYPE, entities, invalid UTF-8, digits,
#    2023-02-29, duplicate ids), again through `owed statement -o`: nothing written;
#  - a regime file that contradicts itself (tests/regimes/overlap.xml) or has a DOCTYPE;
#  - output paths that cannot be written;
#  - the limits in the environment (OWED_MAX_*): bad values refused, each limit enforced
#    with its name in the message, raised limits obeyed;
#  - loans and events out of order in the file give the same figures as sorted.
#
# Run by `make check` (OWED, OWED_DATADIR, top_srcdir set; LC_ALL=C).
set -u
: "${OWED:?OWED is not set (run through make check)}"
: "${top_srcdir:=.}"
LC_ALL=C
export LC_ALL
unset OWED_MAX_INPUT_BYTES OWED_MAX_DIGITS OWED_MAX_DAYS OWED_MAX_LOANS OWED_MAX_EVENTS \
    OWED_MAX_LOAN_DAYS

cd "$top_srcdir" || exit 99
tmp=$(mktemp -d "${TMPDIR:-/tmp}/owed-hostile.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

failures=0
count=0
sample=samples/jpy-tranches.xml

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# run NAME STATUS COMMAND...: runs COMMAND with stdout, stderr in $tmp/out, $tmp/err and
# checks the exit status.
run() {
    _what=$1 want=$2
    shift 2
    count=$((count + 1))
    status=0
    "$@" >"$tmp/out" 2>"$tmp/err" </dev/null || status=$?
    if [ "$status" -ne "$want" ]; then
        fail "$_what: exit status $status, expected $want"
        sed 's/^/  stderr: /' "$tmp/err" | head -5
        return 1
    fi
    return 0
}

# refused WHAT COMMAND...: exit 2, one line `owed: ...` on stderr, nothing on stdout.
refused() {
    _w=$1
    shift
    run "$_w" 2 "$@" || return 1
    if [ -s "$tmp/out" ]; then
        fail "$_what: unexpected standard output"
        head -3 "$tmp/out"
    fi
    lines=$(wc -l <"$tmp/err")
    if [ "$lines" -ne 1 ] || ! grep -q '^owed: ' "$tmp/err"; then
        fail "$_what: standard error is not one line 'owed: ...':"
        head -5 "$tmp/err" | cut -c1-300
        return 1
    fi
    return 0
}

# err_is FILE: the last standard error is exactly FILE's content.
err_is() {
    cmp -s "$1" "$tmp/err" || {
        fail "$what: standard error differs from $1:"
        diff "$1" "$tmp/err" | head -5
    }
}

# err_matches PATTERN
err_matches() {
    grep -Eq -- "$1" "$tmp/err" || {
        fail "$what: standard error does not match /$1/:"
        cut -c1-300 "$tmp/err"
    }
}

# nothing_written DIR: no file in DIR but the ones named after it.
nothing_written() {
    dir=$1
    shift
    for f in "$dir"/* "$dir"/.[!.]*; do
        [ -e "$f" ] || continue
        keep=0
        for k in "$@"; do [ "$f" = "$dir/$k" ] && keep=1; done
        [ "$keep" -eq 1 ] || fail "$what: left behind: $f"
    done
}

# statement_refused WHAT EXPECT CASE [OPTION...]: `owed statement -o` of CASE is refused
# with EXPECT (a file: exact line; otherwise a pattern), and nothing is written.
statement_refused() {
    what=$1 expect=$2 case=$3
    shift 3
    rm -rf "$tmp/o"
    mkdir "$tmp/o"
    refused "$what (statement -o)" "$OWED" statement "$@" -o "$tmp/o/out.txt" "$case" || return
    if [ -f "$expect" ]; then err_is "$expect"; else err_matches "$expect"; fi
    nothing_written "$tmp/o"
}

# ---- golden hostile case files ---------------------------------------------------------
for xml in tests/hostile/*.xml; do
    [ -e "$xml" ] || continue
    base=${xml%.xml}
    if [ -f "$base.err" ]; then
        expect=$base.err
    elif [ -f "$base.pat" ]; then
        expect=$(cat "$base.pat")
    else
        fail "$xml: no $base.err or $base.pat"
        continue
    fi
    what=$xml
    if refused "$xml (validate)" "$OWED" validate "$xml"; then
        if [ -f "$expect" ]; then err_is "$expect"; else err_matches "$expect"; fi
    fi
    statement_refused "$xml" "$expect" "$xml"
done

# The hostile files of tests/invalid (their messages are checked by invalid-cases.sh):
# refused by `statement -o` too, with the same line, and nothing written.
for name in xxe billion-laughs invalid-utf8 too-many-digits no-such-date duplicate-loan-id; do
    xml=tests/invalid/$name.xml
    [ -f "$xml" ] || { fail "$xml is missing"; continue; }
    statement_refused "$xml" "tests/invalid/$name.err" "$xml"
done

# ---- generated hostile files -----------------------------------------------------------
head='<?xml version="1.0" encoding="UTF-8"?>
<case xmlns="urn:owed:case:1" currency="CNY" as-of="2024-06-01">'
loan='<loan id="L1" contracted="2024-01-01" principal="1000.00" due="2024-02-01"/>'

# A file of 100 MiB (sparse: no disk is used), refused by its size before it is read.
big=$tmp/big.xml
if truncate -s 100M "$big" 2>/dev/null || dd if=/dev/zero of="$big" bs=1 count=0 seek=100M 2>/dev/null; then
    what="100 MiB file"
    refused "$what" "$OWED" validate "$big" &&
        err_matches "^owed: $big: the file is larger than the limit of 16777216 bytes \\(OWED_MAX_INPUT_BYTES\\)\$"
    statement_refused "$what" "^owed: $big: the file is larger than the limit of 16777216 bytes \\(OWED_MAX_INPUT_BYTES\\)\$" "$big"
    # the same through a pipe, where the size is not known beforehand: read up to the limit
    what="100 MiB on a pipe"
    count=$((count + 1))
    status=0
    head -c 104857600 /dev/zero | "$OWED" validate /dev/stdin >"$tmp/out" 2>"$tmp/err" || status=$?
    [ "$status" -eq 2 ] || fail "$what: exit status $status, expected 2"
    err_matches "^owed: /dev/stdin: the file is larger than the limit of 16777216 bytes \\(OWED_MAX_INPUT_BYTES\\)\$"
    rm -f "$big"
else
    fail "cannot make a 100 MiB file in $tmp"
fi

# Nesting 10,000 deep: refused by the parser's depth limit (XML_PARSE_HUGE is never set).
{
    printf '%s\n<title>' "$head"
    i=0
    while [ $i -lt 10000 ]; do printf '<b>'; i=$((i + 1)); done
    i=0
    while [ $i -lt 10000 ]; do printf '</b>'; i=$((i + 1)); done
    printf '</title>\n%s\n</case>\n' "$loan"
} >"$tmp/deep.xml"
what="nesting 10,000 deep"
refused "$what" "$OWED" validate "$tmp/deep.xml" &&
    err_matches "^owed: $tmp/deep.xml:3: not well-formed XML: "
statement_refused "$what" "^owed: $tmp/deep.xml:3: not well-formed XML: " "$tmp/deep.xml"

# A number with a million digits: refused by the digit limit, quoted by its start only.
{
    printf '%s\n<loan id="L1" contracted="2024-01-01" principal="' "$head"
    thousand=$(printf '%01000d' 0 | tr 0 1)
    i=0
    while [ $i -lt 1000 ]; do printf '%s' "$thousand"; i=$((i + 1)); done
    printf '" due="2024-02-01"/>\n</case>\n'
} >"$tmp/million.xml"
million="owed: $tmp/million.xml:3: attribute 'principal': amount '11111111111111111111...' has 1000000 digits, which exceeds the limit of 40 (OWED_MAX_DIGITS)"
echo "$million" >"$tmp/million.err"
what="a million digits"
refused "$what" "$OWED" validate "$tmp/million.xml" && err_is "$tmp/million.err"
statement_refused "$what" "$tmp/million.err" "$tmp/million.xml"

# --as-of far beyond the case: the span is checked before any replay, and quickly.
what="--as-of 9999-12-31"
start=$(date +%s)
statement_refused "$what" \
    "^owed: $sample:15: from the first disbursement on 2025-04-01 to 9999-12-31 is 2912717 days, which exceeds the limit of 36525 \\(OWED_MAX_DAYS\\)\$" \
    "$sample" --as-of=9999-12-31 -r cn-private-2015
refused "$what (check)" "$OWED" check --as-of=9999-12-31 -r cn-private-2020 "$sample" &&
    err_matches "^owed: $sample:15: from the first disbursement on 2025-04-01 to 9999-12-31 is 2912717 days, which exceeds the limit of 36525 \\(OWED_MAX_DAYS\\)\$"
elapsed=$(($(date +%s) - start))
[ "$elapsed" -le 10 ] || fail "$what: took $elapsed s"

# A case of the years 9999: the last day of the calendar is replayed without harm.
cat >"$tmp/end.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<case xmlns="urn:owed:case:1" currency="CNY" as-of="9999-12-31">
  <loan id="L1" contracted="9999-11-01" principal="1000.00" due="9999-12-31">
    <interest rate="0.1%" per="day" basis="actual"/>
    <fee name="daily" amount="1.00" at="daily" until="repaid"/>
    <overdue rate="0.05%" per="day" on="principal+interest"/>
    <late-fee amount="5.00" per="day"/>
  </loan>
  <payment date="9999-12-31" amount="10.00"/>
  <claim date="9999-12-31" by="lender" total="2000.00"/>
</case>
XML
what="the last day of the calendar"
run "$what" 1 "$OWED" check -r cn-private-2015 -r cn-private-2020 "$tmp/end.xml"
run "$what (statement)" 0 "$OWED" statement -x -r cn-private-2015 "$tmp/end.xml"

# ---- regime files ------------------------------------------------------------------------
what="a regime that contradicts itself"
statement_refused "$what" \
    "^owed: tests/regimes/overlap.xml:11: this cap period overlaps the one on line 6" \
    "$sample" -r tests/regimes/overlap.xml
what="a regime with a DOCTYPE"
statement_refused "$what" \
    "^owed: tests/hostile/regime/xxe.xml:2: a DOCTYPE declaration is not allowed" \
    "$sample" -r tests/hostile/regime/xxe.xml

# ---- output that cannot be written -------------------------------------------------------
rm -rf "$tmp/o"
mkdir "$tmp/o"
echo "keep me" >"$tmp/o/file"
what="-o under a regular file"
refused "$what" "$OWED" statement -o "$tmp/o/file/out.txt" "$sample" &&
    err_matches "^owed: $tmp/o/file/out.txt: cannot create output: "
nothing_written "$tmp/o" file
what="-o in a directory that does not exist"
refused "$what" "$OWED" statement -o "$tmp/o/no/such/dir/out.txt" "$sample"
nothing_written "$tmp/o" file
what="-o naming a directory"
mkdir "$tmp/o/dir"
refused "$what" "$OWED" statement -o "$tmp/o/dir" "$sample"
nothing_written "$tmp/o" file dir
[ -z "$(ls -A "$tmp/o/dir")" ] || fail "$what: something was written in the directory"
what="-o in a directory that cannot be written"
chmod 555 "$tmp/o/dir"
if [ -w "$tmp/o/dir" ]; then
    # root writes anywhere: /proc refuses new files even to root
    refused "$what" "$OWED" statement -o /proc/owed-hostile-test.txt "$sample" &&
        err_matches '^owed: /proc/owed-hostile-test.txt: cannot create output: '
else
    refused "$what" "$OWED" statement -o "$tmp/o/dir/out.txt" "$sample" &&
        err_matches "^owed: $tmp/o/dir/out.txt: cannot create output: "
fi
chmod 755 "$tmp/o/dir"
nothing_written "$tmp/o" file dir
[ "$(cat "$tmp/o/file")" = "keep me" ] || fail "$what: an existing file was changed"

# ---- limits from the environment ---------------------------------------------------------
for bad in abc 0 -5 " 12" 12x 99999999999999999999; do
    what="OWED_MAX_DAYS='$bad'"
    refused "$what" env OWED_MAX_DAYS="$bad" "$OWED" validate "$sample" &&
        err_matches "^owed: OWED_MAX_DAYS='$bad' is not a whole number from 1 to 3652059\$"
done
what="OWED_MAX_INPUT_BYTES=100"
refused "$what" env OWED_MAX_INPUT_BYTES=100 "$OWED" validate "$sample" &&
    err_matches "^owed: $sample: the file is larger than the limit of 100 bytes \\(OWED_MAX_INPUT_BYTES\\)\$"
what="OWED_MAX_INPUT_BYTES=100 on a regime"
refused "$what" env OWED_MAX_INPUT_BYTES=100 "$OWED" statement -r cn-private-2015 "$sample" &&
    err_matches "cn-private-2015.xml: the file is larger than the limit of 100 bytes \\(OWED_MAX_INPUT_BYTES\\)\$"
what="OWED_MAX_DIGITS=3"
refused "$what" env OWED_MAX_DIGITS=3 "$OWED" validate "$sample" &&
    err_matches "^owed: $sample:14: attribute 'principal': amount '500000...' has 6 digits, which exceeds the limit of 3 \\(OWED_MAX_DIGITS\\)\$"
what="OWED_MAX_DIGITS=60"
printf '%s\n<loan id="L1" contracted="2024-01-01" principal="12345678901234567890123456789012345678901234567890.00" due="2024-02-01"/>\n</case>\n' \
    "$head" >"$tmp/fifty.xml"
refused "$what (default)" "$OWED" validate "$tmp/fifty.xml"
run "$what" 0 env OWED_MAX_DIGITS=60 "$OWED" validate "$tmp/fifty.xml"
what="OWED_MAX_DAYS=100"
refused "$what" env OWED_MAX_DAYS=100 "$OWED" validate "$sample" &&
    err_matches "^owed: $sample:15: from the first disbursement on 2025-04-01 to 2025-08-31 is 152 days, which exceeds the limit of 100 \\(OWED_MAX_DAYS\\)\$"
run "OWED_MAX_DAYS=152" 0 env OWED_MAX_DAYS=152 "$OWED" statement "$sample"
what="OWED_MAX_EVENTS=3"
refused "$what" env OWED_MAX_EVENTS=3 "$OWED" validate "$sample" &&
    err_matches "^owed: $sample:29: the case has 5 payments, extensions, charges and claims, which exceeds the limit of 3 \\(OWED_MAX_EVENTS\\)\$"
what="OWED_MAX_LOANS=1"
refused "$what" env OWED_MAX_LOANS=1 "$OWED" validate "$sample" &&
    err_matches "^owed: $sample:22: the case has 2 loans, which exceeds the limit of 1 \\(OWED_MAX_LOANS\\)\$"
what="OWED_MAX_LOAN_DAYS=1000"
OWED_MAX_LOAN_DAYS=1000
export OWED_MAX_LOAN_DAYS
statement_refused "$what" \
    "^owed: $sample: replaying the case takes [0-9]+ loan-days .* which exceeds the limit of 1000 \\(OWED_MAX_LOAN_DAYS\\)\$" \
    "$sample"
run "$what (validate reads only)" 0 "$OWED" validate "$sample"
unset OWED_MAX_LOAN_DAYS

# ---- order in the file does not matter -----------------------------------------------------
# The same facts, sorted and out of order (loans among loans, which the schema puts first,
# and events of different days among events): the same
# figures for every loan, in both views.  Loans are listed in file order, so each loan's
# paragraph is compared, and the claim line numbers are left out.
cat >"$tmp/sorted.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<case xmlns="urn:owed:case:1" currency="CNY" as-of="2024-09-30">
  <loan id="A" contracted="2024-01-01" principal="1000.00" due="2024-02-01">
    <interest rate="0.1%" per="day"/>
    <overdue rate="0.05%" per="day" on="principal+interest"/>
  </loan>
  <loan id="B" contracted="2024-01-10" principal="2000.00" due="2024-02-01">
    <disbursement date="2024-01-10" amount="1800.00"/>
    <interest rate="24%" per="year" basis="actual"/>
    <fee name="service" amount="50.00" at="maturity"/>
  </loan>
  <loan id="C" contracted="2024-01-10" principal="500.00" due="2024-02-01">
    <late-fee amount="1.00" per="day"/>
  </loan>
  <payment date="2024-02-15" amount="333.33"/>
  <extension date="2024-03-01" loan="C" due="2024-04-01" fee="10.00"/>
  <payment date="2024-03-10" amount="700.01"/>
  <charge date="2024-04-05" loan="A" component="cost" amount="20.00" kind="collection"/>
  <payment date="2024-05-01" amount="1000.00" loan="B"/>
  <payment date="2024-06-01" amount="4000.00"/>
  <claim date="2024-09-30" by="collector" total="100.00"/>
</case>
XML
cat >"$tmp/shuffled.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<case xmlns="urn:owed:case:1" currency="CNY" as-of="2024-09-30">
  <loan id="C" contracted="2024-01-10" principal="500.00" due="2024-02-01">
    <late-fee amount="1.00" per="day"/>
  </loan>
  <loan id="B" contracted="2024-01-10" principal="2000.00" due="2024-02-01">
    <disbursement date="2024-01-10" amount="1800.00"/>
    <interest rate="24%" per="year" basis="actual"/>
    <fee name="service" amount="50.00" at="maturity"/>
  </loan>
  <loan id="A" contracted="2024-01-01" principal="1000.00" due="2024-02-01">
    <interest rate="0.1%" per="day"/>
    <overdue rate="0.05%" per="day" on="principal+interest"/>
  </loan>
  <payment date="2024-06-01" amount="4000.00"/>
  <charge date="2024-04-05" loan="A" component="cost" amount="20.00" kind="collection"/>
  <payment date="2024-03-10" amount="700.01"/>
  <claim date="2024-09-30" by="collector" total="100.00"/>
  <payment date="2024-05-01" amount="1000.00" loan="B"/>
  <extension date="2024-03-01" loan="C" due="2024-04-01" fee="10.00"/>
  <payment date="2024-02-15" amount="333.33"/>
</case>
XML
what="loans and events out of order"
for f in sorted shuffled; do
    run "$what ($f)" 0 "$OWED" statement -x --no-ledger -r cn-private-2015 -r cn-private-2020 "$tmp/$f.xml" &&
        # one record per paragraph, the case file name and case lines left out, sorted
        sed -e '/^Case file:/d' -e 's/case line [0-9]*/case line N/' "$tmp/out" |
        awk 'BEGIN { RS = ""; ORS = "\n\n" } { print }' |
            awk 'BEGIN { RS = ""; FS = "\n" } { gsub(/\n/, "\\n"); print }' | sort >"$tmp/$f.paras"
    run "$what ($f, check)" 1 "$OWED" check -r cn-private-2015 "$tmp/$f.xml" &&
        sed "s|^$tmp/$f.xml:[0-9]*: ||" "$tmp/out" | sort >"$tmp/$f.check"
done
cmp -s "$tmp/sorted.paras" "$tmp/shuffled.paras" || {
    fail "$what: the statements differ:"
    diff "$tmp/sorted.paras" "$tmp/shuffled.paras" | cut -c1-200 | head -10
}
cmp -s "$tmp/sorted.check" "$tmp/shuffled.check" || {
    fail "$what: the findings differ:"
    diff "$tmp/sorted.check" "$tmp/shuffled.check" | head -10
}

# ---- a label cannot forge a line of the statement ------------------------------------------
printf '%s\n<loan id="L1" contracted="2024-01-01" principal="1000.00" due="2024-02-01">\n<fee name="fee&#10;  Balance per contract, 2024-06-01       0.00" amount="5.00" at="maturity"/>\n</loan>\n</case>\n' \
    "$head" >"$tmp/label.xml"
what="a fee name with a newline"
run "$what" 0 "$OWED" statement "$tmp/label.xml" &&
    if grep -q '^  Balance per contract, 2024-06-01       0.00' "$tmp/out"; then
        fail "$what: the name started a line of its own"
    fi

# ---- an error message is one line whatever the input -----------------------------------------
what="a newline in an option's value"
refused "$what" "$OWED" statement --as-of="2024
owed: forged.xml:1: all is well" "$sample" &&
    err_matches "^owed: --as-of: '2024\\?owed: forged.xml:1: all is well' is not a date"

echo "$count hostile runs, $failures failures"
[ "$failures" -eq 0 ] || exit 1
exit 0
