//! What each authentication form does once its fields are read. Every
//! expected refusal is a `FormOutcome::Refused`; only infrastructure failures
//! are `Err`.
use super::queries::{self, TokenProblem};
use super::throttle::{self, Checked, TOO_MANY};
use super::{captcha, hashing, session, tokens};
use crate::domain::{AccountNumber, BirthDate, Email, PersonName};
use crate::error::AppError;
use crate::forms::{FormOutcome, FormState};
use crate::infra::{AppState, client_ip, today};
use crate::routes;
use tower_sessions::Session;

/// Never says which field did not match: no probing of tenants' data.
pub const NO_MATCH: &str = "Les informations saisies ne permettent pas de vous identifier, \
ou ce compte a déjà un identifiant. Vérifiez-les sur votre avis d'échéance, ou contactez votre agence.";
pub const BAD_LOGIN: &str = "Identifiant ou mot de passe incorrect.";

pub struct Step1 {
    pub account_number: String,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: String,
    pub captcha_answer: String,
    pub captcha_token: String,
    /// A field hidden from people: a robot that fills it is refused.
    pub website: String,
}

pub async fn register_step1(
    st: &AppState,
    session: &Session,
    f: Step1,
) -> Result<FormOutcome, AppError> {
    let mut form = FormState::default();
    for (name, value) in [
        ("account_number", &f.account_number),
        ("last_name", &f.last_name),
        ("first_name", &f.first_name),
        ("birth_date", &f.birth_date),
    ] {
        form.keep(name, value);
    }
    let account = form.check("account_number", AccountNumber::parse(&f.account_number));
    let last = form.check(
        "last_name",
        PersonName::parse(&f.last_name, "Saisissez votre nom."),
    );
    let first = form.check(
        "first_name",
        PersonName::parse(&f.first_name, "Saisissez votre prénom."),
    );
    let birth = form.check("birth_date", BirthDate::parse(&f.birth_date, today()));
    if f.captcha_answer.trim().is_empty() {
        form.error("captcha_answer", "Répondez à la question, en chiffres.");
    }
    let (Some(account), Some(last), Some(first), Some(birth)) = (account, last, first, birth)
    else {
        return Ok(FormOutcome::Refused(form));
    };
    if !form.is_ok() {
        return Ok(FormOutcome::Refused(form));
    }
    let ip = client_ip();
    let under_ip = throttle::hit(&st.db, throttle::REGISTER_IP, &ip).await?;
    let under_account = throttle::hit(&st.db, throttle::REGISTER_ACCOUNT, account.as_str()).await?;
    if !under_ip || !under_account {
        form.general = Some(TOO_MANY.into());
        return Ok(FormOutcome::Refused(form));
    }
    let human = captcha::verify(
        &st.db,
        &st.settings.secret,
        &f.captcha_token,
        &f.captcha_answer,
    )
    .await?;
    if !human || !f.website.is_empty() {
        form.error(
            "captcha_answer",
            "La réponse à la question n'est pas la bonne. Une nouvelle question vous est posée.",
        );
        return Ok(FormOutcome::Refused(form));
    }
    let found = queries::signatory_without_login(
        &st.db,
        account.as_str(),
        &last.match_key(),
        &first.match_key(),
        &birth.iso(),
    )
    .await?;
    let Some(person_id) = found else {
        form.general = Some(NO_MATCH.into());
        return Ok(FormOutcome::Refused(form));
    };
    session::start_registration(session, person_id).await?;
    Ok(FormOutcome::to(routes::REGISTER_STEP2))
}

pub struct Step2 {
    pub email: String,
    pub email_confirm: String,
    pub password: String,
    pub password_confirm: String,
    pub cgu: bool,
}

pub async fn register_step2(
    st: &AppState,
    session: &Session,
    f: Step2,
) -> Result<FormOutcome, AppError> {
    let Some(person_id) = session::registering(session).await? else {
        return Ok(FormOutcome::Refused(FormState::general(
            "Votre saisie de l'étape 1 a expiré. Merci de recommencer l'inscription.",
        )));
    };
    let mut form = FormState::default();
    form.keep("email", &f.email);
    form.keep("email_confirm", &f.email_confirm);
    let personal = queries::personal_words(&st.db, person_id).await?;
    let email = read_new_email(&mut form, &f.email, &f.email_confirm);
    new_password(st, &mut form, &f.password, &f.password_confirm, &personal);
    if !f.cgu {
        form.error(
            "cgu",
            "Vous devez accepter les conditions générales d'utilisation.",
        );
    }
    let Some(email) = email.filter(|_| form.is_ok()) else {
        return Ok(FormOutcome::Refused(form));
    };
    let hash = hashing::hash(f.password).await?;
    let created = queries::create_pending_login(
        &st.db,
        person_id,
        email.as_str(),
        &hash,
        tokens::ACTIVATION_SECS,
    )
    .await?;
    session::end_registration(session).await?;
    // A taken address gets the same answer as a free one: its owner is told.
    match created {
        Ok(login_id) => send_activation(st, login_id, &email).await?,
        Err(()) => tell_owner_of_taken_address(st, &email).await?,
    }
    Ok(FormOutcome::to(routes::notice("inscription")))
}

/// Reads a new identifier and its confirmation. Whether it is taken is not
/// said here (see `change_email` and `register_step2`).
fn read_new_email(form: &mut FormState, raw: &str, confirm: &str) -> Option<Email> {
    let email = form.check("email", Email::parse(raw))?;
    if Email::parse(confirm).ok().as_ref() != Some(&email) {
        form.error(
            "email_confirm",
            "Les deux adresses e-mail ne sont pas identiques.",
        );
        return None;
    }
    Some(email)
}

/// Checks a new password against the landlord's rule and its confirmation.
fn new_password(
    st: &AppState,
    form: &mut FormState,
    password: &str,
    confirm: &str,
    personal: &[String],
) {
    let personal: Vec<&str> = personal.iter().map(String::as_str).collect();
    if form
        .check(
            "password",
            st.settings.password_policy.check(password, &personal),
        )
        .is_some()
        && password != confirm
    {
        form.error(
            "password_confirm",
            "Les deux mots de passe ne sont pas identiques.",
        );
    }
}

async fn send_activation(st: &AppState, login_id: i64, email: &Email) -> Result<(), AppError> {
    let (raw, hashed) = tokens::new_token();
    queries::insert_token(
        &st.db,
        login_id,
        "activation",
        &hashed,
        None,
        tokens::ACTIVATION_SECS,
    )
    .await?;
    let link = st
        .settings
        .link(&format!("{}?jeton={raw}", routes::ACTIVATE));
    let body = format!(
        "Bonjour,\n\nPour activer votre compte de l'espace locataire {}, merci de cliquer sur le lien ci-dessous \
(valable 48 heures, une seule fois) :\n\n{link}\n\nSi vous rencontrez un problème avec ce lien, copiez-le et \
collez-le dans votre navigateur.\n\nSi vous n'êtes pas à l'origine de cette inscription, ignorez ce message.\n\n\
Ce message a été généré automatiquement, merci de ne pas y répondre.\n",
        st.settings.landlord_name
    );
    st.mailer
        .send_later(email, "Activation de votre compte", body);
    Ok(())
}

/// Follows an activation link.
pub async fn activate(st: &AppState, token: &str) -> Result<Result<(), TokenProblem>, AppError> {
    match queries::spend_token(&st.db, "activation", &tokens::hash(token)).await? {
        Ok((login_id, _)) => {
            queries::activate(&st.db, login_id).await?;
            Ok(Ok(()))
        }
        Err(problem) => Ok(Err(problem)),
    }
}

pub async fn login(
    st: &AppState,
    session: &Session,
    email: String,
    password: String,
) -> Result<FormOutcome, AppError> {
    let mut form = FormState::default();
    form.keep("email", &email);
    let Some(parsed) = form.check("email", Email::parse(&email)) else {
        return Ok(FormOutcome::Refused(form));
    };
    if password.is_empty() {
        form.error("password", "Saisissez votre mot de passe.");
        return Ok(FormOutcome::Refused(form));
    }
    let ip = client_ip();
    let keys = [
        (throttle::LOGIN_EMAIL, parsed.as_str()),
        (throttle::LOGIN_IP, ip.as_str()),
    ];
    let row = queries::login_by_email(&st.db, parsed.as_str()).await?;
    let stored = row.as_ref().map(|r| r.password_hash.clone());
    let ok = match throttle::verify_password(&st.db, &keys, password, stored).await? {
        Checked::Verified(ok) => ok,
        refused => {
            form.general = Some(refusal(refused));
            return Ok(FormOutcome::Refused(form));
        }
    };
    match row.filter(|_| ok) {
        Some(r) if r.activated => {
            // The right password: this attempt does not count against the
            // address (a shared office or household signs in often).
            throttle::clear(&st.db, throttle::LOGIN_EMAIL, parsed.as_str()).await?;
            throttle::forgive(&st.db, throttle::LOGIN_IP, &ip).await?;
            session::sign_in(session, r.id, r.epoch).await?;
            tracing::info!(login = r.id, "tenant signed in");
            Ok(FormOutcome::to(routes::HOME))
        }
        // Said only to whoever knows the password: no probing.
        Some(_) => {
            form.general = Some("Votre compte n'est pas encore activé : cliquez sur le lien reçu par mail, ou demandez un nouveau lien.".into());
            Ok(FormOutcome::Refused(form))
        }
        None => {
            form.general = Some(BAD_LOGIN.into());
            Ok(FormOutcome::Refused(form))
        }
    }
}

/// The French words for a password check that did not run.
pub fn refusal(checked: Checked) -> String {
    match checked {
        Checked::Busy => AppError::Busy.to_string(),
        Checked::TooMany => TOO_MANY.to_string(),
        // Not a refusal: callers match `Verified` first.
        Checked::Verified(_) => AppError::Internal.to_string(),
    }
}

/// "Mot de passe oublié" and "nouveau lien d'activation": the same answer
/// whether the address is known or not, and the same time (mail in background).
pub async fn mail_link(
    st: &AppState,
    email: String,
    purpose: &str,
) -> Result<FormOutcome, AppError> {
    let mut form = FormState::default();
    form.keep("email", &email);
    let Some(parsed) = form.check("email", Email::parse(&email)) else {
        return Ok(FormOutcome::Refused(form));
    };
    let under = throttle::hit(&st.db, throttle::MAIL_EMAIL, parsed.as_str()).await?
        && throttle::hit(&st.db, throttle::MAIL_IP, &client_ip()).await?;
    let row = queries::login_by_email(&st.db, parsed.as_str()).await?;
    match (under, row, purpose) {
        (true, Some(r), "activation") if !r.activated => send_activation(st, r.id, &parsed).await?,
        (true, Some(r), "password_reset") => send_reset(st, r.id, &parsed).await?,
        _ => {}
    }
    Ok(FormOutcome::to(routes::notice(
        if purpose == "activation" {
            "nouveau-lien"
        } else {
            "mot-de-passe-oublie"
        },
    )))
}

async fn send_reset(st: &AppState, login_id: i64, email: &Email) -> Result<(), AppError> {
    let (raw, hashed) = tokens::new_token();
    queries::insert_token(
        &st.db,
        login_id,
        "password_reset",
        &hashed,
        None,
        tokens::RESET_SECS,
    )
    .await?;
    let link = st.settings.link(&format!("{}?jeton={raw}", routes::RESET));
    let body = format!(
        "Bonjour,\n\nVous avez demandé à réinitialiser le mot de passe de votre espace locataire. \
Cliquez sur le lien ci-dessous pour en choisir un nouveau (valable 1 heure, une seule fois) :\n\n{link}\n\n\
Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.\n\n\
Ce message a été généré automatiquement, merci de ne pas y répondre.\n"
    );
    st.mailer
        .send_later(email, "Réinitialisation de votre mot de passe", body);
    Ok(())
}

pub async fn reset_password(
    st: &AppState,
    session: &Session,
    token: String,
    password: String,
    confirm: String,
) -> Result<FormOutcome, AppError> {
    let hashed = tokens::hash(&token);
    let login_id = match queries::peek_token(&st.db, "password_reset", &hashed).await? {
        Ok(id) => id,
        Err(problem) => {
            return Ok(FormOutcome::Refused(FormState::general(token_message(
                problem,
            ))));
        }
    };
    let mut form = FormState::default();
    let personal = personal_of_login(st, login_id).await?;
    new_password(st, &mut form, &password, &confirm, &personal);
    if !form.is_ok() {
        return Ok(FormOutcome::Refused(form));
    }
    // Hashed before the link is spent: a busy server leaves the link usable.
    let hash = hashing::hash(password).await?;
    if let Err(problem) = queries::spend_token(&st.db, "password_reset", &hashed).await? {
        return Ok(FormOutcome::Refused(FormState::general(token_message(
            problem,
        ))));
    }
    queries::set_password(&st.db, login_id, &hash).await?;
    if let Some(email) = queries::email_of(&st.db, login_id).await? {
        throttle::clear(&st.db, throttle::LOGIN_EMAIL, &email).await?;
    }
    session::sign_out(session).await?;
    Ok(FormOutcome::to(routes::notice("mot-de-passe-reinitialise")))
}

async fn personal_of_login(st: &AppState, login_id: i64) -> Result<Vec<String>, AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT person_id FROM tenant_login WHERE id = $1")
        .bind(login_id)
        .fetch_optional(&st.db.pool)
        .await?;
    match row {
        Some((person_id,)) => queries::personal_words(&st.db, person_id).await,
        None => Ok(vec![]),
    }
}

pub fn token_message(problem: TokenProblem) -> &'static str {
    match problem {
        TokenProblem::Used => "Ce lien a déjà été utilisé. Vous pouvez en demander un nouveau.",
        TokenProblem::Expired => "Ce lien a expiré. Vous pouvez en demander un nouveau.",
        TokenProblem::Unknown => {
            "Ce lien n'est pas valide. Vérifiez que vous l'avez copié en entier, ou demandez-en un nouveau."
        }
    }
}

/// Checks the current password of the signed-in tenant, throttled like a sign-in.
pub(super) async fn check_current_password(
    st: &AppState,
    form: &mut FormState,
    email: &str,
    password: String,
) -> Result<Option<queries::LoginRow>, AppError> {
    if password.is_empty() {
        form.error("current_password", "Saisissez votre mot de passe actuel.");
        return Ok(None);
    }
    let row = queries::login_by_email(&st.db, email).await?;
    let stored = row.as_ref().map(|r| r.password_hash.clone());
    let keys = [(throttle::LOGIN_EMAIL, email)];
    match throttle::verify_password(&st.db, &keys, password, stored).await? {
        Checked::Verified(true) => {
            throttle::clear(&st.db, throttle::LOGIN_EMAIL, email).await?;
            Ok(row)
        }
        Checked::Verified(false) => {
            form.error("current_password", "Le mot de passe actuel est incorrect.");
            Ok(None)
        }
        refused => {
            form.general = Some(refusal(refused));
            Ok(None)
        }
    }
}

pub async fn change_password(
    st: &AppState,
    session: &Session,
    current: String,
    password: String,
    confirm: String,
) -> Result<FormOutcome, AppError> {
    let user = session::require(&st.db, session).await?;
    let mut form = FormState::default();
    let row = check_current_password(st, &mut form, &user.email, current).await?;
    let personal = personal_of_login(st, user.login_id).await?;
    new_password(st, &mut form, &password, &confirm, &personal);
    let Some(_) = row.filter(|_| form.is_ok()) else {
        return Ok(FormOutcome::Refused(form));
    };
    let hash = hashing::hash(password).await?;
    let epoch = queries::set_password(&st.db, user.login_id, &hash).await?;
    // Every other session is closed by the epoch change; this one goes on.
    session::set_epoch(session, epoch).await?;
    Ok(FormOutcome::to(routes::notice("mot-de-passe-modifie")))
}

/// The same answer whether the new address is free or taken by another
/// login (no probing of who has an account); the owner of a taken address
/// is told by mail. The current password is checked first, throttled.
pub async fn change_email(
    st: &AppState,
    session: &Session,
    raw: String,
    confirm: String,
    current: String,
) -> Result<FormOutcome, AppError> {
    let user = session::require(&st.db, session).await?;
    let mut form = FormState::default();
    form.keep("email", &raw);
    form.keep("email_confirm", &confirm);
    let email = read_new_email(&mut form, &raw, &confirm);
    let row = check_current_password(st, &mut form, &user.email, current).await?;
    let (Some(email), Some(_)) = (email, row) else {
        return Ok(FormOutcome::Refused(form));
    };
    let done = FormOutcome::to(routes::notice("identifiant-envoye"));
    if email.as_str() == user.email {
        form.error("email", "C'est déjà votre identifiant.");
        return Ok(FormOutcome::Refused(form));
    }
    if queries::email_taken(&st.db, email.as_str()).await? {
        tell_owner_of_taken_address(st, &email).await?;
        return Ok(done);
    }
    let (token, hashed) = tokens::new_token();
    queries::insert_token(
        &st.db,
        user.login_id,
        "email_change",
        &hashed,
        Some(email.as_str()),
        tokens::EMAIL_CHANGE_SECS,
    )
    .await?;
    let link = st
        .settings
        .link(&format!("{}?jeton={token}", routes::CONFIRM_EMAIL));
    st.mailer.send_later(
        &email,
        "Confirmez votre nouvel identifiant",
        format!(
            "Bonjour,\n\nPour que cette adresse devienne votre identifiant de connexion à l'espace locataire, \
cliquez sur le lien ci-dessous (valable 24 heures, une seule fois) :\n\n{link}\n\n\
Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n"
        ),
    );
    if let Ok(old) = Email::parse(&user.email) {
        st.mailer.send_later(
            &old,
            "Demande de changement de votre identifiant",
            format!(
                "Bonjour,\n\nUne demande a été faite pour remplacer votre identifiant de connexion à l'espace locataire \
par l'adresse {}. Le changement ne sera effectif qu'une fois confirmé depuis cette nouvelle adresse.\n\n\
Si vous n'êtes pas à l'origine de cette demande, changez votre mot de passe et contactez votre agence.\n",
                email.as_str()
            ),
        );
    }
    Ok(done)
}

/// Someone asked to use an address that already has a login: its owner is
/// told (at most a few times an hour), the asker learns nothing.
async fn tell_owner_of_taken_address(st: &AppState, email: &Email) -> Result<(), AppError> {
    if !throttle::hit(&st.db, throttle::TAKEN_NOTICE, email.as_str()).await? {
        return Ok(());
    }
    let reset = st.settings.link(routes::FORGOT);
    st.mailer.send_later(
        email,
        "Votre adresse e-mail a été proposée pour un compte",
        format!(
            "Bonjour,\n\nQuelqu'un a demandé à utiliser cette adresse e-mail comme identifiant de l'espace locataire {}, \
mais elle est déjà l'identifiant d'un compte. Rien n'a été modifié.\n\n\
Si c'était vous, vous avez déjà un compte : connectez-vous, ou choisissez un nouveau mot de passe ici :\n{reset}\n\n\
Si ce n'était pas vous, ignorez ce message.\n",
            st.settings.landlord_name
        ),
    );
    Ok(())
}

/// Follows the link sent to a new identifier.
pub async fn confirm_email(st: &AppState, token: &str) -> Result<Result<(), String>, AppError> {
    let (login_id, new_email) =
        match queries::spend_token(&st.db, "email_change", &tokens::hash(token)).await? {
            Ok((id, Some(e))) => (id, e),
            Ok((_, None)) => return Ok(Err(token_message(TokenProblem::Unknown).into())),
            Err(problem) => return Ok(Err(token_message(problem).into())),
        };
    let Ok(old) = queries::set_email(&st.db, login_id, &new_email).await? else {
        return Ok(Err("Cette adresse e-mail est désormais utilisée par un autre compte : le changement n'a pas été fait.".into()));
    };
    if let Ok(old) = Email::parse(&old) {
        st.mailer.send_later(
            &old,
            "Votre identifiant a été modifié",
            format!(
                "Bonjour,\n\nVotre identifiant de connexion à l'espace locataire est désormais {new_email}. \
Cette adresse-ci ne permet plus de vous connecter.\n\nSi vous n'êtes pas à l'origine de ce changement, contactez votre agence.\n"
            ),
        );
    }
    Ok(Ok(()))
}
