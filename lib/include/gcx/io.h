/* gcx/io.h - byte streams in and out: files, "-", gzip, atomic output.
 *
 * Input: a path or "-" (stdin). Gzip is detected by its magic bytes, never
 * by the file name, and decompressed transparently (concatenated members
 * too); anything else is passed through as it is.
 * Output: a path or "-" (stdout), optionally gzip-compressed. A named output
 * file is written to a temporary file beside it and renamed over the target
 * only by gcx_output_commit, so a failed run never leaves a truncated file.
 * Write errors (full disk, closed pipe) are sticky and reported, never lost.
 */
#ifndef GCX_IO_H
#define GCX_IO_H

#include <stddef.h>
#include <gcx/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gcx_input gcx_input;
typedef struct gcx_output gcx_output;

/* gcx_input_open: open path ("-" or NULL for stdin) for reading.
 * On success *out is new; close it with gcx_input_close. Errors:
 * GCX_E_IO (cannot open; err names the file and the system's reason),
 * GCX_E_NOMEM. */
gcx_status gcx_input_open(gcx_input **out, const char *path, gcx_error *err);

/* gcx_input_read: read up to cap decompressed bytes into buf; *got is the
 * number read, 0 only at end of input. A truncated or corrupt gzip stream
 * and read errors give GCX_E_IO with the file name in err. */
gcx_status gcx_input_read(gcx_input *in, void *buf, size_t cap, size_t *got,
                          gcx_error *err);

/* gcx_input_name: the display name: the path, or "<stdin>". Borrowed,
 * valid until gcx_input_close. */
const char *gcx_input_name(const gcx_input *in);
/* gcx_input_is_gzip: 1 when the input was detected as gzip. Valid after
 * the first gcx_input_read. */
int gcx_input_is_gzip(const gcx_input *in);
/* gcx_input_size: size of the file on disk in bytes, or -1 when unknown
 * (pipes, terminals). For gzip this is the compressed size. */
long long gcx_input_size(const gcx_input *in);
/* gcx_input_consumed: bytes of the file consumed so far (compressed bytes
 * for gzip), comparable with gcx_input_size for progress. */
long long gcx_input_consumed(const gcx_input *in);
/* gcx_input_delivered: decompressed bytes handed out so far. */
long long gcx_input_delivered(const gcx_input *in);
/* gcx_input_close: close and free; in may be NULL. Never closes stdin's
 * descriptor. */
void gcx_input_close(gcx_input *in);

enum {
    GCX_OUTPUT_GZIP = 1u << 0,      /* compress with gzip */
    GCX_OUTPUT_FORCE_TTY = 1u << 1  /* allow gzip output to a terminal */
};

/* gcx_output_open: open path ("-" or NULL for stdout) for writing with
 * the GCX_OUTPUT_* flags. A named file is created as a temporary file in
 * the same directory. Gzip output to a terminal is refused (GCX_E_USAGE)
 * unless GCX_OUTPUT_FORCE_TTY is given. *out is new: finish it with
 * gcx_output_commit or gcx_output_abort. */
gcx_status gcx_output_open(gcx_output **out, const char *path,
                           unsigned flags, gcx_error *err);

/* gcx_output_write: write n bytes (buffered). The first failure is kept
 * and returned by this and every later call, and by commit. */
gcx_status gcx_output_write(gcx_output *out, const void *p, size_t n,
                            gcx_error *err);

/* gcx_output_flush: push buffered bytes to the descriptor (for streams
 * read by another process as they are written). */
gcx_status gcx_output_flush(gcx_output *out, gcx_error *err);

/* gcx_output_is_atomic: 1 when out is a named file written through a
 * temporary file (so abort leaves nothing behind); 0 for stdout, devices
 * and pipes, where bytes already flushed cannot be taken back. */
int gcx_output_is_atomic(const gcx_output *out);

/* gcx_output_name: the display name: the path, or "<stdout>". */
const char *gcx_output_name(const gcx_output *out);

/* gcx_output_commit: flush, finish the gzip stream, close, and for a named
 * file rename the temporary file over the target. Frees out whatever
 * happens; on failure the temporary file is removed and the target is
 * left as it was. stdout is flushed but its descriptor is not closed. */
gcx_status gcx_output_commit(gcx_output *out, gcx_error *err);

/* gcx_output_abort: discard: remove the temporary file (stdout: just stop
 * writing) and free out. out may be NULL. */
void gcx_output_abort(gcx_output *out);

/* A line reader over an input: for record formats of one record a line
 * (NDJSON) whose callers need the line's bytes (a rejects stream). */
typedef struct gcx_line_reader gcx_line_reader;

/* gcx_line_reader_new: lines of in (borrowed), each at most max_line
 * bytes (0: 64 MiB). */
gcx_status gcx_line_reader_new(gcx_line_reader **out, gcx_input *in,
                               size_t max_line, gcx_error *err);
/* gcx_line_reader_next: the next line without its line feed (and without
 * a CR before it) in *line, *len bytes, valid until the next call; *line
 * is NULL at the end of input. A line longer than max_line is skipped
 * and reported as GCX_E_LIMIT with its line number (the reader goes on
 * with the next line); GCX_E_IO and GCX_E_NOMEM stop it. */
gcx_status gcx_line_reader_next(gcx_line_reader *r, const char **line,
                                size_t *len, gcx_error *err);
/* gcx_line_reader_line: the number (from 1) of the line last returned. */
unsigned long gcx_line_reader_line(const gcx_line_reader *r);
void gcx_line_reader_free(gcx_line_reader *r);

#ifdef __cplusplus
}
#endif
#endif
