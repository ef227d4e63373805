/* tests/fuzz/fuzz_validate.c - libFuzzer harness for the validation of
 * one record.
 *
 * Properties: whatever the bytes, gcx_validator_push_text never crashes,
 * hangs or leaks; the record is decided exactly once (read = passed +
 * rejected = 1 after finish), its source text comes back unchanged, and
 * every finding has a rule. The schema and the codes come from
 * $GCX_DATA_DIR (tests/fuzz/run.sh sets it).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gcx/rules.h>
#include <gcx/schema.h>
#include <gcx/validate.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static gcx_schema *schema;
static gcx_codes *codes;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gcx_validator_options opt;
    gcx_validator *v = NULL;
    gcx_outcome o;
    gcx_error err;
    char path[4096];
    size_t i;
    int n = 0;

    if (!schema) {
        if (gcx_schema_load(&schema, NULL, &err) != GCX_OK ||
            gcx_codes_default_path(GCX_CODES_COUNTRY_FILE, path,
                                   sizeof path) != GCX_OK ||
            gcx_codes_load(&codes, path, &err) != GCX_OK)
            abort();
    }
    memset(&opt, 0, sizeof opt);
    opt.today = "2026-11-28";
    if (gcx_validator_new(&v, schema, codes, &opt, &err) != GCX_OK)
        abort();
    if (gcx_validator_push_text(v, (const char *)data, size, "fuzz", NULL,
                                1, 1, &err) == GCX_OK &&
        gcx_validator_finish(v, &err) == GCX_OK) {
        while (gcx_validator_next(v, GCX_SEV_ERROR, &o)) {
            n++;
            if (o.len != size || (size && memcmp(o.text, data, size) != 0))
                abort();
            for (i = 0; i < o.nfindings; i++)
                if (!o.findings[i].rule || !o.findings[i].rule[0])
                    abort();
        }
        if (n != 1)
            abort();
    }
    gcx_validator_free(v);
    return 0;
}
