-- BranchBoard schema on PostgreSQL: the same tables as the SQLite migrations 0001–0008 leave, in
-- one step (no database on this engine predates it). Identifiers are UUID text; dates are ISO
-- text (yyyy-mm-dd); instants are milliseconds since the epoch (UTC); every integer is BIGINT
-- (the Rust side reads them as i64). Every editable row has a version.

CREATE TABLE unit_types (
    code  TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    level BIGINT NOT NULL
);

CREATE TABLE org_units (
    id          TEXT PRIMARY KEY,
    type_code   TEXT NOT NULL REFERENCES unit_types(code),
    name        TEXT NOT NULL,
    valid_from  TEXT NOT NULL,
    valid_to    TEXT,
    version     BIGINT NOT NULL DEFAULT 1,
    decision_no TEXT
);

CREATE TABLE org_unit_links (
    child_id   TEXT NOT NULL REFERENCES org_units(id),
    parent_id  TEXT NOT NULL REFERENCES org_units(id),
    valid_from TEXT NOT NULL,
    valid_to   TEXT,
    PRIMARY KEY (child_id, parent_id, valid_from)
);

-- A merge (or another change of the tree) is an event: the past is never rewritten. `sources`
-- holds the JSON list of the units it concerns; `result_unit` the new unit of a merge, or a
-- dissolved unit's successor; a renamed unit keeps its former name.
CREATE TABLE org_events (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    happened_on TEXT NOT NULL,
    decision_no TEXT NOT NULL,
    result_unit TEXT REFERENCES org_units(id),
    sources     TEXT NOT NULL,
    former_name TEXT
);
CREATE INDEX org_events_kind ON org_events (kind, happened_on);

CREATE TABLE branches (
    id                   TEXT PRIMARY KEY,
    name                 TEXT NOT NULL,
    kind                 TEXT NOT NULL CHECK (kind IN ('agency', 'residential')),
    unit_id              TEXT NOT NULL REFERENCES org_units(id),
    commune_id           TEXT REFERENCES org_units(id),
    hamlet_id            TEXT REFERENCES org_units(id),
    dissolved_on         TEXT,
    dissolution_decision TEXT,
    version              BIGINT NOT NULL DEFAULT 1,
    founded_on           TEXT,
    founding_decision    TEXT
);
CREATE INDEX branches_commune ON branches(commune_id);

CREATE TABLE members (
    id                  TEXT PRIMARY KEY,
    full_name           TEXT NOT NULL,
    gender              TEXT NOT NULL,
    birth_date          TEXT NOT NULL,
    party_card_no       TEXT NOT NULL,
    record_no           TEXT NOT NULL,
    joined_on           TEXT NOT NULL,
    status              TEXT NOT NULL,
    commune_id          TEXT NOT NULL REFERENCES org_units(id),
    residence_id        TEXT NOT NULL REFERENCES org_units(id),
    job_category        TEXT NOT NULL,
    field               TEXT NOT NULL,
    is_committee_member BOOLEAN NOT NULL DEFAULT FALSE,
    is_key_leader       BOOLEAN NOT NULL DEFAULT FALSE,
    version             BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX members_commune ON members(commune_id);

CREATE TABLE memberships (
    id        TEXT PRIMARY KEY,
    member_id TEXT NOT NULL REFERENCES members(id),
    branch_id TEXT NOT NULL REFERENCES branches(id),
    kind      TEXT NOT NULL CHECK (kind IN ('official', 'temporary', 'residence_contact')),
    from_date TEXT NOT NULL,
    to_date   TEXT,
    version   BIGINT NOT NULL DEFAULT 1
);
-- At most one current official branch per member, enforced by the database too.
CREATE UNIQUE INDEX memberships_one_official ON memberships(member_id) WHERE kind = 'official' AND to_date IS NULL;
CREATE INDEX memberships_branch ON memberships(branch_id);

CREATE TABLE campaigns (
    id                        TEXT PRIMARY KEY,
    code                      TEXT NOT NULL UNIQUE,
    title                     TEXT NOT NULL,
    basis_date                TEXT NOT NULL,
    issuer                    TEXT NOT NULL,
    job_categories            TEXT NOT NULL,
    deadline                  TEXT,
    dissolves_agency_branches BOOLEAN NOT NULL DEFAULT FALSE,
    is_open                   BOOLEAN NOT NULL DEFAULT TRUE,
    version                   BIGINT NOT NULL DEFAULT 1,
    -- The communes the campaign applies to (JSON list of unit ids); NULL: every commune.
    communes                  TEXT
);

CREATE TABLE plans (
    campaign_id      TEXT NOT NULL REFERENCES campaigns(id),
    member_id        TEXT NOT NULL REFERENCES members(id),
    target_branch_id TEXT REFERENCES branches(id),
    confirmed        BOOLEAN NOT NULL DEFAULT FALSE,
    version          BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (campaign_id, member_id)
);

CREATE TABLE transfers (
    id             TEXT PRIMARY KEY,
    campaign_id    TEXT NOT NULL REFERENCES campaigns(id),
    member_id      TEXT NOT NULL REFERENCES members(id),
    from_branch_id TEXT REFERENCES branches(id),
    to_branch_id   TEXT NOT NULL REFERENCES branches(id),
    effective_on   TEXT NOT NULL,
    letter_no      TEXT NOT NULL,
    UNIQUE (campaign_id, member_id)
);
CREATE INDEX transfers_member ON transfers(member_id);

CREATE TABLE tasks (
    id        TEXT PRIMARY KEY,
    member_id TEXT NOT NULL REFERENCES members(id),
    branch_id TEXT NOT NULL REFERENCES branches(id),
    year      BIGINT NOT NULL,
    field     TEXT NOT NULL,
    text      TEXT NOT NULL,
    due_on    TEXT,
    status    TEXT NOT NULL,
    result    TEXT NOT NULL DEFAULT '',
    version   BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX tasks_member ON tasks(member_id);

CREATE TABLE meetings (
    id        TEXT PRIMARY KEY,
    branch_id TEXT NOT NULL REFERENCES branches(id),
    held_on   TEXT NOT NULL,
    kind      TEXT NOT NULL,
    observer  TEXT,
    version   BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX meetings_branch ON meetings(branch_id);

CREATE TABLE attendance (
    meeting_id  TEXT NOT NULL REFERENCES meetings(id),
    member_id   TEXT NOT NULL REFERENCES members(id),
    presence    TEXT NOT NULL,
    spoke       BOOLEAN NOT NULL DEFAULT FALSE,
    contributed BOOLEAN NOT NULL DEFAULT FALSE,
    version     BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (meeting_id, member_id)
);
CREATE INDEX attendance_member ON attendance(member_id);

CREATE TABLE evaluations (
    id                     TEXT PRIMARY KEY,
    subject_kind           TEXT NOT NULL,
    subject_id             TEXT NOT NULL,
    year                   BIGINT NOT NULL,
    self_rating            TEXT,
    proposed_rating        TEXT,
    final_rating           TEXT,
    points                 BIGINT,
    commendation_candidate BOOLEAN NOT NULL DEFAULT FALSE,
    note                   TEXT NOT NULL DEFAULT '',
    version                BIGINT NOT NULL DEFAULT 1,
    UNIQUE (subject_kind, subject_id, year)
);

CREATE TABLE notes (
    id        TEXT PRIMARY KEY,
    member_id TEXT NOT NULL REFERENCES members(id),
    year      BIGINT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('commendation', 'criticism')),
    text      TEXT NOT NULL,
    version   BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX notes_member ON notes(member_id);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- A disabled account cannot sign in; an account with a one-time password must change it first.
CREATE TABLE users (
    id                   TEXT PRIMARY KEY,
    username             TEXT NOT NULL UNIQUE,
    password_hash        TEXT NOT NULL,
    display_name         TEXT NOT NULL,
    role                 TEXT NOT NULL,
    commune_id           TEXT REFERENCES org_units(id),
    branch_id            TEXT REFERENCES branches(id),
    created_at           BIGINT NOT NULL,
    version              BIGINT NOT NULL DEFAULT 1,
    disabled_at          BIGINT,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    last_sign_in_at      BIGINT
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Every change: who, when, which device, before and after, and the commune, branch and member
-- the change history reads it by.
CREATE TABLE audit_log (
    id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    at         BIGINT NOT NULL,
    user_id    TEXT,
    client_id  TEXT,
    mutation   TEXT,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    before     TEXT,
    after      TEXT,
    commune_id TEXT,
    branch_id  TEXT,
    member_id  TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_commune ON audit_log (commune_id, at);
CREATE INDEX audit_log_branch ON audit_log (branch_id, at);
CREATE INDEX audit_log_member ON audit_log (member_id, at);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

-- The global change log that clients pull from: one row per changed entity, with the scope it
-- belongs to. `seq` only grows, and becomes visible in its order: every transaction that writes
-- here first takes the transaction-level advisory lock of `store::db::WRITE_LOCK`, so a number is
-- drawn only by the one transaction that will commit next (a sequence alone would let 11 commit
-- before 10, and a pull that saw 11 would never see 10).
CREATE TABLE changes (
    seq        BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    commune_id TEXT,
    branch_id  TEXT,
    data       TEXT
);

-- Per device: the last processed client sequence number, and each processed mutation's outcome.
CREATE TABLE sync_clients (
    client_id       TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users(id),
    last_client_seq BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE sync_mutations (
    client_id   TEXT NOT NULL,
    client_seq  BIGINT NOT NULL,
    mutation_id TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    PRIMARY KEY (client_id, client_seq)
);
CREATE INDEX sync_mutations_mutation ON sync_mutations(mutation_id);

-- The district overview's figures per commune, kept current by the mutation executor.
CREATE TABLE commune_stats (
    commune_id TEXT PRIMARY KEY REFERENCES org_units(id),
    data       TEXT NOT NULL
);

-- Failed sign-ins, shared by every app server: one row per key.
CREATE TABLE sign_in_failures (
    key      TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_at  BIGINT NOT NULL
);

INSERT INTO unit_types (code, name, level) VALUES
    ('province', 'Tỉnh', 0),
    ('district', 'Huyện', 0),
    ('town', 'Thị trấn', 1),
    ('commune', 'Xã', 1),
    ('ward', 'Phường', 1),
    ('quarter', 'Khóm', 2),
    ('hamlet', 'Ấp', 2);
