# Sourced by the tests of owed serve: serve_start NAME [OPTION]... starts `$OWED serve
# --port 0 OPTION...` in the background with its output in $tmp/NAME.url and its errors in
# $tmp/NAME.err, waits (10 s at most) for the address it prints, and sets $pid and $url.
# Exits 77 when owed was built without libmicrohttpd, 1 when the server does not start.
# serve_stop stops it.
serve_start() {
    name=$1
    shift
    "$OWED" serve --port 0 "$@" >"$tmp/$name.url" 2>"$tmp/$name.err" &
    pid=$!
    i=0
    while [ ! -s "$tmp/$name.url" ] && [ $i -lt 100 ]; do
        if ! kill -0 "$pid" 2>/dev/null; then
            pid=""
            if grep -q 'built without GNU libmicrohttpd' "$tmp/$name.err"; then
                echo "SKIP: owed was built without libmicrohttpd"
                exit 77
            fi
            cat "$tmp/$name.err" >&2
            echo "FAIL: owed serve $* did not start"
            exit 1
        fi
        sleep 0.1
        i=$((i + 1))
    done
    url=$(head -n 1 "$tmp/$name.url")
}

serve_stop() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    pid=""
}
