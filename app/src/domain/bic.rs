//! BIC (ISO 9362): 4 letters for the bank, 2 for its country, 2 letters or
//! digits for the place, and optionally 3 for the branch.
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bic(String);

pub const BIC_EMPTY: &str = "Indiquez le BIC de votre banque (il figure sur votre RIB).";
pub const BIC_FORMAT: &str = "Un BIC compte 8 ou 11 caractères : 4 lettres pour la banque, 2 pour le pays, puis des lettres ou des chiffres (par exemple BNPAFRPP).";
pub const BIC_NOT_FRENCH: &str = "Ce BIC n'est pas celui d'une banque française (lettres 5 et 6 : FR) alors que l'IBAN est français : vérifiez-le sur votre RIB.";

impl Bic {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let compact: String = raw
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        if compact.is_empty() {
            return Err(BIC_EMPTY);
        }
        let b = compact.as_bytes();
        let ok = matches!(b.len(), 8 | 11)
            && b[..6].iter().all(u8::is_ascii_alphabetic)
            && b[6..].iter().all(u8::is_ascii_alphanumeric);
        if !ok {
            return Err(BIC_FORMAT);
        }
        Ok(Self(compact))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn country(&self) -> &str {
        &self.0[4..6]
    }

    /// A French IBAN is held at a French bank: its BIC says FR.
    pub fn matches(&self, iban: &super::Iban) -> Result<(), &'static str> {
        if iban.country() == "FR" && self.country() != "FR" {
            return Err(BIC_NOT_FRENCH);
        }
        Ok(())
    }
}

impl std::fmt::Display for Bic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Iban;

    #[test]
    fn bics_of_8_and_11_characters_in_any_case() {
        for (typed, bic) in [
            ("BNPAFRPP", "BNPAFRPP"),
            ("cepafrpp 751", "CEPAFRPP751"),
            ("DEUTDEFF500", "DEUTDEFF500"),
            ("AGRIFRPP882", "AGRIFRPP882"),
        ] {
            assert_eq!(Bic::parse(typed).unwrap().as_str(), bic);
        }
    }

    #[test]
    fn malformed_bics_are_refused() {
        assert_eq!(Bic::parse("").unwrap_err(), BIC_EMPTY);
        for bad in [
            "BNPAFR",
            "BNPAFRPP1",
            "BNP1FRPP",
            "BNPAF2PP",
            "BNPAFRPP75*",
            "BNPAFRPP7511",
        ] {
            assert_eq!(Bic::parse(bad).unwrap_err(), BIC_FORMAT, "{bad}");
        }
    }

    #[test]
    fn a_french_iban_needs_a_french_bic() {
        let fr = Iban::parse("FR7630006000011234567890189").unwrap();
        let de = Iban::parse("DE89370400440532013000").unwrap();
        assert!(Bic::parse("AGRIFRPP").unwrap().matches(&fr).is_ok());
        assert_eq!(
            Bic::parse("DEUTDEFF").unwrap().matches(&fr).unwrap_err(),
            BIC_NOT_FRENCH
        );
        assert!(Bic::parse("DEUTDEFF").unwrap().matches(&de).is_ok());
    }
}
