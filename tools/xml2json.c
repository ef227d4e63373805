/* tools/xml2json.c - gcx-xml2json: XML to JSON under the lossless gcx
 * convention (docs/xml-json-convention.md), whole documents or streamed
 * record by record.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#define PROG "gcx-xml2json"
#define MAX_NS 64

static const char usage_text[] =
    "Usage: " PROG " [OPTION]... [FILE]...\n"
    "Convert XML to JSON without losing anything, under the convention of\n"
    "docs/xml-json-convention.md.\n"
    "With no FILE, or when FILE is -, read standard input. Gzip input is\n"
    "detected and decompressed.\n"
    "\n"
    "  -r, --record=PATH        stream: each element at PATH is one record,\n"
    "                           written as one NDJSON line, e.g.\n"
    "                           /cpr:Export/cpr:Person; without it the\n"
    "                           whole document is converted\n"
    "  -n, --ns=PREFIX=URI      bind a prefix used in PATH (repeatable)\n"
    "  -o, --output=FILE        write to FILE, replaced only on success\n"
    "  -z, --gzip               compress the output with gzip\n"
    "      --array              write records as one JSON array, not NDJSON\n"
    "      --pretty             indent the JSON (whole documents, --array)\n"
    "      --strip-space        drop whitespace-only text between elements\n"
    "      --no-comments        drop comments\n"
    "      --no-pis             drop processing instructions\n"
    "      --max-record-bytes=N largest record (default 64M; K, M, G)\n"
    "      --max-depth=N        deepest element nesting (default 256)\n"
    "      --max-expansion=N    largest entity expansion ratio (default 10)\n"
    "  -f, --force              write gzip output even to a terminal\n"
    "  -q, --quiet              no progress line\n"
    "  -h, --help               show this help and exit\n"
    "  -V, --version            show the version and exit\n"
    "\n"
    "Exit status: 0 success, 1 malformed or refused input, 2 usage error,\n"
    "3 input/output error, 5 out of memory or internal error.\n";

enum {
    OPT_ARRAY = 256, OPT_PRETTY, OPT_STRIP, OPT_NOCOMMENTS, OPT_NOPIS,
    OPT_MAXREC, OPT_MAXDEPTH, OPT_MAXEXP
};

static const struct option long_options[] = {
    {"record", required_argument, NULL, 'r'},
    {"ns", required_argument, NULL, 'n'},
    {"output", required_argument, NULL, 'o'},
    {"gzip", no_argument, NULL, 'z'},
    {"array", no_argument, NULL, OPT_ARRAY},
    {"pretty", no_argument, NULL, OPT_PRETTY},
    {"strip-space", no_argument, NULL, OPT_STRIP},
    {"no-comments", no_argument, NULL, OPT_NOCOMMENTS},
    {"no-pis", no_argument, NULL, OPT_NOPIS},
    {"max-record-bytes", required_argument, NULL, OPT_MAXREC},
    {"max-depth", required_argument, NULL, OPT_MAXDEPTH},
    {"max-expansion", required_argument, NULL, OPT_MAXEXP},
    {"force", no_argument, NULL, 'f'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}
};

typedef struct {
    gcx_xml_reader_options reader;
    gcx_xmljson_options conv;
    const char *ns[MAX_NS];
    const char *output;
    unsigned out_flags;
    int array, pretty;
} settings;

/* convert_input: stream every record of one input to the sink. */
static gcx_status convert_input(gcxt_tool *t, const settings *s,
                                const char *path, gcx_json_sink *sink,
                                gcx_error *err)
{
    gcx_input *in = NULL;
    gcx_xml_reader *r = NULL;
    xmlNodePtr node;
    gcx_status st;

    gcx_xmljson_options conv = s->conv;

    /* one name cache per reader (see gcx/xmljson.h); none is fine too */
    conv.names = gcx_xmljson_names_new();
    st = gcx_input_open(&in, path, err);
    if (!st)
        st = gcx_xml_reader_new(&r, in, &s->reader, err);
    if (!st)
        gcxt_progress_begin(t, in);
    while (!st) {
        st = gcx_xml_reader_next(r, &node, err);
        if (st || !node)
            break;
        st = gcx_xml_to_json(gcx_json_sink_begin(sink), node, &conv, err);
        if (st && !err->record) {
            /* a conversion error: name the record it is in */
            err->record = gcx_xml_reader_record(r);
            if (!err->line)
                gcx_error_at(err, gcx_input_name(in),
                             gcx_xml_reader_line(r), 0);
        }
        if (!st)
            st = gcx_json_sink_end(sink, err); /* output errors name it */
        gcxt_progress_tick(t);
    }
    gcxt_progress_end(t);
    if (!st && s->reader.record_path && gcx_xml_reader_record(r) == 0) {
        /* exit 0, but say so: a forgotten -n =URI is the usual cause */
        fprintf(t->err, "%s: %s: warning: no element matched --record %s"
                        " (elements in a default namespace need -n "
                        "=URI)\n", t->prog, gcx_input_name(in),
                s->reader.record_path);
    }
    gcx_xml_reader_free(r);
    gcx_xmljson_names_free(conv.names);
    gcx_input_close(in);
    return st;
}

int gcxt_xml2json_run(int argc, char **argv, FILE *out, FILE *errf)
{
    int rc;
    gcxt_tool t;
    settings s;
    gcx_error err;
    gcx_output *o = NULL;
    gcx_json_sink *sink = NULL;
    gcx_status st;
    size_t nns = 0, size;
    int c, i;
    static const char *stdin_only[] = {"-"};
    const char *const *files;
    int nfiles;

    gcxt_init(&t, PROG, out, errf);
    memset(&s, 0, sizeof s);
    s.reader = gcx_xml_reader_options_default();
    gcx_error_clear(&err);
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":r:n:o:zfqhV", long_options,
                            NULL)) != -1) {
        switch (c) {
        case 'r':
            s.reader.record_path = optarg;
            break;
        case 'n':
            if (nns == MAX_NS)
                return gcxt_usage(&t, "too many --ns bindings (max %d)",
                                  MAX_NS);
            if (!strchr(optarg, '='))
                return gcxt_usage(&t, "--ns wants PREFIX=URI, got '%s'",
                                  optarg);
            s.ns[nns++] = optarg;
            break;
        case OPT_ARRAY:
            s.array = 1;
            break;
        case OPT_PRETTY:
            s.pretty = 1;
            break;
        case OPT_STRIP:
            s.conv.strip_space = 1;
            break;
        case OPT_NOCOMMENTS:
            s.conv.drop_comments = 1;
            break;
        case OPT_NOPIS:
            s.conv.drop_pis = 1;
            break;
        case OPT_MAXREC:
            if (gcxt_parse_size(optarg, &size) || size == 0)
                return gcxt_usage(&t, "bad --max-record-bytes '%s'", optarg);
            s.reader.limits.max_record_bytes = size;
            break;
        case OPT_MAXDEPTH:
            if (gcxt_parse_size(optarg, &size) || size == 0 ||
                size > 1000000)
                return gcxt_usage(&t, "bad --max-depth '%s'", optarg);
            s.reader.limits.max_depth = (unsigned)size;
            break;
        case OPT_MAXEXP:
            if (gcxt_parse_size(optarg, &size) || size == 0 ||
                size > 1000000)
                return gcxt_usage(&t, "bad --max-expansion '%s'", optarg);
            s.reader.limits.max_expansion = (unsigned)size;
            break;
        default:
            rc = gcxt_common_option(&t, c, argv, usage_text, &s.output,
                                    &s.out_flags);
            if (rc != GCXT_OPTION_NEXT)
                return rc;
            break;
        }
    }
    s.reader.ns_bindings = s.ns;
    s.reader.nns = nns;
    files = optind < argc ? (const char *const *)argv + optind : stdin_only;
    nfiles = optind < argc ? argc - optind : 1;

    st = gcx_output_open(&o, s.output, s.out_flags, &err);
    if (st)
        return gcxt_report(&t, &err);
    st = gcx_json_sink_new(&sink, o,
                           s.array ? GCX_JSON_FRAMING_ARRAY
                                   : GCX_JSON_FRAMING_NDJSON,
                           s.pretty, &err);
    for (i = 0; !st && i < nfiles; i++)
        st = convert_input(&t, &s, files[i], sink, &err);
    if (!st)
        st = gcx_json_sink_finish(sink, &err);
    gcx_json_sink_free(sink);
    if (st) {
        gcxt_output_fail(o);
        return gcxt_report(&t, &err);
    }
    st = gcx_output_commit(o, &err);
    if (st)
        return gcxt_report(&t, &err);
    return GCXT_EXIT_OK;
}
