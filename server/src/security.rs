//! Headers on every response, the page's Content Security Policy, and the
//! same-origin rule for every state-changing request (CSRF protection).
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use leptos::prelude::*;

use crate::ServerState;

/// For pages: scripts only from us or carrying this response's nonce
/// (Leptos's hydration script), WASM allowed, nothing framed, forms only to us.
pub fn page_csp() {
    let (Some(nonce), Some(res)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let dev_reload = if crate::config::watching() {
        " ws://127.0.0.1:3001 ws://localhost:3001"
    } else {
        ""
    };
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'{dev_reload}; font-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&csp) {
        res.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// Headers every response carries; a strict CSP for what is not a page.
pub async fn headers(State(state): State<ServerState>, req: Request, next: Next) -> Response {
    let built_file = req.uri().path().starts_with("/pkg/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    // Pages and server-function answers hold a tenant's data: no browser or
    // shared cache keeps them (the back button then asks again). Built files
    // keep their own caching.
    if !built_file {
        h.entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-store"));
    }
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(
            "default-src 'none'; frame-ancestors 'none'",
        ));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if state.secure_cookies {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    res
}

/// Refuses a state-changing request that does not come from our own pages:
/// its `Origin` (or, failing that, `Sec-Fetch-Site`) must say so.
pub async fn same_origin(State(state): State<ServerState>, req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    // The bank's notification and the test bank's pages come from elsewhere
    // by design; their signature is their proof.
    let signed = app::routes::is_signed_route(req.uri().path());
    if safe || signed || is_same_origin(req.headers(), &state.base_url) {
        return next.run(req).await;
    }
    tracing::warn!(path = %req.uri().path(), origin = ?req.headers().get(header::ORIGIN), "cross-origin request refused");
    error_page(
        StatusCode::FORBIDDEN,
        "Cette demande n'a pas été acceptée, car elle ne provient pas d'une page de l'espace locataire. \
         Revenez à la page précédente, rechargez-la et recommencez.",
    )
}

fn is_same_origin(headers: &HeaderMap, base_url: &str) -> bool {
    let get = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    if let Some(origin) = get(header::ORIGIN) {
        let host = get(header::HOST).unwrap_or_default();
        let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or_default();
        return origin == base_url || (!host.is_empty() && origin_host == host);
    }
    get(header::HeaderName::from_static("sec-fetch-site")).is_some_and(|s| s == "same-origin")
}

/// A small French page for refusals that happen before the app renders.
pub fn error_page(status: StatusCode, message: &str) -> Response {
    app::infra::web::simple_page(
        status,
        "Demande refusée",
        message,
        ("/", "Retour à l'accueil"),
    )
}
