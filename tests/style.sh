#!/bin/sh
# tests/style.sh - the mechanical part of docs/STYLE rules: C sources use
# /* */ comments only and lines of at most 79 columns; each opens with a
# comment on its job; every lib/*.c includes "internal.h" first; public
# headers declare only gcx_ names; the library never prints or exits.
. "$(dirname "$0")/setup.sh"
cd "$top_srcdir"
for f in lib/*.c lib/*.h lib/include/gcx/*.h tools/*.c tools/*.h tests/unit/*.c tests/unit/*.h; do
    [ -f "$f" ] || continue
    long=$(awk 'length($0) > 79 { print FILENAME ":" NR; exit }' "$f")
    check "$f: lines <= 79 columns ($long)" [ -z "$long" ]
    slashes=$(grep -n '^[[:space:]]*//\|[;{}][[:space:]]*//' "$f" | grep -v '"' | head -1 || true)
    check "$f: no // comments ($slashes)" [ -z "$slashes" ]
    check "$f: opens with a comment" sh -c "head -1 '$f' | grep -q '^/\*'"
done
for f in lib/*.c; do
    first=$(grep -m1 '^#include' "$f")
    check "$f: includes internal.h first" [ "$first" = '#include "internal.h"' ]
    p=$(grep -nE '\b(printf|fprintf|puts|fputs|perror|exit|abort)[[:space:]]*\(' "$f" | grep -v snprintf | head -1 || true)
    check "$f: never prints or exits ($p)" [ -z "$p" ]
done
for f in lib/include/gcx/*.h; do
    bad=$(grep -E '^[a-z_ ]+[ *]([a-z][a-z0-9_]*)\(' "$f" | grep -vE '[ *]gcx_[a-z0-9_]+\(' | head -1 || true)
    check "$f: public functions are gcx_* ($bad)" [ -z "$bad" ]
done
finish
