-- BranchBoard schema. Identifiers are UUID text; dates are ISO text (yyyy-mm-dd);
-- instants are milliseconds since the epoch (UTC). Every editable row has a version.

CREATE TABLE unit_types (
    code  TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    level INTEGER NOT NULL
);

CREATE TABLE org_units (
    id         TEXT PRIMARY KEY,
    type_code  TEXT NOT NULL REFERENCES unit_types(code),
    name       TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to   TEXT,
    version    INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE org_unit_links (
    child_id   TEXT NOT NULL REFERENCES org_units(id),
    parent_id  TEXT NOT NULL REFERENCES org_units(id),
    valid_from TEXT NOT NULL,
    valid_to   TEXT,
    PRIMARY KEY (child_id, parent_id, valid_from)
);

-- A merge (or another change of the tree) is an event: the past is never rewritten.
CREATE TABLE org_events (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    happened_on TEXT NOT NULL,
    decision_no TEXT NOT NULL,
    result_unit TEXT REFERENCES org_units(id),
    sources     TEXT NOT NULL
);

CREATE TABLE branches (
    id                  TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('agency', 'residential')),
    unit_id             TEXT NOT NULL REFERENCES org_units(id),
    commune_id          TEXT REFERENCES org_units(id),
    hamlet_id           TEXT REFERENCES org_units(id),
    dissolved_on        TEXT,
    dissolution_decision TEXT,
    version             INTEGER NOT NULL DEFAULT 1
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
    version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX members_commune ON members(commune_id);

CREATE TABLE memberships (
    id        TEXT PRIMARY KEY,
    member_id TEXT NOT NULL REFERENCES members(id),
    branch_id TEXT NOT NULL REFERENCES branches(id),
    kind      TEXT NOT NULL CHECK (kind IN ('official', 'temporary', 'residence_contact')),
    from_date TEXT NOT NULL,
    to_date   TEXT,
    version   INTEGER NOT NULL DEFAULT 1
);
-- At most one current official branch per member, enforced by the database too.
CREATE UNIQUE INDEX memberships_one_official ON memberships(member_id) WHERE kind = 'official' AND to_date IS NULL;
CREATE INDEX memberships_branch ON memberships(branch_id);

CREATE TABLE campaigns (
    id             TEXT PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    title          TEXT NOT NULL,
    basis_date     TEXT NOT NULL,
    issuer         TEXT NOT NULL,
    job_categories TEXT NOT NULL,
    deadline       TEXT,
    dissolves_agency_branches BOOLEAN NOT NULL DEFAULT FALSE,
    is_open        BOOLEAN NOT NULL DEFAULT TRUE,
    version        INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE plans (
    campaign_id      TEXT NOT NULL REFERENCES campaigns(id),
    member_id        TEXT NOT NULL REFERENCES members(id),
    target_branch_id TEXT REFERENCES branches(id),
    confirmed        BOOLEAN NOT NULL DEFAULT FALSE,
    version          INTEGER NOT NULL DEFAULT 1,
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
    year      INTEGER NOT NULL,
    field     TEXT NOT NULL,
    text      TEXT NOT NULL,
    due_on    TEXT,
    status    TEXT NOT NULL,
    result    TEXT NOT NULL DEFAULT '',
    version   INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tasks_member ON tasks(member_id);

CREATE TABLE meetings (
    id        TEXT PRIMARY KEY,
    branch_id TEXT NOT NULL REFERENCES branches(id),
    held_on   TEXT NOT NULL,
    kind      TEXT NOT NULL,
    observer  TEXT,
    version   INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX meetings_branch ON meetings(branch_id);

CREATE TABLE attendance (
    meeting_id  TEXT NOT NULL REFERENCES meetings(id),
    member_id   TEXT NOT NULL REFERENCES members(id),
    presence    TEXT NOT NULL,
    spoke       BOOLEAN NOT NULL DEFAULT FALSE,
    contributed BOOLEAN NOT NULL DEFAULT FALSE,
    version     INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (meeting_id, member_id)
);
CREATE INDEX attendance_member ON attendance(member_id);

CREATE TABLE evaluations (
    id              TEXT PRIMARY KEY,
    subject_kind    TEXT NOT NULL,
    subject_id      TEXT NOT NULL,
    year            INTEGER NOT NULL,
    self_rating     TEXT,
    proposed_rating TEXT,
    final_rating    TEXT,
    points          INTEGER,
    commendation_candidate BOOLEAN NOT NULL DEFAULT FALSE,
    note            TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    UNIQUE (subject_kind, subject_id, year)
);

CREATE TABLE notes (
    id        TEXT PRIMARY KEY,
    member_id TEXT NOT NULL REFERENCES members(id),
    year      INTEGER NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('commendation', 'criticism')),
    text      TEXT NOT NULL,
    version   INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL,
    commune_id    TEXT REFERENCES org_units(id),
    branch_id     TEXT REFERENCES branches(id),
    created_at    BIGINT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- Every change: who, when, which device, before and after.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        BIGINT NOT NULL,
    user_id   TEXT,
    client_id TEXT,
    mutation  TEXT,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before    TEXT,
    after     TEXT
);

-- The global change log that clients pull from: one row per changed entity, with the scope it
-- belongs to. `seq` only grows.
CREATE TABLE changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
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
