#!/usr/bin/python3
"""Make tests/fixtures/import-hostile/: files `sangkien import` must refuse
whole (exit 1, a Vietnamese message, the database unchanged).

Run with Debian's python3 (openpyxl):
    /usr/bin/python3 tools/make-import-hostile.py \
        tests/fixtures/import-hostile/base-xts.xlsx tests/fixtures/import-hostile

base-xts.xlsx is a real unit workbook (`sangkien demo`, then
`sangkien export -o base-xts.xlsx --unit XTS`): the good file every
hostile one is made from.  It is NOT hostile and the test skips it.
Output is deterministic (fixed zip dates) so the committed files match
a rerun, except for what openpyxl itself stamps (modified time)."""
import io
import os
import sys
import zipfile

import openpyxl

META = "Siêu dữ liệu"
FIXED = (2026, 1, 1, 0, 0, 0)


def meta_set(wb, key, value):
    for row in wb[META].iter_rows():
        if row[0].value == key:
            row[1].value = value
            return
    raise SystemExit("no metadata " + key)


def key_cell(ws, key):
    for row in ws.iter_rows():
        if row[1].value == key:
            return row[3]
    raise SystemExit("no key " + key)


def save(wb, path):
    import datetime
    wb.properties.modified = wb.properties.created = datetime.datetime(2026, 1, 1)
    wb.save(path)


def write_zip(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            zi = zipfile.ZipInfo(name, FIXED)
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)


def main(base, out):
    os.makedirs(out, exist_ok=True)
    raw = open(base, "rb").read()
    made = {}

    # 1. A newer format: format_version 2.
    wb = openpyxl.load_workbook(base)
    meta_set(wb, "format_version", "2")
    save(wb, f"{out}/format-version-2.xlsx")
    made["format-version-2.xlsx"] = "metadata format_version 2 (a newer program wrote it)"

    # 2. Another program's workbook.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["STT", "Tên sáng kiến", "Đơn vị"])
    ws.append([1, "Sáng kiến của chương trình khác", "STP"])
    save(wb, f"{out}/other-program.xlsx")
    made["other-program.xlsx"] = "a plain openpyxl workbook of another program"

    # 3. The metadata sheet deleted.
    wb = openpyxl.load_workbook(base)
    del wb[META]
    save(wb, f"{out}/no-metadata.xlsx")
    made["no-metadata.xlsx"] = "the hidden «Siêu dữ liệu» sheet deleted"

    # 4. A garbled UUID: in the metadata and in the hidden column A.
    wb = openpyxl.load_workbook(base)
    for row in wb[META].iter_rows():
        if row[2].value and len(str(row[2].value)) == 36:
            row[2].value = "fc1e296c-XXXX-4d4d-a4f5-2ce1018143c7"
    for ws in wb.worksheets:
        for row in ws.iter_rows(max_col=1):
            if row[0].value and len(str(row[0].value)) == 36:
                row[0].value = "fc1e296c-XXXX-4d4d-a4f5-2ce1018143c7"
    save(wb, f"{out}/garbled-uuid.xlsx")
    made["garbled-uuid.xlsx"] = "the UUID is not a UUID (metadata and hidden column A)"

    # 5. A duplicated UUID: a second Mẫu 01 sheet, another public ID, the same UUID.
    wb = openpyxl.load_workbook(base)
    meta = wb[META]
    src = None
    for row in meta.iter_rows():
        if row[1].value == "mau01":
            src = [c.value for c in row]
            break
    copy = wb.copy_worksheet(wb[src[0]])
    copy.title = "SK09 Mẫu 01"
    key_cell(copy, "title").value = "Một sáng kiến khác mang cùng UUID"
    rows = list(meta.iter_rows())
    at = next(i for i, r in enumerate(rows) if r[1].value == "mau01") + 2
    meta.insert_rows(at)
    vals = list(src)
    vals[0] = "SK09 Mẫu 01"
    vals[3] = src[3].replace("SK01", "SK09")
    for j, v in enumerate(vals):
        meta.cell(row=at, column=j + 1, value=v)
    save(wb, f"{out}/duplicate-uuid.xlsx")
    made["duplicate-uuid.xlsx"] = "two initiatives (SK01, SK09) with the same UUID"

    # 6. Values that do not fit their fields.
    wb = openpyxl.load_workbook(base)
    ws = wb[[r[0].value for r in wb[META].iter_rows() if r[1].value == "mau01"][0]]
    key_cell(ws, "indicator#1.target").value = "tám mươi"
    save(wb, f"{out}/text-in-number.xlsx")
    made["text-in-number.xlsx"] = "text «tám mươi» in indicator#1.target (a number)"
    wb = openpyxl.load_workbook(base)
    ws = wb[[r[0].value for r in wb[META].iter_rows() if r[1].value == "mau01"][0]]
    key_cell(ws, "reg_date").value = "31/02/2026"
    save(wb, f"{out}/bad-date.xlsx")
    made["bad-date.xlsx"] = "reg_date is the text «31/02/2026» (no such day)"

    # 7. Bundle zips: a ../evil entry; a huge highly compressed entry.
    write_zip(f"{out}/bundle-dotdot.zip", [
        ("bo/XTS-sang-kien.xlsx", raw),
        ("bo/../evil", b"evil\n"),
        ("../evil", b"evil\n"),
    ])
    made["bundle-dotdot.zip"] = "a bundle zip with entries bo/../evil and ../evil"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(zipfile.ZipInfo("bo/XTS-sang-kien.xlsx", FIXED), raw)
        zi = zipfile.ZipInfo("bo/XTS-2026-SK01-D1-MC01.pdf", FIXED)
        zi.compress_type = zipfile.ZIP_DEFLATED
        # 70 MiB of zeros (over the 64 MiB cap), ~70 KB compressed: ratio ~1000.
        with z.open(zi, "w", force_zip64=True) as f:
            block = b"\0" * (1 << 20)
            for _ in range(70):
                f.write(block)
    open(f"{out}/bundle-bomb.zip", "wb").write(buf.getvalue())
    made["bundle-bomb.zip"] = "a bundle zip whose evidence entry inflates to 70 MiB (ratio ~1000)"

    # 8. Not workbooks at all, or broken ones.
    open(f"{out}/text-renamed.xlsx", "wb").write(
        "Đây là một tệp văn bản, không phải bảng tính.\n".encode())
    made["text-renamed.xlsx"] = "a text file named .xlsx"
    open(f"{out}/empty.xlsx", "wb").close()
    made["empty.xlsx"] = "an empty file"
    open(f"{out}/truncated.xlsx", "wb").write(raw[: len(raw) * 2 // 3])
    made["truncated.xlsx"] = "the base workbook cut at two thirds (central directory lost)"

    with open(f"{out}/README.md", "w") as f:
        f.write("# Files `sangkien import` must refuse\n\n"
                "Made by `tools/make-import-hostile.py` from `base-xts.xlsx` (a real\n"
                "unit workbook of the demo unit XTS, which is *not* hostile).\n"
                "`tests/test_import.sh` imports each one into a province database:\n"
                "exit 1, a Vietnamese message on stderr, the database unchanged.\n\n"
                "| File | What it is |\n|---|---|\n")
        for k, v in made.items():
            f.write(f"| `{k}` | {v} |\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
