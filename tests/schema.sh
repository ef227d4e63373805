#!/bin/sh
# tests/schema.sh - what is generated from the canonical schema
# definition is up to date: gcx-schema regenerates the JSON Schema, the
# XSD and the field table byte for byte. The canonical XML samples
# validate against that XSD with xmllint, and broken copies of them do
# not. gcx-schema --check reports a bad definition with exit 4.
. "$(dirname "$0")/setup.sh"
schema=$GCX_BIN/gcx-schema
def=$top_srcdir/mappings/canonical/gcx-canonical-v1.json
xsd=$top_srcdir/mappings/canonical/gcx-canonical-v1.xsd
xml=$top_srcdir/samples/canonical/records.xml

# generated OPTION FILE: gcx-schema OPTION gives exactly FILE
generated() {
    if ! "$schema" "$1" --schema "$def" -o "$TMP/gen" 2>"$TMP/err"; then
        fail "gcx-schema $1 failed: $(cat "$TMP/err")"
    elif cmp -s "$TMP/gen" "$top_srcdir/$2"; then
        ok
    else
        fail "generated files are stale: $2 is not what gcx-schema $1" \
             "writes; regenerate it: gcx-schema $1 --schema" \
             "mappings/canonical/gcx-canonical-v1.json -o $2"
    fi
}
generated --json-schema mappings/canonical/gcx-canonical-v1.schema.json
generated --xsd mappings/canonical/gcx-canonical-v1.xsd
generated --markdown docs/canonical-fields.md

# stdout and -o give the same bytes; the default action is --check
"$schema" --xsd --schema "$def" >"$TMP/stdout.xsd"
check "--xsd to stdout equals the committed XSD" cmp -s "$TMP/stdout.xsd" "$xsd"
out=$("$schema" --schema "$def")
check "--check says ok ($out)" \
    [ "$out" = "$def: ok: gcx-canonical 1.0.0, 5 record types" ]
out=$("$schema" --check --quiet --schema "$def")
check "--check --quiet prints nothing" [ -z "$out" ]
out=$(GCX_DATA_DIR=$top_srcdir/mappings "$schema" --check -q; echo "rc=$?")
check "GCX_DATA_DIR finds the definition ($out)" [ "$out" = "rc=0" ]

# expect CODE STDERR ARGS...: gcx-schema ARGS exits CODE, says STDERR
expect() {
    code=$1 msg=$2
    shift 2
    rc=0
    "$schema" "$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
    check "gcx-schema $*: exit $code (got $rc)" [ "$rc" -eq "$code" ]
    check "gcx-schema $*: says '$msg' (got '$(cat "$TMP/err")')" \
        grep -qF -- "$msg" "$TMP/err"
}
printf '%s\n' '{"name": "t", "version": "1", "namespace": "urn:t",' \
    ' "records": {"r": {"properties": {' \
    '   "a": {"type": "string", "colour": "red"}}}}}' >"$TMP/bad.json"
expect 4 "gcx-schema: $TMP/bad.json:3:28: error: at /records/r/properties/a/colour: unknown key \"colour\" in a field (expected type, ref," \
    --check --schema "$TMP/bad.json"
expect 4 "gcx-schema: $TMP/bad.json:3:28: error:" \
    --xsd --schema "$TMP/bad.json" -o "$TMP/never.xsd"
check "no output file after a bad definition" [ ! -e "$TMP/never.xsd" ]
printf '{"name": \n' >"$TMP/syntax.json"
expect 4 "gcx-schema: $TMP/syntax.json:2:1: error:" --schema "$TMP/syntax.json"
expect 3 "gcx-schema: $TMP/missing.json" --schema "$TMP/missing.json"
expect 2 "give one of --check, --json-schema, --xsd and --markdown" \
    --xsd --markdown
expect 2 "--output goes with" --check -o "$TMP/x"
expect 2 "unexpected argument 'file.json'" file.json
expect 2 "unknown option '--bogus'" --bogus

# The samples and broken copies of them against the XSD.
if ! command -v xmllint >/dev/null 2>&1; then
    echo "note: xmllint not found: the XSD checks did not run"
    finish
    exit $?
fi
# valid FILE / invalid DESCRIPTION SED-SCRIPT: the sample edited by the
# sed script must be rejected
valid() {
    check "$1 validates against the XSD" \
        xmllint --stream --noout --schema "$xsd" "$1" 2>"$TMP/xmllint.err"
}
invalid() {
    sed -e "$2" "$xml" >"$TMP/broken.xml"
    if cmp -s "$xml" "$TMP/broken.xml"; then
        fail "broken copy ($1): the edit changed nothing"
    elif xmllint --stream --noout --schema "$xsd" "$TMP/broken.xml" \
        2>"$TMP/xmllint.err"; then
        fail "broken copy ($1) was accepted"
    else
        ok
    fi
}
valid "$xml"
invalid "bad enum value" 's|<sex>male</sex>|<sex>man</sex>|'
invalid "missing required element" '/<endToEndId>/d'
invalid "missing required identifiers" '/<identifiers>/,/<\/identifiers>/d'
invalid "decimal with a comma" 's|<value>0.8539</value>|<value>0,8539</value>|'
invalid "decimal as a number with exponent" 's|<amount>5.000</amount>|<amount>5e0</amount>|'
invalid "date with a time zone" 's|<birthDate>1979-11-21</birthDate>|<birthDate>1979-11-21Z</birthDate>|'
invalid "integer below its minimum" 's|<record>1</record>|<record>0</record>|'
invalid "integer with a plus sign" 's|<record>1</record>|<record>+1</record>|'
invalid "pattern: lower-case country" 's|<nationality>SAU</nationality>|<nationality>sau</nationality>|'
invalid "too long" 's|<endToEndId>E2E-KW-000123</endToEndId>|<endToEndId>E2E-KW-000123-000123-000123-000123-0</endToEndId>|'
invalid "elements out of schema order" 's|<road>3803</road>|<city><ar>x</ar></city><road>3803</road>|'
invalid "recordType repeated as a child" 's|<schemaVersion>1.0</schemaVersion>|&<recordType>person</recordType>|'
invalid "unknown element" 's|<sex>male</sex>|<sex>male</sex><religion>x</religion>|'
invalid "array item not named item" 's|<item>online</item>|<channel>online</channel>|'
invalid "bilingual text with neither language" \
    's|<en>Renew the identity card (smart card) of a citizen or resident of Bahrain.</en>||'
invalid "wrong namespace" 's|urn:gcc:gcx:canonical:1|urn:gcc:gcx:canonical:2|'
finish
