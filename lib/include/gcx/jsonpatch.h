/* gcx/jsonpatch.h - RFC 6902 JSON Patch and RFC 6901 JSON Pointer on
 * gcx_json values.
 *
 * A patch is applied to a copy of the document made in the caller's
 * arena, so a patch that fails part way leaves the document untouched:
 * all operations apply, or none. docs/patch.md describes the rules.
 */
#ifndef GCX_JSONPATCH_H
#define GCX_JSONPATCH_H

#include <stddef.h>
#include <gcx/error.h>
#include <gcx/json.h>

#ifdef __cplusplus
extern "C" {
#endif

/* gcx_jsonpatch_pointer_get: the value that the RFC 6901 JSON Pointer
 * ptr (len bytes: "" is the whole document, else "/" then tokens
 * separated by "/", with "~1" for "/" and "~0" for "~") designates in
 * doc. *out is borrowed from doc. Array indexes are "0" or a decimal
 * without leading zeros; "-" designates no value. Errors (err filled):
 * GCX_E_USAGE for a malformed pointer (no leading "/", "~" not followed
 * by 0 or 1), GCX_E_INVALID when no value is there (*out NULL). */
gcx_status gcx_jsonpatch_pointer_get(const gcx_json *doc, const char *ptr,
                                     size_t len, const gcx_json **out,
                                     gcx_error *err);

/* gcx_jsonpatch_equal: 1 when a and b are equal as RFC 6902's "test"
 * defines it, else 0: the same type; strings with the same bytes;
 * numbers with the same numeric value (compared exactly on their text:
 * 1, 1.0, 10e-1 and 0.1E1 are equal, as are 0 and -0; see
 * docs/patch.md); arrays equal item by item; objects with the same
 * member names and equal values, in any order. */
int gcx_jsonpatch_equal(const gcx_json *a, const gcx_json *b);

/* gcx_jsonpatch_copy: a deep copy of v in arena a (NULL when out of
 * memory); source positions are kept. */
gcx_json *gcx_jsonpatch_copy(gcx_arena *a, const gcx_json *v);

/* gcx_jsonpatch_apply: apply the RFC 6902 patch (a JSON array of
 * operation objects: add, remove, replace, move, copy, test) to *doc.
 * The document is first copied into arena a; on success *doc is the
 * patched copy (borrowed from a), on failure *doc is left as it was.
 * *failed (may be NULL) receives the 0-based index of the failing
 * operation, or (size_t)-1 when the patch itself is not an array.
 * Errors: GCX_E_INVALID for a malformed operation (unknown "op", a
 * missing "path", "value" or "from", a malformed pointer), a path that
 * designates no value, an array index out of range or with leading
 * zeros, "-" other than as the target of add, a move into its own
 * child, a test whose value differs, removing the whole document;
 * GCX_E_NOMEM. The message names the operation: "operation N (OP
 * PATH): reason". err->path is left empty. */
gcx_status gcx_jsonpatch_apply(gcx_arena *a, gcx_json **doc,
                               const gcx_json *patch, size_t *failed,
                               gcx_error *err);

#ifdef __cplusplus
}
#endif
#endif
