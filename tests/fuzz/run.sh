#!/bin/sh
# tests/fuzz/run.sh SRCDIR BUILDDIR SECONDS - make fuzz: build each
# libFuzzer harness with clang under ASan and UBSan and run it for SECONDS
# (FUZZ_SECONDS, default 60) from a seed corpus made of the test data.
# A crash, leak or timeout fails the run; the reproducer is kept in
# BUILDDIR/fuzz/ and must become a regression test.
set -eu
src=$1
build=$2
secs=${3:-60}
command -v clang >/dev/null 2>&1 || {
    echo "fuzz: clang is needed (apt-get install clang)" >&2; exit 2; }
work=$build/fuzz
mkdir -p "$work"
libs="$src/lib/error.c $src/lib/alloc.c $src/lib/limits.c $src/lib/buf.c
$src/lib/utf8.c $src/lib/json.c $src/lib/json_in.c $src/lib/json_out.c
$src/lib/io.c $src/lib/xml_out.c $src/lib/xmljson.c $src/lib/csv_in.c
$src/lib/csv_out.c"
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
-I$src/lib/include -I$src/lib $(pkg-config --cflags libxml-2.0)"
# the mapping, validation, canonical and delta harnesses need the whole
# library and its dependencies
all_libs=$(ls "$src"/lib/*.c)
all_deps="libxml-2.0 libxslt libexslt libcjson zlib icu-uc icu-i18n libcrypto"
GCX_DATA_DIR=$src/mappings
export GCX_DATA_DIR
for h in ${FUZZ_HARNESSES:-json xmljson csv map validate canon delta}; do
    echo "fuzz: building $h"
    case $h in map | validate | canon | delta) whole=1 ;; *) whole= ;; esac
    if [ -n "$whole" ]; then
        # shellcheck disable=SC2086
        clang $flags $(pkg-config --cflags $all_deps) \
            -DGCX_DATADIR="\"$src/mappings\"" -DPACKAGE_VERSION="\"fuzz\"" \
            -o "$work/fuzz_$h" \
            "$src/tests/fuzz/fuzz_$h.c" $all_libs \
            $(pkg-config --libs $all_deps) -lpthread
    else
        # shellcheck disable=SC2086
        clang $flags -o "$work/fuzz_$h" "$src/tests/fuzz/fuzz_$h.c" $libs \
            $(pkg-config --libs libxml-2.0 zlib)
    fi
    corpus=$work/corpus_$h
    mkdir -p "$corpus"
    case $h in
    json) cp "$src"/tests/json/accept/* "$src"/tests/json/reject/* \
              "$corpus"/ 2>/dev/null || true ;;
    xmljson) cp "$src"/tests/corpus/roundtrip/*.xml "$src"/samples/xml/*.xml \
                 "$corpus"/ 2>/dev/null || true ;;
    validate | canon)
        cp "$src"/samples/canonical/records.ndjson "$corpus"/records
        split -l 1 "$src"/samples/canonical/records.ndjson "$corpus"/rec-
        cp "$src"/tests/json/accept/* "$corpus"/ 2>/dev/null || true ;;
    delta) for f in "$src"/tests/cli/gcx-patch/*/delta.ndjson; do
               c=${f%/delta.ndjson}
               cp "$f" "$corpus/${c##*/}.ndjson"
           done ;;
    map) cp "$src"/mappings/states/*/*.map "$src"/mappings/services/*.map \
            "$src"/mappings/iso20022/*.map "$src"/mappings/egdi/*.map \
            "$src"/tests/map-xslt/*.map "$corpus"/ 2>/dev/null || true ;;
    csv) head -c 4096 "$src"/mappings/reference/country-codes.csv \
             >"$corpus"/country.csv
         cp "$src"/samples/states/*/*.csv "$src"/mappings/codes/*.csv \
             "$corpus"/ 2>/dev/null || true ;;
    esac
    echo "fuzz: running $h for $secs s"
    (cd "$work" && "./fuzz_$h" -max_total_time="$secs" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 "$corpus" \
        2>"$work/fuzz_$h.log") || {
        tail -40 "$work/fuzz_$h.log" >&2
        echo "fuzz: $h FOUND A PROBLEM (reproducer in $work)" >&2
        exit 1
    }
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" \
        "$work/fuzz_$h.log" | sed "s/^/fuzz: $h: /"
done
