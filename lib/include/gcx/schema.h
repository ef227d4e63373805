/* gcx/schema.h - the canonical schema: loaded once from its definition
 * file (mappings/canonical/gcx-canonical-v1.json) into a read-only tree.
 *
 * The definition is the single source: the validator, the canonical XML
 * form, canonical JSON (set arrays) and the generated JSON Schema and XSD
 * all walk this tree. docs/canonical-schema.md describes the definition
 * format and every field.
 */
#ifndef GCX_SCHEMA_H
#define GCX_SCHEMA_H

#include <stddef.h>
#include <gcx/buf.h>
#include <gcx/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gcx_schema_type {
    GCX_SCHEMA_STRING = 0,
    GCX_SCHEMA_DECIMAL,   /* a JSON string holding -?[0-9]+(.[0-9]+)? */
    GCX_SCHEMA_INTEGER,   /* a JSON number without fraction or exponent */
    GCX_SCHEMA_BOOLEAN,
    GCX_SCHEMA_DATE,      /* a JSON string YYYY-MM-DD, real Gregorian date */
    GCX_SCHEMA_DATETIME,  /* a JSON string, ISO 8601 with Z or offset */
    GCX_SCHEMA_OBJECT,
    GCX_SCHEMA_ARRAY
} gcx_schema_type;

typedef enum gcx_schema_script {
    GCX_SCHEMA_SCRIPT_ANY = 0,
    GCX_SCHEMA_SCRIPT_ARABIC,
    GCX_SCHEMA_SCRIPT_LATIN
} gcx_schema_script;

typedef struct gcx_schema_node gcx_schema_node;

/* One node of the tree: a record, a property, or an array's items. All
 * strings are NUL-terminated and owned by the schema. A "ref" in the
 * definition is resolved: the node is a copy of the named type with the
 * property's own required/doc/rules added, and type_name says which. */
struct gcx_schema_node {
    gcx_schema_type type;
    const char *name;        /* property name; NULL for items and roots */
    const char *type_name;   /* named type it was made from, or NULL */
    const char *doc;         /* description, or NULL */
    int required;            /* as a property of its parent object */
    /* strings (STRING, DECIMAL, DATE, DATETIME) */
    const char *const *enums; /* allowed values, nenums of them */
    size_t nenums;
    const char *pattern;     /* the definition's pattern (anchored: the
                                whole value must match), or NULL */
    const void *pattern_re;  /* compiled POSIX ERE of pattern (regex_t) */
    size_t min_length;       /* in code points; 0 = none */
    size_t max_length;       /* in code points; 0 = none */
    const char *format;      /* "iso3166-alpha3", "iso4217", "e164",
                                "email", "iban", or NULL */
    gcx_schema_script script;
    int has_minimum;         /* INTEGER */
    long long minimum;
    /* OBJECT: properties in definition order (the canonical XML order) */
    gcx_schema_node **props;
    size_t nprops;
    size_t min_properties;
    /* ARRAY */
    gcx_schema_node *items;
    size_t min_items;
    int is_set;              /* order carries no meaning (canonical form
                                sorts it) */
    const char *const *set_keys; /* item members that identify an item,
                                    nset_keys of them; 0 = whole value */
    size_t nset_keys;
    /* domain rule groups applied at this node ("identifier", "money",
     * "phone", "iban", "text", "name-scripts", "person", "indicator",
     * ...); see docs/domain-rules.md */
    const char *const *rules;
    size_t nrules;
};

typedef struct gcx_schema gcx_schema;

/* gcx_schema_default_path: the installed definition: $GCX_DATA_DIR/
 * canonical/gcx-canonical-v1.json when that variable is set, else
 * GCX_DATADIR/canonical/... (the build's $(pkgdatadir)). Static string
 * or a string valid until the next call. */
const char *gcx_schema_default_path(void);

/* gcx_schema_load: read and compile the definition at path (NULL: the
 * default path). *out is new; free with gcx_schema_free. Errors name the
 * file, line and column and what was expected: GCX_E_CONFIG for a bad
 * definition (unknown key, unknown type, unresolved ref, bad pattern,
 * a ref cycle), GCX_E_SYNTAX for bad JSON, GCX_E_IO, GCX_E_NOMEM. */
gcx_status gcx_schema_load(gcx_schema **out, const char *path,
                           gcx_error *err);
void gcx_schema_free(gcx_schema *s);

/* Identity of the definition (borrowed strings). */
const char *gcx_schema_name(const gcx_schema *s);      /* gcx-canonical */
const char *gcx_schema_version(const gcx_schema *s);   /* 1.0.0 */
const char *gcx_schema_namespace(const gcx_schema *s); /* XML namespace */

/* gcx_schema_record: the root node of a record type ("person", ...),
 * an OBJECT whose props are the envelope's properties followed by the
 * record's own; NULL for an unknown type. Borrowed. */
const gcx_schema_node *gcx_schema_record(const gcx_schema *s,
                                         const char *record_type);
/* gcx_schema_record_types: the record type names in definition order. */
const char *const *gcx_schema_record_types(const gcx_schema *s, size_t *n);

/* gcx_schema_prop: the property named name of an OBJECT node (len bytes),
 * or NULL. */
const gcx_schema_node *gcx_schema_prop(const gcx_schema_node *obj,
                                       const char *name, size_t len);

/* Generators: append to out a JSON Schema (draft 2020-12) with one
 * definition per record type and a oneOf on recordType; an XSD for the
 * canonical XML form (docs/canonical-xml.md); or a Markdown table of
 * every field. Output is deterministic: the same definition always gives
 * the same bytes. */
gcx_status gcx_schema_write_json_schema(const gcx_schema *s, gcx_buf *out,
                                        gcx_error *err);
gcx_status gcx_schema_write_xsd(const gcx_schema *s, gcx_buf *out,
                                gcx_error *err);
gcx_status gcx_schema_write_markdown(const gcx_schema *s, gcx_buf *out,
                                     gcx_error *err);

#ifdef __cplusplus
}
#endif
#endif
