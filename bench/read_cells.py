"""The peer of the import benchmark: openpyxl in read_only mode reading
every cell of every sheet of the given workbooks (values only), as the
importer reads them.  Prints the number of cells."""
import sys

import openpyxl

cells = 0
for path in sys.argv[1:]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if v is not None:
                    cells += 1
    wb.close()
print(cells)
