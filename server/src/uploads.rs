//! Form posts that carry files (`multipart/form-data`, see
//! `app::forms::UploadForm`): read as they stream in, within the configured
//! limits, then answered like the plain form posts of `forms.rs`: a 303
//! redirect, or the page again with the French errors; or, for the
//! enhanced form (Accept: application/json), the same outcome as JSON.
use crate::ServerState;
use crate::security::error_page;
use app::forms::{ACTION_FIELD, FormOutcome};
use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

/// Said under a refused form sent without JavaScript: browsers never keep a
/// chosen file across pages.
const CHOOSE_AGAIN: &str = "Rien n'a été enregistré. Corrigez ce qui est signalé, puis choisissez de nouveau vos fichiers.";

pub fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
}

pub async fn post(state: ServerState, req: Request) -> Response {
    let json = wants_json(req.headers());
    let boundary = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(app::uploads::boundary);
    let (parts, body) = req.into_parts();
    let (Some(boundary), Some(session)) = (boundary, parts.extensions.get::<Session>().cloned())
    else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "Le formulaire envoyé est incomplet. Rechargez la page et recommencez.",
        );
    };
    let st = &state.app;
    let settings = &st.settings;
    let got =
        match app::uploads::receive(body, boundary, &settings.upload_limits, &settings.storage)
            .await
        {
            Ok(got) => got,
            Err(e) => {
                return error_page(StatusCode::SERVICE_UNAVAILABLE, &e.to_string());
            }
        };
    let action = got.field(ACTION_FIELD).to_string();
    let had_files = !got.files.is_empty() || !got.refusals.is_empty();
    let outcome = app::requests::ssr::post::handle(st, &session, got).await;
    if json {
        return Json(outcome).into_response();
    }
    match outcome {
        FormOutcome::Redirect(to) if to.starts_with('/') && !to.starts_with("//") => {
            Redirect::to(&to).into_response()
        }
        FormOutcome::Redirect(_) => error_page(StatusCode::BAD_REQUEST, "Redirection refusée."),
        FormOutcome::Refused(mut form) => {
            if had_files && form.general.is_none() {
                form.general = Some(CHOOSE_AGAIN.into());
            }
            crate::forms::render_again(state, parts, action, form).await
        }
    }
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}
