-- The district overview's figures per commune, kept current by the mutation executor (and
-- rebuilt at start-up), so that the overview reads one small row per commune.
CREATE TABLE commune_stats (
    commune_id TEXT PRIMARY KEY REFERENCES org_units(id),
    data       TEXT NOT NULL
);

-- Notes are listed per member.
CREATE INDEX notes_member ON notes(member_id);
