//! Mon compte and the balance on Accueil: the account's situation, its
//! ledger by period and page, the balance chart, the relevé de compte (PDF).

mod chart;
mod page;
mod period;
#[cfg(feature = "ssr")]
pub mod ssr;
#[cfg(feature = "ssr")]
pub mod statement;

pub use chart::BalanceChart;
pub use page::AccountPage;
pub use period::Period;

use crate::domain::Money;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The balance on a day: positive, the tenant owes; negative, a credit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Situation {
    /// dd/mm/yyyy
    pub as_of: String,
    pub balance: Money,
    /// Insurance missing or ending, requests answered: shown on Accueil,
    /// each with the page to go to.
    pub alerts: Vec<(String, String)>,
}

impl Situation {
    /// The seed's sentence: "Au 13/09/2018, votre solde est à jour."
    pub fn sentence(&self) -> String {
        let cents = self.balance.cents();
        if cents == 0 {
            format!("Au {}, votre solde est à jour.", self.as_of)
        } else if cents > 0 {
            format!(
                "Au {}, votre solde est de {} en votre défaveur (somme à régler).",
                self.as_of, self.balance
            )
        } else {
            format!(
                "Au {}, votre compte présente un crédit de {} en votre faveur.",
                self.as_of,
                self.balance.abs()
            )
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LedgerLine {
    /// dd/mm/yyyy
    pub date: String,
    pub label: String,
    pub charge: Option<Money>,
    pub payment: Option<Money>,
    /// The balance after this entry.
    pub balance: Money,
}

/// Lines per page of the ledger: a phone screen or two.
pub const PAGE_SIZE: u32 = 20;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountView {
    pub situation: Situation,
    pub period: Period,
    /// Periods to choose from: (value, label).
    pub periods: Vec<(String, String)>,
    pub lines: Vec<LedgerLine>,
    pub page: u32,
    pub pages: u32,
    /// End-of-month balances of the last 12 months: ("mm/yyyy", balance).
    pub chart: Vec<(String, Money)>,
}

#[server(endpoint = "mon_compte")]
pub async fn load_account_view(periode: String, page: u32) -> Result<AccountView, AppError> {
    let (st, tenant) = crate::auth::ssr::signed_in_tenant().await?;
    ssr::account_view(&st.db, tenant.account_id, &periode, page).await
}
