/* tests/gen-snapshots.c - make a pair of snapshots OLD and NEW of
 * canonical person records with known numbers of added, removed and
 * changed records, and the delta between them as gcx-diff would write
 * it, for tests/patch-property.sh.
 *
 * Usage: gen-snapshots SEED N ADDED REMOVED CHANGED DIR
 * writes DIR/old.ndjson (N records, shuffled), DIR/old-sorted.ndjson
 * (the same in key order), DIR/new-sorted.ndjson (NEW in key order) and
 * DIR/delta.ndjson, and prints "added=A removed=R changed=C". Records
 * are written directly in canonical form (ASCII, members sorted, one
 * identifier and one phone), so the fingerprints of removed records are
 * the SHA-256 of the bytes written (libcrypto).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

enum { KEEP, ADDED, REMOVED, CHANGED };

typedef struct person {
    unsigned long id;
    char given[16], family[16], email[48], phone[16], birth[11];
    const char *sex;            /* NULL: no member */
    const char *civil;          /* NULL: no member */
} person;

static unsigned long long rng;

static unsigned long next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned long)(rng >> 11);
}

static const char *const givens[] = {"Mohammed", "Fatima", "Ali", "Sara",
                                     "Omar", "Noura", "Khalid", "Mariam"};
static const char *const families[] = {"Al-Qahtani", "Al Mansoori",
                                       "Haddad", "Al-Harbi", "Nasser"};

static void make(person *p, unsigned long id)
{
    memset(p, 0, sizeof *p);
    p->id = id;
    snprintf(p->given, sizeof p->given, "%s", givens[next() % 8]);
    snprintf(p->family, sizeof p->family, "%s", families[next() % 5]);
    snprintf(p->email, sizeof p->email, "p%lu@example.com", id);
    snprintf(p->phone, sizeof p->phone, "+9665%08lu",
             next() % 100000000UL);
    snprintf(p->birth, sizeof p->birth, "19%02lu-%02lu-%02lu",
             50 + next() % 50, 1 + next() % 12, 1 + next() % 28);
    p->sex = next() % 2 ? "male" : "female";
    p->civil = next() % 3 == 0 ? "married" : NULL;
}

/* write: the canonical form of p (members in code-unit order). */
static int write(char *out, size_t cap, const person *p)
{
    return snprintf(out, cap,
        "{\"birthDate\":\"%s\"%s%s%s,\"email\":\"%s\","
        "\"identifiers\":[{\"scheme\":\"SA-NID\",\"state\":\"SA\","
        "\"value\":\"%lu\"}],"
        "\"name\":{\"en\":{\"family\":\"%s\",\"given\":\"%s\"}},"
        "\"nationality\":\"SAU\","
        "\"phones\":[{\"number\":\"%s\",\"type\":\"mobile\"}],"
        "\"recordType\":\"person\",\"schemaVersion\":\"1.0\"%s%s%s}",
        p->birth, p->civil ? ",\"civilStatus\":\"" : "",
        p->civil ? p->civil : "", p->civil ? "\"" : "", p->email, p->id,
        p->family, p->given, p->phone, p->sex ? ",\"sex\":\"" : "",
        p->sex ? p->sex : "", p->sex ? "\"" : "");
}

/* change: turn p into its new version, writing the patch into out. */
static void change(person *p, int kind, char *out, size_t cap)
{
    char old[48];

    switch (kind) {
    case 0:
        snprintf(old, sizeof old, "%s", p->phone);
        snprintf(p->phone, sizeof p->phone, "+9665%08lu",
                 next() % 100000000UL);
        if (strcmp(old, p->phone) == 0)
            p->phone[5] = p->phone[5] == '1' ? '2' : '1';
        snprintf(out, cap, "[{\"op\":\"test\",\"path\":\"/phones/0/number\","
                 "\"value\":\"%s\"},{\"op\":\"replace\",\"path\":"
                 "\"/phones/0/number\",\"value\":\"%s\"}]", old, p->phone);
        break;
    case 1:
        snprintf(old, sizeof old, "%s", p->email);
        snprintf(p->email, sizeof p->email, "new.%lu@example.org", p->id);
        if (p->civil) {
            p->civil = NULL;
            snprintf(out, cap, "[{\"op\":\"test\",\"path\":"
                     "\"/civilStatus\",\"value\":\"married\"},{\"op\":"
                     "\"remove\",\"path\":\"/civilStatus\"},{\"op\":"
                     "\"test\",\"path\":\"/email\",\"value\":\"%s\"},"
                     "{\"op\":\"replace\",\"path\":\"/email\",\"value\":"
                     "\"%s\"}]", old, p->email);
        } else {
            p->civil = "married";
            snprintf(out, cap, "[{\"op\":\"add\",\"path\":"
                     "\"/civilStatus\",\"value\":\"married\"},{\"op\":"
                     "\"test\",\"path\":\"/email\",\"value\":\"%s\"},"
                     "{\"op\":\"replace\",\"path\":\"/email\",\"value\":"
                     "\"%s\"}]", old, p->email);
        }
        break;
    default:
        snprintf(old, sizeof old, "%s", p->given);
        snprintf(p->given, sizeof p->given, "%s",
                 strcmp(old, "Zaid") ? "Zaid" : "Huda");
        snprintf(out, cap, "[{\"op\":\"test\",\"path\":\"/sex\",\"value\":"
                 "\"%s\"},{\"op\":\"remove\",\"path\":\"/sex\"},{\"op\":"
                 "\"test\",\"path\":\"/name/en/given\",\"value\":\"%s\"},"
                 "{\"op\":\"replace\",\"path\":\"/name/en/given\","
                 "\"value\":\"%s\"}]", p->sex, old, p->given);
        p->sex = NULL;
        break;
    }
}

static void sha256(const char *s, size_t n, char hex[65])
{
    unsigned char md[32];
    unsigned len = 0;
    int i;

    EVP_Digest(s, n, md, &len, EVP_sha256(), NULL);
    for (i = 0; i < 32; i++)
        sprintf(hex + 2 * i, "%02x", md[i]);
}

static FILE *open_in(const char *dir, const char *name)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(2);
    }
    return f;
}

int main(int argc, char **argv)
{
    unsigned long n, na, nr, nc, total, i, j, t;
    unsigned long *order;
    int *state;
    person *old, *neu;
    char line[2048], patch[1024], hex[65];
    FILE *fo, *fs, *fn, *fd;

    if (argc != 7) {
        fputs("usage: gen-snapshots SEED N ADDED REMOVED CHANGED DIR\n",
              stderr);
        return 2;
    }
    rng = strtoull(argv[1], NULL, 10) * 2654435761ULL + 88172645463325252ULL;
    n = strtoul(argv[2], NULL, 10);
    na = strtoul(argv[3], NULL, 10);
    nr = strtoul(argv[4], NULL, 10);
    nc = strtoul(argv[5], NULL, 10);
    if (nr + nc > n) {
        fputs("gen-snapshots: REMOVED + CHANGED > N\n", stderr);
        return 2;
    }
    total = n + na;
    state = calloc(total, sizeof *state);
    order = calloc(total, sizeof *order);
    old = calloc(total, sizeof *old);
    neu = calloc(total, sizeof *neu);
    if (!state || !order || !old || !neu)
        return 2;
    /* which keys are added, removed, changed: a random permutation */
    for (i = 0; i < total; i++)
        order[i] = i;
    for (i = total; i > 1; i--) {
        j = next() % i;
        t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
    for (i = 0; i < total; i++)
        state[order[i]] = i < na ? ADDED : i < na + nr ? REMOVED
                          : i < na + nr + nc ? CHANGED : KEEP;
    fs = open_in(argv[6], "old-sorted.ndjson");
    fn = open_in(argv[6], "new-sorted.ndjson");
    fd = open_in(argv[6], "delta.ndjson");
    fprintf(fd, "{\"gcxDelta\":1,\"key\":[\"/recordType\","
            "\"/identifiers/0/scheme\",\"/identifiers/0/value\"],"
            "\"added\":%lu,\"removed\":%lu,\"changed\":%lu}\n", na, nr, nc);
    for (i = 0; i < total; i++) {
        /* ids increase with i, with the same number of digits: key order
         * is i order */
        make(&old[i], 1000000000UL + i * 10 + (unsigned long)(rng % 10));
        neu[i] = old[i];
        if (state[i] != ADDED) {
            write(line, sizeof line, &old[i]);
            fprintf(fs, "%s\n", line);
        }
        switch (state[i]) {
        case ADDED:
            write(line, sizeof line, &neu[i]);
            fprintf(fd, "{\"op\":\"add\",\"key\":[\"person\",\"SA-NID\","
                    "\"%lu\"],\"record\":%s}\n", neu[i].id, line);
            break;
        case REMOVED:
            write(line, sizeof line, &old[i]);
            sha256(line, strlen(line), hex);
            fprintf(fd, "{\"op\":\"remove\",\"key\":[\"person\","
                    "\"SA-NID\",\"%lu\"],\"fingerprint\":\"sha256:%s\"}\n",
                    old[i].id, hex);
            break;
        case CHANGED:
            change(&neu[i], (int)(next() % 3), patch, sizeof patch);
            fprintf(fd, "{\"op\":\"change\",\"key\":[\"person\","
                    "\"SA-NID\",\"%lu\"],\"patch\":%s}\n", neu[i].id,
                    patch);
            break;
        default:
            break;
        }
        if (state[i] != REMOVED) {
            write(line, sizeof line, &neu[i]);
            fprintf(fn, "%s\n", line);
        }
    }
    /* OLD shuffled */
    fo = open_in(argv[6], "old.ndjson");
    for (i = 0; i < total; i++) {
        j = order[total - 1 - i];
        if (state[j] != ADDED) {
            write(line, sizeof line, &old[j]);
            fprintf(fo, "%s\n", line);
        }
    }
    if (fclose(fo) || fclose(fs) || fclose(fn) || fclose(fd)) {
        perror("gen-snapshots");
        return 2;
    }
    printf("added=%lu removed=%lu changed=%lu\n", na, nr, nc);
    free(state);
    free(order);
    free(old);
    free(neu);
    return 0;
}
