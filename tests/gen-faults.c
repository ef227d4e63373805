/* tests/gen-faults.c - deterministic canonical records for gcx-validate:
 * valid persons in any number (the benchmark), and a corpus where each
 * faulty record breaks exactly one rule, with the expected rule and JSON
 * Pointer of every finding (tests/validate-corpus.sh).
 *
 *   gen-faults persons N [SEED]       N valid person records, NDJSON
 *   gen-faults corpus OUT EXPECTED    the corpus, and "N<TAB>rule<TAB>ptr"
 *
 * Valid records are valid for --today 2025-06-01 (and any later date).
 * Plain C, no library: it must not share the validator's bugs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ random */

static unsigned long long rng_state;

static unsigned long long rng(void)
{
    unsigned long long z = (rng_state += 0x9E3779B97F4A7C15ull);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static int pick(int n)
{
    return (int)(rng() % (unsigned long long)n);
}

static void digits(char *out, int n)
{
    int i;

    for (i = 0; i < n; i++)
        out[i] = (char)('0' + pick(10));
    out[n] = '\0';
}

/* ------------------------------------------------------- check digits */

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

/* luhn_id: prefix + random digits to len-1, then the Luhn digit. */
static void luhn_id(char *out, const char *prefix, size_t len)
{
    size_t p = strlen(prefix);

    memcpy(out, prefix, p);
    digits(out + p, (int)(len - 1 - p));
    out[len - 1] = (char)('0' + luhn_digit(out, len - 1));
    out[len] = '\0';
}

/* kw_remainder: Kuwait civil ID weights over the first 11 digits. */
static int kw_remainder(const char *d)
{
    static const int w[11] = {2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int i, sum = 0;

    for (i = 0; i < 11; i++)
        sum += (d[i] - '0') * w[i];
    return sum % 11;
}

/* kw_cid: a civil ID for the date, with a check digit (zero: one whose
 * remainder is 0 and check digit 0, the disputed case). */
static void kw_cid(char *out, int y, int m, int d, int zero)
{
    int r;

    for (;;) {
        sprintf(out, "%c%02d%02d%02d", y < 2000 ? '2' : '3', y % 100, m, d);
        digits(out + 7, 4);
        r = kw_remainder(out);
        if (zero ? r == 0 : r > 1)
            break;
    }
    out[11] = (char)('0' + (zero ? 0 : 11 - r));
    out[12] = '\0';
}

/* ------------------------------------------------------------- people */

static const char *const ar_given[] = {
    "محمد", "أحمد", "عبدالله", "خالد", "سعد",
    "فهد", "علي", "يوسف", "فاطمة", "مريم",
    "نورة", "عائشة", "سارة", "هند", "ليلى",
    "منى"};
static const char *const en_given[] = {
    "Mohammed", "Ahmed", "Abdullah", "Khalid", "Saad", "Fahad", "Ali",
    "Yousef", "Fatima", "Maryam", "Noura", "Aisha", "Sara", "Hind",
    "Layla", "Muna"};
static const char *const ar_family[] = {
    "القحطاني", "العتيبي", "الدوسري", "المنصوري",
    "الكعبي", "البلوشي", "الهاجري", "العنزي"};
static const char *const en_family[] = {
    "Al-Qahtani", "Al-Otaibi", "Al-Dosari", "Al Mansoori", "Al Kaabi",
    "Al Balushi", "Al-Hajri", "Al-Anazi"};

typedef struct state {
    const char *a2, *a3, *cc;
    int nsn;                 /* national significant number length */
    const char *mobile;      /* first digit(s) of a mobile number */
    const char *city_ar, *city_en;
} state;

static const state states[] = {
    {"SA", "SAU", "966", 9, "5", "الرياض", "Riyadh"},
    {"AE", "ARE", "971", 9, "5", "دبي", "Dubai"},
    {"BH", "BHR", "973", 8, "3", "المنامة", "Manama"},
    {"KW", "KWT", "965", 8, "6", "الكويت", "Kuwait City"},
    {"QA", "QAT", "974", 8, "5", "الدوحة", "Doha"},
    {"OM", "OMN", "968", 8, "9", "مسقط", "Muscat"},
};

/* Fields of a person record as JSON texts; NULL leaves a field out. */
typedef struct person {
    const char *schema_version, *record_type, *ids, *provenance, *name;
    const char *birth, *hijri, *sex, *nationality, *civil, *addresses;
    const char *phones, *email, *digital, *extra;
} person;

typedef struct pbuf {
    char ids[256], name[768], birth[32], nationality[16], addresses[512];
    char phones[256], email[96];
} pbuf;

/* make_person: a valid person of state st (random otherwise) into p,
 * with the texts in b. */
static void make_person(person *p, pbuf *b, int st)
{
    const state *s;
    char id[32], num[16];
    int y = 1950 + pick(56), m = 1 + pick(12), d = 1 + pick(28);
    int g = pick(16), f = pick(16), fam = pick(8), kind = pick(10);
    const char *scheme, *nat;

    if (st < 0)
        st = pick(6);
    s = &states[st];
    nat = s->a3;
    memset(p, 0, sizeof *p);
    switch (st) {
    case 0:
        if (kind < 7) {
            scheme = "SA-NID";
            luhn_id(id, "1", 10);
        } else {
            static const char *const expat[] = {"EGY", "IND", "PAK", "JOR"};

            scheme = "SA-IQAMA";
            luhn_id(id, "2", 10);
            nat = expat[pick(4)];
        }
        break;
    case 1:
        scheme = "AE-EID";
        sprintf(id, "784%04d", y);
        digits(id + 7, 7);
        id[14] = (char)('0' + luhn_digit(id, 14));
        id[15] = '\0';
        break;
    case 2:
        scheme = "BH-CPR";
        if (y >= 2006)
            y -= 10;
        sprintf(id, "%02d%02d", y % 100, m);
        digits(id + 4, 5);
        break;
    case 3:
        scheme = "KW-CID";
        kw_cid(id, y, m, d, 0);
        break;
    case 4:
        scheme = "QA-QID";
        sprintf(id, "%c%02d634", y < 2000 ? '2' : '3', y % 100);
        digits(id + 6, 5);
        break;
    default:
        scheme = "OM-CIVIL";
        digits(id, 8);
        break;
    }
    snprintf(b->ids, sizeof b->ids, "[{\"scheme\":\"%s\",\"value\":\"%s\","
             "\"state\":\"%s\"}]", scheme, id, s->a2);
    snprintf(b->name, sizeof b->name,
             "{\"ar\":{\"given\":\"%s\",\"father\":\"%s\",\"family\":"
             "\"%s\"},\"en\":{\"given\":\"%s\",\"father\":\"%s\","
             "\"family\":\"%s\"}}", ar_given[g], ar_given[f % 8],
             ar_family[fam], en_given[g], en_given[f % 8], en_family[fam]);
    snprintf(b->birth, sizeof b->birth, "\"%04d-%02d-%02d\"", y, m, d);
    snprintf(b->nationality, sizeof b->nationality, "\"%s\"", nat);
    snprintf(b->addresses, sizeof b->addresses,
             "[{\"type\":\"home\",\"city\":{\"ar\":\"%s\",\"en\":\"%s\"},"
             "\"postalCode\":\"%05d\",\"country\":\"%s\"}]", s->city_ar,
             s->city_en, pick(100000), s->a3);
    digits(num, s->nsn - (int)strlen(s->mobile));
    snprintf(b->phones, sizeof b->phones,
             "[{\"type\":\"mobile\",\"number\":\"+%s%s%s\"}]", s->cc,
             s->mobile, num);
    snprintf(b->email, sizeof b->email, "\"user%d@example.com\"",
             pick(1000000));
    p->schema_version = "\"1.0\"";
    p->record_type = "\"person\"";
    p->ids = b->ids;
    p->name = b->name;
    p->birth = b->birth;
    p->sex = g < 8 ? "\"male\"" : "\"female\"";
    p->nationality = b->nationality;
    p->civil = pick(2) ? "\"married\"" : "\"single\"";
    p->addresses = b->addresses;
    p->phones = b->phones;
    p->email = pick(3) ? b->email : NULL;
    p->digital = pick(2) ? "{\"provider\":\"National PKI\","
                           "\"assuranceLevel\":\"high\"}" : NULL;
}

static void member(FILE *f, int *first, const char *key, const char *v)
{
    if (!v)
        return;
    fprintf(f, "%s\"%s\":%s", *first ? "" : ",", key, v);
    *first = 0;
}

static void put_person(FILE *f, const person *p)
{
    int first = 1;

    fputc('{', f);
    member(f, &first, "schemaVersion", p->schema_version);
    member(f, &first, "recordType", p->record_type);
    member(f, &first, "identifiers", p->ids);
    member(f, &first, "provenance", p->provenance);
    member(f, &first, "name", p->name);
    member(f, &first, "birthDate", p->birth);
    member(f, &first, "birthDateHijri", p->hijri);
    member(f, &first, "sex", p->sex);
    member(f, &first, "nationality", p->nationality);
    member(f, &first, "civilStatus", p->civil);
    member(f, &first, "addresses", p->addresses);
    member(f, &first, "phones", p->phones);
    member(f, &first, "email", p->email);
    member(f, &first, "digitalIdentity", p->digital);
    if (p->extra)
        fprintf(f, ",%s", p->extra);
    fputs("}\n", f);
}

/* ------------------------------------------------------ other records */

static const char *const est_valid =
    "{\"schemaVersion\":\"1.0\",\"recordType\":\"establishment\","
    "\"identifiers\":[{\"scheme\":\"SA-CR\",\"value\":\"1010123456\","
    "\"state\":\"SA\"}],\"name\":{\"ar\":"
    "\"شركة المثال للتجارة\","
    "\"en\":\"Example Trading Co\"},\"legalForm\":\"llc\",\"status\":"
    "\"active\",\"registrationDate\":\"2019-03-11\",\"expiryDate\":"
    "\"2029-03-10\",\"capital\":{\"amount\":\"500000.00\",\"currency\":"
    "\"SAR\"},\"owners\":[{\"party\":{\"recordType\":\"person\","
    "\"identifier\":{\"scheme\":\"SA-NID\",\"value\":\"1000000008\"}},"
    "\"role\":\"partner\",\"share\":\"60\"},{\"party\":{\"recordType\":"
    "\"person\",\"identifier\":{\"scheme\":\"SA-IQAMA\",\"value\":"
    "\"2123456788\"}},\"role\":\"partner\",\"share\":\"40\"}]}";

static const char *const pay_valid =
    "{\"schemaVersion\":\"1.0\",\"recordType\":\"payment\",\"identifiers\":"
    "[{\"scheme\":\"PAYMENT-REF\",\"value\":\"PMT-2024-000001\"}],"
    "\"paymentReference\":\"PMT-2024-000001\",\"endToEndId\":\"E2E-1\","
    "\"payer\":{\"name\":\"Mohammed Al-Qahtani\"},\"payeeAuthority\":"
    "{\"name\":\"Ministry of Commerce\"},\"amount\":{\"amount\":\"150.00\","
    "\"currency\":\"SAR\"},\"debtorAccount\":\"SA0380000000608010167519\","
    "\"createdAt\":\"2024-03-11T09:30:00+03:00\",\"status\":\"settled\","
    "\"sourceMessageType\":\"pain.001.001.09\"}";

static void put_indicator(FILE *f, const char *area, const char *ind,
                          const char *period, const char *value)
{
    fprintf(f, "{\"schemaVersion\":\"1.0\",\"recordType\":\"indicator\","
            "\"identifiers\":[{\"scheme\":\"UN-EGOV\",\"value\":"
            "\"%s-%s-%s\"}],\"refArea\":\"%s\",\"indicator\":\"%s\","
            "\"period\":\"%s\",\"value\":\"%s\",\"source\":"
            "\"UN E-Government Survey %s\"}\n", area, period, ind, area, ind,
            period, value, period);
}

/* replace: text with the first occurrence of from replaced by to, in a
 * static buffer (faults of the fixed records). */
static const char *replace(const char *text, const char *from,
                           const char *to)
{
    static char out[4096];
    const char *at = strstr(text, from);
    size_t n;

    if (!at) {
        fprintf(stderr, "gen-faults: '%s' not found\n", from);
        exit(2);
    }
    n = (size_t)(at - text);
    snprintf(out, sizeof out, "%.*s%s%s", (int)n, text, to,
             at + strlen(from));
    return out;
}

/* ------------------------------------------------------------- corpus */

static FILE *out_f, *exp_f;
static unsigned long recno;

/* expect: the record just written breaks rule at ptr. */
static void expect(const char *rule, const char *ptr)
{
    if (rule)
        fprintf(exp_f, "%lu\t%s\t%s\n", recno, rule, ptr);
}

static void valid_person(void)
{
    person p;
    pbuf b;

    make_person(&p, &b, -1);
    put_person(out_f, &p);
    recno++;
}

/* fault_person: a valid person of state st with fields replaced: pairs
 * of (offset of the member in person, JSON text or NULL to leave it
 * out), ended by END; it breaks rule at ptr. */
#define FIELD(name) offsetof(person, name)
#define END ((size_t)-1)

static void fault_person(int st, const char *rule, const char *ptr, ...)
{
    person p;
    pbuf b;
    va_list ap;
    size_t field;

    make_person(&p, &b, st);
    va_start(ap, ptr);
    while ((field = va_arg(ap, size_t)) != END)
        *(const char **)((char *)&p + field) = va_arg(ap, const char *);
    va_end(ap);
    put_person(out_f, &p);
    recno++;
    expect(rule, ptr);
}

static void fault_text(const char *text, const char *rule, const char *ptr)
{
    fprintf(out_f, "%s\n", text);
    recno++;
    expect(rule, ptr);
}

static void person_faults(void)
{
    static char longname[1024], cid0[16], ids[160];
    int i;

    fault_person(0, "schema.record-type", "/recordType",
                 FIELD(record_type), "\"citizen\"", END);
    fault_person(0, "schema.type", "/sex", FIELD(sex), "1", END);
    fault_person(0, "schema.required", "/name", FIELD(name), NULL, END);
    fault_person(0, "schema.unknown-field", "/nickname", FIELD(extra),
                 "\"nickname\":\"Abu Fahad\"", END);
    fault_person(0, "schema.enum", "/sex", FIELD(sex), "\"m\"", END);
    fault_person(1, "schema.pattern", "/nationality", FIELD(nationality),
                 "\"AR1\"", END);
    strcpy(longname, "{\"en\":{\"given\":\"");
    for (i = 0; i < 201; i++)
        strcat(longname, "a");
    strcat(longname, "\"}}");
    fault_person(2, "schema.length", "/name/en/given", FIELD(name),
                 longname, END);
    fault_person(3, "schema.min-items", "/identifiers", FIELD(ids), "[]",
                 END);
    fault_person(4, "schema.min-properties", "/name", FIELD(name), "{}",
                 END);
    fault_person(5, "schema.minimum", "/provenance/record",
                 FIELD(provenance), "{\"mapping\":\"m\","
                 "\"mappingVersion\":\"1\",\"input\":\"-\",\"record\":0}",
                 END);
    fault_person(0, "schema.date", "/birthDate", FIELD(birth),
                 "\"1990-02-30\"", END);
    fault_person(0, "schema.duplicate-set-item", "/identifiers/1",
                 FIELD(ids), "[{\"scheme\":\"SA-NID\",\"value\":"
                 "\"1000000008\"},{\"scheme\":\"SA-NID\",\"value\":"
                 "\"1000000008\"}]", FIELD(nationality), "\"SAU\"", END);
    fault_person(0, "schema.format", "/nationality", FIELD(nationality),
                 "\"XXX\"", END);
    fault_person(0, "schema.format", "/email", FIELD(email),
                 "\"someone@localhost\"", END);
    fault_person(0, "schema.null", "/email", FIELD(email), "null", END);
    /* identifiers */
    fault_person(0, "id.sa.nid.luhn", "/identifiers/0/value", FIELD(ids),
                 "[{\"scheme\":\"SA-NID\",\"value\":\"1000000009\"}]",
                 END);
    fault_person(0, "id.sa.iqama.prefix", "/identifiers/0/value",
                 FIELD(ids), "[{\"scheme\":\"SA-IQAMA\",\"value\":"
                 "\"3000000007\"}]", END);
    fault_person(1, "id.ae.eid.luhn", "/identifiers/0/value", FIELD(ids),
                 "[{\"scheme\":\"AE-EID\",\"value\":"
                 "\"784199012345677\"}]", END);
    fault_person(2, "id.bh.cpr.month", "/identifiers/0/value", FIELD(ids),
                 "[{\"scheme\":\"BH-CPR\",\"value\":\"851312345\"}]",
                 END);
    fault_person(3, "id.kw.cid.check", "/identifiers/0/value", FIELD(ids),
                 "[{\"scheme\":\"KW-CID\",\"value\":\"285010100008\"}]",
                 END);
    kw_cid(cid0, 1985, 1, 1, 1);
    snprintf(ids, sizeof ids, "[{\"scheme\":\"KW-CID\",\"value\":\"%s\"}]",
             cid0);
    fault_person(3, "id.kw.cid.check-zero", "/identifiers/0/value",
                 FIELD(ids), ids, END);
    fault_person(4, "id.qa.qid.century", "/identifiers/0/value", FIELD(ids),
                 "[{\"scheme\":\"QA-QID\",\"value\":\"18563400001\"}]",
                 END);
    fault_person(5, "id.om.civil.length", "/identifiers/0/value",
                 FIELD(ids), "[{\"scheme\":\"OM-CIVIL\",\"value\":"
                 "\"1234567\"}]", END);
    fault_person(0, "id.state-mismatch", "/identifiers/0/state", FIELD(ids),
                 "[{\"scheme\":\"SA-NID\",\"value\":\"1000000008\","
                 "\"state\":\"AE\"}]", FIELD(nationality), "\"SAU\"", END);
    /* cross-field */
    fault_person(1, "xfield.id-birthdate", "/birthDate", FIELD(ids),
                 "[{\"scheme\":\"AE-EID\",\"value\":"
                 "\"784199012345676\"}]", FIELD(birth), "\"1985-06-15\"",
                 END);
    fault_person(0, "xfield.sa-nationality", "/nationality", FIELD(ids),
                 "[{\"scheme\":\"SA-NID\",\"value\":\"1000000008\"}]",
                 FIELD(nationality), "\"EGY\"", END);
    fault_person(4, "xfield.qid-nationality", "/nationality", FIELD(ids),
                 "[{\"scheme\":\"QA-QID\",\"value\":\"28563400001\"}]",
                 FIELD(birth), "\"1985-04-17\"", FIELD(nationality),
                 "\"BHR\"", END);
    fault_person(0, "date.future", "/birthDate", FIELD(ids),
                 "[{\"scheme\":\"SA-NID\",\"value\":\"1000000008\"}]",
                 FIELD(nationality), "\"SAU\"", FIELD(birth),
                 "\"2030-01-01\"", END);
    fault_person(0, "date.hijri-mismatch", "/birthDateHijri/value",
                 FIELD(birth), "\"1979-11-22\"", FIELD(hijri),
                 "{\"value\":\"1400-01-01\",\"calendar\":"
                 "\"islamic-umalqura\"}", END);
    fault_person(0, "date.hijri-invalid", "/birthDateHijri/value",
                 FIELD(birth), "\"1979-11-21\"", FIELD(hijri),
                 "{\"value\":\"1445-01-30\",\"calendar\":"
                 "\"islamic-umalqura\"}", END);
    fault_person(0, "date.hijri-range", "/birthDateHijri/value",
                 FIELD(birth), "\"1979-11-21\"", FIELD(hijri),
                 "{\"value\":\"1200-01-01\",\"calendar\":"
                 "\"islamic-umalqura\"}", END);
    /* phones and text */
    fault_person(0, "phone.length", "/phones/0/number", FIELD(phones),
                 "[{\"number\":\"+96650123456\"}]", END);
    fault_person(0, "text.nfc", "/name/ar/given", FIELD(name),
                 "{\"ar\":{\"given\":"
                 "\"\xD8\xA7\xD9\x93\xD9\x85\xD9\x86\xD8\xA9\"}}", END);
    fault_person(0, "text.control", "/name/en/given", FIELD(name),
                 "{\"en\":{\"given\":\"Mo\\u0007hammed\"}}", END);
    fault_person(0, "text.script", "/name/ar/given", FIELD(name),
                 "{\"ar\":{\"given\":\"Mohammed\"}}", END);
    /* a valid record with a Hijri date (DOMAIN.md: 1400-01-01 AH) */
    fault_person(0, NULL, NULL, FIELD(ids), "[{\"scheme\":\"SA-NID\","
                 "\"value\":\"1000000008\"}]", FIELD(nationality),
                 "\"SAU\"", FIELD(birth), "\"1979-11-21\"", FIELD(hijri),
                 "{\"value\":\"1400-01-01\",\"calendar\":"
                 "\"islamic-umalqura\"}", END);
}

static void other_faults(void)
{
    fault_text(replace(est_valid, "\"2029-03-10\"", "\"2018-03-10\""),
               "xfield.expiry-before-registration", "/expiryDate");
    fault_text(replace(est_valid, "\"share\":\"40\"",
                       "\"share\":\"40.5\""),
               "xfield.owner-shares", "/owners");
    fault_text(replace(est_valid, "\"500000.00\"", "\"500,000\""),
               "schema.decimal", "/capital/amount");
    fault_text(replace(est_valid, "\"Example Trading Co\"",
                       "\"Example\\u0007Trading\""),
               "text.control", "/name/en");
    fault_text(replace(pay_valid, "\"150.00\"", "\"150.005\""),
               "money.minor-units", "/amount/amount");
    fault_text(replace(pay_valid, "SA0380000000608010167519",
                       "SA0380000000608010167518"),
               "iban.checksum", "/debtorAccount");
    fault_text(replace(pay_valid, "SA0380000000608010167519",
                       "SA038000000060801016751"),
               "iban.length", "/debtorAccount");
    fault_text(replace(pay_valid, "2024-03-11T09:30:00+03:00",
                       "2024-03-11 09:30:00"),
               "schema.datetime", "/createdAt");
    fault_text("{\"schemaVersion\":\"1.0\",\"recordType\":", "input.syntax",
               "");
    fault_text("[\"not\",\"a\",\"record\"]", "schema.type", "");
}

static void indicator_faults(void)
{
    /* a complete valid group (DOMAIN.md, Saudi Arabia 2022) */
    put_indicator(out_f, "SAU", "OSI", "2022", "0.8220");
    recno++;
    put_indicator(out_f, "SAU", "EGDI", "2022", "0.8539");
    recno++;
    valid_person(); /* other records while the group is held */
    put_indicator(out_f, "SAU", "HCI", "2022", "0.8662");
    recno++;
    put_indicator(out_f, "SAU", "EPART", "2022", "0.7500");
    recno++;
    put_indicator(out_f, "SAU", "TII", "2022", "0.8735");
    recno++;
    put_indicator(out_f, "SAU", "EGDI-RANK", "2022", "31");
    recno++;
    /* Kuwait 2022 with EGDI altered: the mean is 0.748433 */
    put_indicator(out_f, "KWT", "EGDI", "2022", "0.7584");
    recno++;
    expect("indicator.egdi-mean", "/value");
    put_indicator(out_f, "KWT", "OSI", "2022", "0.6973");
    recno++;
    put_indicator(out_f, "KWT", "HCI", "2022", "0.7706");
    recno++;
    put_indicator(out_f, "KWT", "TII", "2022", "0.7774");
    recno++;
    put_indicator(out_f, "QAT", "EGDI", "2020", "0.7173");
    recno++;
    expect("indicator.egdi-unchecked", "/value");
    put_indicator(out_f, "OMN", "EPART", "2022", "1.2");
    recno++;
    expect("indicator.range", "/value");
    put_indicator(out_f, "OMN", "EGDI-RANK", "2018", "0");
    recno++;
    expect("indicator.rank", "/value");
}

static int corpus(const char *out, const char *exp)
{
    int i;

    out_f = fopen(out, "w");
    exp_f = fopen(exp, "w");
    if (!out_f || !exp_f) {
        perror("gen-faults");
        return 2;
    }
    rng_state = 20250601;
    for (i = 0; i < 20; i++)
        valid_person();
    fault_text(est_valid, NULL, NULL);
    fault_text(pay_valid, NULL, NULL);
    person_faults();
    for (i = 0; i < 10; i++)
        valid_person();
    other_faults();
    indicator_faults();
    for (i = 0; i < 20; i++)
        valid_person();
    if (fclose(out_f) || fclose(exp_f)) {
        perror("gen-faults");
        return 2;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "persons") == 0) {
        unsigned long long n = strtoull(argv[2], NULL, 10), i;
        person p;
        pbuf b;

        rng_state = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
        for (i = 0; i < n; i++) {
            make_person(&p, &b, -1);
            put_person(stdout, &p);
        }
        return fflush(stdout) || ferror(stdout) ? 2 : 0;
    }
    if (argc == 4 && strcmp(argv[1], "corpus") == 0)
        return corpus(argv[2], argv[3]);
    fputs("usage: gen-faults persons N [SEED]\n"
          "       gen-faults corpus OUT.ndjson EXPECTED.tsv\n", stderr);
    return 2;
}
