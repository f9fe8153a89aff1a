//! The account's situation (balance and alerts) in one statement. Accueil,
//! Mon compte and Paiement show it on every visit, and each statement is a
//! round trip to the database (on SQLite, to a connection's worker thread):
//! the balance, the open leases' insurance and the answered requests come
//! as the tagged rows of one `UNION ALL`. The texts are the areas' own.

use super::{BALANCE, BALANCE_ROWS};
use crate::account::Situation;
use crate::domain::Money;
use crate::error::AppError;
use crate::infra::{Db, iso, now, today};
use crate::insurance::ssr::{OPEN_LEASES, PENDING, alert, lease_label};
use crate::requests::ssr::store::{ANSWERED, ANSWERED_SECS, answered_alert};
use std::sync::LazyLock;

/// part, n, k (order within the part), then four texts.
pub type Row = (
    String,
    i64,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Formatted once, not on every visit. Public for a page that gathers
/// another area's figure into the same statement (`situation_and`).
pub static SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT 'solde', {balance}, CAST(0 AS BIGINT),
                CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT)
         {BALANCE_ROWS}
         UNION ALL
         SELECT 'assurance', {PENDING}, CASE WHEN l.kind = 'logement' THEN 0 ELSE 1 END,
                l.label, l.address, l.reference, l.insurance_to
         {OPEN_LEASES}
         UNION ALL
         SELECT * FROM (
           SELECT 'demande', number, updated_at, area, status, NULL, NULL FROM tenant_request
           WHERE account_id = $1 AND status IN {ANSWERED} AND updated_at >= $3
           ORDER BY updated_at DESC LIMIT 5) answered",
        balance = BALANCE.as_str()
    )
});

pub async fn situation(db: &Db, account_id: i64) -> Result<Situation, AppError> {
    Ok(situation_and(db, SQL.as_str(), account_id).await?.0)
}

/// The situation from `sql`: `SQL` with other tagged parts after a
/// `UNION ALL` (the same seven columns; $1 the account, $2 today), whose rows
/// come back as they are for the page that asked for them.
pub async fn situation_and(
    db: &Db,
    sql: &str,
    account_id: i64,
) -> Result<(Situation, Vec<Row>), AppError> {
    let day = today();
    let mut rows: Vec<Row> = sqlx::query_as(sql)
        .bind(account_id)
        .bind(iso(day))
        .bind(now() - ANSWERED_SECS)
        .fetch_all(&db.pool)
        .await?;
    // Leases: the dwelling first, then by reference; answers: newest first.
    rows.sort_by(|a, b| match a.0.as_str() {
        "demande" => (&a.0, b.2).cmp(&(&b.0, a.2)),
        _ => (&a.0, a.2, &a.5).cmp(&(&b.0, b.2, &b.5)),
    });
    let mut balance = Money::from_cents(0);
    let mut insurance = Vec::new();
    let mut answered = Vec::new();
    let mut other = Vec::new();
    for row in rows {
        let (part, n, _, a, b, c, d) = &row;
        match part.as_str() {
            "solde" => balance = Money::from_cents(*n),
            "assurance" => {
                let label = lease_label(text(a), text(b), text(c));
                if let Some(t) = alert(&label, d.as_deref(), *n > 0, day) {
                    insurance.push((t, crate::routes::INSURANCE.to_string()));
                }
            }
            "demande" => answered.extend(answered_alert(text(a), *n, text(b))),
            _ => other.push(row),
        }
    }
    insurance.extend(answered);
    let situation = Situation {
        as_of: day.format("%d/%m/%Y").to_string(),
        balance,
        alerts: insurance,
    };
    Ok((situation, other))
}

/// A text column, empty when NULL; borrowed, not copied.
fn text(t: &Option<String>) -> &str {
    t.as_deref().unwrap_or_default()
}
