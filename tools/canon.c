/* tools/canon.c - gcx-canon: each JSON record in its canonical form
 * (docs/canonical-json.md: RFC 8785 JCS, NFC, sets sorted by the
 * schema), one a line, optionally with its SHA-256 fingerprint.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <gcx/canon.h>
#include <gcx/schema.h>

#define PROG "gcx-canon"

static const char usage_text[] =
    "Usage: " PROG " [OPTION]... [FILE]...\n"
    "Write each JSON record in its canonical form (docs/canonical-json.md):\n"
    "RFC 8785 (JCS) with members sorted by UTF-16 code units, minimal\n"
    "escaping and ECMAScript numbers; strings in Unicode NFC; arrays that\n"
    "the schema declares as sets sorted. One canonical record a line.\n"
    "With no FILE, or when FILE is -, read standard input. Gzip input is\n"
    "detected and decompressed.\n"
    "\n"
    "      --schema=FILE        the canonical schema definition (default:\n"
    "                           the installed gcx-canonical-v1.json, or\n"
    "                           $GCX_DATA_DIR/canonical/ when it is set)\n"
    "      --no-sets            keep every array in its order (no schema\n"
    "                           is read)\n"
    "      --fingerprint[=only] add to each record the member\n"
    "                           \"fingerprint\":\"sha256:HEX\", the SHA-256\n"
    "                           of the canonical record without it; with\n"
    "                           =only write just sha256:HEX a line\n"
    "      --layout=LAYOUT      ndjson (default), array (one JSON array of\n"
    "                           records) or auto (array if the input\n"
    "                           starts with '[')\n"
    "  -o, --output=FILE        write to FILE, replaced only on success\n"
    "  -z, --gzip               compress the output with gzip\n"
    "  -f, --force              write gzip output even to a terminal\n"
    "  -q, --quiet              no progress line\n"
    "  -h, --help               show this help and exit\n"
    "  -V, --version            show the version and exit\n"
    "\n"
    "A record that cannot be made canonical (not JSON, a repeated member\n"
    "name, a number beyond the range of a double) stops the run; the\n"
    "message names the file, line, record and JSON Pointer. A number that\n"
    "an IEEE double cannot hold exactly is written as RFC 8785 says, with\n"
    "a warning.\n"
    "\n"
    "Exit status: 0 success, 1 invalid input, 2 usage error,\n"
    "3 input/output error, 4 bad schema definition, 5 out of memory or\n"
    "internal error.\n";

enum { OPT_SCHEMA = 256, OPT_NO_SETS, OPT_FINGERPRINT, OPT_LAYOUT };

static const struct option long_options[] = {
    {"schema", required_argument, NULL, OPT_SCHEMA},
    {"no-sets", no_argument, NULL, OPT_NO_SETS},
    {"fingerprint", optional_argument, NULL, OPT_FINGERPRINT},
    {"layout", required_argument, NULL, OPT_LAYOUT},
    {"output", required_argument, NULL, 'o'},
    {"gzip", no_argument, NULL, 'z'},
    {"force", no_argument, NULL, 'f'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}
};

enum { FP_NONE, FP_STAMP, FP_ONLY };

typedef struct {
    const char *schema_path;
    int no_sets;
    int fingerprint;
    gcx_json_layout layout;
    const char *output;
    unsigned out_flags;
} settings;

/* name_record: an error in a record: say which input and record. */
static void name_record(gcx_error *err, const gcx_input *in,
                        unsigned long long record, unsigned long line)
{
    if (!err->record)
        err->record = record;
    if (!err->line) {
        err->line = line;
        err->column = 0;
    }
    if (!err->file[0])
        gcx_error_at(err, gcx_input_name(in), err->line, err->column);
}

/* warn_inexact: the warning for the numbers of a record that a double
 * does not hold exactly. */
static void warn_inexact(gcxt_tool *t, gcx_canon_notes *n,
                         const gcx_input *in, unsigned long long record,
                         unsigned long line)
{
    char more[64];
    size_t len;

    name_record(&n->first, in, record, line);
    if (n->inexact > 1) {
        snprintf(more, sizeof more, " (and %lu more in this record)",
                 n->inexact - 1);
        len = strlen(n->first.message);
        if (len + strlen(more) < sizeof n->first.message)
            memcpy(n->first.message + len, more, strlen(more) + 1);
    }
    gcxt_report(t, &n->first); /* a warning: the exit code is kept */
}

/* one_input: every record of one input, canonical, to o. */
static gcx_status one_input(gcxt_tool *t, const settings *s, gcx_canon *c,
                            const char *path, gcx_output *o, gcx_buf *b,
                            gcx_error *err)
{
    gcx_json_reader_options ro = gcx_json_reader_options_default();
    gcx_input *in = NULL;
    gcx_json_reader *r = NULL;
    gcx_canon_notes notes;
    char line[80];
    gcx_json *v;
    gcx_status st;

    ro.layout = s->layout;
    st = gcx_input_open(&in, path, err);
    if (!st)
        st = gcx_json_reader_new(&r, in, &ro, err);
    if (!st)
        gcxt_progress_begin(t, in);
    while (!st) {
        st = gcx_json_reader_next(r, &v, err);
        if (st || !v)
            break;
        gcx_buf_reset(b);
        if (s->fingerprint == FP_STAMP)
            st = gcx_canon_record_stamped(c, v, b, NULL, &notes, err);
        else
            st = gcx_canon_record(c, v, b, &notes, err);
        if (st) {
            name_record(err, in, gcx_json_reader_record(r),
                        gcx_json_reader_line(r));
            break;
        }
        if (notes.inexact)
            warn_inexact(t, &notes, in, gcx_json_reader_record(r),
                         gcx_json_reader_line(r));
        if (s->fingerprint == FP_ONLY) {
            memcpy(line, GCX_CANON_FINGERPRINT_PREFIX,
                   sizeof GCX_CANON_FINGERPRINT_PREFIX - 1);
            st = gcx_canon_digest(c, b->data, b->len,
                                  line + sizeof GCX_CANON_FINGERPRINT_PREFIX
                                      - 1, err);
            if (st)
                break;
            strcat(line, "\n");
            st = gcx_output_write(o, line, strlen(line), err);
        } else {
            st = gcx_buf_putc(b, '\n');
            if (st)
                st = gcx_error_set(err, st, "out of memory or over the "
                                   "buffer's maximum");
            else
                st = gcx_output_write(o, b->data, b->len, err);
        }
        gcxt_progress_tick(t);
    }
    gcxt_progress_end(t);
    gcx_json_reader_free(r);
    gcx_input_close(in);
    return st;
}

static gcx_status run(gcxt_tool *t, const settings *s,
                      const gcx_schema *schema, const char *const *files,
                      int nfiles, gcx_output *o, gcx_error *err)
{
    gcx_canon_options co = gcx_canon_options_default();
    gcx_canon *c = NULL;
    gcx_buf b;
    gcx_status st;
    int i;

    co.no_sets = s->no_sets;
    gcx_buf_init(&b, 0);
    st = gcx_canon_new(&c, schema, &co, err);
    for (i = 0; !st && i < nfiles; i++)
        st = one_input(t, s, c, files[i], o, &b, err);
    gcx_canon_free(c);
    gcx_buf_free(&b);
    return st;
}

int gcxt_canon_run(int argc, char **argv, FILE *out, FILE *errf)
{
    int rc;
    gcxt_tool t;
    settings s;
    gcx_error err;
    gcx_schema *schema = NULL;
    gcx_output *o = NULL;
    gcx_status st;
    int c;
    static const char *stdin_only[] = {"-"};
    const char *const *files;
    int nfiles;

    gcxt_init(&t, PROG, out, errf);
    memset(&s, 0, sizeof s);
    s.layout = GCX_JSON_LAYOUT_NDJSON;
    gcx_error_clear(&err);
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:zfqhV", long_options,
                            NULL)) != -1) {
        switch (c) {
        case OPT_SCHEMA:
            s.schema_path = optarg;
            break;
        case OPT_NO_SETS:
            s.no_sets = 1;
            break;
        case OPT_FINGERPRINT:
            if (!optarg)
                s.fingerprint = FP_STAMP;
            else if (strcmp(optarg, "only") == 0)
                s.fingerprint = FP_ONLY;
            else
                return gcxt_usage(&t, "--fingerprint takes no value or "
                                      "=only, got '%s'", optarg);
            break;
        case OPT_LAYOUT:
            if (gcxt_parse_layout(optarg, &s.layout))
                return gcxt_usage(&t, "--layout wants auto, ndjson or "
                                      "array, got '%s'", optarg);
            break;
        default:
            rc = gcxt_common_option(&t, c, argv, usage_text, &s.output,
                                    &s.out_flags);
            if (rc != GCXT_OPTION_NEXT)
                return rc;
            break;
        }
    }
    if (s.no_sets && s.schema_path)
        return gcxt_usage(&t, "--schema and --no-sets exclude each other");
    files = optind < argc ? (const char *const *)argv + optind : stdin_only;
    nfiles = optind < argc ? argc - optind : 1;

    if (!s.no_sets) {
        st = gcx_schema_load(&schema, s.schema_path, &err);
        if (st)
            return gcxt_report(&t, &err);
    }
    st = gcx_output_open(&o, s.output, s.out_flags, &err);
    if (!st)
        st = run(&t, &s, schema, files, nfiles, o, &err);
    gcx_schema_free(schema);
    if (st) {
        gcxt_output_fail(o);
        return gcxt_report(&t, &err);
    }
    st = gcx_output_commit(o, &err);
    return st ? gcxt_report(&t, &err) : GCXT_EXIT_OK;
}
