//! The back office's server side. Every server function goes through
//! [`with_staff`]: no staff session, no data.
pub mod accounts;
pub mod audit;
pub mod collections;
pub mod direct_debit;
pub mod download;
pub mod erp_export;
pub mod inbox;
pub mod payments;
pub mod second_factor;
pub mod staff;
pub mod team;
pub mod tenants;

use crate::error::AppError;
use crate::forms::{FormOutcome, FormState};
use crate::infra::{AppState, client_ip, session, state};
use staff::Staff;

/// Runs `f` for the signed-in staff member; a tenant or a visitor gets
/// `NotSignedIn` (the page then sends them to the staff sign-in).
pub async fn with_staff<T, F, Fut>(f: F) -> Result<T, AppError>
where
    F: FnOnce(AppState, Staff) -> Fut,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    let st = state()?;
    let me = staff::current(&st.db, &session().await?).await?;
    f(st, me).await
}

pub async fn sign_in(email: &str, password: &str, code: &str) -> Result<FormOutcome, AppError> {
    let st = state()?;
    let ip = client_ip();
    let mut form = FormState::default();
    form.keep("email", email);
    match accounts::verify(&st.db, email, password, code, &ip).await? {
        Ok((id, epoch)) => {
            staff::sign_in(&session().await?, id, epoch).await?;
            let me = staff::current(&st.db, &session().await?).await?;
            audit::log(&st.db, &me, "connexion", None, "", &ip).await?;
            Ok(FormOutcome::to(super::HOME))
        }
        Err(msg) => {
            form.general = Some(msg);
            Ok(FormOutcome::Refused(form))
        }
    }
}
