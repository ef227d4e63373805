#!/bin/sh
# tests/validate-corpus.sh - gcx-validate on a generated corpus: every
# faulty record (one known fault each, one per rule, >= 30 rules) gets
# exactly its rule at its JSON Pointer in the report, no valid record is
# flagged, valid records come out byte for byte, rejected ones go to
# --rejects, and read = passed + rejected. tests/gen-faults.c writes the
# corpus and the expected findings into $TMP at test time.
. "$(dirname "$0")/setup.sh"
GEN=${GEN_FAULTS:-$top_builddir/tests/gen-faults}
V=$GCX_BIN/gcx-validate
: "${GCX_DATA_DIR:=$top_srcdir/mappings}"
export GCX_DATA_DIR
TAB=$(printf '\t')
TODAY=2025-06-01

"$GEN" corpus "$TMP/corpus.ndjson" "$TMP/expected.tsv" ||
    { fail "gen-faults corpus"; finish; exit 1; }
nrec=$(wc -l <"$TMP/corpus.ndjson")
nrules=$(cut -f2 "$TMP/expected.tsv" | sort -u | wc -l)
check "at least 30 rules have a fault ($nrules)" [ "$nrules" -ge 30 ]

# findings: "record TAB rule TAB pointer" from the report (one a line)
F_RE='^{"input":"[^"]*","record":\([0-9]*\),"line":[0-9]*,'
F_RE=$F_RE'"pointer":"\([^"]*\)","rule":"\([^"]*\)".*'
findings() {
    sed -n "s/$F_RE/\\1$TAB\\3$TAB\\2/p" "$1" | sort
}
# count NAME: a number from the report's counts
count() {
    sed -n 's/.*"counts":{.*"'"$1"'":\([0-9]*\).*/\1/p' "$TMP/report.json"
}

code=0
"$V" -q --today=$TODAY --max-messages=0 --report="$TMP/report.json" \
    --rejects="$TMP/rejects.ndjson" "$TMP/corpus.ndjson" \
    >"$TMP/valid.ndjson" 2>"$TMP/stderr" || code=$?
check "exit 1: some records are rejected (exit $code)" [ "$code" -eq 1 ]
check "nothing on stderr with -q --max-messages=0" [ ! -s "$TMP/stderr" ]

findings "$TMP/report.json" >"$TMP/got.tsv"
sort "$TMP/expected.tsv" >"$TMP/want.tsv"
if cmp -s "$TMP/want.tsv" "$TMP/got.tsv"; then
    ok
else
    fail "findings differ from the expected ones (- expected, + got):"
    diff "$TMP/want.tsv" "$TMP/got.tsv" >&2 || true
fi
# each expected rule fires exactly once, on its record only
dups=$(cut -f1 "$TMP/got.tsv" | uniq -d | head -1)
check "one finding per faulty record ($dups)" [ -z "$dups" ]

# (not "passed": tests/setup.sh counts its checks in that variable)
nread=$(count read)
npass=$(count passed)
nrej=$(count rejected)
check "read = records in the corpus ($nread, $nrec)" [ "$nread" -eq "$nrec" ]
check "read = passed + rejected ($nread = $npass + $nrej)" \
    [ "$nread" -eq $((npass + nrej)) ]
check "passed records on stdout" \
    [ "$(wc -l <"$TMP/valid.ndjson")" -eq "$npass" ]
check "rejected records in --rejects" \
    [ "$(wc -l <"$TMP/rejects.ndjson")" -eq "$nrej" ]
# valid records come out unchanged: each is a line of the corpus
check "valid records are source lines, byte for byte" awk '
    NR == FNR { src[$0] = 1; next }
    !($0 in src) { bad = 1 }
    END { exit bad }' "$TMP/corpus.ndjson" "$TMP/valid.ndjson"
# the rejected records are exactly those with an error finding
grep '"severity":"error"' "$TMP/report.json" |
    sed 's/^{"input":"[^"]*","record":\([0-9]*\),.*/\1/' | sort -un \
    >"$TMP/err-records"
sed 's/^{"record":\([0-9]*\),.*/\1/' "$TMP/rejects.ndjson" | sort -un \
    >"$TMP/rej-records"
check "rejects = records with an error" cmp -s "$TMP/err-records" \
    "$TMP/rej-records"
R_RE='^{"record":[0-9]*,"line":[0-9]*,"input":"[^"]*corpus.ndjson",'
R_RE=$R_RE'"findings":\[{.*}\],"source":{'
check "a rejects line carries findings and source" \
    grep -q "$R_RE" "$TMP/rejects.ndjson"
check "a record that is not JSON keeps its text as a string" \
    grep -q '"rule":"input.syntax".*"source":"{' "$TMP/rejects.ndjson"

# --fail-on=warning also rejects the records with only warnings
code=0
"$V" -q --today=$TODAY --max-messages=0 --fail-on=warning -n \
    --report="$TMP/report.json" "$TMP/corpus.ndjson" 2>/dev/null || code=$?
check "--fail-on=warning: exit 1" [ "$code" -eq 1 ]
nwarn=$(grep -c '"severity":"warning"' "$TMP/report.json" || true)
check "--fail-on=warning rejects the warned records too" \
    [ "$(count rejected)" -eq $((nrej + nwarn)) ]

# the strict profile makes the uncertain rules errors
code=0
"$V" -q --today=$TODAY --max-messages=0 -n \
    --profile="$top_srcdir/mappings/profiles/strict.json" \
    --report="$TMP/report.json" "$TMP/corpus.ndjson" 2>/dev/null || code=$?
check "strict profile: no warning left" \
    [ "$(grep -c '"severity":"warning"' "$TMP/report.json" || true)" -eq 0 ]

# the same corpus through gzip and as one JSON array gives the same
# findings
gzip -c "$TMP/corpus.ndjson" >"$TMP/corpus.ndjson.gz"
"$V" -q --today=$TODAY --max-messages=0 -n --report="$TMP/report.json" \
    "$TMP/corpus.ndjson.gz" 2>/dev/null || true
findings "$TMP/report.json" >"$TMP/got-gz.tsv"
check "gzip input: the same findings" cmp -s "$TMP/want.tsv" \
    "$TMP/got-gz.tsv"

# valid records only: exit 0, every record out (indicator records come
# when their group is complete: compare sorted)
awk -F"$TAB" 'NR == FNR { bad[$1] = 1; next } !(FNR in bad)' \
    "$TMP/expected.tsv" "$TMP/corpus.ndjson" >"$TMP/clean.ndjson"
code=0
"$V" -q --today=$TODAY "$TMP/clean.ndjson" >"$TMP/out.ndjson" 2>&1 ||
    code=$?
check "only valid records: exit 0 ($code)" [ "$code" -eq 0 ]
sort "$TMP/clean.ndjson" >"$TMP/clean.sorted"
sort "$TMP/out.ndjson" >"$TMP/out.sorted"
check "only valid records: all out unchanged" cmp -s "$TMP/clean.sorted" \
    "$TMP/out.sorted"
finish
