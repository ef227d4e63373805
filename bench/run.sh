#!/bin/sh
# bench/run.sh BUILDDIR SRCDIR - make bench: generate deterministic Bahrain
# CPR registry exports (XML, NDJSON, a JSON array, gzip copies; BENCH_MB
# sets the size) under BUILDDIR/bench/work, time gcx-xml2json and
# gcx-json2xml beside xmllint --stream, xq, xml-js, jq and gzip on the same
# files, check the outputs, and print MB/s, peak memory, ratios and the
# targets of the issue; then bench/validate.sh times gcx-validate beside
# ajv and xmllint --schema on canonical records (VALIDATE_* variables),
# bench/diff.sh gcx-diff beside sort | diff and Node, and bench/map.sh
# gcx-map beside xsltproc and jq (MAP_* variables).
# See bench/README.md.
#
# Environment: BENCH_MB (XML size in MB, default 100), BENCH_BIG_MB (the
# memory-boundedness file, default 4 x BENCH_MB), BENCH_SLOW_MB (largest
# input given to the whole-document tools xq, xml-js and jq on the array,
# default 100), BENCH_REPEAT (runs of each fast row, best kept; default
# 3), BENCH_CHECK_RECORDS (records in the round-trip check, default 500),
# BENCH_KEEP=1 (keep the big file), BENCH_STRICT=1 (exit 1 on a missed
# target, not only on a failed check), BENCH_NO_INSTALL=1.
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 BUILDDIR SRCDIR" >&2
    exit 2
fi
B=$1
S=$2
W=$B/bench/work
GEN=$B/bench/gen-registry

BENCH_MB=${BENCH_MB:-100}
BENCH_BIG_MB=${BENCH_BIG_MB:-$((4 * BENCH_MB))}
BENCH_SLOW_MB=${BENCH_SLOW_MB:-100}
BENCH_REPEAT=${BENCH_REPEAT:-3}
BENCH_CHECK_RECORDS=${BENCH_CHECK_RECORDS:-500}
for v in BENCH_MB BENCH_BIG_MB BENCH_SLOW_MB BENCH_REPEAT \
    BENCH_CHECK_RECORDS; do
    val=
    eval "val=\$$v"
    case $val in
    '' | *[!0-9]* | 0)
        echo "bench: $v must be a positive integer, got '$val'" >&2
        exit 2
        ;;
    esac
done

RPATH=/cpr:Export/cpr:Person
NS_CPR=cpr=urn:bh:iga:cpr:export:1
NS_ADDR=addr=urn:bh:iga:address:1
RES=$W/results.txt
. "$S/bench/lib.sh"

# ------------------------------------------------------------ tools

# install_missing: apt packages for the tools compared (root only), then
# xml-js with npm into $W/node. Whatever cannot be installed is shown as
# "unavailable" in its row.
install_missing() {
    pkgs=
    command -v xmllint >/dev/null 2>&1 || pkgs="$pkgs libxml2-utils"
    command -v jq >/dev/null 2>&1 || pkgs="$pkgs jq"
    command -v xq-python >/dev/null 2>&1 ||
        command -v xq >/dev/null 2>&1 || pkgs="$pkgs yq"
    [ -x /usr/bin/time ] || pkgs="$pkgs time"
    command -v gzip >/dev/null 2>&1 || pkgs="$pkgs gzip"
    command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs"
    command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"
    if [ -n "$pkgs" ] && [ -z "${BENCH_NO_INSTALL:-}" ]; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            note "bench: installing$pkgs"
            # shellcheck disable=SC2086
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs \
                >"$W/apt.log" 2>&1 ||
                { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
                  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
                      $pkgs; } >>"$W/apt.log" 2>&1 ||
                note "bench: apt-get failed (see $W/apt.log)"
        else
            note "bench: missing$pkgs (not root: not installing)"
        fi
    fi
    mkdir -p "$W/node"
    if command -v npm >/dev/null 2>&1 && [ -z "${BENCH_NO_INSTALL:-}" ] &&
        { [ ! -f "$W/node/node_modules/xml-js/package.json" ] ||
          ! cmp -s "$S/bench/package.json" "$W/node/package.json"; }; then
        cp "$S/bench/package.json" "$W/node/package.json"
        note "bench: npm install xml-js into $W/node"
        npm install --prefix "$W/node" --no-audit --no-fund \
            --loglevel=error >"$W/npm.log" 2>&1 ||
            note "bench: npm install failed (see $W/npm.log)"
    fi
}

install_missing
LD_LIBRARY_PATH=$B/lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH
X2J=$(gcx_tool gcx-xml2json)
J2X=$(gcx_tool gcx-json2xml)
TIME=
[ -x /usr/bin/time ] && TIME=/usr/bin/time
XMLLINT=$(command -v xmllint 2>/dev/null)
JQ=$(command -v jq 2>/dev/null)
GZIP_BIN=$(command -v gzip 2>/dev/null)
XQ=$(command -v xq-python 2>/dev/null)
if [ -z "$XQ" ] && command -v xq >/dev/null 2>&1 &&
    xq --help 2>&1 | grep -q jq; then
    XQ=$(command -v xq) # python yq's xq under its upstream name
fi
NODE=$(command -v node 2>/dev/null)
XMLJS=
if [ -n "$NODE" ] && [ -f "$W/node/node_modules/xml-js/package.json" ]
then
    XMLJS=$S/bench/xml-js-convert.js
fi
if [ ! -x "$GEN" ]; then
    echo "bench: $GEN is missing (run make bench)" >&2
    exit 3
fi

# ------------------------------------------------------------ helpers

# mb BYTES: BYTES in MB, one decimal.

# measure REPEAT CMD...: run CMD with stdout to /dev/null REPEAT times.
# Sets M_NS (best wall time, ns), M_KB (largest peak RSS, KiB, or empty
# without /usr/bin/time) and M_RC (exit status of a failed run, else 0).
measure() {
    m_rep=$1
    shift
    M_NS=
    M_KB=
    M_RC=0
    m_i=0
    while [ "$m_i" -lt "$m_rep" ]; do
        m_t0=$(date +%s%N)
        if [ -n "$TIME" ]; then
            "$TIME" -f '%M' -o "$W/time.out" "$@" \
                >/dev/null 2>"$W/stderr.out"
        else
            "$@" >/dev/null 2>"$W/stderr.out"
        fi
        m_rc=$?
        m_t1=$(date +%s%N)
        if [ "$m_rc" -ne 0 ]; then
            M_RC=$m_rc
            return
        fi
        m_ns=$((m_t1 - m_t0))
        if [ -z "$M_NS" ] || [ "$m_ns" -lt "$M_NS" ]; then
            M_NS=$m_ns
        fi
        if [ -n "$TIME" ]; then
            m_kb=$(tail -n 1 "$W/time.out")
            if [ -z "$M_KB" ] || [ "$m_kb" -gt "$M_KB" ]; then
                M_KB=$m_kb
            fi
        fi
        m_i=$((m_i + 1))
    done
}

# Column layout of the table.
fmt_row() {
    printf '%-32s %-28s %8s %8s %6s\n' "$@"
}
header() {
    say ""
    say "-- $*"
}

# row TOOL INPUT BYTES REF_MBS: print the measured row (M_*), with the
# ratio to REF_MBS (empty: no reference). Sets R_MBS and R_MB (peak RSS
# in MB), both empty when the tool did not run.
row() {
    R_MBS=
    R_MB=
    if [ "$M_RC" -ne 0 ]; then
        r_err=$(head -n 1 "$W/stderr.out" | cut -c1-300)
        say "$(fmt_row "$1" "$2" "failed" "(exit $M_RC)" "")"
        say "     $r_err"
        return
    fi
    R_MBS=$(awk -v b="$3" -v ns="$M_NS" -v m="$MB" \
        'BEGIN { printf "%.1f", b / m / (ns / 1e9) }')
    r_ratio=-
    if [ -n "$4" ]; then
        r_ratio=$(awk -v a="$R_MBS" -v r="$4" \
            'BEGIN { printf "%.2f", (r > 0 ? a / r : 0) }')
    fi
    r_mem=n/a
    if [ -n "$M_KB" ]; then
        R_MB=$(awk -v k="$M_KB" -v m="$MB" \
            'BEGIN { printf "%.1f", k * 1024 / m }')
        r_mem=$R_MB
    fi
    say "$(fmt_row "$1" "$2" "$R_MBS" "$r_mem" "$r_ratio")"
}
unavailable() {
    R_MBS=
    R_MB=
    say "$(fmt_row "$1" "$2" "unavailable" "" "")"
}

# GCX_MAX_MB: the largest peak RSS of any gcx run so far.
GCX_MAX_MB=0
gcx_mem() {
    if [ -n "$R_MB" ]; then
        GCX_MAX_MB=$(awk -v a="$GCX_MAX_MB" -v b="$R_MB" \
            'BEGIN { print (b > a ? b : a) }')
    fi
}

# ------------------------------------------------------------ data

XML=$W/persons.xml
NDJSON=$W/persons.ndjson
ARRAY=$W/persons.json
BIG=$W/persons-big.xml
note "bench: generating $BENCH_MB MB of XML in $W"
"$GEN" --bytes $((BENCH_MB * MB)) >"$XML" || exit 3
XML_BYTES=$(size_of "$XML")
RECORDS=$(grep -c '<cpr:Person ' "$XML")

# The JSON forms: what gcx-xml2json writes for the XML (the files a gcx
# user has); the generator writes the same records independently, which
# checks gcx-xml2json on the whole file. Without gcx-xml2json the
# generator's form is used, so the JSON rows still run.
if [ -n "$X2J" ]; then
    note "bench: gcx-xml2json -> $NDJSON, $ARRAY"
    "$X2J" -q -r "$RPATH" -n "$NS_CPR" "$XML" >"$NDJSON" ||
        fail "gcx-xml2json on $XML"
    "$X2J" -q --array -r "$RPATH" -n "$NS_CPR" "$XML" >"$ARRAY" ||
        fail "gcx-xml2json --array on $XML"
else
    "$GEN" --format ndjson --bytes $((BENCH_MB * MB)) >"$NDJSON"
    "$GEN" --format array --bytes $((BENCH_MB * MB)) >"$ARRAY"
fi
note "bench: gzip copies"
gzip -c <"$XML" >"$XML.gz"
gzip -c <"$NDJSON" >"$NDJSON.gz"
NDJSON_BYTES=$(size_of "$NDJSON")
ARRAY_BYTES=$(size_of "$ARRAY")

# Whole-document tools (xq, xml-js, jq on the array) hold the document,
# several times its size: above BENCH_SLOW_MB they get a smaller export
# with the same records from the start (a prefix of the same data set).
SLOW_XML=$XML
SLOW_ARRAY=$ARRAY
if [ "$BENCH_MB" -gt "$BENCH_SLOW_MB" ]; then
    SLOW_XML=$W/persons-slow.xml
    SLOW_ARRAY=$W/persons-slow.json
    "$GEN" --bytes $((BENCH_SLOW_MB * MB)) >"$SLOW_XML"
    "$GEN" --format array --bytes $((BENCH_SLOW_MB * MB)) >"$SLOW_ARRAY"
fi
SLOW_XML_BYTES=$(size_of "$SLOW_XML")
SLOW_ARRAY_BYTES=$(size_of "$SLOW_ARRAY")

# label FILE BYTES: the input column, name and size.

# ------------------------------------------------------------ checks

say "gcx make bench, $(date -u '+%Y-%m-%d %H:%M UTC')"
say "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo |
    sed 's/.*: //'), $(awk '/MemTotal/ { printf "%.0f GB RAM",
    $2 / 1048576 }' /proc/meminfo), load $(cut -d' ' -f1-3 \
    /proc/loadavg) before the run"
say "data: $RECORDS CPR records, $(label "$XML" "$XML_BYTES") XML," \
    "$(mb "$NDJSON_BYTES") MB NDJSON, $(mb "$ARRAY_BYTES") MB array," \
    "$(mb "$(size_of "$XML.gz")") MB XML.gz"
say ""
say "Checks"
if [ -n "$X2J" ]; then
    # 1. gcx-xml2json against the generator's own JSON of the same
    #    records (written by different code), on every record.
    if "$GEN" --format ndjson --bytes $((BENCH_MB * MB)) |
        cmp -s - "$NDJSON"; then
        say "  gcx-xml2json records = generator's JSON form:" \
            "identical ($RECORDS records)"
    else
        line=$("$GEN" --format ndjson --bytes $((BENCH_MB * MB)) |
            cmp - "$NDJSON" 2>&1 | sed -n 's/.* line \([0-9]*\).*/\1/p')
        fail "gcx-xml2json NDJSON differs from the generator's at record" \
            "${line:-?} (compare $NDJSON with gen-registry --format" \
            "ndjson)"
    fi
    if "$GEN" --format array --bytes $((BENCH_MB * MB)) |
        cmp -s - "$ARRAY"; then
        say "  gcx-xml2json --array = generator's JSON array: identical"
    else
        fail "gcx-xml2json --array differs from the generator's array"
    fi
    if "$X2J" -q -r "$RPATH" -n "$NS_CPR" "$XML.gz" | cmp -s - "$NDJSON"
    then
        say "  gcx-xml2json on the gzip copy: same records"
    else
        fail "gcx-xml2json on $XML.gz differs from $NDJSON"
    fi
else
    say "  gcx-xml2json: unavailable (JSON files from the generator)"
fi

# c14n_records FILE: the records of an export after canonicalisation,
# with what lies outside them dropped (the wrapper's generated
# attribute, the whitespace between records), which gcx-json2xml does
# not claim to keep.
c14n_records() {
    xmllint --c14n "$1" | sed -z \
        -e 's/ generated="[^"]*"//' \
        -e 's#\(<cpr:Export[^>]*>\|</cpr:Person>\)[[:space:]]*#\1#g'
}
if [ -n "$J2X" ] && [ -n "$XMLLINT" ]; then
    # 2. gcx-json2xml: the first records back to XML equal the original
    #    records after C14N, from NDJSON and from the array.
    n=$BENCH_CHECK_RECORDS
    [ "$n" -gt "$RECORDS" ] && n=$RECORDS
    "$GEN" --records "$n" >"$W/slice.xml"
    head -n "$n" "$NDJSON" >"$W/slice.ndjson"
    "$GEN" --format array --records "$n" >"$W/slice.json"
    c14n_records "$W/slice.xml" >"$W/slice.c14n"
    for layout in ndjson array; do
        f=$W/slice.ndjson
        [ "$layout" = array ] && f=$W/slice.json
        if "$J2X" -q --layout "$layout" -r "$RPATH" -n "$NS_CPR" \
            -n "$NS_ADDR" "$f" >"$W/slice.back.xml" &&
            c14n_records "$W/slice.back.xml" >"$W/slice.back.c14n" &&
            [ -s "$W/slice.c14n" ] &&
            cmp -s "$W/slice.c14n" "$W/slice.back.c14n"; then
            say "  gcx-json2xml ($layout, first $n records) = original" \
                "records after C14N"
        else
            fail "gcx-json2xml ($layout) of the first $n records differs" \
                "from the original after C14N (diff $W/slice.c14n" \
                "$W/slice.back.c14n)"
        fi
    done
else
    say "  gcx-json2xml round trip: unavailable"
fi
if [ -n "$J2X" ] && [ -n "$X2J" ]; then
    # 3. Every record: each JSON form back to XML and again to JSON gives
    #    the NDJSON it came from.
    for f in "$NDJSON" "$ARRAY" "$NDJSON.gz"; do
        if "$J2X" -q -r "$RPATH" -n "$NS_CPR" "$f" 2>"$W/stderr.rt" |
            "$X2J" -q -r "$RPATH" -n "$NS_CPR" 2>/dev/null |
            cmp -s - "$NDJSON"; then
            say "  gcx-json2xml $(basename "$f") | gcx-xml2json =" \
                "$(basename "$NDJSON"): identical (all records)"
        else
            fail "gcx-json2xml $(basename "$f") | gcx-xml2json differs" \
                "from $(basename "$NDJSON"): $(head -n 1 "$W/stderr.rt")"
        fi
    done
fi

# ------------------------------------------------------------ timings

REP=$BENCH_REPEAT
say ""
say "Timings: MB/s = input MB / wall seconds (best of $REP for fast rows," \
    "one run for xq, xml-js, jq); peak = max RSS; MB = 10^6 bytes"
say "$(fmt_row "tool" "input" "MB/s" "peak MB" "ratio")"

IN=$(label "$XML" "$XML_BYTES")
SLOW_IN=$(label "$SLOW_XML" "$SLOW_XML_BYTES")
header "XML to JSON; ratio to xmllint --stream --noout (parse floor)"
XMLLINT_MBS=
if [ -n "$XMLLINT" ]; then
    measure "$REP" "$XMLLINT" --stream --noout "$XML"
    row "xmllint --stream --noout" "$IN" "$XML_BYTES" ""
    XMLLINT_MBS=$R_MBS
else
    unavailable "xmllint --stream --noout" "$IN"
fi
X2J_MBS=
X2J_MB=
if [ -n "$X2J" ]; then
    measure "$REP" "$X2J" -q -r "$RPATH" -n "$NS_CPR" "$XML"
    row "gcx-xml2json -r (records)" "$IN" "$XML_BYTES" "$XMLLINT_MBS"
    X2J_MBS=$R_MBS
    X2J_MB=$R_MB
    gcx_mem
else
    unavailable "gcx-xml2json -r (records)" "$IN"
fi
XQ_MBS=
if [ -n "$XQ" ]; then
    measure 1 "$XQ" . "$SLOW_XML"
    row "xq . (python yq)" "$SLOW_IN" "$SLOW_XML_BYTES" "$XMLLINT_MBS"
    XQ_MBS=$R_MBS
else
    unavailable "xq . (python yq)" "$SLOW_IN"
fi
XMLJS_MBS=
if [ -n "$XMLJS" ]; then
    measure 1 env NODE_PATH="$W/node/node_modules" "$NODE" \
        --max-old-space-size=8192 "$XMLJS" "$SLOW_XML"
    row "xml-js xml2json (node)" "$SLOW_IN" "$SLOW_XML_BYTES" \
        "$XMLLINT_MBS"
    XMLJS_MBS=$R_MBS
else
    unavailable "xml-js xml2json (node)" "$SLOW_IN"
fi

IN="$(basename "$XML.gz") ($(mb "$XML_BYTES") MB)"
header "gzip XML (MB/s of the XML inside); ratio to gzip -dc"
GZ_MBS=
if [ -n "$GZIP_BIN" ]; then
    measure "$REP" "$GZIP_BIN" -dc "$XML.gz"
    row "gzip -dc" "$IN" "$XML_BYTES" ""
    GZ_MBS=$R_MBS
else
    unavailable "gzip -dc" "$IN"
fi
if [ -n "$X2J" ]; then
    measure "$REP" "$X2J" -q -r "$RPATH" -n "$NS_CPR" "$XML.gz"
    row "gcx-xml2json -r (records)" "$IN" "$XML_BYTES" "$GZ_MBS"
    gcx_mem
else
    unavailable "gcx-xml2json -r (records)" "$IN"
fi

IN=$(label "$NDJSON" "$NDJSON_BYTES")
header "NDJSON to XML (.gz: MB/s of the NDJSON inside); ratio to" \
    "jq -c ."
JQ_MBS=
if [ -n "$JQ" ]; then
    measure 1 "$JQ" -c . "$NDJSON"
    row "jq -c ." "$IN" "$NDJSON_BYTES" ""
    JQ_MBS=$R_MBS
else
    unavailable "jq -c ." "$IN"
fi
J2X_MBS=
if [ -n "$J2X" ]; then
    measure "$REP" "$J2X" -q -r "$RPATH" -n "$NS_CPR" "$NDJSON"
    row "gcx-json2xml -r" "$IN" "$NDJSON_BYTES" "$JQ_MBS"
    J2X_MBS=$R_MBS
    gcx_mem
    IN2="$(basename "$NDJSON.gz") ($(mb "$NDJSON_BYTES") MB)"
    measure "$REP" "$J2X" -q -r "$RPATH" -n "$NS_CPR" "$NDJSON.gz"
    row "gcx-json2xml -r" "$IN2" "$NDJSON_BYTES" "$JQ_MBS"
    gcx_mem
else
    unavailable "gcx-json2xml -r" "$IN"
fi

IN=$(label "$ARRAY" "$ARRAY_BYTES")
SLOW_IN=$(label "$SLOW_ARRAY" "$SLOW_ARRAY_BYTES")
header "JSON array to XML; ratio to jq -c ."
JQA_MBS=
if [ -n "$JQ" ]; then
    measure 1 "$JQ" -c . "$SLOW_ARRAY"
    row "jq -c ." "$SLOW_IN" "$SLOW_ARRAY_BYTES" ""
    JQA_MBS=$R_MBS
else
    unavailable "jq -c ." "$SLOW_IN"
fi
J2XA_MBS=
if [ -n "$J2X" ]; then
    measure "$REP" "$J2X" -q --layout array -r "$RPATH" -n "$NS_CPR" \
        "$ARRAY"
    row "gcx-json2xml --layout array -r" "$IN" "$ARRAY_BYTES" "$JQA_MBS"
    J2XA_MBS=$R_MBS
    gcx_mem
else
    unavailable "gcx-json2xml --layout array -r" "$IN"
fi

# Memory boundedness: the same tools on a bigger export (a superset of the
# same records); peak RSS must not grow with the input.
header "memory boundedness: $BENCH_BIG_MB MB export; ratio to the" \
    "$BENCH_MB MB row"
BIG_MB=
PIPE_X_MB=
PIPE_J_MB=
if [ -n "$X2J" ]; then
    note "bench: generating $BENCH_BIG_MB MB of XML"
    "$GEN" --bytes $((BENCH_BIG_MB * MB)) >"$BIG" || exit 3
    BIG_BYTES=$(size_of "$BIG")
    IN=$(label "$BIG" "$BIG_BYTES")
    measure 1 "$X2J" -q -r "$RPATH" -n "$NS_CPR" "$BIG"
    row "gcx-xml2json -r (records)" "$IN" "$BIG_BYTES" "$X2J_MBS"
    BIG_MB=$R_MB
    gcx_mem
    if [ -n "$J2X" ] && [ -n "$TIME" ]; then
        # Both filters at once in a pipe, the way they are used.
        rm -f "$W/pipe.failed"
        t0=$(date +%s%N)
        { "$TIME" -f '%M' -o "$W/time.x2j" "$X2J" -q -r "$RPATH" \
            -n "$NS_CPR" "$BIG" 2>"$W/stderr.x2j" ||
            echo gcx-xml2json >>"$W/pipe.failed"; } |
            { "$TIME" -f '%M' -o "$W/time.j2x" "$J2X" -q -r "$RPATH" \
                -n "$NS_CPR" >/dev/null 2>"$W/stderr.j2x" ||
                echo gcx-json2xml >>"$W/pipe.failed"; }
        t1=$(date +%s%N)
        if [ -s "$W/pipe.failed" ]; then
            say "$(fmt_row "gcx-xml2json | gcx-json2xml" "$IN" \
                "failed" "" "")"
            fail "in the pipe, $(tr '\n' ' ' <"$W/pipe.failed")failed:" \
                "$(cat "$W/stderr.j2x" "$W/stderr.x2j" | head -n 2)"
        else
            PIPE_X_MB=$(awk -v m="$MB" '{ v = $1 } END {
                printf "%.1f", v * 1024 / m }' "$W/time.x2j")
            PIPE_J_MB=$(awk -v m="$MB" '{ v = $1 } END {
                printf "%.1f", v * 1024 / m }' "$W/time.j2x")
            M_NS=$((t1 - t0))
            M_RC=0
            M_KB=
            row "gcx-xml2json | gcx-json2xml" "$IN" "$BIG_BYTES" \
                "$X2J_MBS"
            say "     (peak MB: gcx-xml2json $PIPE_X_MB," \
                "gcx-json2xml $PIPE_J_MB)"
            R_MB=$PIPE_X_MB
            gcx_mem
            R_MB=$PIPE_J_MB
            gcx_mem
        fi
    fi
    [ -n "${BENCH_KEEP:-}" ] || rm -f "$BIG"
else
    unavailable "gcx-xml2json -r (records)" "$BENCH_BIG_MB MB"
fi
if [ "$SLOW_XML" != "$XML" ]; then
    say ""
    say "xq, xml-js and jq on the array ran on the first $BENCH_SLOW_MB MB" \
        "of the same data (they hold the whole document; BENCH_SLOW_MB)."
fi

# ------------------------------------------------------------ targets

# verdict VALUE OP LIMIT: PASS, MISS, or n/a without a value.
verdict() {
    if [ -z "$1" ]; then
        echo "n/a"
    else
        awk -v a="$1" -v b="$3" -v op="$2" 'BEGIN {
            ok = (op == ">=") ? (a >= b) : (a < b)
            print ok ? "PASS" : "MISS" }'
    fi
}
ratio() {
    if [ -n "$1" ] && [ -n "$2" ]; then
        awk -v a="$1" -v b="$2" 'BEGIN {
            if (b > 0) printf "%.2f", a / b }'
    fi
}
say ""
say "Targets"
r=$(ratio "$X2J_MBS" "$XMLLINT_MBS")
v1=$(verdict "$r" ">=" 0.75)
say "  gcx-xml2json >= 0.75 x xmllint --stream:  ${r:-n/a}  $v1"
rq=$(ratio "$X2J_MBS" "$XQ_MBS")
rj=$(ratio "$X2J_MBS" "$XMLJS_MBS")
say "    (gcx-xml2json = ${rq:-n/a} x xq, ${rj:-n/a} x xml-js)"
r=$(ratio "$J2X_MBS" "$JQ_MBS")
v2=$(verdict "$r" ">=" 4)
ra=$(ratio "$J2XA_MBS" "$JQA_MBS")
say "  gcx-json2xml >= 4 x jq -c . (NDJSON):     ${r:-n/a}  $v2" \
    "  (array: ${ra:-n/a})"
if [ -n "$X2J$J2X" ] && [ -n "$TIME" ]; then
    v3=$(verdict "$GCX_MAX_MB" "<" 32)
else
    v3=n/a
fi
say "  peak RSS of every gcx run < 32 MB:        max $GCX_MAX_MB MB  $v3"
# Flat: the big file costs at most 2 MB or 10% more than the normal one.
v4=n/a
if [ -n "$BIG_MB" ] && [ -n "$X2J_MB" ]; then
    v4=$(awk -v a="$X2J_MB" -v b="$BIG_MB" 'BEGIN {
        ok = b - a <= 2 || b <= a * 1.1
        print ok ? "PASS" : "MISS" }')
fi
say "  peak RSS flat with input size:            ${X2J_MB:-n/a} MB at" \
    "$BENCH_MB MB, ${BIG_MB:-n/a} MB at $BENCH_BIG_MB MB  $v4"
say ""
say "Results kept in $W/results.txt (validation: results-validate.txt)"

# The validation part: gcx-validate beside ajv and xmllint --schema.
sh "$S/bench/validate.sh" "$B" "$S" || FAILED=1
sh "$S/bench/diff.sh" "$B" "$S" || FAILED=1
sh "$S/bench/map.sh" "$B" "$S" || FAILED=1

if [ "$FAILED" -ne 0 ]; then
    echo "bench: a correctness check failed (see above)" >&2
    exit 1
fi
if [ -n "${BENCH_STRICT:-}" ]; then
    case "$v1 $v2 $v3 $v4" in
    *MISS*) exit 1 ;;
    esac
fi
exit 0
