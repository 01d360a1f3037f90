#!/bin/sh
# owed serve, over HTTP with curl (issue 15): the page is served on 127.0.0.1 at the
# address printed; a request naming another Host is refused (DNS rebinding); a POST without
# the page's token is refused (CSRF); a 20 MB body is refused; hostile case files uploaded
# (XXE, billion laughs, a parameter entity) give the form back with the reader's message; the
# seed story posted as form fields gives the statement with the lawful balance and refund
# that `owed statement -r auto samples/seed-xian-2018.xml` prints; the case, the statement
# and the ledger download; a bad date gives the form back with the message at the field and
# the other values kept.
# Skips (77) only when owed was built without libmicrohttpd, or curl is missing.
set -u
: "${OWED:?OWED is not set (run through make check)}"
: "${top_srcdir:=.}"
cd "$top_srcdir" || exit 99
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl is not installed"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/owed-serve.XXXXXX") || exit 99
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

. tests/serve-start.sh
serve_start main
case $url in
http://127.0.0.1:[0-9]*/) echo "serving at $url" ;;
*) echo "FAIL: owed serve printed '$url', not an address on 127.0.0.1"; exit 1 ;;
esac

failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
# status URL [curl options]: prints the HTTP status, the body in $tmp/body
status() {
    u=$1
    shift
    curl -s -o "$tmp/body" -w '%{http_code}' "$@" "$u"
}

[ "$(status "$url")" = 200 ] || fail "GET / is not 200"
grep -q 'name="case.as_of"' "$tmp/body" || fail "the page has no form"
token=$(sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' "$tmp/body" | head -n 1)
[ ${#token} -eq 32 ] || fail "no token of 32 hex digits in the page: '$token'"

# Another Host (DNS rebinding): refused before anything else.
s=$(status "$url" -H 'Host: attacker.example')
[ "$s" = 421 ] || fail "a request for Host attacker.example got $s, not 421"
s=$(status "$url" -H "Host: attacker.example" --data-urlencode "token=$token" -d action=statement)
[ "$s" = 421 ] || fail "a POST for Host attacker.example got $s, not 421"
s=$(status "${url%/}/form.js")
[ "$s" = 200 ] || fail "GET /form.js got $s"

# POST without the token, or with a wrong one (CSRF): refused.
s=$(status "$url" -d 'case.as_of=2018-06-10' -d action=statement)
[ "$s" = 403 ] || fail "a POST without the token got $s, not 403"
s=$(status "$url" -d 'token=0123456789abcdef0123456789abcdef' -d action=statement)
[ "$s" = 403 ] || fail "a POST with a wrong token got $s, not 403"
s=$(status "${url%/}/download" -d 'casexml=x' -d format=xml)
[ "$s" = 403 ] || fail "a download without the token got $s, not 403"

# A body of 20 MB: refused, with Content-Length known and sent chunked.
head -c 20000000 /dev/zero | tr '\0' 'a' >"$tmp/big"
s=$(status "$url" -H 'Expect:' --data-binary "@$tmp/big")
[ "$s" = 413 ] || fail "a 20 MB body got $s, not 413"
s=$(status "$url" -H 'Transfer-Encoding: chunked' -H 'Expect:' --data-binary "@$tmp/big")
[ "$s" = 413 ] || fail "a 20 MB chunked body got $s, not 413"
rm -f "$tmp/big"

# Without scripts: "Add a payment" asks the server for a row, a ticked "remove" drops one.
s=$(status "$url" --data-urlencode "token=$token" -d action=add-payment -d payment.count=4 \
    -d payment0.amount=1.00 -d payment1.amount=2.00 -d payment1.remove=1 -d payment2.amount=3.00)
[ "$s" = 200 ] || fail "add-payment got $s"
# 4 rows, one removed, one added: 4 rows
grep -q 'name="payment3.date"' "$tmp/body" || fail "add-payment: no row added"
grep -q 'name="payment4.date"' "$tmp/body" && fail "add-payment: more than one row added"
grep -q 'name="payment1.amount" id="[^"]*" value="3.00"' "$tmp/body" ||
    fail "remove: the row ticked is not dropped (the next one moves up)"
grep -q 'value="2.00"' "$tmp/body" && fail "remove: the value of the row dropped is still there"

# Hostile uploads: the form comes back with the reader's message next to the upload.
for f in tests/hostile/doctype-external.xml tests/invalid/billion-laughs.xml \
    tests/hostile/parameter-entity.xml; do
    s=$(status "$url" -F "token=$token" -F action=upload -F "casefile=@$f")
    [ "$s" = 422 ] || fail "$f uploaded got $s, not 422"
    grep -q 'id="err-casefile"' "$tmp/body" || fail "$f uploaded: no message at the upload"
    grep -q 'DOCTYPE declaration is not allowed' "$tmp/body" ||
        fail "$f uploaded: the message is not the reader's: $(grep -o 'id="err-casefile">[^<]*' "$tmp/body")"
    grep -q 'name="case.as_of"' "$tmp/body" || fail "$f uploaded: the form is not back"
done

# The seed story, entered field by field as in the form.
set -- --data-urlencode "token=$token" -d action=statement -d regime=auto \
    -d case.as_of=2018-06-10 -d case.currency=CNY --data-urlencode 'case.borrower=小柳'
n=0
for loan in 'L1 2017-12-15 4000.00' 'L2 2017-12-17 3200.00' 'L3 2017-12-19 800.00'; do
    # shellcheck disable=SC2086
    set -- "$@" $(echo "$loan" | {
        read -r id date amount
        for kv in id=$id contracted=$date principal=$amount term_days=21 \
            received_date=$date received=$amount rate=0.05% per=day fee=5% fee_at=maturity \
            overdue_rate=0.5% overdue_per=day overdue_on=principal; do
            printf ' --data-urlencode loan%s.%s' "$n" "$kv"
        done
    })
    set -- "$@" --data-urlencode "loan$n.fee_name=服务费"
    n=$((n + 1))
done
set -- "$@" -d loan.count=3 -d payment.count=7 -d extension.count=2 -d claim.count=1 \
    -d payment0.date=2018-01-02 -d payment0.amount=4236.00 -d payment0.loan=L1 \
    -d payment1.date=2018-01-08 -d payment1.amount=600.00 \
    -d payment2.date=2018-02-09 -d payment2.amount=500.00 \
    -d payment3.date=2018-03-05 -d payment3.amount=400.00 \
    -d payment4.date=2018-03-30 -d payment4.amount=300.00 \
    -d payment5.date=2018-04-20 -d payment5.amount=500.00 \
    -d payment6.date=2018-05-15 -d payment6.amount=400.00 \
    -d extension0.date=2018-01-08 -d extension0.loan=L2 -d extension0.due=2018-01-29 \
    -d extension0.fee=320.00 \
    -d extension1.date=2018-01-08 -d extension1.loan=L3 -d extension1.due=2018-01-31 \
    -d extension1.fee=80.00 \
    -d claim0.date=2018-06-05 -d claim0.by=collector -d claim0.principal=2050.00 \
    -d claim0.interest=2030.00 -d claim0.fees=230.00
s=$(status "$url" "$@")
[ "$s" = 200 ] || fail "the seed story got $s, not 200: $(grep -o 'class="err"[^<]*<' "$tmp/body" | head -n 3)"
cp "$tmp/body" "$tmp/statement.html"

# The figures of the same case from the command line, under the regime auto chooses.
"$OWED" statement -r auto --format=xml --no-ledger samples/seed-xian-2018.xml >"$tmp/cli.xml" ||
    fail "owed statement failed"
sed -n '/<summary>/,/<\/summary>/p' "$tmp/cli.xml" |
    sed -n 's/.*<\(owed\|refund\) value="\([^"]*\)".*/\1 \2/p' >"$tmp/figures"
grep -q '^owed 1609.52$' "$tmp/figures" || fail "the CLI's lawful balance is not 1609.52: $(cat "$tmp/figures")"
grep -q '^refund 164.99$' "$tmp/figures" ||
    fail "the CLI's refund is not 164.99"
while read -r what value; do
    grep -qF ">$value<" "$tmp/statement.html" || fail "the statement page does not show $what $value"
done <"$tmp/figures"
grep -q 'id="owed-serve-bar"' "$tmp/statement.html" || fail "the statement page has no download bar"
grep -q 'cn-private-2015' "$tmp/statement.html" || fail "the statement does not name the regime chosen"

# Two regimes ticked: both in the statement, and carried by the page.
s=$(status "$url" "$@" -d regime=cn-private-2015 -d regime=cn-private-2020)
[ "$s" = 200 ] || fail "two regimes got $s"
grep -q '(cn-private-2015)' "$tmp/body" && grep -q '(cn-private-2020)' "$tmp/body" ||
    fail "two regimes: the statement does not show both"
grep -q 'name="regimes" value="auto cn-private-2015 cn-private-2020"' "$tmp/body" ||
    fail "two regimes: the page does not carry them: $(grep -o 'name="regimes" value="[^"]*"' "$tmp/body" | head -n 1)"
s=$(status "$url" "$@" -d regime=../../etc/passwd)
[ "$s" = 200 ] || fail "a regime that is a path got $s"
s=$(status "$url" "$@" -d regimes=no-such-regime)
[ "$s" = 422 ] && grep -q "unknown regime .no-such-regime." "$tmp/body" ||
    fail "an unknown regime got $s, without its message"

# The page carries the case built from the form, for the downloads and the way back.
tr '\n' ' ' <"$tmp/statement.html" | grep -q "name=\"casexml\" value='[^']*principal=\"3200.00\"" ||
    fail "the statement page does not carry the case: $(grep -o "name=.casexml. value=.\{0,300\}" "$tmp/statement.html" | head -n 1)"
# Downloads: the case as posted back by the page (here the sample itself).
cp samples/seed-xian-2018.xml "$tmp/case.xml"
s=$(status "${url%/}/download" --data-urlencode "token=$token" --data-urlencode "casexml@$tmp/case.xml" -d format=xml -d regimes=auto)
[ "$s" = 200 ] && cmp -s "$tmp/body" "$tmp/case.xml" || fail "download of the case got $s, or another file"
s=$(status "${url%/}/download" --data-urlencode "token=$token" --data-urlencode "casexml@$tmp/case.xml" -d format=csv -d regimes=auto)
[ "$s" = 200 ] && head -n 1 "$tmp/body" | grep -q ',' || fail "download of the CSV got $s"
s=$(status "${url%/}/download" --data-urlencode "token=$token" --data-urlencode "casexml@$tmp/case.xml" -d format=html -d regimes=auto)
[ "$s" = 200 ] && grep -qF '>1609.52<' "$tmp/body" || fail "download of the HTML got $s"

# The sample uploaded fills the form: 3 loans, 7 payments, the claim.
s=$(status "$url" -F "token=$token" -F action=upload -F "casefile=@samples/seed-xian-2018.xml")
[ "$s" = 200 ] || fail "the seed sample uploaded got $s"
grep -q 'name="loan2.principal" id="[^"]*" value="800.00"' "$tmp/body" || fail "upload: loan L3 not in the form"
grep -q 'name="payment6.amount" id="[^"]*" value="400.00"' "$tmp/body" || fail "upload: the 7th payment not in the form"
grep -q 'name="claim0.by" id="[^"]*" value="collector"' "$tmp/body" || fail "upload: the claim not in the form"

# A case with parts the form has no fields for: opened, with those parts named.
s=$(status "$url" -F "token=$token" -F action=upload -F "casefile=@samples/cash-loan-withheld.xml")
[ "$s" = 200 ] || fail "cash-loan-withheld.xml uploaded got $s"
for part in '&lt;late-fee&gt;' '&lt;payment-order&gt;' '&lt;charge&gt;'; do
    grep -q "id=\"message\">[^<]*$part" "$tmp/body" || fail "cash-loan-withheld.xml: $part not named as left out"
done
grep -q 'name="loan0.fee2" id="[^"]*" value="1.00"' "$tmp/body" || fail "cash-loan-withheld.xml: the daily fee not in the form"
grep -q 'name="loan0.per" id="loan0.per"><option value="day" selected' "$tmp/body" ||
    fail "cash-loan-withheld.xml: the rate's unit of a loan without interest is not the default"

# A date in a wrong format: the form again, the message at the field, the rest kept.
set -- "$@" -d loan0.contracted=2017/12/15
s=$(status "$url" "$@")
[ "$s" = 422 ] || fail "a bad date got $s, not 422"
grep -q 'id="err-loan0.contracted"' "$tmp/body" || fail "a bad date: no message at loan0.contracted"
grep -q 'value="2017/12/15"' "$tmp/body" || fail "a bad date: the value typed is lost"
grep -q 'name="loan1.principal" id="[^"]*" value="3200.00"' "$tmp/body" || fail "a bad date: other values lost"
grep -q 'name="payment6.amount" id="[^"]*" value="400.00"' "$tmp/body" || fail "a bad date: payments lost"

# A fact the reader refuses (a payment before any loan): its message at that payment.
s=$(status "$url" "$@" -d loan0.contracted=2017-12-15 -d payment7.date=2017-01-01 -d payment7.amount=5.00 -d payment.count=8)
[ "$s" = 422 ] || fail "a payment before the loans got $s, not 422"
grep -q 'id="err-payment7.date"\|id="err-payment7.amount"' "$tmp/body" ||
    fail "a payment before the loans: no message at that payment: $(grep -o 'class="err"[^<]*<' "$tmp/body" | head -n 3)"

serve_stop

# Another address with --listen: a warning, and that address alone in the Host header.
serve_start listen --listen 127.0.0.2
url2=$url
case $url2 in
http://127.0.0.2:[0-9]*/)
    grep -q 'warning:.*other computers' "$tmp/listen.err" || fail "--listen 127.0.0.2: no warning"
    [ "$(status "$url2")" = 200 ] || fail "--listen 127.0.0.2: GET / is not 200"
    port2=${url2##*:}
    port2=${port2%/}
    s=$(status "$url2" -H "Host: localhost:$port2")
    [ "$s" = 421 ] || fail "--listen 127.0.0.2: Host localhost got $s, not 421"
    ;;
*) fail "--listen 127.0.0.2 printed '$url2': $(cat "$tmp/listen.err")" ;;
esac
serve_stop
# Trouble at the start: exit 2 with a message.
serve_start busy
port=${url##*:}
port=${port%/}
"$OWED" serve --port "$port" >/dev/null 2>"$tmp/busy2.err"
[ $? -eq 2 ] && grep -q 'cannot listen on 127.0.0.1' "$tmp/busy2.err" ||
    fail "a port in use: not exit 2 with a message: $(cat "$tmp/busy2.err")"
serve_stop
"$OWED" serve --listen example.com >/dev/null 2>"$tmp/name.err"
[ $? -eq 2 ] && grep -q 'wants an IP address' "$tmp/name.err" && ! grep -q warning "$tmp/name.err" ||
    fail "--listen example.com: not exit 2 with one message: $(cat "$tmp/name.err")"

# The page in Chinese (--lang zh), with the reader's messages in Chinese.
gmo=""
for f in "${top_builddir:-.}/po/zh_CN.gmo" po/zh_CN.gmo; do
    [ -f "$f" ] && { gmo=$f; break; }
done
if [ -n "$gmo" ]; then
    mkdir -p "$tmp/locale/zh_CN/LC_MESSAGES" && cp "$gmo" "$tmp/locale/zh_CN/LC_MESSAGES/owed.mo"
    OWED_LOCALEDIR="$tmp/locale"
    export OWED_LOCALEDIR
    serve_start zh --lang zh
    url3=$url
    [ "$(status "$url3")" = 200 ] || fail "zh: GET / is not 200"
    grep -q '<html lang="zh-CN">' "$tmp/body" || fail "zh: the page is not marked zh-CN"
    grep -q '<h1>你的借款到底欠多少</h1>' "$tmp/body" || fail "zh: the heading is not in Chinese"
    token3=$(sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' "$tmp/body" | head -n 1)
    s=$(status "$url3" --data-urlencode "token=$token3" -d action=statement \
        -d case.as_of=2018/06/10 -d loan0.contracted=2018-01-01 -d loan0.principal=100 \
        -d loan0.term_days=10)
    [ "$s" = 422 ] || fail "zh: a bad date got $s"
    grep -q 'id="err-case.as_of">.2018/06/10. 不是 YYYY-MM-DD 格式的日期' "$tmp/body" ||
        fail "zh: the date's message is not in Chinese: $(grep -o 'class="err"[^<]*' "$tmp/body")"
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    pid=""
else
    echo "no po/zh_CN.gmo: the Chinese page is not tested"
fi

[ -s "$tmp/main.err" ] && ! grep -qv 'open the address above' "$tmp/main.err" ||
    fail "owed serve wrote more than its notice on stderr: $(cat "$tmp/main.err")"
exit $((failures > 0))
