//! Field parsers for the ERP's CSV: each returns the French reason a value is
//! refused, quoted in the report as `file:line: column: reason`.

use app::domain::Money;
use chrono::NaiveDate;

pub fn required(value: &str) -> Result<&str, String> {
    if value.is_empty() {
        Err("valeur manquante".into())
    } else if value.chars().count() > 300 {
        Err("valeur trop longue (300 caractères au plus)".into())
    } else {
        Ok(value)
    }
}

/// dd/mm/yyyy, as French ERPs write dates; stored as ISO `YYYY-MM-DD`.
pub fn date(value: &str) -> Result<String, String> {
    let value = required(value)?;
    NaiveDate::parse_from_str(value, "%d/%m/%Y")
        .ok()
        .filter(|d| (1900..=2100).contains(&chrono::Datelike::year(d)))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .ok_or_else(|| format!("date invalide « {value} » (jj/mm/aaaa attendu)"))
}

pub fn optional_date(value: &str) -> Result<Option<String>, String> {
    if value.is_empty() {
        Ok(None)
    } else {
        date(value).map(Some)
    }
}

/// An amount in euros with a decimal comma or point ("1 234,56"), >= 0.
pub fn amount(value: &str) -> Result<i64, String> {
    let value = required(value)?;
    let money = Money::parse(value).map_err(|_| format!("montant invalide « {value} »"))?;
    if money.cents() < 0 {
        return Err(format!(
            "montant négatif « {value} » (le sens est donné par la nature)"
        ));
    }
    Ok(money.cents())
}

/// One of `allowed` (compared without case); the stored value is the allowed one.
pub fn one_of(value: &str, allowed: &[&'static str]) -> Result<&'static str, String> {
    let lower = value.to_lowercase();
    allowed
        .iter()
        .find(|a| **a == lower)
        .copied()
        .ok_or_else(|| {
            format!(
                "« {value} » n'est pas une valeur admise ({})",
                allowed.join(", ")
            )
        })
}

pub fn account_number(value: &str) -> Result<String, String> {
    app::domain::AccountNumber::parse(value)
        .map(|n| n.as_str().to_string())
        .map_err(|_| format!("numéro de compte invalide « {value} » (6 chiffres attendus)"))
}

/// A period "mm/yyyy" (avis d'échéance) or "yyyy" (régularisation), stored
/// as `YYYY-MM` or `YYYY`.
pub fn period(value: &str, monthly: bool) -> Result<String, String> {
    let value = required(value)?;
    let parsed = if monthly {
        NaiveDate::parse_from_str(&format!("01/{value}"), "%d/%m/%Y")
            .ok()
            .map(|d| d.format("%Y-%m").to_string())
    } else {
        value
            .parse::<u16>()
            .ok()
            .filter(|y| (1900..=2100).contains(y))
            .map(|y| y.to_string())
    };
    parsed.ok_or_else(|| {
        let wanted = if monthly { "mm/aaaa" } else { "aaaa" };
        format!("période invalide « {value} » ({wanted} attendu)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_french_and_real() {
        assert_eq!(date("05/01/2024").unwrap(), "2024-01-05");
        assert_eq!(date("5/1/2024").unwrap(), "2024-01-05");
        for bad in ["31/02/2024", "2024-01-05", "05/13/2024", "", "hier"] {
            assert!(date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn amounts_take_a_decimal_comma_and_refuse_negatives() {
        assert_eq!(amount("1 234,56").unwrap(), 123456);
        assert_eq!(amount("45.5").unwrap(), 4550);
        assert!(amount("-3,00").unwrap_err().contains("négatif"));
        assert!(amount("12,3,4").is_err());
    }

    #[test]
    fn periods() {
        assert_eq!(period("03/2025", true).unwrap(), "2025-03");
        assert_eq!(period("2024", false).unwrap(), "2024");
        assert!(period("13/2025", true).is_err());
        assert!(period("24", false).is_err());
    }
}
