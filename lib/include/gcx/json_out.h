/* gcx/json_out.h - write JSON text: values, and records as NDJSON or array.
 *
 * gcx_jw is a streaming writer into a gcx_buf: callers emit begin/end,
 * keys and scalars, and the writer places commas, colons and indentation.
 * Strings are escaped minimally (", \, and control characters; U+007F and
 * above pass through as UTF-8). Numbers are written as their exact text.
 * gcx_json_sink frames whole records on a gcx_output.
 */
#ifndef GCX_JSON_OUT_H
#define GCX_JSON_OUT_H

#include <stddef.h>
#include <gcx/buf.h>
#include <gcx/error.h>
#include <gcx/io.h>
#include <gcx/json.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GCX_JW_MAX_DEPTH 4096

/* A JSON writer. Public so it can live on the stack; use only the
 * functions below. Errors (buffer limit, out of memory, misuse such as a
 * key outside an object) are sticky in status. */
typedef struct gcx_jw {
    gcx_buf *out;
    int pretty;                 /* 2-space indentation, one item a line */
    unsigned depth;
    gcx_status status;
    unsigned char first[GCX_JW_MAX_DEPTH]; /* no item yet at this depth */
    unsigned char in_object[GCX_JW_MAX_DEPTH];
    int after_key;
} gcx_jw;

/* gcx_jw_init: start writing into out (borrowed) at depth 0. */
void gcx_jw_init(gcx_jw *w, gcx_buf *out, int pretty);
gcx_status gcx_jw_begin_object(gcx_jw *w);
gcx_status gcx_jw_end_object(gcx_jw *w);
gcx_status gcx_jw_begin_array(gcx_jw *w);
gcx_status gcx_jw_end_array(gcx_jw *w);
/* gcx_jw_key: the next member's key (len bytes of UTF-8). */
gcx_status gcx_jw_key(gcx_jw *w, const char *key, size_t len);
gcx_status gcx_jw_string(gcx_jw *w, const char *s, size_t len);
/* gcx_jw_number: text written as it is (caller guarantees the grammar). */
gcx_status gcx_jw_number(gcx_jw *w, const char *text, size_t len);
gcx_status gcx_jw_bool(gcx_jw *w, int value);
gcx_status gcx_jw_null(gcx_jw *w);
/* gcx_jw_raw_key / gcx_jw_raw_string: as gcx_jw_key and gcx_jw_string,
 * but quoted is already an escaped JSON string with its quotes
 * ("\"#name\""), written as it is: for names written millions of times.
 * The caller guarantees quoted is valid JSON string syntax. */
gcx_status gcx_jw_raw_key(gcx_jw *w, const char *quoted, size_t len);
gcx_status gcx_jw_raw_string(gcx_jw *w, const char *quoted, size_t len);
/* gcx_jw_value: write a whole value (recursively). */
gcx_status gcx_jw_value(gcx_jw *w, const gcx_json *v);

/* gcx_json_escape: append s as a quoted, escaped JSON string to b. */
gcx_status gcx_json_escape(gcx_buf *b, const char *s, size_t len);

typedef enum gcx_json_framing {
    GCX_JSON_FRAMING_NDJSON = 0, /* one compact record a line */
    GCX_JSON_FRAMING_ARRAY       /* "[", records separated by ",", "]" */
} gcx_json_framing;

/* A record sink: frames records on an output. */
typedef struct gcx_json_sink gcx_json_sink;

/* gcx_json_sink_new: sink writing to out (borrowed). pretty indents
 * each record (with NDJSON framing the output is then a sequence of
 * indented JSON texts, one after another, no longer one a line). */
gcx_status gcx_json_sink_new(gcx_json_sink **s, gcx_output *out,
                             gcx_json_framing framing, int pretty,
                             gcx_error *err);
/* gcx_json_sink_begin: start a record; returns the writer to fill
 * (borrowed, valid until gcx_json_sink_end). */
gcx_jw *gcx_json_sink_begin(gcx_json_sink *s);
/* gcx_json_sink_end: finish the record and write it to the output. */
gcx_status gcx_json_sink_end(gcx_json_sink *s, gcx_error *err);
/* gcx_json_sink_finish: write the closing framing ("]" for ARRAY, "[]" if
 * no record was written). Does not commit the output. */
gcx_status gcx_json_sink_finish(gcx_json_sink *s, gcx_error *err);
/* gcx_json_sink_records: records written so far. */
unsigned long long gcx_json_sink_records(const gcx_json_sink *s);
void gcx_json_sink_free(gcx_json_sink *s);

#ifdef __cplusplus
}
#endif
#endif
