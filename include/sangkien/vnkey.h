/* Vietnamese typing: Telex and VNI composed by the program itself.
 *
 * Office terminals often have no working Vietnamese input method, so every
 * editable field runs its keys through this engine.  It is a pure function
 * of the word to the left of the cursor and the key just pressed: it keeps
 * no state between keys, so cursor moves, deletions and pasted text can never
 * put it out of step with what is on screen.  It never touches curses.
 *
 * Telex: s f r x j = sắc huyền hỏi ngã nặng, z removes the tone;
 *        aa ee oo = â ê ô; aw = ă; ow uw = ơ ư; uow = ươ;
 *        w with no vowel before it (at word start, after a consonant) = ư;
 *        dd = đ.
 * VNI:   1 2 3 4 5 = sắc huyền hỏi ngã nặng, 0 removes the tone;
 *        6 = â ê ô, 7 = ơ ư (uo7 = ươ), 8 = ă, 9 = đ.
 *
 * Modifier and tone keys may come anywhere after the letter they change
 * ("Vieetj", "Vietej" and "Vietje" all give "Việt"); the tone is placed again
 * by the spelling rules whenever the vowel group changes ("Tosan" gives
 * "Toán").  Pressing the same key twice undoes it and types the key itself
 * ("ass" -> "as", "aaa" -> "aa", "ddd" -> "dd", "a11" -> "a1").
 *
 * A key acts only on a word that spells a Vietnamese syllable (initial
 * consonant, vowel group, final consonant); otherwise it is typed as is, so
 * "class", "thanks" and "SQL" survive.  Syllables ending in c, ch, p, t take
 * only sắc and nặng, so "hocf" stays "hocf".  Only ASCII keys ever act:
 * letters composed by a system input method go in untouched, and a tone
 * that sits where these rules would not put it (another input method, the
 * other style, a paste) stays there under plain letters until a tone or
 * modifier key changes the word.
 *
 * đ in abbreviations.  dd (VNI d9) also gives đ when every letter before
 * that d is a consonant: the word cannot be English, whose dd always
 * follows a vowel (add, address, Eddie, sudden, middle).  So QDD -> QĐ,
 * HDDND -> HĐND, SDDT -> SĐT, TTDDT -> TTĐT, and inside document numbers
 * 496/QDD-UBND, NDD-CP, since / and - end words.  A word with a vowel
 * before the dd is left alone (ADDRESS in capitals too).  ddd still gives
 * dd: QDDD -> QDD.
 *
 * Keys given back (Unikey's «tự động khôi phục phím với từ sai», on when
 * restore is set).  When a word ends (a space, punctuation, leaving the
 * field) and what the keys made of it is not a Vietnamese syllable
 * (sk_vnkey_is_syllable), the word becomes the keys as typed: Web, Wifi,
 * Excel, USB, Google, Office, password, data.  đ made by the dd rules is
 * kept (QĐ, Đ/c, HĐND stay).  A word whose last key undid stays ("ass" ->
 * "as"); an undo with only consonants after it drops its key ("tesst" ->
 * "test"), one followed by a vowel keeps both ("password", "Office").  The spelling rules cannot catch a foreign
 * word that happens to spell a syllable ("GIS" -> "GÍ"); a short list of
 * such keystrokes (docs/typing.md) is given back too.  Real words are
 * never undone: tét, mã, tư.
 *
 * The one ambiguity the screen cannot resolve: a lone "ư" may have come from
 * "w" or from "uw".  A second w gives "w", since a literal w ("web",
 * "Windows") is far more common in office text than a literal "uw". */
#ifndef SANGKIEN_VNKEY_H
#define SANGKIEN_VNKEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum sk_vnkey_method {
    SK_VNKEY_OFF = 0, /* every key is typed as is (numeric, date, code fields) */
    SK_VNKEY_TELEX,
    SK_VNKEY_VNI,
} sk_vnkey_method;

/* Where the tone goes on "oa", "oe", "uy" with no final consonant.  With a
 * final consonant both styles agree ("hoàn", "khoét", "huỳnh"). */
typedef enum sk_vnkey_style {
    SK_VNKEY_STYLE_OLD = 0, /* hòa, khỏe, thủy: as official documents write */
    SK_VNKEY_STYLE_NEW,     /* hoà, khoẻ, thuỷ */
} sk_vnkey_style;

/* Plain settings, no resources: initialise with
 * `sk_vnkey k = { SK_VNKEY_TELEX, SK_VNKEY_STYLE_OLD, true };`.  A zeroed struct is
 * OFF. */
typedef struct sk_vnkey {
    sk_vnkey_method method;
    sk_vnkey_style style;
    /* Give the keys back when a word ends as no Vietnamese syllable.  Off
     * in a struct that does not set it; the program turns it on unless
     * sangkien.ini says [typing] restore = không. */
    bool restore;
} sk_vnkey;

/* Words longer than this are never Vietnamese syllables (the longest,
 * "nghiêng", has 7 letters); the engine leaves them alone. */
#define SK_VNKEY_WORD_MAX 16

/* True for the code points that belong to a word: ASCII letters, Latin
 * letters U+00C0..U+024F (except × and ÷), combining marks U+0300..U+036F and
 * Latin Extended Additional U+1E00..U+1EFF, which holds most Vietnamese
 * letters.  Everything else (digits, spaces, punctuation, other scripts)
 * ends a word, so in VNI a digit typed literally ends the word too. */
bool sk_vnkey_is_letter(uint32_t cp);

/* Index in text[0..cursor) where the word ending at the cursor begins
 * (cursor itself when the character before the cursor is not a letter).
 * The caller passes text[start..cursor) to sk_vnkey_apply.  Scanning
 * text + cursor - (SK_VNKEY_WORD_MAX + 1) onwards is enough when the field
 * is long: apply refuses longer words anyway. */
size_t sk_vnkey_word_start(const uint32_t *text, size_t cursor);

/* React to one key.  word[0..n) is the word left of the cursor (NFC code
 * points, as returned by sk_vnkey_word_start; word may be NULL when n is 0)
 * and key the code point just typed.
 *
 * Returns false when the caller should simply insert the key at the cursor:
 * method OFF, k NULL, key not ASCII, the key has no effect, the word is not
 * something the engine understands (non-Vietnamese letters, several tone
 * marks, more than SK_VNKEY_WORD_MAX code points), or out_cap is too small.
 *
 * Returns true when the key was taken: the caller replaces word[0..n) by
 * out[0..*out_n) and puts the cursor after it, and does not insert the key.
 * The replacement already contains whatever the key added (an undone
 * modifier types itself: "á" + 's' gives "as").  It is NFC and at most
 * n + 1 code points long, so out_cap >= n + 1 always suffices.  out is owned
 * by the caller and may be the same buffer as word. */
bool sk_vnkey_apply(const sk_vnkey *k, const uint32_t *word, size_t n, uint32_t key,
                    uint32_t *out, size_t *out_n, size_t out_cap);

/* Keys remembered for the word being typed; a field keeps one and
 * passes it to sk_vnkey_restore when the word ends.  A word typed in more
 * keys than this is never given back. */
#define SK_VNKEY_KEYS_MAX 32

/* True when word[0..n) (NFC) spells a whole Vietnamese syllable: a known
 * initial, a vowel group with its modifiers that exists, a final the group
 * can take (ia, ai, ao... take none; iê, uô, ươ, ă, â need one), one tone
 * at most, and only sắc or nặng before c, ch, k, p, t (so "dât" is not one).
 * Capitals and lowercase alike; "Đắk" is one. */
bool sk_vnkey_is_syllable(const uint32_t *word, size_t n);

/* The word has ended: should it become the keys as typed?  word[0..n) is
 * the word before the cursor and keys[0..nkeys) the keys typed since it
 * began.  Returns true, with the replacement in out[0..*out_n), when
 * k->restore is set, the keys really give this word (anything else, such
 * as a word edited after typing, is left alone), and the word is not a
 * Vietnamese syllable or its keys are in the short list of foreign words.
 * The replacement is the keys with only the đ rules applied, at most nkeys
 * code points. */
bool sk_vnkey_restore(const sk_vnkey *k, const uint32_t *word, size_t n, const uint32_t *keys,
                      size_t nkeys, uint32_t *out, size_t *out_n, size_t out_cap);

/* Type a whole keystroke string through the engine, as a field would, with
 * the cursor always at the end: each key is applied to the word before it
 * (sk_vnkey_word_start) and inserted when not taken.  Keys are UTF-8; non-ASCII
 * ones are inserted as they are.  Returns a fresh NFC UTF-8 string the caller
 * frees, or NULL when keys is NULL.  k NULL means OFF.  With k->restore,
 * each word is given back as typed at its end (a key that is not a letter,
 * or the end of keys) as sk_vnkey_restore says.
 * "Coongj hoaf" -> "Cộng hòa" in Telex, old style. */
char *sk_vnkey_type(const sk_vnkey *k, const char *keys);

#endif
