//! Je règle mon loyer en ligne: the tenant chooses an amount, VALIDER records
//! the payment request and sends the browser to the bank's hosted page
//! (Systempay / PayZen protocol); the bank's notification (IPN) settles it.
//! The page only ever shows what the database says.

mod page;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use page::PaymentPage;

use crate::account::Situation;
use crate::domain::Money;
use crate::error::AppError;
use crate::forms::FormOutcome;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaymentStatus {
    /// Sent to the bank, no answer yet.
    Underway,
    /// Sent to the bank long ago and never answered: shown as not completed.
    Stale,
    Accepted,
    Refused,
    Abandoned,
    Cancelled,
    Expired,
}

impl PaymentStatus {
    /// The value in the database.
    pub fn code(self) -> &'static str {
        match self {
            Self::Underway | Self::Stale => "en_cours",
            Self::Accepted => "accepte",
            Self::Refused => "refuse",
            Self::Abandoned => "abandonne",
            Self::Cancelled => "annule",
            Self::Expired => "expire",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "en_cours" => Self::Underway,
            "accepte" => Self::Accepted,
            "refuse" => Self::Refused,
            "abandonne" => Self::Abandoned,
            "annule" => Self::Cancelled,
            "expire" => Self::Expired,
            _ => return None,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Underway => "En cours de traitement",
            Self::Stale => "Non abouti",
            Self::Accepted => "Accepté",
            Self::Refused => "Refusé",
            Self::Abandoned => "Abandonné",
            Self::Cancelled => "Annulé",
            Self::Expired => "Expiré",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaymentLine {
    /// dd/mm/yyyy
    pub date: String,
    /// The "Demande" number: 9 digits.
    pub number: String,
    pub authorisation: String,
    pub amount: Money,
    pub status: PaymentStatus,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaymentView {
    pub situation: Situation,
    /// The balance minus the payments under way: the most that may be paid now.
    pub payable: Money,
    pub minimum: Money,
    /// The most that may be paid ahead when nothing is due.
    pub maximum_ahead: Money,
    /// Payments sent to the bank and not answered yet.
    pub underway: Vec<PaymentLine>,
    /// "Vos derniers paiements", newest first.
    pub history: Vec<PaymentLine>,
    /// The payment the bank sent the tenant back for (`?demande=`).
    pub returned: Option<PaymentLine>,
    pub landlord_name: String,
    /// The bank's name, for the seed's introduction (`ESPACE_PAYMENT_BANK_NAME`).
    pub bank_name: String,
    /// "Location(s)": (type, address, insurance up to date).
    pub leases: Vec<(String, String, bool)>,
    /// "13/09/2018": the day the balance is given for.
    pub today: String,
}

/// The "Demande" number as shown and as sent to the bank (vads_order_id).
pub fn request_number(id: i64) -> String {
    format!("{id:09}")
}

#[server(endpoint = "paiement")]
pub async fn load_payment(demande: Option<String>) -> Result<PaymentView, AppError> {
    let (st, tenant) = crate::auth::ssr::signed_in_tenant().await?;
    ssr::view(&st, &tenant, demande.as_deref()).await
}

/// VALIDER: records the payment request, then goes to the page that sends
/// the browser to the bank.
#[server(endpoint = "payer")]
pub async fn start_payment(choix: String, montant: String) -> Result<FormOutcome, AppError> {
    let (st, tenant) = crate::auth::ssr::signed_in_tenant().await?;
    ssr::start(&st, &tenant, &choix, &montant).await
}
