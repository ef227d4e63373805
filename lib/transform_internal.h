/* lib/transform_internal.h - helpers shared by transform.c and
 * transform_date.c only: reason codes, failure reporting that restores
 * the output buffer, value quoting for messages, digit values.
 */
#ifndef GCX_TRANSFORM_INTERNAL_H
#define GCX_TRANSFORM_INTERNAL_H

#include <gcx/transform.h>

#if defined(__GNUC__)
#define GCXI_TR_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define GCXI_TR_PRINTF(a, b)
#endif

/* The reason codes of gcx/transform.h. */
#define GCXI_R_UTF8 "map.utf8-invalid"
#define GCXI_R_DATE_PATTERN "map.date-pattern"
#define GCXI_R_DATE "map.date-invalid"
#define GCXI_R_DATE_UNREP "map.date-unrepresentable"
#define GCXI_R_HIJRI "map.hijri-invalid"
#define GCXI_R_HIJRI_RANGE "map.hijri-range"
#define GCXI_R_DECIMAL "map.decimal-invalid"
#define GCXI_R_SCALE "map.decimal-scale"
#define GCXI_R_NUMBER "map.number-invalid"
#define GCXI_R_PHONE "map.phone-invalid"
#define GCXI_R_PHONE_COUNTRY "map.phone-country"
#define GCXI_R_PHONE_LENGTH "map.phone-length"

#define GCXI_TR_QUOTE_MAX 60   /* bytes of a value quoted in a message */
#define GCXI_TR_QUOTE_SIZE 260 /* room for them, escaped */

/* gcxi_tr_quote: len bytes of in for a message into buf (size bytes,
 * NUL-terminated): at most GCXI_TR_QUOTE_MAX bytes of it, cut at a
 * character boundary and followed by "..." when cut; '"' and '\' get a
 * backslash, control characters and bytes that are not UTF-8 become
 * \xNN. */
void gcxi_tr_quote(char *buf, size_t size, const char *in, size_t len);

/* gcxi_tr_begin: common argument check; sets *reason (may be NULL) to
 * NULL. GCX_E_USAGE (with err) for NULL out or NULL in with len > 0. */
gcx_status gcxi_tr_begin(const char *in, size_t len, gcx_buf *out,
                         const char **reason, gcx_error *err);

/* gcxi_tr_restore: set out back to mark bytes. */
void gcxi_tr_restore(gcx_buf *out, size_t mark);

/* gcxi_tr_fail: a data failure: restore out to mark, *reason = code
 * (a static string), err gets the message; returns GCX_E_INVALID. */
gcx_status gcxi_tr_fail(gcx_buf *out, size_t mark, const char **reason,
                        const char *code, gcx_error *err,
                        const char *fmt, ...) GCXI_TR_PRINTF(6, 7);

/* gcxi_tr_status: any other failure st (GCX_E_LIMIT, GCX_E_NOMEM, ...):
 * restore out to mark, describe st in err; returns st. */
gcx_status gcxi_tr_status(gcx_buf *out, size_t mark, gcx_status st,
                          gcx_error *err);

/* gcxi_tr_bad_utf8: the map.utf8-invalid failure for the byte at pos. */
gcx_status gcxi_tr_bad_utf8(gcx_buf *out, size_t mark, const char *in,
                            size_t len, size_t pos, const char **reason,
                            gcx_error *err);

/* gcxi_tr_digit: the value 0-9 of cp when it is a Unicode decimal digit
 * (general category Nd) of any script, else -1. */
int gcxi_tr_digit(uint32_t cp);

#endif
