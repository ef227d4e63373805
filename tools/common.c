/* tools/common.c - exit codes, diagnostics and the progress line shared
 * by every gcx filter.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/xmlmemory.h>

static double now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Test hook, for tests/alloc-faults.sh only: when GCX_FAIL_ALLOC=N is
 * set, the Nth allocation of the run (counted from here) and every one
 * after it fail, and libxml2 allocates through the same counter so its
 * failures are walked too. Unset, nothing changes. */
static void fail_alloc_hook(void)
{
    const char *s = getenv("GCX_FAIL_ALLOC");
    unsigned long n;
    char *end;

    if (!s || !*s)
        return;
    n = strtoul(s, &end, 10);
    if (*end || n == 0)
        return;
    xmlMemSetup(gcx_free, gcx_malloc, gcx_realloc, gcx_strdup);
    gcx_alloc_fail_after(n);
}

void gcxt_init(gcxt_tool *t, const char *prog, FILE *out, FILE *err)
{
    memset(t, 0, sizeof *t);
    t->prog = prog;
    t->out = out;
    t->err = err;
    signal(SIGPIPE, SIG_IGN);
    fail_alloc_hook();
}

int gcxt_exit_code(gcx_status st)
{
    switch (st) {
    case GCX_OK:
        return GCXT_EXIT_OK;
    case GCX_E_SYNTAX:
    case GCX_E_LIMIT:
    case GCX_E_INVALID:
        return GCXT_EXIT_DATA;
    case GCX_E_USAGE:
        return GCXT_EXIT_USAGE;
    case GCX_E_IO:
        return GCXT_EXIT_IO;
    case GCX_E_CONFIG:
        return GCXT_EXIT_CONFIG;
    default:
        return GCXT_EXIT_INTERNAL;
    }
}

static void progress_clear(gcxt_tool *t)
{
    if (t->progress_shown) {
        fputs("\r\033[K", t->err);
        t->progress_shown = 0;
    }
}

int gcxt_report(gcxt_tool *t, const gcx_error *err)
{
    char line[GCX_ERROR_FILE_MAX + GCX_ERROR_PATH_MAX +
              GCX_ERROR_MESSAGE_MAX + 128];

    progress_clear(t);
    gcx_error_format(err, line, sizeof line);
    fprintf(t->err, "%s: %s\n", t->prog, line);
    fflush(t->err);
    return gcxt_exit_code(err->code);
}

int gcxt_usage(gcxt_tool *t, const char *fmt, ...)
{
    va_list ap;

    fprintf(t->err, "%s: ", t->prog);
    va_start(ap, fmt);
    vfprintf(t->err, fmt, ap);
    va_end(ap);
    fprintf(t->err, "\nTry '%s --help' for more information.\n", t->prog);
    return GCXT_EXIT_USAGE;
}

int gcxt_version(gcxt_tool *t)
{
    fprintf(t->out, "%s (gcx) %s\n", t->prog, gcx_version());
    return gcxt_finish_stdout(t, GCXT_EXIT_OK);
}

int gcxt_finish_stdout(gcxt_tool *t, int code)
{
    if (fflush(t->out) != 0 || ferror(t->out)) {
        fprintf(t->err, "%s: error: cannot write to standard output: %s\n",
                t->prog, strerror(errno));
        return code ? code : GCXT_EXIT_IO;
    }
    return code;
}

void gcxt_output_fail(gcx_output *o)
{
    gcx_error ignored;

    if (!o)
        return;
    if (gcx_output_is_atomic(o))
        gcx_output_abort(o);
    else
        gcx_output_commit(o, &ignored);
}

int gcxt_common_option(gcxt_tool *t, int c, char **argv, const char *usage,
                       const char **output, unsigned *out_flags)
{
    switch (c) {
    case 'o':
        if (!output)
            break;
        *output = optarg;
        return GCXT_OPTION_NEXT;
    case 'z':
    case 'f':
        if (!out_flags)
            break;
        *out_flags |= c == 'z' ? GCX_OUTPUT_GZIP : GCX_OUTPUT_FORCE_TTY;
        return GCXT_OPTION_NEXT;
    case 'q':
        t->quiet = 1;
        return GCXT_OPTION_NEXT;
    case 'h':
        fputs(usage, t->out);
        return gcxt_finish_stdout(t, GCXT_EXIT_OK);
    case 'V':
        return gcxt_version(t);
    case ':':
        return gcxt_usage(t, "option '%s' needs an argument",
                          argv[optind - 1]);
    default:
        break;
    }
    return gcxt_usage(t, "unknown option '%s'", argv[optind - 1]);
}

int gcxt_parse_layout(const char *s, gcx_json_layout *layout)
{
    if (strcmp(s, "auto") == 0)
        *layout = GCX_JSON_LAYOUT_AUTO;
    else if (strcmp(s, "ndjson") == 0)
        *layout = GCX_JSON_LAYOUT_NDJSON;
    else if (strcmp(s, "array") == 0)
        *layout = GCX_JSON_LAYOUT_ARRAY;
    else
        return -1;
    return 0;
}

int gcxt_parse_size(const char *s, size_t *out)
{
    char *end;
    unsigned long long v;
    unsigned shift = 0;

    if (!s || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno)
        return -1;
    if (*end == 'K' || *end == 'k')
        shift = 10, end++;
    else if (*end == 'M' || *end == 'm')
        shift = 20, end++;
    else if (*end == 'G' || *end == 'g')
        shift = 30, end++;
    if (*end || v > (SIZE_MAX >> shift))
        return -1;
    *out = (size_t)(v << shift);
    return 0;
}

/* ------------------------------------------------------------ progress */

void gcxt_progress_begin(gcxt_tool *t, const gcx_input *in)
{
    t->input = in;
    t->progress_on = !t->quiet && isatty(fileno(t->err));
    t->start = t->progress_on ? now_seconds() : 0;
    t->last = t->start;
    /* GCX_PROGRESS_INTERVAL (seconds) lets tests see the line at once */
    t->interval = 0.5;
    if (getenv("GCX_PROGRESS_INTERVAL"))
        t->interval = atof(getenv("GCX_PROGRESS_INTERVAL"));
}

static void human_bytes(double b, char *buf, size_t n)
{
    const char *unit[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int i = 0;

    while (b >= 1024 && i < 4)
        b /= 1024, i++;
    snprintf(buf, n, "%.1f %s", b, unit[i]);
}

static void progress_draw(gcxt_tool *t, double now)
{
    double el = now - t->start;
    long long size = t->input ? gcx_input_size(t->input) : -1;
    long long done = t->input ? gcx_input_consumed(t->input) : 0;
    char bytes[32], eta[48] = "";
    double rate = el > 0 ? (double)t->records / el : 0;

    human_bytes((double)done, bytes, sizeof bytes);
    if (size > 0 && done > 0 && el > 0) {
        double left = el * (double)(size - done) / (double)done;
        snprintf(eta, sizeof eta, "  %3.0f%%  ETA %ld:%02ld",
                 100.0 * (double)done / (double)size,
                 (long)left / 60, (long)left % 60);
    }
    fprintf(t->err, "\r\033[K%s: %s  %llu records  %.0f rec/s%s", t->prog,
            bytes, t->records, rate, eta);
    fflush(t->err);
    t->progress_shown = 1;
}

void gcxt_progress_tick(gcxt_tool *t)
{
    double now;

    t->records++;
    if (!t->progress_on || (t->records & 1023))
        return;
    now = now_seconds();
    if (now - t->last < t->interval)
        return;
    t->last = now;
    progress_draw(t, now);
}

void gcxt_progress_end(gcxt_tool *t)
{
    progress_clear(t);
}
