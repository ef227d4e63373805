/* gcx/validate.h - checks canonical records against the schema and the
 * domain rules, and says exactly what is wrong, where, in English and in
 * Arabic.
 *
 * Findings carry a stable rule id (docs/validation.md lists them), a
 * severity (from the built-in defaults or a profile file), the record
 * number and input line, the JSON Pointer of the field and the offending
 * value. Most rules look at one record; the indicator rule that EGDI is
 * the mean of OSI, HCI and TII looks at a group of records (same refArea
 * and period), so the validator holds indicator records until their group
 * is complete (bounded: docs/validation.md) and hands records back in the
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
    char pointer[256];          /* JSON Pointer of the field, "" = record
                                   (RFC 6901; cut at a UTF-8 boundary
                                   when longer) */
    char value[128];            /* the offending value, truncated (UTF-8
                                   safe); "" when the field is missing;
                                   "{...}" or "[...]" for containers */
    char en[256];               /* message in English */
    char ar[384];               /* message in Arabic */
} gcx_finding;

/* At most this many findings are kept per record; later ones are only
 * counted (gcx_outcome.ndropped) and still decide the record's fate. */
#define GCX_VALIDATE_MAX_FINDINGS 100

/* Severity profile: which severity each rule has (or off). */
typedef struct gcx_profile gcx_profile;

/* gcx_profile_load: read a profile file: a JSON object
 *   {"description": "...",
 *    "severities": {"RULE-ID-or-PREFIX.*": "error"|"warning"|"info"|
 *                   "off", ...}}
 * "description" is optional. An exact id wins over a pattern, a longer
 * pattern over a shorter one; "*" alone matches every rule. An unknown
 * rule id, a pattern matching no rule, an unknown severity or key, bad
 * JSON, or an attempt to change "input.syntax" or "input.limit" (always
 * errors) is GCX_E_CONFIG with err naming file:line:col; GCX_E_IO when
 * the file cannot be read. *out is new. */
gcx_status gcx_profile_load(gcx_profile **out, const char *path,
                            gcx_error *err);
/* gcx_profile_load_mem: the same from len bytes at text; name is used in
 * messages. */
gcx_status gcx_profile_load_mem(gcx_profile **out, const char *text,
                                size_t len, const char *name,
                                gcx_error *err);
void gcx_profile_free(gcx_profile *p);

/* gcx_profile_severity: the severity p gives rule: a gcx_severity, -1
 * when p turns it off, -2 when p says nothing about it. */
int gcx_profile_severity(const gcx_profile *p, const char *rule);

/* gcx_rule_default_severity: the built-in severity of a rule id (the
 * uncertain ones are warnings: docs/validation.md says why). Returns -1
 * for an unknown id. */
int gcx_rule_default_severity(const char *rule);

/* gcx_validate_rule_at: the i-th rule id (0-based) the validator can
 * report: its own (schema.*, xfield.*, indicator.*, input.*,
 * id.state-mismatch) and every rule of gcx_rules_list; NULL past the
 * end. Static strings. */
const char *gcx_validate_rule_at(size_t i);

/* gcx_validate_severity_name: "error", "warning" or "info". */
const char *gcx_validate_severity_name(gcx_severity s);

typedef struct gcx_validator_options {
    const gcx_profile *profile; /* NULL: built-in severities */
    const char *today;          /* "YYYY-MM-DD" for future-date checks;
                                   NULL: the current date at UTC+14
                                   (today anywhere is never future) */
    size_t max_pending;         /* held indicator records (0: the
                                   default, 4096) */
} gcx_validator_options;

typedef struct gcx_validator gcx_validator;

/* gcx_validator_new: a validator over schema s and the country/currency
 * codes (both borrowed; they must outlive the validator; codes may be
 * NULL, which skips the checks that need it). opt (may be NULL) and the
 * profile it names are read now and, the profile, kept: it must outlive
 * the validator. *out is new. GCX_E_USAGE for a malformed opt->today. */
gcx_status gcx_validator_new(gcx_validator **out, const gcx_schema *s,
                             const gcx_codes *codes,
                             const gcx_validator_options *opt,
                             gcx_error *err);
void gcx_validator_free(gcx_validator *v);

/* gcx_validator_push: check one record. text/len is its source form,
 * copied (it is handed back unchanged when the record is decided), value
 * its parsed form (borrowed for the call only), record/line its position.
 * The record is decided at once, or held (indicator records) until its
 * group is complete, the hold is full, or gcx_validator_finish. Errors:
 * GCX_E_NOMEM, GCX_E_INTERNAL (a domain check could not run); the
 * record is then not counted. */
gcx_status gcx_validator_push(gcx_validator *v, const char *text,
                              size_t len, const gcx_json *value,
                              unsigned long long record, unsigned long line,
                              gcx_error *err);

/* gcx_validator_push_text: parse len bytes of text as one JSON text
 * (an NDJSON line) with opt (NULL: the defaults) and check it as
 * gcx_validator_push does; text is the source form handed back. A text
 * that gcx_json_parse refuses is not an error of the call: the record is
 * decided at once, rejected, with one finding "input.syntax" (or
 * "input.limit" for a limit) whose message is the parser's, with its
 * column. name is the input's name. Errors: as gcx_validator_push. */
gcx_status gcx_validator_push_text(gcx_validator *v, const char *text,
                                   size_t len, const char *name,
                                   const gcx_json_parse_options *opt,
                                   unsigned long long record,
                                   unsigned long line, gcx_error *err);

/* gcx_validator_reject: count a record that could not even be read:
 * rule is "input.syntax" (not JSON, or not canonical XML) or
 * "input.limit" (too large), message the reader's reason (English; the
 * Arabic message embeds it). The record is decided at once, with that
 * one error finding. text/len is copied. */
gcx_status gcx_validator_reject(gcx_validator *v, const char *text,
                                size_t len, const char *rule,
                                const char *message,
                                unsigned long long record,
                                unsigned long line, gcx_error *err);

/* gcx_validator_finish: no more records for now (end of an input):
 * decide every held record. More records may be pushed afterwards. */
gcx_status gcx_validator_finish(gcx_validator *v, gcx_error *err);

/* A decided record. */
typedef struct gcx_outcome {
    const char *text;           /* the record's source text, len bytes
                                   (followed by a NUL) */
    size_t len;
    unsigned long long record;
    unsigned long line;
    const gcx_finding *findings; /* findings kept, nfindings of them */
    size_t nfindings;
    unsigned long long ndropped; /* findings past the per-record cap */
    int rejected;               /* a finding at or above the fail level */
} gcx_outcome;

/* gcx_validator_next: the next decided record, in decision order; 0 when
 * none is ready, 1 when *out was filled. *out is borrowed until the next
 * call of any gcx_validator_* function. fail_on is the lowest severity
 * that rejects a record (GCX_SEV_ERROR by default in tools; GCX_SEV_
 * WARNING for --fail-on warning). */
int gcx_validator_next(gcx_validator *v, gcx_severity fail_on,
                       gcx_outcome *out);

/* Counts so far: read (pushed), passed and rejected (handed out), and the
 * findings of the records handed out, by severity (dropped ones too).
 * Once every record is handed out, read = passed + rejected. */
typedef struct gcx_validate_counts {
    unsigned long long read, passed, rejected;
    unsigned long long errors, warnings, infos; /* findings */
} gcx_validate_counts;
gcx_validate_counts gcx_validator_counts(const gcx_validator *v);

/* gcx_validator_held: records held now (waiting for their group). */
size_t gcx_validator_held(const gcx_validator *v);

#ifdef __cplusplus
}
#endif
#endif
