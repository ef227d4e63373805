/* gcx/rules.h - pure domain checks: identifiers, IBAN, phone, money,
 * dates (Gregorian and Hijri), text, and the country/currency tables.
 *
 * Each check takes values (never a schema or a record) and says whether a
 * rule is broken, naming it with a stable rule id and a short English and
 * Arabic explanation. docs/domain-rules.md lists every rule id.
 */
#ifndef GCX_RULES_H
#define GCX_RULES_H

#include <stddef.h>
#include <gcx/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------ findings */

#define GCX_FINDING_EN_MAX 200
#define GCX_FINDING_AR_MAX 300

/* What a check reports when a rule is broken. rule is a static string
 * (valid for the life of the program), e.g. "id.sa.nid.luhn"; en and ar
 * are NUL-terminated UTF-8, cut at a character boundary if too long. They
 * never quote the checked value itself, only a described character
 * ("'x'", "U+0663") or a length, so they are safe to log. */
typedef struct gcx_finding_text {
    const char *rule;
    char en[GCX_FINDING_EN_MAX];
    char ar[GCX_FINDING_AR_MAX];
} gcx_finding_text;

/* Return convention of every check below (gcx_rules_*):
 *   0   the value passes; out (if not NULL) gets rule NULL, empty texts;
 *   1   a rule is broken; out (if not NULL) says which and why;
 *   < 0 the check could not run: the value is -gcx_status (-GCX_E_USAGE
 *       for a NULL value with a non-zero length or a bad argument,
 *       -GCX_E_NOMEM, -GCX_E_INTERNAL for an ICU failure).
 * out may be NULL when only the verdict is wanted. A check reports the
 * first rule broken, in the order its contract lists them. Values come
 * with a length and are never read past it nor assumed NUL-terminated;
 * value may be NULL when len is 0. Checks do not allocate per call and
 * are safe to call from several threads at once. */

/* The catalogue of rule ids: default severity and a one-line summary. */
typedef struct gcx_rule_info {
    const char *id;
    gcx_severity severity;
    const char *summary;
} gcx_rule_info;

/* gcx_rules_list: all rules, sorted by id; *count receives their number.
 * The array is static (borrowed for the life of the program). */
const gcx_rule_info *gcx_rules_list(size_t *count);
/* gcx_rules_lookup: the entry for rule id (NUL-terminated), or NULL when
 * no such rule exists. A profile uses it to reject unknown rule ids. */
const gcx_rule_info *gcx_rules_lookup(const char *id);

/* ------------------------------------------------ country/currency data */

/* The country and currency table (ISO 3166-1, ISO 4217) and the IBAN
 * registry, loaded from data files. Immutable once loaded: one handle can
 * be shared by threads. */
typedef struct gcx_codes gcx_codes;

/* One country, borrowed from a gcx_codes: valid until gcx_codes_free. */
typedef struct gcx_country {
    char alpha2[3];          /* "SA" */
    char alpha3[4];          /* "SAU" */
    char numeric[4];         /* "682", always 3 digits ("048") */
    const char *name_en;     /* official_name_en ("" when unknown) */
    const char *name_ar;     /* official_name_ar ("" when unknown) */
    const char *currencies;  /* ISO 4217 codes, comma-separated, or "" */
} gcx_country;

#define GCX_CODES_COUNTRY_FILE "country-codes.csv"
#define GCX_CODES_IBAN_FILE "python-stdnum-iban.dat"

/* gcx_codes_default_path: write "DIR/reference/NAME" into buf (size
 * bytes, NUL-terminated), where DIR is $GCX_DATA_DIR when set and not
 * empty, else the directory compiled in (GCX_DATADIR: the build sets it
 * to $(pkgdatadir)/mappings, where mappings/ is installed). name is a
 * file name such as GCX_CODES_COUNTRY_FILE. A test run sets GCX_DATA_DIR
 * to the source tree's mappings/. Returns GCX_OK, or GCX_E_LIMIT when
 * buf is too small (buf is then ""). */
gcx_status gcx_codes_default_path(const char *name, char *buf, size_t size);

/* gcx_codes_load: read the country table from the CSV file at path (the
 * datasets/country-codes layout: columns found by header name, RFC 4180
 * quoting, LF or CRLF, UTF-8 with an optional BOM). On success *out is a
 * new handle (free it with gcx_codes_free). On failure *out is NULL and
 * err (may be NULL) gets the file, line and column (err->file, ->line,
 * ->column) and the problem: GCX_E_IO (cannot open or read),
 * GCX_E_CONFIG (bad CSV or UTF-8, a missing column, a bad or duplicate
 * code), GCX_E_LIMIT (file over 16 MiB), GCX_E_NOMEM. */
gcx_status gcx_codes_load(gcx_codes **out, const char *path,
                          gcx_error *err);
/* gcx_codes_load_mem: the same from len bytes at data (copied; data may
 * be freed after the call). name is used in error messages. */
gcx_status gcx_codes_load_mem(gcx_codes **out, const char *data,
                              size_t len, const char *name, gcx_error *err);
/* gcx_codes_load_iban: add the IBAN registry (python-stdnum iban.dat
 * format: "CC country=\"..\" bban=\"4!a14!c\"" lines) at path to codes.
 * Without it gcx_rules_iban knows only the six GCC states. Errors as for
 * gcx_codes_load; on failure codes is left as it was. */
gcx_status gcx_codes_load_iban(gcx_codes *codes, const char *path,
                               gcx_error *err);
/* gcx_codes_load_default: gcx_codes_load and gcx_codes_load_iban on the
 * two files under gcx_codes_default_path. */
gcx_status gcx_codes_load_default(gcx_codes **out, gcx_error *err);
/* gcx_codes_free: release codes and everything borrowed from it. NULL is
 * allowed. */
void gcx_codes_free(gcx_codes *codes);

/* Lookups: the country with that code or name, or NULL. Codes are
 * matched exactly (upper-case letters; alpha2 "SA", alpha3 "SAU");
 * numeric takes 1 to 3 ASCII digits, so "48" and "048" both give Bahrain.
 * by_name matches official_name_en, CLDR display name, UNTERM English
 * Short (also without its trailing " (the)") and, when the file has it,
 * UNTERM English Formal without its leading "the ", ignoring ASCII case,
 * leading and trailing spaces, runs of spaces, and the difference between
 * ' and U+2019: "Iraq " finds IRQ, "Czech Republic " CZE. */
const gcx_country *gcx_codes_country_alpha2(const gcx_codes *codes,
                                            const char *s, size_t len);
const gcx_country *gcx_codes_country_alpha3(const gcx_codes *codes,
                                            const char *s, size_t len);
const gcx_country *gcx_codes_country_numeric(const gcx_codes *codes,
                                             const char *s, size_t len);
const gcx_country *gcx_codes_country_name(const gcx_codes *codes,
                                          const char *s, size_t len);
/* gcx_codes_country_count / gcx_codes_country_at: iterate the table in
 * file order (i < count). */
size_t gcx_codes_country_count(const gcx_codes *codes);
const gcx_country *gcx_codes_country_at(const gcx_codes *codes, size_t i);

/* gcx_codes_currency_minor_units: number of decimals allowed in amounts
 * of the ISO 4217 currency code (3 upper-case letters), or -1 when the
 * table has no such currency. The value is the ISO 4217 minor unit of
 * the data file; ICU's ucurr_getDefaultFractionDigits fills in when the
 * file gives none (see docs/domain-rules.md for why ISO comes first). */
int gcx_codes_currency_minor_units(const gcx_codes *codes, const char *code,
                                   size_t len);
/* gcx_codes_iban_length: total IBAN length for the country alpha2 code,
 * or 0 when unknown. */
int gcx_codes_iban_length(const gcx_codes *codes, const char *alpha2);

/* ---------------------------------------------------------- identifiers */

/* Options of the identifier checks. Start from gcx_rules_options_default
 * and change fields; the struct is read, never kept. */
typedef struct gcx_rules_options {
    const gcx_codes *codes;  /* country table (QA-QID nationality code);
                                NULL skips checks that need it */
    unsigned om_civil_min;   /* OM-CIVIL accepted length, default 8..8 */
    unsigned om_civil_max;
} gcx_rules_options;

/* gcx_rules_options_default: codes NULL, OM-CIVIL length 8..8. */
void gcx_rules_options_default(gcx_rules_options *opt);

/* gcx_rules_identifier: check value against an identifier scheme. scheme
 * is one of these canonical codes (NUL-terminated, exact case):
 *   SA-NID    Saudi national ID: 10 digits, first 1, Luhn over all 10
 *   SA-IQAMA  Saudi residence ID: 10 digits, first 2, Luhn over all 10
 *   AE-EID    Emirates ID: 15 digits (no dashes), prefix 784, Luhn
 *   BH-CPR    Bahrain CPR: 9 digits YYMMNNNNC, month 01-12 (the check
 *             digit's algorithm is not public: not verified)
 *   KW-CID    Kuwait civil ID: 12 digits C YYMMDD SSSS K, C 2 or 3, a real
 *             date, mod-11 check digit (r = 0, K = 0 is a separate rule)
 *   QA-QID    Qatar ID: 11 digits C YY NNN SSSSS, C 2 or 3, NNN an ISO
 *             3166 numeric code in opt->codes
 *   OM-CIVIL  Oman civil number: digits, opt->om_civil_min..max long
 *   SA-CR     Saudi legacy commercial registration: 10 digits
 *   SA-UNN    Saudi unified national number: 10 digits, first 7
 *   SA-VAT    Saudi VAT number: 15 digits, first 3
 *   OM-VAT    Oman VAT number: "OM" and 10 digits
 *   AE-TRN    UAE tax registration number: 15 digits
 *   BH-CR     Bahrain CR: digits, optionally "-" and branch digits
 *   KW-CR, QA-CR, AE-TL  free text: not blank, valid UTF-8, no control
 *             characters
 * Digits are ASCII: fold others first (gcx_rules_fold_digits). An unknown
 * scheme breaks "id.scheme.unknown". opt may be NULL (defaults). Rules
 * are checked in this order: digits/characters, length, prefix, century,
 * month/date, check digit, nationality code (OM-VAT: prefix first). */
int gcx_rules_identifier(const gcx_rules_options *opt, const char *scheme,
                         const char *value, size_t len,
                         gcx_finding_text *out);

#define GCX_BIRTH_YEAR 1
#define GCX_BIRTH_MONTH 2
#define GCX_BIRTH_DAY 4

/* gcx_rules_identifier_birth: the birth date parts embedded in an
 * identifier, for cross-field checks. Returns a mask of GCX_BIRTH_* for
 * the parts known and stores them (unknown ones get 0):
 *   AE-EID  year (digits 4-7)
 *   BH-CPR  year and month; YY becomes 20YY unless that is after
 *           ref_year, then 19YY
 *   KW-CID  year, month, day (century from the first digit)
 *   QA-QID  year (century from the first digit)
 * Other schemes, and values without that structure (wrong length, not
 * digits, impossible month or date), give 0. ref_year 0 means the
 * current year (UTC). year, month and day may each be NULL. */
int gcx_rules_identifier_birth(const char *scheme, const char *value,
                               size_t len, int ref_year, int *year,
                               int *month, int *day);

#define GCX_NATIONALITY_UNKNOWN 0
#define GCX_NATIONALITY_IS 1      /* holder is a national of alpha3 */
#define GCX_NATIONALITY_IS_NOT 2  /* holder is not a national of alpha3 */

/* gcx_rules_identifier_nationality: what an identifier says about its
 * holder's nationality. SA-NID and SA-IQAMA (10 digits): first digit 1
 * gives IS "SAU", 2 gives IS_NOT "SAU". QA-QID (11 digits): digits 4-6
 * looked up in codes give IS and that country (UNKNOWN when codes is
 * NULL or the code is not in it). Anything else gives UNKNOWN. alpha3
 * receives the code (NUL-terminated) or "". */
int gcx_rules_identifier_nationality(const gcx_codes *codes,
                                     const char *scheme, const char *value,
                                     size_t len, char alpha3[4]);

/* -------------------------------------------------- IBAN, phone, money */

/* gcx_rules_iban: an IBAN in electronic form (no spaces, upper case).
 * Rules in order: iban.chars (only A-Z and 0-9, check digits are digits),
 * iban.country (two letters of a country in the registry: the six GCC
 * states when codes is NULL or has no IBAN registry), iban.length (per
 * country), iban.bban (the registry's BBAN format, when loaded),
 * iban.checksum (ISO 7064 mod 97-10, check digits 02-98). */
int gcx_rules_iban(const gcx_codes *codes, const char *value, size_t len,
                   gcx_finding_text *out);

/* gcx_rules_phone: an E.164 number: "+", then 7 to 15 digits, the first
 * not 0 (phone.format). When state_alpha2 (NUL-terminated, may be NULL)
 * is a GCC state, the number must start with its country code
 * (phone.country) and have that state's national significant number
 * length (phone.length): SA +966 9, AE +971 8-9, BH +973 8, KW +965 8,
 * QA +974 8, OM +968 8. Other states get the E.164 check only. */
int gcx_rules_phone(const char *number, size_t len,
                    const char *state_alpha2, gcx_finding_text *out);

/* gcx_rules_money: amount is a decimal string -?[0-9]+(.[0-9]+)? with no
 * exponent, sign "+" or spaces (money.format); currency (NUL-terminated)
 * is in codes (money.currency); the amount has no more decimals than the
 * currency's minor units (money.minor-units: BHD, KWD, OMR 3; SAR, AED,
 * QAR 2). codes must not be NULL. */
int gcx_rules_money(const gcx_codes *codes, const char *amount, size_t len,
                    const char *currency, gcx_finding_text *out);

#define GCX_CODE_ALPHA2 1
#define GCX_CODE_ALPHA3 2
#define GCX_CODE_NUMERIC 3

/* gcx_rules_country_code: value is a country code of the given kind
 * (GCX_CODE_*; numeric must be exactly 3 digits) in codes (code.country).
 * gcx_rules_currency_code: value is an ISO 4217 code in codes
 * (code.currency). codes must not be NULL. */
int gcx_rules_country_code(const gcx_codes *codes, int kind,
                           const char *value, size_t len,
                           gcx_finding_text *out);
int gcx_rules_currency_code(const gcx_codes *codes, const char *value,
                            size_t len, gcx_finding_text *out);

/* ---------------------------------------------------------------- dates */

/* gcx_rules_date: iso is YYYY-MM-DD (date.format) and a real date of the
 * proleptic Gregorian calendar, leap years included (date.calendar). */
int gcx_rules_date(const char *iso, size_t len, gcx_finding_text *out);

/* gcx_rules_date_not_future: iso passes gcx_rules_date and is not after
 * today_iso (date.future). today_iso (NUL-terminated YYYY-MM-DD) may be
 * NULL: then "today" is the date at UTC+14, the earliest time zone, so a
 * date that is today anywhere is never reported. A bad today_iso gives
 * -GCX_E_USAGE. */
int gcx_rules_date_not_future(const char *iso, size_t len,
                              const char *today_iso, gcx_finding_text *out);

/* gcx_rules_datetime: ISO 8601 / RFC 3339 date and time with an offset:
 * YYYY-MM-DDThh:mm:ss[.f+](Z|+hh:mm|-hh:mm), upper-case T and Z, seconds
 * up to 60 (leap second). A malformed value breaks date.datetime, an
 * impossible date part date.calendar. */
int gcx_rules_datetime(const char *s, size_t len, gcx_finding_text *out);

/* gcx_rules_hijri_to_gregorian: convert the Hijri date hy-hm-hd (months
 * 1-12) through ICU. variant (NUL-terminated; NULL means the default)
 * is "islamic-umalqura" (default), "islamic-civil", "islamic-tbla" or
 * "islamic"; anything else, including "islamic-rgsa" (which ICU 72
 * silently treats as "islamic"), is GCX_E_USAGE. out_iso receives the
 * proleptic Gregorian YYYY-MM-DD. *approximate (may be NULL) is 1 when
 * the variant is islamic-umalqura and hy is outside 1300-1600, where ICU
 * computes an arithmetic date instead of the Umm al-Qura table, else 0.
 * Returns GCX_OK; GCX_E_INVALID for an impossible date (1445-01-30) or
 * one outside Gregorian years 1-9999; GCX_E_INTERNAL or GCX_E_NOMEM when
 * ICU fails. err (may be NULL) gets the message. The calendars are
 * opened once per thread and reused (gcx_rules_thread_cleanup). */
gcx_status gcx_rules_hijri_to_gregorian(int hy, int hm, int hd,
                                        const char *variant,
                                        char out_iso[11], int *approximate,
                                        gcx_error *err);

/* gcx_rules_hijri_matches: hijri (YYYY-MM-DD, Hijri, ASCII digits) is a
 * real date of variant (as above; NULL for the default)
 * (date.hijri-invalid), iso passes gcx_rules_date, the conversion is
 * exact (date.hijri-range: islamic-umalqura outside 1300-1600 AH) and
 * gives iso (date.hijri-mismatch). An unknown variant is -GCX_E_USAGE. */
int gcx_rules_hijri_matches(const char *hijri, size_t hlen,
                            const char *variant, const char *iso,
                            size_t len, gcx_finding_text *out);

/* gcx_rules_thread_cleanup: close the ICU calendars cached for the
 * calling thread. Optional: they are also closed when a thread ends;
 * the main thread may call it before exit to leave nothing behind. */
void gcx_rules_thread_cleanup(void);

/* ----------------------------------------------------------------- text */

typedef enum gcx_script {
    GCX_SCRIPT_ARABIC = 1,
    GCX_SCRIPT_LATIN = 2
} gcx_script;

/* gcx_rules_text_nfc: s is well-formed UTF-8 (text.utf8) in Unicode
 * Normalization Form C (text.nfc). */
int gcx_rules_text_nfc(const char *s, size_t len, gcx_finding_text *out);

/* gcx_rules_text_script: s is well-formed UTF-8 (text.utf8) whose letters
 * and combining marks all belong to script (text.script). Characters of
 * the Common and Inherited scripts (spaces, punctuation, digits, Arabic
 * harakat, tatweel) are allowed, and so are those whose Script_Extensions
 * include the script. Digits of any script are allowed. */
int gcx_rules_text_script(const char *s, size_t len, gcx_script script,
                          gcx_finding_text *out);

#define GCX_CONTROL_ALLOW_TAB 1u  /* U+0009 */
#define GCX_CONTROL_ALLOW_LF 2u   /* U+000A */
#define GCX_CONTROL_ALLOW_CR 4u   /* U+000D */

/* gcx_rules_text_controls: s is well-formed UTF-8 (text.utf8) with no C0
 * control (U+0000-001F), DEL (U+007F) or C1 control (U+0080-009F)
 * (text.control), except those allowed by the GCX_CONTROL_ALLOW_* bits
 * of allow (0 allows none). */
int gcx_rules_text_controls(const char *s, size_t len, unsigned allow,
                            gcx_finding_text *out);

/* gcx_rules_fold_digits: copy the UTF-8 text in (len bytes) to out,
 * replacing every Unicode decimal digit (general category Nd: Arabic-
 * Indic U+0660-0669, extended U+06F0-06F9, and all others) by its ASCII
 * digit. out has size bytes; the result is never longer than the input,
 * so size = len + 1 always suffices. *out_len (may be NULL) receives the
 * result's length; out is NUL-terminated. Returns GCX_OK, GCX_E_INVALID
 * when in is not well-formed UTF-8, GCX_E_LIMIT when out is too small
 * (out is then unspecified). */
gcx_status gcx_rules_fold_digits(const char *in, size_t len, char *out,
                                 size_t size, size_t *out_len);

#ifdef __cplusplus
}
#endif
#endif
