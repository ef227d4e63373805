/* lib/csv_out.c - RFC 4180 CSV row writer.
 *
 * Checks every field first and reserves the row's exact size, so a row
 * is appended whole or not at all. Quotes a field only when a reader
 * could otherwise misread it (the rules are in gcx/csv.h).
 */
#include "internal.h"

#include <gcx/csv.h>

typedef unsigned char uchar;

/* field_check: 0 when n bytes at s are UTF-8 without NUL, else 1 and
 * *bad is the offset of the first bad byte. */
static int field_check(const uchar *s, size_t n, size_t *bad)
{
    size_t i = 0, k;
    uint32_t cp;

    while (i < n) {
        if (s[i] == 0) {
            *bad = i;
            return 1;
        }
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        k = gcxi_utf8_check(s + i, n - i, &cp);
        if (k == 0) {
            *bad = i;
            return 1;
        }
        i += k;
    }
    return 0;
}

/* must_quote: 1 when field s (n bytes) is written in quotes; *quotes
 * gets the number of quote characters in it. lone: the row's only
 * field. */
static int must_quote(const uchar *s, size_t n, uchar delim, int lone,
                      size_t *quotes)
{
    size_t i, q = 0;
    int need = 0;

    for (i = 0; i < n; i++) {
        uchar c = s[i];

        if (c == '"')
            q++;
        if (c == delim || c == '"' || c == '\r' || c == '\n')
            need = 1;
    }
    *quotes = q;
    if (n == 0)
        return lone;
    if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
        need = 1;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        need = 1;
    return need;
}

gcx_status gcx_csv_write_row(gcx_buf *out, const char *const *fields,
                             const size_t *lens, size_t n, char delim,
                             unsigned flags, gcx_error *err)
{
    const uchar d = (uchar)delim;
    const int lone = n == 1;
    size_t i, total, len, quotes, bad, k;
    gcx_status st;

    if (n == 0)
        return gcx_error_set(err, GCX_E_USAGE, "a CSV row needs at least "
                             "one field");
    if (d == '"' || d == '\r' || d == '\n' || d == '\0' || d >= 0x80)
        return gcx_error_set(err, GCX_E_USAGE, "CSV delimiter must be one "
                             "ASCII character other than '\"', CR, LF "
                             "and NUL");
    /* check, and size the row: fields, delimiters, quotes, line end */
    total = (n - 1) + ((flags & GCX_CSV_CRLF) ? 2 : 1);
    for (i = 0; i < n; i++) {
        const uchar *s = (const uchar *)fields[i];

        len = lens ? lens[i] : fields[i] ? strlen(fields[i]) : 0;
        if (!s && len)
            return gcx_error_set(err, GCX_E_USAGE, "CSV field %zu is NULL",
                                 i + 1);
        if (len && field_check(s, len, &bad))
            return gcx_error_set(err, GCX_E_INVALID, "CSV field %zu: %s at "
                                 "byte %zu", i + 1, s[bad] ? "invalid UTF-8"
                                 : "NUL byte", bad + 1);
        k = len;
        if (must_quote(s, len, d, lone, &quotes))
            k += quotes + 2;
        if (k > SIZE_MAX / 2 - total)
            return gcx_error_set(err, GCX_E_LIMIT, "CSV row too large");
        total += k;
    }
    st = gcx_buf_reserve(out, total);
    if (st == GCX_E_LIMIT)
        return gcx_error_set(err, st, "CSV row of %zu bytes passes the "
                             "output buffer's maximum", total);
    if (st)
        return gcx_error_set(err, st, "out of memory");
    /* room is reserved: the appends below cannot fail */
    for (i = 0; i < n; i++) {
        const uchar *s = (const uchar *)fields[i];
        const uchar *p, *e, *q;

        len = lens ? lens[i] : fields[i] ? strlen(fields[i]) : 0;
        if (i)
            gcx_buf_putc(out, d);
        if (!must_quote(s, len, d, lone, &quotes)) {
            gcx_buf_append(out, s, len);
            continue;
        }
        gcx_buf_putc(out, '"');
        for (p = s, e = len ? s + len : s; p < e; p = q + 1) {
            q = memchr(p, '"', (size_t)(e - p));
            if (!q) {
                gcx_buf_append(out, p, (size_t)(e - p));
                break;
            }
            gcx_buf_append(out, p, (size_t)(q - p + 1));
            gcx_buf_putc(out, '"');
        }
        gcx_buf_putc(out, '"');
    }
    if (flags & GCX_CSV_CRLF)
        gcx_buf_append(out, "\r\n", 2);
    else
        gcx_buf_putc(out, '\n');
    gcx_error_clear(err);
    return GCX_OK;
}
