/* tools/validate.c - gcx-validate: check canonical records (NDJSON, a
 * JSON array or canonical XML) against the canonical schema and the
 * domain rules; valid records to stdout, rejected ones to --rejects, a
 * JSON report to --report, a summary on stderr. --xsd checks a raw
 * national XML export against its agency's XSD instead, streaming.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gcx/canon_xml.h>
#include <gcx/rules.h>
#include <gcx/schema.h>
#include <gcx/validate.h>
#include <gcx/xsd.h>

#define PROG "gcx-validate"
#define CHUNK ((size_t)256 << 10)

static const char usage_text[] =
    "Usage: " PROG " [OPTION]... [FILE]...\n"
    "Check canonical records against the canonical schema and the domain\n"
    "rules (identifiers, dates, money, phones, IBANs, text, cross-field\n"
    "and indicator checks). Valid records are written to standard output\n"
    "unchanged (NDJSON input: the exact source line; a JSON array or\n"
    "canonical XML input: each record as one compact NDJSON line, XML\n"
    "converted with the canonical XML form). Every finding is printed on\n"
    "standard error, followed by a summary.\n"
    "With no FILE, or when FILE is -, read standard input. Gzip input is\n"
    "detected and decompressed. Input is NDJSON unless it starts with '<'\n"
    "(canonical XML) or '[' (a JSON array), or --format/--layout says.\n"
    "\n"
    "  -r, --rejects=FILE       write rejected records to FILE as NDJSON\n"
    "                           (record, line, input, findings, source)\n"
    "  -R, --report=FILE        write a JSON report of every finding\n"
    "  -p, --profile=FILE       rule severities (mappings/profiles/)\n"
    "      --fail-on=LEVEL      reject records with findings of LEVEL or\n"
    "                           worse: error (default) or warning\n"
    "      --today=YYYY-MM-DD   the date for future-date checks (default:\n"
    "                           today in the earliest time zone, UTC+14)\n"
    "      --schema=FILE        the canonical schema definition (default:\n"
    "                           the installed gcx-canonical-v1.json)\n"
    "      --codes=FILE         country and currency codes CSV (default:\n"
    "                           the installed country-codes.csv)\n"
    "      --format=FORMAT      json or xml (canonical XML)\n"
    "      --layout=LAYOUT      JSON input: ndjson or array\n"
    "      --lang=LANG          messages in en (default) or ar (Arabic)\n"
    "      --max-messages=N     print at most N findings (default 20)\n"
    "      --max-pending=N      indicator records held for the EGDI check\n"
    "                           (default 4096)\n"
    "      --max-record-bytes=N largest record (default 64M; K, M, G)\n"
    "      --xsd=XSD            instead: validate each FILE, a raw XML\n"
    "                           export, against the XML Schema XSD\n"
    "  -n, --no-records         do not write valid records to stdout\n"
    "  -q, --quiet              no progress line and no summary\n"
    "  -h, --help               show this help and exit\n"
    "  -V, --version            show the version and exit\n"
    "\n"
    "Exit status: 0 every record valid, 1 some record rejected (or the\n"
    "input is malformed), 2 usage error, 3 input/output error, 4 bad\n"
    "profile, schema, codes or XSD, 5 out of memory or internal error.\n";

enum {
    OPT_FAILON = 256, OPT_TODAY, OPT_SCHEMA, OPT_CODES, OPT_FORMAT,
    OPT_LAYOUT, OPT_LANG, OPT_MAXMSG, OPT_MAXPEND, OPT_MAXREC, OPT_XSD
};

static const struct option long_options[] = {
    {"rejects", required_argument, NULL, 'r'},
    {"report", required_argument, NULL, 'R'},
    {"profile", required_argument, NULL, 'p'},
    {"fail-on", required_argument, NULL, OPT_FAILON},
    {"today", required_argument, NULL, OPT_TODAY},
    {"schema", required_argument, NULL, OPT_SCHEMA},
    {"codes", required_argument, NULL, OPT_CODES},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"layout", required_argument, NULL, OPT_LAYOUT},
    {"lang", required_argument, NULL, OPT_LANG},
    {"max-messages", required_argument, NULL, OPT_MAXMSG},
    {"max-pending", required_argument, NULL, OPT_MAXPEND},
    {"max-record-bytes", required_argument, NULL, OPT_MAXREC},
    {"xsd", required_argument, NULL, OPT_XSD},
    {"no-records", no_argument, NULL, 'n'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}
};

enum { FMT_AUTO, FMT_NDJSON, FMT_ARRAY, FMT_XML };

/* One rule's findings, for the summary. */
typedef struct tally {
    const char *rule;
    unsigned long long n;
    gcx_severity sev;
} tally;

typedef struct run {
    gcxt_tool t;
    /* settings */
    const char *rejects_path, *report_path, *profile_path, *today;
    const char *schema_path, *codes_path, *xsd_path;
    int format, ar, no_records;
    gcx_severity fail_on;
    unsigned long long max_messages;
    size_t max_pending, max_record;
    /* state */
    gcx_schema *schema;
    gcx_codes *codes;
    gcx_profile *profile;
    gcx_validator *v;
    gcx_output *out, *rejects, *report;
    gcx_buf b;                 /* a line of rejects or report */
    gcx_buf rec;               /* a record converted to NDJSON */
    gcx_arena *arena;
    const char *input;         /* name of the input being read */
    unsigned long long nfindings, shown, report_n;
    tally *tallies;
    size_t ntallies, tcap;
} run;

/* ------------------------------------------------------------ writing */

/* put_string: s as a JSON string into b, invalid UTF-8 replaced by
 * U+FFFD (a record that is not even JSON may hold anything). */
static gcx_status put_string(gcx_buf *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, k, need;
    gcx_buf clean;
    gcx_status st;

    for (i = 0; i < n; i += k) {
        k = 1;
        if (p[i] < 0x80)
            continue;
        need = p[i] >= 0xF0 && p[i] < 0xF5 ? 4 : p[i] >= 0xE0 ? 3
             : p[i] >= 0xC2 && p[i] < 0xE0 ? 2 : 0;
        if (!need || i + need > n)
            break;
        for (k = 1; k < need; k++)
            if ((p[i + k] & 0xC0) != 0x80)
                break;
        if (k < need ||
            (need == 3 && p[i] == 0xE0 && p[i + 1] < 0xA0) ||
            (need == 3 && p[i] == 0xED && p[i + 1] >= 0xA0) ||
            (need == 4 && p[i] == 0xF0 && p[i + 1] < 0x90) ||
            (need == 4 && p[i] == 0xF4 && p[i + 1] >= 0x90))
            break;
    }
    if (i >= n)
        return gcx_json_escape(b, s, n);
    /* slow path: copy with replacements */
    gcx_buf_init(&clean, 0);
    st = GCX_OK;
    for (i = 0; !st && i < n; i += k) {
        k = 1;
        if (p[i] < 0x80) {
            st = gcx_buf_putc(&clean, p[i]);
            continue;
        }
        need = p[i] >= 0xF0 && p[i] < 0xF5 ? 4 : p[i] >= 0xE0 ? 3
             : p[i] >= 0xC2 && p[i] < 0xE0 ? 2 : 0;
        if (need && i + need <= n) {
            for (k = 1; k < need; k++)
                if ((p[i + k] & 0xC0) != 0x80)
                    break;
            if (k == need &&
                !(need == 3 && p[i] == 0xE0 && p[i + 1] < 0xA0) &&
                !(need == 3 && p[i] == 0xED && p[i + 1] >= 0xA0) &&
                !(need == 4 && p[i] == 0xF0 && p[i + 1] < 0x90) &&
                !(need == 4 && p[i] == 0xF4 && p[i + 1] >= 0x90)) {
                st = gcx_buf_append(&clean, p + i, need);
                continue;
            }
        }
        k = 1;
        st = gcx_buf_append(&clean, "\xEF\xBF\xBD", 3);
    }
    if (!st)
        st = gcx_json_escape(b, clean.data ? clean.data : "", clean.len);
    gcx_buf_free(&clean);
    return st;
}

/* put_finding: one finding as a JSON object into b. */
static gcx_status put_finding(run *r, gcx_buf *b, const gcx_finding *f)
{
    gcx_status st;

    st = gcx_buf_puts(b, "{\"input\":");
    if (!st)
        st = gcx_json_escape(b, r->input, strlen(r->input));
    if (!st)
        st = gcx_buf_printf(b, ",\"record\":%llu,\"line\":%lu,"
                            "\"pointer\":", f->record, f->line);
    if (!st)
        st = gcx_json_escape(b, f->pointer, strlen(f->pointer));
    if (!st)
        st = gcx_buf_printf(b, ",\"rule\":\"%s\",\"severity\":\"%s\","
                            "\"value\":", f->rule,
                            gcx_validate_severity_name(f->severity));
    if (!st)
        st = gcx_json_escape(b, f->value, strlen(f->value));
    if (!st)
        st = gcx_buf_puts(b, ",\"message\":{\"en\":");
    if (!st)
        st = gcx_json_escape(b, f->en, strlen(f->en));
    if (!st)
        st = gcx_buf_puts(b, ",\"ar\":");
    if (!st)
        st = gcx_json_escape(b, f->ar, strlen(f->ar));
    if (!st)
        st = gcx_buf_puts(b, "}}");
    return st;
}

static gcx_status flush_buf(run *r, gcx_output *o, gcx_error *err)
{
    gcx_status st = GCX_OK;

    if (r->b.len)
        st = gcx_output_write(o, r->b.data, r->b.len, err);
    gcx_buf_reset(&r->b);
    return st;
}

static gcx_status nomem(gcx_error *err)
{
    return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
}

/* write_reject: the rejects line of a rejected record. */
static gcx_status write_reject(run *r, const gcx_outcome *o,
                               gcx_error *err)
{
    gcx_buf *b = &r->b;
    gcx_status st;
    size_t i;
    int raw = !(o->nfindings > 0 &&
                strncmp(o->findings[0].rule, "input.", 6) == 0);

    st = gcx_buf_printf(b, "{\"record\":%llu,\"line\":%lu,\"input\":",
                        o->record, o->line);
    if (!st)
        st = gcx_json_escape(b, r->input, strlen(r->input));
    if (!st)
        st = gcx_buf_puts(b, ",\"findings\":[");
    for (i = 0; !st && i < o->nfindings; i++) {
        if (i)
            st = gcx_buf_putc(b, ',');
        if (!st)
            st = put_finding(r, b, &o->findings[i]);
    }
    if (!st)
        st = gcx_buf_puts(b, "],\"source\":");
    if (!st) {
        if (o->len == 0)
            st = gcx_buf_puts(b, "null");
        else if (raw)
            st = gcx_buf_append(b, o->text, o->len);
        else
            st = put_string(b, o->text, o->len);
    }
    if (!st)
        st = gcx_buf_puts(b, "}\n");
    if (st)
        return nomem(err);
    return flush_buf(r, r->rejects, err);
}

static void tally_add(run *r, const gcx_finding *f)
{
    size_t i;

    for (i = 0; i < r->ntallies; i++)
        if (strcmp(r->tallies[i].rule, f->rule) == 0) {
            r->tallies[i].n++;
            return;
        }
    if (r->ntallies == r->tcap) {
        size_t cap = r->tcap ? r->tcap * 2 : 16;
        tally *t = realloc(r->tallies, cap * sizeof *t);

        if (!t)
            return; /* the summary only loses a line */
        r->tallies = t;
        r->tcap = cap;
    }
    r->tallies[r->ntallies].rule = f->rule;
    r->tallies[r->ntallies].sev = f->severity;
    r->tallies[r->ntallies].n = 1;
    r->ntallies++;
}

/* diagnose: "gcx-validate: FILE:LINE: error: record N: at /p: [rule]
 * message", up to --max-messages of them. */
static void diagnose(run *r, const gcx_finding *f)
{
    if (r->shown >= r->max_messages)
        return;
    r->shown++;
    fprintf(r->t.err, "%s: %s", PROG, r->input);
    if (f->line)
        fprintf(r->t.err, ":%lu", f->line);
    fprintf(r->t.err, ": %s: record %llu: ",
            gcx_validate_severity_name(f->severity), f->record);
    if (f->pointer[0])
        fprintf(r->t.err, "at %s: ", f->pointer);
    fprintf(r->t.err, "[%s] %s\n", f->rule, r->ar ? f->ar : f->en);
}

/* drain: every decided record: stdout or rejects, report, stderr. */
static gcx_status drain(run *r, gcx_error *err)
{
    gcx_outcome o;
    gcx_status st;
    size_t i;

    while (gcx_validator_next(r->v, r->fail_on, &o)) {
        if (o.rejected) {
            if (r->rejects) {
                st = write_reject(r, &o, err);
                if (st)
                    return st;
            }
        } else if (!r->no_records) {
            st = gcx_output_write(r->out, o.text, o.len, err);
            if (!st)
                st = gcx_output_write(r->out, "\n", 1, err);
            if (st)
                return st;
        }
        for (i = 0; i < o.nfindings; i++) {
            const gcx_finding *f = &o.findings[i];

            r->nfindings++;
            tally_add(r, f);
            diagnose(r, f);
            if (r->report) {
                st = gcx_buf_puts(&r->b, r->report_n++ ? ",\n" : "\n");
                if (!st)
                    st = put_finding(r, &r->b, f);
                if (st)
                    return nomem(err);
                st = flush_buf(r, r->report, err);
                if (st)
                    return st;
            }
        }
        r->nfindings += o.ndropped;
    }
    return GCX_OK;
}

/* ------------------------------------------------------------- inputs */

/* An NDJSON line reader: records are lines, kept whole in the buffer
 * (up to --max-record-bytes), so a valid record goes out byte for
 * byte. */
typedef struct lines {
    gcx_input *in;
    char *buf;
    size_t cap, beg, end, max;
    int eof;
    unsigned long line;
} lines;

static gcx_status lr_fill(lines *L, gcx_error *err)
{
    size_t got = 0;
    gcx_status st;

    if (L->beg > 0) {
        memmove(L->buf, L->buf + L->beg, L->end - L->beg);
        L->end -= L->beg;
        L->beg = 0;
    }
    if (L->end == L->cap) {
        size_t cap = L->cap ? L->cap * 2 : CHUNK;
        char *nb;

        if (cap > L->max + CHUNK)
            cap = L->max + CHUNK;
        if (cap <= L->cap)
            return GCX_E_LIMIT;
        nb = realloc(L->buf, cap);
        if (!nb)
            return nomem(err);
        L->buf = nb;
        L->cap = cap;
    }
    st = gcx_input_read(L->in, L->buf + L->end, L->cap - L->end, &got,
                        err);
    if (st)
        return st;
    if (got == 0)
        L->eof = 1;
    L->end += got;
    return GCX_OK;
}

/* lr_next: the next line (without its LF) in *s, *n: 1; 0 at the end;
 * 2 when the line was longer than max (skipped); < 0: -status. */
static int lr_next(lines *L, const char **s, size_t *n, gcx_error *err)
{
    size_t scan = L->beg;
    int skipping = 0;
    gcx_status st;

    for (;;) {
        char *nl = memchr(L->buf + scan, '\n', L->end - scan);

        if (nl) {
            L->line++;
            *s = L->buf + L->beg;
            *n = (size_t)(nl - *s);
            L->beg = (size_t)(nl - L->buf) + 1;
            return skipping ? 2 : 1;
        }
        if (L->eof) {
            if (L->beg == L->end && !skipping)
                return 0;
            L->line++;
            *s = L->buf + L->beg;
            *n = L->end - L->beg;
            L->beg = L->end;
            return skipping ? 2 : 1;
        }
        if (L->end - L->beg > L->max) {
            skipping = 1; /* keep nothing of the line */
            L->beg = L->end;
        }
        scan = L->end - L->beg;
        st = lr_fill(L, err);
        if (st)
            return -(int)st;
        scan = L->beg + scan;
    }
}

/* lr_first: the first byte that is not white space, or -1 at the end;
 * nothing is consumed. < -1: -status - 1. */
static int lr_first(lines *L, gcx_error *err)
{
    size_t i = L->beg;
    gcx_status st;

    for (;;) {
        for (; i < L->end; i++)
            if (!strchr(" \t\r\n", L->buf[i]))
                return (unsigned char)L->buf[i];
        if (L->eof)
            return -1;
        i -= L->beg;
        st = lr_fill(L, err);
        if (st)
            return -(int)st - 1;
        i += L->beg;
    }
}

static int blank(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!strchr(" \t\r", s[i]))
            return 0;
    return 1;
}

static gcx_status push(run *r, const char *text, size_t len,
                       const gcx_json *v, unsigned long long rec,
                       unsigned long line, gcx_error *err)
{
    gcx_status st = gcx_validator_push(r->v, text, len, v, rec, line, err);

    if (!st)
        st = drain(r, err);
    gcxt_progress_tick(&r->t);
    return st;
}

/* reject: a record that could not be read (rule input.*), with why's
 * message (and column, when known), or msg when why is NULL. */
static gcx_status reject(run *r, const char *text, size_t len,
                         const char *rule, const gcx_error *why,
                         const char *msg, unsigned long long rec,
                         unsigned long line, gcx_error *err)
{
    char buf[GCX_ERROR_PATH_MAX + GCX_ERROR_MESSAGE_MAX + 64];
    gcx_status st;

    if (why && why->column)
        snprintf(buf, sizeof buf, "column %lu: %s", why->column,
                 why->message);
    else
        snprintf(buf, sizeof buf, "%s", why ? why->message : msg);
    st = gcx_validator_reject(r->v, text, len, rule, buf, rec, line, err);
    if (!st)
        st = drain(r, err);
    gcxt_progress_tick(&r->t);
    return st;
}

static gcx_status ndjson_input(run *r, lines *L, gcx_error *err)
{
    gcx_json_parse_options po = gcx_json_parse_options_default();
    unsigned long long rec = 0;
    const char *s = NULL;
    size_t n = 0;
    gcx_error pe;
    gcx_status st;
    int got;

    po.limits.max_record_bytes = r->max_record;
    while ((got = lr_next(L, &s, &n, err)) > 0) {
        if (got == 2) {
            gcx_error_clear(&pe);
            gcx_error_set(&pe, GCX_E_LIMIT, "record longer than %zu bytes "
                          "(--max-record-bytes)", r->max_record);
            st = reject(r, "", 0, "input.limit", &pe, NULL, ++rec,
                        L->line, err);
            if (st)
                return st;
            continue;
        }
        if (blank(s, n))
            continue;
        st = gcx_validator_push_text(r->v, s, n, r->input, &po, ++rec,
                                     L->line, err);
        if (!st)
            st = drain(r, err);
        gcxt_progress_tick(&r->t);
        if (st)
            return st;
    }
    return got < 0 ? (gcx_status)-got : GCX_OK;
}

/* to_ndjson: v as one compact JSON text in r->rec. */
static gcx_status to_ndjson(run *r, const gcx_json *v, gcx_error *err)
{
    gcx_jw w;

    gcx_buf_reset(&r->rec);
    gcx_jw_init(&w, &r->rec, 0);
    if (gcx_jw_value(&w, v) || w.status)
        return gcx_error_set(err, w.status ? w.status : GCX_E_NOMEM,
                             "cannot write the record as JSON");
    return GCX_OK;
}

static gcx_status array_input(run *r, gcx_input *in, gcx_error *err)
{
    gcx_json_reader_options o = gcx_json_reader_options_default();
    gcx_json_reader *jr = NULL;
    gcx_json *v;
    gcx_error pe;
    gcx_status st;

    o.layout = GCX_JSON_LAYOUT_ARRAY;
    o.parse.limits.max_record_bytes = r->max_record;
    st = gcx_json_reader_new(&jr, in, &o, err);
    while (!st) {
        st = gcx_json_reader_next(jr, &v, &pe);
        if (st == GCX_E_SYNTAX || st == GCX_E_INVALID ||
            st == GCX_E_LIMIT) {
            /* the reader cannot go on: reject what it was reading */
            st = reject(r, "", 0, st == GCX_E_LIMIT ? "input.limit"
                                                     : "input.syntax",
                        &pe, NULL, gcx_json_reader_record(jr),
                        pe.line ? pe.line : gcx_json_reader_line(jr), err);
            break;
        }
        if (st) {
            *err = pe;
            break;
        }
        if (!v)
            break;
        st = to_ndjson(r, v, err);
        if (!st)
            st = push(r, r->rec.data, r->rec.len, v,
                      gcx_json_reader_record(jr), gcx_json_reader_line(jr),
                      err);
    }
    gcx_json_reader_free(jr);
    return st;
}

static gcx_status xml_input(run *r, gcx_input *in, gcx_error *err)
{
    gcx_xml_reader_options ro = gcx_xml_reader_options_default();
    gcx_xml_reader *xr = NULL;
    const char *ns = gcx_schema_namespace(r->schema);
    const char *binding[1];
    char *bind;
    xmlNodePtr node;
    gcx_json *v;
    gcx_error pe;
    gcx_status st;

    bind = malloc(strlen(ns) + 3);
    if (!bind)
        return nomem(err);
    sprintf(bind, "c=%s", ns);
    binding[0] = bind;
    ro.record_path = GCX_CANON_XML_RECORD_PATH;
    ro.ns_bindings = binding;
    ro.nns = 1;
    ro.limits.max_record_bytes = r->max_record;
    st = gcx_xml_reader_new(&xr, in, &ro, err);
    while (!st) {
        st = gcx_xml_reader_next(xr, &node, err);
        if (st || !node)
            break;
        gcx_arena_reset(r->arena);
        st = gcx_canon_xml_read(r->schema, node, r->arena, &v, &pe);
        if (st == GCX_E_INVALID) {
            char msg[GCX_ERROR_PATH_MAX + GCX_ERROR_MESSAGE_MAX + 4];

            /* not the canonical form: the record is rejected */
            snprintf(msg, sizeof msg, "%s%s%s", pe.path,
                     pe.path[0] ? ": " : "", pe.message);
            st = reject(r, "", 0, "input.syntax", NULL, msg,
                        gcx_xml_reader_record(xr),
                        pe.line ? pe.line : gcx_xml_reader_line(xr), err);
            continue;
        }
        if (st) {
            *err = pe;
            break;
        }
        st = to_ndjson(r, v, err);
        if (!st)
            st = push(r, r->rec.data, r->rec.len, v,
                      gcx_xml_reader_record(xr), gcx_xml_reader_line(xr),
                      err);
    }
    if (!st && gcx_xml_reader_record(xr) == 0)
        fprintf(r->t.err, "%s: %s: warning: no record found (records are "
                "the children of <records xmlns=\"%s\">)\n", PROG,
                r->input, ns);
    gcx_xml_reader_free(xr);
    free(bind);
    return st;
}

/* reopen: start path over (after looking at its first bytes). Standard
 * input can start over only when it is a regular file. */
static gcx_status reopen(const char *path, gcx_input **in, gcx_error *err)
{
    gcx_input_close(*in);
    *in = NULL;
    if ((!path || strcmp(path, "-") == 0) &&
        lseek(STDIN_FILENO, 0, SEEK_SET) != 0) {
        gcx_error_clear(err);
        gcx_error_at(err, "<stdin>", 0, 0);
        return gcx_error_set(err, GCX_E_USAGE, "standard input looks like "
                             "XML or a JSON array but is a pipe, which "
                             "cannot be read again: give --format xml or "
                             "--layout array");
    }
    return gcx_input_open(in, path, err);
}

static gcx_status one_input(run *r, const char *path, gcx_error *err)
{
    gcx_input *in = NULL;
    lines L;
    gcx_status st;
    int fmt = r->format, c;

    memset(&L, 0, sizeof L);
    L.max = r->max_record;
    st = gcx_input_open(&in, path, err);
    if (st)
        return st;
    r->input = gcx_input_name(in);
    L.in = in;
    if (fmt == FMT_AUTO) {
        c = lr_first(&L, err);
        if (c < -1) {
            st = (gcx_status)(-c - 1);
            goto done;
        }
        fmt = c == '<' ? FMT_XML : c == '[' ? FMT_ARRAY : FMT_NDJSON;
        if (fmt != FMT_NDJSON) {
            st = reopen(path, &in, err);
            if (st)
                goto done;
            r->input = gcx_input_name(in);
        }
    }
    gcxt_progress_begin(&r->t, in);
    if (fmt == FMT_XML)
        st = xml_input(r, in, err);
    else if (fmt == FMT_ARRAY)
        st = array_input(r, in, err);
    else
        st = ndjson_input(r, &L, err);
    if (!st)
        st = gcx_validator_finish(r->v, err);
    if (!st)
        st = drain(r, err);
    gcxt_progress_end(&r->t);
done:
    free(L.buf);
    gcx_input_close(in);
    return st;
}

/* ---------------------------------------------------------------- xsd */

static void xsd_error(void *ctx, const gcx_error *e)
{
    run *r = ctx;
    char line[GCX_ERROR_FILE_MAX + GCX_ERROR_MESSAGE_MAX + 64];

    r->nfindings++;
    if (r->shown >= r->max_messages)
        return;
    r->shown++;
    gcx_error_format(e, line, sizeof line);
    fprintf(r->t.err, "%s: %s\n", PROG, line);
}

static int xsd_run(run *r, const char *const *files, int nfiles)
{
    gcx_xsd *x = NULL;
    gcx_error err;
    gcx_status st;
    int i, code = GCXT_EXIT_OK;

    st = gcx_xsd_load(&x, r->xsd_path, &err);
    if (st)
        return gcxt_report(&r->t, &err);
    for (i = 0; i < nfiles; i++) {
        gcx_input *in = NULL;
        unsigned long long n = 0;

        st = gcx_input_open(&in, files[i], &err);
        if (st) {
            gcx_xsd_free(x);
            return gcxt_report(&r->t, &err);
        }
        st = gcx_xsd_validate(x, in, xsd_error, r, &n, &err);
        if (st == GCX_E_INVALID && n > 0) {
            if (!r->t.quiet)
                fprintf(r->t.err, "%s: %s: not valid against %s: %llu "
                        "error%s\n", PROG, gcx_input_name(in),
                        r->xsd_path, n, n == 1 ? "" : "s");
            code = GCXT_EXIT_DATA;
        } else if (st) {
            int c = gcxt_report(&r->t, &err);

            if (c != GCXT_EXIT_DATA) {
                gcx_input_close(in);
                gcx_xsd_free(x);
                return c;
            }
            code = GCXT_EXIT_DATA;
        } else if (!r->t.quiet) {
            fprintf(r->t.err, "%s: %s: valid against %s\n", PROG,
                    gcx_input_name(in), r->xsd_path);
        }
        gcx_input_close(in);
    }
    if (r->nfindings > r->shown && !r->t.quiet)
        fprintf(r->t.err, "%s: ... and %llu more\n", PROG,
                r->nfindings - r->shown);
    gcx_xsd_free(x);
    return code;
}

/* ------------------------------------------------------------ summary */

static int tally_cmp(const void *a, const void *b)
{
    const tally *x = a, *y = b;

    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return strcmp(x->rule, y->rule);
}

static const char *sev_ar(gcx_severity s)
{
    return s == GCX_SEV_ERROR ? "خطأ" : s == GCX_SEV_WARNING ? "تحذير"
                                                             : "ملاحظة";
}

static void summary(run *r)
{
    gcx_validate_counts c = gcx_validator_counts(r->v);
    FILE *e = r->t.err;
    size_t i;

    if (r->nfindings > r->shown && !r->t.quiet)
        fprintf(e, r->ar ? "%s: ... و%llu نتيجة أخرى\n"
                         : "%s: ... and %llu more\n", PROG,
                r->nfindings - r->shown);
    if (r->t.quiet)
        return;
    if (r->ar) {
        fprintf(e, "%s: السجلات: المقروءة %llu، "
                "المقبولة %llu، "
                "المرفوضة %llu\n", PROG, c.read, c.passed, c.rejected);
        fprintf(e, "%s: النتائج: الأخطاء %llu، "
                "التحذيرات %llu، "
                "الملاحظات %llu\n", PROG, c.errors, c.warnings,
                c.infos);
    } else {
        fprintf(e, "%s: %llu record%s read: %llu passed, %llu rejected\n",
                PROG, c.read, c.read == 1 ? "" : "s", c.passed,
                c.rejected);
        fprintf(e, "%s: findings: %llu error%s, %llu warning%s, %llu "
                "info%s\n", PROG, c.errors, c.errors == 1 ? "" : "s",
                c.warnings, c.warnings == 1 ? "" : "s", c.infos,
                c.infos == 1 ? "" : "s");
    }
    if (!r->ntallies)
        return;
    qsort(r->tallies, r->ntallies, sizeof *r->tallies, tally_cmp);
    fprintf(e, r->ar ? "%s: النتائج حسب القاعدة:\n"
                     : "%s: findings by rule:\n", PROG);
    for (i = 0; i < r->ntallies; i++)
        fprintf(e, "%8llu  %s (%s)\n", r->tallies[i].n, r->tallies[i].rule,
                r->ar ? sev_ar(r->tallies[i].sev)
                      : gcx_validate_severity_name(r->tallies[i].sev));
}

/* ---------------------------------------------------------------- run */

/* load_config: schema, codes and profile. Problems in them are config
 * errors (exit 4) whatever the reader's status, except I/O and memory. */
static int load_config(run *r)
{
    gcx_error err;
    gcx_status st;
    char path[4096];

    st = gcx_schema_load(&r->schema, r->schema_path, &err);
    if (!st) {
        if (r->codes_path) {
            st = gcx_codes_load(&r->codes, r->codes_path, &err);
            if (!st && gcx_codes_default_path(GCX_CODES_IBAN_FILE, path,
                                              sizeof path) == GCX_OK &&
                access(path, R_OK) == 0)
                st = gcx_codes_load_iban(r->codes, path, &err);
        } else {
            st = gcx_codes_load_default(&r->codes, &err);
        }
    }
    if (!st && r->profile_path)
        st = gcx_profile_load(&r->profile, r->profile_path, &err);
    if (!st)
        return GCXT_EXIT_OK;
    if (st != GCX_E_IO && st != GCX_E_NOMEM && st != GCX_E_INTERNAL)
        err.code = GCX_E_CONFIG;
    return gcxt_report(&r->t, &err);
}

static gcx_status open_outputs(run *r, const char *const *files,
                               int nfiles, gcx_error *err)
{
    gcx_status st;
    int i;

    st = gcx_output_open(&r->out, NULL, 0, err);
    if (!st && r->rejects_path)
        st = gcx_output_open(&r->rejects, r->rejects_path, 0, err);
    if (!st && r->report_path)
        st = gcx_output_open(&r->report, r->report_path, 0, err);
    if (st || !r->report)
        return st;
    st = gcx_buf_puts(&r->b, "{\"input\":");
    if (nfiles > 1)
        st = gcx_buf_putc(&r->b, '[');
    for (i = 0; !st && i < nfiles; i++) {
        const char *n = strcmp(files[i], "-") == 0 ? "<stdin>" : files[i];

        if (i)
            st = gcx_buf_putc(&r->b, ',');
        if (!st)
            st = gcx_json_escape(&r->b, n, strlen(n));
    }
    if (!st && nfiles > 1)
        st = gcx_buf_putc(&r->b, ']');
    if (!st)
        st = gcx_buf_puts(&r->b, ",\n\"findings\":[");
    if (st)
        return nomem(err);
    return flush_buf(r, r->report, err);
}

static gcx_status close_report(run *r, gcx_error *err)
{
    gcx_validate_counts c = gcx_validator_counts(r->v);

    if (gcx_buf_printf(&r->b, "%s],\n\"counts\":{\"read\":%llu,"
                       "\"passed\":%llu,\"rejected\":%llu,"
                       "\"errors\":%llu,\"warnings\":%llu,"
                       "\"infos\":%llu}}\n", r->report_n ? "\n" : "",
                       c.read, c.passed, c.rejected, c.errors, c.warnings,
                       c.infos))
        return nomem(err);
    return flush_buf(r, r->report, err);
}

static void cleanup(run *r)
{
    gcx_validator_free(r->v);
    gcx_profile_free(r->profile);
    gcx_codes_free(r->codes);
    gcx_schema_free(r->schema);
    gcx_arena_free(r->arena);
    gcx_buf_free(&r->b);
    gcx_buf_free(&r->rec);
    free(r->tallies);
    gcx_rules_thread_cleanup();
}

static int parse_options(run *r, int argc, char **argv)
{
    size_t size;
    int c;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":r:R:p:nqhV", long_options,
                            NULL)) != -1) {
        switch (c) {
        case 'r':
            r->rejects_path = optarg;
            break;
        case 'R':
            r->report_path = optarg;
            break;
        case 'p':
            r->profile_path = optarg;
            break;
        case 'n':
            r->no_records = 1;
            break;
        case 'q':
            r->t.quiet = 1;
            break;
        case OPT_FAILON:
            if (strcmp(optarg, "error") == 0)
                r->fail_on = GCX_SEV_ERROR;
            else if (strcmp(optarg, "warning") == 0)
                r->fail_on = GCX_SEV_WARNING;
            else
                return gcxt_usage(&r->t, "--fail-on wants error or "
                                  "warning, got '%s'", optarg);
            break;
        case OPT_TODAY:
            if (strlen(optarg) != 10 ||
                gcx_rules_date(optarg, 10, NULL) != 0)
                return gcxt_usage(&r->t, "--today wants a date "
                                  "YYYY-MM-DD, got '%s'", optarg);
            r->today = optarg;
            break;
        case OPT_SCHEMA:
            r->schema_path = optarg;
            break;
        case OPT_CODES:
            r->codes_path = optarg;
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "json") == 0)
                r->format = r->format == FMT_ARRAY ? FMT_ARRAY : FMT_NDJSON;
            else if (strcmp(optarg, "xml") == 0)
                r->format = FMT_XML;
            else
                return gcxt_usage(&r->t, "--format wants json or xml, got "
                                  "'%s'", optarg);
            break;
        case OPT_LAYOUT:
            if (strcmp(optarg, "ndjson") == 0)
                r->format = FMT_NDJSON;
            else if (strcmp(optarg, "array") == 0)
                r->format = FMT_ARRAY;
            else
                return gcxt_usage(&r->t, "--layout wants ndjson or array, "
                                  "got '%s'", optarg);
            break;
        case OPT_LANG:
            if (strcmp(optarg, "en") != 0 && strcmp(optarg, "ar") != 0)
                return gcxt_usage(&r->t, "--lang wants en or ar, got '%s'",
                                  optarg);
            r->ar = optarg[0] == 'a';
            break;
        case OPT_MAXMSG:
            if (gcxt_parse_size(optarg, &size))
                return gcxt_usage(&r->t, "bad --max-messages '%s'", optarg);
            r->max_messages = size;
            break;
        case OPT_MAXPEND:
            if (gcxt_parse_size(optarg, &size) || size == 0)
                return gcxt_usage(&r->t, "bad --max-pending '%s'", optarg);
            r->max_pending = size;
            break;
        case OPT_MAXREC:
            if (gcxt_parse_size(optarg, &size) || size == 0)
                return gcxt_usage(&r->t, "bad --max-record-bytes '%s'",
                                  optarg);
            r->max_record = size;
            break;
        case OPT_XSD:
            r->xsd_path = optarg;
            break;
        case 'h':
            fputs(usage_text, r->t.out);
            return -gcxt_finish_stdout(&r->t, GCXT_EXIT_OK) - 1;
        case 'V':
            return -gcxt_version(&r->t) - 1;
        case ':':
            return gcxt_usage(&r->t, "option '%s' needs an argument",
                              argv[optind - 1]);
        default:
            return gcxt_usage(&r->t, "unknown option '%s'",
                              argv[optind - 1]);
        }
    }
    if (r->xsd_path && (r->rejects_path || r->report_path ||
                        r->profile_path || r->format != FMT_AUTO))
        return gcxt_usage(&r->t, "--xsd validates raw XML only: it takes "
                          "no --rejects, --report, --profile, --format or "
                          "--layout");
    return 0;
}

int gcxt_validate_run(int argc, char **argv, FILE *out, FILE *errf)
{
    static const char *stdin_only[] = {"-"};
    const char *const *files;
    gcx_validator_options vo;
    gcx_error err;
    gcx_status st;
    run r;
    int nfiles, i, code;

    memset(&r, 0, sizeof r);
    gcxt_init(&r.t, PROG, out, errf);
    r.fail_on = GCX_SEV_ERROR;
    r.max_messages = 20;
    r.max_record = GCX_DEFAULT_MAX_RECORD_BYTES;
    gcx_buf_init(&r.b, 0);
    gcx_buf_init(&r.rec, 0);
    code = parse_options(&r, argc, argv);
    if (code)
        return code < 0 ? -code - 1 : code;
    files = optind < argc ? (const char *const *)argv + optind : stdin_only;
    nfiles = optind < argc ? argc - optind : 1;
    if (r.xsd_path)
        return gcxt_finish_stdout(&r.t, xsd_run(&r, files, nfiles));

    code = load_config(&r);
    if (code) {
        cleanup(&r);
        return code;
    }
    memset(&vo, 0, sizeof vo);
    vo.profile = r.profile;
    vo.today = r.today;
    vo.max_pending = r.max_pending;
    gcx_error_clear(&err);
    r.arena = gcx_arena_new();
    st = r.arena ? gcx_validator_new(&r.v, r.schema, r.codes, &vo, &err)
                 : nomem(&err);
    if (!st)
        st = open_outputs(&r, files, nfiles, &err);
    for (i = 0; !st && i < nfiles; i++)
        st = one_input(&r, files[i], &err);
    if (!st && r.report)
        st = close_report(&r, &err);
    if (st) {
        gcxt_output_fail(r.out);
        gcxt_output_fail(r.rejects);
        gcxt_output_fail(r.report);
        code = gcxt_report(&r.t, &err);
        cleanup(&r);
        return code;
    }
    st = gcx_output_commit(r.out, &err);
    r.out = NULL;
    if (!st && r.rejects) {
        st = gcx_output_commit(r.rejects, &err);
        r.rejects = NULL;
    }
    if (!st && r.report) {
        st = gcx_output_commit(r.report, &err);
        r.report = NULL;
    }
    if (st) {
        gcx_output_abort(r.rejects);
        gcx_output_abort(r.report);
        code = gcxt_report(&r.t, &err);
        cleanup(&r);
        return code;
    }
    summary(&r);
    code = gcx_validator_counts(r.v).rejected ? GCXT_EXIT_DATA
                                              : GCXT_EXIT_OK;
    cleanup(&r);
    return code;
}
