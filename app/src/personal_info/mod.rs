//! Mes informations personnelles: what the landlord knows of the household
//! (signatories, phones, email, birth date, situation familiale, catégorie
//! socio-professionnelle, profession, occupants), and the tenant's requests
//! to change them. A change applies once the landlord's staff accept it.

mod page;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use page::PersonalInfoPage;

use crate::error::AppError;
use crate::forms::FormOutcome;
use crate::requests::RequestRow;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonView {
    pub name: String,
    /// dd/mm/yyyy, or empty.
    pub birth_date: String,
    /// A signatory's postal address as the ERP knows it, or empty.
    pub address: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonalInfoView {
    pub signatories: Vec<PersonView>,
    pub occupants: Vec<PersonView>,
    /// The signed-in signatory's own.
    pub phone_home: String,
    pub phone_mobile: String,
    pub phone_work: String,
    pub email: String,
    /// The e-mail the landlord writes to (from the ERP), not the login.
    pub landlord_email: String,
    pub birth_date: String,
    pub family_situation: String,
    pub occupation_category: String,
    pub profession: String,
    /// Vos dernières demandes: Demande, Type (the row's subject), Avancement.
    pub requests: Vec<RequestRow>,
}

#[server(endpoint = "informations_personnelles")]
pub async fn load_personal_info() -> Result<PersonalInfoView, AppError> {
    let (st, tenant) = crate::auth::ssr::signed_in_tenant().await?;
    ssr::view(&st.db, &tenant).await
}

/// MODIFIER MES COORDONNÉES: the three phones (each may be left empty).
#[server(endpoint = "modifier_coordonnees")]
pub async fn change_contact_details(
    fixe: String,
    mobile: String,
    travail: String,
) -> Result<FormOutcome, AppError> {
    let (st, tenant) = crate::auth::ssr::signed_in_tenant().await?;
    ssr::contact_details(&st, &tenant, [fixe, mobile, travail]).await
}

/// MODIFIER MA SITUATION PROFESSIONNELLE.
#[server(endpoint = "modifier_situation_professionnelle")]
pub async fn change_work_situation(
    categorie: String,
    profession: String,
) -> Result<FormOutcome, AppError> {
    let (st, tenant) = crate::auth::ssr::signed_in_tenant().await?;
    ssr::work(&st, &tenant, &categorie, &profession).await
}
