#!/bin/sh
# owed batch on generated books (issue 14), run by hand, never by make check:
#
#   sh bench/batch-bench.sh                 # N = 10,000 100,000 1,000,000 loans
#   SIZES="10000 100000" JOBS="1 2" sh bench/batch-bench.sh
#
# For each size N, bench/gen-book.py writes a book of N loans (seed 14; KEEP=DIR keeps the
# books and outputs there and reuses books already made), then for each worker count in
# JOBS (default: 1 and the number of processors) `owed batch -j J -r cn-private-2020` audits
# it under GNU time, and one line is printed:
#   loans, events (event rows + one disbursement a loan, as bench/README.md counts events),
#   jobs, wall seconds, CPU seconds (user + system, all processes), loans/s and events/s of
#   wall time, events/s per CPU second, peak RSS in MiB (GNU time %M: the largest process).
# OWED=PATH times another binary (a copy of an older build: before and after a change, on
# the same books with KEEP).  Needs python3 and GNU time as /usr/bin/time.  Run from the
# top of a built tree.
set -u
OWED=${OWED:-./src/owed}
SIZES=${SIZES:-10000 100000 1000000}
JOBS=${JOBS:-1 $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}
REGIME=${REGIME:-cn-private-2020}
[ -x /usr/bin/time ] || { echo "batch-bench: needs GNU time as /usr/bin/time" >&2; exit 2; }
if [ -n "${KEEP:-}" ]; then dir=$KEEP; mkdir -p "$dir"; else
    dir=$(mktemp -d) || exit 2; trap 'rm -rf "$dir"' EXIT; fi
here=$(dirname "$0")
printf '%9s %10s %4s %9s %9s %9s %10s %12s %8s\n' loans events jobs wall_s cpu_s loans/s \
    events/s events/cpu_s rss_MiB
for n in $SIZES; do
    t=$dir/terms-$n.csv e=$dir/events-$n.csv
    [ -s "$t" ] && [ -s "$e" ] || python3 "$here/gen-book.py" --loans "$n" "$t" "$e" >/dev/null || exit 2
    events=$(($(wc -l <"$e") - 1 + n))
    for j in $JOBS; do
        /usr/bin/time -f '%e %U %S %M' -o "$dir/time" "$OWED" batch -j "$j" -r "$REGIME" \
            -o "$dir/out-$n-$j.csv" "$t" "$e"
        rc=$?
        [ "$rc" -le 1 ] || echo "batch-bench: owed batch exit $rc" >&2
        read -r wall user sys rss <<EOT
$(tail -n 1 "$dir/time")
EOT
        awk -v n="$n" -v ev="$events" -v j="$j" -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss" 'BEGIN {
            c = u + s; if (w <= 0) w = 0.01; if (c <= 0) c = 0.01
            printf "%9d %10d %4d %9.2f %9.2f %9.0f %10.0f %12.0f %8.1f\n", n, ev, j, w, c,
                n / w, ev / w, ev / c, m / 1024 }'
    done
done
