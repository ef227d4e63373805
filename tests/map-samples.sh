#!/bin/sh
# tests/map-samples.sh - every sample export through its mapping
# (tests/map-samples.list), both ways:
#   - forward output equals its golden file (tests/map/STEM.ndjson), and
#     the rejects are exactly the deliberately bad records gcx-map must
#     catch (tests/map/STEM.rejects: record, target, reason);
#   - counts reconcile: read = mapped + rejected;
#   - gcx-validate passes every mapped record except the ones the samples'
#     README says it must reject (tests/map/STEM.findings: record, rule);
#   - the reverse output equals its golden file (tests/map/STEM.back.EXT),
#     and national -> canonical -> national gives the sample back, record
#     by record (tests/map_compare.py), except the rejected records and
#     the messy ones the list names;
#   - the generator (samples/generate.py) gives the committed samples.
# Run with GCX_MAP_UPDATE=1 to rewrite the golden files after a change
# that is meant (then read the diff).
. "$(dirname "$0")/setup.sh"
cd "$top_srcdir"
golden=tests/map
today=2026-11-28

grep -v '^#' tests/map-samples.list | while read -r mapping sample messy; do
    stem=$(basename "${sample%.*}")
    ext=${sample##*.}
    out=$TMP/$stem.ndjson
    rej=$TMP/$stem.rej
    code=0
    "$GCX_BIN/gcx-map" -m "$mapping" --rejects "$rej" --stats "$sample" \
        >"$out" 2>"$TMP/$stem.err" || code=$?

    # forward: golden output, rejects, counts
    if [ "${GCX_MAP_UPDATE:-}" = 1 ]; then
        cp "$out" "$golden/$stem.ndjson"
        python3 -c 'import json,sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    print(r["record"], r.get("target", "-"), r["reason"])' "$rej" \
            >"$golden/$stem.rejects"
    fi
    check "$stem: output equals $golden/$stem.ndjson" \
        cmp -s "$out" "$golden/$stem.ndjson"
    python3 -c 'import json,sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    print(r["record"], r.get("target", "-"), r["reason"])' "$rej" \
        >"$TMP/$stem.rejects"
    check "$stem: rejects are the bad records of $golden/$stem.rejects" \
        cmp -s "$TMP/$stem.rejects" "$golden/$stem.rejects"
    nrej=$(wc -l <"$rej")
    nout=$(wc -l <"$out")
    if [ "$nrej" -gt 0 ]; then want=1; else want=0; fi
    check "$stem: exit $want with $nrej rejects (got $code)" \
        [ "$code" -eq "$want" ]
    read_n=$(sed -n 's/.*read \([0-9]*\), mapped \([0-9]*\), rejected \([0-9]*\).*/\1 \2 \3/p' \
             "$TMP/$stem.err")
    set -- $read_n
    check "$stem: read $1 = mapped $2 + rejected $3" \
        [ "$1" -eq $(($2 + $3)) ]
    check "$stem: mapped $2 records written, $3 rejects written" \
        [ "$2" -eq "$nout" ] && [ "$3" -eq "$nrej" ]
    check "$stem: every reject carries the rule's position and the source" \
        python3 -c 'import json,sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    assert r["input"] and r["line"] >= 1 and r["source"] is not None, r
    assert r["reason"].startswith("map.") and r["message"], r
    assert r.get("rule", "x").startswith("mappings/"), r' "$rej"

    # every output record carries its provenance
    check "$stem: provenance in every record" python3 -c 'import json,sys
for n, l in enumerate(open(sys.argv[1]), 1):
    p = json.loads(l)["provenance"]
    assert p["input"] == sys.argv[2] and p["record"] >= 1, p
    assert p["mapping"] and p["mappingVersion"], p' "$out" "$sample"

    # the validator rejects exactly the records it must
    "$GCX_BIN/gcx-validate" -q -n --today=$today -R "$TMP/$stem.report" \
        "$out" 2>/dev/null || true
    python3 -c 'import json,sys
rep = json.load(open(sys.argv[1]))
recs = [json.loads(l) for l in open(sys.argv[2])]
seen = set()
for f in rep["findings"]:
    if f.get("severity") == "error":
        seen.add((recs[f["record"] - 1]["provenance"]["record"], f["rule"]))
for r, rule in sorted(seen):
    print(r, rule)' "$TMP/$stem.report" "$out" >"$TMP/$stem.findings"
    if [ "${GCX_MAP_UPDATE:-}" = 1 ]; then
        cp "$TMP/$stem.findings" "$golden/$stem.findings"
    fi
    check "$stem: gcx-validate rejects just $golden/$stem.findings" \
        cmp -s "$TMP/$stem.findings" "$golden/$stem.findings"

    # the round trip
    back=$TMP/$stem.back.$ext
    code=0
    "$GCX_BIN/gcx-map" -r -m "$mapping" "$out" >"$back" 2>"$TMP/rev.err" ||
        code=$?
    check "$stem: reverse runs (exit $code: $(head -c 300 "$TMP/rev.err"))" \
        [ "$code" -eq 0 ]
    if [ "${GCX_MAP_UPDATE:-}" = 1 ]; then
        cp "$back" "$golden/$stem.back.$ext"
    fi
    check "$stem: reverse output equals $golden/$stem.back.$ext" \
        cmp -s "$back" "$golden/$stem.back.$ext"
    skip=$(python3 -c 'import json,sys
s = {json.loads(l)["record"] for l in open(sys.argv[1])}
print(",".join(str(x) for x in sorted(s)))' "$rej")
    check "$stem: national -> canonical -> national gives it back" \
        python3 tests/map_compare.py "$mapping" "$sample" "$back" "$skip" \
        "${messy:--}"
    echo "$passed $failed" >"$TMP/counts"
done
[ -f "$TMP/counts" ] && read -r passed failed <"$TMP/counts"

# the samples are what the generator writes
python3 samples/generate.py "$TMP/gen" >/dev/null
for f in $(cd "$TMP/gen" && find . -type f | sort); do
    check "samples/$f is what samples/generate.py writes" \
        cmp -s "$TMP/gen/$f" "samples/$f"
done
finish
