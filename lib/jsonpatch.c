/* lib/jsonpatch.c - RFC 6902 JSON Patch and RFC 6901 JSON Pointer on
 * gcx_json values: the document is deep-copied into the caller's arena
 * and patched there, so a failed patch changes nothing. Numbers compare
 * by value for "test", exactly, on their decimal text.
 */
#include "internal.h"

#include <stdio.h>

#include <gcx/jsonpatch.h>

/* Pointer tokens: raw (still escaped) slices of the pointer text. */
typedef struct tok {
    const char *p;
    size_t n;
} tok;

/* The largest decimal exponent (in magnitude) compared by value; beyond
 * it numbers compare by their text (docs/patch.md). */
#define MAX_EXP 1000000000000000LL

/* check_pointer: GCX_OK when ptr is an RFC 6901 pointer. */
static gcx_status check_pointer(const char *ptr, size_t len,
                                gcx_error *err)
{
    size_t i;

    if (len == 0)
        return GCX_OK;
    if (ptr[0] != '/')
        return gcx_error_set(err, GCX_E_USAGE, "JSON Pointer '%.*s' does "
                             "not start with '/'", (int)(len > 80 ? 80
                             : len), ptr);
    for (i = 0; i < len; i++)
        if (ptr[i] == '~' && (i + 1 >= len ||
                              (ptr[i + 1] != '0' && ptr[i + 1] != '1')))
            return gcx_error_set(err, GCX_E_USAGE, "JSON Pointer '%.*s': "
                                 "'~' not followed by 0 or 1",
                                 (int)(len > 80 ? 80 : len), ptr);
    return GCX_OK;
}

/* next_tok: the token after position *pos (at a '/'); advances *pos. */
static tok next_tok(const char *ptr, size_t len, size_t *pos)
{
    tok t;
    size_t i = *pos + 1;

    t.p = ptr + i;
    while (i < len && ptr[i] != '/')
        i++;
    t.n = (size_t)(ptr + i - t.p);
    *pos = i;
    return t;
}

/* tok_is: 1 when the unescaped token equals the key of klen bytes. */
static int tok_is(tok t, const char *key, size_t klen)
{
    size_t i = 0, k = 0;
    char c;

    while (i < t.n) {
        c = t.p[i++];
        if (c == '~')
            c = t.p[i++] == '0' ? '~' : '/';
        if (k >= klen || key[k++] != c)
            return 0;
    }
    return k == klen;
}

/* tok_key: the unescaped token in arena a (NUL-terminated); *klen set. */
static char *tok_key(gcx_arena *a, tok t, size_t *klen)
{
    char *s = gcx_arena_alloc(a, t.n + 1);
    size_t i = 0, k = 0;

    if (!s)
        return NULL;
    while (i < t.n) {
        s[k] = t.p[i++];
        if (s[k] == '~')
            s[k] = t.p[i++] == '0' ? '~' : '/';
        k++;
    }
    s[k] = '\0';
    *klen = k;
    return s;
}

/* tok_index: 0 with *idx for an array index ("0", or digits without a
 * leading zero), 1 for "-", -1 for anything else. */
static int tok_index(tok t, size_t *idx)
{
    size_t i, v = 0;

    if (t.n == 1 && t.p[0] == '-')
        return 1;
    if (t.n == 0 || (t.p[0] == '0' && t.n > 1))
        return -1;
    for (i = 0; i < t.n; i++) {
        if (t.p[i] < '0' || t.p[i] > '9')
            return -1;
        if (v > ((size_t)-1 - 9) / 10)
            return -1;
        v = v * 10 + (size_t)(t.p[i] - '0');
    }
    *idx = v;
    return 0;
}

/* obj_find: the index of the member named by t in obj, or -1. */
static long obj_find(const gcx_json *obj, tok t)
{
    size_t i;

    for (i = 0; i < obj->len; i++)
        if (tok_is(t, obj->u.members[i].key, obj->u.members[i].key_len))
            return (long)i;
    return -1;
}

/* child: the value token t designates inside v, or NULL. */
static gcx_json *child(const gcx_json *v, tok t)
{
    size_t idx;
    long m;

    if (v->type == GCX_JSON_OBJECT) {
        m = obj_find(v, t);
        return m < 0 ? NULL : v->u.members[m].value;
    }
    if (v->type == GCX_JSON_ARRAY && tok_index(t, &idx) == 0 &&
        idx < v->len)
        return v->u.items[idx];
    return NULL;
}

/* walk: the parent of the value ptr (not "") designates, and its last
 * token; NULL when a step before the last leads nowhere. */
static gcx_json *walk(gcx_json *doc, const char *ptr, size_t len,
                      tok *last)
{
    size_t pos = 0;
    gcx_json *v = doc;
    tok t = next_tok(ptr, len, &pos);

    while (pos < len) {
        v = child(v, t);
        if (!v)
            return NULL;
        t = next_tok(ptr, len, &pos);
    }
    *last = t;
    return v;
}

gcx_status gcx_jsonpatch_pointer_get(const gcx_json *doc, const char *ptr,
                                     size_t len, const gcx_json **out,
                                     gcx_error *err)
{
    gcx_json *parent;
    gcx_status st;
    tok t;

    *out = NULL;
    st = check_pointer(ptr, len, err);
    if (st)
        return st;
    if (len == 0) {
        *out = doc;
        return GCX_OK;
    }
    parent = walk((gcx_json *)doc, ptr, len, &t);
    if (parent)
        *out = child(parent, t);
    if (!*out)
        return gcx_error_set(err, GCX_E_INVALID, "no value at '%.*s'",
                             (int)(len > 200 ? 200 : len), ptr);
    return GCX_OK;
}

/* ------------------------------------------------------------ equality */

/* A number's value as sign, significant digits and exponent:
 * (neg ? -1 : 1) * DIGITS * 10^exp, DIGITS without leading or trailing
 * zeros; zero has no digits and is never negative. */
typedef struct num {
    int neg;
    const char *text;   /* the source text, for the digits */
    size_t len;
    long long exp;
    size_t ndig;        /* significant digits */
    size_t first;       /* index in text of the first significant digit */
    int overflow;       /* exponent beyond MAX_EXP */
} num;

/* num_digit: the k-th significant digit of n (skipping the point). */
static char num_digit(const num *n, size_t k)
{
    size_t i = n->first;

    for (;;) {
        if (n->text[i] == '.') {
            i++;
            continue;
        }
        if (k == 0)
            return n->text[i];
        k--;
        i++;
    }
}

static void num_parse(num *n, const char *s, size_t len)
{
    size_t i = 0, int_end, frac_start = 0, frac_end = 0, last_nz = 0;
    long long e = 0, place;
    int eneg = 0, any = 0;

    memset(n, 0, sizeof *n);
    n->text = s;
    n->len = len;
    if (i < len && s[i] == '-') {
        n->neg = 1;
        i++;
    }
    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++;
    int_end = i;
    if (i < len && s[i] == '.') {
        frac_start = ++i;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
        frac_end = i;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            eneg = s[i++] == '-';
        for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
            if (e > MAX_EXP)
                n->overflow = 1;
            else
                e = e * 10 + (s[i] - '0');
        }
        if (eneg)
            e = -e;
    }
    /* significant digits: the first non-zero to the last non-zero */
    for (i = (size_t)n->neg; i < (frac_end ? frac_end : int_end); i++) {
        if (s[i] == '.' || s[i] == '0')
            continue;
        if (!any) {
            n->first = i;
            any = 1;
        }
        last_nz = i;
    }
    if (!any) {
        n->neg = 0;   /* -0 is 0 */
        n->ndig = 0;
        n->exp = 0;
        return;
    }
    for (i = n->first; i <= last_nz; i++)
        if (s[i] != '.')
            n->ndig++;
    /* DIGITS ends at last_nz, whose place value is
     * 10^(int_end - last_nz - 1) in the integer part, or
     * 10^-(last_nz - frac_start + 1) in the fraction */
    if (last_nz < int_end)
        place = (long long)(int_end - last_nz - 1);
    else
        place = -(long long)(last_nz - frac_start + 1);
    n->exp = e + place;
    if (n->exp > MAX_EXP || n->exp < -MAX_EXP)
        n->overflow = 1;
}

static int num_equal(const gcx_json *a, const gcx_json *b)
{
    num x, y;
    size_t k;

    num_parse(&x, a->u.text, a->len);
    num_parse(&y, b->u.text, b->len);
    if (x.overflow || y.overflow)
        return a->len == b->len && memcmp(a->u.text, b->u.text,
                                          a->len) == 0;
    if (x.neg != y.neg || x.ndig != y.ndig || x.exp != y.exp)
        return 0;
    for (k = 0; k < x.ndig; k++)
        if (num_digit(&x, k) != num_digit(&y, k))
            return 0;
    return 1;
}

int gcx_jsonpatch_equal(const gcx_json *a, const gcx_json *b)
{
    size_t i, j;

    if (a == b)
        return 1;
    if (!a || !b || a->type != b->type)
        return 0;
    switch (a->type) {
    case GCX_JSON_NUMBER:
        return num_equal(a, b);
    case GCX_JSON_STRING:
        return a->len == b->len && memcmp(a->u.text, b->u.text,
                                          a->len) == 0;
    case GCX_JSON_ARRAY:
        if (a->len != b->len)
            return 0;
        for (i = 0; i < a->len; i++)
            if (!gcx_jsonpatch_equal(a->u.items[i], b->u.items[i]))
                return 0;
        return 1;
    case GCX_JSON_OBJECT:
        if (a->len != b->len)
            return 0;
        for (i = 0; i < a->len; i++) {
            const gcx_json_member *x = &a->u.members[i];

            for (j = 0; j < b->len; j++) {
                const gcx_json_member *y = &b->u.members[j];

                if (x->key_len == y->key_len &&
                    memcmp(x->key, y->key, x->key_len) == 0)
                    break;
            }
            if (j == b->len ||
                !gcx_jsonpatch_equal(x->value, b->u.members[j].value))
                return 0;
        }
        return 1;
    default:
        return 1;
    }
}

/* ---------------------------------------------------------------- copy */

gcx_json *gcx_jsonpatch_copy(gcx_arena *a, const gcx_json *v)
{
    gcx_json *c;
    size_t i;

    switch (v->type) {
    case GCX_JSON_ARRAY:
        c = gcx_json_new_array(a, v->len);
        for (i = 0; c && i < v->len; i++) {
            gcx_json *item = gcx_jsonpatch_copy(a, v->u.items[i]);

            if (!item || gcx_json_array_push(a, c, item))
                return NULL;
        }
        break;
    case GCX_JSON_OBJECT:
        c = gcx_json_new_object(a, v->len);
        for (i = 0; c && i < v->len; i++) {
            const gcx_json_member *m = &v->u.members[i];
            gcx_json *val = gcx_jsonpatch_copy(a, m->value);

            if (!val || gcx_json_object_put(a, c, m->key, m->key_len, val))
                return NULL;
        }
        break;
    case GCX_JSON_NUMBER:
        c = gcx_json_new_number(a, v->u.text, v->len);
        break;
    case GCX_JSON_STRING:
        c = gcx_json_new_string(a, v->u.text, v->len);
        break;
    case GCX_JSON_NULL:
        c = gcx_json_new_null(a);
        break;
    default:
        c = gcx_json_new_bool(a, v->type == GCX_JSON_TRUE);
        break;
    }
    if (c) {
        c->line = v->line;
        c->column = v->column;
    }
    return c;
}

/* --------------------------------------------------------------- apply */

/* One operation being applied, for messages. */
typedef struct op_ctx {
    gcx_arena *a;
    size_t index;
    const char *name;
    const char *path;
    size_t path_len;
    gcx_error *err;
} op_ctx;

static gcx_status op_fail(const op_ctx *o, gcx_status code,
                          const char *why)
{
    int n = (int)(o->path_len > 200 ? 200 : o->path_len);

    return gcx_error_set(o->err, code, "operation %lu (%s %.*s): %s",
                         (unsigned long)o->index, o->name, n,
                         o->path ? o->path : "", why);
}

static gcx_status nomem(const op_ctx *o)
{
    return op_fail(o, GCX_E_NOMEM, "out of memory");
}

/* member: the value of op's member name, or NULL when it is missing. */
static const gcx_json *member(const gcx_json *op, const char *name)
{
    return gcx_json_object_get(op, name);
}

/* add_at: RFC 6902 "add" of v (owned by the document from now on) at
 * ptr in *doc. */
static gcx_status add_at(const op_ctx *o, gcx_json **doc, const char *ptr,
                         size_t len, gcx_json *v)
{
    gcx_json *parent;
    tok t;
    size_t idx, klen;
    long m;
    char *key;
    int r;

    if (len == 0) {
        *doc = v;
        return GCX_OK;
    }
    parent = walk(*doc, ptr, len, &t);
    if (!parent)
        return op_fail(o, GCX_E_INVALID, "the parent of the path does "
                       "not exist");
    if (parent->type == GCX_JSON_OBJECT) {
        m = obj_find(parent, t);
        if (m >= 0) {
            parent->u.members[m].value = v;
            return GCX_OK;
        }
        key = tok_key(o->a, t, &klen);
        if (!key || gcx_json_object_put(o->a, parent, key, klen, v))
            return nomem(o);
        return GCX_OK;
    }
    if (parent->type != GCX_JSON_ARRAY)
        return op_fail(o, GCX_E_INVALID, "the parent of the path is "
                       "neither an object nor an array");
    r = tok_index(t, &idx);
    if (r < 0)
        return op_fail(o, GCX_E_INVALID, "not an array index (digits "
                       "without a leading zero, or '-')");
    if (r == 1)
        idx = parent->len;
    if (idx > parent->len)
        return op_fail(o, GCX_E_INVALID, "array index past the end");
    if (gcx_json_array_push(o->a, parent, v))
        return nomem(o);
    memmove(parent->u.items + idx + 1, parent->u.items + idx,
            (parent->len - 1 - idx) * sizeof *parent->u.items);
    parent->u.items[idx] = v;
    return GCX_OK;
}

/* take_at: the value at ptr, removed from *doc when remove is set
 * (else replaced by repl when repl is not NULL); *out the old value. */
static gcx_status take_at(const op_ctx *o, gcx_json **doc, const char *ptr,
                          size_t len, int remove, gcx_json *repl,
                          gcx_json **out)
{
    gcx_json *parent;
    tok t;
    size_t idx;
    long m;
    int r;

    if (len == 0) {
        if (remove)
            return op_fail(o, GCX_E_INVALID, "cannot remove the whole "
                           "document");
        *out = *doc;
        if (repl)
            *doc = repl;
        return GCX_OK;
    }
    parent = walk(*doc, ptr, len, &t);
    if (!parent)
        return op_fail(o, GCX_E_INVALID, "the path does not exist");
    if (parent->type == GCX_JSON_OBJECT) {
        m = obj_find(parent, t);
        if (m < 0)
            return op_fail(o, GCX_E_INVALID, "the path does not exist");
        *out = parent->u.members[m].value;
        if (remove) {
            memmove(parent->u.members + m, parent->u.members + m + 1,
                    (parent->len - (size_t)m - 1)
                        * sizeof *parent->u.members);
            parent->len--;
        } else if (repl) {
            parent->u.members[m].value = repl;
        }
        return GCX_OK;
    }
    if (parent->type != GCX_JSON_ARRAY)
        return op_fail(o, GCX_E_INVALID, "the path does not exist");
    r = tok_index(t, &idx);
    if (r == 1)
        return op_fail(o, GCX_E_INVALID, "'-' designates no array item "
                       "(only add takes it)");
    if (r < 0)
        return op_fail(o, GCX_E_INVALID, "not an array index (digits "
                       "without a leading zero)");
    if (idx >= parent->len)
        return op_fail(o, GCX_E_INVALID, "array index past the end");
    *out = parent->u.items[idx];
    if (remove) {
        memmove(parent->u.items + idx, parent->u.items + idx + 1,
                (parent->len - idx - 1) * sizeof *parent->u.items);
        parent->len--;
    } else if (repl) {
        parent->u.items[idx] = repl;
    }
    return GCX_OK;
}

/* pointer_member: the pointer in member name of op (a string), checked. */
static gcx_status pointer_member(op_ctx *o, const gcx_json *op,
                                 const char *name, const char **ptr,
                                 size_t *len)
{
    const gcx_json *p = member(op, name);
    char why[96];
    gcx_status st;
    gcx_error e;

    if (!p || p->type != GCX_JSON_STRING) {
        snprintf(why, sizeof why, "no string member \"%s\"", name);
        return op_fail(o, GCX_E_INVALID, why);
    }
    *ptr = p->u.text;
    *len = p->len;
    gcx_error_clear(&e);
    st = check_pointer(p->u.text, p->len, &e);
    if (st)
        return op_fail(o, GCX_E_INVALID, e.message);
    return GCX_OK;
}

/* apply_one: operation number i of the patch on *doc. */
static gcx_status apply_one(op_ctx *o, gcx_json **doc, const gcx_json *op)
{
    const gcx_json *name, *value;
    const char *path, *from = NULL;
    size_t plen, flen = 0;
    gcx_json *old, *v;
    gcx_status st;

    if (op->type != GCX_JSON_OBJECT)
        return op_fail(o, GCX_E_INVALID, "not an object");
    name = member(op, "op");
    if (!name || name->type != GCX_JSON_STRING)
        return op_fail(o, GCX_E_INVALID, "no string member \"op\"");
    o->name = name->u.text;
    path = NULL;
    st = pointer_member(o, op, "path", &path, &plen);
    if (st)
        return st;
    o->path = path;
    o->path_len = plen;
    value = member(op, "value");
    if (strcmp(o->name, "add") == 0 || strcmp(o->name, "replace") == 0 ||
        strcmp(o->name, "test") == 0) {
        if (!value)
            return op_fail(o, GCX_E_INVALID, "no member \"value\"");
    } else if (strcmp(o->name, "move") == 0 ||
               strcmp(o->name, "copy") == 0) {
        st = pointer_member(o, op, "from", &from, &flen);
        if (st)
            return st;
    } else if (strcmp(o->name, "remove") != 0) {
        return op_fail(o, GCX_E_INVALID, "unknown operation (add, "
                       "remove, replace, move, copy or test)");
    }

    switch (o->name[0]) {
    case 'a':
        v = gcx_jsonpatch_copy(o->a, value);
        if (!v)
            return nomem(o);
        return add_at(o, doc, path, plen, v);
    case 'r':
        if (o->name[2] == 'm')
            return take_at(o, doc, path, plen, 1, NULL, &old);
        v = gcx_jsonpatch_copy(o->a, value);
        if (!v)
            return nomem(o);
        return take_at(o, doc, path, plen, 0, v, &old);
    case 't':
        st = take_at(o, doc, path, plen, 0, NULL, &old);
        if (st)
            return st;
        if (!gcx_jsonpatch_equal(old, value))
            return op_fail(o, GCX_E_INVALID, "the value is not the one "
                           "tested");
        return GCX_OK;
    case 'c':
        {
            const gcx_json *src;
            gcx_error e;

            gcx_error_clear(&e);
            if (gcx_jsonpatch_pointer_get(*doc, from, flen, &src, &e))
                return op_fail(o, GCX_E_INVALID, "\"from\" does not "
                               "exist");
            v = gcx_jsonpatch_copy(o->a, src);
            if (!v)
                return nomem(o);
            return add_at(o, doc, path, plen, v);
        }
    default: /* move */
        if (flen == plen && memcmp(from, path, plen) == 0) {
            const gcx_json *src;
            gcx_error e;

            gcx_error_clear(&e);
            if (gcx_jsonpatch_pointer_get(*doc, from, flen, &src, &e))
                return op_fail(o, GCX_E_INVALID, "\"from\" does not "
                               "exist");
            return GCX_OK;
        }
        if (plen > flen && memcmp(from, path, flen) == 0 &&
            path[flen] == '/')
            return op_fail(o, GCX_E_INVALID, "cannot move a value into "
                           "one of its own children");
        if (flen == 0)
            return op_fail(o, GCX_E_INVALID, "cannot move the whole "
                           "document");
        st = take_at(o, doc, from, flen, 1, NULL, &old);
        if (st == GCX_E_INVALID)
            return op_fail(o, GCX_E_INVALID, "\"from\" does not exist");
        if (st)
            return st;
        return add_at(o, doc, path, plen, old);
    }
}

gcx_status gcx_jsonpatch_apply(gcx_arena *a, gcx_json **doc,
                               const gcx_json *patch, size_t *failed,
                               gcx_error *err)
{
    gcx_json *work;
    op_ctx o;
    gcx_status st;
    size_t i;

    if (failed)
        *failed = (size_t)-1;
    if (!patch || patch->type != GCX_JSON_ARRAY)
        return gcx_error_set(err, GCX_E_INVALID, "a JSON Patch is an "
                             "array of operations");
    work = gcx_jsonpatch_copy(a, *doc);
    if (!work)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    memset(&o, 0, sizeof o);
    o.a = a;
    o.err = err;
    for (i = 0; i < patch->len; i++) {
        o.index = i;
        o.name = "?";
        o.path = NULL;
        o.path_len = 0;
        st = apply_one(&o, &work, patch->u.items[i]);
        if (st) {
            if (failed)
                *failed = i;
            return st;
        }
    }
    *doc = work;
    return GCX_OK;
}
