/* tests/unit/test_io.c - unit tests for lib/io.c (gcx/io.h).
 *
 * Input: plain and gzip files, detection by content, concatenated,
 * truncated and corrupt streams, pipes. Output: atomic temp+rename,
 * abort, gzip round trips, /dev/full, closed pipes, sticky errors, NOMEM.
 */
#define _GNU_SOURCE   /* posix_openpt, ptsname for the terminal test */

#include <gcx/alloc.h>
#include <gcx/error.h>
#include <gcx/io.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "unit.h"

/* ------------------------------------------------------------ helpers */

static char tdir[64];

/* tdir_make: a fresh empty directory for one test, in tdir. */
static void tdir_make(void)
{
    snprintf(tdir, sizeof tdir, "/tmp/gcx_test_io_XXXXXX");
    if (!mkdtemp(tdir)) {
        perror("mkdtemp");
        exit(99);
    }
}

/* tdir_count: entries in tdir other than . and ..; *tmp_seen is set to
 * how many of them have ".tmp." in their name. */
static int tdir_count(int *tmp_seen)
{
    DIR *d = opendir(tdir);
    struct dirent *e;
    int n = 0, t = 0;

    if (!d)
        return -1;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        n++;
        if (strstr(e->d_name, ".tmp."))
            t++;
    }
    closedir(d);
    if (tmp_seen)
        *tmp_seen = t;
    return n;
}

/* tdir_remove: delete tdir and the files in it. */
static void tdir_remove(void)
{
    DIR *d = opendir(tdir);
    struct dirent *e;
    char p[512];

    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof p, "%s/%s", tdir, e->d_name);
        if (unlink(p) != 0)
            rmdir(p);
    }
    closedir(d);
    rmdir(tdir);
}

/* tpath: "<tdir>/<name>" in one of four rotating static buffers. */
static const char *tpath(const char *name)
{
    static char bufs[4][512];
    static int k;
    char *p = bufs[k++ & 3];

    snprintf(p, 512, "%s/%s", tdir, name);
    return p;
}

static void file_put(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");

    CU_ASSERT_FATAL(f != NULL);
    if (n)
        CU_ASSERT_FATAL(fwrite(data, 1, n, f) == n);
    CU_ASSERT_FATAL(fclose(f) == 0);
}

/* file_get: the whole file (malloc'd, NUL-terminated), or NULL. */
static char *file_get(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *p = NULL;
    size_t cap = 0, len = 0, r;

    if (!f)
        return NULL;
    for (;;) {
        if (cap - len < 65536) {
            cap = cap ? cap * 2 : 65536;
            p = realloc(p, cap + 1);
            if (!p)
                exit(99);
        }
        r = fread(p + len, 1, cap - len, f);
        if (r == 0)
            break;
        len += r;
    }
    fclose(f);
    p[len] = '\0';
    *n = len;
    return p;
}

/* gz_put: write data as one gzip member with zlib's gz* API; mode "wb"
 * replaces the file, "ab" appends a second member. */
static void gz_put(const char *path, const char *mode, const void *data,
                   size_t n)
{
    gzFile g = gzopen(path, mode);

    CU_ASSERT_FATAL(g != NULL);
    if (n)
        CU_ASSERT_FATAL(gzwrite(g, data, (unsigned)n) == (int)n);
    CU_ASSERT_FATAL(gzclose(g) == Z_OK);
}

/* pattern: n bytes of compressible but varied text. */
static char *pattern(size_t n)
{
    char *p = malloc(n + 1);
    unsigned long x = 12345;
    size_t i;

    if (!p)
        exit(99);
    for (i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        p[i] = (i % 61 == 60) ? '\n' : (char)('a' + (x >> 16) % 20);
    }
    p[n] = '\0';
    return p;
}

/* slurp: read all of path through gcx_input in reads of cap bytes.
 * Returns the status of the last read; *data (malloc'd) and *n hold
 * what was delivered before it. */
static gcx_status slurp(const char *path, size_t cap, char **data,
                        size_t *n, int *is_gzip, gcx_error *err)
{
    gcx_input *in = NULL;
    gcx_status st;
    size_t got, len = 0, size = 1 << 16;
    char *p = malloc(size);

    gcx_error_clear(err);
    *data = NULL;
    *n = 0;
    st = gcx_input_open(&in, path, err);
    if (st) {
        free(p);
        return st;
    }
    for (;;) {
        if (size - len < cap) {
            size = size * 2 + cap;
            p = realloc(p, size);
            if (!p)
                exit(99);
        }
        st = gcx_input_read(in, p + len, cap, &got, err);
        len += got;
        if (st || got == 0)
            break;
    }
    if (is_gzip)
        *is_gzip = gcx_input_is_gzip(in);
    CU_ASSERT(gcx_input_delivered(in) == (long long)len);
    gcx_input_close(in);
    *data = p;
    *n = len;
    return st;
}

/* check_slurp: path reads back as exactly want (n bytes) with every read
 * size in caps, and its gzip flag is gz. */
static void check_slurp(const char *path, const char *want, size_t n,
                        int gz)
{
    static const size_t caps[] = {1, 7, 4096, 65536, 300000};
    gcx_error err;
    size_t i, len;
    char *got;
    int isgz = -1;

    for (i = 0; i < sizeof caps / sizeof caps[0]; i++) {
        if (caps[i] == 1 && n > 200000)
            continue;
        CU_ASSERT_EQUAL(slurp(path, caps[i], &got, &len, &isgz, &err),
                        GCX_OK);
        CU_ASSERT_EQUAL(len, n);
        CU_ASSERT(len == n && memcmp(got, want, n) == 0);
        CU_ASSERT_EQUAL(isgz, gz);
        free(got);
    }
}

/* ------------------------------------------------------------- input */

static void test_plain_read(void)
{
    size_t n = 300001;
    char *data = pattern(n);
    const char *p;
    gcx_input *in;
    gcx_error err;
    char buf[1000];
    size_t got;

    tdir_make();
    p = tpath("plain.xml");
    file_put(p, data, n);
    check_slurp(p, data, n, 0);

    CU_ASSERT_EQUAL_FATAL(gcx_input_open(&in, p, &err), GCX_OK);
    CU_ASSERT_STRING_EQUAL(gcx_input_name(in), p);
    CU_ASSERT_EQUAL(gcx_input_size(in), (long long)n);
    CU_ASSERT_EQUAL(gcx_input_consumed(in), 0);
    CU_ASSERT_EQUAL(gcx_input_read(in, buf, sizeof buf, &got, &err), GCX_OK);
    CU_ASSERT_EQUAL(got, sizeof buf);
    CU_ASSERT_EQUAL(gcx_input_consumed(in), (long long)sizeof buf);
    CU_ASSERT_EQUAL(gcx_input_delivered(in), (long long)sizeof buf);
    gcx_input_close(in);
    gcx_input_close(NULL);
    free(data);
    tdir_remove();
}

static void test_empty_and_tiny(void)
{
    gcx_error err;
    char *got;
    size_t len;
    int gz;
    unsigned char one = 0x1f;

    tdir_make();
    file_put(tpath("empty"), "", 0);
    CU_ASSERT_EQUAL(slurp(tpath("empty"), 100, &got, &len, &gz, &err),
                    GCX_OK);
    CU_ASSERT_EQUAL(len, 0);
    CU_ASSERT_EQUAL(gz, 0);
    free(got);
    /* one byte of the gzip magic is not gzip */
    file_put(tpath("one"), &one, 1);
    CU_ASSERT_EQUAL(slurp(tpath("one"), 100, &got, &len, &gz, &err),
                    GCX_OK);
    CU_ASSERT(len == 1 && (unsigned char)got[0] == 0x1f);
    CU_ASSERT_EQUAL(gz, 0);
    free(got);
    tdir_remove();
}

static void test_gzip_read(void)
{
    size_t n = 400000;
    char *data = pattern(n);
    const char *p;
    gcx_input *in;
    gcx_error err;
    char *buf = malloc(n + 10);
    size_t got, total = 0;
    long long size, last = 0;

    tdir_make();
    p = tpath("data.xml.gz");
    gz_put(p, "wb", data, n);
    check_slurp(p, data, n, 1);

    /* progress: consumed counts compressed bytes and ends at the size */
    CU_ASSERT_EQUAL_FATAL(gcx_input_open(&in, p, &err), GCX_OK);
    size = gcx_input_size(in);
    CU_ASSERT(size > 0 && size < (long long)n);
    for (;;) {
        CU_ASSERT_EQUAL_FATAL(gcx_input_read(in, buf + total, 5000, &got,
                                             &err), GCX_OK);
        if (!got)
            break;
        total += got;
        CU_ASSERT(gcx_input_consumed(in) >= last);
        CU_ASSERT(gcx_input_consumed(in) <= size);
        last = gcx_input_consumed(in);
    }
    CU_ASSERT_EQUAL(total, n);
    CU_ASSERT_EQUAL(gcx_input_consumed(in), size);
    CU_ASSERT_EQUAL(gcx_input_delivered(in), (long long)n);
    CU_ASSERT_EQUAL(gcx_input_is_gzip(in), 1);
    /* end of input stays end of input */
    CU_ASSERT_EQUAL(gcx_input_read(in, buf, 100, &got, &err), GCX_OK);
    CU_ASSERT_EQUAL(got, 0);
    gcx_input_close(in);
    free(buf);
    free(data);
    tdir_remove();
}

static void test_detect_by_content(void)
{
    const char *text = "<a>not compressed</a>\n";

    tdir_make();
    gz_put(tpath("really-gzip.txt"), "wb", text, strlen(text));
    check_slurp(tpath("really-gzip.txt"), text, strlen(text), 1);
    file_put(tpath("really-plain.gz"), text, strlen(text));
    check_slurp(tpath("really-plain.gz"), text, strlen(text), 0);
    tdir_remove();
}

static void test_gzip_members(void)
{
    size_t n = 200000;
    char *data = pattern(n);
    const char *p;

    tdir_make();
    p = tpath("two.gz");
    gz_put(p, "wb", data, 150000);
    gz_put(p, "ab", data + 150000, n - 150000);
    check_slurp(p, data, n, 1);
    /* an empty member in the middle and at the end */
    p = tpath("three.gz");
    gz_put(p, "wb", "abc", 3);
    gz_put(p, "ab", "", 0);
    gz_put(p, "ab", "def", 3);
    gz_put(p, "ab", "", 0);
    check_slurp(p, "abcdef", 6, 1);
    free(data);
    tdir_remove();
}

/* expect_fail: reading path fails with code, naming the file, and the
 * message contains word; what was delivered first is a prefix of want. */
static void expect_fail(const char *path, gcx_status code, const char *word,
                        const char *want, size_t cap)
{
    gcx_error err;
    char *got;
    size_t len;

    CU_ASSERT_EQUAL(slurp(path, cap, &got, &len, NULL, &err), code);
    CU_ASSERT_EQUAL(err.code, code);
    CU_ASSERT_STRING_EQUAL(err.file, path);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, word));
    if (want && got)
        CU_ASSERT(memcmp(got, want, len) == 0);
    free(got);
}

static void test_gzip_truncated(void)
{
    size_t n = 300000, zn;
    char *data = pattern(n);
    char *z;
    const char *p;
    gcx_input *in;
    gcx_error err;
    char buf[4096];
    size_t got;
    gcx_status st;

    tdir_make();
    p = tpath("full.gz");
    gz_put(p, "wb", data, n);
    z = file_get(p, &zn);
    CU_ASSERT_FATAL(z != NULL && zn > 100);

    p = tpath("half.gz");
    file_put(p, z, zn / 2);
    expect_fail(p, GCX_E_IO, "truncated", data, 4096);
    expect_fail(p, GCX_E_IO, "truncated", data, 1 << 20);
    /* cut inside the 8-byte trailer */
    p = tpath("trailer.gz");
    file_put(p, z, zn - 3);
    expect_fail(p, GCX_E_IO, "truncated", data, 65536);
    /* cut inside the header */
    p = tpath("header.gz");
    file_put(p, z, 5);
    expect_fail(p, GCX_E_IO, "truncated", NULL, 100);

    /* the error is sticky and repeats with the same message */
    p = tpath("half.gz");
    CU_ASSERT_EQUAL_FATAL(gcx_input_open(&in, p, &err), GCX_OK);
    do
        st = gcx_input_read(in, buf, sizeof buf, &got, &err);
    while (st == GCX_OK && got > 0);
    CU_ASSERT_EQUAL(st, GCX_E_IO);
    gcx_error_clear(&err);
    CU_ASSERT_EQUAL(gcx_input_read(in, buf, sizeof buf, &got, &err),
                    GCX_E_IO);
    CU_ASSERT_EQUAL(got, 0);
    CU_ASSERT_STRING_EQUAL(err.file, p);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "truncated"));
    gcx_input_close(in);
    free(z);
    free(data);
    tdir_remove();
}

static void test_gzip_corrupt(void)
{
    size_t n = 100000, zn, i;
    char *data = pattern(n);
    char *z, *bad;
    const char *p;

    tdir_make();
    gz_put(tpath("ok.gz"), "wb", data, n);
    z = file_get(tpath("ok.gz"), &zn);
    CU_ASSERT_FATAL(z != NULL);
    bad = malloc(zn + 64);
    CU_ASSERT_FATAL(bad != NULL);

    /* garbage in the deflate data */
    memcpy(bad, z, zn);
    for (i = zn / 3; i < zn / 3 + 40; i++)
        bad[i] = (char)0xff;
    p = tpath("garbage.gz");
    file_put(p, bad, zn);
    expect_fail(p, GCX_E_IO, "corrupt gzip data", NULL, 8192);

    /* a wrong CRC in the trailer */
    memcpy(bad, z, zn);
    bad[zn - 8] ^= 0x55;
    p = tpath("crc.gz");
    file_put(p, bad, zn);
    expect_fail(p, GCX_E_IO, "corrupt gzip data", data, 8192);

    /* trailing bytes that are not another member */
    memcpy(bad, z, zn);
    memcpy(bad + zn, "junk", 4);
    p = tpath("trail.gz");
    file_put(p, bad, zn + 4);
    expect_fail(p, GCX_E_IO, "trailing garbage", data, 8192);

    /* one trailing byte 0x1f: not a whole magic */
    bad[zn] = 0x1f;
    p = tpath("trail1.gz");
    file_put(p, bad, zn + 1);
    expect_fail(p, GCX_E_IO, "trailing garbage", data, 8192);

    /* a bad header method after the magic */
    memcpy(bad, z, zn);
    bad[2] = 7;
    p = tpath("method.gz");
    file_put(p, bad, zn);
    expect_fail(p, GCX_E_IO, "corrupt gzip data", NULL, 8192);
    free(bad);
    free(z);
    free(data);
    tdir_remove();
}

static void test_open_errors(void)
{
    gcx_input *in = (gcx_input *)&in;
    gcx_error err;
    const char *p;

    tdir_make();
    p = tpath("no-such-file.xml");
    gcx_error_clear(&err);
    CU_ASSERT_EQUAL(gcx_input_open(&in, p, &err), GCX_E_IO);
    CU_ASSERT_PTR_NULL(in);
    CU_ASSERT_EQUAL(err.code, GCX_E_IO);
    CU_ASSERT_STRING_EQUAL(err.file, p);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, p));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, strerror(ENOENT)));

    gcx_error_clear(&err);
    CU_ASSERT_EQUAL(gcx_input_open(&in, tdir, &err), GCX_E_IO);
    CU_ASSERT_STRING_EQUAL(err.file, tdir);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, strerror(EISDIR)));
    /* err may be NULL */
    CU_ASSERT_EQUAL(gcx_input_open(&in, p, NULL), GCX_E_IO);
    tdir_remove();
}

/* test_stdin: "-" and NULL read fd 0 (here a gzip file), which stays
 * open after close. */
static void test_stdin(void)
{
    const char *text = "line one\nline two\n";
    gcx_input *in;
    gcx_error err;
    char buf[100];
    size_t got;
    int saved, fd;

    tdir_make();
    gz_put(tpath("in.gz"), "wb", text, strlen(text));
    saved = dup(0);   /* -1 when the harness closed stdin */
    fd = open(tpath("in.gz"), O_RDONLY);
    CU_ASSERT_FATAL(fd >= 0);
    if (fd != 0) {   /* with stdin closed, open() already gave fd 0 */
        dup2(fd, 0);
        close(fd);
    }
    CU_ASSERT_EQUAL_FATAL(gcx_input_open(&in, "-", &err), GCX_OK);
    CU_ASSERT_STRING_EQUAL(gcx_input_name(in), "<stdin>");
    CU_ASSERT(gcx_input_size(in) > 0);
    CU_ASSERT_EQUAL(gcx_input_read(in, buf, sizeof buf, &got, &err), GCX_OK);
    CU_ASSERT(got == strlen(text) && memcmp(buf, text, got) == 0);
    CU_ASSERT_EQUAL(gcx_input_is_gzip(in), 1);
    gcx_input_close(in);
    CU_ASSERT(fcntl(0, F_GETFD) >= 0);
    CU_ASSERT_EQUAL_FATAL(gcx_input_open(&in, NULL, &err), GCX_OK);
    CU_ASSERT_STRING_EQUAL(gcx_input_name(in), "<stdin>");
    gcx_input_close(in);
    CU_ASSERT(fcntl(0, F_GETFD) >= 0);
    if (saved >= 0) {
        dup2(saved, 0);
        close(saved);
    } else {
        close(0);
    }
    tdir_remove();
}

/* test_pipe_trickle: gzip data arriving through a pipe one byte per
 * write still decodes, and the size of a pipe is unknown. */
static void test_pipe_trickle(void)
{
    size_t n = 5000, zn, i;
    char *data = pattern(n);
    char *z, *got;
    int fds[2], gz, status;
    pid_t pid;
    char path[64];
    gcx_error err;
    gcx_input *in;
    size_t len;

    tdir_make();
    gz_put(tpath("a.gz"), "wb", data, n);
    gz_put(tpath("a.gz"), "ab", data, n);
    z = file_get(tpath("a.gz"), &zn);
    CU_ASSERT_FATAL(z != NULL && pipe(fds) == 0);
    pid = fork();
    CU_ASSERT_FATAL(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        for (i = 0; i < zn; i++)
            if (write(fds[1], z + i, 1) != 1)
                break;
        close(fds[1]);
        free(z);   /* tidy for valgrind, which follows children */
        free(data);
        _exit(i == zn ? 0 : 1);
    }
    close(fds[1]);
    snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
    CU_ASSERT_EQUAL_FATAL(gcx_input_open(&in, path, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_input_size(in), -1);
    gcx_input_close(in);
    CU_ASSERT_EQUAL(slurp(path, 3000, &got, &len, &gz, &err), GCX_OK);
    CU_ASSERT_EQUAL(len, 2 * n);
    CU_ASSERT(len == 2 * n && memcmp(got, data, n) == 0
              && memcmp(got + n, data, n) == 0);
    CU_ASSERT_EQUAL(gz, 1);
    close(fds[0]);
    CU_ASSERT(waitpid(pid, &status, 0) == pid && WIFEXITED(status)
              && WEXITSTATUS(status) == 0);
    free(got);
    free(z);
    free(data);
    tdir_remove();
}

/* ------------------------------------------------------------ output */

static void test_output_atomic_new(void)
{
    const char *p, *text = "<root>new</root>\n";
    gcx_output *out;
    gcx_error err;
    struct stat sb;
    char *got;
    size_t len;
    int tmps;
    mode_t um;

    tdir_make();
    p = tpath("out.xml");
    CU_ASSERT_EQUAL_FATAL(gcx_output_open(&out, p, 0, &err), GCX_OK);
    CU_ASSERT_STRING_EQUAL(gcx_output_name(out), p);
    CU_ASSERT_EQUAL(gcx_output_write(out, text, strlen(text), &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_output_flush(out, &err), GCX_OK);
    /* not there until commit: only the temporary file exists */
    CU_ASSERT(stat(p, &sb) != 0 && errno == ENOENT);
    CU_ASSERT_EQUAL(tdir_count(&tmps), 1);
    CU_ASSERT_EQUAL(tmps, 1);
    CU_ASSERT_EQUAL(gcx_output_commit(out, &err), GCX_OK);
    got = file_get(p, &len);
    CU_ASSERT_FATAL(got != NULL);
    CU_ASSERT_STRING_EQUAL(got, text);
    free(got);
    CU_ASSERT_EQUAL(tdir_count(&tmps), 1);
    CU_ASSERT_EQUAL(tmps, 0);
    /* a new file gets 0666 less the umask */
    um = umask(022);
    umask(um);
    CU_ASSERT_EQUAL_FATAL(stat(p, &sb), 0);
    CU_ASSERT_EQUAL(sb.st_mode & 0777, 0666 & ~um);
    tdir_remove();
}

static void test_output_abort_keeps_old(void)
{
    const char *p, *old = "old content\n";
    gcx_output *out;
    gcx_error err;
    struct stat sb;
    char *got, *big = pattern(1000000);
    size_t len;
    int tmps;

    tdir_make();
    p = tpath("target.json");
    file_put(p, old, strlen(old));
    CU_ASSERT_EQUAL_FATAL(chmod(p, 0640), 0);
    CU_ASSERT_EQUAL_FATAL(gcx_output_open(&out, p, 0, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_output_write(out, big, 1000000, &err), GCX_OK);
    got = file_get(p, &len);
    CU_ASSERT(got && strcmp(got, old) == 0);
    free(got);
    CU_ASSERT_EQUAL(tdir_count(&tmps), 2);
    CU_ASSERT_EQUAL(tmps, 1);
    gcx_output_abort(out);
    gcx_output_abort(NULL);
    CU_ASSERT_EQUAL(tdir_count(&tmps), 1);
    CU_ASSERT_EQUAL(tmps, 0);
    got = file_get(p, &len);
    CU_ASSERT(got && strcmp(got, old) == 0);
    free(got);

    /* commit replaces it and keeps its permissions */
    CU_ASSERT_EQUAL_FATAL(gcx_output_open(&out, p, 0, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_output_write(out, "x", 1, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_output_commit(out, &err), GCX_OK);
    got = file_get(p, &len);
    CU_ASSERT(got && strcmp(got, "x") == 0);
    free(got);
    CU_ASSERT_EQUAL_FATAL(stat(p, &sb), 0);
    CU_ASSERT_EQUAL(sb.st_mode & 0777, 0640);
    CU_ASSERT_EQUAL(tdir_count(NULL), 1);
    free(big);
    tdir_remove();
}

/* test_output_commit_fails: when the rename cannot happen the temporary
 * file is removed and the error names the output. */
static void test_output_commit_fails(void)
{
    const char *p;
    gcx_output *out;
    gcx_error err;
    int tmps;

    tdir_make();
    p = tpath("becomes-a-dir");
    CU_ASSERT_EQUAL_FATAL(gcx_output_open(&out, p, 0, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_output_write(out, "abc", 3, &err), GCX_OK);
    CU_ASSERT_EQUAL_FATAL(mkdir(p, 0755), 0);
    gcx_error_clear(&err);
    CU_ASSERT_EQUAL(gcx_output_commit(out, &err), GCX_E_IO);
    CU_ASSERT_STRING_EQUAL(err.file, p);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "rename"));
    CU_ASSERT_EQUAL(tdir_count(&tmps), 1);
    CU_ASSERT_EQUAL(tmps, 0);
    tdir_remove();
}

static void test_output_open_errors(void)
{
    gcx_output *out = (gcx_output *)&out;
    gcx_error err;
    const char *p;

    tdir_make();
    p = tpath("missing-dir/out.xml");
    gcx_error_clear(&err);
    CU_ASSERT_EQUAL(gcx_output_open(&out, p, 0, &err), GCX_E_IO);
    CU_ASSERT_PTR_NULL(out);
    CU_ASSERT_STRING_EQUAL(err.file, p);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, strerror(ENOENT)));
    gcx_error_clear(&err);
    CU_ASSERT_EQUAL(gcx_output_open(&out, tdir, GCX_OUTPUT_GZIP, &err),
                    GCX_E_IO);
    CU_ASSERT_STRING_EQUAL(err.file, tdir);
    CU_ASSERT_EQUAL(tdir_count(NULL), 0);
    tdir_remove();
}

/* test_output_symlink: a link to a regular file is followed; the link
 * stays and its target gets the new content. */
static void test_output_symlink(void)
{
    gcx_output *out;
    gcx_error err;
    struct stat sb;
    char *got;
    size_t len;
    int tmps;

    tdir_make();
    file_put(tpath("real.txt"), "old", 3);
    CU_ASSERT_EQUAL_FATAL(symlink("real.txt", tpath("link.txt")), 0);
    CU_ASSERT_EQUAL_FATAL(gcx_output_open(&out, tpath("link.txt"), 0, &err),
                          GCX_OK);
    CU_ASSERT_EQUAL(gcx_output_write(out, "new", 3, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_output_commit(out, &err), GCX_OK);
    CU_ASSERT(lstat(tpath("link.txt"), &sb) == 0 && S_ISLNK(sb.st_mode));
    got = file_get(tpath("real.txt"), &len);
    CU_ASSERT(got && strcmp(got, "new") == 0);
    free(got);
    CU_ASSERT_EQUAL(tdir_count(&tmps), 2);
    CU_ASSERT_EQUAL(tmps, 0);
    tdir_remove();
}

/* write_chunks: write data in a cycle of chunk sizes, some bigger than
 * the internal buffer. */
static void write_chunks(gcx_output *out, const char *data, size_t n)
{
    static const size_t sizes[] = {1, 13, 1000, 131071, 131073, 400000, 7};
    gcx_error err;
    size_t off = 0, k = 0, c;

    while (off < n) {
        c = sizes[k++ % (sizeof sizes / sizeof sizes[0])];
        if (c > n - off)
            c = n - off;
        CU_ASSERT_EQUAL_FATAL(gcx_output_write(out, data + off, c, &err),
                              GCX_OK);
        off += c;
    }
}

static void test_output_plain_large(void)
{
    size_t n = 3000000, len;
    char *data = pattern(n), *got;
    gcx_output *out;
    gcx_error err;

    tdir_make();
    CU_ASSERT_EQUAL_FATAL(gcx_output_open(&out, tpath("big"), 0, &err),
                          GCX_OK);
    write_chunks(out, data, n);
    CU_ASSERT_EQUAL(gcx_output_commit(out, &err), GCX_OK);
    got = file_get(tpath("big"), &len);
    CU_ASSERT(got && len == n && memcmp(got, data, n) == 0);
    free(got);
    free(data);
    tdir_remove();
}

static void test_output_gzip_roundtrip(void)
{
    size_t n = 5 * 1000 * 1000, len;
    char *data = pattern(n), *got;
    const char *p;
    gcx_output *out;
    gcx_error err;
    gzFile g;
    int r;

    tdir_make();
    p = tpath("big.json.gz");
    CU_ASSERT_EQUAL_FATAL(gcx_output_open(&out, p, GCX_OUTPUT_GZIP, &err),
                          GCX_OK);
    write_chunks(out, data, n / 2);
    CU_ASSERT_EQUAL(gcx_output_flush(out, &err), GCX_OK);
    write_chunks(out, data + n / 2, n - n / 2);
    CU_ASSERT_EQUAL(gcx_output_commit(out, &err), GCX_OK);
    check_slurp(p, data, n, 1);
    /* zlib itself agrees */
    got = malloc(n + 1);
    g = gzopen(p, "rb");
    CU_ASSERT_FATAL(got != NULL && g != NULL);
    r = gzread(g, got, (unsigned)n + 1);
    CU_ASSERT_EQUAL(r, (int)n);
    CU_ASSERT(memcmp(got, data, n) == 0);
    gzclose(g);
    free(got);
    /* it really is compressed (the text has about 4.3 bits a byte) */
    got = file_get(p, &len);
    CU_ASSERT(got && len < n / 10 * 7);
    free(got);

    /* empty gzip output is a valid empty stream */
    p = tpath("empty.gz");
    CU_ASSERT_EQUAL_FATAL(gcx_output_open(&out, p, GCX_OUTPUT_GZIP, &err),
                          GCX_OK);
    CU_ASSERT_EQUAL(gcx_output_commit(out, &err), GCX_OK);
    check_slurp(p, "", 0, 1);
    free(data);
    tdir_remove();
}

/* with_stdout_pipe: put a pipe on fd 1; returns the read end and keeps
 * the old stdout in *saved. */
static int with_stdout_pipe(int *saved)
{
    int fds[2];

    fflush(stdout);
    CU_ASSERT_FATAL(pipe(fds) == 0);
    *saved = dup(1);
    CU_ASSERT_FATAL(*saved >= 0);
    dup2(fds[1], 1);
    close(fds[1]);
    return fds[0];
}

static void restore_stdout(int saved)
{
    dup2(saved, 1);
    close(saved);
}

/* test_output_stdout_flush: flush makes bytes readable at once, and a
 * flushed gzip stream decodes so far; commit leaves fd 1 open. */
static void test_output_stdout_flush(void)
{
    gcx_output *out;
    gcx_error err;
    char buf[256], plain[256];
    ssize_t r;
    z_stream zs;
    int saved, rd;

    rd = with_stdout_pipe(&saved);
    CU_ASSERT_EQUAL_FATAL(gcx_output_open(&out, "-", 0, &err), GCX_OK);
    CU_ASSERT_STRING_EQUAL(gcx_output_name(out), "<stdout>");
    CU_ASSERT_EQUAL(gcx_output_write(out, "hello", 5, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_output_flush(out, &err), GCX_OK);
    r = read(rd, buf, sizeof buf);
    CU_ASSERT(r == 5 && memcmp(buf, "hello", 5) == 0);
    CU_ASSERT_EQUAL(gcx_output_commit(out, &err), GCX_OK);
    CU_ASSERT(fcntl(1, F_GETFD) >= 0);

    /* gzip to a pipe is fine; a sync flush makes the data decodable */
    CU_ASSERT_EQUAL_FATAL(gcx_output_open(&out, NULL, GCX_OUTPUT_GZIP,
                                          &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_output_write(out, "streamed", 8, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_output_flush(out, &err), GCX_OK);
    r = read(rd, buf, sizeof buf);
    CU_ASSERT_FATAL(r > 10);
    memset(&zs, 0, sizeof zs);
    CU_ASSERT_FATAL(inflateInit2(&zs, 16 + MAX_WBITS) == Z_OK);
    zs.next_in = (unsigned char *)buf;
    zs.avail_in = (uInt)r;
    zs.next_out = (unsigned char *)plain;
    zs.avail_out = sizeof plain;
    CU_ASSERT_EQUAL(inflate(&zs, Z_SYNC_FLUSH), Z_OK);
    CU_ASSERT_EQUAL(sizeof plain - zs.avail_out, 8);
    CU_ASSERT(memcmp(plain, "streamed", 8) == 0);
    inflateEnd(&zs);
    gcx_output_abort(out);
    CU_ASSERT(fcntl(1, F_GETFD) >= 0);
    restore_stdout(saved);
    close(rd);
}

static void test_output_dev_full(void)
{
    gcx_output *out;
    gcx_error err;
    char *big = pattern(300000);

    /* a character device is written directly, not through a temp file */
    CU_ASSERT_EQUAL_FATAL(gcx_output_open(&out, "/dev/full", 0, &err),
                          GCX_OK);
    CU_ASSERT_EQUAL(gcx_output_write(out, "abc", 3, &err), GCX_OK);
    gcx_error_clear(&err);
    CU_ASSERT_EQUAL(gcx_output_flush(out, &err), GCX_E_IO);
    CU_ASSERT_STRING_EQUAL(err.file, "/dev/full");
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, strerror(ENOSPC)));
    CU_ASSERT_EQUAL(gcx_output_commit(out, &err), GCX_E_IO);

    /* failing at commit only */
    CU_ASSERT_EQUAL_FATAL(gcx_output_open(&out, "/dev/full",
                                          GCX_OUTPUT_GZIP, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_output_write(out, "abc", 3, &err), GCX_OK);
    gcx_error_clear(&err);
    CU_ASSERT_EQUAL(gcx_output_commit(out, &err), GCX_E_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, strerror(ENOSPC)));

    /* a write bigger than the buffer fails at once */
    CU_ASSERT_EQUAL_FATAL(gcx_output_open(&out, "/dev/full", 0, &err),
                          GCX_OK);
    CU_ASSERT_EQUAL(gcx_output_write(out, big, 300000, &err), GCX_E_IO);
    gcx_output_abort(out);
    free(big);
}

/* test_sticky: the first error is returned by every later call, with
 * its message copied into err each time. */
static void test_sticky(void)
{
    gcx_output *out;
    gcx_error err;
    char first[GCX_ERROR_MESSAGE_MAX];

    CU_ASSERT_EQUAL_FATAL(gcx_output_open(&out, "/dev/full", 0, &err),
                          GCX_OK);
    CU_ASSERT_EQUAL(gcx_output_write(out, "abc", 3, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_output_flush(out, &err), GCX_E_IO);
    snprintf(first, sizeof first, "%s", err.message);
    gcx_error_clear(&err);
    CU_ASSERT_EQUAL(gcx_output_write(out, "d", 1, &err), GCX_E_IO);
    CU_ASSERT_STRING_EQUAL(err.message, first);
    CU_ASSERT_STRING_EQUAL(err.file, "/dev/full");
    gcx_error_clear(&err);
    CU_ASSERT_EQUAL(gcx_output_write(out, "", 0, &err), GCX_E_IO);
    CU_ASSERT_STRING_EQUAL(err.message, first);
    gcx_error_clear(&err);
    CU_ASSERT_EQUAL(gcx_output_flush(out, &err), GCX_E_IO);
    CU_ASSERT_STRING_EQUAL(err.message, first);
    CU_ASSERT_EQUAL(gcx_output_write(out, "e", 1, NULL), GCX_E_IO);
    gcx_error_clear(&err);
    CU_ASSERT_EQUAL(gcx_output_commit(out, &err), GCX_E_IO);
    CU_ASSERT_STRING_EQUAL(err.message, first);
}

static void test_broken_pipe(void)
{
    gcx_output *out;
    gcx_error err;
    int saved, rd;
    void (*old)(int);

    old = signal(SIGPIPE, SIG_IGN);
    rd = with_stdout_pipe(&saved);
    close(rd);
    CU_ASSERT_EQUAL_FATAL(gcx_output_open(&out, "-", 0, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_output_write(out, "data", 4, &err), GCX_OK);
    gcx_error_clear(&err);
    CU_ASSERT_EQUAL(gcx_output_commit(out, &err), GCX_E_IO);
    CU_ASSERT_STRING_EQUAL(err.file, "<stdout>");
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "<stdout>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, strerror(EPIPE)));
    CU_ASSERT(fcntl(1, F_GETFD) >= 0);
    restore_stdout(saved);
    signal(SIGPIPE, old);
}

/* test_gzip_tty: gzip output to a terminal is refused unless forced. */
static void test_gzip_tty(void)
{
    gcx_output *out;
    gcx_error err;
    const char *slave;
    int m;

    m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0 || grantpt(m) != 0 || unlockpt(m) != 0
        || (slave = ptsname(m)) == NULL) {
        if (m >= 0)
            close(m);
        fprintf(stderr, "(no pty: tty test skipped) ");
        return;
    }
    gcx_error_clear(&err);
    CU_ASSERT_EQUAL(gcx_output_open(&out, slave, GCX_OUTPUT_GZIP, &err),
                    GCX_E_USAGE);
    CU_ASSERT_STRING_EQUAL(err.file, slave);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "terminal"));
    CU_ASSERT_EQUAL_FATAL(gcx_output_open(&out, slave,
                                          GCX_OUTPUT_GZIP
                                          | GCX_OUTPUT_FORCE_TTY, &err),
                          GCX_OK);
    gcx_output_abort(out);
    /* plain output to a terminal is fine */
    CU_ASSERT_EQUAL_FATAL(gcx_output_open(&out, slave, 0, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_output_write(out, "hi\n", 3, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_output_commit(out, &err), GCX_OK);
    close(m);
}

/* test_nomem: every allocation failure in open gives GCX_E_NOMEM, leaks
 * nothing and leaves no temporary file; likewise starting the decoder. */
static void test_nomem(void)
{
    const char *p;
    gcx_input *in;
    gcx_output *out;
    gcx_error err;
    gcx_status st;
    unsigned long k;
    char buf[64];
    size_t got;
    int flags, nomem_seen;

    tdir_make();
    gz_put(tpath("in.gz"), "wb", "payload", 7);
    p = tpath("in.gz");
    for (k = 1, nomem_seen = 0; k < 100; k++) {
        gcx_alloc_fail_after(k);
        st = gcx_input_open(&in, p, &err);
        gcx_alloc_fail_after(0);
        if (st == GCX_OK) {
            gcx_input_close(in);
            break;
        }
        CU_ASSERT_EQUAL(st, GCX_E_NOMEM);
        CU_ASSERT_PTR_NULL(in);
        nomem_seen++;
    }
    CU_ASSERT(nomem_seen > 0 && k < 100);

    /* the gzip decoder's allocations fail cleanly and may be retried */
    for (k = 1; k < 100; k++) {
        CU_ASSERT_EQUAL_FATAL(gcx_input_open(&in, p, &err), GCX_OK);
        gcx_alloc_fail_after(k);
        st = gcx_input_read(in, buf, sizeof buf, &got, &err);
        gcx_alloc_fail_after(0);
        if (st == GCX_OK) {
            CU_ASSERT(got == 7 && memcmp(buf, "payload", 7) == 0);
            gcx_input_close(in);
            break;
        }
        CU_ASSERT_EQUAL(st, GCX_E_NOMEM);
        CU_ASSERT_EQUAL(gcx_input_read(in, buf, sizeof buf, &got, &err),
                        GCX_OK);
        CU_ASSERT(got == 7 && memcmp(buf, "payload", 7) == 0);
        gcx_input_close(in);
    }
    CU_ASSERT(k > 1 && k < 100);

    for (flags = 0; flags <= GCX_OUTPUT_GZIP; flags += GCX_OUTPUT_GZIP) {
        for (k = 1, nomem_seen = 0; k < 100; k++) {
            gcx_alloc_fail_after(k);
            st = gcx_output_open(&out, tpath("out"), (unsigned)flags, &err);
            gcx_alloc_fail_after(0);
            if (st == GCX_OK) {
                gcx_output_abort(out);
                break;
            }
            CU_ASSERT_EQUAL(st, GCX_E_NOMEM);
            CU_ASSERT_EQUAL(err.code, GCX_E_NOMEM);
            CU_ASSERT_PTR_NULL(out);
            CU_ASSERT_EQUAL(tdir_count(NULL), 1);
            nomem_seen++;
        }
        CU_ASSERT(nomem_seen > 0 && k < 100);
        CU_ASSERT_EQUAL(tdir_count(NULL), 1);
    }
    tdir_remove();
}

/* the line reader: LF and CRLF ends, a last line without one, blank
 * lines, an over-long line skipped and reported, then the next line */
static void test_line_reader(void)
{
    static const char text[] = "a\r\n\nbb\n0123456789ABCDEF\nc";
    gcx_line_reader *lr;
    gcx_input *in;
    gcx_error err;
    const char *line;
    size_t len;
    const char *p;

    tdir_make();
    p = tpath("lines.ndjson");
    file_put(p, text, sizeof text - 1);
    CU_ASSERT_EQUAL_FATAL(gcx_input_open(&in, p, &err), GCX_OK);
    CU_ASSERT_EQUAL_FATAL(gcx_line_reader_new(&lr, in, 8, &err), GCX_OK);
    CU_ASSERT_EQUAL(gcx_line_reader_next(lr, &line, &len, &err), GCX_OK);
    CU_ASSERT(len == 1 && memcmp(line, "a", 1) == 0);
    CU_ASSERT_EQUAL(gcx_line_reader_next(lr, &line, &len, &err), GCX_OK);
    CU_ASSERT(line != NULL && len == 0);
    CU_ASSERT_EQUAL(gcx_line_reader_next(lr, &line, &len, &err), GCX_OK);
    CU_ASSERT(len == 2 && memcmp(line, "bb", 2) == 0);
    CU_ASSERT_EQUAL(gcx_line_reader_line(lr), 3);
    CU_ASSERT_EQUAL(gcx_line_reader_next(lr, &line, &len, &err),
                    GCX_E_LIMIT);
    CU_ASSERT_EQUAL(err.line, 4);
    CU_ASSERT_STRING_EQUAL(err.file, p);
    CU_ASSERT_EQUAL(gcx_line_reader_next(lr, &line, &len, &err), GCX_OK);
    CU_ASSERT(len == 1 && memcmp(line, "c", 1) == 0);
    CU_ASSERT_EQUAL(gcx_line_reader_line(lr), 5);
    CU_ASSERT_EQUAL(gcx_line_reader_next(lr, &line, &len, &err), GCX_OK);
    CU_ASSERT_PTR_NULL(line);
    gcx_line_reader_free(lr);
    gcx_line_reader_free(NULL);
    gcx_input_close(in);
}

static const gcx_unit_case cases[] = {
    {"plain file read", test_plain_read},
    {"line reader", test_line_reader},
    {"empty and one-byte input", test_empty_and_tiny},
    {"gzip file read and progress", test_gzip_read},
    {"gzip detected by content", test_detect_by_content},
    {"concatenated gzip members", test_gzip_members},
    {"truncated gzip", test_gzip_truncated},
    {"corrupt gzip and trailing garbage", test_gzip_corrupt},
    {"input open errors", test_open_errors},
    {"stdin is read and not closed", test_stdin},
    {"gzip through a trickling pipe", test_pipe_trickle},
    {"atomic output to a new file", test_output_atomic_new},
    {"abort keeps the old target", test_output_abort_keeps_old},
    {"failed commit removes the temp file", test_output_commit_fails},
    {"output open errors", test_output_open_errors},
    {"output through a symlink", test_output_symlink},
    {"large plain output", test_output_plain_large},
    {"gzip output round trip (5 MB)", test_output_gzip_roundtrip},
    {"stdout flush and gzip sync flush", test_output_stdout_flush},
    {"write to /dev/full", test_output_dev_full},
    {"errors are sticky", test_sticky},
    {"write to a closed pipe", test_broken_pipe},
    {"gzip refused on a terminal", test_gzip_tty},
    {"allocation failures", test_nomem},
    {NULL, NULL}
};

GCX_UNIT_MAIN("io", cases)
