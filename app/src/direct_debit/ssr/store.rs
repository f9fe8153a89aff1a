//! Mandates and requests in the database, always scoped by the account id
//! that comes from the session.
use super::super::rules::WHOLE_ACCOUNT;
use super::super::{MandateView, RequestView};
use crate::auth::ssr::queries::Tenant;
use crate::domain::{AccountNumber, Iban, Rum};
use crate::error::AppError;
use crate::infra::{Db, now, today};
use crate::infra::{french_date, iso, paris_day};

pub struct NewRequest<'a> {
    pub kind: &'static str,
    pub holder: &'a str,
    pub iban: &'a str,
    pub bic: &'a str,
    pub day: Option<i64>,
}

/// The landlord's name and address (the creditor).
pub async fn landlord(db: &Db) -> Result<(String, String), AppError> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT name, address FROM landlord WHERE id = 1")
            .fetch_optional(&db.pool)
            .await?;
    Ok(row.unwrap_or_default())
}

/// What a request may cover: the whole account, or one current lease.
pub async fn objects(db: &Db, account_id: i64) -> Result<Vec<(String, String)>, AppError> {
    let leases: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT reference, label, address FROM lease
         WHERE account_id = $1 AND (end_date IS NULL OR end_date >= $2) ORDER BY reference",
    )
    .bind(account_id)
    .bind(iso(today()))
    .fetch_all(&db.pool)
    .await?;
    let mut objects = vec![(
        WHOLE_ACCOUNT.to_string(),
        "Toutes mes locations".to_string(),
    )];
    objects.extend(
        leases
            .into_iter()
            .map(|(r, label, address)| (r.clone(), format!("{label} n° {r}, {address}"))),
    );
    Ok(objects)
}

/// The values of `objects`, to check a posted choice against.
pub async fn object_values(db: &Db, account_id: i64) -> Result<Vec<String>, AppError> {
    Ok(objects(db, account_id)
        .await?
        .into_iter()
        .map(|(value, _)| value)
        .collect())
}

/// The current leases an object covers.
pub async fn lease_ids(db: &Db, account_id: i64, object: &str) -> Result<Vec<i64>, AppError> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM lease WHERE account_id = $1 AND (end_date IS NULL OR end_date >= $2)
         AND ($3 = 'tout' OR reference = $3)",
    )
    .bind(account_id)
    .bind(iso(today()))
    .bind(object)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// Records a request, its RUM and its leases in one transaction; None when
/// one of the leases already has an open request (the unique index on open
/// leases decides, so two requests at the same instant cannot both pass).
pub async fn create(
    db: &Db,
    tenant: &Tenant,
    r: &NewRequest<'_>,
    leases: &[i64],
) -> Result<Option<i64>, AppError> {
    let t = now();
    let mut tx = db.pool.begin().await?;
    let rows: Vec<(i64,)> = sqlx::query_as(
        "INSERT INTO direct_debit_request (account_id, login_id, kind, holder, iban, bic, debit_day, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'envoyee', $8, $8) RETURNING id",
    )
    .bind(tenant.account_id)
    .bind(tenant.login_id)
    .bind(r.kind)
    .bind(r.holder)
    .bind(r.iban)
    .bind(r.bic)
    .bind(r.day)
    .bind(t)
    .fetch_all(&mut *tx)
    .await?;
    let id = rows.first().map(|r| r.0).ok_or(AppError::Internal)?;
    if r.kind == "mise_en_place" {
        let (number,): (String,) =
            sqlx::query_as("SELECT number FROM client_account WHERE id = $1")
                .bind(tenant.account_id)
                .fetch_one(&mut *tx)
                .await?;
        let account =
            AccountNumber::parse(&number).map_err(|e| AppError::internal("account number", e))?;
        sqlx::query("UPDATE direct_debit_request SET rum = $2 WHERE id = $1")
            .bind(id)
            .bind(Rum::new(&account, id).as_str())
            .execute(&mut *tx)
            .await?;
    }
    for lease in leases {
        let inserted = sqlx::query(
            "INSERT INTO direct_debit_request_lease (request_id, lease_id, open_lease) VALUES ($1, $2, $2)",
        )
        .bind(id)
        .bind(lease)
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {}
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                tx.rollback().await?;
                return Ok(None);
            }
            Err(e) => return Err(e.into()),
        }
    }
    tx.commit().await?;
    Ok(Some(id))
}

/// Cancels an untouched request of the account; false when there is none.
pub async fn cancel(db: &Db, account_id: i64, id: i64) -> Result<bool, AppError> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE direct_debit_request SET status = 'annulee', updated_at = $3
         WHERE id = $1 AND account_id = $2 AND status = 'envoyee'",
    )
    .bind(id)
    .bind(account_id)
    .bind(now())
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if done {
        sqlx::query(
            "UPDATE direct_debit_request_lease SET open_lease = NULL WHERE request_id = $1",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(done)
}

pub async fn mandates(db: &Db, account_id: i64) -> Result<Vec<MandateView>, AppError> {
    type Row = (
        Option<String>,
        Option<String>,
        String,
        String,
        String,
        String,
        String,
        i64,
        String,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT l.label, l.reference, m.holder, m.bank_name, m.iban, m.bic, m.rum, m.debit_day, m.status
         FROM mandate m LEFT JOIN lease l ON l.id = m.lease_id
         WHERE m.account_id = $1 ORDER BY m.id",
    )
    .bind(account_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(label, reference, holder, bank, iban, bic, rum, day, status)| MandateView {
                object: match (label, reference) {
                    (Some(l), Some(r)) => format!("{l} n° {r}"),
                    _ => "Toutes vos locations".into(),
                },
                holder,
                bank,
                iban: Iban::parse(&iban).map(|i| i.masked()).unwrap_or_default(),
                bic,
                rum,
                debit_day: day,
                status: match status.as_str() {
                    "actif" => "Actif",
                    "revoque" => "Révoqué",
                    _ => "En attente de signature",
                }
                .into(),
            },
        )
        .collect())
}

/// "Vos dernières demandes": the last 10, newest first.
pub async fn requests(db: &Db, account_id: i64) -> Result<Vec<RequestView>, AppError> {
    type Row = (i64, String, String, Option<String>, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, kind, status, reason, created_at FROM direct_debit_request
         WHERE account_id = $1 ORDER BY id DESC LIMIT 10",
    )
    .bind(account_id)
    .fetch_all(&db.pool)
    .await?;
    let mut objects = objects_of(db, account_id).await?;
    Ok(rows
        .into_iter()
        .map(|(id, kind, status, reason, created_at)| RequestView {
            id,
            number: format!("{id:09}"),
            date: french_date(&iso(paris_day(created_at))),
            kind: if kind == "arret" {
                "Arrêt du prélèvement"
            } else {
                "Mise en place ou modification du prélèvement"
            }
            .into(),
            object: objects.remove(&id).unwrap_or_default(),
            progress: progress(&status, reason.as_deref()),
            cancellable: status == "envoyee",
            has_mandate: kind == "mise_en_place",
        })
        .collect())
}

/// What each request of the account covers, "Logement Type 3 n° 0012345, …",
/// in one query rather than one per request.
async fn objects_of(
    db: &Db,
    account_id: i64,
) -> Result<std::collections::HashMap<i64, String>, AppError> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT r.request_id, l.label, l.reference FROM direct_debit_request_lease r
         JOIN lease l ON l.id = r.lease_id
         WHERE l.account_id = $1 ORDER BY r.request_id, l.reference",
    )
    .bind(account_id)
    .fetch_all(&db.pool)
    .await?;
    let mut objects: std::collections::HashMap<i64, String> = std::collections::HashMap::new();
    for (id, label, reference) in rows {
        let text = objects.entry(id).or_default();
        if !text.is_empty() {
            text.push_str(", ");
        }
        text.push_str(&format!("{label} n° {reference}"));
    }
    Ok(objects)
}

pub fn progress(status: &str, reason: Option<&str>) -> String {
    match (status, reason) {
        ("envoyee", _) => "Envoyée".into(),
        ("mandat_recu", _) => "Mandat reçu".into(),
        ("activee", _) => "Activée".into(),
        ("refusee", Some(r)) if !r.is_empty() => format!("Refusée : {r}"),
        ("refusee", _) => "Refusée".into(),
        _ => "Annulée".into(),
    }
}
