//! `GET /gestion/pieces-jointes/{id}`: an attachment, opened in the browser
//! for staff who may see its request (PDF and images inline, in a sandbox:
//! a tenant's file never runs script on our origin).
use super::audit;
use super::staff::{self, Staff};
use crate::infra::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use tower_sessions::Session;

pub const PREFIX: &str = "/gestion/pieces-jointes/";

pub fn not_found() -> Response {
    crate::infra::web::simple_page(
        axum::http::StatusCode::NOT_FOUND,
        "Introuvable",
        "Cette page n'existe pas, ou vous n'y avez pas accès.",
        (crate::back_office::HOME, "Retour à la boîte de réception"),
    )
}

async fn allowed(
    st: &AppState,
    me: &Staff,
    public_id: &str,
) -> Option<(String, String, String, i64)> {
    let row: Option<(String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT f.display_name, f.stored_name, f.mime, a.id, a.agency_id FROM request_attachment f
         JOIN tenant_request r ON r.id = f.request_id JOIN client_account a ON a.id = r.account_id
         WHERE f.public_id = $1",
    )
    .bind(public_id)
    .fetch_optional(&st.db.pool)
    .await
    .ok()
    .flatten();
    row.filter(|r| me.handles_requests() && me.sees_agency(r.4))
        .map(|(n, s, m, a, _)| (n, s, m, a))
}

pub async fn attachment(
    State(st): State<AppState>,
    session: Session,
    Path(public_id): Path<String>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    headers: axum::http::HeaderMap,
) -> Response {
    let Ok(me) = staff::current(&st.db, &session).await else {
        return crate::infra::web::see_other(crate::back_office::LOGIN);
    };
    let Some((name, stored, mime, account)) = allowed(&st, &me, &public_id).await else {
        return not_found();
    };
    let ip = crate::infra::ip_from(&headers, Some(peer), st.settings.proxy_hops);
    let _ = audit::log(
        &st.db,
        &me,
        "ouverture pièce jointe",
        Some(account),
        &name,
        &ip,
    )
    .await;
    let mut res = crate::requests::ssr::download::send(&st, &name, &stored, &mime).await;
    if res.status().is_success() {
        let h = res.headers_mut();
        h.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("inline"),
        );
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
            ),
        );
        h.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
    }
    res
}
