//! The ledger's queries. Every one is scoped by the signed-in tenant's
//! account id, which comes from the session, never from the request.

mod situation;

pub use situation::{SQL as SITUATION_SQL, situation, situation_and};

use super::{AccountView, LedgerLine, PAGE_SIZE, Period};
use crate::domain::Money;
use crate::error::AppError;
use crate::infra::{Db, french_date, iso, today};
use chrono::{Datelike, Months, NaiveDate};
use std::sync::LazyLock;

/// Charges count up, payments down: the balance the tenant owes.
pub(crate) const SIGNED: &str =
    "CASE WHEN kind = 'facturation' THEN amount_cents ELSE -amount_cents END";

/// The balance of account `$1` at the end of day `$2`: the sum, then the rows
/// it reads (also the first part of `situation`'s statement).
pub(crate) static BALANCE: LazyLock<String> =
    LazyLock::new(|| format!("CAST(COALESCE(SUM({SIGNED}), 0) AS BIGINT)"));
pub(crate) const BALANCE_ROWS: &str =
    "FROM ledger_entry WHERE account_id = $1 AND entry_date <= $2";

/// The balance at the end of `day`.
pub async fn balance_at(db: &Db, account_id: i64, day: NaiveDate) -> Result<Money, AppError> {
    balance_with(&db.pool, account_id, day).await
}

/// The same, on any connection: a payment request reads it inside its transaction.
pub async fn balance_with<'e>(
    exec: impl sqlx::Executor<'e, Database = sqlx::Any>,
    account_id: i64,
    day: NaiveDate,
) -> Result<Money, AppError> {
    static SQL: LazyLock<String> = LazyLock::new(|| format!("SELECT {} {BALANCE_ROWS}", *BALANCE));
    let (cents,): (i64,) = sqlx::query_as(SQL.as_str())
        .bind(account_id)
        .bind(iso(day))
        .fetch_one(exec)
        .await?;
    Ok(Money::from_cents(cents))
}

/// Entries of [from, to], oldest first, each with the balance after it.
pub async fn entries(
    db: &Db,
    account_id: i64,
    from: NaiveDate,
    to: NaiveDate,
    newest_first: bool,
    limit: i64,
    offset: i64,
) -> Result<Vec<LedgerLine>, AppError> {
    let order = if newest_first { "DESC" } else { "ASC" };
    let sql = format!(
        "SELECT entry_date, label, kind, amount_cents, running FROM (
           SELECT id, entry_date, label, kind, amount_cents,
             CAST(SUM({SIGNED}) OVER (ORDER BY entry_date, id ROWS UNBOUNDED PRECEDING) AS BIGINT) AS running
           FROM ledger_entry WHERE account_id = $1 AND entry_date <= $3
         ) t WHERE entry_date >= $2
         ORDER BY entry_date {order}, id {order} LIMIT $4 OFFSET $5"
    );
    let rows: Vec<(String, String, String, i64, i64)> = sqlx::query_as(&sql)
        .bind(account_id)
        .bind(iso(from))
        .bind(iso(to))
        .bind(limit)
        .bind(offset)
        .fetch_all(&db.pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(date, label, kind, cents, running)| {
            let amount = Some(Money::from_cents(cents));
            let charge = kind == "facturation";
            LedgerLine {
                date: french_date(&date),
                label,
                charge: if charge { amount } else { None },
                payment: if charge { None } else { amount },
                balance: Money::from_cents(running),
            }
        })
        .collect())
}

async fn count(db: &Db, account_id: i64, from: NaiveDate, to: NaiveDate) -> Result<i64, AppError> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM ledger_entry WHERE account_id = $1 AND entry_date >= $2 AND entry_date <= $3",
    )
    .bind(account_id)
    .bind(iso(from))
    .bind(iso(to))
    .fetch_one(&db.pool)
    .await?;
    Ok(n)
}

/// The years the ledger covers, newest first.
async fn years(db: &Db, account_id: i64) -> Result<Vec<i32>, AppError> {
    let (first,): (Option<String>,) =
        sqlx::query_as("SELECT MIN(entry_date) FROM ledger_entry WHERE account_id = $1")
            .bind(account_id)
            .fetch_one(&db.pool)
            .await?;
    let now = today().year();
    let first = first.and_then(|d| d.get(..4)?.parse().ok()).unwrap_or(now);
    Ok((first.min(now)..=now).rev().collect())
}

/// End-of-month balances of the last 12 months, oldest first.
pub async fn chart(db: &Db, account_id: i64) -> Result<Vec<(String, Money)>, AppError> {
    let day = today();
    let first = day.with_day(1).unwrap_or(day) - Months::new(11);
    let mut running = balance_at(db, account_id, first.pred_opt().unwrap_or(first)).await?;
    let sql = format!(
        "SELECT substr(entry_date, 1, 7), CAST(SUM({SIGNED}) AS BIGINT) FROM ledger_entry
         WHERE account_id = $1 AND entry_date >= $2 AND entry_date <= $3 GROUP BY substr(entry_date, 1, 7)"
    );
    let sums: std::collections::HashMap<String, i64> = sqlx::query_as::<_, (String, i64)>(&sql)
        .bind(account_id)
        .bind(iso(first))
        .bind(iso(day))
        .fetch_all(&db.pool)
        .await?
        .into_iter()
        .collect();
    Ok((0..12)
        .map(|i| {
            let month = first + Months::new(i);
            running = running
                + Money::from_cents(*sums.get(&month.format("%Y-%m").to_string()).unwrap_or(&0));
            (month.format("%m/%Y").to_string(), running)
        })
        .collect())
}

pub async fn account_view(
    db: &Db,
    account_id: i64,
    periode: &str,
    page: u32,
) -> Result<AccountView, AppError> {
    let period = Period::parse(periode);
    let (from, to) = period.bounds(today());
    let total = count(db, account_id, from, to).await?;
    let pages = ((total + PAGE_SIZE as i64 - 1) / PAGE_SIZE as i64).max(1) as u32;
    let page = page.clamp(1, pages);
    let offset = (page as i64 - 1) * PAGE_SIZE as i64;
    let mut periods = vec![(Period::LastYear.value(), Period::LastYear.label())];
    for y in years(db, account_id).await? {
        periods.push((Period::Year(y).value(), Period::Year(y).label()));
    }
    periods.push((Period::All.value(), Period::All.label()));
    Ok(AccountView {
        situation: situation(db, account_id).await?,
        period,
        periods,
        lines: entries(db, account_id, from, to, true, PAGE_SIZE as i64, offset).await?,
        page,
        pages,
        chart: chart(db, account_id).await?,
    })
}
