#!/usr/bin/python3
"""Helpers of bench_export (run with /usr/bin/python3, which sees openpyxl).

    cells.py dump BOOK.xlsx CELLS.tsv   every cell of every sheet, typed
    cells.py peer CELLS.tsv OUT.xlsx    write those cells with openpyxl
                                        write_only; prints the seconds the
                                        writing took (reading excluded)

CELLS.tsv: "S<TAB>name" starts a sheet; then "row<TAB>col<TAB>t<TAB>value"
(0-based, t = s string, n number, d date yyyy-mm-dd), with \\ \\t \\n escaped."""
import datetime
import sys
import time

import openpyxl


def esc(s):
    return s.replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n')


def unesc(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == '\\' and i + 1 < len(s):
            out.append({'t': '\t', 'n': '\n'}.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def dump(src, dst):
    wb = openpyxl.load_workbook(src, read_only=True)
    with open(dst, 'w', encoding='utf-8') as f:
        for ws in wb.worksheets:
            f.write('S\t%s\n' % esc(ws.title))
            for r, row in enumerate(ws.iter_rows()):
                for c, cell in enumerate(row):
                    v = cell.value
                    if v is None:
                        continue
                    if isinstance(v, datetime.datetime):
                        f.write('%d\t%d\td\t%s\n' % (r, c, v.strftime('%Y-%m-%d')))
                    elif isinstance(v, (int, float)):
                        f.write('%d\t%d\tn\t%r\n' % (r, c, v))
                    else:
                        f.write('%d\t%d\ts\t%s\n' % (r, c, esc(str(v))))


def peer(src, dst):
    sheets = []
    with open(src, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if line.startswith('S\t'):
                sheets.append((unesc(line[2:]), []))
                continue
            r, c, t, v = line.split('\t', 3)
            r, c = int(r), int(c)
            if t == 'n':
                v = float(v)
            elif t == 'd':
                v = datetime.datetime.strptime(v, '%Y-%m-%d')
            else:
                v = unesc(v)
            rows = sheets[-1][1]
            while len(rows) <= r:
                rows.append([])
            row = rows[r]
            while len(row) < c:
                row.append(None)
            row.append(v)
    start = time.monotonic()
    wb = openpyxl.Workbook(write_only=True)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(dst)
    print('%.3f' % (time.monotonic() - start))


if __name__ == '__main__':
    {'dump': dump, 'peer': peer}[sys.argv[1]](sys.argv[2], sys.argv[3])
