# bench/lib.sh - sourced by the benchmark scripts (run.sh, validate.sh,
# diff.sh, map.sh) after they set B (build tree), S (source tree), W (work
# folder) and RES (their results file): printing, checks and locating
# the gcx tools of the build tree.

MB=1000000 # MB here is 10^6 bytes, for sizes, MB/s and peak memory
FAILED=0   # a correctness check failed

mkdir -p "$W" || exit 3
: >"$RES"
# say: print a line and keep it in the results file.
say() {
    printf '%s\n' "$*" | tee -a "$RES"
}
# note: progress for the person waiting, on stderr only.
note() {
    printf '%s\n' "$*" >&2
}
# fail: a correctness check failed; the run will exit 1.
fail() {
    say "CHECK FAILED: $*"
    FAILED=1
}
# gcx_tool NAME: the real binary of a gcx tool of the build tree, not
# the libtool wrapper script (so the wrapper's shell is not measured);
# empty when it does not run.
gcx_tool() {
    if [ -f "$B/tools/.libs/$1" ] &&
        LD_LIBRARY_PATH=$B/lib/.libs "$B/tools/.libs/$1" --version \
            >/dev/null 2>&1; then
        echo "$B/tools/.libs/$1"
    elif [ -x "$B/tools/$1" ] && "$B/tools/$1" --version >/dev/null 2>&1
    then
        echo "$B/tools/$1"
    fi
}
# mb BYTES: BYTES in MB (10^6), one decimal.
mb() {
    awk -v b="$1" -v m="$MB" 'BEGIN { printf "%.1f", b / m }'
}
# size_of FILE: its size in bytes.
size_of() {
    wc -c <"$1" | tr -d ' '
}
# cksum_of FILE: its checksum, or "none" when there is no such file.
cksum_of() {
    if [ -n "$1" ] && [ -f "$1" ]; then
        cksum <"$1" | cut -d' ' -f1
    else
        echo none
    fi
}
# label FILE BYTES: "NAME N.N MB" for the tables.
label() {
    echo "$(basename "$1") $(mb "$2") MB"
}
LD_LIBRARY_PATH=$B/lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH
