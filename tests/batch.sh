#!/bin/sh
# owed import and owed batch (issue 14):
#  - a book written by hand imports to a case whose statements (XML, text, CSV) are those of
#    the same case written by hand (tests/books/hand.xml), and the case validates;
#  - on a generated book of 300 loans, every batch row has the figures of the statement and
#    the verdict of `owed check` of that borrower's imported case, run one by one;
#  - -j 1 and -j 2 write the same bytes; a directory of the imported cases gives the same rows;
#  - a bad row is reported with its file and line, its borrower's loans marked as errors, the
#    rest of the book unchanged; rows out of order stop the book; exit statuses 0, 1, 2.
set -u
: "${OWED:?}" "${top_srcdir:?}"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 77; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
d="$top_srcdir/tests/books"

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

# ---- import of a hand-written book: the same statements as the hand-written case
expect 0 "import of the hand book" "$OWED" import -o "$tmp/hand.xml" "$d/hand-terms.csv" "$d/hand-events.csv"
expect 0 "validate the imported case" "$OWED" validate "$tmp/hand.xml"
for f in xml text csv; do
    # the case file's name and title differ; nothing else may
    "$OWED" statement --format=$f "$d/hand.xml" 2>&1 |
        grep -v 'case-file=\|<title>\|^Case file:\|^Two loans\|hand\.xml' >"$tmp/want.$f"
    "$OWED" statement --format=$f "$tmp/hand.xml" 2>&1 |
        grep -v 'case-file=\|<title>\|^Case file:\|^Imported\|hand\.xml' >"$tmp/got.$f"
    if ! cmp -s "$tmp/want.$f" "$tmp/got.$f" || [ ! -s "$tmp/want.$f" ]; then
        echo "FAIL: the $f statement of the imported case differs from the hand-written one" >&2
        diff "$tmp/want.$f" "$tmp/got.$f" | head -20 >&2
        fail=1
    fi
done

# the hand book names its lender kind and filing date: with no --regime, batch chooses the
# regime as statement does (cn-private-2020; the figures of its text statement)
expect 1 "batch of the hand book, regime chosen" "$OWED" batch -j 1 "$d/hand-terms.csv" "$d/hand-events.csv"
tr -d '\r' <"$tmp/stdout" | grep -q '^王小明,W2,CNY,cn-private-2020,2700.00,744.97,2826.15,1655.33,826.22,0.00,.*,above-cap,"contracts formed on or after 2020-08-20: 4 x one-year LPR at formation \[法释〔2020〕17号, art. 25, 2021-01-01\]",$' ||
    { echo "FAIL: the hand book's row of W2:" >&2; cat "$tmp/stdout" >&2; fail=1; }

# ---- a generated book, audited in bulk and one by one
python3 "$top_srcdir/bench/gen-book.py" --loans 300 --seed 7 "$tmp/t.csv" "$tmp/e.csv" >/dev/null ||
    { echo "FAIL: gen-book.py" >&2; exit 1; }
expect 1 "batch -j 1 (caps exceeded)" "$OWED" batch -j 1 -r cn-private-2020 "$tmp/t.csv" "$tmp/e.csv"
cp "$tmp/stdout" "$tmp/b1.csv"
[ -s "$tmp/stderr" ] && { echo "FAIL: batch wrote on a standard error that is no terminal:" >&2; cat "$tmp/stderr" >&2; fail=1; }
expect 1 "batch -j 2" "$OWED" batch -j 2 -r cn-private-2020 -o "$tmp/b2.csv" "$tmp/t.csv" "$tmp/e.csv"
cmp -s "$tmp/b1.csv" "$tmp/b2.csv" || { echo "FAIL: -j 1 and -j 2 differ" >&2; diff "$tmp/b1.csv" "$tmp/b2.csv" | head >&2; fail=1; }
rows=$(($(wc -l <"$tmp/b1.csv") - 1))
[ "$rows" -eq 300 ] || { echo "FAIL: $rows rows for 300 loans" >&2; fail=1; }

mkdir "$tmp/cases" "$tmp/st"
cut -d, -f1 "$tmp/t.csv" | sed 1d | uniq >"$tmp/borrowers"
while read -r b; do
    "$OWED" import -b "$b" -o "$tmp/cases/$b.xml" "$tmp/t.csv" "$tmp/e.csv" || { echo "FAIL: import $b" >&2; fail=1; }
    "$OWED" statement --format=xml -r cn-private-2020 "$tmp/cases/$b.xml" >"$tmp/st/$b.xml" 2>/dev/null ||
        { echo "FAIL: statement $b" >&2; fail=1; }
    "$OWED" check -r cn-private-2020 "$tmp/cases/$b.xml" >"$tmp/st/$b.check" 2>/dev/null
    echo $? >"$tmp/st/$b.status"
done <"$tmp/borrowers"
expect 0 "validate every imported case" "$OWED" validate "$tmp"/cases/*.xml

python3 - "$tmp/b1.csv" "$tmp/st" <<'PY' || fail=1
import csv, os, re, sys
import xml.etree.ElementTree as ET
from fractions import Fraction
ns = {"s": "urn:owed:statement:1"}

def rounded(exact):
    q = Fraction(exact) * 100
    n = (abs(q.numerator) * 2 + q.denominator) // (2 * q.denominator)  # half away from zero
    n = -n if q < 0 else n
    return "%s%d.%02d" % ("-" if n < 0 else "", abs(n) // 100, abs(n) % 100)

def fig(el, path):
    return Fraction(el.find(path, ns).get("exact"))

def rate(loan):
    r = loan.find("s:cost/s:rate[@method='xirr']", ns)
    if r is None:
        return ""
    roots = ["%s%%" % x.get("percent") for x in r.findall("s:root", ns)]
    return {"one-root": lambda: roots[0], "no-root": lambda: "none"}.get(
        r.get("outcome"), lambda: "several:" + ";".join(roots))()

rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
by_borrower = {}
for row in rows:
    by_borrower.setdefault(row["borrower"], []).append(row)
bad = 0
checked = 0
for b, brows in by_borrower.items():
    st = ET.parse(os.path.join(sys.argv[2], b + ".xml")).getroot()
    loans = {l.get("id"): l for l in st.findall("s:loan", ns)}
    found = {}
    for line in open(os.path.join(sys.argv[2], b + ".check"), encoding="utf-8"):
        m = re.search(r"loan (\S+): contract charges \S+ exceed the lawful \S+ under \S+ by (\S+)$", line)
        if m:
            found[m.group(1)] = m.group(2)
    status = int(open(os.path.join(sys.argv[2], b + ".status")).read())
    if status != (1 if any(r["verdict"] == "above-cap" for r in brows) else 0):
        print("FAIL: %s: owed check exits %d" % (b, status)); bad += 1
    for r in brows:
        l = loans[r["loan"]]
        lw = l.find("s:lawful[@regime='cn-private-2020']", ns)
        want = {
            "delivered": rounded(fig(l, "s:contract/s:delivered")),
            "paid": rounded(fig(l, "s:contract/s:payments")),
            "contract_balance": rounded(fig(l, "s:contract/s:balance")),
            "lawful_balance": rounded(fig(lw, "s:balance")),
            "overcharge": rounded(fig(lw, "s:above-cap")),
            "refund_due": rounded(fig(lw, "s:refund") + fig(lw, "s:refund-interest")),
            "annual_rate": rate(l),
            "verdict": "above-cap" if r["loan"] in found else "within-caps",
        }
        if r["loan"] in found and found[r["loan"]] != r["overcharge"]:
            print("FAIL: %s %s: check says above the cap by %s, batch %s"
                  % (b, r["loan"], found[r["loan"]], r["overcharge"])); bad += 1
        for k, v in want.items():
            checked += 1
            if r[k] != v:
                print("FAIL: %s %s %s: batch %r, statement %r" % (b, r["loan"], k, r[k], v))
                bad += 1
if checked < 300 * 8:
    print("FAIL: only %d figures compared" % checked); bad += 1
print("compared %d figures of %d loans, %d borrowers" % (checked, len(rows), len(by_borrower)))
sys.exit(1 if bad else 0)
PY

# ---- the progress line, on a terminal only (script(1) gives the program one)
if command -v script >/dev/null 2>&1; then
    script -qc "'$OWED' batch -j 2 -r cn-private-2020 -o '$tmp/b3.csv' '$tmp/t.csv' '$tmp/e.csv'" /dev/null \
        </dev/null >"$tmp/tty" 2>&1
    tr '\r' '\n' <"$tmp/tty" | grep -q '^owed batch: 300 loans, [0-9]* loans/s$' ||
        { echo "FAIL: no final progress line on a terminal:" >&2; cat "$tmp/tty" >&2; fail=1; }
    cmp -s "$tmp/b1.csv" "$tmp/b3.csv" || { echo "FAIL: output differs on a terminal" >&2; fail=1; }
fi

# ---- a directory of case files gives the same rows
expect 1 "batch of a directory" "$OWED" batch -j 2 -r cn-private-2020 "$tmp/cases"
cmp -s "$tmp/b1.csv" "$tmp/stdout" || { echo "FAIL: batch DIR differs from batch TERMS EVENTS" >&2; diff "$tmp/b1.csv" "$tmp/stdout" | head >&2; fail=1; }

# a directory's other files are left out; a case file that cannot be read is one error row
# (the file's name, its line) and the others go on; an empty directory is the header alone
mkdir "$tmp/cases2" "$tmp/empty"
for f in "$tmp"/cases/*.xml; do ln -s "$f" "$tmp/cases2/"; done
echo 'not a case' >"$tmp/cases2/notes.txt"
echo '<case>' >"$tmp/cases2/.hidden.xml"
printf '<case>\n' >"$tmp/cases2/zz-broken.xml"
expect 2 "batch of a directory with a broken case" "$OWED" batch -j 2 -r cn-private-2020 "$tmp/cases2"
grep -v '^zz-broken.xml,' "$tmp/stdout" >"$tmp/rest"
cmp -s "$tmp/b1.csv" "$tmp/rest" || { echo "FAIL: batch DIR with a broken case: other rows differ" >&2; diff "$tmp/b1.csv" "$tmp/rest" | head >&2; fail=1; }
grep -q "^zz-broken.xml,,,,,,,,,,,error,,$tmp/cases2/zz-broken.xml:2: " "$tmp/stdout" ||
    { echo "FAIL: no error row for the broken case file:" >&2; grep error "$tmp/stdout" >&2; fail=1; }
[ "$(grep -c ',error,' "$tmp/stdout")" -eq 1 ] || { echo "FAIL: other files than *.xml read" >&2; grep error "$tmp/stdout" >&2; fail=1; }
expect 0 "batch of an empty directory" "$OWED" batch "$tmp/empty"
[ "$(cat "$tmp/stdout")" = "$(head -n 1 "$tmp/b1.csv")" ] || { echo "FAIL: empty directory: not the header alone" >&2; cat "$tmp/stdout" >&2; fail=1; }

# ---- a bad row: its borrower's loans are errors at the line; the rest goes on
awk -F, 'NR == 21 { $5 = "12x.00" } { print }' OFS=, "$tmp/t.csv" >"$tmp/tbad.csv"
bad_borrower=$(sed -n 21p "$tmp/t.csv" | cut -d, -f1)
for j in 1 2; do
    expect 2 "batch -j $j with a bad row" "$OWED" batch -j $j -r cn-private-2020 "$tmp/tbad.csv" "$tmp/e.csv"
    grep -q "^$bad_borrower,.*,error,,\"\?$tmp/tbad.csv:21: .*12x.00" "$tmp/stdout" ||
        { echo "FAIL: -j $j: no error row for line 21" >&2; grep error "$tmp/stdout" >&2; fail=1; }
    grep -v "^$bad_borrower," "$tmp/stdout" >"$tmp/rest"
    grep -v "^$bad_borrower," "$tmp/b1.csv" >"$tmp/rest1"
    cmp -s "$tmp/rest" "$tmp/rest1" || { echo "FAIL: -j $j: other borrowers changed by a bad row" >&2; fail=1; }
done
# rows out of order stop the book at the line
{ head -1 "$tmp/t.csv"; sed 1d "$tmp/t.csv" | sort -r; } >"$tmp/tsorted.csv"
expect 2 "rows out of order" "$OWED" batch -j 2 "$tmp/tsorted.csv" "$tmp/e.csv"
grep -q "^owed: $tmp/tsorted.csv:3: borrower '.*' comes after '.*': the rows must be sorted" "$tmp/stderr" ||
    { echo "FAIL: order error:" >&2; cat "$tmp/stderr" >&2; fail=1; }
expect 2 "unknown column" "$OWED" batch "$d/hand-events.csv" "$d/hand-events.csv"
grep -q "hand-events.csv:1: unknown column 'date'" "$tmp/stderr" || { echo "FAIL: unknown column message" >&2; cat "$tmp/stderr" >&2; fail=1; }
# exit 0: no finding (no interest, no fee: nothing above any cap)
printf 'borrower,loan,currency,contracted,principal,due,as_of\nA,A1,CNY,2024-01-01,100.00,2024-02-01,2024-03-01\n' >"$tmp/t0.csv"
printf 'borrower,loan,date,kind,amount\nA,A1,2024-02-01,payment,100.00\n' >"$tmp/e0.csv"
expect 0 "batch without a finding" "$OWED" batch -r cn-private-2020 "$tmp/t0.csv" "$tmp/e0.csv"
grep -q '^A,A1,CNY,cn-private-2020,100.00,100.00,0.00,0.00,0.00,0.00,.*,within-caps,,' "$tmp/stdout" ||
    { echo "FAIL: row without a finding:" >&2; cat "$tmp/stdout" >&2; fail=1; }
expect 2 "batch -j 0" "$OWED" batch -j 0 "$tmp/t0.csv" "$tmp/e0.csv"
expect 2 "batch --method=regz" "$OWED" batch --method=regz "$tmp/t0.csv" "$tmp/e0.csv"
expect 2 "import: several borrowers, none chosen" "$OWED" import "$tmp/t.csv" "$tmp/e.csv"
expect 2 "import: no such borrower" "$OWED" import -b nobody "$tmp/t.csv" "$tmp/e.csv"
# -o never replaces an input (issue 16): the book's own files are refused as outputs
cp "$tmp/t0.csv" "$tmp/t0-copy.csv"
expect 2 "import -o TERMS" "$OWED" import -o "$tmp/t0-copy.csv" "$tmp/t0-copy.csv" "$tmp/e0.csv"
grep -q "the output file is the input file" "$tmp/stderr" && cmp -s "$tmp/t0.csv" "$tmp/t0-copy.csv" ||
    { echo "FAIL: import -o its terms file" >&2; cat "$tmp/stderr" >&2; fail=1; }
expect 2 "batch -o EVENTS" "$OWED" batch -o "$tmp/e0.csv" "$tmp/t0.csv" "$tmp/e0.csv"
grep -q "the output file is the input file" "$tmp/stderr" ||
    { echo "FAIL: batch -o its events file" >&2; cat "$tmp/stderr" >&2; fail=1; }
expect 0 "import --help" "$OWED" import --help
expect 0 "batch --help" "$OWED" batch --help
exit $fail
