//! Plain form posts (no JavaScript yet, or none at all). A form posts to its
//! own page with a hidden `__action` naming its server function; this runs
//! that server function and answers like a classic web app: a 303 redirect
//! when done, or the same page rendered again with what was typed and the
//! French errors (see `app::forms`). The framework's own plain-form handling,
//! which redirects to the Referer with an English error in the URL, is never used.
use crate::ServerState;
use crate::security::error_page;
use app::error::AppError;
use app::forms::{ACTION_FIELD, FormOutcome, FormState, SubmittedForm};
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::provide_context;

/// Largest form body accepted (the longest field is 200 characters).
const MAX_FORM_BYTES: usize = 64 * 1024;

pub async fn plain_form_posts(
    State(state): State<ServerState>,
    req: Request,
    next: Next,
) -> Response {
    if is_file_post(&req) {
        return crate::uploads::post(state, req).await;
    }
    if !is_plain_form_post(&req) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return error_page(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Le formulaire envoyé est trop volumineux.",
        );
    };
    let action = url::form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == ACTION_FIELD)
        .map(|(_, v)| v.into_owned())
        .filter(|a| a.starts_with("/api/") && a.parse::<axum::http::Uri>().is_ok());
    let Some(action) = action else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "Le formulaire envoyé est incomplet. Rechargez la page et recommencez.",
        );
    };
    let mut inner = Request::from_parts(parts.clone(), Body::from(bytes));
    *inner.uri_mut() = action.parse().expect("checked above");
    inner
        .headers_mut()
        .insert(header::ACCEPT, HeaderValue::from_static("application/json"));
    let ctx = state.context();
    let res = leptos_axum::handle_server_fns_with_context(ctx, inner)
        .await
        .into_response();
    match read_outcome(res).await {
        FormOutcome::Redirect(to) if to.starts_with('/') && !to.starts_with("//") => {
            Redirect::to(&to).into_response()
        }
        FormOutcome::Redirect(_) => error_page(StatusCode::BAD_REQUEST, "Redirection refusée."),
        FormOutcome::Refused(form) => render_again(state, parts, action, form).await,
    }
}

/// A form with files, posted to one of the tenant's pages.
fn is_file_post(req: &Request) -> bool {
    let path = req.uri().path();
    req.method() == Method::POST
        && crate::uploads::is_multipart(req.headers())
        && !path.starts_with("/api/")
        && !app::routes::is_signed_route(path)
}

fn is_plain_form_post(req: &Request) -> bool {
    let form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let path = req.uri().path();
    req.method() == Method::POST
        && form
        && !path.starts_with("/api/")
        && !app::routes::is_signed_route(path)
}

/// The server function's answer; its error, if any, as a general message.
async fn read_outcome(res: Response) -> FormOutcome {
    let ok = res.status().is_success();
    let body = to_bytes(res.into_body(), 1024 * 1024)
        .await
        .unwrap_or_default();
    if let Some(outcome) = ok
        .then(|| serde_json::from_slice::<FormOutcome>(&body).ok())
        .flatten()
    {
        return outcome;
    }
    let err = serde_json::from_slice::<AppError>(&body).unwrap_or(AppError::Internal);
    FormOutcome::Refused(FormState::general(err.to_string()))
}

/// The page the form was on, rendered as for a GET, with the refused form in context.
pub(crate) async fn render_again(
    state: ServerState,
    mut parts: axum::http::request::Parts,
    action: String,
    form: FormState,
) -> Response {
    parts.method = Method::GET;
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    let ctx = state.context();
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            ctx();
            provide_context(SubmittedForm {
                action: action.clone(),
                state: form.clone(),
            });
        },
        move || app::shell(options.clone()),
    );
    let mut res = handler(Request::from_parts(parts, Body::empty()))
        .await
        .into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
