/* gcx/xsd.h - validate a raw XML export against its agency's own XML
 * Schema, streaming: libxml2's reader checks each node as it goes, so
 * memory stays flat however large the document is.
 *
 * Both the schema and the document are read safely: the network is never
 * touched; the document's external entities and DTDs are never loaded
 * (the schema's local xs:include and xs:import files are).
 */
#ifndef GCX_XSD_H
#define GCX_XSD_H

#include <gcx/error.h>
#include <gcx/io.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gcx_xsd gcx_xsd;

/* gcx_xsd_load: read and compile the XML Schema at path. *out is new;
 * free with gcx_xsd_free. Errors: GCX_E_IO (cannot read the file),
 * GCX_E_CONFIG (not a valid schema: err names file:line and libxml2's
 * reason), GCX_E_NOMEM. */
gcx_status gcx_xsd_load(gcx_xsd **out, const char *path, gcx_error *err);
void gcx_xsd_free(gcx_xsd *x);

/* Called for each schema validity error: e has the input's name, the
 * line (and column when libxml2 knows it; else 0) and the message. e is
 * borrowed for the call. */
typedef void (*gcx_xsd_error_fn)(void *ctx, const gcx_error *e);

/* gcx_xsd_validate: stream the document from in (borrowed) through x.
 * Every validity error goes to fn (may be NULL) and is counted in
 * *nerrors (may be NULL). Returns GCX_OK when the document is valid,
 * GCX_E_INVALID when it is well-formed but not valid (err: the first
 * validity error), GCX_E_SYNTAX when it is not well-formed (err: where;
 * validation stops there), GCX_E_INVALID also for a refused external
 * entity or DTD, GCX_E_LIMIT for libxml2's depth and size limits,
 * GCX_E_IO, GCX_E_NOMEM. The same x may validate many documents, one
 * at a time. */
gcx_status gcx_xsd_validate(const gcx_xsd *x, gcx_input *in,
                            gcx_xsd_error_fn fn, void *ctx,
                            unsigned long long *nerrors, gcx_error *err);

#ifdef __cplusplus
}
#endif
#endif
