/* gcx/validate.h - checks canonical records against the schema and the
 * domain rules, and says exactly what is wrong, where, in English and in
 * Arabic.
 *
 * Findings carry a stable rule id (docs/domain-rules.md lists them), a
 * severity (from the built-in defaults or a profile file), the record
 * number and input line, the JSON Pointer of the field and the offending
 * value. Most rules look at one record; the indicator rule that EGDI is
 * the mean of OSI, HCI and TII looks at a group of records (same refArea
 * and period), so the validator holds indicator records until their group
 * is complete (bounded: docs/limits.md) and hands records back in the
 * order they are decided.
 */
#ifndef GCX_VALIDATE_H
#define GCX_VALIDATE_H

#include <stddef.h>
#include <gcx/error.h>
#include <gcx/json.h>
#include <gcx/rules.h>
#include <gcx/schema.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gcx_finding {
    const char *rule;           /* stable id, e.g. "id.sa.nid.luhn" */
    gcx_severity severity;
    unsigned long long record;  /* 1-based record number */
    unsigned long line;         /* input line of the record (0: unknown) */
    char pointer[256];          /* JSON Pointer of the field, "" = record */
    char value[128];            /* the offending value, truncated (UTF-8
                                   safe) */
    char en[256];               /* message in English */
    char ar[384];               /* message in Arabic */
} gcx_finding;

/* Severity profile: which severity each rule has (or off). */
typedef struct gcx_profile gcx_profile;

/* gcx_profile_load: read a profile file: a JSON object
 *   {"severities": {"RULE-ID-or-PREFIX.*": "error"|"warning"|"info"|
 *                   "off", ...}}
 * An unknown rule id is GCX_E_CONFIG naming file:line:col. *out new. */
gcx_status gcx_profile_load(gcx_profile **out, const char *path,
                            gcx_error *err);
void gcx_profile_free(gcx_profile *p);

/* gcx_rule_default_severity: the built-in severity of a rule id (the
 * uncertain ones are warnings: docs/domain-rules.md says why). Returns -1
 * for an unknown id. */
int gcx_rule_default_severity(const char *rule);

typedef struct gcx_validator_options {
    const gcx_profile *profile; /* NULL: built-in severities */
    const char *today;          /* "YYYY-MM-DD" for future-date checks;
                                   NULL: the current UTC date */
    size_t max_pending;         /* held indicator records (default 4096) */
} gcx_validator_options;

typedef struct gcx_validator gcx_validator;

/* gcx_validator_new: a validator over schema s and the country/currency
 * codes (both borrowed; they must outlive the validator). opt may be
 * NULL. *out is new. */
gcx_status gcx_validator_new(gcx_validator **out, const gcx_schema *s,
                             const gcx_codes *codes,
                             const gcx_validator_options *opt,
                             gcx_error *err);
void gcx_validator_free(gcx_validator *v);

/* gcx_validator_push: check one record. text/len is its source form (it
 * is handed back unchanged when the record is decided), value its parsed
 * form (borrowed for the call only), record/line its position. The
 * record is decided at once, or held (indicator records) until its group
 * is complete, the hold is full, or gcx_validator_finish. */
gcx_status gcx_validator_push(gcx_validator *v, const char *text,
                              size_t len, const gcx_json *value,
                              unsigned long long record, unsigned long line,
                              gcx_error *err);

/* gcx_validator_finish: no more records: decide every held record. */
gcx_status gcx_validator_finish(gcx_validator *v, gcx_error *err);

/* A decided record. */
typedef struct gcx_outcome {
    const char *text;           /* the record's source text, len bytes */
    size_t len;
    unsigned long long record;
    unsigned long line;
    const gcx_finding *findings; /* every finding, nfindings of them */
    size_t nfindings;
    int rejected;               /* a finding at or above the fail level */
} gcx_outcome;

/* gcx_validator_next: the next decided record, in decision order; 0 when
 * none is ready, 1 when *out was filled. *out is borrowed until the next
 * call of any gcx_validator_* function. fail_on is the lowest severity
 * that rejects a record (GCX_SEV_ERROR by default in tools; GCX_SEV_
 * WARNING for --fail-on warning). */
int gcx_validator_next(gcx_validator *v, gcx_severity fail_on,
                       gcx_outcome *out);

/* Counts so far: read (pushed), passed and rejected (handed out). */
typedef struct gcx_validate_counts {
    unsigned long long read, passed, rejected;
    unsigned long long errors, warnings, infos; /* findings */
} gcx_validate_counts;
gcx_validate_counts gcx_validator_counts(const gcx_validator *v);

#ifdef __cplusplus
}
#endif
#endif
