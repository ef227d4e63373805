/* lib/xsd.c - streaming XML Schema validation with libxml2's reader
 * (xmlTextReaderSetSchema): the document is never loaded whole. The
 * schema is compiled once; documents are read with the same safe
 * options as lib/xml_in.c.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>

#include <libxml/parser.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>

#include <gcx/io.h>
#include <gcx/xsd.h>

/* As lib/xml_in.c: substitute internal entities, never the network; no
 * DTD loading, no default attributes, no XInclude, no XML_PARSE_HUGE. */
#define XSD_PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOENT)

struct gcx_xsd {
    xmlSchemaPtr schema;
    char *path;
};

/* The state of one call (schema load or validation). */
typedef struct xsd_run {
    const char *name;          /* file name for messages */
    gcx_input *in;             /* validation: the document */
    gcx_xsd_error_fn fn;
    void *ctx;
    unsigned long long nvalid; /* validity errors */
    gcx_error first;           /* first validity error */
    gcx_error fatal;           /* first other error (code 0: none) */
    int refuse_all;            /* validation: refuse every external load */
} xsd_run;

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
static _Thread_local xsd_run *xsd_active;
#elif defined(__GNUC__)
static __thread xsd_run *xsd_active;
#else
static xsd_run *xsd_active;
#endif

/* clean: libxml2's message on one line, without the trailing newline. */
static void clean(char *msg)
{
    size_t n = strlen(msg), i;

    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    for (i = 0; i < n; i++)
        if (msg[i] == '\n' || msg[i] == '\r')
            msg[i] = ' ';
}

static gcx_status map_code(const xmlError *e, const char *msg)
{
    if (e->code == XML_ERR_NO_MEMORY)
        return GCX_E_NOMEM;
    if (strstr(msg, "Excessive depth") || strstr(msg, "too long") ||
        strstr(msg, "Huge input") || e->code == XML_ERR_ENTITY_LOOP)
        return GCX_E_LIMIT;
    if (e->domain == XML_FROM_IO)
        return GCX_E_IO;
    if (e->code == XML_WAR_UNDECLARED_ENTITY)
        return GCX_E_INVALID;
    return GCX_E_SYNTAX;
}

/* on_error: the structured error handler for a load or a validation. */
static void on_error(void *arg, xmlErrorPtr e)
{
    xsd_run *r = arg;
    char msg[GCX_ERROR_MESSAGE_MAX];
    gcx_error ge;

    if (!r || !e || e->level < XML_ERR_ERROR)
        return;
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "error");
    clean(msg);
    gcx_error_clear(&ge);
    gcx_error_at(&ge, e->file && *e->file ? e->file : r->name,
                 e->line > 0 ? (unsigned long)e->line : 0,
                 e->int2 > 0 && e->domain != XML_FROM_SCHEMASV
                     ? (unsigned long)e->int2 : 0);
    if (e->domain == XML_FROM_SCHEMASV) {
        gcx_error_set(&ge, GCX_E_INVALID, "%s", msg);
        r->nvalid++;
        if (r->nvalid == 1)
            r->first = ge;
        if (r->fn)
            r->fn(r->ctx, &ge);
        return;
    }
    if (r->fatal.code != GCX_OK)
        return;
    gcx_error_set(&ge, map_code(e, msg), "%s", msg);
    r->fatal = ge;
}

static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static xmlExternalEntityLoader prev_loader;
static int loader_installed;

/* loader: refuses everything while a validation of ours runs on this
 * thread; while a schema loads, refuses the network only. Other
 * libxml2 users keep the loader they had. */
static xmlParserInputPtr loader(const char *url, const char *id,
                                xmlParserCtxtPtr ctxt)
{
    xsd_run *r = xsd_active;

    if (!r)
        return prev_loader ? prev_loader(url, id, ctxt) : NULL;
    if (r->refuse_all) {
        if (r->fatal.code == GCX_OK) {
            gcx_error_clear(&r->fatal);
            gcx_error_at(&r->fatal, r->name, 0, 0);
            gcx_error_set(&r->fatal, GCX_E_INVALID, "external entity "
                          "refused: %s (external DTDs and entities are "
                          "not loaded)", url ? url : id ? id : "(unnamed)");
        }
        return NULL;
    }
    return xmlNoNetExternalEntityLoader(url, id, ctxt);
}

typedef struct saved {
    xmlStructuredErrorFunc serror;
    void *sctx;
    xmlGenericErrorFunc gerror;
    void *gctx;
    xsd_run *active;
} saved;

static void enter(xsd_run *r, saved *s)
{
    if (!loader_installed) {
        xmlExternalEntityLoader cur = xmlGetExternalEntityLoader();

        if (cur != loader) {
            prev_loader = cur;
            xmlSetExternalEntityLoader(loader);
        }
        loader_installed = 1;
    }
    s->serror = xmlStructuredError;
    s->sctx = xmlStructuredErrorContext;
    s->gerror = xmlGenericError;
    s->gctx = xmlGenericErrorContext;
    s->active = xsd_active;
    xmlSetStructuredErrorFunc(r, on_error);
    xmlSetGenericErrorFunc(r, quiet);
    xsd_active = r;
}

static void leave(const saved *s)
{
    xsd_active = s->active;
    xmlSetStructuredErrorFunc(s->sctx, s->serror);
    xmlSetGenericErrorFunc(s->gctx, s->gerror);
}

gcx_status gcx_xsd_load(gcx_xsd **out, const char *path, gcx_error *err)
{
    xmlSchemaParserCtxtPtr pc;
    xsd_run r;
    saved sv;
    gcx_xsd *x;
    FILE *f;
    int made = 0;

    *out = NULL;
    gcx_error_clear(err);
    f = fopen(path, "rb");
    if (!f) {
        gcx_error_at(err, path, 0, 0);
        return gcx_error_set(err, GCX_E_IO, "cannot open the schema: %s",
                             strerror(errno));
    }
    fclose(f);
    x = gcx_calloc(1, sizeof *x);
    if (!x || !(x->path = gcx_strdup(path))) {
        gcx_free(x);
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    }
    memset(&r, 0, sizeof r);
    r.name = path;
    xmlInitParser();
    enter(&r, &sv);
    pc = xmlSchemaNewParserCtxt(path);
    if (pc) {
        made = 1;
        xmlSchemaSetParserStructuredErrors(pc, on_error, &r);
        x->schema = xmlSchemaParse(pc);
        xmlSchemaFreeParserCtxt(pc);
    }
    leave(&sv);
    if (!x->schema) {
        gcx_status st = r.fatal.code == GCX_E_NOMEM || !made ? GCX_E_NOMEM
                                                           : GCX_E_CONFIG;

        if (err) {
            if (r.fatal.code != GCX_OK)
                *err = r.fatal;
            else if (r.nvalid)
                *err = r.first;
            else
                gcx_error_at(err, path, 0, 0);
            gcx_error_set(err, st, "not a usable XML Schema: %s",
                          r.fatal.code ? r.fatal.message
                          : r.nvalid ? r.first.message
                                     : "libxml2 refused it");
        }
        gcx_xsd_free(x);
        return st;
    }
    *out = x;
    return GCX_OK;
}

void gcx_xsd_free(gcx_xsd *x)
{
    if (!x)
        return;
    if (x->schema)
        xmlSchemaFree(x->schema);
    gcx_free(x->path);
    gcx_free(x);
}

/* read_cb: libxml2's read callback over gcx_input_read. */
static int read_cb(void *ctx, char *buf, int len)
{
    xsd_run *r = ctx;
    gcx_error ioe;
    size_t got = 0;

    if (len <= 0)
        return 0;
    gcx_error_clear(&ioe);
    if (gcx_input_read(r->in, buf, (size_t)len, &got, &ioe) != GCX_OK) {
        if (r->fatal.code == GCX_OK || r->fatal.code == GCX_E_SYNTAX)
            r->fatal = ioe;
        return -1;
    }
    return (int)got;
}

gcx_status gcx_xsd_validate(const gcx_xsd *x, gcx_input *in,
                            gcx_xsd_error_fn fn, void *ctx,
                            unsigned long long *nerrors, gcx_error *err)
{
    xmlTextReaderPtr xr;
    xsd_run r;
    saved sv;
    int ret;
    gcx_status st;

    gcx_error_clear(err);
    if (nerrors)
        *nerrors = 0;
    memset(&r, 0, sizeof r);
    r.name = gcx_input_name(in);
    r.in = in;
    r.fn = fn;
    r.ctx = ctx;
    r.refuse_all = 1;
    enter(&r, &sv);
    xr = xmlReaderForIO(read_cb, NULL, &r, r.name, NULL,
                        XSD_PARSE_OPTIONS);
    if (!xr) {
        leave(&sv);
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    }
    /* Errors reach on_error through the thread's structured handler set
     * by enter(). Not xmlTextReaderSetStructuredErrorHandler: with a
     * schema plugged into the SAX, libxml2 2.9 hands that handler the
     * plug instead of the parser context and crashes on a parse error. */
    if (xmlTextReaderSetSchema(xr, x->schema) != 0) {
        xmlFreeTextReader(xr);
        leave(&sv);
        return gcx_error_set(err, GCX_E_INTERNAL, "libxml2 refused the "
                             "schema for streaming validation");
    }
    do
        ret = xmlTextReaderRead(xr);
    while (ret == 1 && r.fatal.code == GCX_OK);
    if (ret == 0 && r.fatal.code == GCX_OK &&
        xmlTextReaderIsValid(xr) != 1 && r.nvalid == 0) {
        /* invalid without a message: say so rather than pass it */
        gcx_error_at(&r.first, r.name, 0, 0);
        gcx_error_set(&r.first, GCX_E_INVALID, "document not valid "
                      "against the schema");
        r.nvalid = 1;
        if (fn)
            fn(ctx, &r.first);
    }
    xmlFreeTextReader(xr);
    leave(&sv);
    if (nerrors)
        *nerrors = r.nvalid;
    if (r.fatal.code != GCX_OK || ret < 0) {
        if (r.fatal.code == GCX_OK) {
            gcx_error_at(&r.fatal, r.name, 0, 0);
            gcx_error_set(&r.fatal, GCX_E_SYNTAX, "the document could "
                          "not be read to its end");
        }
        if (err)
            *err = r.fatal;
        return r.fatal.code;
    }
    if (r.nvalid) {
        if (err)
            *err = r.first;
        return GCX_E_INVALID;
    }
    st = GCX_OK;
    return st;
}
