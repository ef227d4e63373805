#!/bin/sh
# tests/cli.sh [--update] - golden-file tests for every tool.
#
# Each case is a directory tests/cli/TOOL/CASE/ holding: args (one
# argument a line), optionally stdin, and the expected stdout, stderr and
# exit (the exit code). The tool runs with the case directory as its
# working directory, so args name input files relatively and diagnostics
# are stable. --update rewrites the expected files from the actual run.
. "$(dirname "$0")/setup.sh"
update=0
[ "${1:-}" = "--update" ] && update=1
cases=$top_srcdir/tests/cli
for dir in "$cases"/*/*/; do
    dir=${dir%/}
    tool=$(basename "$(dirname "$dir")")
    name=$tool/$(basename "$dir")
    [ -f "$dir/args" ] || { fail "$name: no args file"; continue; }
    set --
    while IFS= read -r a || [ -n "$a" ]; do set -- "$@" "$a"; done \
        <"$dir/args"
    stdin=/dev/null
    [ -f "$dir/stdin" ] && stdin=$dir/stdin
    code=0
    (cd "$dir" && "$GCX_BIN/$tool" "$@") <"$stdin" >"$TMP/stdout" \
        2>"$TMP/stderr" || code=$?
    echo "$code" >"$TMP/exit"
    if [ $update -eq 1 ]; then
        cp "$TMP/stdout" "$dir/stdout"
        cp "$TMP/stderr" "$dir/stderr"
        cp "$TMP/exit" "$dir/exit"
        ok
        continue
    fi
    good=1
    for f in stdout stderr exit; do
        if [ ! -f "$dir/$f" ]; then
            fail "$name: missing expected $f"; good=0
        elif ! cmp -s "$dir/$f" "$TMP/$f"; then
            fail "$name: $f differs"
            diff -u "$dir/$f" "$TMP/$f" | head -20 >&2 || true
            good=0
        fi
    done
    [ $good -eq 1 ] && ok
done
finish
