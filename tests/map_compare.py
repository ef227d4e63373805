#!/usr/bin/env python3
"""tests/map_compare.py - compare a national export with what
gcx-map --reverse wrote back from its canonical records, record by record.

Usage: map_compare.py MAPPING ORIGINAL ROUNDTRIP REJECTED MESSY

REJECTED lists the original's record numbers (from 1, comma separated,
may be empty) that gcx-map rejected: they do not come back. MESSY lists
the samples' deliberately messy records (samples/README.md): they come
back normalised, so they are counted but not compared. Every other record
must come back equal: XML after canonicalisation (C14N 2.0) with blank
text ignored, JSON and NDJSON as parsed values, CSV field by field. The
export's header (XML root attributes, JSON members beside the records
array) is what the mappings declare not carried, so it is not compared.
Exit 0 when equal, 1 with the differences on stderr.
"""
import csv
import io
import json
import re
import sys
import xml.etree.ElementTree as ET


def header(path):
    kind, records, ns = None, None, {}
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        m = re.match(r"source\s+(\w+)", line)
        if m:
            kind = m.group(1)
        m = re.match(r"records\s+(\S+)", line)
        if m:
            records = m.group(1).strip('"')
        m = re.match(r'namespace\s+(\S+)\s*=\s*"([^"]*)"', line)
        if m:
            ns[m.group(1)] = m.group(2)
    return kind, records, ns


def xml_records(path, records, ns):
    root = ET.parse(path).getroot()
    steps = records.strip("/").split("/")

    def qn(step):
        if ":" in step:
            p, l = step.split(":", 1)
            return "{%s}%s" % (ns[p], l)
        return step

    nodes = [root] if root.tag == qn(steps[0]) else []
    for step in steps[1:]:
        nodes = [c for n in nodes for c in n if c.tag == qn(step)]
    return [ET.canonicalize(ET.tostring(n, encoding="unicode"),
                            strip_text=True) for n in nodes]


def json_records(path, kind, records):
    if kind == "ndjson":
        return [json.loads(l) for l in open(path, encoding="utf-8")
                if l.strip()]
    doc = json.load(open(path, encoding="utf-8"))
    for key in [k for k in (records or "").split("/") if k]:
        doc = doc[key.replace("~1", "/").replace("~0", "~")]
    return doc


def csv_records(path):
    rows = list(csv.reader(io.open(path, encoding="utf-8", newline="")))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def main():
    mapping, original, roundtrip, rejected, messy = sys.argv[1:6]
    skip = {int(s) for s in rejected.split(",") if s}
    messy = {int(s) for s in messy.split(",") if s and s != "-"}
    kind, records, ns = header(mapping)
    if kind == "xml":
        a = xml_records(original, records, ns)
        b = xml_records(roundtrip, records, ns)
    elif kind == "csv":
        a, b = csv_records(original), csv_records(roundtrip)
        # columns the mapping does not read are not carried
        cols = set(b[0]) if b else set()
        a = [{k: v for k, v in r.items() if k in cols} for r in a]
    else:
        a = json_records(original, kind, records)
        b = json_records(roundtrip, kind, records)
    want = [r for i, r in enumerate(a, 1) if i not in skip]
    bad = 0
    if len(want) != len(b):
        print("%s: %d records expected back, %d came back"
              % (original, len(want), len(b)), file=sys.stderr)
        bad = 1
    kept = [i for i in range(1, len(a) + 1) if i not in skip]
    for n, (x, y) in zip(kept, zip(want, b)):
        if x != y and n not in messy:
            print("%s: record %d differs after the round trip:\n  was:  %s"
                  "\n  back: %s" % (original, n, x, y), file=sys.stderr)
            bad = 1
    return bad


if __name__ == "__main__":
    sys.exit(main())
