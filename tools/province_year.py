#!/usr/bin/python3
"""One campaign year of a whole province, played with the real program
(issue 17).  Driven by tools/province-year.sh:

    province_year.py OUTDIR [--units N] [--seed S] [--program PATH] [--lo N]

Every unit has its own database and sangkien.ini under OUTDIR/units; the
special zone's office (dackhu.db) collects from its agencies and forwards
one workbook; the province (province.db) collects from everyone else.
Every workbook sent is kept in OUTDIR/sent, and the copy received (re-saved
by LibreOffice, LibreOffice via .ods, openpyxl, or untouched) in
OUTDIR/received.  Dates are played with --today.  Every figure in
summary.txt is recomputed here from the unit databases (sqlite3) and this
script's own record of who sent what and when, never read from the
program's own counts; the program's answers (`due`, `council agenda`,
`similar`) are compared against it.  Exit 1 when a must-be-0 figure is not 0.
"""
import argparse
import datetime as dt
import json
import os
import random
import re
import resource
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)
D = dt.date
YEAR = 2026

# ---------------------------------------------------------------------------
# The units: An Giang after the 2025 merger (departments, communes and
# wards), with the demo's codes where the demo has the unit.

DEPARTMENTS = [
    ("STP", "Sở Tư pháp", "so"), ("SXD", "Sở Xây dựng", "so"), ("SYT", "Sở Y tế", "so"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", "so"), ("STC", "Sở Tài chính", "so"),
    ("BQLKKT", "Ban Quản lý Khu kinh tế", "ban"), ("SNV", "Sở Nội vụ", "so"),
    ("SCT", "Sở Công Thương", "so"), ("SGDDT", "Sở Giáo dục và Đào tạo", "so"),
    ("SKHCN", "Sở Khoa học và Công nghệ", "so"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "so"),
    ("SDTTG", "Sở Dân tộc và Tôn giáo", "so"), ("SNGV", "Sở Ngoại vụ", "so"),
    ("TTT", "Thanh tra tỉnh", "nganh"), ("CAT", "Công an tỉnh", "nganh"),
    ("BHXH", "Bảo hiểm xã hội tỉnh An Giang", "nganh"), ("THUE", "Thuế tỉnh An Giang", "nganh"),
    ("KBNN", "Kho bạc Nhà nước khu vực XX", "nganh"),
    ("BQLDA", "Ban Quản lý dự án đầu tư xây dựng tỉnh", "ban"),
    ("VPDKDD", "Văn phòng Đăng ký đất đai tỉnh", "nganh"),
]
WARDS = ["Long Xuyên", "Rạch Giá", "Bình Đức", "Mỹ Thới", "Châu Đốc", "Vĩnh Tế", "Tân Châu",
         "Long Phú", "Tịnh Biên", "Thới Sơn", "Chi Lăng", "Vĩnh Thông", "Hà Tiên", "Tô Châu"]
COMMUNES = [
    "Thoại Sơn", "Mỹ Hòa Hưng", "Óc Eo", "Định Mỹ", "Phú Hòa", "Vĩnh Trạch", "Tây Phú",
    "Vọng Thê", "Bình Hòa", "Cần Đăng", "Vĩnh Hanh", "Vĩnh An", "Châu Thành", "Bình Mỹ",
    "Châu Phú", "Mỹ Đức", "Vĩnh Thạnh Trung", "Thạnh Mỹ Tây", "Ô Long Vỹ", "Bình Thạnh Đông",
    "Phú Tân", "Chợ Vàm", "Phú An", "Phú Lâm", "Hòa Lạc", "An Phú", "Vĩnh Hậu", "Khánh Bình",
    "Nhơn Hội", "Phú Hữu", "Tri Tôn", "Ba Chúc", "Cô Tô", "Núi Cấm", "An Cư", "Nhơn Mỹ",
    "Long Điền", "Chợ Mới", "Cù Lao Giêng", "Hội An", "Long Kiến", "Mỹ Hội Đông", "Kiên Lương",
    "Hòn Đất", "Sơn Kiên", "Mỹ Thuận", "Bình Sơn", "Tân Hiệp", "Thạnh Đông", "Tân Hội",
    "Giồng Riềng", "Thạnh Hưng", "Long Thạnh", "Hòa Hưng", "Ngọc Chúc", "Gò Quao",
    "Vĩnh Hòa Hưng", "Định Hòa", "An Biên", "Đông Thái", "Tây Yên", "An Minh", "Đông Hòa",
    "Vân Khánh", "U Minh Thượng", "Vĩnh Thuận", "Vĩnh Bình", "Bình Giang", "Hòn Nghệ",
    "Giang Thành", "Vĩnh Điều", "Hòa Điền", "Vĩnh Gia", "Lương An Trà", "Cô Tô Sơn",
    "Mỹ Phú", "Phú Thạnh", "Hòa Thuận", "Vĩnh Phong", "Thạnh Lộc",
]
DKPQ = ("DKPQ", "UBND đặc khu Phú Quốc", "dac_khu")
AGENCIES = [
    ("DKPQ.VHXH", "Phòng Văn hóa - Xã hội đặc khu Phú Quốc"),
    ("DKPQ.KTHT", "Phòng Kinh tế, Hạ tầng và Đô thị đặc khu Phú Quốc"),
    ("DKPQ.TCKH", "Phòng Tài chính - Kế hoạch đặc khu Phú Quốc"),
    ("DKPQ.TNMT", "Phòng Tài nguyên và Môi trường đặc khu Phú Quốc"),
    ("DKPQ.PVHCC", "Trung tâm Phục vụ hành chính công đặc khu Phú Quốc"),
]


def fold(s):
    s = s.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def units_for(n):
    """n units: about 1/6 departments, the special zone with up to 5
    agencies, the rest communes and wards."""
    nd = max(2, round(n * 20 / 120))
    na = min(5, max(2, round(n * 5 / 120)))
    nc = n - nd - 1 - na
    out = [dict(code=c, name=nm, level=lv, parent=None) for c, nm, lv in DEPARTMENTS[:nd]]
    places = [("phuong", w) for w in WARDS] + [("xa", c) for c in COMMUNES]
    # Wards and communes interleaved, so a small run has both.
    mixed = []
    for i in range(max(len(WARDS), len(COMMUNES))):
        if i < len(COMMUNES):
            mixed.append(("xa", COMMUNES[i]))
        if i < len(WARDS) and i % 2 == 0:
            mixed.append(("phuong", WARDS[i // 2 if i < 2 * len(WARDS) else i]))
    seen = set()
    mixed = [m for m in mixed if not (m in seen or seen.add(m))]
    for m in places:
        if m not in seen:
            mixed.append(m)
    used = set(c for c, _, _ in DEPARTMENTS)
    for lv, place in mixed[:nc]:
        base = ("P" if lv == "phuong" else "X") + "".join(w[0] for w in fold(place).upper().split())
        code, k = base, 2
        while code in used:
            code, k = "%s%d" % (base, k), k + 1
        used.add(code)
        out.append(dict(code=code, name=("UBND phường " if lv == "phuong" else "UBND xã ") + place,
                        level=lv, parent=None))
    out.append(dict(code=DKPQ[0], name=DKPQ[1], level=DKPQ[2], parent=None))
    for c, nm in AGENCIES[:na]:
        out.append(dict(code=c, name=nm, level="co_quan", parent="DKPQ"))
    return out


# ---------------------------------------------------------------------------
# Initiatives: themes by content group; each unit words a theme its own way,
# so themes shared by several units are the near-duplicates.

THEMES = [
    ("a", "Cắt giảm thành phần hồ sơ {p}", "chứng thực bản sao từ bản chính"),
    ("a", "Rút ngắn thời gian giải quyết {p} từ 5 xuống 3 ngày", "cấp giấy phép xây dựng nhà ở riêng lẻ"),
    ("a", "Chuẩn hóa biểu mẫu, tờ khai {p}", "đăng ký hộ kinh doanh"),
    ("b", "Liên thông một cửa giữa tỉnh và xã đối với {p}", "đăng ký đất đai lần đầu"),
    ("b", "Quy trình nội bộ điện tử khép kín cho {p}", "cấp phiếu lý lịch tư pháp"),
    ("b", "Tổ công tác hỗ trợ tại Bộ phận Một cửa cho {p}", "đăng ký khai sinh, thường trú"),
    ("c", "Hướng dẫn nộp hồ sơ trực tuyến bằng mã QR cho {p}", "đăng ký kết hôn"),
    ("c", "Thanh toán trực tuyến phí, lệ phí {p}", "cấp chứng chỉ hành nghề dược"),
    ("c", "Biểu mẫu điện tử tự điền dữ liệu cho {p}", "cấp bản sao trích lục hộ tịch"),
    ("d", "Số hóa kết quả giải quyết {p} tại Bộ phận Một cửa", "chứng thực bản sao điện tử"),
    ("d", "Tái sử dụng dữ liệu đã số hóa, không yêu cầu nộp lại giấy tờ khi {p}", "đăng ký hộ tịch"),
    ("d", "Kho dữ liệu điện tử dùng chung phục vụ {p}", "cấp giấy chứng nhận quyền sử dụng đất"),
    ("đ", "Rà soát, cập nhật dữ liệu công khai TTHC {p} trên Cổng dịch vụ công", "lĩnh vực văn hóa, du lịch"),
    ("đ", "Chuẩn hóa dữ liệu thủ tục {p} trên Hệ thống thông tin giải quyết TTHC", "lĩnh vực đất đai"),
    ("e", "Giải quyết phản ánh, kiến nghị về {p} trong 3 ngày làm việc", "thủ tục đất đai"),
    ("e", "Bộ câu hỏi thường gặp (FAQ) về {p} cho người dân", "thủ tục bảo hiểm xã hội"),
    ("g", "Tuyên truyền, hỗ trợ người dân thực hiện {p} qua Zalo", "dịch vụ công trực tuyến toàn trình"),
    ("g", "Đội thanh niên tình nguyện hướng dẫn {p} tại khu dân cư", "cài đặt, sử dụng VNeID"),
    ("h", "Khảo sát mức độ hài lòng khi thực hiện {p} bằng máy tính bảng", "thủ tục tại Bộ phận Một cửa"),
    ("h", "Hẹn giờ trả kết quả {p} qua tin nhắn", "hồ sơ trễ hạn"),
]
VARIANTS = ["", " tại {u}", " trên địa bàn {w}", " năm 2026", " ở {w}"]
PEOPLE = ["Nguyễn Văn Đức", "Trần Thị Thu Hà", "Lê Hoàng Phúc", "Phạm Thị Ngọc Lan",
          "Võ Thanh Tâm", "Huỳnh Văn Lợi", "Đặng Thị Mỹ Linh", "Trương Quốc Bảo",
          "Ngô Thị Kim Yến", "Lâm Văn Hậu", "Phan Minh Khoa", "Dương Thị Thanh Thủy",
          "Châu Văn Nghĩa", "Tô Thị Bích Ngọc", "Hồ Quang Vinh", "Kiều Thị Mai Anh"]
POSITIONS = ["Chánh Văn phòng", "Phó Chánh Văn phòng", "Công chức Văn phòng - Thống kê",
             "Trưởng phòng Hành chính - Tổng hợp", "Chuyên viên chính"]
INDICATORS = [
    ("Tỷ lệ hồ sơ nộp trực tuyến", "%", "up", 20, 60, 80),
    ("Tỷ lệ hồ sơ giải quyết đúng hạn", "%", "up", 85, 97, 100),
    ("Tỷ lệ thanh toán trực tuyến", "%", "up", 10, 50, 80),
    ("Tỷ lệ số hóa hồ sơ, kết quả", "%", "up", 30, 70, 100),
    ("Tỷ lệ tái sử dụng dữ liệu", "%", "up", 5, 40, 80),
    ("Thời gian giải quyết trung bình", "ngày", "down", 4, 10, 2),
    ("Tổng số hồ sơ tiếp nhận", "hồ sơ", "up", 200, 1500, 2000),
]
SOURCES = ["Hệ thống thông tin giải quyết TTHC tỉnh", "Cổng Dịch vụ công quốc gia",
           "Báo cáo thống kê của Bộ phận Một cửa"]


def num(x):
    """A number as a clerk types it: decimal comma."""
    s = ("%.1f" % x).rstrip("0").rstrip(".")
    return s.replace(".", ",")


def iso(d):
    return d.isoformat()


def vn(d):
    return d.strftime("%d/%m/%Y")


def rand_day(rng, a, b):
    return a + dt.timedelta(days=rng.randint(0, (b - a).days))


def ini_quote(s):
    return '"%s"' % s if (";" in s or "#" in s) else s


# ---------------------------------------------------------------------------
# Running the program and LibreOffice, timed by stage.

class Stages:
    def __init__(self):
        self.rows = {}
        self.order = []
        self.cur = None

    def start(self, name):
        self.cur = name
        if name not in self.rows:
            self.order.append(name)
            self.rows[name] = dict(wall=0.0, prog_wall=0.0, prog_cpu=0.0, prog_rss=0, calls=0,
                                   lo_wall=0.0, lo_files=0, t0=time.monotonic())
        else:
            self.rows[name]["t0"] = time.monotonic()

    def stop(self):
        r = self.rows[self.cur]
        r["wall"] += time.monotonic() - r["t0"]


ST = Stages()
CHECK_DAYS = (D(2026, 4, 1), D(2026, 7, 1), D(2026, 7, 16), D(2026, 11, 16), D(2026, 12, 20))
import threading
LOCK = threading.Lock()


class Failure(Exception):
    pass


def run_timed(argv, stage, env=None, cwd=None):
    """argv with its own rusage (wait4): wall, CPU and peak RSS of this
    process alone, added to the stage."""
    import tempfile
    # Peak memory by /usr/bin/time: a forked child's own ru_maxrss starts
    # from the parent's (Linux keeps the high-water mark across exec).
    with tempfile.TemporaryFile() as fo, tempfile.TemporaryFile() as fe, \
            tempfile.NamedTemporaryFile("r") as fm:
        t0 = time.monotonic()
        p = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", fm.name] + argv,
                             stdout=fo, stderr=fe, env=env, cwd=cwd)
        _, status, ru = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - t0
        fo.seek(0)
        fe.seek(0)
        out, err = fo.read().decode("utf-8", "replace"), fe.read().decode("utf-8", "replace")
        try:
            rss = int(fm.read().strip().splitlines()[-1])
        except (ValueError, IndexError):
            rss = 0
    with LOCK:
        add_usage(ST.rows[stage], wall, ru, rss)
        SPANS.append((t0, t0 + wall))
    return p.returncode, out, err


# Every run's (start, end): their union is the time the program ran, on
# however many cores the runs shared (two units at a time on the unit side).
SPANS = []


def union_length(spans):
    total, end = 0.0, None
    for a, b in sorted(spans):
        if end is None or a > end:
            total += b - a
            end = b
        elif b > end:
            total += b - end
            end = b
    return total


def add_usage(r, wall, ru, rss):
    r["calls"] += 1
    r["prog_wall"] += wall
    r["prog_cpu"] += ru.ru_utime + ru.ru_stime
    r["prog_rss"] = max(r["prog_rss"], rss)


class Program:
    def __init__(self, path, log):
        self.path = path
        self.log = log
        self.env = dict(os.environ, LC_ALL="C.UTF-8")

    def __call__(self, cfg, today, *args, ok=(0,), stage=None):
        return self.run([self.path, "--config", cfg, "--today", iso(today)] + list(args), ok, stage)

    def batch(self, cfg, lines, path, ok=(0,), keep_going=False, stage=None):
        """Many commands in one run (`sangkien batch`): lines are
        (day, arg, ...), each run on its own day (--today)."""
        if not lines:
            return "", ""
        with open(path, "w", encoding="utf-8") as f:
            for day, *args in lines:
                f.write("--today %s %s\n" % (iso(day), " ".join(shlex.quote(a) for a in args)))
        argv = [self.path, "--config", cfg, "batch", path] + (["--keep-going"] if keep_going else [])
        return self.run(argv, ok, stage, "  # %d lệnh" % len(lines))

    def run(self, argv, ok, stage, note=""):
        t0 = time.monotonic()
        rc, out, err = run_timed(argv, stage or ST.cur, env=self.env)
        with LOCK:
            self.log.write("$ %s%s\n[rc=%d %.3fs]\n%s%s" % (" ".join(argv), note, rc,
                                                          time.monotonic() - t0, out, err))
        if rc not in ok:
            raise Failure("%s: exit %d\n%s%s" % (" ".join(argv), rc, out, err))
        return out, err


ID_LINE = re.compile(r"^[A-Z0-9.]+-\d{4}-SK\d+$")


def lo_convert(files, fmt, outdir, profile, stage):
    """LibreOffice --convert-to for many files in one start."""
    if not files:
        return
    os.makedirs(outdir, exist_ok=True)
    t0 = time.monotonic()
    subprocess.run(["timeout", "600", "soffice", "-env:UserInstallation=file://" + profile,
                    "--headless", "--convert-to", fmt, "--outdir", outdir] + files,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=dict(os.environ, FONTCONFIG_FILE=FONTS) if FONTS else None)
    r = ST.rows[stage]
    r["lo_wall"] += time.monotonic() - t0
    r["lo_files"] += len(files)


FONTS = None


# ---------------------------------------------------------------------------
# The simulation.

class Year:
    def __init__(self, a):
        self.a = a
        self.out = os.path.abspath(a.outdir)
        self.rng = random.Random(a.seed)
        for d in ["units", "sent", "received", "pages", "work", "council"]:
            os.makedirs(os.path.join(self.out, d), exist_ok=True)
        self.log = open(os.path.join(self.out, "work", "commands.log"), "w", encoding="utf-8")
        self.sk = Program(a.program, self.log)
        self.units = units_for(a.units)
        self.by_code = {u["code"]: u for u in self.units}
        # What was sent, received: (unit, milestone) -> first date the
        # office that judges received it (the province; Phú Quốc's office
        # for its agencies in dk_record).
        self.record = {}
        self.dk_record = {}
        self.deliveries = []       # (received date, office, path, unit)
        self.resave_counts = {}
        self.lo_budget = a.lo
        self.inits = {}            # unit -> list of dict(id, theme, ...)
        self.figures = []          # (name, value, must_be_zero)
        self.province_cfg = self.cfg("province", dict(code="VPUBND", name="Văn phòng UBND tỉnh An Giang",
                                                      level="tinh", role="aggregator"),
                                     os.path.join(self.out, "province.db"))
        self.dk_cfg = None

    def cfg(self, name, office, db, overrides=None):
        path = os.path.join(self.out, "units" if name not in ("province", "dackhu") else "work",
                            name + ".ini")
        lines = ["[office]"] + ["%s = %s" % kv for kv in office.items()] + \
                ["place = An Giang", "clerk = %s" % self.rng.choice(PEOPLE), "",
                 "[paths]", "database = %s" % db, "forms = %s" % os.path.join(SRC, "forms"),
                 "evidence = %s" % (db[:-3] + "-minh-chung"), "backups = %s" % (db[:-3] + "-sao-luu")]
        if overrides:
            lines += ["", "[schedule]", "file = lich-2026.ini", "overrides = %s" % overrides,
                      "holidays = ngay-le-2026.ini"]
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        return path

    # -- plan: who does what, when ------------------------------------------------------------
    def plan(self):
        rng = self.rng
        for u in self.units:
            u["cfg"] = self.cfg(u["code"], dict(code=u["code"], name=u["name"], level=u["level"],
                                                role="dac_khu" if u["code"] == "DKPQ" else "unit"),
                                os.path.join(self.out, "dackhu.db" if u["code"] == "DKPQ"
                                             else "units/%s.db" % u["code"]),
                                "lich-2026-dackhu-phuquoc.ini" if u["code"] == "DKPQ" else None)
            r = rng.random()
            # Per milestone: on time, late or never; never once means never after.
            fate = {}
            never = r < 0.04 and u["code"] != "DKPQ"
            for m, p_late, p_never in ((1, 0.08, 0.0), (2, 0.12, 0.06), (3, 0.12, 0.05),
                                       (6, 0.12, 0.05)):
                if never:
                    fate[m] = "never"
                    continue
                x = rng.random()
                fate[m] = "never" if x < p_never and m in (3, 6) else \
                          "skip" if x < p_never else "late" if x < p_never + p_late else "on"
                if fate[m] == "never":
                    never = True
            u["fate"] = fate
            u["twice"] = {m: rng.random() < 0.1 for m in (3, 6)}
        # DKPQ itself never misses: it has to forward.
        self.by_code["DKPQ"]["fate"] = {1: "on", 2: "on", 3: "on", 6: "on"}
        # Initiatives: 1-4 per unit, themes drawn so every theme is shared.
        ti = 0
        for u in self.units:
            n = rng.choice([2, 2, 3, 3, 3, 4]) if u["level"] != "co_quan" else rng.choice([1, 2])
            lst = []
            for k in range(n):
                th = THEMES[ti % len(THEMES)] if rng.random() < 0.7 else rng.choice(THEMES)
                ti += 1
                lst.append(self.initiative_text(u, th, k))
            self.inits[u["code"]] = lst

    def initiative_text(self, u, th, k):
        rng = self.rng
        group, pattern, proc = th
        place = u["name"].replace("UBND ", "")
        title = pattern.format(p=proc) + rng.choice(VARIANTS).format(u=place, w=place)
        inds = rng.sample(INDICATORS, rng.choice([2, 2, 3, 4]))
        lead = rng.choice(PEOPLE)
        return dict(theme=THEMES.index(th), group=group, title=title, proc=proc, lead=lead,
                    position=rng.choice(POSITIONS), indicators=inds,
                    phone="0296 38%02d %03d" % (rng.randint(10, 99), rng.randint(100, 999)),
                    since=rand_day(rng, D(2025, 6, 1), D(2026, 3, 1)))

    # -- unit side ----------------------------------------------------------------------------
    def mau01(self, u, it, reg):
        rng = random.Random("%s/mau01/%s" % (self.a.seed, it["title"]))
        L = ["[mau01]", "unit = %s" % u["code"], "reg_date = %s" % vn(reg),
             "title = %s" % ini_quote(it["title"]), "content_group = %s" % it["group"],
             "problem = Người dân phải đi lại nhiều lần, hồ sơ %s còn nộp bằng giấy, thời gian giải quyết kéo dài." % it["proc"],
             "objective = Giảm thời gian, chi phí cho người dân khi thực hiện thủ tục %s." % it["proc"],
             "solution = Rà soát quy trình, ứng dụng Hệ thống thông tin giải quyết TTHC tỉnh, hướng dẫn người dân nộp hồ sơ trực tuyến.",
             "output_product = Quy trình điện tử và bộ hướng dẫn thực hiện thủ tục %s." % it["proc"],
             "scope = %s" % u["name"], "procedures = %s" % it["proc"].capitalize(),
             "start_date = 01/04/2026", "end_date = 31/12/2026",
             "operating_since = %s" % vn(it["since"]),
             "lead_name = %s" % it["lead"], "lead_position = %s" % it["position"],
             "lead_phone = %s" % it["phone"],
             "legal_compliant = có", "legal_no_new_procedure = có", "legal_no_extra_requirement = có", ""]
        for i, (name, mu, dr, lo, hi, tgt) in enumerate(it["indicators"], 1):
            base = round(rng.uniform(lo, hi), 1)
            it.setdefault("base", []).append(base)
            L += ["[indicator.%d]" % i, "name = %s" % name, "measure_unit = %s" % mu,
                  "baseline = %s" % num(base), "target = %s" % num(tgt),
                  "source = %s" % rng.choice(SOURCES), "direction = %s" % dr, ""]
        L += ["[author.1]", "kind = individual", "name = %s" % it["lead"],
              "position = %s" % it["position"], "unit_name = %s" % u["name"],
              "contribution = Chủ trì xây dựng và triển khai sáng kiến", ""]
        return "\n".join(L)

    def mau02(self, u, it, rnd, day, fix=0):
        rng = random.Random("%s/%s/%d/%d" % (self.a.seed, it["id"], rnd, fix))
        code = it["id"]
        L = ["[mau02]", "report_date = %s" % vn(day), "period_from = 01/04/2026",
             "period_to = %s" % ("30/06/2026" if rnd == 1 else "31/10/2026"),
             'work_done = "Đã vận hành quy trình điện tử cho thủ tục %s; hướng dẫn %d lượt người dân."'
             % (it["proc"], rng.randint(50, 900) + fix),
             "months_operating = %d" % (3 if rnd == 1 else 7),
             "progress = Đạt khoảng %d%% kế hoạch." % rng.randint(60, 100),
             "beneficiaries = Người dân, doanh nghiệp thực hiện thủ tục tại %s" % u["name"],
             "dossiers_affected = %d" % rng.randint(100, 5000),
             "preparer_name = %s" % it["lead"], "preparer_title = %s" % it["position"]]
        if rnd == 2:
            L += ["units_applying = %d" % rng.randint(1, 6), "replication_lead = %s" % u["name"],
                  "replication_roadmap = Quý I/2027 nhân rộng tại các đơn vị cùng cấp",
                  "recognition_requested = có"]
        L.append("")
        for i, ind in enumerate(it["indicators"], 1):
            _, _, dr, lo, hi, tgt = ind
            b = it["base"][i - 1]
            after = b + (tgt - b) * rng.uniform(0.3, 1.0) * (0.6 if rnd == 1 else 1.0)
            L += ["[measurement.%d]" % i, "after_value = %s" % num(round(after, 1)),
                  "evidence_code = %s-D%d-MC%02d" % (code, rnd, 1), ""]
        L += ["[evidence.1]", "code = %s-D%d-MC01" % (code, rnd), "kind = data",
              "title = Trích xuất số liệu hồ sơ thủ tục %s đợt %d" % (it["proc"], rnd),
              "doc_date = %s" % vn(day - dt.timedelta(days=2)), "",
              "[evidence.2]", "code = %s-D%d-MC02" % (code, rnd), "kind = link",
              "title = Thống kê trên Hệ thống thông tin giải quyết TTHC tỉnh",
              "url = https://dichvucong.angiang.gov.vn/thong-ke", ""]
        return "\n".join(L)

    def write(self, path, text):
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def unit_dates(self, u):
        """The days this unit does each thing and sends each milestone."""
        rng = random.Random("%s/dates/%s" % (self.a.seed, u["code"]))
        agency = u["parent"] == "DKPQ"
        due1 = D(2026, 3, 30) if agency else D(2026, 3, 31)
        dd = {}
        f = u["fate"]
        if f[1] == "on":
            dd[1] = rand_day(rng, D(2026, 3, 5), due1 - dt.timedelta(days=1))
        elif f[1] == "late":
            dd[1] = rand_day(rng, due1 + dt.timedelta(days=1), D(2026, 4, 20))
        for m, due, lo in ((2, D(2026, 6, 30), D(2026, 6, 15)), (3, D(2026, 7, 15), D(2026, 7, 2)),
                           (6, D(2026, 11, 15), D(2026, 11, 2))):
            if agency and m == 2:
                due = D(2026, 6, 25)
            if agency and m == 3:
                due = D(2026, 7, 10)
            if agency and m == 6:
                due = D(2026, 11, 10)
            if f[m] == "on":
                dd[m] = rand_day(rng, lo, due)
            elif f[m] == "late":
                dd[m] = rand_day(rng, due + dt.timedelta(days=1), due + dt.timedelta(days=20))
        # A unit reporting straight to the province may send a late
        # progress file after its round-1 report: milestone 2 then counts
        # from the report, which already showed the work under way (sent_on;
        # the program's reached_date).  Phú Quốc and its agencies send in
        # the order made, and its office forwards the late progress before
        # its round-1 forward of 15/07.
        if agency or u["code"] == "DKPQ":
            if 2 in dd and 3 in dd and dd[2] >= dd[3]:
                dd[2] = dd[3] - dt.timedelta(days=1)
        elif f[2] == "late" and f[3] == "on" and rng.random() < 0.5:
            dd[2] = dd[3] + dt.timedelta(days=rng.randint(1, 5))
        if agency and 2 in dd and dd[2] > D(2026, 7, 10):
            dd[2] = D(2026, 7, 10)
        u["dates"] = dd

    def unit_list(self, name, units, top):
        """The office's list of units as the province issues it (CSV)."""
        path = os.path.join(self.out, "work", name)
        rng = random.Random("%s/list" % self.a.seed)
        with open(path, "w", encoding="utf-8") as f:
            f.write("STT,Mã đơn vị,Tên đơn vị,Cấp,Đơn vị cấp trên,Người đầu mối,Điện thoại\n")
            for i, u in enumerate(units, 1):
                f.write('%d,%s,"%s",%s,%s,%s,0296 38%02d %03d\n' % (
                    i, u["code"], u["name"], u["level"], u["parent"] or top or "",
                    rng.choice(PEOPLE), rng.randint(10, 99), rng.randint(100, 999)))
        return path

    def unit_register(self, u):
        """Milestone 1 at the unit: register, export, send."""
        cfg, code = u["cfg"], u["code"]
        start = D(2026, 3, 2)
        work = os.path.join(self.out, "work", code)
        os.makedirs(work, exist_ok=True)
        first = []
        if code == "DKPQ":
            pass
        elif u["parent"]:
            first.append((start, "units", "add", u["parent"], self.by_code[u["parent"]]["name"],
                          "--level", self.by_code[u["parent"]]["level"]))
            first.append((start, "units", "add", code, u["name"], "--level", u["level"],
                          "--parent", u["parent"]))
        else:
            first.append((start, "units", "add", code, u["name"], "--level", u["level"]))
        if 1 not in u["dates"]:
            self.sk.batch(cfg, first, os.path.join(work, "lenh-don-vi.txt"))
            return []
        day = u["dates"][1]
        reg = day - dt.timedelta(days=random.Random("%s/reg/%s" % (self.a.seed, code)).randint(0, 3))
        for k, it in enumerate(self.inits[code]):
            p = self.write(os.path.join(work, "mau01-%d.ini" % k), self.mau01(u, it, reg))
            first.append((reg, "add", p))
        out, err = self.sk.batch(cfg, first, os.path.join(work, "lenh-dang-ky.txt"))
        ids = [l for l in out.splitlines() if ID_LINE.match(l)]
        if len(ids) != len(self.inits[code]):
            raise Failure("%s: %d mã sáng kiến in ra cho %d phiếu\n%s%s" % (code, len(ids),
                          len(self.inits[code]), out, err))
        then = []
        for it, pid in zip(self.inits[code], ids):
            it["id"] = pid
            then.append((reg, "advance", pid, "registered"))
        # Phú Quốc's office sends nothing itself: its own file goes with its forward.
        sent = [(day, u, 1, None) if code == "DKPQ" else self.send(u, 1, day, lines=then)]
        self.sk.batch(cfg, then, os.path.join(work, "lenh-dang-ky-2.txt"))
        return sent

    def send(self, u, m, day, fix=0, tag="sua", lines=None):
        """The unit's workbook of milestone m, exported on day: run now, or
        added to a batch's lines."""
        name = "%s-m%d%s.xlsx" % (u["code"], m, "-%s%d" % (tag, fix) if fix else "")
        path = os.path.join(self.out, "sent", name)
        cmd = (day, "export", "-o", path, "--unit", u["code"], "--force")
        if lines is None:
            self.sk(u["cfg"], *cmd)
        else:
            lines.append(cmd)
        return (day, u, m, path)

    def unit_progress(self, u):
        if 1 not in u["dates"]:
            return []
        start = D(2026, 4, 1) + dt.timedelta(days=random.Random("%s/start/%s" % (self.a.seed, u["code"])).randint(0, 40))
        lines = [(start, "advance", it["id"], "implementing") for it in self.inits[u["code"]]]
        sent = []
        if 2 in u["dates"]:
            if u["code"] == "DKPQ":
                sent = [(u["dates"][2], u, 2, None)]
            else:
                sent = [self.send(u, 2, u["dates"][2], lines=lines)]
        self.sk.batch(u["cfg"], lines, os.path.join(self.out, "work", u["code"], "lenh-trien-khai.txt"))
        return sent

    def unit_round(self, u, rnd):
        m = 3 if rnd == 1 else 6
        if m not in u["dates"]:
            return []
        day = u["dates"][m]
        rep = day - dt.timedelta(days=1)
        work = os.path.join(self.out, "work", u["code"])
        sent, lines = [], []
        for it in self.inits[u["code"]]:
            p = self.write(os.path.join(work, "mau02-%d-%s.ini" % (rnd, it["id"])),
                           self.mau02(u, it, rnd, rep))
            lines.append((rep, "report", it["id"], "--round", str(rnd), p))
            if rnd == 1:
                lines.append((rep, "advance", it["id"], "round1_reported"))
        if u["code"] == "DKPQ":
            self.sk.batch(u["cfg"], lines, os.path.join(work, "lenh-dot-%d.txt" % rnd))
            return [(day, u, m, None)]
        sent.append(self.send(u, m, day, lines=lines))
        if u["twice"][m]:
            # A corrected workbook, twice: figures fixed after the first send.
            for fix in (1, 2):
                fday = day + dt.timedelta(days=2 * fix)
                it = self.inits[u["code"]][0]
                p = self.write(os.path.join(work, "mau02-%d-%s-sua%d.ini" % (rnd, it["id"], fix)),
                               self.mau02(u, it, rnd, rep, fix))
                lines.append((fday, "report", it["id"], "--round", str(rnd), p))
                sent.append(self.send(u, m, fday, fix, lines=lines))
        self.sk.batch(u["cfg"], lines, os.path.join(work, "lenh-dot-%d.txt" % rnd))
        return sent

    # -- transport: re-saved by someone's office software --------------------------------------
    def transport(self, sends, stage):
        """Each workbook re-saved by a path drawn at random; LibreOffice
        paths limited to self.lo_budget files in all (then openpyxl)."""
        plan = {"lo": [], "ods": [], "openpyxl": [], "untouched": []}
        got = []
        for s in sends:
            day, u, m, path = s
            how = self.rng.choice(["lo", "ods", "openpyxl", "untouched"])
            if how in ("lo", "ods"):
                if self.lo_budget <= 0:
                    how = "openpyxl"
                else:
                    self.lo_budget -= 1
            plan[how].append(s)
            self.resave_counts[how] = self.resave_counts.get(how, 0) + 1
        rec = os.path.join(self.out, "received")
        for s in plan["untouched"]:
            dst = os.path.join(rec, os.path.basename(s[3]))
            shutil.copyfile(s[3], dst)
            got.append(s[:3] + (dst,))
        for s in plan["openpyxl"]:
            dst = os.path.join(rec, os.path.basename(s[3]))
            wb = openpyxl.load_workbook(s[3])
            wb.save(dst)
            got.append(s[:3] + (dst,))
        prof = os.path.join(self.out, "work", "lo-profile")
        if plan["lo"]:
            tmp = os.path.join(self.out, "work", "lo-xlsx")
            lo_convert([s[3] for s in plan["lo"]], "xlsx", tmp, prof, stage)
            for s in plan["lo"]:
                src = os.path.join(tmp, os.path.basename(s[3]))
                dst = os.path.join(rec, os.path.basename(s[3]))
                if not os.path.exists(src):
                    raise Failure("LibreOffice did not re-save %s" % s[3])
                shutil.move(src, dst)
                got.append(s[:3] + (dst,))
        if plan["ods"]:
            tmp = os.path.join(self.out, "work", "lo-ods")
            lo_convert([s[3] for s in plan["ods"]], "ods", tmp, prof, stage)
            odss = [os.path.join(tmp, os.path.basename(s[3])[:-5] + ".ods") for s in plan["ods"]]
            tmp2 = os.path.join(self.out, "work", "lo-ods-xlsx")
            lo_convert(odss, "xlsx", tmp2, prof, stage)
            for s in plan["ods"]:
                src = os.path.join(tmp2, os.path.basename(s[3]))
                dst = os.path.join(rec, os.path.basename(s[3]))
                if not os.path.exists(src):
                    raise Failure("LibreOffice did not re-save %s via .ods" % s[3])
                shutil.move(src, dst)
                got.append(s[:3] + (dst,))
        return got

    # -- offices --------------------------------------------------------------------------------
    def receive(self, office_cfg, got, record, refused):
        """Import at the office, grouped by day received, in date order."""
        byday = {}
        for day, u, m, path in got:
            byday.setdefault(day, []).append((u, m, path))
        for day in sorted(byday):
            paths = [p for _, _, p in byday[day]]
            out, err = self.sk(office_cfg, day, "import", "--apply", "--received", vn(day), *paths,
                               ok=(0, 1))
            if "Đã nhận" not in out:
                refused.append((day, paths, err.strip()[:500]))
                continue
            for u, m, _ in byday[day]:
                record.setdefault((u["code"], m), day)

    def run(self):
        a = self.a
        t_all = time.monotonic()
        ST.start("1 kế hoạch, đơn vị")
        self.plan()
        for u in self.units:
            self.unit_dates(u)
        self.sk(self.province_cfg, D(2026, 3, 1), "units", "add", "VPUBND",
                "Văn phòng UBND tỉnh An Giang", "--level", "tinh")
        # The province's list of units, and Phú Quốc's office's own.
        self.sk(self.province_cfg, D(2026, 3, 1), "units", "import", "--apply",
                self.unit_list("danh-sach-don-vi-tinh.csv", self.units, "VPUBND"))
        self.sk(self.by_code["DKPQ"]["cfg"], D(2026, 3, 1), "units", "import", "--apply",
                self.unit_list("danh-sach-don-vi-dac-khu.csv",
                               [u for u in self.units if u["code"] == "DKPQ" or u["parent"] == "DKPQ"], None))
        ST.stop()
        agencies = [u for u in self.units if u["parent"] == "DKPQ"]
        direct = [u for u in self.units if u["parent"] != "DKPQ"]
        dk = self.by_code["DKPQ"]
        self.refused = []
        pool = ThreadPoolExecutor(max_workers=a.jobs)

        def unit_stage(name, fn, *extra):
            ST.start(name)
            sends = []
            for r in pool.map(lambda u: fn(u, *extra), self.units):
                sends += r
            ST.stop()
            return sends

        def deliver(name, m, sends):
            """Agencies' files to Phú Quốc's office, its forwards and
            everyone else's files to the province."""
            ST.start(name)
            own = [g for g in sends if g[1]["code"] == "DKPQ"]
            got = self.transport([g for g in sends if g[1]["code"] != "DKPQ"], name)
            to_dk = [g for g in got if g[1]["parent"] == "DKPQ"]
            to_prov = [g for g in got if g[1]["parent"] != "DKPQ"]
            # Phú Quốc's office: its agencies' files, then one workbook of
            # DKPQ and every agency, forwarded (again after late ones).
            fwd, carried = [], {}
            for k, fday in enumerate(self.forward_days(m, sends), 1):
                # What reached the office by the forward's day, then the forward.
                self.receive(dk["cfg"], [g for g in to_dk if g[0] <= fday], self.dk_record,
                             self.refused)
                to_dk = [g for g in to_dk if g[0] > fday]
                self.sk(dk["cfg"], fday, "check", ok=(0, 1))
                f = self.send(dk, m, fday, fix=k, tag="chuyen")
                fwd.append(f)
                carried[f[3]] = [c for (c, mm), d in self.dk_record.items() if mm == m and d <= fday]
                if own and own[0][0] <= fday:
                    carried[f[3]].append("DKPQ")
            self.receive(dk["cfg"], to_dk, self.dk_record, self.refused)
            fgot = self.transport(fwd, name)
            self.receive(self.province_cfg, to_prov, self.record, self.refused)
            for g, f in zip(sorted(fgot, key=lambda g: g[0]), sorted(fwd, key=lambda g: g[0])):
                n0 = len(self.refused)
                self.receive(self.province_cfg, [g], {}, self.refused)
                if len(self.refused) == n0:
                    for c in carried[f[3]]:
                        self.record.setdefault((c, m), g[0])
            ST.stop()

        # Milestone 1: registration.
        s1 = unit_stage("2 đăng ký (Mẫu 01) tại đơn vị", self.unit_register)
        deliver("3 nhận Mẫu 01", 1, s1)
        self.snapshot(D(2026, 4, 25))
        s2 = unit_stage("4 triển khai tại đơn vị", self.unit_progress)
        deliver("5 nhận tiến độ", 2, s2)
        self.snapshot(D(2026, 7, 25))
        s3 = unit_stage("6 báo cáo đợt 1 tại đơn vị", self.unit_round, 1)
        deliver("7 nhận đợt 1", 3, s3)
        self.snapshot(D(2026, 8, 15))
        ST.start("8 thẩm định sơ bộ (tỉnh)")
        self.appraise()
        ST.stop()
        self.snapshot(D(2026, 11, 1))
        s6 = unit_stage("9 báo cáo đợt 2 tại đơn vị", self.unit_round, 2)
        deliver("10 nhận đợt 2", 6, s6)
        self.snapshot(D(2026, 12, 12))
        ST.start("11 hội đồng, kết luận, ngân hàng, khen thưởng")
        self.council()
        ST.stop()
        ST.start("12 in (LibreOffice → pages/*.pdf)")
        self.print_pages()
        ST.stop()
        ST.start("13 kiểm tra độc lập")
        self.checks()
        ST.stop()
        pool.shutdown()
        self.total_wall = time.monotonic() - t_all
        return self.summary()

    def snapshot(self, today):
        """`due` at both offices on a day after a round of files, with
        what this script expects from its own record at that moment."""
        self.snaps = getattr(self, "snaps", [])
        self.snaps.append((today, self.sk(self.province_cfg, today, "due")[0],
                           self.sk(self.by_code["DKPQ"]["cfg"], today, "due")[0],
                           self.province_gaps(today), self.dk_gaps(today)))

    def forward_days(self, m, sends):
        """When Phú Quốc's office forwards milestone m: on the province's
        deadline, and again 3 days after its last late agency file."""
        due = {1: D(2026, 3, 31), 2: D(2026, 6, 30), 3: D(2026, 7, 15), 6: D(2026, 11, 15)}[m]
        days = [due]
        late = [d for d, u, mm, _ in sends if u["parent"] == "DKPQ" and d >= due]
        if late:
            days.append(max(late) + dt.timedelta(days=3))
        for d, u, mm, _ in sends:
            if u["code"] == "DKPQ" and d > due:
                days[0] = d
        return sorted(set(days))

    # -- the province's own work --------------------------------------------------------------
    def province_ids(self, stage=None):
        db = sqlite3.connect(os.path.join(self.out, "province.db"))
        q = "SELECT public_id FROM initiative" + (" WHERE stage = ?" if stage else "") + " ORDER BY id"
        ids = [r[0] for r in db.execute(q, (stage,) if stage else ())]
        db.close()
        return ids

    def appraise(self):
        """Milestone 4: a preliminary sheet for every round-1 report, then
        feedback (milestone 5: improving) on 05/09."""
        P = self.province_cfg
        work = os.path.join(self.out, "work")
        lines = []
        for pid in self.province_ids("round1_reported"):
            rng = random.Random("%s/pre/%s" % (self.a.seed, pid))
            pts = [10, rng.randint(18, 33), rng.randint(10, 19), rng.randint(7, 14), rng.randint(10, 19)]
            text = "\n".join(["[mau03]", "level = preliminary",
                              "evaluator = Tổ thẩm định Văn phòng UBND tỉnh",
                              "eval_date = 25/08/2026", "legal_pass = có",
                              "comments = Có số liệu trước – sau, cần bổ sung minh chứng.", ""] +
                             ["[score.%d]\ncriterion = %s\npoints = %d\n" % (i + 1, c, p)
                              for i, (c, p) in enumerate(zip("abcdđ", pts))])
            p = self.write(os.path.join(work, "so-bo-%s.ini" % pid), text)
            lines += [(D(2026, 8, 25), "score", pid, p),
                      (D(2026, 8, 25), "advance", pid, "preliminary_appraised"),
                      (D(2026, 9, 5), "advance", pid, "improving")]
            self.improved = getattr(self, "improved", set())
            self.improved.add(pid.split("-2026-")[0])
        self.sk.batch(P, lines, os.path.join(work, "lenh-tham-dinh.txt"))

    def council(self):
        P = self.province_cfg
        work = os.path.join(self.out, "work")
        # Round 2 received: the office moves each to «round 2 reported».
        # Those whose round 2 has not come are refused (exit 1) and stay.
        waiting = self.province_ids("improving")
        self.sk.batch(P, [(D(2026, 11, 20), "advance", pid, "round2_reported") for pid in waiting],
                      os.path.join(work, "lenh-nhan-dot-2.txt"), ok=(0, 1), keep_going=True)
        moved = [pid for pid in self.province_ids("round2_reported") if pid in set(waiting)]
        self.round2 = moved
        members = [("Nguyễn Thanh Bình", "Phó Chủ tịch UBND tỉnh", "UBND tỉnh An Giang", "Chủ tịch Hội đồng"),
                   ("Trần Thị Thu Hà", "Chánh Văn phòng", "Văn phòng UBND tỉnh An Giang", "Phó Chủ tịch Hội đồng"),
                   ("Đinh Văn An", "Phó Giám đốc", "Sở Xây dựng", None),
                   ("Lê Thị Bích", "Trưởng phòng", "Sở Y tế", None),
                   ("Hồ Văn Cường", "Chuyên viên chính", "Sở Khoa học và Công nghệ", None),
                   ("Phạm Minh Tuấn", "Phó Giám đốc", "Sở Tư pháp", None),
                   ("Võ Thị Kim Loan", "Phó Giám đốc", "Sở Nội vụ", None),
                   ("Châu Ngọc Hải", "Trưởng phòng", "Sở Tài chính", None),
                   ("Lâm Thị Diễm", "Thư ký", "Văn phòng UBND tỉnh An Giang", "Thư ký")]
        lines = [(D(2026, 11, 16), "council", "add", name, "--position", pos, "--agency", ag)
                 for name, pos, ag, role in members]
        # Three members to each initiative, in turn.
        assign = {m[0]: [] for m in members}
        for i, pid in enumerate(moved):
            for k in range(3):
                assign[members[(3 * i + k) % 9][0]].append(pid)
        lines += [(D(2026, 11, 17), "council", "assign", name, *ids)
                  for name, ids in assign.items() if ids]
        self.sk.batch(P, lines, os.path.join(work, "lenh-hoi-dong.txt"))
        sheets = os.path.join(self.out, "council", "gui")
        out, _ = self.sk(P, D(2026, 11, 18), "council", "sheets", "-o", sheets, "--force")
        # Each member fills the workbook: points per criterion, known here.
        maxes = [10, 35, 20, 15, 20]
        self.expect_scores = {}
        back = []
        for line in out.splitlines():
            parts = line.split("\t")
            if len(parts) < 3 or not parts[-1].endswith(".xlsx"):
                continue
            name, path = parts[0], parts[-1]
            spec = {}
            for pid in assign.get(name, []):
                rng = random.Random("%s/cham/%s/%s" % (self.a.seed, name, pid))
                pts = [float(mx) * rng.choice([0.5, 0.6, 0.7, 0.8, 0.9, 1.0]) for mx in maxes]
                pts = [round(p * 2) / 2 for p in pts]
                legal = "Có" if rng.random() > 0.03 else "Không"
                spec[pid] = {"legal": legal, "points": pts, "comment": "Đạt yêu cầu",
                             "date": "2026-11-27"}
                self.expect_scores.setdefault(pid, []).append((name, sum(pts), legal))
            sp = self.write(os.path.join(work, "cham-%s.json" % fold(name).replace(" ", "-")),
                            json.dumps(spec, ensure_ascii=False))
            dst = os.path.join(self.out, "council", "ve-" + os.path.basename(path))
            subprocess.run(["/usr/bin/python3", os.path.join(SRC, "tests", "council_fill.py"),
                            "fill", path, dst, sp], check=True)
            back.append((D(2026, 11, 28), {"code": name, "parent": None}, 7, dst))
        got = self.transport(back, ST.cur)
        self.sk.batch(P, [(day, "import", "--apply", "--received", vn(day), path)
                          for day, _, _, path in got], os.path.join(work, "lenh-nhan-phieu.txt"))
        # Conclusions: recognised when every sheet passed the gate and the mean reaches 70.
        self.decided = {}
        lines = []
        for pid in moved:
            sc = self.expect_scores.get(pid, [])
            if not sc:
                continue
            lines.append((D(2026, 12, 1), "advance", pid, "scored"))
            mean = sum(s for _, s, _ in sc) / len(sc)
            yes = mean >= 70 and all(l == "Có" for _, _, l in sc)
            text = "\n".join(["[mau03-ketluan]", "decided_on = 03/12/2026",
                              "recognised = %s" % ("có" if yes else "không"),
                              "scope_class = cap_xa", "replication_lead = Sở Nội vụ",
                              "replication_roadmap = Nhân rộng tại các đơn vị cùng cấp từ quý I/2027",
                              "replication_indicators = Tỷ lệ hồ sơ trực tuyến",
                              "effectiveness_class = %s" % ("tot" if mean >= 80 else "dat"), ""] +
                             (["[reward.1]", "kind = individual", "name = %s" % self.lead_of(pid),
                               "unit_name = %s" % self.unit_name_of(pid),
                               "award = %s" % ("bang_khen_ubnd" if mean >= 85 else "giay_khen_vp"),
                               "reason = Chủ trì sáng kiến được công nhận cấp tỉnh năm 2026", ""] if yes else []))
            p = self.write(os.path.join(work, "ket-luan-%s.ini" % pid), text)
            lines.append((D(2026, 12, 3), "decide", pid, p))
            lines.append((D(2026, 12, 3), "advance", pid, "recognised" if yes else "not_recognised"))
            if yes:
                lines.append((D(2026, 12, 10), "advance", pid, "published"))
            self.decided[pid] = yes
        self.sk.batch(P, lines, os.path.join(work, "lenh-ket-luan.txt"))
        rep = os.path.join(self.out, "reports")
        os.makedirs(rep, exist_ok=True)
        self.agenda_tsv, _ = self.sk(P, D(2026, 12, 2), "council", "agenda")
        self.sk(P, D(2026, 12, 2), "council", "agenda", "-o", os.path.join(rep, "chuong-trinh-hop.xlsx"), "--force")
        self.sk(P, D(2026, 12, 15), "bank", "export", "-o", os.path.join(rep, "ngan-hang-sang-kien.xlsx"), "--force")
        self.sk(P, D(2026, 12, 15), "rewards", "-o", os.path.join(rep, "khen-thuong.xlsx"), "--force",
                ok=(0, 1))
        self.sk(P, D(2026, 12, 20), "export", "--summary", "-o", os.path.join(rep, "tong-hop.xlsx"), "--force")

    def lead_of(self, pid):
        for lst in self.inits.values():
            for it in lst:
                if it.get("id") == pid:
                    return it["lead"]
        return "Nguyễn Văn Đức"

    def unit_name_of(self, pid):
        code = pid.split("-2026-")[0]
        return self.by_code[code]["name"] if code in self.by_code else code

    def print_pages(self):
        rep = os.path.join(self.out, "reports")
        files = [os.path.join(rep, f) for f in ("chuong-trinh-hop.xlsx", "ngan-hang-sang-kien.xlsx",
                                                "khen-thuong.xlsx")]
        files = [f for f in files if os.path.exists(f)]
        self.printed = []
        if not shutil.which("soffice") or not shutil.which("pdftotext"):
            return
        lo_convert(files, "pdf", os.path.join(self.out, "pages"),
                   os.path.join(self.out, "work", "lo-profile"), ST.cur)
        self.printed = sorted(os.path.join(self.out, "pages", f)
                              for f in os.listdir(os.path.join(self.out, "pages")) if f.endswith(".pdf"))

    # -- independent checks --------------------------------------------------------------------
    def fig(self, name, value, zero=False):
        self.figures.append((name, value, zero))

    def checks(self):
        # The program's answers first: an open python connection would hold
        # a read lock the program's start-up waits on.
        self.similar_out = {}
        by_theme = {}
        for c, lst in self.inits.items():
            for it in lst:
                if "id" in it:
                    by_theme.setdefault(it["theme"], []).append(it["id"])
        ids_in_prov = set(self.province_ids())
        for th, ids in sorted(by_theme.items())[:12]:
            ids = [i for i in ids if i in ids_in_prov]
            if len(ids) >= 2:
                self.similar_out[th] = (ids, self.sk(self.province_cfg, D(2026, 12, 20), "similar", ids[0])[0])
        prov = sqlite3.connect(os.path.join(self.out, "province.db"))
        unit_dbs = [os.path.join(self.out, "units", u["code"] + ".db") for u in self.units
                    if u["code"] != "DKPQ"] + [os.path.join(self.out, "dackhu.db")]
        # Initiatives each unit registered and sent at least once.
        sent_ids = set()
        all_unit = 0
        udata = {}
        for path in unit_dbs:
            db = sqlite3.connect(path)
            # Its own initiatives only (Phú Quốc's office also holds its agencies').
            own = os.path.basename(path)[:-3]
            own = "DKPQ" if own == "dackhu" else own
            all_unit += db.execute("SELECT count(*) FROM initiative i JOIN unit u ON u.id = i.unit_id "
                                   "WHERE u.code = ?", (own,)).fetchone()[0]
            udata.update(dump_initiatives(db, own_only=own))
            db.close()
        p_all = prov.execute("SELECT count(*) FROM initiative").fetchone()[0]
        pdata = dump_initiatives(prov)
        expected_ids = {u["code"] for u in self.units if (u["code"], 1) in self.record}
        expected = sum(len(self.inits[c]) for c in expected_ids)
        self.fig("sáng kiến trong cơ sở dữ liệu của tỉnh / trong mọi cơ sở dữ liệu đơn vị",
                 "%d / %d" % (p_all, all_unit))
        self.fig("sáng kiến tỉnh phải có (đơn vị đã gửi Mẫu 01) khác số tỉnh có", abs(expected - p_all), True)
        differ = []
        for uuid, rows in udata.items():
            if uuid not in pdata:
                if rows["unit"] in expected_ids:
                    differ.append("%s: thiếu ở tỉnh" % rows["public_id"])
                continue
            for k, v in rows.items():
                if pdata[uuid].get(k) != v:
                    differ.append("%s %s: đơn vị %r, tỉnh %r" % (rows["public_id"], k, v, pdata[uuid].get(k)))
        self.fig("giá trị khác nhau giữa đơn vị và tỉnh", len(differ), True)
        self.differ = differ
        # Deadlines and who is missing: `due` at the province (and Phú Quốc's
        # office) on days after each deadline, against this script's record.
        self.gap_problems = []
        checked = 0
        for today, out, dkout, exp, dkexp in self.snaps:
            checked += self.compare_gaps(out, today, "tỉnh", exp)
            checked += self.compare_gaps(dkout, today, "đặc khu", dkexp)
        self.fig("dòng đơn vị thiếu/trễ theo mốc đã đối chiếu (tỉnh và đặc khu, %d ngày)" % len(self.snaps) + "", checked)
        self.fig("đơn vị thiếu/trễ theo mốc khác với sổ của kịch bản", len([g for g in self.gap_problems if g[0] == "who"]), True)
        self.fig("hạn tính sai so với lịch độc lập (số ngày, ngày nộp)", len([g for g in self.gap_problems if g[0] == "days"]), True)
        for m in (1, 2, 3, 6):
            miss = sorted(u["code"] for u in self.units if u["code"] != "DKPQ" and (u["code"], m) not in self.record)
            self.fig("mốc %d: đơn vị không gửi đến cuối năm (sổ của kịch bản)" % m, len(miss))
        # The council: means against a recomputation from the sheets filled.
        agenda = {}
        for line in self.agenda_tsv.splitlines():
            f = line.split("\t")
            if len(f) > 4 and "-2026-" in f[1]:
                agenda[f[1]] = f
        self.agenda = agenda
        bad = []
        for pid, sc in self.expect_scores.items():
            mean = sum(s for _, s, _ in sc) / len(sc)
            got = prov.execute(
                "SELECT avg(e.total), count(*) FROM evaluation e JOIN initiative i ON i.id = e.initiative_id "
                "WHERE i.public_id = ? AND e.level = 'provincial'", (pid,)).fetchone()
            if got[1] != len(sc) or abs((got[0] or 0) - mean) > 0.001:
                bad.append("%s: %s sheets mean %s, expected %d mean %.2f" % (pid, got[1], got[0], len(sc), mean))
            line = agenda.get(pid)
            if not line or not any(abs(parse_num(x) - mean) < 0.051 for x in line if parse_num(x) is not None):
                bad.append("%s: agenda %s, mean %.2f" % (pid, line, mean))
        self.fig("phiếu chấm Hội đồng (3 thành viên mỗi sáng kiến)", sum(len(s) for s in self.expect_scores.values()))
        self.fig("điểm trung bình của Hội đồng khác với tính lại", len(bad), True)
        self.council_bad = bad
        n_rec = sum(1 for v in self.decided.values() if v)
        got_pub = prov.execute("SELECT count(*) FROM initiative WHERE stage = 'published'").fetchone()[0]
        self.fig("sáng kiến được công nhận, công bố / kết luận", "%d / %d" % (got_pub, len(self.decided)))
        self.fig("sáng kiến công bố khác số kết luận công nhận", abs(got_pub - n_rec), True)
        # Near-duplicates: `similar` finds another unit's wording of the same theme.
        found = tried = 0
        for th, (ids, out) in self.similar_out.items():
            tried += 1
            hits = [l.split("\t")[0] for l in out.splitlines() if "\t" in l]
            if any(h in ids[1:] for h in hits):
                found += 1
        self.fig("gần trùng: chủ đề có sáng kiến gần giống ở đơn vị khác được «similar» tìm thấy", "%d / %d" % (found, tried))
        self.fig("gần trùng không được tìm thấy", tried - found, True)
        self.fig("tệp bị từ chối khi nhận", len(self.refused), True)
        # Printed pages.
        bad_pages = 0
        self.print_out = ""
        if self.printed:
            r = subprocess.run(["/usr/bin/python3", os.path.join(SRC, "tests", "print_check.py"),
                                "--forms", os.path.join(SRC, "forms")] + self.printed,
                               capture_output=True, text=True)
            self.print_out = r.stdout
            bad_pages = sum(1 for l in r.stdout.splitlines() if l.startswith("not ok"))
            self.fig("trang in (pages/*.pdf)", "%d tệp" % len(self.printed))
            self.fig("kiểm tra trang in không đạt (chữ chồng, dưới 8 pt, trang lẻ)", bad_pages, True)
        prov.close()

    def office_gaps(self, today, record, units, due_of):
        """Expected «chưa nộp» / «nộp trễ» lines: {(kind, m, code): (days, date)}."""
        exp = {}
        for u in units:
            for m, due in due_of(u).items():
                if due >= today and not self.current(today, m):
                    continue
                d = self.sent_on(record, u, m, today)
                if d is None:
                    exp[("chưa nộp", m, u["code"])] = ((due - today).days, None)
                elif d > due:
                    exp[("nộp trễ", m, u["code"])] = ((d - due).days, vn(d))
        return exp

    def current(self, today, m):
        spans = {1: (D(2026, 1, 1), D(2026, 3, 31)), 2: (D(2026, 4, 1), D(2026, 6, 30)),
                 3: (D(2026, 7, 1), D(2026, 7, 15)), 5: (D(2026, 9, 1), D(2026, 10, 31)),
                 6: (D(2026, 11, 1), D(2026, 11, 15))}
        a, b = spans[m]
        return a <= today <= b

    def sent_on(self, record, u, m, today):
        """When u's milestone m counts as sent at this office by today: the
        first file carrying it; milestone 2 also by a later part (the
        stage reached past it); 5 by the province's feedback on 05/09."""
        if m == 5:
            if record is self.dk_record:
                return None
            return D(2026, 9, 5) if u["code"] in getattr(self, "improved", set()) and today >= D(2026, 9, 5) else None
        ds = [record.get((u["code"], k)) for k in ((2, 3, 6) if m == 2 else (3, 6) if m == 3 else (m,))]
        ds = [d for d in ds if d and d <= today]
        return min(ds) if ds else None

    def province_gaps(self, today):
        units = [u for u in self.units]
        dues = {1: D(2026, 3, 31), 2: D(2026, 6, 30), 3: D(2026, 7, 15), 5: D(2026, 10, 31), 6: D(2026, 11, 15)}
        return self.office_gaps(today, self.record, units, lambda u: dues)

    def dk_gaps(self, today):
        units = [u for u in self.units if u["parent"] == "DKPQ"]
        dues = {1: D(2026, 3, 30), 2: D(2026, 6, 30), 3: D(2026, 7, 15), 5: D(2026, 10, 31), 6: D(2026, 11, 15)}
        return self.office_gaps(today, self.dk_record, units, lambda u: dues)

    def compare_gaps(self, out, today, office, exp):
        got = {}
        for line in out.splitlines():
            f = line.split("\t")
            if f[0] in ("chưa nộp", "nộp trễ") and len(f) >= 5:
                m = int(f[1].split(")")[0].strip("("))
                got[(f[0], m, f[2])] = (int(f[4]), f[5] if len(f) > 5 else None)
        for k in set(exp) | set(got):
            if k not in got or k not in exp:
                self.gap_problems.append(("who", office, vn(today), k, exp.get(k), got.get(k)))
            elif got[k] != exp[k]:
                self.gap_problems.append(("days", office, vn(today), k, exp[k], got[k]))
        return len(got)

    # -- summary -------------------------------------------------------------------------------
    def summary(self):
        L = []
        nz = 0
        for name, value, zero in self.figures:
            flag = ""
            if zero and value != 0:
                flag = "   <-- phải là 0"
                nz += 1
            L.append("%s: %s%s" % (name, value, flag))
        L.append("đơn vị: %d (sở/ban/ngành %d, xã/phường %d, đặc khu 1 với %d cơ quan)" % (
            len(self.units), sum(u["level"] in ("so", "ban", "nganh") for u in self.units),
            sum(u["level"] in ("xa", "phuong") for u in self.units),
            sum(u["parent"] == "DKPQ" for u in self.units)))
        L.append("sáng kiến đăng ký: %d" % sum(len([i for i in l if "id" in i]) for l in self.inits.values()))
        L.append("đường lưu lại của tệp gửi lên: %s" % ", ".join(
            "%s %d" % kv for kv in sorted(self.resave_counts.items())))
        tot = dict(wall=0, prog_wall=0, prog_cpu=0, prog_rss=0, calls=0, lo_wall=0)
        for name in ST.order:
            r = ST.rows[name]
            L.append("giai đoạn %s: %.1f s, chương trình %d lần %.1f s (CPU %.1f s, bộ nhớ đỉnh %d MB), LibreOffice %.1f s (%d tệp)" % (
                name, r["wall"], r["calls"], r["prog_wall"], r["prog_cpu"], r["prog_rss"] // 1024,
                r["lo_wall"], r["lo_files"]))
            for k in tot:
                tot[k] = max(tot[k], r[k]) if k == "prog_rss" else tot[k] + r[k]
        L.append("tổng: %.1f s, trong đó LibreOffice %.1f s; chương trình %d lần, %.1f s (CPU %.1f s), bộ nhớ đỉnh %d MB; không kể LibreOffice %.1f s" % (
            self.total_wall, tot["lo_wall"], tot["calls"], tot["prog_wall"], tot["prog_cpu"],
            tot["prog_rss"] // 1024, self.total_wall - tot["lo_wall"]))
        busy = union_length(SPANS)
        L.append("thời gian chương trình (thời gian thực khi có ít nhất một lần chạy, %d nhân; "
                 "đơn vị chạy %d cùng lúc): %.1f s; CPU %.1f s; chuẩn: dưới 60 s — %s" % (
                     os.cpu_count() or 0, self.a.jobs, busy, tot["prog_cpu"],
                     "đạt" if busy < 60 and tot["prog_cpu"] < 60 else "KHÔNG ĐẠT"))
        # What a start alone costs on this machine now: `--version` (no
        # database, no forms), 20 times; times the number of runs.
        ST.start("khởi động (--version)")
        for _ in range(20):
            run_timed([self.a.program, "--version"], ST.cur)
        ST.stop()
        v = ST.rows["khởi động (--version)"]
        L.append("chi phí khởi động một lần chạy (sangkien --version, 20 lần): %.1f ms, CPU %.1f ms; × %d lần chạy = %.1f s, CPU %.1f s" % (
            1000 * v["prog_wall"] / 20, 1000 * v["prog_cpu"] / 20, tot["calls"],
            tot["calls"] * v["prog_wall"] / 20, tot["calls"] * v["prog_cpu"] / 20))
        L.append("tải máy lúc kết thúc (loadavg 1, 5, 15 phút): %s" % " ".join(open("/proc/loadavg").read().split()[:3]))
        L.append("bộ nhớ đỉnh của kịch bản (python): %d MB" % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024))
        L.append("figures that must be 0 and are not: %d" % nz)
        with open(os.path.join(self.out, "summary.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(L) + "\n")
        with open(os.path.join(self.out, "work", "details.txt"), "w", encoding="utf-8") as f:
            f.write("# fields that differ\n" + "\n".join(self.differ) + "\n")
            f.write("# gaps\n" + "\n".join(repr(g) for g in self.gap_problems) + "\n")
            f.write("# council\n" + "\n".join(self.council_bad) + "\n")
            f.write("# refused\n" + "\n".join(repr(r) for r in self.refused) + "\n")
            f.write("# print\n" + self.print_out)
        print("\n".join(L))
        return 1 if nz else 0


def parse_num(s):
    try:
        return float(s.replace(",", "."))
    except ValueError:
        return None


# The unit-owned data of every initiative, keyed by UUID: Mẫu 01 columns,
# indicators, both reports with measurements, stage times and evidence rows.
SKIP_COLS = {"entity_id", "indicator_id", "id", "unit_id", "initiative_id", "report_id", "stage", "created_at", "updated_at",
             "stored_path", "search_text"}


def rows_of(db, table, where, params):
    cols = [r[1] for r in db.execute("PRAGMA table_info(%s)" % table) if r[1] not in SKIP_COLS]
    if not cols:
        return []
    return sorted(tuple(r) for r in db.execute(
        "SELECT %s FROM %s WHERE %s" % (", ".join(cols), table, where), params))


def dump_initiatives(db, own_only=None):
    out = {}
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for iid, uuid, pid, ucode in db.execute(
            "SELECT i.id, i.uuid, i.public_id, u.code FROM initiative i JOIN unit u ON u.id = i.unit_id"
            + (" WHERE u.code = ?" if own_only else ""), (own_only,) if own_only else ()).fetchall():
        d = {"public_id": pid, "unit": ucode}
        cols = [r[1] for r in db.execute("PRAGMA table_info(initiative)") if r[1] not in SKIP_COLS]
        row = db.execute("SELECT %s FROM initiative WHERE id = ?" % ", ".join(cols), (iid,)).fetchone()
        for c, v in zip(cols, row):
            d["mau01." + c] = v
        for t in ("indicator", "author", "evidence"):
            if t in tables:
                d[t] = rows_of(db, t, "initiative_id = ?", (iid,))
        d["extra_field"] = rows_of(db, "extra_field", "entity = 'initiative' AND entity_id = ?", (iid,))
        for rid, rnd in db.execute("SELECT id, round FROM report WHERE initiative_id = ?", (iid,)).fetchall():
            d["report.%d" % rnd] = rows_of(db, "report", "id = ?", (rid,))
            for t in ("measurement", "stage_time"):
                d["%s.%d" % (t, rnd)] = rows_of(db, t, "report_id = ?", (rid,))
        out[uuid] = d
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--units", type=int, default=120)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--program", default=os.path.join(SRC, "build", "sangkien"))
    ap.add_argument("--lo", type=int, default=10 ** 6, help="LibreOffice re-saves at most")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    if a.units < 6:
        ap.error("--units: at least 6")
    # A copy: a rebuild during the run must not change the program under it.
    os.makedirs(os.path.join(a.outdir, "work"), exist_ok=True)
    prog = os.path.join(os.path.abspath(a.outdir), "work", "sangkien")
    shutil.copy2(a.program, prog)
    a.program = prog
    global FONTS
    FONTS = os.path.join(os.path.abspath(a.outdir), "work", "fonts.conf")
    os.makedirs(os.path.dirname(FONTS), exist_ok=True)
    with open(FONTS, "w") as f:
        f.write("""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <match target="pattern">
    <test qual="any" name="family"><string>Calibri</string></test>
    <edit name="family" mode="assign" binding="strong"><string>Liberation Sans</string></edit>
  </match>
</fontconfig>
""")
    y = Year(a)
    try:
        return y.run()
    except Failure as e:
        print("province-year: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
