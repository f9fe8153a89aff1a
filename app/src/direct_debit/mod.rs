//! Prélèvements automatiques: the mandates the landlord holds, the tenant's
//! requests to set up, change or stop direct debit (each with a RUM given by
//! the portal and a pre-filled SEPA mandate PDF to sign), and their progress.

mod page;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use page::DirectDebitPage;

use crate::error::AppError;
use crate::forms::FormOutcome;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MandateView {
    /// "Toutes vos locations" or the lease's label and reference.
    pub object: String,
    pub holder: String,
    pub bank: String,
    /// Country, check digits and the last 4 characters; the rest hidden.
    pub iban: String,
    pub bic: String,
    pub rum: String,
    pub debit_day: i64,
    pub status: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestView {
    pub id: i64,
    /// 9 digits.
    pub number: String,
    /// dd/mm/yyyy
    pub date: String,
    pub kind: String,
    pub object: String,
    /// Avancement: envoyée, mandat reçu, activée, refusée (with its reason)…
    pub progress: String,
    /// Still open and untouched by the landlord: the tenant may cancel it.
    pub cancellable: bool,
    /// A mandate to sign goes with it (set-up and change requests).
    pub has_mandate: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DirectDebitView {
    pub mandates: Vec<MandateView>,
    pub requests: Vec<RequestView>,
    /// What a request may cover: (value, label). "tout" is the whole account.
    pub objects: Vec<(String, String)>,
    /// The landlord's SEPA creditor identifier.
    pub ics: String,
    pub creditor: String,
    /// The request just sent (`?demande=`), to offer its mandate at once.
    pub sent: Option<RequestView>,
    /// Where a signed mandate may be e-mailed ('' none).
    pub mandate_email: String,
}

/// The address of a request's mandate PDF.
pub fn mandate_pdf_path(id: i64) -> String {
    format!("{}/{id}", crate::routes::MANDATE_PDF)
}

#[server(endpoint = "prelevements")]
pub async fn load_direct_debit(demande: Option<String>) -> Result<DirectDebitView, AppError> {
    let (st, tenant) = crate::auth::ssr::signed_in_tenant().await?;
    ssr::view(&st, &tenant, demande.as_deref()).await
}

/// VALIDER: a request to set up or change direct debit.
#[server(endpoint = "demande_prelevement")]
pub async fn request_direct_debit(
    titulaire: String,
    iban: String,
    bic: String,
    jour: String,
    objet: String,
) -> Result<FormOutcome, AppError> {
    let (st, tenant) = crate::auth::ssr::signed_in_tenant().await?;
    let form = rules::RequestForm {
        holder: titulaire,
        iban,
        bic,
        day: jour,
        object: objet,
    };
    ssr::request(&st, &tenant, form).await
}

/// A request to stop direct debit for a lease or the whole account.
#[server(endpoint = "arret_prelevement")]
pub async fn stop_direct_debit(objet_arret: String) -> Result<FormOutcome, AppError> {
    let (st, tenant) = crate::auth::ssr::signed_in_tenant().await?;
    ssr::stop(&st, &tenant, &objet_arret).await
}

/// Cancels a request the landlord has not processed yet.
#[server(endpoint = "annulation_prelevement")]
pub async fn cancel_direct_debit(demande: String) -> Result<FormOutcome, AppError> {
    let (st, tenant) = crate::auth::ssr::signed_in_tenant().await?;
    ssr::cancel(&st, &tenant, &demande).await
}
