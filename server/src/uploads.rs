//! Form posts that carry files (`multipart/form-data`, see
//! `app::forms::UploadForm`). Before a byte of the body is read: the page
//! must take files, the sender must be a signed-in tenant (a visitor is sent
//! to Connexion at once, the body left unread), and a place must be free
//! among the uploads running (`Gates`; none free: a French "try again"
//! at once, never a queue). Then the body is read as it streams in, within
//! the configured limits, and answered like the plain form posts of
//! `forms.rs`: a 303 redirect, or the page again with the French errors; or,
//! for the enhanced form (Accept: application/json), the same outcome as JSON.
use crate::ServerState;
use crate::security::error_page;
use app::file_posts as file_post;
use app::forms::{ACTION_FIELD, FormOutcome, FormState};
use app::uploads::Limits;
use axum::Json;
use axum::extract::Request;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tower_sessions::Session;

/// Said under a refused form sent without JavaScript: browsers never keep a
/// chosen file across pages.
const CHOOSE_AGAIN: &str = "Rien n'a été enregistré. Corrigez ce qui est signalé, puis choisissez de nouveau vos fichiers.";

const BUSY: &str = "Trop d'envois de fichiers sont en cours. Attendez que vos autres envois se terminent, puis recommencez dans quelques instants.";

const NOT_HERE: &str = "Cette page ne reçoit pas de fichiers.";

/// What all the uploads running at once on an instance may cost: each holds
/// at most one file in memory and writes at most the per-request limit to
/// storage, so the count allowed is this over the per-request limit (8 with
/// the default 25 MB).
const BUDGET: u64 = 200 * 1024 * 1024;
const MIN_AT_ONCE: u64 = 2;
const MAX_AT_ONCE: u64 = 64;

/// Uploads at once from one session: one form at a time, and room for a
/// second tab.
pub const PER_SESSION: usize = 2;

/// The places among the uploads running on this instance, in all and per
/// session. The per-session count lives in this process only: what it
/// bounds is this instance's memory and disk, so that is enough (behind a
/// load balancer, each instance applies it to what reaches it).
#[derive(Clone)]
pub struct Gates {
    instance: Arc<Semaphore>,
    sessions: Arc<Mutex<HashMap<String, usize>>>,
}

impl Gates {
    pub fn new(limits: &Limits) -> Self {
        Self {
            instance: Arc::new(Semaphore::new(Self::size(limits))),
            sessions: Arc::default(),
        }
    }

    /// How many uploads may run at once on the instance.
    pub fn size(limits: &Limits) -> usize {
        (BUDGET / limits.per_request.max(1)).clamp(MIN_AT_ONCE, MAX_AT_ONCE) as usize
    }

    /// A place for one more upload of `session`, or None at once when full.
    fn enter(&self, session: String) -> Option<Pass> {
        let permit = self.instance.clone().try_acquire_owned().ok()?;
        let mut counts = self.sessions.lock().unwrap_or_else(PoisonError::into_inner);
        let running = counts.entry(session.clone()).or_insert(0);
        if *running >= PER_SESSION {
            return None;
        }
        *running += 1;
        Some(Pass {
            sessions: self.sessions.clone(),
            session,
            _permit: permit,
        })
    }
}

/// Held while an upload runs, even when the client goes away mid-way (the
/// request's future is dropped): its places are given back on drop.
struct Pass {
    sessions: Arc<Mutex<HashMap<String, usize>>>,
    session: String,
    _permit: OwnedSemaphorePermit,
}

impl Drop for Pass {
    fn drop(&mut self) {
        let mut counts = self.sessions.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(running) = counts.get_mut(&self.session) {
            *running = running.saturating_sub(1);
            if *running == 0 {
                counts.remove(&self.session);
            }
        }
    }
}

pub fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
}

pub async fn post(state: ServerState, req: Request) -> Response {
    let json = wants_json(req.headers());
    let (parts, body) = req.into_parts();
    let (boundary, session, _pass) = match admit(&state, &parts, json).await {
        Ok(admitted) => admitted,
        Err(answer) => return unread(answer),
    };
    let settings = &state.app.settings;
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
    let outcome = file_post::handle(&state.app, &session, got).await;
    answer(state, parts, json, action, had_files, outcome).await
}

/// Everything checked before the body is read: the form, the page, the
/// sender, a free place. Err: the answer to give at once.
async fn admit(
    state: &ServerState,
    parts: &Parts,
    json: bool,
) -> Result<(String, Session, Pass), Response> {
    let boundary = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(app::uploads::boundary);
    let (Some(boundary), Some(session)) = (boundary, parts.extensions.get::<Session>().cloned())
    else {
        return Err(error_page(
            StatusCode::BAD_REQUEST,
            "Le formulaire envoyé est incomplet. Rechargez la page et recommencez.",
        ));
    };
    if !file_post::takes_files(parts.uri.path()) {
        return Err(error_page(StatusCode::NOT_FOUND, NOT_HERE));
    }
    let tenant = file_post::sender(&state.app, &session)
        .await
        .map_err(|outcome| early(json, outcome))?;
    let key = session.id().map_or_else(
        || format!("compte-{}", tenant.login_id),
        |id| id.to_string(),
    );
    let pass = state.uploads.enter(key).ok_or_else(|| busy(json))?;
    Ok((boundary, session, pass))
}

/// An answer given with the body unread: the connection is not reused
/// (what is left of the body is never read), and the client is told so.
fn unread(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    res
}

/// A visitor (sent to Connexion) or a failure to check the session.
fn early(json: bool, outcome: FormOutcome) -> Response {
    if json {
        return Json(outcome).into_response();
    }
    match outcome {
        FormOutcome::Redirect(to) => Redirect::to(&to).into_response(),
        FormOutcome::Refused(form) => {
            let message = form
                .general
                .unwrap_or_else(|| app::error::AppError::Internal.to_string());
            error_page(StatusCode::SERVICE_UNAVAILABLE, &message)
        }
    }
}

fn busy(json: bool) -> Response {
    if json {
        // The enhanced form reads the outcome whatever the status.
        let outcome = FormOutcome::Refused(FormState::general(BUSY));
        return (StatusCode::TOO_MANY_REQUESTS, Json(outcome)).into_response();
    }
    error_page(StatusCode::TOO_MANY_REQUESTS, BUSY)
}

async fn answer(
    state: ServerState,
    parts: Parts,
    json: bool,
    action: String,
    had_files: bool,
    outcome: FormOutcome,
) -> Response {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_counted_per_session_and_in_all_and_given_back() {
        let gates = Gates::new(&Limits {
            per_file: 50 * 1024 * 1024,
            files: 3,
            per_request: 100 * 1024 * 1024,
        });
        let a1 = gates.enter("a".into()).expect("a first");
        let b1 = gates.enter("b".into()).expect("b first");
        assert!(gates.enter("c".into()).is_none(), "two in all");
        drop(b1);
        let a2 = gates.enter("a".into()).expect("a second");
        assert!(gates.enter("a".into()).is_none(), "full");
        drop((a1, a2));
        let many = Gates::new(&Limits::default());
        assert_eq!(Gates::size(&Limits::default()), 8);
        let _x = many.enter("x".into()).expect("x first");
        let _y = many.enter("x".into()).expect("x second");
        assert!(many.enter("x".into()).is_none(), "two per session");
        assert!(many.enter("y".into()).is_some(), "another session");
        assert!(gates.sessions.lock().unwrap().is_empty(), "all given back");
    }
}
