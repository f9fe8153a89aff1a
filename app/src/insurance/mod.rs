//! J'envoie mon attestation d'assurance: each lease with its insurance
//! status (à jour / non à jour / en cours de validation), a certificate with
//! its period Du / Au, "Mes derniers envois" numbered per landlord, the
//! alert on Accueil and the reminder mails before a certificate ends.

mod page;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use page::InsurancePage;

use crate::error::AppError;
use crate::requests::RequestRow;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeaseInsurance {
    pub id: i64,
    /// "Logement Type 3 – 12 rue … (réf. 0012345)"
    pub label: String,
    /// à jour / non à jour / en cours de validation
    pub status: String,
    /// "du 01/01/2026 au 31/12/2026", when a certificate was accepted.
    pub period: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InsuranceView {
    pub leases: Vec<LeaseInsurance>,
    /// Mes derniers envois.
    pub sends: Vec<RequestRow>,
}

#[server(endpoint = "assurance")]
pub async fn load_insurance() -> Result<InsuranceView, AppError> {
    let (st, tenant) = crate::auth::ssr::signed_in_tenant().await?;
    ssr::view(&st.db, &tenant).await
}
