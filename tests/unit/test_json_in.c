/* tests/unit/test_json_in.c - unit tests for the strict JSON parser and
 * the streaming record reader (lib/json_in.c): grammar, encoding, limits,
 * positions, every layout, refills across tiny and large chunks, the
 * tests/json corpus, and a differential check against cJSON.
 */
#include <gcx/json.h>
#include <gcx/json_in.h>
#include <gcx/io.h>
#include <gcx/alloc.h>

#include <cJSON.h>
#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "unit.h"

/* ------------------------------------------------------------ helpers */

/* parse_st: the status of gcx_json_parse on n bytes of s (opt may be
 * NULL); err receives the error when not NULL. */
static gcx_status parse_st(const char *s, size_t n,
                           const gcx_json_parse_options *opt, gcx_error *err)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *v = NULL;
    gcx_status st;

    st = gcx_json_parse(s, n, "t.json", opt, a, &v, err);
    if (st == GCX_OK) {
        CU_ASSERT_PTR_NOT_NULL(v);
    } else {
        CU_ASSERT_PTR_NULL(v);
    }
    gcx_arena_free(a);
    return st;
}

#define PST(lit) parse_st(lit, sizeof(lit) - 1, NULL, NULL)

/* parse_ok: parse s into arena a; asserts success. */
static gcx_json *parse_ok(gcx_arena *a, const char *s, size_t n)
{
    gcx_json *v = NULL;
    gcx_error e;
    gcx_status st = gcx_json_parse(s, n, "t.json", NULL, a, &v, &e);

    if (st)
        fprintf(stderr, "\nunexpected error: %s\n", e.message);
    CU_ASSERT_EQUAL(st, GCX_OK);
    return v;
}

/* make_temp: write n bytes to a new temporary file; path gets its name. */
static void make_temp(char *path, size_t size, const void *s, size_t n)
{
    const char *dir = getenv("TMPDIR");
    int fd;

    snprintf(path, size, "%s/gcx-json-in-XXXXXX", dir && *dir ? dir
                                                               : "/tmp");
    fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_FATAL(write(fd, s, n) == (ssize_t)n);
    close(fd);
}

/* A reader over a temporary file or over a pipe fed by a child. */
typedef struct rd {
    char path[256];
    pid_t child;
    gcx_input *in;
    gcx_json_reader *r;
} rd;

static gcx_status rd_new(rd *x, const gcx_json_reader_options *o,
                         gcx_error *err)
{
    gcx_error e;

    CU_ASSERT_FATAL(gcx_input_open(&x->in, x->path, &e) == GCX_OK);
    return gcx_json_reader_new(&x->r, x->in, o, err);
}

/* rd_open: a reader over a temporary file holding n bytes of s. */
static void rd_open(rd *x, const char *s, size_t n,
                    const gcx_json_reader_options *o)
{
    memset(x, 0, sizeof *x);
    make_temp(x->path, sizeof x->path, s, n);
    CU_ASSERT_FATAL(rd_new(x, o, NULL) == GCX_OK);
}

/* rd_open_pipe: a reader over a pipe that a child process feeds step
 * bytes at a time (step 0: random steps of 1 to 7 bytes), pausing
 * between writes so most reads return just what one write sent. */
static void rd_open_pipe(rd *x, const char *s, size_t n, size_t step,
                         const gcx_json_reader_options *o)
{
    int fds[2];

    memset(x, 0, sizeof *x);
    CU_ASSERT_FATAL(pipe(fds) == 0);
    fflush(NULL);
    x->child = fork();
    CU_ASSERT_FATAL(x->child >= 0);
    if (x->child == 0) {
        size_t i = 0, k;
        unsigned seed = 7;
        struct timespec ts = {0, 20000};

        signal(SIGPIPE, SIG_DFL);
        close(fds[0]);
        while (i < n) {
            seed = seed * 1103515245u + 12345u;
            k = step ? step : 1 + (seed >> 16) % 7;
            if (k > n - i)
                k = n - i;
            if (write(fds[1], s + i, k) != (ssize_t)k)
                _exit(1);
            i += k;
            nanosleep(&ts, NULL);
        }
        _exit(0);
    }
    close(fds[1]);
    snprintf(x->path, sizeof x->path, "/dev/fd/%d", fds[0]);
    CU_ASSERT_FATAL(rd_new(x, o, NULL) == GCX_OK);
    close(fds[0]);
}

static void rd_close(rd *x)
{
    int status;

    gcx_json_reader_free(x->r);
    gcx_input_close(x->in);
    if (x->child > 0) {
        kill(x->child, SIGTERM);
        waitpid(x->child, &status, 0);
    } else if (x->path[0]) {
        unlink(x->path);
    }
    memset(x, 0, sizeof *x);
}

static gcx_json_reader_options layout_opts(gcx_json_layout l,
                                           const char *pointer)
{
    gcx_json_reader_options o = gcx_json_reader_options_default();

    o.layout = l;
    o.pointer = pointer;
    return o;
}

/* text_is: v is a string or number with exactly the bytes s. */
static int text_is(const gcx_json *v, const char *s, size_t n)
{
    return v && (v->type == GCX_JSON_STRING || v->type == GCX_JSON_NUMBER)
           && v->len == n && memcmp(v->u.text, s, n) == 0;
}

#define TEXT_IS(v, lit) text_is(v, lit, sizeof(lit) - 1)

/* get: member key of object v. */
static const gcx_json *get(const gcx_json *v, const char *key)
{
    return gcx_json_object_get(v, key);
}

/* ---------------------------------------------------------- grammar */

static void test_trailing_content(void)
{
    gcx_error e;

    CU_ASSERT_EQUAL(PST("1 2"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("[1] x"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("{}{}"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("[1]]"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("1,"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("null\x00"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST(" \n[1]\r\n\t "), GCX_OK);
    CU_ASSERT_EQUAL(parse_st("[1] x", 5, NULL, &e), GCX_E_SYNTAX);
    CU_ASSERT_STRING_EQUAL(e.message,
                           "expected end of input after value, found 'x'");
    CU_ASSERT_EQUAL(e.column, 5);
}

static void test_number_reject(void)
{
    static const char *bad[] = {
        "-01", "2.", "0.e1", ".5", "+1", "1e", "01", "-", "1.0e+",
        "Infinity", "-Infinity", "NaN", "00", "1.e5", "0x1", "1e+-1",
        "--1", "1.5.", "1e5.0", "-.5", "1E", "- 1", "\xd9\xa1", NULL
    };
    int i;

    for (i = 0; bad[i]; i++) {
        gcx_status st = parse_st(bad[i], strlen(bad[i]), NULL, NULL);

        if (st != GCX_E_SYNTAX)
            fprintf(stderr, "\n%s: %s\n", bad[i], gcx_status_name(st));
        CU_ASSERT_EQUAL(st, GCX_E_SYNTAX);
    }
}

static void test_number_accept(void)
{
    static const char *good[] = {
        "0", "-0", "1.10", "1e5", "1E-5", "1e+5", "0.0", "-0.0e-0",
        "1234567890123456789012345", "123.456e789", "9", "-9.99E+99", NULL
    };
    gcx_arena *a = gcx_arena_new();
    gcx_json *v;
    int i;

    for (i = 0; good[i]; i++) {
        v = parse_ok(a, good[i], strlen(good[i]));
        CU_ASSERT_PTR_NOT_NULL_FATAL(v);
        CU_ASSERT_EQUAL(v->type, GCX_JSON_NUMBER);
        CU_ASSERT_TRUE(text_is(v, good[i], strlen(good[i])));
    }
    /* the text is kept exactly, inside containers too */
    v = parse_ok(a, "[1.10,-0,1E-5]", 14);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_TRUE(TEXT_IS(v->u.items[0], "1.10"));
    CU_ASSERT_TRUE(TEXT_IS(v->u.items[1], "-0"));
    CU_ASSERT_TRUE(TEXT_IS(v->u.items[2], "1E-5"));
    gcx_arena_free(a);
}

static void test_number_huge(void)
{
    size_t n = 100000, i;
    char *s = malloc(n + 3);
    gcx_arena *a = gcx_arena_new();
    gcx_json_parse_options o = gcx_json_parse_options_default();
    gcx_json *v;
    gcx_error e;

    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    s[0] = '-';
    for (i = 1; i < n; i++)
        s[i] = (char)('0' + (i % 9) + 1);
    memcpy(s + n, "e9", 2);
    v = parse_ok(a, s, n + 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(v->type, GCX_JSON_NUMBER);
    CU_ASSERT_TRUE(text_is(v, s, n + 2));
    /* above max_string_bytes it is refused */
    o.limits.max_string_bytes = 1000;
    CU_ASSERT_EQUAL(parse_st(s, n + 2, &o, &e), GCX_E_LIMIT);
    CU_ASSERT_EQUAL(e.line, 1);
    CU_ASSERT_EQUAL(e.column, 1);
    o.limits.max_string_bytes = n + 2;
    CU_ASSERT_EQUAL(parse_st(s, n + 2, &o, NULL), GCX_OK);
    o.limits.max_string_bytes = n + 1;
    CU_ASSERT_EQUAL(parse_st(s, n + 2, &o, NULL), GCX_E_LIMIT);
    gcx_arena_free(a);
    free(s);
}

static void test_literals(void)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *v = parse_ok(a, "[true,false,null]", 17);
    gcx_error e;

    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(v->len, 3);
    CU_ASSERT_EQUAL(v->u.items[0]->type, GCX_JSON_TRUE);
    CU_ASSERT_EQUAL(v->u.items[1]->type, GCX_JSON_FALSE);
    CU_ASSERT_EQUAL(v->u.items[2]->type, GCX_JSON_NULL);
    CU_ASSERT_EQUAL(PST("tru"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("True"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("nulll"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("[fals]"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(parse_st("[nul]", 5, NULL, &e), GCX_E_SYNTAX);
    CU_ASSERT_STRING_EQUAL(e.message, "expected 'null', found ']'");
    CU_ASSERT_EQUAL(e.column, 5);
    CU_ASSERT_STRING_EQUAL(e.path, "/0");
    gcx_arena_free(a);
}

static void test_structure_errors(void)
{
    gcx_error e;

    CU_ASSERT_EQUAL(PST("[1,]"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("{\"a\":1,}"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("{a:1}"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("{\"a\" 1}"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("[1 2]"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("[,1]"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("{,}"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("[1"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("{\"a\":"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("{\"a\":1 \"b\":2}"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("['a']"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("[1]//"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("[1,\f2]"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("[1,\v2]"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(parse_st("{\"a\":1 x}", 9, NULL, &e), GCX_E_SYNTAX);
    CU_ASSERT_STRING_EQUAL(e.message, "expected ',' or '}' after object "
                           "member, found 'x'");
    CU_ASSERT_EQUAL(parse_st("{\"a\":1", 6, NULL, &e), GCX_E_SYNTAX);
    CU_ASSERT_STRING_EQUAL(e.message, "expected ',' or '}' after object "
                           "member, found end of input");
    CU_ASSERT_EQUAL(e.column, 7);
    CU_ASSERT_EQUAL(parse_st("[1 2]", 5, NULL, &e), GCX_E_SYNTAX);
    CU_ASSERT_STRING_EQUAL(e.message, "expected ',' or ']' after array "
                           "item, found '2'");
    CU_ASSERT_EQUAL(parse_st("{1:2}", 5, NULL, &e), GCX_E_SYNTAX);
    CU_ASSERT_STRING_EQUAL(e.message, "expected string key or '}' after "
                           "'{', found '1'");
}

static void test_empty_input(void)
{
    gcx_error e;

    CU_ASSERT_EQUAL(parse_st("", 0, NULL, &e), GCX_E_SYNTAX);
    CU_ASSERT_STRING_EQUAL(e.message, "expected value, found end of input");
    CU_ASSERT_EQUAL(e.line, 1);
    CU_ASSERT_EQUAL(e.column, 1);
    CU_ASSERT_STRING_EQUAL(e.file, "t.json");
    CU_ASSERT_EQUAL(parse_st(NULL, 0, NULL, NULL), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(parse_st(" \n\t\r\n", 5, NULL, &e), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(e.line, 3);
    CU_ASSERT_EQUAL(e.column, 1);
}

/* ------------------------------------------------------------ strings */

static void test_control_chars(void)
{
    gcx_error e;
    char s[8];
    int c;

    for (c = 0; c < 0x20; c++) {
        snprintf(s, sizeof s, "\"a?b\"");
        s[2] = (char)c;
        CU_ASSERT_EQUAL(parse_st(s, 5, NULL, NULL), GCX_E_SYNTAX);
    }
    CU_ASSERT_EQUAL(PST("\"a\x7f\""), GCX_OK);
    CU_ASSERT_EQUAL(parse_st("[\"a\tb\"]", 7, NULL, &e), GCX_E_SYNTAX);
    CU_ASSERT_STRING_EQUAL(e.message, "raw control character U+0009 in "
                           "string (must be escaped)");
    CU_ASSERT_EQUAL(e.column, 4);
    CU_ASSERT_STRING_EQUAL(e.path, "/0");
    CU_ASSERT_EQUAL(PST("{\"a\nb\":1}"), GCX_E_SYNTAX);
}

static void test_escapes(void)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *v;
    gcx_error e;

    v = parse_ok(a, "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", 18);
    CU_ASSERT_TRUE(TEXT_IS(v, "\"\\/\b\f\n\r\t"));
    v = parse_ok(a, "\"\\u00e9\\u4E2D\\u0041x\"", 21);
    CU_ASSERT_TRUE(TEXT_IS(v, "\xc3\xa9\xe4\xb8\xad" "Ax"));
    v = parse_ok(a, "\"\\ud83d\\ude00\"", 14);
    CU_ASSERT_TRUE(TEXT_IS(v, "\xf0\x9f\x98\x80"));
    v = parse_ok(a, "\"\\uDBFF\\uDFFF\"", 14);
    CU_ASSERT_TRUE(TEXT_IS(v, "\xf4\x8f\xbf\xbf"));
    CU_ASSERT_EQUAL(PST("\"\\x\""), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("\"\\u12\""), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("\"\\uZZZZ\""), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("\"\\u12"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("\"\\U0041\""), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("\"\\'\""), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("\"\\"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(PST("\"\\\xc3\xa9\""), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(parse_st("\"ab\\x\"", 6, NULL, &e), GCX_E_SYNTAX);
    CU_ASSERT_STRING_EQUAL(e.message, "invalid escape '\\x' in string");
    CU_ASSERT_EQUAL(e.column, 4);
    CU_ASSERT_EQUAL(parse_st("\"\\u0g00\"", 8, NULL, &e), GCX_E_SYNTAX);
    CU_ASSERT_STRING_EQUAL(e.message, "expected 4 hex digits after '\\u', "
                           "found 'g'");
    CU_ASSERT_EQUAL(e.column, 5);
    gcx_arena_free(a);
}

static void test_surrogates(void)
{
    gcx_error e;

    CU_ASSERT_EQUAL(PST("\"\\ud800\""), GCX_E_INVALID);
    CU_ASSERT_EQUAL(PST("\"\\udc00\""), GCX_E_INVALID);
    CU_ASSERT_EQUAL(PST("\"\\ud800\\u0041\""), GCX_E_INVALID);
    CU_ASSERT_EQUAL(PST("\"\\udc00\\ud800\""), GCX_E_INVALID);
    CU_ASSERT_EQUAL(PST("\"\\ud800\\ud800\""), GCX_E_INVALID);
    CU_ASSERT_EQUAL(PST("\"\\ud800x\""), GCX_E_INVALID);
    CU_ASSERT_EQUAL(PST("\"\\ud800\\n\""), GCX_E_INVALID);
    CU_ASSERT_EQUAL(PST("{\"\\ud800\":1}"), GCX_E_INVALID);
    CU_ASSERT_EQUAL(parse_st("[\"ok\",\"\\uDC01\"]", 15, NULL, &e),
                    GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(e.message, "lone low surrogate \\uDC01 (not "
                           "after a high surrogate)");
    CU_ASSERT_EQUAL(e.column, 8);
    CU_ASSERT_STRING_EQUAL(e.path, "/1");
}

static void test_invalid_utf8(void)
{
    static const char *bad[] = {
        "\"\xff\"", "\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"",
        "\"\xe2\x82\"", "\"\xe2\x82", "\"\x80\"", "\"\xc3\"",
        "\"\xe0\x80\xaf\"",
        "\"\xf0\x80\x80\xaf\"", "\"\xf8\x88\x80\x80\x80\"", "\"\xc1\xbf\"",
        "{\"\xff\":1}", "[\xff]", "\xff", "[1,\xc0]", "\"\xf0\x9f\x98\"",
        NULL
    };
    gcx_error e;
    int i;

    for (i = 0; bad[i]; i++) {
        gcx_status st = parse_st(bad[i], strlen(bad[i]), NULL, NULL);

        if (st != GCX_E_INVALID)
            fprintf(stderr, "\ncase %d: %s\n", i, gcx_status_name(st));
        CU_ASSERT_EQUAL(st, GCX_E_INVALID);
    }
    CU_ASSERT_EQUAL(parse_st("[\"a\xc3\xa9\xed\xa0\x80\"]", 10, NULL, &e),
                    GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(e.message, "invalid UTF-8: encoded surrogate "
                           "(byte 0xED)");
    CU_ASSERT_EQUAL(e.column, 5);    /* code points: [ " a é */
    CU_ASSERT_EQUAL(parse_st("\"\xc0\xaf\"", 4, NULL, &e), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(e.message, "invalid UTF-8: overlong encoding "
                           "(byte 0xC0)");
    CU_ASSERT_EQUAL(parse_st("\"\xf4\x90\x80\x80\"", 6, NULL, &e),
                    GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(e.message, "invalid UTF-8: code point above "
                           "U+10FFFF (byte 0xF4)");
    CU_ASSERT_EQUAL(parse_st("\"\xe2\x82\"", 4, NULL, &e), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(e.message, "invalid UTF-8: truncated sequence "
                           "(byte 0xE2)");
    /* valid UTF-8 outside a string is a syntax error */
    CU_ASSERT_EQUAL(parse_st("[\xc3\xa9]", 4, NULL, &e), GCX_E_SYNTAX);
    CU_ASSERT_STRING_EQUAL(e.message, "expected value, found '\xc3\xa9' "
                           "(U+00E9)");
    CU_ASSERT_EQUAL(PST("\"\xf4\x8f\xbf\xbf \xe2\x80\xa8 \xef\xbf\xbf\""),
                    GCX_OK);
}

static void test_bom(void)
{
    gcx_error e;
    gcx_json_reader_options o = gcx_json_reader_options_default();
    gcx_json *v;
    rd x;

    CU_ASSERT_EQUAL(parse_st("\xef\xbb\xbf{}", 5, NULL, &e), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(e.message, "byte order mark not allowed");
    CU_ASSERT_EQUAL(e.line, 1);
    CU_ASSERT_EQUAL(e.column, 1);
    CU_ASSERT_EQUAL(PST("[1,\xef\xbb\xbf 2]"), GCX_E_INVALID);
    CU_ASSERT_EQUAL(PST("[\"\xef\xbb\xbf\"]"), GCX_OK);
    rd_open(&x, "\xef\xbb\xbf{\"a\":1}\n", 11, &o);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(e.message, "byte order mark not allowed");
    CU_ASSERT_EQUAL(e.record, 1);
    rd_close(&x);
}

static void test_nul_kept(void)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *v = parse_ok(a, "{\"k\\u0000\":\"a\\u0000b\",\"k\":\"\"}", 29);
    const gcx_json_member *m;

    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(v->len, 2);
    m = &v->u.members[0];
    CU_ASSERT_EQUAL(m->key_len, 2);
    CU_ASSERT_EQUAL(memcmp(m->key, "k\0", 2), 0);
    CU_ASSERT_EQUAL(m->value->len, 3);
    CU_ASSERT_EQUAL(memcmp(m->value->u.text, "a\0b", 3), 0);
    CU_ASSERT_EQUAL(v->u.members[1].key_len, 1);
    CU_ASSERT_EQUAL(v->u.members[1].value->len, 0);
    gcx_arena_free(a);
}

static void test_string_limit(void)
{
    gcx_json_parse_options o = gcx_json_parse_options_default();
    gcx_error e;

    o.limits.max_string_bytes = 4;
    CU_ASSERT_EQUAL(parse_st("\"abcd\"", 6, &o, NULL), GCX_OK);
    CU_ASSERT_EQUAL(parse_st("[\"abcde\"]", 9, &o, &e), GCX_E_LIMIT);
    CU_ASSERT_EQUAL(e.column, 2);
    CU_ASSERT_EQUAL(parse_st("\"\\u00e9\\u00e9\"", 14, &o, NULL), GCX_OK);
    CU_ASSERT_EQUAL(parse_st("\"\\u00e9\\u00e9x\"", 15, &o, NULL),
                    GCX_E_LIMIT);
    CU_ASSERT_EQUAL(parse_st("{\"abcde\":1}", 11, &o, NULL), GCX_E_LIMIT);
    CU_ASSERT_EQUAL(parse_st("[\"\xc3\xa9\xc3\xa9\xc3\xa9\"]", 10, &o, NULL),
                    GCX_E_LIMIT);
    o = gcx_json_parse_options_default();
    o.limits.max_record_bytes = 7;
    CU_ASSERT_EQUAL(parse_st(" [1,2,3] ", 9, &o, NULL), GCX_OK);
    CU_ASSERT_EQUAL(parse_st("[1,2,3,4]", 9, &o, &e), GCX_E_LIMIT);
    CU_ASSERT_EQUAL(e.column, 1);
}

/* --------------------------------------------------------- duplicates */

static void test_duplicate_keys(void)
{
    gcx_json_parse_options o = gcx_json_parse_options_default();
    gcx_arena *a = gcx_arena_new();
    gcx_json *v = NULL;
    gcx_error e;

    CU_ASSERT_EQUAL(parse_st("{\"a\":1,\"b\":2,\"a\":3}", 19, NULL, &e),
                    GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(e.message, "duplicate key \"a\"");
    CU_ASSERT_EQUAL(e.line, 1);
    CU_ASSERT_EQUAL(e.column, 14);
    CU_ASSERT_STRING_EQUAL(e.path, "/a");
    /* decoded bytes are compared */
    CU_ASSERT_EQUAL(PST("{\"a\":1,\"\\u0061\":2}"), GCX_E_INVALID);
    CU_ASSERT_EQUAL(PST("{\"a\\u0000\":1,\"a\":2}"), GCX_OK);
    CU_ASSERT_EQUAL(PST("{\"a\":{\"a\":{\"a\":1}},\"b\":{\"a\":2}}"), GCX_OK);
    CU_ASSERT_EQUAL(parse_st("[{\"x\":{\"y\":1,\"y\":2}}]", 21, NULL, &e),
                    GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(e.path, "/0/x/y");
    CU_ASSERT_EQUAL(parse_st("{\"q\\\"\":1,\"q\\\"\":1}", 17, NULL, &e),
                    GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(e.message, "duplicate key \"q\\\"\"");
    /* allowed on request: both members are kept, in order */
    o.allow_duplicate_keys = 1;
    CU_ASSERT_EQUAL(gcx_json_parse("{\"a\":1,\"a\":2}", 13, "t", &o, a, &v,
                                   &e), GCX_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(v->len, 2);
    CU_ASSERT_TRUE(TEXT_IS(v->u.members[1].value, "2"));
    gcx_arena_free(a);
}

/* big_object: {"k0":0,...,"k<n-1>":n-1} and, when dup >= 0, "k<dup>":0
 * once more at the end. */
static char *big_object(size_t n, long dup, size_t *len)
{
    size_t cap = n * 24 + 64, i, k = 0;
    char *s = malloc(cap);

    s[k++] = '{';
    for (i = 0; i < n; i++)
        k += (size_t)snprintf(s + k, cap - k, "%s\"k%zu\":%zu",
                              i ? "," : "", i, i);
    if (dup >= 0)
        k += (size_t)snprintf(s + k, cap - k, ",\"k%ld\":0", dup);
    s[k++] = '}';
    *len = k;
    return s;
}

static void test_duplicate_keys_large(void)
{
    size_t n;
    char *s;
    gcx_error e;
    gcx_arena *a = gcx_arena_new();
    gcx_json *v;
    clock_t t0;

    s = big_object(5000, -1, &n);
    v = parse_ok(a, s, n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(v->len, 5000);
    CU_ASSERT_TRUE(TEXT_IS(get(v, "k4999"), "4999"));
    free(s);
    s = big_object(5000, 17, &n);
    CU_ASSERT_EQUAL(parse_st(s, n, NULL, &e), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(e.message, "duplicate key \"k17\"");
    CU_ASSERT_STRING_EQUAL(e.path, "/k17");
    free(s);
    s = big_object(20, 0, &n);
    CU_ASSERT_EQUAL(parse_st(s, n, NULL, NULL), GCX_E_INVALID);
    free(s);
    s = big_object(16, 15, &n);
    CU_ASSERT_EQUAL(parse_st(s, n, NULL, NULL), GCX_E_INVALID);
    free(s);
    /* 200,000 members must not take quadratic time */
    s = big_object(200000, 199999, &n);
    t0 = clock();
    CU_ASSERT_EQUAL(parse_st(s, n, NULL, NULL), GCX_E_INVALID);
    CU_ASSERT_TRUE((double)(clock() - t0) / CLOCKS_PER_SEC < 20.0);
    free(s);
    gcx_arena_free(a);
}

/* ------------------------------------------------------------ nesting */

static char *nested(size_t depth, int close, size_t *len)
{
    char *s = malloc(depth * 2 + 1);

    memset(s, '[', depth);
    if (close)
        memset(s + depth, ']', depth);
    *len = close ? depth * 2 : depth;
    return s;
}

static void test_depth_limit(void)
{
    gcx_json_parse_options o = gcx_json_parse_options_default();
    gcx_arena *a = gcx_arena_new();
    gcx_json *v = NULL;
    gcx_error e;
    size_t n;
    char *s;

    s = nested(256, 1, &n);
    CU_ASSERT_EQUAL(parse_st(s, n, NULL, NULL), GCX_OK);
    free(s);
    s = nested(257, 1, &n);
    CU_ASSERT_EQUAL(parse_st(s, n, NULL, &e), GCX_E_LIMIT);
    CU_ASSERT_EQUAL(e.column, 257);
    CU_ASSERT_STRING_EQUAL(e.message, "nesting deeper than 256 levels "
                           "(max_depth)");
    free(s);
    CU_ASSERT_EQUAL(PST("{\"a\":{\"a\":{\"a\":{}}}}"), GCX_OK);
    o.limits.max_depth = 3;
    CU_ASSERT_EQUAL(parse_st("{\"a\":{\"a\":{\"a\":{}}}}", 21, &o, &e),
                    GCX_E_LIMIT);
    CU_ASSERT_STRING_EQUAL(e.path, "/a/a/a");
    /* far deeper than any C stack would take, on the heap */
    o.limits.max_depth = 300000;
    s = nested(200000, 0, &n);
    CU_ASSERT_EQUAL(parse_st(s, n, &o, &e), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(e.column, 200001);
    free(s);
    s = nested(200000, 1, &n);
    CU_ASSERT_EQUAL(gcx_json_parse(s, n, "t", &o, a, &v, &e), GCX_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(v->type, GCX_JSON_ARRAY);
    CU_ASSERT_EQUAL(v->len, 1);
    free(s);
    gcx_arena_free(a);
}

/* ------------------------------------------------------ value details */

static void test_value_positions(void)
{
    static const char text[] =
        "{\n"
        "  \"name\": \"\xd8\xb3\xd8\xa7\xd8\xb1\xd8\xa9\", \"n\": -1.5,\n"
        "  \"list\": [true, {\"x\": null}]\n"
        "}";
    gcx_arena *a = gcx_arena_new();
    gcx_json *v = parse_ok(a, text, sizeof text - 1);
    const gcx_json *l;

    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(v->line, 1);
    CU_ASSERT_EQUAL(v->column, 1);
    CU_ASSERT_EQUAL(get(v, "name")->line, 2);
    CU_ASSERT_EQUAL(get(v, "name")->column, 11);
    /* columns count code points: the Arabic word is 4 */
    CU_ASSERT_EQUAL(get(v, "n")->column, 24);
    l = get(v, "list");
    CU_ASSERT_EQUAL(l->line, 3);
    CU_ASSERT_EQUAL(l->column, 11);
    CU_ASSERT_EQUAL(l->u.items[1]->column, 18);
    CU_ASSERT_EQUAL(get(l->u.items[1], "x")->column, 24);
    CU_ASSERT_EQUAL(v->u.members[0].key_len, 4);
    gcx_arena_free(a);
}

static void test_error_positions(void)
{
    static const char text[] =
        "{\"persons\": [\n"
        "  {\"name\": \"a\"},\n"
        "  {\"name\": \"b\"},\n"
        "  {\"n\\u00e9\": \"\xc3\xa9\xc3\xa9\", \"name\": 12x}\n"
        "]}\n";
    gcx_error e;
    char line[1024];

    CU_ASSERT_EQUAL(parse_st(text, sizeof text - 1, NULL, &e), GCX_E_SYNTAX);
    CU_ASSERT_STRING_EQUAL(e.file, "t.json");
    CU_ASSERT_EQUAL(e.line, 4);
    CU_ASSERT_EQUAL(e.column, 31);
    CU_ASSERT_EQUAL(e.record, 0);
    CU_ASSERT_STRING_EQUAL(e.path, "/persons/2");
    CU_ASSERT_STRING_EQUAL(e.message, "expected ',' or '}' after object "
                           "member, found 'x'");
    gcx_error_format(&e, line, sizeof line);
    CU_ASSERT_STRING_EQUAL(line, "t.json:4:31: error: at /persons/2: "
                           "expected ',' or '}' after object member, found "
                           "'x'");
    CU_ASSERT_EQUAL(PST("{\"a/b\":{\"c~d\":[0,nope]}}"), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(parse_st("{\"a/b\":{\"c~d\":[0,nope]}}", 24, NULL, &e),
                    GCX_E_SYNTAX);
    CU_ASSERT_STRING_EQUAL(e.path, "/a~1b/c~0d/1");
    CU_ASSERT_EQUAL(e.column, 19);
    CU_ASSERT_STRING_EQUAL(e.message, "expected 'null', found 'o'");
}

static void test_fault_injection(void)
{
    static const char text[] =
        "{\"a\":[1,2,{\"b\":\"x\\u00e9\"}],\"c\":\"plain\",\"d\":null}";
    unsigned long n;
    int ok = 0;

    for (n = 1; n < 200 && !ok; n++) {
        gcx_arena *a = gcx_arena_new();
        gcx_json *v = NULL;
        gcx_error e;
        gcx_status st;

        if (!a)
            continue;
        gcx_alloc_fail_after(n);
        st = gcx_json_parse(text, sizeof text - 1, "t", NULL, a, &v, &e);
        gcx_alloc_fail_after(0);
        CU_ASSERT_TRUE(st == GCX_OK || st == GCX_E_NOMEM);
        ok = st == GCX_OK;
        gcx_arena_free(a);
    }
    CU_ASSERT_TRUE(ok);
}

/* ------------------------------------------------------------- NDJSON */

static void test_ndjson(void)
{
    static const char text[] =
        "{\"id\":1}\n"
        "\n"
        "   \r\n"
        "{\"id\":2} \r\n"
        "\t[3]\n"
        "\"four\"";
    gcx_json_reader_options o = layout_opts(GCX_JSON_LAYOUT_NDJSON, NULL);
    gcx_json *v;
    gcx_error e;
    rd x;

    rd_open(&x, text, sizeof text - 1, &o);
    CU_ASSERT_EQUAL_FATAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_TRUE(TEXT_IS(get(v, "id"), "1"));
    CU_ASSERT_EQUAL(gcx_json_reader_record(x.r), 1);
    CU_ASSERT_EQUAL(gcx_json_reader_line(x.r), 1);
    CU_ASSERT_EQUAL_FATAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_TRUE(TEXT_IS(get(v, "id"), "2"));
    CU_ASSERT_EQUAL(gcx_json_reader_record(x.r), 2);
    CU_ASSERT_EQUAL(gcx_json_reader_line(x.r), 4);
    CU_ASSERT_EQUAL(v->line, 4);
    CU_ASSERT_EQUAL_FATAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_EQUAL(v->type, GCX_JSON_ARRAY);
    CU_ASSERT_EQUAL(v->column, 2);
    CU_ASSERT_EQUAL(gcx_json_reader_line(x.r), 5);
    CU_ASSERT_EQUAL_FATAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_TRUE(TEXT_IS(v, "four"));
    CU_ASSERT_EQUAL(gcx_json_reader_record(x.r), 4);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_PTR_NULL(v);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_PTR_NULL(v);
    rd_close(&x);
}

static void test_ndjson_resume(void)
{
    static const char text[] =
        "{\"a\":1}\n"                 /* 1 ok */
        "{\"a\":2 x}\n"               /* 2 syntax */
        "\n"
        "[1] [2]\n"                   /* 3 two values */
        "{\"a\":\n"                   /* 4 value cut by the line end */
        "3}\n"                        /* 5 syntax */
        "\"\xff\"\n"                  /* 6 invalid UTF-8 */
        "{\"k\":1,\"k\":2}\n"         /* 7 duplicate */
        "\"long string\"\n"           /* 8 limit */
        "{\"a\":9}\n";                /* 9 ok */
    static const struct {
        gcx_status st;
        unsigned long line, col;
        const char *path;
        const char *msg;
    } want[] = {
        {GCX_OK, 1, 0, "", NULL},
        {GCX_E_SYNTAX, 2, 8, "", "expected ',' or '}' after object member, "
         "found 'x'"},
        {GCX_E_SYNTAX, 4, 5, "", "expected end of line after value, found "
         "'['"},
        {GCX_E_SYNTAX, 5, 6, "/a", "expected value, found end of line"},
        {GCX_E_SYNTAX, 6, 2, "", "expected end of line after value, found "
         "'}'"},
        {GCX_E_INVALID, 7, 2, "", NULL},
        {GCX_E_INVALID, 8, 8, "/k", "duplicate key \"k\""},
        {GCX_E_LIMIT, 9, 1, "", NULL},
        {GCX_OK, 10, 0, "", NULL},
    };
    gcx_json_reader_options o = layout_opts(GCX_JSON_LAYOUT_AUTO, NULL);
    gcx_json *v;
    gcx_error e;
    size_t i;
    rd x;

    o.parse.limits.max_string_bytes = 8;
    rd_open(&x, text, sizeof text - 1, &o);
    for (i = 0; i < sizeof want / sizeof want[0]; i++) {
        gcx_status st = gcx_json_reader_next(x.r, &v, &e);

        CU_ASSERT_EQUAL(st, want[i].st);
        CU_ASSERT_EQUAL(gcx_json_reader_record(x.r), i + 1);
        CU_ASSERT_EQUAL(gcx_json_reader_line(x.r), want[i].line);
        if (st == GCX_OK) {
            CU_ASSERT_PTR_NOT_NULL(v);
            continue;
        }
        CU_ASSERT_PTR_NULL(v);
        CU_ASSERT_EQUAL(e.record, i + 1);
        CU_ASSERT_EQUAL(e.line, want[i].line);
        if (want[i].col && e.column != want[i].col)
            fprintf(stderr, "\ncase %zu: column %lu\n", i, e.column);
        if (want[i].col)
            CU_ASSERT_EQUAL(e.column, want[i].col);
        CU_ASSERT_STRING_EQUAL(e.path, want[i].path);
        CU_ASSERT_STRING_EQUAL(e.file, x.path);
        if (want[i].msg)
            CU_ASSERT_STRING_EQUAL(e.message, want[i].msg);
    }
    CU_ASSERT_TRUE(TEXT_IS(get(v, "a"), "9"));
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_PTR_NULL(v);
    rd_close(&x);
}

static void test_ndjson_record_limit(void)
{
    gcx_json_reader_options o = layout_opts(GCX_JSON_LAYOUT_NDJSON, NULL);
    size_t n = 3 * 1024 * 1024, k = 0;
    char *s = malloc(n + 64);
    gcx_json *v;
    gcx_error e;
    rd x;

    /* a 3 MiB record between two small ones, with a 1 MiB limit: the
     * reader refuses it without holding it and goes on */
    k += (size_t)sprintf(s + k, "[1]\n[");
    while (k < n - 4)
        k += (size_t)sprintf(s + k, "1,");
    k += (size_t)sprintf(s + k, "1]\n[2]\n");
    o.parse.limits.max_record_bytes = 1024 * 1024;
    rd_open(&x, s, k, &o);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_E_LIMIT);
    CU_ASSERT_EQUAL(e.record, 2);
    CU_ASSERT_EQUAL(e.line, 2);
    CU_ASSERT_EQUAL_FATAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_TRUE(TEXT_IS(v->u.items[0], "2"));
    CU_ASSERT_EQUAL(v->line, 3);
    CU_ASSERT_EQUAL(gcx_json_reader_record(x.r), 3);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_PTR_NULL(v);
    rd_close(&x);
    free(s);
}

static void test_empty_reader(void)
{
    gcx_json_reader_options o = gcx_json_reader_options_default();
    gcx_json *v;
    gcx_error e;
    rd x;

    rd_open(&x, "", 0, &o);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_PTR_NULL(v);
    CU_ASSERT_EQUAL(gcx_json_reader_record(x.r), 0);
    rd_close(&x);
    rd_open(&x, "\n \n\t\n", 5, &o);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_PTR_NULL(v);
    rd_close(&x);
    o.layout = GCX_JSON_LAYOUT_ARRAY;
    rd_open(&x, "", 0, &o);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_E_SYNTAX);
    rd_close(&x);
    o.layout = GCX_JSON_LAYOUT_DOCUMENT;
    rd_open(&x, " ", 1, &o);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_E_SYNTAX);
    CU_ASSERT_STRING_EQUAL(e.message, "expected value, found end of input");
    rd_close(&x);
}

/* -------------------------------------------------------------- ARRAY */

static void test_array_layout(void)
{
    static const char text[] =
        " [\n"
        "  {\"id\": 1},\n"
        "  \"two\", 3,\n"
        "  [4]\n"
        "] \n";
    gcx_json_reader_options o = gcx_json_reader_options_default();
    gcx_json *v;
    gcx_error e;
    rd x;

    rd_open(&x, text, sizeof text - 1, &o);
    CU_ASSERT_EQUAL_FATAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_TRUE(TEXT_IS(get(v, "id"), "1"));
    CU_ASSERT_EQUAL(gcx_json_reader_line(x.r), 2);
    CU_ASSERT_EQUAL_FATAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_TRUE(TEXT_IS(v, "two"));
    CU_ASSERT_EQUAL(v->column, 3);
    CU_ASSERT_EQUAL_FATAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_TRUE(TEXT_IS(v, "3"));
    CU_ASSERT_EQUAL_FATAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_EQUAL(v->type, GCX_JSON_ARRAY);
    CU_ASSERT_EQUAL(gcx_json_reader_record(x.r), 4);
    CU_ASSERT_EQUAL(gcx_json_reader_line(x.r), 4);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_PTR_NULL(v);
    rd_close(&x);

    /* empty array: no records */
    o.layout = GCX_JSON_LAYOUT_ARRAY;
    rd_open(&x, "[ ]", 3, &o);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_PTR_NULL(v);
    rd_close(&x);

    /* not an array */
    rd_open(&x, "{\"a\":[]}", 8, &o);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_E_INVALID);
    rd_close(&x);

    /* trailing content after the array, after the records */
    rd_open(&x, "[1,2] 3", 7, &o);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_E_SYNTAX);
    CU_ASSERT_STRING_EQUAL(e.message, "expected end of input after value, "
                           "found '3'");
    CU_ASSERT_EQUAL(e.column, 7);
    /* the reader stays stopped */
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_E_SYNTAX);
    CU_ASSERT_PTR_NULL(v);
    rd_close(&x);

    /* errors inside an item: record number and record-relative path */
    rd_open(&x, "[{\"a\":1},\n {\"a\":[1,tru]}]", 25, &o);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(e.record, 2);
    CU_ASSERT_EQUAL(e.line, 2);
    CU_ASSERT_EQUAL(e.column, 13);
    CU_ASSERT_STRING_EQUAL(e.path, "/a/1");
    rd_close(&x);

    /* a missing comma between items */
    rd_open(&x, "[1 2]", 5, &o);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_E_SYNTAX);
    CU_ASSERT_STRING_EQUAL(e.message, "expected ',' or ']' after array "
                           "item, found '2'");
    rd_close(&x);
}

static void test_document_layout(void)
{
    gcx_json_reader_options o = layout_opts(GCX_JSON_LAYOUT_DOCUMENT, NULL);
    gcx_json *v;
    gcx_error e;
    rd x;

    rd_open(&x, "\n[1,\n2]\n", 8, &o);
    CU_ASSERT_EQUAL_FATAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_EQUAL(v->type, GCX_JSON_ARRAY);
    CU_ASSERT_EQUAL(v->len, 2);
    CU_ASSERT_EQUAL(gcx_json_reader_line(x.r), 2);
    CU_ASSERT_EQUAL(gcx_json_reader_record(x.r), 1);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_PTR_NULL(v);
    rd_close(&x);
    rd_open(&x, "{} {}", 5, &o);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(e.column, 4);
    rd_close(&x);
}

/* ------------------------------------------------------------ POINTER */

static const char pointer_doc[] =
    "{\n"
    "  \"meta\": {\"source\": \"x\", \"list\": [1, {\"a\": \"]}\"}],\n"
    "           \"esc\": \"\\ud83d\\ude00\\\"[\", \"n\": -1.5e3},\n"
    "  \"data\": {\"count\": 3, \"persons\": [\n"
    "    {\"name\": \"Ali\", \"age\": 40},\n"
    "    {\"name\": \"\xd8\xb3\xd8\xa7\xd8\xb1\xd8\xa9\", "
    "\"tags\": [\"a\"]},\n"
    "    {\"name\": \"Omar\", \"x\": {\"y\": [null, true]}}\n"
    "  ], \"after\": {\"z\": [false]}},\n"
    "  \"tail\": [1, 2]\n"
    "}\n";

/* check_pointer_records: read the three persons of pointer_doc. */
static void check_pointer_records(gcx_json_reader *r)
{
    gcx_json *v;
    gcx_error e;
    gcx_status st;

    st = gcx_json_reader_next(r, &v, &e);
    if (st)
        fprintf(stderr, "\n%s\n", e.message);
    CU_ASSERT_EQUAL_FATAL(st, GCX_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_TRUE(TEXT_IS(get(v, "name"), "Ali"));
    CU_ASSERT_TRUE(TEXT_IS(get(v, "age"), "40"));
    CU_ASSERT_EQUAL(v->line, 5);
    CU_ASSERT_EQUAL(v->column, 5);
    CU_ASSERT_EQUAL(gcx_json_reader_line(r), 5);
    CU_ASSERT_EQUAL(gcx_json_reader_record(r), 1);
    CU_ASSERT_EQUAL_FATAL(gcx_json_reader_next(r, &v, &e), GCX_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_TRUE(TEXT_IS(get(v, "name"),
                           "\xd8\xb3\xd8\xa7\xd8\xb1\xd8\xa9"));
    CU_ASSERT_EQUAL(get(v, "tags")->column, 30);
    CU_ASSERT_EQUAL_FATAL(gcx_json_reader_next(r, &v, &e), GCX_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_TRUE(TEXT_IS(get(v, "name"), "Omar"));
    CU_ASSERT_EQUAL(get(get(v, "x"), "y")->u.items[1]->type, GCX_JSON_TRUE);
    CU_ASSERT_EQUAL(gcx_json_reader_record(r), 3);
    CU_ASSERT_EQUAL(gcx_json_reader_next(r, &v, &e), GCX_OK);
    CU_ASSERT_PTR_NULL(v);
    CU_ASSERT_EQUAL(gcx_json_reader_next(r, &v, &e), GCX_OK);
    CU_ASSERT_PTR_NULL(v);
}

static void test_pointer_layout(void)
{
    gcx_json_reader_options o = layout_opts(GCX_JSON_LAYOUT_POINTER,
                                            "/data/persons");
    rd x;

    rd_open(&x, pointer_doc, sizeof pointer_doc - 1, &o);
    check_pointer_records(x.r);
    rd_close(&x);
}

static void test_pointer_tiny_chunks(void)
{
    gcx_json_reader_options o = layout_opts(GCX_JSON_LAYOUT_POINTER,
                                            "/data/persons");
    rd x;

    rd_open_pipe(&x, pointer_doc, sizeof pointer_doc - 1, 1, &o);
    check_pointer_records(x.r);
    rd_close(&x);
    rd_open_pipe(&x, pointer_doc, sizeof pointer_doc - 1, 0, &o);
    check_pointer_records(x.r);
    rd_close(&x);
}

static void test_pointer_errors(void)
{
    static const struct {
        const char *doc;
        const char *ptr;
        int records;
        gcx_status st;
        const char *msg;
        const char *path;
    } cases[] = {
        {"{\"a\":{\"b\":[1]}}", "/a/c", 0, GCX_E_INVALID,
         "pointer /a/c does not lead to an array", "/a"},
        {"{\"a\":{\"b\":{}}}", "/a/b", 0, GCX_E_INVALID,
         "pointer /a/b does not lead to an array", "/a/b"},
        {"{\"a\":{\"b\":\"[1]\"}}", "/a/b", 0, GCX_E_INVALID,
         "pointer /a/b does not lead to an array", "/a/b"},
        {"[1,2]", "/x", 0, GCX_E_INVALID,
         "pointer /x does not lead to an array", ""},
        {"{\"a\":[1],\"a\":[2]}", "/a", 1, GCX_E_INVALID,
         "duplicate key \"a\"", "/a"},
        {"{\"m\":{\"k\":1,\"k\":2},\"a\":[1]}", "/a", 0, GCX_E_INVALID,
         "duplicate key \"k\"", "/m/k"},
        {"{\"a\":[1],\"t\":[1,}", "/a", 1, GCX_E_SYNTAX,
         "expected value, found '}'", "/t/1"},
        {"{\"a\":[1],\"t\":\"\xff\"}", "/a", 1, GCX_E_INVALID, NULL, "/t"},
        {"{\"a\":[1]} x", "/a", 1, GCX_E_SYNTAX,
         "expected end of input after value, found 'x'", ""},
        {"{\"a\":[1 2]}", "/a", 1, GCX_E_SYNTAX,
         "expected ',' or ']' after array item, found '2'", "/a"},
        {"{\"m\":[[[[1]]]],\"a\":[]}", "/a", 0, GCX_E_LIMIT, NULL,
         "/m/0/0"},
    };
    gcx_json_reader_options o = layout_opts(GCX_JSON_LAYOUT_POINTER, NULL);
    size_t i;
    int k;

    o.parse.limits.max_depth = 3;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gcx_json *v;
        gcx_error e;
        gcx_status st;
        rd x;

        o.pointer = cases[i].ptr;
        rd_open(&x, cases[i].doc, strlen(cases[i].doc), &o);
        for (k = 0; k < cases[i].records; k++) {
            CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
            CU_ASSERT_PTR_NOT_NULL(v);
        }
        st = gcx_json_reader_next(x.r, &v, &e);
        if (st != cases[i].st || (cases[i].msg &&
                                  strcmp(e.message, cases[i].msg)) ||
            strcmp(e.path, cases[i].path))
            fprintf(stderr, "\ncase %zu: %s: %s at '%s'\n", i,
                    gcx_status_name(st), e.message, e.path);
        CU_ASSERT_EQUAL(st, cases[i].st);
        CU_ASSERT_EQUAL(e.record, 0);
        if (cases[i].msg)
            CU_ASSERT_STRING_EQUAL(e.message, cases[i].msg);
        CU_ASSERT_STRING_EQUAL(e.path, cases[i].path);
        rd_close(&x);
    }
}

static void test_pointer_forms(void)
{
    static const char doc[] =
        "{\"a/b\":{\"m~n\":[[\"no\"],[{\"r\":1},{\"r\":2}]]},\"\":[[0]]}";
    gcx_json_reader_options o = layout_opts(GCX_JSON_LAYOUT_POINTER,
                                            "/a~1b/m~0n/1");
    gcx_json_reader *r;
    gcx_input *in = NULL;
    gcx_json *v;
    gcx_error e;
    rd x;

    rd_open(&x, doc, sizeof doc - 1, &o);
    CU_ASSERT_EQUAL_FATAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_TRUE(TEXT_IS(get(v, "r"), "1"));
    CU_ASSERT_EQUAL_FATAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_TRUE(TEXT_IS(get(v, "r"), "2"));
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_PTR_NULL(v);
    rd_close(&x);
    /* the empty key, then index 0 */
    o.pointer = "//0";
    rd_open(&x, doc, sizeof doc - 1, &o);
    CU_ASSERT_EQUAL_FATAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_TRUE(TEXT_IS(v, "0"));
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_PTR_NULL(v);
    rd_close(&x);
    /* the empty pointer is the whole document */
    o.pointer = "";
    rd_open(&x, "[7]", 3, &o);
    CU_ASSERT_EQUAL_FATAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_TRUE(TEXT_IS(v, "7"));
    rd_close(&x);
    /* "01" is not an array index */
    o.pointer = "/01";
    rd_open(&x, "[[1],[2]]", 9, &o);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_E_INVALID);
    rd_close(&x);
    /* malformed pointers are usage errors */
    memset(&x, 0, sizeof x);
    make_temp(x.path, sizeof x.path, "[]", 2);
    CU_ASSERT_EQUAL_FATAL(gcx_input_open(&in, x.path, &e), GCX_OK);
    o.pointer = "a/b";
    CU_ASSERT_EQUAL(gcx_json_reader_new(&r, in, &o, &e), GCX_E_USAGE);
    CU_ASSERT_PTR_NULL(r);
    o.pointer = "/a~2";
    CU_ASSERT_EQUAL(gcx_json_reader_new(&r, in, &o, &e), GCX_E_USAGE);
    o.pointer = "/a~";
    CU_ASSERT_EQUAL(gcx_json_reader_new(&r, in, &o, &e), GCX_E_USAGE);
    o.pointer = NULL;
    CU_ASSERT_EQUAL(gcx_json_reader_new(&r, in, &o, &e), GCX_E_USAGE);
    gcx_input_close(in);
    unlink(x.path);
}

/* ------------------------------------------------------------ refills */

/* A record with a token of every kind, to be cut at every offset. */
static const char tricky[] =
    "{\"a\\u0041\":\"\\ud83d\\ude00\\u00e9\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80"
    "\\\"\\\\\",\"n\":-12.5e+3,\"t\":true,\"f\":false,\"z\":null,"
    "\"k\":[1,{\"x\":\"y\"},[],{}],\"big\":123456789012345678901234567890,"
    "\"w\":\"plain ascii text that runs for a while\",\"v\":\"a plain "
    "prefix, then \\\"escapes\\\" \\u00e9 and \xc3\xa9\"}";

static void test_tiny_chunks_all_layouts(void)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *want = parse_ok(a, tricky, sizeof tricky - 1);
    char text[4096];
    size_t n, i;
    gcx_json *v;
    gcx_error e;
    rd x;
    gcx_json_reader_options o = layout_opts(GCX_JSON_LAYOUT_NDJSON, NULL);

    CU_ASSERT_PTR_NOT_NULL_FATAL(want);
    n = (size_t)snprintf(text, sizeof text, "%s\n\n%s\r\n%s", tricky, tricky,
                         tricky);
    rd_open_pipe(&x, text, n, 1, &o);
    for (i = 0; i < 3; i++) {
        CU_ASSERT_EQUAL_FATAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
        CU_ASSERT_TRUE(gcx_json_equal(v, want));
        CU_ASSERT_EQUAL(v->line, i == 0 ? 1 : i + 2);
    }
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_PTR_NULL(v);
    rd_close(&x);

    o.layout = GCX_JSON_LAYOUT_AUTO;
    n = (size_t)snprintf(text, sizeof text, "[%s,\n%s , %s]\n", tricky,
                         tricky, tricky);
    rd_open_pipe(&x, text, n, 0, &o);
    for (i = 0; i < 3; i++) {
        CU_ASSERT_EQUAL_FATAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
        CU_ASSERT_TRUE(gcx_json_equal(v, want));
    }
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_PTR_NULL(v);
    rd_close(&x);
    gcx_arena_free(a);
}

/* Limits noticed while the window moves under a token report the same
 * error, at the same place, as the parse of the whole text. */
static void test_limits_tiny_chunks(void)
{
    static const char doc[] = "{\"m\":[1.123456789],\"a\":[1]}";
    static const char nd[] = "[\"abc\\u00e9\",\n[-1.23456789e5]\n"
                             "[\"ab\\\"cdefgh\"]\n";
    gcx_json_reader_options o = layout_opts(GCX_JSON_LAYOUT_POINTER, "/a");
    gcx_json *v;
    gcx_error e;
    rd x;

    o.parse.limits.max_string_bytes = 5;
    rd_open_pipe(&x, doc, sizeof doc - 1, 1, &o);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_E_LIMIT);
    CU_ASSERT_STRING_EQUAL(e.message, "number longer than 5 bytes "
                           "(max_string_bytes)");
    CU_ASSERT_EQUAL(e.column, 7);
    CU_ASSERT_STRING_EQUAL(e.path, "/m/0");
    rd_close(&x);
    o.layout = GCX_JSON_LAYOUT_NDJSON;
    rd_open_pipe(&x, nd, sizeof nd - 1, 1, &o);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_E_LIMIT);
    CU_ASSERT_EQUAL(e.line, 2);
    CU_ASSERT_EQUAL(e.column, 2);
    CU_ASSERT_STRING_EQUAL(e.path, "/0");
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_E_LIMIT);
    CU_ASSERT_STRING_EQUAL(e.message, "string longer than 5 bytes "
                           "(max_string_bytes)");
    CU_ASSERT_EQUAL(e.record, 3);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_PTR_NULL(v);
    rd_close(&x);
}

/* A long number cut by the first read: the window slides under it while
 * it is scanned. Blank padding puts the cut at several offsets in it. */
static void test_limits_window_edge(void)
{
    static const char rec[] = "[-123456789.x]\n";
    gcx_json_reader_options o = layout_opts(GCX_JSON_LAYOUT_NDJSON, NULL);
    size_t pad, k, n;
    char *s = malloc(300000);
    gcx_json *v;
    gcx_error e;
    rd x;

    o.parse.limits.max_string_bytes = 5;
    o.parse.limits.max_record_bytes = 1000;
    for (k = 0; k < 12; k++) {
        for (pad = 128 * 1024 - 12 + k, n = 0; n < pad; n++)
            s[n] = ' ';
        s[n++] = '\n';
        memcpy(s + n, rec, sizeof rec - 1);
        n += sizeof rec - 1;
        rd_open(&x, s, n, &o);
        CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_E_LIMIT);
        CU_ASSERT_STRING_EQUAL(e.message, "number longer than 5 bytes "
                               "(max_string_bytes)");
        CU_ASSERT_EQUAL(e.line, 2);
        CU_ASSERT_EQUAL(e.column, 2);
        CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
        CU_ASSERT_PTR_NULL(v);
        rd_close(&x);
    }
    free(s);
}

/* A record cut at the window's edge at many different offsets: padding
 * records push it across the first read of the input. */
static void test_window_boundaries(void)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *want = parse_ok(a, tricky, sizeof tricky - 1);
    gcx_json_reader_options o = layout_opts(GCX_JSON_LAYOUT_NDJSON, NULL);
    size_t total = 3 * 256 * 1024, n, k, j;
    char *s = malloc(total + 4096);
    gcx_json *v;
    gcx_error e;
    rd x;

    CU_ASSERT_PTR_NOT_NULL_FATAL(want);
    /* many copies of the record after padding that shifts by a prime:
     * the read boundaries land on many different offsets in it */
    for (k = 0; k < 3; k++) {
        n = 0;
        for (j = 0; j < 1 + k * 37; j++)
            s[n++] = ' ';
        s[n++] = '\n';
        while (n + sizeof tricky + 2 < total) {
            memcpy(s + n, tricky, sizeof tricky - 1);
            n += sizeof tricky - 1;
            s[n++] = '\n';
        }
        rd_open(&x, s, n, &o);
        j = 0;
        while (gcx_json_reader_next(x.r, &v, &e) == GCX_OK && v) {
            CU_ASSERT_TRUE(gcx_json_equal(v, want));
            CU_ASSERT_EQUAL(v->line, j + 2);
            CU_ASSERT_EQUAL(v->column, 1);
            j++;
        }
        CU_ASSERT_EQUAL(e.code, GCX_OK);
        CU_ASSERT_EQUAL(j, (total - 64) / sizeof tricky);
        rd_close(&x);
    }
    free(s);
    gcx_arena_free(a);
}

/* A record far larger than the window (4 MiB) in array layout. */
static void test_big_record(void)
{
    gcx_json_reader_options o = gcx_json_reader_options_default();
    size_t n = 4 * 1024 * 1024, k = 0, i;
    char *s = malloc(n + 256);
    gcx_json *v;
    gcx_error e;
    rd x;

    k += (size_t)sprintf(s + k, "[{\"s\":\"");
    for (i = 0; i < n / 2; i++)
        s[k++] = (char)('a' + i % 26);
    k += (size_t)sprintf(s + k, "\",\"l\":[");
    while (k < n)
        k += (size_t)sprintf(s + k, "\"\\u00e9\",");
    k += (size_t)sprintf(s + k, "1]},{\"after\":true}]");
    rd_open(&x, s, k, &o);
    CU_ASSERT_EQUAL_FATAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_EQUAL(get(v, "s")->len, n / 2);
    CU_ASSERT_EQUAL(get(v, "s")->u.text[n / 2 - 1], 'a' + (n / 2 - 1) % 26);
    CU_ASSERT_TRUE(TEXT_IS(get(v, "l")->u.items[0], "\xc3\xa9"));
    CU_ASSERT_EQUAL_FATAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_EQUAL(get(v, "after")->type, GCX_JSON_TRUE);
    CU_ASSERT_EQUAL(v->column, k - 14);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_PTR_NULL(v);
    rd_close(&x);
    /* the same with a limit below it */
    o.parse.limits.max_record_bytes = 1024 * 1024;
    rd_open(&x, s, k, &o);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_E_LIMIT);
    CU_ASSERT_EQUAL(e.record, 1);
    CU_ASSERT_STRING_EQUAL(e.message, "record longer than 1048576 bytes "
                           "(max_record_bytes)");
    rd_close(&x);
    free(s);
}

/* Between records the arena is reset and the window compacted: reading
 * thousands of records costs no new allocation per record. */
static void test_arena_reset(void)
{
    gcx_json_reader_options o = gcx_json_reader_options_default();
    size_t n = 0, i, count = 0;
    char *s = malloc(4000 * 200);
    gcx_json *v, *first = NULL;
    gcx_error e;
    unsigned long allocs;
    rd x;

    for (i = 0; i < 4000; i++)
        n += (size_t)sprintf(s + n, "{\"id\":%zu,\"name\":\"person "
                             "%05zu\",\"tags\":[\"a\",\"b\"],\"o\":{}}\n",
                             i, i);
    rd_open(&x, s, n, &o);
    CU_ASSERT_EQUAL_FATAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    first = v;
    CU_ASSERT_EQUAL_FATAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    /* same shape, same place: the arena started over */
    CU_ASSERT_PTR_EQUAL(v, first);
    gcx_alloc_fail_after(0);
    while (gcx_json_reader_next(x.r, &v, &e) == GCX_OK && v)
        count++;
    allocs = gcx_alloc_count();
    CU_ASSERT_EQUAL(count, 3998);
    CU_ASSERT_TRUE(allocs < 50);
    rd_close(&x);
    free(s);
}

/* Columns count code points, also when multi-byte characters are cut by
 * refills and when they sit in parts the pointer layout skips. */
static void test_columns_code_points(void)
{
    static const char nd[] =
        "{\"\xc3\xa9\":\"\xf0\x9f\x98\x80\xc3\xa9\",\"k\":[1,\"\\u00e9\"]}\n"
        "[\"\xd8\xb3\xd8\xa7\xd8\xb1\xd8\xa9\", "
        "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\", x]\n";
    static const char doc[] =
        "{\"m\":\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\",\"a\":[1, x]}";
    gcx_json_reader_options o = layout_opts(GCX_JSON_LAYOUT_NDJSON, NULL);
    const char *line2 = strchr(nd, '\n') + 1;
    gcx_json *v;
    gcx_error e;
    rd x;

    rd_open_pipe(&x, nd, sizeof nd - 1, 1, &o);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(e.line, 2);
    CU_ASSERT_EQUAL(e.column, 17);
    CU_ASSERT_EQUAL(e.record, 2);
    CU_ASSERT_STRING_EQUAL(e.path, "/2");
    rd_close(&x);
    CU_ASSERT_EQUAL(parse_st(line2, strlen(line2), NULL, &e), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(e.column, 17);
    o = layout_opts(GCX_JSON_LAYOUT_POINTER, "/a");
    rd_open_pipe(&x, doc, sizeof doc - 1, 1, &o);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_OK);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, &e), GCX_E_SYNTAX);
    CU_ASSERT_EQUAL(e.column, 21);
    CU_ASSERT_EQUAL(e.record, 2);
    CU_ASSERT_STRING_EQUAL(e.path, "");
    rd_close(&x);
}

/* ------------------------------------------------------------- corpus */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *s = NULL;
    long n;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
        fseek(f, 0, SEEK_SET) == 0) {
        s = malloc((size_t)n + 1);
        if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
            free(s);
            s = NULL;
        }
        *len = (size_t)n;
    }
    fclose(f);
    return s;
}

typedef void (*corpus_fn)(const char *name, const char *text, size_t len);

/* corpus_each: call fn for each *.json file of tests/json/<sub>; the
 * number of files. */
static int corpus_each(const char *sub, corpus_fn fn)
{
    char rel[64], dir[4096], path[8192];
    struct dirent *d;
    DIR *dp;
    int count = 0;

    snprintf(rel, sizeof rel, "tests/json/%s", sub);
    snprintf(dir, sizeof dir, "%s", unit_data_path(rel));
    dp = opendir(dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dp);
    while ((d = readdir(dp))) {
        size_t len, nl = strlen(d->d_name);
        char *text;

        if (nl < 6 || strcmp(d->d_name + nl - 5, ".json") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, d->d_name);
        text = slurp(path, &len);
        CU_ASSERT_PTR_NOT_NULL(text);
        if (!text)
            continue;
        fn(d->d_name, text, len);
        free(text);
        count++;
    }
    closedir(dp);
    return count;
}

static void accept_one(const char *name, const char *text, size_t len)
{
    gcx_error e;
    gcx_status st = parse_st(text, len, NULL, &e);

    if (st)
        fprintf(stderr, "\naccept/%s: %s: %s\n", name, gcx_status_name(st),
                e.message);
    CU_ASSERT_EQUAL(st, GCX_OK);
}

static void reject_one(const char *name, const char *text, size_t len)
{
    const char *dash = strchr(name, '-');
    gcx_error e;
    gcx_status st = parse_st(text, len, NULL, &e);
    char want[32];

    snprintf(want, sizeof want, "%.*s", dash ? (int)(dash - name) : 0,
             name);
    if (strcmp(gcx_status_name(st), want) != 0)
        fprintf(stderr, "\nreject/%s: got %s (%s)\n", name,
                gcx_status_name(st), st ? e.message : "accepted");
    CU_ASSERT_STRING_EQUAL(gcx_status_name(st), want);
    if (st) {
        CU_ASSERT_TRUE(e.line >= 1);
        CU_ASSERT_TRUE(e.column >= 1);
        CU_ASSERT_TRUE(e.message[0] != '\0');
    }
}

static void test_corpus(void)
{
    CU_ASSERT_TRUE(corpus_each("accept", accept_one) >= 20);
    CU_ASSERT_TRUE(corpus_each("reject", reject_one) >= 40);
}

/* same_as_cjson: strings and numbers of ours agree with cJSON's tree. */
static int same_as_cjson(const gcx_json *v, const cJSON *c)
{
    size_t i;
    const cJSON *ch;

    switch (v->type) {
    case GCX_JSON_NULL:
        return cJSON_IsNull(c);
    case GCX_JSON_TRUE:
        return cJSON_IsTrue(c);
    case GCX_JSON_FALSE:
        return cJSON_IsFalse(c);
    case GCX_JSON_NUMBER:
        if (!cJSON_IsNumber(c))
            return 0;
        /* cJSON reads at most 63 characters of a number and overflows to
         * infinity; compare where it is exact enough to */
        if (v->len >= 63 || !isfinite(c->valuedouble))
            return 1;
        return strtod(v->u.text, NULL) == c->valuedouble;
    case GCX_JSON_STRING:
        /* cJSON stops a string at \u0000; ours goes on */
        return cJSON_IsString(c) &&
               strncmp(v->u.text, c->valuestring, v->len) == 0 &&
               strlen(c->valuestring) == strlen(v->u.text);
    case GCX_JSON_ARRAY:
        if (!cJSON_IsArray(c) || (size_t)cJSON_GetArraySize(c) != v->len)
            return 0;
        for (i = 0, ch = c->child; i < v->len; i++, ch = ch->next)
            if (!same_as_cjson(v->u.items[i], ch))
                return 0;
        return 1;
    case GCX_JSON_OBJECT:
        if (!cJSON_IsObject(c) || (size_t)cJSON_GetArraySize(c) != v->len)
            return 0;
        for (i = 0, ch = c->child; i < v->len; i++, ch = ch->next)
            if (strcmp(v->u.members[i].key, ch->string) != 0 ||
                !same_as_cjson(v->u.members[i].value, ch))
                return 0;
        return 1;
    }
    return 0;
}

static int diff_compared;

static void diff_one(const char *name, const char *text, size_t len)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *v = NULL;
    cJSON *c;

    CU_ASSERT_EQUAL(gcx_json_parse(text, len, name, NULL, a, &v, NULL),
                    GCX_OK);
    c = cJSON_ParseWithLength(text, len);
    if (c && v) {
        int same = same_as_cjson(v, c);

        if (!same)
            fprintf(stderr, "\naccept/%s: differs from cJSON\n", name);
        CU_ASSERT_TRUE(same);
        diff_compared++;
    }
    cJSON_Delete(c);
    gcx_arena_free(a);
}

static void test_differential_cjson(void)
{
    static const char extra[] =
        "{\"persons\":[{\"id\":1,\"n\":\"\\u00e9\\ud83d\\ude00\\t\","
        "\"x\":-0.000125,\"y\":6.02214076e23,\"z\":[1e-7,123456789,0.1]}]}";

    diff_compared = 0;
    corpus_each("accept", diff_one);
    diff_one("extra", extra, sizeof extra - 1);
    CU_ASSERT_TRUE(diff_compared >= 20);
}

/* ------------------------------------------------------------- misc */

static void test_options_default(void)
{
    gcx_json_parse_options p = gcx_json_parse_options_default();
    gcx_json_reader_options r = gcx_json_reader_options_default();

    CU_ASSERT_EQUAL(p.allow_duplicate_keys, 0);
    CU_ASSERT_EQUAL(p.limits.max_depth, GCX_DEFAULT_MAX_DEPTH);
    CU_ASSERT_EQUAL(p.limits.max_record_bytes, GCX_DEFAULT_MAX_RECORD_BYTES);
    CU_ASSERT_EQUAL(r.layout, GCX_JSON_LAYOUT_AUTO);
    CU_ASSERT_PTR_NULL(r.pointer);
    CU_ASSERT_EQUAL(r.parse.limits.max_string_bytes,
                    GCX_DEFAULT_MAX_STRING_BYTES);
    gcx_json_reader_free(NULL);
}

static void test_reader_null_opts(void)
{
    rd x;
    gcx_json *v;
    gcx_error e;

    memset(&x, 0, sizeof x);
    make_temp(x.path, sizeof x.path, "1\n2\n", 4);
    CU_ASSERT_FATAL(rd_new(&x, NULL, &e) == GCX_OK);
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, NULL), GCX_OK);
    CU_ASSERT_TRUE(TEXT_IS(v, "1"));
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, NULL), GCX_OK);
    CU_ASSERT_TRUE(TEXT_IS(v, "2"));
    CU_ASSERT_EQUAL(gcx_json_reader_next(x.r, &v, NULL), GCX_OK);
    CU_ASSERT_PTR_NULL(v);
    rd_close(&x);
}

static const gcx_unit_case cases[] = {
    {"trailing content", test_trailing_content},
    {"number grammar: rejected", test_number_reject},
    {"number grammar: accepted, text kept", test_number_accept},
    {"huge numbers", test_number_huge},
    {"literals", test_literals},
    {"structure errors", test_structure_errors},
    {"empty input", test_empty_input},
    {"raw control characters", test_control_chars},
    {"escapes", test_escapes},
    {"surrogates", test_surrogates},
    {"invalid UTF-8", test_invalid_utf8},
    {"byte order mark", test_bom},
    {"\\u0000 kept", test_nul_kept},
    {"string and record limits", test_string_limit},
    {"duplicate keys", test_duplicate_keys},
    {"duplicate keys in large objects", test_duplicate_keys_large},
    {"nesting depth", test_depth_limit},
    {"value positions", test_value_positions},
    {"error positions", test_error_positions},
    {"allocation failures", test_fault_injection},
    {"NDJSON layout", test_ndjson},
    {"NDJSON resumes after a bad line", test_ndjson_resume},
    {"NDJSON record limit", test_ndjson_record_limit},
    {"empty input, reader", test_empty_reader},
    {"array layout", test_array_layout},
    {"document layout", test_document_layout},
    {"pointer layout", test_pointer_layout},
    {"pointer layout, tiny chunks", test_pointer_tiny_chunks},
    {"pointer errors", test_pointer_errors},
    {"pointer forms", test_pointer_forms},
    {"tiny chunks, NDJSON and array", test_tiny_chunks_all_layouts},
    {"limits across tiny chunks", test_limits_tiny_chunks},
    {"limits at the window's edge", test_limits_window_edge},
    {"window boundaries", test_window_boundaries},
    {"record bigger than the window", test_big_record},
    {"arena reset between records", test_arena_reset},
    {"columns in code points", test_columns_code_points},
    {"corpus", test_corpus},
    {"differential against cJSON", test_differential_cjson},
    {"option defaults", test_options_default},
    {"reader with default options", test_reader_null_opts},
    {NULL, NULL}
};

GCX_UNIT_MAIN("json_in", cases)
