-- Set-up from the browser: the decision that founded a unit or a branch, and the kinds of unit a
-- new organisation starts with (levels: 0 the organisation, 1 commune, ward or town, 2 hamlet or
-- quarter). The demo data uses the same kinds.
ALTER TABLE org_units ADD COLUMN decision_no TEXT;
ALTER TABLE branches ADD COLUMN founded_on TEXT;
ALTER TABLE branches ADD COLUMN founding_decision TEXT;
INSERT INTO unit_types (code, name, level) VALUES
    ('province', 'Tỉnh', 0),
    ('district', 'Huyện', 0),
    ('town', 'Thị trấn', 1),
    ('commune', 'Xã', 1),
    ('ward', 'Phường', 1),
    ('quarter', 'Khóm', 2),
    ('hamlet', 'Ấp', 2)
ON CONFLICT (code) DO NOTHING;
