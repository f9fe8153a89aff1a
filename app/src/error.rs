//! The one error type server functions return. Expected refusals are not
//! errors (they are `FormOutcome::Refused`); these are what is left.
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Votre session a expiré ou vous n'êtes pas connecté. Merci de vous reconnecter.")]
    NotSignedIn,
    #[error("Le formulaire envoyé est incomplet ou illisible. Merci de recharger la page.")]
    BadRequest,
    #[error("Une erreur technique est survenue. Merci de réessayer dans quelques instants.")]
    Internal,
    /// The same answer for what does not exist and what the user may not see.
    #[error("Introuvable : cette page n'existe pas, ou vous n'y avez pas accès.")]
    NotFound,
    /// Too many expensive checks (password hashing) at this instant: said at
    /// once rather than queueing without limit.
    #[error("Trop de demandes en ce moment. Merci de réessayer dans quelques instants.")]
    Busy,
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => Self::BadRequest,
            _ => Self::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Logs an infrastructure failure with its context; the tenant only ever
    /// sees the French `Internal` message.
    pub fn internal(context: &str, err: impl std::fmt::Display) -> Self {
        tracing::error!(context, error = %err, "internal error");
        Self::Internal
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        crate::infra::db::mark_if_unavailable(&err);
        Self::internal("database", err)
    }
}
