#!/bin/sh
# tests/hostile.sh - hostile input gets a clear diagnostic with a
# position, the documented exit code, no crash, bounded time and memory:
# external entities and DTDs, billion laughs, deep nesting, bad UTF-8,
# surrogates and NUL bytes, gzip bombs, truncation, huge strings and
# numbers, duplicate keys. Records complete before a fault are written.
# CSV input (read by gcx-map) gets the same cases: bad bytes reject
# their row and the others are written; an unterminated quote stops the
# run after the rows before it.
. "$(dirname "$0")/setup.sh"
B=$GCX_BIN
: "${GCX_DATA_DIR:=$top_srcdir/mappings}"
export GCX_DATA_DIR
TIME=
[ -x /usr/bin/time ] && TIME="/usr/bin/time -f %M -o $TMP/rss"

# Address space is capped at 1 GB, except for a build with
# AddressSanitizer, which reserves terabytes of shadow memory up front:
# there the peak-RSS checks below bound memory instead.
VLIMIT=1048576
(ulimit -v $VLIMIT; exec "$GCX_BIN/gcx" --version) >/dev/null 2>&1 ||
    VLIMIT=unlimited

# run NAME CODE REGEX CMD...: run CMD under 20 s and 1 GB of address
# space; stdout to $TMP/out, stderr to $TMP/err; check the exit code, no
# signal, and a diagnostic matching REGEX (extended) on stderr.
run() {
    name=$1; want=$2; re=$3; shift 3
    rm -f "$TMP/rss"
    code=0
    (ulimit -v $VLIMIT; exec timeout 20 $TIME "$@") \
        >"$TMP/out" 2>"$TMP/err" || code=$?
    check "$name: exit $want (got $code)" [ "$code" -eq "$want" ]
    check "$name: no signal, no timeout" [ "$code" -lt 124 ]
    if [ -n "$re" ]; then
        check "$name: diagnostic /$re/: $(head -c 200 "$TMP/err")" \
            grep -Eq "$re" "$TMP/err"
    fi
}
# lines N: check that stdout has N lines (records written before a fault)
lines() {
    n=$(wc -l <"$TMP/out")
    check "$name: $1 lines written (got $n)" [ "$n" -eq "$1" ]
}
# atleast N: check that stdout has at least N lines
atleast() {
    n=$(wc -l <"$TMP/out")
    check "$name: at least $1 lines written (got $n)" [ "$n" -ge "$1" ]
}
# rss KB: check the peak resident size (when /usr/bin/time is there)
# rss KB: the last run's peak RSS stayed under KB (four times that under
# AddressSanitizer, whose allocator keeps freed memory in quarantine).
rss() {
    [ -s "$TMP/rss" ] || return 0
    kb=$(tail -n 1 "$TMP/rss")
    bound=$1
    [ "$VLIMIT" = unlimited ] && bound=$((bound * 4))
    # under make check-valgrind the figure is valgrind's, not the tool's
    [ -n "${GCX_VALGRIND:-}" ] && bound=$((bound * 8))
    check "$name: peak RSS ${kb} KB under $bound KB" [ "$kb" -lt "$bound" ]
}
# nosecret: the secret is in neither stdout nor stderr
nosecret() {
    check "$name: secret not in stdout" \
        sh -c "! grep -q SECRET-12345 '$TMP/out'"
    check "$name: secret not in stderr" \
        sh -c "! grep -q SECRET-12345 '$TMP/err'"
}
# recs N: N records <R>i</R>, one a line
recs() {
    awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++) print "<R>" i "</R>" }'
}
POS=':[0-9]+(:[0-9]+)?: error: '
x2j=$B/gcx-xml2json
j2x=$B/gcx-json2xml

# ---------------------------------------------------- external entities
echo 'SECRET-12345' >"$TMP/secret.txt"
echo '<!ENTITY s "SECRET-12345">' >"$TMP/secret.dtd"
{ echo '<?xml version="1.0"?>'
  echo "<!DOCTYPE E [<!ENTITY s SYSTEM \"file://$TMP/secret.txt\">]>"
  echo '<E>'; recs 2000; echo '<R>&s;</R></E>'; } >"$TMP/xxe.xml"
run "xxe whole" 1 "xxe.xml$POS.*external entity refused" \
    "$x2j" "$TMP/xxe.xml"
nosecret
run "xxe record" 1 "xxe.xml$POS.*external entity refused" \
    "$x2j" -r /E/R "$TMP/xxe.xml"
nosecret
# the refusal is reported at once: records parsed ahead in the same
# chunk are not written, the ones before it are
atleast 1900
{ echo '<?xml version="1.0"?>'
  echo "<!DOCTYPE E SYSTEM \"$TMP/secret.dtd\">"
  echo '<E><R>&s;</R></E>'; } >"$TMP/dtd-file.xml"
run "local external DTD" 1 "dtd-file.xml$POS.*not defined" \
    "$x2j" "$TMP/dtd-file.xml"
nosecret
{ echo '<?xml version="1.0"?>'
  echo '<!DOCTYPE E SYSTEM "http://127.0.0.1:9/x.dtd">'
  echo '<E><R>ok</R></E>'; } >"$TMP/dtd-http.xml"
run "http external DTD: not fetched, no hang" 0 "" "$x2j" "$TMP/dtd-http.xml"
check "http external DTD: document converted" grep -q '"ok"' "$TMP/out"
{ echo '<?xml version="1.0"?>'
  echo '<!DOCTYPE E SYSTEM "http://127.0.0.1:9/x.dtd">'
  echo '<E><R>&s;</R></E>'; } >"$TMP/dtd-http2.xml"
run "http external DTD with an entity" 1 "dtd-http2.xml$POS.*not defined" \
    "$x2j" -r /E/R "$TMP/dtd-http2.xml"

# ------------------------------------------------------ billion laughs
{ echo '<?xml version="1.0"?>'
  echo '<!DOCTYPE E ['
  echo '<!ENTITY l0 "lol">'
  i=1
  while [ "$i" -le 9 ]; do
      p=$((i - 1))
      e="&l$p;&l$p;&l$p;&l$p;&l$p;"
      echo "<!ENTITY l$i \"$e$e\">"
      i=$((i + 1))
  done
  echo ']>'
  echo '<E>'; recs 2000; echo '<R>&l9;</R></E>'; } >"$TMP/lol.xml"
run "billion laughs whole" 1 "lol.xml$POS.*entity expansion" \
    "$x2j" "$TMP/lol.xml"
rss 65536
run "billion laughs record" 1 "lol.xml$POS.*entity expansion" \
    "$x2j" -r /E/R "$TMP/lol.xml"
rss 65536
atleast 1900

# ------------------------------------------------------------- nesting
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "<a>";
             for (i = 0; i < 200000; i++) printf "</a>"; print "" }' \
    >"$TMP/deep.xml"
run "deep XML" 1 "deep.xml$POS.*nested deeper" "$x2j" "$TMP/deep.xml"
run "deep XML record" 1 "deep.xml$POS.*nested deeper" \
    "$x2j" -r /a/a "$TMP/deep.xml"
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "[";
             for (i = 0; i < 200000; i++) printf "]"; print "" }' \
    >"$TMP/deep-arr.json"
awk 'BEGIN { for (i = 0; i < 200000; i++)
                 printf "{\"#name\":\"a\",\"#children\":[";
             for (i = 0; i < 200000; i++) printf "]}"; print "" }' \
    >"$TMP/deep-el.json"
for f in deep-arr deep-el; do
    run "$f json2xml" 1 "$f.json$POS.*(nest|deep)" "$j2x" "$TMP/$f.json"
    run "$f canon" 1 "$f.json$POS.*(nest|deep)" \
        "$B/gcx-canon" --no-sets "$TMP/$f.json"
    run "$f validate" 1 "$f.json:1: error: .*nesting deeper" \
        "$B/gcx-validate" "$TMP/$f.json"
done

# ---------------------------------- bad UTF-8, surrogates and NUL, XML
# 2000 good records, then the fault: the good records are written
for bad in 'ff:\377' 'overlong:\300\257' 'surrogate:\355\240\200' 'nul:\000'
do
    tag=${bad%%:*}
    { printf '<E>\n'; recs 2000; printf "<R>a${bad#*:}b</R></E>\n"; } \
        >"$TMP/x-$tag.xml"
    run "XML $tag" 1 "x-$tag.xml:2002:[0-9]+: error: .*(UTF-8|Char)" \
        "$x2j" -r /E/R "$TMP/x-$tag.xml"
    lines 2000
done

# --------------------------------- bad UTF-8, surrogates and NUL, JSON
r='{"#name":"R","#children":["x"]}'
jbad() {
    tag=$1; text=$2; jre=$3
    { i=0; while [ "$i" -lt 100 ]; do echo "$r"; i=$((i + 1)); done
      printf '{"#name":"R","#children":["a%sb"]}\n' "$text"; } \
        >"$TMP/j-$tag.json"
    run "JSON $tag" 1 "j-$tag.json:101:[0-9]+: error: record 101: .*$jre" \
        "$j2x" -r /E/R "$TMP/j-$tag.json"
    # the XML declaration, <E>, then the 100 good records
    lines 102
    [ "$tag" = escaped-nul ] && return 0
    run "JSON $tag canon" 1 "j-$tag.json:101:[0-9]+: error: .*$jre" \
        "$B/gcx-canon" --no-sets "$TMP/j-$tag.json"
    lines 100
}
jbad escaped-surrogate '\ud800' 'surrogate'
jbad raw-surrogate "$(printf '\355\240\200')" 'surrogate'
jbad ff "$(printf '\377')" 'invalid UTF-8'
jbad overlong "$(printf '\300\257')" 'overlong'
jbad escaped-nul '\u0000' 'U\+0000'
# \u0000 is valid JSON: gcx-canon keeps it, escaped
run "JSON escaped NUL canon" 0 "" "$B/gcx-canon" --no-sets \
    "$TMP/j-escaped-nul.json"
check "JSON escaped NUL canon: kept escaped" grep -q 'a\\u0000b' "$TMP/out"
{ echo "$r"; printf '{"#name":"R","#children":["a\000b"]}\n'; } \
    >"$TMP/j-nul.json"
run "JSON raw NUL" 1 "j-nul.json:2:[0-9]+: error: .*U\+0000" \
    "$j2x" -r /E/R "$TMP/j-nul.json"
lines 3

# ----------------------------------------------------------- gzip bombs
# 4 GiB of zeros: 64 gzip members of 64 MiB each (concatenated members
# are one gzip stream), made in a second
head -c 64M /dev/zero | gzip -1 >"$TMP/z64.gz"
i=0
while [ "$i" -lt 64 ]; do cat "$TMP/z64.gz"; i=$((i + 1)); done \
    >"$TMP/zeros.gz"
rm -f "$TMP/z64.gz"
run "zeros bomb xml2json" 1 "zeros.gz$POS" "$x2j" -r /E/R "$TMP/zeros.gz"
rss 65536
run "zeros bomb json2xml" 1 "zeros.gz$POS" "$j2x" -r /E/R "$TMP/zeros.gz"
rss 65536
run "zeros bomb json2xml whole" 1 "zeros.gz$POS" "$j2x" "$TMP/zeros.gz"
rss 65536
# 4 GiB of text inside one record or one string
head -c 64M /dev/zero | tr '\0' a | gzip -1 >"$TMP/a64.gz"
{ printf '<E><R>1</R>\n<R>' | gzip
  i=0; while [ "$i" -lt 64 ]; do cat "$TMP/a64.gz"; i=$((i + 1)); done
} >"$TMP/xbomb.gz"
run "text bomb xml2json" 1 "xbomb.gz$POS.*(huge|too large|longer)" \
    "$x2j" -r /E/R "$TMP/xbomb.gz"
rss 65536
lines 1
{ printf '%s\n{"#name":"R","#children":["' "$r" | gzip
  i=0; while [ "$i" -lt 64 ]; do cat "$TMP/a64.gz"; i=$((i + 1)); done
} >"$TMP/jbomb.gz"
rm -f "$TMP/a64.gz"
run "string bomb json2xml" 1 "jbomb.gz:2:[0-9]+: error: .*longer than" \
    "$j2x" -r /E/R "$TMP/jbomb.gz"
rss 65536
lines 3

# ----------------------------------------------------------- truncation
{ echo '<E>'; recs 2000; } | gzip >"$TMP/full.gz"
size=$(wc -c <"$TMP/full.gz")
head -c $((size / 2)) "$TMP/full.gz" >"$TMP/trunc.gz"
run "truncated gzip" 3 "trunc.gz: error: .*(truncated|unexpected end)" \
    "$x2j" -r /E/R "$TMP/trunc.gz"
atleast 1
{ echo '<E>'; recs 2000; echo '<R>20'; } >"$TMP/trunc.xml"
run "truncated XML" 1 "trunc.xml$POS" "$x2j" -r /E/R "$TMP/trunc.xml"
lines 2000
{ i=0; while [ "$i" -lt 100 ]; do echo "$r"; i=$((i + 1)); done
  printf '{"#name":"R","#chi'; } >"$TMP/trunc.json"
run "truncated JSON" 1 "trunc.json:101:[0-9]+: error: record 101" \
    "$j2x" -r /E/R "$TMP/trunc.json"
lines 102
gzip -c "$TMP/trunc.json" >"$TMP/truncj.gz"
run "truncated JSON, gzip" 1 "truncj.gz:101:[0-9]+: error: record 101" \
    "$j2x" -r /E/R "$TMP/truncj.gz"
lines 102

# ----------------------------------------------- huge strings, numbers
awk 'BEGIN { printf "{\"#name\":\"R\",\"#children\":[\"";
             s = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
             for (i = 0; i < 1000000; i++) printf "%s", s;
             print "\"]}" }' >"$TMP/s50.json"
run "50 MB string" 1 "s50.json:1:[0-9]+: error: .*longer than 16777216" \
    "$j2x" "$TMP/s50.json"
run "50 MB string, --max-string-bytes 64M" 0 "" \
    "$j2x" --max-string-bytes 64M "$TMP/s50.json"
check "50 MB string written" [ "$(wc -c <"$TMP/out")" -gt 50000000 ]
rm -f "$TMP/s50.json"
# a 100,000-digit number: gcx-validate writes a valid record unchanged
sed -n 3p "$top_srcdir/samples/canonical/records.ndjson" |
    awk '{ z = "0000000000"; for (i = 0; i < 10000; i++) d = d z;
           sub(/"record":1/, "\"record\":1" d); print }' >"$TMP/num.ndjson"
check "number fixture has 100,000 digits" [ "$(grep -o '"record":[0-9]*' \
    "$TMP/num.ndjson" | wc -c)" -eq 100011 ]
run "100,000-digit number" 0 "" "$B/gcx-validate" -q "$TMP/num.ndjson"
check "100,000-digit number kept exactly" cmp -s "$TMP/out" "$TMP/num.ndjson"
run "100,000-digit number, canon" 1 "num.ndjson:1:[0-9]+: error: .*range" \
    "$B/gcx-canon" "$TMP/num.ndjson"

# ------------------------------------------------------- duplicate keys
{ echo "$r"; echo '{"#name":"R","@a":"1","@a":"2"}'; } >"$TMP/dup.json"
run "duplicate key json2xml" 1 \
    'dup.json:2:[0-9]+: error: .*duplicate key "@a"' \
    "$j2x" -r /E/R "$TMP/dup.json"
lines 3
run "duplicate key canon" 1 'dup.json:2:[0-9]+: error: .*duplicate key "@a"' \
    "$B/gcx-canon" --no-sets "$TMP/dup.json"
lines 1
# allowed in JSON on request, but XML still has no repeated attribute
run "duplicate key, --allow-duplicate-keys" 1 \
    'dup.json:2:[0-9]+: error: .*duplicate attribute "@a"' \
    "$j2x" --allow-duplicate-keys -r /E/R "$TMP/dup.json"
lines 3
# ------------------------------------------------------------------ CSV
cat >"$TMP/csv.map" <<'EOF'
mapping hostile-csv 1
source csv
columns "id", "name"
target person
identifiers[0].scheme = "BH-CPR"
identifiers[0].value  = id | required
name.en.given         = name
EOF
csvcase() { # NAME ROW-2 (a printf format)
    { printf 'id,name\n1,Ali\n'; printf "$2"; printf '\n3,Sara\n'; } \
        >"$TMP/h.csv"
    run "CSV $1" 1 "h.csv:3: record 2: error: .*(UTF-8|NUL)" \
        "$B/gcx-map" -m "$TMP/csv.map" "$TMP/h.csv"
    lines 2
    check "CSV $1: counts reconcile" \
        grep -q 'read 3, mapped 2, rejected 1' "$TMP/err"
}
csvcase "invalid UTF-8" '2,A\377li'
csvcase "overlong form" '2,A\300\200li'
csvcase "lone surrogate" '2,A\355\240\200li'
csvcase "NUL byte" '2,A\000li'
printf 'id,name\n1,Ali\n2,"Sara\n3,Huda\n' >"$TMP/q.csv"
run "CSV unterminated quote" 1 'q.csv:3:[0-9]+: error: .*quote' \
    "$B/gcx-map" -m "$TMP/csv.map" "$TMP/q.csv"
lines 1
gzip -c "$TMP/h.csv" | head -c 30 >"$TMP/t.csv.gz"
run "CSV gzip, truncated" 3 't.csv.gz.*error' \
    "$B/gcx-map" -m "$TMP/csv.map" "$TMP/t.csv.gz"
# a limit set per run: an NDJSON line over --max-record-bytes is
# rejected and the lines after it are mapped
cat >"$TMP/nd.map" <<'EOF'
mapping hostile-ndjson 1
source ndjson
target person
identifiers[0].scheme = "PASSPORT"
identifiers[0].value  = id | required
name.en.given         = name
EOF
{ echo '{"id":"1","name":"a"}'
  printf '{"id":"2","name":"%0200d"}\n' 0
  echo '{"id":"3","name":"c"}'; } >"$TMP/long.ndjson"
run "NDJSON line over --max-record-bytes" 1 \
    "long.ndjson:2: record 2: error: input.limit" \
    "$B/gcx-map" --max-record-bytes=100 -m "$TMP/nd.map" "$TMP/long.ndjson"
lines 2
check "--max-record-bytes: counts reconcile" \
    grep -q 'read 3, mapped 2, rejected 1' "$TMP/err"
run "gcx-map --max-depth=0" 2 "max-depth" \
    "$B/gcx-map" --max-depth=0 -m "$TMP/nd.map" "$TMP/long.ndjson"
finish
