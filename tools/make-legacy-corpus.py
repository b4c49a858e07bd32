#!/usr/bin/python3
"""Build the mojibake corpus of tests/fixtures/legacy/lists/ (issue 14).

From the Vietnamese plans already there (NNN_*.txt) take the distinct
administrative phrases (clauses between punctuation, 2 to 10 words, with
at least one Vietnamese letter), and write, one per line:

  phrases.txt          the clean phrases (NFC)
  phrases.tcvn3.txt    TCVN3 (ABC) bytes shown as Windows-1252 (own table)
  phrases.vni.txt      VNI-Windows bytes shown as Windows-1252 (own table)
  phrases.cp1258.txt   Windows-1258 bytes shown as Windows-1252 (python's
                       codec; checked equal to glibc iconv's bytes)
  phrases.double.txt   UTF-8 bytes shown as Windows-1252
  clean.txt            strings that must never be flagged: names, e-mail
                       addresses, URLs, French/German/Spanish words,
                       code-like text, English office words

Windows-1252's five undefined bytes show as U+0080+b (Latin-1), as
Windows itself does.  Run with Debian's python: /usr/bin/python3
tools/make-legacy-corpus.py; the output is deterministic."""
import glob
import os
import re
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DIR = os.path.join(HERE, '..', 'tests', 'fixtures', 'legacy')
OUT = os.path.join(DIR, 'lists')   # apart: test_legacy reads every DIR/*.txt as genuine text

VOWELS = ["aáàảãạ", "ăắằẳẵặ", "âấầẩẫậ", "eéèẻẽẹ", "êếềểễệ", "iíìỉĩị",
          "oóòỏõọ", "ôốồổỗộ", "ơớờởỡợ", "uúùủũụ", "ưứừửữự", "yýỳỷỹỵ"]
# TCVN3 (ABC) as Windows-1252 text, per vowel and tone.  The fonts have no
# capital toned letters: headings used .VnTimeH with the lower-case codes.
TCVN3 = ["a¸µ¶·¹", "¨¾»¼½Æ", "©ÊÇÈÉË", "eÐÌÎÏÑ", "ªÕÒÓÔÖ", "iÝ×ØÜÞ",
         "oãßáâä", "«èåæçé", "¬íêëìî", "uóïñòô", "\u00adøõö÷ù", "yýúûüþ"]
TCVN3_UPPER0 = {"Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦"}
# VNI-Windows: base letter + modifier byte (shown as 1252), upper-case
# modifiers 0x20 below; i, ỵ, ơ, ư, đ in one byte.
VNI_TONE = ["", "ù", "ø", "û", "õ", "ï"]
VNI_HAT = ["â", "á", "à", "å", "ã", "ä"]
VNI_BREVE = ["ê", "é", "è", "ú", "ü", "ë"]
VNI_I = ["i", "í", "ì", "æ", "ó", "ò"]


def upper1252(s):
    return ''.join(chr(ord(c) - 0x20) if 0xE0 <= ord(c) <= 0xFE and c != '÷' else c.upper()
                   for c in s)


def build_tables():
    tcvn, vni = {"đ": "®", "Đ": "§"}, {"đ": "ñ", "Đ": "Ñ"}
    for v, row in enumerate(VOWELS):
        for t, ch in enumerate(row):
            lo = TCVN3[v][t]
            tcvn[ch] = lo
            up = ch.upper()
            tcvn[up] = TCVN3_UPPER0.get(up, lo if t else up)
            if v == 5:
                seq = VNI_I[t]
            elif v == 11 and t == 5:
                seq = "î"
            else:
                base = {8: "ô", 10: "ö"}.get(v, "aaaee.oo.u.y"[v])
                mod = (VNI_BREVE if v == 1 else VNI_HAT if v in (2, 4, 7) else VNI_TONE)[t]
                seq = base + mod
            vni[ch] = seq
            vni[up] = upper1252(seq) if v != 5 or t == 0 else upper1252(seq)
    return tcvn, vni


def show_1252(data):
    out = []
    for b in data:
        try:
            out.append(bytes([b]).decode('cp1252'))
        except UnicodeDecodeError:
            out.append(chr(b))
    return ''.join(out)


TONES = {"\u0301": 1, "\u0300": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}


def tone_split(s):
    """Letters as Windows-1258 spells them: the untoned letter, then the
    tone as a combining mark (precomposed where 1258 has the letter)."""
    out = []
    for ch in s:
        d = unicodedata.normalize('NFD', ch)
        marks = [m for m in d if m in TONES]
        base = unicodedata.normalize('NFC', ''.join(m for m in d if m not in TONES))
        if not marks:
            out.append(ch)
            continue
        try:
            ch.encode('cp1258')
            out.append(ch)
        except UnicodeEncodeError:
            out.append(base + marks[0])
    return ''.join(out)


def phrases():
    seen, result = set(), []
    for path in sorted(glob.glob(os.path.join(DIR, '[0-9][0-9][0-9]_*.txt'))):
        text = unicodedata.normalize('NFC', open(path, encoding='utf-8').read())
        for part in re.split(r'[\n.,;:()\[\]“”"*#!?/|]+', text):
            words = part.split()
            if not 2 <= len(words) <= 10:
                continue
            p = ' '.join(words)
            if not any(ord(c) > 0x7F for c in p) or p in seen:
                continue
            if any(ord(c) > 0x7F and not unicodedata.category(c).startswith('L') for c in p):
                continue   # dashes, quotes: not what this list is about
            seen.add(p)
            result.append(p)
    return result


FOREIGN = """café|Noël|naïve|crème brûlée|déjà vu|Hôtel de Ville|forêt|coût|août|Là où il est|
Théâtre|Gâteau|garçon|façade|Zürich|Müller|Straße|Öl|smörgåsbord|Ærø|Ångström|São Paulo|
Señor García|mañana|niño|El Niño|Córdoba|¿Qué?|¡Olé!|résumé|naïveté|Œuvre|cœur|fiancée|
Loïc Minier|Chloé|Zoë|Björk|Dvořák|Łódź|Kraków|Gdańsk|İstanbul|Reykjavík|Ibáñez|Pérez|
però|così|più|Niccolò|caffè|perché|città|Göteborg|Malmö|Tromsø|Ålesund|Jürgen|Müşteri|Français|Québec|Montréal|Genève|Besançon|
à la carte|pièce de résistance|vis-à-vis|tête-à-tête|raison d'être|cliché|soufflé|
jalapeño|piñata|über|Fräulein|Schön|Grüße|Ärger|Übung|Café au lait à la française|
José|María|Ramón|Inés|Sebastián|Nicolás|Andrés|Álvaro|Héctor|Raúl|Ángel|Lucía|Sofía|
Noémie|Hélène|Françoise|Jérôme|Benoît|Anaïs|Gaëlle|Maël|Raphaël|Joël|Citroën|Renée|
Excel|Word|PowerPoint|Google Drive|Zalo|Facebook|YouTube|Windows 10|Microsoft Office|USB|
Wifi|website|password|data|GIS|email|online|offline|scan|file PDF|backup|server|
ISO 9001:2015|TCVN 11041|QR code|VNeID|iHanoi|Chrome|Firefox|LibreOffice Calc|
x · y|½ + ¼ = ¾|© 2026|§ 3|25°C|±5|×2|100%|1.234.567,89|µm|µg/l|“quoted”|‘single’|
– 3 –|— ghi chú —|…|•|→|✓|€ 100|£ 20|¥ 300|® TM|™|°F|¶ 4|† chết|‰|
toUpper('ç')|the letter (ß)|'ü'|"ë"|s/é/e/g|printf("%s")|a->b|x <= y|i++|#include <stdio.h>|
SELECT * FROM đơn_vị|key=value|C:\\Users\\An\\Documents|/home/an/tài liệu|~/.config|
北京|東京|Привет|Москва|Ελλάδα|שלום|مرحبا|नमस्ते|한국어|ภาษาไทย|ខ្មែរ|ລາວ"""

FAMILY = ["Nguyen", "Tran", "Le", "Pham", "Hoang", "Huynh", "Phan", "Vu", "Vo", "Dang",
          "Bui", "Do", "Ho", "Ngo", "Duong", "Ly"]
GIVEN = ["An", "Binh", "Chi", "Dung", "Giang", "Hoa", "Khoa", "Lan", "Minh", "Nam", "Phuong",
         "Quang", "Son", "Thao", "Uyen", "Vy"]
DOMAINS = ["gmail.com", "kiengiang.gov.vn", "phuquoc.gov.vn", "yahoo.com.vn", "outlook.com"]
HOSTS = ["dichvucong.gov.vn", "kiengiang.gov.vn", "vanban.chinhphu.vn", "thuvienphapluat.vn",
         "example.org"]


def clean_strings(vn):
    out = [s.strip() for s in FOREIGN.replace('\n', '').split('|') if s.strip()]
    for i, f in enumerate(FAMILY):
        for j, g in enumerate(GIVEN):
            if (i + j) % 3 == 0:
                out.append(f"{f.lower()}.{g.lower()}{i}{j}@{DOMAINS[(i + j) % len(DOMAINS)]}")
            elif (i + j) % 3 == 1:
                out.append(f"https://{HOSTS[(i * j) % len(HOSTS)]}/p/{f.lower()}-{g.lower()}?id={i * 16 + j}")
            else:
                out.append(f"{f}_{g}_{2020 + i % 7}.xlsx; sk_{g.lower()}_{f.lower()}()")
    # genuine Vietnamese, NFC and NFD, whole phrases and the single words
    out += vn
    out += [unicodedata.normalize('NFD', p) for p in vn[::3]]
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    tcvn, vni = build_tables()
    vn = phrases()
    if len(vn) < 500:
        sys.exit(f"only {len(vn)} phrases")
    enc = {
        'tcvn3': lambda p: ''.join(tcvn.get(c, c) for c in p),
        'vni': lambda p: ''.join(vni.get(c, c) for c in p),
        'cp1258': lambda p: show_1252(tone_split(p).encode('cp1258')),
        'double': lambda p: show_1252(p.encode('utf-8')),
    }
    # python's cp1258 codec and glibc iconv must agree byte for byte
    sample = '\n'.join(tone_split(p) for p in vn)
    glibc = subprocess.run(['iconv', '-f', 'UTF-8', '-t', 'CP1258'], input=sample.encode(),
                           capture_output=True, check=True).stdout
    if glibc != sample.encode('cp1258'):
        sys.exit("python's cp1258 and glibc iconv disagree")
    with open(os.path.join(OUT, 'phrases.txt'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(vn) + '\n')
    for name, fn in enc.items():
        with open(os.path.join(OUT, f'phrases.{name}.txt'), 'w', encoding='utf-8') as f:
            f.write('\n'.join(fn(p) for p in vn) + '\n')
    clean = clean_strings(vn)
    with open(os.path.join(OUT, 'clean.txt'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(clean) + '\n')
    print(f"{len(vn)} phrases, {len(clean)} clean strings")


main()
