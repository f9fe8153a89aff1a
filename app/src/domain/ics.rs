//! The SEPA creditor identifier (ICS in France): country, 2 check digits, a
//! 3-character business code that the check ignores, the national identifier
//! (6 characters in France: FRkkZZZnnnnnn). Checked when the landlord
//! configures it: the portal refuses to start with an invalid ICS.
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ics(String);

impl Ics {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let compact: String = raw
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        let b = compact.as_bytes();
        let shaped = (8..=35).contains(&b.len())
            && b[..2].iter().all(u8::is_ascii_alphabetic)
            && b[2..4].iter().all(u8::is_ascii_digit)
            && b[4..].iter().all(u8::is_ascii_alphanumeric);
        if !shaped {
            return Err(format!("ICS « {raw} » : forme attendue FRkkZZZnnnnnn"));
        }
        if compact.starts_with("FR") && b.len() != 13 {
            return Err(format!(
                "ICS « {raw} » : un ICS français compte 13 caractères"
            ));
        }
        let expected = check_digits(&compact[..2], &compact[7..]);
        if compact[2..4] != expected {
            return Err(format!(
                "ICS « {raw} » : la clé de contrôle est incorrecte (attendue : {expected})"
            ));
        }
        Ok(Self(compact))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// ISO 7064 mod 97-10 over the national identifier, the country and "00".
fn check_digits(country: &str, national: &str) -> String {
    let mut rest: u32 = 0;
    for c in national.chars().chain(country.chars()).chain("00".chars()) {
        let value = c.to_digit(36).unwrap_or(0);
        for d in value.to_string().chars() {
            rest = (rest * 10 + d.to_digit(10).unwrap_or(0)) % 97;
        }
    }
    format!("{:02}", 98 - rest)
}

impl std::fmt::Display for Ics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_creditor_identifiers() {
        for ics in [
            "FR72ZZZ123456",
            "fr22zzzabc123",
            "FR53ZZZ999999",
            "FR49ZZZ000001",
        ] {
            assert!(Ics::parse(ics).is_ok(), "{ics}");
        }
        // The business code is not part of the check.
        assert!(Ics::parse("FR72ABC123456").is_ok());
    }

    #[test]
    fn invalid_creditor_identifiers_are_refused_with_the_reason() {
        assert!(
            Ics::parse("FR73ZZZ123456")
                .unwrap_err()
                .contains("clé de contrôle")
        );
        assert!(
            Ics::parse("FR72ZZZ12345")
                .unwrap_err()
                .contains("13 caractères")
        );
        assert!(
            Ics::parse("72ZZZ123456")
                .unwrap_err()
                .contains("forme attendue")
        );
        assert!(Ics::parse("").unwrap_err().contains("forme attendue"));
    }
}
