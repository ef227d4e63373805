/* gcx/canon.h - canonical JSON: the one byte form of a record (RFC 8785,
 * JCS, plus NFC strings and sorted sets) and its SHA-256 fingerprint.
 *
 * docs/canonical-json.md is the specification. Two records that mean the
 * same (members in another order, text in another Unicode normalization,
 * set items in another order, numbers spelled differently) give the same
 * bytes, so the same fingerprint, whatever export they were mapped from.
 */
#ifndef GCX_CANON_H
#define GCX_CANON_H

#include <stddef.h>
#include <gcx/buf.h>
#include <gcx/error.h>
#include <gcx/json.h>
#include <gcx/schema.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Nesting of arrays and objects that the canonical writer accepts (the
 * JSON reader's default limit is far below it). */
#define GCX_CANON_MAX_DEPTH 1024u

/* The member --fingerprint adds to a record, and its value's prefix. */
#define GCX_CANON_FINGERPRINT_KEY "fingerprint"
#define GCX_CANON_FINGERPRINT_PREFIX "sha256:"

/* gcx_canon_write: append the canonical form of record to out (no
 * newline). s (may be NULL) is the schema whose set arrays are sorted;
 * without it every array keeps its order. The one-shot form of
 * gcx_canon_new + gcx_canon_record + gcx_canon_free: it allocates a
 * context per call and does not say which numbers were inexact (see
 * gcx_canon_notes); use the context for a stream of records.
 * Errors as for gcx_canon_record; on error out holds part of the record
 * after its old length: cut it back. */
gcx_status gcx_canon_write(const gcx_schema *s, const gcx_json *record,
                           gcx_buf *out, gcx_error *err);

/* gcx_canon_fingerprint: the SHA-256 of len bytes at bytes (OpenSSL's
 * libcrypto), as 64 lowercase hex digits and a NUL in hex. Returns
 * GCX_OK, or GCX_E_INTERNAL when libcrypto fails (hex is then ""). */
gcx_status gcx_canon_fingerprint(const char *bytes, size_t len,
                                 char hex[65]);

/* ------------------------------------------------------------ context */

/* A canonical writer: the schema, the reusable scratch buffers and the
 * ICU normalizer; one per thread (a context is not shared between
 * threads; the schema may be). The struct is opaque. */
typedef struct gcx_canon gcx_canon;

typedef struct gcx_canon_options {
    int no_sets;    /* keep arrays the schema declares as sets in their
                       order (the schema is then not needed) */
    int no_nfc;     /* keep strings and keys as they are (still checked
                       to be UTF-8): with no_sets, plain RFC 8785, for
                       comparing with another JCS implementation */
} gcx_canon_options;

/* gcx_canon_options_default: sets sorted, text in NFC. */
gcx_canon_options gcx_canon_options_default(void);

/* What a record's canonical form could not keep exactly. RFC 8785 writes
 * a number as the IEEE double nearest its text; when that double is not
 * the number written in the source (an integer above 2^53 such as
 * 9007199254740993, a fraction with more than 17 significant digits, a
 * value that underflows to 0), the form is still written, as RFC 8785
 * requires, and counted here. Filled by each gcx_canon_record call. */
typedef struct gcx_canon_notes {
    unsigned long inexact;   /* numbers whose value changed */
    /* the first of them, as a warning: severity GCX_SEV_WARNING, code
     * GCX_E_INVALID, line and column of the number in its source (0 when
     * the value was built, not parsed), path its JSON Pointer (member
     * names and array indexes as in the source), and a message that
     * quotes the number (cut at 40 bytes) and what was written for it.
     * file and record are left empty for the caller. */
    gcx_error first;
} gcx_canon_notes;

/* gcx_canon_new: a canonical writer that sorts the sets of schema s
 * (borrowed: s must outlive the context; may be NULL, then no array is
 * sorted). opt may be NULL for the defaults. *out is new; free it with
 * gcx_canon_free. GCX_E_NOMEM, or GCX_E_INTERNAL when ICU or libcrypto
 * cannot start. */
gcx_status gcx_canon_new(gcx_canon **out, const gcx_schema *s,
                         const gcx_canon_options *opt, gcx_error *err);

/* gcx_canon_free: free c and its buffers; c may be NULL. */
void gcx_canon_free(gcx_canon *c);

/* gcx_canon_record: append the canonical form of record (any JSON value;
 * a record is an object) to out, without a newline:
 *   - object members sorted by their keys as UTF-16 code units;
 *   - strings and keys in Unicode NFC, escaped as RFC 8785 says (\" \\
 *     \b \f \n \r \t, \u00xx for other controls, the rest as UTF-8);
 *   - numbers in the ECMAScript form of the nearest IEEE double (-0 is
 *     0, 1e21 is 1e+21, 1e-7 is 1e-7);
 *   - in an object whose recordType names a record type of the schema,
 *     each array the schema declares a set sorted by its set keys (the
 *     canonical bytes of those members, compared bytewise, one key after
 *     the other) and then by the item's canonical bytes; a member or
 *     record type the schema does not know is written without sorting.
 * notes (may be NULL) receives the numbers whose value changed; they are
 * not errors. Errors: GCX_E_INVALID for a repeated key (after NFC: "e"
 * U+0301 and U+00E9 are the same key), a string that is not UTF-8, a
 * number that is not RFC 8259 or beyond the range of a double (1e400);
 * GCX_E_LIMIT past GCX_CANON_MAX_DEPTH or out's maximum; GCX_E_NOMEM;
 * GCX_E_INTERNAL when ICU fails. err then has the JSON Pointer of the
 * value and its line and column. On error out holds part of the record
 * after its old length: cut it back. */
gcx_status gcx_canon_record(gcx_canon *c, const gcx_json *record,
                            gcx_buf *out, gcx_canon_notes *notes,
                            gcx_error *err);

/* gcx_canon_record_stamped: as gcx_canon_record, for an object record,
 * with one member added in its sorted place:
 *     "fingerprint":"sha256:HEX"
 * where HEX is the SHA-256 of the canonical record WITHOUT that member:
 * the bytes gcx_canon_record writes. Removing the member (and the comma
 * beside it) from the output gives those bytes back. hex (may be NULL)
 * receives HEX too. A record that is not an object, or that already has
 * a top-level member "fingerprint", is GCX_E_INVALID. */
gcx_status gcx_canon_record_stamped(gcx_canon *c, const gcx_json *record,
                                    gcx_buf *out, char hex[65],
                                    gcx_canon_notes *notes,
                                    gcx_error *err);

/* gcx_canon_digest: gcx_canon_fingerprint with the context's reusable
 * digest state (faster for a stream of records). */
gcx_status gcx_canon_digest(gcx_canon *c, const char *bytes, size_t len,
                            char hex[65], gcx_error *err);

#ifdef __cplusplus
}
#endif
#endif
