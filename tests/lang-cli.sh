#!/bin/sh
# Languages from the command line (issue 12), with no environment variable pointing at the
# catalogue: `make` lays the build's po/LL.gmo out under the build tree's locale/, where the
# program finds it as it finds its data (src/cli_lang.c):
#  - --lang=zh gives Chinese, before the command and among the options of every command;
#  - an unknown or unavailable --lang is an error (exit 2) naming the languages available;
#  - --help in Chinese with --lang=zh and under LANG=zh_CN.UTF-8 (that part needs the locale);
#  - every message of the program translated in po/zh_CN.po;
#  - the Chinese `owed check` line with its figures in the Chinese order (positional
#    arguments: the regime before the lawful amount);
#  - citations of Chinese law in its own form (第26条) in the Chinese text statement, and
#    the regime files' labels and readings in Chinese (data/glossary/zh.xml);
#  - the statement in brief of the seed, in English and Chinese, against its golden files
#    (OWED_GOLDEN_UPDATE=1 rewrites them), and at the head of the HTML page;
#  - --prepared-by in text and HTML; a bare decimal rate refused with how to write it;
#  - --format=csv --bom; the quick form of `owed apr` in day numbers, not invented dates.
set -u
: "${OWED:?}" "${top_srcdir:?}"
cd "$top_srcdir" || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
unset OWED_LOCALEDIR LANGUAGE LANG LC_MESSAGES 2>/dev/null
LC_ALL=C
export LC_ALL
fail=0
failed() { echo "FAIL: $*" >&2; fail=1; }
has() { # file text what
    grep -qF -- "$2" "$1" || failed "$3: no '$2' in: $(head -c 300 "$1")"
}
sample=samples/seed-xian-2018.xml

# The catalogue from the build tree, no variable set.
"$OWED" statement --lang=zh "$sample" >"$tmp/zh.txt" 2>"$tmp/err" || failed "--lang=zh: exit status"
has "$tmp/zh.txt" '欠款核算书' "--lang=zh from the build tree"

# Unknown and unavailable languages: exit 2, naming what there is: English and the
# catalogues of po/LINGUAS, in order.
avail="en$(grep -v '^#' "$top_srcdir/po/LINGUAS" | tr ' ' '\n' | grep . | sort | sed 's/^/, /' | tr -d '\n')"
for lang in fr zh_TW 'zh;rm'; do
    "$OWED" statement --lang="$lang" "$sample" >"$tmp/out" 2>"$tmp/err"
    [ $? -eq 2 ] || failed "--lang=$lang: exit status"
    [ -s "$tmp/out" ] && failed "--lang=$lang: output written"
    has "$tmp/err" "(available: $avail)" "--lang=$lang: the languages available"
done
"$OWED" --lang=fr regimes list >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || failed "--lang=fr before the command: exit status"
has "$tmp/err" "owed: no messages in language 'fr' (available: $avail)" "--lang=fr"
"$OWED" check --lang >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || failed "--lang without a value: exit status"

# --lang before the command and among the options of every command, both spellings.
"$OWED" --lang=zh --help >"$tmp/help" || failed "owed --lang=zh --help: exit status"
has "$tmp/help" '用法：owed 命令' "owed --lang=zh --help"
has "$tmp/help" '--lang=LL  消息和核算书的语言' "owed --help lists --lang"
for cmd in statement check validate apr regimes; do
    for form in "--lang=zh $cmd --help" "$cmd --lang=zh --help" "$cmd --help --lang zh"; do
        # shellcheck disable=SC2086
        "$OWED" $form >"$tmp/help" 2>"$tmp/err" || failed "owed $form: exit status"
        has "$tmp/help" "用法：owed $cmd" "owed $form"
    done
done
"$OWED" statement --lang=zh --lang=en "$sample" >"$tmp/en.txt" || failed "--lang twice"
has "$tmp/en.txt" 'STATEMENT OF WHAT IS OWED' "the last --lang wins"

# The locale alone chooses too (needs zh_CN.UTF-8: .ci/browser generates it).
if locale -a 2>/dev/null | grep -qiE '^zh_CN\.utf-?8$'; then
    LC_ALL=zh_CN.UTF-8 "$OWED" --help >"$tmp/help" || failed "LC_ALL=zh_CN.UTF-8 owed --help"
    has "$tmp/help" '用法：owed 命令' "owed --help under zh_CN.UTF-8"
    LANG=zh_CN.UTF-8 LC_ALL='' "$OWED" statement --help >"$tmp/help" ||
        failed "LANG=zh_CN.UTF-8 owed statement --help"
    has "$tmp/help" '用法：owed statement' "owed statement --help under LANG=zh_CN.UTF-8"
else
    echo "note: zh_CN.UTF-8 not available: the locale's choice not checked"
fi

# Every message of the program has its Chinese (the build's po/owed.pot against
# po/zh_CN.po; needs gettext's msgmerge, which the build uses).
pot=""
for f in "${top_builddir:-.}/po/owed.pot" po/owed.pot; do [ -f "$f" ] && { pot=$f; break; }; done
if [ -n "$pot" ] && command -v msgmerge >/dev/null 2>&1 && command -v msgfmt >/dev/null 2>&1; then
    msgmerge -q -o "$tmp/merged.po" po/zh_CN.po "$pot" 2>/dev/null || failed "msgmerge"
    msgfmt --statistics -o /dev/null "$tmp/merged.po" 2>"$tmp/stats" || failed "msgfmt"
    grep -qE 'untranslated|fuzzy' "$tmp/stats" && failed "po/zh_CN.po: $(cat "$tmp/stats")"
else
    echo "note: no po/owed.pot or no msgmerge: the catalogue's completeness not checked"
fi

# The check line in Chinese word order: the regime, then what the law allows under it.
"$OWED" check --lang=zh -r cn-private-2020 "$sample" >"$tmp/check" 2>/dev/null
[ $? -eq 1 ] || failed "owed check --lang=zh: exit status"
has "$tmp/check" "$sample:28: 借款 L1：合同收费 236.00 超出 cn-private-2020 下依法可收的 47.34，超出 188.66" \
    "the zh check line"

# Chinese law cited in its own form, in text as in HTML.
"$OWED" statement --lang=zh -r cn-private-2015 "$sample" >"$tmp/cite.txt" 2>/dev/null
has "$tmp/cite.txt" '[法释〔2015〕18号第26条第2款, 2015-09-01]' "zh text citation"
has "$tmp/cite.txt" '[民法典第561条, 2021-01-01]' "zh text citation"
grep -q '条款' "$tmp/cite.txt" && failed "zh text: a citation as 条款 N"
# The regime files' own words in Chinese (data/glossary/zh.xml): a cap's label, a reading.
has "$tmp/cite.txt" '  2015年规定：两条线、三个区间（24%／36%）' "zh text: the cap's label"
has "$tmp/cite.txt" '[本程序采用的理解（一年按365天，算头不算尾；另一种理解：一年按360天，或首尾两日均计）]' \
    "zh text: a reading adopted by this program"
# ... and of a regime of Japanese law: the labels of its caps
"$OWED" statement --lang=zh --no-ledger samples/jp-overpayment-claim.xml >"$tmp/jp.txt" 2>/dev/null
has "$tmp/jp.txt" '  本金10万日元以上不足100万日元：年18%' "zh text: a cap of the Japanese act"
has "$tmp/jp.txt" '  到期后的迟延损害金，本金不足10万日元：年29.2%' "zh text: a cap of the Japanese act"
# a glossary that does not follow its schema: exit 2, nothing written
mkdir -p "$tmp/data" && cp -R "${OWED_DATADIR:-data}/." "$tmp/data/" || exit 99
printf '<glossary xmlns="urn:owed:glossary:1" lang="zh"><entry><en>x</en></entry></glossary>\n' \
    >"$tmp/data/glossary/zh.xml"
OWED_DATADIR="$tmp/data" "$OWED" statement --lang=zh -o "$tmp/g.txt" "$sample" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || failed "a broken glossary: exit status"
[ -e "$tmp/g.txt" ] && failed "a broken glossary: output written"
has "$tmp/err" "glossary/zh.xml:1: 不符合模式：<entry> 缺少子元素；应为：<text>" \
    "a broken glossary"
"$OWED" statement --lang=en -r cn-private-2015 "$sample" >"$tmp/cite.en" 2>/dev/null
has "$tmp/cite.en" '[法释〔2015〕18号 第26条第2款 (art. 26(2)), 2015-09-01]' "en text citation"

# The brief: golden in both languages; only text; at the head of the HTML page.
for lang in en zh; do
    golden=tests/golden/seed-xian-2018.brief.$lang
    "$OWED" statement --brief --lang=$lang -r auto "$sample" >"$tmp/brief" 2>"$tmp/err" ||
        failed "--brief --lang=$lang: exit status"
    [ -s "$tmp/err" ] && failed "--brief --lang=$lang: $(cat "$tmp/err")"
    if [ -n "${OWED_GOLDEN_UPDATE:-}" ]; then
        cp "$tmp/brief" "$golden"
    elif ! cmp -s "$golden" "$tmp/brief"; then
        failed "--brief --lang=$lang differs from $golden"
        diff -u "$golden" "$tmp/brief" >&2
    fi
    lines=$(wc -l <"$tmp/brief")
    [ "$lines" -le 24 ] || failed "--brief --lang=$lang: $lines lines, more than a screen"
done
"$OWED" statement --brief --format=html "$sample" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || failed "--brief --format=html: exit status"
"$OWED" statement --format=html --lang=zh -r auto "$sample" >"$tmp/zh.html" 2>/dev/null ||
    failed "zh html"
has "$tmp/zh.html" '<div class="brief">' "the HTML page's brief"
has "$tmp/zh.html" '<h2>摘要（截至 2018-06-10）</h2>' "the HTML page's brief"
has "$tmp/zh.html" '依法欠款：民间借贷（2015年司法解释）：24%受保护，36%以上无效' "the HTML brief"
has "$tmp/zh.html" '<p class="advice">对方主张的数额超过法律允许的范围' "the HTML brief's advice"

# The preparer's block.
"$OWED" statement --no-ledger --prepared-by='Xi'"'"'an legal aid, Li Ming' "$sample" >"$tmp/prep.txt" ||
    failed "--prepared-by: exit status"
has "$tmp/prep.txt" "Prepared by: Xi'an legal aid, Li Ming" "--prepared-by in text"
has "$tmp/prep.txt" "Signature: ____" "--prepared-by in text"
"$OWED" statement --format=html --lang=zh --prepared-by='李明' "$sample" >"$tmp/prep.html" ||
    failed "--prepared-by html: exit status"
has "$tmp/prep.html" '<strong>制作人：</strong> 李明' "--prepared-by in HTML"
"$OWED" statement --no-ledger "$sample" >"$tmp/noprep.txt"
grep -q 'Prepared by' "$tmp/noprep.txt" && failed "a preparer's block without --prepared-by"

# A bare decimal rate: exit 2, saying how to write it, in both languages; nothing written.
sed 's/rate="0.05%"/rate="0.1"/' "$sample" >"$tmp/bare.xml"
"$OWED" statement -o "$tmp/bare.out" "$tmp/bare.xml" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || failed "rate=0.1: exit status"
[ -e "$tmp/bare.out" ] && failed "rate=0.1: output written"
has "$tmp/err" "<interest> attribute 'rate': rate '0.1' is a bare number: write it with a percent sign ('0.1%' is 0.1 per cent) or as a fraction with a slash" "rate=0.1"
"$OWED" statement --lang=zh "$tmp/bare.xml" >/dev/null 2>"$tmp/err"
has "$tmp/err" "利率 '0.1' 是不带单位的数字" "rate=0.1 in Chinese"

# Every schema error of a file, in words, up to 20, from statement and check as from validate.
for cmd in statement check validate; do
    "$OWED" $cmd tests/invalid/schema-many-errors.xml >/dev/null 2>"$tmp/err"
    [ $? -eq 2 ] || failed "$cmd on 24 schema errors: exit status"
    cmp -s "$tmp/err" tests/invalid/schema-many-errors.err ||
        failed "$cmd on 24 schema errors: $(diff tests/invalid/schema-many-errors.err "$tmp/err")"
done

# CSV for a spreadsheet: --bom starts it with the UTF-8 byte order mark; not for text.
"$OWED" statement --format=csv --bom "$sample" | head -c 3 | od -An -tx1 | tr -d ' \n' >"$tmp/bom"
[ "$(cat "$tmp/bom")" = efbbbf ] || failed "--bom: the file starts with $(cat "$tmp/bom")"
"$OWED" statement --format=csv "$sample" | head -c 4 >"$tmp/nobom"
[ "$(cat "$tmp/nobom")" = date ] || failed "no --bom: the file starts with $(cat "$tmp/nobom")"
"$OWED" statement --bom "$sample" >/dev/null 2>&1
[ $? -eq 2 ] || failed "--bom with text: exit status"

# The quick form of `owed apr` counts days, it does not invent dates.
"$OWED" apr --borrow 1000 --receive 700 --repay 1000 --days 21 >"$tmp/apr" || failed "apr quick"
has "$tmp/apr" "flows: 2, on day 0 and day 21; one sign change, so exactly one rate" "apr quick"
grep -q '2002-01-01' "$tmp/apr" && failed "apr quick: an invented date"
"$OWED" apr --borrow 1000 --repay 1010 --days 21 --start 2024-01-01 >"$tmp/apr" || failed "apr --start"
has "$tmp/apr" "flows: 2 dates from 2024-01-01 to 2024-01-22" "apr quick with --start"
exit $fail
