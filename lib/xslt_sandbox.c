/* lib/xslt_sandbox.c - XSLT 1.0 on one record at a time, with no access
 * to files, directories or the network.
 *
 * Loading reads the stylesheet through gcx_input, parses it with external
 * entities refused, refuses xsl:include and xsl:import, and compiles it.
 * Applying copies the record into a document of its own and runs libxslt
 * with forbidding security preferences and bounded depth and work.
 */
#include "internal.h"

#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <libxslt/transform.h>
#include <libxslt/security.h>
#include <libxslt/documents.h>
#include <libexslt/exslt.h>

#include <gcx/io.h>
#include <gcx/xslt_sandbox.h>

/* How the stylesheet is parsed: entities substituted (libxslt expects
 * text, not entity reference nodes), CDATA as text, no network, no
 * XInclude, no external DTD. A declared external entity is refused by
 * xs_entity_decl; xs_entity_loader refuses any load that gets past. */
#define XS_PARSE_OPTIONS                                                 \
    (XML_PARSE_NONET | XML_PARSE_NOENT | XML_PARSE_NOCDATA)

/* The text collected from libxslt for one call, before it is cut down
 * to one gcx_error message. */
#define XS_TEXT_MAX 2048

#define XS_XSLT_NS "http://www.w3.org/1999/XSL/Transform"

struct gcx_xslt_sandbox {
    char *path;                 /* as given to load */
    gcx_limits limits;
    xsltStylesheetPtr style;    /* owns the parsed stylesheet document */
    xsltSecurityPrefsPtr sec;   /* everything forbidden */
};

/* One load or apply in progress on this thread: what libxslt and
 * libxml2 reported while it ran. */
typedef struct xs_call {
    const char *path;           /* the stylesheet, for positions */
    xsltTransformContextPtr ctxt;   /* apply: the transform */
    xmlParserCtxtPtr pctxt;     /* load: the stylesheet's parser */
    entityDeclSAXFunc entity_decl;  /* load: libxml2's own handler */
    char raw[XS_TEXT_MAX];      /* libxslt's text lines, as printed */
    size_t nraw;
    char msg[GCX_ERROR_MESSAGE_MAX]; /* the last xsl:message */
    unsigned long msg_line;     /* and the line of its instruction */
    unsigned long line, col;    /* first position known */
    unsigned long inst_line;    /* apply: the instruction running at the
                                   first text, when nothing says better */
    int refused;                /* an entity or document load refused */
    int xml_errors;             /* libxml2 errors (level >= error) */
    int parse_errors;           /* of them, parser errors */
} xs_call;

/* The call running on this thread; the process-wide hooks below act
 * only while it is set and pass everything else on. */
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
static _Thread_local xs_call *xs_active;
#elif defined(__GNUC__)
static __thread xs_call *xs_active;
#else
static xs_call *xs_active;
#endif

/* Tracing off for our transforms, whatever libxslt was built with. */
static unsigned long xs_no_trace = 0;

static pthread_once_t xs_once = PTHREAD_ONCE_INIT;
static xmlExternalEntityLoader xs_prev_entity_loader;
static xsltDocLoaderFunc xs_prev_doc_loader;
static xmlGenericErrorFunc xs_prev_error;
static void *xs_prev_error_ctx;

/* Collecting text ----------------------------------------------------- */

/* xs_append: add n bytes of s to c->raw; what does not fit is dropped. */
static void xs_append(xs_call *c, const char *s, size_t n)
{
    size_t room = sizeof c->raw - 1 - c->nraw;

    if (n > room)
        n = room;
    memcpy(c->raw + c->nraw, s, n);
    c->nraw += n;
    c->raw[c->nraw] = '\0';
}

/* xs_note_line: remember the first position reported. */
static void xs_note_line(xs_call *c, unsigned long line, unsigned long col)
{
    if (c->line == 0 && line > 0) {
        c->line = line;
        c->col = col;
    }
}

/* xs_is_message: is inst an xsl:message instruction? */
static int xs_is_message(const xmlNode *inst)
{
    return inst && inst->type == XML_ELEMENT_NODE && inst->ns &&
           inst->ns->href &&
           strcmp((const char *)inst->ns->href, XS_XSLT_NS) == 0 &&
           strcmp((const char *)inst->name, "message") == 0;
}

/* xs_text: one piece of libxslt output (printf-style) for call c. Text
 * written by xsl:message (the transform's current instruction is one)
 * is kept apart: only the last message is kept, and only as the reason
 * when the transform was terminated. */
static void xs_text(xs_call *c, const char *fmt, va_list ap)
{
    char buf[XS_TEXT_MAX];
    const xmlNode *inst = c->ctxt ? c->ctxt->inst : NULL;
    int n;

    n = vsnprintf(buf, sizeof buf, fmt, ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof buf)
        n = (int)sizeof buf - 1;
    if (xs_is_message(inst)) {
        /* libxslt writes the text, then "\n" when it lacks one */
        if (strcmp(buf, "\n") != 0) {
            if ((size_t)n >= sizeof c->msg)
                n = (int)sizeof c->msg - 1;
            memcpy(c->msg, buf, (size_t)n);
            c->msg[n] = '\0';
            c->msg_line = inst->line > 0 ? inst->line : 0;
        }
        return;
    }
    if (c->inst_line == 0 && inst && inst->type == XML_ELEMENT_NODE)
        c->inst_line = inst->line;
    xs_append(c, buf, (size_t)n);
}

/* xs_ctxt_error: the transform context's error function (ctx: call). */
static void xs_ctxt_error(void *ctx, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    xs_text(ctx, fmt, ap);
    va_end(ap);
}

/* xs_generic_error: libxslt's process-wide error function. Text for a
 * call on this thread is collected; anything else goes where it went
 * before the first load. */
static void xs_generic_error(void *ctx, const char *fmt, ...)
{
    xs_call *c = xs_active;
    va_list ap;

    va_start(ap, fmt);
    if (c) {
        xs_text(c, fmt, ap);
    } else if (xs_prev_error) {
        char buf[XS_TEXT_MAX];

        vsnprintf(buf, sizeof buf, fmt, ap);
        xs_prev_error(xs_prev_error_ctx, "%s", buf);
    }
    va_end(ap);
    (void)ctx;
}

/* xs_xml_error: libxml2's structured error handler while a call runs on
 * this thread (the handler is per thread in libxml2). Parse errors of
 * the stylesheet carry its line and column; XPath errors carry the
 * expression. Warnings are dropped. */
static void xs_xml_error(void *arg, xmlErrorPtr e)
{
    xs_call *c = arg;
    char buf[GCX_ERROR_MESSAGE_MAX];
    size_t n;

    if (!c || !e || e->level < XML_ERR_ERROR)
        return;
    c->xml_errors++;
    snprintf(buf, sizeof buf, "%s", e->message ? e->message : "error");
    n = strlen(buf);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
        buf[--n] = '\0';
    if (e->domain == XML_FROM_XPATH && e->str1) {
        xs_append(c, buf, n);
        xs_append(c, " in XPath '", 11);
        xs_append(c, e->str1, strlen(e->str1));
        xs_append(c, "'\n", 2);
        return;
    }
    /* after the first, parser errors are mostly its echoes */
    if (e->domain == XML_FROM_PARSER && c->parse_errors++ > 0)
        return;
    if (e->file && c->path && strcmp(e->file, c->path) == 0)
        xs_note_line(c, e->line > 0 ? (unsigned long)e->line : 0,
                     e->int2 > 0 ? (unsigned long)e->int2 : 0);
    xs_append(c, buf, n);
    xs_append(c, "\n", 1);
}

/* xs_quiet: libxml2's unstructured messages are not ours to print. */
static void xs_quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* Refusing loads ------------------------------------------------------- */

/* xs_refuse: record that a load of url was refused for call c. */
static void xs_refuse(xs_call *c, const char *what, const char *url)
{
    char buf[GCX_ERROR_MESSAGE_MAX];
    int n;

    c->refused = 1;
    n = snprintf(buf, sizeof buf, "%s refused: %s\n", what,
                 url ? url : "(unnamed)");
    if (n > 0)
        xs_append(c, buf, (size_t)n < sizeof buf ? (size_t)n
                                                 : sizeof buf - 1);
}

/* xs_entity_loader: libxml2's process-wide external entity loader.
 * While a call runs on this thread every load is refused (stylesheets
 * never get external entities or DTDs); otherwise the previous loader
 * answers. */
static xmlParserInputPtr xs_entity_loader(const char *url, const char *id,
                                          xmlParserCtxtPtr ctxt)
{
    xs_call *c = xs_active;
    xmlParserInputPtr in;

    if (!c) {
        if (xs_prev_entity_loader)
            return xs_prev_entity_loader(url, id, ctxt);
        return NULL;
    }
    /* the place in the stylesheet itself, not in an entity's text */
    in = c->pctxt && c->pctxt->inputNr > 0 ? c->pctxt->inputTab[0] : NULL;
    if (in && in->line > 0)
        xs_note_line(c, (unsigned long)in->line,
                     in->col > 0 ? (unsigned long)in->col : 0);
    xs_refuse(c, "external entity", url ? url : id);
    return NULL;
}

/* xs_entity_decl: the stylesheet parser's entity declaration handler.
 * An external entity is refused where it is declared, before libxml2
 * so much as looks for its file; internal ones go to libxml2. */
static void xs_entity_decl(void *ctx, const xmlChar *name, int type,
                           const xmlChar *public_id,
                           const xmlChar *system_id, xmlChar *content)
{
    xs_call *c = xs_active;
    xmlParserCtxtPtr pc = ctx;
    char what[160];

    if (c && (type == XML_EXTERNAL_GENERAL_PARSED_ENTITY ||
              type == XML_EXTERNAL_GENERAL_UNPARSED_ENTITY ||
              type == XML_EXTERNAL_PARAMETER_ENTITY)) {
        if (pc && pc->input && pc->input->line > 0)
            xs_note_line(c, (unsigned long)pc->input->line,
                         pc->input->col > 0 ? (unsigned long)pc->input->col
                                            : 0);
        snprintf(what, sizeof what, "external entity '%s'",
                 name ? (const char *)name : "");
        xs_refuse(c, what, system_id ? (const char *)system_id
                                     : (const char *)public_id);
        xmlStopParser(pc);
        return;
    }
    if (c && c->entity_decl)
        c->entity_decl(ctx, name, type, public_id, system_id, content);
}

/* xs_doc_loader: libxslt's process-wide document loader (document(),
 * xsl:include, xsl:import). The security preferences refuse every
 * document() before it gets here and load refuses includes before
 * libxslt sees them; this is the second lock on the same door. */
static xmlDocPtr xs_doc_loader(const xmlChar *uri, xmlDictPtr dict,
                               int options, void *ctxt,
                               xsltLoadType type)
{
    xs_call *c = xs_active;

    if (!c) {
        if (xs_prev_doc_loader)
            return xs_prev_doc_loader(uri, dict, options, ctxt, type);
        return NULL;
    }
    xs_refuse(c, "loading a document", (const char *)uri);
    if (c->ctxt)
        c->ctxt->state = XSLT_STATE_STOPPED;
    return NULL;
}

/* xs_init: once per process: libxml2 and libxslt set up, EXSLT
 * registered (so exsl:document is known, and refused), our hooks
 * installed in front of the ones already there. */
static void xs_init(void)
{
    xmlInitParser();
    xsltInit();
    exsltRegisterAll();
    xs_prev_entity_loader = xmlGetExternalEntityLoader();
    xmlSetExternalEntityLoader(xs_entity_loader);
    xs_prev_doc_loader = xsltDocDefaultLoader;
    xsltSetLoaderFunc(xs_doc_loader);
    xs_prev_error = xsltGenericError;
    xs_prev_error_ctx = xsltGenericErrorContext;
    xsltSetGenericErrorFunc(NULL, xs_generic_error);
}

/* Bracketing: route this thread's libxml2 errors to c while it runs. */
typedef struct xs_saved {
    xmlStructuredErrorFunc serror;
    void *sctx;
    xmlGenericErrorFunc gerror;
    void *gctx;
    xs_call *active;
} xs_saved;

static void xs_enter(xs_call *c, xs_saved *s)
{
    s->serror = xmlStructuredError;
    s->sctx = xmlStructuredErrorContext;
    s->gerror = xmlGenericError;
    s->gctx = xmlGenericErrorContext;
    s->active = xs_active;
    xmlSetStructuredErrorFunc(c, xs_xml_error);
    xmlSetGenericErrorFunc(c, xs_quiet);
    xs_active = c;
}

static void xs_leave(const xs_saved *s)
{
    xs_active = s->active;
    xmlSetStructuredErrorFunc(s->sctx, s->serror);
    xmlSetGenericErrorFunc(s->gctx, s->gerror);
}

/* xs_call_init: an empty call record. */
static void xs_call_init(xs_call *c, const char *path)
{
    memset(c, 0, sizeof *c);
    c->path = path;
}

/* Turning text into an error ----------------------------------------- */

/* xs_context_line: is line (len bytes) the "where" line libxslt prints
 * before a message ("runtime error: file F line N element E")? If so,
 * take N from it. */
static int xs_context_line(xs_call *c, const char *line, size_t len)
{
    static const char *const kinds[] = {
        "runtime error", "compilation error", "error",
        "runtime warning", "compilation warning", "warning"
    };
    const char *p;
    size_t i, k;

    for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        k = strlen(kinds[i]);
        if (len == k && strncmp(line, kinds[i], k) == 0)
            return 1;   /* printed when libxslt knows no position */
        if (len > k && strncmp(line, kinds[i], k) == 0 && line[k] == ':')
            break;
    }
    if (i == sizeof kinds / sizeof kinds[0])
        return 0;
    for (p = line; p + 6 < line + len; p++)
        if (strncmp(p, " line ", 6) == 0) {
            xs_note_line(c, strtoul(p + 6, NULL, 10), 0);
            break;
        }
    return 1;
}

/* xs_stop_line: does line start what libxslt adds for its command-line
 * tool after a recursion error, or for libxslt:debug (advice and a dump
 * of the stacks, up to the next error's context line)? */
static int xs_stop_line(const char *line, size_t len)
{
    static const char *const marks[] = {
        "You can adjust", "Templates:", "Variables:"
    };
    size_t i, k;

    for (i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        k = strlen(marks[i]);
        if (len >= k && strncmp(line, marks[i], k) == 0)
            return 1;
    }
    return 0;
}

/* xs_message: the collected text as one line for a gcx_error: context
 * lines and stack dumps dropped, the first XS_MESSAGE_LINES other lines
 * joined with "; " (what follows is mostly consequences of the first).
 * The position comes from the first context line, else from the
 * instruction that was running. */
#define XS_MESSAGE_LINES 2
static void xs_message(xs_call *c, char *out, size_t size)
{
    const char *p = c->raw, *end = c->raw + c->nraw, *nl;
    size_t used = 0, len;
    int lines = 0, dump = 0;

    out[0] = '\0';
    while (p < end) {
        nl = memchr(p, '\n', (size_t)(end - p));
        len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\r'))
            len--;
        while (len > 0 && *p == ' ') {
            p++;
            len--;
        }
        if (len > 0 && xs_stop_line(p, len))
            dump = 1;
        else if (len > 0 && xs_context_line(c, p, len))
            dump = 0;
        else if (len > 0 && !dump && lines < XS_MESSAGE_LINES) {
            lines++;
            if (used > 0 && used + 2 < size) {
                memcpy(out + used, "; ", 2);
                used += 2;
            }
            if (used + len >= size)
                len = size - 1 - used;
            memcpy(out + used, p, len);
            used += len;
            out[used] = '\0';
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    xs_note_line(c, c->inst_line, 0);
}

/* xs_fail: fill err from call c: code, "path:line:col", the message
 * (fallback when nothing was collected). Returns code. */
static gcx_status xs_fail(xs_call *c, gcx_status code, gcx_error *err,
                          const char *fallback)
{
    char text[GCX_ERROR_MESSAGE_MAX];

    xs_message(c, text, sizeof text);
    gcx_error_at(err, c->path, c->line, c->col);
    return gcx_error_set(err, code, "%s", text[0] ? text : fallback);
}

/* Loading -------------------------------------------------------------- */

/* xs_read_all: the whole of path in a new buffer (*len bytes), at most
 * max bytes. */
static gcx_status xs_read_all(const char *path, size_t max, char **data,
                              size_t *len, gcx_error *err)
{
    gcx_input *in = NULL;
    gcx_buf b;
    char chunk[8192];
    size_t got;
    gcx_status st;

    *data = NULL;
    *len = 0;
    st = gcx_input_open(&in, path, err);
    if (st != GCX_OK)
        return st;
    gcx_buf_init(&b, max + 1);
    for (;;) {
        st = gcx_input_read(in, chunk, sizeof chunk, &got, err);
        if (st != GCX_OK || got == 0)
            break;
        if (b.len + got > max) {
            gcx_error_at(err, path, 0, 0);
            st = gcx_error_set(err, GCX_E_LIMIT,
                               "stylesheet larger than %zu bytes", max);
            break;
        }
        st = gcx_buf_append(&b, chunk, got);
        if (st != GCX_OK) {
            gcx_error_set(err, st, "out of memory reading %s", path);
            break;
        }
    }
    gcx_input_close(in);
    if (st != GCX_OK) {
        gcx_buf_free(&b);
        return st;
    }
    *len = b.len;
    *data = gcx_buf_steal(&b);
    if (!*data)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    return GCX_OK;
}

/* xs_check_modules: refuse xsl:include and xsl:import anywhere in the
 * stylesheet document. */
static gcx_status xs_check_modules(xs_call *c, xmlDocPtr doc,
                                   gcx_error *err)
{
    xmlNodePtr top = xmlDocGetRootElement(doc), n = top;

    while (n) {
        if (n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
            strcmp((const char *)n->ns->href, XS_XSLT_NS) == 0 &&
            (strcmp((const char *)n->name, "include") == 0 ||
             strcmp((const char *)n->name, "import") == 0)) {
            xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");

            gcx_error_at(err, c->path, n->line > 0 ? n->line : 0, 0);
            gcx_error_set(err, GCX_E_CONFIG,
                          "xsl:%s of '%s' refused: a stylesheet must be "
                          "self-contained", (const char *)n->name,
                          href ? (const char *)href : "");
            xmlFree(href);
            return GCX_E_CONFIG;
        }
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n != top && !n->next)
            n = n->parent;
        if (n == top)
            break;
        n = n->next;
    }
    return GCX_OK;
}

/* xs_parse: the stylesheet text as a document, external entities and
 * DTDs refused. */
static gcx_status xs_parse(xs_call *c, const char *data, size_t len,
                           xmlDocPtr *out, gcx_error *err)
{
    xmlParserCtxtPtr pc;
    xmlDocPtr doc;
    int wf;

    *out = NULL;
    if (len > (size_t)INT_MAX)
        return gcx_error_set(err, GCX_E_LIMIT, "stylesheet too large");
    pc = xmlNewParserCtxt();
    if (!pc)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    c->pctxt = pc;
    if (pc->sax) {
        c->entity_decl = pc->sax->entityDecl;
        pc->sax->entityDecl = xs_entity_decl;
    }
    doc = xmlCtxtReadMemory(pc, data, (int)len, c->path, NULL,
                            XS_PARSE_OPTIONS);
    c->pctxt = NULL;
    wf = pc->wellFormed;
    xmlFreeParserCtxt(pc);
    if (c->refused || !doc || !wf || c->xml_errors > 0) {
        xmlFreeDoc(doc);
        if (!c->refused && !doc && c->nraw == 0)
            return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
        return xs_fail(c, GCX_E_CONFIG, err,
                       "stylesheet is not well-formed XML");
    }
    if (!xmlDocGetRootElement(doc)) {
        xmlFreeDoc(doc);
        return xs_fail(c, GCX_E_CONFIG, err, "stylesheet is empty");
    }
    *out = doc;
    return GCX_OK;
}

/* xs_compile: compile doc (taken) into s->style. */
static gcx_status xs_compile(xs_call *c, gcx_xslt_sandbox *s, xmlDocPtr doc,
                             gcx_error *err)
{
    gcx_status st;

    st = xs_check_modules(c, doc, err);
    if (st != GCX_OK) {
        xmlFreeDoc(doc);
        return st;
    }
    s->style = xsltParseStylesheetDoc(doc);
    if (!s->style || s->style->errors > 0 || c->refused) {
        /* on failure libxslt leaves the document to us */
        if (s->style) {
            xsltFreeStylesheet(s->style);
            s->style = NULL;
        } else {
            xmlFreeDoc(doc);
        }
        return xs_fail(c, GCX_E_CONFIG, err, "not a valid XSLT stylesheet");
    }
    return GCX_OK;
}

/* xs_security: preferences forbidding every file and network access. */
static xsltSecurityPrefsPtr xs_security(void)
{
    xsltSecurityPrefsPtr sec = xsltNewSecurityPrefs();

    if (!sec)
        return NULL;
    if (xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_FILE,
                             xsltSecurityForbid) != 0 ||
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE,
                             xsltSecurityForbid) != 0 ||
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_CREATE_DIRECTORY,
                             xsltSecurityForbid) != 0 ||
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK,
                             xsltSecurityForbid) != 0 ||
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_NETWORK,
                             xsltSecurityForbid) != 0) {
        xsltFreeSecurityPrefs(sec);
        return NULL;
    }
    return sec;
}

gcx_status gcx_xslt_sandbox_load(gcx_xslt_sandbox **out, const char *path,
                                 const gcx_limits *lim, gcx_error *err)
{
    gcx_xslt_sandbox *s;
    xs_call call;
    xs_saved saved;
    xmlDocPtr doc;
    char *data;
    size_t len;
    gcx_status st;

    if (!out)
        return gcx_error_set(err, GCX_E_USAGE, "no result pointer");
    *out = NULL;
    if (!path)
        return gcx_error_set(err, GCX_E_USAGE, "no stylesheet path");
    pthread_once(&xs_once, xs_init);
    s = gcx_calloc(1, sizeof *s);
    if (!s)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    s->limits = lim ? *lim : gcx_limits_default();
    s->path = gcx_strdup(path);
    s->sec = xs_security();
    if (!s->path || !s->sec) {
        gcx_xslt_sandbox_free(s);
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    }
    st = xs_read_all(path, s->limits.max_record_bytes, &data, &len, err);
    if (st != GCX_OK) {
        gcx_xslt_sandbox_free(s);
        return st;
    }
    xs_call_init(&call, s->path);
    xs_enter(&call, &saved);
    st = xs_parse(&call, data, len, &doc, err);
    if (st == GCX_OK)
        st = xs_compile(&call, s, doc, err);
    xs_leave(&saved);
    gcx_free(data);
    if (st != GCX_OK) {
        gcx_xslt_sandbox_free(s);
        return st;
    }
    *out = s;
    return GCX_OK;
}

/* Applying ------------------------------------------------------------- */

/* xs_source: a new document holding a copy of the record element, with
 * every namespace in scope at the record declared on the copy. */
static xmlDocPtr xs_source(xmlNodePtr rec)
{
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr copy;
    xmlNsPtr *list, *p, ns;

    if (!doc)
        return NULL;
    copy = xmlDocCopyNode(rec, doc, 1);
    if (!copy) {
        xmlFreeDoc(doc);
        return NULL;
    }
    xmlDocSetRootElement(doc, copy);
    list = rec->doc ? xmlGetNsList(rec->doc, rec) : NULL;
    for (p = list; p && *p; p++) {
        int have = 0;

        for (ns = copy->nsDef; ns; ns = ns->next)
            if (xmlStrEqual(ns->prefix, (*p)->prefix))
                have = 1;
        if (!have && !xmlNewNs(copy, (*p)->href, (*p)->prefix)) {
            xmlFree(list);
            xmlFreeDoc(doc);
            return NULL;
        }
    }
    xmlFree(list);
    return doc;
}

/* xs_result_error: a result refused for passing a limit. */
static gcx_status xs_result_error(const gcx_xslt_sandbox *s,
                                  gcx_error *err, const char *what,
                                  size_t n, const char *unit)
{
    gcx_error_at(err, s->path, 0, 0);
    return gcx_error_set(err, GCX_E_LIMIT,
                         "the stylesheet's result %s %zu %s", what, n,
                         unit);
}

/* xs_check_result: exactly one root element, held to the limits: depth
 * (max_depth), each text or attribute value (max_string_bytes) and all
 * text and names together (max_record_bytes). */
static gcx_status xs_check_result(const gcx_xslt_sandbox *s, xmlDocPtr res,
                                  gcx_error *err)
{
    const gcx_limits *lim = &s->limits;
    xmlNodePtr top = NULL, n;
    xmlAttrPtr a;
    unsigned long level = 1;
    size_t total = 0, len;
    int nroot = 0;

    for (n = res->children; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE) {
            nroot++;
            top = n;
        } else if (n->type == XML_TEXT_NODE && !xmlIsBlankNode(n)) {
            nroot += 2;
        }
    }
    if (nroot != 1 || !top) {
        gcx_error_at(err, s->path, 0, 0);
        return gcx_error_set(err, GCX_E_INVALID,
                             "the stylesheet's result is not a single "
                             "element (it needs xsl:output method=\"xml\" "
                             "and one root element)");
    }
    for (n = top;;) {
        len = 0;
        if (n->type == XML_ELEMENT_NODE) {
            if (level > lim->max_depth)
                return xs_result_error(s, err,
                                       "nests elements deeper than",
                                       lim->max_depth, "levels");
            for (a = n->properties; a; a = a->next) {
                if (!a->children || !a->children->content)
                    continue;
                len = strlen((const char *)a->children->content);
                if (len > lim->max_string_bytes)
                    break;
                total += len + strlen((const char *)a->name);
            }
            total += strlen((const char *)n->name);
        } else if (n->content) {
            len = strlen((const char *)n->content);
            total += len;
        }
        if (len > lim->max_string_bytes)
            return xs_result_error(s, err, "has a string longer than",
                                   lim->max_string_bytes, "bytes");
        if (total > lim->max_record_bytes)
            return xs_result_error(s, err, "is larger than",
                                   lim->max_record_bytes, "bytes");
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            level++;
            continue;
        }
        while (n != top && !n->next) {
            n = n->parent;
            level--;
        }
        if (n == top)
            break;
        n = n->next;
    }
    return GCX_OK;
}

gcx_status gcx_xslt_sandbox_apply(gcx_xslt_sandbox *s, xmlNodePtr record,
                                  xmlDocPtr *result, gcx_error *err)
{
    xsltTransformContextPtr ctxt;
    xmlDocPtr src, res;
    xs_call call;
    xs_saved saved;
    gcx_status st = GCX_OK;

    if (!result)
        return gcx_error_set(err, GCX_E_USAGE, "no result pointer");
    *result = NULL;
    if (!s || !record)
        return gcx_error_set(err, GCX_E_USAGE, "no stylesheet or record");
    if (record->type == XML_DOCUMENT_NODE)
        record = xmlDocGetRootElement((xmlDocPtr)record);
    if (!record || record->type != XML_ELEMENT_NODE)
        return gcx_error_set(err, GCX_E_USAGE,
                             "a record must be an element or a document "
                             "with a root element");
    src = xs_source(record);
    if (!src)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    ctxt = xsltNewTransformContext(s->style, src);
    if (!ctxt) {
        xmlFreeDoc(src);
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    }
    xs_call_init(&call, s->path);
    call.ctxt = ctxt;
    xsltSetTransformErrorFunc(ctxt, &call, xs_ctxt_error);
    if (xsltSetCtxtSecurityPrefs(s->sec, ctxt) != 0) {
        xsltFreeTransformContext(ctxt);
        xmlFreeDoc(src);
        return gcx_error_set(err, GCX_E_INTERNAL,
                             "cannot set the XSLT security preferences");
    }
    ctxt->xinclude = 0;
    ctxt->traceCode = &xs_no_trace;
    ctxt->maxTemplateDepth = GCX_XSLT_MAX_TEMPLATE_DEPTH;
    ctxt->maxTemplateVars = GCX_XSLT_MAX_VARS;
#ifdef HAVE_STRUCT__XSLTTRANSFORMCONTEXT_OPLIMIT
    ctxt->opLimit = GCX_XSLT_MAX_INSTRUCTIONS;
    ctxt->opCount = 0;
#endif
#ifdef HAVE_STRUCT__XMLXPATHCONTEXT_OPLIMIT
    if (ctxt->xpathCtxt) {
        ctxt->xpathCtxt->opLimit = GCX_XSLT_MAX_XPATH_OPS;
        ctxt->xpathCtxt->opCount = 0;
    }
#endif

    xs_enter(&call, &saved);
    res = xsltApplyStylesheetUser(s->style, src, NULL, NULL, NULL, ctxt);
    xs_leave(&saved);

    if (ctxt->state == XSLT_STATE_STOPPED && call.nraw == 0) {
        /* xsl:message terminate="yes": its text is the reason */
        char text[GCX_ERROR_MESSAGE_MAX];
        size_t n;

        snprintf(text, sizeof text, "%s", call.msg);
        n = strlen(text);
        while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '))
            text[--n] = '\0';
        gcx_error_at(err, s->path, call.msg_line, 0);
        st = gcx_error_set(err, GCX_E_INVALID,
                           "xsl:message terminated the transform: %s",
                           text[0] ? text : "(no text)");
    } else if (!res || ctxt->state != XSLT_STATE_OK ||
               call.refused || call.xml_errors > 0) {
        st = xs_fail(&call, GCX_E_INVALID, err,
                     "the transform failed");
    }
    xsltFreeTransformContext(ctxt);
    xmlFreeDoc(src);
    if (st == GCX_OK)
        st = xs_check_result(s, res, err);
    if (st != GCX_OK) {
        xmlFreeDoc(res);
        return st;
    }
    *result = res;
    return GCX_OK;
}

const char *gcx_xslt_sandbox_path(const gcx_xslt_sandbox *s)
{
    return s ? s->path : NULL;
}

void gcx_xslt_sandbox_free(gcx_xslt_sandbox *s)
{
    if (!s)
        return;
    if (s->style)
        xsltFreeStylesheet(s->style);
    if (s->sec)
        xsltFreeSecurityPrefs(s->sec);
    gcx_free(s->path);
    gcx_free(s);
}
