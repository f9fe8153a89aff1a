//! A phone number, French or international, checked with `phonenumber` (a
//! maintained port of Google's libphonenumber, with its metadata): "06 12 34
//! 56 78", "+33 6 12 34 56 78" and "+44 20 7946 0958" are numbers; "06 12"
//! is not. Kept in E.164 (+33612345678), shown in the national way for
//! French numbers and the international way otherwise.
use phonenumber::{Mode, country};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let refused = "Ce numéro de téléphone n'est pas valide : 10 chiffres, par exemple 06 12 34 56 78, ou +32 … pour l'étranger.";
        if raw.trim().len() > 30 {
            return Err(refused);
        }
        let number = phonenumber::parse(Some(country::Id::FR), raw.trim()).map_err(|_| refused)?;
        if !phonenumber::is_valid(&number) {
            return Err(refused);
        }
        Ok(Self(number.format().mode(Mode::E164).to_string()))
    }

    pub fn e164(&self) -> &str {
        &self.0
    }

    /// "06 12 34 56 78" for France, "+44 20 7946 0958" elsewhere.
    pub fn display(e164: &str) -> String {
        let Ok(n) = phonenumber::parse(None, e164) else {
            return e164.to_string();
        };
        let mode = if n.code().value() == 33 {
            Mode::National
        } else {
            Mode::International
        };
        n.format().mode(mode).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::Phone;

    #[test]
    fn french_and_international_numbers() {
        assert_eq!(
            Phone::parse("06 12 34 56 78").unwrap().e164(),
            "+33612345678"
        );
        assert_eq!(
            Phone::parse("+33 4 77 32 72 47").unwrap().e164(),
            "+33477327247"
        );
        assert_eq!(
            Phone::parse("0477.32.72.47").unwrap().e164(),
            "+33477327247"
        );
        assert_eq!(
            Phone::parse("+44 20 7946 0958").unwrap().e164(),
            "+442079460958"
        );
        assert_eq!(Phone::display("+33612345678"), "06 12 34 56 78");
        assert_eq!(Phone::display("+442079460958"), "+44 20 7946 0958");
    }

    #[test]
    fn malformed_numbers_are_refused() {
        for bad in [
            "06 12",
            "abcdefghij",
            "00000000000000000000000",
            "+33 1",
            "",
        ] {
            assert!(Phone::parse(bad).is_err(), "{bad}");
        }
    }
}
