//! `GET /paiement/statut/{numero}`: the status of one of the signed-in
//! tenant's payments, as a small JSON answer (`{"statut":"en_cours"}`). The
//! hydrated return page polls it instead of reloading itself. Another
//! tenant's payment answers the same 404 as an unknown one.
use super::store;
use crate::documents::ssr::download_tenant;
use crate::infra::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

pub async fn status(
    State(st): State<AppState>,
    session: Session,
    Path(number): Path<String>,
) -> Response {
    let tenant = match download_tenant(&st, &session).await {
        Ok(t) => t,
        Err(_) => return answer(StatusCode::UNAUTHORIZED, "non_connecte"),
    };
    let Ok(id) = number.parse::<i64>() else {
        return answer(StatusCode::NOT_FOUND, "introuvable");
    };
    match store::by_id(&st.db, id).await {
        Ok(Some(p)) if p.account_id == tenant.account_id => answer(StatusCode::OK, &p.status),
        Ok(_) => answer(StatusCode::NOT_FOUND, "introuvable"),
        Err(_) => answer(StatusCode::SERVICE_UNAVAILABLE, "indisponible"),
    }
}

fn answer(code: StatusCode, status: &str) -> Response {
    (code, Json(serde_json::json!({ "statut": status }))).into_response()
}
