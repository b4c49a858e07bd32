-- Schema version 5: the provincial council offline, the innovation bank
-- and the reward list (issue 13).

-- The council roster (Hội đồng sáng kiến tỉnh).  A Mẫu 03 sheet of level
-- 'provincial' names its member; a member scores an initiative at most
-- once.  unit_id is the member's own unit when it is in the unit list: a
-- sheet on that unit's initiative is a conflict of interest, flagged, not
-- refused.  Rows are never deleted (sheets keep naming them): a member who
-- leaves gets retired_on.
CREATE TABLE council_member (
    id              INTEGER PRIMARY KEY,
    uuid            TEXT NOT NULL UNIQUE,          -- written into the member's workbook
    pos             INTEGER NOT NULL,              -- roster order
    name            TEXT NOT NULL UNIQUE,          -- NFC, as the sheets name the member
    position        TEXT,                          -- chức vụ
    agency          TEXT,                          -- cơ quan
    unit_id         INTEGER REFERENCES unit(id),   -- the agency as a unit, if listed
    role            TEXT,                          -- chủ tịch, phó chủ tịch, thư ký, thành viên
    retired_on      TEXT,                          -- ISO date; NULL while serving
    created_at      TEXT NOT NULL
) STRICT;

ALTER TABLE evaluation ADD COLUMN member_id INTEGER REFERENCES council_member(id);
CREATE UNIQUE INDEX evaluation_member ON evaluation(initiative_id, member_id)
    WHERE member_id IS NOT NULL;

-- Which member scores which initiative.  A member with no row here is
-- assigned every initiative the council scores.
CREATE TABLE council_assignment (
    member_id       INTEGER NOT NULL REFERENCES council_member(id),
    initiative_id   INTEGER NOT NULL REFERENCES initiative(id) ON DELETE CASCADE,
    PRIMARY KEY (member_id, initiative_id)
) STRICT;

-- The authors of an initiative (Mẫu 01 group), and as reported in each
-- round (Mẫu 02 group): individuals and the collective, with position and
-- unit.  kind: 'individual' or 'collective'.
CREATE TABLE author (
    id              INTEGER PRIMARY KEY,
    initiative_id   INTEGER NOT NULL REFERENCES initiative(id) ON DELETE CASCADE,
    pos             INTEGER NOT NULL,
    kind            TEXT NOT NULL DEFAULT 'individual',
    name            TEXT NOT NULL DEFAULT '',
    position        TEXT,
    unit_name       TEXT,
    contribution    TEXT,
    UNIQUE (initiative_id, pos)
) STRICT;

CREATE TABLE report_author (
    id              INTEGER PRIMARY KEY,
    report_id       INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
    pos             INTEGER NOT NULL,
    kind            TEXT NOT NULL DEFAULT 'individual',
    name            TEXT NOT NULL DEFAULT '',
    position        TEXT,
    unit_name       TEXT,
    contribution    TEXT,
    UNIQUE (report_id, pos)
) STRICT;

-- The rewards the council's conclusion proposes (a group of
-- mau03-ketluan.ini): one row per collective or individual, with the form
-- of reward (a code of the reward plan, forms/khen-thuong.ini).
CREATE TABLE reward_proposal (
    id              INTEGER PRIMARY KEY,
    initiative_id   INTEGER NOT NULL REFERENCES initiative(id) ON DELETE CASCADE,
    pos             INTEGER NOT NULL,
    kind            TEXT NOT NULL DEFAULT 'individual',
    name            TEXT NOT NULL DEFAULT '',
    position        TEXT,
    unit_name       TEXT,
    award           TEXT,
    reason          TEXT,
    UNIQUE (initiative_id, pos)
) STRICT;

-- The innovation bank of earlier years, loaded into a new year's database.
-- This year's bank is not copied: it is the initiatives the workflow has
-- published (stages published, replication_stopped), read live.
CREATE TABLE bank_entry (
    id              INTEGER PRIMARY KEY,
    uuid            TEXT NOT NULL UNIQUE,          -- the initiative's uuid in its year
    public_id       TEXT NOT NULL,
    year            INTEGER NOT NULL,
    unit_code       TEXT,
    unit_name       TEXT NOT NULL,
    title           TEXT NOT NULL,
    content_group   TEXT,
    description     TEXT,
    effectiveness_class TEXT,
    scope_class     TEXT,
    status          TEXT NOT NULL,                 -- replicating, stopped
    stopped_reason  TEXT,
    published_on    TEXT,
    search_body     TEXT NOT NULL DEFAULT '',      -- folded title + description
    loaded_from     TEXT NOT NULL,                 -- base name of the source file
    loaded_at       TEXT NOT NULL
) STRICT;
CREATE INDEX bank_entry_year ON bank_entry(year);

-- «Áp dụng, nhân rộng»: a unit adopting a bank initiative, this year's or
-- an earlier year's, named by the initiative's uuid.
CREATE TABLE bank_adoption (
    id              INTEGER PRIMARY KEY,
    entry_uuid      TEXT NOT NULL,
    unit_id         INTEGER NOT NULL REFERENCES unit(id),
    adopted_on      TEXT NOT NULL,                 -- ISO date
    indicators      TEXT,                          -- the unit's own indicators, free text
    note            TEXT,
    recorded_at     TEXT NOT NULL,
    actor           TEXT NOT NULL,
    UNIQUE (entry_uuid, unit_id)
) STRICT;
