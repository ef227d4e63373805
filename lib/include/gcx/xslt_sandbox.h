/* gcx/xslt_sandbox.h - the mapping language's XSLT escape hatch.
 *
 * A mapping may name an XSLT 1.0 stylesheet that runs on each XML source
 * record before the rules read it. The stylesheet is trusted to be what
 * its author wrote, not to be safe: it runs with every file, directory and
 * network access forbidden, so document(), xsl:include and exsl:document
 * can never reach outside the record, and its run time is bounded.
 */
#ifndef GCX_XSLT_SANDBOX_H
#define GCX_XSLT_SANDBOX_H

#include <libxml/tree.h>
#include <gcx/error.h>
#include <gcx/limits.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bounds of one transform (one record). Passing one ends the transform
 * with GCX_E_INVALID and libxslt's message:
 * - nesting of template calls (stops runaway recursion well before the
 *   C stack runs out; libxslt's own default is 3000);
 * - variables and parameters alive at once;
 * - XSLT instructions executed and XPath operations evaluated, so a
 *   loop or an exponential recursion ends within a fraction of a second
 *   instead of running for ever. These two need libxslt >= 1.1.35 and
 *   libxml2 >= 2.9.11 (configure checks; older ones lack the counters).
 * Memory is not bounded while the transform runs, only the result is
 * checked afterwards: a stylesheet is configuration, written by the
 * mapping's author, and the records can make it do only what it says. */
#define GCX_XSLT_MAX_TEMPLATE_DEPTH 1000
#define GCX_XSLT_MAX_VARS 15000
#define GCX_XSLT_MAX_INSTRUCTIONS 1000000UL
#define GCX_XSLT_MAX_XPATH_OPS 20000000UL

typedef struct gcx_xslt_sandbox gcx_xslt_sandbox;

/* gcx_xslt_sandbox_load: read and compile the stylesheet at path (a file,
 * or "-" for stdin; gzip is accepted) for gcx_xslt_sandbox_apply.
 * The stylesheet must be self-contained:
 * - xsl:include and xsl:import are refused, whatever they name; a mapping
 *   ships one file, and no other file is ever read on its behalf;
 * - external entities and external DTDs are never loaded: declaring an
 *   external entity is refused (nothing is looked up), an external DTD
 *   subset is ignored, the network is never touched.
 * The internal DTD subset and its internal entities are allowed.
 * lim (NULL: gcx_limits_default()) caps the stylesheet's size
 * (max_record_bytes) and bounds each result of apply; it is copied.
 * Errors: GCX_E_IO (cannot read the file; err names it), GCX_E_LIMIT
 * (larger than max_record_bytes), GCX_E_NOMEM, and GCX_E_CONFIG for a
 * stylesheet that is not well-formed, not valid XSLT 1.0, or includes,
 * imports or refers to an external entity: err holds path, line and
 * column (0 when libxslt does not know it) and libxslt's message.
 * On success *out is new: free it with gcx_xslt_sandbox_free. */
gcx_status gcx_xslt_sandbox_load(gcx_xslt_sandbox **out, const char *path,
                                 const gcx_limits *lim, gcx_error *err);

/* gcx_xslt_sandbox_apply: run the stylesheet on record, an element (for
 * instance one handed out by gcx_xml_reader_next; borrowed, not changed)
 * or a document node (its root element is used). The element is copied
 * into a document of its own together with every namespace declaration
 * in scope, so the stylesheet's "/" is that document and "/ *" the
 * record. On success *result is a new document with exactly one root
 * element, which the rules read; the caller frees it with xmlFreeDoc.
 * Its depth, strings and total text are held to the limits given at load
 * (GCX_E_LIMIT).
 * The transform runs with libxslt security preferences forbidding file
 * reads and writes, directory creation and network reads and writes, so
 * document() of any URI (including document('') and relative names),
 * exsl:document and xsl:document fail. Such a refusal, xsl:message with
 * terminate="yes", a bound above being passed or any other runtime error
 * gives GCX_E_INVALID; err's message is libxslt's text (for xsl:message,
 * the message itself), err's file and line name the stylesheet and the
 * instruction that failed (line 0 when unknown); the caller adds the
 * record number. A result without exactly one root element is
 * GCX_E_INVALID too. Messages of xsl:message without terminate="yes" are
 * discarded. GCX_E_USAGE when record is neither an element nor a
 * document with a root element. *result is NULL on every error.
 * Threads: any number of threads may call this at once, on the same
 * sandbox or on different ones. Errors are caught through hooks libxslt
 * and libxml2 offer only process-wide; the first load installs them once
 * (they pass everything that is not ours to the hooks they replaced), and
 * nothing in libgcx ever removes them, nor calls xsltCleanupGlobals. A
 * program that calls xsltCleanupGlobals, xsltSetGenericErrorFunc,
 * xsltSetLoaderFunc or xmlSetExternalEntityLoader afterwards keeps the
 * sandbox safe (the security preferences still forbid every access) but
 * may lose its messages or see libxslt print them on stderr. */
gcx_status gcx_xslt_sandbox_apply(gcx_xslt_sandbox *s, xmlNodePtr record,
                                  xmlDocPtr *result, gcx_error *err);

/* gcx_xslt_sandbox_path: the path given to load. Borrowed, valid until
 * gcx_xslt_sandbox_free. */
const char *gcx_xslt_sandbox_path(const gcx_xslt_sandbox *s);

/* gcx_xslt_sandbox_free: free the compiled stylesheet; s may be NULL.
 * Documents returned by apply stay valid. */
void gcx_xslt_sandbox_free(gcx_xslt_sandbox *s);

#ifdef __cplusplus
}
#endif
#endif
