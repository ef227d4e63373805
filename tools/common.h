/* tools/common.h - what every gcx filter shares: exit codes, diagnostics,
 * option helpers and the progress line.
 *
 * Tools only parse options, open streams, call libgcx, print diagnostics
 * and pick the exit code (docs/exit-codes.md); the work is in lib/.
 */
#ifndef GCX_TOOLS_COMMON_H
#define GCX_TOOLS_COMMON_H

#include <stdio.h>
#include <gcx/gcx.h>

/* The exit codes of every gcx tool. Numbers never change. */
enum {
    GCXT_EXIT_OK = 0,       /* success; for validate/diff: no finding */
    GCXT_EXIT_DATA = 1,     /* invalid or malformed input data */
    GCXT_EXIT_USAGE = 2,    /* bad command line */
    GCXT_EXIT_IO = 3,       /* cannot read or write a file or stream */
    GCXT_EXIT_CONFIG = 4,   /* bad mapping, profile or other config */
    GCXT_EXIT_INTERNAL = 5  /* out of memory or internal error */
};

/* A tool's run function: main() only calls it. out and err receive help,
 * version and diagnostics; data flows through stdin/stdout or the files
 * named on the command line. Returns the exit code. */
typedef int (*gcxt_run_fn)(int argc, char **argv, FILE *out, FILE *err);

int gcxt_xml2json_run(int argc, char **argv, FILE *out, FILE *err);
int gcxt_json2xml_run(int argc, char **argv, FILE *out, FILE *err);
int gcxt_convert_run(int argc, char **argv, FILE *out, FILE *err);
int gcxt_canon_run(int argc, char **argv, FILE *out, FILE *err);
int gcxt_validate_run(int argc, char **argv, FILE *out, FILE *err);
int gcxt_diff_run(int argc, char **argv, FILE *out, FILE *err);
int gcxt_patch_run(int argc, char **argv, FILE *out, FILE *err);
int gcxt_dispatch_run(int argc, char **argv, FILE *out, FILE *err);
int gcxt_schema_run(int argc, char **argv, FILE *out, FILE *err);
int gcxt_map_run(int argc, char **argv, FILE *out, FILE *err);

/* Per-run state shared by the helpers below. */
typedef struct gcxt_tool {
    const char *prog;       /* "gcx-xml2json": prefix of every message */
    FILE *out;
    FILE *err;
    int quiet;
    /* progress line */
    int progress_on;
    double start, last, interval;
    const gcx_input *input;
    unsigned long long records;
    int progress_shown;
} gcxt_tool;

/* gcxt_init: set up t for prog; installs SIGPIPE-ignore so a closed pipe
 * is a write error (EPIPE) rather than a silent death. */
void gcxt_init(gcxt_tool *t, const char *prog, FILE *out, FILE *err);

/* gcxt_exit_code: the exit code for a library status. */
int gcxt_exit_code(gcx_status st);

/* gcxt_report: print "PROG: FILE:LINE:COL: error: TEXT" for err, and
 * return the exit code for its status. */
int gcxt_report(gcxt_tool *t, const gcx_error *err);

/* gcxt_usage: print "PROG: TEXT" and a hint to --help on err; return 2. */
int gcxt_usage(gcxt_tool *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* gcxt_version: print "PROG (gcx) VERSION" on out; return 0. */
int gcxt_version(gcxt_tool *t);

/* gcxt_common_option: handle an option every filter spells the same way:
 * -o/--output (*output), -z/--gzip and -f/--force (*out_flags; both may
 * be NULL for a tool without them), -q/--quiet, -h/--help (prints usage
 * on out), -V/--version, and getopt's complaints (c is ':' for a missing
 * argument, anything else for an unknown option). Returns
 * GCXT_OPTION_NEXT when parsing goes on, else the exit code to return at
 * once. */
#define GCXT_OPTION_NEXT (-1)
int gcxt_common_option(gcxt_tool *t, int c, char **argv, const char *usage,
                       const char **output, unsigned *out_flags);

/* gcxt_parse_layout: "auto", "ndjson" or "array" into *layout (a
 * gcx_json_layout); 0 on success, -1 on any other text. */
int gcxt_parse_layout(const char *s, gcx_json_layout *layout);

/* gcxt_parse_size: parse a decimal size with an optional K, M or G
 * suffix (powers of 1024) into *out; 0 on success, -1 on bad text. */
int gcxt_parse_size(const char *s, size_t *out);

/* Progress: shown on stderr only when it is a terminal and --quiet was
 * not given; bytes, records per second and an ETA when the size is
 * known. gcxt_progress_tick is cheap: call it once per record. */
void gcxt_progress_begin(gcxt_tool *t, const gcx_input *in);
void gcxt_progress_tick(gcxt_tool *t);
void gcxt_progress_end(gcxt_tool *t);

/* gcxt_output_fail: end an output after a failed run. A named file is
 * discarded, so no partial file is left; on stdout or a pipe what was
 * written before the failure is flushed, so records already converted
 * reach the reader (the exit code says the run failed). o may be NULL. */
void gcxt_output_fail(gcx_output *o);

/* gcxt_finish_stdout: flush out and check for write errors (help text to a
 * closed pipe or a full disk); returns code, or GCXT_EXIT_IO on error. */
int gcxt_finish_stdout(gcxt_tool *t, int code);

#endif
