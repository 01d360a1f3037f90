#!/bin/sh
# The HTML statement of the seed sample in a real browser.  Chromium (Debian's package,
# installed by .ci/browser) prints the page to PDF headless; then
#  - the PDF is A4 and has a sensible number of pages;
#  - its text holds the summary figures, taken from the XML statement of the same run:
#    the balance per contract and by law under each regime, the refunds, what was charged
#    above the caps, and the claim; and page 1 holds the balances (summary first);
#  - no page but the last is under a quarter full (how far down its text reaches, from
#    pdftotext -bbox);
#  - its first page is converted to PNG (pdftoppm).  With OWED_BROWSER_PNG=FILE the PNG is
#    kept there; the copy in the source tree is made with
#      OWED_BROWSER_PNG=$PWD/doc/seed-statement-page1.png make check TESTS=tests/html-browser.sh
# Skips (77) only when chromium is absent; poppler-utils (pdfinfo, pdftotext, pdftoppm) are
# required when it is there.
set -u
: "${OWED:?}" "${top_srcdir:?}"
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
    echo "SKIP: chromium is not installed (.ci/browser installs it)"
    exit 77
fi
for tool in pdfinfo pdftotext pdftoppm; do
    command -v $tool >/dev/null 2>&1 || { echo "ERROR: $tool missing (install poppler-utils)" >&2; exit 99; }
done
cd "$top_srcdir" || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
failed() { echo "FAIL: $*" >&2; fail=1; }

sample=samples/seed-xian-2018.xml
regimes="-r cn-private-2015 -r cn-private-2020"
# shellcheck disable=SC2086
"$OWED" statement --format=html $regimes -o "$tmp/statement.html" "$sample" || exit 1
# shellcheck disable=SC2086
"$OWED" statement --format=xml --no-ledger $regimes -o "$tmp/statement.xml" "$sample" || exit 1

# Headless, no network, no profile: everything the page needs is in it.
to=""
command -v timeout >/dev/null 2>&1 && to="timeout 300"
$to "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-dev-shm-usage --no-pdf-header-footer --print-to-pdf-no-header \
    --user-data-dir="$tmp/profile" --print-to-pdf="$tmp/out.pdf" \
    "file://$tmp/statement.html" >"$tmp/chromium.log" 2>&1
if [ ! -s "$tmp/out.pdf" ]; then
    cat "$tmp/chromium.log" >&2
    echo "FAIL: chromium wrote no PDF" >&2
    exit 1
fi

pdfinfo "$tmp/out.pdf" >"$tmp/info" || exit 1
pages=$(sed -n 's/^Pages: *//p' "$tmp/info")
echo "PDF: $pages pages; $(grep '^Page size' "$tmp/info")"
grep -q '^Page size:.*(A4)' "$tmp/info" || failed "the PDF is not A4: $(grep '^Page size' "$tmp/info")"
[ "${pages:-0}" -ge 2 ] && [ "${pages:-0}" -le 30 ] || failed "the PDF has $pages pages"

pdftotext -layout "$tmp/out.pdf" "$tmp/all.txt" || exit 1
pdftotext -layout -f 1 -l 1 "$tmp/out.pdf" "$tmp/page1.txt" || exit 1

# The summary figures of the XML: <summary> values and each claim's total.
sed -n '/<summary>/,/<\/summary>/p' "$tmp/statement.xml" |
    sed -n 's/.*<\(owed\|refund\|above-cap\|net\) value="\([^"]*\)".*/\1 \2/p' >"$tmp/figures"
sed -n '/<claim /,/<\/claim>/p' "$tmp/statement.xml" | sed -n '/<total>/,/<\/total>/p' |
    sed -n 's/.*<\(claimed\) value="\([^"]*\)".*/\1 \2/p' >>"$tmp/figures"
[ "$(wc -l <"$tmp/figures")" -ge 6 ] || failed "too few summary figures in the XML"
while read -r what value; do
    grep -qF -- "$value" "$tmp/all.txt" || failed "the PDF does not show $what $value"
    case $what in
    owed) grep -qF -- "$value" "$tmp/page1.txt" || failed "page 1 does not show owed $value" ;;
    esac
done <"$tmp/figures"
grep -q 'Summary' "$tmp/page1.txt" || failed "page 1 has no summary"
grep -q '法释〔2015〕18号' "$tmp/all.txt" || failed "the citations did not print (CJK font?)"

# No page but the last is under a quarter full (issue 12: forced page breaks used to leave
# pages with a few lines on them): how far down each page its text reaches, the page
# number at its foot (below 94 % of its height, inside the bottom margin) left out.
pdftotext -bbox "$tmp/out.pdf" "$tmp/bbox.html" || exit 1
awk -v pages="$pages" '
    /<page / { n++; match($0, /height="[0-9.]+"/); h = substr($0, RSTART + 8, RLENGTH - 9) + 0
               last[n] = 0 }
    /<word / { match($0, /yMin="[0-9.]+"/); y0 = substr($0, RSTART + 6, RLENGTH - 7) + 0
               match($0, /yMax="[0-9.]+"/); y1 = substr($0, RSTART + 6, RLENGTH - 7) + 0
               if (y0 < 0.94 * h && y1 / h > last[n]) last[n] = y1 / h }
    END { for (i = 1; i <= n; i++) {
              printf "page %d: text down to %d %% of the page\n", i, last[i] * 100
              if (i < n && last[i] < 0.25) { bad = 1; printf "FAIL: page %d of %d is under a quarter full\n", i, n } }
          if (n != pages) { bad = 1; printf "FAIL: %d pages in the text, %d in the PDF\n", n, pages }
          exit bad }' "$tmp/bbox.html" || fail=1

pdftoppm -f 1 -l 1 -r 100 -png -singlefile "$tmp/out.pdf" "$tmp/page1" || exit 1
[ -s "$tmp/page1.png" ] || failed "pdftoppm wrote no PNG"
if [ -n "${OWED_BROWSER_PNG:-}" ]; then
    cp "$tmp/page1.png" "$OWED_BROWSER_PNG" && echo "page 1: $OWED_BROWSER_PNG"
fi
echo "$(wc -l <"$tmp/figures") summary figures found in the PDF"
exit $fail
