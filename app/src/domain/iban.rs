//! IBAN (ISO 13616) of a SEPA country: typed with or without spaces, in any
//! case; structure, length, the country's BBAN format and the mod-97 check
//! come from `iban_validate` (the SWIFT registry); what is SEPA, and the
//! French messages, are ours.
use iban::IbanLike;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The electronic form: upper case, no spaces.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Iban(String);

/// Countries of the SEPA direct-debit scheme (EPC list), with their IBAN
/// length and their name for messages. French overseas departments and
/// territories use FR IBANs.
const SEPA: [(&str, usize, &str); 41] = [
    ("AD", 24, "andorran"),
    ("AL", 28, "albanais"),
    ("AT", 20, "autrichien"),
    ("BE", 16, "belge"),
    ("BG", 22, "bulgare"),
    ("CH", 21, "suisse"),
    ("CY", 28, "chypriote"),
    ("CZ", 24, "tchèque"),
    ("DE", 22, "allemand"),
    ("DK", 18, "danois"),
    ("EE", 20, "estonien"),
    ("ES", 24, "espagnol"),
    ("FI", 18, "finlandais"),
    ("FR", 27, "français"),
    ("GB", 22, "britannique"),
    ("GI", 23, "de Gibraltar"),
    ("GR", 27, "grec"),
    ("HR", 21, "croate"),
    ("HU", 28, "hongrois"),
    ("IE", 22, "irlandais"),
    ("IS", 26, "islandais"),
    ("IT", 27, "italien"),
    ("LI", 21, "du Liechtenstein"),
    ("LT", 20, "lituanien"),
    ("LU", 20, "luxembourgeois"),
    ("LV", 21, "letton"),
    ("MC", 27, "monégasque"),
    ("MD", 24, "moldave"),
    ("ME", 22, "monténégrin"),
    ("MK", 19, "macédonien"),
    ("MT", 31, "maltais"),
    ("NL", 18, "néerlandais"),
    ("NO", 15, "norvégien"),
    ("PL", 28, "polonais"),
    ("PT", 25, "portugais"),
    ("RO", 24, "roumain"),
    ("SE", 24, "suédois"),
    ("SI", 19, "slovène"),
    ("SK", 24, "slovaque"),
    ("SM", 27, "saint-marinais"),
    ("VA", 22, "du Vatican"),
];

pub const IBAN_EMPTY: &str = "Indiquez l'IBAN du compte à débiter (il figure sur votre RIB).";
pub const IBAN_CHARACTERS: &str = "Un IBAN ne contient que des lettres et des chiffres, et commence par les deux lettres du pays (FR pour la France).";
pub const IBAN_NOT_SEPA: &str = "Cet IBAN n'est pas celui d'un pays de la zone SEPA : le prélèvement automatique n'y est pas possible.";
pub const IBAN_FORMAT: &str = "Cet IBAN a des lettres là où sa banque attend des chiffres (ou l'inverse) : vérifiez-le sur votre RIB.";
pub const IBAN_CHECK: &str =
    "La clé de contrôle de l'IBAN est incorrecte : vérifiez-le sur votre RIB.";

impl Iban {
    /// Parses what a tenant types. The length message names the country.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let compact: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_uppercase();
        if compact.is_empty() {
            return Err(IBAN_EMPTY.into());
        }
        let well_formed = compact.len() >= 4
            && compact.bytes().all(|b| b.is_ascii_alphanumeric())
            && compact.bytes().take(2).all(|b| b.is_ascii_alphabetic())
            && compact.bytes().skip(2).take(2).all(|b| b.is_ascii_digit());
        if !well_formed {
            return Err(IBAN_CHARACTERS.into());
        }
        let Some((_, length, name)) = SEPA.iter().find(|(c, _, _)| *c == &compact[..2]) else {
            return Err(IBAN_NOT_SEPA.into());
        };
        if compact.len() != *length {
            return Err(format!(
                "Un IBAN {name} compte {length} caractères ; celui-ci en compte {}.",
                compact.len()
            ));
        }
        match compact.parse::<iban::Iban>() {
            Ok(parsed) => Ok(Self(parsed.electronic_str().to_string())),
            Err(iban::ParseIbanError::InvalidBaseIban {
                source: iban::ParseBaseIbanError::InvalidChecksum,
            }) => Err(IBAN_CHECK.into()),
            Err(_) => Err(IBAN_FORMAT.into()),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn country(&self) -> &str {
        &self.0[..2]
    }

    /// Printed in groups of four: "FR76 3000 6000 0112 3456 7890 189".
    pub fn grouped(&self) -> String {
        group(&self.0)
    }

    /// Shown on screens: the country, the check digits and the last 4
    /// characters; the rest hidden. "FR76 •••• •••• •••• •••• •••0 189"
    pub fn masked(&self) -> String {
        let n = self.0.len();
        let hidden: String = self
            .0
            .char_indices()
            .map(|(i, c)| if i < 4 || i >= n - 4 { c } else { '•' })
            .collect();
        group(&hidden)
    }
}

fn group(s: &str) -> String {
    s.chars()
        .collect::<Vec<_>>()
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

impl fmt::Display for Iban {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.grouped())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_ibans_of_several_countries_in_any_typing() {
        for (typed, electronic) in [
            (
                "FR76 3000 6000 0112 3456 7890 189",
                "FR7630006000011234567890189",
            ),
            ("fr7630006000011234567890189", "FR7630006000011234567890189"),
            // French account numbers may hold letters.
            (
                "FR30 1027 8060 4100 0205 565E 072",
                "FR301027806041000205565E072",
            ),
            (
                "FR14 2004 1010 0505 0001 3M02 606",
                "FR1420041010050500013M02606",
            ),
            ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
            ("BE68 5390 0754 7034", "BE68539007547034"),
            ("ES91 2100 0418 4502 0005 1332", "ES9121000418450200051332"),
            (
                "IT60 X054 2811 1010 0000 0123 456",
                "IT60X0542811101000000123456",
            ),
            ("CH93 0076 2011 6238 5295 7", "CH9300762011623852957"),
            ("GB29 NWBK 6016 1331 9268 19", "GB29NWBK60161331926819"),
            (
                "MC58 1122 2000 0101 2345 6789 030",
                "MC5811222000010123456789030",
            ),
            ("NL91-ABNA-0417-1643-00", "NL91ABNA0417164300"),
        ] {
            let iban = Iban::parse(typed).unwrap_or_else(|e| panic!("{typed}: {e}"));
            assert_eq!(iban.as_str(), electronic);
        }
    }

    #[test]
    fn each_bad_iban_gets_its_own_french_message() {
        let refused = |typed: &str| Iban::parse(typed).unwrap_err();
        assert_eq!(refused(""), IBAN_EMPTY);
        assert_eq!(refused("FR76 3000 6000 0112 3456 7890 188"), IBAN_CHECK);
        assert_eq!(refused("DE89 3704 0044 0532 0130 01"), IBAN_CHECK);
        assert_eq!(
            refused("FR76 3000 6000 0112 3456 7890"),
            "Un IBAN français compte 27 caractères ; celui-ci en compte 24."
        );
        // Letters where Germany expects digits (the check digits made right).
        assert_eq!(refused("DE05 3704 0044 0532 0130 0A"), IBAN_FORMAT);
        assert_eq!(refused("US12 3456 7890 1234"), IBAN_NOT_SEPA);
        assert_eq!(
            refused("BR15 0000 0000 0000 1093 2840 814P2"),
            IBAN_NOT_SEPA
        );
        assert_eq!(
            refused("FR76 3000 6000 0112 3456 7890 18*"),
            IBAN_CHARACTERS
        );
        assert_eq!(refused("7630006000011234567890189"), IBAN_CHARACTERS);
    }

    #[test]
    fn printed_in_groups_of_four_and_masked_on_screens() {
        let iban = Iban::parse("FR7630006000011234567890189").unwrap();
        assert_eq!(iban.to_string(), "FR76 3000 6000 0112 3456 7890 189");
        assert_eq!(iban.masked(), "FR76 •••• •••• •••• •••• •••0 189");
        assert_eq!(iban.country(), "FR");
    }
}
