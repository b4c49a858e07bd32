/* Legacy Vietnamese text ("mojibake") arriving as valid UTF-8: detection
 * and conversion back to Unicode.
 *
 * Workbooks from units often carry text typed decades ago in a legacy
 * 8-bit font encoding and later read as Windows-1252 / Latin-1, or UTF-8
 * that was decoded twice.  Such text passes every UTF-8 check:
 *
 *   TCVN3 (ABC, font .VnTime)  «S¸ng kiÕn»    is «Sáng kiến»
 *   VNI-Windows                «Saùng kieán»  is «Sáng kiến»
 *   UTF-8 decoded twice        «SÃ¡ng kiáº¿n»  is «Sáng kiến»
 *
 * Detection is conservative: ordinary Vietnamese (NFC or NFD), English,
 * French words, e-mail addresses, URLs, numbers, typographic quotes and
 * dashes and the lookalike «Ð» (U+00D0) are never flagged.
 *
 * How it decides.  Each code point of the text is mapped back to its
 * Windows-1252 byte (U+0080..U+00FF also stand for themselves, as Latin-1
 * and Windows' own decoder leave the five undefined 1252 bytes) and the
 * bytes are decoded by each candidate: the TCVN3 single-byte table, the
 * VNI-Windows table (base letter followed by one modifier byte; ơ ư đ and
 * the toned i and ỵ are single bytes), or UTF-8 (every run of non-ASCII
 * characters must decode as valid UTF-8, else the candidate is dropped).
 * A candidate never adds or removes ASCII punctuation, so the words of the
 * input (runs between ASCII characters that are not letters) line up with
 * the words of the conversion.  Each word that the conversion changed is
 * compared with what it became:
 *   improved  - the input word was not a Vietnamese syllable and holds a
 *               character typical of mojibake (a character outside the
 *               Vietnamese alphabet, or upper case inside a lower-case
 *               word), and the converted word is a valid Vietnamese
 *               syllable (initial, vowel cluster, final, one tone, stop
 *               finals only with sắc or nặng, case pattern lower / Title /
 *               UPPER);
 *   worsened  - the input word was a valid syllable, the converted one not;
 *   ambiguous - both are syllables (e.g. «cã» is both a word and TCVN3 for
 *               «có»), or the input was no syllable but not suspicious;
 *   garbage   - neither is a syllable.
 * Words that the candidate cannot convert but that are valid syllables with
 * letters outside Windows-1252 (ạ, ơ, đ, combining marks...) prove that the
 * text is real Unicode Vietnamese.  A candidate is accepted when at least
 * one word improved, no genuine Unicode word stands unconverted,
 * improved >= ambiguous, improved >= garbage and worsened * 10 <= improved.
 * When more than one candidate is accepted the one with more improved words
 * wins; a tie means the text is ambiguous and nothing is flagged.  So a
 * lone short word is flagged only when unambiguous («®i» -> «đi», but not
 * «cã», which is also a valid syllable).
 *
 * TCVN3 fonts have no upper-case toned letters (headings used the .VnTimeH
 * font with the lower-case codes): a converted word whose other letters are
 * all upper case (two or more, or one beside an all-caps word) is
 * upper-cased, so «KÕ HO¹CH» becomes «KẾ HOẠCH»; «ñy ban» can only become
 * «ủy ban».  The bytes TCVN 5712 VN1 uses for upper-case letters
 * (0x80..0x9F and the gaps above 0xA0) are left as Windows-1252, because
 * TCVN3 fonts do not have them and they collide with typographic quotes.
 *
 * Pure: no locale, no iconv, no global state. */
#ifndef SANGKIEN_LEGACY_H
#define SANGKIEN_LEGACY_H

typedef enum sk_legacy_kind {
    SK_LEGACY_NONE,        /* genuine Unicode, or not sure */
    SK_LEGACY_TCVN3,       /* TCVN3 (ABC) bytes shown as Windows-1252 */
    SK_LEGACY_VNI,         /* VNI-Windows bytes shown as Windows-1252 */
    SK_LEGACY_DOUBLE_UTF8, /* UTF-8 bytes decoded as Windows-1252/Latin-1 */
} sk_legacy_kind;

/* Decide whether s (valid UTF-8) looks like mojibake.  When it does, and
 * fixed is not NULL, *fixed is the converted text in NFC (with U+0110 for
 * the lookalike Đ), a fresh string the caller frees; otherwise *fixed is set
 * to NULL.  NULL, empty and invalid UTF-8 input give SK_LEGACY_NONE. */
sk_legacy_kind sk_legacy_detect(const char *s, char **fixed);

/* Vietnamese name for messages: «TCVN3 (ABC)», «VNI-Windows», «UTF-8 bị
 * giải mã hai lần», and «Unicode» for SK_LEGACY_NONE.  Static string. */
const char *sk_legacy_name(sk_legacy_kind k);

#endif
