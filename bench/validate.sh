#!/bin/sh
# bench/validate.sh BUILDDIR SRCDIR - make bench, the validation part
# (bench/run.sh calls it at the end; it also runs alone): generate
# VALIDATE_RECORDS deterministic canonical person records (gen-canonical,
# NDJSON, cached under BUILDDIR/bench/work), convert them to the canonical
# XML form with gcx-convert --to=xml, check that gcx-validate, ajv and
# xmllint --schema accept every record, then time on the same records
# gcx-validate (all rules, default profile) on the NDJSON, ajv (Ajv2020,
# strict, ajv-formats) on the NDJSON and xmllint --stream --schema on the
# XML, and print records/s, MB/s, peak memory, the ratios to ajv and the
# targets of the issue. See bench/README.md, "Validation".
#
# Environment: VALIDATE_RECORDS (default 1000000), VALIDATE_REPEAT (runs
# of each row, best kept; default BENCH_REPEAT or 3), VALIDATE_TODAY (the
# date for future-date checks, default 2026-11-28), BENCH_STRICT=1 (exit 1
# on a missed target, not only on a failed check), BENCH_NO_INSTALL=1.
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 BUILDDIR SRCDIR" >&2
    exit 2
fi
B=$1
S=$2
W=$B/bench/work

VALIDATE_RECORDS=${VALIDATE_RECORDS:-1000000}
VALIDATE_REPEAT=${VALIDATE_REPEAT:-${BENCH_REPEAT:-3}}
VALIDATE_TODAY=${VALIDATE_TODAY:-2026-11-28}
for v in VALIDATE_RECORDS VALIDATE_REPEAT; do
    val=
    eval "val=\$$v"
    case $val in
    '' | *[!0-9]* | 0)
        echo "bench: $v must be a positive integer, got '$val'" >&2
        exit 2
        ;;
    esac
done
case $VALIDATE_TODAY in
[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]) ;;
*)
    echo "bench: VALIDATE_TODAY must be YYYY-MM-DD, got '$VALIDATE_TODAY'" >&2
    exit 2
    ;;
esac

DEF=$S/mappings/canonical/gcx-canonical-v1.json
JSON_SCHEMA=$S/mappings/canonical/gcx-canonical-v1.schema.json
XSD=$S/mappings/canonical/gcx-canonical-v1.xsd
NDJSON=$W/canonical.ndjson
XML=$W/canonical.xml
STAMP=$W/canonical.stamp
RES=$W/results-validate.txt
. "$S/bench/lib.sh"

# ------------------------------------------------------------ tools

# install_missing: apt packages (root only), then ajv and ajv-formats
# with npm into $W/node, as run.sh does for xml-js (the same
# package.json). Whatever cannot be installed shows "unavailable".
install_missing() {
    pkgs=
    command -v xmllint >/dev/null 2>&1 || pkgs="$pkgs libxml2-utils"
    [ -x /usr/bin/time ] || pkgs="$pkgs time"
    command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs"
    command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"
    command -v cc >/dev/null 2>&1 || pkgs="$pkgs gcc"
    if [ -n "$pkgs" ] && [ -z "${BENCH_NO_INSTALL:-}" ]; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            note "bench: installing$pkgs"
            # shellcheck disable=SC2086
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs \
                >"$W/apt-validate.log" 2>&1 ||
                { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
                  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
                      $pkgs; } >>"$W/apt-validate.log" 2>&1 ||
                note "bench: apt-get failed (see $W/apt-validate.log)"
        else
            note "bench: missing$pkgs (not root: not installing)"
        fi
    fi
    mkdir -p "$W/node"
    if command -v npm >/dev/null 2>&1 && [ -z "${BENCH_NO_INSTALL:-}" ] &&
        { [ ! -f "$W/node/node_modules/ajv/package.json" ] ||
          [ ! -f "$W/node/node_modules/ajv-formats/package.json" ] ||
          ! cmp -s "$S/bench/package.json" "$W/node/package.json"; }; then
        cp "$S/bench/package.json" "$W/node/package.json"
        note "bench: npm install ajv, ajv-formats into $W/node"
        npm install --prefix "$W/node" --no-audit --no-fund \
            --loglevel=error >"$W/npm.log" 2>&1 ||
            note "bench: npm install failed (see $W/npm.log)"
    fi
}

install_missing
export LD_LIBRARY_PATH
# The data files of the source tree (country codes, IBAN registry) for
# the gcx tools, not the installed ones.
GCX_DATA_DIR=$S/mappings
export GCX_DATA_DIR
VAL=$(gcx_tool gcx-validate)
CONV=$(gcx_tool gcx-convert)
TIME=
[ -x /usr/bin/time ] && TIME=/usr/bin/time
XMLLINT=$(command -v xmllint 2>/dev/null)
NODE=$(command -v node 2>/dev/null)
AJV=
if [ -n "$NODE" ] && [ -f "$W/node/node_modules/ajv/package.json" ] &&
    [ -f "$W/node/node_modules/ajv-formats/package.json" ]; then
    AJV=$S/bench/ajv-validate.js
fi
if [ -z "$TIME" ]; then
    echo "bench: /usr/bin/time is missing (apt-get install time)" >&2
    exit 3
fi

# The generator: bench/gen-canonical of the build tree when make built
# it, else compiled here (plain C, no deps) into $W.
GEN=$B/bench/gen-canonical
if [ ! -x "$GEN" ]; then
    GEN=$W/gen-canonical
    src_sum=$(cksum <"$S/bench/gen-canonical.c")
    if [ ! -x "$GEN" ] || [ ! -f "$GEN.src" ] ||
        [ "$(cat "$GEN.src")" != "$src_sum" ]; then
        ${CC:-cc} -O2 -o "$GEN" "$S/bench/gen-canonical.c" || {
            echo "bench: cannot compile $S/bench/gen-canonical.c" >&2
            exit 3
        }
        echo "$src_sum" >"$GEN.src"
    fi
fi

# ------------------------------------------------------------ helpers


# run_once OUT CMD...: run CMD once, stdout to OUT, stderr to
# $W/stderr.out, under /usr/bin/time. Sets T_S (wall seconds), T_KB (peak
# RSS, KiB) and T_RC (exit status).
run_once() {
    r_out=$1
    shift
    "$TIME" -f '%e %M' -o "$W/time.out" "$@" >"$r_out" 2>"$W/stderr.out"
    T_RC=$?
    T_S=$(tail -n 1 "$W/time.out" | cut -d' ' -f1)
    T_KB=$(tail -n 1 "$W/time.out" | cut -d' ' -f2)
}

# Best of the runs of one row: M_S (least wall seconds), M_KB (largest
# peak RSS), M_RC (exit status of a failed run, else 0).
m_reset() {
    M_S=
    M_KB=
    M_RC=0
}
m_add() {
    if [ "$T_RC" -ne 0 ]; then
        M_RC=$T_RC
        return
    fi
    if [ -z "$M_S" ] || awk -v a="$T_S" -v b="$M_S" \
        'BEGIN { exit !(a < b) }'; then
        M_S=$T_S
    fi
    if [ -z "$M_KB" ] || [ "$T_KB" -gt "$M_KB" ]; then
        M_KB=$T_KB
    fi
}
# measure N CMD...: N more runs of CMD, stdout to /dev/null, added to
# the row's best (stop at the first failure).
measure() {
    m_n=$1
    shift
    while [ "$m_n" -gt 0 ] && [ "$M_RC" -eq 0 ]; do
        run_once /dev/null "$@"
        m_add
        m_n=$((m_n - 1))
    done
}

fmt_row() {
    printf '%-34s %-28s %9s %7s %8s %6s\n' "$@"
}
header() {
    say ""
    say "-- $*"
}

# row TOOL INPUT BYTES REF_RPS: print the row (M_*): records/s, MB/s,
# peak MB, and the records/s ratio to REF_RPS (empty: no reference).
# Sets R_RPS and R_MB, empty when the tool did not run.
row() {
    R_RPS=
    R_MB=
    if [ "$M_RC" -ne 0 ] || [ -z "$M_S" ]; then
        r_err=$(head -n 1 "$W/stderr.out" | cut -c1-300)
        say "$(fmt_row "$1" "$2" "failed" "(exit $M_RC)" "" "")"
        say "     $r_err"
        return
    fi
    R_RPS=$(awk -v n="$RECORDS" -v s="$M_S" \
        'BEGIN { printf "%.0f", n / (s > 0 ? s : 0.01) }')
    r_mbs=$(awk -v b="$3" -v s="$M_S" -v m="$MB" \
        'BEGIN { printf "%.1f", b / m / (s > 0 ? s : 0.01) }')
    R_MB=$(awk -v k="$M_KB" -v m="$MB" \
        'BEGIN { printf "%.1f", k * 1024 / m }')
    r_ratio=-
    if [ -n "$4" ]; then
        r_ratio=$(awk -v a="$R_RPS" -v r="$4" \
            'BEGIN { printf "%.2f", (r > 0 ? a / r : 0) }')
    fi
    say "$(fmt_row "$1" "$2" "$R_RPS" "$r_mbs" "$R_MB" "$r_ratio")"
}
unavailable() {
    R_RPS=
    R_MB=
    say "$(fmt_row "$1" "$2" "${3:-unavailable}" "" "" "")"
}

# ------------------------------------------------------------ data

# The records and their XML form are cached: made again only when the
# count, the generator or gcx-convert changed.
want="records=$VALIDATE_RECORDS gen=$(cksum_of "$GEN")"
want="$want convert=$(cksum_of "$CONV")"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] &&
    [ -f "$NDJSON" ] && { [ -z "$CONV" ] || [ -f "$XML" ]; }; then
    note "bench: reusing $NDJSON and $XML"
else
    rm -f "$STAMP" "$XML"
    note "bench: generating $VALIDATE_RECORDS canonical person records"
    "$GEN" --records "$VALIDATE_RECORDS" >"$NDJSON" || exit 3
    if [ -n "$CONV" ]; then
        note "bench: gcx-convert --to=xml -> $XML"
        if ! "$CONV" -q --to=xml --schema="$DEF" "$NDJSON" >"$XML" \
            2>"$W/stderr.convert"; then
            fail "gcx-convert --to=xml on $NDJSON:" \
                "$(head -n 1 "$W/stderr.convert")"
            rm -f "$XML"
        fi
    fi
    [ "$FAILED" -eq 0 ] && echo "$want" >"$STAMP"
fi
RECORDS=$(wc -l <"$NDJSON" | tr -d ' ')
NDJSON_BYTES=$(size_of "$NDJSON")
XML_BYTES=
[ -f "$XML" ] && XML_BYTES=$(size_of "$XML")


echo # after run.sh's report
say "gcx make bench (validation), $(date -u '+%Y-%m-%d %H:%M UTC')"
say "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" \
    "before the run"
if [ -n "$XML_BYTES" ]; then
    xml_note="$(mb "$XML_BYTES") MB canonical XML"
else
    xml_note="no XML (gcx-convert unavailable)"
fi
say "data: $RECORDS canonical person records," \
    "$(label "$NDJSON" "$NDJSON_BYTES") NDJSON, $xml_note"
say ""
say "Checks"
[ "$RECORDS" -eq "$VALIDATE_RECORDS" ] ||
    fail "$NDJSON holds $RECORDS records, not $VALIDATE_RECORDS"

# 1. gcx-validate passes every record, without a single finding (even a
#    warning: --fail-on=warning). Its check run is not timed (it writes
#    the rejects and the report).
VAL_OK=
if [ -n "$VAL" ]; then
    rm -f "$W/validate.rejects" "$W/validate.report.json"
    run_once /dev/null "$VAL" --today="$VALIDATE_TODAY" --schema="$DEF" \
        --fail-on=warning --max-messages=5 --rejects="$W/validate.rejects" \
        --report="$W/validate.report.json" "$NDJSON"
    cp "$W/stderr.out" "$W/validate.check.txt"
    # exit 0, and every record read and passed without a finding, by
    # the report's counts or by the summary on stderr
    counts="\"read\":$RECORDS,\"passed\":$RECORDS,\"rejected\":0"
    counts="$counts,\"errors\":0,\"warnings\":0,\"infos\":0"
    if [ "$T_RC" -eq 0 ] &&
        { grep -q "$counts" "$W/validate.report.json" 2>/dev/null ||
          { grep -q "$RECORDS records read: $RECORDS passed, 0 rejected" \
                "$W/validate.check.txt" &&
            grep -q "findings: 0 errors, 0 warnings, 0 infos" \
                "$W/validate.check.txt"; }; }; then
        say "  gcx-validate: every record passes, no finding" \
            "($RECORDS records, --fail-on=warning)"
        VAL_OK=1
    else
        fail "gcx-validate (exit $T_RC) did not pass every generated" \
            "record: a generator or validator bug. First findings" \
            "($W/validate.check.txt, $W/validate.rejects):"
        grep -v '^ *$' "$W/validate.check.txt" | head -n 12 |
            sed 's/^/     /' | tee -a "$RES"
        if [ -s "$W/validate.rejects" ]; then
            say "     first rejected record:"
            head -n 1 "$W/validate.rejects" | cut -c1-3000 |
                sed 's/^/     /' | tee -a "$RES"
        fi
    fi
else
    say "  gcx-validate: unavailable (not built)"
fi

# 2. ajv accepts every record; this run is the first timed one.
AJV_FIRST=
if [ -n "$AJV" ]; then
    run_once "$W/ajv.out" env NODE_PATH="$W/node/node_modules" "$NODE" \
        "$AJV" "$JSON_SCHEMA" "$NDJSON"
    if [ "$T_RC" -eq 0 ] &&
        grep -q "^records $RECORDS valid $RECORDS invalid 0\$" \
            "$W/ajv.out"; then
        say "  ajv (strict, Ajv2020 + ajv-formats): every record valid"
        AJV_FIRST=1
    else
        fail "ajv (exit $T_RC): $(head -n 1 "$W/ajv.out")" \
            "$(head -n 1 "$W/stderr.out" | cut -c1-500)"
    fi
    m_reset
    [ -n "$AJV_FIRST" ] && m_add
    AJV_M_S=$M_S
    AJV_M_KB=$M_KB
else
    say "  ajv: unavailable"
fi

# 3. xmllint --schema accepts the XML form; the first timed run too.
XL_FIRST=
if [ -n "$XMLLINT" ] && [ -n "$XML_BYTES" ]; then
    run_once /dev/null "$XMLLINT" --stream --noout --schema "$XSD" "$XML"
    if [ "$T_RC" -eq 0 ] && grep -q ' validates$' "$W/stderr.out"; then
        say "  xmllint --schema: the canonical XML validates" \
            "against gcx-canonical-v1.xsd"
        XL_FIRST=1
    else
        fail "xmllint --schema (exit $T_RC):" \
            "$(grep -v ' validates$' "$W/stderr.out" | head -n 2 |
                cut -c1-300)"
    fi
    m_reset
    [ -n "$XL_FIRST" ] && m_add
    XL_M_S=$M_S
    XL_M_KB=$M_KB
else
    say "  xmllint --schema: unavailable"
fi

# ------------------------------------------------------------ timings

REP=$VALIDATE_REPEAT
IN=$(label "$NDJSON" "$NDJSON_BYTES")
say ""
say "Timings: records/s and MB/s = input / wall seconds (best of $REP);" \
    "peak = max RSS; MB = 10^6 bytes"
say "$(fmt_row "tool" "input" "records/s" "MB/s" "peak MB" "ratio")"
header "canonical records, schema and domain rules; ratio: records/s" \
    "to ajv"

AJV_RPS=
AJV_MB=
if [ -n "$AJV_FIRST" ]; then
    M_S=$AJV_M_S
    M_KB=$AJV_M_KB
    M_RC=0
    measure $((REP - 1)) env NODE_PATH="$W/node/node_modules" "$NODE" \
        "$AJV" "$JSON_SCHEMA" "$NDJSON"
    row "ajv (Ajv2020 strict, node)" "$IN" "$NDJSON_BYTES" ""
    AJV_RPS=$R_RPS
    AJV_MB=$R_MB
else
    unavailable "ajv (Ajv2020 strict, node)" "$IN"
fi

VAL_RPS=
VAL_MB=
if [ -n "$VAL_OK" ]; then
    m_reset
    measure "$REP" "$VAL" -q --today="$VALIDATE_TODAY" --schema="$DEF" \
        "$NDJSON"
    row "gcx-validate (all rules)" "$IN" "$NDJSON_BYTES" "$AJV_RPS"
    VAL_RPS=$R_RPS
    VAL_MB=$R_MB
elif [ -n "$VAL" ]; then
    unavailable "gcx-validate (all rules)" "$IN" "check failed"
else
    unavailable "gcx-validate (all rules)" "$IN" "pending"
fi

if [ -n "$XL_FIRST" ]; then
    M_S=$XL_M_S
    M_KB=$XL_M_KB
    M_RC=0
    measure $((REP - 1)) "$XMLLINT" --stream --noout --schema "$XSD" "$XML"
    row "xmllint --stream --schema (XSD)" "$(label "$XML" "$XML_BYTES")" \
        "$XML_BYTES" "$AJV_RPS"
else
    unavailable "xmllint --stream --schema (XSD)" "canonical.xml"
fi

# ------------------------------------------------------------ targets

verdict() {
    if [ -z "$1" ]; then
        echo "n/a"
    else
        awk -v a="$1" -v b="$3" -v op="$2" 'BEGIN {
            ok = (op == ">=") ? (a >= b) : (a < b)
            print ok ? "PASS" : "MISS" }'
    fi
}
r=
if [ -n "$VAL_RPS" ] && [ -n "$AJV_RPS" ]; then
    r=$(awk -v a="$VAL_RPS" -v b="$AJV_RPS" \
        'BEGIN { if (b > 0) printf "%.2f", a / b }')
fi
v1=$(verdict "$r" ">=" 2)
v2=$(verdict "$VAL_MB" "<" 32)
say ""
say "Targets (reference: ajv ~245,000 records/s at 105 MB," \
    "xmllint ~184,000 records/s)"
say "  gcx-validate >= 2 x ajv records/s (rules on): ${r:-n/a}  $v1"
say "  gcx-validate peak RSS < 32 MB:               ${VAL_MB:-n/a} MB  $v2" \
    "  (ajv ${AJV_MB:-n/a} MB)"
say ""
say "Results kept in $RES"

if [ "$FAILED" -ne 0 ]; then
    echo "bench: validate: a correctness check failed (see above)" >&2
    exit 1
fi
if [ -n "${BENCH_STRICT:-}" ]; then
    case "$v1 $v2" in
    *MISS*)
        echo "bench: validate: a target was missed" >&2
        exit 1
        ;;
    esac
fi
exit 0
