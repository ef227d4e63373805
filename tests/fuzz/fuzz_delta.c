/* tests/fuzz/fuzz_delta.c - libFuzzer harness for gcx-patch's delta
 * reader (docs/delta-format.md).
 *
 * Properties: whatever the bytes, reading every entry never crashes,
 * hangs or leaks; an error names a line; entries come with an op and a
 * key. The bytes are written to a temporary file (the reader reads a
 * gcx_input).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gcx/delta.h>
#include <gcx/io.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/gcx-fuzz-delta-XXXXXX";
    gcx_delta_reader *r = NULL;
    gcx_delta_entry e;
    gcx_input *in = NULL;
    gcx_error err;
    gcx_status st;
    int fd = mkstemp(path), got = 1;

    if (fd < 0)
        abort();
    if (size && write(fd, data, size) != (ssize_t)size)
        abort();
    close(fd);
    if (gcx_input_open(&in, path, &err) != GCX_OK)
        abort();
    st = gcx_delta_reader_new(&r, in, &err);
    while (st == GCX_OK && got) {
        st = gcx_delta_reader_next(r, &e, &got, &err);
        if (st == GCX_OK && got && (!e.op || !e.key))
            abort();
    }
    if (st != GCX_OK && st != GCX_E_NOMEM && st != GCX_E_IO &&
        err.line == 0 && err.message[0] == '\0')
        abort();
    gcx_delta_reader_free(r);
    gcx_input_close(in);
    unlink(path);
    return 0;
}
