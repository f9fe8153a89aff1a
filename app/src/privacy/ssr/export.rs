//! Mes données (RGPD art. 15 and 20): everything the portal holds about a
//! login and its account, as one ZIP: `donnees.json` (every table's rows for
//! this account, column by column, so a new column is never forgotten), a
//! `LISEZMOI.txt`, the notices, the attachments and a statement of the last
//! twelve months. Built in the background into the storage (it may hold
//! hundreds of attachments), downloadable by its own login only.
use crate::auth::ssr::queries::Tenant;
use crate::error::AppError;
use crate::infra::{AppState, Db, now, today};
use serde_json::{Map, Value};
use sqlx::{Column, Row};
use std::io::Write;

/// (section of donnees.json, query): `$1` is the account, `$2` the login.
/// The login's password hash is the one thing left out.
const SECTIONS: [(&str, &str); 16] = [
    (
        "identifiant",
        "SELECT email, created_at, activated_at FROM tenant_login WHERE id = $2 AND $1 = $1",
    ),
    (
        "vous",
        "SELECT p.* FROM person p JOIN tenant_login t ON t.person_id = p.id WHERE t.id = $2 AND $1 = $1",
    ),
    (
        "foyer",
        "SELECT role, last_name, first_name FROM person WHERE account_id = $1 AND $2 = $2 ORDER BY id",
    ),
    (
        "compte",
        "SELECT a.number, g.name AS agence, g.address AS adresse_agence FROM client_account a JOIN agency g ON g.id = a.agency_id WHERE a.id = $1 AND $2 = $2",
    ),
    (
        "baux",
        "SELECT * FROM lease WHERE account_id = $1 AND $2 = $2 ORDER BY id",
    ),
    (
        "ecritures",
        "SELECT * FROM ledger_entry WHERE account_id = $1 AND $2 = $2 ORDER BY entry_date, id",
    ),
    (
        "avis",
        "SELECT public_id, kind, period, issued_on FROM document WHERE account_id = $1 AND $2 = $2 ORDER BY period",
    ),
    (
        "paiements",
        "SELECT * FROM payment WHERE account_id = $1 AND $2 = $2 ORDER BY id",
    ),
    (
        "mandats",
        "SELECT * FROM mandate WHERE account_id = $1 AND $2 = $2 ORDER BY id",
    ),
    (
        "demandes_de_prelevement",
        "SELECT * FROM direct_debit_request WHERE account_id = $1 AND $2 = $2 ORDER BY id",
    ),
    (
        "demandes",
        "SELECT * FROM tenant_request WHERE account_id = $1 AND $2 = $2 ORDER BY id",
    ),
    (
        "messages",
        "SELECT m.* FROM request_message m JOIN tenant_request r ON r.id = m.request_id WHERE r.account_id = $1 AND $2 = $2 ORDER BY m.id",
    ),
    (
        "historique_des_demandes",
        "SELECT e.* FROM request_event e JOIN tenant_request r ON r.id = e.request_id WHERE r.account_id = $1 AND $2 = $2 ORDER BY e.id",
    ),
    (
        "pieces_jointes",
        "SELECT f.public_id, f.request_id, f.doc_type, f.display_name, f.mime, f.size_bytes, f.created_at FROM request_attachment f JOIN tenant_request r ON r.id = f.request_id WHERE r.account_id = $1 AND $2 = $2 ORDER BY f.id",
    ),
    (
        "reclamations_agence",
        "SELECT * FROM erp_claim WHERE account_id = $1 AND $2 = $2 ORDER BY id",
    ),
    (
        "journal",
        "SELECT action, detail, at FROM audit_log WHERE account_id = $1 AND $2 = $2 ORDER BY id",
    ),
];

const README: &str = "Copie de vos données - Espace Locataire\n\
=======================================\n\n\
Ce dossier contient tout ce que l'Espace Locataire conserve sur votre accès et votre compte client\n\
(article 15 et 20 du RGPD).\n\n\
- donnees.json : vos données, par rubrique (identifiant, vous, foyer, compte, baux, écritures du compte,\n\
  avis, paiements, mandats et demandes de prélèvement, demandes et leurs messages, réclamations\n\
  enregistrées par votre agence, journal des actions sur votre compte). Les dates *_at sont en secondes\n\
  depuis le 01/01/1970 (UTC), les autres au format AAAA-MM-JJ ; les montants en centimes d'euro.\n\
- releve-de-compte.pdf : le relevé de votre compte sur les douze derniers mois.\n\
- avis/ : vos avis d'échéance et de régularisation.\n\
- pieces-jointes/ : les documents que vous avez envoyés.\n\n\
Votre mot de passe n'y figure pas : il n'est conservé que sous une forme chiffrée irréversible.\n";

/// Every section's rows, for one account and login.
pub async fn data(db: &Db, account_id: i64, login_id: i64) -> Result<Value, AppError> {
    let mut out = Map::new();
    out.insert("genere_le".into(), Value::from(now()));
    for (name, sql) in SECTIONS {
        let rows = sqlx::query(sql)
            .bind(account_id)
            .bind(login_id)
            .fetch_all(&db.pool)
            .await?;
        out.insert(
            name.into(),
            Value::Array(rows.iter().map(row_json).collect()),
        );
    }
    Ok(Value::Object(out))
}

/// A row as a JSON object, whatever its columns' types on either engine.
fn row_json(row: &sqlx::any::AnyRow) -> Value {
    let mut m = Map::new();
    for (i, col) in row.columns().iter().enumerate() {
        let v = if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
            Value::from(v)
        } else if let Ok(v) = row.try_get::<Option<i32>, _>(i) {
            Value::from(v)
        } else if let Ok(v) = row.try_get::<Option<String>, _>(i) {
            Value::from(v)
        } else if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
            Value::from(v)
        } else if let Ok(v) = row.try_get::<Option<bool>, _>(i) {
            Value::from(v)
        } else {
            Value::Null
        };
        m.insert(col.name().to_string(), v);
    }
    Value::Object(m)
}

/// The whole ZIP, in memory on a blocking thread's side: JSON, README, PDFs.
pub async fn build(st: &AppState, tenant: &Tenant) -> Result<Vec<u8>, AppError> {
    let json = data(&st.db, tenant.account_id, tenant.login_id).await?;
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("LISEZMOI.txt".into(), README.as_bytes().to_vec()),
        (
            "donnees.json".into(),
            serde_json::to_vec_pretty(&json).map_err(|e| AppError::internal("data json", e))?,
        ),
    ];
    let to = today();
    let from = to - chrono::Days::new(365);
    files.push((
        "releve-de-compte.pdf".into(),
        crate::account::statement::build(st, tenant, from, to).await?,
    ));
    files.extend(notices(st, tenant.account_id).await?);
    files.extend(attachments(st, tenant.account_id).await?);
    tokio::task::spawn_blocking(move || zip(files))
        .await
        .map_err(|e| AppError::internal("data zip task", e))?
}

async fn notices(st: &AppState, account_id: i64) -> Result<Vec<(String, Vec<u8>)>, AppError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT stored_name, kind, period FROM document WHERE account_id = $1 ORDER BY period",
    )
    .bind(account_id)
    .fetch_all(&st.db.pool)
    .await?;
    let mut out = vec![];
    for (stored, kind, period) in rows {
        match tokio::fs::read(st.settings.documents_dir.join(&stored)).await {
            Ok(bytes) => out.push((
                format!("avis/{}-{period}.pdf", kind.replace('_', "-")),
                bytes,
            )),
            Err(e) => tracing::warn!(file = %stored, error = %e, "data copy: notice missing"),
        }
    }
    Ok(out)
}

async fn attachments(st: &AppState, account_id: i64) -> Result<Vec<(String, Vec<u8>)>, AppError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT f.public_id, f.display_name, f.stored_name FROM request_attachment f
         JOIN tenant_request r ON r.id = f.request_id WHERE r.account_id = $1 ORDER BY f.id",
    )
    .bind(account_id)
    .fetch_all(&st.db.pool)
    .await?;
    let mut out = vec![];
    for (public_id, name, stored) in rows {
        match st.settings.storage.get(&stored).await {
            // The public id first: two files may share a display name.
            Ok(bytes) => out.push((format!("pieces-jointes/{public_id}-{name}"), bytes)),
            Err(e) => tracing::warn!(file = %stored, error = %e, "data copy: attachment missing"),
        }
    }
    Ok(out)
}

fn zip(files: Vec<(String, Vec<u8>)>) -> Result<Vec<u8>, AppError> {
    let mut w = ::zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = ::zip::write::SimpleFileOptions::default()
        .compression_method(::zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        w.start_file(name, opts)
            .map_err(|e| AppError::internal("data zip", e))?;
        w.write_all(&bytes)
            .map_err(|e| AppError::internal("data zip", e))?;
    }
    let cursor = w.finish().map_err(|e| AppError::internal("data zip", e))?;
    Ok(cursor.into_inner())
}
