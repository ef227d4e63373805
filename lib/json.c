/* lib/json.c - the JSON value model: arena, builders, lookup, equality.
 *
 * An arena hands out memory from large blocks and frees it all at once;
 * a per-record reader resets it between records, keeping one block, so
 * steady-state parsing makes no system allocation.
 */
#include "internal.h"

#include <gcx/json.h>

#define ARENA_BLOCK ((size_t)64 << 10)
#define ARENA_ALIGN 16

typedef struct arena_block {
    struct arena_block *next;
    size_t size; /* usable bytes after the header */
    size_t used;
} arena_block;

struct gcx_arena {
    arena_block *head; /* current block first */
    size_t total;
};

#define BLOCK_DATA(b) ((char *)(b) + ((sizeof(arena_block) + ARENA_ALIGN - 1) \
                                      & ~(size_t)(ARENA_ALIGN - 1)))
#define BLOCK_HEADER ((sizeof(arena_block) + ARENA_ALIGN - 1) \
                      & ~(size_t)(ARENA_ALIGN - 1))

gcx_arena *gcx_arena_new(void)
{
    return gcx_calloc(1, sizeof(gcx_arena));
}

void *gcx_arena_alloc(gcx_arena *a, size_t n)
{
    arena_block *b = a->head;
    size_t size;
    void *p;

    n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (n == 0)
        n = ARENA_ALIGN;
    if (GCXI_LIKELY(b && b->size - b->used >= n)) {
        p = BLOCK_DATA(b) + b->used;
        b->used += n;
        return p;
    }
    size = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;
    if (size > SIZE_MAX - BLOCK_HEADER)
        return NULL;
    b = gcx_malloc(BLOCK_HEADER + size);
    if (!b)
        return NULL;
    b->size = size;
    b->used = n;
    a->total += BLOCK_HEADER + size;
    if (size == n && a->head) {
        /* a big one-off: keep the current block in front for small ones */
        b->next = a->head->next;
        a->head->next = b;
    } else {
        b->next = a->head;
        a->head = b;
    }
    return BLOCK_DATA(b);
}

void gcx_arena_reset(gcx_arena *a)
{
    arena_block *keep = NULL, *b, *next;

    for (b = a->head; b; b = next) {
        next = b->next;
        if (!keep && b->size == ARENA_BLOCK) {
            keep = b;
            continue;
        }
        gcx_free(b);
    }
    a->head = keep;
    a->total = 0;
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
        a->total = BLOCK_HEADER + keep->size;
    }
}

void gcx_arena_free(gcx_arena *a)
{
    arena_block *b, *next;

    if (!a)
        return;
    for (b = a->head; b; b = next) {
        next = b->next;
        gcx_free(b);
    }
    gcx_free(a);
}

size_t gcx_arena_used(const gcx_arena *a)
{
    return a->total;
}

static gcx_json *new_value(gcx_arena *a, gcx_json_type type)
{
    gcx_json *v = gcx_arena_alloc(a, sizeof *v);

    if (!v)
        return NULL;
    memset(v, 0, sizeof *v);
    v->type = type;
    return v;
}

gcx_json *gcx_json_new_null(gcx_arena *a)
{
    return new_value(a, GCX_JSON_NULL);
}

gcx_json *gcx_json_new_bool(gcx_arena *a, int value)
{
    return new_value(a, value ? GCX_JSON_TRUE : GCX_JSON_FALSE);
}

static gcx_json *new_text(gcx_arena *a, gcx_json_type type, const char *s,
                          size_t len)
{
    gcx_json *v;
    char *t;

    if (len == SIZE_MAX)
        return NULL;
    v = new_value(a, type);
    t = v ? gcx_arena_alloc(a, len + 1) : NULL;
    if (!t)
        return NULL;
    if (len)
        memcpy(t, s, len);
    t[len] = '\0';
    v->u.text = t;
    v->len = len;
    return v;
}

gcx_json *gcx_json_new_string(gcx_arena *a, const char *s, size_t len)
{
    return new_text(a, GCX_JSON_STRING, s, len);
}

gcx_json *gcx_json_new_number(gcx_arena *a, const char *text, size_t len)
{
    return new_text(a, GCX_JSON_NUMBER, text, len);
}

/* Containers keep their capacity in a hidden header word just before the
 * items array, so growth can double it without a field in gcx_json. */
static void *container_alloc(gcx_arena *a, size_t cap, size_t elem)
{
    size_t *p;

    if (cap == 0)
        cap = 4;
    if (cap > (SIZE_MAX - ARENA_ALIGN) / elem)
        return NULL;
    p = gcx_arena_alloc(a, ARENA_ALIGN + cap * elem);
    if (!p)
        return NULL;
    *p = cap;
    return (char *)p + ARENA_ALIGN;
}

static size_t container_cap(const void *items)
{
    return *(const size_t *)((const char *)items - ARENA_ALIGN);
}

static gcx_status container_grow(gcx_arena *a, void **items, size_t len,
                                 size_t elem)
{
    size_t cap = container_cap(*items);
    void *n;

    if (len < cap)
        return GCX_OK;
    n = container_alloc(a, cap * 2, elem);
    if (!n)
        return GCX_E_NOMEM;
    memcpy(n, *items, len * elem);
    *items = n;
    return GCX_OK;
}

gcx_json *gcx_json_new_array(gcx_arena *a, size_t cap)
{
    gcx_json *v = new_value(a, GCX_JSON_ARRAY);

    if (!v)
        return NULL;
    v->u.items = container_alloc(a, cap, sizeof(gcx_json *));
    return v->u.items ? v : NULL;
}

gcx_json *gcx_json_new_object(gcx_arena *a, size_t cap)
{
    gcx_json *v = new_value(a, GCX_JSON_OBJECT);

    if (!v)
        return NULL;
    v->u.members = container_alloc(a, cap, sizeof(gcx_json_member));
    return v->u.members ? v : NULL;
}

gcx_status gcx_json_array_push(gcx_arena *a, gcx_json *arr, gcx_json *v)
{
    void *items = arr->u.items;

    if (container_grow(a, &items, arr->len, sizeof(gcx_json *)))
        return GCX_E_NOMEM;
    arr->u.items = items;
    arr->u.items[arr->len++] = v;
    return GCX_OK;
}

gcx_status gcx_json_object_put(gcx_arena *a, gcx_json *obj, const char *key,
                               size_t key_len, gcx_json *v)
{
    void *members = obj->u.members;
    char *k;

    if (container_grow(a, &members, obj->len, sizeof(gcx_json_member)))
        return GCX_E_NOMEM;
    obj->u.members = members;
    k = gcx_arena_alloc(a, key_len + 1);
    if (!k)
        return GCX_E_NOMEM;
    memcpy(k, key, key_len);
    k[key_len] = '\0';
    obj->u.members[obj->len].key = k;
    obj->u.members[obj->len].key_len = key_len;
    obj->u.members[obj->len].value = v;
    obj->len++;
    return GCX_OK;
}

const gcx_json *gcx_json_object_get(const gcx_json *obj, const char *key)
{
    size_t i, n;

    if (!obj || obj->type != GCX_JSON_OBJECT)
        return NULL;
    n = strlen(key);
    for (i = 0; i < obj->len; i++)
        if (obj->u.members[i].key_len == n &&
            memcmp(obj->u.members[i].key, key, n) == 0)
            return obj->u.members[i].value;
    return NULL;
}

const char *gcx_json_type_name(const gcx_json *v)
{
    switch (v->type) {
    case GCX_JSON_NULL:
        return "null";
    case GCX_JSON_FALSE:
    case GCX_JSON_TRUE:
        return "a boolean";
    case GCX_JSON_NUMBER:
        return "a number";
    case GCX_JSON_STRING:
        return "a string";
    case GCX_JSON_ARRAY:
        return "an array";
    case GCX_JSON_OBJECT:
        return "an object";
    }
    return "a value";
}

int gcx_json_equal(const gcx_json *a, const gcx_json *b)
{
    size_t i;

    if (a == b)
        return 1;
    if (!a || !b || a->type != b->type || a->len != b->len)
        return 0;
    switch (a->type) {
    case GCX_JSON_NUMBER:
    case GCX_JSON_STRING:
        return memcmp(a->u.text, b->u.text, a->len) == 0;
    case GCX_JSON_ARRAY:
        for (i = 0; i < a->len; i++)
            if (!gcx_json_equal(a->u.items[i], b->u.items[i]))
                return 0;
        return 1;
    case GCX_JSON_OBJECT:
        for (i = 0; i < a->len; i++) {
            const gcx_json_member *x = &a->u.members[i];
            const gcx_json_member *y = &b->u.members[i];

            if (x->key_len != y->key_len ||
                memcmp(x->key, y->key, x->key_len) != 0 ||
                !gcx_json_equal(x->value, y->value))
                return 0;
        }
        return 1;
    default:
        return 1;
    }
}
