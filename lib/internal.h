/* lib/internal.h - included first by every libgcx source file.
 *
 * Pulls in config.h and the public headers, and declares the private
 * helpers (gcxi_*) shared between library files. Nothing here is
 * installed or exported.
 */
#ifndef GCX_INTERNAL_H
#define GCX_INTERNAL_H

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <gcx/error.h>
#include <gcx/limits.h>
#include <gcx/alloc.h>
#include <gcx/buf.h>

#if defined(__GNUC__)
#define GCXI_LIKELY(x) __builtin_expect(!!(x), 1)
#define GCXI_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define GCXI_LIKELY(x) (x)
#define GCXI_UNLIKELY(x) (x)
#endif

/* gcxi_utf8_check: length in bytes (1-4) of the well-formed UTF-8
 * sequence at s (at most n bytes available), or 0 when it is malformed:
 * truncated, overlong, a surrogate (U+D800-DFFF) or above U+10FFFF.
 * *cp receives the code point. Defined in utf8.c. */
size_t gcxi_utf8_check(const unsigned char *s, size_t n, uint32_t *cp);
/* gcxi_utf8_encode: write cp as UTF-8 into out (4 bytes room); returns
 * the length. */
size_t gcxi_utf8_encode(uint32_t cp, unsigned char *out);

#endif
