//! `reclamations.csv`: claims the ERP holds (opened at the agency or by
//! phone), shown read-only in Mes réclamations. A row whose number is that of
//! a claim sent from the portal is the ERP's copy of it: it must be of the
//! same account, and the portal keeps showing its own record.

use super::super::parse;
use super::super::source::{Record, Source};
use super::super::store::{Kind, Row, Table, Val, keep_nothing, nothing_more};
use super::{Check, Ctx, Refusal};
use app::infra::french_date as french;

pub static CLAIM: Table = Table {
    name: "erp_claim",
    key: "reference",
    columns: &[
        ("account_id", Kind::Int),
        ("lease_id", Kind::Int),
        ("opened_on", Kind::Text),
        ("category", Kind::Text),
        ("place", Kind::Text),
        ("description", Kind::Text),
        ("status", Kind::Text),
        ("taken_on", Kind::Text),
        ("resolved_on", Kind::Text),
        ("closed_on", Kind::Text),
        ("answer", Kind::Text),
        ("request_id", Kind::Int),
    ],
    on_create: nothing_more,
    keep: keep_nothing,
};

pub const COLUMNS: &[&str] = &[
    "numero",
    "compte",
    "bail",
    "date",
    "categorie",
    "lieu",
    "description",
    "statut",
    "date_prise_en_charge",
    "date_resolution",
    "date_cloture",
    "reponse",
];

/// The ERP's statuses and the portal's codes for them.
const STATUSES: [(&str, &str); 5] = [
    ("enregistree", "envoyee"),
    ("prise_en_charge", "prise_en_charge"),
    ("en_cours", "en_cours"),
    ("resolue", "resolue"),
    ("cloturee", "cloturee"),
];

/// Long texts (the description, the agency's answer) as the portal's forms allow.
const MAX_TEXT: usize = 4000;

pub fn claim_row(src: &Source, rec: &Record, ctx: &Ctx) -> Result<Row, Vec<Refusal>> {
    let mut c = Check::new(src, rec);
    let key = c.text("numero");
    let account = c.account(ctx);
    let lease = c.lease(ctx, account);
    let portal = c.field("numero", |v| portal_claim(ctx, v, account));
    let opened = c.field("date", parse::date);
    let taken = dated(&mut c, "date_prise_en_charge", &opened);
    let resolved = dated(&mut c, "date_resolution", &opened);
    let closed = dated(&mut c, "date_cloture", &opened);
    let values = vec![
        account.map(|a| Val::Int(Some(a))),
        lease.map(Val::Int),
        opened.clone().map(Val::text),
        c.text("categorie").map(Val::text),
        Some(Val::text(c.raw("lieu"))),
        c.field("description", long_text).map(Val::text),
        c.field("statut", status).map(Val::text),
        taken.map(Val::Text),
        resolved.map(Val::Text),
        closed.map(Val::Text),
        c.field("reponse", long_text).map(Val::text),
        portal.map(Val::Int),
    ];
    c.done(key, values)
}

/// An optional status date, never before the claim's own date.
fn dated(c: &mut Check, col: &str, opened: &Option<String>) -> Option<Option<String>> {
    c.field(col, |v| {
        let d = parse::optional_date(v)?;
        match (&d, opened) {
            (Some(d), Some(o)) if d < o => Err(format!(
                "le {} précède la date de la réclamation",
                french(d)
            )),
            _ => Ok(d),
        }
    })
}

/// The portal's claim with this number, when there is one: of this account.
fn portal_claim(ctx: &Ctx, number: &str, account: Option<i64>) -> Result<Option<i64>, String> {
    match (ctx.portal_claims.get(number), account) {
        (Some((id, owner)), Some(a)) if *owner == a => Ok(Some(*id)),
        (Some(_), Some(_)) => Err(format!(
            "la réclamation n° {number} a été envoyée depuis le portail par un autre compte"
        )),
        _ => Ok(None),
    }
}

fn status(value: &str) -> Result<&'static str, String> {
    let erp = parse::one_of(value, &STATUSES.map(|(erp, _)| erp))?;
    Ok(STATUSES
        .iter()
        .find(|(e, _)| *e == erp)
        .map(|(_, portal)| *portal)
        .unwrap_or("envoyee"))
}

fn long_text(value: &str) -> Result<String, String> {
    if value.chars().count() > MAX_TEXT {
        Err(format!("texte trop long ({MAX_TEXT} caractères au plus)"))
    } else {
        Ok(value.to_string())
    }
}
