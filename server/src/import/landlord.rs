//! `bailleur.csv`: the landlord itself (one row: name, head-office address,
//! phone), printed on every PDF and shown in Nous contacter.

use super::source::Source;
use super::store::Tx;
use super::{BadRow, FileReport, Report};
use std::path::Path;

const FILE: &str = "bailleur.csv";
const COLUMNS: [&str; 3] = ["nom", "adresse", "telephone"];

pub async fn import(tx: &mut Tx, folder: &Path, report: &mut Report) -> Result<(), sqlx::Error> {
    let path = folder.join(FILE);
    if !path.exists() {
        return Ok(());
    }
    let bad = |line: u64, column: &str, reason: &str| BadRow {
        file: FILE.into(),
        line,
        column: column.into(),
        reason: reason.into(),
    };
    let mut src = match Source::open(&path) {
        Ok(src) => src,
        Err(reason) => {
            report.bad_rows.push(bad(1, "fichier", &reason));
            return Ok(());
        }
    };
    let mut out = FileReport {
        file: FILE.into(),
        encoding: src.encoding.name(),
        separator: src.separator,
        ..Default::default()
    };
    for col in src.missing_columns(&COLUMNS) {
        report.bad_rows.push(bad(1, &col, "colonne manquante"));
    }
    let Some(Ok(rec)) = src.next() else {
        report.bad_rows.push(bad(
            2,
            "ligne",
            "le bailleur est décrit sur la deuxième ligne",
        ));
        report.files.push(out);
        return Ok(());
    };
    out.read = 1;
    let values: Vec<&str> = COLUMNS.iter().map(|c| src.get(&rec, c)).collect();
    if let Some(i) = values.iter().position(|v| v.is_empty()) {
        report
            .bad_rows
            .push(bad(rec.line, COLUMNS[i], "valeur manquante"));
        out.refused = 1;
        report.files.push(out);
        return Ok(());
    }
    let current: Option<(String, String, String)> =
        sqlx::query_as("SELECT name, address, phone FROM landlord WHERE id = 1")
            .fetch_optional(&mut **tx)
            .await?;
    let new = (
        values[0].to_string(),
        values[1].to_string(),
        values[2].to_string(),
    );
    match current {
        Some(c) if c == new => out.counts.unchanged = 1,
        Some(_) => {
            sqlx::query("UPDATE landlord SET name = $1, address = $2, phone = $3 WHERE id = 1")
                .bind(&new.0)
                .bind(&new.1)
                .bind(&new.2)
                .execute(&mut **tx)
                .await?;
            out.counts.updated = 1;
        }
        None => {
            sqlx::query("INSERT INTO landlord (id, name, address, phone) VALUES (1, $1, $2, $3)")
                .bind(&new.0)
                .bind(&new.1)
                .bind(&new.2)
                .execute(&mut **tx)
                .await?;
            out.counts.created = 1;
        }
    }
    report.files.push(out);
    Ok(())
}
