//! The ledger's periods: the last 12 months (default), a calendar year, or
//! everything. Parsed from the page's query string; anything else is the
//! default, so a forged value shows a normal page.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Period {
    LastYear,
    Year(i32),
    All,
}

impl Period {
    pub fn parse(raw: &str) -> Period {
        match raw {
            "tout" => Period::All,
            y if y.len() == 4 => y
                .parse()
                .ok()
                .filter(|y| (1900..=2100).contains(y))
                .map_or(Period::LastYear, Period::Year),
            _ => Period::LastYear,
        }
    }

    pub fn value(self) -> String {
        match self {
            Period::LastYear => "12-mois".into(),
            Period::Year(y) => y.to_string(),
            Period::All => "tout".into(),
        }
    }

    pub fn label(self) -> String {
        match self {
            Period::LastYear => "Les 12 derniers mois".into(),
            Period::Year(y) => format!("Année {y}"),
            Period::All => "Depuis le début".into(),
        }
    }

    /// First and last day, inclusive, never past `today`.
    pub fn bounds(self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let first_of_month = today.with_day(1).unwrap_or(today);
        match self {
            Period::LastYear => (first_of_month - Months::new(11), today),
            Period::Year(y) => (
                NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(today),
                NaiveDate::from_ymd_opt(y, 12, 31)
                    .unwrap_or(today)
                    .min(today),
            ),
            Period::All => (NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(today), today),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Period;
    use chrono::NaiveDate;

    #[test]
    fn parses_and_defaults() {
        assert_eq!(Period::parse("2024"), Period::Year(2024));
        assert_eq!(Period::parse("tout"), Period::All);
        assert_eq!(Period::parse("12-mois"), Period::LastYear);
        assert_eq!(Period::parse("'; DROP"), Period::LastYear);
        assert_eq!(Period::parse("0001"), Period::LastYear);
    }

    #[test]
    fn bounds_stop_today() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(
            Period::LastYear.bounds(today),
            (NaiveDate::from_ymd_opt(2025, 12, 1).unwrap(), today)
        );
        assert_eq!(Period::Year(2026).bounds(today).1, today);
    }
}
