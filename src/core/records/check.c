/* What `sangkien check` reports (check.h): the forms' own rules and the
 * claims a report makes about its evidence, on a record as it stands. */
#include "sangkien/check.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/duties.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/report.h"

/* s without surrounding spaces, as SQLite's trim() gives it (fresh). */
static char *trimmed(const char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    return sk_strndup(s, n);
}

static bool record_has_code(const sk_record *rec, const sk_group *eg, const char *code)
{
    for (size_t r = 0; eg && r < sk_record_nrows(rec, eg->key); r++) {
        const char *c = sk_record_get(sk_record_row(rec, eg->key, r), "code");
        if (c) {
            char *t = trimmed(c);
            bool same = strcmp(t, code) == 0;
            free(t);
            if (same)
                return true;
        }
    }
    return false;
}

/* Is `code` evidence of the initiative once this record is saved?  The
 * round's evidence is the record's rows (saving replaces the stored ones
 * with them); the other rounds' are in the store. */
static sk_err code_known(sk_store *st, long long initiative_id, int round, const sk_record *rec,
                         const sk_group *eg, const char *code, bool *known)
{
    *known = record_has_code(rec, eg, code);
    if (*known)
        return SK_OK;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT code FROM evidence WHERE initiative_id = ?1 AND "
                                 "(code = ?2 OR stored_path = ?2) AND "
                                 "(round IS NULL OR round <> ?3 OR ?4)", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, initiative_id);
    sqlite3_bind_text(s, 2, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 3, round);
    /* Without an evidence table in the form, the stored rows stay as they are. */
    sqlite3_bind_int(s, 4, eg == NULL);
    *known = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_reset(s);
    if (!*known) {
        /* A row of this round named by its stored file, kept by the record. */
        e = sk_store_stmt(st, "SELECT code FROM evidence WHERE initiative_id = ?1 AND "
                              "round = ?2 AND stored_path = ?3", &s);
        if (e != SK_OK)
            return e;
        sqlite3_bind_int64(s, 1, initiative_id);
        sqlite3_bind_int(s, 2, round);
        sqlite3_bind_text(s, 3, code, -1, SQLITE_TRANSIENT);
        while (!*known && sqlite3_step(s) == SQLITE_ROW) {
            const char *c = (const char *)sqlite3_column_text(s, 0);
            *known = c && record_has_code(rec, eg, c);
        }
        sqlite3_reset(s);
    }
    return SK_OK;
}

/* Every indicator with an after-figure names evidence that exists. */
static sk_err check_claims(sk_store *st, const sk_form *mau02, long long initiative_id, int round,
                           const sk_record *rec, sk_problems *p)
{
    const sk_group *mg = sk_form_group_by_table(mau02, "measurement");
    const sk_group *eg = sk_form_group_by_table(mau02, "evidence");
    if (!mg)
        return SK_OK;
    for (size_t r = 0; r < sk_record_nrows(rec, mg->key); r++) {
        const sk_record *row = sk_record_row(rec, mg->key, r);
        const char *after = sk_record_get(row, "after_value");
        if (!after || !*after)
            continue;
        const char *name = sk_record_get(row, "indicator");
        const char *claimed = sk_record_get(row, "evidence_code");
        char *code = trimmed(claimed ? claimed : "");
        if (!*code) {
            sk_problems_add(p, mg->key, (long)r, "evidence_code",
                            "Mẫu 02 đợt %d, chỉ tiêu «%s»: có số liệu sau nhưng chưa ghi mã "
                            "minh chứng.", round, name ? name : "");
        } else {
            bool known = false;
            sk_err e = code_known(st, initiative_id, round, rec, eg, code, &known);
            if (e != SK_OK) {
                free(code);
                return e;
            }
            if (!known)
                sk_problems_add(p, mg->key, (long)r, "evidence_code",
                                "Mẫu 02 đợt %d, chỉ tiêu «%s»: mã minh chứng «%s» không có "
                                "trong danh mục minh chứng của sáng kiến.", round,
                                name ? name : "", code);
        }
        free(code);
    }
    return SK_OK;
}

sk_err sk_check_report(sk_store *st, const sk_form *mau02, long long initiative_id, int round,
                       const sk_record *rec, sk_problems *p)
{
    size_t before = p->n;
    sk_form_validate(mau02, rec, p);
    for (size_t i = before; i < p->n; i++) {
        char *m = sk_asprintf("%s đợt %d: %s", mau02->code, round, p->items[i].message);
        free(p->items[i].message);
        p->items[i].message = m;
    }
    return check_claims(st, mau02, initiative_id, round, rec, p);
}

sk_err sk_check_initiative(sk_store *st, const sk_forms *forms, long long initiative_id,
                           sk_problems *p, size_t *n_mau01)
{
    sk_record *rec = NULL;
    if (sk_initiative_load(st, forms->mau01, initiative_id, &rec) == SK_OK)
        sk_form_validate(forms->mau01, rec, p);
    sk_record_free(rec);
    if (n_mau01)
        *n_mau01 = p->n;
    for (int round = 1; round <= 2; round++) {
        sk_record *r2 = NULL;
        if (sk_report_load(st, forms->mau02, initiative_id, round, &r2, NULL) != SK_OK)
            continue;
        sk_err e = sk_check_report(st, forms->mau02, initiative_id, round, r2, p);
        sk_record_free(r2);
        if (e != SK_OK)
            return e;
    }
    return SK_OK;
}

char *sk_check_late(sk_store *st, const sk_schedule *sched, const sk_form *form,
                    const char *unit, int round, const sk_record *rec)
{
    const sk_field *fd = form ? sk_form_date_field(form) : NULL;
    const char *v = fd && rec ? sk_record_get(rec, fd->key) : NULL;
    sk_date dated;
    if (!sched || !v || sk_date_parse_iso(v, &dated) != SK_OK)
        return NULL;
    const sk_schedule *own = sched;
    if (unit && sk_schedule_for_unit(st, sched, unit, &own) != SK_OK)
        own = sched;
    return sk_schedule_late_note(own, form->id, round, dated);
}

sk_err sk_check_initiative_late(sk_store *st, const sk_schedule *sched, const sk_forms *forms,
                                long long initiative_id, const char *unit, sk_problems *notes)
{
    sk_record *rec = NULL;
    sk_err e = sk_initiative_load(st, forms->mau01, initiative_id, &rec);
    if (e != SK_OK)
        return e;
    char *note = sk_check_late(st, sched, forms->mau01, unit, 0, rec);
    sk_record_free(rec);
    if (note)
        sk_problems_add(notes, NULL, -1, NULL, "%s", note);
    free(note);
    for (int round = 1; round <= 2; round++) {
        if (sk_report_load(st, forms->mau02, initiative_id, round, &rec, NULL) != SK_OK)
            continue;
        note = sk_check_late(st, sched, forms->mau02, unit, round, rec);
        sk_record_free(rec);
        if (note)
            sk_problems_add(notes, NULL, -1, NULL, "%s đợt %d: %s", forms->mau02->code, round,
                            note);
        free(note);
    }
    return SK_OK;
}
