/* tests/fuzz/fuzz_canon.c - libFuzzer harness for the canonical
 * serialiser (RFC 8785 with NFC and the schema's set order).
 *
 * Properties: whatever JSON the bytes hold, gcx_canon_write never
 * crashes or leaks; when it succeeds its output parses, and writing that
 * again gives the same bytes (the canonical form is a fixed point). The
 * schema comes from $GCX_DATA_DIR (tests/fuzz/run.sh sets it).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gcx/canon.h>
#include <gcx/json.h>
#include <gcx/schema.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static gcx_schema *schema;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gcx_arena *a = gcx_arena_new(), *b = gcx_arena_new();
    gcx_json *v = NULL, *w = NULL;
    gcx_buf one, two;
    gcx_error err;

    if (!schema && gcx_schema_load(&schema, NULL, &err) != GCX_OK)
        abort();
    if (!a || !b)
        abort();
    gcx_buf_init(&one, 0);
    gcx_buf_init(&two, 0);
    if (gcx_json_parse((const char *)data, size, "fuzz", NULL, a, &v,
                       &err) == GCX_OK &&
        gcx_canon_write((size & 1) ? schema : NULL, v, &one, &err) ==
            GCX_OK) {
        if (gcx_json_parse(one.data, one.len, "canon", NULL, b, &w,
                           &err) != GCX_OK)
            abort();
        if (gcx_canon_write((size & 1) ? schema : NULL, w, &two, &err) !=
                GCX_OK ||
            one.len != two.len || memcmp(one.data, two.data, one.len) != 0)
            abort();
    }
    gcx_buf_free(&one);
    gcx_buf_free(&two);
    gcx_arena_free(a);
    gcx_arena_free(b);
    return 0;
}
