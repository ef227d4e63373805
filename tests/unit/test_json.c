/* tests/unit/test_json.c - the JSON value model: arena, builders,
 * lookup and equality. */
#include <string.h>
#include <gcx/alloc.h>
#include <gcx/json.h>
#include "unit.h"

static void test_builders(void)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *o, *arr;
    const gcx_json *v;
    int i;

    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    o = gcx_json_new_object(a, 0);
    arr = gcx_json_new_array(a, 1);
    for (i = 0; i < 100; i++) /* grows past the initial capacity */
        CU_ASSERT_EQUAL(gcx_json_array_push(a, arr,
                        gcx_json_new_number(a, "1.10", 4)), GCX_OK);
    CU_ASSERT_EQUAL(arr->len, 100);
    CU_ASSERT_EQUAL(gcx_json_object_put(a, o, "list", 4, arr), GCX_OK);
    CU_ASSERT_EQUAL(gcx_json_object_put(a, o, "s", 1,
                    gcx_json_new_string(a, "a\0b", 3)), GCX_OK);
    v = gcx_json_object_get(o, "s");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(v->type, GCX_JSON_STRING);
    CU_ASSERT_EQUAL(v->len, 3);
    CU_ASSERT_EQUAL(memcmp(v->u.text, "a\0b", 3), 0);
    v = gcx_json_object_get(o, "list");
    CU_ASSERT_STRING_EQUAL(v->u.items[99]->u.text, "1.10");
    CU_ASSERT_PTR_NULL(gcx_json_object_get(o, "missing"));
    CU_ASSERT_PTR_NULL(gcx_json_object_get(arr, "s"));
    gcx_arena_free(a);
}

static void test_equal(void)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *x = gcx_json_new_object(a, 0), *y = gcx_json_new_object(a, 0);

    gcx_json_object_put(a, x, "n", 1, gcx_json_new_number(a, "1.0", 3));
    gcx_json_object_put(a, y, "n", 1, gcx_json_new_number(a, "1.0", 3));
    CU_ASSERT_TRUE(gcx_json_equal(x, y));
    /* number text is what counts: 1.0 and 1.00 differ */
    y->u.members[0].value = gcx_json_new_number(a, "1.00", 4);
    CU_ASSERT_FALSE(gcx_json_equal(x, y));
    y->u.members[0].value = gcx_json_new_string(a, "1.0", 3);
    CU_ASSERT_FALSE(gcx_json_equal(x, y));
    CU_ASSERT_TRUE(gcx_json_equal(gcx_json_new_bool(a, 1),
                                  gcx_json_new_bool(a, 1)));
    CU_ASSERT_FALSE(gcx_json_equal(gcx_json_new_bool(a, 1),
                                   gcx_json_new_bool(a, 0)));
    CU_ASSERT_FALSE(gcx_json_equal(gcx_json_new_null(a), NULL));
    gcx_arena_free(a);
}

static void test_arena_reset_reuses(void)
{
    gcx_arena *a = gcx_arena_new();
    size_t i, after_first;

    for (i = 0; i < 1000; i++)
        gcx_arena_alloc(a, 100);
    gcx_arena_reset(a);
    after_first = gcx_arena_used(a);
    CU_ASSERT(after_first <= (size_t)70 << 10); /* one block kept */
    for (i = 0; i < 10; i++)
        gcx_arena_alloc(a, 100);
    CU_ASSERT_EQUAL(gcx_arena_used(a), after_first); /* no new block */
    /* a big allocation gets its own block and is aligned */
    CU_ASSERT_EQUAL((size_t)gcx_arena_alloc(a, 1 << 20) % 16, 0);
    gcx_arena_free(a);
    gcx_arena_free(NULL);
}

static void test_arena_nomem(void)
{
    gcx_arena *a = gcx_arena_new();

    gcx_alloc_fail_after(1);
    CU_ASSERT_PTR_NULL(gcx_json_new_string(a, "x", 1));
    CU_ASSERT_PTR_NULL(gcx_arena_new());
    gcx_alloc_fail_after(0);
    CU_ASSERT_PTR_NOT_NULL(gcx_json_new_string(a, "x", 1));
    gcx_arena_free(a);
}

static const gcx_unit_case cases[] = {
    {"builders and lookup", test_builders},
    {"equality", test_equal},
    {"arena reset reuses a block", test_arena_reset_reuses},
    {"allocation failure", test_arena_nomem},
    {NULL, NULL}
};

GCX_UNIT_MAIN("json", cases)
