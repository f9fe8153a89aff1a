-- Outgoing mail waits here until a mail server takes it (docs/deploying.md):
-- any instance sends it, after claiming it with a conditional UPDATE (the
-- lease `claimed_until`), so that two instances never send the same mail,
-- and a mail server that is down delays a mail instead of losing it.
CREATE TABLE mail_queue (
    id             BIGSERIAL PRIMARY KEY,
    to_addr        TEXT NOT NULL,
    subject        TEXT NOT NULL,
    body           TEXT NOT NULL,
    pdf_name       TEXT,
    pdf            BYTEA,
    created_at     BIGINT NOT NULL,
    -- Not before this instant (the back-off after a refusal).
    next_at        BIGINT NOT NULL,
    -- An instance holds the mail until this instant while it sends it.
    claimed_until  BIGINT NOT NULL DEFAULT 0,
    -- The token of the instance holding it: only the holder records its fate.
    claimed_by     TEXT,
    attempts       INTEGER NOT NULL DEFAULT 0,
    last_error     TEXT,
    sent_at        BIGINT,
    -- Given up (a permanent refusal, or the retry period over): logged as an
    -- error; the row stays for support, its text and PDF emptied.
    failed_at      BIGINT
);
CREATE INDEX mail_queue_due ON mail_queue (next_at) WHERE sent_at IS NULL AND failed_at IS NULL;
