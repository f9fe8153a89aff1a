//! The form posts that carry files (see `forms::UploadForm`), for every area
//! whose form takes files: this module gathers them, the areas below it do
//! not know each other. Before the server reads a byte of the multipart
//! body, the page must be one that takes files and the sender a signed-in
//! tenant (`takes_files`, `sender`); then it reads the body
//! (`uploads::receive`), and the form named by its `__action` field checks
//! the rest and records the request. Whatever is not recorded has its stored
//! files removed: nothing half-saved.
use crate::auth::ssr::queries::Tenant;
use crate::error::AppError;
use crate::forms::{ACTION_FIELD, FormOutcome, FormState};
use crate::infra::AppState;
use crate::uploads::Received;
use tower_sessions::Session;

/// The pages whose forms carry files (their `__action`s are in `dispatch`).
/// A file post to any other address is refused before its body is read.
pub const FILE_PAGES: [&str; 4] = [
    crate::routes::CONTACT,
    crate::routes::CLAIMS,
    crate::routes::PERSONAL_INFO,
    crate::routes::INSURANCE,
];

pub fn takes_files(path: &str) -> bool {
    FILE_PAGES.contains(&path)
}

/// Who sends a file post, checked before its body is read: the signed-in
/// tenant, or the answer to give at once (Connexion for a visitor).
pub async fn sender(st: &AppState, session: &Session) -> Result<Tenant, FormOutcome> {
    match crate::auth::ssr::session::tenant(&st.db, session).await {
        Ok(tenant) => Ok(tenant),
        Err(AppError::NotSignedIn) => Err(FormOutcome::to(crate::routes::LOGIN)),
        Err(e) => Err(FormOutcome::Refused(FormState::general(e.to_string()))),
    }
}

/// Answers a file form post; `got` is what was read of it. The session is
/// checked again: it may have been closed while a long upload came in.
pub async fn handle(st: &AppState, session: &Session, got: Received) -> FormOutcome {
    let outcome = match sender(st, session).await {
        Ok(tenant) => dispatch(st, &tenant, &got)
            .await
            .unwrap_or_else(|e| FormOutcome::Refused(FormState::general(e.to_string()))),
        Err(outcome) => outcome,
    };
    remove_unrecorded(st, got).await;
    outcome
}

/// Whatever the path taken, a stored file that no recorded request points
/// to is removed: the database decides, not the code path.
async fn remove_unrecorded(st: &AppState, mut got: Received) {
    let mut kept = Vec::new();
    for f in &got.files {
        let found: Result<Option<(i64,)>, sqlx::Error> =
            sqlx::query_as("SELECT id FROM request_attachment WHERE stored_name = $1")
                .bind(&f.stored_name)
                .fetch_optional(&st.db.pool)
                .await;
        // When in doubt (database unreachable), keep the file.
        if !matches!(found, Ok(None)) {
            kept.push(f.stored_name.clone());
        }
    }
    got.files.retain(|f| !kept.contains(&f.stored_name));
    got.discard(&st.settings.storage).await;
}

async fn dispatch(st: &AppState, tenant: &Tenant, got: &Received) -> Result<FormOutcome, AppError> {
    if let Some(general) = &got.general {
        return Ok(FormOutcome::Refused(FormState::general(general.clone())));
    }
    match got.field(ACTION_FIELD) {
        "demande" => crate::requests::ssr::send_contact(st, tenant, got).await,
        "assurance" => crate::insurance::ssr::send(st, tenant, got).await,
        "reclamation" => crate::claims::ssr::create(st, tenant, got).await,
        "situation_familiale" => crate::personal_info::ssr::family(st, tenant, got).await,
        key => match key.strip_prefix("reponse-") {
            Some(claim) => crate::claims::ssr::reply(st, tenant, claim, got).await,
            None => Err(AppError::BadRequest),
        },
    }
}
