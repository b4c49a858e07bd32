-- Schema version 3: an index for "how far has each unit got", which the
-- dashboard and `sangkien due` ask on every start (sk_duties_unit_gaps).
-- On a province-sized store (100,000 initiatives) the grouping by unit and
-- stage drops from a sort of every row to a walk of this index.
CREATE INDEX initiative_unit_stage ON initiative(unit_id, stage);
DROP INDEX initiative_unit;
