/* lib/alloc.c - the library's allocator, with a fault-injection hook.
 *
 * gcx_alloc_fail_after(n) makes the nth allocation from then on, and all
 * after it, return NULL, so tests can walk every allocation-failure path.
 */
#include "internal.h"

#include <stdlib.h>

static unsigned long alloc_count;
static unsigned long alloc_fail_at;

/* The counter is bumped atomically: tools may allocate from two threads
 * (gcx-diff reads its two inputs at once). */
static int alloc_should_fail(void)
{
    unsigned long n = __atomic_add_fetch(&alloc_count, 1, __ATOMIC_RELAXED);

    return alloc_fail_at && n >= alloc_fail_at;
}

void gcx_alloc_fail_after(unsigned long n)
{
    alloc_count = 0;
    alloc_fail_at = n;
}

unsigned long gcx_alloc_count(void)
{
    return __atomic_load_n(&alloc_count, __ATOMIC_RELAXED);
}

void *gcx_malloc(size_t n)
{
    if (alloc_should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

void *gcx_calloc(size_t count, size_t n)
{
    if (alloc_should_fail())
        return NULL;
    return calloc(count ? count : 1, n ? n : 1);
}

void *gcx_realloc(void *p, size_t n)
{
    if (alloc_should_fail())
        return NULL;
    return realloc(p, n ? n : 1);
}

char *gcx_strndup(const char *s, size_t n)
{
    char *d = gcx_malloc(n + 1);

    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *gcx_strdup(const char *s)
{
    return gcx_strndup(s, strlen(s));
}

void gcx_free(void *p)
{
    free(p);
}
