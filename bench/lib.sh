# bench/lib.sh - sourced by the benchmark scripts (run.sh, validate.sh,
# diff.sh) after they set B (build tree), S (source tree), W (work
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
LD_LIBRARY_PATH=$B/lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH
