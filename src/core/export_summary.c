/* The summary workbook of the aggregating office. */
#include "export_common.h"

sk_err sk_export_summary(const sk_export_ctx *ctx, const char *path, char **detail)
{
    ex e;
    sk_err err = ex_begin(&e, ctx, path, true, ctx && ctx->cfg ? ctx->cfg->unit_code : NULL,
                          detail);
    if (err != SK_OK)
        return err;
    return ex_finish(&e, SK_EXPORT_FORMAT_SUMMARY, ctx->cfg ? ctx->cfg->unit_code : "", detail);
}
