//! While the database is away (PostgreSQL restarting, the network between),
//! a page answers a French "come back shortly" with 503 and `Retry-After`,
//! never a blank page or a framework's English 500; the pool reconnects by
//! itself when the database is back, without restarting the instance.
use crate::ServerState;
use app::infra::db::{self, UNAVAILABLE_HEADER};
use app::infra::web::simple_page;
use axum::extract::Request;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

const PROBE: std::time::Duration = std::time::Duration::from_secs(1);

pub const MESSAGE: &str = "Le service est momentanément indisponible. Merci de réessayer dans quelques minutes : ce que vous aviez enregistré est conservé.";

pub async fn page(State(state): State<ServerState>, req: Request, next: Next) -> Response {
    // Server functions called by the hydrated page keep their JSON error.
    let wants_html = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.contains("text/html") || v.contains("*/*"));
    // Seen away lately: one quick look before running a page whose every
    // query would wait for a connection.
    if db::recently_away() {
        let probe = sqlx::query("SELECT 1").execute(&state.app.db.pool);
        let answers = matches!(tokio::time::timeout(PROBE, probe).await, Ok(Ok(_)));
        db::seen_away(!answers);
        if !answers && wants_html {
            return answer(MESSAGE);
        }
    }
    let mut res = next.run(req).await;
    let marked = res.headers_mut().remove(UNAVAILABLE_HEADER).is_some();
    // The session layer, when the store does not answer, gives an empty 500
    // before any page runs: the database is the only thing it waits for.
    let bare = res.status() == StatusCode::INTERNAL_SERVER_ERROR
        && !res.headers().contains_key(header::CONTENT_TYPE);
    if (marked || bare) && wants_html {
        return answer(MESSAGE);
    }
    res
}

/// The 503 page, with `Retry-After` (also for a request past its deadline).
pub fn answer(message: &str) -> Response {
    let mut page = simple_page(
        StatusCode::SERVICE_UNAVAILABLE,
        "Service momentanément indisponible",
        message,
        ("/", "Réessayer"),
    );
    page.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
    page
}
