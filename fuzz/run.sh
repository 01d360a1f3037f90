#!/bin/bash
# Builds the fuzz targets with libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer
# against the library sources, seeds their corpora from the source tree, and runs them.
#
#   fuzz/run.sh TARGET SECONDS     build, then run one target for SECONDS
#   fuzz/run.sh all SECONDS        every target for SECONDS each, OWED_FUZZ_JOBS (2) at a time
#   fuzz/run.sh build              build every target only
#   fuzz/run.sh list               the target names
#
# Targets: amount (owed_decimal_parse, owed_number_parse, owed_money_parse), rate
# (owed_rate_parse), date (owed_date_parse), case (owed_case_read_file without the schema),
# case_schema (with it), regime (owed_regime_read_file), rate_table
# (owed_rate_table_read_file), pipeline (read a case, build the report with 0-2 regimes,
# write the text statement to /dev/null), apr (owed_apr_flows_read and owed_apr_compute by
# each method).
#
# Needs clang and its runtime (Debian: apt-get install clang libclang-rt-14-dev), and the
# development files of GMP and libxml2.  Everything it makes goes to $OWED_FUZZ_DIR
# (default ${TMPDIR:-/tmp}/owed-fuzz): objects, binaries, corpora (kept between runs, so a
# run starts from what earlier runs found), logs, and crash inputs in artifacts/.
# A target that crashes, leaks, trips a sanitizer, exceeds OWED_FUZZ_TIMEOUT seconds (30)
# on one input or OWED_FUZZ_RSS_MB (2048) makes the script exit 1; the input is in
# artifacts/.  Reproduce one with: $OWED_FUZZ_DIR/bin/fuzz-TARGET artifacts/FILE.
# The last line of each run is "TARGET: N executions in S s, ..." (also in logs/TARGET.log).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
work=${OWED_FUZZ_DIR:-${TMPDIR:-/tmp}/owed-fuzz}
CC=${CC_FUZZ:-clang}
jobs=${OWED_FUZZ_JOBS:-2}
timeout=${OWED_FUZZ_TIMEOUT:-30}
rss=${OWED_FUZZ_RSS_MB:-2048}
targets="amount rate date case case_schema regime rate_table pipeline apr"

die() { echo "fuzz/run.sh: $*" >&2; exit 2; }

build() {
    [ "${OWED_FUZZ_NOBUILD:-0}" = 1 ] && return 0
    command -v "$CC" >/dev/null || die "$CC not found (apt-get install clang libclang-rt-14-dev)"
    mkdir -p "$work/obj" "$work/bin" "$work/include"
    # The sources include <config.h>; configure's is not needed for the library.
    cat >"$work/include/config.h" <<'H'
#define PACKAGE "owed"
#define PACKAGE_NAME "owed"
#define PACKAGE_VERSION "fuzz"
#define PACKAGE_STRING "owed fuzz"
#define VERSION "fuzz"
#define ENABLE_NLS 0
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
H
    # shellcheck disable=SC2054 # the commas belong to -fsanitize=
    local cflags=(-std=c11 -g -O1 -fno-omit-frame-pointer
        -fsanitize=address,undefined -fno-sanitize-recover=all
        -I"$work/include" -I"$top/src" -DOWED_FUZZ_DATADIR="\"$top/data\""
        -DPKGDATADIR="\"$top/data\"" -DLOCALEDIR='"/nonexistent"'
        -DOWED_SOURCE_DATADIR="\"$top/data\"")
    local pc more=() libs=()
    pc=$(pkg-config --cflags gmp libxml-2.0 2>/dev/null || xml2-config --cflags)
    read -ra more <<<"$pc"
    cflags+=("${more[@]}")
    pc="$(pkg-config --libs gmp 2>/dev/null || echo -lgmp) $(pkg-config --libs libxml-2.0 2>/dev/null || xml2-config --libs)"
    read -ra libs <<<"$pc"
    # The library: every src/*.c but the command line (main.c, cli_*.c, cmd_*.c, and the
    # web page of owed serve, serve_*.c, which needs libmicrohttpd).
    local objs=() obj src t extra
    for src in "$top"/src/*.c; do
        case $(basename "$src") in main.c | cli_*.c | cmd_*.c | serve_*.c) continue ;; esac
        obj="$work/obj/$(basename "${src%.c}").o"
        $CC "${cflags[@]}" -fsanitize=fuzzer-no-link -c "$src" -o "$obj"
        objs+=("$obj")
    done
    $CC "${cflags[@]}" -fsanitize=fuzzer-no-link -c "$here/fuzz_common.c" -o "$work/obj/fuzz_common.o"
    for t in $targets; do
        src="$here/fuzz_$t.c"
        extra=()
        if [ "$t" = case_schema ]; then src="$here/fuzz_case.c"; extra=(-DFUZZ_WITH_SCHEMA); fi
        $CC "${cflags[@]}" "${extra[@]}" -fsanitize=fuzzer "$src" "$work/obj/fuzz_common.o" \
            "${objs[@]}" "${libs[@]}" -o "$work/bin/fuzz-$t"
    done
}

# A libFuzzer dictionary of the names and enumerated values of a schema.
dict_of() {
    sed -n 's/.*\(name\|value\)="\([A-Za-z0-9:._+-]*\)".*/"\2"/p' "$1" | sort -u
    printf '"%s"\n' '<?xml version="1.0" encoding="UTF-8"?>' '="' '" ' '/>' '</' '&#' '&amp;' \
        'urn:owed:case:1' 'urn:owed:regime:1' 'urn:owed:rate-table:1' '%' '/' '-' '.' \
        '9999-12-31' '0001-01-01' '2020-08-20' '2024-02-29'
}

seed() { # target
    local t=$1 dir="$work/corpus/$1"
    mkdir -p "$dir"
    local files=()
    case $t in
    case | case_schema | pipeline)
        files=("$top"/samples/*.xml "$top"/tests/invalid/*.xml "$top"/tests/lawful/*.xml
               "$top"/tests/hostile/*.xml "$top"/fuzz/seeds/case/*) ;;
    regime) files=("$top"/data/regimes/*.xml "$top"/tests/regimes/*.xml "$top"/fuzz/seeds/regime/*) ;;
    rate_table) files=("$top"/data/tables/*.xml "$top"/fuzz/seeds/rate_table/*) ;;
    *) files=("$top"/fuzz/seeds/"$t"/*) ;;
    esac
    for f in "${files[@]}"; do
        [ -f "$f" ] || continue
        # keep the seeds small enough for the fuzzer's input length
        [ "$(wc -c <"$f")" -le 65536 ] || continue
        cp "$f" "$dir/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
    done
    case $t in
    case | case_schema | pipeline) dict_of "$top/data/schema/case.xsd" >"$work/$t.dict" ;;
    regime) dict_of "$top/data/schema/regime.xsd" >"$work/$t.dict" ;;
    rate_table) dict_of "$top/data/schema/rate-table.xsd" >"$work/$t.dict" ;;
    *) printf '"%s"\n' 0 1 9 . - + / % e E 1e999999 -0 0.05% 24% 3/365 2024-02-29 9999-12-31 \
            0001-01-01 CNY JPY >"$work/$t.dict" ;;
    esac
}

run_one() { # target seconds
    local t=$1 secs=$2
    [ -x "$work/bin/fuzz-$t" ] || die "no target '$t' (try: $0 list)"
    seed "$t"
    mkdir -p "$work/logs" "$work/artifacts"
    local log="$work/logs/$t.log" maxlen=4096 status=0
    case $t in amount | rate | date) maxlen=256 ;; *) maxlen=16384 ;; esac
    (cd "$work" && OWED_DATADIR="$top/data" "$work/bin/fuzz-$t" "$work/corpus/$t" \
        -dict="$work/$t.dict" -max_total_time="$secs" -timeout="$timeout" \
        -rss_limit_mb="$rss" -malloc_limit_mb="$rss" -max_len="$maxlen" -print_final_stats=1 \
        -artifact_prefix="$work/artifacts/$t-" >"$log" 2>&1) || status=$?
    local execs time
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    time=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
    if [ "$status" -eq 0 ]; then
        echo "$t: ${execs:-?} executions in ${time:-$secs} s, no crash, leak or sanitizer report" |
            tee -a "$log"
    else
        echo "$t: FAILED (status $status) after ${execs:-?} executions; see $log and $work/artifacts/" |
            tee -a "$log"
        grep -m5 -E 'ERROR: |SUMMARY: |runtime error|property failed|timeout' "$log" >&2 || true
    fi
    return "$status"
}

case ${1:-} in
list) echo "$targets" | tr ' ' '\n' ;;
build) build ;;
all)
    secs=${2:?usage: $0 all SECONDS}
    build
    failed=0
    running=0
    for t in $targets; do
        if [ "$running" -ge "$jobs" ]; then
            wait -n || failed=1
            running=$((running - 1))
        fi
        run_one "$t" "$secs" &
        running=$((running + 1))
    done
    while [ "$running" -gt 0 ]; do
        wait -n || failed=1
        running=$((running - 1))
    done
    exit "$failed"
    ;;
"" | -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; [ -n "${1:-}" ] ;;
*)
    secs=${2:?usage: $0 TARGET SECONDS}
    case " $targets " in *" $1 "*) ;; *) die "unknown target '$1' (one of: $targets)" ;; esac
    build
    run_one "$1" "$secs" || exit 1
    ;;
esac
