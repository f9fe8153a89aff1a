//! What a tenant may pay, decided once for the form and the server: the
//! balance, or an amount between the minimum and what is still due; when
//! nothing is due, an amount paid ahead (a credit), between the minimum and
//! the configured maximum.
use crate::domain::Money;

/// The two choices of the seed's form.
pub const PAY_BALANCE: &str = "solde";
pub const PAY_AMOUNT: &str = "montant";

/// A refusal: the field it belongs to (None: the whole form) and its message.
pub type Refusal = (Option<&'static str>, String);

/// The bounds of a typed amount, from the configuration.
#[derive(Clone, Copy, Debug)]
pub struct Bounds {
    pub minimum: Money,
    /// The most that may be paid ahead when nothing is due.
    pub ahead: Money,
}

/// `payable`: the balance minus the payments still under way.
pub fn chosen_amount(
    choice: &str,
    typed: &str,
    payable: Money,
    bounds: Bounds,
) -> Result<Money, Refusal> {
    let minimum = bounds.minimum;
    if payable.cents() <= 0 {
        return match choice {
            PAY_AMOUNT => ahead_amount(typed, bounds),
            // The balance was paid between the page and the click.
            _ => Err((None, nothing_to_pay(false))),
        };
    }
    match choice {
        PAY_BALANCE => Ok(payable),
        PAY_AMOUNT => typed_amount(typed, payable, minimum),
        _ => Err((
            Some("choix"),
            "Choisissez de régler le solde ou un autre montant.".into(),
        )),
    }
}

fn typed_amount(typed: &str, payable: Money, minimum: Money) -> Result<Money, Refusal> {
    let field = Some(PAY_AMOUNT);
    let amount = Money::parse(typed).map_err(|msg| (field, msg.to_string()))?;
    if amount.cents() <= 0 {
        return Err((field, "Le montant doit être supérieur à zéro.".into()));
    }
    if amount > payable {
        return Err((
            field,
            format!("Le montant ne peut pas dépasser la somme due, soit {payable}."),
        ));
    }
    // The whole balance may always be paid, even when it is below the minimum.
    if amount < minimum && amount != payable {
        return Err((
            field,
            format!("Le montant minimum d'un règlement en ligne est de {minimum}."),
        ));
    }
    Ok(amount)
}

/// Nothing is due: the tenant may still pay ahead, within the bounds.
fn ahead_amount(typed: &str, bounds: Bounds) -> Result<Money, Refusal> {
    let field = Some(PAY_AMOUNT);
    let amount = Money::parse(typed).map_err(|msg| (field, msg.to_string()))?;
    if amount.cents() <= 0 {
        return Err((field, "Le montant doit être supérieur à zéro.".into()));
    }
    if amount < bounds.minimum {
        return Err((
            field,
            format!(
                "Le montant minimum d'un règlement en ligne est de {}.",
                bounds.minimum
            ),
        ));
    }
    if amount > bounds.ahead {
        return Err((
            field,
            format!(
                "Un règlement d'avance ne peut pas dépasser {}.",
                bounds.ahead
            ),
        ));
    }
    Ok(amount)
}

/// Why there is no form: nothing is due, or everything due is already being paid.
pub fn nothing_to_pay(underway: bool) -> String {
    if underway {
        "Un paiement en ligne est déjà en cours pour la totalité de la somme due. \
         Attendez sa confirmation par la banque avant d'effectuer un autre paiement."
            .into()
    } else {
        "Vous n'avez aucune somme à régler pour le moment.".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(cents: i64) -> Money {
        Money::from_cents(cents)
    }
    const MIN: Money = Money::from_cents(1000);
    const BOUNDS: Bounds = Bounds {
        minimum: MIN,
        ahead: Money::from_cents(200_000),
    };

    #[test]
    fn the_balance_choice_pays_what_is_payable() {
        assert_eq!(
            chosen_amount("solde", "", eur(45_050), BOUNDS),
            Ok(eur(45_050))
        );
        assert_eq!(chosen_amount("solde", "12", eur(500), BOUNDS), Ok(eur(500)));
    }

    #[test]
    fn a_typed_amount_in_french_format_is_accepted_between_the_bounds() {
        for (typed, cents) in [
            ("45,50", 4550),
            ("45.5", 4550),
            ("10", 1000),
            ("450,50", 45_050),
        ] {
            assert_eq!(
                chosen_amount("montant", typed, eur(45_050), BOUNDS),
                Ok(eur(cents)),
                "{typed}"
            );
        }
        // Below the minimum, but the whole balance: accepted.
        assert_eq!(
            chosen_amount("montant", "5", eur(500), BOUNDS),
            Ok(eur(500))
        );
    }

    #[test]
    fn every_bad_amount_gets_its_own_french_message() {
        let refused =
            |typed: &str| chosen_amount("montant", typed, eur(45_050), BOUNDS).unwrap_err();
        for (typed, message) in [
            ("", "Indiquez un montant."),
            (
                "abc",
                "Le montant doit être écrit en chiffres, par exemple 45,50.",
            ),
            (
                "12,345",
                "Le montant a au plus deux chiffres après la virgule.",
            ),
            ("0", "Le montant doit être supérieur à zéro."),
            ("-20", "Le montant doit être supérieur à zéro."),
            (
                "9,99",
                "Le montant minimum d'un règlement en ligne est de 10,00\u{a0}€.",
            ),
            (
                "450,51",
                "Le montant ne peut pas dépasser la somme due, soit 450,50\u{a0}€.",
            ),
        ] {
            assert_eq!(
                refused(typed),
                (Some("montant"), message.to_string()),
                "{typed}"
            );
        }
    }

    #[test]
    fn nothing_due_or_a_forged_choice_is_refused() {
        assert_eq!(
            chosen_amount("solde", "", eur(0), BOUNDS).unwrap_err().0,
            None
        );
        assert_eq!(
            chosen_amount("solde", "", eur(-500), BOUNDS).unwrap_err().0,
            None
        );
        assert_eq!(
            chosen_amount("tout", "20", eur(5000), BOUNDS)
                .unwrap_err()
                .0,
            Some("choix")
        );
    }

    #[test]
    fn with_nothing_due_an_amount_is_paid_ahead_within_the_bounds() {
        for payable in [eur(0), eur(-12_000)] {
            let ahead = |typed: &str| chosen_amount("montant", typed, payable, BOUNDS);
            assert_eq!(ahead("10"), Ok(eur(1000)));
            assert_eq!(ahead("450,50"), Ok(eur(45_050)));
            assert_eq!(ahead("2000"), Ok(eur(200_000)));
            for (typed, message) in [
                ("", "Indiquez un montant."),
                ("0", "Le montant doit être supérieur à zéro."),
                (
                    "9,99",
                    "Le montant minimum d'un règlement en ligne est de 10,00\u{a0}€.",
                ),
                (
                    "2000,01",
                    "Un règlement d'avance ne peut pas dépasser 2\u{a0}000,00\u{a0}€.",
                ),
            ] {
                assert_eq!(
                    ahead(typed),
                    Err((Some("montant"), message.to_string())),
                    "{typed}"
                );
            }
        }
    }
}
