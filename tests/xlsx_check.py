#!/usr/bin/python3
"""Read a sangkien workbook back with openpyxl (an independent reader) and
check what the export promises.  Usage:

    xlsx_check.py unit|summary FILE.xlsx [EXPECT...]

Each EXPECT is NAME=VALUE: title=TEXT (an initiative title that must appear
exactly, as text; may be repeated), unit=CODE (the sangkien.unit property).  Prints one line
per failed check and exits 1 when any failed."""
import re
import sys
import zipfile
import datetime
import xml.etree.ElementTree as ET

import openpyxl

fails = []


def check(cond, what):
    if not cond:
        fails.append(what)


def unescape(s):
    # ECMA-376 22.4.2.4: readers decode _xHHHH_.  openpyxl 3.0 does not for
    # inline strings (constant_memory sheets), and for shared strings only
    # drops "x005F_"; so decode here, as Excel and LibreOffice do, values
    # that still hold an escaped underscore.
    if not isinstance(s, str) or '_x005F_' not in s:
        return s
    return re.sub(r'_x([0-9A-Fa-f]{4})_', lambda m: chr(int(m.group(1), 16)), s)


def custom_props(path):
    with zipfile.ZipFile(path) as z:
        if 'docProps/custom.xml' not in z.namelist():
            return {}
        root = ET.fromstring(z.read('docProps/custom.xml'))
    ns = {'c': 'http://schemas.openxmlformats.org/officeDocument/2006/custom-properties',
          'vt': 'http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes'}
    out = {}
    for p in root.findall('c:property', ns):
        v = p.find('vt:lpwstr', ns)
        out[p.get('name')] = v.text if v is not None else None
    return out


kind, path = sys.argv[1], sys.argv[2]
expect = dict(a.split('=', 1) for a in sys.argv[3:])
titles = [a.split('=', 1)[1] for a in sys.argv[3:] if a.startswith('title=')]

props = custom_props(path)
fmt = 'sangkien-unit' if kind == 'unit' else 'sangkien-summary'
check(props.get('sangkien.format') == fmt, 'property sangkien.format = %s (got %r)' % (fmt, props.get('sangkien.format')))
check(props.get('sangkien.format_version') == '1', 'property sangkien.format_version')
check(re.match(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$', props.get('sangkien.exported_at') or ''),
      'property sangkien.exported_at is ISO 8601 (got %r)' % props.get('sangkien.exported_at'))
if 'unit' in expect:
    check(props.get('sangkien.unit') == expect['unit'], 'property sangkien.unit = %s (got %r)' % (expect['unit'], props.get('sangkien.unit')))

wb = openpyxl.load_workbook(path)
names = wb.sheetnames
for n in names:
    check(len(n) <= 31, 'sheet name within 31 characters: %r' % n)
check(len({n.upper() for n in names}) == len(names), 'sheet names unique')
meta = wb['Siêu dữ liệu'] if 'Siêu dữ liệu' in names else None
check(meta is not None and meta.sheet_state == 'hidden', 'hidden sheet «Siêu dữ liệu»')
lists = wb['Danh mục'] if 'Danh mục' in names else None
check(lists is not None and lists.sheet_state == 'hidden', 'hidden sheet «Danh mục»')
if meta is not None:
    kv = {r[0].value: r[1].value for r in meta.iter_rows(max_row=7)}
    check(kv.get('format') == fmt, 'metadata format')
    listed = {r[0].value for r in meta.iter_rows(min_row=10) if r[0].value}
    for n in names:
        if n not in ('Siêu dữ liệu', 'Danh mục'):
            check(n in listed, 'metadata lists sheet %r' % n)
check(any(dn.name == 'ds_mau01_content_group' for dn in wb.defined_names.definedName),
      'defined name ds_mau01_content_group for the drop-down list')

uuid_re = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$')


def header_row(ws):
    for r in range(1, 20):
        if ws.cell(r, 1).value == 'ID':
            return r
    return None


def check_table(ws, label):
    """Hidden ID column A with a UUID on every record row."""
    check(ws.column_dimensions['A'].hidden, '%s: column A hidden' % label)
    h = header_row(ws)
    check(h is not None, '%s: header row with ID' % label)
    if h is None:
        return []
    rows = []
    for r in ws.iter_rows(min_row=h + 1):
        if r[1].value is None:
            break
        rows.append(r)
    for r in rows:
        check(isinstance(r[0].value, str) and r[0].value, '%s row %d: ID present' % (label, r[0].row))
    return rows


seen_titles = []
dates_seen = []
if kind == 'unit':
    form_sheets = [n for n in names if 'Mẫu 01' in n]
    check(len(form_sheets) >= 1, 'a Mẫu 01 sheet')
    check(any('Mẫu 02 Đợt 1' in n for n in names), 'a Mẫu 02 Đợt 1 sheet')
    check(any('Mẫu 02 Đợt 2' in n for n in names), 'a Mẫu 02 Đợt 2 sheet')
    check(any('Mẫu 03' in n for n in names), 'a Mẫu 03 sheet')
    for n in ('Chỉ tiêu', 'Minh chứng', 'Tiến độ'):
        check(n in names, 'sheet %s' % n)
    for n in form_sheets:
        ws = wb[n]
        check(ws.column_dimensions['A'].hidden and ws.column_dimensions['B'].hidden,
              '%s: ID and key columns hidden' % n)
        check(ws['D2'].value == 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', '%s: national motto' % n)
        check(ws['D3'].value == 'Độc lập - Tự do - Hạnh phúc', '%s: motto line 2' % n)
        check(re.match(r'^.+, ngày \d\d tháng \d+ năm \d{4}$', ws['D5'].value or ''), '%s: place and date' % n)
        check(ws['C2'].font.name == 'Times New Roman', '%s: Times New Roman' % n)
        check(ws.page_setup.paperSize in (9, '9'), '%s: A4' % n)
        check(ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (1, '1', None),
              '%s: fit to page width' % n)
        check('Trang &P / &N' in (ws.oddFooter.center.text or ''), '%s: footer Trang &P / &N' % n)
        by_key = {}
        for r in ws.iter_rows():
            if r[1].value:
                check(uuid_re.match(r[0].value or ''), '%s row %d: UUID in hidden column A' % (n, r[0].row))
                by_key[r[1].value] = r[3]
        t = by_key.get('title')
        check(t is not None and t.data_type == 's', '%s: title is a string cell' % n)
        if t is not None:
            seen_titles.append(unescape(t.value))
            if isinstance(t.value, str) and t.value[:1] in '=+-@' and 'noquote' not in expect:
                check(t.quotePrefix, '%s: title starting with %r has the quote prefix' % (n, t.value[:1]))
        d = by_key.get('reg_date')
        check(d is not None and (d.value is None or isinstance(d.value, datetime.datetime)) and d.number_format == 'dd/mm/yyyy',
              '%s: registration date is a date cell dd/mm/yyyy (got %r)' % (n, d.value if d else None))
        if d is not None and d.value is not None:
            dates_seen.append(d.value)
        b = by_key.get('indicator#1.baseline')
        check(b is not None and (b.value is None or isinstance(b.value, (int, float))) and b.data_type == 'n',
              '%s: baseline is a number (got %r)' % (n, b.value if b else None))
        g = by_key.get('content_group')
        check(g is not None and any(g.coordinate in str(dv.sqref) for dv in ws.data_validations.dataValidation),
              '%s: content group has a drop-down' % n)
        check(all(dv.type == 'list' and not (dv.formula1 or '').startswith('"')
                  for dv in ws.data_validations.dataValidation), '%s: drop-downs read lists by formula' % n)
    check(dates_seen, 'registration dates read back as dates')
    ws = wb['Chỉ tiêu']
    rows = check_table(ws, 'Chỉ tiêu')
    check(len(rows) >= 2, 'Chỉ tiêu: at least two indicator rows')
    for r in rows:
        check(uuid_re.match(r[0].value or ''), 'Chỉ tiêu row %d: UUID' % r[0].row)
        if r[5].value is not None:
            check(isinstance(r[5].value, (int, float)), 'Chỉ tiêu row %d: before is a number' % r[0].row)
    check(len(ws._charts) >= 1, 'Chỉ tiêu: a before/after chart')
    ev = check_table(wb['Minh chứng'], 'Minh chứng')
    if 'unit' in expect and expect['unit'] != '*':
        check(any(isinstance(r[-1].value, str) and re.match(r'^[0-9a-f]{64}$', r[-1].value) for r in ev),
              'Minh chứng: SHA-256 column')
    check_table(wb['Tiến độ'], 'Tiến độ')
else:
    for n in ('Tổng hợp', 'Nộp báo cáo', 'Chấm điểm', 'Ngân hàng sáng kiến'):
        check(n in names, 'sheet %s' % n)
    ws = wb['Tổng hợp']
    rows = check_table(ws, 'Tổng hợp')
    check(len(rows) >= 12, 'Tổng hợp: one row per initiative (%d)' % len(rows))
    h = header_row(ws)
    head = [c.value for c in ws[h]]
    ci = head.index('Tên sáng kiến')
    for r in rows:
        check(uuid_re.match(r[0].value or ''), 'Tổng hợp row %d: UUID' % r[0].row)
        check(isinstance(r[1].value, int), 'Tổng hợp row %d: STT is a number' % r[0].row)
        check(r[ci].data_type == 's', 'Tổng hợp row %d: title is a string' % r[0].row)
        seen_titles.append(unescape(r[ci].value))
    di = head.index('Ngày đăng ký')
    check(any(isinstance(r[di].value, datetime.datetime) for r in rows), 'Tổng hợp: dates are dates')
    m = wb['Nộp báo cáo']
    fills = {c.fill.fgColor.rgb for r in m.iter_rows(min_row=header_row(m) + 1) for c in r[5:] if c.value}
    check(len(fills) >= 2, 'Nộp báo cáo: cells coloured by status (%r)' % fills)
    sc = check_table(wb['Chấm điểm'], 'Chấm điểm')
    check(len(sc) >= 1 and all(isinstance(r[1].value, int) for r in sc), 'Chấm điểm: ranks')
    bank = check_table(wb['Ngân hàng sáng kiến'], 'Ngân hàng sáng kiến')
    check(len(bank) >= 1, 'Ngân hàng sáng kiến: recognised initiatives listed')
    check(ws.print_title_rows is not None, 'Tổng hợp: header row repeated when printed')

for t in titles:
    check(t in seen_titles, 'title %r read back exactly' % t)

for f in fails:
    print('FAIL: ' + f)
sys.exit(1 if fails else 0)
