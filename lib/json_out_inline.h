/* lib/json_out_inline.h - the JSON writer's hot paths, inline.
 *
 * Private to libgcx: json_out.c builds the public gcx_jw_* functions on
 * these, and xmljson.c calls them directly, so that writing millions of
 * small tokens costs no function call per token. Same contracts as the
 * public functions of gcx/json_out.h.
 */
#ifndef GCX_JSON_OUT_INLINE_H
#define GCX_JSON_OUT_INLINE_H

#include <gcx/json_out.h>

/* put1: append one byte; the common case (room left) inline. */
static inline gcx_status gcxi_put1(gcx_buf *b, char ch)
{
    if (GCXI_LIKELY(b->len + 1 < b->cap && b->len < b->max)) {
        b->data[b->len++] = ch;
        b->data[b->len] = '\0';
        return GCX_OK;
    }
    return gcx_buf_putc(b, ch);
}

/* putn: append n bytes; the common case inline. */
/* gcxi_copy: memcpy for the short pieces a writer appends (names, small
 * values): fixed-size overlapping moves, where a variable-length memcpy
 * may become a "rep movs" whose start-up costs more than the copy. */
static inline void gcxi_copy(char *d, const char *s, size_t n)
{
    uint64_t a, b, c, e;

    if (n >= 8 && n <= 16) {
        memcpy(&a, s, 8);
        memcpy(&b, s + n - 8, 8);
        memcpy(d, &a, 8);
        memcpy(d + n - 8, &b, 8);
    } else if (n > 16 && n <= 32) {
        memcpy(&a, s, 8);
        memcpy(&b, s + 8, 8);
        memcpy(&c, s + n - 16, 8);
        memcpy(&e, s + n - 8, 8);
        memcpy(d, &a, 8);
        memcpy(d + 8, &b, 8);
        memcpy(d + n - 16, &c, 8);
        memcpy(d + n - 8, &e, 8);
    } else if (n < 8) {
        while (n--)
            *d++ = *s++;
    } else {
        memcpy(d, s, n);
    }
}

static inline gcx_status gcxi_putn(gcx_buf *b, const char *p, size_t n)
{
    if (GCXI_LIKELY(n < b->cap - b->len && n <= b->max - b->len)) {
        gcxi_copy(b->data + b->len, p, n);
        b->len += n;
        b->data[b->len] = '\0';
        return GCX_OK;
    }
    return gcx_buf_append(b, p, n);
}

static inline gcx_status gcxi_jw_fail(gcx_jw *w, gcx_status st)
{
    if (!w->status)
        w->status = st;
    return w->status;
}

/* gcxi_jw_newline: newline and indentation (pretty output only). */
gcx_status gcxi_jw_newline(gcx_jw *w);

/* Before a value: a comma if needed, indentation; checks that a value is
 * allowed here (inside an object it must follow a key). */
static inline gcx_status gcxi_jw_before_value(gcx_jw *w)
{
    gcx_status st = GCX_OK;

    if (w->status)
        return w->status;
    if (w->after_key) {
        w->after_key = 0;
        return GCX_OK;
    }
    if (w->in_object[w->depth])
        return gcxi_jw_fail(w, GCX_E_INTERNAL);
    if (!w->first[w->depth])
        st = gcxi_put1(w->out, ',');
    w->first[w->depth] = 0;
    if (!st && w->pretty && w->depth > 0)
        st = gcxi_jw_newline(w);
    return st ? gcxi_jw_fail(w, st) : GCX_OK;
}

static inline gcx_status gcxi_jw_open(gcx_jw *w, char c, int object)
{
    gcx_status st = gcxi_jw_before_value(w);

    if (st)
        return st;
    if (w->depth + 1 >= GCX_JW_MAX_DEPTH)
        return gcxi_jw_fail(w, GCX_E_LIMIT);
    st = gcxi_put1(w->out, c);
    if (st)
        return gcxi_jw_fail(w, st);
    w->depth++;
    w->first[w->depth] = 1;
    w->in_object[w->depth] = (unsigned char)object;
    return GCX_OK;
}

static inline gcx_status gcxi_jw_close(gcx_jw *w, char c, int object)
{
    gcx_status st;
    int empty;

    if (w->status)
        return w->status;
    if (w->depth == 0 || w->after_key || w->in_object[w->depth] != object)
        return gcxi_jw_fail(w, GCX_E_INTERNAL);
    empty = w->first[w->depth];
    w->depth--;
    st = (w->pretty && !empty) ? gcxi_jw_newline(w) : GCX_OK;
    if (!st)
        st = gcxi_put1(w->out, c);
    return st ? gcxi_jw_fail(w, st) : GCX_OK;
}

static inline gcx_status gcxi_jw_begin_object(gcx_jw *w)
{
    return gcxi_jw_open(w, '{', 1);
}

static inline gcx_status gcxi_jw_end_object(gcx_jw *w)
{
    return gcxi_jw_close(w, '}', 1);
}

static inline gcx_status gcxi_jw_begin_array(gcx_jw *w)
{
    return gcxi_jw_open(w, '[', 0);
}

static inline gcx_status gcxi_jw_end_array(gcx_jw *w)
{
    return gcxi_jw_close(w, ']', 0);
}

/* gcxi_jw_key_open: what comes before a member's key: the checks (a key
 * is due), the comma and, when pretty, the indentation. */
static inline gcx_status gcxi_jw_key_open(gcx_jw *w)
{
    gcx_status st = GCX_OK;

    if (w->status)
        return w->status;
    if (!w->in_object[w->depth] || w->after_key)
        return gcxi_jw_fail(w, GCX_E_INTERNAL);
    if (!w->first[w->depth])
        st = gcxi_put1(w->out, ',');
    w->first[w->depth] = 0;
    if (!st && w->pretty)
        st = gcxi_jw_newline(w);
    return st ? gcxi_jw_fail(w, st) : GCX_OK;
}

/* gcxi_jw_key_close: after the key text (st: how writing it went), the
 * colon; a value is then due. */
static inline gcx_status gcxi_jw_key_close(gcx_jw *w, gcx_status st)
{
    if (!st)
        st = w->pretty ? gcxi_putn(w->out, ": ", 2) : gcxi_put1(w->out, ':');
    if (st)
        return gcxi_jw_fail(w, st);
    w->after_key = 1;
    return GCX_OK;
}

static inline gcx_status gcxi_jw_raw_key(gcx_jw *w, const char *quoted,
                                         size_t len)
{
    gcx_status st = gcxi_jw_key_open(w);

    if (st)
        return st;
    return gcxi_jw_key_close(w, gcxi_putn(w->out, quoted, len));
}

static inline gcx_status gcxi_jw_raw_string(gcx_jw *w, const char *quoted,
                                            size_t len)
{
    gcx_status st = gcxi_jw_before_value(w);

    if (!st)
        st = gcxi_putn(w->out, quoted, len);
    return st ? gcxi_jw_fail(w, st) : GCX_OK;
}

#endif
