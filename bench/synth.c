/* A synthetic province for the benchmarks (bench_export, bench_import):
 * nunits communes and n initiatives spread over them, each with 4
 * indicators, 2 report rounds, 3 evidence items and 3 council scores. */
#include "synth.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const verbs[] = { "Số hóa", "Rút ngắn thời gian", "Đơn giản hóa",
    "Liên thông điện tử", "Tái sử dụng dữ liệu", "Thanh toán trực tuyến", "Công khai" };
static const char *const objects[] = { "hồ sơ chứng thực", "giấy phép xây dựng",
    "đăng ký đất đai", "hộ tịch", "lý lịch tư pháp", "đăng ký kinh doanh", "bảo trợ xã hội" };
static const char *const indicators[] = { "Tỷ lệ hồ sơ giải quyết đúng hạn",
    "Tỷ lệ hồ sơ trực tuyến", "Tỷ lệ thanh toán trực tuyến", "Thời gian giải quyết trung bình" };
static const char *const stage_path[] = { "registered", "implementing", "round1_reported",
    "preliminary_appraised", "improving", "round2_reported", "scored", "recognised" };
static const char *const members[] = { "Ông Nguyễn Văn Thành (Chủ tịch Hội đồng)",
    "Bà Trương Thị Mai (Thành viên)", "Ông Lý Quang Vinh (Thành viên)" };

static void must(sqlite3 *db, int rc)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "bench: %s\n", sqlite3_errmsg(db));
        exit(2);
    }
}

static sqlite3_stmt *prep(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    must(db, sqlite3_prepare_v2(db, sql, -1, &s, NULL));
    return s;
}

static void step(sqlite3 *db, sqlite3_stmt *s)
{
    must(db, sqlite3_step(s));
    sqlite3_reset(s);
}

void bench_synth(sk_store *st, int n, int nunits)
{
    sqlite3 *db = sk_store_db(st);
    must(db, sqlite3_exec(db, "BEGIN", NULL, NULL, NULL));
    sqlite3_stmt *u = prep(db, "INSERT INTO unit(id, code, name, level, created_at) "
                               "VALUES (?1, ?2, ?3, ?4, '2026-01-01')");
    for (int k = 0; k <= nunits; k++) {
        char code[16], name[64];
        snprintf(code, sizeof code, k ? "X%03d" : "VPUBND", k);
        snprintf(name, sizeof name, k ? "UBND xã Số %d" : "Văn phòng UBND tỉnh", k);
        sqlite3_bind_int(u, 1, k + 1);
        sqlite3_bind_text(u, 2, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(u, 3, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(u, 4, k ? "xa" : "tinh", -1, SQLITE_STATIC);
        step(db, u);
    }
    sqlite3_stmt *ins = prep(db,
        "INSERT INTO initiative(id, uuid, public_id, unit_id, year, seq, stage, reg_date, title, "
        "title_key, content_group, operating_since, created_at, updated_at) VALUES "
        "(?1, ?2, ?3, ?4, 2026, ?5, ?6, '2026-03-20', ?7, vn_sortkey(?7), ?8, ?9, 'x', 'x')");
    sqlite3_stmt *ind = prep(db, "INSERT INTO indicator(id, initiative_id, pos, name, "
        "measure_unit, baseline, target, source, direction) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
        "'Hệ thống thông tin giải quyết TTHC tỉnh', ?8)");
    sqlite3_stmt *rep = prep(db, "INSERT INTO report(id, initiative_id, round, report_date, "
        "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'x', 'x')");
    sqlite3_stmt *mea = prep(db, "INSERT INTO measurement(report_id, indicator_id, "
        "before_value, after_value, source) VALUES (?1, ?2, ?3, ?4, 'Cổng Dịch vụ công quốc gia')");
    sqlite3_stmt *evi = prep(db, "INSERT INTO evidence(initiative_id, round, seq, code, kind, "
        "title, doc_date, original_name, size, sha256, created_at) VALUES (?1, 2, ?2, ?3, "
        "'document', 'Báo cáo số liệu', '2026-11-10', 'bao-cao.pdf', 184320, "
        "'9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 'x')");
    sqlite3_stmt *eva = prep(db, "INSERT INTO evaluation(uuid, initiative_id, level, evaluator, "
        "eval_date, legal_pass, total, classification, created_at, updated_at) VALUES "
        "(?1, ?2, 'provincial', ?3, '2026-11-30', 1, ?4, 'tot', 'x', 'x')");
    sqlite3_stmt *dec = prep(db, "INSERT INTO council_decision(initiative_id, decided_on, "
        "recognised, effectiveness_class, scope_class, replication_lead, reward_proposal, "
        "flag_unsupported, updated_at) VALUES (?1, '2026-12-05', 1, 'tot', 'toan_tinh', "
        "'Văn phòng UBND tỉnh', 'Đề nghị tặng Bằng khen', 0, 'x')");
    sqlite3_stmt *his = prep(db, "INSERT INTO stage_history(initiative_id, from_stage, to_stage, "
        "at, actor) VALUES (?1, ?2, ?3, ?4, 'bench')");
    static const char *const dates[] = { "2026-03-25", "2026-04-01", "2026-07-14", "2026-08-20",
                                         "2026-09-01", "2026-11-16", "2026-12-01", "2026-12-05" };
    unsigned seed = 2026;
    long long ind_id = 0, rep_id = 0, ev_seq = 0;
    for (int k = 1; k <= n; k++) {
        seed = seed * 1103515245u + 12345u;
        int unit = 2 + (k - 1) % nunits;
        int seq = (k - 1) / nunits + 1;
        int last = 2 + (int)((seed >> 10) % 6);   /* round1_reported .. recognised */
        char uuid[40], pid[32], title[200], since[16];
        snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", k);
        snprintf(pid, sizeof pid, "X%03d-2026-SK%02d", unit - 1, seq);
        snprintf(title, sizeof title, "%s %s tại xã số %d, giai đoạn %d", verbs[seed % 7],
                 objects[(seed >> 4) % 7], unit - 1, seq);
        snprintf(since, sizeof since, "2025-%02d-01", 1 + (int)((seed >> 14) % 12));
        sqlite3_bind_int(ins, 1, k);
        sqlite3_bind_text(ins, 2, uuid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 3, pid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(ins, 4, unit);
        sqlite3_bind_int(ins, 5, seq);
        sqlite3_bind_text(ins, 6, stage_path[last], -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 7, title, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 8, (const char *[]){ "a", "b", "c", "d", "đ", "e", "g", "h" }[seed % 8],
                          -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 9, since, -1, SQLITE_TRANSIENT);
        step(db, ins);
        const char *prev = "draft";
        for (int p = 0; p <= last; p++) {
            sqlite3_bind_int(his, 1, k);
            sqlite3_bind_text(his, 2, prev, -1, SQLITE_STATIC);
            sqlite3_bind_text(his, 3, stage_path[p], -1, SQLITE_STATIC);
            char at[40];
            snprintf(at, sizeof at, "%sT10:00:00+07:00", dates[p]);
            sqlite3_bind_text(his, 4, at, -1, SQLITE_TRANSIENT);
            step(db, his);
            prev = stage_path[p];
        }
        long long ids[4];
        for (int i = 0; i < 4; i++) {
            ids[i] = ++ind_id;
            bool down = i == 3;
            sqlite3_bind_int64(ind, 1, ids[i]);
            sqlite3_bind_int(ind, 2, k);
            sqlite3_bind_int(ind, 3, i + 1);
            sqlite3_bind_text(ind, 4, indicators[i], -1, SQLITE_STATIC);
            sqlite3_bind_text(ind, 5, down ? "ngày" : "%", -1, SQLITE_STATIC);
            sqlite3_bind_double(ind, 6, down ? 12 : 40 + (seed >> (i + 3)) % 40);
            sqlite3_bind_double(ind, 7, down ? 8 : 80);
            sqlite3_bind_text(ind, 8, down ? "down" : "up", -1, SQLITE_STATIC);
            step(db, ind);
        }
        for (int r = 1; r <= 2; r++) {
            sqlite3_bind_int64(rep, 1, ++rep_id);
            sqlite3_bind_int(rep, 2, k);
            sqlite3_bind_int(rep, 3, r);
            sqlite3_bind_text(rep, 4, r == 1 ? "2026-07-14" : "2026-11-14", -1, SQLITE_STATIC);
            step(db, rep);
            for (int i = 0; i < 4; i++) {
                sqlite3_bind_int64(mea, 1, rep_id);
                sqlite3_bind_int64(mea, 2, ids[i]);
                sqlite3_bind_double(mea, 3, i == 3 ? 12 : 50);
                sqlite3_bind_double(mea, 4, i == 3 ? 10 - r : 60 + 12 * r + (int)((seed >> i) % 9));
                step(db, mea);
            }
        }
        for (int e = 1; e <= 3; e++) {
            char code[48];
            snprintf(code, sizeof code, "%s-D2-MC%02d", pid, e);
            sqlite3_bind_int(evi, 1, k);
            sqlite3_bind_int64(evi, 2, ++ev_seq);
            sqlite3_bind_text(evi, 3, code, -1, SQLITE_TRANSIENT);
            step(db, evi);
        }
        for (int m = 0; m < 3; m++) {
            char eu[40];
            snprintf(eu, sizeof eu, "00000000-0000-4000-9000-%012d", k * 3 + m);
            sqlite3_bind_text(eva, 1, eu, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(eva, 2, k);
            sqlite3_bind_text(eva, 3, members[m], -1, SQLITE_STATIC);
            sqlite3_bind_double(eva, 4, 55 + (double)((seed >> (m * 3)) % 80) / 2);
            step(db, eva);
        }
        if (last == 7) {
            sqlite3_bind_int(dec, 1, k);
            step(db, dec);
        }
    }
    sqlite3_stmt *all[] = { u, ins, ind, rep, mea, evi, eva, dec, his };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        sqlite3_finalize(all[i]);
    must(db, sqlite3_exec(db, "COMMIT", NULL, NULL, NULL));
}

