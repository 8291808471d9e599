-- Events of the organisation tree from the browser: a renamed unit keeps its former name (the tree
-- as of an earlier day shows it). `sources` holds the JSON list of the units an event concerns
-- (merged, dissolved, renamed); `result_unit` the new unit of a merge, or a dissolved unit's
-- successor.
ALTER TABLE org_events ADD COLUMN former_name TEXT;
CREATE INDEX org_events_kind ON org_events (kind, happened_on);
-- The communes a campaign applies to (JSON list of unit ids); NULL: every commune.
ALTER TABLE campaigns ADD COLUMN communes TEXT;
