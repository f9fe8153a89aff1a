-- The landlord's data both ways (docs/import.md, docs/export.md).

-- What the ERP knows of each person beyond the name: the e-mail the landlord
-- writes to (not the portal login) and the postal address of a signatory.
ALTER TABLE person ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN postal_address TEXT NOT NULL DEFAULT '';

-- The landlord's logo, copied into the storage under its SHA-256 ('' none).
ALTER TABLE landlord ADD COLUMN logo TEXT NOT NULL DEFAULT '';

-- Claims recorded by the ERP (at the agency, by phone). Read-only in Mes
-- réclamations. `request_id` is set when the row is the ERP's copy of a claim
-- sent from the portal: that one is shown from the portal's own record.
CREATE TABLE erp_claim (
    id           INTEGER PRIMARY KEY,
    reference    TEXT NOT NULL UNIQUE,             -- the ERP's claim number
    account_id   INTEGER NOT NULL REFERENCES client_account (id),
    lease_id     INTEGER REFERENCES lease (id),
    opened_on    TEXT NOT NULL,
    category     TEXT NOT NULL,
    place        TEXT NOT NULL,
    description  TEXT NOT NULL,
    status       TEXT NOT NULL,                    -- the portal's status codes
    taken_on     TEXT,
    resolved_on  TEXT,
    closed_on    TEXT,
    answer       TEXT NOT NULL,
    request_id   INTEGER REFERENCES tenant_request (id)
);
CREATE INDEX erp_claim_account ON erp_claim (account_id, opened_on);

-- The export back to the ERP: one row per run. The cursor is the `until_at`
-- of the last run that completed; a run that fails leaves no row.
CREATE TABLE erp_export (
    id           INTEGER PRIMARY KEY,
    since_at     BIGINT NOT NULL,
    until_at     BIGINT NOT NULL,
    reissue      BIGINT NOT NULL,                  -- 1: --depuis, or a ZIP download
    counts       TEXT NOT NULL,                    -- JSON: rows per file
    created_at   BIGINT NOT NULL
);
CREATE INDEX erp_export_until ON erp_export (reissue, until_at);
