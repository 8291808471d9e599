-- Accounts managed from the browser: a disabled account cannot sign in (its sessions are ended
-- when it is disabled); an account with a one-time password must change it before anything else;
-- the last sign-in is shown to the administrator.
ALTER TABLE users ADD COLUMN disabled_at BIGINT;
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN last_sign_in_at BIGINT;
CREATE INDEX sessions_user ON sessions (user_id);
