//! Health for the proxy and an orchestrator (docs/deploying.md): plain text,
//! outside the session, form and compression layers, so a probe every second
//! creates no session, writes no log line and costs next to nothing.
//! `GET /sante/vivant`: the process answers. `GET /sante/pret`: the database
//! answers with every migration applied, and attachments can be written; if
//! not, 503 and what is wrong, in French.
use app::infra::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub const ALIVE: &str = "/sante/vivant";
pub const READY: &str = "/sante/pret";

pub fn routes<S: Clone + Send + Sync + 'static>(app: AppState) -> Router<S> {
    Router::new()
        .route(ALIVE, get(alive))
        .route(READY, get(ready))
        .with_state(app)
}

async fn alive() -> Response {
    text(StatusCode::OK, "vivant\n".into())
}

async fn ready(State(app): State<AppState>) -> Response {
    let mut problems = vec![];
    match app.db.is_migrated().await {
        Ok(true) => {}
        Ok(false) => problems.push("base de données : migrations non appliquées"),
        Err(_) => problems.push("base de données injoignable"),
    }
    if app.settings.storage.writable().await.is_err() {
        problems.push("stockage des pièces jointes non inscriptible");
    }
    if problems.is_empty() {
        text(StatusCode::OK, "prêt\n".into())
    } else {
        text(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("pas prêt : {}\n", problems.join(" ; ")),
        )
    }
}

fn text(status: StatusCode, body: String) -> Response {
    let mut res = (status, body).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
