/* gcx/json_in.h - read JSON records one at a time from a stream.
 *
 * Three layouts: NDJSON (one JSON text per line), a top-level array whose
 * items are the records, or the array found at a JSON Pointer inside one
 * large document ("/data/persons"). The reader holds one record at a time:
 * memory is bounded by the largest record, not the input. The whole input
 * is still checked: trailing content after the document, or a syntax error
 * after the last record, is an error.
 */
#ifndef GCX_JSON_IN_H
#define GCX_JSON_IN_H

#include <gcx/error.h>
#include <gcx/io.h>
#include <gcx/json.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gcx_json_layout {
    GCX_JSON_LAYOUT_AUTO = 0, /* '[' first: array of records; else NDJSON */
    GCX_JSON_LAYOUT_NDJSON,   /* one value per line; blank lines skipped */
    GCX_JSON_LAYOUT_ARRAY,    /* one top-level array of records */
    GCX_JSON_LAYOUT_POINTER,  /* the array at options.pointer */
    GCX_JSON_LAYOUT_DOCUMENT  /* the whole input is one record */
} gcx_json_layout;

typedef struct gcx_json_reader_options {
    gcx_json_layout layout;
    const char *pointer;        /* RFC 6901 pointer for LAYOUT_POINTER */
    gcx_json_parse_options parse;
} gcx_json_reader_options;

typedef struct gcx_json_reader gcx_json_reader;

/* gcx_json_reader_options_default: AUTO layout, default parse options. */
gcx_json_reader_options gcx_json_reader_options_default(void);

/* gcx_json_reader_new: a reader over in (borrowed: in must outlive the
 * reader). opt may be NULL. *out is new; free with gcx_json_reader_free.
 * GCX_E_USAGE for a malformed pointer. */
gcx_status gcx_json_reader_new(gcx_json_reader **out, gcx_input *in,
                               const gcx_json_reader_options *opt,
                               gcx_error *err);

/* gcx_json_reader_next: parse the next record. *value is borrowed and
 * valid until the next call or free; NULL at the end of input. On error
 * err carries the file, line, column and record number; the reader cannot
 * continue after an error except in NDJSON layout, where the next call
 * resumes at the following line (so a tool can reject one bad line and
 * go on). LAYOUT_POINTER: GCX_E_INVALID when the pointer does not lead to
 * an array. */
gcx_status gcx_json_reader_next(gcx_json_reader *r, gcx_json **value,
                                gcx_error *err);

/* gcx_json_reader_record: number (1-based) of the record last returned or
 * failed; gcx_json_reader_line: the line where it starts. */
unsigned long long gcx_json_reader_record(const gcx_json_reader *r);
unsigned long gcx_json_reader_line(const gcx_json_reader *r);

/* gcx_json_reader_free: free the reader and its last record; r may be
 * NULL. Does not close the input. */
void gcx_json_reader_free(gcx_json_reader *r);

#ifdef __cplusplus
}
#endif
#endif
