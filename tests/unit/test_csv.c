/* tests/unit/test_csv.c - unit tests for the CSV reader and writer
 * (lib/csv_in.c, lib/csv_out.c): the grammar, every error with its
 * position and whether the reader can go on, limits, gzip, rows across
 * read boundaries (files and pipes fed a byte at a time), the writer's
 * quoting and write-then-read round trips, allocation failures.
 */
#include <gcx/csv.h>
#include <gcx/io.h>
#include <gcx/alloc.h>
#include <gcx/buf.h>

#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "unit.h"

/* ------------------------------------------------------------ helpers */

/* make_temp: write n bytes to a new temporary file; path gets its name. */
static void make_temp(char *path, size_t size, const void *s, size_t n)
{
    const char *dir = getenv("TMPDIR");
    int fd;

    snprintf(path, size, "%s/gcx-csv-XXXXXX", dir && *dir ? dir : "/tmp");
    fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_FATAL(write(fd, s, n) == (ssize_t)n);
    close(fd);
}

/* make_temp_gz: like make_temp, gzip-compressed. */
static void make_temp_gz(char *path, size_t size, const void *s, size_t n)
{
    gzFile g;

    make_temp(path, size, "", 0);
    g = gzopen(path, "wb");
    CU_ASSERT_FATAL(g != NULL);
    if (n)
        CU_ASSERT_FATAL(gzwrite(g, s, (unsigned)n) == (int)n);
    CU_ASSERT_FATAL(gzclose(g) == Z_OK);
}

/* The source of a reader: a file, or a pipe a child feeds. */
enum { M_FILE, M_PIPE1, M_PIPE_RANDOM, M_GZIP, M_COUNT };
static const char *const mode_name[] = {"file", "pipe, 1 byte",
                                        "pipe, random steps", "gzip"};

typedef struct rd {
    char path[256];
    pid_t child;
    gcx_input *in;
    gcx_csv_reader *r;
} rd;

/* feed: the child's loop: write n bytes of s to fd, step bytes at a time
 * (0: random steps of 1 to 7), pausing so reads see short counts. */
static void feed(int fd, const char *s, size_t n, size_t step)
{
    size_t i = 0, k;
    unsigned seed = 7;
    struct timespec ts = {0, 20000};

    signal(SIGPIPE, SIG_DFL);
    while (i < n) {
        seed = seed * 1103515245u + 12345u;
        k = step ? step : 1 + (seed >> 16) % 7;
        if (k > n - i)
            k = n - i;
        if (write(fd, s + i, k) != (ssize_t)k)
            _exit(1);
        i += k;
        if (step < 1000)
            nanosleep(&ts, NULL);
    }
    _exit(0);
}

/* rd_open: a reader over n bytes of s from the given source; returns
 * the status of gcx_csv_reader_new. step is the pipe's step. */
static gcx_status rd_open(rd *x, const char *s, size_t n, int mode,
                          size_t step, const gcx_csv_options *o,
                          gcx_error *err)
{
    gcx_error e;
    int fds[2] = {-1, -1};

    memset(x, 0, sizeof *x);
    if (mode == M_FILE) {
        make_temp(x->path, sizeof x->path, s, n);
    } else if (mode == M_GZIP) {
        make_temp_gz(x->path, sizeof x->path, s, n);
    } else {
        CU_ASSERT_FATAL(pipe(fds) == 0);
        fflush(NULL);
        x->child = fork();
        CU_ASSERT_FATAL(x->child >= 0);
        if (x->child == 0) {
            close(fds[0]);
            feed(fds[1], s, n, mode == M_PIPE1 ? step : 0);
        }
        close(fds[1]);
        snprintf(x->path, sizeof x->path, "/dev/fd/%d", fds[0]);
    }
    CU_ASSERT_FATAL(gcx_input_open(&x->in, x->path, &e) == GCX_OK);
    if (fds[0] >= 0)
        close(fds[0]);
    return gcx_csv_reader_new(&x->r, x->in, o, err);
}

static void rd_close(rd *x)
{
    int status;

    gcx_csv_reader_free(x->r);
    gcx_input_close(x->in);
    if (x->child > 0) {
        kill(x->child, SIGTERM);
        waitpid(x->child, &status, 0);
    } else if (x->path[0]) {
        unlink(x->path);
    }
    memset(x, 0, sizeof *x);
}

/* esc: append n bytes of s to b, with LF, CR, NUL, '|' and '\' shown as
 * backslash escapes. */
static void esc(gcx_buf *b, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        switch (s[i]) {
        case '\n': gcx_buf_puts(b, "\\n"); break;
        case '\r': gcx_buf_puts(b, "\\r"); break;
        case '\0': gcx_buf_puts(b, "\\0"); break;
        case '|': gcx_buf_puts(b, "\\|"); break;
        case '\\': gcx_buf_puts(b, "\\\\"); break;
        default: gcx_buf_putc(b, s[i]); break;
        }
    }
}

/* read_all: everything the reader x says, one line each:
 *   "hdr STATUS L:C"            the header failed
 *   "R@L f1|f2|..."             record R starting at line L
 *   "R@L ! STATUS L:C {RAW}"    a recoverable error at L:C
 *   "R@L # STATUS L:C"          a fatal error (the last line)
 *   "end"                       the end of input
 * Also checks the contracts every call must keep. */
static void read_all(rd *x, gcx_status hst, const gcx_error *he,
                     gcx_buf *b)
{
    gcx_csv_row row;
    gcx_error e, e2;
    gcx_status st;
    size_t i;
    int guard = 0;

    if (hst) {
        CU_ASSERT_PTR_NULL(x->r);
        CU_ASSERT_EQUAL(he->code, hst);
        CU_ASSERT_EQUAL(he->record, 0);
        gcx_buf_printf(b, "hdr %s %lu:%lu\n", gcx_status_name(hst),
                       he->line, he->column);
        return;
    }
    for (;;) {
        CU_ASSERT_FATAL(++guard < 100000);
        st = gcx_csv_reader_next(x->r, &row, &e);
        if (st == GCX_OK && row.nfields == 0) {
            CU_ASSERT_PTR_NULL(row.fields);
            CU_ASSERT_EQUAL(row.record, 0);
            gcx_buf_puts(b, "end\n");
            /* the end stays the end */
            CU_ASSERT_EQUAL(gcx_csv_reader_next(x->r, &row, &e), GCX_OK);
            CU_ASSERT_EQUAL(row.nfields, 0);
            CU_ASSERT_TRUE(gcx_csv_reader_can_continue(x->r));
            return;
        }
        gcx_buf_printf(b, "%llu@%lu", row.record, row.line);
        if (st == GCX_OK) {
            CU_ASSERT_EQUAL(row.nfields,
                            gcx_csv_reader_columns(x->r, NULL, NULL));
            CU_ASSERT_EQUAL(e.code, GCX_OK);
            for (i = 0; i < row.nfields; i++) {
                CU_ASSERT_EQUAL(strlen(row.fields[i]), row.lens[i]);
                gcx_buf_puts(b, i ? "|" : " ");
                esc(b, row.fields[i], row.lens[i]);
            }
            gcx_buf_putc(b, '\n');
            continue;
        }
        CU_ASSERT_PTR_NULL(row.fields);
        CU_ASSERT_EQUAL(row.nfields, 0);
        CU_ASSERT_EQUAL(e.code, st);
        CU_ASSERT_EQUAL(e.record, row.record);
        CU_ASSERT_STRING_EQUAL(e.file, gcx_input_name(x->in));
        CU_ASSERT_TRUE(e.message[0] != '\0');
        if (gcx_csv_reader_can_continue(x->r)) {
            CU_ASSERT_PTR_NOT_NULL(row.raw);
            gcx_buf_printf(b, " ! %s %lu:%lu {", gcx_status_name(st),
                           e.line, e.column);
            esc(b, row.raw, row.raw_len);
            gcx_buf_puts(b, "}\n");
            continue;
        }
        CU_ASSERT_PTR_NULL(row.raw);
        gcx_buf_printf(b, " # %s %lu:%lu\n", gcx_status_name(st), e.line,
                       e.column);
        /* a fatal error stays */
        CU_ASSERT_EQUAL(gcx_csv_reader_next(x->r, &row, &e2), st);
        CU_ASSERT_STRING_EQUAL(e2.message, e.message);
        CU_ASSERT_EQUAL(e2.line, e.line);
        return;
    }
}

/* check_modes: read n bytes of s with options o (NULL: defaults) from a
 * file, pipes fed a byte at a time and in random steps, and gzip; each
 * must give the transcript want (see read_all). */
static void check_modes(const char *s, size_t n, const gcx_csv_options *o,
                        const char *want)
{
    int mode;

    for (mode = 0; mode < M_COUNT; mode++) {
        gcx_error he;
        gcx_status hst;
        gcx_buf b;
        rd x;

        gcx_buf_init(&b, 0);
        hst = rd_open(&x, s, n, mode, 1, o, &he);
        read_all(&x, hst, &he, &b);
        if (!b.data || strcmp(b.data, want) != 0) {
            fprintf(stderr, "\n--- input (%s):\n", mode_name[mode]);
            fwrite(s, 1, n, stderr);
            fprintf(stderr, "\n--- want:\n%s--- got:\n%s", want,
                    b.data ? b.data : "");
        }
        CU_ASSERT_STRING_EQUAL(b.data ? b.data : "", want);
        gcx_buf_free(&b);
        rd_close(&x);
    }
}

#define CHECK(lit, want) check_modes(lit, sizeof(lit) - 1, NULL, want)
#define CHECK_O(lit, o, want) check_modes(lit, sizeof(lit) - 1, o, want)

/* first_error: the error of the first failing call for input s (the
 * header's, or the first data row's); returns its status. */
static gcx_status first_error(const char *s, size_t n,
                              const gcx_csv_options *o, gcx_error *e)
{
    gcx_csv_row row;
    gcx_status st;
    rd x;

    st = rd_open(&x, s, n, M_FILE, 0, o, e);
    while (st == GCX_OK) {
        st = gcx_csv_reader_next(x.r, &row, e);
        if (st == GCX_OK && row.nfields == 0)
            break;
    }
    rd_close(&x);
    return st;
}

#define FIRST_ERROR(lit, o, e) first_error(lit, sizeof(lit) - 1, o, e)

/* ------------------------------------------------------------ grammar */

static void test_basic(void)
{
    CHECK("a,b,c\n1,2,3\n4,5,6\n", "1@2 1|2|3\n2@3 4|5|6\nend\n");
    /* no line end after the last row */
    CHECK("a,b\n1,2", "1@2 1|2\nend\n");
    /* a header alone */
    CHECK("a,b\n", "end\n");
    CHECK("a,b", "end\n");
    /* empty fields; spaces are data */
    CHECK("a,b,c\n,,\n,x,\n", "1@2 ||\n2@3 |x|\nend\n");
    CHECK("a,b\n 1 , 2 \n", "1@2  1 | 2 \nend\n");
    CHECK("a,b\n1,", "1@2 1|\nend\n");
}

static void test_crlf(void)
{
    CHECK("a,b\r\n1,2\r\n3,4\r\n", "1@2 1|2\n2@3 3|4\nend\n");
    CHECK("a,b\r\n1,2\n3,4\r\n5,6", "1@2 1|2\n2@3 3|4\n3@4 5|6\nend\n");
    CHECK("a,b\r\n\"1\"\r\n", "1@2 ! invalid 2:4 {\"1\"}\nend\n");
}

static void test_quoting(void)
{
    CHECK("a,b,c\n\"x,y\",\"he said \"\"hi\"\"\",\"\"\n",
          "1@2 x,y|he said \"hi\"|\nend\n");
    CHECK("\"a b\",\"c,d\"\n1,2\n", "1@2 1|2\nend\n");
    CHECK("a\n\"x\"", "1@2 x\nend\n");
    CHECK("a,b\n1,\"\"", "1@2 1|\nend\n");
    CHECK("a,b\n\"\"\"\",\"\"\"\"\"\"\n", "1@2 \"|\"\"\nend\n");
    /* a quote starts a quoted field only at the field's start */
    CHECK("a,b\n\"q\",\"\"\"x\"\"\"\n", "1@2 q|\"x\"\nend\n");
}

static void test_embedded_newlines(void)
{
    static const char text[] =
        "a,b\n"
        "\"line1\nline2\",x\n"
        "\"p\r\nq\",y\n"
        "\"\n\n\",\"\"\n"
        "last,z\n";

    CHECK(text, "1@2 line1\\nline2|x\n"
                "2@4 p\\r\\nq|y\n"
                "3@6 \\n\\n|\n"
                "4@9 last|z\nend\n");
    /* and errors on later rows are placed right */
    CHECK("a,b\n\"x\ny\"z,1\nok,2\n\"m\nn\",\"\xff\"\n",
          "1@2 ! syntax 3:3 {\"x\\ny\"z,1}\n"
          "2@4 ok|2\n"
          "3@5 ! invalid 6:5 {\"m\\nn\",\"\xff\"}\nend\n");
}

static void test_bom(void)
{
    const char *const *names;
    const size_t *lens;
    gcx_error e;
    rd x;

    CHECK("\xEF\xBB\xBF" "a,b\n1,2\n", "1@2 1|2\nend\n");
    CU_ASSERT_EQUAL_FATAL(rd_open(&x, "\xEF\xBB\xBF" "id,b\n", 8, M_FILE,
                                  0, NULL, &e), GCX_OK);
    CU_ASSERT_EQUAL(gcx_csv_reader_columns(x.r, &names, &lens), 2);
    CU_ASSERT_STRING_EQUAL(names[0], "id");
    CU_ASSERT_EQUAL(lens[0], 2);
    CU_ASSERT_EQUAL(gcx_csv_reader_column_index(x.r, "id", 2), 0);
    rd_close(&x);
    /* columns on the first line are counted after the mark */
    CHECK("\xEF\xBB\xBF" "a,\"b\"x\n", "hdr syntax 1:6\n");
    /* a BOM only at the very start; elsewhere it is data */
    CHECK("a\n\xEF\xBB\xBFx\n", "1@2 \xEF\xBB\xBFx\nend\n");
    CHECK("\xEF\xBB\xBF", "hdr invalid 0:0\n");
    CHECK("\xEF\xBB", "hdr invalid 1:1\n");
}

static void test_empty_lines(void)
{
    /* a single empty line at the very end is skipped */
    CHECK("a,b\n1,2\n\n", "1@2 1|2\nend\n");
    CHECK("a,b\r\n1,2\r\n\r\n", "1@2 1|2\nend\n");
    /* other empty lines are rows of one empty field */
    CHECK("a,b\n1,2\n\n\n", "1@2 1|2\n2@3 ! invalid 3:1 {}\nend\n");
    CHECK("a,b\n\n1,2\n", "1@2 ! invalid 2:1 {}\n2@3 1|2\nend\n");
    CHECK("a,b\n\r\n1,2\n", "1@2 ! invalid 2:1 {}\n2@3 1|2\nend\n");
    /* which a one-column file accepts */
    CHECK("a\n1\n\n2\n\n", "1@2 1\n2@3 \n3@4 2\nend\n");
    CHECK("a\n\n\n", "1@2 \nend\n");
    CHECK("a\n\n", "end\n");
}

static void test_delimiter(void)
{
    gcx_csv_options o = gcx_csv_options_default();
    static const char bad[] = {'"', '\r', '\n', '\0', (char)0xC3};
    gcx_error e;
    size_t i;
    rd x;

    o.delimiter = ';';
    CHECK_O("a;b\n1,5;2\n\"x;y\";\"\"\n", &o, "1@2 1,5|2\n2@3 x;y|\nend\n");
    o.delimiter = '\t';
    CHECK_O("a\tb\n\"x\ty\"\t \n", &o, "1@2 x\ty| \nend\n");
    o.delimiter = '|';
    CHECK_O("a|b\n1|2\n", &o, "1@2 1|2\nend\n");
    for (i = 0; i < sizeof bad; i++) {
        o.delimiter = bad[i];
        CU_ASSERT_EQUAL(rd_open(&x, "a\n", 2, M_FILE, 0, &o, &e),
                        GCX_E_USAGE);
        CU_ASSERT_PTR_NULL(x.r);
        rd_close(&x);
    }
}

/* ------------------------------------------------------------- header */

static void test_header_errors(void)
{
    gcx_csv_options o = gcx_csv_options_default();
    gcx_error e;

    CHECK("", "hdr invalid 0:0\n");
    CHECK("\n", "hdr invalid 0:0\n");
    CHECK("\n\n", "hdr invalid 1:1\n");
    CHECK(",b\n", "hdr invalid 1:1\n");
    CHECK("a,,c\n", "hdr invalid 1:3\n");
    CHECK("a,b,\n", "hdr invalid 1:5\n");
    CHECK("a,b,a\n", "hdr invalid 1:5\n");
    CHECK("x,a,b,a,b\n", "hdr invalid 1:7\n");
    CHECK("a,b\"c\n", "hdr syntax 1:4\n");
    CHECK("a,\xC3\x28\n", "hdr invalid 1:3\n");
    CHECK("a,b\0\n", "hdr invalid 1:4\n");
    CHECK("\"a,b\n1,2\n", "hdr syntax 1:1\n");
    CHECK("x\n\"a", "1@2 # syntax 2:1\n");

    CU_ASSERT_EQUAL(FIRST_ERROR("a,b,a\n", NULL, &e), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(e.message, "duplicate column name \"a\" "
                           "(columns 1 and 3)");
    CU_ASSERT_EQUAL(FIRST_ERROR("x,a,b,a,b\n", NULL, &e), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(e.message, "duplicate column name \"a\" "
                           "(columns 2 and 4)");
    CU_ASSERT_EQUAL(FIRST_ERROR("a,,c\n", NULL, &e), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(e.message, "column 2 of the header has an "
                           "empty name");
    CU_ASSERT_EQUAL(FIRST_ERROR("\n\n", NULL, &e), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(e.message, "empty header line");
    CU_ASSERT_EQUAL(FIRST_ERROR("", NULL, &e), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(e.message, "empty input: no header row");
    CU_ASSERT_EQUAL(FIRST_ERROR("a,b\"c\n", NULL, &e), GCX_E_SYNTAX);
    CU_ASSERT_STRING_EQUAL(e.message, "column 2: quote inside an unquoted "
                           "field (a field with quotes must be quoted, "
                           "each quote doubled)");
    CU_ASSERT_EQUAL(e.record, 0);

    /* limits: columns, the header row, one name */
    o.max_columns = 3;
    CHECK_O("a,b,c\n1,2,3\n", &o, "1@2 1|2|3\nend\n");
    CHECK_O("a,b,c,d\n", &o, "hdr limit 1:7\n");
    o = gcx_csv_options_default();
    o.limits.max_record_bytes = 5;
    CHECK_O("abcde\n1\n", &o, "1@2 1\nend\n");
    CHECK_O("abcdef\n1\n", &o, "hdr limit 1:1\n");
    o = gcx_csv_options_default();
    o.limits.max_string_bytes = 3;
    CHECK_O("abc,e\n", &o, "end\n");
    CHECK_O("abcd,e\n", &o, "hdr limit 1:4\n");
}

static void test_columns(void)
{
    static const char text[] = "id,name,\"first name\",x\n";
    const char *const *names;
    const size_t *lens;
    gcx_buf h;
    gcx_error e;
    char nm[16];
    int i;
    rd x;

    CU_ASSERT_EQUAL_FATAL(rd_open(&x, text, sizeof text - 1, M_FILE, 0,
                                  NULL, &e), GCX_OK);
    CU_ASSERT_EQUAL(gcx_csv_reader_columns(x.r, &names, &lens), 4);
    CU_ASSERT_STRING_EQUAL(names[2], "first name");
    CU_ASSERT_EQUAL(lens[2], 10);
    CU_ASSERT_EQUAL(gcx_csv_reader_column_index(x.r, "first name", 10), 2);
    CU_ASSERT_EQUAL(gcx_csv_reader_column_index(x.r, "first name", 5), -1);
    CU_ASSERT_EQUAL(gcx_csv_reader_column_index(x.r, "x", 1), 3);
    CU_ASSERT_EQUAL(gcx_csv_reader_column_index(x.r, "nam", 3), -1);
    CU_ASSERT_EQUAL(gcx_csv_reader_column_index(x.r, "names", 5), -1);
    CU_ASSERT_EQUAL(gcx_csv_reader_column_index(x.r, "", 0), -1);
    CU_ASSERT_EQUAL(gcx_csv_reader_column_index(x.r, NULL, 0), -1);
    rd_close(&x);

    /* many columns, in an order unlike their sorted order */
    gcx_buf_init(&h, 0);
    for (i = 0; i < 3000; i++)
        gcx_buf_printf(&h, "%sc%d", i ? "," : "", (i * 7919) % 3000);
    gcx_buf_puts(&h, "\n");
    CU_ASSERT_EQUAL_FATAL(rd_open(&x, h.data, h.len, M_FILE, 0, NULL, &e),
                          GCX_OK);
    CU_ASSERT_EQUAL(gcx_csv_reader_columns(x.r, NULL, NULL), 3000);
    for (i = 0; i < 3000; i++) {
        snprintf(nm, sizeof nm, "c%d", (i * 7919) % 3000);
        CU_ASSERT_EQUAL(gcx_csv_reader_column_index(x.r, nm, strlen(nm)),
                        i);
    }
    CU_ASSERT_EQUAL(gcx_csv_reader_column_index(x.r, "c3000", 5), -1);
    rd_close(&x);
    /* and a duplicate among them */
    h.data[h.len - 1] = ',';
    gcx_buf_puts(&h, "c1234\n");
    CU_ASSERT_EQUAL(first_error(h.data, h.len, NULL, &e), GCX_E_INVALID);
    CU_ASSERT_EQUAL(e.line, 1);
    CU_ASSERT_EQUAL(e.column, h.len - 5);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.message, "(columns 1887 and 3001)"));
    gcx_buf_free(&h);
}

/* -------------------------------------------------------- row errors */

static void test_field_count(void)
{
    gcx_error e;
    char line[256];

    CHECK("a,b,c\n1,2\n1,2,3,4,5\n7,8,9\n",
          "1@2 ! invalid 2:4 {1,2}\n"
          "2@3 ! invalid 3:7 {1,2,3,4,5}\n"
          "3@4 7|8|9\nend\n");
    CU_ASSERT_EQUAL(FIRST_ERROR("a,b,c\n1,2\n", NULL, &e), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(e.message, "row has 2 fields, the header 3");
    gcx_error_format(&e, line, sizeof line);
    CU_ASSERT_PTR_NOT_NULL(strstr(line, ":2:4: error: record 1: row has 2 "
                                  "fields, the header 3"));
    CU_ASSERT_EQUAL(FIRST_ERROR("a,b,c\n1\n", NULL, &e), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(e.message, "row has 1 field, the header 3");
    CU_ASSERT_EQUAL(FIRST_ERROR("a,b,c\n1,2,3,4,5\n", NULL, &e),
                    GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(e.message, "row has 5 fields, the header 3");
    CU_ASSERT_EQUAL(FIRST_ERROR("a,b\n\n1,2\n", NULL, &e), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(e.message, "empty line (the header has 2 "
                           "columns)");
}

static void test_unterminated(void)
{
    gcx_error e;

    CHECK("a,b\n1,2\n3,\"abc\nmore\n", "1@2 1|2\n2@3 # syntax 3:3\n");
    CHECK("a,b\n\"x\"\"\n", "1@2 # syntax 2:1\n");
    CU_ASSERT_EQUAL(FIRST_ERROR("a,b\n1,\"abc\nmore\n", NULL, &e),
                    GCX_E_SYNTAX);
    CU_ASSERT_STRING_EQUAL(e.message, "quoted field not closed at the end "
                           "of input");
    CU_ASSERT_EQUAL(e.record, 1);
    /* a fatal error wins over an earlier recoverable one in the row */
    CHECK("a\nx\"y,\"open\n", "1@2 # syntax 2:5\n");
}

static void test_nul(void)
{
    gcx_error e;

    CHECK("a,b\nx\0y,1\n\"p\0\",2\nok,3\n",
          "1@2 ! invalid 2:2 {x\\0y,1}\n"
          "2@3 ! invalid 3:3 {\"p\\0\",2}\n"
          "3@4 ok|3\nend\n");
    CU_ASSERT_EQUAL(FIRST_ERROR("a,b\n1,x\0\n", NULL, &e), GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(e.message, "column 2 \"b\": NUL byte");
}

static void test_invalid_utf8(void)
{
    static const char *const bad[] = {
        "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xE0\x9F\xBF",
        "\xED\xA0\x80", "\xED\xBF\xBF", "\xF0\x80\x80\x80",
        "\xF0\x8F\xBF\xBF", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80",
        "\x80", "\xBF", "\xFE", "\xFF", "\xC3", "\xE2\x82", "\xC3\xC3",
        NULL
    };
    static const char *const good[] = {
        "\xC2\x80", "\xED\x9F\xBF", "\xEE\x80\x80", "\xF0\x9F\x98\x80",
        "\xF4\x8F\xBF\xBF", "\xEF\xBF\xBF", NULL
    };
    char in[64], want[128];
    gcx_buf b;
    size_t i;

    gcx_buf_init(&b, 0);
    for (i = 0; bad[i]; i++) {
        /* unquoted, at a field's end, and quoted */
        snprintf(in, sizeof in, "a,b\n\xC3\xA9,%s\n\xC3\xA9,x%s\n"
                 "\"\xC3\xA9\",\"%s\"\nok,1\n", bad[i], bad[i], bad[i]);
        gcx_buf_reset(&b);
        gcx_buf_puts(&b, "1@2 ! invalid 2:3 {");
        esc(&b, in + 4, 3 + strlen(bad[i]));
        gcx_buf_puts(&b, "}\n2@3 ! invalid 3:4 {");
        esc(&b, in + 8 + strlen(bad[i]), 4 + strlen(bad[i]));
        gcx_buf_puts(&b, "}\n3@4 ! invalid 4:6 {");
        esc(&b, in + 13 + 2 * strlen(bad[i]), 7 + strlen(bad[i]));
        gcx_buf_puts(&b, "}\n4@5 ok|1\nend\n");
        check_modes(in, strlen(in), NULL, b.data);
    }
    for (i = 0; good[i]; i++) {
        snprintf(in, sizeof in, "a,b\n%s,\"%s\"\n", good[i], good[i]);
        snprintf(want, sizeof want, "1@2 %s|%s\nend\n", good[i], good[i]);
        check_modes(in, strlen(in), NULL, want);
    }
    gcx_buf_free(&b);
}

static void test_quote_errors(void)
{
    gcx_error e;

    CHECK("a,b\nab\"c,1\n\"ab\"c,2\na\rb,3\n\"x\" ,4\nok,5\n",
          "1@2 ! syntax 2:3 {ab\"c,1}\n"
          "2@3 ! syntax 3:5 {\"ab\"c,2}\n"
          "3@4 ! syntax 4:2 {a\\rb,3}\n"
          "4@5 ! syntax 5:4 {\"x\" ,4}\n"
          "5@6 ok|5\nend\n");
    /* a CR at the end of input is not a line end */
    CHECK("a\nx\r", "1@2 ! syntax 2:2 {x\\r}\nend\n");
    CHECK("a\nx\r\r\n", "1@2 ! syntax 2:2 {x\\r}\nend\n");
    CU_ASSERT_EQUAL(FIRST_ERROR("a,b\n1,\"x\"y\n", NULL, &e),
                    GCX_E_SYNTAX);
    CU_ASSERT_STRING_EQUAL(e.message, "column 2 \"b\": text after the "
                           "closing quote");
    CU_ASSERT_EQUAL(FIRST_ERROR("a,b\nx\ry,1\n", NULL, &e), GCX_E_SYNTAX);
    CU_ASSERT_STRING_EQUAL(e.message, "column 1 \"a\": carriage return "
                           "not followed by line feed");
}

static void test_first_error_wins(void)
{
    CHECK("a,b\n\xC3(,x\"y\n", "1@2 ! invalid 2:1 {\xC3(,x\"y}\nend\n");
    CHECK("a,b\nx\"y,\xC3(\n", "1@2 ! syntax 2:2 {x\"y,\xC3(}\nend\n");
    CHECK("a\nx,y\xff\n", "1@2 ! invalid 2:3 {x,y\xff}\nend\n");
    CHECK("a\n\xff,y\n", "1@2 ! invalid 2:1 {\xff,y}\nend\n");
    CHECK("a,b\n1\"\0\n", "1@2 ! syntax 2:2 {1\"\\0}\nend\n");
}

static void test_raw_bytes(void)
{
    static const char text[] = "a,b\r\n1,2\r\n\"x\r\ny\",3\n4,\"5\"";
    gcx_csv_row row;
    gcx_error e;
    rd x;

    CU_ASSERT_EQUAL_FATAL(rd_open(&x, text, sizeof text - 1, M_FILE, 0,
                                  NULL, &e), GCX_OK);
    CU_ASSERT_EQUAL_FATAL(gcx_csv_reader_next(x.r, &row, &e), GCX_OK);
    CU_ASSERT_EQUAL(row.raw_len, 3);
    CU_ASSERT_NSTRING_EQUAL(row.raw, "1,2", 3);
    CU_ASSERT_EQUAL_FATAL(gcx_csv_reader_next(x.r, &row, &e), GCX_OK);
    CU_ASSERT_EQUAL(row.raw_len, 8);
    CU_ASSERT_NSTRING_EQUAL(row.raw, "\"x\r\ny\",3", 8);
    CU_ASSERT_EQUAL(row.line, 3);
    CU_ASSERT_EQUAL(row.lens[0], 4);
    CU_ASSERT_EQUAL_FATAL(gcx_csv_reader_next(x.r, &row, &e), GCX_OK);
    CU_ASSERT_EQUAL(row.raw_len, 5);
    CU_ASSERT_NSTRING_EQUAL(row.raw, "4,\"5\"", 5);
    CU_ASSERT_EQUAL(row.line, 5);
    CU_ASSERT_EQUAL(row.record, 3);
    rd_close(&x);
}

/* ------------------------------------------------------------- limits */

static void test_field_limit(void)
{
    gcx_csv_options o = gcx_csv_options_default();
    gcx_error e;

    o.limits.max_string_bytes = 4;
    CHECK_O("a,b\nabcd,1\nabcde,2\n\"ab\"\"c\",3\n\"ab\"\"cd\",4\nok,5\n", &o,
            "1@2 abcd|1\n"
            "2@3 ! limit 3:5 {abcde,2}\n"
            "3@4 ab\"c|3\n"
            "4@5 ! limit 5:7 {\"ab\"\"cd\",4}\n"
            "5@6 ok|5\nend\n");
    /* bytes, not characters */
    CHECK_O("a\n\xC3\xA9\xC3\xA9\n\xC3\xA9\xC3\xA9x\n", &o,
            "1@2 \xC3\xA9\xC3\xA9\n2@3 ! limit 3:3 {\xC3\xA9\xC3\xA9x}\n"
            "end\n");
    CU_ASSERT_EQUAL(FIRST_ERROR("a,b\n1,abcdefg\n", &o, &e), GCX_E_LIMIT);
    CU_ASSERT_STRING_EQUAL(e.message, "column 2 \"b\": field longer than 4 "
                           "bytes (max_string_bytes)");
}

static void test_record_limit(void)
{
    gcx_csv_options o = gcx_csv_options_default();
    gcx_error e;

    o.limits.max_record_bytes = 10;
    CHECK_O("a,b\n12345,7890\n12345,7890\r\n12345,78901\nok,x\n", &o,
            "1@2 12345|7890\n2@3 12345|7890\n3@4 # limit 4:1\n");
    CHECK_O("a,b\n12345,7890", &o, "1@2 12345|7890\nend\n");
    CHECK_O("a,b\n12345,78901", &o, "1@2 # limit 2:1\n");
    CHECK_O("a,b\n12345,7890\r", &o, "1@2 # limit 2:1\n");
    /* an open quote running past the limit */
    CHECK_O("a\n\"abcdefghijklmnop\nq\nr\n", &o, "1@2 # limit 2:1\n");
    CHECK_O("a\n\"abcdefghij", &o, "1@2 # limit 2:1\n");
    CHECK_O("a\n\"abcdefghi", &o, "1@2 # syntax 2:1\n");
    CU_ASSERT_EQUAL(FIRST_ERROR("a\nx\n\"abcdefghijklmnop\nq\nr\n", &o, &e),
                    GCX_E_LIMIT);
    CU_ASSERT_STRING_EQUAL(e.message, "row longer than 10 bytes "
                           "(max_record_bytes); a quoted field opened at "
                           "line 3, column 1 is still open");
    CU_ASSERT_EQUAL(e.record, 2);
    CU_ASSERT_EQUAL(FIRST_ERROR("a,b\n12345,78901\n", &o, &e), GCX_E_LIMIT);
    CU_ASSERT_STRING_EQUAL(e.message, "row longer than 10 bytes "
                           "(max_record_bytes)");
}

/* big_row: append to b a row of exactly len raw bytes with three
 * fields (a plain one, a quoted one with "" and line ends, a short
 * one); returns the lines it spans less one. */
static unsigned long big_row(gcx_buf *b, size_t len, size_t *f0, size_t *f1)
{
    static const char chunk[] = "ab\"\"c\r\nd,e";  /* 10 raw, 9 unquoted */
    size_t start = b->len, i, n1 = 0;
    unsigned long lines = 0;

    *f0 = len / 3;
    for (i = 0; i < *f0; i++)
        gcx_buf_putc(b, 'a' + (char)(i % 26));
    gcx_buf_puts(b, ",\"");
    while (b->len - start + 10 + 4 <= len) {
        gcx_buf_puts(b, chunk);
        n1 += 9;
        lines++;
    }
    gcx_buf_puts(b, "\",");
    while (b->len - start < len)
        gcx_buf_putc(b, 'z');
    gcx_buf_puts(b, "\n");
    *f1 = n1;
    return lines;
}

static void test_large_rows(void)
{
    const size_t max = 200003;
    gcx_csv_options o = gcx_csv_options_default();
    int modes[] = {M_FILE, M_PIPE1, M_GZIP};
    size_t f0, f1, g0, g1, k;
    unsigned long lines;
    gcx_csv_row row;
    gcx_error e;
    gcx_buf b;
    rd x;

    o.limits.max_record_bytes = max;
    gcx_buf_init(&b, 0);
    gcx_buf_puts(&b, "a,b,c\n");
    lines = big_row(&b, max, &f0, &f1);
    big_row(&b, max + 1, &g0, &g1);
    for (k = 0; k < sizeof modes / sizeof modes[0]; k++) {
        CU_ASSERT_EQUAL_FATAL(rd_open(&x, b.data, b.len, modes[k], 4093,
                                      &o, &e), GCX_OK);
        CU_ASSERT_EQUAL_FATAL(gcx_csv_reader_next(x.r, &row, &e), GCX_OK);
        CU_ASSERT_EQUAL(row.raw_len, max);
        CU_ASSERT_EQUAL(row.lens[0], f0);
        CU_ASSERT_EQUAL(row.lens[1], f1);
        CU_ASSERT_EQUAL(row.fields[0][f0 - 1], 'a' + (char)((f0 - 1) % 26));
        CU_ASSERT_NSTRING_EQUAL(row.fields[1], "ab\"c\r\nd,eab\"c", 13);
        CU_ASSERT_TRUE(row.lens[2] > 0 && row.fields[2][0] == 'z');
        CU_ASSERT_EQUAL(gcx_csv_reader_next(x.r, &row, &e), GCX_E_LIMIT);
        CU_ASSERT_EQUAL(e.line, 3 + lines);
        CU_ASSERT_EQUAL(e.column, 1);
        CU_ASSERT_EQUAL(e.record, 2);
        CU_ASSERT_FALSE(gcx_csv_reader_can_continue(x.r));
        rd_close(&x);
    }
    gcx_buf_free(&b);
}

/* many_rows: rows across many read boundaries keep their numbers. */
static void test_many_rows(void)
{
    gcx_csv_row row;
    gcx_error e;
    gcx_buf b;
    char want[64];
    unsigned long i, line = 2;
    rd x;

    gcx_buf_init(&b, 0);
    gcx_buf_puts(&b, "n,text\n");
    for (i = 1; i <= 20000; i++)
        gcx_buf_printf(&b, i % 3 ? "%lu,plain %lu\n" : "%lu,\"q\n%lu\"\r\n",
                       i, i);
    CU_ASSERT_EQUAL_FATAL(rd_open(&x, b.data, b.len, M_GZIP, 0, NULL, &e),
                          GCX_OK);
    for (i = 1; i <= 20000; i++) {
        CU_ASSERT_EQUAL_FATAL(gcx_csv_reader_next(x.r, &row, &e), GCX_OK);
        CU_ASSERT_EQUAL(row.record, i);
        CU_ASSERT_EQUAL(row.line, line);
        snprintf(want, sizeof want, i % 3 ? "plain %lu" : "q\n%lu", i);
        CU_ASSERT_STRING_EQUAL(row.fields[1], want);
        line += i % 3 ? 1 : 2;
    }
    CU_ASSERT_EQUAL(gcx_csv_reader_next(x.r, &row, &e), GCX_OK);
    CU_ASSERT_EQUAL(row.nfields, 0);
    rd_close(&x);
    gcx_buf_free(&b);
}

/* ------------------------------------------------------------ sources */

static void test_gzip(void)
{
    static const char text[] = "a,b\n\"x\ny\",1\nbad\n2,3\n";
    gcx_csv_row row;
    gcx_error e;
    rd x;

    CU_ASSERT_EQUAL_FATAL(rd_open(&x, text, sizeof text - 1, M_GZIP, 0,
                                  NULL, &e), GCX_OK);
    CU_ASSERT_TRUE(gcx_input_is_gzip(x.in));
    CU_ASSERT_EQUAL(gcx_csv_reader_next(x.r, &row, &e), GCX_OK);
    CU_ASSERT_STRING_EQUAL(row.fields[0], "x\ny");
    CU_ASSERT_EQUAL(gcx_csv_reader_next(x.r, &row, &e), GCX_E_INVALID);
    CU_ASSERT_EQUAL(e.line, 4);
    CU_ASSERT_EQUAL(gcx_csv_reader_next(x.r, &row, &e), GCX_OK);
    CU_ASSERT_EQUAL(row.record, 3);
    CU_ASSERT_EQUAL(row.line, 5);
    rd_close(&x);
}

/* A truncated gzip stream is a fatal I/O error after the rows before. */
static void test_io_error(void)
{
    char path[256], tpath[300];
    gcx_csv_row row;
    gcx_input *in;
    gcx_csv_reader *r;
    gcx_error e;
    gcx_status st;
    gcx_buf b;
    unsigned seed = 1;
    unsigned long i, rows = 0;
    FILE *f;
    long size;

    gcx_buf_init(&b, 0);
    gcx_buf_puts(&b, "a,b\n");
    for (i = 0; i < 50000; i++) {
        seed = seed * 1103515245u + 12345u;
        gcx_buf_printf(&b, "%lu,%u\n", i, seed);
    }
    make_temp_gz(path, sizeof path, b.data, b.len);
    f = fopen(path, "rb");
    CU_ASSERT_FATAL(f != NULL);
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fclose(f);
    CU_ASSERT_FATAL(truncate(path, size / 2) == 0);
    snprintf(tpath, sizeof tpath, "%s", path);
    CU_ASSERT_EQUAL_FATAL(gcx_input_open(&in, tpath, &e), GCX_OK);
    CU_ASSERT_EQUAL_FATAL(gcx_csv_reader_new(&r, in, NULL, &e), GCX_OK);
    while ((st = gcx_csv_reader_next(r, &row, &e)) == GCX_OK &&
           row.nfields)
        rows++;
    CU_ASSERT_EQUAL(st, GCX_E_IO);
    CU_ASSERT_TRUE(rows > 1000 && rows < 50000);
    CU_ASSERT_EQUAL(e.record, rows + 1);
    CU_ASSERT_FALSE(gcx_csv_reader_can_continue(r));
    CU_ASSERT_EQUAL(gcx_csv_reader_next(r, &row, &e), GCX_E_IO);
    gcx_csv_reader_free(r);
    gcx_input_close(in);
    unlink(path);
    gcx_buf_free(&b);
}

/* ------------------------------------------------------------- writer */

static void test_writer_quoting(void)
{
    static const char *const f[] = {
        "plain", "a,b", "say \"hi\"", "line\nbreak", "cr\rx", " lead",
        "trail ", "\tx", "", ("\xEF\xBB\xBF" "bom"), "\xC3\xA9", "in side",
        "x\xEF\xBB\xBF"
    };
    static const char want[] =
        "plain,\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",\"cr\rx\","
        "\" lead\",\"trail \",\"\tx\",,\"\xEF\xBB\xBF" "bom\",\xC3\xA9,"
        "in side,x\xEF\xBB\xBF\n";
    const char *one[] = {""};
    const char *two[] = {"a,b", "c;d"};
    gcx_error e;
    gcx_buf b;

    gcx_buf_init(&b, 0);
    CU_ASSERT_EQUAL(gcx_csv_write_row(&b, f, NULL, sizeof f / sizeof f[0],
                                      ',', 0, &e), GCX_OK);
    CU_ASSERT_STRING_EQUAL(b.data, want);
    gcx_buf_reset(&b);
    /* a lone empty field is not an empty line */
    CU_ASSERT_EQUAL(gcx_csv_write_row(&b, one, NULL, 1, ',', 0, &e),
                    GCX_OK);
    CU_ASSERT_EQUAL(gcx_csv_write_row(&b, one, NULL, 1, ',', GCX_CSV_CRLF,
                                      &e), GCX_OK);
    CU_ASSERT_STRING_EQUAL(b.data, "\"\"\n\"\"\r\n");
    gcx_buf_reset(&b);
    CU_ASSERT_EQUAL(gcx_csv_write_row(&b, two, NULL, 2, ';', GCX_CSV_CRLF,
                                      &e), GCX_OK);
    CU_ASSERT_STRING_EQUAL(b.data, "a,b;\"c;d\"\r\n");
    gcx_buf_reset(&b);
    two[0] = "";
    CU_ASSERT_EQUAL(gcx_csv_write_row(&b, two, NULL, 2, '\t', 0, NULL),
                    GCX_OK);
    CU_ASSERT_STRING_EQUAL(b.data, "\tc;d\n");
    gcx_buf_free(&b);
}

static void test_writer_errors(void)
{
    const char *f[] = {"ok", "x\0y", "\xC0\x80"};
    size_t lens[] = {2, 3, 2};
    gcx_error e;
    gcx_buf b;

    gcx_buf_init(&b, 0);
    gcx_buf_puts(&b, "before\n");
    CU_ASSERT_EQUAL(gcx_csv_write_row(&b, f, lens, 2, ',', 0, &e),
                    GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(e.message, "CSV field 2: NUL byte at byte 2");
    CU_ASSERT_EQUAL(gcx_csv_write_row(&b, f, lens, 3, ',', 0, &e),
                    GCX_E_INVALID);
    f[1] = "y";
    lens[1] = 1;
    CU_ASSERT_EQUAL(gcx_csv_write_row(&b, f, lens, 3, ',', 0, &e),
                    GCX_E_INVALID);
    CU_ASSERT_STRING_EQUAL(e.message, "CSV field 3: invalid UTF-8 at byte "
                           "1");
    CU_ASSERT_EQUAL(gcx_csv_write_row(&b, f, lens, 0, ',', 0, &e),
                    GCX_E_USAGE);
    CU_ASSERT_EQUAL(gcx_csv_write_row(&b, f, lens, 1, '"', 0, &e),
                    GCX_E_USAGE);
    CU_ASSERT_EQUAL(gcx_csv_write_row(&b, f, lens, 1, '\n', 0, NULL),
                    GCX_E_USAGE);
    CU_ASSERT_STRING_EQUAL(b.data, "before\n");
    CU_ASSERT_EQUAL(b.len, 7);
    gcx_buf_free(&b);
    /* the buffer's maximum: all or nothing */
    gcx_buf_init(&b, 8);
    CU_ASSERT_EQUAL(gcx_csv_write_row(&b, f, lens, 2, ',', 0, &e), GCX_OK);
    CU_ASSERT_EQUAL(gcx_csv_write_row(&b, f, lens, 2, ',', 0, &e),
                    GCX_E_LIMIT);
    CU_ASSERT_EQUAL(b.len, 5);
    CU_ASSERT_STRING_EQUAL(b.data, "ok,y\n");
    gcx_buf_free(&b);
}

/* rnd: a small deterministic generator for the round trips. */
static unsigned rnd(unsigned *s, unsigned n)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) % n;
}

/* rnd_field: a field of up to 8 pieces of tricky text. */
static void rnd_field(gcx_buf *b, unsigned *seed)
{
    static const char *const piece[] = {
        "a", " ", ",", ";", "\t", "|", "\"", "\r", "\n", "\r\n", "\"\"",
        "\xC3\xA9", "\xEF\xBB\xBF", "\xF0\x9F\x98\x80", "x y", "\\"
    };
    unsigned k = rnd(seed, 9), i;

    gcx_buf_reset(b);
    if (!b->data)
        gcx_buf_puts(b, "");
    for (i = 0; i < k; i++)
        gcx_buf_puts(b, piece[rnd(seed, sizeof piece / sizeof piece[0])]);
}

static void test_round_trip(void)
{
    static const char delims[] = {',', ';', '\t', '|', ' '};
    gcx_buf fields[8], out;
    const char *fp[8];
    size_t fl[8], i, j, c;
    unsigned seed = 42, iter;

    for (i = 0; i < 8; i++)
        gcx_buf_init(&fields[i], 0);
    gcx_buf_init(&out, 0);
    for (iter = 0; iter < 400; iter++) {
        gcx_csv_options o = gcx_csv_options_default();
        size_t ncols = 1 + rnd(&seed, 6), nrows = rnd(&seed, 6);
        unsigned flags = rnd(&seed, 2) ? GCX_CSV_CRLF : 0;
        unsigned save;
        gcx_csv_row row;
        gcx_error e;
        rd x;

        o.delimiter = delims[rnd(&seed, sizeof delims)];
        gcx_buf_reset(&out);
        /* a header of unique, non-empty names */
        for (c = 0; c < ncols; c++) {
            rnd_field(&fields[c], &seed);
            gcx_buf_printf(&fields[c], "#%zu", c);
            fp[c] = fields[c].data;
            fl[c] = fields[c].len;
        }
        CU_ASSERT_EQUAL_FATAL(gcx_csv_write_row(&out, fp, fl, ncols,
                                                o.delimiter, flags, &e),
                              GCX_OK);
        save = seed;
        for (j = 0; j < nrows; j++) {
            for (c = 0; c < ncols; c++) {
                rnd_field(&fields[c], &seed);
                fp[c] = fields[c].data;
                fl[c] = fields[c].len;
            }
            CU_ASSERT_EQUAL_FATAL(gcx_csv_write_row(&out, fp, fl, ncols,
                                                    o.delimiter, flags, &e),
                                  GCX_OK);
        }
        /* read back, regenerating the same fields */
        CU_ASSERT_EQUAL_FATAL(rd_open(&x, out.data, out.len,
                                      iter % 8 ? M_FILE : M_PIPE1, 1, &o,
                                      &e), GCX_OK);
        CU_ASSERT_EQUAL(gcx_csv_reader_columns(x.r, NULL, NULL), ncols);
        seed = save;
        for (j = 0; j < nrows; j++) {
            gcx_status st = gcx_csv_reader_next(x.r, &row, &e);

            if (st)
                fprintf(stderr, "\nround trip: %s\n", e.message);
            CU_ASSERT_EQUAL_FATAL(st, GCX_OK);
            CU_ASSERT_EQUAL_FATAL(row.nfields, ncols);
            for (c = 0; c < ncols; c++) {
                rnd_field(&fields[c], &seed);
                CU_ASSERT_EQUAL(row.lens[c], fields[c].len);
                CU_ASSERT_TRUE(row.lens[c] == fields[c].len &&
                               memcmp(row.fields[c], fields[c].data,
                                      fields[c].len) == 0);
            }
        }
        CU_ASSERT_EQUAL(gcx_csv_reader_next(x.r, &row, &e), GCX_OK);
        CU_ASSERT_EQUAL(row.nfields, 0);
        rd_close(&x);
    }
    for (i = 0; i < 8; i++)
        gcx_buf_free(&fields[i]);
    gcx_buf_free(&out);
}

/* ------------------------------------------------------------- others */

static void test_fault_injection(void)
{
    static const char text[] =
        "id,\"na,me\"\n1,\"x\"\"y\"\n2,\"multi\nline\"\nbad\n3,z\n";
    const char *f[] = {"a,b", "c"};
    unsigned long n;
    int ok = 0;

    for (n = 1; n < 400 && !ok; n++) {
        gcx_csv_row row;
        gcx_error e;
        gcx_status st;
        int rows = 0;
        rd x;

        memset(&x, 0, sizeof x);
        make_temp(x.path, sizeof x.path, text, sizeof text - 1);
        gcx_alloc_fail_after(n);
        st = gcx_input_open(&x.in, x.path, &e);
        if (st == GCX_OK)
            st = gcx_csv_reader_new(&x.r, x.in, NULL, &e);
        while (st == GCX_OK || st == GCX_E_INVALID) {
            st = gcx_csv_reader_next(x.r, &row, &e);
            if (st == GCX_OK && row.nfields == 0)
                break;
            rows++;
        }
        gcx_alloc_fail_after(0);
        CU_ASSERT_TRUE(st == GCX_OK || st == GCX_E_NOMEM);
        if (st == GCX_E_NOMEM && x.r)
            CU_ASSERT_FALSE(gcx_csv_reader_can_continue(x.r));
        ok = st == GCX_OK && rows == 4;
        rd_close(&x);
    }
    CU_ASSERT_TRUE(ok);
    for (n = 1, ok = 0; n < 10 && !ok; n++) {
        gcx_buf b;
        gcx_status st;

        gcx_buf_init(&b, 0);
        gcx_alloc_fail_after(n);
        st = gcx_csv_write_row(&b, f, NULL, 2, ',', 0, NULL);
        gcx_alloc_fail_after(0);
        CU_ASSERT_TRUE(st == GCX_OK || st == GCX_E_NOMEM);
        ok = st == GCX_OK;
        gcx_buf_free(&b);
    }
    CU_ASSERT_TRUE(ok);
}

static void test_options_default(void)
{
    gcx_csv_options o = gcx_csv_options_default();
    gcx_limits l = gcx_limits_default();

    CU_ASSERT_EQUAL(o.delimiter, ',');
    CU_ASSERT_EQUAL(o.max_columns, GCX_CSV_DEFAULT_MAX_COLUMNS);
    CU_ASSERT_EQUAL(o.limits.max_record_bytes, l.max_record_bytes);
    CU_ASSERT_EQUAL(o.limits.max_string_bytes, l.max_string_bytes);
    o.max_columns = 0;  /* 0: the default */
    CHECK_O("a,b\n1,2\n", &o, "1@2 1|2\nend\n");
    gcx_csv_reader_free(NULL);
}

static const gcx_unit_case cases[] = {
    {"basic rows", test_basic},
    {"CRLF and LF", test_crlf},
    {"quoting", test_quoting},
    {"embedded newlines keep line numbers", test_embedded_newlines},
    {"byte order mark", test_bom},
    {"empty lines", test_empty_lines},
    {"delimiters", test_delimiter},
    {"header errors", test_header_errors},
    {"column names and lookup", test_columns},
    {"field count, then continue", test_field_count},
    {"unterminated quote is fatal", test_unterminated},
    {"NUL bytes", test_nul},
    {"invalid UTF-8", test_invalid_utf8},
    {"quote and CR errors", test_quote_errors},
    {"first error in input order", test_first_error_wins},
    {"raw row bytes", test_raw_bytes},
    {"field limit", test_field_limit},
    {"row limit", test_record_limit},
    {"rows near the limit", test_large_rows},
    {"many rows across reads", test_many_rows},
    {"gzip input", test_gzip},
    {"I/O error is fatal", test_io_error},
    {"writer quoting", test_writer_quoting},
    {"writer errors", test_writer_errors},
    {"write then read", test_round_trip},
    {"allocation failures", test_fault_injection},
    {"option defaults", test_options_default},
    {NULL, NULL}
};

GCX_UNIT_MAIN("csv", cases)
