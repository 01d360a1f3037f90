#!/bin/sh
# Replay speed (issue 11; not part of make check): on each generated case, bench/replay_bench
# (owed's contract and lawful replays, in C with GMP) beside bench/replay_ref.py (a plain
# Python replay of the contract view with fractions.Fraction), after checking that the
# Python replay ends with owed's exact contract figures for every loan, so that both replay
# the same thing.  Prints each program's output, then a table of events per CPU second and
# the ratio C / Python for the contract view.  bench/README.md says what each figure means.
#
# Run from the top of the build tree (the source tree when building in place):
#     sh bench/replay-bench.sh [MILLISECONDS]    (CPU budget of each measure; default 2000)
# Environment: SIZES as for bench/statement-bench.sh; KEEP a directory to keep the cases in.
set -e

MS=${1:-2000}
SIZES=${SIZES:-"5:50:365 50:250:548 100:500:730 200:1000:730"}
srcdir=$(cd "$(dirname "$0")/.." && pwd)
make src/owed bench/replay_bench >/dev/null

if [ -n "$KEEP" ]; then
    work=$KEEP
    mkdir -p "$work"
else
    work=$(mktemp -d "${TMPDIR:-/tmp}/owed-bench.XXXXXX")
    trap 'rm -rf "$work"' EXIT INT TERM
fi
budget_s=$(awk -v ms="$MS" 'BEGIN { print ms / 1000 }')
: >"$work/table"
for size in $SIZES; do
    loans=${size%%:*}
    rest=${size#*:}
    nev=${rest%%:*}
    days=${rest#*:}
    case_file=$work/case-$loans.xml
    python3 "$srcdir/bench/gen-case.py" --loans "$loans" --events "$nev" --days "$days" \
        -o "$case_file"
    ./src/owed statement --format=xml "$case_file" >"$work/statement-$loans.xml"
    echo "== $loans loans, $nev case events, $days days"
    OWED_DATADIR=${OWED_DATADIR:-$srcdir/data} ./bench/replay_bench "$case_file" "$MS" \
        >"$work/c-$loans.txt"
    cat "$work/c-$loans.txt"
    python3 "$srcdir/bench/replay_ref.py" "$case_file" --check "$work/statement-$loans.xml" \
        --budget "$budget_s" >"$work/py-$loans.txt"
    cat "$work/py-$loans.txt"
    events=$(awk '/^case / { print $5 }' "$work/c-$loans.txt")
    c_contract=$(awk '$1 == "contract" && NF == 5 { print $5 }' "$work/c-$loans.txt")
    c_all=$(awk '$1 == "contract" && $2 == "+" { print $NF }' "$work/c-$loans.txt")
    py=$(sed -n 's/.*: \([0-9.]*\) events\/s (python reference.*/\1/p' "$work/py-$loans.txt")
    echo "$loans $events $c_contract $c_all $py" >>"$work/table"
done

echo
echo "Events per CPU second (events: case events and claims + disbursements)"
printf '%-6s %-6s %14s %16s %14s %10s\n' loans events "C contract" "C contract+3law" \
    "Python contr." "C/Python"
awk '{ printf "%-6s %-6s %14.1f %16.1f %14.1f %10.1f\n", $1, $2, $3, $4, $5, $3 / $5 }' \
    "$work/table"
