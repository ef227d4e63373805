/* tools/schema.c - gcx-schema: checks the canonical schema definition
 * and writes what is generated from it: the JSON Schema, the XSD of the
 * canonical XML form and the Markdown table of every field.
 *
 * The lead adds to tools/common.h:
 *     int gcxt_schema_run(int argc, char **argv, FILE *out, FILE *err);
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common.h"

#include <getopt.h>
#include <string.h>

#include <gcx/schema.h>

#define PROG "gcx-schema"

static const char usage_text[] =
    "Usage: " PROG " [--check|--json-schema|--xsd|--markdown] "
    "[OPTION]...\n"
    "Check the canonical schema definition, or write what is generated\n"
    "from it. With no action, --check.\n"
    "\n"
    "      --check              load the definition, report its errors and\n"
    "                           print a summary line (the default)\n"
    "      --json-schema        write the JSON Schema (draft 2020-12)\n"
    "      --xsd                write the XSD of the canonical XML form\n"
    "      --markdown           write the Markdown table of every field\n"
    "  -s, --schema=FILE        the definition to read (default: the\n"
    "                           installed one, or $GCX_DATA_DIR/canonical/\n"
    "                           gcx-canonical-v1.json when that is set)\n"
    "  -o, --output=FILE        write to FILE, replaced only on success\n"
    "  -q, --quiet              no summary line for --check\n"
    "  -h, --help               show this help and exit\n"
    "  -V, --version            show the version and exit\n"
    "\n"
    "Exit status: 0 success, 2 usage error, 3 input/output error,\n"
    "4 bad definition, 5 out of memory or internal error.\n";

enum {
    ACT_NONE = 0, ACT_CHECK, ACT_JSON_SCHEMA, ACT_XSD, ACT_MARKDOWN
};

enum {
    OPT_CHECK = 256, OPT_JSON_SCHEMA, OPT_XSD, OPT_MARKDOWN
};

static const struct option long_options[] = {
    {"check", no_argument, NULL, OPT_CHECK},
    {"json-schema", no_argument, NULL, OPT_JSON_SCHEMA},
    {"xsd", no_argument, NULL, OPT_XSD},
    {"markdown", no_argument, NULL, OPT_MARKDOWN},
    {"schema", required_argument, NULL, 's'},
    {"output", required_argument, NULL, 'o'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}
};

/* report_load: a definition that cannot be used. Whatever is wrong with
 * its text (JSON syntax, a limit) makes it a bad definition: exit 4,
 * not the "invalid data" a filter's input would get. */
static int report_load(gcxt_tool *t, const gcx_error *err)
{
    int code = gcxt_report(t, err);

    if (err->code == GCX_E_SYNTAX || err->code == GCX_E_LIMIT ||
        err->code == GCX_E_INVALID)
        code = GCXT_EXIT_CONFIG;
    return code;
}

/* write_artefact: generate one artefact of s and write it to output
 * (NULL: stdout). */
static int write_artefact(gcxt_tool *t, const gcx_schema *s, int action,
                          const char *output)
{
    gcx_output *o = NULL;
    gcx_error err;
    gcx_buf b;
    gcx_status st;

    gcx_error_clear(&err);
    gcx_buf_init(&b, 0);
    if (action == ACT_JSON_SCHEMA)
        st = gcx_schema_write_json_schema(s, &b, &err);
    else if (action == ACT_XSD)
        st = gcx_schema_write_xsd(s, &b, &err);
    else
        st = gcx_schema_write_markdown(s, &b, &err);
    if (!st)
        st = gcx_output_open(&o, output, 0, &err);
    if (!st)
        st = gcx_output_write(o, b.data, b.len, &err);
    gcx_buf_free(&b);
    if (st) {
        gcxt_output_fail(o);
        return gcxt_report(t, &err);
    }
    st = gcx_output_commit(o, &err);
    if (st)
        return gcxt_report(t, &err);
    return GCXT_EXIT_OK;
}

int gcxt_schema_run(int argc, char **argv, FILE *out, FILE *errf)
{
    gcxt_tool t;
    gcx_schema *s = NULL;
    gcx_error err;
    const char *path = NULL, *output = NULL;
    int action = ACT_NONE, c, code;
    size_t n;

    gcxt_init(&t, PROG, out, errf);
    gcx_error_clear(&err);
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":s:o:qhV", long_options,
                            NULL)) != -1) {
        switch (c) {
        case OPT_CHECK:
        case OPT_JSON_SCHEMA:
        case OPT_XSD:
        case OPT_MARKDOWN:
            if (action != ACT_NONE && action != c - OPT_CHECK + ACT_CHECK)
                return gcxt_usage(&t, "give one of --check, --json-schema, "
                                  "--xsd and --markdown");
            action = c - OPT_CHECK + ACT_CHECK;
            break;
        case 's':
            path = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        case 'q':
            t.quiet = 1;
            break;
        case 'h':
            fputs(usage_text, out);
            return gcxt_finish_stdout(&t, GCXT_EXIT_OK);
        case 'V':
            return gcxt_version(&t);
        case ':':
            return gcxt_usage(&t, "option '%s' needs an argument",
                              argv[optind - 1]);
        default:
            return gcxt_usage(&t, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return gcxt_usage(&t, "unexpected argument '%s' (the definition "
                          "is given with --schema)", argv[optind]);
    if (action == ACT_NONE)
        action = ACT_CHECK;
    if (action == ACT_CHECK && output)
        return gcxt_usage(&t, "--output goes with --json-schema, --xsd or "
                          "--markdown, not --check");
    if (!path)
        path = gcx_schema_default_path();

    if (gcx_schema_load(&s, path, &err))
        return report_load(&t, &err);
    if (action == ACT_CHECK) {
        if (!t.quiet) {
            gcx_schema_record_types(s, &n);
            fprintf(out, "%s: ok: %s %s, %zu record type%s\n", path,
                    gcx_schema_name(s), gcx_schema_version(s), n,
                    n == 1 ? "" : "s");
        }
        gcx_schema_free(s);
        return gcxt_finish_stdout(&t, GCXT_EXIT_OK);
    }
    code = write_artefact(&t, s, action, output);
    gcx_schema_free(s);
    return code;
}
