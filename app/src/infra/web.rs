//! Plain HTTP answers for the routes that are not Leptos pages: downloads,
//! and the small French pages they show when they refuse.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

/// Text made safe inside HTML text and double-quoted attributes.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A small French page: a title, a message, a way back. Used where the app
/// does not render (downloads, refusals before routing).
pub fn simple_page(status: StatusCode, title: &str, message: &str, back: (&str, &str)) -> Response {
    let esc = escape;
    let body = format!(
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>{t} – Espace Locataire</title>\
         <link rel=\"stylesheet\" href=\"/pkg/app.css\"></head><body><main id=\"contenu\" class=\"simple-page\"><h1>{t}</h1>\
         <p class=\"alert alert-error\" role=\"alert\">{m}</p><p><a class=\"button\" href=\"{href}\">{label}</a></p>\
         </main></body></html>",
        t = esc(title),
        m = esc(message),
        href = esc(back.0),
        label = esc(back.1),
    );
    let mut res = (status, Html(body)).into_response();
    res.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'"),
    );
    res
}

/// The same page for a document that does not exist and for one that is not
/// the tenant's: nothing tells one from the other.
pub fn document_not_found() -> Response {
    simple_page(
        StatusCode::NOT_FOUND,
        "Document introuvable",
        "Ce document est introuvable. Retrouvez vos documents dans la rubrique Documents divers.",
        (crate::routes::DOCUMENTS, "Documents divers"),
    )
}

/// A PDF to save, never cached by a shared cache.
pub fn pdf(bytes: Vec<u8>, file_name: &str) -> Response {
    download(bytes, file_name, "application/pdf")
}

/// A private file, always saved rather than shown inline (a tenant's upload
/// is never rendered by the browser from our origin). The name is given
/// plainly in ASCII and exactly in RFC 5987 form, for accents.
pub fn download(bytes: Vec<u8>, file_name: &str, mime: &'static str) -> Response {
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect::<String>()
        .replace(['"', '\\', '/'], "_");
    let exact: String = url::form_urlencoded::byte_serialize(file_name.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{exact}");
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// 303 to `location` (after a GET form whose input was refused).
pub fn see_other(location: &str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}
