#!/bin/sh
# tests/map-xslt.sh - the XSLT escape hatch of gcx-map: a stylesheet
# reshapes each record before the rules; document() and exsl:document are
# refused (the record is rejected with the stylesheet's error, no local
# file's content reaches any output, no file is written).
. "$(dirname "$0")/setup.sh"
x=$top_srcdir/tests/map-xslt

code=0
"$GCX_BIN/gcx-map" -m "$x/pivot.map" "$x/kv-export.xml" >"$TMP/out" \
    2>"$TMP/err" || code=$?
check "pivot: exit 0 (got $code: $(cat "$TMP/err"))" [ "$code" -eq 0 ]
check "pivot: two records" [ "$(wc -l <"$TMP/out")" -eq 2 ]
check "pivot: fields in any order reach the rules" grep -q \
    '"value":"850505678".*"en":{"given":"Ali","family":"Hassan"}},"birthDate":"1985-05-05"' \
    "$TMP/out"
code=0
"$GCX_BIN/gcx-map" -r -m "$x/pivot.map" "$TMP/out" >/dev/null \
    2>"$TMP/rerr" || code=$?
check "pivot: --reverse refused, the stylesheet is not reversible (4)" \
    [ "$code" -eq 4 ]

rm -f /tmp/gcx-map-xslt-written.txt
for m in steal write; do
    code=0
    "$GCX_BIN/gcx-map" -m "$x/$m.map" --rejects "$TMP/$m.rej" \
        "$x/kv-export.xml" >"$TMP/$m.out" 2>"$TMP/$m.err" || code=$?
    check "$m: exit 1, records rejected (got $code)" [ "$code" -eq 1 ]
    check "$m: nothing written" [ ! -s "$TMP/$m.out" ]
    check "$m: both records rejected by map.xslt" \
        [ "$(grep -c '"reason":"map.xslt"' "$TMP/$m.rej")" -eq 2 ]
    check "$m: counts reconcile" grep -q \
        'read 2, mapped 0, rejected 2' "$TMP/$m.err"
    check "$m: no local file content in any output" \
        sh -c "! grep -q 'root:' '$TMP/$m.out' '$TMP/$m.rej' '$TMP/$m.err'"
done
check "write: the file was not created" \
    [ ! -e /tmp/gcx-map-xslt-written.txt ]
finish
