#!/bin/sh
# The statement in Japanese (--lang=ja, or LANGUAGE=ja under a UTF-8 locale):
#  - every sample's statement, text and HTML, has no English word left of the program's own
#    (words are ASCII runs of two letters or more): what may stay in ASCII is listed below
#    (ids, currency codes, method and program names) or comes from the inputs themselves,
#    written as the case file and the regime files give it (the case's title, the names of
#    its fees and parties, the regimes' cap labels and ids); the regimes' own notes and
#    citations (in the HTML, p.note and span/a.cite; in the text, the [...] citations) are
#    the law files' words and are not scanned;
#  - the Japanese samples (samples/jp-*.xml) under each regime of Japanese law (jp-*): no
#    English word at all but the case's own, ids and the allowed words below -- the cap
#    labels, citations and notes of those regimes come from data/glossary/ja.xml;
#  - the Japanese headings, terms and article numbers (第26条) are there;
#  - the summary's columns, with two regimes, end in one display column (a CJK character
#    is two columns wide; checked when python3 is there);
#  - error messages and --help in Japanese;
#  - XML and CSV are the same in every language.
# The catalog is the build's po/ja.gmo, laid out in a temporary tree that OWED_LOCALEDIR
# points to (the program is not installed yet).  No Japanese locale is needed: --lang moves a
# C messages locale to C.UTF-8.  Skips (77) only when the C.UTF-8 locale is not available.
set -u
: "${OWED:?}" "${top_srcdir:?}" "${top_builddir:?}"
if ! locale -a 2>/dev/null | grep -qiE '^C\.utf-?8$'; then
    echo "SKIP: the C.UTF-8 locale is not available"
    exit 77
fi
gmo=""
for f in "$top_builddir/po/ja.gmo" "$top_srcdir/po/ja.gmo"; do
    [ -f "$f" ] && { gmo=$f; break; }
done
[ -n "$gmo" ] || { echo "ERROR: no po/ja.gmo (was the po directory built?)" >&2; exit 99; }
cd "$top_srcdir" || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/locale/ja/LC_MESSAGES" && cp "$gmo" "$tmp/locale/ja/LC_MESSAGES/owed.mo" || exit 99
OWED_LOCALEDIR="$tmp/locale"
export OWED_LOCALEDIR
unset LANGUAGE LANG LC_MESSAGES 2>/dev/null
fail=0
failed() { echo "FAIL: $*" >&2; fail=1; }
has() { # file text what
    grep -qF -- "$2" "$1" || failed "$3: no '$2'"
}

# ASCII words that stay as they are in a Japanese statement: ids and codes (currencies,
# methods, formats, the program and its manual pages), the names of rates and laws that are
# written in Latin letters in Japanese too, and the sample files' directory.
allowed='XIRR Excel EU APRC CNY JPY USD GBP EUR LPR PBoC IRR owed statement format xml html csv
samples auto regime'
# the names of foreign rules in the law's APR lines, which Japanese writes in Latin letters
# too: 英国年利率（CONC App 1.2）, Reg Z 年利率（12 CFR 1026 付録 J） (as tests/lang-scan.py
# allows them in Chinese)
allowed="$allowed CONC App Reg CFR SI"

# The words of a file, one per line (ASCII runs of two letters or more), without the command
# lines the statement quotes for the reader to type ('owed regimes list', --brief), which stay
# as they are in every language (tests/lang-scan.py leaves them out of the Chinese the same
# way).
words() {
    sed -e "s/'owed [^']*'/ /g" -e 's/--[a-z][a-z-]*\(=[a-z0-9-]*\)\{0,1\}/ /g' "$1" |
        grep -oE '[A-Za-z][A-Za-z]+' | sort -u
}
# The case's own words: its title, borrower, lender, fee and charge names, its file name.
case_text() { # case
    sed -n 's/.*<title>\(.*\)<\/title>.*/\1/p; s/.*<borrower>\(.*\)<\/borrower>.*/\1/p' "$1"
    grep -oE ' (name|lender)="[^"]*"' "$1" | sed 's/^ [a-z]*="//; s/"$//'
    sed -n 's/.*<charge [^>]*kind="\([^"]*\)".*/\1/p' "$1"
    echo "$1"
}
# The inputs' own words: the case's, and the shipped regimes' ids and cap labels.
input_words() { # case
    {
        case_text "$1"
        grep -ohE '(id|label)="[^"]*"' data/regimes/*.xml | sed 's/^[a-z]*="//; s/"$//'
    } >"$tmp/input-text"
    words "$tmp/input-text"
}
# Fails when `file` has an ASCII word neither allowed nor from the inputs.
no_english() { # file what case
    input_words "$3" >"$tmp/ok"
    for w in $allowed; do echo "$w"; done >>"$tmp/ok"
    left=$(words "$1" | grep -vxF -f "$tmp/ok" | tr '\n' ' ')
    [ -z "$left" ] || failed "$2: English words left: $left"
}
# The words of an HTML statement a reader sees, without the law files' notes and citations.
html_text() { # file
    sed -e 's/<p class="note">[^<]*<\/p>//g' -e 's/<span class="cite">.*<\/span>//' \
        -e 's/<a class="cite"[^>]*>[^<]*<\/a>//g' "$1" |
        tr '\n' ' ' |
        sed -e 's/<style[^>]*>.*<\/style>//' -e 's/<script[^>]*>.*<\/script>//' \
            -e 's/<[^>]*>/\
/g' -e 's/&[a-z]*;/ /g'
}

for case in samples/*.xml; do
    name=$(basename "$case" .xml)
    LC_ALL=C "$OWED" statement --lang=ja --no-ledger "$case" >"$tmp/$name.txt" 2>"$tmp/err" ||
        failed "$name: text ($(cat "$tmp/err"))"
    sed 's/\[[^]]*\]//g' "$tmp/$name.txt" >"$tmp/$name.scan"
    no_english "$tmp/$name.scan" "$name: text" "$case"
    has "$tmp/$name.txt" '債務額計算書' "$name: text"
    grep -q 'STATEMENT OF WHAT IS OWED' "$tmp/$name.txt" && failed "$name: text: English heading"
    LC_ALL=C "$OWED" statement --lang=ja --format=html "$case" >"$tmp/$name.html" 2>"$tmp/err" ||
        failed "$name: html ($(cat "$tmp/err"))"
    html_text "$tmp/$name.html" >"$tmp/$name.scan"
    no_english "$tmp/$name.scan" "$name: html" "$case"
    has "$tmp/$name.html" '<html lang="ja">' "$name: html"
    has "$tmp/$name.html" '債務額計算書' "$name: html"
done

# The Japanese samples under every regime of Japanese law (jp-*), text with its ledgers and
# HTML: the words of those regime files (cap labels, instruments of citations, notes) are
# all in Japanese (data/glossary/ja.xml), so nothing is set aside but the case's own words,
# the regime ids (removed whole, the longest first, before the words are taken), URLs and
# the allowed words: a label, a citation or a note left in English fails, and a cap label
# is also looked for verbatim.
ls data/regimes/*.xml | sed 's|.*/||; s|\.xml$||' | awk '{ print length($0), $0 }' | sort -rn |
    awk '{ print "s/" $2 "/ /g" }' >"$tmp/ids.sed"
jp_regimes=$(ls data/regimes/jp-*.xml | sed 's|.*/||; s|\.xml$||')
[ -n "$jp_regimes" ] || failed "no regime of Japanese law (data/regimes/jp-*.xml)"
# Fails when `file` has an ASCII word neither allowed nor the case's own.
japanese_only() { # file what case
    case_text "$3" >"$tmp/case-text"
    words "$tmp/case-text" >"$tmp/ok"
    for w in $allowed; do echo "$w"; done >>"$tmp/ok"
    sed -e 's#https\{0,1\}://[^ <>"]*# #g' -f "$tmp/ids.sed" "$1" >"$tmp/jp.scan"
    left=$(words "$tmp/jp.scan" | grep -vxF -f "$tmp/ok" | tr '\n' ' ')
    [ -z "$left" ] || failed "$2: English words left: $left"
}
n_jp=0
for case in samples/jp-*.xml; do
    name=$(basename "$case" .xml)
    for id in $jp_regimes; do
        what="$name under $id"
        LC_ALL=C "$OWED" statement --lang=ja -r "$id" "$case" >"$tmp/jp.txt" 2>"$tmp/err" ||
            failed "$what: text ($(cat "$tmp/err"))"
        LC_ALL=C "$OWED" statement --lang=ja --format=html -r "$id" "$case" >"$tmp/jp.html" \
            2>"$tmp/err" || failed "$what: html ($(cat "$tmp/err"))"
        has "$tmp/jp.txt" '利息制限法第1条' "$what: text"
        has "$tmp/jp.html" '利息制限法第1条' "$what: html"
        grep -oE 'label="[^"]*"' "data/regimes/$id.xml" | sed 's/^label="//; s/"$//' |
            sort -u >"$tmp/labels"
        while IFS= read -r label; do
            for f in "$tmp/jp.txt" "$tmp/jp.html"; do
                grep -qF -- "$label" "$f" &&
                    failed "$what: the cap label '$label' in English (add it to data/glossary/ja.xml)"
            done
        done <"$tmp/labels"
        japanese_only "$tmp/jp.txt" "$what: text" "$case"
        tr '\n' ' ' <"$tmp/jp.html" |
            sed -e 's/<style[^>]*>.*<\/style>//' -e 's/<script[^>]*>.*<\/script>//' \
                -e 's/<[^>]*>/\
/g' -e 's/&[a-z]*;/ /g' >"$tmp/jp.htmltext"
        japanese_only "$tmp/jp.htmltext" "$what: html" "$case"
        n_jp=$((n_jp + 1))
    done
done
[ "$n_jp" -ge 5 ] || failed "the Japanese samples under the jp-* regimes: $n_jp runs"
# the cap labels of the Act, as a Japanese lawyer writes them
LC_ALL=C "$OWED" statement --lang=ja --no-ledger -r jp-interest-rate-act-business \
    samples/jp-overpayment-claim.xml >"$tmp/jp.txt" 2>/dev/null
for s in '  元本10万円以上100万円未満：年18％' '  元本100万円以上：年15％' \
    '  弁済期後の遅延損害金、元本10万円未満：年20％（営業的金銭消費貸借）' \
    '    [本プログラムの採る解釈（閏年に属する日は1年を366日とする。別の解釈：抽象的2月29日説）]'; do
    has "$tmp/jp.txt" "$s" "jp-interest-rate-act-business: text"
done
# the sample as a Japanese lawyer reads it: the regime chosen, the stretch of the cap in
# sentences (no English "; " left between them), the sheet
LC_ALL=C "$OWED" statement --lang=ja samples/jp-overpayment-claim.xml >"$tmp/jp.txt" 2>/dev/null
for s in 'この法規則の対象は提起の時期を問わずすべての訴えで、本件の訴え提起日は 2021-03-31（' \
    '      2008-04-01..2015-10-01: 年 18% まで請求可能。1年を実日数（365日または366日）とする。初日算入・末日不算入。各期間の法定額は 1 未満を切り捨て' \
    '  第1区分: 請求可能' '  過払金' '    借主への返還額（過払金）                     10178' \
    '引き直し計算表（貸付 K）: 利息制限法による引き直し計算' \
    '  日付       日数 利率  利息 借入金額 弁済額 残元金 未払利息 過払金 過払利息' \
    '[民法第404条, 2020-04-01]' '[平成29年法律第44号附則第15条第1項]'; do
    has "$tmp/jp.txt" "$s" "jp-overpayment-claim: text"
done
grep -q '[^ -~]; ' "$tmp/jp.txt" && failed "jp-overpayment-claim: text: an English '; ' in Japanese"

# The seed case, chosen by the locale and LANGUAGE, with the two regimes of its dates.
sample=samples/seed-xian-2018.xml
LANGUAGE=ja LC_ALL=C.UTF-8 "$OWED" statement --no-ledger -r cn-private-2015 -r cn-private-2020 \
    "$sample" >"$tmp/seed.txt" 2>"$tmp/err" || failed "seed text"
sed 's/\[[^]]*\]//g' "$tmp/seed.txt" >"$tmp/seed.scan"
no_english "$tmp/seed.scan" "seed text" "$sample"
has "$tmp/err" "警告: cn-private-2020 は貸付 L1 に適用されません" "seed text: the warning"
for s in '債務額計算書' '借主: 小柳' '通貨: CNY    基準日: 2018-06-10' \
    '計算の約定: 期間の日数は初日を算入し末日を算入しない。' \
    '貸付 L2: 2017-12-17 契約、2018-01-07 弁済期、2018-01-29 まで延長' \
    '  約定利息: 日利 0.05%（1年を365日とする）' \
    '  (1) 民间借贷（2015年司法解释）：24%受保护，36%以上无效（cn-private-2015）' \
    '  法定計算: 民间借贷（2015年司法解释）：24%受保护，36%以上无效（cn-private-2015）' \
    '弁済の法定充当: 民间借贷（2020年修正司法解释）：一年期LPR四倍（cn-private-2020）' \
    '借主への返還額（過払金）' '元本へ' '遅延損害金' '上限超過の利息等' '充当根拠' \
    '弁済期の早いもの' '初日算入・末日不算入'; do
    has "$tmp/seed.txt" "$s" "seed text"
done
awk '/^総括/ { on = 1; next }
     on && /^  \(1\)/ { exit }
     on && !/返還額相殺後の債務/ { print }' "$tmp/seed.txt" >"$tmp/summary"
widths=$(python3 -c 'import sys, unicodedata
for l in open(sys.argv[1], encoding="utf-8"):
    l = l.rstrip("\n")
    print(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l))' "$tmp/summary" 2>/dev/null |
    sort -u | tr '\n' ' ')
case $widths in
    "") ;; # no python3: not checked
    *" "*" "*) failed "seed text: the summary's lines end in different columns ($widths)" ;;
esac
LC_ALL=C "$OWED" statement --lang=ja_JP --format=html -r cn-private-2015 "$sample" \
    >"$tmp/seed.html" 2>"$tmp/err" || failed "seed html"
html_text "$tmp/seed.html" >"$tmp/seed.scan"
no_english "$tmp/seed.scan" "seed html" "$sample"
for s in '<html lang="ja">' '債務額計算書' '総括' '指摘事項' '残高の推移' '適用した規定と根拠' \
    '計算の約定' '借主への返還額（過払金）' '第26条' '民间借贷（2015年司法解释）' '4622.53'; do
    has "$tmp/seed.html" "$s" "seed html"
done
# the article in the law's words only: no "(26)" beside 第26条 for a Japanese reader
grep -qF '第26条 （26）' "$tmp/seed.html" && failed "seed html: the article twice"

# errors: the command line's and the library's; --help
LC_ALL=C "$OWED" statement --lang=ja --format=pdf "$sample" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || failed "--format=pdf: exit status"
has "$tmp/err" "不明な形式 'pdf'" "command-line error in Japanese"
LC_ALL=C "$OWED" statement --lang=ja "$tmp/none.xml" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || failed "missing file: exit status"
has "$tmp/err" "開けません" "library error in Japanese"
grep -q '?' "$tmp/err" && failed "library error: characters lost ($(cat "$tmp/err"))"
LANGUAGE=ja LC_ALL=C.UTF-8 "$OWED" statement --help >"$tmp/help" || failed "--help"
has "$tmp/help" "使い方: " "--help in Japanese"
has "$tmp/help" "  -o, --output=FILE     標準出力ではなく FILE に" "--help: options aligned"

# XML and CSV do not depend on the language
for format in xml csv; do
    LC_ALL=C "$OWED" statement --format=$format -r cn-private-2015 "$sample" >"$tmp/c.$format"
    LC_ALL=C "$OWED" statement --lang=ja --format=$format -r cn-private-2015 "$sample" >"$tmp/ja.$format"
    cmp -s "$tmp/c.$format" "$tmp/ja.$format" || failed "$format differs between languages"
done
exit $fail
