/* gcx/extsort.h - sort NDJSON records by key within a memory budget.
 *
 * Records are added one at a time with their key (a byte string that
 * compares with memcmp: see gcx_record_key); while they fit in the budget
 * they are kept in memory, beyond it sorted runs are written to temporary
 * files (gzip-free, in TMPDIR) and merged. Reading back yields records in
 * key order; records with equal keys keep their input order, so a caller
 * can report a key that appears twice. Memory stays within the budget
 * whatever the input size.
 */
#ifndef GCX_EXTSORT_H
#define GCX_EXTSORT_H

#include <stddef.h>
#include <gcx/buf.h>
#include <gcx/error.h>
#include <gcx/json.h>

#ifdef __cplusplus
extern "C" {
#endif

/* gcx_record_key: append to out the sort key of record: for each JSON
 * Pointer in pointers (npointers of them), the canonical JSON bytes of the
 * value there (RFC 8785 form of scalars; a missing value is the single
 * byte 0x01), each followed by 0x00, so that keys compare with memcmp and
 * never collide. The default key (pointers NULL) is recordType plus the
 * primary identifier: "/recordType", "/identifiers/0/scheme",
 * "/identifiers/0/value". GCX_E_INVALID when a pointer is malformed. */
gcx_status gcx_record_key(const gcx_json *record, const char *const *pointers,
                          size_t npointers, gcx_buf *out, gcx_error *err);

/* gcx_record_key_canonical: as gcx_record_key for the record whose JSON
 * text is text (len bytes), usually its canonical form: the same bytes,
 * found by scanning the text rather than parsing it when the text is
 * compact and the key values are strings without escapes (as canonical
 * text is); otherwise the text is parsed (GCX_E_INVALID with err's line
 * and column when it is not JSON). Thread-safe. */
gcx_status gcx_record_key_canonical(const char *text, size_t len,
                                    const char *const *pointers,
                                    size_t npointers, gcx_buf *out,
                                    gcx_error *err);

/* gcx_record_key_text: a readable form of a key made by gcx_record_key
 * (the values joined with "/"), for messages; appended to out. */
gcx_status gcx_record_key_text(const char *key, size_t len, gcx_buf *out);

typedef struct gcx_extsort gcx_extsort;

/* gcx_extsort_new: a sorter holding at most budget bytes of records and
 * keys in memory (at least 1 MiB is used whatever is asked). tmpdir NULL:
 * $TMPDIR or /tmp. *out is new; free with gcx_extsort_free, which removes
 * every temporary file. */
gcx_status gcx_extsort_new(gcx_extsort **out, size_t budget,
                           const char *tmpdir, gcx_error *err);

/* gcx_extsort_add: add one record: its key and its text (one NDJSON line
 * without the newline), both copied. Also remembers the record's number
 * and line for messages. */
gcx_status gcx_extsort_add(gcx_extsort *s, const char *key, size_t klen,
                           const char *text, size_t tlen,
                           unsigned long long record, unsigned long line,
                           gcx_error *err);

/* gcx_extsort_finish: no more records; prepare reading in key order. */
gcx_status gcx_extsort_finish(gcx_extsort *s, gcx_error *err);

/* gcx_extsort_next: the next record in key order: *key and *klen, and
 * *text and *tlen are borrowed until the next call; *record and *line as
 * given to add. Returns 1 when a record was read, 0 at the end, or a
 * negative gcx_status on error (-GCX_E_IO ...) with err filled. */
int gcx_extsort_next(gcx_extsort *s, const char **key, size_t *klen,
                     const char **text, size_t *tlen,
                     unsigned long long *record, unsigned long *line,
                     gcx_error *err);

/* gcx_extsort_runs: how many sorted runs went to temporary files (0 when
 * everything fitted in memory), for tests and --verbose. */
size_t gcx_extsort_runs(const gcx_extsort *s);

void gcx_extsort_free(gcx_extsort *s);

#ifdef __cplusplus
}
#endif
#endif
