/* gcx/canon_xml.h - the canonical XML form of canonical records, driven
 * by the schema, lossless and type-exact both ways.
 *
 * docs/canonical-xml.md is the specification. In short: one namespace
 * (gcx_schema_namespace), a document <records> of record elements named
 * by their recordType (<person>, <payment>, ...); each property is a child
 * element of the same name in schema order; an array is an element whose
 * items are <item> children; strings, decimals, dates and integers are
 * text; booleans are true/false. Because the schema gives every type, the
 * JSON form comes back exactly (a decimal stays a string, an integer a
 * number).
 */
#ifndef GCX_CANON_XML_H
#define GCX_CANON_XML_H

#include <libxml/tree.h>
#include <gcx/error.h>
#include <gcx/json.h>
#include <gcx/schema.h>
#include <gcx/xml_out.h>

#ifdef __cplusplus
extern "C" {
#endif

/* gcx_canon_xml_write: write record (a canonical record object with a
 * known recordType) as one record element to w, declaring the namespace
 * on it. A member the schema does not know, or a value of the wrong JSON
 * type, is GCX_E_INVALID with err->path the JSON Pointer of it. */
gcx_status gcx_canon_xml_write(const gcx_schema *s, gcx_xw *w,
                               const gcx_json *record, gcx_error *err);

/* gcx_canon_xml_read: turn one record element (in the canonical
 * namespace) into its JSON form, allocated in arena a; *out is borrowed
 * from a. An unknown element, text where elements are due, a bad integer
 * or boolean is GCX_E_INVALID with err->path the element path and
 * err->line the element's line. */
gcx_status gcx_canon_xml_read(const gcx_schema *s, xmlNodePtr record,
                              gcx_arena *a, gcx_json **out, gcx_error *err);

/* The record path for gcx_xml_reader over a canonical XML document:
 * every child element of c:records, with c bound to the namespace. */
#define GCX_CANON_XML_RECORD_PATH "/c:records/*"

#ifdef __cplusplus
}
#endif
#endif
