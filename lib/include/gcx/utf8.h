/* gcx/utf8.h - UTF-8 well-formedness for callers outside the library
 * (RFC 3629: no overlong forms, surrogates or code points above
 * U+10FFFF).
 */
#ifndef GCX_UTF8_H
#define GCX_UTF8_H
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif

/* gcx_utf8_valid_prefix: the length in bytes of the longest well-formed
 * UTF-8 prefix of s (n bytes): n when all of s is well-formed. NUL bytes
 * are well-formed. */
size_t gcx_utf8_valid_prefix(const char *s, size_t n);

#ifdef __cplusplus
}
#endif
#endif
