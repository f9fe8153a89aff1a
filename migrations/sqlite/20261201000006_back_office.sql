-- The back office: the landlord's staff, their second factor, and the
-- audit log of everything they do. Staff logins are separate from tenants'.

CREATE TABLE staff (
    id              INTEGER PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE,          -- lower case
    name            TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('agent', 'comptabilite', 'administrateur')),
    agency_id       INTEGER REFERENCES agency (id), -- agents: their agency
    password_hash   TEXT NOT NULL,                  -- Argon2id PHC string
    totp_secret     TEXT NOT NULL,                  -- base32 (RFC 6238)
    active          INTEGER NOT NULL DEFAULT 1,
    session_epoch   BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL
);

-- Single-use recovery codes, when the phone with the authenticator is lost:
-- only a SHA-256 of each is kept.
CREATE TABLE staff_recovery_code (
    staff_id    INTEGER NOT NULL REFERENCES staff (id),
    code_hash   TEXT NOT NULL,
    used_at     BIGINT,
    PRIMARY KEY (staff_id, code_hash)
);

-- Every staff action: who, what, on which tenant, when, from where.
-- Nothing updates or deletes these rows.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    staff_id    INTEGER REFERENCES staff (id),
    action      TEXT NOT NULL,
    account_id  INTEGER REFERENCES client_account (id),
    detail      TEXT NOT NULL DEFAULT '',
    ip          TEXT NOT NULL DEFAULT '',
    at          BIGINT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

-- Who took a request in charge.
ALTER TABLE tenant_request ADD COLUMN staff_id INTEGER REFERENCES staff (id);
