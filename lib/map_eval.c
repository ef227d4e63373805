/* lib/map_eval.c - run a compiled mapping forwards: one source record in,
 * canonical records out (docs/mapping-language.md).
 *
 * Each rule's value is computed as text in a reusable buffer, passed
 * through the transforms, and written at the rule's target in a record
 * built in the run's arena (reset per source record). A record's members
 * come in the mapping's rule order after the envelope (schemaVersion,
 * recordType); empty containers are pruned and provenance added last.
 */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <libxml/xpathInternals.h>
#include "map_internal.h"

gcx_status mr_fail(gcx_map_run *r, const mrule *rule, const char *reason,
                   const char *fmt, ...)
{
    va_list ap;

    if (!r->why)
        return GCX_E_INVALID;
    r->why->reason = reason;
    snprintf(r->why->target, sizeof r->why->target, "%s",
             rule ? rule->target : "");
    r->why->map_line = rule ? rule->line : 0;
    r->why->map_column = rule ? rule->column : 0;
    va_start(ap, fmt);
    vsnprintf(r->why->message, sizeof r->why->message, fmt, ap);
    va_end(ap);
    return GCX_E_INVALID;
}

gcx_status gcx_map_run_new(gcx_map_run **out, const gcx_mapping *m,
                           int reverse, int allow_lossy, gcx_error *err)
{
    gcx_map_run *r;
    size_t nblocking = 0, i;

    *out = NULL;
    if (reverse) {
        for (i = 0; i < m->nissues; i++)
            if (!m->issues[i].note)
                nblocking++;
        if (nblocking && !allow_lossy) {
            const gcx_map_issue *is = NULL;

            for (i = 0; i < m->nissues && !is; i++)
                if (!m->issues[i].note)
                    is = &m->issues[i];
            gcx_error_set(err, GCX_E_CONFIG,
                          "mapping %s cannot be read backwards without "
                          "loss (%zu rules; first: %s: %s); "
                          "--allow-lossy skips them", m->name, nblocking,
                          is->target, is->what);
            if (err) {
                snprintf(err->file, sizeof err->file, "%s", m->file);
                err->line = is->line;
                err->column = is->column;
            }
            return GCX_E_CONFIG;
        }
    }
    r = gcx_calloc(1, sizeof *r);
    if (!r)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    r->m = m;
    r->reverse = reverse;
    r->allow_lossy = allow_lossy;
    r->arena = gcx_arena_new();
    gcx_buf_init(&r->val, 0);
    gcx_buf_init(&r->tmp, 0);
    gcx_buf_init(&r->part, 0);
    gcx_buf_init(&r->cat, 0);
    gcx_buf_init(&r->cat2, 0);
    if (m->nctx) {
        r->ctx_docs = gcx_calloc(m->nctx, sizeof *r->ctx_docs);
        r->ctx_nodes = gcx_calloc(m->nctx, sizeof *r->ctx_nodes);
    }
    if (m->kind == GCX_MAP_CSV && m->ncolumns) {
        r->colmap = gcx_malloc(m->ncolumns * sizeof *r->colmap);
        if (r->colmap)
            for (i = 0; i < m->ncolumns; i++)
                r->colmap[i] = -1;
    }
    if (m->xpctx) {
        r->xp = xmlXPathNewContext(NULL);
        if (r->xp)
            for (i = 0; i < m->nns; i++) {
                char *eq = strchr(m->ns[i], '=');
                char pre[128];
                size_t n = (size_t)(eq - m->ns[i]);

                if (n >= sizeof pre)
                    n = sizeof pre - 1;
                memcpy(pre, m->ns[i], n);
                pre[n] = '\0';
                xmlXPathRegisterNs(r->xp, (const xmlChar *)pre,
                                   (const xmlChar *)eq + 1);
            }
    }
    if (!r->arena || (m->nctx && (!r->ctx_docs || !r->ctx_nodes)) ||
        (m->kind == GCX_MAP_CSV && m->ncolumns && !r->colmap) ||
        (m->xpctx && !r->xp)) {
        gcx_map_run_free(r);
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    }
    *out = r;
    return GCX_OK;
}

void gcx_map_run_free(gcx_map_run *r)
{
    size_t i;

    if (!r)
        return;
    mrev_free(r);
    gcx_arena_free(r->arena);
    gcx_buf_free(&r->val);
    gcx_buf_free(&r->tmp);
    gcx_buf_free(&r->part);
    gcx_buf_free(&r->cat);
    gcx_buf_free(&r->cat2);
    gcx_free(r->colmap);
    for (i = 0; r->ctx_docs && i < r->m->nctx; i++)
        xmlFreeDoc(r->ctx_docs[i]);
    gcx_free(r->ctx_docs);
    gcx_free(r->ctx_nodes);
    gcx_free(r->recs);
    if (r->xp)
        xmlXPathFreeContext(r->xp);
    gcx_free(r);
}

gcx_status gcx_map_bind_columns(gcx_map_run *r, const char *const *names,
                                const size_t *lens, size_t n,
                                gcx_error *err)
{
    const gcx_mapping *m = r->m;
    size_t i, j;

    for (i = 0; i < m->ncolumns; i++) {
        size_t cl = strlen(m->columns[i]);

        r->colmap[i] = -1;
        for (j = 0; j < n; j++)
            if (lens[j] == cl && memcmp(names[j], m->columns[i], cl) == 0)
                break;
        if (j == n)
            return gcx_error_set(err, GCX_E_INVALID,
                                 "the header has no column '%s', which "
                                 "mapping %s reads", m->columns[i],
                                 m->name);
        r->colmap[i] = (long)j;
    }
    return GCX_OK;
}

gcx_status gcx_map_set_context(gcx_map_run *r, size_t k, xmlNodePtr element,
                               gcx_error *err)
{
    xmlDocPtr doc;
    xmlNodePtr copy;

    if (k >= r->m->nctx)
        return gcx_error_set(err, GCX_E_USAGE, "no context %zu", k);
    doc = xmlNewDoc((const xmlChar *)"1.0");
    copy = doc ? xmlDocCopyNode(element, doc, 1) : NULL;
    if (!copy) {
        xmlFreeDoc(doc);
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    }
    xmlDocSetRootElement(doc, copy);
    xmlFreeDoc(r->ctx_docs[k]);
    r->ctx_docs[k] = doc;
    r->ctx_nodes[k] = copy;
    return GCX_OK;
}

/* Source values ------------------------------------------------------- */

/* A place in the source: an XML node, a JSON value, or the CSV row. */
typedef struct mcur {
    xmlNodePtr node;
    const gcx_json *value;
} mcur;

static int count_fn(xmlNodePtr n, void *arg)
{
    (void)n;
    (*(size_t *)arg)++;
    return 0;
}

static int count_json_fn(const gcx_json *v, void *arg)
{
    (void)v;
    (*(size_t *)arg)++;
    return 0;
}

size_t gcx_map_units(gcx_map_run *r, const gcx_map_source *src)
{
    size_t n = 0;

    if (!r->m->has_explode)
        return 1;
    if (r->m->kind == GCX_MAP_XML)
        mp_xml_each(&r->m->explode.path, src->element, count_fn, &n);
    else
        mp_json_each(&r->m->explode.path, src->value, count_json_fn, &n);
    return n;
}

/* path_base: where a path starts. */
static mcur path_base(gcx_map_run *r, const mp_path *p, mcur cur)
{
    mcur b = cur;

    if (p->context == -2) {
        b.node = r->rec_el;
        b.value = r->rec_json;
    } else if (p->context >= 0) {
        b.node = r->ctx_nodes[p->context];
        b.value = NULL;
    }
    return b;
}

/* eval_path: append the path's value to out; *present says whether there
 * was one. */
static gcx_status eval_path(gcx_map_run *r, const mrule *rule,
                            const mp_path *p, mcur cur, gcx_buf *out,
                            int *present)
{
    const gcx_map_source *src = r->src;
    mcur b;

    *present = 0;
    if (r->m->kind == GCX_MAP_CSV) {
        long f = r->colmap[p->column];

        if (f < 0 || (size_t)f >= src->nfields)
            return GCX_OK;
        *present = 1;
        return gcx_buf_append(out, src->fields[f], src->lens[f]);
    }
    b = path_base(r, p, cur);
    if (r->m->kind == GCX_MAP_XML) {
        xmlNodePtr n = b.node ? mp_xml_first(p, b.node) : NULL;

        if (!n)
            return GCX_OK;
        *present = 1;
        return mp_xml_text(n, out);
    } else {
        const gcx_json *v = mp_json_first(p, b.value);

        if (!v)
            return GCX_OK;
        switch (v->type) {
        case GCX_JSON_STRING:
        case GCX_JSON_NUMBER:
            *present = 1;
            return gcx_buf_append(out, v->u.text, v->len);
        case GCX_JSON_TRUE:
        case GCX_JSON_FALSE:
            *present = 1;
            return gcx_buf_puts(out, v->type == GCX_JSON_TRUE ? "true" :
                                "false");
        case GCX_JSON_NULL:
            return GCX_OK;
        default:
            return mr_fail(r, rule, "map.not-scalar", "'%s' is %s where "
                           "a single value was expected", p->text,
                           gcx_json_type_name(v));
        }
    }
}

static gcx_status apply_tx(gcx_map_run *r, const mrule *rule,
                           const mt_transform *x, gcx_buf *in,
                           gcx_buf *out, int *present);

static gcx_status eval_expr(gcx_map_run *r, const mrule *rule,
                            const mx_expr *x, mcur cur, gcx_buf *out,
                            int *present)
{
    gcx_status st;
    size_t i;

    *present = 0;
    switch (x->kind) {
    case MX_LITERAL:
        *present = 1;
        return gcx_buf_append(out, x->text, x->len);
    case MX_PATH:
        return eval_path(r, rule, &x->path, cur, out, present);
    case MX_XPATH: {
        xmlXPathObjectPtr o;
        xmlChar *s;

        r->xp->node = cur.node;
        r->xp->doc = cur.node ? cur.node->doc : NULL;
        o = xmlXPathCompiledEval(x->xpath, r->xp);
        if (!o)
            return mr_fail(r, rule, "map.xpath", "the XPath expression "
                           "'%s' failed on this record", x->text);
        s = xmlXPathCastToString(o);
        xmlXPathFreeObject(o);
        if (!s)
            return GCX_E_NOMEM;
        *present = s[0] != '\0';
        st = gcx_buf_puts(out, (const char *)s);
        xmlFree(s);
        return st;
    }
    case MX_CONCAT: {
        /* literals join the values that are present: a literal before
         * the first path is a prefix, after the last a suffix; the
         * literal before a missing value is dropped */
        gcx_buf *sep = &r->part, *cat = &r->cat;
        int any = 0, seen_path = 0, p;
        size_t k;

        gcx_buf_reset(sep);
        for (i = 0; i < x->nparts; i++) {
            const mx_expr *e = &x->parts[i];

            if (e->kind == MX_LITERAL) {
                st = gcx_buf_append(sep, e->text, e->len);
                if (st)
                    return st;
                continue;
            }
            gcx_buf_reset(cat);
            st = eval_expr(r, rule, e, cur, cat, &p);
            for (k = 0; st == GCX_OK && k < e->ntx; k++)
                st = apply_tx(r, rule, &e->tx[k], cat, &r->cat2, &p);
            if (st)
                return st;
            if (!p || cat->len == 0) {
                if (any || seen_path)
                    gcx_buf_reset(sep);
                seen_path = 1;
                continue;
            }
            if (any || !seen_path)
                st = gcx_buf_append(out, sep->data, sep->len);
            if (st == GCX_OK)
                st = gcx_buf_append(out, cat->data, cat->len);
            if (st)
                return st;
            gcx_buf_reset(sep);
            any = 1;
            seen_path = 1;
        }
        if (any && sep->len)
            st = gcx_buf_append(out, sep->data, sep->len);
        *present = any;
        return st;
    }
    }
    return GCX_E_INTERNAL;
}

/* Transforms ---------------------------------------------------------- */

static int is_blank(const gcx_buf *b)
{
    return b->len == 0;
}

/* apply_tx: run transform x on in (present in *present), using out as
 * scratch; the result is left in in. */
static gcx_status apply_tx(gcx_map_run *r, const mrule *rule,
                           const mt_transform *x, gcx_buf *in,
                           gcx_buf *out, int *present)
{
    const char *s = (const char *)in->data;
    const char *reason = NULL;
    gcx_error e;
    gcx_status st;
    gcx_buf swap;
    size_t n = in->len, ol;
    const char *v;

    if (x->kind == MT_DEFAULT) {
        if (!*present || is_blank(in)) {
            gcx_buf_reset(in);
            *present = 1;
            return gcx_buf_append(in, x->arg, x->arg_len);
        }
        return GCX_OK;
    }
    if (x->kind == MT_REQUIRED) {
        if (!*present || is_blank(in))
            return mr_fail(r, rule, "map.required", "%s is required and "
                           "the source has no value for it (%s)",
                           rule->target, rule->src.kind == MX_PATH ?
                           rule->src.path.text : "expression");
        return GCX_OK;
    }
    if (!*present || in->len == 0)
        return GCX_OK;      /* a missing or empty value stays missing */
    gcx_error_clear(&e);
    gcx_buf_reset(out);
    switch (x->kind) {
    case MT_TRIM:
        st = gcx_transform_trim(s, n, out, &reason, &e);
        break;
    case MT_COLLAPSE:
        st = gcx_transform_collapse(s, n, out, &reason, &e);
        break;
    case MT_UPPER:
        st = gcx_transform_upper(s, n, out, &reason, &e);
        break;
    case MT_LOWER:
        st = gcx_transform_lower(s, n, out, &reason, &e);
        break;
    case MT_DIGITS:
        st = gcx_transform_digits(s, n, out, &reason, &e);
        break;
    case MT_ID_CLEAN:
        st = gcx_transform_id_clean(s, n, out, &reason, &e);
        break;
    case MT_DATE:
        st = gcx_transform_date(x->pattern, s, n, out, &reason, &e);
        break;
    case MT_DATETIME:
        st = gcx_transform_datetime(x->pattern, s, n, out, &reason, &e);
        break;
    case MT_HIJRI:
        st = gcx_transform_hijri(x->pattern, s, n, out, &reason, &e);
        break;
    case MT_HIJRI_VALUE:
        st = gcx_transform_hijri_iso(x->pattern, s, n, out, &reason, &e);
        break;
    case MT_DECIMAL:
        st = gcx_transform_decimal(s, n, (unsigned)x->num, out, &reason,
                                   &e);
        break;
    case MT_NUMBER:
        st = gcx_transform_number(s, n, out, &reason, &e);
        break;
    case MT_E164:
        st = gcx_transform_e164(s, n, x->state, out, &reason, &e);
        break;
    case MT_SPLIT:
        st = gcx_transform_split(s, n, x->arg, x->arg_len, (size_t)x->num,
                                 out, present, &reason, &e);
        break;
    case MT_CODE:
    case MT_LOOKUP:
        if (x->kind == MT_LOOKUP) {
            st = mc_fold_key(s, n, out);
            if (st)
                return st;
            v = mc_find(x->codes, (const char *)out->data, out->len, &ol);
        } else {
            v = mc_find(x->codes, s, n, &ol);
        }
        if (!v)
            return mr_fail(r, rule, x->kind == MT_CODE ? "map.code-unknown"
                           : "map.lookup-unknown", "'%.*s' is not in %s "
                           "'%s'", (int)(n > 80 ? 80 : n), s,
                           x->kind == MT_CODE ? "code list" : "table",
                           x->codes->name);
        gcx_buf_reset(out);
        st = gcx_buf_append(out, v, ol);
        break;
    default:
        return GCX_E_INTERNAL;
    }
    if (st == GCX_E_INVALID)
        return mr_fail(r, rule, reason ? reason : "map.invalid", "%s",
                       e.message);
    if (st)
        return st;
    swap = *in;
    *in = *out;
    *out = swap;
    return GCX_OK;
}

/* Building the record ------------------------------------------------- */

static gcx_json *get_member(gcx_map_run *r, gcx_json *obj, const char *k,
                            size_t len, gcx_json_type want)
{
    size_t i;
    gcx_json *v;

    for (i = 0; i < obj->len; i++)
        if (obj->u.members[i].key_len == len &&
            memcmp(obj->u.members[i].key, k, len) == 0)
            return obj->u.members[i].value;
    v = want == GCX_JSON_ARRAY ? gcx_json_new_array(r->arena, 2)
                               : gcx_json_new_object(r->arena, 4);
    if (!v || gcx_json_object_put(r->arena, obj, k, len, v) != GCX_OK)
        return NULL;
    return v;
}

static gcx_json *get_item(gcx_map_run *r, gcx_json *arr, long idx,
                          gcx_json_type want)
{
    while (arr->len <= (size_t)idx) {
        gcx_json *v = gcx_json_new_null(r->arena);

        if (!v || gcx_json_array_push(r->arena, arr, v) != GCX_OK)
            return NULL;
    }
    if (arr->u.items[idx]->type == GCX_JSON_NULL && want != GCX_JSON_NULL) {
        gcx_json *v = want == GCX_JSON_ARRAY ?
                      gcx_json_new_array(r->arena, 2) :
                      gcx_json_new_object(r->arena, 4);

        if (!v)
            return NULL;
        arr->u.items[idx] = v;
    }
    return arr->u.items[idx];
}

/* container: walk the target's steps but the last from base, creating
 * objects and arrays; NULL when out of memory or when a value is in the
 * way (a mapping conflict). */
static gcx_json *container(gcx_map_run *r, gcx_json *base, const mrule *rule,
                           size_t upto)
{
    size_t i;

    for (i = 0; i < upto && base; i++) {
        const mtgt_step *s = &rule->tsteps[i];
        gcx_json_type want = (i + 1 < rule->ntsteps &&
                              !rule->tsteps[i + 1].name) ?
                             GCX_JSON_ARRAY : GCX_JSON_OBJECT;

        if (s->name) {
            if (base->type != GCX_JSON_OBJECT)
                return NULL;
            base = get_member(r, base, s->name, s->len, want);
        } else {
            if (base->type != GCX_JSON_ARRAY)
                return NULL;
            base = get_item(r, base, s->index, want);
        }
    }
    return base;
}

static gcx_status typed_value(gcx_map_run *r, const mrule *rule,
                              const gcx_schema_node *node, const char *s,
                              size_t n, gcx_json **out)
{
    size_t i;

    if (node->type == GCX_SCHEMA_INTEGER) {
        for (i = (n && s[0] == '-') ? 1 : 0; i < n; i++)
            if (s[i] < '0' || s[i] > '9')
                break;
        if (n == 0 || i < n || (s[0] == '-' && n == 1) ||
            (s[s[0] == '-'] == '0' && n > (size_t)(s[0] == '-') + 1))
            return mr_fail(r, rule, "map.not-integer", "%s is an integer "
                           "and the value is '%.*s'", rule->target,
                           (int)(n > 60 ? 60 : n), s);
        *out = gcx_json_new_number(r->arena, s, n);
    } else if (node->type == GCX_SCHEMA_BOOLEAN) {
        if (n == 4 && memcmp(s, "true", 4) == 0)
            *out = gcx_json_new_bool(r->arena, 1);
        else if (n == 5 && memcmp(s, "false", 5) == 0)
            *out = gcx_json_new_bool(r->arena, 0);
        else
            return mr_fail(r, rule, "map.not-boolean", "%s is true or "
                           "false and the value is '%.*s'", rule->target,
                           (int)(n > 60 ? 60 : n), s);
    } else {
        *out = gcx_json_new_string(r->arena, s, n);
    }
    return *out ? GCX_OK : GCX_E_NOMEM;
}

/* set_target: write v at the rule's target from base. *cache is the
 * previous rule's container (or NULL) and receives this one's. */
static gcx_status set_target(gcx_map_run *r, gcx_json *base,
                             const mrule *rule, gcx_json *v,
                             gcx_json **cache)
{
    gcx_json *c = rule->same_container && *cache ? *cache :
                  container(r, base, rule, rule->ntsteps - 1);
    const mtgt_step *last = &rule->tsteps[rule->ntsteps - 1];

    *cache = c;
    size_t i;

    if (!c)
        return mr_fail(r, rule, "map.conflict", "another rule put a "
                       "value where %s needs a container", rule->target);
    if (last->name) {
        for (i = 0; i < c->len; i++)
            if (c->u.members[i].key_len == last->len &&
                memcmp(c->u.members[i].key, last->name, last->len) == 0) {
                c->u.members[i].value = v;
                return GCX_OK;
            }
        return gcx_json_object_put(r->arena, c, last->name, last->len, v);
    }
    if (!get_item(r, c, last->index, GCX_JSON_NULL))
        return GCX_E_NOMEM;
    c->u.items[last->index] = v;
    return GCX_OK;
}

static gcx_status cond_holds(gcx_map_run *r, const mrule *rule, mcur cur,
                             int *holds)
{
    const mcond *c = &rule->cond;
    gcx_status st;
    int p;

    *holds = 1;
    if (c->kind == MCOND_NONE)
        return GCX_OK;
    gcx_buf_reset(&r->part);
    st = eval_path(r, rule, &c->expr.path, cur, &r->part, &p);
    if (st)
        return st;
    switch (c->kind) {
    case MCOND_EXISTS:
        *holds = p;
        break;
    case MCOND_NOT_EXISTS:
        *holds = !p;
        break;
    case MCOND_EQ:
    case MCOND_NE:
        *holds = p && r->part.len == c->value_len &&
                 memcmp(r->part.data, c->value, c->value_len) == 0;
        if (c->kind == MCOND_NE)
            *holds = !*holds;
        break;
    default:
        break;
    }
    return GCX_OK;
}

static gcx_status run_rules(gcx_map_run *r, mrule *const *rules, size_t n,
                            mcur cur, gcx_json *base);

/* rule_value: evaluate a value rule into r->val; *present. */
static gcx_status rule_value(gcx_map_run *r, const mrule *rule, mcur cur,
                             int *present)
{
    gcx_status st;
    size_t i;

    gcx_buf_reset(&r->val);
    st = eval_expr(r, rule, &rule->src, cur, &r->val, present);
    for (i = 0; st == GCX_OK && i < rule->ntx; i++)
        st = apply_tx(r, rule, &rule->tx[i], &r->val, &r->tmp, present);
    if (st == GCX_OK && *present && r->val.len == 0)
        *present = 0;
    return st;
}

typedef struct group_ctx {
    gcx_map_run *r;
    const mrule *rule;
    gcx_json *arr;
    gcx_status st;
} group_ctx;

static int group_item(gcx_map_run *r, const mrule *rule, gcx_json *arr,
                      mcur cur, gcx_status *out)
{
    gcx_status st;
    gcx_json *item;
    int holds, present;

    st = cond_holds(r, rule, cur, &holds);
    if (st || !holds) {
        *out = st;
        return st != GCX_OK;
    }
    if (rule->nrules == 0) {
        /* a group of single values: the match through the transforms */
        size_t i;

        gcx_buf_reset(&r->val);
        present = 1;
        if (cur.node) {
            st = mp_xml_text(cur.node, &r->val);
        } else if (cur.value->type == GCX_JSON_STRING ||
                   cur.value->type == GCX_JSON_NUMBER) {
            st = gcx_buf_append(&r->val, cur.value->u.text,
                                cur.value->len);
        } else {
            st = mr_fail(r, rule, "map.not-scalar", "an item of %s is "
                         "%s where a single value was expected",
                         rule->src.path.text,
                         gcx_json_type_name(cur.value));
        }
        for (i = 0; st == GCX_OK && i < rule->ntx; i++)
            st = apply_tx(r, rule, &rule->tx[i], &r->val, &r->tmp, &present);
        if (st == GCX_OK && present && r->val.len) {
            gcx_json *v;

            st = typed_value(r, rule, rule->node,
                             (const char *)r->val.data, r->val.len, &v);
            if (st == GCX_OK)
                st = gcx_json_array_push(r->arena, arr, v);
        }
        *out = st;
        return st != GCX_OK;
    }
    item = gcx_json_new_object(r->arena, 4);
    if (!item) {
        *out = GCX_E_NOMEM;
        return 1;
    }
    st = run_rules(r, rule->rules, rule->nrules, cur, item);
    if (st == GCX_OK && item->len)
        st = gcx_json_array_push(r->arena, arr, item);
    *out = st;
    return st != GCX_OK;
}

static int group_xml_fn(xmlNodePtr n, void *arg)
{
    group_ctx *g = arg;
    mcur cur;

    cur.node = n;
    cur.value = NULL;
    return group_item(g->r, g->rule, g->arr, cur, &g->st);
}

static int group_json_fn(const gcx_json *v, void *arg)
{
    group_ctx *g = arg;
    mcur cur;

    cur.node = NULL;
    cur.value = v;
    return group_item(g->r, g->rule, g->arr, cur, &g->st);
}

static gcx_status run_group(gcx_map_run *r, const mrule *rule, mcur cur,
                            gcx_json *base)
{
    group_ctx g;
    gcx_json *arr;
    mcur b;
    gcx_json *c = container(r, base, rule, rule->ntsteps - 1);
    const mtgt_step *last = &rule->tsteps[rule->ntsteps - 1];

    if (!c || !last->name || c->type != GCX_JSON_OBJECT)
        return mr_fail(r, rule, "map.conflict", "the group %s[] cannot be "
                       "placed", rule->target);
    arr = get_member(r, c, last->name, last->len, GCX_JSON_ARRAY);
    if (!arr)
        return GCX_E_NOMEM;
    if (arr->type != GCX_JSON_ARRAY)
        return mr_fail(r, rule, "map.conflict", "%s is not an array",
                       rule->target);
    g.r = r;
    g.rule = rule;
    g.arr = arr;
    g.st = GCX_OK;
    b = path_base(r, &rule->src.path, cur);
    if (r->m->kind == GCX_MAP_XML)
        mp_xml_each(&rule->src.path, b.node, group_xml_fn, &g);
    else        /* JSON: the parser refuses groups in CSV mappings */
        mp_json_each(&rule->src.path, b.value, group_json_fn, &g);
    return g.st;
}

static gcx_status run_rules(gcx_map_run *r, mrule *const *rules, size_t n,
                            mcur cur, gcx_json *base)
{
    gcx_status st;
    size_t i;
    int present, holds;

    gcx_json *cache = NULL;

    for (i = 0; i < n; i++) {
        const mrule *rule = rules[i];
        gcx_json *v;

        if (rule->is_group) {
            cache = NULL;
            st = run_group(r, rule, cur, base);
            if (st)
                return st;
            continue;
        }
        st = cond_holds(r, rule, cur, &holds);
        if (st)
            return st;
        if (!holds) {
            cache = NULL;
            continue;
        }
        st = rule_value(r, rule, cur, &present);
        if (st)
            return st;
        if (!present) {
            cache = NULL;
            continue;
        }
        st = typed_value(r, rule, rule->node, (const char *)r->val.data,
                         r->val.len, &v);
        if (st == GCX_OK)
            st = set_target(r, base, rule, v, &cache);
        if (st)
            return st;
    }
    return GCX_OK;
}

/* prune: drop empty objects and arrays and null placeholders; 1 when v
 * itself ends up empty. */
static int prune(gcx_json *v)
{
    size_t i, j;

    if (v->type == GCX_JSON_NULL)
        return 1;
    if (v->type == GCX_JSON_OBJECT) {
        for (i = j = 0; i < v->len; i++)
            if (!prune(v->u.members[i].value))
                v->u.members[j++] = v->u.members[i];
        v->len = j;
        return j == 0;
    }
    if (v->type == GCX_JSON_ARRAY) {
        for (i = j = 0; i < v->len; i++)
            if (!prune(v->u.items[i]))
                v->u.items[j++] = v->u.items[i];
        v->len = j;
        return j == 0;
    }
    return 0;
}

static gcx_status finish(gcx_map_run *r, gcx_json *rec,
                         const gcx_map_provenance *prov)
{
    const gcx_mapping *m = r->m;
    gcx_json *p, *v;
    char num[32];
    int n;

    prune(rec);
    p = gcx_json_new_object(r->arena, 4);
    if (!p || gcx_json_object_put(r->arena, rec, "provenance", 10, p))
        return GCX_E_NOMEM;
    v = gcx_json_new_string(r->arena, m->name, strlen(m->name));
    if (!v || gcx_json_object_put(r->arena, p, "mapping", 7, v))
        return GCX_E_NOMEM;
    v = gcx_json_new_string(r->arena, m->version, strlen(m->version));
    if (!v || gcx_json_object_put(r->arena, p, "mappingVersion", 14, v))
        return GCX_E_NOMEM;
    v = gcx_json_new_string(r->arena, prov->input, strlen(prov->input));
    if (!v || gcx_json_object_put(r->arena, p, "input", 5, v))
        return GCX_E_NOMEM;
    n = snprintf(num, sizeof num, "%llu", prov->record);
    v = gcx_json_new_number(r->arena, num, (size_t)n);
    if (!v || gcx_json_object_put(r->arena, p, "record", 6, v))
        return GCX_E_NOMEM;
    return GCX_OK;
}

/* new_record: an empty record with its envelope's constant members. */
static gcx_json *new_record(gcx_map_run *r)
{
    const gcx_mapping *m = r->m;
    gcx_json *rec = gcx_json_new_object(r->arena, 16), *v;

    if (!rec)
        return NULL;
    v = gcx_json_new_string(r->arena, "1.0", 3);
    if (!v || gcx_json_object_put(r->arena, rec, "schemaVersion", 13, v))
        return NULL;
    v = gcx_json_new_string(r->arena, m->target, strlen(m->target));
    if (!v || gcx_json_object_put(r->arena, rec, "recordType", 10, v))
        return NULL;
    return rec;
}

typedef struct nth_ctx {
    size_t want, at;
    xmlNodePtr node;
    const gcx_json *value;
} nth_ctx;

static int nth_xml_fn(xmlNodePtr n, void *arg)
{
    nth_ctx *c = arg;

    if (c->at++ == c->want) {
        c->node = n;
        return 1;
    }
    return 0;
}

static int nth_json_fn(const gcx_json *v, void *arg)
{
    nth_ctx *c = arg;

    if (c->at++ == c->want) {
        c->value = v;
        return 1;
    }
    return 0;
}

static gcx_status push_rec(gcx_map_run *r, gcx_json *rec)
{
    if (r->nrecs == r->caprecs) {
        size_t nc = r->caprecs ? r->caprecs * 2 : 8;
        gcx_json **a = gcx_realloc(r->recs, nc * sizeof *a);

        if (!a)
            return GCX_E_NOMEM;
        r->recs = a;
        r->caprecs = nc;
    }
    r->recs[r->nrecs++] = rec;
    return GCX_OK;
}

gcx_status gcx_map_forward(gcx_map_run *r, const gcx_map_source *src,
                           size_t unit, const gcx_map_provenance *prov,
                           gcx_json ***recs, size_t *n,
                           gcx_map_failure *why, gcx_error *err)
{
    const gcx_mapping *m = r->m;
    gcx_status st = GCX_OK;
    gcx_json *rec;
    mcur cur;
    size_t i;

    *recs = NULL;
    *n = 0;
    r->nrecs = 0;
    r->why = why;
    r->src = src;
    r->rec_el = src->element;
    r->rec_json = src->value;
    if (why)
        memset(why, 0, sizeof *why);
    gcx_arena_reset(r->arena);
    cur.node = src->element;
    cur.value = src->value;
    if (m->has_explode) {
        nth_ctx c;

        memset(&c, 0, sizeof c);
        c.want = unit;
        if (m->kind == GCX_MAP_XML)
            mp_xml_each(&m->explode.path, src->element, nth_xml_fn, &c);
        else
            mp_json_each(&m->explode.path, src->value, nth_json_fn, &c);
        if (!c.node && !c.value)
            return gcx_error_set(err, GCX_E_USAGE, "no unit %zu", unit);
        cur.node = c.node;
        cur.value = c.value;
    }
    if (m->nemits == 0) {
        rec = new_record(r);
        if (!rec)
            st = GCX_E_NOMEM;
        if (st == GCX_OK)
            st = run_rules(r, m->top.rules, m->top.nrules, cur, rec);
        if (st == GCX_OK)
            st = finish(r, rec, prov);
        if (st == GCX_OK)
            st = push_rec(r, rec);
    }
    for (i = 0; st == GCX_OK && i < m->nemits; i++) {
        rec = new_record(r);
        if (!rec) {
            st = GCX_E_NOMEM;
            break;
        }
        st = run_rules(r, m->top.rules, m->top.nrules, cur, rec);
        if (st == GCX_OK)
            st = run_rules(r, m->emits[i].rules, m->emits[i].nrules, cur,
                           rec);
        if (st == GCX_OK)
            st = finish(r, rec, prov);
        if (st == GCX_OK)
            st = push_rec(r, rec);
    }
    if (st == GCX_E_INVALID)
        return gcx_error_set(err, GCX_E_INVALID, "%s: %s",
                             why ? why->reason : "map", why ? why->message :
                             "record cannot be mapped");
    if (st == GCX_E_NOMEM)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    if (st)
        return gcx_error_set(err, st, "mapping failed");
    *recs = r->recs;
    *n = r->nrecs;
    return GCX_OK;
}
