#!/bin/sh
# tests/alloc-faults.sh - every allocation failure is handled: for each
# tool and a small input, the Nth allocation is made to fail
# (GCX_FAIL_ALLOC=N, a test hook in tools/common.c) for N from 1 up to
# the allocation count of a full run. Each run must succeed or exit 5
# (out of memory), never die by a signal or pick another code, and a
# failed run leaves neither its -o file nor a temporary file behind.
# Then writing to /dev/full and to a closed pipe exits 3 for every tool
# that writes data.
. "$(dirname "$0")/setup.sh"
# libxml2 2.9.14 leaks a buffer or two when one of its own allocations
# fails; under AddressSanitizer that leak report would turn the exit code
# into 1. This test is about exit codes and files left behind, so leak
# detection is off here (our own leaks are caught by the unit tests under
# ASan and by make check-valgrind).
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ASAN_OPTIONS
# For the same reason the sweep runs the tools themselves, not through
# make check-valgrind's wrappers.
GCX_BIN=$GCX_BIN_REAL
B=$GCX_BIN
S=$top_srcdir/samples
: "${GCX_DATA_DIR:=$top_srcdir/mappings}"
export GCX_DATA_DIR
# the first N all tried; after FIRST, every STRIDE-th; stop at CAP
FIRST=200
STRIDE=7
CAP=3000

# small inputs
head -n 2 "$S/canonical/records.ndjson" >"$TMP/in.ndjson"
sed 's/Mohammed/Muhammad/' "$TMP/in.ndjson" >"$TMP/new.ndjson"
cat >"$TMP/in.xml" <<'EOF'
<?xml version="1.0"?>
<E xmlns:p="urn:x"><p:R a="1">x &amp; y<!--c--><?pi d?></p:R>
<p:R><v>2</v></p:R></E>
EOF
"$B/gcx-xml2json" -r /E/p:R -n p=urn:x "$TMP/in.xml" >"$TMP/recs.ndjson"
"$B/gcx-xml2json" "$TMP/in.xml" >"$TMP/doc.json"
"$B/gcx-convert" --to=xml "$TMP/in.ndjson" >"$TMP/canon.xml"
"$B/gcx-diff" --format=delta "$TMP/in.ndjson" "$TMP/new.ndjson" \
    >"$TMP/delta.json" 2>/dev/null || true

mkdir "$TMP/w"
OUT=$TMP/w/out

# walk NAME OKCODES ARGS...: run "ARGS -o OUT" with GCX_FAIL_ALLOC=N for
# growing N until a run ends with a code in OKCODES (a space-separated
# list) and a non-empty OUT. With TOSTDOUT=1 (a tool without -o) the
# output goes to stdout, redirected to OUT; STRIDE and CAP may be set
# for one call.
walk() {
    name=$1; okcodes=$2; shift 2
    n=1; runs=0; bad=0
    while [ "$n" -le "$CAP" ]; do
        rm -rf "$TMP/w"; mkdir "$TMP/w"
        code=0
        if [ "${TOSTDOUT:-0}" = 1 ]; then
            GCX_FAIL_ALLOC=$n "$@" >"$OUT" 2>"$TMP/err" || code=$?
            # a failed run to stdout leaves what it wrote: not checked
            [ "$code" -eq 5 ] && rm -f "$OUT"
        else
            GCX_FAIL_ALLOC=$n "$@" -o "$OUT" >/dev/null 2>"$TMP/err" ||
                code=$?
        fi
        runs=$((runs + 1))
        case " $okcodes " in
        *" $code "*)
            break ;;
        esac
        if [ "$code" -ne 5 ]; then
            bad=$((bad + 1))
            [ "$bad" -le 3 ] &&
                fail "$name: GCX_FAIL_ALLOC=$n: exit $code, not 5:" \
                    "$(head -c 300 "$TMP/err")"
        elif ! grep -q "memory" "$TMP/err"; then
            bad=$((bad + 1))
            [ "$bad" -le 3 ] &&
                fail "$name: GCX_FAIL_ALLOC=$n: exit 5 without a" \
                    "diagnostic: $(head -c 300 "$TMP/err")"
        fi
        if [ -n "$(ls -A "$TMP/w")" ]; then
            bad=$((bad + 1))
            [ "$bad" -le 3 ] &&
                fail "$name: GCX_FAIL_ALLOC=$n: left $(ls "$TMP/w")"
        fi
        if [ "$n" -lt "$FIRST" ]; then
            n=$((n + 1))
        else
            n=$((n + STRIDE))
        fi
    done
    if [ "$n" -gt "$CAP" ]; then
        fail "$name: no run succeeded up to GCX_FAIL_ALLOC=$CAP"
    elif [ ! -s "$OUT" ]; then
        fail "$name: the successful run wrote nothing"
    elif [ "$bad" -eq 0 ]; then
        ok
    fi
    echo "$name: $runs runs, full run needs about $n allocations" >&2
}

walk xml2json-doc 0 "$B/gcx-xml2json" "$TMP/in.xml"
walk xml2json-rec 0 "$B/gcx-xml2json" -r /E/p:R -n p=urn:x "$TMP/in.xml"
walk json2xml-doc 0 "$B/gcx-json2xml" "$TMP/doc.json"
walk json2xml-rec 0 "$B/gcx-json2xml" -r /E/p:R -n p=urn:x \
    "$TMP/recs.ndjson"
walk convert-xml 0 "$B/gcx-convert" --to=xml "$TMP/in.ndjson"
walk convert-json 0 "$B/gcx-convert" --to=json "$TMP/canon.xml"
walk schema 0 "$B/gcx-schema" --json-schema
walk canon 0 "$B/gcx-canon" "$TMP/in.ndjson"
walk canon-no-sets 0 "$B/gcx-canon" --no-sets "$TMP/in.ndjson"
# gcx-validate has no -o: its output goes to stdout
TOSTDOUT=1
walk validate 0 "$B/gcx-validate" -q "$TMP/in.ndjson"
TOSTDOUT=0
walk diff "0 1" "$B/gcx-diff" -q "$TMP/in.ndjson" "$TMP/new.ndjson"
walk diff-delta "0 1" "$B/gcx-diff" -q --format=delta "$TMP/in.ndjson" \
    "$TMP/new.ndjson"
walk patch 0 "$B/gcx-patch" "$TMP/in.ndjson" "$TMP/delta.json"

# write errors: a full disk and a closed pipe give exit 3 for every tool
# that writes data (gcx-xml2json is also covered by tests/io-errors.sh)
# writers NAME ARGS...: to /dev/full (stdout and -o) and a closed pipe
writers() {
    name=$1; shift
    code=0
    timeout 20 "$@" >/dev/full 2>"$TMP/err" || code=$?
    check "$name >/dev/full: exit 3 (got $code)" [ "$code" -eq 3 ]
    check "$name >/dev/full: diagnostic" grep -q "No space" "$TMP/err"
    if [ "$name" != validate ]; then
        code=0
        timeout 20 "$@" -o /dev/full 2>"$TMP/err" || code=$?
        check "$name -o /dev/full: exit 3 (got $code)" [ "$code" -eq 3 ]
    fi
    # the reader (true) has exited before the tool starts
    code=$( { sleep 0.3; c=0; timeout 20 "$@" 2>"$TMP/err" || c=$?
        echo "$c" >"$TMP/code"; } | true; cat "$TMP/code")
    check "$name | closed pipe: exit 3 (got $code)" [ "$code" -eq 3 ]
    check "$name | closed pipe: diagnostic" grep -q "Broken pipe" "$TMP/err"
}
# (small inputs do: /dev/full fails at the first flush, and the pipe's
# reader is gone before the tool starts)
writers json2xml "$B/gcx-json2xml" -r /E/p:R -n p=urn:x "$TMP/recs.ndjson"
writers xml2json "$B/gcx-xml2json" "$TMP/in.xml"
writers convert-xml "$B/gcx-convert" --to=xml "$TMP/in.ndjson"
writers convert-json "$B/gcx-convert" --to=json "$TMP/canon.xml"
writers schema "$B/gcx-schema" --json-schema
writers canon "$B/gcx-canon" "$TMP/in.ndjson"
writers validate "$B/gcx-validate" -q "$TMP/in.ndjson"
writers diff "$B/gcx-diff" -q "$TMP/in.ndjson" "$TMP/new.ndjson"
writers patch "$B/gcx-patch" "$TMP/in.ndjson" "$TMP/delta.json"
finish
