#!/bin/sh
# Times `owed statement` on generated cases of growing size (issue 11; not part of make
# check): each format (text, html, xml, csv) with 0, 1 and 3 regimes, the median wall
# seconds and peak RSS of RUNS runs, then the ratios HTML/text and CSV/text with three
# regimes, and the growth exponent (the log-log slope of time against events between the
# two largest sizes).  bench/README.md says what each figure means.
#
# Run from the top of the build tree (the source tree when building in place):
#     sh bench/statement-bench.sh [RUNS]            (default RUNS 5)
# A cell whose first run takes more than SLOW seconds (default 20) is run 3 times only.
# Environment:
#     SIZES   the cases, as LOANS:EVENTS:DAYS ... (default "5:50:365 50:250:548
#             100:500:730 200:1000:730"; the last is the largest case the default limits
#             allow: OWED_MAX_LOANS 200, OWED_MAX_EVENTS 1000)
#     KEEP    a directory to keep the generated cases and the raw times in
# Needs python3 (bench/gen-case.py) and GNU time as /usr/bin/time (Debian: apt-get install
# time) for the wall time and the peak resident set size.
set -e

RUNS=${1:-5}
SLOW=${SLOW:-20}
SIZES=${SIZES:-"5:50:365 50:250:548 100:500:730 200:1000:730"}
ONE="cn-private-2015"
THREE="cn-private-2015 cn-private-2020 cn-licensed"
srcdir=$(cd "$(dirname "$0")/.." && pwd)

if [ ! -x /usr/bin/time ]; then
    echo "statement-bench.sh: /usr/bin/time is missing (Debian: apt-get install time)" >&2
    exit 2
fi
make src/owed >/dev/null

if [ -n "$KEEP" ]; then
    work=$KEEP
    mkdir -p "$work"
else
    work=$(mktemp -d "${TMPDIR:-/tmp}/owed-bench.XXXXXX")
    trap 'rm -rf "$work"' EXIT INT TERM
fi

median() {
    sort -n | awk '{ a[NR] = $1 }
        END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# regime options for 0, 1 or 3 regimes
ropts() {
    case $1 in
    0) ;;
    1) echo "-r $ONE" ;;
    3) for r in $THREE; do printf ' -r %s' "$r"; done ;;
    esac
}

results=$work/results.txt
: >"$results"
echo "owed statement: median of RUNS runs ($RUNS, or 3 when the first took over $SLOW s):" \
    "wall seconds (GNU time %e, 0.01 s resolution), CPU seconds (%U + %S) and peak RSS (%M)"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
printf '%-6s %-6s %-5s %-6s %-7s %-4s %9s %9s %9s\n' loans events days format regimes runs \
    "wall s" "CPU s" "RSS MB"
for size in $SIZES; do
    loans=${size%%:*}
    rest=${size#*:}
    nev=${rest%%:*}
    days=${rest#*:}
    case_file=$work/case-$loans.xml
    python3 "$srcdir/bench/gen-case.py" --loans "$loans" --events "$nev" --days "$days" \
        -o "$case_file"
    # events: the case's events (payments, extensions, charges, claims) + disbursements
    events=$(grep -c -e '<payment ' -e '<extension ' -e '<charge ' -e '<claim ' \
        -e '<disbursement ' "$case_file")
    for fmt in text html xml csv; do
        for nr in 0 1 3; do
            raw=$work/raw-$loans-$fmt-$nr.txt
            : >"$raw"
            i=0
            runs=$RUNS
            while [ "$i" -lt "$runs" ]; do
                # shellcheck disable=SC2046
                if ! /usr/bin/time -f '%e %M %U %S' -o "$work/t" ./src/owed statement \
                    --format="$fmt" $(ropts $nr) "$case_file" >/dev/null 2>"$work/err"; then
                    echo "statement-bench.sh: owed statement failed:" >&2
                    cat "$work/err" "$work/t" >&2
                    exit 1
                fi
                tail -n 1 "$work/t" | awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' >>"$raw"
                i=$((i + 1))
                # a slow cell: the median of 3 runs
                if [ "$i" -eq 1 ] && [ "$runs" -gt 3 ] &&
                    awk -v s="$SLOW" '{ exit !($1 > s) }' "$work/t"; then
                    runs=3
                fi
            done
            wall=$(cut -d' ' -f1 "$raw" | median)
            rss=$(cut -d' ' -f2 "$raw" | median)
            cpu=$(cut -d' ' -f3 "$raw" | median)
            rss_mb=$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')
            printf '%-6s %-6s %-5s %-6s %-7s %-4s %9s %9s %9s\n' "$loans" "$events" "$days" \
                "$fmt" "$nr" "$runs" "$wall" "$cpu" "$rss_mb"
            echo "$loans $events $fmt $nr $wall $rss_mb $cpu" >>"$results"
        done
    done
done

echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
echo
echo "Ratios with 3 regimes: the median time of the format / that of text (wall, and CPU):"
printf '%-6s %-6s %10s %10s %10s %10s\n' loans events HTML/text CSV/text "HTML CPU" "CSV CPU"
awk 'function r(a, b) { return b > 0 ? sprintf("%10.2f", a / b) : sprintf("%10s", "-") }
    $4 == 3 { t[$1 " " $2 " " $3] = $5; c[$1 " " $2 " " $3] = $7
              if (!(($1 " " $2) in seen)) { seen[$1 " " $2] = 1; o[++n] = $1 " " $2 } }
    END {
        for (i = 1; i <= n; i++) {
            k = o[i]; split(k, f, " ")
            printf "%-6s %-6s %s %s %s %s\n", f[1], f[2], r(t[k " html"], t[k " text"]),
                r(t[k " csv"], t[k " text"]), r(c[k " html"], c[k " text"]),
                r(c[k " csv"], c[k " text"])
        }
    }' "$results"

echo
echo "Growth exponent between the two largest sizes: log(t2 / t1) / log(events2 / events1)"
printf '%-6s %8s %8s %8s\n' format regimes wall CPU
# the two largest sizes are the last two of SIZES
la=$(echo "$SIZES" | awk 'NF >= 2 { split($(NF - 1), f, ":"); print f[1] }')
lb=$(echo "$SIZES" | awk 'NF >= 2 { split($NF, f, ":"); print f[1] }')
if [ -n "$la" ]; then
    awk -v la="$la" -v lb="$lb" '
        function x(a, b) {
            return a > 0 && b > 0 && e2 != e1 ? sprintf("%8.2f", log(b / a) / log(e2 / e1)) \
                : sprintf("%8s", "-")
        }
        $1 == la { t1[$3 " " $4] = $5; c1[$3 " " $4] = $7; e1 = $2 }
        $1 == lb { t2[$3 " " $4] = $5; c2[$3 " " $4] = $7; e2 = $2; o[++n] = $3 " " $4 }
        END {
            for (i = 1; i <= n; i++) {
                k = o[i]; split(k, f, " ")
                printf "%-6s %8s %s %s\n", f[1], f[2], x(t1[k], t2[k]), x(c1[k], c2[k])
            }
            printf "(events %d -> %d)\n", e1, e2
        }' "$results"
fi
