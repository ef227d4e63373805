/* gcx/limits.h - the resource limits every reader honours.
 *
 * Inputs are hostile until proven otherwise: each reader refuses a record
 * larger, deeper or longer than these limits with GCX_E_LIMIT instead of
 * exhausting memory or stack. Tools expose each limit as an option.
 */
#ifndef GCX_LIMITS_H
#define GCX_LIMITS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gcx_limits {
    size_t max_record_bytes;  /* bytes of source text in one record */
    unsigned max_depth;       /* nesting of elements / arrays and objects */
    size_t max_string_bytes;  /* one string, text node or number */
    unsigned max_expansion;   /* entity expansion: output/input ratio */
} gcx_limits;

#define GCX_DEFAULT_MAX_RECORD_BYTES ((size_t)64 << 20)  /* 64 MiB */
#define GCX_DEFAULT_MAX_DEPTH 256u
#define GCX_DEFAULT_MAX_STRING_BYTES ((size_t)16 << 20)  /* 16 MiB */
#define GCX_DEFAULT_MAX_EXPANSION 10u

/* gcx_limits_default: the documented defaults above. */
gcx_limits gcx_limits_default(void);

#ifdef __cplusplus
}
#endif
#endif
