/* lib/json_out.c - JSON text out: the streaming writer and record sinks.
 *
 * The writer appends to a gcx_buf and places separators itself; a sink
 * frames whole records (NDJSON lines or one array) on a gcx_output, one
 * write per record.
 */
#include "internal.h"

#include <gcx/json_out.h>
#include "json_out_inline.h"

/* Bytes that need escaping in a JSON string: '"', '\\' and < 0x20. */
static const unsigned char needs_escape[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
};

/* has_special: nonzero when one of the eight bytes of w is below 0x20,
 * '"' or '\\' (exact as a predicate; the classic SWAR tests). */
static inline uint64_t has_special(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ULL;
    const uint64_t high = 0x8080808080808080ULL;
    uint64_t q = w ^ (ones * 0x22), b = w ^ (ones * 0x5c);

    return ((w - ones * 0x20) & ~w & high) | ((q - ones) & ~q & high) |
           ((b - ones) & ~b & high);
}

/* The escape of each byte that needs one ('"', '\\', below 0x20). */
static const char escape_text[256][7] = {
    "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005",
    "\\u0006", "\\u0007", "\\b", "\\t", "\\n", "\\u000b", "\\f", "\\r",
    "\\u000e", "\\u000f", "\\u0010", "\\u0011", "\\u0012", "\\u0013",
    "\\u0014", "\\u0015", "\\u0016", "\\u0017", "\\u0018", "\\u0019",
    "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
    [0x22] = "\\\"", [0x5c] = "\\\\",
};

/* escape_short: the common short string, when the worst case fits in the
 * buffer's spare room: one pass, no reservation. */
static void escape_short(gcx_buf *b, const unsigned char *p, size_t len)
{
    char *o = b->data + b->len;
    const unsigned char *end = p + len;

    *o++ = '"';
    while (p < end) {
        const unsigned char *stop;

        if (end - p >= 8) {
            uint64_t word;

            memcpy(&word, p, 8);
            if (!has_special(word)) {
                memcpy(o, p, 8);
                o += 8;
                p += 8;
                continue;
            }
            stop = p + 8;
        } else {
            stop = end;
        }
        for (; p < stop; p++) {
            if (GCXI_LIKELY(!needs_escape[*p])) {
                *o++ = (char)*p;
            } else {
                const char *e = escape_text[*p];

                *o++ = e[0];
                *o++ = e[1];
                if (e[2]) {
                    memcpy(o, e + 2, 4);
                    o += 4;
                }
            }
        }
    }
    *o++ = '"';
    *o = '\0';
    b->len = (size_t)(o - b->data);
}

gcx_status gcx_json_escape(gcx_buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    gcx_status st;
    size_t start = b->len, need;
    char *o;

    if (len <= 64 && len * 6 + 3 < b->cap - b->len &&
        len * 6 + 2 <= b->max - b->len) {
        escape_short(b, (const unsigned char *)s, len);
        return GCX_OK;
    }
    /* room for the worst case, 6 bytes per input byte plus quotes (or
     * the plain case when that would pass the maximum: escapes then
     * reserve as they go) */
    need = len < ((size_t)1 << 40) && len * 6 + 2 <= b->max - b->len
               ? len * 6 + 2
               : len + 2;
    if (need >= b->cap - b->len) {
        st = gcx_buf_reserve(b, need);
        if (st)
            return st;
    }
    o = b->data + b->len;
    *o++ = '"';
    while (p < end) {
        const unsigned char *run = p;

        /* eight bytes at a time while none needs escaping */
        while (end - p >= 8) {
            uint64_t word;

            memcpy(&word, p, 8);
            if (has_special(word))
                break;
            p += 8;
        }
        while (p < end && !needs_escape[*p])
            p++;
        if (p > run) {
            memcpy(o, run, (size_t)(p - run));
            o += p - run;
        }
        if (p == end)
            break;
        /* the rare slow case: make sure there is room (when the fast
         * reservation above was capped) */
        if ((size_t)(b->data + b->cap - o) < 8 + (size_t)(end - p)) {
            b->len = (size_t)(o - b->data);
            st = gcx_buf_reserve(b, 8 + (size_t)(end - p));
            if (st) {
                b->len = start;
                b->data[start] = '\0';
                return st;
            }
            o = b->data + b->len;
        }
        *o++ = '\\';
        switch (*p) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\b': *o++ = 'b'; break;
        case '\f': *o++ = 'f'; break;
        case '\n': *o++ = 'n'; break;
        case '\r': *o++ = 'r'; break;
        case '\t': *o++ = 't'; break;
        default:
            *o++ = 'u';
            *o++ = '0';
            *o++ = '0';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
        p++;
    }
    *o++ = '"';
    b->len = (size_t)(o - b->data);
    if (b->len > b->max) {
        /* the room checks above are against the capacity; the maximum
         * is enforced here, leaving the buffer as it was */
        b->len = start;
        b->data[b->len] = '\0';
        return GCX_E_LIMIT;
    }
    b->data[b->len] = '\0';
    return GCX_OK;
}

void gcx_jw_init(gcx_jw *w, gcx_buf *out, int pretty)
{
    w->out = out;
    w->pretty = pretty;
    w->depth = 0;
    w->status = GCX_OK;
    w->first[0] = 1;
    w->in_object[0] = 0;
    w->after_key = 0;
}

gcx_status gcxi_jw_newline(gcx_jw *w)
{
    gcx_status st;
    unsigned i;

    st = gcx_buf_putc(w->out, '\n');
    for (i = 0; !st && i < w->depth; i++)
        st = gcx_buf_append(w->out, "  ", 2);
    return st;
}

gcx_status gcx_jw_begin_object(gcx_jw *w)
{
    return gcxi_jw_begin_object(w);
}

gcx_status gcx_jw_end_object(gcx_jw *w)
{
    return gcxi_jw_end_object(w);
}

gcx_status gcx_jw_begin_array(gcx_jw *w)
{
    return gcxi_jw_begin_array(w);
}

gcx_status gcx_jw_end_array(gcx_jw *w)
{
    return gcxi_jw_end_array(w);
}

gcx_status gcx_jw_key(gcx_jw *w, const char *key, size_t len)
{
    gcx_status st = gcxi_jw_key_open(w);

    if (st)
        return st;
    return gcxi_jw_key_close(w, gcx_json_escape(w->out, key, len));
}

gcx_status gcx_jw_raw_key(gcx_jw *w, const char *quoted, size_t len)
{
    return gcxi_jw_raw_key(w, quoted, len);
}

gcx_status gcx_jw_raw_string(gcx_jw *w, const char *quoted, size_t len)
{
    return gcxi_jw_raw_string(w, quoted, len);
}

gcx_status gcx_jw_string(gcx_jw *w, const char *s, size_t len)
{
    gcx_status st = gcxi_jw_before_value(w);

    if (!st)
        st = gcx_json_escape(w->out, s, len);
    return st ? gcxi_jw_fail(w, st) : GCX_OK;
}

static gcx_status jw_raw(gcx_jw *w, const char *s, size_t len)
{
    gcx_status st = gcxi_jw_before_value(w);

    if (!st)
        st = gcxi_putn(w->out, s, len);
    return st ? gcxi_jw_fail(w, st) : GCX_OK;
}

gcx_status gcx_jw_number(gcx_jw *w, const char *text, size_t len)
{
    return jw_raw(w, text, len);
}

gcx_status gcx_jw_bool(gcx_jw *w, int value)
{
    return value ? jw_raw(w, "true", 4) : jw_raw(w, "false", 5);
}

gcx_status gcx_jw_null(gcx_jw *w)
{
    return jw_raw(w, "null", 4);
}

gcx_status gcx_jw_value(gcx_jw *w, const gcx_json *v)
{
    size_t i;

    switch (v->type) {
    case GCX_JSON_NULL:
        return gcx_jw_null(w);
    case GCX_JSON_FALSE:
        return gcx_jw_bool(w, 0);
    case GCX_JSON_TRUE:
        return gcx_jw_bool(w, 1);
    case GCX_JSON_NUMBER:
        return gcx_jw_number(w, v->u.text, v->len);
    case GCX_JSON_STRING:
        return gcx_jw_string(w, v->u.text, v->len);
    case GCX_JSON_ARRAY:
        gcx_jw_begin_array(w);
        for (i = 0; i < v->len && !w->status; i++)
            gcx_jw_value(w, v->u.items[i]);
        return gcx_jw_end_array(w);
    case GCX_JSON_OBJECT:
        gcx_jw_begin_object(w);
        for (i = 0; i < v->len && !w->status; i++) {
            gcx_jw_key(w, v->u.members[i].key, v->u.members[i].key_len);
            gcx_jw_value(w, v->u.members[i].value);
        }
        return gcx_jw_end_object(w);
    }
    return gcxi_jw_fail(w, GCX_E_INTERNAL);
}

/* ---------------------------------------------------------------- sink */

struct gcx_json_sink {
    gcx_output *out;
    gcx_json_framing framing;
    int pretty;
    unsigned long long records;
    gcx_buf buf;
    gcx_jw jw;
};

gcx_status gcx_json_sink_new(gcx_json_sink **s, gcx_output *out,
                             gcx_json_framing framing, int pretty,
                             gcx_error *err)
{
    gcx_json_sink *k = gcx_calloc(1, sizeof *k);

    *s = NULL;
    if (!k)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    k->out = out;
    k->framing = framing;
    k->pretty = pretty;
    gcx_buf_init(&k->buf, 0);
    *s = k;
    return GCX_OK;
}

gcx_jw *gcx_json_sink_begin(gcx_json_sink *s)
{
    gcx_buf_reset(&s->buf);
    if (s->framing == GCX_JSON_FRAMING_ARRAY)
        gcx_buf_append(&s->buf, s->records ? ",\n" : "[\n",
                       2);
    gcx_jw_init(&s->jw, &s->buf, s->pretty);
    return &s->jw;
}

gcx_status gcx_json_sink_end(gcx_json_sink *s, gcx_error *err)
{
    gcx_status st = s->jw.status;

    if (!st && s->jw.depth != 0)
        st = GCX_E_INTERNAL;
    if (!st && s->framing == GCX_JSON_FRAMING_NDJSON)
        st = gcx_buf_putc(&s->buf, '\n');
    if (st)
        return gcx_error_set(err, st, "cannot write record %llu: %s",
                             s->records + 1, gcx_status_text(st));
    st = gcx_output_write(s->out, s->buf.data, s->buf.len, err);
    if (!st)
        s->records++;
    return st;
}

gcx_status gcx_json_sink_finish(gcx_json_sink *s, gcx_error *err)
{
    if (s->framing != GCX_JSON_FRAMING_ARRAY)
        return GCX_OK;
    if (s->records == 0)
        return gcx_output_write(s->out, "[]\n", 3, err);
    return gcx_output_write(s->out, "\n]\n", 3, err);
}

unsigned long long gcx_json_sink_records(const gcx_json_sink *s)
{
    return s->records;
}

void gcx_json_sink_free(gcx_json_sink *s)
{
    if (!s)
        return;
    gcx_buf_free(&s->buf);
    gcx_free(s);
}
