#!/bin/sh
# The examples of the man pages run, so that they cannot drift from the program.
# From the EXAMPLES (or EXAMPLE) section of every page in man/, inside .nf ... .fi blocks:
#  - a line "owed ..." is a command: it must exit 0;
#  - a line "$ owed ..." is a command whose output follows, up to a blank line, a roff
#    request or the next command: it must exit 0 and print exactly that output (when the
#    page shows some);
#  - a line ending in "\e" (a backslash) goes on on the next line;
#  - a block that is an XML document is an example file: a <case> is written to case.xml,
#    a <regime id="ID"> to ID.xml, for the commands that follow (on this page or a later
#    one) to use.
# Roff escapes are undone (\- \e \(aq \(dq \& \[uXXXX]).  Each command runs under sh, with
# `owed` being $OWED, in one scratch directory holding links to the source tree's samples/
# and tests/, so that files it writes (-o seed.html) go nowhere else.
set -u
: "${OWED:?}" "${top_srcdir:?}"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
count=0
work="$tmp/work"
mkdir "$work" || exit 99
ln -s "$top_srcdir/samples" "$work/samples"
ln -s "$top_srcdir/tests" "$work/tests"

for page in "$top_srcdir"/man/*.[1-8]; do
    [ -f "$page" ] || continue
    rm -f "$tmp"/ex.*
    LC_ALL=C awk -v dir="$tmp" -v work="$work" '
        function utf8(cp) {
            if (cp < 128) return sprintf("%c", cp)
            if (cp < 2048) return sprintf("%c%c", 192 + int(cp / 64), 128 + cp % 64)
            if (cp < 65536)
                return sprintf("%c%c%c", 224 + int(cp / 4096), 128 + int(cp / 64) % 64,
                               128 + cp % 64)
            return sprintf("%c%c%c%c", 240 + int(cp / 262144), 128 + int(cp / 4096) % 64,
                           128 + int(cp / 64) % 64, 128 + cp % 64)
        }
        function hex(h,   i, v) {
            v = 0
            for (i = 1; i <= length(h); i++)
                v = v * 16 + index("0123456789ABCDEF", toupper(substr(h, i, 1))) - 1
            return v
        }
        function unroff(s,   out, m) {
            gsub(/\\-/, "-", s); gsub(/\\\(aq/, "\047", s); gsub(/\\\(dq/, "\"", s)
            gsub(/\\&/, "", s)
            out = ""
            while (match(s, /\\\[u[0-9A-Fa-f]+\]/)) {
                out = out substr(s, 1, RSTART - 1) utf8(hex(substr(s, RSTART + 3, RLENGTH - 4)))
                s = substr(s, RSTART + RLENGTH)
            }
            s = out s
            gsub(/\\e/, "\\", s)
            return s
        }
        function close_cmd() { if (n) { close(cmdf); close(outf) } }
        function close_doc(   name, m) {
            if (doc == "") return
            name = ""
            if (doc ~ /<case[ >]/) name = "case.xml"
            else if (match(doc, /<regime[^>]* id="[^"]*"/)) {
                m = substr(doc, RSTART, RLENGTH); sub(/.* id="/, "", m); sub(/"$/, "", m)
                name = m ".xml"
            }
            if (name != "") { printf "%s", doc > (work "/" name); close(work "/" name) }
            doc = ""
        }
        /^\.SH/ { inex = ($0 ~ /^\.SH "?EXAMPLES?"?$/); nf = 0; next }
        !inex { next }
        /^\.nf/ { nf = 1; first = 1; next }
        /^\.fi/ { nf = 0; out = 0; indoc = 0; close_doc(); next }
        !nf { next }
        /^\./ { out = 0; next }
        {
            line = unroff($0)
            if (first && line ~ /^<\?xml/) indoc = 1
            first = 0
            if (indoc) { doc = doc line "\n"; next }
            if (cont) { printf "%s\n", line > cmdf; cont = (line ~ /\\$/); next }
            sub(/^[ \t]+/, "", line)
            if (line ~ /^\$ owed( |$)/ || line ~ /^owed( |$)/) {
                close_cmd(); n++
                cmdf = dir "/ex." n ".cmd"; outf = dir "/ex." n ".out"
                shown = (line ~ /^\$ /)
                sub(/^\$ /, "", line)
                printf "%s\n", line > cmdf
                printf "" > outf
                if (shown) { printf "" > (dir "/ex." n ".check"); close(dir "/ex." n ".check") }
                cont = (line ~ /\\$/); out = shown
                next
            }
            if (line == "") { out = 0; next }
            if (out) print unroff($0) > outf
        }
        END { close_cmd(); close_doc() }' "$page"
    n=1
    while [ -f "$tmp/ex.$n.cmd" ]; do
        base="$tmp/ex.$n"
        n=$((n + 1))
        count=$((count + 1))
        (cd "$work" && sh -c 'owed() { "$OWED" "$@"; }
. "$1"' sh "$base.cmd") >"$tmp/stdout" 2>"$tmp/stderr"
        st=$?
        what="$(basename "$page"): $(head -n 1 "$base.cmd")"
        if [ $st -ne 0 ]; then
            echo "FAIL: $what: exit $st" >&2
            cat "$tmp/stderr" >&2
            fail=1
        elif [ -f "$base.check" ] && [ -s "$base.out" ] && ! diff -u "$base.out" "$tmp/stdout" >&2; then
            echo "FAIL: $what: the output is not the page's" >&2
            fail=1
        fi
    done
done
[ $count -gt 0 ] || { echo "FAIL: no example found" >&2; exit 1; }
echo "$count examples run"
exit $fail
