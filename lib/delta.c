/* lib/delta.c - read a gcx delta (docs/delta-format.md) line by line:
 * check the header, each entry's shape, that keys strictly increase and
 * that the header's counts are right. Also the key bytes of a delta key
 * and of a record, which compare with memcmp.
 */
#include "internal.h"

#include <stdlib.h>

#include <gcx/canon.h>
#include <gcx/delta.h>
#include <gcx/json_in.h>
#include <gcx/jsonpatch.h>

struct gcx_delta_reader {
    gcx_input *in;
    gcx_json_reader *jr;
    gcx_canon *canon;
    gcx_delta_header h;
    char **pointers;
    gcx_buf key, prev;
    int have_prev;
    unsigned long long n_add, n_remove, n_change, n;
};

/* at_line: name the delta file and line in err; returns err's code. */
static gcx_status at_line(gcx_delta_reader *r, gcx_error *err,
                          unsigned long line)
{
    if (err) {
        gcx_error_at(err, gcx_input_name(r->in),
                     err->line ? err->line : line,
                     err->line ? err->column : 0);
        return err->code;
    }
    return GCX_E_INVALID;
}

/* count: a non-negative integer member of the header. */
static gcx_status count(const gcx_json *h, const char *name,
                        unsigned long long *out, gcx_error *err)
{
    const gcx_json *v = gcx_json_object_get(h, name);
    unsigned long long x = 0;
    size_t i;

    if (!v || v->type != GCX_JSON_NUMBER)
        return gcx_error_set(err, GCX_E_INVALID, "the header has no "
                             "count \"%s\"", name);
    for (i = 0; i < v->len; i++) {
        if (v->u.text[i] < '0' || v->u.text[i] > '9' ||
            x > (~0ULL - 9) / 10)
            return gcx_error_set(err, GCX_E_INVALID, "the header's "
                                 "\"%s\" is not a count", name);
        x = x * 10 + (unsigned)(v->u.text[i] - '0');
    }
    *out = x;
    return GCX_OK;
}

static gcx_status read_header(gcx_delta_reader *r, gcx_error *err)
{
    gcx_json *h = NULL;
    const gcx_json *v, *k;
    const gcx_json *none;
    gcx_status st;
    gcx_error e;
    size_t i;

    st = gcx_json_reader_next(r->jr, &h, err);
    if (st)
        return st;
    if (!h)
        return gcx_error_set(err, GCX_E_INVALID, "empty delta: no header "
                             "line");
    if (h->type != GCX_JSON_OBJECT)
        return gcx_error_set(err, GCX_E_INVALID, "the header is not an "
                             "object");
    v = gcx_json_object_get(h, "gcxDelta");
    if (!v)
        return gcx_error_set(err, GCX_E_INVALID, "not a gcx delta: the "
                             "first line has no \"gcxDelta\"");
    if (v->type != GCX_JSON_NUMBER || v->len != 1 || v->u.text[0] != '1')
        return gcx_error_set(err, GCX_E_INVALID, "delta version %.*s: "
                             "only version %d is known",
                             (int)(v->len > 20 ? 20 : v->len),
                             v->type == GCX_JSON_NUMBER ? v->u.text : "?",
                             GCX_DELTA_VERSION);
    r->h.version = GCX_DELTA_VERSION;
    k = gcx_json_object_get(h, "key");
    if (!k || k->type != GCX_JSON_ARRAY || k->len == 0)
        return gcx_error_set(err, GCX_E_INVALID, "the header's \"key\" "
                             "is not an array of JSON Pointers");
    r->pointers = gcx_calloc(k->len, sizeof *r->pointers);
    if (!r->pointers)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    r->h.nkey = k->len;
    for (i = 0; i < k->len; i++) {
        v = k->u.items[i];
        if (v->type != GCX_JSON_STRING || strlen(v->u.text) != v->len)
            return gcx_error_set(err, GCX_E_INVALID, "the header's key "
                                 "%lu is not a string", (unsigned long)i);
        gcx_error_clear(&e);
        if (gcx_jsonpatch_pointer_get(k, v->u.text, v->len, &none, &e)
            == GCX_E_USAGE)
            return gcx_error_set(err, GCX_E_INVALID, "the header's key: "
                                 "%s", e.message);
        r->pointers[i] = gcx_malloc(v->len + 1);
        if (!r->pointers[i])
            return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
        memcpy(r->pointers[i], v->u.text, v->len + 1);
    }
    r->h.key = (const char *const *)r->pointers;
    st = count(h, "added", &r->h.added, err);
    if (!st)
        st = count(h, "removed", &r->h.removed, err);
    if (!st)
        st = count(h, "changed", &r->h.changed, err);
    return st;
}

gcx_status gcx_delta_reader_new(gcx_delta_reader **out, gcx_input *in,
                                gcx_error *err)
{
    gcx_json_reader_options o = gcx_json_reader_options_default();
    gcx_canon_options co = gcx_canon_options_default();
    gcx_delta_reader *r;
    gcx_status st;

    *out = NULL;
    r = gcx_calloc(1, sizeof *r);
    if (!r)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    r->in = in;
    gcx_buf_init(&r->key, 0);
    gcx_buf_init(&r->prev, 0);
    o.layout = GCX_JSON_LAYOUT_NDJSON;
    co.no_sets = 1;
    st = gcx_json_reader_new(&r->jr, in, &o, err);
    if (!st)
        st = gcx_canon_new(&r->canon, NULL, &co, err);
    if (!st) {
        st = read_header(r, err);
        if (st)
            st = at_line(r, err, gcx_json_reader_line(r->jr));
    }
    if (st) {
        gcx_delta_reader_free(r);
        return st;
    }
    *out = r;
    return GCX_OK;
}

const gcx_delta_header *gcx_delta_reader_header(const gcx_delta_reader *r)
{
    return &r->h;
}

/* check_counts: at the end, the lines found against the header. */
static gcx_status check_counts(gcx_delta_reader *r, gcx_error *err)
{
    if (r->n_add != r->h.added || r->n_remove != r->h.removed ||
        r->n_change != r->h.changed)
        return gcx_error_set(err, GCX_E_INVALID, "the header counts %llu "
                             "added, %llu removed, %llu changed; the "
                             "delta has %llu, %llu, %llu",
                             r->h.added, r->h.removed, r->h.changed,
                             r->n_add, r->n_remove, r->n_change);
    return GCX_OK;
}

static int is_hex64(const gcx_json *f)
{
    size_t i, p = sizeof GCX_CANON_FINGERPRINT_PREFIX - 1;

    if (f->type != GCX_JSON_STRING || f->len != p + 64 ||
        memcmp(f->u.text, GCX_CANON_FINGERPRINT_PREFIX, p) != 0)
        return 0;
    for (i = p; i < f->len; i++)
        if (!((f->u.text[i] >= '0' && f->u.text[i] <= '9') ||
              (f->u.text[i] >= 'a' && f->u.text[i] <= 'f')))
            return 0;
    return 1;
}

/* entry: check one entry line v and fill e. */
static gcx_status entry(gcx_delta_reader *r, const gcx_json *v,
                        gcx_delta_entry *e, gcx_error *err)
{
    const gcx_json *op, *x;
    gcx_buf t;
    gcx_status st;

    if (v->type != GCX_JSON_OBJECT)
        return gcx_error_set(err, GCX_E_INVALID, "a delta line is an "
                             "object");
    op = gcx_json_object_get(v, "op");
    if (!op || op->type != GCX_JSON_STRING)
        return gcx_error_set(err, GCX_E_INVALID, "no string \"op\"");
    if (strcmp(op->u.text, "add") == 0)
        e->op = GCX_DELTA_ADD;
    else if (strcmp(op->u.text, "remove") == 0)
        e->op = GCX_DELTA_REMOVE;
    else if (strcmp(op->u.text, "change") == 0)
        e->op = GCX_DELTA_CHANGE;
    else
        return gcx_error_set(err, GCX_E_INVALID, "unknown op \"%.40s\" "
                             "(add, remove or change)", op->u.text);
    e->key = gcx_json_object_get(v, "key");
    if (!e->key || e->key->type != GCX_JSON_ARRAY ||
        e->key->len != r->h.nkey)
        return gcx_error_set(err, GCX_E_INVALID, "\"key\" is not an "
                             "array of %lu values",
                             (unsigned long)r->h.nkey);
    gcx_buf_reset(&r->key);
    st = gcx_delta_key(r->canon, e->key, r->h.nkey, &r->key, err);
    if (st)
        return st;
    if (r->have_prev) {
        size_t n = r->key.len < r->prev.len ? r->key.len : r->prev.len;
        int c = memcmp(r->key.data, r->prev.data, n);

        if (c < 0 || (c == 0 && r->key.len <= r->prev.len)) {
            gcx_buf_init(&t, 0);
            gcx_delta_key_text(e->key, &t);
            st = gcx_error_set(err, GCX_E_INVALID, "key %s %s", t.data
                               ? t.data : "", c == 0 && r->key.len ==
                               r->prev.len ? "appears twice" : "is out of "
                               "order (the delta must be sorted by key)");
            gcx_buf_free(&t);
            return st;
        }
    }
    e->kbytes = r->key.data;
    e->klen = r->key.len;
    switch (e->op) {
    case GCX_DELTA_ADD:
        x = gcx_json_object_get(v, "record");
        if (!x || x->type != GCX_JSON_OBJECT)
            return gcx_error_set(err, GCX_E_INVALID, "add without an "
                                 "object \"record\"");
        e->record = x;
        r->n_add++;
        break;
    case GCX_DELTA_REMOVE:
        x = gcx_json_object_get(v, "fingerprint");
        if (!x || !is_hex64(x))
            return gcx_error_set(err, GCX_E_INVALID, "remove without a "
                                 "\"fingerprint\" sha256:HEX (64 "
                                 "lower-case hex digits)");
        e->fingerprint = x->u.text + sizeof GCX_CANON_FINGERPRINT_PREFIX
                         - 1;
        r->n_remove++;
        break;
    default:
        x = gcx_json_object_get(v, "patch");
        if (!x || x->type != GCX_JSON_ARRAY)
            return gcx_error_set(err, GCX_E_INVALID, "change without an "
                                 "array \"patch\"");
        e->patch = x;
        r->n_change++;
        break;
    }
    return GCX_OK;
}

gcx_status gcx_delta_reader_next(gcx_delta_reader *r, gcx_delta_entry *e,
                                 int *got, gcx_error *err)
{
    gcx_json *v = NULL;
    gcx_buf swap;
    gcx_status st;

    *got = 0;
    memset(e, 0, sizeof *e);
    if (r->have_prev || r->n) {
        swap = r->prev;
        r->prev = r->key;
        r->key = swap;
    }
    st = gcx_json_reader_next(r->jr, &v, err);
    if (st)
        return at_line(r, err, gcx_json_reader_line(r->jr));
    if (!v) {
        st = check_counts(r, err);
        return st ? at_line(r, err, gcx_json_reader_line(r->jr)) : GCX_OK;
    }
    e->line = gcx_json_reader_line(r->jr);
    e->number = ++r->n;
    st = entry(r, v, e, err);
    if (st)
        return at_line(r, err, e->line);
    r->have_prev = 1;
    *got = 1;
    return GCX_OK;
}

void gcx_delta_reader_free(gcx_delta_reader *r)
{
    size_t i;

    if (!r)
        return;
    if (r->pointers)
        for (i = 0; i < r->h.nkey; i++)
            gcx_free(r->pointers[i]);
    gcx_free(r->pointers);
    gcx_json_reader_free(r->jr);
    gcx_canon_free(r->canon);
    gcx_buf_free(&r->key);
    gcx_buf_free(&r->prev);
    gcx_free(r);
}

/* key_value: one key value's canonical bytes and the 0x00 after them. */
static gcx_status key_value(gcx_canon *c, const gcx_json *v, gcx_buf *out,
                            gcx_error *err)
{
    size_t old = out->len;
    gcx_status st;

    st = c ? gcx_canon_record(c, v, out, NULL, err)
           : gcx_canon_write(NULL, v, out, err);
    if (!st)
        st = gcx_buf_putc(out, 0);
    if (st) {
        out->len = old;
        if (out->data)
            out->data[old] = '\0';
        if (err && !err->message[0])
            gcx_error_set(err, st, "cannot write a key");
        return err ? err->code : st;
    }
    return GCX_OK;
}

gcx_status gcx_delta_key(gcx_canon *c, const gcx_json *key, size_t n,
                         gcx_buf *out, gcx_error *err)
{
    gcx_status st;
    size_t i;

    if (!key || key->type != GCX_JSON_ARRAY || key->len != n)
        return gcx_error_set(err, GCX_E_INVALID, "a key is an array of "
                             "%lu values", (unsigned long)n);
    for (i = 0; i < n; i++) {
        st = key_value(c, key->u.items[i], out, err);
        if (st)
            return st;
    }
    return GCX_OK;
}

gcx_status gcx_delta_record_key(gcx_canon *c, const gcx_json *record,
                                const char *const *pointers, size_t n,
                                gcx_buf *out, gcx_error *err)
{
    static const gcx_json null_value = {GCX_JSON_NULL, 0, {NULL}, 0, 0};
    const gcx_json *v;
    gcx_status st;
    gcx_error e;
    size_t i;

    for (i = 0; i < n; i++) {
        gcx_error_clear(&e);
        st = gcx_jsonpatch_pointer_get(record, pointers[i],
                                       strlen(pointers[i]), &v, &e);
        if (st == GCX_E_USAGE)
            return gcx_error_set(err, st, "%s", e.message);
        st = key_value(c, v ? v : &null_value, out, err);
        if (st)
            return st;
    }
    return GCX_OK;
}

gcx_status gcx_delta_key_text(const gcx_json *key, gcx_buf *out)
{
    size_t i, start = out->len;
    gcx_status st = GCX_OK;
    const gcx_json *v;
    gcx_error e;

    for (i = 0; !st && key && key->type == GCX_JSON_ARRAY &&
                i < key->len; i++) {
        v = key->u.items[i];
        if (i)
            st = gcx_buf_putc(out, '/');
        if (st)
            break;
        if (v->type == GCX_JSON_STRING)
            st = gcx_buf_append(out, v->u.text, v->len);
        else
            st = gcx_canon_write(NULL, v, out, &e);
    }
    if (out->len - start > 200) {
        out->len = start + 200;
        out->data[out->len] = '\0';
    }
    return st;
}
