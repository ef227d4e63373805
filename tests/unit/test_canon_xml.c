/* tests/unit/test_canon_xml.c - unit tests for the canonical XML form.
 *
 * JSON -> XML -> JSON round trips (equal values, identical NDJSON bytes)
 * over inline records of every type and over samples/canonical, whose
 * records.xml must read back as records.ndjson byte for byte; type
 * exactness; the exact XML written; every write and read error with its
 * exact path and line; out-of-memory at every allocation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <gcx/alloc.h>
#include <gcx/buf.h>
#include <gcx/canon_xml.h>
#include <gcx/error.h>
#include <gcx/io.h>
#include <gcx/json.h>
#include <gcx/json_out.h>
#include <gcx/schema.h>
#include <gcx/xml_in.h>
#include <gcx/xml_out.h>

#include "unit.h"

#define NS "urn:gcc:gcx:canonical:1"
#define XML_OPTS (XML_PARSE_NONET | XML_PARSE_NOENT)

static gcx_schema *schema;
static gcx_error err;

/* Records of every type, members in schema order, as NDJSON lines. */
static const char *const records[] = {
    "{\"schemaVersion\":\"1.0\",\"recordType\":\"person\","
    "\"identifiers\":[{\"scheme\":\"BH-CPR\",\"value\":\"000123456\","
    "\"state\":\"BH\"},{\"scheme\":\"PASSPORT\",\"value\":\"N1234567\","
    "\"issuer\":\"Bahrain NPRA\"}],"
    "\"provenance\":{\"mapping\":\"bh-cpr\",\"mappingVersion\":\"1.0.0\","
    "\"input\":\"cpr.xml\",\"record\":7},"
    "\"name\":{\"ar\":{\"given\":\"\xd8\xa3\xd8\xad\xd9\x85\xd8\xaf\","
    "\"family\":\"\xd8\xa7\xd9\x84\xd8\xae\xd9\x84\xd9\x8a\xd9\x81\xd8\xa9\"},"
    "\"en\":{\"given\":\"Ahmed\",\"family\":\"Al Khalifa\"}},"
    "\"birthDate\":\"1985-03-14\",\"birthDateHijri\":{\"value\":"
    "\"1405-06-22\",\"calendar\":\"islamic-umalqura\"},\"sex\":\"male\","
    "\"nationality\":\"BHR\",\"civilStatus\":\"married\","
    "\"addresses\":[],\"phones\":[{\"type\":\"mobile\","
    "\"number\":\"+97336123456\"}],\"email\":\"ahmed@example.bh\","
    "\"digitalIdentity\":{\"provider\":\"eKey\","
    "\"assuranceLevel\":\"high\"}}",

    "{\"schemaVersion\":\"1.0\",\"recordType\":\"establishment\","
    "\"identifiers\":[{\"scheme\":\"SA-CR\",\"value\":\"1010123456\","
    "\"state\":\"SA\"}],\"name\":{\"ar\":\"\xd8\xb4\xd8\xb1\xd9\x83\xd8\xa9"
    " \xd8\xa7\xd9\x84\xd9\x85\xd8\xab\xd8\xa7\xd9\x84\",\"en\":"
    "\"Example Co\"},\"legalForm\":\"llc\",\"status\":\"active\","
    "\"registrationDate\":\"2015-01-01\",\"activities\":[{\"code\":"
    "\"4711\",\"description\":{\"en\":\"Retail\"}}],\"capital\":"
    "{\"amount\":\"500000.00\",\"currency\":\"SAR\"},\"owners\":"
    "[{\"party\":{\"recordType\":\"person\",\"identifier\":{\"scheme\":"
    "\"SA-NID\",\"value\":\"1012345678\"}},\"role\":\"owner\","
    "\"share\":\"1.10\"}],\"addresses\":[{\"city\":{\"en\":\"Riyadh\"},"
    "\"country\":\"SAU\"}]}",

    "{\"schemaVersion\":\"1.0\",\"recordType\":\"service\","
    "\"identifiers\":[{\"scheme\":\"GCC-SERVICE\",\"value\":\"SVC-1\"}],"
    "\"state\":\"KW\",\"competentAuthority\":{\"name\":{\"en\":\"PACI\"}},"
    "\"title\":{\"en\":\"Civil ID renewal\"},\"channels\":[\"online\","
    "\"kiosk\"],\"costs\":[],\"processingTime\":\"P3D\",\"audience\":"
    "[\"citizens\",\"residents\"],\"onlineAvailability\":"
    "\"fully-online\"}",

    "{\"schemaVersion\":\"1.0\",\"recordType\":\"payment\","
    "\"identifiers\":[{\"scheme\":\"PAYMENT-REF\",\"value\":\"PAY-1\"}],"
    "\"paymentReference\":\"PMT-1\",\"endToEndId\":\"E2E-1\","
    "\"payer\":{\"name\":\" Ahmed & Sons <LLC> \\r\\nline\\t\\\"2\\\" \"},"
    "\"payeeAuthority\":{\"identifier\":{\"scheme\":\"AE-TRN\","
    "\"value\":\"100200300400500\",\"state\":\"AE\"}},\"amount\":"
    "{\"amount\":\"12.500\",\"currency\":\"BHD\"},\"createdAt\":"
    "\"2024-01-31T10:00:00+03:00\",\"status\":\"settled\","
    "\"sourceMessageType\":\"pain.001.001.09\"}",

    "{\"schemaVersion\":\"1.0\",\"recordType\":\"indicator\","
    "\"identifiers\":[{\"scheme\":\"UN-EGOV\",\"value\":\"EGDI-BHR-2022\"}],"
    "\"refArea\":\"BHR\",\"indicator\":\"EGDI\",\"period\":\"2022\","
    "\"value\":\"0.8213\",\"source\":\"UN E-Government Survey 2022\"}",

    NULL
};

/* ------------------------------------------------------------ helpers */

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

static const char *data(const gcx_buf *b)
{
    return b->data ? b->data : "";
}

static gcx_json *parse_json(gcx_arena *a, const char *text)
{
    gcx_json *v = NULL;
    gcx_error e;

    gcx_error_clear(&e);
    if (gcx_json_parse(text, strlen(text), "t.json", NULL, a, &v, &e))
        fprintf(stderr, "bad test JSON: %s\n", e.message);
    return v;
}

/* to_xml: record v as canonical XML into b (initialised here). */
static gcx_status to_xml(const gcx_schema *s, gcx_buf *b, const gcx_json *v)
{
    gcx_xw *w;
    gcx_status st;

    gcx_buf_init(b, 0);
    w = gcx_xw_new(b);
    if (!w)
        return GCX_E_NOMEM;
    gcx_error_clear(&err);
    st = gcx_canon_xml_write(s, w, v, &err);
    gcx_xw_free(w);
    return st;
}

/* from_xml: the root element of xml as a record, in arena a. */
static gcx_status from_xml(const gcx_schema *s, const char *xml,
                           gcx_arena *a, gcx_json **out)
{
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "t.xml", NULL,
                                  XML_OPTS);
    gcx_status st;

    *out = NULL;
    if (!doc)
        return GCX_E_SYNTAX;
    gcx_error_clear(&err);
    st = gcx_canon_xml_read(s, xmlDocGetRootElement(doc), a, out, &err);
    xmlFreeDoc(doc);
    return st;
}

/* compact: v as compact JSON into b (initialised here). */
static void compact(gcx_buf *b, const gcx_json *v)
{
    gcx_jw w;

    gcx_buf_init(b, 0);
    gcx_jw_init(&w, b, 0);
    CU_ASSERT_EQUAL(gcx_jw_value(&w, v), GCX_OK);
}

/* roundtrip: line -> XML -> JSON; equal values and identical bytes. */
static void roundtrip(const gcx_schema *s, const char *line)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *v, *back = NULL;
    gcx_buf x, j;

    v = parse_json(a, line);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL_FATAL(to_xml(s, &x, v), GCX_OK);
    CU_ASSERT_EQUAL(from_xml(s, data(&x), a, &back), GCX_OK);
    if (!back)
        fprintf(stderr, "read back failed: %s: %s\n", err.path,
                err.message);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back);
    CU_ASSERT(gcx_json_equal(v, back));
    compact(&j, back);
    CU_ASSERT_STRING_EQUAL(data(&j), line);
    gcx_buf_free(&x);
    gcx_buf_free(&j);
    gcx_arena_free(a);
}

/* write_error: writing json fails with code, path and message. */
static void write_error(const char *json, gcx_status code, const char *path,
                        const char *message)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *v = parse_json(a, json);
    gcx_buf x;

    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(to_xml(schema, &x, v), code);
    CU_ASSERT_EQUAL(err.code, code);
    CU_ASSERT_STRING_EQUAL(err.path, path);
    CU_ASSERT_STRING_EQUAL(err.message, message);
    if (strcmp(err.path, path) || strcmp(err.message, message))
        fprintf(stderr, "\n  got %s: %s\n", err.path, err.message);
    gcx_buf_free(&x);
    gcx_arena_free(a);
}

/* read_error: reading xml fails as GCX_E_INVALID at path and line with
 * message. */
static void read_error_s(const gcx_schema *s, const char *xml,
                         const char *path, unsigned long line,
                         const char *message)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *v = NULL;

    CU_ASSERT_EQUAL(from_xml(s, xml, a, &v), GCX_E_INVALID);
    CU_ASSERT_PTR_NULL(v);
    CU_ASSERT_EQUAL(err.code, GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(err.path, path);
    CU_ASSERT_EQUAL(err.line, line);
    CU_ASSERT_STRING_EQUAL(err.message, message);
    if (strcmp(err.path, path) || strcmp(err.message, message) ||
        err.line != line)
        fprintf(stderr, "\n  got %s (line %lu): %s\n", err.path, err.line,
                err.message);
    gcx_arena_free(a);
}

static void read_error(const char *xml, const char *path,
                       unsigned long line, const char *message)
{
    read_error_s(schema, xml, path, line, message);
}

/* read_ok: reading xml gives the compact JSON expected. */
static void read_ok_s(const gcx_schema *s, const char *xml,
                      const char *expected)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *v = NULL;
    gcx_buf j;

    CU_ASSERT_EQUAL(from_xml(s, xml, a, &v), GCX_OK);
    if (!v) {
        fprintf(stderr, "\n  read failed: %s: %s\n", err.path,
                err.message);
        CU_FAIL("read failed");
        gcx_arena_free(a);
        return;
    }
    compact(&j, v);
    CU_ASSERT_STRING_EQUAL(data(&j), expected);
    if (strcmp(data(&j), expected))
        fprintf(stderr, "\n  got %s\n", data(&j));
    gcx_buf_free(&j);
    gcx_arena_free(a);
}

static void read_ok(const char *xml, const char *expected)
{
    read_ok_s(schema, xml, expected);
}

/* A small definition with the types the canonical schema does not use
 * (boolean) and an integer, loaded from a temporary file. */
static const char test_definition[] =
    "{\"name\":\"gcx-test\",\"version\":\"1.0.0\",\"namespace\":"
    "\"urn:test:1\",\"doc\":\"Test definition.\",\"types\":{},"
    "\"envelope\":{\"doc\":\"Envelope.\",\"properties\":{"
    "\"schemaVersion\":{\"type\":\"string\",\"required\":true},"
    "\"recordType\":{\"type\":\"string\",\"required\":true,"
    "\"enum\":[\"thing\"]}}},"
    "\"records\":{\"thing\":{\"doc\":\"A thing.\",\"properties\":{"
    "\"flag\":{\"type\":\"boolean\"},\"count\":{\"type\":\"integer\"},"
    "\"flags\":{\"type\":\"array\",\"items\":{\"type\":\"boolean\"}}}}}}\n";

static gcx_schema *load_test_schema(void)
{
    char path[] = "/tmp/gcx-canon-test-XXXXXX";
    gcx_schema *s = NULL;
    int fd = mkstemp(path);
    FILE *f;

    if (fd < 0)
        return NULL;
    f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(path);
        return NULL;
    }
    fputs(test_definition, f);
    fclose(f);
    gcx_error_clear(&err);
    if (gcx_schema_load(&s, path, &err) != GCX_OK)
        fprintf(stderr, "cannot load the test schema: %s\n", err.message);
    unlink(path);
    return s;
}

/* ------------------------------------------------------- round trips */

static void test_roundtrip_records(void)
{
    size_t i;

    CU_ASSERT_FATAL(setup_schema());
    for (i = 0; records[i]; i++)
        roundtrip(schema, records[i]);
}

/* The exact bytes: element per property, <item>s, the recordType as the
 * element name, the namespace on the record element. */
static void test_exact_xml(void)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *v;
    gcx_buf x;

    CU_ASSERT_FATAL(setup_schema());
    v = parse_json(a, records[4]);
    CU_ASSERT_EQUAL_FATAL(to_xml(schema, &x, v), GCX_OK);
    CU_ASSERT_STRING_EQUAL(data(&x),
        "<indicator xmlns=\"" NS "\"><schemaVersion>1.0</schemaVersion>"
        "<identifiers><item><scheme>UN-EGOV</scheme><value>EGDI-BHR-2022"
        "</value></item></identifiers><refArea>BHR</refArea><indicator>"
        "EGDI</indicator><period>2022</period><value>0.8213</value>"
        "<source>UN E-Government Survey 2022</source></indicator>");
    gcx_buf_free(&x);

    /* members out of schema order are written in schema order, and read
     * back in schema order; empty strings and arrays are empty
     * elements; text is escaped */
    v = parse_json(a, "{\"recordType\":\"service\",\"costs\":[],"
                      "\"identifiers\":[],\"schemaVersion\":\"1.0\","
                      "\"processingTime\":\"\",\"state\":\"a<&>\\r\"}");
    CU_ASSERT_EQUAL_FATAL(to_xml(schema, &x, v), GCX_OK);
    CU_ASSERT_STRING_EQUAL(data(&x),
        "<service xmlns=\"" NS "\"><schemaVersion>1.0</schemaVersion>"
        "<identifiers/><state>a&lt;&amp;&gt;&#xD;</state><costs/>"
        "<processingTime/></service>");
    read_ok(data(&x),
            "{\"schemaVersion\":\"1.0\",\"recordType\":\"service\","
            "\"identifiers\":[],\"state\":\"a<&>\\r\",\"costs\":[],"
            "\"processingTime\":\"\"}");
    gcx_buf_free(&x);
    gcx_arena_free(a);
}

/* A decimal stays a string with its trailing zero, an integer a number,
 * a numeric-looking identifier a string with its leading zeros. */
static void test_type_exactness(void)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *v = NULL;
    const gcx_json *o, *x;

    CU_ASSERT_FATAL(setup_schema());
    CU_ASSERT_EQUAL(from_xml(schema,
        "<establishment xmlns=\"" NS "\">"
        "<identifiers><item><scheme>SA-CR</scheme><value>000123456</value>"
        "</item></identifiers><capital><amount>1.10</amount>"
        "<currency>SAR</currency></capital></establishment>", a, &v),
        GCX_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    x = gcx_json_object_get(v, "identifiers");
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    x = gcx_json_object_get(x->u.items[0], "value");
    CU_ASSERT_EQUAL(x->type, GCX_JSON_STRING);
    CU_ASSERT_STRING_EQUAL(x->u.text, "000123456");
    o = gcx_json_object_get(v, "capital");
    x = gcx_json_object_get(o, "amount");
    CU_ASSERT_EQUAL(x->type, GCX_JSON_STRING);
    CU_ASSERT_STRING_EQUAL(x->u.text, "1.10");
    x = gcx_json_object_get(v, "recordType");
    CU_ASSERT_EQUAL(x->type, GCX_JSON_STRING);
    CU_ASSERT_STRING_EQUAL(x->u.text, "establishment");
    CU_ASSERT_STRING_EQUAL(v->u.members[0].key, "recordType");

    v = NULL;
    CU_ASSERT_EQUAL(from_xml(schema,
        "<person xmlns=\"" NS "\"><provenance><mapping>m</mapping>"
        "<mappingVersion>1</mappingVersion><input>-</input>"
        "<record>7</record></provenance></person>", a, &v), GCX_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    o = gcx_json_object_get(v, "provenance");
    x = gcx_json_object_get(o, "record");
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    CU_ASSERT_EQUAL(x->type, GCX_JSON_NUMBER);
    CU_ASSERT_STRING_EQUAL(x->u.text, "7");
    /* recordType goes in its schema place even when it is the last */
    CU_ASSERT_STRING_EQUAL(v->u.members[0].key, "recordType");
    gcx_arena_free(a);
}

static void test_booleans_and_integers(void)
{
    gcx_schema *t = load_test_schema();

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    roundtrip(t, "{\"schemaVersion\":\"1\",\"recordType\":\"thing\","
                 "\"flag\":true,\"count\":-12,\"flags\":[false,true]}");
    roundtrip(t, "{\"schemaVersion\":\"1\",\"recordType\":\"thing\","
                 "\"flag\":false,\"count\":0,\"flags\":[]}");
    roundtrip(t, "{\"recordType\":\"thing\",\"count\":"
                 "123456789012345678901234567890}");
    read_ok_s(t, "<thing xmlns=\"urn:test:1\"><flag>true</flag>"
                 "<count>-0</count></thing>",
              "{\"recordType\":\"thing\",\"flag\":true,\"count\":-0}");
    read_error_s(t, "<thing xmlns=\"urn:test:1\"><flag>True</flag></thing>",
                 "/thing/flag", 1,
                 "bad boolean \"True\" in <flag> (want true or false)");
    read_error_s(t, "<thing xmlns=\"urn:test:1\">\n<flags><item>1</item>"
                    "</flags></thing>", "/thing/flags/item[1]", 2,
                 "bad boolean \"1\" in <item> (want true or false)");
    read_error_s(t, "<thing xmlns=\"urn:test:1\"><flag> true</flag>"
                    "</thing>", "/thing/flag", 1,
                 "bad boolean \" true\" in <flag> (want true or false)");
    gcx_schema_free(t);
}

static void test_arabic_and_whitespace_text(void)
{
    /* Arabic text and significant whitespace inside a value survive;
     * whitespace between elements (pretty printing), comments and PIs
     * are ignored; CDATA and split text join */
    CU_ASSERT_FATAL(setup_schema());
    read_ok("<?xml version=\"1.0\"?>\n"
            "<establishment xmlns=\"" NS "\">\n"
            "  <!-- pretty printed -->\n"
            "  <identifiers>\n"
            "    <item>\n"
            "      <scheme>SA-CR</scheme>\n"
            "      <value> 1 </value>\n"
            "    </item>\n"
            "  </identifiers>\n"
            "  <?pi here?>\n"
            "  <name>\n"
            "    <ar>\xd8\xb4\xd8\xb1\xd9\x83\xd8\xa9 \xd8\xa7\xd9\x84"
            "\xd9\x85\xd8\xab\xd8\xa7\xd9\x84</ar>\n"
            "    <en>a<![CDATA[<b>]]><!-- x -->c&amp;</en>\n"
            "  </name>\n"
            "</establishment>\n",
            "{\"recordType\":\"establishment\",\"identifiers\":[{\"scheme\":"
            "\"SA-CR\",\"value\":\" 1 \"}],\"name\":{\"ar\":\"\xd8\xb4\xd8\xb1"
            "\xd9\x83\xd8\xa9 \xd8\xa7\xd9\x84\xd9\x85\xd8\xab\xd8\xa7\xd9\x84"
            "\",\"en\":\"a<b>c&\"}}");
}

/* same_unordered: a and b are the same JSON but for the order of object
 * members. */
static int same_unordered(const gcx_json *a, const gcx_json *b)
{
    size_t i, j;

    if (a->type != b->type || a->len != b->len)
        return 0;
    if (a->type == GCX_JSON_ARRAY) {
        for (i = 0; i < a->len; i++)
            if (!same_unordered(a->u.items[i], b->u.items[i]))
                return 0;
        return 1;
    }
    if (a->type != GCX_JSON_OBJECT)
        return gcx_json_equal(a, b);
    for (i = 0; i < a->len; i++) {
        const gcx_json_member *m = &a->u.members[i];

        for (j = 0; j < b->len; j++)
            if (b->u.members[j].key_len == m->key_len &&
                memcmp(b->u.members[j].key, m->key, m->key_len) == 0)
                break;
        if (j == b->len || !same_unordered(m->value, b->u.members[j].value))
            return 0;
    }
    return 1;
}

/* samples/canonical/records.ndjson (members in schema order): every
 * record comes back byte for byte. When one does not, same_unordered
 * tells a member out of schema order in the sample (the values still
 * agree) from a value that changed. */
static void test_samples_roundtrip(void)
{
    FILE *f;
    char *line = NULL;
    size_t cap = 0, n = 0;
    ssize_t len;

    CU_ASSERT_FATAL(setup_schema());
    f = fopen(unit_data_path("samples/canonical/records.ndjson"), "r");
    if (!f) {
        CU_PASS("samples/canonical/records.ndjson is not there yet");
        return;
    }
    while ((len = getline(&line, &cap, f)) > 0) {
        gcx_arena *a = gcx_arena_new();
        gcx_json *v, *back = NULL;
        gcx_buf x, j;

        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0) {
            gcx_arena_free(a);
            continue;
        }
        v = parse_json(a, line);
        CU_ASSERT_PTR_NOT_NULL_FATAL(v);
        CU_ASSERT_EQUAL(to_xml(schema, &x, v), GCX_OK);
        CU_ASSERT_EQUAL(from_xml(schema, data(&x), a, &back), GCX_OK);
        if (back) {
            CU_ASSERT(same_unordered(v, back));
            compact(&j, back);
            CU_ASSERT_STRING_EQUAL(data(&j), line);
            roundtrip(schema, data(&j));
            gcx_buf_free(&j);
        } else {
            fprintf(stderr, "\n  sample record %zu: %s: %s\n", n + 1,
                    err.path, err.message);
        }
        gcx_buf_free(&x);
        gcx_arena_free(a);
        n++;
    }
    free(line);
    fclose(f);
    CU_ASSERT(n > 0);
}

/* samples/canonical/records.xml (pretty-printed, with a comment), read
 * record by record with the reader's canonical record path, gives
 * records.ndjson byte for byte. */
static void test_samples_xml(void)
{
    static const char *binding[] = {"c=" NS};
    gcx_xml_reader_options ro = gcx_xml_reader_options_default();
    gcx_input *in = NULL;
    gcx_xml_reader *r = NULL;
    gcx_arena *a;
    xmlNodePtr node;
    gcx_json *v;
    FILE *f;
    char *line = NULL;
    size_t cap = 0, n = 0;
    ssize_t len;
    gcx_buf j;

    CU_ASSERT_FATAL(setup_schema());
    f = fopen(unit_data_path("samples/canonical/records.ndjson"), "r");
    if (!f) {
        CU_PASS("samples/canonical/records.ndjson is not there yet");
        return;
    }
    gcx_error_clear(&err);
    if (gcx_input_open(&in, unit_data_path("samples/canonical/records.xml"),
                       &err) != GCX_OK) {
        fclose(f);
        CU_PASS("samples/canonical/records.xml is not there yet");
        return;
    }
    ro.record_path = GCX_CANON_XML_RECORD_PATH;
    ro.ns_bindings = binding;
    ro.nns = 1;
    a = gcx_arena_new();
    CU_ASSERT_EQUAL_FATAL(gcx_xml_reader_new(&r, in, &ro, &err), GCX_OK);
    for (;;) {
        CU_ASSERT_EQUAL_FATAL(gcx_xml_reader_next(r, &node, &err), GCX_OK);
        if (!node)
            break;
        gcx_arena_reset(a);
        CU_ASSERT_EQUAL_FATAL(gcx_canon_xml_read(schema, node, a, &v, &err),
                              GCX_OK);
        compact(&j, v);
        len = getline(&line, &cap, f);
        CU_ASSERT_FATAL(len > 0);
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        CU_ASSERT_STRING_EQUAL(data(&j), line);
        gcx_buf_free(&j);
        n++;
    }
    CU_ASSERT_EQUAL(getline(&line, &cap, f), -1);
    CU_ASSERT(n > 0);
    free(line);
    fclose(f);
    gcx_xml_reader_free(r);
    gcx_input_close(in);
    gcx_arena_free(a);
}

/* ------------------------------------------------------ write errors */

static void test_write_errors(void)
{
    CU_ASSERT_FATAL(setup_schema());
    /* unknown members, at any depth, pointer-escaped */
    write_error("{\"schemaVersion\":\"1.0\",\"recordType\":\"indicator\","
                "\"colour\":\"red\"}", GCX_E_INVALID, "/colour",
                "unknown member \"colour\": not in the schema");
    write_error("{\"schemaVersion\":\"1.0\",\"recordType\":\"indicator\","
                "\"identifiers\":[{\"scheme\":\"UN-EGOV\"},{\"kind\":1}]}",
                GCX_E_INVALID, "/identifiers/1/kind",
                "unknown member \"kind\": not in the schema");
    write_error("{\"recordType\":\"person\",\"name\":{\"ar\":{\"a/b~c\":"
                "\"x\"}}}", GCX_E_INVALID, "/name/ar/a~1b~0c",
                "unknown member \"a/b~c\": not in the schema");
    /* wrong JSON types */
    write_error("{\"schemaVersion\":\"1.0\",\"recordType\":\"indicator\","
                "\"value\":0.82}", GCX_E_INVALID, "/value",
                "expected a decimal (a JSON string), found a number");
    write_error("{\"recordType\":\"establishment\",\"capital\":{\"amount\":"
                "12,\"currency\":\"SAR\"}}", GCX_E_INVALID,
                "/capital/amount",
                "expected a decimal (a JSON string), found a number");
    write_error("{\"recordType\":\"person\",\"provenance\":{\"record\":"
                "7.0}}", GCX_E_INVALID, "/provenance/record",
                "expected an integer (no fraction or exponent), found 7.0");
    write_error("{\"recordType\":\"person\",\"provenance\":{\"record\":"
                "1e3}}", GCX_E_INVALID, "/provenance/record",
                "expected an integer (no fraction or exponent), found 1e3");
    write_error("{\"recordType\":\"person\",\"provenance\":{\"record\":"
                "\"7\"}}", GCX_E_INVALID, "/provenance/record",
                "expected an integer, found a string");
    write_error("{\"recordType\":\"person\",\"birthDate\":19850314}",
                GCX_E_INVALID, "/birthDate",
                "expected a date (a JSON string), found a number");
    write_error("{\"recordType\":\"payment\",\"createdAt\":true}",
                GCX_E_INVALID, "/createdAt",
                "expected a date-time (a JSON string), found true");
    write_error("{\"recordType\":\"person\",\"sex\":null}", GCX_E_INVALID,
                "/sex", "expected a string, found null");
    write_error("{\"recordType\":\"person\",\"name\":\"Ahmed\"}",
                GCX_E_INVALID, "/name",
                "expected an object, found a string");
    write_error("{\"recordType\":\"person\",\"identifiers\":{}}",
                GCX_E_INVALID, "/identifiers",
                "expected an array, found an object");
    write_error("{\"recordType\":\"service\",\"channels\":[\"online\",7]}",
                GCX_E_INVALID, "/channels/1",
                "expected a string, found a number");
    /* the record itself */
    write_error("[]", GCX_E_INVALID, "",
                "a record must be a JSON object, found an array");
    write_error("{\"schemaVersion\":\"1.0\"}", GCX_E_INVALID, "",
                "the record has no recordType");
    write_error("{\"recordType\":5}", GCX_E_INVALID, "/recordType",
                "expected a string for recordType, found a number");
    write_error("{\"recordType\":\"car\"}", GCX_E_INVALID, "/recordType",
                "unknown recordType \"car\"");
}

/* A repeated member (built by hand), a character XML forbids (the
 * writer's message) and an unknown member: exact path, and the line and
 * column of the value when it was parsed. */
static void test_write_error_positions(void)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *v;
    gcx_buf x;

    CU_ASSERT_FATAL(setup_schema());
    /* the JSON parser refuses a repeated key: build one by hand */
    v = gcx_json_new_object(a, 2);
    CU_ASSERT_EQUAL(gcx_json_object_put(a, v, "recordType", 10,
                        gcx_json_new_string(a, "person", 6)), GCX_OK);
    CU_ASSERT_EQUAL(gcx_json_object_put(a, v, "sex", 3,
                        gcx_json_new_string(a, "male", 4)), GCX_OK);
    CU_ASSERT_EQUAL(gcx_json_object_put(a, v, "sex", 3,
                        gcx_json_new_string(a, "male", 4)), GCX_OK);
    CU_ASSERT_EQUAL(to_xml(schema, &x, v), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(err.path, "/sex");
    CU_ASSERT_STRING_EQUAL(err.message, "member \"sex\" is repeated");
    CU_ASSERT_EQUAL(err.line, 0);
    gcx_buf_free(&x);

    v = parse_json(a, "{\"recordType\":\"person\",\n"
                      "  \"email\":\"a\\u0001b\"}");
    CU_ASSERT_EQUAL(to_xml(schema, &x, v), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(err.path, "/email");
    CU_ASSERT_EQUAL(err.line, 2);
    CU_ASSERT_EQUAL(err.column, 11);
    gcx_buf_free(&x);

    v = parse_json(a, "{\"recordType\":\"person\",\n"
                      "  \"phones\":[{\"number\":\"+1\",\"x\":[1]}]}");
    CU_ASSERT_EQUAL(to_xml(schema, &x, v), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(err.path, "/phones/0/x");
    CU_ASSERT_EQUAL(err.line, 2);
    CU_ASSERT_EQUAL(err.column, 32);
    gcx_buf_free(&x);
    gcx_arena_free(a);
}

/* ------------------------------------------------------- read errors */

#define REC(type, body) "<" type " xmlns=\"" NS "\">" body "</" type ">"

static void test_read_errors(void)
{
    CU_ASSERT_FATAL(setup_schema());
    read_error(REC("person", "<schemaVersion>1.0</schemaVersion><foo/>"),
               "/person/foo", 1,
               "unknown element <foo>: <person> has no such property");
    read_error(REC("person", "<identifiers/>\n<schemaVersion>1.0"
                             "</schemaVersion>"),
               "/person/schemaVersion", 2,
               "element <schemaVersion> is out of order: it comes before "
               "<identifiers> in the canonical form");
    read_error(REC("person", "<sex>male</sex>\n\n<sex>male</sex>"),
               "/person/sex", 3, "element <sex> is repeated");
    read_error(REC("person", "<recordType>person</recordType>"),
               "/person/recordType", 1,
               "element <recordType> is not allowed: the record "
               "element's name gives it");
    read_error(REC("person", "<name>hello <ar/></name>"), "/person/name",
               1, "unexpected text \"hello \" where elements are due");
    read_error(REC("person", "\n  stray\n<sex>male</sex>"), "/person", 2,
               "unexpected text \"stray \" where elements are due");
    read_error(REC("person", "<identifiers>x</identifiers>"),
               "/person/identifiers", 1,
               "unexpected text \"x\" where elements are due");
    read_error(REC("person", "<sex>ma<b/>le</sex>"), "/person/sex/b", 1,
               "element <b> inside <sex>, which holds text only");
    /* integers */
    read_error(REC("person", "<provenance><record>07</record>"
                             "</provenance>"),
               "/person/provenance/record", 1,
               "bad integer \"07\" in <record> (want -?[0-9]+, no leading "
               "zero, no spaces)");
    read_error(REC("person", "<provenance><record> 7</record>"
                             "</provenance>"),
               "/person/provenance/record", 1,
               "bad integer \" 7\" in <record> (want -?[0-9]+, no leading "
               "zero, no spaces)");
    read_error(REC("person", "<provenance><record>7.0</record>"
                             "</provenance>"),
               "/person/provenance/record", 1,
               "bad integer \"7.0\" in <record> (want -?[0-9]+, no leading "
               "zero, no spaces)");
    read_error(REC("person", "<provenance><record/></provenance>"),
               "/person/provenance/record", 1,
               "bad integer \"\" in <record> (want -?[0-9]+, no leading "
               "zero, no spaces)");
    read_error(REC("person", "<provenance><record>-</record>"
                             "</provenance>"),
               "/person/provenance/record", 1,
               "bad integer \"-\" in <record> (want -?[0-9]+, no leading "
               "zero, no spaces)");
    /* arrays: item paths count from 1 */
    read_error(REC("person", "<identifiers>\n<item><scheme>BH-CPR</scheme>"
                             "</item>\n<item><value>1</value>\n"
                             "<scheme>BH-CPR</scheme></item>"
                             "</identifiers>"),
               "/person/identifiers/item[2]/scheme", 4,
               "element <scheme> is out of order: it comes before <value> "
               "in the canonical form");
    read_error(REC("person", "<identifiers><item/><item><scheme a=\"1\">"
                             "X</scheme></item></identifiers>"),
               "/person/identifiers/item[2]/scheme", 1,
               "unexpected attribute \"a\" on <scheme>: the canonical form "
               "has none");
    read_error(REC("person", "<identifiers><id/></identifiers>"),
               "/person/identifiers/id", 1,
               "unknown element <id>: the items of <identifiers> are "
               "<item> elements");
    /* namespaces and attributes */
    read_error(REC("person", "<x:sex xmlns:x=\"urn:other\">male</x:sex>"),
               "/person/sex", 1,
               "element <sex> is in namespace urn:other, not " NS);
    read_error(REC("person", "<sex xmlns=\"\">male</sex>"), "/person/sex", 1,
               "element <sex> is in no namespace, not " NS);
    read_error("<person sex=\"m\" xmlns=\"" NS "\"/>", "/person", 1,
               "unexpected attribute \"sex\" on <person>: the canonical "
               "form has none");
    read_error("<person/>", "/person", 1,
               "element <person> is in no namespace, not " NS);
    read_error(REC("car", ""), "/car", 1,
               "unknown record element <car>: not a recordType of the "
               "schema");
    /* a PartyRef's recordType is an ordinary property */
    read_ok(REC("establishment", "<owners><item><party><recordType>person"
                                 "</recordType></party></item></owners>"),
            "{\"recordType\":\"establishment\",\"owners\":[{\"party\":"
            "{\"recordType\":\"person\"}}]}");
    read_error(REC("establishment", "<owners><item><party><foo/></party>"
                                    "</item></owners>"),
               "/establishment/owners/item[1]/party/foo", 1,
               "unknown element <foo>: <party> has no such property");
}

/* ----------------------------------------------------- out of memory */

static void test_out_of_memory(void)
{
    gcx_arena *a;
    gcx_json *v, *back;
    gcx_buf x;
    gcx_status st = GCX_E_NOMEM;
    unsigned long n;
    xmlDocPtr doc;

    CU_ASSERT_FATAL(setup_schema());
    a = gcx_arena_new();
    v = parse_json(a, records[0]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    for (n = 1; n < 100 && st == GCX_E_NOMEM; n++) {
        gcx_xw *w;

        gcx_buf_init(&x, 0);
        gcx_error_clear(&err);
        gcx_alloc_fail_after(n);
        w = gcx_xw_new(&x);
        st = w ? gcx_canon_xml_write(schema, w, v, &err) : GCX_E_NOMEM;
        gcx_alloc_fail_after(0);
        CU_ASSERT(st == GCX_OK || st == GCX_E_NOMEM);
        gcx_xw_free(w);
        if (st)
            gcx_buf_free(&x);
    }
    CU_ASSERT_EQUAL_FATAL(st, GCX_OK);
    CU_ASSERT(n > 2);
    doc = xmlReadMemory(x.data, (int)x.len, "t.xml", NULL, XML_OPTS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    st = GCX_E_NOMEM;
    for (n = 1; n < 100 && st == GCX_E_NOMEM; n++) {
        gcx_arena *b = gcx_arena_new();

        CU_ASSERT_PTR_NOT_NULL_FATAL(b);
        gcx_error_clear(&err);
        gcx_alloc_fail_after(n);
        st = gcx_canon_xml_read(schema, xmlDocGetRootElement(doc), b,
                                &back, &err);
        gcx_alloc_fail_after(0);
        CU_ASSERT(st == GCX_OK || (st == GCX_E_NOMEM &&
                                   err.code == GCX_E_NOMEM));
        if (!st)
            CU_ASSERT(gcx_json_equal(v, back));
        gcx_arena_free(b);
    }
    CU_ASSERT_EQUAL(st, GCX_OK);
    CU_ASSERT(n > 1);
    xmlFreeDoc(doc);
    gcx_buf_free(&x);
    gcx_arena_free(a);
}

/* err may be NULL: the status alone comes back. */
static void test_null_error(void)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *v = NULL;
    gcx_buf x;
    gcx_xw *w;
    xmlDocPtr doc;

    CU_ASSERT_FATAL(setup_schema());
    v = parse_json(a, "{\"recordType\":\"person\",\"sex\":1}");
    gcx_buf_init(&x, 0);
    w = gcx_xw_new(&x);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    CU_ASSERT_EQUAL(gcx_canon_xml_write(schema, w, v, NULL),
                    GCX_E_INVALID);
    gcx_xw_free(w);
    gcx_buf_free(&x);
    doc = xmlReadMemory("<person xmlns=\"" NS "\">\n x <sex/></person>",
                        (int)strlen("<person xmlns=\"" NS "\">\n x <sex/>"
                                    "</person>"), "t.xml", NULL, XML_OPTS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL(gcx_canon_xml_read(schema, xmlDocGetRootElement(doc),
                                       a, &v, NULL), GCX_E_INVALID);
    CU_ASSERT_PTR_NULL(v);
    xmlFreeDoc(doc);
    gcx_arena_free(a);
}

static void test_cleanup(void)
{
    gcx_schema_free(schema);
    schema = NULL;
    xmlCleanupParser();
}

static const gcx_unit_case cases[] = {
    {"round trip of every record type", test_roundtrip_records},
    {"exact XML written", test_exact_xml},
    {"types stay exact", test_type_exactness},
    {"booleans and integers", test_booleans_and_integers},
    {"Arabic text, whitespace, comments", test_arabic_and_whitespace_text},
    {"samples/canonical round trip", test_samples_roundtrip},
    {"samples/canonical XML to NDJSON", test_samples_xml},
    {"write errors with paths", test_write_errors},
    {"write error positions", test_write_error_positions},
    {"read errors with paths and lines", test_read_errors},
    {"out of memory at each allocation", test_out_of_memory},
    {"no error record", test_null_error},
    {"cleanup", test_cleanup},
    {NULL, NULL}
};

GCX_UNIT_MAIN("canon_xml", cases)
