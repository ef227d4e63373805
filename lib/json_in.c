/* lib/json_in.c - strict RFC 8259 JSON parser and streaming record reader.
 *
 * One hand-written scanner serves gcx_json_parse (a text in memory) and
 * gcx_json_reader (NDJSON, array, pointer and document layouts over a
 * gcx_input). Nesting uses an explicit heap stack, never C recursion.
 */
#include "internal.h"

/* Decisions the headers leave open:
 * - Columns count code points (UTF-8 characters) from 1; a tab is 1.
 * - err->path is a JSON Pointer relative to the record while inside one,
 *   else (the parts a pointer layout skips, the array around records,
 *   trailing content) relative to the document; err->record is then 0,
 *   as it is for gcx_json_parse.
 * - NDJSON is strict: a record must sit on one line (a line feed inside a
 *   value is "found end of line"); a CR before the LF is whitespace.
 * - When several errors apply, the first in document order wins: a
 *   string, number or record that grew past its limit before a later
 *   syntax error is reported as GCX_E_LIMIT, however the input was cut.
 * - A byte order mark is GCX_E_INVALID; valid UTF-8 outside strings (a
 *   stray letter) is GCX_E_SYNTAX, invalid UTF-8 anywhere GCX_E_INVALID.
 * - Pointer layout: duplicate keys are checked in skipped objects too;
 *   with allow_duplicate_keys the first member of a name is followed.
 */

#include <stdio.h>

#include <gcx/io.h>
#include <gcx/json.h>
#include <gcx/json_in.h>

typedef unsigned char uchar;

/* Bytes asked of the input per read; the window grows past it only to
 * hold one record (or one token outside records) that does not fit. */
#define JP_CHUNK ((size_t)256 << 10)
/* Objects with more members than this check duplicates with a hash
 * table instead of a linear scan. */
#define JP_DUP_LINEAR 16

#define JP_EOF (-1)
#define JP_ERR (-2)

/* What a value is to the parser: built into the arena, validated only,
 * the start of a record, or a container on the way to the pointer. */
enum { R_BUILD, R_SKIP, R_RECORD, R_PATH, R_TARGET };
/* Frame modes. */
enum { FR_BUILD, FR_SKIP, FR_PATH, FR_TARGET };
/* String scan modes. */
enum { S_VALUE, S_KEY, S_SKIP };
/* Results of jp_run. */
enum { RUN_ERR, RUN_RECORD, RUN_ROOT };

/* One open array or object. */
typedef struct jframe {
    uchar kind;          /* '[' or '{' */
    uchar mode;          /* FR_* */
    uchar pending;       /* item count-1 / last key is being parsed */
    uchar match;         /* FR_PATH: the pending member is on the path */
    uchar found;         /* FR_PATH: the path member was seen */
    size_t count;        /* items or members so far (with the pending) */
    size_t ent_base;     /* first entry of this frame in ents */
    size_t key_base;     /* keys.len when the frame opened */
    unsigned long line;  /* where the container starts */
    unsigned long col;
    size_t *tab;         /* duplicate-key hash (indices + 1), kept for */
    size_t tab_alloc;    /* reuse by later frames at this depth */
    size_t tab_size;     /* 0: not in use for this frame */
} jframe;

/* A member key (objects) and/or a built value (FR_BUILD frames). */
typedef struct jent {
    gcx_json *v;
    size_t koff;         /* key bytes at keys.data + koff */
    size_t klen;
    size_t h;            /* key hash, set once the frame uses tab */
} jent;

/* One RFC 6901 reference token. */
typedef struct jtok {
    char *s;
    size_t len;
    size_t idx;          /* array index, or SIZE_MAX when not an index */
} jtok;

typedef struct jp {
    /* The window: bytes [buf, end) of the input; p is the scan position.
     * Everything from mark on is kept when the window is refilled. */
    uchar *buf;
    size_t cap;
    const uchar *p, *end, *mark;
    int eof;
    gcx_input *in;
    /* Position. Columns count code points (not bytes) from 1: the byte
     * offset in the line less the UTF-8 continuation bytes before it,
     * which the string scanner counts (they occur only in strings). */
    unsigned long line;
    unsigned long long buf_off;  /* input offset of buf[0] */
    unsigned long long line_off; /* input offset where the line starts */
    unsigned long long ncont;    /* continuation bytes on it so far */
    /* The record being parsed. */
    int in_record;
    int rec_open;                /* the record's value has not ended */
    const uchar *rec_start;
    unsigned long rec_line, rec_col;
    size_t rec_depth;            /* frames below the record's root */
    unsigned long long record;
    int nl_stop;                 /* NDJSON: a line feed ends the record */
    int is_parse;                /* gcx_json_parse: no record numbers */
    int root_role;
    int resume;                  /* jp_run continues after a record */
    /* Stacks. */
    jframe *fr;
    size_t nfr, frcap;
    jent *ents;
    size_t nents, entcap;
    gcx_buf keys;                /* keys of the open objects */
    gcx_buf scratch;             /* a string with escapes, decoded */
    /* Options and output. */
    gcx_json_parse_options opt;
    const char *name;
    gcx_arena *arena;
    jtok *toks;
    size_t ntoks;
    const char *pointer;         /* for messages; NULL: array layout */
    gcx_status st;
    gcx_error e;
} jp;

struct gcx_json_reader {
    jp P;
    gcx_json_layout layout;      /* resolved once AUTO has looked */
    int done;
    int failed;
    int resync;                  /* NDJSON: skip the rest of a bad line */
    char *pointer;
    gcx_status fail_st;
};

/* Bytes that end a plain run inside a string. */
static const uchar str_stop[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
};

#define IS_DIGIT(c) ((unsigned)(c) - '0' < 10u)

/* ------------------------------------------------------------ options */

gcx_json_parse_options gcx_json_parse_options_default(void)
{
    gcx_json_parse_options o;

    o.allow_duplicate_keys = 0;
    o.limits = gcx_limits_default();
    return o;
}

gcx_json_reader_options gcx_json_reader_options_default(void)
{
    gcx_json_reader_options o;

    o.layout = GCX_JSON_LAYOUT_AUTO;
    o.pointer = NULL;
    o.parse = gcx_json_parse_options_default();
    return o;
}

/* ---------------------------------------------------------- positions */

/* jp_col: the column (in code points, from 1) of q on the current line,
 * q being at or before the scan position. */
static unsigned long jp_col(const jp *P, const uchar *q)
{
    return (unsigned long)(P->buf_off + (size_t)(q - P->buf) - P->line_off
                           - P->ncont + 1);
}

/* jp_path: the JSON Pointer of the member being parsed, relative to the
 * record while in one, else to the document. */
static void jp_path(const jp *P, char *out, size_t size)
{
    size_t i, n = 0, k;
    char num[32];

    out[0] = '\0';
    for (i = P->in_record ? P->rec_depth : 0; i < P->nfr; i++) {
        const jframe *F = &P->fr[i];

        if (!F->pending || F->count == 0)
            break;
        if (n + 2 >= size)
            break;
        out[n++] = '/';
        if (F->kind == '[') {
            snprintf(num, sizeof num, "%zu", F->count - 1);
            for (k = 0; num[k] && n + 1 < size; k++)
                out[n++] = num[k];
        } else {
            const jent *E = &P->ents[F->ent_base + F->count - 1];
            const char *key = P->keys.data + E->koff;

            for (k = 0; k < E->klen && n + 3 < size; k++) {
                if (key[k] == '~' || key[k] == '/') {
                    out[n++] = '~';
                    out[n++] = key[k] == '~' ? '0' : '1';
                } else if (key[k] != '\0') {
                    out[n++] = key[k];
                }
            }
        }
        out[n] = '\0';
    }
}

/* jp_over_record: 1 when the open record already passed its limit at
 * the scan position. Errors are reported in document order: a record
 * that grew too long before a later error is reported as too long,
 * whether the window or the end of the record noticed it first. */
static int jp_over_record(const jp *P)
{
    return P->in_record && P->rec_open &&
           (size_t)(P->p - P->rec_start) > P->opt.limits.max_record_bytes;
}

/* jp_failv: record an error at line, col (col 0: at P->p). */
static gcx_status jp_failv(jp *P, gcx_status st, unsigned long line,
                           unsigned long col, const char *fmt, va_list ap)
{
    char path[GCX_ERROR_PATH_MAX];

    gcx_error_clear(&P->e);
    if (st != GCX_E_NOMEM && jp_over_record(P)) {
        st = gcx_error_set(&P->e, GCX_E_LIMIT, "record longer than %zu "
                           "bytes (max_record_bytes)",
                           P->opt.limits.max_record_bytes);
        line = P->rec_line;
        col = P->rec_col;
        path[0] = '\0';
    } else {
        if (col == 0) {
            line = P->line;
            col = jp_col(P, P->p);
        }
        gcx_error_setv(&P->e, st, fmt, ap);
        jp_path(P, path, sizeof path);
    }
    gcx_error_at(&P->e, P->name, line, col);
    if (!P->is_parse && P->in_record)
        P->e.record = P->record;
    gcx_error_set_path(&P->e, path);
    P->st = st;
    return st;
}

#if defined(__GNUC__)
#define JP_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define JP_PRINTF(a, b)
#endif

static gcx_status jp_fail(jp *P, gcx_status st, const char *fmt, ...)
    JP_PRINTF(3, 4);
static gcx_status jp_fail_at(jp *P, gcx_status st, unsigned long line,
                             unsigned long col, const char *fmt, ...)
    JP_PRINTF(5, 6);

/* jp_fail: record an error at the scan position P->p; returns st. */
static gcx_status jp_fail(jp *P, gcx_status st, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    jp_failv(P, st, 0, 0, fmt, ap);
    va_end(ap);
    return st;
}

/* jp_fail_at: record an error at a remembered line and column. */
static gcx_status jp_fail_at(jp *P, gcx_status st, unsigned long line,
                             unsigned long col, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    jp_failv(P, st, line, col ? col : 1, fmt, ap);
    va_end(ap);
    return st;
}

static gcx_status jp_nomem(jp *P)
{
    return jp_fail(P, GCX_E_NOMEM, "out of memory");
}

/* ------------------------------------------------------------- window */

/* jp_more: read more input into the window. p (and *tokp when given)
 * are window pointers moved along if the window moves. Returns bytes
 * added, 0 at end of input, -1 on error (P->st set). */
static long jp_more(jp *P, const uchar **pp, const uchar **tokp)
{
    const uchar *p = *pp;
    size_t o_p, o_tok = 0, o_rec = 0, sh, used, ncap;
    size_t got = 0;
    uchar *nb;
    gcx_status st;

    if (P->eof)
        return 0;
    /* a limit passed before p is the first error (strings stop at their
     * limit themselves, so only a number can be over here) */
    if (tokp && (size_t)(p - *tokp) > P->opt.limits.max_string_bytes) {
        P->p = *tokp + P->opt.limits.max_string_bytes;
        return jp_fail_at(P, GCX_E_LIMIT, P->line, jp_col(P, *tokp),
                          "number longer than %zu bytes (max_string_bytes)",
                          P->opt.limits.max_string_bytes), -1;
    }
    if (P->in_record && P->rec_open &&
        (size_t)(p - P->rec_start) > P->opt.limits.max_record_bytes) {
        P->p = p;
        return jp_fail(P, GCX_E_LIMIT, "record too long"), -1;
    }
    if (!P->in_record)
        P->mark = tokp ? *tokp : p;
    /* keep [mark, end): slide it to the front, grow if short of room */
    sh = (size_t)(P->mark - P->buf);
    o_p = (size_t)(p - P->mark);
    if (tokp)
        o_tok = (size_t)(*tokp - P->mark);
    if (P->in_record)
        o_rec = (size_t)(P->rec_start - P->mark);
    used = (size_t)(P->end - P->mark);
    if (sh)
        memmove(P->buf, P->mark, used);
    nb = P->buf;
    if (P->cap - used < JP_CHUNK / 2) {
        ncap = P->cap * 2;
        if (ncap < used + JP_CHUNK)
            ncap = used + JP_CHUNK;
        nb = gcx_realloc(P->buf, ncap);
        if (nb) {
            P->buf = nb;
            P->cap = ncap;
        }
    }
    *pp = P->buf + o_p;
    if (tokp)
        *tokp = P->buf + o_tok;
    if (P->in_record)
        P->rec_start = P->buf + o_rec;
    P->buf_off += sh;
    P->mark = P->buf;
    P->end = P->buf + used;
    if (!nb) {
        P->p = *pp;
        return jp_nomem(P), -1;
    }
    st = gcx_input_read(P->in, P->buf + used, P->cap - used, &got, &P->e);
    if (st) {
        P->st = st;
        if (!P->is_parse && P->in_record)
            P->e.record = P->record;
        return -1;
    }
    if (got == 0) {
        P->eof = 1;
        return 0;
    }
    P->end += got;
    return (long)got;
}

/* jp_ensure: make n bytes available at P->p if the input has them.
 * Returns the bytes available (may be fewer at the end), -1 on error. */
static long jp_ensure(jp *P, size_t n)
{
    long r;

    while ((size_t)(P->end - P->p) < n) {
        r = jp_more(P, &P->p, NULL);
        if (r < 0)
            return -1;
        if (r == 0)
            break;
    }
    return (long)(P->end - P->p);
}

/* jp_ws_slow: skip whitespace; returns the next byte (not consumed),
 * JP_EOF or JP_ERR. With nl_stop a line feed is returned, not skipped. */
static int jp_ws_slow(jp *P)
{
    const uchar *p = P->p, *e = P->end;
    long r;

    for (;;) {
        while (p < e) {
            uchar c = *p;

            if (c == ' ' || c == '\t' || c == '\r') {
                p++;
            } else if (c == '\n' && !P->nl_stop) {
                p++;
                P->line++;
                P->line_off = P->buf_off + (size_t)(p - P->buf);
                P->ncont = 0;
            } else {
                P->p = p;
                return c;
            }
        }
        P->p = p;
        r = jp_more(P, &P->p, NULL);
        if (r < 0)
            return JP_ERR;
        if (r == 0)
            return JP_EOF;
        p = P->p;
        e = P->end;
    }
}

/* jp_ws: jp_ws_slow, with the common case (no whitespace) inline. */
static inline int jp_ws(jp *P)
{
    if (GCXI_LIKELY(P->p < P->end) && *P->p > ' ')
        return *P->p;
    return jp_ws_slow(P);
}

/* ----------------------------------------------------------- messages */

/* seq_len: the length a UTF-8 sequence with lead byte c claims. */
static size_t seq_len(uchar c)
{
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
}

/* seq_short: 1 when the sequence at p (e - p bytes available) might be
 * completed by more input: it is short and all that is there fits. */
static int seq_short(const uchar *p, const uchar *e)
{
    const uchar *q;

    if ((size_t)(e - p) >= seq_len(*p))
        return 0;
    for (q = p + 1; q < e; q++)
        if ((*q & 0xC0) != 0x80)
            return 0;
    return 1;
}

/* utf8_reason: why the sequence at s (n bytes available) is not UTF-8. */
static const char *utf8_reason(const uchar *s, size_t n)
{
    uchar c = s[0];

    if (c >= 0x80 && c <= 0xBF)
        return "unexpected continuation byte";
    if (c == 0xC0 || c == 0xC1)
        return "overlong encoding";
    if (c >= 0xF5)
        return "byte never used in UTF-8";
    if (n >= 2 && (s[1] & 0xC0) == 0x80) {
        if (c == 0xE0 && s[1] < 0xA0)
            return "overlong encoding";
        if (c == 0xF0 && s[1] < 0x90)
            return "overlong encoding";
        if (c == 0xED && s[1] >= 0xA0)
            return "encoded surrogate";
        if (c == 0xF4 && s[1] >= 0x90)
            return "code point above U+10FFFF";
    }
    return "truncated sequence";
}

static gcx_status jp_bad_utf8(jp *P)
{
    size_t n = (size_t)(P->end - P->p);

    return jp_fail(P, GCX_E_INVALID, "invalid UTF-8: %s (byte 0x%02X)",
                   utf8_reason(P->p, n), P->p[0]);
}

/* jp_unexpected: "expected WHAT, found X" at q; invalid UTF-8 and a
 * byte order mark found there are GCX_E_INVALID instead. */
static gcx_status jp_unexpected(jp *P, const uchar *q, const char *what)
{
    char f[64];
    long avail;
    uint32_t cp;
    size_t n;
    uchar c;

    P->p = q;
    avail = jp_ensure(P, 1);
    if (avail > 0 && P->p[0] >= 0x80)
        while (avail >= 0 && seq_short(P->p, P->end) &&
               jp_more(P, &P->p, NULL) > 0)
            avail = (long)(P->end - P->p);
    if (avail < 0 || P->st)
        return P->st;
    if (avail == 0) {
        snprintf(f, sizeof f, "end of input");
    } else if ((c = P->p[0]) == '\n') {
        snprintf(f, sizeof f, "end of line");
    } else if (c == ' ') {
        snprintf(f, sizeof f, "space");
    } else if (c > ' ' && c < 0x7F) {
        snprintf(f, sizeof f, "'%c'", c);
    } else if (c < 0x80) {
        snprintf(f, sizeof f, "control character U+%04X", c);
    } else {
        n = gcxi_utf8_check(P->p, (size_t)avail, &cp);
        if (!n)
            return jp_bad_utf8(P);
        if (cp == 0xFEFF)
            return jp_fail(P, GCX_E_INVALID, "byte order mark not allowed");
        snprintf(f, sizeof f, "'%.*s' (U+%04lX)", (int)n,
                 (const char *)P->p, (unsigned long)cp);
    }
    return jp_fail(P, GCX_E_SYNTAX, "expected %s, found %s", what, f);
}

/* key_show: key as a quoted-string body for messages (truncated). */
static void key_show(const char *k, size_t len, char *out, size_t size)
{
    size_t i, n = 0;

    for (i = 0; i < len && n + 8 < size; i++) {
        uchar c = (uchar)k[i];

        if (c == '"' || c == '\\') {
            out[n++] = '\\';
            out[n++] = (char)c;
        } else if (c < 0x20) {
            n += (size_t)snprintf(out + n, size - n, "\\u%04X", c);
        } else {
            out[n++] = (char)c;
        }
    }
    if (i < len && n + 4 <= size) {
        memcpy(out + n, "...", 3);
        n += 3;
    }
    out[n] = '\0';
}

/* ------------------------------------------------------------ strings */

static int hexval(uchar c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* hex4: the value of 4 hex digits at s, or -1 - (index of the first bad
 * one) (avail: bytes available at s). */
static long hex4(const uchar *s, long avail)
{
    long v = 0;
    int i, h;

    for (i = 0; i < 4; i++) {
        if (i >= avail || (h = hexval(s[i])) < 0)
            return -1 - i;
        v = v * 16 + h;
    }
    return v;
}

/* jp_put: append n decoded bytes to the destination of a string scan. */
static gcx_status jp_put(jp *P, int mode, const void *s, size_t n,
                         size_t *len)
{
    gcx_status st = GCX_OK;

    if (mode == S_KEY && GCXI_LIKELY(P->keys.cap - P->keys.len > n)) {
        memcpy(P->keys.data + P->keys.len, s, n);
        P->keys.len += n;
        P->keys.data[P->keys.len] = '\0';
        *len += n;
        return GCX_OK;
    }
    if (mode == S_KEY)
        st = gcx_buf_append(&P->keys, s, n);
    else if (mode == S_VALUE)
        st = gcx_buf_append(&P->scratch, s, n);
    *len += n;
    if (st == GCX_E_LIMIT)
        return jp_fail(P, st, "string too long");
    if (st)
        return jp_nomem(P);
    return GCX_OK;
}

/* jp_escape: decode the escape at P->p (a backslash) into the string's
 * destination; *start: where it began (the window may have moved). */
static gcx_status jp_escape(jp *P, int mode, size_t *len,
                            const uchar **start)
{
    long avail = jp_ensure(P, 2);
    const uchar *p;
    uchar out[4];
    long hi, lo;
    size_t n;
    char c;

    if (avail < 0)
        return P->st;
    p = P->p;
    if (avail < 2)
        return jp_unexpected(P, p + 1, "escape character after '\\'");
    switch (p[1]) {
    case '"': c = '"'; break;
    case '\\': c = '\\'; break;
    case '/': c = '/'; break;
    case 'b': c = '\b'; break;
    case 'f': c = '\f'; break;
    case 'n': c = '\n'; break;
    case 'r': c = '\r'; break;
    case 't': c = '\t'; break;
    case 'u':
        avail = jp_ensure(P, 6);
        if (avail < 0)
            return P->st;
        p = P->p;
        hi = hex4(p + 2, avail - 2);
        if (hi < 0)
            return jp_unexpected(P, p + 2 + (-1 - hi),
                                 "4 hex digits after '\\u'");
        if (hi >= 0xDC00 && hi <= 0xDFFF)
            return jp_fail(P, GCX_E_INVALID, "lone low surrogate \\u%04lX "
                           "(not after a high surrogate)", hi);
        if (hi >= 0xD800 && hi <= 0xDBFF) {
            /* ask for the low half only when it can be there */
            avail = jp_ensure(P, 8);
            if (avail >= 8 && P->p[6] == '\\' && P->p[7] == 'u')
                avail = jp_ensure(P, 12);
            if (avail < 0)
                return P->st;
            p = P->p;
            if (avail < 8 || p[6] != '\\' || p[7] != 'u')
                return jp_fail(P, GCX_E_INVALID, "lone high surrogate "
                               "\\u%04lX (not followed by a low surrogate)",
                               hi);
            lo = hex4(p + 8, avail - 8);
            if (lo < 0)
                return jp_unexpected(P, p + 8 + (-1 - lo),
                                     "4 hex digits after '\\u'");
            if (lo < 0xDC00 || lo > 0xDFFF)
                return jp_fail(P, GCX_E_INVALID, "lone high surrogate "
                               "\\u%04lX (followed by \\u%04lX, not a low "
                               "surrogate)", hi, lo);
            hi = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
            P->p += 6;
        }
        *start = p;
        n = gcxi_utf8_encode((uint32_t)hi, out);
        P->p += 6;
        return jp_put(P, mode, out, n, len);
    default:
        if (p[1] < 0x80 && p[1] >= 0x20)
            return jp_fail(P, GCX_E_SYNTAX, "invalid escape '\\%c' in "
                           "string", p[1]);
        return jp_unexpected(P, p + 1, "escape character after '\\'");
    }
    *start = p;
    P->p += 2;
    return jp_put(P, mode, &c, 1, len);
}

/* The decoded length of the string so far, p being the scan position. */
#define STR_SO_FAR() (esc ? n + (size_t)(p - run) : (size_t)(p - s0))

/* jp_string: scan the string whose quote is at P->p. S_VALUE builds a
 * string value into *out; S_KEY appends the decoded key to keys (its
 * length in *len); S_SKIP only validates. line/col: where it starts.
 * The scan stops at the exact byte where the string passes
 * max_string_bytes, so the error found first does not depend on where
 * the input was cut into chunks. */
static gcx_status jp_string(jp *P, int mode, gcx_json **out, size_t *len,
                            unsigned long line, unsigned long col)
{
    const uchar *p = P->p + 1, *e = P->end, *s0 = p, *run = p, *lim, *at = p;
    size_t max = P->opt.limits.max_string_bytes, n = 0;
    size_t nc = 0;              /* continuation bytes not yet in ncont */
    int esc = mode != S_VALUE;  /* content goes to the destination */
    gcx_status st;
    uint32_t cp;
    size_t k, room;
    long r;
    uchar c;

    for (;;) {
        /* invariant: STR_SO_FAR() <= max */
        room = max - STR_SO_FAR();
        lim = room < (size_t)(e - p) ? p + room : e;
        while (p < lim && !str_stop[*p])
            p++;
        if (p < e) {
            c = *p;
            if (c == '"')
                break;
            if (!str_stop[c]) {
                at = p;         /* this byte would pass the limit */
                goto too_long;
            }
            if (c >= 0x80) {
                at = p;
                if (c >= 0xC2 && c <= 0xDF && e - p >= 2 &&
                    (p[1] & 0xC0) == 0x80) {
                    p += 2;
                    nc++;
                } else if (P->eof || !seq_short(p, e)) {
                    k = gcxi_utf8_check(p, (size_t)(e - p), &cp);
                    if (!k) {
                        P->p = p;
                        P->ncont += nc;
                        return jp_bad_utf8(P);
                    }
                    p += k;
                    nc += k - 1;
                } else {
                    goto more;  /* a sequence cut by the window's end */
                }
                if (STR_SO_FAR() > max)
                    goto too_long;
                continue;
            }
            if (c == '\\') {
                P->p = p;
                P->ncont += nc;
                nc = 0;
                if (!esc) {
                    /* the plain prefix moves to scratch */
                    gcx_buf_reset(&P->scratch);
                    n = 0;
                    st = jp_put(P, mode, s0, (size_t)(p - s0), &n);
                    if (st)
                        return st;
                    esc = 1;
                } else if (p > run &&
                           (st = jp_put(P, mode, run, (size_t)(p - run),
                                        &n))) {
                    return st;
                }
                if ((st = jp_escape(P, mode, &n, &at)))
                    return st;
                p = run = P->p;
                e = P->end;
                if (n > max)
                    goto too_long;
                continue;
            }
            P->p = p;
            P->ncont += nc;
            if (c == '\n')
                return jp_fail(P, GCX_E_SYNTAX, "end of line inside string "
                               "(a line feed must be escaped as \\n)");
            return jp_fail(P, GCX_E_SYNTAX, "raw control character U+%04X "
                           "in string (must be escaped)", c);
        }
    more:
        /* more input is needed at p: flush the run first */
        P->p = p;
        P->ncont += nc;
        nc = 0;
        if (esc && p > run &&
            (st = jp_put(P, mode, run, (size_t)(p - run), &n)))
            return st;
        r = jp_more(P, &p, esc ? NULL : &s0);
        if (r < 0)
            return P->st;
        if (r == 0 && p == P->end)
            return jp_unexpected(P, p, "'\"' to end the string");
        e = P->end;
        run = p;
    }
    /* the closing quote is at p */
    P->p = p;
    P->ncont += nc;
    if (esc) {
        if (p > run && (st = jp_put(P, mode, run, (size_t)(p - run), &n)))
            return st;
    } else {
        n = (size_t)(p - s0);
    }
    P->p = p + 1;
    *len = n;
    if (mode == S_VALUE) {
        *out = gcx_json_new_string(P->arena, esc ? P->scratch.data
                                   : (const char *)s0, n);
        if (!*out)
            return jp_nomem(P);
    }
    return GCX_OK;

too_long:
    /* at: where the string passed the limit (a later error never wins) */
    P->p = at;
    P->ncont += nc;
    return jp_fail_at(P, GCX_E_LIMIT, line, col, "string longer than %zu "
                      "bytes (max_string_bytes)", max);
}
#undef STR_SO_FAR

/* ------------------------------------------------------------ numbers */

/* jp_peek: the byte at *pp, reading more if needed; JP_EOF, JP_ERR. */
static int jp_peek(jp *P, const uchar **pp, const uchar **sp)
{
    long r;

    if (*pp < P->end)
        return **pp;
    r = jp_more(P, pp, sp);
    if (r < 0)
        return JP_ERR;
    if (r == 0)
        return JP_EOF;
    return **pp;
}

/* jp_digits: skip [0-9]* at *pp; returns the byte after them. */
static int jp_digits(jp *P, const uchar **pp, const uchar **sp)
{
    const uchar *p = *pp;
    long r;

    for (;;) {
        const uchar *e = P->end;

        while (p < e && IS_DIGIT(*p))
            p++;
        if (p < e) {
            *pp = p;
            return *p;
        }
        r = jp_more(P, &p, sp);
        *pp = p;
        if (r < 0)
            return JP_ERR;
        if (r == 0)
            return JP_EOF;
    }
}

/* jp_number: scan the number at P->p; builds *out unless out is NULL.
 * The text is kept exactly as written. */
static gcx_status jp_number(jp *P, gcx_json **out, unsigned long line,
                            unsigned long col)
{
    const uchar *s = P->p, *p = s;
    size_t len, max = P->opt.limits.max_string_bytes;
    int c = *p;

    if (c == '-') {
        p++;
        c = jp_peek(P, &p, &s);
    }
    if (c == '0') {
        p++;
        c = jp_peek(P, &p, &s);
        if (IS_DIGIT(c)) {
            P->p = p;
            if ((size_t)(p - s) > max)
                goto too_long;
            return jp_fail(P, GCX_E_SYNTAX, "leading zero in number "
                           "(found '%c' after '0')", c);
        }
    } else if (IS_DIGIT(c)) {
        p++;
        c = jp_digits(P, &p, &s);
    } else {
        if (c == JP_ERR)
            return P->st;
        return jp_unexpected(P, p, "digit after '-'");
    }
    if (c == '.') {
        p++;
        c = jp_peek(P, &p, &s);
        if (!IS_DIGIT(c)) {
            if (c == JP_ERR)
                return P->st;
            if ((size_t)(p - s) > max)
                goto too_long;
            return jp_unexpected(P, p, "digit after '.' in number");
        }
        c = jp_digits(P, &p, &s);
    }
    if (c == 'e' || c == 'E') {
        p++;
        c = jp_peek(P, &p, &s);
        if (c == '+' || c == '-') {
            p++;
            c = jp_peek(P, &p, &s);
        }
        if (!IS_DIGIT(c)) {
            if (c == JP_ERR)
                return P->st;
            if ((size_t)(p - s) > max)
                goto too_long;
            return jp_unexpected(P, p, "digit in exponent");
        }
        c = jp_digits(P, &p, &s);
    }
    if (c == JP_ERR)
        return P->st;
    P->p = p;
    len = (size_t)(p - s);
    if (len > max)
        goto too_long;
    if (out) {
        *out = gcx_json_new_number(P->arena, (const char *)s, len);
        if (!*out)
            return jp_nomem(P);
    }
    return GCX_OK;

too_long:
    /* the byte that passed the limit (s may have moved with the window,
     * so P->p is stale until set here) */
    P->p = s + max;
    return jp_fail_at(P, GCX_E_LIMIT, line, col, "number longer than %zu "
                      "bytes (max_string_bytes)", max);
}

/* jp_literal: true, false or null at P->p. */
static gcx_status jp_literal(jp *P, gcx_json **out)
{
    const char *lit;
    size_t len, i;
    long avail;
    char what[16];

    lit = *P->p == 't' ? "true" : *P->p == 'f' ? "false" : "null";
    len = strlen(lit);
    for (;;) {
        avail = (long)(P->end - P->p);
        for (i = 0; i < len && i < (size_t)avail; i++)
            if (P->p[i] != (uchar)lit[i])
                break;
        if (i == len || i < (size_t)avail)
            break;
        /* all there matches: read more, unless at the end */
        avail = jp_more(P, &P->p, NULL);
        if (avail < 0)
            return P->st;
        if (avail == 0)
            break;
    }
    if (i < len) {
        snprintf(what, sizeof what, "'%s'", lit);
        return jp_unexpected(P, P->p + i, what);
    }
    P->p += len;
    if (out) {
        if (lit[0] == 'n')
            *out = gcx_json_new_null(P->arena);
        else
            *out = gcx_json_new_bool(P->arena, lit[0] == 't');
        if (!*out)
            return jp_nomem(P);
    }
    return GCX_OK;
}

/* ------------------------------------------------------------- stacks */

static gcx_status jp_push(jp *P, uchar kind, int mode)
{
    jframe *F;

    if (P->nfr >= P->opt.limits.max_depth)
        return jp_fail(P, GCX_E_LIMIT, "nesting deeper than %u levels "
                       "(max_depth)", P->opt.limits.max_depth);
    if (P->nfr == P->frcap) {
        size_t ncap = P->frcap ? P->frcap * 2 : 32;
        jframe *nf = gcx_realloc(P->fr, ncap * sizeof *nf);

        if (!nf)
            return jp_nomem(P);
        memset(nf + P->frcap, 0, (ncap - P->frcap) * sizeof *nf);
        P->fr = nf;
        P->frcap = ncap;
    }
    F = &P->fr[P->nfr++];
    F->kind = kind;
    F->mode = (uchar)mode;
    F->pending = 0;
    F->match = 0;
    F->found = 0;
    F->count = 0;
    F->ent_base = P->nents;
    F->key_base = P->keys.len;
    F->tab_size = 0;
    if (mode == FR_BUILD) {
        F->line = P->line;
        F->col = jp_col(P, P->p);
    }
    return GCX_OK;
}

static void jp_keys_truncate(jp *P, size_t len)
{
    P->keys.len = len;
    if (P->keys.cap)
        P->keys.data[len] = '\0';
}

static void jp_pop(jp *P)
{
    jframe *F = &P->fr[--P->nfr];

    P->nents = F->ent_base;
    jp_keys_truncate(P, F->key_base);
}

static jent *jp_ent(jp *P)
{
    if (P->nents == P->entcap) {
        size_t ncap = P->entcap ? P->entcap * 2 : 256;
        jent *ne = gcx_realloc(P->ents, ncap * sizeof *ne);

        if (!ne)
            return NULL;
        P->ents = ne;
        P->entcap = ncap;
    }
    return &P->ents[P->nents++];
}

static size_t key_hash(const char *k, size_t n)
{
    size_t h = (size_t)14695981039346656037ULL;
    size_t i;

    for (i = 0; i < n; i++)
        h = (h ^ (uchar)k[i]) * (size_t)1099511628211ULL;
    return h ^ (h >> 29);
}

/* jp_tab_insert: add entry i (frame-relative) to F's table; 1 when an
 * equal key is already there. */
static int jp_tab_insert(jp *P, jframe *F, size_t i)
{
    const jent *E = &P->ents[F->ent_base + i];
    const char *kd = P->keys.data;
    size_t mask = F->tab_size - 1, j = E->h & mask;

    while (F->tab[j]) {
        const jent *O = &P->ents[F->ent_base + F->tab[j] - 1];

        if (O->h == E->h && O->klen == E->klen &&
            memcmp(kd + O->koff, kd + E->koff, E->klen) == 0)
            return 1;
        j = (j + 1) & mask;
    }
    F->tab[j] = i + 1;
    return 0;
}

/* jp_tab_build: (re)build F's table with room for twice count keys. */
static gcx_status jp_tab_build(jp *P, jframe *F)
{
    size_t size = 64, i;

    while (size < F->count * 2)
        size *= 2;
    if (size > F->tab_alloc) {
        size_t *nt = gcx_realloc(F->tab, size * sizeof *nt);

        if (!nt)
            return jp_nomem(P);
        F->tab = nt;
        F->tab_alloc = size;
    }
    if (F->tab_size == 0)
        for (i = 0; i + 1 < F->count; i++) {
            jent *E = &P->ents[F->ent_base + i];

            E->h = key_hash(P->keys.data + E->koff, E->klen);
        }
    F->tab_size = size;
    memset(F->tab, 0, size * sizeof *F->tab);
    for (i = 0; i + 1 < F->count; i++)
        jp_tab_insert(P, F, i);
    return GCX_OK;
}

/* jp_dup: 1 when the newest key of F repeats an earlier one. */
static int jp_dup(jp *P, jframe *F)
{
    size_t i, last = F->ent_base + F->count - 1;
    jent *E = &P->ents[last];
    const char *kd = P->keys.data, *k = kd + E->koff;

    if (F->count <= JP_DUP_LINEAR) {
        for (i = F->ent_base; i < last; i++)
            if (P->ents[i].klen == E->klen &&
                memcmp(kd + P->ents[i].koff, k, E->klen) == 0)
                return 1;
        return 0;
    }
    if (F->tab_size == 0 || F->count * 2 > F->tab_size) {
        if (jp_tab_build(P, F))
            return -1;
    }
    E->h = key_hash(k, E->klen);
    return jp_tab_insert(P, F, F->count - 1);
}

/* jp_close_build: turn the top frame's entries into a value. */
static gcx_json *jp_close_build(jp *P)
{
    jframe *F = &P->fr[P->nfr - 1];
    size_t n = P->nents - F->ent_base, i;
    jent *E = n ? &P->ents[F->ent_base] : NULL;
    gcx_json *v;

    if (F->kind == '[') {
        v = gcx_json_new_array(P->arena, n);
        if (!v)
            return NULL;
        for (i = 0; i < n; i++)
            if (gcx_json_array_push(P->arena, v, E[i].v))
                return NULL;
    } else {
        v = gcx_json_new_object(P->arena, n);
        if (!v)
            return NULL;
        for (i = 0; i < n; i++)
            if (gcx_json_object_put(P->arena, v, P->keys.data + E[i].koff,
                                    E[i].klen, E[i].v))
                return NULL;
    }
    v->line = F->line;
    v->column = F->col;
    return v;
}

/* ------------------------------------------------------------- parser */

/* jp_pointer_fail: the pointer (or array layout) found no array. */
static gcx_status jp_pointer_fail(jp *P)
{
    if (!P->pointer)
        return jp_fail(P, GCX_E_INVALID, "top-level value is not an array "
                       "(array layout)");
    return jp_fail(P, GCX_E_INVALID, "pointer %s does not lead to an array",
                   P->pointer);
}

static void jp_record_begin(jp *P)
{
    P->in_record = 1;
    P->rec_open = 1;
    P->rec_start = P->mark = P->p;
    P->rec_line = P->line;
    P->rec_col = jp_col(P, P->p);
    P->rec_depth = P->nfr;
    P->record++;
}

/* jp_record_end: the record's value ended at P->p. */
static gcx_status jp_record_end(jp *P)
{
    if (jp_over_record(P))
        return jp_fail(P, GCX_E_LIMIT, "record too long");
    P->rec_open = 0;
    return GCX_OK;
}

static int is_value_start(int c)
{
    return c == '{' || c == '[' || c == '"' || c == '-' || IS_DIGIT(c) ||
           c == 't' || c == 'f' || c == 'n';
}

/* jp_run: the parsing machine. Parses a value at the root role, or, with
 * P->resume, continues after the last record. Returns RUN_RECORD with
 * *out a record (array and pointer layouts), RUN_ROOT when the root value
 * is complete (*out: the value when the root is a record), or RUN_ERR. */
static int jp_run(jp *P, gcx_json **out)
{
    jframe *F;
    gcx_json *v;
    int c, role, build;
    unsigned long line, col;
    size_t klen;

    *out = NULL;
    if (P->resume) {
        P->resume = 0;
        goto after_value;
    }

value:
    /* A value is expected here; its parent is the top frame. */
    c = jp_ws(P);
    if (c == JP_ERR)
        return RUN_ERR;
    if (P->nfr == 0) {
        role = P->root_role;
    } else {
        F = &P->fr[P->nfr - 1];
        if (F->kind == '[') {
            F->count++;
            F->pending = 1;
            if (F->mode == FR_PATH)
                F->match = !F->found && P->toks[P->nfr - 1].idx ==
                           F->count - 1;
        }
        switch (F->mode) {
        case FR_BUILD: role = R_BUILD; break;
        case FR_SKIP: role = R_SKIP; break;
        case FR_TARGET: role = R_RECORD; break;
        default:
            role = !F->match ? R_SKIP
                   : P->nfr == P->ntoks ? R_TARGET : R_PATH;
            break;
        }
    }
    if (role == R_RECORD)
        jp_record_begin(P);
    if (role == R_PATH || role == R_TARGET) {
        if (!(c == '[' || (c == '{' && role == R_PATH))) {
            if (c < 0 || !is_value_start(c))
                goto bad_value;
            jp_pointer_fail(P);
            return RUN_ERR;
        }
        if (P->nfr)
            P->fr[P->nfr - 1].found = 1;
    }
    build = role == R_BUILD || role == R_RECORD;
    line = P->line;
    col = jp_col(P, P->p);
    v = NULL;
    switch (c) {
    case '[':
    case '{':
        if (jp_push(P, (uchar)c, build ? FR_BUILD : role == R_SKIP ? FR_SKIP
                    : role == R_PATH ? FR_PATH : FR_TARGET))
            return RUN_ERR;
        P->p++;
        c = jp_ws(P);
        if (c == JP_ERR)
            return RUN_ERR;
        if (c == (P->fr[P->nfr - 1].kind == '[' ? ']' : '}')) {
            P->p++;
            goto close;
        }
        if (P->fr[P->nfr - 1].kind == '[')
            goto value;
        if (c != '"') {
            jp_unexpected(P, P->p, "string key or '}' after '{'");
            return RUN_ERR;
        }
        goto key;
    case '"':
        if (jp_string(P, build ? S_VALUE : S_SKIP, &v, &klen, line, col))
            return RUN_ERR;
        break;
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
        if (jp_number(P, build ? &v : NULL, line, col))
            return RUN_ERR;
        break;
    case 't':
    case 'f':
    case 'n':
        if (jp_literal(P, build ? &v : NULL))
            return RUN_ERR;
        break;
    default:
        goto bad_value;
    }
    if (v) {
        v->line = line;
        v->column = col;
    }
    goto value_done;

bad_value:
    if (c == JP_EOF)
        jp_unexpected(P, P->end, "value");
    else
        jp_unexpected(P, P->p, "value");
    return RUN_ERR;

key:
    /* P->p is at the quote of a key in the top frame (an object). */
    F = &P->fr[P->nfr - 1];
    {
        jent *E = jp_ent(P);
        size_t koff = P->keys.len;

        /* keys.data must exist even when every key is empty */
        if (!E || (!P->keys.data && gcx_buf_reserve(&P->keys, 1))) {
            jp_nomem(P);
            return RUN_ERR;
        }
        E->v = NULL;
        E->koff = koff;
        E->klen = 0;
        F->count++;
        line = P->line;
        col = jp_col(P, P->p);
        if (jp_string(P, S_KEY, NULL, &klen, line, col))
            return RUN_ERR;
        /* the key buffer may have moved; entries hold offsets */
        E = &P->ents[P->nents - 1];
        E->klen = klen;
        F->pending = 1;
        /* in a record, keys are bounded by the record's size; outside
         * records (skipped parts of a pointer layout) bound them here */
        if (!P->in_record &&
            P->keys.len > P->opt.limits.max_record_bytes) {
            jp_fail_at(P, GCX_E_LIMIT, line, col, "keys of the open objects "
                       "longer than %zu bytes (max_record_bytes)",
                       P->opt.limits.max_record_bytes);
            return RUN_ERR;
        }
        if (!P->opt.allow_duplicate_keys) {
            int d = jp_dup(P, F);

            if (d < 0)
                return RUN_ERR;
            if (d) {
                char shown[80];

                key_show(P->keys.data + koff, klen, shown, sizeof shown);
                jp_fail_at(P, GCX_E_INVALID, line, col,
                           "duplicate key \"%s\"", shown);
                return RUN_ERR;
            }
        }
        if (F->mode == FR_PATH) {
            const jtok *T = &P->toks[P->nfr - 1];

            F->match = !F->found && T->len == klen &&
                       memcmp(T->s, P->keys.data + koff, klen) == 0;
        }
    }
    c = jp_ws(P);
    if (c != ':') {
        if (c != JP_ERR)
            jp_unexpected(P, c == JP_EOF ? P->end : P->p,
                          "':' after object key");
        return RUN_ERR;
    }
    P->p++;
    goto value;

value_done:
    /* A value (v when built) just ended; attach it to its parent. */
    if (P->nfr == 0) {
        if (P->in_record && jp_record_end(P))
            return RUN_ERR;
        *out = v;
        return RUN_ROOT;
    }
    F = &P->fr[P->nfr - 1];
    if (F->mode == FR_BUILD) {
        if (F->kind == '[') {
            jent *E = jp_ent(P);

            if (!E) {
                jp_nomem(P);
                return RUN_ERR;
            }
            E->v = v;
        } else {
            P->ents[P->nents - 1].v = v;
        }
    }
    F->pending = 0;
    F->match = 0;
    if (F->mode == FR_TARGET) {
        if (jp_record_end(P))
            return RUN_ERR;
        P->in_record = 0;
        P->mark = P->p;
        *out = v;
        P->resume = 1;
        return RUN_RECORD;
    }

after_value:
    F = &P->fr[P->nfr - 1];
    c = jp_ws(P);
    if (c == JP_ERR)
        return RUN_ERR;
    if (c == ',') {
        P->p++;
        if (F->kind == '[')
            goto value;
        c = jp_ws(P);
        if (c == '"')
            goto key;
        if (c != JP_ERR)
            jp_unexpected(P, c == JP_EOF ? P->end : P->p,
                          "string key after ','");
        return RUN_ERR;
    }
    if (c == (F->kind == '[' ? ']' : '}')) {
        P->p++;
        goto close;
    }
    jp_unexpected(P, c == JP_EOF ? P->end : P->p, F->kind == '['
                  ? "',' or ']' after array item"
                  : "',' or '}' after object member");
    return RUN_ERR;

close:
    /* The top frame's closing bracket was just consumed. */
    F = &P->fr[P->nfr - 1];
    v = NULL;
    if (F->mode == FR_BUILD) {
        v = jp_close_build(P);
        if (!v) {
            jp_nomem(P);
            return RUN_ERR;
        }
    } else if (F->mode == FR_PATH && !F->found) {
        P->p--;
        jp_pointer_fail(P);
        return RUN_ERR;
    }
    jp_pop(P);
    goto value_done;
}

/* ---------------------------------------------------------- set-up */

static void jp_init(jp *P, const gcx_json_parse_options *opt,
                    const char *name, gcx_arena *a)
{
    memset(P, 0, sizeof *P);
    P->opt = opt ? *opt : gcx_json_parse_options_default();
    P->name = name;
    P->arena = a;
    P->line = 1;
    /* keys in records are bounded by the record; outside them, jp_run
     * checks; a string being decoded by max_string_bytes (jp_string) */
    gcx_buf_init(&P->keys, 0);
    gcx_buf_init(&P->scratch, 0);
    gcx_error_clear(&P->e);
}

static void jp_release(jp *P)
{
    size_t i;

    for (i = 0; i < P->frcap; i++)
        gcx_free(P->fr[i].tab);
    gcx_free(P->fr);
    gcx_free(P->ents);
    gcx_buf_free(&P->keys);
    gcx_buf_free(&P->scratch);
}

/* jp_reset_stacks: forget every open frame (after an error). */
static void jp_reset_stacks(jp *P)
{
    P->nfr = 0;
    P->nents = 0;
    jp_keys_truncate(P, 0);
    P->in_record = 0;
    P->resume = 0;
}

static void jp_copy_error(const jp *P, gcx_error *err)
{
    if (err)
        *err = P->e;
}

gcx_status gcx_json_parse(const char *text, size_t len, const char *name,
                          const gcx_json_parse_options *opt, gcx_arena *a,
                          gcx_json **out, gcx_error *err)
{
    jp P;
    gcx_json *v = NULL;
    int c;

    *out = NULL;
    jp_init(&P, opt, name, a);
    P.is_parse = 1;
    P.eof = 1;
    P.buf = (uchar *)(uintptr_t)(text ? text : "");
    P.p = P.mark = P.buf;
    P.end = P.buf + (text ? len : 0);
    P.root_role = R_RECORD;
    if (jp_run(&P, &v) == RUN_ROOT) {
        c = jp_ws(&P);
        if (c != JP_EOF)
            jp_unexpected(&P, P.p, "end of input after value");
    }
    if (P.st == GCX_OK)
        *out = v;
    jp_copy_error(&P, err);
    jp_release(&P);
    return P.st;
}

/* ------------------------------------------------------------ reader */

/* parse_pointer: split an RFC 6901 pointer into reference tokens. */
static gcx_status parse_pointer(jp *P, const char *ptr, gcx_error *err)
{
    size_t n = 0, i, k;
    const char *s;

    if (*ptr && *ptr != '/')
        return gcx_error_set(err, GCX_E_USAGE, "JSON pointer \"%s\" must "
                             "be empty or start with '/'", ptr);
    for (s = ptr; *s; s++)
        if (*s == '/')
            n++;
        else if (*s == '~' && s[1] != '0' && s[1] != '1')
            return gcx_error_set(err, GCX_E_USAGE, "JSON pointer \"%s\": "
                                 "'~' must be followed by 0 or 1", ptr);
    if (n == 0)
        return GCX_OK;
    P->toks = gcx_calloc(n, sizeof *P->toks);
    if (!P->toks)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    P->ntoks = n;
    s = ptr + 1;
    for (i = 0; i < n; i++) {
        const char *e = strchr(s, '/');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        jtok *T = &P->toks[i];

        T->s = gcx_malloc(len + 1);
        if (!T->s)
            return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
        for (k = 0; k < len; k++) {
            if (s[k] == '~') {
                T->s[T->len++] = s[k + 1] == '0' ? '~' : '/';
                k++;
            } else {
                T->s[T->len++] = s[k];
            }
        }
        T->s[T->len] = '\0';
        T->idx = SIZE_MAX;
        if (T->len > 0 && T->len < 19 && (T->len == 1 || T->s[0] != '0')) {
            size_t v = 0;

            for (k = 0; k < T->len && IS_DIGIT(T->s[k]); k++)
                v = v * 10 + (size_t)(T->s[k] - '0');
            if (k == T->len)
                T->idx = v;
        }
        s += len + 1;
    }
    return GCX_OK;
}

static void reader_release(gcx_json_reader *r)
{
    size_t i;

    for (i = 0; i < r->P.ntoks; i++)
        gcx_free(r->P.toks[i].s);
    gcx_free(r->P.toks);
    gcx_free(r->P.buf);
    gcx_arena_free(r->P.arena);
    jp_release(&r->P);
    gcx_free(r->pointer);
    gcx_free(r);
}

gcx_status gcx_json_reader_new(gcx_json_reader **out, gcx_input *in,
                               const gcx_json_reader_options *opt,
                               gcx_error *err)
{
    gcx_json_reader_options o = opt ? *opt
                                    : gcx_json_reader_options_default();
    gcx_json_reader *r;
    gcx_status st;
    jp *P;

    *out = NULL;
    gcx_error_clear(err);
    if (o.layout == GCX_JSON_LAYOUT_POINTER && !o.pointer)
        return gcx_error_set(err, GCX_E_USAGE, "the pointer layout needs a "
                             "JSON pointer");
    if ((unsigned)o.layout > GCX_JSON_LAYOUT_DOCUMENT)
        return gcx_error_set(err, GCX_E_USAGE, "unknown JSON layout %d",
                             (int)o.layout);
    r = gcx_calloc(1, sizeof *r);
    if (!r)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    P = &r->P;
    jp_init(P, &o.parse, gcx_input_name(in), NULL);
    r->layout = o.layout;
    P->in = in;
    P->arena = gcx_arena_new();
    P->buf = gcx_malloc(JP_CHUNK);
    P->cap = JP_CHUNK;
    if (!P->arena || !P->buf) {
        reader_release(r);
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    }
    P->p = P->end = P->mark = P->buf;
    if (o.layout == GCX_JSON_LAYOUT_POINTER) {
        r->pointer = gcx_strdup(o.pointer);
        if (!r->pointer) {
            reader_release(r);
            return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
        }
        st = parse_pointer(P, o.pointer, err);
        if (st) {
            reader_release(r);
            return st;
        }
        P->pointer = r->pointer;
    }
    *out = r;
    return GCX_OK;
}

/* next_ndjson: the next non-blank line's value. */
static gcx_status next_ndjson(gcx_json_reader *r, gcx_json **value)
{
    jp *P = &r->P;
    gcx_json *v;
    int c;

    if (r->resync) {
        /* skip the rest of the bad line */
        r->resync = 0;
        for (;;) {
            const uchar *nl = memchr(P->p, '\n', (size_t)(P->end - P->p));
            long got;

            if (nl) {
                P->p = nl;
                break;
            }
            P->p = P->end;
            got = jp_more(P, &P->p, NULL);
            if (got < 0)
                return P->st;
            if (got == 0)
                break;
        }
    }
    P->nl_stop = 0;
    c = jp_ws(P);
    if (c == JP_ERR)
        return P->st;
    if (c == JP_EOF) {
        r->done = 1;
        return GCX_OK;
    }
    P->nl_stop = 1;
    P->root_role = R_RECORD;
    if (jp_run(P, &v) != RUN_ROOT)
        return P->st;
    c = jp_ws(P);
    if (c == JP_ERR)
        return P->st;
    if (c != JP_EOF && c != '\n')
        return jp_unexpected(P, P->p, "end of line after value");
    P->in_record = 0;
    P->nl_stop = 0;
    *value = v;
    return GCX_OK;
}

/* next_document: the whole input as one record. */
static gcx_status next_document(gcx_json_reader *r, gcx_json **value)
{
    jp *P = &r->P;
    gcx_json *v;
    int c;

    P->root_role = R_RECORD;
    if (jp_run(P, &v) != RUN_ROOT)
        return P->st;
    c = jp_ws(P);
    if (c == JP_ERR)
        return P->st;
    if (c != JP_EOF)
        return jp_unexpected(P, P->p, "end of input after value");
    P->in_record = 0;
    r->done = 1;
    *value = v;
    return GCX_OK;
}

/* next_array: the next item of the array (at the pointer). */
static gcx_status next_array(gcx_json_reader *r, gcx_json **value)
{
    jp *P = &r->P;
    gcx_json *v;
    int c, res;

    P->root_role = P->ntoks ? R_PATH : R_TARGET;
    res = jp_run(P, &v);
    if (res == RUN_ERR)
        return P->st;
    if (res == RUN_RECORD) {
        *value = v;
        return GCX_OK;
    }
    c = jp_ws(P);
    if (c == JP_ERR)
        return P->st;
    if (c != JP_EOF)
        return jp_unexpected(P, P->p, "end of input after value");
    r->done = 1;
    return GCX_OK;
}

gcx_status gcx_json_reader_next(gcx_json_reader *r, gcx_json **value,
                                gcx_error *err)
{
    jp *P = &r->P;
    gcx_status st;
    int c;

    *value = NULL;
    if (r->failed) {
        jp_copy_error(P, err);
        return r->fail_st;
    }
    if (r->done) {
        gcx_error_clear(err);
        return GCX_OK;
    }
    gcx_arena_reset(P->arena);
    P->st = GCX_OK;
    if (r->layout == GCX_JSON_LAYOUT_AUTO) {
        c = jp_ws(P);
        if (c == JP_ERR) {
            st = P->st;
            goto fail;
        }
        r->layout = c == '[' ? GCX_JSON_LAYOUT_ARRAY
                             : GCX_JSON_LAYOUT_NDJSON;
    }
    switch (r->layout) {
    case GCX_JSON_LAYOUT_NDJSON:
        st = next_ndjson(r, value);
        break;
    case GCX_JSON_LAYOUT_DOCUMENT:
        st = next_document(r, value);
        break;
    default:
        st = next_array(r, value);
        break;
    }
    if (st == GCX_OK) {
        if (err)
            gcx_error_clear(err);
        return GCX_OK;
    }
    *value = NULL;
    if (r->layout == GCX_JSON_LAYOUT_NDJSON &&
        (st == GCX_E_SYNTAX || st == GCX_E_INVALID || st == GCX_E_LIMIT)) {
        jp_reset_stacks(P);
        P->nl_stop = 0;
        r->resync = 1;
        jp_copy_error(P, err);
        return st;
    }
fail:
    r->failed = 1;
    r->fail_st = st;
    jp_copy_error(P, err);
    return st;
}

unsigned long long gcx_json_reader_record(const gcx_json_reader *r)
{
    return r->P.record;
}

unsigned long gcx_json_reader_line(const gcx_json_reader *r)
{
    return r->P.rec_line;
}

void gcx_json_reader_free(gcx_json_reader *r)
{
    if (r)
        reader_release(r);
}
