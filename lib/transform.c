/* lib/transform.c - the mapping language's text transforms: white space,
 * case, digits, identifiers, exact decimals, numbers, phone numbers and
 * split. Dates and Hijri dates are in transform_date.c.
 *
 * Every transform appends to a gcx_buf and restores it on failure; data
 * errors name a stable reason code (gcx/transform.h).
 */
#include "internal.h"
#include "transform_internal.h"

#include <gcx/rules.h>
#include <gcx/transform.h>

#include <stdarg.h>
#include <stdio.h>

#include <unicode/uchar.h>
#include <unicode/ustring.h>

/* ------------------------------------------------------------ helpers */

void gcxi_tr_quote(char *buf, size_t size, const char *in, size_t len)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0, n = 0, k;
    uint32_t cp;

    if (size < 8) {
        if (size)
            buf[0] = '\0';
        return;
    }
    while (i < len) {
        if (n >= GCXI_TR_QUOTE_MAX || n + 8 >= size) {
            memcpy(buf + n, "...", 4);
            return;
        }
        if (s[i] >= 0x20 && s[i] < 0x7F) {
            if (s[i] == '"' || s[i] == '\\')
                buf[n++] = '\\';
            buf[n++] = (char)s[i++];
            continue;
        }
        k = s[i] < 0x80 ? 0 : gcxi_utf8_check(s + i, len - i, &cp);
        if (k == 0) {
            n += (size_t)snprintf(buf + n, size - n, "\\x%02X", s[i]);
            i++;
            continue;
        }
        if (n + k + 4 >= size || n + k > GCXI_TR_QUOTE_MAX) {
            memcpy(buf + n, "...", 4);
            return;
        }
        memcpy(buf + n, s + i, k);
        n += k;
        i += k;
    }
    buf[n] = '\0';
}

gcx_status gcxi_tr_fail(gcx_buf *out, size_t mark, const char **reason,
                        const char *code, gcx_error *err,
                        const char *fmt, ...)
{
    va_list ap;

    gcxi_tr_restore(out, mark);
    if (reason)
        *reason = code;
    va_start(ap, fmt);
    gcx_error_setv(err, GCX_E_INVALID, fmt, ap);
    va_end(ap);
    return GCX_E_INVALID;
}

gcx_status gcxi_tr_status(gcx_buf *out, size_t mark, gcx_status st,
                          gcx_error *err)
{
    gcxi_tr_restore(out, mark);
    if (st == GCX_E_LIMIT)
        return gcx_error_set(err, st, "transform result passes the "
                             "buffer's maximum size");
    if (st == GCX_E_NOMEM)
        return gcx_error_set(err, st, "out of memory");
    return gcx_error_set(err, st, "transform failed: %s",
                         gcx_status_text(st));
}

void gcxi_tr_restore(gcx_buf *out, size_t mark)
{
    out->len = mark;
    if (out->data)
        out->data[mark] = '\0';
}

gcx_status gcxi_tr_begin(const char *in, size_t len, gcx_buf *out,
                         const char **reason, gcx_error *err)
{
    if (reason)
        *reason = NULL;
    if ((!in && len) || !out)
        return gcx_error_set(err, GCX_E_USAGE,
                             "transform called without text or output");
    return GCX_OK;
}

gcx_status gcxi_tr_bad_utf8(gcx_buf *out, size_t mark, const char *in,
                            size_t len, size_t pos, const char **reason,
                            gcx_error *err)
{
    char q[GCXI_TR_QUOTE_SIZE];

    gcxi_tr_quote(q, sizeof q, in, len);
    return gcxi_tr_fail(out, mark, reason, GCXI_R_UTF8, err,
                        "value \"%s\" is not well-formed UTF-8 (byte 0x%02X "
                        "at offset %zu)", q, (unsigned char)in[pos], pos);
}

/* next_cp: the code point at s[i] (i < len) into *cp; its length, or 0
 * when the bytes there are not well-formed UTF-8. */
static size_t next_cp(const unsigned char *s, size_t len, size_t i,
                      uint32_t *cp)
{
    if (s[i] < 0x80) {
        *cp = s[i];
        return 1;
    }
    return gcxi_utf8_check(s + i, len - i, cp);
}

/* is_space: cp has the Unicode White_Space property. */
static int is_space(uint32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
    return u_isUWhiteSpace((UChar32)cp);
}

int gcxi_tr_digit(uint32_t cp)
{
    if (cp >= '0' && cp <= '9')
        return (int)(cp - '0');
    if (cp < 0x80)
        return -1;
    if (u_charType((UChar32)cp) != U_DECIMAL_DIGIT_NUMBER)
        return -1;
    return u_charDigitValue((UChar32)cp);
}

/* ---------------------------------------------------------- trim etc. */

gcx_status gcx_transform_trim(const char *in, size_t len, gcx_buf *out,
                              const char **reason, gcx_error *err)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0, k, start = len, end = 0, mark;
    uint32_t cp;
    gcx_status st = gcxi_tr_begin(in, len, out, reason, err);

    if (st)
        return st;
    mark = out->len;
    for (; i < len; i += k) {
        k = next_cp(s, len, i, &cp);
        if (k == 0)
            return gcxi_tr_bad_utf8(out, mark, in, len, i, reason, err);
        if (!is_space(cp)) {
            if (start == len)
                start = i;
            end = i + k;
        }
    }
    if (start == len)
        return GCX_OK;
    st = gcx_buf_append(out, s + start, end - start);
    return st ? gcxi_tr_status(out, mark, st, err) : GCX_OK;
}

gcx_status gcx_transform_collapse(const char *in, size_t len, gcx_buf *out,
                                  const char **reason, gcx_error *err)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0, k, run = 0, mark;
    int in_run = 0, wrote = 0;
    uint32_t cp;
    gcx_status st = gcxi_tr_begin(in, len, out, reason, err);

    if (st)
        return st;
    mark = out->len;
    for (; i <= len; i += k) {
        int space = 1;

        k = 1;
        if (i < len) {
            k = next_cp(s, len, i, &cp);
            if (k == 0)
                return gcxi_tr_bad_utf8(out, mark, in, len, i, reason, err);
            space = is_space(cp);
        }
        if (!space && !in_run) {
            in_run = 1;
            run = i;
        } else if (space && in_run) {
            /* a run of non-space text ends at i */
            in_run = 0;
            if (wrote && (st = gcx_buf_putc(out, ' ')) != GCX_OK)
                return gcxi_tr_status(out, mark, st, err);
            st = gcx_buf_append(out, s + run, i - run);
            if (st)
                return gcxi_tr_status(out, mark, st, err);
            wrote = 1;
        }
    }
    return GCX_OK;
}

/* ---------------------------------------------------------------- case */

#define STACK_U16 256

/* put_utf16: append the UTF-16 text u (n units) to out as UTF-8. */
static gcx_status put_utf16(gcx_buf *out, const UChar *u, int32_t n)
{
    UErrorCode ue = U_ZERO_ERROR;
    int32_t n8 = 0;
    gcx_status st;

    u_strToUTF8(NULL, 0, &n8, u, n, &ue);
    if (ue != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(ue))
        return GCX_E_INTERNAL;
    st = gcx_buf_reserve(out, (size_t)n8);
    if (st)
        return st;
    ue = U_ZERO_ERROR;
    u_strToUTF8(out->data + out->len, (int32_t)(out->cap - out->len), &n8,
                u, n, &ue);
    if (U_FAILURE(ue))
        return GCX_E_INTERNAL;
    out->len += (size_t)n8;
    out->data[out->len] = '\0';
    return GCX_OK;
}

/* map_case: upper (upper != 0) or lower case of in through ICU. */
static gcx_status map_case(const char *in, size_t len, gcx_buf *out,
                           const char **reason, gcx_error *err, int upper)
{
    const unsigned char *s = (const unsigned char *)in;
    UChar src_stack[STACK_U16], dst_stack[STACK_U16];
    UChar *src = src_stack, *dst = dst_stack;
    int32_t n16 = 0, cap, got;
    UErrorCode ue = U_ZERO_ERROR;
    size_t i, k, mark;
    uint32_t cp;
    int ascii = 1;
    gcx_status st = gcxi_tr_begin(in, len, out, reason, err);

    if (st)
        return st;
    mark = out->len;
    for (i = 0; i < len; i += k) {
        k = next_cp(s, len, i, &cp);
        if (k == 0)
            return gcxi_tr_bad_utf8(out, mark, in, len, i, reason, err);
        if (cp >= 0x80)
            ascii = 0;
    }
    if (ascii) {
        /* the root locale maps ASCII letters to ASCII letters only */
        st = gcx_buf_append(out, in, len);
        if (st)
            return gcxi_tr_status(out, mark, st, err);
        for (i = mark; i < out->len; i++) {
            char c = out->data[i];

            if (upper && c >= 'a' && c <= 'z')
                out->data[i] = (char)(c - 'a' + 'A');
            else if (!upper && c >= 'A' && c <= 'Z')
                out->data[i] = (char)(c - 'A' + 'a');
        }
        return GCX_OK;
    }
    if (len > (size_t)INT32_MAX / 4)
        return gcxi_tr_status(out, mark, GCX_E_LIMIT, err);
    /* UTF-16 never has more units than UTF-8 has bytes */
    if (len > STACK_U16) {
        src = gcx_malloc(len * sizeof *src);
        if (!src)
            return gcxi_tr_status(out, mark, GCX_E_NOMEM, err);
    }
    u_strFromUTF8(src, (int32_t)len, &n16, in, (int32_t)len, &ue);
    if (U_FAILURE(ue)) {
        st = GCX_E_INTERNAL;
        goto done;
    }
    cap = STACK_U16;
    for (;;) {
        ue = U_ZERO_ERROR;
        got = upper ? u_strToUpper(dst, cap, src, n16, "", &ue)
                    : u_strToLower(dst, cap, src, n16, "", &ue);
        if (ue == U_BUFFER_OVERFLOW_ERROR && dst == dst_stack) {
            cap = got;
            dst = gcx_malloc((size_t)cap * sizeof *dst);
            if (!dst) {
                st = GCX_E_NOMEM;
                goto done;
            }
            continue;
        }
        break;
    }
    if (U_FAILURE(ue) && ue != U_STRING_NOT_TERMINATED_WARNING) {
        st = GCX_E_INTERNAL;
        goto done;
    }
    st = put_utf16(out, dst, got);
done:
    if (src != src_stack)
        gcx_free(src);
    if (dst != dst_stack)
        gcx_free(dst);
    if (st == GCX_E_INTERNAL) {
        gcxi_tr_restore(out, mark);
        return gcx_error_set(err, st, "ICU case mapping failed: %s",
                             u_errorName(ue));
    }
    return st ? gcxi_tr_status(out, mark, st, err) : GCX_OK;
}

gcx_status gcx_transform_upper(const char *in, size_t len, gcx_buf *out,
                               const char **reason, gcx_error *err)
{
    return map_case(in, len, out, reason, err, 1);
}

gcx_status gcx_transform_lower(const char *in, size_t len, gcx_buf *out,
                               const char **reason, gcx_error *err)
{
    return map_case(in, len, out, reason, err, 0);
}

/* -------------------------------------------------------------- digits */

gcx_status gcx_transform_digits(const char *in, size_t len, gcx_buf *out,
                                const char **reason, gcx_error *err)
{
    size_t mark, n = 0, i, k;
    uint32_t cp;
    gcx_status st = gcxi_tr_begin(in, len, out, reason, err);

    if (st)
        return st;
    mark = out->len;
    st = gcx_buf_reserve(out, len);
    if (st)
        return gcxi_tr_status(out, mark, st, err);
    st = gcx_rules_fold_digits(in, len, out->data + mark, len + 1, &n);
    if (st == GCX_E_INVALID) {
        for (i = 0; i < len; i += k) {
            k = next_cp((const unsigned char *)in, len, i, &cp);
            if (k == 0)
                break;
        }
        return gcxi_tr_bad_utf8(out, mark, in, len, i, reason, err);
    }
    if (st)
        return gcxi_tr_status(out, mark, GCX_E_INTERNAL, err);
    out->len = mark + n;
    out->data[out->len] = '\0';
    return GCX_OK;
}

gcx_status gcx_transform_digit_script(const char *name,
                                      gcx_digit_script *script,
                                      gcx_error *err)
{
    if (!name || !script)
        return gcx_error_set(err, GCX_E_USAGE, "no digit script name");
    if (strcmp(name, "arabic-indic") == 0) {
        *script = GCX_DIGITS_ARABIC_INDIC;
        return GCX_OK;
    }
    if (strcmp(name, "persian") == 0) {
        *script = GCX_DIGITS_PERSIAN;
        return GCX_OK;
    }
    return gcx_error_set(err, GCX_E_CONFIG, "unknown digit script \"%.60s\""
                         ": expected arabic-indic or persian", name);
}

gcx_status gcx_transform_digits_to(const char *in, size_t len,
                                   gcx_digit_script script, gcx_buf *out,
                                   const char **reason, gcx_error *err)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i, k, run = 0, mark;
    uint32_t cp, zero;
    unsigned char enc[4];
    int d;
    gcx_status st = gcxi_tr_begin(in, len, out, reason, err);

    if (st)
        return st;
    if (script == GCX_DIGITS_ARABIC_INDIC)
        zero = 0x0660;
    else if (script == GCX_DIGITS_PERSIAN)
        zero = 0x06F0;
    else
        return gcx_error_set(err, GCX_E_USAGE, "unknown digit script %d",
                             (int)script);
    mark = out->len;
    for (i = 0; i < len; i += k) {
        k = next_cp(s, len, i, &cp);
        if (k == 0)
            return gcxi_tr_bad_utf8(out, mark, in, len, i, reason, err);
        d = gcxi_tr_digit(cp);
        if (d < 0)
            continue;
        st = gcx_buf_append(out, s + run, i - run);
        if (!st)
            st = gcx_buf_append(out, enc,
                                gcxi_utf8_encode(zero + (uint32_t)d, enc));
        if (st)
            return gcxi_tr_status(out, mark, st, err);
        run = i + k;
    }
    st = gcx_buf_append(out, s + run, len - run);
    return st ? gcxi_tr_status(out, mark, st, err) : GCX_OK;
}

/* ------------------------------------------------------------ id-clean */

gcx_status gcx_transform_id_clean(const char *in, size_t len, gcx_buf *out,
                                  const char **reason, gcx_error *err)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i, k, mark;
    uint32_t cp;
    int d;
    gcx_status st = gcxi_tr_begin(in, len, out, reason, err);

    if (st)
        return st;
    mark = out->len;
    for (i = 0; i < len; i += k) {
        k = next_cp(s, len, i, &cp);
        if (k == 0)
            return gcxi_tr_bad_utf8(out, mark, in, len, i, reason, err);
        if (cp == '-' || cp == '/' || cp == '.' || cp == '_' ||
            cp == 0x2212 || is_space(cp))
            continue;
        if (cp < 0x80) {
            int c = (int)cp;

            if (c >= 'a' && c <= 'z')
                c = c - 'a' + 'A';
            st = gcx_buf_putc(out, c);
        } else if (u_charType((UChar32)cp) == U_DASH_PUNCTUATION) {
            continue;
        } else if ((d = gcxi_tr_digit(cp)) >= 0) {
            st = gcx_buf_putc(out, '0' + d);
        } else {
            st = gcx_buf_append(out, s + i, k);
        }
        if (st)
            return gcxi_tr_status(out, mark, st, err);
    }
    return GCX_OK;
}

/* ------------------------------------------------------------- decimal */

/* dec_char: class of a code point in a decimal: 0-9 a digit, DEC_POINT,
 * DEC_GROUP, DEC_MINUS, or DEC_OTHER. */
#define DEC_POINT 10
#define DEC_GROUP 11
#define DEC_MINUS 12
#define DEC_OTHER 13

static int dec_char(uint32_t cp)
{
    int d;

    if (cp == '.' || cp == 0x066B)
        return DEC_POINT;
    if (cp == ',' || cp == 0x066C)
        return DEC_GROUP;
    if (cp == '-')
        return DEC_MINUS;
    d = gcxi_tr_digit(cp);
    return d >= 0 ? d : DEC_OTHER;
}

gcx_status gcx_transform_decimal(const char *in, size_t len,
                                 unsigned scale, gcx_buf *out,
                                 const char **reason, gcx_error *err)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i, k, mark, chars = 0;
    size_t int_digits = 0, frac_digits = 0, group = 0, groups = 0;
    size_t lead_zeros = 0, frac_last_nz = 0; /* 1-based, 0: none */
    int neg = 0, point = 0, c, nonzero, emitted_int = 0, in_frac = 0;
    size_t fi = 0;
    uint32_t cp;
    char q[GCXI_TR_QUOTE_SIZE];
    const char *why = NULL;
    gcx_status st = gcxi_tr_begin(in, len, out, reason, err);

    if (st)
        return st;
    if (scale > GCX_DECIMAL_SCALE_MAX)
        return gcx_error_set(err, GCX_E_USAGE, "decimal scale %u is above "
                             "%d", scale, GCX_DECIMAL_SCALE_MAX);
    mark = out->len;
    /* pass 1: check the shape */
    for (i = 0; i < len && !why; i += k, chars++) {
        k = next_cp(s, len, i, &cp);
        if (k == 0)
            return gcxi_tr_bad_utf8(out, mark, in, len, i, reason, err);
        c = dec_char(cp);
        if (c == DEC_MINUS) {
            if (i != 0)
                why = "'-' is allowed only in front";
            neg = 1;
        } else if (c == DEC_POINT) {
            if (point)
                why = "a second decimal point";
            else if (int_digits == 0)
                why = "no digits before the decimal point";
            else if (groups && group != 3)
                why = "a thousands separator is misplaced";
            point = 1;
        } else if (c == DEC_GROUP) {
            if (point)
                why = "a thousands separator after the decimal point";
            else if (group == 0 || (groups == 0 && group > 3) ||
                     (groups > 0 && group != 3))
                why = "a thousands separator is misplaced";
            groups++;
            group = 0;
        } else if (c == DEC_OTHER) {
            why = "a character that is not a digit, '-', '.' or ','";
        } else if (point) {
            frac_digits++;
            if (c != 0)
                frac_last_nz = frac_digits;
        } else {
            if (int_digits == lead_zeros && c == 0)
                lead_zeros++;
            int_digits++;
            group++;
        }
    }
    if (!why) {
        if (int_digits == 0)
            why = "no digits";
        else if (point && frac_digits == 0)
            why = "no digits after the decimal point";
        else if (!point && groups && group != 3)
            why = "a thousands separator is misplaced";
    }
    if (why) {
        gcxi_tr_quote(q, sizeof q, in, len);
        return gcxi_tr_fail(out, mark, reason, GCXI_R_DECIMAL, err,
                            "value \"%s\" is not a decimal number (%s at "
                            "character %zu): expected digits with an "
                            "optional '-', '.' and ',' thousands "
                            "separators", q, why, chars);
    }
    if (frac_last_nz > scale) {
        gcxi_tr_quote(q, sizeof q, in, len);
        return gcxi_tr_fail(out, mark, reason, GCXI_R_SCALE, err,
                            "value \"%s\" has %zu fraction digits: at most "
                            "%u are allowed", q, frac_last_nz, scale);
    }
    /* pass 2: write it, without '-' when it is zero */
    nonzero = int_digits > lead_zeros || frac_last_nz > 0;
    if (neg && nonzero && (st = gcx_buf_putc(out, '-')) != GCX_OK)
        return gcxi_tr_status(out, mark, st, err);
    for (i = 0; i < len; i += k) {
        k = next_cp(s, len, i, &cp);
        c = dec_char(cp);
        if (c == DEC_POINT) {
            if (!emitted_int && (st = gcx_buf_putc(out, '0')) != GCX_OK)
                return gcxi_tr_status(out, mark, st, err);
            emitted_int = 1;
            if (scale && (st = gcx_buf_putc(out, '.')) != GCX_OK)
                return gcxi_tr_status(out, mark, st, err);
            in_frac = 1;
            continue;
        }
        if (c > 9)
            continue;
        if (in_frac) {
            if (fi++ >= scale)
                break;
        } else if (!emitted_int && c == 0) {
            continue; /* a leading zero */
        } else {
            emitted_int = 1;
        }
        if ((st = gcx_buf_putc(out, '0' + c)) != GCX_OK)
            return gcxi_tr_status(out, mark, st, err);
    }
    if (!emitted_int && (st = gcx_buf_putc(out, '0')) != GCX_OK)
        return gcxi_tr_status(out, mark, st, err);
    if (!in_frac && scale && (st = gcx_buf_putc(out, '.')) != GCX_OK)
        return gcxi_tr_status(out, mark, st, err);
    for (; fi < scale; fi++)
        if ((st = gcx_buf_putc(out, '0')) != GCX_OK)
            return gcxi_tr_status(out, mark, st, err);
    return GCX_OK;
}

/* -------------------------------------------------------------- number */

gcx_status gcx_transform_number(const char *in, size_t len, gcx_buf *out,
                                const char **reason, gcx_error *err)
{
    size_t mark, i, n, start;
    const char *p, *why = NULL;
    char q[GCXI_TR_QUOTE_SIZE];
    gcx_status st = gcxi_tr_begin(in, len, out, reason, err);

    if (st)
        return st;
    mark = out->len;
    st = gcx_transform_digits(in, len, out, reason, err);
    if (st)
        return st;
    p = out->data + mark;
    n = out->len - mark;
    i = 0;
    if (i < n && p[i] == '-')
        i++;
    start = i;
    while (i < n && p[i] >= '0' && p[i] <= '9')
        i++;
    if (i == start)
        why = "it does not start with a digit";
    else if (p[start] == '0' && i - start > 1)
        why = "a leading zero";
    if (!why && i < n && p[i] == '.') {
        start = ++i;
        while (i < n && p[i] >= '0' && p[i] <= '9')
            i++;
        if (i == start)
            why = "no digits after '.'";
    }
    if (!why && i < n)
        why = "text after the number";
    if (why) {
        gcxi_tr_quote(q, sizeof q, in, len);
        return gcxi_tr_fail(out, mark, reason, GCXI_R_NUMBER, err,
                            "value \"%s\" is not a number (%s): expected "
                            "-?digits[.digits] without leading zeros or "
                            "exponent", q, why);
    }
    return GCX_OK;
}

/* --------------------------------------------------------------- phone */

typedef struct phone_state {
    char alpha2[3];
    char cc[4];         /* E.164 country code */
    unsigned min, max;  /* national significant number length */
    int trunk;          /* "0" is the trunk prefix inside the state */
} phone_state;

static const phone_state phone_states[] = {
    {"BH", "973", 8, 8, 0},
    {"SA", "966", 9, 9, 1},
    {"AE", "971", 8, 9, 1},
    {"OM", "968", 8, 8, 0},
    {"QA", "974", 8, 8, 0},
    {"KW", "965", 8, 8, 0},
};

static const phone_state *find_state(const char *state)
{
    size_t i;

    if (!state)
        return NULL;
    for (i = 0; i < sizeof phone_states / sizeof phone_states[0]; i++)
        if (strcmp(phone_states[i].alpha2, state) == 0)
            return &phone_states[i];
    return NULL;
}

int gcx_transform_e164_state(const char *state)
{
    return find_state(state) != NULL;
}

#define PHONE_DIGITS_MAX 20

/* phone_check: the national significant number nsn (n digits) fits ps;
 * else a failure naming the whole value. */
static gcx_status phone_check(const phone_state *ps, const char *nsn,
                              size_t n, const char *in, size_t len,
                              gcx_buf *out, size_t mark,
                              const char **reason, gcx_error *err)
{
    char q[GCXI_TR_QUOTE_SIZE];

    gcxi_tr_quote(q, sizeof q, in, len);
    if (n == 0 || nsn[0] == '0')
        return gcxi_tr_fail(out, mark, reason, GCXI_R_PHONE, err,
                            "phone number \"%s\": the national number "
                            "after +%s %s", q, ps->cc, n ? "cannot start "
                            "with 0" : "is missing");
    if (n < ps->min || n > ps->max) {
        if (ps->min == ps->max)
            return gcxi_tr_fail(out, mark, reason, GCXI_R_PHONE_LENGTH,
                                err, "phone number \"%s\": national numbers "
                                "in %s have %u digits, found %zu", q,
                                ps->alpha2, ps->min, n);
        return gcxi_tr_fail(out, mark, reason, GCXI_R_PHONE_LENGTH, err,
                            "phone number \"%s\": national numbers in %s "
                            "have %u or %u digits, found %zu", q,
                            ps->alpha2, ps->min, ps->max, n);
    }
    return GCX_OK;
}

gcx_status gcx_transform_e164(const char *in, size_t len, const char *state,
                              gcx_buf *out, const char **reason,
                              gcx_error *err)
{
    const unsigned char *s = (const unsigned char *)in;
    const phone_state *ps = find_state(state);
    char dg[PHONE_DIGITS_MAX + 1], q[GCXI_TR_QUOTE_SIZE];
    size_t i, k, n = 0, mark, chars = 0, cclen, nsn = 0;
    int plus = 0, d;
    uint32_t cp;
    gcx_status st = gcxi_tr_begin(in, len, out, reason, err);

    if (st)
        return st;
    if (!ps)
        return gcx_error_set(err, GCX_E_USAGE, "e164: unknown state "
                             "\"%.10s\"", state ? state : "(null)");
    mark = out->len;
    for (i = 0; i < len; i += k, chars++) {
        k = next_cp(s, len, i, &cp);
        if (k == 0)
            return gcxi_tr_bad_utf8(out, mark, in, len, i, reason, err);
        if (is_space(cp) || cp == '-' || cp == '.' || cp == '(' ||
            cp == ')' || (cp >= 0x80 &&
                          u_charType((UChar32)cp) == U_DASH_PUNCTUATION))
            continue;
        if (cp == '+' && n == 0 && !plus) {
            plus = 1;
            continue;
        }
        d = gcxi_tr_digit(cp);
        if (d < 0 || n == PHONE_DIGITS_MAX) {
            gcxi_tr_quote(q, sizeof q, in, len);
            if (d >= 0)
                return gcxi_tr_fail(out, mark, reason, GCXI_R_PHONE, err,
                                    "phone number \"%s\" has more than %d "
                                    "digits", q, PHONE_DIGITS_MAX);
            return gcxi_tr_fail(out, mark, reason, GCXI_R_PHONE, err,
                                "phone number \"%s\": unexpected character "
                                "at position %zu: expected digits, an "
                                "optional leading '+', spaces, '-' or "
                                "parentheses", q, chars + 1);
        }
        dg[n++] = (char)('0' + d);
    }
    dg[n] = '\0';
    if (n == 0) {
        gcxi_tr_quote(q, sizeof q, in, len);
        return gcxi_tr_fail(out, mark, reason, GCXI_R_PHONE, err,
                            "phone number \"%s\" has no digits", q);
    }
    cclen = strlen(ps->cc);
    if (plus || (n >= 2 && dg[0] == '0' && dg[1] == '0')) {
        i = plus ? 0 : 2;
        if (n - i < cclen || memcmp(dg + i, ps->cc, cclen) != 0) {
            gcxi_tr_quote(q, sizeof q, in, len);
            return gcxi_tr_fail(out, mark, reason, GCXI_R_PHONE_COUNTRY,
                                err, "phone number \"%s\" is not in %s: "
                                "expected country code +%s", q, ps->alpha2,
                                ps->cc);
        }
        nsn = i + cclen;
    } else if (n > cclen && memcmp(dg, ps->cc, cclen) == 0) {
        /* the country code without '+': only when the length says so */
        size_t rest = n - cclen;

        if ((rest >= ps->min && rest <= ps->max) ||
            (ps->trunk && dg[cclen] == '0' && rest - 1 >= ps->min &&
             rest - 1 <= ps->max)) {
            nsn = cclen;
        }
    }
    if (ps->trunk && nsn < n && dg[nsn] == '0')
        nsn++; /* trunk prefix, or "(0)" after the country code */
    st = phone_check(ps, dg + nsn, n - nsn, in, len, out, mark, reason,
                     err);
    if (st)
        return st;
    st = gcx_buf_putc(out, '+');
    if (!st)
        st = gcx_buf_puts(out, ps->cc);
    if (!st)
        st = gcx_buf_append(out, dg + nsn, n - nsn);
    return st ? gcxi_tr_status(out, mark, st, err) : GCX_OK;
}

gcx_status gcx_transform_e164_format(const char *in, size_t len,
                                     const char *state, gcx_phone_form form,
                                     gcx_buf *out, const char **reason,
                                     gcx_error *err)
{
    const phone_state *ps = find_state(state);
    char q[GCXI_TR_QUOTE_SIZE];
    size_t i, mark, cclen;
    gcx_status st = gcxi_tr_begin(in, len, out, reason, err);

    if (st)
        return st;
    if (!ps)
        return gcx_error_set(err, GCX_E_USAGE, "e164: unknown state "
                             "\"%.10s\"", state ? state : "(null)");
    if (form < GCX_PHONE_NATIONAL || form > GCX_PHONE_SIGNIFICANT)
        return gcx_error_set(err, GCX_E_USAGE, "e164: unknown form %d",
                             (int)form);
    mark = out->len;
    cclen = strlen(ps->cc);
    for (i = 1; i < len && in[i] >= '0' && in[i] <= '9'; i++)
        ;
    if (len < 2 || in[0] != '+' || i != len || len > PHONE_DIGITS_MAX) {
        gcxi_tr_quote(q, sizeof q, in, len);
        return gcxi_tr_fail(out, mark, reason, GCXI_R_PHONE, err,
                            "phone number \"%s\" is not E.164: expected "
                            "'+' and ASCII digits", q);
    }
    if (len - 1 < cclen || memcmp(in + 1, ps->cc, cclen) != 0) {
        gcxi_tr_quote(q, sizeof q, in, len);
        return gcxi_tr_fail(out, mark, reason, GCXI_R_PHONE_COUNTRY, err,
                            "phone number \"%s\" is not in %s: expected "
                            "country code +%s", q, ps->alpha2, ps->cc);
    }
    st = phone_check(ps, in + 1 + cclen, len - 1 - cclen, in, len, out,
                     mark, reason, err);
    if (st)
        return st;
    switch (form) {
    case GCX_PHONE_INTERNATIONAL:
        st = gcx_buf_append(out, in, len);
        break;
    case GCX_PHONE_00:
        st = gcx_buf_append(out, "00", 2);
        if (!st)
            st = gcx_buf_append(out, in + 1, len - 1);
        break;
    case GCX_PHONE_NATIONAL:
        if (ps->trunk)
            st = gcx_buf_putc(out, '0');
        /* fall through */
    default:
        if (!st)
            st = gcx_buf_append(out, in + 1 + cclen, len - 1 - cclen);
        break;
    }
    return st ? gcxi_tr_status(out, mark, st, err) : GCX_OK;
}

/* --------------------------------------------------------------- split */

gcx_status gcx_transform_split(const char *in, size_t len, const char *sep,
                               size_t seplen, size_t n, gcx_buf *out,
                               int *present, const char **reason,
                               gcx_error *err)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i, k, start = 0, part = 0, mark;
    uint32_t cp;
    gcx_status st = gcxi_tr_begin(in, len, out, reason, err);

    if (st)
        return st;
    if (!sep || seplen == 0 || !present)
        return gcx_error_set(err, GCX_E_USAGE, "split: empty separator");
    *present = 0;
    mark = out->len;
    for (i = 0; i < len; i += k) {
        k = next_cp(s, len, i, &cp);
        if (k == 0)
            return gcxi_tr_bad_utf8(out, mark, in, len, i, reason, err);
    }
    for (i = 0; part < n && i + seplen <= len;) {
        if (memcmp(in + i, sep, seplen) == 0) {
            part++;
            i += seplen;
            start = i;
        } else {
            i++;
        }
    }
    if (part < n)
        return GCX_OK; /* fewer parts: missing */
    for (i = start; i + seplen <= len; i++)
        if (memcmp(in + i, sep, seplen) == 0)
            break;
    if (i + seplen > len)
        i = len;
    st = gcx_buf_append(out, in + start, i - start);
    if (st)
        return gcxi_tr_status(out, mark, st, err);
    *present = 1;
    return GCX_OK;
}
