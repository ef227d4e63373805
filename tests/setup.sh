# tests/setup.sh - sourced by every shell test: strict mode, paths to the
# built tools and the source tree, a temporary directory removed on exit,
# and small assertion helpers. Counts are printed as "N passed, N failed".
set -eu
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${GCX_BIN:=$top_builddir/tools}"
export top_srcdir top_builddir GCX_BIN
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gcx-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
# make check-valgrind: GCX_VALGRIND is the command to run tools under;
# every tool of GCX_BIN is then called through a wrapper that uses it
# (valgrind's exit code 99 on an error or a definite leak).
GCX_BIN_REAL=$GCX_BIN
if [ -n "${GCX_VALGRIND:-}" ]; then
    mkdir "$TMP/vgbin"
    for tool in "$GCX_BIN"/gcx "$GCX_BIN"/gcx-*; do
        [ -f "$tool" ] || continue
        case $tool in *.o | *.c) continue ;; esac
        printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$GCX_VALGRIND" "$tool" \
            >"$TMP/vgbin/${tool##*/}"
        chmod +x "$TMP/vgbin/${tool##*/}"
    done
    GCX_BIN=$TMP/vgbin
fi
passed=0
failed=0

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
# check DESCRIPTION COMMAND...: passes when COMMAND succeeds
check() { d=$1; shift; if "$@"; then ok; else fail "$d"; fi; }
# finish: the closing line, and the exit status make check reads
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
