-- Foundation: the landlord's organisation, its tenants' accounts, and the
-- logins tenants create on the portal. The landlord's ERP is the source of
-- truth for everything but `tenant_login` and the auth tables: the portal
-- reads those rows, it does not invent them.
-- Conventions (both engines): timestamps are BIGINT seconds since the epoch
-- (UTC); calendar dates are ISO text 'YYYY-MM-DD'; money is BIGINT cents.

-- The landlord (one row) and its local agencies ("agences de proximité").
CREATE TABLE landlord (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL,
    address     TEXT NOT NULL,
    phone       TEXT NOT NULL
);

CREATE TABLE agency (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,      -- the ERP's key
    name        TEXT NOT NULL,
    address     TEXT NOT NULL,
    phone       TEXT NOT NULL,
    hours       TEXT NOT NULL DEFAULT ''
);

-- A client account: the 6-digit number printed on every rent notice.
CREATE TABLE client_account (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE CHECK (length(number) = 6),
    agency_id   INTEGER NOT NULL REFERENCES agency (id)
);

-- Signatories and occupants of an account. `name_key` is the name folded for
-- comparison (upper case, no accents, punctuation as single spaces): the
-- registration check compares what a tenant types with it.
CREATE TABLE person (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES client_account (id),
    role            TEXT NOT NULL CHECK (role IN ('signataire', 'occupant')),
    last_name       TEXT NOT NULL,
    first_name      TEXT NOT NULL,
    birth_date      TEXT,
    last_name_key   TEXT NOT NULL,
    first_name_key  TEXT NOT NULL
);
CREATE INDEX person_account ON person (account_id);

-- Leases: a dwelling or a parking lot / garage.
CREATE TABLE lease (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES client_account (id),
    reference   TEXT NOT NULL UNIQUE,      -- the ERP's key
    kind        TEXT NOT NULL CHECK (kind IN ('logement', 'stationnement', 'garage')),
    label       TEXT NOT NULL,             -- "Logement Type 3", "Stationnement, Garage"
    address     TEXT NOT NULL,
    start_date  TEXT NOT NULL,
    end_date    TEXT
);
CREATE INDEX lease_account ON lease (account_id);

-- A signatory's login. At most one per person. `session_epoch` is bumped to
-- close every session of the login at once (password reset, password change).
CREATE TABLE tenant_login (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL UNIQUE REFERENCES person (id),
    email           TEXT NOT NULL UNIQUE,  -- lower case
    password_hash   TEXT NOT NULL,         -- Argon2id PHC string
    created_at      BIGINT NOT NULL,
    activated_at    BIGINT,                -- NULL until the mailed link is followed
    session_epoch   BIGINT NOT NULL DEFAULT 0
);

-- Single-use links sent by mail. Only a SHA-256 of the token is stored, so a
-- copy of the database opens no account.
CREATE TABLE auth_token (
    id          INTEGER PRIMARY KEY,
    login_id    INTEGER NOT NULL REFERENCES tenant_login (id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL CHECK (purpose IN ('activation', 'password_reset', 'email_change')),
    token_hash  TEXT NOT NULL UNIQUE,
    new_email   TEXT,                      -- for 'email_change' only
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX auth_token_login ON auth_token (login_id, purpose);

-- Throttling counters, shared by every server instance: one row per key
-- ("login-email:…", "login-ip:…", "register-account:…") and time window.
CREATE TABLE throttle (
    key             TEXT PRIMARY KEY,
    window_start    BIGINT NOT NULL,
    count           BIGINT NOT NULL
);

-- Anti-robot challenges already answered: each is accepted once.
CREATE TABLE captcha_used (
    nonce       TEXT PRIMARY KEY,
    expires_at  BIGINT NOT NULL
);
