//! Collecting the active mandates: for a collection date, what each account
//! owes at that date becomes one debit of a SEPA file (pain.008) that
//! accounting downloads and sends to the landlord's bank. The rules
//! (docs/direct-debit.md):
//! - the mandates collected are the active ones whose debit day is the
//!   date's day (5, 10 or 15);
//! - the amount is the account's balance at that date when it is due and at
//!   least 1 €: never a credit, nothing under 1 €;
//! - an account already in a file for a date in the 25 days before (or
//!   after) is left out: that debit reaches the balance through the ERP's
//!   next import first, and a tenant is never debited twice for one notice;
//! - FRST for a mandate never collected, RCUR after; a mandate whose bank
//!   changed since its last collection is amended ("SMNDA") and presented as
//!   FRST again, as some banks still require; a new account at the same bank
//!   is amended (the original IBAN) and stays RCUR. A mandate becomes
//!   "collected" only when accounting marks the file as sent to the bank.
pub mod pain008;
pub mod store;

use crate::domain::{Bic, Iban, Money};
use chrono::{Datelike, NaiveDate};
use pain008::{Amendment, Sequence, Version};

/// From the configuration (README, "Prélèvements SEPA").
#[derive(Clone, Debug)]
pub struct SddSettings {
    pub creditor_iban: Iban,
    pub creditor_bic: Bic,
    pub version: Version,
    /// Tenants are told of a debit at least this many days before it.
    pub prenotice_days: i64,
    /// Where a signed mandate may be e-mailed ('' none: by post, at the
    /// head office or through Nous contacter).
    pub mandate_email: String,
}

pub const MINIMUM: Money = Money::from_cents(100);
/// An account debited for a date within this many days is not debited again.
pub const SPACING_DAYS: i64 = 25;
pub const DEBIT_DAYS: [u32; 3] = [5, 10, 15];

/// A mandate that may be collected, as the database holds it.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub mandate_id: i64,
    pub account_id: i64,
    pub account: String,
    pub rum: String,
    pub holder: String,
    pub iban: String,
    pub bic: String,
    pub signed_on: Option<String>,
    pub collected_iban: Option<String>,
    pub collected_bic: Option<String>,
    /// The account's balance at the collection date (positive: owed).
    pub balance: Money,
}

/// A debit decided for the file.
#[derive(Clone, Debug)]
pub struct Planned {
    pub candidate: Candidate,
    pub amount: Money,
    pub iban: Iban,
    pub bic: Bic,
    pub signed_on: String,
    pub sequence: Sequence,
    pub amendment: Option<Amendment>,
}

/// What happens to one candidate: debited, not due (nothing to say), or
/// left out for a reason accounting must see.
#[derive(Clone, Debug)]
pub enum Decision {
    Debit(Box<Planned>),
    NothingDue,
    LeftOut(String),
}

/// Whether a date may be chosen: a debit day, and late enough for the
/// tenants' pre-notification.
pub fn check_date(raw: &str, today: NaiveDate, prenotice_days: i64) -> Result<NaiveDate, String> {
    let date = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| "Indiquez une date de prélèvement, par exemple 2027-01-10.".to_string())?;
    if !DEBIT_DAYS.contains(&date.day()) {
        return Err("Les prélèvements ont lieu le 5, le 10 ou le 15 du mois.".into());
    }
    let earliest = today + chrono::Duration::days(prenotice_days);
    if date < earliest {
        return Err(format!(
            "La date de prélèvement doit être au plus tôt le {} : les locataires sont prévenus {} jours avant.",
            earliest.format("%d/%m/%Y"),
            prenotice_days
        ));
    }
    Ok(date)
}

/// The first debit day on or after the earliest date allowed.
pub fn next_date(today: NaiveDate, prenotice_days: i64) -> NaiveDate {
    let mut d = today + chrono::Duration::days(prenotice_days);
    while !DEBIT_DAYS.contains(&d.day()) {
        d += chrono::Duration::days(1);
    }
    d
}

pub fn decide(c: Candidate) -> Decision {
    if c.balance < MINIMUM {
        return if c.balance.cents() > 0 {
            Decision::LeftOut(format!("moins de {MINIMUM} dû ({})", c.balance))
        } else {
            Decision::NothingDue
        };
    }
    let Ok(iban) = Iban::parse(&c.iban) else {
        return Decision::LeftOut("IBAN du mandat invalide".into());
    };
    let Ok(bic) = Bic::parse(&c.bic) else {
        return Decision::LeftOut("BIC du mandat invalide".into());
    };
    let Some(signed_on) = c.signed_on.clone().filter(|s| !s.is_empty()) else {
        return Decision::LeftOut("date de signature du mandat inconnue".into());
    };
    let (sequence, amendment) = sequence(&c, &iban, &bic);
    Decision::Debit(Box::new(Planned {
        amount: c.balance,
        candidate: c,
        iban,
        bic,
        signed_on,
        sequence,
        amendment,
    }))
}

fn sequence(c: &Candidate, iban: &Iban, bic: &Bic) -> (Sequence, Option<Amendment>) {
    let (Some(old_iban), Some(old_bic)) = (&c.collected_iban, &c.collected_bic) else {
        return (Sequence::First, None);
    };
    // A bank is its BIC's first 8 characters (bank, country, place).
    let bank = |b: &str| b.chars().take(8).collect::<String>();
    if bank(old_bic) != bank(bic.as_str()) {
        return (Sequence::First, Some(Amendment::Bank));
    }
    if old_iban != iban.as_str() {
        let original = Iban::parse(old_iban).ok().map(Amendment::Account);
        return (Sequence::Recurrent, original);
    }
    (Sequence::Recurrent, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    const IBAN: &str = "FR7630006000011234567890189";
    const OTHER_SAME_BANK: &str = "FR7630006000019876543210173";

    fn candidate(balance: i64) -> Candidate {
        Candidate {
            mandate_id: 1,
            account_id: 1,
            account: "123456".into(),
            rum: "RUM1".into(),
            holder: "Sophie Martin".into(),
            iban: IBAN.into(),
            bic: "AGRIFRPP".into(),
            signed_on: Some("2026-01-15".into()),
            collected_iban: None,
            collected_bic: None,
            balance: Money::from_cents(balance),
        }
    }

    fn planned(c: Candidate) -> Planned {
        match decide(c) {
            Decision::Debit(p) => *p,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_balance_due_is_debited_never_a_credit_nor_under_one_euro() {
        assert_eq!(planned(candidate(45_050)).amount, Money::from_cents(45_050));
        assert_eq!(planned(candidate(100)).amount, Money::from_cents(100));
        assert!(matches!(decide(candidate(0)), Decision::NothingDue));
        assert!(matches!(decide(candidate(-5_000)), Decision::NothingDue));
        assert!(
            matches!(decide(candidate(99)), Decision::LeftOut(r) if r.contains("moins de 1,00"))
        );
    }

    #[test]
    fn a_mandate_with_a_bad_iban_or_no_signature_date_is_left_out() {
        let mut c = candidate(1000);
        c.iban = "FR7630006000011234567890188".into();
        assert!(matches!(decide(c), Decision::LeftOut(r) if r.contains("IBAN")));
        let mut c = candidate(1000);
        c.signed_on = None;
        assert!(matches!(decide(c), Decision::LeftOut(r) if r.contains("signature")));
    }

    #[test]
    fn first_then_recurrent_and_the_amendments() {
        assert_eq!(planned(candidate(1000)).sequence, Sequence::First);
        let mut c = candidate(1000);
        c.collected_iban = Some(IBAN.into());
        c.collected_bic = Some("AGRIFRPPXXX".into());
        let p = planned(c.clone());
        assert_eq!((p.sequence, p.amendment), (Sequence::Recurrent, None));
        c.iban = OTHER_SAME_BANK.into();
        let p = planned(c.clone());
        assert_eq!(p.sequence, Sequence::Recurrent);
        assert_eq!(
            p.amendment,
            Some(Amendment::Account(Iban::parse(IBAN).unwrap()))
        );
        c.bic = "BNPAFRPP".into();
        let p = planned(c);
        assert_eq!(
            (p.sequence, p.amendment),
            (Sequence::First, Some(Amendment::Bank))
        );
    }

    #[test]
    fn the_date_is_a_debit_day_after_the_notice() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        assert_eq!(
            check_date("2026-12-05", today, 2),
            Ok(NaiveDate::from_ymd_opt(2026, 12, 5).unwrap())
        );
        assert!(
            check_date("2026-12-05", today, 3)
                .unwrap_err()
                .contains("au plus tôt le 06/12/2026")
        );
        assert!(
            check_date("2026-12-06", today, 2)
                .unwrap_err()
                .contains("le 5, le 10 ou le 15")
        );
        assert!(
            check_date("demain", today, 2)
                .unwrap_err()
                .contains("Indiquez")
        );
        assert_eq!(
            next_date(today, 2),
            NaiveDate::from_ymd_opt(2026, 12, 5).unwrap()
        );
        assert_eq!(
            next_date(today, 3),
            NaiveDate::from_ymd_opt(2026, 12, 10).unwrap()
        );
    }
}
