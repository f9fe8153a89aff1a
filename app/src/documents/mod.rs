//! Documents divers: the ERP's notices (last 3 avis d'échéance, last 2 avis
//! de régularisation de charges) and the quittance de loyer the portal makes
//! for any month paid in full (the tenant's right: loi du 6 juillet 1989,
//! art. 21).

mod page;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use page::DocumentsPage;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    /// Random, unguessable; the download still checks the owner.
    pub public_id: String,
    pub title: String,
    /// dd/mm/yyyy
    pub issued: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentsView {
    pub due_notices: Vec<Notice>,
    pub adjustment_notices: Vec<Notice>,
    /// Every month paid in full, newest first: ("2025-10", "octobre 2025").
    pub receipt_months: Vec<(String, String)>,
    /// The landlord's name, for the seed's introduction.
    pub landlord: String,
}

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// "2025-10" → "octobre 2025".
pub fn month_label(month: &str) -> String {
    let (y, m) = month.split_once('-').unwrap_or((month, "1"));
    let m: usize = m.parse().unwrap_or(1);
    format!("{} {y}", MONTHS[(m.clamp(1, 12)) - 1])
}

/// "de mars 2025", "d'octobre 2025": French elides before a vowel.
pub fn of_month(month: &str) -> String {
    let label = month_label(month);
    if label.starts_with(['a', 'o']) {
        format!("d'{label}")
    } else {
        format!("de {label}")
    }
}

#[server(endpoint = "documents")]
pub async fn load_documents() -> Result<DocumentsView, AppError> {
    let (st, tenant) = crate::auth::ssr::signed_in_tenant().await?;
    ssr::documents_view(&st.db, tenant.account_id, &st.settings.landlord_name).await
}
