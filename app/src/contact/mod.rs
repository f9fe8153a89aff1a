//! Nous contacter: the head office and the tenant's agency (address, phone,
//! hours), a written request with typed attachments (see `requests`), and
//! the tenant's last requests with their progress.

mod page;
#[cfg(feature = "ssr")]
mod ssr;

pub use page::{ContactPage, phone};

use crate::error::AppError;
use crate::requests::RequestRow;
use crate::residence::Agency;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactView {
    /// The landlord's head office: name, address, phone.
    pub head_office: (String, String, String),
    /// The agency of the lease the pages refer to, else the account's.
    pub agency: Option<Agency>,
    /// Vos dernières demandes.
    pub requests: Vec<RequestRow>,
    /// How many files a request may carry.
    pub max_files: usize,
}

#[server(endpoint = "nous_contacter")]
pub async fn load_contact() -> Result<ContactView, AppError> {
    let (st, tenant) = crate::auth::ssr::signed_in_tenant().await?;
    ssr::contact(&st, &tenant).await
}
