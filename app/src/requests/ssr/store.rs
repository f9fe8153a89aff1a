//! Recording a request: its number, the row, its first status and its files,
//! in one transaction. The number comes from `request_counter`, whose row the
//! transaction locks: concurrent requests wait for each other, and a request
//! that is not recorded gives its number back (no gaps, no duplicates).
use super::TypedFile;
use crate::error::AppError;
use crate::infra::{Db, now};
use crate::requests::{Area, AttachmentView, RequestRow, Status, attachment_path, number_label};
use sqlx::{Any, Transaction};

pub struct NewRequest<'a> {
    pub area: Area,
    pub account_id: i64,
    pub login_id: i64,
    pub lease_id: Option<i64>,
    pub subject: &'a str,
    pub place: &'a str,
    pub body: &'a str,
    /// JSON of what the landlord applies once it accepts.
    pub payload: String,
    pub emergency: bool,
}

/// Records the request and its files; returns (id, number).
pub async fn record(
    db: &Db,
    new: NewRequest<'_>,
    files: &[TypedFile],
) -> Result<(i64, i64), AppError> {
    let mut tx = db.pool.begin().await?;
    let number = next_number(&mut tx, new.area).await?;
    let at = now();
    let rows: Vec<(i64,)> = sqlx::query_as(
        "INSERT INTO tenant_request (area, number, account_id, login_id, lease_id, subject, place,
             body, payload, emergency, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
    )
    .bind(new.area.code())
    .bind(number)
    .bind(new.account_id)
    .bind(new.login_id)
    .bind(new.lease_id)
    .bind(new.subject)
    .bind(new.place)
    .bind(new.body)
    .bind(&new.payload)
    .bind(i64::from(new.emergency))
    .bind(Status::Sent.code())
    .bind(at)
    .fetch_all(&mut *tx)
    .await?;
    let id = rows
        .first()
        .map(|r| r.0)
        .ok_or_else(|| AppError::internal("requests", "no id returned"))?;
    event(&mut tx, id, Status::Sent, at).await?;
    attach_all(&mut tx, id, files, at).await?;
    tx.commit().await?;
    Ok((id, number))
}

async fn next_number(tx: &mut Transaction<'static, Any>, area: Area) -> Result<i64, AppError> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "INSERT INTO request_counter (area, last_value) VALUES ($1, 1)
         ON CONFLICT (area) DO UPDATE SET last_value = request_counter.last_value + 1
         RETURNING last_value",
    )
    .bind(area.code())
    .fetch_all(&mut **tx)
    .await?;
    rows.first()
        .map(|r| r.0)
        .ok_or_else(|| AppError::internal("requests", "no number returned"))
}

pub async fn event(
    tx: &mut Transaction<'static, Any>,
    request_id: i64,
    status: Status,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query("INSERT INTO request_event (request_id, status, created_at) VALUES ($1, $2, $3)")
        .bind(request_id)
        .bind(status.code())
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn attach_all(
    tx: &mut Transaction<'static, Any>,
    request_id: i64,
    files: &[TypedFile],
    at: i64,
) -> Result<(), AppError> {
    for f in files {
        attach(tx, request_id, f, at).await?;
    }
    Ok(())
}

async fn attach(
    tx: &mut Transaction<'static, Any>,
    request_id: i64,
    f: &TypedFile,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO request_attachment (public_id, request_id, doc_type, display_name,
             stored_name, mime, size_bytes, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(hex::encode(rand::random::<[u8; 16]>()))
    .bind(request_id)
    .bind(f.doc_type)
    .bind(&f.upload.display_name)
    .bind(&f.upload.stored_name)
    .bind(f.upload.kind.mime())
    .bind(f.upload.size as i64)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The account's requests of these areas, newest first, with their files.
pub async fn list(db: &Db, account_id: i64, areas: &[Area]) -> Result<Vec<RequestRow>, AppError> {
    let codes: Vec<String> = areas.iter().map(|a| format!("'{}'", a.code())).collect();
    let sql = format!(
        "SELECT id, area, number, subject, status, created_at FROM tenant_request
         WHERE account_id = $1 AND area IN ({}) ORDER BY created_at DESC, id DESC LIMIT 50",
        codes.join(", ")
    );
    let rows: Vec<(i64, String, i64, String, String, i64)> = sqlx::query_as(&sql)
        .bind(account_id)
        .fetch_all(&db.pool)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, area, number, subject, status, created_at) in rows {
        let area = Area::from_code(&area).unwrap_or(Area::Request);
        out.push(RequestRow {
            id,
            number: number_label(number),
            date: crate::infra::paris_day(created_at)
                .format("%d/%m/%Y")
                .to_string(),
            subject,
            progress: crate::requests::progress(&status, area),
            attachments: attachments(db, id).await?,
            answer: last_answer(db, id).await?,
        });
    }
    Ok(out)
}

pub async fn attachments(db: &Db, request_id: i64) -> Result<Vec<AttachmentView>, AppError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT public_id, display_name, doc_type FROM request_attachment
         WHERE request_id = $1 ORDER BY id",
    )
    .bind(request_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(public_id, name, doc_type)| AttachmentView {
            href: attachment_path(&public_id),
            name,
            doc_type: crate::requests::rules::doc_type(&doc_type)
                .unwrap_or_default()
                .to_string(),
        })
        .collect())
}

async fn last_answer(db: &Db, request_id: i64) -> Result<Option<String>, AppError> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT body FROM request_message WHERE request_id = $1 AND author = 'bailleur'
         ORDER BY id DESC LIMIT 1",
    )
    .bind(request_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().next().map(|r| r.0))
}

/// Accueil's alert for a request the landlord answered or settled, with the
/// page that shows it. The rows come with the account's situation (one
/// statement): those of the last [`ANSWERED_SECS`] whose status is one of
/// [`ANSWERED`].
pub fn answered_alert(area: &str, number: i64, status: &str) -> Option<(String, String)> {
    let area = Area::from_code(area)?;
    let text = format!(
        "Votre {} n° {} : {}.",
        area.label().to_lowercase(),
        number_label(number),
        crate::requests::progress(status, area).to_lowercase()
    );
    Some((text, crate::requests::page_of(area).to_string()))
}

/// The statuses Accueil tells the tenant about, as an SQL list.
pub const ANSWERED: &str = "('repondue', 'acceptee', 'refusee', 'resolue')";
/// How long an answer stays on Accueil.
pub const ANSWERED_SECS: i64 = 30 * 86_400;
