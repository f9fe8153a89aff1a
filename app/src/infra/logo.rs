//! `GET /logo`: the landlord's logo from the import (docs/import.md), at the
//! head of every page. Always an image: with none imported, a house drawn in
//! the portal's blue, so the header is the same on the server, after
//! hydration and without JS.

use super::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

const HOUSE: &[u8] = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><path d="M24 8 6 23h5v17h10V29h6v11h10V23h5z" fill="#00557f"/></svg>"##;

pub async fn logo(State(st): State<AppState>, headers: HeaderMap) -> Response {
    let stored: Result<Option<(String,)>, sqlx::Error> =
        sqlx::query_as("SELECT logo FROM landlord WHERE id = 1")
            .fetch_optional(&st.db.pool)
            .await;
    let name = match stored {
        Ok(row) => row.map(|r| r.0).unwrap_or_default(),
        Err(e) => {
            tracing::error!(error = %e, "logo lookup");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let etag = format!("\"{}\"", if name.is_empty() { "aucun" } else { &name });
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        return with_cache(StatusCode::NOT_MODIFIED.into_response(), &etag);
    }
    let (bytes, etag) = if name.is_empty() {
        (HOUSE.to_vec(), etag)
    } else {
        match tokio::fs::read(st.settings.documents_dir.join(&name)).await {
            Ok(b) => (b, etag),
            Err(e) => {
                tracing::error!(file = %name, error = %e, "logo missing from storage");
                (HOUSE.to_vec(), "\"aucun\"".to_string())
            }
        }
    };
    // From the bytes sent: a lost PNG falls back to the (SVG) house.
    let mime = if bytes.starts_with(b"\x89PNG") {
        "image/png"
    } else {
        "image/svg+xml"
    };
    let res = (
        [
            (header::CONTENT_TYPE, mime),
            // An SVG opened on its own runs nothing (the import refuses script too).
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; sandbox",
            ),
        ],
        bytes,
    )
        .into_response();
    with_cache(res, &etag)
}

/// Browsers keep it an hour, then ask again with the ETag (a 304 when the
/// import did not change it).
fn with_cache(mut res: Response, etag: &str) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    if let Ok(v) = HeaderValue::from_str(etag) {
        h.insert(header::ETAG, v);
    }
    res
}
