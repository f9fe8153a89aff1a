//! Équipe (administrators): the staff accounts, and a new one with its
//! second factor shown once (kept in the session just for the next page).
use super::staff::{Role, Staff};
use super::{accounts, audit};
use crate::back_office::{NewStaff, TeamView};
use crate::error::AppError;
use crate::forms::{FormOutcome, FormState};
use crate::infra::{AppState, client_ip, session};

const SHOWN_ONCE: &str = "staff_created";

pub async fn view(st: &AppState, me: &Staff) -> Result<TeamView, AppError> {
    if !me.is_admin() {
        return Err(AppError::NotFound);
    }
    let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT s.name, s.email, s.role, g.name FROM staff s LEFT JOIN agency g ON g.id = s.agency_id
         WHERE s.active = 1 ORDER BY s.name",
    )
    .fetch_all(&st.db.pool)
    .await?;
    let agencies: Vec<(String, String)> =
        sqlx::query_as("SELECT code, name FROM agency ORDER BY name")
            .fetch_all(&st.db.pool)
            .await?;
    let session = session().await?;
    let created: Option<NewStaff> = session.remove(SHOWN_ONCE).await.ok().flatten();
    Ok(TeamView {
        members: rows
            .into_iter()
            .map(|(n, e, r, g)| (n, e, r, g.unwrap_or_default()))
            .collect(),
        agencies,
        created,
    })
}

pub async fn create(st: &AppState, me: &Staff, fields: [&str; 5]) -> Result<FormOutcome, AppError> {
    if !me.is_admin() {
        return Err(AppError::NotFound);
    }
    let [email, name, role, agency, password] = fields;
    let mut form = FormState::default();
    for (k, v) in [
        ("email", email),
        ("nom", name),
        ("role", role),
        ("agence", agency),
    ] {
        form.keep(k, v);
    }
    let Some(role) = Role::from_code(role) else {
        form.error("role", "Choisissez le rôle dans la liste.");
        return Ok(FormOutcome::Refused(form));
    };
    if name.trim().is_empty() {
        form.error("nom", "Indiquez le nom de la personne.");
        return Ok(FormOutcome::Refused(form));
    }
    let agency = (!agency.is_empty()).then_some(agency);
    match accounts::create(&st.db, email, name.trim(), role, agency, password).await? {
        Ok(created) => {
            audit::log(
                &st.db,
                me,
                "création compte personnel",
                None,
                email,
                &client_ip(),
            )
            .await?;
            let shown = NewStaff {
                email: email.trim().to_lowercase(),
                totp_secret: created.totp_secret,
                otpauth_url: created.otpauth_url,
                recovery_codes: created.recovery_codes,
            };
            session()
                .await?
                .insert(SHOWN_ONCE, shown)
                .await
                .map_err(|e| AppError::internal("session", e))?;
            Ok(FormOutcome::to(format!(
                "{}/equipe",
                crate::back_office::HOME
            )))
        }
        Err(message) => {
            form.general = Some(message);
            Ok(FormOutcome::Refused(form))
        }
    }
}
