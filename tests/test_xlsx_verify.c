/* xlsx_verify: the check of a finished workbook before it takes its name.
 * A workbook written through the layer passes (its SHA-256 and size are
 * those of the file); a flipped byte in a member (CRC), a truncated file,
 * a zero-length XML member, XML cut in the middle, shared strings short
 * of their count and a missing part are refused with a reason naming the
 * part.  Also: libxlsxwriter's temporary files go through our lxw_tmpfile
 * (xlsx_tmp.h). */
/* memmem() is GNU. */
#define _GNU_SOURCE

#include "testutil.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <minizip/unzip.h>
#include <minizip/zip.h>
#include <xlsxwriter.h>

#include "sangkien/fsutil.h"
#include "sangkien/mem.h"
#include "sangkien/xlsx.h"
#include "sangkien/xlsx_verify.h"
#include "src/core/workbook/xlsx_tmp.h"
#include "src/core/workbook/xlsx_zip.h"
#include <zlib.h>

typedef struct member {
    const char *name;
    const char *data;
} member;

static const char CT[] = "<?xml version=\"1.0\"?><Types xmlns=\"x\"><Default Extension=\"xml\" "
                         "ContentType=\"application/xml\"/></Types>";
static const char RELS[] = "<Relationships xmlns=\"r\"><Relationship Id=\"rId1\" "
                           "Target=\"xl/workbook.xml\"/></Relationships>";
static const char WB[] = "<workbook><sheets><sheet name=\"Trang 1\"/></sheets></workbook>";
static const char SHEET[] = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
                            "<c r=\"B1\" t=\"inlineStr\"><is><t>MARKER-ZYX Sáng kiến</t></is></c>"
                            "</row></sheetData></worksheet>";
static const char SST[] = "<sst uniqueCount=\"2\"><si><t>Một</t></si><si><t>Hai</t></si></sst>";

/* A zip of the members, each STORED (so a byte of the file is a byte of a
 * member) or deflated. */
static void make_zip(const char *path, const member *m, size_t n, bool stored)
{
    zipFile zf = zipOpen64(path, APPEND_STATUS_CREATE);
    assert_non_null(zf);
    for (size_t i = 0; i < n; i++) {
        zip_fileinfo zi;
        memset(&zi, 0, sizeof zi);
        assert_int_equal(zipOpenNewFileInZip64(zf, m[i].name, &zi, NULL, 0, NULL, 0, NULL,
                                               stored ? 0 : Z_DEFLATED,
                                               stored ? 0 : Z_DEFAULT_COMPRESSION, 0),
                         ZIP_OK);
        size_t len = strlen(m[i].data);
        if (len)
            assert_int_equal(zipWriteInFileInZip(zf, m[i].data, (unsigned)len), ZIP_OK);
        assert_int_equal(zipCloseFileInZip(zf), ZIP_OK);
    }
    assert_int_equal(zipClose(zf, NULL), ZIP_OK);
}

static void basic_zip(const char *path, const char *sheet, const char *sst, bool stored)
{
    member m[] = {
        { "[Content_Types].xml", CT }, { "_rels/.rels", RELS }, { "xl/workbook.xml", WB },
        { "xl/worksheets/sheet1.xml", sheet }, { "xl/sharedStrings.xml", sst },
    };
    make_zip(path, m, sizeof m / sizeof m[0], stored);
}

/* Refused as a bad file, with a reason containing `part`. */
static void refused(const char *path, const char *part)
{
    char *why = NULL;
    char sha[65] = "";
    assert_int_equal(sk_xlsx_verify_file(path, sha, NULL, &why), SK_ERR_BADFILE);
    assert_non_null(why);
    if (!strstr(why, part))
        fail_msg("reason «%s» does not name «%s»", why, part);
    assert_string_equal(sha, "");   /* nothing promised about a bad file */
    free(why);
}

static char *read_all(const char *path, size_t *len)
{
    char *data = NULL;
    assert_int_equal(sk_read_file(path, 64u << 20, &data, len), SK_OK);
    return data;
}

static void write_all(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_true(sk_write_all(fd, data, len));
    close(fd);
}

/* A workbook written through the layer, as the exports write them. */
static char *real_workbook(const char *dir, const char *name)
{
    char *path = sk_asprintf("%s/%s", dir, name);
    sk_xlsx *x = NULL;
    char *detail = NULL;
    assert_int_equal(sk_xlsx_open(path, false, &x, &detail), SK_OK);
    lxw_worksheet *ws = sk_xlsx_sheet(x, "Danh sách");
    for (lxw_row_t r = 0; r < 200; r++) {
        char text[64];
        snprintf(text, sizeof text, "Sáng kiến số %u", (unsigned)r);
        sk_xlsx_text(x, ws, r, 0, text, SK_XS_TEXT);
        sk_xlsx_number(x, ws, r, 1, r * 1.5, SK_XS_NUMBER);
    }
    sk_xlsx_text(x, ws, 200, 0, "=1+1", SK_XS_TEXT);   /* the quote-prefix rewrite too */
    assert_int_equal(sk_xlsx_close(x, &detail), SK_OK);
    assert_null(detail);
    return path;
}

static void test_good_files_pass(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    sk_xlsx_tmp_stats before = sk_xlsx_tmp_stats_now();
    char *path = real_workbook(dir, "tot.xlsx");
    /* libxlsxwriter's parts went through our lxw_tmpfile: the only way a
     * lost write to them is seen. */
    sk_xlsx_tmp_stats after = sk_xlsx_tmp_stats_now();
    assert_true(after.opened > before.opened);
    assert_int_equal(after.failed, before.failed);

    char sha[65], want[65];
    long long size = -1, want_size = -2;
    char *why = NULL;
    assert_int_equal(sk_xlsx_verify_file(path, sha, &size, &why), SK_OK);
    assert_null(why);
    assert_int_equal(sk_sha256_file(path, want, &want_size), SK_OK);
    assert_string_equal(sha, want);
    assert_int_equal(size, want_size);

    char *hand = sk_asprintf("%s/tay.xlsx", dir);
    basic_zip(hand, SHEET, SST, false);
    assert_int_equal(sk_xlsx_verify_file(hand, NULL, NULL, NULL), SK_OK);
    basic_zip(hand, SHEET, SST, true);
    assert_int_equal(sk_xlsx_verify_file(hand, NULL, NULL, NULL), SK_OK);

    /* The descriptor's offset is neither used nor moved. */
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(lseek(fd, 7, SEEK_SET), 7);
    assert_int_equal(sk_xlsx_verify_fd(fd, NULL, NULL, NULL), SK_OK);
    assert_int_equal(lseek(fd, 0, SEEK_CUR), 7);
    close(fd);
    free(hand);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

static void test_flipped_byte_is_a_crc_error(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *path = sk_asprintf("%s/lat.xlsx", dir);
    basic_zip(path, SHEET, SST, true);
    size_t len;
    char *data = read_all(path, &len);
    char *m = memmem(data, len, "MARKER-ZYX", 10);
    assert_non_null(m);
    m[3] ^= 0x01;   /* 'K' -> 'J': the XML is as good as before, the CRC is not */
    write_all(path, data, len);
    refused(path, "xl/worksheets/sheet1.xml");
    char *why = NULL;
    sk_xlsx_verify_file(path, NULL, NULL, &why);
    assert_non_null(strstr(why, "CRC"));
    free(why);

    /* The same in a deflated member of a real workbook: a byte in the
     * middle of the file. */
    char *real = real_workbook(dir, "that.xlsx");
    free(data);
    data = read_all(real, &len);
    data[len / 3] ^= 0x20;
    write_all(real, data, len);
    why = NULL;
    assert_int_equal(sk_xlsx_verify_file(real, NULL, NULL, &why), SK_ERR_BADFILE);
    assert_non_null(why);
    free(why);
    free(real);
    free(data);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

static void test_truncated_file(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *path = real_workbook(dir, "cut.xlsx");
    size_t len;
    char *data = read_all(path, &len);
    size_t keep[] = { len - 1, len - 22, len / 2, 30, 0 };
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
        write_all(path, data, keep[i]);
        char *why = NULL;
        assert_int_equal(sk_xlsx_verify_file(path, NULL, NULL, &why), SK_ERR_BADFILE);
        assert_non_null(why);
        free(why);
    }
    free(data);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

static void test_empty_member(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *path = sk_asprintf("%s/rong.xlsx", dir);
    basic_zip(path, "", SST, false);
    refused(path, "xl/worksheets/sheet1.xml");
    char *why = NULL;
    sk_xlsx_verify_file(path, NULL, NULL, &why);
    assert_non_null(strstr(why, "rỗng"));
    free(why);
    /* Every member empty, as libxlsxwriter leaves after a full $TMPDIR. */
    member m[] = {
        { "[Content_Types].xml", "" }, { "_rels/.rels", "" }, { "xl/workbook.xml", "" },
        { "xl/worksheets/sheet1.xml", "" },
    };
    make_zip(path, m, sizeof m / sizeof m[0], false);
    refused(path, "[Content_Types].xml");
    free(path);
    tu_rmtree(dir);
    free(dir);
}

static void test_cut_xml(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *path = sk_asprintf("%s/cat.xlsx", dir);
    basic_zip(path, "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v>", SST, false);
    refused(path, "xl/worksheets/sheet1.xml");
    /* A hole in the middle: a tag cut in two. */
    basic_zip(path,
              "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"></sheetData></worksheet>",
              SST, false);
    refused(path, "xl/worksheets/sheet1.xml");
    /* A lost buffer between two strings: well formed, one string short. */
    basic_zip(path, SHEET, "<sst uniqueCount=\"3\"><si><t>Một</t></si><si><t>Hai</t></si></sst>",
              false);
    refused(path, "xl/sharedStrings.xml");
    /* A DOCTYPE is never ours. */
    basic_zip(path, "<!DOCTYPE worksheet [<!ENTITY a \"b\">]><worksheet/>", SST, false);
    refused(path, "xl/worksheets/sheet1.xml");
    free(path);
    tu_rmtree(dir);
    free(dir);
}

static void test_missing_parts_and_not_a_zip(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *path = sk_asprintf("%s/thieu.xlsx", dir);
    member m[] = {
        { "[Content_Types].xml", CT }, { "_rels/.rels", RELS },
        { "xl/worksheets/sheet1.xml", SHEET },
    };
    make_zip(path, m, sizeof m / sizeof m[0], false);
    refused(path, "xl/workbook.xml");
    member nosheet[] = {
        { "[Content_Types].xml", CT }, { "_rels/.rels", RELS }, { "xl/workbook.xml", WB },
    };
    make_zip(path, nosheet, sizeof nosheet / sizeof nosheet[0], false);
    refused(path, "xl/worksheets/");
    write_all(path, "PK\x03\x04 not really", 17);
    refused(path, "cắt cụt");
    char *why = NULL;
    char *none = sk_asprintf("%s/khong-co.xlsx", dir);
    assert_int_equal(sk_xlsx_verify_file(none, NULL, NULL, &why), SK_ERR_IO);
    assert_non_null(why);
    free(why);
    free(none);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

/* The watch of libxlsxwriter's temporary files (xlsx_tmp.h): every XML
 * part of a workbook libxlsxwriter packs is parsed on the second thread
 * and remembered by the size and CRC-32 the zip then records for it. */
static void test_watch_parses_every_part(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *path = sk_asprintf("%s/theo-doi.xlsx", dir);
    sk_xlsx_tmp_watch_begin();
    lxw_workbook *wb = workbook_new(path);   /* shared strings: a <sst> part */
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Một");
    for (lxw_row_t r = 0; r < 3000; r++) {
        char text[64];
        snprintf(text, sizeof text, "Sáng kiến số %u", (unsigned)(r % 700));
        worksheet_write_string(ws, r, 0, text, NULL);
        worksheet_write_number(ws, r, 1, r, NULL);
    }
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    sk_xlsx_tmp_watch_sync();
    unzFile uf = unzOpen64(path);
    assert_non_null(uf);
    int xml = 0;
    bool sst = false;
    for (int rc = unzGoToFirstFile(uf); rc == UNZ_OK; rc = unzGoToNextFile(uf)) {
        char name[256];
        unz_file_info64 fi;
        assert_int_equal(unzGetCurrentFileInfo64(uf, &fi, name, sizeof name, NULL, 0, NULL, 0),
                         UNZ_OK);
        size_t n = strlen(name);
        if (!(n > 4 && strcmp(name + n - 4, ".xml") == 0) &&
            !(n > 5 && strcmp(name + n - 5, ".rels") == 0))
            continue;
        xml++;
        sk_xlsx_part part;
        if (!sk_xlsx_tmp_parsed(fi.uncompressed_size, (uint32_t)fi.crc, &part))
            fail_msg("part %s was not parsed by the watch", name);
        assert_int_equal(part.size, fi.uncompressed_size);
        if (strcmp(name, "xl/sharedStrings.xml") == 0) {
            sst = true;
            assert_true(part.sst);
            assert_int_equal(part.unique_count, 700);
            assert_int_equal(part.si, 700);
        } else {
            assert_false(part.sst);
        }
    }
    unzClose(uf);
    assert_true(sst);
    assert_true(xml >= 8);
    /* The read-back trusts the parts proven and finds the file sound. */
    sk_xlsx_part any;
    assert_true(sk_xlsx_tmp_parsed(0, 0, &any) == false);
    sk_xlsx_tmp_watch_end();
    free(path);
    tu_rmtree(dir);
    free(dir);
}

/* A vouching callback for the tests below: everything, with these counts. */
typedef struct vouch {
    int asked;
    bool sst;
    long long unique, si;
} vouch;

static bool vouch_all(void *arg, unsigned long long size, unsigned long crc, bool *sst,
                      long long *unique_count, long long *si)
{
    vouch *v = arg;
    v->asked++;
    *sst = v->sst;
    *unique_count = v->unique;
    *si = v->si;
    return true;
}

/* What a proven part skips is the parse only: its size and CRC-32 are
 * still checked by inflating it, and the <sst> counts still compared. */
static void test_known_parts_skip_only_the_parse(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *path = sk_asprintf("%s/biet.xlsx", dir);
    /* Not well formed, but vouched for: not parsed again. */
    basic_zip(path, "<worksheet><sheetData><row r=\"1\">", SST, false);
    vouch v = { 0, true, 2, 2 };
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(sk_xlsx_verify_fd_ex(fd, NULL, NULL, vouch_all, &v, NULL), SK_OK);
    assert_int_equal(v.asked, 5);
    /* Without the voucher the same file is refused. */
    assert_int_equal(sk_xlsx_verify_fd_ex(fd, NULL, NULL, NULL, NULL, NULL), SK_ERR_BADFILE);
    close(fd);
    /* A vouched <sst> whose counts disagree is refused. */
    v = (vouch){ 0, true, 3, 2 };
    basic_zip(path, SHEET, SST, false);
    fd = open(path, O_RDONLY);
    char *why = NULL;
    assert_int_equal(sk_xlsx_verify_fd_ex(fd, NULL, NULL, vouch_all, &v, &why), SK_ERR_BADFILE);
    assert_non_null(strstr(why, "xl/sharedStrings.xml"));
    free(why);
    /* A part vouched for as another root is not taken for the <sst>. */
    v = (vouch){ 0, false, -1, 0 };
    assert_int_equal(sk_xlsx_verify_fd_ex(fd, NULL, NULL, vouch_all, &v, NULL), SK_OK);
    close(fd);
    /* A flipped byte in a stored, vouched member: still a CRC error. */
    basic_zip(path, SHEET, SST, true);
    size_t len = 0;
    char *data = read_all(path, &len);
    char *at = memmem(data, len, "MARKER-ZYX", 10);
    assert_non_null(at);
    at[0] = 'N';
    write_all(path, data, len);
    free(data);
    v = (vouch){ 0, true, 2, 2 };
    fd = open(path, O_RDONLY);
    why = NULL;
    assert_int_equal(sk_xlsx_verify_fd_ex(fd, NULL, NULL, vouch_all, &v, &why), SK_ERR_BADFILE);
    assert_non_null(strstr(why, "CRC"));
    free(why);
    close(fd);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

/* A big file is checked by two threads: still the first bad part in
 * directory order is told. */
static void test_big_file_first_bad_part_told(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *path = sk_asprintf("%s/lon.xlsx", dir);
    sk_buf big = SK_BUF_INIT;
    sk_buf_adds(&big, "<worksheet><sheetData>");
    for (int r = 1; big.len < (6u << 20); r++)
        sk_buf_printf(&big, "<row r=\"%d\"><c r=\"A%d\"><v>%d</v></c></row>", r, r, r * 7);
    sk_buf_adds(&big, "</sheetData></worksheet>");
    const char *cut = "<worksheet><sheetData><row r=\"1\">";
    member good[] = {
        { "[Content_Types].xml", CT }, { "_rels/.rels", RELS }, { "xl/workbook.xml", WB },
        { "xl/worksheets/sheet1.xml", sk_buf_str(&big) },
        { "xl/worksheets/sheet2.xml", sk_buf_str(&big) }, { "xl/sharedStrings.xml", SST },
    };
    make_zip(path, good, 6, false);
    assert_int_equal(sk_xlsx_verify_file(path, NULL, NULL, NULL), SK_OK);
    member late[] = {
        { "[Content_Types].xml", CT }, { "_rels/.rels", RELS }, { "xl/workbook.xml", WB },
        { "xl/worksheets/sheet1.xml", sk_buf_str(&big) },
        { "xl/worksheets/sheet2.xml", sk_buf_str(&big) }, { "xl/worksheets/sheet3.xml", cut },
    };
    make_zip(path, late, 6, false);
    refused(path, "xl/worksheets/sheet3.xml");
    member two[] = {
        { "[Content_Types].xml", CT }, { "_rels/.rels", RELS }, { "xl/workbook.xml", WB },
        { "xl/worksheets/sheet1.xml", sk_buf_str(&big) }, { "xl/worksheets/sheet2.xml", cut },
        { "xl/worksheets/sheet3.xml", sk_buf_str(&big) }, { "xl/worksheets/sheet4.xml", cut },
    };
    make_zip(path, two, 7, false);
    refused(path, "xl/worksheets/sheet2.xml");
    sk_buf_free(&big);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

/* The big parts deflated on two cores (xlsx_zip.h): our definitions of
 * minizip's functions are in effect; an entry of many blocks, written in
 * chunks of odd sizes, inflates back byte for byte with its CRC-32, about
 * as small as minizip makes it; one entry of one block and one written
 * with the parallel path off come back too. */
static void write_entry(zipFile zf, const char *name, const unsigned char *data, size_t len,
                        size_t step)
{
    zip_fileinfo zi;
    memset(&zi, 0, sizeof zi);
    assert_int_equal(zipOpenNewFileInZip4_64(zf, name, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED,
                                             Z_DEFAULT_COMPRESSION, 0, -MAX_WBITS, DEF_MEM_LEVEL,
                                             Z_DEFAULT_STRATEGY, NULL, 0, 0, 0, 0),
                     ZIP_OK);
    for (size_t at = 0; at < len; at += step)
        assert_int_equal(zipWriteInFileInZip(zf, data + at,
                                             (unsigned)(len - at < step ? len - at : step)),
                         ZIP_OK);
    assert_int_equal(zipCloseFileInZip(zf), ZIP_OK);
}

static void read_entry(unzFile uf, const char *name, const unsigned char *data, size_t len,
                       unsigned long long *csize)
{
    assert_int_equal(unzLocateFile(uf, name, 1), UNZ_OK);
    unz_file_info64 fi;
    assert_int_equal(unzGetCurrentFileInfo64(uf, &fi, NULL, 0, NULL, 0, NULL, 0), UNZ_OK);
    assert_int_equal(fi.uncompressed_size, len);
    assert_int_equal(fi.crc, crc32(0L, data, (uInt)len));
    assert_int_equal(fi.compression_method, Z_DEFLATED);
    unsigned char *back = sk_malloc(len + 1);
    assert_int_equal(unzOpenCurrentFile(uf), UNZ_OK);
    size_t got = 0;
    int n;
    while ((n = unzReadCurrentFile(uf, back + got, (unsigned)(len + 1 - got))) > 0)
        got += (size_t)n;
    assert_int_equal(n, 0);
    assert_int_equal(unzCloseCurrentFile(uf), UNZ_OK);   /* the CRC is checked here */
    assert_int_equal(got, len);
    assert_memory_equal(back, data, len);
    free(back);
    *csize = fi.compressed_size;
}

static void test_parallel_deflate_round_trip(void **state)
{
    (void)state;
    /* XML-like text of 3 MB: 12 blocks, the last one short. */
    size_t len = 12 * SK_XLSX_ZIP_BLOCK - 12345;
    unsigned char *data = sk_malloc(len);
    unsigned seed = 7;
    for (size_t at = 0; at < len;) {
        char row[160];
        int n = snprintf(row, sizeof row, "<row r=\"%u\"><c r=\"A%u\" t=\"inlineStr\"><is><t>"
                         "Sáng kiến %u</t></is></c><c><v>%u</v></c></row>",
                         (unsigned)at, (unsigned)at, rand_r(&seed) % 5000, rand_r(&seed));
        size_t take = len - at < (size_t)n ? len - at : (size_t)n;
        memcpy(data + at, row, take);
        at += take;
    }
    char *dir = tu_tempdir();
    char *path = sk_asprintf("%s/song-song.zip", dir);
    unsigned long before = sk_xlsx_zip_parallel_entries();
    zipFile zf = zipOpen64(path, APPEND_STATUS_CREATE);
    assert_non_null(zf);
    sk_xlsx_zip_parallel_begin();
    write_entry(zf, "big.xml", data, len, 16384 + 7);
    write_entry(zf, "small.xml", data, 5000, 999);
    write_entry(zf, "empty.xml", data, 0, 1);
    write_entry(zf, "exact.xml", data, SK_XLSX_ZIP_BLOCK, 4096);
    sk_xlsx_zip_parallel_end();
    write_entry(zf, "plain.xml", data, len, 65536);      /* minizip's own deflate */
    assert_int_equal(zipClose(zf, NULL), ZIP_OK);
    /* Only the parts of more than one block went the parallel way. */
    assert_int_equal(sk_xlsx_zip_parallel_entries() - before, 1);

    unzFile uf = unzOpen64(path);
    assert_non_null(uf);
    unsigned long long big = 0, plain = 0, other = 0;
    read_entry(uf, "big.xml", data, len, &big);
    read_entry(uf, "small.xml", data, 5000, &other);
    read_entry(uf, "empty.xml", data, 0, &other);
    read_entry(uf, "exact.xml", data, SK_XLSX_ZIP_BLOCK, &other);
    read_entry(uf, "plain.xml", data, len, &plain);
    unzClose(uf);
    /* Blocks with their dictionary cost a few bytes each, not a ratio. */
    assert_true(big <= plain + plain / 50);
    char *why = NULL;
    assert_int_equal(sk_xlsx_verify_file(path, NULL, NULL, &why), SK_ERR_BADFILE);  /* not a workbook */
    free(why);
    free(data);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

/* A workbook with a sheet of several blocks goes the parallel way and
 * passes the read-back (which inflates every entry against its CRC). */
static void test_parallel_deflate_in_a_workbook(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *path = sk_asprintf("%s/lon.xlsx", dir);
    unsigned long before = sk_xlsx_zip_parallel_entries();
    char *detail = NULL;
    sk_xlsx *x = NULL;
    assert_int_equal(sk_xlsx_open(path, true, &x, &detail), SK_OK);
    lxw_worksheet *ws = sk_xlsx_sheet(x, "Lớn");
    for (lxw_row_t r = 0; r < 20000; r++) {
        char text[80];
        snprintf(text, sizeof text, "Rút ngắn thời gian giải quyết thủ tục số %u", (unsigned)r);
        sk_xlsx_text(x, ws, r, 0, text, SK_XS_TEXT);
        sk_xlsx_number(x, ws, r, 1, r, SK_XS_NUMBER);
    }
    assert_int_equal(sk_xlsx_close(x, &detail), SK_OK);
    assert_true(sk_xlsx_zip_parallel_entries() > before);
    char sha[65];
    long long size = 0;
    assert_int_equal(sk_xlsx_verify_file(path, sha, &size, &detail), SK_OK);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_files_pass),
        cmocka_unit_test(test_parallel_deflate_round_trip),
        cmocka_unit_test(test_parallel_deflate_in_a_workbook),
        cmocka_unit_test(test_watch_parses_every_part),
        cmocka_unit_test(test_known_parts_skip_only_the_parse),
        cmocka_unit_test(test_big_file_first_bad_part_told),
        cmocka_unit_test(test_flipped_byte_is_a_crc_error),
        cmocka_unit_test(test_truncated_file),
        cmocka_unit_test(test_empty_member),
        cmocka_unit_test(test_cut_xml),
        cmocka_unit_test(test_missing_parts_and_not_a_zip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
