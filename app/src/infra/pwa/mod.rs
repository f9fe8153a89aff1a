//! Installable on a phone: the web app manifest, its icons, the service
//! worker (`sw.js`, at the root so that it covers every page) and the page
//! it shows without a network. The files are in the binary: nothing to
//! deploy beside it.
use super::{AppState, web};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub const MANIFEST: &str = "/manifest.webmanifest";
pub const SERVICE_WORKER: &str = "/sw.js";
pub const ICONS: &str = "/icones";
pub const OFFLINE: &str = "/hors-connexion";

const SW: &str = include_str!("sw.js");

/// (file name, bytes): the sizes phones ask for (Android 192 and 512, a
/// maskable one for its round and squircle masks, iOS 180).
const ICON_FILES: [(&str, &[u8]); 4] = [
    ("icone-180.png", include_bytes!("icone-180.png")),
    ("icone-192.png", include_bytes!("icone-192.png")),
    ("icone-512.png", include_bytes!("icone-512.png")),
    (
        "icone-masquable-512.png",
        include_bytes!("icone-masquable-512.png"),
    ),
];

pub async fn manifest(State(st): State<AppState>) -> Response {
    let body = serde_json::json!({
        "name": format!("Espace Locataire – {}", st.settings.landlord_name),
        "short_name": "Espace Locataire",
        "description": "Votre compte, vos paiements et vos demandes en ligne.",
        "lang": "fr",
        "dir": "ltr",
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#00557f",
        "icons": [
            { "src": format!("{ICONS}/icone-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any" },
            { "src": format!("{ICONS}/icone-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any" },
            { "src": format!("{ICONS}/icone-masquable-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "maskable" }
        ],
        "shortcuts": [
            { "name": "Je règle mon loyer en ligne", "short_name": "Payer", "url": crate::routes::PAYMENT,
              "icons": [{ "src": format!("{ICONS}/icone-192.png"), "sizes": "192x192" }] },
            { "name": "Nous contacter", "short_name": "Contact", "url": crate::routes::CONTACT,
              "icons": [{ "src": format!("{ICONS}/icone-192.png"), "sizes": "192x192" }] }
        ]
    });
    cached(
        body.to_string().into_response(),
        "application/manifest+json",
        "public, max-age=3600",
    )
}

pub async fn service_worker() -> Response {
    let mut res = cached(
        SW.into_response(),
        "text/javascript; charset=utf-8",
        // The browser checks for a new worker on every visit.
        "no-cache",
    );
    // The worker's own policy: it fetches from us only.
    res.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'"),
    );
    res
}

/// Inscription's picture: where the account number is on a rent notice.
const NOTICE_PICTURE: &str = include_str!("avis-echeance.svg");

pub async fn icon(Path(name): Path<String>) -> Response {
    if name == "avis-echeance.svg" {
        return cached(
            NOTICE_PICTURE.into_response(),
            "image/svg+xml",
            "public, max-age=86400",
        );
    }
    match ICON_FILES.iter().find(|(n, _)| *n == name) {
        Some((_, bytes)) => cached(bytes.into_response(), "image/png", "public, max-age=86400"),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// "Vous êtes hors connexion": plain HTML with our style sheet, no script,
/// no tenant data (the service worker keeps a copy).
pub async fn offline() -> Response {
    let mut res = web::simple_page(
        StatusCode::OK,
        "Vous êtes hors connexion",
        "Vous êtes hors connexion : l'Espace Locataire ne peut pas être joint pour le moment. \
         Vérifiez votre connexion (Wi-Fi ou données mobiles), puis réessayez. \
         Vos informations ne sont jamais conservées sur ce téléphone.",
        (crate::routes::HOME, "Réessayer"),
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

fn cached(mut res: Response, mime: &'static str, cache: &'static str) -> Response {
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    res
}
