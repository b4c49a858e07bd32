/* Legacy Vietnamese text ("mojibake") arriving as valid UTF-8: detection
 * and conversion back to Unicode.
 *
 * Workbooks from units often carry text typed decades ago in a legacy
 * 8-bit font encoding and later read as Windows-1252 / Latin-1, or UTF-8
 * that was decoded twice.  Such text passes every UTF-8 check:
 *
 *   TCVN3 (ABC, font .VnTime)  «S¸ng kiÕn»    is «Sáng kiến»
 *   VNI-Windows                «Saùng kieán»  is «Sáng kiến»
 *   Windows-1258               «Sáng kiêìn»   is «Sáng kiến»
 *   UTF-8 decoded twice        «SÃ¡ng kiáº¿n»  is «Sáng kiến»
 *
 * Detection is conservative: ordinary Vietnamese (NFC or NFD), English,
 * French words, e-mail addresses, URLs, numbers, typographic quotes and
 * dashes and the lookalike «Ð» (U+00D0) are never flagged.
 *
 * How it decides.  A text holding a Vietnamese letter that no
 * Windows-1252 reader produces (ạ, ơ, đ..., or a combining mark) is at
 * least in part genuine Unicode and is never converted.  Otherwise each
 * code point is mapped back to its Windows-1252 byte (U+0080..U+00FF also
 * stand for themselves, as Latin-1 and Windows' own decoder leave the five
 * undefined 1252 bytes) and the bytes are decoded by each candidate: the TCVN3 single-byte table, the
 * VNI-Windows table (base letter followed by one modifier byte; ơ ư đ and
 * the toned i and ỵ are single bytes), Windows-1258 (tones mostly as
 * combining marks after the letter), or UTF-8 (every run of non-ASCII
 * characters must decode as valid UTF-8, else the candidate is dropped).
 * A candidate never adds or removes ASCII punctuation, so the words of the
 * input (runs between ASCII characters that are not letters) line up with
 * the words of the conversion.  A word is a Vietnamese syllable when it
 * spells initial + vowel cluster + final with at most one tone, by the
 * spelling rules (k gh ngh before i e ê y, c g ng elsewhere; ă â iê uô ươ
 * need a final, ai ao ưa ... take none; ch nh only after a ê i y oa uy uê;
 * c ch p t only with sắc or nặng) and in lower, Title or UPPER case.
 * Each word that a conversion changed is compared with what it became:
 *   improved  - the input word (with an ASCII letter in it) was no
 *               syllable, the converted word is one; "strong" when the
 *               input held a character typical of mojibake: one outside
 *               the Vietnamese alphabet («¸», «ø», soft hyphen...),
 *               upper case inside a lower-case word («kiÕn»), or, for
 *               Windows-1258, «ì» «ò» (its tone bytes) after a vowel;
 *   worsened  - the input word was a syllable, the converted one is not;
 *   ambiguous - both are syllables («cã» is a word and TCVN3 for «có»);
 *   garbage   - neither is.
 * A lone symbol that becomes a syllable («ë», «ç», «·») counts for
 * nothing.  Unchanged words count too: a syllable with a letter that no
 * Windows-1252 reader produces (ạ, ơ, đ, combining marks) is "genuine", an
 * ASCII word of two or more letters, not all capitals, that is no syllable
 * (Excel, Minier) is "foreign".  TCVN3 and VNI are accepted when
 *   (improved >= 2 or (one strong improvement and no foreign word)),
 *   no genuine word, improved >= ambiguous, improved >= garbage,
 *   worsened * 3 <= improved.
 * Double UTF-8 carries its own proof (each run decoded as valid UTF-8), so
 * one improved word (lone symbols included) is enough there, with no
 * genuine and no worsened word.  When two candidates are accepted the one
 * with more improved words wins; a tie («tö.»: TCVN3 «tử.» or VNI «tư.»)
 * flags nothing.  A lone short word is thus flagged only when unambiguous
 * («®i» -> «đi»; not «cã», not «Loïc Minier» though «Loïc» is VNI «Lọc»).
 *
 * TCVN3 fonts have no upper-case toned letters (headings used the .VnTimeH
 * font with the lower-case codes).  A converted word with no lower-case
 * letter besides those codes goes into capitals when it has two or more
 * capitals, or when a word with two or more follows in the same run of
 * such words: «KÕ HO¹CH» becomes «KẾ HOẠCH», «THùC Sè Vµ B¶O» «THỰC SỐ
 * VÀ BẢO», but «L§VP; SÜ» stays «LĐVP; Sĩ», and «ñy ban» can only become
 * «ủy ban» (lines of the test corpus with such capitals come back right
 * up to case).  The bytes TCVN 5712 VN1 uses for upper-case letters
 * (0x80..0x9F and the gaps above 0xA0) are left as Windows-1252, because
 * TCVN3 fonts do not have them and they collide with typographic quotes.
 *
 * Pure: no locale, no iconv, no global state (libunistring for NFC). */
#ifndef SANGKIEN_LEGACY_H
#define SANGKIEN_LEGACY_H

typedef enum sk_legacy_kind {
    SK_LEGACY_NONE,        /* genuine Unicode, or not sure */
    SK_LEGACY_TCVN3,       /* TCVN3 (ABC) bytes shown as Windows-1252 */
    SK_LEGACY_VNI,         /* VNI-Windows bytes shown as Windows-1252 */
    SK_LEGACY_DOUBLE_UTF8, /* UTF-8 bytes decoded as Windows-1252/Latin-1 */
    SK_LEGACY_CP1258,      /* Windows-1258 bytes shown as Windows-1252 */
} sk_legacy_kind;

/* Decide whether s (valid UTF-8) looks like mojibake.  When it does, and
 * fixed is not NULL, *fixed is the converted text in NFC (with U+0110 for
 * the lookalike Đ), a fresh string the caller frees; otherwise *fixed is set
 * to NULL.  NULL, empty and invalid UTF-8 input give SK_LEGACY_NONE. */
sk_legacy_kind sk_legacy_detect(const char *s, char **fixed);

/* Text decoded from TCVN3 bytes (sangkien/convert.h) with the capitals
 * of headings typed in .VnTimeH, which has only the lower-case codes,
 * restored by the rule above: «Kế HOạCH» becomes «KẾ HOẠCH».  s is valid
 * UTF-8; fresh NFC string. */
char *sk_legacy_tcvn3_capitals(const char *s);

/* Vietnamese name for messages: «TCVN3 (ABC)», «VNI-Windows», «UTF-8 bị
 * giải mã hai lần», and «Unicode» for SK_LEGACY_NONE.  Static string. */
const char *sk_legacy_name(sk_legacy_kind k);

/* The warning every way of entering text gives (forms, add, unit lists):
 * «Văn bản có vẻ bị lỗi mã (TCVN3 (ABC) hiển thị sai)», or «… (UTF-8 bị
 * giải mã hai lần)»; without a final full stop.  Fresh string. */
char *sk_legacy_warning(sk_legacy_kind k);

#endif
