//! Fermer mon accès (RGPD art. 17): the tenant closes their own login.
//!
//! What goes: the login's address and password, its pending links, every
//! session. What stays: the account, its payments, mandates and requests,
//! which the landlord must keep (docs/privacy.md) and which name the login
//! row; so the row stays, with nothing personal in it. Registering again
//! with the same signatory reopens that row.
use super::flows::check_current_password;
use super::{queries, session};
use crate::domain::Email;
use crate::error::AppError;
use crate::forms::{FormOutcome, FormState};
use crate::infra::{AppState, audit, client_ip};
use crate::routes;
use tower_sessions::Session;

pub async fn close_access(
    st: &AppState,
    session: &Session,
    password: String,
    confirmed: bool,
) -> Result<FormOutcome, AppError> {
    let user = session::require(&st.db, session).await?;
    let mut form = FormState::default();
    if !confirmed {
        form.error(
            "confirmation",
            "Cochez la case pour confirmer que vous voulez fermer votre accès.",
        );
    }
    let row = check_current_password(st, &mut form, &user.email, password).await?;
    let Some(row) = row.filter(|_| form.is_ok()) else {
        return Ok(FormOutcome::Refused(form));
    };
    forget_copies(st, row.id).await?;
    let account_id = queries::close_login(&st.db, row.id).await?;
    audit::tenant(&st.db, "fermeture de l'accès", account_id, &client_ip()).await?;
    session::sign_out(session).await?;
    if let Ok(to) = Email::parse(&user.email) {
        st.mailer.send_later(
            &to,
            "Votre accès à l'Espace Locataire est fermé",
            farewell(st),
        );
    }
    Ok(FormOutcome::to(routes::notice("acces-ferme")))
}

/// The copies Mes données made for this login hold its personal data: gone
/// with it (file first; a file already gone is no failure).
async fn forget_copies(st: &AppState, login_id: i64) -> Result<(), AppError> {
    let files: Vec<(i64, Option<String>)> =
        sqlx::query_as("SELECT id, stored_name FROM data_export WHERE login_id = $1")
            .bind(login_id)
            .fetch_all(&st.db.pool)
            .await?;
    for (id, stored) in files {
        if let Some(name) = stored
            && let Err(e) = st.settings.storage.delete(&name).await
            && e.kind() != std::io::ErrorKind::NotFound
        {
            return Err(AppError::internal("closing: data copy not deleted", e));
        }
        sqlx::query("DELETE FROM data_export WHERE id = $1")
            .bind(id)
            .execute(&st.db.pool)
            .await?;
    }
    Ok(())
}

/// Sent to the address that was the login: if someone else closed it, the
/// tenant learns it and can register again.
fn farewell(st: &AppState) -> String {
    format!(
        "Bonjour,\n\nVotre accès à l'Espace Locataire vient d'être fermé à votre demande. \
         Votre identifiant et votre mot de passe ont été effacés ; votre compte client, \
         vos paiements et vos demandes restent connus de votre bailleur.\n\n\
         Vous pourrez à tout moment créer un nouvel accès avec « Inscription locataire » : {}\n\n\
         Si vous n'êtes pas à l'origine de cette fermeture, contactez votre agence.\n\n{}\n",
        st.settings.link(routes::REGISTER),
        st.settings.landlord_name
    )
}
