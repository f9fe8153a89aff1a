//! The files of an ERP export, their columns (docs/import.md) and how each
//! record becomes a row of the portal's database.

mod claims;
mod hours;
mod people;

use super::parse::{self, required};
use super::source::{Record, Source};
use super::store::{Kind, Row, Table, Val, keep_nothing, nothing_more};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::PathBuf;

/// What the rows of one file may refer to: the ERP keys already known
/// (in the database or created earlier in this run) and their ids.
#[derive(Default, Clone)]
pub struct Ctx {
    pub agencies: HashMap<String, i64>,
    pub accounts: HashMap<String, i64>,
    /// lease reference → (id, account id)
    pub leases: HashMap<String, (i64, i64)>,
    /// The portal's claims: number (9 digits) → (id, account id)
    pub portal_claims: HashMap<String, (i64, i64)>,
    pub folder: PathBuf,
    pub storage: PathBuf,
}

/// A refused field: (column, reason).
pub type Refusal = (String, String);

pub struct FileSpec {
    pub file: &'static str,
    pub columns: &'static [&'static str],
    pub table: &'static Table,
    pub parse: fn(&Source, &Record, &Ctx) -> Result<Row, Vec<Refusal>>,
}

/// Collects each column's refusal, so one row reports all its faults.
struct Check<'a> {
    src: &'a Source,
    rec: &'a Record,
    refusals: Vec<Refusal>,
}

impl<'a> Check<'a> {
    fn new(src: &'a Source, rec: &'a Record) -> Self {
        Check {
            src,
            rec,
            refusals: Vec::new(),
        }
    }

    fn raw(&self, col: &str) -> &'a str {
        self.src.get(self.rec, col)
    }

    fn field<T>(&mut self, col: &str, f: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        match f(self.src.get(self.rec, col)) {
            Ok(v) => Some(v),
            Err(reason) => {
                self.refusals.push((col.to_string(), reason));
                None
            }
        }
    }

    /// An optional column: checked when the file has it, `Val::Keep` when not
    /// (an export made before the column existed changes nothing of it).
    fn optional(
        &mut self,
        col: &str,
        f: impl FnOnce(&str) -> Result<String, String>,
    ) -> Option<Val> {
        if self.src.has(col) {
            self.field(col, f).map(Val::text)
        } else {
            Some(Val::Keep)
        }
    }

    fn text(&mut self, col: &str) -> Option<String> {
        self.field(col, |v| required(v).map(str::to_string))
    }

    fn account(&mut self, ctx: &Ctx) -> Option<i64> {
        let number = self.field("compte", parse::account_number)?;
        self.field("compte", |_| {
            ctx.accounts
                .get(&number)
                .copied()
                .ok_or(format!("compte inconnu « {number} »"))
        })
    }

    /// The optional `bail` column: a lease of the row's account, or none.
    fn lease(&mut self, ctx: &Ctx, account: Option<i64>) -> Option<Option<i64>> {
        self.field("bail", |v| match (v, ctx.leases.get(v)) {
            ("", _) => Ok(None),
            (_, Some((id, owner))) if Some(*owner) == account || account.is_none() => Ok(Some(*id)),
            (_, Some(_)) => Err(format!("le bail « {v} » n'est pas de ce compte")),
            (_, None) => Err(format!("bail inconnu « {v} »")),
        })
    }

    fn done(self, key: Option<String>, values: Vec<Option<Val>>) -> Result<Row, Vec<Refusal>> {
        let mut refusals = self.refusals;
        if self.src.short(self.rec) && refusals.is_empty() {
            refusals.push(("ligne".into(), "colonnes manquantes sur cette ligne".into()));
        }
        match (key, values.into_iter().collect::<Option<Vec<Val>>>()) {
            (Some(key), Some(values)) if refusals.is_empty() => Ok(Row { key, values }),
            _ => Err(refusals),
        }
    }
}

pub static AGENCY: Table = Table {
    name: "agency",
    key: "code",
    columns: &[
        ("name", Kind::Text),
        ("address", Kind::Text),
        ("phone", Kind::Text),
        ("hours", Kind::Text),
    ],
    on_create: nothing_more,
    keep: keep_nothing,
};

fn agency_row(src: &Source, rec: &Record, _: &Ctx) -> Result<Row, Vec<Refusal>> {
    let mut c = Check::new(src, rec);
    let key = c.text("code");
    let days: Vec<Option<String>> = hours::DAYS
        .iter()
        .map(|d| c.field(d, |v| hours::day(d, v)))
        .collect();
    let note = c.raw("horaires");
    let hours = days
        .into_iter()
        .collect::<Option<Vec<String>>>()
        .map(|days| Val::text(hours::join(days, note)));
    let values = vec![
        c.text("nom").map(Val::text),
        c.text("adresse").map(Val::text),
        c.text("telephone").map(Val::text),
        hours,
    ];
    c.done(key, values)
}

pub static ACCOUNT: Table = Table {
    name: "client_account",
    key: "number",
    columns: &[("agency_id", Kind::Int)],
    on_create: nothing_more,
    keep: keep_nothing,
};

fn account_row(src: &Source, rec: &Record, ctx: &Ctx) -> Result<Row, Vec<Refusal>> {
    let mut c = Check::new(src, rec);
    let key = c.field("compte", parse::account_number);
    let agency = c.field("agence", |v| {
        ctx.agencies
            .get(required(v)?)
            .copied()
            .ok_or(format!("agence inconnue « {v} »"))
    });
    c.done(key, vec![agency.map(|a| Val::Int(Some(a)))])
}

pub static LEASE: Table = Table {
    name: "lease",
    key: "reference",
    columns: &[
        ("account_id", Kind::Int),
        ("kind", Kind::Text),
        ("label", Kind::Text),
        ("address", Kind::Text),
        ("building", Kind::Text),
        ("floor", Kind::Text),
        ("door", Kind::Text),
        ("rent_cents", Kind::Int),
        ("charges_cents", Kind::Int),
        ("start_date", Kind::Text),
        ("end_date", Kind::Text),
        ("agency_id", Kind::Int),
        ("insurance_from", Kind::NullText),
        ("insurance_to", Kind::NullText),
    ],
    on_create: nothing_more,
    keep: later_insurance,
};

/// A certificate validated in the portal after the ERP's export ends later
/// than the period the ERP sends back: the later period stays.
fn later_insurance(old: &[Val], new: &mut [Val]) {
    const FROM: usize = 12;
    let (Some(Val::Text(Some(kept))), Some(Val::Text(sent))) =
        (old.get(FROM + 1), new.get(FROM + 1))
    else {
        return;
    };
    if sent.as_ref().is_none_or(|s| s < kept) {
        new[FROM] = old[FROM].clone();
        new[FROM + 1] = old[FROM + 1].clone();
    }
}

/// `assurance_debut` and `assurance_fin`: both empty (no certificate known),
/// or a period whose end is not before its start.
fn insurance(c: &mut Check) -> (Option<Val>, Option<Val>) {
    if !c.src.has("assurance_debut") && !c.src.has("assurance_fin") {
        return (Some(Val::Keep), Some(Val::Keep));
    }
    let from = c.field("assurance_debut", parse::optional_date);
    let to = c.field("assurance_fin", parse::optional_date);
    let (Some(from), Some(to)) = (from, to) else {
        return (None, None);
    };
    let refusal = match (&from, &to) {
        (Some(f), Some(t)) if t < f => Some("la fin de la période d'assurance précède son début"),
        (Some(_), None) | (None, Some(_)) => {
            Some("période d'assurance incomplète (début et fin, ou aucun des deux)")
        }
        _ => None,
    };
    if let Some(reason) = refusal {
        c.refusals.push(("assurance_fin".into(), reason.into()));
        return (None, None);
    }
    (Some(Val::Text(from)), Some(Val::Text(to)))
}

fn lease_row(src: &Source, rec: &Record, ctx: &Ctx) -> Result<Row, Vec<Refusal>> {
    let mut c = Check::new(src, rec);
    let key = c.text("reference");
    let account = c.account(ctx);
    let kind = c.field("type", |v| {
        parse::one_of(v, &["logement", "stationnement", "garage"])
    });
    let agency = c.field("agence", |v| match v {
        "" => Ok(None),
        code => ctx
            .agencies
            .get(code)
            .map(|id| Some(*id))
            .ok_or(format!("agence inconnue « {code} »")),
    });
    let mut values = vec![
        account.map(|a| Val::Int(Some(a))),
        kind.map(Val::text),
        c.text("libelle").map(Val::text),
        c.text("adresse").map(Val::text),
        Some(Val::text(c.raw("batiment"))),
        Some(Val::text(c.raw("etage"))),
        Some(Val::text(c.raw("porte"))),
        c.field("loyer", parse::amount).map(|a| Val::Int(Some(a))),
        c.field("charges", parse::amount).map(|a| Val::Int(Some(a))),
        c.field("date_debut", parse::date).map(Val::text),
        c.field("date_fin", parse::optional_date).map(Val::Text),
        agency.map(Val::Int),
    ];
    let (from, to) = insurance(&mut c);
    values.extend([from, to]);
    c.done(key, values)
}

pub static ENTRY: Table = Table {
    name: "ledger_entry",
    key: "reference",
    columns: &[
        ("account_id", Kind::Int),
        ("lease_id", Kind::Int),
        ("entry_date", Kind::Text),
        ("label", Kind::Text),
        ("kind", Kind::Text),
        ("amount_cents", Kind::Int),
    ],
    on_create: nothing_more,
    keep: keep_nothing,
};

fn entry_row(src: &Source, rec: &Record, ctx: &Ctx) -> Result<Row, Vec<Refusal>> {
    let mut c = Check::new(src, rec);
    let key = c.text("reference");
    let account = c.account(ctx);
    let lease = c.lease(ctx, account);
    let values = vec![
        account.map(|a| Val::Int(Some(a))),
        lease.map(Val::Int),
        c.field("date", parse::date).map(Val::text),
        c.text("libelle").map(Val::text),
        c.field("nature", |v| {
            parse::one_of(v, &["facturation", "reglement"])
        })
        .map(Val::text),
        c.field("montant", parse::amount).map(|a| Val::Int(Some(a))),
    ];
    c.done(key, values)
}

pub static DOCUMENT: Table = Table {
    name: "document",
    key: "reference",
    columns: &[
        ("account_id", Kind::Int),
        ("kind", Kind::Text),
        ("period", Kind::Text),
        ("issued_on", Kind::Text),
        ("stored_name", Kind::Text),
        ("sha256", Kind::Text),
    ],
    on_create: || {
        vec![(
            "public_id",
            Val::text(hex::encode(rand::random::<[u8; 16]>())),
        )]
    },
    keep: keep_nothing,
};

fn document_row(src: &Source, rec: &Record, ctx: &Ctx) -> Result<Row, Vec<Refusal>> {
    let mut c = Check::new(src, rec);
    let key = c.text("reference");
    let account = c.account(ctx);
    let kind = c.field("type", |v| {
        parse::one_of(v, &["avis_echeance", "avis_regularisation"])
    });
    let period = kind.and_then(|k| c.field("periode", |v| parse::period(v, k == "avis_echeance")));
    let issued = c.field("date", parse::date);
    let stored = c.field("fichier", |v| store_pdf(ctx, required(v)?));
    let values = vec![
        account.map(|a| Val::Int(Some(a))),
        kind.map(Val::text),
        period.map(Val::text),
        issued.map(Val::text),
        stored.as_ref().map(|(name, _)| Val::text(name)),
        stored.map(|(_, sha)| Val::Text(Some(sha))),
    ];
    c.done(key, values)
}

pub static MANDATE: Table = Table {
    name: "mandate",
    key: "reference",
    columns: &[
        ("account_id", Kind::Int),
        ("lease_id", Kind::Int),
        ("rum", Kind::Text),
        ("holder", Kind::Text),
        ("iban", Kind::Text),
        ("bic", Kind::Text),
        ("bank_name", Kind::Text),
        ("debit_day", Kind::Int),
        ("status", Kind::Text),
        ("signed_on", Kind::Text),
    ],
    on_create: nothing_more,
    keep: keep_nothing,
};

/// A SEPA mandate the landlord holds. Its RUM links it to the portal's
/// request when the tenant asked for it online (`follow_mandates`).
fn mandate_row(src: &Source, rec: &Record, ctx: &Ctx) -> Result<Row, Vec<Refusal>> {
    use app::domain::{Bic, Iban, Rum};
    let mut c = Check::new(src, rec);
    let key = c.text("reference");
    let account = c.account(ctx);
    let lease = c.lease(ctx, account);
    let values = vec![
        account.map(|a| Val::Int(Some(a))),
        lease.map(Val::Int),
        c.field("rum", |v| {
            Rum::parse(v)
                .map(|r| r.as_str().to_string())
                .map_err(str::to_string)
        })
        .map(Val::text),
        c.text("titulaire").map(Val::text),
        c.field("iban", |v| Iban::parse(v).map(|i| i.as_str().to_string()))
            .map(Val::text),
        c.field("bic", |v| {
            Bic::parse(v)
                .map(|b| b.as_str().to_string())
                .map_err(str::to_string)
        })
        .map(Val::text),
        Some(Val::text(c.raw("banque"))),
        c.field("jour", |v| match v.trim() {
            "5" | "10" | "15" => Ok(v.trim().parse::<i64>().unwrap_or(5)),
            _ => Err(format!("jour « {v} » : 5, 10 ou 15 attendu")),
        })
        .map(|d| Val::Int(Some(d))),
        c.field("statut", |v| {
            parse::one_of(v, &["en_attente_signature", "actif", "revoque"])
        })
        .map(Val::text),
        c.field("date_signature", parse::optional_date)
            .map(Val::Text),
    ];
    c.done(key, values)
}

/// Copies a notice into the storage folder under its SHA-256 (the same file
/// imported twice is stored once); returns (stored name, sha256).
fn store_pdf(ctx: &Ctx, relative: &str) -> Result<(String, String), String> {
    let path = ctx.folder.join(relative);
    if relative.contains("..") || !path.starts_with(&ctx.folder) {
        return Err(format!("chemin refusé « {relative} »"));
    }
    let bytes = std::fs::read(&path).map_err(|_| format!("fichier introuvable « {relative} »"))?;
    if !bytes.starts_with(b"%PDF-") {
        return Err(format!("« {relative} » n'est pas un PDF"));
    }
    let sha = hex::encode(Sha256::digest(&bytes));
    let name = format!("{sha}.pdf");
    let target = ctx.storage.join(&name);
    if !target.exists() {
        std::fs::create_dir_all(&ctx.storage)
            .and_then(|_| std::fs::write(&target, &bytes))
            .map_err(|e| format!("copie impossible ({e})"))?;
    }
    Ok((name, sha))
}

/// In the order they are imported: later files refer to earlier ones.
pub static FILES: [FileSpec; 8] = [
    FileSpec {
        file: "agences.csv",
        columns: &[
            "code",
            "nom",
            "adresse",
            "telephone",
            "horaires",
            "lundi",
            "mardi",
            "mercredi",
            "jeudi",
            "vendredi",
            "samedi",
        ],
        table: &AGENCY,
        parse: agency_row,
    },
    FileSpec {
        file: "comptes.csv",
        columns: &["compte", "agence"],
        table: &ACCOUNT,
        parse: account_row,
    },
    FileSpec {
        file: "personnes.csv",
        columns: people::COLUMNS,
        table: &people::PERSON,
        parse: people::person_row,
    },
    FileSpec {
        file: "baux.csv",
        columns: &[
            "reference",
            "compte",
            "type",
            "libelle",
            "adresse",
            "batiment",
            "etage",
            "porte",
            "loyer",
            "charges",
            "date_debut",
            "date_fin",
            "agence",
            // assurance_debut, assurance_fin: optional (`insurance`).
        ],
        table: &LEASE,
        parse: lease_row,
    },
    FileSpec {
        file: "ecritures.csv",
        columns: &[
            "reference",
            "compte",
            "bail",
            "date",
            "libelle",
            "nature",
            "montant",
        ],
        table: &ENTRY,
        parse: entry_row,
    },
    FileSpec {
        file: "documents.csv",
        columns: &["reference", "compte", "type", "periode", "date", "fichier"],
        table: &DOCUMENT,
        parse: document_row,
    },
    FileSpec {
        file: "mandats.csv",
        columns: &[
            "reference",
            "compte",
            "bail",
            "rum",
            "titulaire",
            "iban",
            "bic",
            "banque",
            "jour",
            "statut",
            "date_signature",
        ],
        table: &MANDATE,
        parse: mandate_row,
    },
    FileSpec {
        file: "reclamations.csv",
        columns: claims::COLUMNS,
        table: &claims::CLAIM,
        parse: claims::claim_row,
    },
];
