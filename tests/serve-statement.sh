#!/bin/sh
# owed serve writes the statement that `owed statement` writes (issue 11: both are built on
# owed.h alone): a case posted to /download gives, in HTML and in CSV, byte for byte what
# `owed statement -r auto` gives for the same file named case.xml, with the page in English,
# Chinese and Japanese (--lang): in Chinese and Japanese with the regimes' words from the
# data's glossary, as the command gives them.  Three samples, under Chinese and Japanese
# regimes.  And the sources of serve include no internal header of the library.
# Skips (77) only when owed was built without libmicrohttpd, or curl is missing; a language
# whose catalog the build lacks (--disable-nls) is left out.
set -u
: "${OWED:?OWED is not set (run through make check)}"
: "${top_srcdir:=.}"
cd "$top_srcdir" || exit 99
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl is not installed"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/owed-serve-statement.XXXXXX") || exit 99
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM
unset OWED_LOCALEDIR LANGUAGE 2>/dev/null
. tests/serve-start.sh

failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# The sources of serve include owed.h and the program's own headers, no internal header of
# the library (what they need of it is public).
internal=$(grep -H '^#include "' src/serve_*.c src/serve.h src/cmd_serve.c |
    grep -v -E '"(owed|serve|cli|cli_lang|cli_public|i18n)\.h"$')
[ -z "$internal" ] || fail "serve includes internal headers of the library: $internal"

compared=0
for lang in en zh ja; do
    if ! "$OWED" --lang "$lang" regimes list >/dev/null 2>&1; then
        echo "no catalog for --lang $lang: left out"
        continue
    fi
    serve_start "$lang" --lang "$lang"
    curl -s -o "$tmp/page" "$url"
    token=$(sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' "$tmp/page" | head -n 1)
    [ ${#token} -eq 32 ] || fail "$lang: no token in the page"
    for sample in seed-xian-2018 jp-overpayment-claim withheld-interest-instalments; do
        cp "samples/$sample.xml" "$tmp/case.xml"
        for format in html csv; do
            (cd "$tmp" && "$OWED" --lang "$lang" statement -r auto --format="$format" case.xml \
                >"cli.$format") || fail "$lang $sample: owed statement --format=$format failed"
            s=$(curl -s -o "$tmp/served.$format" -w '%{http_code}' "${url%/}/download" \
                --data-urlencode "token=$token" --data-urlencode "casexml@$tmp/case.xml" \
                -d "format=$format" -d regimes=auto)
            if [ "$s" != 200 ]; then
                fail "$lang $sample $format: /download got $s"
            elif ! cmp -s "$tmp/served.$format" "$tmp/cli.$format"; then
                fail "$lang $sample $format: the served statement differs from owed statement's:
$(diff "$tmp/cli.$format" "$tmp/served.$format" | head -n 6)"
            else
                echo "ok: $lang $sample $format ($(wc -c <"$tmp/cli.$format") bytes)"
                compared=$((compared + 1))
            fi
            # in Chinese, the glossary's words: its title of the 2015 bands (cn-private-2015)
            if [ "$lang.$sample.$format" = zh.seed-xian-2018.html ] &&
                ! grep -qF '2015年规定：两条线、三个区间（24%／36%）' "$tmp/served.html"; then
                fail "zh: the served statement lacks the glossary's title of the 2015 bands"
            fi
        done
    done
    serve_stop
done
[ "$compared" -ge 6 ] || fail "only $compared statements compared"
exit $((failures > 0))
