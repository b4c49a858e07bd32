/* An editable field: an NFC code-point buffer with a cursor, horizontal
 * scroll (one line) or wrapping (several lines), and built-in Telex/VNI
 * typing through the core's vnkey engine.  The cursor column is the width
 * of what precedes it, so Vietnamese letters never misplace it. */
#ifndef SANGKIEN_TUI_FIELD_H
#define SANGKIEN_TUI_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tui.h"

typedef struct tui_field {
    uint32_t *buf;
    size_t len, cap;
    size_t cur;          /* cursor, in code points */
    size_t scroll;       /* one line: first code point shown; several: first row shown */
    bool multiline;
    bool literal;        /* dates, numbers, codes: keys are typed as they are */
    size_t max_chars;    /* 0: no limit */
    bool changed;        /* edited since init */
    /* The keys that typed the word ending at keys_end (which began at
     * keys_at), so a word that is no Vietnamese can be given back as typed
     * when it ends (sk_vnkey_restore).  Any other edit or move leaves them
     * out of step, and then nothing is given back. */
    uint32_t keys[SK_VNKEY_KEYS_MAX];
    size_t nkeys, keys_at, keys_end;
    bool keys_ok;
} tui_field;

void tui_field_init(tui_field *f, const char *text, bool multiline, bool literal,
                    size_t max_chars);
void tui_field_free(tui_field *f);
/* The text as fresh UTF-8. */
char *tui_field_text(const tui_field *f);
/* Apply an editing action or a typed key.  Returns true when the key was
 * used (moved or changed something).  Up/Down are used only in a
 * multi-line field and only when the cursor can move that way. */
bool tui_field_key(tui_field *f, const sk_vnkey *vk, tui_action a, const tui_key *k, int width);
/* The word before the cursor has ended (the box is being left): give it
 * back as typed if the typing method says so.  tui_field_key does this
 * itself for a space, punctuation, Enter and cursor moves. */
void tui_field_end_word(tui_field *f, const sk_vnkey *vk);
/* Insert UTF-8 text at the cursor (pasted or composed input), normalised. */
void tui_field_insert_text(tui_field *f, const char *s);
/* Draw in h rows of w cells at (y, x); *cy, *cx receive the cursor. */
void tui_field_draw(tui_field *f, int y, int x, int w, int h, int *cy, int *cx);
/* Rows the text needs at width w (several-line fields). */
int tui_field_rows(const tui_field *f, int w);

#endif
