/* lib/validate.c - checks canonical records against the schema tree and
 * the domain rules of gcx/rules.h, with findings in English and Arabic;
 * holds indicator records until their EGDI group is complete; loads
 * severity profiles.
 */
#include "internal.h"

/* Decisions the header leaves open (docs/validation.md says more):
 * - The schema tree is mirrored once, at gcx_validator_new, into vnodes
 *   that carry what the hot path needs: name lengths, rule-group bits
 *   and a pre-compiled matcher for the simple patterns (a sequence of
 *   literals and [classes] with quantifiers, top-level |), which gives
 *   the same verdict as regexec on the anchored pattern; patterns with
 *   groups fall back to regexec (on a value without NUL bytes).
 * - Object members are checked in schema order (envelope first), then
 *   missing required members, then unknown members; so findings come in
 *   a stable order whatever the order of the source.
 * - One scalar gets at most one structural finding (the first of length,
 *   enum, grammar, pattern, format). A value-level rule group
 *   (identifier, money, phone, iban, text, name-scripts) runs only when
 *   its subtree passed the structural checks, so one fault gives one
 *   finding. Record-level groups (person, establishment, indicator)
 *   always run and look only at fields that are well-formed.
 * - Cross-field findings sit on the field most likely wrong: the birth
 *   date (xfield.id-birthdate, date.future), the nationality
 *   (xfield.*-nationality), the expiry date, the owners array.
 * - EGDI mean: doubles, because published values have at most 6
 *   decimals and the tolerance is 1e-4: the rounding error of a double
 *   (1e-16) cannot move a verdict except within 1e-12 of the bound, and
 *   1e-9 of slack is allowed for that.
 */

#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gcx/io.h>
#include <gcx/json.h>
#include <gcx/rules.h>
#include <gcx/schema.h>
#include <gcx/validate.h>

#if defined(__GNUC__)
#define GCXV_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define GCXV_PRINTF(a, b)
#endif

#define SEV_OFF 3                 /* a severity slot meaning "dropped" */
#define PATH_MAX_BYTES 512        /* longest JSON Pointer kept */
#define PATH_MAX_DEPTH 64         /* deeper segments are left out */
#define DEFAULT_MAX_PENDING 4096
#define EGDI_TOLERANCE 1e-4
#define EGDI_SLACK 1e-9
#define PROFILE_MAX_BYTES ((size_t)1 << 20)

/* ---------------------------------------------------------- catalogue */

#define E GCX_SEV_ERROR
#define W GCX_SEV_WARNING
#define I GCX_SEV_INFO

/* The validator's own rules, sorted by strcmp (a unit test checks). */
static const gcx_rule_info vrules[] = {
    {"id.state-mismatch", E, "identifier state differs from its scheme"},
    {"indicator.egdi-mean", E, "EGDI is not the mean of OSI, HCI, TII"},
    {"indicator.egdi-unchecked", I, "EGDI could not be checked"},
    {"indicator.range", E, "index value outside 0 to 1"},
    {"indicator.rank", E, "EGDI rank is not a positive integer"},
    {"input.limit", E, "record larger than a limit"},
    {"input.syntax", E, "record is not JSON or canonical XML"},
    {"schema.date", E, "not a real date YYYY-MM-DD"},
    {"schema.datetime", E, "not an ISO 8601 date-time with offset"},
    {"schema.decimal", E, "not a decimal string"},
    {"schema.duplicate-set-item", E, "two set items with the same keys"},
    {"schema.enum", E, "value not among the allowed values"},
    {"schema.format", E, "value not of the field's format"},
    {"schema.length", E, "text too short or too long"},
    {"schema.min-items", E, "array has too few items"},
    {"schema.min-properties", E, "object has too few fields"},
    {"schema.minimum", E, "integer below the minimum"},
    {"schema.null", E, "null where a value is due"},
    {"schema.pattern", E, "value does not match the pattern"},
    {"schema.record-type", E, "recordType missing or unknown"},
    {"schema.required", E, "required field missing"},
    {"schema.type", E, "value of the wrong JSON type"},
    {"schema.unknown-field", E, "field not in the schema"},
    {"xfield.expiry-before-registration", E,
     "expiry date not after registration date"},
    {"xfield.id-birthdate", E, "birth date differs from the identifier"},
    {"xfield.owner-shares", E, "owners' shares add up to more than 100"},
    {"xfield.qid-nationality", E, "nationality differs from the QID code"},
    {"xfield.sa-nationality", E, "nationality differs from the Saudi ID"},
};
#define NVRULES (sizeof vrules / sizeof vrules[0])

#undef E
#undef W
#undef I

static int vrule_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const gcx_rule_info *)elem)->id);
}

static const gcx_rule_info *vrule_find(const char *id)
{
    return bsearch(id, vrules, NVRULES, sizeof vrules[0], vrule_cmp);
}

int gcx_rule_default_severity(const char *rule)
{
    const gcx_rule_info *r;

    if (!rule)
        return -1;
    r = vrule_find(rule);
    if (!r)
        r = gcx_rules_lookup(rule);
    return r ? (int)r->severity : -1;
}

const char *gcx_validate_rule_at(size_t i)
{
    size_t n;
    const gcx_rule_info *list;

    if (i < NVRULES)
        return vrules[i].id;
    list = gcx_rules_list(&n);
    i -= NVRULES;
    return i < n ? list[i].id : NULL;
}

const char *gcx_validate_severity_name(gcx_severity s)
{
    switch (s) {
    case GCX_SEV_ERROR:
        return "error";
    case GCX_SEV_WARNING:
        return "warning";
    default:
        return "info";
    }
}

/* is_rule: id names a rule; is_prefix: some rule id starts with p. */
static int is_rule(const char *id)
{
    return gcx_rule_default_severity(id) >= 0;
}

static int is_prefix(const char *p, size_t n)
{
    const char *id;
    size_t i;

    for (i = 0; (id = gcx_validate_rule_at(i)) != NULL; i++)
        if (strncmp(id, p, n) == 0)
            return 1;
    return 0;
}

/* ------------------------------------------------------------ profiles */

typedef struct pent {
    char *pat;       /* exact id, or the prefix before the "*" */
    size_t len;
    int prefix;      /* 1: pat is a prefix ("x.*" gives "x.", "*" "") */
    int sev;         /* gcx_severity or SEV_OFF */
} pent;

struct gcx_profile {
    pent *e;
    size_t n;
};

void gcx_profile_free(gcx_profile *p)
{
    size_t i;

    if (!p)
        return;
    for (i = 0; i < p->n; i++)
        gcx_free(p->e[i].pat);
    gcx_free(p->e);
    gcx_free(p);
}

int gcx_profile_severity(const gcx_profile *p, const char *rule)
{
    const pent *best = NULL;
    size_t i;

    if (!p || !rule)
        return -2;
    for (i = 0; i < p->n; i++) {
        const pent *e = &p->e[i];

        if (!e->prefix) {
            if (strcmp(e->pat, rule) == 0) {
                best = e;
                break;
            }
        } else if (strncmp(e->pat, rule, e->len) == 0 &&
                   (!best || e->len > best->len)) {
            best = e;
        }
    }
    if (!best)
        return -2;
    return best->sev == SEV_OFF ? -1 : best->sev;
}

/* key_position: the line and column of the key of the member whose
 * value starts at v (the parser records value positions only): walk
 * back from the value over the colon and the quoted key. Columns count
 * code points, as the parser's do. */
static void key_position(const char *text, size_t len, const gcx_json *v,
                         unsigned long *line, unsigned long *col)
{
    size_t off = 0, p, q, bs, lstart = 0;
    unsigned long ln = 1, c = 1;

    *line = v->line;
    *col = v->column;
    /* byte offset of the value's (line, column) */
    while (off < len && ln < v->line) {
        if (text[off++] == '\n')
            ln++;
    }
    while (off < len && c < v->column && text[off] != '\n') {
        off++;
        while (off < len && ((unsigned char)text[off] & 0xC0) == 0x80)
            off++;
        c++;
    }
    /* back over blanks, the colon, blanks, to the key's closing quote */
    p = off;
    while (p > 0 && strchr(" \t\r\n", text[p - 1]) && text[p - 1])
        p--;
    if (p == 0 || text[p - 1] != ':')
        return;
    p--;
    while (p > 0 && strchr(" \t\r\n", text[p - 1]) && text[p - 1])
        p--;
    if (p == 0 || text[p - 1] != '"')
        return;
    q = p - 1;
    for (;;) { /* the opening quote: one not escaped */
        if (q == 0)
            return;
        q--;
        if (text[q] != '"')
            continue;
        for (bs = 0; bs < q && text[q - 1 - bs] == '\\'; bs++)
            ;
        if (bs % 2 == 0)
            break;
    }
    ln = 1;
    for (off = 0; off < q; off++)
        if (text[off] == '\n') {
            ln++;
            lstart = off + 1;
        }
    c = 1;
    for (off = lstart; off < q; off++)
        if (((unsigned char)text[off] & 0xC0) != 0x80)
            c++;
    *line = ln;
    *col = c;
}

static gcx_status profile_fail(gcx_error *err, const char *name,
                               const char *text, size_t len,
                               const gcx_json *at, int at_key,
                               const char *fmt, ...) GCXV_PRINTF(7, 8);

static gcx_status profile_fail(gcx_error *err, const char *name,
                               const char *text, size_t len,
                               const gcx_json *at, int at_key,
                               const char *fmt, ...)
{
    unsigned long line = 0, col = 0;
    va_list ap;

    if (at) {
        line = at->line;
        col = at->column;
        if (at_key)
            key_position(text, len, at, &line, &col);
    }
    gcx_error_clear(err);
    gcx_error_at(err, name, line, col);
    va_start(ap, fmt);
    gcx_error_setv(err, GCX_E_CONFIG, fmt, ap);
    va_end(ap);
    return GCX_E_CONFIG;
}

static int sev_parse(const gcx_json *v)
{
    static const char *const names[] = {"error", "warning", "info", "off"};
    int i;

    if (v->type != GCX_JSON_STRING)
        return -1;
    for (i = 0; i < 4; i++)
        if (strlen(names[i]) == v->len && strcmp(names[i], v->u.text) == 0)
            return i;
    return -1;
}

/* profile_entries: fill p from the "severities" object. */
static gcx_status profile_entries(gcx_profile *p, const gcx_json *sev,
                                  const char *name, const char *text,
                                  size_t len, gcx_error *err)
{
    size_t i;

    p->e = gcx_calloc(sev->len ? sev->len : 1, sizeof *p->e);
    if (!p->e)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    for (i = 0; i < sev->len; i++) {
        const gcx_json_member *m = &sev->u.members[i];
        const char *k = m->key;
        size_t kl = m->key_len;
        int s = sev_parse(m->value), prefix = 0;
        pent *e = &p->e[p->n];

        if (strlen(k) != kl)
            return profile_fail(err, name, text, len, m->value, 1,
                                "rule id with a NUL character");
        if (kl >= 1 && k[kl - 1] == '*') {
            if (kl != 1 && (kl < 3 || k[kl - 2] != '.'))
                return profile_fail(err, name, text, len, m->value, 1,
                                    "bad rule pattern \"%.80s\": a "
                                    "pattern is PREFIX.* or *", k);
            prefix = 1;
            kl--;
            if (!is_prefix(k, kl))
                return profile_fail(err, name, text, len, m->value, 1,
                                    "pattern \"%.80s\" matches no rule",
                                    k);
        } else if (!is_rule(k)) {
            return profile_fail(err, name, text, len, m->value, 1,
                                "unknown rule id \"%.80s\"", k);
        }
        if (s < 0)
            return profile_fail(err, name, text, len, m->value, 0,
                                "severity of \"%.80s\" must be \"error\", "
                                "\"warning\", \"info\" or \"off\"", k);
        if (!prefix && s != GCX_SEV_ERROR &&
            strncmp(k, "input.", 6) == 0)
            return profile_fail(err, name, text, len, m->value, 0,
                                "\"%s\" is always an error: a record "
                                "that cannot be read cannot pass", k);
        e->pat = gcx_strndup(k, kl);
        if (!e->pat)
            return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
        e->len = kl;
        e->prefix = prefix;
        e->sev = s;
        p->n++;
    }
    return GCX_OK;
}

gcx_status gcx_profile_load_mem(gcx_profile **out, const char *text,
                                size_t len, const char *name,
                                gcx_error *err)
{
    gcx_json_parse_options po = gcx_json_parse_options_default();
    gcx_arena *a;
    gcx_json *root;
    const gcx_json *sev = NULL;
    gcx_profile *p;
    gcx_status st;
    size_t i;

    *out = NULL;
    if (!name)
        name = "<profile>";
    a = gcx_arena_new();
    if (!a)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    st = gcx_json_parse(text, len, name, &po, a, &root, err);
    if (st) {
        gcx_arena_free(a);
        if (st == GCX_E_NOMEM)
            return st;
        if (err)
            err->code = GCX_E_CONFIG;
        return GCX_E_CONFIG;
    }
    if (root->type != GCX_JSON_OBJECT) {
        st = profile_fail(err, name, text, len, root, 0,
                          "a profile is a JSON object with \"severities\"");
        gcx_arena_free(a);
        return st;
    }
    for (i = 0; i < root->len; i++) {
        const gcx_json_member *m = &root->u.members[i];

        if (strcmp(m->key, "severities") == 0 &&
            m->value->type == GCX_JSON_OBJECT) {
            sev = m->value;
        } else if (strcmp(m->key, "description") == 0 &&
                   m->value->type == GCX_JSON_STRING) {
            continue;
        } else {
            st = profile_fail(err, name, text, len, m->value, 1,
                              "unexpected key \"%.80s\" (a profile has "
                              "\"severities\", an object, and an optional "
                              "\"description\", a string)", m->key);
            gcx_arena_free(a);
            return st;
        }
    }
    if (!sev) {
        st = profile_fail(err, name, text, len, root, 0,
                          "the profile has no \"severities\" object");
        gcx_arena_free(a);
        return st;
    }
    p = gcx_calloc(1, sizeof *p);
    if (!p) {
        gcx_arena_free(a);
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    }
    st = profile_entries(p, sev, name, text, len, err);
    gcx_arena_free(a);
    if (st) {
        gcx_profile_free(p);
        return st;
    }
    *out = p;
    return GCX_OK;
}

gcx_status gcx_profile_load(gcx_profile **out, const char *path,
                            gcx_error *err)
{
    gcx_input *in = NULL;
    gcx_buf b;
    gcx_status st;
    char chunk[8192];
    size_t got;

    *out = NULL;
    gcx_buf_init(&b, PROFILE_MAX_BYTES);
    st = gcx_input_open(&in, path, err);
    while (!st) {
        st = gcx_input_read(in, chunk, sizeof chunk, &got, err);
        if (st || got == 0)
            break;
        st = gcx_buf_append(&b, chunk, got);
        if (st == GCX_E_LIMIT) {
            gcx_error_clear(err);
            gcx_error_at(err, path, 0, 0);
            st = gcx_error_set(err, GCX_E_CONFIG, "profile larger than "
                               "%zu bytes", PROFILE_MAX_BYTES);
        } else if (st) {
            st = gcx_error_set(err, st, "out of memory");
        }
    }
    if (!st)
        st = gcx_profile_load_mem(out, b.data ? b.data : "", b.len,
                                  gcx_input_name(in), err);
    gcx_input_close(in);
    gcx_buf_free(&b);
    return st;
}

/* ---------------------------------------------------- simple patterns */

/* An atom: a set of bytes repeated min..max times. */
typedef struct patom {
    unsigned char set[32];
    unsigned min, max;
} patom;

#define PAT_MAX_ATOMS 32
#define PAT_MAX_ALTS 8

typedef struct spat {
    size_t nalt;
    size_t start[PAT_MAX_ALTS + 1]; /* atoms of alternative i */
    patom atoms[PAT_MAX_ATOMS];
} spat;

static void set_add(patom *a, unsigned c)
{
    a->set[c >> 3] |= (unsigned char)(1u << (c & 7));
}

static int set_has(const patom *a, unsigned char c)
{
    return a->set[c >> 3] & (1u << (c & 7));
}

static int spat_number(const char **pp, unsigned *out)
{
    const char *p = *pp;
    unsigned v = 0;

    if (*p < '0' || *p > '9')
        return -1;
    while (*p >= '0' && *p <= '9') {
        v = v * 10 + (unsigned)(*p - '0');
        if (v > 100000)
            return -1;
        p++;
    }
    *pp = p;
    *out = v;
    return 0;
}

/* spat_compile: the pattern as a matcher, or 0 when it uses more than
 * literals, ".", [classes], quantifiers and top-level "|". */
static int spat_compile(const char *p, spat *s)
{
    size_t n = 0;

    memset(s, 0, sizeof *s);
    s->nalt = 1;
    while (*p) {
        patom *a;

        if (*p == '|') {
            if (s->nalt == PAT_MAX_ALTS)
                return 0;
            s->start[s->nalt++] = n;
            p++;
            continue;
        }
        if (n == PAT_MAX_ATOMS)
            return 0;
        a = &s->atoms[n++];
        memset(a, 0, sizeof *a);
        a->min = a->max = 1;
        if (*p == '[') {
            int neg = 0, first = 1;
            unsigned c;

            p++;
            if (*p == '^') {
                neg = 1;
                p++;
            }
            while (*p && (*p != ']' || first)) {
                unsigned lo = (unsigned char)*p, hi = lo;

                if (*p == '[' || *p == '\\')
                    return 0;
                if (p[1] == '-' && p[2] && p[2] != ']') {
                    hi = (unsigned char)p[2];
                    if (hi < lo)
                        return 0;
                    p += 3;
                } else {
                    p++;
                }
                for (c = lo; c <= hi; c++)
                    set_add(a, c);
                first = 0;
            }
            if (*p != ']')
                return 0;
            p++;
            if (neg)
                for (c = 0; c < 32; c++)
                    a->set[c] = (unsigned char)~a->set[c];
        } else if (*p == '.') {
            memset(a->set, 0xFF, sizeof a->set);
            p++;
        } else if (*p == '\\') {
            if (!p[1] || (p[1] >= '0' && p[1] <= '9') ||
                ((p[1] | 0x20) >= 'a' && (p[1] | 0x20) <= 'z'))
                return 0;
            set_add(a, (unsigned char)p[1]);
            p += 2;
        } else if (strchr("()^$*+?{}]", *p)) {
            return 0;
        } else {
            set_add(a, (unsigned char)*p);
            p++;
        }
        a->set[0] &= (unsigned char)~1u; /* never NUL, like regexec */
        if (*p == '*' || *p == '+' || *p == '?') {
            a->min = *p == '+' ? 1 : 0;
            a->max = *p == '?' ? 1 : (unsigned)-1;
            p++;
        } else if (*p == '{') {
            p++;
            if (spat_number(&p, &a->min))
                return 0;
            a->max = a->min;
            if (*p == ',') {
                p++;
                a->max = (unsigned)-1;
                if (*p != '}' && spat_number(&p, &a->max))
                    return 0;
            }
            if (*p != '}' || a->max < a->min)
                return 0;
            p++;
        }
        if (*p == '*' || *p == '+' || *p == '?' || *p == '{')
            return 0;
    }
    s->start[s->nalt] = n;
    return 1;
}

/* spat_run: atoms [i, end) match s[pos, len) exactly (backtracking). */
static int spat_run(const spat *p, size_t i, size_t end,
                    const unsigned char *s, size_t pos, size_t len)
{
    const patom *a;
    size_t k, most;

    if (i == end)
        return pos == len;
    a = &p->atoms[i];
    most = 0;
    while (pos + most < len && most < a->max && set_has(a, s[pos + most]))
        most++;
    if (most < a->min)
        return 0;
    if (i + 1 == end)
        return pos + most == len;
    for (k = most + 1; k-- > a->min;)
        if (spat_run(p, i + 1, end, s, pos + k, len))
            return 1;
    return 0;
}

static int spat_match(const spat *p, const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < p->nalt; i++)
        if (spat_run(p, p->start[i], p->start[i + 1],
                     (const unsigned char *)s, 0, len))
            return 1;
    return 0;
}

/* ------------------------------------------------------ schema mirror */

enum {
    G_IDENTIFIER = 1u << 0,
    G_MONEY = 1u << 1,
    G_PHONE = 1u << 2,
    G_IBAN = 1u << 3,
    G_TEXT = 1u << 4,
    G_NAMES = 1u << 5,
    G_PERSON = 1u << 6,
    G_ESTABLISHMENT = 1u << 7,
    G_INDICATOR = 1u << 8
};
#define G_VALUE (G_IDENTIFIER | G_MONEY | G_PHONE | G_IBAN | G_TEXT | \
                 G_NAMES)

enum { F_NONE, F_ALPHA3, F_ISO4217, F_EMAIL, F_E164, F_IBAN };

typedef struct vnode {
    const gcx_schema_node *s;
    size_t name_len;
    int required;
    unsigned groups;
    int format;
    spat *pat;                 /* NULL: regexec on s->pattern_re */
    size_t *enum_len;          /* strlen of each of s->enums */
    struct vnode **props;      /* s->nprops */
    struct vnode *items;
} vnode;

typedef struct vrecord {
    const char *name;
    size_t len;
    vnode *root;
} vrecord;

/* ------------------------------------------------------------ entries */

/* A record on its way through: decided (queued) or held. */
typedef struct ventry {
    gcx_buf text;
    unsigned long long record;
    unsigned long line;
    gcx_finding *f;
    size_t nf, capf;
    unsigned long long ndropped;
    unsigned long long nsev[3];
    int worst;                 /* lowest gcx_severity seen; 3: none */
    /* indicator hold */
    int kind;                  /* IND_* */
    int value_ok;              /* value is a decimal within its range */
    double value;
    char vtext[48];            /* the value as written (cut) */
    struct ventry *next;       /* in a group, or in the pool */
} ventry;

enum { IND_EGDI, IND_OSI, IND_HCI, IND_TII, IND_EPART, IND_RANK, IND_NONE };
#define IND_ALL 15u

typedef struct vgroup {
    char key[24];              /* refArea NUL period */
    size_t klen;
    unsigned have;             /* 1 << IND_* of EGDI..TII seen */
    ventry *head, *tail;
    size_t n;
    struct vgroup *older, *newer;
    struct vgroup *hnext;
} vgroup;

/* An item or member of a container being parsed (fast path). */
typedef struct fp_item {
    gcx_json *v;
    const char *key;           /* member key (NUL-terminated copy) */
    size_t klen;
} fp_item;

#define FP_ITEMS 4096

struct gcx_validator {
    const gcx_schema *schema;
    const gcx_codes *codes;
    const gcx_profile *profile;
    gcx_rules_options ropt;
    char today[11];
    int today_year;
    size_t max_pending;
    gcx_arena *arena;          /* vnodes, patterns */
    vrecord recs[16];
    size_t nrecs;
    int *scr;                  /* member index per prop, stacked */
    size_t scr_top, scr_cap;
    /* the record being checked; the path to the value being checked is
     * kept as segments and written out only for a finding */
    ventry *cur;
    struct vseg {
        const char *k;         /* key, or NULL for an array index */
        size_t n;              /* key bytes, or the index */
    } seg[PATH_MAX_DEPTH];
    size_t depth;
    char path[PATH_MAX_BYTES];
    unsigned long long nfail;  /* structural failures so far */
    struct {                   /* identifiers that passed their checks */
        const gcx_json *id;
    } idok[16];
    size_t nidok;
    gcx_status st;             /* sticky: NOMEM or INTERNAL */
    char en[256];
    char ar[384];
    /* decided records, in order */
    ventry **q;
    size_t qcap, qhead, qlen;
    ventry *handed;
    ventry *pool;
    /* held indicator records */
    vgroup **buckets;
    size_t nbuckets;
    vgroup *oldest, *newest, *gpool;
    size_t held;
    gcx_validate_counts counts;
    /* severity cache by rule pointer */
    struct {
        const char *rule;
        int sev;
    } cache[64];
    /* records parsed by gcx_validator_push_text */
    gcx_arena *parse_arena;
    fp_item *fp_items;
    size_t fp_cap;
    /* set duplicate detection */
    struct dupent {
        uint64_t h;
        size_t i;
    } *dup;
    size_t dupcap;
};

/* ------------------------------------------------------------ messages */

/* cut_utf8: make the NUL-terminated buf end on a character boundary. */
static void cut_utf8(char *buf)
{
    size_t n = strlen(buf), lead, need;

    lead = n;
    while (lead > 0 && ((unsigned char)buf[lead - 1] & 0xC0) == 0x80)
        lead--;
    if (lead == 0)
        return;
    lead--;
    need = (unsigned char)buf[lead] >= 0xF0 ? 4
         : (unsigned char)buf[lead] >= 0xE0 ? 3
         : (unsigned char)buf[lead] >= 0xC0 ? 2 : 1;
    if (lead + need > n)
        buf[lead] = '\0';
}

static void put_en(gcx_validator *v, const char *fmt, ...)
    GCXV_PRINTF(2, 3);
static void put_ar(gcx_validator *v, const char *fmt, ...)
    GCXV_PRINTF(2, 3);

static void put_en(gcx_validator *v, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(v->en, sizeof v->en, fmt, ap);
    va_end(ap);
    cut_utf8(v->en);
}

static void put_ar(gcx_validator *v, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(v->ar, sizeof v->ar, fmt, ap);
    va_end(ap);
    cut_utf8(v->ar);
}

/* copy_cut: copy n bytes of s into dst (size bytes), cut at a UTF-8
 * boundary and at the first NUL. */
static void copy_cut(char *dst, size_t size, const char *s, size_t n)
{
    if (n > size - 1)
        n = size - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
    cut_utf8(dst);
}

/* --------------------------------------------------------------- paths */

/* path_push: enter member k (n bytes, borrowed until path_pop) or, with
 * k NULL, array item n; returns the depth to give path_pop. */
static size_t path_push(gcx_validator *v, const char *k, size_t n)
{
    size_t old = v->depth;

    if (v->depth < PATH_MAX_DEPTH) {
        v->seg[v->depth].k = k;
        v->seg[v->depth].n = n;
    }
    v->depth++;
    return old;
}

static size_t path_push_index(gcx_validator *v, size_t i)
{
    return path_push(v, NULL, i);
}

static void path_pop(gcx_validator *v, size_t old)
{
    v->depth = old;
}

/* path_text: the JSON Pointer of the current value (RFC 6901: "~" is
 * "~0", "/" is "~1") in v->path, cut when it does not fit. */
static const char *path_text(gcx_validator *v)
{
    size_t len = 0, d, i, room = sizeof v->path - 1;
    char num[24];

    for (d = 0; d < v->depth && d < PATH_MAX_DEPTH && len < room; d++) {
        const char *k = v->seg[d].k;
        size_t n = v->seg[d].n;

        if (!k) {
            i = sizeof num;
            do
                num[--i] = (char)('0' + n % 10);
            while ((n /= 10) != 0);
            k = num + i;
            n = sizeof num - i;
        }
        v->path[len++] = '/';
        for (i = 0; i < n && len < room; i++) {
            if (k[i] == '~' || k[i] == '/') {
                if (len + 2 > room)
                    break;
                v->path[len++] = '~';
                v->path[len++] = k[i] == '~' ? '0' : '1';
            } else {
                v->path[len++] = k[i];
            }
        }
    }
    v->path[len] = '\0';
    return v->path;
}

/* --------------------------------------------------------- severities */

static int severity_of(gcx_validator *v, const char *rule)
{
    size_t h = ((uintptr_t)rule >> 3) & 63;
    int s;

    if (v->cache[h].rule == rule)
        return v->cache[h].sev;
    s = gcx_profile_severity(v->profile, rule);
    if (s == -2)
        s = gcx_rule_default_severity(rule);
    if (s < 0)
        s = SEV_OFF;
    v->cache[h].rule = rule;
    v->cache[h].sev = s;
    return s;
}

/* entry_add: add a finding of rule to e at pointer ptr with value val
 * (vlen bytes), messages from v->en and v->ar. */
static void entry_add(gcx_validator *v, ventry *e, const char *rule,
                      const char *ptr, const char *val, size_t vlen)
{
    int sev = severity_of(v, rule);
    gcx_finding *f;

    if (sev == SEV_OFF)
        return;
    e->nsev[sev]++;
    if (sev < e->worst)
        e->worst = sev;
    if (e->nf == GCX_VALIDATE_MAX_FINDINGS) {
        e->ndropped++;
        return;
    }
    if (e->nf == e->capf) {
        size_t cap = e->capf ? e->capf * 2 : 4;
        gcx_finding *nf;

        if (cap > GCX_VALIDATE_MAX_FINDINGS)
            cap = GCX_VALIDATE_MAX_FINDINGS;
        nf = gcx_realloc(e->f, cap * sizeof *nf);
        if (!nf) {
            v->st = GCX_E_NOMEM;
            return;
        }
        e->f = nf;
        e->capf = cap;
    }
    f = &e->f[e->nf++];
    f->rule = rule;
    f->severity = (gcx_severity)sev;
    f->record = e->record;
    f->line = e->line;
    copy_cut(f->pointer, sizeof f->pointer, ptr, strlen(ptr));
    copy_cut(f->value, sizeof f->value, val ? val : "", val ? vlen : 0);
    memcpy(f->en, v->en, sizeof f->en);
    memcpy(f->ar, v->ar, sizeof f->ar);
}

/* emit: a finding on the current record at the current path; j is the
 * offending value (NULL: none). */
static void emit(gcx_validator *v, const char *rule, const gcx_json *j)
{
    const char *s = "";
    size_t n = 0;

    if (j) {
        switch (j->type) {
        case GCX_JSON_STRING:
        case GCX_JSON_NUMBER:
            s = j->u.text;
            n = j->len;
            break;
        case GCX_JSON_NULL:
            s = "null";
            n = 4;
            break;
        case GCX_JSON_TRUE:
            s = "true";
            n = 4;
            break;
        case GCX_JSON_FALSE:
            s = "false";
            n = 5;
            break;
        case GCX_JSON_ARRAY:
            s = "[...]";
            n = 5;
            break;
        case GCX_JSON_OBJECT:
            s = "{...}";
            n = 5;
            break;
        }
    }
    entry_add(v, v->cur, rule, path_text(v), s, n);
}

/* fail: a structural finding (it also stops value-level rule groups). */
static void fail(gcx_validator *v, const char *rule, const gcx_json *j)
{
    v->nfail++;
    emit(v, rule, j);
}

/* emit_text: a domain finding from a rules check. */
static void emit_text(gcx_validator *v, const gcx_finding_text *t,
                      const gcx_json *j)
{
    copy_cut(v->en, sizeof v->en, t->en, strlen(t->en));
    copy_cut(v->ar, sizeof v->ar, t->ar, strlen(t->ar));
    emit(v, t->rule, j);
}

/* check_result: handle a gcx_rules_* result r: 1 emits the finding;
 * < 0 makes the push fail (GCX_E_INTERNAL or GCX_E_NOMEM). */
static int check_result(gcx_validator *v, int r, const gcx_finding_text *t,
                        const gcx_json *j)
{
    if (r == 1 && t->rule)
        emit_text(v, t, j);
    else if (r < 0 && !v->st)
        v->st = r == -GCX_E_NOMEM ? GCX_E_NOMEM : GCX_E_INTERNAL;
    return r == 1;
}

/* ----------------------------------------------------------- type names */

static const char *json_type_ar(const gcx_json *j)
{
    switch (j->type) {
    case GCX_JSON_NULL:
        return "null";
    case GCX_JSON_FALSE:
    case GCX_JSON_TRUE:
        return "قيمة منطقية";
    case GCX_JSON_NUMBER:
        return "عدد";
    case GCX_JSON_STRING:
        return "نص";
    case GCX_JSON_ARRAY:
        return "مصفوفة";
    default:
        return "كائن";
    }
}

static const char *want_en(gcx_schema_type t)
{
    switch (t) {
    case GCX_SCHEMA_STRING:
        return "a string";
    case GCX_SCHEMA_DECIMAL:
        return "a decimal number written as a string, such as \"12.50\"";
    case GCX_SCHEMA_INTEGER:
        return "an integer (a number without fraction or exponent)";
    case GCX_SCHEMA_BOOLEAN:
        return "true or false";
    case GCX_SCHEMA_DATE:
        return "a date string YYYY-MM-DD";
    case GCX_SCHEMA_DATETIME:
        return "a date-time string such as 2024-03-11T09:30:00+03:00";
    case GCX_SCHEMA_OBJECT:
        return "an object";
    default:
        return "an array";
    }
}

static const char *want_ar(gcx_schema_type t)
{
    switch (t) {
    case GCX_SCHEMA_STRING:
        return "نص";
    case GCX_SCHEMA_DECIMAL:
        return "رقم عشري مكتوب نصًّا، مثل \"12.50\"";
    case GCX_SCHEMA_INTEGER:
        return "عدد صحيح (بلا كسر ولا أس)";
    case GCX_SCHEMA_BOOLEAN:
        return "true أو false";
    case GCX_SCHEMA_DATE:
        return "تاريخ نصّي بالصيغة YYYY-MM-DD";
    case GCX_SCHEMA_DATETIME:
        return "تاريخ ووقت نصّي مثل 2024-03-11T09:30:00+03:00";
    case GCX_SCHEMA_OBJECT:
        return "كائن";
    default:
        return "مصفوفة";
    }
}

static void fail_type(gcx_validator *v, const vnode *n, const gcx_json *j)
{
    if (j->type == GCX_JSON_NULL) {
        put_en(v, "null is not allowed here: leave the field out, or give %s",
               want_en(n->s->type));
        put_ar(v, "القيمة null غير مسموح بها هنا: "
               "احذف الحقل، أو ضع %s", want_ar(n->s->type));
        fail(v, "schema.null", j);
        return;
    }
    put_en(v, "expected %s, found %s", want_en(n->s->type),
           gcx_json_type_name(j));
    put_ar(v, "المتوقع %s، والموجود %s", want_ar(n->s->type),
           json_type_ar(j));
    fail(v, "schema.type", j);
}

/* ------------------------------------------------------ scalar checks */

/* same: n bytes equal (names are short: no call to memcmp) */
static int same(const char *a, const char *b, size_t n)
{
    while (n--)
        if (*a++ != *b++)
            return 0;
    return 1;
}

static size_t code_points(const char *s, size_t n)
{
    size_t i, c = 0;

    for (i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

static int is_decimal(const char *s, size_t n)
{
    size_t i = 0, d;

    if (i < n && s[i] == '-')
        i++;
    for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
        ;
    if (i == d)
        return 0;
    if (i == n)
        return 1;
    if (s[i++] != '.')
        return 0;
    for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
        ;
    return i > d && i == n;
}

static int is_email(const char *s, size_t n)
{
    size_t i, at = n, dot = 0;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c <= ' ' || c == 0x7F || c == '(' || c == ')' || c == '<' ||
            c == '>' || c == ',' || c == ';' || c == '\\' || c == '"')
            return 0;
        if (c == '@') {
            if (at != n)
                return 0;
            at = i;
        } else if (c == '.' && at != n) {
            if (i == at + 1 || s[i - 1] == '.')
                return 0;
            dot = i;
        }
    }
    return at > 0 && at < n && at <= 64 && dot > at && dot + 1 < n;
}

static int is_e164(const char *s, size_t n)
{
    size_t i;

    if (n < 8 || n > 16 || s[0] != '+' || s[1] < '1' || s[1] > '9')
        return 0;
    for (i = 2; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* is_iban_shape: two capitals, two digits, 11 to 30 capitals or digits
 * (the registry check itself is the "iban" rule group). */
static int is_iban_shape(const char *s, size_t n)
{
    size_t i;

    if (n < 15 || n > 34)
        return 0;
    for (i = 0; i < n; i++) {
        int up = s[i] >= 'A' && s[i] <= 'Z';
        int dig = s[i] >= '0' && s[i] <= '9';

        if ((i < 2 && !up) || (i >= 2 && i < 4 && !dig) || (!up && !dig))
            return 0;
    }
    return 1;
}

static int check_format(gcx_validator *v, const vnode *n, const gcx_json *j)
{
    const char *s = j->u.text;
    size_t len = j->len;

    switch (n->format) {
    case F_ALPHA3:
        if (!v->codes || gcx_codes_country_alpha3(v->codes, s, len))
            return 0;
        put_en(v, "\"%.8s\" is not an ISO 3166-1 alpha-3 country code", s);
        put_ar(v, "\"%.8s\" ليس رمز دولة ثلاثيًّا من ISO "
               "3166-1", s);
        break;
    case F_ISO4217:
        if (!v->codes || gcx_codes_currency_minor_units(v->codes, s, len)
                             >= 0)
            return 0;
        put_en(v, "\"%.8s\" is not an ISO 4217 currency code", s);
        put_ar(v, "\"%.8s\" ليس رمز عملة من ISO 4217", s);
        break;
    case F_EMAIL:
        if (is_email(s, len))
            return 0;
        put_en(v, "not an e-mail address (local part, one @, and a domain "
               "with a dot)");
        put_ar(v, "ليس عنوان بريد إلكتروني (اسم، ثم "
               "@ واحدة، ثم نطاق فيه نقطة)");
        break;
    case F_E164:
        if (is_e164(s, len))
            return 0;
        put_en(v, "not an E.164 phone number: + and 7 to 15 digits, the first "
               "not 0");
        put_ar(v, "ليس رقم هاتف بصيغة E.164: علامة + ثم "
               "من 7 إلى 15 رقمًا، أولها ليس صفرًا");
        break;
    case F_IBAN:
        if (is_iban_shape(s, len))
            return 0;
        put_en(v, "not an IBAN: two capital letters, two check digits, then "
               "11 to 30 capital letters or digits, no spaces");
        put_ar(v, "ليس رقم آيبان (IBAN): حرفان كبيران، "
               "ثم رقما تحقق، ثم من 11 إلى 30 حرفًا "
               "كبيرًا أو رقمًا، بلا مسافات");
        break;
    default:
        return 0;
    }
    fail(v, "schema.format", j);
    return 1;
}

static int pattern_ok(const vnode *n, const char *s, size_t len)
{
    if (n->pat)
        return spat_match(n->pat, s, len);
    if (!n->s->pattern_re || memchr(s, '\0', len))
        return n->s->pattern_re == NULL;
    return regexec((const regex_t *)n->s->pattern_re, s, 0, NULL, 0) == 0;
}

/* enum_list: the allowed values, quoted, comma-separated, cut to fit. */
static void enum_list(const gcx_schema_node *s, char *buf, size_t size)
{
    size_t i, len = 0;

    buf[0] = '\0';
    for (i = 0; i < s->nenums && len + 8 < size; i++) {
        int w = snprintf(buf + len, size - len, "%s\"%s\"", i ? ", " : "",
                         s->enums[i]);

        if (w < 0 || (size_t)w >= size - len) {
            buf[len] = '\0';
            snprintf(buf + len, size - len, ", ...");
            break;
        }
        len += (size_t)w;
    }
}

static void check_string(gcx_validator *v, const vnode *n,
                         const gcx_json *j)
{
    const gcx_schema_node *s = n->s;
    const char *t = j->u.text;
    size_t len = j->len, i;
    gcx_finding_text ft;
    char list[160];

    /* code points lie between len / 4 and len: count only if needed */
    if ((s->max_length && len > s->max_length) ||
        (s->min_length && len / 4 < s->min_length)) {
        size_t cp = code_points(t, len);

        if (s->max_length && cp > s->max_length) {
            put_en(v, "text has %zu characters, more than the %zu allowed", cp,
                   s->max_length);
            put_ar(v, "عدد حروف النص %zu، وهو أكثر من "
                   "الحد الأقصى %zu", cp, s->max_length);
            fail(v, "schema.length", j);
            return;
        }
        if (cp < s->min_length) {
            put_en(v, "text has %zu characters, fewer than the %zu required",
                   cp, s->min_length);
            put_ar(v, "عدد حروف النص %zu، وهو أقل من "
                   "الحد الأدنى %zu", cp, s->min_length);
            fail(v, "schema.length", j);
            return;
        }
    }
    if (s->nenums) {
        for (i = 0; i < s->nenums; i++)
            if (n->enum_len[i] == len && same(s->enums[i], t, len))
                break;
        if (i == s->nenums) {
            enum_list(s, list, sizeof list);
            put_en(v, "not one of the allowed values: %s", list);
            put_ar(v, "ليست من القيم المسموح بها: %s",
                   list);
            fail(v, "schema.enum", j);
            return;
        }
    }
    switch (s->type) {
    case GCX_SCHEMA_DECIMAL:
        if (!is_decimal(t, len)) {
            put_en(v, "not a decimal number: digits with an optional leading "
                   "- and an optional fraction, such as \"-12.50\" (no "
                   "exponent, no +, no spaces)");
            put_ar(v, "ليس رقمًا عشريًّا: أرقام "
                   "تسبقها - اختياريًّا ويليها كسر "
                   "اختياري، مثل \"-12.50\" (بلا أس ولا + "
                   "ولا مسافات)");
            fail(v, "schema.decimal", j);
            return;
        }
        break;
    case GCX_SCHEMA_DATE:
        if (gcx_rules_date(t, len, &ft) == 1) {
            copy_cut(v->en, sizeof v->en, ft.en, strlen(ft.en));
            copy_cut(v->ar, sizeof v->ar, ft.ar, strlen(ft.ar));
            fail(v, "schema.date", j);
            return;
        }
        break;
    case GCX_SCHEMA_DATETIME:
        if (gcx_rules_datetime(t, len, &ft) == 1) {
            copy_cut(v->en, sizeof v->en, ft.en, strlen(ft.en));
            copy_cut(v->ar, sizeof v->ar, ft.ar, strlen(ft.ar));
            fail(v, "schema.datetime", j);
            return;
        }
        break;
    default:
        break;
    }
    if (s->pattern && !pattern_ok(n, t, len)) {
        put_en(v, "does not match the pattern %.120s", s->pattern);
        put_ar(v, "لا يطابق النمط %.120s", s->pattern);
        fail(v, "schema.pattern", j);
        return;
    }
    if (n->format)
        check_format(v, n, j);
}

/* int_text_cmp: compare the integer text t (no fraction) with m. */
static int int_text_cmp(const char *t, size_t len, long long m)
{
    int neg = len > 0 && t[0] == '-';
    size_t i = neg;
    unsigned long long mag = 0, lim;

    while (i < len && t[i] == '0')
        i++;
    if (len - i > 19)
        return neg ? -1 : 1;
    for (; i < len; i++)
        mag = mag * 10 + (unsigned long long)(t[i] - '0');
    if (!neg) {
        if (m < 0)
            return 1;
        return mag < (unsigned long long)m ? -1
             : mag > (unsigned long long)m ? 1 : 0;
    }
    if (mag == 0)
        return m > 0 ? -1 : m < 0 ? 1 : 0;
    if (m >= 0)
        return -1;
    lim = (unsigned long long)(-(m + 1)) + 1;
    return mag > lim ? -1 : mag < lim ? 1 : 0;
}

static void check_integer(gcx_validator *v, const vnode *n,
                          const gcx_json *j)
{
    if (j->type != GCX_JSON_NUMBER ||
        strpbrk(j->u.text, ".eE") != NULL) {
        fail_type(v, n, j);
        return;
    }
    if (n->s->has_minimum &&
        int_text_cmp(j->u.text, j->len, n->s->minimum) < 0) {
        put_en(v, "%.40s is less than the minimum %lld", j->u.text,
               n->s->minimum);
        put_ar(v, "القيمة %.40s أقل من الحد الأدنى %lld",
               j->u.text, n->s->minimum);
        fail(v, "schema.minimum", j);
    }
}

/* ------------------------------------------------------ set duplicates */

static uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    size_t i;

    for (i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* hash_json: a hash consistent with gcx_json_equal (iterative over a
 * bounded depth; deeper parts only count by type). */
static uint64_t hash_json(const gcx_json *j, unsigned depth)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)j->type;
    size_t i;

    switch (j->type) {
    case GCX_JSON_STRING:
    case GCX_JSON_NUMBER:
        return hash_bytes(h, j->u.text, j->len);
    case GCX_JSON_ARRAY:
        h = hash_bytes(h, &j->len, sizeof j->len);
        if (depth < 8)
            for (i = 0; i < j->len; i++)
                h = h * 31 + hash_json(j->u.items[i], depth + 1);
        return h;
    case GCX_JSON_OBJECT:
        h = hash_bytes(h, &j->len, sizeof j->len);
        if (depth < 8)
            for (i = 0; i < j->len; i++) {
                h = hash_bytes(h, j->u.members[i].key,
                               j->u.members[i].key_len);
                h = h * 31 + hash_json(j->u.members[i].value, depth + 1);
            }
        return h;
    default:
        return h;
    }
}

static const gcx_json *member(const gcx_json *obj, const char *key)
{
    size_t i, n = strlen(key);

    if (!obj || obj->type != GCX_JSON_OBJECT)
        return NULL;
    for (i = 0; i < obj->len; i++) {
        const gcx_json_member *m = &obj->u.members[i];

        if (m->key_len == n && same(m->key, key, n))
            return m->value;
    }
    return NULL;
}

/* set_key_hash: hash of item's set keys; 0 when a key is missing (the
 * item is then left out: schema.required says so). */
static int set_key_hash(const gcx_schema_node *s, const gcx_json *item,
                        uint64_t *h)
{
    size_t k;

    if (s->nset_keys == 0) {
        *h = hash_json(item, 0);
        return 1;
    }
    if (item->type != GCX_JSON_OBJECT)
        return 0;
    *h = 1469598103934665603ull;
    for (k = 0; k < s->nset_keys; k++) {
        const gcx_json *m = gcx_json_object_get(item, s->set_keys[k]);

        if (!m)
            return 0;
        *h = *h * 31 + hash_json(m, 0);
    }
    return 1;
}

static int set_same(const gcx_schema_node *s, const gcx_json *a,
                    const gcx_json *b)
{
    size_t k;

    if (s->nset_keys == 0)
        return gcx_json_equal(a, b);
    for (k = 0; k < s->nset_keys; k++)
        if (!gcx_json_equal(gcx_json_object_get(a, s->set_keys[k]),
                            gcx_json_object_get(b, s->set_keys[k])))
            return 0;
    return 1;
}

static int dup_cmp(const void *a, const void *b)
{
    const struct dupent *x = a, *y = b;

    if (x->h != y->h)
        return x->h < y->h ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

static void set_keys_text(const gcx_schema_node *s, char *buf, size_t size)
{
    size_t k, len = 0;

    if (s->nset_keys == 0) {
        snprintf(buf, size, "value");
        return;
    }
    buf[0] = '\0';
    for (k = 0; k < s->nset_keys && len < size; k++) {
        int w = snprintf(buf + len, size - len, "%s%s", k ? "+" : "",
                         s->set_keys[k]);

        if (w < 0)
            break;
        len += (size_t)w;
    }
}

static void dup_report(gcx_validator *v, const gcx_schema_node *s,
                       const gcx_json *arr, size_t first, size_t later)
{
    char keys[80];
    size_t old = path_push_index(v, later);

    set_keys_text(s, keys, sizeof keys);
    put_en(v, "item %zu repeats item %zu of this set (same %s)", later, first,
           keys);
    put_ar(v, "العنصر %zu يكرر العنصر %zu من هذه "
           "المجموعة (نفس %s)", later, first, keys);
    fail(v, "schema.duplicate-set-item", arr->u.items[later]);
    path_pop(v, old);
}

/* check_set: report each item equal (on the set keys) to an earlier one.
 * Hash and sort, so a hostile array stays O(n log n). */
static void check_set(gcx_validator *v, const gcx_schema_node *s,
                      const gcx_json *arr)
{
    size_t n = arr->len, i, m = 0, k;
    uint64_t h;

    if (n < 2)
        return;
    if (n > v->dupcap) {
        struct dupent *d = gcx_realloc(v->dup, n * sizeof *d);

        if (!d) {
            v->st = GCX_E_NOMEM;
            return;
        }
        v->dup = d;
        v->dupcap = n;
    }
    for (i = 0; i < n; i++)
        if (set_key_hash(s, arr->u.items[i], &h)) {
            v->dup[m].h = h;
            v->dup[m].i = i;
            m++;
        }
    qsort(v->dup, m, sizeof *v->dup, dup_cmp);
    /* mark later duplicates: reuse h as "reported" by clearing to i */
    for (i = 0; i < m; i = k) {
        size_t a, b;

        for (k = i + 1; k < m && v->dup[k].h == v->dup[i].h; k++)
            ;
        for (b = i + 1; b < k; b++)
            for (a = i; a < b; a++)
                if (set_same(s, arr->u.items[v->dup[a].i],
                             arr->u.items[v->dup[b].i])) {
                    dup_report(v, s, arr, v->dup[a].i, v->dup[b].i);
                    break;
                }
    }
}

/* ------------------------------------------------------- domain groups */

/* str_member: the string member key of obj, or NULL. */
static const gcx_json *str_member(const gcx_json *obj, const char *key)
{
    const gcx_json *m = member(obj, key);

    return m && m->type == GCX_JSON_STRING ? m : NULL;
}

static const char *const gcc_states[] = {"SA", "AE", "BH", "KW", "QA",
                                         "OM"};

static void group_identifier(gcx_validator *v, const gcx_json *j)
{
    const gcx_json *scheme = str_member(j, "scheme");
    const gcx_json *val = str_member(j, "value");
    const gcx_json *state = str_member(j, "state");
    gcx_finding_text ft;
    size_t old, i;
    int r;

    if (!scheme || !val)
        return;
    r = gcx_rules_identifier(&v->ropt, scheme->u.text, val->u.text,
                             val->len, &ft);
    if (r == 1 && ft.rule && strcmp(ft.rule, "id.scheme.unknown") == 0)
        r = 0; /* PASSPORT, UN-EGOV, ...: no domain check */
    old = path_push(v, "value", 5);
    check_result(v, r, &ft, val);
    path_pop(v, old);
    if (r == 0 && v->nidok < sizeof v->idok / sizeof v->idok[0])
        v->idok[v->nidok++].id = j;
    if (!state || scheme->len < 3 || scheme->u.text[2] != '-')
        return;
    for (i = 0; i < sizeof gcc_states / sizeof gcc_states[0]; i++)
        if (memcmp(scheme->u.text, gcc_states[i], 2) == 0)
            break;
    if (i == sizeof gcc_states / sizeof gcc_states[0] ||
        (state->len == 2 && memcmp(state->u.text, scheme->u.text, 2) == 0))
        return;
    old = path_push(v, "state", 5);
    put_en(v, "issuing state %.8s does not match the scheme %.16s, issued by "
           "%.2s", state->u.text, scheme->u.text, scheme->u.text);
    put_ar(v, "دولة الإصدار %.8s لا تطابق نظام "
           "المعرّف %.16s الصادر عن %.2s", state->u.text,
           scheme->u.text, scheme->u.text);
    emit(v, "id.state-mismatch", state);
    path_pop(v, old);
}

static void group_money(gcx_validator *v, const gcx_json *j)
{
    const gcx_json *amount = str_member(j, "amount");
    const gcx_json *cur = str_member(j, "currency");
    gcx_finding_text ft;
    char code[8];
    size_t old;
    int r;

    if (!amount || !cur || !v->codes || cur->len >= sizeof code)
        return;
    memcpy(code, cur->u.text, cur->len);
    code[cur->len] = '\0';
    r = gcx_rules_money(v->codes, amount->u.text, amount->len, code, &ft);
    if (r == 1 && ft.rule && strcmp(ft.rule, "money.currency") == 0) {
        old = path_push(v, "currency", 8);
        check_result(v, r, &ft, cur);
    } else {
        old = path_push(v, "amount", 6);
        check_result(v, r, &ft, amount);
    }
    path_pop(v, old);
}

static void group_phone(gcx_validator *v, const gcx_json *j)
{
    static const struct {
        const char *cc;
        const char *state;
    } cc[] = {
        {"+966", "SA"}, {"+971", "AE"}, {"+973", "BH"},
        {"+965", "KW"}, {"+974", "QA"}, {"+968", "OM"},
    };
    const gcx_json *num = str_member(j, "number");
    const char *state = NULL;
    gcx_finding_text ft;
    size_t old, i;

    if (!num)
        return;
    for (i = 0; i < sizeof cc / sizeof cc[0]; i++)
        if (num->len >= 4 && memcmp(num->u.text, cc[i].cc, 4) == 0)
            state = cc[i].state;
    old = path_push(v, "number", 6);
    check_result(v, gcx_rules_phone(num->u.text, num->len, state, &ft),
                 &ft, num);
    path_pop(v, old);
}

/* text_plain: 1 when one pass shows the text breaks none of the text
 * rules: no control character but the allowed ones; only code points
 * below U+0300, Arabic letters U+0621-U+064A and Arabic-Indic digits,
 * which are all NFC and compose with nothing (ICU's NFC_QC is Yes and no
 * canonical composition pairs two of them); and, for a script, letters
 * of that script only (Latin: none of the Arabic letters; every letter
 * below U+0300 is Latin or Common; Arabic: no letter below U+0300). 0:
 * the rules module gives the exact verdict. Most names and addresses
 * take this path, which skips ICU. */
static int text_plain(const char *str, size_t n, unsigned allow,
                      gcx_schema_script script)
{
    const unsigned char *p = (const unsigned char *)str;
    size_t i = 0;
    unsigned c, cp;

    while (i < n) {
        c = p[i];
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7F) {
                if (!((c == 0x09 && (allow & GCX_CONTROL_ALLOW_TAB)) ||
                      (c == 0x0A && (allow & GCX_CONTROL_ALLOW_LF)) ||
                      (c == 0x0D && (allow & GCX_CONTROL_ALLOW_CR))))
                    return 0;
            } else if (script == GCX_SCHEMA_SCRIPT_ARABIC &&
                       (c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
                return 0;
            }
            i++;
            continue;
        }
        if (c < 0xC2 || c > 0xDF || i + 1 >= n ||
            (p[i + 1] & 0xC0) != 0x80)
            return 0;
        cp = ((c & 0x1Fu) << 6) | (p[i + 1] & 0x3Fu);
        if (cp < 0xA0)
            return 0; /* C1 controls */
        if (cp < 0x300) {
            if (script == GCX_SCHEMA_SCRIPT_ARABIC)
                return 0;
        } else if (cp >= 0x621 && cp <= 0x64A) {
            if (script == GCX_SCHEMA_SCRIPT_LATIN)
                return 0;
        } else if (cp < 0x660 || cp > 0x669) {
            return 0;
        }
        i += 2;
    }
    return 1;
}

/* text_checks: controls (allow: GCX_CONTROL_ALLOW_*), NFC, script. */
static void text_checks(gcx_validator *v, const gcx_json *j, unsigned allow,
                        gcx_schema_script script)
{
    gcx_finding_text ft;

    if (j->type != GCX_JSON_STRING ||
        text_plain(j->u.text, j->len, allow, script))
        return;
    if (check_result(v, gcx_rules_text_controls(j->u.text, j->len, allow,
                                                &ft), &ft, j))
        return;
    if (check_result(v, gcx_rules_text_nfc(j->u.text, j->len, &ft), &ft,
                     j))
        return;
    if (script == GCX_SCHEMA_SCRIPT_ARABIC)
        check_result(v, gcx_rules_text_script(j->u.text, j->len,
                                              GCX_SCRIPT_ARABIC, &ft),
                     &ft, j);
    else if (script == GCX_SCHEMA_SCRIPT_LATIN)
        check_result(v, gcx_rules_text_script(j->u.text, j->len,
                                              GCX_SCRIPT_LATIN, &ft),
                     &ft, j);
}

static void group_names(gcx_validator *v, const gcx_json *j)
{
    static const struct {
        const char *key;
        gcx_schema_script script;
    } sides[] = {
        {"ar", GCX_SCHEMA_SCRIPT_ARABIC},
        {"en", GCX_SCHEMA_SCRIPT_LATIN},
    };
    size_t s, i, old, old2;

    for (s = 0; s < 2; s++) {
        const gcx_json *parts = member(j, sides[s].key);

        if (!parts || parts->type != GCX_JSON_OBJECT)
            continue;
        old = path_push(v, sides[s].key, 2);
        for (i = 0; i < parts->len; i++) {
            const gcx_json_member *m = &parts->u.members[i];

            old2 = path_push(v, m->key, m->key_len);
            text_checks(v, m->value, 0, sides[s].script);
            path_pop(v, old2);
        }
        path_pop(v, old);
    }
}

/* date_ok: j is a string holding a real date. */
static int date_ok(const gcx_json *j)
{
    return j && j->type == GCX_JSON_STRING &&
           gcx_rules_date(j->u.text, j->len, NULL) == 0;
}

/* ymd: the parts of "YYYY-MM-DD" (digits not checked: callers pass
 * dates that passed gcx_rules_date or the Hijri shape). */
static int ymd(const char *s, int *y, int *m, int *d)
{
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
         (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    return 1;
}

/* id_ok: the identifier object passed the structural checks and its
 * scheme's rules (so cross-field checks may trust it). */
static int id_ok(const gcx_validator *v, const gcx_json *id)
{
    size_t i;

    for (i = 0; i < v->nidok; i++)
        if (v->idok[i].id == id)
            return 1;
    return 0;
}

/* hijri_shape: YYYY-MM-DD in ASCII digits (else schema.pattern said
 * so already). */
static int hijri_shape(const gcx_json *h)
{
    size_t i;

    if (h->len != 10)
        return 0;
    for (i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? h->u.text[i] != '-'
                             : h->u.text[i] < '0' || h->u.text[i] > '9')
            return 0;
    return 1;
}

/* hijri_check: the HijriDate object h against the Gregorian date g
 * (may be NULL), findings at /key/value. */
static void hijri_check(gcx_validator *v, const char *key,
                        const gcx_json *h, const gcx_json *g)
{
    const gcx_json *hv = str_member(h, "value");
    const gcx_json *cal = str_member(h, "calendar");
    gcx_finding_text ft;
    char conv[11];
    const char *iso;
    size_t old, old2;
    int r, hy, hm, hd, approx = 0;
    gcx_status st;

    if (!hv || !cal || !hijri_shape(hv))
        return;
    if (g && date_ok(g)) {
        iso = g->u.text;
    } else {
        /* no Gregorian date to compare: check the Hijri date alone */
        ymd(hv->u.text, &hy, &hm, &hd);
        st = gcx_rules_hijri_to_gregorian(hy, hm, hd, cal->u.text, conv,
                                          &approx, NULL);
        if (st != GCX_OK && st != GCX_E_INVALID) {
            if (!v->st)
                v->st = st == GCX_E_NOMEM ? st : GCX_E_INTERNAL;
            return;
        }
        /* an impossible date is reported as date.hijri-invalid first */
        iso = st == GCX_OK ? conv : "0001-01-01";
    }
    r = gcx_rules_hijri_matches(hv->u.text, hv->len, cal->u.text, iso,
                                10, &ft);
    if (r == -GCX_E_USAGE)
        return; /* unknown variant: schema.enum said so */
    old = path_push(v, key, strlen(key));
    old2 = path_push(v, "value", 5);
    check_result(v, r, &ft, hv);
    path_pop(v, old2);
    path_pop(v, old);
}


static void person_birth(gcx_validator *v, const gcx_json *rec,
                         const gcx_json *ids, const gcx_json *birth)
{
    gcx_finding_text ft;
    size_t i, old;
    int by, bm, bd;

    if (!date_ok(birth) || !ymd(birth->u.text, &by, &bm, &bd))
        return;
    old = path_push(v, "birthDate", 9);
    if (memcmp(birth->u.text, v->today, 10) > 0 &&
        check_result(v, gcx_rules_date_not_future(birth->u.text,
                                                  birth->len, v->today,
                                                  &ft), &ft, birth)) {
        path_pop(v, old);
        return;
    }
    for (i = 0; ids && i < ids->len; i++) {
        const gcx_json *sc = str_member(ids->u.items[i], "scheme");
        const gcx_json *val = str_member(ids->u.items[i], "value");
        int y, m, d, mask;
        char what_en[64], what_ar[96];

        if (!sc || !val || !id_ok(v, ids->u.items[i]))
            continue;
        mask = gcx_rules_identifier_birth(sc->u.text, val->u.text,
                                          val->len, v->today_year, &y, &m,
                                          &d);
        if (!(((mask & GCX_BIRTH_YEAR) && y != by) ||
              ((mask & GCX_BIRTH_MONTH) && m != bm) ||
              ((mask & GCX_BIRTH_DAY) && d != bd)))
            continue;
        if (mask & GCX_BIRTH_DAY) {
            snprintf(what_en, sizeof what_en, "the date %04d-%02d-%02d",
                     y, m, d);
            snprintf(what_ar, sizeof what_ar, "التاريخ %04d-%02d-%02d",
                     y, m, d);
        } else if (mask & GCX_BIRTH_MONTH) {
            snprintf(what_en, sizeof what_en, "the year and month "
                     "%04d-%02d", y, m);
            snprintf(what_ar, sizeof what_ar, "السنة والشهر "
                                              "%04d-%02d", y,
                     m);
        } else {
            snprintf(what_en, sizeof what_en, "the year %04d", y);
            snprintf(what_ar, sizeof what_ar, "السنة %04d", y);
        }
        put_en(v, "birth date %.10s disagrees with %s embedded in the %.16s "
               "identifier /identifiers/%zu", birth->u.text, what_en,
               sc->u.text, i);
        put_ar(v, "تاريخ الميلاد %.10s لا يتفق مع %s "
               "المضمّن في المعرّف %.16s (/identifiers/%zu)",
               birth->u.text, what_ar, sc->u.text, i);
        emit(v, "xfield.id-birthdate", birth);
    }
    path_pop(v, old);
    (void)rec;
}

static void person_nationality(gcx_validator *v, const gcx_json *ids,
                               const gcx_json *nat)
{
    size_t i, old;

    if (!nat || nat->type != GCX_JSON_STRING || nat->len != 3 ||
        (v->codes && !gcx_codes_country_alpha3(v->codes, nat->u.text, 3)))
        return;
    old = path_push(v, "nationality", 11);
    for (i = 0; ids && i < ids->len; i++) {
        const gcx_json *sc = str_member(ids->u.items[i], "scheme");
        const gcx_json *val = str_member(ids->u.items[i], "value");
        char a3[4];
        int r, is_sau;

        if (!sc || !val || !id_ok(v, ids->u.items[i]))
            continue;
        r = gcx_rules_identifier_nationality(v->codes, sc->u.text,
                                             val->u.text, val->len, a3);
        if (r == GCX_NATIONALITY_UNKNOWN)
            continue;
        is_sau = memcmp(nat->u.text, "SAU", 3) == 0;
        if (strcmp(sc->u.text, "QA-QID") == 0) {
            if (memcmp(nat->u.text, a3, 3) == 0)
                continue;
            put_en(v, "the Qatar ID /identifiers/%zu has the nationality code "
                   "of %s, but nationality is %.3s", i, a3, nat->u.text);
            put_ar(v, "رمز الجنسية في البطاقة "
                   "القطرية (/identifiers/%zu) يدل على %s، "
                   "لكن الجنسية %.3s", i, a3, nat->u.text);
            emit(v, "xfield.qid-nationality", nat);
        } else if (r == GCX_NATIONALITY_IS && !is_sau) {
            put_en(v, "a Saudi national ID (first digit 1) at "
                   "/identifiers/%zu is held by Saudi citizens, but "
                   "nationality is %.3s", i, nat->u.text);
            put_ar(v, "رقم الهوية الوطنية السعودية "
                   "(أول رقم فيه 1) في /identifiers/%zu "
                   "للمواطنين السعوديين، لكن "
                   "الجنسية %.3s", i, nat->u.text);
            emit(v, "xfield.sa-nationality", nat);
        } else if (r == GCX_NATIONALITY_IS_NOT && is_sau) {
            put_en(v, "a Saudi Iqama number (first digit 2) at "
                   "/identifiers/%zu is held by non-Saudis, but nationality "
                   "is SAU", i);
            put_ar(v, "رقم الإقامة السعودية (أول رقم "
                   "فيه 2) في /identifiers/%zu لغير "
                   "السعوديين، لكن الجنسية SAU", i);
            emit(v, "xfield.sa-nationality", nat);
        }
    }
    path_pop(v, old);
}

static void group_person(gcx_validator *v, const gcx_json *rec)
{
    const gcx_json *ids = member(rec, "identifiers");
    const gcx_json *birth = member(rec, "birthDate");

    if (ids && ids->type != GCX_JSON_ARRAY)
        ids = NULL;
    person_birth(v, rec, ids, birth);
    person_nationality(v, ids, member(rec, "nationality"));
    if (member(rec, "birthDateHijri"))
        hijri_check(v, "birthDateHijri", member(rec, "birthDateHijri"),
                    birth);
}

/* share_units: the decimal share in units of 1e-9 (*more: digits past
 * the 9th decimal were not all 0). 0 when it is not a plain decimal or
 * is too large (then it counts as 1e12, more than 100). */
static long long share_units(const gcx_json *j, int *more)
{
    const char *s = j->u.text;
    size_t i = 0, n = j->len, d = 0;
    long long v = 0;
    int neg = 0;

    *more = 0;
    if (!is_decimal(s, n))
        return 0;
    if (s[0] == '-') {
        neg = 1;
        i++;
    }
    for (; i < n && s[i] != '.'; i++) {
        v = v * 10 + (s[i] - '0');
        if (v > 1000000000)
            return neg ? 0 : 1000000000000ll;
    }
    if (i < n)
        i++;
    for (; i < n; i++, d++) {
        if (d < 9)
            v = v * 10 + (s[i] - '0');
        else if (s[i] != '0')
            *more = !neg;
    }
    for (; d < 9; d++)
        v *= 10;
    return neg ? -v : v;
}

static void group_establishment(gcx_validator *v, const gcx_json *rec)
{
    const gcx_json *reg = member(rec, "registrationDate");
    const gcx_json *exp = member(rec, "expiryDate");
    const gcx_json *owners = member(rec, "owners");
    size_t i, old;

    if (member(rec, "registrationDateHijri"))
        hijri_check(v, "registrationDateHijri",
                    member(rec, "registrationDateHijri"), reg);
    if (date_ok(reg) && date_ok(exp) &&
        strncmp(exp->u.text, reg->u.text, 10) <= 0) {
        old = path_push(v, "expiryDate", 10);
        put_en(v, "expiry date %.10s is not after the registration date %.10s",
               exp->u.text, reg->u.text);
        put_ar(v, "تاريخ الانتهاء %.10s ليس بعد تاريخ "
               "التسجيل %.10s", exp->u.text, reg->u.text);
        emit(v, "xfield.expiry-before-registration", exp);
        path_pop(v, old);
    }
    if (owners && owners->type == GCX_JSON_ARRAY) {
        long long sum = 0;
        int more = 0, any = 0;
        char total[48];

        for (i = 0; i < owners->len; i++) {
            const gcx_json *sh = str_member(owners->u.items[i], "share");
            int m;

            if (!sh || !is_decimal(sh->u.text, sh->len))
                continue;
            any = 1;
            sum += share_units(sh, &m);
            more |= m;
            if (sum > 1000000000000ll)
                sum = 1000000000000ll;
        }
        if (any && (sum > 100000000000ll ||
                    (sum == 100000000000ll && more))) {
            long long ip = sum / 1000000000, fp = sum % 1000000000;
            size_t n;

            n = (size_t)snprintf(total, sizeof total, "%lld.%09lld", ip,
                                 fp);
            while (n > 0 && total[n - 1] == '0')
                total[--n] = '\0';
            if (n > 0 && total[n - 1] == '.')
                total[--n] = '\0';
            old = path_push(v, "owners", 6);
            put_en(v, "the owners' shares add up to %s%s%%, more than 100%%",
                   total, more ? "..." : "");
            put_ar(v, "مجموع حصص الملاك %s%s%%، وهو "
                   "أكثر من 100%%", total, more ? "..." : "");
            entry_add(v, v->cur, "xfield.owner-shares", path_text(v),
                      total, strlen(total));
            path_pop(v, old);
        }
    }
}

/* unit_range: the decimal string s is within [0, 1] (exactly). */
static int unit_range(const char *s, size_t n)
{
    size_t i = 0;
    int zero = 1;

    if (s[0] == '-') {
        for (i = 1; i < n; i++)
            if (s[i] != '0' && s[i] != '.')
                return 0;
        return 1; /* -0, -0.00 */
    }
    while (i < n && s[i] == '0')
        i++;
    if (i < n && s[i] != '.') {
        if (s[i] != '1' || (i + 1 < n && s[i + 1] != '.'))
            return 0;
        zero = 0;
        i++;
    }
    if (i < n)
        i++; /* the point */
    for (; i < n; i++)
        if (s[i] != '0' && !zero)
            return 0;
    return 1;
}

static const char *const ind_names[] = {"EGDI", "OSI", "HCI", "TII",
                                         "EPART", "EGDI-RANK"};

static int ind_kind(const gcx_json *ind)
{
    const char *const *names = ind_names;
    int k;

    if (!ind || ind->type != GCX_JSON_STRING)
        return IND_NONE;
    for (k = 0; k < IND_NONE; k++)
        if (strlen(names[k]) == ind->len &&
            memcmp(names[k], ind->u.text, ind->len) == 0)
            return k;
    return IND_NONE;
}

static void group_indicator(gcx_validator *v, const gcx_json *rec)
{
    const gcx_json *val = str_member(rec, "value");
    ventry *e = v->cur;
    int k = ind_kind(member(rec, "indicator"));
    size_t old, i;

    e->kind = k;
    if (!val || !is_decimal(val->u.text, val->len) || k == IND_NONE)
        return;
    copy_cut(e->vtext, sizeof e->vtext, val->u.text, val->len);
    old = path_push(v, "value", 5);
    if (k == IND_RANK) {
        int pos = 0;

        for (i = 0; i < val->len; i++)
            if (val->u.text[i] >= '1' && val->u.text[i] <= '9')
                pos = 1;
        if (val->u.text[0] == '-' || memchr(val->u.text, '.', val->len) ||
            !pos) {
            put_en(v, "the EGDI rank must be a positive integer, found %.40s",
                   val->u.text);
            put_ar(v, "ترتيب مؤشر تطوير الحكومة "
                   "الإلكترونية يجب أن يكون عددًا "
                   "صحيحًا موجبًا، والموجود %.40s",
                   val->u.text);
            emit(v, "indicator.rank", val);
        }
    } else if (!unit_range(val->u.text, val->len)) {
        put_en(v, "%s value %.40s is outside 0 to 1", ind_names[k],
               val->u.text);
        put_ar(v, "قيمة المؤشر %s هي %.40s، وهي خارج "
               "المدى من 0 إلى 1", ind_names[k], val->u.text);
        emit(v, "indicator.range", val);
    } else {
        e->value_ok = 1;
        e->value = strtod(val->u.text, NULL);
    }
    path_pop(v, old);
}

/* ------------------------------------------------- fast record parse */

/* A record's text is parsed here first, by a parser that knows only the
 * plain case: strings without escapes, at most FP_MAX_DEPTH levels,
 * objects of at most FP_MAX_MEMBERS members. Whatever it does not accept
 * for certain (an escape, a syntax error, bad UTF-8, a duplicate key, a
 * limit) goes to gcx_json_parse, which decides and gives the message; so
 * the values are always exactly gcx_json_parse's (a unit test compares
 * the two on mutated records). It is three times faster on canonical
 * records: no key copies for duplicate checks, strings scanned a word at
 * a time, one allocation per string. */

#define FP_MAX_DEPTH 32
#define FP_MAX_MEMBERS 64

typedef struct fp_frame {
    int is_obj;
    size_t base;               /* first item of this container */
} fp_frame;

/* word tests (SWAR): a byte < 0x20, '"' or '\\', or >= 0x80 */
#define FP_ONES 0x0101010101010101ull
#define FP_HIGHS 0x8080808080808080ull
#define FP_HAS_ZERO(x) (((x) - FP_ONES) & ~(x) & FP_HIGHS)

/* fp_special: a mask with the high bit set in each byte of the 8 at p
 * that is a control character, '"', '\\' or >= 0x80; the lowest set
 * byte is exact (bytes above it may be flagged by a borrow). */
static uint64_t fp_special(const unsigned char *p)
{
    uint64_t x;

    memcpy(&x, p, 8);
    return (x & FP_HIGHS) | FP_HAS_ZERO(x ^ (FP_ONES * '"')) |
           FP_HAS_ZERO(x ^ (FP_ONES * '\\')) |
           ((x - FP_ONES * 0x20) & ~x & FP_HIGHS);
}

/* fp_skip: p moved to the first special byte of the word at p (little
 * endian: the lowest set bit), or by 8 when there is none. */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define FP_SKIP(p, m) ((p) + ((m) ? (size_t)__builtin_ctzll(m) / 8 : 8))
#else
#define FP_SKIP(p, m) ((m) ? (p) : (p) + 8)
#endif

/* fp_text: a string or number value of n bytes at s, NUL-terminated,
 * in one allocation. */
static gcx_json *fp_text(gcx_arena *a, gcx_json_type t, const char *s,
                         size_t n)
{
    gcx_json *v = gcx_arena_alloc(a, sizeof *v + n + 1);
    char *c;

    if (!v)
        return NULL;
    c = (char *)(v + 1);
    memcpy(c, s, n);
    c[n] = '\0';
    v->type = t;
    v->len = n;
    v->u.text = c;
    v->line = 1;
    v->column = 0;
    return v;
}

/* fp_string: the string whose opening quote is at *pp; *pp moves past
 * the closing quote. NULL when the fast path gives up. */
static const char *fp_string(const unsigned char **pp,
                             const unsigned char *e, size_t max,
                             size_t *n)
{
    const unsigned char *p = *pp + 1, *s = p;
    uint32_t cp;
    size_t k;

    for (;;) {
        while (e - p >= 8) {
            uint64_t m = fp_special(p);

            p = FP_SKIP(p, m);
            if (m)
                break;
        }
        if (p >= e)
            return NULL;
        if (*p == '"')
            break;
        if (*p < 0x20 || *p == '\\')
            return NULL;
        if (*p < 0x80) {
            p++;
        } else if (*p >= 0xC2 && *p <= 0xDF && e - p >= 2 &&
                   (p[1] & 0xC0) == 0x80) {
            p += 2;
        } else {
            k = gcxi_utf8_check(p, (size_t)(e - p), &cp);
            if (!k)
                return NULL;
            p += k;
        }
    }
    *n = (size_t)(p - s);
    if (*n > max)
        return NULL;
    *pp = p + 1;
    return (const char *)s;
}

/* fp_number: the RFC 8259 number at *pp, or 0 bytes. */
static size_t fp_number(const unsigned char *p, const unsigned char *e)
{
    const unsigned char *s = p;

    if (p < e && *p == '-')
        p++;
    if (p >= e)
        return 0;
    if (*p == '0') {
        p++;
    } else if (*p >= '1' && *p <= '9') {
        while (p < e && *p >= '0' && *p <= '9')
            p++;
    } else {
        return 0;
    }
    if (p < e && *p == '.') {
        p++;
        if (p >= e || *p < '0' || *p > '9')
            return 0;
        while (p < e && *p >= '0' && *p <= '9')
            p++;
    }
    if (p < e && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < e && (*p == '+' || *p == '-'))
            p++;
        if (p >= e || *p < '0' || *p > '9')
            return 0;
        while (p < e && *p >= '0' && *p <= '9')
            p++;
    }
    /* a number must end at a delimiter ("01" and "1x" are errors) */
    if (p < e && !strchr(" \t\r\n,]}", *p))
        return 0;
    return (size_t)(p - s);
}

static const unsigned char *fp_ws(const unsigned char *p,
                                  const unsigned char *e)
{
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    return p;
}

/* fp_parse: the fast path; NULL when it gives up (no message: the
 * caller then runs gcx_json_parse). */
static gcx_json *fp_parse(gcx_validator *v, const char *text, size_t len,
                          const gcx_json_parse_options *opt)
{
    const unsigned char *p = (const unsigned char *)text, *e = p + len;
    fp_frame fr[FP_MAX_DEPTH];
    size_t depth = 0, nitems = 0, n, i, maxs = opt->limits.max_string_bytes;
    unsigned maxd = opt->limits.max_depth;
    gcx_arena *a = v->parse_arena;
    gcx_json *val;
    const char *key = NULL, *t;
    size_t klen = 0;

    if (len > opt->limits.max_record_bytes || opt->allow_duplicate_keys)
        return NULL;
    p = fp_ws(p, e);
    for (;;) {
        /* a value starts at p */
        if (p >= e)
            return NULL;
        switch (*p) {
        case '{':
        case '[':
            if (depth == FP_MAX_DEPTH || depth + 1 >= maxd)
                return NULL;
            fr[depth].is_obj = *p == '{';
            fr[depth].base = nitems;
            depth++;
            p = fp_ws(p + 1, e);
            if (p < e && *p == (fr[depth - 1].is_obj ? '}' : ']')) {
                p++;
                goto close;
            }
            if (fr[depth - 1].is_obj)
                goto key;
            continue;
        case '"':
            t = fp_string(&p, e, maxs, &n);
            if (!t || !(val = fp_text(a, GCX_JSON_STRING, t, n)))
                return NULL;
            break;
        case 't':
        case 'f':
        case 'n':
            n = *p == 't' ? 4 : *p == 'f' ? 5 : 4;
            if ((size_t)(e - p) < n ||
                memcmp(p, *p == 't' ? "true" : *p == 'f' ? "false"
                                                         : "null", n) != 0 ||
                ((size_t)(e - p) > n && !strchr(" \t\r\n,]}", p[n])))
                return NULL;
            val = gcx_arena_alloc(a, sizeof *val);
            if (!val)
                return NULL;
            memset(val, 0, sizeof *val);
            val->type = *p == 't' ? GCX_JSON_TRUE : *p == 'f'
                        ? GCX_JSON_FALSE : GCX_JSON_NULL;
            val->line = 1;
            p += n;
            break;
        default:
            n = fp_number(p, e);
            if (!n || n > maxs ||
                !(val = fp_text(a, GCX_JSON_NUMBER, (const char *)p, n)))
                return NULL;
            p += n;
            break;
        }
        goto have;
    close:
        /* the container fr[depth - 1] ends: build it */
        depth--;
        n = nitems - fr[depth].base;
        val = gcx_arena_alloc(a, sizeof *val);
        if (!val)
            return NULL;
        memset(val, 0, sizeof *val);
        val->line = 1;
        val->len = n;
        if (fr[depth].is_obj) {
            gcx_json_member *m = n ? gcx_arena_alloc(a, n * sizeof *m) : NULL;

            if (n && !m)
                return NULL;
            val->type = GCX_JSON_OBJECT;
            for (i = 0; i < n; i++) {
                m[i].key = v->fp_items[fr[depth].base + i].key;
                m[i].key_len = v->fp_items[fr[depth].base + i].klen;
                m[i].value = v->fp_items[fr[depth].base + i].v;
            }
            val->u.members = m;
        } else {
            gcx_json **it = n ? gcx_arena_alloc(a, n * sizeof *it) : NULL;

            if (n && !it)
                return NULL;
            val->type = GCX_JSON_ARRAY;
            for (i = 0; i < n; i++)
                it[i] = v->fp_items[fr[depth].base + i].v;
            val->u.items = it;
        }
        nitems = fr[depth].base;
        if (depth > 0 && fr[depth - 1].is_obj) {
            key = v->fp_items[nitems - 1].key; /* restore the pending key */
            klen = v->fp_items[nitems - 1].klen;
            nitems--;
        }
    have:
        /* val is complete: the whole text, or an item of fr[depth-1] */
        if (depth == 0)
            return fp_ws(p, e) == e ? val : NULL;
        if (nitems == v->fp_cap)
            return NULL;
        v->fp_items[nitems].v = val;
        v->fp_items[nitems].key = fr[depth - 1].is_obj ? key : NULL;
        v->fp_items[nitems].klen = klen;
        nitems++;
        p = fp_ws(p, e);
        if (p >= e)
            return NULL;
        if (*p == ',') {
            p = fp_ws(p + 1, e);
            if (fr[depth - 1].is_obj)
                goto key;
            continue;
        }
        if (*p != (fr[depth - 1].is_obj ? '}' : ']'))
            return NULL;
        p++;
        goto close;
    key:
        /* a member key is due at p; then ':' */
        if (p >= e || *p != '"' ||
            nitems - fr[depth - 1].base >= FP_MAX_MEMBERS)
            return NULL;
        t = fp_string(&p, e, maxs, &klen);
        if (!t)
            return NULL;
        for (i = fr[depth - 1].base; i < nitems; i++)
            if (v->fp_items[i].klen == klen &&
                memcmp(v->fp_items[i].key, t, klen) == 0)
                return NULL; /* a duplicate: the real parser says so */
        {
            char *k = gcx_arena_alloc(a, klen + 1);

            if (!k)
                return NULL;
            memcpy(k, t, klen);
            k[klen] = '\0';
            key = k;
        }
        p = fp_ws(p, e);
        if (p >= e || *p != ':')
            return NULL;
        p = fp_ws(p + 1, e);
        /* a member's value: the pending key waits on the item stack
         * while a container value is being built */
        if (p < e && (*p == '{' || *p == '[')) {
            if (nitems == v->fp_cap)
                return NULL;
            v->fp_items[nitems].v = NULL;
            v->fp_items[nitems].key = key;
            v->fp_items[nitems].klen = klen;
            nitems++;
        }
    }
}

/* gcxi_validate_fast_parse: the fast path alone, for the unit test that
 * compares it with gcx_json_parse (not in a header: tests declare it). */
gcx_json *gcxi_validate_fast_parse(gcx_validator *v, const char *text,
                                   size_t len);

gcx_json *gcxi_validate_fast_parse(gcx_validator *v, const char *text,
                                   size_t len)
{
    gcx_json_parse_options o = gcx_json_parse_options_default();

    gcx_arena_reset(v->parse_arena);
    return fp_parse(v, text, len, &o);
}

/* --------------------------------------------------------------- walk */

static void walk(gcx_validator *v, const vnode *n, const gcx_json *j);

static int name_is(const vnode *p, const gcx_json_member *m)
{
    return p->name_len == m->key_len && same(p->s->name, m->key, m->key_len);
}

/* find_prop: the property named like m, searched from *k on (members
 * usually come in schema order, so the next one is the likely match);
 * *k receives its index. */
static const vnode *find_prop(const vnode *n, const gcx_json_member *m,
                              size_t *k)
{
    size_t i, np = n->s->nprops, start = *k < np ? *k : 0;

    for (i = start; i < np; i++)
        if (name_is(n->props[i], m)) {
            *k = i;
            return n->props[i];
        }
    for (i = 0; i < start; i++)
        if (name_is(n->props[i], m)) {
            *k = i;
            return n->props[i];
        }
    return NULL;
}

static void walk_object(gcx_validator *v, const vnode *n, const gcx_json *j)
{
    size_t np = n->s->nprops, i, k, base = v->scr_top, old;
    int unknown = 0, *at;

    if (base + np > v->scr_cap) { /* cannot happen: sized from the tree */
        v->st = GCX_E_INTERNAL;
        return;
    }
    at = v->scr + base;
    v->scr_top += np;
    for (k = 0; k < np; k++)
        at[k] = -1;
    for (i = 0, k = 0; i < j->len; i++) {
        if (find_prop(n, &j->u.members[i], &k)) {
            if (at[k] < 0)
                at[k] = (int)i;
            k++;
        } else {
            unknown = 1;
        }
    }
    for (k = 0; k < np; k++) {
        const vnode *p = n->props[k];

        if (at[k] >= 0) {
            const gcx_json_member *m = &j->u.members[at[k]];

            old = path_push(v, m->key, m->key_len);
            walk(v, p, m->value);
            path_pop(v, old);
        } else if (p->required) {
            old = path_push(v, p->s->name, p->name_len);
            put_en(v, "required field \"%s\" is missing", p->s->name);
            put_ar(v, "الحقل الإلزامي \"%s\" مفقود",
                   p->s->name);
            fail(v, "schema.required", NULL);
            path_pop(v, old);
        }
    }
    v->scr_top = base;
    if (n->s->min_properties && j->len < n->s->min_properties) {
        put_en(v, "object has %zu fields, fewer than the %zu required", j->len,
               n->s->min_properties);
        put_ar(v, "عدد حقول الكائن %zu، وهو أقل من "
               "الحد الأدنى %zu", j->len, n->s->min_properties);
        fail(v, "schema.min-properties", j);
    }
    if (!unknown)
        return;
    for (i = 0; i < j->len; i++) {
        const gcx_json_member *m = &j->u.members[i];
        char shown[64];

        k = 0;
        if (find_prop(n, m, &k))
            continue;
        copy_cut(shown, sizeof shown, m->key, m->key_len);
        old = path_push(v, m->key, m->key_len);
        put_en(v, "field \"%s\" is not in the schema (check its spelling)",
               shown);
        put_ar(v, "الحقل \"%s\" ليس من حقول المخطط "
               "(تحقق من إملائه)", shown);
        fail(v, "schema.unknown-field", m->value);
        path_pop(v, old);
    }
}

static void walk_array(gcx_validator *v, const vnode *n, const gcx_json *j)
{
    size_t i, old;

    if (n->s->min_items && j->len < n->s->min_items) {
        put_en(v, "array has %zu items, fewer than the %zu required", j->len,
               n->s->min_items);
        put_ar(v, "عدد عناصر المصفوفة %zu، وهو أقل "
               "من الحد الأدنى %zu", j->len, n->s->min_items);
        fail(v, "schema.min-items", j);
    }
    if (n->items)
        for (i = 0; i < j->len; i++) {
            old = path_push_index(v, i);
            walk(v, n->items, j->u.items[i]);
            path_pop(v, old);
        }
    if (n->s->is_set)
        check_set(v, n->s, j);
}

static void run_groups(gcx_validator *v, const vnode *n, const gcx_json *j)
{
    unsigned g = n->groups;

    if (g & G_IDENTIFIER)
        group_identifier(v, j);
    if (g & G_MONEY)
        group_money(v, j);
    if (g & G_PHONE)
        group_phone(v, j);
    if ((g & G_IBAN) && j->type == GCX_JSON_STRING) {
        gcx_finding_text ft;

        check_result(v, gcx_rules_iban(v->codes, j->u.text, j->len, &ft),
                     &ft, j);
    }
    if (g & G_TEXT)
        text_checks(v, j, GCX_CONTROL_ALLOW_LF, n->s->script);
    if (g & G_NAMES)
        group_names(v, j);
}

static void walk(gcx_validator *v, const vnode *n, const gcx_json *j)
{
    unsigned long long before = v->nfail;

    switch (n->s->type) {
    case GCX_SCHEMA_OBJECT:
        if (j->type != GCX_JSON_OBJECT) {
            fail_type(v, n, j);
            return;
        }
        walk_object(v, n, j);
        break;
    case GCX_SCHEMA_ARRAY:
        if (j->type != GCX_JSON_ARRAY) {
            fail_type(v, n, j);
            return;
        }
        walk_array(v, n, j);
        break;
    case GCX_SCHEMA_INTEGER:
        check_integer(v, n, j);
        break;
    case GCX_SCHEMA_BOOLEAN:
        if (j->type != GCX_JSON_TRUE && j->type != GCX_JSON_FALSE)
            fail_type(v, n, j);
        break;
    default:
        if (j->type != GCX_JSON_STRING) {
            fail_type(v, n, j);
            return;
        }
        check_string(v, n, j);
        break;
    }
    if ((n->groups & G_VALUE) && v->nfail == before)
        run_groups(v, n, j);
}

/* check_record: every check of one record into v->cur. */
static void check_record(gcx_validator *v, const gcx_json *rec)
{
    const gcx_json *rt;
    const vrecord *r = NULL;
    size_t i;

    v->depth = 0;
    v->nfail = 0;
    v->nidok = 0;
    v->scr_top = 0;
    if (rec->type != GCX_JSON_OBJECT) {
        put_en(v, "a record is a JSON object, found %s",
               gcx_json_type_name(rec));
        put_ar(v, "السجل كائن JSON، والموجود %s",
               json_type_ar(rec));
        fail(v, "schema.type", rec);
        return;
    }
    rt = gcx_json_object_get(rec, "recordType");
    if (rt && rt->type == GCX_JSON_STRING)
        for (i = 0; i < v->nrecs; i++)
            if (v->recs[i].len == rt->len &&
                memcmp(v->recs[i].name, rt->u.text, rt->len) == 0)
                r = &v->recs[i];
    if (!r) {
        char list[160];

        list[0] = '\0';
        for (i = 0; i < v->nrecs; i++) {
            size_t l = strlen(list);

            snprintf(list + l, sizeof list - l, "%s%s", i ? ", " : "",
                     v->recs[i].name);
        }
        path_push(v, "recordType", 10);
        if (!rt) {
            put_en(v, "recordType is missing, so the record cannot be checked "
                   "(one of: %s)", list);
            put_ar(v, "الحقل recordType مفقود، فلا يمكن "
                   "فحص السجل (الأنواع المعروفة: %s)",
                   list);
        } else {
            put_en(v, "unknown record type (one of: %s)", list);
            put_ar(v, "نوع السجل غير معروف (الأنواع "
                   "المعروفة: %s)", list);
        }
        fail(v, "schema.record-type", rt);
        return;
    }
    walk(v, r->root, rec);
    if (r->root->groups & G_PERSON)
        group_person(v, rec);
    if (r->root->groups & G_ESTABLISHMENT)
        group_establishment(v, rec);
    if (r->root->groups & G_INDICATOR)
        group_indicator(v, rec);
}

/* ------------------------------------------------------- mirror build */

static unsigned group_bit(const char *name)
{
    static const struct {
        const char *name;
        unsigned bit;
    } map[] = {
        {"identifier", G_IDENTIFIER}, {"money", G_MONEY},
        {"phone", G_PHONE}, {"iban", G_IBAN}, {"text", G_TEXT},
        {"name-scripts", G_NAMES}, {"person", G_PERSON},
        {"establishment", G_ESTABLISHMENT}, {"indicator", G_INDICATOR},
    };
    size_t i;

    for (i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i].name, name) == 0)
            return map[i].bit;
    return 0;
}

static int format_code(const char *f)
{
    if (!f)
        return F_NONE;
    if (strcmp(f, "iso3166-alpha3") == 0)
        return F_ALPHA3;
    if (strcmp(f, "iso4217") == 0)
        return F_ISO4217;
    if (strcmp(f, "email") == 0)
        return F_EMAIL;
    if (strcmp(f, "e164") == 0)
        return F_E164;
    if (strcmp(f, "iban") == 0)
        return F_IBAN;
    return F_NONE;
}

/* mirror: the vnode for s (depth guards against a malformed tree);
 * *scratch receives the most props stacked on any path below. */
static vnode *mirror(gcx_validator *v, const gcx_schema_node *s,
                     unsigned depth, size_t *scratch)
{
    vnode *n;
    size_t i, below = 0, b;

    if (depth > 64)
        return NULL;
    n = gcx_arena_alloc(v->arena, sizeof *n);
    if (!n)
        return NULL;
    memset(n, 0, sizeof *n);
    n->s = s;
    n->name_len = s->name ? strlen(s->name) : 0;
    n->required = s->required;
    for (i = 0; i < s->nrules; i++)
        n->groups |= group_bit(s->rules[i]);
    n->format = format_code(s->format);
    if (s->nenums) {
        n->enum_len = gcx_arena_alloc(v->arena,
                                      s->nenums * sizeof *n->enum_len);
        if (!n->enum_len)
            return NULL;
        for (i = 0; i < s->nenums; i++)
            n->enum_len[i] = strlen(s->enums[i]);
    }
    if (s->pattern) {
        spat *p = gcx_arena_alloc(v->arena, sizeof *p);

        if (!p)
            return NULL;
        if (spat_compile(s->pattern, p))
            n->pat = p;
    }
    if (s->nprops) {
        n->props = gcx_arena_alloc(v->arena, s->nprops * sizeof *n->props);
        if (!n->props)
            return NULL;
        for (i = 0; i < s->nprops; i++) {
            b = 0;
            n->props[i] = mirror(v, s->props[i], depth + 1, &b);
            if (!n->props[i])
                return NULL;
            if (b > below)
                below = b;
        }
    }
    if (s->items) {
        b = 0;
        n->items = mirror(v, s->items, depth + 1, &b);
        if (!n->items)
            return NULL;
        if (b > below)
            below = b;
    }
    *scratch = s->nprops + below;
    return n;
}

/* ---------------------------------------------------------- life cycle */

static int parse_today(const char *s, char out[11], int *year)
{
    int y, m, d;

    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
        gcx_rules_date(s, 10, NULL) != 0 || !ymd(s, &y, &m, &d))
        return -1;
    memcpy(out, s, 11);
    *year = y;
    return 0;
}

gcx_status gcx_validator_new(gcx_validator **out, const gcx_schema *s,
                             const gcx_codes *codes,
                             const gcx_validator_options *opt,
                             gcx_error *err)
{
    gcx_validator *v;
    const char *const *types;
    size_t ntypes, i, scratch = 0, b;

    *out = NULL;
    gcx_error_clear(err);
    if (!s)
        return gcx_error_set(err, GCX_E_USAGE, "no schema");
    v = gcx_calloc(1, sizeof *v);
    if (!v)
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    v->schema = s;
    v->codes = codes;
    v->profile = opt ? opt->profile : NULL;
    v->max_pending = opt && opt->max_pending ? opt->max_pending
                                             : DEFAULT_MAX_PENDING;
    gcx_rules_options_default(&v->ropt);
    v->ropt.codes = codes;
    if (opt && opt->today) {
        if (parse_today(opt->today, v->today, &v->today_year)) {
            gcx_free(v);
            return gcx_error_set(err, GCX_E_USAGE, "bad date for today "
                                 "'%.40s' (want YYYY-MM-DD)", opt->today);
        }
    } else {
        /* the date at UTC+14, the earliest time zone, as the rules
         * module does: a date that is today anywhere is not future */
        time_t now = time(NULL) + 14 * 3600;
        struct tm tm;
        char day[32];

        gmtime_r(&now, &tm);

        snprintf(day, sizeof day, "%04d-%02d-%02d",
                 (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100,
                 tm.tm_mday % 100);
        memcpy(v->today, day, sizeof v->today - 1);
        v->today[sizeof v->today - 1] = '\0';
        v->today_year = tm.tm_year + 1900;
    }
    v->arena = gcx_arena_new();
    if (!v->arena)
        goto nomem;
    types = gcx_schema_record_types(s, &ntypes);
    for (i = 0; i < ntypes && v->nrecs < sizeof v->recs /
                                         sizeof v->recs[0]; i++) {
        const gcx_schema_node *root = gcx_schema_record(s, types[i]);

        if (!root)
            continue;
        b = 0;
        v->recs[v->nrecs].name = types[i];
        v->recs[v->nrecs].len = strlen(types[i]);
        v->recs[v->nrecs].root = mirror(v, root, 0, &b);
        if (!v->recs[v->nrecs].root)
            goto nomem;
        if (b > scratch)
            scratch = b;
        v->nrecs++;
    }
    v->scr_cap = scratch + 1;
    v->scr = gcx_malloc(v->scr_cap * sizeof *v->scr);
    v->parse_arena = gcx_arena_new();
    v->fp_cap = FP_ITEMS;
    v->fp_items = gcx_malloc(FP_ITEMS * sizeof *v->fp_items);
    v->nbuckets = 64;
    while (v->nbuckets < v->max_pending / 2 && v->nbuckets < (1u << 20))
        v->nbuckets *= 2;
    v->buckets = gcx_calloc(v->nbuckets, sizeof *v->buckets);
    if (!v->scr || !v->buckets || !v->parse_arena || !v->fp_items)
        goto nomem;
    *out = v;
    return GCX_OK;
nomem:
    gcx_validator_free(v);
    return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
}

static void entry_destroy(ventry *e)
{
    gcx_buf_free(&e->text);
    gcx_free(e->f);
    gcx_free(e);
}

void gcx_validator_free(gcx_validator *v)
{
    ventry *e;
    vgroup *g;
    size_t i;

    if (!v)
        return;
    for (i = 0; i < v->qlen; i++)
        entry_destroy(v->q[(v->qhead + i) % v->qcap]);
    gcx_free(v->q);
    if (v->handed)
        entry_destroy(v->handed);
    while ((e = v->pool) != NULL) {
        v->pool = e->next;
        entry_destroy(e);
    }
    while ((g = v->oldest) != NULL) {
        v->oldest = g->newer;
        while ((e = g->head) != NULL) {
            g->head = e->next;
            entry_destroy(e);
        }
        gcx_free(g);
    }
    while ((g = v->gpool) != NULL) {
        v->gpool = g->hnext;
        gcx_free(g);
    }
    if (v->cur)
        entry_destroy(v->cur);
    gcx_free(v->buckets);
    gcx_free(v->dup);
    gcx_free(v->scr);
    gcx_free(v->fp_items);
    gcx_arena_free(v->parse_arena);
    gcx_arena_free(v->arena);
    gcx_free(v);
}

/* entry_get: a clean entry from the pool (or new), or NULL. */
static ventry *entry_get(gcx_validator *v)
{
    ventry *e = v->pool;

    if (e) {
        v->pool = e->next;
    } else {
        e = gcx_calloc(1, sizeof *e);
        if (!e)
            return NULL;
        gcx_buf_init(&e->text, 0);
    }
    gcx_buf_reset(&e->text);
    e->nf = 0;
    e->ndropped = 0;
    e->nsev[0] = e->nsev[1] = e->nsev[2] = 0;
    e->worst = 3;
    e->kind = IND_NONE;
    e->value_ok = 0;
    e->vtext[0] = '\0';
    e->next = NULL;
    return e;
}

static void entry_put(gcx_validator *v, ventry *e)
{
    /* keep the pool's memory bounded: drop big text buffers */
    if (e->text.cap > ((size_t)1 << 20)) {
        gcx_buf_free(&e->text);
        gcx_buf_init(&e->text, 0);
    }
    e->next = v->pool;
    v->pool = e;
}

/* enqueue: e is decided. */
static gcx_status enqueue(gcx_validator *v, ventry *e)
{
    if (v->qlen == v->qcap) {
        size_t cap = v->qcap ? v->qcap * 2 : 16, i;
        ventry **q = gcx_malloc(cap * sizeof *q);

        if (!q)
            return GCX_E_NOMEM;
        for (i = 0; i < v->qlen; i++)
            q[i] = v->q[(v->qhead + i) % v->qcap];
        gcx_free(v->q);
        v->q = q;
        v->qcap = cap;
        v->qhead = 0;
    }
    v->q[(v->qhead + v->qlen) % v->qcap] = e;
    v->qlen++;
    return GCX_OK;
}

/* ------------------------------------------------------------- groups */

static size_t group_hash(const gcx_validator *v, const char *k, size_t n)
{
    return (size_t)hash_bytes(1469598103934665603ull, k, n) &
           (v->nbuckets - 1);
}

static void group_unlink(gcx_validator *v, vgroup *g)
{
    vgroup **pp = &v->buckets[group_hash(v, g->key, g->klen)];

    while (*pp && *pp != g)
        pp = &(*pp)->hnext;
    if (*pp)
        *pp = g->hnext;
    if (g->older)
        g->older->newer = g->newer;
    else
        v->oldest = g->newer;
    if (g->newer)
        g->newer->older = g->older;
    else
        v->newest = g->older;
    g->hnext = v->gpool;
    v->gpool = g;
}

/* group_decide: hand out every record of g in arrival order, checking
 * the mean rule when complete, else noting why EGDI was not checked
 * (full: the hold overflowed; otherwise components are missing). */
static gcx_status group_decide(gcx_validator *v, vgroup *g, int full)
{
    ventry *e, *c[4] = {NULL, NULL, NULL, NULL};
    gcx_status st = GCX_OK;
    const char *area = g->key, *period = g->key + strlen(g->key) + 1;
    int k;

    for (e = g->head; e; e = e->next)
        if (e->kind < 4 && !c[e->kind])
            c[e->kind] = e;
    for (e = g->head; e; e = e->next) {
        if (e->kind != IND_EGDI || !e->value_ok)
            continue;
        if (g->have == IND_ALL) {
            double mean, diff;

            if (!c[IND_OSI]->value_ok || !c[IND_HCI]->value_ok ||
                !c[IND_TII]->value_ok)
                continue;
            mean = (c[IND_OSI]->value + c[IND_HCI]->value +
                    c[IND_TII]->value) / 3.0;
            diff = e->value > mean ? e->value - mean : mean - e->value;
            if (diff <= EGDI_TOLERANCE + EGDI_SLACK)
                continue;
            put_en(v, "EGDI %s of %s %s differs from the mean of OSI, HCI and "
                   "TII (%.6f) by %.6f, more than 0.0001", e->vtext, area,
                   period, mean, diff);
            put_ar(v, "قيمة EGDI %s للدولة %s في %s تختلف "
                   "عن متوسط OSI وHCI وTII (%.6f) بمقدار "
                   "%.6f، وهذا أكثر من 0.0001", e->vtext, area,
                   period, mean, diff);
            entry_add(v, e, "indicator.egdi-mean", "/value", e->vtext,
                      strlen(e->vtext));
        } else if (full) {
            put_en(v, "EGDI of %s %s not checked against OSI, HCI and TII: "
                   "more than %zu indicator records were waiting for their "
                   "group", area, period, v->max_pending);
            put_ar(v, "لم يُتحقق من EGDI للدولة %s في %s "
                   "مقابل OSI وHCI وTII: تجاوز عدد سجلات "
                   "المؤشرات المنتظرة الحد %zu", area,
                   period, v->max_pending);
            entry_add(v, e, "indicator.egdi-unchecked", "/value", e->vtext,
                      strlen(e->vtext));
        } else {
            char miss[32] = "";

            for (k = IND_OSI; k <= IND_TII; k++)
                if (!(g->have & (1u << k))) {
                    size_t l = strlen(miss);

                    snprintf(miss + l, sizeof miss - l, "%s%s",
                             l ? ", " : "", ind_names[k]);
                }
            put_en(v, "EGDI of %s %s not checked: no %s record for it in this "
                   "input", area, period, miss);
            put_ar(v, "لم يُتحقق من EGDI للدولة %s في %s: "
                   "لا يوجد في هذا المدخل سجل %s لها",
                   area, period, miss);
            entry_add(v, e, "indicator.egdi-unchecked", "/value", e->vtext,
                      strlen(e->vtext));
        }
    }
    while ((e = g->head) != NULL) {
        g->head = e->next;
        e->next = NULL;
        v->held--;
        if (!st)
            st = enqueue(v, e);
        else
            entry_destroy(e);
    }
    g->tail = NULL;
    g->n = 0;
    group_unlink(v, g);
    return st;
}

/* hold_key: the group key of an indicator record, or 0 when it cannot
 * be grouped (refArea or period malformed: decided at once). */
static size_t hold_key(const gcx_json *rec, char key[24])
{
    const gcx_json *area = str_member(rec, "refArea");
    const gcx_json *period = str_member(rec, "period");
    size_t i;

    if (!area || !period || area->len != 3 || period->len != 4)
        return 0;
    for (i = 0; i < 3; i++)
        if (area->u.text[i] < 'A' || area->u.text[i] > 'Z')
            return 0;
    for (i = 0; i < 4; i++)
        if (period->u.text[i] < '0' || period->u.text[i] > '9')
            return 0;
    memcpy(key, area->u.text, 3);
    key[3] = '\0';
    memcpy(key + 4, period->u.text, 4);
    key[8] = '\0';
    return 9;
}

/* hold: add e to its group (e is consumed, also on failure). */
static gcx_status hold(gcx_validator *v, ventry *e, const char *key,
                       size_t klen)
{
    vgroup *g;
    size_t h;
    gcx_status st;

    while (v->held >= v->max_pending && v->oldest) {
        st = group_decide(v, v->oldest, 1);
        if (st) {
            entry_destroy(e);
            return st;
        }
    }
    h = group_hash(v, key, klen);
    for (g = v->buckets[h]; g; g = g->hnext)
        if (g->klen == klen && memcmp(g->key, key, klen) == 0)
            break;
    if (!g) {
        g = v->gpool;
        if (g)
            v->gpool = g->hnext;
        else if ((g = gcx_malloc(sizeof *g)) == NULL) {
            entry_destroy(e);
            return GCX_E_NOMEM;
        }
        memset(g, 0, sizeof *g);
        memcpy(g->key, key, klen);
        g->klen = klen;
        g->hnext = v->buckets[h];
        v->buckets[h] = g;
        g->older = v->newest;
        if (v->newest)
            v->newest->newer = g;
        else
            v->oldest = g;
        v->newest = g;
    }
    if (g->tail)
        g->tail->next = e;
    else
        g->head = e;
    g->tail = e;
    g->n++;
    v->held++;
    if (e->kind < 4)
        g->have |= 1u << e->kind;
    if (g->have == IND_ALL)
        return group_decide(v, g, 0);
    return GCX_OK;
}

/* ---------------------------------------------------------- the calls */

static gcx_status push_fail(gcx_validator *v, gcx_status st,
                            gcx_error *err)
{
    if (v->cur) {
        entry_put(v, v->cur);
        v->cur = NULL;
    }
    v->st = GCX_OK;
    if (st == GCX_E_NOMEM)
        return gcx_error_set(err, st, "out of memory");
    return gcx_error_set(err, st, "a domain check could not run (ICU)");
}

/* start: take the entry for a new record and copy its text. */
static gcx_status start(gcx_validator *v, const char *text, size_t len,
                        unsigned long long record, unsigned long line)
{
    ventry *e;

    if (v->handed) {
        entry_put(v, v->handed);
        v->handed = NULL;
    }
    e = entry_get(v);
    if (!e)
        return GCX_E_NOMEM;
    v->cur = e;
    e->record = record;
    e->line = line;
    if (gcx_buf_append(&e->text, text ? text : "", text ? len : 0))
        return GCX_E_NOMEM;
    return GCX_OK;
}

gcx_status gcx_validator_push(gcx_validator *v, const char *text,
                              size_t len, const gcx_json *value,
                              unsigned long long record, unsigned long line,
                              gcx_error *err)
{
    gcx_status st;
    ventry *e;
    char key[24];
    size_t klen = 0;

    gcx_error_clear(err);
    if (!value)
        return gcx_error_set(err, GCX_E_USAGE, "no record value");
    st = start(v, text, len, record, line);
    if (st)
        return push_fail(v, st, err);
    e = v->cur;
    check_record(v, value);
    if (v->st)
        return push_fail(v, v->st, err);
    v->cur = NULL;
    v->counts.read++;
    if (e->kind != IND_NONE)
        klen = hold_key(value, key);
    st = klen ? hold(v, e, key, klen) : enqueue(v, e);
    if (st) {
        if (!klen)
            entry_destroy(e);
        return gcx_error_set(err, st, "out of memory");
    }
    return GCX_OK;
}

gcx_status gcx_validator_reject(gcx_validator *v, const char *text,
                                size_t len, const char *rule,
                                const char *message,
                                unsigned long long record,
                                unsigned long line, gcx_error *err)
{
    gcx_status st;
    ventry *e;
    const gcx_rule_info *r;

    /* message may live in err: take it before err is cleared */
    copy_cut(v->en, sizeof v->en, message ? message : "", message ?
             strlen(message) : 0);
    put_ar(v, "تعذّرت قراءة السجل: %s", v->en);
    gcx_error_clear(err);
    r = rule ? vrule_find(rule) : NULL;
    if (!r || strncmp(rule, "input.", 6) != 0)
        return gcx_error_set(err, GCX_E_USAGE, "not an input rule: %s",
                             rule ? rule : "(null)");
    st = start(v, text, len, record, line);
    if (st)
        return push_fail(v, st, err);
    e = v->cur;
    v->cur = NULL;
    /* always an error: never off, never lowered */
    e->nsev[GCX_SEV_ERROR]++;
    e->worst = GCX_SEV_ERROR;
    e->f = e->capf ? e->f : gcx_malloc(4 * sizeof *e->f);
    if (!e->f) {
        entry_destroy(e);
        return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
    }
    if (!e->capf)
        e->capf = 4;
    e->f[0].rule = r->id;
    e->f[0].severity = GCX_SEV_ERROR;
    e->f[0].record = record;
    e->f[0].line = line;
    e->f[0].pointer[0] = '\0';
    e->f[0].value[0] = '\0';
    memcpy(e->f[0].en, v->en, sizeof v->en);
    memcpy(e->f[0].ar, v->ar, sizeof v->ar);
    e->nf = 1;
    v->counts.read++;
    st = enqueue(v, e);
    if (st) {
        entry_destroy(e);
        return gcx_error_set(err, st, "out of memory");
    }
    return GCX_OK;
}

gcx_status gcx_validator_push_text(gcx_validator *v, const char *text,
                                   size_t len, const char *name,
                                   const gcx_json_parse_options *opt,
                                   unsigned long long record,
                                   unsigned long line, gcx_error *err)
{
    gcx_json_parse_options dflt;
    gcx_json *j;
    gcx_status st;
    gcx_error pe;
    char msg[GCX_ERROR_MESSAGE_MAX + 32];

    if (!opt) {
        dflt = gcx_json_parse_options_default();
        opt = &dflt;
    }
    gcx_arena_reset(v->parse_arena);
    j = fp_parse(v, text, len, opt);
    if (j)
        return gcx_validator_push(v, text, len, j, record, line, err);
    gcx_arena_reset(v->parse_arena);
    st = gcx_json_parse(text, len, name, opt, v->parse_arena, &j, &pe);
    if (st == GCX_OK)
        return gcx_validator_push(v, text, len, j, record, line, err);
    if (st == GCX_E_NOMEM)
        return gcx_error_set(err, st, "out of memory");
    if (pe.column)
        snprintf(msg, sizeof msg, "column %lu: %s", pe.column, pe.message);
    else
        snprintf(msg, sizeof msg, "%s", pe.message);
    return gcx_validator_reject(v, text, len, st == GCX_E_LIMIT
                                ? "input.limit" : "input.syntax", msg,
                                record, line, err);
}

gcx_status gcx_validator_finish(gcx_validator *v, gcx_error *err)
{
    gcx_status st;

    gcx_error_clear(err);
    while (v->oldest) {
        st = group_decide(v, v->oldest, 0);
        if (st)
            return gcx_error_set(err, st, "out of memory");
    }
    return GCX_OK;
}

int gcx_validator_next(gcx_validator *v, gcx_severity fail_on,
                       gcx_outcome *out)
{
    ventry *e;

    if (v->handed) {
        entry_put(v, v->handed);
        v->handed = NULL;
    }
    if (!v->qlen)
        return 0;
    e = v->q[v->qhead];
    v->qhead = (v->qhead + 1) % v->qcap;
    v->qlen--;
    v->handed = e;
    out->text = e->text.data ? e->text.data : "";
    out->len = e->text.len;
    out->record = e->record;
    out->line = e->line;
    out->findings = e->f;
    out->nfindings = e->nf;
    out->ndropped = e->ndropped;
    out->rejected = e->worst <= (int)fail_on;
    if (out->rejected)
        v->counts.rejected++;
    else
        v->counts.passed++;
    v->counts.errors += e->nsev[GCX_SEV_ERROR];
    v->counts.warnings += e->nsev[GCX_SEV_WARNING];
    v->counts.infos += e->nsev[GCX_SEV_INFO];
    return 1;
}

gcx_validate_counts gcx_validator_counts(const gcx_validator *v)
{
    return v->counts;
}

size_t gcx_validator_held(const gcx_validator *v)
{
    return v->held;
}
