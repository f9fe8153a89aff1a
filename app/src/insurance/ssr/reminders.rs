//! Reminder mails 30 and 7 days before a certificate ends. Every instance
//! runs the job; the row in `insurance_reminder` (primary key lease, end
//! date, delay) is inserted before the mail goes, and only the instance
//! whose insert took it sends: once per due date, across restarts and
//! instances. A mail that then fails is logged, not retried (a duplicate
//! reminder would be worse than a missing one, and Accueil still alerts).
use crate::domain::Email;
use crate::error::AppError;
use crate::infra::{Db, Mailer, now};
use crate::infra::{french_date, iso};
use crate::insurance::rules::reminder_due;
use chrono::NaiveDate;

/// How often the job looks (the first time at start).
pub const EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// Sends the reminders due on `today`; returns how many mails were sent.
pub async fn run_once(
    db: &Db,
    mailer: &Mailer,
    link: &str,
    landlord: &str,
    today: NaiveDate,
) -> Result<usize, AppError> {
    let rows: Vec<(i64, i64, String, String)> = sqlx::query_as(
        "SELECT l.id, l.account_id, l.label, l.insurance_to FROM lease l
         WHERE l.insurance_to >= $1 AND l.insurance_to <= $2
           AND (l.end_date IS NULL OR l.end_date >= $1)
           AND NOT EXISTS (SELECT 1 FROM tenant_request r WHERE r.lease_id = l.id
                           AND r.area = 'assurance' AND r.status = 'envoyee')",
    )
    .bind(iso(today))
    .bind(iso(today + chrono::Duration::days(30)))
    .fetch_all(&db.pool)
    .await?;
    let mut sent = 0;
    for (lease_id, account_id, label, ends_on) in rows {
        let Some(days) = NaiveDate::parse_from_str(&ends_on, "%Y-%m-%d")
            .ok()
            .and_then(|end| reminder_due(end, today))
        else {
            continue;
        };
        if !claim(db, lease_id, &ends_on, days).await? {
            continue;
        }
        let body = format!(
            "Bonjour,\n\nVotre attestation d'assurance pour {label} se termine le {}.\n\
             Envoyez la nouvelle depuis « J'envoie mon attestation d'assurance » : {link}\n\n{landlord}",
            french_date(&ends_on)
        );
        for to in recipients(db, account_id).await? {
            mailer.send_later(
                &to,
                "Votre attestation d'assurance arrive à échéance",
                body.clone(),
            );
            sent += 1;
        }
    }
    Ok(sent)
}

/// True when this call recorded the reminder (nobody sent it before).
async fn claim(db: &Db, lease_id: i64, ends_on: &str, days: i64) -> Result<bool, AppError> {
    let done = sqlx::query(
        "INSERT INTO insurance_reminder (lease_id, ends_on, days_before, sent_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(lease_id)
    .bind(ends_on)
    .bind(days)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The account's activated logins.
async fn recipients(db: &Db, account_id: i64) -> Result<Vec<Email>, AppError> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT t.email FROM tenant_login t JOIN person p ON p.id = t.person_id
         WHERE p.account_id = $1 AND t.activated_at IS NOT NULL ORDER BY t.id",
    )
    .bind(account_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(e,)| Email::parse(&e).ok())
        .collect())
}
