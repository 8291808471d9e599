-- Failed sign-ins, kept in the database (a restart does not forget them, and several app
-- servers share them): one row per key, `addr:<address>` or `user:<username>|<address>`.
CREATE TABLE sign_in_failures (
    key      TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_at  BIGINT NOT NULL
);
