//! Nous contacter: the head office and the tenant's agency (address, phone,
//! hours). The written request with its attachments comes with the upload
//! pipeline (issue 7).

mod page;
#[cfg(feature = "ssr")]
mod ssr;

pub use page::ContactPage;

use crate::error::AppError;
use crate::residence::Agency;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactView {
    /// The landlord's head office: name, address, phone.
    pub head_office: (String, String, String),
    /// The agency of the lease the pages refer to, else the account's.
    pub agency: Option<Agency>,
}

#[server(endpoint = "nous_contacter")]
pub async fn load_contact() -> Result<ContactView, AppError> {
    let (st, tenant) = crate::account::ssr::signed_in_tenant().await?;
    ssr::contact(&st.db, &tenant).await
}
