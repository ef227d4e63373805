/* lib/io.c - byte streams in and out: files, stdin/stdout, gzip.
 *
 * Input sniffs the gzip magic and inflates (concatenated members too);
 * output goes to a temporary file renamed over the target on commit.
 * Both use large buffers and raw read(2)/write(2); errors are sticky.
 */
#include "internal.h"

#include <gcx/io.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define IO_BUF_SIZE ((size_t)128 * 1024)   /* read and write buffers */
#define IO_ZBUF_SIZE ((size_t)128 * 1024)  /* compressed output buffer */
#define IO_TMP_TRIES 100                   /* names tried for a temp file */

#if defined(__GNUC__)
#define IO_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define IO_PRINTF(a, b)
#endif

/* zlib allocates through gcx_malloc too, so the fault hook reaches it. */
static voidpf io_zalloc(voidpf opaque, uInt items, uInt size)
{
    (void)opaque;
    if (size && items > SIZE_MAX / size)
        return Z_NULL;
    return gcx_malloc((size_t)items * size);
}

static void io_zfree(voidpf opaque, voidpf p)
{
    (void)opaque;
    gcx_free(p);
}

/* io_clamp: n limited to what a zlib uInt length can hold. */
static uInt io_clamp(size_t n)
{
    return n > UINT_MAX ? UINT_MAX : (uInt)n;
}

/* io_wait: block until fd is ready, for a descriptor some other process
 * left non-blocking. Returns 0, or -1 with errno set. */
static int io_wait(int fd, short events)
{
    struct pollfd p;
    int r;

    p.fd = fd;
    p.events = events;
    p.revents = 0;
    do
        r = poll(&p, 1, -1);
    while (r < 0 && errno == EINTR);
    return r < 0 ? -1 : 0;
}

/* io_report: fill err with code and msg, naming the file name. */
static gcx_status io_report(gcx_error *err, const char *name,
                            gcx_status code, const char *msg)
{
    gcx_error_at(err, name, 0, 0);
    return gcx_error_set(err, code, "%s", msg);
}

/* ------------------------------------------------------------ input */

enum {
    IN_START,    /* nothing read yet: the format is not known */
    IN_PLAIN,    /* pass-through */
    IN_MEMBER,   /* inside a gzip member */
    IN_BETWEEN,  /* after a gzip member: another may follow */
    IN_DONE      /* gzip input ended cleanly */
};

struct gcx_input {
    int fd;
    int owns_fd;
    int state;
    int is_gzip;
    int eof;                 /* read(2) returned 0 */
    int z_ready;             /* zs is initialised */
    char *name;
    unsigned char *rbuf;     /* raw bytes from fd; [rpos, rlen) pending */
    size_t rpos;
    size_t rlen;
    unsigned char *obuf;     /* inflated bytes for small reads (gzip) */
    size_t opos;
    size_t olen;
    long long size;
    long long raw_total;     /* bytes read from fd */
    long long delivered;
    gcx_status fail;         /* sticky error, GCX_OK when none */
    char fail_msg[GCX_ERROR_MESSAGE_MAX];
    z_stream zs;
};

/* in_fail: make code and the message the input's sticky error. */
static gcx_status in_fail(gcx_input *in, gcx_status code, const char *fmt,
                          ...) IO_PRINTF(3, 4);

static gcx_status in_fail(gcx_input *in, gcx_status code, const char *fmt,
                          ...)
{
    va_list ap;

    if (in->fail)
        return in->fail;
    va_start(ap, fmt);
    vsnprintf(in->fail_msg, sizeof in->fail_msg, fmt, ap);
    va_end(ap);
    in->fail = code;
    return code;
}

/* in_sysread: read up to n bytes from the descriptor into p; *got is 0
 * at end of file. Retries EINTR and waits out EAGAIN. */
static gcx_status in_sysread(gcx_input *in, void *p, size_t n, size_t *got)
{
    ssize_t r;

    *got = 0;
    if (n > SSIZE_MAX)
        n = SSIZE_MAX;
    for (;;) {
        r = read(in->fd, p, n);
        if (r >= 0)
            break;
        if (errno == EINTR)
            continue;
        if ((errno == EAGAIN || errno == EWOULDBLOCK)
            && io_wait(in->fd, POLLIN) == 0)
            continue;
        return in_fail(in, GCX_E_IO, "read error on %s: %s", in->name,
                       strerror(errno));
    }
    if (r == 0)
        in->eof = 1;
    in->raw_total += r;
    *got = (size_t)r;
    return GCX_OK;
}

/* in_fill: make at least need bytes pending in rbuf, or as many as there
 * are before end of file. Reads once more only when short. */
static gcx_status in_fill(gcx_input *in, size_t need)
{
    size_t got;
    gcx_status st;

    if (in->rpos == in->rlen) {
        in->rpos = 0;
        in->rlen = 0;
    } else if (in->rlen - in->rpos < need && in->rpos > 0) {
        memmove(in->rbuf, in->rbuf + in->rpos, in->rlen - in->rpos);
        in->rlen -= in->rpos;
        in->rpos = 0;
    }
    while (in->rlen - in->rpos < need && !in->eof) {
        st = in_sysread(in, in->rbuf + in->rlen, IO_BUF_SIZE - in->rlen,
                        &got);
        if (st)
            return st;
        in->rlen += got;
    }
    return GCX_OK;
}

/* in_has_magic: 1 when the pending bytes start a gzip member. */
static int in_has_magic(const gcx_input *in)
{
    return in->rlen - in->rpos >= 2 && in->rbuf[in->rpos] == 0x1f
           && in->rbuf[in->rpos + 1] == 0x8b;
}

/* in_detect: read the first bytes and choose plain or gzip. */
static gcx_status in_detect(gcx_input *in)
{
    gcx_status st;
    int r;

    st = in_fill(in, 2);
    if (st)
        return st;
    if (!in_has_magic(in)) {
        in->state = IN_PLAIN;
        return GCX_OK;
    }
    in->is_gzip = 1;
    if (!in->obuf) {
        in->obuf = gcx_malloc(IO_BUF_SIZE);
        if (!in->obuf)
            return GCX_E_NOMEM;   /* not sticky: a later call may retry */
    }
    memset(&in->zs, 0, sizeof in->zs);
    in->zs.zalloc = io_zalloc;
    in->zs.zfree = io_zfree;
    in->zs.opaque = Z_NULL;
    r = inflateInit2(&in->zs, 16 + MAX_WBITS);
    if (r == Z_MEM_ERROR)
        return GCX_E_NOMEM;   /* not sticky: a later call may retry */
    if (r != Z_OK)
        return in_fail(in, GCX_E_INTERNAL, "cannot start gzip decoder: %s",
                       in->zs.msg ? in->zs.msg : "unknown zlib error");
    in->z_ready = 1;
    in->state = IN_MEMBER;
    return GCX_OK;
}

/* in_read_plain: pass bytes through; large reads skip the buffer. */
static gcx_status in_read_plain(gcx_input *in, unsigned char *buf,
                                size_t cap, size_t *got)
{
    size_t n = in->rlen - in->rpos;
    gcx_status st;

    if (n == 0) {
        if (in->eof)
            return GCX_OK;
        if (cap >= IO_BUF_SIZE / 2)
            return in_sysread(in, buf, cap, got);
        st = in_fill(in, 1);
        if (st)
            return st;
        n = in->rlen - in->rpos;
    }
    if (n > cap)
        n = cap;
    memcpy(buf, in->rbuf + in->rpos, n);
    in->rpos += n;
    *got = n;
    return GCX_OK;
}

/* in_inflate: inflate into buf. Returns once buf is full, or when more
 * output would need a read(2) that might block and some is ready. An
 * error after some output is kept and reported by the next call. */
static gcx_status in_inflate(gcx_input *in, unsigned char *buf, size_t cap,
                             size_t *got)
{
    size_t n = 0;
    uInt room;
    gcx_status st;
    int r;

    while (n < cap && in->state != IN_DONE) {
        if (in->state == IN_BETWEEN) {
            if (in->rlen - in->rpos < 2 && n > 0 && !in->eof)
                break;
            st = in_fill(in, 2);
            if (st)
                break;
            if (in->rpos == in->rlen) {
                in->state = IN_DONE;
                break;
            }
            if (!in_has_magic(in)) {
                in_fail(in, GCX_E_IO, "trailing garbage after gzip data");
                break;
            }
            inflateReset(&in->zs);
            in->state = IN_MEMBER;
        }
        if (in->rpos == in->rlen) {
            if (n > 0)
                break;
            if (in->eof) {
                in_fail(in, GCX_E_IO, "truncated gzip stream");
                break;
            }
            if (in_fill(in, 1))
                break;
            continue;
        }
        in->zs.next_in = in->rbuf + in->rpos;
        in->zs.avail_in = (uInt)(in->rlen - in->rpos);
        in->zs.next_out = buf + n;
        room = io_clamp(cap - n);
        in->zs.avail_out = room;
        r = inflate(&in->zs, Z_NO_FLUSH);
        n += room - in->zs.avail_out;
        in->rpos = in->rlen - in->zs.avail_in;
        if (r == Z_STREAM_END) {
            in->state = IN_BETWEEN;
        } else if (r == Z_MEM_ERROR) {
            in_fail(in, GCX_E_NOMEM, "out of memory in gzip decoder");
            break;
        } else if (r != Z_OK && r != Z_BUF_ERROR) {
            in_fail(in, GCX_E_IO, "corrupt gzip data: %s",
                    in->zs.msg ? in->zs.msg : "unknown zlib error");
            break;
        }
    }
    *got = n;
    return n > 0 ? GCX_OK : in->fail;
}

/* in_read_gzip: large reads inflate straight into the caller's buffer;
 * small ones go through obuf, since each inflate call has a cost. */
static gcx_status in_read_gzip(gcx_input *in, unsigned char *buf,
                               size_t cap, size_t *got)
{
    size_t n = in->olen - in->opos;
    gcx_status st;

    if (n == 0) {
        if (cap >= IO_BUF_SIZE / 4)
            return in_inflate(in, buf, cap, got);
        in->opos = 0;
        in->olen = 0;
        st = in_inflate(in, in->obuf, IO_BUF_SIZE, &in->olen);
        if (st)
            return st;
        n = in->olen;
    }
    if (n > cap)
        n = cap;
    memcpy(buf, in->obuf + in->opos, n);
    in->opos += n;
    *got = n;
    return GCX_OK;
}

gcx_status gcx_input_open(gcx_input **out, const char *path, gcx_error *err)
{
    gcx_input *in;
    const char *name;
    struct stat sb;
    int is_std = !path || strcmp(path, "-") == 0;
    int e;

    *out = NULL;
    name = is_std ? "<stdin>" : path;
    in = gcx_calloc(1, sizeof *in);
    if (!in)
        goto nomem;
    in->fd = -1;
    in->size = -1;
    in->name = gcx_strdup(name);
    in->rbuf = gcx_malloc(IO_BUF_SIZE);
    if (!in->name || !in->rbuf)
        goto nomem;
    if (is_std) {
        in->fd = 0;
    } else {
        do
            in->fd = open(path, O_RDONLY | O_CLOEXEC);
        while (in->fd < 0 && errno == EINTR);
        if (in->fd < 0)
            goto syserr;
        in->owns_fd = 1;
    }
    if (fstat(in->fd, &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) {
            errno = EISDIR;
            goto syserr;
        }
        if (S_ISREG(sb.st_mode)) {
            in->size = (long long)sb.st_size;
#if defined(POSIX_FADV_SEQUENTIAL)
            (void)posix_fadvise(in->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
        }
    }
    *out = in;
    return GCX_OK;

syserr:
    e = errno;
    gcx_input_close(in);
    gcx_error_at(err, name, 0, 0);
    return gcx_error_set(err, GCX_E_IO, "cannot open %s: %s", name,
                         strerror(e));
nomem:
    gcx_input_close(in);
    gcx_error_at(err, name, 0, 0);
    return gcx_error_set(err, GCX_E_NOMEM, "out of memory opening %s",
                         name);
}

gcx_status gcx_input_read(gcx_input *in, void *buf, size_t cap, size_t *got,
                          gcx_error *err)
{
    gcx_status st;

    *got = 0;
    if (GCXI_UNLIKELY(in->fail) && in->opos == in->olen)
        return io_report(err, in->name, in->fail, in->fail_msg);
    if (cap == 0)
        return GCX_OK;
    if (GCXI_UNLIKELY(in->state == IN_START)) {
        st = in_detect(in);
        if (st == GCX_E_NOMEM && !in->fail)
            return io_report(err, in->name, st,
                             "out of memory starting gzip decoder");
        if (st)
            return io_report(err, in->name, in->fail, in->fail_msg);
    }
    if (in->state == IN_PLAIN)
        st = in_read_plain(in, buf, cap, got);
    else
        st = in_read_gzip(in, buf, cap, got);
    in->delivered += (long long)*got;
    if (GCXI_UNLIKELY(st))
        return io_report(err, in->name, in->fail, in->fail_msg);
    return GCX_OK;
}

const char *gcx_input_name(const gcx_input *in)
{
    return in->name;
}

int gcx_input_is_gzip(const gcx_input *in)
{
    return in->is_gzip;
}

long long gcx_input_size(const gcx_input *in)
{
    return in->size;
}

long long gcx_input_consumed(const gcx_input *in)
{
    return in->raw_total - (long long)(in->rlen - in->rpos);
}

long long gcx_input_delivered(const gcx_input *in)
{
    return in->delivered;
}

void gcx_input_close(gcx_input *in)
{
    if (!in)
        return;
    if (in->z_ready)
        inflateEnd(&in->zs);
    if (in->owns_fd && in->fd >= 0)
        close(in->fd);
    gcx_free(in->obuf);
    gcx_free(in->rbuf);
    gcx_free(in->name);
    gcx_free(in);
}

/* ----------------------------------------------------------- output */

struct gcx_output {
    int fd;
    int owns_fd;             /* a named file: close it at the end */
    int gzip;
    int z_ready;             /* zs is initialised */
    char *name;              /* display name */
    char *target;            /* rename target, NULL when written directly */
    char *tmp;               /* temporary file name, NULL when none */
    int tmp_made;            /* tmp exists on disk and is ours */
    unsigned char *buf;      /* uncompressed bytes not yet pushed */
    size_t blen;
    unsigned char *zbuf;     /* compressed bytes not yet written */
    size_t zlen;
    gcx_status fail;         /* sticky error, GCX_OK when none */
    char fail_msg[GCX_ERROR_MESSAGE_MAX];
    z_stream zs;
};

/* out_fail: make code and the message the output's sticky error; the
 * first error wins. */
static gcx_status out_fail(gcx_output *out, gcx_status code,
                           const char *fmt, ...) IO_PRINTF(3, 4);

static gcx_status out_fail(gcx_output *out, gcx_status code,
                           const char *fmt, ...)
{
    va_list ap;

    if (out->fail)
        return out->fail;
    va_start(ap, fmt);
    vsnprintf(out->fail_msg, sizeof out->fail_msg, fmt, ap);
    va_end(ap);
    out->fail = code;
    return code;
}

/* out_syswrite: write all n bytes of p to the descriptor, through short
 * writes, EINTR and EAGAIN. */
static gcx_status out_syswrite(gcx_output *out, const unsigned char *p,
                               size_t n)
{
    ssize_t r;

    while (n > 0) {
        r = write(out->fd, p, n > SSIZE_MAX ? SSIZE_MAX : n);
        if (r > 0) {
            p += r;
            n -= (size_t)r;
            continue;
        }
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
            && io_wait(out->fd, POLLOUT) == 0)
            continue;
        if (r == 0)
            errno = EIO;
        return out_fail(out, GCX_E_IO, "write error on %s: %s", out->name,
                        strerror(errno));
    }
    return GCX_OK;
}

/* out_deflate: compress n bytes of p with the given zlib flush mode,
 * writing zbuf out each time it fills. */
static gcx_status out_deflate(gcx_output *out, const unsigned char *p,
                              size_t n, int flush)
{
    gcx_status st;
    uInt chunk;
    int mode, r;

    do {
        chunk = io_clamp(n);
        mode = chunk == n ? flush : Z_NO_FLUSH;
        out->zs.next_in = (unsigned char *)p;
        out->zs.avail_in = chunk;
        for (;;) {
            out->zs.next_out = out->zbuf + out->zlen;
            out->zs.avail_out = (uInt)(IO_ZBUF_SIZE - out->zlen);
            r = deflate(&out->zs, mode);
            if (r == Z_STREAM_ERROR)
                return out_fail(out, GCX_E_INTERNAL,
                                "gzip encoder failed on %s", out->name);
            out->zlen = IO_ZBUF_SIZE - out->zs.avail_out;
            if (out->zs.avail_out != 0)
                break;
            st = out_syswrite(out, out->zbuf, out->zlen);
            if (st)
                return st;
            out->zlen = 0;
            if (r == Z_STREAM_END)
                break;
        }
        p += chunk;
        n -= chunk;
    } while (n > 0);
    return GCX_OK;
}

/* out_push: send n bytes onward: to the encoder or to the descriptor. */
static gcx_status out_push(gcx_output *out, const unsigned char *p,
                           size_t n)
{
    if (out->gzip)
        return out_deflate(out, p, n, Z_NO_FLUSH);
    return out_syswrite(out, p, n);
}

/* out_drain: push the buffered bytes onward and empty the buffer. */
static gcx_status out_drain(gcx_output *out)
{
    gcx_status st = GCX_OK;

    if (out->blen) {
        st = out_push(out, out->buf, out->blen);
        out->blen = 0;
    }
    return st;
}

/* out_finish: drain everything to the descriptor; mode is Z_SYNC_FLUSH
 * for a flush, Z_FINISH at commit. */
static gcx_status out_finish(gcx_output *out, int mode)
{
    gcx_status st;

    st = out_drain(out);
    if (st || !out->gzip)
        return st;
    st = out_deflate(out, NULL, 0, mode);
    if (st)
        return st;
    st = out_syswrite(out, out->zbuf, out->zlen);
    out->zlen = 0;
    return st;
}

/* out_free: release out and everything it holds; closes its own
 * descriptor and removes the temporary file when one is left. */
static void out_free(gcx_output *out)
{
    if (out->z_ready)
        deflateEnd(&out->zs);
    if (out->owns_fd && out->fd >= 0)
        close(out->fd);
    if (out->tmp_made)
        unlink(out->tmp);
    gcx_free(out->tmp);
    gcx_free(out->target);
    gcx_free(out->zbuf);
    gcx_free(out->buf);
    gcx_free(out->name);
    gcx_free(out);
}

/* out_tmp_create: create a new file named "<target>.tmp.XXXXXX" with
 * O_EXCL, so the kernel applies the umask to mode 0666 without touching
 * the process umask. Returns the descriptor or -1 with errno set. */
static int out_tmp_create(char *tmp, size_t xpos)
{
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static unsigned long long counter;
    unsigned long long x;
    struct timespec ts;
    size_t i;
    int fd, k;

    for (k = 0; k < IO_TMP_TRIES; k++) {
        clock_gettime(CLOCK_REALTIME, &ts);
        x = (unsigned long long)ts.tv_nsec ^ ((unsigned long long)ts.tv_sec
                                              << 20)
            ^ ((unsigned long long)getpid() << 40) ^ (++counter << 12)
            ^ (unsigned long long)(uintptr_t)tmp;
        /* splitmix64 finaliser: spread the bits */
        x ^= x >> 30;
        x *= 0xbf58476d1ce4e5b9ULL;
        x ^= x >> 27;
        x *= 0x94d049bb133111ebULL;
        x ^= x >> 31;
        for (i = 0; i < 6; i++) {
            tmp[xpos + i] = digits[x % 62];
            x /= 62;
        }
        do
            fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        while (fd < 0 && errno == EINTR);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

/* out_plan: decide how path is written. Sets *target to the file a
 * temporary file is renamed over (resolving a symbolic link to a regular
 * file), or to NULL when path is opened directly: devices, pipes,
 * /proc and /dev links such as /dev/stdout. *mode is an existing
 * target's permission bits, or -1 for a new file. */
static gcx_status out_plan(const char *path, char **target, int *mode)
{
    struct stat sb;
    char resolved[PATH_MAX];

    *target = NULL;
    *mode = -1;
    if (lstat(path, &sb) != 0) {
        if (errno != ENOENT)
            return GCX_E_IO;
        *target = gcx_strdup(path);
        return *target ? GCX_OK : GCX_E_NOMEM;
    }
    if (S_ISLNK(sb.st_mode)) {
        if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)
            || !realpath(path, resolved)
            || strncmp(resolved, "/proc/", 6) == 0
            || strncmp(resolved, "/dev/", 5) == 0)
            return GCX_OK;
        path = resolved;
    } else if (!S_ISREG(sb.st_mode)) {
        return GCX_OK;
    }
    if (access(path, W_OK) != 0)
        return GCX_E_IO;
    *mode = (int)(sb.st_mode & 0777);
    *target = gcx_strdup(path);
    return *target ? GCX_OK : GCX_E_NOMEM;
}

gcx_status gcx_output_open(gcx_output **out, const char *path,
                           unsigned flags, gcx_error *err)
{
    gcx_output *o;
    const char *name;
    gcx_status st;
    size_t tlen;
    int is_std = !path || strcmp(path, "-") == 0;
    int mode = -1, e;

    *out = NULL;
    name = is_std ? "<stdout>" : path;
    o = gcx_calloc(1, sizeof *o);
    if (!o)
        goto nomem;
    o->fd = -1;
    o->gzip = (flags & GCX_OUTPUT_GZIP) != 0;
    o->name = gcx_strdup(name);
    o->buf = gcx_malloc(IO_BUF_SIZE);
    if (!o->name || !o->buf)
        goto nomem;
    if (o->gzip) {
        o->zbuf = gcx_malloc(IO_ZBUF_SIZE);
        if (!o->zbuf)
            goto nomem;
        o->zs.zalloc = io_zalloc;
        o->zs.zfree = io_zfree;
        o->zs.opaque = Z_NULL;
        e = deflateInit2(&o->zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
                         Z_DEFAULT_STRATEGY);
        if (e == Z_MEM_ERROR)
            goto nomem;
        if (e != Z_OK) {
            out_free(o);
            gcx_error_at(err, name, 0, 0);
            return gcx_error_set(err, GCX_E_INTERNAL,
                                 "cannot start gzip encoder for %s", name);
        }
        o->z_ready = 1;
    }
    if (is_std) {
        o->fd = 1;
    } else {
        st = out_plan(path, &o->target, &mode);
        if (st == GCX_E_NOMEM)
            goto nomem;
        if (st)
            goto syserr;
        if (o->target) {
            tlen = strlen(o->target);
            o->tmp = gcx_malloc(tlen + sizeof ".tmp.XXXXXX");
            if (!o->tmp)
                goto nomem;
            memcpy(o->tmp, o->target, tlen);
            memcpy(o->tmp + tlen, ".tmp.XXXXXX", sizeof ".tmp.XXXXXX");
            o->fd = out_tmp_create(o->tmp, tlen + 5);
            if (o->fd < 0)
                goto tmperr;
            o->owns_fd = 1;
            o->tmp_made = 1;
            if (mode >= 0 && fchmod(o->fd, (mode_t)mode) != 0)
                goto tmperr;
        } else {
            do
                o->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                             0666);
            while (o->fd < 0 && errno == EINTR);
            if (o->fd < 0)
                goto syserr;
            o->owns_fd = 1;
        }
    }
    if (o->gzip && !(flags & GCX_OUTPUT_FORCE_TTY) && isatty(o->fd)) {
        out_free(o);
        gcx_error_at(err, name, 0, 0);
        return gcx_error_set(err, GCX_E_USAGE,
                             "refusing to write gzip data to terminal %s",
                             name);
    }
    *out = o;
    return GCX_OK;

tmperr:
    e = errno;
    out_free(o);
    gcx_error_at(err, name, 0, 0);
    return gcx_error_set(err, GCX_E_IO,
                         "cannot create temporary file for %s: %s", name,
                         strerror(e));
syserr:
    e = errno;
    out_free(o);
    gcx_error_at(err, name, 0, 0);
    return gcx_error_set(err, GCX_E_IO, "cannot open %s for writing: %s",
                         name, strerror(e));
nomem:
    if (o)
        out_free(o);
    gcx_error_at(err, name, 0, 0);
    return gcx_error_set(err, GCX_E_NOMEM, "out of memory opening %s",
                         name);
}

gcx_status gcx_output_write(gcx_output *out, const void *p, size_t n,
                            gcx_error *err)
{
    const unsigned char *s = p;
    size_t room;

    if (GCXI_UNLIKELY(out->fail))
        return io_report(err, out->name, out->fail, out->fail_msg);
    room = IO_BUF_SIZE - out->blen;
    if (GCXI_LIKELY(n <= room)) {
        if (n) {
            memcpy(out->buf + out->blen, s, n);
            out->blen += n;
        }
        return GCX_OK;
    }
    /* Top the buffer up so writes stay full-sized, then pass large
     * remainders straight through. */
    memcpy(out->buf + out->blen, s, room);
    out->blen = IO_BUF_SIZE;
    s += room;
    n -= room;
    if (out_drain(out) == GCX_OK) {
        if (n >= IO_BUF_SIZE) {
            out_push(out, s, n);
        } else {
            memcpy(out->buf, s, n);
            out->blen = n;
        }
    }
    if (out->fail)
        return io_report(err, out->name, out->fail, out->fail_msg);
    return GCX_OK;
}

gcx_status gcx_output_flush(gcx_output *out, gcx_error *err)
{
    if (!out->fail)
        out_finish(out, Z_SYNC_FLUSH);
    if (out->fail)
        return io_report(err, out->name, out->fail, out->fail_msg);
    return GCX_OK;
}

int gcx_output_is_atomic(const gcx_output *out)
{
    return out->tmp != NULL;
}

const char *gcx_output_name(const gcx_output *out)
{
    return out->name;
}

gcx_status gcx_output_commit(gcx_output *out, gcx_error *err)
{
    gcx_status st;
    int fd;

    if (!out->fail)
        out_finish(out, Z_FINISH);
    if (out->owns_fd) {
        fd = out->fd;
        out->fd = -1;
        if (close(fd) != 0 && errno != EINTR)
            out_fail(out, GCX_E_IO, "write error on %s: %s", out->name,
                     strerror(errno));
        if (out->tmp) {
            if (!out->fail && rename(out->tmp, out->target) != 0)
                out_fail(out, GCX_E_IO, "cannot rename %s to %s: %s",
                         out->tmp, out->target, strerror(errno));
            if (!out->fail)
                out->tmp_made = 0;   /* renamed: nothing to remove */
        }
    }
    st = out->fail;
    if (st)
        io_report(err, out->name, st, out->fail_msg);
    out_free(out);
    return st;
}

void gcx_output_abort(gcx_output *out)
{
    if (out)
        out_free(out);
}

/* Line reader ----------------------------------------------------------- */

struct gcx_line_reader {
    gcx_input *in;
    size_t max;              /* longest line, line feed excluded */
    char *buf;               /* [pos, len) read, not yet returned */
    size_t pos, len, cap;
    int eof;
    int skipping;            /* the rest of an over-long line is dropped */
    unsigned long line;      /* number of the line last returned */
};

gcx_status gcx_line_reader_new(gcx_line_reader **out, gcx_input *in,
                               size_t max_line, gcx_error *err)
{
    gcx_line_reader *r = gcx_calloc(1, sizeof *r);

    *out = NULL;
    if (!r)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    r->in = in;
    r->max = max_line ? max_line : (size_t)64 << 20;
    r->cap = 65536;
    r->buf = gcx_malloc(r->cap);
    if (!r->buf) {
        gcx_free(r);
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    }
    *out = r;
    return GCX_OK;
}

gcx_status gcx_line_reader_next(gcx_line_reader *r, const char **line,
                                size_t *len, gcx_error *err)
{
    for (;;) {
        char *nl = r->pos < r->len ?
                   memchr(r->buf + r->pos, '\n', r->len - r->pos) : NULL;
        size_t got;
        gcx_status st;

        if (nl || (r->eof && r->pos < r->len)) {
            size_t end = nl ? (size_t)(nl - r->buf) : r->len;
            size_t start = r->pos;
            int was_skipping = r->skipping;

            r->pos = nl ? end + 1 : end;
            r->skipping = 0;
            r->line++;
            if (was_skipping || end - start > r->max) {
                gcx_error_set(err, GCX_E_LIMIT, "line longer than %zu "
                              "bytes", r->max);
                if (err) {
                    gcx_error_at(err, gcx_input_name(r->in), r->line, 0);
                }
                *line = NULL;
                *len = 0;
                return GCX_E_LIMIT;
            }
            if (end > start && r->buf[end - 1] == '\r')
                end--;          /* CRLF line ends */
            *line = r->buf + start;
            *len = end - start;
            return GCX_OK;
        }
        if (r->eof) {
            *line = NULL;
            *len = 0;
            return GCX_OK;
        }
        /* keep the unfinished line, make room, read more */
        if (r->pos > 0) {
            memmove(r->buf, r->buf + r->pos, r->len - r->pos);
            r->len -= r->pos;
            r->pos = 0;
        }
        if (r->len > r->max) {
            /* over-long: drop what we have, remember to report it */
            r->skipping = 1;
            r->len = 0;
        }
        if (r->cap - r->len < 65536) {
            size_t ncap = r->cap * 2;
            char *nb;

            if (ncap > r->max + 131072)
                ncap = r->max + 131072;
            if (ncap <= r->cap)
                return gcx_error_set(err, GCX_E_INTERNAL, "line buffer");
            nb = gcx_realloc(r->buf, ncap);
            if (!nb)
                return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
            r->buf = nb;
            r->cap = ncap;
        }
        st = gcx_input_read(r->in, r->buf + r->len, r->cap - r->len, &got,
                            err);
        if (st)
            return st;
        if (got == 0)
            r->eof = 1;
        r->len += got;
    }
}

unsigned long gcx_line_reader_line(const gcx_line_reader *r)
{
    return r->line;
}

void gcx_line_reader_free(gcx_line_reader *r)
{
    if (!r)
        return;
    gcx_free(r->buf);
    gcx_free(r);
}
