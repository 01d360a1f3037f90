#!/bin/sh
# The installed library as a program outside the project uses it: `make install` of the
# build tree into a temporary DESTDIR, tests/api_test.c (which includes only <owed.h>)
# compiled with `pkg-config --cflags --libs owed` from that installation and run against
# the installed libowed; and `nm -D` on the installed shared library lists only owed_
# symbols, exactly those of src/libowed.sym, as the installed libowed.a does (and the same
# program links with it statically).  Skips (77) without a shared library (configure
# --disable-shared), pkg-config or nm.  Writes nothing outside its temporary directory.
set -u
: "${top_srcdir:?}" "${top_builddir:?}" "${libdir:?}" "${OWED_DATADIR:?}"
MAKE=${MAKE:-make}
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
command -v "$PKG_CONFIG" >/dev/null 2>&1 || { echo "SKIP: no pkg-config"; exit 77; }
command -v nm >/dev/null 2>&1 || { echo "SKIP: no nm"; exit 77; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
dest="$tmp/dest"
fail=0

if ! $MAKE -C "$top_builddir" install DESTDIR="$dest" >"$tmp/install.log" 2>&1; then
    echo "FAIL: make install DESTDIR=$dest" >&2
    tail -20 "$tmp/install.log" >&2
    exit 1
fi
lib="$dest$libdir"
so=$(ls "$lib"/libowed.so.* 2>/dev/null | head -n 1)
[ -n "$so" ] || { echo "SKIP: no shared libowed installed (--disable-shared?)"; exit 77; }

# the exported symbols: exactly the public ones
nm -D --defined-only "$so" | awk '{print $NF}' |
    grep -v -E '^(_init|_fini|_edata|_end|__bss_start|_DYNAMIC|_GLOBAL_OFFSET_TABLE_)$' |
    sed 's/@.*//' | sort -u >"$tmp/exported"
if grep -v '^owed_' "$tmp/exported" >"$tmp/foreign"; then
    echo "FAIL: the library exports symbols not named owed_:" >&2
    cat "$tmp/foreign" >&2
    fail=1
fi
sort -u "$top_srcdir/src/libowed.sym" >"$tmp/listed"
if ! cmp -s "$tmp/exported" "$tmp/listed"; then
    echo "FAIL: the exported symbols differ from src/libowed.sym:" >&2
    diff "$tmp/listed" "$tmp/exported" >&2
    fail=1
fi

# a program built only on the installed header and library
PKG_CONFIG_LIBDIR="$lib/pkgconfig"
PKG_CONFIG_PATH=
PKG_CONFIG_SYSROOT_DIR="$dest"
export PKG_CONFIG_LIBDIR PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
flags=$("$PKG_CONFIG" --cflags --libs owed) || { echo "FAIL: pkg-config owed" >&2; exit 1; }
case $flags in
*"$dest"*) ;;
*) echo "FAIL: pkg-config flags do not point into DESTDIR: $flags" >&2; exit 1 ;;
esac
# only the installed header: no -I into the source or build tree
# shellcheck disable=SC2086
if ! $CC ${OWED_TEST_CFLAGS-} -o "$tmp/api_test" "$top_srcdir/tests/api_test.c" $flags -pthread \
        >"$tmp/cc.log" 2>&1; then
    echo "FAIL: compiling tests/api_test.c with: $flags" >&2
    cat "$tmp/cc.log" >&2
    exit 1
fi
LD_LIBRARY_PATH="$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export LD_LIBRARY_PATH
if ! "$tmp/api_test" "$OWED_DATADIR" >"$tmp/out" 2>&1; then
    echo "FAIL: tests/api_test" >&2
    cat "$tmp/out" >&2
    fail=1
else
    cat "$tmp/out"
fi
# the static library, when installed: the same symbols, and the same program linked with it
a="$lib/libowed.a"
if [ -f "$a" ]; then
    nm -g --defined-only "$a" | awk 'NF == 3 {print $3}' | sort -u >"$tmp/static"
    if ! cmp -s "$tmp/static" "$tmp/listed"; then
        echo "FAIL: the global symbols of libowed.a differ from src/libowed.sym:" >&2
        diff "$tmp/listed" "$tmp/static" >&2
        fail=1
    fi
    sflags=$("$PKG_CONFIG" --cflags --libs --static owed | sed 's/-lowed//') ||
        { echo "FAIL: pkg-config --static owed" >&2; exit 1; }
    # shellcheck disable=SC2086
    if ! $CC ${OWED_TEST_CFLAGS-} -o "$tmp/api_test_static" "$top_srcdir/tests/api_test.c" \
            "$a" $sflags -pthread >"$tmp/cc-static.log" 2>&1; then
        echo "FAIL: linking tests/api_test.c with $a" >&2
        cat "$tmp/cc-static.log" >&2
        fail=1
    elif ! "$tmp/api_test_static" "$OWED_DATADIR" >"$tmp/out-static" 2>&1 ||
            ! cmp -s "$tmp/out" "$tmp/out-static"; then
        echo "FAIL: tests/api_test linked statically printed other output:" >&2
        cat "$tmp/out-static" >&2
        fail=1
    fi
fi
# the program used the installed library, not another one
if command -v ldd >/dev/null 2>&1 && ! ldd "$tmp/api_test" | grep -qF "$lib/libowed.so"; then
    echo "FAIL: api_test did not load $lib/libowed.so:" >&2
    ldd "$tmp/api_test" >&2
    fail=1
fi
exit $fail
