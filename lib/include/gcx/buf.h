/* gcx/buf.h - a growable byte buffer with a hard maximum size.
 *
 * Every buffer that grows from input has a maximum (style rule 9): an
 * append that would pass it fails with GCX_E_LIMIT and leaves the buffer
 * unchanged. The struct is public so hot loops can read data/len directly;
 * change it only through these functions.
 */
#ifndef GCX_BUF_H
#define GCX_BUF_H

#include <stddef.h>
#include <gcx/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gcx_buf {
    char *data;   /* len bytes, followed by a NUL when cap > 0 */
    size_t len;
    size_t cap;
    size_t max;   /* hard maximum for len; 0 means SIZE_MAX/2 */
} gcx_buf;

/* gcx_buf_init: make b empty, owning nothing, with maximum max. */
void gcx_buf_init(gcx_buf *b, size_t max);
/* gcx_buf_free: release b's memory and make it empty; b may be NULL. */
void gcx_buf_free(gcx_buf *b);
/* gcx_buf_reset: set len to 0, keeping the allocation. */
void gcx_buf_reset(gcx_buf *b);
/* gcx_buf_reserve: make room for extra more bytes (plus the NUL).
 * GCX_E_LIMIT past max, GCX_E_NOMEM when allocation fails. Pointers into
 * data are invalid after a call that grew the buffer. */
gcx_status gcx_buf_reserve(gcx_buf *b, size_t extra);
/* gcx_buf_append: append n bytes of p. */
gcx_status gcx_buf_append(gcx_buf *b, const void *p, size_t n);
/* gcx_buf_puts: append a NUL-terminated string. */
gcx_status gcx_buf_puts(gcx_buf *b, const char *s);
/* gcx_buf_putc: append one byte. */
gcx_status gcx_buf_putc(gcx_buf *b, int c);
/* gcx_buf_printf: append formatted text. */
gcx_status gcx_buf_printf(gcx_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* gcx_buf_steal: return data (new, caller frees with free(); never NULL:
 * an empty buffer gives an allocated ""), and make b empty. NULL only if
 * that allocation fails. */
char *gcx_buf_steal(gcx_buf *b);

#ifdef __cplusplus
}
#endif
#endif
