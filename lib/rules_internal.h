/* lib/rules_internal.h - helpers shared by the rules_*.c modules only.
 *
 * Filling a gcx_finding_text: every check reports through these, so ids
 * always come from the catalogue and texts are always well-formed UTF-8.
 */
#ifndef GCX_RULES_INTERNAL_H
#define GCX_RULES_INTERNAL_H

#include <gcx/rules.h>

#if defined(__GNUC__)
#define GCXI_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define GCXI_PRINTF(a, b)
#endif

/* gcxi_report: start a finding of rule in out (may be NULL); out->rule
 * becomes the catalogue's string for rule. Returns 1 (rule broken). */
int gcxi_report(gcx_finding_text *out, const char *rule);
/* gcxi_pass: clear out (may be NULL). Returns 0 (passes). */
int gcxi_pass(gcx_finding_text *out);
/* gcxi_put_en / gcxi_put_ar: the English / Arabic text of the finding,
 * printf-style, cut at a character boundary when too long. */
void gcxi_put_en(gcx_finding_text *out, const char *fmt, ...)
    GCXI_PRINTF(2, 3);
void gcxi_put_ar(gcx_finding_text *out, const char *fmt, ...)
    GCXI_PRINTF(2, 3);
/* gcxi_describe: the character at byte pos of v (len bytes) as "'x'",
 * "U+XXXX" or "byte 0xXX" into buf, and its 1-based character position
 * in *charpos. */
void gcxi_describe(const char *v, size_t len, size_t pos, char *buf,
                   size_t size, size_t *charpos);

#endif
