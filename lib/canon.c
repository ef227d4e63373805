/* lib/canon.c - canonical JSON (RFC 8785 JCS, plus NFC strings and sets
 * sorted by the schema) and its SHA-256 fingerprint (docs/canonical-json.md).
 *
 * One recursive walk writes the record into the caller's buffer; members
 * are sorted on a reusable stack, set items are written, then sorted by
 * their bytes and laid out again. Numbers go through the C library.
 */
#include "internal.h"

/* Decisions the header leaves open:
 * - Keys are sorted after NFC, so two keys that differ only in their
 *   normalization are a repeated key. A key is compared with the set
 *   keys and schema properties in its NFC form; paths in diagnostics
 *   use the source's spelling and indexes (before any sorting).
 * - ECMAScript number form: the shortest digits that read back as the
 *   same double (snprintf "%.*e" at each precision, strtod back, binary
 *   search on the precision, which is monotonic); when the double's
 *   significand is a power of two its rounding interval is lopsided, so
 *   the next decimal up is tried as well. Plain integers of at most 15
 *   digits are exact and copied as they are. Both conversions run in the
 *   "C" locale (uselocale), whatever the program set.
 * - Set items: compared set key by set key, each by its canonical bytes
 *   (a missing key first), then by the whole canonical item; bytewise
 *   memcmp order (UTF-8 code point order). Items that are not objects
 *   have no keys. An array is sorted only where the schema node says
 *   "set" and the value is an array; anything unknown is kept in order.
 * - Memory: the member, item and span stacks, the normalization buffers,
 *   the sort copy and the facts learnt of schema nodes live in the
 *   context and only grow; nothing is allocated per member or per record
 *   once they are large enough.
 */

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <openssl/evp.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>

#include <gcx/canon.h>
#include <gcx/json_out.h>

#define CN_NONE ((size_t)-1)

/* A step of the path from the record to the value at hand, on the C
 * stack; turned into a JSON Pointer only for a diagnostic. */
typedef struct cn_frame {
    const struct cn_frame *up;  /* NULL: the parent is the record */
    const char *name;           /* member key as in the source; NULL for
                                   an array item */
    size_t len;
    size_t index;
} cn_frame;

/* A member being sorted: its key in NFC, either the source's bytes
 * (off == CN_NONE) or bytes on the text stack at off. */
typedef struct cn_member {
    const char *key;            /* resolved before sorting */
    size_t len;
    size_t off;
    const gcx_json_member *src;
} cn_member;

/* The canonical bytes of one set key of an item, as an offset from the
 * array's first item; len CN_NONE when the item lacks the key. */
typedef struct cn_span {
    size_t off, len;
} cn_span;

/* A set item: its canonical bytes at base + off. */
typedef struct cn_item {
    const char *base;
    size_t off, len;
    const cn_span *keys;        /* nkeys spans, resolved before sorting */
    size_t nkeys;
} cn_item;

/* Which member values of an object are set keys: their spans go to
 * c->spans[span0 + j] for set key j. */
typedef struct cn_capture {
    const char *const *names;
    size_t n;
    size_t span0;
} cn_capture;

/* What the walk needs to know of a schema node, worked out once per
 * context: whether a set is at or below it, and for an object the
 * properties under which one is (the others are walked without the
 * schema, saving a lookup per member). */
typedef struct cn_info {
    const gcx_schema_node *node;   /* the key; NULL: a free slot */
    const gcx_schema_node **rel;   /* OBJECT: properties with a set below */
    size_t nrel;
    int sets;
} cn_info;

struct gcx_canon {
    const gcx_schema *schema;
    int no_sets;
    int no_nfc;
    const UNormalizer2 *nfc;
    gcx_error *err;
    gcx_canon_notes *notes;
    UChar *u16, *n16;           /* UTF-16 scratch for normalization */
    size_t u16_cap, n16_cap;    /* in units */
    gcx_buf text;               /* stack of NFC keys and strings */
    gcx_buf sort;               /* copy of a set's items while sorting */
    cn_member *mem;
    size_t nmem, mem_cap;
    cn_item *items;
    size_t nitems, items_cap;
    cn_span *spans;
    size_t nspans, spans_cap;
    cn_info *info;              /* open addressing, by node pointer */
    size_t ninfo, info_cap;
    locale_t cloc;              /* "C", made on the first hard number */
    EVP_MD_CTX *md_ctx;         /* made on the first digest */
    /* gcx_canon_record_stamped: where the member goes */
    int stamp;
    size_t stamp_off;
    int stamp_before;           /* a member follows the insertion point */
    size_t stamp_members;
};

/* ---------------------------------------------------------- diagnostics */

/* cn_put: append n bytes of s to the path p (GCX_ERROR_PATH_MAX) at *pos,
 * truncating; control characters show as '?'. */
static void cn_put(char *p, size_t *pos, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n && *pos + 1 < GCX_ERROR_PATH_MAX; i++) {
        unsigned char ch = (unsigned char)s[i];

        p[(*pos)++] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
    }
    p[*pos] = '\0';
}

/* cn_pointer: the JSON Pointer (RFC 6901) of frame f into p. */
static void cn_pointer(const cn_frame *f, char *p, size_t *pos)
{
    char num[32];
    size_t i;

    if (!f)
        return;
    cn_pointer(f->up, p, pos);
    cn_put(p, pos, "/", 1);
    if (!f->name) {
        snprintf(num, sizeof num, "%zu", f->index);
        cn_put(p, pos, num, strlen(num));
        return;
    }
    for (i = 0; i < f->len; i++) {
        if (f->name[i] == '~')
            cn_put(p, pos, "~0", 2);
        else if (f->name[i] == '/')
            cn_put(p, pos, "~1", 2);
        else
            cn_put(p, pos, f->name + i, 1);
    }
}

/* cn_where: the path and source position of value v at frame f. */
static void cn_where(gcx_error *e, const cn_frame *f, const gcx_json *v)
{
    char p[GCX_ERROR_PATH_MAX];
    size_t pos = 0;

    p[0] = '\0';
    cn_pointer(f, p, &pos);
    gcx_error_set_path(e, p);
    if (v && v->line)
        gcx_error_at(e, NULL, v->line, v->column);
}

/* cn_fail: report code with a message at value v (may be NULL), frame f;
 * returns code. */
static gcx_status cn_fail(gcx_canon *c, const cn_frame *f, const gcx_json *v,
                          gcx_status code, const char *fmt, ...)
{
    va_list ap;

    if (!c->err)
        return code;
    cn_where(c->err, f, v);
    va_start(ap, fmt);
    gcx_error_setv(c->err, code, fmt, ap);
    va_end(ap);
    return code;
}

/* cn_buf_fail: the message for a buffer status (NOMEM or LIMIT). */
static gcx_status cn_buf_fail(gcx_canon *c, const cn_frame *f,
                              const gcx_json *v, gcx_status st)
{
    if (st == GCX_E_LIMIT)
        return cn_fail(c, f, v, st, "canonical record too large for the "
                       "output buffer");
    return cn_fail(c, f, v, st, "out of memory");
}

/* cn_snippet: up to 40 bytes of s as one line for a message: cut on a
 * UTF-8 boundary, "..." when cut. */
static void cn_snippet(const char *s, size_t n, char *out, size_t size)
{
    size_t k = n < 40 ? n : 40, i;

    if (k >= size - 4)
        k = size - 4;
    while (k < n && k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
        k--;
    for (i = 0; i < k; i++)
        out[i] = (unsigned char)s[i] < 0x20 ? ' ' : s[i];
    if (k < n)
        memcpy(out + k, "...", 3), k += 3;
    out[k] = '\0';
}

/* ------------------------------------------------------------- buffers */

static gcx_status cn_putc(gcx_buf *b, char ch)
{
    if (GCXI_LIKELY(b->cap - b->len > 1 && b->len < b->max)) {
        b->data[b->len++] = ch;
        b->data[b->len] = '\0';
        return GCX_OK;
    }
    return gcx_buf_putc(b, ch);
}

/* cn_grow: make room for need elements of size bytes in *p (capacity
 * *cap); old elements are kept. */
static gcx_status cn_grow(void **p, size_t *cap, size_t need, size_t size)
{
    size_t n = *cap ? *cap : 32;
    void *q;

    if (need <= *cap)
        return GCX_OK;
    while (n < need) {
        if (n > SIZE_MAX / 2 / size)
            return GCX_E_NOMEM;
        n *= 2;
    }
    q = gcx_realloc(*p, n * size);
    if (!q)
        return GCX_E_NOMEM;
    *p = q;
    *cap = n;
    return GCX_OK;
}

/* ------------------------------------------------------- key comparison */

/* cn_utf16_cmp: compare two well-formed UTF-8 strings as their UTF-16
 * code units (RFC 8785 3.2.3). UTF-8 bytes compare as code points, which
 * agree with UTF-16 except that U+10000 and above (surrogates D800-DBFF
 * first) sort below U+E000-U+FFFF: only when, at the first difference,
 * one character has a 4-byte lead and the other a lead EE or EF. */
static int cn_utf16_cmp(const char *as, size_t an, const char *bs,
                        size_t bn)
{
    const unsigned char *a = (const unsigned char *)as;
    const unsigned char *b = (const unsigned char *)bs;
    size_t n = an < bn ? an : bn, i = 0, s;
    unsigned char la, lb;

    while (i < n && a[i] == b[i])
        i++;
    if (i == n)
        return an < bn ? -1 : an > bn;
    s = i;
    while (s > 0 && (a[s] & 0xc0) == 0x80)
        s--; /* the common lead byte of the differing character */
    la = a[s];
    lb = b[s];
    if (la >= 0xf0 && (lb == 0xee || lb == 0xef))
        return -1;
    if (lb >= 0xf0 && (la == 0xee || la == 0xef))
        return 1;
    return a[i] < b[i] ? -1 : 1;
}

static int cn_member_cmp(const cn_member *a, const cn_member *b)
{
    return cn_utf16_cmp(a->key, a->len, b->key, b->len);
}

/* cn_bytes_cmp: bytewise, a shorter prefix first. */
static int cn_bytes_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    int r = memcmp(a, b, an < bn ? an : bn);

    if (r)
        return r;
    return an < bn ? -1 : an > bn;
}

static int cn_item_cmp(const cn_item *a, const cn_item *b)
{
    size_t j;
    int r;

    for (j = 0; j < a->nkeys; j++) {
        const cn_span *sa = &a->keys[j], *sb = &b->keys[j];

        if (sa->len == CN_NONE || sb->len == CN_NONE) {
            if (sa->len != sb->len)
                return sa->len == CN_NONE ? -1 : 1;
            continue;
        }
        r = cn_bytes_cmp(a->base + sa->off, sa->len, b->base + sb->off,
                         sb->len);
        if (r)
            return r;
    }
    return cn_bytes_cmp(a->base + a->off, a->len, b->base + b->off,
                        b->len);
}

/* CN_SORT: define a sort of n TYPEs at a by CMP (pointers to two TYPEs):
 * insertion sort for a few (objects and sets are small), heapsort
 * beyond; never allocates. Not stable: equal elements never occur where
 * order would show (repeated keys are errors, equal set items are equal
 * bytes). */
#define CN_SORT(NAME, TYPE, CMP)                                            \
    static void NAME(TYPE *a, size_t n)                                     \
    {                                                                       \
        size_t i, j, start, end, root, child;                               \
        TYPE tmp;                                                           \
                                                                            \
        if (n <= 16) {                                                      \
            for (i = 1; i < n; i++) {                                       \
                tmp = a[i];                                                 \
                for (j = i; j > 0 && CMP(&a[j - 1], &tmp) > 0; j--)         \
                    a[j] = a[j - 1];                                        \
                a[j] = tmp;                                                 \
            }                                                               \
            return;                                                         \
        }                                                                   \
        for (start = n / 2, end = n; end > 1;) {                            \
            if (start > 0) {                                                \
                start--;                                                    \
            } else {                                                        \
                end--;                                                      \
                tmp = a[0], a[0] = a[end], a[end] = tmp;                    \
            }                                                               \
            for (root = start; (child = 2 * root + 1) < end;                \
                 root = child) {                                            \
                if (child + 1 < end && CMP(&a[child], &a[child + 1]) < 0)   \
                    child++;                                                \
                if (CMP(&a[root], &a[child]) >= 0)                          \
                    break;                                                  \
                tmp = a[root], a[root] = a[child], a[child] = tmp;          \
            }                                                               \
        }                                                                   \
    }

CN_SORT(cn_sort_members, cn_member, cn_member_cmp)
CN_SORT(cn_sort_items, cn_item, cn_item_cmp)

/* ------------------------------------------------------------------ NFC */

/* cn_ascii: 1 when the n bytes at s are all below 0x80. */
static int cn_ascii(const char *s, size_t n)
{
    size_t i = 0;
    uint64_t w, acc = 0;

    for (; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        acc |= w;
    }
    for (; i < n; i++)
        acc |= (unsigned char)s[i];
    return (acc & 0x8080808080808080ULL) == 0;
}

/* cn_nfc: the NFC form of the UTF-8 string s (len bytes). *off is
 * CN_NONE when s is already NFC (nearly always: ASCII, or ICU's quick
 * check says yes); else the form is pushed on c->text at *off, *olen
 * bytes. GCX_E_INVALID for malformed UTF-8 (no message set). */
static gcx_status cn_nfc(gcx_canon *c, const char *s, size_t len,
                         size_t *off, size_t *olen)
{
    const unsigned char *p = (const unsigned char *)s;
    UErrorCode ust = U_ZERO_ERROR;
    size_t i = 0, k;
    int32_t n = 0, m, j;
    uint32_t cp;
    UChar32 ch;
    gcx_status st;
    char *o;

    *off = CN_NONE;
    if (GCXI_LIKELY(cn_ascii(s, len)))
        return GCX_OK;
    if (c->no_nfc) {
        for (; i < len; i += k)
            if ((k = gcxi_utf8_check(p + i, len - i, &cp)) == 0)
                return GCX_E_INVALID;
        return GCX_OK;
    }
    if (len > (size_t)INT32_MAX / 4)
        return GCX_E_LIMIT;
    if (cn_grow((void **)&c->u16, &c->u16_cap, len + 1, sizeof(UChar)))
        return GCX_E_NOMEM;
    while (i < len) {
        if (p[i] < 0x80) {
            c->u16[n++] = p[i++];
            continue;
        }
        k = gcxi_utf8_check(p + i, len - i, &cp);
        if (k == 0)
            return GCX_E_INVALID;
        if (cp < 0x10000) {
            c->u16[n++] = (UChar)cp;
        } else {
            c->u16[n++] = U16_LEAD(cp);
            c->u16[n++] = U16_TRAIL(cp);
        }
        i += k;
    }
    if (unorm2_quickCheck(c->nfc, c->u16, n, &ust) == UNORM_YES &&
        U_SUCCESS(ust))
        return GCX_OK;
    if (U_FAILURE(ust))
        return GCX_E_INTERNAL;
    for (;;) {
        ust = U_ZERO_ERROR;
        m = unorm2_normalize(c->nfc, c->u16, n, c->n16,
                             (int32_t)c->n16_cap, &ust);
        if (ust != U_BUFFER_OVERFLOW_ERROR)
            break;
        if (cn_grow((void **)&c->n16, &c->n16_cap, (size_t)m + 1,
                    sizeof(UChar)))
            return GCX_E_NOMEM;
    }
    if (U_FAILURE(ust))
        return GCX_E_INTERNAL;
    st = gcx_buf_reserve(&c->text, (size_t)m * 3);
    if (st)
        return st;
    *off = c->text.len;
    o = c->text.data + c->text.len;
    for (j = 0; j < m;) {
        U16_NEXT(c->n16, j, m, ch);
        o += gcxi_utf8_encode((uint32_t)ch, (unsigned char *)o);
    }
    *olen = (size_t)(o - (c->text.data + c->text.len));
    c->text.len += *olen;
    c->text.data[c->text.len] = '\0';
    return GCX_OK;
}

/* cn_nfc_fail: the diagnostic for a cn_nfc status. */
static gcx_status cn_nfc_fail(gcx_canon *c, const cn_frame *f,
                              const gcx_json *v, gcx_status st,
                              const char *what)
{
    if (st == GCX_E_INVALID)
        return cn_fail(c, f, v, st, "%s is not well-formed UTF-8", what);
    if (st == GCX_E_INTERNAL)
        return cn_fail(c, f, v, st, "ICU cannot normalize the %s to NFC",
                       what);
    return cn_buf_fail(c, f, v, st);
}

/* ------------------------------------------------------------- numbers */

/* A JSON number's text split up: sign, integer and fraction digits, and
 * the exponent (saturated far beyond any double). */
typedef struct cn_num {
    int neg;
    const char *ip, *fp;
    size_t il, fl;
    long long exp;
    int has_exp;
} cn_num;

/* cn_num_parse: split t (n bytes) by the RFC 8259 grammar; 0 when it is
 * not a JSON number. */
static int cn_num_parse(const char *t, size_t n, cn_num *x)
{
    size_t i = 0;
    int eneg = 0;

    memset(x, 0, sizeof *x);
    if (i < n && t[i] == '-')
        x->neg = 1, i++;
    x->ip = t + i;
    if (i < n && t[i] == '0') {
        i++;
    } else {
        if (i >= n || t[i] < '1' || t[i] > '9')
            return 0;
        while (i < n && t[i] >= '0' && t[i] <= '9')
            i++;
    }
    x->il = (size_t)(t + i - x->ip);
    if (i < n && t[i] == '.') {
        x->fp = t + ++i;
        while (i < n && t[i] >= '0' && t[i] <= '9')
            i++;
        x->fl = (size_t)(t + i - x->fp);
        if (x->fl == 0)
            return 0;
    }
    if (i < n && (t[i] == 'e' || t[i] == 'E')) {
        x->has_exp = 1;
        i++;
        if (i < n && (t[i] == '+' || t[i] == '-'))
            eneg = t[i++] == '-';
        if (i >= n || t[i] < '0' || t[i] > '9')
            return 0;
        while (i < n && t[i] >= '0' && t[i] <= '9') {
            if (x->exp < 1000000000000LL)
                x->exp = x->exp * 10 + (t[i] - '0');
            i++;
        }
        if (eneg)
            x->exp = -x->exp;
    }
    return i == n;
}

static char cn_num_digit(const cn_num *x, size_t j)
{
    return j < x->il ? x->ip[j] : x->fp[j - x->il];
}

/* cn_num_same: 1 when x denotes exactly the decimal 0.D x 10^pt (k
 * digits D, no trailing zero), or zero when k is 0. */
static int cn_num_same(const cn_num *x, const char *d, int k, int pt)
{
    size_t n = x->il + x->fl, f = 0, l = n, j;

    while (f < n && cn_num_digit(x, f) == '0')
        f++;
    while (l > f && cn_num_digit(x, l - 1) == '0')
        l--;
    if (f == n)
        return k == 0;
    if (k == 0 || l - f != (size_t)k ||
        (long long)x->il + x->exp - (long long)f != pt)
        return 0;
    for (j = 0; j < (size_t)k; j++)
        if (cn_num_digit(x, f + j) != d[j])
            return 0;
    return 1;
}

/* cn_try: the p-digit decimal nearest to a (> 0) read back as a? On
 * success d receives the digits (trailing zeros removed), *k their
 * number and *pt the decimal point position (a = 0.d x 10^pt). */
static int cn_try(double a, int p, char *d, int *k, int *pt)
{
    char buf[48], *end;
    int i, e, x;
    double b;

    snprintf(buf, sizeof buf, "%.*e", p - 1, a);
    b = strtod(buf, NULL);
    if (b != a) {
        /* a power of two has a narrower interval below than above: the
         * next decimal up may read back when the nearest, below, does
         * not. */
        if (b > a || frexp(a, &x) != 0.5)
            return 0;
        for (i = p == 1 ? 0 : p; i >= 0; i--) {
            if (i == 1)
                continue; /* the decimal point */
            if (buf[i] != '9') {
                buf[i]++;
                break;
            }
            buf[i] = '0';
        }
        if (i < 0)
            return 0; /* 9.99 up to 10.0: the exponent would change */
        if (strtod(buf, NULL) != a)
            return 0;
    }
    d[0] = buf[0];
    for (i = 1; i < p; i++)
        d[i] = buf[i + 1];
    e = (int)strtol(buf + (p == 1 ? 2 : p + 2), &end, 10);
    while (p > 1 && d[p - 1] == '0')
        p--;
    *k = p;
    *pt = e + 1;
    return 1;
}

/* cn_shortest: the ECMAScript digits of a > 0 (finite): the fewest that
 * read back as a, the nearest of them to a. */
static void cn_shortest(double a, char d[20], int *k, int *pt)
{
    int lo = 1, hi = 17, mid;

    while (lo < hi) {
        mid = (lo + hi) / 2;
        if (cn_try(a, mid, d, k, pt))
            hi = mid;
        else
            lo = mid + 1;
    }
    if (!cn_try(a, lo, d, k, pt))
        cn_try(a, 17, d, k, pt); /* cannot happen: 17 digits suffice */
}

/* cn_layout: Number::toString for digits d (k of them) and point
 * position pt, as ECMA-262 lays them out, into s (room for 32). */
static size_t cn_layout(int neg, const char *d, int k, int pt, char *s)
{
    size_t o = 0;
    int i, e;

    if (neg)
        s[o++] = '-';
    if (k <= pt && pt <= 21) {
        for (i = 0; i < k; i++)
            s[o++] = d[i];
        for (; i < pt; i++)
            s[o++] = '0';
    } else if (0 < pt && pt <= 21) {
        for (i = 0; i < pt; i++)
            s[o++] = d[i];
        s[o++] = '.';
        for (; i < k; i++)
            s[o++] = d[i];
    } else if (-6 < pt && pt <= 0) {
        s[o++] = '0';
        s[o++] = '.';
        for (i = pt; i < 0; i++)
            s[o++] = '0';
        for (i = 0; i < k; i++)
            s[o++] = d[i];
    } else {
        s[o++] = d[0];
        if (k > 1) {
            s[o++] = '.';
            for (i = 1; i < k; i++)
                s[o++] = d[i];
        }
        e = pt - 1;
        s[o++] = 'e';
        s[o++] = e < 0 ? '-' : '+';
        o += (size_t)snprintf(s + o, 8, "%d", e < 0 ? -e : e);
    }
    s[o] = '\0';
    return o;
}

/* cn_inexact: note that number v at f was written as s. */
static void cn_inexact(gcx_canon *c, const cn_frame *f, const gcx_json *v,
                       const char *s)
{
    gcx_canon_notes *n = c->notes;
    char src[48];

    if (!n)
        return;
    if (n->inexact++)
        return;
    cn_where(&n->first, f, v);
    cn_snippet(v->u.text, v->len, src, sizeof src);
    gcx_error_set(&n->first, GCX_E_INVALID, "number %s is not exact as an "
                  "IEEE double: written as %s", src, s);
    n->first.severity = GCX_SEV_WARNING;
}

/* cn_number: write the ECMAScript form of the double nearest v's text. */
static gcx_status cn_number(gcx_canon *c, const cn_frame *f,
                            const gcx_json *v, gcx_buf *out)
{
    const char *t = v->u.text;
    char local[128], *text, d[20], s[40];
    cn_num x;
    locale_t old;
    double a;
    size_t len, tbase = c->text.len;
    int k = 0, pt = 0;
    gcx_status st;

    if (!t || !cn_num_parse(t, v->len, &x))
        return cn_fail(c, f, v, GCX_E_INVALID, "not a JSON number");
    if (!x.fl && !x.has_exp && x.il <= 15) {
        /* a plain integer below 10^15: exact, and already in form */
        if (x.neg && x.il == 1 && x.ip[0] == '0')
            st = cn_putc(out, '0');
        else
            st = gcx_buf_append(out, t, v->len);
        return st ? cn_buf_fail(c, f, v, st) : GCX_OK;
    }
    if (!c->cloc) {
        c->cloc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
        if (!c->cloc)
            return cn_fail(c, f, v, GCX_E_NOMEM, "out of memory");
    }
    if (v->len < sizeof local) {
        text = local;
    } else {
        st = gcx_buf_reserve(&c->text, v->len);
        if (st)
            return cn_buf_fail(c, f, v, st);
        text = c->text.data + c->text.len;
    }
    memcpy(text, t, v->len);
    text[v->len] = '\0';
    old = uselocale(c->cloc);
    a = strtod(text, NULL);
    if (isinf(a)) {
        uselocale(old);
        c->text.len = tbase;
        cn_snippet(t, v->len, s, sizeof s);
        return cn_fail(c, f, v, GCX_E_INVALID, "number %s is beyond the "
                       "range of an IEEE double", s);
    }
    if (a != 0)
        cn_shortest(fabs(a), d, &k, &pt);
    uselocale(old);
    c->text.len = tbase;
    len = a == 0 ? (s[0] = '0', s[1] = '\0', 1)
                 : cn_layout(a < 0, d, k, pt, s);
    if (!cn_num_same(&x, d, k, pt))
        cn_inexact(c, f, v, s);
    st = gcx_buf_append(out, s, len);
    return st ? cn_buf_fail(c, f, v, st) : GCX_OK;
}

/* ---------------------------------------------------------- schema info */

/* cn_info_slot: node's slot in the table (its entry, or the free slot
 * where it goes); the table is never full. */
static cn_info *cn_info_slot(cn_info *t, size_t cap,
                             const gcx_schema_node *node)
{
    uint64_t h = (uint64_t)(uintptr_t)node * 0x9e3779b97f4a7c15ULL;
    size_t i = (size_t)(h >> 32) & (cap - 1);

    while (t[i].node && t[i].node != node)
        i = (i + 1) & (cap - 1);
    return &t[i];
}

/* cn_info_put: add x (its rel is taken over) to the table. */
static gcx_status cn_info_put(gcx_canon *c, const cn_info *x)
{
    size_t i, cap;
    cn_info *t;

    if ((c->ninfo + 1) * 2 > c->info_cap) {
        cap = c->info_cap ? c->info_cap * 2 : 64;
        t = gcx_calloc(cap, sizeof *t);
        if (!t)
            return GCX_E_NOMEM;
        for (i = 0; i < c->info_cap; i++)
            if (c->info[i].node)
                *cn_info_slot(t, cap, c->info[i].node) = c->info[i];
        gcx_free(c->info);
        c->info = t;
        c->info_cap = cap;
    }
    *cn_info_slot(c->info, c->info_cap, x->node) = *x;
    c->ninfo++;
    return GCX_OK;
}

/* cn_info_get: the facts of node (worked out on first use), borrowed
 * until the next call. GCX_E_NOMEM. Recursion follows the schema tree,
 * which is finite (the schema refuses ref cycles). */
static gcx_status cn_info_get(gcx_canon *c, const gcx_schema_node *node,
                              const cn_info **out)
{
    const cn_info *sub;
    cn_info x, *slot;
    size_t i, n = 0;
    gcx_status st;

    if (c->info_cap) {
        slot = cn_info_slot(c->info, c->info_cap, node);
        if (slot->node) {
            *out = slot;
            return GCX_OK;
        }
    }
    memset(&x, 0, sizeof x);
    x.node = node;
    if (node->type == GCX_SCHEMA_ARRAY) {
        x.sets = node->is_set;
        if (!x.sets && node->items) {
            if ((st = cn_info_get(c, node->items, &sub)) != GCX_OK)
                return st;
            x.sets = sub->sets;
        }
    } else if (node->type == GCX_SCHEMA_OBJECT) {
        for (i = 0; i < node->nprops; i++) {
            if ((st = cn_info_get(c, node->props[i], &sub)) != GCX_OK)
                return st;
            n += sub->sets != 0;
        }
        if (n) {
            x.rel = gcx_malloc(n * sizeof *x.rel);
            if (!x.rel)
                return GCX_E_NOMEM;
            for (i = 0; i < node->nprops; i++) {
                cn_info_get(c, node->props[i], &sub); /* known now */
                if (sub->sets)
                    x.rel[x.nrel++] = node->props[i];
            }
            x.sets = 1;
        }
    }
    if ((st = cn_info_put(c, &x)) != GCX_OK) {
        gcx_free(x.rel);
        return st;
    }
    *out = cn_info_slot(c->info, c->info_cap, node);
    return GCX_OK;
}

/* cn_child: the schema node of member key (len bytes) of an object with
 * node info in (may be NULL), when a set may be below it; else NULL. */
static const gcx_schema_node *cn_child(const cn_info *in, const char *key,
                                       size_t len)
{
    size_t i;

    for (i = 0; in && i < in->nrel; i++)
        if (strlen(in->rel[i]->name) == len &&
            memcmp(in->rel[i]->name, key, len) == 0)
            return in->rel[i];
    return NULL;
}

/* --------------------------------------------------------------- writer */

static gcx_status cn_value(gcx_canon *c, const gcx_schema_node *node,
                           const gcx_json *v, const cn_frame *f,
                           unsigned depth, gcx_buf *out,
                           const cn_capture *cap);

static gcx_status cn_string(gcx_canon *c, const cn_frame *f,
                            const gcx_json *v, gcx_buf *out)
{
    size_t off, len = v->len, tbase = c->text.len;
    const char *s = v->u.text;
    gcx_status st;

    st = cn_nfc(c, s, len, &off, &len);
    if (st)
        return cn_nfc_fail(c, f, v, st, "string");
    if (off != CN_NONE)
        s = c->text.data + off;
    st = gcx_json_escape(out, s, len);
    c->text.len = tbase;
    return st ? cn_buf_fail(c, f, v, st) : GCX_OK;
}

/* cn_stamp_here: for the top-level object of a stamped record, before
 * member key (k members written so far): note where the fingerprint
 * member goes, or refuse a record that already has one. */
static gcx_status cn_stamp_here(gcx_canon *c, const cn_frame *f,
                                const gcx_json *v, const char *key,
                                size_t len, gcx_buf *out)
{
    static const char fp[] = GCX_CANON_FINGERPRINT_KEY;
    int r;

    if (c->stamp_off != CN_NONE)
        return GCX_OK;
    r = cn_utf16_cmp(fp, sizeof fp - 1, key, len);
    if (r == 0)
        return cn_fail(c, f, v, GCX_E_INVALID, "the record already has a "
                       "member \"%s\": it cannot be stamped with its "
                       "fingerprint", fp);
    if (r < 0) {
        c->stamp_off = out->len;
        c->stamp_before = 1;
    }
    return GCX_OK;
}

static gcx_status cn_object(gcx_canon *c, const gcx_schema_node *node,
                            const gcx_json *v, const cn_frame *f,
                            unsigned depth, gcx_buf *out,
                            const cn_capture *cap)
{
    size_t n = v->len, base = c->nmem, tbase = c->text.len, k, j, off;
    size_t len;
    const gcx_schema_node *child;
    const cn_info *in = NULL;
    cn_frame cf;
    cn_member *e;
    const char *key;
    gcx_status st;

    if (node && node->type == GCX_SCHEMA_OBJECT &&
        cn_info_get(c, node, &in) != GCX_OK)
        return cn_fail(c, f, v, GCX_E_NOMEM, "out of memory");
    if (cn_grow((void **)&c->mem, &c->mem_cap, base + n, sizeof *c->mem))
        return cn_fail(c, f, v, GCX_E_NOMEM, "out of memory");
    cf.up = f;
    cf.index = 0;
    for (k = 0; k < n; k++) {
        const gcx_json_member *m = &v->u.members[k];

        st = cn_nfc(c, m->key, m->key_len, &off, &len);
        if (st) {
            cf.name = m->key;
            cf.len = m->key_len;
            return cn_nfc_fail(c, &cf, m->value, st, "member name");
        }
        e = &c->mem[base + k];
        e->src = m;
        e->off = off;
        e->len = off == CN_NONE ? m->key_len : len;
    }
    c->nmem = base + n;
    e = n ? c->mem + base : NULL;   /* {} may leave mem unallocated */
    for (k = 0; k < n; k++)
        e[k].key = e[k].off == CN_NONE ? e[k].src->key
                                       : c->text.data + e[k].off;
    cn_sort_members(e, n);
    for (k = 1; k < n; k++) {
        if (cn_member_cmp(&e[k - 1], &e[k]) == 0) {
            const gcx_json_member *m =
                e[k].src > e[k - 1].src ? e[k].src : e[k - 1].src;
            char name[48];

            cn_snippet(e[k].key, e[k].len, name, sizeof name);
            cf.name = m->key;
            cf.len = m->key_len;
            return cn_fail(c, &cf, m->value, GCX_E_INVALID, "repeated "
                           "member name \"%s\" (after NFC)", name);
        }
    }
    st = cn_putc(out, '{');
    for (k = 0; !st && k < n; k++) {
        size_t start, slot = CN_NONE;

        e = &c->mem[base + k];
        key = e->off == CN_NONE ? e->src->key : c->text.data + e->off;
        cf.name = e->src->key;
        cf.len = e->src->key_len;
        if (k)
            st = cn_putc(out, ',');
        if (!st && c->stamp && depth == 0)
            if ((st = cn_stamp_here(c, &cf, e->src->value, key, e->len,
                                    out)) != GCX_OK)
                return st;
        if (!st)
            st = gcx_json_escape(out, key, e->len);
        if (!st)
            st = cn_putc(out, ':');
        if (st)
            break;
        child = cn_child(in, key, e->len);
        if (cap)
            for (j = 0; j < cap->n; j++)
                if (strlen(cap->names[j]) == e->len &&
                    memcmp(cap->names[j], key, e->len) == 0)
                    slot = cap->span0 + j;
        start = out->len;
        st = cn_value(c, child, e->src->value, &cf, depth + 1, out, NULL);
        if (st)
            return st;
        if (slot != CN_NONE) {
            c->spans[slot].off = start;
            c->spans[slot].len = out->len - start;
        }
    }
    if (!st)
        st = cn_putc(out, '}');
    if (st)
        return cn_buf_fail(c, f, v, st);
    if (c->stamp && depth == 0) {
        if (c->stamp_off == CN_NONE) {
            c->stamp_off = out->len - 1;
            c->stamp_before = 0;
        }
        c->stamp_members = n;
    }
    c->nmem = base;
    c->text.len = tbase;
    return GCX_OK;
}

/* cn_set: the items of set array v (node an ARRAY with is_set), written
 * one after the other, then sorted and laid out with commas. The '[' is
 * written; the caller writes ']'. */
static gcx_status cn_set(gcx_canon *c, const gcx_schema_node *node,
                         const gcx_json *v, const cn_frame *f,
                         unsigned depth, gcx_buf *out)
{
    size_t n = v->len, nk = node->nset_keys, ib = c->nitems;
    size_t sb = c->nspans, start0 = out->len, i, j;
    cn_frame cf;
    cn_item *it;
    gcx_status st;

    if (nk && n > SIZE_MAX / 2 / nk)
        return cn_fail(c, f, v, GCX_E_NOMEM, "out of memory");
    if (cn_grow((void **)&c->items, &c->items_cap, ib + n,
                sizeof *c->items) ||
        cn_grow((void **)&c->spans, &c->spans_cap, sb + n * nk,
                sizeof *c->spans))
        return cn_fail(c, f, v, GCX_E_NOMEM, "out of memory");
    c->nitems = ib + n;
    c->nspans = sb + n * nk;
    for (i = 0; i < n * nk; i++)
        c->spans[sb + i].len = CN_NONE;
    cf.up = f;
    cf.name = NULL;
    cf.len = 0;
    for (i = 0; i < n; i++) {
        const gcx_json *item = v->u.items[i];
        cn_capture cap;
        size_t start = out->len;

        cap.names = node->set_keys;
        cap.n = nk;
        cap.span0 = sb + i * nk;
        cf.index = i;
        st = cn_value(c, node->items, item, &cf, depth + 1, out,
                      nk && item->type == GCX_JSON_OBJECT ? &cap : NULL);
        if (st)
            return st;
        c->items[ib + i].off = start - start0;
        c->items[ib + i].len = out->len - start;
    }
    gcx_buf_reset(&c->sort);
    st = gcx_buf_append(&c->sort, out->data + start0, out->len - start0);
    if (st)
        return cn_buf_fail(c, f, v, st);
    it = c->items + ib;
    for (i = 0; i < n; i++) {
        it[i].base = c->sort.data;
        it[i].keys = nk ? c->spans + sb + i * nk : NULL; /* whole items */
        it[i].nkeys = nk;
        for (j = 0; j < nk; j++)
            if (c->spans[sb + i * nk + j].len != CN_NONE)
                c->spans[sb + i * nk + j].off -= start0;
    }
    cn_sort_items(it, n);
    out->len = start0;
    out->data[start0] = '\0';
    for (i = 0; !st && i < n; i++) {
        if (i)
            st = cn_putc(out, ',');
        if (!st)
            st = gcx_buf_append(out, it[i].base + it[i].off, it[i].len);
    }
    if (st)
        return cn_buf_fail(c, f, v, st);
    c->nitems = ib;
    c->nspans = sb;
    return GCX_OK;
}

static gcx_status cn_array(gcx_canon *c, const gcx_schema_node *node,
                           const gcx_json *v, const cn_frame *f,
                           unsigned depth, gcx_buf *out)
{
    const gcx_schema_node *items = NULL;
    const cn_info *in;
    cn_frame cf;
    size_t i;
    gcx_status st;

    if (node && node->type != GCX_SCHEMA_ARRAY)
        node = NULL;
    if (node && cn_info_get(c, node, &in) != GCX_OK)
        return cn_fail(c, f, v, GCX_E_NOMEM, "out of memory");
    if (node && !in->sets)
        node = NULL; /* nothing below to sort: no need of the schema */
    if (node)
        items = node->items;
    st = cn_putc(out, '[');
    if (st)
        return cn_buf_fail(c, f, v, st);
    if (node && node->is_set && !c->no_sets && v->len > 1) {
        st = cn_set(c, node, v, f, depth, out);
        if (st)
            return st;
    } else {
        cf.up = f;
        cf.name = NULL;
        cf.len = 0;
        for (i = 0; i < v->len; i++) {
            if (i && (st = cn_putc(out, ',')) != GCX_OK)
                return cn_buf_fail(c, f, v, st);
            cf.index = i;
            st = cn_value(c, items, v->u.items[i], &cf, depth + 1, out,
                          NULL);
            if (st)
                return st;
        }
    }
    st = cn_putc(out, ']');
    return st ? cn_buf_fail(c, f, v, st) : GCX_OK;
}

static gcx_status cn_value(gcx_canon *c, const gcx_schema_node *node,
                           const gcx_json *v, const cn_frame *f,
                           unsigned depth, gcx_buf *out,
                           const cn_capture *cap)
{
    gcx_status st;

    if (!v)
        return cn_fail(c, f, v, GCX_E_USAGE, "no value");
    if (depth >= GCX_CANON_MAX_DEPTH)
        return cn_fail(c, f, v, GCX_E_LIMIT, "nesting deeper than %u",
                       GCX_CANON_MAX_DEPTH);
    switch (v->type) {
    case GCX_JSON_NULL:
        st = gcx_buf_append(out, "null", 4);
        break;
    case GCX_JSON_FALSE:
        st = gcx_buf_append(out, "false", 5);
        break;
    case GCX_JSON_TRUE:
        st = gcx_buf_append(out, "true", 4);
        break;
    case GCX_JSON_NUMBER:
        return cn_number(c, f, v, out);
    case GCX_JSON_STRING:
        return cn_string(c, f, v, out);
    case GCX_JSON_ARRAY:
        return cn_array(c, node, v, f, depth, out);
    case GCX_JSON_OBJECT:
        return cn_object(c, node, v, f, depth, out, cap);
    default:
        return cn_fail(c, f, v, GCX_E_INTERNAL, "unknown JSON type %d",
                       (int)v->type);
    }
    return st ? cn_buf_fail(c, f, v, st) : GCX_OK;
}

/* cn_record_node: the schema node of record, when sets are sorted and
 * its recordType names a type of the schema; else NULL. */
static const gcx_schema_node *cn_record_node(const gcx_canon *c,
                                             const gcx_json *record)
{
    const gcx_json *rt;

    if (!c->schema || c->no_sets || record->type != GCX_JSON_OBJECT)
        return NULL;
    rt = gcx_json_object_get(record, "recordType");
    if (!rt || rt->type != GCX_JSON_STRING || !rt->u.text ||
        strlen(rt->u.text) != rt->len)
        return NULL;
    return gcx_schema_record(c->schema, rt->u.text);
}

/* cn_run: the common part of gcx_canon_record and _stamped. */
static gcx_status cn_run(gcx_canon *c, const gcx_json *record,
                         gcx_buf *out, gcx_canon_notes *notes,
                         gcx_error *err)
{
    gcx_status st;

    c->err = err;
    c->notes = notes;
    if (notes) {
        notes->inexact = 0;
        gcx_error_clear(&notes->first);
    }
    c->nmem = c->nitems = c->nspans = 0;
    gcx_buf_reset(&c->text);
    if (!record)
        return cn_fail(c, NULL, NULL, GCX_E_USAGE, "no record");
    if (!out)
        return cn_fail(c, NULL, record, GCX_E_USAGE, "no output buffer");
    st = cn_value(c, cn_record_node(c, record), record, NULL, 0, out,
                  NULL);
    c->err = NULL;
    c->notes = NULL;
    return st;
}

/* ------------------------------------------------------------------ API */

gcx_canon_options gcx_canon_options_default(void)
{
    gcx_canon_options o;

    memset(&o, 0, sizeof o);
    return o;
}

gcx_status gcx_canon_new(gcx_canon **out, const gcx_schema *s,
                         const gcx_canon_options *opt, gcx_error *err)
{
    UErrorCode ust = U_ZERO_ERROR;
    gcx_canon *c;

    if (!out)
        return gcx_error_set(err, GCX_E_USAGE, "no result pointer");
    *out = NULL;
    c = gcx_calloc(1, sizeof *c);
    if (!c)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    c->schema = s;
    c->no_sets = opt ? opt->no_sets : 0;
    c->no_nfc = opt ? opt->no_nfc : 0;
    c->nfc = unorm2_getNFCInstance(&ust);
    if (U_FAILURE(ust) || !c->nfc) {
        gcx_free(c);
        return gcx_error_set(err, GCX_E_INTERNAL, "ICU has no NFC "
                             "normalizer: %s", u_errorName(ust));
    }
    gcx_buf_init(&c->text, 0);
    gcx_buf_init(&c->sort, 0);
    *out = c;
    return GCX_OK;
}

void gcx_canon_free(gcx_canon *c)
{
    size_t i;

    if (!c)
        return;
    gcx_free(c->u16);
    gcx_free(c->n16);
    gcx_buf_free(&c->text);
    gcx_buf_free(&c->sort);
    gcx_free(c->mem);
    gcx_free(c->items);
    gcx_free(c->spans);
    for (i = 0; i < c->info_cap; i++)
        gcx_free(c->info[i].rel);
    gcx_free(c->info);
    if (c->cloc)
        freelocale(c->cloc);
    EVP_MD_CTX_free(c->md_ctx);
    gcx_free(c);
}

gcx_status gcx_canon_record(gcx_canon *c, const gcx_json *record,
                            gcx_buf *out, gcx_canon_notes *notes,
                            gcx_error *err)
{
    if (!c)
        return gcx_error_set(err, GCX_E_USAGE, "no canonical writer");
    c->stamp = 0;
    return cn_run(c, record, out, notes, err);
}

/* cn_hex: the lowercase hex of n bytes of md into hex. */
static void cn_hex(const unsigned char *md, unsigned n, char *hex)
{
    static const char digits[] = "0123456789abcdef";
    unsigned i;

    for (i = 0; i < n; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[2 * n] = '\0';
}

gcx_status gcx_canon_fingerprint(const char *bytes, size_t len,
                                 char hex[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned n = 0;

    hex[0] = '\0';
    if (!bytes && len)
        return GCX_E_USAGE;
    if (!EVP_Digest(bytes ? bytes : "", len, md, &n, EVP_sha256(), NULL) ||
        n != 32)
        return GCX_E_INTERNAL;
    cn_hex(md, n, hex);
    return GCX_OK;
}

gcx_status gcx_canon_digest(gcx_canon *c, const char *bytes, size_t len,
                            char hex[65], gcx_error *err)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned n = 0;

    hex[0] = '\0';
    if (!c || (!bytes && len))
        return gcx_error_set(err, GCX_E_USAGE, "no canonical writer or "
                             "bytes");
    if (!c->md_ctx && !(c->md_ctx = EVP_MD_CTX_new()))
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    if (!EVP_DigestInit_ex(c->md_ctx, EVP_sha256(), NULL) ||
        !EVP_DigestUpdate(c->md_ctx, bytes ? bytes : "", len) ||
        !EVP_DigestFinal_ex(c->md_ctx, md, &n) || n != 32)
        return gcx_error_set(err, GCX_E_INTERNAL, "libcrypto cannot "
                             "compute SHA-256");
    cn_hex(md, n, hex);
    return GCX_OK;
}

gcx_status gcx_canon_record_stamped(gcx_canon *c, const gcx_json *record,
                                    gcx_buf *out, char hex[65],
                                    gcx_canon_notes *notes,
                                    gcx_error *err)
{
    static const char key[] = "\"" GCX_CANON_FINGERPRINT_KEY "\":\""
                              GCX_CANON_FINGERPRINT_PREFIX;
    char h[65], member[sizeof key + 64 + 4];
    size_t start, m = 0, at;
    gcx_status st;

    if (hex)
        hex[0] = '\0';
    if (notes) {
        notes->inexact = 0;
        gcx_error_clear(&notes->first);
    }
    if (!c)
        return gcx_error_set(err, GCX_E_USAGE, "no canonical writer");
    if (record && record->type != GCX_JSON_OBJECT) {
        c->err = err;
        st = cn_fail(c, NULL, record, GCX_E_INVALID, "the record is not "
                     "an object: it cannot be stamped with its "
                     "fingerprint");
        c->err = NULL;
        return st;
    }
    start = out ? out->len : 0;
    c->stamp = 1;
    c->stamp_off = CN_NONE;
    c->stamp_before = 0;
    c->stamp_members = 0;
    st = cn_run(c, record, out, notes, err);
    c->stamp = 0;
    if (st)
        return st;
    st = gcx_canon_digest(c, out->data + start, out->len - start, h, err);
    if (st)
        return st;
    if (!c->stamp_before && c->stamp_members)
        member[m++] = ',';
    memcpy(member + m, key, sizeof key - 1);
    m += sizeof key - 1;
    memcpy(member + m, h, 64);
    m += 64;
    member[m++] = '"';
    if (c->stamp_before)
        member[m++] = ',';
    at = c->stamp_off;
    st = gcx_buf_reserve(out, m);
    if (st)
        return gcx_error_set(err, st, st == GCX_E_LIMIT
                                          ? "canonical record too large "
                                            "for the output buffer"
                                          : "out of memory");
    memmove(out->data + at + m, out->data + at, out->len - at);
    memcpy(out->data + at, member, m);
    out->len += m;
    out->data[out->len] = '\0';
    if (hex)
        memcpy(hex, h, 65);
    return GCX_OK;
}

gcx_status gcx_canon_write(const gcx_schema *s, const gcx_json *record,
                           gcx_buf *out, gcx_error *err)
{
    gcx_canon *c = NULL;
    gcx_status st = gcx_canon_new(&c, s, NULL, err);

    if (st)
        return st;
    st = gcx_canon_record(c, record, out, NULL, err);
    gcx_canon_free(c);
    return st;
}
