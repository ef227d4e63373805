#!/bin/sh
# tests/roundtrip.sh - the conversion guarantee, through the tools:
# for every document of the round-trip corpus, xml -> json -> xml equals
# the input after C14N (xmllint --c14n, comments kept), and
# json -> xml -> json gives the same JSON bytes. Record streaming is
# checked the same way on documents made only of records.
. "$(dirname "$0")/setup.sh"
x2j=$GCX_BIN/gcx-xml2json
j2x=$GCX_BIN/gcx-json2xml
corpus=$top_srcdir/tests/corpus/roundtrip

for f in "$corpus"/*.xml "$top_srcdir"/samples/xml/*.xml; do
    n=$(basename "$f" .xml)
    if ! "$x2j" "$f" >"$TMP/$n.json"; then fail "$n: xml2json"; continue; fi
    if ! "$j2x" "$TMP/$n.json" >"$TMP/$n.xml"; then
        fail "$n: json2xml"; continue
    fi
    xmllint --c14n "$f" >"$TMP/a" 2>/dev/null || { fail "$n: c14n"; continue; }
    xmllint --c14n "$TMP/$n.xml" >"$TMP/b" || { fail "$n: c14n back"; continue; }
    check "$n: xml -> json -> xml equal after C14N" cmp -s "$TMP/a" "$TMP/b"
    "$x2j" "$TMP/$n.xml" >"$TMP/$n.json2"
    check "$n: json -> xml -> json equal" cmp -s "$TMP/$n.json" "$TMP/$n.json2"
    # gzip input gives the same result
    gzip -c "$f" >"$TMP/$n.gz"
    "$x2j" "$TMP/$n.gz" >"$TMP/$n.gz.json"
    check "$n: gzip input" cmp -s "$TMP/$n.json" "$TMP/$n.gz.json"
done

# Records: stream the samples record by record and back; the records
# (not the wrapper's whitespace) must survive exactly.
rec() {
    n=$1 path=$2 ns=$3 f=$top_srcdir/$4
    "$x2j" -r "$path" -n "$ns" "$f" >"$TMP/$n.ndjson" || { fail "$n x2j"; return; }
    "$j2x" -r "$path" -n "$ns" "$TMP/$n.ndjson" >"$TMP/$n.rec.xml" ||
        { fail "$n j2x"; return; }
    "$x2j" -r "$path" -n "$ns" "$TMP/$n.rec.xml" >"$TMP/$n.ndjson2"
    check "$n: records json -> xml -> json equal" \
        cmp -s "$TMP/$n.ndjson" "$TMP/$n.ndjson2"
    # the same records arrive through a pipe and through gzip
    gzip -c "$f" | "$x2j" -r "$path" -n "$ns" >"$TMP/$n.pipe"
    check "$n: records from a gzip pipe" cmp -s "$TMP/$n.ndjson" "$TMP/$n.pipe"
    # and as one JSON array, read back with --layout array
    "$x2j" --array -r "$path" -n "$ns" "$f" >"$TMP/$n.array"
    "$j2x" --layout array -r "$path" -n "$ns" "$TMP/$n.array" \
        >"$TMP/$n.arr.xml" || fail "$n: array layout"
    check "$n: array layout gives the same XML" \
        cmp -s "$TMP/$n.rec.xml" "$TMP/$n.arr.xml"
}
rec bh /cpr:Export/cpr:Person cpr=urn:bh:iga:cpr:export:1 \
    samples/xml/bh-cpr-persons.xml
rec sa /Registry/Establishment =urn:sa:mc:cr:1 \
    samples/xml/sa-cr-establishments.xml

# A document whose wrapper holds only records and newlines survives the
# record round trip whole, after C14N.
printf '<?xml version="1.0" encoding="UTF-8"?>\n<p:E xmlns:p="urn:p">\n<p:R id="1"><p:v>000123</p:v></p:R>\n<p:R id="2"><p:v>x</p:v><p:v>y</p:v></p:R>\n</p:E>\n' >"$TMP/w.xml"
"$x2j" -r /p:E/p:R -n p=urn:p "$TMP/w.xml" | "$j2x" -r /p:E/p:R -n p=urn:p >"$TMP/w2.xml"
xmllint --c14n "$TMP/w.xml" >"$TMP/a"
xmllint --c14n "$TMP/w2.xml" >"$TMP/b"
check "records-only document survives after C14N" cmp -s "$TMP/a" "$TMP/b"
finish
