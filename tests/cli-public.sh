#!/bin/sh
# The commands built on the public header (issue 11: the CLI built only on owed.h) stay so:
# every src/cmd_*.c that includes <owed.h> or cli_public.h includes no header of the
# library's internals, only owed.h and the program's own (cli.h, cli_lang.h, cli_public.h,
# i18n.h) besides config.h and the system's.  A command not yet ported includes neither
# and is not checked.
set -u
: "${top_srcdir:?}"
fail=0
checked=0
for f in "$top_srcdir"/src/cmd_*.c; do
    grep -q -E '^#include (<owed\.h>|"owed\.h"|"cli_public\.h")' "$f" || continue
    checked=$((checked + 1))
    bad=$(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f" |
        grep -v -x -E 'owed\.h|cli\.h|cli_lang\.h|cli_public\.h|i18n\.h')
    if [ -n "$bad" ]; then
        echo "FAIL: ${f#"$top_srcdir"/} includes internal headers:" $bad >&2
        fail=1
    fi
done
# the two commands of the bulk audit are among them
for f in cmd_batch.c cmd_import.c cmd_statement.c cmd_check.c; do
    grep -q -E '^#include (<owed\.h>|"cli_public\.h")' "$top_srcdir/src/$f" ||
        { echo "FAIL: src/$f is not built on owed.h" >&2; fail=1; }
done
echo "$checked commands built on owed.h alone"
exit $fail
