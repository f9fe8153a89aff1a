use serde::{Deserialize, Serialize};
use std::fmt;

/// The client account number printed on every rent notice: exactly 6 digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AccountNumber(String);

impl AccountNumber {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let s = super::non_empty(raw, "Saisissez votre numéro de compte client.")?;
        // Tenants copy it from paper: tolerate the spaces they type inside it.
        let digits: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err("Le numéro du compte client ne contient que des chiffres.");
        }
        if digits.len() != 6 {
            return Err("Le numéro du compte client comporte 6 chiffres.");
        }
        Ok(Self(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AccountNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_six_digits_and_inner_spaces() {
        assert_eq!(AccountNumber::parse("123456").unwrap().as_str(), "123456");
        assert_eq!(
            AccountNumber::parse(" 123 456 ").unwrap().as_str(),
            "123456"
        );
    }

    #[test]
    fn refuses_wrong_lengths_letters_and_empty() {
        let six = "Le numéro du compte client comporte 6 chiffres.";
        assert_eq!(AccountNumber::parse("12345"), Err(six));
        assert_eq!(AccountNumber::parse("1234567"), Err(six));
        assert_eq!(
            AccountNumber::parse("12a456"),
            Err("Le numéro du compte client ne contient que des chiffres.")
        );
        assert_eq!(
            AccountNumber::parse("  "),
            Err("Saisissez votre numéro de compte client.")
        );
        assert_eq!(
            AccountNumber::parse(&"1".repeat(10_000)),
            Err("Ce champ est trop long.")
        );
    }
}
