/* gcx/xml_in.h - read XML records one at a time with libxml2's reader.
 *
 * Records are the elements selected by an absolute element path with
 * namespaces, e.g. "/cpr:Export/cpr:Person". Each is expanded into a small
 * tree, handed to the caller, and freed when the reader moves on: memory is
 * bounded by the largest record, not the file. Without a path the whole
 * document is one record (for small documents).
 * Safe by default: external entities and DTDs are never loaded, the network
 * is never touched, entity expansion and nesting depth are bounded.
 */
#ifndef GCX_XML_IN_H
#define GCX_XML_IN_H

#include <libxml/tree.h>
#include <gcx/error.h>
#include <gcx/io.h>
#include <gcx/limits.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gcx_xml_reader_options {
    /* Absolute path of record elements: "/" then steps separated by "/";
     * a step is NAME, PREFIX:NAME or "*". NULL: the whole document. */
    const char *record_path;
    /* Prefix bindings for the path, as "prefix=uri" strings, nns of them.
     * A prefix used in the path and not bound here matches elements whose
     * own prefix is that text. */
    const char *const *ns_bindings;
    size_t nns;
    /* Context paths, ncontext of them (needs a record path): elements
     * outside the records, such as a message header, returned like
     * records but flagged by gcx_xml_reader_context and not counted as
     * records. An element matching the record path is a record. */
    const char *const *context_paths;
    size_t ncontext;
    /* 1: drop text nodes of white space only between elements (libxml2's
     * XML_PARSE_NOBLANKS: indentation); text of an element with no child
     * element is kept. For readers that only look up values (gcx-map);
     * 0 (the default) keeps every character. */
    int skip_blanks;
    gcx_limits limits;
} gcx_xml_reader_options;

typedef struct gcx_xml_reader gcx_xml_reader;

/* gcx_xml_reader_options_default: whole document, default limits. */
gcx_xml_reader_options gcx_xml_reader_options_default(void);

/* gcx_xml_reader_new: a reader over in (borrowed; must outlive the reader).
 * GCX_E_USAGE for a malformed path or binding. *out is new. */
gcx_status gcx_xml_reader_new(gcx_xml_reader **out, gcx_input *in,
                              const gcx_xml_reader_options *opt,
                              gcx_error *err);

/* gcx_xml_reader_next: the next record. With a record path *node is an
 * element (its ancestors are present, so in-scope namespaces resolve);
 * without one it is the document node (XML_DOCUMENT_NODE). Borrowed: valid
 * until the next call or free. NULL at the end of input, after the whole
 * document was checked to be well-formed. Errors carry file, line and
 * column: GCX_E_SYNTAX (not well-formed), GCX_E_LIMIT (record too large,
 * nesting too deep, entity expansion too large), GCX_E_INVALID (an
 * external entity or DTD was referenced and refused), GCX_E_IO. The reader
 * cannot continue after an error. */
gcx_status gcx_xml_reader_next(gcx_xml_reader *r, xmlNodePtr *node,
                               gcx_error *err);

/* gcx_xml_reader_context: 0 when the node last returned is a record;
 * k when it is an element of context path k - 1. */
size_t gcx_xml_reader_context(const gcx_xml_reader *r);
/* gcx_xml_reader_record: number (1-based) of the last record returned;
 * gcx_xml_reader_line: the line where it starts. */
unsigned long long gcx_xml_reader_record(const gcx_xml_reader *r);
unsigned long gcx_xml_reader_line(const gcx_xml_reader *r);

/* gcx_xml_reader_free: free the reader; r may be NULL. Does not close the
 * input. */
void gcx_xml_reader_free(gcx_xml_reader *r);

#ifdef __cplusplus
}
#endif
#endif
