/* tools/patch.c - gcx-patch: apply a delta (docs/delta-format.md) to a
 * snapshot and write the new snapshot as canonical NDJSON in key order.
 * All or nothing: a delta that does not apply writes no output at all
 * (stdout is held in a temporary file until the whole delta applied).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <gcx/canon.h>
#include <gcx/delta.h>
#include <gcx/extsort.h>
#include <gcx/json_in.h>
#include <gcx/jsonpatch.h>
#include <gcx/schema.h>

#define PROG "gcx-patch"

static const char usage_text[] =
    "Usage: " PROG " [OPTION]... SNAPSHOT DELTA\n"
    "Apply DELTA (a gcx delta, as gcx-diff writes it) to SNAPSHOT (NDJSON\n"
    "records) and write the new snapshot: each record in its canonical\n"
    "form, one a line, in key order. Either file may be -, for standard\n"
    "input, but not both. Gzip input is detected and decompressed.\n"
    "\n"
    "Every change must apply: a remove checks the record's fingerprint,\n"
    "a change runs its JSON Patch (RFC 6902) with every test, an add\n"
    "checks that the key is new. If anything fails, nothing is written:\n"
    "not even to standard output, which is held in a temporary file until\n"
    "the whole delta applied.\n"
    "\n"
    "      --schema=FILE        the canonical schema definition (default:\n"
    "                           the installed gcx-canonical-v1.json, or\n"
    "                           $GCX_DATA_DIR/canonical/ when it is set)\n"
    "      --sorted             SNAPSHOT is already sorted by key: read it\n"
    "                           once, in order, without sorting (checked)\n"
    "      --memory=SIZE        memory for sorting SNAPSHOT (default 256M;\n"
    "                           K, M, G suffixes); beyond it temporary\n"
    "                           files in $TMPDIR are used\n"
    "  -o, --output=FILE        write to FILE, replaced only on success\n"
    "  -z, --gzip               compress the output with gzip\n"
    "  -f, --force              write gzip output even to a terminal\n"
    "  -q, --quiet              no progress line\n"
    "  -h, --help               show this help and exit\n"
    "  -V, --version            show the version and exit\n"
    "\n"
    "Exit status: 0 success, 1 invalid input or a delta that does not\n"
    "apply, 2 usage error, 3 input/output error, 4 bad schema definition,\n"
    "5 out of memory or internal error.\n";

enum { OPT_SCHEMA = 256, OPT_SORTED, OPT_MEMORY };

static const struct option long_options[] = {
    {"schema", required_argument, NULL, OPT_SCHEMA},
    {"sorted", no_argument, NULL, OPT_SORTED},
    {"memory", required_argument, NULL, OPT_MEMORY},
    {"output", required_argument, NULL, 'o'},
    {"gzip", no_argument, NULL, 'z'},
    {"force", no_argument, NULL, 'f'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}
};

typedef struct settings {
    const char *schema_path;
    int sorted;
    size_t memory;
    const char *output;
    unsigned out_flags;
} settings;

/* The state of one run. */
typedef struct patcher {
    gcxt_tool *t;
    const settings *s;
    gcx_canon *canon;
    const gcx_delta_header *h;
    gcx_input *sin;             /* the snapshot */
    gcx_json_reader *sr;
    gcx_extsort *sort;
    gcx_input *din;             /* the delta */
    gcx_delta_reader *dr;
    gcx_output *o;
    FILE *hold;                 /* stdout's output until success */
    gcx_arena *arena;
    gcx_buf text, key, prev, scratch, ktext;
    gcx_buf ntext;              /* an added or changed record */
    int have_prev;
    unsigned long long srecord; /* snapshot record last read */
    unsigned long sline;
} patcher;

/* ------------------------------------------------------------ helpers */

static int keycmp(const char *a, size_t an, const char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);

    if (c)
        return c;
    return an < bn ? -1 : an > bn;
}

/* snap_error: name the snapshot's record in err; returns err->code. */
static gcx_status snap_error(patcher *p, gcx_error *err,
                             unsigned long long record, unsigned long line)
{
    if (!err->record)
        err->record = record;
    if (!err->line)
        err->line = line;
    if (!err->file[0])
        gcx_error_at(err, gcx_input_name(p->sin), err->line, err->column);
    return err->code;
}

/* canon_key: the canonical form of v into text, parsed again (so the
 * key is read after sets are sorted) and its key into key. */
static gcx_status canon_key(patcher *p, const gcx_json *v, gcx_buf *text,
                            gcx_buf *key, gcx_error *err)
{
    gcx_json *c = NULL;
    gcx_status st;

    gcx_buf_reset(text);
    st = gcx_canon_record(p->canon, v, text, NULL, err);
    if (!st)
        st = gcx_json_parse(text->data, text->len, "", NULL,
                            p->arena, &c, err);
    if (!st) {
        gcx_buf_reset(key);
        st = gcx_delta_record_key(p->canon, c, p->h->key, p->h->nkey, key,
                                  err);
    }
    return st;
}

/* emit: one output line. */
static gcx_status emit(patcher *p, const char *text, size_t len,
                       gcx_error *err)
{
    if (p->hold) {
        if (fwrite(text, 1, len, p->hold) != len ||
            putc('\n', p->hold) == EOF)
            return gcx_error_set(err, GCX_E_IO, "cannot write the "
                                 "temporary file holding the output");
        return GCX_OK;
    }
    if (gcx_output_write(p->o, text, len, err))
        return err->code;
    return gcx_output_write(p->o, "\n", 1, err);
}

/* ----------------------------------------------------------- snapshot */

/* read_one: the next snapshot record, canonical in p->text and keyed in
 * p->key; 1, 0 at the end, or -1 on error. */
static int read_one(patcher *p, gcx_error *err)
{
    gcx_json *v = NULL;
    gcx_status st;

    gcx_arena_reset(p->arena);
    st = gcx_json_reader_next(p->sr, &v, err);
    p->srecord = gcx_json_reader_record(p->sr);
    p->sline = gcx_json_reader_line(p->sr);
    if (st) {
        snap_error(p, err, p->srecord, p->sline);
        return -1;
    }
    if (!v)
        return 0;
    gcxt_progress_tick(p->t);
    if (canon_key(p, v, &p->text, &p->key, err)) {
        snap_error(p, err, p->srecord, p->sline);
        return -1;
    }
    return 1;
}

/* sort_all: every snapshot record into the sorter. */
static gcx_status sort_all(patcher *p, gcx_error *err)
{
    gcx_status st;
    int r;

    st = gcx_extsort_new(&p->sort, p->s->memory, NULL, err);
    while (!st && (r = read_one(p, err)) == 1)
        st = gcx_extsort_add(p->sort, p->key.data, p->key.len,
                             p->text.data, p->text.len, p->srecord,
                             p->sline, err);
    if (!st && r < 0)
        st = err->code;
    if (!st)
        st = gcx_extsort_finish(p->sort, err);
    return st;
}

/* snap_next: the next snapshot record in key order: *key, *text (NUL
 * not guaranteed) borrowed until the next call; checks that keys
 * strictly increase. 1, 0 at the end, -1 on error. */
static int snap_next(patcher *p, const char **key, size_t *klen,
                     const char **text, size_t *tlen, gcx_error *err)
{
    gcx_buf swap;
    int r, c;

    swap = p->prev;
    p->prev = p->key;
    p->key = swap;
    if (p->sort) {
        r = gcx_extsort_next(p->sort, key, klen, text, tlen, &p->srecord,
                             &p->sline, err);
        if (r <= 0) {
            if (r < 0 && !err->file[0])
                gcx_error_at(err, gcx_input_name(p->sin), 0, 0);
            return r;
        }
        gcx_buf_reset(&p->key);
        if (gcx_buf_append(&p->key, *key, *klen)) {
            gcx_error_set(err, GCX_E_NOMEM, "out of memory");
            return -1;
        }
    } else {
        r = read_one(p, err);
        if (r <= 0)
            return r;
        *key = p->key.data;
        *klen = p->key.len;
        *text = p->text.data;
        *tlen = p->text.len;
    }
    if (p->have_prev) {
        c = keycmp(p->key.data, p->key.len, p->prev.data, p->prev.len);
        if (c <= 0) {
            gcx_error_clear(err);
            gcx_error_set(err, GCX_E_INVALID, c == 0 ? "a record with "
                          "this key came before: keys must be unique" :
                          "the snapshot is not sorted by key (--sorted "
                          "was given)");
            snap_error(p, err, p->srecord, p->sline);
            return -1;
        }
    }
    p->have_prev = 1;
    return 1;
}

/* -------------------------------------------------------------- delta */

/* delta_fail: an entry that does not apply: "OP KEY: why". */
static gcx_status delta_fail(patcher *p, const gcx_delta_entry *e,
                             gcx_status code, const char *why,
                             gcx_error *err)
{
    static const char *const names[] = {"?", "add", "remove", "change"};
    char reason[GCX_ERROR_MESSAGE_MAX];

    snprintf(reason, sizeof reason, "%s", why);
    gcx_buf_reset(&p->ktext);
    gcx_delta_key_text(e->key, &p->ktext);
    gcx_error_clear(err);
    gcx_error_set(err, code, "%s %s: %s", names[e->op],
                  p->ktext.data ? p->ktext.data : "", reason);
    gcx_error_at(err, gcx_input_name(p->din), e->line, 0);
    return code;
}

/* apply_add: a record whose key is not in the snapshot. */
static gcx_status apply_add(patcher *p, const gcx_delta_entry *e,
                            gcx_error *err)
{
    gcx_status st;

    gcx_arena_reset(p->arena);
    st = canon_key(p, e->record, &p->ntext, &p->scratch, err);
    if (st)
        return delta_fail(p, e, st, err->message, err);
    if (keycmp(p->scratch.data, p->scratch.len, e->kbytes, e->klen))
        return delta_fail(p, e, GCX_E_INVALID, "the record's own key is "
                          "not the line's key", err);
    return emit(p, p->ntext.data, p->ntext.len, err);
}

/* apply_remove: check the fingerprint of the snapshot's record. */
static gcx_status apply_remove(patcher *p, const gcx_delta_entry *e,
                               const char *text, size_t tlen,
                               gcx_error *err)
{
    char hex[65], why[200];
    gcx_status st;

    st = gcx_canon_digest(p->canon, text, tlen, hex, err);
    if (st)
        return st;
    if (memcmp(hex, e->fingerprint, 64) != 0) {
        snprintf(why, sizeof why, "the snapshot's record (record %llu) "
                 "has fingerprint sha256:%s, not the one to remove",
                 p->srecord, hex);
        return delta_fail(p, e, GCX_E_INVALID, why, err);
    }
    return GCX_OK;
}

/* apply_change: run the JSON Patch on the snapshot's record. */
static gcx_status apply_change(patcher *p, const gcx_delta_entry *e,
                               const char *text, size_t tlen,
                               gcx_error *err)
{
    gcx_json *v = NULL;
    gcx_status st;

    gcx_arena_reset(p->arena);
    st = gcx_json_parse(text, tlen, "", NULL, p->arena, &v, err);
    if (st)
        return snap_error(p, err, p->srecord, p->sline);
    st = gcx_jsonpatch_apply(p->arena, &v, e->patch, NULL, err);
    if (st)
        return delta_fail(p, e, st, err->message, err);
    if (v->type != GCX_JSON_OBJECT)
        return delta_fail(p, e, GCX_E_INVALID, "the patched record is "
                          "not an object", err);
    st = canon_key(p, v, &p->ntext, &p->scratch, err);
    if (st)
        return delta_fail(p, e, st, err->message, err);
    if (keycmp(p->scratch.data, p->scratch.len, e->kbytes, e->klen))
        return delta_fail(p, e, GCX_E_INVALID, "the patch changes the "
                          "record's key (a key change is a remove and "
                          "an add)", err);
    return emit(p, p->ntext.data, p->ntext.len, err);
}

/* merge: the snapshot in key order against the delta in key order. */
static gcx_status merge(patcher *p, gcx_error *err)
{
    gcx_delta_entry e;
    const char *key = NULL, *text = NULL;
    size_t klen = 0, tlen = 0;
    int have_s, have_d = 0, c;
    gcx_status st;

    have_s = snap_next(p, &key, &klen, &text, &tlen, err);
    if (have_s < 0)
        return err->code;
    st = gcx_delta_reader_next(p->dr, &e, &have_d, err);
    while (!st && (have_s || have_d)) {
        c = !have_d ? -1 : !have_s ? 1 : keycmp(key, klen, e.kbytes,
                                                 e.klen);
        if (c < 0) {
            st = emit(p, text, tlen, err);
        } else if (c > 0) {
            if (e.op != GCX_DELTA_ADD)
                return delta_fail(p, &e, GCX_E_INVALID, p->s->sorted ?
                                  "no record with this key in the "
                                  "snapshot (read as sorted: --sorted)"
                                  : "no record with this key in the "
                                  "snapshot", err);
            st = apply_add(p, &e, err);
        } else if (e.op == GCX_DELTA_ADD) {
            char why[80];

            snprintf(why, sizeof why, "the key is already in the "
                     "snapshot (record %llu)", p->srecord);
            return delta_fail(p, &e, GCX_E_INVALID, why, err);
        } else if (e.op == GCX_DELTA_REMOVE) {
            st = apply_remove(p, &e, text, tlen, err);
        } else {
            st = apply_change(p, &e, text, tlen, err);
        }
        if (st)
            break;
        if (c <= 0) {
            have_s = snap_next(p, &key, &klen, &text, &tlen, err);
            if (have_s < 0)
                return err->code;
        }
        if (c >= 0)
            st = gcx_delta_reader_next(p->dr, &e, &have_d, err);
    }
    return st;
}

/* release: the held stdout output, copied out after success. */
static gcx_status release(patcher *p, gcx_error *err)
{
    char buf[65536];
    size_t n;
    gcx_status st = GCX_OK;

    if (fflush(p->hold) != 0 || fseek(p->hold, 0L, SEEK_SET) != 0)
        return gcx_error_set(err, GCX_E_IO, "cannot read back the "
                             "temporary file holding the output");
    while (!st && (n = fread(buf, 1, sizeof buf, p->hold)) > 0)
        st = gcx_output_write(p->o, buf, n, err);
    if (!st && ferror(p->hold))
        st = gcx_error_set(err, GCX_E_IO, "cannot read back the "
                           "temporary file holding the output");
    return st;
}

static gcx_status run(patcher *p, const char *snap, const char *delta,
                      const gcx_schema *schema, gcx_error *err)
{
    gcx_json_reader_options ro = gcx_json_reader_options_default();
    gcx_status st;

    ro.layout = GCX_JSON_LAYOUT_NDJSON;
    st = gcx_canon_new(&p->canon, schema, NULL, err);
    if (!st && !(p->arena = gcx_arena_new()))
        st = gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    if (!st)
        st = gcx_input_open(&p->din, delta, err);
    if (!st)
        st = gcx_delta_reader_new(&p->dr, p->din, err);
    if (!st) {
        p->h = gcx_delta_reader_header(p->dr);
        st = gcx_input_open(&p->sin, snap, err);
    }
    if (!st)
        st = gcx_json_reader_new(&p->sr, p->sin, &ro, err);
    if (st)
        return st;
    if (!gcx_output_is_atomic(p->o) && !(p->hold = tmpfile()))
        return gcx_error_set(err, GCX_E_IO, "cannot create a temporary "
                             "file to hold the output");
    gcxt_progress_begin(p->t, p->sin);
    if (!p->s->sorted)
        st = sort_all(p, err);
    if (!st)
        st = merge(p, err);
    gcxt_progress_end(p->t);
    if (!st && p->hold)
        st = release(p, err);
    return st;
}

static void patcher_free(patcher *p)
{
    gcx_extsort_free(p->sort);
    gcx_json_reader_free(p->sr);
    gcx_input_close(p->sin);
    gcx_delta_reader_free(p->dr);
    gcx_input_close(p->din);
    gcx_canon_free(p->canon);
    gcx_arena_free(p->arena);
    gcx_buf_free(&p->text);
    gcx_buf_free(&p->key);
    gcx_buf_free(&p->prev);
    gcx_buf_free(&p->scratch);
    gcx_buf_free(&p->ktext);
    gcx_buf_free(&p->ntext);
    if (p->hold)
        fclose(p->hold);
}

int gcxt_patch_run(int argc, char **argv, FILE *out, FILE *errf)
{
    int rc;
    gcxt_tool t;
    settings s;
    patcher p;
    gcx_error err;
    gcx_schema *schema = NULL;
    gcx_status st;
    int c;

    gcxt_init(&t, PROG, out, errf);
    memset(&s, 0, sizeof s);
    s.memory = (size_t)256 << 20;
    gcx_error_clear(&err);
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:zfqhV", long_options,
                            NULL)) != -1) {
        switch (c) {
        case OPT_SCHEMA:
            s.schema_path = optarg;
            break;
        case OPT_SORTED:
            s.sorted = 1;
            break;
        case OPT_MEMORY:
            if (gcxt_parse_size(optarg, &s.memory) != 0 || s.memory == 0)
                return gcxt_usage(&t, "--memory wants a size such as "
                                      "256M, got '%s'", optarg);
            break;
        default:
            rc = gcxt_common_option(&t, c, argv, usage_text, &s.output,
                                    &s.out_flags);
            if (rc != GCXT_OPTION_NEXT)
                return rc;
            break;
        }
    }
    if (argc - optind != 2)
        return gcxt_usage(&t, "want two files, SNAPSHOT and DELTA; got %d",
                          argc - optind);
    if (strcmp(argv[optind], "-") == 0 && strcmp(argv[optind + 1], "-")
        == 0)
        return gcxt_usage(&t, "SNAPSHOT and DELTA cannot both be standard "
                              "input");

    st = gcx_schema_load(&schema, s.schema_path, &err);
    if (st)
        return gcxt_report(&t, &err);
    memset(&p, 0, sizeof p);
    p.t = &t;
    p.s = &s;
    gcx_buf_init(&p.text, 0);
    gcx_buf_init(&p.key, 0);
    gcx_buf_init(&p.prev, 0);
    gcx_buf_init(&p.scratch, 0);
    gcx_buf_init(&p.ktext, 0);
    gcx_buf_init(&p.ntext, 0);
    st = gcx_output_open(&p.o, s.output, s.out_flags, &err);
    if (!st)
        st = run(&p, argv[optind], argv[optind + 1], schema, &err);
    patcher_free(&p);
    gcx_schema_free(schema);
    if (st) {
        /* nothing partial: a named file is removed, and stdout got
         * nothing (the output was held in the temporary file) */
        gcx_output_abort(p.o);
        return gcxt_report(&t, &err);
    }
    st = gcx_output_commit(p.o, &err);
    return st ? gcxt_report(&t, &err) : GCXT_EXIT_OK;
}
