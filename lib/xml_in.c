/* lib/xml_in.c - XML records, one at a time, from libxml2's xmlTextReader.
 *
 * Streams the input through the reader, selects the elements on the
 * record path, expands each into a small tree and lets the reader free it
 * when we move on. Without a path the whole document is parsed at once.
 * External entities are refused; depth, size and expansion are bounded.
 */
#include "internal.h"

#include <stdio.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/hash.h>

#include <gcx/io.h>
#include <gcx/xml_in.h>

/* libxml2 refuses elements nested deeper than this by itself. */
#define XI_LIBXML2_MAX_DEPTH 256u

/* Parser options: substitute internal entities so text is complete, never
 * touch the network. No DTD loading, no default attributes, no XInclude,
 * no XML_PARSE_HUGE: libxml2 keeps its own depth, size and entity
 * amplification limits. (XML_PARSE_COMPACT was measured: no gain.) */
#define XI_PARSE_OPTIONS                                                   \
    (XML_PARSE_NONET | XML_PARSE_NOENT)

/* The reader parses in chunks of 512 bytes, so byte positions taken from
 * it are exact only to within a chunk. */
#define XI_CHUNK 512
/* Slack for the record-size check made while a record is being expanded:
 * what was handed to libxml2 runs ahead of what it parsed by at most one
 * read (4 KiB) plus one chunk. */
#define XI_READ_SLACK 8192
/* Records expanding to less than this many bytes are never refused for
 * their expansion ratio: small absolute amounts are harmless. */
#define XI_EXPANSION_FLOOR 1024

enum xi_kind {
    XI_ANY,        /* "*" */
    XI_NO_NS,      /* NAME, no default binding: element in no namespace */
    XI_URI,        /* bound PREFIX:NAME, or NAME with a default binding */
    XI_PREFIX      /* unbound PREFIX:NAME: element's own prefix text */
};

typedef struct xi_step {
    enum xi_kind kind;
    const char *local;     /* points into path copy */
    const xmlChar *ilocal; /* local interned in the reader's dictionary */
    const char *prefix;    /* XI_PREFIX: the prefix text */
    const char *uri;       /* XI_URI: the namespace URI */
} xi_step;

/* A context path: elements outside the records that the caller keeps
 * (an ISO 20022 group header). Same matching as the record path. */
typedef struct xi_context {
    char *copy;
    xi_step *steps;
    size_t nsteps;
    unsigned char *match;
} xi_context;

enum xi_state {
    XI_START,      /* nothing returned yet */
    XI_ON_RECORD,  /* a record was returned: move past it first */
    XI_DONE,       /* end of input reached, all checked */
    XI_FAILED      /* an error was reported; it is repeated */
};

struct gcx_xml_reader {
    gcx_input *in;
    gcx_limits limits;
    int skip_blanks;           /* options.skip_blanks */
    const char *name;          /* input name for messages (borrowed) */
    xmlTextReaderPtr xr;       /* record mode */
    xmlDocPtr doc;             /* whole-document mode: the document */
    xmlParserCtxtPtr ctxt;     /* whole-document mode, while parsing */

    char *path_copy;           /* steps point into it */
    char **bind_copy;          /* copies of the bindings */
    size_t nbind;
    xi_step *steps;
    size_t nsteps;
    unsigned char *match;      /* match[d]: element at depth d matches
                                  steps 0..d on its ancestor chain */
    xi_context *ctx;           /* context paths, nctx of them */
    size_t nctx;
    size_t matched;            /* 0: the last node is a record; k: it is
                                  an element of context path k - 1 */

    enum xi_state state;
    gcx_error e;               /* the first error (code GCX_OK: none) */
    int stop;                  /* e must be reported now, no deferring */
    int has_entities;          /* the internal subset declares entities */

    unsigned long long delivered; /* bytes handed to libxml2 */
    int in_record;             /* a record is being expanded */
    long rec_start;            /* byte position at its start tag */
    unsigned long rec_line;    /* line of the record being expanded */

    unsigned long long nrec;   /* records returned */
    unsigned long line;        /* line of the last record returned */
};

/* The reader whose libxml2 call is running on this thread: the entity
 * loader is process-wide and refuses loads only for our readers. */
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
static _Thread_local gcx_xml_reader *xi_active;
#elif defined(__GNUC__)
static __thread gcx_xml_reader *xi_active;
#else
static gcx_xml_reader *xi_active;
#endif

static xmlExternalEntityLoader xi_prev_loader;
static int xi_loader_installed;

/* Error routing ------------------------------------------------------- */

/* xi_fail: record the first error: code, message, position; later ones
 * are dropped (returns 0 for them). stop: report it at once rather than
 * after the records that were complete before it. */
static int xi_fail(gcx_xml_reader *r, int stop, gcx_status code,
                   unsigned long line, unsigned long col,
                   const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

static int xi_fail(gcx_xml_reader *r, int stop, gcx_status code,
                   unsigned long line, unsigned long col,
                   const char *fmt, ...)
{
    va_list ap;

    if (stop)
        r->stop = 1;
    if (r->e.code != GCX_OK)
        return 0;
    gcx_error_at(&r->e, r->name, line, col);
    va_start(ap, fmt);
    gcx_error_setv(&r->e, code, fmt, ap);
    va_end(ap);
    return 1;
}

/* xi_doc_pos: the line and column reached in the document entity
 * itself, for errors raised inside an entity's replacement text (which
 * libxml2 places in that text) and for refused loads. */
static void xi_doc_pos(const gcx_xml_reader *r, unsigned long *line,
                       unsigned long *col)
{
    xmlParserInputPtr in = NULL;
    int v;

    *line = 0;
    *col = 0;
    if (r->xr) {
        v = xmlTextReaderGetParserLineNumber(r->xr);
        *line = v > 0 ? (unsigned long)v : 0;
        v = xmlTextReaderGetParserColumnNumber(r->xr);
        *col = v > 0 ? (unsigned long)v : 0;
        return;
    }
    if (r->ctxt && r->ctxt->inputNr > 0 && r->ctxt->inputTab)
        in = r->ctxt->inputTab[0];
    if (in) {
        *line = in->line > 0 ? (unsigned long)in->line : 0;
        *col = in->col > 0 ? (unsigned long)in->col : 0;
    }
}

/* xi_map: the gcx status for a libxml2 error. */
static gcx_status xi_map(const xmlError *e, const char *msg)
{
    if (strstr(msg, "too long") || strstr(msg, "Huge input") ||
        strstr(msg, "huge text") || strstr(msg, "Excessive depth") ||
        strstr(msg, "too deep") || e->code == XML_ERR_ENTITY_LOOP)
        return GCX_E_LIMIT;
    if (e->code == XML_ERR_NO_MEMORY)
        return GCX_E_NOMEM;
    if (e->code == XML_WAR_UNDECLARED_ENTITY)
        return GCX_E_INVALID;
    if (e->domain == XML_FROM_IO || (e->code >= XML_IO_UNKNOWN &&
                                     e->code < XML_XINCLUDE_RECURSION))
        return GCX_E_IO;
    return GCX_E_SYNTAX;
}

/* xi_on_error: libxml2's structured error handler (arg: our reader).
 * Warnings are ignored. A fatal error stops the parser, so records
 * complete before it are still good: the report is deferred until the
 * reader reaches it. A recoverable error (the parser goes on) is
 * reported at once. */
static void xi_on_error(void *arg, xmlErrorPtr e)
{
    gcx_xml_reader *r = arg;
    char msg[GCX_ERROR_MESSAGE_MAX];
    size_t i, n;
    unsigned long line, col;
    gcx_status code;

    if (!r || !e || e->level < XML_ERR_ERROR)
        return;
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "error");
    n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    for (i = 0; i < n; i++)
        if (msg[i] == '\n' || msg[i] == '\r')
            msg[i] = ' ';
    code = xi_map(e, msg);
    if (e->file && strcmp(e->file, r->name) == 0 && e->line > 0) {
        line = (unsigned long)e->line;
        col = e->int2 > 0 ? (unsigned long)e->int2 : 0;
    } else {
        /* inside an entity's text: give the place in the document */
        xi_doc_pos(r, &line, &col);
    }
    if (code == GCX_E_LIMIT && strstr(msg, "Excessive depth"))
        xi_fail(r, e->level != XML_ERR_FATAL, code, line, col,
                "elements nested deeper than libxml2's limit of %u levels",
                xmlParserMaxDepth);
    else if (code == GCX_E_LIMIT && e->code == XML_ERR_ENTITY_LOOP)
        xi_fail(r, e->level != XML_ERR_FATAL, code, line, col,
                "entity expansion too large or recursive (%s)", msg);
    else if (code == GCX_E_NOMEM)
        /* libxml2 has no memory left to build e->message either */
        xi_fail(r, e->level != XML_ERR_FATAL, code, line, col,
                "out of memory");
    else if (code == GCX_E_INVALID)
        xi_fail(r, 1, code, line, col,
                "%s (external DTDs are not loaded)", msg);
    else
        xi_fail(r, e->level != XML_ERR_FATAL, code, line, col, "%s", msg);
}

/* xi_quiet: generic (unstructured) messages are not ours to print. */
static void xi_quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* xi_loader: the process-wide external entity loader. While one of our
 * readers is parsing on this thread, every load is refused and recorded;
 * other libxml2 users in the process keep the loader they had. */
static xmlParserInputPtr xi_loader(const char *url, const char *id,
                                   xmlParserCtxtPtr ctxt)
{
    gcx_xml_reader *r = xi_active;
    unsigned long line, col;

    if (!r) {
        if (xi_prev_loader)
            return xi_prev_loader(url, id, ctxt);
        return NULL;
    }
    (void)ctxt;
    xi_doc_pos(r, &line, &col);
    xi_fail(r, 1, GCX_E_INVALID, line, col, "external entity refused: %s",
            url ? url : id ? id : "(unnamed)");
    return NULL;
}

/* Bracketing of libxml2 calls: route every error of this thread to r and
 * make the loader refuse; restore the previous handlers afterwards. */
typedef struct xi_saved {
    xmlStructuredErrorFunc serror;
    void *sctx;
    xmlGenericErrorFunc gerror;
    void *gctx;
    gcx_xml_reader *active;
} xi_saved;

static void xi_enter(gcx_xml_reader *r, xi_saved *s)
{
    s->serror = xmlStructuredError;
    s->sctx = xmlStructuredErrorContext;
    s->gerror = xmlGenericError;
    s->gctx = xmlGenericErrorContext;
    s->active = xi_active;
    xmlSetStructuredErrorFunc(r, xi_on_error);
    xmlSetGenericErrorFunc(r, xi_quiet);
    xi_active = r;
}

static void xi_leave(const xi_saved *s)
{
    xi_active = s->active;
    xmlSetStructuredErrorFunc(s->sctx, s->serror);
    xmlSetGenericErrorFunc(s->gctx, s->gerror);
}

/* Input -------------------------------------------------------------- */

/* xi_read: libxml2's read callback over gcx_input_read. Enforces the
 * size of the whole document (no path) and, while a record is being
 * expanded, a bound on its size so a huge record never sits in memory. */
static int xi_read(void *ctx, char *buf, int len)
{
    gcx_xml_reader *r = ctx;
    gcx_error ioe;
    size_t cap, got = 0;
    size_t max = r->limits.max_record_bytes;

    if (r->stop || len <= 0)
        return r->stop ? -1 : 0;
    cap = (size_t)len;
    if (!r->steps) {
        if (r->delivered > max) {
            xi_fail(r, 1, GCX_E_LIMIT, 0, 0,
                    "document larger than %zu bytes", max);
            return -1;
        }
        if (max - r->delivered < cap)
            cap = max - r->delivered + 1;
    } else if (r->in_record && r->rec_start >= 0 &&
               r->delivered > (unsigned long long)r->rec_start &&
               r->delivered - (unsigned long long)r->rec_start >
                   (unsigned long long)max + XI_READ_SLACK) {
        if (xi_fail(r, 1, GCX_E_LIMIT, r->rec_line, 0,
                    "record larger than %zu bytes", max))
            r->e.record = r->nrec + 1;
        return -1;
    }
    gcx_error_clear(&ioe);
    if (gcx_input_read(r->in, buf, cap, &got, &ioe) != GCX_OK) {
        if (r->e.code == GCX_OK)
            r->e = ioe;
        if (r->e.code == GCX_OK)
            r->e.code = GCX_E_IO;
        r->stop = 1;
        return -1;
    }
    r->delivered += got;
    if (!r->steps && r->delivered > max) {
        xi_fail(r, 1, GCX_E_LIMIT, 0, 0, "document larger than %zu bytes",
                max);
        return -1;
    }
    return (int)got;
}

/* Options ------------------------------------------------------------ */

gcx_xml_reader_options gcx_xml_reader_options_default(void)
{
    gcx_xml_reader_options o;

    o.record_path = NULL;
    o.ns_bindings = NULL;
    o.nns = 0;
    o.context_paths = NULL;
    o.ncontext = 0;
    o.skip_blanks = 0;
    o.limits = gcx_limits_default();
    return o;
}

static int xi_is_ncname(const char *s)
{
    return *s && xmlValidateNCName((const xmlChar *)s, 0) == 0;
}

/* xi_bindings: copy and check the "prefix=uri" bindings. */
static gcx_status xi_bindings(gcx_xml_reader *r,
                              const gcx_xml_reader_options *opt,
                              gcx_error *err)
{
    size_t i, j;

    if (opt->nns == 0)
        return GCX_OK;
    if (!opt->ns_bindings)
        return gcx_error_set(err, GCX_E_USAGE,
                             "namespace bindings missing");
    r->bind_copy = gcx_calloc(opt->nns, sizeof *r->bind_copy);
    if (!r->bind_copy)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    r->nbind = opt->nns;
    for (i = 0; i < opt->nns; i++) {
        const char *b = opt->ns_bindings[i];
        char *eq;

        if (!b)
            return gcx_error_set(err, GCX_E_USAGE,
                                 "namespace binding %zu is missing", i + 1);
        r->bind_copy[i] = gcx_strdup(b);
        if (!r->bind_copy[i])
            return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
        eq = strchr(r->bind_copy[i], '=');
        if (!eq)
            return gcx_error_set(err, GCX_E_USAGE,
                                 "namespace binding '%s' is not "
                                 "prefix=uri", b);
        *eq = '\0';
        if (r->bind_copy[i][0] && !xi_is_ncname(r->bind_copy[i]))
            return gcx_error_set(err, GCX_E_USAGE,
                                 "bad prefix '%s' in namespace binding "
                                 "'%s'", r->bind_copy[i], b);
        if (!eq[1])
            return gcx_error_set(err, GCX_E_USAGE,
                                 "empty namespace URI in binding '%s'", b);
        for (j = 0; j < i; j++)
            if (strcmp(r->bind_copy[j], r->bind_copy[i]) == 0)
                return gcx_error_set(err, GCX_E_USAGE,
                                     "prefix '%s' is bound twice",
                                     r->bind_copy[i]);
    }
    return GCX_OK;
}

/* xi_lookup: the URI bound to prefix ("" = default), or NULL. */
static const char *xi_lookup(const gcx_xml_reader *r, const char *prefix)
{
    size_t i;

    for (i = 0; i < r->nbind; i++)
        if (strcmp(r->bind_copy[i], prefix) == 0)
            return r->bind_copy[i] + strlen(r->bind_copy[i]) + 1;
    return NULL;
}

/* xi_path: split "/a/p:b/ *" into steps: *copy, *steps, *match and *nsteps
 * are set (and owned by the caller) even on failure. */
static gcx_status xi_path(gcx_xml_reader *r, const char *path,
                          char **copy, xi_step **steps,
                          unsigned char **match, size_t *nsteps,
                          gcx_error *err)
{
    char *p, *step, *colon;
    size_t n = 0, i;

    if (path[0] != '/')
        return gcx_error_set(err, GCX_E_USAGE,
                             "record path '%s' must start with '/'", path);
    for (p = (char *)path; *p; p++)
        if (*p == '/')
            n++;
    *copy = gcx_strdup(path + 1);
    *steps = gcx_calloc(n, sizeof **steps);
    *match = gcx_calloc(n, 1);
    if (!*copy || !*steps || !*match)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    *nsteps = n;
    p = *copy;
    for (i = 0; i < n; i++) {
        xi_step *s = &(*steps)[i];

        step = p;
        p = strchr(p, '/');
        if (p)
            *p++ = '\0';
        if (!*step)
            return gcx_error_set(err, GCX_E_USAGE,
                                 "empty step %zu in record path '%s'",
                                 i + 1, path);
        if (strcmp(step, "*") == 0) {
            s->kind = XI_ANY;
            continue;
        }
        colon = strchr(step, ':');
        if (colon) {
            *colon = '\0';
            s->local = colon + 1;
            s->prefix = step;
        } else {
            s->local = step;
            s->prefix = "";
        }
        if ((colon && !xi_is_ncname(s->prefix)) || !xi_is_ncname(s->local)) {
            if (colon)
                *colon = ':';
            return gcx_error_set(err, GCX_E_USAGE,
                                 "bad step '%s' in record path '%s' "
                                 "(want NAME, PREFIX:NAME or *)",
                                 step, path);
        }
        s->uri = xi_lookup(r, s->prefix);
        if (s->uri)
            s->kind = XI_URI;
        else
            s->kind = colon ? XI_PREFIX : XI_NO_NS;
    }
    return GCX_OK;
}

/* Reader ------------------------------------------------------------- */

/* xi_intern: intern the steps' local names in the reader's dictionary. */
static void xi_intern(gcx_xml_reader *r, xi_step *steps, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (steps[i].local)
            steps[i].ilocal = xmlTextReaderConstString(
                r->xr, (const xmlChar *)steps[i].local);
}

gcx_status gcx_xml_reader_new(gcx_xml_reader **out, gcx_input *in,
                              const gcx_xml_reader_options *opt,
                              gcx_error *err)
{
    gcx_xml_reader_options def;
    gcx_xml_reader *r;
    gcx_status st;
    xi_saved saved;
    size_t i;

    *out = NULL;
    if (!in)
        return gcx_error_set(err, GCX_E_USAGE, "no input");
    if (!opt) {
        def = gcx_xml_reader_options_default();
        opt = &def;
    }
    xmlInitParser();
    if (!xi_loader_installed) {
        xmlExternalEntityLoader cur = xmlGetExternalEntityLoader();

        if (cur != xi_loader) {
            xi_prev_loader = cur;
            xmlSetExternalEntityLoader(xi_loader);
        }
        xi_loader_installed = 1;
    }
    r = gcx_calloc(1, sizeof *r);
    if (!r)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    r->in = in;
    r->limits = opt->limits;
    r->skip_blanks = opt->skip_blanks;
    r->name = gcx_input_name(in);
    r->rec_start = -1;
    gcx_error_clear(&r->e);
    st = xi_bindings(r, opt, err);
    if (st == GCX_OK && opt->record_path)
        st = xi_path(r, opt->record_path, &r->path_copy, &r->steps,
                     &r->match, &r->nsteps, err);
    if (st == GCX_OK && opt->ncontext && !opt->record_path)
        st = gcx_error_set(err, GCX_E_USAGE,
                           "context paths need a record path");
    if (st == GCX_OK && opt->ncontext) {
        r->ctx = gcx_calloc(opt->ncontext, sizeof *r->ctx);
        if (!r->ctx)
            st = gcx_error_set(err, GCX_E_NOMEM, "out of memory");
        else
            r->nctx = opt->ncontext;
        for (i = 0; st == GCX_OK && i < opt->ncontext; i++)
            st = xi_path(r, opt->context_paths[i], &r->ctx[i].copy,
                         &r->ctx[i].steps, &r->ctx[i].match,
                         &r->ctx[i].nsteps, err);
    }
    if (st != GCX_OK) {
        gcx_xml_reader_free(r);
        return st;
    }
    if (r->steps) {
        xi_enter(r, &saved);
        r->xr = xmlReaderForIO(xi_read, NULL, r, r->name, NULL,
                               XI_PARSE_OPTIONS | (opt->skip_blanks ?
                                                   XML_PARSE_NOBLANKS : 0));
        xi_leave(&saved);
        if (!r->xr) {
            if (r->e.code != GCX_OK) {
                st = r->e.code;
                if (err)
                    *err = r->e;
                gcx_xml_reader_free(r);
                return st;
            }
            gcx_xml_reader_free(r);
            return gcx_error_set(err, GCX_E_NOMEM,
                                 "out of memory creating the XML reader");
        }
        xmlTextReaderSetStructuredErrorHandler(r->xr, xi_on_error, r);
        xi_intern(r, r->steps, r->nsteps);
        for (i = 0; i < r->nctx; i++)
            xi_intern(r, r->ctx[i].steps, r->ctx[i].nsteps);
    }
    /* an error while starting (reading the first bytes) is reported by
     * the first gcx_xml_reader_next */
    *out = r;
    return GCX_OK;
}

/* xi_report: stop for good and hand out the recorded error. */
static gcx_status xi_report(gcx_xml_reader *r, gcx_error *err)
{
    if (r->e.code == GCX_OK) {
        gcx_error_at(&r->e, r->name, 0, 0);
        gcx_error_set(&r->e, GCX_E_SYNTAX, "XML reader failed");
    }
    r->state = XI_FAILED;
    if (err)
        *err = r->e;
    return r->e.code;
}

/* xi_step_match: does element n match step s? */
static int xi_step_match(const xi_step *s, const xmlNode *n)
{
    const char *name = (const char *)n->name;

    if (s->kind == XI_ANY)
        return 1;
    if (n->name != s->ilocal && strcmp(name, s->local) != 0)
        return 0;
    switch (s->kind) {
    case XI_NO_NS:
        return n->ns == NULL || n->ns->href == NULL || !n->ns->href[0];
    case XI_URI:
        return n->ns && n->ns->href &&
               strcmp((const char *)n->ns->href, s->uri) == 0;
    case XI_PREFIX:
        return n->ns && n->ns->prefix &&
               strcmp((const char *)n->ns->prefix, s->prefix) == 0;
    default:
        return 0;
    }
}

/* xi_line: the line of node n. The node's own field saturates at 65535;
 * beyond that ask the parser, which is ahead of the reader by less than
 * a chunk, and never go back before the last record's line. */
static unsigned long xi_line(const gcx_xml_reader *r, const xmlNode *n)
{
    int pl;

    if (n && n->line > 0 && n->line < 65535)
        return n->line;
    if (!r->xr)
        return 0;
    pl = xmlTextReaderGetParserLineNumber(r->xr);
    if (pl <= 0)
        return 0;
    return (unsigned long)pl < r->line ? r->line : (unsigned long)pl;
}

/* xi_check_tree: walk the subtree at top (an element at nesting level
 * level0, 1-based). Fails when an element is nested deeper than the
 * limit or, in a document that declares entities, when the text it
 * expands to is more than max_expansion times in_bytes. */
static int xi_check_tree(gcx_xml_reader *r, const xmlNode *top,
                         unsigned long level0, unsigned long long in_bytes)
{
    const xmlNode *n = top;
    unsigned long level = level0;
    unsigned long long out = 0, allowed;
    int count = r->has_entities;

    for (;;) {
        if (n->type == XML_ELEMENT_NODE) {
            if (GCXI_UNLIKELY(level > r->limits.max_depth)) {
                xi_fail(r, 1, GCX_E_LIMIT,
                        xi_line(r, n), 0,
                        "elements nested deeper than %u levels",
                        r->limits.max_depth);
                return -1;
            }
            if (count) {
                const xmlAttr *a;
                const xmlNode *t;

                for (a = n->properties; a; a = a->next)
                    for (t = a->children; t; t = t->next)
                        if (t->content)
                            out += strlen((const char *)t->content);
            }
            if (n->children) {
                n = n->children;
                level++;
                continue;
            }
        } else if (count && n->content &&
                   (n->type == XML_TEXT_NODE ||
                    n->type == XML_CDATA_SECTION_NODE)) {
            out += strlen((const char *)n->content);
        }
        while (n != top && !n->next) {
            n = n->parent;
            level--;
        }
        if (n == top)
            break;
        n = n->next;
    }
    if (count) {
        if (in_bytes < XI_EXPANSION_FLOOR)
            in_bytes = XI_EXPANSION_FLOOR;
        allowed = (unsigned long long)r->limits.max_expansion * in_bytes;
        if (out > allowed) {
            xi_fail(r, 1, GCX_E_LIMIT, r->rec_line, 0,
                    "entity expansion too large: %llu bytes of text from "
                    "%llu bytes of input (limit %ux)", out, in_bytes,
                    r->limits.max_expansion);
            return -1;
        }
    }
    return 0;
}

/* xi_complete: was the end tag of n parsed? Only asked after a fatal
 * error, which stops the parser: then n is complete exactly when some
 * node after it in document order exists. */
static int xi_complete(const xmlNode *n)
{
    for (; n && n->type != XML_DOCUMENT_NODE; n = n->parent)
        if (n->next)
            return 1;
    return 0;
}

/* xi_note_dtd: the reader is on the document type node: remember
 * whether the internal subset declares entities (they can expand). */
static void xi_note_dtd(gcx_xml_reader *r)
{
    xmlNodePtr n = xmlTextReaderCurrentNode(r->xr);
    xmlDtdPtr dtd;

    if (!n || n->type != XML_DTD_NODE)
        return;
    dtd = (xmlDtdPtr)n;
    if (dtd->entities && xmlHashSize((xmlHashTablePtr)dtd->entities) > 0)
        r->has_entities = 1;
    if (dtd->pentities &&
        xmlHashSize((xmlHashTablePtr)dtd->pentities) > 0)
        r->has_entities = 1;
}

/* xi_record: the reader is on the start tag of a record at depth: expand
 * it and check it. 1: *node is the record; -1: error. */
static int xi_record(gcx_xml_reader *r, int depth, xmlNodePtr *node)
{
    xmlNodePtr n = xmlTextReaderCurrentNode(r->xr);
    long end;
    unsigned long long size;
    unsigned long line;
    int expanded, had_error;

    if (!n)
        return -1;
    line = xi_line(r, n);
    r->rec_line = line;
    r->rec_start = xmlTextReaderByteConsumed(r->xr);
    r->in_record = 1;
    expanded = xmlTextReaderExpand(r->xr) != NULL;
    r->in_record = 0;
    if (r->stop || (!expanded && r->e.code == GCX_OK))
        return -1;
    /* After a fatal error (the reader fails on the chunk that holds it)
     * the record is still good if it was complete before the error. */
    if (r->e.code != GCX_OK && !xi_complete(n))
        return -1;
    end = xmlTextReaderByteConsumed(r->xr);
    size = end > r->rec_start ? (unsigned long long)(end - r->rec_start)
                              : 0;
    had_error = r->e.code != GCX_OK;
    if (size > (unsigned long long)r->limits.max_record_bytes + XI_CHUNK) {
        xi_fail(r, 1, GCX_E_LIMIT, line, 0, "record larger than %zu bytes",
                r->limits.max_record_bytes);
        if (!had_error)
            r->e.record = r->nrec + 1;
        return -1;
    }
    /* The walk can only find something when entities may expand or the
     * depth limit is below libxml2's own (256 levels, which it enforces
     * without XML_PARSE_HUGE): skip it otherwise, it is on the hot path */
    if ((r->has_entities || r->limits.max_depth < XI_LIBXML2_MAX_DEPTH) &&
        xi_check_tree(r, n, (unsigned long)depth + 1, size) != 0) {
        if (!had_error)
            r->e.record = r->nrec + 1;
        return -1;
    }
    r->nrec++;
    r->line = line;
    *node = n;
    return 1;
}

/* xi_context_match: update the context paths' match state for the
 * element at depth; 1 with r->matched set when one matches completely. */
static int xi_context_match(gcx_xml_reader *r, int depth)
{
    xmlNodePtr cur = NULL;
    size_t k;
    int m;

    r->matched = 0;
    for (k = 0; k < r->nctx; k++) {
        xi_context *c = &r->ctx[k];

        if ((size_t)depth >= c->nsteps)
            continue;
        if (!cur)
            cur = xmlTextReaderCurrentNode(r->xr);
        m = cur && (depth == 0 || c->match[depth - 1]) &&
            xi_step_match(&c->steps[depth], cur);
        c->match[depth] = (unsigned char)m;
        if (m && (size_t)depth == c->nsteps - 1 && !r->matched)
            r->matched = k + 1;
    }
    return r->matched != 0;
}

/* xi_next_record: advance the reader to the next record. */
static gcx_status xi_next_record(gcx_xml_reader *r, xmlNodePtr *node,
                                 gcx_error *err)
{
    xmlTextReaderPtr xr = r->xr;
    int ret, type, depth, m;

    if (r->state == XI_ON_RECORD)
        ret = xmlTextReaderNext(xr);
    else
        ret = xmlTextReaderRead(xr);
    for (;;) {
        if (GCXI_UNLIKELY(ret != 1 || r->stop)) {
            if (ret == 0 && r->e.code == GCX_OK) {
                r->state = XI_DONE;
                return GCX_OK;
            }
            return xi_report(r, err);
        }
        type = xmlTextReaderNodeType(xr);
        if (type == XML_READER_TYPE_ELEMENT) {
            depth = xmlTextReaderDepth(xr);
            if (GCXI_UNLIKELY(depth < 0 ||
                              (unsigned)depth >= r->limits.max_depth)) {
                xmlNodePtr cur = xmlTextReaderCurrentNode(xr);

                xi_fail(r, 1, GCX_E_LIMIT,
                        xi_line(r, cur), 0,
                        "elements nested deeper than %u levels",
                        r->limits.max_depth);
                return xi_report(r, err);
            }
            if ((size_t)depth < r->nsteps) {
                xmlNodePtr cur = xmlTextReaderCurrentNode(xr);

                m = cur && (depth == 0 || r->match[depth - 1]) &&
                    xi_step_match(&r->steps[depth], cur);
                r->match[depth] = (unsigned char)m;
                if (m && (size_t)depth == r->nsteps - 1) {
                    r->matched = 0;
                    if (xi_record(r, depth, node) < 0)
                        return xi_report(r, err);
                    r->state = XI_ON_RECORD;
                    return GCX_OK;
                }
            }
            if (GCXI_UNLIKELY(r->nctx != 0) &&
                xi_context_match(r, depth) &&
                r->matched != 0) {
                if (xi_record(r, depth, node) < 0)
                    return xi_report(r, err);
                r->nrec--;
                r->state = XI_ON_RECORD;
                return GCX_OK;
            }
        } else if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
            xi_note_dtd(r);
        }
        ret = xmlTextReaderRead(xr);
    }
}

/* xi_whole: parse the whole input into a document. */
static gcx_status xi_whole(gcx_xml_reader *r, xmlNodePtr *node,
                           gcx_error *err)
{
    xmlParserCtxtPtr ctxt;
    xmlDocPtr doc;
    xmlNodePtr root;
    xmlDtdPtr dtd;

    ctxt = xmlCreateIOParserCtxt(NULL, NULL, xi_read, NULL, r,
                                 XML_CHAR_ENCODING_NONE);
    if (!ctxt) {
        xi_fail(r, 1, GCX_E_NOMEM, 0, 0, "out of memory");
        return xi_report(r, err);
    }
    ctxt->_private = r;
    if (ctxt->input && !ctxt->input->filename)
        ctxt->input->filename = (char *)xmlStrdup((const xmlChar *)r->name);
    xmlCtxtUseOptions(ctxt, XI_PARSE_OPTIONS |
                            (r->skip_blanks ? XML_PARSE_NOBLANKS : 0));
    r->ctxt = ctxt;
    xmlParseDocument(ctxt);
    r->ctxt = NULL;
    doc = ctxt->myDoc;
    ctxt->myDoc = NULL;
    if (!ctxt->wellFormed && r->e.code == GCX_OK) {
        xi_fail(r, 1, GCX_E_SYNTAX, 0, 0, "document is not well-formed");
    }
    xmlFreeParserCtxt(ctxt);
    if (r->e.code != GCX_OK || !doc) {
        xmlFreeDoc(doc);
        return xi_report(r, err);
    }
    dtd = doc->intSubset;
    if (dtd && ((dtd->entities &&
                 xmlHashSize((xmlHashTablePtr)dtd->entities) > 0) ||
                (dtd->pentities &&
                 xmlHashSize((xmlHashTablePtr)dtd->pentities) > 0)))
        r->has_entities = 1;
    r->rec_line = 1;
    root = xmlDocGetRootElement(doc);
    if (root && xi_check_tree(r, root, 1, r->delivered) != 0) {
        xmlFreeDoc(doc);
        return xi_report(r, err);
    }
    r->doc = doc;
    r->nrec = 1;
    r->line = 1;
    r->state = XI_ON_RECORD;
    *node = (xmlNodePtr)doc;
    return GCX_OK;
}

gcx_status gcx_xml_reader_next(gcx_xml_reader *r, xmlNodePtr *node,
                               gcx_error *err)
{
    xi_saved saved;
    gcx_status st;

    *node = NULL;
    if (r->state == XI_FAILED) {
        if (err)
            *err = r->e;
        return r->e.code;
    }
    if (r->state == XI_DONE)
        return GCX_OK;
    if (r->stop)
        return xi_report(r, err);
    xi_enter(r, &saved);
    if (r->steps) {
        st = xi_next_record(r, node, err);
    } else if (r->state == XI_START) {
        st = xi_whole(r, node, err);
    } else {
        xmlFreeDoc(r->doc);
        r->doc = NULL;
        r->state = XI_DONE;
        st = GCX_OK;
    }
    xi_leave(&saved);
    return st;
}

size_t gcx_xml_reader_context(const gcx_xml_reader *r)
{
    return r->matched;
}

unsigned long long gcx_xml_reader_record(const gcx_xml_reader *r)
{
    return r->nrec;
}

unsigned long gcx_xml_reader_line(const gcx_xml_reader *r)
{
    return r->line;
}

void gcx_xml_reader_free(gcx_xml_reader *r)
{
    size_t i;

    if (!r)
        return;
    if (r->xr) {
        xi_saved saved;

        xi_enter(r, &saved);
        xmlFreeTextReader(r->xr);
        xi_leave(&saved);
    }
    xmlFreeDoc(r->doc);
    for (i = 0; i < r->nbind; i++)
        gcx_free(r->bind_copy[i]);
    gcx_free(r->bind_copy);
    gcx_free(r->path_copy);
    gcx_free(r->steps);
    gcx_free(r->match);
    for (i = 0; i < r->nctx; i++) {
        gcx_free(r->ctx[i].copy);
        gcx_free(r->ctx[i].steps);
        gcx_free(r->ctx[i].match);
    }
    gcx_free(r->ctx);
    gcx_free(r);
}
