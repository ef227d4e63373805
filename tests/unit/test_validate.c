/* tests/unit/test_validate.c - the validator: valid records of each type,
 * every structural rule and domain group with its exact pointer, the
 * EGDI group hold, profiles, counts, and streaming XSD validation.
 */
#include "unit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gcx/gcx.h>
#include <gcx/rules.h>
#include <gcx/schema.h>
#include <gcx/validate.h>
#include <gcx/xsd.h>

static gcx_schema *S;
static gcx_codes *C;

static void load(void)
{
    gcx_error e;

    if (S)
        return;
    if (gcx_schema_load(&S, unit_data_path("mappings/canonical/"
                                           "gcx-canonical-v1.json"), &e) ||
        gcx_codes_load(&C, unit_data_path("mappings/reference/"
                                          "country-codes.csv"), &e) ||
        gcx_codes_load_iban(C, unit_data_path("mappings/reference/"
                                              "python-stdnum-iban.dat"),
                            &e)) {
        fprintf(stderr, "cannot load test data: %s\n", e.message);
        exit(99);
    }
}

static gcx_validator *mk(const gcx_profile *p, size_t max_pending)
{
    gcx_validator_options o;
    gcx_validator *v = NULL;
    gcx_error e;

    load();
    memset(&o, 0, sizeof o);
    o.profile = p;
    o.today = "2025-06-01";
    o.max_pending = max_pending;
    CU_ASSERT_EQUAL_FATAL(gcx_validator_new(&v, S, C, &o, &e), GCX_OK);
    return v;
}

/* push: parse text and push it as record rec. */
static void push(gcx_validator *v, const char *text, unsigned long long rec)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *j;
    gcx_error e;

    if (gcx_json_parse(text, strlen(text), "t", NULL, a, &j, &e)) {
        fprintf(stderr, "bad test JSON: %s\n%s\n", e.message, text);
        CU_FAIL_FATAL("bad test JSON");
    }
    CU_ASSERT_EQUAL(gcx_validator_push(v, text, strlen(text), j, rec, rec,
                                       &e), GCX_OK);
    gcx_arena_free(a);
}

/* A record's findings, copied out of the validator. */
typedef struct got {
    size_t n;
    char rule[8][48];
    char ptr[8][256];
    char value[8][128];
    int sev[8];
    int rejected;
    unsigned long long record;
} got;

static int next(gcx_validator *v, got *g, gcx_severity fail_on)
{
    gcx_outcome o;
    size_t i;

    memset(g, 0, sizeof *g);
    if (!gcx_validator_next(v, fail_on, &o))
        return 0;
    g->n = o.nfindings;
    g->rejected = o.rejected;
    g->record = o.record;
    for (i = 0; i < o.nfindings && i < 8; i++) {
        snprintf(g->rule[i], sizeof g->rule[i], "%s", o.findings[i].rule);
        snprintf(g->ptr[i], sizeof g->ptr[i], "%s", o.findings[i].pointer);
        snprintf(g->value[i], sizeof g->value[i], "%s",
                 o.findings[i].value);
        g->sev[i] = (int)o.findings[i].severity;
        /* every finding has both messages */
        CU_ASSERT(o.findings[i].en[0] != '\0');
        CU_ASSERT(o.findings[i].ar[0] != '\0');
    }
    return 1;
}

/* check1: text alone gives exactly the findings listed as "rule ptr"
 * strings (NULL-terminated); prints what it got on a mismatch. */
static void checkv(const char *text, const gcx_profile *p, ...)
{
    gcx_validator *v = mk(p, 0);
    gcx_error e;
    const char *want[8];
    size_t nwant = 0, i;
    va_list ap;
    got g;
    int ok = 1;

    va_start(ap, p);
    while (nwant < 8 && (want[nwant] = va_arg(ap, const char *)) != NULL)
        nwant++;
    va_end(ap);
    push(v, text, 1);
    CU_ASSERT_EQUAL(gcx_validator_finish(v, &e), GCX_OK);
    CU_ASSERT_FATAL(next(v, &g, GCX_SEV_ERROR));
    if (g.n != nwant)
        ok = 0;
    for (i = 0; ok && i < nwant; i++) {
        char both[320];

        snprintf(both, sizeof both, "%s %s", g.rule[i], g.ptr[i]);
        if (strcmp(both, want[i]) != 0)
            ok = 0;
    }
    if (!ok) {
        fprintf(stderr, "\nrecord %s\nwant:", text);
        for (i = 0; i < nwant; i++)
            fprintf(stderr, " [%s]", want[i]);
        fprintf(stderr, "\ngot:");
        for (i = 0; i < g.n && i < 8; i++)
            fprintf(stderr, " [%s %s]", g.rule[i], g.ptr[i]);
        fprintf(stderr, "\n");
    }
    CU_ASSERT(ok);
    gcx_validator_free(v);
}

#define CHECK(text, ...) checkv(text, NULL, __VA_ARGS__, (const char *)NULL)
#define CLEAN(text) checkv(text, NULL, (const char *)NULL)

/* sub: text with the first from replaced by to (static buffer, one of
 * two so two calls can be nested). */
static const char *sub(const char *text, const char *from, const char *to)
{
    static char buf[2][8192];
    static int which;
    const char *at = strstr(text, from);
    char *out = buf[which ^= 1];

    if (!at) {
        fprintf(stderr, "sub: '%s' not in the test record\n", from);
        CU_FAIL_FATAL("sub");
    }
    snprintf(out, sizeof buf[0], "%.*s%s%s", (int)(at - text), text, to,
             at + strlen(from));
    return out;
}

/* ------------------------------------------------------------ records */

static const char PERSON[] =
    "{\"schemaVersion\":\"1.0\",\"recordType\":\"person\","
    "\"identifiers\":[{\"scheme\":\"SA-NID\",\"value\":\"1000000008\","
    "\"state\":\"SA\"}],\"provenance\":{\"mapping\":\"m\","
    "\"mappingVersion\":\"1.0\",\"input\":\"-\",\"record\":1},"
    "\"name\":{\"ar\":{\"given\":\"\xd9\x85\xd8\xad\xd9\x85\xd8\xaf\","
    "\"family\":\"\xd8\xa7\xd9\x84\xd9\x82\xd8\xad\xd8\xb7\xd8\xa7\xd9\x86"
    "\xd9\x8a\"},\"en\":{\"given\":\"Mohammed\",\"family\":"
    "\"Al-Qahtani\"}},\"birthDate\":\"1979-11-21\",\"birthDateHijri\":"
    "{\"value\":\"1400-01-01\",\"calendar\":\"islamic-umalqura\"},"
    "\"sex\":\"male\",\"nationality\":\"SAU\",\"civilStatus\":"
    "\"married\",\"addresses\":[{\"type\":\"home\",\"city\":{\"ar\":"
    "\"\xd8\xa7\xd9\x84\xd8\xb1\xd9\x8a\xd8\xa7\xd8\xb6\",\"en\":"
    "\"Riyadh\"},\"country\":\"SAU\"}],\"phones\":[{\"type\":\"mobile\","
    "\"number\":\"+966501234567\"}],\"email\":\"m@example.com\","
    "\"digitalIdentity\":{\"provider\":\"Nafath\",\"assuranceLevel\":"
    "\"high\"}}";

static const char ESTAB[] =
    "{\"schemaVersion\":\"1.0\",\"recordType\":\"establishment\","
    "\"identifiers\":[{\"scheme\":\"SA-UNN\",\"value\":\"7001234567\","
    "\"state\":\"SA\"}],\"name\":{\"ar\":\"\xd8\xb4\xd8\xb1\xd9\x83\xd8\xa9"
    "\",\"en\":\"Example Co\"},\"legalForm\":\"llc\",\"status\":\"active\","
    "\"registrationDate\":\"2024-03-11\",\"registrationDateHijri\":"
    "{\"value\":\"1445-09-01\",\"calendar\":\"islamic-umalqura\"},"
    "\"expiryDate\":\"2029-03-10\",\"activities\":[{\"code\":\"4711\"},"
    "{\"code\":\"4719\"}],\"capital\":{\"amount\":\"1000.500\","
    "\"currency\":\"BHD\"},\"owners\":[{\"party\":{\"recordType\":"
    "\"person\",\"identifier\":{\"scheme\":\"SA-NID\",\"value\":"
    "\"1000000008\"}},\"role\":\"partner\",\"share\":\"60.5\"},"
    "{\"party\":{\"recordType\":\"person\",\"identifier\":{\"scheme\":"
    "\"SA-IQAMA\",\"value\":\"2123456788\"}},\"role\":\"partner\","
    "\"share\":\"39.5\"}]}";

static const char SERVICE[] =
    "{\"schemaVersion\":\"1.0\",\"recordType\":\"service\","
    "\"identifiers\":[{\"scheme\":\"GCC-SERVICE\",\"value\":\"S-1\"}],"
    "\"state\":\"BH\",\"competentAuthority\":{\"name\":{\"en\":"
    "\"Information and eGovernment Authority\"}},\"title\":{\"en\":"
    "\"Renew a CPR card\"},\"channels\":[\"online\",\"kiosk\"],"
    "\"costs\":[{\"value\":{\"amount\":\"2.000\",\"currency\":\"BHD\"}}],"
    "\"processingTime\":\"P3D\",\"audience\":[\"citizens\"],"
    "\"onlineAvailability\":\"fully-online\"}";

static const char PAYMENT[] =
    "{\"schemaVersion\":\"1.0\",\"recordType\":\"payment\","
    "\"identifiers\":[{\"scheme\":\"PAYMENT-REF\",\"value\":\"P-1\"}],"
    "\"paymentReference\":\"P-1\",\"endToEndId\":\"E2E-1\",\"payer\":"
    "{\"identifier\":{\"scheme\":\"KW-CID\",\"value\":\"285010100007\"}},"
    "\"payeeAuthority\":{\"name\":\"Ministry\"},\"amount\":{\"amount\":"
    "\"12.250\",\"currency\":\"KWD\"},\"debtorAccount\":"
    "\"KW81CBKU0000000000001234560101\",\"createdAt\":"
    "\"2024-03-11T09:30:00+03:00\",\"status\":\"accepted\","
    "\"sourceMessageType\":\"pacs.008.001.08\"}";

static char *indicator(const char *area, const char *ind,
                       const char *period, const char *value)
{
    static char buf[4][512];
    static int k;
    char *b = buf[k++ & 3];

    snprintf(b, sizeof buf[0], "{\"schemaVersion\":\"1.0\",\"recordType\":"
             "\"indicator\",\"identifiers\":[{\"scheme\":\"UN-EGOV\","
             "\"value\":\"%s-%s-%s\"}],\"refArea\":\"%s\",\"indicator\":"
             "\"%s\",\"period\":\"%s\",\"value\":\"%s\",\"source\":\"UN "
             "E-Government Survey %s\"}", area, period, ind, area, ind,
             period, value, period);
    return b;
}

/* -------------------------------------------------------------- tests */

static void test_catalogue(void)
{
    const char *id, *prev = NULL;
    size_t i, n = 0;
    int mine = 1;

    for (i = 0; (id = gcx_validate_rule_at(i)) != NULL; i++) {
        CU_ASSERT(gcx_rule_default_severity(id) >= 0);
        if (prev && strcmp(prev, id) >= 0) {
            /* the validator's own block is sorted; the rules module's
             * block starts over */
            CU_ASSERT(mine);
            mine = 0;
        }
        prev = id;
        n++;
    }
    CU_ASSERT(n > 80);
    CU_ASSERT_EQUAL(gcx_rule_default_severity("schema.required"),
                    GCX_SEV_ERROR);
    /* uncertain facts are warnings (DOMAIN.md) */
    CU_ASSERT_EQUAL(gcx_rule_default_severity("id.sa.nid.luhn"),
                    GCX_SEV_WARNING);
    CU_ASSERT_EQUAL(gcx_rule_default_severity("id.sa.iqama.luhn"),
                    GCX_SEV_WARNING);
    CU_ASSERT_EQUAL(gcx_rule_default_severity("id.kw.cid.check-zero"),
                    GCX_SEV_WARNING);
    CU_ASSERT_EQUAL(gcx_rule_default_severity("id.om.civil.length"),
                    GCX_SEV_WARNING);
    CU_ASSERT_EQUAL(gcx_rule_default_severity("indicator.egdi-unchecked"),
                    GCX_SEV_INFO);
    CU_ASSERT_EQUAL(gcx_rule_default_severity("no.such.rule"), -1);
    CU_ASSERT_EQUAL(gcx_rule_default_severity(NULL), -1);
    CU_ASSERT_STRING_EQUAL(gcx_validate_severity_name(GCX_SEV_WARNING),
                           "warning");
}

static void test_valid_records(void)
{
    CLEAN(PERSON);
    CLEAN(ESTAB);
    CLEAN(SERVICE);
    CLEAN(PAYMENT);
    CLEAN(indicator("OMN", "EPART", "2022", "0.7"));
    CLEAN(indicator("OMN", "EGDI-RANK", "2022", "50"));
    /* other valid identifiers of DOMAIN.md */
    CLEAN(sub(sub(PERSON, "\"SA-NID\",\"value\":\"1000000008\"",
                  "\"SA-IQAMA\",\"value\":\"2123456788\""),
              "\"SAU\",\"civil", "\"EGY\",\"civil"));
    CLEAN(sub(sub(sub(PERSON, "\"SA-NID\",\"value\":\"1000000008\","
                      "\"state\":\"SA\"", "\"AE-EID\",\"value\":"
                      "\"784198500000017\",\"state\":\"AE\""),
                  "\"SAU\",\"civil", "\"ARE\",\"civil"),
              "\"1979-11-21\",\"birthDateHijri\":{\"value\":\"1400-01-01\","
              "\"calendar\":\"islamic-umalqura\"}", "\"1985-12-31\""));
    CLEAN(sub(sub(PERSON, "\"SA-NID\",\"value\":\"1000000008\","
                  "\"state\":\"SA\"", "\"KW-CID\",\"value\":"
                  "\"312022900002\",\"state\":\"KW\""),
              "\"1979-11-21\",\"birthDateHijri\":{\"value\":\"1400-01-01\","
              "\"calendar\":\"islamic-umalqura\"}", "\"2012-02-29\""));
    CLEAN(sub(sub(PERSON, "\"SA-NID\",\"value\":\"1000000008\","
                  "\"state\":\"SA\"", "\"QA-QID\",\"value\":"
                  "\"28563400001\",\"state\":\"QA\""),
              "\"1979-11-21\",\"birthDateHijri\":{\"value\":\"1400-01-01\","
              "\"calendar\":\"islamic-umalqura\"},\"sex\":\"male\","
              "\"nationality\":\"SAU\"", "\"1985-03-01\",\"sex\":\"male\","
              "\"nationality\":\"QAT\""));
    CLEAN(sub(sub(PERSON, "\"SA-NID\",\"value\":\"1000000008\","
                  "\"state\":\"SA\"", "\"BH-CPR\",\"value\":"
                  "\"850412345\",\"state\":\"BH\""),
              "\"1979-11-21\",\"birthDateHijri\":{\"value\":\"1400-01-01\","
              "\"calendar\":\"islamic-umalqura\"}", "\"1985-04-17\""));
}

static void test_structural(void)
{
    CHECK("{\"schemaVersion\":\"1.0\"}", "schema.record-type /recordType");
    CHECK(sub(PERSON, "\"person\"", "\"citizen\""),
          "schema.record-type /recordType");
    CHECK("[1]", "schema.type ");
    CHECK(sub(PERSON, "\"male\"", "true"), "schema.type /sex");
    CHECK(sub(PERSON, "\"record\":1", "\"record\":\"1\""),
          "schema.type /provenance/record");
    CHECK(sub(PERSON, "\"record\":1", "\"record\":1.0"),
          "schema.type /provenance/record");
    CHECK(sub(PERSON, "\"record\":1", "\"record\":0"),
          "schema.minimum /provenance/record");
    CHECK(sub(PERSON, "\"schemaVersion\":\"1.0\",", ""),
          "schema.required /schemaVersion");
    CHECK(sub(PERSON, "\"mapping\":\"m\",", ""),
          "schema.required /provenance/mapping");
    CHECK(sub(PERSON, "\"sex\":", "\"a/b~c\":1,\"sex\":"),
          "schema.unknown-field /a~1b~0c");
    CHECK(sub(PERSON, "\"married\"", "\"engaged\""),
          "schema.enum /civilStatus");
    CHECK(sub(PERSON, "\"SAU\"}]", "\"sau\"}]"),
          "schema.pattern /addresses/0/country");
    CHECK(sub(PERSON, "\"SAU\"}]", "\"ZZZ\"}]"),
          "schema.format /addresses/0/country");
    CHECK(sub(PERSON, "\"m@example.com\"", "\"m@@example.com\""),
          "schema.format /email");
    CHECK(sub(PERSON, "\"value\":\"1000000008\"", "\"value\":\"\""),
          "schema.length /identifiers/0/value");
    CHECK(sub(PERSON, "[{\"scheme\":\"SA-NID\",\"value\":\"1000000008\","
              "\"state\":\"SA\"}]", "[]"), "schema.min-items /identifiers");
    CHECK(sub(PERSON, "\"ar\":\"\xd8\xa7\xd9\x84\xd8\xb1\xd9\x8a\xd8\xa7"
              "\xd8\xb6\",\"en\":\"Riyadh\"", ""),
          "schema.min-properties /addresses/0/city");
    CHECK(sub(PERSON, "\"1979-11-21\"", "\"1979-02-29\""),
          "schema.date /birthDate");
    CHECK(sub(PAYMENT, "\"2024-03-11T09:30:00+03:00\"",
              "\"2024-03-11T09:30:00\""), "schema.datetime /createdAt");
    CHECK(sub(PAYMENT, "\"12.250\"", "\"1.2e1\""),
          "schema.decimal /amount/amount");
    CHECK(sub(PAYMENT, "\"12.250\"", "12.25"),
          "schema.type /amount/amount");
    CHECK(sub(ESTAB, "{\"code\":\"4719\"}", "{\"code\":\"4711\"}"),
          "schema.duplicate-set-item /activities/1");
    CHECK(sub(SERVICE, "\"kiosk\"", "\"online\""),
          "schema.duplicate-set-item /channels/1");
    CHECK(sub(PERSON, "\"m@example.com\"", "null"), "schema.null /email");
    CHECK(sub(SERVICE, "\"P3D\"", "\"3 days\""),
          "schema.pattern /processingTime");
    CHECK(sub(PAYMENT, "\"pacs.008.001.08\"", "\"pacs.8\""),
          "schema.pattern /sourceMessageType");
    CHECK(sub(PAYMENT, "\"KW81CBKU0000000000001234560101\"",
              "\"KW81 CBKU 0000\""), "schema.format /debtorAccount");
    /* several faults: schema order, then unknown fields */
    CHECK(sub(PERSON, "\"sex\":\"male\"", "\"zz\":1,\"sex\":\"m\""),
          "schema.enum /sex", "schema.unknown-field /zz");
}

static void test_domain(void)
{
    CHECK(sub(PERSON, "1000000008", "1000000009"),
          "id.sa.nid.luhn /identifiers/0/value");
    CHECK(sub(PERSON, "1000000008", "3000000007"),
          "id.sa.nid.prefix /identifiers/0/value");
    CHECK(sub(PERSON, "\"state\":\"SA\"", "\"state\":\"KW\""),
          "id.state-mismatch /identifiers/0/state");
    CHECK(sub(PAYMENT, "285010100007", "285010100008"),
          "id.kw.cid.check /payer/identifier/value");
    CHECK(sub(PAYMENT, "285010100007", "288200122596"),
          "id.kw.cid.date /payer/identifier/value");
    CHECK(sub(PAYMENT, "\"12.250\"", "\"12.2500\""),
          "money.minor-units /amount/amount");
    CHECK(sub(ESTAB, "\"1000.500\"", "\"1000.5001\""),
          "money.minor-units /capital/amount");
    CHECK(sub(PAYMENT, "KW81CBKU0000000000001234560101",
              "KW82CBKU0000000000001234560101"),
          "iban.checksum /debtorAccount");
    CHECK(sub(PERSON, "+966501234567", "+9665012345678"),
          "phone.length /phones/0/number");
    CHECK(sub(PERSON, "\"Riyadh\"", "\"Riy\\u0000adh\""),
          "text.control /addresses/0/city/en");
    CHECK(sub(PERSON, "\"Riyadh\"", "\"\xd8\xa7\xd9\x84\xd8\xb1\xd9\x8a"
              "\xd8\xa7\xd8\xb6\""), "text.script /addresses/0/city/en");
    CHECK(sub(PERSON, "\"Mohammed\"", "\"Mo\xcc\x88hammed\""),
          "text.nfc /name/en/given");
    CHECK(sub(PERSON, "\"Al-Qahtani\"", "\"\xd8\xa7\xd9\x84\""),
          "text.script /name/en/family");
    /* cross-field: person */
    CHECK(sub(PERSON, "\"nationality\":\"SAU\"",
              "\"nationality\":\"EGY\""),
          "xfield.sa-nationality /nationality");
    CHECK(sub(PERSON, "\"SA-NID\",\"value\":\"1000000008\"",
              "\"SA-IQAMA\",\"value\":\"2123456788\""),
          "xfield.sa-nationality /nationality");
    CHECK(sub(sub(PERSON, "\"SA-NID\",\"value\":\"1000000008\","
                  "\"state\":\"SA\"", "\"AE-EID\",\"value\":"
                  "\"784199012345676\",\"state\":\"AE\""),
              "\"SAU\",\"civil", "\"ARE\",\"civil"),
          "xfield.id-birthdate /birthDate");
    CHECK(sub(sub(sub(PERSON, "\"SA-NID\",\"value\":\"1000000008\","
                      "\"state\":\"SA\"", "\"BH-CPR\",\"value\":"
                      "\"850412345\",\"state\":\"BH\""),
                  "\"1979-11-21\",\"birthDateHijri\":{\"value\":"
                  "\"1400-01-01\",\"calendar\":\"islamic-umalqura\"}",
                  "\"1985-05-17\""), "\"SAU\",\"civil", "\"BHR\",\"civil"),
          "xfield.id-birthdate /birthDate");
    CHECK(sub(sub(PERSON, "\"SA-NID\",\"value\":\"1000000008\","
                  "\"state\":\"SA\"", "\"QA-QID\",\"value\":"
                  "\"28563400001\",\"state\":\"QA\""),
              "\"1979-11-21\",\"birthDateHijri\":{\"value\":\"1400-01-01\","
              "\"calendar\":\"islamic-umalqura\"}", "\"1985-01-01\""),
          "xfield.qid-nationality /nationality");
    CHECK(sub(sub(PERSON, "\"1979-11-21\"", "\"2026-01-01\""),
              "\"birthDateHijri\":{\"value\":\"1400-01-01\",\"calendar\":"
              "\"islamic-umalqura\"},", ""), "date.future /birthDate");
    CHECK(sub(PERSON, "\"1979-11-21\"", "\"1979-11-20\""),
          "date.hijri-mismatch /birthDateHijri/value");
    CHECK(sub(PERSON, "1400-01-01", "1445-01-30"),
          "date.hijri-invalid /birthDateHijri/value");
    CHECK(sub(PERSON, "\"islamic-umalqura\"", "\"islamic-tbla\""),
          "date.hijri-mismatch /birthDateHijri/value");
    /* no Gregorian date: the Hijri one alone */
    CLEAN(sub(PERSON, "\"birthDate\":\"1979-11-21\",", ""));
    CHECK(sub(sub(PERSON, "\"birthDate\":\"1979-11-21\",", ""),
              "1400-01-01", "1445-01-30"),
          "date.hijri-invalid /birthDateHijri/value");
    /* cross-field: establishment */
    CHECK(sub(ESTAB, "\"2024-03-11\"", "\"2024-03-12\""),
          "date.hijri-mismatch /registrationDateHijri/value");
    CHECK(sub(ESTAB, "\"2029-03-10\"", "\"2024-03-11\""),
          "xfield.expiry-before-registration /expiryDate");
    CHECK(sub(ESTAB, "\"39.5\"", "\"39.500000000001\""),
          "xfield.owner-shares /owners");
    /* indicators */
    CHECK(indicator("OMN", "EPART", "2022", "1.0001"),
          "indicator.range /value");
    CHECK(indicator("OMN", "OSI", "2022", "-0.1"), "indicator.range /value");
    CLEAN(indicator("OMN", "OSI", "2022", "1.000"));
    CHECK(indicator("OMN", "EGDI-RANK", "2022", "0"), "indicator.rank /value");
    CHECK(indicator("OMN", "EGDI-RANK", "2022", "5.5"),
          "indicator.rank /value");
}

/* The 2022 values of DOMAIN.md: each state's EGDI is the mean. */
static const char *const egov[6][5] = {
    {"SAU", "0.8539", "0.8220", "0.8662", "0.8735"},
    {"ARE", "0.9010", "0.9014", "0.8711", "0.9306"},
    {"BHR", "0.7707", "0.7523", "0.8154", "0.7444"},
    {"OMN", "0.7834", "0.7423", "0.8067", "0.8012"},
    {"QAT", "0.7149", "0.6094", "0.7150", "0.8203"},
    {"KWT", "0.7484", "0.6973", "0.7706", "0.7774"},
};

static void test_egdi_mean(void)
{
    gcx_validator *v = mk(NULL, 0);
    gcx_error e;
    got g;
    int i, n = 0, bad = 0;

    for (i = 0; i < 6; i++) {
        push(v, indicator(egov[i][0], "EGDI", "2022", egov[i][1]), 1);
        push(v, indicator(egov[i][0], "OSI", "2022", egov[i][2]), 2);
        push(v, indicator(egov[i][0], "HCI", "2022", egov[i][3]), 3);
        push(v, indicator(egov[i][0], "TII", "2022",
                          i == 5 ? "0.7874" : egov[i][4]), 4);
        while (next(v, &g, GCX_SEV_ERROR)) {
            n++;
            if (g.n) {
                bad++;
                CU_ASSERT_EQUAL(i, 5);
                CU_ASSERT_EQUAL(g.record, 1);
                CU_ASSERT_STRING_EQUAL(g.rule[0], "indicator.egdi-mean");
                CU_ASSERT_STRING_EQUAL(g.ptr[0], "/value");
                CU_ASSERT_STRING_EQUAL(g.value[0], "0.7484");
                CU_ASSERT(g.rejected);
            }
        }
        CU_ASSERT_EQUAL(n, 4 * (i + 1)); /* each group decided at once */
    }
    CU_ASSERT_EQUAL(bad, 1);
    CU_ASSERT_EQUAL(gcx_validator_finish(v, &e), GCX_OK);
    CU_ASSERT_FALSE(next(v, &g, GCX_SEV_ERROR));
    gcx_validator_free(v);
}

static void test_group_hold_order(void)
{
    gcx_validator *v = mk(NULL, 0);
    gcx_error e;
    gcx_validate_counts c;
    got g;

    push(v, indicator("SAU", "OSI", "2022", "0.8220"), 1);
    push(v, indicator("SAU", "EGDI", "2022", "0.8539"), 2);
    CU_ASSERT_EQUAL(gcx_validator_held(v), 2);
    push(v, PERSON, 3);
    CU_ASSERT(next(v, &g, GCX_SEV_ERROR));
    CU_ASSERT_EQUAL(g.record, 3); /* decided first */
    CU_ASSERT_FALSE(next(v, &g, GCX_SEV_ERROR));
    push(v, indicator("SAU", "EPART", "2022", "0.5"), 4);
    push(v, indicator("SAU", "HCI", "2022", "0.8662"), 5);
    CU_ASSERT_FALSE(next(v, &g, GCX_SEV_ERROR));
    c = gcx_validator_counts(v);
    CU_ASSERT_EQUAL(c.read, 5);
    CU_ASSERT_EQUAL(c.passed + c.rejected, 1);
    push(v, indicator("SAU", "TII", "2022", "0.8735"), 6);
    CU_ASSERT_EQUAL(gcx_validator_held(v), 0);
    /* the group in arrival order */
    CU_ASSERT(next(v, &g, GCX_SEV_ERROR) && g.record == 1 && g.n == 0);
    CU_ASSERT(next(v, &g, GCX_SEV_ERROR) && g.record == 2 && g.n == 0);
    CU_ASSERT(next(v, &g, GCX_SEV_ERROR) && g.record == 4 && g.n == 0);
    CU_ASSERT(next(v, &g, GCX_SEV_ERROR) && g.record == 5 && g.n == 0);
    CU_ASSERT(next(v, &g, GCX_SEV_ERROR) && g.record == 6 && g.n == 0);
    CU_ASSERT_FALSE(next(v, &g, GCX_SEV_ERROR));
    /* an incomplete group waits for finish; its EGDI is not checked */
    push(v, indicator("QAT", "EGDI", "2020", "0.7173"), 7);
    push(v, indicator("QAT", "OSI", "2020", "0.6"), 8);
    CU_ASSERT_FALSE(next(v, &g, GCX_SEV_ERROR));
    CU_ASSERT_EQUAL(gcx_validator_finish(v, &e), GCX_OK);
    CU_ASSERT(next(v, &g, GCX_SEV_ERROR));
    CU_ASSERT_EQUAL(g.record, 7);
    CU_ASSERT_EQUAL(g.n, 1);
    CU_ASSERT_STRING_EQUAL(g.rule[0], "indicator.egdi-unchecked");
    CU_ASSERT_EQUAL(g.sev[0], GCX_SEV_INFO);
    CU_ASSERT_FALSE(g.rejected);
    CU_ASSERT(next(v, &g, GCX_SEV_ERROR) && g.record == 8);
    c = gcx_validator_counts(v);
    CU_ASSERT_EQUAL(c.read, 8);
    CU_ASSERT_EQUAL(c.passed, 8);
    CU_ASSERT_EQUAL(c.infos, 1);
    gcx_validator_free(v);
}

static void test_max_pending(void)
{
    gcx_validator *v = mk(NULL, 3);
    gcx_error e;
    got g;

    push(v, indicator("SAU", "EGDI", "2022", "0.8539"), 1);
    push(v, indicator("SAU", "OSI", "2022", "0.8220"), 2);
    push(v, indicator("ARE", "EGDI", "2022", "0.9010"), 3);
    CU_ASSERT_FALSE(next(v, &g, GCX_SEV_ERROR));
    /* the hold is full: the oldest group (SAU) is decided unchecked */
    push(v, indicator("ARE", "OSI", "2022", "0.9014"), 4);
    CU_ASSERT(next(v, &g, GCX_SEV_ERROR));
    CU_ASSERT_EQUAL(g.record, 1);
    CU_ASSERT_EQUAL(g.n, 1);
    CU_ASSERT_STRING_EQUAL(g.rule[0], "indicator.egdi-unchecked");
    CU_ASSERT(next(v, &g, GCX_SEV_ERROR) && g.record == 2 && g.n == 0);
    CU_ASSERT_FALSE(next(v, &g, GCX_SEV_ERROR));
    CU_ASSERT_EQUAL(gcx_validator_held(v), 2);
    push(v, indicator("ARE", "HCI", "2022", "0.8711"), 5);
    CU_ASSERT_FALSE(next(v, &g, GCX_SEV_ERROR));
    push(v, indicator("ARE", "TII", "2022", "0.9306"), 6);
    /* ARE 3 was held with 4 and 5; the hold was full again at 6 */
    CU_ASSERT(next(v, &g, GCX_SEV_ERROR) && g.record == 3);
    CU_ASSERT_STRING_EQUAL(g.rule[0], "indicator.egdi-unchecked");
    CU_ASSERT(next(v, &g, GCX_SEV_ERROR) && g.record == 4);
    CU_ASSERT(next(v, &g, GCX_SEV_ERROR) && g.record == 5);
    CU_ASSERT_EQUAL(gcx_validator_finish(v, &e), GCX_OK);
    CU_ASSERT(next(v, &g, GCX_SEV_ERROR) && g.record == 6 && g.n == 0);
    CU_ASSERT_EQUAL(gcx_validator_counts(v).read,
                    gcx_validator_counts(v).passed);
    gcx_validator_free(v);
}

static gcx_status profile(const char *text, gcx_profile **p, gcx_error *e)
{
    return gcx_profile_load_mem(p, text, strlen(text), "p.json", e);
}

static void test_profiles(void)
{
    gcx_profile *p = NULL;
    gcx_error e;

    CU_ASSERT_EQUAL(profile("{\"description\":\"x\",\"severities\":{"
                            "\"id.sa.*\":\"error\",\"id.sa.nid.luhn\":"
                            "\"info\",\"text.*\":\"off\",\"*\":\"warning\""
                            "}}", &p, &e), GCX_OK);
    CU_ASSERT_EQUAL(gcx_profile_severity(p, "id.sa.nid.luhn"),
                    GCX_SEV_INFO);
    CU_ASSERT_EQUAL(gcx_profile_severity(p, "id.sa.iqama.luhn"),
                    GCX_SEV_ERROR);
    CU_ASSERT_EQUAL(gcx_profile_severity(p, "text.nfc"), -1);
    CU_ASSERT_EQUAL(gcx_profile_severity(p, "schema.enum"),
                    GCX_SEV_WARNING);
    /* a profile changes what rejects */
    checkv(sub(PERSON, "\"male\"", "\"m\""), p, "schema.enum /sex",
           (const char *)NULL);
    checkv(sub(PERSON, "\"Riyadh\"", "\"Riy\\u0000adh\""), p,
           (const char *)NULL);
    {
        gcx_validator_options o;
        gcx_validator *v = NULL;
        got g;

        memset(&o, 0, sizeof o);
        o.profile = p;
        o.today = "2025-06-01";
        CU_ASSERT_EQUAL(gcx_validator_new(&v, S, C, &o, &e), GCX_OK);
        push(v, sub(PERSON, "\"male\"", "\"m\""), 1);
        CU_ASSERT(next(v, &g, GCX_SEV_ERROR));
        CU_ASSERT_FALSE(g.rejected);
        CU_ASSERT_EQUAL(g.sev[0], GCX_SEV_WARNING);
        push(v, sub(PERSON, "\"male\"", "\"m\""), 2);
        CU_ASSERT(next(v, &g, GCX_SEV_WARNING));
        CU_ASSERT(g.rejected);
        gcx_validator_free(v);
    }
    gcx_profile_free(p);
    gcx_profile_free(NULL);
    CU_ASSERT_EQUAL(gcx_profile_severity(NULL, "x"), -2);

    /* errors name the place */
    p = NULL;
    CU_ASSERT_EQUAL(profile("{\"severities\": {\n  \"schema.enum\": "
                            "\"error\",\n  \"schema.nope\": \"off\"\n}}",
                            &p, &e), GCX_E_CONFIG);
    CU_ASSERT_PTR_NULL(p);
    CU_ASSERT_STRING_EQUAL(e.file, "p.json");
    CU_ASSERT_EQUAL(e.line, 3);
    CU_ASSERT_EQUAL(e.column, 3);
    CU_ASSERT(strstr(e.message, "unknown rule id \"schema.nope\"") != NULL);
    CU_ASSERT_EQUAL(profile("{\"severities\":{\"nothing.*\":\"off\"}}", &p,
                            &e), GCX_E_CONFIG);
    CU_ASSERT(strstr(e.message, "matches no rule") != NULL);
    CU_ASSERT_EQUAL(profile("{\"severities\":{\"schema\":\"off\"}}", &p,
                            &e), GCX_E_CONFIG);
    CU_ASSERT_EQUAL(profile("{\"severities\":{\"schema.enum\":\"fatal\"}}",
                            &p, &e), GCX_E_CONFIG);
    CU_ASSERT(strstr(e.message, "must be") != NULL);
    CU_ASSERT_EQUAL(profile("{\"severities\":{\"input.syntax\":\"off\"}}",
                            &p, &e), GCX_E_CONFIG);
    CU_ASSERT_EQUAL(profile("{\"severity\":{}}", &p, &e), GCX_E_CONFIG);
    CU_ASSERT_EQUAL(profile("{}", &p, &e), GCX_E_CONFIG);
    CU_ASSERT_EQUAL(profile("[]", &p, &e), GCX_E_CONFIG);
    CU_ASSERT_EQUAL(profile("{\"severities\":{", &p, &e), GCX_E_CONFIG);
    CU_ASSERT_EQUAL(e.line, 1);
    CU_ASSERT_EQUAL(profile("{\"severities\":{\"a\\\"b\": 1}}", &p, &e),
                    GCX_E_CONFIG);
    CU_ASSERT_EQUAL(e.column, 16);
    /* the shipped profiles load */
    CU_ASSERT_EQUAL(gcx_profile_load(&p, unit_data_path("mappings/profiles/"
                                                        "default.json"),
                                     &e), GCX_OK);
    gcx_profile_free(p);
    CU_ASSERT_EQUAL(gcx_profile_load(&p, unit_data_path("mappings/profiles/"
                                                        "strict.json"),
                                     &e), GCX_OK);
    CU_ASSERT_EQUAL(gcx_profile_severity(p, "id.sa.nid.luhn"),
                    GCX_SEV_ERROR);
    gcx_profile_free(p);
    CU_ASSERT_EQUAL(gcx_profile_load(&p, "/nonexistent/p.json", &e),
                    GCX_E_IO);
}

/* The documented default profile says what the built-in defaults say,
 * for every rule. */
static void test_default_profile(void)
{
    gcx_profile *p = NULL;
    gcx_error e;
    const char *id;
    size_t i;

    CU_ASSERT_EQUAL_FATAL(gcx_profile_load(&p, unit_data_path(
                              "mappings/profiles/default.json"), &e),
                          GCX_OK);
    for (i = 0; (id = gcx_validate_rule_at(i)) != NULL; i++) {
        int s = gcx_profile_severity(p, id);

        if (s != gcx_rule_default_severity(id))
            fprintf(stderr, "\ndefault.json: %s is %d, built in %d\n", id,
                    s, gcx_rule_default_severity(id));
        CU_ASSERT_EQUAL(s, gcx_rule_default_severity(id));
    }
    gcx_profile_free(p);
}

static void test_counts_and_reject(void)
{
    gcx_validator *v = mk(NULL, 0);
    gcx_error e;
    gcx_validate_counts c;
    got g;

    push(v, PERSON, 1);
    push(v, sub(PERSON, "\"male\"", "\"m\""), 2);
    CU_ASSERT_EQUAL(gcx_validator_reject(v, "{oops", 5, "input.syntax",
                                         "expected a key", 3, 3, &e),
                    GCX_OK);
    CU_ASSERT_EQUAL(gcx_validator_reject(v, "", 0, "schema.enum", "x", 4, 4,
                                         &e), GCX_E_USAGE);
    push(v, sub(PERSON, "1000000008", "1000000009"), 4);
    CU_ASSERT(next(v, &g, GCX_SEV_ERROR) && !g.rejected);
    CU_ASSERT(next(v, &g, GCX_SEV_ERROR) && g.rejected);
    CU_ASSERT(next(v, &g, GCX_SEV_ERROR) && g.rejected);
    CU_ASSERT_STRING_EQUAL(g.rule[0], "input.syntax");
    CU_ASSERT_STRING_EQUAL(g.ptr[0], "");
    CU_ASSERT(next(v, &g, GCX_SEV_ERROR) && !g.rejected); /* a warning */
    CU_ASSERT_EQUAL(g.sev[0], GCX_SEV_WARNING);
    CU_ASSERT_FALSE(next(v, &g, GCX_SEV_ERROR));
    c = gcx_validator_counts(v);
    CU_ASSERT_EQUAL(c.read, 4);
    CU_ASSERT_EQUAL(c.passed, 2);
    CU_ASSERT_EQUAL(c.rejected, 2);
    CU_ASSERT_EQUAL(c.read, c.passed + c.rejected);
    CU_ASSERT_EQUAL(c.errors, 2);
    CU_ASSERT_EQUAL(c.warnings, 1);
    gcx_validator_free(v);
}

static void test_outcome_details(void)
{
    gcx_validator *v = mk(NULL, 0);
    gcx_outcome o;
    char big[16384];
    const char *rec;
    size_t i;

    /* the text comes back unchanged */
    push(v, PERSON, 7);
    CU_ASSERT_FATAL(gcx_validator_next(v, GCX_SEV_ERROR, &o));
    CU_ASSERT_EQUAL(o.len, strlen(PERSON));
    CU_ASSERT(memcmp(o.text, PERSON, o.len) == 0);
    CU_ASSERT_EQUAL(o.record, 7);
    CU_ASSERT_EQUAL(o.line, 7);
    /* a value is cut at a character boundary */
    strcpy(big, "\"");
    for (i = 0; i < 1001; i++)
        strcat(big, "\xd8\xb6"); /* Arabic dad, 2 bytes */
    strcat(big, "\"");
    rec = sub(PERSON, "\"\xd8\xa7\xd9\x84\xd8\xb1\xd9\x8a\xd8\xa7\xd8\xb6\"",
              big);
    push(v, rec, 8);
    CU_ASSERT_FATAL(gcx_validator_next(v, GCX_SEV_ERROR, &o));
    CU_ASSERT_EQUAL_FATAL(o.nfindings, 1);
    CU_ASSERT_STRING_EQUAL(o.findings[0].rule, "schema.length");
    CU_ASSERT_EQUAL(strlen(o.findings[0].value), 126);
    /* too many findings: the first 100 are kept, all are counted */
    strcpy(big, "{\"recordType\":\"person\"");
    for (i = 0; i < 150; i++)
        sprintf(big + strlen(big), ",\"x%zu\":1", i);
    strcat(big, "}");
    push(v, big, 9);
    CU_ASSERT_FATAL(gcx_validator_next(v, GCX_SEV_ERROR, &o));
    CU_ASSERT_EQUAL(o.nfindings, GCX_VALIDATE_MAX_FINDINGS);
    CU_ASSERT_EQUAL(o.ndropped, 3 + 150 - GCX_VALIDATE_MAX_FINDINGS);
    CU_ASSERT(o.rejected);
    CU_ASSERT_EQUAL(gcx_validator_counts(v).errors, 153 + 1);
    gcx_validator_free(v);
}

static void test_options(void)
{
    gcx_validator_options o;
    gcx_validator *v = NULL;
    gcx_error e;

    load();
    memset(&o, 0, sizeof o);
    o.today = "2025-02-30";
    CU_ASSERT_EQUAL(gcx_validator_new(&v, S, C, &o, &e), GCX_E_USAGE);
    CU_ASSERT_PTR_NULL(v);
    o.today = NULL; /* the current date */
    CU_ASSERT_EQUAL(gcx_validator_new(&v, S, C, &o, &e), GCX_OK);
    gcx_validator_free(v);
    gcx_validator_free(NULL);
    /* without codes, the checks that need them are skipped */
    CU_ASSERT_EQUAL(gcx_validator_new(&v, S, NULL, NULL, &e), GCX_OK);
    push(v, sub(PERSON, "\"SAU\"}]", "\"ZZZ\"}]"), 1);
    {
        got g;

        CU_ASSERT(next(v, &g, GCX_SEV_ERROR));
        CU_ASSERT_EQUAL(g.n, 0);
    }
    gcx_validator_free(v);
}

/* Out of memory at any allocation: a clean error, no leak, no crash. */
static void test_nomem(void)
{
    gcx_validator *v;
    gcx_error e;
    unsigned long n;
    int done = 0;

    load();
    for (n = 1; n < 400 && !done; n++) {
        gcx_validator_options o;
        gcx_outcome out;
        gcx_status st;
        gcx_arena *a = gcx_arena_new();
        gcx_json *j;

        memset(&o, 0, sizeof o);
        o.today = "2025-06-01";
        CU_ASSERT_EQUAL_FATAL(gcx_json_parse(ESTAB, strlen(ESTAB), "t", NULL,
                                             a, &j, &e), GCX_OK);
        v = NULL;
        gcx_alloc_fail_after(n);
        st = gcx_validator_new(&v, S, C, &o, &e);
        if (!st) {
            st = gcx_validator_push(v, ESTAB, strlen(ESTAB), j, 1, 1, &e);
            if (!st)
                st = gcx_validator_push(v, indicator("SAU", "EGDI", "2022",
                                                     "0.85"), 10, j, 2, 2,
                                        &e);
            if (!st)
                st = gcx_validator_finish(v, &e);
        }
        gcx_alloc_fail_after(0);
        CU_ASSERT(st == GCX_OK || st == GCX_E_NOMEM);
        if (st == GCX_OK) {
            CU_ASSERT(gcx_validator_next(v, GCX_SEV_ERROR, &out));
            done = 1;
        }
        gcx_validator_free(v);
        gcx_arena_free(a);
    }
    CU_ASSERT(done);
}

gcx_json *gcxi_validate_fast_parse(gcx_validator *v, const char *text,
                                   size_t len);

/* The validator's fast parser accepts only what gcx_json_parse accepts,
 * and gives the same values: every record mutated at every byte. */
static void test_fast_parse(void)
{
    static const char extra[] =
        "{\"a\":[1,-0.5e+3,true,false,null,{},[],\"\\u00e9\"],\"b\":{\"c\":"
        "[[[1]]],\"\":\"\xd9\x85\"},\"d\":\"\xf0\x9f\x98\x80\xe2\x82\xac\"}";
    static const unsigned char subs[] = {
        '"', '\\', ',', ':', '{', '}', '[', ']', '0', '1', '-', '.', 'e',
        '+', ' ', '\t', '\n', 0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC2,
        0xE0, 0xED, 0xF0, 0xF4, 0xF5, 0xFF, 'a', 't', 'n', 'u'};
    const char *texts[7];
    gcx_validator *v = mk(NULL, 0);
    gcx_arena *a = gcx_arena_new();
    char buf[4096];
    size_t t, i, k, len, fast = 0, total = 0;
    gcx_error e;

    texts[0] = PERSON;
    texts[1] = ESTAB;
    texts[2] = SERVICE;
    texts[3] = PAYMENT;
    texts[4] = indicator("SAU", "EGDI", "2022", "0.8539");
    texts[5] = extra;
    texts[6] = " [1 , {\"x\" : \"y\"} ] \r";
    for (t = 0; t < 7; t++) {
        len = strlen(texts[t]);
        for (i = 0; i <= len; i++) {
            for (k = 0; k < sizeof subs + 2; k++) {
                gcx_json *f, *g = NULL;
                size_t n;
                gcx_status st;

                memcpy(buf, texts[t], i);
                if (k < sizeof subs) {         /* replace byte i */
                    if (i == len)
                        continue;
                    buf[i] = (char)subs[k];
                    memcpy(buf + i + 1, texts[t] + i + 1, len - i - 1);
                    n = len;
                } else if (k == sizeof subs) { /* delete byte i */
                    if (i == len)
                        continue;
                    memcpy(buf + i, texts[t] + i + 1, len - i - 1);
                    n = len - 1;
                } else {                       /* cut at i */
                    n = i;
                }
                total++;
                f = gcxi_validate_fast_parse(v, buf, n);
                gcx_arena_reset(a);
                st = gcx_json_parse(buf, n, "t", NULL, a, &g, &e);
                if (!f)
                    continue;
                fast++;
                if (st != GCX_OK || !gcx_json_equal(f, g)) {
                    fprintf(stderr, "\nfast parse differs (%d): %.*s\n",
                            (int)st, (int)n, buf);
                    CU_FAIL("fast parse differs");
                    t = 7;
                    break;
                }
            }
        }
    }
    /* the unmutated records take the fast path */
    CU_ASSERT(gcxi_validate_fast_parse(v, PERSON, strlen(PERSON)) != NULL);
    CU_ASSERT(gcxi_validate_fast_parse(v, texts[6], strlen(texts[6])) !=
              NULL);
    CU_ASSERT(fast > 1000);
    CU_ASSERT(total > 50000);
    gcx_arena_free(a);
    gcx_validator_free(v);
}

/* push_text: the same findings as parse + push; not JSON is rejected
 * with the parser's message. */
static void test_push_text(void)
{
    gcx_validator *v = mk(NULL, 0);
    gcx_error e;
    gcx_outcome o;
    static const char esc[] = "{\"schemaVersion\":\"1.0\",\"recordType\":"
        "\"per\\u0073on\",\"x\":1}";

    CU_ASSERT_EQUAL(gcx_validator_push_text(v, PERSON, strlen(PERSON), "t",
                                            NULL, 1, 1, &e), GCX_OK);
    CU_ASSERT(gcx_validator_next(v, GCX_SEV_ERROR, &o) && o.nfindings == 0);
    /* an escape: the real parser, the same checks */
    CU_ASSERT_EQUAL(gcx_validator_push_text(v, esc, strlen(esc), "t", NULL,
                                            2, 2, &e), GCX_OK);
    CU_ASSERT_FATAL(gcx_validator_next(v, GCX_SEV_ERROR, &o));
    CU_ASSERT_STRING_EQUAL(o.findings[0].rule, "schema.required");
    CU_ASSERT_STRING_EQUAL(o.findings[o.nfindings - 1].pointer, "/x");
    CU_ASSERT_EQUAL(gcx_validator_push_text(v, "{\"a\":1,\"a\":2}", 13, "t",
                                            NULL, 3, 3, &e), GCX_OK);
    CU_ASSERT_FATAL(gcx_validator_next(v, GCX_SEV_ERROR, &o));
    CU_ASSERT_EQUAL(o.nfindings, 1);
    CU_ASSERT_STRING_EQUAL(o.findings[0].rule, "input.syntax");
    CU_ASSERT(strstr(o.findings[0].en, "column 8: ") == o.findings[0].en);
    CU_ASSERT(strstr(o.findings[0].en, "duplicate") != NULL);
    CU_ASSERT(strstr(o.findings[0].ar, o.findings[0].en) != NULL);
    CU_ASSERT_EQUAL(o.len, 13);
    CU_ASSERT_EQUAL(gcx_validator_counts(v).read, 3);
    gcx_validator_free(v);
}

static const char XSD[] =
    "<?xml version=\"1.0\"?>\n"
    "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n"
    " <xs:element name=\"persons\"><xs:complexType><xs:sequence>\n"
    "  <xs:element name=\"person\" maxOccurs=\"unbounded\">\n"
    "   <xs:complexType><xs:sequence>\n"
    "    <xs:element name=\"cpr\"><xs:simpleType>\n"
    "     <xs:restriction base=\"xs:string\">\n"
    "      <xs:pattern value=\"[0-9]{9}\"/></xs:restriction>\n"
    "    </xs:simpleType></xs:element>\n"
    "    <xs:element name=\"born\" type=\"xs:date\"/>\n"
    "   </xs:sequence></xs:complexType></xs:element>\n"
    " </xs:sequence></xs:complexType></xs:element>\n"
    "</xs:schema>\n";

static char tmpdir[64];

static const char *tmpfile_with(const char *name, const char *text)
{
    static char path[4][128];
    static int k;
    char *p = path[k++ & 3];
    FILE *f;

    if (!tmpdir[0]) {
        strcpy(tmpdir, "/tmp/gcx-test-xsd.XXXXXX");
        CU_ASSERT_FATAL(mkdtemp(tmpdir) != NULL);
    }
    snprintf(p, sizeof path[0], "%s/%s", tmpdir, name);
    f = fopen(p, "w");
    CU_ASSERT_FATAL(f != NULL);
    fputs(text, f);
    fclose(f);
    return p;
}

typedef struct xerrs {
    int n;
    unsigned long line[8];
} xerrs;

static void on_xsd_error(void *ctx, const gcx_error *e)
{
    xerrs *x = ctx;

    if (x->n < 8)
        x->line[x->n] = e->line;
    x->n++;
    CU_ASSERT_EQUAL(e->code, GCX_E_INVALID);
    CU_ASSERT(e->message[0] != '\0');
}

static gcx_status xsd_check(const gcx_xsd *x, const char *path, xerrs *xe,
                            unsigned long long *n, gcx_error *e)
{
    gcx_input *in = NULL;
    gcx_status st;

    memset(xe, 0, sizeof *xe);
    CU_ASSERT_EQUAL_FATAL(gcx_input_open(&in, path, e), GCX_OK);
    st = gcx_xsd_validate(x, in, on_xsd_error, xe, n, e);
    gcx_input_close(in);
    return st;
}

static void test_xsd(void)
{
    gcx_xsd *x = NULL;
    gcx_error e;
    xerrs xe;
    unsigned long long n;
    const char *good, *bad, *broken, *xxe;

    CU_ASSERT_EQUAL_FATAL(gcx_xsd_load(&x, tmpfile_with("p.xsd", XSD), &e),
                          GCX_OK);
    good = tmpfile_with("good.xml", "<persons>\n<person><cpr>850412345</cpr>"
                        "<born>1985-04-17</born></person>\n</persons>\n");
    CU_ASSERT_EQUAL(xsd_check(x, good, &xe, &n, &e), GCX_OK);
    CU_ASSERT_EQUAL(n, 0);
    bad = tmpfile_with("bad.xml", "<persons>\n<person><cpr>85041234</cpr>"
                       "<born>1985-04-17</born></person>\n<person>\n"
                       "<cpr>850412345</cpr><born>1985-02-30</born>"
                       "</person>\n</persons>\n");
    CU_ASSERT_EQUAL(xsd_check(x, bad, &xe, &n, &e), GCX_E_INVALID);
    CU_ASSERT_EQUAL(n, 2);
    CU_ASSERT_EQUAL(xe.n, 2);
    CU_ASSERT_EQUAL(xe.line[0], 2);
    CU_ASSERT_EQUAL(xe.line[1], 4);
    CU_ASSERT_EQUAL(e.line, 2);
    broken = tmpfile_with("broken.xml", "<persons>\n<person><cpr>1</cpr>"
                          "\n</persons>\n");
    CU_ASSERT_EQUAL(xsd_check(x, broken, &xe, &n, &e), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(e.line, 3);
    xxe = tmpfile_with("xxe.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE "
                       "persons [<!ENTITY e SYSTEM \"/etc/passwd\">]>\n"
                       "<persons>&e;</persons>\n");
    CU_ASSERT_EQUAL(xsd_check(x, xxe, &xe, &n, &e), GCX_E_INVALID);
    CU_ASSERT(strstr(e.message, "refused") != NULL);
    gcx_xsd_free(x);
    gcx_xsd_free(NULL);
    CU_ASSERT_EQUAL(gcx_xsd_load(&x, tmpfile_with("no.xsd", "<a/>"), &e),
                    GCX_E_CONFIG);
    CU_ASSERT_PTR_NULL(x);
    CU_ASSERT_EQUAL(gcx_xsd_load(&x, "/nonexistent.xsd", &e), GCX_E_IO);
    unlink(tmpfile_with("p.xsd", ""));
    unlink(good);
    unlink(bad);
    unlink(broken);
    unlink(xxe);
    unlink(tmpfile_with("no.xsd", ""));
    rmdir(tmpdir);
}

static void test_cleanup(void)
{
    gcx_schema_free(S);
    gcx_codes_free(C);
    S = NULL;
    C = NULL;
    gcx_rules_thread_cleanup();
}

static const gcx_unit_case cases[] = {
    {"rule catalogue and defaults", test_catalogue},
    {"a valid record of each type", test_valid_records},
    {"structural rules and pointers", test_structural},
    {"domain rule groups", test_domain},
    {"EGDI mean, DOMAIN.md 2022", test_egdi_mean},
    {"group hold and release order", test_group_hold_order},
    {"max_pending overflow", test_max_pending},
    {"profiles", test_profiles},
    {"default profile = built-in", test_default_profile},
    {"counts reconcile, rejects", test_counts_and_reject},
    {"text, value cut, finding cap", test_outcome_details},
    {"options", test_options},
    {"out of memory", test_nomem},
    {"fast parse = gcx_json_parse", test_fast_parse},
    {"push_text", test_push_text},
    {"streaming XSD", test_xsd},
    {"cleanup", test_cleanup},
    {NULL, NULL}
};

GCX_UNIT_MAIN("validate", cases)
