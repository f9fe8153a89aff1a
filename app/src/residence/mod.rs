//! Ma résidence: each lease of the account with what the landlord knows of
//! it, and its agency; and the choice of the lease the pages refer to.

mod page;
#[cfg(feature = "ssr")]
mod ssr;

pub use page::{LeaseChoice, ResidencePage};

use crate::domain::Money;
use crate::error::AppError;
use crate::forms::FormOutcome;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Agency {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub hours: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeaseView {
    pub reference: String,
    /// "Logement", "Stationnement", "Garage"
    pub kind: String,
    pub label: String,
    pub address: String,
    pub building: String,
    pub floor: String,
    pub door: String,
    pub rent: Money,
    pub charges: Money,
    /// dd/mm/yyyy
    pub start: String,
    /// dd/mm/yyyy when the lease has ended.
    pub end: Option<String>,
    /// The lease's agency, else the account's; None when neither is known.
    pub agency: Option<Agency>,
    pub chosen: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResidenceView {
    pub leases: Vec<LeaseView>,
    /// The head office's phone, for a lease without agency.
    pub head_office_phone: String,
}

#[server(endpoint = "ma_residence")]
pub async fn load_residence() -> Result<ResidenceView, AppError> {
    let (st, tenant) = crate::auth::ssr::signed_in_tenant().await?;
    ssr::residence(&st.db, &tenant).await
}

/// Makes `reference` the lease the pages refer to, then goes back to `retour`.
#[server(endpoint = "choix_location")]
pub async fn choose_lease(reference: String, retour: String) -> Result<FormOutcome, AppError> {
    let (st, tenant) = crate::auth::ssr::signed_in_tenant().await?;
    ssr::choose(&st.db, &tenant, &reference, &retour).await
}
