-- Schema version 3: what a province-sized store (100,000 initiatives)
-- needs to answer the screens within a frame.
--
-- "How far has each unit got", asked by the dashboard and `sangkien due`
-- on every start (sk_duties_unit_gaps): the grouping by unit and stage
-- walks this index instead of sorting every row.
CREATE INDEX initiative_unit_stage ON initiative(unit_id, stage);
DROP INDEX initiative_unit;

-- Search as you type asks for word prefixes ("s", "so", "so h"): prefix
-- indexes of 1 to 3 letters answer them without merging the doclists of
-- every word that starts so ("s*": 10 ms -> 3 ms over 100,000).  The
-- folded text is copied as it is; rowids stay the initiatives' ids.
CREATE VIRTUAL TABLE initiative_search_v3 USING fts5(body, tokenize = 'unicode61',
                                                     prefix = '1 2 3');
INSERT INTO initiative_search_v3(rowid, body) SELECT rowid, body FROM initiative_search;
DROP TABLE initiative_search;
ALTER TABLE initiative_search_v3 RENAME TO initiative_search;
