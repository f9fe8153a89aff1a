//! The lists the landlord's ERP uses, and what a profession may be.

pub const FAMILY_SITUATIONS: [&str; 7] = [
    "Célibataire",
    "Marié(e)",
    "Pacsé(e)",
    "Vie maritale",
    "Séparé(e)",
    "Divorcé(e)",
    "Veuf / veuve",
];

/// INSEE's socio-professional categories (PCS, level 1), with the inactive.
pub const CATEGORIES: [&str; 9] = [
    "Agriculteur exploitant",
    "Artisan, commerçant, chef d'entreprise",
    "Cadre, profession intellectuelle supérieure",
    "Profession intermédiaire",
    "Employé",
    "Ouvrier",
    "Retraité",
    "Étudiant",
    "Sans activité professionnelle",
];

pub fn profession(value: &str) -> Result<String, &'static str> {
    let v = value.trim();
    if v.chars().count() > 80 {
        Err("La profession ne doit pas dépasser 80 caractères.")
    } else {
        Ok(v.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profession_is_short() {
        assert_eq!(profession("  Aide-soignante "), Ok("Aide-soignante".into()));
        assert_eq!(profession(""), Ok(String::new()));
        assert!(profession(&"a".repeat(81)).is_err());
    }
}
