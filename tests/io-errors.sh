#!/bin/sh
# tests/io-errors.sh - output failures are errors, never silence: a full
# disk (/dev/full) and a closed pipe give exit 3 with a diagnostic; a
# failed run leaves no output file; gzip output round-trips; usage errors
# exit 2; --help and --version exit 0 on stdout.
. "$(dirname "$0")/setup.sh"
x2j=$GCX_BIN/gcx-xml2json
j2x=$GCX_BIN/gcx-json2xml
in=$top_srcdir/samples/xml/bh-cpr-persons.xml

code=0
"$x2j" -r /cpr:Export/cpr:Person -n cpr=urn:bh:iga:cpr:export:1 "$in" \
    >/dev/full 2>"$TMP/err" || code=$?
check "/dev/full: exit 3" [ "$code" -eq 3 ]
check "/dev/full: diagnostic" grep -q "gcx-xml2json: .*error: .*No space" "$TMP/err"

code=0
"$x2j" -o /dev/full "$in" 2>"$TMP/err" || code=$?
check "-o /dev/full: exit 3" [ "$code" -eq 3 ]

# closed pipe: the reader exits at once; the writer must fail with 3
awk 'BEGIN { print "<E>"; for (i = 0; i < 200000; i++) print "<R><v>" i "</v></R>"; print "</E>" }' >"$TMP/many.xml"
code=$( { "$x2j" -r /E/R "$TMP/many.xml" 2>"$TMP/err"; echo $? >"$TMP/code"; } | head -c 1 >/dev/null; cat "$TMP/code")
check "closed pipe: exit 3" [ "$code" -eq 3 ]
check "closed pipe: diagnostic" grep -q "Broken pipe" "$TMP/err"

# atomic output: old content intact after a failed run, replaced on success
echo old >"$TMP/target.json"
printf '<a>' >"$TMP/bad.xml"
"$x2j" -o "$TMP/target.json" "$TMP/bad.xml" 2>/dev/null || true
check "failed run keeps the old file" grep -qx old "$TMP/target.json"
check "no temporary file left" [ "$(ls "$TMP" | grep -c 'target.json.')" -eq 0 ]
"$x2j" -o "$TMP/target.json" "$in"
check "successful run replaces the file" grep -q '#document' "$TMP/target.json"

# gzip output: detected on the way back in by content, not name
"$x2j" -z -r /cpr:Export/cpr:Person -n cpr=urn:bh:iga:cpr:export:1 "$in" >"$TMP/recs.data"
check "gzip output has the gzip magic" [ "$(head -c 2 "$TMP/recs.data" | od -An -tx1 | tr -d ' ')" = 1f8b ]
"$j2x" -r /cpr:Export/cpr:Person -n cpr=urn:bh:iga:cpr:export:1 "$TMP/recs.data" >"$TMP/back.xml"
check "gzip NDJSON converts back" grep -q '<cpr:CPR>850412345</cpr:CPR>' "$TMP/back.xml"

# usage errors exit 2; --help and --version exit 0 on stdout
for t in gcx gcx-xml2json gcx-json2xml; do
    code=0; "$GCX_BIN/$t" --bogus >/dev/null 2>"$TMP/err" || code=$?
    check "$t --bogus exits 2" [ "$code" -eq 2 ]
    check "$t --bogus says why" grep -q "unknown" "$TMP/err"
    check "$t --help exits 0" "$GCX_BIN/$t" --help >"$TMP/help"
    check "$t --help on stdout" grep -q "Usage:" "$TMP/help"
    check "$t --version" sh -c "'$GCX_BIN/$t' --version | grep -q '(gcx) '"
done
code=0; "$x2j" --record >/dev/null 2>&1 || code=$?
check "missing option argument exits 2" [ "$code" -eq 2 ]
check "gcx dispatches to gcx-xml2json" sh -c "'$GCX_BIN/gcx' xml2json '$in' | cmp -s - '$TMP/target.json'"
# no progress line when stderr is not a terminal
"$x2j" -r /E/R "$TMP/many.xml" >/dev/null 2>"$TMP/err"
check "no progress when stderr is not a terminal" [ ! -s "$TMP/err" ]
# on a terminal (a pty made by script(1)) the progress line appears on
# stderr, and --quiet turns it off
if command -v script >/dev/null 2>&1; then
    GCX_PROGRESS_INTERVAL=0 script -qec "'$x2j' -r /E/R '$TMP/many.xml' >/dev/null" /dev/null >"$TMP/tty" 2>&1 || true
    check "progress line on a terminal" grep -q "records .* rec/s" "$TMP/tty"
    GCX_PROGRESS_INTERVAL=0 script -qec "'$x2j' -q -r /E/R '$TMP/many.xml' >/dev/null" /dev/null >"$TMP/tty" 2>&1 || true
    check "--quiet: no progress line" sh -c "! grep -q 'rec/s' '$TMP/tty'"
else
    fail "script(1) is missing: cannot test the progress line"
fi
finish
