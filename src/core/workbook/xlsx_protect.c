/* Protected sheets and answer checks for the workbooks we send out to be
 * filled in (xlsx.h, "Protected sheets and answer checks").  Apart from
 * xlsx.c so the writer's core stays as it is. */
#include <stdlib.h>
#include <string.h>

#include "sangkien/mem.h"
#include "sangkien/text.h"
#include "sangkien/xlsx.h"

/* s cut to at most n characters (libxlsxwriter refuses longer titles and
 * messages).  Fresh string; NULL stays NULL. */
static char *cut_chars(const char *s, size_t n)
{
    if (!s)
        return NULL;
    size_t i = 0, chars = 0, len = strlen(s);
    while (i < len && chars < n) {
        uint32_t cp;
        size_t k = sk_utf8_decode(s + i, len - i, &cp);
        i += k ? k : 1;
        chars++;
    }
    return sk_strndup(s, i);
}

static void validate(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                     lxw_data_validation *dv, const char *title, const char *message)
{
    if (!ws || sk_xlsx_err(x) != SK_OK)
        return;
    char *it = cut_chars(title, 32), *im = cut_chars(message, 255);
    dv->ignore_blank = LXW_VALIDATION_ON;
    dv->show_input = im ? LXW_VALIDATION_ON : LXW_VALIDATION_OFF;
    dv->show_error = LXW_VALIDATION_ON;
    dv->error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    dv->input_title = it;
    dv->input_message = im;
    dv->error_title = it;
    dv->error_message = im;
    sk_xlsx_check(x, worksheet_data_validation_cell(ws, row, col, dv), "đặt kiểm tra ô nhập");
    free(it);
    free(im);
}

void sk_xlsx_protect(sk_xlsx *x, lxw_worksheet *ws)
{
    if (!ws || sk_xlsx_err(x) != SK_OK)
        return;
    /* Row heights and column widths may still be changed: a long comment
     * needs a taller row to be read. */
    lxw_protection p;
    memset(&p, 0, sizeof p);
    p.format_rows = 1;
    p.format_columns = 1;
    worksheet_protect(ws, NULL, &p);
}

void sk_xlsx_validate_decimal(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                              double min, double max, const char *title, const char *message)
{
    lxw_data_validation dv;
    memset(&dv, 0, sizeof dv);
    dv.validate = LXW_VALIDATION_TYPE_DECIMAL;
    dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
    dv.minimum_number = min;
    dv.maximum_number = max;
    validate(x, ws, row, col, &dv, title, message);
}

void sk_xlsx_validate_list(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                           const char *const *items, const char *title, const char *message)
{
    /* libxlsxwriter 1.1.4 overflows a buffer past 255 bytes (PITFALLS.md). */
    size_t bytes = 0, n = 0;
    for (; items && items[n]; n++)
        bytes += strlen(items[n]) + 1;
    if (!n || bytes >= 255) {
        sk_xlsx_fail(x, SK_ERR_INVALID, "Danh sách chọn của ô nhập quá dài.");
        return;
    }
    lxw_data_validation dv;
    memset(&dv, 0, sizeof dv);
    dv.validate = LXW_VALIDATION_TYPE_LIST;
    dv.value_list = (char **)items;
    dv.dropdown = LXW_VALIDATION_ON;
    validate(x, ws, row, col, &dv, title, message);
}

void sk_xlsx_validate_date(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                           const char *title, const char *message)
{
    lxw_data_validation dv;
    memset(&dv, 0, sizeof dv);
    dv.validate = LXW_VALIDATION_TYPE_DATE;
    dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
    dv.minimum_datetime = (lxw_datetime){ 2000, 1, 1, 0, 0, 0 };
    dv.maximum_datetime = (lxw_datetime){ 2099, 12, 31, 0, 0, 0 };
    validate(x, ws, row, col, &dv, title, message);
}
