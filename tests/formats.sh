#!/bin/sh
# The statement formats from the command line (owed-statement(5), owed(1)):
#  - golden XML and CSV of each sample: tests/golden-formats/NAME.xml and NAME.csv are
#    `owed statement --format=xml|csv [-r ID]... samples/NAME.xml`, with the regime ids of
#    tests/golden-formats/NAME.regimes (one per line, when present), byte for byte, except
#    the generator-version attribute, which is masked; standard error empty, or as
#    tests/golden-formats/NAME.warnings says (warnings that a regime does not govern a loan);
#  - every XML output (each sample, with and without regimes, --as-of, --no-ledger)
#    validates against data/schema/statement.xsd, when xmllint is there ($XMLLINT from
#    configure, else xmllint on the PATH);
#  - every HTML output is well-formed: xmllint --html reports nothing but the names of the
#    inline SVG's elements, which its HTML 4 parser does not know;
#  - the CSV: a header row, CRLF line ends, the same number of fields on every row;
#  - options: unknown --format or --lang, -o into a directory that does not exist (nothing
#    is left behind), -o over an existing file (replaced whole).
# Run from the source tree so that file names in the output are relative and stable.
# To regenerate after a reviewed change: OWED_GOLDEN_UPDATE=1 make check TESTS=tests/formats.sh
set -u
: "${OWED:?}" "${top_srcdir:?}"
cd "$top_srcdir" || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
xmllint=${XMLLINT:-$(command -v xmllint || true)}
schema=data/schema/statement.xsd
count=0

failed() { echo "FAIL: $*" >&2; fail=1; }

mask() { sed 's/generator-version="[^"]*"/generator-version="VERSION"/' "$1"; }

compare() { # expected actual what
    count=$((count + 1))
    if [ "${OWED_GOLDEN_UPDATE:-}" = 1 ]; then
        cp "$2" "$1"
        return
    fi
    if [ ! -f "$1" ]; then
        failed "$3: no golden file $1"
    elif ! diff -u "$1" "$2"; then
        failed "$3"
    fi
}

validate_xml() { # file what
    [ -n "$xmllint" ] || return 0
    "$xmllint" --noout --schema "$schema" "$1" >"$tmp/lint" 2>&1 ||
        { cat "$tmp/lint" >&2; failed "$2: does not validate against $schema"; }
}

check_html() { # file what
    head -n 1 "$1" | grep -qx '<!DOCTYPE html>' || failed "$2: no HTML5 doctype"
    grep -qi '<script' "$1" && failed "$2: holds a script"
    grep -qiE '<(link|img|iframe|object|embed)[ >]' "$1" && failed "$2: refers to an asset"
    grep -qE ' src=' "$1" && failed "$2: refers to an asset"
    [ -n "$xmllint" ] || return 0
    "$xmllint" --html --noout "$1" >"$tmp/lint" 2>&1
    if grep -E '^[^ ].*: ' "$tmp/lint" |
        grep -vE 'HTML parser error : Tag (svg|g|line|polyline|rect|circle|text|desc|title) invalid$' |
        grep -q .; then
        cat "$tmp/lint" >&2
        failed "$2: not well-formed HTML"
    fi
}

check_csv() { # file what
    awk -v what="$2" '
        { if (substr($0, length($0)) != "\r") { print what ": line " NR " does not end in CRLF"; bad = 1 }
          line = substr($0, 1, length($0) - 1)
          # count the fields of one RFC 4180 record (no field spans lines here)
          n = 1; q = 0
          for (i = 1; i <= length(line); i++) {
              c = substr(line, i, 1)
              if (c == "\"") q = !q
              else if (c == "," && !q) n++
          }
          if (NR == 1) { fields = n; if (line !~ /^date,loan,view,event,component,amount,balance,/) { print what ": bad header"; bad = 1 } }
          else if (n != fields) { print what ": line " NR " has " n " fields, not " fields; bad = 1 } }
        END { if (NR < 1) { print what ": empty"; bad = 1 } exit bad }' "$1" >&2 ||
        failed "$2: not well-formed CSV"
}

for sample in samples/*.xml; do
    name=$(basename "$sample" .xml)
    regimes=""
    if [ -f "tests/golden-formats/$name.regimes" ]; then
        for id in $(cat "tests/golden-formats/$name.regimes"); do regimes="$regimes -r $id"; done
    fi
    for format in xml csv; do
        # shellcheck disable=SC2086
        "$OWED" statement --format=$format $regimes "$sample" >"$tmp/out" 2>"$tmp/err"
        st=$?
        if [ $st -ne 0 ]; then
            cat "$tmp/err" >&2
            failed "statement --format=$format $sample exited $st"
        fi
        # standard error holds nothing but the warnings of NAME.warnings (a regime used for
        # a loan it does not govern), the same in every format
        if [ -f "tests/golden-formats/$name.warnings" ] ||
            { [ "${OWED_GOLDEN_UPDATE:-}" = 1 ] && [ -s "$tmp/err" ]; }; then
            compare "tests/golden-formats/$name.warnings" "$tmp/err" "warnings of $sample ($format)"
        elif [ -s "$tmp/err" ]; then
            cat "$tmp/err" >&2
            failed "statement --format=$format $sample wrote on standard error"
        fi
        if [ $format = xml ]; then
            validate_xml "$tmp/out" "$sample (xml)"
            mask "$tmp/out" >"$tmp/masked"
            compare "tests/golden-formats/$name.xml" "$tmp/masked" "xml of $sample"
        else
            check_csv "$tmp/out" "$sample (csv)"
            compare "tests/golden-formats/$name.csv" "$tmp/out" "csv of $sample"
        fi
    done
    # other option sets: all shipped regimes, no regime, an earlier date, no ledger, exact
    for opts in "" "-r cn-private-2015 -r cn-private-2015-strict -r cn-private-2020 -r cn-licensed -r cn-cash-loan-2017" \
        "--no-ledger $regimes" "--exact $regimes" "--as-of=2018-01-10 $regimes"; do
        # shellcheck disable=SC2086
        "$OWED" statement --format=xml $opts "$sample" >"$tmp/o.xml" 2>"$tmp/err" ||
            { cat "$tmp/err" >&2; failed "xml $opts $sample"; }
        validate_xml "$tmp/o.xml" "$sample (xml $opts)"
        # shellcheck disable=SC2086
        "$OWED" statement --format=html $opts "$sample" >"$tmp/o.html" 2>"$tmp/err" ||
            { cat "$tmp/err" >&2; failed "html $opts $sample"; }
        check_html "$tmp/o.html" "$sample (html $opts)"
        # shellcheck disable=SC2086
        "$OWED" statement --format=csv $opts "$sample" >"$tmp/o.csv" 2>"$tmp/err" ||
            { cat "$tmp/err" >&2; failed "csv $opts $sample"; }
        check_csv "$tmp/o.csv" "$sample (csv $opts)"
    done
done

# --no-ledger leaves the ledger out of the XML; --exact adds the exact CSV columns
"$OWED" statement --format=xml --no-ledger samples/seed-xian-2018.xml >"$tmp/o.xml"
grep -q '<ledger' "$tmp/o.xml" && failed "--no-ledger: the XML still has a ledger"
"$OWED" statement --format=csv --exact samples/seed-xian-2018.xml >"$tmp/o.csv"
head -n 1 "$tmp/o.csv" | grep -q ',amount_exact,balance_exact' || failed "--exact: no exact CSV columns"

# errors
"$OWED" statement --format=pdf samples/seed-xian-2018.xml >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || failed "--format=pdf: exit status"
grep -q "^owed: unknown format 'pdf' (use text, html, xml or csv)$" "$tmp/err" || failed "--format=pdf: message"
[ -s "$tmp/out" ] && failed "--format=pdf: wrote output"
"$OWED" statement --lang='zh;rm' samples/seed-xian-2018.xml >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || failed "--lang=zh;rm: exit status"
grep -q "^owed: invalid language 'zh;rm'" "$tmp/err" || failed "--lang: message"
"$OWED" statement --format=html -o "$tmp/no/such/dir/s.html" samples/seed-xian-2018.xml 2>"$tmp/err"
[ $? -eq 2 ] || failed "-o into a missing directory: exit status"
# -o replaces an existing file whole, and leaves no temporary file
echo old >"$tmp/s.html"
"$OWED" statement --format=html -r cn-private-2015 -o "$tmp/s.html" samples/seed-xian-2018.xml ||
    failed "-o s.html"
check_html "$tmp/s.html" "-o s.html"
ls "$tmp" | grep -q '\.tmp' && failed "-o left a temporary file"
# --lang=en under the C locale is English, and numbers are not grouped in any format
"$OWED" statement --lang=en --format=html samples/seed-xian-2018.xml >"$tmp/en.html" || failed "--lang=en"
grep -q '<html lang="en">' "$tmp/en.html" || failed "--lang=en: html lang"

[ $count -gt 0 ] || failed "no sample compared"
[ -n "$xmllint" ] || echo "note: xmllint not found: XML and HTML were not validated"
echo "$count golden comparisons"
exit $fail
