/* lib/csv_in.c - streaming RFC 4180 CSV reader.
 *
 * Reads a gcx_input in chunks into a window that holds the current row,
 * unquotes its fields into one buffer and checks the row as a whole
 * (field count, UTF-8). A row never outgrows max_record_bytes.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>

#include <gcx/csv.h>
#include <gcx/io.h>

/* Decisions gcx/csv.h leaves open:
 * - A row with an error still goes on to its end by the usual rules, so
 *   the next row starts where a reader of valid CSV would expect it: a
 *   stray quote in an unquoted field and text after a closing quote are
 *   taken as data, a lone CR as data.
 * - Limit errors point where the limit was passed for a field, at the
 *   row's start for a row. A field count error points at the first byte
 *   of the first extra field, or at the end of a row that is short.
 * - Header errors are all fatal (the reader is never made); a header has
 *   no record number (err->record is 0).
 * - Messages name the column of a field error: its number from 1 and,
 *   in data rows, its name.
 * - Memory: the window holds the current row and at most one read more
 *   (it grows by doubling, so up to about twice max_record_bytes plus
 *   a read); the values take at most twice the window's part of the
 *   row; the field arrays are bounded by max_columns.
 */

typedef unsigned char uchar;

/* Bytes asked of the input per read; the window grows past it only to
 * hold one row that does not fit. */
#define CSV_CHUNK ((size_t)64 << 10)

/* Scanner states. */
enum {
    S_START,   /* at the first byte of a field */
    S_PLAIN,   /* in an unquoted field */
    S_QUOTED,  /* in a quoted field */
    S_QQ,      /* a quote inside a quoted field: closing, or "" */
    S_CR       /* a CR outside quotes: LF must follow */
};

/* Kinds of row problems (recoverable in data rows). */
enum {
    K_NONE, K_QUOTE, K_AFTER_QUOTE, K_CR, K_NUL, K_UTF8, K_FIELD_LIMIT,
    K_TOO_MANY, K_TOO_FEW
};

/* The first problem found in the row being read. */
typedef struct rowerr {
    int kind;            /* K_* */
    size_t off;          /* offset in the row's raw bytes */
    size_t field;        /* 0-based field it is in */
} rowerr;

/* One header name, for sorting and lookup. */
typedef struct hname {
    const char *s;
    size_t len;
    size_t idx;
} hname;

struct gcx_csv_reader {
    gcx_input *in;
    const char *name;
    gcx_csv_options o;
    uchar stop_plain[256];  /* bytes that end a run in an unquoted field */
    uchar stop_quoted[256]; /* ... in a quoted field */
    /* The window: bytes [0, len) of buf hold input from the current
     * row's start rs on; pos is the scan position. */
    uchar *buf;
    size_t cap, len, pos, rs;
    int eof;
    unsigned long line;          /* line where the next row starts */
    unsigned long long record;   /* data rows begun so far */
    /* The current row. */
    int header;                  /* reading the header row */
    unsigned long row_line;
    char *vals;                  /* field values, each NUL-terminated */
    size_t vcap, vused;          /* vals: allocated and used bytes */
    size_t *voff;                /* field i is at vals + voff[i] */
    size_t *vlen;
    size_t *roff;                /* field i starts at raw offset roff[i] */
    const char **ptrs;
    size_t fcap;                 /* entries in the four arrays */
    size_t nf;                   /* fields begun */
    size_t flen;                 /* bytes of the current field so far */
    int keep;                    /* store the current field's bytes */
    size_t raw_len;
    rowerr e;
    /* The header. */
    size_t ncols;
    char *hdata;
    const char **hnames;
    size_t *hlens;
    hname *sorted;
    /* State. */
    int done;
    int fatal;
    gcx_status fail_st;
    gcx_error fail_e;
};

/* ------------------------------------------------------------ options */

gcx_csv_options gcx_csv_options_default(void)
{
    gcx_csv_options o;

    o.delimiter = ',';
    o.max_columns = GCX_CSV_DEFAULT_MAX_COLUMNS;
    o.limits = gcx_limits_default();
    return o;
}

/* ---------------------------------------------------------- positions */

/* raw_pos: the line and column of raw offset off in the current row
 * (whose bytes start at buf + rs). */
static void raw_pos(const gcx_csv_reader *r, size_t off, unsigned long *line,
                    unsigned long *col)
{
    const uchar *s = r->buf + r->rs;
    unsigned long l = r->row_line, c = 1;
    size_t i;

    for (i = 0; i < off; i++) {
        if (s[i] == '\n') {
            l++;
            c = 1;
        } else if ((s[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

/* show_name: a column name for a message: at most 40 bytes, cut at a
 * character boundary, control characters as '?'. */
static void show_name(const char *s, size_t len, char *out, size_t size)
{
    size_t i, n = len;

    if (n > 40) {
        n = 40;
        while (n > 0 && ((uchar)s[n] & 0xC0) == 0x80)
            n--;
    }
    if (n >= size)
        n = size - 1;
    for (i = 0; i < n; i++)
        out[i] = (uchar)s[i] < 0x20 || s[i] == 0x7F ? '?' : s[i];
    out[n] = '\0';
    if (n < len && n + 4 < size)
        memcpy(out + n, "...", 4);
}

/* fail_at: record a fatal error at raw offset off of the current row
 * (off SIZE_MAX: no position); returns st. */
static gcx_status fail_at(gcx_csv_reader *r, gcx_status st, size_t off,
                          const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static gcx_status fail_at(gcx_csv_reader *r, gcx_status st, size_t off,
                          const char *fmt, ...)
{
    unsigned long line = 0, col = 0;
    va_list ap;

    gcx_error_clear(&r->fail_e);
    va_start(ap, fmt);
    gcx_error_setv(&r->fail_e, st, fmt, ap);
    va_end(ap);
    if (off != SIZE_MAX)
        raw_pos(r, off, &line, &col);
    gcx_error_at(&r->fail_e, r->name, line, col);
    if (!r->header)
        r->fail_e.record = r->record;
    r->fatal = 1;
    r->fail_st = st;
    return st;
}

static gcx_status fail_nomem(gcx_csv_reader *r)
{
    return fail_at(r, GCX_E_NOMEM, SIZE_MAX, "out of memory");
}

/* ------------------------------------------------------------- window */

/* refill: read more input after the window's end, first sliding the
 * current row to the front and growing the window when it is short of
 * room. Returns 1 when bytes were added, 0 at the end of input, -1 on a
 * fatal error. */
static int refill(gcx_csv_reader *r)
{
    size_t got = 0, ncap;
    gcx_status st;
    uchar *nb;

    if (r->eof)
        return 0;
    if (r->rs) {
        memmove(r->buf, r->buf + r->rs, r->len - r->rs);
        r->len -= r->rs;
        r->pos -= r->rs;
        r->rs = 0;
    }
    if (r->cap - r->len < CSV_CHUNK / 2) {
        ncap = r->cap * 2;
        if (ncap < r->len + CSV_CHUNK)
            ncap = r->len + CSV_CHUNK;
        nb = gcx_realloc(r->buf, ncap);
        if (!nb)
            return fail_nomem(r), -1;
        r->buf = nb;
        r->cap = ncap;
    }
    st = gcx_input_read(r->in, r->buf + r->len, r->cap - r->len, &got,
                        &r->fail_e);
    if (st) {
        if (!r->header)
            r->fail_e.record = r->record;
        r->fatal = 1;
        r->fail_st = st;
        return -1;
    }
    if (got == 0) {
        r->eof = 1;
        return 0;
    }
    r->len += got;
    return 1;
}

/* -------------------------------------------------------------- fields */

/* note: remember a row problem at raw offset off unless an earlier one
 * is already known (problems are found in input order while scanning). */
static void note(gcx_csv_reader *r, int kind, size_t off)
{
    if (r->e.kind != K_NONE)
        return;
    r->e.kind = kind;
    r->e.off = off;
    r->e.field = r->nf ? r->nf - 1 : 0;
}

/* grow_fields: room for at least n fields in the arrays. */
static int grow_fields(gcx_csv_reader *r, size_t n)
{
    size_t ncap = r->fcap ? r->fcap : 16, *a, *b, *c;
    const char **p;

    if (n <= r->fcap)
        return 0;
    while (ncap < n)
        ncap *= 2;
    a = gcx_realloc(r->voff, ncap * sizeof *a);
    if (a)
        r->voff = a;
    b = gcx_realloc(r->vlen, ncap * sizeof *b);
    if (b)
        r->vlen = b;
    c = gcx_realloc(r->roff, ncap * sizeof *c);
    if (c)
        r->roff = c;
    p = (const char **)gcx_realloc((void *)r->ptrs, ncap * sizeof *p);
    if (p)
        r->ptrs = p;
    if (!a || !b || !c || !p)
        return -1;
    r->fcap = ncap;
    return 0;
}

/* field_begin: a field starts at raw offset off. Returns 0, or -1 on a
 * fatal error. */
static inline int field_begin(gcx_csv_reader *r, size_t off)
{
    size_t i = r->nf;

    if (GCXI_UNLIKELY(r->header)) {
        if (i >= r->o.max_columns)
            return fail_at(r, GCX_E_LIMIT, off, "header has more than %zu "
                           "columns (max_columns)", r->o.max_columns), -1;
        if (i >= r->fcap && grow_fields(r, i + 1))
            return fail_nomem(r), -1;
    }
    r->nf++;
    r->flen = 0;
    r->keep = r->header || i < r->ncols;
    if (i < r->fcap) {
        r->roff[i] = off;
        r->voff[i] = r->vused;
    }
    if (!r->header && i == r->ncols)
        note(r, K_TOO_MANY, off);
    return 0;
}

/* vals_room: make vals hold every value the window's part of the row
 * can give: unquoting never adds bytes, and each field adds one NUL,
 * so twice the row's bytes (plus the NUL of an empty last field) is
 * enough until the next refill. Returns 0, or -1 on a fatal error. */
static int vals_room(gcx_csv_reader *r)
{
    size_t n = r->len - r->rs, need, ncap;
    char *p;

    need = n > (SIZE_MAX - 2) / 2 ? SIZE_MAX : 2 * n + 2;
    if (need <= r->vcap)
        return 0;
    ncap = r->vcap > SIZE_MAX / 2 ? need : r->vcap * 2;
    if (ncap < need)
        ncap = need;
    p = gcx_realloc(r->vals, ncap);
    if (!p)
        return fail_nomem(r), -1;
    r->vals = p;
    r->vcap = ncap;
    return 0;
}

/* put: n bytes of the current field's value, from raw offset off.
 * vals_room has made room. */
static inline void put(gcx_csv_reader *r, const void *p, size_t n,
                       size_t off)
{
    size_t max = r->o.limits.max_string_bytes;

    if (!r->keep)
        return;
    if (GCXI_UNLIKELY(n > max - r->flen)) {
        note(r, K_FIELD_LIMIT, off + (max - r->flen));
        r->keep = 0;
        return;
    }
    r->flen += n;
    memcpy(r->vals + r->vused, p, n);
    r->vused += n;
}

/* field_end: the current field is complete. */
static inline void field_end(gcx_csv_reader *r)
{
    if (!r->keep)
        return;
    r->vlen[r->nf - 1] = r->flen;
    r->vals[r->vused++] = '\0';
}

/* ---------------------------------------------------------------- rows */

/* utf8_bad: offset of the first malformed UTF-8 sequence in n bytes at
 * s, or n when there is none. */
static size_t utf8_bad(const uchar *s, size_t n)
{
    size_t i = 0, k;
    uint32_t cp;
    uint64_t w;

    while (i < n) {
        if (s[i] < 0x80) {
            while (i + 8 <= n) {
                memcpy(&w, s + i, 8);
                if (w & UINT64_C(0x8080808080808080))
                    break;
                i += 8;
            }
            while (i < n && s[i] < 0x80)
                i++;
            continue;
        }
        k = gcxi_utf8_check(s + i, n - i, &cp);
        if (k == 0)
            return i;
        i += k;
    }
    return n;
}

/* count_lf: the line feeds among n bytes at s. */
static unsigned long count_lf(const uchar *s, size_t n)
{
    const uchar *e = s + n, *q;
    unsigned long k = 0;

    while ((q = memchr(s, '\n', (size_t)(e - s))) != NULL) {
        k++;
        s = q + 1;
    }
    return k;
}

/* over_limit: a fatal error for a row longer than max_record_bytes;
 * state and qopen tell whether a quoted field is still open. */
static gcx_status over_limit(gcx_csv_reader *r, int state, size_t qopen)
{
    unsigned long l, c;

    if (state == S_QUOTED) {
        raw_pos(r, qopen, &l, &c);
        return fail_at(r, GCX_E_LIMIT, 0, "row longer than %zu bytes "
                       "(max_record_bytes); a quoted field opened at line "
                       "%lu, column %lu is still open",
                       r->o.limits.max_record_bytes, l, c);
    }
    return fail_at(r, GCX_E_LIMIT, 0, "row longer than %zu bytes "
                   "(max_record_bytes)", r->o.limits.max_record_bytes);
}

/* scan_row: read one row from pos: its fields into vals and the arrays,
 * its first problem into r->e. Returns 1 for a row, 0 at the end of
 * input (no bytes left), -1 on a fatal error. Afterwards the row's raw
 * bytes are [rs, rs + raw_len) and pos is where the next row starts. */
static int scan_row(gcx_csv_reader *r)
{
    const uchar *stop_p = r->stop_plain, *stop_q = r->stop_quoted;
    const uchar delim = (uchar)r->o.delimiter;
    const size_t max = r->o.limits.max_record_bytes;
    int state = S_START, k;
    size_t pos, qopen = 0, term = 0, scanned;
    const uchar *p, *e, *q;
    uchar c;

    r->rs = r->pos;
    r->row_line = r->line;
    r->nf = 0;
    r->e.kind = K_NONE;
    r->vused = 0;
    if (r->pos == r->len) {
        k = refill(r);
        if (k <= 0)
            return k;
    }
    if (vals_room(r) || field_begin(r, 0))
        return -1;
    /* pos (a local copy of r->pos) is stored back before every call
     * that may move the window */
    pos = r->pos;
    for (;;) {
        if (pos == r->len) {
            scanned = pos - r->rs;
            r->pos = pos;
            if (scanned > 1 && scanned - 1 > max)
                return over_limit(r, state, qopen), -1;
            k = refill(r);
            if (k < 0 || (k > 0 && vals_room(r)))
                return -1;
            pos = r->pos;
            if (k == 0)
                break;
        }
        switch (state) {
        case S_START:
            if (r->buf[pos] == '"') {
                state = S_QUOTED;
                qopen = pos - r->rs;
                pos++;
                break;
            }
            state = S_PLAIN;
            /* fall through */
        case S_PLAIN:
            p = r->buf + pos;
            e = r->buf + r->len;
            for (q = p; q < e && !stop_p[*q]; q++)
                ;
            if (q > p) {
                put(r, p, (size_t)(q - p), pos - r->rs);
                pos += (size_t)(q - p);
                if (q == e)
                    break;
            }
            c = *q;
            if (c == delim) {
                field_end(r);
                pos++;
                if (field_begin(r, pos - r->rs))
                    return -1;
                state = S_START;
            } else if (c == '\n') {
                term = 1;
                goto row_end;
            } else if (c == '\r') {
                state = S_CR;
                pos++;
            } else if (c == '"') {
                note(r, K_QUOTE, pos - r->rs);
                put(r, q, 1, pos - r->rs);
                pos++;
            } else {
                note(r, K_NUL, pos - r->rs);
                pos++;
            }
            break;
        case S_QUOTED:
            p = r->buf + pos;
            e = r->buf + r->len;
            for (q = p; q < e && !stop_q[*q]; q++)
                ;
            if (q > p) {
                put(r, p, (size_t)(q - p), pos - r->rs);
                pos += (size_t)(q - p);
                if (q == e)
                    break;
            }
            if (*q == '"')
                state = S_QQ;
            else
                note(r, K_NUL, pos - r->rs);
            pos++;
            break;
        case S_QQ:
            c = r->buf[pos];
            if (c == '"') {
                put(r, "\"", 1, pos - r->rs);
                pos++;
                state = S_QUOTED;
            } else {
                if (c != delim && c != '\n' && c != '\r')
                    note(r, K_AFTER_QUOTE, pos - r->rs);
                state = S_PLAIN;
            }
            break;
        default: /* S_CR */
            if (r->buf[pos] == '\n') {
                pos--;
                term = 2;
                goto row_end;
            }
            note(r, K_CR, pos - 1 - r->rs);
            put(r, "\r", 1, pos - 1 - r->rs);
            state = S_PLAIN;
            break;
        }
    }
    /* the end of input ends the row, unless a quote is open */
    if (state == S_QUOTED) {
        if (r->len - r->rs > max)
            return over_limit(r, state, qopen), -1;
        return fail_at(r, GCX_E_SYNTAX, qopen, "quoted field not closed "
                       "at the end of input"), -1;
    }
    if (state == S_CR) {
        note(r, K_CR, pos - 1 - r->rs);
        put(r, "\r", 1, pos - 1 - r->rs);
    }
row_end:
    /* pos is at the line end (term bytes) or at the end of input */
    field_end(r);
    r->raw_len = pos - r->rs;
    r->pos = pos + term;
    if (r->raw_len > max)
        return over_limit(r, S_PLAIN, 0), -1;
    r->line += count_lf(r->buf + r->rs, r->pos - r->rs);
    /* a single empty line at the very end is not a row */
    if (r->raw_len == 0 && term) {
        if (r->pos == r->len) {
            k = refill(r);
            if (k < 0)
                return -1;
        }
        if (r->pos == r->len)
            return 0;
    }
    return 1;
}

/* check_row: finish the row's checks: field count (data rows) and
 * UTF-8, keeping the first problem in input order. */
static void check_row(gcx_csv_reader *r)
{
    size_t upto = r->e.kind != K_NONE ? r->e.off : r->raw_len, bad, i;

    if (!r->header && r->e.kind == K_NONE && r->nf < r->ncols) {
        r->e.kind = K_TOO_FEW;
        r->e.off = r->raw_len;
        r->e.field = r->nf - 1;
    }
    bad = utf8_bad(r->buf + r->rs, upto);
    if (bad < upto) {
        r->e.kind = K_UTF8;
        r->e.off = bad;
        r->e.field = 0;
        for (i = 1; i < r->nf && i < r->fcap && r->roff[i] <= bad; i++)
            r->e.field = i;
    }
}

/* row_error: fill err with the row's problem; returns its status. */
static gcx_status row_error(gcx_csv_reader *r, gcx_error *err)
{
    const rowerr *E = &r->e;
    char col[80], nm[48];
    unsigned long line, c;
    gcx_status st = GCX_E_SYNTAX;
    gcx_error tmp;

    if (!err)
        err = &tmp;
    gcx_error_clear(err);
    if (r->header || E->field >= r->ncols) {
        snprintf(col, sizeof col, "column %zu", E->field + 1);
    } else {
        show_name(r->hnames[E->field], r->hlens[E->field], nm, sizeof nm);
        snprintf(col, sizeof col, "column %zu \"%s\"", E->field + 1, nm);
    }
    switch (E->kind) {
    case K_QUOTE:
        gcx_error_set(err, st, "%s: quote inside an unquoted field "
                      "(a field with quotes must be quoted, each quote "
                      "doubled)", col);
        break;
    case K_AFTER_QUOTE:
        gcx_error_set(err, st, "%s: text after the closing quote", col);
        break;
    case K_CR:
        gcx_error_set(err, st, "%s: carriage return not followed by "
                      "line feed", col);
        break;
    case K_NUL:
        st = gcx_error_set(err, GCX_E_INVALID, "%s: NUL byte", col);
        break;
    case K_UTF8:
        st = gcx_error_set(err, GCX_E_INVALID, "%s: invalid UTF-8", col);
        break;
    case K_FIELD_LIMIT:
        st = gcx_error_set(err, GCX_E_LIMIT, "%s: field longer than %zu "
                           "bytes (max_string_bytes)", col,
                           r->o.limits.max_string_bytes);
        break;
    case K_TOO_MANY:
        st = gcx_error_set(err, GCX_E_INVALID, "row has %zu fields, the "
                           "header %zu", r->nf, r->ncols);
        break;
    default: /* K_TOO_FEW */
        if (r->raw_len == 0)
            st = gcx_error_set(err, GCX_E_INVALID, "empty line (the "
                               "header has %zu columns)", r->ncols);
        else
            st = gcx_error_set(err, GCX_E_INVALID, "row has %zu "
                               "field%s, the header %zu", r->nf,
                               r->nf == 1 ? "" : "s", r->ncols);
        break;
    }
    raw_pos(r, E->off, &line, &c);
    gcx_error_at(err, r->name, line, c);
    if (!r->header)
        err->record = r->record;
    return st;
}

/* -------------------------------------------------------------- header */

static int hname_cmp(const void *a, const void *b)
{
    const hname *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->s, y->s, n);

    if (c)
        return c;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* read_header: the first row becomes the column names. */
static gcx_status read_header(gcx_csv_reader *r)
{
    size_t i, j, n, dup = SIZE_MAX, first = 0;
    gcx_error e;
    char nm[48];
    int k;

    /* skip a byte order mark */
    while (r->len < 3 && (k = refill(r)) != 0)
        if (k < 0)
            return r->fail_st;
    if (r->len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0)
        r->pos = r->rs = 3;
    r->header = 1;
    k = scan_row(r);
    if (k < 0)
        return r->fail_st;
    if (k == 0)
        return fail_at(r, GCX_E_INVALID, SIZE_MAX, "empty input: no "
                       "header row");
    check_row(r);
    if (r->e.kind != K_NONE) {
        gcx_status st = row_error(r, &e);

        r->fail_e = e;
        r->fatal = 1;
        r->fail_st = st;
        return st;
    }
    n = r->nf;
    if (n == 1 && r->vlen[0] == 0)
        return fail_at(r, GCX_E_INVALID, 0, "empty header line");
    for (i = 0; i < n; i++)
        if (r->vlen[i] == 0)
            return fail_at(r, GCX_E_INVALID, r->roff[i], "column %zu of "
                           "the header has an empty name", i + 1);
    r->hdata = gcx_malloc(r->vused);
    r->hnames = gcx_malloc(n * sizeof *r->hnames);
    r->hlens = gcx_malloc(n * sizeof *r->hlens);
    r->sorted = gcx_malloc(n * sizeof *r->sorted);
    if (!r->hdata || !r->hnames || !r->hlens || !r->sorted ||
        grow_fields(r, n + 1))
        return fail_nomem(r);
    memcpy(r->hdata, r->vals, r->vused);
    for (i = 0; i < n; i++) {
        r->hnames[i] = r->hdata + r->voff[i];
        r->hlens[i] = r->vlen[i];
        r->sorted[i].s = r->hnames[i];
        r->sorted[i].len = r->hlens[i];
        r->sorted[i].idx = i;
    }
    qsort(r->sorted, n, sizeof *r->sorted, hname_cmp);
    /* the first repeat in input order: the second member (by index)
     * of a run of equal names, the lowest such index over all runs */
    for (i = 0; i < n; i = j) {
        const hname *a = &r->sorted[i];

        for (j = i + 1; j < n && r->sorted[j].len == a->len &&
                        memcmp(r->sorted[j].s, a->s, a->len) == 0; j++)
            ;
        if (j - i > 1 && r->sorted[i + 1].idx < dup) {
            dup = r->sorted[i + 1].idx;
            first = a->idx;
        }
    }
    if (dup != SIZE_MAX) {
        show_name(r->hnames[dup], r->hlens[dup], nm, sizeof nm);
        return fail_at(r, GCX_E_INVALID, r->roff[dup], "duplicate column "
                       "name \"%s\" (columns %zu and %zu)", nm, first + 1,
                       dup + 1);
    }
    r->ncols = n;
    r->header = 0;
    return GCX_OK;
}

/* -------------------------------------------------------------- public */

static void reader_release(gcx_csv_reader *r)
{
    gcx_free(r->buf);
    gcx_free(r->vals);
    gcx_free(r->voff);
    gcx_free(r->vlen);
    gcx_free(r->roff);
    gcx_free((void *)r->ptrs);
    gcx_free(r->hdata);
    gcx_free((void *)r->hnames);
    gcx_free(r->hlens);
    gcx_free(r->sorted);
    gcx_free(r);
}

gcx_status gcx_csv_reader_new(gcx_csv_reader **out, gcx_input *in,
                              const gcx_csv_options *opt, gcx_error *err)
{
    gcx_csv_options o = opt ? *opt : gcx_csv_options_default();
    uchar d = (uchar)o.delimiter;
    gcx_csv_reader *r;
    gcx_status st;

    *out = NULL;
    gcx_error_clear(err);
    if (d == '"' || d == '\r' || d == '\n' || d == '\0' || d >= 0x80)
        return gcx_error_set(err, GCX_E_USAGE, "CSV delimiter must be one "
                             "ASCII character other than '\"', CR, LF "
                             "and NUL");
    if (o.max_columns == 0)
        o.max_columns = GCX_CSV_DEFAULT_MAX_COLUMNS;
    r = gcx_calloc(1, sizeof *r);
    if (!r)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    r->in = in;
    r->name = gcx_input_name(in);
    r->o = o;
    r->line = 1;
    r->stop_plain[d] = 1;
    r->stop_plain['"'] = r->stop_plain['\r'] = r->stop_plain['\n'] = 1;
    r->stop_plain[0] = 1;
    r->stop_quoted['"'] = r->stop_quoted[0] = 1;
    r->buf = gcx_malloc(CSV_CHUNK);
    if (!r->buf) {
        reader_release(r);
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    }
    r->cap = CSV_CHUNK;
    st = read_header(r);
    if (st) {
        if (err)
            *err = r->fail_e;
        reader_release(r);
        return st;
    }
    *out = r;
    return GCX_OK;
}

size_t gcx_csv_reader_columns(const gcx_csv_reader *r,
                              const char *const **names,
                              const size_t **lens)
{
    if (names)
        *names = r->hnames;
    if (lens)
        *lens = r->hlens;
    return r->ncols;
}

long gcx_csv_reader_column_index(const gcx_csv_reader *r, const char *name,
                                 size_t len)
{
    size_t lo = 0, hi = r->ncols, mid, n;
    int c;

    while (lo < hi) {
        const hname *h;

        mid = lo + (hi - lo) / 2;
        h = &r->sorted[mid];
        n = h->len < len ? h->len : len;
        c = n ? memcmp(h->s, name, n) : 0;
        if (c == 0 && h->len != len)
            c = h->len < len ? -1 : 1;
        if (c == 0)
            return (long)h->idx;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

gcx_status gcx_csv_reader_next(gcx_csv_reader *r, gcx_csv_row *row,
                               gcx_error *err)
{
    size_t i;
    int k;

    memset(row, 0, sizeof *row);
    if (r->fatal) {
        if (err)
            *err = r->fail_e;
        row->record = r->fail_e.record;
        row->line = r->row_line;
        return r->fail_st;
    }
    if (r->done) {
        gcx_error_clear(err);
        return GCX_OK;
    }
    r->record++;
    k = scan_row(r);
    if (k < 0) {
        row->record = r->record;
        row->line = r->row_line;
        if (err)
            *err = r->fail_e;
        return r->fail_st;
    }
    if (k == 0) {
        r->record--;
        r->done = 1;
        gcx_error_clear(err);
        return GCX_OK;
    }
    row->record = r->record;
    row->line = r->row_line;
    row->raw = (const char *)r->buf + r->rs;
    row->raw_len = r->raw_len;
    check_row(r);
    if (r->e.kind != K_NONE)
        return row_error(r, err);
    for (i = 0; i < r->ncols; i++)
        r->ptrs[i] = r->vals + r->voff[i];
    row->fields = r->ptrs;
    row->lens = r->vlen;
    row->nfields = r->ncols;
    gcx_error_clear(err);
    return GCX_OK;
}

int gcx_csv_reader_can_continue(const gcx_csv_reader *r)
{
    return !r->fatal;
}

void gcx_csv_reader_free(gcx_csv_reader *r)
{
    if (r)
        reader_release(r);
}
