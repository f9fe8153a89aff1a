//! Server-side plumbing the server functions reach through context: the
//! database, the settings, the mailer. Built by the `server` crate at start.

pub mod db;
pub mod mail;
pub mod pdf;
pub mod settings;
pub mod web;

use crate::error::AppError;
use leptos::prelude::*;
use std::sync::Arc;

pub use db::Db;
pub use mail::Mailer;
pub use settings::Settings;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub mailer: Mailer,
}

/// The application state, provided to every render and server function.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| AppError::internal("context", "AppState missing"))
}

/// The visitor's session (tower-sessions, stored in the database).
pub async fn session() -> Result<tower_sessions::Session, AppError> {
    leptos_axum::extract::<tower_sessions::Session>()
        .await
        .map_err(|e| AppError::internal("session extractor", e))
}

/// The client's address, for throttling. Behind a reverse proxy the settings
/// say whether its `X-Forwarded-For` is trusted.
pub fn client_ip() -> String {
    let Some(parts) = use_context::<http::request::Parts>() else {
        return "inconnue".into();
    };
    let trusted_proxy = use_context::<AppState>().is_some_and(|s| s.settings.trust_proxy);
    let peer = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0);
    ip_from(&parts.headers, peer, trusted_proxy)
}

/// The same, for a plain axum handler (downloads, exports).
pub fn ip_from(
    headers: &http::HeaderMap,
    peer: Option<std::net::SocketAddr>,
    trusted_proxy: bool,
) -> String {
    let forwarded = headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|v| v.trim().to_string());
    match (forwarded, peer) {
        (Some(ip), _) if trusted_proxy => ip,
        (_, Some(peer)) => peer.ip().to_string(),
        _ => "inconnue".into(),
    }
}

/// Seconds since the epoch: every timestamp in the database is one of these.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Today's date for the landlord, in Europe/Paris.
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive()
}
