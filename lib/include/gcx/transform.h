/* gcx/transform.h - the text transforms of the mapping language.
 *
 * docs/mapping-language.md, "Transforms": each function takes UTF-8 text
 * (pointer and length) and appends its result to a gcx_buf, in the
 * forward direction (national -> canonical) or, for the *_format and
 * *_to functions, the reverse one (canonical -> national). The mapping
 * evaluator calls them; they know nothing about records or mappings.
 */
#ifndef GCX_TRANSFORM_H
#define GCX_TRANSFORM_H

#include <stddef.h>
#include <gcx/buf.h>
#include <gcx/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Contract shared by every gcx_transform_* function:
 *   - in is len bytes of UTF-8, never read past len nor assumed to be
 *     NUL-terminated; in may be NULL when len is 0.
 *   - The result is appended to out (out->len grows). On any failure out
 *     is left exactly as it was.
 *   - GCX_OK on success. GCX_E_INVALID when the value is not acceptable:
 *     *reason (reason may be NULL) is set to one of the stable codes
 *     below (a static string) and err (may be NULL) gets an English
 *     message quoting the value (cut at 60 bytes, control characters
 *     escaped) and saying what was expected. GCX_E_LIMIT when out would
 *     pass its maximum, GCX_E_NOMEM when an allocation fails,
 *     GCX_E_INTERNAL when ICU fails, GCX_E_USAGE for a bad argument
 *     (NULL out, a pattern of the wrong kind): *reason is then NULL.
 *   - Functions are pure: no global state changes; the ones that need
 *     an ICU calendar (Hijri reverse) keep one per thread, see
 *     gcx_transform_thread_cleanup. A compiled gcx_datepat is read-only
 *     and may be shared between threads.
 *
 * Reason codes (rejects carry them; they never change):
 *   map.utf8-invalid      the value is not well-formed UTF-8
 *   map.date-pattern      the value does not have the pattern's shape
 *   map.date-invalid      not a real date or time (2023-02-29, 24:00),
 *                         or (reverse) not a canonical ISO 8601 value
 *   map.date-unrepresentable  (reverse) the canonical value carries
 *                         more than the pattern can write (seconds,
 *                         fraction or zone the pattern lacks)
 *   map.hijri-invalid     not a real Umm al-Qura date (1445-01-30)
 *   map.hijri-range       Hijri year outside 1300-1600 AH, where ICU's
 *                         Umm al-Qura calendar is only arithmetic
 *   map.decimal-invalid   not a decimal number
 *   map.decimal-scale     nonzero digits beyond N fraction digits
 *   map.number-invalid    not a JSON-style number
 *   map.phone-invalid     characters or shape of a phone number
 *   map.phone-country     an international number of another country
 *   map.phone-length      wrong national number length for the state
 */

/* ------------------------------------------------------------- text */

/* gcx_transform_trim: remove leading and trailing Unicode white space
 * (the White_Space property: ASCII spaces and controls TAB..CR, NEL,
 * NBSP U+00A0, U+1680, U+2000-200A, U+2028, U+2029, U+202F, U+205F,
 * ideographic space U+3000). Reverse: identity. */
gcx_status gcx_transform_trim(const char *in, size_t len, gcx_buf *out,
                              const char **reason, gcx_error *err);

/* gcx_transform_collapse: trim, and every run of white space inside
 * becomes one U+0020. Reverse: identity. */
gcx_status gcx_transform_collapse(const char *in, size_t len, gcx_buf *out,
                                  const char **reason, gcx_error *err);

/* gcx_transform_upper / gcx_transform_lower: full Unicode case mapping
 * by ICU with the root locale (no Turkish or Lithuanian rules); the
 * result may be longer than the input ("ß" -> "SS"). Reverse: identity. */
gcx_status gcx_transform_upper(const char *in, size_t len, gcx_buf *out,
                               const char **reason, gcx_error *err);
gcx_status gcx_transform_lower(const char *in, size_t len, gcx_buf *out,
                               const char **reason, gcx_error *err);

/* gcx_transform_digits: every Unicode decimal digit (Arabic-Indic,
 * Persian, Devanagari, fullwidth, ...) becomes its ASCII digit; other
 * characters are kept. This is the forward of both `digits` and
 * `digits SCRIPT`. */
gcx_status gcx_transform_digits(const char *in, size_t len, gcx_buf *out,
                                const char **reason, gcx_error *err);

/* The digit scripts of `digits SCRIPT`. */
typedef enum gcx_digit_script {
    GCX_DIGITS_ARABIC_INDIC = 1,   /* U+0660-0669 */
    GCX_DIGITS_PERSIAN = 2         /* U+06F0-06F9 (extended Arabic-Indic) */
} gcx_digit_script;

/* gcx_transform_digit_script: the script named name (NUL-terminated:
 * "arabic-indic" or "persian", exact case) into *script. GCX_OK, or
 * GCX_E_CONFIG for any other name (err says which names exist). */
gcx_status gcx_transform_digit_script(const char *name,
                                      gcx_digit_script *script,
                                      gcx_error *err);

/* gcx_transform_digits_to: the reverse of `digits SCRIPT`: every decimal
 * digit of any script (ASCII included) is written in script; other
 * characters are kept. */
gcx_status gcx_transform_digits_to(const char *in, size_t len,
                                   gcx_digit_script script, gcx_buf *out,
                                   const char **reason, gcx_error *err);

/* gcx_transform_id_clean: remove white space (as trim), '-', '/', '.',
 * '_' and other dash punctuation (U+2010-2015, U+2212, ...: general
 * category Pd), fold digits as gcx_transform_digits, and upper-case
 * ASCII letters (other letters are kept). "784-1990-1234567-6" gives
 * "784199012345676". Reverse: identity. */
gcx_status gcx_transform_id_clean(const char *in, size_t len, gcx_buf *out,
                                  const char **reason, gcx_error *err);

/* ------------------------------------------------------------ numbers */

#define GCX_DECIMAL_SCALE_MAX 30

/* gcx_transform_decimal: `decimal N`. in is an exact decimal: an
 * optional '-', integer digits, optionally '.' (or the Arabic decimal
 * separator U+066B) and fraction digits; digits of any script. Digits
 * are required on both sides of the point ("5." and ".5" are invalid).
 * Thousands separators ',' (or U+066C) are removed when every one is
 * well placed (the first group 1-3 digits, then groups of exactly 3,
 * none after the point); otherwise map.decimal-invalid. The result has
 * no leading zeros (one "0" before the point at least), exactly scale
 * fraction digits (padded with zeros; scale 0 gives no point), and no
 * '-' when it is zero. More than scale fraction digits are fine when the
 * extra ones are zeros, else map.decimal-scale. No float is involved.
 * scale above GCX_DECIMAL_SCALE_MAX is GCX_E_USAGE. "1,500" with scale 3
 * gives "1500.000". Reverse: identity. */
gcx_status gcx_transform_decimal(const char *in, size_t len,
                                 unsigned scale, gcx_buf *out,
                                 const char **reason, gcx_error *err);

/* gcx_transform_number: `number`. in must be a JSON number without an
 * exponent: -?(0|[1-9][0-9]*)(\.[0-9]+)? after folding digits of other
 * scripts to ASCII; it is appended as written otherwise ("0.77070" stays
 * "0.77070"). Else map.number-invalid. Reverse: identity. */
gcx_status gcx_transform_number(const char *in, size_t len, gcx_buf *out,
                                const char **reason, gcx_error *err);

/* -------------------------------------------------------------- dates */

/* A compiled date pattern (opaque, read-only once compiled). */
typedef struct gcx_datepat gcx_datepat;

/* What a pattern is compiled for. */
typedef enum gcx_datepat_kind {
    GCX_DATEPAT_DATE = 1,     /* `date` and `hijri` */
    GCX_DATEPAT_DATETIME = 2  /* `datetime` */
} gcx_datepat_kind;

#define GCX_DATEPAT_MAX 200 /* longest pattern, in bytes */

/* gcx_datepat_compile: compile the NUL-terminated UTF-8 pattern for use
 * as kind. Pattern letters:
 *   yyyy  year, 4 digits (0001-9999)
 *   MM M  month, 2 digits / 1 or 2 digits
 *   dd d  day, 2 digits / 1 or 2 digits
 *   HH    hour 00-23     mm  minute 00-59     ss  second 00-59
 *   SSS   milliseconds, 3 digits
 *   XXX   zone: "Z" or +hh:mm / -hh:mm (hh 00-23, mm 00-59)
 * Text in single quotes is literal ('T'; '' is one quote, inside or
 * outside quotes). Every other character is a literal that must appear
 * as is, except unquoted ASCII letters: only T may stand unquoted; any
 * other letter, or a run of pattern letters of another length (yy, MMM),
 * is an error, so that Java/ICU patterns we do not support (EEE, a, hh,
 * z) are refused rather than misread. A field may appear once; yyyy, a
 * month and a day are required; SSS needs ss; M and d may not be
 * followed directly by another number field (yyyyMd is ambiguous).
 * GCX_DATEPAT_DATE: no XXX; HH, mm, ss and SSS are allowed, and the
 * value's time must then be midnight (so "1985-04-12 00:00:00" exports
 * map to a date and back, and no time is ever dropped silently).
 * GCX_DATEPAT_DATETIME: HH and mm are required.
 * On success *out is new (free it with gcx_datepat_free). On failure
 * *out is NULL and GCX_E_CONFIG is returned with err->column set to the
 * 1-based character position in the pattern of the problem and a message
 * saying what was expected; GCX_E_NOMEM; GCX_E_USAGE for a NULL pattern
 * or out or a bad kind. */
gcx_status gcx_datepat_compile(const char *pattern, gcx_datepat_kind kind,
                               gcx_datepat **out, gcx_error *err);

/* gcx_datepat_free: release pat; NULL is allowed. */
void gcx_datepat_free(gcx_datepat *pat);

/* gcx_datepat_text: the pattern as given to compile (borrowed, valid
 * until pat is freed). */
const char *gcx_datepat_text(const gcx_datepat *pat);

/* gcx_transform_date: `date PATTERN` forward. in is parsed with pat (a
 * GCX_DATEPAT_DATE pattern), digits of any script accepted; the result
 * is the ISO "YYYY-MM-DD" of a real proleptic Gregorian date. Failures:
 * map.date-pattern (shape), map.date-invalid (no such date; a time
 * other than midnight). A datetime pattern is GCX_E_USAGE. */
gcx_status gcx_transform_date(const gcx_datepat *pat, const char *in,
                              size_t len, gcx_buf *out, const char **reason,
                              gcx_error *err);

/* gcx_transform_date_format: `date PATTERN` reverse. iso must be
 * "YYYY-MM-DD" (ASCII) and a real date (else map.date-invalid); it is
 * written with pat: literals as in the pattern, ASCII digits, time
 * fields as zeros. */
gcx_status gcx_transform_date_format(const gcx_datepat *pat,
                                     const char *iso, size_t len,
                                     gcx_buf *out, const char **reason,
                                     gcx_error *err);

/* gcx_transform_datetime: `datetime PATTERN` forward with a
 * GCX_DATEPAT_DATETIME pattern. The result is ISO 8601
 * "YYYY-MM-DDTHH:MM:SS", then ".sss" when the pattern has SSS, then the
 * zone as read ("Z", "+03:00") when it has XXX. Seconds absent from the
 * pattern are written "00". Failures as gcx_transform_date. */
gcx_status gcx_transform_datetime(const gcx_datepat *pat, const char *in,
                                  size_t len, gcx_buf *out,
                                  const char **reason, gcx_error *err);

/* gcx_transform_datetime_format: `datetime PATTERN` reverse. iso is
 * "YYYY-MM-DDTHH:MM:SS" with an optional fraction (1 or more digits) and
 * an optional zone ("Z" or +hh:mm / -hh:mm); else map.date-invalid. It is
 * written with pat. map.date-unrepresentable when the pattern cannot
 * carry the value: nonzero seconds without ss, a nonzero fraction beyond
 * what SSS (or its absence) keeps, a zone without XXX or none with it. */
gcx_status gcx_transform_datetime_format(const gcx_datepat *pat,
                                         const char *iso, size_t len,
                                         gcx_buf *out, const char **reason,
                                         gcx_error *err);

/* gcx_transform_hijri: `hijri PATTERN` forward. in is parsed with pat (a
 * GCX_DATEPAT_DATE pattern) as an Umm al-Qura Hijri year, month and day
 * and converted through ICU (gcx_rules_hijri_to_gregorian) to the
 * Gregorian "YYYY-MM-DD". Failures: map.date-pattern, map.hijri-range
 * (year outside 1300-1600 AH), map.hijri-invalid (1445-01-30),
 * map.date-invalid (a time other than midnight). */
gcx_status gcx_transform_hijri(const gcx_datepat *pat, const char *in,
                               size_t len, gcx_buf *out, const char **reason,
                               gcx_error *err);

/* gcx_transform_hijri_format: `hijri PATTERN` reverse. iso is a
 * Gregorian "YYYY-MM-DD" (else map.date-invalid), converted through ICU
 * (calendar islamic-umalqura) to Hijri and written with pat, ASCII
 * digits. map.hijri-range when the Hijri year is outside 1300-1600. */
gcx_status gcx_transform_hijri_format(const gcx_datepat *pat,
                                      const char *iso, size_t len,
                                      gcx_buf *out, const char **reason,
                                      gcx_error *err);

/* gcx_transform_hijri_iso: the source's Hijri date itself, for
 * birthDateHijri.value: in is parsed and checked as by
 * gcx_transform_hijri, and written as the Hijri "YYYY-MM-DD" in ASCII
 * digits (no conversion). Same failures. */
gcx_status gcx_transform_hijri_iso(const gcx_datepat *pat, const char *in,
                                   size_t len, gcx_buf *out,
                                   const char **reason, gcx_error *err);

/* gcx_transform_hijri_iso_format: the reverse of gcx_transform_hijri_iso:
 * hijri is a Hijri "YYYY-MM-DD" (ASCII; else map.date-invalid) of a real
 * Umm al-Qura date (map.hijri-invalid, map.hijri-range), written with
 * pat. */
gcx_status gcx_transform_hijri_iso_format(const gcx_datepat *pat,
                                          const char *hijri, size_t len,
                                          gcx_buf *out, const char **reason,
                                          gcx_error *err);

/* gcx_transform_thread_cleanup: close the ICU calendar cached for the
 * calling thread by gcx_transform_hijri_format. Optional: it is also
 * closed when a thread ends; the main thread may call it before exit.
 * (The forward direction uses gcx_rules' cache: gcx_rules_thread_cleanup.)
 */
void gcx_transform_thread_cleanup(void);

/* -------------------------------------------------------------- phones */

/* The forms of `e164 CC` in reverse. */
typedef enum gcx_phone_form {
    GCX_PHONE_NATIONAL = 0,      /* `e164 CC`: as dialled inside the state,
                                    trunk 0 included for SA and AE:
                                    "0501234567", "33123456" (BH) */
    GCX_PHONE_INTERNATIONAL = 1, /* `e164 CC international`: "+9665..." */
    GCX_PHONE_00 = 2,            /* `e164 CC 00`: "009665..." */
    GCX_PHONE_SIGNIFICANT = 3    /* the national significant number, no
                                    trunk 0: "501234567" (not in the
                                    language yet) */
} gcx_phone_form;

/* gcx_transform_e164_state: 1 when state (NUL-terminated, exact case) is
 * one of BH, SA, AE, OM, QA, KW, else 0. The evaluator checks `e164 CC`
 * with it when the mapping loads. */
int gcx_transform_e164_state(const char *state);

/* gcx_transform_e164: `e164 CC` forward. in is a phone number of state
 * (BH +973, KW +965, QA +974, OM +968: 8 digits; SA +966: 9; AE +971: 8
 * or 9, the national significant number), digits of any script, with
 * white space, '-', '.', '(' and ')' between digits ignored, in one of
 * the forms:
 *   +CCC NSN, 00CCC NSN, CCC NSN (only when the length fits exactly),
 *   NSN, and for SA and AE 0 NSN (trunk prefix); a trunk "0" or "(0)"
 *   right after the country code is dropped for SA and AE.
 * The result is "+" CCC NSN ("+966501234567"). The NSN may not start
 * with 0. Failures: map.phone-invalid (other characters, a '+' not in
 * front, nothing left), map.phone-country (+ or 00 and another country
 * code), map.phone-length. An unknown state is GCX_E_USAGE. */
gcx_status gcx_transform_e164(const char *in, size_t len, const char *state,
                              gcx_buf *out, const char **reason,
                              gcx_error *err);

/* gcx_transform_e164_format: `e164 CC` reverse. in must be "+" CCC NSN
 * for state in ASCII digits with the state's length (the forward's
 * output); else the reasons of gcx_transform_e164. It is written in
 * form (gcx_phone_form). */
gcx_status gcx_transform_e164_format(const char *in, size_t len,
                                     const char *state, gcx_phone_form form,
                                     gcx_buf *out, const char **reason,
                                     gcx_error *err);

/* -------------------------------------------------------------- split */

/* gcx_transform_split: `split "SEP" N`: the part number n (from 0) of in
 * cut at every occurrence of sep (seplen bytes, at least 1; byte
 * comparison, so any UTF-8 separator works). When in has that many parts
 * *present is 1 and the part is appended (it may be empty: "a,,b" part
 * 1); when it has fewer, *present is 0, nothing is appended and the
 * result is still GCX_OK: the value is missing, which is not an error.
 * An empty in has one (empty) part. An empty sep or NULL present is
 * GCX_E_USAGE. Not reversible. */
gcx_status gcx_transform_split(const char *in, size_t len, const char *sep,
                               size_t seplen, size_t n, gcx_buf *out,
                               int *present, const char **reason,
                               gcx_error *err);

#ifdef __cplusplus
}
#endif
#endif
