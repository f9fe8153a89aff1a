//! What a written request must hold. Pure, so the browser and the server
//! apply the same rules, and unit-tested.

/// Objet (Nous contacter), as in the seed.
pub const OBJECTS: [&str; 2] = ["Demande administrative", "Demande technique"];

/// The types of document a request's attachment may have, as in the seed.
pub const DOC_TYPES: [(&str, &str); 7] = [
    (
        "etat_civil",
        "Pièces d'État civil (mariage, naissance, divorce, etc.)",
    ),
    ("avis_imposition", "Avis d'imposition"),
    ("enquete_sls", "Enquêtes SLS"),
    ("caf_msa", "Attestation CAF / MSA"),
    ("mandat_sepa", "Mandat de prélèvement SEPA"),
    ("rib", "RIB"),
    ("autre", "Autres documents"),
];

/// Longest message, in characters.
pub const MAX_MESSAGE: usize = 4000;

pub fn message(text: &str) -> Result<String, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        Err("Écrivez votre message.")
    } else if text.chars().count() > MAX_MESSAGE {
        Err("Votre message dépasse 4 000 caractères : raccourcissez-le, ou joignez un document.")
    } else {
        Ok(text.to_string())
    }
}

pub fn object(value: &str) -> Result<&'static str, &'static str> {
    OBJECTS
        .into_iter()
        .find(|o| *o == value)
        .ok_or("Choisissez l'objet de votre demande.")
}

/// Types given by the form itself, not chosen by the tenant.
const FIXED_TYPES: [(&str, &str); 3] = [
    ("attestation_assurance", "Attestation d'assurance"),
    ("photo", "Photo"),
    ("justificatif", "Justificatif"),
];

/// The label of a document type code, if it is one.
pub fn doc_type(code: &str) -> Option<&'static str> {
    DOC_TYPES
        .iter()
        .chain(FIXED_TYPES.iter())
        .find(|(c, _)| *c == code)
        .map(|(_, l)| *l)
}

/// The (value, label) options of the document types.
pub fn doc_type_options() -> Vec<(String, String)> {
    DOC_TYPES
        .iter()
        .map(|(c, l)| (c.to_string(), l.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_required_and_bounded() {
        assert_eq!(message("  Bonjour  "), Ok("Bonjour".into()));
        assert!(message("   ").is_err());
        assert!(message(&"é".repeat(MAX_MESSAGE)).is_ok());
        assert!(message(&"é".repeat(MAX_MESSAGE + 1)).is_err());
    }

    #[test]
    fn only_the_listed_objects_and_types() {
        assert_eq!(object("Demande technique"), Ok("Demande technique"));
        assert!(object("Demande urgente").is_err());
        assert_eq!(doc_type("rib"), Some("RIB"));
        assert_eq!(doc_type("exe"), None);
    }
}
