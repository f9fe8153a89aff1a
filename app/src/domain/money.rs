//! Money: an integer number of euro cents, parsed from what French people and
//! French ERPs write ("1 234,56", "45,5", "-12.30") and shown `1 234,56 €`.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Money(i64);

/// Largest amount accepted from text: ten million euros, far above any rent,
/// far below an overflow.
const MAX_CENTS: i64 = 1_000_000_000;

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn from_cents(cents: i64) -> Self {
        Money(cents)
    }

    pub const fn cents(self) -> i64 {
        self.0
    }

    pub fn abs(self) -> Self {
        Money(self.0.abs())
    }

    /// Parses "1 234,56", "1234.56", "45,5", "45", "-12,30", "12,30 €".
    /// Spaces (also non-breaking) group thousands; one decimal separator,
    /// comma or point, with at most two digits after it.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let cleaned: String = raw
            .trim()
            .trim_end_matches('€')
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            .collect();
        let (negative, digits) = match cleaned.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, cleaned.as_str()),
        };
        if digits.is_empty() {
            return Err("Indiquez un montant.");
        }
        let (units, decimals) = match digits.split_once([',', '.']) {
            Some((u, d)) => (u, d),
            None => (digits, ""),
        };
        let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if units.is_empty() || !all_digits(units) || !all_digits(decimals) {
            return Err("Le montant doit être écrit en chiffres, par exemple 45,50.");
        }
        if decimals.len() > 2 {
            return Err("Le montant a au plus deux chiffres après la virgule.");
        }
        if units.len() > 8 {
            return Err("Ce montant est trop élevé.");
        }
        let units: i64 = units.parse().map_err(|_| "Ce montant est trop élevé.")?;
        let cents: i64 = format!("{decimals:0<2}").parse().unwrap_or(0);
        let total = units * 100 + cents;
        if total > MAX_CENTS {
            return Err("Ce montant est trop élevé.");
        }
        Ok(Money(if negative { -total } else { total }))
    }

    /// "1 234,56" without the currency sign (for form fields and tables).
    pub fn plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let units = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in units.chars().enumerate() {
            if i > 0 && (units.len() - i).is_multiple_of(3) {
                grouped.push('\u{a0}');
            }
            grouped.push(c);
        }
        format!("{sign}{grouped},{:02}", abs % 100)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\u{a0}€", self.plain())
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Money;

    #[test]
    fn reads_what_people_and_erps_write() {
        for (raw, cents) in [
            ("45,50", 4550),
            ("45,5", 4550),
            ("45", 4500),
            ("1 234,56", 123456),
            ("1\u{a0}234,56 €", 123456),
            ("1234.56", 123456),
            ("-12,30", -1230),
            ("0,07", 7),
        ] {
            assert_eq!(Money::parse(raw), Ok(Money::from_cents(cents)), "{raw}");
        }
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        for raw in [
            "",
            " ",
            "abc",
            "12,345",
            "1,2,3",
            ",50",
            "12 €50",
            "999999999",
            "4e5",
        ] {
            assert!(Money::parse(raw).is_err(), "{raw} was accepted");
        }
    }

    #[test]
    fn shows_french_format() {
        assert_eq!(
            Money::from_cents(123456).to_string(),
            "1\u{a0}234,56\u{a0}€"
        );
        assert_eq!(Money::from_cents(5).to_string(), "0,05\u{a0}€");
        assert_eq!(Money::from_cents(-4550).plain(), "-45,50");
        assert_eq!(
            Money::from_cents(100000000).plain(),
            "1\u{a0}000\u{a0}000,00"
        );
    }
}
