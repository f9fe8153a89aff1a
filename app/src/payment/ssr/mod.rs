//! The server side of online payment: recording a request (with its bank
//! transaction id), the page that sends the browser to the bank, the bank's
//! notification, and the receipt mail.

pub mod bank_form;
pub mod ipn;
mod receipt;
pub mod settings;
pub mod status;
pub mod store;
pub mod vads;

pub use settings::{CtxMode, PaymentSettings};

use super::rules::{self, PAY_AMOUNT};
use super::{PaymentLine, PaymentStatus, PaymentView};
use crate::account::ssr::situation;
use crate::auth::ssr::queries::Tenant;
use crate::auth::ssr::throttle::{self, Limit};
use crate::domain::Money;
use crate::error::AppError;
use crate::forms::{FormOutcome, FormState};
use crate::infra::{AppState, now};

/// Payment requests per tenant: far above any real use, low enough that a
/// script cannot fill the bank's daily transaction ids.
const REQUESTS: Limit = Limit {
    name: "payment-request",
    max: 30,
    window_secs: 3600,
};

pub async fn view(
    st: &AppState,
    tenant: &Tenant,
    demande: Option<&str>,
) -> Result<PaymentView, AppError> {
    let settings = &st.settings.payment;
    let since = now() - settings.pending_for_secs;
    let history = store::history(&st.db, tenant.account_id, since).await?;
    let underway: Vec<PaymentLine> = history
        .iter()
        .filter(|p| p.status == PaymentStatus::Underway)
        .cloned()
        .collect();
    let situation = situation(&st.db, tenant.account_id).await?;
    let pending = underway.iter().map(|p| p.amount.cents()).sum::<i64>();
    let returned = match demande.and_then(|d| d.trim().parse::<i64>().ok()) {
        Some(id) => store::line(&st.db, tenant.account_id, id, since).await?,
        None => None,
    };
    Ok(PaymentView {
        payable: situation.balance - Money::from_cents(pending),
        situation,
        minimum: settings.minimum,
        maximum_ahead: settings.maximum_ahead,
        underway,
        history,
        returned,
        landlord_name: st.settings.landlord_name.clone(),
        bank_name: settings.bank_name.clone(),
        leases: crate::insurance::ssr::locations(&st.db, tenant.account_id).await?,
        today: crate::infra::today().format("%d/%m/%Y").to_string(),
    })
}

pub async fn start(
    st: &AppState,
    tenant: &Tenant,
    choice: &str,
    typed: &str,
) -> Result<FormOutcome, AppError> {
    let mut form = FormState::default();
    form.keep("choix", choice);
    form.keep(PAY_AMOUNT, typed);
    if !throttle::hit(&st.db, REQUESTS, &tenant.login_id.to_string()).await? {
        form.general = Some(throttle::TOO_MANY.into());
        return Ok(FormOutcome::Refused(form));
    }
    // A typing mistake is answered before anything is written.
    if choice == PAY_AMOUNT
        && let Err(msg) = crate::domain::Money::parse(typed)
    {
        form.error(PAY_AMOUNT, msg);
        return Ok(FormOutcome::Refused(form));
    }
    let bounds = rules::Bounds {
        minimum: st.settings.payment.minimum,
        ahead: st.settings.payment.maximum_ahead,
    };
    let decide = |payable: Money, underway: bool| {
        if payable.cents() <= 0 && choice != PAY_AMOUNT {
            return Err((None, rules::nothing_to_pay(underway)));
        }
        rules::chosen_amount(choice, typed, payable, bounds)
    };
    match store::create(st, tenant, decide).await? {
        Ok(id) => Ok(FormOutcome::to(bank_form::path(id))),
        Err((Some(field), msg)) => {
            form.error(field, msg);
            Ok(FormOutcome::Refused(form))
        }
        Err((None, msg)) => {
            form.general = Some(msg);
            Ok(FormOutcome::Refused(form))
        }
    }
}
