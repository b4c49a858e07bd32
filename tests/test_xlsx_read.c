/* xlsx_read: workbooks written by our own writer (shared and inline
 * strings), by openpyxl, and by hand (Strict namespace with x: prefixes,
 * cells without references, rich text with phonetic runs, formulas, date
 * styles, date1904, the 1900 leap-year bug), read back; limits; and the
 * hostile corpus in fixtures/hostile, every file of which must be refused. */
#include "testutil.h"

#include <dirent.h>
#include <minizip/zip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sangkien/mem.h"
#include "sangkien/xlsx.h"
#include "sangkien/xlsx_read.h"

/* ---- Helpers ------------------------------------------------------------ */

typedef struct got_cell {
    uint32_t row, col;
    sk_xcell_type type;
    char *text;
    double number;
    bool formula;
} got_cell;

typedef struct got {
    got_cell *c;
    size_t n;
    size_t stop_after;   /* 0: never stop */
} got;

static int collect(void *arg, const sk_xcell *cell)
{
    got *g = arg;
    assert_int_equal(strlen(cell->text), cell->len);
    g->c = sk_reallocarray(g->c, g->n + 1, sizeof *g->c);
    g->c[g->n++] = (got_cell){ cell->row, cell->col, cell->type, sk_strndup(cell->text, cell->len),
                               cell->number, cell->formula };
    return g->stop_after && g->n >= g->stop_after;
}

static void got_free(got *g)
{
    for (size_t i = 0; i < g->n; i++)
        free(g->c[i].text);
    free(g->c);
    g->c = NULL;
    g->n = 0;
}

/* The cell at row/col (0-based), failing the test when absent. */
static const got_cell *at(const got *g, uint32_t row, uint32_t col)
{
    for (size_t i = 0; i < g->n; i++)
        if (g->c[i].row == row && g->c[i].col == col)
            return &g->c[i];
    fail_msg("no cell at row %u col %u", row, col);
    static got_cell none;   /* not reached: fail_msg does not return */
    return &none;
}

static void expect(const got *g, uint32_t row, uint32_t col, sk_xcell_type type, const char *text)
{
    const got_cell *c = at(g, row, col);
    assert_int_equal(c->type, type);
    assert_string_equal(c->text, text);
}

static void read_all(sk_xreader *r, size_t sheet, got *g)
{
    char *detail = NULL;
    sk_err rc = sk_xreader_read_sheet(r, sheet, collect, g, &detail);
    if (rc)
        fail_msg("read_sheet: %d %s", rc, detail ? detail : "");
    assert_null(detail);
}

static sk_xreader *open_ok(const char *path)
{
    sk_xreader *r = NULL;
    char *detail = NULL;
    sk_err rc = sk_xreader_open(path, NULL, &r, &detail);
    if (rc)
        fail_msg("open %s: %d %s", path, rc, detail ? detail : "");
    assert_null(detail);
    return r;
}

/* A zip of the given parts: names and contents alternate, NULL ends. */
static char *make_zip(const char *dir, const char *name, const char *const *parts)
{
    char *path = sk_asprintf("%s/%s", dir, name);
    zipFile z = zipOpen64(path, APPEND_STATUS_CREATE);
    assert_non_null(z);
    for (size_t i = 0; parts[i]; i += 2) {
        assert_int_equal(zipOpenNewFileInZip64(z, parts[i], NULL, NULL, 0, NULL, 0, NULL,
                                               Z_DEFLATED, Z_DEFAULT_COMPRESSION, 0),
                         ZIP_OK);
        assert_int_equal(zipWriteInFileInZip(z, parts[i + 1], (unsigned)strlen(parts[i + 1])),
                         ZIP_OK);
        assert_int_equal(zipCloseFileInZip(z), ZIP_OK);
    }
    assert_int_equal(zipClose(z, NULL), ZIP_OK);
    return path;
}

#define NS_T "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_S "http://purl.oclc.org/ooxml/spreadsheetml/main"
#define RNS_T "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define RNS_S "http://purl.oclc.org/ooxml/officeDocument/relationships"
#define PKG "http://schemas.openxmlformats.org/package/2006/relationships"
#define DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

static const char content_types[] =
    DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";

/* ---- Cases -------------------------------------------------------------- */

static void test_null_and_defaults(void **state)
{
    (void)state;
    sk_xreader_close(NULL);
    sk_xread_limits l;
    sk_xread_default_limits(&l);
    assert_int_equal(l.max_part_bytes, 64u << 20);
    assert_int_equal(l.max_total_bytes, 256u << 20);
    assert_int_equal(l.max_entries, 10000);
    assert_int_equal(l.max_cell_chars, 32767);
    assert_int_equal(l.max_rows, 1048576);
    assert_int_equal(l.max_cols, 16384);
    assert_int_equal(sk_xreader_nsheets(NULL), 0);
    assert_null(sk_xreader_sheet_name(NULL, 0));
    assert_int_equal(sk_xreader_find_sheet(NULL, "x"), -1);

    sk_xreader *r = (sk_xreader *)1;
    char *detail = NULL;
    assert_int_equal(sk_xreader_open("/nonexistent/dir/x.xlsx", NULL, &r, &detail), SK_ERR_IO);
    assert_null(r);
    assert_non_null(strstr(detail, "x.xlsx"));
    free(detail);
}

static const char nfd_name[] = "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n A";   /* NFD of Nguyễn Văn A */

/* Text, numbers, dates through our own writer; shared strings when
 * constant_memory is off, inline strings when on. */
static void own_writer(bool constant_memory)
{
    char *dir = tu_tempdir();
    char *path = sk_asprintf("%s/own.xlsx", dir);
    sk_xlsx *x = NULL;
    char *detail = NULL;
    assert_int_equal(sk_xlsx_open(path, constant_memory, &x, &detail), SK_OK);
    lxw_worksheet *ws = sk_xlsx_sheet(x, "Tổng hợp sáng kiến");
    sk_xlsx_text(x, ws, 0, 0, "Số hóa hồ sơ", SK_XS_TEXT);
    sk_xlsx_text(x, ws, 0, 1, nfd_name, SK_XS_TEXT);
    sk_xlsx_number(x, ws, 0, 2, 95.5, SK_XS_NUMBER);
    sk_xlsx_date(x, ws, 0, 3, (sk_date){ 2026, 3, 15 }, SK_XS_DATE);
    sk_xlsx_text(x, ws, 1, 0, "_x0041_ nguyên văn", SK_XS_TEXT);
    sk_xlsx_text(x, ws, 1, 1, "=1+1", SK_XS_TEXT);
    sk_xlsx_number(x, ws, 1, 2, -3, SK_XS_INTEGER);
    sk_xlsx_text(x, ws, 1, 3, "dòng 1\ndòng 2", SK_XS_TEXT);
    sk_xlsx_blank(x, ws, 2, 0, SK_XS_TEXT);   /* style only: not a value */
    sk_xlsx_date(x, ws, 3, 0, (sk_date){ 1900, 1, 1 }, SK_XS_DATE);
    sk_xlsx_date(x, ws, 3, 1, (sk_date){ 1900, 3, 1 }, SK_XS_DATE);
    lxw_worksheet *hid = sk_xlsx_sheet(x, "Khóa");
    sk_xlsx_text(x, hid, 0, 0, "khóa-ẩn", SK_XS_ID);
    worksheet_hide(hid);
    assert_int_equal(sk_xlsx_close(x, &detail), SK_OK);

    sk_xreader *r = open_ok(path);
    assert_int_equal(sk_xreader_nsheets(r), 2);
    assert_string_equal(sk_xreader_sheet_name(r, 0), "Tổng hợp sáng kiến");
    assert_false(sk_xreader_sheet_hidden(r, 0));
    assert_string_equal(sk_xreader_sheet_name(r, 1), "Khóa");
    assert_true(sk_xreader_sheet_hidden(r, 1));
    assert_int_equal(sk_xreader_find_sheet(r, "Kho\xcc\x81" "a"), 1);   /* NFD asked */
    assert_int_equal(sk_xreader_find_sheet(r, "Không có"), -1);

    got g = { 0 };
    read_all(r, 0, &g);
    expect(&g, 0, 0, SK_XC_TEXT, "Số hóa hồ sơ");
    expect(&g, 0, 1, SK_XC_TEXT, "Nguyễn Văn A");   /* given NFC */
    expect(&g, 0, 2, SK_XC_NUMBER, "95.5");
    assert_true(at(&g, 0, 2)->number == 95.5);
    expect(&g, 0, 3, SK_XC_DATE, "2026-03-15");
    expect(&g, 1, 0, SK_XC_TEXT, "_x0041_ nguyên văn");
    expect(&g, 1, 1, SK_XC_TEXT, "=1+1");
    assert_false(at(&g, 1, 1)->formula);
    expect(&g, 1, 2, SK_XC_NUMBER, "-3");
    expect(&g, 1, 3, SK_XC_TEXT, "dòng 1\ndòng 2");
    expect(&g, 3, 0, SK_XC_DATE, "1900-01-01");
    expect(&g, 3, 1, SK_XC_DATE, "1900-03-01");
    for (size_t i = 0; i < g.n; i++)
        assert_false(g.c[i].row == 2);
    assert_int_equal(g.n, 10);
    /* A sheet may be read again. */
    got g2 = { 0 };
    read_all(r, 0, &g2);
    assert_int_equal(g2.n, g.n);
    got_free(&g2);
    got_free(&g);
    read_all(r, 1, &g);
    expect(&g, 0, 0, SK_XC_TEXT, "khóa-ẩn");
    got_free(&g);
    assert_true(sk_xreader_bytes_read(r) > 0);
    assert_int_equal(sk_xreader_read_sheet(r, 2, collect, &g, NULL), SK_ERR_INVALID);
    sk_xreader_close(r);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

static void test_own_writer_shared_strings(void **state)
{
    (void)state;
    own_writer(false);
}

static void test_own_writer_inline_strings(void **state)
{
    (void)state;
    own_writer(true);
}

/* A cell of exactly 32,767 characters (the writer's cap) reads back. */
static void test_longest_cell(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *path = sk_asprintf("%s/long.xlsx", dir);
    sk_buf b = SK_BUF_INIT;
    for (int i = 0; i < 32767; i++)
        sk_buf_adds(&b, "ă");
    sk_xlsx *x = NULL;
    assert_int_equal(sk_xlsx_open(path, false, &x, NULL), SK_OK);
    lxw_worksheet *ws = sk_xlsx_sheet(x, "Dài");
    sk_xlsx_text(x, ws, 0, 0, b.data, SK_XS_TEXT);
    assert_int_equal(sk_xlsx_close(x, NULL), SK_OK);
    sk_xreader *r = open_ok(path);
    got g = { 0 };
    read_all(r, 0, &g);
    assert_string_equal(at(&g, 0, 0)->text, b.data);
    got_free(&g);
    sk_xreader_close(r);
    sk_buf_free(&b);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

static bool have_openpyxl(void)
{
    return system("/usr/bin/python3 -c 'import openpyxl' 2>/dev/null") == 0;
}

static void test_openpyxl(void **state)
{
    (void)state;
    if (!have_openpyxl()) {
        skip();
        return;
    }
    char *dir = tu_tempdir();
    char *script = sk_asprintf(
        "import datetime, openpyxl, sys\n"
        "for epoch in ('1900', '1904'):\n"
        "    wb = openpyxl.Workbook()\n"
        "    if epoch == '1904':\n"
        "        from openpyxl.utils.datetime import CALENDAR_MAC_1904\n"
        "        wb.epoch = CALENDAR_MAC_1904\n"
        "    ws = wb.active\n"
        "    ws.title = 'Đơn vị'\n"
        "    ws['A1'] = 'Phòng Văn hóa - Xã hội'\n"
        "    ws['B1'] = 'Nguye\\u0302\\u0303n'\n"
        "    ws['C1'] = 42\n"
        "    ws['D1'] = 3.25\n"
        "    ws['A2'] = datetime.date(2026, 3, 15)\n"
        "    ws['B2'] = datetime.datetime(2026, 3, 15, 14, 30, 5)\n"
        "    ws['C2'] = True\n"
        "    ws['D2'] = False\n"
        "    ws['A3'] = 1e-3\n"
        "    h = wb.create_sheet('Ẩn')\n"
        "    h.sheet_state = 'hidden'\n"
        "    h['A1'] = 'x'\n"
        "    wb.save(sys.argv[1] + '/py' + epoch + '.xlsx')\n");
    char *sp = tu_write_file(dir, "make.py", script);
    char *cmd = sk_asprintf("/usr/bin/python3 %s %s", sp, dir);
    assert_int_equal(system(cmd), 0);
    const char *files[] = { "py1900.xlsx", "py1904.xlsx" };
    for (int f = 0; f < 2; f++) {
        char *path = sk_asprintf("%s/%s", dir, files[f]);
        sk_xreader *r = open_ok(path);
        assert_int_equal(sk_xreader_nsheets(r), 2);
        assert_string_equal(sk_xreader_sheet_name(r, 0), "Đơn vị");
        assert_true(sk_xreader_sheet_hidden(r, 1));
        assert_int_equal(sk_xreader_find_sheet(r, "Ẩn"), 1);
        got g = { 0 };
        read_all(r, 0, &g);
        expect(&g, 0, 0, SK_XC_TEXT, "Phòng Văn hóa - Xã hội");
        expect(&g, 0, 1, SK_XC_TEXT, "Nguyễn");
        expect(&g, 0, 2, SK_XC_NUMBER, "42");
        expect(&g, 0, 3, SK_XC_NUMBER, "3.25");
        expect(&g, 1, 0, SK_XC_DATE, "2026-03-15");
        expect(&g, 1, 1, SK_XC_DATE, "2026-03-15T14:30:05");
        expect(&g, 1, 2, SK_XC_BOOL, "1");
        expect(&g, 1, 3, SK_XC_BOOL, "0");
        assert_int_equal(at(&g, 2, 0)->type, SK_XC_NUMBER);
        assert_true(at(&g, 2, 0)->number == 1e-3);
        got_free(&g);
        sk_xreader_close(r);
        free(path);
    }
    free(cmd);
    free(sp);
    free(script);
    tu_rmtree(dir);
    free(dir);
}

/* Strict namespace, x: prefixes, cells and rows without r, rich text with
 * a phonetic run, formulas, booleans, errors, custom date formats,
 * date1904="true", absolute relationship targets, a chart sheet. */
static void test_hand_made_strict(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    const char *parts[] = {
        "[Content_Types].xml", content_types,
        "xl/workbook.xml",
        DECL "<x:workbook xmlns:x=\"" NS_S "\" xmlns:r=\"" RNS_S "\">"
        "<x:workbookPr date1904=\"true\"/><x:sheets>"
        "<x:sheet name=\"Bi\xe1\xbb\x83u\" sheetId=\"1\" r:id=\"rId1\"/>"
        "<x:sheet name=\"Chart\" sheetId=\"2\" r:id=\"rId2\"/>"
        "<x:sheet name=\"Hai\" sheetId=\"3\" state=\"veryHidden\" r:id=\"rId3\"/>"
        "</x:sheets></x:workbook>",
        "xl/_rels/workbook.xml.rels",
        DECL "<Relationships xmlns=\"" PKG "\">"
        "<Relationship Id=\"rId1\" Type=\"" RNS_S "/worksheet\" Target=\"/xl/worksheets/a.xml\"/>"
        "<Relationship Id=\"rId2\" Type=\"" RNS_S "/chartsheet\" Target=\"chartsheets/c.xml\"/>"
        "<Relationship Id=\"rId3\" Type=\"" RNS_S "/worksheet\" Target=\"./worksheets/../worksheets/b.xml\"/>"
        "<Relationship Id=\"rId4\" Type=\"" RNS_S "/sharedStrings\" Target=\"strings.xml\"/>"
        "<Relationship Id=\"rId5\" Type=\"" RNS_S "/styles\" Target=\"/xl/st.xml\"/>"
        "</Relationships>",
        "xl/st.xml",
        DECL "<x:styleSheet xmlns:x=\"" NS_S "\"><x:numFmts>"
        "<x:numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
        "<x:numFmt numFmtId=\"165\" formatCode=\"[h]:ss\"/>"
        "<x:numFmt numFmtId=\"166\" formatCode=\"&quot;day &quot;0\"/>"
        "<x:numFmt numFmtId=\"14\" formatCode=\"0.00\"/>"
        "</x:numFmts><x:cellStyleXfs><x:xf numFmtId=\"14\"/></x:cellStyleXfs><x:cellXfs>"
        "<x:xf numFmtId=\"0\"/><x:xf numFmtId=\"164\"/><x:xf numFmtId=\"165\"/>"
        "<x:xf numFmtId=\"166\"/><x:xf numFmtId=\"14\"/><x:xf numFmtId=\"22\"/>"
        "</x:cellXfs></x:styleSheet>",
        "xl/strings.xml",
        DECL "<sst xmlns=\"" NS_S "\"><si><t>plain</t></si>"
        "<si><r><t>Sáng </t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">kiến</t></r>"
        "<rPh sb=\"0\" eb=\"1\"><t>フリガナ</t></rPh></si>"
        "<si><t>_x005F_x0041_ and _x0041_ and _x000a_</t></si>"
        "<si><t>A_xD83D__xDE00_</t></si></sst>",
        "xl/worksheets/a.xml",
        DECL "<x:worksheet xmlns:x=\"" NS_S "\"><x:sheetData>"
        "<x:row><x:c t=\"s\"><x:v>0</x:v></x:c><x:c t=\"s\"><x:v>1</x:v></x:c>"
        "<x:c r=\"E1\" t=\"s\"><x:v>2</x:v></x:c><x:c t=\"s\"><x:v>3</x:v></x:c></x:row>"
        "<x:row><x:c s=\"1\"><x:v>0</x:v></x:c><x:c s=\"2\"><x:v>1.5</x:v></x:c>"
        "<x:c s=\"3\"><x:v>7</x:v></x:c><x:c s=\"4\"><x:v>7</x:v></x:c>"
        "<x:c s=\"5\"><x:v>0.5</x:v></x:c><x:c s=\"99\"><x:v>8</x:v></x:c></x:row>"
        "<x:row r=\"5\"><x:c t=\"str\"><x:f>A1&amp;\"x\"</x:f><x:v>plainx</x:v></x:c>"
        "<x:c><x:f>1+1</x:f><x:v>5</x:v></x:c>"
        "<x:c t=\"b\"><x:v>1</x:v></x:c><x:c t=\"e\"><x:v>#N/A</x:v></x:c>"
        "<x:c t=\"e\"><x:f>1/0</x:f><x:v>#DIV/0!</x:v></x:c>"
        "<x:c><x:f>NOW()</x:f></x:c>"
        "<x:c t=\"inlineStr\"><x:is><x:r><x:t>in</x:t></x:r><x:r><x:t>line</x:t></x:r>"
        "<x:rPh><x:t>no</x:t></x:rPh></x:is></x:c>"
        "<x:c t=\"d\"><x:v>2026-03-15T08:00:00</x:v></x:c></x:row>"
        "<x:row><x:c s=\"1\"/><x:c t=\"n\"><x:v>1E-3</x:v></x:c></x:row>"
        "</x:sheetData></x:worksheet>",
        "xl/worksheets/b.xml",
        DECL "<worksheet xmlns=\"" NS_S "\"><sheetData><row r=\"2\"><c r=\"B2\"><v>1</v></c>"
        "</row></sheetData></worksheet>",
        NULL,
    };
    char *path = make_zip(dir, "strict.xlsx", parts);
    sk_xreader *r = open_ok(path);
    assert_int_equal(sk_xreader_nsheets(r), 2);   /* the chart sheet is not listed */
    assert_string_equal(sk_xreader_sheet_name(r, 0), "Biểu");
    assert_string_equal(sk_xreader_sheet_name(r, 1), "Hai");
    assert_true(sk_xreader_sheet_hidden(r, 1));
    got g = { 0 };
    read_all(r, 0, &g);
    expect(&g, 0, 0, SK_XC_TEXT, "plain");
    expect(&g, 0, 1, SK_XC_TEXT, "Sáng kiến");          /* runs joined, rPh skipped */
    expect(&g, 0, 4, SK_XC_TEXT, "_x0041_ and A and \n"); /* _x005F_ escapes */
    expect(&g, 0, 5, SK_XC_TEXT, "A\xf0\x9f\x98\x80");   /* surrogate pair */
    /* date1904: serial 0 is 1904-01-01. */
    expect(&g, 1, 0, SK_XC_DATE, "1904-01-01");
    assert_true(at(&g, 1, 0)->number == 0);
    expect(&g, 1, 1, SK_XC_NUMBER, "1.5");              /* [h]:ss is a duration */
    expect(&g, 1, 2, SK_XC_NUMBER, "7");                /* "day "0: quoted d */
    expect(&g, 1, 3, SK_XC_NUMBER, "7");                /* id 14 redefined as 0.00 */
    expect(&g, 1, 4, SK_XC_DATE, "1904-01-01T12:00:00");
    expect(&g, 1, 5, SK_XC_NUMBER, "8");                /* style out of range */
    expect(&g, 4, 0, SK_XC_TEXT, "plainx");
    assert_true(at(&g, 4, 0)->formula);
    expect(&g, 4, 1, SK_XC_NUMBER, "5");                 /* cached, never evaluated */
    assert_true(at(&g, 4, 1)->formula);
    expect(&g, 4, 2, SK_XC_BOOL, "1");
    expect(&g, 4, 3, SK_XC_ERROR, "#N/A");
    assert_false(at(&g, 4, 3)->formula);
    expect(&g, 4, 4, SK_XC_ERROR, "#DIV/0!");
    assert_true(at(&g, 4, 4)->formula);
    expect(&g, 4, 6, SK_XC_TEXT, "inline");
    expect(&g, 4, 7, SK_XC_DATE, "2026-03-15T08:00:00");
    expect(&g, 5, 1, SK_XC_NUMBER, "1E-3");
    /* NOW() without a cached value is empty text flagged as a formula;
     * the style-only cell gives nothing. */
    expect(&g, 4, 5, SK_XC_TEXT, "");
    assert_true(at(&g, 4, 5)->formula);
    for (size_t i = 0; i < g.n; i++)
        assert_false(g.c[i].row == 5 && g.c[i].col == 0);
    assert_int_equal(g.n, 19);
    got_free(&g);
    read_all(r, 1, &g);
    assert_int_equal(g.n, 1);
    expect(&g, 1, 1, SK_XC_NUMBER, "1");
    got_free(&g);
    sk_xreader_close(r);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

/* 1900 system: serial 1 is 1900-01-01, 59 is 28 February, 60 is the 29th
 * that never was, 61 is 1 March; workbook without shared strings or styles
 * but with built-in date id 14 from the writer's own styles. */
static void test_leap_bug_and_no_sst(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    const char *parts[] = {
        "xl/workbook.xml",
        DECL "<workbook xmlns=\"" NS_T "\" xmlns:r=\"" RNS_T "\"><workbookPr date1904=\"0\"/>"
        "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        "xl/_rels/workbook.xml.rels",
        DECL "<Relationships xmlns=\"" PKG "\"><Relationship Id=\"rId1\" Type=\"" RNS_T
        "/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
        "xl/styles.xml",
        DECL "<styleSheet xmlns=\"" NS_T "\"><cellXfs><xf/><xf numFmtId=\"14\"/>"
        "<xf numFmtId=\"47\"/></cellXfs></styleSheet>",
        "xl/worksheets/sheet1.xml",
        DECL "<worksheet xmlns=\"" NS_T "\"><sheetData><row r=\"1\">"
        "<c r=\"A1\" s=\"1\"><v>1</v></c><c r=\"B1\" s=\"1\"><v>59</v></c>"
        "<c r=\"C1\" s=\"1\"><v>60</v></c><c r=\"D1\" s=\"1\"><v>61</v></c>"
        "<c r=\"E1\" s=\"1\"><v>46096</v></c><c r=\"F1\" s=\"1\"><v>-1</v></c>"
        "<c r=\"G1\" s=\"2\"><v>0.999999999</v></c>"
        "<c r=\"H1\" s=\"1\"><v>2958465</v></c><c r=\"I1\" s=\"1\"><v>2958466</v></c>"
        "</row></sheetData></worksheet>",
        NULL,
    };
    char *path = make_zip(dir, "leap.xlsx", parts);
    sk_xreader *r = open_ok(path);
    got g = { 0 };
    read_all(r, 0, &g);
    expect(&g, 0, 0, SK_XC_DATE, "1900-01-01");
    expect(&g, 0, 1, SK_XC_DATE, "1900-02-28");
    expect(&g, 0, 2, SK_XC_DATE, "1900-02-28");
    expect(&g, 0, 3, SK_XC_DATE, "1900-03-01");
    expect(&g, 0, 4, SK_XC_DATE, "2026-03-15");
    expect(&g, 0, 5, SK_XC_NUMBER, "-1");        /* no date Excel could show */
    expect(&g, 0, 6, SK_XC_DATE, "1900-01-01");  /* rounds up to the next day */
    expect(&g, 0, 7, SK_XC_DATE, "9999-12-31");
    expect(&g, 0, 8, SK_XC_NUMBER, "2958466");
    got_free(&g);
    sk_xreader_close(r);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

static void test_stop_early_and_mem(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *path = sk_asprintf("%s/rows.xlsx", dir);
    sk_xlsx *x = NULL;
    assert_int_equal(sk_xlsx_open(path, true, &x, NULL), SK_OK);
    lxw_worksheet *ws = sk_xlsx_sheet(x, "Hàng");
    for (int i = 0; i < 1000; i++) {
        sk_xlsx_number(x, ws, (lxw_row_t)i, 0, i, SK_XS_INTEGER);
        sk_xlsx_text(x, ws, (lxw_row_t)i, 1, "sáng kiến", SK_XS_TEXT);
    }
    assert_int_equal(sk_xlsx_close(x, NULL), SK_OK);

    sk_xreader *r = open_ok(path);
    got g = { .stop_after = 5 };
    read_all(r, 0, &g);
    assert_int_equal(g.n, 5);
    got_free(&g);
    g.stop_after = 0;
    read_all(r, 0, &g);
    assert_int_equal(g.n, 2000);
    expect(&g, 999, 0, SK_XC_NUMBER, "999");
    expect(&g, 999, 1, SK_XC_TEXT, "sáng kiến");
    got_free(&g);
    sk_xreader_close(r);

    /* The same bytes from memory read the same. */
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    rewind(f);
    char *data = sk_malloc((size_t)len);
    assert_int_equal(fread(data, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    char *detail = NULL;
    assert_int_equal(sk_xreader_open_mem(data, (size_t)len, "rows.xlsx", NULL, &r, &detail),
                     SK_OK);
    read_all(r, 0, &g);
    assert_int_equal(g.n, 2000);
    got_free(&g);
    sk_xreader_close(r);
    assert_int_equal(sk_xreader_open_mem(data, (size_t)len / 2, "half.xlsx", NULL, &r, &detail),
                     SK_ERR_BADFILE);
    assert_non_null(strstr(detail, "half.xlsx"));
    free(detail);
    free(data);

    /* Lowered limits: rows and inflated bytes. */
    sk_xread_limits lim;
    sk_xread_default_limits(&lim);
    lim.max_rows = 10;
    assert_int_equal(sk_xreader_open(path, &lim, &r, &detail), SK_OK);
    assert_int_equal(sk_xreader_read_sheet(r, 0, collect, &g, &detail), SK_ERR_BADFILE);
    assert_non_null(strstr(detail, "hơn 10 hàng"));
    assert_non_null(strstr(detail, "«Hàng»"));
    free(detail);
    got_free(&g);
    sk_xreader_close(r);
    sk_xread_default_limits(&lim);
    /* Above styles.xml (about 11 kB with the answer styles of xlsx.h),
     * below the sheet of 2,000 rows. */
    lim.max_part_bytes = 16000;
    assert_int_equal(sk_xreader_open(path, &lim, &r, &detail), SK_OK);
    assert_int_equal(sk_xreader_read_sheet(r, 0, collect, &g, &detail), SK_ERR_BADFILE);
    assert_non_null(strstr(detail, "bom nén"));
    free(detail);
    got_free(&g);
    sk_xreader_close(r);
    sk_xread_default_limits(&lim);
    lim.max_entries = 3;
    assert_int_equal(sk_xreader_open(path, &lim, &r, &detail), SK_ERR_BADFILE);
    assert_null(r);
    free(detail);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

/* A formula is never evaluated: a file whose cached value disagrees with
 * its formula gives the cached value, flagged; a formula with no cached
 * value gives empty text, flagged, never an evaluation. */
static void test_formula_not_evaluated(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    const char *parts[] = {
        "xl/workbook.xml",
        DECL "<workbook xmlns=\"" NS_T "\" xmlns:r=\"" RNS_T "\">"
        "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        "xl/_rels/workbook.xml.rels",
        DECL "<Relationships xmlns=\"" PKG "\"><Relationship Id=\"rId1\" Type=\"" RNS_T
        "/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
        "xl/worksheets/sheet1.xml",
        DECL "<worksheet xmlns=\"" NS_T "\"><sheetData><row r=\"1\">"
        "<c r=\"A1\"><f>1+1</f><v>3</v></c>"
        "<c r=\"B1\" t=\"str\"><f>WEBSERVICE(\"http://example.com/\")</f><v>cached</v></c>"
        "<c r=\"C1\"><f>HYPERLINK(\"http://x\")</f></c>"
        "<c r=\"D1\" t=\"inlineStr\"><is><t>=cmd|' /C calc'!A0</t></is></c>"
        "<c r=\"E1\" t=\"inlineStr\"><is><t>\xc3\x90o\xc3\xa0n</t></is></c>"
        "</row></sheetData></worksheet>",
        NULL,
    };
    char *path = make_zip(dir, "formula.xlsx", parts);
    sk_xreader *r = open_ok(path);
    got g = { 0 };
    read_all(r, 0, &g);
    assert_int_equal(g.n, 5);
    expect(&g, 0, 2, SK_XC_TEXT, "");
    assert_true(at(&g, 0, 2)->formula);
    expect(&g, 0, 0, SK_XC_NUMBER, "3");
    expect(&g, 0, 4, SK_XC_TEXT, "Đoàn");   /* U+00D0 lookalike mapped, not the fast path */
    assert_true(at(&g, 0, 0)->formula);
    expect(&g, 0, 1, SK_XC_TEXT, "cached");
    assert_true(at(&g, 0, 1)->formula);
    expect(&g, 0, 3, SK_XC_TEXT, "=cmd|' /C calc'!A0");   /* text, not a formula */
    assert_false(at(&g, 0, 3)->formula);
    got_free(&g);
    sk_xreader_close(r);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

/* One tag of megabytes (here spaces inside <row ...>, which deflate to
 * nothing) is refused before expat's rescans of the unfinished token make
 * reading quadratic, even when the ratio cap is lifted. */
static void test_huge_tag(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    sk_buf b = SK_BUF_INIT;
    sk_buf_adds(&b, DECL "<worksheet xmlns=\"" NS_T "\"><sheetData><row r=\"1\"");
    for (int i = 0; i < 6 * 1024; i++)
        sk_buf_add(&b, "                                                                "
                       "                                                                "
                       "                                                                "
                       "                                                                "
                       "                                                                "
                       "                                                                "
                       "                                                                "
                       "                                                                "
                       "                                                                "
                       "                                                                "
                       "                                                                "
                       "                                                                "
                       "                                                                "
                       "                                                                "
                       "                                                                "
                       "                                                                ",
                   1024);
    sk_buf_adds(&b, "/></sheetData></worksheet>");
    const char *parts[] = {
        "xl/workbook.xml",
        DECL "<workbook xmlns=\"" NS_T "\" xmlns:r=\"" RNS_T "\">"
        "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        "xl/_rels/workbook.xml.rels",
        DECL "<Relationships xmlns=\"" PKG "\"><Relationship Id=\"rId1\" Type=\"" RNS_T
        "/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
        "xl/worksheets/sheet1.xml", b.data,
        NULL,
    };
    char *path = make_zip(dir, "tag.xlsx", parts);
    sk_xread_limits lim;
    sk_xread_default_limits(&lim);
    lim.max_ratio = 1000000;
    sk_xreader *r = NULL;
    char *detail = NULL;
    assert_int_equal(sk_xreader_open(path, &lim, &r, &detail), SK_OK);
    got g = { 0 };
    assert_int_equal(sk_xreader_read_sheet(r, 0, collect, &g, &detail), SK_ERR_BADFILE);
    assert_non_null(strstr(detail, "thẻ XML dài bất thường"));
    free(detail);
    sk_xreader_close(r);
    sk_buf_free(&b);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

/* Every file in fixtures/hostile is refused, at open or when a sheet is
 * read, with SK_ERR_BADFILE and a message naming the file. */
static void test_hostile_corpus(void **state)
{
    (void)state;
    char *hdir = sk_asprintf("%s/hostile", tu_fixtures_dir());
    DIR *d = opendir(hdir);
    assert_non_null(d);
    struct dirent *de;
    size_t files = 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.' || strcmp(de->d_name, "README.md") == 0)
            continue;
        char *path = sk_asprintf("%s/%s", hdir, de->d_name);
        sk_xreader *r = NULL;
        char *detail = NULL;
        sk_err rc = sk_xreader_open(path, NULL, &r, &detail);
        for (size_t i = 0; rc == SK_OK && i < sk_xreader_nsheets(r); i++) {
            got g = { 0 };
            rc = sk_xreader_read_sheet(r, i, collect, &g, &detail);
            got_free(&g);
        }
        if (rc != SK_ERR_BADFILE)
            fail_msg("%s: not refused (%d)", de->d_name, rc);
        assert_non_null(detail);
        assert_non_null(strstr(detail, de->d_name));
        assert_non_null(strstr(detail, "bị từ chối"));
        print_message("# %s: %s\n", de->d_name, detail);
        free(detail);
        sk_xreader_close(r);
        free(path);
        files++;
    }
    closedir(d);
    assert_true(files >= 25);
    free(hdir);
}

/* The specific reasons for a few hostile files, so a refusal for the wrong
 * reason (a parse error instead of the DOCTYPE check) is noticed. */
static void refused_for(const char *file, const char *why)
{
    char *path = sk_asprintf("%s/hostile/%s", tu_fixtures_dir(), file);
    sk_xreader *r = NULL;
    char *detail = NULL;
    sk_err rc = sk_xreader_open(path, NULL, &r, &detail);
    for (size_t i = 0; rc == SK_OK && i < sk_xreader_nsheets(r); i++) {
        got g = { 0 };
        rc = sk_xreader_read_sheet(r, i, collect, &g, &detail);
        got_free(&g);
    }
    assert_int_equal(rc, SK_ERR_BADFILE);
    if (!strstr(detail, why))
        fail_msg("%s: «%s» lacks «%s»", file, detail, why);
    free(detail);
    sk_xreader_close(r);
    free(path);
}

static void test_hostile_reasons(void **state)
{
    (void)state;
    refused_for("doctype-workbook.xlsx", "phần xl/workbook.xml có khai báo DOCTYPE");
    refused_for("doctype-sheet.xlsx",
                "phần xl/worksheets/sheet1.xml (trang tính «Trang 1») có khai báo DOCTYPE");
    refused_for("doctype-sharedstrings.xlsx", "phần xl/sharedStrings.xml có khai báo DOCTYPE");
    refused_for("billion-laughs.xlsx", "DOCTYPE");
    refused_for("external-entity.xlsx", "DOCTYPE");
    refused_for("zip-bomb.xlsx", "bom nén");
    refused_for("too-many-entries.xlsx", "quá giới hạn 10000 mục");
    refused_for("path-traversal.xlsx", "«..»");
    refused_for("absolute-path.xlsx", "đường dẫn tuyệt đối");
    refused_for("macro.xlsm", "macro");
    refused_for("external-links.xlsx", "liên kết ngoài");
    refused_for("truncated.xlsx", "cắt cụt");
    refused_for("bad-crc.xlsx", "CRC");
    refused_for("long-cell.xlsx", "dài hơn 32767 ký tự");
    refused_for("long-shared-string.xlsx", "dài hơn 32767 ký tự");
    refused_for("many-sheets.xlsx", "hơn 1000 trang tính");
    refused_for("deep-nesting.xlsx", "lồng phần tử quá sâu");
    refused_for("not-a-zip.xlsx", "không phải bảng tính Excel (.xlsx)");
    refused_for("ods-renamed.xlsx", "OpenDocument");
    refused_for("no-workbook.xlsx", "không phải bảng tính Excel (.xlsx)");
    refused_for("word.docx", "Word");
    refused_for("xls-renamed.xlsx", ".xls");
    refused_for("lone-surrogate-escape.xlsx", "_xHHHH_");
    refused_for("duplicate-workbook.xlsx", "hai mục cùng tên");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_null_and_defaults),
        cmocka_unit_test(test_own_writer_shared_strings),
        cmocka_unit_test(test_own_writer_inline_strings),
        cmocka_unit_test(test_longest_cell),
        cmocka_unit_test(test_openpyxl),
        cmocka_unit_test(test_hand_made_strict),
        cmocka_unit_test(test_leap_bug_and_no_sst),
        cmocka_unit_test(test_stop_early_and_mem),
        cmocka_unit_test(test_formula_not_evaluated),
        cmocka_unit_test(test_huge_tag),
        cmocka_unit_test(test_hostile_corpus),
        cmocka_unit_test(test_hostile_reasons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
