/* gcx/map.h - declarative mappings between national export shapes and
 * canonical records (docs/mapping-language.md).
 *
 * A mapping file is parsed and compiled once (gcx_mapping_load); a
 * gcx_map_run then maps source records one at a time, forwards to
 * canonical records or, read backwards, canonical records to the
 * national shape. The record is the unit of memory: a run holds one
 * source record's results at a time.
 */
#ifndef GCX_MAP_H
#define GCX_MAP_H
#include <stddef.h>
#include <libxml/tree.h>
#include <gcx/error.h>
#include <gcx/buf.h>
#include <gcx/json.h>
#include <gcx/schema.h>
#ifdef __cplusplus
extern "C" {
#endif

typedef enum gcx_map_kind {
    GCX_MAP_XML = 0,
    GCX_MAP_JSON,
    GCX_MAP_NDJSON,
    GCX_MAP_CSV
} gcx_map_kind;

typedef struct gcx_mapping gcx_mapping;

/* gcx_mapping_load: parse and compile the mapping file at path against
 * the canonical schema s (borrowed; must outlive the mapping). Files the
 * mapping names (code lists, tables, stylesheets) are read relative to
 * the mapping's folder. Errors are GCX_E_CONFIG with err->file, line and
 * column and a message saying what was expected (also when a code list
 * or table file it names cannot be read: the message says why); GCX_E_IO
 * when the mapping file itself cannot be read; GCX_E_NOMEM. */
gcx_status gcx_mapping_load(gcx_mapping **out, const char *path,
                            const gcx_schema *s, gcx_error *err);
/* gcx_mapping_load_mem: the same from text (len bytes); name is used in
 * messages and dir (may be NULL: ".") to resolve the files it names. */
gcx_status gcx_mapping_load_mem(gcx_mapping **out, const char *text,
                                size_t len, const char *name,
                                const char *dir, const gcx_schema *s,
                                gcx_error *err);
void gcx_mapping_free(gcx_mapping *m);

/* What the header says. Strings are owned by the mapping. */
const char *gcx_mapping_name(const gcx_mapping *m);
const char *gcx_mapping_version(const gcx_mapping *m);
const char *gcx_mapping_target(const gcx_mapping *m);
gcx_map_kind gcx_mapping_kind(const gcx_mapping *m);
/* The record selector: XML element path, JSON Pointer ("" = top-level
 * array), or NULL (NDJSON, CSV). */
const char *gcx_mapping_records(const gcx_mapping *m);
/* XML: the namespace bindings as "prefix=uri" strings, for the reader. */
const char *const *gcx_mapping_namespaces(const gcx_mapping *m, size_t *n);
/* XML: the context paths, in declaration order (context k). */
const char *const *gcx_mapping_contexts(const gcx_mapping *m, size_t *n);
/* CSV: the declared columns and the delimiter. */
const char *const *gcx_mapping_columns(const gcx_mapping *m, size_t *n);
char gcx_mapping_delimiter(const gcx_mapping *m);
/* The stylesheet file of an `xslt` statement (resolved path), or NULL. */
const char *gcx_mapping_xslt(const gcx_mapping *m);
/* The `not-carried` texts. */
const char *const *gcx_mapping_not_carried(const gcx_mapping *m, size_t *n);

/* A statement that cannot be read backwards, found when the mapping is
 * checked for reverse use. */
typedef struct gcx_map_issue {
    unsigned long line, column;   /* in the mapping file */
    const char *target;           /* the rule's target, or the statement */
    const char *what;             /* why it cannot be reversed */
    int note;                     /* 1: reversed with a documented
                                     choice (a code list that is not
                                     one-to-one); 0: not reversible */
} gcx_map_issue;
/* gcx_mapping_reverse_issues: the rules the reverse direction cannot
 * carry (note 0) or carries with a documented choice (note 1), in file
 * order; borrowed from the mapping. 0 when it is fully reversible. */
size_t gcx_mapping_reverse_issues(const gcx_mapping *m,
                                  const gcx_map_issue **issues);

/* Why a record could not be mapped (forwards or backwards). */
typedef struct gcx_map_failure {
    const char *reason;           /* stable code: "map.required", ... */
    char target[128];             /* the rule's target path */
    unsigned long map_line;       /* the rule's position in the mapping */
    unsigned long map_column;
    char message[512];            /* what was wrong, with the value */
} gcx_map_failure;

/* A source record, by kind: an element (XML), a value (JSON, NDJSON), or
 * the fields of a CSV row. */
typedef struct gcx_map_source {
    xmlNodePtr element;
    const gcx_json *value;
    const char *const *fields;
    const size_t *lens;
    size_t nfields;
} gcx_map_source;

/* Provenance written into each canonical record. */
typedef struct gcx_map_provenance {
    const char *input;            /* file name, or "-" */
    unsigned long long record;    /* 1-based */
} gcx_map_provenance;

typedef struct gcx_map_run gcx_map_run;

/* gcx_map_run_new: evaluation state for one mapping (borrowed); reverse
 * selects the direction. A reverse run of a mapping with reverse issues
 * is GCX_E_CONFIG unless allow_lossy, which skips those rules. */
gcx_status gcx_map_run_new(gcx_map_run **out, const gcx_mapping *m,
                           int reverse, int allow_lossy, gcx_error *err);
void gcx_map_run_free(gcx_map_run *r);

/* gcx_map_bind_columns: CSV: resolve the mapping's column names against
 * an input's header (n names). A column the mapping reads and the header
 * lacks is GCX_E_INVALID naming the column and the rule. Call once per
 * input before mapping its rows. */
gcx_status gcx_map_bind_columns(gcx_map_run *r, const char *const *names,
                                const size_t *lens, size_t n,
                                gcx_error *err);

/* gcx_map_set_context: XML: element is the latest element of context k
 * (gcx_xml_reader_context() - 1); it is copied. */
gcx_status gcx_map_set_context(gcx_map_run *r, size_t k, xmlNodePtr element,
                               gcx_error *err);

/* gcx_map_units: how many units the source record gives: with `explode`,
 * the number of matches (each is mapped, counted and rejected on its
 * own); otherwise 1. */
size_t gcx_map_units(gcx_map_run *r, const gcx_map_source *src);

/* gcx_map_forward: map unit `unit` of src to canonical records: *recs
 * receives *n records (more than one with `emit` blocks), borrowed until
 * the next call. A record that cannot be mapped is GCX_E_INVALID with
 * *why filled (nothing is returned); GCX_E_NOMEM, GCX_E_LIMIT otherwise
 * stop the run. */
gcx_status gcx_map_forward(gcx_map_run *r, const gcx_map_source *src,
                           size_t unit, const gcx_map_provenance *prov,
                           gcx_json ***recs, size_t *n,
                           gcx_map_failure *why, gcx_error *err);

/* Reverse output: gcx_map_reverse_begin writes the national document's
 * opening (XML declaration and wrapper with the namespace declarations,
 * the JSON object up to the records array, the CSV header) to out;
 * gcx_map_reverse appends one canonical record in the national shape
 * (GCX_E_INVALID with *why when it cannot: wrong record type, a value a
 * reverse transform refuses, two rules writing different values at one
 * place; nothing is appended then); gcx_map_reverse_end closes. */
gcx_status gcx_map_reverse_begin(gcx_map_run *r, gcx_buf *out,
                                 gcx_error *err);
gcx_status gcx_map_reverse(gcx_map_run *r, const gcx_json *record,
                           gcx_buf *out, gcx_map_failure *why,
                           gcx_error *err);
gcx_status gcx_map_reverse_end(gcx_map_run *r, gcx_buf *out,
                               gcx_error *err);

#ifdef __cplusplus
}
#endif
#endif
