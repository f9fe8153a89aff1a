-- Je règle mon loyer en ligne: payment requests sent to the bank's hosted
-- page (Systempay / PayZen protocol), the bank's notifications, and the
-- built-in test bank's outgoing notifications.

-- One row per VALIDER. `id` is the "Demande" number the tenant sees and the
-- vads_order_id the bank echoes. (site_id, trans_day, trans_id) is what the
-- bank requires to be unique; the unique index makes a collision impossible
-- even if the counter below were wrong.
CREATE TABLE payment (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES client_account (id),
    login_id        INTEGER NOT NULL REFERENCES tenant_login (id),
    amount_cents    BIGINT NOT NULL CHECK (amount_cents > 0),
    status          TEXT NOT NULL CHECK (status IN ('en_cours', 'accepte', 'refuse', 'abandonne', 'annule', 'expire')),
    site_id         TEXT NOT NULL,
    ctx_mode        TEXT NOT NULL,
    trans_date      TEXT NOT NULL,          -- yyyyMMddHHmmss, UTC, as sent to the bank
    trans_day       TEXT NOT NULL,          -- yyyyMMdd, UTC
    trans_id        TEXT NOT NULL,          -- 6 digits, unique per site and UTC day
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    authorisation   TEXT,                   -- vads_auth_number
    bank_reference  TEXT,                   -- vads_trans_uuid
    card            TEXT                    -- masked card number, as the bank sends it
);
CREATE UNIQUE INDEX payment_transaction ON payment (site_id, trans_day, trans_id);
CREATE INDEX payment_account ON payment (account_id, created_at);
CREATE INDEX payment_status ON payment (status, created_at);

-- The next trans_id of a site's UTC day, shared by every server instance.
CREATE TABLE payment_counter (
    site_id     TEXT NOT NULL,
    day         TEXT NOT NULL,
    last_value  BIGINT NOT NULL,
    PRIMARY KEY (site_id, day)
);

-- Every notification (IPN) received, applied or refused, as received.
CREATE TABLE payment_notification (
    id           INTEGER PRIMARY KEY,
    payment_id   INTEGER REFERENCES payment (id),
    received_at  BIGINT NOT NULL,
    remote_addr  TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    trans_status TEXT,
    body         TEXT NOT NULL
);
CREATE INDEX payment_notification_payment ON payment_notification (payment_id);

-- The test bank's notifications to the shop, kept until acknowledged so that
-- a restart (or kill -9) of the server never loses one.
CREATE TABLE test_bank_delivery (
    id               INTEGER PRIMARY KEY,
    url              TEXT NOT NULL,
    body             TEXT NOT NULL,
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT NOT NULL,
    claimed_until    BIGINT NOT NULL DEFAULT 0,
    delivered_at     BIGINT,
    last_error       TEXT
);
CREATE INDEX test_bank_delivery_due ON test_bank_delivery (delivered_at, next_attempt_at);
