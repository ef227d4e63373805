/* lib/xml_out.c - the streaming XML writer (gcx/xml_out.h).
 *
 * Appends XML to a gcx_buf, keeping a stack of open element names. Text
 * is escaped by the Canonical XML rules and scanned in runs of plain
 * bytes that are copied at once. Every call writes all or nothing: on an
 * error the buffer and the writer are as they were before the call.
 */
#include "internal.h"

#include <gcx/xml_out.h>

struct gcx_xw {
    gcx_buf *out;
    int tag_open;       /* the last start tag still lacks its '>' */
    unsigned depth;     /* open elements */
    unsigned cap;       /* room in ends */
    size_t *ends;       /* ends[i]: end of name i in names */
    gcx_buf names;      /* the open element names, one after another */
};

/* Byte classes: copy as it is, escape, never allowed, a byte of a
 * multi-byte UTF-8 sequence (checked), CR where it cannot be written. */
enum { C_PLAIN = 0, C_ESC = 1, C_BAD = 2, C_HIGH = 3, C_CR = 4 };

#define HIGH16 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3
#define HIGH128 HIGH16, HIGH16, HIGH16, HIGH16, HIGH16, HIGH16, HIGH16, HIGH16

/* text: & < > and CR are escaped; TAB and LF are written as they are */
static const unsigned char text_class[256] = {
    2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 2, 2, 1, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    HIGH128
};

/* attribute values: & < " TAB LF CR are escaped (> is not) */
static const unsigned char attr_class[256] = {
    2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 2, 2, 1, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    HIGH128
};

/* CDATA, comments and PI data: nothing can be escaped, and a CR would
 * come back as LF, so it is refused */
static const unsigned char raw_class[256] = {
    2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 2, 2, 4, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    HIGH128
};

/* ------------------------------------------------------------- names */

/* XML 1.0 fifth edition NameStartChar without ':'. The libxml2 parser
 * uses these rules; xmlValidateQName still uses the fourth edition's and
 * would refuse names (U+2070, U+10000, ...) that the parser accepts, so
 * a document read by libxml2 could not be written back. */
static int name_start(uint32_t c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               c == '_';
    return (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) ||
           (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) ||
           (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) ||
           (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
           (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
           (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}

static int name_char(uint32_t c)
{
    if (c < 0x80)
        return name_start(c) || c == '-' || c == '.' ||
               (c >= '0' && c <= '9');
    return name_start(c) || c == 0xB7 || (c >= 0x300 && c <= 0x36F) ||
           (c >= 0x203F && c <= 0x2040);
}

/* ncname_len: bytes of the NCName at the start of s (stops at ':' or the
 * first byte that cannot continue it); 0 when s does not start with one. */
static size_t ncname_len(const unsigned char *s, size_t n)
{
    size_t i = 0, k;
    uint32_t cp;

    while (i < n) {
        if (s[i] < 0x80) {
            cp = s[i];
            k = 1;
        } else if ((k = gcxi_utf8_check(s + i, n - i, &cp)) == 0) {
            break;
        }
        if (i == 0 ? !name_start(cp) : !name_char(cp))
            break;
        i += k;
    }
    return i;
}

/* qname_ok: 1 when s is NCName or NCName ':' NCName. */
static int qname_ok(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t a = ncname_len(p, n);

    if (a == 0)
        return 0;
    if (a == n)
        return 1;
    if (p[a] != ':' || a + 1 == n)
        return 0;
    return ncname_len(p + a + 1, n - a - 1) == n - a - 1;
}

/* ---------------------------------------------------------- helpers */

/* A printable excerpt of a name for messages. */
#define SHOW_MAX 80
#define SHOW(len) ((int)((len) < SHOW_MAX ? (len) : SHOW_MAX))

static gcx_status buf_error(gcx_error *err, gcx_status st)
{
    return gcx_error_set(err, st, "cannot write XML: %s",
                         gcx_status_text(st));
}

/* rollback: undo a partial write, back to mark bytes. */
static void rollback(gcx_xw *w, size_t mark, int tag_open)
{
    w->out->len = mark;
    if (w->out->data)
        w->out->data[mark] = '\0';
    w->tag_open = tag_open;
}

/* scan_plain: skip bytes that are written as they are: class C_PLAIN and
 * well-formed UTF-8 sequences of allowed characters. Returns the first
 * byte that needs attention, or end. */
static const unsigned char *scan_plain(const unsigned char *cls,
                                       const unsigned char *p,
                                       const unsigned char *end)
{
    size_t n;
    uint32_t cp;

    for (;;) {
        while (p < end && cls[*p] == C_PLAIN)
            p++;
        if (p == end || cls[*p] != C_HIGH)
            return p;
        n = gcxi_utf8_check(p, (size_t)(end - p), &cp);
        if (n == 0 || cp == 0xFFFE || cp == 0xFFFF)
            return p;
        p += n;
    }
}

/* bad_char: the error for the character at p, which scan_plain stopped
 * at and which cannot be written in context what. */
static gcx_status bad_char(gcx_error *err, const unsigned char *p,
                           const unsigned char *end, const char *what)
{
    uint32_t cp;

    if (*p == '\r')
        return gcx_error_set(err, GCX_E_INVALID,
                             "a carriage return (U+000D) cannot be kept "
                             "in %s (XML reads it as a line feed)", what);
    if (*p < 0x80)
        return gcx_error_set(err, GCX_E_INVALID,
                             "character U+%04X is not allowed in XML "
                             "(in %s)", (unsigned)*p, what);
    if (gcxi_utf8_check(p, (size_t)(end - p), &cp) == 0)
        return gcx_error_set(err, GCX_E_INVALID,
                             "invalid UTF-8 (byte 0x%02X) in %s",
                             (unsigned)*p, what);
    return gcx_error_set(err, GCX_E_INVALID,
                         "character U+%04X is not allowed in XML (in %s)",
                         (unsigned)cp, what);
}

static const char *escape_of(unsigned char c, size_t *n)
{
    const char *r;

    switch (c) {
    case '&': r = "&amp;"; break;
    case '<': r = "&lt;"; break;
    case '>': r = "&gt;"; break;
    case '"': r = "&quot;"; break;
    case '\t': r = "&#x9;"; break;
    case '\n': r = "&#xA;"; break;
    default: r = "&#xD;"; break;
    }
    *n = strlen(r);
    return r;
}

/* put_escaped: append s escaped by the class table cls. */
static gcx_status put_escaped(gcx_buf *b, const unsigned char *cls,
                              const char *s, size_t len, const char *what,
                              gcx_error *err)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    const unsigned char *run;
    const char *rep;
    size_t n;
    gcx_status st;

    while (p < end) {
        run = p;
        p = scan_plain(cls, p, end);
        if (p > run) {
            st = gcx_buf_append(b, run, (size_t)(p - run));
            if (st)
                return buf_error(err, st);
        }
        if (p == end)
            break;
        if (cls[*p] != C_ESC)
            return bad_char(err, p, end, what);
        rep = escape_of(*p, &n);
        st = gcx_buf_append(b, rep, n);
        if (st)
            return buf_error(err, st);
        p++;
    }
    return GCX_OK;
}

/* check_raw: s may be written unescaped in context what. */
static gcx_status check_raw(const char *s, size_t len, const char *what,
                            gcx_error *err)
{
    const unsigned char *p = (const unsigned char *)s, *end;

    if (len == 0)
        return GCX_OK; /* s may be NULL then */
    end = p + len;
    p = scan_plain(raw_class, p, end);
    return p == end ? GCX_OK : bad_char(err, p, end, what);
}

/* find: 1 when the len bytes of s contain the NUL-terminated needle. */
static int contains(const char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle), i;

    for (i = 0; i + n <= len; i++)
        if (s[i] == needle[0] && memcmp(s + i, needle, n) == 0)
            return 1;
    return 0;
}

/* close_tag: finish a start tag still open, before content. */
static gcx_status close_tag(gcx_xw *w)
{
    if (!w->tag_open)
        return GCX_OK;
    w->tag_open = 0;
    return gcx_buf_putc(w->out, '>');
}

/* --------------------------------------------------------------- API */

gcx_xw *gcx_xw_new(gcx_buf *out)
{
    gcx_xw *w = gcx_calloc(1, sizeof *w);

    if (!w)
        return NULL;
    w->out = out;
    gcx_buf_init(&w->names, 0);
    return w;
}

void gcx_xw_free(gcx_xw *w)
{
    if (!w)
        return;
    gcx_buf_free(&w->names);
    gcx_free(w->ends);
    gcx_free(w);
}

gcx_status gcx_xw_declaration(gcx_xw *w, gcx_error *err)
{
    static const char decl[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    return gcx_xw_raw(w, decl, sizeof decl - 1, err);
}

/* push: remember an open element name. */
static gcx_status push_name(gcx_xw *w, const char *name, size_t len)
{
    gcx_status st;

    if (w->depth == w->cap) {
        unsigned cap = w->cap ? w->cap * 2 : 16;
        size_t *e;

        if (cap < w->cap)
            return GCX_E_LIMIT;
        e = gcx_realloc(w->ends, cap * sizeof *e);
        if (!e)
            return GCX_E_NOMEM;
        w->ends = e;
        w->cap = cap;
    }
    st = gcx_buf_append(&w->names, name, len);
    if (st)
        return st;
    w->ends[w->depth++] = w->names.len;
    return GCX_OK;
}

gcx_status gcx_xw_start(gcx_xw *w, const char *qname, size_t len,
                        gcx_error *err)
{
    size_t mark = w->out->len;
    int was_open = w->tag_open;
    gcx_status st;

    if (!qname_ok(qname, len))
        return gcx_error_set(err, GCX_E_INVALID,
                             "invalid element name \"%.*s\"", SHOW(len),
                             qname);
    st = close_tag(w);
    if (!st)
        st = gcx_buf_putc(w->out, '<');
    if (!st)
        st = gcx_buf_append(w->out, qname, len);
    if (!st)
        st = push_name(w, qname, len);
    if (st) {
        rollback(w, mark, was_open);
        return buf_error(err, st);
    }
    w->tag_open = 1;
    return GCX_OK;
}

gcx_status gcx_xw_attr(gcx_xw *w, const char *qname, size_t qlen,
                       const char *value, size_t vlen, gcx_error *err)
{
    size_t mark = w->out->len;
    gcx_status st;

    if (!w->tag_open)
        return gcx_error_set(err, GCX_E_USAGE,
                             "attribute \"%.*s\" written outside a start "
                             "tag", SHOW(qlen), qname);
    if (!qname_ok(qname, qlen))
        return gcx_error_set(err, GCX_E_INVALID,
                             "invalid attribute name \"%.*s\"", SHOW(qlen),
                             qname);
    st = gcx_buf_putc(w->out, ' ');
    if (!st)
        st = gcx_buf_append(w->out, qname, qlen);
    if (!st)
        st = gcx_buf_append(w->out, "=\"", 2);
    if (st) {
        rollback(w, mark, 1);
        return buf_error(err, st);
    }
    st = put_escaped(w->out, attr_class, value, vlen, "an attribute value",
                     err);
    if (!st) {
        st = gcx_buf_putc(w->out, '"');
        if (st)
            buf_error(err, st);
    }
    if (st)
        rollback(w, mark, 1);
    return st;
}

gcx_status gcx_xw_text(gcx_xw *w, const char *s, size_t len, gcx_error *err)
{
    size_t mark = w->out->len;
    int was_open = w->tag_open;
    gcx_status st = close_tag(w);

    if (st)
        st = buf_error(err, st);
    else
        st = put_escaped(w->out, text_class, s, len, "text", err);
    if (st)
        rollback(w, mark, was_open);
    return st;
}

/* A piece of output for put_pieces. */
typedef struct piece {
    const char *s;
    size_t n;
} piece;

/* put_pieces: append count pieces at once. content: they are content of
 * the current element, so a start tag still open is closed first. */
static gcx_status put_pieces(gcx_xw *w, int content, const piece *pc,
                             size_t count, gcx_error *err)
{
    size_t mark = w->out->len, total = 0, i;
    int was_open = w->tag_open;
    gcx_status st = content ? close_tag(w) : GCX_OK;

    for (i = 0; i < count; i++)
        total += pc[i].n;
    if (!st)
        st = gcx_buf_reserve(w->out, total);
    for (i = 0; !st && i < count; i++)
        st = gcx_buf_append(w->out, pc[i].s, pc[i].n);
    if (st) {
        rollback(w, mark, was_open);
        return buf_error(err, st);
    }
    return GCX_OK;
}

gcx_status gcx_xw_cdata(gcx_xw *w, const char *s, size_t len,
                        gcx_error *err)
{
    gcx_status st = check_raw(s, len, "a CDATA section", err);

    if (st)
        return st;
    if (contains(s, len, "]]>"))
        return gcx_error_set(err, GCX_E_INVALID,
                             "a CDATA section cannot contain \"]]>\"");
    {
        piece pc[3] = {{"<![CDATA[", 9}, {s, len}, {"]]>", 3}};

        return put_pieces(w, 1, pc, 3, err);
    }
}

gcx_status gcx_xw_comment(gcx_xw *w, const char *s, size_t len,
                          gcx_error *err)
{
    gcx_status st = check_raw(s, len, "a comment", err);

    if (st)
        return st;
    if (contains(s, len, "--") || (len > 0 && s[len - 1] == '-'))
        return gcx_error_set(err, GCX_E_INVALID,
                             "a comment cannot contain \"--\" or end "
                             "with \"-\"");
    {
        piece pc[3] = {{"<!--", 4}, {s, len}, {"-->", 3}};

        return put_pieces(w, 1, pc, 3, err);
    }
}

gcx_status gcx_xw_pi(gcx_xw *w, const char *target, size_t tlen,
                     const char *data, size_t dlen, gcx_error *err)
{
    const unsigned char *t = (const unsigned char *)target;
    gcx_status st;

    if (tlen == 0 || ncname_len(t, tlen) != tlen)
        return gcx_error_set(err, GCX_E_INVALID,
                             "invalid processing instruction target "
                             "\"%.*s\"", SHOW(tlen), target);
    if (tlen == 3 && (t[0] | 0x20) == 'x' && (t[1] | 0x20) == 'm' &&
        (t[2] | 0x20) == 'l')
        return gcx_error_set(err, GCX_E_INVALID,
                             "the processing instruction target \"%.*s\" "
                             "is reserved", SHOW(tlen), target);
    if (!data)
        dlen = 0;
    st = check_raw(data, dlen, "a processing instruction", err);
    if (st)
        return st;
    if (contains(data, dlen, "?>"))
        return gcx_error_set(err, GCX_E_INVALID,
                             "processing instruction data cannot contain "
                             "\"?>\"");
    {
        piece pc[5] = {{"<?", 2}, {target, tlen}, {" ", 1}, {data, dlen},
                       {"?>", 2}};

        if (dlen == 0) {
            pc[2] = pc[4];
            return put_pieces(w, 1, pc, 3, err);
        }
        return put_pieces(w, 1, pc, 5, err);
    }
}

gcx_status gcx_xw_end(gcx_xw *w, gcx_error *err)
{
    size_t start, end;
    gcx_status st;

    if (w->depth == 0)
        return gcx_error_set(err, GCX_E_USAGE,
                             "no open element to close");
    end = w->ends[w->depth - 1];
    start = w->depth > 1 ? w->ends[w->depth - 2] : 0;
    if (w->tag_open) {
        piece pc[1] = {{"/>", 2}};

        st = put_pieces(w, 0, pc, 1, err);
    } else {
        piece pc[3] = {{"</", 2}, {NULL, 0}, {">", 1}};

        pc[1].s = w->names.data + start;
        pc[1].n = end - start;
        st = put_pieces(w, 0, pc, 3, err);
    }
    if (st)
        return st;
    w->tag_open = 0;
    w->depth--;
    w->names.len = start;
    return GCX_OK;
}

gcx_status gcx_xw_raw(gcx_xw *w, const char *s, size_t len, gcx_error *err)
{
    piece pc[1];

    pc[0].s = s;
    pc[0].n = len;
    return put_pieces(w, 1, pc, 1, err);
}

unsigned gcx_xw_depth(const gcx_xw *w)
{
    return w->depth;
}
