#!/usr/bin/python3
"""Read a unit workbook back (openpyxl) and check what a provincial reviewer
checks on paper (issue 12).  One line per check: "ok DESCRIPTION" or
"not ok DESCRIPTION: why"; exit status 0 when every check passed.

    export_layout.py FORMS_DIR WORKBOOK CHECK...

CHECK is one of
    nocodes                 no printed cell is a choice code of forms/*.ini
    unitname=CODE=NAME      the unit prints by its name, never its code
    sections                headings numbered I, II, III... without gaps
    placedate               each form's place-and-date line carries its own date
    issuer=UNIT             Mẫu 03: the council heads its sheets and the
                            conclusion; a self-assessment is headed by UNIT
    pair=ID=NAME=UNIT=TARGET=CHANGE=VERDICT
                            Mẫu 02 of initiative ID, indicator NAME: unit of
                            measure, target, change and đạt beside the pair
    indicator=ID=NAME=VERDICT   the «Chỉ tiêu» sheet's verdict
    charts                  each chart's series share one unit of measure
    text=ID=LABEL=VALUE     Mẫu 01 of ID: the cell of LABEL is exactly VALUE
                            (Python escapes: \\n, \\t)
"""
import configparser
import glob
import os
import re
import sys
import zipfile
from datetime import datetime

import openpyxl

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
         "XIV", "XV"]
HEAD_RE = re.compile(r"^([IVXLC]+)\. ")

failed = False


def report(ok, what, why=""):
    global failed
    if ok:
        print("ok %s" % what)
    else:
        failed = True
        print("not ok %s: %s" % (what, why))


def choice_codes(forms_dir):
    """{code: list key} of every choice list and catalogue item, and the set
    of lists that print their code (show_code)."""
    codes, shown = {}, set()
    for path in glob.glob(os.path.join(forms_dir, "mau*.ini")):
        cp = configparser.ConfigParser(interpolation=None, strict=False,
                                       inline_comment_prefixes=None, comment_prefixes=(";", "#"))
        cp.optionxform = str
        cp.read(path, encoding="utf-8")
        for sec in cp.sections():
            if sec.startswith("choices."):
                key = sec[len("choices."):]
                for k, v in cp.items(sec):
                    if k == "show_code":
                        if v.strip().lower() in ("có", "co", "yes", "1"):
                            shown.add(key)
                        continue
                    codes.setdefault(v.split("|")[0].strip(), key)
            elif sec.startswith("catalogue."):
                codes.setdefault(cp.get(sec, "code").strip(), "catalogue")
            elif sec.startswith("band."):
                codes.setdefault(cp.get(sec, "code").strip(), "band")
    return codes, shown


def visible_cells(wb):
    """(sheet, cell) of every non-empty cell a printout shows."""
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        hidden = {k for k, d in ws.column_dimensions.items() if d.hidden}
        for row in ws.iter_rows():
            for c in row:
                if c.value is None or not hasattr(c, "column_letter"):
                    continue
                if c.column_letter in hidden:
                    continue
                yield ws, c


def form_sheets(wb, code):
    return [ws for ws in wb.worksheets if ws.sheet_state == "visible" and code in ws.title]


def blocks(ws):
    """Rows of each printed form on a sheet (Mẫu 03 holds several): a block
    starts at the motto row."""
    starts = [c.row for row in ws.iter_rows() for c in row
              if c.value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    out = []
    for i, s in enumerate(starts):
        end = starts[i + 1] - 1 if i + 1 < len(starts) else ws.max_row
        out.append((s, end))
    return out


def label_value(ws, r0, r1, label):
    for r in range(r0, r1 + 1):
        if ws.cell(r, 3).value == label:
            return ws.cell(r, 4).value
    return None


def check_nocodes(wb, forms_dir):
    codes, shown = choice_codes(forms_dir)
    bad = []
    for ws, c in visible_cells(wb):
        if not isinstance(c.value, str):
            continue
        v = c.value.strip()
        if v in codes and codes[v] not in shown:
            bad.append("%s!%s=%r" % (ws.title, c.coordinate, v))
        m = re.match(r"^([^\s)]+)\) ", v)
        if m and m.group(1) in codes and codes[m.group(1)] not in shown:
            bad.append("%s!%s=%r" % (ws.title, c.coordinate, v[:40]))
    report(not bad, "no printed cell is a choice code", "; ".join(bad[:8]))


def check_unitname(wb, code, name):
    bad = ["%s!%s" % (ws.title, c.coordinate) for ws, c in visible_cells(wb) if c.value == code]
    seen = any(label_value(ws, 1, ws.max_row, "Cơ quan, đơn vị đăng ký") == name
               for ws in form_sheets(wb, "Mẫu 01"))
    report(not bad and seen, "the unit prints as «%s», never «%s»" % (name, code),
           "code at %s; name on Mẫu 01: %s" % (bad[:5], seen))


def check_sections(wb):
    bad = []
    n = 0
    for ws in wb.worksheets:
        if ws.sheet_state != "visible" or "Mẫu" not in ws.title:
            continue
        for r0, r1 in blocks(ws):
            nums = []
            for r in range(r0, r1 + 1):
                v = ws.cell(r, 3).value
                if isinstance(v, str):
                    m = HEAD_RE.match(v)
                    if m:
                        nums.append(m.group(1))
            n += 1
            if nums != ROMAN[:len(nums)] or len(nums) < 2:
                bad.append("%s (row %d): %s" % (ws.title, r0, " ".join(nums)))
    report(n > 0 and not bad, "sections numbered I, II, III... without gaps on %d forms" % n,
           "; ".join(bad[:6]))


DATE_LABELS = {"Mẫu 01": "Ngày đăng ký", "Mẫu 02": "Ngày báo cáo", "Mẫu 03": "Ngày đánh giá"}


def check_placedate(wb):
    bad = []
    n = 0
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        kind = next((k for k in DATE_LABELS if k in ws.title), None)
        if not kind:
            continue
        for r0, r1 in blocks(ws):
            pd = None
            for r in range(r0, min(r0 + 5, r1) + 1):
                v = ws.cell(r, 4).value
                if isinstance(v, str) and ", ngày " in v:
                    pd = v
            title = " ".join(str(ws.cell(r, 3).value) for r in range(r0, min(r0 + 8, r1) + 1))
            label = "Ngày kết luận" if "KẾT LUẬN" in title else DATE_LABELS[kind]
            d = label_value(ws, r0, r1, label)
            if not isinstance(d, datetime):
                continue
            n += 1
            want = "ngày %02d tháng %s năm %d" % (d.day, ("%02d" if d.month <= 2 else "%d") % d.month,
                                                 d.year)
            if not pd or want not in pd:
                bad.append("%s row %d: %r, form says %s" % (ws.title, r0, pd, d.date()))
    report(n > 0 and not bad, "place-and-date line carries the form's own date (%d forms)" % n,
           "; ".join(bad[:5]))


def check_issuer(wb, unit):
    bad = []
    council = self_ = 0
    for ws in form_sheets(wb, "Mẫu 03"):
        for r0, r1 in blocks(ws):
            left = " / ".join(str(ws.cell(r, 3).value) for r in (r0, r0 + 1)
                              if ws.cell(r, 3).value)
            title = " ".join(str(ws.cell(r, 3).value) for r in range(r0, min(r0 + 8, r1) + 1))
            level = label_value(ws, r0, r1, "Cấp đánh giá")
            if level == "Tự đánh giá" and "KẾT LUẬN" not in title:
                self_ += 1
                if unit.upper() not in left:
                    bad.append("%s row %d self: %s" % (ws.title, r0, left))
            else:
                council += 1
                if "HỘI ĐỒNG SÁNG KIẾN" not in left or unit.upper() in left:
                    bad.append("%s row %d (%s): %s" % (ws.title, r0, level, left))
    report(council > 0 and not bad,
           "Mẫu 03: %d council sheets/conclusions headed by the council, %d self-assessments by %s"
           % (council, self_, unit), "; ".join(bad[:5]))


def check_pair(wb, pid, name, unit, target, change, verdict):
    found = None
    for ws in form_sheets(wb, "Mẫu 02"):
        if pid not in str(ws.cell(8, 3).value) and not ws.title.startswith(pid):
            continue
        for r in range(1, ws.max_row + 1):
            if ws.cell(r, 3).value == "Chỉ tiêu" and ws.cell(r, 4).value == name:
                rows = {}
                for k in range(r + 1, r + 12):
                    lab = ws.cell(k, 3).value
                    if isinstance(lab, str) and lab.startswith("Số liệu trước - sau"):
                        break
                    rows.setdefault(lab, ws.cell(k, 4).value)
                found = (ws.title, rows)
                break
        if found:
            break
    if not found:
        report(False, "Mẫu 02 of %s: %s" % (pid, name), "indicator not found")
        return
    title, rows = found
    got = (rows.get("Đơn vị tính"), rows.get("Mục tiêu sau khi áp dụng"), rows.get("Mức thay đổi"),
           rows.get("Đạt mục tiêu"))
    want = (unit, float(target), float(change), verdict)
    okv = (got[0] == want[0] and got[1] is not None and float(got[1]) == want[1] and
           got[2] is not None and abs(float(got[2]) - want[2]) < 1e-9 and got[3] == want[3])
    report(okv, "Mẫu 02 of %s, «%s»: %s, target %s, change %s, %s beside the pair"
           % (pid, name, unit, target, change, verdict), "%s: %r" % (title, got))


def check_indicator(wb, pid, name, verdict):
    ws = wb["Chỉ tiêu"]
    got = [r[11] for r in ws.iter_rows(values_only=True) if r[1] == pid and r[3] == name]
    report(got == [verdict], "«Chỉ tiêu» of %s, «%s»: %s" % (pid, name, verdict), repr(got))


def check_charts(path, wb):
    ws = wb["Chỉ tiêu"]
    z = zipfile.ZipFile(path)
    charts = sorted(n for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n))
    bad = []
    for n in charts:
        xml = z.read(n).decode("utf-8")
        units = set()
        for f in re.findall(r"<c:val>.*?<c:f>(.*?)</c:f>", xml, re.S):
            m = re.search(r"!\$[A-Z]+\$(\d+):\$[A-Z]+\$(\d+)", f) or \
                re.search(r"!\$[A-Z]+\$(\d+)()", f)
            a = int(m.group(1))
            b = int(m.group(2) or a)
            units |= {ws.cell(r, 5).value for r in range(a, b + 1)}
        if len(units) != 1:
            bad.append("%s: %s" % (n, sorted(map(str, units))))
    report(charts and not bad, "each of %d charts compares one unit of measure" % len(charts),
           "; ".join(bad[:5]))


def check_text(wb, pid, label, value):
    value = value.encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
    got = None
    for ws in form_sheets(wb, "Mẫu 01"):
        for r0, r1 in blocks(ws):
            if pid in " ".join(str(ws.cell(r, 3).value) for r in range(r0, r0 + 9)):
                got = label_value(ws, r0, r1, label)
    report(got == value, "Mẫu 01 of %s, «%s» is %r" % (pid, label, value), repr(got))


def main():
    forms_dir, path = sys.argv[1], sys.argv[2]
    wb = openpyxl.load_workbook(path)
    for arg in sys.argv[3:]:
        name, _, rest = arg.partition("=")
        parts = rest.split("=") if rest else []
        if name == "nocodes":
            check_nocodes(wb, forms_dir)
        elif name == "unitname":
            check_unitname(wb, parts[0], parts[1])
        elif name == "sections":
            check_sections(wb)
        elif name == "placedate":
            check_placedate(wb)
        elif name == "issuer":
            check_issuer(wb, parts[0])
        elif name == "pair":
            check_pair(wb, *parts)
        elif name == "indicator":
            check_indicator(wb, *parts)
        elif name == "charts":
            check_charts(path, wb)
        elif name == "text":
            check_text(wb, parts[0], parts[1], "=".join(parts[2:]))
        else:
            report(False, arg, "unknown check")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
