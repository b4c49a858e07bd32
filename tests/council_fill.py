"""A council member filling the workbook `sangkien council sheets` made,
as Excel would: answers typed into the unlocked cells only, the sheet
protection left on.  Also the tampering a hostile sender might try.

    council_fill.py fill SRC DST SPEC.json
        SPEC: {"PUBLIC-ID": {"legal": "Có"|"Không"|null, "points": [..]|"0.8",
               "comment": "...", "date": "2026-11-28"}, "*": {...}}
        points "0.8" means 80 % of each criterion's maximum; a list gives
        each criterion's value (numbers or text) in order.  A public ID
        missing from SPEC (and no "*") is left unfilled.
    council_fill.py check SRC        protection on, answers unlocked, IDs hidden
    council_fill.py tamper SRC DST WHAT
        WHAT: initiative (column A of one answer row names another
        initiative), member (the member's hidden UUID replaced), public_id
        (the metadata names another initiative's public ID)
"""
import datetime
import json
import sys
import uuid

import openpyxl

META = "Siêu dữ liệu"


def member_sheets(wb):
    return [ws for ws in wb.worksheets if ws.sheet_state == "visible"]


def rows_by_key(ws):
    out = {}
    for row in ws.iter_rows():
        key = row[1].value
        if key:
            out[str(key)] = row
    return out


def put(cell, value):
    if cell.protection.locked:
        raise SystemExit("wrote into a locked cell %s of %s" % (cell.coordinate, cell.parent.title))
    cell.value = value


def fill(src, dst, spec_path):
    spec = json.load(open(spec_path, encoding="utf-8"))
    wb = openpyxl.load_workbook(src)
    for ws in member_sheets(wb):
        s = spec.get(ws.title, spec.get("*"))
        if s is None:
            continue
        rows = rows_by_key(ws)
        if s.get("legal") is not None:
            put(rows["legal_pass"][5], s["legal"])
        crit = [k for k in rows if k.startswith("score:")]
        pts = s.get("points", "0.8")
        for i, k in enumerate(crit):
            row = rows[k]
            if isinstance(pts, list):
                v = pts[i]
            else:
                v = round(float(row[4].value) * float(pts) * 2) / 2
            if v is not None:
                put(row[5], v)
            put(row[6], "Nhận xét %s" % k[6:])
        if s.get("comment"):
            put(rows["comments"][4], s["comment"])
        if s.get("date"):
            put(rows["eval_date"][5], datetime.date.fromisoformat(s["date"]))
    wb.save(dst)


def check(src):
    wb = openpyxl.load_workbook(src)
    sheets = member_sheets(wb)
    assert sheets, "no member sheet"
    assert wb[META].sheet_state == "hidden", "metadata sheet visible"
    for ws in sheets:
        assert ws.protection.sheet, "%s: not protected" % ws.title
        assert ws.column_dimensions["A"].hidden and ws.column_dimensions["B"].hidden, \
            "%s: ID columns shown" % ws.title
        rows = rows_by_key(ws)
        assert not rows["legal_pass"][5].protection.locked
        assert rows["legal_pass"][2].protection.locked
        for k, row in rows.items():
            if k.startswith("score:"):
                assert not row[5].protection.locked and not row[6].protection.locked
                assert row[3].protection.locked and row[4].protection.locked
        kinds = {dv.type for dv in ws.data_validations.dataValidation}
        assert {"list", "decimal", "date"} <= kinds, kinds
    print("ok")


def tamper(src, dst, what):
    wb = openpyxl.load_workbook(src)
    sheets = member_sheets(wb)
    meta = wb[META]
    listed = [r for r in meta.iter_rows(values_only=True) if r[1] == "mau03.member"]
    ws = sheets[0]
    rows = rows_by_key(ws)
    if what == "initiative":
        rows["score:b"][0].value = listed[1][2]
    elif what == "member":
        for w in sheets:
            rows_by_key(w)["_member"][0].value = str(uuid.uuid4())
    elif what == "public_id":
        for r in meta.iter_rows():
            if r[1].value == "mau03.member" and r[0].value == ws.title:
                r[3].value = listed[1][3]
    else:
        raise SystemExit("tamper what?")
    wb.save(dst)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "fill":
        fill(*sys.argv[2:5])
    elif cmd == "check":
        check(sys.argv[2])
    elif cmd == "tamper":
        tamper(*sys.argv[2:5])
    else:
        raise SystemExit(__doc__)
