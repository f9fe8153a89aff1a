//! `POST /paiement/ipn`: the bank's instant payment notification. Nothing in
//! it is believed before its signature is checked; then it must match the
//! request we recorded (shop, mode, currency, amount, transaction). The status
//! change and the ledger credit commit together, once: the same notification
//! twice, or ten at once, credits once. Every notification is recorded.
use super::store::{self, PaymentRow};
use super::vads::{self, Fields};
use crate::error::AppError;
use crate::infra::{AppState, now, today};
use crate::payment::{PaymentStatus, request_number};
use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

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
}

impl Outcome {
    fn label(&self) -> &'static str {
        match self {
            Self::Applied => "appliquée",
            Self::AlreadyDone => "déjà traitée",
            Self::Waiting => "en attente",
            Self::Refused(reason) => reason,
        }
    }
}

/// Largest notification body read (a real one is about 3 KB).
pub const MAX_BODY: usize = 32 * 1024;

pub async fn notification(
    State(st): State<AppState>,
    ConnectInfo(remote): ConnectInfo<SocketAddr>,
    body: Bytes,
) -> Response {
    match receive(&st, &remote.ip().to_string(), &body).await {
        Ok(Outcome::Refused(reason)) => {
            (StatusCode::BAD_REQUEST, format!("KO {reason}")).into_response()
        }
        Ok(outcome) => (StatusCode::OK, format!("OK {}", outcome.label())).into_response(),
        // Not acknowledged: the bank will send it again.
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "KO erreur technique").into_response(),
    }
}

pub async fn receive(st: &AppState, remote: &str, body: &[u8]) -> Result<Outcome, AppError> {
    let text = String::from_utf8_lossy(body).into_owned();
    let checked = check(st, body).await?;
    let (payment, fields) = match checked {
        Ok(found) => found,
        Err(reason) => {
            tracing::warn!(remote, reason, "payment notification refused");
            record(
                &st.db.pool,
                None,
                remote,
                &Outcome::Refused(reason),
                None,
                &text,
            )
            .await?;
            return Ok(Outcome::Refused(reason));
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
            &text,
        )
        .await?;
        return Ok(Outcome::Waiting);
    };
    let outcome = settle(st, &payment, status, &fields, remote, &text).await?;
    tracing::info!(
        payment = payment.id,
        trans_status,
        outcome = outcome.label(),
        "payment notification"
    );
    if outcome == Outcome::Applied && status == PaymentStatus::Accepted {
        super::receipt::send(st, &payment, &fields).await;
    }
    Ok(outcome)
}

/// The signature, then the recorded request it must match.
async fn check(
    st: &AppState,
    body: &[u8],
) -> Result<Result<(PaymentRow, Fields), &'static str>, AppError> {
    let settings = &st.settings.payment;
    let Ok(fields) = vads::parse_body(body) else {
        return Ok(Err("notification illisible"));
    };
    if !vads::verify(&fields, &settings.key, settings.algorithm) {
        return Ok(Err("signature invalide"));
    }
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
    Ok(Ok((p, fields)))
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
    body: &str,
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
    .bind(crate::account::ssr::iso(today()))
    .bind(format!("Paiement en ligne par carte bancaire n° {number}"))
    .bind(p.amount_cents)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Keeps a notification as received, with what became of it: on the pool,
/// or inside the transaction that applied it.
async fn record<'e>(
    exec: impl sqlx::Executor<'e, Database = sqlx::Any>,
    payment: Option<i64>,
    remote: &str,
    outcome: &Outcome,
    trans_status: Option<&str>,
    body: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO payment_notification (payment_id, received_at, remote_addr, outcome, trans_status, body)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(payment)
    .bind(now())
    .bind(remote)
    .bind(outcome.label())
    .bind(trans_status)
    .bind(body)
    .execute(exec)
    .await?;
    Ok(())
}
