/* tests/unit/test_schema.c - the canonical schema: loading the real
 * definition (order, envelope, refs, sets, rules, patterns), every error
 * a bad definition gets (position, path, message), allocation failures,
 * and the three generators (deterministic, well-formed, usable). */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <gcx/alloc.h>
#include <gcx/json.h>
#include <gcx/schema.h>
#include "unit.h"

#define DEF "mappings/canonical/gcx-canonical-v1.json"

static gcx_schema *load_real(void)
{
    gcx_schema *s = NULL;
    gcx_error err;
    gcx_status st;

    st = gcx_schema_load(&s, unit_data_path(DEF), &err);
    if (st)
        fprintf(stderr, "load: %s\n", err.message);
    CU_ASSERT_EQUAL(st, GCX_OK);
    return s;
}

/* prop: the node at a path of property names under a record. */
static const gcx_schema_node *prop(const gcx_schema_node *n,
                                   const char *name)
{
    return gcx_schema_prop(n, name, strlen(name));
}

static int matches(const gcx_schema_node *n, const char *value)
{
    return regexec((const regex_t *)n->pattern_re, value, 0, NULL, 0) == 0;
}

static void test_identity_and_order(void)
{
    gcx_schema *s = load_real();
    static const char *const want[] = {"person", "establishment",
                                       "service", "payment", "indicator"};
    const char *const *types;
    size_t n, i;

    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(gcx_schema_name(s), "gcx-canonical");
    CU_ASSERT_STRING_EQUAL(gcx_schema_version(s), "1.0.0");
    CU_ASSERT_STRING_EQUAL(gcx_schema_namespace(s),
                           "urn:gcc:gcx:canonical:1");
    types = gcx_schema_record_types(s, &n);
    CU_ASSERT_EQUAL_FATAL(n, 5);
    for (i = 0; i < n; i++) {
        const gcx_schema_node *r = gcx_schema_record(s, types[i]);

        CU_ASSERT_STRING_EQUAL(types[i], want[i]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(r);
        CU_ASSERT_EQUAL(r->type, GCX_SCHEMA_OBJECT);
        CU_ASSERT_PTR_NULL(r->name);
        CU_ASSERT_PTR_NULL(r->type_name);
        /* the envelope's properties come first, in order */
        CU_ASSERT_FATAL(r->nprops > 4);
        CU_ASSERT_STRING_EQUAL(r->props[0]->name, "schemaVersion");
        CU_ASSERT_STRING_EQUAL(r->props[1]->name, "recordType");
        CU_ASSERT_STRING_EQUAL(r->props[2]->name, "identifiers");
        CU_ASSERT_STRING_EQUAL(r->props[3]->name, "provenance");
    }
    CU_ASSERT_STRING_EQUAL(gcx_schema_record(s, "person")->props[4]->name,
                           "name");
    CU_ASSERT_STRING_EQUAL(
        gcx_schema_record(s, "indicator")->props[4]->name, "refArea");
    CU_ASSERT_EQUAL(gcx_schema_record(s, "person")->nprops, 4 + 10);
    CU_ASSERT_PTR_NULL(gcx_schema_record(s, "Person"));
    CU_ASSERT_PTR_NULL(gcx_schema_record(s, "Address")); /* a type */
    CU_ASSERT_PTR_NULL(gcx_schema_record(s, NULL));
    gcx_schema_free(s);
    gcx_schema_free(NULL);
}

static void test_refs(void)
{
    gcx_schema *s = load_real();
    const gcx_schema_node *person, *addr, *items, *country, *n;

    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    person = gcx_schema_record(s, "person");
    addr = prop(person, "addresses");
    CU_ASSERT_PTR_NOT_NULL_FATAL(addr);
    CU_ASSERT_EQUAL(addr->type, GCX_SCHEMA_ARRAY);
    CU_ASSERT_FALSE(addr->required);
    CU_ASSERT_FALSE(addr->is_set);
    items = addr->items;
    CU_ASSERT_PTR_NOT_NULL_FATAL(items);
    CU_ASSERT_EQUAL(items->type, GCX_SCHEMA_OBJECT);
    CU_ASSERT_STRING_EQUAL(items->type_name, "Address");
    CU_ASSERT_PTR_NULL(items->name);
    CU_ASSERT_EQUAL(items->nprops, 10);
    country = prop(items, "country");
    CU_ASSERT_PTR_NOT_NULL_FATAL(country);
    CU_ASSERT_TRUE(country->required);
    CU_ASSERT_EQUAL(country->type, GCX_SCHEMA_STRING);
    CU_ASSERT_STRING_EQUAL(country->type_name, "CountryAlpha3");
    CU_ASSERT_STRING_EQUAL(country->format, "iso3166-alpha3");
    CU_ASSERT_STRING_EQUAL(country->pattern, "[A-Z]{3}");
    CU_ASSERT_TRUE(matches(country, "SAU"));
    CU_ASSERT_FALSE(matches(country, "SA"));
    CU_ASSERT_FALSE(matches(country, "SAUD")); /* anchored */
    /* the same named type, not required where the property says not */
    n = prop(person, "nationality");
    CU_ASSERT_STRING_EQUAL(n->type_name, "CountryAlpha3");
    CU_ASSERT_FALSE(n->required);
    CU_ASSERT_PTR_EQUAL(n->pattern_re, country->pattern_re); /* shared */
    /* inline object inside a named type's property */
    n = prop(prop(items, "city"), "ar");
    CU_ASSERT_PTR_NOT_NULL_FATAL(n);
    CU_ASSERT_STRING_EQUAL(n->type_name, "ArabicText");
    CU_ASSERT_EQUAL(n->script, GCX_SCHEMA_SCRIPT_ARABIC);
    CU_ASSERT_EQUAL(n->max_length, 1000);
    /* the property's doc wins over the type's */
    n = prop(person, "birthDateHijri");
    CU_ASSERT_STRING_EQUAL(n->type_name, "HijriDate");
    CU_ASSERT_STRING_EQUAL(n->doc, "The source's Hijri birth date, when "
                           "it gave one.");
    n = prop(gcx_schema_record(s, "establishment"), "registrationDateHijri");
    CU_ASSERT_STRING_EQUAL(n->doc, "A Hijri date as the source gave it, "
                           "with its calendar variant; the Gregorian value "
                           "beside it is the converted one.");
    /* required from the property, type from the definition */
    n = prop(gcx_schema_record(s, "payment"), "amount");
    CU_ASSERT_TRUE(n->required);
    CU_ASSERT_STRING_EQUAL(n->type_name, "Money");
    CU_ASSERT_EQUAL(prop(n, "amount")->type, GCX_SCHEMA_DECIMAL);
    CU_ASSERT_EQUAL(prop(prop(person, "provenance"), "record")->type,
                    GCX_SCHEMA_INTEGER);
    CU_ASSERT_TRUE(prop(prop(person, "provenance"), "record")->has_minimum);
    CU_ASSERT_EQUAL(prop(prop(person, "provenance"), "record")->minimum, 1);
    gcx_schema_free(s);
}

static void test_sets_and_rules(void)
{
    gcx_schema *s = load_real();
    const gcx_schema_node *person, *n;

    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    person = gcx_schema_record(s, "person");
    n = prop(person, "identifiers");
    CU_ASSERT_TRUE(n->required);
    CU_ASSERT_TRUE(n->is_set);
    CU_ASSERT_EQUAL(n->min_items, 1);
    CU_ASSERT_EQUAL_FATAL(n->nset_keys, 2);
    CU_ASSERT_STRING_EQUAL(n->set_keys[0], "scheme");
    CU_ASSERT_STRING_EQUAL(n->set_keys[1], "value");
    CU_ASSERT_STRING_EQUAL(n->items->type_name, "Identifier");
    CU_ASSERT_EQUAL_FATAL(n->items->nrules, 1);
    CU_ASSERT_STRING_EQUAL(n->items->rules[0], "identifier");
    n = prop(person, "phones");
    CU_ASSERT_TRUE(n->is_set);
    CU_ASSERT_EQUAL_FATAL(n->nset_keys, 1);
    CU_ASSERT_STRING_EQUAL(n->set_keys[0], "number");
    CU_ASSERT_TRUE(matches(prop(n->items, "number"), "+966501234567"));
    CU_ASSERT_FALSE(matches(prop(n->items, "number"), "966501234567"));
    /* a whole-value set */
    n = prop(gcx_schema_record(s, "service"), "channels");
    CU_ASSERT_TRUE(n->is_set);
    CU_ASSERT_EQUAL(n->nset_keys, 0);
    CU_ASSERT_EQUAL(n->items->nenums, 7);
    /* alternation is anchored as a whole */
    n = prop(gcx_schema_record(s, "service"), "processingTime");
    CU_ASSERT_TRUE(matches(n, "P3D"));
    CU_ASSERT_TRUE(matches(n, "PT5H"));
    CU_ASSERT_TRUE(matches(n, "P1Y2M3DT4H"));
    CU_ASSERT_FALSE(matches(n, "xP3D"));
    CU_ASSERT_FALSE(matches(n, "P3DT"));
    /* record rules, field rules, rules from a named type */
    CU_ASSERT_EQUAL_FATAL(person->nrules, 1);
    CU_ASSERT_STRING_EQUAL(person->rules[0], "person");
    CU_ASSERT_STRING_EQUAL(prop(person, "name")->rules[0], "name-scripts");
    CU_ASSERT_EQUAL(prop(person, "name")->min_properties, 1);
    n = prop(gcx_schema_record(s, "payment"), "debtorAccount");
    CU_ASSERT_STRING_EQUAL(n->format, "iban");
    CU_ASSERT_EQUAL_FATAL(n->nrules, 1);
    CU_ASSERT_STRING_EQUAL(n->rules[0], "iban");
    n = prop(gcx_schema_record(s, "establishment"), "capital");
    CU_ASSERT_EQUAL_FATAL(n->nrules, 1);
    CU_ASSERT_STRING_EQUAL(n->rules[0], "money");
    n = prop(gcx_schema_record(s, "indicator"), "indicator");
    CU_ASSERT_EQUAL_FATAL(n->nenums, 6);
    CU_ASSERT_STRING_EQUAL(n->enums[5], "EGDI-RANK");
    /* gcx_schema_prop takes a length, not a NUL */
    CU_ASSERT_PTR_NOT_NULL(gcx_schema_prop(person, "sexy", 3));
    CU_ASSERT_PTR_NULL(gcx_schema_prop(person, "se", 2));
    CU_ASSERT_PTR_NULL(gcx_schema_prop(n, "x", 1)); /* not an object */
    gcx_schema_free(s);
}

static void test_default_path(void)
{
    const char *p;
    char dir[4200];
    gcx_schema *s = NULL;
    gcx_error err;

    setenv("GCX_DATA_DIR", "/opt/gcx/share", 1);
    CU_ASSERT_STRING_EQUAL(gcx_schema_default_path(),
                           "/opt/gcx/share/canonical/gcx-canonical-v1.json");
    unsetenv("GCX_DATA_DIR");
    p = gcx_schema_default_path();
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(p[0], '/');
    CU_ASSERT_PTR_NOT_NULL(strstr(p, "/canonical/gcx-canonical-v1.json"));
    /* NULL loads the default path: point it at the source tree */
    snprintf(dir, sizeof dir, "%s", unit_data_path("mappings"));
    setenv("GCX_DATA_DIR", dir, 1);
    CU_ASSERT_EQUAL(gcx_schema_load(&s, NULL, &err), GCX_OK);
    CU_ASSERT_PTR_NOT_NULL(s);
    gcx_schema_free(s);
    unsetenv("GCX_DATA_DIR");
}

/* ------------------------------------------------------ bad definitions */

/* write_tmp: text into a new temporary file; its name into path. */
static void write_tmp(const char *text, char *path, size_t size)
{
    const char *dir = getenv("TMPDIR");
    FILE *f;
    int fd;

    snprintf(path, size, "%s/gcx-schema-XXXXXX", dir && *dir ? dir : "/tmp");
    fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    f = fdopen(fd, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    CU_ASSERT_EQUAL(fclose(f), 0);
}

typedef struct bad_case {
    const char *text;
    gcx_status code;
    unsigned long line, col;
    const char *path;
    const char *message;
} bad_case;

#define H "{\"name\": \"t\", \"version\": \"1\", \"namespace\": \"urn:t\",\n"
#define R " \"records\": {\"r\": {\"properties\": {\n"
#define FIELD_KEYS "type, ref, doc, required, enum, pattern, minLength, " \
    "maxLength, format, script, minimum, properties, minProperties, " \
    "items, minItems, set or rules"
#define ITEM_KEYS "type, ref, doc, enum, pattern, minLength, " \
    "maxLength, format, script, minimum, properties, minProperties, " \
    "items, minItems, set or rules"

static const bad_case bad_cases[] = {
    {H R "   \"a\": {\"type\": \"string\", \"colour\": \"red\"}}}}}\n",
     GCX_E_CONFIG, 3, 28, "/records/r/properties/a/colour",
     "unknown key \"colour\" in a field (expected " FIELD_KEYS ")"},
    {H R "   \"a\": {\"type\": \"strng\"}}}}}\n",
     GCX_E_CONFIG, 3, 18, "/records/r/properties/a/type",
     "unknown type \"strng\" (expected string, decimal, integer, boolean, "
     "date, datetime, object or array)"},
    {H R "   \"a\": {\"ref\": \"Adress\"}}}}}\n",
     GCX_E_CONFIG, 3, 17, "/records/r/properties/a/ref",
     "\"ref\" names no type: \"Adress\" is not defined (expected the name "
     "of a type under /types)"},
    {H " \"types\": {\n"
     "  \"A\": {\"type\": \"object\", \"properties\": {\"b\": {\"ref\": "
     "\"B\"}}},\n"
     "  \"B\": {\"type\": \"object\", \"properties\": {\"a\": {\"ref\": "
     "\"A\"}}}},\n"
     " \"records\": {\"r\": {\"properties\": {\"x\": {\"ref\": \"A\"}}}}}\n",
     GCX_E_CONFIG, 4, 55, "/types/B/properties/a/ref",
     "ref cycle: A -> B -> A (expected types that do not contain "
     "themselves)"},
    {H " \"types\": {\"T\": {\"type\": \"array\", \"items\": {\"ref\": "
     "\"T\"}}},\n"
     " \"records\": {\"r\": {\"properties\": {}}}}\n",
     GCX_E_CONFIG, 2, 52, "/types/T/items/ref",
     "ref cycle: T -> T (expected types that do not contain themselves)"},
    {H R "   \"a\": {\"type\": \"string\", \"pattern\": \"[A-Z\"}}}}}\n",
     GCX_E_CONFIG, 3, 39, "/records/r/properties/a/pattern",
     "pattern \"[A-Z\" is not portable at character 1: unclosed ["},
    {H R "   \"a\": {\"type\": \"string\", \"pattern\": \"^[0-9]+$\"}}}}}\n",
     GCX_E_CONFIG, 3, 39, "/records/r/properties/a/pattern",
     "pattern \"^[0-9]+$\" is not portable at character 1: this character "
     "must be escaped (^ and $ are not anchors: a pattern always matches "
     "the whole value)"},
    {H R "   \"a\": {\"type\": \"string\", \"pattern\": \"a(b|)\"}}}}}\n",
     GCX_E_CONFIG, 3, 39, "/records/r/properties/a/pattern",
     "pattern \"a(b|)\" is not portable at character 5: empty group or "
     "alternative"},
    {H R "   \"a\": {\"type\": \"string\", \"pattern\": \"[a-z-0]\"}}}}}\n",
     GCX_E_CONFIG, 3, 39, "/records/r/properties/a/pattern",
     "pattern \"[a-z-0]\" is not portable at character 5: a - in a bracket "
     "expression must come first or last, or make a range"},
    {H R "   \"a\": {\"type\": \"string\", \"pattern\": \"\\\\d{3}\"}}}}}\n",
     GCX_E_CONFIG, 3, 39, "/records/r/properties/a/pattern",
     "pattern \"\\d{3}\" is not portable at character 1: \\ must be "
     "followed by one of \\ | . ? * + ( ) { } [ ] ^"},
    {H R "   \"a\": {\"type\": \"array\", \"set\": [\"numbr\"],\n"
     "         \"items\": {\"type\": \"object\", \"properties\": {\n"
     "           \"type\": {\"type\": \"string\"},\n"
     "           \"number\": {\"type\": \"string\", \"required\": true}}}}"
     "}}}}\n",
     GCX_E_CONFIG, 3, 35, "/records/r/properties/a/set/0",
     "set key \"numbr\" is not a property of the items (expected one of "
     "type, number)"},
    {H R "   \"a\": {\"type\": \"array\", \"set\": [\"number\", \"type\"],\n"
     "         \"items\": {\"type\": \"object\", \"properties\": {\n"
     "           \"type\": {\"type\": \"string\"},\n"
     "           \"number\": {\"type\": \"string\", \"required\": true}}}}"
     "}}}}\n",
     GCX_E_CONFIG, 3, 45, "/records/r/properties/a/set/1",
     "set key \"type\" must be a required property of the items"},
    {H R "   \"a\": {\"type\": \"array\", \"set\": [\"x\"],\n"
     "         \"items\": {\"type\": \"string\"}}}}}}\n",
     GCX_E_CONFIG, 3, 34, "/records/r/properties/a/set",
     "set keys need object items, these are string (expected \"set\": "
     "true)"},
    {H R "   \"a\": {\"type\": \"string\", \"type\": \"date\"}}}}}\n",
     GCX_E_CONFIG, 3, 28, "/records/r/properties/a/type",
     "duplicate key \"type\""},
    {"[1]\n", GCX_E_CONFIG, 1, 1, "",
     "expected an object (the schema definition), found an array"},
    {H R "   \"a\": \"string\"}}}}\n",
     GCX_E_CONFIG, 3, 9, "/records/r/properties/a",
     "expected an object (the definition of a field), found a string"},
    {H R "   \"a\": {\"type\": \"array\", \"items\": {\"type\": \"string\", "
     "\"required\": true}}}}}}\n",
     GCX_E_CONFIG, 3, 55, "/records/r/properties/a/items/required",
     "misplaced key \"required\" in array items (expected " ITEM_KEYS ")"},
    {H " \"types\": {\"T\": {\"type\": \"string\"}},\n"
     R "   \"a\": {\"ref\": \"T\", \"maxLength\": 3}}}}}\n",
     GCX_E_CONFIG, 4, 22, "/records/r/properties/a/maxLength",
     "\"maxLength\" cannot be combined with \"ref\" (a ref takes only doc, "
     "required and rules)"},
    {H R "   \"a\": {\"type\": \"object\", \"properties\": {}, \"enum\": "
     "[\"x\"]}}}}}\n",
     GCX_E_CONFIG, 3, 46, "/records/r/properties/a/enum",
     "\"enum\" does not apply to type object (it applies to string, "
     "decimal, date and datetime)"},
    {H R "   \"a\": {}}}}}\n",
     GCX_E_CONFIG, 3, 9, "/records/r/properties/a",
     "expected \"type\" or \"ref\" in a field"},
    {H R "   \"a\": {\"type\": \"array\"}}}}}\n",
     GCX_E_CONFIG, 3, 9, "/records/r/properties/a",
     "an array needs \"items\""},
    {H R "   \"a\": {\"type\": \"string\", \"minLength\": 5, \"maxLength\": "
     "3}}}}}\n",
     GCX_E_CONFIG, 3, 41, "/records/r/properties/a/minLength",
     "minLength 5 is greater than maxLength 3"},
    {H R "   \"a\": {\"type\": \"string\", \"maxLength\": 1.5}}}}}\n",
     GCX_E_CONFIG, 3, 41, "/records/r/properties/a/maxLength",
     "expected a non-negative integer, found 1.5"},
    {H R "   \"a\": {\"type\": \"string\", \"enum\": [\"x\", \"x\"]}}}}}\n",
     GCX_E_CONFIG, 3, 42, "/records/r/properties/a/enum/1",
     "\"x\" is already in the list (expected distinct strings)"},
    {H R "   \"a\": {\"type\": \"string\", \"format\": \"phone\"}}}}}\n",
     GCX_E_CONFIG, 3, 38, "/records/r/properties/a/format",
     "unknown format \"phone\" (expected iso3166-alpha3, iso4217, e164, "
     "email or iban)"},
    {H R "   \"a b\": {\"type\": \"string\"}}}}}\n",
     GCX_E_CONFIG, 3, 4, "/records/r/properties/a b",
     "property name \"a b\" is not usable (expected "
     "[A-Za-z_][A-Za-z0-9_-]*, at most 64 characters)"},
    {H " \"envelope\": {\"properties\": {\"id\": {\"type\": \"string\"}}},\n"
     R "   \"id\": {\"type\": \"string\"}}}}}\n",
     GCX_E_CONFIG, 4, 4, "/records/r/properties/id",
     "property \"id\" is already defined by the envelope"},
    {H " \"types\": {\"r\": {\"type\": \"string\"}},\n"
     R "   \"a\": {\"type\": \"string\"}}}}}\n",
     GCX_E_CONFIG, 3, 14, "/records/r",
     "record type \"r\" has the name of a type under /types (expected "
     "distinct names: both become schema definitions)"},
    {H " \"records\": {}}\n",
     GCX_E_CONFIG, 2, 13, "/records",
     "expected a non-empty object of record types, found an empty "
     "object"},
    {"{\"name\": \"t\", \"version\": \"1\",\n \"records\": {}}\n",
     GCX_E_CONFIG, 1, 1, "",
     "missing \"namespace\" in the definition (expected name, version, "
     "namespace and records)"},
    {H " \"title\": \"x\"}\n",
     GCX_E_CONFIG, 2, 2, "/title",
     "unknown key \"title\" in the definition (expected name, version, "
     "namespace, doc, types, envelope or records)"},
    {H " \"doc\": \"tab\\there\",\n \"records\": {}}\n",
     GCX_E_CONFIG, 2, 9, "/doc",
     "expected a string without control characters (U+0000-U+001F)"},
    {H R "   \"a\": {\"type\": \"string\"}}}}\n",
     GCX_E_SYNTAX, 0, 0, NULL, NULL},
};

static void test_bad_definitions(void)
{
    size_t i;

    for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const bad_case *c = &bad_cases[i];
        char path[4200];
        gcx_schema *s = (gcx_schema *)&path; /* must become NULL */
        gcx_error err;
        gcx_status st;

        write_tmp(c->text, path, sizeof path);
        memset(&err, 0, sizeof err);
        strcpy(err.path, "/stale");
        st = gcx_schema_load(&s, path, &err);
        unlink(path);
        CU_ASSERT_PTR_NULL(s);
        CU_ASSERT_EQUAL(st, c->code);
        CU_ASSERT_EQUAL(err.code, c->code);
        CU_ASSERT_STRING_EQUAL(err.file, path);
        if (!c->message)
            continue;
        if (err.line != c->line || err.column != c->col ||
            strcmp(err.path, c->path) || strcmp(err.message, c->message))
            fprintf(stderr, "\ncase %zu: got %lu:%lu at '%s': %s\n", i,
                    err.line, err.column, err.path, err.message);
        CU_ASSERT_EQUAL(err.line, c->line);
        CU_ASSERT_EQUAL(err.column, c->col);
        CU_ASSERT_STRING_EQUAL(err.path, c->path);
        CU_ASSERT_STRING_EQUAL(err.message, c->message);
    }
}

static void test_missing_file(void)
{
    gcx_schema *s = NULL;
    gcx_error err;

    CU_ASSERT_EQUAL(gcx_schema_load(&s, "/nonexistent/gcx/def.json", &err),
                    GCX_E_IO);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_STRING_EQUAL(err.file, "/nonexistent/gcx/def.json");
    CU_ASSERT_EQUAL(gcx_schema_load(&s, "/nonexistent/gcx/def.json", NULL),
                    GCX_E_IO);
}

/* A definition that uses every key, loaded and generated: named
 * arrays and scalars, a ref to a ref, decimal with its own pattern,
 * boolean, integer, nested minProperties. */
static const char rich_def[] =
    H " \"doc\": \"A <rich> & \\\"odd\\\" definition | for tests.\",\n"
    " \"types\": {\n"
    "  \"Code\": {\"type\": \"string\", \"pattern\": \"[A-Z]{2}(-[0-9]+)?\","
    " \"minLength\": 2, \"maxLength\": 10, \"rules\": [\"code\"]},\n"
    "  \"Alias\": {\"ref\": \"Code\", \"doc\": \"Another name.\","
    " \"rules\": [\"alias\"]},\n"
    "  \"Codes\": {\"type\": \"array\", \"items\": {\"ref\": \"Alias\"},"
    " \"set\": true, \"minItems\": 1},\n"
    "  \"Pair\": {\"type\": \"object\", \"minProperties\": 1,"
    " \"properties\": {\n"
    "    \"left\": {\"type\": \"string\", \"enum\": [\"a\", \"b\"]},\n"
    "    \"right\": {\"type\": \"object\", \"properties\": {\n"
    "      \"x\": {\"type\": \"integer\", \"minimum\": -3}}}}}},\n"
    " \"envelope\": {\"doc\": \"E.\", \"properties\": {\n"
    "  \"recordType\": {\"type\": \"string\", \"required\": true}}},\n"
    " \"records\": {\n"
    "  \"thing\": {\"doc\": \"A thing.\", \"rules\": [\"thing\"],"
    " \"properties\": {\n"
    "    \"codes\": {\"ref\": \"Codes\", \"required\": true},\n"
    "    \"price\": {\"type\": \"decimal\","
    " \"pattern\": \"[0-9]+\\\\.[0-9]{2}\", \"enum\": [\"1.00\", \"2.50\"]},\n"
    "    \"flag\": {\"type\": \"boolean\"},\n"
    "    \"when\": {\"type\": \"datetime\"},\n"
    "    \"pair\": {\"ref\": \"Pair\", \"rules\": [\"extra\"]},\n"
    "    \"email\": {\"type\": \"string\", \"format\": \"email\","
    " \"script\": \"latin\"},\n"
    "    \"parts\": {\"type\": \"object\", \"minProperties\": 1,"
    " \"properties\": {\n"
    "      \"p\": {\"type\": \"string\", \"maxLength\": 3},\n"
    "      \"q\": {\"type\": \"array\","
    " \"items\": {\"type\": \"date\"}}}}}},\n"
    "  \"other\": {\"properties\": {}}}}\n";

static gcx_schema *load_text(const char *text)
{
    char path[4200];
    gcx_schema *s = NULL;
    gcx_error err;
    gcx_status st;

    write_tmp(text, path, sizeof path);
    st = gcx_schema_load(&s, path, &err);
    unlink(path);
    if (st)
        fprintf(stderr, "\nload: %lu:%lu %s: %s\n", err.line, err.column,
                err.path, err.message);
    CU_ASSERT_EQUAL(st, GCX_OK);
    return s;
}

static void test_rich_definition(void)
{
    gcx_schema *s = load_text(rich_def);
    const gcx_schema_node *r, *n;

    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    r = gcx_schema_record(s, "thing");
    CU_ASSERT_EQUAL(r->nprops, 1 + 7);
    n = prop(r, "codes");
    CU_ASSERT_STRING_EQUAL(n->type_name, "Codes");
    CU_ASSERT_TRUE(n->required);
    CU_ASSERT_TRUE(n->is_set);
    CU_ASSERT_STRING_EQUAL(n->items->type_name, "Alias");
    CU_ASSERT_STRING_EQUAL(n->items->doc, "Another name.");
    CU_ASSERT_EQUAL_FATAL(n->items->nrules, 2); /* the type's, then own */
    CU_ASSERT_STRING_EQUAL(n->items->rules[0], "code");
    CU_ASSERT_STRING_EQUAL(n->items->rules[1], "alias");
    CU_ASSERT_TRUE(matches(n->items, "SA-12"));
    CU_ASSERT_FALSE(matches(n->items, "SA-"));
    n = prop(r, "pair");
    CU_ASSERT_EQUAL_FATAL(n->nrules, 1);
    CU_ASSERT_STRING_EQUAL(n->rules[0], "extra");
    CU_ASSERT_EQUAL(prop(prop(n, "right"), "x")->minimum, -3);
    CU_ASSERT_EQUAL(prop(r, "email")->script, GCX_SCHEMA_SCRIPT_LATIN);
    CU_ASSERT_EQUAL(prop(r, "price")->nenums, 2);
    CU_ASSERT_EQUAL(gcx_schema_record(s, "other")->nprops, 1);
    gcx_schema_free(s);
}

/* ---------------------------------------------------------- allocation */

static void test_alloc_failures(void)
{
    unsigned long n;
    gcx_schema *s = NULL;
    gcx_error err;
    gcx_status st = GCX_E_NOMEM;

    for (n = 1; n < 100000; n++) {
        gcx_alloc_fail_after(n);
        st = gcx_schema_load(&s, unit_data_path(DEF), &err);
        gcx_alloc_fail_after(0);
        if (st == GCX_OK)
            break;
        CU_ASSERT_EQUAL(st, GCX_E_NOMEM);
        CU_ASSERT_EQUAL(err.code, GCX_E_NOMEM);
        CU_ASSERT_PTR_NULL(s);
        if (st != GCX_E_NOMEM) {
            fprintf(stderr, "\nallocation %lu: %s\n", n, err.message);
            break;
        }
    }
    CU_ASSERT_EQUAL(st, GCX_OK);
    CU_ASSERT(n > 3);
    gcx_schema_free(s);
}

typedef gcx_status (*gen_fn)(const gcx_schema *, gcx_buf *, gcx_error *);

static const gen_fn generators[] = {
    gcx_schema_write_json_schema, gcx_schema_write_xsd,
    gcx_schema_write_markdown
};

static void test_generator_alloc_failures(void)
{
    gcx_schema *s = load_real();
    unsigned long n;
    size_t g;
    gcx_status st = GCX_OK;

    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    for (g = 0; g < 3; g++) {
        for (n = 1; n < 100000; n++) {
            gcx_buf b;
            gcx_error err;

            gcx_buf_init(&b, 0);
            gcx_buf_puts(&b, "kept");
            gcx_alloc_fail_after(n);
            st = generators[g](s, &b, &err);
            gcx_alloc_fail_after(0);
            if (st == GCX_OK) {
                gcx_buf_free(&b);
                break;
            }
            CU_ASSERT_EQUAL(st, GCX_E_NOMEM);
            CU_ASSERT_EQUAL(err.code, GCX_E_NOMEM);
            /* what was there before is left as it was */
            CU_ASSERT_EQUAL(b.len, 4);
            CU_ASSERT_STRING_EQUAL(b.data, "kept");
            gcx_buf_free(&b);
        }
        CU_ASSERT_EQUAL(st, GCX_OK);
    }
    gcx_schema_free(s);
}

/* ---------------------------------------------------------- generators */

static char *generate(const gcx_schema *s, size_t g, size_t *len)
{
    gcx_buf b;
    gcx_error err;

    gcx_buf_init(&b, 0);
    CU_ASSERT_EQUAL(generators[g](s, &b, &err), GCX_OK);
    *len = b.len;
    return gcx_buf_steal(&b);
}

static void test_generators_deterministic(void)
{
    gcx_schema *a = load_real(), *b = load_real();
    size_t g, la, lb;

    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    for (g = 0; g < 3; g++) {
        char *x = generate(a, g, &la), *y = generate(b, g, &lb);
        char *z = generate(a, g, &lb);

        CU_ASSERT(la > 1000);
        CU_ASSERT_EQUAL(la, lb);
        CU_ASSERT_EQUAL(memcmp(x, y, la), 0);
        CU_ASSERT_EQUAL(memcmp(x, z, la), 0);
        CU_ASSERT_EQUAL(x[la - 1], '\n');
        CU_ASSERT_NOT_EQUAL(x[la - 2], '\n');
        free(x);
        free(y);
        free(z);
    }
    gcx_schema_free(a);
    gcx_schema_free(b);
}

/* js_get: the member at a /-separated path of an object (no escapes). */
static const gcx_json *js_get(const gcx_json *v, const char *path)
{
    char key[128];

    while (v && *path) {
        size_t n = strcspn(path, "/");

        snprintf(key, sizeof key, "%.*s", (int)n, path);
        v = gcx_json_object_get(v, key);
        path += n + (path[n] == '/');
    }
    return v;
}

static void test_json_schema(void)
{
    gcx_schema *s = load_real();
    gcx_arena *a = gcx_arena_new();
    gcx_json *root = NULL;
    const gcx_json *v;
    gcx_error err;
    size_t len;
    char *text;

    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    text = generate(s, 0, &len);
    /* valid JSON, no duplicate key */
    CU_ASSERT_EQUAL_FATAL(gcx_json_parse(text, len, "json-schema", NULL, a,
                                         &root, &err), GCX_OK);
    CU_ASSERT_STRING_EQUAL(js_get(root, "$schema")->u.text,
                           "https://json-schema.org/draft/2020-12/schema");
    CU_ASSERT_STRING_EQUAL(js_get(root, "$id")->u.text,
                           "urn:gcc:gcx:canonical:1:json-schema");
    v = js_get(root, "oneOf");
    CU_ASSERT_EQUAL_FATAL(v->len, 5);
    CU_ASSERT_STRING_EQUAL(js_get(v->u.items[3], "$ref")->u.text,
                           "#/$defs/payment");
    CU_ASSERT_STRING_EQUAL(
        js_get(root, "$defs/person/properties/recordType/const")->u.text,
        "person");
    CU_ASSERT_EQUAL(js_get(root, "$defs/person/additionalProperties")->type,
                    GCX_JSON_FALSE);
    CU_ASSERT_STRING_EQUAL(
        js_get(root, "$defs/Address/properties/country/$ref")->u.text,
        "#/$defs/CountryAlpha3");
    CU_ASSERT_STRING_EQUAL(
        js_get(root, "$defs/Money/properties/amount/pattern")->u.text,
        "^(-?[0-9]+(\\.[0-9]+)?)$");
    CU_ASSERT_STRING_EQUAL(
        js_get(root, "$defs/person/properties/birthDate/format")->u.text,
        "date");
    CU_ASSERT_EQUAL(
        js_get(root, "$defs/service/properties/channels/uniqueItems")->type,
        GCX_JSON_TRUE);
    /* keyed sets are not uniqueItems (the key decides, not the value) */
    CU_ASSERT_PTR_NULL(
        js_get(root, "$defs/person/properties/phones/uniqueItems"));
    CU_ASSERT_STRING_EQUAL(
        js_get(root, "$defs/person/properties/phones/$comment")->u.text,
        "gcx: set keyed by number");
    CU_ASSERT_EQUAL(js_get(root, "$defs/BilingualText/minProperties")->type,
                    GCX_JSON_NUMBER);
    CU_ASSERT_PTR_NULL(js_get(root, "$defs/BilingualText/required"));
    free(text);
    gcx_arena_free(a);
    gcx_schema_free(s);
}

/* xsd_check: the XSD of s loads in libxml2 and validates file (NULL:
 * just load); returns xmlSchemaValidateFile's result. */
static int xsd_check(const gcx_schema *s, const char *file)
{
    xmlSchemaParserCtxtPtr pc;
    xmlSchemaPtr schema;
    xmlSchemaValidCtxtPtr vc;
    size_t len;
    char *text = generate(s, 1, &len);
    int rc = -1;

    pc = xmlSchemaNewMemParserCtxt(text, (int)len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pc);
    schema = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    CU_ASSERT_PTR_NOT_NULL(schema);
    if (schema && file) {
        vc = xmlSchemaNewValidCtxt(schema);
        rc = xmlSchemaValidateFile(vc, file, 0);
        xmlSchemaFreeValidCtxt(vc);
    } else if (schema) {
        rc = 0;
    }
    xmlSchemaFree(schema);
    free(text);
    return rc;
}

static void test_xsd(void)
{
    gcx_schema *s = load_real(), *r = load_text(rich_def);

    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(xsd_check(s, unit_data_path(
                                     "samples/canonical/records.xml")), 0);
    CU_ASSERT_EQUAL(xsd_check(r, NULL), 0);
    gcx_schema_free(s);
    gcx_schema_free(r);
    xmlCleanupParser();
}

static void test_rich_generators(void)
{
    gcx_schema *s = load_text(rich_def);
    gcx_arena *a = gcx_arena_new();
    gcx_json *root = NULL;
    const gcx_json *v;
    gcx_error err;
    size_t len;
    char *text;

    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    text = generate(s, 0, &len);
    CU_ASSERT_EQUAL_FATAL(gcx_json_parse(text, len, "js", NULL, a, &root,
                                         &err), GCX_OK);
    /* a decimal's own pattern goes in allOf beside the type's */
    v = js_get(root, "$defs/thing/properties/price");
    CU_ASSERT_STRING_EQUAL(js_get(v, "pattern")->u.text,
                           "^(-?[0-9]+(\\.[0-9]+)?)$");
    CU_ASSERT_STRING_EQUAL(js_get(js_get(v, "allOf")->u.items[0],
                                  "pattern")->u.text,
                           "^([0-9]+\\.[0-9]{2})$");
    CU_ASSERT_STRING_EQUAL(js_get(root, "$defs/Alias/$comment")->u.text,
                           "gcx: rules code, alias");
    CU_ASSERT_STRING_EQUAL(
        js_get(root, "$defs/thing/properties/pair/$comment")->u.text,
        "gcx: rules extra");
    CU_ASSERT_STRING_EQUAL(
        js_get(root, "$defs/thing/properties/email/$comment")->u.text,
        "gcx: script latin");
    CU_ASSERT_STRING_EQUAL(js_get(root, "$defs/Pair/properties/right/"
                                  "properties/x/minimum")->u.text, "-3");
    free(text);
    text = generate(s, 2, &len);
    /* the pipe in the doc is escaped for the table-friendly text */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "A &lt;rich> & \"odd\" definition "
                                  "\\| for tests."));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "| `parts.q` | array of date | | "
                                  "| | |\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "| `codes` | [Codes](#codes) | yes "
                                  "| | | |"));
    free(text);
    gcx_arena_free(a);
    gcx_schema_free(s);
}

static const gcx_unit_case cases[] = {
    {"identity and order", test_identity_and_order},
    {"refs", test_refs},
    {"sets and rules", test_sets_and_rules},
    {"default path", test_default_path},
    {"bad definitions", test_bad_definitions},
    {"missing file", test_missing_file},
    {"rich definition", test_rich_definition},
    {"allocation failures", test_alloc_failures},
    {"generator allocation failures", test_generator_alloc_failures},
    {"generators deterministic", test_generators_deterministic},
    {"json schema", test_json_schema},
    {"xsd", test_xsd},
    {"rich generators", test_rich_generators},
    {NULL, NULL}
};

GCX_UNIT_MAIN("schema", cases)
