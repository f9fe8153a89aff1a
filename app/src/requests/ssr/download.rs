//! `GET /pieces-jointes/{id}`: an attachment, to the tenant whose account
//! sent it. Anyone else gets the same page as for an id that does not exist.
use crate::documents::ssr::{download_tenant, technical_problem};
use crate::infra::{AppState, web};
use crate::uploads::FileKind;
use axum::extract::{Path, State};
use axum::response::Response;
use tower_sessions::Session;

pub async fn attachment(
    State(st): State<AppState>,
    session: Session,
    Path(public_id): Path<String>,
) -> Response {
    let tenant = match download_tenant(&st, &session).await {
        Ok(t) => t,
        Err(res) => return res,
    };
    let row: Result<Option<(String, String, String)>, sqlx::Error> = sqlx::query_as(
        "SELECT f.display_name, f.stored_name, f.mime FROM request_attachment f
         JOIN tenant_request r ON r.id = f.request_id
         WHERE f.public_id = $1 AND r.account_id = $2",
    )
    .bind(&public_id)
    .bind(tenant.account_id)
    .fetch_optional(&st.db.pool)
    .await;
    match row {
        Ok(Some((name, stored, mime))) => send(&st, &name, &stored, &mime).await,
        Ok(None) => not_found(),
        Err(e) => {
            tracing::error!(error = %e, "attachment lookup");
            technical_problem()
        }
    }
}

/// The file, with the type its content was found to have.
pub async fn send(st: &AppState, name: &str, stored: &str, mime: &str) -> Response {
    match st.settings.storage.get(stored).await {
        Ok(bytes) => {
            let mime = [FileKind::Pdf, FileKind::Jpeg, FileKind::Png, FileKind::Heic]
                .into_iter()
                .find(|k| k.mime() == mime)
                .map(FileKind::mime)
                .unwrap_or("application/octet-stream");
            web::download(bytes, name, mime)
        }
        Err(e) => {
            tracing::error!(file = stored, error = %e, "attachment missing from storage");
            technical_problem()
        }
    }
}

pub fn not_found() -> Response {
    web::simple_page(
        axum::http::StatusCode::NOT_FOUND,
        "Document introuvable",
        "Ce document n'existe pas, ou il n'est pas rattaché à votre compte.",
        (crate::routes::HOME, "Retour à l'accueil"),
    )
}
