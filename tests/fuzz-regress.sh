#!/bin/sh
# tests/fuzz-regress.sh - every input the fuzzers found a problem with
# (tests/fuzz/regress/) stays fixed: gcx-map loads each mapping with a
# documented exit code and a diagnostic, gcx-canon writes each record or
# refuses it, never a crash or undefined behaviour (the sanitizer build
# of scripts/test runs this too).
. "$(dirname "$0")/setup.sh"
for f in "$top_srcdir"/tests/fuzz/regress/map-*.map; do
    name=${f##*/}
    code=0
    "$GCX_BIN/gcx-map" --explain -m "$f" >"$TMP/out" 2>"$TMP/err" ||
        code=$?
    check "$name: exit 0 or 4, got $code" \
        test "$code" -eq 0 -o "$code" -eq 4
    if [ "$code" -eq 4 ]; then
        check "$name: the diagnostic names the mapping's line" \
            grep -q "$name:[0-9][0-9]*:[0-9][0-9]*: error: " "$TMP/err"
    fi
done
for f in "$top_srcdir"/tests/fuzz/regress/canon-*.json; do
    name=${f##*/}
    for sets in "" --no-sets; do
        code=0
        "$GCX_BIN/gcx-canon" $sets "$f" >"$TMP/out" 2>"$TMP/err" ||
            code=$?
        check "$name $sets: gcx-canon exits 0 or 1, got $code" \
            test "$code" -le 1
    done
done
finish
