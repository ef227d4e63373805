/* tests/unit/test_utf8.c - the private UTF-8 checks every reader and
 * writer relies on, the allocator's fault hook, limits and version. */
#include <string.h>
#include "internal.h"
#include <gcx/version.h>
#include "unit.h"
#include <gcx/utf8.h>

static size_t check(const char *s, size_t n, uint32_t *cp)
{
    return gcxi_utf8_check((const unsigned char *)s, n, cp);
}

static void test_valid(void)
{
    uint32_t cp;

    CU_ASSERT_EQUAL(check("A", 1, &cp), 1);
    CU_ASSERT_EQUAL(cp, 0x41);
    CU_ASSERT_EQUAL(check("\xd8\xa3", 2, &cp), 2); /* Arabic alef */
    CU_ASSERT_EQUAL(cp, 0x623);
    CU_ASSERT_EQUAL(check("\xef\xbb\xbf", 3, &cp), 3); /* U+FEFF */
    CU_ASSERT_EQUAL(check("\xf0\x9d\x90\x80", 4, &cp), 4); /* U+1D400 */
    CU_ASSERT_EQUAL(cp, 0x1D400);
    CU_ASSERT_EQUAL(check("\xf4\x8f\xbf\xbf", 4, &cp), 4); /* U+10FFFF */
}

static void test_invalid(void)
{
    uint32_t cp;

    CU_ASSERT_EQUAL(check("\xc0\xaf", 2, &cp), 0);     /* overlong '/' */
    CU_ASSERT_EQUAL(check("\xe0\x80\xaf", 3, &cp), 0); /* overlong */
    CU_ASSERT_EQUAL(check("\xf0\x80\x80\xaf", 4, &cp), 0);
    CU_ASSERT_EQUAL(check("\xed\xa0\x80", 3, &cp), 0); /* U+D800 */
    CU_ASSERT_EQUAL(check("\xed\xbf\xbf", 3, &cp), 0); /* U+DFFF */
    CU_ASSERT_EQUAL(check("\xf4\x90\x80\x80", 4, &cp), 0); /* >10FFFF */
    CU_ASSERT_EQUAL(check("\xff", 1, &cp), 0);
    CU_ASSERT_EQUAL(check("\x80", 1, &cp), 0);         /* continuation */
    CU_ASSERT_EQUAL(check("\xd8", 1, &cp), 0);         /* truncated */
    CU_ASSERT_EQUAL(check("\xe2\x82", 2, &cp), 0);
    CU_ASSERT_EQUAL(check("\xd8\x41", 2, &cp), 0);     /* bad follower */
}

static void test_encode_roundtrip(void)
{
    static const uint32_t cps[] = {0, 0x7f, 0x80, 0x7ff, 0x800, 0xffff,
                                   0x10000, 0x10ffff};
    unsigned char out[4];
    uint32_t back;
    size_t i, n;

    for (i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        n = gcxi_utf8_encode(cps[i], out);
        CU_ASSERT_EQUAL(gcxi_utf8_check(out, n, &back), n);
        CU_ASSERT_EQUAL(back, cps[i]);
    }
}

static void test_alloc_hook(void)
{
    void *p;

    gcx_alloc_fail_after(3);
    p = gcx_malloc(1);
    CU_ASSERT_PTR_NOT_NULL(p);
    gcx_free(p);
    p = gcx_strdup("x");
    CU_ASSERT_PTR_NOT_NULL(p);
    gcx_free(p);
    CU_ASSERT_PTR_NULL(gcx_malloc(1));      /* the third fails */
    CU_ASSERT_PTR_NULL(gcx_calloc(1, 1));   /* and every later one */
    CU_ASSERT_EQUAL(gcx_alloc_count(), 4);
    gcx_alloc_fail_after(0);
    p = gcx_realloc(NULL, 8);
    CU_ASSERT_PTR_NOT_NULL(p);
    gcx_free(p);
}

static void test_limits_and_version(void)
{
    gcx_limits l = gcx_limits_default();

    CU_ASSERT_EQUAL(l.max_depth, GCX_DEFAULT_MAX_DEPTH);
    CU_ASSERT_EQUAL(l.max_record_bytes, GCX_DEFAULT_MAX_RECORD_BYTES);
    CU_ASSERT_EQUAL(l.max_string_bytes, GCX_DEFAULT_MAX_STRING_BYTES);
    CU_ASSERT_EQUAL(l.max_expansion, GCX_DEFAULT_MAX_EXPANSION);
    CU_ASSERT_STRING_EQUAL(gcx_version(), PACKAGE_VERSION);
}

static void test_valid_prefix(void)
{
    CU_ASSERT_EQUAL(gcx_utf8_valid_prefix("", 0), 0);
    CU_ASSERT_EQUAL(gcx_utf8_valid_prefix("ab\0c", 4), 4);
    CU_ASSERT_EQUAL(gcx_utf8_valid_prefix("a\xd8\xb9" "b", 4), 4);
    CU_ASSERT_EQUAL(gcx_utf8_valid_prefix("ab\xc0\x80", 4), 2);
    CU_ASSERT_EQUAL(gcx_utf8_valid_prefix("a\xed\xa0\x80", 4), 1);
    CU_ASSERT_EQUAL(gcx_utf8_valid_prefix("a\xd8", 2), 1);
    CU_ASSERT_EQUAL(gcx_utf8_valid_prefix("\xff", 1), 0);
}

static const gcx_unit_case cases[] = {
    {"valid sequences", test_valid},
    {"valid prefix (public)", test_valid_prefix},
    {"invalid sequences", test_invalid},
    {"encode and check agree", test_encode_roundtrip},
    {"allocation failure hook", test_alloc_hook},
    {"default limits and version", test_limits_and_version},
    {NULL, NULL}
};

GCX_UNIT_MAIN("utf8", cases)
