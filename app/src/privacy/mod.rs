//! The tenant's rights on their data: Mes données (a copy of everything, RGPD
//! art. 15 and 20) and the retention job that deletes what outlived its
//! period. Fermer mon accès (art. 17) is the login's own business, in `auth`.
//! This page gathers several areas' tables, as Accueil does.
mod page;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use crate::auth::pages::CloseAccessPage;
pub use page::MyDataPage;

use crate::error::AppError;
use crate::forms::FormOutcome;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CopyState {
    Preparing,
    Ready,
    Failed,
}

/// A copy the tenant asked for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataCopy {
    pub id: i64,
    /// "03/12/2026 à 14:05".
    pub asked: String,
    pub state: CopyState,
    /// "1,2 Mo" once ready.
    pub size: String,
}

#[server(endpoint = "mes_donnees")]
pub async fn my_copies() -> Result<Vec<DataCopy>, AppError> {
    let st = crate::infra::state()?;
    let tenant = crate::auth::ssr::session::tenant(&st.db, &crate::infra::session().await?).await?;
    ssr::list(&st.db, tenant.login_id).await
}

#[server(endpoint = "preparer_mes_donnees")]
pub async fn ask_copy() -> Result<FormOutcome, AppError> {
    let st = crate::infra::state()?;
    let tenant = crate::auth::ssr::session::tenant(&st.db, &crate::infra::session().await?).await?;
    ssr::ask(&st, tenant).await
}
