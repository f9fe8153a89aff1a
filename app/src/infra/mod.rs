//! Server-side plumbing the server functions reach through context: the
//! database, the settings, the mailer. Built by the `server` crate at start.

pub mod audit;
pub mod dates;
pub mod db;
pub mod logo;
pub mod mail;
pub mod mail_queue;
pub mod pdf;
pub mod pwa;
pub mod settings;
pub mod web;

use crate::error::AppError;
use leptos::prelude::*;
use std::sync::Arc;

pub use dates::{french_date, iso, now, paris_day, paris_time, today};
pub use db::Db;
pub use mail::Mailer;
pub use settings::Settings;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    /// Behind an Arc: the state is cloned for every request and every
    /// `state()` call, and a mailer holds strings and paths.
    pub mailer: Arc<Mailer>,
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

/// The client's address, for throttling and the audit log. Behind reverse
/// proxies the settings say how many of them to trust (`proxy_hops`).
pub fn client_ip() -> String {
    let Some(parts) = use_context::<http::request::Parts>() else {
        return "inconnue".into();
    };
    let hops = use_context::<AppState>().map_or(0, |s| s.settings.proxy_hops);
    let peer = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0);
    ip_from(&parts.headers, peer, hops)
}

/// The same, for a plain axum handler (downloads, exports, the bank's
/// notification). Each proxy appends the address it received the request
/// from to `X-Forwarded-For`; what the client wrote itself is on the left
/// and is never believed. With `hops` trusted proxies, the client is the
/// `hops`-th entry from the right. Without a trusted proxy, or when the
/// header is short of that (the request did not come through them), or the
/// entry is not an address, the connection's own peer is the answer.
pub fn ip_from(
    headers: &http::HeaderMap,
    peer: Option<std::net::SocketAddr>,
    hops: usize,
) -> String {
    let forwarded = (hops > 0)
        .then(|| {
            let entries: Vec<&str> = headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .map(str::trim)
                .collect();
            let index = entries.len().checked_sub(hops)?;
            entries[index].parse::<std::net::IpAddr>().ok()
        })
        .flatten();
    match (forwarded, peer) {
        (Some(ip), _) => ip.to_string(),
        (None, Some(peer)) => peer.ip().to_string(),
        (None, None) => "inconnue".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::ip_from;

    fn with(xff: &[&str]) -> http::HeaderMap {
        let mut h = http::HeaderMap::new();
        for v in xff {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    #[test]
    fn the_address_is_the_one_the_trusted_proxy_added_never_the_clients_own() {
        let peer = Some("10.0.0.5:443".parse().unwrap());
        // The client forged "1.2.3.4"; the proxy appended the real 203.0.113.9.
        let forged = with(&["1.2.3.4, 203.0.113.9"]);
        assert_eq!(ip_from(&forged, peer, 1), "203.0.113.9");
        assert_eq!(ip_from(&forged, peer, 0), "10.0.0.5");
        // Two proxies: a CDN then ours; the client is second from the right.
        let two = with(&["1.2.3.4", "203.0.113.9, 198.51.100.7"]);
        assert_eq!(ip_from(&two, peer, 2), "203.0.113.9");
        // Shorter than the hops, absent, or not an address: the peer.
        assert_eq!(ip_from(&with(&["203.0.113.9"]), peer, 2), "10.0.0.5");
        assert_eq!(ip_from(&with(&[]), peer, 1), "10.0.0.5");
        assert_eq!(ip_from(&with(&["1.2.3.4, nimporte"]), peer, 1), "10.0.0.5");
        assert_eq!(ip_from(&with(&[]), None, 1), "inconnue");
    }
}
