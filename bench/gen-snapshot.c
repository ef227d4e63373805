/* bench/gen-snapshot.c - make two snapshots OLD and NEW of person
 * records for the gcx-diff benchmark (bench/diff.sh), with known
 * numbers of changed, added and removed records, each snapshot in its
 * own shuffled order.
 *
 * Usage: gen-snapshot N OLD NEW
 * OLD holds records 0..N-1; NEW drops the records whose number is 1
 * modulo 100 (removed), changes the phone and the civil status of those
 * 2 modulo 100 (changed) and adds N/100 records numbered from N
 * (added). Prints "added=A removed=R changed=C". Records are not in
 * canonical form (members out of order, the identifier set unsorted):
 * gcx-canon makes them canonical. Deterministic: a record depends only
 * on its number.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const givens[] = {"Mohammed", "Fatima", "Ali", "Sara",
                                     "Omar", "Noura", "Khalid", "Mariam"};
static const char *const families[] = {"Al-Qahtani", "Al Mansoori",
                                       "Haddad", "Al-Harbi", "Nasser"};
static const char *const cities[] = {"Riyadh", "Jeddah", "Dammam",
                                     "Manama", "Muharraq", "Doha"};

/* mix: a 64-bit hash of x (splitmix64). */
static unsigned long long mix(unsigned long long x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* record: write person id to f; changed != 0 gives its new version. */
static void record(FILE *f, unsigned long id, int changed)
{
    unsigned long long h = mix(id);
    unsigned long phone = (unsigned long)(h % 100000000UL);
    const char *civil = (h >> 40) % 3 == 0 ? "married" : "single";

    if (changed) {
        phone = (phone + 1) % 100000000UL;
        civil = strcmp(civil, "married") == 0 ? "divorced" : "married";
    }
    fprintf(f, "{\"recordType\":\"person\",\"schemaVersion\":\"1.0\","
            "\"identifiers\":[{\"value\":\"%lu\",\"scheme\":\"SA-NID\","
            "\"state\":\"SA\"}", 1000000000UL + id);
    if (id % 2)
        fprintf(f, ",{\"value\":\"P%08lu\",\"scheme\":\"PASSPORT\","
                "\"state\":\"SA\"}", id);
    fprintf(f, "],\"name\":{\"en\":{\"given\":\"%s\",\"family\":\"%s\"}},"
            "\"sex\":\"%s\",\"birthDate\":\"19%02u-%02u-%02u\","
            "\"civilStatus\":\"%s\",\"nationality\":\"SAU\","
            "\"email\":\"p%lu@example.com\","
            "\"phones\":[{\"type\":\"mobile\",\"number\":\"+9665%08lu\"}],"
            "\"addresses\":[{\"type\":\"home\",\"city\":{\"en\":\"%s\"},"
            "\"country\":\"SAU\",\"road\":\"Building %lu, Street %lu\","
            "\"postalCode\":\"%05lu\"}]}\n",
            givens[h % 8], families[(h >> 3) % 5],
            (h >> 6) % 2 ? "male" : "female",
            (unsigned)(50 + (h >> 8) % 50), (unsigned)(1 + (h >> 16) % 12),
            (unsigned)(1 + (h >> 20) % 28), civil, id, phone,
            cities[(h >> 24) % 6], (unsigned long)((h >> 28) % 9000 + 1),
            (unsigned long)((h >> 36) % 400 + 1),
            (unsigned long)((h >> 44) % 100000));
}

/* shuffle: ids in a random order (Fisher-Yates, fixed seed). */
static void shuffle(unsigned long *ids, size_t n, unsigned long long seed)
{
    size_t i;

    for (i = n; i > 1; i--) {
        size_t j = (size_t)(mix(seed + i) % i);
        unsigned long t = ids[i - 1];

        ids[i - 1] = ids[j];
        ids[j] = t;
    }
}

int main(int argc, char **argv)
{
    unsigned long n, added, removed = 0, changed = 0, i;
    unsigned long *ids;
    size_t k;
    FILE *fo, *fn;

    if (argc != 4) {
        fputs("usage: gen-snapshot N OLD NEW\n", stderr);
        return 2;
    }
    n = strtoul(argv[1], NULL, 10);
    added = n / 100;
    ids = malloc((n + added + 1) * sizeof *ids);
    fo = fopen(argv[2], "w");
    fn = fopen(argv[3], "w");
    if (!ids || !fo || !fn) {
        perror("gen-snapshot");
        return 3;
    }
    for (i = 0; i < n; i++)
        ids[i] = i;
    shuffle(ids, n, 1);
    for (k = 0; k < n; k++)
        record(fo, ids[k], 0);
    k = 0;
    for (i = 0; i < n + added; i++) {
        if (i < n && i % 100 == 1) {
            removed++;
            continue;
        }
        if (i < n && i % 100 == 2)
            changed++;
        ids[k++] = i;
    }
    shuffle(ids, k, 2);
    for (i = 0; i < k; i++)
        record(fn, ids[i], ids[i] < n && ids[i] % 100 == 2);
    if (fclose(fo) != 0 || fclose(fn) != 0) {
        perror("gen-snapshot");
        return 3;
    }
    free(ids);
    printf("added=%lu removed=%lu changed=%lu\n", added, removed, changed);
    return 0;
}
