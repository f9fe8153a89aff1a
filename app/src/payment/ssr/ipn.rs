//! `POST /paiement/ipn`: the bank's instant payment notification. Nothing in
//! it is believed before its signature is checked; then it must match the
//! request we recorded (shop, mode, currency, amount, transaction). The status
//! change and the ledger credit commit together, once: the same notification
//! twice, or ten at once, credits once.
//!
//! What is recorded depends on who can have sent it. A correctly signed
//! notification is the bank's: recorded whole, never throttled, even when
//! it does not match our records (that is what an investigation needs to
//! see). One that fails the signature can come from anyone, so anyone could
//! fill the disk with them: only what an investigation needs is kept (time,
//! address, reason, the SHA-256 of the body and its first characters), and
//! past a number per address and window nothing is recorded at all.
use super::store::{self, PaymentRow};
use super::vads::{self, Fields};
use crate::auth::ssr::throttle::{self, Limit};
use crate::error::AppError;
use crate::infra::{AppState, now, today};
use crate::payment::{PaymentStatus, request_number};
use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::net::SocketAddr;

/// Unsigned (or unreadable) notifications recorded per address: a bank
/// sends none, a misconfigured shop a few; beyond, they are answered 429.
pub const REFUSED_PER_ADDRESS: Limit = Limit {
    name: "ipn-refused",
    max: 60,
    window_secs: 900,
};
/// What is kept of an unsigned body: enough to recognise it.
pub const PREFIX_CHARS: usize = 64;

/// What became of a notification, as recorded and logged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The payment changed status (and, when accepted, was credited).
    Applied,
    /// Already in that state: nothing changed (a retry or a duplicate).
    AlreadyDone,
    /// A status that settles nothing yet (waiting for authorisation…).
    Waiting,
    /// Refused: forged, tampered, unknown or inconsistent.
    Refused(&'static str),
    /// Unsigned, from an address past its limit: not even recorded.
    Throttled,
}

impl Outcome {
    fn label(&self) -> &'static str {
        match self {
            Self::Applied => "appliquée",
            Self::AlreadyDone => "déjà traitée",
            Self::Waiting => "en attente",
            Self::Refused(reason) => reason,
            Self::Throttled => "trop de notifications refusées",
        }
    }
}

/// Largest notification body read (a real one is about 3 KB).
pub const MAX_BODY: usize = 32 * 1024;

pub async fn notification(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // Behind our proxies, the address they saw (never one the client wrote).
    let remote = crate::infra::ip_from(&headers, Some(peer), st.settings.proxy_hops);
    let received = receive(&st, &remote, &body).await;
    let label = received.as_ref().map_or("erreur", Outcome::label);
    metrics::counter!("espace_ipn_total", "outcome" => label).increment(1);
    match received {
        Ok(Outcome::Refused(reason)) => {
            (StatusCode::BAD_REQUEST, format!("KO {reason}")).into_response()
        }
        Ok(Outcome::Throttled) => (
            StatusCode::TOO_MANY_REQUESTS,
            format!("KO {}", Outcome::Throttled.label()),
        )
            .into_response(),
        Ok(outcome) => (StatusCode::OK, format!("OK {}", outcome.label())).into_response(),
        // Not acknowledged: the bank will send it again.
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "KO erreur technique").into_response(),
    }
}

pub async fn receive(st: &AppState, remote: &str, body: &[u8]) -> Result<Outcome, AppError> {
    let fields = match signed(st, body) {
        Ok(fields) => fields,
        Err(reason) => return refuse_unsigned(st, remote, reason, body).await,
    };
    let kept = Kept::whole(body);
    let payment = match matching(st, &fields).await? {
        Ok(payment) => payment,
        Err(reason) => {
            tracing::warn!(remote, reason, "signed payment notification refused");
            let outcome = Outcome::Refused(reason);
            record(&st.db.pool, None, remote, &outcome, None, &kept).await?;
            return Ok(outcome);
        }
    };
    let trans_status = fields.get("vads_trans_status").cloned().unwrap_or_default();
    let Some(status) = status_of(&trans_status) else {
        record(
            &st.db.pool,
            Some(payment.id),
            remote,
            &Outcome::Waiting,
            Some(&trans_status),
            &kept,
        )
        .await?;
        return Ok(Outcome::Waiting);
    };
    let outcome = settle(st, &payment, status, &fields, remote, &kept).await?;
    tracing::info!(
        payment = payment.id,
        trans_status,
        outcome = outcome.label(),
        "payment notification"
    );
    if outcome == Outcome::Applied {
        metrics::counter!("espace_payments_total", "outcome" => status.code()).increment(1);
    }
    if outcome == Outcome::Applied && status == PaymentStatus::Accepted {
        super::receipt::send(st, &payment, &fields).await;
    }
    Ok(outcome)
}

/// An unsigned notification: recorded in short while its address is under
/// the limit; past it, answered 429 and not recorded (logged once).
async fn refuse_unsigned(
    st: &AppState,
    remote: &str,
    reason: &'static str,
    body: &[u8],
) -> Result<Outcome, AppError> {
    let count = throttle::count(&st.db, REFUSED_PER_ADDRESS, remote).await?;
    if count > REFUSED_PER_ADDRESS.max {
        // Logged once per window and address, not once per notification.
        if count == REFUSED_PER_ADDRESS.max + 1 {
            tracing::warn!(
                remote,
                limit = REFUSED_PER_ADDRESS.max,
                "unsigned payment notifications past the limit: no longer recorded"
            );
        }
        return Ok(Outcome::Throttled);
    }
    tracing::warn!(remote, reason, "payment notification refused");
    let outcome = Outcome::Refused(reason);
    record(
        &st.db.pool,
        None,
        remote,
        &outcome,
        None,
        &Kept::prefix(body),
    )
    .await?;
    Ok(outcome)
}

/// The fields, when the signature is ours; else why not.
fn signed(st: &AppState, body: &[u8]) -> Result<Fields, &'static str> {
    let settings = &st.settings.payment;
    let fields = vads::parse_body(body).map_err(|_| "notification illisible")?;
    if !vads::verify(&fields, &settings.key, settings.algorithm) {
        return Err("signature invalide");
    }
    Ok(fields)
}

/// The recorded request a signed notification must match.
async fn matching(
    st: &AppState,
    fields: &Fields,
) -> Result<Result<PaymentRow, &'static str>, AppError> {
    let settings = &st.settings.payment;
    let get = |name: &str| fields.get(name).map(String::as_str).unwrap_or("");
    if get("vads_site_id") != settings.site_id {
        return Ok(Err("boutique inconnue"));
    }
    let Ok(id) = get("vads_order_id").parse::<i64>() else {
        return Ok(Err("demande inconnue"));
    };
    let Some(p) = store::by_id(&st.db, id).await? else {
        return Ok(Err("demande inconnue"));
    };
    let matches = p.site_id == get("vads_site_id")
        && p.trans_id == get("vads_trans_id")
        && p.trans_date == get("vads_trans_date")
        && p.ctx_mode == get("vads_ctx_mode")
        && get("vads_currency") == "978"
        && get("vads_amount") == p.amount_cents.to_string();
    if !matches {
        return Ok(Err("notification incohérente avec la demande"));
    }
    Ok(Ok(p))
}

/// The bank's transaction statuses that settle a payment.
fn status_of(trans_status: &str) -> Option<PaymentStatus> {
    Some(match trans_status {
        "AUTHORISED" | "CAPTURED" | "ACCEPTED" => PaymentStatus::Accepted,
        "REFUSED" | "CAPTURE_FAILED" => PaymentStatus::Refused,
        "ABANDONED" => PaymentStatus::Abandoned,
        "CANCELLED" => PaymentStatus::Cancelled,
        "EXPIRED" => PaymentStatus::Expired,
        _ => return None,
    })
}

/// The status change, the credit and the record, in one transaction. The
/// conditional UPDATE comes first: it takes the write lock, and only one of
/// several identical notifications finds the payment not yet in that state.
async fn settle(
    st: &AppState,
    p: &PaymentRow,
    status: PaymentStatus,
    f: &Fields,
    remote: &str,
    body: &Kept,
) -> Result<Outcome, AppError> {
    let get = |name: &str| f.get(name).cloned().filter(|v| !v.is_empty());
    let mut tx = st.db.pool.begin().await?;
    let changed = if status == PaymentStatus::Accepted {
        sqlx::query(
            "UPDATE payment SET status = 'accepte', authorisation = $2, bank_reference = $3, card = $4, updated_at = $5
             WHERE id = $1 AND status <> 'accepte'",
        )
        .bind(p.id)
        .bind(get("vads_auth_number"))
        .bind(get("vads_trans_uuid"))
        .bind(get("vads_card_number"))
        .bind(now())
        .execute(&mut *tx)
        .await?
    } else {
        // A refusal never undoes an accepted payment: the money was taken.
        sqlx::query("UPDATE payment SET status = $2, updated_at = $3 WHERE id = $1 AND status = 'en_cours'")
            .bind(p.id)
            .bind(status.code())
            .bind(now())
            .execute(&mut *tx)
            .await?
    }
    .rows_affected()
        == 1;
    if changed && status == PaymentStatus::Accepted {
        credit(&mut tx, p).await?;
    }
    let outcome = if changed {
        Outcome::Applied
    } else {
        Outcome::AlreadyDone
    };
    record(
        &mut *tx,
        Some(p.id),
        remote,
        &outcome,
        get("vads_trans_status").as_deref(),
        body,
    )
    .await?;
    tx.commit().await?;
    Ok(outcome)
}

/// The payment in the ledger. Its reference is the ERP key the portal's
/// payments export carries, so the ERP's next import updates this very entry
/// instead of adding a second one (docs/import.md).
async fn credit(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    p: &PaymentRow,
) -> Result<(), AppError> {
    let number = request_number(p.id);
    sqlx::query(
        "INSERT INTO ledger_entry (reference, account_id, lease_id, entry_date, label, kind, amount_cents)
         VALUES ($1, $2, NULL, $3, $4, 'reglement', $5)",
    )
    .bind(format!("PORTAIL-PAIEMENT-{number}"))
    .bind(p.account_id)
    .bind(crate::infra::iso(today()))
    .bind(format!("Paiement en ligne par carte bancaire n° {number}"))
    .bind(p.amount_cents)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What is recorded of a body: all of it, or its first characters; with
/// the SHA-256 (hex) of all of it either way, so that a copy found elsewhere
/// can be matched.
struct Kept {
    text: String,
    sha256: String,
}

impl Kept {
    fn whole(body: &[u8]) -> Self {
        Self {
            text: String::from_utf8_lossy(body).into_owned(),
            sha256: hex::encode(Sha256::digest(body)),
        }
    }

    /// At most `PREFIX_CHARS` characters, cut on a character boundary.
    /// Controls (a NUL is refused by PostgreSQL's text) are replaced.
    fn prefix(body: &[u8]) -> Self {
        // 4 bytes per character at most: the characters wanted are in there.
        let head = &body[..body.len().min(PREFIX_CHARS * 4)];
        let text = String::from_utf8_lossy(head)
            .chars()
            .take(PREFIX_CHARS)
            .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
            .collect();
        Self {
            text,
            sha256: hex::encode(Sha256::digest(body)),
        }
    }
}

/// Keeps a notification, with what became of it: on the pool, or inside
/// the transaction that applied it.
async fn record<'e>(
    exec: impl sqlx::Executor<'e, Database = sqlx::Any>,
    payment: Option<i64>,
    remote: &str,
    outcome: &Outcome,
    trans_status: Option<&str>,
    body: &Kept,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO payment_notification (payment_id, received_at, remote_addr, outcome, trans_status, body, body_sha256)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(payment)
    .bind(now())
    .bind(remote)
    .bind(outcome.label())
    .bind(trans_status)
    .bind(body.text.as_str())
    .bind(body.sha256.as_str())
    .execute(exec)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Kept, PREFIX_CHARS};

    #[test]
    fn an_unsigned_body_keeps_its_hash_and_a_short_prefix() {
        let body = "é".repeat(20_000);
        let kept = Kept::prefix(body.as_bytes());
        assert_eq!(kept.text, "é".repeat(PREFIX_CHARS));
        assert_eq!(kept.sha256.len(), 64);
        assert_eq!(kept.sha256, Kept::whole(body.as_bytes()).sha256);
        // Invalid bytes and controls: still text PostgreSQL takes.
        assert_eq!(Kept::prefix(b"ab\0c\xff").text, "ab\u{FFFD}c\u{FFFD}");
        assert_eq!(
            Kept::prefix(b"").sha256,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
