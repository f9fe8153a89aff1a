//! Mes réclamations: a claim about the dwelling or the building (category,
//! place, description, photos, emergency), its progress and history, the
//! conversation with the landlord, and reopening within 30 days.

#[cfg(feature = "ssr")]
mod agency;
mod page;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use page::ClaimsPage;

use crate::error::AppError;
use crate::forms::FormOutcome;
use crate::requests::AttachmentView;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessageView {
    /// "Vous" or the landlord's name.
    pub author: String,
    /// dd/mm/yyyy à HHhMM
    pub at: String,
    pub body: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClaimView {
    pub id: i64,
    pub number: String,
    pub date: String,
    pub category: String,
    pub place: String,
    pub emergency: bool,
    pub progress: String,
    /// The tenant may still write (not resolved nor closed).
    pub open: bool,
    /// Resolved or closed less than 30 days ago.
    pub reopenable: bool,
    pub messages: Vec<MessageView>,
    /// (date, status) oldest first.
    pub history: Vec<(String, String)>,
    pub attachments: Vec<AttachmentView>,
    /// Recorded by the agency (from the ERP): shown, never answered here.
    pub by_agency: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClaimsView {
    pub claims: Vec<ClaimView>,
    /// The agency's phone, for emergencies.
    pub emergency_phone: String,
    pub max_files: usize,
}

#[server(endpoint = "reclamations")]
pub async fn load_claims() -> Result<ClaimsView, AppError> {
    let (st, tenant) = crate::auth::ssr::signed_in_tenant().await?;
    ssr::view(&st, &tenant).await
}

/// ROUVRIR: a resolved or closed claim, within 30 days.
#[server(endpoint = "rouvrir_reclamation")]
pub async fn reopen_claim(reclamation: String) -> Result<FormOutcome, AppError> {
    let (st, tenant) = crate::auth::ssr::signed_in_tenant().await?;
    ssr::reopen(&st, &tenant, &reclamation).await
}
