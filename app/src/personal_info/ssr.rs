//! The household as the ERP knows it, and the change requests: recorded for
//! the landlord's staff, applied when they accept (back office).
use super::{PersonView, PersonalInfoView, rules};
use crate::auth::ssr::queries::Tenant;
use crate::domain::{BirthDate, Phone};
use crate::error::AppError;
use crate::forms::{FormOutcome, FormState};
use crate::infra::{AppState, Db};
use crate::requests::ssr::{NewRequest, record, start_state, typed_files};
use crate::requests::{Area, number_label};
use crate::uploads::Received;

const AREAS: [Area; 3] = [
    Area::ContactDetails,
    Area::FamilySituation,
    Area::WorkSituation,
];

fn french(birth: Option<String>) -> String {
    birth
        .as_deref()
        .and_then(BirthDate::from_iso)
        .map(|d| d.french())
        .unwrap_or_default()
}

pub async fn view(db: &Db, tenant: &Tenant) -> Result<PersonalInfoView, AppError> {
    let people: Vec<(String, String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT role, first_name, last_name, birth_date, postal_address FROM person
         WHERE account_id = $1 ORDER BY role DESC, id",
    )
    .bind(tenant.account_id)
    .fetch_all(&db.pool)
    .await?;
    let (mut signatories, mut occupants) = (vec![], vec![]);
    for (role, first, last, birth, address) in people {
        let p = PersonView {
            name: format!("{first} {last}"),
            birth_date: french(birth),
            address,
        };
        if role == "signataire" {
            signatories.push(p)
        } else {
            occupants.push(p)
        }
    }
    type Me = (
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        String,
    );
    let me: Option<Me> = sqlx::query_as(
        "SELECT p.phone_home, p.phone_mobile, p.phone_work, t.email, p.family_situation,
                p.occupation_category, p.profession, p.birth_date, p.email
         FROM tenant_login t JOIN person p ON p.id = t.person_id WHERE t.id = $1",
    )
    .bind(tenant.login_id)
    .fetch_optional(&db.pool)
    .await?;
    let (home, mobile, work, email, family, category, profession, birth, landlord_email) =
        me.ok_or(AppError::NotSignedIn)?;
    let shown = |p: String| if p.is_empty() { p } else { Phone::display(&p) };
    let requests = crate::requests::ssr::list(db, tenant.account_id, &AREAS).await?;
    Ok(PersonalInfoView {
        signatories,
        occupants,
        phone_home: shown(home),
        phone_mobile: shown(mobile),
        phone_work: shown(work),
        email,
        landlord_email,
        birth_date: french(birth),
        family_situation: family,
        occupation_category: category,
        profession,
        requests,
    })
}

fn done(number: i64) -> FormOutcome {
    FormOutcome::to(format!(
        "{}?demande={}",
        crate::routes::PERSONAL_INFO,
        number_label(number)
    ))
}

fn new<'a>(
    tenant: &Tenant,
    area: Area,
    subject: &'a str,
    payload: serde_json::Value,
) -> NewRequest<'a> {
    NewRequest {
        area,
        account_id: tenant.account_id,
        login_id: tenant.login_id,
        lease_id: None,
        subject,
        place: "",
        body: "",
        payload: payload.to_string(),
        emergency: false,
    }
}

pub async fn contact_details(
    st: &AppState,
    tenant: &Tenant,
    phones: [String; 3],
) -> Result<FormOutcome, AppError> {
    let mut state = FormState::default();
    let mut parsed = vec![];
    for (field, raw) in ["fixe", "mobile", "travail"].into_iter().zip(&phones) {
        state.keep(field, raw);
        if raw.trim().is_empty() {
            parsed.push(String::new());
        } else if let Some(p) = state.check(field, Phone::parse(raw)) {
            parsed.push(p.e164().to_string());
        }
    }
    if parsed.iter().all(String::is_empty) && state.is_ok() {
        state.error("mobile", "Indiquez au moins un numéro de téléphone.");
    }
    if !state.is_ok() {
        return Ok(FormOutcome::Refused(state));
    }
    let payload = serde_json::json!({
        "phone_home": parsed[0], "phone_mobile": parsed[1], "phone_work": parsed[2]
    });
    let request = new(
        tenant,
        Area::ContactDetails,
        Area::ContactDetails.label(),
        payload,
    );
    let (_, number) = record(&st.db, request, &[]).await?;
    Ok(done(number))
}

pub async fn work(
    st: &AppState,
    tenant: &Tenant,
    category: &str,
    profession: &str,
) -> Result<FormOutcome, AppError> {
    let mut state = FormState::default();
    state.keep("categorie", category);
    state.keep("profession", profession);
    let category = state.check(
        "categorie",
        rules::CATEGORIES
            .into_iter()
            .find(|c| *c == category)
            .ok_or("Choisissez votre catégorie dans la liste."),
    );
    let profession = state.check("profession", rules::profession(profession));
    let (Some(category), Some(profession)) = (category, profession) else {
        return Ok(FormOutcome::Refused(state));
    };
    let payload = serde_json::json!({ "occupation_category": category, "profession": profession });
    let request = new(
        tenant,
        Area::WorkSituation,
        Area::WorkSituation.label(),
        payload,
    );
    let (_, number) = record(&st.db, request, &[]).await?;
    Ok(done(number))
}

/// MODIFIER MA SITUATION FAMILIALE: the new situation and its proof.
pub async fn family(
    st: &AppState,
    tenant: &Tenant,
    got: &Received,
) -> Result<FormOutcome, AppError> {
    let mut state = start_state(got, &["situation"]);
    let situation = state.check(
        "situation",
        rules::FAMILY_SITUATIONS
            .into_iter()
            .find(|c| *c == got.field("situation"))
            .ok_or("Choisissez votre situation dans la liste."),
    );
    // The document may follow through Nous contacter (as the seed says): a
    // change sent without it is recorded, and the page tells how.
    let mut files = typed_files(got, &[], &mut state);
    files.iter_mut().for_each(|f| f.doc_type = "justificatif");
    let (Some(situation), true) = (situation, state.is_ok()) else {
        return Ok(FormOutcome::Refused(state));
    };
    let payload = serde_json::json!({ "family_situation": situation });
    let request = new(
        tenant,
        Area::FamilySituation,
        Area::FamilySituation.label(),
        payload,
    );
    let (_, number) = record(&st.db, request, &files).await?;
    Ok(done(number))
}
