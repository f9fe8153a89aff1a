//! RUM, the unique mandate reference the portal gives each direct-debit
//! request: "EL" (Espace Locataire), the 6-digit account number, "-", the
//! 9-digit request number. Unique because the request number is; 18
//! characters of the SEPA set (at most 35 allowed).
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rum(String);

impl Rum {
    pub fn new(account: &super::AccountNumber, request_id: i64) -> Self {
        Self(format!("EL{}-{request_id:09}", account.as_str()))
    }

    /// A RUM as stored or imported: the SEPA character set, 1 to 35 characters.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let ok = (1..=35).contains(&raw.len())
            && raw
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "/-?:().,'+ ".contains(c));
        if ok {
            Ok(Self(raw.to_string()))
        } else {
            Err("RUM invalide")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Rum {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::AccountNumber;

    #[test]
    fn generated_rums_are_short_sepa_text_and_distinct() {
        let account = AccountNumber::parse("123456").unwrap();
        let a = Rum::new(&account, 12);
        assert_eq!(a.as_str(), "EL123456-000000012");
        assert!(Rum::parse(a.as_str()).is_ok());
        assert_ne!(a, Rum::new(&account, 13));
        assert!(Rum::parse(&"X".repeat(36)).is_err());
        assert!(Rum::parse("EL123456_1").is_err());
    }
}
