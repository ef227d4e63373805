/* tests/fuzz/fuzz_xmljson.c - libFuzzer harness for the XML/JSON
 * convention, through libxml2 with gcx's safe parser options.
 *
 * Property: whatever the bytes, nothing crashes or leaks; for a document
 * libxml2 accepts, XML -> JSON -> XML gives a document equal after C14N.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/c14n.h>
#include <libxml/parser.h>
#include <gcx/json.h>
#include <gcx/json_out.h>
#include <gcx/xml_out.h>
#include <gcx/xmljson.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* Like gcx's XML reader, refuse a document with any error, namespace
 * errors included (libxml2 still builds a tree for those). */
static int errors;

static void count_error(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    if (e && e->level >= XML_ERR_ERROR)
        errors++;
}

static xmlChar *c14n(xmlDocPtr doc, int *len)
{
    xmlChar *out = NULL;

    *len = xmlC14NDocDumpMemory(doc, NULL, XML_C14N_1_0, NULL, 1, &out);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const int opts = XML_PARSE_NONET | XML_PARSE_NOENT;
    xmlDocPtr doc, back;
    gcx_buf js, xs;
    gcx_jw jw;
    gcx_xw *xw;
    gcx_arena *a;
    gcx_json *v;
    gcx_error err;
    xmlChar *c1, *c2;
    int l1, l2;

    xmlSetGenericErrorFunc(NULL, quiet);
    xmlSetStructuredErrorFunc(NULL, count_error);
    if (size > 65536)
        return 0;
    errors = 0;
    doc = xmlReadMemory((const char *)data, (int)size, NULL, NULL, opts);
    if (!doc)
        return 0;
    if (errors) {
        xmlFreeDoc(doc);
        return 0;
    }
    gcx_buf_init(&js, 0);
    gcx_buf_init(&xs, 0);
    gcx_jw_init(&jw, &js, 0);
    a = gcx_arena_new();
    xw = gcx_xw_new(&xs);
    if (gcx_xml_to_json(&jw, (xmlNodePtr)doc, NULL, &err) == GCX_OK &&
        gcx_json_parse(js.data, js.len, "fuzz", NULL, a, &v, &err) ==
            GCX_OK) {
        if (gcx_json_to_xml(xw, v, NULL, &err) != GCX_OK)
            abort(); /* what xml2json writes, json2xml must take */
        back = xmlReadMemory(xs.data, (int)xs.len, NULL, NULL, opts);
        if (!back)
            abort();
        c1 = c14n(doc, &l1);
        c2 = c14n(back, &l2);
        if (l1 >= 0 && (l1 != l2 || memcmp(c1, c2, (size_t)l1) != 0))
            abort();
        xmlFree(c1);
        xmlFree(c2);
        xmlFreeDoc(back);
    }
    gcx_xw_free(xw);
    gcx_arena_free(a);
    gcx_buf_free(&js);
    gcx_buf_free(&xs);
    xmlFreeDoc(doc);
    return 0;
}
