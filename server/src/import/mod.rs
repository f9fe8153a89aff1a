//! `server import <folder>`: loads an export of the landlord's ERP (CSV files
//! and PDF notices, docs/import.md) into the portal's database. All or
//! nothing: one bad row anywhere and nothing is changed, and the report lists
//! every bad row. Importing the same files twice changes nothing.

mod files;
mod landlord;
mod parse;
mod reader;
mod source;
mod store;

use app::infra::Db;
use files::{Ctx, FILES, FileSpec};
use indicatif::{ProgressBar, ProgressStyle};
use reader::Parsed;
use source::Source;
use std::collections::HashSet;
use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::path::Path;
use store::{Counts, Row, Tx, Val};

/// Rows written per statement. Measured on 246,000 rows into SQLite: 50 rows
/// 3.9 s, 100 rows 3.4 s, 200 rows 5.4 s, 500 rows 9.9 s, 1000 rows 16.6 s
/// (the cost of a statement grows faster than its rows).
const BATCH: usize = 100;

pub struct BadRow {
    pub file: String,
    pub line: u64,
    pub column: String,
    pub reason: String,
}

impl fmt::Display for BadRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file, self.line, self.column, self.reason
        )
    }
}

#[derive(Default)]
pub struct FileReport {
    pub file: String,
    pub encoding: &'static str,
    pub separator: char,
    pub read: u64,
    pub counts: Counts,
    pub refused: u64,
    /// Leases gone from a full export: closed, their history kept.
    pub closed: u64,
}

#[derive(Default)]
pub struct Report {
    pub files: Vec<FileReport>,
    pub bad_rows: Vec<BadRow>,
    pub committed: bool,
}

/// Imports `folder`; notices are copied into `storage`. `Err` is an
/// infrastructure failure (database unreachable…), already logged.
pub async fn run(db: &Db, folder: &Path, storage: &Path, progress: bool) -> Result<Report, String> {
    if !folder.is_dir() {
        return Err(format!("le dossier {} n'existe pas", folder.display()));
    }
    let infra = |e: sqlx::Error| {
        tracing::error!(error = %e, "import: database");
        format!("erreur de la base de données : {e}")
    };
    let mut tx: Tx = db.begin_writing().await.map_err(infra)?;
    let mut report = Report::default();
    landlord::import(&mut tx, folder, storage, &mut report)
        .await
        .map_err(infra)?;
    let mut ctx = load_context(&mut tx, folder, storage)
        .await
        .map_err(infra)?;
    for spec in &FILES {
        let path = folder.join(spec.file);
        if path.exists() {
            let file = import_file(&mut tx, spec, &path, &mut ctx, &mut report, progress).await;
            report.files.push(file.map_err(infra)?);
        }
    }
    if report.bad_rows.is_empty() {
        follow_mandates(&mut tx).await.map_err(infra)?;
        tx.commit().await.map_err(infra)?;
        report.committed = true;
        if db.engine == app::infra::db::Engine::Sqlite {
            // A big import leaves a WAL as large as the data: fold it back now.
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&db.pool)
                .await
                .map_err(infra)?;
        }
    } else {
        tx.rollback().await.map_err(infra)?;
    }
    Ok(report)
}

/// A tenant's online request whose RUM the ERP now holds as an active mandate
/// is done: its Avancement becomes « activée », and its leases are free for a
/// later request. A mandate still waiting for its signature means the signed
/// form has not arrived yet; the back office says « mandat reçu ».
async fn follow_mandates(tx: &mut Tx) -> Result<(), sqlx::Error> {
    let t = app::infra::now();
    let done: Vec<(i64,)> = sqlx::query_as(
        "SELECT r.id FROM direct_debit_request r JOIN mandate m ON m.rum = r.rum
         WHERE m.status = 'actif' AND r.status IN ('envoyee', 'mandat_recu')",
    )
    .fetch_all(&mut **tx)
    .await?;
    for (id,) in done {
        sqlx::query(
            "UPDATE direct_debit_request SET status = 'activee', updated_at = $2 WHERE id = $1",
        )
        .bind(id)
        .bind(t)
        .execute(&mut **tx)
        .await?;
        sqlx::query(
            "UPDATE direct_debit_request_lease SET open_lease = NULL WHERE request_id = $1",
        )
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn load_context(tx: &mut Tx, folder: &Path, storage: &Path) -> Result<Ctx, sqlx::Error> {
    let agencies: Vec<(String, i64)> = sqlx::query_as("SELECT code, id FROM agency")
        .fetch_all(&mut **tx)
        .await?;
    let accounts: Vec<(String, i64)> = sqlx::query_as("SELECT number, id FROM client_account")
        .fetch_all(&mut **tx)
        .await?;
    let leases: Vec<(String, i64, i64)> =
        sqlx::query_as("SELECT reference, id, account_id FROM lease")
            .fetch_all(&mut **tx)
            .await?;
    let claims: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT number, id, account_id FROM tenant_request WHERE area = 'reclamation'",
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(Ctx {
        portal_claims: claims
            .into_iter()
            .map(|(n, id, a)| (app::requests::number_label(n), (id, a)))
            .collect(),
        agencies: agencies.into_iter().collect(),
        accounts: accounts.into_iter().collect(),
        leases: leases.into_iter().map(|(r, id, a)| (r, (id, a))).collect(),
        folder: folder.to_path_buf(),
        storage: storage.to_path_buf(),
    })
}

/// Keys already seen in this file, kept as two independent 64-bit hashes:
/// 15 million ledger keys fit in a few hundred megabytes.
struct SeenKeys(RandomState, RandomState, HashSet<u128>);

impl SeenKeys {
    fn new() -> Self {
        SeenKeys(RandomState::new(), RandomState::new(), HashSet::new())
    }
    fn hash(&self, key: &str) -> u128 {
        ((self.0.hash_one(key) as u128) << 64) | self.1.hash_one(key) as u128
    }
    fn insert(&mut self, key: &str) -> bool {
        let h = self.hash(key);
        self.2.insert(h)
    }
    fn contains(&self, key: &str) -> bool {
        self.2.contains(&self.hash(key))
    }
}

async fn import_file(
    tx: &mut Tx,
    spec: &'static FileSpec,
    path: &Path,
    ctx: &mut Ctx,
    report: &mut Report,
    progress: bool,
) -> Result<FileReport, sqlx::Error> {
    let mut out = FileReport {
        file: spec.file.to_string(),
        ..Default::default()
    };
    let bad = |line: u64, column: &str, reason: String| BadRow {
        file: spec.file.to_string(),
        line,
        column: column.to_string(),
        reason,
    };
    let src = match Source::open(path) {
        Ok(src) => src,
        Err(reason) => {
            report.bad_rows.push(bad(1, "fichier", reason));
            return Ok(out);
        }
    };
    out.encoding = src.encoding.name();
    out.separator = src.separator;
    let missing = src.missing_columns(spec.columns);
    if !missing.is_empty() {
        for col in missing {
            report
                .bad_rows
                .push(bad(1, &col, "colonne manquante".into()));
        }
        return Ok(out);
    }
    // A table still empty needs no lookup of existing keys (a first import).
    let empty = store::is_empty(tx, spec.table).await?;
    let bar = progress_bar(progress, spec.file, src.size);
    let mut seen = SeenKeys::new();
    let mut batch: Vec<Row> = Vec::with_capacity(BATCH);
    let (reader, mut parsed) = reader::spawn(src, spec, ctx.clone());
    while let Some(chunk) = parsed.recv().await {
        for item in chunk.items {
            out.read += 1;
            match item {
                Parsed::Unreadable(line, reason) => {
                    report.bad_rows.push(bad(line, "ligne", reason))
                }
                Parsed::Refused(line, refusals) => {
                    out.refused += 1;
                    for (col, reason) in refusals {
                        report.bad_rows.push(bad(line, &col, reason));
                    }
                }
                Parsed::Row(line, row) if !seen.insert(&row.key) => {
                    out.refused += 1;
                    let reason = format!("« {} » figure déjà plus haut dans le fichier", row.key);
                    report.bad_rows.push(bad(line, spec.columns[0], reason));
                }
                Parsed::Row(_, row) => {
                    batch.push(row);
                    if batch.len() == BATCH {
                        flush(tx, spec, &mut batch, ctx, &mut out.counts, empty).await?;
                    }
                }
            }
        }
        bar.set_position(chunk.position);
    }
    reader.finish();
    flush(tx, spec, &mut batch, ctx, &mut out.counts, empty).await?;
    bar.finish_and_clear();
    if spec.file == "baux.csv" && out.refused == 0 {
        out.closed = close_missing_leases(tx, ctx, &seen).await?;
    }
    Ok(out)
}

fn progress_bar(show: bool, file: &str, size: u64) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    // Drawn on stderr only when it is a terminal.
    let bar = ProgressBar::new(size).with_message(file.to_string());
    if let Ok(style) = ProgressStyle::with_template(
        "{msg:>15} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, reste {eta})",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

async fn flush(
    tx: &mut Tx,
    spec: &FileSpec,
    batch: &mut Vec<Row>,
    ctx: &mut Ctx,
    counts: &mut Counts,
    table_was_empty: bool,
) -> Result<(), sqlx::Error> {
    let rows = std::mem::take(batch);
    // Leases: remember their account before the rows are consumed.
    let owners: Vec<(String, Option<i64>)> = match spec.file {
        "baux.csv" => rows
            .iter()
            .map(|r| match r.values.first() {
                Some(Val::Int(a)) => (r.key.clone(), *a),
                _ => (r.key.clone(), None),
            })
            .collect(),
        _ => Vec::new(),
    };
    // Only the ids of the files below are referred to by later files.
    let want_ids = matches!(spec.file, "agences.csv" | "comptes.csv" | "baux.csv");
    let ids = store::write(tx, spec.table, rows, counts, table_was_empty, want_ids).await?;
    match spec.file {
        "agences.csv" => ctx.agencies.extend(ids),
        "comptes.csv" => ctx.accounts.extend(ids),
        "baux.csv" => {
            for (key, owner) in owners {
                if let (Some(id), Some(owner)) = (ids.get(&key), owner) {
                    ctx.leases.insert(key, (*id, owner));
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// A full export no longer lists a lease: it has ended. It is closed (end
/// date = today) rather than deleted, so its ledger and notices stay.
async fn close_missing_leases(tx: &mut Tx, ctx: &Ctx, seen: &SeenKeys) -> Result<u64, sqlx::Error> {
    let open: Vec<(String,)> = sqlx::query_as("SELECT reference FROM lease WHERE end_date IS NULL")
        .fetch_all(&mut **tx)
        .await?;
    let today = app::infra::today().format("%Y-%m-%d").to_string();
    let mut closed = 0;
    for (reference,) in open
        .into_iter()
        .filter(|(r,)| !seen.contains(r) && ctx.leases.contains_key(r))
    {
        sqlx::query("UPDATE lease SET end_date = $1 WHERE reference = $2")
            .bind(&today)
            .bind(&reference)
            .execute(&mut **tx)
            .await?;
        closed += 1;
    }
    Ok(closed)
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for r in &self.files {
            if r.encoding.is_empty() {
                continue;
            }
            write!(
                f,
                "{} : {}, séparateur « {} » ; {} lignes lues : {} créées, {} modifiées, {} inchangées, {} refusées",
                r.file,
                r.encoding,
                r.separator,
                r.read,
                r.counts.created,
                r.counts.updated,
                r.counts.unchanged,
                r.refused
            )?;
            if r.closed > 0 {
                write!(f, ", {} baux absents clos", r.closed)?;
            }
            writeln!(f)?;
        }
        for bad in &self.bad_rows {
            writeln!(f, "{bad}")?;
        }
        if self.committed {
            writeln!(f, "Import terminé.")
        } else {
            writeln!(
                f,
                "Import annulé : {} erreur(s), rien n'a été modifié dans la base.",
                self.bad_rows.len()
            )
        }
    }
}
