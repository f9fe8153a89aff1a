//! The export back to the ERP (docs/export.md): what changed in the portal
//! since the last export, as CSV files the ERP's integration loads, with the
//! attachments they name under `pieces/`. `server export <dossier>` writes a
//! folder and moves the cursor; an administrator downloads the same as a ZIP
//! from Gestion (a reissue: the cursor stays).

mod files;
pub mod zip;

use crate::error::AppError;
use crate::infra::{Db, now};
use crate::uploads::Storage;
use std::path::Path;

/// One file of an export: a CSV (with its row count) or an attachment.
pub struct ExportFile {
    pub name: String,
    pub bytes: Vec<u8>,
    pub rows: Option<u64>,
}

pub struct Export {
    pub since: i64,
    pub until: i64,
    pub files: Vec<ExportFile>,
}

impl Export {
    /// "coordonnees.csv : 3 lignes" for each CSV, then the attachments.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        for f in &self.files {
            if let Some(n) = f.rows {
                out.push_str(&format!("{} : {n} ligne(s)\n", f.name));
            }
        }
        let pieces = self.files.iter().filter(|f| f.rows.is_none()).count();
        out.push_str(&format!("pieces/ : {pieces} fichier(s)\n"));
        out
    }

    fn counts_json(&self) -> String {
        let map: serde_json::Map<String, serde_json::Value> = self
            .files
            .iter()
            .filter_map(|f| f.rows.map(|n| (f.name.clone(), n.into())))
            .collect();
        serde_json::Value::Object(map).to_string()
    }
}

/// Where the incremental export starts: the end of the last one that
/// completed (reissues do not count), or the beginning.
pub async fn cursor(db: &Db) -> Result<i64, AppError> {
    let row: (Option<i64>,) =
        sqlx::query_as("SELECT MAX(until_at) FROM erp_export WHERE reissue = 0")
            .fetch_one(&db.pool)
            .await?;
    Ok(row.0.unwrap_or(0))
}

/// Everything that changed in `[since, until]`. Times are in seconds: a
/// change in the very second a run ends is carried by that run and again by
/// the next (the ERP loads rows by key, so twice is harmless); none is lost.
pub async fn build(db: &Db, storage: &Storage, since: i64, until: i64) -> Result<Export, AppError> {
    let files = files::all(db, storage, since, until).await?;
    Ok(Export {
        since,
        until,
        files,
    })
}

/// Changes of the last seconds wait for the next run: a request stamped
/// just before the run but committed just after it would otherwise be missed
/// by this run and skipped by the next.
pub const SETTLE_SECONDS: i64 = 30;

/// Notes a completed run; a normal one moves the cursor to its `until`.
pub async fn record(db: &Db, export: &Export, reissue: bool) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO erp_export (since_at, until_at, reissue, counts, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(export.since)
    .bind(export.until)
    .bind(reissue as i64)
    .bind(export.counts_json())
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// `server export <dossier> [--depuis]`: builds, writes the folder whole
/// (into a sibling first, then renamed, so the ERP never reads half an
/// export), and only then moves the cursor. A run that fails anywhere
/// leaves the cursor where it was. `Err` is a French reason.
pub async fn to_folder(
    db: &Db,
    storage: &Storage,
    folder: &Path,
    since: Option<i64>,
) -> Result<Export, String> {
    let technical = |e: AppError| format!("erreur technique ({e:?})");
    if folder.exists() && std::fs::read_dir(folder).map_or(true, |mut d| d.next().is_some()) {
        return Err(format!(
            "le dossier {} existe et n'est pas vide : donnez un dossier nouveau pour chaque export",
            folder.display()
        ));
    }
    let until = now() - SETTLE_SECONDS;
    let from = match since {
        Some(s) => s,
        None => cursor(db).await.map_err(technical)?,
    };
    let export = build(db, storage, from, until).await.map_err(technical)?;
    write_whole(folder, &export.files).map_err(|e| format!("écriture impossible : {e}"))?;
    record(db, &export, since.is_some())
        .await
        .map_err(technical)?;
    Ok(export)
}

/// Owner-only: the files hold IBANs, certificates and phone numbers.
fn write_whole(folder: &Path, files: &[ExportFile]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    let name = folder
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "export".into());
    let partial = folder.with_file_name(format!(".{name}.partiel"));
    let _ = std::fs::remove_dir_all(&partial);
    let written = (|| {
        let mut dirs = std::fs::DirBuilder::new();
        dirs.recursive(true)
            .mode(0o700)
            .create(partial.join("pieces"))?;
        for f in files {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(partial.join(&f.name))?
                .write_all(&f.bytes)?;
        }
        if folder.exists() {
            std::fs::remove_dir(folder)?;
        }
        std::fs::rename(&partial, folder)
    })();
    if written.is_err() {
        let _ = std::fs::remove_dir_all(&partial);
    }
    written
}

/// `--depuis jj/mm/aaaa`: the start of that day in Paris.
pub fn day_start(french: &str) -> Result<i64, String> {
    use chrono::TimeZone;
    let day = chrono::NaiveDate::parse_from_str(french.trim(), "%d/%m/%Y")
        .map_err(|_| format!("date invalide « {french} » (jj/mm/aaaa attendu)"))?;
    chrono_tz::Europe::Paris
        .from_local_datetime(&day.and_hms_opt(0, 0, 0).unwrap_or_default())
        .earliest()
        .map(|t| t.timestamp())
        .ok_or_else(|| format!("date invalide « {french} »"))
}
