/* The fast well-formedness check of the parts we write (xml_wf.h): it
 * judges the corner of XML libxlsxwriter writes, at any chunking, and
 * never calls well formed what expat refuses. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "sangkien/mem.h"
#include "src/core/workbook/xml_wf.h"

/* A sheet as libxlsxwriter writes one, with every escape it uses. */
static const char sheet[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<dimension ref=\"A1:C3\"/><sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\"/>"
    "</sheetViews><sheetFormatPr defaultRowHeight=\"15\"/><cols><col min=\"1\" max=\"1\" "
    "width=\"20.7109375\" customWidth=\"1\"/></cols><sheetData>"
    "<row r=\"1\" spans=\"1:3\" ht=\"45\" customHeight=\"1\"><c r=\"A1\" s=\"9\" t=\"inlineStr\">"
    "<is><t>00000000-0000-4000-8000-000000004602</t></is></c><c r=\"B1\" s=\"7\"><v>90</v></c>"
    "<c r=\"C1\" s=\"1\" t=\"inlineStr\"><is><t xml:space=\"preserve\"> Rút ngắn thời gian "
    "&amp; chi phí &lt;hồ sơ&gt; &quot;một cửa&quot; ]] ] &apos; &#233;&#x1F600; 😀\tđ\r\n"
    "</t></is></c></row>"
    "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>a]b]]c</t></is></c></row>"
    "</sheetData><pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" "
    "header=\"0.3\" footer=\"0.3\"/><headerFooter><oddFooter>&amp;P / &amp;N</oddFooter>"
    "</headerFooter><legacy r:id=\"x]]>y\" o='single \"quoted\"'/></worksheet>\n";

/* The check over doc cut in chunks of size step (0: one chunk). */
static sk_xwf_result fast(const char *doc, size_t len, size_t step)
{
    sk_xwf *w = sk_xwf_new();
    sk_xwf_result r = SK_XWF_MORE;
    size_t at = 0;
    if (step)
        while (r == SK_XWF_MORE && len - at > step) {
            r = sk_xwf_feed(w, doc + at, step, false);
            at += step;
        }
    if (r == SK_XWF_MORE)
        r = sk_xwf_feed(w, doc + at, len - at, true);
    sk_xwf_free(w);
    return r;
}

static bool expat_ok(const char *doc, size_t len)
{
    XML_Parser p = XML_ParserCreate(NULL);
    XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
    bool ok = XML_Parse(p, doc, (int)len, XML_TRUE) == XML_STATUS_OK;
    XML_ParserFree(p);
    return ok;
}

static void sheet_at_every_chunking(void **state)
{
    size_t len = strlen(sheet);
    assert_true(expat_ok(sheet, len));
    for (size_t step = 0; step <= len; step++)
        assert_int_equal(fast(sheet, len, step), SK_XWF_OK);
    sk_xwf *w = sk_xwf_new();
    assert_int_equal(sk_xwf_feed(w, sheet, 400, false), SK_XWF_MORE);
    assert_string_equal(sk_xwf_root(w), "worksheet");
    sk_xwf_free(w);
}

static void assert_judged(const char *body, sk_xwf_result want)
{
    char *doc = sk_asprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>%s", body);
    size_t len = strlen(doc);
    for (size_t step = 0; step < 9; step++) {
        sk_xwf_result got = fast(doc, len, step);
        if (got != want)
            fail_msg("«%s» in chunks of %zu: %d, expected %d", body, step, got, want);
    }
    if (want == SK_XWF_OK)
        assert_true(expat_ok(doc, len));
    free(doc);
}

static void inside_the_corner(void **state)
{
    assert_judged("<a/>", SK_XWF_OK);
    assert_judged("\n<a b='1' c=\"2\" >x</a >\n", SK_XWF_OK);
    assert_judged("<a>&#x10FFFF;&#65;&#xD7FF;&#xE000;</a>", SK_XWF_OK);
    assert_judged("<a b=\"]]>\"/>", SK_XWF_OK);
    assert_judged("<a>\xf0\x9f\x98\x80 \xef\xbf\xbd \x7f</a>", SK_XWF_OK);
    assert_judged("<x:a x:b=\"1\" b=\"2\"><x:c/></x:a>", SK_XWF_OK);
}

static void not_well_formed_or_outside(void **state)
{
    const char *unsure[] = {
        "<a><!-- c --></a>", "<a><![CDATA[x]]></a>", "<!DOCTYPE a><a/>", "<a><?pi x?></a>",
        "<\xc3\xa1/>", "<a/><b/>", "<a></b>", "<a><b></a></b>", "<a b=\"1\" b=\"2\"/>",
        "<a>&foo;</a>", "<a>&#0;</a>", "<a>&#xD800;</a>", "<a>&#x110000;</a>", "<a>&#;</a>",
        "<a>&amp</a>", "<a>\x01</a>", "<a>\xc0\xaf</a>", "<a>\xed\xa0\x80</a>",
        "<a>\xef\xbf\xbe</a>", "<a>\xf4\x90\x80\x80</a>", "<a>\x80</a>", "<a>]]></a>",
        "<a b=\"<\"/>", "<a b=1/>", "<a b=\"1\"c=\"2\"/>", "<a", "<a>", "", "x<a/>",
        "<a/>x", "<a b=\"\x01\"/>", "< a/>", "<a/ >", "</a>", "<a>&#x;</a>", "<a>\xc3</a>",
    };
    for (size_t i = 0; i < sizeof unsure / sizeof unsure[0]; i++)
        assert_judged(unsure[i], SK_XWF_UNSURE);
    /* Other declarations are left to expat. */
    assert_int_equal(fast("<?xml version='1.0'?><a/>", 25, 0), SK_XWF_UNSURE);
    assert_int_equal(fast("<a/>", 4, 0), SK_XWF_UNSURE);
}

/* Damage the sheet thousands of ways; whatever the check calls well formed,
 * expat must too. */
static void never_looser_than_expat(void **state)
{
    static const char *const bits[] = { "<", ">", "&", ";", "]]>", "\"", "'", "/", "=",
                                         "\x01", "\xff", "\xc3", "\xed\xa0\x80", "&#0;",
                                         "&lt;", "<b>", "</t>", " s=\"1\"", "<!--", "\n" };
    size_t len = strlen(sheet);
    unsigned seed = 17;
    unsigned long judged = 0, runs = getenv("SK_XWF_RUNS") ? strtoul(getenv("SK_XWF_RUNS"), NULL, 10) : 20000;
    char *doc = sk_malloc(len + 64);
    for (unsigned long k = 0; k < runs; k++) {
        memcpy(doc, sheet, len + 1);
        size_t n = len;
        int edits = 1 + (int)(rand_r(&seed) % 3);
        for (int e = 0; e < edits; e++) {
            if (n == 0)
                break;
            size_t at = (size_t)rand_r(&seed) % n;
            switch (rand_r(&seed) % 4) {
            case 0:                               /* a byte changed */
                doc[at] = (char)(rand_r(&seed) & 0xFF);
                break;
            case 1:                               /* a byte gone */
                memmove(doc + at, doc + at + 1, n - at);
                n--;
                break;
            case 2: {                             /* a piece put in */
                const char *b = bits[rand_r(&seed) % (sizeof bits / sizeof bits[0])];
                size_t bl = strlen(b);
                if (n + bl < len + 60) {
                    memmove(doc + at + bl, doc + at, n - at + 1);
                    memcpy(doc + at, b, bl);
                    n += bl;
                }
                break;
            }
            default:                              /* cut short */
                n = at;
                doc[n] = '\0';
                break;
            }
        }
        size_t step = (size_t)(rand_r(&seed) % 40);
        if (fast(doc, n, step) == SK_XWF_OK) {
            judged++;
            if (!expat_ok(doc, n))
                fail_msg("the check passed what expat refuses (run %lu, chunks of %zu):\n%.*s",
                         k, step, (int)n, doc);
        }
    }
    free(doc);
    /* Damage that keeps a document well formed (a letter changed in a
     * text) must still be judged: the check is not simply refusing. */
    assert_true(judged > runs / 20);
    print_message("%lu of %lu damaged sheets judged well formed, expat agreeing\n", judged, runs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sheet_at_every_chunking),
        cmocka_unit_test(inside_the_corner),
        cmocka_unit_test(not_well_formed_or_outside),
        cmocka_unit_test(never_looser_than_expat),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
