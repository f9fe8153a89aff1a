-- What tenants send to their landlord: written requests (Nous contacter),
-- claims (Mes réclamations), changes of personal information and insurance
-- certificates. One table for all of them, so that the back office has one
-- inbox and one history; `area` tells which menu it came from.

CREATE TABLE tenant_request (
    id           INTEGER PRIMARY KEY,
    area         TEXT NOT NULL CHECK (area IN ('demande', 'reclamation', 'coordonnees',
                     'situation_familiale', 'situation_professionnelle', 'assurance')),
    number       BIGINT NOT NULL,              -- per area, from request_counter: no gaps
    account_id   INTEGER NOT NULL REFERENCES client_account (id),
    login_id     INTEGER NOT NULL REFERENCES tenant_login (id),
    lease_id     INTEGER REFERENCES lease (id),
    subject      TEXT NOT NULL,                -- object, category or type
    place        TEXT NOT NULL DEFAULT '',     -- claims: where in the dwelling or building
    body         TEXT NOT NULL DEFAULT '',
    payload      TEXT NOT NULL DEFAULT '{}',   -- JSON: what the landlord applies once accepted
    emergency    INTEGER NOT NULL DEFAULT 0,
    status       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    UNIQUE (area, number)
);
CREATE INDEX tenant_request_account ON tenant_request (account_id, area, id);
CREATE INDEX tenant_request_inbox ON tenant_request (status, created_at);

-- The last number given in each area. The row is locked by the transaction
-- that records a request, so concurrent requests get consecutive numbers and
-- a rolled-back one gives its number back.
CREATE TABLE request_counter (
    area         TEXT PRIMARY KEY,
    last_value   BIGINT NOT NULL
);

-- The conversation: the tenant's replies and the landlord's answers.
CREATE TABLE request_message (
    id           INTEGER PRIMARY KEY,
    request_id   INTEGER NOT NULL REFERENCES tenant_request (id),
    author       TEXT NOT NULL CHECK (author IN ('locataire', 'bailleur')),
    body         TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX request_message_request ON request_message (request_id, id);

-- Every status a request went through, with when.
CREATE TABLE request_event (
    id           INTEGER PRIMARY KEY,
    request_id   INTEGER NOT NULL REFERENCES tenant_request (id),
    status       TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX request_event_request ON request_event (request_id, id);

-- Files sent with a request. `stored_name` is the random name in the
-- storage; `display_name` the tenant's own, for display only; `public_id`
-- the random identifier in download addresses.
CREATE TABLE request_attachment (
    id            INTEGER PRIMARY KEY,
    public_id     TEXT NOT NULL UNIQUE,
    request_id    INTEGER NOT NULL REFERENCES tenant_request (id),
    doc_type      TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    stored_name   TEXT NOT NULL,
    mime          TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX request_attachment_request ON request_attachment (request_id);
CREATE INDEX request_attachment_stored ON request_attachment (stored_name);

-- Insurance: the period of the last certificate the landlord accepted.
ALTER TABLE lease ADD COLUMN insurance_from TEXT;
ALTER TABLE lease ADD COLUMN insurance_to TEXT;

-- Reminders mailed before a certificate ends: the primary key makes each
-- (lease, end date, delay) go out once, whichever instance runs the job.
CREATE TABLE insurance_reminder (
    lease_id     INTEGER NOT NULL REFERENCES lease (id),
    ends_on      TEXT NOT NULL,
    days_before  BIGINT NOT NULL,
    sent_at      BIGINT NOT NULL,
    PRIMARY KEY (lease_id, ends_on, days_before)
);

-- Mes informations personnelles, as the ERP knows them.
ALTER TABLE person ADD COLUMN phone_home TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN phone_mobile TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN phone_work TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN family_situation TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN occupation_category TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN profession TEXT NOT NULL DEFAULT '';
