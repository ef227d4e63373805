/* lib/rules_codes.c - the country/currency table, the IBAN registry, and
 * the checks that need them (IBAN, money, country and currency codes).
 *
 * The table comes from the datasets/country-codes CSV, read by a small
 * RFC 4180 reader that works in place; lookups are direct-indexed arrays
 * and a sorted name index, so a check never allocates.
 */
#include "internal.h"
#include "rules_internal.h"

#include <gcx/rules.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <unicode/ucurr.h>

#ifndef GCX_DATADIR /* Makefile.am sets it to $(pkgdatadir)/mappings */
#define GCX_DATADIR "/usr/local/share/gcx/mappings"
#endif

#define MAX_FILE_BYTES ((size_t)16 << 20)
#define MAX_COLUMNS 512
#define MAX_NAME 256
#define IBAN_MAX 34
#define IBAN_SEGS 12

#define A2_SLOTS (26 * 26)
#define A3_SLOTS (26 * 26 * 26)

typedef struct iban_fmt {
    unsigned char length;             /* whole IBAN; 0 = unknown */
    unsigned char nseg;
    unsigned char seg_len[IBAN_SEGS];
    char seg_type[IBAN_SEGS];         /* 'n' digits, 'a' A-Z, 'c' both */
} iban_fmt;

typedef struct name_key {
    const char *key;
    int country;
    int rank;                         /* lower wins when keys collide */
} name_key;

struct gcx_codes {
    char *text;               /* the CSV, fields NUL-terminated in place */
    gcx_country *countries;
    size_t ncountries;
    name_key *names;
    size_t nnames;
    char *name_text;
    iban_fmt *iban;           /* A2_SLOTS entries, or NULL */
    int16_t by_a2[A2_SLOTS];  /* country index, -1 = none */
    int16_t by_a3[A3_SLOTS];
    int16_t by_num[1000];
    signed char minor[A3_SLOTS]; /* currency minor units, -1 = none */
};

/* The six GCC states, used when no IBAN registry is loaded. */
static const struct {
    char cc[3];
    unsigned char length;
} gcc_iban[] = {
    {"SA", 24}, {"AE", 23}, {"BH", 22}, {"KW", 30}, {"QA", 29}, {"OM", 23},
};

/* ------------------------------------------------------------ findings */

/* quote: v as "\"ABC\"" when it is 1-8 printable ASCII characters (safe
 * to echo), otherwise "a value of N bytes". */
static void quote(const char *v, size_t len, char *buf, size_t size)
{
    size_t i;

    for (i = 0; i < len && i < 9; i++)
        if (v[i] <= 0x20 || v[i] >= 0x7F || v[i] == '"')
            break;
    if (len > 0 && len <= 8 && i == len)
        snprintf(buf, size, "\"%.*s\"", (int)len, v);
    else
        snprintf(buf, size, "a value of %zu bytes", len);
}

/* -------------------------------------------------------------- paths */

gcx_status gcx_codes_default_path(const char *name, char *buf, size_t size)
{
    const char *dir = getenv("GCX_DATA_DIR");
    int n;

    if (!dir || !*dir)
        dir = GCX_DATADIR;
    if (!buf || size == 0)
        return GCX_E_LIMIT;
    n = snprintf(buf, size, "%s/reference/%s", dir, name ? name : "");
    if (n < 0 || (size_t)n >= size) {
        buf[0] = '\0';
        return GCX_E_LIMIT;
    }
    return GCX_OK;
}

/* read_file: the whole file at path in a new buffer with one spare byte
 * (NUL-terminated); at most MAX_FILE_BYTES. */
static gcx_status read_file(const char *path, char **data, size_t *len,
                            gcx_error *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL, *nb;
    size_t cap = 0, n = 0, got;

    *data = NULL;
    if (!f) {
        gcx_error_at(err, path, 0, 0);
        return gcx_error_set(err, GCX_E_IO, "cannot open: %s",
                             strerror(errno));
    }
    for (;;) {
        if (n == cap) {
            if (cap > MAX_FILE_BYTES) {
                gcx_free(buf);
                fclose(f);
                gcx_error_at(err, path, 0, 0);
                return gcx_error_set(err, GCX_E_LIMIT,
                                     "file is larger than %zu bytes",
                                     MAX_FILE_BYTES);
            }
            cap = cap ? cap * 2 : 65536;
            nb = gcx_realloc(buf, cap + 1);
            if (!nb) {
                gcx_free(buf);
                fclose(f);
                return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        gcx_free(buf);
        fclose(f);
        gcx_error_at(err, path, 0, 0);
        return gcx_error_set(err, GCX_E_IO, "read error");
    }
    fclose(f);
    if (n > MAX_FILE_BYTES) {
        gcx_free(buf);
        gcx_error_at(err, path, 0, 0);
        return gcx_error_set(err, GCX_E_LIMIT,
                             "file is larger than %zu bytes",
                             MAX_FILE_BYTES);
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return GCX_OK;
}

/* ---------------------------------------------------------- CSV reader */

/* An RFC 4180 reader over a buffer it modifies: each field is unescaped
 * where it lies and NUL-terminated, so fields cost no allocation. Lines
 * end in LF or CRLF; empty lines are skipped. */
typedef struct csv {
    char *p;                  /* cursor */
    char *end;                /* *end is NUL */
    char *line_start;
    unsigned long line;
    const char *name;
    gcx_error *err;
} csv;

static gcx_status csv_error(csv *c, const char *at, const char *what)
{
    gcx_error_at(c->err, c->name, c->line,
                 (unsigned long)(at - c->line_start) + 1);
    return gcx_error_set(c->err, GCX_E_CONFIG, "CSV: %s", what);
}

/* csv_record: the next record's fields into f (room for max); *n gets
 * their number, 0 at the end of the input. *line gets the record's
 * first line. */
static gcx_status csv_record(csv *c, char **f, size_t max, size_t *n,
                             unsigned long *line)
{
    char *r, *w;

    *n = 0;
    while (c->p < c->end && (*c->p == '\n' ||
                             (*c->p == '\r' && c->p[1] == '\n'))) {
        c->p += *c->p == '\r' ? 2 : 1;
        c->line++;
        c->line_start = c->p;
    }
    *line = c->line;
    if (c->p >= c->end)
        return GCX_OK;
    for (;;) {
        if (*n == max)
            return csv_error(c, c->p, "too many fields");
        r = c->p;
        if (*r == '"') {
            unsigned long qline = c->line;
            char *qstart = c->line_start, *open = r;

            w = ++r;
            f[(*n)++] = w;
            for (;;) {
                if (r >= c->end) {
                    c->line = qline;
                    c->line_start = qstart;
                    return csv_error(c, open, "unterminated quoted field");
                }
                if (*r == '"') {
                    if (r + 1 < c->end && r[1] == '"') {
                        *w++ = '"';
                        r += 2;
                        continue;
                    }
                    r++;
                    break;
                }
                if (*r == '\n') {
                    c->line++;
                    c->line_start = r + 1;
                }
                *w++ = *r++;
            }
            if (r < c->end && *r != ',' && *r != '\n' &&
                !(*r == '\r' && r[1] == '\n'))
                return csv_error(c, r, "character after a closing quote");
            *w = '\0';
        } else {
            f[(*n)++] = r;
            while (r < c->end && *r != ',' && *r != '\n' && *r != '\r') {
                if (*r == '"')
                    return csv_error(c, r, "quote inside an unquoted field");
                r++;
            }
            if (r < c->end && *r == '\r' && r[1] != '\n')
                return csv_error(c, r, "carriage return without line feed");
        }
        /* r is at a separator, a line end, or the end */
        if (r >= c->end) {
            c->p = r;
            return GCX_OK;
        }
        if (*r == ',') {
            *r = '\0';
            c->p = r + 1;
            continue;
        }
        c->p = r + (*r == '\r' ? 2 : 1); /* LF or CRLF */
        *r = '\0';
        c->line++;
        c->line_start = c->p;
        return GCX_OK;
    }
}

/* ------------------------------------------------------------ loading */

static int upper(char ch)
{
    return ch >= 'A' && ch <= 'Z';
}

static int a2_slot(const char *s)
{
    return (s[0] - 'A') * 26 + (s[1] - 'A');
}

static int a3_slot(const char *s)
{
    return ((s[0] - 'A') * 26 + (s[1] - 'A')) * 26 + (s[2] - 'A');
}

/* norm_name: the lookup key of a country name: ASCII letters lowered,
 * spaces (also tab, CR, LF, U+00A0) trimmed and collapsed to one, the
 * quotation marks U+2018 and U+2019 made "'". Writes at most size bytes
 * with NUL; returns the length, or -1 if too long. */
static int norm_name(const char *s, size_t len, char *out, size_t size)
{
    size_t i = 0, n = 0;
    int space = 0;

    while (i < len) {
        unsigned char ch = (unsigned char)s[i];
        size_t step = 1;
        int is_space = ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';

        if (ch == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {
            is_space = 1;
            step = 2;
        } else if (ch == 0xE2 && i + 2 < len &&
                   (unsigned char)s[i + 1] == 0x80 &&
                   ((unsigned char)s[i + 2] == 0x98 ||
                    (unsigned char)s[i + 2] == 0x99)) {
            ch = '\'';
            step = 3;
        }
        if (is_space) {
            space = n > 0;
        } else {
            if (space) {
                if (n + 1 >= size)
                    return -1;
                out[n++] = ' ';
                space = 0;
            }
            if (n + 1 >= size)
                return -1;
            out[n++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
        }
        i += step;
    }
    out[n] = '\0';
    return (int)n;
}

static int name_cmp(const void *a, const void *b)
{
    const name_key *x = a, *y = b;
    int c = strcmp(x->key, y->key);

    if (c)
        return c;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return x->country < y->country ? -1 : x->country > y->country;
}

enum strip { STRIP_NONE, STRIP_SUFFIX, STRIP_PREFIX };

/* add_name: append the key of name (for country ci) to the index;
 * STRIP_SUFFIX drops UNTERM's trailing " (the)" and " *", STRIP_PREFIX
 * the leading "the " of a formal name. */
static void add_name(gcx_codes *k, char **text, const char *name, int ci,
                     int rank, enum strip strip)
{
    char *dst = *text;
    int n = norm_name(name, strlen(name), dst, MAX_NAME);

    if (n <= 0)
        return;
    if (strip == STRIP_PREFIX) {
        if (n <= 4 || memcmp(dst, "the ", 4) != 0)
            return;
        memmove(dst, dst + 4, (size_t)n - 3);
        n -= 4;
    }
    if (strip == STRIP_SUFFIX) {
        int changed = 1;

        while (changed) {
            changed = 0;
            if (n >= 2 && strcmp(dst + n - 2, " *") == 0) {
                n -= 2;
                changed = 1;
            }
            if (n >= 6 && strcmp(dst + n - 6, " (the)") == 0) {
                n -= 6;
                changed = 1;
            }
            dst[n] = '\0';
        }
        if (n == 0)
            return;
    }
    k->names[k->nnames].key = dst;
    k->names[k->nnames].country = ci;
    k->names[k->nnames].rank = rank;
    k->nnames++;
    *text = dst + n + 1;
}

enum col {
    C_A2, C_A3, C_NUM, C_CUR, C_MINOR, C_NAME_EN, C_UNTERM, C_CLDR,
    C_NAME_AR, C_FORMAL, C_COUNT
};

#define C_REQUIRED C_FORMAL /* columns before it must be present */

static const char *const col_names[C_COUNT] = {
    "ISO3166-1-Alpha-2", "ISO3166-1-Alpha-3", "ISO3166-1-numeric",
    "ISO4217-currency_alphabetic_code", "ISO4217-currency_minor_unit",
    "official_name_en", "UNTERM English Short", "CLDR display name",
    "official_name_ar", "UNTERM English Formal",
};

static gcx_status row_error(gcx_error *err, const char *name,
                            unsigned long line, const char *fmt, ...)
    GCXI_PRINTF(4, 5);

/* row_error: a GCX_E_CONFIG error at name:line. */
static gcx_status row_error(gcx_error *err, const char *name,
                            unsigned long line, const char *fmt, ...)
{
    va_list ap;

    gcx_error_at(err, name, line, 0);
    va_start(ap, fmt);
    gcx_error_setv(err, GCX_E_CONFIG, fmt, ap);
    va_end(ap);
    return GCX_E_CONFIG;
}

/* add_currencies: record the codes "AAA,BBB" with their minor units
 * "2,2" (empty or missing: ICU's default fraction digits). */
static gcx_status add_currencies(gcx_codes *k, const char *codes,
                                 const char *units, const char *name,
                                 unsigned long line, gcx_error *err)
{
    const char *c = codes, *u = units;

    while (*c) {
        int minor = -1, slot;

        if (!upper(c[0]) || !upper(c[1]) || !upper(c[2]) ||
            (c[3] != ',' && c[3] != '\0'))
            return row_error(err, name, line,
                             "bad currency code in \"%.40s\"", codes);
        if (*u >= '0' && *u <= '9' && (u[1] == ',' || u[1] == '\0'))
            minor = *u - '0';
        else if (*u && *u != ',')
            return row_error(err, name, line,
                             "bad currency minor unit \"%.40s\"", units);
        if (minor < 0) {
            UErrorCode st = U_ZERO_ERROR;
            UChar uc[4];

            uc[0] = (UChar)c[0];
            uc[1] = (UChar)c[1];
            uc[2] = (UChar)c[2];
            uc[3] = 0;
            minor = ucurr_getDefaultFractionDigits(uc, &st);
            if (U_FAILURE(st) || minor < 0 || minor > 9)
                minor = 2;
        }
        slot = a3_slot(c);
        if (k->minor[slot] < minor)
            k->minor[slot] = (signed char)minor;
        c += c[3] ? 4 : 3;
        while (*u && *u != ',')
            u++;
        if (*u)
            u++;
    }
    return GCX_OK;
}

/* add_country: one data row; empty rows (no codes) are skipped. */
static gcx_status add_country(gcx_codes *k, char **f, const int *col,
                              char **name_pos, const char *name,
                              unsigned long line, gcx_error *err)
{
    const char *a2 = f[col[C_A2]], *a3 = f[col[C_A3]];
    const char *num = f[col[C_NUM]];
    gcx_country *c;
    size_t nl = strlen(num), i;
    int value = 0, ci = (int)k->ncountries;

    if (!*a2 && !*a3 && !*num)
        return GCX_OK;
    if (strlen(a2) != 2 || !upper(a2[0]) || !upper(a2[1]))
        return row_error(err, name, line,
                         "bad ISO 3166 alpha-2 code \"%.20s\"", a2);
    if (strlen(a3) != 3 || !upper(a3[0]) || !upper(a3[1]) || !upper(a3[2]))
        return row_error(err, name, line,
                         "bad ISO 3166 alpha-3 code \"%.20s\"", a3);
    if (nl < 1 || nl > 3)
        return row_error(err, name, line,
                         "bad ISO 3166 numeric code \"%.20s\"", num);
    for (i = 0; i < nl; i++) {
        if (num[i] < '0' || num[i] > '9')
            return row_error(err, name, line,
                             "bad ISO 3166 numeric code \"%.20s\"", num);
        value = value * 10 + (num[i] - '0');
    }
    if (k->by_a2[a2_slot(a2)] >= 0)
        return row_error(err, name, line, "duplicate alpha-2 code %s", a2);
    if (k->by_a3[a3_slot(a3)] >= 0)
        return row_error(err, name, line, "duplicate alpha-3 code %s", a3);
    if (k->by_num[value] >= 0)
        return row_error(err, name, line, "duplicate numeric code %s", num);
    c = &k->countries[k->ncountries++];
    memcpy(c->alpha2, a2, 3);
    memcpy(c->alpha3, a3, 4);
    c->numeric[0] = (char)('0' + value / 100);
    c->numeric[1] = (char)('0' + value / 10 % 10);
    c->numeric[2] = (char)('0' + value % 10);
    c->numeric[3] = '\0';
    c->name_en = *f[col[C_NAME_EN]] ? f[col[C_NAME_EN]] : f[col[C_CLDR]];
    c->name_ar = f[col[C_NAME_AR]];
    c->currencies = f[col[C_CUR]];
    k->by_a2[a2_slot(a2)] = (int16_t)ci;
    k->by_a3[a3_slot(a3)] = (int16_t)ci;
    k->by_num[value] = (int16_t)ci;
    add_name(k, name_pos, f[col[C_NAME_EN]], ci, 0, STRIP_NONE);
    add_name(k, name_pos, f[col[C_CLDR]], ci, 1, STRIP_NONE);
    add_name(k, name_pos, f[col[C_UNTERM]], ci, 2, STRIP_NONE);
    add_name(k, name_pos, f[col[C_UNTERM]], ci, 3, STRIP_SUFFIX);
    if (col[C_FORMAL] >= 0)
        add_name(k, name_pos, f[col[C_FORMAL]], ci, 4, STRIP_PREFIX);
    return add_currencies(k, f[col[C_CUR]], f[col[C_MINOR]], name, line,
                          err);
}

/* check_text: the file is UTF-8 without NUL bytes; reports line:col. */
static gcx_status check_text(const char *s, size_t len, const char *name,
                             gcx_error *err)
{
    size_t i = 0, n, line_start = 0;
    unsigned long line = 1;
    uint32_t cp;

    while (i < len) {
        n = s[i] ? gcxi_utf8_check((const unsigned char *)s + i, len - i,
                                   &cp)
                 : 0;
        if (n == 0) {
            gcx_error_at(err, name, line, (unsigned long)(i - line_start) + 1);
            return gcx_error_set(err, GCX_E_CONFIG, s[i]
                                 ? "not well-formed UTF-8"
                                 : "NUL byte in the file");
        }
        if (s[i] == '\n') {
            line++;
            line_start = i + 1;
        }
        i += n;
    }
    return GCX_OK;
}

static gcx_codes *codes_new(void)
{
    gcx_codes *k = gcx_calloc(1, sizeof *k);

    if (!k)
        return NULL;
    memset(k->by_a2, 0xFF, sizeof k->by_a2);
    memset(k->by_a3, 0xFF, sizeof k->by_a3);
    memset(k->by_num, 0xFF, sizeof k->by_num);
    memset(k->minor, 0xFF, sizeof k->minor);
    return k;
}

void gcx_codes_free(gcx_codes *k)
{
    if (!k)
        return;
    gcx_free(k->text);
    gcx_free(k->countries);
    gcx_free(k->names);
    gcx_free(k->name_text);
    gcx_free(k->iban);
    gcx_free(k);
}


/* load_buffer: build a table from buf (len bytes, NUL at buf[len]),
 * which it takes over whatever happens. */
static gcx_status load_buffer(gcx_codes **out, char *buf, size_t len,
                              const char *name, gcx_error *err)
{
    gcx_codes *k = codes_new();
    char **f = NULL, *name_pos;
    int col[C_COUNT];
    size_t nh, n, i, rows = 1;
    unsigned long line;
    gcx_status st;
    csv c;

    if (!k) {
        gcx_free(buf);
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    }
    k->text = buf;
    st = check_text(buf, len, name, err);
    if (st)
        goto fail;
    for (i = 0; i < len; i++)
        rows += buf[i] == '\n';
    f = gcx_malloc(MAX_COLUMNS * sizeof *f);
    k->countries = gcx_calloc(rows, sizeof *k->countries);
    k->names = gcx_malloc(5 * rows * sizeof *k->names);
    k->name_text = gcx_malloc(2 * len + 5 * rows + 1);
    if (!f || !k->countries || !k->names || !k->name_text) {
        st = gcx_error_set(err, GCX_E_NOMEM, "out of memory");
        goto fail;
    }
    name_pos = k->name_text;
    c.p = buf;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        c.p += 3; /* byte order mark */
    c.end = buf + len;
    c.line_start = c.p;
    c.line = 1;
    c.name = name;
    c.err = err;
    st = csv_record(&c, f, MAX_COLUMNS, &nh, &line);
    if (st)
        goto fail;
    if (nh == 0) {
        gcx_error_at(err, name, 1, 0);
        st = gcx_error_set(err, GCX_E_CONFIG, "empty file, no header");
        goto fail;
    }
    for (i = 0; i < C_COUNT; i++) {
        size_t j;

        col[i] = -1;
        for (j = 0; j < nh && col[i] < 0; j++)
            if (strcmp(f[j], col_names[i]) == 0)
                col[i] = (int)j;
        if (col[i] < 0 && i < C_REQUIRED) {
            st = row_error(err, name, line, "missing column \"%s\"",
                           col_names[i]);
            goto fail;
        }
    }
    for (;;) {
        st = csv_record(&c, f, MAX_COLUMNS, &n, &line);
        if (st)
            goto fail;
        if (n == 0)
            break;
        if (n != nh) {
            gcx_error_at(err, name, line, 0);
            st = gcx_error_set(err, GCX_E_CONFIG,
                               "CSV: record has %zu fields, the header %zu",
                               n, nh);
            goto fail;
        }
        st = add_country(k, f, col, &name_pos, name, line, err);
        if (st)
            goto fail;
    }
    qsort(k->names, k->nnames, sizeof *k->names, name_cmp);
    for (i = 0, n = 0; i < k->nnames; i++) /* keep the best of each key */
        if (n == 0 || strcmp(k->names[n - 1].key, k->names[i].key) != 0)
            k->names[n++] = k->names[i];
    k->nnames = n;
    gcx_free(f);
    *out = k;
    return GCX_OK;
fail:
    gcx_free(f);
    gcx_codes_free(k);
    return st;
}

gcx_status gcx_codes_load(gcx_codes **out, const char *path,
                          gcx_error *err)
{
    char *buf;
    size_t len;
    gcx_status st;

    *out = NULL;
    if (!path)
        return gcx_error_set(err, GCX_E_USAGE, "no path");
    st = read_file(path, &buf, &len, err);
    if (st)
        return st;
    return load_buffer(out, buf, len, path, err);
}

gcx_status gcx_codes_load_mem(gcx_codes **out, const char *data,
                              size_t len, const char *name, gcx_error *err)
{
    char *copy;

    *out = NULL;
    if (!name)
        name = "(memory)";
    if (!data && len)
        return gcx_error_set(err, GCX_E_USAGE, "no data");
    if (len > MAX_FILE_BYTES) {
        gcx_error_at(err, name, 0, 0);
        return gcx_error_set(err, GCX_E_LIMIT,
                             "file is larger than %zu bytes",
                             MAX_FILE_BYTES);
    }
    copy = gcx_malloc(len + 1);
    if (!copy)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    if (len)
        memcpy(copy, data, len);
    copy[len] = '\0';
    return load_buffer(out, copy, len, name, err);
}

/* parse_bban: "4!a14!c" into fmt; returns 0, or the offset of the first
 * bad character + 1. */
static size_t parse_bban(const char *s, size_t len, iban_fmt *fmt)
{
    size_t i = 0;
    unsigned total = 4;

    fmt->nseg = 0;
    while (i < len) {
        unsigned n = 0;
        size_t start = i;

        while (i < len && s[i] >= '0' && s[i] <= '9' && n < 100)
            n = n * 10 + (unsigned)(s[i++] - '0');
        if (i == start || n == 0 || i + 1 >= len || s[i] != '!' ||
            (s[i + 1] != 'n' && s[i + 1] != 'a' && s[i + 1] != 'c') ||
            fmt->nseg == IBAN_SEGS)
            return start + 1;
        total += n;
        if (total > IBAN_MAX)
            return start + 1;
        fmt->seg_len[fmt->nseg] = (unsigned char)n;
        fmt->seg_type[fmt->nseg] = s[i + 1];
        fmt->nseg++;
        i += 2;
    }
    if (fmt->nseg == 0)
        return 1;
    fmt->length = (unsigned char)total;
    return 0;
}

gcx_status gcx_codes_load_iban(gcx_codes *k, const char *path,
                               gcx_error *err)
{
    static const char attr[] = "bban=\"";
    iban_fmt *table;
    char *buf, *p, *end;
    size_t len;
    unsigned long line = 0;
    gcx_status st;

    if (!k || !path)
        return gcx_error_set(err, GCX_E_USAGE, "no table or path");
    st = read_file(path, &buf, &len, err);
    if (st)
        return st;
    st = check_text(buf, len, path, err);
    table = st ? NULL : gcx_calloc(A2_SLOTS, sizeof *table);
    if (!st && !table)
        st = gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    for (p = buf, end = buf + len; !st && p < end; p++) {
        char *eol = memchr(p, '\n', (size_t)(end - p)), *a, *q;
        size_t bad;

        if (!eol)
            eol = end;
        line++;
        if (eol > p && eol[-1] == '\r')
            eol[-1] = '\0';
        *eol = '\0';
        if (*p == '#' || *p == '\0') {
            p = eol;
            continue;
        }
        a = strstr(p, attr);
        q = a ? strchr(a + sizeof attr - 1, '"') : NULL;
        if (!upper(p[0]) || !upper(p[1]) || p[2] != ' ' || !q) {
            gcx_error_at(err, path, line, 1);
            st = gcx_error_set(err, GCX_E_CONFIG,
                               "expected: CC country=\"...\" bban=\"...\"");
            break;
        }
        a += sizeof attr - 1;
        bad = parse_bban(a, (size_t)(q - a), &table[a2_slot(p)]);
        if (bad) {
            gcx_error_at(err, path, line,
                         (unsigned long)(a - p) + (unsigned long)bad);
            st = gcx_error_set(err, GCX_E_CONFIG,
                               "bad BBAN format (expected like 4!a14!c)");
            break;
        }
        p = eol;
    }
    gcx_free(buf);
    if (st) {
        gcx_free(table);
        return st;
    }
    gcx_free(k->iban);
    k->iban = table;
    return GCX_OK;
}

gcx_status gcx_codes_load_default(gcx_codes **out, gcx_error *err)
{
    char path[4096];
    gcx_status st;

    *out = NULL;
    if (gcx_codes_default_path(GCX_CODES_COUNTRY_FILE, path, sizeof path))
        return gcx_error_set(err, GCX_E_LIMIT, "data directory too long");
    st = gcx_codes_load(out, path, err);
    if (st)
        return st;
    if (gcx_codes_default_path(GCX_CODES_IBAN_FILE, path, sizeof path))
        st = gcx_error_set(err, GCX_E_LIMIT, "data directory too long");
    else
        st = gcx_codes_load_iban(*out, path, err);
    if (st) {
        gcx_codes_free(*out);
        *out = NULL;
    }
    return st;
}

/* ------------------------------------------------------------ lookups */

static const gcx_country *at_index(const gcx_codes *k, int i)
{
    return i >= 0 ? &k->countries[i] : NULL;
}

const gcx_country *gcx_codes_country_alpha2(const gcx_codes *k,
                                            const char *s, size_t len)
{
    if (!k || !s || len != 2 || !upper(s[0]) || !upper(s[1]))
        return NULL;
    return at_index(k, k->by_a2[a2_slot(s)]);
}

const gcx_country *gcx_codes_country_alpha3(const gcx_codes *k,
                                            const char *s, size_t len)
{
    if (!k || !s || len != 3 || !upper(s[0]) || !upper(s[1]) ||
        !upper(s[2]))
        return NULL;
    return at_index(k, k->by_a3[a3_slot(s)]);
}

const gcx_country *gcx_codes_country_numeric(const gcx_codes *k,
                                             const char *s, size_t len)
{
    int value = 0;
    size_t i;

    if (!k || !s || len < 1 || len > 3)
        return NULL;
    for (i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return NULL;
        value = value * 10 + (s[i] - '0');
    }
    return at_index(k, k->by_num[value]);
}

static int key_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const name_key *)elem)->key);
}

const gcx_country *gcx_codes_country_name(const gcx_codes *k,
                                          const char *s, size_t len)
{
    char key[MAX_NAME];
    const name_key *hit;

    if (!k || !s || norm_name(s, len, key, sizeof key) <= 0)
        return NULL;
    hit = bsearch(key, k->names, k->nnames, sizeof *k->names, key_cmp);
    return hit ? &k->countries[hit->country] : NULL;
}

size_t gcx_codes_country_count(const gcx_codes *k)
{
    return k ? k->ncountries : 0;
}

const gcx_country *gcx_codes_country_at(const gcx_codes *k, size_t i)
{
    return k && i < k->ncountries ? &k->countries[i] : NULL;
}

int gcx_codes_currency_minor_units(const gcx_codes *k, const char *code,
                                   size_t len)
{
    if (!k || !code || len != 3 || !upper(code[0]) || !upper(code[1]) ||
        !upper(code[2]))
        return -1;
    return k->minor[a3_slot(code)];
}

/* iban_format: the registry entry for alpha2 (2 upper-case letters), or
 * the built-in GCC length (nseg 0) in *tmp, or NULL. */
static const iban_fmt *iban_format(const gcx_codes *k, const char *cc,
                                   iban_fmt *tmp)
{
    size_t i;

    if (k && k->iban) {
        const iban_fmt *f = &k->iban[a2_slot(cc)];

        return f->length ? f : NULL;
    }
    for (i = 0; i < sizeof gcc_iban / sizeof gcc_iban[0]; i++)
        if (gcc_iban[i].cc[0] == cc[0] && gcc_iban[i].cc[1] == cc[1]) {
            tmp->length = gcc_iban[i].length;
            tmp->nseg = 0;
            return tmp;
        }
    return NULL;
}

int gcx_codes_iban_length(const gcx_codes *k, const char *alpha2)
{
    iban_fmt tmp;
    const iban_fmt *f;

    if (!alpha2 || !upper(alpha2[0]) || !upper(alpha2[1]) || alpha2[2])
        return 0;
    f = iban_format(k, alpha2, &tmp);
    return f ? f->length : 0;
}

/* -------------------------------------------------------------- checks */

int gcx_rules_iban(const gcx_codes *k, const char *v, size_t len,
                   gcx_finding_text *out)
{
    const iban_fmt *fmt;
    iban_fmt tmp;
    size_t i, at, pos;
    unsigned r = 0, seg;
    char what[24];

    if (!v && len)
        return -GCX_E_USAGE;
    for (i = 0; i < len; i++)
        if (!upper(v[i]) && !(v[i] >= '0' && v[i] <= '9')) {
            gcxi_report(out, "iban.chars");
            if (out) {
                gcxi_describe(v, len, i, what, sizeof what, &at);
                gcxi_put_en(out,
                    "IBAN: only A-Z and 0-9 are allowed (electronic "
                    "format, no spaces); found %s at position %zu", what,
                    at);
                gcxi_put_ar(out,
                    "رقم الآيبان: لا يُسمح إلا "
                    "بالحروف A-Z والأرقام "
                    "0-9 (دون مسافات)؛ وُجد %s في "
                    "الموضع %zu", what, at);
            }
            return 1;
        }
    if (len < 2 || !upper(v[0]) || !upper(v[1]) ||
        !(fmt = iban_format(k, v, &tmp))) {
        gcxi_report(out, "iban.country");
        gcxi_put_en(out,
            "IBAN: must start with the two-letter code of a country "
            "that uses IBAN, found \"%.2s\"", len >= 2 ? v : "");
        gcxi_put_ar(out,
            "رقم الآيبان: يجب أن يبدأ برمز "
            "دولة من حرفين تستخدم "
            "الآيبان، والموجود \"%.2s\"",
            len >= 2 ? v : "");
        return 1;
    }
    if (len < 4 || v[2] < '0' || v[2] > '9' || v[3] < '0' || v[3] > '9') {
        if (len < 4)
            gcxi_report(out, "iban.length");
        else
            gcxi_report(out, "iban.chars");
        gcxi_put_en(out,
            "IBAN: the country code must be followed by two check "
            "digits");
        gcxi_put_ar(out, "رقم الآيبان: يجب أن يلي رمزَ "
                    "الدولة رقمان للتحقق");
        return 1;
    }
    if (len != fmt->length) {
        gcxi_report(out, "iban.length");
        gcxi_put_en(out, "IBAN: %.2s IBANs have %u characters, found %zu", v,
                    fmt->length, len);
        gcxi_put_ar(out,
            "رقم الآيبان: طول أرقام الآيبان "
            "في %.2s هو %u حرفًا، "
            "والموجود %zu", v, fmt->length, len);
        return 1;
    }
    for (seg = 0, pos = 4; seg < fmt->nseg; seg++) {
        size_t e = pos + fmt->seg_len[seg];
        char t = fmt->seg_type[seg];

        for (; pos < e; pos++) {
            int digit = v[pos] >= '0' && v[pos] <= '9';

            if ((t == 'n' && !digit) || (t == 'a' && digit)) {
                gcxi_report(out, "iban.bban");
                gcxi_put_en(out, "IBAN: character %zu must be %s for %.2s "
                            "(BBAN format)", pos + 1,
                            t == 'n' ? "a digit" : "a letter", v);
                gcxi_put_ar(out,
                    "رقم الآيبان: الحرف %zu يجب "
                    "أن يكون %s في %.2s "
                    "(صيغة BBAN)", pos + 1,
                    t == 'n' ? "رقمًا" : "حرفًا", v);
                return 1;
            }
        }
    }
    for (i = 0; i < len; i++) {
        char ch = v[(i + 4) % len];

        if (ch >= '0' && ch <= '9')
            r = (r * 10 + (unsigned)(ch - '0')) % 97;
        else
            r = (r * 100 + (unsigned)(ch - 'A' + 10)) % 97;
    }
    if (r != 1 || (v[2] == '0' && v[3] < '2') ||
        (v[2] == '9' && v[3] == '9')) {
        gcxi_report(out, "iban.checksum");
        gcxi_put_en(out, "IBAN: check digits %.2s do not match (ISO 7064 "
                    "mod 97-10)", v + 2);
        gcxi_put_ar(out,
            "رقم الآيبان: رقما التحقق %.2s غير "
            "صحيحين (ISO 7064 "
            "mod 97-10)", v + 2);
        return 1;
    }
    return gcxi_pass(out);
}

int gcx_rules_money(const gcx_codes *k, const char *v, size_t len,
                    const char *currency, gcx_finding_text *out)
{
    size_t i = 0, int_digits = 0, decimals = 0;
    int minor;

    if (!k || (!v && len))
        return -GCX_E_USAGE;
    if (i < len && v[i] == '-')
        i++;
    while (i < len && v[i] >= '0' && v[i] <= '9') {
        i++;
        int_digits++;
    }
    if (i < len && v[i] == '.') {
        for (i++; i < len && v[i] >= '0' && v[i] <= '9'; i++)
            decimals++;
        if (decimals == 0)
            int_digits = 0; /* "5." */
    }
    if (int_digits == 0 || i != len) {
        gcxi_report(out, "money.format");
        gcxi_put_en(out, "amount must be a plain decimal number such as "
                    "-1234.50 (no exponent, sign +, spaces or separators)");
        gcxi_put_ar(out, "يجب أن يكون المبلغ عددًا "
                    "عشريًا بسيطًا مثل -1234.50 "
                    "(دون أس أو علامة + أو مسافات أو "
                    "فواصل)");
        return 1;
    }
    minor = currency ? gcx_codes_currency_minor_units(k, currency,
                                                      strlen(currency))
                     : -1;
    if (minor < 0) {
        char what[48];

        quote(currency ? currency : "", currency ? strlen(currency) : 0,
              what, sizeof what);
        gcxi_report(out, "money.currency");
        gcxi_put_en(out, "currency %s is not an ISO 4217 code in use", what);
        gcxi_put_ar(out, "العملة %s ليست رمز عملة "
                    "متداولًا في ISO 4217", what);
        return 1;
    }
    if (decimals > (size_t)minor) {
        gcxi_report(out, "money.minor-units");
        gcxi_put_en(out, "%s amounts have at most %d decimals, found %zu",
                    currency, minor, decimals);
        gcxi_put_ar(out,
            "مبالغ %s لها %d منازل عشرية على "
            "الأكثر، والموجود %zu",
            currency, minor, decimals);
        return 1;
    }
    return gcxi_pass(out);
}

int gcx_rules_country_code(const gcx_codes *k, int kind, const char *v,
                           size_t len, gcx_finding_text *out)
{
    const gcx_country *c = NULL;
    const char *what_en, *what_ar;
    char what[48];

    if (!k || (!v && len))
        return -GCX_E_USAGE;
    switch (kind) {
    case GCX_CODE_ALPHA2:
        c = gcx_codes_country_alpha2(k, v, len);
        what_en = "alpha-2";
        what_ar = "الحرفي الثنائي";
        break;
    case GCX_CODE_ALPHA3:
        c = gcx_codes_country_alpha3(k, v, len);
        what_en = "alpha-3";
        what_ar = "الحرفي الثلاثي";
        break;
    case GCX_CODE_NUMERIC:
        c = len == 3 ? gcx_codes_country_numeric(k, v, len) : NULL;
        what_en = "numeric (3 digits)";
        what_ar = "الرقمي (3 أرقام)";
        break;
    default:
        return -GCX_E_USAGE;
    }
    if (c)
        return gcxi_pass(out);
    quote(v, len, what, sizeof what);
    gcxi_report(out, "code.country");
    gcxi_put_en(out, "%s is not an ISO 3166-1 %s country code", what, what_en);
    gcxi_put_ar(out,
        "%s ليس رمز دولة %s في ISO 3166-1", what, what_ar);
    return 1;
}

int gcx_rules_currency_code(const gcx_codes *k, const char *v, size_t len,
                            gcx_finding_text *out)
{
    char what[48];

    if (!k || (!v && len))
        return -GCX_E_USAGE;
    if (gcx_codes_currency_minor_units(k, v, len) >= 0)
        return gcxi_pass(out);
    quote(v, len, what, sizeof what);
    gcxi_report(out, "code.currency");
    gcxi_put_en(out, "%s is not an ISO 4217 currency code in use", what);
    gcxi_put_ar(out,
        "%s ليس رمز عملة متداولًا في ISO 4217",
        what);
    return 1;
}
