/* gcx/json.h - the JSON value model: exact, ordered, arena-allocated.
 *
 * Unlike cJSON, a gcx_json keeps what the text said: numbers stay as their
 * source text (a 25-digit integer or "1.10" is never rounded), strings are
 * byte strings with a length (so "\u0000" survives), and object members
 * keep their order. Values live in a gcx_arena and are freed together.
 */
#ifndef GCX_JSON_H
#define GCX_JSON_H

#include <stddef.h>
#include <gcx/error.h>
#include <gcx/limits.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gcx_json_type {
    GCX_JSON_NULL = 0,
    GCX_JSON_FALSE,
    GCX_JSON_TRUE,
    GCX_JSON_NUMBER,   /* text holds the number exactly as written */
    GCX_JSON_STRING,   /* text holds the decoded UTF-8 bytes */
    GCX_JSON_ARRAY,
    GCX_JSON_OBJECT
} gcx_json_type;

typedef struct gcx_json gcx_json;
typedef struct gcx_json_member gcx_json_member;

struct gcx_json {
    gcx_json_type type;
    size_t len;                 /* bytes of text, or number of items */
    union {
        const char *text;       /* NUMBER, STRING: len bytes + NUL */
        gcx_json **items;       /* ARRAY: len values */
        gcx_json_member *members; /* OBJECT: len members, source order */
    } u;
    unsigned long line;         /* where the value starts in the source */
    unsigned long column;       /* (0 when built, not parsed) */
};

struct gcx_json_member {
    const char *key;            /* decoded UTF-8 + NUL; may contain NUL */
    size_t key_len;
    gcx_json *value;
};

/* An arena: a region that values are allocated from and freed with at
 * once. The struct is opaque. */
typedef struct gcx_arena gcx_arena;

/* gcx_arena_new: a new empty arena (free with gcx_arena_free), or NULL
 * when out of memory. */
gcx_arena *gcx_arena_new(void);
/* gcx_arena_alloc: n bytes aligned for any value, valid until the arena is
 * reset or freed; NULL when out of memory. */
void *gcx_arena_alloc(gcx_arena *a, size_t n);
/* gcx_arena_reset: free everything allocated so far but keep one block
 * for reuse (per-record readers call this between records). */
void gcx_arena_reset(gcx_arena *a);
/* gcx_arena_free: free the arena and everything in it; a may be NULL. */
void gcx_arena_free(gcx_arena *a);
/* gcx_arena_used: bytes currently allocated from the system. */
size_t gcx_arena_used(const gcx_arena *a);

/* Builders: each returns a new value in arena a, or NULL when out of
 * memory. Text is copied. */
gcx_json *gcx_json_new_null(gcx_arena *a);
gcx_json *gcx_json_new_bool(gcx_arena *a, int value);
gcx_json *gcx_json_new_string(gcx_arena *a, const char *s, size_t len);
/* gcx_json_new_number: text must be an RFC 8259 number (not checked). */
gcx_json *gcx_json_new_number(gcx_arena *a, const char *text, size_t len);
/* gcx_json_new_array / new_object: with room for cap items or members
 * (len 0); add with gcx_json_array_push / gcx_json_object_put, which grow
 * the storage in the arena as needed and return GCX_E_NOMEM on failure. */
gcx_json *gcx_json_new_array(gcx_arena *a, size_t cap);
gcx_json *gcx_json_new_object(gcx_arena *a, size_t cap);
gcx_status gcx_json_array_push(gcx_arena *a, gcx_json *arr, gcx_json *v);
/* gcx_json_object_put: append member (key copied). Does not check for a
 * duplicate key. */
gcx_status gcx_json_object_put(gcx_arena *a, gcx_json *obj, const char *key,
                               size_t key_len, gcx_json *v);

/* gcx_json_object_get: the value of the first member named key (a
 * NUL-terminated key), or NULL; borrowed from obj. */
const gcx_json *gcx_json_object_get(const gcx_json *obj, const char *key);

/* gcx_json_type_name: the type of v in words for messages ("null", "a
 * boolean", "a number", "a string", "an array", "an object"); static. */
const char *gcx_json_type_name(const gcx_json *v);

/* gcx_json_equal: 1 when a and b are the same JSON: same types, same
 * string bytes, same number text, arrays equal item by item, objects with
 * the same members in the same order. */
int gcx_json_equal(const gcx_json *a, const gcx_json *b);

/* Parsing options, shared with the streaming reader (gcx/json_in.h). */
typedef struct gcx_json_parse_options {
    int allow_duplicate_keys;   /* default 0: a repeated key is an error */
    gcx_limits limits;          /* max_depth, max_string_bytes, ... */
} gcx_json_parse_options;

/* gcx_json_parse_options_default: duplicates refused, default limits. */
gcx_json_parse_options gcx_json_parse_options_default(void);

/* gcx_json_parse: parse exactly one RFC 8259 JSON text of len bytes (no
 * trailing content but whitespace) into values allocated in arena a;
 * *out is borrowed from the arena. opt may be NULL for the defaults.
 * Errors: GCX_E_SYNTAX (grammar, with line and column in err),
 * GCX_E_INVALID (bad UTF-8, lone surrogate, duplicate key),
 * GCX_E_LIMIT, GCX_E_NOMEM. name is the file name used in err. */
gcx_status gcx_json_parse(const char *text, size_t len, const char *name,
                          const gcx_json_parse_options *opt, gcx_arena *a,
                          gcx_json **out, gcx_error *err);

#ifdef __cplusplus
}
#endif
#endif
