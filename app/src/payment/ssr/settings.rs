//! The bank's parameters, from the configuration (README, "Paiement en ligne").
use super::vads::Algorithm;
use crate::domain::Money;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CtxMode {
    Test,
    Production,
}

impl CtxMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Test => "TEST",
            Self::Production => "PRODUCTION",
        }
    }
}

#[derive(Clone, Debug)]
pub struct PaymentSettings {
    /// vads_site_id: the shop's identifier at the bank (8 digits).
    pub site_id: String,
    /// The bank's name as tenants know it ("la Caisse d'Épargne").
    pub bank_name: String,
    /// The key of the mode in use (the bank gives one for TEST, one for PRODUCTION).
    pub key: String,
    pub mode: CtxMode,
    pub algorithm: Algorithm,
    /// The bank's payment page, where the signed form is posted.
    pub page_url: String,
    /// The smallest amount a tenant may choose (the whole balance may always be paid).
    pub minimum: Money,
    /// The most a tenant may pay ahead when nothing is due (a credit).
    pub maximum_ahead: Money,
    /// How long a payment sent to the bank counts as under way, in seconds:
    /// while it does, it is deducted from what may be paid again.
    pub pending_for_secs: i64,
    /// The built-in test bank is served (never in production).
    pub test_bank: bool,
}

impl PaymentSettings {
    /// The origin of the bank's page, for the page's form-action policy.
    pub fn page_origin(&self) -> String {
        let rest = self
            .page_url
            .split_once("://")
            .map(|(scheme, rest)| (scheme, rest.split('/').next().unwrap_or("")));
        match rest {
            Some((scheme, host)) => format!("{scheme}://{host}"),
            None => String::new(),
        }
    }
}
