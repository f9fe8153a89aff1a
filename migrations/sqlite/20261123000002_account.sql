-- The tenant's account as the landlord's ERP knows it: what `server import`
-- writes (docs/import.md). Every ERP row keeps the ERP's key in `reference`,
-- so that importing the same export twice changes nothing.

-- Persons get the ERP's key; rows loaded before this migration have none.
ALTER TABLE person ADD COLUMN reference TEXT;
CREATE UNIQUE INDEX person_reference ON person (reference);

-- What the tenant sees of a lease in Ma résidence. `agency_id` may be NULL:
-- the page then shows the account's agency, or says none is known.
ALTER TABLE lease ADD COLUMN building TEXT NOT NULL DEFAULT '';
ALTER TABLE lease ADD COLUMN floor TEXT NOT NULL DEFAULT '';
ALTER TABLE lease ADD COLUMN door TEXT NOT NULL DEFAULT '';
ALTER TABLE lease ADD COLUMN rent_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE lease ADD COLUMN charges_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE lease ADD COLUMN agency_id INTEGER REFERENCES agency (id);

-- The ledger: charges ('facturation') and payments ('reglement'), amounts
-- always positive, the kind gives the direction. Balance = charges − payments
-- (positive: the tenant owes). The index serves every ledger page and sum.
CREATE TABLE ledger_entry (
    id            INTEGER PRIMARY KEY,
    reference     TEXT NOT NULL UNIQUE,
    account_id    INTEGER NOT NULL REFERENCES client_account (id),
    lease_id      INTEGER REFERENCES lease (id),
    entry_date    TEXT NOT NULL,
    label         TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('facturation', 'reglement')),
    amount_cents  BIGINT NOT NULL CHECK (amount_cents >= 0)
);
CREATE INDEX ledger_entry_account ON ledger_entry (account_id, entry_date, id);

-- Notices produced by the ERP (PDF files copied into the portal's storage).
-- `public_id` is the random identifier used in download addresses.
CREATE TABLE document (
    id            INTEGER PRIMARY KEY,
    public_id     TEXT NOT NULL UNIQUE,
    reference     TEXT NOT NULL UNIQUE,
    account_id    INTEGER NOT NULL REFERENCES client_account (id),
    kind          TEXT NOT NULL CHECK (kind IN ('avis_echeance', 'avis_regularisation')),
    period        TEXT NOT NULL,           -- 'YYYY-MM' (échéance) or 'YYYY' (régularisation)
    issued_on     TEXT NOT NULL,
    stored_name   TEXT NOT NULL,           -- file name in the storage folder
    sha256        TEXT NOT NULL            -- of the file, to see a changed file on re-import
);
CREATE INDEX document_account ON document (account_id, kind, period);
