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
      print that cell.
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


def cell_for(ws, key):
    for row in ws.iter_rows():
        if row[1].value == key:
            return row[3]
    sys.exit(f"no row {key} on {ws.title}")


def main(argv):
    cmd = argv[1]
    if cmd == "resave":
        wb = openpyxl.load_workbook(argv[2])
        wb.save(argv[3])
    elif cmd == "set":
        _, _, src, dst, pid, kind, key, value = argv
        wb = openpyxl.load_workbook(src)
        cell_for(sheet_for(wb, pid, kind), key).value = value
        wb.save(dst)
    elif cmd == "get":
        _, _, src, pid, kind, key = argv
        wb = openpyxl.load_workbook(src)
        print(cell_for(sheet_for(wb, pid, kind), key).value)
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
