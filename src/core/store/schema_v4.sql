-- Schema version 4: the aggregating office takes in what units send.
--
-- Units get their focal-point contact and can be retired: a retired unit
-- keeps its row (its history and initiatives stay), and since codes are
-- UNIQUE and rows are never deleted, a code is never reused.
ALTER TABLE unit ADD COLUMN contact_name TEXT;
ALTER TABLE unit ADD COLUMN contact_position TEXT;
ALTER TABLE unit ADD COLUMN contact_phone TEXT;
ALTER TABLE unit ADD COLUMN contact_email TEXT;
ALTER TABLE unit ADD COLUMN retired_on TEXT;        -- ISO date; NULL while active
CREATE INDEX unit_parent ON unit(parent_id);

-- The intake register (sổ nhận hồ sơ): one row per file received.  The
-- date received is what the office writes in its register (today, or the
-- date on the cover letter), never the moment the file was imported.
CREATE TABLE intake (
    id              INTEGER PRIMARY KEY,
    unit_id         INTEGER REFERENCES unit(id),   -- the sending unit (NULL: several)
    received_on     TEXT NOT NULL,                 -- ISO date
    file_name       TEXT NOT NULL,                 -- as received (base name)
    sha256          TEXT NOT NULL,
    kind            TEXT NOT NULL,                 -- workbook, bundle
    exported_at     TEXT,                          -- when the unit exported it (metadata)
    carried         TEXT NOT NULL,                 -- e.g. "Mẫu 01 (2), Mẫu 02 đợt 1 (2)"
    changes         INTEGER NOT NULL,              -- values applied
    recorded_at     TEXT NOT NULL,                 -- timestamp of the entry
    actor           TEXT NOT NULL
) STRICT;
CREATE INDEX intake_unit ON intake(unit_id, received_on);

-- What each received file carried: one row per initiative and form part
-- ("mau01", "mau02.1", "mau02.2", "mau03.self"), with the date written on
-- the form.  On time / late is judged from these dates.
CREATE TABLE intake_item (
    intake_id       INTEGER NOT NULL REFERENCES intake(id),
    initiative_id   INTEGER NOT NULL REFERENCES initiative(id) ON DELETE CASCADE,
    part            TEXT NOT NULL,
    form_date       TEXT,                          -- ISO date on the form, or NULL
    PRIMARY KEY (intake_id, initiative_id, part)
) STRICT;
CREATE INDEX intake_item_initiative ON intake_item(initiative_id, part);

-- The values of each unit-owned part as last imported (sk_record_encode):
-- a field changed both here and in the unit's file since then is a
-- conflict, never overwritten silently.
CREATE TABLE import_baseline (
    initiative_id   INTEGER NOT NULL REFERENCES initiative(id) ON DELETE CASCADE,
    part            TEXT NOT NULL,
    body            TEXT NOT NULL,
    intake_id       INTEGER NOT NULL REFERENCES intake(id),
    PRIMARY KEY (initiative_id, part)
) STRICT;

-- Evidence already held is found by its hash, not copied twice.
CREATE INDEX evidence_sha256 ON evidence(sha256);

-- Recurring reports sent ([recurring.ID] of the schedule file: the monthly
-- KSTTHC figures, the weekly figures...): one row per duty and period
-- ("2026-W48", "2026-11", "2026-Q4", "2026"), with the date it was sent
-- and the reference number (số văn bản).  On time / late is judged from
-- sent_on against the schedule's deadline, never from recorded_at.
CREATE TABLE recurring_sent (
    duty            TEXT NOT NULL,                 -- [recurring.ID] code
    period          TEXT NOT NULL,
    sent_on         TEXT NOT NULL,                 -- ISO date
    reference       TEXT,                          -- số văn bản, may be NULL
    recorded_at     TEXT NOT NULL,
    actor           TEXT NOT NULL,
    PRIMARY KEY (duty, period)
) STRICT;
