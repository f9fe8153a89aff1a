//! `personnes.csv`: signatories and occupants, with what Mes informations
//! personnelles shows (phones in E.164, the e-mail the landlord writes to,
//! the situations from the portal's own lists, the postal address).

use super::super::parse::{self, required};
use super::super::source::{Record, Source};
use super::super::store::{Kind, Row, Table, Val, keep_nothing, nothing_more};
use super::{Check, Ctx, Refusal};
use app::domain::person_name::match_key;
use app::personal_info::rules::{CATEGORIES, FAMILY_SITUATIONS};

pub static PERSON: Table = Table {
    name: "person",
    key: "reference",
    columns: &[
        ("account_id", Kind::Int),
        ("role", Kind::Text),
        ("last_name", Kind::Text),
        ("first_name", Kind::Text),
        ("birth_date", Kind::Text),
        ("last_name_key", Kind::Text),
        ("first_name_key", Kind::Text),
        ("phone_home", Kind::Text),
        ("phone_mobile", Kind::Text),
        ("phone_work", Kind::Text),
        ("email", Kind::Text),
        ("family_situation", Kind::Text),
        ("occupation_category", Kind::Text),
        ("profession", Kind::Text),
        ("postal_address", Kind::Text),
    ],
    on_create: nothing_more,
    keep: keep_nothing,
};

/// Required. The details after them (`telephone_domicile` … `adresse`) are
/// optional: an export without them leaves what the portal holds.
pub const COLUMNS: &[&str] = &[
    "reference",
    "compte",
    "role",
    "nom",
    "prenom",
    "date_naissance",
];

pub fn person_row(src: &Source, rec: &Record, ctx: &Ctx) -> Result<Row, Vec<Refusal>> {
    let mut c = Check::new(src, rec);
    let key = c.text("reference");
    let account = c.account(ctx);
    let role = c.field("role", |v| parse::one_of(v, &["signataire", "occupant"]));
    let last = c.text("nom");
    let first = c.text("prenom");
    let birth = c.field("date_naissance", parse::optional_date);
    let mut values = vec![
        account.map(|a| Val::Int(Some(a))),
        role.map(Val::text),
        last.clone().map(Val::text),
        first.clone().map(Val::text),
        birth.map(Val::Text),
        last.map(|l| Val::text(match_key(&l))),
        first.map(|f| Val::text(match_key(&f))),
    ];
    for col in [
        "telephone_domicile",
        "telephone_mobile",
        "telephone_travail",
    ] {
        values.push(c.optional(col, phone));
    }
    values.extend([
        c.optional("email", email),
        c.optional("situation_familiale", |v| {
            listed(v, &FAMILY_SITUATIONS, "situation familiale").map(str::to_string)
        }),
        c.optional("categorie_socio_professionnelle", |v| {
            listed(v, &CATEGORIES, "catégorie socio-professionnelle").map(str::to_string)
        }),
        c.optional("profession", |v| {
            app::personal_info::rules::profession(v).map_err(str::to_string)
        }),
        c.optional("adresse", optional_text),
    ]);
    c.done(key, values)
}

/// Empty, or a number `Phone` accepts, kept in E.164 as the portal keeps it.
pub fn phone(value: &str) -> Result<String, String> {
    if value.is_empty() {
        return Ok(String::new());
    }
    app::domain::Phone::parse(value)
        .map(|p| p.e164().to_string())
        .map_err(|_| format!("numéro de téléphone invalide « {value} »"))
}

fn email(value: &str) -> Result<String, String> {
    if value.is_empty() {
        return Ok(String::new());
    }
    app::domain::Email::parse(value)
        .map(|e| e.as_str().to_string())
        .map_err(|_| format!("adresse e-mail invalide « {value} »"))
}

fn optional_text(value: &str) -> Result<String, String> {
    if value.is_empty() {
        Ok(String::new())
    } else {
        required(value).map(str::to_string)
    }
}

/// Empty, or one of the portal's labels, compared without case, accents or
/// punctuation ("marie(e)" and "MARIÉ(E)" are "Marié(e)"): the tenant's page
/// and the back office offer the same list.
pub fn listed(value: &str, labels: &[&'static str], what: &str) -> Result<&'static str, String> {
    if value.is_empty() {
        return Ok("");
    }
    let wanted = match_key(value);
    labels
        .iter()
        .find(|l| match_key(l) == wanted)
        .copied()
        .ok_or_else(|| {
            format!(
                "« {value} » n'est pas une {what} connue ({})",
                labels.join(", ")
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn situations_match_the_portal_lists_loosely() {
        assert_eq!(listed("marie(e)", &FAMILY_SITUATIONS, "x"), Ok("Marié(e)"));
        assert_eq!(
            listed("VEUF / VEUVE", &FAMILY_SITUATIONS, "x"),
            Ok("Veuf / veuve")
        );
        assert_eq!(listed("", &FAMILY_SITUATIONS, "x"), Ok(""));
        let refused = listed("Fiancé", &FAMILY_SITUATIONS, "situation familiale").unwrap_err();
        assert!(
            refused.contains("n'est pas une situation familiale connue"),
            "{refused}"
        );
    }

    #[test]
    fn phones_are_stored_in_e164() {
        assert_eq!(phone("04 77 32 72 47").unwrap(), "+33477327247");
        assert_eq!(phone("").unwrap(), "");
        assert!(phone("04 77").unwrap_err().contains("« 04 77 »"));
    }
}
