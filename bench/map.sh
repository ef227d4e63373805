#!/bin/sh
# bench/map.sh BUILDDIR SRCDIR - make bench, the mapping part (it also
# runs alone, after make bench/gen-registry): generate one Bahrain CPR
# civil export in two forms holding the same records, the XML export and
# plain NDJSON (bench/gen-registry --format plain), under
# BUILDDIR/bench/work; check on the first MAP_CHECK_RECORDS records that
# gcx-map (XML, bench/map/bh-cpr-registry.map), gcx-map (NDJSON,
# bh-cpr-registry-plain.map), xsltproc (civil.xsl), jq (civil.jq) and
# Miller (civil.mlr, when mlr is installed) write the same canonical
# records; then time each on the whole export and print records/s, MB/s,
# peak memory, the ratios to xsltproc and jq and the targets of the issue.
# See bench/README.md, "Mapping".
#
# Environment: MAP_RECORDS (records; default BENCH_RECORDS, else the
# records of a BENCH_MB MB XML export when BENCH_MB is set, else 1000000),
# MAP_CHECK_RECORDS (default 2000), MAP_REPEAT (runs of each gcx-map row,
# best kept; default BENCH_REPEAT or 3), MAP_SLOW_RECORDS (the most
# records given to xsltproc, which holds the whole document; default: all
# that fit in the available memory), BENCH_STRICT=1 (exit 1 on a missed
# target, not only on a failed check), BENCH_NO_INSTALL=1.
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 BUILDDIR SRCDIR" >&2
    exit 2
fi
B=$1
S=$2
W=$B/bench/work

MAP_RECORDS=${MAP_RECORDS:-${BENCH_RECORDS:-}}
MAP_CHECK_RECORDS=${MAP_CHECK_RECORDS:-2000}
MAP_REPEAT=${MAP_REPEAT:-${BENCH_REPEAT:-3}}
MAP_SLOW_RECORDS=${MAP_SLOW_RECORDS:-}
# The size: a record count, or the records of a BENCH_MB MB XML export.
SIZE_ARG=
if [ -z "$MAP_RECORDS" ] && [ -n "${BENCH_MB:-}" ]; then
    case $BENCH_MB in
    '' | *[!0-9]* | 0)
        echo "bench: BENCH_MB must be a positive integer, got" \
            "'$BENCH_MB'" >&2
        exit 2
        ;;
    esac
    SIZE_ARG="--bytes $((BENCH_MB * 1000000))"
fi
[ -n "$SIZE_ARG" ] || MAP_RECORDS=${MAP_RECORDS:-1000000}
for v in MAP_RECORDS MAP_CHECK_RECORDS MAP_REPEAT MAP_SLOW_RECORDS; do
    val=
    eval "val=\$$v"
    case $v:$val in
    MAP_RECORDS: | MAP_SLOW_RECORDS:) ;; # unset: see above / below
    *:'' | *:*[!0-9]* | *:0)
        echo "bench: $v must be a positive integer, got '$val'" >&2
        exit 2
        ;;
    esac
done
[ -n "$SIZE_ARG" ] || SIZE_ARG="--records $MAP_RECORDS"

MAPDIR=$S/bench/map
MAP_XML=$MAPDIR/bh-cpr-registry.map
MAP_PLAIN=$MAPDIR/bh-cpr-registry-plain.map
XSL=$MAPDIR/civil.xsl
JQF=$MAPDIR/civil.jq
MLRF=$MAPDIR/civil.mlr
RES=$W/results-map.txt
. "$S/bench/lib.sh"

# ------------------------------------------------------------ tools

# install_missing: the apt packages of the tools compared (root only), as
# run.sh does. Miller is optional: timed when installed, never installed.
install_missing() {
    pkgs=
    command -v xsltproc >/dev/null 2>&1 || pkgs="$pkgs xsltproc"
    command -v jq >/dev/null 2>&1 || pkgs="$pkgs jq"
    [ -x /usr/bin/time ] || pkgs="$pkgs time"
    command -v cc >/dev/null 2>&1 || pkgs="$pkgs gcc"
    if [ -n "$pkgs" ] && [ -z "${BENCH_NO_INSTALL:-}" ]; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            note "bench: installing$pkgs"
            # shellcheck disable=SC2086
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs \
                >"$W/apt-map.log" 2>&1 ||
                { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
                  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
                      $pkgs; } >>"$W/apt-map.log" 2>&1 ||
                note "bench: apt-get failed (see $W/apt-map.log)"
        else
            note "bench: missing$pkgs (not root: not installing)"
        fi
    fi
}

install_missing
# The data files of the source tree (the canonical schema) for gcx-map,
# not the installed ones.
GCX_DATA_DIR=$S/mappings
export GCX_DATA_DIR
GMAP=$(gcx_tool gcx-map)
CANON=$(gcx_tool gcx-canon)
TIME=
[ -x /usr/bin/time ] && TIME=/usr/bin/time
XSLTPROC=$(command -v xsltproc 2>/dev/null)
JQ=$(command -v jq 2>/dev/null)
MLR=$(command -v mlr 2>/dev/null)
if [ -n "$MLR" ] && ! "$MLR" --version 2>/dev/null | grep -q '^mlr 6'
then
    MLR= # civil.mlr is Miller 6 DSL (--ijsonl, absent semantics)
fi
if [ -z "$TIME" ]; then
    echo "bench: /usr/bin/time is missing (apt-get install time)" >&2
    exit 3
fi

# The generator: bench/gen-registry of the build tree (make bench builds
# it), else compiled here into $W.
GEN=$B/bench/gen-registry
if [ ! -x "$GEN" ] || ! "$GEN" --format plain --records 1 >/dev/null 2>&1
then
    GEN=$W/gen-registry
    src_sum=$(cksum <"$S/bench/gen-registry.c")
    if [ ! -x "$GEN" ] || [ "$(cat "$GEN.src" 2>/dev/null)" != "$src_sum" ]
    then
        ${CC:-cc} -O2 -o "$GEN" "$S/bench/gen-registry.c" || {
            echo "bench: cannot compile $S/bench/gen-registry.c" >&2
            exit 3
        }
        echo "$src_sum" >"$GEN.src"
    fi
fi

# ------------------------------------------------------------ helpers

lines_of() {
    wc -l <"$1" | tr -d ' '
}

# run_once OUT CMD...: run CMD once, stdout to OUT, stderr to
# $W/stderr.out, under /usr/bin/time. Sets T_NS (wall, ns), T_KB (peak
# RSS, KiB) and T_RC (exit status).
run_once() {
    r_out=$1
    shift
    r_t0=$(date +%s%N)
    "$TIME" -f '%U %S %M' -o "$W/time.out" "$@" >"$r_out" \
        2>"$W/stderr.out"
    T_RC=$?
    r_t1=$(date +%s%N)
    T_NS=$((r_t1 - r_t0))
    T_KB=$(tail -n 1 "$W/time.out" | awk '{ print $3 }')
    T_CPU=$(tail -n 1 "$W/time.out" | awk '{ printf "%.2f", $1 + $2 }')
    case $T_KB in
    '' | *[!0-9]*) T_KB=0 ;;
    esac
}
# measure N CMD...: N runs of CMD, stdout to /dev/null; M_NS is the best
# wall time, M_KB the largest peak RSS, M_RC the exit status of a failed
# run (the runs stop at the first failure), else 0.
measure() {
    m_n=$1
    shift
    M_NS=
    M_CPU=
    M_KB=0
    M_RC=0
    while [ "$m_n" -gt 0 ]; do
        run_once /dev/null "$@"
        if [ "$T_RC" -ne 0 ]; then
            M_RC=$T_RC
            return
        fi
        if [ -z "$M_NS" ] || [ "$T_NS" -lt "$M_NS" ]; then
            M_NS=$T_NS
        fi
        if [ -z "$M_CPU" ] ||
           awk -v a="$T_CPU" -v b="$M_CPU" 'BEGIN { exit !(a < b) }'; then
            M_CPU=$T_CPU
        fi
        [ "$T_KB" -gt "$M_KB" ] && M_KB=$T_KB
        m_n=$((m_n - 1))
    done
}

fmt_row() {
    printf '%-34s %-30s %9s %7s %8s %6s\n' "$@"
}
header() {
    say ""
    say "-- $*"
}
# row TOOL INPUT RECORDS BYTES REF_MBS: print the measured row (M_*):
# records/s, MB/s, peak MB and the MB/s ratio to REF_MBS (empty: none).
# Sets R_MBS and R_MB, empty when the tool failed.
row() {
    R_MBS=
    R_MB=
    if [ "$M_RC" -ne 0 ] || [ -z "$M_NS" ]; then
        r_err=$(grep -v '^ *$' "$W/stderr.out" | head -n 1 | cut -c1-300)
        say "$(fmt_row "$1" "$2" "failed" "(exit $M_RC)" "" "")"
        say "     $r_err"
        return
    fi
    r_rps=$(awk -v n="$3" -v ns="$M_NS" \
        'BEGIN { printf "%.0f", n / (ns > 0 ? ns / 1e9 : 0.001) }')
    R_MBS=$(awk -v b="$4" -v ns="$M_NS" -v m="$MB" \
        'BEGIN { printf "%.1f", b / m / (ns > 0 ? ns / 1e9 : 0.001) }')
    R_MB=$(awk -v k="$M_KB" -v m="$MB" \
        'BEGIN { printf "%.1f", k * 1024 / m }')
    r_ratio=-
    if [ -n "$5" ]; then
        r_ratio=$(awk -v a="$R_MBS" -v r="$5" \
            'BEGIN { printf "%.2f", (r > 0 ? a / r : 0) }')
    fi
    say "$(fmt_row "$1" "$2" "$r_rps" "$R_MBS" "$R_MB" "$r_ratio")"
}
unavailable() {
    R_MBS=
    R_MB=
    say "$(fmt_row "$1" "$2" "${3:-unavailable}" "" "" "")"
}
ratio() {
    if [ -n "$1" ] && [ -n "$2" ]; then
        awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b }'
    fi
}
verdict() {
    if [ -z "$1" ]; then
        echo "n/a"
    else
        awk -v a="$1" -v b="$3" -v op="$2" 'BEGIN {
            ok = (op == ">=") ? (a >= b) : (a < b)
            print ok ? "PASS" : "MISS" }'
    fi
}
# GMAP_MAX_MB: the largest peak RSS of any gcx-map run so far.
GMAP_MAX_MB=
gmap_mem() {
    if [ -n "$1" ]; then
        GMAP_MAX_MB=$(awk -v a="${GMAP_MAX_MB:-0}" -v b="$1" \
            'BEGIN { print (b > a ? b : a) }')
    fi
}

# ------------------------------------------------------------ data

# The two forms of the export are cached: made again only when the size
# or the generator changed.
XML=$W/map-persons.xml
PLAIN=$W/map-persons.ndjson
STAMP=$W/map-persons.stamp
want="$SIZE_ARG gen=$(cksum_of "$GEN")"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && [ -f "$XML" ] &&
    [ -f "$PLAIN" ]; then
    note "bench: reusing $XML and $PLAIN"
else
    rm -f "$STAMP"
    note "bench: generating the civil export ($SIZE_ARG), XML and plain" \
        "NDJSON, in $W"
    # shellcheck disable=SC2086
    "$GEN" $SIZE_ARG >"$XML" &&
        "$GEN" --format plain $SIZE_ARG >"$PLAIN" || exit 3
    echo "$want" >"$STAMP"
fi
RECORDS=$(lines_of "$PLAIN")
XML_BYTES=$(size_of "$XML")
PLAIN_BYTES=$(size_of "$PLAIN")

# xsltproc holds the document (about 12 times its size, and its output):
# it gets the whole export when that fits in three quarters of the
# available memory at 16 bytes a byte of XML, or MAP_SLOW_RECORDS, else
# the first records (the same data set) that fit.
SLOW_N=$RECORDS
if [ -n "$MAP_SLOW_RECORDS" ]; then
    [ "$MAP_SLOW_RECORDS" -lt "$SLOW_N" ] && SLOW_N=$MAP_SLOW_RECORDS
else
    avail_kb=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo 2>/dev/null)
    if [ -n "$avail_kb" ]; then
        fit=$(awk -v a="$avail_kb" -v b="$XML_BYTES" -v n="$RECORDS" \
            'BEGIN { f = int(a * 1024 * 0.75 / 16 / (b / n))
                     print (f < 1000 ? 1000 : f) }')
        [ "$fit" -lt "$SLOW_N" ] && SLOW_N=$fit
    fi
fi
SLOW_XML=$XML
SLOW_XML_BYTES=$XML_BYTES
if [ "$SLOW_N" -lt "$RECORDS" ]; then
    SLOW_XML=$W/map-persons-slow.xml
    "$GEN" --records "$SLOW_N" >"$SLOW_XML" || exit 3
    SLOW_XML_BYTES=$(size_of "$SLOW_XML")
fi

# ------------------------------------------------------------ checks

echo # after the previous part's report
say "gcx make bench (mapping), $(date -u '+%Y-%m-%d %H:%M UTC')"
say "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" \
    "before the run"
say "data: $RECORDS CPR records, $(label "$XML" "$XML_BYTES") XML," \
    "$(label "$PLAIN" "$PLAIN_BYTES") plain NDJSON (the same records)"
say ""
say "Checks"
n=$MAP_CHECK_RECORDS
[ "$n" -gt "$RECORDS" ] && n=$RECORDS
SX=$W/map-sample.xml
SP=$W/map-sample.ndjson
"$GEN" --records "$n" >"$SX" && "$GEN" --format plain --records "$n" \
    >"$SP" || exit 3
if [ "$(lines_of "$SP")" -eq "$n" ] &&
    [ "$(grep -c '<cpr:Person ' "$SX")" -eq "$n" ] &&
    head -n "$n" "$PLAIN" | cmp -s - "$SP"; then
    :
else
    fail "the sample is not the first $n records of the export"
fi

# norm FILE [drop]: the records of FILE with the members of every object
# sorted (jq -S -c ., or gcx-canon --no-sets without jq: JCS, arrays kept
# in order); with drop, without provenance.
NORM=
if [ -n "$JQ" ]; then
    NORM="jq -S -c"
elif [ -n "$CANON" ]; then
    NORM="gcx-canon --no-sets"
fi
norm() {
    if [ -n "$JQ" ]; then
        if [ -n "${2:-}" ]; then
            "$JQ" -S -c 'del(.provenance)' "$1"
        else
            "$JQ" -S -c . "$1"
        fi
    elif [ -n "${2:-}" ]; then
        "$CANON" -q --no-sets "$1" | sed 's/"provenance":{[^{}]*},//'
    else
        "$CANON" -q --no-sets "$1"
    fi
}

# check_run NAME OUT CMD...: run CMD on the sample, once; it must exit 0
# and write one record a line for each of the n records. Sets CHK_OK.
check_run() {
    c_name=$1
    c_out=$2
    shift 2
    run_once "$c_out" "$@"
    CHK_OK=
    if [ "$T_RC" -ne 0 ]; then
        fail "$c_name on the sample exited with $T_RC:" \
            "$(grep -v '^ *$' "$W/stderr.out" | head -n 1 | cut -c1-300)"
    elif [ "$(lines_of "$c_out")" -ne "$n" ]; then
        fail "$c_name wrote $(lines_of "$c_out") records for $n:" \
            "$(grep -v '^ *$' "$W/stderr.out" | head -n 1 | cut -c1-300)"
    else
        CHK_OK=1
    fi
}
# agree NAME_A A NAME_B B [drop]: both outputs, normalised, identical.
agree() {
    if [ -z "$NORM" ]; then
        say "  $1 = $3: not checked (neither jq nor gcx-canon)"
        return
    fi
    norm "$2" ${5:+drop} >"$2.norm" && norm "$4" ${5:+drop} >"$4.norm"
    if [ -s "$2.norm" ] && cmp -s "$2.norm" "$4.norm"; then
        raw=
        [ -z "${5:-}" ] && cmp -s "$2" "$4" &&
            raw=", byte for byte before normalising too"
        say "  $1 = $3${5:+ (provenance aside)}: identical ($n" \
            "records$raw)"
    else
        d=$(cmp "$2.norm" "$4.norm" 2>&1 |
            sed -n 's/.* line \([0-9]*\).*/\1/p')
        fail "$1 and $3 differ (first at record ${d:-?}: diff $2.norm" \
            "$4.norm)"
    fi
}

SMALL_MB=
OX=$W/map-check.gcx-xml.ndjson
OP=$W/map-check.gcx-plain.ndjson
OS=$W/map-check.xsltproc.ndjson
OJ=$W/map-check.jq.ndjson
OM=$W/map-check.mlr.ndjson
GX_OK=
GP_OK=
if [ -n "$GMAP" ]; then
    check_run "gcx-map (XML)" "$OX" "$GMAP" -q -m "$MAP_XML" "$SX"
    GX_OK=$CHK_OK
    gmap_mem "$(awk -v k="$T_KB" -v m="$MB" \
        'BEGIN { printf "%.1f", k * 1024 / m }')"
    check_run "gcx-map (NDJSON)" "$OP" "$GMAP" -q -m "$MAP_PLAIN" "$SP"
    GP_OK=$CHK_OK
    gmap_mem "$(awk -v k="$T_KB" -v m="$MB" \
        'BEGIN { printf "%.1f", k * 1024 / m }')"
    SMALL_MB=$GMAP_MAX_MB
else
    say "  gcx-map: unavailable (not built)"
fi
say "  normalised with $NORM before comparing${NORM:+ (members sorted)}"
if [ -n "$GX_OK" ] && [ -n "$GP_OK" ]; then
    agree "gcx-map (XML)" "$OX" "gcx-map (NDJSON)" "$OP" drop
fi
if [ -n "$XSLTPROC" ]; then
    check_run "xsltproc civil.xsl" "$OS" "$XSLTPROC" --stringparam input \
        "$SX" "$XSL" "$SX"
    [ -n "$CHK_OK" ] && [ -n "$GX_OK" ] &&
        agree "gcx-map (XML)" "$OX" "xsltproc civil.xsl" "$OS"
else
    say "  xsltproc: unavailable"
fi
if [ -n "$JQ" ]; then
    check_run "jq civil.jq" "$OJ" "$JQ" -n -c -f "$JQF" "$SP"
    [ -n "$CHK_OK" ] && [ -n "$GP_OK" ] &&
        agree "gcx-map (NDJSON)" "$OP" "jq civil.jq" "$OJ"
else
    say "  jq: unavailable"
fi
MLR_OK=
if [ -n "$MLR" ]; then
    check_run "mlr civil.mlr" "$OM" "$MLR" -S --ijsonl --ojsonl put -q \
        -f "$MLRF" "$SP"
    MLR_OK=$CHK_OK
    [ -n "$CHK_OK" ] && [ -n "$GP_OK" ] &&
        agree "gcx-map (NDJSON)" "$OP" "mlr civil.mlr" "$OM"
else
    say "  mlr (Miller 6): not installed, its row is skipped"
fi

# ------------------------------------------------------------ timings

REP=$MAP_REPEAT
say ""
say "Timings: MB/s = input MB / wall seconds (gcx-map: best of $REP;" \
    "the others: one run); peak = max RSS; MB = 10^6 bytes"
say "$(fmt_row "tool" "input" "records/s" "MB/s" "peak MB" "ratio")"

IN=$(label "$XML" "$XML_BYTES")
SLOW_IN=$(label "$SLOW_XML" "$SLOW_XML_BYTES")
header "XML export to canonical records; ratio: MB/s to xsltproc"
XS_MBS=
if [ -n "$XSLTPROC" ]; then
    note "bench: xsltproc civil.xsl on $(basename "$SLOW_XML")"
    measure 1 "$XSLTPROC" --stringparam input "$SLOW_XML" "$XSL" \
        "$SLOW_XML"
    row "xsltproc civil.xsl (XSLT 1.0)" "$SLOW_IN" "$SLOW_N" \
        "$SLOW_XML_BYTES" ""
    XS_MBS=$R_MBS
    XS_MB=$R_MB
    XS_CPU=$M_CPU
else
    unavailable "xsltproc civil.xsl (XSLT 1.0)" "$SLOW_IN"
fi
GX_MBS=
GX_MB=
if [ -n "$GMAP" ]; then
    note "bench: gcx-map on $(basename "$XML")"
    measure "$REP" "$GMAP" -q -m "$MAP_XML" "$XML"
    row "gcx-map bh-cpr-registry.map" "$IN" "$RECORDS" "$XML_BYTES" \
        "$XS_MBS"
    GX_MBS=$R_MBS
    GX_MB=$R_MB
    GX_CPU=$M_CPU
    gmap_mem "$R_MB"
else
    unavailable "gcx-map bh-cpr-registry.map" "$IN"
fi

IN=$(label "$PLAIN" "$PLAIN_BYTES")
header "plain NDJSON export to canonical records; ratio: MB/s to jq"
JQ_MBS=
if [ -n "$JQ" ]; then
    note "bench: jq civil.jq on $(basename "$PLAIN")"
    measure 1 "$JQ" -n -c -f "$JQF" "$PLAIN"
    row "jq -f civil.jq" "$IN" "$RECORDS" "$PLAIN_BYTES" ""
    JQ_MBS=$R_MBS
    JQ_CPU=$M_CPU
else
    unavailable "jq -f civil.jq" "$IN"
fi
MLR_MBS=
if [ -n "$MLR" ] && [ -n "$MLR_OK" ]; then
    note "bench: mlr civil.mlr on $(basename "$PLAIN")"
    measure 1 "$MLR" -S --ijsonl --ojsonl put -q -f "$MLRF" "$PLAIN"
    row "mlr put -f civil.mlr (Miller)" "$IN" "$RECORDS" "$PLAIN_BYTES" \
        "$JQ_MBS"
    MLR_MBS=$R_MBS
elif [ -n "$MLR" ]; then
    unavailable "mlr put -f civil.mlr (Miller)" "$IN" "check failed"
else
    unavailable "mlr put -f civil.mlr (Miller)" "$IN" "not installed"
fi
GP_MBS=
GP_MB=
if [ -n "$GMAP" ]; then
    note "bench: gcx-map on $(basename "$PLAIN")"
    measure "$REP" "$GMAP" -q -m "$MAP_PLAIN" "$PLAIN"
    row "gcx-map bh-cpr-registry-plain.map" "$IN" "$RECORDS" \
        "$PLAIN_BYTES" "$JQ_MBS"
    GP_MBS=$R_MBS
    GP_MB=$R_MB
    GP_CPU=$M_CPU
    gmap_mem "$R_MB"
else
    unavailable "gcx-map bh-cpr-registry-plain.map" "$IN"
fi
if [ "$SLOW_XML" != "$XML" ]; then
    say ""
    say "xsltproc ran on the first $SLOW_N records of the same data (it" \
        "holds the whole document: peak ${XS_MB:-?} MB for" \
        "$(mb "$SLOW_XML_BYTES") MB; MAP_SLOW_RECORDS)."
fi

# ------------------------------------------------------------ targets

say ""
say "Targets"
r=$(ratio "$GX_MBS" "$XS_MBS")
v1=$(verdict "$r" ">=" 8)
say "  gcx-map (XML) >= 8 x xsltproc MB/s:      ${r:-n/a}  $v1"
r=$(ratio "$GP_MBS" "$JQ_MBS")
v2=$(verdict "$r" ">=" 8)
rm_=$(ratio "$GP_MBS" "$MLR_MBS")
say "  gcx-map (NDJSON) >= 8 x jq MB/s:         ${r:-n/a}  $v2" \
    "  (gcx-map = ${rm_:-n/a} x Miller)"
# the same ratios on CPU time (user + sys): less sensitive to other load
# on a shared machine than wall time
cpu_ratio() { # BYTES_A CPU_A BYTES_B CPU_B: (A/cpuA) / (B/cpuB)
    awk -v a="$1" -v ca="$2" -v b="$3" -v cb="$4" 'BEGIN {
        if (ca > 0 && cb > 0 && b > 0) printf "%.2f", (a / ca) / (b / cb) }'
}
rc1=$(cpu_ratio "$XML_BYTES" "${GX_CPU:-0}" "$SLOW_XML_BYTES" \
      "${XS_CPU:-0}")
rc2=$(cpu_ratio "$PLAIN_BYTES" "${GP_CPU:-0}" "$PLAIN_BYTES" \
      "${JQ_CPU:-0}")
say "  the same on CPU time (user+sys):         XML ${rc1:-n/a}," \
    "NDJSON ${rc2:-n/a}  (gcx-map ${GX_CPU:-?} s / ${GP_CPU:-?} s," \
    "xsltproc ${XS_CPU:-?} s, jq ${JQ_CPU:-?} s)"
v3=$(verdict "$GMAP_MAX_MB" "<" 64)
say "  peak RSS of every gcx-map run < 64 MB:   max ${GMAP_MAX_MB:-n/a} MB" \
    " $v3"
say "    (${SMALL_MB:-n/a} MB at $n records; ${GX_MB:-n/a} MB (XML)," \
    "${GP_MB:-n/a} MB (NDJSON) at $RECORDS records)"
say ""
say "Results kept in $RES"

if [ "$FAILED" -ne 0 ]; then
    echo "bench: map: a correctness check failed (see above)" >&2
    exit 1
fi
if [ -n "${BENCH_STRICT:-}" ]; then
    case "$v1 $v2 $v3" in
    *MISS*)
        echo "bench: map: a target was missed" >&2
        exit 1
        ;;
    esac
fi
exit 0
