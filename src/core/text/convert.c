/* Old Vietnamese text files to NFC UTF-8 (sangkien/convert.h). */
#include "sangkien/convert.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sangkien/legacy.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"

#include "legacy_tables.h"

bool sk_charset_parse(const char *name, sk_charset *out)
{
    static const struct { const char *name; sk_charset cs; } names[] = {
        { "tcvn3", SK_CHARSET_TCVN3 }, { "tcvn", SK_CHARSET_TCVN3 }, { "abc", SK_CHARSET_TCVN3 },
        { "vni", SK_CHARSET_VNI }, { "vni-windows", SK_CHARSET_VNI },
        { "cp1258", SK_CHARSET_CP1258 }, { "windows-1258", SK_CHARSET_CP1258 },
    };
    if (!name)
        return false;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(name, names[i].name) == 0) {
            *out = names[i].cs;
            return true;
        }
    return false;
}

const char *sk_charset_name(sk_charset cs)
{
    switch (cs) {
    case SK_CHARSET_TCVN3: return "TCVN3 (ABC)";
    case SK_CHARSET_VNI: return "VNI-Windows";
    case SK_CHARSET_CP1258: return "Windows-1258";
    }
    return "?";
}

static void fail_at(const char *in, size_t len, size_t pos, sk_convert_fail *fail)
{
    if (pos >= len)   /* iconv's EINVAL: cut short at the end */
        pos = len ? len - 1 : 0;
    size_t line = 1, start = 0;
    for (size_t i = 0; i < pos; i++)
        if (in[i] == '\n') {
            line++;
            start = i + 1;
        }
    fail->line = line;
    fail->column = pos - start + 1;
    fail->byte = (unsigned char)in[pos];
}

/* glibc's tables.  Its TCVN5712-1 is TCVN3 plus the capitals VN1 puts in
 * the slots .VnTime fonts leave empty; CP1258's tone marks after a vowel
 * come out composed or combining, NFC joins them either way. */
static sk_err by_iconv(const char *name, const char *in, size_t len, sk_buf *b,
                       sk_convert_fail *fail)
{
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return SK_ERR_IO;
    char *ip = (char *)in;
    size_t il = len;
    char chunk[4096];
    sk_err rc = SK_OK;
    for (bool flushing = false;;) {
        char *op = chunk;
        size_t ol = sizeof chunk;
        size_t r = flushing ? iconv(cd, NULL, NULL, &op, &ol) : iconv(cd, &ip, &il, &op, &ol);
        sk_buf_add(b, chunk, (size_t)(op - chunk));
        if (r != (size_t)-1) {
            if (flushing)
                break;
            flushing = true;   /* glibc may hold a base letter for a mark */
            continue;
        }
        if (errno == E2BIG)
            continue;
        fail_at(in, len, (size_t)(ip - in), fail);
        rc = SK_ERR_INVALID;
        break;
    }
    iconv_close(cd);
    return rc;
}

static sk_err by_vni(const unsigned char *in, size_t len, sk_buf *b, sk_convert_fail *fail)
{
    for (size_t i = 0; i < len; i++) {
        uint32_t cp;
        size_t used = sk_vni_decode_at(in[i], i + 1 < len ? in[i + 1] : -1, &cp);
        if (used == 2)
            i++;
        else if (!used && (cp = sk_cp1252_char(in[i])) == 0) {
            fail_at((const char *)in, len, i, fail);
            return SK_ERR_INVALID;
        }
        char u[4];
        sk_buf_add(b, u, sk_utf8_encode(cp, u));
    }
    return SK_OK;
}

sk_err sk_convert(sk_charset cs, const char *in, size_t len, char **out, size_t *out_len,
                  sk_convert_fail *fail)
{
    *out = NULL;
    if (out_len)
        *out_len = 0;
    /* A NUL would end the text early (and is no character of any of them). */
    const char *nul = memchr(in, '\0', len);
    if (nul) {
        fail_at(in, len, (size_t)(nul - in), fail);
        return SK_ERR_INVALID;
    }
    sk_buf b = SK_BUF_INIT;
    sk_err rc;
    switch (cs) {
    case SK_CHARSET_TCVN3: rc = by_iconv("TCVN5712-1", in, len, &b, fail); break;
    case SK_CHARSET_CP1258: rc = by_iconv("CP1258", in, len, &b, fail); break;
    default: rc = by_vni((const unsigned char *)in, len, &b, fail); break;
    }
    if (rc == SK_OK && cs == SK_CHARSET_TCVN3)
        *out = sk_legacy_tcvn3_capitals(sk_buf_str(&b));   /* NFC already */
    else if (rc == SK_OK)
        rc = sk_text_nfc(sk_buf_str(&b), out);
    sk_buf_free(&b);
    if (rc == SK_OK && out_len)
        *out_len = strlen(*out);
    return rc;
}

char *sk_convert_fail_text(const sk_convert_fail *f, sk_charset cs)
{
    return sk_asprintf("dòng %zu, cột %zu: byte 0x%02X không có trong bảng mã %s", f->line,
                       f->column, f->byte, sk_charset_name(cs));
}

/* A Windows-1258 tone mark (0xCC 0xEC 0xD2 0xDE 0xF2) right after a
 * vowel, in at least two places: what its combining spelling looks like.
 * The fallback when the detector is not sure (short or mixed text). */
static bool looks_cp1258(const unsigned char *in, size_t len)
{
    static const char vowels[] = "aeiouyAEIOUY\xe2\xea\xf4\xe3\xf5\xfd\xc2\xca\xd4\xc3\xd5\xdd";
    int hits = 0;
    for (size_t i = 1; i < len; i++) {
        unsigned char c = in[i];
        if ((c == 0xCC || c == 0xEC || c == 0xD2 || c == 0xDE || c == 0xF2) &&
            memchr(vowels, in[i - 1], sizeof vowels - 1))
            hits++;
    }
    return hits >= 2;
}

bool sk_convert_guess(const char *in, size_t len, sk_charset *out)
{
    /* A sample is enough, and keeps the detector's arrays small: the
     * start of the file, ended at a line break. */
    if (len > SK_CONVERT_SAMPLE) {
        size_t cut = SK_CONVERT_SAMPLE;
        while (cut > SK_CONVERT_SAMPLE / 2 && in[cut - 1] != '\n')
            cut--;
        len = cut;
    }
    /* The bytes as a Windows-1252 reader shows them: what sk_legacy judges. */
    sk_buf b = SK_BUF_INIT;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)in[i];
        uint32_t cp = sk_cp1252_char(c);
        char u[4];
        sk_buf_add(&b, u, sk_utf8_encode(cp ? cp : c, u));
    }
    sk_legacy_kind k = sk_legacy_detect(sk_buf_str(&b), NULL);
    sk_buf_free(&b);
    if (k == SK_LEGACY_TCVN3 || k == SK_LEGACY_VNI || k == SK_LEGACY_CP1258) {
        *out = k == SK_LEGACY_TCVN3 ? SK_CHARSET_TCVN3
               : k == SK_LEGACY_VNI ? SK_CHARSET_VNI
                                    : SK_CHARSET_CP1258;
        return true;
    }
    if (looks_cp1258((const unsigned char *)in, len)) {
        *out = SK_CHARSET_CP1258;
        return true;
    }
    return false;
}

bool sk_convert_is_binary_office(const char *in, size_t len)
{
    static const unsigned char ole2[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
    return (len >= 8 && memcmp(in, ole2, 8) == 0) || (len >= 4 && memcmp(in, "PK\x03\x04", 4) == 0);
}
