//! The payment table's queries. Every tenant-facing one is scoped by the
//! account id from the session.
use super::super::rules::Refusal;
use super::super::{PaymentLine, PaymentStatus, request_number};
use crate::account::ssr::balance_with;
use crate::auth::ssr::queries::Tenant;
use crate::domain::Money;
use crate::error::AppError;
use crate::infra::{AppState, Db, now, today};
use crate::infra::{french_date, iso, paris_day};
use sqlx::{Any, Transaction};

/// A payment request as recorded.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PaymentRow {
    pub id: i64,
    pub account_id: i64,
    pub login_id: i64,
    pub amount_cents: i64,
    pub status: String,
    pub site_id: String,
    pub ctx_mode: String,
    pub trans_date: String,
    pub trans_id: String,
    pub created_at: i64,
}

const ROW: &str = "id, account_id, login_id, amount_cents, status, site_id, ctx_mode, trans_date, trans_id, created_at";

/// Trans ids are 6 digits; the bank reserves 900000-999999 for itself.
const LAST_TRANS_ID: i64 = 899_999;

/// The next transaction id of the site's UTC day. The counter row is shared
/// by every instance, and its lock (held until the transaction ends) also
/// makes concurrent payment requests wait for each other.
async fn next_trans_id(
    tx: &mut Transaction<'static, Any>,
    site_id: &str,
    day: &str,
) -> Result<String, AppError> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "INSERT INTO payment_counter (site_id, day, last_value) VALUES ($1, $2, 1)
         ON CONFLICT (site_id, day) DO UPDATE SET last_value = payment_counter.last_value + 1
         RETURNING last_value",
    )
    .bind(site_id)
    .bind(day)
    .fetch_all(&mut **tx)
    .await?;
    match rows.first() {
        Some((n,)) if *n <= LAST_TRANS_ID => Ok(format!("{n:06}")),
        _ => Err(AppError::internal(
            "payment",
            "no transaction id left today",
        )),
    }
}

/// What may be paid now: the balance minus what is under way; and whether
/// something is under way.
async fn payable(
    tx: &mut Transaction<'static, Any>,
    account_id: i64,
    since: i64,
) -> Result<(Money, bool), AppError> {
    let balance = balance_with(&mut **tx, account_id, today()).await?;
    let (underway, count): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(amount_cents), 0) AS BIGINT), COUNT(*) FROM payment
         WHERE account_id = $1 AND status = 'en_cours' AND created_at >= $2",
    )
    .bind(account_id)
    .bind(since)
    .fetch_one(&mut **tx)
    .await?;
    Ok((balance - Money::from_cents(underway), count > 0))
}

/// Records a payment request of the amount `decide` settles on, in one
/// transaction with its trans id; or answers the refusal and writes nothing.
pub async fn create(
    st: &AppState,
    tenant: &Tenant,
    decide: impl FnOnce(Money, bool) -> Result<Money, Refusal>,
) -> Result<Result<i64, Refusal>, AppError> {
    let settings = &st.settings.payment;
    let t = now();
    let trans_date = chrono::Utc::now().format("%Y%m%d%H%M%S").to_string();
    let day = &trans_date[..8];
    let mut tx = st.db.pool.begin().await?;
    let trans_id = next_trans_id(&mut tx, &settings.site_id, day).await?;
    let (payable, underway) =
        payable(&mut tx, tenant.account_id, t - settings.pending_for_secs).await?;
    let amount = match decide(payable, underway) {
        Ok(amount) => amount,
        Err(refusal) => {
            tx.rollback().await?;
            return Ok(Err(refusal));
        }
    };
    let rows: Vec<(i64,)> = sqlx::query_as(
        "INSERT INTO payment (account_id, login_id, amount_cents, status, site_id, ctx_mode,
            trans_date, trans_day, trans_id, created_at, updated_at)
         VALUES ($1, $2, $3, 'en_cours', $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(tenant.account_id)
    .bind(tenant.login_id)
    .bind(amount.cents())
    .bind(&settings.site_id)
    .bind(settings.mode.as_str())
    .bind(&trans_date)
    .bind(day)
    .bind(&trans_id)
    .bind(t)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let id = rows.first().map(|r| r.0).ok_or(AppError::Internal)?;
    metrics::counter!("espace_payments_total", "outcome" => "en_cours").increment(1);
    tracing::info!(
        payment = id,
        account = tenant.account_id,
        cents = amount.cents(),
        trans_id,
        "payment request recorded"
    );
    Ok(Ok(id))
}

type LineRow = (i64, i64, i64, String, Option<String>);

fn to_line((id, created_at, cents, status, authorisation): LineRow, since: i64) -> PaymentLine {
    let status = match PaymentStatus::from_code(&status) {
        Some(PaymentStatus::Underway) if created_at < since => PaymentStatus::Stale,
        Some(s) => s,
        None => PaymentStatus::Stale,
    };
    let date = paris_day(created_at);
    PaymentLine {
        date: french_date(&iso(date)),
        number: request_number(id),
        authorisation: authorisation.unwrap_or_default(),
        amount: Money::from_cents(cents),
        status,
    }
}

/// "Vos derniers paiements": the last 12, newest first.
pub async fn history(db: &Db, account_id: i64, since: i64) -> Result<Vec<PaymentLine>, AppError> {
    let rows: Vec<LineRow> = sqlx::query_as(
        "SELECT id, created_at, amount_cents, status, authorisation FROM payment
         WHERE account_id = $1 ORDER BY id DESC LIMIT 12",
    )
    .bind(account_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|r| to_line(r, since)).collect())
}

/// One payment of the account (another account's reads as none).
pub async fn line(
    db: &Db,
    account_id: i64,
    id: i64,
    since: i64,
) -> Result<Option<PaymentLine>, AppError> {
    let row: Option<LineRow> = sqlx::query_as(
        "SELECT id, created_at, amount_cents, status, authorisation FROM payment
         WHERE account_id = $1 AND id = $2",
    )
    .bind(account_id)
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|r| to_line(r, since)))
}

/// A payment request by its number, whoever it belongs to (the bank's notification).
pub async fn by_id(db: &Db, id: i64) -> Result<Option<PaymentRow>, AppError> {
    let sql = format!("SELECT {ROW} FROM payment WHERE id = $1");
    Ok(sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?)
}

/// A payment request of the signed-in tenant's account.
pub async fn of_account(db: &Db, account_id: i64, id: i64) -> Result<Option<PaymentRow>, AppError> {
    let sql = format!("SELECT {ROW} FROM payment WHERE id = $1 AND account_id = $2");
    Ok(sqlx::query_as(&sql)
        .bind(id)
        .bind(account_id)
        .fetch_optional(&db.pool)
        .await?)
}
