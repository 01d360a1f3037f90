#!/bin/sh
# Builds and runs the benchmark of the certified XIRR solver (not part of make check):
# proven solves per second for 2, 24, 100 and 1,000 flows at 10 significant digits.
# Run from the build directory:  sh bench/apr-bench.sh [MILLISECONDS-PER-SIZE]
set -e
make bench/apr_bench >/dev/null
exec ./bench/apr_bench "$@"
