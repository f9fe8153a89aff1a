//! The CSV files of an export, each the rows that changed in `[since,
//! until]`, in the import's conventions (`;`, dates jj/mm/aaaa, amounts with
//! a decimal comma, UTF-8), keyed by what the ERP already knows (person and
//! lease references, account numbers, the portal's request numbers).

use super::ExportFile;
use crate::error::AppError;
use crate::infra::Db;
use crate::infra::french_date;
use crate::requests::number_label;
use crate::uploads::Storage;

fn day(ts: i64) -> String {
    crate::infra::paris_day(ts).format("%d/%m/%Y").to_string()
}

fn euros(cents: i64) -> String {
    format!("{},{:02}", cents / 100, cents % 100)
}

/// A CSV being written: header first, then rows.
struct Csv {
    name: &'static str,
    writer: csv::Writer<Vec<u8>>,
    rows: u64,
}

impl Csv {
    fn new(name: &'static str, header: &[&str]) -> Self {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(vec![]);
        let _ = writer.write_record(header);
        Csv {
            name,
            writer,
            rows: 0,
        }
    }

    fn row(&mut self, cells: &[String]) {
        if self.writer.write_record(cells).is_ok() {
            self.rows += 1;
        }
    }

    fn done(self) -> ExportFile {
        ExportFile {
            name: self.name.to_string(),
            bytes: self.writer.into_inner().unwrap_or_default(),
            rows: Some(self.rows),
        }
    }
}

/// What a tenant typed, made safe if a person opens the file in a
/// spreadsheet (a leading `=`, `+`, `-`, `@` is what it runs as a formula).
fn typed(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

pub async fn all(
    db: &Db,
    storage: &Storage,
    since: i64,
    until: i64,
) -> Result<Vec<ExportFile>, AppError> {
    let mut pieces = vec![];
    let mut out = vec![
        contact_details(db, since, until).await?,
        insurance(db, storage, since, until, &mut pieces).await?,
        direct_debit(db, since, until).await?,
        payments(db, since, until).await?,
        requests(db, storage, since, until, &mut pieces).await?,
    ];
    out.extend(pieces);
    Ok(out)
}

/// Accepted changes of phones and situations: the person's row as it now is.
async fn contact_details(db: &Db, since: i64, until: i64) -> Result<ExportFile, AppError> {
    type Row = (
        i64,
        String,
        i64,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.number, r.area, e.created_at, p.reference, a.number, p.phone_home,
                p.phone_mobile, p.phone_work, p.family_situation, p.occupation_category, p.profession
         FROM request_event e JOIN tenant_request r ON r.id = e.request_id
         JOIN tenant_login t ON t.id = r.login_id JOIN person p ON p.id = t.person_id
         JOIN client_account a ON a.id = r.account_id
         WHERE e.status = 'acceptee' AND e.created_at >= $1 AND e.created_at <= $2
           AND r.area IN ('coordonnees', 'situation_familiale', 'situation_professionnelle')
         ORDER BY e.id",
    )
    .bind(since)
    .bind(until)
    .fetch_all(&db.pool)
    .await?;
    let mut csv = Csv::new(
        "coordonnees.csv",
        &[
            "reference",
            "compte",
            "demande",
            "nature",
            "date_acceptation",
            "telephone_domicile",
            "telephone_mobile",
            "telephone_travail",
            "situation_familiale",
            "categorie_socio_professionnelle",
            "profession",
        ],
    );
    for (number, area, at, person, account, home, mobile, work, family, category, job) in rows {
        csv.row(&[
            person,
            account,
            number_label(number),
            area,
            day(at),
            home,
            mobile,
            work,
            family,
            category,
            typed(&job),
        ]);
    }
    Ok(csv.done())
}

/// Copies a request's attachments under `pieces/` and names them.
async fn attach(
    db: &Db,
    storage: &Storage,
    request_id: i64,
    prefix: &str,
    pieces: &mut Vec<ExportFile>,
) -> Result<String, AppError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT stored_name, display_name FROM request_attachment WHERE request_id = $1 ORDER BY id",
    )
    .bind(request_id)
    .fetch_all(&db.pool)
    .await?;
    let mut names = vec![];
    for (i, (stored, shown)) in rows.into_iter().enumerate() {
        let extension = shown.rsplit_once('.').map(|(_, e)| e).unwrap_or("bin");
        let name = format!("pieces/{prefix}-{}.{}", i + 1, extension.to_lowercase());
        // A file the storage lost must not hold every later export back:
        // the row says so, the rest goes.
        match storage.get(&stored).await {
            Ok(bytes) => {
                pieces.push(ExportFile {
                    name: name.clone(),
                    bytes,
                    rows: None,
                });
                names.push(name);
            }
            Err(e) => {
                tracing::error!(request_id, file = %stored, error = %e, "export: attachment missing from storage");
                names.push(format!("{name} (manquant)"));
            }
        }
    }
    Ok(names.join(" | "))
}

/// Certificates the landlord's staff validated: the lease, the period, the file.
async fn insurance(
    db: &Db,
    storage: &Storage,
    since: i64,
    until: i64,
    pieces: &mut Vec<ExportFile>,
) -> Result<ExportFile, AppError> {
    let rows: Vec<(i64, i64, i64, String, String, String)> = sqlx::query_as(
        "SELECT r.id, r.number, e.created_at, l.reference, a.number, r.payload
         FROM request_event e JOIN tenant_request r ON r.id = e.request_id
         JOIN lease l ON l.id = r.lease_id JOIN client_account a ON a.id = r.account_id
         WHERE e.status = 'acceptee' AND r.area = 'assurance'
           AND e.created_at >= $1 AND e.created_at <= $2
         ORDER BY e.id",
    )
    .bind(since)
    .bind(until)
    .fetch_all(&db.pool)
    .await?;
    let mut csv = Csv::new(
        "assurances.csv",
        &[
            "bail",
            "compte",
            "demande",
            "date_validation",
            "assurance_debut",
            "assurance_fin",
            "fichiers",
        ],
    );
    for (id, number, at, lease, account, payload) in rows {
        let p: serde_json::Value = serde_json::from_str(&payload).unwrap_or_default();
        let date = |k: &str| french_date(p[k].as_str().unwrap_or_default());
        let label = number_label(number);
        let files = attach(db, storage, id, &format!("assurance-{label}"), pieces).await?;
        csv.row(&[
            lease,
            account,
            label,
            day(at),
            date("du"),
            date("au"),
            files,
        ]);
    }
    Ok(csv.done())
}

/// Direct-debit requests whose status changed: set up (with the new
/// mandate's RUM, IBAN, BIC and day once activated) or stopped.
async fn direct_debit(db: &Db, since: i64, until: i64) -> Result<ExportFile, AppError> {
    type Row = (
        i64,
        String,
        String,
        String,
        Option<String>,
        String,
        String,
        String,
        Option<i64>,
        i64,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.id, a.number, r.kind, r.status, r.rum, r.holder, r.iban, r.bic, r.debit_day, r.updated_at
         FROM direct_debit_request r JOIN client_account a ON a.id = r.account_id
         WHERE r.updated_at >= $1 AND r.updated_at <= $2 ORDER BY r.id",
    )
    .bind(since)
    .bind(until)
    .fetch_all(&db.pool)
    .await?;
    let mut csv = Csv::new(
        "prelevements.csv",
        &[
            "demande",
            "compte",
            "baux",
            "nature",
            "statut",
            "rum",
            "titulaire",
            "iban",
            "bic",
            "jour",
            "date",
        ],
    );
    for (id, account, kind, status, rum, holder, iban, bic, debit_day, at) in rows {
        // Bank details travel only for a mandate the landlord now holds.
        let active = status == "activee";
        let bank = |v: String| if active { v } else { String::new() };
        let leases: Vec<(String,)> = sqlx::query_as(
            "SELECT l.reference FROM direct_debit_request_lease d JOIN lease l ON l.id = d.lease_id
             WHERE d.request_id = $1 ORDER BY l.reference",
        )
        .bind(id)
        .fetch_all(&db.pool)
        .await?;
        let leases: Vec<String> = leases.into_iter().map(|l| l.0).collect();
        csv.row(&[
            crate::payment::request_number(id),
            account,
            leases.join(","),
            kind,
            status,
            rum.unwrap_or_default(),
            bank(typed(&holder)),
            bank(iban),
            bank(bic),
            debit_day.map(|d| d.to_string()).unwrap_or_default(),
            day(at),
        ]);
    }
    Ok(csv.done())
}

/// Card payments the bank accepted, under the ledger reference the import
/// recognises (`PORTAIL-PAIEMENT-<demande>`), so none is counted twice.
async fn payments(db: &Db, since: i64, until: i64) -> Result<ExportFile, AppError> {
    type Row = (i64, String, i64, i64, Option<String>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT p.id, a.number, p.amount_cents, p.updated_at, p.authorisation, p.bank_reference
         FROM payment p JOIN client_account a ON a.id = p.account_id
         WHERE p.status = 'accepte' AND p.updated_at >= $1 AND p.updated_at <= $2 ORDER BY p.id",
    )
    .bind(since)
    .bind(until)
    .fetch_all(&db.pool)
    .await?;
    let mut csv = Csv::new(
        "paiements.csv",
        &[
            "reference",
            "compte",
            "date",
            "montant",
            "demande",
            "autorisation",
            "transaction",
        ],
    );
    for (id, account, cents, at, authorisation, bank) in rows {
        let number = crate::payment::request_number(id);
        csv.row(&[
            format!("PORTAIL-PAIEMENT-{number}"),
            account,
            day(at),
            euros(cents),
            number,
            authorisation.unwrap_or_default(),
            bank.unwrap_or_default(),
        ]);
    }
    Ok(csv.done())
}

/// Requests (Nous contacter) and claims whose status or content changed.
async fn requests(
    db: &Db,
    storage: &Storage,
    since: i64,
    until: i64,
    pieces: &mut Vec<ExportFile>,
) -> Result<ExportFile, AppError> {
    type Row = (
        i64,
        i64,
        String,
        String,
        Option<String>,
        i64,
        String,
        String,
        String,
        i64,
        String,
        i64,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.id, r.number, r.area, a.number, l.reference, r.created_at, r.subject, r.place,
                r.body, r.emergency, r.status, r.updated_at
         FROM tenant_request r JOIN client_account a ON a.id = r.account_id
         LEFT JOIN lease l ON l.id = r.lease_id
         WHERE r.area IN ('demande', 'reclamation') AND r.updated_at >= $1 AND r.updated_at <= $2
         ORDER BY r.id",
    )
    .bind(since)
    .bind(until)
    .fetch_all(&db.pool)
    .await?;
    let mut csv = Csv::new(
        "demandes.csv",
        &[
            "numero",
            "nature",
            "compte",
            "bail",
            "date",
            "objet",
            "lieu",
            "description",
            "urgence",
            "statut",
            "date_statut",
            "fichiers",
        ],
    );
    for (id, number, area, account, lease, created, subject, place, body, urgent, status, at) in
        rows
    {
        let label = number_label(number);
        let files = attach(db, storage, id, &format!("{area}-{label}"), pieces).await?;
        csv.row(&[
            label,
            area,
            account,
            lease.unwrap_or_default(),
            day(created),
            typed(&subject),
            typed(&place),
            typed(&body),
            if urgent != 0 { "oui" } else { "non" }.into(),
            status,
            day(at),
            files,
        ]);
    }
    Ok(csv.done())
}
