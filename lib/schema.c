/* lib/schema.c - the canonical schema: reads the definition file
 * (mappings/canonical/gcx-canonical-v1.json), checks every key, resolves
 * refs and compiles patterns into a read-only tree of gcx_schema_node, and
 * generates the JSON Schema, the XSD and the Markdown field table from
 * that tree.
 */
#include "internal.h"

/* Decisions the header leaves open (docs/canonical-schema.md says more):
 * - Everything the schema owns (the parsed definition, nodes, arrays) is
 *   in one gcx_arena; compiled patterns are on a list freed with regfree.
 *   Node strings point into the parsed definition.
 * - A ref node is a new node struct (a shallow copy of the named type's
 *   node): its props, items, enums and pattern are shared, read-only.
 * - Errors in the definition are GCX_E_CONFIG at the line and column of
 *   the offending value (of the key, for an unknown or misplaced key),
 *   with err->path its JSON Pointer. Bad JSON stays GCX_E_SYNTAX; JSON
 *   the reader refuses (a duplicate key, bad UTF-8) becomes GCX_E_CONFIG.
 * - Names (types, records, properties) are [A-Za-z_][A-Za-z0-9_-]*, at
 *   most 64 bytes: they become XML element and XSD/JSON Schema type names.
 * - Patterns must stay in the subset POSIX ERE, XSD and ECMAScript (with
 *   the u flag) read alike: ASCII; literals; "."; [...] with ranges and
 *   a leading ^; (...); |; *, +, ?, {n}, {n,}, {n,m} after an atom; and
 *   \ before one of \ | . ? * + ( ) { } [ ] ^. Anything else is refused
 *   before regcomp even sees it.
 * - Definition strings carry no control characters (U+0000-U+001F).
 */

#include <errno.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <gcx/io.h>
#include <gcx/json.h>
#include <gcx/json_out.h>
#include <gcx/schema.h>

#ifndef GCX_DATADIR
#define GCX_DATADIR "/usr/local/share/gcx"
#endif

#define SCHEMA_FILE "/canonical/gcx-canonical-v1.json"
#define SCHEMA_MAX_BYTES ((size_t)16 << 20)
#define NAME_MAX_BYTES 64
/* longest XSD helper type name (owner.prop.prop...) */
#define XSD_NAME_MAX 512

/* The type patterns, the same in POSIX ERE, XSD and ECMAScript. */
#define DECIMAL_RE "-?[0-9]+(\\.[0-9]+)?"
#define INTEGER_RE "-?(0|[1-9][0-9]*)"
#define BOOLEAN_RE "true|false"
#define DATE_RE "[0-9]{4}-[0-9]{2}-[0-9]{2}"
#define DATETIME_RE "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}" \
    "(\\.[0-9]+)?(Z|(\\+|-)[0-9]{2}:[0-9]{2})"

typedef struct re_entry {
    regex_t re;
    struct re_entry *next;
} re_entry;

typedef struct named_type {
    const char *name;
    const gcx_json *def;
    gcx_schema_node *node;      /* compiled; NULL until then */
    int state;                  /* 0 not yet, 1 being compiled, 2 done */
} named_type;

struct gcx_schema {
    gcx_arena *arena;
    const char *file;
    const char *name, *version, *ns, *doc;
    named_type *types;
    size_t ntypes;
    const char **record_names;
    gcx_schema_node **records;
    size_t nrecords;
    size_t nenvelope;           /* leading props every record shares */
    re_entry *res;
};

/* ================================================================ load */

/* One step of a JSON Pointer, linked to its parent (NULL: the root). */
typedef struct seg {
    const struct seg *up;
    const char *key;            /* member name; NULL for an array index */
    size_t len;
    size_t index;
} seg;

typedef struct cx {
    gcx_schema *s;
    const char *text;           /* the source, to find keys' positions */
    size_t len;
    gcx_error *err;
    named_type **stack;         /* types being compiled, for cycles */
    size_t depth;
    gcx_schema_node **envelope; /* properties every record starts with */
    size_t nenvelope;
} cx;

/* What a definition object describes: the keys it may hold differ. */
enum { K_FIELD, K_ITEMS, K_TYPE, K_RECORD, K_ENVELOPE };

enum {
    KEY_TYPE, KEY_REF, KEY_DOC, KEY_REQUIRED, KEY_ENUM, KEY_PATTERN,
    KEY_MINLENGTH, KEY_MAXLENGTH, KEY_FORMAT, KEY_SCRIPT, KEY_MINIMUM,
    KEY_PROPERTIES, KEY_MINPROPERTIES, KEY_ITEMS, KEY_MINITEMS, KEY_SET,
    KEY_RULES, NKEYS
};

static const char *const key_names[NKEYS] = {
    "type", "ref", "doc", "required", "enum", "pattern", "minLength",
    "maxLength", "format", "script", "minimum", "properties",
    "minProperties", "items", "minItems", "set", "rules"
};

#define BIT(k) (1u << (k))
#define ALL_KEYS (BIT(NKEYS) - 1u)
#define STRING_TYPES (BIT(GCX_SCHEMA_STRING) | BIT(GCX_SCHEMA_DECIMAL) | \
                      BIT(GCX_SCHEMA_DATE) | BIT(GCX_SCHEMA_DATETIME))

/* The keys each kind of definition object may hold. */
static const unsigned kind_keys[] = {
    ALL_KEYS,
    ALL_KEYS & ~BIT(KEY_REQUIRED),
    ALL_KEYS & ~BIT(KEY_REQUIRED),
    BIT(KEY_DOC) | BIT(KEY_PROPERTIES) | BIT(KEY_MINPROPERTIES) |
        BIT(KEY_RULES),
    BIT(KEY_DOC) | BIT(KEY_PROPERTIES)
};

static const char *const kind_names[] = {
    "a field", "array items", "a named type", "a record type",
    "the envelope"
};

/* The types each key applies to (0: any). */
static const unsigned key_types[NKEYS] = {
    [KEY_ENUM] = STRING_TYPES,
    [KEY_PATTERN] = STRING_TYPES,
    [KEY_MINLENGTH] = STRING_TYPES,
    [KEY_MAXLENGTH] = STRING_TYPES,
    [KEY_FORMAT] = BIT(GCX_SCHEMA_STRING),
    [KEY_SCRIPT] = BIT(GCX_SCHEMA_STRING),
    [KEY_MINIMUM] = BIT(GCX_SCHEMA_INTEGER),
    [KEY_PROPERTIES] = BIT(GCX_SCHEMA_OBJECT),
    [KEY_MINPROPERTIES] = BIT(GCX_SCHEMA_OBJECT),
    [KEY_ITEMS] = BIT(GCX_SCHEMA_ARRAY),
    [KEY_MINITEMS] = BIT(GCX_SCHEMA_ARRAY),
    [KEY_SET] = BIT(GCX_SCHEMA_ARRAY),
};

static const char *const type_names[] = {
    "string", "decimal", "integer", "boolean", "date", "datetime",
    "object", "array"
};
#define NTYPES (sizeof type_names / sizeof type_names[0])

static const char *const formats[] = {
    "iso3166-alpha3", "iso4217", "e164", "email", "iban"
};
#define NFORMATS (sizeof formats / sizeof formats[0])

static const char *const root_keys[] = {
    "name", "version", "namespace", "doc", "types", "envelope", "records"
};
#define NROOTKEYS (sizeof root_keys / sizeof root_keys[0])

/* ------------------------------------------------------------ errors */

/* seg_render: the JSON Pointer of p into out (size > 0); returns its
 * length. Truncated silently when it does not fit. */
static size_t seg_render(const seg *p, char *out, size_t size)
{
    size_t n, i;
    char num[32];

    if (!p) {
        out[0] = '\0';
        return 0;
    }
    n = seg_render(p->up, out, size);
    if (n + 2 >= size)
        return n;
    out[n++] = '/';
    if (p->key) {
        for (i = 0; i < p->len && n + 3 < size; i++) {
            if (p->key[i] == '~' || p->key[i] == '/') {
                out[n++] = '~';
                out[n++] = p->key[i] == '~' ? '0' : '1';
            } else {
                out[n++] = p->key[i];
            }
        }
    } else {
        snprintf(num, sizeof num, "%zu", p->index);
        for (i = 0; num[i] && n + 1 < size; i++)
            out[n++] = num[i];
    }
    out[n] = '\0';
    return n;
}

/* text_offset: the byte offset of line/col (col in code points). */
static size_t text_offset(const char *t, size_t n, unsigned long line,
                          unsigned long col)
{
    size_t i = 0;
    unsigned long l = 1, c = 1;

    while (i < n && l < line)
        if (t[i++] == '\n')
            l++;
    while (i < n && c < col) {
        i++;
        while (i < n && ((unsigned char)t[i] & 0xC0) == 0x80)
            i++;
        c++;
    }
    return i;
}

/* text_position: the line and column (code points) of offset off. */
static void text_position(const char *t, size_t off, unsigned long *line,
                          unsigned long *col)
{
    size_t i;

    *line = 1;
    *col = 1;
    for (i = 0; i < off; i++) {
        if (t[i] == '\n') {
            ++*line;
            *col = 1;
        } else if (((unsigned char)t[i] & 0xC0) != 0x80) {
            ++*col;
        }
    }
}

static int is_json_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* key_position: where the key of the member whose value is v starts (its
 * opening quote). The reader keeps only the value's position, so walk
 * back from it over ':' to the key's quotes; the opening quote is the
 * first '"' before the closing one not escaped by an odd number of
 * backslashes. Leaves line/col alone when the text does not fit. */
static void key_position(const cx *c, const gcx_json *v,
                         unsigned long *line, unsigned long *col)
{
    size_t i = text_offset(c->text, c->len, v->line, v->column), k;

    while (i > 0 && is_json_space(c->text[i - 1]))
        i--;
    if (i == 0 || c->text[--i] != ':')
        return;
    while (i > 0 && is_json_space(c->text[i - 1]))
        i--;
    if (i == 0 || c->text[--i] != '"')
        return;
    while (i > 0) {
        i--;
        if (c->text[i] != '"')
            continue;
        for (k = i; k > 0 && c->text[k - 1] == '\\'; k--)
            ;
        if ((i - k) % 2 == 0) {
            text_position(c->text, i, line, col);
            return;
        }
    }
}

/* cx_failv: a GCX_E_CONFIG error at v (at its key when at_key) with the
 * pointer path. */
static gcx_status cx_failv(cx *c, const gcx_json *v, int at_key,
                           const seg *path, const char *fmt, va_list ap)
{
    unsigned long line = v ? v->line : 0, col = v ? v->column : 0;
    char p[GCX_ERROR_PATH_MAX];

    if (at_key && v)
        key_position(c, v, &line, &col);
    seg_render(path, p, sizeof p);
    gcx_error_clear(c->err);
    gcx_error_setv(c->err, GCX_E_CONFIG, fmt, ap);
    gcx_error_at(c->err, c->s->file, line, col);
    gcx_error_set_path(c->err, p);
    return GCX_E_CONFIG;
}

#if defined(__GNUC__)
#define CX_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CX_PRINTF(a, b)
#endif

static gcx_status cx_fail(cx *c, const gcx_json *v, const seg *path,
                          const char *fmt, ...) CX_PRINTF(4, 5);
static gcx_status cx_fail_key(cx *c, const gcx_json *v, const seg *path,
                              const char *fmt, ...) CX_PRINTF(4, 5);

/* cx_fail: an error at the value v. */
static gcx_status cx_fail(cx *c, const gcx_json *v, const seg *path,
                          const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    cx_failv(c, v, 0, path, fmt, ap);
    va_end(ap);
    return GCX_E_CONFIG;
}

/* cx_fail_key: an error at the key of the member whose value is v. */
static gcx_status cx_fail_key(cx *c, const gcx_json *v, const seg *path,
                              const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    cx_failv(c, v, 1, path, fmt, ap);
    va_end(ap);
    return GCX_E_CONFIG;
}

static gcx_status cx_nomem(cx *c)
{
    gcx_error_clear(c->err);
    gcx_error_at(c->err, c->s->file, 0, 0);
    return gcx_error_set(c->err, GCX_E_NOMEM,
                         "out of memory loading the schema");
}

static void *cx_alloc(cx *c, size_t n)
{
    void *p = gcx_arena_alloc(c->s->arena, n ? n : 1);

    if (p)
        memset(p, 0, n ? n : 1);
    return p;
}

static const char *json_kind(const gcx_json *v)
{
    switch (v->type) {
    case GCX_JSON_NULL:
        return "null";
    case GCX_JSON_FALSE:
        return "false";
    case GCX_JSON_TRUE:
        return "true";
    case GCX_JSON_NUMBER:
        return "a number";
    case GCX_JSON_STRING:
        return "a string";
    case GCX_JSON_ARRAY:
        return "an array";
    default:
        return "an object";
    }
}

/* ------------------------------------------------------ typed values */

/* get_string: v as a string without control characters. */
static gcx_status get_string(cx *c, const gcx_json *v, const seg *at,
                             const char **out)
{
    size_t i;

    if (v->type != GCX_JSON_STRING)
        return cx_fail(c, v, at, "expected a string, found %s",
                       json_kind(v));
    for (i = 0; i < v->len; i++)
        if ((unsigned char)v->u.text[i] < 0x20)
            return cx_fail(c, v, at, "expected a string without control "
                           "characters (U+0000-U+001F)");
    *out = v->u.text;
    return GCX_OK;
}

static gcx_status get_bool(cx *c, const gcx_json *v, const seg *at,
                           int *out)
{
    if (v->type != GCX_JSON_TRUE && v->type != GCX_JSON_FALSE)
        return cx_fail(c, v, at, "expected true or false, found %s",
                       json_kind(v));
    *out = v->type == GCX_JSON_TRUE;
    return GCX_OK;
}

/* get_size: v as a non-negative integer (digits only). */
static gcx_status get_size(cx *c, const gcx_json *v, const seg *at,
                           size_t *out)
{
    unsigned long long n;
    char *end;
    size_t i;

    if (v->type != GCX_JSON_NUMBER)
        return cx_fail(c, v, at, "expected a non-negative integer, found "
                       "%s", json_kind(v));
    for (i = 0; i < v->len; i++)
        if (v->u.text[i] < '0' || v->u.text[i] > '9')
            return cx_fail(c, v, at, "expected a non-negative integer, "
                           "found %s", v->u.text);
    errno = 0;
    n = strtoull(v->u.text, &end, 10);
    if (errno || n > (unsigned long long)(SIZE_MAX / 2))
        return cx_fail(c, v, at, "expected a non-negative integer, %s is "
                       "too large", v->u.text);
    *out = (size_t)n;
    return GCX_OK;
}

/* get_llong: v as an integer, optionally negative. */
static gcx_status get_llong(cx *c, const gcx_json *v, const seg *at,
                            long long *out)
{
    long long n;
    char *end;
    size_t i;

    if (v->type != GCX_JSON_NUMBER)
        return cx_fail(c, v, at, "expected an integer, found %s",
                       json_kind(v));
    for (i = v->u.text[0] == '-'; i < v->len; i++)
        if (v->u.text[i] < '0' || v->u.text[i] > '9')
            return cx_fail(c, v, at, "expected an integer, found %s",
                           v->u.text);
    errno = 0;
    n = strtoll(v->u.text, &end, 10);
    if (errno)
        return cx_fail(c, v, at, "expected an integer, %s is out of range",
                       v->u.text);
    *out = n;
    return GCX_OK;
}

/* get_strings: v as an array of distinct strings, non-empty when
 * nonempty; *out is new in the arena. */
static gcx_status get_strings(cx *c, const gcx_json *v, const seg *at,
                              int nonempty, const char *const **out,
                              size_t *n)
{
    const char **a;
    size_t i, j;
    gcx_status st;

    if (v->type != GCX_JSON_ARRAY || (nonempty && v->len == 0))
        return cx_fail(c, v, at, "expected %s array of strings, found %s",
                       nonempty ? "a non-empty" : "an",
                       v->type == GCX_JSON_ARRAY ? "an empty array"
                                                 : json_kind(v));
    a = cx_alloc(c, v->len * sizeof *a);
    if (!a)
        return cx_nomem(c);
    for (i = 0; i < v->len; i++) {
        seg s = {at, NULL, 0, i};

        st = get_string(c, v->u.items[i], &s, &a[i]);
        if (st)
            return st;
        for (j = 0; j < i; j++)
            if (strcmp(a[j], a[i]) == 0)
                return cx_fail(c, v->u.items[i], &s, "\"%s\" is already "
                               "in the list (expected distinct strings)",
                               a[i]);
    }
    *out = a;
    *n = v->len;
    return GCX_OK;
}

/* name_ok: 1 when s (len bytes) is a usable name: it becomes an XML
 * element name and a JSON Schema / XSD definition name. */
static int name_ok(const char *s, size_t len)
{
    size_t i;

    if (len == 0 || len > NAME_MAX_BYTES || strlen(s) != len)
        return 0;
    for (i = 0; i < len; i++) {
        char ch = s[i];
        int alpha = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                    ch == '_';

        if (!alpha && (i == 0 || !((ch >= '0' && ch <= '9') || ch == '-')))
            return 0;
    }
    return 1;
}

static gcx_status check_name(cx *c, const gcx_json_member *m, const seg *at,
                             const char *what)
{
    if (name_ok(m->key, m->key_len))
        return GCX_OK;
    return cx_fail_key(c, m->value, at, "%s name \"%.*s\" is not usable "
                       "(expected [A-Za-z_][A-Za-z0-9_-]*, at most %d "
                       "characters)", what,
                       (int)(m->key_len > 80 ? 80 : m->key_len), m->key,
                       NAME_MAX_BYTES);
}

/* ---------------------------------------------------------- patterns */

/* pattern_check: NULL when p is in the portable subset (see the top of
 * the file), else why not, with *at the offending byte. */
static const char *pattern_check(const char *p, size_t *at)
{
    static const char escapable[] = "\\|.?*+(){}[]^";
    size_t i = 0, depth = 0, open[32], start, first;
    int atom = 0;   /* the previous item can take a quantifier */
    int branch = 0; /* the current branch has an item */

    for (i = 0; p[i]; i++) {
        unsigned char ch = (unsigned char)p[i];

        *at = i;
        if (ch >= 0x80)
            return "a pattern is ASCII (use \"script\" for Arabic or "
                   "Latin text)";
        switch (ch) {
        case '\\':
            if (!p[i + 1] || !strchr(escapable, p[i + 1]))
                return "\\ must be followed by one of \\ | . ? * + ( ) "
                       "{ } [ ] ^";
            i++;
            atom = branch = 1;
            break;
        case '[':
            start = i++;
            if (p[i] == '^')
                i++;
            if (p[i] == ']')
                return "a bracket expression cannot start with ]";
            for (first = i; p[i] && p[i] != ']'; i++) {
                *at = i;
                if ((unsigned char)p[i] >= 0x80)
                    return "a pattern is ASCII";
                if (p[i] == '[' || p[i] == '\\')
                    return "[ and \\ are not allowed in a bracket "
                           "expression";
                if (p[i] == '-' && i != first && p[i + 1] != ']')
                    return "a - in a bracket expression must come first "
                           "or last, or make a range";
                if (p[i + 1] == '-' && p[i + 2] && p[i + 2] != ']') {
                    if ((unsigned char)p[i + 2] < (unsigned char)p[i] ||
                        p[i] == '-' || p[i + 2] == '-' ||
                        p[i + 2] == '[' || p[i + 2] == '\\')
                        return "bad range in a bracket expression";
                    i += 2;
                }
            }
            if (!p[i]) {
                *at = start;
                return "unclosed [";
            }
            atom = branch = 1;
            break;
        case '(':
            if (depth == sizeof open / sizeof open[0])
                return "groups nested too deep";
            open[depth++] = i;
            atom = branch = 0;
            break;
        case ')':
            if (depth == 0)
                return "unmatched )";
            if (!branch)
                return "empty group or alternative";
            depth--;
            atom = branch = 1;
            break;
        case '|':
            if (!branch)
                return "empty alternative";
            atom = branch = 0;
            break;
        case '*':
        case '+':
        case '?':
            if (!atom)
                return "a quantifier must follow a character, class or "
                       "group";
            atom = 0;
            break;
        case '{': {
            unsigned long lo, hi;
            char *end;

            if (!atom)
                return "a quantifier must follow a character, class or "
                       "group";
            if (p[i + 1] < '0' || p[i + 1] > '9')
                return "expected {n}, {n,} or {n,m}";
            lo = strtoul(p + i + 1, &end, 10);
            hi = lo;
            if (*end == ',') {
                end++;
                if (*end >= '0' && *end <= '9')
                    hi = strtoul(end, &end, 10);
                else
                    hi = (unsigned long)-1;
            }
            if (*end != '}')
                return "expected {n}, {n,} or {n,m}";
            if (lo > 255 || (hi != (unsigned long)-1 && hi > 255))
                return "repeat counts above 255 are not portable";
            if (hi < lo)
                return "{n,m} with m less than n";
            i = (size_t)(end - p);
            atom = 0;
            break;
        }
        case '}':
        case ']':
            return "this character must be escaped";
        case '^':
        case '$':
            return "this character must be escaped (^ and $ are not "
                   "anchors: a pattern always matches the whole value)";
        default:
            if (ch < 0x20 || ch == 0x7f)
                return "control character";
            atom = branch = 1;
        }
    }
    *at = i;
    if (depth) {
        *at = open[depth - 1];
        return "unclosed (";
    }
    if (!branch && i > 0)
        return "empty alternative";
    return NULL;
}

/* compile_pattern: check and compile v's pattern as "^(p)$". */
static gcx_status compile_pattern(cx *c, const gcx_json *v, const seg *at,
                                  const char *p, const void **out)
{
    const char *why;
    size_t off = 0, n = strlen(p);
    char *full;
    re_entry *e;
    int rc;

    why = pattern_check(p, &off);
    if (!why && n == 0)
        why = "empty pattern";
    if (why)
        return cx_fail(c, v, at, "pattern \"%s\" is not portable at "
                       "character %zu: %s", p, off + 1, why);
    full = cx_alloc(c, n + 5);
    e = cx_alloc(c, sizeof *e);
    if (!full || !e)
        return cx_nomem(c);
    memcpy(full, "^(", 2);
    memcpy(full + 2, p, n);
    memcpy(full + 2 + n, ")$", 3);
    rc = regcomp(&e->re, full, REG_EXTENDED | REG_NOSUB);
    if (rc == REG_ESPACE)
        return cx_nomem(c);
    if (rc) {
        char msg[128];

        regerror(rc, &e->re, msg, sizeof msg);
        return cx_fail(c, v, at, "pattern \"%s\" does not compile as a "
                       "POSIX extended regular expression: %s", p, msg);
    }
    e->next = c->s->res;
    c->s->res = e;
    *out = &e->re;
    return GCX_OK;
}

/* ------------------------------------------------------------- fields */

static gcx_status compile_field(cx *c, const gcx_json *def, const seg *at,
                                const char *name, int kind,
                                gcx_schema_node **out);

static named_type *find_type(const gcx_schema *s, const char *name)
{
    size_t i;

    for (i = 0; i < s->ntypes; i++)
        if (strcmp(s->types[i].name, name) == 0)
            return &s->types[i];
    return NULL;
}

/* compile_named: compile the named type t (state 0). */
static gcx_status compile_named(cx *c, named_type *t)
{
    seg types = {NULL, "types", 5, 0};
    seg here = {&types, t->name, strlen(t->name), 0};
    gcx_schema_node *node;
    gcx_status st;

    t->state = 1;
    c->stack[c->depth++] = t;
    st = compile_field(c, t->def, &here, NULL, K_TYPE, &node);
    c->depth--;
    if (st)
        return st;
    node->type_name = t->name;
    t->node = node;
    t->state = 2;
    return GCX_OK;
}

/* resolve_ref: the compiled named type that v (a "ref" value) names. */
static gcx_status resolve_ref(cx *c, const gcx_json *v, const seg *at,
                              named_type **out)
{
    const char *name;
    named_type *t;
    gcx_status st;

    st = get_string(c, v, at, &name);
    if (st)
        return st;
    t = find_type(c->s, name);
    if (!t)
        return cx_fail(c, v, at, "\"ref\" names no type: \"%s\" is not "
                       "defined (expected the name of a type under "
                       "/types)", name);
    if (t->state == 1) {
        char chain[300];
        size_t i, n = 0;

        for (i = 0; i < c->depth && c->stack[i] != t; i++)
            ;
        for (; i < c->depth && n < sizeof chain; i++)
            n += (size_t)snprintf(chain + n, sizeof chain - n, "%s -> ",
                                  c->stack[i]->name);
        if (n < sizeof chain)
            snprintf(chain + n, sizeof chain - n, "%s", t->name);
        return cx_fail(c, v, at, "ref cycle: %s (expected types that do "
                       "not contain themselves)", chain);
    }
    if (t->state == 0) {
        st = compile_named(c, t);
        if (st)
            return st;
    }
    *out = t;
    return GCX_OK;
}

/* compile_props: the fields of a "properties" object; *out is new. */
static gcx_status compile_props(cx *c, const gcx_json *v, const seg *at,
                                gcx_schema_node ***out, size_t *n)
{
    gcx_schema_node **props;
    size_t i;
    gcx_status st;

    if (v->type != GCX_JSON_OBJECT)
        return cx_fail(c, v, at, "expected an object of properties, found "
                       "%s", json_kind(v));
    props = cx_alloc(c, v->len * sizeof *props);
    if (!props)
        return cx_nomem(c);
    for (i = 0; i < v->len; i++) {
        const gcx_json_member *m = &v->u.members[i];
        seg s = {at, m->key, m->key_len, 0};

        st = check_name(c, m, &s, "property");
        if (!st)
            st = compile_field(c, m->value, &s, m->key, K_FIELD, &props[i]);
        if (st)
            return st;
    }
    *out = props;
    *n = v->len;
    return GCX_OK;
}

/* compile_set: the "set" key v of array node n. */
static gcx_status compile_set(cx *c, gcx_schema_node *n, const gcx_json *v,
                              const seg *at)
{
    const gcx_schema_node *items = n->items;
    const char *const *keys;
    size_t nkeys, i, j;
    gcx_status st;

    if (v->type == GCX_JSON_TRUE || v->type == GCX_JSON_FALSE) {
        n->is_set = v->type == GCX_JSON_TRUE;
        return GCX_OK;
    }
    if (v->type != GCX_JSON_ARRAY || v->len == 0)
        return cx_fail(c, v, at, "expected true, false or a non-empty "
                       "array of the items' member names, found %s",
                       v->type == GCX_JSON_ARRAY ? "an empty array"
                                                 : json_kind(v));
    if (items->type != GCX_SCHEMA_OBJECT)
        return cx_fail(c, v, at, "set keys need object items, these are "
                       "%s (expected \"set\": true)",
                       type_names[items->type]);
    st = get_strings(c, v, at, 1, &keys, &nkeys);
    if (st)
        return st;
    for (i = 0; i < nkeys; i++) {
        seg s = {at, NULL, 0, i};
        const gcx_schema_node *p = gcx_schema_prop(items, keys[i],
                                                   strlen(keys[i]));

        if (!p) {
            char names[256];
            size_t k = 0;

            names[0] = '\0';
            for (j = 0; j < items->nprops && k < sizeof names; j++)
                k += (size_t)snprintf(names + k, sizeof names - k, "%s%s",
                                      j ? ", " : "", items->props[j]->name);
            return cx_fail(c, v->u.items[i], &s, "set key \"%s\" is not a "
                           "property of the items (expected one of %s)",
                           keys[i], names);
        }
        if (!p->required)
            return cx_fail(c, v->u.items[i], &s, "set key \"%s\" must be a "
                           "required property of the items", keys[i]);
    }
    n->is_set = 1;
    n->set_keys = keys;
    n->nset_keys = nkeys;
    return GCX_OK;
}

/* merge_rules: a's rules followed by b's, new in the arena. */
static gcx_status merge_rules(cx *c, gcx_schema_node *n,
                              const char *const *b, size_t nb)
{
    const char **r;

    if (nb == 0)
        return GCX_OK;
    r = cx_alloc(c, (n->nrules + nb) * sizeof *r);
    if (!r)
        return cx_nomem(c);
    if (n->nrules)
        memcpy(r, n->rules, n->nrules * sizeof *r);
    memcpy(r + n->nrules, b, nb * sizeof *r);
    n->rules = r;
    n->nrules += nb;
    return GCX_OK;
}

/* key_index: the KEY_* of a member name, or -1. */
static int key_index(const char *key, size_t len)
{
    int k;

    for (k = 0; k < NKEYS; k++)
        if (strlen(key_names[k]) == len && memcmp(key_names[k], key, len)
            == 0)
            return k;
    return -1;
}

/* expected_keys: "a, b or c" for the keys in mask. */
static void expected_keys(unsigned mask, char *out, size_t size)
{
    size_t n = 0, left = 0;
    int k;

    for (k = 0; k < NKEYS; k++)
        left += (mask & BIT(k)) != 0;
    out[0] = '\0';
    for (k = 0; k < NKEYS && n < size; k++) {
        if (!(mask & BIT(k)))
            continue;
        left--;
        n += (size_t)snprintf(out + n, size - n, "%s%s",
                              key_names[k],
                              left > 1 ? ", " : left == 1 ? " or " : "");
    }
}

/* compile_field: compile the definition object def (of the given kind)
 * at path at into *out (new in the arena). name: the property name, or
 * NULL. */
static gcx_status compile_field(cx *c, const gcx_json *def, const seg *at,
                                const char *name, int kind,
                                gcx_schema_node **out)
{
    const gcx_json_member *m[NKEYS] = {0};
    gcx_schema_node *n;
    gcx_schema_type type = GCX_SCHEMA_OBJECT;
    named_type *ref = NULL;
    gcx_status st;
    size_t i;
    int k;

    if (def->type != GCX_JSON_OBJECT)
        return cx_fail(c, def, at, "expected an object (the definition of "
                       "%s), found %s", kind_names[kind], json_kind(def));
    /* every key known and allowed here */
    for (i = 0; i < def->len; i++) {
        const gcx_json_member *mm = &def->u.members[i];
        seg s = {at, mm->key, mm->key_len, 0};
        char exp[300];

        k = key_index(mm->key, mm->key_len);
        if (k >= 0 && (kind_keys[kind] & BIT(k))) {
            m[k] = mm;
            continue;
        }
        expected_keys(kind_keys[kind], exp, sizeof exp);
        return cx_fail_key(c, mm->value, &s, "%s key \"%.*s\" in %s "
                           "(expected %s)", k < 0 ? "unknown" : "misplaced",
                           (int)(mm->key_len > 80 ? 80 : mm->key_len),
                           mm->key, kind_names[kind], exp);
    }
    /* the type, or the ref */
    if (m[KEY_REF]) {
        for (i = 0; i < def->len; i++) {
            const gcx_json_member *mm = &def->u.members[i];
            seg s = {at, mm->key, mm->key_len, 0};

            k = key_index(mm->key, mm->key_len);
            if (k != KEY_REF && k != KEY_DOC && k != KEY_REQUIRED &&
                k != KEY_RULES)
                return cx_fail_key(c, mm->value, &s, "\"%s\" cannot be "
                                   "combined with \"ref\" (a ref takes "
                                   "only doc, required and rules)",
                                   key_names[k]);
        }
        {
            seg s = {at, "ref", 3, 0};

            st = resolve_ref(c, m[KEY_REF]->value, &s, &ref);
            if (st)
                return st;
        }
    } else if (m[KEY_TYPE]) {
        const gcx_json *v = m[KEY_TYPE]->value;
        seg s = {at, "type", 4, 0};
        const char *t;

        st = get_string(c, v, &s, &t);
        if (st)
            return st;
        for (i = 0; i < NTYPES && strcmp(type_names[i], t); i++)
            ;
        if (i == NTYPES)
            return cx_fail(c, v, &s, "unknown type \"%s\" (expected "
                           "string, decimal, integer, boolean, date, "
                           "datetime, object or array)", t);
        type = (gcx_schema_type)i;
    } else if (kind != K_RECORD && kind != K_ENVELOPE) {
        return cx_fail(c, def, at, "expected \"type\" or \"ref\" in %s",
                       kind_names[kind]);
    }

    n = cx_alloc(c, sizeof *n);
    if (!n)
        return cx_nomem(c);
    if (ref) {
        *n = *ref->node;
        n->type_name = ref->name;
        n->required = 0;
        type = n->type;
    } else {
        n->type = type;
    }
    n->name = name;

    /* the other keys, in source order */
    for (i = 0; i < def->len; i++) {
        const gcx_json_member *mm = &def->u.members[i];
        const gcx_json *v = mm->value;
        seg s = {at, mm->key, mm->key_len, 0};
        const char *str;
        const char *const *list;
        size_t nlist;

        k = key_index(mm->key, mm->key_len);
        if (key_types[k] && !(key_types[k] & BIT(type))) {
            static const char *const applies[NKEYS] = {
                [KEY_ENUM] = "string, decimal, date and datetime",
                [KEY_PATTERN] = "string, decimal, date and datetime",
                [KEY_MINLENGTH] = "string, decimal, date and datetime",
                [KEY_MAXLENGTH] = "string, decimal, date and datetime",
                [KEY_FORMAT] = "string", [KEY_SCRIPT] = "string",
                [KEY_MINIMUM] = "integer", [KEY_PROPERTIES] = "object",
                [KEY_MINPROPERTIES] = "object", [KEY_ITEMS] = "array",
                [KEY_MINITEMS] = "array", [KEY_SET] = "array",
            };

            return cx_fail_key(c, v, &s, "\"%s\" does not apply to type %s "
                               "(it applies to %s)", key_names[k],
                               type_names[type], applies[k]);
        }
        st = GCX_OK;
        switch (k) {
        case KEY_DOC:
            st = get_string(c, v, &s, &n->doc);
            break;
        case KEY_REQUIRED:
            st = get_bool(c, v, &s, &n->required);
            break;
        case KEY_ENUM:
            st = get_strings(c, v, &s, 1, &n->enums, &n->nenums);
            break;
        case KEY_PATTERN:
            st = get_string(c, v, &s, &str);
            if (!st)
                st = compile_pattern(c, v, &s, str, &n->pattern_re);
            n->pattern = str;
            break;
        case KEY_MINLENGTH:
            st = get_size(c, v, &s, &n->min_length);
            break;
        case KEY_MAXLENGTH:
            st = get_size(c, v, &s, &n->max_length);
            if (!st && n->max_length == 0)
                st = cx_fail(c, v, &s, "expected a positive integer, "
                             "found 0");
            break;
        case KEY_FORMAT:
            st = get_string(c, v, &s, &n->format);
            for (nlist = 0; !st && nlist < NFORMATS &&
                 strcmp(formats[nlist], n->format); nlist++)
                ;
            if (!st && nlist == NFORMATS)
                st = cx_fail(c, v, &s, "unknown format \"%s\" (expected "
                             "iso3166-alpha3, iso4217, e164, email or "
                             "iban)", n->format);
            break;
        case KEY_SCRIPT:
            st = get_string(c, v, &s, &str);
            if (!st && strcmp(str, "arabic") == 0)
                n->script = GCX_SCHEMA_SCRIPT_ARABIC;
            else if (!st && strcmp(str, "latin") == 0)
                n->script = GCX_SCHEMA_SCRIPT_LATIN;
            else if (!st)
                st = cx_fail(c, v, &s, "unknown script \"%s\" (expected "
                             "arabic or latin)", str);
            break;
        case KEY_MINIMUM:
            st = get_llong(c, v, &s, &n->minimum);
            n->has_minimum = 1;
            break;
        case KEY_PROPERTIES:
            st = compile_props(c, v, &s, &n->props, &n->nprops);
            break;
        case KEY_MINPROPERTIES:
            st = get_size(c, v, &s, &n->min_properties);
            break;
        case KEY_ITEMS:
            st = compile_field(c, v, &s, NULL, K_ITEMS, &n->items);
            break;
        case KEY_MINITEMS:
            st = get_size(c, v, &s, &n->min_items);
            break;
        case KEY_RULES:
            st = get_strings(c, v, &s, 0, &list, &nlist);
            if (!st && ref)
                st = merge_rules(c, n, list, nlist);
            else if (!st) {
                n->rules = list;
                n->nrules = nlist;
            }
            break;
        default:
            break; /* type, ref, set: done before or after */
        }
        if (st)
            return st;
    }
    if (ref) {
        *out = n;
        return GCX_OK;
    }

    /* what needs the whole field */
    if (type == GCX_SCHEMA_OBJECT && !m[KEY_PROPERTIES])
        return cx_fail(c, def, at, "%s needs \"properties\"",
                       kind == K_RECORD ? "a record type" :
                       kind == K_ENVELOPE ? "the envelope" : "an object");
    if (type == GCX_SCHEMA_ARRAY && !m[KEY_ITEMS])
        return cx_fail(c, def, at, "an array needs \"items\"");
    if (n->max_length && n->min_length > n->max_length) {
        seg s = {at, "minLength", 9, 0};

        return cx_fail(c, m[KEY_MINLENGTH]->value, &s, "minLength %zu is "
                       "greater than maxLength %zu", n->min_length,
                       n->max_length);
    }
    if (n->min_properties > n->nprops) {
        seg s = {at, "minProperties", 13, 0};

        return cx_fail(c, m[KEY_MINPROPERTIES]->value, &s, "minProperties "
                       "%zu is more than the %zu properties",
                       n->min_properties, n->nprops);
    }
    if (m[KEY_SET]) {
        seg s = {at, "set", 3, 0};

        st = compile_set(c, n, m[KEY_SET]->value, &s);
        if (st)
            return st;
    }
    *out = n;
    return GCX_OK;
}

/* ----------------------------------------------------------- the root */

/* compile_record: record type m (a member of "records"). */
static gcx_status compile_record(cx *c, const gcx_json_member *m,
                                 const seg *at, gcx_schema_node **out)
{
    gcx_schema_node *n, **props;
    const gcx_json *own;
    size_t i, j;
    gcx_status st;

    st = check_name(c, m, at, "record type");
    if (st)
        return st;
    if (strcmp(m->key, "records") == 0)
        return cx_fail_key(c, m->value, at, "a record type cannot be "
                           "named \"records\" (the canonical XML document "
                           "element)");
    if (find_type(c->s, m->key))
        return cx_fail_key(c, m->value, at, "record type \"%s\" has the "
                           "name of a type under /types (expected distinct "
                           "names: both become schema definitions)",
                           m->key);
    st = compile_field(c, m->value, at, NULL, K_RECORD, &n);
    if (st)
        return st;
    own = gcx_json_object_get(m->value, "properties");
    for (i = 0; i < n->nprops; i++)
        for (j = 0; j < c->nenvelope; j++)
            if (strcmp(n->props[i]->name, c->envelope[j]->name) == 0) {
                seg p = {at, "properties", 10, 0};
                seg s = {&p, n->props[i]->name,
                         strlen(n->props[i]->name), 0};

                return cx_fail_key(c, own->u.members[i].value, &s,
                                   "property \"%s\" is already defined by "
                                   "the envelope", n->props[i]->name);
            }
    props = cx_alloc(c, (c->nenvelope + n->nprops) * sizeof *props);
    if (!props)
        return cx_nomem(c);
    if (c->nenvelope)
        memcpy(props, c->envelope, c->nenvelope * sizeof *props);
    if (n->nprops)
        memcpy(props + c->nenvelope, n->props, n->nprops * sizeof *props);
    n->props = props;
    n->nprops += c->nenvelope;
    *out = n;
    return GCX_OK;
}

static gcx_status compile_root(cx *c, const gcx_json *root)
{
    gcx_schema *s = c->s;
    const gcx_json *types, *env, *recs;
    size_t i;
    gcx_status st;

    if (root->type != GCX_JSON_OBJECT)
        return cx_fail(c, root, NULL, "expected an object (the schema "
                       "definition), found %s", json_kind(root));
    for (i = 0; i < root->len; i++) {
        const gcx_json_member *m = &root->u.members[i];
        seg sg = {NULL, m->key, m->key_len, 0};
        size_t k;

        for (k = 0; k < NROOTKEYS; k++)
            if (strlen(root_keys[k]) == m->key_len &&
                memcmp(root_keys[k], m->key, m->key_len) == 0)
                break;
        if (k == NROOTKEYS)
            return cx_fail_key(c, m->value, &sg, "unknown key \"%.*s\" in "
                               "the definition (expected name, version, "
                               "namespace, doc, types, envelope or "
                               "records)",
                               (int)(m->key_len > 80 ? 80 : m->key_len),
                               m->key);
    }
    {
        static const char *const need[] = {"name", "version", "namespace",
                                           "records"};

        for (i = 0; i < 4; i++)
            if (!gcx_json_object_get(root, need[i]))
                return cx_fail(c, root, NULL, "missing \"%s\" in the "
                               "definition (expected name, version, "
                               "namespace and records)", need[i]);
    }
    for (i = 0; i < root->len; i++) {
        const gcx_json_member *m = &root->u.members[i];
        seg sg = {NULL, m->key, m->key_len, 0};
        const char **dst = NULL;

        if (strcmp(m->key, "name") == 0)
            dst = &s->name;
        else if (strcmp(m->key, "version") == 0)
            dst = &s->version;
        else if (strcmp(m->key, "namespace") == 0)
            dst = &s->ns;
        else if (strcmp(m->key, "doc") == 0)
            dst = &s->doc;
        if (!dst)
            continue;
        st = get_string(c, m->value, &sg, dst);
        if (st)
            return st;
        if (!**dst && dst != &s->doc)
            return cx_fail(c, m->value, &sg, "expected a non-empty "
                           "string");
    }

    /* named types, compiled in order (refs compile theirs first) */
    types = gcx_json_object_get(root, "types");
    if (types) {
        seg sg = {NULL, "types", 5, 0};

        if (types->type != GCX_JSON_OBJECT)
            return cx_fail(c, types, &sg, "expected an object of named "
                           "types, found %s", json_kind(types));
        s->types = cx_alloc(c, types->len * sizeof *s->types);
        c->stack = cx_alloc(c, types->len * sizeof *c->stack);
        if (!s->types || !c->stack)
            return cx_nomem(c);
        for (i = 0; i < types->len; i++) {
            const gcx_json_member *m = &types->u.members[i];
            seg st1 = {&sg, m->key, m->key_len, 0};

            st = check_name(c, m, &st1, "type");
            if (st)
                return st;
            s->types[i].name = m->key;
            s->types[i].def = m->value;
        }
        s->ntypes = types->len;
        for (i = 0; i < s->ntypes; i++)
            if (s->types[i].state == 0) {
                st = compile_named(c, &s->types[i]);
                if (st)
                    return st;
            }
    }

    env = gcx_json_object_get(root, "envelope");
    if (env) {
        seg sg = {NULL, "envelope", 8, 0};
        gcx_schema_node *n;

        st = compile_field(c, env, &sg, NULL, K_ENVELOPE, &n);
        if (st)
            return st;
        c->envelope = n->props;
        c->nenvelope = n->nprops;
        s->nenvelope = n->nprops;
    }

    recs = gcx_json_object_get(root, "records");
    {
        seg sg = {NULL, "records", 7, 0};

        if (recs->type != GCX_JSON_OBJECT || recs->len == 0)
            return cx_fail(c, recs, &sg, "expected a non-empty object of "
                           "record types, found %s",
                           recs->type == GCX_JSON_OBJECT ? "an empty object"
                                                         : json_kind(recs));
        s->records = cx_alloc(c, recs->len * sizeof *s->records);
        s->record_names = cx_alloc(c, recs->len * sizeof *s->record_names);
        if (!s->records || !s->record_names)
            return cx_nomem(c);
        for (i = 0; i < recs->len; i++) {
            const gcx_json_member *m = &recs->u.members[i];
            seg sr = {&sg, m->key, m->key_len, 0};

            st = compile_record(c, m, &sr, &s->records[i]);
            if (st)
                return st;
            s->record_names[i] = m->key;
            s->nrecords = i + 1;
        }
    }
    return GCX_OK;
}

/* read_file: the whole of path into b (at most SCHEMA_MAX_BYTES). */
static gcx_status read_file(const char *path, gcx_buf *b, gcx_error *err)
{
    gcx_input *in = NULL;
    gcx_status st;
    size_t got;

    st = gcx_input_open(&in, path, err);
    while (!st) {
        /* b's maximum leaves room for one read past SCHEMA_MAX_BYTES */
        st = gcx_buf_reserve(b, 65536);
        if (st) {
            gcx_error_clear(err);
            gcx_error_at(err, path, 0, 0);
            gcx_error_set(err, st, "out of memory loading the schema");
            break;
        }
        st = gcx_input_read(in, b->data + b->len, b->cap - b->len - 1,
                            &got, err);
        if (st || got == 0)
            break;
        b->len += got;
        b->data[b->len] = '\0';
        if (b->len > SCHEMA_MAX_BYTES) {
            gcx_error_clear(err);
            gcx_error_at(err, path, 0, 0);
            st = gcx_error_set(err, GCX_E_LIMIT, "definition larger than "
                               "%zu bytes", SCHEMA_MAX_BYTES);
        }
    }
    gcx_input_close(in);
    return st;
}

const char *gcx_schema_default_path(void)
{
    static char path[4096];
    const char *dir = getenv("GCX_DATA_DIR");

    if (!dir || !*dir)
        return GCX_DATADIR SCHEMA_FILE;
    snprintf(path, sizeof path, "%s%s", dir, SCHEMA_FILE);
    return path;
}

gcx_status gcx_schema_load(gcx_schema **out, const char *path,
                           gcx_error *err)
{
    gcx_schema *s;
    gcx_buf text;
    gcx_json *root = NULL;
    gcx_status st;
    cx c;

    *out = NULL;
    if (!path)
        path = gcx_schema_default_path();
    gcx_buf_init(&text, SCHEMA_MAX_BYTES + 65536 + 1);
    s = gcx_calloc(1, sizeof *s);
    if (s)
        s->arena = gcx_arena_new();
    if (s && s->arena)
        s->file = gcx_arena_alloc(s->arena, strlen(path) + 1);
    if (!s || !s->arena || !s->file) {
        gcx_schema_free(s);
        gcx_error_clear(err);
        gcx_error_at(err, path, 0, 0);
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory loading the "
                             "schema");
    }
    memcpy((char *)s->file, path, strlen(path) + 1);
    st = read_file(path, &text, err);
    if (!st) {
        st = gcx_json_parse(text.data ? text.data : "", text.len, path,
                            NULL, s->arena, &root, err);
        if (st == GCX_E_INVALID) {
            st = GCX_E_CONFIG;
            if (err)
                err->code = st;
        }
    }
    if (!st) {
        memset(&c, 0, sizeof c);
        c.s = s;
        c.text = text.data;
        c.len = text.len;
        c.err = err;
        st = compile_root(&c, root);
    }
    gcx_buf_free(&text);
    if (st) {
        gcx_schema_free(s);
        return st;
    }
    *out = s;
    return GCX_OK;
}

void gcx_schema_free(gcx_schema *s)
{
    re_entry *e;

    if (!s)
        return;
    for (e = s->res; e; e = e->next)
        regfree(&e->re);
    gcx_arena_free(s->arena);
    gcx_free(s);
}

const char *gcx_schema_name(const gcx_schema *s)
{
    return s->name;
}

const char *gcx_schema_version(const gcx_schema *s)
{
    return s->version;
}

const char *gcx_schema_namespace(const gcx_schema *s)
{
    return s->ns;
}

const gcx_schema_node *gcx_schema_record(const gcx_schema *s,
                                         const char *record_type)
{
    size_t i;

    if (!record_type)
        return NULL;
    for (i = 0; i < s->nrecords; i++)
        if (strcmp(s->record_names[i], record_type) == 0)
            return s->records[i];
    return NULL;
}

const char *const *gcx_schema_record_types(const gcx_schema *s, size_t *n)
{
    *n = s->nrecords;
    return s->record_names;
}

const gcx_schema_node *gcx_schema_prop(const gcx_schema_node *obj,
                                       const char *name, size_t len)
{
    size_t i;

    if (!obj || obj->type != GCX_SCHEMA_OBJECT)
        return NULL;
    for (i = 0; i < obj->nprops; i++)
        if (strlen(obj->props[i]->name) == len &&
            memcmp(obj->props[i]->name, name, len) == 0)
            return obj->props[i];
    return NULL;
}

/* ========================================================== generators */

/* Shared state of a generator: output and a sticky status. */
typedef struct gen {
    const gcx_schema *s;
    gcx_buf *out;
    gcx_buf extra;              /* XSD: helper types, written last */
    gcx_buf scratch;
    gcx_status st;
} gen;

static void gen_init(gen *g, const gcx_schema *s, gcx_buf *out)
{
    memset(g, 0, sizeof *g);
    g->s = s;
    g->out = out;
    gcx_buf_init(&g->extra, 0);
    gcx_buf_init(&g->scratch, 0);
}

/* gen_finish: release g; on failure put out back as it was. */
static gcx_status gen_finish(gen *g, size_t start, const char *what,
                             gcx_error *err)
{
    gcx_buf_free(&g->extra);
    gcx_buf_free(&g->scratch);
    if (!g->st)
        return GCX_OK;
    if (g->out->data) {
        g->out->len = start;
        g->out->data[start] = '\0';
    }
    gcx_error_clear(err);
    if (g->st == GCX_E_NOMEM)
        return gcx_error_set(err, g->st, "out of memory writing the %s",
                             what);
    if (g->st == GCX_E_LIMIT)
        return gcx_error_set(err, g->st, "the %s does not fit in the "
                             "output buffer", what);
    return gcx_error_set(err, g->st, "cannot write the %s", what);
}

static void g_puts(gen *g, const char *s)
{
    if (!g->st)
        g->st = gcx_buf_puts(g->out, s);
}

static void g_printf(gen *g, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void g_printf(gen *g, const char *fmt, ...)
{
    va_list ap;
    char small[256];
    int n;

    if (g->st)
        return;
    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        g->st = GCX_E_INTERNAL;
    } else if ((size_t)n < sizeof small) {
        g->st = gcx_buf_append(g->out, small, (size_t)n);
    } else {
        g->st = gcx_buf_reserve(g->out, (size_t)n);
        if (!g->st) {
            va_start(ap, fmt);
            vsnprintf(g->out->data + g->out->len, (size_t)n + 1, fmt, ap);
            va_end(ap);
            g->out->len += (size_t)n;
        }
    }
}

static void g_indent(gen *g, int depth)
{
    int i;

    for (i = 0; i < depth; i++)
        g_puts(g, "  ");
}

/* named_node: the compiled node of the named type called name. */
static const gcx_schema_node *named_node(const gcx_schema *s,
                                         const char *name)
{
    const named_type *t = find_type(s, name);

    return t ? t->node : NULL;
}

/* own_doc: the doc n adds to its named type (NULL: none, or the same). */
static const char *own_doc(const gcx_schema *s, const gcx_schema_node *n)
{
    const gcx_schema_node *t;

    if (!n->type_name)
        return n->doc;
    t = named_node(s, n->type_name);
    return t && t->doc == n->doc ? NULL : n->doc;
}

/* own_rules: the rules n adds to its named type's (*nr of them). */
static const char *const *own_rules(const gcx_schema *s,
                                    const gcx_schema_node *n, size_t *nr)
{
    const gcx_schema_node *t;

    *nr = n->nrules;
    if (!n->type_name)
        return n->rules;
    t = named_node(s, n->type_name);
    if (!t || t->nrules > n->nrules) {
        *nr = 0;
        return NULL;
    }
    *nr = n->nrules - t->nrules;
    return n->rules + t->nrules;
}

/* ------------------------------------------------------- JSON Schema */

/* js_comment: the "$comment" of n: what JSON Schema cannot say (formats
 * other than email, script, rules, set keys), or nothing. */
static void js_comment(gen *g, gcx_jw *w, const gcx_schema_node *n,
                       int as_use)
{
    gcx_buf *b = &g->scratch;
    const char *const *rules;
    size_t nrules, i, start;
    gcx_status st = GCX_OK;

    gcx_buf_reset(b);
    st = gcx_buf_puts(b, "gcx:");
    start = b->len;
    if (!as_use && n->format && strcmp(n->format, "email") != 0)
        st = st ? st : gcx_buf_printf(b, "%s format %s",
                                      b->len > start ? ";" : "", n->format);
    if (!as_use && n->script)
        st = st ? st : gcx_buf_printf(b, "%s script %s",
                                      b->len > start ? ";" : "",
                                      n->script == GCX_SCHEMA_SCRIPT_ARABIC
                                          ? "arabic" : "latin");
    rules = as_use ? own_rules(g->s, n, &nrules) : n->rules;
    if (!as_use)
        nrules = n->nrules;
    for (i = 0; i < nrules; i++)
        st = st ? st : gcx_buf_printf(b, "%s%s", i ? ", " :
                                      b->len > start ? "; rules " : " rules ",
                                      rules[i]);
    if (!as_use && n->type == GCX_SCHEMA_ARRAY && n->is_set) {
        if (n->nset_keys)
            st = st ? st : gcx_buf_printf(b, "%s set keyed by",
                                          b->len > start ? ";" : "");
        else
            st = st ? st : gcx_buf_printf(b, "%s set",
                                          b->len > start ? ";" : "");
        for (i = 0; i < n->nset_keys; i++)
            st = st ? st : gcx_buf_printf(b, "%s %s", i ? "," : "",
                                          n->set_keys[i]);
    }
    if (st) {
        g->st = st;
        return;
    }
    if (b->len > start) {
        gcx_jw_key(w, "$comment", 8);
        gcx_jw_string(w, b->data, b->len);
    }
}

static void js_str(gcx_jw *w, const char *key, const char *val)
{
    gcx_jw_key(w, key, strlen(key));
    gcx_jw_string(w, val, strlen(val));
}

static void js_num(gcx_jw *w, const char *key, long long val)
{
    char num[32];

    gcx_jw_key(w, key, strlen(key));
    snprintf(num, sizeof num, "%lld", val);
    gcx_jw_number(w, num, strlen(num));
}

/* js_anchored: key: "^(p)$". */
static void js_anchored(gen *g, gcx_jw *w, const char *key, const char *p)
{
    gcx_buf *b = &g->scratch;
    gcx_status st;

    gcx_buf_reset(b);
    st = gcx_buf_printf(b, "^(%s)$", p);
    if (st) {
        g->st = st;
        return;
    }
    gcx_jw_key(w, key, strlen(key));
    gcx_jw_string(w, b->data, b->len);
}

static void js_schema(gen *g, gcx_jw *w, const gcx_schema_node *n,
                      int as_def, const char *record);

/* js_object: the members of an object schema; record: the record type
 * (its recordType becomes a const), or NULL. */
static void js_object(gen *g, gcx_jw *w, const gcx_schema_node *n,
                      const char *record)
{
    size_t i, nreq = 0;
    int has_rt = 0;

    js_str(w, "type", "object");
    gcx_jw_key(w, "properties", 10);
    gcx_jw_begin_object(w);
    if (record) {
        for (i = 0; i < n->nprops; i++)
            has_rt |= strcmp(n->props[i]->name, "recordType") == 0;
        if (!has_rt) {
            gcx_jw_key(w, "recordType", 10);
            gcx_jw_begin_object(w);
            js_str(w, "const", record);
            gcx_jw_end_object(w);
        }
    }
    for (i = 0; i < n->nprops; i++) {
        const char *name = n->props[i]->name;

        gcx_jw_key(w, name, strlen(name));
        if (record && strcmp(name, "recordType") == 0) {
            gcx_jw_begin_object(w);
            js_str(w, "const", record);
            gcx_jw_end_object(w);
        } else {
            js_schema(g, w, n->props[i], 0, NULL);
        }
    }
    gcx_jw_end_object(w);
    for (i = 0; i < n->nprops; i++)
        nreq += n->props[i]->required != 0;
    if (nreq || record) {
        gcx_jw_key(w, "required", 8);
        gcx_jw_begin_array(w);
        if (record && !has_rt)
            gcx_jw_string(w, "recordType", 10);
        for (i = 0; i < n->nprops; i++)
            if (n->props[i]->required ||
                (record && strcmp(n->props[i]->name, "recordType") == 0))
                gcx_jw_string(w, n->props[i]->name,
                              strlen(n->props[i]->name));
        gcx_jw_end_array(w);
    }
    if (n->min_properties)
        js_num(w, "minProperties", (long long)n->min_properties);
    gcx_jw_key(w, "additionalProperties", 20);
    gcx_jw_bool(w, 0);
}

/* js_schema: the schema of n: a $ref to its named type unless as_def. */
static void js_schema(gen *g, gcx_jw *w, const gcx_schema_node *n,
                      int as_def, const char *record)
{
    const char *type_re = NULL;
    size_t i;

    gcx_jw_begin_object(w);
    if (!as_def && n->type_name) {
        char ref[16 + NAME_MAX_BYTES];
        const char *doc = own_doc(g->s, n);

        snprintf(ref, sizeof ref, "#/$defs/%s", n->type_name);
        js_str(w, "$ref", ref);
        if (doc)
            js_str(w, "description", doc);
        js_comment(g, w, n, 1);
        gcx_jw_end_object(w);
        return;
    }
    if (n->doc)
        js_str(w, "description", n->doc);
    js_comment(g, w, n, 0);
    switch (n->type) {
    case GCX_SCHEMA_OBJECT:
        js_object(g, w, n, record);
        break;
    case GCX_SCHEMA_ARRAY:
        js_str(w, "type", "array");
        gcx_jw_key(w, "items", 5);
        js_schema(g, w, n->items, 0, NULL);
        if (n->min_items)
            js_num(w, "minItems", (long long)n->min_items);
        if (n->is_set && n->nset_keys == 0) {
            gcx_jw_key(w, "uniqueItems", 11);
            gcx_jw_bool(w, 1);
        }
        break;
    case GCX_SCHEMA_INTEGER:
        js_str(w, "type", "integer");
        if (n->has_minimum)
            js_num(w, "minimum", n->minimum);
        break;
    case GCX_SCHEMA_BOOLEAN:
        js_str(w, "type", "boolean");
        break;
    default: /* the string types */
        type_re = n->type == GCX_SCHEMA_DECIMAL ? DECIMAL_RE :
                  n->type == GCX_SCHEMA_DATE ? DATE_RE :
                  n->type == GCX_SCHEMA_DATETIME ? DATETIME_RE : NULL;
        js_str(w, "type", "string");
        if (n->nenums) {
            gcx_jw_key(w, "enum", 4);
            gcx_jw_begin_array(w);
            for (i = 0; i < n->nenums; i++)
                gcx_jw_string(w, n->enums[i], strlen(n->enums[i]));
            gcx_jw_end_array(w);
        }
        if (type_re || n->pattern)
            js_anchored(g, w, "pattern", type_re ? type_re : n->pattern);
        if (n->type == GCX_SCHEMA_DATE)
            js_str(w, "format", "date");
        else if (n->type == GCX_SCHEMA_DATETIME)
            js_str(w, "format", "date-time");
        else if (n->format && strcmp(n->format, "email") == 0)
            js_str(w, "format", "email");
        if (n->min_length)
            js_num(w, "minLength", (long long)n->min_length);
        if (n->max_length)
            js_num(w, "maxLength", (long long)n->max_length);
        if (type_re && n->pattern) {
            /* one "pattern" per schema: the definition's goes in allOf */
            gcx_jw_key(w, "allOf", 5);
            gcx_jw_begin_array(w);
            gcx_jw_begin_object(w);
            js_str(w, "type", "string");
            js_anchored(g, w, "pattern", n->pattern);
            gcx_jw_end_object(w);
            gcx_jw_end_array(w);
        }
    }
    gcx_jw_end_object(w);
}

gcx_status gcx_schema_write_json_schema(const gcx_schema *s, gcx_buf *out,
                                        gcx_error *err)
{
    gen g;
    gcx_jw w;
    size_t i, start = out->len;
    char ref[16 + NAME_MAX_BYTES];

    gen_init(&g, s, out);
    gcx_jw_init(&w, out, 1);
    gcx_jw_begin_object(&w);
    js_str(&w, "$schema", "https://json-schema.org/draft/2020-12/schema");
    g.st = gcx_buf_printf(&g.scratch, "%s:json-schema", s->ns);
    if (!g.st) {
        gcx_jw_key(&w, "$id", 3);
        gcx_jw_string(&w, g.scratch.data, g.scratch.len);
        gcx_buf_reset(&g.scratch);
        g.st = gcx_buf_printf(&g.scratch, "%s %s", s->name, s->version);
    }
    if (!g.st) {
        gcx_jw_key(&w, "title", 5);
        gcx_jw_string(&w, g.scratch.data, g.scratch.len);
    }
    if (s->doc)
        js_str(&w, "description", s->doc);
    js_str(&w, "$comment", "Generated by gcx-schema --json-schema from "
           "the canonical schema definition; do not edit.");
    gcx_jw_key(&w, "oneOf", 5);
    gcx_jw_begin_array(&w);
    for (i = 0; i < s->nrecords; i++) {
        gcx_jw_begin_object(&w);
        snprintf(ref, sizeof ref, "#/$defs/%s", s->record_names[i]);
        js_str(&w, "$ref", ref);
        gcx_jw_end_object(&w);
    }
    gcx_jw_end_array(&w);
    gcx_jw_key(&w, "$defs", 5);
    gcx_jw_begin_object(&w);
    for (i = 0; i < s->ntypes; i++) {
        gcx_jw_key(&w, s->types[i].name, strlen(s->types[i].name));
        js_schema(&g, &w, s->types[i].node, 1, NULL);
    }
    for (i = 0; i < s->nrecords; i++) {
        gcx_jw_key(&w, s->record_names[i], strlen(s->record_names[i]));
        js_schema(&g, &w, s->records[i], 1, s->record_names[i]);
    }
    gcx_jw_end_object(&w);
    gcx_jw_end_object(&w);
    if (!g.st)
        g.st = w.status;
    if (!g.st)
        g.st = gcx_buf_putc(out, '\n');
    return gen_finish(&g, start, "JSON Schema", err);
}

/* ---------------------------------------------------------------- XSD */

/* x_text: s escaped for XML text and attribute values. */
static void x_text(gen *g, const char *s)
{
    const char *run = s;

    for (; !g->st; s++) {
        const char *rep = NULL;

        switch (*s) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\0':
            break;
        default:
            continue;
        }
        if (s > run)
            g->st = gcx_buf_append(g->out, run, (size_t)(s - run));
        if (!*s)
            break;
        g_puts(g, rep);
        run = s + 1;
    }
}

static void x_doc(gen *g, const char *doc, int depth)
{
    if (!doc)
        return;
    g_indent(g, depth);
    g_puts(g, "<xs:annotation>\n");
    g_indent(g, depth + 1);
    g_puts(g, "<xs:documentation>");
    x_text(g, doc);
    g_puts(g, "</xs:documentation>\n");
    g_indent(g, depth);
    g_puts(g, "</xs:annotation>\n");
}

static void x_facet(gen *g, int depth, const char *facet, const char *value)
{
    g_indent(g, depth);
    g_printf(g, "<xs:%s value=\"", facet);
    x_text(g, value);
    g_puts(g, "\"/>\n");
}

static void x_facet_num(gen *g, int depth, const char *facet,
                        long long value)
{
    char num[32];

    snprintf(num, sizeof num, "%lld", value);
    x_facet(g, depth, facet, num);
}

/* type_re: the pattern every value of n's type has, or NULL. */
static const char *type_re(const gcx_schema_node *n)
{
    switch (n->type) {
    case GCX_SCHEMA_DECIMAL:
        return DECIMAL_RE;
    case GCX_SCHEMA_INTEGER:
        return INTEGER_RE;
    case GCX_SCHEMA_BOOLEAN:
        return BOOLEAN_RE;
    case GCX_SCHEMA_DATE:
        return DATE_RE;
    case GCX_SCHEMA_DATETIME:
        return DATETIME_RE;
    default:
        return NULL;
    }
}

/* x_restriction: the xs:restriction of a scalar node. Patterns of one
 * restriction step are alternatives in XSD, so a definition pattern on
 * top of a type pattern gets a step of its own. */
static void x_restriction(gen *g, const gcx_schema_node *n, int depth)
{
    const char *tre = type_re(n);
    const char *base = n->type == GCX_SCHEMA_INTEGER ? "xs:integer" :
                       n->type == GCX_SCHEMA_BOOLEAN ? "xs:boolean" :
                       "xs:string";
    size_t i;

    g_indent(g, depth);
    if (tre && n->pattern) {
        g_puts(g, "<xs:restriction>\n");
        g_indent(g, depth + 1);
        g_puts(g, "<xs:simpleType>\n");
        g_indent(g, depth + 2);
        g_printf(g, "<xs:restriction base=\"%s\">\n", base);
        x_facet(g, depth + 3, "pattern", tre);
        g_indent(g, depth + 2);
        g_puts(g, "</xs:restriction>\n");
        g_indent(g, depth + 1);
        g_puts(g, "</xs:simpleType>\n");
    } else {
        g_printf(g, "<xs:restriction base=\"%s\">\n", base);
        if (tre)
            x_facet(g, depth + 1, "pattern", tre);
    }
    for (i = 0; i < n->nenums; i++)
        x_facet(g, depth + 1, "enumeration", n->enums[i]);
    if (n->pattern)
        x_facet(g, depth + 1, "pattern", n->pattern);
    if (n->min_length)
        x_facet_num(g, depth + 1, "minLength", (long long)n->min_length);
    if (n->max_length)
        x_facet_num(g, depth + 1, "maxLength", (long long)n->max_length);
    if (n->has_minimum)
        x_facet_num(g, depth + 1, "minInclusive", n->minimum);
    g_indent(g, depth);
    g_puts(g, "</xs:restriction>\n");
}

/* x_type_attr: the type="" of an element of node n, or NULL when it
 * needs a type of its own. */
static const char *x_type_attr(const gcx_schema_node *n)
{
    if (n->type_name)
        return n->type_name;
    if (n->type == GCX_SCHEMA_STRING && !n->nenums && !n->pattern &&
        !n->min_length && !n->max_length)
        return "xs:string";
    return NULL;
}

/* x_name: "owner.name" into out; GCX_E_LIMIT when it does not fit. */
static void x_name(gen *g, char *out, const char *owner, const char *name)
{
    int n = snprintf(out, XSD_NAME_MAX, "%s.%s", owner, name);

    if ((n < 0 || n >= XSD_NAME_MAX) && !g->st)
        g->st = GCX_E_LIMIT;
}

static void x_type(gen *g, const gcx_schema_node *n, const char *tname,
                   const char *owner, const char *doc, int depth,
                   const char *record);

/* x_element: an element declaration for node n. tref: its type name
 * (NULL: the usual one, or an anonymous type). owner: the name of the
 * type being defined, which names nested helper types. */
static void x_element(gen *g, const gcx_schema_node *n, const char *name,
                      const char *tref, size_t min, int unbounded,
                      const char *owner, int depth)
{
    const char *doc = own_doc(g->s, n);

    if (!tref)
        tref = x_type_attr(n);
    g_indent(g, depth);
    g_printf(g, "<xs:element name=\"%s\"", name);
    if (tref)
        g_printf(g, " type=\"%s\"", tref);
    if (min != 1)
        g_printf(g, " minOccurs=\"%zu\"", min);
    if (unbounded)
        g_puts(g, " maxOccurs=\"unbounded\"");
    if (tref && !doc) {
        g_puts(g, "/>\n");
        return;
    }
    g_puts(g, ">\n");
    x_doc(g, doc, depth + 1);
    if (!tref) {
        char sub[XSD_NAME_MAX];

        x_name(g, sub, owner, name);
        if (!g->st)
            x_type(g, n, NULL, sub, NULL, depth + 1, NULL);
    }
    g_indent(g, depth);
    g_puts(g, "</xs:element>\n");
}

/* x_helper: a top-level type called name for node n, written to the
 * helper types (the end of the schema). */
static void x_helper(gen *g, const gcx_schema_node *n, const char *name)
{
    gcx_buf *save = g->out, tmp;

    gcx_buf_init(&tmp, 0);
    g->out = &tmp;
    x_type(g, n, name, name, NULL, 1, NULL);
    g->out = save;
    if (!g->st && tmp.len)
        g->st = gcx_buf_append(&g->extra, tmp.data, tmp.len);
    gcx_buf_free(&tmp);
}

/* x_object: the content model of an object. With minProperties 1 and
 * no required member, "at least one" is a choice of sequences, the ith
 * starting with a required member i. An element name then appears in
 * several branches, and XSD wants one type for it (Element Declarations
 * Consistent), so members without a named type get a helper type. */
static void x_object(gen *g, const gcx_schema_node *n, const char *owner,
                     int depth, const char *record)
{
    const gcx_schema_node **p;
    char (*names)[XSD_NAME_MAX] = NULL;
    size_t i, j, count = 0, nreq = 0;

    p = gcx_malloc((n->nprops ? n->nprops : 1) * sizeof *p);
    if (!p) {
        g->st = g->st ? g->st : GCX_E_NOMEM;
        return;
    }
    for (i = 0; i < n->nprops; i++) {
        if (record && strcmp(n->props[i]->name, "recordType") == 0)
            continue; /* the element name says it */
        p[count++] = n->props[i];
        nreq += n->props[i]->required != 0;
    }
    g_indent(g, depth);
    if (count == 0) {
        g_puts(g, "<xs:sequence/>\n");
    } else if (n->min_properties == 1 && nreq == 0 && count > 1) {
        names = gcx_calloc(count, sizeof *names);
        if (!names)
            g->st = g->st ? g->st : GCX_E_NOMEM;
        for (i = 0; names && i < count && !g->st; i++) {
            const char *t = x_type_attr(p[i]);

            if (t) {
                snprintf(names[i], sizeof names[i], "%s", t);
            } else {
                x_name(g, names[i], owner, p[i]->name);
                if (!g->st)
                    x_helper(g, p[i], names[i]);
            }
        }
        g_puts(g, "<xs:choice>\n");
        for (i = 0; names && i < count; i++) {
            g_indent(g, depth + 1);
            g_puts(g, "<xs:sequence>\n");
            for (j = i; j < count; j++)
                x_element(g, p[j], p[j]->name, names[j], j == i, 0, owner,
                          depth + 2);
            g_indent(g, depth + 1);
            g_puts(g, "</xs:sequence>\n");
        }
        g_indent(g, depth);
        g_puts(g, "</xs:choice>\n");
    } else {
        g_puts(g, "<xs:sequence>\n");
        for (i = 0; i < count; i++)
            x_element(g, p[i], p[i]->name, NULL,
                      p[i]->required || (n->min_properties && count == 1),
                      0, owner, depth + 1);
        g_indent(g, depth);
        g_puts(g, "</xs:sequence>\n");
    }
    gcx_free(names);
    gcx_free(p);
}

/* x_type: a complexType or simpleType for n; tname NULL: anonymous. */
static void x_type(gen *g, const gcx_schema_node *n, const char *tname,
                   const char *owner, const char *doc, int depth,
                   const char *record)
{
    int complex = n->type == GCX_SCHEMA_OBJECT ||
                  n->type == GCX_SCHEMA_ARRAY;
    const char *kind = complex ? "complexType" : "simpleType";

    g_indent(g, depth);
    g_printf(g, "<xs:%s", kind);
    if (tname)
        g_printf(g, " name=\"%s\"", tname);
    g_puts(g, ">\n");
    x_doc(g, doc, depth + 1);
    if (n->type == GCX_SCHEMA_OBJECT) {
        x_object(g, n, owner, depth + 1, record);
    } else if (n->type == GCX_SCHEMA_ARRAY) {
        g_indent(g, depth + 1);
        g_puts(g, "<xs:sequence>\n");
        x_element(g, n->items, "item", NULL, n->min_items, 1, owner,
                  depth + 2);
        g_indent(g, depth + 1);
        g_puts(g, "</xs:sequence>\n");
    } else {
        x_restriction(g, n, depth + 1);
    }
    g_indent(g, depth);
    g_printf(g, "</xs:%s>\n", kind);
}

gcx_status gcx_schema_write_xsd(const gcx_schema *s, gcx_buf *out,
                                gcx_error *err)
{
    gen g;
    size_t i, start = out->len;

    gen_init(&g, s, out);
    g_puts(&g, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<!-- Generated by gcx-schema from the canonical schema "
               "definition; do not edit. -->\n"
               "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\""
               "\n           xmlns=\"");
    x_text(&g, s->ns);
    g_puts(&g, "\"\n           targetNamespace=\"");
    x_text(&g, s->ns);
    g_puts(&g, "\"\n           elementFormDefault=\"qualified\" "
               "version=\"");
    x_text(&g, s->version);
    g_puts(&g, "\">\n");
    x_doc(&g, s->doc, 1);
    g_puts(&g, "  <xs:element name=\"records\">\n"
               "    <xs:complexType>\n"
               "      <xs:choice minOccurs=\"0\" maxOccurs=\"unbounded\">"
               "\n");
    for (i = 0; i < s->nrecords; i++)
        g_printf(&g, "        <xs:element ref=\"%s\"/>\n",
                 s->record_names[i]);
    g_puts(&g, "      </xs:choice>\n"
               "    </xs:complexType>\n"
               "  </xs:element>\n");
    for (i = 0; i < s->nrecords; i++)
        g_printf(&g, "  <xs:element name=\"%s\" type=\"%s\"/>\n",
                 s->record_names[i], s->record_names[i]);
    for (i = 0; i < s->nrecords; i++)
        x_type(&g, s->records[i], s->record_names[i], s->record_names[i],
               s->records[i]->doc, 1, s->record_names[i]);
    for (i = 0; i < s->ntypes; i++)
        x_type(&g, s->types[i].node, s->types[i].name, s->types[i].name,
               s->types[i].node->doc, 1, NULL);
    if (!g.st && g.extra.len)
        g.st = gcx_buf_append(out, g.extra.data, g.extra.len);
    g_puts(&g, "</xs:schema>\n");
    return gen_finish(&g, start, "XSD", err);
}

/* ----------------------------------------------------------- Markdown */

/* md_text: s for a table cell or paragraph: | escaped, < as &lt;. */
static void md_text(gen *g, const char *s)
{
    const char *run = s;

    for (; !g->st; s++) {
        const char *rep = NULL;

        if (*s == '|')
            rep = "\\|";
        else if (*s == '<')
            rep = "&lt;";
        else if (*s)
            continue;
        if (s > run)
            g->st = gcx_buf_append(g->out, run, (size_t)(s - run));
        if (!*s)
            break;
        g_puts(g, rep);
        run = s + 1;
    }
}

/* md_code: s as a code span in a table cell (| still needs \ there). */
static void md_code(gen *g, const char *s)
{
    const char *fence = strchr(s, '`') ? "`` " : "`";
    const char *run = s;

    g_puts(g, fence);
    for (; !g->st; s++) {
        if (*s && *s != '|')
            continue;
        if (s > run)
            g->st = gcx_buf_append(g->out, run, (size_t)(s - run));
        if (!*s)
            break;
        g_puts(g, "\\|");
        run = s + 1;
    }
    g_puts(g, strchr(fence, ' ') ? " ``" : "`");
}

static void md_sep(gen *g, int *any)
{
    if (*any)
        g_puts(g, "; ");
    *any = 1;
}

/* md_type: the type cell of n: its named type as a link, or the type. */
static void md_type(gen *g, const gcx_schema_node *n, int as_def)
{
    if (n->type_name && !as_def) {
        char anchor[NAME_MAX_BYTES + 1];
        size_t i;

        for (i = 0; n->type_name[i] && i < NAME_MAX_BYTES; i++)
            anchor[i] = (char)(n->type_name[i] >= 'A' &&
                               n->type_name[i] <= 'Z'
                                   ? n->type_name[i] + ('a' - 'A')
                                   : n->type_name[i]);
        anchor[i] = '\0';
        g_printf(g, "[%s](#%s)", n->type_name, anchor);
    } else if (n->type == GCX_SCHEMA_ARRAY) {
        g_puts(g, "array of ");
        md_type(g, n->items, 0);
    } else {
        g_puts(g, type_names[n->type]);
    }
}

/* md_constraints: the constraints n itself carries (not those of its
 * named type, which has its own table). */
static void md_constraints(gen *g, const gcx_schema_node *n, int as_def,
                           int *any)
{
    size_t i;

    if (n->type_name && !as_def)
        return;
    if (n->nenums) {
        md_sep(g, any);
        g_puts(g, "one of ");
        for (i = 0; i < n->nenums; i++) {
            g_puts(g, i ? ", " : "");
            md_code(g, n->enums[i]);
        }
    }
    if (n->pattern) {
        md_sep(g, any);
        g_puts(g, "pattern ");
        md_code(g, n->pattern);
    }
    if (n->min_length && n->max_length) {
        md_sep(g, any);
        g_printf(g, "%zu to %zu characters", n->min_length, n->max_length);
    } else if (n->min_length) {
        md_sep(g, any);
        g_printf(g, "at least %zu characters", n->min_length);
    } else if (n->max_length) {
        md_sep(g, any);
        g_printf(g, "at most %zu characters", n->max_length);
    }
    if (n->format) {
        md_sep(g, any);
        g_puts(g, "format ");
        md_code(g, n->format);
    }
    if (n->script) {
        md_sep(g, any);
        g_puts(g, n->script == GCX_SCHEMA_SCRIPT_ARABIC ? "Arabic script"
                                                        : "Latin script");
    }
    if (n->has_minimum) {
        md_sep(g, any);
        g_printf(g, "at least %lld", n->minimum);
    }
    if (n->min_properties) {
        md_sep(g, any);
        g_printf(g, "at least %zu member%s", n->min_properties,
                 n->min_properties == 1 ? "" : "s");
    }
    if (n->type == GCX_SCHEMA_ARRAY) {
        int sub = 0;

        if (n->min_items) {
            md_sep(g, any);
            g_printf(g, "at least %zu item%s", n->min_items,
                     n->min_items == 1 ? "" : "s");
        }
        if (n->is_set) {
            md_sep(g, any);
            g_puts(g, n->nset_keys ? "set keyed by " : "set (whole items)");
            for (i = 0; i < n->nset_keys; i++) {
                g_puts(g, i ? ", " : "");
                md_code(g, n->set_keys[i]);
            }
        }
        if (!n->items->type_name && n->items->type != GCX_SCHEMA_OBJECT) {
            /* scalar items have no row of their own */
            size_t mark = g->out->len;
            int had = *any;

            md_sep(g, any);
            g_puts(g, "items: ");
            md_constraints(g, n->items, 0, &sub);
            if (!sub && !g->st) {
                g->out->len = mark;
                g->out->data[mark] = '\0';
                *any = had;
            }
        }
    }
}

/* md_rules: the rules of n (as_def: all; else those it adds to its
 * named type, whose table lists the type's own). */
static void md_rules(gen *g, const gcx_schema_node *n, int as_def)
{
    const char *const *rules = n->rules;
    size_t i, nrules = n->nrules;

    if (!as_def)
        rules = own_rules(g->s, n, &nrules);
    for (i = 0; i < nrules; i++) {
        g_puts(g, i ? ", " : "");
        md_code(g, rules[i]);
    }
}

/* md_row: one table row for n at path. record: for the record's own
 * recordType, the record type's name. */
static void md_row(gen *g, const char *path, const gcx_schema_node *n,
                   int as_def, const char *record, int with_doc)
{
    const char *doc;
    size_t nrules;
    int any = 0;

    g_puts(g, "| ");
    if (path)
        md_code(g, path);
    else
        g_puts(g, "(value)");
    g_puts(g, " | ");
    md_type(g, n, as_def);
    g_puts(g, n->required ? " | yes |" : " | |");
    if (record) {
        g_puts(g, " always ");
        md_code(g, record);
    } else {
        size_t mark = g->out->len;

        g_puts(g, " ");
        md_constraints(g, n, as_def, &any);
        if (!any && !g->st) {
            g->out->len = mark;
            g->out->data[mark] = '\0';
        }
    }
    g_puts(g, " |");
    if (as_def ? n->nrules : (own_rules(g->s, n, &nrules), nrules)) {
        g_puts(g, " ");
        md_rules(g, n, as_def);
    }
    g_puts(g, " |");
    doc = as_def ? n->doc : own_doc(g->s, n);
    if (with_doc && doc) {
        g_puts(g, " ");
        md_text(g, doc);
    }
    g_puts(g, " |\n");
}

/* md_rows: rows for the members of object n, under prefix, and for
 * the members of inline objects below them. */
static void md_rows(gen *g, const gcx_schema_node *n, const char *prefix,
                    const char *record)
{
    char path[XSD_NAME_MAX];
    size_t i;
    int len;

    for (i = 0; i < n->nprops && !g->st; i++) {
        const gcx_schema_node *p = n->props[i];

        len = snprintf(path, sizeof path, "%s%s%s", prefix ? prefix : "",
                       prefix ? "." : "", p->name);
        if (len < 0 || (size_t)len + 2 >= sizeof path) {
            g->st = GCX_E_LIMIT;
            return;
        }
        md_row(g, path, p, 0,
               record && strcmp(p->name, "recordType") == 0 ? record : NULL,
               1);
        if (p->type_name)
            continue;
        if (p->type == GCX_SCHEMA_OBJECT) {
            md_rows(g, p, path, NULL);
        } else if (p->type == GCX_SCHEMA_ARRAY && !p->items->type_name &&
                   p->items->type == GCX_SCHEMA_OBJECT) {
            memcpy(path + len, "[]", 3);
            md_rows(g, p->items, path, NULL);
        }
    }
}

static const char md_header[] =
    "| Field | Type | Required | Constraints | Rules | Description |\n"
    "|---|---|---|---|---|---|\n";

/* md_section: heading, doc, the object's own constraints and rules,
 * and its table. */
static void md_section(gen *g, const char *name, const gcx_schema_node *n,
                       const char *record)
{
    int any = 0;

    g_printf(g, "### %s\n\n", name);
    if (n->doc) {
        md_text(g, n->doc);
        g_puts(g, "\n\n");
    }
    if (n->type == GCX_SCHEMA_OBJECT) {
        size_t mark = g->out->len;

        g_puts(g, "Constraints: ");
        md_constraints(g, n, 1, &any);
        if (any) {
            g_puts(g, ".\n\n");
        } else if (!g->st) {
            g->out->len = mark;
            g->out->data[mark] = '\0';
        }
        if (n->nrules) {
            g_puts(g, "Rules: ");
            md_rules(g, n, 1);
            g_puts(g, ".\n\n");
        }
        g_puts(g, md_header);
        md_rows(g, n, NULL, record);
    } else {
        g_puts(g, md_header);
        md_row(g, NULL, n, 1, NULL, 0);
        if (n->type == GCX_SCHEMA_ARRAY && !n->items->type_name &&
            n->items->type == GCX_SCHEMA_OBJECT)
            md_rows(g, n->items, "[]", NULL);
    }
    g_puts(g, "\n");
}

gcx_status gcx_schema_write_markdown(const gcx_schema *s, gcx_buf *out,
                                     gcx_error *err)
{
    gen g;
    size_t i, start = out->len;

    gen_init(&g, s, out);
    g_puts(&g, "<!-- Generated by gcx-schema from the canonical schema "
               "definition; do not edit. -->\n"
               "# Canonical fields\n\n"
               "Schema ");
    md_code(&g, s->name);
    g_puts(&g, " version ");
    md_text(&g, s->version);
    g_puts(&g, ", XML namespace ");
    md_code(&g, s->ns);
    g_puts(&g, ".\n\n");
    if (s->doc) {
        md_text(&g, s->doc);
        g_puts(&g, "\n\n");
    }
    g_puts(&g, "This file is generated from the definition by "
               "`gcx-schema --markdown`;\n"
               "[canonical-schema.md](canonical-schema.md) explains the "
               "definition format\nand the reasons behind the fields. A "
               "field is a member path: `a.b` is\nmember `b` of object "
               "`a`, `a[].b` member `b` of each item of array `a`.\n"
               "Linked types have their own table under Named types; "
               "their constraints\nand rules apply wherever they are "
               "used. Rules name the domain rule\ngroups of "
               "[domain-rules.md](domain-rules.md).\n\n"
               "## Record types\n\n"
               "Every record type starts with the envelope's fields: ");
    for (i = 0; i < s->nenvelope; i++) {
        g_puts(&g, i ? ", " : "");
        md_code(&g, s->records[0]->props[i]->name);
    }
    if (!s->nenvelope)
        g_puts(&g, "none");
    g_puts(&g, ".\n\n");
    for (i = 0; i < s->nrecords; i++)
        md_section(&g, s->record_names[i], s->records[i],
                   s->record_names[i]);
    g_puts(&g, "## Named types\n\n");
    for (i = 0; i < s->ntypes; i++)
        md_section(&g, s->types[i].name, s->types[i].node, NULL);
    if (!g.st && out->len >= 2 && out->data[out->len - 2] == '\n') {
        out->len--; /* one newline at the end, not a blank line */
        out->data[out->len] = '\0';
    }
    return gen_finish(&g, start, "Markdown field table", err);
}
