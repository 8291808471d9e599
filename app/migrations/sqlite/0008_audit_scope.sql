-- The change history reads the audit log by scope and by subject: each audit row keeps the
-- commune and branch the change belonged to when it was made (who may read it) and the member it
-- concerns, if any (a member's page lists it).
ALTER TABLE audit_log ADD COLUMN commune_id TEXT;
ALTER TABLE audit_log ADD COLUMN branch_id TEXT;
ALTER TABLE audit_log ADD COLUMN member_id TEXT;
-- Rows written before: the scope the change log gave the same row, the member named in the row.
UPDATE audit_log SET
    commune_id = (SELECT c.commune_id FROM changes c WHERE c.entity = audit_log.entity AND c.entity_id = audit_log.entity_id ORDER BY c.seq DESC LIMIT 1),
    branch_id = (SELECT c.branch_id FROM changes c WHERE c.entity = audit_log.entity AND c.entity_id = audit_log.entity_id ORDER BY c.seq DESC LIMIT 1),
    member_id = CASE WHEN entity = 'member' THEN entity_id
                     ELSE COALESCE(json_extract(after, '$.member_id'), json_extract(before, '$.member_id')) END;
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_commune ON audit_log (commune_id, at);
CREATE INDEX audit_log_branch ON audit_log (branch_id, at);
CREATE INDEX audit_log_member ON audit_log (member_id, at);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
