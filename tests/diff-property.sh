#!/bin/sh
# tests/diff-property.sh - gcx-diff on generated snapshots: an OLD of
# N records and a NEW (in another order) with known numbers of added,
# removed and changed records. The JSON report must give those counts
# exactly; a 1 MiB budget (so sorted runs spill to temporary files) must
# give the same report and the same delta; and the delta header agrees.
. "$(dirname "$0")/setup.sh"
N=${GCX_DIFF_PROPERTY_N:-20000}
diff_tool=$GCX_BIN/gcx-diff

# gen: OLD to old.ndjson, NEW (reversed order) to new.ndjson, expected
# counts to want.txt. Record i is removed when i % 101 == 1, else changed
# when i % 67 == 0; NEW also has A added records.
awk -v n="$N" -v dir="$TMP" 'BEGIN {
    pad = sprintf("%0200d", 0)
    a = 0; r = 0; c = 0
    for (i = 1; i <= n; i++) {
        rec = "{\"recordType\":\"person\",\"identifiers\":[{\"scheme\":" \
              "\"T\",\"value\":\"ID" i "\"}],\"pad\":\"" pad "\""
        print rec ",\"n\":" i "}" > (dir "/old.ndjson")
        if (i % 101 == 1) { r++; continue }
        if (i % 67 == 0) { c++; line[i] = rec ",\"n\":" (i + 1) "}" }
        else line[i] = "{\"n\":" i ",\"pad\":\"" pad "\",\"recordType\":" \
              "\"person\",\"identifiers\":[{\"value\":\"ID" i "\"," \
              "\"scheme\":\"T\"}]}"
    }
    for (i = n; i >= 1; i--) {
        if (i in line) print line[i] > (dir "/new.ndjson")
        if (i % 97 == 0) {
            a++
            print "{\"recordType\":\"person\",\"identifiers\":[{" \
                  "\"scheme\":\"T\",\"value\":\"NEW" i "\"}]}" \
                  > (dir "/new.ndjson")
        }
    }
    printf "\"old\":%d,\"new\":%d,\"added\":%d,\"removed\":%d," \
           "\"changed\":%d,\"unchanged\":%d,\"variants\":0\n",
           n, n - r + a, a, r, c, n - r - c > (dir "/want.txt")
}'

code=0
"$diff_tool" --no-schema --format=json "$TMP/old.ndjson" "$TMP/new.ndjson" \
    >"$TMP/report.json" || code=$?
check "exit 1 when the snapshots differ (got $code)" [ "$code" -eq 1 ]
got=$(sed -n '1s/^{"summary":{\(.*\)},$/\1/p' "$TMP/report.json")
want=$(cat "$TMP/want.txt")
check "counts: want $want, got $got" [ "$got" = "$want" ]

code=0
"$diff_tool" --no-schema --format=json --memory=1M --tmpdir="$TMP" \
    "$TMP/old.ndjson" "$TMP/new.ndjson" >"$TMP/report-1m.json" || code=$?
check "1 MiB budget: exit 1 (got $code)" [ "$code" -eq 1 ]
check "1 MiB budget: the same report" \
    cmp -s "$TMP/report.json" "$TMP/report-1m.json"

code=0
"$diff_tool" -q --no-schema --format=delta "$TMP/old.ndjson" \
    "$TMP/new.ndjson" >"$TMP/delta" || code=$?
"$diff_tool" -q --no-schema --format=delta --memory=1M "$TMP/old.ndjson" \
    "$TMP/new.ndjson" >"$TMP/delta-1m" || true
check "1 MiB budget: the same delta" cmp -s "$TMP/delta" "$TMP/delta-1m"
lines=$(($(wc -l <"$TMP/delta") - 1))
head=$(head -n 1 "$TMP/delta" |
       sed 's/.*"added":\([0-9]*\),"removed":\([0-9]*\),"changed":\([0-9]*\)}/\1 \2 \3/')
set -- $head
check "delta header counts the lines ($head; $lines lines)" \
    [ $(($1 + $2 + $3)) -eq "$lines" ]
check "delta: one change line per changed record" \
    [ "$(grep -c '"op":"change"' "$TMP/delta")" -eq "$3" ]

# a snapshot against itself, shuffled: equal, exit 0
code=0
awk 'NR % 2' "$TMP/old.ndjson" >"$TMP/shuf.ndjson"
awk 'NR % 2 == 0' "$TMP/old.ndjson" >>"$TMP/shuf.ndjson"
"$diff_tool" -q --no-schema --memory=1M "$TMP/old.ndjson" \
    "$TMP/shuf.ndjson" >"$TMP/same" || code=$?
check "a shuffled copy is equal (exit $code)" [ "$code" -eq 0 ]
check "a shuffled copy prints nothing" [ ! -s "$TMP/same" ]
check "temporary files are removed" \
    [ -z "$(find "$TMP" -mindepth 1 -path "$TMP/vgbin" -prune -o \
            -name 'gcx-*' -print | head -1)" ]
finish
