/* tests/unit/test_error.c - the error record: set, position, path,
 * formatting, status names. */
#include <string.h>
#include <gcx/error.h>
#include "unit.h"

static void test_set_returns_code(void)
{
    gcx_error e;

    gcx_error_clear(&e);
    CU_ASSERT_EQUAL(gcx_error_set(&e, GCX_E_IO, "cannot open %s", "x.xml"),
                    GCX_E_IO);
    CU_ASSERT_EQUAL(e.code, GCX_E_IO);
    CU_ASSERT_STRING_EQUAL(e.message, "cannot open x.xml");
    /* a NULL error record is allowed and still returns the code */
    CU_ASSERT_EQUAL(gcx_error_set(NULL, GCX_E_SYNTAX, "x"), GCX_E_SYNTAX);
}

static void test_format_full(void)
{
    gcx_error e;
    char buf[256];

    gcx_error_clear(&e);
    gcx_error_at(&e, "in.xml", 12, 7);
    e.record = 3;
    gcx_error_set_path(&e, "/cpr:Person/cpr:Name");
    gcx_error_set(&e, GCX_E_SYNTAX, "expected '>'");
    gcx_error_format(&e, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "in.xml:12:7: error: record 3: at "
                                "/cpr:Person/cpr:Name: expected '>'");
}

static void test_format_partial(void)
{
    gcx_error e;
    char buf[256];

    gcx_error_clear(&e);
    gcx_error_at(&e, "a.json", 0, 0);
    gcx_error_set(&e, GCX_E_IO, "No such file");
    gcx_error_format(&e, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "a.json: error: No such file");
    gcx_error_at(&e, NULL, 4, 0);
    gcx_error_format(&e, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "a.json:4: error: No such file");
    e.severity = GCX_SEV_WARNING;
    gcx_error_format(&e, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "a.json:4: warning: No such file");
}

static void test_format_truncates(void)
{
    gcx_error e;
    char buf[16];
    int n;

    gcx_error_clear(&e);
    gcx_error_set(&e, GCX_E_IO, "a long message that will not fit");
    n = gcx_error_format(&e, buf, sizeof buf);
    CU_ASSERT(n > (int)sizeof buf);
    CU_ASSERT_EQUAL(strlen(buf), sizeof buf - 1);
}

static void test_message_truncated_safely(void)
{
    gcx_error e;
    char big[2000];

    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    gcx_error_clear(&e);
    gcx_error_set(&e, GCX_E_INVALID, "%s", big);
    CU_ASSERT_EQUAL(strlen(e.message), GCX_ERROR_MESSAGE_MAX - 1);
    gcx_error_at(&e, big, 1, 1);
    CU_ASSERT_EQUAL(strlen(e.file), GCX_ERROR_FILE_MAX - 1);
}

static void test_status_names(void)
{
    CU_ASSERT_STRING_EQUAL(gcx_status_name(GCX_OK), "ok");
    CU_ASSERT_STRING_EQUAL(gcx_status_name(GCX_E_SYNTAX), "syntax");
    CU_ASSERT_STRING_EQUAL(gcx_status_name(GCX_E_LIMIT), "limit");
    CU_ASSERT_STRING_EQUAL(gcx_status_name((gcx_status)99), "unknown");
    CU_ASSERT_STRING_EQUAL(gcx_status_text(GCX_E_NOMEM), "out of memory");
    /* published numbers never change */
    CU_ASSERT_EQUAL(GCX_E_NOMEM, 1);
    CU_ASSERT_EQUAL(GCX_E_IO, 2);
    CU_ASSERT_EQUAL(GCX_E_SYNTAX, 3);
    CU_ASSERT_EQUAL(GCX_E_INTERNAL, 8);
}

static const gcx_unit_case cases[] = {
    {"set returns the code", test_set_returns_code},
    {"format with every field", test_format_full},
    {"format with missing fields", test_format_partial},
    {"format truncates like snprintf", test_format_truncates},
    {"long message and file truncated", test_message_truncated_safely},
    {"status names", test_status_names},
    {NULL, NULL}
};

GCX_UNIT_MAIN("error", cases)
