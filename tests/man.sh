#!/bin/sh
# tests/man.sh - the man pages cannot drift from the tools. For each tool:
# the long options of --help and the options of the page's OPTIONS
# section are the same set (with the same short letters); EXIT STATUS
# lists 0 to 5; the version matches; groff (and mandoc, if present)
# renders the page without warnings and within 78 columns; and the
# commands of EXAMPLES run and print what the page shows.
#
# EXAMPLES convention: inside .EX/.EE, a line starting with "$ " is a
# command (a line ending in "\e" continues it on the next line); the lines
# after it, up to the next command or .EE, are its exact standard output,
# checked when there are any. Each command must exit 0 and write nothing
# to standard error. The commands of one page run in order, with the tools
# first in PATH, in a scratch directory holding a link "samples" to the
# source tree's samples/, so they can write files and never touch the
# source tree (read-only under make distcheck).
. "$(dirname "$0")/setup.sh"
mandir=$top_srcdir/docs/man

# section NAME FILE: the source lines of section NAME, without its .SH line
section() {
    awk -v s="$1" '/^\.SH/ { sub(/^\.SH[ \t]+/, ""); gsub(/"/, "");
                             on = ($0 == s); next }
                   on' "$2"
}

# unroff: the roff escapes used in commands and options, back to text
unroff() {
    sed -e 's/\\e/@gcx-backslash@/g' -e 's/\\-/-/g' \
        -e "s/\\\\(aq/'/g" -e 's/\\(dq/"/g' -e 's/\\&//g' \
        -e 's/\\f[BIRP]//g' -e 's/\\c$//' -e 's/@gcx-backslash@/\\/g'
}

# tags FILE SECTION: the tag lines (the line after each .TP) of a section
tags() { section "$2" "$1" | awk 'prev == ".TP" { print } { prev = $0 }'; }

longs() { grep -o -- '--[a-z][a-z0-9-]*' | sort -u; }
# pairs: "-x --long" for each "-x, --long" (short and long spellings)
pairs() {
    sed -n 's/^[^-]*-\([a-zA-Z]\)[", ]*--\([a-z][a-z0-9-]*\).*/-\1 --\2/p' |
        sort -u
}

lint() {
    page=$1 name=$2
    linted=0
    if command -v groff >/dev/null 2>&1; then
        linted=1
        warn=$(LC_ALL=C groff -man -Tutf8 -ww -z "$page" 2>&1)
        check "$name: groff -man -ww gives no warnings: $warn" [ -z "$warn" ]
        wide=$(LC_ALL=C groff -man -Tascii -P-cbou "$page" 2>/dev/null |
               awk 'length($0) > 78 { print NR ": " $0; exit }')
        check "$name: rendered lines fit 78 columns: $wide" [ -z "$wide" ]
    fi
    if command -v mandoc >/dev/null 2>&1; then
        linted=1
        warn=$(mandoc -Tlint -W warning "$page" 2>&1 || true)
        check "$name: mandoc -Tlint gives no warnings: $warn" [ -z "$warn" ]
    fi
    [ "$linted" -eq 1 ] ||
        fail "$name: neither groff nor mandoc is installed (groff-base)"
}

examples() {
    page=$1 name=$2
    dir=$TMP/examples-$name
    mkdir "$dir" "$dir/.cmd"
    ln -s "$top_srcdir/samples" "$dir/samples"
    ln -s "$top_srcdir/mappings" "$dir/mappings"
    section EXAMPLES "$page" |
        awk '/^\.EX/ { on = 1; next } /^\.EE/ { on = 0; next } on' |
        unroff |
        awk -v d="$dir/.cmd" '
            function out(s) { printf "%s\n", s >> (d "/" n ".cmd") }
            cont { out($0); cont = /\\$/; next }
            /^\$ / { n++; out(substr($0, 3)); cont = /\\$/
                     printf "" > (d "/" n ".out"); next }
            n { print >> (d "/" n ".out") }'
    n=1
    while [ -f "$dir/.cmd/$n.cmd" ]; do
        cmd=$(cat "$dir/.cmd/$n.cmd")
        code=0
        (cd "$dir" && PATH=$GCX_BIN:$PATH sh -c "$cmd") </dev/null \
            >"$TMP/ex.out" 2>"$TMP/ex.err" || code=$?
        if [ "$code" -ne 0 ] || [ -s "$TMP/ex.err" ]; then
            fail "$name: example $n exits $code: $cmd"
            cat "$TMP/ex.err" >&2
        elif [ -s "$dir/.cmd/$n.out" ] &&
             ! cmp -s "$dir/.cmd/$n.out" "$TMP/ex.out"; then
            fail "$name: example $n prints other than the page shows: $cmd"
            diff "$dir/.cmd/$n.out" "$TMP/ex.out" | head -20 >&2 || true
        else
            ok
        fi
        n=$((n + 1))
    done
    check "$name: EXAMPLES has commands" [ "$n" -gt 1 ]
}

version=$("$GCX_BIN/gcx" --version | sed -n 's/.*(gcx) //p')
commands=$("$GCX_BIN/gcx" --help |
           awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }
                on && /^$/ { on = 0 }')
check "gcx --help lists commands" [ -n "$commands" ]

# gcx.1 describes the same commands as gcx --help
tags "$mandir/gcx.1" DESCRIPTION | unroff | sed 's/^\.B //' | sort >"$TMP/m"
printf '%s\n' $commands | sort >"$TMP/h"
diff=$(comm -3 "$TMP/h" "$TMP/m" | tr '\n\t' '  ')
check "gcx.1 lists the commands of gcx --help: $diff" cmp -s "$TMP/h" "$TMP/m"

tools=gcx
for c in $commands; do tools="$tools gcx-$c"; done
for tool in $tools; do
    page=$mandir/$tool.1
    if [ ! -f "$page" ]; then fail "$tool: no man page $page"; continue; fi
    "$GCX_BIN/$tool" --help >"$TMP/help"

    # options: the same long options, with the same short letters
    longs <"$TMP/help" >"$TMP/h"
    tags "$page" OPTIONS | unroff | longs >"$TMP/m"
    for o in $(comm -23 "$TMP/h" "$TMP/m"); do
        fail "$tool: $o is in --help but not in the man page's OPTIONS"
    done
    for o in $(comm -13 "$TMP/h" "$TMP/m"); do
        fail "$tool: $o is in the man page's OPTIONS but not in --help"
    done
    check "$tool: --help and OPTIONS list options" [ -s "$TMP/h" ]
    pairs <"$TMP/help" >"$TMP/h"
    tags "$page" OPTIONS | unroff | pairs >"$TMP/m"
    diff=$(comm -3 "$TMP/h" "$TMP/m" | tr '\n\t' '  ')
    check "$tool: same short options: $diff" cmp -s "$TMP/h" "$TMP/m"

    # EXIT STATUS lists every code
    tags "$page" 'EXIT STATUS' >"$TMP/codes"
    for code in 0 1 2 3 4 5; do
        check "$tool: EXIT STATUS lists $code" grep -qx ".B $code" "$TMP/codes"
    done
    check "$tool: page is for version $version" \
        grep -q "^\.TH .*\"gcx $version\"" "$page"

    lint "$page" "$tool"
    examples "$page" "$tool"
done
finish
