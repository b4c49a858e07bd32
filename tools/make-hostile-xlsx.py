#!/usr/bin/python3
"""Write the hostile workbook corpus into tests/fixtures/hostile/.

Every file made here must be refused by the reader (xlsx_read.h) with
SK_ERR_BADFILE; tests/test_xlsx_read.c walks the folder and checks that.
Standard library only (zipfile), so it runs anywhere:

    /usr/bin/python3 tools/make-hostile-xlsx.py [OUTDIR]

The files are committed: regenerate only when adding a case, and keep them
small (a zip bomb needs no size on disk: 300 MB of one byte deflates to
about 300 KB)."""

import io
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "tests", "fixtures", "hostile")

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = DECL + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '</Types>')
ROOT_RELS = DECL + (
    f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>')


def workbook(nsheets=1, doctype=""):
    sheets = "".join(f'<sheet name="Trang {i + 1}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                     for i in range(nsheets))
    return DECL + doctype + f'<workbook xmlns="{NS}" xmlns:r="{RNS}"><sheets>{sheets}</sheets></workbook>'


def workbook_rels(nsheets=1, extra=""):
    rels = "".join(f'<Relationship Id="rId{i + 1}" Type="{RNS}/worksheet" '
                   f'Target="worksheets/sheet{i + 1}.xml"/>' for i in range(nsheets))
    rels += f'<Relationship Id="rIdS" Type="{RNS}/sharedStrings" Target="sharedStrings.xml"/>'
    return DECL + f'<Relationships xmlns="{PKG}">{rels}{extra}</Relationships>'


def sheet(body='<row r="1"><c r="A1" t="s"><v>0</v></c></row>', doctype=""):
    return DECL + doctype + f'<worksheet xmlns="{NS}"><sheetData>{body}</sheetData></worksheet>'


def sst(body="<si><t>Sáng kiến</t></si>", doctype=""):
    return DECL + doctype + f'<sst xmlns="{NS}" count="1" uniqueCount="1">{body}</sst>'


def parts(**over):
    """A small valid workbook as {name: bytes}; keyword arguments replace
    parts (None removes one)."""
    p = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": workbook(),
        "xl/_rels/workbook.xml.rels": workbook_rels(),
        "xl/worksheets/sheet1.xml": sheet(),
        "xl/sharedStrings.xml": sst(),
    }
    for k, v in over.items():
        name = k.replace("__", "/").replace("_CT", "[Content_Types].xml")
        p[name] = v
    return {k: v for k, v in p.items() if v is not None}


def zip_bytes(p, method=zipfile.ZIP_DEFLATED, stored=()):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in p.items():
            if isinstance(data, str):
                data = data.encode("utf-8")
            z.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), data,
                       compress_type=zipfile.ZIP_STORED if name in stored else method)
    return buf.getvalue()


def write(name, data, readme):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    README.append(f"| `{name}` | {readme} |")


README = []


def zip_bomb():
    """One sheet of 300 MB: a row, then spaces inside the element, deflated
    to a few hundred KB.  Streamed so this script stays small too."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in parts(**{"xl__worksheets__sheet1.xml": None}).items():
            z.writestr(name, data)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", (2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as f:
            f.write((DECL + f'<worksheet xmlns="{NS}"><sheetData><row r="1"').encode())
            chunk = b" " * (1 << 20)
            for _ in range(300):
                f.write(chunk)
            f.write(b"/></sheetData></worksheet>")
    return buf.getvalue()


def too_many_entries():
    """A valid workbook plus 10,001 directory entries for empty files.  The
    extra entries share one local header (each directory entry is then 53
    bytes, not 90), which keeps the file near 500 KB; a reader that counts
    entries never gets as far as opening them."""
    import struct
    import zlib
    out = bytearray()
    central = bytearray()
    count = 0

    def entry(name, data, offset=None):
        nonlocal count
        name = name.encode()
        crc = zlib.crc32(data)
        if offset is None:
            offset = len(out)
            out.extend(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0x5C21, crc,
                                   len(data), len(data), len(name), 0) + name + data)
        central.extend(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 0, 0, 0x5C21,
                                   crc, len(data), len(data), len(name), 0, 0, 0, 0, 0,
                                   offset) + name)
        count += 1

    for name, data in parts().items():
        entry(name, data.encode())
    first = len(out)
    entry("x/0000", b"")
    for i in range(1, 10001):
        entry(f"x/{i:04x}", b"", first)
    cd = len(out)
    out.extend(central)
    out.extend(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), cd, 0))
    return bytes(out)


def stored_with_flipped_byte():
    """A STORED sheet, so its bytes sit in the file as they are: one letter
    of the text changed, the XML still well formed, only the CRC can tell."""
    body = '<row r="1"><c r="A1" t="inlineStr"><is><t>CRCMARKER</t></is></c></row>'
    data = zip_bytes(parts(**{"xl__worksheets__sheet1.xml": sheet(body)}),
                     stored=("xl/worksheets/sheet1.xml",))
    i = data.index(b"CRCMARKER")
    return data[:i] + b"X" + data[i + 1:]


def ods():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        z.writestr("content.xml", DECL + '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"><office:body><office:spreadsheet/></office:body></office:document-content>', zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", DECL + '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>', zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def docx():
    return zip_bytes({
        "[Content_Types].xml": CONTENT_TYPES.replace("/xl/workbook.xml", "/word/document.xml"),
        "_rels/.rels": ROOT_RELS.replace("xl/workbook.xml", "word/document.xml"),
        "word/document.xml": DECL + '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Báo cáo</w:t></w:r></w:p></w:body></w:document>',
    })


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.unlink(os.path.join(OUT, f))
    ent = '<!DOCTYPE x [<!ENTITY e "Sáng kiến">]>'
    lol = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                     for i in range(1, 10)) + ']>')

    write("zip-bomb.xlsx", zip_bomb(),
          "a sheet of 300 MB of spaces deflated to ~300 KB: over 64 MiB a part, ratio ~1000")
    write("too-many-entries.xlsx", too_many_entries(),
          "a valid workbook plus 10,001 empty entries (limit 10,000)")
    write("doctype-workbook.xlsx", zip_bytes(parts(**{"xl__workbook.xml": workbook(doctype=ent).replace('name="Trang 1"', 'name="&e;"')})),
          "DOCTYPE with an internal entity in xl/workbook.xml, used in a sheet name")
    write("doctype-sheet.xlsx", zip_bytes(parts(**{"xl__worksheets__sheet1.xml": sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row>', doctype=ent)})),
          "DOCTYPE with an internal entity in a sheet")
    write("doctype-sharedstrings.xlsx", zip_bytes(parts(**{"xl__sharedStrings.xml": sst("<si><t>&e;</t></si>", doctype=ent)})),
          "DOCTYPE with an internal entity in xl/sharedStrings.xml")
    write("billion-laughs.xlsx", zip_bytes(parts(**{"xl__sharedStrings.xml": sst("<si><t>&lol9;</t></si>", doctype=lol)})),
          "billion laughs (10^9 \"lol\") in the shared strings")
    write("external-entity.xlsx", zip_bytes(parts(**{"xl__worksheets__sheet1.xml": sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>', doctype='<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')})),
          "external entity (file:///etc/passwd) in a sheet")
    write("path-traversal.xlsx", zip_bytes(parts(**{"../../../tmp/evil.txt": "owned"})),
          "a valid workbook plus an entry named ../../../tmp/evil.txt")
    write("absolute-path.xlsx", zip_bytes(parts(**{"/tmp/evil.txt": "owned"})),
          "a valid workbook plus an entry named /tmp/evil.txt")
    write("macro.xlsm", zip_bytes(parts(**{"xl__vbaProject.bin": b"\xd0\xcf\x11\xe0 not really VBA"})),
          "xl/vbaProject.bin: a macro-enabled workbook")
    write("external-links.xlsx", zip_bytes(parts(
        **{"xl__externalLinks__externalLink1.xml": DECL + f'<externalLink xmlns="{NS}"><externalBook xmlns:r="{RNS}" r:id="rId1"/></externalLink>',
           "xl___rels__workbook.xml.rels": workbook_rels(extra=f'<Relationship Id="rIdE" Type="{RNS}/externalLink" Target="externalLinks/externalLink1.xml"/>')})),
          "xl/externalLinks/externalLink1.xml: a link to another workbook")
    whole = zip_bytes(parts())
    write("truncated.xlsx", whole[:len(whole) // 2], "a valid workbook cut in half (stick pulled out)")
    write("bad-crc.xlsx", stored_with_flipped_byte(),
          "one letter changed in a STORED sheet: well-formed XML, wrong CRC")
    write("long-cell.xlsx", zip_bytes(parts(**{"xl__worksheets__sheet1.xml": sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>' + "a" * 40000 + "</t></is></c></row>")})),
          "an inline string of 40,000 characters (Excel's limit is 32,767)")
    write("long-shared-string.xlsx", zip_bytes(parts(**{"xl__sharedStrings.xml": sst("<si><t>" + "ă" * 33000 + "</t></si>")})),
          "a shared string of 33,000 characters")
    latin1 = DECL.encode() + f'<sst xmlns="{NS}"><si><t>'.encode() + b"S\xe1ng ki\xe9n \xff\xfe</t></si></sst>"
    write("bad-utf8-sharedstring.xlsx", zip_bytes(parts(**{"xl__sharedStrings.xml": latin1})),
          "Latin-1 bytes and 0xFF 0xFE in a shared string declared UTF-8")
    write("lone-surrogate-escape.xlsx", zip_bytes(parts(**{"xl__sharedStrings.xml": sst("<si><t>a_xD800_b</t></si>")})),
          "_xD800_: an escape decoding to a lone UTF-16 surrogate (invalid UTF-8)")
    write("many-sheets.xlsx", zip_bytes(parts(**{"xl__workbook.xml": workbook(2000), "xl___rels__workbook.xml.rels": workbook_rels(2000)})),
          "2,000 sheets listed in the workbook (limit 1,000)")
    write("deep-nesting.xlsx", zip_bytes(parts(**{"xl__worksheets__sheet1.xml": DECL + f'<worksheet xmlns="{NS}">' + "<a>" * 10000 + "</a>" * 10000 + "</worksheet>"})),
          "10,000 nested elements in a sheet (limit 64)")
    write("not-a-zip.xlsx", b"Day khong phai bang tinh, chi la van ban.\n" * 4, "plain text named .xlsx")
    write("ods-renamed.xlsx", ods(), "a LibreOffice .ods spreadsheet renamed .xlsx")
    write("no-workbook.xlsx", zip_bytes(parts(**{"xl__workbook.xml": None})), "a package without xl/workbook.xml")
    write("word.docx", docx(), "a Word document")
    write("xls-renamed.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "the header of an Excel 97-2003 .xls (OLE2) renamed .xlsx")
    write("duplicate-workbook.xlsx", dup_workbook(), "two entries named xl/workbook.xml with different sheets")
    write("bad-shared-index.xlsx", zip_bytes(parts(**{"xl__worksheets__sheet1.xml": sheet('<row r="1"><c r="A1" t="s"><v>7</v></c></row>')})),
          "a cell pointing at shared string 7 of 1")
    write("too-many-columns.xlsx", zip_bytes(parts(**{"xl__worksheets__sheet1.xml": sheet('<row r="1"><c r="XFE1"><v>1</v></c></row>')})),
          "a cell in column XFE (16,385; limit 16,384)")
    write("too-many-rows.xlsx", zip_bytes(parts(**{"xl__worksheets__sheet1.xml": sheet('<row r="1048577"><c><v>1</v></c></row>')})),
          "a row numbered 1,048,577 (limit 1,048,576)")

    with open(os.path.join(OUT, "README.md"), "w") as f:
        f.write("# Hostile workbooks\n\n"
                "Made by `tools/make-hostile-xlsx.py` (Python standard library only).\n"
                "Every file here must be refused by `sk_xreader_open` or\n"
                "`sk_xreader_read_sheet` with `SK_ERR_BADFILE` and a Vietnamese\n"
                "message; `tests/test_xlsx_read.c` walks this folder and checks it.\n\n"
                "| File | What it is |\n|---|---|\n" + "\n".join(README) + "\n")


def dup_workbook():
    buf = io.BytesIO()
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in parts().items():
                z.writestr(name, data)
            z.writestr("xl/workbook.xml", workbook(doctype="").replace("Trang 1", "Khác"))
    return buf.getvalue()


if __name__ == "__main__":
    main()
