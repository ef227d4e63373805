/* tools/convert.c - gcx-convert: canonical records between NDJSON (or a
 * JSON array) and the canonical XML form (docs/canonical-xml.md),
 * streamed record by record; the schema gives every element its type.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <gcx/canon_xml.h>
#include <gcx/schema.h>

#define PROG "gcx-convert"

static const char usage_text[] =
    "Usage: " PROG " --to=FORMAT [OPTION]... [FILE]...\n"
    "Convert canonical records between NDJSON and the canonical XML form\n"
    "(docs/canonical-xml.md), one record at a time. --to=xml reads JSON\n"
    "records and writes one <records> document, a record a line;\n"
    "--to=json reads that form and writes NDJSON, a record a line, members\n"
    "in schema order, decimals and dates as strings, integers as numbers.\n"
    "With no FILE, or when FILE is -, read standard input. Gzip input is\n"
    "detected and decompressed.\n"
    "\n"
    "      --to=FORMAT          xml or json (required)\n"
    "      --schema=FILE        the canonical schema definition (default:\n"
    "                           the installed gcx-canonical-v1.json, or\n"
    "                           $GCX_DATA_DIR/canonical/ when it is set)\n"
    "      --layout=LAYOUT      the JSON side: auto (default), ndjson or\n"
    "                           array; with --to=xml the input's layout,\n"
    "                           with --to=json array writes one JSON array\n"
    "  -o, --output=FILE        write to FILE, replaced only on success\n"
    "  -z, --gzip               compress the output with gzip\n"
    "  -f, --force              write gzip output even to a terminal\n"
    "  -q, --quiet              no progress line\n"
    "  -h, --help               show this help and exit\n"
    "  -V, --version            show the version and exit\n"
    "\n"
    "A record that cannot be converted (a member or element the schema does\n"
    "not know, a value of the wrong type, an element out of order) stops\n"
    "the run; the message names the file, line, record and field.\n"
    "\n"
    "Exit status: 0 success, 1 invalid input, 2 usage error,\n"
    "3 input/output error, 4 bad schema definition, 5 out of memory or\n"
    "internal error.\n";

enum { OPT_TO = 256, OPT_SCHEMA, OPT_LAYOUT };

static const struct option long_options[] = {
    {"to", required_argument, NULL, OPT_TO},
    {"schema", required_argument, NULL, OPT_SCHEMA},
    {"layout", required_argument, NULL, OPT_LAYOUT},
    {"output", required_argument, NULL, 'o'},
    {"gzip", no_argument, NULL, 'z'},
    {"force", no_argument, NULL, 'f'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}
};

enum { TO_NONE, TO_XML, TO_JSON };

typedef struct {
    int to;
    const char *schema_path;
    gcx_json_layout layout;
    const char *output;
    unsigned out_flags;
    gcx_schema *schema;
} settings;

/* name_record: a conversion error: say which input and record it is in;
 * line is the record's line, used when the error has none better (the
 * XML tree's line numbers stop at 65535). */
static void name_record(gcx_error *err, const gcx_input *in,
                        unsigned long long record, unsigned long line)
{
    if (!err->record)
        err->record = record;
    if (!err->line || (err->line >= 65535 && line > err->line)) {
        err->line = line;
        err->column = 0;
    }
    if (!err->file[0])
        gcx_error_at(err, gcx_input_name(in), err->line, err->column);
}

/* flush_buf: write what the XML writer produced so far, then reuse. */
static gcx_status flush_buf(gcx_output *o, gcx_buf *b, gcx_error *err)
{
    gcx_status st = gcx_output_write(o, b->data, b->len, err);

    gcx_buf_reset(b);
    return st;
}

/* json_input: every JSON record of one input as a record element. */
static gcx_status json_input(gcxt_tool *t, const settings *s,
                             const char *path, gcx_output *o, gcx_xw *w,
                             gcx_buf *b, gcx_error *err)
{
    gcx_json_reader_options ro = gcx_json_reader_options_default();
    gcx_input *in = NULL;
    gcx_json_reader *r = NULL;
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
        st = gcx_canon_xml_write(s->schema, w, v, err);
        if (!st)
            st = gcx_xw_raw(w, "\n", 1, err);
        if (st)
            name_record(err, in, gcx_json_reader_record(r),
                        gcx_json_reader_line(r));
        else
            st = flush_buf(o, b, err); /* output errors name the output */
        gcxt_progress_tick(t);
    }
    gcxt_progress_end(t);
    gcx_json_reader_free(r);
    gcx_input_close(in);
    return st;
}

static gcx_status to_xml(gcxt_tool *t, const settings *s,
                         const char *const *files, int nfiles,
                         gcx_output *o, gcx_error *err)
{
    const char *ns = gcx_schema_namespace(s->schema);
    gcx_buf b;
    gcx_xw *w;
    gcx_status st;
    int i;

    gcx_buf_init(&b, 0);
    w = gcx_xw_new(&b);
    if (!w)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    st = gcx_xw_declaration(w, err);
    if (!st)
        st = gcx_xw_start(w, "records", 7, err);
    if (!st)
        st = gcx_xw_attr(w, "xmlns", 5, ns, strlen(ns), err);
    if (!st)
        st = gcx_xw_raw(w, "\n", 1, err);
    for (i = 0; !st && i < nfiles; i++)
        st = json_input(t, s, files[i], o, w, &b, err);
    if (!st)
        st = gcx_xw_end(w, err);
    if (!st)
        st = gcx_xw_raw(w, "\n", 1, err);
    if (!st)
        st = flush_buf(o, &b, err);
    gcx_xw_free(w);
    gcx_buf_free(&b);
    return st;
}

/* xml_input: every record element of one canonical XML input as one
 * JSON record. */
static gcx_status xml_input(gcxt_tool *t, const settings *s,
                            const char *path, gcx_json_sink *sink,
                            gcx_arena *a, gcx_error *err)
{
    gcx_xml_reader_options ro = gcx_xml_reader_options_default();
    gcx_input *in = NULL;
    gcx_xml_reader *r = NULL;
    const char *ns = gcx_schema_namespace(s->schema);
    const char *binding[1];
    char *bind_text;
    size_t nslen = strlen(ns);
    xmlNodePtr node;
    gcx_json *v;
    gcx_status st;

    bind_text = malloc(nslen + 3);
    if (!bind_text)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    memcpy(bind_text, "c=", 2);
    memcpy(bind_text + 2, ns, nslen + 1);
    binding[0] = bind_text;
    ro.record_path = GCX_CANON_XML_RECORD_PATH;
    ro.ns_bindings = binding;
    ro.nns = 1;
    st = gcx_input_open(&in, path, err);
    if (!st)
        st = gcx_xml_reader_new(&r, in, &ro, err);
    if (!st)
        gcxt_progress_begin(t, in);
    while (!st) {
        st = gcx_xml_reader_next(r, &node, err);
        if (st || !node)
            break;
        gcx_arena_reset(a);
        st = gcx_canon_xml_read(s->schema, node, a, &v, err);
        if (st) {
            name_record(err, in, gcx_xml_reader_record(r),
                        gcx_xml_reader_line(r));
        } else {
            /* a writer error is sticky: the sink reports it */
            gcx_jw_value(gcx_json_sink_begin(sink), v);
            st = gcx_json_sink_end(sink, err);
        }
        gcxt_progress_tick(t);
    }
    gcxt_progress_end(t);
    if (!st && gcx_xml_reader_record(r) == 0)
        fprintf(t->err, "%s: %s: warning: no record found (records are "
                        "the children of <records xmlns=\"%s\">)\n",
                t->prog, gcx_input_name(in), ns);
    gcx_xml_reader_free(r);
    gcx_input_close(in);
    free(bind_text);
    return st;
}

static gcx_status to_json(gcxt_tool *t, const settings *s,
                          const char *const *files, int nfiles,
                          gcx_output *o, gcx_error *err)
{
    gcx_json_sink *sink = NULL;
    gcx_arena *a = gcx_arena_new();
    gcx_status st;
    int i;

    if (!a)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    st = gcx_json_sink_new(&sink, o,
                           s->layout == GCX_JSON_LAYOUT_ARRAY
                               ? GCX_JSON_FRAMING_ARRAY
                               : GCX_JSON_FRAMING_NDJSON,
                           0, err);
    for (i = 0; !st && i < nfiles; i++)
        st = xml_input(t, s, files[i], sink, a, err);
    if (!st)
        st = gcx_json_sink_finish(sink, err);
    gcx_json_sink_free(sink);
    gcx_arena_free(a);
    return st;
}

int gcxt_convert_run(int argc, char **argv, FILE *out, FILE *errf)
{
    int rc;
    gcxt_tool t;
    settings s;
    gcx_error err;
    gcx_output *o = NULL;
    gcx_status st;
    int c;
    static const char *stdin_only[] = {"-"};
    const char *const *files;
    int nfiles;

    gcxt_init(&t, PROG, out, errf);
    memset(&s, 0, sizeof s);
    s.layout = GCX_JSON_LAYOUT_AUTO;
    gcx_error_clear(&err);
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:zfqhV", long_options,
                            NULL)) != -1) {
        switch (c) {
        case OPT_TO:
            if (strcmp(optarg, "xml") == 0)
                s.to = TO_XML;
            else if (strcmp(optarg, "json") == 0)
                s.to = TO_JSON;
            else
                return gcxt_usage(&t, "--to wants xml or json, got '%s'",
                                  optarg);
            break;
        case OPT_SCHEMA:
            s.schema_path = optarg;
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
    if (s.to == TO_NONE)
        return gcxt_usage(&t, "missing --to=xml or --to=json");
    files = optind < argc ? (const char *const *)argv + optind : stdin_only;
    nfiles = optind < argc ? argc - optind : 1;

    st = gcx_schema_load(&s.schema, s.schema_path, &err);
    if (st)
        return gcxt_report(&t, &err);
    st = gcx_output_open(&o, s.output, s.out_flags, &err);
    if (!st)
        st = s.to == TO_XML ? to_xml(&t, &s, files, nfiles, o, &err)
                            : to_json(&t, &s, files, nfiles, o, &err);
    gcx_schema_free(s.schema);
    if (st) {
        gcxt_output_fail(o);
        return gcxt_report(&t, &err);
    }
    st = gcx_output_commit(o, &err);
    return st ? gcxt_report(&t, &err) : GCXT_EXIT_OK;
}
