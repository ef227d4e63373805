#!/usr/bin/env python3
"""tests/nothing_lost.py - inputs and checks for tests/nothing-lost.sh.

    nothing_lost.py make KIND SEED N DIR   write DIR/in.KIND (N records, a
                                           random mix of valid and invalid)
                                           and DIR/in.ids (the record
                                           numbers, one a line)
    nothing_lost.py check-map DIR          gcx-map's output and rejects
    nothing_lost.py check-validate DIR     gcx-validate's output and rejects

KIND is ndjson, csv or xml (gcx-map, mapping tests/nothing-lost.map.KIND)
or canonical (gcx-validate). The property checked: every input record is
in the output or in the rejects, never both, never twice, and the counts
line says read = written + rejected. Deterministic for a seed.
"""
import base64
import json
import random
import sys

GOOD_ID = "850505678"


def person(rng, n, bad):
    """One source record as a dict, and whether gcx-map must reject it."""
    rec = {"id": "%09d" % rng.randrange(10 ** 8, 10 ** 9), "name": "P%d" % n,
           "dob": "19%02d-%02d-%02d" % (rng.randrange(100),
                                        rng.randrange(1, 13),
                                        rng.randrange(1, 29)),
           "sex": rng.choice("MF")}
    if bad == "missing":
        del rec["id"]
    elif bad == "date":
        rec["dob"] = "1990-02-30"
    elif bad == "code":
        rec["sex"] = "X"
    return rec


def make(kind, seed, n, d):
    rng = random.Random(seed)
    bads = ["missing", "date", "code"]
    rows = []
    for i in range(1, n + 1):
        r = rng.random()
        bad = rng.choice(bads) if r < 0.3 else None
        if kind in ("ndjson", "csv") and r > 0.93:
            bad = "bytes"
        rows.append((i, bad, person(rng, i, bad if bad != "bytes" else None)))
    with open(d + "/in.ids", "w") as f:
        for i, _, _ in rows:
            print(i, file=f)
    if kind == "ndjson":
        with open(d + "/in.ndjson", "wb") as f:
            for i, bad, rec in rows:
                line = json.dumps(rec).encode()
                if bad == "bytes":
                    line = rng.choice([line[:-3], line.replace(b"P", b"\xff"),
                                       b'{"id":"1",,}'])
                f.write(line + b"\n")
    elif kind == "csv":
        with open(d + "/in.csv", "wb") as f:
            f.write(b"id,name,dob,sex\r\n")
            for i, bad, rec in rows:
                cells = [rec.get(k, "") for k in ("id", "name", "dob", "sex")]
                line = ",".join(cells).encode()
                if bad == "bytes":
                    line = rng.choice([line + b",extra", line.replace(
                        b"P", b"\xc0\x80"), line.replace(b"P", b"P\x00")])
                f.write(line + b"\r\n")
    elif kind == "xml":
        with open(d + "/in.xml", "w", encoding="utf-8") as f:
            f.write("<export>\n")
            for i, bad, rec in rows:
                f.write("<p>" + "".join("<%s>%s</%s>" % (k, v, k)
                                        for k, v in rec.items()) + "</p>\n")
            f.write("</export>\n")
    elif kind == "canonical":
        with open(d + "/in.canonical", "wb") as f:
            for i, bad, rec in rows:
                c = {"schemaVersion": "1.0", "recordType": "person",
                     "identifiers": [{"scheme": "PASSPORT",
                                      "value": "N%d" % i}],
                     "name": {"en": {"given": rec["name"]}},
                     "provenance": {"mapping": "t", "mappingVersion": "1",
                                    "input": "gen", "record": i}}
                if bad == "missing":
                    del c["name"]
                elif bad == "date":
                    c["birthDate"] = "1990-02-30"
                elif bad == "code":
                    c["sex"] = "X"
                f.write(json.dumps(c, separators=(",", ":")).encode()
                        + b"\n")


def counts(d):
    for line in open(d + "/err", encoding="utf-8", errors="replace"):
        if "read " in line and "rejected" in line:
            return line
    return ""


def fail(msg):
    print("nothing_lost: " + msg, file=sys.stderr)
    sys.exit(1)


def check_map(d):
    ids = [int(l) for l in open(d + "/in.ids")]
    out = [json.loads(l)["provenance"]["record"] for l in open(d + "/out")]
    rej = [json.loads(l)["record"] for l in open(d + "/rej", encoding="utf-8")]
    both = sorted(out + rej)
    if both != ids:
        fail("written %d + rejected %d records are not the %d input "
             "records: missing %s, twice %s" % (
                 len(out), len(rej), len(ids),
                 sorted(set(ids) - set(both))[:10],
                 sorted(x for x in set(both) if both.count(x) > 1)[:10]))
    want = "read %d, mapped %d, rejected %d" % (len(ids), len(out), len(rej))
    if want not in counts(d):
        fail("counts line %r does not say %r" % (counts(d), want))
    # every rejected record carries its source exactly
    import glob
    path = glob.glob(d + "/in.*[!s]")[0]
    raw = open(path, "rb").read()
    if path.endswith(".csv"):
        recs = raw.split(b"\r\n")[1:]
    elif path.endswith(".ndjson"):
        recs = raw.split(b"\n")
    else:
        import xml.etree.ElementTree as ET
        recs = [ET.canonicalize(ET.tostring(p, encoding="unicode"))
                for p in ET.fromstring(raw)]
    for line in open(d + "/rej", encoding="utf-8"):
        r = json.loads(line)
        want = recs[r["record"] - 1]
        if "sourceBase64" in r:
            got = base64.b64decode(r["sourceBase64"])
        elif isinstance(r["source"], str) and path.endswith(".xml"):
            got = ET.canonicalize(r["source"])
        elif isinstance(r["source"], str):
            got = r["source"].encode()
        else:
            got, want = r["source"], json.loads(want)
        if got != want:
            fail("record %d: the reject's source %r is not the input's %r"
                 % (r["record"], got, want))


def check_validate(d):
    src = open(d + "/in.canonical", "rb").read().splitlines()
    out = open(d + "/out", "rb").read().splitlines()
    rej = [json.loads(l) for l in open(d + "/rej", encoding="utf-8")]
    back = sorted(out + [json.dumps(r["source"], separators=(",", ":"))
                         .encode() if not isinstance(r["source"], str)
                         else r["source"].encode() for r in rej])
    if back != sorted(src):
        fail("written %d + rejected %d records are not the %d input "
             "records" % (len(out), len(rej), len(src)))
    nums = sorted([r["record"] for r in rej])
    if len(set(nums)) != len(nums):
        fail("a record rejected twice")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "make":
        make(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    elif cmd == "check-map":
        check_map(sys.argv[2])
    else:
        check_validate(sys.argv[2])
