/* tests/unit/test_json_out.c - the JSON writer (separators, escaping,
 * pretty printing, misuse) and the record sinks. */
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <gcx/json_out.h>
#include "unit.h"

static void test_compact(void)
{
    gcx_buf b;
    gcx_jw w;

    gcx_buf_init(&b, 0);
    gcx_jw_init(&w, &b, 0);
    gcx_jw_begin_object(&w);
    gcx_jw_key(&w, "a", 1);
    gcx_jw_begin_array(&w);
    gcx_jw_number(&w, "12345678901234567890123", 23);
    gcx_jw_string(&w, "x", 1);
    gcx_jw_bool(&w, 0);
    gcx_jw_null(&w);
    gcx_jw_begin_object(&w);
    gcx_jw_end_object(&w);
    gcx_jw_end_array(&w);
    gcx_jw_key(&w, "b", 1);
    gcx_jw_begin_array(&w);
    gcx_jw_end_array(&w);
    CU_ASSERT_EQUAL(gcx_jw_end_object(&w), GCX_OK);
    CU_ASSERT_STRING_EQUAL(b.data, "{\"a\":[12345678901234567890123,"
                                   "\"x\",false,null,{}],\"b\":[]}");
    gcx_buf_free(&b);
}

static void test_escape(void)
{
    gcx_buf b;

    gcx_buf_init(&b, 0);
    gcx_json_escape(&b, "q\"b\\n\n\t\x01\x1f\x7f\0z", 12);
    CU_ASSERT_EQUAL(b.len, strlen("\"q\\\"b\\\\n\\n\\t\\u0001\\u001f\x7f"
                                  "\\u0000z\""));
    CU_ASSERT_EQUAL(memcmp(b.data, "\"q\\\"b\\\\n\\n\\t\\u0001\\u001f\x7f"
                                   "\\u0000z\"", b.len), 0);
    gcx_buf_reset(&b);
    /* UTF-8 passes through unchanged */
    gcx_json_escape(&b, "\xd8\xa3\xd8\xad\xd9\x85\xd8\xaf", 8);
    CU_ASSERT_STRING_EQUAL(b.data, "\"\xd8\xa3\xd8\xad\xd9\x85\xd8\xaf\"");
    gcx_buf_free(&b);
}

static void test_escape_limit(void)
{
    gcx_buf b;
    char s[64];

    memset(s, '\n', sizeof s); /* every byte expands to two */
    gcx_buf_init(&b, 100);
    CU_ASSERT_EQUAL(gcx_json_escape(&b, s, sizeof s), GCX_E_LIMIT);
    gcx_buf_free(&b);
    gcx_buf_init(&b, 200);
    CU_ASSERT_EQUAL(gcx_json_escape(&b, s, sizeof s), GCX_OK);
    CU_ASSERT_EQUAL(b.len, 130);
    gcx_buf_free(&b);
}

static void test_pretty(void)
{
    gcx_buf b;
    gcx_jw w;

    gcx_buf_init(&b, 0);
    gcx_jw_init(&w, &b, 1);
    gcx_jw_begin_object(&w);
    gcx_jw_key(&w, "a", 1);
    gcx_jw_begin_array(&w);
    gcx_jw_string(&w, "x", 1);
    gcx_jw_string(&w, "y", 1);
    gcx_jw_end_array(&w);
    gcx_jw_key(&w, "e", 1);
    gcx_jw_begin_array(&w);
    gcx_jw_end_array(&w);
    gcx_jw_end_object(&w);
    CU_ASSERT_STRING_EQUAL(b.data, "{\n  \"a\": [\n    \"x\",\n    \"y\"\n"
                                   "  ],\n  \"e\": []\n}");
    gcx_buf_free(&b);
}

static void test_misuse_is_sticky(void)
{
    gcx_buf b;
    gcx_jw w;

    gcx_buf_init(&b, 0);
    gcx_jw_init(&w, &b, 0);
    gcx_jw_begin_object(&w);
    /* a value where a key is due */
    CU_ASSERT_EQUAL(gcx_jw_string(&w, "x", 1), GCX_E_INTERNAL);
    CU_ASSERT_EQUAL(gcx_jw_end_object(&w), GCX_E_INTERNAL);
    gcx_jw_init(&w, &b, 0);
    CU_ASSERT_EQUAL(gcx_jw_key(&w, "k", 1), GCX_E_INTERNAL);
    gcx_jw_init(&w, &b, 0);
    gcx_jw_begin_array(&w);
    CU_ASSERT_EQUAL(gcx_jw_end_object(&w), GCX_E_INTERNAL);
    gcx_buf_free(&b);
}

static void test_value_roundtrip(void)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *o = gcx_json_new_object(a, 0), *arr = gcx_json_new_array(a, 0);
    gcx_buf b;
    gcx_jw w;

    gcx_json_array_push(a, arr, gcx_json_new_number(a, "-0", 2));
    gcx_json_array_push(a, arr, gcx_json_new_bool(a, 1));
    gcx_json_object_put(a, o, "k\0x", 3, arr);
    gcx_buf_init(&b, 0);
    gcx_jw_init(&w, &b, 0);
    CU_ASSERT_EQUAL(gcx_jw_value(&w, o), GCX_OK);
    CU_ASSERT_STRING_EQUAL(b.data, "{\"k\\u0000x\":[-0,true]}");
    gcx_buf_free(&b);
    gcx_arena_free(a);
}

/* read_all: the contents of a file into a static buffer. */
static const char *read_all(const char *path)
{
    static char text[4096];
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;

    if (f)
        fclose(f);
    text[n] = '\0';
    return text;
}

static void sink_case(gcx_json_framing framing, int records,
                      const char *want)
{
    char dir[] = "/tmp/gcx-sink.XXXXXX", path[64];
    gcx_output *o;
    gcx_json_sink *s;
    gcx_error e;
    int i;

    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/out.json", dir);
    CU_ASSERT_EQUAL_FATAL(gcx_output_open(&o, path, 0, &e), GCX_OK);
    CU_ASSERT_EQUAL_FATAL(gcx_json_sink_new(&s, o, framing, 0, &e), GCX_OK);
    for (i = 0; i < records; i++) {
        gcx_jw *w = gcx_json_sink_begin(s);

        gcx_jw_begin_object(w);
        gcx_jw_key(w, "n", 1);
        gcx_jw_number(w, i ? "2" : "1", 1);
        gcx_jw_end_object(w);
        CU_ASSERT_EQUAL(gcx_json_sink_end(s, &e), GCX_OK);
    }
    CU_ASSERT_EQUAL(gcx_json_sink_finish(s, &e), GCX_OK);
    CU_ASSERT_EQUAL(gcx_json_sink_records(s), (unsigned long long)records);
    gcx_json_sink_free(s);
    CU_ASSERT_EQUAL(gcx_output_commit(o, &e), GCX_OK);
    CU_ASSERT_STRING_EQUAL(read_all(path), want);
    unlink(path);
    rmdir(dir);
}

static void test_sinks(void)
{
    sink_case(GCX_JSON_FRAMING_NDJSON, 2, "{\"n\":1}\n{\"n\":2}\n");
    sink_case(GCX_JSON_FRAMING_NDJSON, 0, "");
    sink_case(GCX_JSON_FRAMING_ARRAY, 2, "[\n{\"n\":1},\n{\"n\":2}\n]\n");
    sink_case(GCX_JSON_FRAMING_ARRAY, 0, "[]\n");
}

static const gcx_unit_case cases[] = {
    {"compact output", test_compact},
    {"string escaping", test_escape},
    {"escaping respects the buffer limit", test_escape_limit},
    {"pretty output", test_pretty},
    {"misuse is an error and sticky", test_misuse_is_sticky},
    {"whole values", test_value_roundtrip},
    {"NDJSON and array sinks", test_sinks},
    {NULL, NULL}
};

GCX_UNIT_MAIN("json_out", cases)
