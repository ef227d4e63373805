/* tests/unit/test_diff.c - unit tests for record diffs (lib/diff.c).
 *
 * RFC 6902 operation cases: scalar replace, members added and removed,
 * nested objects, arrays growing and shrinking, type changes, "~" and
 * "/" in member names, --ignore, name folding and spelling variants.
 * Each generated patch is applied by a small reference applier and must
 * give the new record (and its tests must pass on the old one).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gcx/buf.h>
#include <gcx/diff.h>
#include <gcx/error.h>
#include <gcx/json.h>
#include <gcx/json_out.h>

#include "unit.h"

#define MAX_OPS 64

typedef struct op {
    gcx_patch_op op;
    char path[256];
    const gcx_json *value;
} op;

typedef struct collected {
    op ops[MAX_OPS];
    size_t n;
    gcx_buf text;               /* "op path value;" for each op */
    gcx_buf changes;            /* "path;" for each change */
    gcx_buf variants;
} collected;

static gcx_error err;

static gcx_status on_op(void *ctx, gcx_patch_op o, const char *path,
                        size_t plen, const gcx_json *value)
{
    collected *c = ctx;
    gcx_jw w;

    CU_ASSERT_FATAL(c->n < MAX_OPS && plen < 256);
    CU_ASSERT_EQUAL(strlen(path), plen);
    c->ops[c->n].op = o;
    memcpy(c->ops[c->n].path, path, plen + 1);
    c->ops[c->n].value = value;
    c->n++;
    gcx_buf_printf(&c->text, "%s %s", gcx_patch_op_name(o), path);
    if (value) {
        gcx_buf_putc(&c->text, ' ');
        gcx_jw_init(&w, &c->text, 0);
        gcx_jw_value(&w, value);
    }
    gcx_buf_putc(&c->text, ';');
    return GCX_OK;
}

static gcx_status on_change(void *ctx, const char *path, size_t plen,
                            const gcx_json *a, const gcx_json *b)
{
    collected *c = ctx;

    (void)plen;
    gcx_buf_printf(&c->changes, "%s%s%s;", path, a ? "" : "+",
                   b ? "" : "-");
    return GCX_OK;
}

static gcx_status on_variant(void *ctx, const char *path, size_t plen,
                             const gcx_json *a, const gcx_json *b)
{
    collected *c = ctx;

    (void)plen;
    (void)a;
    (void)b;
    gcx_buf_printf(&c->variants, "%s;", path);
    return GCX_OK;
}

static gcx_json *parse(gcx_arena *a, const char *text)
{
    gcx_json *v = NULL;

    CU_ASSERT_EQUAL_FATAL(gcx_json_parse(text, strlen(text), "t", NULL, a,
                                         &v, &err), GCX_OK);
    return v;
}

/* ---------------------------------------------- the reference applier */

/* segment: the next unescaped segment of *p into seg; 0 at the end. */
static int segment(const char **p, char *seg, size_t *n)
{
    const char *s = *p;

    if (*s != '/')
        return 0;
    s++;
    *n = 0;
    while (*s && *s != '/') {
        if (*s == '~') {
            seg[(*n)++] = s[1] == '1' ? '/' : '~';
            s += 2;
        } else {
            seg[(*n)++] = *s++;
        }
    }
    seg[*n] = 0;
    *p = s;
    return 1;
}

/* slot: the address of the value at path (its parent must exist); for
 * an array index one past the end, the parent is returned in *parent and
 * NULL. */
static gcx_json **slot(gcx_json **root, const char *path, gcx_json **parent,
                       char *last, size_t *lastn)
{
    gcx_json **cur = root;
    char seg[256];
    size_t n, i;

    *parent = NULL;
    while (segment(&path, seg, &n)) {
        gcx_json *v = *cur;

        *parent = v;
        memcpy(last, seg, n + 1);
        *lastn = n;
        if (!cur || !v)
            return NULL;
        if (v->type == GCX_JSON_OBJECT) {
            cur = NULL;
            for (i = 0; i < v->len; i++)
                if (v->u.members[i].key_len == n &&
                    memcmp(v->u.members[i].key, seg, n) == 0)
                    cur = &v->u.members[i].value;
        } else if (v->type == GCX_JSON_ARRAY) {
            size_t idx = (size_t)strtoul(seg, NULL, 10);

            cur = idx < v->len ? &v->u.items[idx] : NULL;
        } else {
            return NULL;
        }
        if (!cur)
            return *path ? NULL : NULL;
    }
    return cur;
}

/* apply: run the ops on *root; 1 when every op applied (tests passed) */
static int apply(gcx_arena *a, gcx_json **root, const collected *c)
{
    size_t k, i;

    for (k = 0; k < c->n; k++) {
        const op *o = &c->ops[k];
        gcx_json *parent;
        char last[256];
        size_t lastn = 0;
        gcx_json **s = slot(root, o->path, &parent, last, &lastn);

        switch (o->op) {
        case GCX_PATCH_TEST:
            if (!s || !gcx_json_equal(*s, o->value))
                return 0;
            break;
        case GCX_PATCH_REPLACE:
            if (!s)
                return 0;
            *s = (gcx_json *)o->value;
            break;
        case GCX_PATCH_REMOVE:
            if (!s || !parent)
                return 0;
            if (parent->type == GCX_JSON_OBJECT) {
                i = (size_t)((gcx_json_member *)
                             ((char *)s - offsetof(gcx_json_member, value))
                             - parent->u.members);
                memmove(&parent->u.members[i], &parent->u.members[i + 1],
                        (parent->len - i - 1) * sizeof(gcx_json_member));
            } else {
                i = (size_t)(s - parent->u.items);
                memmove(&parent->u.items[i], &parent->u.items[i + 1],
                        (parent->len - i - 1) * sizeof(gcx_json *));
            }
            parent->len--;
            break;
        case GCX_PATCH_ADD:
            if (!parent)
                return 0;
            if (parent->type == GCX_JSON_OBJECT) {
                if (s)
                    return 0;
                gcx_json_object_put(a, parent, last, lastn,
                                    (gcx_json *)o->value);
            } else if (parent->type == GCX_JSON_ARRAY) {
                if ((size_t)strtoul(last, NULL, 10) != parent->len)
                    return 0; /* the generator only appends */
                gcx_json_array_push(a, parent, (gcx_json *)o->value);
            } else {
                return 0;
            }
            break;
        }
    }
    return 1;
}

/* members_equal: objects equal whatever their member order. */
static int same(const gcx_json *x, const gcx_json *y)
{
    size_t i, j;

    if (x->type != y->type || x->len != y->len)
        return 0;
    if (x->type == GCX_JSON_OBJECT) {
        for (i = 0; i < x->len; i++) {
            int found = 0;

            for (j = 0; j < y->len; j++)
                if (x->u.members[i].key_len == y->u.members[j].key_len &&
                    memcmp(x->u.members[i].key, y->u.members[j].key,
                           x->u.members[i].key_len) == 0) {
                    found = same(x->u.members[i].value,
                                 y->u.members[j].value);
                    break;
                }
            if (!found)
                return 0;
        }
        return 1;
    }
    if (x->type == GCX_JSON_ARRAY) {
        for (i = 0; i < x->len; i++)
            if (!same(x->u.items[i], y->u.items[i]))
                return 0;
        return 1;
    }
    return gcx_json_equal(x, y);
}

/* check: diff old and new; the ops must read want_ops (NULL: not
 * checked), and applying them to old must give new (unless the options
 * hide differences). Returns the changes text. */
static void check(const char *old_text, const char *new_text,
                  const gcx_diff_options *opt, const char *want_ops,
                  const char *want_changes, const char *want_variants,
                  int must_apply_to_new)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *o, *n, *o2;
    collected *c = calloc(1, sizeof *c);
    gcx_diff_sink sink;
    size_t nch, nvar;

    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    gcx_buf_init(&c->text, 0);
    gcx_buf_init(&c->changes, 0);
    gcx_buf_init(&c->variants, 0);
    gcx_buf_puts(&c->text, "");
    gcx_buf_puts(&c->changes, "");
    gcx_buf_puts(&c->variants, "");
    o = parse(a, old_text);
    n = parse(a, new_text);
    o2 = parse(a, old_text);
    sink.ctx = c;
    sink.op = on_op;
    sink.change = on_change;
    sink.variant = on_variant;
    CU_ASSERT_EQUAL(gcx_diff_records(o, n, opt, &sink, &nch, &nvar, &err),
                    GCX_OK);
    if (want_ops) {
        CU_ASSERT_STRING_EQUAL(c->text.data, want_ops);
        if (strcmp(c->text.data, want_ops))
            printf("\n  ops: %s\n want: %s\n", c->text.data, want_ops);
    }
    if (want_changes)
        CU_ASSERT_STRING_EQUAL(c->changes.data, want_changes);
    if (want_variants)
        CU_ASSERT_STRING_EQUAL(c->variants.data, want_variants);
    CU_ASSERT(apply(a, &o2, c));
    if (must_apply_to_new)
        CU_ASSERT(same(o2, n));
    /* the same patch must fail on a record it was not made from, when it
     * has a test */
    gcx_buf_free(&c->text);
    gcx_buf_free(&c->changes);
    gcx_buf_free(&c->variants);
    free(c);
    gcx_arena_free(a);
}

static void test_equal(void)
{
    check("{\"a\":1,\"b\":[1,2]}", "{\"a\":1,\"b\":[1,2]}", NULL, "", "",
          "", 1);
}

static void test_scalar_replace(void)
{
    check("{\"a\":1,\"b\":\"x\"}", "{\"a\":2,\"b\":\"x\"}", NULL,
          "test /a 1;replace /a 2;", "/a;", "", 1);
    check("{\"a\":true}", "{\"a\":null}", NULL,
          "test /a true;replace /a null;", "/a;", "", 1);
}

static void test_members(void)
{
    check("{\"a\":1,\"b\":2}", "{\"b\":2,\"c\":3}", NULL,
          "test /a 1;remove /a;add /c 3;", "/a-;/c+;", "", 1);
}

static void test_nested(void)
{
    check("{\"n\":{\"ar\":{\"g\":\"x\"},\"en\":{\"g\":\"y\"}}}",
          "{\"n\":{\"ar\":{\"g\":\"z\"},\"en\":{\"g\":\"y\",\"f\":\"w\"}}}",
          NULL,
          "test /n/ar/g \"x\";replace /n/ar/g \"z\";add /n/en/f \"w\";",
          "/n/ar/g;/n/en/f+;", "", 1);
}

static void test_type_change(void)
{
    check("{\"a\":{\"b\":1}}", "{\"a\":[1]}", NULL,
          "test /a {\"b\":1};replace /a [1];", "/a;", "", 1);
}

static void test_array_grow(void)
{
    check("{\"p\":[1,2]}", "{\"p\":[1,3,4,5]}", NULL,
          "test /p/1 2;replace /p/1 3;add /p/2 4;add /p/3 5;",
          "/p/1;/p/2+;/p/3+;", "", 1);
}

static void test_array_shrink(void)
{
    check("{\"p\":[1,2,3,4]}", "{\"p\":[0]}", NULL,
          "test /p/0 1;replace /p/0 0;test /p/3 4;remove /p/3;"
          "test /p/2 3;remove /p/2;test /p/1 2;remove /p/1;",
          "/p/0;/p/3-;/p/2-;/p/1-;", "", 1);
    check("{\"p\":[{\"a\":1}]}", "{\"p\":[]}", NULL,
          "test /p/0 {\"a\":1};remove /p/0;", "/p/0-;", "", 1);
}

static void test_escapes(void)
{
    check("{\"a/b\":1,\"c~d\":{\"~/\":2}}",
          "{\"a/b\":2,\"c~d\":{\"~/\":3}}", NULL,
          "test /a~1b 1;replace /a~1b 2;test /c~0d/~0~1 2;"
          "replace /c~0d/~0~1 3;", "/a~1b;/c~0d/~0~1;", "", 1);
}

static void test_ignore(void)
{
    gcx_diff_options opt = gcx_diff_options_default();
    const char *ign[] = {"/provenance", "/x/0"};

    opt.ignore = ign;
    opt.nignore = 2;
    check("{\"a\":1,\"provenance\":{\"t\":1},\"x\":[1,2],\"provenances\":1}",
          "{\"a\":1,\"provenance\":{\"t\":2},\"x\":[9,2],\"provenances\":2}",
          &opt, "test /provenances 1;replace /provenances 2;",
          "/provenances;", "", 0);
    /* an ignored member that is added or removed is no change either */
    check("{\"a\":1}", "{\"a\":1,\"provenance\":{}}", &opt, "", "", "", 0);
}

static void test_fold_names(void)
{
    gcx_diff_options opt = gcx_diff_options_default();

    opt.fold_names = 1;
    /* tatweel, alef with hamza, teh marbuta, farsi yeh, keheh, digits:
     * variants; another letter: a change; the same text outside a name:
     * a change */
    check("{\"name\":{\"ar\":{\"given\":\"\xd9\x85\xd8\xad\xd9\x85\xd8\xaf\","
          "\"family\":\"\xd8\xa3\xd8\xad\xd9\x85\xd8\xaf\","
          "\"father\":\"\xd9\x81\xd8\xa7\xd8\xb7\xd9\x85\xd8\xa9\"}},"
          "\"city\":{\"ar\":\"\xd8\xa3\"}}",
          "{\"name\":{\"ar\":{\"given\":"
          "\"\xd9\x85\xd8\xad\xd9\x80\xd9\x85\xd8\xaf\","
          "\"family\":\"\xd8\xa7\xd8\xad\xd9\x85\xd8\xaf\","
          "\"father\":\"\xd9\x81\xd8\xa7\xd8\xb7\xd9\x85\xd9\x87\"}},"
          "\"city\":{\"ar\":\"\xd8\xa7\"}}",
          &opt, "test /city/ar \"\xd8\xa3\";replace /city/ar "
          "\"\xd8\xa7\";", "/city/ar;",
          "/name/ar/given;/name/ar/family;/name/ar/father;", 0);
    /* without folding they are changes */
    check("{\"name\":{\"ar\":\"\xd9\x85\xd8\xad\xd9\x85\xd8\xaf\"}}",
          "{\"name\":{\"ar\":\"\xd9\x85\xd8\xad\xd9\x80\xd9\x85\xd8\xaf\"}}",
          NULL, NULL, "/name/ar;", "", 1);
}

static void test_fold_key(void)
{
    gcx_buf b;

    gcx_buf_init(&b, 0);
    /* keheh, farsi yeh, alef maksura, alef wasla, madda, Arabic-Indic
     * and extended digits */
    CU_ASSERT_EQUAL(gcx_diff_fold_name("\xda\xa9\xdb\x8c\xd9\x89\xd9\xb1"
                                       "\xd8\xa2\xd9\xa1\xdb\xb2", 14, &b),
                    GCX_OK);
    CU_ASSERT_STRING_EQUAL(b.data, "\xd9\x83\xd9\x8a\xd9\x8a\xd8\xa7"
                                   "\xd8\xa7" "12");
    gcx_buf_reset(&b);
    CU_ASSERT_EQUAL(gcx_diff_fold_name("ab\xff", 3, &b), GCX_E_INVALID);
    gcx_buf_free(&b);
}

static void test_root_and_errors(void)
{
    gcx_arena *a = gcx_arena_new();
    gcx_json *v = parse(a, "1");
    size_t nch = 9;

    CU_ASSERT_EQUAL(gcx_diff_records(NULL, v, NULL, NULL, &nch, NULL, &err),
                    GCX_E_USAGE);
    CU_ASSERT_EQUAL(nch, 0);
    CU_ASSERT_EQUAL(gcx_diff_records(v, parse(a, "2"), NULL, NULL, &nch,
                                     NULL, &err), GCX_OK);
    CU_ASSERT_EQUAL(nch, 1);
    gcx_arena_free(a);
    check("[1]", "{}", NULL, "test  [1];replace  {};", ";", "", 1);
}

static const gcx_unit_case cases[] = {
    {"equal records give no op", test_equal},
    {"scalar replace with test", test_scalar_replace},
    {"members added and removed", test_members},
    {"nested objects", test_nested},
    {"type change replaces", test_type_change},
    {"array grows: add at index", test_array_grow},
    {"array shrinks: remove from the end", test_array_shrink},
    {"~ and / in member names", test_escapes},
    {"ignored pointers", test_ignore},
    {"fold-names variants", test_fold_names},
    {"fold key", test_fold_key},
    {"root values and errors", test_root_and_errors},
    {NULL, NULL}
};

GCX_UNIT_MAIN("diff", cases)
