#!/usr/bin/python3
"""Check printed pages (PDF from LibreOffice) by machine: every word's box
from `pdftotext -bbox-layout` (poppler-utils).

    print_check.py --forms DIR FILE.pdf...

Prints one TAP line per check and file, and the findings under it:
  overlap   two words' boxes overlap (text printed on top of text);
  font      a word printed below 8 pt;
  lonely    a page holding only a signature block or a lone heading, a
            heading at the foot of a page, a page of three words or fewer,
            or words past the paper's edge (a chart cut across pages);
  codes     a printed word that is a choice code of forms/*.ini.

Font size from a box: poppler's word box is the font's ascent to descent
box, which for Liberation Serif (Times New Roman) is 1.299 × the size at
every size (measured: 12 pt → 15.59, 8 → 10.39, 14 → 18.20).  So size =
box height / 1.299.  Other fonts (charts in Liberation Sans, 1.149 ×) give a
smaller box and so a smaller estimate: the check errs on the strict side.

Overlap: wrapped lines are 1.107 × size apart while the boxes are 1.299 ×
size high, so neighbouring lines' boxes touch by design.  Each box is
trimmed to its middle (12 % off the top and bottom, 0.3 pt off each
side) before comparing: what still overlaps is ink on ink.
"""
import glob
import html
import os
import re
import subprocess
import sys

BOX_PER_PT = 1.299
MIN_PT = 8.0
TRIM_Y = 0.12
TRIM_X = 0.3


def words_of(pdf):
    out = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], check=True,
                         capture_output=True, text=True).stdout
    pages = []
    for pm in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        words = []
        for lm in re.finditer(r'<line[^>]*>(.*?)</line>', pm.group(3), re.S):
            line = []
            for wm in re.finditer(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" '
                                  r'yMax="([\d.-]+)">(.*?)</word>', lm.group(1)):
                x0, y0, x1, y1 = (float(wm.group(i)) for i in range(1, 5))
                line.append((x0, y0, x1, y1, html.unescape(wm.group(5))))
            if line:
                words.append(line)
        pages.append((float(pm.group(1)), words))
    return pages


def bands(lines):
    """Lines of a page grouped by height on the page (cells side by side
    are separate pdftotext lines): [(y, text)] top to bottom."""
    items = sorted(((min(w[1] for w in l), " ".join(w[4] for w in l)) for l in lines))
    out = []
    for y, t in items:
        if out and abs(out[-1][0] - y) < 3:
            out[-1] = (out[-1][0], out[-1][1] + " | " + t)
        else:
            out.append((y, t))
    return out


def is_footer(text):
    return re.fullmatch(r"Trang \d+ / \d+", text.strip()) is not None


def ini_values(forms):
    """Section and group headings, and choice codes, of forms/*.ini."""
    heads, codes = set(), set()
    for path in glob.glob(os.path.join(forms, "*.ini")):
        section = ""
        for raw in open(path, encoding="utf-8"):
            line = raw.split(";")[0].strip() if not raw.lstrip().startswith(";") else ""
            m = re.match(r"\[(.*)\]$", line)
            if m:
                section = m.group(1)
                continue
            k, _, v = line.partition("=")
            k, v = k.strip(), v.strip()
            if not v:
                continue
            if k == "section" or (k == "label" and re.fullmatch(r"group\.[^.]+", section)):
                heads.add(v.casefold())
            if section.startswith("choices.") and "|" in v:
                code = v.split("|")[0].strip()
                if len(code) > 1:
                    codes.add(code)
    return heads, codes


# Codes that are also Vietnamese written without tone marks, which clerks'
# text may hold («ban hành», «so sánh», «tinh gọn»): flagged only when
# followed by ')', as a code printed in place of its label is.
PLAIN_WORDS = {"ban", "so", "xa", "tinh", "co", "nganh", "khac", "khong"}


def check(pdf, heads, codes):
    pages = words_of(pdf)
    found = {"overlap": [], "font": [], "lonely": [], "codes": []}
    min_pt = 99.0
    for pno, (width, lines) in enumerate(pages, 1):
        words = [w for l in lines for w in l]
        cut = [w[4] for w in words if w[0] < -0.5 or w[2] > width + 0.5]
        if cut:
            # Text past the paper's edge: part of a chart or cell printed
            # on the page before or after.
            found["lonely"].append("trang %d: chữ bị cắt ở mép trang: %s"
                                   % (pno, " ".join(cut[:8])))
        for (x0, y0, x1, y1, t) in words:
            pt = (y1 - y0) / BOX_PER_PT
            min_pt = min(min_pt, pt)
            if pt < MIN_PT - 0.05:
                found["font"].append("trang %d: «%s» %.1f pt" % (pno, t, pt))
            bare = t.rstrip(")").rstrip(",.;:")
            if bare in codes and (bare not in PLAIN_WORDS or t.endswith(")")):
                found["codes"].append("trang %d: «%s»" % (pno, t))
        boxes = []
        for (x0, y0, x1, y1, t) in words:
            h = y1 - y0
            boxes.append((x0 + TRIM_X, y0 + TRIM_Y * h, x1 - TRIM_X, y1 - TRIM_Y * h, t))
        boxes.sort()
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                if b[0] >= a[2]:
                    break
                if b[1] < a[3] and a[1] < b[3]:
                    found["overlap"].append("trang %d: «%s» đè lên «%s» (y %.1f / %.1f)"
                                            % (pno, a[4], b[4], a[1], b[1]))
        bs = [b for b in bands(lines) if not is_footer(b[1])]
        nwords = sum(len(t.split()) for _, t in bs)
        if nwords <= 3:
            # A page of stray bits: a chart's edge printed past the
            # columns, an empty page.
            found["lonely"].append("trang %d: gần như trống (%s)"
                                   % (pno, " / ".join(t for _, t in bs)))
            continue
        texts = [t for _, t in bs]
        # Signature bands: the «(Ký ...)» notes, the upper-case titles, and
        # what follows a note (the names).  Fewer than two other bands: the
        # block stands alone.
        if any("(Ký" in t for t in texts):
            first = next(i for i, t in enumerate(texts) if "(Ký" in t)
            other = [t for i, t in enumerate(texts[:first])
                     if not (t.upper() == t and any(c.isalpha() for c in t))]
            if len(other) < 2:
                found["lonely"].append("trang %d: chỉ có khối chữ ký: %s"
                                       % (pno, " / ".join(texts)))
        last = texts[-1].casefold()
        lone = last in heads or any(last.startswith(h + " ") and last[len(h) + 1:].isdigit()
                                    for h in heads)
        def heading(t):
            f = t.casefold()
            return f in heads or (t.upper() == t and any(c.isalpha() for c in t))
        if all(heading(t) for t in texts) and not any("(Ký" in t for t in texts):
            found["lonely"].append("trang %d: chỉ có đề mục %s" % (pno, " / ".join(texts)))
        elif lone and pno < len(pages) + 1:
            found["lonely"].append("trang %d: đề mục «%s» nằm cuối trang" % (pno, texts[-1]))
    return pages, found, min_pt


def main():
    args = sys.argv[1:]
    forms = "forms"
    if args[:1] == ["--forms"]:
        forms, args = args[1], args[2:]
    heads, codes = ini_values(forms)
    n = 0
    failed = 0
    for pdf in args:
        pages, found, min_pt = check(pdf, heads, codes)
        name = os.path.basename(pdf)
        print("# %s: %d trang, chữ nhỏ nhất %.1f pt" % (name, len(pages), min_pt))
        for key, what in (("overlap", "no word printed on another"),
                          ("font", "no text below 8 pt"),
                          ("lonely", "no page of a lone signature block or heading, nothing cut"),
                          ("codes", "no form code printed in place of its label")):
            n += 1
            items = found[key]
            if items:
                failed += 1
                print("not ok %d - %s: %s (%d)" % (n, name, what, len(items)))
                for it in items[:15]:
                    print("#   " + it)
            else:
                print("ok %d - %s: %s" % (n, name, what))
    print("1..%d" % n)
    return 1 if failed else 0


sys.exit(main())
