#!/bin/sh
# bench/diff.sh BUILDDIR SRCDIR - make bench, the diff part (bench/run.sh
# calls it at the end; it also runs alone): generate two snapshots of
# DIFF_RECORDS person records with 1% changed, 1% added and 1% removed,
# each shuffled (bench/gen-snapshot.c), make them canonical once with
# gcx-canon (cached under BUILDDIR/bench/work), then time on the same
# files gcx-diff (text, --canonical, --format=delta), LC_ALL=C sort of
# both sides then diff, and a keyed diff in Node (Maps keyed by
# recordType and the first identifier); check gcx-diff's counts against
# the generated ones; then diff two DIFF_BIG_RECORDS snapshots with the
# default memory budget and report the peak memory. See bench/README.md,
# "Diff".
#
# Environment: DIFF_RECORDS (default 1000000), DIFF_BIG_RECORDS (default
# 5000000; 0 skips the scale check), BENCH_STRICT=1 (exit 1 on a missed
# target, not only on a failed check).
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 BUILDDIR SRCDIR" >&2
    exit 2
fi
B=$1
S=$2
W=$B/bench/work
DIFF_RECORDS=${DIFF_RECORDS:-1000000}
DIFF_BIG_RECORDS=${DIFF_BIG_RECORDS:-5000000}
RES=$W/results-diff.txt
DEF=$S/mappings/canonical/gcx-canonical-v1.json
MISSED=0
TIME=/usr/bin/time

. "$S/bench/lib.sh"

DIFF=$(gcx_tool gcx-diff)
CANON=$(gcx_tool gcx-canon)
if [ ! -x "$TIME" ]; then
    echo "bench: /usr/bin/time is needed" >&2
    exit 3
fi

# The generator, compiled here (it needs nothing but libc).
GEN=$W/gen-snapshot
src_sum=$(cksum <"$S/bench/gen-snapshot.c")
if [ ! -x "$GEN" ] || [ "$(cat "$GEN.src" 2>/dev/null)" != "$src_sum" ]
then
    ${CC:-cc} -O2 -o "$GEN" "$S/bench/gen-snapshot.c" || exit 3
    echo "$src_sum" >"$GEN.src"
fi

# run NAME CMD...: run CMD under time, stdout to $W/diff.out; sets T_S,
# T_MB (peak RSS, MB of 10^6 bytes) and T_RC.
run() {
    r_name=$1
    shift
    "$TIME" -f '%e %M' -o "$W/time.out" "$@" >"$W/diff.out" \
        2>"$W/diff.err"
    T_RC=$?
    T_S=$(tail -n 1 "$W/time.out" | cut -d' ' -f1)
    T_MB=$(tail -n 1 "$W/time.out" |
        awk '{ printf "%.0f", $2 * 1024 / 1000000 }')
    case $T_RC in
    0 | 1) ;;
    *) fail "$r_name exited with $T_RC: $(head -n 1 "$W/diff.err")" ;;
    esac
}
row() {
    printf '%-36s %-14s %8s %9s %8s\n' "$@" | tee -a "$RES"
}
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}

# ------------------------------------------------------------ 1M

N=$DIFF_RECORDS
OLD=$W/diff-old-$N.ndjson
NEW=$W/diff-new-$N.ndjson
if [ ! -s "$OLD" ] || [ ! -s "$NEW" ] || [ ! -s "$OLD.counts" ] ||
    [ "$(cat "$W/diff-$N.src" 2>/dev/null)" != "$src_sum" ]; then
    echo "bench: generating two snapshots of $N records" >&2
    "$GEN" "$N" "$W/diff-old.raw" "$W/diff-new.raw" >"$OLD.counts" &&
        "$CANON" -q --schema="$DEF" "$W/diff-old.raw" >"$OLD" &&
        "$CANON" -q --schema="$DEF" "$W/diff-new.raw" >"$NEW" || exit 3
    rm -f "$W/diff-old.raw" "$W/diff-new.raw"
    echo "$src_sum" >"$W/diff-$N.src"
fi
WANT=$(cat "$OLD.counts")
SIZE=$(wc -c <"$OLD" | tr -d ' ')

say ""
say "-- gcx-diff: two snapshots of $N canonical records" \
    "($(awk -v b="$SIZE" 'BEGIN { printf "%.0f", b / 1e6 }') MB each;" \
    "generated: $WANT)"
row "tool" "" "seconds" "peak MB" "ratio"

# the reference: sort both sides, then diff
run "sort | diff" sh -c 'LC_ALL=C sort -T "$3" "$1" >"$3/diff-a.sorted" &&
    LC_ALL=C sort -T "$3" "$2" >"$3/diff-b.sorted" &&
    { diff "$3/diff-a.sorted" "$3/diff-b.sorted"; [ $? -le 1 ]; }' \
    sh "$OLD" "$NEW" "$W"
rm -f "$W/diff-a.sorted" "$W/diff-b.sorted"
REF_S=$T_S
REF_MB=$T_MB
row "LC_ALL=C sort a; sort b; diff" "lines only" "$T_S" "$T_MB" "1.00"

# check: text; summary "... A added, R removed, C changed"
check_counts() {
    got=$(sed -n 's/.*: \([0-9]*\) added, \([0-9]*\) removed, '\
'\([0-9]*\) changed.*/added=\1 removed=\2 changed=\3/p' "$W/diff.err")
    if [ "$got" != "$WANT" ]; then
        fail "$1: counted '$got', generated '$WANT'"
    fi
}
run "gcx-diff" "$DIFF" --schema="$DEF" "$OLD" "$NEW"
check_counts "gcx-diff"
GCX_S=$T_S
GCX_MB=$T_MB
row "gcx-diff (text)" "fields named" "$T_S" "$T_MB" \
    "$(ratio "$REF_S" "$T_S")"
run "gcx-diff --canonical" "$DIFF" --canonical --schema="$DEF" "$OLD" \
    "$NEW"
check_counts "gcx-diff --canonical"
CAN_S=$T_S
row "gcx-diff --canonical (text)" "fields named" "$T_S" "$T_MB" \
    "$(ratio "$REF_S" "$T_S")"
run "gcx-diff --format=delta" "$DIFF" --format=delta --schema="$DEF" \
    "$OLD" "$NEW"
check_counts "gcx-diff --format=delta"
row "gcx-diff --format=delta" "RFC 6902" "$T_S" "$T_MB" \
    "$(ratio "$REF_S" "$T_S")"

# a keyed diff in Node: both sides into Maps, compared as strings
if command -v node >/dev/null 2>&1; then
    cat >"$W/diff-keyed.js" <<'EOF'
// keyed diff: recordType + first identifier -> canonical line
const fs = require('fs');
const readline = require('readline');
async function load(path) {
    const m = new Map();
    const rl = readline.createInterface({input: fs.createReadStream(path),
                                         crlfDelay: Infinity});
    for await (const line of rl) {
        if (!line) continue;
        const r = JSON.parse(line);
        const id = r.identifiers[0];
        m.set(r.recordType + '/' + id.scheme + '/' + id.value, line);
    }
    return m;
}
(async () => {
    const a = await load(process.argv[2]);
    const b = await load(process.argv[3]);
    let added = 0, removed = 0, changed = 0;
    for (const [k, v] of a) {
        const w = b.get(k);
        if (w === undefined) removed++;
        else if (w !== v) changed++;
    }
    for (const k of b.keys()) if (!a.has(k)) added++;
    console.log(`added=${added} removed=${removed} changed=${changed}`);
})();
EOF
    run "node" node --max-old-space-size=8192 "$W/diff-keyed.js" "$OLD" \
        "$NEW"
    if [ "$(cat "$W/diff.out")" != "$WANT" ]; then
        fail "node keyed diff: counted '$(cat "$W/diff.out")'"
    fi
    row "node Map keyed diff" "keys only" "$T_S" "$T_MB" \
        "$(ratio "$REF_S" "$T_S")"
else
    row "node Map keyed diff" "unavailable" "" "" ""
fi
say "(ratio = sort|diff seconds / this row's seconds: > 1 is faster;" \
    "peak = max RSS, MB = 10^6 bytes)"

# ------------------------------------------------------------ 5M

BIG_S=
BIG_MB=
if [ "$DIFF_BIG_RECORDS" -gt 0 ]; then
    need=$((DIFF_BIG_RECORDS * 1200 / 1000)) # KB: two sides and runs
    avail=$(df -Pk "$W" | awk 'NR == 2 { print $4 }')
    if [ "$avail" -lt "$need" ]; then
        say "scale check skipped: $avail KB free in $W, $need KB wanted"
    else
        echo "bench: generating two snapshots of $DIFF_BIG_RECORDS" \
            "records" >&2
        BOLD=$W/diff-big-old.ndjson
        BNEW=$W/diff-big-new.ndjson
        WANT=$("$GEN" "$DIFF_BIG_RECORDS" "$BOLD" "$BNEW") || exit 3
        run "gcx-diff (big)" "$DIFF" --memory=256M --schema="$DEF" \
            "$BOLD" "$BNEW"
        check_counts "gcx-diff (big)"
        BIG_S=$T_S
        BIG_MB=$T_MB
        say ""
        say "-- scale: two snapshots of $DIFF_BIG_RECORDS records" \
            "($(wc -c <"$BOLD" | awk '{ printf "%.0f", $1 / 1e6 }') MB" \
            "each, not canonical), --memory=256M"
        row "gcx-diff (text)" "fields named" "$T_S" "$T_MB" ""
        rm -f "$BOLD" "$BNEW"
    fi
fi

# ------------------------------------------------------------ targets

verdict() {
    if awk -v a="$1" -v b="$3" "BEGIN { exit !(a $2 b) }"; then
        echo PASS
    else
        echo MISS
    fi
}
say ""
say "-- diff targets"
say "  gcx-diff faster than sort | diff:    $GCX_S s vs $REF_S s" \
    "($REF_MB MB)  $(verdict "$GCX_S" "<" "$REF_S")"
say "  gcx-diff --canonical faster:         $CAN_S s  " \
    "$(verdict "$CAN_S" "<" "$REF_S")"
say "  peak RSS under 256 MB (1M records):  $GCX_MB MB  " \
    "$(verdict "$GCX_MB" "<" 256)"
if [ -n "$BIG_MB" ]; then
    say "  peak RSS under 256 MB ($DIFF_BIG_RECORDS records): $BIG_MB MB" \
        "in $BIG_S s  $(verdict "$BIG_MB" "<" 256)"
fi

grep -q 'MISS$' "$RES" && MISSED=1
if [ "$FAILED" -ne 0 ]; then
    exit 1
fi
if [ -n "${BENCH_STRICT:-}" ] && [ "$MISSED" -ne 0 ]; then
    exit 1
fi
exit 0
