-- Schema version 2: drafts of the record a screen is editing (draft.h).
-- A draft is a whole record as one text (sk_record_encode), keyed by what
-- the screen edits ("mau02:<initiative>:<round>"), so a crash or a power
-- cut loses at most the field being typed.  Nothing else changes.

CREATE TABLE draft (
    key             TEXT PRIMARY KEY,
    form_id         TEXT NOT NULL,          -- mau01, mau02, mau03, mau03-ketluan
    title           TEXT NOT NULL DEFAULT '',
    body            TEXT NOT NULL,          -- sk_record_encode()
    saved_at        TEXT NOT NULL           -- ISO timestamp with offset
) STRICT;
CREATE INDEX draft_saved ON draft(saved_at);
