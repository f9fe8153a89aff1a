//! The collection files in the database: the candidates for a date, a file
//! and its lines written in one transaction, the list, marking a file as
//! sent (the mandates' sequence advances only then), the coming debit.
use super::pain008::{self, Creditor, Debit, File};
use super::{Candidate, Planned, SPACING_DAYS};
use crate::account::ssr::SIGNED;
use crate::domain::Money;
use crate::error::AppError;
use crate::infra::iso;
use crate::infra::{Db, db::is_unique_violation, now};
use chrono::NaiveDate;

type CandidateRow = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
);

/// The active mandates of the date's debit day, each with its account's
/// balance at the date, except accounts already in a file near that date.
/// One mandate per account (the oldest), should an account hold several.
pub async fn candidates(db: &Db, date: NaiveDate) -> Result<Vec<Candidate>, AppError> {
    use chrono::Datelike;
    // The balance as Mon compte computes it (`SIGNED`), at the date.
    let sql = format!(
        "SELECT m.id, m.account_id, a.number, m.rum, m.holder, m.iban, m.bic, m.signed_on,
                m.collected_iban, m.collected_bic,
                CAST(COALESCE((SELECT SUM({SIGNED})
                               FROM ledger_entry e WHERE e.account_id = m.account_id AND e.entry_date <= $2), 0) AS BIGINT)
         FROM mandate m JOIN client_account a ON a.id = m.account_id
         WHERE m.status = 'actif' AND m.debit_day = $1
           AND NOT EXISTS (SELECT 1 FROM sdd_collection_line l JOIN sdd_collection c ON c.id = l.collection_id
                           WHERE l.account_id = m.account_id AND c.status <> 'annulee' AND c.collection_date > $3)
         ORDER BY a.number, m.id"
    );
    let rows: Vec<CandidateRow> = sqlx::query_as(&sql)
        .bind(i64::from(date.day()))
        .bind(iso(date))
        .bind(iso(date - chrono::Duration::days(SPACING_DAYS)))
        .fetch_all(&db.pool)
        .await?;
    let mut seen = std::collections::HashSet::new();
    Ok(rows
        .into_iter()
        .filter(|r| seen.insert(r.1))
        .map(|r| Candidate {
            mandate_id: r.0,
            account_id: r.1,
            account: r.2,
            rum: r.3,
            holder: r.4,
            iban: r.5,
            bic: r.6,
            signed_on: r.7,
            collected_iban: r.8,
            collected_bic: r.9,
            balance: Money::from_cents(r.10),
        })
        .collect())
}

/// A file written, or why not.
pub enum Generated {
    Done { id: i64, count: usize, total: Money },
    AlreadyOne,
    Empty,
}

/// Writes the file and its lines in one transaction; the unique index on
/// the date refuses a second file for it, whoever clicks at the same time.
pub async fn generate(
    db: &Db,
    date: NaiveDate,
    planned: &[Planned],
    creditor: Creditor,
    version: pain008::Version,
    staff_id: i64,
) -> Result<Generated, AppError> {
    if planned.is_empty() {
        return Ok(Generated::Empty);
    }
    let total = Money::from_cents(planned.iter().map(|p| p.amount.cents()).sum());
    let t = now();
    let mut tx = db.pool.begin().await?;
    let inserted: Result<Vec<(i64,)>, sqlx::Error> = sqlx::query_as(
        "INSERT INTO sdd_collection (collection_date, version, message_id, status, count, total_cents, xml, created_by, created_at)
         VALUES ($1, $2, $3, 'generee', $4, $5, '', $6, $7) RETURNING id",
    )
    .bind(iso(date))
    .bind(version.code())
    .bind(format!("EL-{}-{t}", iso(date)))
    .bind(planned.len() as i64)
    .bind(total.cents())
    .bind(staff_id)
    .bind(t)
    .fetch_all(&mut *tx)
    .await;
    let id = match inserted {
        Ok(rows) => rows.first().map(|r| r.0).ok_or(AppError::Internal)?,
        Err(e) if is_unique_violation(&e) => return Ok(Generated::AlreadyOne),
        Err(e) => return Err(e.into()),
    };
    let file = File {
        version,
        message_id: format!("EL-SDD-{id:08}"),
        created_at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S").to_string(),
        collection_date: iso(date),
        creditor,
        debits: planned.iter().map(|p| debit(id, p)).collect(),
    };
    for (p, d) in planned.iter().zip(&file.debits) {
        sqlx::query(
            "INSERT INTO sdd_collection_line (collection_id, mandate_id, account_id, amount_cents, sequence, iban, bic, end_to_end)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(p.candidate.mandate_id)
        .bind(p.candidate.account_id)
        .bind(p.amount.cents())
        .bind(p.sequence.code())
        .bind(p.iban.as_str())
        .bind(p.bic.as_str())
        .bind(&d.end_to_end)
        .execute(&mut *tx)
        .await?;
    }
    let xml = pain008::write(&file);
    // Never stored, never sent: a file whose sums do not add up.
    if let Err(e) = pain008::verify(&xml) {
        tracing::error!(collection = id, error = e, "SEPA file failed its own check");
        return Err(AppError::Internal);
    }
    sqlx::query("UPDATE sdd_collection SET xml = $1, message_id = $2 WHERE id = $3")
        .bind(&xml)
        .bind(&file.message_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Generated::Done {
        id,
        count: planned.len(),
        total,
    })
}

fn debit(collection_id: i64, p: &Planned) -> Debit {
    let c = &p.candidate;
    Debit {
        end_to_end: format!("EL{collection_id:08}-{}", c.mandate_id),
        amount: p.amount,
        rum: c.rum.clone(),
        signed_on: p.signed_on.clone(),
        debtor: c.holder.clone(),
        iban: p.iban.clone(),
        bic: p.bic.clone(),
        sequence: p.sequence,
        amendment: p.amendment.clone(),
        label: format!("Loyer compte {}", c.account),
    }
}

/// A file as listed: (id, date, version, count, total, status, created_at).
pub type FileRow = (i64, String, String, i64, i64, String, i64);

pub async fn files(db: &Db) -> Result<Vec<FileRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, collection_date, version, count, total_cents, status, created_at
         FROM sdd_collection ORDER BY collection_date DESC, id DESC LIMIT 100",
    )
    .fetch_all(&db.pool)
    .await?)
}

/// Whether a file not cancelled exists for the date.
pub async fn open_on(db: &Db, date: NaiveDate) -> Result<bool, AppError> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM sdd_collection WHERE collection_date = $1 AND status <> 'annulee'",
    )
    .bind(iso(date))
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.is_some())
}

/// The file's XML and its date (for the download's name).
pub async fn xml(db: &Db, id: i64) -> Result<Option<(String, String)>, AppError> {
    Ok(
        sqlx::query_as("SELECT xml, collection_date FROM sdd_collection WHERE id = $1")
            .bind(id)
            .fetch_optional(&db.pool)
            .await?,
    )
}

/// Marks a generated file as sent to the bank; its mandates now count as
/// collected with the account they were debited on. False: not a generated
/// file (already sent, cancelled, unknown).
pub async fn mark_sent(db: &Db, id: i64, staff_id: i64) -> Result<bool, AppError> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE sdd_collection SET status = 'envoyee', sent_by = $1, sent_at = $2 WHERE id = $3 AND status = 'generee'",
    )
    .bind(staff_id)
    .bind(now())
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if done {
        sqlx::query(
            "UPDATE mandate SET
               collected_iban = (SELECT l.iban FROM sdd_collection_line l WHERE l.collection_id = $1 AND l.mandate_id = mandate.id),
               collected_bic = (SELECT l.bic FROM sdd_collection_line l WHERE l.collection_id = $1 AND l.mandate_id = mandate.id)
             WHERE id IN (SELECT mandate_id FROM sdd_collection_line WHERE collection_id = $1)",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(done)
}

/// Cancels a generated file that was not sent (a mistake): its date is free again.
pub async fn cancel(db: &Db, id: i64) -> Result<bool, AppError> {
    Ok(sqlx::query(
        "UPDATE sdd_collection SET status = 'annulee' WHERE id = $1 AND status = 'generee'",
    )
    .bind(id)
    .execute(&db.pool)
    .await?
    .rows_affected()
        == 1)
}

/// The account's next debit in a file not cancelled, as a tagged part of
/// the account's situation statement (Accueil shows both): the amount in
/// cents, the date (yyyy-mm-dd) as the first text. $1 the account, $2 today.
pub const COMING: &str = "SELECT * FROM (
       SELECT 'prelevement', l.amount_cents, CAST(0 AS BIGINT), c.collection_date,
              CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT)
       FROM sdd_collection_line l JOIN sdd_collection c ON c.id = l.collection_id
       WHERE l.account_id = $1 AND c.status <> 'annulee' AND c.collection_date >= $2
       ORDER BY c.collection_date LIMIT 1) coming";

/// Who to pre-notify for each account of a file: (account id, e-mail).
pub async fn recipients(db: &Db, id: i64) -> Result<Vec<(i64, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT l.account_id, t.email FROM sdd_collection_line l
         JOIN person p ON p.account_id = l.account_id
         JOIN tenant_login t ON t.person_id = p.id
         WHERE l.collection_id = $1 AND t.activated_at IS NOT NULL",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?)
}
