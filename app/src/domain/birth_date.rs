use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A birth date, typed `jj/mm/aaaa` (as on French forms) or ISO `aaaa-mm-jj`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BirthDate(NaiveDate);

impl BirthDate {
    /// `today` is the landlord's date (Europe/Paris), given by the caller.
    pub fn parse(raw: &str, today: NaiveDate) -> Result<Self, &'static str> {
        let s = super::non_empty(raw, "Saisissez votre date de naissance.")?;
        let malformed =
            "La date de naissance doit être au format jj/mm/aaaa (exemple : 14/03/1985).";
        let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        let date = NaiveDate::parse_from_str(&compact, "%d/%m/%Y")
            .or_else(|_| NaiveDate::parse_from_str(&compact, "%Y-%m-%d"))
            .map_err(|_| malformed)?;
        if date > today {
            return Err("La date de naissance ne peut pas être dans le futur.");
        }
        if date.year() < 1900 {
            return Err(malformed);
        }
        Ok(Self(date))
    }

    pub fn from_iso(iso: &str) -> Option<Self> {
        NaiveDate::parse_from_str(iso, "%Y-%m-%d").ok().map(Self)
    }

    pub fn iso(&self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }

    /// `dd/mm/yyyy`, the way every French document shows it.
    pub fn french(&self) -> String {
        self.0.format("%d/%m/%Y").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn accepts_french_and_iso_forms() {
        let d = BirthDate::parse("14/03/1985", today()).unwrap();
        assert_eq!(d.iso(), "1985-03-14");
        assert_eq!(BirthDate::parse("1985-03-14", today()).unwrap(), d);
        assert_eq!(d.french(), "14/03/1985");
    }

    #[test]
    fn refuses_future_malformed_and_impossible_dates() {
        assert_eq!(
            BirthDate::parse("24/11/2026", today()),
            Err("La date de naissance ne peut pas être dans le futur.")
        );
        for bad in ["31/02/1985", "14-03-1985", "hier", "14/03/85", "01/01/1800"] {
            assert!(BirthDate::parse(bad, today()).is_err(), "{bad}");
        }
    }
}
