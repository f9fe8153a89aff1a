use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// A last or first name as typed by a tenant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str, empty_msg: &'static str) -> Result<Self, &'static str> {
        let s = super::non_empty(raw, empty_msg)?;
        let allowed = |c: char| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '’' | '.');
        if !s.chars().all(allowed) {
            return Err(
                "Ce champ ne peut contenir que des lettres, des espaces, des tirets et des apostrophes.",
            );
        }
        Ok(Self(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form compared with the landlord's records: what the ERP wrote
    /// ("N'GUYEN-LEFEVRE") and what a tenant types ("n guyen lefèvre") must meet.
    pub fn match_key(&self) -> String {
        match_key(&self.0)
    }
}

/// Upper case, accents removed, punctuation as spaces, spaces collapsed.
pub fn match_key(raw: &str) -> String {
    let folded: String = raw
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .to_uppercase();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_key_ignores_case_accents_and_extra_spaces() {
        let typed = PersonName::parse("  n guyen   lefèvre ", "vide").unwrap();
        assert_eq!(typed.match_key(), match_key("N'GUYEN-LEFEVRE"));
        assert_eq!(match_key("Éloïse"), "ELOISE");
    }

    #[test]
    fn refuses_digits_and_empty() {
        assert!(PersonName::parse("Dupont3", "vide").is_err());
        assert_eq!(PersonName::parse("   ", "vide"), Err("vide"));
    }
}
