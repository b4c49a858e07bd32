/* Tables of the legacy Vietnamese 8-bit encodings that no library has,
 * shared by the mojibake detector (legacy.c) and the file converter
 * (convert.c): Windows-1252 (what the mojibake was shown as), TCVN3's
 * letters at 0xA0..0xFF, VNI-Windows (base letter + modifier byte).
 * Internal to the core. */
#ifndef SANGKIEN_LEGACY_TABLES_H
#define SANGKIEN_LEGACY_TABLES_H

#include <stddef.h>
#include <stdint.h>

/* Vowels a ă â e ê i o ô ơ u ư y; tones none, sắc, huyền, hỏi, ngã, nặng. */
enum { V_A, V_AW, V_AA, V_E, V_EE, V_I, V_O, V_OO, V_OW, V_U, V_UW, V_Y, N_VOWELS };
enum { T_NONE, T_SAC, T_HUYEN, T_HOI, T_NGA, T_NANG };

/* [case][vowel][tone]: case 0 lower, 1 upper. */
extern const uint32_t sk_vn_vowel[2][N_VOWELS][6];

#define CP_DD_LOWER 0x0111u   /* đ */
#define CP_DD_UPPER 0x0110u   /* Đ */

/* The byte a Windows-1252 (or Latin-1) decoder turned into cp, or -1.
 * U+0080..U+00FF stand for themselves (Latin-1, and Windows' own decoder
 * for the five bytes 1252 leaves undefined). */
int sk_cp1252_byte(uint32_t cp);
/* The character Windows-1252 gives byte b, 0 for the five undefined bytes
 * (0x81 0x8D 0x8F 0x90 0x9D). */
uint32_t sk_cp1252_char(int b);

/* Windows-1258: the character of byte b as Windows-1258 reads it (tone
 * bytes as combining marks), 0 where it defines none.  glibc iconv is the
 * converter for files (convert.c); this small table of where 1258 differs
 * from 1252 serves the detector, which stays free of iconv, and is
 * checked against glibc by tests/test_legacy.c. */
uint32_t sk_cp1258_char(int b);

/* TCVN3 (ABC): the letter of byte b (0xA0..0xFF), 0 where the .VnTime
 * fonts have none (those slots hold TCVN 5712 VN1's capitals). */
uint32_t sk_tcvn3_char(int b);

/* VNI-Windows at byte b0 followed by b1 (-1 at the end): 2 with *cp the
 * letter when b0 is a base (a e o u y, ơ ư) and b1 a modifier that fits
 * it; 1 for a letter of one byte (ơ ư đ, the toned i, ỵ); 0 when b0 means
 * what Windows-1252 says. */
size_t sk_vni_decode_at(int b0, int b1, uint32_t *cp);

#endif
