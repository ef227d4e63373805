/* lib/canon_xml.c - the canonical XML form of canonical records, both
 * ways, driven by the schema tree (docs/canonical-xml.md).
 *
 * Writing walks the record object and its schema node together and emits
 * one element per property in schema order; reading walks the element
 * and the schema node and rebuilds the JSON value with the exact types.
 */
#include "internal.h"

/* Decisions the header leaves open:
 * - Writing checks the JSON type only (a decimal is a JSON string, an
 *   integer a number matching -?(0|[1-9][0-9]*)); whether the string is
 *   a good decimal or date is the validator's job. An empty string is an
 *   empty element. On error w holds part of the record: discard it.
 * - Reading is strict where the form is canonical: no attribute on any
 *   element, every element in the namespace, properties in schema order
 *   and each once, array items named <item>. Integers must match the
 *   same grammar as writing (so the JSON number text is valid JSON);
 *   booleans are exactly true or false; text is taken as it is, never
 *   trimmed. Between elements, whitespace-only text, comments and PIs
 *   are skipped; in a text element, text and CDATA join and comments and
 *   PIs are skipped.
 * - Element paths count items from 1 (/person/identifiers/item[2]);
 *   JSON Pointers from 0. A control character in a path shows as '?'.
 * - Nothing is allocated but in the arena (reading) or the writer's
 *   buffer (writing); paths are built only when an error is reported.
 */

#include <stdio.h>

#include <gcx/canon_xml.h>

/* A step of the path from the record to the value at hand, kept on the C
 * stack and turned into text only when an error is reported. Recursion
 * follows the schema tree, which is finite (the schema refuses ref
 * cycles), so its depth is bounded by the schema, not by the input. */
typedef struct cx_frame {
    const struct cx_frame *up;
    const char *name;       /* member or element name; NULL for an item */
    size_t len;
    size_t index;           /* array item: 0-based */
} cx_frame;

/* cx_put: append n bytes of s to the path text p (size GCX_ERROR_PATH_MAX)
 * at *pos, truncating; control characters show as '?' so a diagnostic
 * stays on one line. */
static void cx_put(char *p, size_t *pos, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n && *pos + 1 < GCX_ERROR_PATH_MAX; i++) {
        unsigned char ch = (unsigned char)s[i];

        p[(*pos)++] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
    }
    p[*pos] = '\0';
}

/* cx_path_text: the path of f: a JSON Pointer (RFC 6901, indexes from 0)
 * when pointer is set, else an element path (/person/item[1]). */
static void cx_path_text(const cx_frame *f, int pointer, char *p,
                         size_t *pos)
{
    char num[32];
    size_t i;

    if (!f)
        return;
    cx_path_text(f->up, pointer, p, pos);
    if (!f->up && pointer)
        return; /* the record itself: the empty pointer */
    cx_put(p, pos, "/", 1);
    if (!f->name) {
        if (pointer)
            snprintf(num, sizeof num, "%zu", f->index);
        else
            snprintf(num, sizeof num, "item[%zu]", f->index + 1);
        cx_put(p, pos, num, strlen(num));
        return;
    }
    if (!pointer) {
        cx_put(p, pos, f->name, f->len);
        return;
    }
    for (i = 0; i < f->len; i++) {
        if (f->name[i] == '~')
            cx_put(p, pos, "~0", 2);
        else if (f->name[i] == '/')
            cx_put(p, pos, "~1", 2);
        else
            cx_put(p, pos, f->name + i, 1);
    }
}

static void cx_set_path(gcx_error *err, const cx_frame *f, int pointer)
{
    char p[GCX_ERROR_PATH_MAX];
    size_t pos = 0;

    p[0] = '\0';
    cx_path_text(f, pointer, p, &pos);
    gcx_error_set_path(err, p);
}

/* cx_snippet: up to max bytes of s (n bytes) as one line for a message:
 * cut on a UTF-8 boundary, control characters shown as spaces, "..."
 * when cut. */
static void cx_snippet(const char *s, size_t n, char *out, size_t size)
{
    size_t max = size - 4, i = 0, k = 0;

    while (i < n) {
        size_t step = 1;
        unsigned char ch = (unsigned char)s[i];

        if (ch >= 0xf0)
            step = 4;
        else if (ch >= 0xe0)
            step = 3;
        else if (ch >= 0xc0)
            step = 2;
        if (k + step > max || i + step > n)
            break;
        if (step == 1 && (ch < 0x20 || ch == 0x7f))
            out[k++] = ' ';
        else {
            memcpy(out + k, s + i, step);
            k += step;
        }
        i += step;
    }
    if (i < n) {
        memcpy(out + k, "...", 3);
        k += 3;
    }
    out[k] = '\0';
}

static int cx_is_int(const char *s, size_t n)
{
    size_t i = 0;

    if (i < n && s[i] == '-')
        i++;
    if (i == n)
        return 0;
    if (s[i] == '0')
        return i + 1 == n;
    for (; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int cx_is_text_type(gcx_schema_type t)
{
    return t == GCX_SCHEMA_STRING || t == GCX_SCHEMA_DECIMAL ||
           t == GCX_SCHEMA_DATE || t == GCX_SCHEMA_DATETIME;
}

static const char *cx_schema_word(gcx_schema_type t)
{
    switch (t) {
    case GCX_SCHEMA_STRING:
        return "a string";
    case GCX_SCHEMA_DECIMAL:
        return "a decimal (a JSON string)";
    case GCX_SCHEMA_INTEGER:
        return "an integer";
    case GCX_SCHEMA_BOOLEAN:
        return "a boolean";
    case GCX_SCHEMA_DATE:
        return "a date (a JSON string)";
    case GCX_SCHEMA_DATETIME:
        return "a date-time (a JSON string)";
    case GCX_SCHEMA_OBJECT:
        return "an object";
    case GCX_SCHEMA_ARRAY:
        return "an array";
    }
    return "a value";
}

static const char *cx_json_word(const gcx_json *v)
{
    switch (v->type) {
    case GCX_JSON_NULL:
        return "null";
    case GCX_JSON_FALSE:
        return "false";
    case GCX_JSON_TRUE:
        return "true";
    case GCX_JSON_NUMBER:
        return "a number";
    case GCX_JSON_STRING:
        return "a string";
    case GCX_JSON_ARRAY:
        return "an array";
    case GCX_JSON_OBJECT:
        return "an object";
    }
    return "a value";
}

/* ------------------------------------------------------------- writing */

typedef struct cx_writer {
    gcx_xw *w;
    gcx_error *err;
} cx_writer;

/* cx_wfail: finish an error about v at f: its JSON Pointer, and v's
 * place in the source when it was parsed. The message is already set. */
static gcx_status cx_wfail(cx_writer *c, const cx_frame *f,
                           const gcx_json *v, gcx_status st)
{
    if (c->err) {
        cx_set_path(c->err, f, 1);
        if (v && v->line)
            gcx_error_at(c->err, NULL, v->line, v->column);
    }
    return st;
}

static gcx_status cx_write_value(cx_writer *c, const gcx_schema_node *sn,
                                 const gcx_json *v, const cx_frame *f);

/* cx_write_element: <name>content</name> for value v of schema node sn. */
static gcx_status cx_write_element(cx_writer *c, const gcx_schema_node *sn,
                                   const char *name, size_t len,
                                   const gcx_json *v, const cx_frame *f)
{
    gcx_status st = gcx_xw_start(c->w, name, len, c->err);

    if (st)
        return cx_wfail(c, f, v, st);
    st = cx_write_value(c, sn, v, f);
    if (st)
        return st;
    st = gcx_xw_end(c->w, c->err);
    return st ? cx_wfail(c, f, v, st) : GCX_OK;
}

/* cx_check_members: every member of obj is a property of sn, and none is
 * repeated. */
static gcx_status cx_check_members(cx_writer *c, const gcx_schema_node *sn,
                                   const gcx_json *obj, const cx_frame *f)
{
    size_t i, j;
    char what[80];

    for (i = 0; i < obj->len; i++) {
        const gcx_json_member *m = &obj->u.members[i];
        cx_frame mf;

        mf.up = f;
        mf.name = m->key;
        mf.len = m->key_len;
        mf.index = 0;
        if (!gcx_schema_prop(sn, m->key, m->key_len)) {
            cx_snippet(m->key, m->key_len, what, sizeof what);
            gcx_error_set(c->err, GCX_E_INVALID,
                          "unknown member \"%s\": not in the schema", what);
            return cx_wfail(c, &mf, m->value, GCX_E_INVALID);
        }
        for (j = 0; j < i; j++) {
            if (obj->u.members[j].key_len == m->key_len &&
                memcmp(obj->u.members[j].key, m->key, m->key_len) == 0) {
                cx_snippet(m->key, m->key_len, what, sizeof what);
                gcx_error_set(c->err, GCX_E_INVALID,
                              "member \"%s\" is repeated", what);
                return cx_wfail(c, &mf, m->value, GCX_E_INVALID);
            }
        }
    }
    return GCX_OK;
}

/* cx_write_object: the properties of obj in schema order; skip names the
 * property left out (the record's recordType, given by the element). */
static gcx_status cx_write_object(cx_writer *c, const gcx_schema_node *sn,
                                  const gcx_json *obj, const cx_frame *f,
                                  const char *skip)
{
    gcx_status st = cx_check_members(c, sn, obj, f);
    size_t i;

    for (i = 0; !st && i < sn->nprops; i++) {
        const gcx_schema_node *p = sn->props[i];
        const gcx_json *v;
        cx_frame pf;

        if (skip && strcmp(p->name, skip) == 0)
            continue;
        v = gcx_json_object_get(obj, p->name);
        if (!v)
            continue;
        pf.up = f;
        pf.name = p->name;
        pf.len = strlen(p->name);
        pf.index = 0;
        st = cx_write_element(c, p, p->name, pf.len, v, &pf);
    }
    return st;
}

static gcx_status cx_wrong_type(cx_writer *c, const gcx_schema_node *sn,
                                const gcx_json *v, const cx_frame *f)
{
    char num[48];

    if (v->type == GCX_JSON_NUMBER && sn->type == GCX_SCHEMA_INTEGER) {
        cx_snippet(v->u.text, v->len, num, sizeof num);
        gcx_error_set(c->err, GCX_E_INVALID,
                      "expected an integer (no fraction or exponent), "
                      "found %s", num);
    } else {
        gcx_error_set(c->err, GCX_E_INVALID, "expected %s, found %s",
                      cx_schema_word(sn->type), cx_json_word(v));
    }
    return cx_wfail(c, f, v, GCX_E_INVALID);
}

/* cx_write_value: the content of the element for v, checked against sn:
 * text for scalars, child elements for objects, <item>s for arrays. */
static gcx_status cx_write_value(cx_writer *c, const gcx_schema_node *sn,
                                 const gcx_json *v, const cx_frame *f)
{
    gcx_status st = GCX_OK;
    size_t i;

    switch (sn->type) {
    case GCX_SCHEMA_STRING:
    case GCX_SCHEMA_DECIMAL:
    case GCX_SCHEMA_DATE:
    case GCX_SCHEMA_DATETIME:
        if (v->type != GCX_JSON_STRING)
            return cx_wrong_type(c, sn, v, f);
        if (v->len)
            st = gcx_xw_text(c->w, v->u.text, v->len, c->err);
        break;
    case GCX_SCHEMA_INTEGER:
        if (v->type != GCX_JSON_NUMBER || !cx_is_int(v->u.text, v->len))
            return cx_wrong_type(c, sn, v, f);
        st = gcx_xw_text(c->w, v->u.text, v->len, c->err);
        break;
    case GCX_SCHEMA_BOOLEAN:
        if (v->type == GCX_JSON_TRUE)
            st = gcx_xw_text(c->w, "true", 4, c->err);
        else if (v->type == GCX_JSON_FALSE)
            st = gcx_xw_text(c->w, "false", 5, c->err);
        else
            return cx_wrong_type(c, sn, v, f);
        break;
    case GCX_SCHEMA_OBJECT:
        if (v->type != GCX_JSON_OBJECT)
            return cx_wrong_type(c, sn, v, f);
        return cx_write_object(c, sn, v, f, NULL);
    case GCX_SCHEMA_ARRAY:
        if (v->type != GCX_JSON_ARRAY)
            return cx_wrong_type(c, sn, v, f);
        if (!sn->items) {
            gcx_error_set(c->err, GCX_E_INTERNAL,
                          "schema array without items");
            return cx_wfail(c, f, v, GCX_E_INTERNAL);
        }
        for (i = 0; !st && i < v->len; i++) {
            cx_frame itf;

            itf.up = f;
            itf.name = NULL;
            itf.len = 0;
            itf.index = i;
            st = cx_write_element(c, sn->items, "item", 4, v->u.items[i],
                                  &itf);
        }
        return st;
    default:
        gcx_error_set(c->err, GCX_E_INTERNAL, "unknown schema type %d",
                      (int)sn->type);
        return cx_wfail(c, f, v, GCX_E_INTERNAL);
    }
    return st ? cx_wfail(c, f, v, st) : GCX_OK;
}

gcx_status gcx_canon_xml_write(const gcx_schema *s, gcx_xw *w,
                               const gcx_json *record, gcx_error *err)
{
    cx_writer c;
    cx_frame root, tf;
    const gcx_json *rt;
    const gcx_schema_node *sn;
    const char *ns;
    char what[80];
    gcx_status st;

    c.w = w;
    c.err = err;
    root.up = NULL;
    root.name = "";
    root.len = 0;
    root.index = 0;
    tf.up = &root;
    tf.name = "recordType";
    tf.len = 10;
    tf.index = 0;
    if (!record || record->type != GCX_JSON_OBJECT) {
        gcx_error_set(err, GCX_E_INVALID,
                      "a record must be a JSON object, found %s",
                      record ? cx_json_word(record) : "nothing");
        return cx_wfail(&c, &root, record, GCX_E_INVALID);
    }
    rt = gcx_json_object_get(record, "recordType");
    if (!rt) {
        gcx_error_set(err, GCX_E_INVALID, "the record has no recordType");
        return cx_wfail(&c, &root, record, GCX_E_INVALID);
    }
    if (rt->type != GCX_JSON_STRING) {
        gcx_error_set(err, GCX_E_INVALID,
                      "expected a string for recordType, found %s",
                      cx_json_word(rt));
        return cx_wfail(&c, &tf, rt, GCX_E_INVALID);
    }
    sn = strlen(rt->u.text) == rt->len ? gcx_schema_record(s, rt->u.text)
                                       : NULL;
    if (!sn) {
        cx_snippet(rt->u.text, rt->len, what, sizeof what);
        gcx_error_set(err, GCX_E_INVALID, "unknown recordType \"%s\"",
                      what);
        return cx_wfail(&c, &tf, rt, GCX_E_INVALID);
    }
    ns = gcx_schema_namespace(s);
    st = gcx_xw_start(w, rt->u.text, rt->len, err);
    if (!st)
        st = gcx_xw_attr(w, "xmlns", 5, ns, strlen(ns), err);
    if (st)
        return cx_wfail(&c, &root, record, st);
    st = cx_write_object(&c, sn, record, &root, "recordType");
    if (st)
        return st;
    st = gcx_xw_end(w, err);
    return st ? cx_wfail(&c, &root, record, st) : GCX_OK;
}

/* ------------------------------------------------------------- reading */

typedef struct cx_reader {
    const char *ns;
    gcx_arena *a;
    gcx_error *err;
} cx_reader;

static unsigned long cx_line(const xmlNode *n)
{
    long l = n ? xmlGetLineNo((xmlNodePtr)n) : 0;

    return l > 0 ? (unsigned long)l : 0;
}

/* cx_rfail: an error about node n (at element path f): set the message,
 * the path and n's line. */
static gcx_status cx_rfail(cx_reader *c, const cx_frame *f,
                           const xmlNode *n, gcx_status st,
                           const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static gcx_status cx_rfail(cx_reader *c, const cx_frame *f,
                           const xmlNode *n, gcx_status st,
                           const char *fmt, ...)
{
    va_list ap;

    if (!c->err)
        return st;
    va_start(ap, fmt);
    gcx_error_setv(c->err, st, fmt, ap);
    va_end(ap);
    cx_set_path(c->err, f, 0);
    gcx_error_at(c->err, NULL, cx_line(n), 0);
    return st;
}

static gcx_status cx_nomem(cx_reader *c, const cx_frame *f,
                           const xmlNode *n)
{
    return cx_rfail(c, f, n, GCX_E_NOMEM, "out of memory");
}

static int cx_in_ns(const cx_reader *c, const xmlNode *n)
{
    return n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, c->ns) == 0;
}

static int cx_all_space(const xmlChar *s)
{
    if (!s)
        return 1;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

/* cx_check_element: el is in the canonical namespace and has no
 * attribute (namespace declarations are not attributes). f is el's
 * path. */
static gcx_status cx_check_element(cx_reader *c, const xmlNode *el,
                                   const cx_frame *f)
{
    char what[80];

    if (!cx_in_ns(c, el)) {
        if (el->ns && el->ns->href) {
            cx_snippet((const char *)el->ns->href,
                       strlen((const char *)el->ns->href), what,
                       sizeof what);
            return cx_rfail(c, f, el, GCX_E_INVALID,
                            "element <%s> is in namespace %s, not %s",
                            (const char *)el->name, what, c->ns);
        }
        return cx_rfail(c, f, el, GCX_E_INVALID,
                        "element <%s> is in no namespace, not %s",
                        (const char *)el->name, c->ns);
    }
    if (el->properties)
        return cx_rfail(c, f, el, GCX_E_INVALID,
                        "unexpected attribute \"%s\" on <%s>: the "
                        "canonical form has none",
                        (const char *)el->properties->name,
                        (const char *)el->name);
    return GCX_OK;
}

/* cx_skip_between: a non-element child where elements are due: comments
 * and processing instructions are skipped, whitespace-only text too
 * (pretty-printed input); anything else is an error. */
static gcx_status cx_skip_between(cx_reader *c, const xmlNode *n,
                                  const cx_frame *f)
{
    char what[48];
    const char *t;
    unsigned long nl;

    switch (n->type) {
    case XML_COMMENT_NODE:
    case XML_PI_NODE:
        return GCX_OK;
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
        if (cx_all_space(n->content))
            return GCX_OK;
        t = (const char *)n->content;
        while (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r')
            t++;
        cx_snippet(t, strlen(t), what, sizeof what);
        cx_rfail(c, f, n, GCX_E_INVALID,
                 "unexpected text \"%s\" where elements are due", what);
        /* libxml2 gives a text node the line where it ends: go back to
         * the line of its first non-space character */
        for (nl = 0; *t; t++)
            nl += *t == '\n';
        if (c->err && c->err->line > nl)
            c->err->line -= nl;
        return GCX_E_INVALID;
    default:
        return cx_rfail(c, f, n, GCX_E_INVALID,
                        "unexpected XML node (type %d) where elements "
                        "are due", (int)n->type);
    }
}

static gcx_status cx_read_value(cx_reader *c, const gcx_schema_node *sn,
                                const xmlNode *el, const cx_frame *f,
                                gcx_json **out);

/* cx_text: the text content of leaf element el: its text and CDATA
 * children joined (comments and PIs skipped). *s is borrowed from the
 * tree when there is one piece, else built in the arena. */
static gcx_status cx_text(cx_reader *c, const xmlNode *el,
                          const cx_frame *f, const char **s, size_t *len)
{
    const xmlNode *n;
    size_t total = 0, pieces = 0, k = 0;
    char *buf;

    *s = "";
    *len = 0;
    for (n = el->children; n; n = n->next) {
        switch (n->type) {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
            if (n->content && n->content[0]) {
                size_t l = strlen((const char *)n->content);

                *s = (const char *)n->content;
                *len = l;
                total += l;
                pieces++;
            }
            break;
        case XML_COMMENT_NODE:
        case XML_PI_NODE:
            break;
        case XML_ELEMENT_NODE: {
            cx_frame cf;

            cf.up = f;
            cf.name = (const char *)n->name;
            cf.len = strlen(cf.name);
            cf.index = 0;
            return cx_rfail(c, &cf, n, GCX_E_INVALID,
                            "element <%s> inside <%s>, which holds "
                            "text only", (const char *)n->name,
                            (const char *)el->name);
        }
        default:
            return cx_rfail(c, f, n, GCX_E_INVALID,
                            "unexpected XML node (type %d) inside <%s>",
                            (int)n->type, (const char *)el->name);
        }
    }
    if (pieces <= 1)
        return GCX_OK;
    buf = gcx_arena_alloc(c->a, total + 1);
    if (!buf)
        return cx_nomem(c, f, el);
    for (n = el->children; n; n = n->next)
        if ((n->type == XML_TEXT_NODE ||
             n->type == XML_CDATA_SECTION_NODE) && n->content) {
            size_t l = strlen((const char *)n->content);

            memcpy(buf + k, n->content, l);
            k += l;
        }
    buf[k] = '\0';
    *s = buf;
    *len = k;
    return GCX_OK;
}

/* cx_prop_index: index of the property named name in sn, or nprops.
 * Canonical input is in schema order, so look from index from first. */
static size_t cx_prop_index(const gcx_schema_node *sn, const char *name,
                            size_t from)
{
    size_t i;

    for (i = from; i < sn->nprops; i++)
        if (strcmp(sn->props[i]->name, name) == 0)
            return i;
    for (i = 0; i < from && i < sn->nprops; i++)
        if (strcmp(sn->props[i]->name, name) == 0)
            return i;
    return sn->nprops;
}

static size_t cx_count_elements(const xmlNode *el)
{
    const xmlNode *n;
    size_t k = 0;

    for (n = el->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            k++;
    return k;
}

/* cx_read_object: the children of el as the properties of object node sn
 * in schema order. rt: the record's type when el is the record element
 * (its recordType member is inserted in its schema place), else NULL. */
static gcx_status cx_read_object(cx_reader *c, const gcx_schema_node *sn,
                                 const xmlNode *el, const cx_frame *f,
                                 const char *rt, gcx_json **out)
{
    const xmlNode *n;
    size_t next = 0, k, rt_at = sn->nprops, last = sn->nprops;
    gcx_json *obj, *v;
    gcx_status st;

    if (rt)
        rt_at = cx_prop_index(sn, "recordType", 0);
    obj = gcx_json_new_object(c->a, cx_count_elements(el) +
                                        (rt_at < sn->nprops));
    if (!obj)
        return cx_nomem(c, f, el);
    for (n = el->children; n; n = n->next) {
        const char *name = (const char *)n->name;
        cx_frame cf;

        if (n->type != XML_ELEMENT_NODE) {
            st = cx_skip_between(c, n, f);
            if (st)
                return st;
            continue;
        }
        cf.up = f;
        cf.name = name;
        cf.len = strlen(name);
        cf.index = 0;
        st = cx_check_element(c, n, &cf);
        if (st)
            return st;
        k = cx_prop_index(sn, name, next);
        if (rt && k == rt_at && rt_at < sn->nprops)
            return cx_rfail(c, &cf, n, GCX_E_INVALID,
                            "element <recordType> is not allowed: the "
                            "record element's name gives it");
        if (k == sn->nprops)
            return cx_rfail(c, &cf, n, GCX_E_INVALID,
                            "unknown element <%s>: <%s> has no such "
                            "property", name, (const char *)el->name);
        if (k == last)
            return cx_rfail(c, &cf, n, GCX_E_INVALID,
                            "element <%s> is repeated", name);
        if (k < next)
            return cx_rfail(c, &cf, n, GCX_E_INVALID,
                            "element <%s> is out of order: it comes "
                            "before <%s> in the canonical form", name,
                            sn->props[last]->name);
        if (rt_at < k && next <= rt_at) {
            v = gcx_json_new_string(c->a, rt, strlen(rt));
            if (!v || gcx_json_object_put(c->a, obj, "recordType", 10, v))
                return cx_nomem(c, f, el);
        }
        st = cx_read_value(c, sn->props[k], n, &cf, &v);
        if (st)
            return st;
        if (gcx_json_object_put(c->a, obj, name, cf.len, v))
            return cx_nomem(c, &cf, n);
        last = k;
        next = k + 1;
    }
    if (rt_at < sn->nprops && next <= rt_at) {
        v = gcx_json_new_string(c->a, rt, strlen(rt));
        if (!v || gcx_json_object_put(c->a, obj, "recordType", 10, v))
            return cx_nomem(c, f, el);
    }
    *out = obj;
    return GCX_OK;
}

/* cx_read_array: the <item> children of el as items of node sn. */
static gcx_status cx_read_array(cx_reader *c, const gcx_schema_node *sn,
                                const xmlNode *el, const cx_frame *f,
                                gcx_json **out)
{
    const xmlNode *n;
    gcx_json *arr, *v;
    gcx_status st;
    size_t i = 0;

    if (!sn->items)
        return cx_rfail(c, f, el, GCX_E_INTERNAL,
                        "schema array without items");
    arr = gcx_json_new_array(c->a, cx_count_elements(el));
    if (!arr)
        return cx_nomem(c, f, el);
    for (n = el->children; n; n = n->next) {
        cx_frame itf;

        if (n->type != XML_ELEMENT_NODE) {
            st = cx_skip_between(c, n, f);
            if (st)
                return st;
            continue;
        }
        itf.up = f;
        itf.name = NULL;
        itf.len = 0;
        itf.index = i;
        if (strcmp((const char *)n->name, "item") != 0) {
            cx_frame cf;

            cf.up = f;
            cf.name = (const char *)n->name;
            cf.len = strlen(cf.name);
            cf.index = 0;
            return cx_rfail(c, &cf, n, GCX_E_INVALID,
                            "unknown element <%s>: the items of <%s> "
                            "are <item> elements", (const char *)n->name,
                            (const char *)el->name);
        }
        st = cx_check_element(c, n, &itf);
        if (!st)
            st = cx_read_value(c, sn->items, n, &itf, &v);
        if (st)
            return st;
        if (gcx_json_array_push(c->a, arr, v))
            return cx_nomem(c, &itf, n);
        i++;
    }
    *out = arr;
    return GCX_OK;
}

/* cx_read_value: the JSON value of element el (already checked) for
 * schema node sn. */
static gcx_status cx_read_value(cx_reader *c, const gcx_schema_node *sn,
                                const xmlNode *el, const cx_frame *f,
                                gcx_json **out)
{
    const char *s;
    char what[48];
    size_t len;
    gcx_status st;

    if (sn->type == GCX_SCHEMA_OBJECT)
        return cx_read_object(c, sn, el, f, NULL, out);
    if (sn->type == GCX_SCHEMA_ARRAY)
        return cx_read_array(c, sn, el, f, out);
    st = cx_text(c, el, f, &s, &len);
    if (st)
        return st;
    if (cx_is_text_type(sn->type)) {
        *out = gcx_json_new_string(c->a, s, len);
    } else if (sn->type == GCX_SCHEMA_INTEGER) {
        if (!cx_is_int(s, len)) {
            cx_snippet(s, len, what, sizeof what);
            return cx_rfail(c, f, el, GCX_E_INVALID,
                            "bad integer \"%s\" in <%s> (want "
                            "-?[0-9]+, no leading zero, no spaces)", what,
                            (const char *)el->name);
        }
        *out = gcx_json_new_number(c->a, s, len);
    } else if (sn->type == GCX_SCHEMA_BOOLEAN) {
        if (len == 4 && memcmp(s, "true", 4) == 0) {
            *out = gcx_json_new_bool(c->a, 1);
        } else if (len == 5 && memcmp(s, "false", 5) == 0) {
            *out = gcx_json_new_bool(c->a, 0);
        } else {
            cx_snippet(s, len, what, sizeof what);
            return cx_rfail(c, f, el, GCX_E_INVALID,
                            "bad boolean \"%s\" in <%s> (want true or "
                            "false)", what, (const char *)el->name);
        }
    } else {
        return cx_rfail(c, f, el, GCX_E_INTERNAL, "unknown schema type %d",
                        (int)sn->type);
    }
    return *out ? GCX_OK : cx_nomem(c, f, el);
}

gcx_status gcx_canon_xml_read(const gcx_schema *s, xmlNodePtr record,
                              gcx_arena *a, gcx_json **out, gcx_error *err)
{
    cx_reader c;
    cx_frame root;
    const gcx_schema_node *sn;
    gcx_status st;

    *out = NULL;
    c.ns = gcx_schema_namespace(s);
    c.a = a;
    c.err = err;
    if (!record || record->type != XML_ELEMENT_NODE) {
        if (err) {
            gcx_error_set_path(err, NULL);
            gcx_error_at(err, NULL, cx_line(record), 0);
        }
        return gcx_error_set(err, GCX_E_INVALID,
                             "a record must be an element");
    }
    root.up = NULL;
    root.name = (const char *)record->name;
    root.len = strlen(root.name);
    root.index = 0;
    st = cx_check_element(&c, record, &root);
    if (st)
        return st;
    sn = gcx_schema_record(s, root.name);
    if (!sn)
        return cx_rfail(&c, &root, record, GCX_E_INVALID,
                        "unknown record element <%s>: not a recordType "
                        "of the schema", root.name);
    return cx_read_object(&c, sn, record, &root, root.name, out);
}
