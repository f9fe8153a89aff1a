-- Issue 14 (hold under attack).

-- RFC 6238 §5.2: a TOTP code is accepted once. The last accepted time step
-- (unix time / 30) of each staff member; a code of that step or an earlier
-- one is refused.
ALTER TABLE staff ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;

-- Refused notifications keep only what an investigation needs: `body` holds
-- a short prefix, this column the SHA-256 of the whole body. Accepted ones
-- keep their body whole (and this column too).
ALTER TABLE payment_notification ADD COLUMN body_sha256 TEXT;
