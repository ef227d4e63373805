/* lib/map_internal.h - the compiled form of a mapping, shared by the
 * mapping's parser (map_parse.c), its path matchers (map_path.c), the
 * forward evaluator (map_eval.c) and the reverse writer (map_reverse.c).
 * Private to libgcx.
 */
#ifndef GCX_MAP_INTERNAL_H
#define GCX_MAP_INTERNAL_H
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <gcx/map.h>
#include <gcx/transform.h>

/* A compiled source path. XML steps: child elements by namespace URI and
 * local name, an attribute (last step only), "." (self), with an
 * optional position or equality predicate. JSON steps: a member, an
 * item index, or an item whose member equals a value. CSV: one column. */
typedef enum mp_step_kind {
    MP_SELF,        /* "." */
    MP_CHILD,       /* XML element / JSON member */
    MP_ATTR,        /* XML attribute (last step) */
    MP_INDEX        /* JSON: [N] alone */
} mp_step_kind;

typedef enum mp_pred_kind {
    MP_PRED_NONE,
    MP_PRED_POS,    /* [N]: XML from 1, JSON from 0 */
    MP_PRED_ATTR,   /* XML [@a='v'] */
    MP_PRED_CHILD,  /* XML [p:c='v'], JSON [k='v'] */
    MP_PRED_ANY     /* JSON "name[]": every item (groups) */
} mp_pred_kind;

typedef struct mp_step {
    mp_step_kind kind;
    const char *prefix;   /* XML: the prefix as written (reverse) */
    const char *uri;      /* XML: namespace URI, NULL for none */
    const char *local;    /* local name / JSON member name */
    size_t local_len;
    mp_pred_kind pred;
    long pos;
    const char *pprefix;  /* predicate name's prefix (XML child) */
    const char *puri;
    const char *pname;    /* predicate attribute / child / member */
    const char *pvalue;
    size_t pvalue_len;
} mp_step;

typedef struct mp_path {
    char *text;           /* as written, for messages */
    mp_step *steps;
    size_t nsteps;
    int context;          /* -1: current node; -2: $record; k: context */
    size_t column;        /* CSV: the column's index in the mapping's
                             column name table */
} mp_path;

typedef enum mx_kind {
    MX_LITERAL,
    MX_PATH,
    MX_CONCAT,
    MX_XPATH
} mx_kind;

typedef struct mt_transform mt_transform;

typedef struct mx_expr {
    mx_kind kind;
    char *text;           /* literal bytes / xpath text */
    size_t len;
    mp_path path;
    struct mx_expr *parts;
    size_t nparts;
    xmlXPathCompExprPtr xpath;
    mt_transform *tx;     /* a concat part's own transforms */
    size_t ntx;
    unsigned long line, column;
} mx_expr;

typedef struct mc_codes mc_codes;  /* a code list or table */

typedef enum mt_kind {
    MT_TRIM, MT_COLLAPSE, MT_UPPER, MT_LOWER, MT_DIGITS, MT_ID_CLEAN,
    MT_DATE, MT_DATETIME, MT_HIJRI, MT_HIJRI_VALUE, MT_DECIMAL, MT_NUMBER,
    MT_E164, MT_SPLIT, MT_CODE, MT_LOOKUP, MT_DEFAULT, MT_REQUIRED
} mt_kind;

struct mt_transform {
    mt_kind kind;
    unsigned long line, column;
    char *arg;            /* string argument (pattern, default, sep) */
    size_t arg_len;
    long num;             /* scale, split index */
    int option;           /* digits script, e164 output style */
    char state[3];        /* e164 state */
    gcx_datepat *pattern; /* date, datetime, hijri */
    mc_codes *codes;      /* code, lookup (borrowed from the mapping) */
};

typedef enum mcond_kind {
    MCOND_NONE, MCOND_EQ, MCOND_NE, MCOND_EXISTS, MCOND_NOT_EXISTS
} mcond_kind;

typedef struct mcond {
    mcond_kind kind;
    mx_expr expr;         /* a path */
    char *value;
    size_t value_len;
} mcond;

/* A target path step: a member name, or an item index. */
typedef struct mtgt_step {
    const char *name;     /* NULL for an index step */
    size_t len;
    long index;
} mtgt_step;

typedef struct mrule mrule;
struct mrule {
    unsigned long line, column;
    char *target;         /* as written */
    mtgt_step *tsteps;
    size_t ntsteps;
    const gcx_schema_node *node; /* the target's schema node */
    int is_group;
    int not_reversible;   /* the reverse direction skips it (a blocking
                             issue of the mapping names it) */
    int same_container;   /* its target's container is the previous
                             rule's (name.ar.given after name.ar.father):
                             the run reuses it instead of looking it up */
    mx_expr src;          /* rule: the expression; group: each PATH */
    mt_transform *tx;
    size_t ntx;
    mcond cond;
    mrule **rules;        /* group body */
    size_t nrules;
};

typedef struct mblock {
    mrule **rules;
    size_t nrules;
    unsigned long line;
} mblock;

struct mc_codes {
    char *name;
    int is_table;         /* lookup: keys compared folded */
    size_t n;
    char **src;           /* source codes (tables: folded keys) */
    size_t *src_len;
    char **dst;           /* canonical values */
    size_t *dst_len;
    size_t *hash;         /* open addressing over src, 2^k slots */
    size_t hash_mask;
    size_t *rhash;        /* over dst, first one wins */
    char **orig;          /* tables: the key as written (reverse) */
    size_t *orig_len;
    int injective;        /* no two sources give one value */
    unsigned long line, column;
    int used;
};

struct gcx_mapping {
    const gcx_schema *schema;
    const gcx_schema_node *root;  /* the target record type */
    char *file;           /* name for messages */
    char *dir;
    char *name, *version, *target;
    gcx_map_kind kind;
    char *records;
    char **ns;            /* "prefix=uri" */
    size_t nns;
    char **ctx_names;
    char **ctx_paths;
    size_t nctx;
    char **columns;       /* CSV columns declared + read by rules */
    size_t ncolumns;
    size_t ndeclared;     /* the first ndeclared are the `columns` */
    char delimiter;
    char *xslt;
    char **not_carried;
    size_t nnot_carried;
    mx_expr explode;
    int has_explode;
    unsigned long explode_line;
    mblock top;           /* rules outside emit blocks */
    mblock *emits;
    size_t nemits;
    mc_codes **codes;
    size_t ncodes;
    gcx_map_issue *issues;
    size_t nissues;
    xmlXPathContextPtr xpctx; /* for xpath expressions, if any */
};

/* The state of one run (map_eval.c forwards, map_reverse.c backwards). */
struct gcx_map_run {
    const gcx_mapping *m;
    int reverse;
    int allow_lossy;
    gcx_arena *arena;     /* the current record's values */
    gcx_buf val;          /* a rule's value */
    gcx_buf tmp;          /* transform output */
    gcx_buf part;         /* concat separators, conditions */
    gcx_buf cat;          /* a concat part's value */
    gcx_buf cat2;         /* its transform output */
    long *colmap;         /* CSV: mapping column -> input field */
    xmlDocPtr *ctx_docs;  /* XML contexts: copies */
    xmlNodePtr *ctx_nodes;
    gcx_json **recs;      /* forward results */
    size_t nrecs, caprecs;
    xmlXPathContextPtr xp;
    const gcx_map_source *src;
    xmlNodePtr rec_el;    /* the whole source record ($record) */
    const gcx_json *rec_json;
    gcx_map_failure *why;
    /* reverse */
    void *rev;            /* map_reverse.c's state */
};

/* mr_fail: fill r->why for rule (may be NULL) and return GCX_E_INVALID. */
gcx_status mr_fail(gcx_map_run *r, const mrule *rule, const char *reason,
                   const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* map_reverse.c: free the reverse state. */
void mrev_free(gcx_map_run *r);

/* map_path.c ---------------------------------------------------------- */

/* mp_compile: compile text as a path of kind k; namespace prefixes are
 * resolved against m. On failure returns GCX_E_CONFIG with *at the byte
 * offset of the problem and *what the expectation (static). */
gcx_status mp_compile(const gcx_mapping *m, const char *text, size_t len,
                      mp_path *p, size_t *at, const char **what);
void mp_free(mp_path *p);

/* mp_xml_first: the first node matched from el (NULL: none). */
xmlNodePtr mp_xml_first(const mp_path *p, xmlNodePtr el);
/* mp_xml_each: call fn for each node matched (document order) until it
 * returns nonzero; returns that value or 0. */
int mp_xml_each(const mp_path *p, xmlNodePtr el,
                int (*fn)(xmlNodePtr, void *), void *arg);
/* mp_xml_text: the string value of node (attribute value or the text of
 * an element's descendants), appended to b. */
gcx_status mp_xml_text(xmlNodePtr node, gcx_buf *b);
/* mp_json_first: the value at p from v, or NULL. */
const gcx_json *mp_json_first(const mp_path *p, const gcx_json *v);
/* mp_json_each: the items of the array at p (an object counts as one
 * item); calls fn for each until nonzero. */
int mp_json_each(const mp_path *p, const gcx_json *v,
                 int (*fn)(const gcx_json *, void *), void *arg);

/* map_parse.c --------------------------------------------------------- */

/* mc_find: the value for key (len bytes) in code list c, or NULL. */
const char *mc_find(const mc_codes *c, const char *key, size_t len,
                    size_t *out_len);
/* mc_find_reverse: the source code for canonical value v, or NULL. */
const char *mc_find_reverse(const mc_codes *c, const char *v, size_t len,
                            size_t *out_len);
/* mc_fold_key: the folded form of a table key (trimmed, runs of space
 * collapsed, case folded) appended to b. */
gcx_status mc_fold_key(const char *s, size_t len, gcx_buf *b);

#endif
