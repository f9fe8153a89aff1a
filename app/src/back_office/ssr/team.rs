//! Équipe (administrators): the staff accounts, and a new one with its
//! second factor shown once (kept in the session just for the next page).
//! An administrator also deactivates and reactivates a member, changes their
//! role and closes their sessions; each is audited.
use super::staff::{Role, Staff};
use super::{accounts, audit};
use crate::back_office::{NewStaff, TeamMember, TeamView};
use crate::error::AppError;
use crate::forms::{FormOutcome, FormState};
use crate::infra::{AppState, client_ip, session};

const SHOWN_ONCE: &str = "staff_created";

pub async fn view(st: &AppState, me: &Staff) -> Result<TeamView, AppError> {
    if !me.is_admin() {
        return Err(AppError::NotFound);
    }
    type Row = (i64, String, String, String, Option<String>, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT s.id, s.name, s.email, s.role, g.name, s.active FROM staff s
         LEFT JOIN agency g ON g.id = s.agency_id ORDER BY s.active DESC, s.name, s.id",
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
            .map(|(id, name, email, role, agency, active)| TeamMember {
                id,
                name,
                email,
                role: role_label(&role).to_string(),
                agency: agency.unwrap_or_default(),
                active: active == 1,
                is_me: id == me.id,
            })
            .collect(),
        agencies,
        created,
    })
}

fn role_label(code: &str) -> &'static str {
    match Role::from_code(code) {
        Some(Role::Agent) => "Agent",
        Some(Role::Accounting) => "Comptabilité",
        Some(Role::Admin) => "Administrateur",
        None => "Inconnu",
    }
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

/// What an administrator may do to another member's access.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Deactivate,
    Reactivate,
    CloseSessions,
}

impl Access {
    /// One statement on the member's row. `staff::current` compares the
    /// session's epoch with the row's at every request, so bumping it closes
    /// every open session; deactivating bumps it too, so that a session
    /// opened before survives neither the deactivation nor a reactivation.
    fn sql(self) -> &'static str {
        match self {
            Self::Deactivate => {
                "UPDATE staff SET active = 0, session_epoch = session_epoch + 1 WHERE id = $1"
            }
            Self::Reactivate => "UPDATE staff SET active = 1 WHERE id = $1",
            Self::CloseSessions => {
                "UPDATE staff SET session_epoch = session_epoch + 1 WHERE id = $1"
            }
        }
    }

    fn audited_as(self) -> &'static str {
        match self {
            Self::Deactivate => "désactivation compte personnel",
            Self::Reactivate => "réactivation compte personnel",
            Self::CloseSessions => "fermeture des sessions",
        }
    }
}

/// An administrator never deactivates nor demotes themself, so that nobody
/// locks themself out by mistake. (Two administrators may still act on each
/// other; `server staff-add` creates an administrator again if need be.)
pub const NOT_YOURSELF: &str = "Vous ne pouvez pas désactiver votre propre compte ni changer votre propre rôle : demandez-le à un autre administrateur.";

fn back_to_team() -> FormOutcome {
    FormOutcome::to(format!("{}/equipe", crate::back_office::HOME))
}

/// The member an administrator acts on: (id, email). Anyone else, or an
/// unknown member, gets the same « Introuvable » as everywhere else.
async fn target(st: &AppState, me: &Staff, member: &str) -> Result<(i64, String), AppError> {
    if !me.is_admin() {
        return Err(AppError::NotFound);
    }
    let Ok(id) = member.trim().parse::<i64>() else {
        return Err(AppError::NotFound);
    };
    let row: Option<(i64, String)> = sqlx::query_as("SELECT id, email FROM staff WHERE id = $1")
        .bind(id)
        .fetch_optional(&st.db.pool)
        .await?;
    row.ok_or(AppError::NotFound)
}

pub async fn access(
    st: &AppState,
    me: &Staff,
    member: &str,
    change: Access,
) -> Result<FormOutcome, AppError> {
    let (id, email) = target(st, me, member).await?;
    if id == me.id && change == Access::Deactivate {
        return Ok(FormOutcome::Refused(FormState::general(NOT_YOURSELF)));
    }
    sqlx::query(change.sql())
        .bind(id)
        .execute(&st.db.pool)
        .await?;
    audit::log(&st.db, me, change.audited_as(), None, &email, &client_ip()).await?;
    Ok(back_to_team())
}

/// A new role, and the agency (required for an agent). It applies at the
/// member's next request: `staff::current` reads the role every time.
pub async fn change_role(
    st: &AppState,
    me: &Staff,
    fields: [&str; 3],
) -> Result<FormOutcome, AppError> {
    let [member, role, agency] = fields;
    let (id, email) = target(st, me, member).await?;
    let mut form = FormState::default();
    for (k, v) in [
        ("membre", member),
        ("nouveau_role", role),
        ("nouvelle_agence", agency),
    ] {
        form.keep(k, v);
    }
    if id == me.id {
        form.general = Some(NOT_YOURSELF.to_string());
        return Ok(FormOutcome::Refused(form));
    }
    let Some((role, agency_id)) = checked_role(st, &mut form, role, agency).await? else {
        return Ok(FormOutcome::Refused(form));
    };
    sqlx::query("UPDATE staff SET role = $1, agency_id = $2 WHERE id = $3")
        .bind(role.code())
        .bind(agency_id)
        .bind(id)
        .execute(&st.db.pool)
        .await?;
    let detail = format!("{email} : {} {agency}", role.code());
    audit::log(
        &st.db,
        me,
        "changement de rôle",
        None,
        detail.trim(),
        &client_ip(),
    )
    .await?;
    Ok(back_to_team())
}

/// The role and the agency's id, or None with the errors in `form`.
async fn checked_role(
    st: &AppState,
    form: &mut FormState,
    role: &str,
    agency: &str,
) -> Result<Option<(Role, Option<i64>)>, AppError> {
    let Some(role) = Role::from_code(role) else {
        form.error("nouveau_role", "Choisissez le rôle dans la liste.");
        return Ok(None);
    };
    let agency_id: Option<(i64,)> = if agency.is_empty() {
        None
    } else {
        sqlx::query_as("SELECT id FROM agency WHERE code = $1")
            .bind(agency)
            .fetch_optional(&st.db.pool)
            .await?
    };
    let missing = match agency_id {
        Some(_) => None,
        None if !agency.is_empty() => Some("Choisissez l'agence dans la liste."),
        None if role == Role::Agent => {
            Some("Un agent est rattaché à une agence : choisissez-la dans la liste.")
        }
        None => None,
    };
    if let Some(message) = missing {
        form.error("nouvelle_agence", message);
        return Ok(None);
    }
    Ok(Some((role, agency_id.map(|a| a.0))))
}
