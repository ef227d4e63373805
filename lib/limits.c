/* lib/limits.c - the default resource limits. */
#include "internal.h"

gcx_limits gcx_limits_default(void)
{
    gcx_limits l;

    l.max_record_bytes = GCX_DEFAULT_MAX_RECORD_BYTES;
    l.max_depth = GCX_DEFAULT_MAX_DEPTH;
    l.max_string_bytes = GCX_DEFAULT_MAX_STRING_BYTES;
    l.max_expansion = GCX_DEFAULT_MAX_EXPANSION;
    return l;
}
