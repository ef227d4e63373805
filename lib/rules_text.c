/* lib/rules_text.c - text and date rules: NFC, script, control characters,
 * digit folding, ISO 8601 dates, and Hijri dates through ICU calendars.
 *
 * Text is checked in fixed stack buffers, cut at normalization boundaries;
 * ICU calendars are opened once per thread and reused.
 */
#include "internal.h"
#include "rules_internal.h"

#include <gcx/rules.h>

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <unicode/uchar.h>
#include <unicode/ucal.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

/* ------------------------------------------------------------ findings */

/* bad_utf8: the text.utf8 finding for the byte at pos (1-based char). */
static int bad_utf8(gcx_finding_text *out, const unsigned char *s,
                    size_t pos, size_t charpos)
{
    gcxi_report(out, "text.utf8");
    gcxi_put_en(out, "text is not well-formed UTF-8: byte 0x%02X at character "
                "%zu", s[pos], charpos);
    gcxi_put_ar(out,
        "النص ليس بترميز UTF-8 سليم: البايت "
        "0x%02X عند الحرف %zu",
        s[pos], charpos);
    return 1;
}

/* ---------------------------------------------------------------- text */

#define CHUNK 512 /* UTF-16 units checked at once */

/* nfc_first_bad: 0 when u[0..n) is NFC, else 1 + the index (in code
 * points) near which it is not; -1 on ICU failure. */
static long nfc_check(const UNormalizer2 *nfc, const UChar *u, int32_t n)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t span;

    if (unorm2_isNormalized(nfc, u, n, &st))
        return U_FAILURE(st) ? -1 : 0;
    if (U_FAILURE(st))
        return -1;
    span = unorm2_spanQuickCheckYes(nfc, u, n, &st);
    if (U_FAILURE(st) || span < 0)
        span = 0;
    return 1 + (long)u_countChar32(u, span);
}

/* nfc_whole: the fallback for a segment with no normalization boundary
 * longer than CHUNK: convert all of s to UTF-16 on the heap. */
static int nfc_whole(const UNormalizer2 *nfc, const unsigned char *s,
                     size_t len, gcx_finding_text *out)
{
    UChar *u;
    size_t i = 0, n = 0, k;
    uint32_t cp;
    long bad;

    if (len > (size_t)INT32_MAX / 2)
        return -GCX_E_LIMIT;
    u = gcx_malloc((len + 1) * sizeof *u);
    if (!u)
        return -GCX_E_NOMEM;
    while (i < len) {
        k = gcxi_utf8_check(s + i, len - i, &cp);
        if (cp < 0x10000) {
            u[n++] = (UChar)cp;
        } else {
            u[n++] = U16_LEAD(cp);
            u[n++] = U16_TRAIL(cp);
        }
        i += k; /* already validated */
    }
    bad = nfc_check(nfc, u, (int32_t)n);
    gcx_free(u);
    if (bad < 0)
        return -GCX_E_INTERNAL;
    if (bad == 0)
        return gcxi_pass(out);
    gcxi_report(out, "text.nfc");
    gcxi_put_en(out, "text is not in Unicode Normalization Form C (NFC) near "
                "character %ld", bad);
    gcxi_put_ar(out,
        "النص ليس بصيغة التطبيع الموحد NFC "
        "قرب الحرف %ld", bad);
    return 1;
}

int gcx_rules_text_nfc(const char *str, size_t len, gcx_finding_text *out)
{
    const unsigned char *s = (const unsigned char *)str;
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfc;
    UChar u[CHUNK + 2];
    size_t i = 0, k, chars = 0, seg_chars = 0, cut_chars = 0;
    int32_t n = 0, cut = 0;
    uint32_t cp;
    long bad;

    if (!s && len)
        return -GCX_E_USAGE;
    while (i < len && s[i] < 0x80)
        i++; /* ASCII is always NFC */
    if (i == len)
        return gcxi_pass(out);
    chars = i;
    nfc = unorm2_getNFCInstance(&st);
    if (U_FAILURE(st))
        return -GCX_E_INTERNAL;
    /* restart at the start of the ASCII run's last character, which may
     * combine with what follows */
    if (i > 0) {
        i--;
        chars--;
    }
    seg_chars = chars;
    while (i < len) {
        k = gcxi_utf8_check(s + i, len - i, &cp);
        if (k == 0)
            return bad_utf8(out, s, i, chars + 1);
        if (cp < 0x300 || unorm2_hasBoundaryBefore(nfc, (UChar32)cp)) {
            cut = n;
            cut_chars = chars;
        }
        if (n + 2 > CHUNK) {
            if (cut == 0) {
                /* check the rest for UTF-8 first, then the slow path */
                size_t j = i;

                while (j < len) {
                    size_t m = gcxi_utf8_check(s + j, len - j, &cp);
                    size_t c = 0, x;

                    if (m == 0) {
                        for (x = 0; x < j; x++)
                            c += (s[x] & 0xC0) != 0x80;
                        return bad_utf8(out, s, j, c + 1);
                    }
                    j += m;
                }
                return nfc_whole(nfc, s, len, out);
            }
            bad = nfc_check(nfc, u, cut);
            if (bad)
                goto found;
            memmove(u, u + cut, (size_t)(n - cut) * sizeof *u);
            n -= cut;
            cut = 0;
            seg_chars = cut_chars;
        }
        if (cp < 0x10000) {
            u[n++] = (UChar)cp;
        } else {
            u[n++] = U16_LEAD(cp);
            u[n++] = U16_TRAIL(cp);
        }
        chars++;
        i += k;
    }
    bad = nfc_check(nfc, u, n);
    if (bad == 0)
        return gcxi_pass(out);
found:
    if (bad < 0)
        return -GCX_E_INTERNAL;
    gcxi_report(out, "text.nfc");
    gcxi_put_en(out, "text is not in Unicode Normalization Form C (NFC) near "
                "character %zu", seg_chars + (size_t)bad);
    gcxi_put_ar(out,
        "النص ليس بصيغة التطبيع الموحد NFC "
        "قرب الحرف %zu",
        seg_chars + (size_t)bad);
    return 1;
}

int gcx_rules_text_script(const char *str, size_t len, gcx_script script,
                          gcx_finding_text *out)
{
    const unsigned char *s = (const unsigned char *)str;
    UScriptCode want;
    size_t i = 0, k, chars = 0;
    uint32_t cp;

    if (!s && len)
        return -GCX_E_USAGE;
    if (script == GCX_SCRIPT_ARABIC)
        want = USCRIPT_ARABIC;
    else if (script == GCX_SCRIPT_LATIN)
        want = USCRIPT_LATIN;
    else
        return -GCX_E_USAGE;
    for (; i < len; i += k, chars++) {
        UErrorCode st = U_ZERO_ERROR;
        UScriptCode sc;

        if (s[i] < 0x80) {
            k = 1;
            if (want == USCRIPT_LATIN ||
                !((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
                continue;
            cp = s[i];
            sc = USCRIPT_LATIN;
        } else {
            k = gcxi_utf8_check(s + i, len - i, &cp);
            if (k == 0)
                return bad_utf8(out, s, i, chars + 1);
            if (!(U_GET_GC_MASK((UChar32)cp) & (U_GC_L_MASK | U_GC_M_MASK)))
                continue;
            sc = uscript_getScript((UChar32)cp, &st);
            if (U_FAILURE(st))
                return -GCX_E_INTERNAL;
            if (sc == want || sc == USCRIPT_COMMON ||
                sc == USCRIPT_INHERITED ||
                uscript_hasScript((UChar32)cp, want))
                continue;
        }
        gcxi_report(out, "text.script");
        if (want == USCRIPT_ARABIC) {
            gcxi_put_en(out,
                "letter U+%04lX (%s) at character %zu is not Arabic",
                (unsigned long)cp, uscript_getName(sc), chars + 1);
            gcxi_put_ar(out, "الحرف U+%04lX (%s) عند الموضع %zu "
                        "ليس حرفًا "
                        "عربيًا", (unsigned long)cp, uscript_getName(sc),
                        chars + 1);
        } else {
            gcxi_put_en(out,
                "letter U+%04lX (%s) at character %zu is not Latin",
                (unsigned long)cp, uscript_getName(sc), chars + 1);
            gcxi_put_ar(out, "الحرف U+%04lX (%s) عند الموضع %zu "
                        "ليس حرفًا "
                        "لاتينيًا", (unsigned long)cp,
                        uscript_getName(sc), chars + 1);
        }
        return 1;
    }
    return gcxi_pass(out);
}

int gcx_rules_text_controls(const char *str, size_t len, unsigned allow,
                            gcx_finding_text *out)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, k, chars = 0;
    uint32_t cp;

    if (!s && len)
        return -GCX_E_USAGE;
    for (; i < len; i += k, chars++) {
        if (s[i] >= 0x20 && s[i] < 0x7F) {
            k = 1;
            continue;
        }
        k = gcxi_utf8_check(s + i, len - i, &cp);
        if (k == 0)
            return bad_utf8(out, s, i, chars + 1);
        if (cp >= 0x20 && cp != 0x7F && (cp < 0x80 || cp > 0x9F))
            continue;
        if ((cp == 0x09 && (allow & GCX_CONTROL_ALLOW_TAB)) ||
            (cp == 0x0A && (allow & GCX_CONTROL_ALLOW_LF)) ||
            (cp == 0x0D && (allow & GCX_CONTROL_ALLOW_CR)))
            continue;
        gcxi_report(out, "text.control");
        gcxi_put_en(out, "control character U+%04lX at character %zu",
                    (unsigned long)cp, chars + 1);
        gcxi_put_ar(out,
            "محرف التحكم U+%04lX عند الموضع %zu",
            (unsigned long)cp,
            chars + 1);
        return 1;
    }
    return gcxi_pass(out);
}

gcx_status gcx_rules_fold_digits(const char *in, size_t len, char *out,
                                 size_t size, size_t *out_len)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0, n = 0, k;
    uint32_t cp;

    if ((!in && len) || !out || size == 0)
        return GCX_E_USAGE;
    while (i < len) {
        if (s[i] < 0x80) {
            if (n + 1 >= size)
                return GCX_E_LIMIT;
            out[n++] = (char)s[i++];
            continue;
        }
        k = gcxi_utf8_check(s + i, len - i, &cp);
        if (k == 0)
            return GCX_E_INVALID;
        if (u_charType((UChar32)cp) == U_DECIMAL_DIGIT_NUMBER) {
            if (n + 1 >= size)
                return GCX_E_LIMIT;
            out[n++] = (char)('0' + u_charDigitValue((UChar32)cp));
        } else {
            if (n + k >= size)
                return GCX_E_LIMIT;
            memcpy(out + n, s + i, k);
            n += k;
        }
        i += k;
    }
    out[n] = '\0';
    if (out_len)
        *out_len = n;
    return GCX_OK;
}

/* --------------------------------------------------------------- dates */

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};

    if (m < 1 || m > 12)
        return 0;
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static int digits(const char *s, size_t n)
{
    int v = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* parse_ymd: "YYYY-MM-DD" at s (10 bytes available) into the numbers;
 * 0 when the shape is wrong. Ranges are not checked. */
static int parse_ymd(const char *s, int *y, int *m, int *d)
{
    if (s[4] != '-' || s[7] != '-')
        return 0;
    *y = digits(s, 4);
    *m = digits(s + 5, 2);
    *d = digits(s + 8, 2);
    return *y >= 0 && *m >= 0 && *d >= 0;
}

static int bad_format(gcx_finding_text *out)
{
    gcxi_report(out, "date.format");
    gcxi_put_en(out, "date must be written YYYY-MM-DD (ISO 8601)");
    gcxi_put_ar(out,
        "يجب كتابة التاريخ بالصيغة YYYY-MM-DD "
        "(ISO 8601)");
    return 1;
}

/* check_calendar: y-m-d exists (years 0001-9999); else a finding. */
static int check_calendar(int y, int m, int d, gcx_finding_text *out)
{
    if (y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m))
        return 0;
    gcxi_report(out, "date.calendar");
    if (y < 1) {
        gcxi_put_en(out, "year 0000 is not a calendar year (0001-9999)");
        gcxi_put_ar(out, "السنة 0000 ليست سنة تقويمية "
                    "(0001-9999)");
    } else if (m < 1 || m > 12) {
        gcxi_put_en(out, "month %02d is not 01-12", m);
        gcxi_put_ar(out, "الشهر %02d ليس بين 01 و12", m);
    } else {
        gcxi_put_en(out,
            "%04d-%02d-%02d does not exist: the month has %d days",
            y, m, d, month_days(y, m));
        gcxi_put_ar(out, "التاريخ %04d-%02d-%02d غير موجود: "
                    "الشهر %d يومًا", y, m, d, month_days(y, m));
    }
    return 1;
}

int gcx_rules_date(const char *iso, size_t len, gcx_finding_text *out)
{
    int y, m, d;

    if (!iso && len)
        return -GCX_E_USAGE;
    if (len != 10 || !parse_ymd(iso, &y, &m, &d))
        return bad_format(out);
    if (check_calendar(y, m, d, out))
        return 1;
    return gcxi_pass(out);
}

/* today_utc14: today's date at UTC+14 as y*10000+m*100+d (days since the
 * epoch to a civil date, H. Hinnant's algorithm). */
static long today_utc14(void)
{
    long long z = ((long long)time(NULL) + 14 * 3600) / 86400 + 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    long long d = doy - (153 * mp + 2) / 5 + 1;
    long long m = mp < 10 ? mp + 3 : mp - 9;
    long long y = yoe + era * 400 + (m <= 2);

    return (long)(y * 10000 + m * 100 + d);
}

int gcx_rules_date_not_future(const char *iso, size_t len,
                              const char *today_iso, gcx_finding_text *out)
{
    int y, m, d, r;
    long date, today;

    if (today_iso) {
        if (strlen(today_iso) != 10 || !parse_ymd(today_iso, &y, &m, &d) ||
            check_calendar(y, m, d, NULL))
            return -GCX_E_USAGE;
        today = (long)y * 10000 + m * 100 + d;
    } else {
        today = today_utc14();
    }
    r = gcx_rules_date(iso, len, out);
    if (r)
        return r;
    parse_ymd(iso, &y, &m, &d);
    date = (long)y * 10000 + m * 100 + d;
    if (date <= today)
        return gcxi_pass(out);
    gcxi_report(out, "date.future");
    gcxi_put_en(out,
        "date %.10s is in the future (today is %04ld-%02ld-%02ld)",
        iso, today / 10000, today / 100 % 100, today % 100);
    gcxi_put_ar(out, "التاريخ %.10s في المستقبل (اليوم "
                "%04ld-%02ld-%02ld)", iso,
                today / 10000, today / 100 % 100, today % 100);
    return 1;
}

static int bad_datetime(gcx_finding_text *out, const char *why_en,
                        const char *why_ar)
{
    gcxi_report(out, "date.datetime");
    gcxi_put_en(out,
        "date-time must be YYYY-MM-DDThh:mm:ss[.fff] with Z or an "
        "offset such as +03:00: %s", why_en);
    gcxi_put_ar(out,
        "يجب كتابة التاريخ والوقت بالصيغة "
        "YYYY-MM-DDThh:mm:ss مع Z "
        "أو فرق توقيت مثل +03:00: %s", why_ar);
    return 1;
}

int gcx_rules_datetime(const char *s, size_t len, gcx_finding_text *out)
{
    int y, mo, d, h, mi, sec, oh, om;
    size_t i;

    if (!s && len)
        return -GCX_E_USAGE;
    if (len < 20 || !parse_ymd(s, &y, &mo, &d) || s[10] != 'T' ||
        s[13] != ':' || s[16] != ':')
        return bad_datetime(out, "wrong shape", "الصيغة غير "
                            "صحيحة");
    h = digits(s + 11, 2);
    mi = digits(s + 14, 2);
    sec = digits(s + 17, 2);
    if (h < 0 || mi < 0 || sec < 0)
        return bad_datetime(out, "wrong shape", "الصيغة غير "
                            "صحيحة");
    if (h > 23 || mi > 59 || sec > 60)
        return bad_datetime(out, "time of day out of range",
                            "الوقت خارج النطاق");
    i = 19;
    if (s[i] == '.') {
        size_t start = ++i;

        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == start)
            return bad_datetime(out, "no digits after '.'",
                                "لا أرقام بعد النقطة");
    }
    if (i < len && s[i] == 'Z') {
        i++;
    } else if (i + 6 == len && (s[i] == '+' || s[i] == '-') &&
               s[i + 3] == ':') {
        oh = digits(s + i + 1, 2);
        om = digits(s + i + 4, 2);
        if (oh < 0 || om < 0 || oh > 23 || om > 59)
            return bad_datetime(out, "bad offset", "فرق التوقيت "
                                "غير صحيح");
        i += 6;
    } else {
        return bad_datetime(out, "missing Z or offset",
                            "ينقص Z أو فرق التوقيت");
    }
    if (i != len)
        return bad_datetime(out, "text after the offset",
                            "نص زائد بعد فرق التوقيت");
    if (check_calendar(y, mo, d, out))
        return 1;
    return gcxi_pass(out);
}

/* -------------------------------------------------------------- Hijri */

typedef struct variant {
    const char *name;
    const char *locale;
    int table; /* Umm al-Qura: exact only for 1300-1600 AH */
} variant;

static const variant variants[] = {
    {"islamic-umalqura", "en@calendar=islamic-umalqura", 1},
    {"islamic-civil", "en@calendar=islamic-civil", 0},
    {"islamic-tbla", "en@calendar=islamic-tbla", 0},
    {"islamic", "en@calendar=islamic", 0},
};

#define NVARIANTS (sizeof variants / sizeof variants[0])

/* The calendars of one thread: opened on first use, closed when the
 * thread ends (pthread key destructor) or by gcx_rules_thread_cleanup. */
typedef struct cal_cache {
    UCalendar *hijri[NVARIANTS];
    UCalendar *greg;
} cal_cache;

static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;
static int cache_key_ok;

static void cache_free(void *p)
{
    cal_cache *c = p;
    size_t i;

    if (!c)
        return;
    for (i = 0; i < NVARIANTS; i++)
        if (c->hijri[i])
            ucal_close(c->hijri[i]);
    if (c->greg)
        ucal_close(c->greg);
    gcx_free(c);
}

static void cache_init(void)
{
    cache_key_ok = pthread_key_create(&cache_key, cache_free) == 0;
}

void gcx_rules_thread_cleanup(void)
{
    if (pthread_once(&cache_once, cache_init) != 0 || !cache_key_ok)
        return;
    cache_free(pthread_getspecific(cache_key));
    pthread_setspecific(cache_key, NULL);
}

static const UChar utc[] = {'U', 'T', 'C', 0};

/* calendars: this thread's calendar for variant vi and the proleptic
 * Gregorian one, opened on first use. */
static gcx_status calendars(size_t vi, UCalendar **hijri, UCalendar **greg,
                            gcx_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    cal_cache *c;

    if (pthread_once(&cache_once, cache_init) != 0 || !cache_key_ok)
        return gcx_error_set(err, GCX_E_INTERNAL, "no thread-local key");
    c = pthread_getspecific(cache_key);
    if (!c) {
        c = gcx_calloc(1, sizeof *c);
        if (!c)
            return gcx_error_set(err, GCX_E_NOMEM, "out of memory");
        if (pthread_setspecific(cache_key, c) != 0) {
            gcx_free(c);
            return gcx_error_set(err, GCX_E_INTERNAL,
                                 "cannot set thread-local data");
        }
    }
    if (!c->greg) {
        c->greg = ucal_open(utc, -1, "en@calendar=gregorian", UCAL_GREGORIAN,
                            &st);
        if (U_SUCCESS(st))
            ucal_setGregorianChange(c->greg, -8.64e15, &st);
        if (U_FAILURE(st)) {
            if (c->greg)
                ucal_close(c->greg);
            c->greg = NULL;
            return gcx_error_set(err, st == U_MEMORY_ALLOCATION_ERROR
                                 ? GCX_E_NOMEM : GCX_E_INTERNAL,
                                 "ICU: cannot open a Gregorian calendar: %s",
                                 u_errorName(st));
        }
    }
    if (!c->hijri[vi]) {
        c->hijri[vi] = ucal_open(utc, -1, variants[vi].locale, UCAL_DEFAULT,
                                 &st);
        if (U_FAILURE(st)) {
            if (c->hijri[vi])
                ucal_close(c->hijri[vi]);
            c->hijri[vi] = NULL;
            return gcx_error_set(err, st == U_MEMORY_ALLOCATION_ERROR
                                 ? GCX_E_NOMEM : GCX_E_INTERNAL,
                                 "ICU: cannot open calendar %s: %s",
                                 variants[vi].name, u_errorName(st));
        }
        ucal_setAttribute(c->hijri[vi], UCAL_LENIENT, 0);
    }
    *hijri = c->hijri[vi];
    *greg = c->greg;
    return GCX_OK;
}

/* find_variant: index of the variant called name (NULL: the default). */
static int find_variant(const char *name)
{
    size_t i;

    if (!name)
        return 0;
    for (i = 0; i < NVARIANTS; i++)
        if (strcmp(variants[i].name, name) == 0)
            return (int)i;
    return -1;
}

gcx_status gcx_rules_hijri_to_gregorian(int hy, int hm, int hd,
                                        const char *variant_name,
                                        char out_iso[11], int *approximate,
                                        gcx_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    UCalendar *h, *g;
    int vi = find_variant(variant_name), y, m, d, era;
    UDate ms;
    gcx_status s;

    out_iso[0] = '\0';
    if (approximate)
        *approximate = 0;
    if (vi < 0)
        return gcx_error_set(err, GCX_E_USAGE, "unknown Hijri variant "
                             "\"%.40s\"", variant_name);
    if (hy < 1 || hy > 9999 || hm < 1 || hm > 12 || hd < 1 || hd > 30)
        return gcx_error_set(err, GCX_E_INVALID, "Hijri date %d-%d-%d is "
                             "out of range", hy, hm, hd);
    s = calendars((size_t)vi, &h, &g, err);
    if (s)
        return s;
    ucal_clear(h);
    ucal_setDate(h, hy, hm - 1, hd, &st);
    ms = ucal_getMillis(h, &st);
    if (st == U_ILLEGAL_ARGUMENT_ERROR)
        return gcx_error_set(err, GCX_E_INVALID, "Hijri date "
                             "%04d-%02d-%02d does not exist in %s", hy, hm,
                             hd, variants[vi].name);
    if (U_SUCCESS(st))
        ucal_setMillis(g, ms, &st);
    era = ucal_get(g, UCAL_ERA, &st);
    y = ucal_get(g, UCAL_YEAR, &st);
    m = ucal_get(g, UCAL_MONTH, &st) + 1;
    d = ucal_get(g, UCAL_DATE, &st);
    if (U_FAILURE(st))
        return gcx_error_set(err, GCX_E_INTERNAL, "ICU: %s",
                             u_errorName(st));
    if (era != 1 || y < 1 || y > 9999)
        return gcx_error_set(err, GCX_E_INVALID, "Hijri date "
                             "%04d-%02d-%02d is outside Gregorian years "
                             "1-9999", hy, hm, hd);
    snprintf(out_iso, 11, "%04u-%02u-%02u", (unsigned)y % 10000u,
             (unsigned)m % 100u, (unsigned)d % 100u);
    if (approximate)
        *approximate = variants[vi].table && (hy < 1300 || hy > 1600);
    return GCX_OK;
}

int gcx_rules_hijri_matches(const char *hijri, size_t hlen,
                            const char *variant_name, const char *iso,
                            size_t len, gcx_finding_text *out)
{
    int vi = find_variant(variant_name), hy, hm, hd, approx, r;
    char conv[11];
    gcx_error err;
    gcx_status st;

    if ((!hijri && hlen) || (!iso && len) || vi < 0)
        return -GCX_E_USAGE;
    if (hlen != 10 || !parse_ymd(hijri, &hy, &hm, &hd)) {
        gcxi_report(out, "date.hijri-invalid");
        gcxi_put_en(out, "Hijri date must be written YYYY-MM-DD");
        gcxi_put_ar(out, "يجب كتابة التاريخ الهجري "
                    "بالصيغة YYYY-MM-DD");
        return 1;
    }
    st = gcx_rules_hijri_to_gregorian(hy, hm, hd, variant_name, conv,
                                      &approx, &err);
    if (st == GCX_E_INVALID) {
        gcxi_report(out, "date.hijri-invalid");
        gcxi_put_en(out, "Hijri date %.10s does not exist in the %s calendar",
                    hijri, variants[vi].name);
        gcxi_put_ar(out,
            "التاريخ الهجري %.10s غير موجود في "
            "تقويم %s", hijri, variants[vi].name);
        return 1;
    }
    if (st)
        return -(int)st;
    r = gcx_rules_date(iso, len, out);
    if (r)
        return r;
    if (approx) {
        gcxi_report(out, "date.hijri-range");
        gcxi_put_en(out, "Hijri year %d is outside the Umm al-Qura table "
                    "(1300-1600 AH): the conversion is only arithmetic", hy);
        gcxi_put_ar(out, "السنة الهجرية %d خارج جدول أم "
                    "القرى (1300-1600 هـ): "
                    "التحويل حسابي تقريبي", hy);
        return 1;
    }
    if (memcmp(conv, iso, 10) != 0) {
        gcxi_report(out, "date.hijri-mismatch");
        gcxi_put_en(out, "Hijri %.10s (%s) is %s, not %.10s", hijri,
                    variants[vi].name, conv, iso);
        gcxi_put_ar(out,
            "التاريخ الهجري %.10s (%s) يوافق %s "
            "وليس %.10s", hijri, variants[vi].name, conv, iso);
        return 1;
    }
    return gcxi_pass(out);
}
