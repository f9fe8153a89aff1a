-- SEPA direct-debit files (pain.008) that accounting generates for a
-- collection date, their lines, and what each mandate was last collected
-- with (NULL: never; the next collection is then its first, FRST).

CREATE TABLE sdd_collection (
    id               INTEGER PRIMARY KEY,
    collection_date  TEXT NOT NULL,                 -- yyyy-mm-dd
    version          TEXT NOT NULL,                 -- pain.008.001.08 or .02
    message_id       TEXT NOT NULL UNIQUE,
    status           TEXT NOT NULL CHECK (status IN ('generee', 'envoyee', 'annulee')),
    count            BIGINT NOT NULL,
    total_cents      BIGINT NOT NULL,
    xml              TEXT NOT NULL,
    created_by       INTEGER NOT NULL REFERENCES staff (id),
    created_at       BIGINT NOT NULL,
    sent_by          INTEGER REFERENCES staff (id),
    sent_at          BIGINT
);
-- One file per collection date, unless cancelled: two accountants clicking
-- at once cannot debit a tenant twice.
CREATE UNIQUE INDEX sdd_collection_open_date ON sdd_collection (collection_date) WHERE status <> 'annulee';

CREATE TABLE sdd_collection_line (
    collection_id  INTEGER NOT NULL REFERENCES sdd_collection (id),
    mandate_id     INTEGER NOT NULL REFERENCES mandate (id),
    account_id     INTEGER NOT NULL REFERENCES client_account (id),
    amount_cents   BIGINT NOT NULL CHECK (amount_cents >= 100),
    sequence       TEXT NOT NULL CHECK (sequence IN ('FRST', 'RCUR')),
    iban           TEXT NOT NULL,
    bic            TEXT NOT NULL,
    end_to_end     TEXT NOT NULL,
    PRIMARY KEY (collection_id, mandate_id)
);
CREATE INDEX sdd_collection_line_account ON sdd_collection_line (account_id);

ALTER TABLE mandate ADD COLUMN collected_iban TEXT;
ALTER TABLE mandate ADD COLUMN collected_bic TEXT;
