/* lib/map_parse.c - parse and compile a mapping file
 * (docs/mapping-language.md).
 *
 * The file is split into tokens first (mapping files are small), then a
 * recursive-descent parser builds the compiled mapping: paths become
 * matchers, targets are resolved against the canonical schema, code lists
 * and tables become hash tables, date patterns small programs. Every
 * error names FILE:LINE:COL and what was expected.
 */
#include "internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <gcx/csv.h>
#include <gcx/io.h>
#include "map_internal.h"

/* Lexer --------------------------------------------------------------- */

typedef enum tk_type {
    TK_WORD, TK_STRING, TK_EQ, TK_NE, TK_PIPE, TK_LBRACE, TK_RBRACE,
    TK_LPAREN, TK_RPAREN, TK_COMMA, TK_NL, TK_END
} tk_type;

typedef struct token {
    tk_type type;
    const char *p;        /* WORD: the text; STRING: decoded (owned) */
    size_t len;
    unsigned long line, column;
} token;

typedef struct parser {
    gcx_mapping *m;
    const char *text;
    size_t len;
    token *tk;
    size_t ntk, cap, pos;
    gcx_error *err;
    int has_source;       /* the `source` statement was read */
    unsigned long xslt_line; /* where the `xslt` statement is */
} parser;

static const char *tk_name(tk_type t)
{
    static const char *const names[] = {
        "a word", "a string", "'='", "'!='", "'|'", "'{'", "'}'", "'('",
        "')'", "','", "the end of the line", "the end of the file"
    };
    return names[t];
}

/* perr: a GCX_E_CONFIG error at the token's position. */
#if defined(__GNUC__)
static gcx_status perr(parser *ps, const token *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#endif
static gcx_status perr(parser *ps, const token *t, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    gcx_error_setv(ps->err, GCX_E_CONFIG, fmt, ap);
    va_end(ap);
    if (ps->err) {
        snprintf(ps->err->file, sizeof ps->err->file, "%s", ps->m->file);
        ps->err->line = t ? t->line : 0;
        ps->err->column = t ? t->column : 0;
    }
    return GCX_E_CONFIG;
}

/* got: a short quote of what token t holds, for messages. */
static const char *got(const token *t, char *buf, size_t n)
{
    if (t->type == TK_WORD || t->type == TK_STRING)
        snprintf(buf, n, "'%.*s'", (int)(t->len > 40 ? 40 : t->len), t->p);
    else
        snprintf(buf, n, "%s", tk_name(t->type));
    return buf;
}

static gcx_status push_tok(parser *ps, tk_type type, const char *p,
                           size_t len, unsigned long line,
                           unsigned long col)
{
    if (ps->ntk == ps->cap) {
        size_t ncap = ps->cap ? ps->cap * 2 : 256;
        token *n = gcx_realloc(ps->tk, ncap * sizeof *n);

        if (!n)
            return gcx_error_set(ps->err, GCX_E_NOMEM, "out of memory");
        ps->tk = n;
        ps->cap = ncap;
    }
    ps->tk[ps->ntk].type = type;
    ps->tk[ps->ntk].p = p;
    ps->tk[ps->ntk].len = len;
    ps->tk[ps->ntk].line = line;
    ps->tk[ps->ntk].column = col;
    ps->ntk++;
    return GCX_OK;
}

static int is_stop(int c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '|' ||
           c == '{' || c == '}' || c == '(' || c == ')' || c == ',' ||
           c == '"' || c == '=' || c == '#';
}

/* lex: split the text into tokens. Strings are decoded into new memory
 * that the token owns (freed with the parser). */
static gcx_status lex(parser *ps)
{
    const char *s = ps->text, *end = s + ps->len;
    unsigned long line = 1;
    const char *bol = s;
    gcx_status st;
    token dummy;

    /* the text must be UTF-8 without NUL bytes: strings in it become
     * values of records */
    {
        const unsigned char *u = (const unsigned char *)s;
        size_t i = 0, n = ps->len, k;
        unsigned long ln = 1, lc = 1;
        uint32_t cp;

        while (i < n) {
            if (u[i] == 0 || u[i] >= 0x80) {
                k = u[i] ? gcxi_utf8_check(u + i, n - i, &cp) : 0;
                if (k == 0) {
                    dummy.line = ln;
                    dummy.column = lc;
                    return perr(ps, &dummy, u[i] ? "the mapping is not "
                                "valid UTF-8" : "a NUL byte in the "
                                "mapping");
                }
                i += k;
                lc += k - 1;    /* columns count bytes, as elsewhere */
            } else {
                if (u[i] == '\n') {
                    ln++;
                    lc = 0;
                }
                i++;
            }
            lc++;
        }
    }
    while (s < end) {
        unsigned long col = (unsigned long)(s - bol) + 1;
        int c = (unsigned char)*s;

        if (c == '\n') {
            st = push_tok(ps, TK_NL, s, 1, line, col);
            if (st)
                return st;
            s++;
            line++;
            bol = s;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            s++;
        } else if (c == '#') {
            while (s < end && *s != '\n')
                s++;
        } else if (c == '"') {
            char *out = gcx_malloc((size_t)(end - s));
            size_t n = 0;

            if (!out)
                return gcx_error_set(ps->err, GCX_E_NOMEM, "out of memory");
            s++;
            while (s < end && *s != '"' && *s != '\n') {
                if (*s == '\\' && s + 1 < end) {
                    s++;
                    switch (*s) {
                    case 'n': out[n++] = '\n'; break;
                    case 't': out[n++] = '\t'; break;
                    case '"': out[n++] = '"'; break;
                    case '\\': out[n++] = '\\'; break;
                    default:
                        gcx_free(out);
                        dummy.line = line;
                        dummy.column = (unsigned long)(s - bol);
                        return perr(ps, &dummy, "unknown escape '\\%c' in "
                                    "a string (want \\\" \\\\ \\n \\t)", *s);
                    }
                    s++;
                } else {
                    out[n++] = *s++;
                }
            }
            if (s >= end || *s != '"') {
                gcx_free(out);
                dummy.line = line;
                dummy.column = col;
                return perr(ps, &dummy,
                            "string not closed before the end of the line");
            }
            s++;
            out[n] = '\0';
            st = push_tok(ps, TK_STRING, out, n, line, col);
            if (st) {
                gcx_free(out);
                return st;
            }
        } else if (c == '!' && s + 1 < end && s[1] == '=') {
            st = push_tok(ps, TK_NE, s, 2, line, col);
            if (st)
                return st;
            s += 2;
        } else if (c != 0 && strchr("=|{}(),", c)) {
            static const tk_type map[] = { TK_EQ, TK_PIPE, TK_LBRACE,
                                           TK_RBRACE, TK_LPAREN,
                                           TK_RPAREN, TK_COMMA };
            st = push_tok(ps, map[strchr("=|{}(),", c) - "=|{}(),"], s, 1,
                          line, col);
            if (st)
                return st;
            s++;
        } else {
            const char *w = s;
            int br = 0;

            while (s < end && *s != '\n' &&
                   (br > 0 || !is_stop((unsigned char)*s))) {
                if (*s == '!' && br == 0 && s + 1 < end && s[1] == '=')
                    break;
                if (*s == '[')
                    br++;
                else if (*s == ']' && br > 0)
                    br--;
                s++;
            }
            if (br > 0) {
                dummy.line = line;
                dummy.column = col;
                return perr(ps, &dummy, "'[' not closed by ']'");
            }
            st = push_tok(ps, TK_WORD, w, (size_t)(s - w), line, col);
            if (st)
                return st;
        }
    }
    return push_tok(ps, TK_END, end, 0, line,
                    (unsigned long)(end - bol) + 1);
}

static const token *peek(parser *ps)
{
    return &ps->tk[ps->pos];
}

static const token *peek2(parser *ps)
{
    return ps->pos + 1 < ps->ntk ? &ps->tk[ps->pos + 1] : peek(ps);
}

static const token *next(parser *ps)
{
    const token *t = &ps->tk[ps->pos];

    if (t->type != TK_END)
        ps->pos++;
    return t;
}

static int is_word(const token *t, const char *w)
{
    return t->type == TK_WORD && t->len == strlen(w) &&
           memcmp(t->p, w, t->len) == 0;
}

static void skip_nl(parser *ps)
{
    while (peek(ps)->type == TK_NL)
        next(ps);
}

/* continues: the statement goes on after line breaks when the next line
 * starts with one of the continuation words or a '|'. */
static void skip_continuation(parser *ps, const char *const *words)
{
    size_t save = ps->pos;
    size_t i;

    if (peek(ps)->type != TK_NL)
        return;
    skip_nl(ps);
    if (peek(ps)->type == TK_PIPE)
        return;
    for (i = 0; words && words[i]; i++)
        if (is_word(peek(ps), words[i]))
            return;
    ps->pos = save;
}

static gcx_status expect(parser *ps, tk_type type, const char *what,
                         const token **out)
{
    const token *t = peek(ps);
    char b[64];

    *out = t;
    if (t->type != type)
        return perr(ps, t, "expected %s, got %s", what, got(t, b, sizeof b));
    *out = next(ps);
    return GCX_OK;
}

static gcx_status end_of_statement(parser *ps)
{
    const token *t = peek(ps);
    char b[64];

    if (t->type == TK_NL || t->type == TK_END || t->type == TK_RBRACE)
        return GCX_OK;
    return perr(ps, t, "expected the end of the statement, got %s",
                got(t, b, sizeof b));
}

static char *tok_dup(parser *ps, const token *t)
{
    char *s = gcx_malloc(t->len + 1);

    if (!s) {
        gcx_error_set(ps->err, GCX_E_NOMEM, "out of memory");
        return NULL;
    }
    memcpy(s, t->p, t->len);
    s[t->len] = '\0';
    return s;
}

static gcx_status push_str(parser *ps, char ***arr, size_t *n, char *s)
{
    char **a;

    if (!s)
        return GCX_E_NOMEM;
    a = gcx_realloc(*arr, (*n + 1) * sizeof *a);
    if (!a) {
        gcx_free(s);
        return gcx_error_set(ps->err, GCX_E_NOMEM, "out of memory");
    }
    a[(*n)++] = s;
    *arr = a;
    return GCX_OK;
}

/* Code lists and tables ----------------------------------------------- */

static size_t mc_hash(const char *s, size_t len)
{
    size_t h = 1469598103934665603ULL & (size_t)-1;
    size_t i;

    for (i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * (size_t)1099511628211ULL;
    return h;
}

gcx_status mc_fold_key(const char *s, size_t len, gcx_buf *b)
{
    gcx_status st;

    gcx_buf_reset(b);
    st = gcx_transform_collapse(s, len, b, NULL, NULL);
    if (st == GCX_OK) {
        gcx_buf tmp;

        gcx_buf_init(&tmp, 0);
        st = gcx_transform_lower((const char *)b->data, b->len, &tmp,
                                 NULL, NULL);
        if (st == GCX_OK) {
            gcx_buf_reset(b);
            st = gcx_buf_append(b, tmp.data, tmp.len);
        }
        gcx_buf_free(&tmp);
    }
    return st;
}

static size_t *mc_index(char **keys, size_t *lens, size_t n, size_t mask,
                        int *dup)
{
    size_t *h = gcx_malloc((mask + 1) * sizeof *h);
    size_t i, j;

    if (!h)
        return NULL;
    for (i = 0; i <= mask; i++)
        h[i] = (size_t)-1;
    for (i = 0; i < n; i++) {
        j = mc_hash(keys[i], lens[i]) & mask;
        while (h[j] != (size_t)-1) {
            if (lens[h[j]] == lens[i] &&
                memcmp(keys[h[j]], keys[i], lens[i]) == 0)
                break;
            j = (j + 1) & mask;
        }
        if (h[j] == (size_t)-1)
            h[j] = i;
        else if (dup)
            *dup = 1;
    }
    return h;
}

/* mc_probe: the index of key (len bytes) in keys through the open
 * addressing table hash, or (size_t)-1. */
static size_t mc_probe(const size_t *hash, size_t mask, char *const *keys,
                       const size_t *lens, const char *key, size_t len)
{
    size_t j = mc_hash(key, len) & mask;

    while (hash[j] != (size_t)-1) {
        size_t i = hash[j];

        if (lens[i] == len && memcmp(keys[i], key, len) == 0)
            return i;
        j = (j + 1) & mask;
    }
    return (size_t)-1;
}

static gcx_status mc_finish(parser *ps, mc_codes *c, const token *at)
{
    size_t mask = 15;
    size_t i;
    int dup = 0;

    while (mask < c->n * 2)
        mask = mask * 2 + 1;
    c->hash_mask = mask;
    c->hash = mc_index(c->src, c->src_len, c->n, mask, NULL);
    c->rhash = mc_index(c->dst, c->dst_len, c->n, mask, &dup);
    if (!c->hash || !c->rhash)
        return gcx_error_set(ps->err, GCX_E_NOMEM, "out of memory");
    c->injective = !dup;
    /* a source code listed twice is an error: which value is meant?
     * (the table holds the first of equal keys) */
    for (i = 0; i < c->n; i++)
        if (mc_probe(c->hash, mask, c->src, c->src_len, c->src[i],
                     c->src_len[i]) != i)
            return perr(ps, at, "%s '%s' lists the %s '%s' twice",
                        c->is_table ? "table" : "code list", c->name,
                        c->is_table ? "key" : "code",
                        c->is_table ? c->orig[i] : c->src[i]);
    return GCX_OK;
}

const char *mc_find(const mc_codes *c, const char *key, size_t len,
                    size_t *out_len)
{
    size_t i = mc_probe(c->hash, c->hash_mask, c->src, c->src_len, key,
                        len);

    if (i == (size_t)-1)
        return NULL;
    *out_len = c->dst_len[i];
    return c->dst[i];
}

const char *mc_find_reverse(const mc_codes *c, const char *v, size_t len,
                            size_t *out_len)
{
    size_t i = mc_probe(c->rhash, c->hash_mask, c->dst, c->dst_len, v,
                        len);

    if (i == (size_t)-1)
        return NULL;
    /* tables give back the key as written, not its folded form */
    *out_len = c->is_table ? c->orig_len[i] : c->src_len[i];
    return c->is_table ? c->orig[i] : c->src[i];
}

static gcx_status mc_add(parser *ps, mc_codes *c, const char *src,
                         size_t slen, const char *dst, size_t dlen)
{
    size_t n = c->n + 1;
    char **a, **b, **o;
    size_t *al, *bl, *ol;
    gcx_buf fold;
    gcx_status st = GCX_OK;

    a = gcx_realloc(c->src, n * sizeof *a);
    if (a)
        c->src = a;
    b = gcx_realloc(c->dst, n * sizeof *b);
    if (b)
        c->dst = b;
    o = gcx_realloc(c->orig, n * sizeof *o);
    if (o)
        c->orig = o;
    al = gcx_realloc(c->src_len, n * sizeof *al);
    if (al)
        c->src_len = al;
    bl = gcx_realloc(c->dst_len, n * sizeof *bl);
    if (bl)
        c->dst_len = bl;
    ol = gcx_realloc(c->orig_len, n * sizeof *ol);
    if (ol)
        c->orig_len = ol;
    if (!a || !b || !o || !al || !bl || !ol)
        return gcx_error_set(ps->err, GCX_E_NOMEM, "out of memory");
    gcx_buf_init(&fold, 0);
    if (c->is_table) {
        st = mc_fold_key(src, slen, &fold);
        if (st == GCX_OK)
            st = gcx_buf_putc(&fold, '\0');
    } else {
        st = gcx_buf_append(&fold, src, slen);
        if (st == GCX_OK)
            st = gcx_buf_putc(&fold, '\0');
    }
    c->src[c->n] = st == GCX_OK ? gcx_malloc(fold.len) : NULL;
    c->dst[c->n] = gcx_malloc(dlen + 1);
    c->orig[c->n] = gcx_malloc(slen + 1);
    if (!c->src[c->n] || !c->dst[c->n] || !c->orig[c->n]) {
        gcx_free(c->src[c->n]);
        gcx_free(c->dst[c->n]);
        gcx_free(c->orig[c->n]);
        gcx_buf_free(&fold);
        return gcx_error_set(ps->err, GCX_E_NOMEM, "out of memory");
    }
    memcpy(c->src[c->n], fold.data, fold.len);
    c->src_len[c->n] = fold.len - 1;
    memcpy(c->dst[c->n], dst, dlen);
    c->dst[c->n][dlen] = '\0';
    c->dst_len[c->n] = dlen;
    memcpy(c->orig[c->n], src, slen);
    c->orig[c->n][slen] = '\0';
    c->orig_len[c->n] = slen;
    c->n++;
    gcx_buf_free(&fold);
    return GCX_OK;
}

static void mc_free(mc_codes *c)
{
    size_t i;

    if (!c)
        return;
    for (i = 0; i < c->n; i++) {
        gcx_free(c->src[i]);
        gcx_free(c->dst[i]);
        gcx_free(c->orig[i]);
    }
    gcx_free(c->src);
    gcx_free(c->dst);
    gcx_free(c->orig);
    gcx_free(c->src_len);
    gcx_free(c->dst_len);
    gcx_free(c->orig_len);
    gcx_free(c->hash);
    gcx_free(c->rhash);
    gcx_free(c->name);
    gcx_free(c);
}

/* resolve: path relative to the mapping's folder (new string). */
static char *resolve(parser *ps, const char *rel)
{
    size_t n;
    char *s;

    if (rel[0] == '/' || !ps->m->dir)
        return gcx_strdup(rel);
    n = strlen(ps->m->dir) + strlen(rel) + 2;
    s = gcx_malloc(n);
    if (s)
        snprintf(s, n, "%s/%s", ps->m->dir, rel);
    return s;
}

/* mc_load_csv: fill c from the CSV file rel; key and value name its
 * columns (code lists: "source" and "canonical"). */
static gcx_status mc_load_csv(parser *ps, mc_codes *c, const token *at,
                              const char *rel, const char *key,
                              const char *value)
{
    char *path = resolve(ps, rel);
    gcx_input *in = NULL;
    gcx_csv_reader *r = NULL;
    gcx_csv_options opt = gcx_csv_options_default();
    gcx_csv_row row;
    gcx_error e;
    gcx_status st;
    long ki, vi;

    if (!path)
        return gcx_error_set(ps->err, GCX_E_NOMEM, "out of memory");
    gcx_error_clear(&e);
    st = gcx_input_open(&in, path, &e);
    if (st == GCX_OK)
        st = gcx_csv_reader_new(&r, in, &opt, &e);
    if (st != GCX_OK) {
        perr(ps, at, "cannot read '%s': %s", path, e.message);
        st = st == GCX_E_NOMEM ? GCX_E_NOMEM : GCX_E_CONFIG;
        if (ps->err)
            ps->err->code = st;
        goto done;
    }
    ki = gcx_csv_reader_column_index(r, key, strlen(key));
    vi = gcx_csv_reader_column_index(r, value, strlen(value));
    if (ki < 0 || vi < 0) {
        st = perr(ps, at, "'%s' has no column '%s'", path,
                  ki < 0 ? key : value);
        goto done;
    }
    for (;;) {
        st = gcx_csv_reader_next(r, &row, &e);
        if (st != GCX_OK) {
            perr(ps, at, "%s:%lu: %s", path, e.line, e.message);
            st = GCX_E_CONFIG;
            goto done;
        }
        if (!row.fields)
            break;
        if ((size_t)ki >= row.nfields || (size_t)vi >= row.nfields)
            continue;
        if (row.lens[ki] == 0 && row.lens[vi] == 0)
            continue;
        st = mc_add(ps, c, row.fields[ki], row.lens[ki], row.fields[vi],
                    row.lens[vi]);
        if (st != GCX_OK)
            goto done;
    }
done:
    gcx_csv_reader_free(r);
    gcx_input_close(in);
    gcx_free(path);
    return st;
}

static mc_codes *find_codes(const gcx_mapping *m, const char *name,
                            size_t len, int table)
{
    size_t i;

    for (i = 0; i < m->ncodes; i++)
        if (m->codes[i]->is_table == table &&
            strlen(m->codes[i]->name) == len &&
            memcmp(m->codes[i]->name, name, len) == 0)
            return m->codes[i];
    return NULL;
}

static gcx_status parse_codes(parser *ps, int table)
{
    const token *name, *t, *a, *b;
    mc_codes *c;
    gcx_status st;
    char b2[64];

    st = expect(ps, TK_WORD, table ? "a table name" : "a code list name",
                &name);
    if (st)
        return st;
    c = find_codes(ps->m, name->p, name->len, table);
    if (c && !table)
        return perr(ps, name, "code list '%.*s' is defined twice",
                    (int)name->len, name->p);
    if (c) {
        /* a table declared again: its rows are added */
        gcx_free(c->hash);
        gcx_free(c->rhash);
        c->hash = c->rhash = NULL;
        goto rows;
    }
    c = gcx_calloc(1, sizeof *c);
    if (!c)
        return gcx_error_set(ps->err, GCX_E_NOMEM, "out of memory");
    c->is_table = table;
    c->line = name->line;
    c->column = name->column;
    c->name = tok_dup(ps, name);
    if (!c->name ||
        push_str(ps, (char ***)&ps->m->codes, &ps->m->ncodes,
                 (char *)c) != GCX_OK) {
        mc_free(c);
        return GCX_E_NOMEM;
    }
rows:
    t = peek(ps);
    if (!table && t->type == TK_LBRACE) {
        next(ps);
        for (;;) {
            skip_nl(ps);
            t = peek(ps);
            if (t->type == TK_RBRACE) {
                next(ps);
                break;
            }
            st = expect(ps, TK_STRING, "a source code in quotes or '}'",
                        &a);
            if (!st)
                st = expect(ps, TK_EQ, "'=' after the source code", &b);
            if (!st)
                st = expect(ps, TK_STRING,
                            "the canonical value in quotes", &b);
            if (!st)
                st = mc_add(ps, c, a->p, a->len, b->p, b->len);
            if (st)
                return st;
        }
        return mc_finish(ps, c, name);
    }
    if (!is_word(t, "from"))
        return perr(ps, t, "expected %s'from' after the %s name, got %s",
                    table ? "" : "'{' or ", table ? "table" : "code list",
                    got(t, b2, sizeof b2));
    next(ps);
    st = expect(ps, TK_STRING, "a file name in quotes", &a);
    if (st)
        return st;
    if (table) {
        static const char *const kw[] = { "key", "value", NULL };
        const token *kt, *vt;

        skip_continuation(ps, kw);
        if (!is_word(peek(ps), "key"))
            return perr(ps, peek(ps), "expected 'key' and the key column, "
                        "got %s", got(peek(ps), b2, sizeof b2));
        next(ps);
        st = expect(ps, TK_STRING, "the key column's name in quotes", &kt);
        if (st)
            return st;
        skip_continuation(ps, kw);
        if (!is_word(peek(ps), "value"))
            return perr(ps, peek(ps), "expected 'value' and the value "
                        "column, got %s", got(peek(ps), b2, sizeof b2));
        next(ps);
        st = expect(ps, TK_STRING, "the value column's name in quotes",
                    &vt);
        if (st)
            return st;
        st = mc_load_csv(ps, c, a, a->p, kt->p, vt->p);
    } else {
        st = mc_load_csv(ps, c, a, a->p, "source", "canonical");
    }
    if (st)
        return st;
    return mc_finish(ps, c, name);
}

/* Expressions and transforms ------------------------------------------ */

static gcx_status compile_path(parser *ps, const token *t, const char *text,
                               size_t len, mp_path *p)
{
    size_t at = 0;
    const char *what = NULL;
    token pos;

    if (mp_compile(ps->m, text, len, p, &at, &what) == GCX_OK)
        return GCX_OK;
    if (!what)
        return gcx_error_set(ps->err, GCX_E_NOMEM, "out of memory");
    pos = *t;
    if (t->type == TK_WORD)
        pos.column += at;
    return perr(ps, &pos, "bad path '%.*s': %s", (int)len, text, what);
}

static gcx_status parse_transforms(parser *ps, mt_transform **tx,
                                   size_t *ntx, int lines);

static gcx_status parse_expr(parser *ps, mx_expr *x)
{
    const token *t = peek(ps), *a;
    gcx_status st;
    char b[64];

    x->line = t->line;
    x->column = t->column;
    if (t->type == TK_STRING) {
        next(ps);
        x->kind = MX_LITERAL;
        x->text = gcx_malloc(t->len + 1);
        if (!x->text)
            return gcx_error_set(ps->err, GCX_E_NOMEM, "out of memory");
        memcpy(x->text, t->p, t->len + 1);
        x->len = t->len;
        return GCX_OK;
    }
    if (t->type != TK_WORD)
        return perr(ps, t, "expected a source path, a string, column, "
                    "concat( or xpath, got %s", got(t, b, sizeof b));
    if (is_word(t, "column") && peek2(ps)->type == TK_STRING) {
        next(ps);
        a = next(ps);
        if (ps->m->kind != GCX_MAP_CSV)
            return perr(ps, t, "'column' is for CSV sources");
        x->kind = MX_PATH;
        return compile_path(ps, a, a->p, a->len, &x->path);
    }
    if (is_word(t, "xpath") && peek2(ps)->type == TK_STRING) {
        next(ps);
        a = next(ps);
        if (ps->m->kind != GCX_MAP_XML)
            return perr(ps, t, "'xpath' is for XML sources");
        x->kind = MX_XPATH;
        x->text = gcx_malloc(a->len + 1);
        if (!x->text)
            return gcx_error_set(ps->err, GCX_E_NOMEM, "out of memory");
        memcpy(x->text, a->p, a->len + 1);
        x->len = a->len;
        if (!ps->m->xpctx) {
            size_t i;

            ps->m->xpctx = xmlXPathNewContext(NULL);
            if (!ps->m->xpctx)
                return gcx_error_set(ps->err, GCX_E_NOMEM,
                                     "out of memory");
            for (i = 0; i < ps->m->nns; i++) {
                char *eq = strchr(ps->m->ns[i], '=');

                *eq = '\0';
                xmlXPathRegisterNs(ps->m->xpctx,
                                   (const xmlChar *)ps->m->ns[i],
                                   (const xmlChar *)eq + 1);
                *eq = '=';
            }
        }
        x->xpath = xmlXPathCtxtCompile(ps->m->xpctx,
                                       (const xmlChar *)x->text);
        if (!x->xpath)
            return perr(ps, a, "not an XPath 1.0 expression libxml2 can "
                        "compile: %s", x->text);
        return GCX_OK;
    }
    if (is_word(t, "concat") && peek2(ps)->type == TK_LPAREN) {
        next(ps);
        next(ps);
        x->kind = MX_CONCAT;
        for (;;) {
            mx_expr *np;

            skip_nl(ps);
            np = gcx_realloc(x->parts, (x->nparts + 1) * sizeof *np);
            if (!np)
                return gcx_error_set(ps->err, GCX_E_NOMEM,
                                     "out of memory");
            x->parts = np;
            memset(&np[x->nparts], 0, sizeof *np);
            x->nparts++;
            st = parse_expr(ps, &np[x->nparts - 1]);
            if (st)
                return st;
            if (np[x->nparts - 1].kind == MX_CONCAT) {
                token pos;

                pos.line = np[x->nparts - 1].line;
                pos.column = np[x->nparts - 1].column;
                return perr(ps, &pos, "concat( inside concat( is not "
                            "needed: list the parts");
            }
            st = parse_transforms(ps, &np[x->nparts - 1].tx,
                                  &np[x->nparts - 1].ntx, 0);
            if (st)
                return st;
            skip_nl(ps);
            t = next(ps);
            if (t->type == TK_RPAREN)
                break;
            if (t->type != TK_COMMA)
                return perr(ps, t, "expected ',' or ')' in concat(, got "
                            "%s", got(t, b, sizeof b));
        }
        return GCX_OK;
    }
    next(ps);
    x->kind = MX_PATH;
    return compile_path(ps, t, t->p, t->len, &x->path);
}

static long parse_long(const token *t, int *ok)
{
    char buf[32];
    char *end;
    long v;

    *ok = 0;
    if (t->type != TK_WORD || t->len == 0 || t->len >= sizeof buf)
        return 0;
    memcpy(buf, t->p, t->len);
    buf[t->len] = '\0';
    v = strtol(buf, &end, 10);
    if (*end || v < 0 || v > 1000000)
        return 0;
    *ok = 1;
    return v;
}

static const struct {
    const char *name;
    mt_kind kind;
} tx_names[] = {
    { "trim", MT_TRIM }, { "collapse", MT_COLLAPSE }, { "upper", MT_UPPER },
    { "lower", MT_LOWER }, { "digits", MT_DIGITS },
    { "id-clean", MT_ID_CLEAN }, { "date", MT_DATE },
    { "datetime", MT_DATETIME }, { "hijri", MT_HIJRI },
    { "hijri-value", MT_HIJRI_VALUE },
    { "decimal", MT_DECIMAL }, { "number", MT_NUMBER },
    { "e164", MT_E164 }, { "split", MT_SPLIT }, { "code", MT_CODE },
    { "lookup", MT_LOOKUP }, { "default", MT_DEFAULT },
    { "required", MT_REQUIRED }
};

static gcx_status parse_transform(parser *ps, mt_transform *x)
{
    const token *t = peek(ps), *a;
    gcx_status st;
    size_t i;
    char b[64];
    int ok;

    if (t->type != TK_WORD)
        return perr(ps, t, "expected a transform name after '|', got %s",
                    got(t, b, sizeof b));
    for (i = 0; i < sizeof tx_names / sizeof tx_names[0]; i++)
        if (is_word(t, tx_names[i].name))
            break;
    if (i == sizeof tx_names / sizeof tx_names[0])
        return perr(ps, t, "expected a transform name after '|', got %s "
                    "(see docs/mapping-language.md, Transforms)",
                    got(t, b, sizeof b));
    next(ps);
    x->kind = tx_names[i].kind;
    x->line = t->line;
    x->column = t->column;
    switch (x->kind) {
    case MT_DIGITS:
        if (is_word(peek(ps), "arabic-indic")) {
            next(ps);
            x->option = GCX_DIGITS_ARABIC_INDIC;
        } else if (is_word(peek(ps), "persian")) {
            next(ps);
            x->option = GCX_DIGITS_PERSIAN;
        } else if (peek(ps)->type == TK_WORD) {
            return perr(ps, peek(ps), "expected the digits' script "
                        "(arabic-indic or persian) or the end of the "
                        "transform, got %s", got(peek(ps), b, sizeof b));
        } else {
            x->option = 0;
        }
        return GCX_OK;
    case MT_DATE:
    case MT_DATETIME:
    case MT_HIJRI:
    case MT_HIJRI_VALUE:
        st = expect(ps, TK_STRING, "a date pattern in quotes, e.g. "
                    "\"dd/MM/yyyy\"", &a);
        if (st)
            return st;
        {
            gcx_error e;

            gcx_error_clear(&e);
            st = gcx_datepat_compile(a->p, x->kind == MT_DATETIME ?
                                     GCX_DATEPAT_DATETIME :
                                     GCX_DATEPAT_DATE, &x->pattern, &e);
            if (st == GCX_E_NOMEM)
                return gcx_error_set(ps->err, st, "out of memory");
            if (st) {
                token pos = *a;

                pos.column += e.column;
                return perr(ps, &pos, "bad date pattern: %s", e.message);
            }
        }
        return GCX_OK;
    case MT_DECIMAL:
        x->num = parse_long(peek(ps), &ok);
        if (!ok || x->num > 18)
            return perr(ps, peek(ps), "expected the scale (0 to 18 "
                        "fraction digits) after 'decimal', got %s",
                        got(peek(ps), b, sizeof b));
        next(ps);
        return GCX_OK;
    case MT_E164:
        a = peek(ps);
        if (a->type == TK_WORD && a->len == 2)
            memcpy(x->state, a->p, 2);
        if (a->type != TK_WORD || a->len != 2 ||
            !gcx_transform_e164_state(x->state))
            return perr(ps, a, "expected a GCC state code (BH, SA, AE, "
                        "OM, QA, KW) after 'e164', got %s",
                        got(a, b, sizeof b));
        memcpy(x->state, a->p, 2);
        next(ps);
        x->option = GCX_PHONE_NATIONAL;
        if (is_word(peek(ps), "international")) {
            next(ps);
            x->option = GCX_PHONE_INTERNATIONAL;
        } else if (is_word(peek(ps), "00")) {
            next(ps);
            x->option = GCX_PHONE_00;
        } else if (is_word(peek(ps), "national")) {
            next(ps);
        }
        return GCX_OK;
    case MT_SPLIT:
        st = expect(ps, TK_STRING, "the separator in quotes", &a);
        if (st)
            return st;
        if (a->len == 0)
            return perr(ps, a, "the separator of split is empty");
        x->arg = gcx_malloc(a->len + 1);
        if (!x->arg)
            return gcx_error_set(ps->err, GCX_E_NOMEM, "out of memory");
        memcpy(x->arg, a->p, a->len + 1);
        x->arg_len = a->len;
        x->num = parse_long(peek(ps), &ok);
        if (!ok)
            return perr(ps, peek(ps), "expected the part's number (from 0)"
                        " after the separator, got %s",
                        got(peek(ps), b, sizeof b));
        next(ps);
        return GCX_OK;
    case MT_CODE:
    case MT_LOOKUP:
        st = expect(ps, TK_WORD, x->kind == MT_CODE ? "a code list name" :
                    "a table name", &a);
        if (st)
            return st;
        x->arg = tok_dup(ps, a);
        if (!x->arg)
            return GCX_E_NOMEM;
        x->arg_len = a->len;
        return GCX_OK;
    case MT_DEFAULT:
        st = expect(ps, TK_STRING, "the default value in quotes", &a);
        if (st)
            return st;
        x->arg = gcx_malloc(a->len + 1);
        if (!x->arg)
            return gcx_error_set(ps->err, GCX_E_NOMEM, "out of memory");
        memcpy(x->arg, a->p, a->len + 1);
        x->arg_len = a->len;
        return GCX_OK;
    default:
        return GCX_OK;
    }
}

/* parse_transforms: "| T ARGS" repeated; lines: a '|' may start the
 * next line. */
static gcx_status parse_transforms(parser *ps, mt_transform **tx,
                                   size_t *ntx, int lines)
{
    static const char *const cont[] = { "if", NULL };
    gcx_status st;

    for (;;) {
        mt_transform *nt;

        if (lines)
            skip_continuation(ps, cont);
        if (peek(ps)->type != TK_PIPE)
            return GCX_OK;
        next(ps);
        nt = gcx_realloc(*tx, (*ntx + 1) * sizeof *nt);
        if (!nt)
            return gcx_error_set(ps->err, GCX_E_NOMEM, "out of memory");
        *tx = nt;
        memset(&nt[*ntx], 0, sizeof *nt);
        (*ntx)++;
        st = parse_transform(ps, &nt[*ntx - 1]);
        if (st)
            return st;
    }
}

static gcx_status parse_cond(parser *ps, mcond *c)
{
    const token *t, *v;
    gcx_status st;
    char b[64];

    if (is_word(peek(ps), "not") && is_word(peek2(ps), "exists")) {
        next(ps);
        next(ps);
        c->kind = MCOND_NOT_EXISTS;
    } else if (is_word(peek(ps), "exists")) {
        next(ps);
        c->kind = MCOND_EXISTS;
    }
    st = parse_expr(ps, &c->expr);
    if (st)
        return st;
    if (c->expr.kind != MX_PATH) {
        token pos;

        pos.line = c->expr.line;
        pos.column = c->expr.column;
        return perr(ps, &pos, "a condition tests a path");
    }
    if (c->kind != MCOND_NONE)
        return GCX_OK;
    t = next(ps);
    if (t->type == TK_EQ)
        c->kind = MCOND_EQ;
    else if (t->type == TK_NE)
        c->kind = MCOND_NE;
    else
        return perr(ps, t, "expected '=' or '!=' in the condition, got %s",
                    got(t, b, sizeof b));
    st = expect(ps, TK_STRING, "the value to compare with, in quotes", &v);
    if (st)
        return st;
    c->value = gcx_malloc(v->len + 1);
    if (!c->value)
        return gcx_error_set(ps->err, GCX_E_NOMEM, "out of memory");
    memcpy(c->value, v->p, v->len + 1);
    c->value_len = v->len;
    return GCX_OK;
}

/* Targets -------------------------------------------------------------- */

/* parse_target: split "a.b[0].c" (or "phones[]" for a group: *group set)
 * and resolve it from node. */
static gcx_status parse_target(parser *ps, const token *t,
                               const gcx_schema_node *node, mrule *r,
                               int *group)
{
    const char *s = t->p, *end = t->p + t->len;
    token pos = *t;

    *group = 0;
    r->target = tok_dup(ps, t);
    if (!r->target)
        return GCX_E_NOMEM;
    while (s < end) {
        const char *w = s;
        mtgt_step *ns;

        while (s < end && *s != '.' && *s != '[')
            s++;
        pos.column = t->column + (unsigned long)(w - t->p);
        if (s == w)
            return perr(ps, &pos, "expected a field name in target '%s'",
                        r->target);
        ns = gcx_realloc(r->tsteps, (r->ntsteps + 2) * sizeof *ns);
        if (!ns)
            return gcx_error_set(ps->err, GCX_E_NOMEM, "out of memory");
        r->tsteps = ns;
        if (!node || node->type != GCX_SCHEMA_OBJECT)
            return perr(ps, &pos, "target '%s': '%.*s' is inside a field "
                        "that has no members", r->target, (int)(s - w), w);
        if (node == ps->m->root &&
            ((s - w == 13 && memcmp(w, "schemaVersion", 13) == 0) ||
             (s - w == 10 && memcmp(w, "recordType", 10) == 0) ||
             (s - w == 10 && memcmp(w, "provenance", 10) == 0)))
            return perr(ps, &pos, "target '%s': '%.*s' is filled in by "
                        "gcx-map", r->target, (int)(s - w), w);
        node = gcx_schema_prop(node, w, (size_t)(s - w));
        if (!node)
            return perr(ps, &pos, "target '%s': the canonical %s has no "
                        "field '%.*s' (docs/canonical-fields.md)",
                        r->target, ps->m->target, (int)(s - w), w);
        ns[r->ntsteps].name = r->target + (w - t->p);
        ns[r->ntsteps].len = (size_t)(s - w);
        ns[r->ntsteps].index = -1;
        r->ntsteps++;
        while (s < end && *s == '[') {
            const char *d = ++s;
            long v = 0;

            while (s < end && isdigit((unsigned char)*s)) {
                if (v <= 10000)
                    v = v * 10 + (*s - '0');
                s++;
            }
            pos.column = t->column + (unsigned long)(d - t->p);
            if (s >= end || *s != ']' || v > 10000)
                return perr(ps, &pos, "expected an item number and ']' "
                            "in target '%s'", r->target);
            if (node->type != GCX_SCHEMA_ARRAY)
                return perr(ps, &pos, "target '%s': '%s' is not an array",
                            r->target, node->name);
            s++;
            node = node->items;
            if (s == d + 1) {
                if (s != end)
                    return perr(ps, &pos, "'[]' ends a group's target");
                *group = 1;
                r->node = node;
                return GCX_OK;
            }
            ns[r->ntsteps].name = NULL;
            ns[r->ntsteps].len = 0;
            ns[r->ntsteps].index = v;
            r->ntsteps++;
        }
        if (s < end) {
            pos.column = t->column + (unsigned long)(s - t->p);
            if (*s != '.')
                return perr(ps, &pos, "expected '.' or '[' in target '%s'",
                            r->target);
            s++;
            if (s == end)
                return perr(ps, &pos, "target '%s' ends with '.'",
                            r->target);
        }
    }
    r->node = node;
    return GCX_OK;
}

static void rule_free(mrule *r);

static void tx_free(mt_transform *tx, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        gcx_free(tx[i].arg);
        gcx_datepat_free(tx[i].pattern);
    }
    gcx_free(tx);
}

static void expr_free(mx_expr *x)
{
    size_t i;

    tx_free(x->tx, x->ntx);
    gcx_free(x->text);
    mp_free(&x->path);
    for (i = 0; i < x->nparts; i++)
        expr_free(&x->parts[i]);
    gcx_free(x->parts);
    if (x->xpath)
        xmlXPathFreeCompExpr(x->xpath);
}

static void rule_free(mrule *r)
{
    size_t i;

    if (!r)
        return;
    gcx_free(r->target);
    gcx_free(r->tsteps);
    expr_free(&r->src);
    tx_free(r->tx, r->ntx);
    expr_free(&r->cond.expr);
    gcx_free(r->cond.value);
    for (i = 0; i < r->nrules; i++)
        rule_free(r->rules[i]);
    gcx_free(r->rules);
    gcx_free(r);
}

static gcx_status parse_rules(parser *ps, const gcx_schema_node *node,
                              mrule ***rules, size_t *n, int in_block);

static gcx_status add_rule(parser *ps, mrule ***rules, size_t *n, mrule *r)
{
    mrule **a = gcx_realloc(*rules, (*n + 1) * sizeof *a);

    if (!a) {
        rule_free(r);
        return gcx_error_set(ps->err, GCX_E_NOMEM, "out of memory");
    }
    a[(*n)++] = r;
    *rules = a;
    return GCX_OK;
}

/* same_container: the targets of a and b (value rules) differ only in
 * their last step. */
static int same_container(const mrule *a, const mrule *b)
{
    size_t i;

    if (a->is_group || b->is_group || a->ntsteps != b->ntsteps ||
        a->ntsteps < 2)
        return 0;
    for (i = 0; i + 1 < a->ntsteps; i++) {
        const mtgt_step *x = &a->tsteps[i], *y = &b->tsteps[i];

        if ((x->name == NULL) != (y->name == NULL))
            return 0;
        if (x->name ? x->len != y->len || memcmp(x->name, y->name, x->len)
                    : x->index != y->index)
            return 0;
    }
    return 1;
}

/* parse_rule: TARGET = ... (the target token is next). */
static gcx_status parse_rule(parser *ps, const gcx_schema_node *node,
                             mrule ***rules, size_t *n)
{
    const token *t = next(ps), *eq;
    mrule *r = gcx_calloc(1, sizeof *r);
    gcx_status st;
    int group;
    char b[64];

    if (!r)
        return gcx_error_set(ps->err, GCX_E_NOMEM, "out of memory");
    st = add_rule(ps, rules, n, r);
    if (st)
        return st;
    r->line = t->line;
    r->column = t->column;
    st = parse_target(ps, t, node, r, &group);
    if (st)
        return st;
    st = expect(ps, TK_EQ, "'=' after the target", &eq);
    if (st)
        return st;
    if (group) {
        r->is_group = 1;
        if (ps->m->kind == GCX_MAP_CSV)
            return perr(ps, t, "groups repeat over XML elements or JSON "
                        "arrays; a CSV row has neither");
        if (!is_word(peek(ps), "each"))
            return perr(ps, peek(ps), "expected 'each' and a path after "
                        "the group target '%s'", r->target);
        next(ps);
        st = parse_expr(ps, &r->src);
        if (st)
            return st;
        if (r->src.kind != MX_PATH)
            return perr(ps, t, "a group repeats over a path");
        if (is_word(peek(ps), "if")) {
            next(ps);
            st = parse_cond(ps, &r->cond);
            if (st)
                return st;
        }
        if (peek(ps)->type == TK_LBRACE) {
            if (r->node->type != GCX_SCHEMA_OBJECT)
                return perr(ps, peek(ps), "the items of %s are single "
                            "values: write %s = each PATH | TRANSFORM "
                            "without braces", r->target, r->target);
            next(ps);
            return parse_rules(ps, r->node, &r->rules, &r->nrules, 1);
        }
        if (r->node->type == GCX_SCHEMA_OBJECT)
            return perr(ps, peek(ps), "expected '{' to open the group's "
                        "rules, got %s", got(peek(ps), b, sizeof b));
    }
    if (!group && (r->node->type == GCX_SCHEMA_OBJECT ||
                   r->node->type == GCX_SCHEMA_ARRAY))
        return perr(ps, t, "target '%s' is %s: map its fields one by one%s",
                    r->target, r->node->type == GCX_SCHEMA_OBJECT ?
                    "an object" : "an array",
                    r->node->type == GCX_SCHEMA_ARRAY &&
                    r->node->items->type == GCX_SCHEMA_OBJECT ?
                    ", or write a group TARGET[] = each PATH { ... }" :
                    (r->node->type == GCX_SCHEMA_ARRAY ?
                     ", or write a group TARGET[] = each PATH" :
                     ""));
    if (!group) {
        st = parse_expr(ps, &r->src);
        if (st)
            return st;
    }
    st = parse_transforms(ps, &r->tx, &r->ntx, 1);
    if (st)
        return st;
    if (!group && is_word(peek(ps), "if")) {
        next(ps);
        st = parse_cond(ps, &r->cond);
        if (st)
            return st;
    }
    if (!group && *n >= 2)
        r->same_container = same_container((*rules)[*n - 2], r);
    return end_of_statement(ps);
}

/* parse_rules: rules up to '}' (in_block) or the end of the file. */
static gcx_status parse_rules(parser *ps, const gcx_schema_node *node,
                              mrule ***rules, size_t *n, int in_block)
{
    gcx_status st;
    char b[64];

    for (;;) {
        const token *t;

        skip_nl(ps);
        t = peek(ps);
        if (t->type == TK_RBRACE && in_block) {
            next(ps);
            return GCX_OK;
        }
        if (t->type == TK_END)
            return in_block ? perr(ps, t, "expected '}' to close the "
                                   "block") : GCX_OK;
        if (t->type != TK_WORD || peek2(ps)->type != TK_EQ)
            return perr(ps, t, "expected a rule TARGET = SOURCE, got %s",
                        got(t, b, sizeof b));
        st = parse_rule(ps, node, rules, n);
        if (st)
            return st;
    }
}

/* Statements ---------------------------------------------------------- */

static gcx_status parse_header_value(parser *ps, const token *kw,
                                     char **slot, tk_type type,
                                     const char *what)
{
    const token *t = NULL;
    gcx_status st;

    if (*slot)
        return perr(ps, kw, "'%.*s' is given twice", (int)kw->len, kw->p);
    st = expect(ps, type, what, &t);
    if (st)
        return st;
    *slot = tok_dup(ps, t);
    return *slot ? GCX_OK : GCX_E_NOMEM;
}

static gcx_status need_kind(parser *ps, const token *kw, int ok,
                            const char *which)
{
    if (!ps->has_source)
        return perr(ps, kw, "'%.*s' comes after 'source'", (int)kw->len,
                    kw->p);
    if (!ok)
        return perr(ps, kw, "'%.*s' is for %s sources", (int)kw->len,
                    kw->p, which);
    return GCX_OK;
}

/* element_path_ok: "/a/p:b/..." with NAME or PREFIX:NAME steps (or "*"
 * for the reader's context paths), prefixes bound; *what says why not. */
static int element_path_ok(const gcx_mapping *m, const char *p,
                           int allow_any, const char **what)
{
    const char *step;
    size_t i;

    if (*p != '/') {
        *what = "expected an absolute element path such as /p:Export/p:Person";
        return 0;
    }
    while (*p == '/') {
        const char *colon = NULL;

        step = ++p;
        while (*p && *p != '/') {
            if (*p == ':' && !colon)
                colon = p;
            else if (!(isalnum((unsigned char)*p) || *p == '_' ||
                       *p == '-' || *p == '.' || (unsigned char)*p >= 0x80 ||
                       (allow_any && *p == '*' && p == step)))
                break;
            p++;
        }
        if (*p && *p != '/') {
            *what = "a step is NAME or PREFIX:NAME";
            return 0;
        }
        if (p == step || colon == step || (colon && colon + 1 == p) ||
            isdigit((unsigned char)*step) || *step == '-' || *step == '.') {
            *what = "a step is NAME or PREFIX:NAME";
            return 0;
        }
        if (colon) {
            size_t plen = (size_t)(colon - step);

            for (i = 0; i < m->nns; i++)
                if (strncmp(m->ns[i], step, plen) == 0 &&
                    m->ns[i][plen] == '=')
                    break;
            if (i == m->nns) {
                *what = "prefix not bound by a 'namespace' statement "
                        "(declare namespaces first)";
                return 0;
            }
        }
    }
    return 1;
}

static gcx_status parse_statement(parser *ps)
{
    const token *kw = peek(ps), *t, *a;
    gcx_mapping *m = ps->m;
    gcx_status st;
    char b[64];

    if (kw->type == TK_WORD && peek2(ps)->type == TK_EQ) {
        if (!m->root || !ps->has_source)
            return perr(ps, kw, "rules come after the header (mapping, "
                        "source, records, target)");
        return parse_rule(ps, m->root, &m->top.rules, &m->top.nrules);
    }
    if (kw->type != TK_WORD)
        return perr(ps, kw, "expected a statement or a rule, got %s",
                    got(kw, b, sizeof b));
    if (!m->name && !is_word(kw, "mapping"))
        return perr(ps, kw, "the mapping must start with 'mapping NAME "
                    "VERSION'");
    next(ps);
    if (is_word(kw, "mapping")) {
        if (m->name)
            return perr(ps, kw, "'mapping' is given twice");
        st = expect(ps, TK_WORD, "the mapping's name", &t);
        if (!st)
            st = expect(ps, TK_WORD, "the mapping's version", &a);
        if (st)
            return st;
        m->name = tok_dup(ps, t);
        m->version = tok_dup(ps, a);
        return m->name && m->version ? end_of_statement(ps) : GCX_E_NOMEM;
    }
    if (is_word(kw, "source")) {
        if (ps->has_source)
            return perr(ps, kw, "'source' is given twice");
        st = expect(ps, TK_WORD, "xml, json, ndjson or csv", &t);
        if (st)
            return st;
        if (is_word(t, "xml"))
            m->kind = GCX_MAP_XML;
        else if (is_word(t, "json"))
            m->kind = GCX_MAP_JSON;
        else if (is_word(t, "ndjson"))
            m->kind = GCX_MAP_NDJSON;
        else if (is_word(t, "csv"))
            m->kind = GCX_MAP_CSV;
        else
            return perr(ps, t, "expected xml, json, ndjson or csv, got %s",
                        got(t, b, sizeof b));
        m->delimiter = ',';
        ps->has_source = 1;
        return end_of_statement(ps);
    }
    if (is_word(kw, "namespace")) {
        char *s;
        size_t n;

        st = need_kind(ps, kw, m->kind == GCX_MAP_XML, "XML");
        if (!st)
            st = expect(ps, TK_WORD, "a namespace prefix", &t);
        if (!st)
            st = expect(ps, TK_EQ, "'=' after the prefix", &a);
        if (!st)
            st = expect(ps, TK_STRING, "the namespace URI in quotes", &a);
        if (st)
            return st;
        n = t->len + a->len + 2;
        s = gcx_malloc(n);
        if (!s)
            return gcx_error_set(ps->err, GCX_E_NOMEM, "out of memory");
        snprintf(s, n, "%.*s=%s", (int)t->len, t->p, a->p);
        st = push_str(ps, &m->ns, &m->nns, s);
        return st ? st : end_of_statement(ps);
    }
    if (is_word(kw, "records")) {
        if (m->records)
            return perr(ps, kw, "'records' is given twice");
        t = next(ps);
        if (t->type != TK_WORD && t->type != TK_STRING)
            return perr(ps, t, "expected the records' path, got %s",
                        got(t, b, sizeof b));
        m->records = tok_dup(ps, t);
        if (!m->records)
            return GCX_E_NOMEM;
        if (m->kind == GCX_MAP_XML) {
            const char *what;

            if (!element_path_ok(m, m->records, 0, &what))
                return perr(ps, t, "bad records path '%s': %s", m->records,
                            what);
        }
        if (m->kind == GCX_MAP_JSON && m->records[0] &&
            m->records[0] != '/')
            return perr(ps, t, "expected a JSON Pointer such as /persons");
        if (m->kind == GCX_MAP_NDJSON || m->kind == GCX_MAP_CSV)
            return perr(ps, kw, "'records' is not used with %s sources "
                        "(one record a %s)", m->kind == GCX_MAP_CSV ?
                        "CSV" : "NDJSON",
                        m->kind == GCX_MAP_CSV ? "row" : "line");
        return end_of_statement(ps);
    }
    if (is_word(kw, "columns")) {
        st = need_kind(ps, kw, m->kind == GCX_MAP_CSV, "CSV");
        if (st)
            return st;
        if (m->ndeclared)
            return perr(ps, kw, "'columns' is given twice");
        for (;;) {
            size_t i;

            st = expect(ps, TK_STRING, "a column name in quotes", &t);
            if (st)
                return st;
            for (i = 0; i < m->ncolumns; i++)
                if (strcmp(m->columns[i], t->p) == 0)
                    return perr(ps, t, "column '%s' is listed twice",
                                t->p);
            st = push_str(ps, &m->columns, &m->ncolumns, tok_dup(ps, t));
            if (st)
                return st;
            m->ndeclared = m->ncolumns;
            if (peek(ps)->type != TK_COMMA)
                break;
            next(ps);
            skip_nl(ps);
        }
        return end_of_statement(ps);
    }
    if (is_word(kw, "delimiter")) {
        st = need_kind(ps, kw, m->kind == GCX_MAP_CSV, "CSV");
        if (!st)
            st = expect(ps, TK_STRING, "the delimiter in quotes", &t);
        if (st)
            return st;
        if (t->len != 1 || t->p[0] == '"' || t->p[0] == '\n' ||
            t->p[0] == '\r')
            return perr(ps, t, "the delimiter is one character other "
                        "than a quote or a line end");
        m->delimiter = t->p[0];
        return end_of_statement(ps);
    }
    if (is_word(kw, "target")) {
        st = parse_header_value(ps, kw, &m->target, TK_WORD,
                                "a record type");
        if (st)
            return st;
        m->root = gcx_schema_record(m->schema, m->target);
        if (!m->root)
            return perr(ps, &ps->tk[ps->pos - 1], "unknown record type "
                        "'%s' (want person, establishment, service, "
                        "payment or indicator)", m->target);
        return end_of_statement(ps);
    }
    if (is_word(kw, "context")) {
        char *nm;

        st = need_kind(ps, kw, m->kind == GCX_MAP_XML, "XML");
        if (!st)
            st = expect(ps, TK_WORD, "the context's name", &t);
        if (!st)
            st = expect(ps, TK_EQ, "'=' after the context's name", &a);
        if (!st)
            st = expect(ps, TK_WORD, "an absolute element path", &a);
        if (st)
            return st;
        {
            char *path = tok_dup(ps, a);
            const char *what;
            int ok;

            if (!path)
                return GCX_E_NOMEM;
            ok = element_path_ok(m, path, 0, &what);
            gcx_free(path);
            if (!ok)
                return perr(ps, a, "bad context path '%.*s': %s",
                            (int)a->len, a->p, what);
        }
        if (is_word(t, "record"))
            return perr(ps, t, "'record' is reserved ($record)");
        nm = tok_dup(ps, t);
        st = push_str(ps, &m->ctx_names, &m->nctx, nm);
        if (st)
            return st;
        m->nctx--;
        st = push_str(ps, &m->ctx_paths, &m->nctx, tok_dup(ps, a));
        return st ? st : end_of_statement(ps);
    }
    if (is_word(kw, "explode")) {
        st = need_kind(ps, kw, m->kind == GCX_MAP_XML ||
                       m->kind == GCX_MAP_JSON ||
                       m->kind == GCX_MAP_NDJSON, "XML and JSON");
        if (st)
            return st;
        if (m->has_explode)
            return perr(ps, kw, "'explode' is given twice");
        m->has_explode = 1;
        m->explode_line = kw->line;
        st = parse_expr(ps, &m->explode);
        if (st)
            return st;
        if (m->explode.kind != MX_PATH)
            return perr(ps, kw, "explode takes a path");
        return end_of_statement(ps);
    }
    if (is_word(kw, "xslt")) {
        char *rel = NULL;

        st = need_kind(ps, kw, m->kind == GCX_MAP_XML, "XML");
        if (!st && m->xslt)
            st = perr(ps, kw, "'xslt' is given twice");
        if (!st)
            st = parse_header_value(ps, kw, &rel, TK_STRING,
                                    "the stylesheet's file in quotes");
        if (st) {
            gcx_free(rel);
            return st;
        }
        m->xslt = resolve(ps, rel);
        ps->xslt_line = kw->line;
        gcx_free(rel);
        return m->xslt ? end_of_statement(ps) : GCX_E_NOMEM;
    }
    if (is_word(kw, "not-carried")) {
        st = expect(ps, TK_STRING, "what is not carried, in quotes", &t);
        if (!st)
            st = push_str(ps, &m->not_carried, &m->nnot_carried,
                          tok_dup(ps, t));
        return st ? st : end_of_statement(ps);
    }
    if (is_word(kw, "codes") || is_word(kw, "table")) {
        st = parse_codes(ps, is_word(kw, "table"));
        return st ? st : end_of_statement(ps);
    }
    if (is_word(kw, "emit")) {
        mblock *nb;

        if (!m->root || !ps->has_source)
            return perr(ps, kw, "'emit' comes after 'source' and "
                        "'target'");
        if (peek(ps)->type != TK_LBRACE)
            return perr(ps, peek(ps), "expected '{' after 'emit'");
        next(ps);
        nb = gcx_realloc(m->emits, (m->nemits + 1) * sizeof *nb);
        if (!nb)
            return gcx_error_set(ps->err, GCX_E_NOMEM, "out of memory");
        m->emits = nb;
        memset(&nb[m->nemits], 0, sizeof *nb);
        nb[m->nemits].line = kw->line;
        m->nemits++;
        st = parse_rules(ps, m->root, &nb[m->nemits - 1].rules,
                         &nb[m->nemits - 1].nrules, 1);
        return st ? st : end_of_statement(ps);
    }
    return perr(ps, kw, "unknown statement '%.*s' (want mapping, source, "
                "namespace, records, columns, delimiter, target, context, "
                "explode, xslt, not-carried, codes, table, emit, or a rule "
                "TARGET = SOURCE)", (int)kw->len, kw->p);
}

/* Checks after parsing ------------------------------------------------- */

static gcx_status add_issue(parser *ps, unsigned long line,
                            unsigned long col, const char *target,
                            const char *what, int note)
{
    gcx_mapping *m = ps->m;
    gcx_map_issue *a = gcx_realloc(m->issues,
                                   (m->nissues + 1) * sizeof *a);

    if (!a)
        return gcx_error_set(ps->err, GCX_E_NOMEM, "out of memory");
    a[m->nissues].line = line;
    a[m->nissues].column = col;
    a[m->nissues].target = target;
    a[m->nissues].what = what;
    a[m->nissues].note = note;
    m->nissues++;
    m->issues = a;
    return GCX_OK;
}

static int expr_paths(const mx_expr *x)
{
    size_t i;
    int n = 0;

    if (x->kind == MX_PATH)
        return 1;
    for (i = 0; i < x->nparts; i++)
        n += expr_paths(&x->parts[i]);
    return n;
}

/* resolve_tx: find the code lists and tables the transforms name. */
static gcx_status resolve_tx(parser *ps, mt_transform *tx, size_t n,
                             const char **why, int *note)
{
    size_t j;

    for (j = 0; j < n; j++) {
        mt_transform *x = &tx[j];
        token pos;

        pos.line = x->line;
        pos.column = x->column;
        if (x->kind != MT_CODE && x->kind != MT_LOOKUP)
            continue;
        x->codes = find_codes(ps->m, x->arg, x->arg_len,
                              x->kind == MT_LOOKUP);
        if (!x->codes)
            return perr(ps, &pos, "no %s named '%s' in this mapping",
                        x->kind == MT_LOOKUP ? "table" : "code list",
                        x->arg);
        x->codes->used = 1;
        if (!x->codes->injective && !*why) {
            *why = "its code list or table gives one canonical value "
                   "for several source codes: the first one listed is "
                   "written back";
            *note = 1;
        }
    }
    return GCX_OK;
}

static int has_split(const mt_transform *tx, size_t n)
{
    size_t j;

    for (j = 0; j < n; j++)
        if (tx[j].kind == MT_SPLIT)
            return 1;
    return 0;
}

/* check_rules: resolve code lists, collect reverse issues. A rule that
 * cannot be reversed is an issue (note 0) whatever else it has; only a
 * rule that can be reversed gets the note (1) about a code list that is
 * not one-to-one. */
static gcx_status check_rules(parser *ps, mrule **rules, size_t n)
{
    size_t i, j;
    gcx_status st = GCX_OK;

    for (i = 0; i < n && st == GCX_OK; i++) {
        mrule *r = rules[i];
        const mx_expr *x = &r->src;
        const char *why = NULL, *note_why = NULL;
        int note = 0;

        st = resolve_tx(ps, r->tx, r->ntx, &note_why, &note);
        for (j = 0; st == GCX_OK && j < x->nparts; j++)
            st = resolve_tx(ps, x->parts[j].tx, x->parts[j].ntx,
                            &note_why, &note);
        if (st)
            return st;
        if (has_split(r->tx, r->ntx))
            why = "split cannot be reversed";
        for (j = 0; j < x->nparts; j++) {
            const mx_expr *pt = &x->parts[j];

            if (has_split(pt->tx, pt->ntx))
                why = "split cannot be reversed";
            if (pt->kind == MX_PATH && pt->path.context != -1)
                why = "a value from a context or $record is not written "
                      "back";
            if (pt->kind == MX_XPATH)
                why = "an xpath expression cannot be reversed";
        }
        if (x->kind == MX_XPATH)
            why = "an xpath expression cannot be reversed";
        else if (x->kind == MX_CONCAT && expr_paths(x) > 1)
            why = "concat of several paths cannot be split back";
        else if (x->kind == MX_PATH && x->path.context != -1)
            why = "a value from a context or $record is not written back";
        if (r->cond.kind != MCOND_NONE && r->cond.expr.path.context != -1)
            why = "a condition on a context or $record is not written "
                  "back";
        if (x->kind != MX_LITERAL &&
            (r->cond.kind == MCOND_NE || r->cond.kind == MCOND_EXISTS ||
             r->cond.kind == MCOND_NOT_EXISTS))
            why = "only an 'if PATH = \"TEXT\"' condition can be reversed";
        r->not_reversible = why != NULL;
        if (why)
            st = add_issue(ps, r->line, r->column, r->target, why, 0);
        else if (note_why)
            st = add_issue(ps, r->line, r->column, r->target, note_why,
                           note);
        if (st == GCX_OK && r->is_group)
            st = check_rules(ps, r->rules, r->nrules);
    }
    return st;
}

/* sort_issues: file order (by line, then column; stable). */
static void sort_issues(gcx_mapping *m)
{
    size_t i, j;

    for (i = 1; i < m->nissues; i++) {
        gcx_map_issue t = m->issues[i];

        for (j = i; j > 0 && (m->issues[j - 1].line > t.line ||
                              (m->issues[j - 1].line == t.line &&
                               m->issues[j - 1].column > t.column)); j--)
            m->issues[j] = m->issues[j - 1];
        m->issues[j] = t;
    }
}

static gcx_status check_mapping(parser *ps)
{
    gcx_mapping *m = ps->m;
    const token *end = &ps->tk[ps->ntk - 1];
    gcx_status st;
    size_t i;

    if (!m->name)
        return perr(ps, end, "the mapping is empty: it must start with "
                    "'mapping NAME VERSION'");
    if (!ps->has_source)
        return perr(ps, end, "the mapping has no 'source' kind (xml, "
                    "json, ndjson or csv)");
    if (!m->target)
        return perr(ps, end, "the mapping has no 'target' record type");
    if (m->kind == GCX_MAP_XML && !m->records)
        return perr(ps, end, "an XML mapping needs 'records /PATH' naming "
                    "the record elements");
    if (m->kind == GCX_MAP_JSON && !m->records) {
        m->records = gcx_strdup("");
        if (!m->records)
            return gcx_error_set(ps->err, GCX_E_NOMEM, "out of memory");
    }
    if (m->top.nrules == 0 && m->nemits == 0)
        return perr(ps, end, "the mapping has no rules");
    st = check_rules(ps, m->top.rules, m->top.nrules);
    for (i = 0; st == GCX_OK && i < m->nemits; i++)
        st = check_rules(ps, m->emits[i].rules, m->emits[i].nrules);
    if (st)
        return st;
    if (m->has_explode)
        st = add_issue(ps, m->explode_line, 1, "explode",
                       "one source record gives several canonical records:"
                       " they are not gathered back", 0);
    if (!st && m->nemits)
        st = add_issue(ps, m->emits[0].line, 1, "emit",
                       "emit blocks are not gathered back into one source "
                       "record", 0);
    if (!st && m->xslt)
        st = add_issue(ps, ps->xslt_line, 1, "xslt",
                       "an XSLT stylesheet cannot be reversed", 0);
    if (!st)
        sort_issues(m);
    return st;
}

/* Load ----------------------------------------------------------------- */

gcx_status gcx_mapping_load_mem(gcx_mapping **out, const char *text,
                                size_t len, const char *name,
                                const char *dir, const gcx_schema *s,
                                gcx_error *err)
{
    parser ps;
    gcx_mapping *m;
    gcx_status st;
    size_t i;

    *out = NULL;
    m = gcx_calloc(1, sizeof *m);
    if (!m)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    m->schema = s;
    m->file = gcx_strdup(name ? name : "-");
    m->dir = gcx_strdup(dir ? dir : ".");
    m->delimiter = ',';
    if (!m->file || !m->dir) {
        gcx_mapping_free(m);
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    }
    memset(&ps, 0, sizeof ps);
    ps.m = m;
    ps.text = text;
    ps.len = len;
    ps.err = err;
    st = lex(&ps);
    while (st == GCX_OK) {
        skip_nl(&ps);
        if (peek(&ps)->type == TK_END)
            break;
        st = parse_statement(&ps);
    }
    if (st == GCX_OK)
        st = check_mapping(&ps);
    for (i = 0; i < ps.ntk; i++)
        if (ps.tk[i].type == TK_STRING)
            gcx_free((char *)ps.tk[i].p);
    gcx_free(ps.tk);
    if (st != GCX_OK) {
        gcx_mapping_free(m);
        return st;
    }
    *out = m;
    return GCX_OK;
}

gcx_status gcx_mapping_load(gcx_mapping **out, const char *path,
                            const gcx_schema *s, gcx_error *err)
{
    gcx_input *in = NULL;
    gcx_buf b;
    gcx_status st;
    char *dir, *slash;
    char chunk[8192];
    size_t got_n;

    *out = NULL;
    gcx_buf_init(&b, (size_t)16 << 20);
    st = gcx_input_open(&in, path, err);
    while (st == GCX_OK) {
        st = gcx_input_read(in, chunk, sizeof chunk, &got_n, err);
        if (st != GCX_OK || got_n == 0)
            break;
        st = gcx_buf_append(&b, chunk, got_n);
        if (st == GCX_E_LIMIT || st == GCX_E_NOMEM)
            st = gcx_error_set(err, st, "%s: mapping file too large or "
                               "out of memory", path);
    }
    gcx_input_close(in);
    if (st != GCX_OK) {
        gcx_buf_free(&b);
        return st;
    }
    dir = gcx_strdup(path);
    if (!dir) {
        gcx_buf_free(&b);
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    }
    slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    st = gcx_mapping_load_mem(out, b.len ? (const char *)b.data : "",
                              b.len, path, slash ? dir : ".", s, err);
    gcx_free(dir);
    gcx_buf_free(&b);
    return st;
}

static void free_strs(char **a, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        gcx_free(a[i]);
    gcx_free(a);
}

void gcx_mapping_free(gcx_mapping *m)
{
    size_t i, j;

    if (!m)
        return;
    for (i = 0; i < m->top.nrules; i++)
        rule_free(m->top.rules[i]);
    gcx_free(m->top.rules);
    for (i = 0; i < m->nemits; i++) {
        for (j = 0; j < m->emits[i].nrules; j++)
            rule_free(m->emits[i].rules[j]);
        gcx_free(m->emits[i].rules);
    }
    gcx_free(m->emits);
    for (i = 0; i < m->ncodes; i++)
        mc_free(m->codes[i]);
    gcx_free(m->codes);
    expr_free(&m->explode);
    free_strs(m->ns, m->nns);
    free_strs(m->ctx_names, m->nctx);
    free_strs(m->ctx_paths, m->nctx);
    free_strs(m->columns, m->ncolumns);
    free_strs(m->not_carried, m->nnot_carried);
    gcx_free(m->issues);
    gcx_free(m->file);
    gcx_free(m->dir);
    gcx_free(m->name);
    gcx_free(m->version);
    gcx_free(m->target);
    gcx_free(m->records);
    gcx_free(m->xslt);
    if (m->xpctx)
        xmlXPathFreeContext(m->xpctx);
    gcx_free(m);
}

const char *gcx_mapping_name(const gcx_mapping *m) { return m->name; }
const char *gcx_mapping_version(const gcx_mapping *m) { return m->version; }
const char *gcx_mapping_target(const gcx_mapping *m) { return m->target; }
gcx_map_kind gcx_mapping_kind(const gcx_mapping *m) { return m->kind; }
const char *gcx_mapping_records(const gcx_mapping *m) { return m->records; }
char gcx_mapping_delimiter(const gcx_mapping *m) { return m->delimiter; }
const char *gcx_mapping_xslt(const gcx_mapping *m) { return m->xslt; }

const char *const *gcx_mapping_namespaces(const gcx_mapping *m, size_t *n)
{
    *n = m->nns;
    return (const char *const *)m->ns;
}

const char *const *gcx_mapping_contexts(const gcx_mapping *m, size_t *n)
{
    *n = m->nctx;
    return (const char *const *)m->ctx_paths;
}

const char *const *gcx_mapping_columns(const gcx_mapping *m, size_t *n)
{
    *n = m->ndeclared;
    return (const char *const *)m->columns;
}

const char *const *gcx_mapping_not_carried(const gcx_mapping *m, size_t *n)
{
    *n = m->nnot_carried;
    return (const char *const *)m->not_carried;
}

size_t gcx_mapping_reverse_issues(const gcx_mapping *m,
                                  const gcx_map_issue **issues)
{
    *issues = m->issues;
    return m->nissues;
}
