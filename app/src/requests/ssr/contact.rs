//! Nous contacter: a written request (object, message, typed attachments),
//! numbered, acknowledged by mail.
use super::{NewRequest, record, start_state, typed_files};
use crate::auth::ssr::queries::{Tenant, mail_address};
use crate::error::AppError;
use crate::forms::FormOutcome;
use crate::infra::AppState;
use crate::requests::{Area, number_label, rules};
use crate::uploads::Received;

pub async fn send(st: &AppState, tenant: &Tenant, got: &Received) -> Result<FormOutcome, AppError> {
    let mut state = start_state(got, &["objet", "message"]);
    let object = state.check("objet", rules::object(got.field("objet")));
    let message = state.check("message", rules::message(got.field("message")));
    let files = typed_files(got, &rules::DOC_TYPES, &mut state);
    let (Some(object), Some(message), true) = (object, message, state.is_ok()) else {
        return Ok(FormOutcome::Refused(state));
    };
    let new = NewRequest {
        area: Area::Request,
        account_id: tenant.account_id,
        login_id: tenant.login_id,
        lease_id: tenant.lease_id,
        subject: object,
        place: "",
        body: &message,
        payload: "{}".into(),
        emergency: false,
    };
    let (_, number) = record(&st.db, new, &files).await?;
    acknowledge(st, tenant, number, object, files.len()).await;
    Ok(FormOutcome::to(format!(
        "{}?envoi={}",
        crate::routes::CONTACT,
        number_label(number)
    )))
}

async fn acknowledge(st: &AppState, tenant: &Tenant, number: i64, object: &str, files: usize) {
    let Some(to) = mail_address(&st.db, tenant.login_id).await else {
        return;
    };
    let number = number_label(number);
    let body = format!(
        "Bonjour,\n\nNous avons bien reçu votre demande n° {number} ({object}, {files} pièce(s) jointe(s)).\n\
         Vous en suivez l'avancement dans « Nous contacter » : {}\n\n{}",
        st.settings.link(crate::routes::CONTACT),
        st.settings.landlord_name
    );
    st.mailer.send_later(
        &to,
        &format!("Votre demande n° {number} a bien été reçue"),
        body,
    );
}
