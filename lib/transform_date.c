/* lib/transform_date.c - the date, datetime and hijri transforms: date
 * patterns compiled once into a list of fields and literals, parsing
 * (digits of any script) to ISO 8601, and formatting back.
 *
 * Hijri to Gregorian goes through gcx_rules_hijri_to_gregorian; the
 * reverse uses an Umm al-Qura ICU calendar cached per thread.
 */
#include "internal.h"
#include "transform_internal.h"

#include <gcx/rules.h>
#include <gcx/transform.h>

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

#include <unicode/ucal.h>
#include <unicode/utypes.h>

/* ------------------------------------------------------------ patterns */

enum item_type {
    T_LIT, T_YEAR, T_MONTH2, T_MONTH, T_DAY2, T_DAY, T_HOUR, T_MIN, T_SEC,
    T_MILLI, T_ZONE
};

#define FB_YEAR 0x01u
#define FB_MONTH 0x02u
#define FB_DAY 0x04u
#define FB_HOUR 0x08u
#define FB_MIN 0x10u
#define FB_SEC 0x20u
#define FB_MILLI 0x40u
#define FB_ZONE 0x80u

typedef struct item {
    unsigned char type;   /* enum item_type */
    unsigned char len;    /* T_LIT: bytes in lit */
    unsigned short off;   /* T_LIT: offset in lit */
    unsigned short col;   /* 1-based character column in the pattern */
} item;

struct gcx_datepat {
    gcx_datepat_kind kind;
    unsigned fields;      /* FB_* */
    size_t n;
    item items[GCX_DATEPAT_MAX];
    size_t nlit;
    char lit[GCX_DATEPAT_MAX + 1];
    char text[GCX_DATEPAT_MAX + 1];
};

/* field_info: what a pattern field is called, its bit and width. */
static const struct {
    const char *name;
    unsigned bit;
    int min, max;      /* digits read */
} fields[] = {
    {"", 0, 0, 0},
    {"yyyy", FB_YEAR, 4, 4},
    {"MM", FB_MONTH, 2, 2},
    {"M", FB_MONTH, 1, 2},
    {"dd", FB_DAY, 2, 2},
    {"d", FB_DAY, 1, 2},
    {"HH", FB_HOUR, 2, 2},
    {"mm", FB_MIN, 2, 2},
    {"ss", FB_SEC, 2, 2},
    {"SSS", FB_MILLI, 3, 3},
    {"XXX", FB_ZONE, 0, 0},
};

static gcx_status pat_error(gcx_error *err, const char *pattern,
                            unsigned col, const char *fmt, ...)
    GCXI_TR_PRINTF(4, 5);

static gcx_status pat_error(gcx_error *err, const char *pattern,
                            unsigned col, const char *fmt, ...)
{
    char what[GCX_ERROR_MESSAGE_MAX], q[GCXI_TR_QUOTE_SIZE];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    gcxi_tr_quote(q, sizeof q, pattern, strlen(pattern));
    gcx_error_set(err, GCX_E_CONFIG, "date pattern \"%s\", column %u: %s",
                  q, col, what);
    gcx_error_at(err, NULL, 0, col);
    return GCX_E_CONFIG;
}

/* letter_type: the item type of a run of n letters c, or -1 when c is
 * not a pattern letter, -2 when the run has the wrong length. */
static int letter_type(char c, size_t n)
{
    switch (c) {
    case 'y': return n == 4 ? T_YEAR : -2;
    case 'M': return n == 2 ? T_MONTH2 : n == 1 ? T_MONTH : -2;
    case 'd': return n == 2 ? T_DAY2 : n == 1 ? T_DAY : -2;
    case 'H': return n == 2 ? T_HOUR : -2;
    case 'm': return n == 2 ? T_MIN : -2;
    case 's': return n == 2 ? T_SEC : -2;
    case 'S': return n == 3 ? T_MILLI : -2;
    case 'X': return n == 3 ? T_ZONE : -2;
    default: return -1;
    }
}

static const char *letter_hint(char c)
{
    switch (c) {
    case 'y': return "yyyy";
    case 'M': return "M or MM";
    case 'd': return "d or dd";
    case 'H': return "HH";
    case 'm': return "mm";
    case 's': return "ss";
    case 'S': return "SSS";
    default: return "XXX";
    }
}

static int is_variable(const gcx_datepat *p)
{
    return p->n > 0 && (p->items[p->n - 1].type == T_MONTH ||
                        p->items[p->n - 1].type == T_DAY);
}

/* add_lit: append k literal bytes at s; 0, or -1 when a digit follows a
 * one-or-two-digit field (ambiguous). */
static int add_lit(gcx_datepat *p, const char *s, size_t k, unsigned col)
{
    item *last = p->n ? &p->items[p->n - 1] : NULL;

    if (last && last->type == T_LIT && last->len + k <= 255) {
        last->len = (unsigned char)(last->len + k);
    } else {
        if (is_variable(p) && s[0] >= '0' && s[0] <= '9')
            return -1;
        last = &p->items[p->n++];
        last->type = T_LIT;
        last->len = (unsigned char)k;
        last->off = (unsigned short)p->nlit;
        last->col = (unsigned short)col;
    }
    memcpy(p->lit + p->nlit, s, k);
    p->nlit += k;
    return 0;
}

/* find_item: the first item with field bit, or NULL. */
static const item *find_item(const gcx_datepat *p, unsigned bit)
{
    size_t i;

    for (i = 0; i < p->n; i++)
        if (p->items[i].type != T_LIT && fields[p->items[i].type].bit == bit)
            return &p->items[i];
    return NULL;
}

/* compile: the body of gcx_datepat_compile on p (zeroed). */
static gcx_status compile(gcx_datepat *p, const char *pat, size_t plen,
                          gcx_error *err)
{
    size_t i = 0, k, run;
    unsigned col = 1, qcol;
    uint32_t cp;
    int t;
    const item *it;

    while (i < plen) {
        char c = pat[i];

        if (c == '\'') {
            if (i + 1 < plen && pat[i + 1] == '\'') {
                if (add_lit(p, "'", 1, col) < 0)
                    goto ambiguous;
                i += 2;
                col += 2;
                continue;
            }
            qcol = col;
            i++;
            col++;
            for (;;) {
                if (i >= plen)
                    return pat_error(err, pat, qcol, "the quote is not "
                                     "closed");
                if (pat[i] == '\'') {
                    if (i + 1 < plen && pat[i + 1] == '\'') {
                        if (add_lit(p, "'", 1, col) < 0)
                            goto ambiguous;
                        i += 2;
                        col += 2;
                        continue;
                    }
                    i++;
                    col++;
                    break;
                }
                k = gcxi_utf8_check((const unsigned char *)pat + i,
                                    plen - i, &cp);
                if (k == 0)
                    return pat_error(err, pat, col, "not UTF-8");
                if (add_lit(p, pat + i, k, col) < 0)
                    goto ambiguous;
                i += k;
                col++;
            }
            continue;
        }
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            for (run = 1; i + run < plen && pat[i + run] == c; run++)
                ;
            if (c == 'T') {
                if (add_lit(p, pat + i, run, col) < 0)
                    goto ambiguous;
                i += run;
                col += (unsigned)run;
                continue;
            }
            t = letter_type(c, run);
            if (t == -1)
                return pat_error(err, pat, col, "'%c' is not a pattern "
                                 "letter (yyyy M MM d dd HH mm ss SSS XXX); "
                                 "quote literal letters: '%c'", c, c);
            if (t == -2)
                return pat_error(err, pat, col, "'%.*s' is not a pattern "
                                 "field: use %s", (int)run, pat + i,
                                 letter_hint(c));
            if (p->fields & fields[t].bit)
                return pat_error(err, pat, col, "%s repeats a field "
                                 "already in the pattern", fields[t].name);
            if (t != T_ZONE && is_variable(p))
                goto ambiguous;
            p->fields |= fields[t].bit;
            p->items[p->n].type = (unsigned char)t;
            p->items[p->n].col = (unsigned short)col;
            p->n++;
            i += run;
            col += (unsigned)run;
            continue;
        }
        k = gcxi_utf8_check((const unsigned char *)pat + i, plen - i, &cp);
        if (k == 0)
            return pat_error(err, pat, col, "not UTF-8");
        if (add_lit(p, pat + i, k, col) < 0)
            goto ambiguous;
        i += k;
        col++;
    }
    if ((p->fields & (FB_YEAR | FB_MONTH | FB_DAY)) !=
        (FB_YEAR | FB_MONTH | FB_DAY))
        return pat_error(err, pat, 1, "a date pattern needs yyyy, M or MM, "
                         "and d or dd");
    if (p->kind == GCX_DATEPAT_DATE && (it = find_item(p, FB_ZONE)))
        return pat_error(err, pat, it->col, "a date has no zone: XXX "
                         "needs datetime");
    if (p->kind == GCX_DATEPAT_DATETIME &&
        (p->fields & (FB_HOUR | FB_MIN)) != (FB_HOUR | FB_MIN))
        return pat_error(err, pat, 1, "a datetime pattern needs HH and mm");
    if ((it = find_item(p, FB_MIN)) && !(p->fields & FB_HOUR))
        return pat_error(err, pat, it->col, "mm needs HH");
    if ((it = find_item(p, FB_SEC)) && !(p->fields & FB_MIN))
        return pat_error(err, pat, it->col, "ss needs mm");
    if ((it = find_item(p, FB_MILLI)) && !(p->fields & FB_SEC))
        return pat_error(err, pat, it->col, "SSS needs ss");
    return GCX_OK;
ambiguous:
    return pat_error(err, pat, col, "a number cannot follow M or d "
                     "directly (use MM or dd, or put a separator)");
}

gcx_status gcx_datepat_compile(const char *pattern, gcx_datepat_kind kind,
                               gcx_datepat **out, gcx_error *err)
{
    gcx_datepat *p;
    size_t plen;
    gcx_status st;

    if (out)
        *out = NULL;
    if (!pattern || !out ||
        (kind != GCX_DATEPAT_DATE && kind != GCX_DATEPAT_DATETIME))
        return gcx_error_set(err, GCX_E_USAGE, "gcx_datepat_compile: bad "
                             "argument");
    plen = strlen(pattern);
    if (plen > GCX_DATEPAT_MAX)
        return pat_error(err, pattern, GCX_DATEPAT_MAX + 1, "a pattern has "
                         "at most %d bytes", GCX_DATEPAT_MAX);
    if (plen == 0)
        return pat_error(err, pattern, 1, "the pattern is empty");
    p = gcx_calloc(1, sizeof *p);
    if (!p)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    p->kind = kind;
    memcpy(p->text, pattern, plen + 1);
    st = compile(p, pattern, plen, err);
    if (st) {
        gcx_free(p);
        return st;
    }
    *out = p;
    return GCX_OK;
}

void gcx_datepat_free(gcx_datepat *pat)
{
    gcx_free(pat);
}

const char *gcx_datepat_text(const gcx_datepat *pat)
{
    return pat ? pat->text : NULL;
}

/* ------------------------------------------------------------- values */

/* A date and time read from a value or to be written. */
typedef struct dt {
    int y, mo, d, h, mi, s, ms;
    char zone[7];          /* "Z", "+03:00" or "" */
} dt;

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};

    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* num: the n ASCII digits at s as a number, or -1. */
static int num(const char *s, size_t n)
{
    int v = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* chars_before: the number of UTF-8 characters in s[0..i). */
static size_t chars_before(const char *s, size_t i)
{
    size_t j, n = 0;

    for (j = 0; j < i; j++)
        n += ((unsigned char)s[j] & 0xC0) != 0x80;
    return n;
}

#define VALUE_MAX 1024 /* longest date value, in bytes */

/* parse: read in (len bytes) with p into v (time and zone zeroed when
 * absent). Failures map.utf8-invalid and map.date-pattern; ranges are
 * not checked. */
static gcx_status parse(const gcx_datepat *p, const char *in, size_t len,
                        dt *v, gcx_buf *out, size_t mark,
                        const char **reason, gcx_error *err)
{
    char f[VALUE_MAX], q[GCXI_TR_QUOTE_SIZE], qp[GCXI_TR_QUOTE_SIZE];
    char expect[80];
    size_t flen = 0, i = 0, j, w, pos;
    const item *it;
    gcx_status st;
    int val;
    uint32_t cp;

    memset(v, 0, sizeof *v);
    if (len >= sizeof f) {
        gcxi_tr_quote(q, sizeof q, in, len);
        return gcxi_tr_fail(out, mark, reason, GCXI_R_DATE_PATTERN, err,
                            "value \"%s\" is too long for a date (%zu "
                            "bytes)", q, len);
    }
    st = gcx_rules_fold_digits(in, len, f, sizeof f, &flen);
    if (st) {
        for (pos = 0; pos < len; pos += w) {
            w = gcxi_utf8_check((const unsigned char *)in + pos, len - pos,
                                &cp);
            if (w == 0)
                break;
        }
        return gcxi_tr_bad_utf8(out, mark, in, len, pos < len ? pos : 0,
                                reason, err);
    }
    for (j = 0; j < p->n; j++) {
        it = &p->items[j];
        if (it->type == T_LIT) {
            if (flen - i < it->len || memcmp(f + i, p->lit + it->off,
                                             it->len) != 0) {
                gcxi_tr_quote(qp, sizeof qp, p->lit + it->off, it->len);
                snprintf(expect, sizeof expect, "\"%.60s\"", qp);
                goto mismatch;
            }
            i += it->len;
            continue;
        }
        if (it->type == T_ZONE) {
            if (i < flen && f[i] == 'Z') {
                memcpy(v->zone, "Z", 2);
                i++;
                continue;
            }
            if (flen - i >= 6 && (f[i] == '+' || f[i] == '-') &&
                num(f + i + 1, 2) >= 0 && f[i + 3] == ':' &&
                num(f + i + 4, 2) >= 0) {
                memcpy(v->zone, f + i, 6);
                v->zone[6] = '\0';
                i += 6;
                continue;
            }
            snprintf(expect, sizeof expect, "a zone, Z or +hh:mm (XXX)");
            goto mismatch;
        }
        w = 0;
        val = 0;
        while (w < (size_t)fields[it->type].max && i + w < flen &&
               f[i + w] >= '0' && f[i + w] <= '9') {
            val = val * 10 + (f[i + w] - '0');
            w++;
        }
        if (w < (size_t)fields[it->type].min) {
            if (fields[it->type].min == fields[it->type].max)
                snprintf(expect, sizeof expect, "%d digits (%s)",
                         fields[it->type].min, fields[it->type].name);
            else
                snprintf(expect, sizeof expect, "1 or 2 digits (%s)",
                         fields[it->type].name);
            goto mismatch;
        }
        i += w;
        switch (it->type) {
        case T_YEAR: v->y = val; break;
        case T_MONTH: case T_MONTH2: v->mo = val; break;
        case T_DAY: case T_DAY2: v->d = val; break;
        case T_HOUR: v->h = val; break;
        case T_MIN: v->mi = val; break;
        case T_SEC: v->s = val; break;
        default: v->ms = val; break;
        }
    }
    if (i == flen)
        return GCX_OK;
    snprintf(expect, sizeof expect, "the end of the value");
mismatch:
    gcxi_tr_quote(q, sizeof q, in, len);
    gcxi_tr_quote(qp, sizeof qp, p->text, strlen(p->text));
    return gcxi_tr_fail(out, mark, reason, GCXI_R_DATE_PATTERN, err,
                        "value \"%s\" does not match the pattern \"%s\": "
                        "expected %s at character %zu", q, qp, expect,
                        chars_before(f, i) + 1);
}

/* check_time: the time and zone of v are in range. */
static gcx_status check_time(const dt *v, const char *in, size_t len,
                             gcx_buf *out, size_t mark, const char **reason,
                             gcx_error *err)
{
    char q[GCXI_TR_QUOTE_SIZE];

    if (v->h > 23 || v->mi > 59 || v->s > 59 ||
        (v->zone[0] && v->zone[0] != 'Z' &&
         (num(v->zone + 1, 2) > 23 || num(v->zone + 4, 2) > 59))) {
        gcxi_tr_quote(q, sizeof q, in, len);
        return gcxi_tr_fail(out, mark, reason, GCXI_R_DATE, err,
                            "value \"%s\" is not a real time: expected "
                            "hours 00-23, minutes and seconds 00-59, "
                            "zone offsets up to 23:59", q);
    }
    return GCX_OK;
}

/* check_date: v's date exists in the proleptic Gregorian calendar. */
static gcx_status check_date(const dt *v, const char *in, size_t len,
                             gcx_buf *out, size_t mark, const char **reason,
                             gcx_error *err)
{
    char q[GCXI_TR_QUOTE_SIZE];

    if (v->y >= 1 && v->mo >= 1 && v->mo <= 12 && v->d >= 1 &&
        v->d <= month_days(v->y, v->mo))
        return GCX_OK;
    gcxi_tr_quote(q, sizeof q, in, len);
    if (v->y < 1)
        return gcxi_tr_fail(out, mark, reason, GCXI_R_DATE, err,
                            "value \"%s\" is not a real date: year 0000 "
                            "(expected 0001-9999)", q);
    if (v->mo < 1 || v->mo > 12)
        return gcxi_tr_fail(out, mark, reason, GCXI_R_DATE, err,
                            "value \"%s\" is not a real date: month %02d "
                            "(expected 01-12)", q, v->mo);
    return gcxi_tr_fail(out, mark, reason, GCXI_R_DATE, err,
                        "value \"%s\" is not a real date: %04d-%02d has "
                        "%d days, not %d", q, v->y, v->mo,
                        month_days(v->y, v->mo), v->d);
}

/* check_midnight: a date pattern's time fields are all zero. */
static gcx_status check_midnight(const dt *v, const char *in, size_t len,
                                 gcx_buf *out, size_t mark,
                                 const char **reason, gcx_error *err)
{
    char q[GCXI_TR_QUOTE_SIZE];

    if (v->h == 0 && v->mi == 0 && v->s == 0 && v->ms == 0)
        return GCX_OK;
    gcxi_tr_quote(q, sizeof q, in, len);
    return gcxi_tr_fail(out, mark, reason, GCXI_R_DATE, err,
                        "value \"%s\" has a time of day, which a date "
                        "cannot keep: expected midnight (00:00:00), or use "
                        "datetime", q);
}

/* put_num: v in at least width digits. */
static gcx_status put_num(gcx_buf *out, int v, int width)
{
    char d[12];
    int n = 0;

    do {
        d[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0 && n < 11);
    while (n < width && n < 11)
        d[n++] = '0';
    while (n > 0) {
        gcx_status st = gcx_buf_putc(out, d[--n]);

        if (st)
            return st;
    }
    return GCX_OK;
}

/* format: v written with p. */
static gcx_status format(const gcx_datepat *p, const dt *v, gcx_buf *out)
{
    gcx_status st = GCX_OK;
    size_t j;

    for (j = 0; j < p->n && !st; j++) {
        const item *it = &p->items[j];

        switch (it->type) {
        case T_LIT: st = gcx_buf_append(out, p->lit + it->off, it->len);
            break;
        case T_YEAR: st = put_num(out, v->y, 4); break;
        case T_MONTH2: st = put_num(out, v->mo, 2); break;
        case T_MONTH: st = put_num(out, v->mo, 1); break;
        case T_DAY2: st = put_num(out, v->d, 2); break;
        case T_DAY: st = put_num(out, v->d, 1); break;
        case T_HOUR: st = put_num(out, v->h, 2); break;
        case T_MIN: st = put_num(out, v->mi, 2); break;
        case T_SEC: st = put_num(out, v->s, 2); break;
        case T_MILLI: st = put_num(out, v->ms, 3); break;
        default: st = gcx_buf_puts(out, v->zone); break;
        }
    }
    return st;
}

/* put_iso_date: "YYYY-MM-DD" of y, m, d. */
static gcx_status put_iso_date(gcx_buf *out, int y, int m, int d)
{
    gcx_status st = put_num(out, y, 4);

    if (!st)
        st = gcx_buf_putc(out, '-');
    if (!st)
        st = put_num(out, m, 2);
    if (!st)
        st = gcx_buf_putc(out, '-');
    if (!st)
        st = put_num(out, d, 2);
    return st;
}

/* parse_iso: "YYYY-MM-DD" (ASCII) at s, exactly len 10, into v. */
static int parse_iso(const char *s, size_t len, dt *v)
{
    memset(v, 0, sizeof *v);
    if (len < 10 || s[4] != '-' || s[7] != '-')
        return 0;
    v->y = num(s, 4);
    v->mo = num(s + 5, 2);
    v->d = num(s + 8, 2);
    return v->y >= 0 && v->mo >= 0 && v->d >= 0;
}

static gcx_status want_kind(const gcx_datepat *pat, gcx_datepat_kind kind,
                            gcx_error *err)
{
    if (!pat)
        return gcx_error_set(err, GCX_E_USAGE, "no date pattern");
    if (pat->kind != kind)
        return gcx_error_set(err, GCX_E_USAGE, "date pattern \"%.60s\" was "
                             "compiled for %s", pat->text,
                             pat->kind == GCX_DATEPAT_DATE ? "date"
                                                           : "datetime");
    return GCX_OK;
}

static gcx_status bad_iso(gcx_buf *out, size_t mark, const char *in,
                          size_t len, const char *what, const char **reason,
                          gcx_error *err)
{
    char q[GCXI_TR_QUOTE_SIZE];

    gcxi_tr_quote(q, sizeof q, in, len);
    return gcxi_tr_fail(out, mark, reason, GCXI_R_DATE, err,
                        "value \"%s\" is not %s", q, what);
}

/* --------------------------------------------------------------- date */

gcx_status gcx_transform_date(const gcx_datepat *pat, const char *in,
                              size_t len, gcx_buf *out, const char **reason,
                              gcx_error *err)
{
    size_t mark;
    dt v;
    gcx_status st = gcxi_tr_begin(in, len, out, reason, err);

    if (st || (st = want_kind(pat, GCX_DATEPAT_DATE, err)) != GCX_OK)
        return st;
    mark = out->len;
    if ((st = parse(pat, in, len, &v, out, mark, reason, err)) ||
        (st = check_date(&v, in, len, out, mark, reason, err)) ||
        (st = check_time(&v, in, len, out, mark, reason, err)) ||
        (st = check_midnight(&v, in, len, out, mark, reason, err)))
        return st;
    st = put_iso_date(out, v.y, v.mo, v.d);
    return st ? gcxi_tr_status(out, mark, st, err) : GCX_OK;
}

gcx_status gcx_transform_date_format(const gcx_datepat *pat,
                                     const char *iso, size_t len,
                                     gcx_buf *out, const char **reason,
                                     gcx_error *err)
{
    size_t mark;
    dt v;
    gcx_status st = gcxi_tr_begin(iso, len, out, reason, err);

    if (st || (st = want_kind(pat, GCX_DATEPAT_DATE, err)) != GCX_OK)
        return st;
    mark = out->len;
    if (len != 10 || !parse_iso(iso, len, &v))
        return bad_iso(out, mark, iso, len, "an ISO date YYYY-MM-DD",
                       reason, err);
    if ((st = check_date(&v, iso, len, out, mark, reason, err)))
        return st;
    st = format(pat, &v, out);
    return st ? gcxi_tr_status(out, mark, st, err) : GCX_OK;
}

/* ------------------------------------------------------------ datetime */

gcx_status gcx_transform_datetime(const gcx_datepat *pat, const char *in,
                                  size_t len, gcx_buf *out,
                                  const char **reason, gcx_error *err)
{
    size_t mark;
    dt v;
    gcx_status st = gcxi_tr_begin(in, len, out, reason, err);

    if (st || (st = want_kind(pat, GCX_DATEPAT_DATETIME, err)) != GCX_OK)
        return st;
    mark = out->len;
    if ((st = parse(pat, in, len, &v, out, mark, reason, err)) ||
        (st = check_date(&v, in, len, out, mark, reason, err)) ||
        (st = check_time(&v, in, len, out, mark, reason, err)))
        return st;
    st = put_iso_date(out, v.y, v.mo, v.d);
    if (!st)
        st = gcx_buf_putc(out, 'T');
    if (!st)
        st = put_num(out, v.h, 2);
    if (!st)
        st = gcx_buf_putc(out, ':');
    if (!st)
        st = put_num(out, v.mi, 2);
    if (!st)
        st = gcx_buf_putc(out, ':');
    if (!st)
        st = put_num(out, v.s, 2);
    if (!st && (pat->fields & FB_MILLI)) {
        st = gcx_buf_putc(out, '.');
        if (!st)
            st = put_num(out, v.ms, 3);
    }
    if (!st)
        st = gcx_buf_puts(out, v.zone);
    return st ? gcxi_tr_status(out, mark, st, err) : GCX_OK;
}

static gcx_status unrep(gcx_buf *out, size_t mark, const char *in,
                        size_t len, const gcx_datepat *pat,
                        const char *what, const char **reason,
                        gcx_error *err)
{
    char q[GCXI_TR_QUOTE_SIZE], qp[GCXI_TR_QUOTE_SIZE];

    gcxi_tr_quote(q, sizeof q, in, len);
    gcxi_tr_quote(qp, sizeof qp, pat->text, strlen(pat->text));
    return gcxi_tr_fail(out, mark, reason, GCXI_R_DATE_UNREP, err,
                        "value \"%s\" cannot be written with the pattern "
                        "\"%s\": %s", q, qp, what);
}

gcx_status gcx_transform_datetime_format(const gcx_datepat *pat,
                                         const char *iso, size_t len,
                                         gcx_buf *out, const char **reason,
                                         gcx_error *err)
{
    static const char *const shape =
        "an ISO 8601 date-time YYYY-MM-DDTHH:MM:SS[.fff][Z|+hh:mm]";
    size_t mark, i, fstart = 0, fend = 0;
    dt v;
    gcx_status st = gcxi_tr_begin(iso, len, out, reason, err);

    if (st || (st = want_kind(pat, GCX_DATEPAT_DATETIME, err)) != GCX_OK)
        return st;
    mark = out->len;
    if (len < 19 || !parse_iso(iso, len, &v) || iso[10] != 'T' ||
        iso[13] != ':' || iso[16] != ':' || (v.h = num(iso + 11, 2)) < 0 ||
        (v.mi = num(iso + 14, 2)) < 0 || (v.s = num(iso + 17, 2)) < 0)
        return bad_iso(out, mark, iso, len, shape, reason, err);
    i = 19;
    if (i < len && iso[i] == '.') {
        fstart = ++i;
        while (i < len && iso[i] >= '0' && iso[i] <= '9')
            i++;
        fend = i;
        if (fend == fstart)
            return bad_iso(out, mark, iso, len, shape, reason, err);
    }
    if (i < len && iso[i] == 'Z') {
        memcpy(v.zone, "Z", 2);
        i++;
    } else if (len - i >= 6 && (iso[i] == '+' || iso[i] == '-') &&
               num(iso + i + 1, 2) >= 0 && iso[i + 3] == ':' &&
               num(iso + i + 4, 2) >= 0) {
        memcpy(v.zone, iso + i, 6);
        v.zone[6] = '\0';
        i += 6;
    }
    if (i != len)
        return bad_iso(out, mark, iso, len, shape, reason, err);
    if ((st = check_date(&v, iso, len, out, mark, reason, err)) ||
        (st = check_time(&v, iso, len, out, mark, reason, err)))
        return st;
    if (!(pat->fields & FB_SEC) && v.s != 0)
        return unrep(out, mark, iso, len, pat, "it has seconds and the "
                     "pattern has no ss", reason, err);
    for (i = fstart; i < fend; i++) {
        if (i - fstart < 3 && (pat->fields & FB_MILLI))
            v.ms = v.ms * 10 + (iso[i] - '0');
        else if (iso[i] != '0')
            return unrep(out, mark, iso, len, pat, (pat->fields & FB_MILLI)
                         ? "SSS keeps milliseconds only"
                         : "it has a fraction of a second and the pattern "
                         "has no SSS", reason, err);
    }
    for (i = fend - fstart; i < 3 && (pat->fields & FB_MILLI); i++)
        v.ms *= 10;
    if ((pat->fields & FB_ZONE) && !v.zone[0])
        return unrep(out, mark, iso, len, pat, "it has no zone and the "
                     "pattern needs one (XXX)", reason, err);
    if (!(pat->fields & FB_ZONE) && v.zone[0])
        return unrep(out, mark, iso, len, pat, "it has a zone and the "
                     "pattern has no XXX", reason, err);
    st = format(pat, &v, out);
    return st ? gcxi_tr_status(out, mark, st, err) : GCX_OK;
}

/* -------------------------------------------------------------- Hijri */

#define HIJRI_MIN 1300 /* the Umm al-Qura table of ICU */
#define HIJRI_MAX 1600

static gcx_status hijri_range(const dt *v, const char *in, size_t len,
                              gcx_buf *out, size_t mark, const char **reason,
                              gcx_error *err)
{
    char q[GCXI_TR_QUOTE_SIZE];

    if (v->y >= HIJRI_MIN && v->y <= HIJRI_MAX)
        return GCX_OK;
    gcxi_tr_quote(q, sizeof q, in, len);
    return gcxi_tr_fail(out, mark, reason, GCXI_R_HIJRI_RANGE, err,
                        "value \"%s\": Hijri year %d is outside %d-%d AH, "
                        "where Umm al-Qura dates are known", q, v->y,
                        HIJRI_MIN, HIJRI_MAX);
}

/* to_gregorian: the Gregorian ISO date of the Hijri date v into iso. */
static gcx_status to_gregorian(const dt *v, char iso[11], const char *in,
                               size_t len, gcx_buf *out, size_t mark,
                               const char **reason, gcx_error *err)
{
    char q[GCXI_TR_QUOTE_SIZE];
    gcx_status st;

    st = gcx_rules_hijri_to_gregorian(v->y, v->mo, v->d, NULL, iso, NULL,
                                      err);
    if (st == GCX_E_INVALID) {
        gcxi_tr_quote(q, sizeof q, in, len);
        return gcxi_tr_fail(out, mark, reason, GCXI_R_HIJRI, err,
                            "value \"%s\" is not a real Umm al-Qura Hijri "
                            "date: %04d-%02d-%02d AH does not exist", q,
                            v->y, v->mo, v->d);
    }
    if (st)
        gcxi_tr_restore(out, mark);
    return st;
}

/* hijri_read: parse in with pat as Hijri and check it. */
static gcx_status hijri_read(const gcx_datepat *pat, const char *in,
                             size_t len, dt *v, char iso[11], gcx_buf *out,
                             size_t mark, const char **reason,
                             gcx_error *err)
{
    gcx_status st;

    if ((st = parse(pat, in, len, v, out, mark, reason, err)) ||
        (st = check_time(v, in, len, out, mark, reason, err)) ||
        (st = check_midnight(v, in, len, out, mark, reason, err)) ||
        (st = hijri_range(v, in, len, out, mark, reason, err)))
        return st;
    return to_gregorian(v, iso, in, len, out, mark, reason, err);
}

gcx_status gcx_transform_hijri(const gcx_datepat *pat, const char *in,
                               size_t len, gcx_buf *out, const char **reason,
                               gcx_error *err)
{
    char iso[11];
    size_t mark;
    dt v;
    gcx_status st = gcxi_tr_begin(in, len, out, reason, err);

    if (st || (st = want_kind(pat, GCX_DATEPAT_DATE, err)) != GCX_OK)
        return st;
    mark = out->len;
    st = hijri_read(pat, in, len, &v, iso, out, mark, reason, err);
    if (st)
        return st;
    st = gcx_buf_append(out, iso, 10);
    return st ? gcxi_tr_status(out, mark, st, err) : GCX_OK;
}

gcx_status gcx_transform_hijri_iso(const gcx_datepat *pat, const char *in,
                                   size_t len, gcx_buf *out,
                                   const char **reason, gcx_error *err)
{
    char iso[11];
    size_t mark;
    dt v;
    gcx_status st = gcxi_tr_begin(in, len, out, reason, err);

    if (st || (st = want_kind(pat, GCX_DATEPAT_DATE, err)) != GCX_OK)
        return st;
    mark = out->len;
    st = hijri_read(pat, in, len, &v, iso, out, mark, reason, err);
    if (st)
        return st;
    st = put_iso_date(out, v.y, v.mo, v.d);
    return st ? gcxi_tr_status(out, mark, st, err) : GCX_OK;
}

gcx_status gcx_transform_hijri_iso_format(const gcx_datepat *pat,
                                          const char *hijri, size_t len,
                                          gcx_buf *out, const char **reason,
                                          gcx_error *err)
{
    char iso[11];
    size_t mark;
    dt v;
    gcx_status st = gcxi_tr_begin(hijri, len, out, reason, err);

    if (st || (st = want_kind(pat, GCX_DATEPAT_DATE, err)) != GCX_OK)
        return st;
    mark = out->len;
    if (len != 10 || !parse_iso(hijri, len, &v))
        return bad_iso(out, mark, hijri, len, "a Hijri date YYYY-MM-DD",
                       reason, err);
    if ((st = hijri_range(&v, hijri, len, out, mark, reason, err)) ||
        (st = to_gregorian(&v, iso, hijri, len, out, mark, reason, err)))
        return st;
    st = format(pat, &v, out);
    return st ? gcxi_tr_status(out, mark, st, err) : GCX_OK;
}

/* The Umm al-Qura calendar of each thread, for Gregorian -> Hijri:
 * opened on first use, closed when the thread ends or by
 * gcx_transform_thread_cleanup. */
static pthread_key_t cal_key;
static pthread_once_t cal_once = PTHREAD_ONCE_INIT;
static int cal_key_ok;

static void cal_free(void *p)
{
    if (p)
        ucal_close((UCalendar *)p);
}

static void cal_init(void)
{
    cal_key_ok = pthread_key_create(&cal_key, cal_free) == 0;
}

void gcx_transform_thread_cleanup(void)
{
    if (pthread_once(&cal_once, cal_init) != 0 || !cal_key_ok)
        return;
    cal_free(pthread_getspecific(cal_key));
    pthread_setspecific(cal_key, NULL);
}

static UCalendar *umalqura(gcx_status *st, gcx_error *err)
{
    static const UChar utc[] = {'U', 'T', 'C', 0};
    UErrorCode ue = U_ZERO_ERROR;
    UCalendar *c;

    if (pthread_once(&cal_once, cal_init) != 0 || !cal_key_ok) {
        *st = gcx_error_set(err, GCX_E_INTERNAL, "no thread-local key");
        return NULL;
    }
    c = pthread_getspecific(cal_key);
    if (c)
        return c;
    c = ucal_open(utc, -1, "en@calendar=islamic-umalqura", UCAL_DEFAULT,
                  &ue);
    if (U_FAILURE(ue)) {
        if (c)
            ucal_close(c);
        *st = gcx_error_set(err, ue == U_MEMORY_ALLOCATION_ERROR
                            ? GCX_E_NOMEM : GCX_E_INTERNAL,
                            "ICU: cannot open the islamic-umalqura "
                            "calendar: %s", u_errorName(ue));
        return NULL;
    }
    if (pthread_setspecific(cal_key, c) != 0) {
        ucal_close(c);
        *st = gcx_error_set(err, GCX_E_INTERNAL, "cannot set thread-local "
                            "data");
        return NULL;
    }
    return c;
}

/* days_from_civil: days from 1970-01-01 to the proleptic Gregorian
 * y-m-d (H. Hinnant's algorithm). */
static long long days_from_civil(int y, int m, int d)
{
    long long yy = y - (m <= 2), era, yoe, doy, doe;

    era = (yy >= 0 ? yy : yy - 399) / 400;
    yoe = yy - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

gcx_status gcx_transform_hijri_format(const gcx_datepat *pat,
                                      const char *iso, size_t len,
                                      gcx_buf *out, const char **reason,
                                      gcx_error *err)
{
    UErrorCode ue = U_ZERO_ERROR;
    UCalendar *cal;
    size_t mark;
    dt v, h;
    gcx_status st = gcxi_tr_begin(iso, len, out, reason, err);

    if (st || (st = want_kind(pat, GCX_DATEPAT_DATE, err)) != GCX_OK)
        return st;
    mark = out->len;
    if (len != 10 || !parse_iso(iso, len, &v))
        return bad_iso(out, mark, iso, len, "an ISO date YYYY-MM-DD",
                       reason, err);
    if ((st = check_date(&v, iso, len, out, mark, reason, err)))
        return st;
    cal = umalqura(&st, err);
    if (!cal)
        return st;
    ucal_setMillis(cal, (UDate)days_from_civil(v.y, v.mo, v.d) * 86400000.0,
                   &ue);
    memset(&h, 0, sizeof h);
    h.y = ucal_get(cal, UCAL_EXTENDED_YEAR, &ue);
    h.mo = ucal_get(cal, UCAL_MONTH, &ue) + 1;
    h.d = ucal_get(cal, UCAL_DATE, &ue);
    if (U_FAILURE(ue))
        return gcx_error_set(err, GCX_E_INTERNAL, "ICU: %s",
                             u_errorName(ue));
    if ((st = hijri_range(&h, iso, len, out, mark, reason, err)))
        return st;
    st = format(pat, &h, out);
    return st ? gcxi_tr_status(out, mark, st, err) : GCX_OK;
}
