//! A certificate's period: Du and Au are dates, Au after Du, at most 13
//! months, and not entirely past.
use chrono::{Months, NaiveDate};

/// A date as the browser's date picker sends it (yyyy-mm-dd), or as typed
/// where there is no picker (jj/mm/aaaa).
pub fn date(value: &str) -> Option<NaiveDate> {
    let v = value.trim();
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(v, "%d/%m/%Y"))
        .ok()
}

/// Field name and French message of a refused period.
pub type Refusal = (&'static str, &'static str);

pub fn period(from: &str, to: &str, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), Refusal> {
    let from = date(from).ok_or(("du", "Indiquez la date de début, au format jj/mm/aaaa."))?;
    let to = date(to).ok_or(("au", "Indiquez la date de fin, au format jj/mm/aaaa."))?;
    if to <= from {
        return Err(("au", "La date de fin doit être après la date de début."));
    }
    if from
        .checked_add_months(Months::new(13))
        .is_none_or(|max| to > max)
    {
        return Err((
            "au",
            "Une attestation couvre au plus 13 mois : vérifiez les dates.",
        ));
    }
    if to < today {
        return Err((
            "au",
            "Cette attestation est expirée : envoyez celle de la période en cours.",
        ));
    }
    Ok((from, to))
}

/// Reminders go this many days before a certificate ends.
pub const REMINDER_DAYS: [i64; 2] = [30, 7];

/// The reminder due on `today` for a certificate ending on `ends_on`: the
/// 30-day one from 30 to 8 days before, the 7-day one from 7 days to the day.
pub fn reminder_due(ends_on: NaiveDate, today: NaiveDate) -> Option<i64> {
    let left = (ends_on - today).num_days();
    match left {
        0..=7 => Some(7),
        8..=30 => Some(30),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        date(s).unwrap()
    }

    #[test]
    fn a_period_is_checked_field_by_field() {
        let today = d("2026-12-01");
        assert_eq!(
            period("2026-10-01", "2027-09-30", today),
            Ok((d("2026-10-01"), d("2027-09-30")))
        );
        assert_eq!(
            period("01/10/2026", "30/09/2027", today),
            Ok((d("2026-10-01"), d("2027-09-30")))
        );
        assert_eq!(period("", "2027-09-30", today).unwrap_err().0, "du");
        assert_eq!(period("2026-10-01", "demain", today).unwrap_err().0, "au");
        assert!(
            period("2026-10-01", "2026-09-01", today)
                .unwrap_err()
                .1
                .contains("après")
        );
        assert!(
            period("2026-10-01", "2027-11-02", today)
                .unwrap_err()
                .1
                .contains("13 mois")
        );
        assert!(period("2026-10-01", "2027-11-01", today).is_ok());
        assert!(
            period("2025-12-01", "2026-11-30", today)
                .unwrap_err()
                .1
                .contains("expirée")
        );
    }

    #[test]
    fn reminders_at_30_and_7_days() {
        let end = d("2026-12-31");
        assert_eq!(reminder_due(end, d("2026-11-30")), None);
        assert_eq!(reminder_due(end, d("2026-12-01")), Some(30));
        assert_eq!(reminder_due(end, d("2026-12-23")), Some(30));
        assert_eq!(reminder_due(end, d("2026-12-24")), Some(7));
        assert_eq!(reminder_due(end, d("2026-12-31")), Some(7));
        assert_eq!(reminder_due(end, d("2027-01-01")), None);
    }
}
