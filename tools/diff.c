/* tools/diff.c - gcx-diff: the keyed difference of two snapshots of
 * records (added, removed, changed, with every changed field), as text,
 * a JSON report or a delta of RFC 6902 patches (docs/delta-format.md).
 * Inputs are sorted by key in bounded memory (gcx/extsort.h): each
 * input is read, made canonical, keyed and sorted in a thread of its own,
 * then the two are merged. A record is parsed once; the key is scanned
 * from its canonical text, and only records whose canonical bytes differ
 * are parsed again to name the changed fields.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gcx/canon.h>
#include <gcx/diff.h>
#include <gcx/extsort.h>
#include <gcx/schema.h>

#define PROG "gcx-diff"
#define MAX_POINTERS 64

static const char usage_text[] =
    "Usage: " PROG " [OPTION]... OLD NEW\n"
    "Compare two snapshots of records matched by key: report the records\n"
    "added, removed and changed, and for each changed record every changed\n"
    "field with its old and new value. Records are compared in canonical\n"
    "form (docs/canonical-json.md). One of OLD and NEW may be - (standard\n"
    "input). Gzip input is detected and decompressed.\n"
    "\n"
    "      --key=POINTER        a JSON Pointer whose value is part of the\n"
    "                           key; repeat for more (default: /recordType\n"
    "                           /identifiers/0/scheme /identifiers/0/value)\n"
    "      --ignore=POINTER     ignore this field and everything below it\n"
    "                           (repeatable), for example /provenance\n"
    "      --format=FORMAT      text (default), json (a report) or delta\n"
    "                           (docs/delta-format.md)\n"
    "      --fold-names         compare Arabic names (/name/.../ar) under a\n"
    "                           folding key; spellings that fold the same\n"
    "                           are reported as variants, not changes\n"
    "      --canonical          the inputs are already canonical NDJSON, as\n"
    "                           gcx-canon writes it: do not canonicalise\n"
    "                           (faster; see docs/diff.md for what a\n"
    "                           non-canonical line then does)\n"
    "      --sorted             the inputs are already sorted by key: merge\n"
    "                           them in one pass (an unsorted input is an\n"
    "                           error)\n"
    "      --memory=SIZE        memory budget for sorting (default 256M;\n"
    "                           K, M, G suffixes); beyond it records go to\n"
    "                           temporary files\n"
    "      --tmpdir=DIR         where temporary files go (default $TMPDIR\n"
    "                           or /tmp)\n"
    "      --schema=FILE        the canonical schema definition (default:\n"
    "                           the installed gcx-canonical-v1.json)\n"
    "      --no-schema          read no schema: no array is a set\n"
    "      --layout=LAYOUT      ndjson (default), array or auto\n"
    "      --no-color           no colours in text output (colours are\n"
    "                           used only on a terminal)\n"
    "  -o, --output=FILE        write to FILE, replaced only on success\n"
    "  -q, --quiet              no progress line and no summary\n"
    "  -h, --help               show this help and exit\n"
    "  -V, --version            show the version and exit\n"
    "\n"
    "A key that appears twice in one input is an error. Without -q a\n"
    "summary of the counts goes to standard error (text and delta).\n"
    "\n"
    "Exit status: 0 no difference, 1 differences, 2 invalid input (with\n"
    "a diagnostic) or usage error, as diff(1), 3 input/output error,\n"
    "4 bad schema definition, 5 out of memory or internal error.\n";

enum {
    OPT_KEY = 256, OPT_IGNORE, OPT_FORMAT, OPT_FOLD, OPT_SORTED,
    OPT_MEMORY, OPT_TMPDIR, OPT_SCHEMA, OPT_NO_SCHEMA, OPT_LAYOUT,
    OPT_NO_COLOR, OPT_CANONICAL
};

static const struct option long_options[] = {
    {"key", required_argument, NULL, OPT_KEY},
    {"ignore", required_argument, NULL, OPT_IGNORE},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"fold-names", no_argument, NULL, OPT_FOLD},
    {"sorted", no_argument, NULL, OPT_SORTED},
    {"canonical", no_argument, NULL, OPT_CANONICAL},
    {"memory", required_argument, NULL, OPT_MEMORY},
    {"tmpdir", required_argument, NULL, OPT_TMPDIR},
    {"schema", required_argument, NULL, OPT_SCHEMA},
    {"no-schema", no_argument, NULL, OPT_NO_SCHEMA},
    {"layout", required_argument, NULL, OPT_LAYOUT},
    {"no-color", no_argument, NULL, OPT_NO_COLOR},
    {"output", required_argument, NULL, 'o'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}
};

static const char *const default_key[] = {
    "/recordType", "/identifiers/0/scheme", "/identifiers/0/value"
};

enum { FMT_TEXT, FMT_JSON, FMT_DELTA };

typedef struct settings {
    const char *keys[MAX_POINTERS];
    size_t nkeys;
    const char *ignore[MAX_POINTERS];
    size_t nignore;
    int format;
    int fold;
    int sorted;
    int canonical;
    size_t memory;
    const char *tmpdir;
    const char *schema_path;
    int no_schema;
    gcx_json_layout layout;
    int no_color;
    const char *output;
} settings;

/* One input: its reader, its sorter (none with --sorted) and the
 * current record. */
typedef struct side {
    const char *path;
    gcx_input *in;
    gcx_json_reader *r;
    gcx_canon *canon;
    gcx_extsort *sort;
    gcx_buf raw;                /* --canonical: bytes read, not used yet */
    size_t raw_pos;
    int raw_eof;
    int have;
    const char *k, *t;          /* current key and canonical text */
    size_t kl, tl;
    unsigned long long record;
    unsigned long line;
    gcx_buf key, text;          /* storage with --sorted */
    gcx_buf prev;               /* the previous key, for checks */
    unsigned long long prev_record;
    int has_prev;
    unsigned long long count;
    /* filling in a thread */
    gcx_error err;
    gcx_status st;
    size_t budget;
    int progress;               /* this side draws the progress line */
    struct state *S;
} side;

typedef struct state {
    gcxt_tool *t;
    const settings *s;
    const gcx_schema *schema;
    gcx_canon *canon;           /* fingerprints of removed records */
    gcx_arena *arena;           /* per changed record: the diff */
    gcx_buf scratch;
    gcx_output *o;
    gcx_diff_options dopt;
    int color;
    /* counts */
    unsigned long long added, removed, changed, unchanged, variants;
    /* per changed record */
    gcx_buf changes, vars, patch, line;
    gcx_jw pw;
    int npatch;
    /* temporary sections: json report or delta body */
    FILE *sec[4];
    int sec_first[4];
    gcx_error *err;
} state;

enum { SEC_ADDED, SEC_REMOVED, SEC_CHANGED, SEC_VARIANTS };

/* ------------------------------------------------------------ helpers */

static gcx_status nomem(gcx_error *err)
{
    return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
}

/* temp_file: an unlinked temporary file in dir (NULL: $TMPDIR, /tmp). */
static FILE *temp_file(const char *dir, gcx_error *err)
{
    char path[4096];
    int fd;
    FILE *f;

    if (!dir || !*dir)
        dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    snprintf(path, sizeof path, "%s/gcx-diff.XXXXXX", dir);
    fd = mkstemp(path);
    if (fd < 0) {
        gcx_error_set(err, GCX_E_IO, "cannot create a temporary file in "
                      "%s: %s", dir, strerror(errno));
        return NULL;
    }
    unlink(path);
    f = fdopen(fd, "w+b");
    if (!f) {
        close(fd);
        gcx_error_set(err, GCX_E_IO, "cannot open a temporary file: %s",
                      strerror(errno));
    }
    return f;
}

/* key_json: append the key as a JSON array (a missing value is null). */
static gcx_status key_json(gcx_buf *b, const char *k, size_t kl)
{
    size_t i = 0;
    gcx_status st = gcx_buf_putc(b, '[');

    while (!st && i < kl) {
        size_t j = i;

        while (j < kl && k[j] != 0)
            j++;
        if (i)
            st = gcx_buf_putc(b, ',');
        if (!st) {
            if (j - i == 1 && k[i] == 0x01)
                st = gcx_buf_puts(b, "null");
            else
                st = gcx_buf_append(b, k + i, j - i);
        }
        i = j + 1;
    }
    if (!st)
        st = gcx_buf_putc(b, ']');
    return st;
}

static gcx_status out_buf(state *S, gcx_buf *b)
{
    return gcx_output_write(S->o, b->data, b->len, S->err);
}

/* sec_write: append the bytes of b to temporary section n, after a
 * separator when it is not the first item. */
static gcx_status sec_write(state *S, int n, const char *sep, gcx_buf *b)
{
    if (!S->sec[n]) {
        S->sec[n] = temp_file(S->s->tmpdir, S->err);
        if (!S->sec[n])
            return GCX_E_IO;
        S->sec_first[n] = 1;
    }
    if ((!S->sec_first[n] && fputs(sep, S->sec[n]) == EOF) ||
        fwrite(b->data, 1, b->len, S->sec[n]) != b->len)
        return gcx_error_set(S->err, GCX_E_IO, "cannot write a temporary "
                             "file: %s", strerror(errno));
    S->sec_first[n] = 0;
    return GCX_OK;
}

/* sec_copy: copy temporary section n to the output. */
static gcx_status sec_copy(state *S, int n)
{
    char buf[65536];
    size_t got;
    gcx_status st = GCX_OK;

    if (!S->sec[n])
        return GCX_OK;
    if (fflush(S->sec[n]) != 0 || fseek(S->sec[n], 0, SEEK_SET) != 0)
        return gcx_error_set(S->err, GCX_E_IO, "cannot read a temporary "
                             "file: %s", strerror(errno));
    while (!st && (got = fread(buf, 1, sizeof buf, S->sec[n])) > 0)
        st = gcx_output_write(S->o, buf, got, S->err);
    if (!st && ferror(S->sec[n]))
        st = gcx_error_set(S->err, GCX_E_IO, "cannot read a temporary "
                           "file");
    return st;
}

static const char *col(const state *S, const char *code)
{
    return S->color ? code : "";
}

/* ------------------------------------------------------------ reading */

static void name_record(gcx_error *err, const side *sd,
                        unsigned long long record, unsigned long line)
{
    if (!err->record)
        err->record = record;
    if (!err->line) {
        err->line = line;
        err->column = 0;
    }
    if (!err->file[0])
        gcx_error_at(err, sd->path && strcmp(sd->path, "-") ?
                     sd->path : "<stdin>", err->line, err->column);
}

/* next_line: --canonical: the next non-empty line of sd into sd->text;
 * *got 0 at the end. */
static gcx_status next_line(side *sd, int *got, gcx_error *err)
{
    gcx_buf *r = &sd->raw;

    *got = 0;
    for (;;) {
        char *p = r->data ? r->data + sd->raw_pos : NULL;
        char *nl = p ? memchr(p, '\n', r->len - sd->raw_pos) : NULL;
        size_t n;
        gcx_status st;

        if (!nl && sd->raw_eof) {
            if (!p || sd->raw_pos == r->len)
                return GCX_OK;
            nl = r->data + r->len;
        }
        if (nl) {
            n = (size_t)(nl - p);
            sd->raw_pos += n + (sd->raw_pos + n < r->len);
            sd->line++;
            if (n && p[n - 1] == '\r')
                n--;
            if (!n)
                continue;
            gcx_buf_reset(&sd->text);
            if (gcx_buf_append(&sd->text, p, n))
                return nomem(err);
            *got = 1;
            return GCX_OK;
        }
        /* keep the partial line, read more */
        if (sd->raw_pos) {
            memmove(r->data, r->data + sd->raw_pos, r->len - sd->raw_pos);
            r->len -= sd->raw_pos;
            sd->raw_pos = 0;
        }
        if (gcx_buf_reserve(&sd->raw, (size_t)1 << 20))
            return nomem(err);
        st = gcx_input_read(sd->in, r->data + r->len, (size_t)1 << 20, &n,
                            err);
        if (st)
            return st;
        r->len += n;
        if (!n)
            sd->raw_eof = 1;
    }
}

/* load: read, canonicalise and key the next record of sd into sd->key
 * and sd->text; *got 0 at the end. The record is parsed once; the key
 * is scanned from the canonical text. */
static gcx_status load(state *S, side *sd, int *got, gcx_error *err)
{
    gcx_json *v;
    gcx_status st;
    const char *const *keys = S->s->nkeys ? S->s->keys : NULL;

    *got = 0;
    if (S->s->canonical) {
        int have;

        st = next_line(sd, &have, err);
        if (st || !have)
            return st;
        sd->record = sd->count + 1;
    } else {
        st = gcx_json_reader_next(sd->r, &v, err);
        if (st || !v)
            return st;
        sd->record = gcx_json_reader_record(sd->r);
        sd->line = gcx_json_reader_line(sd->r);
        gcx_buf_reset(&sd->text);
        st = gcx_canon_record(sd->canon, v, &sd->text, NULL, err);
    }
    gcx_buf_reset(&sd->key);
    if (!st)
        st = gcx_record_key_canonical(sd->text.data, sd->text.len, keys,
                                      S->s->nkeys, &sd->key, err);
    if (st) {
        name_record(err, sd, sd->record, sd->line);
        return st;
    }
    sd->count++;
    *got = 1;
    return GCX_OK;
}

static gcx_status open_side(state *S, side *sd, const char *path)
{
    gcx_json_reader_options ro = gcx_json_reader_options_default();
    gcx_status st;

    ro.layout = S->s->layout;
    sd->path = path;
    gcx_buf_init(&sd->key, 0);
    gcx_buf_init(&sd->text, 0);
    gcx_buf_init(&sd->prev, 0);
    gcx_buf_init(&sd->raw, 0);
    sd->S = S;
    st = gcx_input_open(&sd->in, path, S->err);
    if (!st && !S->s->canonical)
        st = gcx_json_reader_new(&sd->r, sd->in, &ro, S->err);
    if (!st && !S->s->canonical)
        st = gcx_canon_new(&sd->canon, S->schema, NULL, S->err);
    return st;
}

/* fill: every record of sd into its sorter; sd->st and sd->err say how
 * it went. Runs in a thread of its own: it touches only sd, the
 * settings and, for the side that draws it, the progress line. */
static void *fill(void *arg)
{
    side *sd = arg;
    state *S = sd->S;
    gcx_error *err = &sd->err;
    gcx_status st;
    int got = 1;

    st = gcx_extsort_new(&sd->sort, sd->budget, S->s->tmpdir, err);
    if (!st && sd->progress)
        gcxt_progress_begin(S->t, sd->in);
    while (!st) {
        st = load(S, sd, &got, err);
        if (st || !got)
            break;
        st = gcx_extsort_add(sd->sort, sd->key.data, sd->key.len,
                             sd->text.data, sd->text.len, sd->record,
                             sd->line, err);
        if (sd->progress)
            gcxt_progress_tick(S->t);
    }
    if (sd->progress)
        gcxt_progress_end(S->t);
    if (!st)
        st = gcx_extsort_finish(sd->sort, err);
    sd->st = st;
    return NULL;
}

/* fill_both: fill the two sorters at once, one thread each (the NEW
 * side in a new thread, the OLD one here); on error, OLD's error first,
 * as when they are read one after the other. */
static gcx_status fill_both(state *S, side *a, side *b, size_t half)
{
    pthread_t th;
    int threaded;

    a->budget = b->budget = half;
    a->progress = 1;
    gcx_error_clear(&a->err);
    gcx_error_clear(&b->err);
    threaded = pthread_create(&th, NULL, fill, b) == 0;
    fill(a);
    if (threaded)
        pthread_join(th, NULL);
    else if (!a->st)
        fill(b);
    if (a->st) {
        *S->err = a->err;
        return a->st;
    }
    *S->err = b->err;
    return b->st;
}

static int keycmp(const char *a, size_t al, const char *b, size_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);

    if (c)
        return c;
    return al < bl ? -1 : al > bl;
}

/* advance: make the next record of sd current, checking that keys are
 * unique (and, with --sorted, ascending). */
static gcx_status advance(state *S, side *sd)
{
    gcx_status st = GCX_OK;

    if (sd->have) {
        gcx_buf_reset(&sd->prev);
        if (gcx_buf_append(&sd->prev, sd->k, sd->kl))
            return nomem(S->err);
        sd->prev_record = sd->record;
        sd->has_prev = 1;
    }
    sd->have = 0;
    if (sd->sort) {
        int r = gcx_extsort_next(sd->sort, &sd->k, &sd->kl, &sd->t,
                                 &sd->tl, &sd->record, &sd->line, S->err);

        if (r < 0)
            return (gcx_status)-r;
        sd->have = r;
    } else {
        int got;

        st = load(S, sd, &got, S->err);
        if (st)
            return st;
        sd->have = got;
        sd->k = sd->key.data;
        sd->kl = sd->key.len;
        sd->t = sd->text.data;
        sd->tl = sd->text.len;
    }
    if (sd->have && sd->has_prev) {
        int c = keycmp(sd->prev.data, sd->prev.len, sd->k, sd->kl);

        if (c >= 0) {
            gcx_buf_reset(&S->scratch);
            gcx_record_key_text(sd->k, sd->kl, &S->scratch);
            if (c == 0)
                gcx_error_set(S->err, GCX_E_INVALID, "key %s appears "
                              "twice: records %llu and %llu",
                              S->scratch.data ? S->scratch.data : "",
                              sd->prev_record, sd->record);
            else
                gcx_error_set(S->err, GCX_E_INVALID, "not sorted by key "
                              "(--sorted): key %s comes after record %llu",
                              S->scratch.data ? S->scratch.data : "",
                              sd->prev_record);
            name_record(S->err, sd, sd->record, sd->line);
            return GCX_E_INVALID;
        }
    }
    return GCX_OK;
}

/* ------------------------------------------------------------ reports */

static gcx_status write_value(gcx_buf *b, const gcx_json *v)
{
    gcx_jw w;

    gcx_jw_init(&w, b, 0);
    return gcx_jw_value(&w, v);
}

/* report_key_only: the text line "+ KEY" / "- KEY" or the JSON report's
 * list entry of an added or removed record (formats other than delta). */
static gcx_status report_key_only(state *S, const side *sd, char mark,
                                  const char *color, int section)
{
    gcx_buf *b = &S->line;
    gcx_status st;

    if (S->s->format == FMT_JSON) {
        if (key_json(b, sd->k, sd->kl))
            return nomem(S->err);
        return sec_write(S, section, ",\n", b);
    }
    st = gcx_buf_printf(b, "%s%c ", col(S, color), mark);
    if (!st)
        st = gcx_record_key_text(sd->k, sd->kl, b);
    if (!st)
        st = gcx_buf_printf(b, "%s\n", col(S, "\033[0m"));
    return st ? nomem(S->err) : out_buf(S, b);
}

static gcx_status report_added(state *S, const side *sd)
{
    gcx_buf *b = &S->line;
    gcx_status st;

    S->added++;
    gcx_buf_reset(b);
    switch (S->s->format) {
    case FMT_TEXT:
    case FMT_JSON:
        return report_key_only(S, sd, '+', "\033[32m", SEC_ADDED);
    default:
        st = gcx_buf_puts(b, "{\"op\":\"add\",\"key\":");
        if (!st)
            st = key_json(b, sd->k, sd->kl);
        if (!st)
            st = gcx_buf_puts(b, ",\"record\":");
        if (!st)
            st = gcx_buf_append(b, sd->t, sd->tl);
        if (!st)
            st = gcx_buf_puts(b, "}\n");
        return st ? nomem(S->err) : sec_write(S, 0, "", b);
    }
}

static gcx_status report_removed(state *S, const side *sd)
{
    gcx_buf *b = &S->line;
    gcx_status st;
    char hex[65];

    S->removed++;
    gcx_buf_reset(b);
    switch (S->s->format) {
    case FMT_TEXT:
    case FMT_JSON:
        return report_key_only(S, sd, '-', "\033[31m", SEC_REMOVED);
    default:
        st = gcx_canon_digest(S->canon, sd->t, sd->tl, hex, S->err);
        if (st)
            return st;
        st = gcx_buf_puts(b, "{\"op\":\"remove\",\"key\":");
        if (!st)
            st = key_json(b, sd->k, sd->kl);
        if (!st)
            st = gcx_buf_printf(b, ",\"fingerprint\":\"%s%s\"}\n",
                                GCX_CANON_FINGERPRINT_PREFIX, hex);
        return st ? nomem(S->err) : sec_write(S, 0, "", b);
    }
}

/* field: one changed field or variant, in the record's list b. */
static gcx_status field(state *S, gcx_buf *b, int is_variant,
                        const char *path, size_t plen,
                        const gcx_json *a, const gcx_json *n)
{
    gcx_status st = GCX_OK;

    if (S->s->format == FMT_TEXT) {
        st = gcx_buf_printf(b, "    %s%s: ",
                            col(S, is_variant ? "\033[36m" : "\033[33m"),
                            plen ? path : "(record)");
        if (!st)
            st = a ? write_value(b, a) : gcx_buf_puts(b, "(absent)");
        if (!st)
            st = gcx_buf_puts(b, is_variant ? " ~ " : " -> ");
        if (!st)
            st = n ? write_value(b, n) : gcx_buf_puts(b, "(absent)");
        if (!st)
            st = gcx_buf_printf(b, "%s%s\n",
                                is_variant ? " (spelling variant)" : "",
                                col(S, "\033[0m"));
    } else if (S->s->format == FMT_JSON) {
        if (b->len)
            st = gcx_buf_putc(b, ',');
        if (!st)
            st = gcx_buf_puts(b, "{\"path\":");
        if (!st)
            st = gcx_json_escape(b, path, plen);
        if (!st && a) {
            st = gcx_buf_puts(b, ",\"old\":");
            if (!st)
                st = write_value(b, a);
        }
        if (!st && n) {
            st = gcx_buf_puts(b, ",\"new\":");
            if (!st)
                st = write_value(b, n);
        }
        if (!st)
            st = gcx_buf_putc(b, '}');
    }
    return st ? nomem(S->err) : GCX_OK;
}

static gcx_status on_op(void *ctx, gcx_patch_op op, const char *path,
                        size_t plen, const gcx_json *value)
{
    state *S = ctx;
    gcx_jw *w = &S->pw;

    if (S->s->format != FMT_DELTA)
        return GCX_OK;
    S->npatch++;
    gcx_jw_begin_object(w);
    gcx_jw_key(w, "op", 2);
    gcx_jw_string(w, gcx_patch_op_name(op), strlen(gcx_patch_op_name(op)));
    gcx_jw_key(w, "path", 4);
    gcx_jw_string(w, path, plen);
    if (value) {
        gcx_jw_key(w, "value", 5);
        gcx_jw_value(w, value);
    }
    gcx_jw_end_object(w);
    return w->status ? nomem(S->err) : GCX_OK;
}

static gcx_status on_change(void *ctx, const char *path, size_t plen,
                            const gcx_json *a, const gcx_json *n)
{
    state *S = ctx;

    return field(S, &S->changes, 0, path, plen, a, n);
}

static gcx_status on_variant(void *ctx, const char *path, size_t plen,
                             const gcx_json *a, const gcx_json *n)
{
    state *S = ctx;

    return field(S, &S->vars, 1, path, plen, a, n);
}

/* compare: two records with the same key and different bytes. */
static gcx_status compare(state *S, const side *a, const side *b)
{
    gcx_json *va, *vb;
    gcx_diff_sink sink;
    size_t nch = 0, nvar = 0;
    gcx_status st;
    gcx_buf *l = &S->line;

    gcx_arena_reset(S->arena);
    st = gcx_json_parse(a->t, a->tl, a->path, NULL, S->arena, &va, S->err);
    if (!st)
        st = gcx_json_parse(b->t, b->tl, b->path, NULL, S->arena, &vb,
                            S->err);
    if (st)
        return st;
    gcx_buf_reset(&S->changes);
    gcx_buf_reset(&S->vars);
    gcx_buf_reset(&S->patch);
    gcx_jw_init(&S->pw, &S->patch, 0);
    gcx_jw_begin_array(&S->pw);
    S->npatch = 0;
    sink.ctx = S;
    sink.op = on_op;
    sink.change = on_change;
    sink.variant = on_variant;
    st = gcx_diff_records(va, vb, &S->dopt, &sink, &nch, &nvar, S->err);
    if (st)
        return st;
    gcx_jw_end_array(&S->pw);
    if (nch)
        S->changed++;
    else
        S->unchanged++;
    if (nvar)
        S->variants++;
    if (!nch && !nvar)
        return GCX_OK;
    gcx_buf_reset(l);
    switch (S->s->format) {
    case FMT_TEXT:
        st = gcx_buf_printf(l, "%s%c ", col(S, nch ? "\033[33m"
                                                   : "\033[36m"),
                            nch ? '~' : '=');
        if (!st)
            st = gcx_record_key_text(a->k, a->kl, l);
        if (!st)
            st = gcx_buf_printf(l, "%s\n", col(S, "\033[0m"));
        if (!st)
            st = gcx_buf_append(l, S->changes.data, S->changes.len);
        if (!st)
            st = gcx_buf_append(l, S->vars.data, S->vars.len);
        return st ? nomem(S->err) : out_buf(S, l);
    case FMT_JSON:
        if (nch) {
            st = gcx_buf_puts(l, "{\"key\":");
            if (!st)
                st = key_json(l, a->k, a->kl);
            if (!st)
                st = gcx_buf_puts(l, ",\"changes\":[");
            if (!st)
                st = gcx_buf_append(l, S->changes.data, S->changes.len);
            if (!st)
                st = gcx_buf_puts(l, "]}");
            if (st)
                return nomem(S->err);
            st = sec_write(S, SEC_CHANGED, ",\n", l);
            if (st)
                return st;
        }
        if (nvar) {
            gcx_buf_reset(l);
            st = gcx_buf_puts(l, "{\"key\":");
            if (!st)
                st = key_json(l, a->k, a->kl);
            if (!st)
                st = gcx_buf_puts(l, ",\"variants\":[");
            if (!st)
                st = gcx_buf_append(l, S->vars.data, S->vars.len);
            if (!st)
                st = gcx_buf_puts(l, "]}");
            if (st)
                return nomem(S->err);
            st = sec_write(S, SEC_VARIANTS, ",\n", l);
        }
        return st;
    default:
        if (!nch)
            return GCX_OK;
        if (S->pw.status)
            return nomem(S->err);
        st = gcx_buf_puts(l, "{\"op\":\"change\",\"key\":");
        if (!st)
            st = key_json(l, a->k, a->kl);
        if (!st)
            st = gcx_buf_puts(l, ",\"patch\":");
        if (!st)
            st = gcx_buf_append(l, S->patch.data, S->patch.len);
        if (!st)
            st = gcx_buf_puts(l, "}\n");
        return st ? nomem(S->err) : sec_write(S, 0, "", l);
    }
}

/* merge: walk both sorted inputs in key order. */
static gcx_status merge(state *S, side *a, side *b)
{
    gcx_status st = advance(S, a);

    if (!st)
        st = advance(S, b);
    while (!st && (a->have || b->have)) {
        int c = !a->have ? 1 : !b->have ? -1
                : keycmp(a->k, a->kl, b->k, b->kl);

        if (c < 0) {
            st = report_removed(S, a);
            if (!st)
                st = advance(S, a);
        } else if (c > 0) {
            st = report_added(S, b);
            if (!st)
                st = advance(S, b);
        } else {
            if (a->tl == b->tl && memcmp(a->t, b->t, a->tl) == 0)
                S->unchanged++;
            else
                st = compare(S, a, b);
            if (!st)
                st = advance(S, a);
            if (!st)
                st = advance(S, b);
        }
    }
    return st;
}

/* finish_output: the JSON report or the delta, from the sections. */
static gcx_status finish_output(state *S, const side *a, const side *b)
{
    gcx_buf *l = &S->line;
    gcx_status st = GCX_OK;
    size_t i;
    static const char *const names[] = {"added", "removed", "changed",
                                        "variants"};
    const char *const *keys = S->s->nkeys ? S->s->keys : default_key;
    size_t nkeys = S->s->nkeys ? S->s->nkeys : 3;

    gcx_buf_reset(l);
    if (S->s->format == FMT_JSON) {
        st = gcx_buf_printf(l, "{\"summary\":{\"old\":%llu,\"new\":%llu,"
                            "\"added\":%llu,\"removed\":%llu,"
                            "\"changed\":%llu,\"unchanged\":%llu,"
                            "\"variants\":%llu}",
                            a->count, b->count, S->added, S->removed,
                            S->changed, S->unchanged, S->variants);
        if (st)
            return nomem(S->err);
        st = out_buf(S, l);
        for (i = 0; !st && i < 4; i++) {
            gcx_buf_reset(l);
            if (gcx_buf_printf(l, ",\n\"%s\":[%s", names[i],
                               S->sec[i] ? "\n" : ""))
                return nomem(S->err);
            st = out_buf(S, l);
            if (!st)
                st = sec_copy(S, i);
            if (!st)
                st = gcx_output_write(S->o, S->sec[i] ? "\n]" : "]",
                                      S->sec[i] ? 2 : 1, S->err);
        }
        if (!st)
            st = gcx_output_write(S->o, "}\n", 2, S->err);
        return st;
    }
    if (S->s->format == FMT_DELTA) {
        st = gcx_buf_puts(l, "{\"gcxDelta\":1,\"key\":[");
        for (i = 0; !st && i < nkeys; i++) {
            if (i)
                st = gcx_buf_putc(l, ',');
            if (!st)
                st = gcx_json_escape(l, keys[i], strlen(keys[i]));
        }
        if (!st)
            st = gcx_buf_printf(l, "],\"added\":%llu,\"removed\":%llu,"
                                "\"changed\":%llu}\n", S->added,
                                S->removed, S->changed);
        if (st)
            return nomem(S->err);
        st = out_buf(S, l);
        if (!st)
            st = sec_copy(S, 0);
    }
    return st;
}

static gcx_status run(gcxt_tool *t, const settings *s,
                      const gcx_schema *schema, const char *old_path,
                      const char *new_path, gcx_output *o, state *S,
                      side *a, side *b, gcx_error *err)
{
    gcx_status st;
    /* the two sorters fill at once: together they get three quarters
     * of the budget, the rest is for the readers and the merge */
    size_t half = s->memory / 8 * 3;

    S->t = t;
    S->s = s;
    S->o = o;
    S->err = err;
    S->dopt = gcx_diff_options_default();
    S->dopt.ignore = s->ignore;
    S->dopt.nignore = s->nignore;
    S->dopt.fold_names = s->fold;
    S->schema = schema;
    S->arena = gcx_arena_new();
    if (!S->arena)
        return nomem(err);
    st = gcx_canon_new(&S->canon, schema, NULL, err);
    if (!st)
        st = open_side(S, a, old_path);
    if (!st)
        st = open_side(S, b, new_path);
    if (!st && !s->sorted)
        st = fill_both(S, a, b, half);
    if (!st)
        st = merge(S, a, b);
    if (!st)
        st = finish_output(S, a, b);
    return st;
}

static void free_side(side *sd)
{
    gcx_extsort_free(sd->sort);
    gcx_canon_free(sd->canon);
    gcx_buf_free(&sd->raw);
    gcx_json_reader_free(sd->r);
    gcx_input_close(sd->in);
    gcx_buf_free(&sd->key);
    gcx_buf_free(&sd->text);
    gcx_buf_free(&sd->prev);
}

static void free_state(state *S)
{
    int i;

    for (i = 0; i < 4; i++)
        if (S->sec[i])
            fclose(S->sec[i]);
    gcx_canon_free(S->canon);
    gcx_arena_free(S->arena);
    gcx_buf_free(&S->scratch);
    gcx_buf_free(&S->changes);
    gcx_buf_free(&S->vars);
    gcx_buf_free(&S->patch);
    gcx_buf_free(&S->line);
}

static int add_pointer(gcxt_tool *t, const char **list, size_t *n,
                       const char *opt, const char *p)
{
    if (*p != '/')
        return gcxt_usage(t, "%s wants a JSON Pointer starting with '/', "
                          "got '%s'", opt, p);
    if (*n >= MAX_POINTERS)
        return gcxt_usage(t, "at most %d %s options", MAX_POINTERS, opt);
    list[(*n)++] = p;
    return 0;
}

/* diff_trouble: like diff(1), 1 only ever means "different": invalid
 * input (malformed, a duplicate key, --sorted input out of order), which
 * is exit 1 in the other tools, is 2 here, with usage errors. */
static int diff_trouble(int code)
{
    return code == GCXT_EXIT_DATA ? GCXT_EXIT_USAGE : code;
}

int gcxt_diff_run(int argc, char **argv, FILE *out, FILE *errf)
{
    int rc;
    gcxt_tool t;
    settings s;
    state S;
    side a, b;
    gcx_error err;
    gcx_schema *schema = NULL;
    gcx_output *o = NULL;
    gcx_status st;
    int c, code, differ;

    gcxt_init(&t, PROG, out, errf);
    memset(&s, 0, sizeof s);
    s.layout = GCX_JSON_LAYOUT_NDJSON;
    s.memory = (size_t)256 << 20;
    gcx_error_clear(&err);
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:qhV", long_options,
                            NULL)) != -1) {
        switch (c) {
        case OPT_KEY:
            if (add_pointer(&t, s.keys, &s.nkeys, "--key", optarg))
                return GCXT_EXIT_USAGE;
            break;
        case OPT_IGNORE:
            if (add_pointer(&t, s.ignore, &s.nignore, "--ignore", optarg))
                return GCXT_EXIT_USAGE;
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "text") == 0)
                s.format = FMT_TEXT;
            else if (strcmp(optarg, "json") == 0)
                s.format = FMT_JSON;
            else if (strcmp(optarg, "delta") == 0)
                s.format = FMT_DELTA;
            else
                return gcxt_usage(&t, "--format wants text, json or delta, "
                                      "got '%s'", optarg);
            break;
        case OPT_FOLD:
            s.fold = 1;
            break;
        case OPT_SORTED:
            s.sorted = 1;
            break;
        case OPT_CANONICAL:
            s.canonical = 1;
            break;
        case OPT_MEMORY:
            if (gcxt_parse_size(optarg, &s.memory) || s.memory == 0)
                return gcxt_usage(&t, "--memory wants a size such as 512M, "
                                      "got '%s'", optarg);
            break;
        case OPT_TMPDIR:
            s.tmpdir = optarg;
            break;
        case OPT_SCHEMA:
            s.schema_path = optarg;
            break;
        case OPT_NO_SCHEMA:
            s.no_schema = 1;
            break;
        case OPT_LAYOUT:
            if (gcxt_parse_layout(optarg, &s.layout))
                return gcxt_usage(&t, "--layout wants auto, ndjson or "
                                      "array, got '%s'", optarg);
            break;
        case OPT_NO_COLOR:
            s.no_color = 1;
            break;
        default:
            rc = gcxt_common_option(&t, c, argv, usage_text, &s.output,
                                    NULL);
            if (rc != GCXT_OPTION_NEXT)
                return rc;
            break;
        }
    }
    if (argc - optind != 2)
        return gcxt_usage(&t, "want two inputs, OLD and NEW; got %d",
                          argc - optind);
    if (strcmp(argv[optind], "-") == 0 && strcmp(argv[optind + 1], "-") == 0)
        return gcxt_usage(&t, "only one of OLD and NEW can be -");
    if (s.canonical && s.layout != GCX_JSON_LAYOUT_NDJSON)
        return gcxt_usage(&t, "--canonical reads NDJSON: no --layout");
    if (s.no_schema && s.schema_path)
        return gcxt_usage(&t, "--schema and --no-schema exclude each other");

    if (!s.no_schema) {
        st = gcx_schema_load(&schema, s.schema_path, &err);
        if (st)
            return gcxt_report(&t, &err);
    }
    memset(&S, 0, sizeof S);
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    gcx_buf_init(&S.scratch, 0);
    gcx_buf_init(&S.changes, 0);
    gcx_buf_init(&S.vars, 0);
    gcx_buf_init(&S.patch, 0);
    gcx_buf_init(&S.line, 0);
    S.color = s.format == FMT_TEXT && !s.no_color &&
              (!s.output || strcmp(s.output, "-") == 0) &&
              isatty(fileno(stdout)) && !(getenv("NO_COLOR") &&
                                          *getenv("NO_COLOR"));
    st = gcx_output_open(&o, s.output, 0, &err);
    if (!st)
        st = run(&t, &s, schema, argv[optind], argv[optind + 1], o, &S, &a,
                 &b, &err);
    if (st) {
        gcxt_output_fail(o);
        code = diff_trouble(gcxt_report(&t, &err));
    } else {
        st = gcx_output_commit(o, &err);
        differ = S.added || S.removed || S.changed;
        code = st ? diff_trouble(gcxt_report(&t, &err)) : differ ? 1 : 0;
        if (!st && !t.quiet && s.format != FMT_JSON) {
            fprintf(errf, "%s: %llu old, %llu new: %llu added, %llu "
                    "removed, %llu changed", PROG, a.count, b.count,
                    S.added, S.removed, S.changed);
            if (s.fold)
                fprintf(errf, ", %llu with spelling variants", S.variants);
            fputs("\n", errf);
        }
    }
    free_side(&a);
    free_side(&b);
    free_state(&S);
    gcx_schema_free(schema);
    return code;
}
