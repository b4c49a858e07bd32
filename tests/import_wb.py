#!/usr/bin/python3
"""Small workbook edits for tests/test_import.sh, done by an independent
writer (Debian's openpyxl, run with /usr/bin/python3).

  import_wb.py resave IN OUT
      load and save: what a clerk's openpyxl script would do.
  import_wb.py set IN OUT PUBLIC_ID KIND KEY VALUE
      the cell in column D of the row whose hidden column B is KEY, on the
      sheet the hidden metadata sheet lists for PUBLIC_ID and KIND
      (mau01, mau02.1, ...).  VALUE is written as text.
  import_wb.py get IN PUBLIC_ID KIND KEY
      print that cell, joined with its continuation rows.

A long text is printed over continuation rows keyed "_cont" ("_cont_nl":
a line break between the parts), as the exporter writes and the importer
joins them; `set` makes VALUE the whole value (continuation rows unkeyed).
"""
import sys

import openpyxl

META = "Siêu dữ liệu"


def sheet_for(wb, public_id, kind):
    meta = wb[META]
    for row in meta.iter_rows(values_only=True):
        if len(row) >= 4 and row[1] == kind and row[3] == public_id:
            return wb[row[0]]
    sys.exit(f"no sheet for {public_id} {kind}")


CONT = {"_cont": "", "_cont_nl": "\n"}


def rows_for(ws, key):
    """The keyed row and its continuation rows."""
    rows = list(ws.iter_rows())
    for i, row in enumerate(rows):
        if row[1].value == key:
            out = [row]
            for more in rows[i + 1:]:
                if more[1].value not in CONT:
                    break
                out.append(more)
            return out
    sys.exit(f"no row {key} on {ws.title}")


def cell_for(ws, key):
    return rows_for(ws, key)[0][3]


def main(argv):
    cmd = argv[1]
    if cmd == "resave":
        wb = openpyxl.load_workbook(argv[2])
        wb.save(argv[3])
    elif cmd == "set":
        _, _, src, dst, pid, kind, key, value = argv
        wb = openpyxl.load_workbook(src)
        rows = rows_for(sheet_for(wb, pid, kind), key)
        rows[0][3].value = value
        for more in rows[1:]:
            more[1].value = None
            more[3].value = None
        wb.save(dst)
    elif cmd == "get":
        _, _, src, pid, kind, key = argv
        wb = openpyxl.load_workbook(src)
        rows = rows_for(sheet_for(wb, pid, kind), key)
        text = rows[0][3].value
        for more in rows[1:]:
            text = (text or "") + CONT[more[1].value] + (more[3].value or "")
        print(text)
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
