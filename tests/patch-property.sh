#!/bin/sh
# tests/patch-property.sh - patch(OLD, diff(OLD, NEW)) = NEW. For several
# seeds, tests/gen-snapshots makes OLD and NEW (about 5,000 person
# records) with known numbers of added, removed and changed records, and
# the delta between them; gcx-patch must give NEW in key order, byte for
# byte and fingerprint for fingerprint, with and without --sorted, on a
# file and on stdout. When gcx-diff is built, its delta must have the
# generated counts and round-trip too. A delta that does not apply
# leaves no -o file and prints nothing on stdout.
. "$(dirname "$0")/setup.sh"
gen=$top_builddir/tests/gen-snapshots
patch=$GCX_BIN/gcx-patch
canon=$GCX_BIN/gcx-canon

# fps FILE: the sorted fingerprints of FILE's records
fps() { "$canon" --fingerprint=only "$1" | sort; }

for spec in "1 5000 300 200 400" "2 5000 0 0 750" "3 4000 1000 0 0" \
            "4 5000 10 4990 0" "5 1 1 0 1"; do
    set -- $spec
    seed=$1 n=$2 na=$3 nr=$4 nc=$5
    w=$TMP/seed$seed
    mkdir "$w"
    counts=$("$gen" "$seed" "$n" "$na" "$nr" "$nc" "$w")
    check "seed $seed: generated counts" \
        [ "$counts" = "added=$na removed=$nr changed=$nc" ]
    hdr=$(head -n 1 "$w/delta.ndjson")
    check "seed $seed: header counts $hdr" [ "$(echo "$hdr" |
        sed 's/.*"added":\([0-9]*\),"removed":\([0-9]*\),"changed":\([0-9]*\)}/\1 \2 \3/')" = "$na $nr $nc" ]
    lines=$(($(wc -l <"$w/delta.ndjson") - 1))
    check "seed $seed: delta lines" [ "$lines" -eq $((na + nr + nc)) ]
    check "seed $seed: NEW has N+A-R records" \
        [ "$(wc -l <"$w/new-sorted.ndjson")" -eq $((n + na - nr)) ]

    code=0
    "$patch" -q -o "$w/out" "$w/old.ndjson" "$w/delta.ndjson" || code=$?
    check "seed $seed: patch exits 0 ($code)" [ "$code" -eq 0 ]
    check "seed $seed: patch(OLD, delta) = NEW, byte for byte" \
        cmp -s "$w/out" "$w/new-sorted.ndjson"
    fps "$w/out" >"$w/fp-out"
    fps "$w/new-sorted.ndjson" >"$w/fp-new"
    check "seed $seed: fingerprints equal" cmp -s "$w/fp-out" "$w/fp-new"
    "$patch" -q --sorted "$w/old-sorted.ndjson" - <"$w/delta.ndjson" \
        >"$w/out2" || true
    check "seed $seed: --sorted, delta on stdin, to stdout" \
        cmp -s "$w/out2" "$w/new-sorted.ndjson"
    "$patch" -q --memory=1M "$w/old.ndjson" "$w/delta.ndjson" \
        >"$w/out3" || true
    check "seed $seed: --memory=1M" cmp -s "$w/out3" "$w/new-sorted.ndjson"

    if [ -x "$GCX_BIN/gcx-diff" ]; then
        "$GCX_BIN/gcx-diff" --format delta "$w/old.ndjson" \
            "$w/new-sorted.ndjson" >"$w/diff.ndjson" || true
        dh=$(head -n 1 "$w/diff.ndjson")
        check "seed $seed: gcx-diff header counts: $dh" [ "$(echo "$dh" |
            sed -n 's/.*"added":\([0-9]*\).*/\1/p') $(echo "$dh" |
            sed -n 's/.*"removed":\([0-9]*\).*/\1/p') $(echo "$dh" |
            sed -n 's/.*"changed":\([0-9]*\).*/\1/p')" = "$na $nr $nc" ]
        "$patch" -q "$w/old.ndjson" - <"$w/diff.ndjson" >"$w/out4" || true
        fps "$w/out4" >"$w/fp-out4"
        check "seed $seed: patch(OLD, gcx-diff(OLD, NEW)) = NEW" \
            cmp -s "$w/fp-out4" "$w/fp-new"
    fi
done

# failure: a test operation that fails; nothing is written anywhere
w=$TMP/seed1
awk '!done && /^\{"op":"change"/ { sub(/"op":"test","path":"[^"]*","value":"/,
     "&X"); done = 1 } { print }' "$w/delta.ndjson" >"$w/bad-test.ndjson"
check "the bad delta differs" sh -c "! cmp -s '$w/bad-test.ndjson' \
    '$w/delta.ndjson'"
# bad-remove: a fingerprint that is not the record's
zeros=0000000000000000000000000000000000000000000000000000000000000000
awk -v z="$zeros" '!done && /^\{"op":"remove"/ {
     sub(/sha256:[0-9a-f]*/, "sha256:" z); done = 1 } { print }' \
    "$w/delta.ndjson" >"$w/bad-remove.ndjson"
for bad in bad-test bad-remove; do
    code=0
    "$patch" -q -o "$w/$bad.out" "$w/old.ndjson" "$w/$bad.ndjson" \
        2>"$w/$bad.err" || code=$?
    check "$bad: exit 1 ($code)" [ "$code" -eq 1 ]
    check "$bad: no -o file" [ ! -e "$w/$bad.out" ]
    check "$bad: names the delta line" grep -q "$bad.ndjson:[0-9]*: error" \
        "$w/$bad.err"
    code=0
    "$patch" -q "$w/old.ndjson" "$w/$bad.ndjson" >"$w/$bad.stdout" \
        2>/dev/null || code=$?
    check "$bad: exit 1 to stdout ($code)" [ "$code" -eq 1 ]
    check "$bad: nothing on stdout" [ ! -s "$w/$bad.stdout" ]
done
check "bad-test: names the operation" \
    grep -q "operation 0 (test " "$w/bad-test.err"
check "bad-remove: says the fingerprint" grep -q "fingerprint" \
    "$w/bad-remove.err"
# an existing -o file is left as it was
echo keep >"$w/kept"
"$patch" -q -o "$w/kept" "$w/old.ndjson" "$w/bad-test.ndjson" \
    2>/dev/null || true
check "a failed run keeps the old -o file" [ "$(cat "$w/kept")" = keep ]
# --sorted on a shuffled snapshot fails clearly
code=0
"$patch" -q --sorted "$w/old.ndjson" "$w/delta.ndjson" >"$w/s.out" \
    2>"$w/s.err" || code=$?
check "--sorted on shuffled input: exit 1 ($code)" [ "$code" -eq 1 ]
check "--sorted on shuffled input: says so" grep -q "sorted" "$w/s.err"
check "--sorted on shuffled input: nothing on stdout" [ ! -s "$w/s.out" ]
finish
