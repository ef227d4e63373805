/* tests/fuzz/fuzz_map.c - libFuzzer harness for the mapping-file parser
 * and, when a mapping compiles, its forward run on a small fixed record
 * of each source kind.
 *
 * Properties: whatever the bytes, gcx_mapping_load_mem never crashes,
 * hangs or leaks; a rejected mapping has GCX_E_CONFIG (or NOMEM) with a
 * line and a message; an accepted one maps a record or rejects it with a
 * reason, and a reverse run is refused or works. The schema is read from
 * $GCX_DATA_DIR (tests/fuzz/run.sh sets it).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <gcx/json.h>
#include <gcx/map.h>
#include <gcx/schema.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static gcx_schema *schema;
static xmlDocPtr xml_doc;
static gcx_arena *json_arena;
static gcx_json *json_value;

static void setup(void)
{
    static const char xml[] =
        "<e xmlns:p='urn:p'><p:r a='1'><p:n lang='ar'>x</p:n>"
        "<p:d>01/02/2000</p:d><p:ph>33001122</p:ph></p:r></e>";
    static const char json[] =
        "{\"id\":\"1\",\"names\":[{\"lang\":\"ar\",\"n\":\"x\"}],"
        "\"d\":\"2000-01-02\",\"v\":1.5,\"list\":[\"a\",\"b\"]}";
    gcx_error err;

    if (gcx_schema_load(&schema, NULL, &err) != GCX_OK)
        abort();
    xml_doc = xmlReadMemory(xml, (int)sizeof xml - 1, "fuzz.xml", NULL,
                            XML_PARSE_NONET);
    json_arena = gcx_arena_new();
    if (!xml_doc || !json_arena ||
        gcx_json_parse(json, sizeof json - 1, "fuzz.json", NULL,
                       json_arena, &json_value, &err) != GCX_OK)
        abort();
}

/* reverse: read rec backwards with a lossy reverse run; a failure must
 * say why. */
static void reverse(const gcx_mapping *m, const gcx_json *rec)
{
    gcx_map_run *r = NULL;
    gcx_map_failure why;
    gcx_error err;
    gcx_buf out;
    gcx_status st;

    if (gcx_map_run_new(&r, m, 1, 1, &err) != GCX_OK)
        return;
    gcx_buf_init(&out, 0);
    st = gcx_map_reverse_begin(r, &out, &err);
    if (st == GCX_OK) {
        st = gcx_map_reverse(r, rec, &out, &why, &err);
        if (st == GCX_E_INVALID && (!why.reason || !why.reason[0]))
            abort();
        if (st == GCX_OK || st == GCX_E_INVALID)
            st = gcx_map_reverse_end(r, &out, &err);
    }
    gcx_buf_free(&out);
    gcx_map_run_free(r);
}

static void run(const gcx_mapping *m)
{
    static const char *const fields[] = { "1", "x", "01/02/2000" };
    static const size_t lens[] = { 1, 1, 10 };
    static const char *const names[] = { "id", "name", "date" };
    static const size_t name_lens[] = { 2, 4, 4 };
    gcx_map_run *r = NULL;
    gcx_map_source src;
    gcx_map_provenance prov = { "fuzz", 1 };
    gcx_map_failure why;
    gcx_json **recs;
    size_t n, units, u;
    gcx_error err;

    if (gcx_map_run_new(&r, m, 0, 0, &err) != GCX_OK)
        return;
    memset(&src, 0, sizeof src);
    switch (gcx_mapping_kind(m)) {
    case GCX_MAP_XML:
        src.element = xmlDocGetRootElement(xml_doc)->children;
        break;
    case GCX_MAP_CSV:
        if (gcx_map_bind_columns(r, names, name_lens, 3, &err) != GCX_OK)
            goto done;
        src.fields = fields;
        src.lens = lens;
        src.nfields = 3;
        break;
    default:
        src.value = json_value;
        break;
    }
    units = gcx_map_units(r, &src);
    for (u = 0; u < units && u < 16; u++) {
        gcx_status st = gcx_map_forward(r, &src, u, &prov, &recs, &n, &why,
                                        &err);

        if (st == GCX_E_INVALID && (!why.reason || !why.reason[0]))
            abort();
        if (st == GCX_OK && n > 0)
            reverse(m, recs[0]);
    }
done:
    gcx_map_run_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gcx_mapping *m = NULL;
    gcx_error err;
    gcx_status st;

    if (!schema)
        setup();
    st = gcx_mapping_load_mem(&m, (const char *)data, size, "fuzz.map",
                              ".", schema, &err);
    if (st == GCX_OK) {
        run(m);
        gcx_mapping_free(m);
    } else if (st != GCX_E_CONFIG && st != GCX_E_NOMEM &&
               st != GCX_E_IO && st != GCX_E_LIMIT) {
        abort();
    } else if (st == GCX_E_CONFIG && !err.message[0]) {
        abort();
    }
    return 0;
}
