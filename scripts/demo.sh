#!/bin/sh
# scripts/demo.sh BIN SRCDIR - the main job on the bundled samples (make
# demo): each sample XML export streamed to NDJSON records, back to XML,
# and the round trip checked after canonicalisation (xmllint --c14n);
# every state's sample exports mapped to canonical records and validated,
# one mapped back; the real ISO 20022 and UN EGDI files mapped; then the
# canonical sample records validated, canonicalised with their
# fingerprints, and a changed copy diffed and patched back.
set -eu
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

run() {
    name=$1 path=$2 ns=$3 file=$4
    echo "== $name: $file -> NDJSON records ($path)"
    "$bin/gcx" xml2json --strip-space -r "$path" -n "$ns" "$src/$file" \
        >"$tmp/$name.ndjson"
    head -c 600 "$tmp/$name.ndjson"
    echo "..."
    echo "   $(wc -l <"$tmp/$name.ndjson") records"
    echo "== $name: NDJSON -> XML"
    "$bin/gcx" json2xml -r "$path" -n "$ns" "$tmp/$name.ndjson" \
        >"$tmp/$name.xml"
    head -n 5 "$tmp/$name.xml"
    echo "..."
    echo "== $name: whole document xml -> json -> xml, compared after C14N"
    "$bin/gcx-xml2json" "$src/$file" >"$tmp/$name.doc.json"
    "$bin/gcx-json2xml" "$tmp/$name.doc.json" >"$tmp/$name.back.xml"
    xmllint --c14n "$src/$file" >"$tmp/a.c14n"
    xmllint --c14n "$tmp/$name.back.xml" >"$tmp/b.c14n"
    if cmp -s "$tmp/a.c14n" "$tmp/b.c14n"; then
        echo "   identical after C14N"
    else
        echo "   DIFFERENT after C14N" >&2
        exit 1
    fi
}

run bh-cpr /cpr:Export/cpr:Person cpr=urn:bh:iga:cpr:export:1 \
    samples/xml/bh-cpr-persons.xml
run sa-cr /Registry/Establishment =urn:sa:mc:cr:1 \
    samples/xml/sa-cr-establishments.xml

# The canonical records: what the states exchange.
GCX_DATA_DIR=${GCX_DATA_DIR:-$src/mappings}
export GCX_DATA_DIR

# Each state's exports mapped to canonical records by their mapping files
# (gcx map); deliberately bad sample records go to the rejects with the
# reason; the mapped records are checked by gcx validate.
echo "== national exports -> canonical records (gcx map), then gcx validate"
grep -v '^#' "$src/tests/map-samples.list" | while read -r map sample _; do
    stem=$(basename "${sample%.*}")
    (cd "$src" && "$bin/gcx" map -m "$map" --stats \
        --rejects "$tmp/$stem.rejects" "$sample") \
        >"$tmp/$stem.ndjson" 2>"$tmp/$stem.err" || [ $? -eq 1 ]
    printf '   %-28s %s; ' "$stem" \
        "$(sed -n 's/^gcx-map: //p' "$tmp/$stem.err")"
    "$bin/gcx" validate -q -n --today=2026-11-28 "$tmp/$stem.ndjson" \
        2>/dev/null && echo "all valid" ||
        echo "gcx validate rejects the records bad on purpose"
done
echo "== one Saudi record, canonical:"
head -n 1 "$tmp/sa-nic-persons.ndjson"
echo "== ... and back to the Saudi shape (gcx map --reverse):"
(cd "$src" && "$bin/gcx" map -r -m mappings/states/sa/sa-nic-person.map) \
    <"$tmp/sa-nic-persons.ndjson" | sed -n '1,18p'
echo "   ..."
echo "== real files: ISO 20022 payments and the UN E-Government Survey 2022"
(cd "$src" && "$bin/gcx" map --stats -m mappings/iso20022/pain.001.001.09.map \
    samples/real/iso20022/pain.001.001.09.sample.xml) | head -n 1
(cd "$src" && "$bin/gcx" map -m mappings/egdi/un-egdi-2022.map \
    samples/real/egdi/EGOV_DATA_2022.plurality.csv) |
    grep '"refArea":"BHR"' | head -n 2

recs=$src/samples/canonical/records.ndjson
echo "== canonical records: schema and domain rules (gcx validate)"
"$bin/gcx" validate -n --today=2026-11-28 "$recs"
echo "== canonical form (RFC 8785) and fingerprints (gcx canon)"
"$bin/gcx" canon --fingerprint=only "$recs" | head -n 3
echo "   ..."
echo "== a phone number changed and a record removed (gcx diff)"
sed -e 's/+966501234567/+966509999999/' -e '/"indicator":"EGDI-RANK"/d' \
    "$recs" >"$tmp/new.ndjson"
"$bin/gcx" diff "$recs" "$tmp/new.ndjson" || [ $? -eq 1 ]
echo "== the delta applied to the old snapshot gives the new (gcx patch)"
"$bin/gcx" diff -q --format=delta "$recs" "$tmp/new.ndjson" \
    >"$tmp/delta.ndjson" || [ $? -eq 1 ]
"$bin/gcx" patch -q -o "$tmp/patched.ndjson" "$recs" "$tmp/delta.ndjson"
"$bin/gcx" canon --fingerprint=only "$tmp/patched.ndjson" | sort \
    >"$tmp/a.fp"
"$bin/gcx" canon --fingerprint=only "$tmp/new.ndjson" | sort >"$tmp/b.fp"
if cmp -s "$tmp/a.fp" "$tmp/b.fp"; then
    echo "   patched snapshot = new snapshot, fingerprint for fingerprint"
else
    echo "   patched snapshot DIFFERS from the new one" >&2
    exit 1
fi
