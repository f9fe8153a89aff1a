/// The rule shown next to every new-password field. It follows the CNIL's 2022
/// recommendation for a password protected by access throttling.
pub const PASSWORD_RULE: &str = "Au moins 8 caractères, dont au moins 3 types parmi : \
une lettre majuscule, une lettre minuscule, un chiffre, un caractère spécial (@, &, ;, !…). \
Évitez un mot de passe facile à deviner (votre nom, votre date de naissance, « Azerty123! »…).";

/// A password rule; the landlord may configure a stronger one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswordPolicy {
    pub min_len: usize,
    pub min_classes: usize,
    /// zxcvbn score (0 to 4) below which a password is refused as guessable.
    pub min_strength: u8,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self {
            min_len: 8,
            min_classes: 3,
            min_strength: 3,
        }
    }
}

const MAX_PASSWORD_CHARS: usize = 128;

impl PasswordPolicy {
    /// Checks a new password. `personal` holds what must not appear in it:
    /// the tenant's names, account number, birth date (in its written forms).
    pub fn check(&self, password: &str, personal: &[&str]) -> Result<(), &'static str> {
        let len = password.chars().count();
        if len == 0 {
            return Err("Saisissez un mot de passe.");
        }
        if len < self.min_len {
            return Err("Le mot de passe doit comporter au moins 8 caractères.");
        }
        if len > MAX_PASSWORD_CHARS {
            return Err("Le mot de passe ne doit pas dépasser 128 caractères.");
        }
        if classes(password) < self.min_classes {
            return Err(
                "Le mot de passe doit contenir au moins 3 types de caractères parmi : majuscule, minuscule, chiffre, caractère spécial.",
            );
        }
        let lowered = super::person_name::match_key(password).replace(' ', "");
        let contains_personal = personal.iter().any(|p| {
            let key = super::person_name::match_key(p).replace(' ', "");
            key.chars().count() >= 3 && lowered.contains(&key)
        });
        if contains_personal {
            return Err(
                "Le mot de passe ne doit contenir ni votre nom, ni votre prénom, ni votre numéro de compte, ni votre date de naissance.",
            );
        }
        self.check_strength(password, personal)
    }

    #[cfg(feature = "ssr")]
    fn check_strength(&self, password: &str, personal: &[&str]) -> Result<(), &'static str> {
        let score = zxcvbn::zxcvbn(password, personal).score() as u8;
        if score < self.min_strength {
            return Err(
                "Ce mot de passe est trop facile à deviner : allongez-le ou mélangez davantage les caractères.",
            );
        }
        Ok(())
    }

    /// The estimate runs on the server only; the browser never decides alone.
    #[cfg(not(feature = "ssr"))]
    fn check_strength(&self, _: &str, _: &[&str]) -> Result<(), &'static str> {
        Ok(())
    }
}

fn classes(password: &str) -> usize {
    let has = |f: fn(char) -> bool| password.chars().any(f) as usize;
    has(char::is_uppercase)
        + has(char::is_lowercase)
        + has(|c| c.is_ascii_digit())
        + has(|c| !c.is_alphanumeric())
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn check(p: &str) -> Result<(), &'static str> {
        PasswordPolicy::default()
            .check(p, &["Dupont", "Sophie", "123456", "14031985", "14/03/1985"])
    }

    #[test]
    fn accepts_a_long_mixed_password() {
        assert_eq!(check("Velo-Rouge-42-Sur-Le-Quai"), Ok(()));
    }

    #[test]
    fn refuses_short_two_class_personal_and_guessable() {
        assert!(check("Ab1!").unwrap_err().contains("8 caractères"));
        assert!(check("abcdefghij").unwrap_err().contains("3 types"));
        assert!(check("Dupont2026!").unwrap_err().contains("votre nom"));
        assert!(check("x123456Y!").unwrap_err().contains("votre nom"));
        assert!(
            check("Azerty123!")
                .unwrap_err()
                .contains("facile à deviner")
        );
        assert!(
            check("Password1!")
                .unwrap_err()
                .contains("facile à deviner")
        );
        assert!(check(&"Aa1!".repeat(40)).unwrap_err().contains("128"));
    }
}
