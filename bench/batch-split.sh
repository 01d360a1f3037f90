#!/bin/sh
# Split a loan book across processes on one machine, with plain shell, and merge the rows:
# what README.md ("Scaling out") describes for GNU parallel, Hadoop Streaming or Spark.
#
#   sh bench/batch-split.sh [-n CHUNKS] [-k] [--check] TERMS.csv EVENTS.csv [-- BATCH-OPTION...]
#
# The terms file is cut into CHUNKS pieces of about the same number of rows, each cut on a
# change of borrower; the events file is cut at the same borrowers (both files are sorted by
# borrower, as owed batch needs).  Each pair of pieces is audited by its own
# `owed batch -j 1` (xargs -P, or GNU parallel when installed), and the outputs are joined
# in order: the header once, then every piece's rows.  With --check the joined output is
# compared with one `owed batch` of the whole book, byte for byte.  -k keeps the pieces
# (printed directory).  Exit status: the highest of the pieces' (0, 1 or 2), or 3 when
# --check finds a difference.
#
# Assumes one row a line (no line end inside a quoted field) and the borrower in the first
# column, written the same way in both files: true of bench/gen-book.py's books and of most
# exports.  $OWED is the program (default ./src/owed).
set -u
OWED=${OWED:-./src/owed}
chunks=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
check=0 keep=0
while [ $# -gt 0 ]; do
    case $1 in
    -n) chunks=$2; shift 2 ;;
    -k) keep=1; shift ;;
    --check) check=1; shift ;;
    *) break ;;
    esac
done
[ $# -ge 2 ] || { echo "usage: $0 [-n CHUNKS] [-k] [--check] TERMS.csv EVENTS.csv [-- OPTION...]" >&2; exit 2; }
terms=$1 events=$2
shift 2
[ "${1:-}" = "--" ] && shift
LC_ALL=C; export LC_ALL
work=$(mktemp -d) || exit 2
[ $keep -eq 1 ] && echo "pieces in $work" >&2 || trap 'rm -rf "$work"' EXIT

# The borrowers that start each piece: after about rows/chunks rows, at the next new borrower.
rows=$(($(wc -l <"$terms") - 1))
per=$(((rows + chunks - 1) / chunks))
[ "$per" -ge 1 ] || per=1
awk -F, -v per="$per" -v dir="$work" '
    NR == 1 { header = $0; next }
    {
        b = $1
        if (n == 0 || (count >= per && b != last)) {
            n++; count = 0
            out = sprintf("%s/t.%04d", dir, n)
            print header > out
            print b > (dir "/starts")
        }
        print > out
        count++; last = b
    }' "$terms"
# Events go to the piece whose first borrower is the last one not after theirs.
awk -F, -v dir="$work" '
    FILENAME != ARGV[2] { start[++n] = $0; next }
    FNR == 1 {
        header = $0
        for (k = 1; k <= n; k++) print header > sprintf("%s/e.%04d", dir, k)
        k = 1; next
    }
    {
        while (k < n && $1 >= start[k + 1]) k++
        print > sprintf("%s/e.%04d", dir, k)
    }' "$work/starts" "$events"

# One `owed batch -j 1` per piece, CHUNKS at a time, each writing its rows and exit status.
ls "$work" | sed -n 's/^t\.//p' >"$work/ids"
W=$work; export W
piece='o=$1; id=$2; shift 2; "$o" batch -j 1 "$@" -o "$W/o.$id" "$W/t.$id" "$W/e.$id" 2>"$W/err.$id"; echo $? >"$W/rc.$id"'
if command -v parallel >/dev/null 2>&1 && parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
    parallel -j "$chunks" sh -c "$piece" sh "$OWED" {} "$@" :::: "$work/ids"
else
    xargs -P "$chunks" -I{} sh -c "$piece" sh "$OWED" {} "$@" <"$work/ids"
fi

# Join in order: the header once, then every piece's rows; the highest exit status.
status=0 first=1
for id in $(cat "$work/ids"); do
    cat "$work/err.$id" >&2
    rc=$(cat "$work/rc.$id")
    [ "$rc" -gt "$status" ] && status=$rc
    if [ $first -eq 1 ]; then cat "$work/o.$id"; first=0; else sed 1d "$work/o.$id"; fi
done >"$work/joined"
cat "$work/joined"
if [ $check -eq 1 ]; then
    "$OWED" batch "$@" -o "$work/whole" "$terms" "$events" 2>/dev/null
    if cmp -s "$work/whole" "$work/joined"; then
        echo "batch-split: $(wc -l <"$work/ids") pieces joined equal one batch of the whole book" >&2
    else
        echo "batch-split: the joined pieces differ from one batch of the whole book" >&2
        exit 3
    fi
fi
exit "$status"
