#!/bin/sh
# Citations a judge accepts (design.md 5, rule (j); issue 10): every rule a statement shows
# cites a public instrument, and nothing printed points to a project file or to a source
# that is not an official or court publication.
#
# Scanned:
#  - every shipped regime file (data/regimes/*.xml), its XML comments removed: comments hold
#    the project's own provenance (law-brief sections, the pages a point was read on) and
#    are never printed; and what `owed regimes show` prints of it;
#  - every statement of every sample (samples/*.xml) under every shipped regime (`owed
#    regimes list`), one regime at a time: text, HTML and XML, in English, and in Chinese and
#    Japanese (--lang=zh, --lang=ja) when the build's po/zh_CN.gmo and po/ja.gmo are there.
# A finding fails the test:
#  - project file: a name ending in .md (cn.md, addendum.md, design.md, ...), or the words
#    "law files" or "law brief";
#  - host: a URL (scheme://host...) whose host is not on the allow-list below; namespace
#    declarations (xmlns="...") are not sources and are left out;
#  - instrument (regime files): a cite whose instrument names a practice, the press, a
#    practitioner, an industry statement, the law files or "owed's reading" instead of a
#    public instrument; a reading that only practice supports is cited as "reading adopted
#    by this program (...; alternative: ...)", and the instrument itself names the
#    alternative, so that every format of statement shows it (the text one prints no notes);
#  - source keys (XML statements): a cite carrying source="...", the keys of the project's
#    law brief, which are internal provenance.
#  - article (Chinese and Japanese text and HTML statements): an article written "条款 N",
#    "条項 N" or "第 N 条" (the English "art. N" translated word for word) instead of in the
#    law's words (利息制限法第1条) or, for a law of another language, as that law writes it
#    (FCA Handbook, CONC 5A.2.3R; 12 CFR 1026.18(b)).
# Then the citations as a Chinese or Japanese reader sees them, exactly, in text and HTML
# statements and in `owed regimes show`.
# Last, the scan must catch the fixture tests/regimes/cites-project-file.xml (a regime that
# cites "cn.md 8", a page on an unlisted host and a reading that names no alternative): the
# file itself, `owed regimes show` of it and a statement under it.
#
# The allow-list: hosts of legislators, governments, regulators and courts, each allowing
# its subdomains.
#   China: gov.cn (State Council portal, ministries, the PBoC pbc.gov.cn, the NPC
#     npc.gov.cn, the Supreme People's Court court.gov.cn and local courts, the statistics
#     bureau stats.gov.cn), chinacourt.org (the SPC's People's Court press);
#   United Kingdom: legislation.gov.uk, fca.org.uk, judiciary.uk;
#   United States: ecfr.gov, federalregister.gov, govinfo.gov, consumerfinance.gov,
#     uscourts.gov, supremecourt.gov;
#   Japan: e-gov.go.jp, courts.go.jp, moj.go.jp, fsa.go.jp, japaneselawtranslation.go.jp;
#   European Union: eur-lex.europa.eu, curia.europa.eu.
set -u
: "${OWED:?}" "${top_srcdir:?}" "${top_builddir:?}"
allowed_hosts="gov.cn chinacourt.org
legislation.gov.uk fca.org.uk judiciary.uk
ecfr.gov federalregister.gov govinfo.gov consumerfinance.gov uscourts.gov supremecourt.gov
e-gov.go.jp courts.go.jp moj.go.jp fsa.go.jp japaneselawtranslation.go.jp
eur-lex.europa.eu curia.europa.eu"
cd "$top_srcdir" || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
failed() { echo "FAIL: $*" >&2; fail=1; }

host_allowed() { # host
    for d in $allowed_hosts; do
        case "$1" in "$d" | *."$d") return 0 ;; esac
    done
    return 1
}

# Prints one line per finding in FILE (text as printed, or a regime file with its comments
# removed), "WHAT: reason: match"; returns 1 when there is any.
scan() { # file what
    found=0
    if grep -oiE '[A-Za-z0-9_./-]*[A-Za-z0-9_-]\.md([^A-Za-z0-9]|$)|law files|law brief' "$1" \
        >"$tmp/hits"; then
        sed "s|^|$2: project file: |" "$tmp/hits"
        found=1
    fi
    sed -E 's/xmlns(:[A-Za-z0-9_-]+)?="[^"]*"//g' "$1" |
        grep -oE '[A-Za-z][A-Za-z0-9+.-]*://[^]["<>[:space:]]+' >"$tmp/urls"
    while IFS= read -r url; do
        host=$(printf '%s\n' "$url" |
            sed -E 's#^[A-Za-z][A-Za-z0-9+.-]*://##; s#[/?\#].*$##; s#^.*@##; s#:[0-9]*$##' |
            tr '[:upper:]' '[:lower:]')
        if ! host_allowed "$host"; then
            echo "$2: host: $host ($url)"
            found=1
        fi
    done <"$tmp/urls"
    return $found
}

# A regime file: its comments removed, then scan; and the instruments of its cites.
scan_regime() { # file what
    awk '
        { line = $0; out = "" }
        {
            while (line != "") {
                if (in_comment) {
                    i = index(line, "-->")
                    if (i == 0) { line = ""; break }
                    line = substr(line, i + 3); in_comment = 0
                } else {
                    i = index(line, "<!--")
                    if (i == 0) { out = out line; line = ""; break }
                    out = out substr(line, 1, i - 1); line = substr(line, i + 4); in_comment = 1
                }
            }
            print out
        }' "$1" >"$tmp/regime"
    scan "$tmp/regime" "$2"
    st=$?
    if grep -oiE 'instrument="(court practice|court and bank practice|practice|press|practitioner|industry|law files|owed.s reading)[^"]*"' \
        "$tmp/regime" >"$tmp/hits"; then
        sed "s|^|$2: instrument: |" "$tmp/hits"
        st=1
    fi
    if grep -oE 'instrument="reading adopted by this program[^"]*"' "$tmp/regime" |
        grep -v 'alternative: ' >"$tmp/hits"; then
        sed "s|^|$2: instrument: no alternative named: |" "$tmp/hits"
        st=1
    fi
    return $st
}

# Every statement of one sample under one regime (ID or file), in each format and language.
scan_statements() { # sample regime what
    for lang in $langs; do
        for format in text html xml; do
            out="$tmp/statement.$format"
            if ! "$OWED" statement --lang="$lang" --format="$format" -r "$2" "$1" >"$out" \
                2>"$tmp/err"; then
                echo "$3: owed statement --lang=$lang --format=$format -r $2 $1 failed: $(cat "$tmp/err")"
                st=1
                continue
            fi
            count=$((count + 1))
            scan "$out" "$3 ($format, $lang)" || st=1
            # an article in a Chinese or Japanese statement: 第N条 in the law's words, or as
            # a foreign law writes it (CONC 5A.2.3R), never "条款 N" or "第 5A.2.3R 条"
            if [ "$lang" != en ] && [ "$format" != xml ] &&
                grep -oE '(条項|条款) [^ ]+|第 [^ ]+ 条' "$out" >"$tmp/hits"; then
                sed "s|^|$3 ($format, $lang): article not in the reader's form: |" "$tmp/hits"
                st=1
            fi
            if [ "$format" = xml ] && grep -qE '<cite [^>]* source="' "$out"; then
                echo "$3 (xml, $lang): source keys: a cite prints source=\"...\""
                st=1
            fi
        done
    done
}

# Chinese and Japanese as well when the build's catalogues are there (laid out for
# OWED_LOCALEDIR).
langs=en
for ll in zh_CN:zh ja:ja; do
    cat=${ll%:*}
    for f in "$top_builddir/po/$cat.gmo" "$top_srcdir/po/$cat.gmo"; do
        if [ -f "$f" ]; then
            mkdir -p "$tmp/locale/$cat/LC_MESSAGES" &&
                cp "$f" "$tmp/locale/$cat/LC_MESSAGES/owed.mo" || exit 99
            OWED_LOCALEDIR="$tmp/locale"
            export OWED_LOCALEDIR
            langs="$langs ${ll#*:}"
            break
        fi
    done
done
[ "$langs" = en ] && echo "note: no po/zh_CN.gmo, po/ja.gmo: statements scanned in English only"

# The shipped regime files.
regimes=$("$OWED" regimes list | awk '/^  [a-z0-9]/ { print $1 }')
[ -n "$regimes" ] || { echo "FAIL: no shipped regime listed" >&2; exit 1; }
for id in $regimes; do
    scan_regime "data/regimes/$id.xml" "data/regimes/$id.xml" >&2 ||
        failed "data/regimes/$id.xml cites what a statement may not show"
    "$OWED" regimes show "$id" >"$tmp/show" || failed "owed regimes show $id"
    scan "$tmp/show" "owed regimes show $id" >&2 || failed "owed regimes show $id"
done

# Every statement of every sample under every shipped regime.
count=0
for sample in samples/*.xml; do
    for id in $regimes; do
        st=0
        scan_statements "$sample" "$id" "$sample under $id" >&2
        [ $st -eq 0 ] || failed "statements of $sample under $id"
    done
done
[ $count -gt 0 ] || failed "no statement scanned"

# The scan catches a regime that cites a project file and a page on an unlisted host.
fixture=tests/regimes/cites-project-file.xml
if scan_regime "$fixture" "$fixture" >"$tmp/found"; then
    failed "the scan passed $fixture"
fi
grep -q "project file: cn.md" "$tmp/found" || failed "$fixture: no project-file finding"
grep -q "host: example.com" "$tmp/found" || failed "$fixture: no host finding"
grep -q "instrument: instrument=\"court practice" "$tmp/found" || failed "$fixture: no instrument finding"
grep -q "no alternative named" "$tmp/found" || failed "$fixture: a reading without its alternative passed"
"$OWED" regimes show "$fixture" >"$tmp/show" || failed "owed regimes show $fixture"
scan "$tmp/show" "owed regimes show $fixture" >/dev/null && failed "the scan passed owed regimes show $fixture"
st=0
scan_statements samples/private-loan-2014.xml "$fixture" "statement under $fixture" >"$tmp/found"
[ $st -ne 0 ] || failed "the scan passed the statements under $fixture"
grep -q "(text, en): project file: cn.md" "$tmp/found" || failed "$fixture: text statement not caught"
grep -q "(html, en): host: example.com" "$tmp/found" || failed "$fixture: HTML statement not caught"

# The citations as a reader of Chinese or Japanese sees them, in text and HTML: the law's
# own article (利息制限法第1条, no space, nothing beside it), an article of a Japanese act
# already partly in its words (平成29年法律第44号附則 art. "15条1項"), and the rules of UK and US
# law as they write them (the part number of 12 CFR 1026 written once), and a Chinese
# notice's sections as it numbers them.
cites() { # lang sample regime...; the citations of the text statement, one per line
    lang=$1 sample=$2
    shift 2
    for id; do set -- "$@" -r "$id"; shift; done
    "$OWED" statement --lang="$lang" --no-ledger "$@" "$sample" 2>/dev/null |
        grep -oE '\[[^]]*\]' | sort -u
}
html_cites() { # lang sample regime
    "$OWED" statement --lang="$1" --format=html -r "$3" "$2" 2>/dev/null |
        grep -oE '<span class="cite">[^<]*' | sed 's/^<span class="cite">//' | sort -u
}
expect() { # file what line...
    f=$1 what=$2
    shift 2
    for line; do
        grep -qxF -- "$line" "$f" || failed "$what: no '$line' (got: $(tr '\n' ' ' <"$f"))"
    done
}
for lang in $langs; do
    [ "$lang" = en ] && continue
    jp=samples/jp-overpayment-claim.xml
    cites "$lang" $jp jp-interest-rate-act >"$tmp/c"
    expect "$tmp/c" "$lang text, $jp" '[利息制限法第1条]' '[利息制限法第4条]' '[民法第704条]' \
        '[民法第404条, 2020-04-01]' '[平成29年法律第44号附則第15条第1項]'
    html_cites "$lang" $jp jp-interest-rate-act >"$tmp/c"
    expect "$tmp/c" "$lang html, $jp" '利息制限法第1条' '民法第404条, 2020-04-01' \
        '平成29年法律第44号附則第15条第1項' \
        '民法第489条 《民法（明治29年法律第89号）》'
    gb=samples/gb-payday-refinanced.xml
    cites "$lang" $gb gb-fca-hcstc >"$tmp/c"
    expect "$tmp/c" "$lang text, $gb" '[FCA Handbook, CONC 5A.3.5G]' \
        '[FCA Handbook, CONC 5A.2.3R, 5A.3.3R]'
    us=samples/us-military-installment.xml
    cites "$lang" $us us-mla us-il-plpa >"$tmp/c"
    expect "$tmp/c" "$lang text, $us" '[12 CFR 1026.18(b)]' '[12 CFR 1026 Appendix J (b)(5)]' \
        '[32 CFR 232.4(b), 232.4(c)(2)]' '[32 CFR 232.4(c)(1)]' '[815 ILCS 123/15-5-5]'
    html_cites "$lang" samples/us-ca-payday.xml us-ca-deferred-deposit >"$tmp/c"
    expect "$tmp/c" "$lang html, us-ca-payday" '12 CFR 1026.18(b)' 'California Financial Code 23036' \
        '12 CFR 1026.18(b) Regulation Z (Truth in Lending)'
    cites "$lang" samples/cash-loan-withheld.xml cn-cash-loan-2017 >"$tmp/c"
    expect "$tmp/c" "$lang text, cash-loan-withheld" \
        '[关于规范整顿“现金贷”业务的通知 四(一), 2017-12-01]' \
        '[关于规范整顿“现金贷”业务的通知 (二), 2017-12-01]'
    # owed regimes show, in the same forms
    "$OWED" --lang="$lang" regimes show jp-interest-rate-act >"$tmp/show" 2>&1
    for s in '利息制限法第1条 [P; JP-1]' '民法第404条, 2020-04-01 [S]' \
        '平成29年法律第44号附則第15条第1項 [S]'; do
        grep -qF -- "$s" "$tmp/show" || failed "$lang regimes show jp-interest-rate-act: no '$s'"
    done
    "$OWED" --lang="$lang" regimes show us-mla >"$tmp/show" 2>&1
    grep -qF '32 CFR 232.4(b), 232.4(c)(2) [Q]' "$tmp/show" ||
        failed "$lang regimes show us-mla: no '32 CFR 232.4(b), 232.4(c)(2) [Q]'"
    grep -qE '(条項|条款) [^ ]+|第 [^ ]+ 条' "$tmp/show" &&
        failed "$lang regimes show us-mla: an article not in the reader's form"
done
# a reader of English: the article in the law's words with its number beside it, and
# another law's "art." as before
cites en samples/jp-overpayment-claim.xml jp-interest-rate-act >"$tmp/c"
expect "$tmp/c" "en text, jp" '[利息制限法 第1条 (art. 1)]' \
    '[民法 第404条 (art. 404), 2020-04-01]' '[平成29年法律第44号附則 第15条第1項 (art. 15条1項)]'
cites en samples/us-military-installment.xml us-mla >"$tmp/c"
expect "$tmp/c" "en text, us" '[12 CFR 1026, art. 1026.18(b)]' '[32 CFR 232, art. 232.4(c)(1)]'

echo "$count statements and $(echo "$regimes" | wc -w) regime files scanned"
exit $fail
