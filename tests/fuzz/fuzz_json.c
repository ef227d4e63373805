/* tests/fuzz/fuzz_json.c - libFuzzer harness for the strict JSON parser.
 *
 * Property: whatever the bytes, gcx_json_parse never crashes or leaks;
 * when it accepts them, writing the value back and parsing that gives an
 * equal value (exact numbers, NUL-safe strings, member order kept).
 */
#include <stdint.h>
#include <stdlib.h>
#include <gcx/json.h>
#include <gcx/json_out.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gcx_json_parse_options opt = gcx_json_parse_options_default();
    gcx_arena *a = gcx_arena_new(), *b = gcx_arena_new();
    gcx_json *v = NULL, *w = NULL;
    gcx_error err;
    gcx_buf out;
    gcx_jw jw;

    if (!a || !b)
        abort();
    gcx_buf_init(&out, 0);
    if (gcx_json_parse((const char *)data, size, "fuzz", &opt, a, &v,
                       &err) == GCX_OK) {
        gcx_jw_init(&jw, &out, (int)(size & 1));
        if (gcx_jw_value(&jw, v) != GCX_OK)
            abort();
        if (gcx_json_parse(out.data, out.len, "again", &opt, b, &w,
                           &err) != GCX_OK)
            abort();
        if (!gcx_json_equal(v, w))
            abort();
    }
    gcx_buf_free(&out);
    gcx_arena_free(a);
    gcx_arena_free(b);
    return 0;
}
