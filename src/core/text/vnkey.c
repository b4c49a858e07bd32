#include "sangkien/vnkey.h"

#include <stdlib.h>
#include <string.h>

#include <uninorm.h>

#include "sangkien/mem.h"
#include "sangkien/text.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define NOWHERE SIZE_MAX

/* A word is taken apart into letters (base letter, modifier, case) and one
 * tone for the whole syllable.  Keys change letters or the tone, and the
 * tone is put back where the spelling rules want it each time, which is what
 * makes "Tosan" come out as "Toán". */

enum mod { MOD_NONE, MOD_HAT, MOD_BREVE, MOD_HORN, MOD_BAR };

/* In the order of the VNI digits 1..5. */
enum tone { TONE_NONE, TONE_SAC, TONE_HUYEN, TONE_HOI, TONE_NGA, TONE_NANG, N_TONES };

/* The twelve vowels, each with its precomposed forms [upper][tone]. */
static const struct vowel {
    char base;
    unsigned char mod;
    uint32_t cp[2][N_TONES];
} vowels[] = {
    { 'a', MOD_NONE,
      { { 0x0061, 0x00E1, 0x00E0, 0x1EA3, 0x00E3, 0x1EA1 },
        { 0x0041, 0x00C1, 0x00C0, 0x1EA2, 0x00C3, 0x1EA0 } } },
    { 'a', MOD_BREVE,
      { { 0x0103, 0x1EAF, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EB7 },
        { 0x0102, 0x1EAE, 0x1EB0, 0x1EB2, 0x1EB4, 0x1EB6 } } },
    { 'a', MOD_HAT,
      { { 0x00E2, 0x1EA5, 0x1EA7, 0x1EA9, 0x1EAB, 0x1EAD },
        { 0x00C2, 0x1EA4, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EAC } } },
    { 'e', MOD_NONE,
      { { 0x0065, 0x00E9, 0x00E8, 0x1EBB, 0x1EBD, 0x1EB9 },
        { 0x0045, 0x00C9, 0x00C8, 0x1EBA, 0x1EBC, 0x1EB8 } } },
    { 'e', MOD_HAT,
      { { 0x00EA, 0x1EBF, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EC7 },
        { 0x00CA, 0x1EBE, 0x1EC0, 0x1EC2, 0x1EC4, 0x1EC6 } } },
    { 'i', MOD_NONE,
      { { 0x0069, 0x00ED, 0x00EC, 0x1EC9, 0x0129, 0x1ECB },
        { 0x0049, 0x00CD, 0x00CC, 0x1EC8, 0x0128, 0x1ECA } } },
    { 'o', MOD_NONE,
      { { 0x006F, 0x00F3, 0x00F2, 0x1ECF, 0x00F5, 0x1ECD },
        { 0x004F, 0x00D3, 0x00D2, 0x1ECE, 0x00D5, 0x1ECC } } },
    { 'o', MOD_HAT,
      { { 0x00F4, 0x1ED1, 0x1ED3, 0x1ED5, 0x1ED7, 0x1ED9 },
        { 0x00D4, 0x1ED0, 0x1ED2, 0x1ED4, 0x1ED6, 0x1ED8 } } },
    { 'o', MOD_HORN,
      { { 0x01A1, 0x1EDB, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EE3 },
        { 0x01A0, 0x1EDA, 0x1EDC, 0x1EDE, 0x1EE0, 0x1EE2 } } },
    { 'u', MOD_NONE,
      { { 0x0075, 0x00FA, 0x00F9, 0x1EE7, 0x0169, 0x1EE5 },
        { 0x0055, 0x00DA, 0x00D9, 0x1EE6, 0x0168, 0x1EE4 } } },
    { 'u', MOD_HORN,
      { { 0x01B0, 0x1EE9, 0x1EEB, 0x1EED, 0x1EEF, 0x1EF1 },
        { 0x01AF, 0x1EE8, 0x1EEA, 0x1EEC, 0x1EEE, 0x1EF0 } } },
    { 'y', MOD_NONE,
      { { 0x0079, 0x00FD, 0x1EF3, 0x1EF7, 0x1EF9, 0x1EF5 },
        { 0x0059, 0x00DD, 0x1EF2, 0x1EF6, 0x1EF8, 0x1EF4 } } },
};

static const uint32_t d_bar[2] = { 0x0111, 0x0110 }; /* đ Đ */

/* Initial consonants, spelled with 'D' for đ.  "gi" and "qu" are initials:
 * the i of "giữa" and the u of "quý" never take the tone. */
static const char *const initials[] = {
    "", "b", "c", "ch", "d", "D", "g", "gh", "gi", "h", "k", "kh", "l", "m",
    "n", "ng", "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
};

/* k only for place names written from minority languages: Đắk Lắk. */
static const char *const finals[] = {
    "", "c", "ch", "k", "m", "n", "ng", "nh", "p", "t",
};

/* Vowel groups by their base letters: a word whose vowels are not one of
 * these is not Vietnamese and keys leave it alone.  "uo" covers uô, ươ, uơ
 * and the "ưo" met half-way through typing "uwow". */
static const char *const skeletons[] = {
    "a", "e", "i", "o", "u", "y",
    "ai", "ao", "au", "ay", "eo", "eu", "ia", "ie", "iu", "oa", "oe", "oi",
    "oo", "ua", "ue", "ui", "uo", "uu", "uy", "ye",
    "ieu", "oai", "oay", "oeo", "uay", "uoi", "uou", "uya", "uye", "uyu", "yeu",
};

/* Vowel groups a modifier key may produce (some only before a final
 * consonant, which may still be typed).  "ai" + w finds no "ăi" here and so
 * types the w instead of inventing a vowel. */
static const char *const nuclei[] = {
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu",
    "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui",
    "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê",
    "iêu", "oai", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi",
    "ươu", "yêu",
};

typedef struct letter {
    char base; /* lowercase ASCII; a digit when VNI typed one literally */
    unsigned char mod;
    bool upper;
} letter;

typedef struct word {
    letter l[SK_VNKEY_WORD_MAX + 1]; /* room for the key */
    size_t n;
    int tone;
    /* The letter that carried the tone on entry: where the tone stays when
     * the word no longer spells a syllable ("cấn" + a = "cána"), or when
     * pinned because someone else put it there. */
    size_t tone_at;
    bool pinned;
} word;

/* letters [0, init_n) initial, [nuc_at, nuc_at + nuc_n) vowels, the rest final. */
typedef struct syllable {
    size_t init_n, nuc_at, nuc_n, fin_n;
} syllable;

static bool is_vowel(char base)
{
    return base != '\0' && strchr("aeiouy", base) != NULL;
}

static bool is_ascii_letter(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return true;
    return false;
}

static bool decode_letter(uint32_t cp, letter *l, int *tone)
{
    *tone = TONE_NONE;
    if (is_ascii_letter(cp)) {
        l->upper = cp <= 'Z';
        l->base = (char)(l->upper ? cp - 'A' + 'a' : cp);
        l->mod = MOD_NONE;
        return true;
    }
    for (int up = 0; up < 2; up++) {
        if (cp == d_bar[up]) {
            *l = (letter){ 'd', MOD_BAR, up };
            return true;
        }
    }
    for (size_t v = 0; v < N_ELEMS(vowels); v++)
        for (int up = 0; up < 2; up++)
            for (int t = 0; t < N_TONES; t++)
                if (vowels[v].cp[up][t] == cp) {
                    *l = (letter){ vowels[v].base, vowels[v].mod, up };
                    *tone = t;
                    return true;
                }
    return false;
}

static uint32_t encode_letter(letter l, int tone)
{
    int up = l.upper ? 1 : 0;
    if (is_vowel(l.base)) {
        for (size_t v = 0; v < N_ELEMS(vowels); v++)
            if (vowels[v].base == l.base && vowels[v].mod == l.mod)
                return vowels[v].cp[up][tone];
    }
    if (l.mod == MOD_BAR)
        return d_bar[up];
    if (up && l.base >= 'a' && l.base <= 'z')
        return (uint32_t)(l.base - 'a' + 'A');
    return (uint32_t)(unsigned char)l.base;
}

static bool load(word *w, const uint32_t *cps, size_t n)
{
    w->n = 0;
    w->tone = TONE_NONE;
    w->tone_at = NOWHERE;
    w->pinned = false;
    if (n > SK_VNKEY_WORD_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        int t;
        if (!decode_letter(cps[i], &w->l[i], &t))
            return false;
        if (t != TONE_NONE) {
            /* Two tones: not a word this engine wrote; leave it alone. */
            if (w->tone != TONE_NONE)
                return false;
            w->tone = t;
            w->tone_at = i;
        }
    }
    w->n = n;
    return true;
}

/* The key typed as itself.  Keys are ASCII letters, or VNI digits. */
static void append(word *w, uint32_t key)
{
    bool up = key >= 'A' && key <= 'Z';
    w->l[w->n++] = (letter){ (char)(up ? key - 'A' + 'a' : key), MOD_NONE, up };
}

/* Letters [from, from + n) spelled in ASCII, đ as 'D'. */
static void spell(const word *w, size_t from, size_t n, char *buf)
{
    for (size_t i = 0; i < n; i++) {
        const letter *l = &w->l[from + i];
        buf[i] = l->mod == MOD_BAR ? 'D' : l->base;
    }
    buf[n] = '\0';
}

/* Split a word into initial, vowel group and final, and say whether it
 * spells a Vietnamese syllable (or the start of one: a bare initial). */
static bool parse(const word *w, syllable *s)
{
    const letter *l = w->l;
    size_t n = w->n, i = 0;
    while (i < n && !is_vowel(l[i].base))
        i++;
    if (i == 1 && n > 1 && l[0].base == 'q' && l[1].base == 'u' && l[1].mod == MOD_NONE)
        i = 2;
    else if (i == 1 && n > 2 && l[0].base == 'g' && l[1].base == 'i' &&
             l[1].mod == MOD_NONE && is_vowel(l[2].base))
        i = 2; /* "gì" keeps its i as the vowel; "gia" does not */
    s->init_n = i;
    s->nuc_at = i;
    while (i < n && is_vowel(l[i].base))
        i++;
    s->nuc_n = i - s->nuc_at;
    s->fin_n = n - i;
    for (; i < n; i++)
        if (is_vowel(l[i].base))
            return false;
    if (s->nuc_n == 0 && s->fin_n > 0)
        return false;

    char part[SK_VNKEY_WORD_MAX + 2];
    spell(w, 0, s->init_n, part);
    if (!in_list(part, initials, N_ELEMS(initials)))
        return false;
    spell(w, s->nuc_at + s->nuc_n, s->fin_n, part);
    if (!in_list(part, finals, N_ELEMS(finals)))
        return false;
    if (s->nuc_n > 0) {
        spell(w, s->nuc_at, s->nuc_n, part);
        if (!in_list(part, skeletons, N_ELEMS(skeletons)))
            return false;
    }
    return true;
}

static bool nucleus_valid(const word *w, const syllable *s)
{
    /* Three bytes at most per vowel. */
    char buf[3 * SK_VNKEY_WORD_MAX + 1];
    size_t len = 0;
    for (size_t i = 0; i < s->nuc_n; i++) {
        letter l = w->l[s->nuc_at + i];
        l.upper = false;
        len += sk_utf8_encode(encode_letter(l, TONE_NONE), buf + len);
    }
    buf[len] = '\0';
    return in_list(buf, nuclei, N_ELEMS(nuclei));
}

/* Which letter carries the tone: the standard rules, as ibus-unikey and
 * bogo apply them. */
static size_t tone_place(const word *w, const syllable *s, sk_vnkey_style style)
{
    const letter *v = &w->l[s->nuc_at];
    size_t m = s->nuc_n;
    /* A vowel with a modifier takes it; in ươ the second one (người). */
    for (size_t i = m; i-- > 0;)
        if (v[i].mod != MOD_NONE)
            return s->nuc_at + i;
    if (m == 1)
        return s->nuc_at;
    /* A final consonant pulls it to the last vowel: hoàn, toán, huỳnh. */
    if (s->fin_n > 0)
        return s->nuc_at + m - 1;
    /* Three vowels: the middle one (ngoài, khuỷu, ngoẹo). */
    if (m == 3)
        return s->nuc_at + 1;
    /* The only difference between the styles: hòa / hoà, khỏe / khoẻ,
     * thủy / thuỷ.  Other pairs take it first: hái, của, kìa. */
    if (style == SK_VNKEY_STYLE_NEW &&
        ((v[0].base == 'o' && (v[1].base == 'a' || v[1].base == 'e')) ||
         (v[0].base == 'u' && v[1].base == 'y')))
        return s->nuc_at + 1;
    return s->nuc_at;
}

static bool render(const word *w, sk_vnkey_style style, uint32_t *out, size_t *out_n)
{
    size_t at = NOWHERE;
    if (w->tone != TONE_NONE) {
        syllable s;
        if (!w->pinned && parse(w, &s) && s.nuc_n > 0)
            at = tone_place(w, &s, style);
        else if (w->tone_at < w->n && is_vowel(w->l[w->tone_at].base))
            at = w->tone_at;
        else
            return false;
    }
    for (size_t i = 0; i < w->n; i++)
        out[i] = encode_letter(w->l[i], i == at ? w->tone : TONE_NONE);
    *out_n = w->n;
    return true;
}

/* ---- keys --------------------------------------------------------------- */

/* A modifier key can act in several ways (w: ươ, ư or ơ, ă, a new ư); the
 * first that gives a real vowel group wins.  One that would change nothing
 * because the letters already carry the modifier is remembered: if nothing
 * else applies, the key undoes it. */
typedef struct attempt {
    word *w;
    const syllable *s;
    size_t same_at[2];
    size_t same_n;
} attempt;

static bool same_letters(const word *a, const word *b)
{
    for (size_t i = 0; i < a->n; i++)
        if (a->l[i].mod != b->l[i].mod)
            return false;
    return true;
}

static bool consider(attempt *a, const word *trial, const size_t *at, size_t n, bool check)
{
    if (same_letters(trial, a->w)) {
        if (a->same_n == 0) {
            for (size_t i = 0; i < n; i++)
                a->same_at[i] = at[i];
            a->same_n = n;
        }
        return false;
    }
    if (check && !nucleus_valid(trial, a->s))
        return false;
    *a->w = *trial;
    return true;
}

/* â ê ô: the matching vowel nearest the end. */
static bool act_hat(attempt *a, const char *bases)
{
    const syllable *s = a->s;
    for (size_t i = s->nuc_n; i-- > 0;) {
        size_t at = s->nuc_at + i;
        if (!strchr(bases, a->w->l[at].base))
            continue;
        word t = *a->w;
        t.l[at].mod = MOD_HAT;
        /* ươ + o gives uô: the ư loses its horn with the ơ. */
        if (t.l[at].base == 'o' && i > 0 && t.l[at - 1].base == 'u')
            t.l[at - 1].mod = MOD_NONE;
        if (consider(a, &t, &at, 1, true))
            return true;
    }
    return false;
}

/* After h, th, kh with nothing following, u + horned o is "uơ" (thuở, huơ,
 * khuơ): no Vietnamese word has "ươ" there.  Typing on turns it into ươ. */
static bool uo_stays_plain(const word *w, const syllable *s)
{
    char init[SK_VNKEY_WORD_MAX + 1];
    spell(w, 0, s->init_n, init);
    return s->nuc_n == 2 && s->fin_n == 0 &&
           (strcmp(init, "h") == 0 || strcmp(init, "th") == 0 || strcmp(init, "kh") == 0);
}

/* ơ ư: both letters of "uo" (ươ), else a single u or o. */
static bool act_horn(attempt *a)
{
    const syllable *s = a->s;
    for (size_t i = 0; i + 1 < s->nuc_n; i++) {
        size_t at[2] = { s->nuc_at + i, s->nuc_at + i + 1 };
        if (a->w->l[at[0]].base != 'u' || a->w->l[at[1]].base != 'o')
            continue;
        word t = *a->w;
        t.l[at[0]].mod = MOD_HORN;
        t.l[at[1]].mod = MOD_HORN;
        if (uo_stays_plain(&t, s))
            t.l[at[0]].mod = MOD_NONE;
        /* With u and o side by side, w means ươ and nothing else. */
        return consider(a, &t, at, 2, true);
    }
    for (size_t i = 0; i < s->nuc_n; i++) {
        size_t at = s->nuc_at + i;
        char b = a->w->l[at].base;
        if (b != 'u' && b != 'o')
            continue;
        word t = *a->w;
        t.l[at].mod = MOD_HORN;
        if (consider(a, &t, &at, 1, true))
            return true;
    }
    return false;
}

static bool act_breve(attempt *a)
{
    const syllable *s = a->s;
    for (size_t i = 0; i < s->nuc_n; i++) {
        size_t at = s->nuc_at + i;
        if (a->w->l[at].base != 'a')
            continue;
        word t = *a->w;
        t.l[at].mod = MOD_BREVE;
        if (consider(a, &t, &at, 1, true))
            return true;
    }
    return false;
}

/* đ: only the initial d (Vietnamese has no other place for it). */
static bool act_bar(attempt *a)
{
    if (a->s->init_n != 1 || a->w->l[0].base != 'd')
        return false;
    word t = *a->w;
    size_t at = 0;
    t.l[0].mod = MOD_BAR;
    return consider(a, &t, &at, 1, false);
}

/* Telex w with no vowel yet: a new ư ("w" -> "ư", "tw" -> "tư", and after
 * gi, "giw" -> "giư" on the way to "giữa"). */
static bool act_new_u(word *w, const syllable *s, uint32_t key)
{
    const letter *l = w->l;
    bool after_gi = s->init_n == 1 && l[0].base == 'g' && s->nuc_n == 1 &&
                    l[1].base == 'i' && l[1].mod == MOD_NONE;
    bool after_qu = s->init_n == 2 && l[0].base == 'q';
    if ((s->nuc_n != 0 && !after_gi) || s->fin_n != 0 || after_qu)
        return false;
    w->l[w->n++] = (letter){ 'u', MOD_HORN, key == 'W' };
    return true;
}

static void undo(word *w, const attempt *a, uint32_t key, bool telex_w)
{
    const syllable *s = a->s;
    size_t at = a->same_at[0];
    /* A lone ư may be a typed "w": give the w back rather than "uw". */
    if (telex_w && a->same_n == 1 && w->l[at].base == 'u' && s->nuc_n == 1 &&
        s->fin_n == 0 && at + 1 == w->n && w->tone == TONE_NONE) {
        w->n--;
        append(w, key);
        return;
    }
    for (size_t i = 0; i < a->same_n; i++)
        w->l[a->same_at[i]].mod = MOD_NONE;
    append(w, key);
}

/* Syllables closed by c, ch, p, t (and the k of Đắk) take only sắc and
 * nặng: another tone key there is a letter ("hocf" stays "hocf"). */
static bool stop_final(const word *w, const syllable *s)
{
    static const char *const stops[] = { "c", "ch", "k", "p", "t" };
    char fin[SK_VNKEY_WORD_MAX + 1];
    spell(w, s->nuc_at + s->nuc_n, s->fin_n, fin);
    return in_list(fin, stops, N_ELEMS(stops));
}

/* Same tone twice undoes it and types the key ("ass" -> "as"). */
static bool act_tone(word *w, const syllable *s, int tone, uint32_t key)
{
    if (s->nuc_n == 0)
        return false;
    if (tone != TONE_SAC && tone != TONE_NANG && stop_final(w, s))
        return false;
    if (w->tone == tone) {
        w->tone = TONE_NONE;
        append(w, key);
    } else {
        w->tone = tone;
    }
    return true;
}

static bool act_untone(word *w, const syllable *s)
{
    if (s->nuc_n == 0 || w->tone == TONE_NONE)
        return false;
    w->tone = TONE_NONE;
    return true;
}

/* Telex tone letters in VNI digit order. */
static const char telex_tones[] = "sfrxj";

static bool telex(word *w, const syllable *s, uint32_t key)
{
    char c = (char)(key >= 'A' && key <= 'Z' ? key - 'A' + 'a' : key);
    attempt a = { w, s, { 0, 0 }, 0 };
    const char *t = c != '\0' ? strchr(telex_tones, c) : NULL;
    if (t)
        return act_tone(w, s, TONE_SAC + (int)(t - telex_tones), key);
    switch (c) {
    case 'z':
        return act_untone(w, s);
    case 'a':
    case 'e':
    case 'o': {
        char bases[2] = { c, '\0' };
        if (act_hat(&a, bases))
            return true;
        break;
    }
    case 'w':
        if (act_horn(&a) || act_breve(&a) || act_new_u(w, s, key))
            return true;
        break;
    case 'd':
        if (act_bar(&a))
            return true;
        break;
    default:
        return false;
    }
    if (a.same_n == 0)
        return false;
    undo(w, &a, key, c == 'w');
    return true;
}

static bool vni(word *w, const syllable *s, uint32_t key)
{
    attempt a = { w, s, { 0, 0 }, 0 };
    bool done;
    switch (key) {
    case '1': case '2': case '3': case '4': case '5':
        return act_tone(w, s, (int)(key - '0'), key);
    case '0':
        return act_untone(w, s);
    case '6':
        done = act_hat(&a, "aeo");
        break;
    case '7':
        done = act_horn(&a);
        break;
    case '8':
        done = act_breve(&a);
        break;
    case '9':
        done = act_bar(&a);
        break;
    default:
        return false;
    }
    if (done)
        return true;
    if (a.same_n == 0)
        return false;
    undo(w, &a, key, false);
    return true;
}

/* An ordinary letter.  It may move the tone (toa + n: tóa -> toán) and
 * turns the "uơ" of "thuơ" back into ươ once more letters follow
 * (thuơ + n -> thươn, huơ + u -> hươu).  A tone the rules would not have
 * put where it is came from elsewhere (a system input method, the other
 * style, a paste) and stays there. */
static void act_plain(word *w, uint32_t key, sk_vnkey_style style)
{
    syllable s;
    if (w->tone != TONE_NONE)
        w->pinned = !parse(w, &s) || s.nuc_n == 0 || tone_place(w, &s, style) != w->tone_at;
    append(w, key);
    if (!parse(w, &s) || s.nuc_n < 2)
        return;
    letter *v = &w->l[s.nuc_at];
    if (v[0].base == 'u' && v[0].mod == MOD_NONE && v[1].base == 'o' &&
        v[1].mod == MOD_HORN && (s.nuc_n > 2 || s.fin_n > 0))
        v[0].mod = MOD_HORN;
}

static bool is_bar_key(const sk_vnkey *k, uint32_t key)
{
    return k->method == SK_VNKEY_TELEX ? (key == 'd' || key == 'D') : key == '9';
}

/* dd (VNI d9) in an abbreviation: the d before the cursor follows
 * consonants only (QĐ, HĐND, TTĐT).  English puts a vowel before its dd
 * (add, Eddie, sudden), so no English word is touched.  Pressed again on
 * the đ it undoes: QĐ + d -> QDd. */
static bool act_abbrev_bar(word *w, uint32_t key)
{
    if (w->n < 2 || w->l[w->n - 1].base != 'd')
        return false;
    /* "dd" left by an undo (ddd) stays: dddd gives ddd. */
    const letter *before = &w->l[w->n - 2];
    if (before->base == 'd' && before->mod == MOD_NONE)
        return false;
    for (size_t i = 0; i + 1 < w->n; i++) {
        char b = w->l[i].base;
        if (b < 'a' || b > 'z' || is_vowel(b))
            return false;
    }
    letter *last = &w->l[w->n - 1];
    if (last->mod == MOD_BAR) {
        last->mod = MOD_NONE;
        append(w, key);
    } else {
        last->mod = MOD_BAR;
    }
    return true;
}

/* One key; only_bar leaves out everything but the đ rules (what a word
 * given back keeps). */
static bool apply_key(const sk_vnkey *k, const uint32_t *cps, size_t n, uint32_t key,
                      bool only_bar, uint32_t *out, size_t *out_n, size_t out_cap)
{
    if (!k || k->method == SK_VNKEY_OFF || key >= 0x80 || !out || !out_n ||
        (n > 0 && !cps))
        return false;
    word w;
    if (!load(&w, cps, n))
        return false;
    syllable s;
    bool taken = false;
    if ((!only_bar || is_bar_key(k, key)) && parse(&w, &s))
        taken = k->method == SK_VNKEY_TELEX ? telex(&w, &s, key) : vni(&w, &s, key);
    if (!taken && is_bar_key(k, key))
        taken = act_abbrev_bar(&w, key);
    if (!taken) {
        if (!is_ascii_letter(key))
            return false;
        act_plain(&w, key, k->style);
    }
    uint32_t buf[SK_VNKEY_WORD_MAX + 1];
    size_t m;
    if (!render(&w, k->style, buf, &m))
        return false;
    /* Exactly what inserting the key would give: let the caller insert it. */
    if (m == n + 1 && buf[n] == key && (n == 0 || memcmp(buf, cps, n * sizeof *buf) == 0))
        return false;
    if (m > out_cap)
        return false;
    memcpy(out, buf, m * sizeof *buf);
    *out_n = m;
    return true;
}

bool sk_vnkey_apply(const sk_vnkey *k, const uint32_t *cps, size_t n, uint32_t key,
                    uint32_t *out, size_t *out_n, size_t out_cap)
{
    return apply_key(k, cps, n, key, false, out, out_n, out_cap);
}

/* ---- whole syllables and keys given back -------------------------------- */

/* Vowel groups that end in a glide take no final; the others need one.
 * ă and â alone are letters people name ("chữ ă"), so they stand. */
static const char *const open_nuclei[] = {
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi",
    "ua", "ui", "ưa", "ưi", "ưu", "uơ", "iêu", "oai", "oay", "oeo", "uây", "uôi",
    "uya", "uyu", "ươi", "ươu", "yêu",
};
static const char *const closed_nuclei[] = {
    "iê", "yê", "uô", "ươ", "oă", "uâ", "uyê", "oo",
};

static void nucleus_text(const word *w, const syllable *s, char *buf)
{
    size_t len = 0;
    for (size_t i = 0; i < s->nuc_n; i++) {
        letter l = w->l[s->nuc_at + i];
        l.upper = false;
        len += sk_utf8_encode(encode_letter(l, TONE_NONE), buf + len);
    }
    buf[len] = '\0';
}

bool sk_vnkey_is_syllable(const uint32_t *cps, size_t n)
{
    word w;
    syllable s;
    if (n == 0 || !cps || !load(&w, cps, n) || !parse(&w, &s) || s.nuc_n == 0)
        return false;
    /* Letters typed as digits (VNI) are no part of a syllable. */
    for (size_t i = 0; i < w.n; i++)
        if (w.l[i].base < 'a' || w.l[i].base > 'z')
            return false;
    char nuc[3 * SK_VNKEY_WORD_MAX + 1];
    nucleus_text(&w, &s, nuc);
    if (!in_list(nuc, nuclei, N_ELEMS(nuclei)))
        return false;
    if (s.fin_n > 0 && in_list(nuc, open_nuclei, N_ELEMS(open_nuclei)))
        return false;
    if (s.fin_n == 0 && in_list(nuc, closed_nuclei, N_ELEMS(closed_nuclei)))
        return false;
    char init[SK_VNKEY_WORD_MAX + 1], fin[SK_VNKEY_WORD_MAX + 1];
    spell(&w, 0, s.init_n, init);
    spell(&w, s.nuc_at + s.nuc_n, s.fin_n, fin);
    /* gh, ngh only before i, e, ê (ghế, nghĩ). */
    char v0 = w.l[s.nuc_at].base;
    if ((strcmp(init, "gh") == 0 || strcmp(init, "ngh") == 0) && v0 != 'i' && v0 != 'e')
        return false;
    /* ch, nh only after a, ê, i, y (sách, ếch, kính, huỳnh, anh). */
    if (strcmp(fin, "ch") == 0 || strcmp(fin, "nh") == 0) {
        letter last = w.l[s.nuc_at + s.nuc_n - 1];
        bool ok = (last.base == 'a' && last.mod == MOD_NONE) ||
                  (last.base == 'e' && last.mod == MOD_HAT) || last.base == 'i' ||
                  last.base == 'y';
        if (!ok)
            return false;
    }
    /* A syllable closed by c, ch, k, p, t is said with sắc or nặng, and
     * has one of them: "dât" is not a syllable, "dật" is. */
    if (stop_final(&w, &s) && w.tone != TONE_SAC && w.tone != TONE_NANG)
        return false;
    /* The tone where either style puts it. */
    if (w.tone != TONE_NONE && w.tone_at != tone_place(&w, &s, SK_VNKEY_STYLE_OLD) &&
        w.tone_at != tone_place(&w, &s, SK_VNKEY_STYLE_NEW))
        return false;
    return true;
}

/* Keys that spell a syllable but are far more often a foreign word in an
 * office (measured on tests/fixtures/typing/english.txt; docs/typing.md).
 * Telex keys are compared without case: nobody types "gí" as "GIS" only.
 * VNI keys with their case: the paper size A4, since "Ã" is no word.  A3
 * and A5 give the real words Ả and Ạ (ạ in capitals), and A1 the Á of
 * "Châu Á": they are typed A33, A55 (the undo). */
static const char *const telex_foreign[] = { "gis", "virus" };
static const char *const vni_foreign[] = { "A4" };

static bool is_foreign(const sk_vnkey *k, const uint32_t *keys, size_t nkeys)
{
    bool telex_keys = k->method == SK_VNKEY_TELEX;
    char buf[SK_VNKEY_KEYS_MAX + 1];
    if (nkeys > SK_VNKEY_KEYS_MAX)
        return false;
    for (size_t i = 0; i < nkeys; i++) {
        if (keys[i] >= 0x80)
            return false;
        buf[i] = (char)(telex_keys && is_ascii_letter(keys[i]) ? keys[i] | 0x20 : keys[i]);
    }
    buf[nkeys] = '\0';
    return telex_keys ? in_list(buf, telex_foreign, N_ELEMS(telex_foreign))
                      : in_list(buf, vni_foreign, N_ELEMS(vni_foreign));
}

/* The keys typed one by one into an empty text, as a field would. */
static bool replay(const sk_vnkey *k, const uint32_t *keys, size_t nkeys, bool only_bar,
                   uint32_t *text, size_t *text_n, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < nkeys; i++) {
        size_t from = sk_vnkey_word_start(text, n);
        uint32_t rep[SK_VNKEY_WORD_MAX + 1];
        size_t rep_n;
        if (n - from <= SK_VNKEY_WORD_MAX &&
            apply_key(k, text + from, n - from, keys[i], only_bar, rep, &rep_n, N_ELEMS(rep))) {
            if (from + rep_n > cap)
                return false;
            memcpy(text + from, rep, rep_n * sizeof *rep);
            n = from + rep_n;
        } else {
            if (n >= cap)
                return false;
            text[n++] = keys[i];
        }
    }
    *text_n = n;
    return true;
}

/* Tone and modifiers on a word: what an undo takes away. */
static size_t decorated(const uint32_t *cps, size_t n)
{
    word w;
    if (!load(&w, cps, n))
        return 0;
    size_t d = w.tone != TONE_NONE;
    for (size_t i = 0; i < w.n; i++)
        d += w.l[i].mod != MOD_NONE;
    return d;
}

/* Which keys undid a tone or modifier by being pressed twice ("tess":
 * the second s).  Returns false when the keys cannot be replayed. */
static bool find_undos(const sk_vnkey *k, const uint32_t *keys, size_t nkeys, bool *undid)
{
    uint32_t text[SK_VNKEY_KEYS_MAX], rep[SK_VNKEY_WORD_MAX + 1];
    size_t n = 0;
    for (size_t i = 0; i < nkeys; i++) {
        size_t from = sk_vnkey_word_start(text, n), rep_n;
        bool taken = n - from <= SK_VNKEY_WORD_MAX &&
                     apply_key(k, text + from, n - from, keys[i], false, rep, &rep_n,
                               N_ELEMS(rep));
        undid[i] = taken && rep_n == n - from + 1 && rep[rep_n - 1] == keys[i] &&
                   decorated(rep, rep_n) < decorated(text + from, n - from);
        if (taken) {
            if (from + rep_n > N_ELEMS(text))
                return false;
            memcpy(text + from, rep, rep_n * sizeof *rep);
            n = from + rep_n;
        } else {
            if (n >= N_ELEMS(text))
                return false;
            text[n++] = keys[i];
        }
    }
    return true;
}

static bool is_vowel_key(const sk_vnkey *k, uint32_t key)
{
    uint32_t c = key | 0x20;
    return is_ascii_letter(key) &&
           (is_vowel((char)c) || (k->method == SK_VNKEY_TELEX && c == 'w'));
}

/* The keys a word is given back as, or 0 for none.  A double key undoes on purpose when
 * only consonants follow it ("tesst" for test, "ass" for as, "passs" for
 * pass): the undoing key is dropped.  Followed by a vowel, the double
 * letter is the foreign word's own spelling (password, Office, lesson,
 * error) and both stay. */
static size_t keys_given_back(const sk_vnkey *k, const uint32_t *keys, size_t nkeys,
                              uint32_t *out)
{
    bool undid[SK_VNKEY_KEYS_MAX];
    /* The last key undid: the word is what was asked for ("awss" ăs). */
    if (!find_undos(k, keys, nkeys, undid) || undid[nkeys - 1])
        return 0;
    size_t m = 0;
    for (size_t i = 0; i < nkeys; i++) {
        bool vowel_after = false;
        for (size_t j = i + 1; j < nkeys && !vowel_after; j++)
            vowel_after = is_vowel_key(k, keys[j]);
        /* d's undo is the đ rules' own: the replay keeps it. */
        if (!(undid[i] && !vowel_after && !is_bar_key(k, keys[i])))
            out[m++] = keys[i];
    }
    return m;
}

bool sk_vnkey_restore(const sk_vnkey *k, const uint32_t *typed, size_t n, const uint32_t *keys,
                      size_t nkeys, uint32_t *out, size_t *out_n, size_t out_cap)
{
    if (!k || k->method == SK_VNKEY_OFF || !k->restore || !typed || n == 0 || !keys ||
        nkeys == 0 || nkeys > SK_VNKEY_KEYS_MAX || !out || !out_n)
        return false;
    uint32_t got[SK_VNKEY_KEYS_MAX];
    size_t got_n;
    /* Only a word these keys made: not one edited, pasted or half-logged. */
    if (!replay(k, keys, nkeys, false, got, &got_n, N_ELEMS(got)) || got_n != n ||
        memcmp(got, typed, n * sizeof *typed) != 0)
        return false;
    if (sk_vnkey_is_syllable(typed, n) && !is_foreign(k, keys, nkeys))
        return false;
    uint32_t back[SK_VNKEY_KEYS_MAX];
    size_t back_n = keys_given_back(k, keys, nkeys, back);
    if (back_n == 0 || !replay(k, back, back_n, true, got, &got_n, N_ELEMS(got)))
        return false;
    if ((got_n == n && memcmp(got, typed, n * sizeof *typed) == 0) || got_n > out_cap)
        return false;
    memcpy(out, got, got_n * sizeof *got);
    *out_n = got_n;
    return true;
}

/* ---- words and whole strings -------------------------------------------- */

bool sk_vnkey_is_letter(uint32_t cp)
{
    return is_ascii_letter(cp) ||
           (cp >= 0x00C0 && cp <= 0x024F && cp != 0x00D7 && cp != 0x00F7) ||
           (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1E00 && cp <= 0x1EFF);
}

size_t sk_vnkey_word_start(const uint32_t *text, size_t cursor)
{
    if (!text)
        return 0;
    size_t i = cursor;
    while (i > 0 && sk_vnkey_is_letter(text[i - 1]))
        i--;
    return i;
}

/* The word text[from..n) ended: given back if the engine says so.  The
 * replacement is never longer than the keys, nor the keys than the text
 * they made room for, so it fits. */
static size_t restore_in(const sk_vnkey *k, uint32_t *text, size_t from, size_t n,
                         const uint32_t *log, size_t log_n)
{
    uint32_t rep[SK_VNKEY_KEYS_MAX];
    size_t rep_n;
    if (!sk_vnkey_restore(k, text + from, n - from, log, log_n, rep, &rep_n, N_ELEMS(rep)))
        return n;
    memcpy(text + from, rep, rep_n * sizeof *rep);
    return from + rep_n;
}

char *sk_vnkey_type(const sk_vnkey *k, const char *keys)
{
    if (!keys)
        return NULL;
    size_t len = strlen(keys);
    /* A key adds at most one code point, and takes at least one byte. */
    uint32_t *text = sk_reallocarray(NULL, len + 1, sizeof *text);
    size_t n = 0;
    /* The keys of the word at the end of the text, from text[word_at]. */
    uint32_t log[SK_VNKEY_KEYS_MAX];
    size_t log_n = 0, word_at = 0;
    bool log_ok = true;
    for (size_t i = 0; i < len;) {
        uint32_t key;
        i += sk_utf8_decode(keys + i, len - i, &key);
        /* No need to look further back than the longest word apply takes:
         * a longer run of letters is refused either way. */
        size_t lo = n > SK_VNKEY_WORD_MAX + 1 ? n - (SK_VNKEY_WORD_MAX + 1) : 0;
        size_t from = lo + sk_vnkey_word_start(text + lo, n - lo);
        if (from != word_at) {
            word_at = from;
            log_n = 0;
            log_ok = from == n;
        }
        uint32_t rep[SK_VNKEY_WORD_MAX + 1];
        size_t rep_n;
        bool taken = sk_vnkey_apply(k, text + from, n - from, key, rep, &rep_n, N_ELEMS(rep));
        if (!taken && !sk_vnkey_is_letter(key)) {
            /* The word ends here. */
            if (log_ok)
                n = restore_in(k, text, from, n, log, log_n);
            text[n++] = key;
            word_at = n;
            log_n = 0;
            log_ok = true;
            continue;
        }
        if (taken) {
            memcpy(text + from, rep, rep_n * sizeof *rep);
            n = from + rep_n;
        } else {
            text[n++] = key;
        }
        if (key >= 0x80 || log_n == SK_VNKEY_KEYS_MAX)
            log_ok = false;
        else
            log[log_n++] = key;
    }
    if (log_ok)
        n = restore_in(k, text, sk_vnkey_word_start(text, n), n, log, log_n);
    sk_buf b = SK_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        char u8[4];
        sk_buf_add(&b, u8, sk_utf8_encode(text[i], u8));
    }
    free(text);
    char *s = sk_buf_steal(&b);
    size_t s_len = strlen(s), r_len = 0;
    /* Combining marks typed as keys are composed with their letter. */
    uint8_t *r = u8_normalize(UNINORM_NFC, (const uint8_t *)s, s_len, NULL, &r_len);
    if (!r)
        abort(); /* libunistring fails only when out of memory: see mem.h */
    char *nfc = sk_malloc(r_len + 1);
    memcpy(nfc, r, r_len);
    nfc[r_len] = '\0';
    free(r);
    free(s);
    return nfc;
}
