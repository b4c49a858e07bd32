-- Schema version 1 of the sangkien store.
-- Dates are ISO text (yyyy-mm-dd), timestamps ISO text in local time with
-- offset; booleans 0/1; every text column holds NFC UTF-8.  Columns named
-- here are the `column =` targets of forms/*.ini; a form field without a
-- column lands in extra_field, so a province can add fields without a
-- schema change.

-- "SKVN": marks the file as ours (SK_APPLICATION_ID in store.h).
PRAGMA application_id = 1397446222;

CREATE TABLE unit (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    level       TEXT NOT NULL,          -- tinh, so, ban, nganh, xa, phuong, dac_khu, co_quan
    parent_id   INTEGER REFERENCES unit(id),
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE initiative (
    id              INTEGER PRIMARY KEY,
    uuid            TEXT NOT NULL UNIQUE,
    public_id       TEXT NOT NULL UNIQUE,   -- <unit>-<year>-SK<nn>
    unit_id         INTEGER NOT NULL REFERENCES unit(id),
    year            INTEGER NOT NULL,
    seq             INTEGER NOT NULL,
    stage           TEXT NOT NULL DEFAULT 'draft',
    reg_date        TEXT,
    title           TEXT NOT NULL,
    content_group   TEXT,
    problem         TEXT,
    objective       TEXT,
    solution        TEXT,
    output_product  TEXT,
    scope           TEXT,
    procedures      TEXT,
    start_date      TEXT,
    end_date        TEXT,
    operating_since TEXT,
    lead_name       TEXT,
    lead_position   TEXT,
    lead_phone      TEXT,
    lead_email      TEXT,
    coordinating_units TEXT,
    budget_source   TEXT,
    budget_note     TEXT,
    legal_compliant INTEGER,
    legal_no_new_procedure INTEGER,
    legal_no_extra_requirement INTEGER,
    preparer_name   TEXT,
    preparer_title  TEXT,
    head_name       TEXT,
    head_title      TEXT,
    title_key       BLOB,                   -- vn_sortkey(title): memcmp = Vietnamese order
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (unit_id, year, seq)
) STRICT;
CREATE INDEX initiative_order ON initiative(title_key, public_id);
CREATE INDEX initiative_unit ON initiative(unit_id);
CREATE INDEX initiative_stage ON initiative(stage);

CREATE TABLE indicator (
    id              INTEGER PRIMARY KEY,
    initiative_id   INTEGER NOT NULL REFERENCES initiative(id) ON DELETE CASCADE,
    pos             INTEGER NOT NULL,
    catalogue_code  TEXT,                   -- standard indicator, or NULL
    name            TEXT NOT NULL,
    measure_unit    TEXT,
    baseline        REAL,
    baseline_period TEXT,
    target          REAL,
    source          TEXT,
    direction       TEXT,                   -- up (higher is better) / down
    UNIQUE (initiative_id, pos)
) STRICT;

CREATE TABLE report (
    id              INTEGER PRIMARY KEY,
    initiative_id   INTEGER NOT NULL REFERENCES initiative(id) ON DELETE CASCADE,
    round           INTEGER NOT NULL CHECK (round IN (1, 2)),
    report_date     TEXT,
    period_from     TEXT,
    period_to       TEXT,
    work_done       TEXT,
    months_operating INTEGER,
    progress        TEXT,
    beneficiaries   TEXT,
    dossiers_affected INTEGER,
    units_applying  INTEGER,
    difficulties    TEXT,
    replication_lead TEXT,
    replication_roadmap TEXT,
    replication_indicators TEXT,
    recognition_requested INTEGER,
    preparer_name   TEXT,
    preparer_title  TEXT,
    head_name       TEXT,
    head_title      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (initiative_id, round)
) STRICT;

CREATE TABLE measurement (
    id              INTEGER PRIMARY KEY,
    report_id       INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
    indicator_id    INTEGER NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
    before_value    REAL,
    after_value     REAL,
    source          TEXT,
    evidence_code   TEXT,
    note            TEXT,
    UNIQUE (report_id, indicator_id)
) STRICT;

CREATE TABLE stage_time (                   -- processing time per stage
    id              INTEGER PRIMARY KEY,
    report_id       INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
    pos             INTEGER NOT NULL,
    step_name       TEXT NOT NULL,
    before_days     REAL,
    after_days      REAL,
    UNIQUE (report_id, pos)
) STRICT;

CREATE TABLE evidence (
    id              INTEGER PRIMARY KEY,
    initiative_id   INTEGER NOT NULL REFERENCES initiative(id) ON DELETE CASCADE,
    round           INTEGER,                -- 1, 2 or NULL (registration)
    seq             INTEGER NOT NULL,
    code            TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,          -- document, screenshot, link, data
    title           TEXT NOT NULL,
    doc_date        TEXT,
    original_name   TEXT,
    stored_path     TEXT,
    url             TEXT,
    size            INTEGER,
    sha256          TEXT,
    created_at      TEXT NOT NULL,
    UNIQUE (initiative_id, seq)
) STRICT;

CREATE TABLE evaluation (
    id              INTEGER PRIMARY KEY,
    uuid            TEXT NOT NULL UNIQUE,
    initiative_id   INTEGER NOT NULL REFERENCES initiative(id) ON DELETE CASCADE,
    level           TEXT NOT NULL,          -- self, preliminary, provincial
    evaluator       TEXT NOT NULL,
    evaluator_role  TEXT,
    eval_date       TEXT,
    legal_pass      INTEGER,
    total           REAL,
    classification  TEXT,
    comments        TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX evaluation_initiative ON evaluation(initiative_id);

CREATE TABLE evaluation_score (
    id              INTEGER PRIMARY KEY,
    evaluation_id   INTEGER NOT NULL REFERENCES evaluation(id) ON DELETE CASCADE,
    criterion       TEXT NOT NULL,
    points          REAL,
    comment         TEXT,
    UNIQUE (evaluation_id, criterion)
) STRICT;

CREATE TABLE council_decision (             -- the council's conclusion (Mẫu 03)
    initiative_id   INTEGER PRIMARY KEY REFERENCES initiative(id) ON DELETE CASCADE,
    decided_on      TEXT,
    recognised      INTEGER,
    effectiveness_class TEXT,
    scope_class     TEXT,
    replication_lead TEXT,
    replication_roadmap TEXT,
    replication_indicators TEXT,
    reward_proposal TEXT,
    flag_unsupported INTEGER,
    note            TEXT,
    updated_at      TEXT NOT NULL
) STRICT;

CREATE TABLE extra_field (                  -- form fields without a column
    entity          TEXT NOT NULL,
    entity_id       INTEGER NOT NULL,
    key             TEXT NOT NULL,
    value           TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id, key)
) STRICT;

CREATE TABLE stage_history (
    id              INTEGER PRIMARY KEY,
    initiative_id   INTEGER NOT NULL REFERENCES initiative(id) ON DELETE CASCADE,
    from_stage      TEXT,
    to_stage        TEXT NOT NULL,
    at              TEXT NOT NULL,
    actor           TEXT NOT NULL,
    reason          TEXT
) STRICT;
CREATE INDEX stage_history_initiative ON stage_history(initiative_id);

CREATE TABLE audit_log (                    -- never updated, never deleted
    id              INTEGER PRIMARY KEY,
    at              TEXT NOT NULL,
    actor           TEXT NOT NULL,
    entity          TEXT NOT NULL,
    entity_id       INTEGER,
    public_id       TEXT,
    field           TEXT,
    old_value       TEXT,
    new_value       TEXT,
    reason          TEXT
) STRICT;
CREATE INDEX audit_log_public ON audit_log(public_id);

CREATE TABLE setting (
    key             TEXT PRIMARY KEY,
    value           TEXT NOT NULL
) STRICT;

-- Search without diacritics: a folded copy of the searchable text
-- (vn_fold(), registered on every connection).  Kept by the program, not by
-- triggers: with trusted_schema=OFF SQLite refuses triggers that write to
-- FTS5 tables, and the fold function exists only inside sangkien anyway.
CREATE VIRTUAL TABLE initiative_search USING fts5(body, tokenize = 'unicode61');

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
