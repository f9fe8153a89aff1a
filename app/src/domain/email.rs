use serde::{Deserialize, Serialize};
use std::fmt;

/// A login identifier. Stored lower-cased so that one mailbox is one login.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let s = super::non_empty(raw, "Saisissez votre adresse e-mail.")?;
        if s.chars().any(char::is_whitespace) {
            return Err("L'adresse e-mail ne doit pas contenir d'espace.");
        }
        let invalid = "Cette adresse e-mail n'est pas valide (exemple : prenom.nom@exemple.fr).";
        let (local, domain) = s.split_once('@').ok_or(invalid)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.contains(['"', '(', ')', ',', ':', ';', '<', '>', '[', '\\', ']']);
        if !domain_ok || !local_ok || s.len() > 254 {
            return Err(invalid);
        }
        Ok(Self(s.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercases_and_trims() {
        assert_eq!(
            Email::parse(" Sophie@Exemple.COM ").unwrap().as_str(),
            "sophie@exemple.com"
        );
    }

    #[test]
    fn refuses_spaces_missing_parts_and_empty() {
        assert_eq!(
            Email::parse("sophie @exemple.com"),
            Err("L'adresse e-mail ne doit pas contenir d'espace.")
        );
        for bad in [
            "sophie",
            "sophie@",
            "@exemple.com",
            "sophie@exemple",
            "a@b..fr",
            "a<b@c.fr",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
        assert_eq!(Email::parse(""), Err("Saisissez votre adresse e-mail."));
    }
}
