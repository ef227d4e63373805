/* tests/unit/unit.h - the shared CUnit harness for the unit tests.
 *
 * Each test file defines an array of gcx_unit_case and calls
 * GCX_UNIT_MAIN(suite_name, cases). The program exits non-zero when any
 * assertion fails, so make check fails. unit_data_path() locates test data
 * under $top_srcdir (set by make check) or the source tree.
 */
#ifndef GCX_TESTS_UNIT_H
#define GCX_TESTS_UNIT_H

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct gcx_unit_case {
    const char *name;
    void (*fn)(void);
} gcx_unit_case;

/* unit_data_path: "$top_srcdir/rel" (or "./rel" when top_srcdir is not
 * set) in a static buffer, valid until the next call. */
static inline const char *unit_data_path(const char *rel)
{
    static char path[4096];
    const char *top = getenv("top_srcdir");

    snprintf(path, sizeof path, "%s/%s", top && *top ? top : ".", rel);
    return path;
}

static inline int gcx_unit_run(const char *suite_name,
                               const gcx_unit_case *cases)
{
    CU_pSuite suite;
    unsigned failures;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 99;
    suite = CU_add_suite(suite_name, NULL, NULL);
    if (!suite)
        return 99;
    for (; cases->name; cases++)
        if (!CU_add_test(suite, cases->name, cases->fn))
            return 99;
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failures = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    if (CU_get_error() != CUE_SUCCESS)
        failures++;
    CU_cleanup_registry();
    return failures ? 1 : 0;
}

#define GCX_UNIT_MAIN(suite_name, cases)                                    \
    int main(void) { return gcx_unit_run(suite_name, cases); }

#endif
