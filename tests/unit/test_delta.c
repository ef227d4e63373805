/* tests/unit/test_delta.c - unit tests for the delta reader
 * (lib/delta.c): a good delta entry by entry; every error with its line
 * (no header, unknown version, bad key pointer, out of order, a key
 * twice, wrong counts, bad op, key, fingerprint, record or patch); key
 * bytes of delta keys and of records agree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gcx/delta.h>
#include <gcx/io.h>
#include <gcx/json.h>

#include "unit.h"

#define HDR "{\"gcxDelta\":1,\"key\":[\"/t\",\"/id\"],"
#define FP "sha256:0123456789abcdef0123456789abcdef" \
           "0123456789abcdef0123456789abcdef"

static gcx_error err;

/* with_delta: write text to a temporary file and open it. */
static gcx_input *with_delta(const char *text, char *path)
{
    gcx_input *in = NULL;
    FILE *f;
    int fd;

    strcpy(path, "/tmp/gcx-test-delta.XXXXXX");
    fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    gcx_error_clear(&err);
    if (gcx_input_open(&in, path, &err))
        return NULL;
    return in;
}

/* read_all: read the delta; the status of the first failure (GCX_OK when
 * all read), *n the entries read; err has the message and line. */
static gcx_status read_all(const char *text, int *n)
{
    char path[64];
    gcx_input *in = with_delta(text, path);
    gcx_delta_reader *r = NULL;
    gcx_delta_entry e;
    gcx_status st;
    int got = 1;

    *n = 0;
    st = gcx_delta_reader_new(&r, in, &err);
    while (!st && got) {
        st = gcx_delta_reader_next(r, &e, &got, &err);
        if (!st && got)
            (*n)++;
    }
    gcx_delta_reader_free(r);
    gcx_input_close(in);
    unlink(path);
    return st;
}

static void test_good(void)
{
    static const char text[] =
        HDR "\"added\":1,\"removed\":1,\"changed\":1}\n"
        "{\"op\":\"remove\",\"key\":[\"p\",\"1\"],\"fingerprint\":\"" FP
        "\"}\n"
        "{\"op\":\"change\",\"key\":[\"p\",\"2\"],\"patch\":[]}\n"
        "{\"op\":\"add\",\"key\":[\"p\",\"3\"],\"record\":{\"t\":\"p\","
        "\"id\":\"3\"}}\n";
    char path[64];
    gcx_input *in = with_delta(text, path);
    gcx_delta_reader *r = NULL;
    const gcx_delta_header *h;
    gcx_delta_entry e;
    int got;

    CU_ASSERT_FATAL(gcx_delta_reader_new(&r, in, &err) == GCX_OK);
    h = gcx_delta_reader_header(r);
    CU_ASSERT(h->version == 1 && h->nkey == 2);
    CU_ASSERT(strcmp(h->key[0], "/t") == 0 && strcmp(h->key[1], "/id")
              == 0);
    CU_ASSERT(h->added == 1 && h->removed == 1 && h->changed == 1);
    CU_ASSERT(gcx_delta_reader_next(r, &e, &got, &err) == GCX_OK && got);
    CU_ASSERT(e.op == GCX_DELTA_REMOVE && e.line == 2 && e.number == 1);
    CU_ASSERT(strncmp(e.fingerprint, "0123456789abcdef", 16) == 0);
    CU_ASSERT(e.klen == 8 && memcmp(e.kbytes, "\"p\"\0\"1\"\0", 8) == 0);
    CU_ASSERT(gcx_delta_reader_next(r, &e, &got, &err) == GCX_OK && got);
    CU_ASSERT(e.op == GCX_DELTA_CHANGE && e.patch && e.patch->len == 0);
    CU_ASSERT(gcx_delta_reader_next(r, &e, &got, &err) == GCX_OK && got);
    CU_ASSERT(e.op == GCX_DELTA_ADD && e.record && e.line == 4);
    CU_ASSERT(gcx_delta_reader_next(r, &e, &got, &err) == GCX_OK && !got);
    gcx_delta_reader_free(r);
    gcx_input_close(in);
    unlink(path);
}

/* fails: the delta fails at line with a message holding what. */
static int fails(const char *text, unsigned long line, const char *what)
{
    int n;

    if (read_all(text, &n) == GCX_OK)
        return 0;
    if (err.line != line || !strstr(err.message, what)) {
        fprintf(stderr, "line %lu: %s\n", err.line, err.message);
        return 0;
    }
    return 1;
}

static void test_errors(void)
{
    CU_ASSERT(fails("", 0, "no header"));
    CU_ASSERT(fails("{\"key\":[\"/a\"]}\n", 1, "no \"gcxDelta\""));
    CU_ASSERT(fails("{\"gcxDelta\":2,\"key\":[\"/a\"],\"added\":0,"
                    "\"removed\":0,\"changed\":0}\n", 1, "version 2"));
    CU_ASSERT(fails("{\"gcxDelta\":1,\"key\":[\"a\"],\"added\":0,"
                    "\"removed\":0,\"changed\":0}\n", 1, "start with"));
    CU_ASSERT(fails("{\"gcxDelta\":1,\"key\":[],\"added\":0,"
                    "\"removed\":0,\"changed\":0}\n", 1, "\"key\""));
    CU_ASSERT(fails(HDR "\"added\":-1,\"removed\":0,\"changed\":0}\n", 1,
                    "not a count"));
    CU_ASSERT(fails(HDR "\"removed\":0,\"changed\":0}\n", 1,
                    "\"added\""));
    CU_ASSERT(fails(HDR "\"added\":2,\"removed\":0,\"changed\":0}\n"
                    "{\"op\":\"add\",\"key\":[\"p\",\"2\"],\"record\":{}}\n"
                    "{\"op\":\"add\",\"key\":[\"p\",\"1\"],\"record\":{}}\n",
                    3, "out of order"));
    CU_ASSERT(fails(HDR "\"added\":2,\"removed\":0,\"changed\":0}\n"
                    "{\"op\":\"add\",\"key\":[\"p\",\"1\"],\"record\":{}}\n"
                    "{\"op\":\"add\",\"key\":[\"p\",\"1\"],\"record\":{}}\n",
                    3, "appears twice"));
    CU_ASSERT(fails(HDR "\"added\":2,\"removed\":0,\"changed\":0}\n"
                    "{\"op\":\"add\",\"key\":[\"p\",\"1\"],\"record\":{}}\n",
                    2, "header counts 2 added"));
    CU_ASSERT(fails(HDR "\"added\":0,\"removed\":0,\"changed\":0}\n"
                    "{\"op\":\"frob\",\"key\":[\"p\",\"1\"]}\n", 2,
                    "unknown op"));
    CU_ASSERT(fails(HDR "\"added\":1,\"removed\":0,\"changed\":0}\n"
                    "{\"op\":\"add\",\"key\":[\"p\"],\"record\":{}}\n", 2,
                    "array of 2 values"));
    CU_ASSERT(fails(HDR "\"added\":1,\"removed\":0,\"changed\":0}\n"
                    "{\"op\":\"add\",\"key\":[\"p\",\"1\"]}\n", 2,
                    "\"record\""));
    CU_ASSERT(fails(HDR "\"added\":0,\"removed\":1,\"changed\":0}\n"
                    "{\"op\":\"remove\",\"key\":[\"p\",\"1\"],"
                    "\"fingerprint\":\"sha256:ABC\"}\n", 2,
                    "\"fingerprint\""));
    CU_ASSERT(fails(HDR "\"added\":0,\"removed\":0,\"changed\":1}\n"
                    "{\"op\":\"change\",\"key\":[\"p\",\"1\"],"
                    "\"patch\":{}}\n", 2, "\"patch\""));
    CU_ASSERT(fails(HDR "\"added\":0,\"removed\":0,\"changed\":1}\n"
                    "{\"op\":\"change\",\"key\":[\"p\",\"1\"],\n", 2, ""));
}

static void test_keys(void)
{
    static const char *const ptrs[] = {"/t", "/id", "/missing"};
    gcx_arena *a = gcx_arena_new();
    gcx_json *rec = NULL, *key = NULL;
    gcx_buf b1, b2, t;

    gcx_buf_init(&b1, 0);
    gcx_buf_init(&b2, 0);
    gcx_buf_init(&t, 0);
    CU_ASSERT(gcx_json_parse("{\"id\":1.50,\"t\":\"p\"}", 19, "r", NULL, a,
                             &rec, &err) == GCX_OK);
    CU_ASSERT(gcx_json_parse("[\"p\",1.5,null]", 14, "k", NULL, a, &key,
                             &err) == GCX_OK);
    CU_ASSERT(gcx_delta_record_key(NULL, rec, ptrs, 3, &b1, &err)
              == GCX_OK);
    CU_ASSERT(gcx_delta_key(NULL, key, 3, &b2, &err) == GCX_OK);
    CU_ASSERT(b1.len == b2.len && memcmp(b1.data, b2.data, b1.len) == 0);
    CU_ASSERT(b1.len == 13 && memcmp(b1.data, "\"p\"\0" "1.5\0null\0",
                                     13) == 0);
    CU_ASSERT(gcx_delta_key_text(key, &t) == GCX_OK);
    CU_ASSERT(strcmp(t.data, "p/1.5/null") == 0);
    CU_ASSERT(gcx_delta_key(NULL, key, 2, &b2, &err) == GCX_E_INVALID);
    gcx_buf_free(&b1);
    gcx_buf_free(&b2);
    gcx_buf_free(&t);
    gcx_arena_free(a);
}

static const gcx_unit_case cases[] = {
    {"a good delta", test_good},
    {"every error, with its line", test_errors},
    {"key bytes", test_keys},
    {NULL, NULL}
};

GCX_UNIT_MAIN("delta", cases)
