/* lib/map_reverse.c - run a compiled mapping backwards: canonical records
 * in, the national shape out (docs/mapping-language.md, "The reverse
 * direction").
 *
 * Each rule is read backwards: the canonical value at its target goes
 * through the transforms' reverses, last first, and is written at its
 * source path, creating elements, attributes, members or CSV fields on
 * the way, in rule order. The record is built whole (an XML element tree,
 * a JSON object, a CSV row) and only then appended to the output, so a
 * record that fails leaves nothing behind.
 */
#include "internal.h"

#include <stdio.h>
#include <gcx/csv.h>
#include <gcx/json_out.h>
#include <gcx/xml_out.h>
#include "map_internal.h"

typedef struct mrev {
    xmlDocPtr doc;        /* XML: owns the record element being built */
    gcx_arena *arena;     /* JSON: the record being built */
    const char **fields;  /* CSV: one a column, NULL = empty */
    size_t *lens;
    gcx_buf store;        /* CSV field bytes */
    size_t *offs;
    gcx_buf rec;          /* the record's serialisation */
    size_t nrecs;
    const char *wrapper_local; /* XML: the record element's qname */
} mrev;

void mrev_free(gcx_map_run *r)
{
    mrev *v = r->rev;

    if (!v)
        return;
    xmlFreeDoc(v->doc);
    gcx_arena_free(v->arena);
    gcx_free(v->fields);
    gcx_free(v->lens);
    gcx_free(v->offs);
    gcx_buf_free(&v->store);
    gcx_buf_free(&v->rec);
    gcx_free(v);
    r->rev = NULL;
}

static mrev *rev_state(gcx_map_run *r)
{
    mrev *v = r->rev;
    size_t n = r->m->ncolumns ? r->m->ncolumns : 1;

    if (v)
        return v;
    v = gcx_calloc(1, sizeof *v);
    if (!v)
        return NULL;
    gcx_buf_init(&v->store, 0);
    gcx_buf_init(&v->rec, 0);
    v->arena = gcx_arena_new();
    v->fields = gcx_calloc(n, sizeof *v->fields);
    v->lens = gcx_calloc(n, sizeof *v->lens);
    v->offs = gcx_calloc(n, sizeof *v->offs);
    r->rev = v;
    if (!v->arena || !v->fields || !v->lens || !v->offs) {
        mrev_free(r);
        return NULL;
    }
    return v;
}

/* Canonical values ---------------------------------------------------- */

/* canon_at: the canonical value at the rule's target from base. */
static const gcx_json *canon_at(const gcx_json *base, const mrule *rule,
                                size_t nsteps)
{
    size_t i;

    for (i = 0; i < nsteps && base; i++) {
        const mtgt_step *s = &rule->tsteps[i];

        if (s->name) {
            size_t k;
            const gcx_json *found = NULL;

            if (base->type != GCX_JSON_OBJECT)
                return NULL;
            for (k = 0; k < base->len; k++)
                if (base->u.members[k].key_len == s->len &&
                    memcmp(base->u.members[k].key, s->name, s->len) == 0)
                    found = base->u.members[k].value;
            base = found;
        } else {
            if (base->type != GCX_JSON_ARRAY ||
                (size_t)s->index >= base->len)
                return NULL;
            base = base->u.items[s->index];
        }
    }
    return base;
}

/* reverse_txs: run transforms tx (n of them, rule's) backwards on
 * r->val. */
static gcx_status reverse_txs(gcx_map_run *r, const mrule *rule,
                              const mt_transform *tx, size_t ntx)
{
    size_t i;

    for (i = ntx; i-- > 0;) {
        const mt_transform *x = &tx[i];
        const char *s = (const char *)r->val.data;
        size_t n = r->val.len, ol;
        const char *reason = NULL, *v;
        gcx_error e;
        gcx_status st = GCX_OK;
        gcx_buf swap;

        gcx_error_clear(&e);
        gcx_buf_reset(&r->tmp);
        switch (x->kind) {
        case MT_DIGITS:
            if (!x->option)
                continue;
            st = gcx_transform_digits_to(s, n, (gcx_digit_script)x->option,
                                         &r->tmp, &reason, &e);
            break;
        case MT_DATE:
            st = gcx_transform_date_format(x->pattern, s, n, &r->tmp,
                                           &reason, &e);
            break;
        case MT_DATETIME:
            st = gcx_transform_datetime_format(x->pattern, s, n, &r->tmp,
                                               &reason, &e);
            break;
        case MT_HIJRI:
            st = gcx_transform_hijri_format(x->pattern, s, n, &r->tmp,
                                            &reason, &e);
            break;
        case MT_HIJRI_VALUE:
            st = gcx_transform_hijri_iso_format(x->pattern, s, n, &r->tmp,
                                                &reason, &e);
            break;
        case MT_E164:
            st = gcx_transform_e164_format(s, n, x->state,
                                           (gcx_phone_form)x->option,
                                           &r->tmp, &reason, &e);
            break;
        case MT_CODE:
        case MT_LOOKUP:
            v = mc_find_reverse(x->codes, s, n, &ol);
            if (!v)
                return mr_fail(r, rule, x->kind == MT_CODE ?
                               "map.code-unknown" : "map.lookup-unknown",
                               "'%.*s' is no value of %s '%s'",
                               (int)(n > 80 ? 80 : n), s,
                               x->kind == MT_CODE ? "code list" : "table",
                               x->codes->name);
            st = gcx_buf_append(&r->tmp, v, ol);
            break;
        case MT_SPLIT:
            return mr_fail(r, rule, "map.not-reversible", "split cannot "
                           "be reversed");
        default:
            continue;     /* normalising transforms: identity */
        }
        if (st == GCX_E_INVALID)
            return mr_fail(r, rule, reason ? reason : "map.invalid", "%s",
                           e.message);
        if (st)
            return st;
        swap = r->val;
        r->val = r->tmp;
        r->tmp = swap;
    }
    return GCX_OK;
}

/* reverse_tx: run the rule's transforms backwards on r->val. */
static gcx_status reverse_tx(gcx_map_run *r, const mrule *rule)
{
    return reverse_txs(r, rule, rule->tx, rule->ntx);
}

/* value_text: the canonical scalar v as text in r->val; 0 when v is no
 * scalar (nothing to write). */
static int value_text(gcx_map_run *r, const gcx_json *v)
{
    gcx_buf_reset(&r->val);
    if (!v)
        return 0;
    switch (v->type) {
    case GCX_JSON_STRING:
    case GCX_JSON_NUMBER:
        return gcx_buf_append(&r->val, v->u.text, v->len) == GCX_OK;
    case GCX_JSON_TRUE:
        return gcx_buf_puts(&r->val, "true") == GCX_OK;
    case GCX_JSON_FALSE:
        return gcx_buf_puts(&r->val, "false") == GCX_OK;
    default:
        return 0;
    }
}

static int tx_has_number(const mt_transform *tx, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (tx[i].kind == MT_NUMBER)
            return 1;
    return 0;
}

static int has_number_tx(const mrule *rule)
{
    return tx_has_number(rule->tx, rule->ntx);
}

/* is_json_number: text is an RFC 8259 number (a `number` rule's value
 * in reverse is written as one only then: Arabic-Indic digits stay a
 * string). */
static int is_json_number(const char *s, size_t n)
{
    size_t i = 0;

    if (i < n && s[i] == '-')
        i++;
    if (i >= n || s[i] < '0' || s[i] > '9')
        return 0;
    if (s[i] == '0')
        i++;
    else
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
    if (i < n && s[i] == '.') {
        size_t d = ++i;

        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == d)
            return 0;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t d;

        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        d = i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == d)
            return 0;
    }
    return i == n;
}

/* Placing values: XML --------------------------------------------------- */

static char *qname(const char *prefix, const char *local, char *buf,
                   size_t n)
{
    if (prefix)
        snprintf(buf, n, "%s:%s", prefix, local);
    else
        snprintf(buf, n, "%s", local);
    return buf;
}

static int x_text_is(xmlNodePtr n, const char *v, size_t len)
{
    xmlChar *c = xmlNodeGetContent(n);
    int eq = c && strlen((const char *)c) == len &&
             memcmp(c, v, len) == 0;

    xmlFree(c);
    return eq;
}

static xmlNodePtr x_child_named(xmlNodePtr el, const char *qn)
{
    xmlNodePtr c;

    for (c = el->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE &&
            strcmp((const char *)c->name, qn) == 0)
            return c;
    return NULL;
}

/* x_step_find: the child of el matching step st (built qnames), or a new
 * one when create (always new when fresh). */
static xmlNodePtr x_step(xmlNodePtr el, const mp_step *st, int fresh)
{
    char qn[256], pq[256];
    xmlNodePtr c, last = NULL;
    long pos = 0;

    qname(st->prefix, st->local, qn, sizeof qn);
    if (st->pred != MP_PRED_NONE)
        qname(st->pprefix, st->pname, pq, sizeof pq);
    for (c = fresh ? NULL : el->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE ||
            strcmp((const char *)c->name, qn) != 0)
            continue;
        switch (st->pred) {
        case MP_PRED_NONE:
            return c;
        case MP_PRED_POS:
            if (++pos == st->pos)
                return c;
            last = c;
            break;
        case MP_PRED_ATTR: {
            xmlChar *a = xmlGetProp(c, (const xmlChar *)pq);
            int eq = a && strlen((const char *)a) == st->pvalue_len &&
                     memcmp(a, st->pvalue, st->pvalue_len) == 0;

            xmlFree(a);
            if (eq)
                return c;
            break;
        }
        case MP_PRED_CHILD: {
            xmlNodePtr k = x_child_named(c, pq);

            if (k && x_text_is(k, st->pvalue, st->pvalue_len))
                return c;
            break;
        }
        default:
            break;
        }
    }
    (void)last;
    if (st->pred == MP_PRED_POS && !fresh) {
        /* create the missing ones up to the position */
        while (++pos < st->pos)
            if (!xmlNewChild(el, NULL, (const xmlChar *)qn, NULL))
                return NULL;
    }
    c = xmlNewChild(el, NULL, (const xmlChar *)qn, NULL);
    if (!c)
        return NULL;
    if (st->pred == MP_PRED_ATTR) {
        char *v = gcx_malloc(st->pvalue_len + 1);

        if (!v)
            return NULL;
        memcpy(v, st->pvalue, st->pvalue_len);
        v[st->pvalue_len] = '\0';
        xmlNewProp(c, (const xmlChar *)pq, (const xmlChar *)v);
        gcx_free(v);
    } else if (st->pred == MP_PRED_CHILD) {
        xmlNodePtr k = xmlNewChild(c, NULL, (const xmlChar *)pq, NULL);

        if (!k)
            return NULL;
        xmlNodeAddContentLen(k, (const xmlChar *)st->pvalue,
                             (int)st->pvalue_len);
    }
    return c;
}

/* x_place: write text at path p from el; the last element step is new
 * when fresh. *node receives the element reached (groups). */
static gcx_status x_place(gcx_map_run *r, const mrule *rule,
                          const mp_path *p, xmlNodePtr el, const char *v,
                          size_t len, int fresh, xmlNodePtr *node)
{
    size_t i, last_el = p->nsteps;
    char qn[256];

    for (i = p->nsteps; i-- > 0;)
        if (p->steps[i].kind == MP_CHILD) {
            last_el = i;
            break;
        }
    for (i = 0; i < p->nsteps; i++) {
        const mp_step *st = &p->steps[i];

        if (st->kind == MP_SELF)
            continue;
        if (st->kind == MP_ATTR) {
            xmlChar *old;
            char *copy;

            qname(st->prefix, st->local, qn, sizeof qn);
            if (!v)
                break;
            old = xmlGetProp(el, (const xmlChar *)qn);
            if (old) {
                int eq = strlen((const char *)old) == len &&
                         memcmp(old, v, len) == 0;

                xmlFree(old);
                if (!eq)
                    return mr_fail(r, rule, "map.reverse-conflict",
                                   "two rules write different values at "
                                   "%s", p->text);
                return GCX_OK;
            }
            copy = gcx_malloc(len + 1);
            if (!copy)
                return GCX_E_NOMEM;
            memcpy(copy, v, len);
            copy[len] = '\0';
            if (!xmlNewProp(el, (const xmlChar *)qn, (const xmlChar *)copy))
            {
                gcx_free(copy);
                return GCX_E_NOMEM;
            }
            gcx_free(copy);
            return GCX_OK;
        }
        el = x_step(el, st, fresh && i == last_el);
        if (!el)
            return GCX_E_NOMEM;
    }
    if (node)
        *node = el;
    if (!v)
        return GCX_OK;
    if (el->children) {
        if (!x_text_is(el, v, len))
            return mr_fail(r, rule, "map.reverse-conflict", "two rules "
                           "write different values at %s", p->text);
        return GCX_OK;
    }
    if (len)
        xmlNodeAddContentLen(el, (const xmlChar *)v, (int)len);
    return GCX_OK;
}

/* Placing values: JSON -------------------------------------------------- */

static gcx_json *j_member(gcx_arena *a, gcx_json *o, const char *k,
                          size_t len, gcx_json_type want)
{
    size_t i;
    gcx_json *v;

    for (i = 0; i < o->len; i++)
        if (o->u.members[i].key_len == len &&
            memcmp(o->u.members[i].key, k, len) == 0)
            return o->u.members[i].value;
    if (want == GCX_JSON_NULL)
        v = gcx_json_new_null(a);
    else
        v = want == GCX_JSON_ARRAY ? gcx_json_new_array(a, 2)
                                   : gcx_json_new_object(a, 4);
    if (!v || gcx_json_object_put(a, o, k, len, v) != GCX_OK)
        return NULL;
    return v;
}

/* j_place: write v at p from o (an object); fresh: the last array step
 * appends a new item. *node receives the value reached. */
static gcx_status j_place(gcx_map_run *r, const mrule *rule,
                          const mp_path *p, gcx_json *o, gcx_json *v,
                          int fresh, gcx_json **node)
{
    gcx_arena *a = ((mrev *)r->rev)->arena;
    size_t i;

    for (i = 0; i < p->nsteps; i++) {
        const mp_step *st = &p->steps[i];
        int last = i + 1 == p->nsteps;
        gcx_json *next;
        gcx_json_type want;

        if (st->kind == MP_SELF)
            continue;
        if (o->type != GCX_JSON_OBJECT && st->kind == MP_CHILD)
            return mr_fail(r, rule, "map.reverse-conflict", "%s needs an "
                           "object where another rule put %s", p->text,
                           gcx_json_type_name(o));
        want = st->pred != MP_PRED_NONE ? GCX_JSON_ARRAY :
               ((last && v) ? GCX_JSON_NULL : GCX_JSON_OBJECT);
        next = st->kind == MP_CHILD ?
               j_member(a, o, st->local, st->local_len, want) : o;
        if (!next)
            return GCX_E_NOMEM;
        if (st->pred != MP_PRED_NONE) {
            gcx_json *item = NULL;
            size_t k;

            if (next->type != GCX_JSON_ARRAY)
                return mr_fail(r, rule, "map.reverse-conflict",
                               "%s: an array is needed where another rule "
                               "put %s", p->text, gcx_json_type_name(next));
            if (st->pred == MP_PRED_POS) {
                while (next->len <= (size_t)st->pos) {
                    gcx_json *n = gcx_json_new_object(a, 4);

                    if (!n || gcx_json_array_push(a, next, n))
                        return GCX_E_NOMEM;
                }
                item = next->u.items[st->pos];
            } else if (st->pred == MP_PRED_CHILD && !(fresh && last)) {
                for (k = 0; k < next->len && !item; k++) {
                    const gcx_json *m = gcx_json_object_get(next->u.items[k],
                                                            st->pname);

                    if (m && m->len == st->pvalue_len &&
                        (m->type == GCX_JSON_STRING) &&
                        memcmp(m->u.text, st->pvalue, m->len) == 0)
                        item = next->u.items[k];
                }
            }
            if (!item) {
                item = gcx_json_new_object(a, 4);
                if (!item || gcx_json_array_push(a, next, item))
                    return GCX_E_NOMEM;
                if (st->pred == MP_PRED_CHILD) {
                    gcx_json *kv = gcx_json_new_string(a, st->pvalue,
                                                       st->pvalue_len);

                    if (!kv || gcx_json_object_put(a, item, st->pname,
                                                   strlen(st->pname), kv))
                        return GCX_E_NOMEM;
                }
            }
            next = item;
        }
        if (last && v) {
            size_t k;

            /* next is the slot (null) or an existing value */
            for (k = 0; k < o->len; k++)
                if (o->u.members[k].value == next)
                    break;
            if (next->type == GCX_JSON_NULL && k < o->len) {
                o->u.members[k].value = v;
            } else if (!gcx_json_equal(next, v)) {
                return mr_fail(r, rule, "map.reverse-conflict", "two "
                               "rules write different values at %s",
                               p->text);
            }
            return GCX_OK;
        }
        o = next;
    }
    if (node)
        *node = o;
    return GCX_OK;
}

/* j_place_item: append a new item (v, or a new object when v is NULL)
 * to the array at p from o, creating what leads there; *item receives
 * it. A single value where the array should be becomes an array. */
static gcx_status j_place_item(gcx_map_run *r, const mrule *rule,
                               const mp_path *p, gcx_json *o, gcx_json *v,
                               gcx_json **item, gcx_json **array)
{
    gcx_arena *a = ((mrev *)r->rev)->arena;
    const mp_step *last;
    gcx_json *arr;
    gcx_status st;

    if (p->nsteps == 0 || p->steps[p->nsteps - 1].kind != MP_CHILD)
        return mr_fail(r, rule, "map.not-reversible", "the group's path "
                       "%s does not end with a member name", p->text);
    if (p->nsteps > 1) {
        mp_path head = *p;

        head.nsteps--;
        st = j_place(r, rule, &head, o, NULL, 0, &o);
        if (st)
            return st;
    }
    last = &p->steps[p->nsteps - 1];
    if (o->type != GCX_JSON_OBJECT)
        return mr_fail(r, rule, "map.reverse-conflict", "%s needs an "
                       "object", p->text);
    arr = j_member(a, o, last->local, last->local_len, GCX_JSON_ARRAY);
    if (!arr)
        return GCX_E_NOMEM;
    if (arr->type != GCX_JSON_ARRAY)
        return mr_fail(r, rule, "map.reverse-conflict", "%s is not an "
                       "array", p->text);
    if (!v)
        v = gcx_json_new_object(a, 4);
    if (!v || gcx_json_array_push(a, arr, v))
        return GCX_E_NOMEM;
    *item = v;
    *array = arr;
    return GCX_OK;
}

/* Rules backwards ------------------------------------------------------- */

typedef struct rcur {
    xmlNodePtr el;        /* XML */
    gcx_json *obj;        /* JSON */
    gcx_json *arr;        /* JSON, in a group: the array holding obj, */
    size_t idx;           /* at this index ("." replaces the item) */
} rcur;

static int is_self(const mp_path *p)
{
    size_t i;

    for (i = 0; i < p->nsteps; i++)
        if (p->steps[i].kind != MP_SELF)
            return 0;
    return p->nsteps > 0;
}

/* detached: a "." rule replaced the group's item by a single value, so
 * obj is no longer in the output. */
static int detached(rcur cur)
{
    return cur.arr && cur.arr->u.items[cur.idx] != cur.obj;
}

static gcx_status put_text(gcx_map_run *r, const mrule *rule,
                           const mp_path *p, rcur cur, const char *v,
                           size_t len, int as_number)
{
    mrev *rv = r->rev;

    if (r->m->kind == GCX_MAP_XML)
        return x_place(r, rule, p, cur.el, v, len, 0, NULL);
    if (r->m->kind == GCX_MAP_CSV) {
        size_t c = p->column;
        gcx_status st;

        if (rv->fields[c]) {
            if (rv->lens[c] != len ||
                memcmp((const char *)rv->store.data + rv->offs[c], v,
                       len) != 0)
                return mr_fail(r, rule, "map.reverse-conflict", "two rules "
                               "write different values in column '%s'",
                               p->text);
            return GCX_OK;
        }
        rv->offs[c] = rv->store.len;
        rv->lens[c] = len;
        rv->fields[c] = "";
        st = gcx_buf_append(&rv->store, v, len);
        return st;
    }
    {
        gcx_json *jv = as_number && is_json_number(v, len) ?
                       gcx_json_new_number(rv->arena, v, len) :
                       gcx_json_new_string(rv->arena, v, len);

        if (!jv)
            return GCX_E_NOMEM;
        if (is_self(p)) {
            /* "." in a group: the item itself is the value */
            gcx_json *item;

            if (!cur.arr)
                return mr_fail(r, rule, "map.not-reversible", "'%s' is "
                               "the record itself: it cannot be written "
                               "back as a value", p->text);
            item = cur.arr->u.items[cur.idx];
            if (item == cur.obj && item->type == GCX_JSON_OBJECT &&
                item->len == 0) {
                cur.arr->u.items[cur.idx] = jv;
                return GCX_OK;
            }
            if (item != cur.obj && gcx_json_equal(item, jv))
                return GCX_OK;
            return mr_fail(r, rule, "map.reverse-conflict", "two rules "
                           "write different values at %s", p->text);
        }
        if (detached(cur))
            return mr_fail(r, rule, "map.reverse-conflict", "%s needs an "
                           "object where another rule put a single value",
                           p->text);
        return j_place(r, rule, p, cur.obj, jv, 0, NULL);
    }
}

static gcx_status rev_rules(gcx_map_run *r, mrule *const *rules, size_t n,
                            const gcx_json *canon, rcur cur);

static gcx_status rev_cond(gcx_map_run *r, const mrule *rule, rcur cur)
{
    if (rule->cond.kind != MCOND_EQ)
        return GCX_OK;
    return put_text(r, rule, &rule->cond.expr.path, cur, rule->cond.value,
                    rule->cond.value_len, 0);
}

static gcx_status rev_group(gcx_map_run *r, const mrule *rule,
                            const gcx_json *canon, rcur cur)
{
    const gcx_json *arr = canon_at(canon, rule, rule->ntsteps);
    gcx_status st = GCX_OK;
    size_t i;

    if (!arr || arr->type != GCX_JSON_ARRAY)
        return GCX_OK;
    if (r->m->kind != GCX_MAP_XML && detached(cur))
        return mr_fail(r, rule, "map.reverse-conflict", "%s needs an "
                       "object where another rule put a single value",
                       rule->src.path.text);
    for (i = 0; i < arr->len && st == GCX_OK; i++) {
        const gcx_json *item = arr->u.items[i];
        rcur ic = cur;

        if (r->m->kind == GCX_MAP_XML) {
            const char *v = NULL;
            size_t len = 0;

            if (rule->nrules == 0) {
                if (!value_text(r, item))
                    continue;
                st = reverse_tx(r, rule);
                if (st)
                    return st;
                v = (const char *)r->val.data;
                len = r->val.len;
                if (!v)
                    v = "";
            }
            st = x_place(r, rule, &rule->src.path, cur.el, v, len, 1,
                         &ic.el);
        } else {
            gcx_json *jv = NULL;

            if (rule->nrules == 0) {
                if (!value_text(r, item))
                    continue;
                st = reverse_tx(r, rule);
                if (st)
                    return st;
                jv = has_number_tx(rule) &&
                     is_json_number((const char *)r->val.data,
                                    r->val.len) ?
                     gcx_json_new_number(((mrev *)r->rev)->arena,
                                         (const char *)r->val.data,
                                         r->val.len) :
                     gcx_json_new_string(((mrev *)r->rev)->arena,
                                         (const char *)r->val.data,
                                         r->val.len);
                if (!jv)
                    return GCX_E_NOMEM;
                st = j_place_item(r, rule, &rule->src.path, cur.obj, jv,
                                  &ic.obj, &ic.arr);
            } else {
                st = j_place_item(r, rule, &rule->src.path, cur.obj, NULL,
                                  &ic.obj, &ic.arr);
            }
            if (st == GCX_OK)
                ic.idx = ic.arr->len - 1;
        }
        if (st == GCX_OK && rule->nrules)
            st = rev_cond(r, rule, ic);
        if (st == GCX_OK && rule->nrules)
            st = rev_rules(r, rule->rules, rule->nrules, item, ic);
    }
    return st;
}

/* other_constant: another constant rule of rule's target in rules
 * carries the value v. */
static int other_constant(mrule *const *rules, size_t n, const mrule *rule,
                          const char *v, size_t len)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (rules[i] != rule && !rules[i]->is_group &&
            rules[i]->src.kind == MX_LITERAL &&
            strcmp(rules[i]->target, rule->target) == 0 &&
            rules[i]->src.len == len &&
            (len == 0 || memcmp(rules[i]->src.text, v, len) == 0))
            return 1;
    return 0;
}

/* rev_concat: a concat of one path (more are not reversible): r->val
 * must carry the literals around the path's value; the value goes
 * through the part's transforms backwards to the path. */
static gcx_status rev_concat(gcx_map_run *r, const mrule *rule, rcur cur)
{
    const mx_expr *x = &rule->src, *part;
    const char *s = r->val.data ? (const char *)r->val.data : "";
    size_t n = r->val.len, pre = 0, suf = 0, at, i, k;
    gcx_buf swap;
    gcx_status st;
    int ok;

    for (k = 0; k < x->nparts; k++)
        if (x->parts[k].kind == MX_PATH)
            break;
    if (k == x->nparts)
        return GCX_OK;
    part = &x->parts[k];
    for (i = 0; i < x->nparts; i++)
        if (x->parts[i].kind == MX_LITERAL)
            *(i < k ? &pre : &suf) += x->parts[i].len;
    ok = n >= pre + suf;
    for (i = 0, at = 0; ok && i < k; at += x->parts[i++].len)
        ok = memcmp(s + at, x->parts[i].text, x->parts[i].len) == 0;
    for (i = k + 1, at = n - suf; ok && i < x->nparts;
         at += x->parts[i++].len)
        ok = memcmp(s + at, x->parts[i].text, x->parts[i].len) == 0;
    if (!ok)
        return mr_fail(r, rule, "map.constant-mismatch", "%s is '%.*s', "
                       "which is not what the mapping's concat( writes",
                       rule->target, (int)(n > 60 ? 60 : n), s);
    gcx_buf_reset(&r->tmp);
    st = gcx_buf_append(&r->tmp, s + pre, n - pre - suf);
    if (st)
        return st;
    swap = r->val;
    r->val = r->tmp;
    r->tmp = swap;
    st = reverse_txs(r, rule, part->tx, part->ntx);
    if (st)
        return st;
    return put_text(r, rule, &part->path, cur, (const char *)r->val.data,
                    r->val.len, has_number_tx(rule) ||
                    tx_has_number(part->tx, part->ntx));
}

static gcx_status rev_rules(gcx_map_run *r, mrule *const *rules, size_t n,
                            const gcx_json *canon, rcur cur)
{
    gcx_status st;
    size_t i;

    for (i = 0; i < n; i++) {
        const mrule *rule = rules[i];
        const gcx_json *v;

        if (rule->not_reversible)
            continue;
        if (rule->is_group) {
            st = rev_group(r, rule, canon, cur);
            if (st)
                return st;
            continue;
        }
        v = canon_at(canon, rule, rule->ntsteps);
        if (rule->src.kind == MX_LITERAL) {
            /* a constant: the record must carry it (or another constant
             * rule of the same target, one whose condition held) */
            if (v && (!value_text(r, v) || r->val.len != rule->src.len ||
                      memcmp(r->val.data, rule->src.text, r->val.len))) {
                if (other_constant(rules, n, rule, r->val.data,
                                   r->val.len))
                    continue;
                return mr_fail(r, rule, "map.constant-mismatch", "%s is "
                               "'%.*s' and this mapping only carries '%s'",
                               rule->target, (int)(r->val.len > 60 ? 60 :
                                                   r->val.len),
                               (const char *)r->val.data, rule->src.text);
            }
            st = v ? rev_cond(r, rule, cur) : GCX_OK;
            if (st)
                return st;
            continue;
        }
        if (!value_text(r, v))
            continue;
        st = reverse_tx(r, rule);
        if (st == GCX_OK && rule->src.kind == MX_CONCAT) {
            st = rev_concat(r, rule, cur);
        } else if (st == GCX_OK && rule->src.kind == MX_PATH) {
            st = put_text(r, rule, &rule->src.path, cur,
                          (const char *)r->val.data, r->val.len,
                          has_number_tx(rule));
        }
        if (st == GCX_OK)
            st = rev_cond(r, rule, cur);
        if (st)
            return st;
    }
    return GCX_OK;
}

/* Output ---------------------------------------------------------------- */

/* record_qname: the record element's qname (the records path's last
 * step); the wrapper steps are the ones before it. */
static gcx_status xml_steps(const gcx_mapping *m, char ***steps, size_t *n)
{
    char *copy = gcx_strdup(m->records + 1), *p, *q;
    size_t k = 0;

    *steps = NULL;
    *n = 0;
    if (!copy)
        return GCX_E_NOMEM;
    for (p = copy; *p; p++)
        if (*p == '/')
            k++;
    *steps = gcx_calloc(k + 2, sizeof **steps);
    if (!*steps) {
        gcx_free(copy);
        return GCX_E_NOMEM;
    }
    (*steps)[0] = copy;     /* the block, freed through steps[0] */
    k = 0;
    for (p = copy; p; p = q) {
        q = strchr(p, '/');
        if (q)
            *q++ = '\0';
        (*steps)[k++] = p;
    }
    *n = k;
    return GCX_OK;
}

static gcx_status write_el(gcx_xw *w, xmlNodePtr el, int depth,
                           gcx_error *err)
{
    static const char spaces[] = "\n                                "
                                 "                                ";
    xmlAttrPtr a;
    xmlNodePtr c;
    gcx_status st;
    int has_el = 0;
    int ind = depth * 2 < 64 ? depth * 2 : 64;

    st = gcx_xw_start(w, (const char *)el->name,
                      strlen((const char *)el->name), err);
    for (a = el->properties; st == GCX_OK && a; a = a->next) {
        xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);

        st = gcx_xw_attr(w, (const char *)a->name,
                         strlen((const char *)a->name),
                         v ? (const char *)v : "",
                         v ? strlen((const char *)v) : 0, err);
        xmlFree(v);
    }
    for (c = el->children; st == GCX_OK && c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            has_el = 1;
            st = gcx_xw_text(w, spaces, (size_t)ind + 3, err);
            if (st == GCX_OK)
                st = write_el(w, c, depth + 1, err);
        } else if (c->type == XML_TEXT_NODE && c->content) {
            st = gcx_xw_text(w, (const char *)c->content,
                             strlen((const char *)c->content), err);
        }
    }
    if (st == GCX_OK && has_el)
        st = gcx_xw_text(w, spaces, (size_t)ind + 1, err);
    if (st == GCX_OK)
        st = gcx_xw_end(w, err);
    return st;
}

gcx_status gcx_map_reverse_begin(gcx_map_run *r, gcx_buf *out,
                                 gcx_error *err)
{
    const gcx_mapping *m = r->m;
    mrev *v = rev_state(r);
    gcx_status st = GCX_OK;
    size_t i;

    if (!v)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    if (m->kind == GCX_MAP_XML) {
        char **steps;
        size_t n;
        gcx_xw *w;

        st = xml_steps(m, &steps, &n);
        if (st)
            return gcx_error_set(err, st, "out of memory");
        w = gcx_xw_new(out);
        if (!w) {
            gcx_free(steps[0]);
            gcx_free(steps);
            return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
        }
        st = gcx_xw_declaration(w, err);
        for (i = 0; st == GCX_OK && i + 1 < n; i++) {
            if (i > 0)
                st = gcx_buf_putc(out, '\n');
            if (st == GCX_OK)
                st = gcx_buf_printf(out, "<%s", steps[i]);
            if (st == GCX_OK && i == 0) {
                size_t k;

                for (k = 0; st == GCX_OK && k < m->nns; k++) {
                    char *eq = strchr(m->ns[k], '=');

                    const char *u;

                    st = gcx_buf_printf(out, " xmlns:%.*s=\"",
                                        (int)(eq - m->ns[k]), m->ns[k]);
                    for (u = eq + 1; st == GCX_OK && *u; u++)
                        st = *u == '"' ? gcx_buf_puts(out, "&quot;") :
                             *u == '&' ? gcx_buf_puts(out, "&amp;") :
                             *u == '<' ? gcx_buf_puts(out, "&lt;") :
                             gcx_buf_putc(out, *u);
                    if (st == GCX_OK)
                        st = gcx_buf_putc(out, '"');
                }
            }
            if (st == GCX_OK)
                st = gcx_buf_putc(out, '>');
        }
        gcx_xw_free(w);
        gcx_free(steps[0]);
        gcx_free(steps);
        v->nrecs = 0;
        return st == GCX_OK ? GCX_OK :
               gcx_error_set(err, st, "cannot write the document start");
    }
    if (m->kind == GCX_MAP_JSON) {
        const char *p = m->records;

        while (*p == '/') {
            const char *q = strchr(p + 1, '/');
            size_t len = q ? (size_t)(q - p - 1) : strlen(p + 1);

            st = gcx_buf_putc(out, '{');
            if (st == GCX_OK)
                st = gcx_json_escape(out, p + 1, len);
            if (st == GCX_OK)
                st = gcx_buf_putc(out, ':');
            if (st)
                break;
            p = q ? q : p + 1 + len;
        }
        if (st == GCX_OK)
            st = gcx_buf_putc(out, '[');
        return st == GCX_OK ? GCX_OK :
               gcx_error_set(err, st, "cannot write the document start");
    }
    if (m->kind == GCX_MAP_CSV) {
        st = gcx_csv_write_row(out, (const char *const *)m->columns, NULL,
                               m->ncolumns, m->delimiter, GCX_CSV_CRLF, err);
        return st;
    }
    return GCX_OK;
}

gcx_status gcx_map_reverse(gcx_map_run *r, const gcx_json *record,
                           gcx_buf *out, gcx_map_failure *why,
                           gcx_error *err)
{
    const gcx_mapping *m = r->m;
    mrev *v = rev_state(r);
    const gcx_json *rt;
    gcx_status st;
    rcur cur;
    size_t i;

    if (!v)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    r->why = why;
    if (why)
        memset(why, 0, sizeof *why);
    rt = record && record->type == GCX_JSON_OBJECT ?
         gcx_json_object_get(record, "recordType") : NULL;
    if (!rt || rt->type != GCX_JSON_STRING || strcmp(rt->u.text, m->target))
    {
        mr_fail(r, NULL, "map.record-type", "mapping %s carries %s "
                "records and this one is %s", m->name, m->target,
                rt && rt->type == GCX_JSON_STRING ? rt->u.text :
                "not a canonical record");
        return gcx_error_set(err, GCX_E_INVALID, "%s",
                             why ? why->message : "wrong record type");
    }
    memset(&cur, 0, sizeof cur);
    gcx_buf_reset(&v->rec);
    if (m->kind == GCX_MAP_XML) {
        char **steps;
        size_t n;

        xmlFreeDoc(v->doc);
        v->doc = xmlNewDoc((const xmlChar *)"1.0");
        st = xml_steps(m, &steps, &n);
        if (st || !v->doc) {
            if (!st) {
                gcx_free(steps[0]);
                gcx_free(steps);
            }
            return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
        }
        cur.el = xmlNewDocNode(v->doc, NULL,
                               (const xmlChar *)steps[n - 1], NULL);
        gcx_free(steps[0]);
        gcx_free(steps);
        if (!cur.el)
            return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
        xmlDocSetRootElement(v->doc, cur.el);
    } else if (m->kind == GCX_MAP_CSV) {
        for (i = 0; i < m->ncolumns; i++)
            v->fields[i] = NULL;
        gcx_buf_reset(&v->store);
    } else {
        gcx_arena_reset(v->arena);
        cur.obj = gcx_json_new_object(v->arena, 8);
        if (!cur.obj)
            return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    }
    st = rev_rules(r, m->top.rules, m->top.nrules, record, cur);
    if (st == GCX_E_INVALID)
        return gcx_error_set(err, st, "%s: %s", why ? why->reason : "map",
                             why ? why->message : "cannot reverse");
    if (st)
        return gcx_error_set(err, st, "cannot reverse the record");
    /* serialise, then append: a failure leaves out as it was */
    if (m->kind == GCX_MAP_XML) {
        gcx_xw *w = gcx_xw_new(&v->rec);

        if (!w)
            return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
        st = gcx_buf_puts(&v->rec, "\n  ");
        if (st == GCX_OK)
            st = write_el(w, cur.el, 1, err);
        gcx_xw_free(w);
    } else if (m->kind == GCX_MAP_CSV) {
        const char **f = v->fields;

        for (i = 0; i < m->ncolumns; i++) {
            if (f[i])
                f[i] = (const char *)v->store.data + v->offs[i];
            else {
                f[i] = "";
                v->lens[i] = 0;
            }
        }
        st = gcx_csv_write_row(&v->rec, f, v->lens, m->ncolumns,
                               m->delimiter, GCX_CSV_CRLF, err);
    } else {
        gcx_jw jw;

        if (m->kind == GCX_MAP_JSON && v->nrecs > 0)
            st = gcx_buf_putc(&v->rec, ',');
        if (st == GCX_OK && m->kind == GCX_MAP_JSON)
            st = gcx_buf_putc(&v->rec, '\n');
        gcx_jw_init(&jw, &v->rec, 0);
        if (st == GCX_OK)
            st = gcx_jw_value(&jw, cur.obj);
        if (st == GCX_OK && m->kind == GCX_MAP_NDJSON)
            st = gcx_buf_putc(&v->rec, '\n');
    }
    if (st == GCX_E_INVALID) {
        /* the writer refused a name or value (a NUL byte, bad UTF-8) */
        mr_fail(r, NULL, "map.not-writable", "the record cannot be written "
                "in the national shape: %s", err ? err->message : "");
        return GCX_E_INVALID;
    }
    if (st == GCX_OK)
        st = gcx_buf_append(out, v->rec.data, v->rec.len);
    if (st)
        return err && err->code ? st :
               gcx_error_set(err, st, "cannot write the record");
    v->nrecs++;
    return GCX_OK;
}

gcx_status gcx_map_reverse_end(gcx_map_run *r, gcx_buf *out,
                               gcx_error *err)
{
    const gcx_mapping *m = r->m;
    gcx_status st = GCX_OK;
    size_t i;

    if (m->kind == GCX_MAP_XML) {
        char **steps;
        size_t n;

        st = xml_steps(m, &steps, &n);
        if (st)
            return gcx_error_set(err, st, "out of memory");
        for (i = n - 1; st == GCX_OK && i-- > 0;)
            st = gcx_buf_printf(out, "\n</%s>", steps[i]);
        if (st == GCX_OK)
            st = gcx_buf_putc(out, '\n');
        gcx_free(steps[0]);
        gcx_free(steps);
    } else if (m->kind == GCX_MAP_JSON) {
        const char *p = m->records;

        st = gcx_buf_puts(out, "\n]");
        for (; st == GCX_OK && *p; p++)
            if (*p == '/')
                st = gcx_buf_putc(out, '}');
        if (st == GCX_OK)
            st = gcx_buf_putc(out, '\n');
    }
    return st == GCX_OK ? GCX_OK :
           gcx_error_set(err, st, "cannot write the document end");
}
