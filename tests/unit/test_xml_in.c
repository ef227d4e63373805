/* tests/unit/test_xml_in.c - unit tests for lib/xml_in.c.
 *
 * Record selection by namespaced path, whole-document mode, positions,
 * hostile input (external entities, entity bombs, deep nesting, huge
 * records, bad encodings) and bounded memory over a large stream.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libxml/tree.h>
#include <zlib.h>

#include <gcx/alloc.h>
#include <gcx/io.h>
#include <gcx/limits.h>
#include <gcx/xml_in.h>

#include "unit.h"

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#define NS_CPR "urn:gcx:test:cpr:1"
#define NS_CORE "urn:gcx:test:core"
#define NS_OTHER "urn:gcx:test:other"

/* Helpers ------------------------------------------------------------ */

#define MAX_TMP 64
static char tmp_paths[MAX_TMP][256];
static int ntmp;

static void tmp_cleanup(void)
{
    int i;

    for (i = 0; i < ntmp; i++)
        unlink(tmp_paths[i]);
    xmlCleanupParser();
}

/* tmp_file: write len bytes of data to a new temporary file; the path
 * stays valid until the program ends (the file is removed at exit). */
static const char *tmp_file(const char *data, size_t len)
{
    const char *dir = getenv("TMPDIR");
    char *path;
    int fd;

    CU_ASSERT_FATAL(ntmp < MAX_TMP);
    if (ntmp == 0)
        atexit(tmp_cleanup);
    path = tmp_paths[ntmp++];
    snprintf(path, 256, "%s/gcx_xml_in_XXXXXX", dir && *dir ? dir : "/tmp");
    fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_FATAL(write(fd, data, len) == (ssize_t)len);
    close(fd);
    return path;
}

static const char *tmp_text(const char *s)
{
    return tmp_file(s, strlen(s));
}

/* What one run of a reader over a file gave. */
typedef struct run_result {
    int n;                     /* records returned */
    char ids[4096];            /* their id attributes, comma-separated */
    unsigned long lines[64];   /* their lines (first 64) */
    unsigned long long nums[64];
    unsigned long last_line;   /* line of the last record */
    int lines_back;            /* a record's line was before the last's */
    gcx_status st;             /* final status */
    gcx_error err;
    int secret_seen;           /* the secret appeared in a record */
    int first_type;            /* type of the first node returned */
} run_result;

static const char *secret_text;

/* run: read path with record path rp (NULL: whole document) and the
 * given bindings and limits (NULL: defaults) to the end or an error. */
static void run(run_result *res, const char *path, const char *rp,
                const char *const *binds, size_t nb, const gcx_limits *lim)
{
    gcx_xml_reader_options o = gcx_xml_reader_options_default();
    gcx_input *in = NULL;
    gcx_xml_reader *r = NULL;
    xmlNodePtr node;
    gcx_error err;
    xmlBufferPtr buf = xmlBufferCreate();

    memset(res, 0, sizeof *res);
    res->first_type = -1;
    o.record_path = rp;
    o.ns_bindings = binds;
    o.nns = nb;
    if (lim)
        o.limits = *lim;
    gcx_error_clear(&err);
    CU_ASSERT_FATAL(gcx_input_open(&in, path, &err) == GCX_OK);
    res->st = gcx_xml_reader_new(&r, in, &o, &err);
    if (res->st != GCX_OK) {
        res->err = err;
        gcx_input_close(in);
        xmlBufferFree(buf);
        return;
    }
    for (;;) {
        res->st = gcx_xml_reader_next(r, &node, &err);
        if (res->st != GCX_OK || !node)
            break;
        if (res->first_type < 0)
            res->first_type = (int)node->type;
        if (node->type == XML_ELEMENT_NODE) {
            xmlChar *id = xmlGetProp(node, (const xmlChar *)"id");

            if (res->ids[0])
                strncat(res->ids, ",",
                        sizeof res->ids - strlen(res->ids) - 1);
            strncat(res->ids, id ? (const char *)id : "?",
                    sizeof res->ids - strlen(res->ids) - 1);
            xmlFree(id);
        }
        if (res->n < 64) {
            res->lines[res->n] = gcx_xml_reader_line(r);
            res->nums[res->n] = gcx_xml_reader_record(r);
        }
        if (gcx_xml_reader_line(r) < res->last_line)
            res->lines_back = 1;
        res->last_line = gcx_xml_reader_line(r);
        res->n++;
        if (secret_text) {
            xmlBufferEmpty(buf);
            xmlNodeDump(buf, node->doc ? node->doc : (xmlDocPtr)node, node,
                        0, 0);
            if (strstr((const char *)xmlBufferContent(buf), secret_text))
                res->secret_seen = 1;
        }
    }
    res->err = err;
    if (res->st != GCX_OK) {
        /* the reader cannot go on: the same error again */
        gcx_error again;

        CU_ASSERT(gcx_xml_reader_next(r, &node, &again) == res->st);
        CU_ASSERT(node == NULL);
        CU_ASSERT_STRING_EQUAL(again.message, err.message);
    } else {
        /* at the end it stays at the end */
        CU_ASSERT(gcx_xml_reader_next(r, &node, &err) == GCX_OK);
        CU_ASSERT(node == NULL);
    }
    gcx_xml_reader_free(r);
    gcx_input_close(in);
    xmlBufferFree(buf);
}

static double now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long max_rss_kb(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* slow_build: 2 under valgrind, 1 with AddressSanitizer, else 0. */
static int slow_build(void)
{
    if (RUNNING_ON_VALGRIND)
        return 2;
#if defined(__SANITIZE_ADDRESS__)
    return 1;
#else
    return 0;
#endif
}

/* Selection ---------------------------------------------------------- */

static const char ns_doc[] =
    "<?xml version=\"1.0\"?>\n"
    "<x:Export xmlns:x=\"" NS_CPR "\" xmlns:o=\"" NS_OTHER "\"\n"
    "          xmlns=\"" NS_CORE "\">\n"
    "  <x:Person id=\"1\"><x:Name>A</x:Name></x:Person>\n"
    "  <o:Person id=\"o1\"/>\n"
    "  <Person id=\"d1\"/>\n"
    "  <x:Person id=\"2\">\n"
    "    <x:Person id=\"nested\"/>\n"
    "  </x:Person>\n"
    "  <o:Person id=\"o2\"/>\n"
    "  <x:Other id=\"other\"/>\n"
    "  <x:Person id=\"3\"/>\n"
    "</x:Export>\n";

static void test_options_default(void)
{
    gcx_xml_reader_options o = gcx_xml_reader_options_default();

    CU_ASSERT(o.record_path == NULL);
    CU_ASSERT(o.ns_bindings == NULL);
    CU_ASSERT_EQUAL(o.nns, 0);
    CU_ASSERT_EQUAL(o.limits.max_depth, GCX_DEFAULT_MAX_DEPTH);
    CU_ASSERT_EQUAL(o.limits.max_record_bytes, GCX_DEFAULT_MAX_RECORD_BYTES);
    gcx_xml_reader_free(NULL);
}

static void test_select_bound_prefix(void)
{
    const char *path = tmp_text(ns_doc);
    const char *b1[] = {"cpr=" NS_CPR};
    const char *b2[] = {"cpr=" NS_OTHER};
    run_result res;

    /* bound to another prefix than the document's: matched by URI */
    run(&res, path, "/cpr:Export/cpr:Person", b1, 1, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT_EQUAL(res.n, 3);
    CU_ASSERT_STRING_EQUAL(res.ids, "1,2,3");
    CU_ASSERT_EQUAL(res.first_type, XML_ELEMENT_NODE);
    CU_ASSERT_EQUAL(res.nums[0], 1);
    CU_ASSERT_EQUAL(res.nums[2], 3);

    /* the same local name in another namespace: only those */
    run(&res, path, "/c:Export/cpr:Person", (const char *[]){
            "c=" NS_CPR, "cpr=" NS_OTHER}, 2, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT_STRING_EQUAL(res.ids, "o1,o2");

    /* the root does not match the binding: nothing */
    run(&res, path, "/cpr:Export/cpr:Person", b2, 1, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT_EQUAL(res.n, 0);
}

static void test_select_default_ns(void)
{
    const char *path = tmp_text(ns_doc);
    const char *b[] = {"=" NS_CORE, "x=" NS_CPR};
    run_result res;

    run(&res, path, "/x:Export/Person", b, 2, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT_STRING_EQUAL(res.ids, "d1");

    /* unprefixed, no default binding: elements in no namespace only */
    run(&res, path, "/x:Export/Person", b + 1, 1, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT_EQUAL(res.n, 0);
    run(&res, tmp_text("<r><p id=\"1\"/><q:p xmlns:q=\"u\" id=\"2\"/>"
                       "<p xmlns=\"v\" id=\"3\"/><p id=\"4\"/></r>"),
        "/r/p", NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT_STRING_EQUAL(res.ids, "1,4");

    /* a default binding makes unprefixed steps match that namespace */
    run(&res, tmp_text("<Export xmlns=\"" NS_CORE "\"><Person id=\"1\"/>"
                       "<Person id=\"2\"/></Export>"),
        "/Export/Person", b, 1, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT_STRING_EQUAL(res.ids, "1,2");
}

static void test_select_unbound_prefix(void)
{
    const char *path = tmp_text(ns_doc);
    run_result res;

    /* an unbound prefix matches the document's own prefix text */
    run(&res, path, "/x:Export/o:Person", NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT_STRING_EQUAL(res.ids, "o1,o2");
    run(&res, path, "/cpr:Export/x:Person", NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.n, 0);
}

static void test_select_star(void)
{
    const char *path = tmp_text(ns_doc);
    const char *b[] = {"x=" NS_CPR};
    run_result res;

    run(&res, path, "/*/*", NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT_STRING_EQUAL(res.ids, "1,o1,d1,2,o2,other,3");
    CU_ASSERT_EQUAL(res.nums[6], 7);

    /* records only at exactly that depth, "*" in the middle */
    run(&res, path, "/*/*/x:Person", b, 1, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT_STRING_EQUAL(res.ids, "nested");
    run(&res, path, "/x:Export/*/*", b, 1, NULL);
    CU_ASSERT_STRING_EQUAL(res.ids, "?,nested");

    /* the root itself as the record */
    run(&res, path, "/*", NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT_EQUAL(res.n, 1);
}

static void test_select_corpus(void)
{
    const char *b[] = {"p=urn:example:people", "a=urn:example:address"};
    run_result res;

    run(&res, unit_data_path("tests/corpus/xml_in/people_ns.xml"),
        "/p:People/p:Person", b, 2, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT_EQUAL(res.n, 3);
    CU_ASSERT_STRING_EQUAL(res.ids, "p1,p2,p3");
    CU_ASSERT_EQUAL(res.lines[0], 8);
    CU_ASSERT_EQUAL(res.lines[1], 18);
    CU_ASSERT_EQUAL(res.lines[2], 25);
    run(&res, unit_data_path("tests/corpus/xml_in/people_ns.xml"),
        "/p:People/p:Person/a:Address", b, 2, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT_STRING_EQUAL(res.ids, "a1,a2");
}

static void test_usage_errors(void)
{
    static const char *const bad_paths[] = {
        "a/b", "/", "//a", "/a/", "/a//b", "/p:*", "/a b", "/1a",
        "/p:q:r", "/:a", "/a:", NULL};
    const char *path = tmp_text("<r/>");
    const char *bad_b1[] = {"noequals"};
    const char *bad_b2[] = {"1p=u"};
    const char *bad_b3[] = {"p="};
    const char *bad_b4[] = {"p=u", "p=v"};
    const char *bad_b5[] = {"=u", "=v"};
    run_result res;
    int i;

    for (i = 0; bad_paths[i]; i++) {
        run(&res, path, bad_paths[i], NULL, 0, NULL);
        CU_ASSERT_EQUAL(res.st, GCX_E_USAGE);
        CU_ASSERT(res.err.message[0] != '\0');
    }
    run(&res, path, "/r", bad_b1, 1, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_E_USAGE);
    CU_ASSERT(strstr(res.err.message, "prefix=uri") != NULL);
    run(&res, path, "/r", bad_b2, 1, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_E_USAGE);
    run(&res, path, "/r", bad_b3, 1, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_E_USAGE);
    run(&res, path, "/r", bad_b4, 2, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_E_USAGE);
    CU_ASSERT(strstr(res.err.message, "bound twice") != NULL);
    run(&res, path, "/r", bad_b5, 2, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_E_USAGE);
    run(&res, path, "/r", NULL, 1, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_E_USAGE);
    /* good ones */
    run(&res, path, "/r", (const char *[]){"=u", "p=u"}, 2, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    run(&res, path, "/*", NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT_EQUAL(res.n, 1);
}

/* Whole document, positions, namespaces ------------------------------ */

static void test_whole_document(void)
{
    const char *path = tmp_text("<?xml version=\"1.0\"?>\n<!-- c -->\n"
                                "<r xmlns=\"u\"><p id=\"1\">t</p></r>\n"
                                "<?pi data?>\n");
    gcx_xml_reader *r;
    gcx_input *in;
    gcx_error err;
    xmlNodePtr node, root;
    xmlDocPtr doc;

    CU_ASSERT_FATAL(gcx_input_open(&in, path, &err) == GCX_OK);
    CU_ASSERT_FATAL(gcx_xml_reader_new(&r, in, NULL, &err) == GCX_OK);
    CU_ASSERT_EQUAL(gcx_xml_reader_record(r), 0);
    CU_ASSERT_FATAL(gcx_xml_reader_next(r, &node, &err) == GCX_OK);
    CU_ASSERT_FATAL(node != NULL);
    CU_ASSERT_EQUAL(node->type, XML_DOCUMENT_NODE);
    doc = (xmlDocPtr)node;
    root = xmlDocGetRootElement(doc);
    CU_ASSERT_FATAL(root != NULL);
    CU_ASSERT_STRING_EQUAL((const char *)root->name, "r");
    CU_ASSERT(root->ns && xmlStrEqual(root->ns->href, BAD_CAST "u"));
    CU_ASSERT(doc->children && doc->children->type == XML_COMMENT_NODE);
    CU_ASSERT(doc->last && doc->last->type == XML_PI_NODE);
    CU_ASSERT_EQUAL(gcx_xml_reader_record(r), 1);
    CU_ASSERT_EQUAL(gcx_xml_reader_line(r), 1);
    CU_ASSERT(gcx_xml_reader_next(r, &node, &err) == GCX_OK);
    CU_ASSERT(node == NULL);
    gcx_xml_reader_free(r);
    gcx_input_close(in);
}

static void test_whole_document_errors(void)
{
    gcx_limits lim = gcx_limits_default();
    run_result res;

    run(&res, tmp_text("<r>\n  <p>\n</r>\n"), NULL, NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(res.n, 0);
    CU_ASSERT_EQUAL(res.err.line, 3);
    CU_ASSERT(strstr(res.err.file, "gcx_xml_in_") != NULL);

    lim.max_record_bytes = 100;
    run(&res, tmp_text("<r>" "0123456789012345678901234567890123456789"
                       "0123456789012345678901234567890123456789"
                       "0123456789012345678901234567890123456789</r>"),
        NULL, NULL, 0, &lim);
    CU_ASSERT_EQUAL(res.st, GCX_E_LIMIT);
    CU_ASSERT(strstr(res.err.message, "100 bytes") != NULL);
    /* exactly at the limit is fine */
    run(&res, tmp_text("<r>" "0123456789012345678901234567890123456789"
                       "0123456789012345678901234567890123456789"
                       "0123456789012</r>"),
        NULL, NULL, 0, &lim);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT_EQUAL(res.n, 1);
    CU_ASSERT_EQUAL(res.first_type, XML_DOCUMENT_NODE);
}

static void test_lines_and_numbers(void)
{
    const char *path = tmp_text("<r>\n"
                                "<p id=\"1\"/>\n"
                                "\n"
                                "<p id=\"2\">\n"
                                "  text\n"
                                "</p><p id=\"3\"/>\n"
                                "<!-- <p id=\"no\"/> -->\n"
                                "<![CDATA[<p id=\"no\"/>]]>\n"
                                "<p\n"
                                "   id=\"4\"/>\n"
                                "</r>\n");
    run_result res;

    run(&res, path, "/r/p", NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT_STRING_EQUAL(res.ids, "1,2,3,4");
    CU_ASSERT_EQUAL(res.lines[0], 2);
    CU_ASSERT_EQUAL(res.lines[1], 4);
    CU_ASSERT_EQUAL(res.lines[2], 6);
    /* a start tag over two lines: libxml2 gives the line of its end */
    CU_ASSERT(res.lines[3] == 9 || res.lines[3] == 10);
    CU_ASSERT_EQUAL(res.nums[0], 1);
    CU_ASSERT_EQUAL(res.nums[3], 4);
}

static void test_big_line_numbers(void)
{
    /* past 65535 lines libxml2's node line saturates: the reader must
     * still give a line close to the record and never go back */
    size_t n = 30000, i, len = 0;
    char *doc = malloc(n * 40 + 64);
    run_result res;

    CU_ASSERT_FATAL(doc != NULL);
    len += (size_t)sprintf(doc + len, "<r>\n");
    for (i = 0; i < n; i++)
        len += (size_t)sprintf(doc + len, "<p id=\"%zu\">\n\n</p>\n", i);
    len += (size_t)sprintf(doc + len, "</r>\n");
    run(&res, tmp_file(doc, len), "/r/p", NULL, 0, NULL);
    free(doc);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT_EQUAL(res.n, (int)n);
    CU_ASSERT_EQUAL(res.lines[63], 2 + 63 * 3);
    CU_ASSERT_FALSE(res.lines_back);
    /* exact below 65535; past it, ahead by less than one 512-byte chunk
     * (here 20 bytes a record, 3 lines) */
    CU_ASSERT(res.last_line >= 2 + (n - 1) * 3);
    CU_ASSERT(res.last_line <= 2 + (n - 1) * 3 + 3 * 512 / 20);
}

static void test_ancestor_namespaces(void)
{
    const char *path = tmp_text(ns_doc);
    const char *b[] = {"c=" NS_CPR};
    gcx_xml_reader_options o = gcx_xml_reader_options_default();
    gcx_xml_reader *r;
    gcx_input *in;
    gcx_error err;
    xmlNodePtr node;
    xmlNsPtr ns;
    int n = 0;

    o.record_path = "/c:Export/c:Person";
    o.ns_bindings = b;
    o.nns = 1;
    gcx_error_clear(&err);
    CU_ASSERT_FATAL(gcx_input_open(&in, path, &err) == GCX_OK);
    CU_ASSERT_FATAL(gcx_xml_reader_new(&r, in, &o, &err) == GCX_OK);
    while (gcx_xml_reader_next(r, &node, &err) == GCX_OK && node) {
        n++;
        CU_ASSERT(node->parent && node->parent->type == XML_ELEMENT_NODE);
        ns = xmlSearchNs(node->doc, node, BAD_CAST "x");
        CU_ASSERT(ns && xmlStrEqual(ns->href, BAD_CAST NS_CPR));
        ns = xmlSearchNs(node->doc, node, BAD_CAST "o");
        CU_ASSERT(ns && xmlStrEqual(ns->href, BAD_CAST NS_OTHER));
        ns = xmlSearchNs(node->doc, node, NULL);
        CU_ASSERT(ns && xmlStrEqual(ns->href, BAD_CAST NS_CORE));
        CU_ASSERT(node->ns && xmlStrEqual(node->ns->prefix, BAD_CAST "x"));
    }
    CU_ASSERT_EQUAL(err.code, GCX_OK);
    CU_ASSERT_EQUAL(n, 3);
    gcx_xml_reader_free(r);
    gcx_input_close(in);
}

/* Errors ------------------------------------------------------------- */

static void test_syntax_error_position(void)
{
    char doc[4096], pad[2001];
    run_result res;

    /* The reader parses 512-byte chunks ahead of the records it returns
     * and fails as soon as a chunk holds an error: the records before
     * that chunk are returned, then the error with its position. */
    memset(pad, 'x', sizeof pad - 1);
    pad[sizeof pad - 1] = '\0';
    snprintf(doc, sizeof doc, "<r>\n"
             "  <p id=\"1\">%s</p>\n"
             "  <p id=\"2\">bad</q>\n"
             "  <p id=\"3\">ok</p>\n"
             "</r>\n", pad);
    run(&res, tmp_text(doc), "/r/p", NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_E_SYNTAX);
    CU_ASSERT_STRING_EQUAL(res.ids, "1");
    CU_ASSERT_EQUAL(res.err.line, 3);
    CU_ASSERT_EQUAL(res.err.column, 20);
    CU_ASSERT(strstr(res.err.message, "mismatch") != NULL);
    CU_ASSERT(strchr(res.err.message, '\n') == NULL);
    CU_ASSERT(strstr(res.err.file, "gcx_xml_in_") != NULL);
    run(&res, tmp_text(doc), NULL, NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(res.n, 0);
    CU_ASSERT_EQUAL(res.err.line, 3);
    CU_ASSERT_EQUAL(res.err.column, 20);

    /* an undeclared prefix is a namespace error */
    run(&res, tmp_text("<r>\n<p id=\"1\"/>\n<q:p id=\"2\"/>\n</r>\n"),
        "/r/p", NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(res.err.line, 3);
}

static void test_truncated(void)
{
    const char doc[] = "<r>\n<p id=\"1\">one</p>\n<p id=\"2\">two</p>\n"
                       "<p id=\"3\">thr";
    char big[20000];
    size_t len;
    run_result res;

    run(&res, tmp_text(doc), "/r/p", NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(res.n, 2);
    CU_ASSERT_STRING_EQUAL(res.ids, "1,2");
    CU_ASSERT_EQUAL(res.err.line, 4);

    /* the same after many chunks */
    len = (size_t)snprintf(big, sizeof big, "<r>\n");
    while (len < sizeof big - 200)
        len += (size_t)snprintf(big + len, sizeof big - len,
                                "<p id=\"x\">some text here</p>\n");
    len += (size_t)snprintf(big + len, sizeof big - len, "<p id=\"y\">tr");
    run(&res, tmp_file(big, len), "/r/p", NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_E_SYNTAX);
    CU_ASSERT(res.n > 500);
    CU_ASSERT(strstr(res.ids, "y") == NULL);

    /* missing end of the root after complete records */
    run(&res, tmp_text("<r><p id=\"1\"/><p id=\"2\"/>"), "/r/p", NULL, 0,
        NULL);
    CU_ASSERT_EQUAL(res.st, GCX_E_SYNTAX);
    CU_ASSERT(res.n <= 2);
    /* nothing after the root element is fine; junk is not */
    run(&res, tmp_text("<r><p id=\"1\"/></r>junk"), "/r/p", NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_E_SYNTAX);
    run(&res, tmp_text(""), "/r/p", NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_E_SYNTAX);
    run(&res, tmp_text(""), NULL, NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_E_SYNTAX);
}

static void test_external_entity(void)
{
    static const char secret[] = "S3CRET-gcx-7f1d2c";
    char doc[1024];
    const char *spath = tmp_text(secret);
    const char *docs[3];
    run_result res;
    int i;

    secret_text = secret;
    snprintf(doc, sizeof doc,
             "<!DOCTYPE r [<!ENTITY e SYSTEM \"file://%s\">]>\n"
             "<r><p id=\"1\">a</p><p id=\"2\">&e;</p></r>\n", spath);
    docs[0] = tmp_text(doc);
    snprintf(doc, sizeof doc,
             "<!DOCTYPE r [<!ENTITY e SYSTEM \"%s\">]>\n"
             "<r><p id=\"1\" a=\"x\">&e;</p></r>\n", spath);
    docs[1] = tmp_text(doc);
    /* a parameter entity: libxml2 would load it with XML_PARSE_NOENT */
    snprintf(doc, sizeof doc,
             "<!DOCTYPE r [<!ENTITY %% pe SYSTEM \"%s\"> %%pe;]>\n"
             "<r><p id=\"1\">a</p></r>\n", spath);
    docs[2] = tmp_text(doc);
    for (i = 0; i < 3; i++) {
        run(&res, docs[i], "/r/p", NULL, 0, NULL);
        CU_ASSERT_EQUAL(res.st, GCX_E_INVALID);
        CU_ASSERT(strstr(res.err.message, "external entity refused") !=
                  NULL);
        CU_ASSERT(res.err.line > 0);
        CU_ASSERT_FALSE(res.secret_seen);
        CU_ASSERT(strstr(res.err.message, secret) == NULL);
        run(&res, docs[i], NULL, NULL, 0, NULL);
        CU_ASSERT_EQUAL(res.st, GCX_E_INVALID);
        CU_ASSERT_EQUAL(res.n, 0);
        CU_ASSERT_FALSE(res.secret_seen);
    }
    secret_text = NULL;
    /* the loader is refused only to our readers: libxml2 still reads a
     * file for others */
    {
        xmlDocPtr d = xmlReadFile(spath, NULL, XML_PARSE_RECOVER |
                                  XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

        CU_ASSERT(d != NULL);
        xmlFreeDoc(d);
    }
}

static void test_external_dtd(void)
{
    const char *path = tmp_text(
        "<!DOCTYPE r SYSTEM \"http://127.0.0.1:9/x.dtd\">\n"
        "<r><p id=\"1\">a</p><p id=\"2\">b</p></r>\n");
    double t0 = now_seconds();
    run_result res;

    run(&res, path, "/r/p", NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT_STRING_EQUAL(res.ids, "1,2");
    run(&res, path, NULL, NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT(now_seconds() - t0 < 2.0);

    /* an entity the unloaded DTD might declare is not silently dropped */
    run(&res, tmp_text("<!DOCTYPE r SYSTEM \"http://127.0.0.1:9/x.dtd\">\n"
                       "<r><p id=\"1\">&undeclared;</p></r>\n"),
        "/r/p", NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_E_INVALID);
    CU_ASSERT_EQUAL(res.n, 0);
    CU_ASSERT_EQUAL(res.err.line, 2);
}

static void test_billion_laughs(void)
{
    char doc[4096];
    size_t len;
    int i;
    double t0 = now_seconds();
    run_result res;
    const char *path;

    len = (size_t)snprintf(doc, sizeof doc,
                           "<?xml version=\"1.0\"?>\n<!DOCTYPE r [\n"
                           "<!ENTITY l0 \"lol\">\n");
    for (i = 1; i < 10; i++)
        len += (size_t)snprintf(doc + len, sizeof doc - len,
                                "<!ENTITY l%d \"&l%d;&l%d;&l%d;&l%d;&l%d;"
                                "&l%d;&l%d;&l%d;&l%d;&l%d;\">\n", i,
                                i - 1, i - 1, i - 1, i - 1, i - 1, i - 1,
                                i - 1, i - 1, i - 1, i - 1);
    len += (size_t)snprintf(doc + len, sizeof doc - len,
                            "]>\n<r><p id=\"1\">ok</p>\n<p id=\"2\">&l9;</p>"
                            "</r>\n");
    path = tmp_file(doc, len);
    run(&res, path, "/r/p", NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_E_LIMIT);
    CU_ASSERT(strstr(res.err.message, "entity") != NULL);
    CU_ASSERT_EQUAL(res.err.line, 15);
    CU_ASSERT(res.n <= 1);
    run(&res, path, NULL, NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_E_LIMIT);
    /* the same in an attribute value */
    memcpy(strstr(doc, "<p id=\"2\">&l9;</p>"), "<p id=\"&l9;\"/>    ", 18);
    run(&res, tmp_text(doc), "/r/p", NULL, 0, NULL);
    CU_ASSERT(res.st == GCX_E_LIMIT || res.st == GCX_E_SYNTAX);
    CU_ASSERT(now_seconds() - t0 < 5.0);
}

static void test_expansion_limit(void)
{
    /* too small for libxml2's own checks, caught by max_expansion */
    char doc[8192];
    size_t len;
    int i;
    gcx_limits lim = gcx_limits_default();
    run_result res;

    len = (size_t)snprintf(doc, sizeof doc, "<!DOCTYPE r [<!ENTITY e \"");
    for (i = 0; i < 500; i++)
        doc[len++] = 'x';
    len += (size_t)snprintf(doc + len, sizeof doc - len,
                            "\">]>\n<r><p id=\"1\">&e;</p>\n<p id=\"2\">");
    for (i = 0; i < 60; i++)
        len += (size_t)snprintf(doc + len, sizeof doc - len, "&e;");
    len += (size_t)snprintf(doc + len, sizeof doc - len, "</p></r>\n");
    run(&res, tmp_file(doc, len), "/r/p", NULL, 0, &lim);
    CU_ASSERT_EQUAL(res.st, GCX_E_LIMIT);
    CU_ASSERT_STRING_EQUAL(res.ids, "1");
    CU_ASSERT(strstr(res.err.message, "expansion") != NULL);
    CU_ASSERT_EQUAL(res.err.record, 2);
    run(&res, tmp_file(doc, len), NULL, NULL, 0, &lim);
    CU_ASSERT_EQUAL(res.st, GCX_E_LIMIT);
    lim.max_expansion = 100;
    run(&res, tmp_file(doc, len), "/r/p", NULL, 0, &lim);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT_STRING_EQUAL(res.ids, "1,2");
}

static void test_deep_nesting(void)
{
    size_t n = 200000, i;
    char *doc = malloc(n * 7 + 16);
    char *p = doc;
    const char *path;
    gcx_limits lim = gcx_limits_default();
    run_result res;

    CU_ASSERT_FATAL(doc != NULL);
    for (i = 0; i < n; i++) {
        memcpy(p, "<a>", 3);
        p += 3;
    }
    for (i = 0; i < n; i++) {
        memcpy(p, "</a>", 4);
        p += 4;
    }
    path = tmp_file(doc, (size_t)(p - doc));
    free(doc);
    run(&res, path, "/a/a", NULL, 0, NULL);
    CU_ASSERT(res.st == GCX_E_LIMIT || res.st == GCX_E_SYNTAX);
    CU_ASSERT(strstr(res.err.message, "nested") != NULL);
    run(&res, path, "/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a",
        NULL, 0, NULL);
    CU_ASSERT(res.st == GCX_E_LIMIT || res.st == GCX_E_SYNTAX);
    run(&res, path, NULL, NULL, 0, NULL);
    CU_ASSERT(res.st == GCX_E_LIMIT || res.st == GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(res.n, 0);

    /* our own max_depth, inside and outside records */
    lim.max_depth = 4;
    path = tmp_text("<r><p id=\"1\"><a><b/></a></p>"
                    "<p id=\"2\"><a><b><c/></b></a></p></r>");
    run(&res, path, "/r/p", NULL, 0, &lim);
    CU_ASSERT_EQUAL(res.st, GCX_E_LIMIT);
    CU_ASSERT_STRING_EQUAL(res.ids, "1");
    CU_ASSERT(strstr(res.err.message, "4 levels") != NULL);
    run(&res, path, "/r", NULL, 0, &lim);
    CU_ASSERT_EQUAL(res.st, GCX_E_LIMIT);
    run(&res, path, NULL, NULL, 0, &lim);
    CU_ASSERT_EQUAL(res.st, GCX_E_LIMIT);
    run(&res, tmp_text("<r><x><y><z><w/></z></y></x><p id=\"1\"/></r>"),
        "/r/p", NULL, 0, &lim);
    CU_ASSERT_EQUAL(res.st, GCX_E_LIMIT);
    lim.max_depth = 5;
    run(&res, path, "/r/p", NULL, 0, &lim);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT_STRING_EQUAL(res.ids, "1,2");
}

static void test_record_too_large(void)
{
    size_t cap = 6u << 20, len = 0, i;
    char *doc = malloc(cap);
    gcx_limits lim = gcx_limits_default();
    run_result res;
    const char *path;

    CU_ASSERT_FATAL(doc != NULL);
    len += (size_t)sprintf(doc + len, "<r>\n<p id=\"1\">small</p>\n"
                                      "<p id=\"2\">");
    for (i = 0; i < 200; i++)
        len += (size_t)sprintf(doc + len, "<x>%04zu some text</x>\n", i);
    len += (size_t)sprintf(doc + len, "</p>\n<p id=\"3\">small</p>\n</r>\n");
    path = tmp_file(doc, len);
    lim.max_record_bytes = 1000;
    run(&res, path, "/r/p", NULL, 0, &lim);
    CU_ASSERT_EQUAL(res.st, GCX_E_LIMIT);
    CU_ASSERT_STRING_EQUAL(res.ids, "1");
    CU_ASSERT(strstr(res.err.message, "record larger than 1000 bytes") !=
              NULL);
    CU_ASSERT_EQUAL(res.err.line, 3);
    CU_ASSERT_EQUAL(res.err.record, 2);
    lim.max_record_bytes = 8000;
    run(&res, path, "/r/p", NULL, 0, &lim);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT_STRING_EQUAL(res.ids, "1,2,3");

    /* a record of 5 MB against 64 KB: refused while it is read */
    len = (size_t)sprintf(doc, "<r><p id=\"1\">");
    while (len < (5u << 20))
        len += (size_t)sprintf(doc + len, "<x>0123456789abcdef</x>");
    len += (size_t)sprintf(doc + len, "</p></r>");
    path = tmp_file(doc, len);
    free(doc);
    lim.max_record_bytes = 64 << 10;
    run(&res, path, "/r/p", NULL, 0, &lim);
    CU_ASSERT_EQUAL(res.st, GCX_E_LIMIT);
    CU_ASSERT_EQUAL(res.n, 0);
    CU_ASSERT_EQUAL(res.err.line, 1);
}

static void test_bad_bytes(void)
{
    static const char bad_utf8[] = "<r>\n<p id=\"1\">ok</p>\n"
                                   "<p id=\"2\">caf\xc3\x28</p>\n</r>\n";
    static const char nul[] = "<r>\n<p id=\"1\">a\0b</p>\n</r>\n";
    run_result res;

    run(&res, tmp_text(bad_utf8), "/r/p", NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(res.err.line, 3);
    CU_ASSERT(res.err.column > 0);
    CU_ASSERT(strstr(res.err.message, "UTF-8") != NULL);
    CU_ASSERT(strchr(res.err.message, '\n') == NULL);
    run(&res, tmp_text(bad_utf8), NULL, NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(res.err.line, 3);

    run(&res, tmp_file(nul, sizeof nul - 1), "/r/p", NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(res.err.line, 2);
    CU_ASSERT_EQUAL(res.err.column, 12);
    run(&res, tmp_file(nul, sizeof nul - 1), NULL, NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_E_SYNTAX);

    /* another declared encoding is converted */
    run(&res, tmp_text("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
                       "<r><p id=\"caf\xe9\"/></r>\n"),
        "/r/p", NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT_STRING_EQUAL(res.ids, "caf\xc3\xa9");
}

static void test_gzip(void)
{
    const char *dir = getenv("TMPDIR");
    char path[256];
    gzFile gz;
    int fd, i;
    run_result res;

    snprintf(path, sizeof path, "%s/gcx_xml_in_XXXXXX",
             dir && *dir ? dir : "/tmp");
    fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    close(fd);
    CU_ASSERT_FATAL(ntmp > 0 && ntmp < MAX_TMP);
    snprintf(tmp_paths[ntmp++], 256, "%s", path);
    gz = gzopen(path, "wb");
    CU_ASSERT_FATAL(gz != NULL);
    gzputs(gz, "<?xml version=\"1.0\"?>\n<r xmlns=\"u\">\n");
    for (i = 1; i <= 1000; i++)
        gzprintf(gz, "<p id=\"%d\">\xd9\x85\xd8\xad\xd9\x85\xd8\xaf</p>\n",
                 i);
    gzputs(gz, "</r>\n");
    CU_ASSERT_FATAL(gzclose(gz) == Z_OK);
    run(&res, path, "/r/p", (const char *[]){"=u"}, 1, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT_EQUAL(res.n, 1000);
    CU_ASSERT_EQUAL(res.lines[9], 12);
    run(&res, path, NULL, NULL, 0, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT_EQUAL(res.n, 1);

    /* a corrupt gzip stream is an I/O error */
    {
        FILE *f = fopen(path, "r+b");

        CU_ASSERT_FATAL(f != NULL);
        fseek(f, 40, SEEK_SET);
        fputs("garbage garbage garbage", f);
        fclose(f);
    }
    run(&res, path, "/r/p", (const char *[]){"=u"}, 1, NULL);
    CU_ASSERT_EQUAL(res.st, GCX_E_IO);
}

static void test_alloc_failure(void)
{
    const char *path = tmp_text(ns_doc);
    const char *b[] = {"x=" NS_CPR, "=" NS_CORE};
    gcx_xml_reader_options o = gcx_xml_reader_options_default();
    unsigned long k;
    int ok = 0;

    o.record_path = "/x:Export/x:Person";
    o.ns_bindings = b;
    o.nns = 2;
    for (k = 1; k < 20 && !ok; k++) {
        gcx_input *in;
        gcx_xml_reader *r = NULL;
        gcx_error err;
        gcx_status st;

        CU_ASSERT_FATAL(gcx_input_open(&in, path, &err) == GCX_OK);
        gcx_alloc_fail_after(k);
        st = gcx_xml_reader_new(&r, in, &o, &err);
        gcx_alloc_fail_after(0);
        CU_ASSERT(st == GCX_OK || st == GCX_E_NOMEM);
        if (st == GCX_OK)
            ok = 1;
        else
            CU_ASSERT(r == NULL);
        gcx_xml_reader_free(r);
        gcx_input_close(in);
    }
    CU_ASSERT(ok);
}

/* Bounded memory ------------------------------------------------------ */

/* gen_records: write a document of n small records to fd. */
static void gen_records(int fd, long n)
{
    static char buf[1 << 16];
    size_t len = 0;
    long i;

    len += (size_t)sprintf(buf, "<?xml version=\"1.0\"?>\n"
                                "<c:Export xmlns:c=\"" NS_CPR "\">\n");
    for (i = 0; i < n; i++) {
        if (len > sizeof buf - 128) {
            if (write(fd, buf, len) != (ssize_t)len)
                _exit(1);
            len = 0;
        }
        len += (size_t)sprintf(buf + len,
                               "<c:P id=\"%08ld\"><c:N>\xd8\xb3\xd8\xa7"
                               "\xd8\xb1\xd8\xa9 %ld</c:N></c:P>\n", i, i);
    }
    len += (size_t)sprintf(buf + len, "</c:Export>\n");
    if (write(fd, buf, len) != (ssize_t)len)
        _exit(1);
}

static void test_bounded_memory(void)
{
    static const long counts[] = {1000000, 100000, 10000};
    long n = counts[slow_build()];
    int fds[2], status;
    pid_t pid;
    char path[64];
    long before, after;
    double t0 = now_seconds();
    const char *b[] = {"c=" NS_CPR};
    run_result res;

    CU_ASSERT_FATAL(pipe(fds) == 0);
    pid = fork();
    CU_ASSERT_FATAL(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        gen_records(fds[1], n);
        close(fds[1]);
        _exit(0);
    }
    close(fds[1]);
    snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
    before = max_rss_kb();
    run(&res, path, "/c:Export/c:P", b, 1, NULL);
    after = max_rss_kb();
    close(fds[0]);
    CU_ASSERT(waitpid(pid, &status, 0) == pid);
    CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CU_ASSERT_EQUAL(res.st, GCX_OK);
    CU_ASSERT_EQUAL(res.n, n);
    CU_ASSERT_EQUAL(res.nums[63], 64);
    fprintf(stderr, "\n    %ld records (%.1f MB) in %.2f s, peak RSS "
            "growth %ld KB\n    ", n, (double)n * 52 / 1e6,
            now_seconds() - t0, after - before);
    /* sanitizers and valgrind keep freed memory on purpose */
    if (!slow_build())
        CU_ASSERT(after - before < 20 * 1024);
}

/* open_reader: a reader over path with the given options. */
static gcx_xml_reader *open_reader(const char *path, gcx_input **in,
                                   const gcx_xml_reader_options *o)
{
    gcx_xml_reader *r = NULL;
    gcx_error err;

    CU_ASSERT_EQUAL_FATAL(gcx_input_open(in, path, &err), GCX_OK);
    CU_ASSERT_EQUAL_FATAL(gcx_xml_reader_new(&r, *in, o, &err), GCX_OK);
    return r;
}

static void test_skip_blanks(void)
{
    const char *path = tmp_text("<a>\n  <r>\n    <v> x </v>\n    <w>"
                                "\n</w>\n  </r>\n</a>\n");
    gcx_xml_reader_options o = gcx_xml_reader_options_default();
    gcx_xml_reader *r;
    gcx_input *in;
    xmlNodePtr n, c;
    gcx_error err;
    int kids;

    o.record_path = "/a/r";
    /* default: the indentation is kept (lossless) */
    r = open_reader(path, &in, &o);
    CU_ASSERT_EQUAL(gcx_xml_reader_next(r, &n, &err), GCX_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(n);
    for (kids = 0, c = n->children; c; c = c->next)
        kids++;
    CU_ASSERT_EQUAL(kids, 5);
    gcx_xml_reader_free(r);
    gcx_input_close(in);
    /* skip_blanks: element children only; leaf text kept as written */
    o.skip_blanks = 1;
    r = open_reader(path, &in, &o);
    CU_ASSERT_EQUAL(gcx_xml_reader_next(r, &n, &err), GCX_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(n);
    for (kids = 0, c = n->children; c; c = c->next) {
        kids++;
        CU_ASSERT_EQUAL(c->type, XML_ELEMENT_NODE);
    }
    CU_ASSERT_EQUAL(kids, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(n->children->children);
    CU_ASSERT_STRING_EQUAL((const char *)n->children->children->content,
                           " x ");
    CU_ASSERT_PTR_NOT_NULL_FATAL(n->children->next->children);
    CU_ASSERT_STRING_EQUAL(
        (const char *)n->children->next->children->content, "\n");
    gcx_xml_reader_free(r);
    gcx_input_close(in);
}

static void test_context_paths(void)
{
    const char *path = tmp_text(
        "<m xmlns='urn:m'><h><id>H1</id></h><b><r>1</r><r>2</r></b>"
        "<h><id>H2</id></h><b><r>3</r></b></m>");
    const char *bind[] = {"p=urn:m"};
    const char *ctx[] = {"/p:m/p:h"};
    gcx_xml_reader_options o = gcx_xml_reader_options_default();
    gcx_xml_reader *r;
    gcx_input *in;
    xmlNodePtr n;
    gcx_error err;
    char seen[64] = "";

    o.record_path = "/p:m/p:b/p:r";
    o.ns_bindings = bind;
    o.nns = 1;
    o.context_paths = ctx;
    o.ncontext = 1;
    r = open_reader(path, &in, &o);
    while (gcx_xml_reader_next(r, &n, &err) == GCX_OK && n) {
        xmlChar *t = xmlNodeGetContent(n);

        strcat(seen, gcx_xml_reader_context(r) ? "h:" : "r:");
        strcat(seen, (const char *)t);
        strcat(seen, gcx_xml_reader_context(r) ? "," :
               (gcx_xml_reader_record(r) == 3 ? "#3," : ","));
        xmlFree(t);
    }
    CU_ASSERT_STRING_EQUAL(seen, "h:H1,r:1,r:2,h:H2,r:3#3,");
    CU_ASSERT_EQUAL(gcx_xml_reader_record(r), 3);
    gcx_xml_reader_free(r);
    gcx_input_close(in);
    /* context paths without a record path are a usage error */
    o.record_path = NULL;
    CU_ASSERT_EQUAL(gcx_input_open(&in, path, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_xml_reader_new(&r, in, &o, &err), GCX_E_USAGE);
    gcx_input_close(in);
}

static const gcx_unit_case cases[] = {
    {"bounded memory over 1,000,000 records", test_bounded_memory},
    {"options default", test_options_default},
    {"select by bound prefix and URI", test_select_bound_prefix},
    {"select with default namespace", test_select_default_ns},
    {"select by unbound prefix text", test_select_unbound_prefix},
    {"select with * steps", test_select_star},
    {"select in corpus file", test_select_corpus},
    {"usage errors in path and bindings", test_usage_errors},
    {"whole document", test_whole_document},
    {"whole document errors and size", test_whole_document_errors},
    {"record lines and numbers", test_lines_and_numbers},
    {"line numbers past 65535", test_big_line_numbers},
    {"ancestor namespaces reachable", test_ancestor_namespaces},
    {"syntax error position", test_syntax_error_position},
    {"truncated document", test_truncated},
    {"external entity refused", test_external_entity},
    {"external DTD not fetched", test_external_dtd},
    {"billion laughs", test_billion_laughs},
    {"expansion limit", test_expansion_limit},
    {"deep nesting", test_deep_nesting},
    {"record too large", test_record_too_large},
    {"invalid UTF-8 and NUL", test_bad_bytes},
    {"gzip input", test_gzip},
    {"allocation failure", test_alloc_failure},
    {"skip blank text between elements", test_skip_blanks},
    {"context paths beside the records", test_context_paths},
    {NULL, NULL}};

GCX_UNIT_MAIN("xml_in", cases)
