#!/bin/sh
# tests/map-real.sh - the real public files of samples/real/, mapped as
# they are: ISO 20022 pain.001.001.09 and pacs.008.001.08 to payments (one
# per transaction, amounts exactly as written), and the UN E-Government
# Survey 2022 export to indicator records whose GCC values must equal the
# table of the domain notes (DOMAIN.md, copied below).
. "$(dirname "$0")/setup.sh"
cd "$top_srcdir"
real=samples/real

# The files are the ones recorded in their SOURCES.md.
(cd $real && sed -n 's/^\([0-9a-f]\{64\}\)  /\1  /p' SOURCES.md |
    sha256sum -c --quiet -) >"$TMP/sha" 2>&1
check "samples/real files match their SHA-256 in SOURCES.md" [ $? -eq 0 ]

# --- pain.001.001.09: 5 transactions (the header says 2) ----------------
pain=$real/iso20022/pain.001.001.09.sample.xml
code=0
"$GCX_BIN/gcx-map" -m mappings/iso20022/pain.001.001.09.map --stats \
    "$pain" >"$TMP/pain.ndjson" 2>"$TMP/pain.err" || code=$?
check "pain.001: exit 0" [ "$code" -eq 0 ]
check "pain.001: one record read, 5 transactions mapped" \
    grep -q 'read 5, mapped 5, rejected 0 (records written 5)' \
    "$TMP/pain.err"
check "pain.001: amounts exactly as in the message" python3 -c '
import json, re, sys
src = open(sys.argv[1], encoding="utf-8").read()
want = re.findall(r"<InstdAmt Ccy=\"(\w+)\">([^<]*)<", src)
got = [(r["amount"]["currency"], r["amount"]["amount"])
       for r in map(json.loads, open(sys.argv[2]))]
assert got == want, (got, want)
assert want == [("EUR", "150.00"), ("EUR", "300.00"), ("EUR", "250.00"),
                ("EUR", "175.00"), ("EUR", "225.00")], want' \
    "$pain" "$TMP/pain.ndjson"
check "pain.001: header and payment block reach every transaction" \
    python3 -c '
import json, sys
for r in map(json.loads, open(sys.argv[1])):
    assert r["paymentReference"] == "PaymentID6789", r
    assert r["payer"]["name"] == "Acme Corp", r
    assert r["debtorAccount"] == "DE75512108001245126162", r
    assert r["createdAt"] == "2023-03-10T15:30:47.000Z", r
    assert r["sourceMessageType"] == "pain.001.001.09", r
    assert r["identifiers"][0]["value"].startswith("1/PaymentID6789/"), r
    assert r["provenance"]["record"] == 1, r' "$TMP/pain.ndjson"
code=0
"$GCX_BIN/gcx-validate" -q -n --today=2026-11-28 -R "$TMP/pain.rep" \
    "$TMP/pain.ndjson" 2>/dev/null || code=$?
check "pain.001: gcx-validate finds the sample's IBANs wrong (exit 1)" \
    [ "$code" -eq 1 ]
check "pain.001: 10 iban.checksum findings and nothing else" python3 -c '
import json, sys
f = json.load(open(sys.argv[1]))["findings"]
assert [x["rule"] for x in f] == ["iban.checksum"] * 10, f' "$TMP/pain.rep"

# --- pacs.008.001.08 in a CBPR+ envelope -------------------------------
pacs=$real/iso20022/pacs.008.001.08.cbprplus-min.envelope.xml
code=0
"$GCX_BIN/gcx-map" -m mappings/iso20022/pacs.008.001.08.map "$pacs" \
    >"$TMP/pacs.ndjson" 2>"$TMP/pacs.err" || code=$?
check "pacs.008: exit 0" [ "$code" -eq 0 ]
check "pacs.008: one payment from the envelope's header and document" \
    python3 -c '
import json, sys
rs = [json.loads(l) for l in open(sys.argv[1])]
assert len(rs) == 1, rs
r = rs[0]
assert r["amount"] == {"amount": "1000.00", "currency": "EUR"}, r
assert r["identifiers"][0]["value"] == \
    "00000000-0000-4000-9a9f-b231a317421a", r
assert r["paymentReference"] == "EXMsgId", r
assert r["endToEndId"] == "EXEndToEndId", r
assert r["sourceMessageType"] == "pacs.008.001.08", r
assert r["createdAt"] == "2026-01-01T10:00:00+00:00", r' "$TMP/pacs.ndjson"
code=0
"$GCX_BIN/gcx-validate" -q -n --today=2026-11-28 "$TMP/pacs.ndjson" \
    2>"$TMP/pacs.verr" || code=$?
check "pacs.008: the payment passes gcx-validate" [ "$code" -eq 0 ]

# reverse use of a payment mapping is refused with the rules' positions
code=0
"$GCX_BIN/gcx-map" -r -m mappings/iso20022/pacs.008.001.08.map \
    "$TMP/pacs.ndjson" >"$TMP/rev.out" 2>"$TMP/rev.err" || code=$?
check "pacs.008 --reverse: refused, exit 4 (got $code)" [ "$code" -eq 4 ]
check "pacs.008 --reverse: names the first rule that cannot be reversed" \
    grep -q 'pacs.008.001.08.map:16:1: error: .*paymentReference' \
    "$TMP/rev.err"
"$GCX_BIN/gcx-map" --explain -m mappings/iso20022/pacs.008.001.08.map \
    >"$TMP/explain"
check "pacs.008 --explain lists the three context rules" \
    [ "$(grep -c '^not reversible: .*context' "$TMP/explain")" -eq 3 ]

# --- UN E-Government Survey 2022 ---------------------------------------
egdi=$real/egdi/EGOV_DATA_2022.plurality.csv
code=0
"$GCX_BIN/gcx-map" -m mappings/egdi/un-egdi-2022.map --stats "$egdi" \
    >"$TMP/egdi.ndjson" 2>"$TMP/egdi.err" || code=$?
check "egdi: exit 0" [ "$code" -eq 0 ]
check "egdi: 193 countries read, 1158 indicator records" \
    grep -q 'read 193, mapped 193, rejected 0 (records written 1158)' \
    "$TMP/egdi.err"
code=0
"$GCX_BIN/gcx-validate" -q -n --today=2026-11-28 "$TMP/egdi.ndjson" \
    2>/dev/null || code=$?
check "egdi: every record passes gcx-validate" [ "$code" -eq 0 ]
# DOMAIN.md: EGDI 2022 (rank), OSI / HCI / TII
cat >"$TMP/domain" <<'EOF'
SAU 0.8539 31 0.8220 0.8662 0.8735
ARE 0.9010 13 0.9014 0.8711 0.9306
BHR 0.7707 54 0.7523 0.8154 0.7444
OMN 0.7834 50 0.7423 0.8067 0.8012
QAT 0.7149 78 0.6094 0.7150 0.8203
KWT 0.7484 61 0.6973 0.7706 0.7774
EOF
check "egdi: the GCC values equal DOMAIN.md's table" python3 -c '
import json, sys
from decimal import Decimal
got = {}
for r in map(json.loads, open(sys.argv[1])):
    got[(r["refArea"], r["indicator"])] = Decimal(r["value"])
    assert r["period"] == "2022" and r["source"], r
    assert r["identifiers"][0]["value"] == "%s-%s-2022" % (
        r["refArea"], r["indicator"]), r
for line in open(sys.argv[2]):
    a3, egdi, rank, osi, hci, tii = line.split()
    for ind, v in (("EGDI", egdi), ("EGDI-RANK", rank), ("OSI", osi),
                   ("HCI", hci), ("TII", tii)):
        assert got[(a3, ind)] == Decimal(v), (a3, ind, got[(a3, ind)], v)
    assert (a3, "EPART") in got, a3' "$TMP/egdi.ndjson" "$TMP/domain"
check "egdi: values kept exactly as published (0.77070, not 0.7707)" \
    grep -q '"refArea":"BHR",.*"indicator":"EGDI","value":"0.77070"' \
    "$TMP/egdi.ndjson"
finish
