#!/bin/sh
# The program is built on the public header alone (issue 11: "the CLI built only on the
# public header"), and stays so: every source and header of the program (src/main.c,
# src/cmd_*.c, src/cli_*.[ch], src/cli.h, src/serve*.[ch]) includes, of the project's own
# headers, only owed.h and the program's own (cli.h, cli_gmp_memory.h, cli_lang.h,
# cli_public.h, i18n.h, serve.h) besides config.h and the system's and libraries' (<...>).  Every command
# (src/cmd_*.c) includes owed.h, directly or through cli_public.h.
set -u
: "${top_srcdir:?}"
fail=0
checked=0
for f in "$top_srcdir"/src/main.c "$top_srcdir"/src/cmd_*.c "$top_srcdir"/src/cli*.c \
    "$top_srcdir"/src/cli*.h "$top_srcdir"/src/serve*.c "$top_srcdir"/src/serve.h; do
    [ -f "$f" ] || { echo "FAIL: ${f#"$top_srcdir"/} is missing" >&2; fail=1; continue; }
    checked=$((checked + 1))
    bad=$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" |
        grep -v -x -E 'config\.h|owed\.h|cli\.h|cli_gmp_memory\.h|cli_lang\.h|cli_public\.h|i18n\.h|serve\.h')
    if [ -n "$bad" ]; then
        echo "FAIL: ${f#"$top_srcdir"/} includes internal headers:" $bad >&2
        fail=1
    fi
done
for f in "$top_srcdir"/src/cmd_*.c; do
    grep -q -E '^#include ("owed\.h"|"cli_public\.h")' "$f" ||
        { echo "FAIL: ${f#"$top_srcdir"/} is not built on owed.h" >&2; fail=1; }
done
# the check itself bites: an internal header in a program file is found
probe=$(printf '#include "owed.h"\n#include "report.h"\n' |
    sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' |
    grep -v -x -E 'config\.h|owed\.h|cli\.h|cli_gmp_memory\.h|cli_lang\.h|cli_public\.h|i18n\.h|serve\.h')
[ "$probe" = report.h ] || { echo "FAIL: the include check does not see report.h" >&2; fail=1; }
echo "$checked files of the program built on owed.h alone"
exit $fail
