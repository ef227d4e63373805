/* lib/rules_id.c - the rule catalogue, identifier checks and E.164 phones.
 *
 * Personal and establishment identifiers of the six GCC states (Luhn,
 * Kuwait mod 11, embedded birth dates and nationality), and phone numbers.
 * Pure functions over (pointer, length): no allocation, no global state.
 */
#include "internal.h"
#include "rules_internal.h"

#include <gcx/rules.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <unicode/uchar.h>

/* ----------------------------------------------------------- catalogue */

#define E GCX_SEV_ERROR
#define W GCX_SEV_WARNING
#define I GCX_SEV_INFO

/* Sorted by strcmp (bsearch below; a unit test checks the order). */
static const gcx_rule_info rules[] = {
    {"code.country", E, "country code not in the ISO 3166-1 table"},
    {"code.currency", E, "currency code not in the ISO 4217 table"},
    {"date.calendar", E, "date does not exist in the Gregorian calendar"},
    {"date.datetime", E, "not an ISO 8601 date-time with an offset"},
    {"date.format", E, "date is not written YYYY-MM-DD"},
    {"date.future", E, "date is after today"},
    {"date.hijri-invalid", E, "Hijri date malformed or does not exist"},
    {"date.hijri-mismatch", E, "Hijri and Gregorian dates disagree"},
    {"date.hijri-range", W, "Umm al-Qura date outside 1300-1600 AH"},
    {"iban.bban", E, "IBAN BBAN does not follow the country's format"},
    {"iban.chars", E, "IBAN has characters other than A-Z and 0-9"},
    {"iban.checksum", E, "IBAN fails the ISO 7064 mod 97-10 check"},
    {"iban.country", E, "IBAN country code unknown"},
    {"iban.length", E, "IBAN length wrong for its country"},
    {"id.ae.eid.digits", E, "Emirates ID has a non-digit"},
    {"id.ae.eid.length", E, "Emirates ID is not 15 digits"},
    {"id.ae.eid.luhn", E, "Emirates ID Luhn check digit wrong"},
    {"id.ae.eid.prefix", E, "Emirates ID does not start with 784"},
    {"id.ae.tl.chars", E, "UAE trade licence: bad UTF-8 or control"},
    {"id.ae.tl.empty", E, "UAE trade licence is empty"},
    {"id.ae.trn.digits", E, "UAE TRN has a non-digit"},
    {"id.ae.trn.length", E, "UAE TRN is not 15 digits"},
    {"id.bh.cpr.digits", E, "Bahrain CPR has a non-digit"},
    {"id.bh.cpr.length", E, "Bahrain CPR is not 9 digits"},
    {"id.bh.cpr.month", E, "Bahrain CPR birth month not 01-12"},
    {"id.bh.cr.format", E, "Bahrain CR not digits[-branch]"},
    {"id.bh.cr.length", I, "Bahrain CR main number not 6 digits"},
    {"id.kw.cid.century", E, "Kuwait civil ID century digit not 2/3"},
    {"id.kw.cid.check", E, "Kuwait civil ID check digit wrong"},
    {"id.kw.cid.check-zero", W, "Kuwait civil ID: disputed check digit 0"},
    {"id.kw.cid.date", E, "Kuwait civil ID birth date does not exist"},
    {"id.kw.cid.digits", E, "Kuwait civil ID has a non-digit"},
    {"id.kw.cid.length", E, "Kuwait civil ID is not 12 digits"},
    {"id.kw.cr.chars", E, "Kuwait CR: bad UTF-8 or control"},
    {"id.kw.cr.empty", E, "Kuwait CR is empty"},
    {"id.om.civil.digits", E, "Oman civil number has a non-digit"},
    {"id.om.civil.length", W, "Oman civil number length unexpected"},
    {"id.om.vat.digits", E, "Oman VAT number: non-digit after OM"},
    {"id.om.vat.length", E, "Oman VAT number is not OM + 10 digits"},
    {"id.om.vat.prefix", E, "Oman VAT number does not start with OM"},
    {"id.qa.cr.chars", E, "Qatar CR: bad UTF-8 or control"},
    {"id.qa.cr.empty", E, "Qatar CR is empty"},
    {"id.qa.qid.century", E, "Qatar ID century digit not 2/3"},
    {"id.qa.qid.digits", E, "Qatar ID has a non-digit"},
    {"id.qa.qid.length", E, "Qatar ID is not 11 digits"},
    {"id.qa.qid.nationality-code", W, "Qatar ID nationality code unknown"},
    {"id.sa.cr.digits", E, "Saudi CR has a non-digit"},
    {"id.sa.cr.length", E, "Saudi CR is not 10 digits"},
    {"id.sa.iqama.digits", E, "Iqama number has a non-digit"},
    {"id.sa.iqama.length", E, "Iqama number is not 10 digits"},
    {"id.sa.iqama.luhn", W, "Iqama number Luhn check digit wrong"},
    {"id.sa.iqama.prefix", E, "Iqama number does not start with 2"},
    {"id.sa.nid.digits", E, "Saudi national ID has a non-digit"},
    {"id.sa.nid.length", E, "Saudi national ID is not 10 digits"},
    {"id.sa.nid.luhn", W, "Saudi national ID Luhn check digit wrong"},
    {"id.sa.nid.prefix", E, "Saudi national ID does not start with 1"},
    {"id.sa.unn.digits", E, "Saudi unified number has a non-digit"},
    {"id.sa.unn.length", E, "Saudi unified number is not 10 digits"},
    {"id.sa.unn.prefix", E, "Saudi unified number does not start with 7"},
    {"id.sa.vat.digits", E, "Saudi VAT number has a non-digit"},
    {"id.sa.vat.length", E, "Saudi VAT number is not 15 digits"},
    {"id.sa.vat.prefix", E, "Saudi VAT number does not start with 3"},
    {"id.scheme.unknown", E, "identifier scheme unknown"},
    {"money.currency", E, "currency code unknown"},
    {"money.format", E, "amount is not a plain decimal string"},
    {"money.minor-units", E, "more decimals than the currency allows"},
    {"phone.country", E, "phone number lacks the state's country code"},
    {"phone.format", E, "phone number is not E.164"},
    {"phone.length", W, "phone number length unusual for the state"},
    {"text.control", E, "text contains a control character"},
    {"text.nfc", E, "text is not in Unicode NFC"},
    {"text.script", W, "letter of another script"},
    {"text.utf8", E, "text is not well-formed UTF-8"},
};

#undef E
#undef W
#undef I

const gcx_rule_info *gcx_rules_list(size_t *count)
{
    if (count)
        *count = sizeof rules / sizeof rules[0];
    return rules;
}

static int rule_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const gcx_rule_info *)elem)->id);
}

const gcx_rule_info *gcx_rules_lookup(const char *id)
{
    if (!id)
        return NULL;
    return bsearch(id, rules, sizeof rules / sizeof rules[0],
                   sizeof rules[0], rule_cmp);
}

/* ------------------------------------------------------------ findings */

/* --------------------------------------------------------------- dates */

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};

    if (m < 1 || m > 12)
        return 0;
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* current_year: the Gregorian year now in UTC, without gmtime (days since
 * the epoch to a civil date, H. Hinnant's algorithm). */
static int current_year(void)
{
    long long z = (long long)time(NULL) / 86400 + 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    long long m = mp < 10 ? mp + 3 : mp - 9;

    return (int)(yoe + era * 400 + (m <= 2));
}

/* --------------------------------------------------------- identifiers */

enum scheme_kind {
    K_LUHN10,   /* SA-NID, SA-IQAMA */
    K_EID,
    K_CPR,
    K_KWCID,
    K_QID,
    K_OMCIVIL,
    K_DIGITS,   /* fixed length, optional first digit */
    K_OMVAT,
    K_BHCR,
    K_TEXT
};

typedef struct scheme {
    const char *code;
    const char *rule;     /* rule id prefix */
    enum scheme_kind kind;
    unsigned length;      /* digits, for fixed-length kinds */
    char first;           /* required first digit, or 0 */
    const char *en;
    const char *ar;
} scheme;

static const scheme schemes[] = {
    {"SA-NID", "id.sa.nid", K_LUHN10, 10, '1', "Saudi national ID",
     "رقم الهوية الوطنية السعودية"},
    {"SA-IQAMA", "id.sa.iqama", K_LUHN10, 10, '2', "Saudi Iqama number",
     "رقم الإقامة السعودية"},
    {"AE-EID", "id.ae.eid", K_EID, 15, 0, "Emirates ID",
     "رقم الهوية الإماراتية"},
    {"BH-CPR", "id.bh.cpr", K_CPR, 9, 0, "Bahrain CPR number",
     "الرقم الشخصي البحريني"},
    {"KW-CID", "id.kw.cid", K_KWCID, 12, 0, "Kuwait civil ID",
     "الرقم المدني الكويتي"},
    {"QA-QID", "id.qa.qid", K_QID, 11, 0, "Qatar ID",
     "رقم البطاقة الشخصية القطرية"},
    {"OM-CIVIL", "id.om.civil", K_OMCIVIL, 0, 0, "Oman civil number",
     "الرقم المدني العماني"},
    {"SA-CR", "id.sa.cr", K_DIGITS, 10, 0,
     "Saudi commercial registration number",
     "رقم السجل التجاري السعودي"},
    {"SA-UNN", "id.sa.unn", K_DIGITS, 10, '7', "Saudi unified national number",
     "الرقم الوطني الموحد للمنشأة"},
    {"SA-VAT", "id.sa.vat", K_DIGITS, 15, '3', "Saudi VAT number",
     "الرقم الضريبي السعودي"},
    {"OM-VAT", "id.om.vat", K_OMVAT, 10, 0, "Oman VAT number",
     "الرقم الضريبي العماني"},
    {"AE-TRN", "id.ae.trn", K_DIGITS, 15, 0, "UAE tax registration number",
     "رقم التسجيل الضريبي الإماراتي"},
    {"BH-CR", "id.bh.cr", K_BHCR, 0, 0,
     "Bahrain commercial registration number",
     "رقم السجل التجاري البحريني"},
    {"KW-CR", "id.kw.cr", K_TEXT, 0, 0,
     "Kuwait commercial registration number",
     "رقم السجل التجاري الكويتي"},
    {"QA-CR", "id.qa.cr", K_TEXT, 0, 0,
     "Qatar commercial registration number",
     "رقم السجل التجاري القطري"},
    {"AE-TL", "id.ae.tl", K_TEXT, 0, 0, "UAE trade licence number",
     "رقم الرخصة التجارية الإماراتية"},
};

static const scheme *find_scheme(const char *code)
{
    size_t i;

    if (!code)
        return NULL;
    for (i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
        if (strcmp(schemes[i].code, code) == 0)
            return &schemes[i];
    return NULL;
}

/* fail: start a finding for rule "<scheme prefix>.<kind>". */
static int fail(gcx_finding_text *out, const scheme *sc, const char *kind)
{
    char id[64];

    if (!out)
        return 1;
    snprintf(id, sizeof id, "%s.%s", sc->rule, kind);
    return gcxi_report(out, id);
}

/* check_digits: every byte from start on is an ASCII digit, else a
 * ".digits" finding naming the first other character. */
static int check_digits(const scheme *sc, const char *v, size_t len,
                        size_t start, gcx_finding_text *out)
{
    size_t i, at;
    char what[24];

    for (i = start; i < len; i++)
        if (v[i] < '0' || v[i] > '9')
            break;
    if (i == len)
        return 0;
    fail(out, sc, "digits");
    if (out) {
        gcxi_describe(v, len, i, what, sizeof what, &at);
        gcxi_put_en(out, "%s: only the digits 0-9 are allowed; found %s at "
                    "position %zu", sc->en, what, at);
        gcxi_put_ar(out, "%s: لا يُسمح إلا بالأرقام 0-9؛ "
                    "وُجد %s في الموضع %zu",
                    sc->ar, what, at);
    }
    return 1;
}

static int check_length(const scheme *sc, size_t len, unsigned want,
                        gcx_finding_text *out)
{
    if (len == want)
        return 0;
    fail(out, sc, "length");
    gcxi_put_en(out, "%s: must have %u digits, found %zu", sc->en, want, len);
    gcxi_put_ar(out, "%s: يجب أن يكون عدد الأرقام %u، "
                "والموجود %zu", sc->ar, want, len);
    return 1;
}

static int check_first(const scheme *sc, const char *v, const char *want,
                       gcx_finding_text *out)
{
    size_t n = strlen(want);

    if (memcmp(v, want, n) == 0)
        return 0;
    fail(out, sc, "prefix");
    gcxi_put_en(out,
        "%s: must start with %s, found %.*s", sc->en, want, (int)n,
        v);
    gcxi_put_ar(out,
        "%s: يجب أن يبدأ بـ %s، والموجود %.*s",
        sc->ar, want, (int)n, v);
    return 1;
}

/* luhn_digit: the Luhn check digit for the n ASCII digits at d. */
static int luhn_digit(const char *d, size_t n)
{
    int sum = 0, dbl = 1;
    size_t i;

    for (i = n; i-- > 0; dbl = !dbl) {
        int x = d[i] - '0';

        if (dbl && (x *= 2) > 9)
            x -= 9;
        sum += x;
    }
    return (10 - sum % 10) % 10;
}

static int check_luhn(const scheme *sc, const char *v, size_t len,
                      gcx_finding_text *out)
{
    int want = luhn_digit(v, len - 1), got = v[len - 1] - '0';

    if (want == got)
        return 0;
    fail(out, sc, "luhn");
    gcxi_put_en(out,
        "%s: Luhn check digit should be %d, found %d", sc->en, want,
        got);
    gcxi_put_ar(out,
        "%s: رقم التحقق (خوارزمية لون) يجب "
        "أن يكون %d، والموجود %d",
        sc->ar, want, got);
    return 1;
}

static int check_century(const scheme *sc, const char *v,
                         gcx_finding_text *out)
{
    if (v[0] == '2' || v[0] == '3')
        return 0;
    fail(out, sc, "century");
    gcxi_put_en(out,
        "%s: first digit (century) must be 2 or 3, found %c", sc->en,
        v[0]);
    gcxi_put_ar(out,
        "%s: الرقم الأول (القرن) يجب أن يكون "
        "2 أو 3، والموجود %c",
        sc->ar, v[0]);
    return 1;
}

static int num2(const char *d)
{
    return (d[0] - '0') * 10 + (d[1] - '0');
}

/* Kuwait civil ID: C YYMMDD SSSS K, weights on digits 1-11. */
static int check_kwcid(const scheme *sc, const char *v,
                       gcx_finding_text *out)
{
    static const int w[11] = {2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int y, m, d, sum = 0, r, k, i;

    if (check_century(sc, v, out))
        return 1;
    y = (v[0] == '2' ? 1900 : 2000) + num2(v + 1);
    m = num2(v + 3);
    d = num2(v + 5);
    if (d < 1 || d > month_days(y, m)) {
        fail(out, sc, "date");
        gcxi_put_en(out,
            "%s: birth date %04d-%02d-%02d does not exist", sc->en,
            y, m, d);
        gcxi_put_ar(out, "%s: تاريخ الميلاد %04d-%02d-%02d غير "
                    "موجود", sc->ar, y, m, d);
        return 1;
    }
    for (i = 0; i < 11; i++)
        sum += (v[i] - '0') * w[i];
    r = sum % 11;
    k = v[11] - '0';
    if (r == 0 && k == 0) {
        fail(out, sc, "check-zero");
        gcxi_put_en(out, "%s: check digit 0 for remainder 0 is disputed: "
                    "some issuers accept it, the formula 11 - r gives "
                    "none", sc->en);
        gcxi_put_ar(out,
            "%s: رقم التحقق 0 عند باقي 0 مختلف "
            "عليه: تقبله بعض الجهات ولا تعطيه "
            "الصيغة 11 - الباقي", sc->ar);
        return 1;
    }
    if (r <= 1) {
        fail(out, sc, "check");
        gcxi_put_en(out, "%s: no check digit is valid for these digits "
                    "(remainder %d), found %d", sc->en, r, k);
        gcxi_put_ar(out, "%s: لا يصح أي رقم تحقق لهذه "
                    "الأرقام (الباقي %d)، "
                    "والموجود %d", sc->ar, r, k);
        return 1;
    }
    if (k != 11 - r) {
        fail(out, sc, "check");
        gcxi_put_en(out,
            "%s: check digit should be %d, found %d", sc->en, 11 - r,
            k);
        gcxi_put_ar(out, "%s: رقم التحقق يجب أن يكون %d، "
                    "والموجود %d", sc->ar, 11 - r, k);
        return 1;
    }
    return 0;
}

/* Bahrain CR: digits, optionally "-" and branch digits. */
static int check_bhcr(const scheme *sc, const char *v, size_t len,
                      gcx_finding_text *out)
{
    size_t i = 0, main_len, branch = 0;

    while (i < len && v[i] >= '0' && v[i] <= '9')
        i++;
    main_len = i;
    if (i < len && v[i] == '-') {
        for (i++; i < len && v[i] >= '0' && v[i] <= '9'; i++)
            branch++;
    }
    if (main_len == 0 || main_len > 12 || i != len ||
        (main_len < len && (branch == 0 || branch > 4))) {
        fail(out, sc, "format");
        gcxi_put_en(out,
            "%s: must be digits, optionally followed by '-' and a "
            "branch number of 1 to 4 digits", sc->en);
        gcxi_put_ar(out,
            "%s: يجب أن يتكون من أرقام، يليها "
            "اختياريًا '-' ورقم فرع "
            "من 1 إلى 4 أرقام", sc->ar);
        return 1;
    }
    if (main_len != 6) {
        fail(out, sc, "length");
        gcxi_put_en(out, "%s: main number has %zu digits; usually 6", sc->en,
                    main_len);
        gcxi_put_ar(out, "%s: الرقم الرئيسي من %zu أرقام، "
                    "والمعتاد 6", sc->ar, main_len);
        return 1;
    }
    return 0;
}

/* Free text (KW-CR, QA-CR, AE-TL): not blank, UTF-8, no control. */
static int check_text(const scheme *sc, const char *v, size_t len,
                      gcx_finding_text *out)
{
    const unsigned char *s = (const unsigned char *)v;
    size_t i = 0, n, at;
    int blank = 1;
    uint32_t cp;
    char what[24];

    while (i < len) {
        n = gcxi_utf8_check(s + i, len - i, &cp);
        if (n == 0 || u_charType((UChar32)cp) == U_CONTROL_CHAR) {
            fail(out, sc, "chars");
            if (out) {
                gcxi_describe(v, len, i, what, sizeof what, &at);
                gcxi_put_en(out, "%s: %s %s at position %zu", sc->en,
                            n ? "control character" : "malformed UTF-8", what,
                            at);
                gcxi_put_ar(out, "%s: %s %s في الموضع %zu", sc->ar,
                            n ? "محرف تحكم" : "UTF-8 غير صالح",
                            what, at);
            }
            return 1;
        }
        if (blank && !u_isUWhiteSpace((UChar32)cp) && cp != 0xFEFF)
            blank = 0;
        i += n;
    }
    if (blank) {
        fail(out, sc, "empty");
        gcxi_put_en(out, "%s: must not be empty or blank", sc->en);
        gcxi_put_ar(out, "%s: يجب ألا يكون فارغًا", sc->ar);
        return 1;
    }
    return 0;
}

/* printable: s is short printable ASCII, safe to echo in a message. */
static int printable(const char *s)
{
    size_t i;

    if (!s)
        return 0;
    for (i = 0; s[i]; i++)
        if (i >= 40 || s[i] < 0x20 || s[i] >= 0x7F || s[i] == '"')
            return 0;
    return 1;
}

void gcx_rules_options_default(gcx_rules_options *opt)
{
    opt->codes = NULL;
    opt->om_civil_min = 8;
    opt->om_civil_max = 8;
}

int gcx_rules_identifier(const gcx_rules_options *opt, const char *scheme_code,
                         const char *v, size_t len, gcx_finding_text *out)
{
    gcx_rules_options defaults;
    const scheme *sc = find_scheme(scheme_code);
    char prefix[2];

    if (!v && len)
        return -GCX_E_USAGE;
    if (!v)
        v = "";
    if (!opt) {
        gcx_rules_options_default(&defaults);
        opt = &defaults;
    }
    if (!sc) {
        const char *name = printable(scheme_code) ? scheme_code : "?";

        gcxi_report(out, "id.scheme.unknown");
        gcxi_put_en(out, "unknown identifier scheme \"%.40s\"", name);
        gcxi_put_ar(out, "نظام المعرّف \"%.40s\" غير معروف",
                    name);
        return 1;
    }
    switch (sc->kind) {
    case K_LUHN10:
    case K_EID:
    case K_CPR:
    case K_KWCID:
    case K_QID:
    case K_DIGITS:
        if (check_digits(sc, v, len, 0, out) ||
            check_length(sc, len, sc->length, out))
            return 1;
        prefix[0] = sc->first;
        prefix[1] = '\0';
        if (sc->first && check_first(sc, v, prefix, out))
            return 1;
        break;
    case K_OMCIVIL:
        if (check_digits(sc, v, len, 0, out))
            return 1;
        if (len == 0 || len < opt->om_civil_min || len > opt->om_civil_max) {
            fail(out, sc, "length");
            gcxi_put_en(out, "%s: expected %u to %u digits, found %zu", sc->en,
                        opt->om_civil_min, opt->om_civil_max, len);
            gcxi_put_ar(out,
                "%s: المتوقع من %u إلى %u أرقام، "
                "والموجود %zu", sc->ar, opt->om_civil_min,
                opt->om_civil_max, len);
            return 1;
        }
        return gcxi_pass(out);
    case K_OMVAT:
        if (len < 2 || v[0] != 'O' || v[1] != 'M') {
            fail(out, sc, "prefix");
            gcxi_put_en(out, "%s: must start with OM", sc->en);
            gcxi_put_ar(out, "%s: يجب أن يبدأ بـ OM", sc->ar);
            return 1;
        }
        if (check_digits(sc, v, len, 2, out))
            return 1;
        if (len != 12) {
            fail(out, sc, "length");
            gcxi_put_en(out, "%s: must be OM and 10 digits, found %zu digits",
                        sc->en, len - 2);
            gcxi_put_ar(out,
                "%s: يجب أن يتكون من OM و10 أرقام، "
                "والموجود %zu",
                sc->ar, len - 2);
            return 1;
        }
        return gcxi_pass(out);
    case K_BHCR:
        return check_bhcr(sc, v, len, out) ? 1 : gcxi_pass(out);
    case K_TEXT:
        return check_text(sc, v, len, out) ? 1 : gcxi_pass(out);
    }
    switch (sc->kind) {
    case K_LUHN10:
        return check_luhn(sc, v, len, out) ? 1 : gcxi_pass(out);
    case K_EID:
        if (check_first(sc, v, "784", out) || check_luhn(sc, v, len, out))
            return 1;
        return gcxi_pass(out);
    case K_CPR: {
        int m = num2(v + 2);

        if (m < 1 || m > 12) {
            fail(out, sc, "month");
            gcxi_put_en(out, "%s: birth month %02d is not 01-12", sc->en, m);
            gcxi_put_ar(out,
                "%s: شهر الميلاد %02d ليس بين 01 و12",
                sc->ar, m);
            return 1;
        }
        return gcxi_pass(out);
    }
    case K_KWCID:
        return check_kwcid(sc, v, out) ? 1 : gcxi_pass(out);
    case K_QID:
        if (check_century(sc, v, out))
            return 1;
        if (opt->codes &&
            !gcx_codes_country_numeric(opt->codes, v + 3, 3)) {
            fail(out, sc, "nationality-code");
            gcxi_put_en(out, "%s: nationality code %.3s is not an ISO 3166 "
                        "numeric country code", sc->en, v + 3);
            gcxi_put_ar(out, "%s: رمز الجنسية %.3s ليس رمز "
                        "دولة رقميًا في "
                        "ISO 3166", sc->ar, v + 3);
            return 1;
        }
        return gcxi_pass(out);
    default:
        return gcxi_pass(out);
    }
}

static int all_digits(const char *v, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (v[i] < '0' || v[i] > '9')
            return 0;
    return 1;
}

int gcx_rules_identifier_birth(const char *scheme_code, const char *v,
                               size_t len, int ref_year, int *year,
                               int *month, int *day)
{
    const scheme *sc = find_scheme(scheme_code);
    int y = 0, m = 0, d = 0, mask = 0;

    if (sc && v && len == sc->length && all_digits(v, len)) {
        switch (sc->kind) {
        case K_EID:
            y = num2(v + 3) * 100 + num2(v + 5);
            mask = GCX_BIRTH_YEAR;
            break;
        case K_CPR:
            m = num2(v + 2);
            if (m < 1 || m > 12) {
                m = 0;
                break;
            }
            if (ref_year == 0)
                ref_year = current_year();
            y = 2000 + num2(v);
            if (y > ref_year)
                y -= 100;
            mask = GCX_BIRTH_YEAR | GCX_BIRTH_MONTH;
            break;
        case K_KWCID:
            if (v[0] != '2' && v[0] != '3')
                break;
            y = (v[0] == '2' ? 1900 : 2000) + num2(v + 1);
            m = num2(v + 3);
            d = num2(v + 5);
            if (d < 1 || d > month_days(y, m)) {
                y = m = d = 0;
                break;
            }
            mask = GCX_BIRTH_YEAR | GCX_BIRTH_MONTH | GCX_BIRTH_DAY;
            break;
        case K_QID:
            if (v[0] != '2' && v[0] != '3')
                break;
            y = (v[0] == '2' ? 1900 : 2000) + num2(v + 1);
            mask = GCX_BIRTH_YEAR;
            break;
        default:
            break;
        }
    }
    if (year)
        *year = y;
    if (month)
        *month = m;
    if (day)
        *day = d;
    return mask;
}

int gcx_rules_identifier_nationality(const gcx_codes *codes,
                                     const char *scheme_code, const char *v,
                                     size_t len, char alpha3[4])
{
    const scheme *sc = find_scheme(scheme_code);

    alpha3[0] = '\0';
    if (!sc || !v || len != sc->length || !all_digits(v, len))
        return GCX_NATIONALITY_UNKNOWN;
    if (sc->kind == K_LUHN10 && (v[0] == '1' || v[0] == '2')) {
        memcpy(alpha3, "SAU", 4);
        return v[0] == '1' ? GCX_NATIONALITY_IS : GCX_NATIONALITY_IS_NOT;
    }
    if (sc->kind == K_QID && codes) {
        const gcx_country *c = gcx_codes_country_numeric(codes, v + 3, 3);

        if (c) {
            memcpy(alpha3, c->alpha3, 4);
            return GCX_NATIONALITY_IS;
        }
    }
    return GCX_NATIONALITY_UNKNOWN;
}

/* --------------------------------------------------------------- phone */

typedef struct phone_state {
    char alpha2[3];
    const char *code;     /* E.164 country code */
    unsigned min, max;    /* national significant number length */
    const char *en;
    const char *ar;
} phone_state;

static const phone_state phone_states[] = {
    {"SA", "966", 9, 9, "Saudi Arabia", "السعودية"},
    {"AE", "971", 8, 9, "the UAE", "الإمارات"},
    {"BH", "973", 8, 8, "Bahrain", "البحرين"},
    {"KW", "965", 8, 8, "Kuwait", "الكويت"},
    {"QA", "974", 8, 8, "Qatar", "قطر"},
    {"OM", "968", 8, 8, "Oman", "عُمان"},
};

int gcx_rules_phone(const char *v, size_t len, const char *state,
                    gcx_finding_text *out)
{
    const phone_state *ps = NULL;
    size_t i, digits, cc, at;
    char what[24];

    if (!v && len)
        return -GCX_E_USAGE;
    if (len == 0 || v[0] != '+') {
        gcxi_report(out, "phone.format");
        gcxi_put_en(out,
            "phone number must start with '+' (E.164 international "
            "format)");
        gcxi_put_ar(out, "يجب أن يبدأ رقم الهاتف بـ '+' "
                    "(الصيغة الدولية E.164)");
        return 1;
    }
    for (i = 1; i < len; i++)
        if (v[i] < '0' || v[i] > '9') {
            gcxi_report(out, "phone.format");
            if (out) {
                gcxi_describe(v, len, i, what, sizeof what, &at);
                gcxi_put_en(out,
                    "phone number must have only digits after '+'; "
                    "found %s at position %zu", what, at);
                gcxi_put_ar(out,
                    "يجب ألا يحتوي رقم الهاتف "
                    "إلا على أرقام بعد '+'؛ "
                    "وُجد %s في الموضع %zu", what, at);
            }
            return 1;
        }
    digits = len - 1;
    if (digits < 7 || digits > 15) {
        gcxi_report(out, "phone.format");
        gcxi_put_en(out, "phone number must have 7 to 15 digits, found %zu",
                    digits);
        gcxi_put_ar(out, "يجب أن يكون عدد أرقام الهاتف "
                    "بين 7 و15، والموجود %zu",
                    digits);
        return 1;
    }
    if (v[1] == '0') {
        gcxi_report(out, "phone.format");
        gcxi_put_en(out, "phone number: a country code cannot start with 0");
        gcxi_put_ar(out,
            "رقم الهاتف: لا يبدأ رمز الدولة "
            "بالصفر");
        return 1;
    }
    if (state)
        for (i = 0; i < sizeof phone_states / sizeof phone_states[0]; i++)
            if (strcmp(phone_states[i].alpha2, state) == 0)
                ps = &phone_states[i];
    if (!ps)
        return gcxi_pass(out);
    cc = strlen(ps->code);
    if (memcmp(v + 1, ps->code, cc) != 0) {
        gcxi_report(out, "phone.country");
        gcxi_put_en(out, "phone number for %s must start with +%s", ps->en,
                    ps->code);
        gcxi_put_ar(out, "يجب أن يبدأ رقم الهاتف في %s "
                    "بـ +%s", ps->ar, ps->code);
        return 1;
    }
    digits -= cc;
    if (digits < ps->min || digits > ps->max) {
        gcxi_report(out, "phone.length");
        if (ps->min == ps->max) {
            gcxi_put_en(out, "phone numbers in %s have %u digits after +%s, "
                        "found %zu", ps->en, ps->min, ps->code, digits);
            gcxi_put_ar(out,
                "أرقام الهاتف في %s من %u أرقام "
                "بعد +%s، والموجود "
                "%zu", ps->ar, ps->min, ps->code, digits);
        } else {
            gcxi_put_en(out,
                "phone numbers in %s have %u or %u digits after +%s, "
                "found %zu", ps->en, ps->min, ps->max, ps->code, digits);
            gcxi_put_ar(out, "أرقام الهاتف في %s من %u أو %u "
                        "أرقام بعد +%s، "
                        "والموجود %zu", ps->ar, ps->min, ps->max,
                        ps->code, digits);
        }
        return 1;
    }
    return gcxi_pass(out);
}
