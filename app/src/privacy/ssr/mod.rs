//! Server side of Mes données: asking for a copy, listing, downloading; and
//! the retention job.
pub mod export;
pub mod retention;

use super::{CopyState, DataCopy};
use crate::auth::ssr::queries::Tenant;
use crate::error::AppError;
use crate::forms::{FormOutcome, FormState};
use crate::infra::{AppState, Db, audit, client_ip, now, web};
use crate::routes;
use axum::extract::{Query, State};
use axum::response::Response;
use std::collections::HashMap;
use tower_sessions::Session;
use tracing::Instrument;

/// A copy still "en préparation" after this long was lost with its instance
/// (a restart): it shows as failed and another may be asked for.
const LOST_AFTER: i64 = 15 * 60;

pub async fn list(db: &Db, login_id: i64) -> Result<Vec<DataCopy>, AppError> {
    let rows: Vec<(i64, String, Option<i64>, i64)> = sqlx::query_as(
        "SELECT id, status, size_bytes, created_at FROM data_export WHERE login_id = $1 ORDER BY id DESC",
    )
    .bind(login_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, status, size, created)| DataCopy {
            id,
            asked: crate::infra::paris_time(created),
            state: state_of(&status, created),
            size: size.map(megabytes).unwrap_or_default(),
        })
        .collect())
}

fn state_of(status: &str, created: i64) -> CopyState {
    match status {
        "prete" => CopyState::Ready,
        "en_preparation" if now() - created < LOST_AFTER => CopyState::Preparing,
        _ => CopyState::Failed,
    }
}

fn megabytes(bytes: i64) -> String {
    format!("{:.1} Mo", bytes as f64 / 1_000_000.0).replace('.', ",")
}

/// Records the request and builds the copy in the background; one copy in
/// preparation at a time per login.
pub async fn ask(st: &AppState, tenant: Tenant) -> Result<FormOutcome, AppError> {
    let busy = list(&st.db, tenant.login_id)
        .await?
        .iter()
        .any(|c| c.state == CopyState::Preparing);
    if busy {
        let form = FormState::general(
            "Une copie de vos données est déjà en préparation : elle apparaîtra ci-dessous dans quelques instants.",
        );
        return Ok(FormOutcome::Refused(form));
    }
    let rows: Vec<(i64,)> = sqlx::query_as(
        "INSERT INTO data_export (login_id, status, created_at) VALUES ($1, 'en_preparation', $2) RETURNING id",
    )
    .bind(tenant.login_id)
    .bind(now())
    .fetch_all(&st.db.pool)
    .await?;
    let id = rows.first().map(|(id,)| *id).ok_or(AppError::Internal)?;
    audit::tenant(
        &st.db,
        "copie de ses données",
        Some(tenant.account_id),
        &client_ip(),
    )
    .await?;
    let st = st.clone();
    // The request's span (its request id) follows the copy's log lines.
    let preparing = async move { prepare(&st, &tenant, id).await };
    tokio::spawn(preparing.instrument(tracing::Span::current()));
    Ok(FormOutcome::to(format!("{}?copie={id}", routes::MY_DATA)))
}

async fn prepare(st: &AppState, tenant: &Tenant, id: i64) {
    let stored = match export::build(st, tenant).await {
        Ok(bytes) => match st.settings.storage.put(&bytes, "zip").await {
            Ok(name) => Some((name, bytes.len() as i64)),
            Err(e) => {
                tracing::error!(copy = id, error = %e, "data copy not stored");
                None
            }
        },
        Err(e) => {
            tracing::error!(copy = id, error = %e, "data copy not built");
            None
        }
    };
    // Only a copy still waiting: the access may have been closed meanwhile
    // (its rows deleted), and then the file must not outlive it.
    let update = match &stored {
        Some((name, size)) => sqlx::query(
            "UPDATE data_export SET status = 'prete', stored_name = $2, size_bytes = $3, ready_at = $4
             WHERE id = $1 AND status = 'en_preparation'",
        )
        .bind(id)
        .bind(name)
        .bind(size)
        .bind(now()),
        None => sqlx::query(
            "UPDATE data_export SET status = 'echec' WHERE id = $1 AND status = 'en_preparation'",
        )
        .bind(id),
    };
    match update.execute(&st.db.pool).await {
        Ok(done) if done.rows_affected() == 0 => {
            if let Some((name, _)) = stored {
                let _ = st.settings.storage.delete(&name).await;
            }
        }
        Ok(_) => {}
        Err(e) => tracing::error!(copy = id, error = %e, "data copy status not saved"),
    }
}

/// `GET /mes-donnees/export.zip?copie=N`: a copy of the signed-in login's
/// own; any other number is "introuvable".
pub async fn download(
    State(st): State<AppState>,
    session: Session,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let tenant = match crate::documents::ssr::download_tenant(&st, &session).await {
        Ok(t) => t,
        Err(res) => return res,
    };
    let id: i64 = q.get("copie").and_then(|v| v.parse().ok()).unwrap_or(-1);
    let row: Result<Option<(String,)>, sqlx::Error> = sqlx::query_as(
        "SELECT stored_name FROM data_export WHERE id = $1 AND login_id = $2 AND status = 'prete'",
    )
    .bind(id)
    .bind(tenant.login_id)
    .fetch_optional(&st.db.pool)
    .await;
    match row {
        Ok(Some((stored,))) => match st.settings.storage.get(&stored).await {
            Ok(bytes) => web::download(bytes, &format!("mes-donnees-{id}.zip"), "application/zip"),
            Err(e) => {
                tracing::error!(file = %stored, error = %e, "data copy missing from storage");
                crate::requests::ssr::download::not_found()
            }
        },
        Ok(None) => crate::requests::ssr::download::not_found(),
        Err(e) => {
            AppError::internal("data copy lookup", e);
            crate::documents::ssr::technical_problem()
        }
    }
}
