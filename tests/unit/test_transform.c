/* tests/unit/test_transform.c - unit tests for the mapping transforms
 * (gcx/transform.h).
 *
 * Every transform in both directions, every failure with its reason
 * code, date patterns and their errors, property loops (dates, Hijri,
 * phones), digits of several scripts, limits and allocation failures.
 */
#include <gcx/alloc.h>
#include <gcx/buf.h>
#include <gcx/error.h>
#include <gcx/rules.h>
#include <gcx/transform.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uclean.h>

#include "unit.h"

/* ------------------------------------------------------------ helpers */

static gcx_buf B;          /* output; every call appends after "X|" */
static const char *R;      /* reason */
static gcx_error E;

/* exact: a heap copy of s without a terminating NUL, so reading past the
 * length is caught by the address sanitizer or valgrind. */
static char *exact(const char *s, size_t n)
{
    char *p = malloc(n ? n : 1);

    if (!p)
        abort();
    memcpy(p, s, n);
    return p;
}

static void prep(void)
{
    if (B.max == 0)
        gcx_buf_init(&B, 0);
    gcx_buf_reset(&B);
    if (gcx_buf_puts(&B, "X|"))
        abort();
    R = "unset";
    gcx_error_clear(&E);
}

#define USAGE "(usage)"

/* check: want_reason USAGE: st is GCX_E_USAGE with no reason and the
 * output untouched. want_reason NULL: st is GCX_OK, no reason, and the
 * output after the prefix is want. Else st is GCX_E_INVALID with that
 * reason, a message, and the output untouched. */
static int check(gcx_status st, const char *want, const char *want_reason,
                 const char *what, int line)
{
    int ok;

    if (want_reason && strcmp(want_reason, USAGE) == 0)
        ok = st == GCX_E_USAGE && R == NULL && E.code == GCX_E_USAGE &&
             B.len == 2 && strcmp(B.data, "X|") == 0;
    else if (!want_reason)
        ok = st == GCX_OK && R == NULL && B.len >= 2 &&
             strcmp(B.data + 2, want) == 0 && B.len == 2 + strlen(want);
    else
        ok = st == GCX_E_INVALID && R && strcmp(R, want_reason) == 0 &&
             E.code == GCX_E_INVALID && E.message[0] && B.len == 2 &&
             strcmp(B.data, "X|") == 0;
    if (!ok)
        printf("\n  line %d: \"%s\": want %s \"%s\", got %d %s \"%s\" "
               "(%s)\n", line, what, want_reason ? "fail" : "ok",
               want_reason ? want_reason : want, (int)st,
               R ? R : "no reason", B.data ? B.data : "", E.message);
    return ok;
}

/* RUN: evaluate expr (which uses p and n, an exact copy of v). */
#define RUN(expr, v, want, reason)                                         \
    do {                                                                   \
        size_t n = strlen(v);                                              \
        char *p = exact(v, n);                                             \
        gcx_status st_;                                                    \
        prep();                                                            \
        st_ = (expr);                                                      \
        free(p);                                                           \
        CU_ASSERT(check(st_, want, reason, v, __LINE__));                  \
    } while (0)

#define OK(fn, v, want) RUN(fn(p, n, &B, &R, &E), v, want, NULL)
#define BAD(fn, v, reason) RUN(fn(p, n, &B, &R, &E), v, "", reason)

/* result: the output after the prefix (valid until the next call). */
static const char *result(void)
{
    return B.data + 2;
}

/* ---------------------------------------------------------- white space */

static void test_trim(void)
{
    OK(gcx_transform_trim, "  abc  ", "abc");
    OK(gcx_transform_trim, "abc", "abc");
    OK(gcx_transform_trim, "", "");
    OK(gcx_transform_trim, " \t\r\n ", "");
    OK(gcx_transform_trim, " a  b ", "a  b");
    OK(gcx_transform_trim, "\u00a0\u3000\u2003x\u202f\u205f\xc2\x85", "x");
    OK(gcx_transform_trim, "\u00a0\u0645\u062d\u0645\u062f\u00a0",
       "\u0645\u062d\u0645\u062f");
    /* not white space: zero-width space, BOM, ZWNJ */
    OK(gcx_transform_trim, "\u200bx\ufeff", "\u200bx\ufeff");
    BAD(gcx_transform_trim, " a\xff ", "map.utf8-invalid");
    BAD(gcx_transform_trim, "a\xd9", "map.utf8-invalid");
    BAD(gcx_transform_trim, "\xed\xa0\x80", "map.utf8-invalid");
    BAD(gcx_transform_trim, "\xc0\xaf", "map.utf8-invalid");
}

static void test_collapse(void)
{
    OK(gcx_transform_collapse, "  a \t\n b\u00a0\u00a0c  ", "a b c");
    OK(gcx_transform_collapse, "a", "a");
    OK(gcx_transform_collapse, "", "");
    OK(gcx_transform_collapse, "   ", "");
    OK(gcx_transform_collapse, "\u0639\u0628\u062f\u3000\u3000\u0627\u0644"
       "\u0644\u0647", "\u0639\u0628\u062f \u0627\u0644\u0644\u0647");
    OK(gcx_transform_collapse, "x\u2000\u2001\u2002y", "x y");
    OK(gcx_transform_collapse, "one two", "one two");
    BAD(gcx_transform_collapse, "a \x80", "map.utf8-invalid");
}

/* ---------------------------------------------------------------- case */

static void test_case(void)
{
    char big[2000], want[2000];
    size_t i;

    OK(gcx_transform_upper, "abc xyz 09", "ABC XYZ 09");
    OK(gcx_transform_lower, "ABC XYZ 09", "abc xyz 09");
    OK(gcx_transform_upper, "", "");
    OK(gcx_transform_upper, "stra\u00dfe", "STRASSE");
    OK(gcx_transform_lower, "\u00c9COLE", "\u00e9cole");
    OK(gcx_transform_upper, "\u00e9cole", "\u00c9COLE");
    /* root locale: no Turkish dotless i */
    OK(gcx_transform_upper, "i", "I");
    OK(gcx_transform_lower, "I\u0130", "ii\u0307");
    /* final sigma */
    OK(gcx_transform_lower, "\u039f\u0394\u039f\u03a3",
       "\u03bf\u03b4\u03bf\u03c2");
    /* Arabic has no case */
    OK(gcx_transform_upper, "\u0645\u062d\u0645\u062f a",
       "\u0645\u062d\u0645\u062f A");
    BAD(gcx_transform_upper, "ab\xfe", "map.utf8-invalid");
    BAD(gcx_transform_lower, "\xe0\x80\x80", "map.utf8-invalid");
    /* longer than the stack buffers; upper case grows (sharp s) */
    big[0] = want[0] = '\0';
    for (i = 0; i < 300; i++) {
        strcat(big, "\u00df");
        strcat(want, "SS");
    }
    OK(gcx_transform_upper, big, want);
    big[0] = want[0] = '\0';
    for (i = 0; i < 400; i++) {
        strcat(big, "\u00c9");
        strcat(want, "\u00e9");
    }
    OK(gcx_transform_lower, big, want);
}

/* -------------------------------------------------------------- digits */

static void test_digits(void)
{
    OK(gcx_transform_digits, "\u0660\u0661\u0662\u0663\u0664\u0665\u0666"
       "\u0667\u0668\u0669", "0123456789");
    OK(gcx_transform_digits, "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6"
       "\u06f7\u06f8\u06f9", "0123456789");
    OK(gcx_transform_digits, "\u0966\u0967\u0968\u0969", "0123");
    OK(gcx_transform_digits, "\uff11\uff12", "12");          /* fullwidth */
    OK(gcx_transform_digits, "\u0631\u0642\u0645 \u0663\u0664-x9",
       "\u0631\u0642\u0645 34-x9");
    OK(gcx_transform_digits, "", "");
    /* not decimal digits: superscript two, Roman numeral one */
    OK(gcx_transform_digits, "\u00b2\u2160", "\u00b2\u2160");
    BAD(gcx_transform_digits, "1\xff", "map.utf8-invalid");
}

static void test_digits_to(void)
{
    gcx_digit_script sc = 0;

    CU_ASSERT_EQUAL(gcx_transform_digit_script("arabic-indic", &sc, &E),
                    GCX_OK);
    CU_ASSERT_EQUAL(sc, GCX_DIGITS_ARABIC_INDIC);
    CU_ASSERT_EQUAL(gcx_transform_digit_script("persian", &sc, &E), GCX_OK);
    CU_ASSERT_EQUAL(sc, GCX_DIGITS_PERSIAN);
    CU_ASSERT_EQUAL(gcx_transform_digit_script("Persian", &sc, &E),
                    GCX_E_CONFIG);
    CU_ASSERT(strstr(E.message, "arabic-indic") != NULL);
    CU_ASSERT_EQUAL(gcx_transform_digit_script("devanagari", &sc, &E),
                    GCX_E_CONFIG);
    CU_ASSERT_EQUAL(gcx_transform_digit_script(NULL, &sc, &E), GCX_E_USAGE);

    RUN(gcx_transform_digits_to(p, n, GCX_DIGITS_ARABIC_INDIC, &B, &R, &E),
        "2024-03-11", "\u0662\u0660\u0662\u0664-\u0660\u0663-\u0661\u0661",
        NULL);
    RUN(gcx_transform_digits_to(p, n, GCX_DIGITS_PERSIAN, &B, &R, &E),
        "tel 0179", "tel \u06f0\u06f1\u06f7\u06f9", NULL);
    /* digits of other scripts are converted too */
    RUN(gcx_transform_digits_to(p, n, GCX_DIGITS_PERSIAN, &B, &R, &E),
        "\u0663\u0967", "\u06f3\u06f1", NULL);
    RUN(gcx_transform_digits_to(p, n, GCX_DIGITS_ARABIC_INDIC, &B, &R, &E),
        "", "", NULL);
    RUN(gcx_transform_digits_to(p, n, GCX_DIGITS_ARABIC_INDIC, &B, &R, &E),
        "\u0645", "\u0645", NULL);
    RUN(gcx_transform_digits_to(p, n, GCX_DIGITS_ARABIC_INDIC, &B, &R, &E),
        "1\xc3", "", "map.utf8-invalid");
    RUN(gcx_transform_digits_to(p, n, (gcx_digit_script)7, &B, &R, &E),
        "1", "", USAGE);
}

static void test_digits_roundtrip(void)
{
    char in[16], tmp[64];
    gcx_digit_script scripts[2] = {GCX_DIGITS_ARABIC_INDIC,
                                   GCX_DIGITS_PERSIAN};
    int i, s, ok = 1;

    for (s = 0; s < 2; s++)
        for (i = 0; i < 20000; i += 7) {
            snprintf(in, sizeof in, "%d/%d", i, i * 3);
            prep();
            if (gcx_transform_digits_to(in, strlen(in), scripts[s], &B, &R,
                                        &E))
                ok = 0;
            snprintf(tmp, sizeof tmp, "%s", result());
            prep();
            if (gcx_transform_digits(tmp, strlen(tmp), &B, &R, &E) ||
                strcmp(result(), in) != 0)
                ok = 0;
        }
    CU_ASSERT(ok);
}

/* ------------------------------------------------------------ id-clean */

static void test_id_clean(void)
{
    OK(gcx_transform_id_clean, "784-1990-1234567-6", "784199012345676");
    OK(gcx_transform_id_clean, " ab/12.3_4 ", "AB1234");
    OK(gcx_transform_id_clean, "\u0661\u0660\u0660\u0660 \u0660\u0660\u0660"
       "\u0660\u0660\u0668", "1000000008");
    OK(gcx_transform_id_clean, "om\u00a01234\u20135678\u2212", "OM12345678");
    OK(gcx_transform_id_clean, "\u06f2\u06f8\u06f5", "285");
    OK(gcx_transform_id_clean, "\u0967\u0968", "12");
    OK(gcx_transform_id_clean, "", "");
    OK(gcx_transform_id_clean, "- / . _", "");
    /* only ASCII is upper-cased */
    OK(gcx_transform_id_clean, "\u00e9x", "\u00e9X");
    BAD(gcx_transform_id_clean, "12\xf4\x90\x80\x80", "map.utf8-invalid");
}

/* ------------------------------------------------------------- decimal */

#define DEC(v, scale, want) \
    RUN(gcx_transform_decimal(p, n, scale, &B, &R, &E), v, want, NULL)
#define DEC_BAD(v, scale, reason) \
    RUN(gcx_transform_decimal(p, n, scale, &B, &R, &E), v, "", reason)

static void test_decimal(void)
{
    DEC("1500", 3, "1500.000");
    DEC("1,500", 3, "1500.000");
    DEC("1,234,567.5", 2, "1234567.50");
    DEC("12.345", 3, "12.345");
    DEC("12.3450000", 3, "12.345");
    DEC("-12.5", 2, "-12.50");
    DEC("-0.00", 2, "0.00");
    DEC("-0", 0, "0");
    DEC("0", 0, "0");
    DEC("007.10", 2, "7.10");
}

static void test_decimal_more(void)
{
    DEC("5", 0, "5");
    DEC("5.000", 0, "5");
    DEC("0.000", 3, "0.000");
    DEC("0.001", 3, "0.001");
    DEC("100", 2, "100.00");
    DEC("123,456", 0, "123456");
    DEC("\u0661\u0662\u0663\u066b\u0664\u0665", 2, "123.45");
    DEC("\u06f1\u066c\u06f5\u06f0\u06f0", 3, "1500.000");
    DEC("\u0967\u0968.\u0969", 1, "12.3");
    DEC("99999999999999999999999999.99", 2,
        "99999999999999999999999999.99");
    DEC("1", 30, "1.000000000000000000000000000000");

    DEC_BAD("0.5", 0, "map.decimal-scale");
    DEC_BAD("12.3451", 3, "map.decimal-scale");
    DEC_BAD("0.0001", 3, "map.decimal-scale");
    DEC_BAD("1.23", 1, "map.decimal-scale");
    DEC_BAD("", 2, "map.decimal-invalid");
    DEC_BAD("-", 2, "map.decimal-invalid");
    DEC_BAD(".5", 2, "map.decimal-invalid");
    DEC_BAD("5.", 2, "map.decimal-invalid");
    DEC_BAD("1.2.3", 2, "map.decimal-invalid");
    DEC_BAD("1,50", 2, "map.decimal-invalid");
    DEC_BAD("1,5000", 2, "map.decimal-invalid");
    DEC_BAD("1234,567", 2, "map.decimal-invalid");
    DEC_BAD(",123", 2, "map.decimal-invalid");
    DEC_BAD("1,,234", 2, "map.decimal-invalid");
    DEC_BAD("1,234.5,6", 2, "map.decimal-invalid");
    DEC_BAD("1,234,", 2, "map.decimal-invalid");
    DEC_BAD("+5", 2, "map.decimal-invalid");
    DEC_BAD("5-", 2, "map.decimal-invalid");
    DEC_BAD("--5", 2, "map.decimal-invalid");
    DEC_BAD(" 5", 2, "map.decimal-invalid");
    DEC_BAD("1e5", 2, "map.decimal-invalid");
    DEC_BAD("NaN", 2, "map.decimal-invalid");
    DEC_BAD("1\xff", 2, "map.utf8-invalid");
    RUN(gcx_transform_decimal(p, n, 31, &B, &R, &E), "1", "", USAGE);
}

static void test_decimal_messages(void)
{
    prep();
    CU_ASSERT_EQUAL(gcx_transform_decimal("12.3451", 7, 3, &B, &R, &E),
                    GCX_E_INVALID);
    CU_ASSERT(strstr(E.message, "\"12.3451\"") != NULL);
    CU_ASSERT(strstr(E.message, "at most 3") != NULL);
    prep();
    CU_ASSERT_EQUAL(gcx_transform_decimal("1,50", 4, 2, &B, &R, &E),
                    GCX_E_INVALID);
    CU_ASSERT(strstr(E.message, "\"1,50\"") != NULL);
    CU_ASSERT(strstr(E.message, "separator") != NULL);
}

/* -------------------------------------------------------------- number */

static void test_number(void)
{
    OK(gcx_transform_number, "0.77070", "0.77070");
    OK(gcx_transform_number, "0", "0");
    OK(gcx_transform_number, "-0", "-0");
    OK(gcx_transform_number, "-12.5", "-12.5");
    OK(gcx_transform_number, "1234567890123456789012345678901234567890",
       "1234567890123456789012345678901234567890");
}

static void test_number_more(void)
{
    OK(gcx_transform_number, "\u0660.\u0667\u0667", "0.77");
    OK(gcx_transform_number, "\u06f1\u06f2", "12");
    BAD(gcx_transform_number, "", "map.number-invalid");
    BAD(gcx_transform_number, "-", "map.number-invalid");
    BAD(gcx_transform_number, "01", "map.number-invalid");
    BAD(gcx_transform_number, "1.", "map.number-invalid");
    BAD(gcx_transform_number, ".5", "map.number-invalid");
    BAD(gcx_transform_number, "1e5", "map.number-invalid");
    BAD(gcx_transform_number, "+1", "map.number-invalid");
    BAD(gcx_transform_number, "1,000", "map.number-invalid");
    BAD(gcx_transform_number, " 1", "map.number-invalid");
    BAD(gcx_transform_number, "1 ", "map.number-invalid");
    BAD(gcx_transform_number, "0x10", "map.number-invalid");
    BAD(gcx_transform_number, "\u0660\u066b5", "map.number-invalid");
    BAD(gcx_transform_number, "1\xc3", "map.utf8-invalid");
}

/* ------------------------------------------------------- date patterns */

static gcx_datepat *pat(const char *s, gcx_datepat_kind kind)
{
    gcx_datepat *p = NULL;
    gcx_status st = gcx_datepat_compile(s, kind, &p, &E);

    if (st)
        printf("\n  pattern \"%s\": %s\n", s, E.message);
    CU_ASSERT_EQUAL_FATAL(st, GCX_OK);
    CU_ASSERT_STRING_EQUAL(gcx_datepat_text(p), s);
    return p;
}

/* pat_bad: compiling s fails with GCX_E_CONFIG at column col. */
static int pat_bad(const char *s, gcx_datepat_kind kind, unsigned long col,
                   const char *words, int line)
{
    gcx_datepat *p = (gcx_datepat *)&p;
    gcx_status st;
    int ok;

    gcx_error_clear(&E);
    st = gcx_datepat_compile(s, kind, &p, &E);
    ok = st == GCX_E_CONFIG && p == NULL && E.column == col &&
         strstr(E.message, words) != NULL;
    if (!ok)
        printf("\n  line %d: pattern \"%s\": got %d col %lu \"%s\"\n", line,
               s, (int)st, E.column, E.message);
    return ok;
}

#define PAT_BAD(s, kind, col, words) \
    CU_ASSERT(pat_bad(s, kind, col, words, __LINE__))

static void test_datepat_compile(void)
{
    static const char *good[] = {
        "dd/MM/yyyy", "d/M/yyyy", "yyyyMMdd", "yyyy-MM-dd", "MM/dd/yyyy",
        "dd.MM.yyyy '\xd0\xb3.'", "yyyy/MM/dd '\u0647\u0640'",
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.SSS", "yyyyMMd",
        "d MM yyyy", "'Day' d', month' M', year' yyyy",
        "yyyy-MM-ddTHH:mm", "yyyy''MM''dd", "yyyy'''x'''MM-dd",
    };
    gcx_datepat *p;
    size_t i;

    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        p = pat(good[i], GCX_DATEPAT_DATE);
        gcx_datepat_free(p);
    }
    p = pat("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", GCX_DATEPAT_DATETIME);
    gcx_datepat_free(p);
    gcx_datepat_free(NULL);
    CU_ASSERT_PTR_NULL(gcx_datepat_text(NULL));

    PAT_BAD("dd/MM/yy", GCX_DATEPAT_DATE, 7, "'yy' is not a pattern field");
    PAT_BAD("dd/MMM/yyyy", GCX_DATEPAT_DATE, 4, "use M or MM");
    PAT_BAD("ddd/MM/yyyy", GCX_DATEPAT_DATE, 1, "use d or dd");
    PAT_BAD("dd/MM/yyyy hh:mm", GCX_DATEPAT_DATE, 12, "'h' is not a");
    PAT_BAD("EEE dd/MM/yyyy", GCX_DATEPAT_DATE, 1, "'E' is not a");
    PAT_BAD("dd/MM/yyyy a", GCX_DATEPAT_DATE, 12, "quote literal");
    PAT_BAD("dd/MM/yyyy 'x", GCX_DATEPAT_DATE, 12, "not closed");
    PAT_BAD("yyyy-MM", GCX_DATEPAT_DATE, 1, "needs yyyy");
    PAT_BAD("MM-dd", GCX_DATEPAT_DATE, 1, "needs yyyy");
    PAT_BAD("yyyyMd", GCX_DATEPAT_DATE, 6, "cannot follow");
    PAT_BAD("dMMyyyy", GCX_DATEPAT_DATE, 2, "cannot follow");
    PAT_BAD("yyyy-M'1'dd", GCX_DATEPAT_DATE, 8, "cannot follow");
    PAT_BAD("yyyy-MM-dd yyyy", GCX_DATEPAT_DATE, 12, "repeats");
    PAT_BAD("yyyy-MM-dd-M", GCX_DATEPAT_DATE, 12, "repeats");
    PAT_BAD("yyyy-MM-ddXXX", GCX_DATEPAT_DATE, 11, "no zone");
    PAT_BAD("yyyy-MM-dd", GCX_DATEPAT_DATETIME, 1, "needs HH and mm");
    PAT_BAD("yyyy-MM-dd HH", GCX_DATEPAT_DATETIME, 1, "needs HH and mm");
    PAT_BAD("yyyy-MM-dd mm", GCX_DATEPAT_DATE, 12, "mm needs HH");
    PAT_BAD("yyyy-MM-dd HH:mm.SSS", GCX_DATEPAT_DATETIME, 18, "SSS needs");
    PAT_BAD("yyyy-MM-dd HH:mm:ss.SS", GCX_DATEPAT_DATETIME, 21,
            "use SSS");
    PAT_BAD("yyyy-MM-dd HH:mm XX", GCX_DATEPAT_DATETIME, 18, "use XXX");
    PAT_BAD("", GCX_DATEPAT_DATE, 1, "empty");
    PAT_BAD("yyyy-MM-dd\xff", GCX_DATEPAT_DATE, 11, "UTF-8");
    /* the column counts characters, not bytes */
    PAT_BAD("\u0647\u0640 yy", GCX_DATEPAT_DATE, 4, "'yy'");
    {
        char longp[GCX_DATEPAT_MAX + 20];

        memset(longp, '-', sizeof longp - 1);
        longp[sizeof longp - 1] = '\0';
        memcpy(longp, "yyyyMMdd", 8);
        PAT_BAD(longp, GCX_DATEPAT_DATE, GCX_DATEPAT_MAX + 1, "at most");
    }
    p = (gcx_datepat *)&p;
    CU_ASSERT_EQUAL(gcx_datepat_compile(NULL, GCX_DATEPAT_DATE, &p, &E),
                    GCX_E_USAGE);
    CU_ASSERT_PTR_NULL(p);
    CU_ASSERT_EQUAL(gcx_datepat_compile("yyyy", 9, &p, &E), GCX_E_USAGE);
    CU_ASSERT_EQUAL(gcx_datepat_compile("yyyy", GCX_DATEPAT_DATE, NULL, &E),
                    GCX_E_USAGE);
}

/* ---------------------------------------------------------------- date */

#define DATE(pt, v, want) \
    RUN(gcx_transform_date(pt, p, n, &B, &R, &E), v, want, NULL)
#define DATE_BAD(pt, v, reason) \
    RUN(gcx_transform_date(pt, p, n, &B, &R, &E), v, "", reason)
#define DATE_FMT(pt, v, want) \
    RUN(gcx_transform_date_format(pt, p, n, &B, &R, &E), v, want, NULL)
#define DATE_FMT_BAD(pt, v, reason) \
    RUN(gcx_transform_date_format(pt, p, n, &B, &R, &E), v, "", reason)

static void test_date(void)
{
    gcx_datepat *dmy = pat("dd/MM/yyyy", GCX_DATEPAT_DATE);
    gcx_datepat *var = pat("d/M/yyyy", GCX_DATEPAT_DATE);
    gcx_datepat *sql = pat("yyyy-MM-dd HH:mm:ss.SSS", GCX_DATEPAT_DATE);
    gcx_datepat *hej = pat("yyyy/MM/dd '\u0645'", GCX_DATEPAT_DATE);
    gcx_datepat *dt = pat("yyyy-MM-dd HH:mm", GCX_DATEPAT_DATETIME);

    DATE(dmy, "12/04/1985", "1985-04-12");
    DATE(dmy, "\u0661\u0662/\u0660\u0664/\u0661\u0669\u0668\u0665",
         "1985-04-12");
    DATE(dmy, "\u06f1\u06f2/\u06f0\u06f4/\u06f1\u06f9\u06f8\u06f5",
         "1985-04-12");
    DATE(dmy, "\u0967\u0968/\u0966\u0969/\u0968\u0966\u0968\u0967",
         "2021-03-12");
    DATE(dmy, "1\u0662/04/\u06f1985", "1985-04-12");   /* mixed */
    DATE(dmy, "29/02/2024", "2024-02-29");
    DATE(dmy, "29/02/2000", "2000-02-29");
    DATE(dmy, "31/12/9999", "9999-12-31");
    DATE(dmy, "01/01/0001", "0001-01-01");
    DATE_BAD(dmy, "29/02/2023", "map.date-invalid");
    DATE_BAD(dmy, "29/02/1900", "map.date-invalid");
    DATE_BAD(dmy, "31/04/2024", "map.date-invalid");
    DATE_BAD(dmy, "00/01/2024", "map.date-invalid");
    DATE_BAD(dmy, "12/13/2024", "map.date-invalid");
    DATE_BAD(dmy, "12/00/2024", "map.date-invalid");
    DATE_BAD(dmy, "01/01/0000", "map.date-invalid");
    DATE_BAD(dmy, "12-04-1985", "map.date-pattern");
    DATE_BAD(dmy, "12/04/85", "map.date-pattern");
    DATE_BAD(dmy, "12/04/19850", "map.date-pattern");
    DATE_BAD(dmy, "2/04/1985", "map.date-pattern");
    DATE_BAD(dmy, " 12/04/1985", "map.date-pattern");
    DATE_BAD(dmy, "", "map.date-pattern");
    DATE_BAD(dmy, "12/04/1985\xff", "map.utf8-invalid");
    DATE(var, "1/2/2024", "2024-02-01");
    DATE(var, "01/02/2024", "2024-02-01");
    DATE(var, "31/12/2024", "2024-12-31");
    DATE_BAD(var, "311/12/2024", "map.date-pattern");
    DATE_BAD(var, "/12/2024", "map.date-pattern");
    DATE(sql, "1985-04-12 00:00:00.000", "1985-04-12");
    DATE_BAD(sql, "1985-04-12 10:00:00.000", "map.date-invalid");
    DATE_BAD(sql, "1985-04-12 00:00:00.001", "map.date-invalid");
    DATE_BAD(sql, "1985-04-12 25:00:00.000", "map.date-invalid");
    DATE(hej, "1985/04/12 \u0645", "1985-04-12");
    DATE_BAD(hej, "1985/04/12", "map.date-pattern");

    DATE_FMT(dmy, "1985-04-12", "12/04/1985");
    DATE_FMT(var, "2024-02-01", "1/2/2024");
    DATE_FMT(var, "2024-12-31", "31/12/2024");
    DATE_FMT(sql, "1985-04-12", "1985-04-12 00:00:00.000");
    DATE_FMT(hej, "0001-01-01", "0001/01/01 \u0645");
    DATE_FMT_BAD(dmy, "1985-4-12", "map.date-invalid");
    DATE_FMT_BAD(dmy, "1985-04-12T00:00:00", "map.date-invalid");
    DATE_FMT_BAD(dmy, "2023-02-29", "map.date-invalid");
    DATE_FMT_BAD(dmy, "0000-01-01", "map.date-invalid");
    DATE_FMT_BAD(dmy, "\u0661985-04-12", "map.date-invalid");
    DATE_FMT_BAD(dmy, "", "map.date-invalid");

    /* a pattern of the other kind is a usage error */
    RUN(gcx_transform_date(dt, p, n, &B, &R, &E),
        "2024-01-01 10:00", "", USAGE);
    RUN(gcx_transform_datetime(dmy, p, n, &B, &R, &E),
        "01/01/2024", "", USAGE);
    RUN(gcx_transform_date(NULL, p, n, &B, &R, &E), "01/01/2024", "", USAGE);

    /* the message names the value, the pattern and the place */
    prep();
    CU_ASSERT_EQUAL(gcx_transform_date(dmy, "12-04-1985", 10, &B, &R, &E),
                    GCX_E_INVALID);
    CU_ASSERT(strstr(E.message, "\"12-04-1985\"") != NULL);
    CU_ASSERT(strstr(E.message, "\"dd/MM/yyyy\"") != NULL);
    CU_ASSERT(strstr(E.message, "character 3") != NULL);
    prep();
    CU_ASSERT_EQUAL(gcx_transform_date(dmy, "30/02/2024", 10, &B, &R, &E),
                    GCX_E_INVALID);
    CU_ASSERT(strstr(E.message, "29 days") != NULL);

    gcx_datepat_free(dmy);
    gcx_datepat_free(var);
    gcx_datepat_free(sql);
    gcx_datepat_free(hej);
    gcx_datepat_free(dt);
}

/* ------------------------------------------------------------ datetime */

#define DT(pt, v, want) \
    RUN(gcx_transform_datetime(pt, p, n, &B, &R, &E), v, want, NULL)
#define DT_BAD(pt, v, reason) \
    RUN(gcx_transform_datetime(pt, p, n, &B, &R, &E), v, "", reason)
#define DT_FMT(pt, v, want) \
    RUN(gcx_transform_datetime_format(pt, p, n, &B, &R, &E), v, want, NULL)
#define DT_FMT_BAD(pt, v, reason) \
    RUN(gcx_transform_datetime_format(pt, p, n, &B, &R, &E), v, "", reason)

static void test_datetime(void)
{
    gcx_datepat *full = pat("yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
                            GCX_DATEPAT_DATETIME);
    gcx_datepat *hm = pat("dd/MM/yyyy HH:mm", GCX_DATEPAT_DATETIME);
    gcx_datepat *sz = pat("yyyyMMddHHmmssXXX", GCX_DATEPAT_DATETIME);
    gcx_datepat *s = pat("d.M.yyyy HH:mm:ss", GCX_DATEPAT_DATETIME);

    DT(full, "2024-03-11T10:20:30.123+03:00",
       "2024-03-11T10:20:30.123+03:00");
    DT(full, "2024-03-11T10:20:30.000Z", "2024-03-11T10:20:30.000Z");
    DT(full, "2024-03-11T23:59:59.999-05:30",
       "2024-03-11T23:59:59.999-05:30");
    DT(full, "\u0662\u0660\u0662\u0664-03-11T10:20:30.123Z",
       "2024-03-11T10:20:30.123Z");
    DT(hm, "11/03/2024 10:20", "2024-03-11T10:20:00");
    DT(hm, "29/02/2024 00:00", "2024-02-29T00:00:00");
    DT(sz, "20240311102030Z", "2024-03-11T10:20:30Z");
    DT(s, "1.2.2024 01:02:03", "2024-02-01T01:02:03");
    DT_BAD(hm, "11/03/2024 24:00", "map.date-invalid");
    DT_BAD(hm, "11/03/2024 10:60", "map.date-invalid");
    DT_BAD(s, "1.2.2024 01:02:60", "map.date-invalid");
    DT_BAD(hm, "30/02/2024 10:00", "map.date-invalid");
    DT_BAD(full, "2024-03-11T10:20:30.123+24:00", "map.date-invalid");
    DT_BAD(full, "2024-03-11T10:20:30.123+03:60", "map.date-invalid");
    DT_BAD(full, "2024-03-11T10:20:30.123", "map.date-pattern");
    DT_BAD(full, "2024-03-11T10:20:30.123+0300", "map.date-pattern");
    DT_BAD(full, "2024-03-11T10:20:30.12Z", "map.date-pattern");
    DT_BAD(full, "2024-03-11 10:20:30.123Z", "map.date-pattern");
    DT_BAD(full, "2024-03-11T10:20:30.123z", "map.date-pattern");
    DT_BAD(hm, "11/03/2024 10:20:00", "map.date-pattern");

    DT_FMT(full, "2024-03-11T10:20:30.123+03:00",
           "2024-03-11T10:20:30.123+03:00");
    DT_FMT(full, "2024-03-11T10:20:30Z", "2024-03-11T10:20:30.000Z");
    DT_FMT(full, "2024-03-11T10:20:30.1Z", "2024-03-11T10:20:30.100Z");
    DT_FMT(full, "2024-03-11T10:20:30.123000Z",
           "2024-03-11T10:20:30.123Z");
    DT_FMT(hm, "2024-03-11T10:20:00", "11/03/2024 10:20");
    DT_FMT(hm, "2024-03-11T10:20:00.000", "11/03/2024 10:20");
    DT_FMT(sz, "2024-03-11T10:20:30-01:00", "20240311102030-01:00");
    DT_FMT(s, "2024-02-01T01:02:03", "1.2.2024 01:02:03");
    DT_FMT_BAD(full, "2024-03-11T10:20:30.1234Z",
               "map.date-unrepresentable");
    DT_FMT_BAD(full, "2024-03-11T10:20:30.123", "map.date-unrepresentable");
    DT_FMT_BAD(hm, "2024-03-11T10:20:01", "map.date-unrepresentable");
    DT_FMT_BAD(hm, "2024-03-11T10:20:00.5", "map.date-unrepresentable");
    DT_FMT_BAD(hm, "2024-03-11T10:20:00Z", "map.date-unrepresentable");
    DT_FMT_BAD(s, "2024-03-11T10:20:00+03:00", "map.date-unrepresentable");
    DT_FMT_BAD(hm, "2024-03-11T10:20", "map.date-invalid");
    DT_FMT_BAD(hm, "2024-03-11 10:20:00", "map.date-invalid");
    DT_FMT_BAD(hm, "2024-03-11T10:20:00.", "map.date-invalid");
    DT_FMT_BAD(hm, "2024-03-11T10:20:00+3:00", "map.date-invalid");
    DT_FMT_BAD(hm, "2024-03-11T25:20:00", "map.date-invalid");
    DT_FMT_BAD(hm, "2024-02-30T10:20:00", "map.date-invalid");
    DT_FMT_BAD(full, "2024-03-11T10:20:30.123+03:00x", "map.date-invalid");

    gcx_datepat_free(full);
    gcx_datepat_free(hm);
    gcx_datepat_free(sz);
    gcx_datepat_free(s);
}

/* next_day: advance y-m-d by one day. */
static void next_day(int *y, int *m, int *d)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
    int leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
    int md = *m == 2 && leap ? 29 : days[*m - 1];

    if (++*d > md) {
        *d = 1;
        if (++*m > 12) {
            *m = 1;
            ++*y;
        }
    }
}

/* Property: for many dates and several patterns, parse(format(iso)) is
 * iso, and format(parse(text)) is text. Also checks that every day of
 * 1899-2101 (all leap-year rules) passes and the day after the last of
 * each month fails. */
static void test_date_property(void)
{
    static const char *pats[] = {
        "dd/MM/yyyy", "d/M/yyyy", "yyyyMMdd", "MM-dd-yyyy", "yyyy.M.d",
        "dd '\u0645\u0646' MM yyyy",
    };
    gcx_datepat *p[sizeof pats / sizeof pats[0]];
    char iso[40], text[64], iso2[40];
    int y = 1899, m = 1, d = 1, bad = 0, count = 0;
    size_t i;

    for (i = 0; i < sizeof pats / sizeof pats[0]; i++)
        p[i] = pat(pats[i], GCX_DATEPAT_DATE);
    while (y < 2102) {
        snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
        for (i = 0; i < sizeof pats / sizeof pats[0]; i++) {
            prep();
            if (gcx_transform_date_format(p[i], iso, 10, &B, &R, &E)) {
                bad++;
                continue;
            }
            snprintf(text, sizeof text, "%s", result());
            prep();
            if (gcx_transform_date(p[i], text, strlen(text), &B, &R, &E) ||
                strcmp(result(), iso) != 0)
                bad++;
            snprintf(iso2, sizeof iso2, "%s", result());
            prep();
            if (gcx_transform_date_format(p[i], iso2, 10, &B, &R, &E) ||
                strcmp(result(), text) != 0)
                bad++;
        }
        /* the day after the month's last day does not exist */
        if (d >= 28) {
            int y2 = y, m2 = m, d2 = d;

            next_day(&y2, &m2, &d2);
            if (d2 == 1) {
                snprintf(text, sizeof text, "%02d/%02d/%04d", d + 1, m, y);
                prep();
                if (gcx_transform_date(p[0], text, 10, &B, &R, &E) !=
                    GCX_E_INVALID || strcmp(R, "map.date-invalid") != 0)
                    bad++;
            }
        }
        next_day(&y, &m, &d);
        count++;
    }
    /* years far apart */
    for (y = 1; y <= 9999; y += 37) {
        snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, y % 12 + 1,
                 y % 28 + 1);
        for (i = 0; i < sizeof pats / sizeof pats[0]; i++) {
            prep();
            if (gcx_transform_date_format(p[i], iso, 10, &B, &R, &E)) {
                bad++;
                continue;
            }
            snprintf(text, sizeof text, "%s", result());
            prep();
            if (gcx_transform_date(p[i], text, strlen(text), &B, &R, &E) ||
                strcmp(result(), iso) != 0)
                bad++;
        }
    }
    if (bad)
        printf("\n  %d date round trips failed\n", bad);
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT(count > 74000);
    for (i = 0; i < sizeof pats / sizeof pats[0]; i++)
        gcx_datepat_free(p[i]);
}

static void test_datetime_property(void)
{
    gcx_datepat *p = pat("dd/MM/yyyy HH:mm:ss.SSS XXX",
                         GCX_DATEPAT_DATETIME);
    gcx_datepat *q = pat("yyyy-MM-dd'T'HH:mm:ssXXX", GCX_DATEPAT_DATETIME);
    static const char *zones[] = {"Z", "+03:00", "-11:30", "+14:00"};
    char iso[64], text[64];
    int i, bad = 0;

    for (i = 0; i < 20000; i++) {
        int y = 1 + (i * 7919) % 9999, m = 1 + i % 12, d = 1 + i % 28;

        snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%s",
                 y, m, d, i % 24, i % 60, (i / 60) % 60, i % 1000,
                 zones[i % 4]);
        prep();
        if (gcx_transform_datetime_format(p, iso, strlen(iso), &B, &R, &E))
        {
            bad++;
            continue;
        }
        snprintf(text, sizeof text, "%s", result());
        prep();
        if (gcx_transform_datetime(p, text, strlen(text), &B, &R, &E) ||
            strcmp(result(), iso) != 0)
            bad++;
        /* the RFC 3339 form without fraction is the same function */
        snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02d%s", y, m,
                 d, i % 24, i % 60, (i / 60) % 60, zones[i % 4]);
        prep();
        if (gcx_transform_datetime(q, iso, strlen(iso), &B, &R, &E) ||
            strcmp(result(), iso) != 0 ||
            gcx_rules_datetime(result(), strlen(result()), NULL) != 0)
            bad++;
    }
    CU_ASSERT_EQUAL(bad, 0);
    gcx_datepat_free(p);
    gcx_datepat_free(q);
}

/* --------------------------------------------------------------- hijri */

#define HIJ(pt, v, want) \
    RUN(gcx_transform_hijri(pt, p, n, &B, &R, &E), v, want, NULL)
#define HIJ_BAD(pt, v, reason) \
    RUN(gcx_transform_hijri(pt, p, n, &B, &R, &E), v, "", reason)
#define HIJ_FMT(pt, v, want) \
    RUN(gcx_transform_hijri_format(pt, p, n, &B, &R, &E), v, want, NULL)
#define HIJ_FMT_BAD(pt, v, reason) \
    RUN(gcx_transform_hijri_format(pt, p, n, &B, &R, &E), v, "", reason)

static void test_hijri(void)
{
    gcx_datepat *dmy = pat("dd/MM/yyyy", GCX_DATEPAT_DATE);
    gcx_datepat *ymd = pat("yyyy/MM/dd '\u0647\u0640'", GCX_DATEPAT_DATE);
    gcx_datepat *iso = pat("yyyy-MM-dd", GCX_DATEPAT_DATE);
    gcx_datepat *dt = pat("yyyy-MM-dd HH:mm", GCX_DATEPAT_DATETIME);

    HIJ(dmy, "01/01/1400", "1979-11-21");
    HIJ(dmy, "01/09/1445", "2024-03-11");
    HIJ(dmy, "01/01/1446", "2024-07-07");
    HIJ(iso, "1445-09-01", "2024-03-11");
    HIJ(ymd, "\u0661\u0664\u0664\u0665/\u0660\u0669/\u0660\u0661 "
        "\u0647\u0640", "2024-03-11");
    HIJ(dmy, "\u06f0\u06f1/\u06f0\u06f1/\u06f1\u06f4\u06f0\u06f0",
        "1979-11-21");
    HIJ(dmy, "01/01/1300", "1882-11-12");
    HIJ_BAD(dmy, "30/01/1445", "map.hijri-invalid");
    HIJ_BAD(dmy, "31/02/1445", "map.hijri-invalid");
    HIJ_BAD(dmy, "01/13/1445", "map.hijri-invalid");
    HIJ_BAD(dmy, "00/01/1445", "map.hijri-invalid");
    HIJ_BAD(dmy, "29/12/1299", "map.hijri-range");
    HIJ_BAD(dmy, "01/01/1601", "map.hijri-range");
    HIJ_BAD(dmy, "01/01/0000", "map.hijri-range");
    HIJ_BAD(dmy, "1/1/1445", "map.date-pattern");
    HIJ_BAD(dmy, "01/01/1445\xc3", "map.utf8-invalid");

    HIJ_FMT(dmy, "1979-11-21", "01/01/1400");
    HIJ_FMT(dmy, "2024-03-11", "01/09/1445");
    HIJ_FMT(dmy, "2024-07-07", "01/01/1446");
    HIJ_FMT(ymd, "2024-03-11", "1445/09/01 \u0647\u0640");
    HIJ_FMT(iso, "2024-03-10", "1445-08-29");
    HIJ_FMT_BAD(dmy, "1800-01-01", "map.hijri-range");
    HIJ_FMT_BAD(dmy, "2200-01-01", "map.hijri-range");
    HIJ_FMT_BAD(dmy, "0001-01-01", "map.hijri-range");
    HIJ_FMT_BAD(dmy, "9999-12-31", "map.hijri-range");
    HIJ_FMT_BAD(dmy, "2024-02-30", "map.date-invalid");
    HIJ_FMT_BAD(dmy, "11/03/2024", "map.date-invalid");

    /* the Hijri value itself, for birthDateHijri.value */
    RUN(gcx_transform_hijri_iso(dmy, p, n, &B, &R, &E), "1/09/1445", "",
        "map.date-pattern");
    RUN(gcx_transform_hijri_iso(dmy, p, n, &B, &R, &E),
        "\u0660\u0661/\u0660\u0669/\u0661\u0664\u0664\u0665", "1445-09-01",
        NULL);
    RUN(gcx_transform_hijri_iso(dmy, p, n, &B, &R, &E), "30/01/1445", "",
        "map.hijri-invalid");
    RUN(gcx_transform_hijri_iso(dmy, p, n, &B, &R, &E), "30/01/1200", "",
        "map.hijri-range");
    RUN(gcx_transform_hijri_iso_format(ymd, p, n, &B, &R, &E), "1445-09-01",
        "1445/09/01 \u0647\u0640", NULL);
    RUN(gcx_transform_hijri_iso_format(ymd, p, n, &B, &R, &E), "1445-01-30",
        "", "map.hijri-invalid");
    RUN(gcx_transform_hijri_iso_format(ymd, p, n, &B, &R, &E), "1700-01-01",
        "", "map.hijri-range");
    RUN(gcx_transform_hijri_iso_format(ymd, p, n, &B, &R, &E), "1445-9-01",
        "", "map.date-invalid");

    RUN(gcx_transform_hijri(dt, p, n, &B, &R, &E),
        "1445-09-01 00:00", "", USAGE);
    RUN(gcx_transform_hijri_format(dt, p, n, &B, &R, &E),
        "2024-03-11", "", USAGE);

    gcx_datepat_free(dmy);
    gcx_datepat_free(ymd);
    gcx_datepat_free(iso);
    gcx_datepat_free(dt);
}

/* Property over the whole Umm al-Qura table, 1300-1600 AH: every day of
 * 1300-1310, 1395-1460 and 1590-1600, and days 1, 29 and 30 of every
 * month of the other years (all of it is slow under valgrind). Each
 * checked day goes forward to the right number of days after the
 * previous one's Gregorian date and back to itself; months have 29 or
 * 30 days and day 30 of a 29-day month is map.hijri-invalid. */
static void test_hijri_property(void)
{
    static const int some[] = {1, 29, 30};
    gcx_datepat *p = pat("dd/MM/yyyy", GCX_DATEPAT_DATE);
    char text[32], greg[16], want[16];
    int y, m, i, d, pd = 0, bad = 0, mlen, full, started = 0, step;
    int gy = 0, gm = 0, gd = 0, checked = 0;

    for (y = 1300; y <= 1600; y++) {
        full = y <= 1310 || (y >= 1395 && y <= 1460) || y >= 1590;
        for (m = 1; m <= 12; m++) {
            mlen = 0;
            for (i = 0; i < (full ? 30 : 3); i++) {
                d = full ? i + 1 : some[i];
                snprintf(text, sizeof text, "%02d/%02d/%04d", d, m, y);
                prep();
                if (gcx_transform_hijri(p, text, 10, &B, &R, &E)) {
                    if (d < 30 || strcmp(R, "map.hijri-invalid") != 0)
                        bad++;
                    break;
                }
                checked++;
                mlen = d;
                snprintf(greg, sizeof greg, "%s", result());
                if (started) {
                    for (step = d == 1 ? 1 : d - pd; step > 0; step--)
                        next_day(&gy, &gm, &gd);
                    snprintf(want, sizeof want, "%04d-%02d-%02d", gy, gm,
                             gd);
                    if (strcmp(want, greg) != 0)
                        bad++;
                }
                started = 1;
                pd = d;
                if (sscanf(greg, "%d-%d-%d", &gy, &gm, &gd) != 3)
                    bad++;
                prep();
                if (gcx_transform_hijri_format(p, greg, 10, &B, &R, &E) ||
                    strcmp(result(), text) != 0)
                    bad++;
            }
            if (mlen < 29)
                bad++;
        }
    }
    if (bad)
        printf("\n  %d Hijri checks failed\n", bad);
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT(checked > 37000);
    /* the days before and after the table */
    prep();
    CU_ASSERT_EQUAL(gcx_transform_hijri_format(p, "1882-11-12", 10, &B, &R,
                                               &E), GCX_OK);
    CU_ASSERT_STRING_EQUAL(result(), "01/01/1300");
    prep();
    CU_ASSERT_EQUAL(gcx_transform_hijri_format(p, "1882-11-11", 10, &B, &R,
                                               &E), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(R, "map.hijri-range");
    next_day(&gy, &gm, &gd);
    snprintf(greg, sizeof greg, "%04d-%02d-%02d", gy, gm, gd);
    prep();
    CU_ASSERT_EQUAL(gcx_transform_hijri_format(p, greg, 10, &B, &R, &E),
                    GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(R, "map.hijri-range");
    gcx_datepat_free(p);
}

/* --------------------------------------------------------------- phones */

#define E164(v, st, want) \
    RUN(gcx_transform_e164(p, n, st, &B, &R, &E), v, want, NULL)
#define E164_BAD(v, st, reason) \
    RUN(gcx_transform_e164(p, n, st, &B, &R, &E), v, "", reason)
#define E164_FMT(v, st, form, want) \
    RUN(gcx_transform_e164_format(p, n, st, form, &B, &R, &E), v, want, NULL)
#define E164_FMT_BAD(v, st, form, reason) \
    RUN(gcx_transform_e164_format(p, n, st, form, &B, &R, &E), v, "", \
        reason)

static void test_e164(void)
{
    CU_ASSERT(gcx_transform_e164_state("BH"));
    CU_ASSERT(gcx_transform_e164_state("KW"));
    CU_ASSERT(!gcx_transform_e164_state("bh"));
    CU_ASSERT(!gcx_transform_e164_state("EG"));
    CU_ASSERT(!gcx_transform_e164_state(NULL));

    /* Saudi Arabia: 9 digits, trunk 0 */
    E164("0501234567", "SA", "+966501234567");
    E164("05 0123 4567", "SA", "+966501234567");
    E164("050-123-4567", "SA", "+966501234567");
    E164("501234567", "SA", "+966501234567");
    E164("+966501234567", "SA", "+966501234567");
    E164("+966 50 123 4567", "SA", "+966501234567");
    E164("+966 (0) 50 123 4567", "SA", "+966501234567");
    E164("00966501234567", "SA", "+966501234567");
    E164("966501234567", "SA", "+966501234567");
    E164("(011) 456-7890", "SA", "+966114567890");
    E164("\u0660\u0665\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667",
         "SA", "+966501234567");
    E164("\u06f0\u06f5\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7",
         "SA", "+966501234567");
    E164("\u0966\u096b\u0966\u0967\u0968\u0969\u096a\u096b\u096c\u096d",
         "SA", "+966501234567");
    E164("\u00a0+966\u00a050\u2013123\u20134567 ", "SA", "+966501234567");
    E164_BAD("050123456", "SA", "map.phone-length");
    E164_BAD("05012345678", "SA", "map.phone-length");
    E164_BAD("+97333123456", "SA", "map.phone-country");
    E164_BAD("0097333123456", "SA", "map.phone-country");
    E164_BAD("+96", "SA", "map.phone-country");
    E164_BAD("0050123456", "SA", "map.phone-country");
    E164_BAD("0501234567 ext 5", "SA", "map.phone-invalid");
    E164_BAD("050+1234567", "SA", "map.phone-invalid");
    E164_BAD("++966501234567", "SA", "map.phone-invalid");
    E164_BAD("", "SA", "map.phone-invalid");
    E164_BAD(" - ", "SA", "map.phone-invalid");
    E164_BAD("+", "SA", "map.phone-invalid");
    E164_BAD("+966", "SA", "map.phone-invalid");
    E164_BAD("+96600501234567", "SA", "map.phone-invalid");
    E164_BAD("123456789012345678901", "SA", "map.phone-invalid");
    E164_BAD("0501234567\xff", "SA", "map.utf8-invalid");

    /* UAE: 8 or 9 digits, trunk 0 */
    E164("050 123 4567", "AE", "+971501234567");
    E164("04 123 4567", "AE", "+97141234567");
    E164("+971 4 123 4567", "AE", "+97141234567");
    E164("0097141234567", "AE", "+97141234567");
    E164("97141234567", "AE", "+97141234567");
    E164_BAD("0412345", "AE", "map.phone-length");
    E164_BAD("+9714123456789", "AE", "map.phone-length");

    /* 8 digits, no trunk */
    E164("3312 3456", "BH", "+97333123456");
    E164("+973 3312 3456", "BH", "+97333123456");
    E164("00973-3312-3456", "BH", "+97333123456");
    E164("97333123456", "BH", "+97333123456");
    E164("\u0663\u0663\u0661\u0662\u0663\u0664\u0665\u0666", "BH",
         "+97333123456");
    E164("9123 4567", "OM", "+96891234567");
    E164("+968 9123 4567", "OM", "+96891234567");
    E164("5512 3456", "QA", "+97455123456");
    E164("(+974) 5512-3456", "QA", "+97455123456");
    E164("9912 3456", "KW", "+96599123456");
    E164("00965 9912 3456", "KW", "+96599123456");
    E164_BAD("033123456", "BH", "map.phone-invalid");
    E164_BAD("+973 0331 2345", "BH", "map.phone-invalid");
    E164_BAD("3312345", "BH", "map.phone-length");
    E164_BAD("331234567", "BH", "map.phone-length");
    E164_BAD("+966501234567", "KW", "map.phone-country");
    E164_BAD("+968 9123 456", "OM", "map.phone-length");

    RUN(gcx_transform_e164(p, n, "EG", &B, &R, &E), "0123", "", USAGE);
    RUN(gcx_transform_e164(p, n, NULL, &B, &R, &E), "0123", "", USAGE);

    prep();
    CU_ASSERT_EQUAL(gcx_transform_e164("3312345", 7, "BH", &B, &R, &E),
                    GCX_E_INVALID);
    CU_ASSERT(strstr(E.message, "\"3312345\"") != NULL);
    CU_ASSERT(strstr(E.message, "8 digits") != NULL);

    /* reverse */
    E164_FMT("+966501234567", "SA", GCX_PHONE_NATIONAL, "0501234567");
    E164_FMT("+966501234567", "SA", GCX_PHONE_INTERNATIONAL,
             "+966501234567");
    E164_FMT("+966501234567", "SA", GCX_PHONE_00, "00966501234567");
    E164_FMT("+966501234567", "SA", GCX_PHONE_SIGNIFICANT, "501234567");
    E164_FMT("+97141234567", "AE", GCX_PHONE_NATIONAL, "041234567");
    E164_FMT("+97333123456", "BH", GCX_PHONE_NATIONAL, "33123456");
    E164_FMT("+97333123456", "BH", GCX_PHONE_00, "0097333123456");
    E164_FMT("+96599123456", "KW", GCX_PHONE_SIGNIFICANT, "99123456");
    E164_FMT_BAD("+97333123456", "SA", GCX_PHONE_NATIONAL,
                 "map.phone-country");
    E164_FMT_BAD("+9733312345", "BH", GCX_PHONE_NATIONAL,
                 "map.phone-length");
    E164_FMT_BAD("+97303312345", "BH", GCX_PHONE_NATIONAL,
                 "map.phone-invalid");
    E164_FMT_BAD("97333123456", "BH", GCX_PHONE_NATIONAL,
                 "map.phone-invalid");
    E164_FMT_BAD("+973 33123456", "BH", GCX_PHONE_NATIONAL,
                 "map.phone-invalid");
    E164_FMT_BAD("+\u0669\u0667\u0663\u0663\u0663\u0661\u0662\u0663\u0664"
                 "\u0665\u0666", "BH", GCX_PHONE_NATIONAL,
                 "map.phone-invalid");
    E164_FMT_BAD("", "BH", GCX_PHONE_NATIONAL, "map.phone-invalid");
    E164_FMT_BAD("+", "BH", GCX_PHONE_NATIONAL, "map.phone-invalid");
    RUN(gcx_transform_e164_format(p, n, "BH", (gcx_phone_form)9, &B, &R,
                                  &E), "+97333123456", "", USAGE);
}

/* Property: for every state and many numbers, every national and
 * international way of writing one number gives the same E.164 value,
 * and each reverse form goes forward to it again. */
static void test_e164_property(void)
{
    static const struct {
        const char *st, *cc;
        int len, trunk;
    } states[] = {
        {"BH", "973", 8, 0}, {"KW", "965", 8, 0}, {"QA", "974", 8, 0},
        {"OM", "968", 8, 0}, {"SA", "966", 9, 1}, {"AE", "971", 8, 1},
        {"AE", "971", 9, 1},
    };
    static const char *forms[] = {"%s", "+%2$s%1$s", "00%2$s %1$s",
                                  "+%2$s-%1$s", "(+%2$s) %1$s"};
    gcx_phone_form rev[] = {GCX_PHONE_NATIONAL, GCX_PHONE_INTERNATIONAL,
                            GCX_PHONE_00, GCX_PHONE_SIGNIFICANT};
    char nsn[16], text[64], want[32], back[40];
    size_t s, f, r;
    int i, k, bad = 0;

    for (s = 0; s < sizeof states / sizeof states[0]; s++)
        for (i = 0; i < 500; i++) {
            unsigned long x = 1000003ul * (unsigned long)i + 7 * s;

            nsn[0] = (char)('1' + x % 9);
            for (k = 1; k < states[s].len; k++) {
                x = x * 1103515245ul + 12345ul;
                nsn[k] = (char)('0' + (x >> 16) % 10);
            }
            nsn[k] = '\0';
            snprintf(want, sizeof want, "+%s%s", states[s].cc, nsn);
            for (f = 0; f < sizeof forms / sizeof forms[0]; f++) {
                snprintf(text, sizeof text, forms[f], nsn, states[s].cc);
                prep();
                if (gcx_transform_e164(text, strlen(text), states[s].st, &B,
                                       &R, &E) ||
                    strcmp(result(), want) != 0 ||
                    gcx_rules_phone(result(), strlen(result()),
                                    states[s].st, NULL) != 0)
                    bad++;
            }
            if (states[s].trunk) {
                snprintf(text, sizeof text, "0%s", nsn);
                prep();
                if (gcx_transform_e164(text, strlen(text), states[s].st, &B,
                                       &R, &E) ||
                    strcmp(result(), want) != 0)
                    bad++;
            }
            for (r = 0; r < sizeof rev / sizeof rev[0]; r++) {
                prep();
                if (gcx_transform_e164_format(want, strlen(want),
                                              states[s].st, rev[r], &B, &R,
                                              &E)) {
                    bad++;
                    continue;
                }
                snprintf(back, sizeof back, "%s", result());
                prep();
                if (gcx_transform_e164(back, strlen(back), states[s].st, &B,
                                       &R, &E) ||
                    strcmp(result(), want) != 0)
                    bad++;
            }
        }
    if (bad)
        printf("\n  %d phone checks failed\n", bad);
    CU_ASSERT_EQUAL(bad, 0);
}

/* --------------------------------------------------------------- split */

static int split_at(const char *v, const char *sep, size_t idx,
                    const char *want, int line)
{
    size_t n = strlen(v);
    char *p = exact(v, n);
    int present = -1, ok;
    gcx_status st;

    prep();
    st = gcx_transform_split(p, n, sep, strlen(sep), idx, &B, &present, &R,
                             &E);
    free(p);
    if (want)
        ok = st == GCX_OK && present == 1 && strcmp(result(), want) == 0;
    else
        ok = st == GCX_OK && present == 0 && B.len == 2;
    if (!ok)
        printf("\n  line %d: split \"%s\" %zu: got %d present %d \"%s\"\n",
               line, v, idx, (int)st, present, result());
    return ok;
}

#define SPLIT(v, sep, idx, want) \
    CU_ASSERT(split_at(v, sep, idx, want, __LINE__))

static void test_split(void)
{
    int present = 7;

    SPLIT("a,b,c", ",", 0, "a");
    SPLIT("a,b,c", ",", 1, "b");
    SPLIT("a,b,c", ",", 2, "c");
    SPLIT("a,b,c", ",", 3, NULL);
    SPLIT("a,b,c", ",", 1000, NULL);
    SPLIT("a,,b", ",", 1, "");
    SPLIT("a,", ",", 1, "");
    SPLIT("a,", ",", 2, NULL);
    SPLIT("", ",", 0, "");
    SPLIT("", ",", 1, NULL);
    SPLIT("abc", ",", 0, "abc");
    SPLIT("x::y::z", "::", 1, "y");
    SPLIT("x:::y", "::", 1, ":y");
    SPLIT("\u0645\u062d\u0645\u062f\u060c \u0639\u0644\u064a",
          "\u060c ", 1, "\u0639\u0644\u064a");
    SPLIT("Ali bin Ahmed", " ", 2, "Ahmed");

    prep();
    CU_ASSERT_EQUAL(gcx_transform_split("a\xff,b", 4, ",", 1, 1, &B,
                                        &present, &R, &E), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(R, "map.utf8-invalid");
    prep();
    CU_ASSERT_EQUAL(gcx_transform_split("a,b", 3, "", 0, 1, &B, &present,
                                        &R, &E), GCX_E_USAGE);
    CU_ASSERT_EQUAL(gcx_transform_split("a,b", 3, ",", 1, 1, &B, NULL, &R,
                                        &E), GCX_E_USAGE);
}

/* ------------------------------------------------------ common contract */

static void test_contract(void)
{
    gcx_buf small;
    gcx_datepat *p = pat("dd/MM/yyyy", GCX_DATEPAT_DATE);
    const char *reason = "x";
    gcx_status st;

    /* NULL arguments */
    CU_ASSERT_EQUAL(gcx_transform_trim(NULL, 1, &B, &reason, &E),
                    GCX_E_USAGE);
    CU_ASSERT_PTR_NULL(reason);
    CU_ASSERT_EQUAL(gcx_transform_trim("a", 1, NULL, NULL, NULL),
                    GCX_E_USAGE);
    prep();
    CU_ASSERT_EQUAL(gcx_transform_trim(NULL, 0, &B, NULL, NULL), GCX_OK);
    CU_ASSERT_EQUAL(gcx_transform_collapse(NULL, 0, &B, NULL, NULL),
                    GCX_OK);
    CU_ASSERT_EQUAL(gcx_transform_upper(NULL, 0, &B, NULL, NULL), GCX_OK);
    CU_ASSERT_EQUAL(gcx_transform_id_clean(NULL, 0, &B, NULL, NULL),
                    GCX_OK);
    CU_ASSERT_STRING_EQUAL(B.data, "X|");
    /* reason and err may be NULL on failure */
    CU_ASSERT_EQUAL(gcx_transform_number("x", 1, &B, NULL, NULL),
                    GCX_E_INVALID);
    CU_ASSERT_EQUAL(gcx_transform_date(p, "x", 1, &B, NULL, NULL),
                    GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(B.data, "X|");

    /* a full output buffer: GCX_E_LIMIT and the buffer unchanged */
    gcx_buf_init(&small, 8);
    CU_ASSERT_EQUAL(gcx_buf_puts(&small, "1234"), GCX_OK);
    CU_ASSERT_EQUAL(gcx_transform_trim(" abcde ", 7, &small, &reason, &E),
                    GCX_E_LIMIT);
    CU_ASSERT_PTR_NULL(reason);
    CU_ASSERT_EQUAL(small.len, 4);
    CU_ASSERT_STRING_EQUAL(small.data, "1234");
    CU_ASSERT_EQUAL(gcx_transform_date(p, "12/04/1985", 10, &small, &reason,
                                       &E), GCX_E_LIMIT);
    CU_ASSERT_STRING_EQUAL(small.data, "1234");
    CU_ASSERT_EQUAL(gcx_transform_decimal("1500", 4, 3, &small, &reason,
                                          &E), GCX_E_LIMIT);
    CU_ASSERT_STRING_EQUAL(small.data, "1234");
    CU_ASSERT_EQUAL(gcx_transform_e164("33123456", 8, "BH", &small, &reason,
                                       &E), GCX_E_LIMIT);
    CU_ASSERT_STRING_EQUAL(small.data, "1234");
    CU_ASSERT_EQUAL(gcx_transform_upper("\u00e9\u00e9\u00e9", 6, &small,
                                        &reason, &E), GCX_E_LIMIT);
    CU_ASSERT_STRING_EQUAL(small.data, "1234");
    CU_ASSERT_EQUAL(gcx_transform_digits_to("12345", 5,
                                            GCX_DIGITS_PERSIAN, &small,
                                            &reason, &E), GCX_E_LIMIT);
    CU_ASSERT_STRING_EQUAL(small.data, "1234");
    gcx_buf_free(&small);

    /* the message quotes at most 60 bytes, escaped */
    {
        char longv[200];

        memset(longv, '7', sizeof longv);
        longv[0] = '"';
        longv[1] = '\n';
        prep();
        st = gcx_transform_number(longv, sizeof longv, &B, &R, &E);
        CU_ASSERT_EQUAL(st, GCX_E_INVALID);
        CU_ASSERT(strstr(E.message, "\\\"\\x0A777") != NULL);
        CU_ASSERT(strstr(E.message, "...") != NULL);
        CU_ASSERT(strlen(E.message) < 250);
    }
    gcx_datepat_free(p);
}

/* Every allocation failure gives GCX_E_NOMEM and leaves the output as it
 * was; the same call then succeeds. */
static void test_alloc_failures(void)
{
    char big[1200];
    gcx_datepat *p = NULL;
    gcx_status st;
    size_t i;
    unsigned long k;
    int ok = 1;

    gcx_alloc_fail_after(1);
    st = gcx_datepat_compile("dd/MM/yyyy", GCX_DATEPAT_DATE, &p, &E);
    gcx_alloc_fail_after(0);
    CU_ASSERT_EQUAL(st, GCX_E_NOMEM);
    CU_ASSERT_PTR_NULL(p);

    big[0] = '\0';
    for (i = 0; i < 500; i++)
        strcat(big, "\u00e9");
    for (k = 1; k < 10; k++) {
        prep();
        gcx_alloc_fail_after(k);
        st = gcx_transform_upper(big, strlen(big), &B, &R, &E);
        gcx_alloc_fail_after(0);
        if (st == GCX_OK)
            break;
        if (st != GCX_E_NOMEM || B.len != 2)
            ok = 0;
    }
    CU_ASSERT(ok);
    CU_ASSERT_EQUAL(st, GCX_OK);
}

static void test_cleanup(void)
{
    gcx_datepat *dmy = pat("dd/MM/yyyy", GCX_DATEPAT_DATE);

    /* cleaning up, then using the calendar again, then cleaning up */
    gcx_transform_thread_cleanup();
    HIJ_FMT(dmy, "2024-03-11", "01/09/1445");
    gcx_transform_thread_cleanup();
    gcx_transform_thread_cleanup();
    gcx_datepat_free(dmy);
}

static void test_finish(void)
{
    gcx_buf_free(&B);
    gcx_transform_thread_cleanup();
    gcx_rules_thread_cleanup();
    u_cleanup();
}

static const gcx_unit_case cases[] = {
    {"trim", test_trim},
    {"collapse", test_collapse},
    {"case", test_case},
    {"digits", test_digits},
    {"digits_to", test_digits_to},
    {"digits_roundtrip", test_digits_roundtrip},
    {"id_clean", test_id_clean},
    {"decimal", test_decimal},
    {"decimal_more", test_decimal_more},
    {"decimal_messages", test_decimal_messages},
    {"number", test_number},
    {"number_more", test_number_more},
    {"datepat_compile", test_datepat_compile},
    {"date", test_date},
    {"datetime", test_datetime},
    {"date_property", test_date_property},
    {"datetime_property", test_datetime_property},
    {"hijri", test_hijri},
    {"hijri_property", test_hijri_property},
    {"e164", test_e164},
    {"e164_property", test_e164_property},
    {"split", test_split},
    {"contract", test_contract},
    {"alloc_failures", test_alloc_failures},
    {"cleanup", test_cleanup},
    {"finish", test_finish},
    {NULL, NULL},
};

GCX_UNIT_MAIN("transform", cases)
