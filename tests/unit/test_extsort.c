/* tests/unit/test_extsort.c - unit tests for record keys and the
 * external sort (lib/extsort.c): keys of the default and chosen
 * pointers, in-memory and spilled sorts giving the same stable order,
 * 100k random records, many runs (a merge pass) and temporary files
 * removed.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gcx/buf.h>
#include <gcx/error.h>
#include <gcx/extsort.h>
#include <gcx/json.h>

#include "unit.h"

static gcx_error err;

static gcx_json *parse(gcx_arena *a, const char *text)
{
    gcx_json *v = NULL;

    CU_ASSERT_EQUAL_FATAL(gcx_json_parse(text, strlen(text), "t", NULL, a,
                                         &v, &err), GCX_OK);
    return v;
}

static void test_key(void)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *r = parse(a, "{\"recordType\":\"person\",\"identifiers\":"
                        "[{\"scheme\":\"SA-NID\",\"value\":\"1\\\"0\"}],"
                        "\"n\":12,\"a/b\":{\"~\":true}}");
    gcx_buf b;
    const char *ptrs[] = {"/n", "/missing", "/a~1b/~0", "/identifiers/0"};

    gcx_buf_init(&b, 0);
    CU_ASSERT_EQUAL(gcx_record_key(r, NULL, 0, &b, &err), GCX_OK);
    CU_ASSERT_EQUAL(b.len, 25);
    CU_ASSERT(memcmp(b.data, "\"person\"\0\"SA-NID\"\0\"1\\\"0\"\0", 25)
              == 0);
    gcx_buf_reset(&b);
    CU_ASSERT_EQUAL(gcx_record_key(r, ptrs, 4, &b, &err), GCX_OK);
    CU_ASSERT(memcmp(b.data, "12\0\x01\0true\0{\"scheme\":\"SA-NID\","
                     "\"value\":\"1\\\"0\"}\0", b.len) == 0);
    gcx_buf_reset(&b);
    CU_ASSERT_EQUAL(gcx_record_key(r, NULL, 0, &b, &err), GCX_OK);
    {
        gcx_buf t;

        gcx_buf_init(&t, 0);
        CU_ASSERT_EQUAL(gcx_record_key_text(b.data, b.len, &t), GCX_OK);
        CU_ASSERT_STRING_EQUAL(t.data, "person/SA-NID/1\\\"0");
        gcx_buf_free(&t);
    }
    ptrs[0] = "n";
    CU_ASSERT_EQUAL(gcx_record_key(r, ptrs, 1, &b, &err), GCX_E_INVALID);
    ptrs[0] = "/a~2";
    CU_ASSERT_EQUAL(gcx_record_key(r, ptrs, 1, &b, &err), GCX_E_INVALID);
    /* a missing value sorts before every present one */
    gcx_buf_reset(&b);
    ptrs[0] = "/nothing";
    CU_ASSERT_EQUAL(gcx_record_key(r, ptrs, 1, &b, &err), GCX_OK);
    CU_ASSERT_EQUAL(b.len, 2);
    CU_ASSERT(b.data[0] == 0x01 && b.data[1] == 0);
    gcx_buf_free(&b);
    gcx_arena_free(a);
}

/* a scratch directory for temporary files, and a count of its files */
static char tmpdir[256];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/gcx-extsort-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmpdir));
}

static int count_files(void)
{
    DIR *d = opendir(tmpdir);
    struct dirent *e;
    int n = 0;

    if (!d)
        return -1;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

typedef struct rec {
    char key[16];
    char text[80];
    unsigned long long no;
} rec;

static int rec_cmp(const void *x, const void *y)
{
    const rec *a = x, *b = y;
    int c = strcmp(a->key, b->key);

    if (c)
        return c;
    return a->no < b->no ? -1 : a->no > b->no;
}

/* sort_check: n records with keys from a small or large range through a
 * sorter of budget bytes; the output must be the stable order. */
static void sort_check(size_t n, unsigned keys, size_t budget,
                       int want_runs)
{
    rec *r = calloc(n, sizeof *r);
    gcx_extsort *s = NULL;
    size_t i;
    unsigned long long seed = 12345;

    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    make_tmpdir();
    CU_ASSERT_EQUAL_FATAL(gcx_extsort_new(&s, budget, tmpdir, &err),
                          GCX_OK);
    for (i = 0; i < n; i++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        snprintf(r[i].key, sizeof r[i].key, "k%07u",
                 (unsigned)(seed >> 33) % keys);
        snprintf(r[i].text, sizeof r[i].text,
                 "{\"k\":\"%s\",\"n\":%zu,\"pad\":\"%0*u\"}", r[i].key, i,
                 (int)(seed >> 58), 7u);
        r[i].no = i + 1;
        CU_ASSERT_EQUAL_FATAL(gcx_extsort_add(s, r[i].key,
                                              strlen(r[i].key) + 1,
                                              r[i].text, strlen(r[i].text),
                                              r[i].no, (unsigned long)i + 1,
                                              &err), GCX_OK);
    }
    /* runs are unlinked as soon as they are made */
    CU_ASSERT_EQUAL(count_files(), 0);
    CU_ASSERT_EQUAL_FATAL(gcx_extsort_finish(s, &err), GCX_OK);
    if (want_runs) {
        CU_ASSERT(gcx_extsort_runs(s) > 1);
        if (n >= 800000)
            CU_ASSERT(gcx_extsort_runs(s) > 64);
    } else {
        CU_ASSERT_EQUAL(gcx_extsort_runs(s), 0);
    }
    qsort(r, n, sizeof *r, rec_cmp);
    for (i = 0; i < n; i++) {
        const char *k, *t;
        size_t kl, tl;
        unsigned long long no;
        unsigned long line;
        int got = gcx_extsort_next(s, &k, &kl, &t, &tl, &no, &line, &err);

        CU_ASSERT_EQUAL_FATAL(got, 1);
        CU_ASSERT_STRING_EQUAL(k, r[i].key);
        CU_ASSERT_EQUAL(tl, strlen(r[i].text));
        CU_ASSERT(memcmp(t, r[i].text, tl) == 0);
        CU_ASSERT_EQUAL(no, r[i].no);
        CU_ASSERT_EQUAL(line, (unsigned long)r[i].no);
        if (no != r[i].no)
            break;
    }
    CU_ASSERT_EQUAL(gcx_extsort_next(s, NULL, NULL, NULL, NULL, NULL, NULL,
                                     &err), 0);
    CU_ASSERT_EQUAL(gcx_extsort_next(s, NULL, NULL, NULL, NULL, NULL, NULL,
                                     &err), 0);
    gcx_extsort_free(s);
    CU_ASSERT_EQUAL(count_files(), 0);
    CU_ASSERT_EQUAL(rmdir(tmpdir), 0);
    free(r);
}

static void test_memory(void)
{
    sort_check(1000, 300, 64u << 20, 0);
}

static void test_spilled(void)
{
    /* 1 MiB (the minimum) for ~10 MB of records: many runs */
    sort_check(100000, 100000, 1, 1);
}

static void test_stable(void)
{
    /* few keys, so most are repeated: input order must survive runs */
    sort_check(60000, 7, 1, 1);
    sort_check(5000, 3, 64u << 20, 0);
}

static void test_many_runs(void)
{
    /* more runs than the merge fan-in: an intermediate merge pass */
    sort_check(800000, 1000000, 1, 1);
}

static void test_empty_and_misuse(void)
{
    gcx_extsort *s = NULL;

    CU_ASSERT_EQUAL_FATAL(gcx_extsort_new(&s, 0, NULL, &err), GCX_OK);
    CU_ASSERT(gcx_extsort_next(s, NULL, NULL, NULL, NULL, NULL, NULL,
                               &err) < 0);
    CU_ASSERT_EQUAL(gcx_extsort_finish(s, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_extsort_finish(s, &err), GCX_E_USAGE);
    CU_ASSERT_EQUAL(gcx_extsort_add(s, "a", 1, "b", 1, 1, 1, &err),
                    GCX_E_USAGE);
    CU_ASSERT_EQUAL(gcx_extsort_next(s, NULL, NULL, NULL, NULL, NULL, NULL,
                                     &err), 0);
    gcx_extsort_free(s);
    gcx_extsort_free(NULL);
    CU_ASSERT_EQUAL(gcx_extsort_new(&s, 0, "/nonexistent/dir", &err),
                    GCX_OK);
    /* the directory is only needed when a run is spilled */
    gcx_extsort_free(s);
}

static void test_bad_tmpdir(void)
{
    gcx_extsort *s = NULL;
    char text[1000];
    int i;
    gcx_status st = GCX_OK;

    memset(text, 'x', sizeof text);
    CU_ASSERT_EQUAL_FATAL(gcx_extsort_new(&s, 1, "/nonexistent/dir", &err),
                          GCX_OK);
    for (i = 0; i < 5000 && !st; i++)
        st = gcx_extsort_add(s, "k", 1, text, sizeof text, 1, 1, &err);
    CU_ASSERT_EQUAL(st, GCX_E_IO);
    CU_ASSERT(strstr(err.message, "/nonexistent/dir") != NULL);
    gcx_extsort_free(s);
}

/* key_same: gcx_record_key_canonical on text gives gcx_record_key's
 * bytes for its parse, with the pointers ptrs (n of them, or NULL). */
static void key_same(const char *text, const char *const *ptrs, size_t n)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *r = parse(a, text);
    gcx_buf x, y;

    gcx_buf_init(&x, 0);
    gcx_buf_init(&y, 0);
    CU_ASSERT_EQUAL(gcx_record_key(r, ptrs, n, &x, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_record_key_canonical(text, strlen(text), ptrs, n,
                                             &y, &err), GCX_OK);
    CU_ASSERT_EQUAL(x.len, y.len);
    CU_ASSERT(x.len == y.len && memcmp(x.data, y.data, x.len) == 0);
    gcx_buf_free(&x);
    gcx_buf_free(&y);
    gcx_arena_free(a);
}

static void test_key_canonical(void)
{
    const char *ptrs[] = {"/n", "/missing", "/a~1b/~0", "/identifiers/0",
                          "/identifiers/1/value", "/s/2", "/identifiers/0/x"};
    gcx_buf b;

    key_same("{\"a/b\":{\"~\":true},\"identifiers\":[{\"scheme\":"
             "\"SA-NID\",\"value\":\"1\\\"0\"},{\"scheme\":\"X\","
             "\"value\":\"[{,}]\"}],\"n\":12,\"recordType\":\"person\","
             "\"s\":[\"a\",[1,{\"q\":\"]\"}],\"c\\\\\"]}", NULL, 0);
    key_same("{\"a/b\":{\"~\":true},\"identifiers\":[{\"scheme\":"
             "\"SA-NID\",\"value\":\"1\\\"0\"},{\"scheme\":\"X\","
             "\"value\":\"[{,}]\"}],\"n\":12,\"recordType\":\"person\","
             "\"s\":[\"a\",[1,{\"q\":\"]\"}],\"c\\\\\"]}", ptrs, 7);
    key_same("{\"identifiers\":[{\"scheme\":\"A\",\"value\":\"1\"}],"
             "\"recordType\":\"person\"}", NULL, 0);
    key_same("{ \"recordType\" : \"person\" }", NULL, 0);
    key_same("{\"recordType\":1e2,\"identifiers\":{}}", NULL, 0);
    key_same("[]", NULL, 0);
    gcx_buf_init(&b, 0);
    /* truncated text: the parser's error */
    CU_ASSERT_NOT_EQUAL(gcx_record_key_canonical("{\"a\":", 5, NULL, 0, &b,
                                                 &err), GCX_OK);
    gcx_buf_free(&b);
}

static const gcx_unit_case cases[] = {
    {"record keys", test_key},
    {"record keys scanned from canonical text", test_key_canonical},
    {"sort in memory", test_memory},
    {"100k records spilled to runs", test_spilled},
    {"stable order across runs", test_stable},
    {"more runs than the fan-in", test_many_runs},
    {"empty sorter and misuse", test_empty_and_misuse},
    {"temporary directory missing", test_bad_tmpdir},
    {NULL, NULL}
};

GCX_UNIT_MAIN("extsort", cases)
