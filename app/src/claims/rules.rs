//! What a claim must hold.

pub const CATEGORIES: [&str; 8] = [
    "Plomberie, fuite d'eau",
    "Chauffage, eau chaude",
    "Électricité",
    "Porte, serrure, fenêtre",
    "Ascenseur",
    "Propreté des parties communes",
    "Nuisibles (insectes, rongeurs)",
    "Autre",
];

pub const PLACES: [&str; 3] = [
    "Dans mon logement",
    "Dans les parties communes de l'immeuble",
    "À l'extérieur (parking, espaces verts)",
];

/// A closed claim may be reopened this long after its last change.
pub const REOPEN_DAYS: i64 = 30;

pub fn one_of(
    list: &[&'static str],
    value: &str,
    refusal: &'static str,
) -> Result<&'static str, &'static str> {
    list.iter().copied().find(|c| *c == value).ok_or(refusal)
}

pub fn category(value: &str) -> Result<&'static str, &'static str> {
    one_of(&CATEGORIES, value, "Choisissez la catégorie dans la liste.")
}

pub fn place(value: &str) -> Result<&'static str, &'static str> {
    one_of(&PLACES, value, "Choisissez où se situe le problème.")
}

pub fn options(list: &[&str]) -> Vec<(String, String)> {
    list.iter()
        .map(|v| (v.to_string(), v.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_listed_values() {
        assert_eq!(category("Ascenseur"), Ok("Ascenseur"));
        assert!(category("Toit").is_err());
        assert!(place("Sur la lune").is_err());
        assert_eq!(options(&PLACES).len(), 3);
    }
}
