/* tests/unit/test_jsonpatch.c - unit tests for RFC 6902 JSON Patch and
 * RFC 6901 JSON Pointer (lib/jsonpatch.c): the examples of RFC 6902's
 * appendix A and of RFC 6901 section 5; every operation; every error
 * (missing path, bad index, "-", failed test, move into a child); the
 * number rule of test; all-or-nothing application.
 */
#include <stdio.h>
#include <string.h>

#include <gcx/error.h>
#include <gcx/json.h>
#include <gcx/jsonpatch.h>

#include "unit.h"

static gcx_arena *arena;

static gcx_json *js(const char *text)
{
    gcx_json *v = NULL;
    gcx_error e;

    gcx_error_clear(&e);
    if (gcx_json_parse(text, strlen(text), "t.json", NULL, arena, &v, &e))
        fprintf(stderr, "bad test JSON: %s: %s\n", e.message, text);
    return v;
}

static gcx_error err;
static size_t failed;

/* patch: apply patch to doc; the status. *out the result (or doc). */
static gcx_status patch(const char *doc, const char *p, gcx_json **out)
{
    gcx_json *d = js(doc);

    gcx_error_clear(&err);
    *out = d;
    return gcx_jsonpatch_apply(arena, out, js(p), &failed, &err);
}

/* ok: the patch applies and gives want (compared as test compares). */
static int ok(const char *doc, const char *p, const char *want)
{
    gcx_json *r;

    if (patch(doc, p, &r) != GCX_OK) {
        fprintf(stderr, "patch failed: %s\n", err.message);
        return 0;
    }
    return gcx_jsonpatch_equal(r, js(want));
}

/* bad: the patch fails at operation index with a message holding what;
 * doc is left as it was. */
static int bad(const char *doc, const char *p, size_t index,
               const char *what)
{
    gcx_json *r, *orig = js(doc);

    if (patch(doc, p, &r) != GCX_E_INVALID)
        return 0;
    if (failed != index || !strstr(err.message, what)) {
        fprintf(stderr, "failed %lu: %s\n", (unsigned long)failed,
                err.message);
        return 0;
    }
    return gcx_jsonpatch_equal(r, orig);
}

static void test_rfc6902_appendix_a(void)
{
    CU_ASSERT(ok("{\"foo\":\"bar\"}",
                 "[{\"op\":\"add\",\"path\":\"/baz\",\"value\":\"qux\"}]",
                 "{\"baz\":\"qux\",\"foo\":\"bar\"}"));              /* A.1 */
    CU_ASSERT(ok("{\"foo\":[\"bar\",\"baz\"]}",
                 "[{\"op\":\"add\",\"path\":\"/foo/1\",\"value\":\"qux\"}]",
                 "{\"foo\":[\"bar\",\"qux\",\"baz\"]}"));            /* A.2 */
    CU_ASSERT(ok("{\"baz\":\"qux\",\"foo\":\"bar\"}",
                 "[{\"op\":\"remove\",\"path\":\"/baz\"}]",
                 "{\"foo\":\"bar\"}"));                              /* A.3 */
    CU_ASSERT(ok("{\"foo\":[\"bar\",\"qux\",\"baz\"]}",
                 "[{\"op\":\"remove\",\"path\":\"/foo/1\"}]",
                 "{\"foo\":[\"bar\",\"baz\"]}"));                    /* A.4 */
    CU_ASSERT(ok("{\"baz\":\"qux\",\"foo\":\"bar\"}",
                 "[{\"op\":\"replace\",\"path\":\"/baz\",\"value\":\"boo\"}]",
                 "{\"baz\":\"boo\",\"foo\":\"bar\"}"));              /* A.5 */
    CU_ASSERT(ok("{\"foo\":{\"bar\":\"baz\",\"waldo\":\"fred\"},"
                 "\"qux\":{\"corge\":\"grault\"}}",
                 "[{\"op\":\"move\",\"from\":\"/foo/waldo\","
                 "\"path\":\"/qux/thud\"}]",
                 "{\"foo\":{\"bar\":\"baz\"},\"qux\":{\"corge\":\"grault\","
                 "\"thud\":\"fred\"}}"));                            /* A.6 */
    CU_ASSERT(ok("{\"foo\":[\"all\",\"grass\",\"cows\",\"eat\"]}",
                 "[{\"op\":\"move\",\"from\":\"/foo/1\",\"path\":\"/foo/3\"}]",
                 "{\"foo\":[\"all\",\"cows\",\"eat\",\"grass\"]}")); /* A.7 */
    CU_ASSERT(ok("{\"baz\":\"qux\",\"foo\":[\"a\",2,\"c\"]}",
                 "[{\"op\":\"test\",\"path\":\"/baz\",\"value\":\"qux\"},"
                 "{\"op\":\"test\",\"path\":\"/foo/1\",\"value\":2}]",
                 "{\"baz\":\"qux\",\"foo\":[\"a\",2,\"c\"]}"));      /* A.8 */
    CU_ASSERT(bad("{\"baz\":\"qux\"}",
                  "[{\"op\":\"test\",\"path\":\"/baz\",\"value\":\"bar\"}]",
                  0, "not the one tested"));                         /* A.9 */
    CU_ASSERT(ok("{\"foo\":\"bar\"}",
                 "[{\"op\":\"add\",\"path\":\"/child\",\"value\":"
                 "{\"grandchild\":{}}}]",
                 "{\"foo\":\"bar\",\"child\":{\"grandchild\":{}}}"));
                                                                    /* A.10 */
    CU_ASSERT(ok("{\"foo\":\"bar\"}",
                 "[{\"op\":\"add\",\"path\":\"/baz\",\"value\":\"qux\","
                 "\"xyz\":123}]",
                 "{\"foo\":\"bar\",\"baz\":\"qux\"}"));              /* A.11 */
    CU_ASSERT(bad("{\"foo\":\"bar\"}",
                  "[{\"op\":\"add\",\"path\":\"/baz/bat\",\"value\":\"qux\"}]",
                  0, "parent of the path does not exist"));          /* A.12 */
    CU_ASSERT(ok("{\"/\":9,\"~1\":10}",
                 "[{\"op\":\"test\",\"path\":\"/~01\",\"value\":10}]",
                 "{\"/\":9,\"~1\":10}"));                            /* A.14 */
    CU_ASSERT(bad("{\"/\":9,\"~1\":10}",
                  "[{\"op\":\"test\",\"path\":\"/~01\",\"value\":\"10\"}]",
                  0, "not the one tested"));                         /* A.15 */
    CU_ASSERT(ok("{\"foo\":[\"bar\"]}",
                 "[{\"op\":\"add\",\"path\":\"/foo/-\",\"value\":"
                 "[\"abc\",\"def\"]}]",
                 "{\"foo\":[\"bar\",[\"abc\",\"def\"]]}"));          /* A.16 */
}

static void test_rfc6901_pointers(void)
{
    static const char doc[] =
        "{\"foo\":[\"bar\",\"baz\"],\"\":0,\"a/b\":1,\"c%d\":2,\"e^f\":3,"
        "\"g|h\":4,\"i\\\\j\":5,\"k\\\"l\":6,\" \":7,\"m~n\":8}";
    static const struct { const char *ptr, *want; } cases[] = {
        {"/foo", "[\"bar\",\"baz\"]"}, {"/foo/0", "\"bar\""},
        {"/", "0"}, {"/a~1b", "1"}, {"/c%d", "2"}, {"/e^f", "3"},
        {"/g|h", "4"}, {"/i\\j", "5"}, {"/k\"l", "6"}, {"/ ", "7"},
        {"/m~0n", "8"}
    };
    gcx_json *d = js(doc);
    const gcx_json *v;
    size_t i;

    CU_ASSERT(gcx_jsonpatch_pointer_get(d, "", 0, &v, &err) == GCX_OK);
    CU_ASSERT(v == d);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        v = NULL;
        CU_ASSERT(gcx_jsonpatch_pointer_get(d, cases[i].ptr,
                                            strlen(cases[i].ptr), &v,
                                            &err) == GCX_OK);
        CU_ASSERT(gcx_jsonpatch_equal(v, js(cases[i].want)));
    }
    CU_ASSERT(gcx_jsonpatch_pointer_get(d, "/foo/2", 6, &v, &err)
              == GCX_E_INVALID);
    CU_ASSERT(v == NULL);
    CU_ASSERT(gcx_jsonpatch_pointer_get(d, "/foo/-", 6, &v, &err)
              == GCX_E_INVALID);
    CU_ASSERT(gcx_jsonpatch_pointer_get(d, "/foo/01", 7, &v, &err)
              == GCX_E_INVALID);
    CU_ASSERT(gcx_jsonpatch_pointer_get(d, "foo", 3, &v, &err)
              == GCX_E_USAGE);
    CU_ASSERT(gcx_jsonpatch_pointer_get(d, "/m~2n", 5, &v, &err)
              == GCX_E_USAGE);
    CU_ASSERT(gcx_jsonpatch_pointer_get(d, "/m~", 3, &v, &err)
              == GCX_E_USAGE);
}

static void test_every_op(void)
{
    /* add replaces an existing member; add at the end index; add root */
    CU_ASSERT(ok("{\"a\":1}", "[{\"op\":\"add\",\"path\":\"/a\","
                 "\"value\":2}]", "{\"a\":2}"));
    CU_ASSERT(ok("[1,2]", "[{\"op\":\"add\",\"path\":\"/2\",\"value\":3}]",
                 "[1,2,3]"));
    CU_ASSERT(ok("[1,2]", "[{\"op\":\"add\",\"path\":\"/0\",\"value\":0}]",
                 "[0,1,2]"));
    CU_ASSERT(ok("{\"a\":1}", "[{\"op\":\"add\",\"path\":\"\","
                 "\"value\":[true]}]", "[true]"));
    CU_ASSERT(ok("[]", "[{\"op\":\"add\",\"path\":\"/-\",\"value\":null}]",
                 "[null]"));
    /* replace root and null values */
    CU_ASSERT(ok("{\"a\":1}", "[{\"op\":\"replace\",\"path\":\"\","
                 "\"value\":{\"b\":2}}]", "{\"b\":2}"));
    CU_ASSERT(ok("{\"a\":1}", "[{\"op\":\"replace\",\"path\":\"/a\","
                 "\"value\":null}]", "{\"a\":null}"));
    /* copy is deep: changing the copy keeps the source */
    CU_ASSERT(ok("{\"a\":{\"x\":1}}",
                 "[{\"op\":\"copy\",\"from\":\"/a\",\"path\":\"/b\"},"
                 "{\"op\":\"replace\",\"path\":\"/b/x\",\"value\":2}]",
                 "{\"a\":{\"x\":1},\"b\":{\"x\":2}}"));
    CU_ASSERT(ok("[1,2]", "[{\"op\":\"copy\",\"from\":\"/0\","
                 "\"path\":\"/-\"}]", "[1,2,1]"));
    /* move: to itself is nothing; array to object; member rename */
    CU_ASSERT(ok("{\"a\":1}", "[{\"op\":\"move\",\"from\":\"/a\","
                 "\"path\":\"/a\"}]", "{\"a\":1}"));
    CU_ASSERT(ok("{\"l\":[1,2],\"o\":{}}", "[{\"op\":\"move\","
                 "\"from\":\"/l/0\",\"path\":\"/o/x\"}]",
                 "{\"l\":[2],\"o\":{\"x\":1}}"));
    CU_ASSERT(ok("{\"a\":{\"b\":1}}", "[{\"op\":\"move\",\"from\":\"/a\","
                 "\"path\":\"/ab\"}]", "{\"ab\":{\"b\":1}}"));
    /* test on objects in another member order, arrays, null, bool */
    CU_ASSERT(ok("{\"o\":{\"a\":1,\"b\":[true,null]}}",
                 "[{\"op\":\"test\",\"path\":\"/o\",\"value\":"
                 "{\"b\":[true,null],\"a\":1}}]",
                 "{\"o\":{\"a\":1,\"b\":[true,null]}}"));
    CU_ASSERT(bad("{\"o\":[1,2]}", "[{\"op\":\"test\",\"path\":\"/o\","
                  "\"value\":[2,1]}]", 0, "not the one tested"));
    CU_ASSERT(bad("{\"o\":{\"a\":1}}", "[{\"op\":\"test\",\"path\":\"/o\","
                  "\"value\":{\"a\":1,\"b\":2}}]", 0, "not the one"));
    CU_ASSERT(bad("{\"o\":null}", "[{\"op\":\"test\",\"path\":\"/o\","
                  "\"value\":false}]", 0, "not the one"));
    /* a key with "/" and "~" in it */
    CU_ASSERT(ok("{}", "[{\"op\":\"add\",\"path\":\"/a~1b~0c\","
                 "\"value\":1}]", "{\"a/b~c\":1}"));
}

static void test_numbers(void)
{
    static const char *const same[][2] = {
        {"1", "1.0"}, {"1", "10e-1"}, {"1", "0.1E1"}, {"0", "-0"},
        {"0", "0.000e5"}, {"-0.0", "0E-7"}, {"100", "1e2"},
        {"100", "1E+2"}, {"12.50", "1.25e1"}, {"0.001", "1e-3"},
        {"123456789012345678901234567890",
         "1.2345678901234567890123456789e29"},
        {"-2.5", "-25e-1"}
    };
    static const char *const differ[][2] = {
        {"1", "-1"}, {"1", "1.0000000000000000000001"}, {"10", "1"},
        {"12", "21"}, {"1e2", "1e3"}, {"0.1", "0.01"},
        {"9007199254740993", "9007199254740992"}
    };
    size_t i;

    for (i = 0; i < sizeof same / sizeof same[0]; i++) {
        CU_ASSERT(gcx_jsonpatch_equal(js(same[i][0]), js(same[i][1])));
        CU_ASSERT(gcx_jsonpatch_equal(js(same[i][1]), js(same[i][0])));
    }
    for (i = 0; i < sizeof differ / sizeof differ[0]; i++)
        CU_ASSERT(!gcx_jsonpatch_equal(js(differ[i][0]),
                                       js(differ[i][1])));
    CU_ASSERT(ok("{\"n\":1.50}", "[{\"op\":\"test\",\"path\":\"/n\","
                 "\"value\":15e-1}]", "{\"n\":1.5}"));
    CU_ASSERT(!gcx_jsonpatch_equal(js("1"), js("\"1\"")));
}

static void test_errors(void)
{
    static const char *const doc = "{\"a\":[1,2],\"o\":{\"x\":1}}";

    CU_ASSERT(bad(doc, "[{\"op\":\"remove\",\"path\":\"/nope\"}]", 0,
                  "does not exist"));
    CU_ASSERT(bad(doc, "[{\"op\":\"replace\",\"path\":\"/nope\","
                  "\"value\":1}]", 0, "does not exist"));
    CU_ASSERT(bad(doc, "[{\"op\":\"test\",\"path\":\"/o/y\","
                  "\"value\":1}]", 0, "does not exist"));
    CU_ASSERT(bad(doc, "[{\"op\":\"add\",\"path\":\"/a/3\",\"value\":1}]",
                  0, "past the end"));
    CU_ASSERT(bad(doc, "[{\"op\":\"remove\",\"path\":\"/a/2\"}]", 0,
                  "past the end"));
    CU_ASSERT(bad(doc, "[{\"op\":\"add\",\"path\":\"/a/01\",\"value\":1}]",
                  0, "not an array index"));
    CU_ASSERT(bad(doc, "[{\"op\":\"add\",\"path\":\"/a/x\",\"value\":1}]",
                  0, "not an array index"));
    CU_ASSERT(bad(doc, "[{\"op\":\"add\",\"path\":\"/a/-1\",\"value\":1}]",
                  0, "not an array index"));
    CU_ASSERT(bad(doc, "[{\"op\":\"remove\",\"path\":\"/a/-\"}]", 0,
                  "'-'"));
    CU_ASSERT(bad(doc, "[{\"op\":\"replace\",\"path\":\"/a/-\","
                  "\"value\":1}]", 0, "'-'"));
    CU_ASSERT(bad(doc, "[{\"op\":\"move\",\"from\":\"/o\","
                  "\"path\":\"/o/x/y\"}]", 0, "own children"));
    CU_ASSERT(bad(doc, "[{\"op\":\"move\",\"from\":\"/nope\","
                  "\"path\":\"/b\"}]", 0, "\"from\" does not exist"));
    CU_ASSERT(bad(doc, "[{\"op\":\"copy\",\"from\":\"/a/5\","
                  "\"path\":\"/b\"}]", 0, "\"from\" does not exist"));
    CU_ASSERT(bad(doc, "[{\"op\":\"remove\",\"path\":\"\"}]", 0,
                  "whole document"));
    CU_ASSERT(bad(doc, "[{\"op\":\"add\",\"path\":\"/o/x/y\","
                  "\"value\":1}]", 0, "neither an object nor an array"));
    /* malformed operations */
    CU_ASSERT(bad(doc, "[{\"op\":\"frob\",\"path\":\"/a\"}]", 0,
                  "unknown operation"));
    CU_ASSERT(bad(doc, "[{\"path\":\"/a\"}]", 0, "\"op\""));
    CU_ASSERT(bad(doc, "[{\"op\":\"add\",\"path\":\"/b\"}]", 0,
                  "\"value\""));
    CU_ASSERT(bad(doc, "[{\"op\":\"add\",\"value\":1}]", 0, "\"path\""));
    CU_ASSERT(bad(doc, "[{\"op\":\"move\",\"path\":\"/b\"}]", 0,
                  "\"from\""));
    CU_ASSERT(bad(doc, "[{\"op\":\"add\",\"path\":\"b\",\"value\":1}]", 0,
                  "does not start with '/'"));
    CU_ASSERT(bad(doc, "[{\"op\":\"add\",\"path\":\"/~2\",\"value\":1}]",
                  0, "'~' not followed"));
    CU_ASSERT(bad(doc, "[1]", 0, "not an object"));
    CU_ASSERT(bad(doc, "{\"op\":\"add\"}", (size_t)-1, "array of "
                  "operations"));
}

static void test_all_or_nothing(void)
{
    /* the third operation fails: the first two are undone, and the
     * index of the failing one is reported */
    CU_ASSERT(bad("{\"a\":1,\"l\":[1]}",
                  "[{\"op\":\"replace\",\"path\":\"/a\",\"value\":2},"
                  "{\"op\":\"add\",\"path\":\"/l/-\",\"value\":2},"
                  "{\"op\":\"test\",\"path\":\"/a\",\"value\":1}]",
                  2, "operation 2 (test /a)"));
    CU_ASSERT(ok("{\"a\":1}", "[]", "{\"a\":1}"));
}

static const gcx_unit_case cases[] = {
    {"RFC 6902 appendix A", test_rfc6902_appendix_a},
    {"RFC 6901 pointers", test_rfc6901_pointers},
    {"every operation", test_every_op},
    {"numbers compare by value", test_numbers},
    {"every error", test_errors},
    {"all or nothing", test_all_or_nothing},
    {NULL, NULL}
};

static int run(void)
{
    int r;

    arena = gcx_arena_new();
    r = gcx_unit_run("jsonpatch", cases);
    gcx_arena_free(arena);
    return r;
}

int main(void)
{
    return run();
}
