# Printing a workbook as an office would, for the print tests (sourced by
# test_print.sh, test_council_agenda.sh, test_council_round.sh,
# test_rewards_cli.sh).  Needs T (the test's scratch folder), SRC, PY and
# the test's ok/notok.
#
# LibreOffice measures column widths with the workbook's default font,
# Calibri, which Debian lacks; its fallback (DejaVu Sans) draws columns a
# third wider than Excel.  A private fontconfig file maps Calibri to
# Liberation Sans (a sixth wider, as close as Debian's free fonts come),
# so the pages are those of an office with Excel's fonts, a little smaller.

# True when LibreOffice and pdftotext are there to print and read pages.
can_print() {
    command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1
}

# topdf OUTDIR FILE...: PDFs of the workbooks in OUTDIR.
topdf() {
    local out=$1
    shift
    [[ -f $T/fonts.conf ]] || cat >"$T/fonts.conf" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <match target="pattern">
    <test qual="any" name="family"><string>Calibri</string></test>
    <edit name="family" mode="assign" binding="strong"><string>Liberation Sans</string></edit>
  </match>
</fontconfig>
XML
    FONTCONFIG_FILE="$T/fonts.conf" timeout 300 soffice -env:UserInstallation=file://"${LO_PROFILE:-$T/lo}" \
        --headless --convert-to pdf --outdir "$out" "$@" >/dev/null 2>&1
}

# print_check PDF...: tests/print_check.py's checks (overlapping words,
# text below 8 pt, lone signature blocks or headings, form codes), one
# TAP line each, numbered in the calling test's count.
print_check() {
    local line
    while IFS= read -r line; do
        case $line in
            "ok "*) ok "${line#ok * - }" ;;
            "not ok "*) notok "${line#not ok * - }" ;;
            "#"*) echo "$line" ;;
        esac
    done < <($PY "$SRC/tests/print_check.py" --forms "$SRC/forms" "$@")
}
