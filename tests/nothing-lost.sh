#!/bin/sh
# tests/nothing-lost.sh - nothing lost, end to end: random mixes of valid
# and invalid records (tests/nothing_lost.py, fixed seeds) through the
# tools that keep a rejects stream, gcx-map (NDJSON, CSV, XML) and
# gcx-validate; every input record must be in the output or in the
# rejects, exactly once, and the counts must say read = written +
# rejected.
. "$(dirname "$0")/setup.sh"
py="python3 $top_srcdir/tests/nothing_lost.py"
maps=$top_srcdir/tests/nothing-lost
for kind in ndjson csv xml; do
    for seed in 1 2 3 4 5 6; do
        w=$TMP/$kind-$seed
        mkdir "$w"
        $py make $kind $seed $((50 + seed * 37)) "$w"
        code=0
        "$GCX_BIN/gcx-map" -m "$maps/person.$kind.map" --rejects "$w/rej" \
            --stats "$w/in.$kind" >"$w/out" 2>"$w/err" || code=$?
        check "gcx-map $kind seed $seed: exit 0 or 1 (got $code)" \
            test "$code" -le 1
        check "gcx-map $kind seed $seed: written + rejected = input" \
            $py check-map "$w"
    done
done
for seed in 1 2 3 4 5 6; do
    w=$TMP/canonical-$seed
    mkdir "$w"
    $py make canonical $seed $((50 + seed * 37)) "$w"
    code=0
    "$GCX_BIN/gcx-validate" -q --today=2026-11-28 -r "$w/rej" \
        "$w/in.canonical" >"$w/out" 2>"$w/err" || code=$?
    check "gcx-validate seed $seed: exit 0 or 1 (got $code)" \
        test "$code" -le 1
    check "gcx-validate seed $seed: written + rejected = input" \
        $py check-validate "$w"
done
finish
