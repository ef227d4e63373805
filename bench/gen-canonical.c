/* bench/gen-canonical.c - make bench (validation part): write N
 * deterministic, synthetic canonical PERSON records (mappings/canonical/
 * gcx-canonical-v1.json) as NDJSON to stdout, every one valid under the
 * schema and every domain rule: Luhn-valid Saudi national IDs (citizens)
 * and Iqamas (residents), Emirates IDs with the birth year and Luhn,
 * Bahrain CPRs with the birth year and month, Kuwait civil IDs with the
 * century, the birth date and the weighted check, Qatar IDs with the
 * century, year and nationality code, Omani civil numbers; names in
 * Arabic and Latin script; E.164 phones of the state's length; Umm
 * al-Qura Hijri birth dates that convert to the Gregorian one. No real
 * person. Plain C, no deps.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SEED 20261128u

static const char usage_text[] =
    "Usage: gen-canonical --records N [--seed N]\n"
    "Write N synthetic canonical person records (no real person) to\n"
    "stdout, one JSON object a line, all valid under the canonical schema\n"
    "and the domain rules (for a validation date in 2009-2039).\n"
    "\n"
    "  --records N    write N records (K, M suffixes: powers of 1000)\n"
    "  --seed N       another deterministic data set (default 20261128)\n"
    "\n"
    "Record i depends only on the seed and i, so a smaller file is a\n"
    "prefix of a larger one.\n";

/* ------------------------------------------------------------ PRNG */

/* splitmix64: one step of the sequence; fixed seeds, no rand(). */
static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* pick: a uniform-enough integer in [0, n) (n is small). */
static unsigned pick(uint64_t *state, unsigned n)
{
    return (unsigned)((splitmix64(state) >> 32) * n >> 32);
}

/* chance: true pct times in 100. */
static int chance(uint64_t *state, unsigned pct)
{
    return pick(state, 100) < pct;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define ONE_OF(st, a) ((a)[pick((st), COUNT(a))])

/* ------------------------------------------------------------ data */

typedef struct {
    const char *ar;
    const char *en;
} name_pair;

/* Arab given names (citizens of the six states and Arab residents). */
static const name_pair arab_male[] = {
    {"محمد", "Mohammed"}, {"أحمد", "Ahmed"}, {"عبدالله", "Abdullah"},
    {"علي", "Ali"}, {"خالد", "Khalid"}, {"سعد", "Saad"},
    {"فهد", "Fahad"}, {"عبدالعزيز", "Abdulaziz"}, {"سلطان", "Sultan"},
    {"ناصر", "Nasser"}, {"يوسف", "Yousef"}, {"إبراهيم", "Ibrahim"},
    {"عمر", "Omar"}, {"حمد", "Hamad"}, {"راشد", "Rashid"},
    {"سالم", "Salem"}, {"جاسم", "Jassim"}, {"حسن", "Hassan"},
    {"حسين", "Hussain"}, {"فيصل", "Faisal"}, {"منصور", "Mansour"},
    {"صالح", "Saleh"}, {"عيسى", "Isa"}, {"مبارك", "Mubarak"},
    {"سيف", "Saif"}, {"عبدالرحمن", "Abdulrahman"}, {"ماجد", "Majed"},
    {"طلال", "Talal"}, {"بدر", "Bader"}, {"تركي", "Turki"}
};

static const name_pair arab_female[] = {
    {"فاطمة", "Fatima"}, {"مريم", "Maryam"}, {"نورة", "Noora"},
    {"عائشة", "Aisha"}, {"سارة", "Sara"}, {"هند", "Hind"},
    {"لطيفة", "Latifa"}, {"شيخة", "Shaikha"}, {"ريم", "Reem"},
    {"منى", "Mona"}, {"خديجة", "Khadija"}, {"أمل", "Amal"},
    {"هيا", "Haya"}, {"دانة", "Dana"}, {"موزة", "Moza"},
    {"العنود", "Alanoud"}, {"جواهر", "Jawaher"}, {"ليلى", "Layla"},
    {"زينب", "Zainab"}, {"حصة", "Hessa"}
};

/* Family names by state (index: the state table below), and of Arab
 * residents. */
static const name_pair fam_sa[] = {
    {"القحطاني", "Al-Qahtani"}, {"العتيبي", "Al-Otaibi"},
    {"الشمري", "Al-Shammari"}, {"الغامدي", "Al-Ghamdi"},
    {"الحربي", "Al-Harbi"}, {"الزهراني", "Al-Zahrani"},
    {"الدوسري", "Al-Dosari"}, {"السبيعي", "Al-Subaie"},
    {"العمري", "Al-Omari"}, {"الشهري", "Al-Shehri"}
};
static const name_pair fam_ae[] = {
    {"المنصوري", "Al Mansoori"}, {"الكعبي", "Al Kaabi"},
    {"الظاهري", "Al Dhaheri"}, {"المهيري", "Al Mheiri"},
    {"الشامسي", "Al Shamsi"}, {"النعيمي", "Al Nuaimi"},
    {"الهاشمي", "Al Hashimi"}, {"الفلاسي", "Al Falasi"}
};
static const name_pair fam_bh[] = {
    {"الدوسري", "Al-Dosari"}, {"الكوهجي", "Al-Kooheji"},
    {"البنعلي", "Al-Binali"}, {"الزياني", "Al-Zayani"},
    {"العلوي", "Al-Alawi"}, {"الموسوي", "Al-Mosawi"},
    {"فخرو", "Fakhro"}, {"كانو", "Kanoo"}, {"الجودر", "Al-Jowder"}
};
static const name_pair fam_kw[] = {
    {"المطيري", "Al-Mutairi"}, {"العنزي", "Al-Enezi"},
    {"العجمي", "Al-Ajmi"}, {"الرشيدي", "Al-Rashidi"},
    {"الكندري", "Al-Kandari"}, {"الفضلي", "Al-Fadhli"},
    {"الهاجري", "Al-Hajri"}, {"الشطي", "Al-Shatti"}
};
static const name_pair fam_qa[] = {
    {"الكواري", "Al-Kuwari"}, {"المري", "Al-Marri"},
    {"الهاجري", "Al-Hajri"}, {"النعيمي", "Al-Nuaimi"},
    {"السليطي", "Al-Sulaiti"}, {"المهندي", "Al-Muhannadi"},
    {"العطية", "Al-Attiyah"}
};
static const name_pair fam_om[] = {
    {"البلوشي", "Al-Balushi"}, {"الحارثي", "Al-Harthi"},
    {"الهنائي", "Al-Hinai"}, {"الرواحي", "Al-Rawahi"},
    {"السعدي", "Al-Saadi"}, {"الكندي", "Al-Kindi"},
    {"المعمري", "Al-Maamari"}, {"الريامي", "Al-Riyami"}
};
static const name_pair fam_arab[] = {
    {"حسن", "Hassan"}, {"المصري", "El-Masry"}, {"خليل", "Khalil"},
    {"حداد", "Haddad"}, {"منصور", "Mansour"}, {"سليمان", "Suleiman"},
    {"عثمان", "Osman"}, {"النجار", "Al-Najjar"}, {"عبدالفتاح",
    "Abdelfattah"}, {"يونس", "Younes"}
};

/* Non-Arab residents, with the Arabic transliteration a registry
 * prints. */
static const name_pair sasia_male[] = {
    {"راجيش", "Rajesh"}, {"سوريش", "Suresh"}, {"عمران", "Imran"},
    {"أنيل", "Anil"}, {"راهول", "Rahul"}, {"أرجون", "Arjun"},
    {"محمد", "Mohammed"}, {"رفيق", "Rafiq"}, {"بيجو", "Biju"},
    {"سانجاي", "Sanjay"}
};
static const name_pair sasia_female[] = {
    {"بريا", "Priya"}, {"سونيتا", "Sunita"}, {"أنجالي", "Anjali"},
    {"عائشة", "Ayesha"}, {"ديبا", "Deepa"}, {"نسرين", "Nasreen"}
};
static const name_pair sasia_family[] = {
    {"كومار", "Kumar"}, {"خان", "Khan"}, {"شارما", "Sharma"},
    {"ناير", "Nair"}, {"حسين", "Hossain"}, {"بيريرا", "Perera"},
    {"ثابا", "Thapa"}, {"باتيل", "Patel"}, {"إقبال", "Iqbal"},
    {"مينون", "Menon"}
};
static const name_pair phl_male[] = {
    {"خوسيه", "Jose"}, {"خوان", "Juan"}, {"مارك", "Mark"},
    {"رامون", "Ramon"}
};
static const name_pair phl_female[] = {
    {"ماريا", "Maria"}, {"آنا", "Ana"}, {"جيسيكا", "Jessica"},
    {"ماريسول", "Marisol"}
};
static const name_pair phl_family[] = {
    {"سانتوس", "Santos"}, {"رييس", "Reyes"}, {"كروز", "Cruz"},
    {"غارسيا", "Garcia"}, {"ميندوزا", "Mendoza"}
};
static const name_pair west_male[] = {
    {"جون", "John"}, {"جيمس", "James"}, {"ديفيد", "David"},
    {"مايكل", "Michael"}
};
static const name_pair west_female[] = {
    {"سارة", "Sarah"}, {"إيما", "Emma"}, {"لورا", "Laura"},
    {"كاثرين", "Catherine"}
};
static const name_pair west_family[] = {
    {"سميث", "Smith"}, {"براون", "Brown"}, {"تايلور", "Taylor"},
    {"ويلسون", "Wilson"}, {"إيفانز", "Evans"}
};

typedef struct {
    const char *a3;     /* ISO 3166-1 alpha-3 */
    const char *num;    /* ISO 3166-1 numeric, 3 digits */
    int kind;           /* 0 Arab, 1 South Asian, 2 Filipino, 3 Western */
} nation;

static const nation residents[] = {
    {"IND", "356", 1}, {"IND", "356", 1}, {"IND", "356", 1},
    {"PAK", "586", 1}, {"PAK", "586", 1}, {"BGD", "050", 1},
    {"NPL", "524", 1}, {"LKA", "144", 1}, {"PHL", "608", 2},
    {"PHL", "608", 2}, {"EGY", "818", 0}, {"EGY", "818", 0},
    {"JOR", "400", 0}, {"SYR", "760", 0}, {"LBN", "422", 0},
    {"SDN", "729", 0}, {"YEM", "887", 0}, {"GBR", "826", 3},
    {"USA", "840", 3}
};

typedef struct {
    const char *ar;
    const char *en;
    const char *district_ar;
    const char *district_en;
} place;

static const place places_sa[] = {
    {"الرياض", "Riyadh", "العليا", "Al Olaya"},
    {"الرياض", "Riyadh", "الملز", "Al Malaz"},
    {"جدة", "Jeddah", "الروضة", "Al Rawdah"},
    {"مكة المكرمة", "Makkah", "العزيزية", "Al Aziziyah"},
    {"المدينة المنورة", "Madinah", "قباء", "Quba"},
    {"الدمام", "Dammam", "الشاطئ", "Al Shati"},
    {"الخبر", "Khobar", "الثقبة", "Al Thuqbah"},
    {"أبها", "Abha", "المنسك", "Al Mansak"}
};
static const place places_ae[] = {
    {"أبوظبي", "Abu Dhabi", "الكرامة", "Al Karamah"},
    {"أبوظبي", "Abu Dhabi", "الخالدية", "Al Khalidiyah"},
    {"دبي", "Dubai", "ديرة", "Deira"},
    {"دبي", "Dubai", "البرشاء", "Al Barsha"},
    {"الشارقة", "Sharjah", "النهدة", "Al Nahda"},
    {"العين", "Al Ain", "الجيمي", "Al Jimi"},
    {"عجمان", "Ajman", "النعيمية", "Al Nuaimiya"}
};
static const place places_bh[] = {
    {"المنامة", "Manama", "الحورة", "Hoora"},
    {"المحرق", "Muharraq", "البسيتين", "Busaiteen"},
    {"الرفاع", "Riffa", "الحجيات", "Hajiyat"},
    {"مدينة عيسى", "Isa Town", "", ""},
    {"مدينة حمد", "Hamad Town", "", ""},
    {"سترة", "Sitra", "", ""},
    {"جدحفص", "Jidhafs", "", ""}
};
static const place places_kw[] = {
    {"مدينة الكويت", "Kuwait City", "الشرق", "Sharq"},
    {"حولي", "Hawalli", "السالمية", "Salmiya"},
    {"الفروانية", "Farwaniya", "خيطان", "Khaitan"},
    {"الأحمدي", "Ahmadi", "الفحيحيل", "Fahaheel"},
    {"الجهراء", "Jahra", "النسيم", "Naseem"}
};
static const place places_qa[] = {
    {"الدوحة", "Doha", "الدفنة", "Al Dafna"},
    {"الدوحة", "Doha", "المنصورة", "Al Mansoura"},
    {"الريان", "Al Rayyan", "معيذر", "Muaither"},
    {"الوكرة", "Al Wakrah", "", ""},
    {"الخور", "Al Khor", "", ""}
};
static const place places_om[] = {
    {"مسقط", "Muscat", "الخوير", "Al Khuwair"},
    {"مسقط", "Muscat", "روي", "Ruwi"},
    {"صلالة", "Salalah", "الحافة", "Al Haffa"},
    {"صحار", "Sohar", "", ""},
    {"نزوى", "Nizwa", "", ""}
};

/* Road names (Saudi, Qatari and Omani addresses; the others have a
 * full address or road numbers). */
static const char *const roads_sa[] = {
    "King Fahd Road", "Olaya Street", "Prince Sultan Street",
    "King Abdulaziz Road", "Tahlia Street",
    "Prince Mohammed bin Abdulaziz Road"
};
static const char *const roads_qa[] = {
    "Salwa Road", "Corniche Street", "C Ring Road", "Al Sadd Street"
};
static const char *const roads_om[] = {
    "Sultan Qaboos Street", "Way 3015", "18th November Street",
    "Al Khuwair Street"
};

typedef struct {
    const char *code;   /* StateCode */
    const char *a3;
    const char *num;    /* ISO numeric */
    unsigned weight;    /* % of the records */
    unsigned citizens;  /* % of its records that are citizens */
    const name_pair *fam;
    unsigned nfam;
    const place *places;
    unsigned nplaces;
    const char *provider;   /* national digital identity */
    const char *mapping;    /* the mapping a registry export went through */
} state_info;

#define FAM(a) a, COUNT(a)
static const state_info states[] = {
    {"SA", "SAU", "682", 34, 60, FAM(fam_sa), FAM(places_sa), "Nafath",
     "sa-nic-persons"},
    {"AE", "ARE", "784", 20, 20, FAM(fam_ae), FAM(places_ae), "UAE Pass",
     "ae-icp-persons"},
    {"BH", "BHR", "048", 12, 55, FAM(fam_bh), FAM(places_bh), "eKey",
     "bh-cpr-persons"},
    {"KW", "KWT", "414", 13, 35, FAM(fam_kw), FAM(places_kw),
     "Kuwait Mobile ID", "kw-paci-persons"},
    {"QA", "QAT", "634", 9, 20, FAM(fam_qa), FAM(places_qa), "Tawtheeq",
     "qa-moi-persons"},
    {"OM", "OMN", "512", 12, 60, FAM(fam_om), FAM(places_om), "Oman PKI",
     "om-rop-persons"}
};
enum { ST_SA, ST_AE, ST_BH, ST_KW, ST_QA, ST_OM };

/* Umm al-Qura calendar, Hijri years 1355-1435 (Gregorian 1936-2014):
 * bit m of mask[y] set when month m+1 of year 1355+y has 30 days (else
 * 29). Computed with ICU's islamic-umalqura calendar, the one the
 * validator converts with. 1 Muharram 1355 = day -12336 from 1970-01-01
 * (1936-03-24). */
#define UQ_FIRST_YEAR 1355
#define UQ_FIRST_DAY (-12336L)
static const unsigned short uq_mask[] = {
    0x6d9, 0xeaa, 0xe94, 0xd2a, 0xc56, 0x4ae, 0xa6d, 0x56a, 0xd55,
    0xd4a, 0xa93, 0x52b, 0xa5b, 0x53a, 0x6b5, 0xea9, 0xd52, 0xd29,
    0xa55, 0x4ad, 0x56d, 0xaea, 0x6e4, 0xed1, 0xda2, 0xaaa, 0x95a,
    0x2da, 0x5b9, 0xbb2, 0x764, 0x6c9, 0x555, 0x2ab, 0x4db, 0xaba,
    0x5b4, 0xda9, 0xd52, 0xaa5, 0x92d, 0x26d, 0x8ed, 0x2da, 0xad5,
    0xaa5, 0xa4b, 0x497, 0x937, 0x2b6, 0x975, 0xd69, 0xd52, 0xc95,
    0x92b, 0x25b, 0x4db, 0x9d5, 0x5d2, 0xda5, 0xd4a, 0xa95, 0x54d,
    0xaad, 0x3aa, 0xbd2, 0xbc4, 0xb89, 0xa95, 0x52d, 0x5ad, 0xb6a,
    0x6d4, 0xdc9, 0xd92, 0xaa6, 0x956, 0x2ae, 0x56d, 0x36a, 0xb55
};

/* ------------------------------------------------------------ dates */

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* days_from_civil: days from 1970-01-01 (proleptic Gregorian). */
static long days_from_civil(int y, int m, int d)
{
    long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* to_umalqura: the Hijri date of the Gregorian day (days from 1970);
 * 0 when outside the table. */
static int to_umalqura(long day, int *hy, int *hm, int *hd)
{
    long start = UQ_FIRST_DAY, len;
    unsigned y, m;

    if (day < start)
        return 0;
    for (y = 0; y < COUNT(uq_mask); y++) {
        for (m = 0; m < 12; m++) {
            len = (uq_mask[y] >> m & 1) ? 30 : 29;
            if (day < start + len) {
                *hy = UQ_FIRST_YEAR + (int)y;
                *hm = (int)m + 1;
                *hd = (int)(day - start) + 1;
                return 1;
            }
            start += len;
        }
    }
    return 0;
}

/* ------------------------------------------------------------ buffers */

typedef struct {
    char *p;
    size_t len, cap;
} buf;

static void die(const char *msg)
{
    fprintf(stderr, "gen-canonical: %s\n", msg);
    exit(1);
}

static void buf_put(buf *b, const char *s, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;

        while (cap < b->len + n)
            cap *= 2;
        b->p = realloc(b->p, cap);
        if (!b->p)
            die("out of memory");
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

static void buf_puts(buf *b, const char *s)
{
    buf_put(b, s, strlen(s));
}

/* ------------------------------------------------------------ JSON */

/* A compact JSON writer: first[depth] says whether the next member or
 * item is the first of its container (no comma); after_key that a key
 * was just written (its value takes no comma either). */
typedef struct {
    buf b;
    int depth;
    int after_key;
    int first[16];
} jw;

static void jw_sep(jw *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->depth > 0 && !w->first[w->depth])
        buf_put(&w->b, ",", 1);
    w->first[w->depth] = 0;
}

static void jw_string(jw *w, const char *s)
{
    size_t n;

    buf_put(&w->b, "\"", 1);
    for (;;) {
        n = strcspn(s, "\"\\");
        buf_put(&w->b, s, n);
        s += n;
        if (!*s)
            break;
        buf_put(&w->b, "\\", 1);
        buf_put(&w->b, s++, 1);
    }
    buf_put(&w->b, "\"", 1);
}

/* jw_key: the key of the next member (none for an array item). */
static void jw_key(jw *w, const char *k)
{
    if (!k)
        return;
    jw_sep(w);
    jw_string(w, k);
    buf_put(&w->b, ":", 1);
    w->after_key = 1;
}

static void jw_open(jw *w, const char *key, char c)
{
    jw_key(w, key);
    jw_sep(w);
    buf_put(&w->b, &c, 1);
    w->depth++;
    w->first[w->depth] = 1;
}

static void jw_close(jw *w, char c)
{
    buf_put(&w->b, &c, 1);
    w->depth--;
}

static void jw_str(jw *w, const char *key, const char *val)
{
    jw_key(w, key);
    jw_sep(w);
    jw_string(w, val);
}

static void jw_int(jw *w, const char *key, unsigned long long v)
{
    char t[24];

    jw_key(w, key);
    jw_sep(w);
    snprintf(t, sizeof t, "%llu", v);
    buf_puts(&w->b, t);
}

/* ------------------------------------------------------------ ids */

/* digits: n random decimal digits into s (NUL-terminated). */
static void digits(uint64_t *st, char *s, int n)
{
    int i;

    for (i = 0; i < n; i++)
        s[i] = (char)('0' + pick(st, 10));
    s[n] = '\0';
}

/* luhn_append: append the Luhn check digit to the digits of s. */
static void luhn_append(char *s)
{
    size_t n = strlen(s), i;
    unsigned sum = 0;

    for (i = 0; i < n; i++) {
        unsigned d = (unsigned)(s[n - 1 - i] - '0');

        if (i % 2 == 0) { /* doubled: the check digit will be at 0 */
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    s[n] = (char)('0' + (10 - sum % 10) % 10);
    s[n + 1] = '\0';
}

/* kw_check: the Kuwait civil ID check remainder of the first 11 digits. */
static unsigned kw_remainder(const char *s)
{
    static const unsigned w[] = {2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    unsigned sum = 0, i;

    for (i = 0; i < 11; i++)
        sum += w[i] * (unsigned)(s[i] - '0');
    return sum % 11;
}

typedef struct {
    int y, m, d;
} date;

/* national_id: the scheme and value of the state's personal identifier
 * for a person born on b with nationality nat (ISO numeric num). */
static const char *national_id(uint64_t *st, int state, int citizen,
                               date b, const char *num, char out[32])
{
    char t[32];

    switch (state) {
    case ST_SA:
        out[0] = citizen ? '1' : '2';
        digits(st, out + 1, 8);
        luhn_append(out);
        return citizen ? "SA-NID" : "SA-IQAMA";
    case ST_AE:
        snprintf(out, 32, "784%04d", b.y);
        digits(st, t, 7);
        strcat(out, t);
        luhn_append(out);
        return "AE-EID";
    case ST_BH:
        snprintf(out, 32, "%02d%02d", b.y % 100, b.m);
        digits(st, out + 4, 5); /* NNNN and the check digit (not public) */
        return "BH-CPR";
    case ST_KW:
        for (;;) {
            snprintf(out, 32, "%c%02d%02d%02d", b.y >= 2000 ? '3' : '2',
                     b.y % 100, b.m, b.d);
            digits(st, out + 7, 4);
            /* remainder 1 (K = 10) is invalid, remainder 0 disputed */
            if (kw_remainder(out) >= 2)
                break;
        }
        out[11] = (char)('0' + 11 - kw_remainder(out));
        out[12] = '\0';
        return "KW-CID";
    case ST_QA:
        snprintf(out, 32, "%c%02d%s", b.y >= 2000 ? '3' : '2', b.y % 100,
                 num);
        digits(st, out + 6, 5);
        return "QA-QID";
    default:
        out[0] = (char)('1' + pick(st, 9));
        digits(st, out + 1, 7);
        return "OM-CIVIL";
    }
}

/* phone: an E.164 number of the state: mobile or landline. */
static void phone(uint64_t *st, int state, int mobile, char *out)
{
    static const char *const sa_land[] = {"11", "12", "13", "14", "16",
                                          "17"};
    static const char *const ae_land[] = {"2", "3", "4", "6", "7", "9"};
    static const char *const ae_mob[] = {"50", "52", "54", "55", "56",
                                         "58"};
    static const char *const kw_mob[] = {"5", "6", "9"};
    static const char *const qa_mob[] = {"3", "5", "6", "7"};
    char d[16];

    switch (state) {
    case ST_SA: /* 9 digits after 966 */
        if (mobile) {
            digits(st, d, 8);
            sprintf(out, "+9665%s", d);
        } else {
            digits(st, d, 7);
            sprintf(out, "+966%s%s", ONE_OF(st, sa_land), d);
        }
        break;
    case ST_AE: /* mobile 9, landline 8 digits after 971 */
        if (mobile) {
            digits(st, d, 7);
            sprintf(out, "+971%s%s", ONE_OF(st, ae_mob), d);
        } else {
            digits(st, d, 7);
            sprintf(out, "+971%s%s", ONE_OF(st, ae_land), d);
        }
        break;
    case ST_BH: /* 8 digits after 973 */
        digits(st, d, 6);
        sprintf(out, "+973%s%s", mobile ? "36" : "17", d);
        break;
    case ST_KW: /* 8 digits after 965 */
        digits(st, d, 7);
        sprintf(out, "+965%s%s", mobile ? ONE_OF(st, kw_mob) : "2", d);
        break;
    case ST_QA: /* 8 digits after 974 */
        digits(st, d, 7);
        sprintf(out, "+974%s%s", mobile ? ONE_OF(st, qa_mob) : "4", d);
        break;
    default: /* OM: 8 digits after 968 */
        digits(st, d, 7);
        sprintf(out, "+968%s%s", mobile ? "9" : "2", d);
        break;
    }
}

/* ------------------------------------------------------------ record */

/* name_side: one script's PersonNameParts. */
static void name_side(jw *w, const char *key, int ar, const name_pair *g,
                      const name_pair *f, const name_pair *gf,
                      const name_pair *fam, int female, int saudi,
                      int with_full)
{
    buf full = {0};
#define SIDE(p) (ar ? (p)->ar : (p)->en)

    jw_open(w, key, '{');
    jw_str(w, "given", SIDE(g));
    if (f)
        jw_str(w, "father", SIDE(f));
    if (gf)
        jw_str(w, "grandfather", SIDE(gf));
    jw_str(w, "family", SIDE(fam));
    if (with_full) {
        /* the Saudi style: "given bin father bin grandfather family" */
        const char *link = !ar ? " " : !saudi ? " "
                         : female ? " بنت " : " بن ";

        buf_puts(&full, SIDE(g));
        if (f) {
            buf_puts(&full, link);
            buf_puts(&full, SIDE(f));
        }
        if (gf) {
            buf_puts(&full, ar && saudi ? " بن " : " ");
            buf_puts(&full, SIDE(gf));
        }
        buf_puts(&full, " ");
        buf_puts(&full, SIDE(fam));
        buf_put(&full, "", 1);
        jw_str(w, "full", full.p);
        free(full.p);
    }
    jw_close(w, '}');
#undef SIDE
}

/* email_part: lower-case ASCII letters of s, no spaces or hyphens. */
static void email_part(buf *b, const char *s)
{
    for (; *s; s++) {
        char c = *s;

        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c >= 'a' && c <= 'z')
            buf_put(b, &c, 1);
    }
}

/* record: person number i (0-based) of the data set seed, into w. */
static void record(jw *w, uint64_t seed, unsigned long long i)
{
    static const char *const civil[] = {"single", "married", "married",
                                        "married", "divorced", "widowed"};
    static const char *const levels[] = {"substantial", "high", "high",
                                         "low"};
    static const char *const domains[] = {"example.com", "example.org",
                                          "example.net"};
    uint64_t st = seed ^ (0xd1b54a32d192ed03ull * (i + 1));
    unsigned r = pick(&st, 100), acc = 0;
    int s, citizen, female, kind, hy, hm, hd, with_ar, with_en, nph, k;
    const state_info *si;
    const nation *nat;
    const name_pair *g, *f = NULL, *gf = NULL, *fam;
    const char *nat_a3, *nat_num, *scheme;
    date b;
    char id[32], t[64], ph[3][24];
    buf email = {0};

    for (s = 0; s < (int)COUNT(states) - 1; s++) {
        acc += states[s].weight;
        if (r < acc)
            break;
    }
    si = &states[s];
    citizen = chance(&st, si->citizens);
    nat = citizen ? NULL : &ONE_OF(&st, residents);
    nat_a3 = citizen ? si->a3 : nat->a3;
    nat_num = citizen ? si->num : nat->num;
    kind = citizen ? 0 : nat->kind;
    female = chance(&st, 45);

    /* Born 1940-2008: of age, and every embedded two-digit year reads
     * back to the right century for any validation date up to 2039. */
    b.y = 1940 + (int)pick(&st, 69);
    b.m = 1 + (int)pick(&st, 12);
    b.d = 1 + (int)pick(&st, (unsigned)month_days(b.y, b.m));

    switch (kind) {
    case 0:
        g = female ? &ONE_OF(&st, arab_female) : &ONE_OF(&st, arab_male);
        f = &ONE_OF(&st, arab_male);
        gf = chance(&st, 60) ? &ONE_OF(&st, arab_male) : NULL;
        fam = citizen ? &si->fam[pick(&st, si->nfam)]
                      : &ONE_OF(&st, fam_arab);
        break;
    case 1:
        g = female ? &ONE_OF(&st, sasia_female) : &ONE_OF(&st, sasia_male);
        fam = &ONE_OF(&st, sasia_family);
        break;
    case 2:
        g = female ? &ONE_OF(&st, phl_female) : &ONE_OF(&st, phl_male);
        fam = &ONE_OF(&st, phl_family);
        break;
    default:
        g = female ? &ONE_OF(&st, west_female) : &ONE_OF(&st, west_male);
        fam = &ONE_OF(&st, west_family);
        break;
    }
    /* Arab names always in Arabic and mostly in Latin too; the others
     * always in Latin, often transliterated. */
    with_ar = kind == 0 || chance(&st, 60);
    with_en = kind != 0 || chance(&st, 85);

    w->b.len = 0;
    w->depth = 0;
    w->after_key = 0;
    jw_open(w, NULL, '{');
    jw_str(w, "schemaVersion", "1.0");
    jw_str(w, "recordType", "person");

    jw_open(w, "identifiers", '[');
    scheme = national_id(&st, s, citizen, b, nat_num, id);
    jw_open(w, NULL, '{');
    jw_str(w, "scheme", scheme);
    jw_str(w, "value", id);
    jw_str(w, "state", si->code);
    jw_close(w, '}');
    if (chance(&st, 25)) {
        char pn[16];

        pn[0] = (char)('A' + pick(&st, 26));
        digits(&st, pn + 1, 7 + (int)pick(&st, 2));
        jw_open(w, NULL, '{');
        jw_str(w, "scheme", "PASSPORT");
        jw_str(w, "value", pn);
        if (citizen)
            jw_str(w, "state", si->code);
        else
            jw_str(w, "issuer", nat_a3);
        jw_close(w, '}');
    }
    jw_close(w, ']');

    jw_open(w, "provenance", '{');
    jw_str(w, "mapping", si->mapping);
    jw_str(w, "mappingVersion", "1.0.0");
    snprintf(t, sizeof t, "exports/%s-persons-2026-11.xml", si->code);
    jw_str(w, "input", t);
    jw_int(w, "record", i + 1);
    jw_close(w, '}');

    jw_open(w, "name", '{');
    k = chance(&st, 40); /* the full name too */
    if (with_ar)
        name_side(w, "ar", 1, g, f, gf, fam, female, s == ST_SA, k);
    if (with_en)
        name_side(w, "en", 0, g, f, gf, fam, female, 0, k);
    jw_close(w, '}');

    snprintf(t, sizeof t, "%04d-%02d-%02d", b.y, b.m, b.d);
    jw_str(w, "birthDate", t);
    if (s == ST_SA && chance(&st, 40) &&
        to_umalqura(days_from_civil(b.y, b.m, b.d), &hy, &hm, &hd)) {
        jw_open(w, "birthDateHijri", '{');
        snprintf(t, sizeof t, "%04d-%02d-%02d", hy, hm, hd);
        jw_str(w, "value", t);
        jw_str(w, "calendar", "islamic-umalqura");
        jw_close(w, '}');
    }
    if (chance(&st, 95))
        jw_str(w, "sex", female ? "female" : "male");
    jw_str(w, "nationality", nat_a3);
    if (chance(&st, 80))
        jw_str(w, "civilStatus", ONE_OF(&st, civil));

    if (chance(&st, 92)) {
        int naddr = chance(&st, 15) ? 2 : 1, a;

        jw_open(w, "addresses", '[');
        for (a = 0; a < naddr; a++) {
            const place *p = &si->places[pick(&st, si->nplaces)];

            jw_open(w, NULL, '{');
            jw_str(w, "type", a ? "work" : "home");
            if (s == ST_AE) {
                snprintf(t, sizeof t, "Villa %u, Street %u, %s, %s",
                         1 + pick(&st, 80), 1 + pick(&st, 40),
                         p->district_en, p->en);
                jw_open(w, "full", '{');
                jw_str(w, "en", t);
                jw_close(w, '}');
            }
            if (s != ST_BH) {
                snprintf(t, sizeof t, "%u", 1 + pick(&st, 9999));
                jw_str(w, "building", t);
            }
            if (s == ST_BH || s == ST_KW) {
                snprintf(t, sizeof t, "%u", 1 + pick(&st, 4000));
                jw_str(w, "road", t);
                snprintf(t, sizeof t, "%u", 100 + pick(&st, 900));
                jw_str(w, "block", t);
            } else if (s == ST_SA) {
                jw_str(w, "road", ONE_OF(&st, roads_sa));
            } else if (s == ST_QA) {
                jw_str(w, "road", ONE_OF(&st, roads_qa));
            } else if (s == ST_OM) {
                jw_str(w, "road", ONE_OF(&st, roads_om));
            }
            if (p->district_ar[0]) {
                jw_open(w, "district", '{');
                jw_str(w, "ar", p->district_ar);
                jw_str(w, "en", p->district_en);
                jw_close(w, '}');
            }
            jw_open(w, "city", '{');
            jw_str(w, "ar", p->ar);
            if (chance(&st, 80))
                jw_str(w, "en", p->en);
            jw_close(w, '}');
            if (s == ST_SA) {
                snprintf(t, sizeof t, "%05u", 11000 + pick(&st, 89000));
                jw_str(w, "postalCode", t);
            } else if (s == ST_OM) {
                snprintf(t, sizeof t, "%u", 100 + pick(&st, 900));
                jw_str(w, "postalCode", t);
            }
            if (s == ST_AE || s == ST_OM || s == ST_QA) {
                snprintf(t, sizeof t, "%u", 100 + pick(&st, 99900));
                jw_str(w, "poBox", t);
            }
            jw_str(w, "country", si->a3);
            jw_close(w, '}');
        }
        jw_close(w, ']');
    }

    /* Phones: a mobile, sometimes a landline and a second mobile; a set
     * keyed by number, so never twice the same. */
    nph = 1 + (chance(&st, 35) ? 1 : 0) + (chance(&st, 10) ? 1 : 0);
    jw_open(w, "phones", '[');
    for (k = 0; k < nph; k++) {
        int mob = k != 1, dup;

        do {
            int j;

            phone(&st, s, mob, ph[k]);
            for (dup = 0, j = 0; j < k; j++)
                dup |= strcmp(ph[j], ph[k]) == 0;
        } while (dup);
        jw_open(w, NULL, '{');
        jw_str(w, "type", k == 0 ? "mobile" : mob ? "work" : "home");
        jw_str(w, "number", ph[k]);
        jw_close(w, '}');
    }
    jw_close(w, ']');

    if (with_en && chance(&st, 45)) {
        email_part(&email, g->en);
        buf_put(&email, ".", 1);
        email_part(&email, fam->en);
        if (chance(&st, 50)) {
            snprintf(t, sizeof t, "%u", pick(&st, 1000));
            buf_puts(&email, t);
        }
        buf_put(&email, "@", 1);
        buf_puts(&email, ONE_OF(&st, domains));
        buf_put(&email, "", 1);
        jw_str(w, "email", email.p);
        free(email.p);
    }

    if (chance(&st, 70)) {
        jw_open(w, "digitalIdentity", '{');
        jw_str(w, "provider", si->provider);
        if (chance(&st, 90))
            jw_str(w, "assuranceLevel", ONE_OF(&st, levels));
        jw_close(w, '}');
    }
    jw_close(w, '}');
    buf_put(&w->b, "\n", 1);
}

/* ------------------------------------------------------------ main */

/* parse_count: a count with an optional K or M suffix (powers of 1000). */
static int parse_count(const char *s, unsigned long long *out)
{
    char *end;
    unsigned long long v;

    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || end == s || *s == '-')
        return 1;
    if (*end == 'K' || *end == 'k') {
        v *= 1000;
        end++;
    } else if (*end == 'M' || *end == 'm') {
        v *= 1000000;
        end++;
    }
    if (*end)
        return 1;
    *out = v;
    return 0;
}

static int usage(const char *msg)
{
    fprintf(stderr, "gen-canonical: %s\n%s", msg, usage_text);
    return 2;
}

int main(int argc, char **argv)
{
    unsigned long long records = 0, seed = DEFAULT_SEED, i;
    int have_count = 0, a;
    jw w;
    static char obuf[1 << 16];

    for (a = 1; a < argc; a++) {
        const char *opt = argv[a], *val = a + 1 < argc ? argv[a + 1] : NULL;

        if (strcmp(opt, "-h") == 0 || strcmp(opt, "--help") == 0) {
            fputs(usage_text, stdout);
            return 0;
        }
        if (strcmp(opt, "--records") && strcmp(opt, "--seed"))
            return usage("unknown option");
        if (!val)
            return usage("missing option value");
        a++;
        if (strcmp(opt, "--records") == 0) {
            if (parse_count(val, &records))
                return usage("bad --records");
            have_count = 1;
        } else if (parse_count(val, &seed)) {
            return usage("bad --seed");
        }
    }
    if (!have_count)
        return usage("give --records N");
    setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
    memset(&w, 0, sizeof w);
    for (i = 0; i < records; i++) {
        record(&w, seed, i);
        if (fwrite(w.b.p, 1, w.b.len, stdout) != w.b.len)
            die("write error on stdout");
    }
    free(w.b.p);
    if (fflush(stdout) || ferror(stdout))
        die("write error on stdout");
    return 0;
}
