-- Prélèvements automatiques: the SEPA mandates the landlord holds (from the
-- ERP, or activated by its staff), and the tenants' requests to set up,
-- change or stop direct debit, each with the RUM the portal gave it.

CREATE TABLE mandate (
    id           INTEGER PRIMARY KEY,
    reference    TEXT UNIQUE,                  -- the ERP's key (NULL: made by the portal)
    account_id   INTEGER NOT NULL REFERENCES client_account (id),
    lease_id     INTEGER REFERENCES lease (id), -- NULL: the whole account
    rum          TEXT NOT NULL UNIQUE,
    holder       TEXT NOT NULL,
    iban         TEXT NOT NULL,                -- electronic form
    bic          TEXT NOT NULL,
    bank_name    TEXT NOT NULL DEFAULT '',     -- domiciliation
    debit_day    INTEGER NOT NULL CHECK (debit_day IN (5, 10, 15)),
    status       TEXT NOT NULL CHECK (status IN ('en_attente_signature', 'actif', 'revoque')),
    signed_on    TEXT
);
CREATE INDEX mandate_account ON mandate (account_id);

CREATE TABLE direct_debit_request (
    id          INTEGER PRIMARY KEY,            -- the "Demande" number
    account_id  INTEGER NOT NULL REFERENCES client_account (id),
    login_id    INTEGER NOT NULL REFERENCES tenant_login (id),
    kind        TEXT NOT NULL CHECK (kind IN ('mise_en_place', 'arret')),
    holder      TEXT NOT NULL DEFAULT '',
    iban        TEXT NOT NULL DEFAULT '',
    bic         TEXT NOT NULL DEFAULT '',
    debit_day   INTEGER,
    rum         TEXT UNIQUE,                    -- set in the same transaction as the row
    status      TEXT NOT NULL CHECK (status IN ('envoyee', 'mandat_recu', 'activee', 'refusee', 'annulee')),
    reason      TEXT,                           -- why it was refused
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX direct_debit_request_account ON direct_debit_request (account_id, id);

-- The leases a request covers. `open_lease` is the lease id while the request
-- is open (envoyée, mandat reçu) and NULL after: its unique index makes a
-- second open request for the same lease impossible, whatever the timing.
CREATE TABLE direct_debit_request_lease (
    request_id  INTEGER NOT NULL REFERENCES direct_debit_request (id),
    lease_id    INTEGER NOT NULL REFERENCES lease (id),
    open_lease  INTEGER,
    PRIMARY KEY (request_id, lease_id)
);
CREATE UNIQUE INDEX direct_debit_open_lease ON direct_debit_request_lease (open_lease);
