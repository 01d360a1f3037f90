#!/bin/sh
# The statement in Simplified Chinese, chosen from the locale or with --lang:
#  - under LC_ALL=zh_CN.UTF-8: Chinese headings and words in text and HTML, numbers grouped
#    as the locale groups them in HTML (4,622.53), <html lang="zh-CN">;
#  - --lang=zh (and zh_CN, zh_CN.UTF-8) under LC_ALL=C: Chinese words, C numbers;
#  - --lang=en under zh_CN.UTF-8: English;
#  - error messages, of the command line and of the library, in Chinese;
#  - XML and CSV are the same in every language and locale.
# The catalog is the build's po/zh_CN.gmo, which `make` lays out in the build tree's
# locale/ where the program finds it before `make install` (no variable needed).
# Skips (77) only when the zh_CN.UTF-8 locale is not available (.ci/browser makes it).
set -u
: "${OWED:?}" "${top_srcdir:?}" "${top_builddir:?}"
if ! locale -a 2>/dev/null | grep -qiE '^zh_CN\.utf-?8$'; then
    echo "SKIP: the zh_CN.UTF-8 locale is not available (.ci/browser generates it)"
    exit 77
fi
cd "$top_srcdir" || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
unset OWED_LOCALEDIR 2>/dev/null
unset LANGUAGE LANG LC_MESSAGES 2>/dev/null
fail=0
failed() { echo "FAIL: $*" >&2; fail=1; }
has() { # file text what
    grep -qF -- "$2" "$1" || failed "$3: no '$2'"
}
sample=samples/seed-xian-2018.xml
zh=zh_CN.UTF-8

# The locale chooses.
LC_ALL=$zh "$OWED" statement -r cn-private-2015 "$sample" >"$tmp/zh.txt" 2>"$tmp/err" || failed "zh text"
for word in 欠款核算书 汇总 本金 利息 罚息 费用 已付 余额 依法 应退 合同本金 实际交付金额 冲抵本金 年化成本; do
    has "$tmp/zh.txt" "$word" "zh text"
done
grep -q 'STATEMENT OF WHAT IS OWED' "$tmp/zh.txt" && failed "zh text: English heading"
LC_ALL=$zh "$OWED" statement --format=html -r cn-private-2015 -r cn-private-2020 "$sample" \
    >"$tmp/zh.html" 2>"$tmp/err" || failed "zh html"
has "$tmp/zh.html" '<html lang="zh-CN">' "zh html"
for word in 欠款核算书 汇总 核查结论 余额变化 适用规则及依据 计算约定 按合同 应退还借款人 算头不算尾; do
    has "$tmp/zh.html" "$word" "zh html"
done
has "$tmp/zh.html" '4,622.53' "zh html: numbers grouped as zh_CN groups them"
# no English word of the statement's own vocabulary left in a cell
grep -qE '>(principal|interest|penalty interest|fees|costs|to principal|payment|accrued)<' "$tmp/zh.html" &&
    failed "zh html: an English word left untranslated"
# law names stay in the language of the law
has "$tmp/zh.html" '民间借贷（2015年司法解释）' "zh html: the regime's Chinese title"
has "$tmp/zh.html" '第27条' "zh html: the article in the law's words"

# regimes by their Chinese titles, ids last; the summary's regime columns numbered, with a
# legend; what decided each split; columns aligned by display width (a CJK character is two
# columns): every line of the summary's table with a column per regime ends in the same
# column (the set-off lines below it have the contract's column only)
LC_ALL=C "$OWED" statement --lang=zh -r cn-private-2015 -r cn-private-2020 "$sample" \
    >"$tmp/zh2.txt" 2>"$tmp/err" || failed "zh text, two regimes"
has "$tmp/zh2.txt" '  依法计算：民间借贷（2015年司法解释）：24%受保护，36%以上无效（cn-private-2015）' "zh text: heading"
has "$tmp/zh2.txt" '  (1) 民间借贷（2015年司法解释）：24%受保护，36%以上无效（cn-private-2015）' "zh text: legend"
has "$tmp/zh2.txt" '  (2) 民间借贷（2020年修正司法解释）：一年期LPR四倍（cn-private-2020）' "zh text: legend"
has "$tmp/zh2.txt" '还款的依法冲抵：民间借贷（2020年修正司法解释）' "zh text: lawful application"
has "$tmp/zh2.txt" '抵充依据' "zh text: allocated by"
has "$tmp/zh2.txt" '先到期' "zh text: what decided a split"
has "$tmp/zh2.txt" '多笔借款之间的抵充顺序（以下各法律规则相同）：还款人指定的借款' "zh text: the order"
grep -q 'Lawful view under\|cn-private-2015:' "$tmp/zh2.txt" && failed "zh text: an English heading or a bare id"
awk '/^汇总/ { on = 1; next }
     on && /^  \(1\)/ { exit }
     on && !/抵销应退款后欠款/ { print }' "$tmp/zh2.txt" >"$tmp/summary"
widths=$(python3 -c 'import sys, unicodedata
for l in open(sys.argv[1], encoding="utf-8"):
    l = l.rstrip("\n")
    print(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l))' "$tmp/summary" 2>/dev/null |
    sort -u | tr '\n' ' ')
case $widths in
    "") ;; # no python3: not checked
    *" "*" "*) failed "zh text: the summary's lines end in different columns ($widths)" ;;
esac

# --lang chooses, in every form, under the C locale
for lang in zh zh_CN zh_CN.UTF-8; do
    LC_ALL=C "$OWED" statement --lang=$lang --format=html "$sample" >"$tmp/c.html" 2>"$tmp/err" ||
        failed "--lang=$lang"
    has "$tmp/c.html" '<html lang="zh-CN">' "--lang=$lang"
    has "$tmp/c.html" '欠款核算书' "--lang=$lang"
    has "$tmp/c.html" '4622.53' "--lang=$lang: C numbers"
done
# and for English under the Chinese locale
LC_ALL=$zh "$OWED" statement --lang=en -r cn-private-2015 --format=html "$sample" >"$tmp/en.html" ||
    failed "--lang=en"
has "$tmp/en.html" '<html lang="en">' "--lang=en"
has "$tmp/en.html" 'Statement of what is owed' "--lang=en"
has "$tmp/en.html" '(China, private lending' "--lang=en: the English title beside the Chinese"
grep -q '欠款核算书' "$tmp/en.html" && failed "--lang=en: Chinese heading"

# errors: the command line's and the library's
LC_ALL=C "$OWED" statement --lang=zh --format=pdf "$sample" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || failed "--format=pdf: exit status"
has "$tmp/err" "未知格式 'pdf'" "command-line error in Chinese"
LC_ALL=C "$OWED" statement --lang=zh "$tmp/none.xml" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || failed "missing file: exit status"
has "$tmp/err" "无法打开" "library error in Chinese"
grep -q '?' "$tmp/err" && failed "library error: characters lost ($(cat "$tmp/err"))"
LC_ALL=$zh "$OWED" statement --help >"$tmp/help" || failed "--help"
has "$tmp/help" "用法：" "--help in Chinese"

# XML and CSV do not depend on language or locale
for format in xml csv; do
    LC_ALL=C "$OWED" statement --format=$format -r cn-private-2015 "$sample" >"$tmp/c.$format"
    LC_ALL=$zh "$OWED" statement --lang=zh --format=$format -r cn-private-2015 "$sample" >"$tmp/zh.$format"
    cmp -s "$tmp/c.$format" "$tmp/zh.$format" || failed "$format differs between languages"
done
exit $fail
