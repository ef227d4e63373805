/* gcx/csv.h - RFC 4180 CSV: a streaming row reader and a row writer.
 *
 * The reader takes the first row as the header (the column names) and
 * then hands out one data row at a time: memory is bounded by the
 * largest row, not the input. Errors in a data row are either
 * recoverable (the row is consumed and can be written to a rejects
 * stream; the next call reads the following row) or fatal (the reader
 * cannot go on). gcx_csv_reader_can_continue tells which.
 */
#ifndef GCX_CSV_H
#define GCX_CSV_H

#include <stddef.h>
#include <gcx/error.h>
#include <gcx/buf.h>
#include <gcx/io.h>
#include <gcx/limits.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The grammar the reader accepts and the writer produces:
 * - Fields are separated by a one-byte delimiter (',' unless set). A
 *   field is either unquoted (no quote, CR or LF in it) or enclosed in
 *   double quotes, inside which "" stands for one quote and delimiters,
 *   CR and LF are ordinary data. Spaces are data, never trimmed.
 * - A row ends at LF or CRLF outside quotes; the last row may end at the
 *   end of input instead. A CR outside quotes must be followed by LF.
 * - A UTF-8 byte order mark at the very start is skipped; columns on the
 *   first line are counted after it.
 * - An empty line is a row of one empty field (an empty value of a
 *   one-column file; with more columns, a field-count error), except a
 *   single empty line at the very end of the input, which is skipped.
 * - Every field must be UTF-8 (RFC 3629: no overlong forms, surrogates
 *   or code points above U+10FFFF) without NUL bytes. So fields are also
 *   NUL-terminated C strings.
 * Positions: lines count LFs from 1 (an LF inside a quoted field starts
 * a new line too); columns count code points from 1 (a tab is 1, each
 * byte of a malformed sequence is 1). */

typedef struct gcx_csv_options {
    char delimiter;        /* ',' by default; one ASCII byte other than
                              '"', CR, LF and NUL */
    size_t max_columns;    /* columns in the header (0: the default,
                              16384) */
    gcx_limits limits;     /* max_record_bytes: one row as in the input,
                              line end excluded; max_string_bytes: one
                              field after unquoting */
} gcx_csv_options;

#define GCX_CSV_DEFAULT_MAX_COLUMNS ((size_t)16384)

/* gcx_csv_options_default: delimiter ',', GCX_CSV_DEFAULT_MAX_COLUMNS and
 * gcx_limits_default(). */
gcx_csv_options gcx_csv_options_default(void);

/* One data row. Everything is borrowed from the reader and valid until
 * the next gcx_csv_reader_next or gcx_csv_reader_free. */
typedef struct gcx_csv_row {
    const char *const *fields; /* nfields values, each NUL-terminated;
                                  NULL at the end and after an error */
    const size_t *lens;        /* their lengths in bytes */
    size_t nfields;            /* equals the header's column count; 0 at
                                  the end of input */
    unsigned long long record; /* data row number, from 1 (the header is
                                  not counted); 0 at the end */
    unsigned long line;        /* line where the row starts */
    const char *raw;           /* the row's bytes exactly as in the input
                                  (after gzip), without its line end */
    size_t raw_len;
} gcx_csv_row;

typedef struct gcx_csv_reader gcx_csv_reader;

/* gcx_csv_reader_new: a reader over in (borrowed: in must outlive the
 * reader) with options opt (NULL: the defaults). Reads the header row.
 * *out is new; free it with gcx_csv_reader_free. Errors (then *out is
 * NULL, and err has the file, line and column):
 *   GCX_E_USAGE   a bad delimiter;
 *   GCX_E_INVALID empty input, an empty header line, an empty or
 *                 duplicate column name, invalid UTF-8 or a NUL byte;
 *   GCX_E_SYNTAX  a quoting error in the header;
 *   GCX_E_LIMIT   more than max_columns columns, a header row or name
 *                 over the limits;
 *   GCX_E_IO, GCX_E_NOMEM. */
gcx_status gcx_csv_reader_new(gcx_csv_reader **out, gcx_input *in,
                              const gcx_csv_options *opt, gcx_error *err);

/* gcx_csv_reader_columns: the number of columns; *names and *lens (each
 * may be NULL) receive the column names (NUL-terminated) and their
 * lengths, borrowed until gcx_csv_reader_free. */
size_t gcx_csv_reader_columns(const gcx_csv_reader *r,
                              const char *const **names,
                              const size_t **lens);

/* gcx_csv_reader_column_index: the 0-based index of the column named by
 * len bytes at name (exact byte comparison), or -1 when there is none. */
long gcx_csv_reader_column_index(const gcx_csv_reader *r, const char *name,
                                 size_t len);

/* gcx_csv_reader_next: read the next data row into *row.
 * GCX_OK: row->fields holds exactly one value per column; at the end of
 * input row->nfields is 0 and row->fields NULL (and every later call
 * says the same).
 * Recoverable errors: the row has been consumed; err has the file, line,
 * column and record number of the first problem in the row, and row has
 * its record, line and raw bytes (fields NULL, nfields 0), so the caller
 * can reject it and call again for the next row:
 *   GCX_E_INVALID a field count other than the header's; invalid UTF-8;
 *                 a NUL byte;
 *   GCX_E_SYNTAX  a quote inside an unquoted field, text after a closing
 *                 quote, a CR not followed by LF;
 *   GCX_E_LIMIT   a field longer than max_string_bytes.
 * Fatal errors: the reader cannot find where the next row begins; err
 * says why and row has only record and line. Every later call returns
 * the same error:
 *   GCX_E_SYNTAX  a quoted field still open at the end of input (err
 *                 points at its opening quote);
 *   GCX_E_LIMIT   a row longer than max_record_bytes (err points at the
 *                 row's start);
 *   GCX_E_IO, GCX_E_NOMEM.
 * A fatal error wins over an earlier recoverable one in the same row;
 * otherwise the first problem in input order is reported. */
gcx_status gcx_csv_reader_next(gcx_csv_reader *r, gcx_csv_row *row,
                               gcx_error *err);

/* gcx_csv_reader_can_continue: 1 when the next gcx_csv_reader_next may
 * return another row (no fatal error so far), 0 after a fatal error. */
int gcx_csv_reader_can_continue(const gcx_csv_reader *r);

/* gcx_csv_reader_free: free the reader; r may be NULL. Does not close
 * the input. */
void gcx_csv_reader_free(gcx_csv_reader *r);

enum {
    GCX_CSV_CRLF = 1u << 0   /* end rows with CRLF (RFC 4180) not LF */
};

/* gcx_csv_write_row: append one row of n fields (n >= 1) to out: field
 * i is lens[i] bytes at fields[i] (lens NULL: fields are NUL-terminated
 * strings), separated by delim and ended by LF, or CRLF with
 * GCX_CSV_CRLF. A field is quoted only when it must be or when a reader
 * could misread it: it holds the delimiter, a quote, CR or LF, begins or
 * ends with a space or tab, or begins with a byte order mark; a lone
 * empty field is written "" so the row is not an empty line. What this
 * writes, gcx_csv_reader_next reads back as the same fields.
 * Errors leave out unchanged: GCX_E_USAGE (n is 0, a bad delimiter),
 * GCX_E_INVALID (a field with a NUL byte or invalid UTF-8, which no
 * reader would accept; err names the field), GCX_E_LIMIT (out's
 * maximum), GCX_E_NOMEM. err may be NULL. */
gcx_status gcx_csv_write_row(gcx_buf *out, const char *const *fields,
                             const size_t *lens, size_t n, char delim,
                             unsigned flags, gcx_error *err);

#ifdef __cplusplus
}
#endif
#endif
