/* lib/extsort.c - record keys, and an external merge sort of NDJSON
 * records by key within a memory budget (gcx/extsort.h).
 *
 * Records are copied into blocks; past the budget they are sorted (a
 * stable merge sort on pointers) and spilled as a run of length-prefixed
 * records to an unlinked temporary file; runs are merged with a heap.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <gcx/extsort.h>
#include <gcx/json_out.h>

/* ------------------------------------------------------------ keys */

static const char *const default_key[] = {
    "/recordType", "/identifiers/0/scheme", "/identifiers/0/value"
};

/* jcs_string: s as an RFC 8785 string (quotes, \" \\ \b \f \n \r \t,
 * \u00xx for other controls, everything else as it is). */
static gcx_status jcs_string(gcx_buf *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    gcx_status st = gcx_buf_putc(out, '"');
    size_t i, from = 0;
    char esc[7];

    for (i = 0; !st && i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *e = NULL;

        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        switch (c) {
        case '"': e = "\\\""; break;
        case '\\': e = "\\\\"; break;
        case '\b': e = "\\b"; break;
        case '\f': e = "\\f"; break;
        case '\n': e = "\\n"; break;
        case '\r': e = "\\r"; break;
        case '\t': e = "\\t"; break;
        default:
            memcpy(esc, "\\u00", 4);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            esc[6] = 0;
            e = esc;
        }
        st = gcx_buf_append(out, s + from, i - from);
        if (!st)
            st = gcx_buf_puts(out, e);
        from = i + 1;
    }
    if (!st)
        st = gcx_buf_append(out, s + from, len - from);
    if (!st)
        st = gcx_buf_putc(out, '"');
    return st;
}

/* resolve: the value at the RFC 6901 pointer p in v, or NULL when there
 * is none; *bad set when p is malformed. */
static const gcx_json *resolve(const gcx_json *v, const char *p, int *bad)
{
    char seg[256];

    *bad = 0;
    if (*p && *p != '/') {
        *bad = 1;
        return NULL;
    }
    while (*p) {
        size_t n = 0, i;

        p++;
        while (*p && *p != '/') {
            char c = *p++;

            if (c == '~') {
                if (*p == '0')
                    c = '~';
                else if (*p == '1')
                    c = '/';
                else {
                    *bad = 1;
                    return NULL;
                }
                p++;
            }
            if (n + 1 >= sizeof seg) {
                *bad = 1;
                return NULL;
            }
            seg[n++] = c;
        }
        seg[n] = 0;
        if (!v)
            continue;
        if (v->type == GCX_JSON_OBJECT) {
            const gcx_json *found = NULL;

            for (i = 0; i < v->len; i++)
                if (v->u.members[i].key_len == n &&
                    memcmp(v->u.members[i].key, seg, n) == 0) {
                    found = v->u.members[i].value;
                    break;
                }
            v = found;
        } else if (v->type == GCX_JSON_ARRAY) {
            size_t idx = 0;

            if (n == 0 || (n > 1 && seg[0] == '0') || n > 18) {
                v = NULL;
                continue;
            }
            for (i = 0; i < n; i++) {
                if (seg[i] < '0' || seg[i] > '9')
                    break;
                idx = idx * 10 + (size_t)(seg[i] - '0');
            }
            v = (i == n && idx < v->len) ? v->u.items[idx] : NULL;
        } else {
            v = NULL;
        }
    }
    return v;
}

gcx_status gcx_record_key(const gcx_json *record, const char *const *pointers,
                          size_t npointers, gcx_buf *out, gcx_error *err)
{
    size_t i, old;
    gcx_status st = GCX_OK;

    if (!record || !out)
        return gcx_error_set(err, GCX_E_USAGE, "gcx_record_key: NULL");
    if (!pointers) {
        pointers = default_key;
        npointers = sizeof default_key / sizeof default_key[0];
    }
    old = out->len;
    for (i = 0; !st && i < npointers; i++) {
        int bad;
        const gcx_json *v = resolve(record, pointers[i], &bad);

        if (bad) {
            out->len = old;
            if (out->cap)
                out->data[old] = 0;
            return gcx_error_set(err, GCX_E_INVALID,
                                 "malformed JSON Pointer '%s'", pointers[i]);
        }
        if (!v) {
            st = gcx_buf_putc(out, 0x01);
        } else if (v->type == GCX_JSON_STRING) {
            st = jcs_string(out, v->u.text, v->len);
        } else {
            gcx_jw w;

            gcx_jw_init(&w, out, 0);
            st = gcx_jw_value(&w, v);
        }
        if (!st)
            st = gcx_buf_putc(out, 0x00);
    }
    if (st)
        return gcx_error_set(err, st, "cannot build the record key%s",
                             st == GCX_E_NOMEM ? ": out of memory" : "");
    return GCX_OK;
}

gcx_status gcx_record_key_text(const char *key, size_t len, gcx_buf *out)
{
    size_t i = 0;
    gcx_status st = GCX_OK;
    int first = 1;

    while (!st && i < len) {
        size_t j = i;

        while (j < len && key[j] != 0)
            j++;
        if (!first)
            st = gcx_buf_putc(out, '/');
        first = 0;
        if (st)
            break;
        if (j - i == 1 && key[i] == 0x01)
            ; /* missing: nothing between the slashes */
        else if (j - i >= 2 && key[i] == '"' && key[j - 1] == '"')
            st = gcx_buf_append(out, key + i + 1, j - i - 2);
        else
            st = gcx_buf_append(out, key + i, j - i);
        i = j + 1;
    }
    return st;
}

/* ------------------------------------------------------------ scanning
 *
 * The key of a record in canonical text, found without building a tree:
 * compact JSON (no white space outside strings), so a value is skipped
 * by counting brackets outside strings. Whatever looks unusual (white
 * space, a string with an escape, a key value that is not a string) is
 * left to the parser, so the key is always gcx_record_key's. */

/* skip_string: p at '"'; the position after the closing quote, or NULL.
 * esc (may be NULL) set when the string has an escape. */
static const char *skip_string(const char *p, const char *end, int *esc)
{
    const char *from = ++p;

    while (p < end) {
        const char *q = memchr(p, '"', (size_t)(end - p));
        const char *b;

        if (!q)
            return NULL;
        for (b = q; b > from && b[-1] == '\\'; b--)
            ;
        if ((q - b) % 2 == 0) {
            if (esc && memchr(from, '\\', (size_t)(q - from)))
                *esc = 1;
            return q + 1;
        }
        p = q + 1;
    }
    return NULL;
}

/* skip_value: the position after the value at p, or NULL. */
static const char *skip_value(const char *p, const char *end)
{
    size_t depth = 0;

    do {
        if (p >= end)
            return NULL;
        switch (*p) {
        case '"':
            p = skip_string(p, end, NULL);
            if (!p)
                return NULL;
            continue;
        case '{':
        case '[':
            depth++;
            break;
        case '}':
        case ']':
            if (!depth)
                return NULL;
            depth--;
            break;
        case ' ': case '\t': case '\n': case '\r':
            return NULL;
        default:
            if (!depth) {
                while (p < end && *p != ',' && *p != '}' && *p != ']')
                    p++;
                return p;
            }
        }
        p++;
    } while (depth);
    return p;
}

#define MAX_MARKS 8

/* Where a pointer's first segments led: after the segments that end at
 * ptr[len], the value at pos; so the next pointer with the same first
 * segments starts there. */
typedef struct mark {
    size_t len;
    const char *pos;
} mark;

/* scan_pointer: the value at pointer ptr in the text [p, end), starting
 * at ptr + from (a segment boundary) with p at the value found so far:
 * *vs and *ve its bytes, or *vs NULL when there is none; marks (nmarks)
 * receive the value after each segment. 0 done, -1 when the parser must
 * decide (malformed pointer or unusual text). */
static int scan_pointer(const char *p, const char *end, const char *ptr,
                        size_t from, const char **vs, const char **ve,
                        mark *marks, size_t *nmarks)
{
    char seg[256];
    const char *ptr0 = ptr;

    *vs = *ve = NULL;
    *nmarks = 0;
    if (*ptr && *ptr != '/')
        return -1;
    ptr += from;
    while (*ptr) {
        size_t n = 0;

        if (*nmarks < MAX_MARKS && p) {
            marks[*nmarks].len = (size_t)(ptr - ptr0);
            marks[(*nmarks)++].pos = p;
        }

        ptr++;
        while (*ptr && *ptr != '/') {
            char c = *ptr++;

            if (c == '~') {
                if (*ptr != '0' && *ptr != '1')
                    return -1;
                c = *ptr++ == '0' ? '~' : '/';
            }
            if (n + 1 >= sizeof seg)
                return -1;
            seg[n++] = c;
        }
        if (!p)
            continue;
        if (p < end && *p == '{') {
            const char *found = NULL;

            p++;
            if (p < end && *p == '}')
                p = NULL;
            while (p && !found) {
                const char *k, *q;
                int esc = 0;

                if (p >= end || *p != '"')
                    return -1;
                k = p + 1;
                q = skip_string(p, end, &esc);
                if (!q || esc || q >= end || *q != ':')
                    return -1;
                if ((size_t)(q - 1 - k) == n && memcmp(k, seg, n) == 0)
                    found = q + 1;
                else {
                    p = skip_value(q + 1, end);
                    if (!p || p >= end)
                        return -1;
                    if (*p == '}')
                        p = NULL;
                    else if (*p == ',')
                        p++;
                    else
                        return -1;
                }
            }
            p = found;
        } else if (p < end && *p == '[') {
            size_t idx = 0, i;

            if (n == 0 || (n > 1 && seg[0] == '0') || n > 18) {
                p = NULL;
                continue;
            }
            for (i = 0; i < n; i++) {
                if (seg[i] < '0' || seg[i] > '9')
                    break;
                idx = idx * 10 + (size_t)(seg[i] - '0');
            }
            if (i < n) {
                p = NULL;
                continue;
            }
            p++;
            if (p < end && *p == ']')
                p = NULL;
            while (p && idx--) {
                p = skip_value(p, end);
                if (!p || p >= end)
                    return -1;
                if (*p == ']')
                    p = NULL;
                else if (*p == ',')
                    p++;
                else
                    return -1;
            }
        } else if (p < end && (*p == ' ' || *p == '\t' || *p == '\n' ||
                               *p == '\r')) {
            return -1;
        } else {
            p = NULL;
        }
    }
    if (p) {
        *vs = p;
        *ve = skip_value(p, end);
        if (!*ve)
            return -1;
    }
    return 0;
}

gcx_status gcx_record_key_canonical(const char *text, size_t len,
                                    const char *const *pointers,
                                    size_t npointers, gcx_buf *out,
                                    gcx_error *err)
{
    size_t i, j, old, nmarks = 0;
    gcx_status st = GCX_OK;
    const char *end = text + len;
    gcx_arena *a;
    gcx_json *v;
    mark marks[MAX_MARKS];

    if (!text || !out)
        return gcx_error_set(err, GCX_E_USAGE, "gcx_record_key_canonical: "
                             "NULL");
    if (!pointers) {
        pointers = default_key;
        npointers = sizeof default_key / sizeof default_key[0];
    }
    old = out->len;
    for (i = 0; !st && i < npointers; i++) {
        const char *vs, *ve, *from = text;
        size_t skip = 0;
        int esc = 0;

        /* the deepest place the previous pointer shares with this one */
        for (j = nmarks; i && j-- > 0;) {
            size_t l = marks[j].len;

            if (strncmp(pointers[i - 1], pointers[i], l) == 0 &&
                (pointers[i][l] == '/' || pointers[i][l] == 0)) {
                skip = l;
                from = marks[j].pos;
                break;
            }
        }
        if (scan_pointer(from, end, pointers[i], skip, &vs, &ve, marks,
                         &nmarks) < 0 ||
            (vs && (*vs != '"' || skip_string(vs, ve, &esc) != ve ||
                    esc)))
            break;
        if (!vs)
            st = gcx_buf_putc(out, 0x01);
        else
            st = gcx_buf_append(out, vs, (size_t)(ve - vs));
        if (!st)
            st = gcx_buf_putc(out, 0x00);
    }
    if (st)
        return gcx_error_set(err, st, "cannot build the record key%s",
                             st == GCX_E_NOMEM ? ": out of memory" : "");
    if (i == npointers && (len == 0 || text[0] == '{'))
        return GCX_OK;
    /* the parser decides: the whole record, as gcx_record_key */
    out->len = old;
    if (out->cap)
        out->data[old] = 0;
    a = gcx_arena_new();
    if (!a)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    st = gcx_json_parse(text, len, NULL, NULL, a, &v, err);
    if (!st)
        st = gcx_record_key(v, pointers, npointers, out, err);
    gcx_arena_free(a);
    return st;
}

/* ------------------------------------------------------------ sorter */

typedef struct entry {
    const char *data;           /* key, then text */
    size_t klen, tlen;
    unsigned long long record;
    unsigned long line;
} entry;

typedef struct block {
    struct block *next;
    size_t used, cap;
    char data[];
} block;

/* One run on disk while merging, with its current record. */
typedef struct source {
    FILE *f;
    size_t run;                 /* run number: the tie-break */
    gcx_buf cur;                /* key then text */
    size_t klen, tlen;
    unsigned long long record;
    unsigned long line;
} source;

/* On-disk record header. */
typedef struct rec_head {
    uint64_t klen, tlen, record, line;
} rec_head;

#define MAX_FAN_IN 64
#define MAX_RECORD ((size_t)1 << 31)

struct gcx_extsort {
    size_t budget;
    char *tmpdir;
    size_t used;                /* bytes of blocks and arrays */
    block *blocks;
    size_t block_size;
    entry *entries;
    size_t n, cap;
    entry **order, **tmp;       /* sorting: pointers into entries */
    FILE **runs;
    size_t nruns, runs_cap, spilled;
    int finished;
    /* reading */
    size_t pos;                 /* in-memory: next index in order */
    source *src;
    size_t nsrc;                /* sources open (live or exhausted) */
    size_t *heap, nheap;
    int advance;                /* the top source must move on first */
};

gcx_status gcx_extsort_new(gcx_extsort **out, size_t budget,
                           const char *tmpdir, gcx_error *err)
{
    gcx_extsort *s;
    const char *dir = tmpdir;

    if (!out)
        return gcx_error_set(err, GCX_E_USAGE, "gcx_extsort_new: NULL");
    *out = NULL;
    if (!dir || !*dir)
        dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    s = gcx_calloc(1, sizeof *s);
    if (!s || !(s->tmpdir = gcx_strdup(dir))) {
        gcx_free(s);
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    }
    s->budget = budget < ((size_t)1 << 20) ? ((size_t)1 << 20) : budget;
    s->block_size = s->budget / 16;
    if (s->block_size > ((size_t)4 << 20))
        s->block_size = (size_t)4 << 20;
    *out = s;
    return GCX_OK;
}

size_t gcx_extsort_runs(const gcx_extsort *s)
{
    return s ? s->spilled : 0;
}

/* free_memory: drop the in-memory records (after a spill). */
static void free_memory(gcx_extsort *s)
{
    while (s->blocks) {
        block *b = s->blocks;

        s->blocks = b->next;
        gcx_free(b);
    }
    gcx_free(s->entries);
    gcx_free(s->order);
    gcx_free(s->tmp);
    s->entries = NULL;
    s->order = s->tmp = NULL;
    s->n = s->cap = 0;
    s->used = 0;
}

static int entry_cmp(const entry *a, const entry *b)
{
    size_t n = a->klen < b->klen ? a->klen : b->klen;
    int c = memcmp(a->data, b->data, n);

    if (c)
        return c;
    return a->klen < b->klen ? -1 : a->klen > b->klen;
}

/* sort_memory: order[] = the entries, stably sorted by key (bottom-up
 * merge sort). */
static gcx_status sort_memory(gcx_extsort *s, gcx_error *err)
{
    size_t i, width;
    entry **a, **b;

    gcx_free(s->order);
    gcx_free(s->tmp);
    s->order = gcx_malloc((s->n ? s->n : 1) * sizeof *s->order);
    s->tmp = gcx_malloc((s->n ? s->n : 1) * sizeof *s->tmp);
    if (!s->order || !s->tmp)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory sorting");
    for (i = 0; i < s->n; i++)
        s->order[i] = &s->entries[i];
    a = s->order;
    b = s->tmp;
    for (width = 1; width < s->n; width *= 2) {
        for (i = 0; i < s->n; i += 2 * width) {
            size_t lo = i, mid = i + width, hi = i + 2 * width;
            size_t l, r, k = lo;

            if (mid > s->n)
                mid = s->n;
            if (hi > s->n)
                hi = s->n;
            l = lo;
            r = mid;
            while (l < mid && r < hi)
                b[k++] = entry_cmp(a[r], a[l]) < 0 ? a[r++] : a[l++];
            while (l < mid)
                b[k++] = a[l++];
            while (r < hi)
                b[k++] = a[r++];
        }
        {
            entry **t = a;

            a = b;
            b = t;
        }
    }
    if (a != s->order) {
        s->tmp = s->order;
        s->order = a;
    }
    return GCX_OK;
}

/* temp_file: a new temporary file in tmpdir, already unlinked. */
static FILE *temp_file(gcx_extsort *s, gcx_error *err)
{
    size_t n = strlen(s->tmpdir) + 32;
    char *path = gcx_malloc(n);
    int fd;
    FILE *f;

    if (!path) {
        gcx_error_set(err, GCX_E_NOMEM, "out of memory");
        return NULL;
    }
    snprintf(path, n, "%s/gcx-sort.XXXXXX", s->tmpdir);
    fd = mkstemp(path);
    if (fd < 0) {
        gcx_error_set(err, GCX_E_IO, "cannot create a temporary file in "
                      "%s: %s", s->tmpdir, strerror(errno));
        gcx_free(path);
        return NULL;
    }
    unlink(path);
    gcx_free(path);
    f = fdopen(fd, "w+b");
    if (!f) {
        close(fd);
        gcx_error_set(err, GCX_E_IO, "cannot open a temporary file: %s",
                      strerror(errno));
    }
    return f;
}

static gcx_status write_record(FILE *f, const char *key, size_t klen,
                               const char *text, size_t tlen,
                               unsigned long long record, unsigned long line,
                               gcx_error *err)
{
    rec_head h;

    h.klen = klen;
    h.tlen = tlen;
    h.record = record;
    h.line = line;
    if (fwrite(&h, sizeof h, 1, f) != 1 ||
        (klen && fwrite(key, 1, klen, f) != klen) ||
        (tlen && fwrite(text, 1, tlen, f) != tlen))
        return gcx_error_set(err, GCX_E_IO, "cannot write a temporary "
                             "file: %s", strerror(errno));
    return GCX_OK;
}

static gcx_status add_run(gcx_extsort *s, FILE *f, gcx_error *err)
{
    if (s->nruns == s->runs_cap) {
        size_t cap = s->runs_cap ? 2 * s->runs_cap : 16;
        FILE **r = gcx_realloc(s->runs, cap * sizeof *r);

        if (!r)
            return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
        s->runs = r;
        s->runs_cap = cap;
    }
    s->runs[s->nruns++] = f;
    return GCX_OK;
}

/* spill: sort the records in memory and write them as a new run. */
static gcx_status spill(gcx_extsort *s, gcx_error *err)
{
    gcx_status st = sort_memory(s, err);
    FILE *f;
    size_t i;

    if (st)
        return st;
    f = temp_file(s, err);
    if (!f)
        return err ? err->code : GCX_E_IO;
    st = add_run(s, f, err);
    if (st) {
        fclose(f);
        return st;
    }
    for (i = 0; !st && i < s->n; i++) {
        const entry *e = s->order[i];

        st = write_record(f, e->data, e->klen, e->data + e->klen, e->tlen,
                          e->record, e->line, err);
    }
    if (!st && fflush(f) != 0)
        st = gcx_error_set(err, GCX_E_IO, "cannot write a temporary file: "
                           "%s", strerror(errno));
    s->spilled++;
    free_memory(s);
    return st;
}

gcx_status gcx_extsort_add(gcx_extsort *s, const char *key, size_t klen,
                           const char *text, size_t tlen,
                           unsigned long long record, unsigned long line,
                           gcx_error *err)
{
    size_t need = klen + tlen;
    block *b;
    entry *e;
    gcx_status st;

    if (!s || s->finished || (!key && klen) || (!text && tlen))
        return gcx_error_set(err, GCX_E_USAGE, "gcx_extsort_add: misuse");
    if (need >= MAX_RECORD)
        return gcx_error_set(err, GCX_E_LIMIT, "record of %zu bytes is too "
                             "large to sort", need);
    /* the cost of one more record: its bytes, its entry and its two
     * sorting pointers */
    if (s->n && s->used + need + sizeof(entry) + 2 * sizeof(entry *)
                    + (s->blocks && s->blocks->cap - s->blocks->used >= need
                           ? 0 : s->block_size) > s->budget) {
        st = spill(s, err);
        if (st)
            return st;
    }
    b = s->blocks;
    if (!b || b->cap - b->used < need) {
        size_t cap = need > s->block_size ? need : s->block_size;

        b = gcx_malloc(sizeof *b + cap);
        if (!b)
            return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
        b->cap = cap;
        b->used = 0;
        b->next = s->blocks;
        s->blocks = b;
        s->used += cap + sizeof *b;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap + s->cap / 2 : 1024;
        entry *ne = gcx_realloc(s->entries, cap * sizeof *ne);

        if (!ne)
            return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
        s->used += (cap - s->cap) * (sizeof *ne + 2 * sizeof(entry *));
        s->entries = ne;
        s->cap = cap;
    }
    e = &s->entries[s->n++];
    e->data = b->data + b->used;
    if (klen)
        memcpy(b->data + b->used, key, klen);
    if (tlen)
        memcpy(b->data + b->used + klen, text, tlen);
    b->used += need;
    e->klen = klen;
    e->tlen = tlen;
    e->record = record;
    e->line = line;
    return GCX_OK;
}

/* read_next: load the next record of src; 1 read, 0 at the end, or a
 * negative status. */
static int read_next(source *src, gcx_error *err)
{
    rec_head h;
    size_t n;
    gcx_status st;

    n = fread(&h, 1, sizeof h, src->f);
    if (n == 0 && feof(src->f))
        return 0;
    if (n != sizeof h || h.klen + h.tlen >= MAX_RECORD) {
        gcx_error_set(err, GCX_E_IO, "cannot read a temporary file%s",
                      ferror(src->f) ? "" : ": truncated");
        return -GCX_E_IO;
    }
    gcx_buf_reset(&src->cur);
    st = gcx_buf_reserve(&src->cur, (size_t)(h.klen + h.tlen));
    if (st) {
        gcx_error_set(err, st, "out of memory reading a temporary file");
        return -(int)st;
    }
    n = (size_t)(h.klen + h.tlen);
    if (n && fread(src->cur.data, 1, n, src->f) != n) {
        gcx_error_set(err, GCX_E_IO, "cannot read a temporary file");
        return -GCX_E_IO;
    }
    src->cur.len = n;
    src->cur.data[n] = 0;
    src->klen = (size_t)h.klen;
    src->tlen = (size_t)h.tlen;
    src->record = h.record;
    src->line = (unsigned long)h.line;
    return 1;
}

static int src_less(const source *a, const source *b)
{
    size_t n = a->klen < b->klen ? a->klen : b->klen;
    int c = memcmp(a->cur.data, b->cur.data, n);

    if (c)
        return c < 0;
    if (a->klen != b->klen)
        return a->klen < b->klen;
    return a->run < b->run;
}

static void sift_down(source *src, size_t *heap, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, m = i, t;

        if (l < n && src_less(&src[heap[l]], &src[heap[m]]))
            m = l;
        if (l + 1 < n && src_less(&src[heap[l + 1]], &src[heap[m]]))
            m = l + 1;
        if (m == i)
            return;
        t = heap[i];
        heap[i] = heap[m];
        heap[m] = t;
        i = m;
    }
}

static void free_sources(gcx_extsort *s)
{
    size_t i;

    if (s->src)
        for (i = 0; i < s->nsrc; i++)
            gcx_buf_free(&s->src[i].cur);
    gcx_free(s->src);
    gcx_free(s->heap);
    s->src = NULL;
    s->heap = NULL;
    s->nheap = s->nsrc = 0;
}

/* open_merge: sources for runs[from..to), heap built. */
static gcx_status open_merge(gcx_extsort *s, size_t from, size_t to,
                             gcx_error *err)
{
    size_t i, k = to - from, live = 0;

    s->src = gcx_calloc(k ? k : 1, sizeof *s->src);
    s->heap = gcx_calloc(k ? k : 1, sizeof *s->heap);
    if (!s->src || !s->heap)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    s->nsrc = k;
    for (i = 0; i < k; i++) {
        int r;

        s->src[i].f = s->runs[from + i];
        s->src[i].run = from + i;
        gcx_buf_init(&s->src[i].cur, MAX_RECORD + 1);
        if (fseek(s->src[i].f, 0, SEEK_SET) != 0)
            return gcx_error_set(err, GCX_E_IO, "cannot rewind a temporary "
                                 "file: %s", strerror(errno));
        r = read_next(&s->src[i], err);
        if (r < 0)
            return (gcx_status)-r;
        if (r)
            s->heap[live++] = i;
    }
    s->nheap = live;
    for (i = live / 2; i-- > 0;)
        sift_down(s->src, s->heap, s->nheap, i);
    return GCX_OK;
}

/* pop_advance: move the top source on to its next record. */
static int pop_advance(gcx_extsort *s, gcx_error *err)
{
    source *top = &s->src[s->heap[0]];
    int r = read_next(top, err);

    if (r < 0)
        return r;
    if (!r) {
        size_t t = s->heap[0];

        s->heap[0] = s->heap[--s->nheap];
        s->heap[s->nheap] = t;  /* keep the index, for free_sources */
    }
    if (s->nheap)
        sift_down(s->src, s->heap, s->nheap, 0);
    return 1;
}

/* merge_pass: while there are too many runs, merge groups of them into
 * new runs, so the final merge keeps a bounded number of files open. */
static gcx_status merge_pass(gcx_extsort *s, gcx_error *err)
{
    while (s->nruns > MAX_FAN_IN) {
        size_t from = s->nruns - MAX_FAN_IN, i, total = MAX_FAN_IN;
        FILE *f = temp_file(s, err);
        gcx_status st = GCX_OK;

        if (!f)
            return err ? err->code : GCX_E_IO;
        st = open_merge(s, from, s->nruns, err);
        while (!st && s->nheap) {
            source *top = &s->src[s->heap[0]];
            int r;

            st = write_record(f, top->cur.data, top->klen,
                              top->cur.data + top->klen, top->tlen,
                              top->record, top->line, err);
            if (st)
                break;
            r = pop_advance(s, err);
            if (r < 0)
                st = (gcx_status)-r;
        }
        for (i = 0; i < total; i++)
            fclose(s->runs[from + i]);
        /* the merged run keeps the place (and so the tie-break order) of
         * the runs it replaces: they were the last ones */
        free_sources(s);
        s->nruns = from;
        if (!st && fflush(f) != 0)
            st = gcx_error_set(err, GCX_E_IO, "cannot write a temporary "
                               "file: %s", strerror(errno));
        if (st) {
            fclose(f);
            return st;
        }
        s->runs[s->nruns++] = f;
    }
    return GCX_OK;
}

gcx_status gcx_extsort_finish(gcx_extsort *s, gcx_error *err)
{
    gcx_status st;

    if (!s || s->finished)
        return gcx_error_set(err, GCX_E_USAGE, "gcx_extsort_finish: "
                             "misuse");
    s->finished = 1;
    if (!s->nruns) {
        s->pos = 0;
        return sort_memory(s, err);
    }
    if (s->n) {
        st = spill(s, err);
        if (st)
            return st;
    }
    free_memory(s);
    st = merge_pass(s, err);
    if (!st)
        st = open_merge(s, 0, s->nruns, err);
    return st;
}

int gcx_extsort_next(gcx_extsort *s, const char **key, size_t *klen,
                     const char **text, size_t *tlen,
                     unsigned long long *record, unsigned long *line,
                     gcx_error *err)
{
    const char *k, *t;
    size_t kl, tl;
    unsigned long long rec;
    unsigned long ln;

    if (!s || !s->finished) {
        gcx_error_set(err, GCX_E_USAGE, "gcx_extsort_next: not finished");
        return -GCX_E_USAGE;
    }
    if (!s->nruns) {
        const entry *e;

        if (s->pos >= s->n)
            return 0;
        e = s->order[s->pos++];
        k = e->data;
        kl = e->klen;
        t = e->data + e->klen;
        tl = e->tlen;
        rec = e->record;
        ln = e->line;
    } else {
        source *top;

        if (s->advance) {
            int r = pop_advance(s, err);

            s->advance = 0;
            if (r < 0)
                return r;
        }
        if (!s->nheap)
            return 0;
        top = &s->src[s->heap[0]];
        s->advance = 1;
        k = top->cur.data;
        kl = top->klen;
        t = top->cur.data + top->klen;
        tl = top->tlen;
        rec = top->record;
        ln = top->line;
    }
    if (key)
        *key = k;
    if (klen)
        *klen = kl;
    if (text)
        *text = t;
    if (tlen)
        *tlen = tl;
    if (record)
        *record = rec;
    if (line)
        *line = ln;
    return 1;
}

void gcx_extsort_free(gcx_extsort *s)
{
    size_t i;

    if (!s)
        return;
    free_sources(s);
    for (i = 0; i < s->nruns; i++)
        fclose(s->runs[i]);
    gcx_free(s->runs);
    free_memory(s);
    gcx_free(s->tmpdir);
    gcx_free(s);
}
