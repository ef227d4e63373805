/* gcx/delta.h - read a gcx delta (docs/delta-format.md): the header line,
 * then one add, remove or change line per record, in key order.
 *
 * The reader checks each line's shape, that keys strictly increase and,
 * at the end, that the header's counts are the lines found; every error
 * names the delta's file and line. Keys are compared as byte strings
 * made by gcx_delta_key / gcx_delta_record_key.
 */
#ifndef GCX_DELTA_H
#define GCX_DELTA_H

#include <stddef.h>
#include <gcx/buf.h>
#include <gcx/canon.h>
#include <gcx/error.h>
#include <gcx/io.h>
#include <gcx/json.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The delta format version this reader knows. */
#define GCX_DELTA_VERSION 1

typedef struct gcx_delta_header {
    unsigned version;             /* gcxDelta */
    const char *const *key;       /* the key's JSON Pointers (NUL-ended) */
    size_t nkey;
    unsigned long long added, removed, changed;
} gcx_delta_header;

typedef enum gcx_delta_op {
    GCX_DELTA_ADD = 1,
    GCX_DELTA_REMOVE,
    GCX_DELTA_CHANGE
} gcx_delta_op;

/* One record's change; every pointer is borrowed from the reader until
 * its next call. */
typedef struct gcx_delta_entry {
    gcx_delta_op op;
    const gcx_json *key;          /* the "key" array, nkey values */
    const char *kbytes;           /* the key as gcx_delta_key bytes */
    size_t klen;
    const gcx_json *record;       /* ADD: the whole new record */
    const char *fingerprint;      /* REMOVE: the 64 hex digits */
    const gcx_json *patch;        /* CHANGE: the RFC 6902 patch */
    unsigned long line;           /* line in the delta */
    unsigned long long number;    /* 1-based, header not counted */
} gcx_delta_entry;

typedef struct gcx_delta_reader gcx_delta_reader;

/* gcx_delta_reader_new: a reader over in (borrowed: in must outlive the
 * reader); reads and checks the header line. *out is new; free with
 * gcx_delta_reader_free. Errors: GCX_E_SYNTAX (not JSON), GCX_E_INVALID
 * (no header, an unknown version, a malformed key pointer or count),
 * GCX_E_IO, GCX_E_NOMEM; err names the file and line. */
gcx_status gcx_delta_reader_new(gcx_delta_reader **out, gcx_input *in,
                                gcx_error *err);

/* gcx_delta_reader_header: the header (borrowed, valid until free). */
const gcx_delta_header *gcx_delta_reader_header(const gcx_delta_reader *r);

/* gcx_delta_reader_next: the next entry into *e; *got is 1, or 0 at the
 * end of the delta (after checking that the header's counts match).
 * Errors (GCX_E_INVALID unless the input fails): an unknown "op", a key
 * that is not an array of as many values as the header's pointers, a
 * missing or malformed record, fingerprint or patch, a key not greater
 * than the one before (out of order, or twice), counts that differ from
 * the header's. err names the file and line. */
gcx_status gcx_delta_reader_next(gcx_delta_reader *r, gcx_delta_entry *e,
                                 int *got, gcx_error *err);

/* gcx_delta_reader_free: free r; r may be NULL. Does not close input. */
void gcx_delta_reader_free(gcx_delta_reader *r);

/* gcx_delta_key: append to out the key bytes of a "key" array of n
 * values: for each, its canonical JSON written by c (gcx_canon_record;
 * c NULL: a context made for the call) followed by a 0x00 byte, so keys
 * compare with memcmp as gcx_record_key's do. GCX_E_INVALID when key is
 * not an array of n values or a value cannot be made canonical. */
gcx_status gcx_delta_key(gcx_canon *c, const gcx_json *key, size_t n,
                         gcx_buf *out, gcx_error *err);

/* gcx_delta_record_key: append to out the key bytes of record for the
 * n JSON Pointers: the values found there, encoded by c as
 * gcx_delta_key does, a missing value as null (as the delta's "key"
 * writes it). GCX_E_USAGE for a malformed pointer. */
gcx_status gcx_delta_record_key(gcx_canon *c, const gcx_json *record,
                                const char *const *pointers, size_t n,
                                gcx_buf *out, gcx_error *err);

/* gcx_delta_key_text: a readable form of a "key" array for messages:
 * the values joined with "/", strings without quotes; appended to out,
 * cut at 200 bytes. */
gcx_status gcx_delta_key_text(const gcx_json *key, gcx_buf *out);

#ifdef __cplusplus
}
#endif
#endif
