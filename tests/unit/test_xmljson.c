/* tests/unit/test_xmljson.c - unit tests for the XML <-> JSON convention.
 *
 * XML -> JSON goldens for each construct, JSON -> XML goldens and error
 * cases (with their exact JSON Pointer), and the round trips over the
 * corpus in tests/corpus/roundtrip: XML -> JSON -> XML equal after C14N,
 * and JSON -> XML -> JSON equal as JSON.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/c14n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <gcx/alloc.h>
#include <gcx/buf.h>
#include <gcx/error.h>
#include <gcx/json.h>
#include <gcx/json_out.h>
#include <gcx/xml_out.h>
#include <gcx/xmljson.h>

#include "unit.h"

#define XML_OPTS (XML_PARSE_NONET | XML_PARSE_NOENT)

static gcx_error err;

/* ------------------------------------------------------------ helpers */

static xmlDocPtr read_xml(const char *s, int options)
{
    return xmlReadMemory(s, (int)strlen(s), NULL, NULL, options);
}

/* x2j: node as compact JSON into b (initialised here); the status. */
static gcx_status x2j(gcx_buf *b, xmlNodePtr node,
                      const gcx_xmljson_options *opt)
{
    gcx_jw w;

    gcx_buf_init(b, 0);
    gcx_jw_init(&w, b, 0);
    gcx_error_clear(&err);
    return gcx_xml_to_json(&w, node, opt, &err);
}

static const char *data(const gcx_buf *b)
{
    return b->data ? b->data : "";
}

/* check_doc: the document xml converts to expected. */
static void check_doc_opt(const char *xml, const gcx_xmljson_options *opt,
                          const char *expected)
{
    xmlDocPtr doc = read_xml(xml, XML_OPTS);
    gcx_buf b;

    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL(x2j(&b, (xmlNodePtr)doc, opt), GCX_OK);
    CU_ASSERT_STRING_EQUAL(data(&b), expected);
    if (strcmp(data(&b), expected) != 0)
        fprintf(stderr, "\n got: %s\nwant: %s\n", data(&b), expected);
    gcx_buf_free(&b);
    xmlFreeDoc(doc);
}

static void check_doc(const char *xml, const char *expected)
{
    check_doc_opt(xml, NULL, expected);
}

/* check_root: the root element of xml, as a record, converts to
 * expected. */
static void check_root_opt(const char *xml, const gcx_xmljson_options *opt,
                           const char *expected)
{
    xmlDocPtr doc = read_xml(xml, XML_OPTS);
    gcx_buf b;

    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL(x2j(&b, xmlDocGetRootElement(doc), opt), GCX_OK);
    CU_ASSERT_STRING_EQUAL(data(&b), expected);
    if (strcmp(data(&b), expected) != 0)
        fprintf(stderr, "\n got: %s\nwant: %s\n", data(&b), expected);
    gcx_buf_free(&b);
    xmlFreeDoc(doc);
}

static void check_root(const char *xml, const char *expected)
{
    check_root_opt(xml, NULL, expected);
}

/* parse_json: text parsed into arena a (deep nesting allowed). */
static gcx_json *parse_json_opt(gcx_arena *a, const char *text, size_t len,
                                int allow_dup)
{
    gcx_json_parse_options po = gcx_json_parse_options_default();
    gcx_json *v = NULL;
    gcx_status st;

    po.limits.max_depth = 100000;
    po.allow_duplicate_keys = allow_dup;
    st = gcx_json_parse(text, len, "test", &po, a, &v, &err);
    CU_ASSERT_EQUAL(st, GCX_OK);
    if (st)
        fprintf(stderr, "\nJSON parse: %s\n", err.message);
    return st ? NULL : v;
}

static gcx_json *parse_json(gcx_arena *a, const char *text)
{
    return parse_json_opt(a, text, strlen(text), 0);
}

/* j2x: v as XML into b (initialised here); the status. */
static gcx_status j2x(gcx_buf *b, const gcx_json *v,
                      const gcx_xmljson_options *opt)
{
    gcx_xw *w;
    gcx_status st;

    gcx_buf_init(b, 0);
    w = gcx_xw_new(b);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    gcx_error_clear(&err);
    st = gcx_json_to_xml(w, v, opt, &err);
    if (!st)
        CU_ASSERT_EQUAL(gcx_xw_depth(w), 0);
    gcx_xw_free(w);
    return st;
}

static void check_j2x_opt(const char *json, const gcx_xmljson_options *opt,
                          const char *expected)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *v = parse_json(a, json);
    gcx_buf b;

    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(j2x(&b, v, opt), GCX_OK);
    CU_ASSERT_STRING_EQUAL(data(&b), expected);
    if (strcmp(data(&b), expected) != 0)
        fprintf(stderr, "\n got: %s\nwant: %s\n(%s)\n", data(&b), expected,
                err.message);
    gcx_buf_free(&b);
    gcx_arena_free(a);
}

static void check_j2x(const char *json, const char *expected)
{
    check_j2x_opt(json, NULL, expected);
}

/* check_bad: json (duplicate keys allowed) is refused with code, err->path
 * exactly path, and a message containing msg. */
static void check_bad(const char *json, gcx_status code, const char *path,
                      const char *msg)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *v = parse_json_opt(a, json, strlen(json), 1);
    gcx_buf b;

    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(j2x(&b, v, NULL), code);
    CU_ASSERT_EQUAL(err.code, code);
    CU_ASSERT_STRING_EQUAL(err.path, path);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, msg));
    if (strcmp(err.path, path) != 0 || !strstr(err.message, msg))
        fprintf(stderr, "\n%s\n  path %s, message %s\n", json, err.path,
                err.message);
    gcx_buf_free(&b);
    gcx_arena_free(a);
}

/* c14n: the canonical form (with comments) of doc into *out (free with
 * xmlFree); its length, or -1. */
static int c14n(xmlDocPtr doc, xmlChar **out)
{
    *out = NULL;
    return xmlC14NDocDumpMemory(doc, NULL, XML_C14N_1_0, NULL, 1, out);
}

/* roundtrip_doc: XML -> JSON -> XML equals doc after C14N, and the JSON
 * read back from that XML equals the first JSON. */
static void roundtrip_doc(xmlDocPtr doc, const char *name)
{
    gcx_arena *a = gcx_arena_new();
    gcx_buf j1, x, j2;
    gcx_json *v1, *v2;
    xmlDocPtr doc2;
    xmlChar *c1, *c2;
    int n1, n2;

    CU_ASSERT_EQUAL_FATAL(x2j(&j1, (xmlNodePtr)doc, NULL), GCX_OK);
    v1 = parse_json_opt(a, data(&j1), j1.len, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v1);
    CU_ASSERT_EQUAL(j2x(&x, v1, NULL), GCX_OK);
    if (err.code)
        fprintf(stderr, "\n%s: %s at %s\n", name, err.message, err.path);
    doc2 = xmlReadMemory(data(&x), (int)x.len, NULL, NULL, XML_OPTS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc2);
    n1 = c14n(doc, &c1);
    n2 = c14n(doc2, &c2);
    CU_ASSERT(n1 > 0);
    CU_ASSERT_EQUAL(n1, n2);
    CU_ASSERT(n1 == n2 && n1 > 0 && memcmp(c1, c2, (size_t)n1) == 0);
    if (n1 != n2 || n1 <= 0 || memcmp(c1, c2, (size_t)n1) != 0)
        fprintf(stderr, "\n%s: C14N differs\n--- original\n%s\n--- after"
                        "\n%s\n", name, c1 ? (char *)c1 : "(null)",
                c2 ? (char *)c2 : "(null)");
    /* and back again: the JSON is the same JSON */
    CU_ASSERT_EQUAL(x2j(&j2, (xmlNodePtr)doc2, NULL), GCX_OK);
    v2 = parse_json_opt(a, data(&j2), j2.len, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v2);
    CU_ASSERT(gcx_json_equal(v1, v2));
    CU_ASSERT_STRING_EQUAL(data(&j1), data(&j2));
    xmlFree(c1);
    xmlFree(c2);
    xmlFreeDoc(doc2);
    gcx_buf_free(&j1);
    gcx_buf_free(&j2);
    gcx_buf_free(&x);
    gcx_arena_free(a);
}

/* roundtrip_json: JSON that follows the convention comes back equal
 * after JSON -> XML -> JSON. */
static void roundtrip_json(const char *json)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *v1 = parse_json(a, json), *v2;
    gcx_buf x, j;
    xmlDocPtr doc;
    int is_doc;

    CU_ASSERT_PTR_NOT_NULL_FATAL(v1);
    is_doc = gcx_json_object_get(v1, "#document") != NULL;
    CU_ASSERT_EQUAL_FATAL(j2x(&x, v1, NULL), GCX_OK);
    doc = xmlReadMemory(data(&x), (int)x.len, NULL, NULL, XML_OPTS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL(x2j(&j, is_doc ? (xmlNodePtr)doc
                                   : xmlDocGetRootElement(doc), NULL),
                    GCX_OK);
    v2 = parse_json(a, data(&j));
    CU_ASSERT(v2 && gcx_json_equal(v1, v2));
    CU_ASSERT_STRING_EQUAL(data(&j), json);
    if (strcmp(data(&j), json) != 0)
        fprintf(stderr, "\n got: %s\nwant: %s\n", data(&j), json);
    xmlFreeDoc(doc);
    gcx_buf_free(&x);
    gcx_buf_free(&j);
    gcx_arena_free(a);
}

/* ------------------------------------------------------ XML -> JSON */

static void test_x2j_namespaces(void)
{
    /* default and prefixed; the same local name in two namespaces */
    check_doc("<r xmlns=\"urn:a\" xmlns:b=\"urn:b\"><x/><b:x b:k=\"1\" "
              "k=\"2\"/></r>",
              "{\"#document\":[{\"#name\":\"r\",\"@xmlns\":\"urn:a\","
              "\"@xmlns:b\":\"urn:b\",\"#children\":[{\"#name\":\"x\","
              "\"#children\":[]},{\"#name\":\"b:x\",\"@b:k\":\"1\","
              "\"@k\":\"2\",\"#children\":[]}]}]}");
    /* a redeclared prefix and a reset default namespace */
    check_root("<p:r xmlns:p=\"urn:1\"><p:c xmlns:p=\"urn:2\"/>"
               "<c xmlns=\"\"/></p:r>",
               "{\"#name\":\"p:r\",\"@xmlns:p\":\"urn:1\",\"#children\":"
               "[{\"#name\":\"p:c\",\"@xmlns:p\":\"urn:2\",\"#children\":"
               "[]},{\"#name\":\"c\",\"@xmlns\":\"\",\"#children\":[]}]}");
}

static void test_x2j_arabic(void)
{
    check_root("<\xd9\x86 \xd8\xb5=\"\xd9\x82\xd9\x8a\xd9\x85\xd8\xa9\">"
               "\xd9\x86\xd8\xb5 \xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a</\xd9\x86>",
               "{\"#name\":\"\xd9\x86\",\"@\xd8\xb5\":\"\xd9\x82\xd9\x8a"
               "\xd9\x85\xd8\xa9\",\"#children\":[\"\xd9\x86\xd8\xb5 "
               "\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\"]}");
}

static void test_x2j_cdata(void)
{
    check_root("<c>a<![CDATA[<&> ]] \"x\"]]>b<![CDATA[]]></c>",
               "{\"#name\":\"c\",\"#children\":[\"a\",{\"#cdata\":"
               "\"<&> ]] \\\"x\\\"\"},\"b\",{\"#cdata\":\"\"}]}");
}

static void test_x2j_cdata_end_inside(void)
{
    gcx_xmljson_options o;

    /* libxml2 merges the two sections of the usual way to write "]]>",
     * so the node holds "]]>": it becomes text, merged with its
     * neighbours */
    check_root("<a>t<![CDATA[x]]]]><![CDATA[>y]]>u<b/><![CDATA[ok]]></a>",
               "{\"#name\":\"a\",\"#children\":[\"tx]]>yu\",{\"#name\":"
               "\"b\",\"#children\":[]},{\"#cdata\":\"ok\"}]}");
    memset(&o, 0, sizeof o);
    o.strip_space = 1;
    o.drop_comments = 1;
    check_root_opt("<r><e/><![CDATA[a]]> <![CDATA[b]]]]><![CDATA[>]]> "
                   "<![CDATA[c]]><!--x--> <![CDATA[d]]></r>",
                   &o,
                   "{\"#name\":\"r\",\"#children\":[{\"#name\":\"e\","
                   "\"#children\":[]},{\"#cdata\":\"a\"},\" b]]> \","
                   "{\"#cdata\":\"cd\"}]}");
}

static void test_x2j_mixed(void)
{
    check_root("<p>Hello <b>bold <i>world</i></b>!</p>",
               "{\"#name\":\"p\",\"#children\":[\"Hello \",{\"#name\":\"b\","
               "\"#children\":[\"bold \",{\"#name\":\"i\",\"#children\":"
               "[\"world\"]}]},\"!\"]}");
}

static void test_x2j_attributes(void)
{
    check_root("<e z=\"1\" a=\"&lt;&amp;&quot;&gt;\" t=\"&#9;&#10;&#13;\" "
               "n=\"x\ny\tz\" p:d=\"v\" xmlns:p=\"urn:p\" empty=\"\"/>",
               "{\"#name\":\"e\",\"@xmlns:p\":\"urn:p\",\"@z\":\"1\","
               "\"@a\":\"<&\\\">\",\"@t\":\"\\t\\n\\r\",\"@n\":\"x y z\","
               "\"@p:d\":\"v\",\"@empty\":\"\",\"#children\":[]}");
}

static void test_x2j_one_vs_many(void)
{
    check_root("<r><i>1</i></r>",
               "{\"#name\":\"r\",\"#children\":[{\"#name\":\"i\","
               "\"#children\":[\"1\"]}]}");
    check_root("<r><i>1</i><i>2</i></r>",
               "{\"#name\":\"r\",\"#children\":[{\"#name\":\"i\","
               "\"#children\":[\"1\"]},{\"#name\":\"i\",\"#children\":"
               "[\"2\"]}]}");
}

static void test_x2j_empty(void)
{
    check_root("<a/>", "{\"#name\":\"a\",\"#children\":[]}");
    check_root("<a></a>", "{\"#name\":\"a\",\"#children\":[]}");
    check_root("<a x=\"1\"></a>",
               "{\"#name\":\"a\",\"@x\":\"1\",\"#children\":[]}");
}

static void test_x2j_text_stays_string(void)
{
    check_root("<r><n>000123456</n><b>true</b><z>null</z><f>1.50</f></r>",
               "{\"#name\":\"r\",\"#children\":[{\"#name\":\"n\","
               "\"#children\":[\"000123456\"]},{\"#name\":\"b\","
               "\"#children\":[\"true\"]},{\"#name\":\"z\",\"#children\":"
               "[\"null\"]},{\"#name\":\"f\",\"#children\":[\"1.50\"]}]}");
}

static void test_x2j_characters(void)
{
    /* CR kept through &#13;, astral characters, a JSON control escape */
    check_root("<t>a&#13;b&#10;c &#x1F600;\xf0\x9d\x90\x80&#x1D400;"
               "&#x7F;</t>",
               "{\"#name\":\"t\",\"#children\":[\"a\\rb\\nc \xf0\x9f\x98\x80"
               "\xf0\x9d\x90\x80\xf0\x9d\x90\x80\x7f\"]}");
}

static xmlNodePtr find(xmlNodePtr n, const char *name)
{
    xmlNodePtr c, f;

    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE &&
            strcmp((const char *)n->name, name) == 0)
            return n;
        for (c = n->children; c; c = c->next)
            if ((f = find(c, name)) != NULL)
                return f;
    }
    return NULL;
}

static void check_record(const char *xml, const char *name,
                         const char *expected)
{
    xmlDocPtr doc = read_xml(xml, XML_OPTS);
    gcx_buf b;

    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL(x2j(&b, find(doc->children, name), NULL), GCX_OK);
    CU_ASSERT_STRING_EQUAL(data(&b), expected);
    if (strcmp(data(&b), expected) != 0)
        fprintf(stderr, "\n got: %s\nwant: %s\n", data(&b), expected);
    gcx_buf_free(&b);
    xmlFreeDoc(doc);
}

static void test_x2j_record_namespaces(void)
{
    static const char xml[] =
        "<root xmlns=\"urn:d\" xmlns:p=\"urn:p\" xmlns:q=\"urn:q1\">"
        "<mid xmlns:q=\"urn:q2\" xmlns:z=\"urn:z\">"
        "<rec xmlns:p=\"urn:p2\" xml:lang=\"en\" q:a=\"1\"><q:x/></rec>"
        "</mid><reset xmlns=\"\"><plain/></reset></root>";

    /* own first, then nearest ancestor's, then outer; "xml" never */
    check_record(xml, "rec",
                 "{\"#name\":\"rec\",\"@xmlns:p\":\"urn:p2\",\"@xmlns:q\":"
                 "\"urn:q2\",\"@xmlns:z\":\"urn:z\",\"@xmlns\":\"urn:d\","
                 "\"@xml:lang\":\"en\",\"@q:a\":\"1\",\"#children\":"
                 "[{\"#name\":\"q:x\",\"#children\":[]}]}");
    /* xmlns="" on an ancestor hides the outer default */
    check_record(xml, "plain",
                 "{\"#name\":\"plain\",\"@xmlns:p\":\"urn:p\",\"@xmlns:q\":"
                 "\"urn:q1\",\"#children\":[]}");
    /* the record's own xmlns="" is kept as written */
    check_record(xml, "reset",
                 "{\"#name\":\"reset\",\"@xmlns\":\"\",\"@xmlns:p\":"
                 "\"urn:p\",\"@xmlns:q\":\"urn:q1\",\"#children\":[{"
                 "\"#name\":\"plain\",\"#children\":[]}]}");
}

static void test_x2j_document(void)
{
    check_doc("<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY e \"x\">]>\n"
              "<!--a-->\n<?p  d e ?>\n<?q?>\n<r>&e;<!--in--><?z?></r>\n"
              "<!--b-->\n",
              "{\"#document\":[{\"#comment\":\"a\"},{\"#pi\":\"p\","
              "\"#data\":\"d e \"},{\"#pi\":\"q\"},{\"#name\":\"r\","
              "\"#children\":[\"x\",{\"#comment\":\"in\"},{\"#pi\":"
              "\"z\"}]},{\"#comment\":\"b\"}]}");
}

static void test_x2j_entity_reference_nodes(void)
{
    /* without NOENT the tree keeps entity references: their text is
     * merged with the text around them */
    xmlDocPtr doc = read_xml("<!DOCTYPE r [<!ENTITY e \"x<b>y</b>\">]>"
                             "<r a=\"1&amp;2\">a&e;b</r>",
                             XML_PARSE_NONET);
    gcx_buf b;

    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL(x2j(&b, xmlDocGetRootElement(doc), NULL), GCX_OK);
    CU_ASSERT_STRING_EQUAL(data(&b), "{\"#name\":\"r\",\"@a\":\"1&2\","
                                     "\"#children\":[\"axyb\"]}");
    gcx_buf_free(&b);
    xmlFreeDoc(doc);
    doc = read_xml("<!DOCTYPE r [<!ENTITY e \"x\">]><r a=\"1&e;2\"/>",
                   XML_PARSE_NONET);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL(x2j(&b, xmlDocGetRootElement(doc), NULL), GCX_OK);
    CU_ASSERT_STRING_EQUAL(data(&b), "{\"#name\":\"r\",\"@a\":\"1x2\","
                                     "\"#children\":[]}");
    gcx_buf_free(&b);
    xmlFreeDoc(doc);
}

static void test_x2j_entity_markup_namespaces(void)
{
    /* libxml2 reads markup in an entity's text without the namespaces in
     * scope where it is used, and makes up declarations (no URI, or a
     * prefix bound to "") that XML cannot write: they are left out, as
     * C14N leaves them out */
    xmlDocPtr doc = read_xml("<!DOCTYPE r [<!ENTITY f \"<i>x</i>\">"
                             "<!ENTITY g \"<p:e p:a='1'/>\">]>"
                             "<r xmlns:p=\"urn:p\"><a xmlns=\"urn:d\">&f;</a>"
                             "<b>&g;</b></r>",
                             XML_OPTS | XML_PARSE_NOWARNING |
                                 XML_PARSE_NOERROR);
    gcx_buf b;

    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL(x2j(&b, xmlDocGetRootElement(doc), NULL), GCX_OK);
    CU_ASSERT_STRING_EQUAL(data(&b),
                           "{\"#name\":\"r\",\"@xmlns:p\":\"urn:p\","
                           "\"#children\":[{\"#name\":\"a\",\"@xmlns\":"
                           "\"urn:d\",\"#children\":[{\"#name\":\"i\","
                           "\"#children\":[\"x\"]}]},{\"#name\":\"b\","
                           "\"#children\":[{\"#name\":\"e\",\"@a\":\"1\","
                           "\"#children\":[]}]}]}");
    gcx_buf_free(&b);
    xmlFreeDoc(doc);
}

static void test_x2j_adjacent_text_nodes(void)
{
    /* trees built by hand may hold adjacent text and CDATA nodes */
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr r = xmlNewNode(NULL, (const xmlChar *)"r");
    gcx_buf b;

    xmlDocSetRootElement(doc, r);
    xmlAddChild(r, xmlNewText((const xmlChar *)"a"));
    xmlAddChild(r, xmlNewDocComment(doc, (const xmlChar *)"c"));
    r->last->next = xmlNewText((const xmlChar *)"b");
    r->last->next->prev = r->last;
    r->last->next->parent = r;
    r->last = r->last->next;
    r->last->next = xmlNewText((const xmlChar *)"");
    r->last->next->prev = r->last;
    r->last->next->parent = r;
    r->last = r->last->next;
    r->last->next = xmlNewText((const xmlChar *)"c");
    r->last->next->prev = r->last;
    r->last->next->parent = r;
    r->last = r->last->next;
    xmlAddChild(r, xmlNewCDataBlock(doc, (const xmlChar *)"x", 1));
    r->last->next = xmlNewCDataBlock(doc, (const xmlChar *)"y", 1);
    r->last->next->prev = r->last;
    r->last->next->parent = r;
    r->last = r->last->next;
    xmlAddChild(r, xmlNewText((const xmlChar *)""));
    CU_ASSERT_EQUAL(x2j(&b, r, NULL), GCX_OK);
    CU_ASSERT_STRING_EQUAL(data(&b),
                           "{\"#name\":\"r\",\"#children\":[\"a\",{"
                           "\"#comment\":\"c\"},\"bc\",{\"#cdata\":\"xy\"}"
                           "]}");
    gcx_buf_free(&b);
    xmlFreeDoc(doc);
}

static void test_x2j_options(void)
{
    gcx_xmljson_options o;

    memset(&o, 0, sizeof o);
    o.drop_comments = 1;
    /* text on both sides of a dropped comment is merged */
    check_root_opt("<r>a<!--c-->b<?p x?><![CDATA[1]]><!--c--><![CDATA[2]]>"
                   "</r>",
                   &o,
                   "{\"#name\":\"r\",\"#children\":[\"ab\",{\"#pi\":\"p\","
                   "\"#data\":\"x\"},{\"#cdata\":\"12\"}]}");
    memset(&o, 0, sizeof o);
    o.drop_pis = 1;
    check_doc_opt("<?top?><r>a<?p x?>b<!--c--></r>", &o,
                  "{\"#document\":[{\"#name\":\"r\",\"#children\":[\"ab\","
                  "{\"#comment\":\"c\"}]}]}");
    memset(&o, 0, sizeof o);
    o.strip_space = 1;
    /* whitespace between elements goes; text in a text-only element and
     * text in mixed content stay */
    check_root_opt("<r>\n  <a>  </a>\n  <b> x <c/> </b>\n  <![CDATA[1]]> "
                   "<![CDATA[2]]>\n</r>",
                   &o,
                   "{\"#name\":\"r\",\"#children\":[{\"#name\":\"a\","
                   "\"#children\":[\"  \"]},{\"#name\":\"b\",\"#children\":"
                   "[\" x \",{\"#name\":\"c\",\"#children\":[]}]},"
                   "{\"#cdata\":\"12\"}]}");
    /* without the option, the whitespace is kept */
    check_root("<r>\n  <a/>\n</r>",
               "{\"#name\":\"r\",\"#children\":[\"\\n  \",{\"#name\":\"a\","
               "\"#children\":[]},\"\\n\"]}");
}

static void test_x2j_pretty(void)
{
    xmlDocPtr doc = read_xml("<r a=\"1\"><i>x</i></r>", XML_OPTS);
    gcx_buf b;
    gcx_jw w;

    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    gcx_buf_init(&b, 0);
    gcx_jw_init(&w, &b, 1);
    CU_ASSERT_EQUAL(gcx_xml_to_json(&w, xmlDocGetRootElement(doc), NULL,
                                    &err),
                    GCX_OK);
    CU_ASSERT_STRING_EQUAL(data(&b), "{\n  \"#name\": \"r\",\n  \"@a\": "
                                     "\"1\",\n  \"#children\": [\n    {\n"
                                     "      \"#name\": \"i\",\n      "
                                     "\"#children\": [\n        \"x\"\n"
                                     "      ]\n    }\n  ]\n}");
    gcx_buf_free(&b);
    xmlFreeDoc(doc);
}

static void test_x2j_errors(void)
{
    xmlDocPtr doc = read_xml("<r>text</r>", XML_OPTS);
    xmlNodePtr node, r;
    gcx_buf b;
    gcx_jw w;
    int i;

    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    /* a text node is neither an element nor a document */
    CU_ASSERT_EQUAL(x2j(&b, xmlDocGetRootElement(doc)->children, NULL),
                    GCX_E_INTERNAL);
    gcx_buf_free(&b);
    CU_ASSERT_EQUAL(x2j(&b, NULL, NULL), GCX_E_USAGE);
    gcx_buf_free(&b);
    /* the output buffer's limit */
    gcx_buf_init(&b, 8);
    gcx_jw_init(&w, &b, 0);
    CU_ASSERT_EQUAL(gcx_xml_to_json(&w, (xmlNodePtr)doc, NULL, &err),
                    GCX_E_LIMIT);
    CU_ASSERT_EQUAL(err.code, GCX_E_LIMIT);
    /* a writer already failed stays failed */
    CU_ASSERT_EQUAL(gcx_xml_to_json(&w, (xmlNodePtr)doc, NULL, &err),
                    GCX_E_LIMIT);
    gcx_buf_free(&b);
    xmlFreeDoc(doc);

    /* deeper than JSON output can nest */
    doc = xmlNewDoc((const xmlChar *)"1.0");
    r = xmlNewNode(NULL, (const xmlChar *)"r");
    xmlDocSetRootElement(doc, r);
    for (node = r, i = 0; i < 2100; i++)
        node = xmlNewChild(node, NULL, (const xmlChar *)"d", NULL);
    CU_ASSERT_EQUAL(x2j(&b, r, NULL), GCX_E_LIMIT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "nested"));
    gcx_buf_free(&b);
    xmlFreeDoc(doc);
}

static void test_x2j_out_of_memory(void)
{
    /* merged text (entity references kept), a long name, CDATA runs:
     * every scratch buffer is used; each failure is reported cleanly */
    char xml[1024], name[300];
    xmlDocPtr doc;
    gcx_status st = GCX_E_NOMEM;
    unsigned long n;
    gcx_buf b;

    memset(name, 'n', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    snprintf(xml, sizeof xml,
             "<!DOCTYPE r [<!ENTITY e \"x\">]><r xmlns:p=\"urn:p\">a&e;b"
             "<p:%s a=\"1&e;2\"/><![CDATA[c]]><!--d--><![CDATA[e]]>"
             "</r>", name);
    doc = read_xml(xml, XML_PARSE_NONET);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    for (n = 1; n < 100 && st == GCX_E_NOMEM; n++) {
        gcx_xmljson_options o;
        gcx_jw w;

        memset(&o, 0, sizeof o);
        o.drop_comments = 1;
        gcx_buf_init(&b, 0);
        gcx_jw_init(&w, &b, 0);
        gcx_alloc_fail_after(n);
        st = gcx_xml_to_json(&w, xmlDocGetRootElement(doc), &o, &err);
        gcx_alloc_fail_after(0);
        CU_ASSERT(st == GCX_OK || st == GCX_E_NOMEM);
        CU_ASSERT(st == GCX_OK || err.code == GCX_E_NOMEM);
        if (!st)
            CU_ASSERT_PTR_NOT_NULL(strstr(data(&b), "{\"#cdata\":\"ce\"}"));
        gcx_buf_free(&b);
    }
    CU_ASSERT_EQUAL(st, GCX_OK);
    CU_ASSERT(n > 3);
    xmlFreeDoc(doc);
}

/* ------------------------------------------------------ JSON -> XML */

static void test_j2x_basic(void)
{
    check_j2x("{\"#name\":\"p:e\",\"@xmlns:p\":\"urn:p\",\"@a\":\"1\","
              "\"#children\":[\"t<&>\",{\"#name\":\"p:c\",\"#children\":"
              "[]},{\"#cdata\":\"<&>\"},{\"#comment\":\" c \"},{\"#pi\":"
              "\"t\",\"#data\":\"d\"},{\"#pi\":\"u\"}]}",
              "<p:e xmlns:p=\"urn:p\" a=\"1\">t&lt;&amp;&gt;<p:c/>"
              "<![CDATA[<&>]]><!-- c --><?t d?><?u?></p:e>");
    /* any member order; namespace declarations written first */
    check_j2x("{\"#children\":[\"x\"],\"@b\":\"2\",\"@xmlns:p\":\"urn:p\","
              "\"#name\":\"p:e\",\"@a\":\"\\t\",\"@xmlns\":\"urn:d\"}",
              "<p:e xmlns:p=\"urn:p\" xmlns=\"urn:d\" b=\"2\" a=\"&#x9;\">x"
              "</p:e>");
    /* "#children" may be left out */
    check_j2x("{\"#name\":\"e\"}", "<e/>");
    check_j2x("{\"#name\":\"e\",\"#children\":[]}", "<e/>");
    /* text with a CR */
    check_j2x("{\"#name\":\"e\",\"#children\":[\"a\\rb\"]}",
              "<e>a&#xD;b</e>");
    /* xml: needs no declaration; xmlns="" resets the default */
    check_j2x("{\"#name\":\"e\",\"@xmlns\":\"urn:d\",\"#children\":[{"
              "\"#name\":\"c\",\"@xmlns\":\"\",\"@xml:lang\":\"ar\"}]}",
              "<e xmlns=\"urn:d\"><c xmlns=\"\" xml:lang=\"ar\"/></e>");
}

static void test_j2x_document(void)
{
    check_j2x("{\"#document\":[{\"#comment\":\"a\"},{\"#pi\":\"p\","
              "\"#data\":\"d\"},{\"#name\":\"r\"},{\"#comment\":\"b\"}]}",
              "<!--a-->\n<?p d?>\n<r/>\n<!--b-->");
}

static void test_j2x_options(void)
{
    gcx_xmljson_options o;

    memset(&o, 0, sizeof o);
    o.drop_comments = 1;
    o.drop_pis = 1;
    check_j2x_opt("{\"#document\":[{\"#comment\":\"a\"},{\"#pi\":\"p\"},"
                  "{\"#name\":\"r\",\"#children\":[\"a\",{\"#comment\":"
                  "\"c\"},{\"#pi\":\"x\"},\"b\"]}]}",
                  &o, "<r>ab</r>");
    memset(&o, 0, sizeof o);
    o.strip_space = 1;
    check_j2x_opt("{\"#name\":\"r\",\"#children\":[\"\\n \",{\"#name\":"
                  "\"a\",\"#children\":[\" \"]},\"\\n\"]}",
                  &o, "<r><a> </a></r>");
}

static void test_j2x_errors(void)
{
    check_bad("{\"#name\":\"a\",\"#children\":[{\"#name\":\"b\","
              "\"@id\":5}]}",
              GCX_E_INVALID, "/#children/0/@id",
              "expected a string for attribute \"@id\", found a number");
    check_bad("{\"#name\":1}", GCX_E_INVALID, "/#name",
              "expected a string for \"#name\", found a number");
    check_bad("{\"#name\":\"a\",\"#name\":\"b\"}", GCX_E_INVALID, "/#name",
              "duplicate member \"#name\"");
    check_bad("{\"@a\":\"1\"}", GCX_E_INVALID, "", "no \"#name\"");
    check_bad("{\"#name\":\"a\",\"#children\":[{\"@a\":\"1\"}]}",
              GCX_E_INVALID, "/#children/0", "no \"#name\"");
    check_bad("[]", GCX_E_INVALID, "", "found an array");
    check_bad("{\"#cdata\":\"x\"}", GCX_E_INVALID, "",
              "found a CDATA object");
    check_bad("{\"#name\":\"1a\"}", GCX_E_INVALID, "/#name",
              "invalid element name");
    check_bad("{\"#name\":\"a\",\"#children\":{}}", GCX_E_INVALID,
              "/#children", "expected an array for \"#children\"");
    check_bad("{\"#name\":\"a\",\"#children\":[\"x\",\"y\"]}",
              GCX_E_INVALID, "/#children/1", "merge");
    check_bad("{\"#name\":\"a\",\"#children\":[\"x\",{\"#name\":\"b\","
              "\"#children\":[\"\"]}]}",
              GCX_E_INVALID, "/#children/1/#children/0", "empty text");
    check_bad("{\"#name\":\"a\",\"#children\":[null]}", GCX_E_INVALID,
              "/#children/0", "found null");
    check_bad("{\"#name\":\"a\",\"#children\":[true]}", GCX_E_INVALID,
              "/#children/0", "found a boolean");
    check_bad("{\"#name\":\"a\",\"#children\":[1.5]}", GCX_E_INVALID,
              "/#children/0", "found a number");
    check_bad("{\"#name\":\"a\",\"#children\":[[]]}", GCX_E_INVALID,
              "/#children/0", "found an array");
    check_bad("{\"#name\":\"a\",\"@b\":null}", GCX_E_INVALID, "/@b",
              "found null");
    check_bad("{\"#name\":\"a\",\"#foo\":\"x\"}", GCX_E_INVALID, "/#foo",
              "unknown member \"#foo\"");
    check_bad("{\"#name\":\"a\",\"x\":\"1\"}", GCX_E_INVALID, "/x",
              "attribute names start with \"@\"");
    check_bad("{\"#name\":\"a\",\"#children\":[{\"#cdata\":\"a]]>b\"}]}",
              GCX_E_INVALID, "/#children/0/#cdata", "]]>");
    check_bad("{\"#name\":\"a\",\"#children\":[{\"#cdata\":\"a\"},"
              "{\"#cdata\":\"b\"}]}",
              GCX_E_INVALID, "/#children/1", "merge");
    check_bad("{\"#name\":\"a\",\"#children\":[{\"#cdata\":7}]}",
              GCX_E_INVALID, "/#children/0/#cdata",
              "expected a string for \"#cdata\", found a number");
    check_bad("{\"#name\":\"a\",\"#children\":[{\"#cdata\":\"x\","
              "\"#name\":\"b\"}]}",
              GCX_E_INVALID, "/#children/0/#name", "in a CDATA object");
    check_bad("{\"#name\":\"a\",\"#children\":[{\"#comment\":\"a--b\"}]}",
              GCX_E_INVALID, "/#children/0/#comment", "--");
    check_bad("{\"#name\":\"a\",\"#children\":[{\"#comment\":\"a\\rb\"}]}",
              GCX_E_INVALID, "/#children/0/#comment", "carriage return");
    check_bad("{\"#name\":\"a\",\"#children\":[{\"#pi\":\"xml\"}]}",
              GCX_E_INVALID, "/#children/0/#pi", "reserved");
    check_bad("{\"#name\":\"a\",\"#children\":[{\"#pi\":\"t\",\"#data\":"
              "\" d\"}]}",
              GCX_E_INVALID, "/#children/0/#data", "white space");
    check_bad("{\"#name\":\"a\",\"#children\":[{\"#pi\":\"t\",\"#data\":"
              "\"\"}]}",
              GCX_E_INVALID, "/#children/0/#data", "empty");
    check_bad("{\"#name\":\"a\",\"#children\":[{\"#pi\":\"t\",\"#data\":"
              "\"a?>\"}]}",
              GCX_E_INVALID, "/#children/0/#data", "?>");
    check_bad("{\"#name\":\"a\",\"#children\":[{\"#pi\":\"t\",\"x\":"
              "\"\"}]}",
              GCX_E_INVALID, "/#children/0/x", "unexpected member");
    check_bad("{\"#name\":\"a\",\"#children\":[{\"#data\":\"d\"}]}",
              GCX_E_INVALID, "/#children/0/#data", "unknown member");
    check_bad("{\"#name\":\"a\",\"#children\":[\"ok\",\"\\u0001\"]}",
              GCX_E_INVALID, "/#children/1", "merge");
    check_bad("{\"#name\":\"a\",\"#children\":[\"\\u0001\"]}",
              GCX_E_INVALID, "/#children/0", "U+0001");
    check_bad("{\"#name\":\"a\",\"@b\":\"\\uFFFF\"}", GCX_E_INVALID, "/@b",
              "U+FFFF");
    check_bad("{\"#name\":\"a\",\"#children\":[{\"#document\":[]}]}",
              GCX_E_INVALID, "/#children/0", "outermost");
}

static void test_j2x_pointer_escapes(void)
{
    /* RFC 6901: "~" is "~0" and "/" is "~1" */
    check_bad("{\"#name\":\"a\",\"#children\":[{\"#name\":\"b\","
              "\"@a/b~c\":\"x\"}]}",
              GCX_E_INVALID, "/#children/0/@a~1b~0c",
              "invalid attribute name");
    check_bad("{\"#name\":\"a\",\"~/\":1}", GCX_E_INVALID, "/~0~1",
              "unexpected member");
    check_bad("{\"#name\":\"a\",\"#children\":[\"0\",{\"#name\":\"b\"},"
              "\"2\",{\"#name\":\"b\"},\"4\",{\"#name\":\"b\"},\"6\",{"
              "\"#name\":\"b\"},\"8\",{\"#name\":\"b\"},\"10\",{\"#name\":"
              "\"b\",\"#children\":[{\"#name\":\"c\",\"@n\":[]}]}]}",
              GCX_E_INVALID, "/#children/11/#children/0/@n",
              "found an array");
}

static void test_j2x_namespaces(void)
{
    check_bad("{\"#name\":\"p:a\"}", GCX_E_INVALID, "/#name",
              "prefix \"p\" of element \"p:a\" is not declared");
    check_bad("{\"#name\":\"a\",\"@q:x\":\"1\"}", GCX_E_INVALID, "/@q:x",
              "prefix \"q\" of attribute \"q:x\" is not declared");
    /* a declaration is in scope in its element and below, not beside */
    check_bad("{\"#name\":\"a\",\"#children\":[{\"#name\":\"p:b\","
              "\"@xmlns:p\":\"urn:p\"},{\"#name\":\"p:c\"}]}",
              GCX_E_INVALID, "/#children/1/#name", "not declared");
    check_j2x("{\"#name\":\"a\",\"@xmlns:p\":\"urn:p\",\"#children\":[{"
              "\"#name\":\"p:b\",\"@p:x\":\"1\"}]}",
              "<a xmlns:p=\"urn:p\"><p:b p:x=\"1\"/></a>");
    check_bad("{\"#name\":\"a\",\"@xmlns:p\":\"urn:u\",\"@xmlns:q\":"
              "\"urn:u\",\"@p:x\":\"1\",\"@q:x\":\"2\"}",
              GCX_E_INVALID, "/@q:x", "same namespace and local name");
    check_bad("{\"#name\":\"a\",\"@xmlns:p\":\"\"}", GCX_E_INVALID,
              "/@xmlns:p", "cannot be undeclared");
    check_bad("{\"#name\":\"a\",\"@xmlns:xml\":\"http://www.w3.org/XML/"
              "1998/namespace\"}",
              GCX_E_INVALID, "/@xmlns:xml", "predeclared");
    check_bad("{\"#name\":\"a\",\"@xmlns:xmlns\":\"urn:x\"}",
              GCX_E_INVALID, "/@xmlns:xmlns", "cannot be declared");
    check_bad("{\"#name\":\"a\",\"@xmlns\":\"http://www.w3.org/2000/"
              "xmlns/\"}",
              GCX_E_INVALID, "/@xmlns", "reserved");
    check_bad("{\"#name\":\"xmlns:a\"}", GCX_E_INVALID, "/#name",
              "prefix \"xmlns\"");
    check_bad("{\"#name\":\"a\",\"@a\":\"1\",\"@a\":\"2\"}", GCX_E_INVALID,
              "/@a", "duplicate attribute");
}

static void test_j2x_document_errors(void)
{
    check_bad("{\"#document\":[]}", GCX_E_INVALID, "/#document",
              "needs a root element");
    check_bad("{\"#document\":[{\"#name\":\"a\"},{\"#name\":\"b\"}]}",
              GCX_E_INVALID, "/#document/1", "only one root element");
    check_bad("{\"#document\":[\"text\",{\"#name\":\"a\"}]}",
              GCX_E_INVALID, "/#document/0", "outside the root element");
    check_bad("{\"#document\":[{\"#name\":\"a\"},{\"#cdata\":\"x\"}]}",
              GCX_E_INVALID, "/#document/1", "outside the root element");
    check_bad("{\"#document\":[{\"#name\":\"a\"}],\"x\":1}", GCX_E_INVALID,
              "/x", "in a document object");
    check_bad("{\"#document\":{}}", GCX_E_INVALID, "/#document",
              "expected an array for \"#document\"");
    check_bad("{\"#document\":[{\"#name\":\"a\"},3]}", GCX_E_INVALID,
              "/#document/1", "in \"#document\", found a number");
}

static void test_j2x_line_column(void)
{
    static const char text[] = "{\n  \"#name\": \"a\",\n  \"#children\": [\n"
                               "    {\"#name\": \"b\", \"@id\": 5}\n  ]\n}";
    gcx_arena *a = gcx_arena_new();
    gcx_json *v = parse_json(a, text);
    gcx_buf b;

    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(j2x(&b, v, NULL), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(err.path, "/#children/0/@id");
    CU_ASSERT_EQUAL(err.line, 4);
    CU_ASSERT_EQUAL(err.column, 27);
    gcx_buf_free(&b);
    gcx_arena_free(a);
}

static void test_j2x_built_values(void)
{
    /* values built in memory have no line; NUL bytes in keys and text */
    gcx_arena *a = gcx_arena_new();
    gcx_json *o = gcx_json_new_object(a, 2), *kids = gcx_json_new_array(a, 1);
    gcx_buf b;

    gcx_json_object_put(a, o, "#name", 5, gcx_json_new_string(a, "e", 1));
    gcx_json_object_put(a, o, "#children", 9, kids);
    gcx_json_array_push(a, kids, gcx_json_new_string(a, "a\0b", 3));
    CU_ASSERT_EQUAL(j2x(&b, o, NULL), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(err.path, "/#children/0");
    CU_ASSERT_EQUAL(err.line, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "U+0000"));
    gcx_buf_free(&b);
    o->u.members[0].value = gcx_json_new_string(a, "e\0x", 3);
    CU_ASSERT_EQUAL(j2x(&b, o, NULL), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(err.path, "/#name");
    gcx_buf_free(&b);
    CU_ASSERT_EQUAL(j2x(&b, NULL, NULL), GCX_E_USAGE);
    gcx_buf_free(&b);
    gcx_arena_free(a);
}

static void test_j2x_depth_limit(void)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *v = NULL, *o, *kids, *name = gcx_json_new_string(a, "d", 1);
    gcx_buf b;
    int i;

    for (i = 0; i < 10001; i++) {
        o = gcx_json_new_object(a, 2);
        kids = gcx_json_new_array(a, 1);
        CU_ASSERT_PTR_NOT_NULL_FATAL(kids);
        gcx_json_object_put(a, o, "#name", 5, name);
        gcx_json_object_put(a, o, "#children", 9, kids);
        if (v)
            gcx_json_array_push(a, kids, v);
        v = o;
    }
    CU_ASSERT_EQUAL(j2x(&b, v, NULL), GCX_E_LIMIT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "10000"));
    CU_ASSERT_EQUAL(strncmp(err.path, "/#children/0/#children/0/", 25), 0);
    CU_ASSERT(strlen(err.path) < GCX_ERROR_PATH_MAX);
    gcx_buf_free(&b);
    /* 10000 levels are fine */
    CU_ASSERT_EQUAL(j2x(&b, v->u.members[1].value->u.items[0], NULL),
                    GCX_OK);
    gcx_buf_free(&b);
    gcx_arena_free(a);
}

static void test_j2x_out_of_memory(void)
{
    static const char json[] =
        "{\"#name\":\"a\",\"@xmlns:p\":\"urn:p\",\"#children\":[\"t\",{"
        "\"#name\":\"p:b\",\"@p:x\":\"1\"}]}";
    gcx_arena *a = gcx_arena_new();
    gcx_json *v = parse_json(a, json);
    gcx_buf b;
    gcx_xw *w;
    gcx_status st = GCX_E_NOMEM;
    unsigned long n;

    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    for (n = 1; n < 50 && st == GCX_E_NOMEM; n++) {
        gcx_buf_init(&b, 0);
        gcx_alloc_fail_after(n);
        w = gcx_xw_new(&b);
        st = w ? gcx_json_to_xml(w, v, NULL, &err) : GCX_E_NOMEM;
        gcx_alloc_fail_after(0);
        CU_ASSERT(st == GCX_OK || st == GCX_E_NOMEM);
        gcx_xw_free(w);
        gcx_buf_free(&b);
    }
    CU_ASSERT_EQUAL(st, GCX_OK);
    gcx_arena_free(a);
}

/* ------------------------------------------------------ round trips */

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_roundtrip_corpus(void)
{
    char dir[4096], path[8192];
    char *names[256];
    size_t n = 0, i, len;
    struct dirent *e;
    DIR *d;

    snprintf(dir, sizeof dir, "%s", unit_data_path("tests/corpus/roundtrip"));
    d = opendir(dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    while ((e = readdir(d)) != NULL && n < 256) {
        len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".xml") == 0) {
            names[n] = malloc(len + 1);
            CU_ASSERT_PTR_NOT_NULL_FATAL(names[n]);
            memcpy(names[n++], e->d_name, len + 1);
        }
    }
    closedir(d);
    qsort(names, n, sizeof names[0], by_name);
    CU_ASSERT(n >= 12);
    for (i = 0; i < n; i++) {
        xmlDocPtr doc;

        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        /* (no warnings: libxml2 warns about the namespaces of markup in
         * entities, see 17-entity-markup-in-namespace.xml) */
        doc = xmlReadFile(path, NULL, XML_OPTS | XML_PARSE_NOWARNING);
        CU_ASSERT_PTR_NOT_NULL(doc);
        if (doc)
            roundtrip_doc(doc, names[i]);
        else
            fprintf(stderr, "\ncannot read %s\n", path);
        xmlFreeDoc(doc);
        free(names[i]);
    }
}

static void test_roundtrip_long_text(void)
{
    gcx_buf b;
    xmlDocPtr doc;

    gcx_buf_init(&b, 0);
    gcx_buf_puts(&b, "<r><long a=\"");
    while (b.len < 20000)
        gcx_buf_puts(&b, "x&amp;&#9;");
    gcx_buf_puts(&b, "\">");
    while (b.len < 120000)
        gcx_buf_printf(&b, "%s", "Long text &amp; &lt;markup> \"quoted\" "
                                 "\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a &#13; "
                                 "\xf0\x9f\x98\x80\n\t");
    gcx_buf_puts(&b, "</long></r>");
    doc = xmlReadMemory(b.data, (int)b.len, NULL, NULL, XML_OPTS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    roundtrip_doc(doc, "long text");
    xmlFreeDoc(doc);
    gcx_buf_free(&b);
}

static void test_roundtrip_records(void)
{
    /* each record of a stream, taken alone, comes back equal */
    xmlDocPtr doc = xmlReadFile(unit_data_path("tests/corpus/roundtrip/"
                                               "16-record-stream.xml"),
                                NULL, XML_OPTS);
    gcx_arena *a = gcx_arena_new();
    xmlNodePtr rec;
    int count = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    for (rec = xmlDocGetRootElement(doc)->children; rec; rec = rec->next) {
        gcx_buf j1, x, j2;
        gcx_json *v1, *v2;
        xmlDocPtr one;

        if (rec->type != XML_ELEMENT_NODE)
            continue;
        count++;
        CU_ASSERT_EQUAL_FATAL(x2j(&j1, rec, NULL), GCX_OK);
        v1 = parse_json(a, data(&j1));
        CU_ASSERT_PTR_NOT_NULL_FATAL(v1);
        CU_ASSERT_EQUAL(j2x(&x, v1, NULL), GCX_OK);
        one = xmlReadMemory(data(&x), (int)x.len, NULL, NULL,
                            XML_OPTS | XML_PARSE_NOERROR |
                                XML_PARSE_NOWARNING);
        CU_ASSERT_PTR_NOT_NULL_FATAL(one);
        CU_ASSERT_EQUAL(x2j(&j2, xmlDocGetRootElement(one), NULL), GCX_OK);
        v2 = parse_json(a, data(&j2));
        CU_ASSERT(v2 && gcx_json_equal(v1, v2));
        /* the record's namespaces resolve the same way alone */
        CU_ASSERT_STRING_EQUAL(
            (const char *)(rec->ns ? rec->ns->href : (const xmlChar *)""),
            (const char *)(xmlDocGetRootElement(one)->ns
                               ? xmlDocGetRootElement(one)->ns->href
                               : (const xmlChar *)""));
        xmlFreeDoc(one);
        gcx_buf_free(&j1);
        gcx_buf_free(&j2);
        gcx_buf_free(&x);
    }
    CU_ASSERT_EQUAL(count, 3);
    gcx_arena_free(a);
    xmlFreeDoc(doc);
}

static void test_roundtrip_json(void)
{
    roundtrip_json("{\"#name\":\"a\",\"#children\":[]}");
    roundtrip_json("{\"#name\":\"p:a\",\"@xmlns:p\":\"urn:p\",\"@xmlns\":"
                   "\"urn:d\",\"@id\":\"000123\",\"@p:k\":"
                   "\"\\t\\n\\r<&>\\\"\",\"#children\":[\" lead\","
                   "{\"#cdata\":\"\"},\"mid\\r\",{\"#cdata\":\"]]\"},"
                   "{\"#name\":\"c\",\"@xmlns\":\"\",\"#children\":"
                   "[\"\xc3\xa9\xf0\x9f\x98\x80\"]},{\"#comment\":\"\"},"
                   "{\"#pi\":\"t\",\"#data\":\"x  \"},\"end ]]>\"]}");
    roundtrip_json("{\"#document\":[{\"#comment\":\" c \"},{\"#pi\":"
                   "\"style\",\"#data\":\"href=\\\"a\\\"\"},{\"#name\":"
                   "\"\xd8\xb3\xd8\xac\xd9\x84\",\"#children\":"
                   "[\"\xd9\x86\xd8\xb5\"]},{\"#pi\":\"end\"}]}");
}

/* The name cache gives the same bytes as no cache, across records and
 * across documents (a new dictionary empties it), for every corpus file
 * and for attribute names that differ only in their prefix. */
static void test_x2j_name_cache(void)
{
    static const char *docs[] = {
        "<p:r xmlns:p='urn:p' xmlns:q='urn:q' p:a='1' q:a='2'>"
        "<p:v/><q:v/><v p:a='3'/></p:r>",
        "<r xmlns='urn:d'><v a='1'/><v a='2'>x</v><w/></r>",
        "<p:r xmlns:p='urn:other'><p:v/><p:w q='1'/></p:r>",
    };
    gcx_xmljson_options plain, cached;
    size_t i, round;

    memset(&plain, 0, sizeof plain);
    cached = plain;
    cached.names = gcx_xmljson_names_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(cached.names);
    for (round = 0; round < 2; round++) {
        for (i = 0; i < sizeof docs / sizeof docs[0]; i++) {
            xmlDocPtr doc = read_xml(docs[i], XML_OPTS);
            gcx_buf a, b;

            CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
            CU_ASSERT_EQUAL(x2j(&a, (xmlNodePtr)doc, &plain), GCX_OK);
            CU_ASSERT_EQUAL(x2j(&b, (xmlNodePtr)doc, &cached), GCX_OK);
            CU_ASSERT_STRING_EQUAL(data(&a), data(&b));
            /* twice with a warm cache */
            gcx_buf_free(&b);
            CU_ASSERT_EQUAL(x2j(&b, (xmlNodePtr)doc, &cached), GCX_OK);
            CU_ASSERT_STRING_EQUAL(data(&a), data(&b));
            gcx_buf_free(&a);
            gcx_buf_free(&b);
            xmlFreeDoc(doc);
        }
    }
    gcx_xmljson_names_free(cached.names);
    gcx_xmljson_names_free(NULL);
}

static const gcx_unit_case cases[] = {
    {"x2j namespaces", test_x2j_namespaces},
    {"x2j name cache", test_x2j_name_cache},
    {"x2j Arabic", test_x2j_arabic},
    {"x2j CDATA", test_x2j_cdata},
    {"x2j CDATA holding \"]]>\"", test_x2j_cdata_end_inside},
    {"x2j mixed content", test_x2j_mixed},
    {"x2j attributes", test_x2j_attributes},
    {"x2j one vs many children", test_x2j_one_vs_many},
    {"x2j empty elements", test_x2j_empty},
    {"x2j text stays a string", test_x2j_text_stays_string},
    {"x2j characters", test_x2j_characters},
    {"x2j record namespaces", test_x2j_record_namespaces},
    {"x2j document", test_x2j_document},
    {"x2j entity reference nodes", test_x2j_entity_reference_nodes},
    {"x2j namespaces of entity markup",
     test_x2j_entity_markup_namespaces},
    {"x2j adjacent text nodes", test_x2j_adjacent_text_nodes},
    {"x2j options", test_x2j_options},
    {"x2j pretty", test_x2j_pretty},
    {"x2j errors", test_x2j_errors},
    {"x2j out of memory", test_x2j_out_of_memory},
    {"j2x basic", test_j2x_basic},
    {"j2x document", test_j2x_document},
    {"j2x options", test_j2x_options},
    {"j2x errors", test_j2x_errors},
    {"j2x pointer escapes", test_j2x_pointer_escapes},
    {"j2x namespaces", test_j2x_namespaces},
    {"j2x document errors", test_j2x_document_errors},
    {"j2x line and column", test_j2x_line_column},
    {"j2x built values", test_j2x_built_values},
    {"j2x depth limit", test_j2x_depth_limit},
    {"j2x out of memory", test_j2x_out_of_memory},
    {"round trip: corpus", test_roundtrip_corpus},
    {"round trip: long text", test_roundtrip_long_text},
    {"round trip: records", test_roundtrip_records},
    {"round trip: JSON", test_roundtrip_json},
    {NULL, NULL}
};

GCX_UNIT_MAIN("xmljson", cases)
