//! The request form, parsed once: each field's French refusal, or the values
//! the server records. Shared by the browser and the server.
use crate::domain::{Bic, Iban};
use crate::forms::FormState;

pub const DEBIT_DAYS: [i64; 3] = [5, 10, 15];
/// The object meaning the whole account (every lease).
pub const WHOLE_ACCOUNT: &str = "tout";

pub struct RequestForm {
    pub holder: String,
    pub iban: String,
    pub bic: String,
    pub day: String,
    pub object: String,
}

#[derive(Debug, PartialEq)]
pub struct ValidRequest {
    pub holder: String,
    pub iban: Iban,
    pub bic: Bic,
    pub day: i64,
    pub object: String,
}

impl RequestForm {
    /// Checks every field; `objects` are the values the tenant may choose.
    /// What was typed, to show again with a refusal.
    pub fn kept(&self) -> FormState {
        let mut form = FormState::default();
        for (name, value) in [
            ("titulaire", &self.holder),
            ("iban", &self.iban),
            ("bic", &self.bic),
            ("jour", &self.day),
            ("objet", &self.object),
        ] {
            form.keep(name, value);
        }
        form
    }

    pub fn check(&self, objects: &[String]) -> Result<ValidRequest, FormState> {
        let mut form = self.kept();
        let holder = self.holder.trim().to_string();
        if holder.is_empty() {
            form.error(
                "titulaire",
                "Indiquez le nom du titulaire du compte, tel qu'il figure sur votre RIB.",
            );
        } else if holder.chars().count() > 70 {
            form.error(
                "titulaire",
                "Le nom du titulaire compte au plus 70 caractères.",
            );
        }
        let iban = Iban::parse(&self.iban)
            .map_err(|e| form.error("iban", e))
            .ok();
        let bic = form.check("bic", Bic::parse(&self.bic));
        if let (Some(iban), Some(bic)) = (&iban, &bic)
            && let Err(msg) = bic.matches(iban)
        {
            form.error("bic", msg);
        }
        let day = self
            .day
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|d| DEBIT_DAYS.contains(d));
        if day.is_none() {
            form.error("jour", "Choisissez le 5, le 10 ou le 15 du mois.");
        }
        if !objects.contains(&self.object) {
            form.error("objet", "Choisissez la location concernée.");
        }
        match (form.is_ok(), iban, bic, day) {
            (true, Some(iban), Some(bic), Some(day)) => Ok(ValidRequest {
                holder,
                iban,
                bic,
                day,
                object: self.object.clone(),
            }),
            _ => Err(form),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(iban: &str, bic: &str, day: &str) -> RequestForm {
        RequestForm {
            holder: "Sophie Martin".into(),
            iban: iban.into(),
            bic: bic.into(),
            day: day.into(),
            object: "tout".into(),
        }
    }
    fn objects() -> Vec<String> {
        vec!["tout".into(), "0012345".into()]
    }

    #[test]
    fn a_good_request_is_parsed_once() {
        let ok = form("fr76 3000 6000 0112 3456 7890 189", "agrifrpp", "10")
            .check(&objects())
            .unwrap();
        assert_eq!(ok.iban.as_str(), "FR7630006000011234567890189");
        assert_eq!(ok.bic.as_str(), "AGRIFRPP");
        assert_eq!(ok.day, 10);
    }

    #[test]
    fn every_field_is_refused_next_to_itself_and_kept() {
        let mut bad = form("FR76 3000 6000 0112 3456 7890 188", "DEUTDEFF", "12");
        bad.holder = " ".into();
        bad.object = "9999999".into();
        let state = bad.check(&objects()).unwrap_err();
        for field in ["titulaire", "iban", "jour", "objet"] {
            assert!(state.errors.contains_key(field), "{field}");
        }
        assert_eq!(state.errors["iban"], crate::domain::iban::IBAN_CHECK);
        assert_eq!(state.values["iban"], "FR76 3000 6000 0112 3456 7890 188");
        // A valid French IBAN with a German BIC: asked to check the BIC.
        let state = form("FR7630006000011234567890189", "DEUTDEFF", "5")
            .check(&objects())
            .unwrap_err();
        assert_eq!(state.errors["bic"], crate::domain::bic::BIC_NOT_FRENCH);
    }
}
