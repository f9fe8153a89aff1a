//! The server side: what the page shows, recording a request with its RUM
//! (and the open-lease guard), cancelling, stopping, and the mandate PDF.
pub mod collection;
pub mod mandate_pdf;
pub mod store;

use super::DirectDebitView;
use super::rules::RequestForm;
use crate::auth::ssr::queries::Tenant;
use crate::auth::ssr::throttle::{self, Limit};
use crate::error::AppError;
use crate::forms::{FormOutcome, FormState};
use crate::infra::AppState;
use crate::routes;

/// Requests per tenant and hour: each one mails a PDF.
const REQUESTS: Limit = Limit {
    name: "direct-debit-request",
    max: 10,
    window_secs: 3600,
};

pub const ALREADY_OPEN: &str = "Une demande de prélèvement est déjà en cours pour cette location : \
     attendez qu'elle soit traitée, ou annulez-la dans « Vos dernières demandes ».";

pub async fn view(
    st: &AppState,
    tenant: &Tenant,
    demande: Option<&str>,
) -> Result<DirectDebitView, AppError> {
    let requests = store::requests(&st.db, tenant.account_id).await?;
    let sent = demande
        .and_then(|d| d.trim().parse::<i64>().ok())
        .and_then(|id| requests.iter().find(|r| r.id == id).cloned());
    let landlord = store::landlord(&st.db).await?;
    Ok(DirectDebitView {
        mandates: store::mandates(&st.db, tenant.account_id).await?,
        requests,
        objects: store::objects(&st.db, tenant.account_id).await?,
        ics: st.settings.creditor_ics.to_string(),
        creditor: landlord.0,
        sent,
        mandate_email: st.settings.sdd.mandate_email.clone(),
    })
}

async fn under_limit(st: &AppState, tenant: &Tenant) -> Result<bool, AppError> {
    throttle::hit(&st.db, REQUESTS, &tenant.login_id.to_string()).await
}

pub async fn request(
    st: &AppState,
    tenant: &Tenant,
    form: RequestForm,
) -> Result<FormOutcome, AppError> {
    let objects = store::object_values(&st.db, tenant.account_id).await?;
    let valid = match form.check(&objects) {
        Ok(v) => v,
        Err(state) => return Ok(FormOutcome::Refused(state)),
    };
    if !under_limit(st, tenant).await? {
        return Ok(FormOutcome::Refused(FormState::general(throttle::TOO_MANY)));
    }
    let leases = store::lease_ids(&st.db, tenant.account_id, &valid.object).await?;
    let fields = store::NewRequest {
        kind: "mise_en_place",
        holder: &valid.holder,
        iban: valid.iban.as_str(),
        bic: valid.bic.as_str(),
        day: Some(valid.day),
    };
    match store::create(&st.db, tenant, &fields, &leases).await? {
        Some(id) => {
            mandate_pdf::mail(st, tenant, id).await;
            Ok(FormOutcome::to(format!(
                "{}?demande={id}",
                routes::DIRECT_DEBIT
            )))
        }
        None => {
            let mut state = form.kept();
            state.error("objet", ALREADY_OPEN);
            Ok(FormOutcome::Refused(state))
        }
    }
}

pub async fn stop(st: &AppState, tenant: &Tenant, object: &str) -> Result<FormOutcome, AppError> {
    let objects = store::object_values(&st.db, tenant.account_id).await?;
    let mut state = FormState::default();
    state.keep("objet_arret", object);
    if !objects.iter().any(|o| o == object) {
        state.error("objet_arret", "Choisissez la location concernée.");
        return Ok(FormOutcome::Refused(state));
    }
    if !under_limit(st, tenant).await? {
        return Ok(FormOutcome::Refused(FormState::general(throttle::TOO_MANY)));
    }
    let leases = store::lease_ids(&st.db, tenant.account_id, object).await?;
    let fields = store::NewRequest {
        kind: "arret",
        holder: "",
        iban: "",
        bic: "",
        day: None,
    };
    match store::create(&st.db, tenant, &fields, &leases).await? {
        Some(id) => Ok(FormOutcome::to(format!(
            "{}?demande={id}",
            routes::DIRECT_DEBIT
        ))),
        None => {
            state.error("objet_arret", ALREADY_OPEN);
            Ok(FormOutcome::Refused(state))
        }
    }
}

pub async fn cancel(
    st: &AppState,
    tenant: &Tenant,
    demande: &str,
) -> Result<FormOutcome, AppError> {
    // The cancel button is gone once a request is processed: the refusal is
    // told by the page itself, whichever form was sent.
    let id = demande.trim().parse::<i64>().unwrap_or(0);
    if store::cancel(&st.db, tenant.account_id, id).await? {
        Ok(FormOutcome::to(routes::DIRECT_DEBIT))
    } else {
        Ok(FormOutcome::to(format!(
            "{}?annulation=impossible",
            routes::DIRECT_DEBIT
        )))
    }
}
