/* tests/unit/test_xslt_sandbox.c - unit tests for lib/xslt_sandbox.c.
 *
 * A useful stylesheet on records from the streaming reader; every way out
 * of the sandbox (document() of files and URLs, exsl:document, includes,
 * external entities) refused with nothing read or written; xsl:message;
 * runaway recursion and work bounded; positions of stylesheet errors;
 * nothing printed; threads; allocation failures.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxslt/xsltutils.h>
#include <libxslt/xslt.h>

#include <gcx/alloc.h>
#include <gcx/error.h>
#include <gcx/io.h>
#include <gcx/limits.h>
#include <gcx/xml_in.h>
#include <gcx/xslt_sandbox.h>

#include "unit.h"

#define NS_CPR "urn:gcx:test:cpr:1"

/* An export with two person records, the second without an id. */
static const char export_xml[] =
    "<?xml version='1.0'?>\n"
    "<cpr:Export xmlns:cpr='" NS_CPR "' xmlns:x='urn:gcx:test:unused'>\n"
    "  <cpr:Person cpr='780101234' sex='F'>\n"
    "    <cpr:First>Amal</cpr:First><cpr:Last>Al-Saleh</cpr:Last>\n"
    "    <cpr:Birth>1978/01/01</cpr:Birth>\n"
    "  </cpr:Person>\n"
    "  <cpr:Person cpr='850505678' sex='M'>\n"
    "    <cpr:First>Hasan</cpr:First><cpr:Last>Nasser</cpr:Last>\n"
    "    <cpr:Birth>1985/05/05</cpr:Birth>\n"
    "  </cpr:Person>\n"
    "</cpr:Export>\n";

static gcx_error err;

/* Helpers ------------------------------------------------------------ */

static char tmp_path[256];

static void tmp_cleanup(void)
{
    if (tmp_path[0])
        unlink(tmp_path);
    xsltCleanupGlobals();
    xmlCleanupParser();
}

/* export_file: export_xml in a temporary file (made once). */
static const char *export_file(void)
{
    const char *dir = getenv("TMPDIR");
    int fd;

    if (tmp_path[0])
        return tmp_path;
    snprintf(tmp_path, sizeof tmp_path, "%s/gcx_xslt_XXXXXX",
             dir && *dir ? dir : "/tmp");
    fd = mkstemp(tmp_path);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_FATAL(write(fd, export_xml, sizeof export_xml - 1) ==
                    (ssize_t)(sizeof export_xml - 1));
    close(fd);
    return tmp_path;
}

/* xsl: the path of a test stylesheet in tests/xslt. */
static const char *xsl(const char *name)
{
    static char path[4096];

    snprintf(path, sizeof path, "%s", unit_data_path("tests/xslt/"));
    snprintf(path + strlen(path), sizeof path - strlen(path), "%s", name);
    return path;
}

static gcx_xslt_sandbox *load_ok(const char *name)
{
    gcx_xslt_sandbox *s = NULL;
    gcx_status st;

    gcx_error_clear(&err);
    st = gcx_xslt_sandbox_load(&s, xsl(name), NULL, &err);
    if (st != GCX_OK)
        fprintf(stderr, "load %s: %s\n", name, err.message);
    CU_ASSERT_FATAL(st == GCX_OK);
    CU_ASSERT_FATAL(s != NULL);
    return s;
}

/* load_fail: loading name fails with code; err holds why. */
static void load_fail(const char *name, gcx_status code)
{
    gcx_xslt_sandbox *s = (gcx_xslt_sandbox *)&s;

    gcx_error_clear(&err);
    CU_ASSERT_EQUAL(gcx_xslt_sandbox_load(&s, xsl(name), NULL, &err), code);
    CU_ASSERT_EQUAL(err.code, code);
    CU_ASSERT_PTR_NULL(s);
}

/* parse: a document from text. */
static xmlDocPtr parse(const char *text)
{
    xmlDocPtr d = xmlReadMemory(text, (int)strlen(text), NULL, NULL,
                                XML_PARSE_NONET);

    CU_ASSERT_FATAL(d != NULL);
    return d;
}

/* apply_doc: apply s to the root element of text; *out the result. */
static gcx_status apply_text(gcx_xslt_sandbox *s, const char *text,
                             xmlDocPtr *out)
{
    xmlDocPtr in = parse(text);
    gcx_status st;

    gcx_error_clear(&err);
    st = gcx_xslt_sandbox_apply(s, xmlDocGetRootElement(in), out, &err);
    xmlFreeDoc(in);
    return st;
}

/* child_text: the text of root's first child element named name, in
 * a static buffer ("" when missing). */
static const char *child_text(xmlNodePtr parent, const char *name)
{
    static char buf[256];
    xmlNodePtr n;

    buf[0] = '\0';
    for (n = parent ? parent->children : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE &&
            strcmp((const char *)n->name, name) == 0) {
            xmlChar *t = xmlNodeGetContent(n);

            snprintf(buf, sizeof buf, "%s", t ? (const char *)t : "");
            xmlFree(t);
            break;
        }
    return buf;
}

static xmlNodePtr child(xmlNodePtr parent, const char *name)
{
    xmlNodePtr n;

    for (n = parent ? parent->children : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE &&
            strcmp((const char *)n->name, name) == 0)
            return n;
    return NULL;
}

static int contains(const char *hay, const char *needle)
{
    return strstr(hay, needle) != NULL;
}

static int exists(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0;
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A program's own libxslt error handler, installed before any sandbox;
 * it must keep getting libxslt's messages that are not a sandbox's. */
static char user_text[256];

static void user_handler(void *ctx, const char *fmt, ...)
{
    va_list ap;
    size_t n = strlen(user_text);

    (void)ctx;
    va_start(ap, fmt);
    vsnprintf(user_text + n, sizeof user_text - n, fmt, ap);
    va_end(ap);
}

/* Tests -------------------------------------------------------------- */

/* Runs first: the hooks the first load installs pass other libxslt
 * users' messages on to the handler they had. */
static void test_hooks_pass_through(void)
{
    gcx_xslt_sandbox *s;
    xmlDocPtr out = NULL;

    xsltSetGenericErrorFunc(NULL, user_handler);
    s = load_ok("document-read.xsl");
    /* the sandbox's own messages do not reach the program's handler */
    CU_ASSERT_EQUAL(apply_text(s, "<r/>", &out), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(user_text, "");
    xsltTransformError(NULL, NULL, NULL, "not the sandbox's %d\n", 42);
    CU_ASSERT(contains(user_text, "not the sandbox's 42\n"));
    gcx_xslt_sandbox_free(s);
}

/* A useful stylesheet renames and restructures records handed out by the
 * streaming reader; the rules could read the result. */
static void test_rename_records(void)
{
    static const char *const bind[] = {"c=" NS_CPR};
    gcx_xml_reader_options opt = gcx_xml_reader_options_default();
    gcx_xslt_sandbox *s = load_ok("rename.xsl");
    gcx_xml_reader *r;
    gcx_input *in;
    xmlNodePtr rec, root;
    xmlDocPtr out;
    int n = 0;

    CU_ASSERT_STRING_EQUAL(gcx_xslt_sandbox_path(s), xsl("rename.xsl"));
    opt.record_path = "/c:Export/c:Person";
    opt.ns_bindings = bind;
    opt.nns = 1;
    CU_ASSERT_FATAL(gcx_input_open(&in, export_file(), &err) == GCX_OK);
    CU_ASSERT_FATAL(gcx_xml_reader_new(&r, in, &opt, &err) == GCX_OK);
    for (;;) {
        CU_ASSERT_FATAL(gcx_xml_reader_next(r, &rec, &err) == GCX_OK);
        if (!rec)
            break;
        n++;
        out = (xmlDocPtr)&out;
        gcx_error_clear(&err);
        CU_ASSERT_EQUAL_FATAL(gcx_xslt_sandbox_apply(s, rec, &out, &err),
                              GCX_OK);
        CU_ASSERT_FATAL(out != NULL);
        root = xmlDocGetRootElement(out);
        CU_ASSERT_STRING_EQUAL(root->name, "Person");
        CU_ASSERT_PTR_NULL(root->ns);
        if (n == 1) {
            xmlChar *id = xmlGetProp(root, (const xmlChar *)"id");

            CU_ASSERT_STRING_EQUAL(id, "780101234");
            xmlFree(id);
            CU_ASSERT_STRING_EQUAL(child_text(child(root, "Name"),
                                              "Given"), "Amal");
            CU_ASSERT_STRING_EQUAL(child_text(child(root, "Name"),
                                              "Family"), "Al-Saleh");
            CU_ASSERT_STRING_EQUAL(child_text(root, "Sex"), "female");
            CU_ASSERT_STRING_EQUAL(child_text(root, "Born"),
                                   "1978-01-01");
        } else {
            CU_ASSERT_STRING_EQUAL(child_text(root, "Sex"), "male");
            CU_ASSERT_STRING_EQUAL(child_text(root, "Born"),
                                   "1985-05-05");
        }
        /* the record itself is untouched */
        CU_ASSERT_STRING_EQUAL(rec->name, "Person");
        CU_ASSERT_PTR_NOT_NULL(rec->parent);
        xmlFreeDoc(out);
    }
    CU_ASSERT_EQUAL(n, 2);
    gcx_xml_reader_free(r);
    gcx_input_close(in);
    /* a document node stands for its root element */
    {
        xmlDocPtr d = parse("<c:Person xmlns:c='" NS_CPR "' cpr='1'/>");

        CU_ASSERT_EQUAL(gcx_xslt_sandbox_apply(s, (xmlNodePtr)d, &out,
                                               &err), GCX_OK);
        root = xmlDocGetRootElement(out);
        CU_ASSERT_STRING_EQUAL(root->name, "Person");
        xmlFreeDoc(out);
        xmlFreeDoc(d);
    }
    gcx_xslt_sandbox_free(s);
}

/* The record's copy carries every namespace in scope, used or not, and
 * is the whole source document (no ancestors, no siblings). */
static void test_record_copy(void)
{
    gcx_xslt_sandbox *s = load_ok("identity.xsl");
    xmlDocPtr in = parse(export_xml), out = NULL;
    xmlNodePtr rec = xmlDocGetRootElement(in)->children;
    xmlChar *ns;

    while (rec && rec->type != XML_ELEMENT_NODE)
        rec = rec->next;
    CU_ASSERT_FATAL(rec != NULL);
    CU_ASSERT_EQUAL_FATAL(gcx_xslt_sandbox_apply(s, rec, &out, &err),
                          GCX_OK);
    ns = xmlGetProp(xmlDocGetRootElement(out), (const xmlChar *)"nsdecl");
    CU_ASSERT_STRING_EQUAL(ns, "cpr=" NS_CPR " x=urn:gcx:test:unused ");
    xmlFree(ns);
    CU_ASSERT_STRING_EQUAL(xmlDocGetRootElement(out)->name, "Person");
    CU_ASSERT_STRING_EQUAL(child_text(xmlDocGetRootElement(out), "First"),
                           "Amal");
    xmlFreeDoc(out);
    xmlFreeDoc(in);
    gcx_xslt_sandbox_free(s);
}

/* document() of a local path or a file: URI is refused; the file's
 * content is never in the result or the message. */
static void test_document_files_refused(void)
{
    static const char *const names[] = {
        "document-read.xsl", "document-file-uri.xsl",
        "document-relative.xsl", "debug-dump.xsl"
    };
    char host[256] = "";
    FILE *f = fopen("/etc/hostname", "r");
    size_t i;

    if (f) {
        if (!fgets(host, sizeof host, f))
            host[0] = '\0';
        host[strcspn(host, "\n")] = '\0';
        fclose(f);
    }
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        gcx_xslt_sandbox *s = load_ok(names[i]);
        xmlDocPtr out = (xmlDocPtr)&out;

        CU_ASSERT_EQUAL(apply_text(s, "<r/>", &out), GCX_E_INVALID);
        CU_ASSERT_PTR_NULL(out);
        CU_ASSERT_EQUAL(err.code, GCX_E_INVALID);
        CU_ASSERT(contains(err.message, "read"));
        CU_ASSERT(contains(err.message, "refused"));
        CU_ASSERT(!contains(err.message, "root:"));
        if (strlen(host) >= 3)
            CU_ASSERT(!contains(err.message, host));
        CU_ASSERT(contains(err.file, names[i]));
        CU_ASSERT(err.line > 0);
        gcx_xslt_sandbox_free(s);
    }
    /* the message names what was asked for, and where */
    {
        gcx_xslt_sandbox *s = load_ok("document-read.xsl");
        xmlDocPtr out;

        CU_ASSERT_EQUAL(apply_text(s, "<r/>", &out), GCX_E_INVALID);
        CU_ASSERT(contains(err.message, "/etc/passwd"));
        CU_ASSERT_EQUAL(err.line, 8);
        gcx_xslt_sandbox_free(s);
        /* through dyn:evaluate, after a libxslt:debug stack dump */
        s = load_ok("debug-dump.xsl");
        CU_ASSERT_EQUAL(apply_text(s, "<r/>", &out), GCX_E_INVALID);
        CU_ASSERT(contains(err.message, "/etc/passwd"));
        CU_ASSERT(!contains(err.message, "Templates"));
        CU_ASSERT_EQUAL(err.line, 12);
        gcx_xslt_sandbox_free(s);
    }
}

/* document() over HTTP is refused at once: no connection, no wait. */
static void test_document_network_refused(void)
{
    gcx_xslt_sandbox *s = load_ok("document-network.xsl");
    xmlDocPtr out = NULL;
    double t0 = now();

    alarm(30);  /* a hang fails the test program */
    CU_ASSERT_EQUAL(apply_text(s, "<r/>", &out), GCX_E_INVALID);
    alarm(0);
    CU_ASSERT_PTR_NULL(out);
    CU_ASSERT(contains(err.message, "Network"));
    CU_ASSERT(contains(err.message, "http://127.0.0.1:9/x"));
    CU_ASSERT(now() - t0 < 10.0);
    gcx_xslt_sandbox_free(s);
}

/* exsl:document and xsl:document may not write a file or make a
 * directory: refused, and nothing exists afterwards. */
static void test_write_refused(void)
{
    static const struct {
        const char *xsl, *path;
    } cases[] = {
        {"exsl-document.xsl", "/tmp/gcx-xslt-sandbox-written.txt"},
        {"exsl-document-mkdir.xsl", "/tmp/gcx-xslt-sandbox-dir"},
        {"xsl-document.xsl", "/tmp/gcx-xslt-sandbox-written-11.txt"},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gcx_xslt_sandbox *s = load_ok(cases[i].xsl);
        xmlDocPtr out = NULL;

        unlink(cases[i].path);
        rmdir(cases[i].path);
        CU_ASSERT_FATAL(!exists(cases[i].path));
        CU_ASSERT_EQUAL(apply_text(s, "<r/>", &out), GCX_E_INVALID);
        CU_ASSERT_PTR_NULL(out);
        CU_ASSERT(contains(err.message, "write"));
        CU_ASSERT(contains(err.message, "refused"));
        CU_ASSERT(!exists(cases[i].path));
        gcx_xslt_sandbox_free(s);
    }
}

/* xsl:message terminate="yes" rejects the record with its text; other
 * messages are dropped, and a record that passes is transformed. */
static void test_message_terminate(void)
{
    gcx_xslt_sandbox *s = load_ok("message-terminate.xsl");
    xmlDocPtr out = (xmlDocPtr)&out;
    xmlChar *id;

    CU_ASSERT_EQUAL(apply_text(s, "<person/>", &out), GCX_E_INVALID);
    CU_ASSERT_PTR_NULL(out);
    CU_ASSERT(contains(err.message, "record person has no id"));
    CU_ASSERT(!contains(err.message, "checking"));
    CU_ASSERT(contains(err.file, "message-terminate.xsl"));
    CU_ASSERT_EQUAL(err.line, 9);

    CU_ASSERT_EQUAL(apply_text(s, "<person id='7'/>", &out), GCX_OK);
    CU_ASSERT_FATAL(out != NULL);
    id = xmlGetProp(xmlDocGetRootElement(out), (const xmlChar *)"id");
    CU_ASSERT_STRING_EQUAL(id, "7");
    xmlFree(id);
    xmlFreeDoc(out);
    gcx_xslt_sandbox_free(s);
}

/* External entities in the stylesheet's DTD are refused where they are
 * declared; internal entities work. */
static void test_entities(void)
{
    gcx_xslt_sandbox *s;
    xmlDocPtr out;

    load_fail("external-entity.xsl", GCX_E_CONFIG);
    CU_ASSERT(contains(err.message, "external entity 'host' refused"));
    CU_ASSERT(contains(err.file, "external-entity.xsl"));
    CU_ASSERT_EQUAL(err.line, 5);
    load_fail("external-dtd.xsl", GCX_E_CONFIG);
    CU_ASSERT(contains(err.message, "external entity 'pe' refused"));
    CU_ASSERT(!contains(err.message, "root:"));

    s = load_ok("internal-entity.xsl");
    CU_ASSERT_EQUAL(apply_text(s, "<r/>", &out), GCX_OK);
    CU_ASSERT_STRING_EQUAL(child_text((xmlNodePtr)out, "out"), "hello");
    xmlFreeDoc(out);
    gcx_xslt_sandbox_free(s);
}

/* xsl:include and xsl:import are refused, even of a sibling file. */
static void test_includes_refused(void)
{
    load_fail("include.xsl", GCX_E_CONFIG);
    CU_ASSERT(contains(err.message, "xsl:include of 'rename.xsl'"));
    CU_ASSERT(contains(err.message, "self-contained"));
    CU_ASSERT_EQUAL(err.line, 6);
    load_fail("import.xsl", GCX_E_CONFIG);
    CU_ASSERT(contains(err.message, "xsl:import"));
    CU_ASSERT_EQUAL(err.line, 5);
}

/* Infinite recursion ends with an error, not a crash; so does an
 * exponential one, by the work bound. */
static void test_runaway(void)
{
    gcx_xslt_sandbox *s = load_ok("recursion.xsl");
    xmlDocPtr out = (xmlDocPtr)&out;
    double t0;

    CU_ASSERT_EQUAL(apply_text(s, "<r/>", &out), GCX_E_INVALID);
    CU_ASSERT_PTR_NULL(out);
    CU_ASSERT(contains(err.message, "recursion"));
    /* and the sandbox still works afterwards */
    CU_ASSERT_EQUAL(apply_text(s, "<r/>", &out), GCX_E_INVALID);
    gcx_xslt_sandbox_free(s);

    s = load_ok("exponential.xsl");
    t0 = now();
    alarm(120);
    CU_ASSERT_EQUAL(apply_text(s, "<r/>", &out), GCX_E_INVALID);
    alarm(0);
    CU_ASSERT(contains(err.message, "limit"));
    CU_ASSERT(now() - t0 < 100.0);
    gcx_xslt_sandbox_free(s);
}

/* Stylesheet errors: GCX_E_CONFIG with the file, line and column. */
static void test_bad_stylesheets(void)
{
    gcx_xslt_sandbox *s = (gcx_xslt_sandbox *)&s;
    gcx_limits lim = gcx_limits_default();
    char line[1024];

    load_fail("malformed.xsl", GCX_E_CONFIG);
    CU_ASSERT_STRING_EQUAL(err.file, xsl("malformed.xsl"));
    CU_ASSERT_EQUAL(err.line, 7);
    CU_ASSERT(err.column > 0);
    CU_ASSERT(contains(err.message, "mismatch"));
    gcx_error_format(&err, line, sizeof line);
    CU_ASSERT(contains(line, "malformed.xsl:7:"));

    load_fail("bad-xpath.xsl", GCX_E_CONFIG);
    CU_ASSERT_EQUAL(err.line, 7);
    CU_ASSERT(contains(err.message, "count(("));

    load_fail("not-xslt.xsl", GCX_E_CONFIG);
    CU_ASSERT(contains(err.message, "not a stylesheet"));

    load_fail("no-such-file.xsl", GCX_E_IO);
    CU_ASSERT(contains(err.message, "no-such-file.xsl"));

    lim.max_record_bytes = 100;
    gcx_error_clear(&err);
    CU_ASSERT_EQUAL(gcx_xslt_sandbox_load(&s, xsl("rename.xsl"), &lim,
                                          &err), GCX_E_LIMIT);
    CU_ASSERT_PTR_NULL(s);

    CU_ASSERT_EQUAL(gcx_xslt_sandbox_load(&s, NULL, NULL, &err),
                    GCX_E_USAGE);
    CU_ASSERT_PTR_NULL(s);
}

/* The result must be one element within the limits given at load. */
static void test_result_checks(void)
{
    gcx_xslt_sandbox *s = load_ok("text-output.xsl");
    gcx_limits lim = gcx_limits_default();
    xmlDocPtr out = (xmlDocPtr)&out;

    CU_ASSERT_EQUAL(apply_text(s, "<r/>", &out), GCX_E_INVALID);
    CU_ASSERT_PTR_NULL(out);
    CU_ASSERT(contains(err.message, "single element"));
    gcx_xslt_sandbox_free(s);

    lim.max_depth = 2;  /* Person/Name/Given is 3 deep */
    CU_ASSERT_FATAL(gcx_xslt_sandbox_load(&s, xsl("rename.xsl"), &lim,
                                          &err) == GCX_OK);
    CU_ASSERT_EQUAL(apply_text(s, "<c:Person xmlns:c='" NS_CPR "'/>",
                               &out), GCX_E_LIMIT);
    CU_ASSERT_PTR_NULL(out);
    CU_ASSERT(contains(err.message, "deeper than 2"));
    gcx_xslt_sandbox_free(s);

    lim = gcx_limits_default();
    lim.max_string_bytes = 4;  /* "Al-Saleh" is longer */
    CU_ASSERT_FATAL(gcx_xslt_sandbox_load(&s, xsl("rename.xsl"), &lim,
                                          &err) == GCX_OK);
    CU_ASSERT_EQUAL(apply_text(s, "<c:Person xmlns:c='" NS_CPR "'>"
                                  "<c:Last>Al-Saleh</c:Last></c:Person>",
                               &out), GCX_E_LIMIT);
    CU_ASSERT(contains(err.message, "longer than 4"));
    gcx_xslt_sandbox_free(s);
}

/* Bad arguments. */
static void test_usage(void)
{
    gcx_xslt_sandbox *s = load_ok("identity.xsl");
    xmlDocPtr d = parse("<r>text</r>"), out = (xmlDocPtr)&out;

    CU_ASSERT_EQUAL(gcx_xslt_sandbox_apply(s, NULL, &out, &err),
                    GCX_E_USAGE);
    CU_ASSERT_PTR_NULL(out);
    CU_ASSERT_EQUAL(gcx_xslt_sandbox_apply(s, xmlDocGetRootElement(d)
                                              ->children, &out, &err),
                    GCX_E_USAGE);
    CU_ASSERT_EQUAL(gcx_xslt_sandbox_apply(NULL, xmlDocGetRootElement(d),
                                           &out, &err), GCX_E_USAGE);
    CU_ASSERT_EQUAL(gcx_xslt_sandbox_apply(s, xmlDocGetRootElement(d),
                                           NULL, NULL), GCX_E_USAGE);
    xmlFreeDoc(d);
    gcx_xslt_sandbox_free(s);
    gcx_xslt_sandbox_free(NULL);
}

/* Nothing reaches stderr, whatever fails. */
static void test_never_prints(void)
{
    static const char *const names[] = {
        "document-read.xsl", "exsl-document.xsl", "message-terminate.xsl",
        "recursion.xsl", "malformed.xsl", "bad-xpath.xsl", "include.xsl",
        "external-entity.xsl", "not-xslt.xsl", "debug-dump.xsl",
        "exponential.xsl"
    };
    char path[300];
    const char *dir = getenv("TMPDIR");
    int fd, saved;
    size_t i;
    struct stat st;

    snprintf(path, sizeof path, "%s/gcx_xslt_err_XXXXXX",
             dir && *dir ? dir : "/tmp");
    fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    fflush(stderr);
    saved = dup(2);
    dup2(fd, 2);
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        gcx_xslt_sandbox *s = NULL;
        xmlDocPtr out = NULL;

        if (gcx_xslt_sandbox_load(&s, xsl(names[i]), NULL, &err) ==
            GCX_OK) {
            apply_text(s, "<r/>", &out);
            xmlFreeDoc(out);
            gcx_xslt_sandbox_free(s);
        }
    }
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    CU_ASSERT(fstat(fd, &st) == 0 && st.st_size == 0);
    close(fd);
    unlink(path);
}

/* Threads share one sandbox; each gets its own result and errors. */
#define NTHREADS 4
#define NRUNS 25

typedef struct thread_job {
    gcx_xslt_sandbox *good, *bad;
    int failures;
} thread_job;

static void *thread_run(void *arg)
{
    thread_job *job = arg;
    gcx_error e;
    int i;

    for (i = 0; i < NRUNS; i++) {
        xmlDocPtr in = xmlReadMemory("<person id='5'/>", 16, NULL, NULL, 0);
        xmlDocPtr out = NULL;
        xmlChar *id;

        if (!in) {
            job->failures++;
            continue;
        }
        gcx_error_clear(&e);
        if (gcx_xslt_sandbox_apply(job->good, xmlDocGetRootElement(in),
                                   &out, &e) != GCX_OK || e.message[0]) {
            job->failures++;
        } else {
            id = xmlGetProp(xmlDocGetRootElement(out),
                            (const xmlChar *)"id");
            if (!id || strcmp((const char *)id, "5") != 0)
                job->failures++;
            xmlFree(id);
        }
        xmlFreeDoc(out);
        out = NULL;
        if (gcx_xslt_sandbox_apply(job->bad, xmlDocGetRootElement(in),
                                   &out, &e) != GCX_E_INVALID ||
            !strstr(e.message, "/etc/passwd") || out)
            job->failures++;
        xmlFreeDoc(in);
    }
    return NULL;
}

static void test_threads(void)
{
    gcx_xslt_sandbox *good = load_ok("message-terminate.xsl");
    gcx_xslt_sandbox *bad = load_ok("document-read.xsl");
    pthread_t t[NTHREADS];
    thread_job jobs[NTHREADS];
    int i;

    for (i = 0; i < NTHREADS; i++) {
        jobs[i].good = good;
        jobs[i].bad = bad;
        jobs[i].failures = 0;
        CU_ASSERT_FATAL(pthread_create(&t[i], NULL, thread_run,
                                       &jobs[i]) == 0);
    }
    for (i = 0; i < NTHREADS; i++) {
        pthread_join(t[i], NULL);
        CU_ASSERT_EQUAL(jobs[i].failures, 0);
    }
    gcx_xslt_sandbox_free(good);
    gcx_xslt_sandbox_free(bad);
}

/* Every failing libgcx allocation during load gives GCX_E_NOMEM and
 * leaks nothing (valgrind checks the second part). */
static void test_out_of_memory(void)
{
    gcx_xslt_sandbox *s;
    unsigned long n;
    gcx_status st = GCX_E_NOMEM;

    for (n = 1; n < 100 && st != GCX_OK; n++) {
        s = NULL;
        gcx_alloc_fail_after(n);
        st = gcx_xslt_sandbox_load(&s, xsl("rename.xsl"), NULL, &err);
        gcx_alloc_fail_after(0);
        CU_ASSERT(st == GCX_OK || st == GCX_E_NOMEM);
        CU_ASSERT((st == GCX_OK) == (s != NULL));
        gcx_xslt_sandbox_free(s);
    }
    CU_ASSERT_EQUAL(st, GCX_OK);
}

static const gcx_unit_case cases[] = {
    {"hooks pass other messages through", test_hooks_pass_through},
    {"rename records from the reader", test_rename_records},
    {"record copied with its namespaces", test_record_copy},
    {"document() of files refused", test_document_files_refused},
    {"document() over the network refused", test_document_network_refused},
    {"exsl:document and xsl:document refused", test_write_refused},
    {"xsl:message terminate", test_message_terminate},
    {"external entities refused", test_entities},
    {"xsl:include and xsl:import refused", test_includes_refused},
    {"runaway recursion bounded", test_runaway},
    {"bad stylesheets", test_bad_stylesheets},
    {"result checks", test_result_checks},
    {"usage errors", test_usage},
    {"never prints", test_never_prints},
    {"threads", test_threads},
    {"out of memory", test_out_of_memory},
    {NULL, NULL}
};

int main(void)
{
    atexit(tmp_cleanup);
    return gcx_unit_run("xslt_sandbox", cases);
}
