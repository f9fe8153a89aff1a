//! The audit log's one writer: staff actions (`staff_id` set) and what a
//! tenant does to their own data (closing the login, a copy of their data),
//! with `staff_id` NULL.
use super::{Db, now};
use crate::error::AppError;

pub async fn record(
    db: &Db,
    staff_id: Option<i64>,
    action: &str,
    account_id: Option<i64>,
    detail: &str,
    ip: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO audit_log (staff_id, action, account_id, detail, ip, at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(staff_id)
    .bind(action)
    .bind(account_id)
    .bind(detail)
    .bind(ip)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// A tenant's own action on their data.
pub async fn tenant(
    db: &Db,
    action: &str,
    account_id: Option<i64>,
    ip: &str,
) -> Result<(), AppError> {
    record(db, None, action, account_id, "par le locataire", ip).await
}
