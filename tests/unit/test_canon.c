/* tests/unit/test_canon.c - unit tests for canonical JSON (lib/canon.c).
 *
 * RFC 8785's own examples (the worked example, the key sorting example,
 * the number table of appendix B); keys in non-ASCII and astral
 * characters; escapes; numbers and the inexact-number notes; NFC; set
 * ordering from the schema (keyed, whole-value, nested); fingerprints
 * and the stamped form; the same record through two JSON spellings and
 * through canonical XML; every error with its path; out of memory.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <gcx/alloc.h>
#include <gcx/buf.h>
#include <gcx/canon.h>
#include <gcx/canon_xml.h>
#include <gcx/error.h>
#include <gcx/json.h>
#include <gcx/schema.h>
#include <gcx/xml_out.h>

#include "unit.h"

#define XML_OPTS (XML_PARSE_NONET | XML_PARSE_NOENT)

static gcx_schema *schema;
static gcx_error err;

static int setup_schema(void)
{
    if (schema)
        return 1;
    gcx_error_clear(&err);
    if (gcx_schema_load(&schema, unit_data_path(
                            "mappings/canonical/gcx-canonical-v1.json"),
                        &err) != GCX_OK) {
        fprintf(stderr, "cannot load the schema: %s\n", err.message);
        return 0;
    }
    return 1;
}

static gcx_json *parse_json(gcx_arena *a, const char *text)
{
    gcx_json *v = NULL;
    gcx_error e;

    gcx_error_clear(&e);
    if (gcx_json_parse(text, strlen(text), "t.json", NULL, a, &v, &e))
        fprintf(stderr, "bad test JSON: %s: %s\n", e.message, text);
    return v;
}

/* canon_opt: the canonical form of json (new: free() it), or NULL on
 * error (status in *st, details in err). notes may be NULL. */
static char *canon_opt(const gcx_schema *s, const gcx_canon_options *o,
                       const char *json, gcx_status *st,
                       gcx_canon_notes *notes)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *v = parse_json(a, json);
    gcx_canon *c = NULL;
    gcx_buf b;
    char *r = NULL;

    *st = GCX_E_INTERNAL;
    gcx_buf_init(&b, 0);
    gcx_error_clear(&err);
    if (v && gcx_canon_new(&c, s, o, &err) == GCX_OK) {
        *st = gcx_canon_record(c, v, &b, notes, &err);
        if (*st == GCX_OK)
            r = gcx_buf_steal(&b);
    }
    gcx_canon_free(c);
    gcx_buf_free(&b);
    gcx_arena_free(a);
    return r;
}

/* expect_with: json's canonical form with schema s and options o is
 * want. */
static void expect_with(const gcx_schema *s, const gcx_canon_options *o,
                        const char *json, const char *want)
{
    gcx_status st;
    char *got = canon_opt(s, o, json, &st, NULL);

    CU_ASSERT_EQUAL(st, GCX_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "\n  input: %s\n  want:  %s\n  got:   %s\n", json,
                want, got);
    CU_ASSERT_STRING_EQUAL(got, want);
    free(got);
}

/* expect: no schema, text in NFC. */
static void expect(const char *json, const char *want)
{
    expect_with(NULL, NULL, json, want);
}

/* expect_jcs: plain RFC 8785: no schema, no NFC. */
static void expect_jcs(const char *json, const char *want)
{
    gcx_canon_options o = gcx_canon_options_default();

    o.no_nfc = 1;
    expect_with(NULL, &o, json, want);
}

/* expect_error: json fails with code, err.path path and a message
 * containing part. */
static void expect_error(const char *json, gcx_status code,
                         const char *path, const char *part)
{
    gcx_status st;
    char *got = canon_opt(NULL, NULL, json, &st, NULL);

    CU_ASSERT_PTR_NULL(got);
    free(got);
    CU_ASSERT_EQUAL(st, code);
    CU_ASSERT_EQUAL(err.code, code);
    CU_ASSERT_STRING_EQUAL(err.path, path);
    if (!strstr(err.message, part))
        fprintf(stderr, "\n  message: %s\n  wanted:  %s\n", err.message,
                part);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, part));
}

/* ------------------------------------------------------------ RFC 8785 */

/* RFC 8785 section 3.2.2: the worked example. */
static void test_rfc_example(void)
{
    expect("{\"numbers\":[333333333.33333329,1E30,4.50,2e-3,"
           "0.000000000000000000000000001],"
           "\"string\":\"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c"
           "\\\\\\\"\\/\",\"literals\":[null,true,false]}",
           "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,"
           "1e+30,4.5,0.002,1e-27],\"string\":\"\xe2\x82\xac$\\u000f\\nA'B"
           "\\\"\\\\\\\\\\\"/\"}");
}

#define RFC_SORT_INPUT                                                      \
    "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\","               \
    "\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\",\"1\":\"One\","        \
    "\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","  \
    "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}"

/* RFC 8785 section 3.2.3: the sorting example, exactly as published
 * (plain JCS), and with our NFC step: U+FB33 is a composition exclusion,
 * so NFC turns it into U+05D3 U+05BC, which sorts before U+20AC. */
static void test_rfc_sorting(void)
{
    expect_jcs(RFC_SORT_INPUT,
               "{\"\\r\":\"Carriage Return\",\"1\":\"One\","
               "\"\xc2\x80\":\"Control\","
               "\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\","
               "\"\xe2\x82\xac\":\"Euro Sign\","
               "\"\xf0\x9f\x98\x80\":\"Emoji: Grinning Face\","
               "\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}");
    expect(RFC_SORT_INPUT,
           "{\"\\r\":\"Carriage Return\",\"1\":\"One\","
           "\"\xc2\x80\":\"Control\","
           "\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\","
           "\"\xd7\x93\xd6\xbc\":\"Hebrew Letter Dalet With Dagesh\","
           "\"\xe2\x82\xac\":\"Euro Sign\","
           "\"\xf0\x9f\x98\x80\":\"Emoji: Grinning Face\"}");
}

/* number_bits: the double with IEEE bits, written with 17 significant
 * digits, comes out as want. */
static void number_bits(uint64_t bits, const char *want)
{
    double d;
    char in[64], out[64];

    memcpy(&d, &bits, sizeof d);
    snprintf(in, sizeof in, "[%.17g]", d);
    snprintf(out, sizeof out, "[%s]", want);
    expect(in, out);
}

/* RFC 8785 appendix B: the number table (NaN and Infinity cannot be
 * written in JSON; 1e400 is refused in test_errors). */
static void test_rfc_numbers(void)
{
    number_bits(0x0000000000000000ULL, "0");
    number_bits(0x8000000000000000ULL, "0");
    number_bits(0x0000000000000001ULL, "5e-324");
    number_bits(0x8000000000000001ULL, "-5e-324");
    number_bits(0x7fefffffffffffffULL, "1.7976931348623157e+308");
    number_bits(0xffefffffffffffffULL, "-1.7976931348623157e+308");
    number_bits(0x4340000000000000ULL, "9007199254740992");
    number_bits(0xc340000000000000ULL, "-9007199254740992");
    number_bits(0x4430000000000000ULL, "295147905179352830000");
    number_bits(0x44b52d02c7e14af5ULL, "9.999999999999997e+22");
    number_bits(0x44b52d02c7e14af6ULL, "1e+23");
    number_bits(0x44b52d02c7e14af7ULL, "1.0000000000000001e+23");
    number_bits(0x444b1ae4d6e2ef4eULL, "999999999999999700000");
    number_bits(0x444b1ae4d6e2ef4fULL, "999999999999999900000");
    number_bits(0x444b1ae4d6e2ef50ULL, "1e+21");
    number_bits(0x3eb0c6f7a0b5ed8cULL, "9.999999999999997e-7");
    number_bits(0x3eb0c6f7a0b5ed8dULL, "0.000001");
    number_bits(0x41b3de4355555553ULL, "333333333.3333332");
    number_bits(0x41b3de4355555554ULL, "333333333.33333325");
    number_bits(0x41b3de4355555555ULL, "333333333.3333333");
    number_bits(0x41b3de4355555556ULL, "333333333.3333334");
    number_bits(0x41b3de4355555557ULL, "333333333.33333343");
    number_bits(0xbecbf647612f3696ULL, "-0.0000033333333333333333");
    number_bits(0x43143ff3c1cb0959ULL, "1424953923781206.2");
}

/* ------------------------------------------------------- keys, escapes */

/* Keys compare as UTF-16 code units: astral characters (surrogates
 * D800-DBFF) sort below U+E000-U+FFFF, though their UTF-8 bytes and code
 * points are above. */
static void test_keys_utf16_order(void)
{
    expect("{\"\\uffff\":1,\"\\ud83d\\ude00\":2,\"\\ue000\":3,"
           "\"\\ud7ff\":4,\"\\u00e9\":5,\"z\":6,\"\\ud800\\udc00\":7,"
           "\"\\uff01\":8,\"\":9,\"zz\":10}",
           "{\"\":9,\"z\":6,\"zz\":10,\"\xc3\xa9\":5,\"\xed\x9f\xbf\":4,"
           "\"\xf0\x90\x80\x80\":7,\"\xf0\x9f\x98\x80\":2,"
           "\"\xee\x80\x80\":3,\"\xef\xbc\x81\":8,\"\xef\xbf\xbf\":1}");
    /* the difference after a common prefix, in a continuation byte */
    expect("{\"a\\u00e9b\":1,\"a\\u00e8b\":2,\"a\\ufb01\":3,"
           "\"a\\ud83d\\ude00\":4,\"a\":5}",
           "{\"a\":5,\"a\xc3\xa8" "b\":2,\"a\xc3\xa9" "b\":1,"
           "\"a\xf0\x9f\x98\x80\":4,\"a\xef\xac\x81\":3}");
    /* Arabic keys, nested objects sorted too */
    expect("{\"\\u0627\\u0633\\u0645\":{\"b\":1,\"a\":2},"
           "\"\\u0628\":[{\"y\":1,\"x\":2}]}",
           "{\"\xd8\xa7\xd8\xb3\xd9\x85\":{\"a\":2,\"b\":1},"
           "\"\xd8\xa8\":[{\"x\":2,\"y\":1}]}");
}

static void test_escapes(void)
{
    expect("[\"\\u001F\\u001f\\/\\u007f\\b\\f\\n\\r\\t\\u0000\\u2028"
           "\\\"\\\\\\u0041\\u00e9\\u000B\"]",
           "[\"\\u001f\\u001f/\x7f\\b\\f\\n\\r\\t\\u0000\xe2\x80\xa8"
           "\\\"\\\\A\xc3\xa9\\u000b\"]");
    expect("{\"k\\u0001\\\"\":\"\\ud83d\\ude00\"}",
           "{\"k\\u0001\\\"\":\"\xf0\x9f\x98\x80\"}");
    expect("[\"\",{},[],null,true,false]", "[\"\",{},[],null,true,false]");
    expect("  \"top\"  ", "\"top\"");
}

/* ------------------------------------------------------------- numbers */

static void test_numbers(void)
{
    expect("[-0,0,-0.0,0e5,1e21,1e-7,5e-324,0.1,1.2345678901234568e20]",
           "[0,0,0,0,1e+21,1e-7,5e-324,0.1,123456789012345680000]");
    expect("[1E2,1e+2,100.000,4.50,2e-3,0.000001,0.0000001,123e-20]",
           "[100,100,100,4.5,0.002,0.000001,1e-7,1.23e-18]");
    expect("[999999999999999,-999999999999999,123456789012345]",
           "[999999999999999,-999999999999999,123456789012345]");
    expect("[1e20,1e21,100000000000000000000,-1e-6,-1e-7,1.5e300]",
           "[100000000000000000000,1e+21,100000000000000000000,-0.000001,"
           "-1e-7,1.5e+300]");
    /* 2^53 + 1 is not a double: the nearest, 2^53, is written */
    expect("[9007199254740993,9007199254740992,18014398509481985]",
           "[9007199254740992,9007199254740992,18014398509481984]");
    expect("[12345678901234567890123,0.30000000000000001,1e-400]",
           "[1.2345678901234568e+22,0.3,0]");
    /* a power of two whose nearest 16-digit decimal is below it and
     * does not read back: the next one up is the shortest */
    expect("[7.1202363472230444e-307]", "[7.120236347223045e-307]");
}

/* notes: numbers whose value changed are counted, the first located. */
static void test_inexact_notes(void)
{
    gcx_canon_notes n;
    gcx_status st;
    char *got;

    got = canon_opt(NULL, NULL,
                    "{\"provenance\":{\"record\":9007199254740993},\n"
                    " \"a\":[1.10,9007199254740992,1e21,-0,0.1,1e400000],\n"
                    " \"b\":[1,2,123456789012345678901234567890]}",
                    &st, &n);
    CU_ASSERT_EQUAL(st, GCX_E_INVALID); /* 1e400000 */
    free(got);
    got = canon_opt(NULL, NULL,
                    "{\"provenance\":{\"record\":9007199254740993},\n"
                    " \"a\":[1.10,9007199254740992,1e21,-0,0.1,70e-1],\n"
                    " \"b\":[1,2,123456789012345678901234567890]}",
                    &st, &n);
    CU_ASSERT_EQUAL_FATAL(st, GCX_OK);
    CU_ASSERT_STRING_EQUAL(got, "{\"a\":[1.1,9007199254740992,1e+21,0,0.1,"
                                "7],\"b\":[1,2,1.2345678901234568e+29],"
                                "\"provenance\":{\"record\":"
                                "9007199254740992}}");
    free(got);
    /* the first met in canonical order: "b" before "provenance" */
    CU_ASSERT_EQUAL(n.inexact, 2);
    CU_ASSERT_EQUAL(n.first.severity, GCX_SEV_WARNING);
    CU_ASSERT_STRING_EQUAL(n.first.path, "/b/2");
    CU_ASSERT_EQUAL(n.first.line, 3);
    CU_ASSERT_EQUAL(n.first.column, 11);
    CU_ASSERT_PTR_NOT_NULL(strstr(n.first.message,
                                  "123456789012345678901234567890"));
    CU_ASSERT_PTR_NOT_NULL(strstr(n.first.message,
                                  "1.2345678901234568e+29"));
    got = canon_opt(NULL, NULL, "{\"p\":{\"record\":9007199254740993}}",
                    &st, &n);
    CU_ASSERT_EQUAL(n.inexact, 1);
    CU_ASSERT_STRING_EQUAL(n.first.path, "/p/record");
    CU_ASSERT_STRING_EQUAL(n.first.message, "number 9007199254740993 is "
                           "not exact as an IEEE double: written as "
                           "9007199254740992");
    free(got);
    got = canon_opt(NULL, NULL, "[1,2.5,9007199254740992,1e300,-0.0]", &st,
                    &n);
    CU_ASSERT_EQUAL(n.inexact, 0);
    CU_ASSERT_EQUAL(n.first.message[0], '\0');
    free(got);
}

/* ----------------------------------------------------------------- NFC */

static void test_nfc(void)
{
    /* a decomposed e + U+0301 key and value become U+00E9 */
    expect("{\"e\\u0301\":\"caf\\u0065\\u0301\"}",
           "{\"\xc3\xa9\":\"caf\xc3\xa9\"}");
    /* a Hangul jamo sequence L V T becomes one syllable U+AC01 */
    expect("[\"\\u1100\\u1161\\u11a8\"]", "[\"\xea\xb0\x81\"]");
    /* Arabic marks in canonical order: fatha (30) before shadda (33) */
    expect("[\"\\u0628\\u0651\\u064e\"]",
           "[\"\xd8\xa8\xd9\x8e\xd9\x91\"]");
    /* already NFC: unchanged, compatibility characters kept */
    expect("[\"\\u0645\\u062d\\u0645\\u062f\",\"\\ufb01\",\"\\u00e9\"]",
           "[\"\xd9\x85\xd8\xad\xd9\x85\xd8\xaf\",\"\xef\xac\x81\","
           "\"\xc3\xa9\"]");
    /* a key that becomes another after NFC sorts by its NFC form */
    expect("{\"f\":1,\"e\\u0301\":2,\"z\":3}",
           "{\"f\":1,\"z\":3,\"\xc3\xa9\":2}");
    /* no_nfc keeps the text as written */
    expect_jcs("[\"e\\u0301\"]", "[\"e\xcc\x81\"]");
}

/* ---------------------------------------------------------------- sets */

#define PERSON_A                                                            \
    "{\"schemaVersion\":\"1.0\",\"recordType\":\"person\","                 \
    "\"identifiers\":[{\"scheme\":\"PASSPORT\",\"value\":\"P1\"},"          \
    "{\"scheme\":\"AE-EID\",\"value\":\"784199012345676\","                 \
    "\"state\":\"AE\"},{\"scheme\":\"PASSPORT\",\"value\":\"P0\"}],"        \
    "\"addresses\":[{\"country\":\"ARE\",\"poBox\":\"2\"},"                 \
    "{\"country\":\"ARE\",\"poBox\":\"1\"}],"                               \
    "\"phones\":[{\"type\":\"work\",\"number\":\"+97124567890\"},"          \
    "{\"type\":\"mobile\",\"number\":\"+971501234567\"}]}"

#define PERSON_B                                                            \
    "{\"phones\":[{\"number\":\"+971501234567\",\"type\":\"mobile\"},"      \
    "{\"type\":\"work\",\"number\":\"+97124567890\"}],"                     \
    "\"identifiers\":[{\"scheme\":\"PASSPORT\",\"value\":\"P0\"},"          \
    "{\"value\":\"P1\",\"scheme\":\"PASSPORT\"},"                           \
    "{\"state\":\"AE\",\"scheme\":\"AE-EID\","                              \
    "\"value\":\"784199012345676\"}],"                                      \
    "\"addresses\":[{\"country\":\"ARE\",\"poBox\":\"2\"},"                 \
    "{\"country\":\"ARE\",\"poBox\":\"1\"}],"                               \
    "\"recordType\":\"person\",\"schemaVersion\":\"1.0\"}"

#define PERSON_CANON                                                        \
    "{\"addresses\":[{\"country\":\"ARE\",\"poBox\":\"2\"},"                \
    "{\"country\":\"ARE\",\"poBox\":\"1\"}],"                               \
    "\"identifiers\":[{\"scheme\":\"AE-EID\",\"state\":\"AE\","             \
    "\"value\":\"784199012345676\"},{\"scheme\":\"PASSPORT\","              \
    "\"value\":\"P0\"},{\"scheme\":\"PASSPORT\",\"value\":\"P1\"}],"        \
    "\"phones\":[{\"number\":\"+97124567890\",\"type\":\"work\"},"          \
    "{\"number\":\"+971501234567\",\"type\":\"mobile\"}],"                  \
    "\"recordType\":\"person\",\"schemaVersion\":\"1.0\"}"

/* Identifiers (keyed by scheme, value) and phones (by number) sorted;
 * addresses (not a set) kept; two permutations give the same bytes. */
static void test_sets_keyed(void)
{
    CU_ASSERT_FATAL(setup_schema());
    expect_with(schema, NULL, PERSON_A, PERSON_CANON);
    expect_with(schema, NULL, PERSON_B, PERSON_CANON);
    /* activities: keyed by code, whatever else the items hold */
    expect_with(schema, NULL,
                "{\"recordType\":\"establishment\",\"activities\":["
                "{\"code\":\"4711\",\"description\":{\"en\":\"B\"}},"
                "{\"description\":{\"en\":\"A\"},\"code\":\"0111\"}]}",
                "{\"activities\":[{\"code\":\"0111\",\"description\":"
                "{\"en\":\"A\"}},{\"code\":\"4711\",\"description\":"
                "{\"en\":\"B\"}}],\"recordType\":\"establishment\"}");
    /* a missing set key sorts first; equal keys: by the whole item */
    expect_with(schema, NULL,
                "{\"recordType\":\"person\",\"identifiers\":["
                "{\"scheme\":\"A\",\"value\":\"1\",\"state\":\"SA\"},"
                "{\"scheme\":\"A\",\"value\":\"1\",\"state\":\"AE\"},"
                "{\"value\":\"2\"},\"x\"]}",
                "{\"identifiers\":[\"x\",{\"value\":\"2\"},"
                "{\"scheme\":\"A\",\"state\":\"AE\",\"value\":\"1\"},"
                "{\"scheme\":\"A\",\"state\":\"SA\",\"value\":\"1\"}],"
                "\"recordType\":\"person\"}");
}

static void test_sets_whole_value(void)
{
    CU_ASSERT_FATAL(setup_schema());
    expect_with(schema, NULL,
                "{\"recordType\":\"service\",\"channels\":[\"online\","
                "\"kiosk\",\"email\"],\"audience\":[\"residents\","
                "\"citizens\"],\"costs\":[{\"value\":{\"amount\":\"2\"}},"
                "{\"value\":{\"amount\":\"1\"}}]}",
                "{\"audience\":[\"citizens\",\"residents\"],\"channels\":"
                "[\"email\",\"kiosk\",\"online\"],\"costs\":[{\"value\":"
                "{\"amount\":\"2\"}},{\"value\":{\"amount\":\"1\"}}],"
                "\"recordType\":\"service\"}");
}

/* Where the schema does not apply, arrays keep their order. */
static void test_sets_not_applied(void)
{
    gcx_canon_options o = gcx_canon_options_default();
    static const char in[] =
        "{\"recordType\":\"person\",\"phones\":[{\"number\":\"+2\"},"
        "{\"number\":\"+1\"}],\"extra\":[\"b\",\"a\"]}";

    CU_ASSERT_FATAL(setup_schema());
    /* unknown member kept, known set sorted */
    expect_with(schema, NULL, in,
                "{\"extra\":[\"b\",\"a\"],\"phones\":[{\"number\":\"+1\"},"
                "{\"number\":\"+2\"}],\"recordType\":\"person\"}");
    /* no schema, --no-sets */
    expect_with(NULL, NULL, in,
                "{\"extra\":[\"b\",\"a\"],\"phones\":[{\"number\":\"+2\"},"
                "{\"number\":\"+1\"}],\"recordType\":\"person\"}");
    o.no_sets = 1;
    expect_with(schema, &o, in,
                "{\"extra\":[\"b\",\"a\"],\"phones\":[{\"number\":\"+2\"},"
                "{\"number\":\"+1\"}],\"recordType\":\"person\"}");
    /* unknown record type; recordType not a string; a set of the wrong
     * JSON type: written without sorting, no error */
    expect_with(schema, NULL,
                "{\"recordType\":\"thing\",\"identifiers\":[\"b\",\"a\"]}",
                "{\"identifiers\":[\"b\",\"a\"],\"recordType\":\"thing\"}");
    expect_with(schema, NULL,
                "{\"recordType\":1,\"identifiers\":[\"b\",\"a\"]}",
                "{\"identifiers\":[\"b\",\"a\"],\"recordType\":1}");
    expect_with(schema, NULL,
                "{\"recordType\":\"person\",\"identifiers\":{\"b\":1,"
                "\"a\":[2,1]},\"name\":[3,1]}",
                "{\"identifiers\":{\"a\":[2,1],\"b\":1},\"name\":[3,1],"
                "\"recordType\":\"person\"}");
    /* the record type is found in NFC-free ASCII only; an array record */
    expect_with(schema, NULL, "[{\"recordType\":\"person\",\"phones\":"
                "[\"b\",\"a\"]}]", "[{\"phones\":[\"b\",\"a\"],"
                "\"recordType\":\"person\"}]");
}

static const char nested_schema[] =
    "{\"name\":\"t\",\"version\":\"1.0.0\",\"namespace\":\"urn:t\","
    "\"types\":{},\"envelope\":{\"properties\":{\"recordType\":"
    "{\"type\":\"string\",\"required\":true}}},"
    "\"records\":{\"group\":{\"properties\":{"
    "\"members\":{\"type\":\"array\",\"set\":[\"id\"],\"items\":"
    "{\"type\":\"object\",\"properties\":{"
    "\"id\":{\"type\":\"string\",\"required\":true},"
    "\"tags\":{\"type\":\"array\",\"set\":true,\"items\":"
    "{\"type\":\"string\"}},"
    "\"steps\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}},"
    "\"matrix\":{\"type\":\"array\",\"set\":true,\"items\":"
    "{\"type\":\"array\",\"set\":true,\"items\":{\"type\":\"integer\"}}}"
    "}}}}";

/* Sets inside set items: inner sets are sorted first, then the outer set
 * by the inner items' canonical bytes (bytewise: "[1,2,3]" before
 * "[1,2]", as ',' is below ']'). */
static void test_sets_nested(void)
{
    char path[] = "/tmp/gcx-canon-schema-XXXXXX";
    gcx_schema *s = NULL;
    FILE *f;
    int fd;

    fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    f = fdopen(fd, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(nested_schema, f);
    fclose(f);
    gcx_error_clear(&err);
    CU_ASSERT_EQUAL(gcx_schema_load(&s, path, &err), GCX_OK);
    unlink(path);
    if (!s)
        fprintf(stderr, "nested schema: %s\n", err.message);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    expect_with(s, NULL,
                "{\"recordType\":\"group\",\"members\":["
                "{\"id\":\"b\",\"tags\":[\"z\",\"y\"],\"steps\":[\"2\","
                "\"1\"]},{\"tags\":[\"q\",\"p\"],\"id\":\"a\"}],"
                "\"matrix\":[[3,1,2],[2,1],[1,3,2]]}",
                "{\"matrix\":[[1,2,3],[1,2,3],[1,2]],\"members\":["
                "{\"id\":\"a\",\"tags\":[\"p\",\"q\"]},{\"id\":\"b\","
                "\"steps\":[\"2\",\"1\"],\"tags\":[\"y\",\"z\"]}],"
                "\"recordType\":\"group\"}");
    /* the outer order depends on the inner sorted bytes */
    expect_with(s, NULL,
                "{\"recordType\":\"group\",\"matrix\":[[9,0],[1,8]]}",
                "{\"matrix\":[[0,9],[1,8]],\"recordType\":\"group\"}");
    gcx_schema_free(s);
}

/* -------------------------------------------------------- fingerprints */

static void test_fingerprint(void)
{
    char hex[65];
    gcx_canon *c = NULL;

    CU_ASSERT_EQUAL(gcx_canon_fingerprint("abc", 3, hex), GCX_OK);
    CU_ASSERT_STRING_EQUAL(hex, "ba7816bf8f01cfea414140de5dae2223"
                                "b00361a396177a9cb410ff61f20015ad");
    CU_ASSERT_EQUAL(gcx_canon_fingerprint(NULL, 0, hex), GCX_OK);
    CU_ASSERT_STRING_EQUAL(hex, "e3b0c44298fc1c149afbf4c8996fb924"
                                "27ae41e4649b934ca495991b7852b855");
    CU_ASSERT_EQUAL(gcx_canon_fingerprint(NULL, 1, hex), GCX_E_USAGE);
    CU_ASSERT_EQUAL(gcx_canon_new(&c, NULL, NULL, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_canon_digest(c, "abc", 3, hex, &err), GCX_OK);
    CU_ASSERT_STRING_EQUAL(hex, "ba7816bf8f01cfea414140de5dae2223"
                                "b00361a396177a9cb410ff61f20015ad");
    CU_ASSERT_EQUAL(gcx_canon_digest(c, "{}", 2, hex, &err), GCX_OK);
    CU_ASSERT_STRING_EQUAL(hex, "44136fa355b3678a1146ad16f7e8649e"
                                "94fb4fc21fe77e8310c060f61caaff8a");
    gcx_canon_free(c);
}

/* stamped: json stamped is want_prefix + the fingerprint of the plain
 * canonical form + want_suffix, and removing the member gives it. */
static void stamped(const char *json, const char *plain,
                    const char *want_prefix, const char *want_suffix)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *v = parse_json(a, json);
    gcx_canon *c = NULL;
    char hex[65], ref[65], want[512];
    gcx_buf b;

    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL_FATAL(gcx_canon_new(&c, NULL, NULL, &err), GCX_OK);
    gcx_buf_init(&b, 0);
    gcx_buf_puts(&b, "kept:");
    CU_ASSERT_EQUAL(gcx_canon_record_stamped(c, v, &b, hex, NULL, &err),
                    GCX_OK);
    gcx_canon_fingerprint(plain, strlen(plain), ref);
    CU_ASSERT_STRING_EQUAL(hex, ref);
    snprintf(want, sizeof want, "kept:%s\"fingerprint\":\"sha256:%s\"%s",
             want_prefix, ref, want_suffix);
    CU_ASSERT_STRING_EQUAL(b.data, want);
    /* the context still writes plain records afterwards */
    gcx_buf_reset(&b);
    CU_ASSERT_EQUAL(gcx_canon_record(c, v, &b, NULL, &err), GCX_OK);
    CU_ASSERT_STRING_EQUAL(b.data, plain);
    gcx_buf_free(&b);
    gcx_canon_free(c);
    gcx_arena_free(a);
}

static void test_stamped(void)
{
    gcx_arena *a = gcx_arena_new();
    gcx_canon *c = NULL;
    gcx_buf b;

    stamped("{}", "{}", "{", "}");
    stamped("{\"z\":1,\"a\":[2]}", "{\"a\":[2],\"z\":1}", "{\"a\":[2],",
            ",\"z\":1}");
    stamped("{\"a\":1}", "{\"a\":1}", "{\"a\":1,", "}");
    stamped("{\"g\":1}", "{\"g\":1}", "{", ",\"g\":1}");
    stamped("{\"fingerprints\":1,\"fingerprin\":2}",
            "{\"fingerprin\":2,\"fingerprints\":1}",
            "{\"fingerprin\":2,", ",\"fingerprints\":1}");
    /* only the top level gets the member */
    stamped("{\"x\":{\"b\":{}}}", "{\"x\":{\"b\":{}}}", "{",
            ",\"x\":{\"b\":{}}}");
    CU_ASSERT_EQUAL_FATAL(gcx_canon_new(&c, NULL, NULL, &err), GCX_OK);
    gcx_buf_init(&b, 0);
    gcx_error_clear(&err);
    CU_ASSERT_EQUAL(gcx_canon_record_stamped(c, parse_json(a, "[1]"), &b,
                                             NULL, NULL, &err),
                    GCX_E_INVALID);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "not an object"));
    gcx_error_clear(&err);
    CU_ASSERT_EQUAL(gcx_canon_record_stamped(
                        c, parse_json(a, "{\"a\":1,\"fingerprint\":\"x\"}"),
                        &b, NULL, NULL, &err),
                    GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(err.path, "/fingerprint");
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "already has a member"));
    /* nested "fingerprint" members are data like any other */
    gcx_buf_reset(&b);
    CU_ASSERT_EQUAL(gcx_canon_record_stamped(
                        c, parse_json(a, "{\"x\":{\"fingerprint\":1}}"),
                        &b, NULL, NULL, &err),
                    GCX_OK);
    gcx_buf_free(&b);
    gcx_canon_free(c);
    gcx_arena_free(a);
}

/* ------------------------------------------- one record, two spellings */

/* The same record as two exports would give it: members in another
 * order, sets permuted, text decomposed, escapes, numbers spelled
 * otherwise. Same bytes, same fingerprint. */
static void test_same_record_two_spellings(void)
{
    static const char one[] =
        "{\"schemaVersion\":\"1.0\",\"recordType\":\"person\","
        "\"identifiers\":[{\"scheme\":\"SA-NID\",\"value\":\"1000000008\","
        "\"state\":\"SA\"},{\"scheme\":\"PASSPORT\",\"value\":\"P1\"}],"
        "\"provenance\":{\"mapping\":\"m\",\"mappingVersion\":\"1.0.0\","
        "\"input\":\"a.xml\",\"record\":7},"
        "\"name\":{\"en\":{\"given\":\"Jos\\u00e9\"},\"ar\":{\"given\":"
        "\"\\u0645\\u064e\\u0651\"}},"
        "\"phones\":[{\"type\":\"mobile\",\"number\":\"+966501234567\"},"
        "{\"type\":\"work\",\"number\":\"+966112345678\"}]}";
    static const char two[] =
        "{\"phones\":[{\"number\":\"+966112345678\",\"type\":\"work\"},\n"
        "  {\"number\":\"+966501234567\",\"type\":\"mobile\"}],\n"
        " \"name\":{\"ar\":{\"given\":\"\xd9\x85\xd9\x91\xd9\x8e\"},"
        "\"en\":{\"given\":\"Jose\\u0301\"}},\n"
        " \"provenance\":{\"record\":70e-1,\"input\":\"a.xml\","
        "\"mappingVersion\":\"1.0.0\",\"mapping\":\"\\u006d\"},\n"
        " \"identifiers\":[{\"value\":\"P1\",\"scheme\":\"PASSPORT\"},"
        "{\"state\":\"\\u0053A\",\"value\":\"1000000008\",\"scheme\":"
        "\"SA-NID\"}],\n"
        " \"recordType\":\"person\",\"schemaVersion\":\"1.0\"}";
    gcx_status st;
    char *a, *b, ha[65], hb[65];

    CU_ASSERT_FATAL(setup_schema());
    a = canon_opt(schema, NULL, one, &st, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    b = canon_opt(schema, NULL, two, &st, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_STRING_EQUAL(a, b);
    gcx_canon_fingerprint(a, strlen(a), ha);
    gcx_canon_fingerprint(b, strlen(b), hb);
    CU_ASSERT_STRING_EQUAL(ha, hb);
    free(a);
    free(b);
}

/* canon_record: v's canonical form with the schema, appended to b. */
static gcx_status canon_record(const gcx_json *v, gcx_buf *b)
{
    gcx_error_clear(&err);
    return gcx_canon_write(schema, v, b, &err);
}

/* through_xml: v to canonical XML and back, in arena a. */
static gcx_json *through_xml(const gcx_json *v, gcx_arena *a)
{
    gcx_json *back = NULL;
    xmlDocPtr doc;
    gcx_buf x;
    gcx_xw *w;

    gcx_buf_init(&x, 0);
    w = gcx_xw_new(&x);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    gcx_error_clear(&err);
    CU_ASSERT_EQUAL(gcx_canon_xml_write(schema, w, v, &err), GCX_OK);
    gcx_xw_free(w);
    doc = xmlReadMemory(x.data ? x.data : "", (int)x.len, "t.xml", NULL,
                        XML_OPTS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL(gcx_canon_xml_read(schema, xmlDocGetRootElement(doc),
                                       a, &back, &err),
                    GCX_OK);
    xmlFreeDoc(doc);
    gcx_buf_free(&x);
    return back;
}

/* Every sample record, and a permuted one, through canonical XML and
 * back: the same canonical bytes and fingerprint as from JSON. */
static void test_same_record_xml_and_json(void)
{
    FILE *f = fopen(unit_data_path("samples/canonical/records.ndjson"),
                    "r");
    char line[16384], h1[65], h2[65];
    int n = 0;

    CU_ASSERT_FATAL(setup_schema());
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    while (fgets(line, sizeof line, f)) {
        gcx_arena *a = gcx_arena_new();
        gcx_json *v = parse_json(a, line), *back;
        gcx_buf b1, b2;

        CU_ASSERT_PTR_NOT_NULL_FATAL(v);
        back = through_xml(v, a);
        CU_ASSERT_PTR_NOT_NULL_FATAL(back);
        gcx_buf_init(&b1, 0);
        gcx_buf_init(&b2, 0);
        CU_ASSERT_EQUAL(canon_record(v, &b1), GCX_OK);
        CU_ASSERT_EQUAL(canon_record(back, &b2), GCX_OK);
        CU_ASSERT_STRING_EQUAL(b1.data, b2.data);
        gcx_canon_fingerprint(b1.data, b1.len, h1);
        gcx_canon_fingerprint(b2.data, b2.len, h2);
        CU_ASSERT_STRING_EQUAL(h1, h2);
        gcx_buf_free(&b1);
        gcx_buf_free(&b2);
        gcx_arena_free(a);
        n++;
    }
    fclose(f);
    CU_ASSERT(n >= 10);
    {
        /* XML writes schema order and keeps set order as given: a
         * permuted JSON record and the XML of the other agree */
        gcx_arena *a = gcx_arena_new();
        gcx_json *x = through_xml(parse_json(a, PERSON_A), a);
        gcx_json *y = parse_json(a, PERSON_B);
        gcx_buf b1, b2;

        CU_ASSERT_PTR_NOT_NULL_FATAL(x);
        gcx_buf_init(&b1, 0);
        gcx_buf_init(&b2, 0);
        CU_ASSERT_EQUAL(canon_record(x, &b1), GCX_OK);
        CU_ASSERT_EQUAL(canon_record(y, &b2), GCX_OK);
        CU_ASSERT_STRING_EQUAL(b1.data, PERSON_CANON);
        CU_ASSERT_STRING_EQUAL(b2.data, PERSON_CANON);
        gcx_buf_free(&b1);
        gcx_buf_free(&b2);
        gcx_arena_free(a);
    }
}

/* -------------------------------------------------------------- errors */

static void test_errors(void)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *o, *v, *arr;
    gcx_canon *c = NULL;
    gcx_buf b;
    size_t i;

    expect_error("{\"a\":[0,{\"x\":1e400}]}", GCX_E_INVALID, "/a/1/x",
                 "number 1e400 is beyond the range");
    CU_ASSERT_EQUAL(err.line, 1);
    CU_ASSERT_EQUAL(err.column, 14);
    expect_error("[-1e309]", GCX_E_INVALID, "/0", "beyond the range");
    /* two keys that are one after NFC */
    expect_error("{\"\\u00e9\":1,\"a/b~\":{\"x\":2,\"e\\u0301\":3,"
                 "\"\\u00e9\":4}}",
                 GCX_E_INVALID, "/a~1b~0/\xc3\xa9",
                 "repeated member name \"\xc3\xa9\"");

    CU_ASSERT_EQUAL_FATAL(gcx_canon_new(&c, NULL, NULL, &err), GCX_OK);
    gcx_buf_init(&b, 0);
    /* built values: a repeated key, bad UTF-8, bad number text */
    o = gcx_json_new_object(a, 2);
    gcx_json_object_put(a, o, "k", 1, gcx_json_new_null(a));
    gcx_json_object_put(a, o, "k", 1, gcx_json_new_null(a));
    gcx_error_clear(&err);
    CU_ASSERT_EQUAL(gcx_canon_record(c, o, &b, NULL, &err), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(err.path, "/k");
    CU_ASSERT_EQUAL(err.line, 0);
    o = gcx_json_new_object(a, 1);
    gcx_json_object_put(a, o, "s", 1, gcx_json_new_string(a, "a\xff", 2));
    gcx_error_clear(&err);
    CU_ASSERT_EQUAL(gcx_canon_record(c, o, &b, NULL, &err), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(err.path, "/s");
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "not well-formed UTF-8"));
    o = gcx_json_new_object(a, 1);
    gcx_json_object_put(a, o, "\xed\xa0\x80", 3, gcx_json_new_null(a));
    CU_ASSERT_EQUAL(gcx_canon_record(c, o, &b, NULL, &err), GCX_E_INVALID);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "member name"));
    {
        static const char *const bad[] = {"01", "1.", "+1", "", ".5",
                                          "1e", "--1", "1x", "0x10",
                                          "NaN", "Infinity"};

        for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            v = gcx_json_new_number(a, bad[i], strlen(bad[i]));
            gcx_error_clear(&err);
            CU_ASSERT_EQUAL(gcx_canon_record(c, v, &b, NULL, &err),
                            GCX_E_INVALID);
            CU_ASSERT_STRING_EQUAL(err.message, "not a JSON number");
        }
    }
    /* too deep */
    v = gcx_json_new_null(a);
    for (i = 0; i < GCX_CANON_MAX_DEPTH + 5; i++) {
        arr = gcx_json_new_array(a, 1);
        gcx_json_array_push(a, arr, v);
        v = arr;
    }
    gcx_error_clear(&err);
    CU_ASSERT_EQUAL(gcx_canon_record(c, v, &b, NULL, &err), GCX_E_LIMIT);
    /* the output buffer's maximum */
    gcx_buf_free(&b);
    gcx_buf_init(&b, 8);
    gcx_error_clear(&err);
    CU_ASSERT_EQUAL(gcx_canon_record(c, parse_json(a, "{\"abc\":\"defg\"}"),
                                     &b, NULL, &err),
                    GCX_E_LIMIT);
    /* misuse */
    CU_ASSERT_EQUAL(gcx_canon_record(c, NULL, &b, NULL, &err), GCX_E_USAGE);
    CU_ASSERT_EQUAL(gcx_canon_record(NULL, o, &b, NULL, &err), GCX_E_USAGE);
    CU_ASSERT_EQUAL(gcx_canon_record(c, o, NULL, NULL, NULL), GCX_E_USAGE);
    CU_ASSERT_EQUAL(gcx_canon_new(NULL, NULL, NULL, NULL), GCX_E_USAGE);
    gcx_canon_free(NULL);
    gcx_buf_free(&b);
    gcx_canon_free(c);
    gcx_arena_free(a);
}

/* A long string and a long number (heap paths), a big object and a big
 * set (heapsort), and a context reused across records. */
static void test_large(void)
{
    gcx_arena *a = gcx_arena_new();
    gcx_canon *c = NULL;
    gcx_buf in, out, want;
    gcx_json *v;
    int i;

    CU_ASSERT_FATAL(setup_schema());
    CU_ASSERT_EQUAL_FATAL(gcx_canon_new(&c, schema, NULL, &err), GCX_OK);
    gcx_buf_init(&in, 0);
    gcx_buf_init(&out, 0);
    gcx_buf_init(&want, 0);
    /* 300 keys in reverse order, a 300-item set of phones */
    gcx_buf_puts(&in, "{\"recordType\":\"person\",\"phones\":[");
    for (i = 299; i >= 0; i--)
        gcx_buf_printf(&in, "%s{\"number\":\"+%03d\"}", i < 299 ? "," : "",
                       i);
    gcx_buf_puts(&in, "]");
    for (i = 299; i >= 0; i--)
        gcx_buf_printf(&in, ",\"k%03d\":\"e\\u0301%d\"", i, i);
    gcx_buf_puts(&in, "}");
    gcx_buf_puts(&want, "{");
    for (i = 0; i < 300; i++)
        gcx_buf_printf(&want, "\"k%03d\":\"\xc3\xa9%d\",", i, i);
    gcx_buf_puts(&want, "\"phones\":[");
    for (i = 0; i < 300; i++)
        gcx_buf_printf(&want, "%s{\"number\":\"+%03d\"}", i ? "," : "", i);
    gcx_buf_puts(&want, "],\"recordType\":\"person\"}");
    v = parse_json(a, in.data);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    for (i = 0; i < 3; i++) {
        gcx_buf_reset(&out);
        CU_ASSERT_EQUAL(gcx_canon_record(c, v, &out, NULL, &err), GCX_OK);
        CU_ASSERT_STRING_EQUAL(out.data, want.data);
    }
    /* a 2000-character decomposed string and a 200-digit number */
    gcx_buf_reset(&in);
    gcx_buf_reset(&want);
    gcx_buf_puts(&in, "[\"");
    gcx_buf_puts(&want, "[\"");
    for (i = 0; i < 1000; i++) {
        gcx_buf_puts(&in, "a\\u0308");
        gcx_buf_puts(&want, "\xc3\xa4");
    }
    gcx_buf_puts(&in, "\",1");
    gcx_buf_puts(&want, "\",1e+199]");
    for (i = 0; i < 199; i++)
        gcx_buf_putc(&in, '0');
    gcx_buf_puts(&in, "]");
    v = parse_json(a, in.data);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    gcx_buf_reset(&out);
    CU_ASSERT_EQUAL(gcx_canon_record(c, v, &out, NULL, &err), GCX_OK);
    CU_ASSERT_STRING_EQUAL(out.data, want.data);
    gcx_buf_free(&in);
    gcx_buf_free(&out);
    gcx_buf_free(&want);
    gcx_canon_free(c);
    gcx_arena_free(a);
}

/* Out of memory at every allocation: GCX_E_NOMEM, never a crash. */
static void test_nomem(void)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *v;
    gcx_status st = GCX_E_NOMEM;
    unsigned long n;
    char *good;
    gcx_buf b;

    CU_ASSERT_FATAL(setup_schema());
    v = parse_json(a, "{\"recordType\":\"person\",\"name\":{\"en\":"
                      "{\"given\":\"Jose\\u0301\"}},\"identifiers\":["
                      "{\"scheme\":\"B\",\"value\":\"2\"},{\"scheme\":\"A\","
                      "\"value\":\"1\"}],\"n\":[1.5,12345678901234567]}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    good = canon_opt(schema, NULL, "{\"recordType\":\"person\",\"name\":"
                     "{\"en\":{\"given\":\"Jose\\u0301\"}},\"identifiers\":"
                     "[{\"scheme\":\"B\",\"value\":\"2\"},{\"scheme\":\"A\","
                     "\"value\":\"1\"}],\"n\":[1.5,12345678901234567]}",
                     &st, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(good);
    st = GCX_E_NOMEM;
    for (n = 1; n < 200 && st == GCX_E_NOMEM; n++) {
        gcx_buf_init(&b, 0);
        gcx_error_clear(&err);
        gcx_alloc_fail_after(n);
        st = gcx_canon_write(schema, v, &b, &err);
        gcx_alloc_fail_after(0);
        CU_ASSERT(st == GCX_OK || (st == GCX_E_NOMEM &&
                                   err.code == GCX_E_NOMEM));
        if (!st)
            CU_ASSERT_STRING_EQUAL(b.data, good);
        gcx_buf_free(&b);
    }
    CU_ASSERT_EQUAL(st, GCX_OK);
    CU_ASSERT(n > 3);
    free(good);
    gcx_arena_free(a);
}

static void test_teardown(void)
{
    gcx_schema_free(schema);
    schema = NULL;
    xmlCleanupParser();
}

static const gcx_unit_case cases[] = {
    {"RFC 8785 worked example", test_rfc_example},
    {"RFC 8785 sorting example", test_rfc_sorting},
    {"RFC 8785 number table", test_rfc_numbers},
    {"keys in UTF-16 order", test_keys_utf16_order},
    {"escapes", test_escapes},
    {"numbers", test_numbers},
    {"inexact number notes", test_inexact_notes},
    {"NFC", test_nfc},
    {"keyed sets", test_sets_keyed},
    {"whole-value sets", test_sets_whole_value},
    {"sets not applied", test_sets_not_applied},
    {"nested sets", test_sets_nested},
    {"fingerprint", test_fingerprint},
    {"stamped records", test_stamped},
    {"one record, two JSON spellings", test_same_record_two_spellings},
    {"one record, from XML and JSON", test_same_record_xml_and_json},
    {"errors", test_errors},
    {"large values, reuse", test_large},
    {"out of memory", test_nomem},
    {"teardown", test_teardown},
    {NULL, NULL}
};

GCX_UNIT_MAIN("canon", cases)
