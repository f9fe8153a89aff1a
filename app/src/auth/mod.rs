//! Sign-up (two steps and activation), sign-in, password reset, password and
//! identifier changes, sign-out. Server functions here; pages in `pages/`;
//! server-only logic in `ssr/`.
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

use crate::error::AppError;
use crate::forms::FormOutcome;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::infra::{session, state};
#[cfg(feature = "ssr")]
use ssr::flows;

/// The signed-in tenant as the pages see it. Deliberately holds no secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub login_id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub account_number: String,
    /// "Logement 0012345": the lease the pages refer to.
    pub lease: Option<String>,
    /// Every open lease of the account: (reference, "Logement 0012345"),
    /// for the header's choice when there are several.
    pub leases: Vec<(String, String)>,
}

#[server(endpoint = "moi")]
pub async fn current_user() -> Result<Option<SignedIn>, AppError> {
    let st = state()?;
    ssr::session::current(&st.db, &session().await?).await
}

/// The anti-robot question of the registration form and its signed token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    pub question: String,
    pub token: String,
}

/// What following a mailed link gave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkResult {
    Done,
    Refused(String),
}

#[server(endpoint = "anti_robot")]
pub async fn new_captcha() -> Result<Challenge, AppError> {
    Ok(ssr::captcha::new_challenge(&state()?.settings.secret))
}

#[server(endpoint = "inscription_etape_1")]
pub async fn register_step1(
    account_number: String,
    last_name: String,
    first_name: String,
    birth_date: String,
    captcha_answer: String,
    captcha_token: String,
    #[server(default)] website: String,
) -> Result<FormOutcome, AppError> {
    let step = flows::Step1 {
        account_number,
        last_name,
        first_name,
        birth_date,
        captcha_answer,
        captcha_token,
        website,
    };
    flows::register_step1(&state()?, &session().await?, step).await
}

#[server(endpoint = "inscription_etape_2")]
pub async fn register_step2(
    email: String,
    email_confirm: String,
    password: String,
    password_confirm: String,
    #[server(default)] cgu: Option<String>,
) -> Result<FormOutcome, AppError> {
    let step = flows::Step2 {
        email,
        email_confirm,
        password,
        password_confirm,
        cgu: cgu.is_some(),
    };
    flows::register_step2(&state()?, &session().await?, step).await
}

#[server(endpoint = "activation")]
pub async fn activate(jeton: String) -> Result<LinkResult, AppError> {
    Ok(match flows::activate(&state()?, &jeton).await? {
        Ok(()) => LinkResult::Done,
        Err(problem) => LinkResult::Refused(flows::token_message(problem).into()),
    })
}

#[server(endpoint = "nouveau_lien")]
pub async fn resend_activation(email: String) -> Result<FormOutcome, AppError> {
    flows::mail_link(&state()?, email, "activation").await
}

#[server(endpoint = "connexion")]
pub async fn login(email: String, password: String) -> Result<FormOutcome, AppError> {
    flows::login(&state()?, &session().await?, email, password).await
}

#[server(endpoint = "deconnexion")]
pub async fn logout() -> Result<FormOutcome, AppError> {
    ssr::session::sign_out(&session().await?).await?;
    Ok(FormOutcome::to(crate::routes::LOGIN))
}

#[server(endpoint = "mot_de_passe_oublie")]
pub async fn forgot_password(email: String) -> Result<FormOutcome, AppError> {
    flows::mail_link(&state()?, email, "password_reset").await
}

/// Whether a reset link can still be used, to show its form or say why not.
#[server(endpoint = "lien_reinitialisation")]
pub async fn check_reset_link(jeton: String) -> Result<LinkResult, AppError> {
    let st = state()?;
    let hashed = ssr::tokens::hash(&jeton);
    Ok(
        match ssr::queries::peek_token(&st.db, "password_reset", &hashed).await? {
            Ok(_) => LinkResult::Done,
            Err(problem) => LinkResult::Refused(flows::token_message(problem).into()),
        },
    )
}

#[server(endpoint = "reinitialisation")]
pub async fn reset_password(
    jeton: String,
    password: String,
    password_confirm: String,
) -> Result<FormOutcome, AppError> {
    flows::reset_password(
        &state()?,
        &session().await?,
        jeton,
        password,
        password_confirm,
    )
    .await
}

#[server(endpoint = "changement_mot_de_passe")]
pub async fn change_password(
    current_password: String,
    password: String,
    password_confirm: String,
) -> Result<FormOutcome, AppError> {
    flows::change_password(
        &state()?,
        &session().await?,
        current_password,
        password,
        password_confirm,
    )
    .await
}

#[server(endpoint = "changement_identifiant")]
pub async fn change_email(
    email: String,
    email_confirm: String,
    current_password: String,
) -> Result<FormOutcome, AppError> {
    flows::change_email(
        &state()?,
        &session().await?,
        email,
        email_confirm,
        current_password,
    )
    .await
}

/// Fermer mon accès: the password again, and a box ticked, so that a
/// misclick or a borrowed session cannot close it.
#[server(endpoint = "fermer_acces")]
pub async fn close_access(
    current_password: String,
    #[server(default)] confirmation: Option<String>,
) -> Result<FormOutcome, AppError> {
    ssr::closure::close_access(
        &state()?,
        &session().await?,
        current_password,
        confirmation.as_deref() == Some("oui"),
    )
    .await
}

#[server(endpoint = "confirmation_identifiant")]
pub async fn confirm_email(jeton: String) -> Result<LinkResult, AppError> {
    Ok(match flows::confirm_email(&state()?, &jeton).await? {
        Ok(()) => LinkResult::Done,
        Err(msg) => LinkResult::Refused(msg),
    })
}
