/* lib/buf.c - growable byte buffer with a hard maximum.
 *
 * Growth doubles the capacity; no append ever lets len pass max.
 */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>

#define BUF_DEFAULT_MAX ((size_t)SIZE_MAX / 2)

void gcx_buf_init(gcx_buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max ? max : BUF_DEFAULT_MAX;
}

void gcx_buf_free(gcx_buf *b)
{
    if (!b)
        return;
    gcx_free(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void gcx_buf_reset(gcx_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

gcx_status gcx_buf_reserve(gcx_buf *b, size_t extra)
{
    size_t need, cap;
    char *p;

    if (extra > b->max - b->len)
        return GCX_E_LIMIT;
    need = b->len + extra + 1;
    if (need <= b->cap)
        return GCX_OK;
    cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    p = gcx_realloc(b->data, cap);
    if (!p)
        return GCX_E_NOMEM;
    b->data = p;
    b->cap = cap;
    return GCX_OK;
}

gcx_status gcx_buf_append(gcx_buf *b, const void *p, size_t n)
{
    gcx_status st;

    if (b->cap - b->len <= n) {
        st = gcx_buf_reserve(b, n);
        if (st)
            return st;
    } else if (n > b->max - b->len) {
        return GCX_E_LIMIT;
    }
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return GCX_OK;
}

gcx_status gcx_buf_puts(gcx_buf *b, const char *s)
{
    return gcx_buf_append(b, s, strlen(s));
}

gcx_status gcx_buf_putc(gcx_buf *b, int c)
{
    char ch = (char)c;

    return gcx_buf_append(b, &ch, 1);
}

gcx_status gcx_buf_printf(gcx_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    gcx_status st;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return GCX_E_INTERNAL;
    st = gcx_buf_reserve(b, (size_t)n);
    if (st)
        return st;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return GCX_OK;
}

char *gcx_buf_steal(gcx_buf *b)
{
    char *p;

    if (!b->data)
        return gcx_strdup("");
    p = b->data;
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    return p;
}
