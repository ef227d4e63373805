/* lib/rules_msg.c - how the rules modules fill a finding: the rule id
 * from the catalogue, English and Arabic texts cut at a UTF-8 boundary,
 * and a safe description of an offending character. Private to the
 * rules_*.c files (lib/rules_internal.h).
 */
#include "internal.h"
#include "rules_internal.h"

#include <stdarg.h>
#include <stdio.h>

/* put: vsnprintf into buf, cutting a truncated result at a UTF-8
 * character boundary. */
static void put(char *buf, size_t size, const char *fmt, va_list ap)
{
    int n = vsnprintf(buf, size, fmt, ap);
    size_t end, lead, need;

    if (n < 0) {
        buf[0] = '\0';
        return;
    }
    if ((size_t)n < size)
        return;
    end = size - 1;
    lead = end;
    while (lead > 0 && ((unsigned char)buf[lead - 1] & 0xC0) == 0x80)
        lead--;
    if (lead == 0)
        return;
    lead--;
    need = (unsigned char)buf[lead] >= 0xF0 ? 4
         : (unsigned char)buf[lead] >= 0xE0 ? 3
         : (unsigned char)buf[lead] >= 0xC0 ? 2 : 1;
    if (lead + need > end)
        buf[lead] = '\0';
}


void gcxi_put_en(gcx_finding_text *out, const char *fmt, ...)
{
    va_list ap;

    if (!out)
        return;
    va_start(ap, fmt);
    put(out->en, sizeof out->en, fmt, ap);
    va_end(ap);
}

void gcxi_put_ar(gcx_finding_text *out, const char *fmt, ...)
{
    va_list ap;

    if (!out)
        return;
    va_start(ap, fmt);
    put(out->ar, sizeof out->ar, fmt, ap);
    va_end(ap);
}

/* report: start a finding for rule (a static catalogue id); returns 1. */
int gcxi_report(gcx_finding_text *out, const char *rule)
{
    if (out) {
        const gcx_rule_info *r = gcx_rules_lookup(rule);

        /* the catalogue's own string: rule may be a composed id in a
         * caller's buffer; out->rule must outlive it */
        out->rule = r ? r->id : "id.scheme.unknown";
        out->en[0] = '\0';
        out->ar[0] = '\0';
    }
    return 1;
}

int gcxi_pass(gcx_finding_text *out)
{
    if (out) {
        out->rule = NULL;
        out->en[0] = '\0';
        out->ar[0] = '\0';
    }
    return 0;
}

/* describe: the character at byte pos as "'x'", "U+XXXX" or "byte 0xXX",
 * and its 1-based character position. */
void gcxi_describe(const char *v, size_t len, size_t pos, char *buf,
                   size_t size, size_t *charpos)
{
    const unsigned char *s = (const unsigned char *)v;
    uint32_t cp;
    size_t i, n = 0;

    for (i = 0; i < pos; i++)
        if ((s[i] & 0xC0) != 0x80)
            n++;
    *charpos = n + 1;
    if (s[pos] > 0x20 && s[pos] < 0x7F)
        snprintf(buf, size, "'%c'", s[pos]);
    else if (gcxi_utf8_check(s + pos, len - pos, &cp))
        snprintf(buf, size, "U+%04lX", (unsigned long)cp);
    else
        snprintf(buf, size, "byte 0x%02X", s[pos]);
}
