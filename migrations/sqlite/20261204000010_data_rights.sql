-- Data rights and retention (docs/privacy.md).

-- A login its tenant closed (Fermer mon accès, RGPD art. 17): its address and
-- password are gone; the row stays because the account's payments and
-- requests, which the landlord must keep, name it. Registering again reopens
-- this row.
ALTER TABLE tenant_login ADD COLUMN closed_at BIGINT;

-- Daily jobs that every instance runs: the instance that moves `next_at`
-- forward (a conditional UPDATE) is the one that runs it that day.
CREATE TABLE scheduled_job (
    name     TEXT PRIMARY KEY,
    next_at  BIGINT NOT NULL
);
INSERT INTO scheduled_job (name, next_at) VALUES ('retention', 0);

-- Mes données (RGPD art. 15 and 20): a copy asked for by a tenant, built in
-- the background into the storage, downloadable by its login only.
CREATE TABLE data_export (
    id           INTEGER PRIMARY KEY,
    login_id     INTEGER NOT NULL REFERENCES tenant_login (id),
    status       TEXT NOT NULL CHECK (status IN ('en_preparation', 'prete', 'echec')),
    stored_name  TEXT,
    size_bytes   BIGINT,
    created_at   BIGINT NOT NULL,
    ready_at     BIGINT
);
CREATE INDEX data_export_login ON data_export (login_id, id);
