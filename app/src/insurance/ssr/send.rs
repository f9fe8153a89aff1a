//! ENVOYER: a certificate for one of the tenant's leases, with its period.
use super::leases;
use crate::auth::ssr::queries::{Tenant, mail_address};
use crate::error::AppError;
use crate::forms::{FormOutcome, FormState};
use crate::infra::{AppState, today};
use crate::insurance::rules;
use crate::requests::ssr::{NewRequest, TypedFile, record, start_state, typed_files};
use crate::requests::{Area, number_label};
use crate::uploads::Received;

pub async fn send(st: &AppState, tenant: &Tenant, got: &Received) -> Result<FormOutcome, AppError> {
    let mut state = start_state(got, &["bail", "du", "au"]);
    let leases = leases(&st.db, tenant.account_id).await?;
    let lease = leases
        .iter()
        .find(|l| l.id.to_string() == got.field("bail"));
    if lease.is_none() {
        state.error("bail", "Choisissez l'une de vos locations dans la liste.");
    }
    let period = rules::period(got.field("du"), got.field("au"), today())
        .map_err(|(field, msg)| state.error(field, msg))
        .ok();
    let files = certificate(got, &mut state);
    let (Some(lease), Some((from, to)), true) = (lease, period, state.is_ok()) else {
        return Ok(FormOutcome::Refused(state));
    };
    let subject = format!(
        "Attestation du {} au {}",
        from.format("%d/%m/%Y"),
        to.format("%d/%m/%Y")
    );
    let new = NewRequest {
        area: Area::Insurance,
        account_id: tenant.account_id,
        login_id: tenant.login_id,
        lease_id: Some(lease.id),
        subject: &subject,
        place: &lease.label,
        body: "",
        payload: serde_json::json!({ "du": from.to_string(), "au": to.to_string() }).to_string(),
        emergency: false,
    };
    let (_, number) = record(&st.db, new, &files).await?;
    acknowledge(st, tenant, number, &lease.label).await;
    Ok(FormOutcome::to(format!(
        "{}?envoi={}",
        crate::routes::INSURANCE,
        number_label(number)
    )))
}

/// Exactly one file: the certificate.
fn certificate(got: &Received, state: &mut FormState) -> Vec<TypedFile> {
    let mut files = typed_files(got, &[], state);
    if files.len() > 1 {
        state.error("fichier1", "Envoyez une seule attestation à la fois.");
    } else if files.is_empty() && !state.errors.contains_key("fichier1") {
        state.error(
            "fichier1",
            "Joignez votre attestation d'assurance (PDF ou photo).",
        );
    }
    for f in &mut files {
        f.doc_type = "attestation_assurance";
    }
    files
}

async fn acknowledge(st: &AppState, tenant: &Tenant, number: i64, lease: &str) {
    let Some(to) = mail_address(&st.db, tenant.login_id).await else {
        return;
    };
    let number = number_label(number);
    let body = format!(
        "Bonjour,\n\nNous avons bien reçu votre attestation d'assurance (envoi n° {number}) pour : {lease}.\n\
         Elle est en cours de validation ; vous en suivez l'avancement ici : {}\n\n{}",
        st.settings.link(crate::routes::INSURANCE),
        st.settings.landlord_name
    );
    st.mailer.send_later(
        &to,
        &format!("Attestation d'assurance reçue (envoi n° {number})"),
        body,
    );
}
