#!/bin/sh
# tests/malformed.sh - malformed input of every kind, through the tools:
# each gives a diagnostic "TOOL: FILE:LINE:COL: error: ..." on stderr, the
# documented non-zero exit code, and never a crash (no signal), and a
# named output file is not left behind.
. "$(dirname "$0")/setup.sh"
x2j=$GCX_BIN/gcx-xml2json
j2x=$GCX_BIN/gcx-json2xml

# expect TOOL CODE PATTERN FILE [ARGS...]: exit CODE and a stderr line
# matching PATTERN (an extended regex)
expect() {
    tool=$1 want=$2 pat=$3 file=$4
    shift 4
    code=0
    "$tool" "$@" -o "$TMP/out.file" "$file" >/dev/null 2>"$TMP/err" || code=$?
    n=$(basename "$tool"):$(basename "$file")
    if [ "$code" -ne "$want" ]; then
        fail "$n: exit $code, wanted $want"; cat "$TMP/err" >&2; return
    fi
    if ! grep -Eq "$pat" "$TMP/err"; then
        fail "$n: diagnostic does not match /$pat/:"; cat "$TMP/err" >&2
        return
    fi
    if [ -e "$TMP/out.file" ]; then
        fail "$n: output file left behind after a failed run"
        rm -f "$TMP/out.file"; return
    fi
    ok
}

w() { printf "$2" >"$TMP/$1"; }

# --- XML
w unclosed.xml '<a>\n  <b>text</b>\n'
expect "$x2j" 1 "gcx-xml2json: .*unclosed.xml:[0-9]+:[0-9]+: error: " "$TMP/unclosed.xml"
w mismatch.xml '<a>\n<b></c>\n</a>\n'
expect "$x2j" 1 "mismatch.xml:2:[0-9]+: error: " "$TMP/mismatch.xml"
w badattr.xml '<a x=1/>'
expect "$x2j" 1 "badattr.xml:1:[0-9]+: error: " "$TMP/badattr.xml"
w twoRoots.xml '<a/>\n<b/>\n'
expect "$x2j" 1 "twoRoots.xml:2:[0-9]+: error: " "$TMP/twoRoots.xml"
w badutf8.xml '<a>\377\376</a>'
expect "$x2j" 1 "badutf8.xml:1:[0-9]+: error: " "$TMP/badutf8.xml"
w overlong.xml '<a>\300\257</a>'
expect "$x2j" 1 "overlong.xml:1:[0-9]+: error: " "$TMP/overlong.xml"
w nul.xml '<a>x\000y</a>'
expect "$x2j" 1 "nul.xml:1:[0-9]+: error: " "$TMP/nul.xml"
w empty.xml ''
expect "$x2j" 1 "empty.xml(:[0-9]+)*: error: " "$TMP/empty.xml"
w undef.xml '<a>&nope;</a>'
expect "$x2j" 1 "undef.xml:1:[0-9]+: error: " "$TMP/undef.xml"
w unboundprefix.xml '<p:a/>'
expect "$x2j" 1 "unboundprefix.xml:1:[0-9]+: error: " "$TMP/unboundprefix.xml"
# truncated after two records: the error names the line; -o leaves nothing
w trunc.xml '<E>\n<R>1</R>\n<R>2</R>\n<R>3'
expect "$x2j" 1 "trunc.xml:4:[0-9]+: error: " "$TMP/trunc.xml" -r /E/R
# a truncated gzip stream is an I/O error naming the file
printf '<E><R>1</R><R>2</R></E>\n' | gzip -c | head -c 20 >"$TMP/trunc.xml.gz"
expect "$x2j" 3 "trunc.xml.gz: error: .*gzip" "$TMP/trunc.xml.gz" -r /E/R
# nesting deeper than the limit
awk 'BEGIN { for (i = 0; i < 2000; i++) printf "<d>"; for (i = 0; i < 2000; i++) printf "</d>"; print "" }' >"$TMP/deep.xml"
expect "$x2j" 1 "deep.xml:1:[0-9]+: error: " "$TMP/deep.xml"
# a record over --max-record-bytes
awk 'BEGIN { printf "<E><R>"; for (i = 0; i < 5000; i++) printf "xxxxxxxxxx"; print "</R></E>" }' >"$TMP/big.xml"
expect "$x2j" 1 "big.xml:1(:[0-9]+)?: error: .*(record|larger|limit)" "$TMP/big.xml" -r /E/R --max-record-bytes 10K
# a missing file is an I/O error
expect "$x2j" 3 "nosuch.xml: error: " "$TMP/nosuch.xml"

# --- JSON
w trail.json '{"#name":"a"} x\n'
expect "$j2x" 1 "trail.json:1:[0-9]+: error: " "$TMP/trail.json"
w num.json '{"#name":"a","#children":[-01]}'
expect "$j2x" 1 "num.json:1:[0-9]+: error: " "$TMP/num.json"
w ctrl.json '{"#name":"a","#children":["x\001y"]}'
expect "$j2x" 1 "ctrl.json:1:[0-9]+: error: " "$TMP/ctrl.json"
w esc.json '{"#name":"a","#children":["\\x"]}'
expect "$j2x" 1 "esc.json:1:[0-9]+: error: " "$TMP/esc.json"
w surr.json '{"#name":"a","#children":["\\ud800"]}'
expect "$j2x" 1 "surr.json:1:[0-9]+: error: " "$TMP/surr.json"
w utf8.json '{"#name":"a","#children":["\377"]}'
expect "$j2x" 1 "utf8.json:1:[0-9]+: error: " "$TMP/utf8.json"
w dup.json '{"#name":"a","#name":"b"}'
expect "$j2x" 1 "dup.json:1:[0-9]+: error: .*duplicate" "$TMP/dup.json"
w notconv.json '{"#name":"a","#children":[1]}'
expect "$j2x" 1 "notconv.json:1:[0-9]+: error: .*#children/0" "$TMP/notconv.json"
w noname.json '{"#children":[]}'
expect "$j2x" 1 "noname.json:1:[0-9]+: error: .*#name" "$TMP/noname.json"
w badname.json '{"#name":"1a"}'
expect "$j2x" 1 "badname.json(:[0-9]+)*: error: " "$TMP/badname.json"
w xmlctrl.json '{"#name":"a","#children":["\\u0001"]}'
expect "$j2x" 1 "xmlctrl.json(:[0-9]+)*: error: " "$TMP/xmlctrl.json"
w unterminated.json '{"#name":"a'
expect "$j2x" 1 "unterminated.json:1:[0-9]+: error: " "$TMP/unterminated.json"
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "["; print "" }' >"$TMP/deep.json"
expect "$j2x" 1 "deep.json:1:[0-9]+: error: " "$TMP/deep.json"
# NDJSON records: the bad line is named with its record number
printf '{"#name":"R"}\n{"#name":"R"\n' >"$TMP/rec.ndjson"
expect "$j2x" 1 "rec.ndjson:2:[0-9]+: error: record 2: " "$TMP/rec.ndjson" -r /E/R
w wrongrec.ndjson '{"#name":"S"}\n'
expect "$j2x" 1 "wrongrec.ndjson:1:[0-9]+: error: record 1: .*--record" "$TMP/wrongrec.ndjson" -r /E/R
finish
