/* tests/unit/test_buf.c - the growable buffer and its hard maximum. */
#include <string.h>
#include <gcx/alloc.h>
#include <gcx/buf.h>
#include "unit.h"

static void test_append_grows(void)
{
    gcx_buf b;
    size_t i;

    gcx_buf_init(&b, 0);
    for (i = 0; i < 10000; i++)
        CU_ASSERT_EQUAL_FATAL(gcx_buf_append(&b, "abc", 3), GCX_OK);
    CU_ASSERT_EQUAL(b.len, 30000);
    CU_ASSERT_EQUAL(b.data[b.len], '\0');
    CU_ASSERT_EQUAL(memcmp(b.data + 29997, "abc", 3), 0);
    gcx_buf_free(&b);
    CU_ASSERT_PTR_NULL(b.data);
}

static void test_limit(void)
{
    gcx_buf b;

    gcx_buf_init(&b, 10);
    CU_ASSERT_EQUAL(gcx_buf_append(&b, "0123456789", 10), GCX_OK);
    CU_ASSERT_EQUAL(gcx_buf_putc(&b, 'x'), GCX_E_LIMIT);
    CU_ASSERT_EQUAL(b.len, 10); /* unchanged */
    CU_ASSERT_STRING_EQUAL(b.data, "0123456789");
    gcx_buf_reset(&b);
    CU_ASSERT_EQUAL(b.len, 0);
    CU_ASSERT_EQUAL(gcx_buf_printf(&b, "%d-%s", 42, "abcdefghij"),
                    GCX_E_LIMIT);
    CU_ASSERT_EQUAL(gcx_buf_printf(&b, "%d-%s", 42, "ab"), GCX_OK);
    CU_ASSERT_STRING_EQUAL(b.data, "42-ab");
    gcx_buf_free(&b);
}

static void test_steal(void)
{
    gcx_buf b;
    char *s;

    gcx_buf_init(&b, 0);
    s = gcx_buf_steal(&b);
    CU_ASSERT_STRING_EQUAL(s, "");
    gcx_free(s);
    gcx_buf_puts(&b, "hello");
    s = gcx_buf_steal(&b);
    CU_ASSERT_STRING_EQUAL(s, "hello");
    CU_ASSERT_EQUAL(b.len, 0);
    CU_ASSERT_PTR_NULL(b.data);
    gcx_free(s);
}

static void test_nomem(void)
{
    gcx_buf b;

    gcx_buf_init(&b, 0);
    gcx_alloc_fail_after(1);
    CU_ASSERT_EQUAL(gcx_buf_append(&b, "x", 1), GCX_E_NOMEM);
    gcx_alloc_fail_after(0);
    CU_ASSERT_EQUAL(b.len, 0);
    CU_ASSERT_EQUAL(gcx_buf_append(&b, "x", 1), GCX_OK);
    gcx_buf_free(&b);
}

static void test_embedded_nul(void)
{
    gcx_buf b;

    gcx_buf_init(&b, 0);
    gcx_buf_append(&b, "a\0b", 3);
    CU_ASSERT_EQUAL(b.len, 3);
    CU_ASSERT_EQUAL(memcmp(b.data, "a\0b", 3), 0);
    gcx_buf_free(&b);
}

static const gcx_unit_case cases[] = {
    {"append grows", test_append_grows},
    {"hard maximum", test_limit},
    {"steal", test_steal},
    {"allocation failure", test_nomem},
    {"embedded NUL", test_embedded_nul},
    {NULL, NULL}
};

GCX_UNIT_MAIN("buf", cases)
