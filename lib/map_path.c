/* lib/map_path.c - the mapping language's source paths: compiled once,
 * matched directly on each record's tree (XML) or value (JSON), without
 * an XPath engine.
 *
 * XML: child steps by namespace URI and local name, a final attribute,
 * "." for the node itself, and one predicate a step: a position [N] (from
 * 1), [@a='v'] or [p:c='v']. JSON: member names separated by '.', [N]
 * (from 0), [k='v'] selecting an array item by a member, ["odd key"], and
 * "." alone. CSV: the whole text is a column name.
 */
#include "internal.h"

#include <stdlib.h>
#include "map_internal.h"

/* Positions in paths are bounded: the reverse direction creates the
 * items before one. */
#define MP_MAX_POS 10000

/* Compile ------------------------------------------------------------- */

static const char *ns_lookup(const gcx_mapping *m, const char *prefix,
                             size_t len)
{
    size_t i;

    for (i = 0; i < m->nns; i++)
        if (strncmp(m->ns[i], prefix, len) == 0 && m->ns[i][len] == '=')
            return m->ns[i] + len + 1;
    return NULL;
}

static int is_name_char(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
           c >= 0x80;
}

/* xml_qname: parse [prefix:]local at *s (into the path's text copy, which
 * is cut with NULs); resolves the prefix. */
static int xml_qname(const gcx_mapping *m, char **s, const char **prefix,
                     const char **uri, const char **local,
                     const char **what)
{
    char *p = *s, *colon = NULL, *start = p;

    while (*p && (is_name_char((unsigned char)*p) || *p == ':')) {
        if (*p == ':') {
            if (colon) {
                *what = "two ':' in one name";
                return -1;
            }
            colon = p;
        }
        p++;
    }
    if (p == start || colon == start || (colon && colon + 1 == p) ||
        *start == '.' || *start == '-' || (*start >= '0' && *start <= '9')
        || (colon && (colon[1] == '.' || colon[1] == '-' ||
                      (colon[1] >= '0' && colon[1] <= '9')))) {
        *what = "expected an element or attribute name";
        return -1;
    }
    if (colon) {
        *uri = ns_lookup(m, start, (size_t)(colon - start));
        if (!*uri) {
            *what = "prefix not bound by a 'namespace' statement";
            return -1;
        }
        *prefix = start;
        *colon = '\0';
        *local = colon + 1;
    } else {
        *prefix = NULL;
        *uri = NULL;
        *local = start;
    }
    *s = p;
    return 0;
}

/* quoted: parse 'v' or "v" at *s; the value is cut in place. */
static int quoted(char **s, const char **v, size_t *len, const char **what)
{
    char q = **s, *p, *start;

    if (q != '\'' && q != '"') {
        *what = "expected a quoted value";
        return -1;
    }
    start = *s + 1;
    p = strchr(start, q);
    if (!p) {
        *what = "quote not closed";
        return -1;
    }
    *p = '\0';
    *v = start;
    *len = (size_t)(p - start);
    *s = p + 1;
    return 0;
}

static void skip_sp(char **s)
{
    while (**s == ' ')
        (*s)++;
}

/* xml_pred: "[...]" at *s (after '['). */
static int xml_pred(const gcx_mapping *m, char **s, mp_step *st,
                    const char **what)
{
    char *p = *s;
    char *name_end;

    skip_sp(&p);
    if (*p >= '0' && *p <= '9') {
        st->pred = MP_PRED_POS;
        st->pos = strtol(p, &p, 10);
        if (st->pos < 1 || st->pos > MP_MAX_POS) {
            *what = "positions go from 1 to 10000";
            return -1;
        }
    } else {
        if (*p == '@') {
            p++;
            st->pred = MP_PRED_ATTR;
        } else {
            st->pred = MP_PRED_CHILD;
        }
        if (xml_qname(m, &p, &st->pprefix, &st->puri, &st->pname, what))
            return -1;
        name_end = p;
        skip_sp(&p);
        if (*p != '=') {
            *what = "expected '=' in the predicate (other tests need "
                    "xpath \"...\")";
            return -1;
        }
        *name_end = '\0';
        p++;
        skip_sp(&p);
        if (quoted(&p, &st->pvalue, &st->pvalue_len, what))
            return -1;
    }
    skip_sp(&p);
    if (*p != ']') {
        *what = "expected ']'";
        return -1;
    }
    *p++ = '\0';
    *s = p;
    return 0;
}

static gcx_status add_step(mp_path *p, mp_step **st)
{
    mp_step *a = gcx_realloc(p->steps, (p->nsteps + 1) * sizeof *a);

    if (!a)
        return GCX_E_NOMEM;
    p->steps = a;
    *st = &a[p->nsteps++];
    memset(*st, 0, sizeof **st);
    return GCX_OK;
}

static gcx_status context_prefix(const gcx_mapping *m, char **s,
                                 mp_path *p, const char **what)
{
    char *q = *s;
    size_t i, n;

    p->context = -1;
    if (*q != '$')
        return GCX_OK;
    q++;
    n = strcspn(q, "/.[");
    if (n == 6 && strncmp(q, "record", 6) == 0) {
        p->context = -2;
    } else {
        for (i = 0; i < m->nctx; i++)
            if (strlen(m->ctx_names[i]) == n &&
                strncmp(m->ctx_names[i], q, n) == 0)
                break;
        if (i == m->nctx) {
            *what = "no context of that name (declare it with 'context')";
            return GCX_E_CONFIG;
        }
        p->context = (int)i;
    }
    q += n;
    if (*q == '/' || *q == '.')
        q++;
    *s = q;
    return GCX_OK;
}

static gcx_status compile_xml(const gcx_mapping *m, mp_path *p,
                              const char **what, char **at)
{
    char *s = p->text + strlen(p->text) + 1;
    mp_step *st;

    if (context_prefix(m, &s, p, what))
        return GCX_E_CONFIG;
    if (!*s) {
        if (add_step(p, &st))
            return GCX_E_NOMEM;
        st->kind = MP_SELF;
        return GCX_OK;
    }
    for (;;) {
        *at = s;
        if (add_step(p, &st))
            return GCX_E_NOMEM;
        if (*s == '/') {
            *what = "'//' and absolute paths need xpath \"...\"";
            return GCX_E_CONFIG;
        }
        if (s[0] == '.' && (s[1] == '/' || !s[1])) {
            st->kind = MP_SELF;
            s++;
        } else if (s[0] == '.' && s[1] == '.') {
            *what = "'..' needs xpath \"...\"";
            return GCX_E_CONFIG;
        } else if (*s == '@') {
            s++;
            st->kind = MP_ATTR;
            if (xml_qname(m, &s, &st->prefix, &st->uri, &st->local, what))
                return GCX_E_CONFIG;
            if (*s) {
                *what = "an attribute ends the path";
                return GCX_E_CONFIG;
            }
            st->local_len = strlen(st->local);
            return GCX_OK;
        } else {
            char *name_end;

            st->kind = MP_CHILD;
            if (xml_qname(m, &s, &st->prefix, &st->uri, &st->local, what))
                return GCX_E_CONFIG;
            name_end = s;
            if (*s == '[') {
                *name_end = '\0';
                s++;
                if (xml_pred(m, &s, st, what))
                    return GCX_E_CONFIG;
                if (*s == '[') {
                    *what = "one predicate a step (more need xpath)";
                    return GCX_E_CONFIG;
                }
            }
            if (*s && *s != '/') {
                *what = "expected '/', '[' or the end of the path (other "
                        "forms need xpath \"...\")";
                return GCX_E_CONFIG;
            }
            if (*s == '/')
                *s++ = '\0';
            else
                *name_end = '\0';
            st->local_len = strlen(st->local);
            if (!*s)
                return GCX_OK;
            continue;
        }
        if (!*s)
            return GCX_OK;
        if (*s != '/') {
            *what = "expected '/' after '.'";
            return GCX_E_CONFIG;
        }
        s++;
    }
}

static gcx_status compile_json(const gcx_mapping *m, mp_path *p,
                               const char **what, char **at)
{
    char *s = p->text + strlen(p->text) + 1;
    mp_step *st;

    if (context_prefix(m, &s, p, what))
        return GCX_E_CONFIG;
    if (p->context >= 0) {
        *what = "contexts are for XML sources";
        return GCX_E_CONFIG;
    }
    if (!*s || (s[0] == '.' && !s[1])) {
        if (add_step(p, &st))
            return GCX_E_NOMEM;
        st->kind = MP_SELF;
        return GCX_OK;
    }
    while (*s) {
        *at = s;
        if (add_step(p, &st))
            return GCX_E_NOMEM;
        if (*s == '[' && (s[1] == '"' || s[1] == '\'')) {
            char *q = s + 1;

            if (quoted(&q, &st->local, &st->local_len, what))
                return GCX_E_CONFIG;
            if (*q != ']') {
                *what = "expected ']' after the quoted name";
                return GCX_E_CONFIG;
            }
            s = q + 1;
            st->kind = MP_CHILD;
        } else if (*s == '[') {
            st->kind = MP_INDEX;
        } else {
            char *w = s;

            while (*s && *s != '.' && *s != '[')
                s++;
            st->kind = MP_CHILD;
            st->local = w;
            st->local_len = (size_t)(s - w);
            if (st->local_len == 0) {
                *what = "expected a member name";
                return GCX_E_CONFIG;
            }
        }
        if (*s == '[' && (s[1] != '"' && s[1] != '\'')) {
            char *q = s + 1;

            if (*q == ']') {
                st->pred = MP_PRED_ANY;
                q++;
            } else if (*q >= '0' && *q <= '9') {
                st->pred = MP_PRED_POS;
                st->pos = strtol(q, &q, 10);
                if (st->pos > MP_MAX_POS) {
                    *what = "item numbers go from 0 to 10000";
                    return GCX_E_CONFIG;
                }
            } else {
                char *k = q;

                while (*q && *q != '=' && *q != ']')
                    q++;
                if (*q != '=' || q == k) {
                    *what = "expected [N], [] or [member='value']";
                    return GCX_E_CONFIG;
                }
                st->pred = MP_PRED_CHILD;
                st->pname = k;
                *q++ = '\0';
                if (quoted(&q, &st->pvalue, &st->pvalue_len, what))
                    return GCX_E_CONFIG;
            }
            if (*q != ']') {
                *what = "expected ']'";
                return GCX_E_CONFIG;
            }
            *s = '\0';
            s = q + 1;
            if (*s == '[') {
                *what = "one [...] a step";
                return GCX_E_CONFIG;
            }
        }
        if (st->kind == MP_INDEX && st->pred == MP_PRED_NONE) {
            *what = "expected a member name";
            return GCX_E_CONFIG;
        }
        if (*s == '.') {
            *s++ = '\0';
            if (!*s) {
                *what = "the path ends with '.'";
                return GCX_E_CONFIG;
            }
        } else if (*s && !(*s == '[' && (s[1] == '"' || s[1] == '\''))) {
            *what = "expected '.' or '['";
            return GCX_E_CONFIG;
        }
    }
    return GCX_OK;
}

gcx_status mp_compile(const gcx_mapping *m, const char *text, size_t len,
                      mp_path *p, size_t *at, const char **what)
{
    gcx_status st;
    char *pos = NULL;
    size_t i;

    memset(p, 0, sizeof *p);
    p->context = -1;
    *what = NULL;
    *at = 0;
    p->text = gcx_malloc(len + 1);
    if (!p->text)
        return GCX_E_NOMEM;
    memcpy(p->text, text, len);
    p->text[len] = '\0';
    if (m->kind == GCX_MAP_CSV) {
        for (i = 0; i < m->ncolumns; i++)
            if (strcmp(m->columns[i], p->text) == 0)
                break;
        if (i == m->ncolumns) {
            gcx_mapping *mm = (gcx_mapping *)m;
            char **a = gcx_realloc(mm->columns, (i + 1) * sizeof *a);
            char *c = gcx_strdup(p->text);

            if (!a || !c) {
                gcx_free(c);
                if (a)
                    mm->columns = a;
                return GCX_E_NOMEM;
            }
            a[i] = c;
            mm->columns = a;
            mm->ncolumns++;
        }
        p->column = i;
        return GCX_OK;
    }
    /* p->text holds the text as written, then a copy that the compiler
     * cuts with NULs and the steps point into */
    {
        char *both = gcx_realloc(p->text, 2 * len + 2);

        if (!both)
            return GCX_E_NOMEM;
        memcpy(both + len + 1, both, len + 1);
        p->text = both;
    }
    st = m->kind == GCX_MAP_XML ? compile_xml(m, p, what, &pos)
                                : compile_json(m, p, what, &pos);
    if (pos)
        *at = (size_t)(pos - (p->text + len + 1));
    return st;
}

void mp_free(mp_path *p)
{
    gcx_free(p->text);
    gcx_free(p->steps);
    p->text = NULL;
    p->steps = NULL;
    p->nsteps = 0;
}

/* XML matching -------------------------------------------------------- */

/* name_is: n is named local in namespace uri (NULL: none). The first
 * byte is compared before the rest: most siblings differ there. */
static int name_is(xmlNodePtr n, const char *uri, const char *local)
{
    const char *href;

    if (n->name[0] != (xmlChar)local[0] ||
        strcmp((const char *)n->name, local) != 0)
        return 0;
    href = n->ns ? (const char *)n->ns->href : NULL;
    if (!uri)
        return href == NULL || !*href;
    return href && (href == uri || strcmp(href, uri) == 0);
}

static xmlAttrPtr find_attr(xmlNodePtr el, const char *uri,
                            const char *local)
{
    xmlAttrPtr a;

    for (a = el->properties; a; a = a->next)
        if (name_is((xmlNodePtr)a, uri, local))
            return a;
    return NULL;
}

/* text_equals: the string value of n equals v (len bytes). */
static int text_equals(xmlNodePtr n, const char *v, size_t len)
{
    gcx_buf b;
    int eq;

    if (n->type == XML_ATTRIBUTE_NODE && n->children &&
        !n->children->next && n->children->type == XML_TEXT_NODE) {
        const char *c = (const char *)n->children->content;

        return strlen(c) == len && memcmp(c, v, len) == 0;
    }
    if (n->type == XML_ELEMENT_NODE && n->children &&
        !n->children->next && n->children->type == XML_TEXT_NODE) {
        const char *c = (const char *)n->children->content;

        return strlen(c) == len && memcmp(c, v, len) == 0;
    }
    gcx_buf_init(&b, 0);
    eq = mp_xml_text(n, &b) == GCX_OK && b.len == len &&
         memcmp(b.data, v, len) == 0;
    gcx_buf_free(&b);
    return eq;
}

static int pred_ok(const mp_step *st, xmlNodePtr n)
{
    xmlNodePtr c;

    switch (st->pred) {
    case MP_PRED_ATTR: {
        xmlAttrPtr a = find_attr(n, st->puri, st->pname);

        return a && text_equals((xmlNodePtr)a, st->pvalue,
                                st->pvalue_len);
    }
    case MP_PRED_CHILD:
        for (c = n->children; c; c = c->next)
            if (c->type == XML_ELEMENT_NODE &&
                name_is(c, st->puri, st->pname) &&
                text_equals(c, st->pvalue, st->pvalue_len))
                return 1;
        return 0;
    default:
        return 1;
    }
}

typedef struct xml_walk {
    int (*fn)(xmlNodePtr, void *);
    void *arg;
} xml_walk;

static int xml_step(const mp_path *p, size_t i, xmlNodePtr n,
                    const xml_walk *w)
{
    const mp_step *st;
    xmlNodePtr c;
    long pos = 0;
    int r;

    if (i == p->nsteps)
        return w->fn(n, w->arg);
    st = &p->steps[i];
    switch (st->kind) {
    case MP_SELF:
        return xml_step(p, i + 1, n, w);
    case MP_ATTR: {
        xmlAttrPtr a = n->type == XML_ELEMENT_NODE ?
                       find_attr(n, st->uri, st->local) : NULL;

        return a ? xml_step(p, i + 1, (xmlNodePtr)a, w) : 0;
    }
    default:
        break;
    }
    for (c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || !name_is(c, st->uri, st->local))
            continue;
        if (st->pred == MP_PRED_POS) {
            if (++pos != st->pos)
                continue;
            return xml_step(p, i + 1, c, w);
        }
        if (!pred_ok(st, c))
            continue;
        r = xml_step(p, i + 1, c, w);
        if (r)
            return r;
    }
    return 0;
}

static int first_fn(xmlNodePtr n, void *arg)
{
    *(xmlNodePtr *)arg = n;
    return 1;
}

xmlNodePtr mp_xml_first(const mp_path *p, xmlNodePtr el)
{
    xmlNodePtr found = NULL;
    xml_walk w;

    w.fn = first_fn;
    w.arg = &found;
    if (el)
        xml_step(p, 0, el, &w);
    return found;
}

int mp_xml_each(const mp_path *p, xmlNodePtr el,
                int (*fn)(xmlNodePtr, void *), void *arg)
{
    xml_walk w;

    w.fn = fn;
    w.arg = arg;
    return el ? xml_step(p, 0, el, &w) : 0;
}

static gcx_status text_walk(xmlNodePtr n, gcx_buf *b)
{
    gcx_status st;

    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content) {
                st = gcx_buf_puts(b, (const char *)n->content);
                if (st)
                    return st;
            }
        } else if (n->type == XML_ELEMENT_NODE && n->children) {
            st = text_walk(n->children, b);
            if (st)
                return st;
        }
    }
    return GCX_OK;
}

gcx_status mp_xml_text(xmlNodePtr node, gcx_buf *b)
{
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
        return node->content ? gcx_buf_puts(b, (const char *)node->content)
                             : GCX_OK;
    return text_walk(node->children, b);
}

/* JSON matching ------------------------------------------------------- */

static const gcx_json *member(const gcx_json *o, const char *k, size_t len)
{
    size_t i;

    if (!o || o->type != GCX_JSON_OBJECT)
        return NULL;
    for (i = 0; i < o->len; i++)
        if (o->u.members[i].key_len == len &&
            memcmp(o->u.members[i].key, k, len) == 0)
            return o->u.members[i].value;
    return NULL;
}

static int json_item_ok(const mp_step *st, const gcx_json *item)
{
    const gcx_json *v = member(item, st->pname, strlen(st->pname));

    return v && (v->type == GCX_JSON_STRING || v->type == GCX_JSON_NUMBER) &&
           v->len == st->pvalue_len &&
           memcmp(v->u.text, st->pvalue, v->len) == 0;
}

typedef struct json_walk {
    int (*fn)(const gcx_json *, void *);
    void *arg;
    int each;             /* the last step spreads an array */
} json_walk;

static int json_step(const mp_path *p, size_t i, const gcx_json *v,
                     const json_walk *w)
{
    const mp_step *st;
    size_t k;
    int r;

    if (!v)
        return 0;
    if (i == p->nsteps) {
        if (w->each && v->type == GCX_JSON_ARRAY) {
            for (k = 0; k < v->len; k++) {
                r = w->fn(v->u.items[k], w->arg);
                if (r)
                    return r;
            }
            return 0;
        }
        if (v->type == GCX_JSON_NULL)
            return 0;
        return w->fn(v, w->arg);
    }
    st = &p->steps[i];
    if (st->kind == MP_SELF)
        return json_step(p, i + 1, v, w);
    if (st->kind == MP_CHILD) {
        v = member(v, st->local, st->local_len);
        if (!v)
            return 0;
    }
    switch (st->pred) {
    case MP_PRED_NONE:
        return json_step(p, i + 1, v, w);
    case MP_PRED_POS:
        if (v->type != GCX_JSON_ARRAY)
            return st->pos == 0 ? json_step(p, i + 1, v, w) : 0;
        return (size_t)st->pos < v->len ?
               json_step(p, i + 1, v->u.items[st->pos], w) : 0;
    case MP_PRED_CHILD:
    case MP_PRED_ANY:
        if (v->type != GCX_JSON_ARRAY)
            return (st->pred == MP_PRED_ANY || json_item_ok(st, v)) ?
                   json_step(p, i + 1, v, w) : 0;
        for (k = 0; k < v->len; k++) {
            if (st->pred == MP_PRED_CHILD &&
                !json_item_ok(st, v->u.items[k]))
                continue;
            r = json_step(p, i + 1, v->u.items[k], w);
            if (r)
                return r;
        }
        return 0;
    default:
        return 0;
    }
}

static int json_first_fn(const gcx_json *v, void *arg)
{
    *(const gcx_json **)arg = v;
    return 1;
}

const gcx_json *mp_json_first(const mp_path *p, const gcx_json *v)
{
    const gcx_json *found = NULL;
    json_walk w;

    w.fn = json_first_fn;
    w.arg = &found;
    w.each = 0;
    json_step(p, 0, v, &w);
    return found;
}

int mp_json_each(const mp_path *p, const gcx_json *v,
                 int (*fn)(const gcx_json *, void *), void *arg)
{
    json_walk w;

    w.fn = fn;
    w.arg = arg;
    w.each = 1;
    return json_step(p, 0, v, &w);
}
