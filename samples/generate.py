#!/usr/bin/env python3
"""samples/generate.py - the synthetic national export samples, deterministically.

    python3 samples/generate.py OUTDIR                  # OUTDIR/states/<st>/..., OUTDIR/services/...
    python3 samples/generate.py OUTDIR --expected DIR   # also DIR/<stem>.ndjson (canonical
                                                        # records gcx-map must give) and
                                                        # DIR/<stem>.rejects.ndjson
    python3 samples/generate.py --tables                # the README's two tables (Markdown)

Standard library only. A fixed seed, no clock, no environment: two runs give the
same bytes. Every person and company is invented; identifiers are computed to
pass (or, in the deliberately bad records, to fail) the checks of lib/rules_id.c:
Luhn for SA-NID, SA-IQAMA and AE-EID, the weighted mod 11 of KW-CID (remainder
0 and 1 avoided), the embedded birth dates of AE, BH, KW and QA numbers and the
ISO numeric nationality of QA-QID. Hijri (Umm al-Qura) dates come from the
HIJRI table below, computed with ICU (gcx_rules_hijri_to_gregorian); the
generator does not convert dates itself.

Each file is built from records that carry three things: the source form (what
the national export holds), the canonical record gcx-map must produce (member
order = the order of the mapping's rules), and, for the deliberately bad
records, what is wrong and which rule must catch it.
"""

import csv
import io
import json
import os
import random
import sys

SEED = "gcx-samples-1"

# Umm al-Qura -> Gregorian, from ICU 72 (islamic-umalqura, proleptic Gregorian).
HIJRI = {
    "1388-04-27": "1968-07-23", "1395-11-09": "1975-11-13",
    "1398-12-10": "1978-11-11", "1400-01-01": "1979-11-21",
    "1402-09-05": "1982-06-27", "1405-07-22": "1985-04-13",
    "1410-03-15": "1989-10-16", "1412-06-18": "1991-12-25",
    "1416-08-14": "1996-01-05",
    "1428-08-08": "2007-08-21", "1430-05-03": "2009-04-28",
    "1433-11-21": "2012-10-07", "1435-02-20": "2013-12-23",
    "1438-04-12": "2017-01-10", "1440-06-15": "2019-02-20",
    "1442-10-05": "2021-05-17", "1445-09-01": "2024-03-11",
    "1446-01-01": "2024-07-07",
    "1448-08-08": "2027-01-16", "1449-05-03": "2027-10-03",
    "1449-02-12": "2027-07-16",
}
HIJRI_INVALID = "1406-02-30"     # Safar 1406 has 29 days (ICU refuses it)

# --------------------------------------------------------------- helpers

AI_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")



def json_num(text):
    """A share written as a JSON number in JSON exports (gcx-map's `number`
    writes it back as one)."""
    return int(text) if text.isdigit() else float(text)

def ai(s):
    """ASCII digits to Arabic-Indic (U+0660-0669)."""
    return s.translate(AI_DIGITS)


def luhn_digit(body):
    total, dbl = 0, True
    for ch in reversed(body):
        x = int(ch)
        if dbl:
            x *= 2
            if x > 9:
                x -= 9
        total += x
        dbl = not dbl
    return str((10 - total % 10) % 10)


def kw_remainder(d11):
    w = (2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return sum(int(c) * k for c, k in zip(d11, w)) % 11


def digits(rng, n, first="123456789"):
    return rng.choice(first) + "".join(rng.choice("0123456789")
                                       for _ in range(n - 1))


def sa_id(rng, first):
    body = first + digits(rng, 8)
    return body + luhn_digit(body)


def ae_eid(rng, year):
    body = "784" + year + digits(rng, 7)
    return body + luhn_digit(body)


def kw_cid(rng, iso):
    """C YYMMDD SSSS K with remainder >= 2 (no disputed or impossible K)."""
    y, m, d = iso.split("-")
    c = "2" if y.startswith("19") else "3"
    while True:
        body = c + y[2:] + m + d + digits(rng, 4, "0123456789")
        r = kw_remainder(body)
        if r >= 2:
            return body + str(11 - r)


def kw_cid_bad_check(rng, iso):
    good = kw_cid(rng, iso)
    return good[:11] + str((int(good[11]) + 1) % 10)


def bh_cpr(rng, iso):
    y, m, _ = iso.split("-")
    return y[2:] + m + digits(rng, 5, "0123456789")


def qa_qid(rng, iso, numeric):
    y = iso[:4]
    return ("2" if y.startswith("19") else "3") + y[2:4] + numeric + \
        digits(rng, 5, "0123456789")


def birth(rng, lo=1962, hi=2003):
    y = rng.randint(lo, hi)
    m = rng.randint(1, 12)
    d = rng.randint(1, 28)
    return "%04d-%02d-%02d" % (y, m, d)


def dmy(iso, sep="/"):
    y, m, d = iso.split("-")
    return sep.join((d, m, y))


def ymd(iso, sep="/"):
    return iso.replace("-", sep)


def plus_years(iso, n, minus_day=True):
    y, m, d = (int(x) for x in iso.split("-"))
    y += n
    if minus_day:
        d -= 1
        if d == 0:
            m -= 1
            if m == 0:
                m, y = 12, y - 1
            d = 28 if m == 2 else 30 if m in (4, 6, 9, 11) else 31
    return "%04d-%02d-%02d" % (y, m, d)


def email(rng, en_given, en_family):
    fam = en_family.lower().replace("al-", "al").replace("al ", "al")
    fam = fam.replace(" ", "").replace("-", "")
    dom = rng.choice(("example.com", "example.org", "example.net"))
    return "%s.%s@%s" % (en_given.lower(), fam, dom)


def latin_mail(rng, sex, families):
    """An e-mail address for a record whose names are in Arabic only."""
    given = rng.choice(["salim", "nasser", "ahmad", "yousef", "khalfan"]
                       if sex == "male" else
                       ["huda", "aisha", "muna", "noura", "dalal"])
    return email(rng, given, rng.choice(families))


def drop_none(d):
    """A dict without None values and without empty dicts (recursively),
    as gcx-map writes nothing for a missing value and no empty object."""
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            v = drop_none(v)
            if not v:
                continue
        elif isinstance(v, list):
            v = [drop_none(x) if isinstance(x, dict) else x for x in v]
            v = [x for x in v if x not in ({}, None)]
            if not v:
                continue
        elif v is None:
            continue
        out[k] = v
    return out


def canon(rtype, body):
    rec = {"schemaVersion": "1.0", "recordType": rtype}
    rec.update(drop_none(body))
    return rec


# ----------------------------------------------------------------- names

MALE = [("محمد", "Mohammed"), ("أحمد", "Ahmed"), ("عبدالله", "Abdullah"),
        ("خالد", "Khalid"), ("علي", "Ali"), ("يوسف", "Yousef"),
        ("سعد", "Saad"), ("فهد", "Fahad"), ("ناصر", "Nasser"),
        ("سلطان", "Sultan"), ("حمد", "Hamad"), ("جاسم", "Jassim"),
        ("سالم", "Salem"), ("راشد", "Rashid"), ("عبدالعزيز", "Abdulaziz"),
        ("ماجد", "Majid"), ("طلال", "Talal"), ("عمر", "Omar"),
        ("إبراهيم", "Ibrahim"), ("حسن", "Hassan")]
FEMALE = [("فاطمة", "Fatima"), ("مريم", "Maryam"), ("نورة", "Noora"),
          ("عائشة", "Aisha"), ("سارة", "Sara"), ("هند", "Hind"),
          ("لطيفة", "Latifa"), ("شيخة", "Shaikha"), ("منى", "Mona"),
          ("ريم", "Reem"), ("دانة", "Dana"), ("أمل", "Amal")]
FAMILY = {
    "BH": [("الدوسري", "Al-Dosari"), ("الحايكي", "Al-Haiki"),
           ("الكوهجي", "Al-Kooheji"), ("المناعي", "Al-Mannai"),
           ("البنعلي", "Al-Binali"), ("الجلاهمة", "Al-Jalahma"),
           ("الشيراوي", "Al-Shirawi"), ("العريض", "Al-Oraid")],
    "SA": [("القحطاني", "Al-Qahtani"), ("العتيبي", "Al-Otaibi"),
           ("الغامدي", "Al-Ghamdi"), ("الشهري", "Al-Shehri"),
           ("الزهراني", "Al-Zahrani"), ("الحربي", "Al-Harbi"),
           ("المالكي", "Al-Malki"), ("السبيعي", "Al-Subaie")],
    "AE": [("المنصوري", "Al Mansoori"), ("الكعبي", "Al Kaabi"),
           ("الشامسي", "Al Shamsi"), ("المزروعي", "Al Mazrouei"),
           ("النعيمي", "Al Nuaimi"), ("الظاهري", "Al Dhaheri"),
           ("السويدي", "Al Suwaidi"), ("الهاشمي", "Al Hashmi")],
    "OM": [("البلوشي", "Al Balushi"), ("الحارثي", "Al Harthi"),
           ("الرواحي", "Al Rawahi"), ("البوسعيدي", "Al Busaidi"),
           ("الهنائي", "Al Hinai"), ("المعمري", "Al Maamari"),
           ("الكندي", "Al Kindi"), ("العبري", "Al Abri")],
    "QA": [("الكواري", "Al-Kuwari"), ("المهندي", "Al-Mohannadi"),
           ("العطية", "Al-Attiyah"), ("الدرويش", "Al-Darwish"),
           ("السليطي", "Al-Sulaiti"), ("النعيمي", "Al-Naimi"),
           ("الهاجري", "Al-Hajri"), ("المري", "Al-Marri")],
    "KW": [("المطيري", "Al-Mutairi"), ("العنزي", "Al-Enezi"),
           ("الرشيدي", "Al-Rashidi"), ("العجمي", "Al-Ajmi"),
           ("الشمري", "Al-Shammari"), ("الكندري", "Al-Kandari"),
           ("البناي", "Al-Banai"), ("الهاجري", "Al-Hajri")],
}
# Expatriates: given names by sex and family names, Arabic and Latin.
EXPAT = {
    "EGY": ([("محمود", "Mahmoud"), ("أحمد", "Ahmed")],
            [("منى", "Mona"), ("هبة", "Heba")],
            [("حسن", "Hassan"), ("عبدالرحمن", "Abdelrahman")]),
    "IND": ([("راجيش", "Rajesh"), ("سونيل", "Sunil")],
            [("بريا", "Priya"), ("أنيتا", "Anita")],
            [("كومار", "Kumar"), ("ناير", "Nair")]),
    "PAK": ([("عمران", "Imran"), ("فيصل", "Faisal")],
            [("عائشة", "Ayesha"), ("صبا", "Saba")],
            [("خان", "Khan"), ("قريشي", "Qureshi")]),
    "PHL": ([("خوسيه", "Jose"), ("مارك", "Mark")],
            [("ماريا", "Maria"), ("أنجليكا", "Angelica")],
            [("سانتوس", "Santos"), ("رييس", "Reyes")]),
    "JOR": ([("ليث", "Laith"), ("زيد", "Zaid")],
            [("رنا", "Rana"), ("ديما", "Dima")],
            [("الخطيب", "Al-Khatib"), ("العمري", "Al-Omari")]),
}


def person_name(rng, state, sex, nat, arab_chain=True):
    """A name as {"ar": parts, "en": parts}; parts in canonical order."""
    if nat in EXPAT:
        males, females, fams = EXPAT[nat]
        g = rng.choice(males if sex == "male" else females)
        f = rng.choice(fams)
        parts = [("given", g), ("family", f)]
        if nat in ("EGY", "JOR"):
            parts.insert(1, ("father", rng.choice(MALE)))
    else:
        g = rng.choice(MALE if sex == "male" else FEMALE)
        fa = rng.choice(MALE)
        ga = rng.choice([m for m in MALE if m != fa])
        fam = rng.choice(FAMILY[state])
        parts = [("given", g), ("father", fa)]
        if arab_chain:
            parts.append(("grandfather", ga))
        parts.append(("family", fam))
    return {"ar": {k: v[0] for k, v in parts},
            "en": {k: v[1] for k, v in parts}}


def full(parts):
    return " ".join(parts[k] for k in ("given", "father", "grandfather",
                                       "family") if k in parts)


# ---------------------------------------------------------------- activities

ISIC = {
    "4711": ("البيع بالتجزئة في المتاجر غير المتخصصة",
             "Retail sale in non-specialized stores with food, beverages or "
             "tobacco predominating"),
    "4630": ("البيع بالجملة للأغذية والمشروبات والتبغ",
             "Wholesale of food, beverages and tobacco"),
    "6201": ("أنشطة البرمجة الحاسوبية", "Computer programming activities"),
    "6202": ("أنشطة الاستشارات الحاسوبية",
             "Computer consultancy and computer facilities management "
             "activities"),
    "4100": ("تشييد المباني", "Construction of buildings"),
    "5610": ("أنشطة المطاعم وخدمات الأطعمة المتنقلة",
             "Restaurants and mobile food service activities"),
    "4520": ("صيانة وإصلاح المركبات ذات المحركات",
             "Maintenance and repair of motor vehicles"),
    "6810": ("الأنشطة العقارية بالممتلكات المملوكة أو المؤجرة",
             "Real estate activities with own or leased property"),
    "7110": ("الأنشطة المعمارية والهندسية",
             "Architectural and engineering activities and related technical "
             "consultancy"),
    "6920": ("أنشطة المحاسبة ومسك الدفاتر والتدقيق",
             "Accounting, bookkeeping and auditing activities; tax "
             "consultancy"),
    "5510": ("أنشطة الإقامة قصيرة الأجل", "Short term accommodation activities"),
    "4921": ("النقل البري للركاب داخل المدن",
             "Urban and suburban passenger land transport"),
}
SECTOR = {   # ISIC -> (Arabic word, Latin word) for trade names
    "4711": ("للتجارة", "Trading"), "4630": ("للتجارة العامة", "General Trading"),
    "6201": ("للتقنية", "Technology"), "6202": ("للحلول الرقمية", "Digital Solutions"),
    "4100": ("للمقاولات", "Contracting"), "5610": ("للمطاعم", "Restaurants"),
    "4520": ("لخدمات السيارات", "Auto Services"), "6810": ("العقارية", "Real Estate"),
    "7110": ("للاستشارات الهندسية", "Engineering Consultants"),
    "6920": ("لتدقيق الحسابات", "Auditing"), "5510": ("للفنادق", "Hotels"),
    "4921": ("للنقل", "Transport"),
}
ROOTS = [("الواحة", "Al Waha"), ("النخيل", "Al Nakheel"), ("اللؤلؤ", "Al Lulu"),
         ("الخليج", "Gulf"), ("الصقر", "Al Saqr"), ("المرجان", "Al Marjan"),
         ("الريان", "Al Rayyan"), ("السدرة", "Al Sidra"), ("الفنار", "Al Fanar"),
         ("النجمة", "Al Najma"), ("البوادي", "Al Bawadi"), ("الأفق", "Al Ufuq")]


def trade_name(rng, isic, sole, suffix_ar="", suffix_en=""):
    root = rng.choice(ROOTS)
    sec = SECTOR[isic]
    ar = ("مؤسسة " if sole else "شركة ") + root[0] + " " + sec[0]
    en = root[1] + " " + sec[1] + (" Est." if sole else " Co.")
    if suffix_ar:
        ar += " " + suffix_ar
    if suffix_en:
        en += " " + suffix_en
    return ar, en


# ------------------------------------------------------------- the records


class Rec:
    """One source record: its source form, the canonical record gcx-map must
    give (None when the mapping rejects it), what is wrong with it (None for
    a valid record) and its messiness (text; such a record maps but its
    source does not come back byte for byte)."""

    def __init__(self, src, canon_rec, bad=None, messy=None):
        self.src = src
        self.canon = canon_rec
        self.bad = bad
        self.messy = messy


def bad_map(what, target, reason):
    return {"what": what, "stage": "gcx-map", "target": target,
            "reason": reason}


def bad_val(what, rule, pointer):
    return {"what": what, "stage": "gcx-validate", "rule": rule,
            "pointer": pointer}


# ------------------------------------------------------------ XML writing


def esc(s, attr=False):
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if attr:
        s = s.replace('"', "&quot;")
    return s


class E:
    """A small XML element: tag, attributes (in order), text, children."""

    def __init__(self, tag, attrs=None, text=None, children=None):
        self.tag = tag
        self.attrs = attrs or []
        self.text = text
        self.children = [c for c in (children or []) if c is not None]


def el(tag, text=None, **attrs):
    """An element with text, or None when text is None (nothing to write)."""
    if text is None:
        return None
    return E(tag, list(attrs.items()), text)


def xml_write(e, depth=0, out=None):
    out = [] if out is None else out
    pad = "  " * depth
    attrs = "".join(' %s="%s"' % (k, esc(v, True)) for k, v in e.attrs)
    if e.children:
        out.append("%s<%s%s>\n" % (pad, e.tag, attrs))
        for c in e.children:
            xml_write(c, depth + 1, out)
        out.append("%s</%s>\n" % (pad, e.tag))
    elif e.text is not None:
        out.append("%s<%s%s>%s</%s>\n" % (pad, e.tag, attrs, esc(e.text),
                                          e.tag))
    else:
        out.append("%s<%s%s/>\n" % (pad, e.tag, attrs))
    return out


def xml_doc(root):
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + "".join(
        xml_write(root))


def name_el(tag, lang, parts, tags):
    """<tag lang=".."> with the parts that exist, in canonical order."""
    kids = [el(tags[k], parts[k]) for k in ("given", "father", "grandfather",
                                            "family") if k in parts]
    return E(tag, [("lang", lang)], None, kids)


# ============================================================ Bahrain


BH_CITY = ["المنامة", "المحرق", "الرفاع", "مدينة عيسى", "مدينة حمد", "سترة",
           "البديع"]
BH_CITY_EN = {"المنامة": "Manama", "المحرق": "Muharraq", "الرفاع": "Riffa",
              "مدينة عيسى": "Isa Town", "مدينة حمد": "Hamad Town",
              "سترة": "Sitra", "البديع": "Budaiya"}
NAT2 = {"BHR": "BH", "IND": "IN", "PAK": "PK", "EGY": "EG", "PHL": "PH",
        "JOR": "JO", "SAU": "SA", "KWT": "KW", "QAT": "QA", "OMN": "OM",
        "ARE": "AE"}


def bh_cpr_persons(rng):
    # (sex, nationality, marital, phones, ekey, bad)
    plan = [("male", "BHR", "M", ["MOB"], "ADVANCED", None),
            ("female", "BHR", "S", ["MOB", "RES"], None, None),
            ("male", "IND", "M", ["MOB"], None, None),
            ("male", "BHR", "S", ["MOB"], None, "cpr-month"),
            ("female", "BHR", "W", ["MOB", "RES"], "BASIC", None),
            ("female", "PHL", "S", ["MOB"], None, None),
            ("male", "BHR", "M", ["MOB"], None, "no-cpr"),
            ("male", "EGY", "D", ["MOB", "WRK"], "ADVANCED", None)]
    recs = []
    for sex, nat, ms, ptypes, ekey, bad in plan:
        name = person_name(rng, "BH", sex, nat)
        bd = birth(rng)
        cpr = bh_cpr(rng, bd)
        messy = None
        if bad == "cpr-month":
            cpr = cpr[:2] + "13" + cpr[4:]
        phones = []
        for t in ptypes:
            n = {"MOB": rng.choice("36") + rng.choice("3469") + digits(rng, 6, "0123456789"),
                 "RES": "17" + digits(rng, 6, "0123456789"),
                 "WRK": "17" + digits(rng, 6, "0123456789")}[t]
            phones.append((t, n))
        city = rng.choice(BH_CITY)
        addr = (str(rng.randint(1, 2999)), str(rng.randint(100, 4999)),
                str(rng.randint(101, 999)), city)
        mail = email(rng, name["en"]["given"], name["en"]["family"]) \
            if rng.random() < 0.6 else None
        src_phones = [(t, n) for t, n in phones]
        src_name_ar = dict(name["ar"])
        if bad == "cpr-month":
            # messiness carried by a record gcx-validate rejects anyway
            src_phones[0] = (phones[0][0], phones[0][1][:4] + " " +
                             phones[0][1][4:])
            src_name_ar["given"] = " " + name["ar"]["given"] + "  "
            messy = ("mobile written '%s' (space), Arabic given name with "
                     "leading and trailing spaces" % src_phones[0][1])
        tags = {"given": "cpr:First", "father": "cpr:Father",
                "grandfather": "cpr:Grandfather", "family": "cpr:Family"}
        src = E("cpr:Person", [], None, [
            None if bad == "no-cpr" else el("cpr:CPR", cpr),
            name_el("cpr:Name", "ar", src_name_ar, tags),
            name_el("cpr:Name", "en", name["en"], tags),
            el("cpr:BirthDate", dmy(bd)),
            el("cpr:Sex", "M" if sex == "male" else "F"),
            el("cpr:Nationality", NAT2[nat]),
            el("cpr:MaritalStatus", ms),
            E("addr:Address", [], None, [
                el("addr:Building", addr[0]), el("addr:Road", addr[1]),
                el("addr:Block", addr[2]), el("addr:City", addr[3])]),
            E("cpr:Phones", [], None,
              [el("cpr:Phone", n, type=t) for t, n in src_phones]),
            el("cpr:Email", mail),
            E("cpr:DigitalIdentity", [("provider", "eKey"), ("level", ekey)])
            if ekey else None,
        ])
        if bad == "no-cpr":
            recs.append(Rec(src, None, bad_map(
                "no cpr:CPR element", "identifiers[0].value", "map.required")))
            continue
        ptype = {"MOB": "mobile", "RES": "home", "WRK": "work"}
        c = canon("person", {
            "identifiers": [{"scheme": "BH-CPR", "value": cpr, "state": "BH"}],
            "name": name,
            "birthDate": bd,
            "sex": sex,
            "nationality": nat,
            "civilStatus": {"S": "single", "M": "married", "D": "divorced",
                            "W": "widowed"}[ms],
            "addresses": [{"type": "home", "building": addr[0],
                           "road": addr[1], "block": addr[2],
                           "city": {"ar": addr[3]}, "country": "BHR"}],
            "phones": [{"type": ptype[t], "number": "+973" + n}
                       for t, n in phones],
            "email": mail,
            "digitalIdentity": {"provider": "eKey", "assuranceLevel":
                                {"BASIC": "substantial",
                                 "ADVANCED": "high"}[ekey]} if ekey else None,
        })
        b = None
        if bad == "cpr-month":
            b = bad_val("CPR %s: birth month 13" % cpr, "id.bh.cpr.month",
                        "/identifiers/0/value")
        recs.append(Rec(src, c, b, messy))
    root = E("cpr:Export", [("xmlns:cpr", "urn:bh:iga:cpr:export:1"),
                            ("xmlns:addr", "urn:bh:iga:address:1"),
                            ("generated", "2026-11-01T06:00:00Z"),
                            ("count", str(len(recs)))],
             None, [r.src for r in recs])
    return recs, xml_doc(root)


BH_FORMS = {  # Sijilat company type -> canonical, name suffixes
    "EST": ("sole-proprietorship", "", ""),
    "WLL": ("llc", "ذ.م.م", "W.L.L."),
    "BSCC": ("closed-joint-stock", "ش.م.ب (مقفلة)", "B.S.C. (c)"),
    "BSC": ("joint-stock", "ش.م.ب", "B.S.C."),
    "PTN": ("partnership", "", ""),
    "BRF": ("foreign-branch", "", "(Branch)"),
}


def bh_partner(rng, share, role, company=False):
    if company:
        cr = digits(rng, 6) + "-1"
        n = trade_name(rng, "6810", False, "ذ.م.م", "W.L.L.")
        return {"kind": "COM", "id": cr, "ar": n[0], "en": n[1],
                "role": role, "share": share}
    sex = "male" if rng.random() < 0.7 else "female"
    nm = person_name(rng, "BH", sex, "BHR")
    cpr = bh_cpr(rng, birth(rng, 1955, 1995))
    return {"kind": "IND", "id": cpr, "ar": full(nm["ar"]),
            "en": full(nm["en"]), "role": role, "share": share}


def bh_cr_establishments(rng):
    # (form, status, isics, partners [(role, share, company)], bad)
    plan = [("WLL", "ACTIVE", ["6201", "6202"], [("PRT", "60", False), ("PRT", "40", False)], None),
            ("EST", "ACTIVE", ["4711"], [("OWN", "100", False)], None),
            ("WLX", "ACTIVE", ["5610"], [("OWN", "100", False)], "bad-form"),
            ("BSCC", "ACTIVE", ["6810"], [("SHR", "70", True), ("SHR", "30", False), ("MGR", None, False)], None),
            ("WLL", "EXPIRED", ["4520"], [("PRT", "50", False), ("PRT", "50", False)], None),
            ("WLL", "ACTIVE", ["7110"], [("PRT", "51", False), ("PRT", "49", False)], "bad-cr"),
            ("PTN", "LIQUIDATION", ["4630"], [("PRT", "50", False), ("PRT", "50", False)], None),
            ("EST", "SUSPENDED", ["4100"], [("OWN", "100", False)], None)]
    status = {"ACTIVE": "active", "SUSPENDED": "suspended",
              "EXPIRED": "expired", "DELETED": "struck-off",
              "DISSOLVED": "dissolved", "LIQUIDATION": "under-liquidation"}
    recs = []
    for form, st, isics, partners, bad in plan:
        cr = digits(rng, 6) + "-" + str(rng.randint(1, 3))
        if bad == "bad-cr":
            cr = digits(rng, 6) + "-" + digits(rng, 5)
        canon_form = BH_FORMS.get(form, BH_FORMS["WLL"])
        nm = trade_name(rng, isics[0], form == "EST", canon_form[1],
                        canon_form[2])
        reg = "%04d-%02d-%02d" % (rng.randint(2005, 2023), rng.randint(1, 12),
                                  rng.randint(1, 28))
        exp = plus_years(reg, rng.choice((3, 5)) if st != "EXPIRED" else 1)
        if st == "ACTIVE":
            while exp < "2026-12-31":
                exp = plus_years(exp, 1, False)
        cap = {"EST": "5000.000", "WLL": "20000.000", "BSCC": "1000000.000",
               "PTN": "50000.000", "WLX": "10000.000"}[form]
        ps = [bh_partner(rng, s, r, co) for r, s, co in partners]
        block = str(rng.randint(301, 999))
        road = str(rng.randint(100, 4999))
        bld = str(rng.randint(1, 2999))
        city = rng.choice(BH_CITY[:4])
        acts = []
        for i in isics:
            acts.append(E("isic:Activity", [("code", i)], None, [
                el("isic:Description", ISIC[i][0], lang="ar"),
                el("isic:Description", ISIC[i][1], lang="en")]))
        src = E("cr:CommercialRegistration", [], None, [
            el("cr:CRNumber", cr),
            el("cr:TradeName", nm[0], lang="ar"),
            el("cr:TradeName", nm[1], lang="en"),
            el("cr:CompanyType", form),
            el("cr:Status", st),
            el("cr:RegistrationDate", dmy(reg)),
            el("cr:ExpiryDate", dmy(exp)),
            E("cr:Activities", [], None, acts),
            E("cr:Capital", [("currency", "BHD")], cap),
            E("cr:Partners", [], None, [
                E("cr:Partner", [("type", p["kind"]), ("role", p["role"])] +
                  ([("share", p["share"])] if p["share"] else []), None, [
                      el("cr:IdNumber", p["id"]),
                      el("cr:Name", p["ar"], lang="ar"),
                      el("cr:Name", p["en"], lang="en")]) for p in ps]),
            E("cr:Address", [], None, [
                el("cr:Building", bld), el("cr:Road", road),
                el("cr:Block", block), el("cr:City", city, lang="ar"),
                el("cr:City", BH_CITY_EN[city], lang="en")]),
        ])
        if bad == "bad-form":
            recs.append(Rec(src, None, bad_map(
                "company type 'WLX' (a typing error for WLL) is not in the "
                "code list", "legalForm", "map.code-unknown")))
            continue
        role = {"OWN": "owner", "PRT": "partner", "SHR": "shareholder",
                "MGR": "manager"}
        c = canon("establishment", {
            "identifiers": [{"scheme": "BH-CR", "value": cr, "state": "BH"}],
            "name": {"ar": nm[0], "en": nm[1]},
            "legalForm": canon_form[0],
            "status": status[st],
            "registrationDate": reg,
            "expiryDate": exp,
            "activities": [{"code": i, "description": {"ar": ISIC[i][0],
                                                       "en": ISIC[i][1]}}
                           for i in isics],
            "capital": {"amount": cap, "currency": "BHD"},
            "owners": [{"party": {
                "recordType": "person" if p["kind"] == "IND" else "establishment",
                "identifier": {"scheme": "BH-CPR" if p["kind"] == "IND" else "BH-CR",
                               "value": p["id"], "state": "BH"},
                "name": {"ar": p["ar"], "en": p["en"]}},
                "role": role[p["role"]], "share": p["share"]} for p in ps],
            "addresses": [{"type": "registered", "building": bld, "road": road,
                           "block": block,
                           "city": {"ar": city, "en": BH_CITY_EN[city]},
                           "country": "BHR"}],
        })
        b = None
        if bad == "bad-cr":
            b = bad_val("CR %s: a branch number of 5 digits (at most 4)" % cr,
                        "id.bh.cr.format", "/identifiers/0/value")
        recs.append(Rec(src, c, b))
    root = E("cr:Extract", [("xmlns:cr", "urn:bh:moic:sijilat:export:1"),
                            ("xmlns:isic", "urn:un:unsd:isic:rev4"),
                            ("extractDate", "2026-11-01"),
                            ("source", "Sijilat 3.0")],
             None, [r.src for r in recs])
    return recs, xml_doc(root)


# ============================================================ Saudi Arabia

SA_DEMONYM = {"SAU": "سعودي", "EGY": "مصري", "IND": "هندي", "PAK": "باكستاني",
              "PHL": "فلبيني", "JOR": "أردني"}
SA_PLACES = [("الرياض", ["العليا", "الملز", "النخيل", "الياسمين"], "1"),
             ("جدة", ["الروضة", "الحمراء", "الشاطئ"], "2"),
             ("الدمام", ["الفيصلية", "الشاطئ"], "3")]
SA_STREETS = ["طريق الملك فهد", "شارع التحلية", "طريق الأمير سلطان",
              "شارع الأمير محمد بن عبدالعزيز", "شارع العليا العام",
              "طريق الملك عبدالعزيز"]
CIVIL_AR = {"single": "أعزب", "married": "متزوج", "divorced": "مطلق",
            "widowed": "أرمل"}
SEX_AR = {"male": "ذكر", "female": "أنثى"}


def sa_address(rng):
    city, districts, zone = rng.choice(SA_PLACES)
    return {"building": str(rng.randint(2000, 8999)),
            "road": rng.choice(SA_STREETS),
            "district": rng.choice(districts), "city": city,
            "postalCode": zone + digits(rng, 4, "0123456789")}


def sa_nic_persons(rng):
    # (sex, nationality, hijri birth date, civil status, bad)
    plan = [("male", "SAU", "1400-01-01", "married", None),
            ("female", "SAU", "1405-07-22", "single", None),
            ("male", "SAU", HIJRI_INVALID, "single", "hijri"),
            ("male", "EGY", "1395-11-09", "married", None),
            ("female", "SAU", "1412-06-18", "single", None),
            ("male", "SAU", "1402-09-05", "married", "nationality"),
            ("female", "IND", "1410-03-15", "married", None),
            ("male", "SAU", "1388-04-27", "widowed", None)]
    recs = []
    tags = {"given": "nic:First", "father": "nic:Father",
            "grandfather": "nic:Grandfather", "family": "nic:Family"}
    for sex, nat, hb, cs, bad in plan:
        name = person_name(rng, "SA", sex, nat)
        idn = sa_id(rng, "1" if nat == "SAU" else "2")
        ad = sa_address(rng)
        mob = "05" + rng.choice("0345689") + digits(rng, 7, "0123456789")
        src_nat = "مصري" if bad == "nationality" else SA_DEMONYM[nat]
        src_mob = ai(mob)
        messy = None
        if bad == "nationality":
            src_mob = ai(mob[:3] + " " + mob[3:6] + " " + mob[6:])
            messy = "mobile written '%s' (spaces)" % src_mob
        src = E("nic:Individual", [], None, [
            el("nic:IdType", "مواطن" if idn[0] == "1" else "مقيم"),
            el("nic:IdNumber", ai(idn)),
            name_el("nic:ArabicName", "ar", name["ar"], tags),
            name_el("nic:EnglishName", "en", name["en"], tags),
            el("nic:BirthDateH", ai(hb)),
            el("nic:Gender", SEX_AR[sex]),
            el("nic:Nationality", src_nat),
            el("nic:MaritalStatus", CIVIL_AR[cs]),
            E("nic:NationalAddress", [], None, [
                el("nic:BuildingNumber", ai(ad["building"])),
                el("nic:Street", ad["road"]),
                el("nic:District", ad["district"]),
                el("nic:City", ad["city"]),
                el("nic:PostalCode", ai(ad["postalCode"]))]),
            el("nic:Mobile", src_mob),
        ])
        # the names carry no lang attribute: the element says the script
        for k in (2, 3):
            src.children[k].attrs = []
        if bad == "hijri":
            recs.append(Rec(src, None, bad_map(
                "birth date %s AH does not exist (Safar 1406 has 29 days)"
                % ai(hb), "birthDate", "map.hijri-invalid")))
            continue
        c = canon("person", {
            "identifiers": [{"scheme": "SA-NID" if idn[0] == "1" else "SA-IQAMA",
                             "value": idn, "state": "SA"}],
            "name": name,
            "birthDate": HIJRI[hb],
            "birthDateHijri": {"value": hb, "calendar": "islamic-umalqura"},
            "sex": sex,
            "nationality": "EGY" if bad == "nationality" else nat,
            "civilStatus": cs,
            "addresses": [{"type": "home", "building": ad["building"],
                           "road": ad["road"],
                           "district": {"ar": ad["district"]},
                           "city": {"ar": ad["city"]},
                           "postalCode": ad["postalCode"], "country": "SAU"}],
            "phones": [{"type": "mobile", "number": "+966" + mob[1:]}],
        })
        b = None
        if bad == "nationality":
            b = bad_val("national ID (first digit 1, citizens) with nationality "
                        "مصري (EGY)", "xfield.sa-nationality", "/nationality")
        recs.append(Rec(src, c, b, messy))
    root = E("nic:CivilRegistry", [("xmlns:nic", "urn:sa:nic:civil-registry:1"),
                                   ("batch", "B-1448-0173"),
                                   ("exportDateH", ai("1448-05-10"))],
             None, [r.src for r in recs])
    return recs, xml_doc(root)


SA_FORMS = {"sole-proprietorship": "مؤسسة فردية",
            "llc": "شركة ذات مسؤولية محدودة",
            "joint-stock": "شركة مساهمة",
            "closed-joint-stock": "شركة مساهمة مقفلة",
            "partnership": "شركة تضامن",
            "limited-partnership": "شركة توصية بسيطة",
            "foreign-branch": "فرع شركة أجنبية",
            "professional": "شركة مهنية"}
SA_STATUS = {"active": "نشط", "suspended": "موقوف", "expired": "منتهي",
             "struck-off": "مشطوب", "dissolved": "منحل",
             "under-liquidation": "تحت التصفية"}
SA_ID_TYPE = {"SA-UNN": "الرقم الوطني الموحد", "SA-CR": "السجل التجاري",
              "SA-VAT": "الرقم الضريبي"}
SA_OWNER_ID = {"SA-NID": "هوية وطنية", "SA-IQAMA": "إقامة",
               "SA-UNN": "الرقم الوطني الموحد"}
SA_ROLE = {"owner": "مالك", "partner": "شريك", "shareholder": "مساهم",
           "manager": "مدير"}


def sa_owner(rng, scheme, role, share):
    if scheme == "SA-UNN":
        n = trade_name(rng, "6810", False)
        return {"type": "منشأة", "scheme": scheme, "id": "7" + digits(rng, 9,
                "0123456789"), "name": n[0], "role": role, "share": share,
                "rt": "establishment"}
    nat = "SAU" if scheme == "SA-NID" else rng.choice(["EGY", "IND", "JOR"])
    nm = person_name(rng, "SA", "male", nat)
    return {"type": "فرد", "scheme": scheme,
            "id": sa_id(rng, "1" if scheme == "SA-NID" else "2"),
            "name": full(nm["ar"]), "role": role, "share": share,
            "rt": "person"}


def sa_mc_establishments(rng):
    # (ids, form, status, hijri reg, hijri expiry, isics, owners, bad)
    plan = [(["SA-UNN", "SA-CR", "SA-VAT"], "llc", "active", "1445-09-01", None,
             ["6201", "6202"], [("SA-NID", "partner", "60"), ("SA-NID", "partner", "40")], None),
            (["SA-UNN", "SA-CR"], "sole-proprietorship", "active", "1446-01-01", None,
             ["5610"], [("SA-NID", "owner", "100")], "unn-prefix"),
            (["SA-UNN", "SA-CR"], "sole-proprietorship", "active", "1440-06-15", None,
             ["4711"], [("SA-NID", "owner", "100")], None),
            (["SA-CR"], "llc", "suspended", "1428-08-08", "1448-08-08",
             ["4100"], [("SA-NID", "partner", "50"), ("SA-IQAMA", "partner", "50")], None),
            (["SA-UNN", "SA-CR", "SA-VAT"], "llc", "active", "1435-02-20", None,
             ["4520"], [("SA-NID", "partner", "70"), ("SA-NID", "partner", "30")], "form-spelling"),
            (["SA-UNN", "SA-CR", "SA-VAT"], "closed-joint-stock", "active", "1438-04-12", None,
             ["6810"], [("SA-UNN", "shareholder", "70"), ("SA-NID", "shareholder", "30"),
                        ("SA-IQAMA", "manager", None)], None),
            (["SA-UNN", "SA-VAT"], "foreign-branch", "active", "1442-10-05", None,
             ["7110"], [], None),
            (["SA-CR"], "partnership", "expired", "1430-05-03", "1449-05-03",
             ["4630"], [("SA-NID", "partner", "50"), ("SA-IQAMA", "partner", "50")], None)]
    recs = []
    for ids, form, st, reg, exp, isics, owners, bad in plan:
        city, districts, zone = rng.choice(SA_PLACES)
        idv = {"SA-UNN": "7" + digits(rng, 9, "0123456789"),
               "SA-CR": {"1": "1010", "2": "4030", "3": "2050"}[zone] +
               digits(rng, 6, "0123456789"),
               "SA-VAT": "3" + digits(rng, 13, "0123456789") + "3"}
        if bad == "unn-prefix":
            idv["SA-UNN"] = "8" + idv["SA-UNN"][1:]
        nm = trade_name(rng, isics[0], form == "sole-proprietorship")
        cap = {"llc": "500000.00", "sole-proprietorship": "25000.00",
               "closed-joint-stock": "5000000.00", "foreign-branch": "1000000.00",
               "partnership": "200000.00"}[form]
        os_ = [sa_owner(rng, s, r, sh) for s, r, sh in owners]
        ad = sa_address(rng)
        src_form = SA_FORMS[form]
        if bad == "form-spelling":
            src_form = "شركه ذات مسؤوليه محدوده"
        src = {
            "identifiers": [{"type": SA_ID_TYPE[s], "number": ai(idv[s])}
                            for s in ids],
            "tradeName": {"ar": nm[0], "en": nm[1]},
            "legalForm": src_form,
            "status": SA_STATUS[st],
            "issueDateH": ai(reg),
        }
        if exp:
            src["expiryDateH"] = ai(exp)
        src["activities"] = [{"isic": ai(i), "nameAr": ISIC[i][0],
                              "nameEn": ISIC[i][1]} for i in isics]
        src["capital"] = {"amount": cap, "currency": "SAR"}
        if os_:
            src["owners"] = []
            for o in os_:
                so = {"ownerType": o["type"], "idType": SA_OWNER_ID[o["scheme"]],
                      "idNumber": ai(o["id"]), "name": o["name"],
                      "role": SA_ROLE[o["role"]]}
                if o["share"]:
                    so["share"] = ai(o["share"])
                src["owners"].append(so)
        src["nationalAddress"] = {"buildingNumber": ai(ad["building"]),
                                  "street": ad["road"],
                                  "district": ad["district"], "city": ad["city"],
                                  "postalCode": ai(ad["postalCode"])}
        if bad == "form-spelling":
            recs.append(Rec(src, None, bad_map(
                "legal form written with heh for teh marbuta (شركه ذات "
                "مسؤوليه محدوده): not in the code list", "legalForm",
                "map.code-unknown")))
            continue
        c = canon("establishment", {
            "identifiers": [{"scheme": s, "value": idv[s], "state": "SA"}
                            for s in ids],
            "name": {"ar": nm[0], "en": nm[1]},
            "legalForm": form,
            "status": st,
            "registrationDate": HIJRI[reg],
            "registrationDateHijri": {"value": reg,
                                      "calendar": "islamic-umalqura"},
            "expiryDate": HIJRI[exp] if exp else None,
            "activities": [{"code": i, "description": {"ar": ISIC[i][0],
                                                       "en": ISIC[i][1]}}
                           for i in isics],
            "capital": {"amount": cap, "currency": "SAR"},
            "owners": [{"party": {"recordType": o["rt"],
                                  "identifier": {"scheme": o["scheme"],
                                                 "value": o["id"],
                                                 "state": "SA"},
                                  "name": {"ar": o["name"]}},
                        "role": o["role"], "share": o["share"]} for o in os_],
            "addresses": [{"type": "registered", "building": ad["building"],
                           "road": ad["road"], "district": {"ar": ad["district"]},
                           "city": {"ar": ad["city"]},
                           "postalCode": ad["postalCode"], "country": "SAU"}],
        })
        b = None
        if bad == "unn-prefix":
            b = bad_val("unified number %s starts with 8, not 7" % idv["SA-UNN"],
                        "id.sa.unn.prefix", "/identifiers/0/value")
        recs.append(Rec(src, c, b))
    doc = {"header": {"source": "MC-CR-EXPORT", "exportDateH": ai("1448-05-10"),
                      "count": len(recs)},
           "establishments": [r.src for r in recs]}
    return recs, json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# ============================================================ UAE

AE_NUMERIC = {"ARE": "784", "IND": "356", "PHL": "608", "EGY": "818",
              "PAK": "586", "JOR": "400"}
AE_EMIRATE = [("أبوظبي", "Abu Dhabi", "2"), ("دبي", "Dubai", "4"),
              ("الشارقة", "Sharjah", "6")]
AE_STREETS = ["Villa %d, Street %d, Al Karamah", "Flat %d, Building %d, Al Nahda",
              "Villa %d, Street %d, Mirdif", "Flat %d, Tower %d, Al Reem Island"]


def ae_icp_persons(rng):
    # (sex, nationality, civil status, passport, landline, uae pass, bad)
    plan = [("female", "ARE", "MARRIED", True, False, "SOP2", None),
            ("male", "ARE", "SINGLE", False, False, None, "luhn"),
            ("male", "IND", "MARRIED", True, False, "SOP2", None),
            ("male", "ARE", "MARRIED", False, True, "SOP3", None),
            ("female", "ARE", "SINGLE", False, False, None, "year"),
            ("female", "PHL", "SINGLE", True, False, None, None),
            ("male", "ARE", "WIDOWED", False, True, "SOP3", None),
            ("male", "EGY", "DIVORCED", True, False, "SOP1", None)]
    cs = {"SINGLE": "single", "MARRIED": "married", "DIVORCED": "divorced",
          "WIDOWED": "widowed"}
    recs = []
    for sex, nat, ms, pp, land, upass, bad in plan:
        name = person_name(rng, "AE", sex, nat, arab_chain=False)
        bd = birth(rng)
        eid = ae_eid(rng, bd[:4])
        src_eid = eid
        messy = None
        if bad == "luhn":
            eid = eid[:14] + str((int(eid[14]) + 1) % 10)
            src_eid = "%s-%s-%s-%s" % (eid[:3], eid[3:7], eid[7:14], eid[14])
            messy = "Emirates ID in its printed form %s (dashes)" % src_eid
        if bad == "year":
            eid = ae_eid(rng, str(int(bd[:4]) - 1))
            src_eid = eid
        passport = None
        if pp:
            passport = {"ARE": "P", "IND": "Z", "PHL": "P", "EGY": "A"}[nat] + \
                digits(rng, 7, "0123456789")
        em_ar, em_en, area = rng.choice(AE_EMIRATE)
        line = rng.choice(AE_STREETS) % (rng.randint(1, 80), rng.randint(1, 40))
        pobox = str(rng.randint(1000, 99999))
        phones = [("MOBILE", "+9715" + rng.choice("024568") +
                   digits(rng, 7, "0123456789"))]
        if land:
            phones.append(("LANDLINE", "+971" + area + digits(rng, 7, "0123456789")))
        mail = email(rng, name["en"]["given"], name["en"]["family"])
        docs = [{"type": "EID", "number": src_eid}]
        if passport:
            docs.append({"type": "PASSPORT", "number": passport})
        src = {"documents": docs,
               "nameAr": {k2: v for k2, v in zip(("first", "father", "family"),
                          [name["ar"].get(k) for k in ("given", "father", "family")])
                          if v is not None},
               "nameEn": {k2: v for k2, v in zip(("first", "father", "family"),
                          [name["en"].get(k) for k in ("given", "father", "family")])
                          if v is not None},
               "dateOfBirth": bd,
               "gender": "1" if sex == "male" else "2",
               "nationalityCode": AE_NUMERIC[nat],
               "maritalStatus": ms,
               "addresses": [{"type": "RESIDENCE", "line": line,
                              "emirate": {"ar": em_ar, "en": em_en},
                              "poBox": pobox}],
               "phones": [{"type": t, "number": n} for t, n in phones],
               "email": mail}
        if upass:
            src["digitalId"] = {"provider": "UAE Pass", "level": upass}
        ids = [{"scheme": "AE-EID", "value": eid, "state": "AE"}]
        if passport:
            ids.append({"scheme": "PASSPORT", "value": passport})
        c = canon("person", {
            "identifiers": ids,
            "name": name,
            "birthDate": bd,
            "sex": sex,
            "nationality": nat,
            "civilStatus": cs[ms],
            "addresses": [{"type": "home", "full": {"en": line},
                           "city": {"ar": em_ar, "en": em_en},
                           "poBox": pobox, "country": "ARE"}],
            "phones": [{"type": "mobile" if t == "MOBILE" else "home",
                        "number": n} for t, n in phones],
            "email": mail,
            "digitalIdentity": {"provider": "UAE Pass", "assuranceLevel":
                                {"SOP1": "low", "SOP2": "substantial",
                                 "SOP3": "high"}[upass]} if upass else None,
        })
        b = None
        if bad == "luhn":
            b = bad_val("Emirates ID %s: Luhn check digit wrong" % eid,
                        "id.ae.eid.luhn", "/identifiers/0/value")
        elif bad == "year":
            b = bad_val("Emirates ID %s carries birth year %s, birth date is %s"
                        % (eid, eid[3:7], bd), "xfield.id-birthdate",
                        "/birthDate")
        recs.append(Rec(src, c, b, messy))
    doc = {"exportInfo": {"system": "ICP Population Register",
                          "generated": "2026-11-01T10:00:00+04:00",
                          "count": len(recs)},
           "data": {"persons": [r.src for r in recs]}}
    return recs, json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


AE_ISSUER = {"DXB-DET": ("Dubai Department of Economy and Tourism", "Dubai",
                         ["Al Barsha", "Deira", "Business Bay"]),
             "AUH-ADDED": ("Abu Dhabi Department of Economic Development",
                           "Abu Dhabi", ["Al Khalidiyah", "Mussafah"]),
             "SHJ-SEDD": ("Sharjah Economic Development Department", "Sharjah",
                          ["Al Majaz", "Al Nahda"]),
             "DMCC": ("Dubai Multi Commodities Centre", "Dubai",
                      ["Jumeirah Lakes Towers"])}
AE_FORMS = {"LLC": "llc", "SOLE": "sole-proprietorship", "CIVIL": "professional",
            "PJSC": "joint-stock", "PRJSC": "closed-joint-stock",
            "PARTNERSHIP": "partnership", "BRANCH-FOREIGN": "foreign-branch",
            "BRANCH": "branch"}


def ae_partner(rng, role, share):
    nat = rng.choice(["ARE", "ARE", "IND", "JOR"])
    nm = person_name(rng, "AE", rng.choice(["male", "female"]), nat, False)
    return {"eid": ae_eid(rng, birth(rng, 1960, 1995)[:4]),
            "name": full(nm["en"]), "role": role, "share": share}


def ae_ded_licences(rng):
    # (issuer, form, status, isics, partners, bad)
    plan = [("DXB-DET", "LLC", "ACTIVE", ["6201"], [("PARTNER", "51"), ("PARTNER", "49"), ("MANAGER", None)], None),
            ("AUH-ADDED", "SOLE", "ACTIVE", ["4711"], [("OWNER", "100")], None),
            ("SHJ-SEDD", "LLC", "ACTIVE", ["5610"], [("PARTNER", "60"), ("PARTNER", "40")], None),
            ("DXB-DET", "LLC", "ACTIVE", ["4520"], [("PARTNER", "50"), ("PARTNER", "50")], "expiry"),
            ("DXB-DET", "CIVIL", "ACTIVE", ["6920"], [("OWNER", "100")], None),
            ("DMCC", "BRANCH-FOREIGN", "ACTIVE", ["6202"], [("MANAGER", None)], None),
            ("AUH-ADDED", "LLC", "EXPIRED", ["4100"], [("PARTNER", "51"), ("PARTNER", "49")], None),
            ("SHJ-SEDD", "SOLE", "ACTIVE", ["4630"], [("OWNER", "100")], "no-licence")]
    status = {"ACTIVE": "active", "EXPIRED": "expired", "SUSPENDED": "suspended",
              "CANCELLED": "struck-off", "IN LIQUIDATION": "under-liquidation"}
    role = {"OWNER": "owner", "PARTNER": "partner", "MANAGER": "manager",
            "SHAREHOLDER": "shareholder"}
    recs = []
    lines = []
    for issuer, form, st, isics, partners, bad in plan:
        lic = "CN" + digits(rng, 7, "0123456789")
        src_lic = lic
        messy = None
        if bad == "expiry":
            src_lic = lic[:2] + "-" + lic[2:]
            messy = "licence number written %s (dash)" % src_lic
        trn = "100" + digits(rng, 12, "0123456789")
        sole = form == "SOLE"
        nm = trade_name(rng, isics[0], sole, "" if sole else "ذ.م.م",
                        "" if sole else "L.L.C.")
        if form == "BRANCH-FOREIGN":
            nm = (nm[0].replace("شركة", "فرع شركة").replace(" ذ.م.م", ""),
                  nm[1].replace(" L.L.C.", "") + " (Branch)")
        iss = "%04d-%02d-%02d" % (rng.randint(2012, 2024), rng.randint(1, 12),
                                  rng.randint(1, 28))
        if st == "EXPIRED":
            iss = "2020" + iss[4:]
            exp = plus_years(iss, 1)
        else:
            exp = plus_years("2026" + iss[4:], 1)
        if bad == "expiry":
            exp = plus_years(iss, -1, False)
        ps = [ae_partner(rng, r, s) for r, s in partners]
        area = rng.choice(AE_ISSUER[issuer][2])
        pobox = str(rng.randint(1000, 99999))
        src = {}
        if bad != "no-licence":
            src["licenceNo"] = src_lic
        src.update({"issuer": issuer, "trn": trn,
                    "tradeName": {"ar": nm[0], "en": nm[1]},
                    "legalType": form, "licenceStatus": st,
                    "issueDate": dmy(iss), "expiryDate": dmy(exp),
                    "activities": [{"code": i, "description": ISIC[i][1]}
                                   for i in isics],
                    "partners": []})
        for p in ps:
            sp = {"emiratesId": p["eid"], "name": p["name"], "role": p["role"]}
            if p["share"]:
                sp["sharePercent"] = json_num(p["share"])
            src["partners"].append(sp)
        src["address"] = {"area": area, "emirate": AE_ISSUER[issuer][1],
                          "poBox": pobox}
        lines.append(json.dumps(src, ensure_ascii=False,
                                separators=(",", ":")))
        if bad == "no-licence":
            recs.append(Rec(src, None, bad_map(
                "no licenceNo member", "identifiers[0].value", "map.required")))
            continue
        c = canon("establishment", {
            "identifiers": [{"scheme": "AE-TL", "value": lic, "state": "AE",
                             "issuer": AE_ISSUER[issuer][0]},
                            {"scheme": "AE-TRN", "value": trn, "state": "AE"}],
            "name": {"ar": nm[0], "en": nm[1]},
            "legalForm": AE_FORMS[form],
            "status": status[st],
            "registrationDate": iss,
            "expiryDate": exp,
            "activities": [{"code": i, "description": {"en": ISIC[i][1]}}
                           for i in isics],
            "owners": [{"party": {"recordType": "person",
                                  "identifier": {"scheme": "AE-EID",
                                                 "value": p["eid"],
                                                 "state": "AE"},
                                  "name": {"en": p["name"]}},
                        "role": role[p["role"]], "share": p["share"]}
                       for p in ps],
            "addresses": [{"type": "registered", "district": {"en": area},
                           "city": {"en": AE_ISSUER[issuer][1]},
                           "poBox": pobox, "country": "ARE"}],
        })
        b = None
        if bad == "expiry":
            b = bad_val("licence expires %s, before it was issued %s"
                        % (exp, iss), "xfield.expiry-before-registration",
                        "/expiryDate")
        recs.append(Rec(src, c, b, messy))
    return recs, "".join(l + "\n" for l in lines)


# ============================================================ Oman

OM_WILAYAT = ["بوشر", "السيب", "مطرح", "صحار", "نزوى", "صلالة", "العامرات"]
OM_WAYS = ["Way %d, Building %d, Al Khuwair", "Way %d, House %d, Al Hail North",
           "Way %d, Villa %d, Madinat Sultan Qaboos", "Way %d, Building %d, Ruwi"]


def csv_text(header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    return buf.getvalue()


OM_PERSON_COLUMNS = ["Civil Number", "First Name", "Father Name",
                     "Grandfather Name", "Tribe", "Date of Birth", "Gender",
                     "Nationality", "Marital Status", "Address", "Wilayat",
                     "Phone", "Phone Type", "Email"]


def om_rop_persons(rng):
    # (sex, nationality, civil status, phone type, bad)
    plan = [("male", "OMN", "married", "نقال", None),
            ("female", "OMN", "single", "نقال", None),
            ("male", "OMN", "married", "نقال", "date"),
            ("male", "IND", "married", "ثابت", None),
            ("male", "OMN", "single", "عمل", None),
            ("female", "OMN", "married", "نقال", "civil-digits"),
            ("male", "PAK", "single", "نقال", None),
            ("female", "OMN", "widowed", "نقال", None)]
    demonym = {"OMN": "عماني", "IND": "هندي", "PAK": "باكستاني"}
    ptype = {"نقال": "mobile", "ثابت": "home", "عمل": "work"}
    recs = []
    rows = []
    for sex, nat, cs, pt, bad in plan:
        name = person_name(rng, "OM", sex, nat)["ar"]
        civ = digits(rng, 8)
        src_civ = civ
        if bad == "civil-digits":
            src_civ = civ = civ[:4] + "O" + civ[5:]
        bd = birth(rng)
        src_bd = dmy(bd)
        if bad == "date":
            src_bd = "31/02/1988"
        addr = rng.choice(OM_WAYS) % (rng.randint(1000, 9999),
                                      rng.randint(1, 400))
        wil = rng.choice(OM_WILAYAT)
        ph = (rng.choice("79") + digits(rng, 7, "0123456789")) if pt == "نقال" \
            else "24" + digits(rng, 6, "0123456789")
        mail = latin_mail(rng, sex, ["rawahi", "harthi", "balushi", "kindi"]) \
            if rng.random() < 0.5 else ""
        rows.append([src_civ, name["given"], name.get("father", ""),
                     name.get("grandfather", ""), name["family"], src_bd,
                     SEX_AR[sex], demonym[nat], CIVIL_AR[cs], addr, wil, ph,
                     pt, mail])
        if bad == "date":
            recs.append(Rec(rows[-1], None, bad_map(
                "date of birth 31/02/1988 does not exist", "birthDate",
                "map.date-invalid")))
            continue
        c = canon("person", {
            "identifiers": [{"scheme": "OM-CIVIL", "value": civ, "state": "OM"}],
            "name": {"ar": name},
            "birthDate": bd,
            "sex": sex,
            "nationality": nat,
            "civilStatus": cs,
            "addresses": [{"type": "home", "full": {"en": addr},
                           "city": {"ar": wil}, "country": "OMN"}],
            "phones": [{"type": ptype[pt], "number": "+968" + ph}],
            "email": mail or None,
        })
        b = None
        if bad == "civil-digits":
            b = bad_val("civil number %s has the letter O for a zero" % civ,
                        "id.om.civil.digits", "/identifiers/0/value")
        recs.append(Rec(rows[-1], c, b))
    return recs, csv_text(OM_PERSON_COLUMNS, rows)


OM_CR_COLUMNS = ["CR Number", "VAT Number", "Trade Name (Arabic)",
                 "Trade Name (English)", "Legal Form", "Status",
                 "Registration Date", "Expiry Date", "ISIC", "Activity",
                 "Capital (OMR)", "Address", "Wilayat"]
OM_FORMS = {"EST": ("sole-proprietorship", "", ""), "LLC": ("llc", "ش.م.م", "LLC"),
            "SAOC": ("closed-joint-stock", "ش.م.ع.م", "SAOC"),
            "SAOG": ("joint-stock", "ش.م.ع.ع", "SAOG"),
            "GP": ("partnership", "", ""), "LP": ("limited-partnership", "", ""),
            "BFC": ("foreign-branch", "", "(Branch)")}
OM_WILAYAT_EN = ["Bawshar", "Muscat", "Seeb", "Muttrah", "Sohar", "Salalah",
                 "Nizwa"]


def om_moci_establishments(rng):
    # (form, status, isic, bad)
    plan = [("LLC", "Active", "4630", None),
            ("LLC", "Active", "6201", "vat-length"),
            ("EST", "Active", "4711", None),
            ("SAOC", "Active", "6810", None),
            ("LLC", "Expired", "5610", "quotes"),
            ("LP", "Active", "4100", None),
            ("WLL", "Active", "6920", "bad-form"),
            ("BFC", "Active", "7110", None)]
    status = {"Active": "active", "Expired": "expired", "Suspended": "suspended",
              "Cancelled": "struck-off", "Under Liquidation": "under-liquidation"}
    recs = []
    rows = []
    for form, st, isic, bad in plan:
        cr = digits(rng, 7)
        vat = "OM11" + digits(rng, 8, "0123456789")
        src_vat = vat
        messy = None
        if bad == "vat-length":
            vat = vat[:11]
            src_vat = "OM " + vat[2:6] + " " + vat[6:]
            messy = "VAT number written '%s' (spaces)" % src_vat
        f = OM_FORMS.get(form, OM_FORMS["LLC"])
        nm = trade_name(rng, isic, form == "EST", f[1], f[2])
        if bad == "quotes":
            nm = (nm[0], nm[1].replace(" Co.", ' "Gold" Co.'))
        reg = "%04d-%02d-%02d" % (rng.randint(2008, 2023), rng.randint(1, 12),
                                  rng.randint(1, 28))
        exp = plus_years(reg, 5) if st == "Expired" else \
            plus_years("2027" + reg[4:], 0, True)
        if st == "Expired":
            reg = "2018" + reg[4:]
            exp = plus_years(reg, 5)
        cap = {"EST": "3000.000", "LLC": "20000.000", "SAOC": "500000.000",
               "LP": "15000.000", "BFC": "150000.000", "WLL": "20000.000"}[form]
        addr = "P.O. Box %d, P.C. %d, %s" % (rng.randint(100, 3999),
                                             rng.choice((111, 112, 113, 130, 133)),
                                             rng.choice(["Ruwi", "Al Khuwair",
                                                         "Ghala", "Al Wadi Al Kabir"]))
        wil = rng.choice(OM_WILAYAT_EN)
        rows.append([cr, src_vat, nm[0], nm[1], form, st, dmy(reg, "-"),
                     dmy(exp, "-"), isic, ISIC[isic][1], cap, addr, wil])
        if bad == "bad-form":
            recs.append(Rec(rows[-1], None, bad_map(
                "legal form 'WLL' (the Bahraini and Qatari term) is not in "
                "the Omani code list", "legalForm", "map.code-unknown")))
            continue
        c = canon("establishment", {
            "identifiers": [{"scheme": "OM-CR", "value": cr, "state": "OM"},
                            {"scheme": "OM-VAT", "value": vat, "state": "OM"}],
            "name": {"ar": nm[0], "en": nm[1]},
            "legalForm": f[0],
            "status": status[st],
            "registrationDate": reg,
            "expiryDate": exp,
            "activities": [{"code": isic, "description": {"en": ISIC[isic][1]}}],
            "capital": {"amount": cap, "currency": "OMR"},
            "addresses": [{"type": "registered", "full": {"en": addr},
                           "city": {"en": wil}, "country": "OMN"}],
        })
        b = None
        if bad == "vat-length":
            b = bad_val("VAT number %s has 9 digits after OM (10 wanted)" % vat,
                        "id.om.vat.length", "/identifiers/1/value")
        recs.append(Rec(rows[-1], c, b, messy))
    return recs, csv_text(OM_CR_COLUMNS, rows)


# ============================================================ Qatar

QA_NUMERIC = {"QAT": "634", "IND": "356", "PHL": "608", "EGY": "818"}
QA_CITY = ["Doha", "Al Rayyan", "Al Wakrah", "Umm Salal", "Al Khor"]


def qa_moi_persons(rng):
    # (sex, nationality, civil status, landline, tawtheeq level, bad)
    plan = [("female", "QAT", "S", False, "L2", None),
            ("male", "QAT", "M", False, "L3", None),
            ("male", "IND", "M", False, None, None),
            ("male", "QAT", "M", False, None, "qid-nationality"),
            ("female", "QAT", "M", True, "L2", None),
            ("female", "PHL", "S", False, None, None),
            ("male", "QAT", "S", False, None, "sex"),
            ("male", "EGY", "D", False, "L1", None)]
    cs = {"S": "single", "M": "married", "D": "divorced", "W": "widowed"}
    lines, recs = [], []
    for sex, nat, ms, land, lvl, bad in plan:
        name = person_name(rng, "QA", sex, nat, arab_chain=False)
        bd = birth(rng)
        qid = qa_qid(rng, bd, QA_NUMERIC["IND" if bad == "qid-nationality"
                                          else nat])
        mob = rng.choice("3567") + digits(rng, 7, "0123456789")
        phones = [("MOBILE", mob)]
        if land:
            phones.append(("LANDLINE", "44" + digits(rng, 6, "0123456789")))
        src_ph = [(t, "00974" + n) for t, n in phones]
        messy = None
        if bad == "qid-nationality":
            src_ph[0] = ("MOBILE", "+974 %s %s" % (mob[:4], mob[4:]))
            messy = "mobile written '%s' (international, spaces)" % src_ph[0][1]
        zone, street, bld = (str(rng.randint(1, 98)), str(rng.randint(100, 999)),
                             str(rng.randint(1, 120)))
        city = rng.choice(QA_CITY)
        mail = email(rng, name["en"]["given"], name["en"]["family"])
        src = {"qid": qid,
               "name": {lang: {k2: name[lang][k] for k, k2 in
                               (("given", "first"), ("father", "father"),
                                ("family", "family")) if k in name[lang]}
                        for lang in ("ar", "en")},
               "dob": bd,
               "sex": "X" if bad == "sex" else ("M" if sex == "male" else "F"),
               "nationality": nat,
               "maritalStatus": ms,
               "addresses": [{"zone": zone, "street": street, "building": bld,
                              "city": city}],
               "phones": [{"type": t, "number": n} for t, n in src_ph],
               "email": mail}
        if lvl:
            src["nas"] = {"provider": "Tawtheeq", "level": lvl}
        lines.append(json.dumps(src, ensure_ascii=False, separators=(",", ":")))
        if bad == "sex":
            recs.append(Rec(src, None, bad_map(
                "sex 'X' is not in the code list (M, F)", "sex",
                "map.code-unknown")))
            continue
        c = canon("person", {
            "identifiers": [{"scheme": "QA-QID", "value": qid, "state": "QA"}],
            "name": name,
            "birthDate": bd,
            "sex": sex,
            "nationality": nat,
            "civilStatus": cs[ms],
            "addresses": [{"type": "home", "building": bld, "road": street,
                           "block": zone, "city": {"en": city},
                           "country": "QAT"}],
            "phones": [{"type": "mobile" if t == "MOBILE" else "home",
                        "number": "+974" + n} for t, n in phones],
            "email": mail,
            "digitalIdentity": {"provider": "Tawtheeq", "assuranceLevel":
                                {"L1": "low", "L2": "substantial",
                                 "L3": "high"}[lvl]} if lvl else None,
        })
        b = None
        if bad == "qid-nationality":
            b = bad_val("QID %s carries nationality 356 (India), nationality "
                        "is QAT" % qid, "xfield.qid-nationality", "/nationality")
        recs.append(Rec(src, c, b, messy))
    return recs, "".join(l + "\n" for l in lines)


QA_FORMS = {"sole-proprietorship": ("مؤسسة فردية", "", " Est."),
            "llc": ("ذ.م.م", "ذ.م.م", "W.L.L."),
            "closed-joint-stock": ("ش.م.ق.خ", "ش.م.ق.خ", "Q.P.S.C."),
            "joint-stock": ("ش.م.ق.ع", "ش.م.ق.ع", "Q.P.S.C."),
            "partnership": ("تضامن", "", ""),
            "limited-partnership": ("توصية بسيطة", "", ""),
            "foreign-branch": ("فرع شركة أجنبية", "", "(Branch)")}
QA_STATUS = {"active": "نشط", "expired": "منتهي", "suspended": "موقوف",
             "struck-off": "ملغي", "under-liquidation": "تحت التصفية"}
QA_ROLE = {"partner": "شريك", "owner": "مالك", "manager": "مدير",
           "shareholder": "مساهم"}


def qa_moci_establishments(rng):
    # (form, status, isics, partners [(role, share)], bad)
    plan = [("llc", "active", ["6201"], [("partner", "51"), ("partner", "49")], None),
            ("sole-proprietorship", "active", ["4711"], [("owner", "100")], None),
            ("llc", "active", ["5610"], [("partner", "60"), ("partner", "60")], "shares"),
            ("closed-joint-stock", "active", ["6810", "6920"], [("shareholder", "80"), ("shareholder", "20")], None),
            ("llc", "expired", ["4520"], [("partner", "50"), ("partner", "50")], None),
            ("llc", "active", ["4100"], [("partner", "70"), ("partner", "30")], "no-cr"),
            ("foreign-branch", "active", ["7110"], [("manager", None)], None),
            ("partnership", "suspended", ["4630"], [("partner", "50"), ("partner", "50")], None)]
    recs = []
    for form, st, isics, partners, bad in plan:
        cr = digits(rng, 6)
        f = QA_FORMS[form]
        nm = trade_name(rng, isics[0], form == "sole-proprietorship", f[1],
                        f[2] if form != "sole-proprietorship" else "")
        reg = "%04d-%02d-%02d" % (rng.randint(2008, 2023), rng.randint(1, 12),
                                  rng.randint(1, 28))
        exp = plus_years("2027" + reg[4:], 0) if st != "expired" else \
            plus_years("2024" + reg[4:], 0)
        cap = {"llc": "200000.00", "sole-proprietorship": "50000.00",
               "closed-joint-stock": "10000000.00", "foreign-branch": "500000.00",
               "partnership": "300000.00"}[form]
        ps = []
        for r, s in partners:
            nat = rng.choice(["QAT", "QAT", "IND", "EGY"])
            nm_p = person_name(rng, "QA", "male", nat, False)
            ps.append({"qid": qa_qid(rng, birth(rng, 1960, 1995), QA_NUMERIC[nat]),
                       "name": full(nm_p["ar"]), "role": r, "share": s})
        bld, street, zone = (str(rng.randint(1, 200)), str(rng.randint(100, 999)),
                             str(rng.randint(1, 98)))
        city = rng.choice(QA_CITY[:3])
        pobox = str(rng.randint(1000, 39999))
        attrs = [] if bad == "no-cr" else [("crNo", cr)]
        attrs.append(("status", QA_STATUS[st]))
        src = E("moci:Establishment", attrs, None, [
            el("moci:Name", nm[0], lang="ar"),
            el("moci:Name", nm[1], lang="en"),
            el("moci:LegalForm", f[0]),
            el("moci:RegistrationDate", reg),
            el("moci:ExpiryDate", exp),
            E("moci:Activities", [], None, [
                E("moci:Activity", [("isic", i)], ISIC[i][0]) for i in isics]),
            E("moci:Capital", [("currency", "QAR")], cap),
            E("moci:Partners", [], None, [
                E("moci:Partner", [("qid", p["qid"]), ("role", QA_ROLE[p["role"]])]
                  + ([("share", p["share"])] if p["share"] else []), p["name"])
                for p in ps]),
            E("moci:Address", [], None, [
                el("moci:Building", bld), el("moci:Street", street),
                el("moci:Zone", zone), el("moci:City", city),
                el("moci:POBox", pobox)]),
        ])
        if bad == "no-cr":
            recs.append(Rec(src, None, bad_map(
                "no crNo attribute", "identifiers[0].value", "map.required")))
            continue
        c = canon("establishment", {
            "identifiers": [{"scheme": "QA-CR", "value": cr, "state": "QA",
                             "issuer": "Ministry of Commerce and Industry"}],
            "name": {"ar": nm[0], "en": nm[1]},
            "legalForm": form,
            "status": st,
            "registrationDate": reg,
            "expiryDate": exp,
            "activities": [{"code": i, "description": {"ar": ISIC[i][0]}}
                           for i in isics],
            "capital": {"amount": cap, "currency": "QAR"},
            "owners": [{"party": {"recordType": "person",
                                  "identifier": {"scheme": "QA-QID",
                                                 "value": p["qid"],
                                                 "state": "QA"},
                                  "name": {"ar": p["name"]}},
                        "role": p["role"], "share": p["share"]} for p in ps],
            "addresses": [{"type": "registered", "building": bld,
                           "road": street, "block": zone, "city": {"en": city},
                           "poBox": pobox, "country": "QAT"}],
        })
        b = None
        if bad == "shares":
            b = bad_val("partners' shares 60 + 60 add up to 120",
                        "xfield.owner-shares", "/owners")
        recs.append(Rec(src, c, b))
    root = E("moci:CommercialRegister", [("xmlns:moci", "urn:qa:moci:cr:export:1"),
                                         ("exportedAt", "2026-11-01T09:00:00+03:00")],
             None, [r.src for r in recs])
    return recs, xml_doc(root)


# ============================================================ Kuwait

KW_PERSON_COLUMNS = ["الرقم المدني", "الاسم الأول", "اسم الأب", "اسم الجد",
                     "اسم العائلة", "تاريخ الميلاد", "الجنس", "الجنسية",
                     "الحالة الاجتماعية", "المنطقة", "القطعة", "الشارع",
                     "المنزل", "الهاتف النقال", "البريد الإلكتروني"]
KW_COUNTRY_AR = {"KWT": "الكويت", "EGY": "مصر", "IND": "الهند"}
KW_AREAS = ["السالمية", "حولي", "الجابرية", "الفروانية", "الرميثية", "مشرف",
            "كيفان"]


def kw_street(rng):
    if rng.random() < 0.5:
        return "شارع %d, جادة %d" % (rng.randint(1, 40), rng.randint(1, 9))
    return rng.choice(["شارع الخليج العربي", "شارع تونس", "شارع بيروت",
                       "شارع عمر بن الخطاب"])


def kw_paci_persons(rng):
    # (sex, nationality, civil status, birth range, bad)
    plan = [("male", "KWT", "married", (1962, 1995), None),
            ("male", "KWT", "single", (1962, 1999), "check"),
            ("female", "KWT", "single", (1980, 1999), None),
            ("male", "EGY", "married", (1962, 1995), None),
            ("male", "EGY", "married", (1962, 1995), "demonym"),
            ("female", "IND", "married", (1962, 1995), None),
            ("male", "KWT", "divorced", (1962, 1995), None),
            ("female", "KWT", "single", (2000, 2004), None)]
    recs, rows = [], []
    for sex, nat, cs, rg, bad in plan:
        name = person_name(rng, "KW", sex, nat)["ar"]
        bd = birth(rng, *rg)
        cid = kw_cid_bad_check(rng, bd) if bad == "check" else kw_cid(rng, bd)
        mob = rng.choice("569") + digits(rng, 7, "0123456789")
        src_mob = mob
        messy = None
        if bad == "check":
            src_mob = "+965 %s %s" % (mob[:4], mob[4:])
            messy = "mobile written '%s' (international, spaces)" % src_mob
        area = rng.choice(KW_AREAS)
        block = str(rng.randint(1, 12))
        street = kw_street(rng)
        house = str(rng.randint(1, 250))
        mail = latin_mail(rng, sex, ["mutairi", "enezi", "rashidi", "ajmi"]) \
            if rng.random() < 0.5 else ""
        src_nat = "مصري" if bad == "demonym" else KW_COUNTRY_AR[nat]
        rows.append([cid, name["given"], name.get("father", ""),
                     name.get("grandfather", ""), name["family"], dmy(bd),
                     SEX_AR[sex], src_nat, CIVIL_AR[cs], area, block, street,
                     house, src_mob, mail])
        if bad == "demonym":
            recs.append(Rec(rows[-1], None, bad_map(
                "nationality written as the demonym مصري, not the country "
                "name مصر of the table", "nationality", "map.lookup-unknown")))
            continue
        c = canon("person", {
            "identifiers": [{"scheme": "KW-CID", "value": cid, "state": "KW"}],
            "name": {"ar": name},
            "birthDate": bd,
            "sex": sex,
            "nationality": nat,
            "civilStatus": cs,
            "addresses": [{"type": "home", "building": house, "road": street,
                           "block": block, "district": {"ar": area},
                           "country": "KWT"}],
            "phones": [{"type": "mobile", "number": "+965" + mob}],
            "email": mail or None,
        })
        b = None
        if bad == "check":
            b = bad_val("civil ID %s: check digit wrong" % cid,
                        "id.kw.cid.check", "/identifiers/0/value")
        recs.append(Rec(rows[-1], c, b, messy))
    return recs, csv_text(KW_PERSON_COLUMNS, rows)


KW_FORMS = {"WLL": ("llc", "ذ.م.م", "W.L.L."),
            "SOLE": ("sole-proprietorship", "", ""),
            "KSCC": ("closed-joint-stock", "ش.م.ك.م", "K.S.C.C."),
            "KSCP": ("joint-stock", "ش.م.ك.ع", "K.S.C.P."),
            "GP": ("partnership", "", ""),
            "LP": ("limited-partnership", "", ""),
            "FB": ("foreign-branch", "", "(Branch)")}
KW_STATUS = {"ACTIVE": "active", "SUSPENDED": "suspended", "EXPIRED": "expired",
             "STRUCK_OFF": "struck-off", "UNDER_LIQUIDATION": "under-liquidation"}
KW_ROLE = {"OWNER": "owner", "PARTNER": "partner", "SHAREHOLDER": "shareholder",
           "MANAGER": "manager"}


def kw_moci_establishments(rng):
    # (form, status, isics, partners [(role, share)], bad)
    plan = [("WLL", "ACTIVE", ["6201"], [("PARTNER", "50"), ("PARTNER", "50")], None),
            ("SOLE", "ACTIVE", ["4711"], [("OWNER", "100")], None),
            ("WLL", "ACTIVE", ["5610"], [("PARTNER", "60"), ("PARTNER", "40")], "cid-date"),
            ("KSCC", "ACTIVE", ["6810"], [("SHAREHOLDER", "75"), ("SHAREHOLDER", "25"), ("MANAGER", None)], None),
            ("WLL", "EXPIRED", ["4520"], [("PARTNER", "50"), ("PARTNER", "50")], None),
            ("SOLE", "ACTIVE", ["4711"], [("OWNER", "100")], "isic"),
            ("FB", "ACTIVE", ["7110"], [("MANAGER", None)], None),
            ("GP", "SUSPENDED", ["4630"], [("PARTNER", "50"), ("PARTNER", "50")], None)]
    recs = []
    for form, st, isics, partners, bad in plan:
        cr = digits(rng, 6)
        f = KW_FORMS[form]
        nm = trade_name(rng, isics[0], form == "SOLE", f[1], f[2])
        reg = "%04d-%02d-%02d" % (rng.randint(2008, 2023), rng.randint(1, 12),
                                  rng.randint(1, 28))
        exp = plus_years("2027" + reg[4:], 0) if st != "EXPIRED" else \
            plus_years("2025" + reg[4:], 0)
        cap = {"WLL": "150000.000", "SOLE": "10000.000", "KSCC": "2500000.000",
               "FB": "250000.000", "GP": "50000.000"}[form]
        ps = []
        for i, (r, s) in enumerate(partners):
            nat = rng.choice(["KWT", "KWT", "EGY"])
            nm_p = person_name(rng, "KW", "male", nat)
            cid = kw_cid(rng, birth(rng, 1960, 1995))
            if bad == "cid-date" and i == 1:
                cid = cid[:3] + "13" + cid[5:]
            ps.append({"cid": cid, "name": full(nm_p["ar"]), "role": r,
                       "share": s})
        acts = [("472" if bad == "isic" else i) for i in isics]
        area = rng.choice(["الشرق", "القبلة", "المرقاب", "الصالحية", "السالمية",
                           "الري"])
        addr = {"building": str(rng.randint(1, 120)),
                "street": rng.choice(["شارع أحمد الجابر", "شارع فهد السالم",
                                      "شارع خالد بن الوليد", "شارع الشهداء"]),
                "block": str(rng.randint(1, 15)), "area": area}
        src = {"crNumber": cr, "nameAr": nm[0], "nameEn": nm[1],
               "entityType": form, "crStatus": st,
               "registrationDate": ymd(reg), "expiryDate": ymd(exp),
               "activities": [{"isicCode": a,
                               "activityAr": ISIC[i][0], "activityEn": ISIC[i][1]}
                              for a, i in zip(acts, isics)],
               "capital": cap,
               "partners": [dict([("civilId", p["cid"]), ("nameAr", p["name"]),
                                  ("role", p["role"])] +
                                 ([("sharePercent", json_num(p["share"]))]
                                  if p["share"]
                                  else [])) for p in ps],
               "address": addr}
        c = canon("establishment", {
            "identifiers": [{"scheme": "KW-CR", "value": cr, "state": "KW",
                             "issuer": "Ministry of Commerce and Industry"}],
            "name": {"ar": nm[0], "en": nm[1]},
            "legalForm": f[0],
            "status": KW_STATUS[st],
            "registrationDate": reg,
            "expiryDate": exp,
            "activities": [{"code": a, "description": {"ar": ISIC[i][0],
                                                       "en": ISIC[i][1]}}
                           for a, i in zip(acts, isics)],
            "capital": {"amount": cap, "currency": "KWD"},
            "owners": [{"party": {"recordType": "person",
                                  "identifier": {"scheme": "KW-CID",
                                                 "value": p["cid"],
                                                 "state": "KW"},
                                  "name": {"ar": p["name"]}},
                        "role": KW_ROLE[p["role"]], "share": p["share"]}
                       for p in ps],
            "addresses": [{"type": "registered", "building": addr["building"],
                           "road": addr["street"], "block": addr["block"],
                           "district": {"ar": area}, "country": "KWT"}],
        })
        b = None
        if bad == "cid-date":
            b = bad_val("second partner's civil ID %s: month 13" % ps[1]["cid"],
                        "id.kw.cid.date", "/owners/1/party/identifier/value")
        elif bad == "isic":
            b = bad_val("ISIC code 472 has 3 digits (a class has 4)",
                        "schema.pattern", "/activities/0/code")
        recs.append(Rec(src, c, b))
    doc = {"status": "OK",
           "meta": {"requestId": "kw-moci-20261101-0001", "page": 1,
                    "total": len(recs)},
           "result": {"companies": [r.src for r in recs]}}
    return recs, json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# ============================================================ GCC portal services

EU_COUNTRY = "http://publications.europa.eu/resource/authority/country/"
EU_CURRENCY = "http://publications.europa.eu/resource/authority/currency/"
A3 = {"BH": "BHR", "SA": "SAU", "AE": "ARE", "OM": "OMN", "QA": "QAT",
      "KW": "KWT"}

SERVICES = [
    # id, state, authority (ar, en), title (ar, en), description (ar, en),
    # channels, costs [(amount, currency, ar, en)], time, audience, online, bad
    ("BH-IGA-0042", "BH",
     ("هيئة المعلومات والحكومة الإلكترونية", "Information & eGovernment Authority"),
     ("تجديد البطاقة الذكية", "Smart card renewal"),
     ("تجديد بطاقة الهوية (البطاقة الذكية) للمواطنين والمقيمين في مملكة البحرين.",
      "Renew the identity card (smart card) of a citizen or resident of Bahrain."),
     ["online", "service-centre"], [("2.000", "BHD", "رسوم التجديد", "Renewal fee")],
     "P3D", ["citizens", "residents"], "fully-online", None),
    ("SA-JAWAZAT-0107", "SA",
     ("المديرية العامة للجوازات", "General Directorate of Passports"),
     ("تجديد جواز السفر", "Passport renewal"),
     ("تجديد جواز السفر السعودي للمواطنين عبر منصة أبشر.",
      "Renew the Saudi passport of a citizen through the Absher platform."),
     ["online", "mobile-app"],
     [("300.00", "SAR", "رسوم جواز لمدة خمس سنوات", "Five-year passport fee")],
     "P7D", ["citizens"], "fully-online", None),
    ("AE-ICP-0015", "AE",
     ("الهيئة الاتحادية للهوية والجنسية والجمارك وأمن المنافذ",
      "Federal Authority for Identity, Citizenship, Customs and Port Security"),
     ("تجديد بطاقة الهوية الإماراتية", "Emirates ID renewal"),
     (None, "Renew the Emirates ID card of a citizen, resident or GCC national."),
     ["online", "mobile-app", "kiosk"],
     [("100.00", "AED", "رسوم البطاقة لسنة واحدة", "Card fee, one year"),
      ("70.00", "AED", None, "Smart services fee")],
     "P2D", ["citizens", "residents", "gcc-nationals"], "fully-online", None),
    ("OM-MOCIIP-0203", "OM",
     ("وزارة التجارة والصناعة وترويج الاستثمار",
      "Ministry of Commerce, Industry and Investment Promotion"),
     ("تجديد السجل التجاري", "Commercial registration renewal"),
     ("تجديد قيد السجل التجاري للمنشآت عبر منصة عُمان للأعمال.",
      "Renew the commercial registration of an establishment on the Oman "
      "Business Platform."),
     ["online"], [("10.000", "OMR", "رسوم التجديد السنوية", "Annual renewal fee")],
     "PT4H", ["businesses"], "fully-online", None),
    ("QA-MOI-0031", "QA", ("وزارة الداخلية", "Ministry of Interior"),
     ("تجديد رخصة الإقامة", "Residence permit renewal"),
     (None, "Renew the residence permit of an expatriate and their family."),
     ["online", "mobile-app"], [("500.00", "QAR", "الرسوم السنوية", "Annual fee")],
     "P1D", ["residents"], "fully-online", None),
    ("KW-PACI-0007", "KW",
     ("الهيئة العامة للمعلومات المدنية", "Public Authority for Civil Information"),
     ("تجديد البطاقة المدنية", "Civil ID card renewal"),
     ("تجديد البطاقة المدنية للمواطنين والمقيمين، والاستلام من أجهزة الخدمة الذاتية.",
      "Renew the civil ID card of a citizen or resident; collect it from a "
      "self-service kiosk."),
     ["online", "kiosk", "service-centre"], [("5.000", "KWD", None, "Card fee")],
     "P7D", ["citizens", "residents"], "partly-online", None),
    (None, "BH", ("وزارة الصحة", "Ministry of Health"),
     ("إصدار شهادة الميلاد", "Birth certificate issue"),
     (None, "Issue a birth certificate for a child born in Bahrain."),
     ["online", "service-centre"], [("1.000", "BHD", None, "Certificate fee")],
     "P2D", ["citizens", "residents"], "fully-online", "no-id"),
    ("KW-MOCI-0112", "KW", ("وزارة التجارة والصناعة", "Ministry of Commerce and Industry"),
     ("إصدار ترخيص تجاري", "Commercial licence issue"),
     (None, "Issue a commercial licence for a new establishment."),
     ["online"], [("10.0000", "KWD", "رسوم الترخيص", "Licence fee")],
     "P5D", ["businesses"], "fully-online", "minor-units"),
]


def lang_values(ar, en):
    out = []
    if ar is not None:
        out.append({"@language": "ar", "@value": ar})
    if en is not None:
        out.append({"@language": "en", "@value": en})
    return out


def gcc_portal_services(rng):
    recs = []
    for (sid, st, auth, title, desc, chans, costs, ptime, aud, onl,
         bad) in SERVICES:
        src = {"@type": "PublicService"}
        if sid:
            src["dct:identifier"] = sid
        src["dct:spatial"] = {"@id": EU_COUNTRY + A3[st]}
        src["cv:hasCompetentAuthority"] = {"skos:prefLabel": lang_values(*auth)}
        src["dct:title"] = lang_values(*title)
        src["dct:description"] = lang_values(*desc)
        src["cv:hasChannel"] = [{"dct:type": {"@id": "channel:" + c}}
                                for c in chans]
        src["cv:hasCost"] = []
        for amount, cur, dar, den in costs:
            cst = {"cv:value": amount, "cv:currency": {"@id": EU_CURRENCY + cur}}
            if dar or den:
                cst["dct:description"] = lang_values(dar, den)
            src["cv:hasCost"].append(cst)
        src["cv:processingTime"] = ptime
        src["gcc:targetGroup"] = [{"@id": "audience:" + a} for a in aud]
        src["gcc:onlineAvailability"] = {"@id": "availability:" + onl}
        if bad == "no-id":
            recs.append(Rec(src, None, bad_map(
                "no dct:identifier", "identifiers[0].value", "map.required")))
            continue
        c = canon("service", {
            "identifiers": [{"scheme": "GCC-SERVICE", "value": sid, "state": st}],
            "state": st,
            "competentAuthority": {"name": {"ar": auth[0], "en": auth[1]}},
            "title": {"ar": title[0], "en": title[1]},
            "description": {"ar": desc[0], "en": desc[1]},
            "channels": chans,
            "costs": [{"value": {"amount": a, "currency": cur},
                       "description": {"ar": dar, "en": den}}
                      for a, cur, dar, den in costs],
            "processingTime": ptime,
            "audience": aud,
            "onlineAvailability": onl,
        })
        b = None
        if bad == "minor-units":
            b = bad_val("cost 10.0000 KWD has 4 decimals (KWD has 3)",
                        "money.minor-units", "/costs/0/value/amount")
        recs.append(Rec(src, c, b))
    doc = {"@context": {
        "cpsv": "http://purl.org/vocab/cpsv#",
        "cv": "http://data.europa.eu/m8g/",
        "dct": "http://purl.org/dc/terms/",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "gcc": "https://portal.gcc.example/def/",
        "channel": "https://portal.gcc.example/def/channel/",
        "audience": "https://portal.gcc.example/def/audience/",
        "availability": "https://portal.gcc.example/def/online-availability/",
        "PublicService": "cpsv:PublicService"},
        "@graph": [r.src for r in recs]}
    return recs, json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# ============================================================ the files

# (state, family, path under OUTDIR, format, builder, mapping)
FILES = [
    ("bh", "person", "states/bh/bh-cpr-persons.xml", "XML, prefixed namespaces cpr: and addr:",
     bh_cpr_persons, "mappings/states/bh/bh-cpr-person.map"),
    ("bh", "establishment", "states/bh/bh-sijilat-establishments.xml",
     "XML, prefixed namespaces cr: and isic:", bh_cr_establishments,
     "mappings/states/bh/bh-cr-establishment.map"),
    ("sa", "person", "states/sa/sa-nic-persons.xml", "XML, prefixed namespace nic:",
     sa_nic_persons, "mappings/states/sa/sa-nic-person.map"),
    ("sa", "establishment", "states/sa/sa-mc-establishments.json",
     "JSON, records at /establishments", sa_mc_establishments,
     "mappings/states/sa/sa-mc-establishment.map"),
    ("ae", "person", "states/ae/ae-icp-persons.json", "JSON, records at /data/persons",
     ae_icp_persons, "mappings/states/ae/ae-icp-person.map"),
    ("ae", "establishment", "states/ae/ae-ded-licences.ndjson", "NDJSON",
     ae_ded_licences, "mappings/states/ae/ae-ded-establishment.map"),
    ("om", "person", "states/om/om-rop-persons.csv", "CSV (RFC 4180, CRLF)",
     om_rop_persons, "mappings/states/om/om-rop-person.map"),
    ("om", "establishment", "states/om/om-moci-establishments.csv",
     "CSV (RFC 4180, CRLF)", om_moci_establishments,
     "mappings/states/om/om-moci-establishment.map"),
    ("qa", "person", "states/qa/qa-moi-persons.ndjson", "NDJSON", qa_moi_persons,
     "mappings/states/qa/qa-moi-person.map"),
    ("qa", "establishment", "states/qa/qa-moci-establishments.xml",
     "XML, prefixed namespace moci:", qa_moci_establishments,
     "mappings/states/qa/qa-moci-establishment.map"),
    ("kw", "person", "states/kw/kw-paci-persons.csv",
     "CSV (RFC 4180, CRLF), Arabic header", kw_paci_persons,
     "mappings/states/kw/kw-paci-person.map"),
    ("kw", "establishment", "states/kw/kw-moci-establishments.json",
     "JSON, records at /result/companies", kw_moci_establishments,
     "mappings/states/kw/kw-moci-establishment.map"),
    ("all", "service", "services/gcc-portal-services.jsonld",
     "JSON-LD (CPSV-AP shape), records at /@graph", gcc_portal_services,
     "mappings/services/gcc-portal-service.map"),
]


def build_all():
    out = []
    for st, fam, path, fmt, fn, mapping in FILES:
        rng = random.Random(SEED + ":" + path)
        recs, text = fn(rng)
        out.append((st, fam, path, fmt, mapping, recs, text))
    return out


def stem(path):
    return os.path.basename(path).split(".")[0]


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def write(path, text):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def write_expected(built, outdir):
    for st, fam, path, fmt, mapping, recs, text in built:
        mapped, rejects, findings = [], [], []
        for n, r in enumerate(recs, 1):
            if r.canon is None:
                rejects.append({"record": n, "target": r.bad["target"],
                                "reason": r.bad["reason"]})
                continue
            mapped.append(dumps(r.canon))
            if r.bad:
                findings.append({"record": n, "line": len(mapped),
                                 "rule": r.bad["rule"],
                                 "pointer": r.bad["pointer"]})
        base = os.path.join(outdir, stem(path))
        write(base + ".ndjson", "".join(m + "\n" for m in mapped))
        write(base + ".rejects.ndjson", "".join(dumps(x) + "\n" for x in rejects))
        write(base + ".findings.ndjson",
              "".join(dumps(x) + "\n" for x in findings))


def tables(built):
    lines = ["| file | state | family | format | records | mapped | rejected by gcx-map | rejected by gcx-validate | mapping |",
             "|---|---|---|---|---|---|---|---|---|"]
    for st, fam, path, fmt, mapping, recs, text in built:
        nrej = sum(1 for r in recs if r.canon is None)
        nval = sum(1 for r in recs if r.canon is not None and r.bad)
        lines.append("| %s | %s | %s | %s | %d | %d | %d | %d | ../%s |" % (
            path, st.upper() if st != "all" else "all six", fam, fmt, len(recs),
            len(recs) - nrej, nrej, nval, mapping))
    lines += ["", "| file | record | what is wrong | caught by | rule / reason | at |",
              "|---|---|---|---|---|---|"]
    for st, fam, path, fmt, mapping, recs, text in built:
        for n, r in enumerate(recs, 1):
            if not r.bad:
                continue
            b = r.bad
            if b["stage"] == "gcx-map":
                lines.append("| %s | %d | %s | gcx-map (record rejected) | `%s` | `%s` |"
                             % (path, n, b["what"], b["reason"], b["target"]))
            else:
                lines.append("| %s | %d | %s | gcx-validate | `%s` | `%s` |"
                             % (path, n, b["what"], b["rule"], b["pointer"]))
    lines += ["", "| file | record | messiness (the record maps; its source does not come back byte for byte) |",
              "|---|---|---|"]
    for st, fam, path, fmt, mapping, recs, text in built:
        for n, r in enumerate(recs, 1):
            if r.messy:
                lines.append("| %s | %d | %s |" % (path, n, r.messy))
    return "\n".join(lines) + "\n"


def main(argv):
    args = argv[1:]
    if args == ["--tables"]:
        sys.stdout.write(tables(build_all()))
        return 0
    if not args or args[0].startswith("-") or len(args) not in (1, 3) or \
            (len(args) == 3 and args[1] != "--expected"):
        sys.stderr.write("usage: generate.py OUTDIR [--expected DIR] | --tables\n")
        return 2
    built = build_all()
    for st, fam, path, fmt, mapping, recs, text in built:
        write(os.path.join(args[0], path), text)
    if len(args) == 3:
        write_expected(built, args[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
