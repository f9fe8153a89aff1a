//! The audit log: one row per staff action, never changed afterwards (the
//! retention job deletes rows past their period).
use super::staff::Staff;
use crate::error::AppError;
use crate::infra::Db;

pub async fn log(
    db: &Db,
    staff: &Staff,
    action: &str,
    account_id: Option<i64>,
    detail: &str,
    ip: &str,
) -> Result<(), AppError> {
    crate::infra::audit::record(db, Some(staff.id), action, account_id, detail, ip).await
}

/// The log, newest first (administrators only).
pub async fn list(
    st: &crate::infra::AppState,
    staff: &Staff,
) -> Result<Vec<crate::back_office::AuditRow>, AppError> {
    if !staff.is_admin() {
        return Err(AppError::NotFound);
    }
    let rows: Vec<(i64, String, String, Option<String>, String, String)> = sqlx::query_as(
        "SELECT l.at, COALESCE(s.name, 'Locataire'), l.action, a.number, l.detail, l.ip FROM audit_log l
         LEFT JOIN staff s ON s.id = l.staff_id LEFT JOIN client_account a ON a.id = l.account_id
         ORDER BY l.id DESC LIMIT 200",
    )
    .fetch_all(&st.db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(at, staff, action, account, detail, ip)| crate::back_office::AuditRow {
                at: super::inbox::when(at),
                staff,
                action,
                account: account.unwrap_or_default(),
                detail,
                ip,
            },
        )
        .collect())
}
