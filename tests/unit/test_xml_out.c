/* tests/unit/test_xml_out.c - unit tests for the streaming XML writer.
 *
 * Escaping (the C14N rules), characters XML forbids, QName checks, the
 * empty-element form, CDATA / comment / PI rules, misuse, and that a
 * failed call leaves the output as it was.
 */
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <gcx/alloc.h>
#include <gcx/buf.h>
#include <gcx/error.h>
#include <gcx/xml_out.h>

#include "unit.h"

static gcx_buf out;
static gcx_xw *w;
static gcx_error err;

static void setup(size_t max)
{
    gcx_buf_init(&out, max);
    w = gcx_xw_new(&out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    gcx_error_clear(&err);
}

static void teardown(void)
{
    gcx_xw_free(w);
    gcx_buf_free(&out);
    w = NULL;
}

static const char *text(void)
{
    return out.data ? out.data : "";
}

#define S(lit) lit, sizeof(lit) - 1

static void test_elements_and_empty_form(void)
{
    setup(0);
    CU_ASSERT_EQUAL(gcx_xw_start(w, S("r"), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_attr(w, S("a"), S("1"), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_start(w, S("empty"), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_depth(w), 2);
    CU_ASSERT_EQUAL(gcx_xw_end(w, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_start(w, S("p:x"), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_attr(w, S("xmlns:p"), S("urn:p"), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_text(w, S("hi"), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_end(w, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_start(w, S("e"), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_text(w, "", 0, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_end(w, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_end(w, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_depth(w), 0);
    CU_ASSERT_STRING_EQUAL(text(), "<r a=\"1\"><empty/><p:x xmlns:p=\"urn:p\">"
                                   "hi</p:x><e></e></r>");
    teardown();
}

static void test_text_escaping(void)
{
    setup(0);
    CU_ASSERT_EQUAL(gcx_xw_text(w, S("a&b<c>d\re\tf\ng\"h'i]]>"), &err),
                    GCX_OK);
    CU_ASSERT_STRING_EQUAL(text(), "a&amp;b&lt;c&gt;d&#xD;e\tf\ng\"h'i]]&gt;");
    teardown();
}

static void test_attr_escaping(void)
{
    setup(0);
    CU_ASSERT_EQUAL(gcx_xw_start(w, S("e"), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_attr(w, S("v"), S("a&b<c>d\re\tf\ng\"h'i"),
                                &err),
                    GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_attr(w, S("empty"), "", 0, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_end(w, &err), GCX_OK);
    CU_ASSERT_STRING_EQUAL(text(),
                           "<e v=\"a&amp;b&lt;c>d&#xD;e&#x9;f&#xA;g&quot;"
                           "h'i\" empty=\"\"/>");
    teardown();
}

static void test_utf8_passes(void)
{
    /* Arabic, U+007F, U+0085, U+FFFD, U+1D400, an emoji */
    static const char s[] = "\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85 \x7f\xc2\x85"
                            "\xef\xbf\xbd\xf0\x9d\x90\x80\xf0\x9f\x98\x80";

    setup(0);
    CU_ASSERT_EQUAL(gcx_xw_text(w, S(s), &err), GCX_OK);
    CU_ASSERT_STRING_EQUAL(text(), s);
    teardown();
}

/* expect_bad_text: s is refused in text and in an attribute value, and
 * nothing is written. */
static void expect_bad_text(const char *s, size_t len)
{
    setup(0);
    CU_ASSERT_EQUAL(gcx_xw_start(w, S("e"), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_attr(w, "a", 1, s, len, &err), GCX_E_INVALID);
    CU_ASSERT_EQUAL(err.code, GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(text(), "<e");
    CU_ASSERT_EQUAL(gcx_xw_text(w, s, len, &err), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(text(), "<e");
    /* the writer is still usable: the start tag is still open */
    CU_ASSERT_EQUAL(gcx_xw_attr(w, S("ok"), S("1"), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_end(w, &err), GCX_OK);
    CU_ASSERT_STRING_EQUAL(text(), "<e ok=\"1\"/>");
    teardown();
}

static void test_forbidden_chars(void)
{
    expect_bad_text(S("a\x01z"));
    expect_bad_text(S("\x08"));
    expect_bad_text(S("\x0b"));
    expect_bad_text(S("\x0c"));
    expect_bad_text(S("x\x1f"));
    expect_bad_text("a\0b", 3);
    expect_bad_text(S("\xef\xbf\xbe"));           /* U+FFFE */
    expect_bad_text(S("ok \xef\xbf\xbf"));        /* U+FFFF */
    expect_bad_text(S("\xc0\x80"));               /* overlong */
    expect_bad_text(S("\xed\xa0\x80"));           /* surrogate */
    expect_bad_text(S("\xf4\x90\x80\x80"));       /* above U+10FFFF */
    expect_bad_text(S("cut \xe2\x82"));           /* truncated */
    expect_bad_text(S("\x80"));                   /* lone continuation */
}

static void test_forbidden_message(void)
{
    setup(0);
    CU_ASSERT_EQUAL(gcx_xw_text(w, S("a\x01"), &err), GCX_E_INVALID);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "U+0001"));
    CU_ASSERT_EQUAL(gcx_xw_text(w, S("\xef\xbf\xbe"), &err), GCX_E_INVALID);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "U+FFFE"));
    CU_ASSERT_EQUAL(gcx_xw_text(w, S("\xc3"), NULL), GCX_E_INVALID);
    CU_ASSERT_EQUAL(out.len, 0);
    teardown();
}

static void test_qnames(void)
{
    static const char *good[] = {
        "a", "p:local", "_x", "a-b.c_d9", "\xc3\xa9t\xc3\xa9",
        "\xd8\xa7\xd8\xb3\xd9\x85",    /* Arabic */
        "\xe2\x81\xb0x",                /* U+2070: fifth edition only */
        "\xf0\x90\x80\x80",             /* U+10000 */
        "a\xc2\xb7", "xmlns", "xmlns:p", "xml:lang",
        "\xf0\x9f\x98\x80",             /* an emoji (U+1F600) */
        NULL
    };
    static const char *bad[] = {
        "", "1a", "-a", ".a", "a:", ":a", "a:b:c", "a b", "a>", "a\"",
        "p:1", "\xc2\xb7" "a", "a\xff", "a\xef\xbf\xbe", "\xe2\x80\x80",
        NULL
    };
    size_t i;

    for (i = 0; good[i]; i++) {
        setup(0);
        CU_ASSERT_EQUAL(gcx_xw_start(w, good[i], strlen(good[i]), &err),
                        GCX_OK);
        CU_ASSERT_EQUAL(gcx_xw_attr(w, good[i], strlen(good[i]), S("v"),
                                    &err),
                        GCX_OK);
        teardown();
    }
    for (i = 0; bad[i]; i++) {
        setup(0);
        CU_ASSERT_EQUAL(gcx_xw_start(w, bad[i], strlen(bad[i]), &err),
                        GCX_E_INVALID);
        CU_ASSERT_EQUAL(gcx_xw_depth(w), 0);
        CU_ASSERT_EQUAL(out.len, 0);
        CU_ASSERT_EQUAL(gcx_xw_start(w, S("e"), &err), GCX_OK);
        CU_ASSERT_EQUAL(gcx_xw_attr(w, bad[i], strlen(bad[i]), S("v"),
                                    &err),
                        GCX_E_INVALID);
        CU_ASSERT_STRING_EQUAL(text(), "<e");
        teardown();
    }
    /* a NUL inside the name */
    setup(0);
    CU_ASSERT_EQUAL(gcx_xw_start(w, "a\0b", 3, &err), GCX_E_INVALID);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "invalid element name"));
    teardown();
}

static void test_cdata(void)
{
    setup(0);
    CU_ASSERT_EQUAL(gcx_xw_start(w, S("e"), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_cdata(w, S("<&> ]] ]>"), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_cdata(w, "", 0, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_cdata(w, S("a]]>b"), &err), GCX_E_INVALID);
    CU_ASSERT_EQUAL(gcx_xw_cdata(w, S("]]>"), &err), GCX_E_INVALID);
    CU_ASSERT_EQUAL(gcx_xw_cdata(w, S("a\rb"), &err), GCX_E_INVALID);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "carriage return"));
    CU_ASSERT_EQUAL(gcx_xw_cdata(w, S("\x02"), &err), GCX_E_INVALID);
    CU_ASSERT_EQUAL(gcx_xw_end(w, &err), GCX_OK);
    CU_ASSERT_STRING_EQUAL(text(),
                           "<e><![CDATA[<&> ]] ]>]]><![CDATA[]]></e>");
    teardown();
}

static void test_comments(void)
{
    setup(0);
    CU_ASSERT_EQUAL(gcx_xw_comment(w, S(" a - b <&> "), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_comment(w, "", 0, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_comment(w, S("a--b"), &err), GCX_E_INVALID);
    CU_ASSERT_EQUAL(gcx_xw_comment(w, S("ends-"), &err), GCX_E_INVALID);
    CU_ASSERT_EQUAL(gcx_xw_comment(w, S("-"), &err), GCX_E_INVALID);
    CU_ASSERT_EQUAL(gcx_xw_comment(w, S("-starts"), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_comment(w, S("cr\r"), &err), GCX_E_INVALID);
    CU_ASSERT_EQUAL(gcx_xw_comment(w, S("\x1b"), &err), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(text(), "<!-- a - b <&> --><!----><!---starts-->");
    teardown();
}

static void test_pis(void)
{
    setup(0);
    CU_ASSERT_EQUAL(gcx_xw_start(w, S("e"), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_pi(w, S("t"), NULL, 5, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_pi(w, S("t"), "", 0, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_pi(w, S("app"), S("a=\"1\" <&> ?"), &err),
                    GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_pi(w, S("xml-stylesheet"), S("href=\"s\""),
                              &err),
                    GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_pi(w, S("xml"), S("x"), &err), GCX_E_INVALID);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "reserved"));
    CU_ASSERT_EQUAL(gcx_xw_pi(w, S("XmL"), NULL, 0, &err), GCX_E_INVALID);
    CU_ASSERT_EQUAL(gcx_xw_pi(w, S("a:b"), NULL, 0, &err), GCX_E_INVALID);
    CU_ASSERT_EQUAL(gcx_xw_pi(w, "", 0, NULL, 0, &err), GCX_E_INVALID);
    CU_ASSERT_EQUAL(gcx_xw_pi(w, S("1t"), NULL, 0, &err), GCX_E_INVALID);
    CU_ASSERT_EQUAL(gcx_xw_pi(w, S("t"), S("a?>b"), &err), GCX_E_INVALID);
    CU_ASSERT_EQUAL(gcx_xw_pi(w, S("t"), S("a\rb"), &err), GCX_E_INVALID);
    CU_ASSERT_EQUAL(gcx_xw_end(w, &err), GCX_OK);
    CU_ASSERT_STRING_EQUAL(text(),
                           "<e><?t?><?t?><?app a=\"1\" <&> ?" "?>"
                           "<?xml-stylesheet href=\"s\"?></e>");
    teardown();
}

static void test_misuse(void)
{
    setup(0);
    CU_ASSERT_EQUAL(gcx_xw_end(w, &err), GCX_E_USAGE);
    CU_ASSERT_EQUAL(gcx_xw_attr(w, S("a"), S("1"), &err), GCX_E_USAGE);
    CU_ASSERT_EQUAL(gcx_xw_start(w, S("e"), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_text(w, S("t"), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_attr(w, S("a"), S("1"), &err), GCX_E_USAGE);
    CU_ASSERT_EQUAL(gcx_xw_end(w, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_end(w, &err), GCX_E_USAGE);
    CU_ASSERT_STRING_EQUAL(text(), "<e>t</e>");
    teardown();
    gcx_xw_free(NULL);
}

static void test_declaration_and_raw(void)
{
    setup(0);
    CU_ASSERT_EQUAL(gcx_xw_declaration(w, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_start(w, S("list"), &err), GCX_OK);
    /* raw closes the open start tag first */
    CU_ASSERT_EQUAL(gcx_xw_raw(w, S("\n"), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_start(w, S("rec"), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_end(w, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_raw(w, S("\n"), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_end(w, &err), GCX_OK);
    CU_ASSERT_STRING_EQUAL(text(),
                           "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                           "<list>\n<rec/>\n</list>");
    teardown();
}

static void test_many_levels(void)
{
    char name[32];
    int i;

    setup(0);
    for (i = 0; i < 500; i++) {
        snprintf(name, sizeof name, "l%d", i);
        CU_ASSERT_EQUAL_FATAL(gcx_xw_start(w, name, strlen(name), &err),
                              GCX_OK);
    }
    CU_ASSERT_EQUAL(gcx_xw_depth(w), 500);
    CU_ASSERT_EQUAL(gcx_xw_text(w, S("x"), &err), GCX_OK);
    for (i = 0; i < 500; i++)
        CU_ASSERT_EQUAL(gcx_xw_end(w, &err), GCX_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(text(), "<l499>x</l499></l498>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text(), "</l1></l0>"));
    teardown();
}

static void test_limit_leaves_output(void)
{
    setup(16);
    CU_ASSERT_EQUAL(gcx_xw_start(w, S("root"), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_text(w, S("0123456789abcdef"), &err),
                    GCX_E_LIMIT);
    CU_ASSERT_EQUAL(err.code, GCX_E_LIMIT);
    CU_ASSERT_STRING_EQUAL(text(), "<root");
    CU_ASSERT_EQUAL(gcx_xw_attr(w, S("a"), S("0123456789abcdef"), &err),
                    GCX_E_LIMIT);
    CU_ASSERT_EQUAL(gcx_xw_comment(w, S("0123456789abcdef"), &err),
                    GCX_E_LIMIT);
    CU_ASSERT_STRING_EQUAL(text(), "<root");
    CU_ASSERT_EQUAL(gcx_xw_text(w, S("ok"), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_end(w, &err), GCX_OK);
    CU_ASSERT_STRING_EQUAL(text(), "<root>ok</root>");
    teardown();
}

static void test_out_of_memory(void)
{
    gcx_buf b;
    gcx_xw *x;
    unsigned long n;
    int done = 0;

    for (n = 1; n < 20 && !done; n++) {
        gcx_buf_init(&b, 0);
        gcx_alloc_fail_after(n);
        x = gcx_xw_new(&b);
        if (x) {
            gcx_status a = gcx_xw_start(x, S("a"), &err);
            gcx_status c = a ? a : gcx_xw_text(x, S("text"), &err);

            CU_ASSERT(a == GCX_OK || a == GCX_E_NOMEM);
            CU_ASSERT(c == GCX_OK || c == GCX_E_NOMEM);
            done = a == GCX_OK && c == GCX_OK;
        }
        gcx_alloc_fail_after(0);
        gcx_xw_free(x);
        gcx_buf_free(&b);
    }
    CU_ASSERT(done);
}

/* What the writer escapes, libxml2 reads back as it was written. */
static void test_reads_back(void)
{
    static const char value[] = "a&b<c>d\re\tf\ng\"h'i \xf0\x9f\x98\x80";
    xmlDocPtr doc;
    xmlNodePtr root;
    xmlChar *got;

    setup(0);
    CU_ASSERT_EQUAL(gcx_xw_start(w, S("e"), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_attr(w, S("v"), S(value), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_text(w, S(value), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xw_end(w, &err), GCX_OK);
    doc = xmlReadMemory(out.data, (int)out.len, NULL, NULL,
                        XML_PARSE_NONET | XML_PARSE_NOENT);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    root = xmlDocGetRootElement(doc);
    got = xmlGetProp(root, (const xmlChar *)"v");
    CU_ASSERT_STRING_EQUAL((const char *)got, value);
    xmlFree(got);
    got = xmlNodeGetContent(root);
    CU_ASSERT_STRING_EQUAL((const char *)got, value);
    xmlFree(got);
    xmlFreeDoc(doc);
    teardown();
}

static const gcx_unit_case cases[] = {
    {"elements and the empty form", test_elements_and_empty_form},
    {"text escaping", test_text_escaping},
    {"attribute escaping", test_attr_escaping},
    {"UTF-8 passes", test_utf8_passes},
    {"forbidden characters", test_forbidden_chars},
    {"forbidden character messages", test_forbidden_message},
    {"qualified names", test_qnames},
    {"CDATA sections", test_cdata},
    {"comments", test_comments},
    {"processing instructions", test_pis},
    {"misuse", test_misuse},
    {"declaration and raw", test_declaration_and_raw},
    {"many levels", test_many_levels},
    {"size limit leaves output", test_limit_leaves_output},
    {"out of memory", test_out_of_memory},
    {"libxml2 reads it back", test_reads_back},
    {NULL, NULL}
};

GCX_UNIT_MAIN("xml_out", cases)
