/* gcx/xmljson.h - the lossless XML <-> JSON convention of gcx-xml2json.
 *
 * docs/xml-json-convention.md is the specification. In short: an element
 * is an object {"#name": QNAME, "@ATTR": VALUE..., "#children": [...]};
 * namespace declarations are "@xmlns" / "@xmlns:P" members; children keep
 * their order: text is a JSON string, {"#cdata": S}, {"#comment": S},
 * {"#pi": TARGET, "#data": S}; a document is {"#document": [...]}. Text
 * is never converted to another type. "#children" is always an array, so
 * one child and many children have the same shape.
 */
#ifndef GCX_XMLJSON_H
#define GCX_XMLJSON_H

#include <libxml/tree.h>
#include <gcx/error.h>
#include <gcx/json.h>
#include <gcx/json_out.h>
#include <gcx/xml_out.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A cache of the JSON form of element and attribute names, for speed:
 * libxml2 interns names in the reader's dictionary, so the same few
 * pointers recur in every record. The cache keeps a reference on the
 * dictionary it serves and starts afresh when records of another one
 * arrive, so any sequence of documents is safe; it pays off when many
 * records share one dictionary (one reader). */
typedef struct gcx_xmljson_names gcx_xmljson_names;

/* gcx_xmljson_names_new: a new empty cache, or NULL when out of memory
 * (conversion then works without one). Free with gcx_xmljson_names_free,
 * which accepts NULL. */
gcx_xmljson_names *gcx_xmljson_names_new(void);
void gcx_xmljson_names_free(gcx_xmljson_names *names);

typedef struct gcx_xmljson_options {
    int drop_comments;   /* leave out comments (default: keep) */
    int drop_pis;        /* leave out processing instructions */
    int strip_space;     /* leave out whitespace-only text between
                            elements (not lossless; default off) */
    gcx_xmljson_names *names; /* optional name cache (borrowed) */
} gcx_xmljson_options;

/* gcx_xml_to_json: write node (an element, or a document node for a whole
 * document) to w under the convention. For an element, namespace
 * declarations in scope from its ancestors are written on it, so each
 * record stands alone. opt may be NULL. Errors: GCX_E_LIMIT / GCX_E_NOMEM
 * from the buffer, GCX_E_INTERNAL for a node type that cannot occur. */
gcx_status gcx_xml_to_json(gcx_jw *w, xmlNodePtr node,
                           const gcx_xmljson_options *opt, gcx_error *err);

/* gcx_json_to_xml: write v (an element object, or a {"#document": [...]}
 * object) to w. Anything that does not follow the convention is
 * GCX_E_INVALID with err->path set to the JSON Pointer of the offending
 * value and line/column of that value when it was parsed: a missing or
 * non-string "#name", an unknown "#" member, a non-string attribute, a
 * number, boolean or null anywhere, two adjacent text strings or an empty
 * text string (XML would merge or drop them), a character XML forbids. */
gcx_status gcx_json_to_xml(gcx_xw *w, const gcx_json *v,
                           const gcx_xmljson_options *opt, gcx_error *err);

#ifdef __cplusplus
}
#endif
#endif
