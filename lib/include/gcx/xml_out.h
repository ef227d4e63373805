/* gcx/xml_out.h - a streaming XML writer into a gcx_buf.
 *
 * Names are written as given (qualified names with their prefixes);
 * namespace declarations are ordinary attributes ("xmlns", "xmlns:p").
 * Escaping follows XML canonicalisation: in text & < > and CR; in
 * attribute values & < " TAB LF CR. A character XML 1.0 forbids
 * (U+0000-U+0008, U+000B, U+000C, U+000E-U+001F, U+FFFE, U+FFFF) is an
 * error (GCX_E_INVALID), never written. An element with no content is
 * written as <name/>.
 */
#ifndef GCX_XML_OUT_H
#define GCX_XML_OUT_H

#include <stddef.h>
#include <gcx/buf.h>
#include <gcx/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gcx_xw gcx_xw;

/* gcx_xw_new: a writer appending to out (borrowed). NULL when out of
 * memory. Free with gcx_xw_free. */
gcx_xw *gcx_xw_new(gcx_buf *out);
void gcx_xw_free(gcx_xw *w);
/* gcx_xw_declaration: write <?xml version="1.0" encoding="UTF-8"?> and a
 * newline. */
gcx_status gcx_xw_declaration(gcx_xw *w, gcx_error *err);
/* gcx_xw_start: open element qname (checked to be a valid QName). */
gcx_status gcx_xw_start(gcx_xw *w, const char *qname, size_t len,
                        gcx_error *err);
/* gcx_xw_attr: add an attribute to the element just opened (before any
 * content). */
gcx_status gcx_xw_attr(gcx_xw *w, const char *qname, size_t qlen,
                       const char *value, size_t vlen, gcx_error *err);
gcx_status gcx_xw_text(gcx_xw *w, const char *s, size_t len, gcx_error *err);
/* gcx_xw_cdata: a CDATA section; text containing "]]>" is an error. */
gcx_status gcx_xw_cdata(gcx_xw *w, const char *s, size_t len,
                        gcx_error *err);
/* gcx_xw_comment: text containing "--" or ending in "-" is an error. */
gcx_status gcx_xw_comment(gcx_xw *w, const char *s, size_t len,
                          gcx_error *err);
/* gcx_xw_pi: processing instruction; data may be NULL. */
gcx_status gcx_xw_pi(gcx_xw *w, const char *target, size_t tlen,
                     const char *data, size_t dlen, gcx_error *err);
/* gcx_xw_end: close the innermost open element. */
gcx_status gcx_xw_end(gcx_xw *w, gcx_error *err);
/* gcx_xw_raw: append bytes as they are (newlines between records). */
gcx_status gcx_xw_raw(gcx_xw *w, const char *s, size_t len, gcx_error *err);
/* gcx_xw_depth: number of open elements. */
unsigned gcx_xw_depth(const gcx_xw *w);

#ifdef __cplusplus
}
#endif
#endif
