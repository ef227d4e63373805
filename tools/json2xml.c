/* tools/json2xml.c - gcx-json2xml: JSON written under the gcx convention
 * (docs/xml-json-convention.md) back to XML, whole documents or streamed
 * records inside wrapper elements.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#define PROG "gcx-json2xml"
#define MAX_NS 64
#define MAX_STEPS 64

static const char usage_text[] =
    "Usage: " PROG " [OPTION]... [FILE]...\n"
    "Convert JSON written under the gcx convention (what gcx-xml2json\n"
    "writes) back to XML. With no FILE, or when FILE is -, read standard\n"
    "input. Gzip input is detected and decompressed.\n"
    "\n"
    "  -r, --record=PATH        the input is a stream of element records\n"
    "                           (NDJSON or a JSON array); write them inside\n"
    "                           the elements of PATH's leading steps (e.g.\n"
    "                           /cpr:Export/cpr:Person writes each record\n"
    "                           in <cpr:Export>); the last step must match\n"
    "                           each record's name, or be *\n"
    "  -n, --ns=PREFIX=URI      declare a namespace on the outermost wrapper\n"
    "                           element (repeatable)\n"
    "  -p, --pointer=POINTER    the records are the array at this JSON\n"
    "                           Pointer (RFC 6901) of one large document\n"
    "      --layout=LAYOUT      auto (default), ndjson or array\n"
    "      --allow-duplicate-keys  accept repeated keys in an object\n"
    "  -o, --output=FILE        write to FILE, replaced only on success\n"
    "  -z, --gzip               compress the output with gzip\n"
    "      --max-record-bytes=N largest record (default 64M; K, M, G)\n"
    "      --max-depth=N        deepest element nesting (default 256)\n"
    "      --max-string-bytes=N longest string or number (default 16M)\n"
    "  -f, --force              write gzip output even to a terminal\n"
    "  -q, --quiet              no progress line\n"
    "  -h, --help               show this help and exit\n"
    "  -V, --version            show the version and exit\n"
    "\n"
    "Without --record the input is one JSON document: a {\"#document\": ...}\n"
    "object or one element object.\n"
    "\n"
    "Exit status: 0 success, 1 malformed or refused input, 2 usage error,\n"
    "3 input/output error, 5 out of memory or internal error.\n";

enum {
    OPT_LAYOUT = 256, OPT_DUPS, OPT_MAXREC, OPT_MAXDEPTH, OPT_MAXSTR
};

static const struct option long_options[] = {
    {"record", required_argument, NULL, 'r'},
    {"ns", required_argument, NULL, 'n'},
    {"pointer", required_argument, NULL, 'p'},
    {"layout", required_argument, NULL, OPT_LAYOUT},
    {"allow-duplicate-keys", no_argument, NULL, OPT_DUPS},
    {"output", required_argument, NULL, 'o'},
    {"gzip", no_argument, NULL, 'z'},
    {"max-record-bytes", required_argument, NULL, OPT_MAXREC},
    {"max-depth", required_argument, NULL, OPT_MAXDEPTH},
    {"max-string-bytes", required_argument, NULL, OPT_MAXSTR},
    {"force", no_argument, NULL, 'f'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}
};

typedef struct {
    gcx_json_reader_options reader;
    const char *record_path;
    const char *ns[MAX_NS];
    size_t nns;
    const char *output;
    unsigned out_flags;
    /* record_path split into steps; the last is the record's name */
    char *steps[MAX_STEPS];
    size_t nsteps;
} settings;

static int split_path(gcxt_tool *t, settings *s, char *path)
{
    char *p;

    if (path[0] != '/' || path[1] == '\0')
        return gcxt_usage(t, "--record wants an absolute path such as "
                             "/Export/Person, got '%s'", path);
    for (p = strtok(path + 1, "/"); p; p = strtok(NULL, "/")) {
        if (s->nsteps == MAX_STEPS)
            return gcxt_usage(t, "--record path has more than %d steps",
                              MAX_STEPS);
        s->steps[s->nsteps++] = p;
    }
    return s->nsteps ? 0 : gcxt_usage(t, "--record path has no step");
}

/* flush_buf: write what the XML writer produced so far, then reuse. */
static gcx_status flush_buf(gcx_output *o, gcx_buf *b, gcx_error *err)
{
    gcx_status st = gcx_output_write(o, b->data, b->len, err);

    gcx_buf_reset(b);
    return st;
}

/* open_wrappers: the declaration and the leading steps of the path, with
 * the --ns declarations on the outermost. */
static gcx_status open_wrappers(const settings *s, gcx_xw *w, gcx_error *err)
{
    gcx_status st = gcx_xw_declaration(w, err);
    size_t i, j;

    for (i = 0; !st && i + 1 < s->nsteps; i++) {
        st = gcx_xw_start(w, s->steps[i], strlen(s->steps[i]), err);
        for (j = 0; !st && i == 0 && j < s->nns; j++) {
            const char *eq = strchr(s->ns[j], '=');
            char name[256];
            int n = eq == s->ns[j]
                        ? snprintf(name, sizeof name, "xmlns")
                        : snprintf(name, sizeof name, "xmlns:%.*s",
                                   (int)(eq - s->ns[j]), s->ns[j]);

            st = gcx_xw_attr(w, name, (size_t)n, eq + 1, strlen(eq + 1),
                             err);
        }
        if (!st)
            st = gcx_xw_raw(w, "\n", 1, err);
    }
    return st;
}

static gcx_status check_record_name(const settings *s, const gcx_json *v,
                                    gcx_error *err)
{
    const char *want = s->steps[s->nsteps - 1];
    const gcx_json *name = gcx_json_object_get(v, "#name");

    if (strcmp(want, "*") == 0 || !name || name->type != GCX_JSON_STRING)
        return GCX_OK; /* the converter reports a missing name */
    if (name->len == strlen(want) && memcmp(name->u.text, want,
                                            name->len) == 0)
        return GCX_OK;
    gcx_error_set_path(err, "/#name");
    gcx_error_at(err, NULL, name->line, name->column);
    return gcx_error_set(err, GCX_E_INVALID,
                         "record element is \"%s\" but --record names "
                         "\"%s\"", name->u.text, want);
}

static gcx_status convert_input(gcxt_tool *t, const settings *s,
                                const char *path, gcx_output *o,
                                gcx_xw *w, gcx_buf *b, gcx_error *err)
{
    gcx_input *in = NULL;
    gcx_json_reader *r = NULL;
    gcx_json *v;
    gcx_status st;

    st = gcx_input_open(&in, path, err);
    if (!st)
        st = gcx_json_reader_new(&r, in, &s->reader, err);
    if (!st)
        gcxt_progress_begin(t, in);
    while (!st) {
        st = gcx_json_reader_next(r, &v, err);
        if (st || !v)
            break;
        if (s->nsteps)
            st = check_record_name(s, v, err);
        else
            st = gcx_xw_declaration(w, err);
        if (!st)
            st = gcx_json_to_xml(w, v, NULL, err);
        if (!st)
            st = gcx_xw_raw(w, "\n", 1, err);
        if (st) {
            /* a conversion error: name the record it is in */
            err->record = gcx_json_reader_record(r);
            if (!err->file[0])
                gcx_error_at(err, gcx_input_name(in), err->line,
                             err->column);
        } else {
            st = flush_buf(o, b, err); /* output errors name the output */
        }
        gcxt_progress_tick(t);
    }
    gcxt_progress_end(t);
    gcx_json_reader_free(r);
    gcx_input_close(in);
    return st;
}

int gcxt_json2xml_run(int argc, char **argv, FILE *out, FILE *errf)
{
    gcxt_tool t;
    settings s;
    gcx_error err;
    gcx_output *o = NULL;
    gcx_buf b;
    gcx_xw *w = NULL;
    gcx_status st;
    char *path_copy = NULL;
    size_t size;
    int c, i, rc;
    static const char *stdin_only[] = {"-"};
    const char *const *files;
    int nfiles;

    gcxt_init(&t, PROG, out, errf);
    memset(&s, 0, sizeof s);
    s.reader = gcx_json_reader_options_default();
    s.reader.parse.limits.max_depth = 2u * GCX_DEFAULT_MAX_DEPTH + 2u;
    gcx_error_clear(&err);
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":r:n:p:o:zfqhV", long_options,
                            NULL)) != -1) {
        switch (c) {
        case 'r':
            s.record_path = optarg;
            break;
        case 'n':
            if (s.nns == MAX_NS)
                return gcxt_usage(&t, "too many --ns bindings (max %d)",
                                  MAX_NS);
            if (!strchr(optarg, '='))
                return gcxt_usage(&t, "--ns wants PREFIX=URI, got '%s'",
                                  optarg);
            s.ns[s.nns++] = optarg;
            break;
        case 'p':
            s.reader.layout = GCX_JSON_LAYOUT_POINTER;
            s.reader.pointer = optarg;
            break;
        case OPT_LAYOUT:
            if (gcxt_parse_layout(optarg, &s.reader.layout))
                return gcxt_usage(&t, "--layout wants auto, ndjson or "
                                      "array, got '%s'", optarg);
            break;
        case OPT_DUPS:
            s.reader.parse.allow_duplicate_keys = 1;
            break;
        case OPT_MAXREC:
            if (gcxt_parse_size(optarg, &size) || size == 0)
                return gcxt_usage(&t, "bad --max-record-bytes '%s'", optarg);
            s.reader.parse.limits.max_record_bytes = size;
            break;
        case OPT_MAXDEPTH:
            if (gcxt_parse_size(optarg, &size) || size == 0 ||
                size > 1000000)
                return gcxt_usage(&t, "bad --max-depth '%s'", optarg);
            /* each element is two JSON levels: its object and the
             * "#children" array; the limit counts elements, as in
             * gcx-xml2json */
            s.reader.parse.limits.max_depth = 2u * (unsigned)size + 2u;
            break;
        case OPT_MAXSTR:
            if (gcxt_parse_size(optarg, &size) || size == 0)
                return gcxt_usage(&t, "bad --max-string-bytes '%s'", optarg);
            s.reader.parse.limits.max_string_bytes = size;
            break;
        default:
            rc = gcxt_common_option(&t, c, argv, usage_text, &s.output,
                                    &s.out_flags);
            if (rc != GCXT_OPTION_NEXT)
                return rc;
            break;
        }
    }
    files = optind < argc ? (const char *const *)argv + optind : stdin_only;
    nfiles = optind < argc ? argc - optind : 1;
    if (s.record_path) {
        path_copy = strdup(s.record_path);
        if (!path_copy)
            return GCXT_EXIT_INTERNAL;
        rc = split_path(&t, &s, path_copy);
        if (rc) {
            free(path_copy);
            return rc;
        }
    } else {
        if (s.reader.layout != GCX_JSON_LAYOUT_AUTO) {
            return gcxt_usage(&t, "--pointer and --layout need --record "
                                  "(without it the input is one "
                                  "document)");
        }
        if (nfiles > 1)
            return gcxt_usage(&t, "without --record only one document can "
                                  "be converted (got %d files)", nfiles);
        s.reader.layout = GCX_JSON_LAYOUT_DOCUMENT;
    }

    gcx_buf_init(&b, 0);
    w = gcx_xw_new(&b);
    st = w ? gcx_output_open(&o, s.output, s.out_flags, &err)
           : gcx_error_set(&err, GCX_E_NOMEM, "out of memory");
    if (!st && s.nsteps)
        st = open_wrappers(&s, w, &err);
    for (i = 0; !st && i < nfiles; i++)
        st = convert_input(&t, &s, files[i], o, w, &b, &err);
    while (!st && gcx_xw_depth(w) > 0) {
        st = gcx_xw_end(w, &err);
        if (!st)
            st = gcx_xw_raw(w, "\n", 1, &err);
    }
    if (!st)
        st = flush_buf(o, &b, &err);
    gcx_xw_free(w);
    gcx_buf_free(&b);
    free(path_copy);
    if (st) {
        gcxt_output_fail(o);
        return gcxt_report(&t, &err);
    }
    st = gcx_output_commit(o, &err);
    return st ? gcxt_report(&t, &err) : GCXT_EXIT_OK;
}
