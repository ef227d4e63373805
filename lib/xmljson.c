/* lib/xmljson.c - the lossless XML <-> JSON convention (gcx/xmljson.h).
 *
 * XML to JSON walks a libxml2 tree into a gcx_jw, allocating nothing per
 * node; JSON to XML checks a gcx_json value while writing it with gcx_xw
 * and reports the first violation by its JSON Pointer. Neither recurses.
 */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>

#include <libxml/tree.h>
#include <libxml/dict.h>
#include <gcx/xmljson.h>
#include "json_out_inline.h"

#define XML_NS_URI "http://www.w3.org/XML/1998/namespace"
#define XMLNS_NS_URI "http://www.w3.org/2000/xmlns/"

/* Elements nested deeper than this are refused when writing XML. */
#define XMLJSON_MAX_DEPTH 10000u

/* Names up to this many bytes are built on the stack. */
#define NAME_STACK 256

/* =================================================== XML to JSON */

typedef struct xctx {
    gcx_jw *w;
    gcx_xmljson_options opt;
    gcx_status st;          /* first failure of our own */
    const char *why;        /* its message */
    gcx_buf text;           /* merged text runs and attribute values */
    gcx_buf cdata;          /* merged CDATA runs (two of them) */
    gcx_buf cdata2;
    gcx_buf name;           /* names too long for the stack */
} xctx;

/* A run of adjacent text (or CDATA) nodes, merged into one string. The
 * common single-node run points at the node's content; a longer run is
 * copied into buf. */
typedef struct run {
    const char *s;
    size_t len;
    int used;               /* the run has at least one node */
    int in_buf;             /* the text is in buf */
    gcx_buf *buf;
} run;

static void x_fail(xctx *c, gcx_status st, const char *why)
{
    if (!c->st) {
        c->st = st;
        c->why = why;
    }
}

static int x_stopped(const xctx *c)
{
    return c->st || c->w->status;
}

static size_t xlen(const xmlChar *s)
{
    return s ? strlen((const char *)s) : 0;
}

/* put_name: write the concatenation of up to four strings (NULL ones
 * are skipped) as a key (as_key) or a string value. */
static void put_name(xctx *c, int as_key, const char *a, const char *b,
                     const char *d, const char *e)
{
    const char *part[4];
    size_t plen[4], n = 0, i, k = 0;
    char stack[NAME_STACK];
    char *p = stack, *o;

    part[0] = a;
    part[1] = b;
    part[2] = d;
    part[3] = e;
    for (i = 0; i < 4; i++) {
        plen[i] = part[i] ? strlen(part[i]) : 0;
        n += plen[i];
        if (plen[i])
            k++;
    }
    if (k == 1) {
        /* one piece (an unprefixed name): no need to copy it */
        for (i = 0; !plen[i]; i++)
            ;
        p = (char *)part[i];
    } else if (n > sizeof stack) {
        gcx_buf_reset(&c->name);
        if (gcx_buf_reserve(&c->name, n)) {
            x_fail(c, GCX_E_NOMEM, "out of memory");
            return;
        }
        p = c->name.data;
    }
    if (k != 1) {
        o = p;
        for (i = 0; i < 4; i++) {
            if (plen[i])
                memcpy(o, part[i], plen[i]);
            o += plen[i];
        }
    }
    if (as_key)
        gcx_jw_key(c->w, p, n);
    else
        gcx_jw_string(c->w, p, n);
}

/* The name cache (gcx_xmljson_names): each slot keeps the escaped,
 * quoted JSON form of "lead prefix:local" for a pair of pointers into
 * one libxml2 dictionary, where equal pointers mean equal names. The
 * cache holds a reference on that dictionary, so it cannot be freed and
 * its addresses reused behind the cache's back; a node from another
 * dictionary empties the cache first. */
#define NAME_CACHE_SLOTS 512
#define NAME_CACHE_JSON 136

typedef struct name_slot {
    const void *prefix_p, *local_p;
    char lead;
    unsigned char jlen;      /* 0: empty slot */
    char json[NAME_CACHE_JSON];
} name_slot;

struct gcx_xmljson_names {
    xmlDictPtr dict;         /* referenced: it cannot be freed (and its
                                address reused) while cached here */
    name_slot slot[NAME_CACHE_SLOTS];
};

gcx_xmljson_names *gcx_xmljson_names_new(void)
{
    return gcx_calloc(1, sizeof(gcx_xmljson_names));
}

void gcx_xmljson_names_free(gcx_xmljson_names *names)
{
    if (names && names->dict)
        xmlDictFree(names->dict);
    gcx_free(names);
}

/* name_cached: the slot holding lead+prefix:local for node's dictionary,
 * filled on a miss; NULL when the name is too long or needs escaping. */
static const name_slot *name_cached(gcx_xmljson_names *nc, xmlNodePtr node,
                                    const char *lead, const char *prefix,
                                    const char *local)
{
    xmlDictPtr dict = node->doc ? node->doc->dict : NULL;
    uintptr_t h = ((uintptr_t)prefix * 31u) ^ ((uintptr_t)local >> 3);
    char l = lead ? lead[0] : '\0';
    name_slot *e;
    size_t pl, ll, i;
    char *o;

    if (!dict)
        return NULL; /* names not interned: pointers say nothing */
    if (nc->dict != dict) {
        if (xmlDictReference(dict) != 0)
            return NULL;
        if (nc->dict)
            xmlDictFree(nc->dict);
        memset(nc->slot, 0, sizeof nc->slot);
        nc->dict = dict;
    }
    h ^= (uintptr_t)(unsigned char)l;
    e = &nc->slot[(h ^ (h >> 11)) % NAME_CACHE_SLOTS];
    if (GCXI_LIKELY(e->jlen && e->prefix_p == prefix &&
                    e->local_p == local && e->lead == l))
        return e;
    if (lead && lead[0] && lead[1])
        return NULL;
    pl = prefix ? strlen(prefix) : 0;
    ll = strlen(local);
    if (pl + ll + 5 > NAME_CACHE_JSON)
        return NULL;
    for (i = 0; i < ll; i++)
        if ((unsigned char)local[i] < 0x20 || local[i] == '"' ||
            local[i] == '\\')
            return NULL; /* not a name libxml2 accepts; take the slow way */
    for (i = 0; i < pl; i++)
        if ((unsigned char)prefix[i] < 0x20 || prefix[i] == '"' ||
            prefix[i] == '\\')
            return NULL;
    o = e->json;
    *o++ = '"';
    if (l)
        *o++ = l;
    if (pl) {
        memcpy(o, prefix, pl);
        o += pl;
        *o++ = ':';
    }
    memcpy(o, local, ll);
    o += ll;
    *o++ = '"';
    e->jlen = (unsigned char)(o - e->json);
    e->prefix_p = prefix;
    e->local_p = local;
    e->lead = l;
    return e;
}

/* put_qname: lead + "prefix:" + local. */
static void put_qname(xctx *c, int as_key, const char *lead,
                      xmlNodePtr node, xmlNsPtr ns, const xmlChar *local)
{
    const char *prefix = ns && ns->prefix ? (const char *)ns->prefix : NULL;
    const name_slot *e = c->opt.names
                             ? name_cached(c->opt.names, node, lead, prefix,
                                           (const char *)local)
                             : NULL;

    if (e && as_key)
        gcxi_jw_raw_key(c->w, e->json, e->jlen);
    else if (e)
        gcxi_jw_raw_string(c->w, e->json, e->jlen);
    else
        put_name(c, as_key, lead, prefix, prefix ? ":" : NULL,
                 (const char *)local);
}

/* real_decl: ns is a declaration from the document. libxml2 makes up
 * declarations without a URI, or binding a prefix to "", for prefixes it
 * cannot resolve in the markup of an entity's text; XML 1.0 cannot write
 * them, and neither libxml2's serialiser nor C14N does, so neither do
 * we. */
static int real_decl(xmlNsPtr ns)
{
    return ns->href && (ns->href[0] || !ns->prefix);
}

/* put_nsdecl: the member for one namespace declaration. */
static void put_nsdecl(xctx *c, xmlNsPtr ns)
{
    const char *prefix = (const char *)ns->prefix;
    const char *href = (const char *)ns->href;

    put_name(c, 1, "@xmlns", prefix ? ":" : NULL, prefix, NULL);
    gcx_jw_string(c->w, href, strlen(href));
}

static int same_prefix(const xmlChar *a, const xmlChar *b)
{
    if (!a || !b)
        return a == b;
    return strcmp((const char *)a, (const char *)b) == 0;
}

/* declared_below: prefix is declared on el or an ancestor of el below
 * stop (stop excluded). */
static int declared_below(xmlNodePtr el, xmlNodePtr stop,
                          const xmlChar *prefix)
{
    xmlNsPtr ns;

    for (; el && el != stop; el = el->parent)
        for (ns = el->nsDef; ns; ns = ns->next)
            if (real_decl(ns) && same_prefix(ns->prefix, prefix))
                return 1;
    return 0;
}

/* put_inherited: the declarations in scope on el that come from its
 * ancestors, nearest first, so that a record stands alone. An
 * undeclaration (xmlns="") hides the outer default and is not written. */
static void put_inherited(xctx *c, xmlNodePtr el)
{
    xmlNodePtr anc;
    xmlNsPtr ns;

    for (anc = el->parent; anc && anc->type == XML_ELEMENT_NODE;
         anc = anc->parent)
        for (ns = anc->nsDef; ns; ns = ns->next) {
            if (ns->prefix && strcmp((const char *)ns->prefix, "xml") == 0)
                continue;
            if (!ns->href || !ns->href[0])
                continue;
            if (declared_below(el, anc, ns->prefix))
                continue;
            put_nsdecl(c, ns);
        }
}

/* append_content: append the text of node (an entity reference or other
 * rare node inside text or an attribute value) to b. */
static void append_content(xctx *c, gcx_buf *b, xmlNodePtr node)
{
    xmlBufferPtr tmp;

    if (node->type == XML_TEXT_NODE ||
        node->type == XML_CDATA_SECTION_NODE) {
        if (gcx_buf_append(b, node->content, xlen(node->content)))
            x_fail(c, GCX_E_NOMEM, "out of memory");
        return;
    }
    tmp = xmlBufferCreate();
    if (!tmp) {
        x_fail(c, GCX_E_NOMEM, "out of memory");
        return;
    }
    xmlNodeBufGetContent(tmp, node);
    if (gcx_buf_append(b, xmlBufferContent(tmp),
                       (size_t)xmlBufferLength(tmp)))
        x_fail(c, GCX_E_NOMEM, "out of memory");
    xmlBufferFree(tmp);
}

static void put_attr_value(xctx *c, xmlAttrPtr a)
{
    xmlNodePtr t = a->children;

    if (!t) {
        gcx_jw_string(c->w, "", 0);
    } else if (!t->next && t->type == XML_TEXT_NODE) {
        gcx_jw_string(c->w, (const char *)t->content, xlen(t->content));
    } else {
        gcx_buf_reset(&c->text);
        for (; t; t = t->next)
            append_content(c, &c->text, t);
        gcx_jw_string(c->w, c->text.data ? c->text.data : "",
                      c->text.len);
    }
}

static void run_clear(run *r)
{
    r->used = 0;
    r->in_buf = 0;
    r->len = 0;
}

/* run_put: add len bytes at s to r. stable: s stays valid during the
 * walk (node content), so a run of one piece need not be copied. */
static void run_put(xctx *c, run *r, const char *s, size_t len, int stable)
{
    if (!r->used && stable) {
        r->s = s;
        r->len = len;
        r->used = 1;
        return;
    }
    if (!r->in_buf) {
        gcx_buf_reset(r->buf);
        if (r->used && gcx_buf_append(r->buf, r->s, r->len)) {
            x_fail(c, GCX_E_NOMEM, "out of memory");
            return;
        }
        r->in_buf = 1;
    }
    r->used = 1;
    if (gcx_buf_append(r->buf, s, len))
        x_fail(c, GCX_E_NOMEM, "out of memory");
}

/* run_add: add node's text to r. */
static void run_add(xctx *c, run *r, xmlNodePtr node)
{
    if (node->type == XML_TEXT_NODE ||
        node->type == XML_CDATA_SECTION_NODE) {
        run_put(c, r, node->content ? (const char *)node->content : "",
                xlen(node->content), 1);
        return;
    }
    /* an entity reference: its text, copied into the run's buffer */
    run_put(c, r, "", 0, 0);
    append_content(c, r->buf, node);
}

static const char *run_data(const run *r)
{
    if (!r->in_buf)
        return r->s;
    return r->buf->data ? r->buf->data : "";
}

static size_t run_len(const run *r)
{
    return r->in_buf ? r->buf->len : r->len;
}

/* run_move: append src to dst and clear src (buffers are swapped, not
 * copied, when dst is empty). */
static void run_move(xctx *c, run *dst, run *src)
{
    run t;

    if (!dst->used) {
        t = *dst;
        *dst = *src;
        *src = t;
    } else {
        run_put(c, dst, run_data(src), run_len(src), 0);
    }
    run_clear(src);
}

/* has_cdata_end: s contains "]]>". */
static int has_cdata_end(const char *s, size_t n)
{
    const char *p = s, *end = s + n;

    while (end - p >= 3 && (p = memchr(p, ']', (size_t)(end - p - 2)))) {
        if (p[1] == ']' && p[2] == '>')
            return 1;
        p++;
    }
    return 0;
}

static int all_space(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return 0;
    return 1;
}

/* What a child node becomes. */
enum {
    K_END, K_SKIP, K_TEXT, K_CDATA, K_ELEMENT, K_COMMENT, K_PI, K_BAD
};

static int node_kind(const xctx *c, xmlNodePtr n)
{
    switch (n->type) {
    case XML_ELEMENT_NODE:
        return K_ELEMENT;
    case XML_TEXT_NODE:
    case XML_ENTITY_REF_NODE:
        return K_TEXT;
    case XML_CDATA_SECTION_NODE:
        return K_CDATA;
    case XML_COMMENT_NODE:
        return c->opt.drop_comments ? K_SKIP : K_COMMENT;
    case XML_PI_NODE:
        return c->opt.drop_pis ? K_SKIP : K_PI;
    case XML_DTD_NODE:
    case XML_XINCLUDE_START:
    case XML_XINCLUDE_END:
        return K_SKIP;
    default:
        return K_BAD;
    }
}

static void put_string_member(xctx *c, const char *key, const char *s)
{
    gcx_jw_key(c->w, key, strlen(key));
    gcx_jw_string(c->w, s ? s : "", s ? strlen(s) : 0);
}

static void put_comment(xctx *c, xmlNodePtr n)
{
    gcxi_jw_begin_object(c->w);
    put_string_member(c, "#comment", (const char *)n->content);
    gcxi_jw_end_object(c->w);
}

static void put_pi(xctx *c, xmlNodePtr n)
{
    gcxi_jw_begin_object(c->w);
    put_string_member(c, "#pi", (const char *)n->name);
    if (n->content && n->content[0])
        put_string_member(c, "#data", (const char *)n->content);
    gcxi_jw_end_object(c->w);
}

static void emit_cdata(xctx *c, run *r)
{
    if (!r->used)
        return;
    gcxi_jw_begin_object(c->w);
    gcx_jw_key(c->w, "#cdata", 6);
    gcx_jw_string(c->w, run_data(r), run_len(r));
    gcxi_jw_end_object(c->w);
    run_clear(r);
}

/* put_layout_text: the indentation of pretty-printed XML ("\n" then
 * spaces), the most common text there is, written without the general
 * escaper; 0 when s is not of that shape (or too long). */
static int put_layout_text(xctx *c, const char *s, size_t len)
{
    char q[72];
    size_t i;

    if (len < 1 || len > 64 || s[0] != '\n')
        return 0;
    for (i = 1; i < len; i++)
        if (s[i] != ' ')
            return 0;
    q[0] = '"';
    q[1] = '\\';
    q[2] = 'n';
    memset(q + 3, ' ', len - 1);
    q[len + 2] = '"';
    gcxi_jw_raw_string(c->w, q, len + 3);
    return 1;
}

static void emit_text(xctx *c, run *r)
{
    const char *s = run_data(r);
    size_t len = run_len(r);

    if (!put_layout_text(c, s, len))
        gcx_jw_string(c->w, s, len);
    run_clear(r);
}

static int has_element_child(xmlNodePtr n)
{
    for (; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            return 1;
    return 0;
}

/* open_element: write the start of el's object, up to the "[" of its
 * "#children". 0 when the output cannot go on. */
static int open_element(xctx *c, xmlNodePtr el, int record)
{
    xmlNsPtr ns;
    xmlAttrPtr a;

    /* an element takes two levels (object and "#children" array) */
    if (c->w->depth + 3 >= GCX_JW_MAX_DEPTH) {
        x_fail(c, GCX_E_LIMIT, "elements are nested too deeply for JSON");
        return 0;
    }
    gcxi_jw_begin_object(c->w);
    gcxi_jw_raw_key(c->w, "\"#name\"", 7);
    put_qname(c, 0, NULL, el, el->ns, el->name);
    for (ns = el->nsDef; ns; ns = ns->next)
        if (real_decl(ns))
            put_nsdecl(c, ns);
    if (record)
        put_inherited(c, el);
    for (a = el->properties; a; a = a->next) {
        put_qname(c, 1, "@", el, a->ns, a->name);
        put_attr_value(c, a);
    }
    gcxi_jw_raw_key(c->w, "\"#children\"", 11);
    gcxi_jw_begin_array(c->w);
    return !x_stopped(c);
}

static void close_element(xctx *c)
{
    gcxi_jw_end_array(c->w);
    gcxi_jw_end_object(c->w);
}

/* The children of one parent are written from runs: adjacent text
 * nodes (and entity references) merge into one string, adjacent CDATA
 * sections into one CDATA object; dropped nodes are transparent. Text
 * that is empty, or only white space under strip_space, is left out, and
 * the CDATA on either side of it merges. libxml2 merges adjacent CDATA
 * sections itself, so a section may contain "]]>", which no section can
 * be written with: such a run becomes text (C14N makes CDATA text
 * anyway). So the output never has adjacent strings or CDATA objects.
 *
 * Pending output, in document order: pc, clean CDATA not written yet;
 * s, text after it; cc, the CDATA run being read. */
typedef struct pending {
    run pc, s, cc;
    xmlNodePtr parent;
    int has_elem;           /* parent has an element child (-1: unknown) */
} pending;

static int text_dropped(xctx *c, pending *p)
{
    size_t len = run_len(&p->s);

    if (len == 0)
        return 1;
    if (!c->opt.strip_space || !all_space(run_data(&p->s), len))
        return 0;
    if (p->has_elem < 0)
        p->has_elem = has_element_child(p->parent->children);
    return p->has_elem;
}

/* settle_text: the text run is complete and clean CDATA follows (or the
 * parent's runs end): write pc and s, or leave s out. */
static void settle_text(xctx *c, pending *p)
{
    if (!p->s.used)
        return;
    if (text_dropped(c, p)) {
        run_clear(&p->s);
        return;
    }
    emit_cdata(c, &p->pc);
    emit_text(c, &p->s);
}

/* settle_cdata: the CDATA run cc is complete. */
static void settle_cdata(xctx *c, pending *p)
{
    if (!p->cc.used)
        return;
    if (has_cdata_end(run_data(&p->cc), run_len(&p->cc))) {
        run_move(c, &p->s, &p->cc);
        return;
    }
    settle_text(c, p);
    run_move(c, &p->pc, &p->cc);
}

/* settle_all: a node other than text or CDATA comes, or the end. */
static void settle_all(xctx *c, pending *p)
{
    settle_cdata(c, p);
    settle_text(c, p);
    emit_cdata(c, &p->pc);
}

/* put_tree: the element root and everything in it, walked with the
 * tree's own parent links instead of recursion. */
static void put_tree(xctx *c, xmlNodePtr root)
{
    pending p;
    xmlNodePtr n;
    int kind;

    p.pc.buf = &c->cdata;
    p.s.buf = &c->text;
    p.cc.buf = &c->cdata2;
    run_clear(&p.pc);
    run_clear(&p.s);
    run_clear(&p.cc);
    p.parent = root;
    p.has_elem = -1;
    if (!open_element(c, root, 1))
        return;
    n = root->children;
    for (;;) {
        kind = n ? node_kind(c, n) : K_END;
        if (kind == K_SKIP) {
            n = n->next;
            continue;
        }
        if (kind == K_TEXT) {
            settle_cdata(c, &p);
            run_add(c, &p.s, n);
            n = n->next;
            continue;
        }
        if (kind == K_CDATA) {
            run_add(c, &p.cc, n);
            n = n->next;
            continue;
        }
        settle_all(c, &p);
        if (x_stopped(c))
            return;
        switch (kind) {
        case K_END:
            close_element(c);
            if (p.parent == root)
                return;
            n = p.parent->next;
            p.parent = p.parent->parent;
            p.has_elem = 1;
            continue;
        case K_ELEMENT:
            if (!open_element(c, n, 0))
                return;
            p.parent = n;
            p.has_elem = -1;
            n = n->children;
            continue;
        case K_COMMENT:
            put_comment(c, n);
            break;
        case K_PI:
            put_pi(c, n);
            break;
        default:
            x_fail(c, GCX_E_INTERNAL, "unexpected XML node type");
            return;
        }
        n = n->next;
    }
}

static void put_document(xctx *c, xmlNodePtr doc)
{
    xmlNodePtr n;

    gcxi_jw_begin_object(c->w);
    gcx_jw_key(c->w, "#document", 9);
    gcxi_jw_begin_array(c->w);
    for (n = doc->children; n && !x_stopped(c); n = n->next) {
        switch (node_kind(c, n)) {
        case K_SKIP:
            break;
        case K_ELEMENT:
            put_tree(c, n);
            break;
        case K_COMMENT:
            put_comment(c, n);
            break;
        case K_PI:
            put_pi(c, n);
            break;
        case K_TEXT:
            if (n->type == XML_TEXT_NODE &&
                all_space((const char *)n->content, xlen(n->content)))
                break;
            /* fall through */
        default:
            x_fail(c, GCX_E_INTERNAL,
                   "unexpected node at the top level of a document");
        }
    }
    gcxi_jw_end_array(c->w);
    gcxi_jw_end_object(c->w);
}

gcx_status gcx_xml_to_json(gcx_jw *w, xmlNodePtr node,
                           const gcx_xmljson_options *opt, gcx_error *err)
{
    xctx c;
    gcx_status st;

    if (w->status)
        return gcx_error_set(err, w->status, "cannot write JSON: %s",
                             gcx_status_text(w->status));
    if (!node)
        return gcx_error_set(err, GCX_E_USAGE, "no XML node to convert");
    memset(&c, 0, sizeof c);
    c.w = w;
    if (opt)
        c.opt = *opt;
    gcx_buf_init(&c.text, 0);
    gcx_buf_init(&c.cdata, 0);
    gcx_buf_init(&c.cdata2, 0);
    gcx_buf_init(&c.name, 0);
    switch (node->type) {
    case XML_ELEMENT_NODE:
        put_tree(&c, node);
        break;
    case XML_DOCUMENT_NODE:
    case XML_HTML_DOCUMENT_NODE:
        put_document(&c, node);
        break;
    default:
        x_fail(&c, GCX_E_INTERNAL,
               "only an element or a document can be converted");
    }
    gcx_buf_free(&c.text);
    gcx_buf_free(&c.cdata);
    gcx_buf_free(&c.cdata2);
    gcx_buf_free(&c.name);
    if (c.st)
        return gcx_error_set(err, c.st, "%s", c.why);
    st = w->status;
    if (st)
        return gcx_error_set(err, st, "cannot write JSON: %s",
                             gcx_status_text(st));
    return GCX_OK;
}

/* =================================================== JSON to XML */

/* Where a value sits: a chain of frames on the C stack, from the value
 * up to the root, turned into a JSON Pointer only when reporting. */
typedef struct frame {
    const struct frame *up;
    const char *key;        /* member key, or NULL for an array index */
    size_t key_len;
    size_t index;
} frame;

/* A namespace binding in scope (prefix_len 0: the default namespace). */
typedef struct binding {
    const char *prefix;
    size_t prefix_len;
    const char *uri;
    size_t uri_len;
} binding;

/* An open element: its object, its children and how far they are
 * written. */
typedef struct level {
    const gcx_json *obj;
    const gcx_json *kids;   /* the "#children" array, or NULL */
    size_t next;            /* the next item of kids to write */
    size_t ns_mark;         /* bindings to keep when the element ends */
    int prev;               /* P_*: what the last child written was */
    int has_elem;           /* kids has an element (-1: not known yet) */
    frame at;               /* where obj is */
    frame kids_at;          /* where kids is */
} level;

typedef struct jctx {
    gcx_xw *w;
    gcx_xmljson_options opt;
    gcx_error *err;
    binding *ns;            /* bindings in scope, innermost last */
    size_t nns, cap;
    level *lv;              /* open elements, outermost first */
    size_t nlv, lvcap;
    const frame *base;      /* where the outermost element's place hangs */
} jctx;

/* What the previous child was, to refuse what XML would merge. */
enum { P_OTHER, P_TEXT, P_CDATA };

/* Kinds of object in the convention. */
enum { O_ELEMENT, O_CDATA, O_COMMENT, O_PI, O_DOCUMENT };

/* Shown in messages: a name cut to a readable length. */
#define SHOW_MAX 80
#define SHOW(len) ((int)((len) < SHOW_MAX ? (len) : SHOW_MAX))

/* The frame of the outermost value: it adds nothing to the pointer. */
#define ROOT_INDEX ((size_t)-1)

/* seg_len: bytes of the pointer segment of f ("/" and escaped key). */
static size_t seg_len(const frame *f)
{
    size_t n = 1, i, x;

    if (!f->key && f->index == ROOT_INDEX)
        return 0;
    if (!f->key) {
        for (x = f->index; x >= 10; x /= 10)
            n++;
        return n + 1;
    }
    for (i = 0; i < f->key_len; i++)
        n += (f->key[i] == '~' || f->key[i] == '/') ? 2 : 1;
    return n;
}

static void put_at(char *path, size_t pos, char ch)
{
    if (pos < GCX_ERROR_PATH_MAX - 1)
        path[pos] = ch;
}

/* set_pointer: err->path = the RFC 6901 JSON Pointer of f (cut at the
 * field's size). */
static void set_pointer(gcx_error *err, const frame *f)
{
    char path[GCX_ERROR_PATH_MAX];
    size_t total = 0, pos, i, n;
    const frame *g;

    for (g = f; g; g = g->up)
        total += seg_len(g);
    pos = total;
    for (g = f; g; g = g->up) {
        n = seg_len(g);
        if (n == 0)
            continue;
        pos -= n;
        put_at(path, pos, '/');
        if (!g->key) {
            size_t x = g->index, k = n - 1;

            do {
                put_at(path, pos + k--, (char)('0' + x % 10));
                x /= 10;
            } while (x);
            continue;
        }
        for (i = 0, n = pos + 1; i < g->key_len; i++) {
            char ch = g->key[i];

            if (ch == '~' || ch == '/') {
                put_at(path, n++, '~');
                ch = ch == '~' ? '0' : '1';
            }
            put_at(path, n++, ch);
        }
    }
    path[total < GCX_ERROR_PATH_MAX - 1 ? total : GCX_ERROR_PATH_MAX - 1] =
        '\0';
    gcx_error_set_path(err, path);
}

/* locate: add the place of v (at f) to an error already in err. */
static gcx_status locate(jctx *c, const frame *f, const gcx_json *v,
                         gcx_status st)
{
    if (c->err) {
        set_pointer(c->err, f);
        if (v && v->line)
            gcx_error_at(c->err, NULL, v->line, v->column);
    }
    return st;
}

static gcx_status fail(jctx *c, const frame *f, const gcx_json *v,
                       gcx_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static gcx_status fail(jctx *c, const frame *f, const gcx_json *v,
                       gcx_status code, const char *fmt, ...)
{
    va_list ap;

    if (c->err) {
        va_start(ap, fmt);
        gcx_error_setv(c->err, code, fmt, ap);
        va_end(ap);
    }
    return locate(c, f, v, code);
}

static int key_is(const gcx_json_member *m, const char *key)
{
    size_t n = strlen(key);

    return m->key_len == n && memcmp(m->key, key, n) == 0;
}

static int object_kind(const gcx_json *o)
{
    size_t i;

    for (i = 0; i < o->len; i++) {
        const gcx_json_member *m = &o->u.members[i];

        if (key_is(m, "#cdata"))
            return O_CDATA;
        if (key_is(m, "#comment"))
            return O_COMMENT;
        if (key_is(m, "#pi"))
            return O_PI;
        if (key_is(m, "#document"))
            return O_DOCUMENT;
    }
    return O_ELEMENT;
}

static const char *kind_name(int kind)
{
    switch (kind) {
    case O_CDATA:
        return "a CDATA object";
    case O_COMMENT:
        return "a comment object";
    case O_PI:
        return "a processing instruction object";
    case O_DOCUMENT:
        return "a document object";
    default:
        return "an element object";
    }
}

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static int all_space_json(const gcx_json *v)
{
    return all_space(v->u.text, v->len);
}

/* ----------------------------------------------------- namespaces */

static int str_is(const char *s, size_t n, const char *lit)
{
    return n == strlen(lit) && memcmp(s, lit, n) == 0;
}

/* lookup: the URI bound to prefix, or NULL when it is not declared. */
static const binding *lookup(const jctx *c, const char *prefix, size_t n)
{
    size_t i = c->nns;

    while (i-- > 0)
        if (c->ns[i].prefix_len == n &&
            memcmp(c->ns[i].prefix, prefix, n) == 0)
            return &c->ns[i];
    return NULL;
}

/* resolve: the binding of a declared prefix ("xml" included), or NULL. */
static const binding *resolve(const jctx *c, const char *prefix, size_t n)
{
    static const binding xml = {"xml", 3, XML_NS_URI,
                                sizeof XML_NS_URI - 1};

    if (str_is(prefix, n, "xml"))
        return &xml;
    return lookup(c, prefix, n);
}

static gcx_status bind(jctx *c, const char *prefix, size_t plen,
                       const char *uri, size_t ulen)
{
    if (c->nns == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        binding *b = gcx_realloc(c->ns, cap * sizeof *b);

        if (!b)
            return GCX_E_NOMEM;
        c->ns = b;
        c->cap = cap;
    }
    c->ns[c->nns].prefix = prefix;
    c->ns[c->nns].prefix_len = plen;
    c->ns[c->nns].uri = uri;
    c->ns[c->nns].uri_len = ulen;
    c->nns++;
    return GCX_OK;
}

/* nsdecl_prefix: for "@xmlns" (1, *plen 0) or "@xmlns:P" (1, P): the
 * prefix declared; 0 when m is not a namespace declaration. */
static int nsdecl_prefix(const gcx_json_member *m, const char **prefix,
                         size_t *plen)
{
    if (m->key_len == 6 && memcmp(m->key, "@xmlns", 6) == 0) {
        *prefix = "";
        *plen = 0;
        return 1;
    }
    if (m->key_len > 7 && memcmp(m->key, "@xmlns:", 7) == 0) {
        *prefix = m->key + 7;
        *plen = m->key_len - 7;
        return 1;
    }
    return 0;
}

/* declare: check a namespace declaration member and bind its prefix. */
static gcx_status declare(jctx *c, const gcx_json_member *m, const frame *f)
{
    const char *p, *uri = m->value->u.text;
    size_t plen, ulen = m->value->len;

    nsdecl_prefix(m, &p, &plen);
    if (str_is(p, plen, "xmlns"))
        return fail(c, f, m->value, GCX_E_INVALID,
                    "the prefix \"xmlns\" cannot be declared");
    if (str_is(p, plen, "xml"))
        return fail(c, f, m->value, GCX_E_INVALID,
                    "the prefix \"xml\" is predeclared; leave "
                    "\"@xmlns:xml\" out");
    if (plen > 0 && ulen == 0)
        return fail(c, f, m->value, GCX_E_INVALID,
                    "a namespace prefix cannot be undeclared in XML 1.0 "
                    "(\"%.*s\" is empty)", SHOW(m->key_len), m->key);
    if (str_is(uri, ulen, XML_NS_URI) || str_is(uri, ulen, XMLNS_NS_URI))
        return fail(c, f, m->value, GCX_E_INVALID,
                    "the namespace \"%s\" is reserved and cannot be "
                    "declared", uri);
    if (bind(c, p, plen, uri, ulen))
        return fail(c, f, m->value, GCX_E_NOMEM, "out of memory");
    return GCX_OK;
}

/* split: the prefix of a QName (length 0 when there is none). */
static size_t prefix_len(const char *qname, size_t n)
{
    const char *colon = memchr(qname, ':', n);

    return colon ? (size_t)(colon - qname) : 0;
}

/* check_prefix: the prefix of qname (an element name, or an attribute
 * name without its '@') is declared. *uri receives its URI (NULL for no
 * prefix). */
static gcx_status check_prefix(jctx *c, const char *qname, size_t n,
                               const char *what, const frame *f,
                               const gcx_json *v, const binding **uri)
{
    size_t plen = prefix_len(qname, n);

    *uri = NULL;
    if (plen == 0)
        return GCX_OK;
    if (str_is(qname, plen, "xmlns"))
        return fail(c, f, v, GCX_E_INVALID,
                    "%s \"%.*s\" cannot use the prefix \"xmlns\"", what,
                    SHOW(n), qname);
    *uri = resolve(c, qname, plen);
    if (!*uri)
        return fail(c, f, v, GCX_E_INVALID,
                    "the namespace prefix \"%.*s\" of %s \"%.*s\" is not "
                    "declared", SHOW(plen), qname, what, SHOW(n), qname);
    return GCX_OK;
}

/* ------------------------------------------------------ writing */

/* put_simple: {"#cdata": S} or {"#comment": S}. */
static gcx_status put_simple(jctx *c, const gcx_json *o, const frame *of,
                             int kind)
{
    const char *key = kind == O_CDATA ? "#cdata" : "#comment";
    const gcx_json_member *m;
    gcx_status st;
    size_t i;

    for (i = 0; i < o->len; i++) {
        frame f;

        m = &o->u.members[i];
        f.up = of;
        f.key = m->key;
        f.key_len = m->key_len;
        f.index = 0;
        if (!key_is(m, key))
            return fail(c, &f, m->value, GCX_E_INVALID,
                        "unexpected member \"%.*s\" in %s (it has only "
                        "\"%s\")", SHOW(m->key_len), m->key,
                        kind_name(kind), key);
        if (i > 0)
            return fail(c, &f, m->value, GCX_E_INVALID,
                        "duplicate member \"%s\"", key);
        if (m->value->type != GCX_JSON_STRING)
            return fail(c, &f, m->value, GCX_E_INVALID,
                        "expected a string for \"%s\", found %s", key,
                        gcx_json_type_name(m->value));
        if (kind == O_COMMENT && c->opt.drop_comments)
            return GCX_OK;
        st = kind == O_CDATA
                 ? gcx_xw_cdata(c->w, m->value->u.text, m->value->len,
                                c->err)
                 : gcx_xw_comment(c->w, m->value->u.text, m->value->len,
                                  c->err);
        if (st)
            return locate(c, &f, m->value, st);
    }
    return GCX_OK;
}

/* put_pi: {"#pi": TARGET, "#data": S} with "#data" optional. */
static gcx_status put_pi_j(jctx *c, const gcx_json *o, const frame *of)
{
    const gcx_json_member *target = NULL, *data = NULL;
    frame ft, fd, f;
    gcx_status st;
    size_t i;

    for (i = 0; i < o->len; i++) {
        const gcx_json_member *m = &o->u.members[i];
        int is_target = key_is(m, "#pi");

        f.up = of;
        f.key = m->key;
        f.key_len = m->key_len;
        f.index = 0;
        if (!is_target && !key_is(m, "#data"))
            return fail(c, &f, m->value, GCX_E_INVALID,
                        "unexpected member \"%.*s\" in a processing "
                        "instruction object (it has \"#pi\" and "
                        "\"#data\")", SHOW(m->key_len), m->key);
        if (is_target ? target != NULL : data != NULL)
            return fail(c, &f, m->value, GCX_E_INVALID,
                        "duplicate member \"%s\"",
                        is_target ? "#pi" : "#data");
        if (m->value->type != GCX_JSON_STRING)
            return fail(c, &f, m->value, GCX_E_INVALID,
                        "expected a string for \"%s\", found %s",
                        is_target ? "#pi" : "#data",
                        gcx_json_type_name(m->value));
        if (is_target) {
            target = m;
            ft = f;
        } else {
            data = m;
            fd = f;
        }
    }
    if (data && data->value->len == 0)
        return fail(c, &fd, data->value, GCX_E_INVALID,
                    "empty \"#data\": leave the member out");
    if (data && is_space(data->value->u.text[0]))
        return fail(c, &fd, data->value, GCX_E_INVALID,
                    "processing instruction data cannot begin with white "
                    "space (XML drops it)");
    if (c->opt.drop_pis)
        return GCX_OK;
    st = gcx_xw_pi(c->w, target->value->u.text, target->value->len,
                   data ? data->value->u.text : NULL,
                   data ? data->value->len : 0, c->err);
    if (st) {
        /* the writer's messages about the target name it */
        if (!data || (c->err && strstr(c->err->message, "target")))
            return locate(c, &ft, target->value, st);
        return locate(c, &fd, data->value, st);
    }
    return GCX_OK;
}

static int has_element_item(const gcx_json *arr)
{
    size_t i;

    for (i = 0; i < arr->len; i++)
        if (arr->u.items[i]->type == GCX_JSON_OBJECT &&
            object_kind(arr->u.items[i]) == O_ELEMENT)
            return 1;
    return 0;
}

/* same_expanded: attribute members m and n (prefixed, not namespace
 * declarations) have the same local name and namespace URI. */
static int same_expanded(const jctx *c, const gcx_json_member *m,
                         const gcx_json_member *n)
{
    size_t pm = prefix_len(m->key + 1, m->key_len - 1);
    size_t pn = prefix_len(n->key + 1, n->key_len - 1);
    const binding *bm, *bn;

    if (pm == 0 || pn == 0 || m->key_len - pm != n->key_len - pn ||
        memcmp(m->key + 1 + pm, n->key + 1 + pn, m->key_len - 1 - pm) != 0)
        return 0;
    bm = resolve(c, m->key + 1, pm);
    bn = resolve(c, n->key + 1, pn);
    return bm && bn && bm->uri_len == bn->uri_len &&
           memcmp(bm->uri, bn->uri, bm->uri_len) == 0;
}

static int is_attr(const gcx_json_member *m)
{
    return m->key_len > 0 && m->key[0] == '@';
}

/* put_attrs: write the "@" members of o: namespace declarations first
 * (nsdecl 1), then the others (nsdecl 0). */
static gcx_status put_attrs(jctx *c, const gcx_json *o, const frame *of,
                            int nsdecl)
{
    const binding *uri;
    const char *p;
    size_t i, j, plen;
    gcx_status st;

    for (i = 0; i < o->len; i++) {
        const gcx_json_member *m = &o->u.members[i];
        frame f;

        if (!is_attr(m) || nsdecl_prefix(m, &p, &plen) != nsdecl)
            continue;
        f.up = of;
        f.key = m->key;
        f.key_len = m->key_len;
        f.index = 0;
        if (!nsdecl) {
            st = check_prefix(c, m->key + 1, m->key_len - 1, "attribute",
                              &f, m->value, &uri);
            if (st)
                return st;
        }
        for (j = 0; j < i; j++) {
            const gcx_json_member *n = &o->u.members[j];

            if (!is_attr(n))
                continue;
            if (n->key_len == m->key_len &&
                memcmp(n->key, m->key, m->key_len) == 0)
                return fail(c, &f, m->value, GCX_E_INVALID,
                            "duplicate attribute \"%.*s\"",
                            SHOW(m->key_len), m->key);
            if (!nsdecl && !nsdecl_prefix(n, &p, &plen) &&
                same_expanded(c, m, n))
                return fail(c, &f, m->value, GCX_E_INVALID,
                            "attributes \"%.*s\" and \"%.*s\" have the "
                            "same namespace and local name",
                            SHOW(n->key_len), n->key, SHOW(m->key_len),
                            m->key);
        }
        st = gcx_xw_attr(c->w, m->key + 1, m->key_len - 1, m->value->u.text,
                         m->value->len, c->err);
        if (st)
            return locate(c, &f, m->value, st);
    }
    return GCX_OK;
}

/* relink: point the frames of levels from..nlv-1 at their parents
 * (after the stack has moved or grown). */
static void relink(jctx *c, size_t from)
{
    size_t i;

    for (i = from; i < c->nlv; i++) {
        c->lv[i].at.up = i > 0 ? &c->lv[i - 1].kids_at : c->base;
        c->lv[i].kids_at.up = &c->lv[i].at;
    }
}

static gcx_status grow_levels(jctx *c)
{
    size_t cap = c->lvcap ? c->lvcap * 2 : 32;
    level *l = gcx_realloc(c->lv, cap * sizeof *l);

    if (!l)
        return GCX_E_NOMEM;
    c->lv = l;
    c->lvcap = cap;
    relink(c, 0);
    return GCX_OK;
}

/* open_element_j: check element object o (at), write its start tag and
 * attributes, and push a level for its children. */
static gcx_status open_element_j(jctx *c, const gcx_json *o,
                                 const frame *at)
{
    const gcx_json_member *name = NULL, *children = NULL;
    frame fn, fc;
    size_t i, mark = c->nns;
    const binding *uri;
    const char *p;
    size_t plen;
    gcx_status st;
    level *l;

    if (c->nlv >= XMLJSON_MAX_DEPTH)
        return fail(c, at, o, GCX_E_LIMIT,
                    "elements nested deeper than %u levels",
                    XMLJSON_MAX_DEPTH);
    for (i = 0; i < o->len; i++) {
        const gcx_json_member *m = &o->u.members[i];
        frame f;

        f.up = at;
        f.key = m->key;
        f.key_len = m->key_len;
        f.index = 0;
        if (key_is(m, "#name")) {
            if (name)
                return fail(c, &f, m->value, GCX_E_INVALID,
                            "duplicate member \"#name\"");
            if (m->value->type != GCX_JSON_STRING)
                return fail(c, &f, m->value, GCX_E_INVALID,
                            "expected a string for \"#name\", found %s",
                            gcx_json_type_name(m->value));
            name = m;
            fn = f;
        } else if (key_is(m, "#children")) {
            if (children)
                return fail(c, &f, m->value, GCX_E_INVALID,
                            "duplicate member \"#children\"");
            if (m->value->type != GCX_JSON_ARRAY)
                return fail(c, &f, m->value, GCX_E_INVALID,
                            "expected an array for \"#children\", found %s",
                            gcx_json_type_name(m->value));
            children = m;
            fc = f;
        } else if (is_attr(m)) {
            if (m->value->type != GCX_JSON_STRING)
                return fail(c, &f, m->value, GCX_E_INVALID,
                            "expected a string for attribute \"%.*s\", "
                            "found %s", SHOW(m->key_len), m->key,
                            gcx_json_type_name(m->value));
            if (nsdecl_prefix(m, &p, &plen)) {
                st = declare(c, m, &f);
                if (st)
                    return st;
            }
        } else if (m->key_len > 0 && m->key[0] == '#') {
            return fail(c, &f, m->value, GCX_E_INVALID,
                        "unknown member \"%.*s\" in an element object",
                        SHOW(m->key_len), m->key);
        } else {
            return fail(c, &f, m->value, GCX_E_INVALID,
                        "unexpected member \"%.*s\" in an element object "
                        "(attribute names start with \"@\")",
                        SHOW(m->key_len), m->key);
        }
    }
    if (!name)
        return fail(c, at, o, GCX_E_INVALID,
                    "element object has no \"#name\"");
    st = check_prefix(c, name->value->u.text, name->value->len, "element",
                      &fn, name->value, &uri);
    if (st)
        return st;
    st = gcx_xw_start(c->w, name->value->u.text, name->value->len, c->err);
    if (st)
        return locate(c, &fn, name->value, st);
    st = put_attrs(c, o, at, 1);
    if (!st)
        st = put_attrs(c, o, at, 0);
    if (st)
        return st;
    if (c->nlv == c->lvcap && grow_levels(c))
        return fail(c, at, o, GCX_E_NOMEM, "out of memory");
    l = &c->lv[c->nlv++];
    l->obj = o;
    l->kids = children ? children->value : NULL;
    l->next = 0;
    l->ns_mark = mark;
    l->prev = P_OTHER;
    l->has_elem = -1;
    l->at = *at;
    l->kids_at = children ? fc : *at; /* (unused without children) */
    relink(c, c->nlv - 1);
    return GCX_OK;
}

/* put_child: item i of the children of level t (at f). */
static gcx_status put_child(jctx *c, level *t, const gcx_json *v,
                            const frame *f)
{
    gcx_status st;
    int kind;

    if (v->type == GCX_JSON_STRING) {
        if (v->len == 0)
            return fail(c, f, v, GCX_E_INVALID,
                        "empty text string (XML cannot keep it)");
        if (t->prev == P_TEXT)
            return fail(c, f, v, GCX_E_INVALID,
                        "text string follows another text string "
                        "(XML would merge them): join them");
        t->prev = P_TEXT;
        if (c->opt.strip_space && all_space_json(v)) {
            if (t->has_elem < 0)
                t->has_elem = has_element_item(t->kids);
            if (t->has_elem)
                return GCX_OK;
        }
        st = gcx_xw_text(c->w, v->u.text, v->len, c->err);
        return st ? locate(c, f, v, st) : GCX_OK;
    }
    if (v->type != GCX_JSON_OBJECT)
        return fail(c, f, v, GCX_E_INVALID,
                    "expected a string or an object in \"#children\", "
                    "found %s", gcx_json_type_name(v));
    kind = object_kind(v);
    switch (kind) {
    case O_CDATA:
        if (t->prev == P_CDATA)
            return fail(c, f, v, GCX_E_INVALID,
                        "CDATA section follows another CDATA section "
                        "(XML would merge them): join them");
        t->prev = P_CDATA;
        return put_simple(c, v, f, kind);
    case O_COMMENT:
        t->prev = P_OTHER;
        return put_simple(c, v, f, kind);
    case O_PI:
        t->prev = P_OTHER;
        return put_pi_j(c, v, f);
    case O_DOCUMENT:
        return fail(c, f, v, GCX_E_INVALID,
                    "a document object can only be the outermost value");
    default:
        t->prev = P_OTHER;
        /* t is invalid once the stack grows */
        return open_element_j(c, v, f);
    }
}

/* put_tree_j: the element object root (at) and everything in it, with
 * an explicit stack of levels instead of recursion. */
static gcx_status put_tree_j(jctx *c, const gcx_json *root,
                             const frame *at)
{
    gcx_status st;

    c->base = at->up;
    st = open_element_j(c, root, at);
    while (!st && c->nlv > 0) {
        level *t = &c->lv[c->nlv - 1];
        frame f;

        if (!t->kids || t->next >= t->kids->len) {
            st = gcx_xw_end(c->w, c->err);
            if (st)
                return locate(c, &t->at, t->obj, st);
            c->nns = t->ns_mark;
            c->nlv--;
            continue;
        }
        f.up = &t->kids_at;
        f.key = NULL;
        f.key_len = 0;
        f.index = t->next++;
        st = put_child(c, t, t->kids->u.items[f.index], &f);
    }
    return st;
}

/* put_document_j: {"#document": [...]}: comments, PIs and one root
 * element, with a newline between them (none after the last). */
static gcx_status put_document_j(jctx *c, const gcx_json *o)
{
    const gcx_json_member *items = NULL;
    const gcx_json *arr;
    frame f, fi;
    size_t i, roots = 0;
    int any = 0;
    gcx_status st;

    for (i = 0; i < o->len; i++) {
        const gcx_json_member *m = &o->u.members[i];

        f.up = NULL;
        f.key = m->key;
        f.key_len = m->key_len;
        f.index = 0;
        if (!key_is(m, "#document"))
            return fail(c, &f, m->value, GCX_E_INVALID,
                        "unexpected member \"%.*s\" in a document object "
                        "(it has only \"#document\")", SHOW(m->key_len),
                        m->key);
        if (items)
            return fail(c, &f, m->value, GCX_E_INVALID,
                        "duplicate member \"#document\"");
        if (m->value->type != GCX_JSON_ARRAY)
            return fail(c, &f, m->value, GCX_E_INVALID,
                        "expected an array for \"#document\", found %s",
                        gcx_json_type_name(m->value));
        items = m;
        fi = f;
    }
    arr = items->value;
    for (i = 0; i < arr->len; i++) {
        const gcx_json *v = arr->u.items[i];
        int kind, written = 1;

        f.up = &fi;
        f.key = NULL;
        f.key_len = 0;
        f.index = i;
        if (v->type == GCX_JSON_STRING)
            return fail(c, &f, v, GCX_E_INVALID,
                        "text is not allowed outside the root element");
        if (v->type != GCX_JSON_OBJECT)
            return fail(c, &f, v, GCX_E_INVALID,
                        "expected an object in \"#document\", found %s",
                        gcx_json_type_name(v));
        kind = object_kind(v);
        if (any && !(kind == O_COMMENT && c->opt.drop_comments) &&
            !(kind == O_PI && c->opt.drop_pis)) {
            st = gcx_xw_raw(c->w, "\n", 1, c->err);
            if (st)
                return locate(c, &f, v, st);
        }
        switch (kind) {
        case O_CDATA:
            return fail(c, &f, v, GCX_E_INVALID,
                        "a CDATA section is not allowed outside the root "
                        "element");
        case O_DOCUMENT:
            return fail(c, &f, v, GCX_E_INVALID,
                        "a document object can only be the outermost "
                        "value");
        case O_COMMENT:
            st = put_simple(c, v, &f, kind);
            written = !c->opt.drop_comments;
            break;
        case O_PI:
            st = put_pi_j(c, v, &f);
            written = !c->opt.drop_pis;
            break;
        default:
            if (++roots > 1)
                return fail(c, &f, v, GCX_E_INVALID,
                            "a document has only one root element");
            st = put_tree_j(c, v, &f);
        }
        if (st)
            return st;
        if (written)
            any = 1;
    }
    if (roots == 0)
        return fail(c, &fi, arr, GCX_E_INVALID,
                    "a document needs a root element");
    return GCX_OK;
}

gcx_status gcx_json_to_xml(gcx_xw *w, const gcx_json *v,
                           const gcx_xmljson_options *opt, gcx_error *err)
{
    frame root = {NULL, NULL, 0, ROOT_INDEX};
    jctx c;
    gcx_status st;
    int kind;

    if (!v)
        return gcx_error_set(err, GCX_E_USAGE, "no JSON value to convert");
    memset(&c, 0, sizeof c);
    c.w = w;
    c.err = err;
    if (opt)
        c.opt = *opt;
    if (v->type != GCX_JSON_OBJECT)
        return fail(&c, NULL, v, GCX_E_INVALID,
                    "expected an element object or a document object, "
                    "found %s", gcx_json_type_name(v));
    kind = object_kind(v);
    if (kind == O_DOCUMENT)
        st = put_document_j(&c, v);
    else if (kind == O_ELEMENT)
        st = put_tree_j(&c, v, &root);
    else
        st = fail(&c, NULL, v, GCX_E_INVALID,
                  "expected an element object or a document object, "
                  "found %s", kind_name(kind));
    gcx_free(c.ns);
    gcx_free(c.lv);
    return st;
}
