/* tools/map.c - gcx-map: national exports to canonical records and back,
 * driven by a mapping file (docs/mapping-language.md).
 *
 * Wiring only: a reader for the mapping's source kind yields one source
 * record at a time, libgcx's mapping run turns it into canonical records
 * (or, with --reverse, a canonical record into the national shape), and
 * the records go to the output or, with their reason, to the rejects
 * stream. Counts reconcile: read = mapped + rejected.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <openssl/evp.h>
#include <gcx/canon_xml.h>
#include <gcx/csv.h>
#include <gcx/map.h>
#include <gcx/schema.h>
#include <gcx/xslt_sandbox.h>

#define PROG "gcx-map"

static const char usage_text[] =
    "Usage: " PROG " -m MAPPING [OPTION]... [FILE]...\n"
    "Map national export records to canonical records with a mapping\n"
    "file (docs/mapping-language.md), or canonical records back to the\n"
    "national shape with --reverse. Records stream one at a time. With no\n"
    "FILE, or when FILE is -, read standard input. Gzip input is detected\n"
    "and decompressed.\n"
    "\n"
    "  -m, --mapping=FILE       the mapping file (required)\n"
    "      --to=FORMAT          forward output: json (NDJSON, default) or\n"
    "                           xml (canonical XML, docs/canonical-xml.md)\n"
    "  -r, --reverse            read canonical NDJSON, write the mapping's\n"
    "                           national shape\n"
    "      --allow-lossy        with --reverse: skip the rules that cannot\n"
    "                           be read backwards instead of refusing\n"
    "      --explain            print what the mapping reads, what the\n"
    "                           reverse direction cannot carry, and exit\n"
    "      --rejects=FILE       write records that cannot be mapped to FILE\n"
    "                           (NDJSON: input, record, line, rule, reason,\n"
    "                           message, source, or sourceBase64 for bytes\n"
    "                           that are not UTF-8); without it each is\n"
    "                           reported on stderr\n"
    "      --stats              print the counts on stderr even when every\n"
    "                           record was mapped\n"
    "      --schema=FILE        the canonical schema definition (default:\n"
    "                           the installed gcx-canonical-v1.json)\n"
    "      --max-record-bytes=N largest record (default 64M; K, M, G)\n"
    "      --max-depth=N        deepest nesting (default 256)\n"
    "      --max-string-bytes=N longest JSON string or CSV field\n"
    "                           (default 16M)\n"
    "      --max-expansion=N    largest XML entity expansion ratio\n"
    "                           (default 10)\n"
    "  -o, --output=FILE        write to FILE, replaced only on success\n"
    "  -z, --gzip               compress the output with gzip\n"
    "  -f, --force              write gzip output even to a terminal\n"
    "  -q, --quiet              no progress line\n"
    "  -h, --help               show this help and exit\n"
    "  -V, --version            show the version and exit\n"
    "\n"
    "A record that cannot be mapped (a required value missing, a bad date,\n"
    "an unknown code) is rejected with its reason and position; the others\n"
    "are written. The counts line says read = mapped + rejected.\n"
    "\n"
    "Exit status: 0 every record mapped, 1 some records rejected or the\n"
    "input is malformed, 2 usage error, 3 input/output error, 4 bad\n"
    "mapping or schema, 5 out of memory or internal error.\n";

enum { OPT_TO = 256, OPT_SCHEMA, OPT_REJECTS, OPT_ALLOW_LOSSY, OPT_EXPLAIN,
       OPT_STATS, OPT_MAXREC, OPT_MAXDEPTH, OPT_MAXSTR, OPT_MAXEXP };

static const struct option long_options[] = {
    {"mapping", required_argument, NULL, 'm'},
    {"to", required_argument, NULL, OPT_TO},
    {"reverse", no_argument, NULL, 'r'},
    {"allow-lossy", no_argument, NULL, OPT_ALLOW_LOSSY},
    {"explain", no_argument, NULL, OPT_EXPLAIN},
    {"rejects", required_argument, NULL, OPT_REJECTS},
    {"stats", no_argument, NULL, OPT_STATS},
    {"schema", required_argument, NULL, OPT_SCHEMA},
    {"max-record-bytes", required_argument, NULL, OPT_MAXREC},
    {"max-depth", required_argument, NULL, OPT_MAXDEPTH},
    {"max-string-bytes", required_argument, NULL, OPT_MAXSTR},
    {"max-expansion", required_argument, NULL, OPT_MAXEXP},
    {"output", required_argument, NULL, 'o'},
    {"gzip", no_argument, NULL, 'z'},
    {"force", no_argument, NULL, 'f'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}
};

typedef struct job {
    gcxt_tool *t;
    const char *mapping_path;
    const char *schema_path;
    const char *rejects_path;
    const char *output;
    unsigned out_flags;
    int to_xml, reverse, allow_lossy, explain, stats;
    gcx_limits limits;        /* every reader's */
    gcx_schema *schema;
    gcx_mapping *m;
    gcx_map_run *run;
    gcx_xslt_sandbox *xslt;
    gcx_output *o;            /* records */
    gcx_output *rej;          /* rejects, or NULL: stderr */
    gcx_json_sink *sink;      /* forward NDJSON */
    gcx_xw *xw;               /* forward XML */
    gcx_buf b;                /* output staging */
    gcx_buf rb;               /* one reject line */
    gcx_buf b64;              /* a reject's source in base64 */
    unsigned long long read, mapped, rejected, written;
} job;

/* Rejects --------------------------------------------------------------- */

/* put_base64: b = the base64 (RFC 4648) of len bytes at s. */
static gcx_status put_base64(gcx_buf *b, const char *s, size_t len)
{
    gcx_status st;
    int n;

    gcx_buf_reset(b);
    if (len > (size_t)INT_MAX / 2)
        return GCX_E_LIMIT;
    st = gcx_buf_reserve(b, (len + 2) / 3 * 4 + 1);
    if (st)
        return st;
    n = EVP_EncodeBlock((unsigned char *)b->data, (const unsigned char *)s,
                        (int)len);
    b->len = n > 0 ? (size_t)n : 0;
    return GCX_OK;
}

/* reject: one unit that could not be mapped. source (len bytes) is the
 * record as text, or NULL. */
static gcx_status reject(job *j, const char *input, unsigned long long rec,
                         unsigned long line, size_t item, int has_item,
                         const gcx_map_failure *why, const gcx_error *e,
                         const char *source, size_t len,
                         const gcx_json *source_json, gcx_error *err)
{
    char input_reason[40];
    const char *reason = why && why->reason ? why->reason : input_reason;
    const char *msg = why && why->reason ? why->message :
                      (e ? e->message : "");
    gcx_jw w;
    char pos[600];

    /* a record the reader refused: input.syntax, input.invalid, ... */
    snprintf(input_reason, sizeof input_reason, "input.%s",
             e ? gcx_status_name(e->code) : "invalid");
    j->rejected++;
    if (why && why->map_line)
        snprintf(pos, sizeof pos, "%s:%lu:%lu", j->mapping_path,
                 why->map_line, why->map_column);
    else
        pos[0] = '\0';
    if (!j->rej) {
        fprintf(j->t->err, "%s: %s:%lu: record %llu%s: error: %s: %s%s%s"
                "%s%s\n", j->t->prog, input, line, rec,
                has_item ? " (item)" : "", reason, msg,
                why && why->target[0] ? " [" : "",
                why && why->target[0] ? why->target : "",
                pos[0] ? " at " : "", pos[0] ? pos : "");
        return GCX_OK;
    }
    gcx_buf_reset(&j->rb);
    gcx_jw_init(&w, &j->rb, 0);
    gcx_jw_begin_object(&w);
    gcx_jw_key(&w, "input", 5);
    gcx_jw_string(&w, input, strlen(input));
    gcx_jw_key(&w, "record", 6);
    {
        char num[32];
        int n = snprintf(num, sizeof num, "%llu", rec);

        gcx_jw_number(&w, num, (size_t)n);
        if (has_item) {
            n = snprintf(num, sizeof num, "%zu", item + 1);
            gcx_jw_key(&w, "item", 4);
            gcx_jw_number(&w, num, (size_t)n);
        }
        n = snprintf(num, sizeof num, "%lu", line);
        gcx_jw_key(&w, "line", 4);
        gcx_jw_number(&w, num, (size_t)n);
    }
    if (why && why->target[0]) {
        gcx_jw_key(&w, "target", 6);
        gcx_jw_string(&w, why->target, strlen(why->target));
    }
    if (pos[0]) {
        gcx_jw_key(&w, "rule", 4);
        gcx_jw_string(&w, pos, strlen(pos));
    }
    gcx_jw_key(&w, "reason", 6);
    gcx_jw_string(&w, reason, strlen(reason));
    gcx_jw_key(&w, "message", 7);
    gcx_jw_string(&w, msg, strlen(msg));
    gcx_jw_key(&w, "source", 6);
    if (source_json) {
        gcx_jw_value(&w, source_json);
    } else if (source && gcx_utf8_valid_prefix(source, len) == len) {
        gcx_jw_string(&w, source, len);
    } else if (source) {
        /* bytes that are not UTF-8 cannot be a JSON string: the exact
         * bytes in base64, so nothing of the record is lost */
        gcx_jw_null(&w);
        gcx_jw_key(&w, "sourceBase64", 12);
        if (put_base64(&j->b64, source, len) != GCX_OK)
            return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
        gcx_jw_string(&w, (const char *)j->b64.data, j->b64.len);
    } else {
        gcx_jw_null(&w);
    }
    gcx_jw_end_object(&w);
    if (gcx_buf_putc(&j->rb, '\n') != GCX_OK)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    return gcx_output_write(j->rej, j->rb.data, j->rb.len, err);
}

/* xml_source_text: the record element serialised, for the rejects. */
static char *xml_source_text(xmlNodePtr el, size_t *len)
{
    xmlBufferPtr xb = xmlBufferCreate();
    char *s = NULL;

    *len = 0;
    if (!xb)
        return NULL;
    if (xmlNodeDump(xb, el->doc, el, 0, 0) >= 0) {
        *len = (size_t)xmlBufferLength(xb);
        s = malloc(*len + 1);
        if (s)
            memcpy(s, xmlBufferContent(xb), *len + 1);
    }
    xmlBufferFree(xb);
    return s;
}

/* Forward ---------------------------------------------------------------- */

static gcx_status write_records(job *j, gcx_json **recs, size_t n,
                                gcx_error *err)
{
    gcx_status st = GCX_OK;
    size_t i;

    for (i = 0; st == GCX_OK && i < n; i++) {
        if (j->to_xml) {
            st = gcx_canon_xml_write(j->schema, j->xw, recs[i], err);
            if (st == GCX_OK)
                st = gcx_xw_raw(j->xw, "\n", 1, err);
            if (st == GCX_OK) {
                st = gcx_output_write(j->o, j->b.data, j->b.len, err);
                gcx_buf_reset(&j->b);
            }
        } else {
            gcx_jw_value(gcx_json_sink_begin(j->sink), recs[i]);
            st = gcx_json_sink_end(j->sink, err);
        }
        if (st == GCX_OK)
            j->written++;
    }
    return st;
}

/* map_unit: map one unit of a source record; rejects it on failure.
 * Returns only errors that stop the run. */
static gcx_status map_units(job *j, const gcx_map_source *src,
                            const char *input, unsigned long long rec,
                            unsigned long line, gcx_error *err)
{
    size_t units = gcx_map_units(j->run, src), u;
    gcx_map_provenance prov;
    gcx_map_failure why;
    gcx_json **recs;
    size_t n;
    gcx_status st;
    gcx_error e;

    prov.input = input;
    prov.record = rec;
    if (units == 0 && gcx_mapping_records(j->m) != NULL) {
        /* an explode path that matches nothing: nothing to map, which is
         * itself a finding */
        j->read++;
        memset(&why, 0, sizeof why);
        why.reason = "map.explode-empty";
        snprintf(why.message, sizeof why.message, "the record has no item "
                 "to explode");
        goto reject_it;
    }
    for (u = 0; u < units; u++) {
        j->read++;
        gcx_error_clear(&e);
        st = gcx_map_forward(j->run, src, u, &prov, &recs, &n, &why, &e);
        if (st == GCX_OK) {
            j->mapped++;
            st = write_records(j, recs, n, err);
            if (st)
                return st;
            continue;
        }
        if (st != GCX_E_INVALID) {
            *err = e;
            return st;
        }
        {
            char *text = NULL;
            size_t len = 0;

            if (src->element)
                text = xml_source_text(src->element, &len);
            st = reject(j, input, rec, line, u, units > 1, &why, NULL,
                        text, len, src->value, err);
            free(text);
            if (st)
                return st;
        }
    }
    return GCX_OK;
reject_it:
    return reject(j, input, rec, line, 0, 0, &why, NULL, NULL, 0,
                  src->value, err);
}

static gcx_status forward_xml(job *j, gcx_input *in, gcx_error *err)
{
    gcx_xml_reader_options ro = gcx_xml_reader_options_default();
    gcx_xml_reader *r = NULL;
    const char *input = gcx_input_name(in);
    xmlNodePtr node;
    gcx_status st;
    size_t k;

    ro.limits = j->limits;
    ro.record_path = gcx_mapping_records(j->m);
    ro.ns_bindings = gcx_mapping_namespaces(j->m, &ro.nns);
    ro.context_paths = gcx_mapping_contexts(j->m, &ro.ncontext);
    ro.skip_blanks = 1;     /* indentation carries nothing a rule reads */
    st = gcx_xml_reader_new(&r, in, &ro, err);
    while (st == GCX_OK) {
        gcx_map_source src;
        xmlDocPtr xdoc = NULL;

        st = gcx_xml_reader_next(r, &node, err);
        if (st || !node)
            break;
        k = gcx_xml_reader_context(r);
        if (k) {
            st = gcx_map_set_context(j->run, k - 1, node, err);
            continue;
        }
        memset(&src, 0, sizeof src);
        src.element = node;
        if (j->xslt) {
            gcx_error e;

            gcx_error_clear(&e);
            st = gcx_xslt_sandbox_apply(j->xslt, node, &xdoc, &e);
            if (st == GCX_E_INVALID) {
                gcx_map_failure why;
                size_t len = 0;
                char *text = xml_source_text(node, &len);

                memset(&why, 0, sizeof why);
                why.reason = "map.xslt";
                snprintf(why.message, sizeof why.message, "%s",
                         e.message);
                j->read++;
                st = reject(j, input, gcx_xml_reader_record(r),
                            gcx_xml_reader_line(r), 0, 0, &why, NULL,
                            text, len, NULL, err);
                free(text);
                continue;
            }
            if (st) {
                *err = e;
                break;
            }
            src.element = xmlDocGetRootElement(xdoc);
            if (!src.element) {
                xmlFreeDoc(xdoc);
                continue;
            }
        }
        st = map_units(j, &src, input, gcx_xml_reader_record(r),
                       gcx_xml_reader_line(r), err);
        xmlFreeDoc(xdoc);
        gcxt_progress_tick(j->t);
    }
    gcx_xml_reader_free(r);
    return st;
}

static gcx_status forward_json(job *j, gcx_input *in, gcx_error *err)
{
    gcx_json_reader_options ro = gcx_json_reader_options_default();
    gcx_json_reader *r = NULL;
    const char *input = gcx_input_name(in);
    const char *ptr = gcx_mapping_records(j->m);
    gcx_json *v;
    gcx_status st;

    ro.parse.limits = j->limits;
    if (ptr && ptr[0]) {
        ro.layout = GCX_JSON_LAYOUT_POINTER;
        ro.pointer = ptr;
    } else {
        ro.layout = GCX_JSON_LAYOUT_ARRAY;
    }
    st = gcx_json_reader_new(&r, in, &ro, err);
    while (st == GCX_OK) {
        gcx_map_source src;

        st = gcx_json_reader_next(r, &v, err);
        if (st || !v)
            break;
        memset(&src, 0, sizeof src);
        src.value = v;
        st = map_units(j, &src, input, gcx_json_reader_record(r),
                       gcx_json_reader_line(r), err);
        gcxt_progress_tick(j->t);
    }
    gcx_json_reader_free(r);
    return st;
}

/* forward_ndjson: one record a line. Lines are read whole so that a line
 * that is not JSON goes to the rejects with its bytes, and the next line
 * is read. */
static gcx_status forward_ndjson(job *j, gcx_input *in, gcx_error *err)
{
    gcx_json_parse_options po = gcx_json_parse_options_default();
    gcx_line_reader *lr = NULL;
    gcx_arena *a = gcx_arena_new();
    const char *input = gcx_input_name(in);
    unsigned long long rec = 0;
    const char *line;
    size_t len;
    gcx_status st;

    if (!a)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    po.limits = j->limits;
    st = gcx_line_reader_new(&lr, in, po.limits.max_record_bytes, err);
    while (st == GCX_OK) {
        gcx_map_source src;
        gcx_json *v = NULL;
        gcx_error e;
        size_t i;

        gcx_error_clear(&e);
        st = gcx_line_reader_next(lr, &line, &len, &e);
        if (st == GCX_E_LIMIT) {
            rec++;
            j->read++;
            st = reject(j, input, rec, gcx_line_reader_line(lr), 0, 0,
                        NULL, &e, NULL, 0, NULL, err);
            continue;
        }
        if (st) {
            *err = e;
            break;
        }
        if (!line)
            break;
        for (i = 0; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
            ;
        if (i == len)
            continue;           /* blank lines are no records */
        rec++;
        gcx_arena_reset(a);
        st = gcx_json_parse(line, len, input, &po, a, &v, &e);
        if (st == GCX_E_SYNTAX || st == GCX_E_INVALID || st == GCX_E_LIMIT) {
            e.line = gcx_line_reader_line(lr);
            j->read++;
            st = reject(j, input, rec, e.line, 0, 0, NULL, &e, line, len,
                        NULL, err);
            continue;
        }
        if (st) {
            *err = e;
            break;
        }
        memset(&src, 0, sizeof src);
        src.value = v;
        st = map_units(j, &src, input, rec, gcx_line_reader_line(lr), err);
        gcxt_progress_tick(j->t);
    }
    gcx_line_reader_free(lr);
    gcx_arena_free(a);
    return st;
}

static gcx_status forward_csv(job *j, gcx_input *in, gcx_error *err)
{
    gcx_csv_options co = gcx_csv_options_default();
    gcx_csv_reader *r = NULL;
    const char *input = gcx_input_name(in);
    const char *const *names;
    const size_t *lens;
    size_t ncols;
    gcx_csv_row row;
    gcx_status st;

    co.delimiter = gcx_mapping_delimiter(j->m);
    co.limits = j->limits;
    st = gcx_csv_reader_new(&r, in, &co, err);
    if (st == GCX_OK) {
        ncols = gcx_csv_reader_columns(r, &names, &lens);
        st = gcx_map_bind_columns(j->run, names, lens, ncols, err);
        if (st)
            gcx_error_at(err, input, 1, 0);
    }
    while (st == GCX_OK) {
        gcx_map_source src;
        gcx_map_provenance prov;
        gcx_map_failure why;
        gcx_json **recs;
        size_t n;
        gcx_error e;

        gcx_error_clear(&e);
        st = gcx_csv_reader_next(r, &row, &e);
        if (st != GCX_OK) {
            if (!gcx_csv_reader_can_continue(r)) {
                *err = e;
                break;
            }
            j->read++;
            st = reject(j, input, row.record, row.line, 0, 0, NULL, &e,
                        row.raw, row.raw_len, NULL, err);
            continue;
        }
        if (!row.fields)
            break;
        memset(&src, 0, sizeof src);
        src.fields = row.fields;
        src.lens = row.lens;
        src.nfields = row.nfields;
        prov.input = input;
        prov.record = row.record;
        j->read++;
        st = gcx_map_forward(j->run, &src, 0, &prov, &recs, &n, &why, &e);
        if (st == GCX_OK) {
            j->mapped++;
            st = write_records(j, recs, n, err);
        } else if (st == GCX_E_INVALID) {
            st = reject(j, input, row.record, row.line, 0, 0, &why, NULL,
                        row.raw, row.raw_len, NULL, err);
        } else {
            *err = e;
        }
        gcxt_progress_tick(j->t);
    }
    gcx_csv_reader_free(r);
    return st;
}

/* Reverse ---------------------------------------------------------------- */

static gcx_status reverse_input(job *j, gcx_input *in, gcx_error *err)
{
    gcx_json_reader_options ro = gcx_json_reader_options_default();
    gcx_json_reader *r = NULL;
    const char *input = gcx_input_name(in);
    gcx_json *v;
    gcx_status st;

    ro.layout = GCX_JSON_LAYOUT_AUTO;
    ro.parse.limits = j->limits;
    st = gcx_json_reader_new(&r, in, &ro, err);
    while (st == GCX_OK) {
        gcx_map_failure why;
        gcx_error e;

        st = gcx_json_reader_next(r, &v, err);
        if (st || !v)
            break;
        j->read++;
        gcx_error_clear(&e);
        gcx_buf_reset(&j->b);
        st = gcx_map_reverse(j->run, v, &j->b, &why, &e);
        if (st == GCX_OK) {
            j->mapped++;
            j->written++;
            st = gcx_output_write(j->o, j->b.data, j->b.len, err);
        } else if (st == GCX_E_INVALID) {
            st = reject(j, input, gcx_json_reader_record(r),
                        gcx_json_reader_line(r), 0, 0, &why, NULL, NULL, 0,
                        v, err);
        } else {
            *err = e;
        }
        gcxt_progress_tick(j->t);
    }
    gcx_json_reader_free(r);
    return st;
}

/* Run ------------------------------------------------------------------- */

static int explain(job *j)
{
    const gcx_map_issue *is;
    const char *const *nc;
    size_t n, i;
    FILE *o = j->t->out;
    static const char *const kinds[] = { "xml", "json", "ndjson", "csv" };

    fprintf(o, "mapping %s %s: %s source -> %s records\n",
            gcx_mapping_name(j->m), gcx_mapping_version(j->m),
            kinds[gcx_mapping_kind(j->m)], gcx_mapping_target(j->m));
    nc = gcx_mapping_not_carried(j->m, &n);
    for (i = 0; i < n; i++)
        fprintf(o, "not carried: %s\n", nc[i]);
    n = gcx_mapping_reverse_issues(j->m, &is);
    for (i = 0; i < n; i++)
        fprintf(o, "%s %s:%lu:%lu: %s: %s\n",
                is[i].note ? "reverse note:" : "not reversible:",
                j->mapping_path, is[i].line, is[i].column, is[i].target,
                is[i].what);
    if (n == 0)
        fprintf(o, "reversible: every rule\n");
    return gcxt_finish_stdout(j->t, GCXT_EXIT_OK);
}

static gcx_status run_inputs(job *j, const char *const *files, int nfiles,
                             gcx_error *err)
{
    gcx_status st = GCX_OK;
    int i;

    for (i = 0; st == GCX_OK && i < nfiles; i++) {
        gcx_input *in = NULL;

        st = gcx_input_open(&in, files[i], err);
        if (st)
            break;
        gcxt_progress_begin(j->t, in);
        if (j->reverse)
            st = reverse_input(j, in, err);
        else if (gcx_mapping_kind(j->m) == GCX_MAP_XML)
            st = forward_xml(j, in, err);
        else if (gcx_mapping_kind(j->m) == GCX_MAP_CSV)
            st = forward_csv(j, in, err);
        else if (gcx_mapping_kind(j->m) == GCX_MAP_NDJSON)
            st = forward_ndjson(j, in, err);
        else
            st = forward_json(j, in, err);
        gcxt_progress_end(j->t);
        gcx_input_close(in);
    }
    return st;
}

static gcx_status open_outputs(job *j, gcx_error *err)
{
    gcx_status st;

    st = gcx_output_open(&j->o, j->output, j->out_flags, err);
    if (st == GCX_OK && j->rejects_path)
        st = gcx_output_open(&j->rej, j->rejects_path, 0, err);
    if (st)
        return st;
    if (j->reverse)
        return gcx_map_reverse_begin(j->run, &j->b, err) ||
               gcx_output_write(j->o, j->b.data, j->b.len, err);
    if (j->to_xml) {
        const char *ns = gcx_schema_namespace(j->schema);

        j->xw = gcx_xw_new(&j->b);
        if (!j->xw)
            return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
        st = gcx_xw_declaration(j->xw, err);
        if (!st)
            st = gcx_xw_start(j->xw, "records", 7, err);
        if (!st)
            st = gcx_xw_attr(j->xw, "xmlns", 5, ns, strlen(ns), err);
        if (!st)
            st = gcx_xw_raw(j->xw, "\n", 1, err);
        if (!st)
            st = gcx_output_write(j->o, j->b.data, j->b.len, err);
        gcx_buf_reset(&j->b);
        return st;
    }
    return gcx_json_sink_new(&j->sink, j->o, GCX_JSON_FRAMING_NDJSON, 0,
                             err);
}

static gcx_status close_outputs(job *j, gcx_error *err)
{
    gcx_status st = GCX_OK;

    gcx_buf_reset(&j->b);
    if (j->reverse)
        st = gcx_map_reverse_end(j->run, &j->b, err);
    else if (j->to_xml) {
        st = gcx_xw_end(j->xw, err);
        if (!st)
            st = gcx_xw_raw(j->xw, "\n", 1, err);
    }
    if (!st && j->b.len)
        st = gcx_output_write(j->o, j->b.data, j->b.len, err);
    if (!st && j->sink)
        st = gcx_json_sink_finish(j->sink, err);
    if (!st && j->rej) {
        st = gcx_output_commit(j->rej, err);
        j->rej = NULL;
    }
    if (!st) {
        st = gcx_output_commit(j->o, err);
        j->o = NULL;
    }
    return st;
}

static void job_free(job *j)
{
    gcx_json_sink_free(j->sink);
    gcx_xw_free(j->xw);
    gcx_buf_free(&j->b);
    gcx_buf_free(&j->rb);
    gcx_buf_free(&j->b64);
    gcx_map_run_free(j->run);
    gcx_xslt_sandbox_free(j->xslt);
    gcx_mapping_free(j->m);
    gcx_schema_free(j->schema);
}

int gcxt_map_run(int argc, char **argv, FILE *out, FILE *errf)
{
    static const char *stdin_only[] = {"-"};
    const char *const *files;
    gcxt_tool t;
    gcx_error err;
    gcx_status st;
    job j;
    int c, rc, nfiles;
    size_t size;

    gcxt_init(&t, PROG, out, errf);
    memset(&j, 0, sizeof j);
    j.t = &t;
    j.limits = gcx_limits_default();
    gcx_buf_init(&j.b, 0);
    gcx_buf_init(&j.rb, 0);
    gcx_buf_init(&j.b64, 0);
    gcx_error_clear(&err);
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":m:ro:zfqhV", long_options,
                            NULL)) != -1) {
        switch (c) {
        case 'm':
            j.mapping_path = optarg;
            break;
        case 'r':
            j.reverse = 1;
            break;
        case OPT_TO:
            if (strcmp(optarg, "xml") == 0)
                j.to_xml = 1;
            else if (strcmp(optarg, "json") != 0)
                return gcxt_usage(&t, "--to wants json or xml, got '%s'",
                                  optarg);
            break;
        case OPT_ALLOW_LOSSY:
            j.allow_lossy = 1;
            break;
        case OPT_EXPLAIN:
            j.explain = 1;
            break;
        case OPT_STATS:
            j.stats = 1;
            break;
        case OPT_REJECTS:
            j.rejects_path = optarg;
            break;
        case OPT_SCHEMA:
            j.schema_path = optarg;
            break;
        case OPT_MAXREC:
        case OPT_MAXSTR:
            if (gcxt_parse_size(optarg, &size) || size == 0)
                return gcxt_usage(&t, "bad --%s '%s'", c == OPT_MAXREC ?
                                  "max-record-bytes" : "max-string-bytes",
                                  optarg);
            if (c == OPT_MAXREC)
                j.limits.max_record_bytes = size;
            else
                j.limits.max_string_bytes = size;
            break;
        case OPT_MAXDEPTH:
        case OPT_MAXEXP:
            if (gcxt_parse_size(optarg, &size) || size == 0 ||
                size > 1000000)
                return gcxt_usage(&t, "bad --%s '%s'", c == OPT_MAXDEPTH ?
                                  "max-depth" : "max-expansion", optarg);
            if (c == OPT_MAXDEPTH)
                j.limits.max_depth = (unsigned)size;
            else
                j.limits.max_expansion = (unsigned)size;
            break;
        default:
            rc = gcxt_common_option(&t, c, argv, usage_text, &j.output,
                                    &j.out_flags);
            if (rc != GCXT_OPTION_NEXT)
                return rc;
            break;
        }
    }
    if (!j.mapping_path)
        return gcxt_usage(&t, "missing -m MAPPING");
    if (j.reverse && j.to_xml)
        return gcxt_usage(&t, "--to is for the forward direction; "
                              "--reverse writes the mapping's own shape");
    files = optind < argc ? (const char *const *)argv + optind : stdin_only;
    nfiles = optind < argc ? argc - optind : 1;

    st = gcx_schema_load(&j.schema, j.schema_path, &err);
    if (!st)
        st = gcx_mapping_load(&j.m, j.mapping_path, j.schema, &err);
    if (st) {
        job_free(&j);
        return gcxt_report(&t, &err);
    }
    if (j.explain) {
        rc = explain(&j);
        job_free(&j);
        return rc;
    }
    st = gcx_map_run_new(&j.run, j.m, j.reverse, j.allow_lossy, &err);
    if (!st && !j.reverse && gcx_mapping_xslt(j.m))
        st = gcx_xslt_sandbox_load(&j.xslt, gcx_mapping_xslt(j.m),
                                   &j.limits, &err);
    if (!st)
        st = open_outputs(&j, &err);
    if (!st)
        st = run_inputs(&j, files, nfiles, &err);
    if (!st)
        st = close_outputs(&j, &err);
    if (st) {
        gcxt_output_fail(j.o);
        if (j.rej)
            gcxt_output_fail(j.rej);
        j.o = j.rej = NULL;
        rc = gcxt_report(&t, &err);
    } else {
        rc = j.rejected ? GCXT_EXIT_DATA : GCXT_EXIT_OK;
    }
    if (j.run && (j.stats || j.rejected || st))
        fprintf(t.err, "%s: read %llu, mapped %llu, rejected %llu "
                "(records written %llu)\n", t.prog, j.read, j.mapped,
                j.rejected, j.written);
    job_free(&j);
    return rc;
}
