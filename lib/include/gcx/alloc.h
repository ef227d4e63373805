/* gcx/alloc.h - the allocator every libgcx module goes through.
 *
 * All library allocations pass through gcx_malloc and friends so a test
 * can make the Nth allocation fail (fault injection) and check that every
 * path reports GCX_E_NOMEM cleanly.
 */
#ifndef GCX_ALLOC_H
#define GCX_ALLOC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

void *gcx_malloc(size_t n);
void *gcx_calloc(size_t count, size_t n);
void *gcx_realloc(void *p, size_t n);
char *gcx_strdup(const char *s);
char *gcx_strndup(const char *s, size_t n);
void gcx_free(void *p);

/* gcx_alloc_fail_after: test hook: allocation number n (1-based, counted
 * from this call) and every later one fail; 0 turns the hook off. */
void gcx_alloc_fail_after(unsigned long n);
/* gcx_alloc_count: allocations made since the last gcx_alloc_fail_after. */
unsigned long gcx_alloc_count(void);

#ifdef __cplusplus
}
#endif
#endif
