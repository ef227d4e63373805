/* lib/diff.c - the structural difference of two records (gcx/diff.h):
 * RFC 6902 operations with a test before every replace and remove, the
 * list of changed paths, and Arabic name folding for --fold-names.
 */
#include "internal.h"

#include <stdio.h>

#include <gcx/diff.h>
#include <gcx/rules.h>

typedef struct dctx {
    const gcx_diff_options *opt;
    const gcx_diff_sink *sink;
    gcx_buf path;
    gcx_buf fa, fb;             /* folding scratch */
    size_t nchanges, nvariants;
    gcx_error *err;
} dctx;

static const char *const op_names[] = {"test", "remove", "add", "replace"};

const char *gcx_patch_op_name(gcx_patch_op op)
{
    return (unsigned)op < 4 ? op_names[op] : "unknown";
}

gcx_diff_options gcx_diff_options_default(void)
{
    gcx_diff_options o;

    memset(&o, 0, sizeof o);
    return o;
}

gcx_status gcx_diff_pointer_append(gcx_buf *path, const char *key,
                                   size_t len)
{
    gcx_status st = gcx_buf_putc(path, '/');
    size_t i, from = 0;

    for (i = 0; !st && i < len; i++) {
        if (key[i] != '~' && key[i] != '/')
            continue;
        st = gcx_buf_append(path, key + from, i - from);
        if (!st)
            st = gcx_buf_puts(path, key[i] == '~' ? "~0" : "~1");
        from = i + 1;
    }
    if (!st)
        st = gcx_buf_append(path, key + from, len - from);
    return st;
}

gcx_status gcx_diff_fold_name(const char *s, size_t len, gcx_buf *out)
{
    size_t start = out->len, i, n;
    gcx_status st = gcx_buf_reserve(out, len);
    unsigned char *p;
    size_t w;

    if (st)
        return st;
    st = gcx_rules_fold_digits(s, len, out->data + start, len + 1, &n);
    if (st) {
        out->data[start] = 0;
        return st;
    }
    /* every mapping below keeps the UTF-8 length (two bytes) or drops
     * the character, so it is done in place */
    p = (unsigned char *)out->data + start;
    for (i = w = 0; i < n;) {
        uint32_t cp;
        size_t l = gcxi_utf8_check(p + i, n - i, &cp);

        if (!l)
            return GCX_E_INVALID;
        switch (cp) {
        case 0x0640:
            i += l;
            continue;
        case 0x0622: case 0x0623: case 0x0625: case 0x0671:
            cp = 0x0627;
            break;
        case 0x06CC: case 0x0649:
            cp = 0x064A;
            break;
        case 0x06A9:
            cp = 0x0643;
            break;
        case 0x0629:
            cp = 0x0647;
            break;
        default:
            memmove(p + w, p + i, l);
            w += l;
            i += l;
            continue;
        }
        w += gcxi_utf8_encode(cp, p + w);
        i += l;
    }
    out->len = start + w;
    out->data[out->len] = 0;
    return GCX_OK;
}

/* ignored: the current path is one of the ignored pointers or below. */
static int ignored(const dctx *d)
{
    size_t i;

    if (!d->opt)
        return 0;
    for (i = 0; i < d->opt->nignore; i++) {
        const char *p = d->opt->ignore[i];
        size_t n = strlen(p);

        if (d->path.len >= n && memcmp(d->path.data, p, n) == 0 &&
            (d->path.len == n || d->path.data[n] == '/'))
            return 1;
    }
    return 0;
}

/* name_path: the current path has a segment "ar" below a segment
 * "name". */
static int name_path(const dctx *d)
{
    const char *p = d->path.data, *end = p + d->path.len;
    int seen_name = 0;

    while (p < end) {
        const char *q = p + 1;

        while (q < end && *q != '/')
            q++;
        if (q - p == 5 && memcmp(p, "/name", 5) == 0)
            seen_name = 1;
        else if (q - p == 3 && memcmp(p, "/ar", 3) == 0 && seen_name)
            return 1;
        p = q;
    }
    return 0;
}

static gcx_status emit_op(dctx *d, gcx_patch_op op, const gcx_json *v)
{
    if (!d->sink || !d->sink->op)
        return GCX_OK;
    return d->sink->op(d->sink->ctx, op, d->path.data ? d->path.data : "",
                       d->path.len, v);
}

static gcx_status emit_change(dctx *d, const gcx_json *a, const gcx_json *b)
{
    d->nchanges++;
    if (!d->sink || !d->sink->change)
        return GCX_OK;
    return d->sink->change(d->sink->ctx,
                           d->path.data ? d->path.data : "", d->path.len,
                           a, b);
}

static gcx_status nomem(dctx *d)
{
    return gcx_error_set(d->err, GCX_E_NOMEM, "out of memory");
}

/* variant: 1 when a and b are name strings with the same folding key,
 * 0 when not, or a negative status. */
static int variant(dctx *d, const gcx_json *a, const gcx_json *b)
{
    gcx_status st;

    if (!d->opt || !d->opt->fold_names || a->type != GCX_JSON_STRING ||
        b->type != GCX_JSON_STRING || !name_path(d))
        return 0;
    gcx_buf_reset(&d->fa);
    gcx_buf_reset(&d->fb);
    st = gcx_diff_fold_name(a->u.text, a->len, &d->fa);
    if (!st)
        st = gcx_diff_fold_name(b->u.text, b->len, &d->fb);
    if (st) {
        gcx_error_set(d->err, st, st == GCX_E_INVALID ?
                      "a name to fold is not UTF-8" : "out of memory");
        gcx_error_set_path(d->err, d->path.data);
        return -(int)st;
    }
    return d->fa.len == d->fb.len &&
           memcmp(d->fa.data, d->fb.data, d->fa.len) == 0;
}

static gcx_status diff_value(dctx *d, const gcx_json *a, const gcx_json *b,
                             unsigned depth);

/* child: diff a and b at path + segment (member name or index). */
static gcx_status child(dctx *d, const char *seg, size_t slen,
                        const gcx_json *a, const gcx_json *b,
                        unsigned depth)
{
    size_t keep = d->path.len;
    gcx_status st = gcx_diff_pointer_append(&d->path, seg, slen);

    if (st)
        return nomem(d);
    if (!ignored(d)) {
        if (a && b) {
            st = diff_value(d, a, b, depth + 1);
        } else if (a) {
            st = emit_op(d, GCX_PATCH_TEST, a);
            if (!st)
                st = emit_op(d, GCX_PATCH_REMOVE, NULL);
            if (!st)
                st = emit_change(d, a, NULL);
        } else {
            st = emit_op(d, GCX_PATCH_ADD, b);
            if (!st)
                st = emit_change(d, NULL, b);
        }
    }
    d->path.len = keep;
    if (d->path.data)
        d->path.data[keep] = 0;
    return st;
}

static const gcx_json *member(const gcx_json *o, const char *key, size_t n)
{
    size_t i;

    for (i = 0; i < o->len; i++)
        if (o->u.members[i].key_len == n &&
            memcmp(o->u.members[i].key, key, n) == 0)
            return o->u.members[i].value;
    return NULL;
}

static gcx_status diff_value(dctx *d, const gcx_json *a, const gcx_json *b,
                             unsigned depth)
{
    gcx_status st = GCX_OK;
    size_t i;
    char idx[24];

    if (depth > GCX_DIFF_MAX_DEPTH) {
        gcx_error_set(d->err, GCX_E_LIMIT, "records nested deeper than %u",
                      GCX_DIFF_MAX_DEPTH);
        return GCX_E_LIMIT;
    }
    if (a->type == GCX_JSON_OBJECT && b->type == GCX_JSON_OBJECT) {
        for (i = 0; !st && i < a->len; i++) {
            const gcx_json_member *m = &a->u.members[i];
            const gcx_json *bv = member(b, m->key, m->key_len);

            if (!bv)
                st = child(d, m->key, m->key_len, m->value, NULL, depth);
        }
        for (i = 0; !st && i < a->len; i++) {
            const gcx_json_member *m = &a->u.members[i];
            const gcx_json *bv = member(b, m->key, m->key_len);

            if (bv)
                st = child(d, m->key, m->key_len, m->value, bv, depth);
        }
        for (i = 0; !st && i < b->len; i++) {
            const gcx_json_member *m = &b->u.members[i];

            if (!member(a, m->key, m->key_len))
                st = child(d, m->key, m->key_len, NULL, m->value, depth);
        }
        return st;
    }
    if (a->type == GCX_JSON_ARRAY && b->type == GCX_JSON_ARRAY) {
        size_t n = a->len < b->len ? a->len : b->len;

        for (i = 0; !st && i < n; i++) {
            snprintf(idx, sizeof idx, "%zu", i);
            st = child(d, idx, strlen(idx), a->u.items[i], b->u.items[i],
                       depth);
        }
        for (i = a->len; !st && i-- > b->len;) {
            snprintf(idx, sizeof idx, "%zu", i);
            st = child(d, idx, strlen(idx), a->u.items[i], NULL, depth);
        }
        for (i = a->len; !st && i < b->len; i++) {
            snprintf(idx, sizeof idx, "%zu", i);
            st = child(d, idx, strlen(idx), NULL, b->u.items[i], depth);
        }
        return st;
    }
    if (gcx_json_equal(a, b))
        return GCX_OK;
    {
        int v = variant(d, a, b);

        if (v < 0)
            return (gcx_status)-v;
        if (v) {
            d->nvariants++;
            if (d->sink && d->sink->variant)
                return d->sink->variant(d->sink->ctx,
                                        d->path.data ? d->path.data : "",
                                        d->path.len, a, b);
            return GCX_OK;
        }
    }
    st = emit_op(d, GCX_PATCH_TEST, a);
    if (!st)
        st = emit_op(d, GCX_PATCH_REPLACE, b);
    if (!st)
        st = emit_change(d, a, b);
    return st;
}

gcx_status gcx_diff_records(const gcx_json *old_rec, const gcx_json *new_rec,
                            const gcx_diff_options *opt,
                            const gcx_diff_sink *sink, size_t *nchanges,
                            size_t *nvariants, gcx_error *err)
{
    dctx d;
    gcx_status st;

    if (nchanges)
        *nchanges = 0;
    if (nvariants)
        *nvariants = 0;
    if (!old_rec || !new_rec)
        return gcx_error_set(err, GCX_E_USAGE, "gcx_diff_records: NULL");
    memset(&d, 0, sizeof d);
    d.opt = opt;
    d.sink = sink;
    d.err = err;
    gcx_buf_init(&d.path, GCX_ERROR_PATH_MAX * 64);
    gcx_buf_init(&d.fa, 0);
    gcx_buf_init(&d.fb, 0);
    /* the root path "" (puts writes the NUL that reserve does not) */
    if (gcx_buf_puts(&d.path, ""))
        st = nomem(&d);
    else if (ignored(&d))
        st = GCX_OK;
    else
        st = diff_value(&d, old_rec, new_rec, 0);
    if (nchanges)
        *nchanges = d.nchanges;
    if (nvariants)
        *nvariants = d.nvariants;
    gcx_buf_free(&d.path);
    gcx_buf_free(&d.fa);
    gcx_buf_free(&d.fb);
    return st;
}
