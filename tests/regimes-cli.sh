#!/bin/sh
# `owed regimes`: the list of shipped regimes, `show` of a shipped regime and of a user's
# file, exit statuses, and errors as FILE:LINE.  Fixtures: tests/regimes/*.xml.
set -u
: "${OWED:?}" "${top_srcdir:?}" "${OWED_DATADIR:?}"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
fixtures="$top_srcdir/tests/regimes"

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
stderr_is() { # expected description
    if [ "$(cat "$tmp/stderr")" != "$1" ]; then
        echo "FAIL: $2: stderr was:" >&2; cat "$tmp/stderr" >&2
        echo "expected: $1" >&2
        fail=1
    fi
}
stdout_has() { # fixed-string description
    grep -qF -- "$1" "$tmp/stdout" || { echo "FAIL: $2: no '$1' in output" >&2; fail=1; }
}
stdout_line() { # whole-line description
    grep -qxF -- "$1" "$tmp/stdout" || { echo "FAIL: $2: no line '$1' in output" >&2; fail=1; }
}

# --help and usage errors
expect 0 "regimes --help" "$OWED" regimes --help
stdout_has "Usage: owed regimes [list]" "--help"
stdout_has "Exit status:" "--help"
expect 2 "unknown option" "$OWED" regimes --bogus
stderr_is "owed: unknown option '--bogus'
Try 'owed regimes --help' for more information." "unknown option"
expect 2 "unknown action" "$OWED" regimes frob
stderr_is "owed: unknown action 'frob' (use 'list' or 'show')
Try 'owed regimes --help' for more information." "unknown action"
expect 2 "show without an argument" "$OWED" regimes show
expect 2 "show with two arguments" "$OWED" regimes show cn-licensed cn-private-2015
expect 2 "list with an argument" "$OWED" regimes list cn-licensed

# list: grouped by country, one indented line per shipped regime, sorted: id, the dates it
# governs (from its scope), English, Chinese and Japanese titles
expect 0 "regimes list" "$OWED" regimes list
[ -s "$tmp/stderr" ] && { echo "FAIL: list wrote to stderr" >&2; cat "$tmp/stderr" >&2; fail=1; }
ids=$(awk '/^  [a-z0-9]/ { print $1 }' "$tmp/stdout" | tr '\n' ' ')
[ "$ids" = "cn-cash-loan-2017 cn-licensed cn-private-1991 cn-private-1991-6m cn-private-2015 cn-private-2015-strict cn-private-2020 cn-private-2020-withheld-charge gb-fca-hcstc jp-interest-rate-act jp-interest-rate-act-basic-contract jp-interest-rate-act-business jp-interest-rate-act-by-day jp-interest-rate-act-exact us-ca-deferred-deposit us-co-deferred-deposit us-il-plpa us-mla us-oh-short-term-loan " ] ||
    { echo "FAIL: list ids: $ids" >&2; fail=1; }
groups=$(grep -v '^ ' "$tmp/stdout" | grep . | tr '\n' '|')
[ "$groups" = "China (CN):|United Kingdom (GB):|Japan (JP):|United States (US):|" ] || { echo "FAIL: list groups: $groups" >&2; fail=1; }
stdout_has "  cn-private-2020                  [suits filed from 2020-08-20]  China, private lending, SPC provisions 2020/2021: 4 x one-year LPR  民间借贷" "list line"
stdout_has "  cn-private-2015                  [suits filed from 2015-09-01 until 2020-08-19]  China" "list dates (filed)"
stdout_has "  cn-cash-loan-2017                [loans formed from 2017-12-01]" "list dates (formed)"
stdout_has "  cn-licensed                      [any date]" "list dates (none)"
stdout_has "  us-oh-short-term-loan   [loans formed from 2019-04-27]  United States, Ohio" "list US line"
stdout_has "  gb-fca-hcstc  [loans formed from 2015-01-02]  United Kingdom" "list UK line"
stdout_has "Japan, Interest Rate Restriction Act recalculation: 20 / 18 / 15 % by principal  日本《利息限制法》重新计算：按本金年20%／18%／15%  利息制限法による引き直し計算" "list Japanese title"
expect 0 "regimes (list by default)" "$OWED" regimes
[ "$(grep -c '^  [a-z0-9]' "$tmp/stdout")" -eq 19 ] || { echo "FAIL: default list" >&2; fail=1; }

# show a shipped regime: periods, bands, effects, citations, the table
expect 0 "show cn-private-2015" "$OWED" regimes show cn-private-2015
stdout_has "cn-private-2015: China, private lending" "show title"
stdout_has "Jurisdiction: CN" "show jurisdiction"
stdout_has "up to 24%: enforceable" "2015 band 1"
stdout_has "up to 36%: retained-if-paid" "2015 band 2"
stdout_has "above: void" "2015 above"
stdout_has "cite: 法释〔2015〕18号, art. 26(1), 2015-09-01 [Q; JUDG-LZJ LNM1]" "2015 citation"
stdout_has "cite: 民法典, art. 561, 2021-01-01 [P; LRB-CC]" "payment-order citation"
stdout_has "UNCONFIRMED" "unconfirmed marker"
stdout_has "Payment order: costs, charges, principal" "payment order"
expect 0 "show cn-private-2015-strict" "$OWED" regimes show cn-private-2015-strict
stdout_has "Variant of: cn-private-2015" "variant"
stdout_has "up to 36%: void" "strict band 2"
stdout_has "Amounts withheld at payout: not lent: outside the lawful view (withheld=\"not-lent\")" "withheld not lent"
expect 0 "show cn-private-2020-withheld-charge" "$OWED" regimes show cn-private-2020-withheld-charge
stdout_has "Variant of: cn-private-2020" "withheld variant"
stdout_has "Amounts withheld at payout: agreed charges, recoverable within the cap (withheld=\"charge\")" "withheld as charge"
expect 0 "show cn-private-2020" "$OWED" regimes show cn-private-2020
stdout_has "up to 4 x cn-lpr-1y (one-year LPR) on the formation date of the contract: enforceable" "2020 formation band"
stdout_has "up to 4 x cn-lpr-1y (one-year LPR) on the filing date of the suit" "2020 filing band"
stdout_has "accrual days: until 2020-08-19" "2020 transition"
stdout_has "complete until 2026-02-24" "table complete-until"
expect 0 "show cn-private-1991" "$OWED" regimes show cn-private-1991
stdout_has "up to 4 x cn-pboc-benchmark-1y (PBoC one-year benchmark lending rate) on the formation date of the contract: enforceable" "1991 band"
stdout_has "loans formed: before 2015-09-01" "1991 formation range"
stdout_has "cite: 最高人民法院关于人民法院审理借贷案件的若干意见, art. 6, 1991-08-13" "1991 citation"
stdout_has "cite: reading adopted by this program (the benchmark at formation; alternative: the benchmark on each accrual day) [D] UNCONFIRMED" "a reading of this program"
stdout_has "33 fixings from 1997-10-23 to 2015-10-24; complete until 2019-08-19" "benchmark table"
expect 0 "show cn-private-1991-6m" "$OWED" regimes show cn-private-1991-6m
stdout_has "Variant of: cn-private-1991" "six-month variant"
stdout_has "up to 4 x cn-pboc-benchmark-6m (PBoC six-month benchmark lending rate)" "six-month band"
stdout_has "3 fixings marked UNCONFIRMED" "six-month table"
expect 0 "show jp-interest-rate-act" "$OWED" regimes show jp-interest-rate-act
stdout_has "Jurisdiction: JP" "jp jurisdiction"
stdout_has "Statements: a recalculation sheet, one row per transaction" "jp sheet"
stdout_has "Day count: basis actual, count first-not-last, each period's lawful amounts rounded down to 1" "jp truncation"
stdout_line "    loans whose tier principal is at least 100000 and below 1000000" "jp tier"
stdout_line "    only the days after the loan's due date" "jp damages days"
stdout_has "up to 26.28%: enforceable" "jp damages 1.46 x 18 %"
stdout_has "Tier principal: the principal outstanding of every loan of the case after each advance" "jp art. 5"
stdout_line "  it never falls: the tier rate only steps down" "jp step down"
stdout_line "  5% for overpayments arising until 2020-03-31" "jp refund 5 %"
stdout_line "  3% for overpayments arising from 2020-04-01" "jp refund 3 %"
expect 0 "show jp-interest-rate-act-by-day" "$OWED" regimes show jp-interest-rate-act-by-day
stdout_line "  5% for the days until 2020-03-31" "jp by day"
expect 0 "show jp-interest-rate-act-basic-contract" "$OWED" regimes show jp-interest-rate-act-basic-contract
stdout_line "  applied to later advances, its interest first" "jp applied to advances"
expect 0 "show gb-fca-hcstc" "$OWED" regimes show gb-fca-hcstc
stdout_has "up to 292%: enforceable" "uk 0.8 % a day"
stdout_line "Charges outside the rate caps, limited together: late-fee" "uk default fees"
stdout_line "  at most 15" "uk £15"
stdout_line "Total cost cap: all charges of the case's loans together at most 100% of the first loan's principal" "uk 100 %"
expect 0 "show us-ca-deferred-deposit" "$OWED" regimes show us-ca-deferred-deposit
stdout_line "  at most 300/17% of the loan's principal" "ca 15 % of the check"
expect 0 "show us-oh-short-term-loan" "$OWED" regimes show us-oh-short-term-loan
stdout_line "Total cost cap: all charges of a loan at most 60% of its principal" "oh 60 %"
stdout_line "Charges limited in each month of a loan: periodic-fee" "oh monthly fee kinds"
stdout_line "  at most 30" "oh monthly fee, \$30"
stdout_line "  at most 10% of the loan's principal" "oh monthly fee, 10 %"
expect 0 "show us-ca-deferred-deposit, loan limits" "$OWED" regimes show us-ca-deferred-deposit
stdout_line "Loans the regime allows:" "ca loan limit"
stdout_line "  principal and fees at most 300" "ca check at most \$300"
stdout_line "  term at most 31 days" "ca at most 31 days"
expect 0 "show cn-licensed" "$OWED" regimes show cn-licensed
expect 0 "show cn-cash-loan-2017" "$OWED" regimes show cn-cash-loan-2017
stdout_has "loans formed: from 2017-12-01" "cash-loan formation range"

# show a user's file (by path) and errors in user files
expect 0 "show a user file" "$OWED" regimes show "$fixtures/user-ok.xml"
stdout_has "user-ok: A user's test regime" "user title"
stdout_has "up to 4 x cn-lpr-1y (one-year LPR) on each accrual day: enforceable" "user table band"
stdout_has "5% for overpayments arising until 2020-03-31" "user refund rate"
stdout_line "Day count: basis 360, count both" "user day count without rounding"
expect 0 "show a user file that rounds" "$OWED" regimes show "$fixtures/user-rounding.xml"
stdout_line "Day count: basis actual, count first-not-last, each period's lawful amounts rounded down to 1" "rounding truncate to the yen"
sed 's/rounding-unit="1"/rounding-unit="minor"/' "$fixtures/user-rounding.xml" >"$tmp/minor.xml"
expect 0 "show a user file that rounds to the minor unit" "$OWED" regimes show "$tmp/minor.xml"
stdout_has "each period's lawful amounts rounded down to the minor unit of the case's currency" "rounding to the minor unit"
expect 2 "overlapping periods" "$OWED" regimes show "$fixtures/overlap.xml"
stderr_is "owed: $fixtures/overlap.xml:11: this cap period overlaps the one on line 6: a loan and a day may fall under only one" "overlap error"
expect 2 "overlapping tiers" "$OWED" regimes show "$fixtures/tier-overlap.xml"
stderr_is "owed: $fixtures/tier-overlap.xml:11: this cap period overlaps the one on line 6: a loan and a day may fall under only one" "tier overlap error"
expect 0 "tiers side by side" "$OWED" regimes show "$fixtures/tiers-ok.xml"
stdout_line "    loans whose tier principal is below 100000" "tier below"
stdout_line "    only the days up to the loan's due date" "days to the due date"
stdout_line "  at most 15" "charge limit"
stdout_line "Total cost cap: all charges of a loan at most 100% of its principal" "total cap"
expect 2 "an empty charge limit" "$OWED" regimes show "$fixtures/limit-empty.xml"
stderr_is "owed: $fixtures/limit-empty.xml:22: a <charge-limit> needs amount or share" "empty limit error"
expect 2 "an empty period limit" "$OWED" regimes show "$fixtures/period-limit-empty.xml"
stderr_is "owed: $fixtures/period-limit-empty.xml:22: a <period-limit> needs amount or share" "empty period limit error"
expect 2 "an empty loan limit" "$OWED" regimes show "$fixtures/loan-limit-empty.xml"
stderr_is "owed: $fixtures/loan-limit-empty.xml:23: a <loan-limit> needs amount or term-days" "empty loan limit error"
sed 's|kinds="periodic-fee"|kinds="fee periodic-fee fee" amount="30"|' "$fixtures/period-limit-empty.xml" >"$tmp/twice.xml"
expect 2 "a kind listed twice" "$OWED" regimes show "$tmp/twice.xml"
stderr_is "owed: $tmp/twice.xml:22: 'fee' is listed twice" "kind listed twice"
expect 2 "a band without a citation" "$OWED" regimes show "$fixtures/no-cite.xml"
grep -q "^owed: $fixtures/no-cite.xml:8: not valid by the schema: " "$tmp/stderr" ||
    { echo "FAIL: schema error line" >&2; cat "$tmp/stderr" >&2; fail=1; }
expect 2 "unknown id" "$OWED" regimes show no-such-regime
grep -q "^owed: no regime 'no-such-regime' in " "$tmp/stderr" ||
    { echo "FAIL: unknown id message" >&2; cat "$tmp/stderr" >&2; fail=1; }
expect 2 "missing file" "$OWED" regimes show "$tmp/missing.xml"
grep -q "^owed: $tmp/missing.xml: cannot open" "$tmp/stderr" ||
    { echo "FAIL: missing file message" >&2; cat "$tmp/stderr" >&2; fail=1; }

# Which regime applies (issue 10): a loan formed and sued in 2023.  Under cn-private-2015,
# which governs suits filed before 2020-08-20, a warning in the statement and on stderr;
# --regime=auto picks cn-private-2020 and says why; so does the statement by default, since
# the case gives a filing date; a licensed lender makes auto pick cn-licensed.
cat >"$tmp/c2023.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<case xmlns="urn:owed:case:1" currency="CNY" as-of="2023-09-01" filed="2023-09-01">
  <loan id="L" contracted="2023-01-10" principal="10000.00" due="2023-04-10">
    <interest rate="2%" per="month"/>
  </loan>
</case>
XML
expect 0 "statement -r cn-private-2015 on a 2023 suit" \
    "$OWED" statement --no-ledger -r cn-private-2015 "$tmp/c2023.xml"
stderr_is "owed: $tmp/c2023.xml: warning: cn-private-2015 does not govern loan L: the suit was filed on 2023-09-01, on or after 2020-08-20, when this regime no longer applies" \
    "warning on stderr"
stdout_has "WARNING: cn-private-2015 does not govern loan L: the suit was filed on 2023-09-01, on or after 2020-08-20" \
    "warning in the statement"
expect 0 "check -r cn-private-2015 on a 2023 suit (2 % a month is within 24 %)" \
    "$OWED" check -r cn-private-2015 "$tmp/c2023.xml"
grep -qF "warning: cn-private-2015 does not govern loan L" "$tmp/stderr" ||
    { echo "FAIL: check warning" >&2; fail=1; }
for how in "-r auto" ""; do
    # shellcheck disable=SC2086
    expect 0 "statement $how on a 2023 suit" "$OWED" statement --no-ledger $how "$tmp/c2023.xml"
    stderr_is "" "no warning under the chosen regime ($how)"
    stdout_has "Regime: cn-private-2020 was chosen from the case (--regime=auto)" "auto picks 2020 ($how)"
    stdout_has "it governs suits filed on or after 2020-08-20, and this suit was filed on 2023-09-01" \
        "auto says why ($how)"
done
expect 0 "statement --format=xml -r auto" "$OWED" statement --format=xml -r auto "$tmp/c2023.xml"
grep -q '<regime id="cn-private-2020" .*chosen="true"' "$tmp/stdout" ||
    { echo "FAIL: XML marks the chosen regime" >&2; fail=1; }
stdout_has "<chosen-because>cn-private-2020 was chosen from the case" "XML says why"
sed 's|<loan id="L"|<lender kind="licensed"/><loan id="L"|' "$tmp/c2023.xml" >"$tmp/lic.xml"
expect 0 "auto, licensed lender" "$OWED" statement --no-ledger "$tmp/lic.xml"
stdout_has "Regime: cn-licensed was chosen from the case" "auto picks cn-licensed"
expect 0 "cn-private-2020 for a licensed lender" "$OWED" statement --no-ledger -r cn-private-2020 "$tmp/lic.xml"
stderr_is "owed: $tmp/lic.xml: warning: cn-private-2020 does not govern loan L: this regime does not cover a lender of the kind 'licensed'" \
    "lender warning"
# a case that says nothing of filing or lender: no regime unless asked
sed 's| filed="2023-09-01"||' "$tmp/c2023.xml" >"$tmp/nofiled.xml"
expect 0 "no default regime" "$OWED" statement --no-ledger "$tmp/nofiled.xml"
grep -q "Lawful view" "$tmp/stdout" && { echo "FAIL: a regime without asking" >&2; fail=1; }
expect 2 "auto twice" "$OWED" statement -r auto -r auto "$tmp/c2023.xml"
stderr_is "owed: --regime=auto given twice" "auto twice"

# auto chooses among the regimes of the case's currency's country: a case in yen by the
# Japanese act (not by a Chinese regime its dates fit); a case in pounds by none (the UK
# regime is not chosen automatically): the contract view alone, with a warning
expect 0 "auto, a case in yen" "$OWED" statement --no-ledger "$top_srcdir/samples/jp-overpayment-claim.xml"
stdout_has "Regime: jp-interest-rate-act was chosen from the case" "auto picks the Japanese act for JPY"
grep -q "cn-private" "$tmp/stdout" && { echo "FAIL: a Chinese regime for a case in yen" >&2; fail=1; }
expect 0 "auto by default, a case in pounds" "$OWED" statement --no-ledger "$top_srcdir/samples/gb-payday-refinanced.xml"
grep -q "warning: no shipped regime governs every loan of the case.*the statement shows the contract view only" "$tmp/stderr" ||
    { echo "FAIL: no warning for a case in pounds:" >&2; cat "$tmp/stderr" >&2; fail=1; }
grep -q "Lawful view\|cn-private" "$tmp/stdout" && { echo "FAIL: a regime for a case in pounds" >&2; fail=1; }
expect 2 "-r auto, a case in pounds" "$OWED" statement -r auto "$top_srcdir/samples/gb-payday-refinanced.xml"

# California's limits on the transaction (Fin. Code 23035): a $340 loan with a $45 fee (a
# $385 check) for 40 days breaks both, each a finding with its citation, exit 1; the
# sample's $255 + $45 = $300 for 14 days breaks neither
cat >"$tmp/ca.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<case xmlns="urn:owed:case:1" currency="USD" as-of="2021-07-11">
  <loan id="D" contracted="2021-06-01" principal="340.00" term-days="40">
    <fee name="deferred deposit fee" amount="45.00" at="maturity"/>
  </loan>
</case>
EOF
expect 1 "check, a California check above \$300 for 40 days" \
    "$OWED" check -r us-ca-deferred-deposit "$tmp/ca.xml"
stdout_line "$tmp/ca.xml:3: loan D: principal and fees 385.00 exceed the 300.00 that us-ca-deferred-deposit allows (California Financial Code, art. 23035)" "ca amount finding"
stdout_line "$tmp/ca.xml:3: loan D: a term of 40 days exceeds the 31 days that us-ca-deferred-deposit allows (California Financial Code, art. 23035)" "ca term finding"
expect 0 "statement XML of it" \
    "$OWED" statement --format=xml --no-ledger -r us-ca-deferred-deposit "$tmp/ca.xml"
stdout_has '<finding kind="loan-amount" regime="us-ca-deferred-deposit" loan="D" line="3">' "ca xml amount finding"
stdout_has '<finding kind="loan-term" regime="us-ca-deferred-deposit" loan="D" line="3" unit="days">' "ca xml term finding"
stdout_has '<term days="40" limit="31" exceeded="true"/>' "ca xml term"
# the brief must not tell the borrower that all is within the law
expect 0 "brief of it" "$OWED" statement --brief -r us-ca-deferred-deposit "$tmp/ca.xml"
stdout_has "The loan breaks a limit the law sets on the loan itself" "ca brief advice"
grep -q "within the legal caps" "$tmp/stdout" &&
    { echo "FAIL: ca brief: says the charges are within the legal caps" >&2; fail=1; }
expect 0 "check, the California sample" \
    "$OWED" check -r us-ca-deferred-deposit "$top_srcdir/samples/us-ca-payday.xml"
mkdir "$tmp/book" && cp "$tmp/ca.xml" "$tmp/book/"
expect 1 "batch, the California loan" "$OWED" batch -r us-ca-deferred-deposit "$tmp/book"
stdout_has ',above-cap,"California Financial Code, art. 23035",' "ca batch verdict and rule"

# Ohio's monthly maintenance fee: $40 a month on $500 cut to $30, shown with its citation
cat >"$tmp/oh.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<case xmlns="urn:owed:case:1" currency="USD" as-of="2020-04-01">
  <loan id="O" contracted="2020-02-01" principal="500.00" due="2020-04-01">
    <fee name="maintenance fee" amount="40.00" at="period" every-days="30"/>
  </loan>
</case>
EOF
expect 0 "statement, Ohio's monthly fee" "$OWED" statement --no-ledger -r us-oh-short-term-loan "$tmp/oh.xml"
stdout_line "    Limit on charges each month                  30.00" "oh monthly limit row"
stdout_line "    Cut by the monthly limit                     20.00" "oh cut row"
stdout_has "[reading adopted by this program (a month of the loan counted from its first disbursement" "oh month reading cited"
expect 1 "check, Ohio's monthly fee" "$OWED" check -r us-oh-short-term-loan "$tmp/oh.xml"
stdout_line "$tmp/oh.xml:3: loan O: contract charges 80.00 exceed the lawful 60.00 under us-oh-short-term-loan by 20.00" "oh finding"

# a data directory without regimes
# Japan, art. 4 before and after the amendment of 1999 (Act No. 155 of 1999, in force
# 2000-06-01; its supplementary provisions, art. 4, keep the multiple 2 for loans made
# before): 500,000 yen at 18 %, due 2000-12-31, damages agreed at 50 %, as of 2001-12-31.
#  - made 1999-12-31: interest 1999-12-31..2001-01-01 is 500000 x 18 % x (1/365 + 366/366)
#    = 90246.57 -> 90246 (truncated); damages 2001-01-01..2001-12-31 at 2 x 18 % = 36 %:
#    500000 x 36 % x 364/365 = 179506.85 -> 179506; enforceable 269752.
#  - made 2000-06-01: interest 500000 x 18 % x 214/366 = 52622.95 -> 52622; damages at
#    1.46 x 18 % = 26.28 %: 500000 x 26.28 % x 364/365 = 131040; enforceable 183662.
for made in 1999-12-31 2000-06-01; do
    cat >"$tmp/jp-$made.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<case xmlns="urn:owed:case:1" currency="JPY" as-of="2001-12-31">
  <loan id="A" contracted="$made" principal="500000" due="2000-12-31">
    <disbursement date="$made" amount="500000"/>
    <interest rate="18%" per="year" basis="365"/>
    <overdue rate="50%" per="year" on="principal"/>
  </loan>
</case>
EOF
done
expect 0 "jp loan made before 2000-06-01" "$OWED" statement -r jp-interest-rate-act "$tmp/jp-1999-12-31.xml"
stdout_has "2001-01-01..2001-12-31: enforceable up to 36% a year" "jp damages 2 x 18 % before 2000-06-01"
stdout_line "    Enforceable charges                         269752" "jp 2 x before 2000-06-01"
expect 0 "jp loan made on 2000-06-01" "$OWED" statement -r jp-interest-rate-act "$tmp/jp-2000-06-01.xml"
stdout_has "2001-01-01..2001-12-31: enforceable up to 26.28% a year" "jp damages 1.46 x 18 % from 2000-06-01"
stdout_line "    Enforceable charges                         183662" "jp 1.46 x from 2000-06-01"

expect 2 "list without data" env OWED_DATADIR="$tmp/none" "$OWED" regimes list
grep -q "^owed: $tmp/none/regimes: cannot read the directory" "$tmp/stderr" ||
    { echo "FAIL: no data directory message" >&2; cat "$tmp/stderr" >&2; fail=1; }

exit $fail
