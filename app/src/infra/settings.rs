use crate::domain::PasswordPolicy;

/// What the server functions need to know of the configuration. The `server`
/// crate reads it from the environment (see README, "Configuration").
#[derive(Clone, Debug)]
pub struct Settings {
    /// Public address, without a trailing slash: links in mails start with it.
    pub base_url: String,
    /// The key that signs anti-robot challenges (32 bytes or more).
    pub secret: Vec<u8>,
    pub password_policy: PasswordPolicy,
    /// Reverse proxies in front whose `X-Forwarded-For` entry is believed
    /// (0: none, the connection's peer is the client).
    pub proxy_hops: usize,
    pub landlord_name: String,
    /// Where imported notices (PDF) are stored.
    pub documents_dir: std::path::PathBuf,
    /// The bank's hosted payment page (or the built-in test bank).
    pub payment: crate::payment::ssr::PaymentSettings,
    /// The landlord's SEPA creditor identifier, checked at start.
    pub creditor_ics: crate::domain::Ics,
    /// The landlord's account and the SEPA file's format, for direct debit.
    pub sdd: crate::direct_debit::ssr::collection::SddSettings,
    /// Tenants' attachments: limits and storage.
    pub upload_limits: crate::uploads::Limits,
    pub storage: crate::uploads::Storage,
    /// The legal pages' names, addresses and contacts.
    pub legal: crate::legal::LegalSettings,
    /// How long each kind of data is kept (the retention job).
    pub retention: crate::privacy::ssr::retention::Retention,
}

impl Settings {
    /// A link for a mail: the public base URL and a local path.
    pub fn link(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }
}
