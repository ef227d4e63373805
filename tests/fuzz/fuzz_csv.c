/* tests/fuzz/fuzz_csv.c - libFuzzer harness for the CSV reader and
 * writer.
 *
 * Property: whatever the bytes, the reader never crashes, leaks or loops;
 * every row it accepts has one field per column; and writing the header
 * and the accepted rows back (delimiter and line end picked from the
 * input) and reading that gives the same fields, with no error at all.
 * The first input byte picks the options; small limits make the limit
 * paths reachable.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gcx/csv.h>
#include <gcx/io.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

static void cleanup(void)
{
    if (path[0])
        unlink(path);
}

/* put_file: replace the scratch file's contents with n bytes of p. */
static void put_file(const void *p, size_t n)
{
    FILE *f;

    if (!path[0]) {
        int fd;

        snprintf(path, sizeof path, "/tmp/gcx-fuzz-csv-XXXXXX");
        fd = mkstemp(path);
        if (fd < 0)
            abort();
        close(fd);
        atexit(cleanup);
    }
    f = fopen(path, "wb");
    if (!f || (n && fwrite(p, 1, n, f) != n) || fclose(f) != 0)
        abort();
}

/* open_reader: a reader over the scratch file, or NULL with *st set. */
static gcx_csv_reader *open_reader(gcx_input **in, const gcx_csv_options *o,
                                   gcx_status *st)
{
    gcx_csv_reader *r = NULL;
    gcx_error err;

    if (gcx_input_open(in, path, &err) != GCX_OK)
        abort();
    *st = gcx_csv_reader_new(&r, *in, o, &err);
    return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char delims[] = {',', ';', '\t', '|'};
    gcx_csv_options o = gcx_csv_options_default(), o2;
    gcx_csv_reader *r, *r2;
    gcx_input *in, *in2;
    gcx_buf out, vals;
    gcx_csv_row row;
    gcx_error err;
    gcx_status st;
    const char *const *names;
    const size_t *lens;
    unsigned flags;
    size_t ncols, i, k, nrows = 0;
    unsigned long long rec = 0;
    uint8_t sel;

    if (size < 1)
        return 0;
    sel = data[0];
    data++;
    size--;
    o.delimiter = delims[sel & 3];
    flags = (sel & 4) ? GCX_CSV_CRLF : 0;
    if (sel & 8) {
        o.limits.max_record_bytes = 64;
        o.limits.max_string_bytes = 16;
        o.max_columns = 8;
    }
    put_file(data, size);
    r = open_reader(&in, &o, &st);
    if (!r) {
        gcx_input_close(in);
        return 0;
    }
    ncols = gcx_csv_reader_columns(r, &names, &lens);
    if (ncols == 0)
        abort();
    gcx_buf_init(&out, 0);
    gcx_buf_init(&vals, 0);
    /* the header and accepted rows, written back; their values kept in
     * vals as length-prefixed strings */
    if (gcx_csv_write_row(&out, names, lens, ncols, o.delimiter, flags,
                          &err) != GCX_OK)
        abort();
    for (i = 0; i < ncols; i++) {
        gcx_buf_append(&vals, &lens[i], sizeof lens[i]);
        gcx_buf_append(&vals, names[i], lens[i]);
    }
    for (;;) {
        st = gcx_csv_reader_next(r, &row, &err);
        if (st == GCX_OK && row.nfields == 0)
            break;
        if (st != GCX_OK) {
            if (!gcx_csv_reader_can_continue(r))
                break;
            if (!row.raw || row.record != ++rec || err.record != rec ||
                err.line < row.line || err.code != st)
                abort();
            continue;
        }
        if (row.record != ++rec)
            abort();
        if (row.nfields != ncols)
            abort();
        for (i = 0; i < ncols; i++) {
            if (strlen(row.fields[i]) != row.lens[i])
                abort();
            gcx_buf_append(&vals, &row.lens[i], sizeof row.lens[i]);
            gcx_buf_append(&vals, row.fields[i], row.lens[i]);
        }
        if (gcx_csv_write_row(&out, row.fields, row.lens, ncols,
                              o.delimiter, flags, &err) != GCX_OK)
            abort();
        nrows++;
    }
    gcx_csv_reader_free(r);
    gcx_input_close(in);

    /* read it back: no error at all, the same fields (limits off: the
     * written form may be longer than the input was) */
    o2 = gcx_csv_options_default();
    o2.delimiter = o.delimiter;
    put_file(out.data, out.len);
    r2 = open_reader(&in2, &o2, &st);
    if (!r2 || gcx_csv_reader_columns(r2, &names, &lens) != ncols)
        abort();
    k = 0;
    for (i = 0; i < ncols; i++) {
        size_t n;

        memcpy(&n, vals.data + k, sizeof n);
        k += sizeof n;
        if (n != lens[i] || memcmp(vals.data + k, names[i], n) != 0)
            abort();
        k += n;
    }
    for (;;) {
        if (gcx_csv_reader_next(r2, &row, &err) != GCX_OK)
            abort();
        if (row.nfields == 0)
            break;
        if (row.nfields != ncols)
            abort();
        for (i = 0; i < ncols; i++) {
            size_t n;

            memcpy(&n, vals.data + k, sizeof n);
            k += sizeof n;
            if (n != row.lens[i] ||
                memcmp(vals.data + k, row.fields[i], n) != 0)
                abort();
            k += n;
        }
        nrows--;
    }
    if (nrows != 0 || k != vals.len)
        abort();
    gcx_csv_reader_free(r2);
    gcx_input_close(in2);
    gcx_buf_free(&out);
    gcx_buf_free(&vals);
    return 0;
}
