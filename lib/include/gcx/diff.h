/* gcx/diff.h - the structural difference of two records, as RFC 6902
 * JSON Patch operations and as a list of changed field paths.
 *
 * Records are compared as given (callers pass canonical records, so
 * member order, NFC and set order are no difference). Paths are RFC 6901
 * JSON Pointers. docs/diff.md describes the rules.
 */
#ifndef GCX_DIFF_H
#define GCX_DIFF_H

#include <stddef.h>
#include <gcx/buf.h>
#include <gcx/error.h>
#include <gcx/json.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The RFC 6902 operations a patch is made of. */
typedef enum gcx_patch_op {
    GCX_PATCH_TEST = 0,
    GCX_PATCH_REMOVE,
    GCX_PATCH_ADD,
    GCX_PATCH_REPLACE
} gcx_patch_op;

/* gcx_patch_op_name: "test", "remove", "add" or "replace" (static). */
const char *gcx_patch_op_name(gcx_patch_op op);

typedef struct gcx_diff_options {
    /* JSON Pointers skipped in both records, with everything below them
     * (for example "/provenance"); nignore of them. */
    const char *const *ignore;
    size_t nignore;
    /* compare Arabic name strings under their folding key
     * (gcx_diff_fold_name): a string at a path with a segment "ar" below
     * a segment "name" ("/name/ar/given", "/parties/0/name/ar"). Strings
     * that differ but fold to the same key are spelling variants, reported
     * to the variant callback and left out of the patch. */
    int fold_names;
} gcx_diff_options;

/* What gcx_diff_records reports. Each callback may be NULL; a callback
 * that returns non-zero stops the diff, which returns that status.
 * path is a NUL-terminated JSON Pointer of plen bytes; values are
 * borrowed from the records. */
typedef struct gcx_diff_sink {
    void *ctx;
    /* op: one patch operation, in the order that turns old into new;
     * value is NULL for remove. */
    gcx_status (*op)(void *ctx, gcx_patch_op op, const char *path,
                     size_t plen, const gcx_json *value);
    /* change: one changed field: old NULL when it was added, new NULL
     * when it was removed. */
    gcx_status (*change)(void *ctx, const char *path, size_t plen,
                         const gcx_json *old_value,
                         const gcx_json *new_value);
    /* variant: a name spelt differently with the same folding key. */
    gcx_status (*variant)(void *ctx, const char *path, size_t plen,
                          const gcx_json *old_value,
                          const gcx_json *new_value);
} gcx_diff_sink;

/* gcx_diff_options_default: nothing ignored, no folding. */
gcx_diff_options gcx_diff_options_default(void);

/* gcx_diff_records: compare old_rec with new_rec and report each
 * difference to sink. Objects are compared member by member (removed
 * members first in old's order, changed ones recursively, then added
 * ones in new's order); arrays position by position (changed items
 * recursively, extra items added at their index, missing ones removed
 * from the end backwards); scalars and values of different types are
 * replaced. Every replace and remove is preceded by a test of the old
 * value. opt may be NULL. *nchanges and *nvariants (may be NULL) receive
 * the counts of change and variant reports. Errors: GCX_E_USAGE for NULL
 * records, GCX_E_LIMIT past GCX_DIFF_MAX_DEPTH, GCX_E_NOMEM, GCX_E_INVALID
 * when a string to fold is not UTF-8, or a callback's status. */
#define GCX_DIFF_MAX_DEPTH 1024u
gcx_status gcx_diff_records(const gcx_json *old_rec, const gcx_json *new_rec,
                            const gcx_diff_options *opt,
                            const gcx_diff_sink *sink, size_t *nchanges,
                            size_t *nvariants, gcx_error *err);

/* gcx_diff_fold_name: append to out the folding key of the UTF-8 name s
 * (len bytes): tatweel U+0640 removed; alef with madda, hamza above,
 * hamza below and wasla (U+0622 U+0623 U+0625 U+0671) to alef U+0627;
 * Farsi yeh U+06CC and alef maksura U+0649 to yeh U+064A; keheh U+06A9
 * to kaf U+0643; teh marbuta U+0629 to heh U+0647; every Unicode decimal
 * digit to its ASCII digit. GCX_E_INVALID when s is not UTF-8,
 * GCX_E_LIMIT or GCX_E_NOMEM from out. */
gcx_status gcx_diff_fold_name(const char *s, size_t len, gcx_buf *out);

/* gcx_diff_pointer_append: append "/" and the RFC 6901 escaped form of
 * the member name key (len bytes: "~" as "~0", "/" as "~1") to path. */
gcx_status gcx_diff_pointer_append(gcx_buf *path, const char *key,
                                   size_t len);

#ifdef __cplusplus
}
#endif
#endif
