/* tools/dispatch.c - the gcx command: "gcx NAME ARGS" runs the filter
 * gcx-NAME with ARGS, in the same process (same code as the gcx-NAME
 * program, so they cannot drift apart).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common.h"

#include <string.h>

static const struct {
    const char *name;
    gcxt_run_fn run;
    const char *summary;
} commands[] = {
    {"xml2json", gcxt_xml2json_run, "XML to JSON, lossless, streaming"},
    {"json2xml", gcxt_json2xml_run, "JSON (gcx convention) back to XML"},
    {"map", gcxt_map_run, "national exports <-> canonical records"},
    {"convert", gcxt_convert_run, "canonical records: NDJSON <-> XML"},
    {"schema", gcxt_schema_run, "check the schema; write JSON Schema, XSD"},
    {"canon", gcxt_canon_run, "canonical JSON (RFC 8785) and fingerprints"},
    {"validate", gcxt_validate_run, "check records: schema and domain rules"},
    {"diff", gcxt_diff_run, "keyed diff of two snapshots; JSON Patch delta"},
    {"patch", gcxt_patch_run, "apply a delta to a snapshot"},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static int usage(FILE *f)
{
    size_t i;

    fputs("Usage: gcx COMMAND [ARG]...\n"
          "Run the gcx filter gcx-COMMAND with the given arguments.\n"
          "\n"
          "Commands:\n", f);
    for (i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nOptions:\n"
          "  -h, --help     show this help and exit\n"
          "  -V, --version  show the version and exit\n", f);
    fputs("\n'gcx COMMAND --help' describes a command. Every command shares\n"
          "the exit status: 0 success, 1 invalid data, 2 usage error,\n"
          "3 input/output error, 4 bad mapping or config, 5 out of memory\n"
          "or internal error.\n", f);
    return 0;
}

int gcxt_dispatch_run(int argc, char **argv, FILE *out, FILE *err)
{
    gcxt_tool t;
    size_t i;

    gcxt_init(&t, "gcx", out, err);
    if (argc < 2)
        return gcxt_usage(&t, "missing command");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(out);
        return gcxt_finish_stdout(&t, GCXT_EXIT_OK);
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)
        return gcxt_version(&t);
    for (i = 0; i < NCOMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1, out, err);
    return gcxt_usage(&t, "unknown command '%s'", argv[1]);
}
